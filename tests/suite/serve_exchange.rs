//! Token exchange (RFC 8693) in serve, and `flow --grant token-exchange` through it.

use crate::common;

use common::serve_client::*;
use common::{assert_success, oauthctl};
use serde_json::{json, Value};

const EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS: &str = "urn:ietf:params:oauth:token-type:access_token";
const ID: &str = "urn:ietf:params:oauth:token-type:id_token";

fn claims(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&oauthctl::b64::decode(part).unwrap()).unwrap()
}

fn exchange_as(s: &Server, form: &[(&str, &str)]) -> Reply {
    let mut full = vec![("grant_type", EXCHANGE)];
    full.extend_from_slice(form);
    s.post(
        "/token",
        &full,
        &[("Authorization", &basic("demo-client", SECRET))],
    )
}

fn user_tokens(s: &Server) -> Value {
    let (verifier, challenge) = pkce();
    let code = get_code(s, "demo-public", &challenge, "openid email");
    s.post(
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
    .json()
}

#[test]
fn a_live_access_token_is_exchanged_for_the_same_subject_never_wider() {
    let s = start_with(|settings| {
        settings.auto_approve = true;
        settings.clients[0].resources = vec!["https://api.example/".into()];
    });
    let tokens = user_tokens(&s);
    let subject = tokens["access_token"].as_str().unwrap();
    let r = exchange_as(
        &s,
        &[
            ("subject_token", subject),
            ("subject_token_type", ACCESS),
            ("scope", "email"),
            ("audience", "https://api.example/"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let body = r.json();
    assert_eq!(body["issued_token_type"], ACCESS);
    assert_eq!(body["token_type"], "Bearer");
    assert!(body.get("refresh_token").is_none());
    let issued = claims(body["access_token"].as_str().unwrap());
    assert_eq!(issued["sub"], "demo");
    assert_eq!(issued["client_id"], "demo-client");
    assert_eq!(issued["scope"], "email");
    assert_eq!(issued["aud"], "https://api.example/");
    assert_eq!(
        introspect(&s, body["access_token"].as_str().unwrap())["active"],
        true
    );
    // Each refusal for its own reason.
    type Form<'a> = &'a [(&'a str, &'a str)];
    let refusals: [(Form, &str, &str); 5] = [
        (
            &[
                ("subject_token", subject),
                ("subject_token_type", ACCESS),
                ("scope", "email read"),
            ],
            "invalid_scope",
            "wider",
        ),
        (
            &[
                ("subject_token", subject),
                ("subject_token_type", ACCESS),
                ("audience", "https://other.example/"),
            ],
            "invalid_target",
            "audience",
        ),
        (
            &[
                ("subject_token", subject),
                ("subject_token_type", ACCESS),
                (
                    "requested_token_type",
                    "urn:ietf:params:oauth:token-type:refresh_token",
                ),
            ],
            "invalid_request",
            "access tokens only",
        ),
        (
            &[
                ("subject_token", subject),
                (
                    "subject_token_type",
                    "urn:ietf:params:oauth:token-type:saml2",
                ),
            ],
            "invalid_request",
            "not supported",
        ),
        (
            &[
                ("subject_token", "not-a-token"),
                ("subject_token_type", ACCESS),
            ],
            "invalid_request",
            "not a live access token",
        ),
    ];
    for (form, error, words) in refusals {
        let r = exchange_as(&s, form);
        assert_eq!(r.json()["error"], error, "{form:?}: {}", r.body);
        assert!(r.body.contains(words), "{form:?}: {}", r.body);
    }
    // A revoked subject token is no longer exchanged.
    s.post(
        "/revoke",
        &[("token", subject), ("client_id", "demo-public")],
        &[],
    );
    let r = exchange_as(
        &s,
        &[("subject_token", subject), ("subject_token_type", ACCESS)],
    );
    assert!(r.body.contains("not a live access token"), "{}", r.body);
}

#[test]
fn an_id_token_subject_and_an_actor_give_an_act_claim() {
    let s = start_with(|settings| settings.auto_approve = true);
    // The exchanging client's own ID token.
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid email");
    let own = exchange(&s, &code, &verifier).json();
    let service = s
        .post(
            "/token",
            &[("grant_type", "client_credentials")],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
        .json();
    let r = exchange_as(
        &s,
        &[
            ("subject_token", own["id_token"].as_str().unwrap()),
            ("subject_token_type", ID),
            ("actor_token", service["access_token"].as_str().unwrap()),
            ("actor_token_type", ACCESS),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let issued = claims(r.json()["access_token"].as_str().unwrap());
    assert_eq!(issued["sub"], "demo");
    assert_eq!(issued["act"], json!({"sub": "demo-client"}));
    assert_eq!(issued["scope"], "openid");
    // Another client's ID token is not this client's to exchange.
    let tokens = user_tokens(&s);
    let r = exchange_as(
        &s,
        &[
            ("subject_token", tokens["id_token"].as_str().unwrap()),
            ("subject_token_type", ID),
        ],
    );
    assert_eq!(r.json()["error"], "invalid_request", "{}", r.body);
    assert!(r.body.contains("does not include"), "{}", r.body);
    // An access token passed off as an ID token is refused.
    let r = exchange_as(
        &s,
        &[
            ("subject_token", own["access_token"].as_str().unwrap()),
            ("subject_token_type", ID),
        ],
    );
    assert!(r.body.contains("not an ID token"), "{}", r.body);
}

#[test]
fn a_client_without_the_grant_may_not_exchange() {
    let s = start_with(|settings| settings.auto_approve = true);
    let tokens = user_tokens(&s);
    let r = s.post(
        "/token",
        &[
            ("grant_type", EXCHANGE),
            ("subject_token", tokens["access_token"].as_str().unwrap()),
            ("subject_token_type", ACCESS),
            ("client_id", "demo-public"),
        ],
        &[],
    );
    assert_eq!(r.json()["error"], "unauthorized_client", "{}", r.body);
}

#[test]
fn flow_runs_a_token_exchange_against_serve() {
    let server = common::serve_process::start(&["--ephemeral"], None);
    let printed = oauthctl()
        .args(["flow", "--grant", "client-credentials", "--scope", "read"])
        .args(server.demo_client_args())
        .args(["--print", "access_token"])
        .output()
        .unwrap();
    assert_success(&printed);
    let dir = tempfile::tempdir().unwrap();
    let subject = dir.path().join("subject.token");
    std::fs::write(&subject, &printed.stdout).unwrap();
    let out = oauthctl()
        .args([
            "--output",
            "json",
            "flow",
            "--grant",
            "token-exchange",
            "--scope",
            "read",
        ])
        .args(server.demo_client_args())
        .arg("--subject-token-file")
        .arg(&subject)
        .output()
        .unwrap();
    assert_success(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let token = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "token")
        .expect("a token step");
    assert_eq!(token["ok"], true, "{doc}");
    assert!(
        token["detail"].as_str().unwrap().contains("token-exchange"),
        "{doc}"
    );
}

#[test]
fn flow_asks_for_an_audience_in_a_token_exchange() {
    let api = "https://api.example/";
    let s = start_with(move |settings| settings.clients[0].resources = vec![api.into()]);
    let subject = run_flow_text(
        &s,
        &[
            "--grant",
            "client-credentials",
            "--scope",
            "read",
            "--print",
            "access_token",
        ],
    );
    assert_success(&subject);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("subject.token");
    std::fs::write(&path, &subject.stdout).unwrap();
    let out = run_flow_text(
        &s,
        &[
            "--grant",
            "token-exchange",
            "--scope",
            "read",
            "--subject-token-file",
            path.to_str().unwrap(),
            "--audience",
            api,
            "--print",
            "access_token",
        ],
    );
    assert_success(&out);
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(&oauthctl::b64::decode(payload).unwrap()).unwrap();
    assert_eq!(claims["aud"], api);
}
