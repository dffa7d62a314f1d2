//! `flow --fapi2`: the FAPI 2.0 Security Profile's client. Against serve set up for it the
//! whole flow passes with PAR, private_key_jwt, DPoP and ES256; against servers that fall
//! short (RS256 ID tokens, bearer tokens only) it stops at its `fapi2` step and names what
//! is missing, before any authorization request; and what the client itself would get wrong
//! is a usage error.

use crate::common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::http_server::{Reply, TestServer};
use common::serve_client::*;
use oauthctl::keys::generate::{generate, KeySpec};
use oauthctl::keys::{Curve, Key};
use oauthctl::protocol::ClientAuthMethod;
use serde_json::{json, Value};

/// A `private_key_jwt` client key written by keygen, and the key itself.
fn client_key(dir: &std::path::Path) -> (String, Key) {
    let (path, key) = common::keygen_ec(dir, "client");
    (path.to_str().unwrap().to_string(), key)
}

/// serve with a `signer` client (private_key_jwt with `key`); ES256 ID tokens when
/// `ec_signing`, else RS256.
fn server(key: &Key, ec_signing: bool) -> Server {
    server_with(key, ec_signing, false)
}

/// [`server`], with `signer` held to FAPI 2.0 when `fapi2`.
fn server_with(key: &Key, ec_signing: bool, fapi2: bool) -> Server {
    let public = key.public();
    start_with(move |settings| {
        settings.auto_approve = true;
        let spec = if ec_signing {
            KeySpec::Ec(Curve::P256)
        } else {
            KeySpec::Rsa(2048)
        };
        let mut signing = generate(spec).unwrap();
        signing.kid = Some(signing.kid_or_thumbprint());
        settings.keys = vec![signing];
        let mut signer = settings.clients[0].clone();
        signer.id = "signer".into();
        signer.secret = None;
        signer.auth_method = ClientAuthMethod::PrivateKeyJwt;
        signer.jwks = vec![public];
        signer.fapi2 = fapi2;
        settings.clients.push(signer);
    })
}

fn fapi_flow(issuer: &str, key_path: &str) -> std::process::Output {
    let (_dir, _, password) = secret_files();
    common::oauthctl()
        .args(["--output", "json", "flow", "--fapi2", "--issuer", issuer])
        .args(["--client-id", "signer", "--client-key", key_path])
        .args([
            "--login",
            "auto",
            "--username",
            "demo",
            "--password-file",
            &password,
        ])
        .args(["--steps", "userinfo,refresh"])
        .output()
        .unwrap()
}

fn report(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn flow_fapi2_passes_against_serve_set_up_for_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = client_key(dir.path());
    let s = server(&key, true);
    let out = fapi_flow(&s.running.issuer, &path);
    let doc = report(&out);
    assert_eq!(doc["ok"], true, "{doc}");
    let names: Vec<&str> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        &names[..4],
        ["discovery", "fapi2", "par", "authorize"],
        "{doc}"
    );
    let token = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "token")
        .unwrap();
    assert!(
        token["detail"].as_str().unwrap().contains("DPoP-bound"),
        "{doc}"
    );
}

#[test]
fn flow_fapi2_names_what_a_server_lacks_before_any_authorization_request() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = client_key(dir.path());
    // serve signing ID tokens with RS256, which the profile does not permit.
    let s = server(&key, false);
    let doc = report(&fapi_flow(&s.running.issuer, &path));
    assert_eq!(doc["reason"], "fapi_server", "{doc}");
    assert!(doc["message"].as_str().unwrap().contains("RS256"), "{doc}");
    // A server with bearer tokens only, no PAR and no RFC 9207: every shortfall is named,
    // and nothing but its metadata was asked for.
    let routes = Arc::new(Mutex::new(HashMap::new()));
    let fake = TestServer::start(routes.clone());
    let base = fake.base.clone();
    routes.lock().unwrap().insert(
        "/.well-known/openid-configuration".to_string(),
        Reply::json(
            json!({
                "issuer": base,
                "authorization_endpoint": format!("{base}/authorize"),
                "token_endpoint": format!("{base}/token"),
                "jwks_uri": format!("{base}/jwks"),
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "id_token_signing_alg_values_supported": ["ES256"],
            })
            .to_string(),
        ),
    );
    let out = fapi_flow(&base, &path);
    assert_eq!(out.status.code(), Some(5));
    let message = report(&out)["message"].as_str().unwrap().to_string();
    for missing in [
        "pushed_authorization_request_endpoint",
        "authorization_response_iss_parameter_supported",
        "private_key_jwt",
        "only bearer tokens",
    ] {
        assert!(message.contains(missing), "{missing}: {message}");
    }
    assert_eq!(fake.paths(), ["/.well-known/openid-configuration"]);
}

#[test]
fn what_the_client_would_get_wrong_under_fapi2_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = client_key(dir.path());
    let (_secret_dir, secret, _) = secret_files();
    for (args, why) in [
        (
            vec!["--client-secret-file", secret.as_str()],
            "private_key_jwt",
        ),
        (
            vec![
                "--client-key",
                path.as_str(),
                "--grant",
                "client-credentials",
            ],
            "authorization code",
        ),
        (vec!["--client-key", path.as_str(), "--no-pkce"], "PKCE"),
    ] {
        let out = common::oauthctl()
            .args([
                "flow",
                "--fapi2",
                "--issuer",
                "https://idp.example",
                "--client-id",
                "signer",
            ])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(why), "{args:?}: {stderr}");
    }
}

#[test]
fn serve_holds_a_fapi2_client_to_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = client_key(dir.path());
    let s = server_with(&key, true, true);
    // The profile's client gets through.
    let doc = report(&fapi_flow(&s.running.issuer, &path));
    assert_eq!(doc["ok"], true, "{doc}");
    // A request in the query is refused: it must be pushed.
    let (_, challenge) = pkce();
    let r = s.get(
        &authorize_path("signer", REDIRECT, &challenge, "openid"),
        None,
    );
    assert_eq!(
        r.location_param("error").as_deref(),
        Some("invalid_request"),
        "{}",
        r.location()
    );
    // A token without DPoP is refused, even with a valid assertion.
    let out = common::oauthctl()
        .args(["--output", "json", "flow", "--issuer", &s.running.issuer])
        .args(["--client-id", "signer", "--client-key", &path])
        .args([
            "--grant",
            "client-credentials",
            "--scope",
            "read",
            "--steps",
            "",
        ])
        .output()
        .unwrap();
    let doc = report(&out);
    assert!(
        doc["message"]
            .as_str()
            .unwrap()
            .contains("must be DPoP-bound"),
        "{doc}"
    );
}

#[test]
fn a_fapi2_client_needs_private_key_jwt_and_serve_an_es256_or_eddsa_key() {
    let dir = tempfile::tempdir().unwrap();
    common::oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--name", "rsa"])
        .assert()
        .success();
    common::oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--name", "client", "--type", "ec"])
        .assert()
        .success();
    let start = |config: &str| {
        let path = dir.path().join("serve.toml");
        std::fs::write(&path, config).unwrap();
        common::oauthctl()
            .args([
                "serve",
                "--port",
                "0",
                "--ephemeral",
                "--config",
                path.to_str().unwrap(),
            ])
            .output()
            .unwrap()
    };
    let secret_client = start(
        r#"
[[clients]]
client_id = "bank"
secret = "a-secret-that-is-long-enough-0123"
fapi2 = true
redirect_uris = ["http://127.0.0.1/callback"]
"#,
    );
    assert_eq!(secret_client.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&secret_client.stderr);
    assert!(
        stderr.contains("fapi2: token_endpoint_auth_method must be private_key_jwt"),
        "{stderr}"
    );
    let rsa_server = start(
        r#"
[[keys]]
path = "rsa.key.pem"

[[clients]]
client_id = "bank"
jwks_file = "client.jwks.json"
fapi2 = true
redirect_uris = ["http://127.0.0.1/callback"]
"#,
    );
    assert_eq!(rsa_server.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&rsa_server.stderr);
    assert!(stderr.contains("the active key signs RS256"), "{stderr}");
}

#[test]
fn a_fapi2_clients_dpop_proof_must_use_a_permitted_algorithm() {
    let dir = tempfile::tempdir().unwrap();
    let (_, key) = client_key(dir.path());
    let s = server_with(&key, true, true);
    let token_url = s.url("/token");
    let assertion = |alg_key: &Key| {
        let now = oauthctl::jwt::time::now().unwrap();
        let claims = json!({"iss": "signer", "sub": "signer", "aud": token_url, "iat": now,
            "exp": now + 60, "jti": oauthctl::jwt::token::random_jti().unwrap()});
        let signer =
            oauthctl::keys::crypto::Signer::new(alg_key, alg_key.default_algorithm()).unwrap();
        oauthctl::jwt::token::mint(
            &signer,
            &serde_json::Map::new(),
            claims.as_object().unwrap(),
        )
        .unwrap()
    };
    let request = |proof: &str| {
        let jwt = assertion(&key);
        s.post(
            "/token",
            &[
                ("grant_type", "client_credentials"),
                ("scope", "read"),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("client_assertion", &jwt),
            ],
            &[("DPoP", proof)],
        )
    };
    // ES384 is an asymmetric algorithm serve accepts, but not one FAPI 2.0 permits.
    let p384 = generate(KeySpec::Ec(Curve::P384)).unwrap();
    let es384 = oauthctl::protocol::dpop::Prover::new(p384).unwrap();
    let refused = request(&es384.proof("POST", &token_url, None, None).unwrap());
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused.body.contains("signed with ES384; FAPI 2.0 permits"),
        "{}",
        refused.body
    );
    let es256 = oauthctl::protocol::dpop::Prover::ephemeral().unwrap();
    let issued = request(&es256.proof("POST", &token_url, None, None).unwrap());
    assert_eq!(issued.status, 200, "{}", issued.body);
}
