//! The users' original setup on one machine: serve under an enterprise IdP's issuer path,
//! as the gateway in front of a business API, and as the demo token server.

use crate::common;

use common::serve_client::*;
use common::{assert_success, oauthctl};
use serde_json::Value;

const PATH: &str = "/auth/oauth/v20";

fn under_path() -> Server {
    start_with(|settings| {
        settings.issuer = Some(format!("http://{}{PATH}", settings.bind));
    })
}

/// The demo client's secret and the demo password in files, as `flow` reads them.
fn secret_files() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("client.secret");
    let password = dir.path().join("demo.password");
    std::fs::write(&secret, SECRET).unwrap();
    std::fs::write(&password, PASSWORD).unwrap();
    let text = |p: std::path::PathBuf| p.to_str().unwrap().to_string();
    (dir, text(secret), text(password))
}

#[test]
fn an_issuer_with_a_path_serves_every_endpoint_under_it_and_flow_runs_through() {
    let s = under_path();
    let issuer = s.running.issuer.clone();
    assert!(issuer.ends_with(PATH), "{issuer}");
    let meta = s.get("/.well-known/openid-configuration", None).json();
    assert_eq!(meta["issuer"], issuer);
    assert_eq!(meta["token_endpoint"], format!("{issuer}/token"));
    // RFC 8414 section 3.1: the well-known segment goes before the issuer's path.
    let origin = issuer.strip_suffix(PATH).unwrap();
    let rfc8414 = reply(
        agent()
            .get(&format!(
                "{origin}/.well-known/oauth-authorization-server{PATH}"
            ))
            .call(),
    );
    assert_eq!(rfc8414.status, 200);
    assert_eq!(rfc8414.json()["issuer"], issuer);
    // Nothing answers at the root any more.
    let root = reply(agent().get(&format!("{origin}/jwks")).call());
    assert_eq!(root.status, 404);
    // The login form posts under the path too.
    let page = s.get(
        &authorize_path("demo-client", REDIRECT, &pkce().1, "openid"),
        None,
    );
    assert!(
        page.body.contains(&format!("action=\"{PATH}/login\"")),
        "{}",
        page.body
    );
    // The whole flow, as the banner prints it, headless.
    let (_dir, secret, password) = secret_files();
    let out = oauthctl()
        .args(["flow", "--issuer", &issuer, "--client-id", "demo-client"])
        .args(["--client-secret-file", &secret, "--login", "auto"])
        .args(["--username", "demo", "--password-file", &password])
        .output()
        .unwrap();
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("userinfo") && stderr.contains("revoke"),
        "{stderr}"
    );
}

#[test]
fn a_client_assertion_for_a_path_issuers_token_endpoint_is_accepted() {
    use oauthctl::keys::generate::{generate, KeySpec};
    let mut key = generate(KeySpec::Ec(oauthctl::keys::Curve::P256)).unwrap();
    key.kid = Some(key.kid_or_thumbprint());
    let public = key.public();
    let s = start_with(move |settings| {
        settings.issuer = Some(format!("http://{}{PATH}", settings.bind));
        let mut client = settings.clients[0].clone();
        client.id = "signer".into();
        client.secret = None;
        client.auth_method = oauthctl::protocol::ClientAuthMethod::PrivateKeyJwt;
        client.jwks = vec![public];
        settings.clients.push(client);
    });
    let now = oauthctl::jwt::time::now().unwrap();
    let signer = oauthctl::keys::crypto::Signer::new(&key, key.default_algorithm()).unwrap();
    let mut header = serde_json::Map::new();
    header.insert("kid".into(), key.kid.clone().unwrap().into());
    let claims = serde_json::json!({
        "iss": "signer", "sub": "signer", "aud": s.url("/token"),
        "iat": now, "exp": now + 60, "jti": "j1",
    });
    let jwt = oauthctl::jwt::token::mint(&signer, &header, claims.as_object().unwrap()).unwrap();
    let r = s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", &jwt),
        ],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let _: Value = r.json();
}
