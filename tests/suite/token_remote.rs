//! `token verify --jwks URL` and `--issuer URL` against a local server on 127.0.0.1.

use crate::common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::http_server::{Reply, TestServer};
use common::{assert_success, oauthctl, read};
use serde_json::{json, Value};

struct Setup {
    dir: tempfile::TempDir,
    token: String,
    jwks: Value,
}

fn setup(iss: &str) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--type", "ec"])
        .assert()
        .success();
    let out = oauthctl()
        .current_dir(dir.path())
        .args([
            "token",
            "mint",
            "--key",
            "oauthctl.key.pem",
            "--iss",
            iss,
            "--aud",
            "api",
        ])
        .output()
        .unwrap();
    let jwks: Value = serde_json::from_str(&read(&dir.path().join("oauthctl.jwks.json"))).unwrap();
    Setup {
        token: String::from_utf8(out.stdout).unwrap().trim().to_string(),
        jwks,
        dir,
    }
}

fn routes() -> Arc<Mutex<HashMap<String, Reply>>> {
    Arc::new(Mutex::new(HashMap::new()))
}

#[test]
fn jwks_url_verifies_and_skips_unusable_entries_with_a_warning() {
    let map = routes();
    let server = TestServer::start(map.clone());
    let s = setup("https://issuer.test");
    let mut jwks = s.jwks.clone();
    // An encryption key the verifier cannot use: skipped, not fatal.
    let mut enc = jwks["keys"][0].clone();
    enc["kid"] = json!("enc-key");
    enc["use"] = json!("enc");
    jwks["keys"].as_array_mut().unwrap().push(enc);
    map.lock()
        .unwrap()
        .insert("/jwks.json".into(), Reply::json(jwks.to_string()));
    let out = oauthctl()
        .args([
            "token",
            "verify",
            &s.token,
            "--jwks",
            &format!("{}/jwks.json", server.base),
            "--aud",
            "api",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: skipped JWKS key 1 (kid `enc-key`)"),
        "{stderr}"
    );
    drop(s.dir);
}

#[test]
fn issuer_discovery_finds_the_jwks_and_checks_iss() {
    let map = routes();
    let server = TestServer::start(map.clone());
    let issuer = server.base.clone();
    let s = setup(&issuer);
    {
        let mut m = map.lock().unwrap();
        m.insert(
            "/.well-known/openid-configuration".into(),
            Reply::json(
                json!({"issuer": issuer, "jwks_uri": format!("{issuer}/keys")}).to_string(),
            ),
        );
        m.insert("/keys".into(), Reply::json(s.jwks.to_string()));
    }
    let out = oauthctl()
        .args([
            "token", "verify", &s.token, "--issuer", &issuer, "--aud", "api",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    // A token from another issuer, signed by the same key (so its kid is found and its
    // signature verifies), is rejected for its iss alone.
    let out = oauthctl()
        .current_dir(s.dir.path())
        .args([
            "token",
            "mint",
            "--key",
            "oauthctl.key.pem",
            "--iss",
            "https://elsewhere.test",
            "--aud",
            "api",
        ])
        .output()
        .unwrap();
    let other = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let out = oauthctl()
        .args([
            "token", "verify", &other, "--issuer", &issuer, "--aud", "api",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[iss_mismatch]"), "{stderr}");
}

#[test]
fn rfc8414_metadata_is_the_fallback() {
    let map = routes();
    let server = TestServer::start(map.clone());
    let issuer = format!("{}/tenant", server.base);
    let s = setup(&issuer);
    {
        let mut m = map.lock().unwrap();
        m.insert(
            "/.well-known/oauth-authorization-server/tenant".into(),
            Reply::json(
                json!({"issuer": issuer, "jwks_uri": format!("{}/k", server.base)}).to_string(),
            ),
        );
        m.insert("/k".into(), Reply::json(s.jwks.to_string()));
    }
    let out = oauthctl()
        .args(["token", "verify", &s.token, "--issuer", &issuer])
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(
        server.paths(),
        [
            "/tenant/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server/tenant",
            "/k"
        ]
    );
}

#[test]
fn wrong_issuer_in_metadata_is_rejected_before_fetching_keys() {
    let map = routes();
    let server = TestServer::start(map.clone());
    let issuer = server.base.clone();
    let s = setup(&issuer);
    map.lock().unwrap().insert(
        "/.well-known/openid-configuration".into(),
        Reply::json(
            json!({"issuer": format!("{issuer}/"), "jwks_uri": format!("{issuer}/keys")})
                .to_string(),
        ),
    );
    let out = oauthctl()
        .args(["token", "verify", &s.token, "--issuer", &issuer])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[issuer_mismatch]"));
    assert!(
        !server.paths().contains(&"/keys".to_string()),
        "keys were fetched"
    );
}

#[test]
fn plain_http_is_only_for_loopback() {
    let s = setup("https://issuer.test");
    let out = oauthctl()
        .args([
            "token",
            "verify",
            &s.token,
            "--jwks",
            "http://keys.example/jwks.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[insecure_url]"));

    let map = routes();
    let server = TestServer::start(map.clone());
    map.lock().unwrap().insert(
        "/.well-known/openid-configuration".into(),
        Reply::json(
            json!({"issuer": server.base, "jwks_uri": "http://keys.example/jwks"}).to_string(),
        ),
    );
    let out = oauthctl()
        .args(["token", "verify", &s.token, "--issuer", &server.base])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    // The server's plain-http jwks_uri is its protocol fault: insecure_url, exit 5.
    assert!(stderr.contains("error[insecure_url]"), "{stderr}");
    assert!(stderr.contains("http://keys.example/jwks"), "{stderr}");
}

#[test]
fn unreachable_server_is_a_network_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let s = setup("https://issuer.test");
    let out = oauthctl()
        .args([
            "token",
            "verify",
            &s.token,
            "--jwks",
            &format!("http://127.0.0.1:{port}/jwks"),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
