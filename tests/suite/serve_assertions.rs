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

const PARTNER: &str = "https://partner.example";

/// serve trusting `PARTNER`'s `key` (and demo-client's own `key` as an issuer named after
/// it) for the jwt-bearer grant, which demo-client may use.
fn bearer_server(key: &Key) -> Server {
    let public = key.public();
    start_with(move |settings| {
        settings.clients[0]
            .grants
            .insert(oauthctl::protocol::GrantType::JwtBearer);
        for issuer in [PARTNER, "demo-client"] {
            settings
                .assertion_issuers
                .push(oauthctl::server::config::AssertionIssuer {
                    issuer: issuer.into(),
                    keys: vec![public.clone()],
                });
        }
    })
}

fn grant_claims(s: &Server) -> Map<String, Value> {
    let now = oauthctl::jwt::time::now().unwrap();
    json!({
        "iss": PARTNER, "sub": "demo", "aud": s.url("/token"),
        "iat": now, "exp": now + 60, "jti": random_jti().unwrap(),
    })
    .as_object()
    .unwrap()
    .clone()
}

fn bearer_grant(s: &Server, assertion: &str) -> Reply {
    s.post(
        "/token",
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", assertion),
            ("scope", "openid"),
        ],
        &[("Authorization", &basic("demo-client", SECRET))],
    )
}

#[test]
fn the_jwt_bearer_grant_takes_a_trusted_issuers_assertion_once() {
    let key = generate(KeySpec::Ec(Curve::P256)).unwrap();
    let s = bearer_server(&key);
    let jwt = sign(&key, Algorithm::Es256, &grant_claims(&s));
    let issued = bearer_grant(&s, &jwt);
    assert_eq!(issued.status, 200, "{}", issued.body);
    let access = issued.json()["access_token"].as_str().unwrap().to_string();
    let info = s.get_bearer("/userinfo", &access).json();
    assert_eq!(info["sub"], "demo", "{info}");
    let again = bearer_grant(&s, &jwt);
    assert_eq!(again.json()["error"], "invalid_grant");
    assert!(again.body.contains("already used"), "{}", again.body);
}

#[test]
fn hostile_jwt_bearer_assertions_are_refused_for_their_reason() {
    let key = generate(KeySpec::Ec(Curve::P256)).unwrap();
    let s = bearer_server(&key);
    let now = oauthctl::jwt::time::now().unwrap();
    let edited = |name: &str, value: Value| {
        let mut c = grant_claims(&s);
        if value.is_null() {
            c.remove(name);
        } else {
            c.insert(name.into(), value);
        }
        sign(&key, Algorithm::Es256, &c)
    };
    let unsigned = format!(
        "{}.{}.",
        oauthctl::b64::encode(r#"{"alg":"none"}"#),
        oauthctl::b64::encode(Value::Object(grant_claims(&s)).to_string())
    );
    let other = generate(KeySpec::Ec(Curve::P256)).unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "untrusted issuer",
            edited("iss", "https://evil.example".into()),
            "not a trusted issuer",
        ),
        (
            "another server's aud",
            edited("aud", "https://other.example/token".into()),
            "aud",
        ),
        (
            "signed by another key",
            sign(&other, Algorithm::Es256, &grant_claims(&s)),
            "signature",
        ),
        ("alg none", unsigned, "unsigned"),
        ("no jti", edited("jti", Value::Null), "jti"),
        ("no sub", edited("sub", Value::Null), "sub"),
        (
            "lives two hours",
            edited("exp", (now + 7200).into()),
            "lives more than 3600 s",
        ),
        ("expired", edited("exp", (now - 120).into()), "expired"),
    ];
    for (case, jwt, why) in &cases {
        let refused = bearer_grant(&s, jwt);
        assert_eq!(refused.status, 400, "{case}: {}", refused.body);
        let body = refused.json();
        assert_eq!(body["error"], "invalid_grant", "{case}: {body}");
        assert!(
            body["error_description"].as_str().unwrap().contains(why),
            "{case}: {body}"
        );
    }
    assert_eq!(
        bearer_grant(&s, &sign(&key, Algorithm::Es256, &grant_claims(&s))).status,
        200
    );
}

#[test]
fn flow_runs_the_jwt_bearer_grant_from_a_file_or_signing_one() {
    let dir = tempfile::tempdir().unwrap();
    let (key_path, key) = common::keygen_ec(dir.path(), "client");
    let s = bearer_server(&key);
    let assertion = dir.path().join("assertion.jwt");
    std::fs::write(&assertion, sign(&key, Algorithm::Es256, &grant_claims(&s))).unwrap();
    let grant = [
        "--grant",
        "jwt-bearer",
        "--scope",
        "openid",
        "--steps",
        "userinfo",
    ];
    let from_file = run_flow(
        &s,
        &[
            &grant[..],
            &["--assertion-file", assertion.to_str().unwrap()],
        ]
        .concat(),
    );
    common::assert_success(&from_file);
    let signed = run_flow(
        &s,
        &[
            &grant[..],
            &[
                "--assertion-sub",
                "demo",
                "--client-key",
                key_path.to_str().unwrap(),
                "--auth-method",
                "client_secret_basic",
            ],
        ]
        .concat(),
    );
    common::assert_success(&signed);
    let doc: Value = serde_json::from_slice(&signed.stdout).unwrap();
    let userinfo = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "userinfo")
        .unwrap();
    assert!(
        userinfo["detail"].as_str().unwrap().contains("sub demo"),
        "{doc}"
    );
}
