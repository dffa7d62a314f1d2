//! Client assertions (RFC 7523) in serve: `private_key_jwt` and `client_secret_jwt` (an
//! HMAC keyed with the client secret); each assertion works once (`jti`), lives at most an
//! hour, names this server, and is verified only with the keys of its client's own method.
//! Each hostile assertion is built from a passing one with one change.

use crate::common;

use common::serve_client::*;
use oauthctl::jwt::token::{mint, random_jti};
use oauthctl::keys::crypto::Signer;
use oauthctl::keys::generate::{generate, KeySpec};
use oauthctl::keys::{Algorithm, Curve, Key, Material};
use oauthctl::protocol::ClientAuthMethod;
use oauthctl::secret::Secret;
use serde_json::{json, Map, Value};

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const HMAC_SECRET: &str = "a-client-secret-of-thirty-two-b!";

fn hmac_key(secret: &str) -> Key {
    Key::new(Material::Oct {
        k: Secret::new(secret.into()),
    })
}

/// serve with `signer` (private_key_jwt, `key`) and `hmac` (client_secret_jwt).
fn server(key: &Key) -> Server {
    let public = key.public();
    start_with(move |settings| {
        let mut signer = settings.clients[0].clone();
        signer.id = "signer".into();
        signer.secret = None;
        signer.auth_method = ClientAuthMethod::PrivateKeyJwt;
        signer.jwks = vec![public];
        let mut hmac = signer.clone();
        settings.clients.push(signer);
        hmac.id = "hmac".into();
        hmac.auth_method = ClientAuthMethod::ClientSecretJwt;
        hmac.secret = Some(Secret::new(HMAC_SECRET.into()));
        hmac.jwks = Vec::new();
        settings.clients.push(hmac);
    })
}

fn claims(s: &Server, client: &str) -> Map<String, Value> {
    let now = oauthctl::jwt::time::now().unwrap();
    json!({
        "iss": client, "sub": client, "aud": s.url("/token"),
        "iat": now, "exp": now + 60, "jti": random_jti().unwrap(),
    })
    .as_object()
    .unwrap()
    .clone()
}

fn sign(key: &Key, alg: Algorithm, claims: &Map<String, Value>) -> String {
    mint(&Signer::new(key, alg).unwrap(), &Map::new(), claims).unwrap()
}

fn token_with(s: &Server, assertion: &str) -> Reply {
    s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            ("client_assertion_type", ASSERTION_TYPE),
            ("client_assertion", assertion),
        ],
        &[],
    )
}

fn assert_refused(reply: &Reply, why: &str, case: &str) {
    assert_eq!(reply.status, 401, "{case}: {}", reply.body);
    let body = reply.json();
    assert_eq!(body["error"], "invalid_client", "{case}");
    assert!(
        body["error_description"].as_str().unwrap().contains(why),
        "{case}: {body}"
    );
}

#[test]
fn each_assertion_works_once_for_either_method() {
    let key = generate(KeySpec::Ec(Curve::P256)).unwrap();
    let s = server(&key);
    for (client, jwt) in [
        (
            "signer",
            sign(&key, Algorithm::Es256, &claims(&s, "signer")),
        ),
        (
            "hmac",
            sign(
                &hmac_key(HMAC_SECRET),
                Algorithm::Hs256,
                &claims(&s, "hmac"),
            ),
        ),
    ] {
        let first = token_with(&s, &jwt);
        assert_eq!(first.status, 200, "{client}: {}", first.body);
        assert_refused(&token_with(&s, &jwt), "already used", client);
    }
}

#[test]
fn hostile_client_assertions_are_refused() {
    let key = generate(KeySpec::Ec(Curve::P256)).unwrap();
    let s = server(&key);
    let hmac = hmac_key(HMAC_SECRET);
    let edited = |client: &str, name: &str, value: Value| {
        let mut c = claims(&s, client);
        if value.is_null() {
            c.remove(name);
        } else {
            c.insert(name.into(), value);
        }
        c
    };
    let now = oauthctl::jwt::time::now().unwrap();
    // The public key's bytes as an HMAC secret: the classic algorithm confusion.
    let public_pem = oauthctl::keys::der::encode_spki(&key).unwrap();
    let confused = hmac_key(&oauthctl::b64::encode(public_pem));
    let unsigned = format!(
        "{}.{}.",
        oauthctl::b64::encode(r#"{"alg":"none"}"#),
        oauthctl::b64::encode(Value::Object(claims(&s, "hmac")).to_string())
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "another secret",
            sign(
                &hmac_key("another-secret-of-thirty-two-by!"),
                Algorithm::Hs256,
                &claims(&s, "hmac"),
            ),
            "rejected",
        ),
        ("alg none", unsigned, "rejected"),
        (
            "HS256 for a private_key_jwt client",
            sign(&confused, Algorithm::Hs256, &claims(&s, "signer")),
            "rejected",
        ),
        (
            "ES256 for a client_secret_jwt client",
            sign(&key, Algorithm::Es256, &claims(&s, "hmac")),
            "rejected",
        ),
        (
            "another server's aud",
            sign(
                &hmac,
                Algorithm::Hs256,
                &edited("hmac", "aud", "https://other.example/token".into()),
            ),
            "rejected",
        ),
        (
            "no jti",
            sign(&hmac, Algorithm::Hs256, &edited("hmac", "jti", Value::Null)),
            "rejected",
        ),
        (
            "lives two hours",
            sign(
                &hmac,
                Algorithm::Hs256,
                &edited("hmac", "exp", (now + 7200).into()),
            ),
            "lives more than 3600 s",
        ),
        (
            "expired",
            sign(
                &hmac,
                Algorithm::Hs256,
                &edited("hmac", "exp", (now - 120).into()),
            ),
            "rejected",
        ),
    ];
    for (case, jwt, why) in &cases {
        assert_refused(&token_with(&s, jwt), why, case);
    }
    // The baselines pass: each case failed for its change.
    assert_eq!(
        token_with(&s, &sign(&hmac, Algorithm::Hs256, &claims(&s, "hmac"))).status,
        200
    );
    assert_eq!(
        token_with(&s, &sign(&key, Algorithm::Es256, &claims(&s, "signer"))).status,
        200
    );
}

#[test]
fn a_client_secret_jwt_client_needs_a_secret_as_long_as_the_hash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("serve.toml");
    std::fs::write(
        &path,
        r#"
[[clients]]
client_id = "short"
secret = "only-thirty-one-bytes-long-0123"
token_endpoint_auth_method = "client_secret_jwt"
grant_types = ["client_credentials"]
"#,
    )
    .unwrap();
    let out = common::oauthctl()
        .args(["serve", "--port", "0", "--config", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("at least 32 bytes"), "{stderr}");
}

#[test]
fn flow_authenticates_with_client_secret_jwt() {
    let key = generate(KeySpec::Ec(Curve::P256)).unwrap();
    let s = server(&key);
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let (good, short) = (write("good", HMAC_SECRET), write("short", "too-short"));
    let run = |secret: &str| {
        common::oauthctl()
            .args(["--output", "json", "flow", "--issuer", &s.running.issuer])
            .args(["--grant", "client-credentials", "--scope", "read"])
            .args(["--client-id", "hmac", "--auth-method", "client_secret_jwt"])
            .args(["--client-secret-file", secret])
            .output()
            .unwrap()
    };
    common::assert_success(&run(&good));
    let refused = run(&short);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stdout).to_string();
    assert!(
        said.contains("weak_key") && said.contains("at least 32"),
        "{said}"
    );
}
