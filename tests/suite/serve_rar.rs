//! Rich authorization requests (RFC 9396) in serve: per-client types, the granted details
//! echoed in the token response, the access token and introspection, kept on refresh; and
//! flow's `--resource` (RFC 8707), which names the audience of the tokens it gets.

use crate::common;

use common::serve_client::*;
use serde_json::{json, Value};

const PAYMENT: &str = r#"[{"type":"payment_initiation","instructedAmount":{"currency":"EUR","amount":"123.50"},"creditorName":"Merchant A"}]"#;

fn claims(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&oauthctl::b64::decode(part).unwrap()).unwrap()
}

fn with_types() -> Server {
    start_with(|settings| {
        settings.auto_approve = true;
        settings.clients[0].authorization_details_types = vec!["payment_initiation".into()];
    })
}

#[test]
fn granted_details_come_back_in_the_token_response_the_token_and_introspection() {
    let s = with_types();
    let expected: Value = serde_json::from_str(PAYMENT).unwrap();
    let (verifier, challenge) = pkce();
    let path = format!(
        "{}&{}",
        authorize_path("demo-client", REDIRECT, &challenge, "openid offline_access"),
        serde_urlencoded::to_string([("authorization_details", PAYMENT)]).unwrap()
    );
    let cookie = sign_in(&s, "demo-client", &pkce().1, "openid").2;
    let code = s
        .get(&path, Some(&cookie))
        .location_param("code")
        .expect("a code");
    let tokens = exchange(&s, &code, &verifier).json();
    assert_eq!(tokens["authorization_details"], expected, "{tokens}");
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(claims(access)["authorization_details"], expected);
    assert_eq!(introspect(&s, access)["authorization_details"], expected);
    // A refresh keeps the grant's details.
    let refreshed = s
        .post(
            "/token",
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
        .json();
    assert_eq!(refreshed["authorization_details"], expected, "{refreshed}");
    assert_eq!(
        claims(refreshed["access_token"].as_str().unwrap())["authorization_details"],
        expected
    );
}

#[test]
fn details_the_client_may_not_ask_for_or_malformed_are_invalid_authorization_details() {
    let s = with_types();
    let cases = [
        (
            r#"[{"type":"account_information"}]"#,
            "not allowed for this client",
        ),
        (r#"[{"amount":"1"}]"#, "string `type`"),
        (r#"{"type":"payment_initiation"}"#, "non-empty JSON array"),
        ("[]", "non-empty JSON array"),
        ("not json", "not JSON"),
    ];
    for (details, words) in cases {
        let path = format!(
            "{}&{}",
            authorize_path("demo-client", REDIRECT, &pkce().1, "openid"),
            serde_urlencoded::to_string([("authorization_details", details)]).unwrap()
        );
        let r = s.get(&path, None);
        assert_eq!(
            r.location_param("error").as_deref(),
            Some("invalid_authorization_details"),
            "{details}: {}",
            r.location()
        );
        let description = r.location_param("error_description").unwrap();
        assert!(description.contains(words), "{details}: {description}");
    }
    // At the token endpoint too, for a client's own token.
    let r = s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            (
                "authorization_details",
                r#"[{"type":"account_information"}]"#,
            ),
        ],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    assert_eq!(
        r.json()["error"],
        "invalid_authorization_details",
        "{}",
        r.body
    );
    // A client without types may ask for none.
    let plain = start();
    let r = plain.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            ("authorization_details", PAYMENT),
        ],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    assert_eq!(r.json()["error"], "invalid_authorization_details");
}

#[test]
fn client_credentials_carry_details_and_the_metadata_lists_the_types() {
    let s = with_types();
    let r = s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            ("authorization_details", PAYMENT),
        ],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let expected: Value = serde_json::from_str(PAYMENT).unwrap();
    assert_eq!(r.json()["authorization_details"], expected);
    let meta = s.get("/.well-known/openid-configuration", None).json();
    assert_eq!(
        meta["authorization_details_types_supported"],
        json!(["payment_initiation"])
    );
    assert!(start()
        .get("/.well-known/openid-configuration", None)
        .json()
        .get("authorization_details_types_supported")
        .is_none());
}

#[test]
fn flow_sends_authorization_details_and_reports_what_was_granted() {
    let s = with_types();
    let dir = tempfile::tempdir().unwrap();
    let (secret, password, details) = (
        dir.path().join("secret"),
        dir.path().join("password"),
        dir.path().join("details.json"),
    );
    std::fs::write(&secret, SECRET).unwrap();
    std::fs::write(&password, PASSWORD).unwrap();
    std::fs::write(&details, PAYMENT).unwrap();
    let out = common::oauthctl()
        .args(["--output", "json", "flow", "--issuer", &s.running.issuer])
        .args(["--client-id", "demo-client", "--client-secret-file"])
        .arg(&secret)
        .args(["--login", "auto", "--username", "demo", "--password-file"])
        .arg(&password)
        .arg("--authorization-details")
        .arg(format!("@{}", details.display()))
        .output()
        .unwrap();
    common::assert_success(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let token = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "token")
        .unwrap()
        .clone();
    assert_eq!(
        token["detail"],
        "code exchanged; authorization_details granted: payment_initiation"
    );
    let bad = common::oauthctl()
        .args([
            "flow",
            "--embedded",
            "--authorization-details",
            r#"{"type":"x"}"#,
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("non-empty JSON array"));
}

#[test]
fn the_consent_page_lists_the_requested_details_and_resources() {
    let s = start_with(|settings| {
        settings.clients[0].authorization_details_types = vec!["payment_initiation".into()];
        settings.clients[0].resources = vec!["https://api.example/".into()];
    });
    let path = format!(
        "{}&{}",
        authorize_path("demo-client", REDIRECT, &pkce().1, "openid"),
        serde_urlencoded::to_string([
            ("authorization_details", PAYMENT),
            ("resource", "https://api.example/"),
        ])
        .unwrap()
    );
    let page = s.get(&path, None);
    let logged = s.post(
        "/login",
        &[
            ("request_id", &hidden(&page.body, "request_id")),
            ("username", "demo"),
            ("password", PASSWORD),
        ],
        &[],
    );
    assert!(
        logged.body.contains("action=\"/consent\""),
        "{}",
        logged.body
    );
    for item in [
        "<li>openid</li>",
        "<li>access to https://api.example/</li>",
        "<li>authorization details: payment_initiation</li>",
    ] {
        assert!(logged.body.contains(item), "{item} in {}", logged.body);
    }
}

#[test]
fn flow_sends_resource_indicators_and_its_tokens_are_for_that_resource() {
    let api = "https://api.example/";
    let s = start_with(move |settings| {
        settings.auto_approve = true;
        settings.clients[0].resources = vec![api.into()];
    });
    for grant in ["authorization-code", "client-credentials"] {
        let out = run_flow_text(
            &s,
            &[
                "--grant",
                grant,
                "--scope",
                "read",
                "--resource",
                api,
                "--print",
                "access_token",
            ],
        );
        common::assert_success(&out);
        let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert_eq!(claims(&token)["aud"], api, "{grant}");
    }
    // A resource this client may not use is refused, not dropped.
    let out = run_flow(&s, &["--resource", "https://elsewhere.example/"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stdout).contains("invalid_target"));
}
