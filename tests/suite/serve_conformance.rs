//! `oauthctl serve` against the parameters a relying party sends (OpenID Connect Core
//! 3.1.2.1, the response mode specifications, RFC 8707, RFC 7662, RFC 9110's 401), each
//! refusal checked for the reason it names.

use crate::common;

use std::time::Duration;

use common::serve_client::*;
use oauthctl::b64;
use oauthctl::server::config;
use serde_json::Value;

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&b64::decode(payload).unwrap()).unwrap()
}

/// The standard code request of `authorize_path` with `extra` parameters added (a name
/// already there is replaced; an empty value removes it).
fn authorize_with(client: &str, extra: &[(&str, &str)]) -> String {
    let (_, challenge) = pkce();
    let mut params: Vec<(String, String)> = vec![
        ("response_type".into(), "code".into()),
        ("client_id".into(), client.into()),
        ("redirect_uri".into(), REDIRECT.into()),
        ("scope".into(), "openid".into()),
        ("state".into(), "st4te".into()),
        ("nonce".into(), "n0nce".into()),
        ("code_challenge".into(), challenge),
        ("code_challenge_method".into(), "S256".into()),
    ];
    for (name, value) in extra {
        match params.iter().position(|(n, _)| n == name) {
            Some(i) if value.is_empty() => {
                params.remove(i);
            }
            Some(i) => params[i].1 = value.to_string(),
            None => params.push((name.to_string(), value.to_string())),
        }
    }
    format!(
        "/authorize?{}",
        serde_urlencoded::to_string(&params).unwrap()
    )
}

fn auto_approving() -> Server {
    start_with(|settings| settings.auto_approve = true)
}

/// Sign in once (auto-approved) and return the session cookie.
fn session(s: &Server) -> String {
    let (_, logged, cookie) = sign_in(s, "demo-client", &pkce().1, "openid");
    assert_eq!(logged.status, 303, "{}", logged.body);
    cookie
}

fn is_login_page(reply: &Reply) -> bool {
    reply.status == 200 && reply.body.contains("action=\"/login\"")
}

fn error_of(reply: &Reply) -> (String, String) {
    (
        reply.location_param("error").unwrap_or_default(),
        reply
            .location_param("error_description")
            .unwrap_or_default(),
    )
}

#[test]
fn max_age_shorter_than_the_session_asks_to_sign_in_again() {
    let s = auto_approving();
    let cookie = session(&s);
    std::thread::sleep(Duration::from_millis(2100));
    // A session within max_age answers at once.
    let fresh = s.get(
        &authorize_with("demo-client", &[("max_age", "60")]),
        Some(&cookie),
    );
    assert_eq!(fresh.status, 302, "{}", fresh.body);
    assert!(fresh.location_param("code").is_some());
    // Older than max_age: the login form, not a code.
    let stale = s.get(
        &authorize_with("demo-client", &[("max_age", "1")]),
        Some(&cookie),
    );
    assert!(
        is_login_page(&stale),
        "{} {}",
        stale.status,
        stale.location()
    );
    // And with prompt=none, login_required instead of the old session's code.
    let silent = s.get(
        &authorize_with("demo-client", &[("max_age", "1"), ("prompt", "none")]),
        Some(&cookie),
    );
    assert_eq!(
        error_of(&silent).0,
        "login_required",
        "{}",
        silent.location()
    );
}

#[test]
fn max_age_zero_signs_in_again_and_the_id_token_carries_the_new_auth_time() {
    let s = auto_approving();
    let cookie = session(&s);
    std::thread::sleep(Duration::from_millis(1100));
    let (verifier, challenge) = pkce();
    let path = authorize_with(
        "demo-client",
        &[("max_age", "0"), ("code_challenge", &challenge)],
    );
    let page = s.get(&path, Some(&cookie));
    assert!(is_login_page(&page), "{} {}", page.status, page.location());
    let before = time_now();
    let logged = s.post(
        "/login",
        &[
            ("request_id", &hidden(&page.body, "request_id")),
            ("username", "demo"),
            ("password", PASSWORD),
        ],
        &[],
    );
    let code = logged
        .location_param("code")
        .expect("a code after signing in");
    let tokens = exchange(&s, &code, &verifier).json();
    let auth_time = claims(tokens["id_token"].as_str().unwrap())["auth_time"]
        .as_i64()
        .unwrap();
    assert!(
        auth_time >= before,
        "auth_time {auth_time} is the old session's"
    );
}

fn time_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn max_age_must_be_a_number_of_seconds() {
    let s = start();
    let r = s.get(&authorize_with("demo-client", &[("max_age", "-1")]), None);
    let (error, description) = error_of(&r);
    assert_eq!(error, "invalid_request");
    assert!(description.contains("max_age"), "{description}");
}

#[test]
fn prompt_is_a_space_separated_set_and_none_stands_alone() {
    let s = auto_approving();
    let cookie = session(&s);
    // login consent: sign in again, then the consent page despite auto-approval.
    let page = s.get(
        &authorize_with("demo-client", &[("prompt", "login consent")]),
        Some(&cookie),
    );
    assert!(is_login_page(&page), "{} {}", page.status, page.location());
    let logged = s.post(
        "/login",
        &[
            ("request_id", &hidden(&page.body, "request_id")),
            ("username", "demo"),
            ("password", PASSWORD),
        ],
        &[],
    );
    assert_eq!(logged.status, 200, "{}", logged.location());
    assert!(
        logged.body.contains("action=\"/consent\""),
        "{}",
        logged.body
    );
    // select_account also signs in again.
    let select = s.get(
        &authorize_with("demo-client", &[("prompt", "select_account")]),
        Some(&cookie),
    );
    assert!(is_login_page(&select));
    for (prompt, reason) in [
        ("none login", "cannot be combined"),
        ("login bogus", "`bogus`"),
    ] {
        let r = s.get(&authorize_with("demo-client", &[("prompt", prompt)]), None);
        let (error, description) = error_of(&r);
        assert_eq!(error, "invalid_request", "prompt={prompt}");
        assert!(
            description.contains(reason),
            "prompt={prompt}: {description}"
        );
        assert_eq!(r.location_param("state").as_deref(), Some("st4te"));
    }
}

#[test]
fn request_objects_serve_cannot_verify_and_remote_request_uris_are_refused_not_ignored() {
    let s = start();
    // demo-client has no registered keys: its request object cannot be verified, so the
    // request is refused on a page (nothing of the object, its redirect URI least of all,
    // is trusted), never served from the query alone.
    let object = "eyJhbGciOiJub25lIn0.eyJzdGF0ZSI6Im90aGVyIn0.";
    let r = s.get(&authorize_with("demo-client", &[("request", object)]), None);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("no registered keys"), "{}", r.body);
    let r = s.get(
        &authorize_with(
            "demo-client",
            &[("request_uri", "https://rp.example/request.jwt")],
        ),
        None,
    );
    assert_eq!(
        error_of(&r).0,
        "request_uri_not_supported",
        "{}",
        r.location()
    );
    assert_eq!(r.location_param("state").as_deref(), Some("st4te"));
    let meta = s.get("/.well-known/openid-configuration", None).json();
    assert_eq!(meta["request_parameter_supported"], true);
    assert_eq!(meta["request_uri_parameter_supported"], false);
}

#[test]
fn a_missing_response_type_is_invalid_request_and_an_unknown_one_unsupported() {
    let s = start();
    let missing = s.get(
        &authorize_with("demo-client", &[("response_type", "")]),
        None,
    );
    let (error, description) = error_of(&missing);
    assert_eq!(error, "invalid_request");
    assert!(
        description.contains("response_type is required"),
        "{description}"
    );
    let unknown = s.get(
        &authorize_with("demo-client", &[("response_type", "code id_token")]),
        None,
    );
    assert_eq!(error_of(&unknown).0, "unsupported_response_type");
}

/// The hidden fields of a form post page, and its action.
fn form_post_fields(body: &str) -> (String, Vec<(String, String)>) {
    let action_start = body.find("action=\"").expect("a form") + 8;
    let action =
        body[action_start..action_start + body[action_start..].find('"').unwrap()].to_string();
    let mut fields = Vec::new();
    let mut rest = body;
    let marker = "<input type=\"hidden\" name=\"";
    while let Some(at) = rest.find(marker) {
        rest = &rest[at + marker.len()..];
        let name = rest[..rest.find('"').unwrap()].to_string();
        rest = &rest[rest.find("value=\"").unwrap() + 7..];
        let value = rest[..rest.find('"').unwrap()].to_string();
        fields.push((name, value));
    }
    (action, fields)
}

#[test]
fn form_post_and_fragment_modes_answer_as_asked() {
    let s = auto_approving();
    let cookie = session(&s);
    let posted = s.get(
        &authorize_with("demo-client", &[("response_mode", "form_post")]),
        Some(&cookie),
    );
    assert_eq!(posted.status, 200, "{}", posted.location());
    assert!(!posted.headers.contains_key("location"));
    let (action, fields) = form_post_fields(&posted.body);
    assert_eq!(action, REDIRECT);
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["code", "state", "iss"]);
    assert_eq!(fields[2].1, s.running.issuer);
    // Errors travel the same way.
    let refused = s.get(
        &authorize_with(
            "demo-client",
            &[("response_mode", "form_post"), ("scope", "admin")],
        ),
        Some(&cookie),
    );
    let (_, fields) = form_post_fields(&refused.body);
    assert_eq!(
        fields[0],
        ("error".to_string(), "invalid_scope".to_string())
    );
    // Fragment: the same parameters after `#`, none in the query.
    let fragment = s.get(
        &authorize_with("demo-client", &[("response_mode", "fragment")]),
        Some(&cookie),
    );
    let location = fragment.location();
    let (base, after) = location.split_once('#').expect("a fragment");
    assert_eq!(base, REDIRECT);
    assert!(
        after.starts_with("code=") && after.contains("&state=st4te&iss="),
        "{after}"
    );
}

#[test]
fn unknown_response_modes_and_tokens_in_a_query_are_refused() {
    let s = start_with(|settings| settings.clients[0].allow_implicit = true);
    let unknown = s.get(
        &authorize_with("demo-client", &[("response_mode", "query.jwe")]),
        None,
    );
    let (error, description) = error_of(&unknown);
    assert_eq!(error, "invalid_request");
    assert!(
        description.contains("response_mode `query.jwe`"),
        "{description}"
    );
    // JARM's query.jwt carries no token either (JARM section 2.3.1).
    let token_in_signed_query = s.get(
        &authorize_with(
            "demo-client",
            &[("response_type", "token"), ("response_mode", "query.jwt")],
        ),
        None,
    );
    assert!(
        token_in_signed_query
            .location()
            .contains("error=invalid_request"),
        "{}",
        token_in_signed_query.location()
    );
    let token_in_query = s.get(
        &authorize_with(
            "demo-client",
            &[("response_type", "token"), ("response_mode", "query")],
        ),
        None,
    );
    // The refusal itself goes in the fragment, the implicit grant's default.
    let location = token_in_query.location();
    let fragment = location.split_once('#').expect("a fragment").1;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(fragment).unwrap();
    assert!(
        pairs.contains(&("error".into(), "invalid_request".into())),
        "{fragment}"
    );
    assert!(
        fragment.contains("never+returned+in+the+query"),
        "{fragment}"
    );
}

const API: &str = "https://api.example/";
const REPORTS: &str = "https://reports.example/v1";

fn with_resources() -> Server {
    start_with(|settings| {
        settings.auto_approve = true;
        settings.clients[0].resources = vec![API.into(), REPORTS.into()];
    })
}

fn client_credentials(s: &Server, extra: &[(&str, &str)]) -> Reply {
    let mut form = vec![("grant_type", "client_credentials")];
    form.extend_from_slice(extra);
    s.post(
        "/token",
        &form,
        &[("Authorization", &basic("demo-client", SECRET))],
    )
}

#[test]
fn resource_indicators_become_the_access_tokens_audience() {
    let s = with_resources();
    let one = client_credentials(&s, &[("resource", API)]).json();
    let access = claims(one["access_token"].as_str().unwrap());
    assert_eq!(access["aud"], API);
    assert_eq!(access["client_id"], "demo-client");
    let two = client_credentials(&s, &[("resource", API), ("resource", REPORTS)]).json();
    let access = claims(two["access_token"].as_str().unwrap());
    assert_eq!(access["aud"], serde_json::json!([API, REPORTS]));
    // Without a resource the audience stays the client.
    let none = client_credentials(&s, &[]).json();
    assert_eq!(
        claims(none["access_token"].as_str().unwrap())["aud"],
        "demo-client"
    );
}

#[test]
fn resources_the_client_may_not_use_are_invalid_target() {
    let s = with_resources();
    for (resource, reason) in [
        ("https://other.example/", "not allowed for this client"),
        ("https://api.example/#frag", "without a fragment"),
        ("api.example", "absolute URI"),
    ] {
        let r = client_credentials(&s, &[("resource", resource)]);
        assert_eq!(r.status, 400, "{resource}");
        assert_eq!(r.json()["error"], "invalid_target", "{resource}");
        let description = r.json()["error_description"].as_str().unwrap().to_string();
        assert!(description.contains(reason), "{resource}: {description}");
    }
    let r = s.get(
        &authorize_with("demo-client", &[("resource", "https://other.example/")]),
        None,
    );
    assert_eq!(error_of(&r).0, "invalid_target", "{}", r.location());
}

#[test]
fn a_code_grant_keeps_its_resources_and_a_token_request_may_only_narrow_them() {
    let s = with_resources();
    let cookie = session(&s);
    let (verifier, challenge) = pkce();
    let mut path = authorize_with(
        "demo-client",
        &[
            ("code_challenge", &challenge),
            ("scope", "openid offline_access"),
        ],
    );
    path.push_str(&format!(
        "&{}",
        serde_urlencoded::to_string([("resource", API), ("resource", REPORTS)]).unwrap()
    ));
    let code = |path: &str| {
        s.get(path, Some(&cookie))
            .location_param("code")
            .expect("a code")
    };
    let redeem = |code: &str, resource: Option<&str>| {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier.as_str()),
        ];
        if let Some(r) = resource {
            form.push(("resource", r));
        }
        s.post(
            "/token",
            &form,
            &[("Authorization", &basic("demo-client", SECRET))],
        )
    };
    let narrowed = redeem(&code(&path), Some(REPORTS)).json();
    assert_eq!(
        claims(narrowed["access_token"].as_str().unwrap())["aud"],
        REPORTS
    );
    // The refresh token keeps the whole grant: a refresh may ask for the other one.
    let refreshed = s
        .post(
            "/token",
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", narrowed["refresh_token"].as_str().unwrap()),
                ("resource", API),
            ],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
        .json();
    assert_eq!(
        claims(refreshed["access_token"].as_str().unwrap())["aud"],
        API
    );
    // A resource the authorization request did not name is refused at the token endpoint.
    let only_api = authorize_with(
        "demo-client",
        &[("code_challenge", &challenge), ("resource", API)],
    );
    let widened = redeem(&code(&only_api), Some(REPORTS));
    assert_eq!(
        widened.json()["error"],
        "invalid_target",
        "{}",
        widened.body
    );
    assert!(
        widened.body.contains("not part of the grant"),
        "{}",
        widened.body
    );
}

#[test]
fn every_invalid_client_401_carries_a_www_authenticate_challenge() {
    let s = start();
    let cases: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "/token",
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "demo-client"),
                ("client_secret", "wrong"),
            ],
        ),
        (
            "/introspect",
            vec![
                ("token", "x"),
                ("client_id", "demo-client"),
                ("client_secret", "wrong"),
            ],
        ),
        (
            "/introspect",
            vec![("token", "x"), ("client_id", "demo-public")],
        ),
        (
            "/token",
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "nobody"),
            ],
        ),
    ];
    for (path, form) in cases {
        let r = s.post(path, &form, &[]);
        assert_eq!(r.status, 401, "{path} {form:?}: {}", r.body);
        assert_eq!(r.json()["error"], "invalid_client");
        let challenge = r.headers.get("www-authenticate");
        assert!(
            challenge.is_some_and(|c| c.starts_with("Basic realm=")),
            "{path} {form:?}: no challenge in {:?}",
            r.headers
        );
    }
}

#[test]
fn a_wrong_password_on_the_login_and_device_forms_is_400_not_a_401_without_a_challenge() {
    let s = start();
    let page = s.get(&authorize_with("demo-client", &[]), None);
    let login = s.post(
        "/login",
        &[
            ("request_id", &hidden(&page.body, "request_id")),
            ("username", "demo"),
            ("password", "wrong"),
        ],
        &[],
    );
    let device = s.post(
        "/device",
        &[
            ("user_code", "ABCD-EFGH"),
            ("username", "demo"),
            ("password", "wrong"),
            ("decision", "approve"),
        ],
        &[],
    );
    for (form, r) in [("login", login), ("device", device)] {
        assert_eq!(r.status, 400, "{form}");
        assert!(
            r.body.contains("Wrong username or password."),
            "{form}: {}",
            r.body
        );
    }
}

#[test]
fn introspection_names_the_access_token_type_and_no_type_for_refresh_tokens() {
    let s = start();
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid offline_access");
    let tokens = exchange(&s, &code, &verifier).json();
    let access = introspect(&s, tokens["access_token"].as_str().unwrap());
    assert_eq!(access["active"], true);
    assert_eq!(access["token_type"], "Bearer");
    let refresh = introspect(&s, tokens["refresh_token"].as_str().unwrap());
    assert_eq!(refresh["active"], true);
    assert!(refresh.get("token_type").is_none(), "{refresh}");
    let meta = s.get("/.well-known/openid-configuration", None).json();
    let methods = meta["introspection_endpoint_auth_methods_supported"]
        .as_array()
        .unwrap();
    assert!(!methods.contains(&Value::from("none")), "{methods:?}");
}

#[test]
fn a_client_id_that_is_also_a_users_subject_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("serve.toml");
    let bind = "127.0.0.1:0".parse().unwrap();
    let by_username = "[[users]]\nusername = \"svc\"\npassword = \"pw\"\n\n\
         [[clients]]\nclient_id = \"svc\"\nsecret = \"s\"\n";
    let error = config::from_text(by_username, &path, bind, false).unwrap_err();
    assert_eq!(error.reason, "bad_config");
    assert!(error.message.contains("serve.toml:6:"), "{}", error.message);
    assert!(
        error
            .message
            .contains("client `svc`: client_id equals the username of user `svc`"),
        "{}",
        error.message
    );
    // Through a subject claim another client uses.
    let by_claim = "[[users]]\nusername = \"alice\"\npassword = \"pw\"\n\
         claims = { mobile = \"reports\" }\n\n\
         [[clients]]\nclient_id = \"reports\"\nsecret = \"s\"\n\n\
         [[clients]]\nclient_id = \"app\"\nsecret = \"s\"\nsubject_claim = \"mobile\"\n";
    let error = config::from_text(by_claim, &path, bind, false).unwrap_err();
    assert!(
        error.message.contains("claim `mobile` of user `alice`"),
        "{}",
        error.message
    );
    // Distinct names load.
    let distinct = by_username.replace("client_id = \"svc\"", "client_id = \"svc-client\"");
    assert!(config::from_text(&distinct, &path, bind, false).is_ok());
}

#[test]
fn login_hint_prefills_the_form_and_locales_acr_and_claims_are_accepted() {
    let s = start();
    let page = s.get(
        &authorize_with(
            "demo-client",
            &[
                ("login_hint", "demo\"><script>"),
                ("ui_locales", "fr-CA fr"),
                ("claims_locales", "fr"),
                ("acr_values", "urn:mace:incommon:iap:silver"),
                ("claims", r#"{"id_token":{"email":null}}"#),
            ],
        ),
        None,
    );
    assert!(is_login_page(&page), "{} {}", page.status, page.location());
    assert!(
        page.body.contains("value=\"demo&quot;&gt;&lt;script&gt;\""),
        "{}",
        page.body
    );
}

#[test]
fn id_token_hint_lets_only_the_named_users_session_answer_silently() {
    let s = start_with(|settings| {
        settings.auto_approve = true;
        let mut other = settings.users[0].clone();
        other.username = "other".into();
        settings.users.push(other);
    });
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    let id_token = exchange(&s, &code, &verifier).json()["id_token"]
        .as_str()
        .unwrap()
        .to_string();
    let demo_session = session(&s);
    let silent = |cookie: &str, hint: &str| {
        s.get(
            &authorize_with(
                "demo-client",
                &[("prompt", "none"), ("id_token_hint", hint)],
            ),
            Some(cookie),
        )
    };
    assert!(silent(&demo_session, &id_token)
        .location_param("code")
        .is_some());
    // Another user's session: login_required, not a code for the wrong user.
    let page = s.get(&authorize_with("demo-client", &[]), None);
    let other = s.post(
        "/login",
        &[
            ("request_id", &hidden(&page.body, "request_id")),
            ("username", "other"),
            ("password", PASSWORD),
        ],
        &[],
    );
    let other_session = other.headers["set-cookie"]
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        error_of(&silent(&other_session, &id_token)).0,
        "login_required"
    );
    // A hint that is not our ID token for this client: invalid_request.
    let at = id_token.len() - 10;
    let flipped = if &id_token[at..at + 1] == "A" {
        "B"
    } else {
        "A"
    };
    let forged = format!("{}{flipped}{}", &id_token[..at], &id_token[at + 1..]);
    let (error, description) = error_of(&silent(&demo_session, &forged));
    assert_eq!(error, "invalid_request");
    assert!(description.contains("id_token_hint"), "{description}");
}
