//! The V, M and D cases of ../shared/hostile-cases.md, through the real binary: each gets
//! its `error[<reason>]`, exit code, and no panic.

use crate::common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::{assert_success, oauthctl, read};
use oauthctl::b64;
use oauthctl::keys::crypto::Signer;
use oauthctl::keys::{load, Algorithm, Key};
use serde_json::{json, Value};

const NOW: i64 = 1_800_000_000;

struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    key: Key,
}

/// One RSA key pair for the whole file, written by `oauthctl keygen`.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        oauthctl()
            .current_dir(dir.path())
            .arg("keygen")
            .assert()
            .success();
        oauthctl()
            .current_dir(dir.path())
            .args(["keygen", "--layout", "gateway"])
            .assert()
            .success();
        let key = load::load_path(&dir.path().join("oauthctl.key.pem"), &load::no_passphrase)
            .unwrap()
            .select(None)
            .unwrap();
        Fixture {
            dir: dir.path().to_path_buf(),
            _dir: dir,
            key,
        }
    })
}

fn path(name: &str) -> PathBuf {
    fixture().dir.join(name)
}

/// A token with exactly this header and payload text, signed by `key` with `alg`.
fn craft_with(key: &Key, alg: Algorithm, header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64::encode(header), b64::encode(payload));
    let sig = Signer::new(key, alg)
        .unwrap()
        .sign(input.as_bytes())
        .unwrap();
    format!("{input}.{}", b64::encode(sig))
}

fn craft(header: &str, payload: &str) -> String {
    craft_with(&fixture().key, Algorithm::Rs256, header, payload)
}

fn claims(extra: Value) -> String {
    let mut base = json!({"iss": "https://idp.example", "sub": "alice", "aud": "api", "exp": NOW + 300, "iat": NOW, "nbf": NOW});
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() && k.starts_with('-') {
            base.as_object_mut().unwrap().remove(&k[1..]);
        } else {
            base[k] = v.clone();
        }
    }
    base.to_string()
}

const H: &str = r#"{"alg":"RS256"}"#;

/// `token verify` with the public PEM and extra flags; the token goes in on stdin.
fn verify(token: &str, flags: &[&str]) -> std::process::Output {
    oauthctl()
        .env("OAUTHCTL_NOW", NOW.to_string())
        .args(["token", "verify", "--key"])
        .arg(path("oauthctl.pub.pem"))
        .args(flags)
        .write_stdin(token.to_string())
        .output()
        .unwrap()
}

#[track_caller]
fn assert_rejected(token: &str, flags: &[&str], reason: &str) {
    let out = verify(token, flags);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected rejection ({reason}), got: {stderr}"
    );
    assert!(
        stderr.contains(&format!("error[{reason}]")),
        "expected error[{reason}], got: {stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("VALID"));
}

#[track_caller]
fn assert_valid(token: &str, flags: &[&str]) {
    let out = verify(token, flags);
    assert!(
        out.status.success(),
        "expected valid: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn baseline_token_is_valid() {
    assert_valid(
        &craft(H, &claims(json!({}))),
        &["--aud", "api", "--iss", "https://idp.example"],
    );
}

#[test]
fn v1_alg_none_in_any_case_with_or_without_signature() {
    for alg in ["none", "NONE", "None"] {
        let header = format!(r#"{{"alg":"{alg}"}}"#);
        let unsigned = format!(
            "{}.{}.",
            b64::encode(&header),
            b64::encode(claims(json!({})))
        );
        assert_rejected(&unsigned, &[], "alg_none");
        assert_rejected(&craft(&header, &claims(json!({}))), &[], "alg_none");
    }
}

#[test]
fn v2_hs256_keyed_with_the_public_key_is_rejected() {
    let f = fixture();
    let pem = read(&path("oauthctl.pub.pem"));
    let der = oauthctl::keys::der::encode_spki(&f.key).unwrap();
    let jwk = read(&path("oauthctl.jwk.json"));
    for secret in [pem.into_bytes(), der, jwk.into_bytes()] {
        let input = format!(
            "{}.{}",
            b64::encode(r#"{"alg":"HS256"}"#),
            b64::encode(claims(json!({})))
        );
        let tag = aws_lc_rs::hmac::sign(
            &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &secret),
            input.as_bytes(),
        );
        let token = format!("{input}.{}", b64::encode(tag.as_ref()));
        assert_rejected(&token, &[], "alg_not_allowed");
        // Even when the operator asks for HS256, an RSA key is no HMAC secret (exit 3).
        let out = verify(&token, &["--alg", "HS256"]);
        assert_eq!(
            out.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("error[alg_key_mismatch]"));
    }
}

#[test]
fn v3_algorithm_other_than_allowed() {
    let token = craft_with(
        &fixture().key,
        Algorithm::Rs384,
        r#"{"alg":"RS384"}"#,
        &claims(json!({})),
    );
    assert_rejected(&token, &[], "alg_not_allowed");
    assert_rejected(&token, &["--alg", "PS256"], "alg_not_allowed");
    assert_valid(&token, &["--alg", "RS384"]);
}

/// RFC 8725 section 3.1: a JWK that names its `alg` is used with that algorithm only; the
/// operator's `--alg` list can narrow that, never widen it.
#[test]
fn a_jwk_naming_its_alg_is_never_used_with_another() {
    let token = craft_with(
        &fixture().key,
        Algorithm::Rs384,
        r#"{"alg":"RS384"}"#,
        &claims(json!({})),
    );
    let jwk = path("oauthctl.jwk.json");
    assert!(read(&jwk).contains(r#""alg": "RS256""#));
    let out = oauthctl()
        .env("OAUTHCTL_NOW", NOW.to_string())
        .args(["token", "verify", &token, "--alg", "RS384", "--key"])
        .arg(&jwk)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("error[no_usable_key]: the key's JWK names alg RS256"),
        "{stderr}"
    );
    // With RS256 among the operator's algorithms, the JWK's own algorithm still verifies.
    let rs256 = craft(H, &claims(json!({})));
    let out = oauthctl()
        .env("OAUTHCTL_NOW", NOW.to_string())
        .args([
            "token", "verify", &rs256, "--alg", "RS384", "--alg", "RS256", "--key",
        ])
        .arg(&jwk)
        .output()
        .unwrap();
    assert_success(&out);
}

#[test]
fn v4_embedded_jwk_header_is_not_trusted() {
    let attacker =
        oauthctl::keys::generate::generate(oauthctl::keys::generate::KeySpec::Rsa(2048)).unwrap();
    let jwk = Value::Object(oauthctl::keys::jwk::to_jwk(&attacker.public(), false));
    let header = json!({"alg": "RS256", "jwk": jwk}).to_string();
    let token = craft_with(&attacker, Algorithm::Rs256, &header, &claims(json!({})));
    assert_rejected(&token, &[], "bad_signature");
}

#[test]
fn v5_crit_and_b64_are_refused() {
    for header in [
        r#"{"alg":"RS256","crit":["exp"],"exp":1}"#,
        r#"{"alg":"RS256","crit":[]}"#,
        r#"{"alg":"RS256","crit":"b64"}"#,
    ] {
        assert_rejected(&craft(header, &claims(json!({}))), &[], "unsupported_crit");
    }
    assert_rejected(
        &craft(r#"{"alg":"RS256","b64":false}"#, &claims(json!({}))),
        &[],
        "unsupported_b64",
    );
    assert_rejected(
        &craft(
            r#"{"alg":"RS256","b64":false,"crit":["b64"]}"#,
            &claims(json!({})),
        ),
        &[],
        "unsupported_crit",
    );
}

#[test]
fn v6_expiry_boundary_with_leeway() {
    let leeway = 30;
    let flags = ["--leeway", "30"];
    assert_rejected(
        &craft(H, &claims(json!({"exp": NOW - leeway - 1}))),
        &flags,
        "expired",
    );
    assert_rejected(
        &craft(H, &claims(json!({"exp": NOW - leeway}))),
        &flags,
        "expired",
    );
    assert_valid(&craft(H, &claims(json!({"exp": NOW - leeway + 1}))), &flags);
}

#[test]
fn v7_nbf_or_iat_beyond_leeway_in_the_future() {
    assert_rejected(
        &craft(H, &claims(json!({"nbf": NOW + 61}))),
        &[],
        "not_yet_valid",
    );
    assert_valid(&craft(H, &claims(json!({"nbf": NOW + 60}))), &[]);
    assert_rejected(
        &craft(H, &claims(json!({"iat": NOW + 61}))),
        &[],
        "issued_in_future",
    );
}

#[test]
fn v8_wrongly_typed_or_missing_exp() {
    for exp in [
        json!("1800000300"),
        json!(null),
        json!(true),
        json!([NOW + 300]),
    ] {
        assert_rejected(
            &craft(H, &claims(json!({"exp": exp}))),
            &[],
            "invalid_claim",
        );
    }
    let huge = craft(
        H,
        &claims(json!({})).replace(&(NOW + 300).to_string(), "1e400"),
    );
    assert_rejected(&huge, &[], "malformed_claims");
    let missing = craft(H, &claims(json!({"-exp": null})));
    assert_rejected(&missing, &[], "missing_exp");
    assert_valid(&missing, &["--allow-no-exp"]);
}

#[test]
fn v9_audience_forms() {
    assert_valid(
        &craft(H, &claims(json!({"aud": ["other", "api"]}))),
        &["--aud", "api"],
    );
    assert_rejected(
        &craft(H, &claims(json!({"aud": ["other"]}))),
        &["--aud", "api"],
        "aud_mismatch",
    );
    assert_rejected(
        &craft(H, &claims(json!({"aud": []}))),
        &["--aud", "api"],
        "aud_mismatch",
    );
    assert_rejected(
        &craft(H, &claims(json!({"aud": 123}))),
        &["--aud", "api"],
        "invalid_claim",
    );
    assert_rejected(
        &craft(H, &claims(json!({"aud": ["other", 5]}))),
        &["--aud", "api"],
        "invalid_claim",
    );
    assert_rejected(
        &craft(H, &claims(json!({"-aud": null}))),
        &["--aud", "api"],
        "aud_mismatch",
    );
}

#[test]
fn v10_issuer_must_match_exactly() {
    let flags = ["--iss", "https://idp.example"];
    assert_rejected(
        &craft(H, &claims(json!({"iss": "https://idp.example/"}))),
        &flags,
        "iss_mismatch",
    );
    assert_rejected(
        &craft(H, &claims(json!({"iss": "https://IDP.example"}))),
        &flags,
        "iss_mismatch",
    );
    assert_rejected(
        &craft(H, &claims(json!({"iss": 5}))),
        &flags,
        "invalid_claim",
    );
    assert_rejected(
        &craft(H, &claims(json!({"iss": ["a", "b"]}))),
        &flags,
        "invalid_claim",
    );
}

#[test]
fn v11_duplicate_members_anywhere() {
    assert_rejected(
        &craft(r#"{"alg":"RS256","alg":"RS256"}"#, &claims(json!({}))),
        &[],
        "malformed_header",
    );
    let dup = claims(json!({})).replacen('{', r#"{"role":"user","role":"admin","#, 1);
    assert_rejected(&craft(H, &dup), &[], "malformed_claims");
    let dup_exp = claims(json!({})).replacen('{', &format!(r#"{{"exp":{},"#, NOW + 999), 1);
    assert_rejected(&craft(H, &dup_exp), &[], "malformed_claims");
}

#[test]
fn v12_huge_inputs_are_refused_before_decoding() {
    let big = "a".repeat(10 * 1024 * 1024);
    assert_rejected(&big, &[], "token_too_large");
    let dots = ".".repeat(1024 * 1024);
    assert_rejected(&dots, &[], "token_too_large");
}

#[test]
fn v13_bad_utf8_and_non_object_json() {
    let bad_utf8 = format!(
        "{}.{}.{}",
        b64::encode([0xff, 0xfe]),
        b64::encode("{}"),
        b64::encode("x")
    );
    assert_rejected(&bad_utf8, &[], "malformed_header");
    for header in ["[]", "\"x\"", "null"] {
        assert_rejected(&craft(header, &claims(json!({}))), &[], "malformed_header");
    }
    for payload in ["[]", "\"x\"", "5"] {
        assert_rejected(&craft(H, payload), &[], "malformed_claims");
    }
    let bad_claims = craft(H, "\u{0}");
    assert_rejected(&bad_claims, &[], "malformed_claims");
}

#[test]
fn v14_wrong_segment_counts_empty_segments_and_whitespace() {
    let good = craft(H, &claims(json!({})));
    let parts: Vec<&str> = good.split('.').collect();
    for token in [
        parts[0].to_string(),
        format!("{}.{}", parts[0], parts[1]),
        format!("{good}.x"),
        format!("{good}.x.y"),
    ] {
        assert_rejected(&token, &[], "malformed_token");
    }
    let out = verify(&format!("{good}.x.y"), &[]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("JWE"),
        "5 segments name JWE"
    );
    assert_rejected(
        &format!(".{}.{}", parts[1], parts[2]),
        &[],
        "malformed_token",
    );
    assert_rejected(&format!("{}.{}.", parts[0], parts[1]), &[], "bad_signature");
    assert_rejected(&format!(" {good}"), &[], "malformed_token");
    assert_rejected(&format!("{good} "), &[], "malformed_token");
    // The newline that `echo` adds is not part of the token.
    assert_valid(&format!("{good}\n"), &[]);
}

#[test]
fn v15_non_canonical_base64url() {
    let good = craft(H, &claims(json!({})));
    let parts: Vec<&str> = good.split('.').collect();
    // Standard base64 of this header has both `+` and `=` padding.
    let header_std = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        r#"{"alg":"RS256","k":"~~~?"}"#,
    );
    assert!(
        header_std.contains('+') && header_std.ends_with('='),
        "{header_std}"
    );
    let variants = [
        format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
        format!("{header_std}.{}.{}", parts[1], parts[2]),
        format!("{}.+{}.{}", parts[0], &parts[1][1..], parts[2]),
        format!("{}./{}.{}", parts[0], &parts[1][1..], parts[2]),
        format!("{}.{} .{}", parts[0], parts[1], parts[2]),
    ];
    for token in variants {
        assert_rejected(&token, &[], "malformed_token");
    }
    // Non-zero trailing bits: "AB" and "AA" both decode to one zero byte in lax decoders.
    let lax = format!("{}.AB.{}", parts[0], parts[2]);
    assert_rejected(&lax, &[], "malformed_token");
}

#[test]
fn v16_expected_typ() {
    let flags = ["--typ", "at+jwt"];
    assert_valid(
        &craft(r#"{"alg":"RS256","typ":"at+jwt"}"#, &claims(json!({}))),
        &flags,
    );
    assert_valid(
        &craft(
            r#"{"alg":"RS256","typ":"application/AT+JWT"}"#,
            &claims(json!({})),
        ),
        &flags,
    );
    assert_rejected(
        &craft(r#"{"alg":"RS256","typ":"JWT"}"#, &claims(json!({}))),
        &flags,
        "typ_mismatch",
    );
    assert_rejected(&craft(H, &claims(json!({}))), &flags, "typ_mismatch");
}

#[test]
fn v17_signature_is_checked_before_claims() {
    let attacker =
        oauthctl::keys::generate::generate(oauthctl::keys::generate::KeySpec::Rsa(2048)).unwrap();
    let forged = craft_with(
        &attacker,
        Algorithm::Rs256,
        H,
        &claims(json!({"exp": NOW - 3600})),
    );
    assert_rejected(&forged, &[], "bad_signature");
}

#[test]
fn seed_scenario_gateway_header_and_gateway_jwk() {
    let token = craft(H, &claims(json!({})));
    let out = oauthctl()
        .env("OAUTHCTL_NOW", NOW.to_string())
        .args(["token", "verify", "--key"])
        .arg(path("public"))
        .arg(format!("Authorization: Bearer id_token=\"{token}\""))
        .output()
        .unwrap();
    // The gateway JWK belongs to another key pair (written by --layout gateway).
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[bad_signature]"), "{stderr}");
    let gateway_key = load::load_path(&path("priv_pem"), &load::no_passphrase)
        .unwrap()
        .select(None)
        .unwrap();
    let token = craft_with(&gateway_key, Algorithm::Rs256, H, &claims(json!({})));
    let out = oauthctl()
        .env("OAUTHCTL_NOW", NOW.to_string())
        .args(["token", "verify", "--key"])
        .arg(path("public"))
        .arg(format!("Authorization: Bearer id_token=\"{token}\""))
        .output()
        .unwrap();
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("VALID"));
}

fn mint(flags: &[&str]) -> std::process::Output {
    oauthctl()
        .env("OAUTHCTL_NOW", NOW.to_string())
        .args(["token", "mint"])
        .args(flags)
        .output()
        .unwrap()
}

#[track_caller]
fn assert_mint_refused(flags: &[&str], env: &[(&str, &str)], reason: &str) {
    let out = oauthctl()
        .envs(env.iter().copied())
        .args(["token", "mint"])
        .args(flags)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!("error[{reason}]")),
        "expected {reason}: {stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn m1_mismatched_algorithms_are_refused() {
    let key = path("oauthctl.key.pem");
    let public = path("oauthctl.pub.pem");
    let key = key.to_str().unwrap();
    assert_mint_refused(&["--key", key, "--alg", "none"], &[], "alg_none");
    assert_mint_refused(
        &["--key", public.to_str().unwrap(), "--alg", "HS256"],
        &[],
        "alg_key_mismatch",
    );
    let secret = "s".repeat(40);
    assert_mint_refused(
        &["--alg", "RS256"],
        &[("OAUTHCTL_SECRET", secret.as_str())],
        "alg_key_mismatch",
    );
    assert_mint_refused(&["--key", public.to_str().unwrap()], &[], "not_private");
}

#[test]
fn m2_bad_claims_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let key = path("oauthctl.key.pem");
    for (name, body, reason) in [
        ("dup.json", r#"{"sub":"a","sub":"b"}"#, "bad_claims"),
        ("array.json", "[1,2]", "bad_claims"),
        ("exp.json", r#"{"exp":"tomorrow"}"#, "invalid_claim"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, body).unwrap();
        assert_mint_refused(
            &[
                "--key",
                key.to_str().unwrap(),
                "--claims",
                file.to_str().unwrap(),
            ],
            &[],
            reason,
        );
    }
}

#[test]
fn mint_defaults_match_the_gateway_demo_and_verify() {
    let out = mint(&[
        "--key",
        path("priv_pem").to_str().unwrap(),
        "--claim",
        "foo=bar",
        "--claim",
        "wup=90",
    ]);
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let payload: Value =
        serde_json::from_slice(&b64::decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap();
    let mut names: Vec<&String> = payload.as_object().unwrap().keys().collect();
    names.sort();
    assert_eq!(names, ["exp", "foo", "iat", "jti", "nbf", "wup"]);
    assert_eq!(payload["exp"], NOW + 300);
    assert_eq!(payload["wup"], 90);
    let out = oauthctl()
        .env("OAUTHCTL_NOW", NOW.to_string())
        .args(["token", "verify", "--key"])
        .arg(path("public"))
        .arg(&token)
        .output()
        .unwrap();
    assert_success(&out);
}

#[test]
fn mint_count_gives_distinct_jtis() {
    let out = mint(&[
        "--key",
        path("oauthctl.key.pem").to_str().unwrap(),
        "--count",
        "3",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let jtis: std::collections::HashSet<String> = text
        .lines()
        .map(|t| {
            let p: Value =
                serde_json::from_slice(&b64::decode(t.split('.').nth(1).unwrap()).unwrap())
                    .unwrap();
            p["jti"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(jtis.len(), 3);
}

#[test]
fn d1_decode_labels_everything_unverified() {
    let attacker = oauthctl::keys::generate::generate(oauthctl::keys::generate::KeySpec::Ec(
        oauthctl::keys::Curve::P256,
    ))
    .unwrap();
    let forged = craft_with(
        &attacker,
        Algorithm::Es256,
        r#"{"alg":"ES256"}"#,
        &claims(json!({"note": "\u{1b}[31mred"})),
    );
    let out = oauthctl()
        .args(["token", "decode", &forged])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("UNVERIFIED"));
    assert!(
        !text
            .to_lowercase()
            .replace("unverified", "")
            .contains("valid"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "terminal escapes are neutralised");
    let out = oauthctl()
        .args(["--output", "json", "token", "decode", &forged])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["status"], "UNVERIFIED");
    assert_eq!(doc["verified"], false);
    assert_eq!(doc["claims"]["sub"], "alice");
}

#[test]
fn decode_then_mint_round_trips_claims() {
    let token = craft(H, &claims(json!({"scope": "read write"})));
    let decoded = oauthctl()
        .args(["--output", "json", "token", "decode", &token])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&decoded.stdout).unwrap();
    let out = oauthctl()
        .args(["token", "mint", "--key"])
        .arg(path("oauthctl.key.pem"))
        .args(["--claims", "-"])
        .write_stdin(doc["claims"].to_string())
        .output()
        .unwrap();
    assert_success(&out);
    let token = String::from_utf8(out.stdout).unwrap();
    let payload: Value =
        serde_json::from_slice(&b64::decode(token.trim().split('.').nth(1).unwrap()).unwrap())
            .unwrap();
    assert_eq!(payload["scope"], "read write");
    assert_eq!(payload["exp"], NOW + 300);
}

#[test]
fn verify_batch_reports_each_line() {
    let good = craft(H, &claims(json!({})));
    let expired = craft(H, &claims(json!({"exp": NOW - 3600})));
    let out = oauthctl()
        .env("OAUTHCTL_NOW", NOW.to_string())
        .args(["token", "verify", "--batch", "--key"])
        .arg(path("oauthctl.pub.pem"))
        .write_stdin(format!("{good}\n{expired}\n{good}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let verdicts: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(verdicts.len(), 3);
    assert_eq!(verdicts[0]["ok"], true);
    assert_eq!(verdicts[1]["reason"], "expired");
    assert_eq!(verdicts[2]["ok"], true);
}
