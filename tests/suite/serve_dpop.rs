//! DPoP (RFC 9449) in serve: a proof binds the tokens to its key, a bound token works only
//! with the DPoP scheme and a fresh proof by that key, and every hostile proof is refused
//! for its own reason (the input is built so that only the rule under test can reject it).

use crate::common;

use std::sync::{Arc, Barrier};

use common::serve_client::*;
use oauthctl::b64;
use oauthctl::jwt::jws;
use oauthctl::keys::crypto::Signer;
use oauthctl::keys::generate::{generate, KeySpec};
use oauthctl::keys::jwk::{required_members, to_jwk};
use oauthctl::keys::{Algorithm, Curve, Key};
use oauthctl::protocol::dpop::{self, Prover};
use oauthctl::server;
use serde_json::{json, Map, Value};

fn p256() -> Key {
    generate(KeySpec::Ec(Curve::P256)).unwrap()
}

fn now() -> i64 {
    oauthctl::jwt::time::now().unwrap()
}

fn claims_of(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&b64::decode(part).unwrap()).unwrap()
}

/// A proof's usual claims, for editing.
fn proof_claims(method: &str, url: &str) -> Map<String, Value> {
    let mut claims = Map::new();
    claims.insert(
        "jti".into(),
        oauthctl::jwt::token::random_jti().unwrap().into(),
    );
    claims.insert("htm".into(), method.into());
    claims.insert("htu".into(), url.into());
    claims.insert("iat".into(), now().into());
    claims
}

/// A proof signed by `key` with ES256, its header (`typ`, `jwk`) and claims as given.
fn forge(key: &Key, header: Map<String, Value>, claims: &Map<String, Value>) -> String {
    let signer = Signer::new(key, Algorithm::Es256).unwrap();
    jws::sign(&signer, &header, &serde_json::to_vec(claims).unwrap()).unwrap()
}

fn proof_header(key: &Key) -> Map<String, Value> {
    let mut header = Map::new();
    header.insert("typ".into(), "dpop+jwt".into());
    header.insert("jwk".into(), Value::Object(required_members(&key.public())));
    header
}

fn cc_with(s: &Server, client: (&str, &str), proofs: &[&str]) -> Reply {
    let basic_auth = basic(client.0, client.1);
    let mut headers = vec![("Authorization", basic_auth.as_str())];
    headers.extend(proofs.iter().map(|p| ("DPoP", *p)));
    s.post(
        "/token",
        &[("grant_type", "client_credentials"), ("scope", "openid")],
        &headers,
    )
}

fn client_credentials(s: &Server, proofs: &[&str]) -> Reply {
    cc_with(s, ("demo-client", SECRET), proofs)
}

/// A bound token for `prover` from client credentials.
fn bound_token(s: &Server, prover: &Prover) -> String {
    let proof = prover.proof("POST", &s.url("/token"), None, None).unwrap();
    let issued = client_credentials(s, &[&proof]);
    assert_eq!(issued.status, 200, "{}", issued.body);
    issued.json()["access_token"].as_str().unwrap().to_string()
}

fn refusal(reply: &Reply) -> (String, String) {
    let body = reply.json();
    (
        body["error"].as_str().unwrap_or_default().to_string(),
        body["error_description"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

/// The token endpoint refused the proof as `invalid_dpop_proof`, saying `why`.
fn assert_refused(reply: &Reply, why: &str, case: &str) {
    assert_eq!(reply.status, 400, "{case}: {}", reply.body);
    let (error, description) = refusal(reply);
    assert_eq!(error, "invalid_dpop_proof", "{case}: {}", reply.body);
    assert!(
        description.contains(why),
        "{case}: `{description}` does not say `{why}`"
    );
}

fn userinfo_dpop(s: &Server, token: &str, proof: Option<&str>) -> Reply {
    let scheme = format!("DPoP {token}");
    let mut headers = vec![("Authorization", scheme.as_str())];
    if let Some(proof) = proof {
        headers.push(("DPoP", proof));
    }
    s.get_with("/userinfo", &headers)
}

fn www_authenticate(reply: &Reply) -> String {
    reply
        .headers
        .get("www-authenticate")
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_proof_binds_the_token_which_then_works_only_with_the_dpop_scheme_and_a_proof() {
    let s = start();
    let prover = Prover::ephemeral().unwrap();
    let proof = prover.proof("POST", &s.url("/token"), None, None).unwrap();
    let issued = client_credentials(&s, &[&proof]);
    assert_eq!(issued.status, 200, "{}", issued.body);
    let body = issued.json();
    assert_eq!(body["token_type"], "DPoP");
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(claims_of(token)["cnf"]["jkt"], prover.jkt());
    let seen = introspect(&s, token);
    assert_eq!(seen["token_type"], "DPoP", "{seen}");
    assert_eq!(seen["cnf"]["jkt"], prover.jkt(), "{seen}");

    let info_proof = prover
        .proof("GET", &s.url("/userinfo"), Some(token), None)
        .unwrap();
    let info = userinfo_dpop(&s, token, Some(&info_proof));
    assert_eq!(info.status, 200, "{}", info.body);
    assert_eq!(info.json()["sub"], "demo-client");

    // The same live token as a plain bearer token: refused, and the challenge says why.
    let as_bearer = s.get_bearer("/userinfo", token);
    assert_eq!(as_bearer.status, 401, "{}", as_bearer.body);
    let challenge = www_authenticate(&as_bearer);
    assert!(challenge.starts_with("DPoP "), "{challenge}");
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    assert!(challenge.contains("DPoP-bound"), "{challenge}");
    assert!(challenge.contains("algs=\"ES256"), "{challenge}");

    // Without a proof a token request still gets a plain bearer token.
    let plain = client_credentials(&s, &[]);
    assert_eq!(plain.json()["token_type"], "Bearer", "{}", plain.body);
}

#[test]
fn hostile_proofs_at_the_token_endpoint_are_each_refused_for_their_reason() {
    let s = start();
    let key = p256();
    let url = s.url("/token");
    let good = proof_claims("POST", &url);
    // The baseline passes, so each case below fails only for what it changes.
    let baseline = forge(&key, proof_header(&key), &good);
    assert_eq!(client_credentials(&s, &[&baseline]).status, 200);

    let fresh = || {
        let mut claims = good.clone();
        claims.insert(
            "jti".into(),
            oauthctl::jwt::token::random_jti().unwrap().into(),
        );
        claims
    };
    let with_claim = |name: &str, value: Value| {
        let mut claims = fresh();
        claims.insert(name.into(), value);
        forge(&key, proof_header(&key), &claims)
    };
    let with_header = |name: &str, value: Value| {
        let mut header = proof_header(&key);
        header.insert(name.into(), value);
        forge(&key, header, &fresh())
    };
    let unsigned = format!(
        "{}.{}.",
        b64::encode(
            serde_json::to_vec(&json!({"alg": "none", "typ": "dpop+jwt",
                "jwk": required_members(&key.public())}))
            .unwrap()
        ),
        b64::encode(serde_json::to_vec(&fresh()).unwrap())
    );
    let hmac_key = Key::new(oauthctl::keys::Material::Oct {
        k: oauthctl::secret::Secret::new(vec![7u8; 32]),
    });
    let hs256 = jws::sign(
        &Signer::new(&hmac_key, Algorithm::Hs256).unwrap(),
        &proof_header(&key),
        &serde_json::to_vec(&fresh()).unwrap(),
    )
    .unwrap();
    let other = p256();
    let by_other_key = forge(&other, proof_header(&key), &fresh());
    let mut private_header = proof_header(&key);
    private_header.insert("jwk".into(), Value::Object(to_jwk(&key, true)));
    let with_private_key = forge(&key, private_header, &fresh());
    let mut padded = fresh();
    padded.insert("pad".into(), "x".repeat(9 * 1024).into());
    let oversized = forge(&key, proof_header(&key), &padded);

    let cases: Vec<(&str, String, &str)> = vec![
        ("alg none", unsigned, "unsigned tokens are never accepted"),
        ("HS256", hs256, "`HS256`"),
        ("private key in jwk", with_private_key, "private member `d`"),
        ("typ JWT", with_header("typ", "JWT".into()), "typ is `JWT`"),
        (
            "signed by another key",
            by_other_key,
            "signature does not match",
        ),
        (
            "htu with a query",
            with_claim("htu", format!("{url}?a=1").into()),
            "has a query or fragment",
        ),
        (
            "htu with a fragment",
            with_claim("htu", format!("{url}#f").into()),
            "has a query or fragment",
        ),
        (
            "htu of another endpoint",
            with_claim("htu", s.url("/userinfo").into()),
            "but the request is to",
        ),
        ("htm GET", with_claim("htm", "GET".into()), "htm is `GET`"),
        (
            "iat far in the past",
            with_claim("iat", (now() - 3600).into()),
            "s old",
        ),
        (
            "iat in the future",
            with_claim("iat", (now() + 3600).into()),
            "in the future",
        ),
        ("no jti", with_claim("jti", Value::Null), "no string `jti`"),
        ("oversized", oversized, "proofs over 8 KiB are refused"),
    ];
    for (case, proof, why) in &cases {
        assert_refused(&client_credentials(&s, &[proof]), why, case);
    }
    let (a, b) = (
        forge(&key, proof_header(&key), &fresh()),
        forge(&key, proof_header(&key), &fresh()),
    );
    assert_refused(
        &client_credentials(&s, &[&a, &b]),
        "exactly one DPoP header",
        "two proofs",
    );
}

#[test]
fn a_proof_is_accepted_once() {
    let s = start();
    let prover = Prover::ephemeral().unwrap();
    let proof = prover.proof("POST", &s.url("/token"), None, None).unwrap();
    assert_eq!(client_credentials(&s, &[&proof]).status, 200);
    assert_refused(&client_credentials(&s, &[&proof]), "already used", "replay");
}

/// Many threads send one proof at the same moment, many times over: exactly one request
/// each time gets a token.
#[test]
fn a_proof_sent_concurrently_is_accepted_exactly_once() {
    let s = Arc::new(start());
    let prover = Prover::ephemeral().unwrap();
    for trial in 0..15 {
        let proof = Arc::new(prover.proof("POST", &s.url("/token"), None, None).unwrap());
        let barrier = Arc::new(Barrier::new(8));
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let (s, proof, barrier) = (s.clone(), proof.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    client_credentials(&s, &[&proof]).status
                })
            })
            .collect();
        let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let won = statuses.iter().filter(|s| **s == 200).count();
        assert_eq!(won, 1, "trial {trial}: {statuses:?}");
        assert!(
            statuses.iter().all(|s| [200, 400].contains(s)),
            "{statuses:?}"
        );
    }
}

#[test]
fn at_a_resource_the_proof_must_be_fresh_for_this_token_request_and_key() {
    let s = start();
    let prover = Prover::ephemeral().unwrap();
    let token = bound_token(&s, &prover);
    let info_url = s.url("/userinfo");
    let other = Prover::ephemeral().unwrap();
    let other_token = bound_token(&s, &other);
    let cases: Vec<(&str, Option<String>, &str)> = vec![
        ("no proof", None, "needs a DPoP proof header"),
        (
            "another key's proof",
            Some(other.proof("GET", &info_url, Some(&token), None).unwrap()),
            "another key than the one the token is bound to",
        ),
        (
            "no ath",
            Some(prover.proof("GET", &info_url, None, None).unwrap()),
            "has no `ath`",
        ),
        (
            "ath of another token",
            Some(
                prover
                    .proof("GET", &info_url, Some(&other_token), None)
                    .unwrap(),
            ),
            "not the hash of this access token",
        ),
        (
            "htm POST",
            Some(prover.proof("POST", &info_url, Some(&token), None).unwrap()),
            "htm is `POST`",
        ),
    ];
    for (case, proof, why) in &cases {
        let reply = userinfo_dpop(&s, &token, proof.as_deref());
        assert_eq!(reply.status, 401, "{case}: {}", reply.body);
        let challenge = www_authenticate(&reply);
        assert!(
            challenge.contains("error=\"invalid_dpop_proof\""),
            "{case}: {challenge}"
        );
        assert!(challenge.contains(why), "{case}: {challenge} lacks {why}");
    }
    let proof = prover.proof("GET", &info_url, Some(&token), None).unwrap();
    assert_eq!(userinfo_dpop(&s, &token, Some(&proof)).status, 200);
    let replayed = userinfo_dpop(&s, &token, Some(&proof));
    assert_eq!(replayed.status, 401);
    assert!(www_authenticate(&replayed).contains("already used"));

    // An unbound token with the DPoP scheme is refused too: the scheme promises a binding.
    let plain = client_credentials(&s, &[]).json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let proof = prover.proof("GET", &info_url, Some(&plain), None).unwrap();
    let reply = userinfo_dpop(&s, &plain, Some(&proof));
    assert_eq!(reply.status, 401);
    assert!(www_authenticate(&reply).contains("not DPoP-bound"));
}

fn with_client(edit: impl Fn(&mut server::config::Client) + 'static) -> Server {
    start_with(move |settings| edit(&mut settings.clients[0]))
}

#[test]
fn a_client_held_to_dpop_gets_no_token_without_a_proof() {
    let s = with_client(|c| c.require_dpop = true);
    let refused = client_credentials(&s, &[]);
    assert_refused(&refused, "must be DPoP-bound", "no proof");
    let prover = Prover::ephemeral().unwrap();
    bound_token(&s, &prover);
}

#[test]
fn with_nonces_required_the_server_hands_one_out_and_proofs_must_carry_it() {
    let s = with_client(|c| c.require_dpop_nonce = true);
    let prover = Prover::ephemeral().unwrap();
    let url = s.url("/token");
    let first = client_credentials(&s, &[&prover.proof("POST", &url, None, None).unwrap()]);
    assert_eq!(first.status, 400, "{}", first.body);
    assert_eq!(refusal(&first).0, "use_dpop_nonce");
    let nonce = first
        .headers
        .get("dpop-nonce")
        .expect("a DPoP-Nonce")
        .clone();
    let forged = client_credentials(
        &s,
        &[&prover
            .proof("POST", &url, None, Some("AAAAAAAAAAA"))
            .unwrap()],
    );
    assert_eq!(refusal(&forged).0, "use_dpop_nonce", "a forged nonce");
    let issued = client_credentials(
        &s,
        &[&prover.proof("POST", &url, None, Some(&nonce)).unwrap()],
    );
    assert_eq!(issued.status, 200, "{}", issued.body);
    let token = issued.json()["access_token"].as_str().unwrap().to_string();

    let info_url = s.url("/userinfo");
    let without = userinfo_dpop(
        &s,
        &token,
        Some(&prover.proof("GET", &info_url, Some(&token), None).unwrap()),
    );
    assert_eq!(without.status, 401);
    assert!(www_authenticate(&without).contains("error=\"use_dpop_nonce\""));
    let nonce = without
        .headers
        .get("dpop-nonce")
        .expect("a DPoP-Nonce")
        .clone();
    let with = userinfo_dpop(
        &s,
        &token,
        Some(
            &prover
                .proof("GET", &info_url, Some(&token), Some(&nonce))
                .unwrap(),
        ),
    );
    assert_eq!(with.status, 200, "{}", with.body);
}

#[test]
fn a_public_clients_refresh_token_is_bound_to_its_dpop_key() {
    let s = start();
    let prover = Prover::ephemeral().unwrap();
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-public", &challenge, "openid offline_access");
    let url = s.url("/token");
    let token_form = |grant: &str, value: &str| -> Vec<(String, String)> {
        let mut form = vec![("grant_type".to_string(), grant.to_string())];
        if grant == "authorization_code" {
            form.extend([
                ("code".into(), value.into()),
                ("redirect_uri".into(), REDIRECT.into()),
                ("code_verifier".into(), verifier.clone()),
            ]);
        } else {
            form.push(("refresh_token".into(), value.into()));
        }
        form.push(("client_id".into(), "demo-public".into()));
        form
    };
    let post = |form: &[(String, String)], proof: Option<String>| {
        let form: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let headers: Vec<(&str, &str)> = proof.iter().map(|p| ("DPoP", p.as_str())).collect();
        s.post("/token", &form, &headers)
    };
    let issued = post(
        &token_form("authorization_code", &code),
        Some(prover.proof("POST", &url, None, None).unwrap()),
    );
    assert_eq!(issued.status, 200, "{}", issued.body);
    let refresh = issued.json()["refresh_token"].as_str().unwrap().to_string();
    let form = token_form("refresh_token", &refresh);
    let without = post(&form, None);
    assert_eq!(refusal(&without).0, "invalid_grant", "{}", without.body);
    assert!(refusal(&without).1.contains("bound to a DPoP key"));
    let other = Prover::ephemeral().unwrap();
    let by_other = post(&form, Some(other.proof("POST", &url, None, None).unwrap()));
    assert_eq!(refusal(&by_other).0, "invalid_grant", "{}", by_other.body);
    let refreshed = post(&form, Some(prover.proof("POST", &url, None, None).unwrap()));
    assert_eq!(refreshed.status, 200, "{}", refreshed.body);
    assert_eq!(refreshed.json()["token_type"], "DPoP");
}

#[test]
fn dpop_jkt_binds_the_code_to_one_key() {
    let s = start_with(|settings| settings.auto_approve = true);
    let prover = Prover::ephemeral().unwrap();
    let other = Prover::ephemeral().unwrap();
    let (verifier, challenge) = pkce();
    let (_, _, cookie) = sign_in(&s, "demo-client", &challenge, "openid");
    let code_for = |jkt: &str| {
        let path = format!(
            "{}&{}",
            authorize_path("demo-client", REDIRECT, &challenge, "openid"),
            serde_urlencoded::to_string([("dpop_jkt", jkt)]).unwrap()
        );
        s.get(&path, Some(&cookie))
            .location_param("code")
            .expect("a code")
    };
    let redeem = |code: &str, prover: &Prover| {
        let proof = prover.proof("POST", &s.url("/token"), None, None).unwrap();
        s.post(
            "/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", &verifier),
            ],
            &[
                ("Authorization", &basic("demo-client", SECRET)),
                ("DPoP", &proof),
            ],
        )
    };
    let wrong = redeem(&code_for(prover.jkt()), &other);
    assert_eq!(refusal(&wrong).0, "invalid_grant", "{}", wrong.body);
    assert!(refusal(&wrong).1.contains("dpop_jkt"), "{}", wrong.body);
    let right = redeem(&code_for(prover.jkt()), &prover);
    assert_eq!(right.status, 200, "{}", right.body);
    assert_eq!(
        claims_of(right.json()["access_token"].as_str().unwrap())["cnf"]["jkt"],
        prover.jkt()
    );
}

#[test]
fn the_gateway_passes_a_bound_token_only_with_its_proof() {
    let s = start();
    let prover = Prover::ephemeral().unwrap();
    let token = bound_token(&s, &prover);
    let as_bearer = s.get_bearer("/work", &token);
    assert_eq!(as_bearer.status, 401, "{}", as_bearer.body);
    assert!(as_bearer.body.contains("DPoP-bound"), "{}", as_bearer.body);
    let scheme = format!("DPoP {token}");
    let proof = prover
        .proof("GET", &s.url("/work"), Some(&token), None)
        .unwrap();
    let passed = s.get_with("/work", &[("Authorization", &scheme), ("DPoP", &proof)]);
    assert_eq!(passed.status, 200, "{}", passed.body);
    let other = Prover::ephemeral().unwrap();
    let proof = other
        .proof("GET", &s.url("/work"), Some(&token), None)
        .unwrap();
    let refused = s.get_with("/work", &[("Authorization", &scheme), ("DPoP", &proof)]);
    assert_eq!(refused.status, 401);
    assert!(www_authenticate(&refused).contains("another key"));
}

#[test]
fn the_replay_cache_is_bounded_and_refuses_rather_than_forgets() {
    let limits = server::Limits {
        store: server::store::Limits {
            dpop_proofs: 3,
            ..Default::default()
        },
        ..Default::default()
    };
    let s = start_limited(limits, |_| {});
    let prover = Prover::ephemeral().unwrap();
    for _ in 0..3 {
        bound_token(&s, &prover);
    }
    let full = client_credentials(
        &s,
        &[&prover.proof("POST", &s.url("/token"), None, None).unwrap()],
    );
    assert_eq!(full.status, 503, "{}", full.body);
    assert_eq!(refusal(&full).0, "temporarily_unavailable");
    // A plain request does not need the cache.
    assert_eq!(client_credentials(&s, &[]).status, 200);
}

#[test]
fn the_proof_algorithms_advertised_are_the_ones_accepted() {
    let s = start();
    let meta = s.get("/.well-known/openid-configuration", None).json();
    let advertised: Vec<&str> = meta["dpop_signing_alg_values_supported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let accepted: Vec<&str> = dpop::ALGORITHMS.iter().map(|a| a.name()).collect();
    assert_eq!(advertised, accepted);
    assert!(!advertised
        .iter()
        .any(|a| a.starts_with("HS") || *a == "none"));
}
