//! Signed request objects (RFC 9101) and JWT-secured responses (JARM) in serve: a request
//! object verified with the client's registered keys is the request; every way an object
//! can be wrong is refused for its reason (the object is built so that only the rule under
//! test can reject it), by value and pushed; a client may be held to request objects;
//! `flow --request-object` sends them, and `flow --response-mode` verifies serve's JARM
//! responses (the metadata walk checks their claims).

use crate::common;

use common::serve_client::*;
use oauthctl::jwt::token::mint;
use oauthctl::keys::crypto::Signer;
use oauthctl::keys::generate::{generate, KeySpec};
use oauthctl::keys::{Curve, Key};
use serde_json::{json, Map, Value};

fn p256() -> Key {
    let mut key = generate(KeySpec::Ec(Curve::P256)).unwrap();
    key.kid = Some(key.kid_or_thumbprint());
    key
}

/// serve with demo-client's request objects verified with `key`.
fn server(key: &Key, require: bool) -> Server {
    let public = key.public();
    start_with(move |settings| {
        settings.auto_approve = true;
        settings.clients[0].jwks = vec![public];
        settings.clients[0].require_signed_request_object = require;
    })
}

fn now() -> i64 {
    oauthctl::jwt::time::now().unwrap()
}

/// The claims of a good request object for demo-client.
fn request_claims(s: &Server, challenge: &str) -> Map<String, Value> {
    let value = json!({
        "iss": "demo-client",
        "aud": s.running.issuer,
        "exp": now() + 300,
        "nbf": now(),
        "jti": "j1",
        "client_id": "demo-client",
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "scope": "openid",
        "state": "st4te",
        "nonce": "n0nce",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    });
    value.as_object().unwrap().clone()
}

fn sign(key: &Key, typ: Option<&str>, claims: &Map<String, Value>) -> String {
    let mut header = Map::new();
    if let Some(typ) = typ {
        header.insert("typ".into(), typ.into());
    }
    header.insert("kid".into(), key.kid.clone().unwrap().into());
    mint(
        &Signer::new(key, key.default_algorithm()).unwrap(),
        &header,
        claims,
    )
    .unwrap()
}

fn object(key: &Key, claims: &Map<String, Value>) -> String {
    sign(key, Some("oauth-authz-req+jwt"), claims)
}

fn authorize(s: &Server, outside: &[(&str, &str)], cookie: Option<&str>) -> Reply {
    let query = serde_urlencoded::to_string(outside).unwrap();
    s.get(&format!("/authorize?{query}"), cookie)
}

/// A signed-in browser (through demo-public, which no test holds to request objects).
fn session(s: &Server) -> String {
    sign_in(s, "demo-public", &pkce().1, "openid").2
}

#[test]
fn a_signed_request_object_is_the_request_and_its_code_redeems() {
    let key = p256();
    let s = server(&key, false);
    let cookie = session(&s);
    let (verifier, challenge) = pkce();
    let jwt = object(&key, &request_claims(&s, &challenge));
    // Only client_id and the object outside: the redirect URI, state and PKCE come from it.
    let r = authorize(
        &s,
        &[("client_id", "demo-client"), ("request", &jwt)],
        Some(&cookie),
    );
    assert_eq!(r.status, 302, "{}", r.body);
    assert!(r.location().starts_with(REDIRECT), "{}", r.location());
    assert_eq!(r.location_param("state").as_deref(), Some("st4te"));
    let code = r.location_param("code").expect("a code");
    let tokens = exchange(&s, &code, &verifier);
    assert_eq!(tokens.status, 200, "{}", tokens.body);
    // Parameters repeated outside with the same value are fine.
    let jwt = object(&key, &request_claims(&s, &challenge));
    let r = authorize(
        &s,
        &[
            ("client_id", "demo-client"),
            ("response_type", "code"),
            ("scope", "openid"),
            ("request", &jwt),
        ],
        Some(&cookie),
    );
    assert!(r.location_param("code").is_some(), "{}", r.body);
}

/// A case: its name, the object, parameters outside it, what the refusal says.
type Case<'a> = (&'a str, String, Vec<(&'a str, &'a str)>, &'a str);

#[test]
fn every_bad_request_object_is_refused_for_its_reason() {
    let key = p256();
    let s = server(&key, false);
    let cookie = session(&s);
    let challenge = pkce().1;
    let good = request_claims(&s, &challenge);
    let edited = |name: &str, value: Value| {
        let mut claims = good.clone();
        if value.is_null() {
            claims.remove(name);
        } else {
            claims.insert(name.into(), value);
        }
        object(&key, &claims)
    };
    let unsigned = {
        let head = oauthctl::b64::encode(r#"{"alg":"none","typ":"oauth-authz-req+jwt"}"#);
        let body = oauthctl::b64::encode(Value::Object(good.clone()).to_string());
        format!("{head}.{body}.")
    };
    let other_client_key = object(&p256(), &good);
    let cases: Vec<Case> = vec![
        (
            "alg none",
            unsigned,
            vec![],
            "unsigned tokens are never accepted",
        ),
        (
            "another key",
            other_client_key,
            vec![],
            "signature does not match",
        ),
        ("no typ", sign(&key, None, &good), vec![], "typ"),
        (
            "typ JWT",
            sign(&key, Some("JWT"), &good),
            vec![],
            "typ is `JWT`",
        ),
        (
            "aud of another server",
            edited("aud", "https://other.example".into()),
            vec![],
            "aud",
        ),
        (
            "iss of another client",
            edited("iss", "demo-public".into()),
            vec![],
            "iss",
        ),
        (
            "expired",
            edited("exp", (now() - 10).into()),
            vec![],
            "expired",
        ),
        ("no exp", edited("exp", Value::Null), vec![], "exp"),
        (
            "lives too long",
            edited("exp", (now() + 7200).into()),
            vec![],
            "may live at most 3600 s",
        ),
        (
            "client_id claim of another client",
            edited("client_id", "demo-public".into()),
            vec![],
            "client_id claim must be the client_id of the request",
        ),
        (
            "nested request",
            edited("request", "x.y.z".into()),
            vec![],
            "must not nest",
        ),
        (
            "scope outside disagrees",
            object(&key, &good),
            vec![("scope", "openid email")],
            "`scope` disagrees",
        ),
        (
            "redirect_uri outside disagrees",
            object(&key, &good),
            vec![("redirect_uri", "http://127.0.0.1:49152/other")],
            "`redirect_uri` disagrees",
        ),
    ];
    for (case, jwt, extra, why) in &cases {
        let mut outside = vec![("client_id", "demo-client"), ("request", jwt.as_str())];
        outside.extend(extra.iter().copied());
        let r = authorize(&s, &outside, Some(&cookie));
        assert_eq!(r.status, 400, "{case}: {} {}", r.status, r.body);
        assert!(
            r.body.contains("The request object is not valid"),
            "{case}: {}",
            r.body
        );
        assert!(r.body.contains(why), "{case}: `{why}` not in {}", r.body);
    }
    // The same object as the first case's baseline passes (the cases fail for their edit).
    let r = authorize(
        &s,
        &[
            ("client_id", "demo-client"),
            ("request", &object(&key, &good)),
        ],
        Some(&cookie),
    );
    assert!(r.location_param("code").is_some(), "{}", r.body);
}

#[test]
fn a_client_held_to_request_objects_gets_no_code_for_a_plain_query() {
    let key = p256();
    let s = server(&key, true);
    let meta = s.get("/.well-known/openid-configuration", None).json();
    assert_eq!(meta["request_parameter_supported"], true);
    // Not every client is held to it, so the server as a whole does not say so.
    assert_eq!(meta["require_signed_request_object"], false);
    let (_, challenge) = pkce();
    let r = s.get(
        &authorize_path("demo-client", REDIRECT, &challenge, "openid"),
        None,
    );
    assert_eq!(r.status, 302, "{}", r.body);
    assert_eq!(
        r.location_param("error").as_deref(),
        Some("invalid_request")
    );
    assert!(r
        .location_param("error_description")
        .unwrap()
        .contains("signed request object"));
}

#[test]
fn a_pushed_request_object_works_and_a_bad_one_is_invalid_request_object() {
    let key = p256();
    let s = server(&key, true);
    let cookie = session(&s);
    let (verifier, challenge) = pkce();
    let basic_auth = basic("demo-client", SECRET);
    let auth = [("Authorization", basic_auth.as_str())];
    let jwt = object(&key, &request_claims(&s, &challenge));
    let pushed = s.post("/par", &[("request", &jwt)], &auth);
    assert_eq!(pushed.status, 201, "{}", pushed.body);
    let uri = pushed.json()["request_uri"].as_str().unwrap().to_string();
    let r = authorize(
        &s,
        &[("client_id", "demo-client"), ("request_uri", &uri)],
        Some(&cookie),
    );
    let code = r.location_param("code").expect("a code");
    assert_eq!(exchange(&s, &code, &verifier).status, 200);
    let forged = object(&p256(), &request_claims(&s, &challenge));
    let refused = s.post("/par", &[("request", &forged)], &auth);
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(
        refused.json()["error"],
        "invalid_request_object",
        "{}",
        refused.body
    );
}

#[test]
fn flow_sends_its_request_as_a_signed_object_by_value_and_pushed() {
    let dir = tempfile::tempdir().unwrap();
    let (key_path, key) = common::keygen_ec(dir.path(), "client");
    let s = server(&key, true);
    let key_arg = key_path.to_str().unwrap();
    for extra in [&[][..], &["--par"][..]] {
        let mut args = vec![
            "--request-object",
            "--client-key",
            key_arg,
            "--auth-method",
            "client_secret_basic",
        ];
        args.extend(extra);
        let out = run_flow(&s, &args);
        common::assert_success(&out);
    }
    // Without --request-object this client is refused, and the flow says so.
    let plain = run_flow(&s, &[]);
    assert_eq!(plain.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&plain.stdout).contains("signed request object"));
}

#[test]
fn flow_verifies_serves_jarm_responses_in_each_mode_it_can_receive() {
    let s = start_with(|settings| settings.auto_approve = true);
    for mode in ["jwt", "query.jwt", "fragment.jwt"] {
        let out = run_flow(&s, &["--response-mode", mode]);
        common::assert_success(&out);
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let callback = doc["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|step| step["name"] == "callback")
            .unwrap();
        assert!(
            callback["detail"]
                .as_str()
                .unwrap()
                .starts_with("JARM response verified"),
            "{mode}: {callback}"
        );
    }
}

#[test]
fn a_request_object_carries_several_resources_and_rich_details_and_comes_alone() {
    let key = p256();
    let public = key.public();
    let (api, reports) = ("https://api.example/", "https://reports.example/");
    let s = start_with(move |settings| {
        settings.auto_approve = true;
        let client = &mut settings.clients[0];
        client.jwks = vec![public];
        client.resources = vec![api.into(), reports.into()];
        client.authorization_details_types = vec!["payment_initiation".into()];
    });
    let cookie = session(&s);
    let (verifier, challenge) = pkce();
    let mut claims = request_claims(&s, &challenge);
    claims.insert("resource".into(), json!([api, reports]));
    claims.insert(
        "authorization_details".into(),
        json!([{"type": "payment_initiation", "amount": "1"}]),
    );
    let jwt = object(&key, &claims);
    let r = authorize(
        &s,
        &[("client_id", "demo-client"), ("request", &jwt)],
        Some(&cookie),
    );
    let code = r
        .location_param("code")
        .unwrap_or_else(|| panic!("{}", r.body));
    let tokens = exchange(&s, &code, &verifier).json();
    let access = tokens["access_token"].as_str().unwrap();
    let payload = access.split('.').nth(1).unwrap();
    let token: Value = serde_json::from_slice(&oauthctl::b64::decode(payload).unwrap()).unwrap();
    assert_eq!(token["aud"], json!([api, reports]), "{token}");
    assert_eq!(
        tokens["authorization_details"][0]["type"], "payment_initiation",
        "{tokens}"
    );
    // Two objects in one request: refused, not one of them picked.
    let two = authorize(
        &s,
        &[
            ("client_id", "demo-client"),
            ("request", &jwt),
            ("request", &jwt),
        ],
        Some(&cookie),
    );
    assert_eq!(two.status, 400, "{}", two.body);
    assert!(
        two.body.contains("more than one request object"),
        "{}",
        two.body
    );
}

#[test]
fn a_request_object_may_live_exactly_an_hour_and_not_a_second_more() {
    let key = p256();
    let s = server(&key, false);
    let cookie = session(&s);
    let challenge = pkce().1;
    for (lifetime, allowed) in [(3600, true), (3601, false)] {
        let mut claims = request_claims(&s, &challenge);
        let nbf = claims["nbf"].as_i64().unwrap();
        claims.insert("iat".into(), nbf.into());
        claims.insert("exp".into(), (nbf + lifetime).into());
        let r = authorize(
            &s,
            &[
                ("client_id", "demo-client"),
                ("request", &object(&key, &claims)),
            ],
            Some(&cookie),
        );
        assert_eq!(
            r.location_param("code").is_some(),
            allowed,
            "{lifetime}: {}",
            r.body
        );
    }
}

#[test]
fn a_request_object_with_too_many_parameters_is_refused() {
    let key = p256();
    let s = server(&key, false);
    let cookie = session(&s);
    let mut claims = request_claims(&s, &pkce().1);
    for i in 0..64 {
        claims.insert(format!("extra{i}"), "x".into());
    }
    let jwt = object(&key, &claims);
    let r = authorize(
        &s,
        &[("client_id", "demo-client"), ("request", &jwt)],
        Some(&cookie),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("more than 64 parameters"), "{}", r.body);
}
