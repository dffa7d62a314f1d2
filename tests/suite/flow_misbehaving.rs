//! `oauthctl flow` against small misbehaving servers written here: F3 (callback `iss`) and
//! F10 (ID token checks). Each must end with exit 5 before the next request is sent.

use crate::common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::http_server::{Reply, TestServer};
use common::{assert_success, oauthctl};
use oauthctl::b64;
use oauthctl::keys::crypto::Signer;
use oauthctl::keys::generate::{generate, KeySpec};
use oauthctl::keys::{jwk, Algorithm, Curve, Key};
use serde_json::{json, Value};

struct Fake {
    server: TestServer,
    /// The key its JWKS publishes.
    key: Key,
}

fn query_param(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    pairs.into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

fn sign(key: &Key, alg: Algorithm, header: Value, claims: Value) -> String {
    let input = format!(
        "{}.{}",
        b64::encode(header.to_string()),
        b64::encode(claims.to_string())
    );
    let sig = Signer::new(key, alg)
        .unwrap()
        .sign(input.as_bytes())
        .unwrap();
    format!("{input}.{}", b64::encode(sig))
}

/// A server whose callback carries `iss` (None: leave it out) and whose token endpoint
/// returns the ID token `make_id_token(issuer, nonce, key)`.
fn fake(
    callback_iss: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    advertise_iss: bool,
    make_id_token: impl Fn(&str, &str, &Key) -> String + Send + Sync + 'static,
) -> Fake {
    let routes = Arc::new(Mutex::new(HashMap::new()));
    let server = TestServer::start(routes.clone());
    let mut key = generate(KeySpec::Ec(Curve::P256)).unwrap();
    key.kid = Some("k1".into());
    let base = server.base.clone();
    let nonce = Arc::new(Mutex::new(String::new()));
    {
        let mut r = routes.lock().unwrap();
        r.insert(
            "/.well-known/openid-configuration".into(),
            Reply::json(
                json!({
                    "issuer": base,
                    "authorization_endpoint": format!("{base}/authorize"),
                    "token_endpoint": format!("{base}/token"),
                    "jwks_uri": format!("{base}/jwks"),
                    "userinfo_endpoint": format!("{base}/userinfo"),
                    "authorization_response_iss_parameter_supported": advertise_iss,
                })
                .to_string(),
            ),
        );
        let mut public = key.public();
        public.alg = Some(Algorithm::Es256);
        r.insert(
            "/jwks".into(),
            Reply::json(json!({"keys": [Value::Object(jwk::to_jwk(&public, false))]}).to_string()),
        );
        r.insert("/userinfo".into(), Reply::json(r#"{"sub":"u"}"#));
    }
    let (nonce_in, issuer) = (nonce.clone(), base.clone());
    server.handle("/authorize", move |target| {
        *nonce_in.lock().unwrap() = query_param(target, "nonce").unwrap_or_default();
        let redirect = query_param(target, "redirect_uri").unwrap();
        let mut params = vec![
            ("code".to_string(), "the-code".to_string()),
            ("state".into(), query_param(target, "state").unwrap()),
        ];
        if let Some(iss) = callback_iss(&issuer) {
            params.push(("iss".into(), iss));
        }
        Reply::redirect(format!(
            "{redirect}?{}",
            serde_urlencoded::to_string(&params).unwrap()
        ))
    });
    let (signing_key, issuer) = (key.clone(), base.clone());
    let key = key.clone();
    server.handle("/token", move |_| {
        let id_token = make_id_token(&issuer, &nonce.lock().unwrap(), &signing_key);
        Reply::json(json!({"access_token": "opaque-access", "token_type": "Bearer", "expires_in": 300, "id_token": id_token}).to_string())
    });
    Fake { server, key }
}

/// Builds an ID token from (issuer, nonce, signing key).
type MakeIdToken = dyn Fn(&str, &str, &Key) -> String + Send + Sync;

fn good_claims(issuer: &str, nonce: &str) -> Value {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    json!({"iss": issuer, "sub": "u", "aud": "c", "exp": now + 300, "iat": now, "nonce": nonce})
}

fn good_token(issuer: &str, nonce: &str, key: &Key) -> String {
    sign(
        key,
        Algorithm::Es256,
        json!({"alg": "ES256", "kid": "k1"}),
        good_claims(issuer, nonce),
    )
}

fn run_flow(fake: &Fake) -> std::process::Output {
    oauthctl()
        .args([
            "flow",
            "--issuer",
            &fake.server.base,
            "--client-id",
            "c",
            "--auth-method",
            "none",
        ])
        .args(["--login", "auto", "--steps", "userinfo"])
        .output()
        .unwrap()
}

#[track_caller]
fn assert_aborted(fake: &Fake, reason: &str, never: &str) {
    let out = run_flow(fake);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains(reason), "expected {reason}: {stderr}");
    assert!(
        !fake.server.paths().contains(&never.to_string()),
        "{never} was called: {:?}",
        fake.server.paths()
    );
}

#[test]
fn a_well_behaved_fake_passes() {
    let fake = fake(|issuer| Some(issuer.to_string()), true, good_token);
    let out = run_flow(&fake);
    assert_success(&out);
    assert!(fake.server.paths().contains(&"/userinfo".to_string()));
}

#[test]
fn f3_callback_iss_must_match_or_be_present_when_advertised() {
    assert_aborted(
        &fake(|issuer| Some(format!("{issuer}/")), true, good_token),
        "iss_mismatch",
        "/token",
    );
    assert_aborted(
        &fake(|_| Some("https://evil.example".into()), false, good_token),
        "iss_mismatch",
        "/token",
    );
    assert_aborted(&fake(|_| None, true, good_token), "iss_missing", "/token");
    // Without the RFC 9207 advertisement, a missing iss is tolerated.
    let tolerant = fake(|_| None, false, good_token);
    assert!(run_flow(&tolerant).status.success());
}

#[test]
fn f10_bad_id_tokens_stop_the_flow_before_userinfo() {
    let iss = |issuer: &str| Some(issuer.to_string());
    let variants: Vec<(&str, Box<MakeIdToken>)> = vec![
        (
            "claim_mismatch",
            Box::new(|i: &str, _n: &str, k: &Key| good_token(i, "another-nonce", k)),
        ),
        (
            "aud_mismatch",
            Box::new(|i: &str, n: &str, k: &Key| {
                let mut c = good_claims(i, n);
                c["aud"] = "someone-else".into();
                sign(k, Algorithm::Es256, json!({"alg": "ES256", "kid": "k1"}), c)
            }),
        ),
        (
            "alg_none",
            Box::new(|i: &str, n: &str, _k: &Key| {
                format!(
                    "{}.{}.",
                    b64::encode(r#"{"alg":"none"}"#),
                    b64::encode(good_claims(i, n).to_string())
                )
            }),
        ),
        (
            "alg_not_allowed",
            Box::new(|i: &str, n: &str, _k: &Key| {
                // HS256 keyed with a would-be client secret.
                let secret = Key::new(oauthctl::keys::Material::Oct {
                    k: oauthctl::secret::Secret::new(vec![7u8; 32]),
                });
                sign(
                    &secret,
                    Algorithm::Hs256,
                    json!({"alg": "HS256", "kid": "k1"}),
                    good_claims(i, n),
                )
            }),
        ),
        (
            "iss_mismatch",
            Box::new(|_i: &str, n: &str, k: &Key| good_token("https://other.example", n, k)),
        ),
        (
            // Signed by another key of the right type, under the published kid.
            "bad_signature",
            Box::new(|i: &str, n: &str, _k: &Key| {
                let other = generate(KeySpec::Ec(Curve::P256)).unwrap();
                good_token(i, n, &other)
            }),
        ),
        (
            // The right key's signature, one bit of it flipped.
            "bad_signature",
            Box::new(|i: &str, n: &str, k: &Key| {
                let token = good_token(i, n, k);
                let (input, sig) = token.rsplit_once('.').unwrap();
                let mut sig = b64::decode(sig).unwrap();
                sig[10] ^= 1;
                format!("{input}.{}", b64::encode(sig))
            }),
        ),
        (
            "expired",
            Box::new(|i: &str, n: &str, k: &Key| {
                let mut c = good_claims(i, n);
                c["exp"] = (c["iat"].as_u64().unwrap() - 600).into();
                c["iat"] = (c["iat"].as_u64().unwrap() - 900).into();
                sign(k, Algorithm::Es256, json!({"alg": "ES256", "kid": "k1"}), c)
            }),
        ),
        (
            "missing_claim",
            Box::new(|i: &str, n: &str, k: &Key| {
                let mut c = good_claims(i, n);
                c.as_object_mut().unwrap().remove("nonce");
                sign(k, Algorithm::Es256, json!({"alg": "ES256", "kid": "k1"}), c)
            }),
        ),
        (
            "azp_mismatch",
            Box::new(|i: &str, n: &str, k: &Key| {
                let mut c = good_claims(i, n);
                c["azp"] = "another-client".into();
                sign(k, Algorithm::Es256, json!({"alg": "ES256", "kid": "k1"}), c)
            }),
        ),
        (
            // Several audiences without azp naming this client.
            "azp_mismatch",
            Box::new(|i: &str, n: &str, k: &Key| {
                let mut c = good_claims(i, n);
                c["aud"] = json!(["c", "another-client"]);
                sign(k, Algorithm::Es256, json!({"alg": "ES256", "kid": "k1"}), c)
            }),
        ),
        (
            // at_hash of some other access token than the one the server returned.
            "at_hash_mismatch",
            Box::new(|i: &str, n: &str, k: &Key| {
                let mut c = good_claims(i, n);
                c["at_hash"] =
                    oauthctl::protocol::hash::left_half_hash(Algorithm::Es256, "another-access")
                        .into();
                sign(k, Algorithm::Es256, json!({"alg": "ES256", "kid": "k1"}), c)
            }),
        ),
    ];
    for (reason, make) in variants {
        let fake = fake(iss, true, move |i, n, k| make(i, n, k));
        assert_aborted(&fake, reason, "/userinfo");
    }
}

#[test]
fn a_matching_at_hash_is_checked_and_passes() {
    let fake = fake(
        |issuer| Some(issuer.to_string()),
        true,
        |i: &str, n: &str, k: &Key| {
            let mut c = good_claims(i, n);
            c["at_hash"] =
                oauthctl::protocol::hash::left_half_hash(Algorithm::Es256, "opaque-access").into();
            sign(k, Algorithm::Es256, json!({"alg": "ES256", "kid": "k1"}), c)
        },
    );
    let out = run_flow(&fake);
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("at_hash matched"));
}

/// ID tokens a careful client must accept: each passes the whole flow.
#[test]
fn id_tokens_within_the_rules_pass() {
    let variants: Vec<(&str, Box<MakeIdToken>)> = vec![
        (
            // One audience written as an array: azp is needed only for several.
            "aud as a one-element array without azp",
            Box::new(|i: &str, n: &str, k: &Key| {
                let mut c = good_claims(i, n);
                c["aud"] = json!(["c"]);
                sign(k, Algorithm::Es256, json!({"alg": "ES256", "kid": "k1"}), c)
            }),
        ),
        (
            // A server clock 30 s ahead is within the flow's 60 s leeway.
            "iat 30 s in the future",
            Box::new(|i: &str, n: &str, k: &Key| {
                let mut c = good_claims(i, n);
                c["iat"] = (c["iat"].as_u64().unwrap() + 30).into();
                sign(k, Algorithm::Es256, json!({"alg": "ES256", "kid": "k1"}), c)
            }),
        ),
    ];
    for (what, make) in variants {
        let fake = fake(|i| Some(i.to_string()), true, move |i, n, k| make(i, n, k));
        let out = run_flow(&fake);
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_userinfo_sub_other_than_the_id_tokens_stops_the_flow() {
    let fake = fake(|i| Some(i.to_string()), true, good_token);
    fake.server
        .handle("/userinfo", |_| Reply::json(r#"{"sub":"someone-else"}"#));
    assert_aborted(&fake, "sub_mismatch", "/never-called");
}

#[test]
fn html_token_response_is_named() {
    let fake = fake(|i| Some(i.to_string()), true, good_token);
    fake.server.handle("/token", |_| Reply {
        status: 200,
        content_type: "text/html",
        body: "<html>oops</html>".into(),
        headers: Vec::new(),
    });
    assert_aborted(&fake, "bad_token_response", "/userinfo");
}

#[test]
fn huge_token_response_is_refused() {
    let fake = fake(|i| Some(i.to_string()), true, good_token);
    fake.server.handle("/token", |_| {
        let mut reply = Reply::json(format!(
            r#"{{"access_token":"{}","token_type":"Bearer"}}"#,
            "a".repeat(2 * 1024 * 1024)
        ));
        reply.status = 200;
        reply
    });
    assert_aborted(&fake, "response_too_large", "/userinfo");
}

#[test]
fn f4_an_error_redirect_is_exit_5_with_the_description_escaped() {
    let fake = fake(|i| Some(i.to_string()), true, good_token);
    let issuer = fake.server.base.clone();
    fake.server.handle("/authorize", move |target| {
        let redirect = query_param(target, "redirect_uri").unwrap();
        let params = [
            ("error", "access_denied".to_string()),
            (
                "error_description",
                "<script>\u{1b}[31mnope</script>".to_string(),
            ),
            ("state", query_param(target, "state").unwrap()),
            ("iss", issuer.clone()),
        ];
        Reply::redirect(format!(
            "{redirect}?{}",
            serde_urlencoded::to_string(params).unwrap()
        ))
    });
    let out = run_flow(&fake);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("access_denied") && stderr.contains("<script>"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "terminal escapes are neutralised: {stderr}"
    );
    assert!(!fake.server.paths().contains(&"/token".to_string()));
}

/// A device-grant server whose token endpoint answers the polls with `answers` in turn
/// (then a token), `interval` 1 s and `expires_in` as given.
fn device_fake(answers: Vec<&'static str>, expires_in: u64) -> TestServer {
    let routes = Arc::new(Mutex::new(HashMap::new()));
    let server = TestServer::start(routes.clone());
    let base = server.base.clone();
    routes.lock().unwrap().insert(
        "/.well-known/openid-configuration".into(),
        Reply::json(
            json!({
                "issuer": base,
                "token_endpoint": format!("{base}/token"),
                "device_authorization_endpoint": format!("{base}/device_authorization"),
            })
            .to_string(),
        ),
    );
    routes.lock().unwrap().insert(
        "/device_authorization".into(),
        Reply::json(
            json!({
                "device_code": "dc", "user_code": "ABCD-EFGH",
                "verification_uri": format!("{base}/device"),
                "interval": 1, "expires_in": expires_in,
            })
            .to_string(),
        ),
    );
    let polls = Arc::new(Mutex::new(answers.into_iter()));
    server.handle("/token", move |_| match polls.lock().unwrap().next() {
        Some(error) => Reply {
            status: 400,
            ..Reply::json(json!({ "error": error }).to_string())
        },
        None => Reply::json(r#"{"access_token":"a","token_type":"Bearer","expires_in":60}"#),
    });
    server
}

fn device_flow(server: &TestServer) -> std::process::Output {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("oauthctl"))
        .args(["flow", "--issuer", &server.base, "--client-id", "c"])
        .args([
            "--auth-method",
            "none",
            "--grant",
            "device",
            "--login",
            "print",
        ])
        .args(["--steps", ""])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Bounded: a flow that never stops polling is killed and fails the test.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the device flow was still polling after 30 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn the_device_flow_waits_through_pending_and_adds_five_seconds_on_slow_down() {
    let server = device_fake(vec!["authorization_pending", "slow_down"], 600);
    let out = device_flow(&server);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_success(&out);
    // 1 s, then pending, 1 s, then slow_down, then 6 s: the third poll gets the token.
    assert!(
        stderr.contains("approved after 3 poll(s), interval 6 s"),
        "{stderr}"
    );
}

#[test]
fn the_device_flow_stops_polling_when_the_code_expires() {
    let server = device_fake(vec!["authorization_pending"; 20], 2);
    let out = device_flow(&server);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(stderr.contains("device_timeout"), "{stderr}");
}

/// JARM: flow uses a response JWT only once it verifies with the server's keys, for this
/// client, from this issuer; otherwise it keeps waiting, redeems nothing, and says why.
#[test]
fn a_jarm_response_is_used_only_when_it_verifies() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let forger = generate(KeySpec::Ec(Curve::P256)).unwrap();
    // (signed by the server's key, aud, iss is the server's, what a refusal says)
    let cases: [(bool, &str, bool, Option<&str>); 4] = [
        (true, "c", true, None),
        (false, "c", true, Some("signature does not match")),
        (true, "another-client", true, Some("aud")),
        (true, "c", false, Some("iss")),
    ];
    for (own_key, aud, own_iss, refusal) in cases {
        let fake = fake(|issuer| Some(issuer.to_string()), true, good_token);
        let key = if own_key {
            fake.key.clone()
        } else {
            forger.clone()
        };
        let issuer = if own_iss {
            fake.server.base.clone()
        } else {
            "https://other.example".to_string()
        };
        let aud = aud.to_string();
        fake.server.handle("/authorize", move |target| {
            let redirect = query_param(target, "redirect_uri").unwrap();
            let claims = json!({"iss": issuer, "aud": aud, "exp": now + 60, "code": "the-code",
                "state": query_param(target, "state").unwrap()});
            let jwt = sign(
                &key,
                Algorithm::Es256,
                json!({"alg": "ES256", "kid": "k1"}),
                claims,
            );
            Reply::redirect(format!("{redirect}?response={jwt}"))
        });
        let out = oauthctl()
            .args(["flow", "--issuer", &fake.server.base, "--client-id", "c"])
            .args(["--auth-method", "none", "--login", "auto", "--steps", ""])
            .args([
                "--response-mode",
                "jwt",
                "--timeout",
                "2s",
                "--scope",
                "read",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match refusal {
            None => {
                assert_success(&out);
                assert!(stderr.contains("JARM response verified"), "{stderr}");
            }
            Some(why) => {
                assert_eq!(out.status.code(), Some(6), "{stderr}");
                assert!(stderr.contains("the JARM response was refused"), "{stderr}");
                assert!(stderr.contains(why), "{why}: {stderr}");
                assert!(
                    !fake.server.paths().iter().any(|p| p.starts_with("/token")),
                    "{why}"
                );
            }
        }
    }
}
