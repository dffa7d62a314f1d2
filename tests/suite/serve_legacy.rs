//! Per-client token shapes and the legacy switches that emulate older identity providers:
//! each off by default, each refused or announced where the rules say.

use crate::common;

use common::serve_client::*;
use oauthctl::server::config::{self, AccessTokenFormat};
use serde_json::{json, Value};

fn part(jwt: &str, index: usize) -> Value {
    let text = jwt.split('.').nth(index).expect("a JWT");
    serde_json::from_slice(&oauthctl::b64::decode(text).unwrap()).unwrap()
}

fn client_credentials(s: &Server) -> String {
    let r = s.post(
        "/token",
        &[("grant_type", "client_credentials"), ("scope", "read")],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["access_token"].as_str().unwrap().to_string()
}

fn code_flow_tokens(s: &Server) -> Value {
    let (verifier, challenge) = pkce();
    let code = get_code(s, "demo-client", &challenge, "openid email");
    let tokens = exchange(s, &code, &verifier);
    assert_eq!(tokens.status, 200, "{}", tokens.body);
    tokens.json()
}

#[test]
fn a_plain_jwt_access_token_format_with_extra_claims_that_never_replace_registered_ones() {
    let s = start_with(|settings| {
        let client = &mut settings.clients[0];
        client.access_token_format = AccessTokenFormat::Jwt;
        client.access_token_claims = json!({"foo": "bar", "wup": 90, "iss": "forged"})
            .as_object()
            .unwrap()
            .clone();
    });
    let token = client_credentials(&s);
    assert_eq!(part(&token, 0)["typ"], "JWT");
    let claims = part(&token, 1);
    assert_eq!(
        (claims["foo"].clone(), claims["wup"].clone()),
        (json!("bar"), json!(90))
    );
    assert_eq!(claims["iss"], s.running.issuer);
    // Such a token works wherever serve's own access tokens do.
    let tokens = code_flow_tokens(&s);
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(s.get_bearer("/userinfo", access).status, 200);
    assert_eq!(s.get_bearer("/work", access).status, 200);
    // An ID token is still not an access token.
    let id = tokens["id_token"].as_str().unwrap();
    assert_eq!(s.get_bearer("/userinfo", id).status, 401);
}

#[test]
fn opaque_access_tokens_work_through_userinfo_introspection_work_and_revocation() {
    let s = start_with(|settings| {
        settings.clients[0].access_token_format = AccessTokenFormat::Opaque;
    });
    let tokens = code_flow_tokens(&s);
    let access = tokens["access_token"].as_str().unwrap();
    assert!(!access.contains('.') && access.len() >= 43, "{access}");
    // The ID token's at_hash covers the opaque value.
    assert!(part(tokens["id_token"].as_str().unwrap(), 1)["at_hash"].is_string());
    assert_eq!(s.get_bearer("/userinfo", access).json()["sub"], "demo");
    let info = introspect(&s, access);
    assert_eq!(info["active"], true);
    assert!(
        info.get("jti").is_none(),
        "the token's own value is never echoed: {info}"
    );
    assert_eq!(s.get_bearer("/work", access).status, 200);
    let revoked = s.post(
        "/revoke",
        &[("token", access)],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    assert_eq!(revoked.status, 200);
    assert_eq!(introspect(&s, access)["active"], false);
    assert_eq!(s.get_bearer("/work", access).status, 401);
    assert_eq!(s.get_bearer("/userinfo", access).status, 401);
}

#[test]
fn a_jwts_jti_is_not_accepted_as_an_opaque_token() {
    let s = start();
    let token = client_credentials(&s);
    let jti = part(&token, 1)["jti"].as_str().unwrap().to_string();
    assert_eq!(introspect(&s, &jti)["active"], false);
    assert_eq!(s.get_bearer("/work", &jti).status, 401);
}

#[test]
fn pkce_may_be_optional_for_a_confidential_client_that_opts_out() {
    let s = start_with(|settings| {
        settings.auto_approve = true;
        settings.clients[0].legacy.pkce_optional = true;
    });
    let query = serde_urlencoded::to_string([
        ("response_type", "code"),
        ("client_id", "demo-client"),
        ("redirect_uri", REDIRECT),
        ("scope", "openid"),
        ("state", "s"),
    ])
    .unwrap();
    let page = s.get(&format!("/authorize?{query}"), None);
    let logged = s.post(
        "/login",
        &[
            ("request_id", &hidden(&page.body, "request_id")),
            ("username", "demo"),
            ("password", PASSWORD),
        ],
        &[],
    );
    let code = logged.location_param("code").expect("a code without PKCE");
    let r = s.post(
        "/token",
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // The public demo client still needs PKCE.
    let public = s.get(
        &format!("/authorize?{}", query.replace("demo-client", "demo-public")),
        None,
    );
    assert_eq!(
        public.location_param("error").as_deref(),
        Some("invalid_request")
    );
}

#[test]
fn userinfo_takes_a_token_from_the_query_or_body_only_for_a_client_that_allows_it() {
    let s = start_with(|settings| {
        settings.clients[0].legacy.token_in_query_or_body = true;
    });
    let access = code_flow_tokens(&s)["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let in_query = s.get(&format!("/me?access_token={access}"), None);
    assert_eq!(in_query.status, 200, "{}", in_query.body);
    assert_eq!(in_query.json()["sub"], "demo");
    let in_body = s.post("/me", &[("access_token", &access)], &[]);
    assert_eq!(in_body.status, 200, "{}", in_body.body);
    // Two ways at once are refused.
    let both = s.post(
        "/me",
        &[("access_token", &access)],
        &[("Authorization", &format!("Bearer {access}"))],
    );
    assert_eq!(both.status, 400);
    assert!(both.body.contains("one way only"), "{}", both.body);
    // The public client's token in the query: refused, it did not opt in.
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-public", &challenge, "openid");
    let public = s
        .post(
            "/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", &verifier),
                ("client_id", "demo-public"),
            ],
            &[],
        )
        .json();
    let token = public["access_token"].as_str().unwrap();
    let refused = s.get(&format!("/userinfo?access_token={token}"), None);
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("Authorization header"),
        "{}",
        refused.body
    );
}

#[test]
fn the_password_grant_returns_an_id_token_only_with_the_switch() {
    let password_grant = |s: &Server| {
        s.post(
            "/token",
            &[
                ("grant_type", "password"),
                ("username", "demo"),
                ("password", PASSWORD),
                ("scope", "openid email"),
            ],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
        .json()
    };
    let plain = start_with(|settings| {
        settings.clients[0]
            .grants
            .insert(oauthctl::protocol::GrantType::Password);
    });
    assert!(password_grant(&plain).get("id_token").is_none());
    let legacy = start_with(|settings| {
        let client = &mut settings.clients[0];
        client
            .grants
            .insert(oauthctl::protocol::GrantType::Password);
        client.legacy.id_token_with_password = true;
    });
    let tokens = password_grant(&legacy);
    let id = part(tokens["id_token"].as_str().expect("an ID token"), 1);
    assert_eq!(id["sub"], "demo");
    assert_eq!(id["email"], "demo@example.test");
    assert_eq!(id["aud"], "demo-client");
}

#[test]
fn legacy_switches_load_from_the_config_and_are_announced_and_unsafe_ones_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("serve.toml");
    let bind = "127.0.0.1:0".parse().unwrap();
    let text = "[[clients]]\nclient_id = \"idp-app\"\nsecret = \"s\"\ncode_lifetime = 1800\n\
                require_pkce = false\nbearer_token_in_query_or_body = true\n\
                id_token_with_password_grant = true\naccess_token_format = \"jwt\"\n\n\
                [demo_token_server]\n";
    let settings = config::from_text(text, &path, bind, false).unwrap();
    let client = &settings.clients[0];
    assert_eq!(client.code_lifetime, 1800);
    assert_eq!(client.access_token_format, AccessTokenFormat::Jwt);
    let warnings = settings.warnings().join("\n");
    for words in [
        "demo_token_server is on",
        "code_lifetime 1800 s is above RFC 6749's 10 minutes",
        "PKCE is optional",
        "query or a form body",
        "password grant returns ID tokens",
    ] {
        assert!(warnings.contains(words), "no `{words}` in:\n{warnings}");
    }
    // None of them by default.
    let plain = config::from_text(
        "[[clients]]\nclient_id = \"app\"\nsecret = \"s\"\n",
        &path,
        bind,
        false,
    )
    .unwrap();
    assert!(plain.warnings().is_empty(), "{:?}", plain.warnings());
    let refused = [
        ("code_lifetime = 1801", "code_lifetime must be 1 to 1800"),
        (
            "access_token_format = \"paseto\"",
            "is not one of rfc9068, jwt, opaque",
        ),
    ];
    for (line, words) in refused {
        let text = format!("[[clients]]\nclient_id = \"app\"\nsecret = \"s\"\n{line}\n");
        let error = config::from_text(&text, &path, bind, false).unwrap_err();
        assert!(error.message.contains(words), "{line}: {}", error.message);
    }
    let public = "[[clients]]\nclient_id = \"spa\"\nrequire_pkce = false\n";
    let error = config::from_text(public, &path, bind, false).unwrap_err();
    assert!(
        error.message.contains("only for confidential clients"),
        "{}",
        error.message
    );
}
