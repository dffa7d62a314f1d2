//! `oauthctl flow --dpop` (RFC 9449): against serve holding a client to DPoP with nonces,
//! with a key file from `keygen`, and against small token endpoints that do not bind what
//! they were asked to bind (the flow must fail, not report a green run).

use crate::common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::http_server::{Reply, TestServer};
use common::serve_client::*;
use serde_json::{json, Value};

fn steps(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn step_detail(doc: &Value, name: &str) -> String {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["detail"].as_str())
        .unwrap_or_default()
        .to_string()
}

fn claims_of(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&oauthctl::b64::decode(part).unwrap()).unwrap()
}

#[test]
fn flow_binds_every_token_with_dpop_and_answers_the_nonce_challenges() {
    let s = start_with(|settings| {
        settings.auto_approve = true;
        settings.clients[0].require_dpop = true;
        settings.clients[0].require_dpop_nonce = true;
    });
    let bound = run_flow(&s, &["--dpop"]);
    common::assert_success(&bound);
    let doc = steps(&bound);
    assert_eq!(doc["failed"], 0, "{doc}");
    assert!(
        step_detail(&doc, "token").contains("DPoP-bound to"),
        "{doc}"
    );
    // userinfo and refresh went through with proofs (and nonces) too.
    for step in ["userinfo", "refresh", "introspect", "revoke"] {
        assert!(
            doc["steps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["name"] == step && s["ok"] == true && s["skipped"] == false),
            "{step}: {doc}"
        );
    }
    // The same client without DPoP gets no token, and the flow says why.
    let refused = run_flow(&s, &[]);
    assert_eq!(
        refused.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let message = steps(&refused)["message"].as_str().unwrap().to_string();
    assert!(message.contains("invalid_dpop_proof"), "{message}");
}

#[test]
fn a_dpop_key_file_from_keygen_is_the_key_the_tokens_are_bound_to() {
    let s = start_with(|settings| settings.auto_approve = true);
    let dir = tempfile::tempdir().unwrap();
    for kind in ["ec", "ed25519", "rsa"] {
        common::oauthctl()
            .current_dir(dir.path())
            .args(["keygen", "--name", kind, "--type", kind])
            .assert()
            .success();
        let key = dir.path().join(format!("{kind}.key.pem"));
        let loaded = oauthctl::keys::load::load_path(&key, &oauthctl::keys::load::no_passphrase)
            .unwrap()
            .select(None)
            .unwrap();
        let jkt = oauthctl::keys::jwk::thumbprint(
            &loaded.public(),
            oauthctl::keys::jwk::ThumbprintHash::Sha256,
        );
        let printed = printed_tokens(&s, &key);
        assert_eq!(printed["token_type"], "DPoP", "{kind}");
        assert_eq!(printed["dpop_jkt"], jkt.as_str(), "{kind}");
        assert!(
            printed.get("dpop_key").is_none(),
            "{kind}: a key file is not printed back"
        );
        let access = printed["access_token"].as_str().unwrap();
        assert_eq!(claims_of(access)["cnf"]["jkt"], jkt.as_str(), "{kind}");
    }
}

/// `flow --print tokens` (text output) with the DPoP key file.
fn printed_tokens(s: &Server, key: &std::path::Path) -> Value {
    let out = run_flow_text(
        s,
        &["--dpop-key", key.to_str().unwrap(), "--print", "tokens"],
    );
    common::assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_fresh_dpop_key_is_printed_with_the_tokens_so_that_a_script_can_keep_using_them() {
    let s = start_with(|settings| settings.auto_approve = true);
    let out = run_flow_text(&s, &["--dpop", "--print", "tokens"]);
    common::assert_success(&out);
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let jwk = printed["dpop_key"].as_object().expect("the fresh key");
    let key = oauthctl::keys::jwk::parse_jwk(jwk).unwrap();
    assert!(key.is_private());
    // A proof made with the printed key is accepted for the printed token.
    let prover = oauthctl::protocol::dpop::Prover::new(key).unwrap();
    assert_eq!(printed["dpop_jkt"], prover.jkt());
    let access = printed["access_token"].as_str().unwrap();
    let proof = prover
        .proof("GET", &s.url("/userinfo"), Some(access), None)
        .unwrap();
    let scheme = format!("DPoP {access}");
    let info = s.get_with("/userinfo", &[("Authorization", &scheme), ("DPoP", &proof)]);
    assert_eq!(info.status, 200, "{}", info.body);
}

/// A token endpoint that answers every request with `body`.
fn token_endpoint(body: Value) -> TestServer {
    let routes = Arc::new(Mutex::new(HashMap::new()));
    routes
        .lock()
        .unwrap()
        .insert("/token".to_string(), Reply::json(body.to_string()));
    TestServer::start(routes)
}

fn client_credentials_against(server: &TestServer) -> std::process::Output {
    let (_dir, secret, _) = secret_files();
    common::oauthctl()
        .args(["--output", "json", "flow", "--grant", "client-credentials"])
        .args(["--token-url", &format!("{}/token", server.base)])
        .args([
            "--client-id",
            "c",
            "--client-secret-file",
            &secret,
            "--dpop",
        ])
        .output()
        .unwrap()
}

#[test]
fn a_server_that_ignores_the_proof_fails_the_flow() {
    let server = token_endpoint(json!({"access_token": "opaque", "token_type": "Bearer"}));
    let out = client_credentials_against(&server);
    assert_eq!(out.status.code(), Some(5));
    let doc = steps(&out);
    assert_eq!(doc["reason"], "dpop_ignored", "{doc}");
    assert!(doc["message"]
        .as_str()
        .unwrap()
        .contains("token_type is `Bearer`"));
}

#[test]
fn a_token_bound_to_another_key_fails_the_flow() {
    let claims = json!({"sub": "c", "cnf": {"jkt": "not-this-key"}});
    let jwt = format!(
        "{}.{}.{}",
        oauthctl::b64::encode(r#"{"alg":"ES256","typ":"at+jwt"}"#),
        oauthctl::b64::encode(claims.to_string()),
        oauthctl::b64::encode("sig")
    );
    let server = token_endpoint(json!({"access_token": jwt, "token_type": "DPoP"}));
    let out = client_credentials_against(&server);
    assert_eq!(out.status.code(), Some(5));
    let doc = steps(&out);
    assert_eq!(doc["reason"], "dpop_binding", "{doc}");
    assert!(doc["message"].as_str().unwrap().contains("`not-this-key`"));
}

#[test]
fn a_script_makes_its_own_proofs_with_token_dpop_proof_from_the_printed_key() {
    let s = start_with(|settings| settings.auto_approve = true);
    let out = run_flow_text(&s, &["--dpop", "--print", "tokens"]);
    common::assert_success(&out);
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("dpop.jwk.json");
    std::fs::write(&key, printed["dpop_key"].to_string()).unwrap();
    let access = printed["access_token"].as_str().unwrap();
    let url = s.url("/userinfo");
    let proof_for = |token: &str| {
        let made = common::oauthctl()
            .args(["token", "dpop-proof", "--key", key.to_str().unwrap()])
            .args(["--url", &url, "--access-token", token])
            .output()
            .unwrap();
        common::assert_success(&made);
        String::from_utf8(made.stdout).unwrap().trim().to_string()
    };
    let scheme = format!("DPoP {access}");
    for _ in 0..2 {
        // A fresh proof each time: both requests pass.
        let proof = proof_for(access);
        let info = s.get_with("/userinfo", &[("Authorization", &scheme), ("DPoP", &proof)]);
        assert_eq!(info.status, 200, "{}", info.body);
    }
    // A proof for another token does not carry this one's hash.
    let other = proof_for("another.token.value");
    let refused = s.get_with("/userinfo", &[("Authorization", &scheme), ("DPoP", &other)]);
    assert_eq!(refused.status, 401);
    let json = common::oauthctl()
        .args([
            "--output",
            "json",
            "token",
            "dpop-proof",
            "--key",
            key.to_str().unwrap(),
        ])
        .args(["--method", "post", "--url", "https://idp.example/token?x=1"])
        .output()
        .unwrap();
    common::assert_success(&json);
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["jkt"], printed["dpop_jkt"]);
    assert_eq!(doc["htm"], "POST");
    assert_eq!(doc["htu"], "https://idp.example/token");
}
