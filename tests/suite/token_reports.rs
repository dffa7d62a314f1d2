//! What `token verify` and `token decode` report is unambiguous: the key's kid and the
//! token's kid are named apart, an expiry accepted only thanks to the leeway says so, and a
//! pasted gateway header is read with or without quotes.

use crate::common;

use common::oauthctl;
use serde_json::Value;

fn keys() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = oauthctl()
        .args(["keygen", "--type", "ec", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    dir
}

fn mint(dir: &tempfile::TempDir, extra: &[&str]) -> String {
    let out = oauthctl()
        .args(["token", "mint", "--sub", "alice", "--key"])
        .arg(dir.path().join("oauthctl.key.pem"))
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn verify_json_names_the_keys_kid_and_the_tokens_kid_apart() {
    let dir = keys();
    let token = mint(&dir, &["--set-kid", "from-the-token"]);
    // A PEM key has no kid of its own: key_kid is null, token_kid is the header's.
    let out = oauthctl()
        .args(["--output", "json", "token", "verify", &token, "--key"])
        .arg(dir.path().join("oauthctl.pub.pem"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["key_kid"], Value::Null);
    assert_eq!(doc["token_kid"], "from-the-token");
    assert!(doc.get("kid").is_none(), "{doc}");
}

#[test]
fn an_expiry_accepted_only_thanks_to_the_leeway_is_shown_as_such() {
    let dir = keys();
    // Expired 30 s ago by the clock verify is given, inside the default 60 s leeway.
    let token = mint(&dir, &["--exp", "10m"]);
    let payload: Value =
        serde_json::from_slice(&oauthctl::b64::decode(token.split('.').nth(1).unwrap()).unwrap())
            .unwrap();
    let now = payload["exp"].as_i64().unwrap() + 30;
    let out = oauthctl()
        .env("OAUTHCTL_NOW", now.to_string())
        .args(["token", "verify", &token, "--key"])
        .arg(dir.path().join("oauthctl.pub.pem"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("(expired 30s ago, within the 60s leeway)"),
        "{stdout}"
    );
}

#[test]
fn decode_reads_the_gateway_header_with_or_without_quotes() {
    let dir = keys();
    let token = mint(&dir, &[]);
    for pasted in [
        format!("Bearer id_token=\"{token}\""),
        format!("Bearer id_token={token}"),
    ] {
        let out = oauthctl()
            .args(["--output", "json", "token", "decode", &pasted])
            .output()
            .unwrap();
        assert!(out.status.success(), "{pasted}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["claims"]["sub"], "alice");
    }
}

fn decode_stdin(input: &[u8]) -> std::process::Output {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("oauthctl"));
    command.args(["token", "decode"]);
    common::output_with_stdin(command, input.to_vec())
}

#[test]
fn decode_gives_one_reason_and_one_exit_code_for_every_malformed_token() {
    for input in [
        &b"\xff\xfe.a.b"[..],
        b"only-one-segment",
        b"a.b",
        b"!!.e30.sig",
    ] {
        let out = decode_stdin(input);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{input:?}: {stderr}");
        assert!(
            stderr.contains("error[malformed_token]"),
            "{input:?}: {stderr}"
        );
    }
}

#[test]
fn an_oversized_token_on_stdin_is_not_reported_by_the_bytes_read() {
    let out = decode_stdin(&vec![b'a'; 1024 * 1024]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[token_too_large]"), "{stderr}");
    assert!(stderr.contains("more than 132096 bytes"), "{stderr}");
    assert!(!stderr.contains("the token is 132096 bytes"), "{stderr}");
}

#[test]
fn an_issuer_with_a_zero_width_space_does_not_look_like_the_expected_one() {
    let dir = keys();
    let token = mint(&dir, &["--iss", "https://idp.example\u{200b}"]);
    let out = oauthctl()
        .args([
            "token",
            "verify",
            &token,
            "--iss",
            "https://idp.example",
            "--key",
        ])
        .arg(dir.path().join("oauthctl.pub.pem"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[iss_mismatch]"), "{stderr}");
    assert!(stderr.contains("\\u{200b}"), "{stderr}");
    assert!(!stderr.contains('\u{200b}'), "{stderr}");
}

#[test]
fn the_test_clock_is_announced_every_time_and_a_malformed_one_is_refused() {
    let dir = keys();
    let token = mint(&dir, &[]);
    let verify = |now: &str, quiet: bool| {
        let mut command = oauthctl();
        if quiet {
            command.arg("--quiet");
        }
        command
            .env("OAUTHCTL_NOW", now)
            .args(["token", "verify", &token, "--key"])
            .arg(dir.path().join("oauthctl.pub.pem"))
            .output()
            .unwrap()
    };
    for quiet in [false, true] {
        let out = verify("2030-01-01T00:00:00Z", quiet);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("OAUTHCTL_NOW is set: the clock reads 2030-01-01T00:00:00Z"),
            "{stderr}"
        );
    }
    let out = verify("yesterday", false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error[bad_clock]"), "{stderr}");
    // The server does not start on a malformed clock (it used to run at epoch 0).
    let out = oauthctl()
        .env("OAUTHCTL_NOW", "not-a-time")
        .args(["serve", "--port", "0", "--ephemeral"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[bad_clock]"));
}

fn verify(dir: &tempfile::TempDir, token: &str, key: &str, extra: &[&str]) -> std::process::Output {
    oauthctl()
        .args(["token", "verify", token, "--key"])
        .arg(dir.path().join(key))
        .args(extra)
        .output()
        .unwrap()
}

#[track_caller]
fn assert_refused(out: &std::process::Output, reason: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("error[{reason}]")), "{stderr}");
}

#[test]
fn verify_sub_require_and_claim_refuse_what_does_not_match() {
    let dir = keys();
    let token = mint(&dir, &["--claim", "scope=read", "--claim", "level=2"]);
    let key = "oauthctl.pub.pem";
    assert!(
        verify(&dir, &token, key, &["--sub", "alice", "--claim", "level=2"])
            .status
            .success()
    );
    assert_refused(
        &verify(&dir, &token, key, &["--sub", "bob"]),
        "sub_mismatch",
    );
    assert_refused(
        &verify(&dir, &token, key, &["--require", "email"]),
        "missing_claim",
    );
    assert_refused(
        &verify(&dir, &token, key, &["--claim", "scope=write"]),
        "claim_mismatch",
    );
    // The value is compared as JSON: the number 2 is not the string "2".
    assert_refused(
        &verify(&dir, &token, key, &["--claim", "level=\"2\""]),
        "claim_mismatch",
    );
}

#[test]
fn a_jwks_picks_the_key_by_kid_and_refuses_unknown_or_ambiguous_ones() {
    let dir = keys();
    let second = tempfile::tempdir().unwrap();
    let out = oauthctl()
        .args(["keygen", "--type", "ec", "--out-dir"])
        .arg(second.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    // A JWKS with both public keys.
    let jwks = dir.path().join("both.jwks.json");
    std::fs::copy(dir.path().join("oauthctl.jwks.json"), &jwks).unwrap();
    let out = oauthctl()
        .args(["key", "jwks", "add"])
        .arg(&jwks)
        .arg(second.path().join("oauthctl.pub.pem"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = mint(&dir, &[]);
    assert!(verify(&dir, &token, "both.jwks.json", &[]).status.success());
    assert_refused(
        &verify(
            &dir,
            &mint(&dir, &["--set-kid", "nobody"]),
            "both.jwks.json",
            &[],
        ),
        "kid_not_found",
    );
    // Without a kid, two candidate keys of the same type are ambiguous.
    assert_refused(
        &verify(&dir, &mint(&dir, &["--no-kid"]), "both.jwks.json", &[]),
        "ambiguous_key",
    );
}
