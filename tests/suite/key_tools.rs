//! `key inspect|convert|thumbprint|jwks` and the output conventions they share.

use crate::common;

use std::fs;

use common::{oauthctl, read};
use serde_json::Value;

fn json_stdout(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn convert_round_trips_between_pem_and_jwk() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--type", "ec"])
        .assert()
        .success();
    // PEM -> private JWK -> PKCS#8 -> public JWK keeps the same key.
    let private_jwk = oauthctl()
        .current_dir(dir.path())
        .args(["key", "convert", "oauthctl.key.pem", "--to", "jwk-private"])
        .output()
        .unwrap();
    assert!(private_jwk.status.success());
    let doc = json_stdout(&private_jwk);
    assert!(doc.get("d").is_some());
    fs::write(dir.path().join("private.json"), &private_jwk.stdout).unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args([
            "key",
            "convert",
            "private.json",
            "--to",
            "pkcs8",
            "--out",
            "again.pem",
        ])
        .assert()
        .success();
    assert_eq!(
        read(&dir.path().join("again.pem")),
        read(&dir.path().join("oauthctl.key.pem"))
    );
    let public = oauthctl()
        .current_dir(dir.path())
        .args(["key", "convert", "again.pem"])
        .output()
        .unwrap();
    let public = json_stdout(&public);
    assert!(public.get("d").is_none(), "public by default");
    assert_eq!(public["crv"], "P-256");
}

#[test]
fn convert_refuses_private_forms_of_public_keys_and_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .arg("keygen")
        .assert()
        .success();
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["key", "convert", "oauthctl.pub.pem", "--to", "pkcs8"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[not_private]"));
    let jwk_before = read(&dir.path().join("oauthctl.jwk.json"));
    let out = oauthctl()
        .current_dir(dir.path())
        .args([
            "key",
            "convert",
            "oauthctl.key.pem",
            "--to",
            "spki",
            "--out",
            "oauthctl.jwk.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error[file_exists]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(read(&dir.path().join("oauthctl.jwk.json")), jwk_before);
    let der = oauthctl()
        .current_dir(dir.path())
        .args([
            "key",
            "convert",
            "oauthctl.key.pem",
            "--to",
            "pkcs8",
            "--der",
            "--out",
            "k.der",
        ])
        .output()
        .unwrap();
    assert!(der.status.success());
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &fs::metadata(dir.path().join("k.der"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(
        mode & 0o777,
        0o600,
        "a private key written by convert is 0600"
    );
}

#[test]
fn jwks_rotation_adds_lists_and_removes() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["old", "new"] {
        oauthctl()
            .current_dir(dir.path())
            .args(["keygen", "--name", name, "--kid", name])
            .assert()
            .success();
    }
    let jwks = "published.json";
    for key in ["old.key.pem", "new.pub.pem"] {
        oauthctl()
            .current_dir(dir.path())
            .args(["key", "jwks", "add", jwks, key])
            .assert()
            .success();
    }
    let doc: Value = serde_json::from_str(&read(&dir.path().join(jwks))).unwrap();
    assert_eq!(doc["keys"].as_array().unwrap().len(), 2);
    assert!(
        doc["keys"][0].get("d").is_none(),
        "only public halves are published"
    );

    // The same key again has the same thumbprint kid: refused.
    let again = oauthctl()
        .current_dir(dir.path())
        .args(["key", "jwks", "add", jwks, "old.key.pem"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&again.stderr).contains("error[duplicate_kid]"));

    let list = oauthctl()
        .current_dir(dir.path())
        .args(["--output", "json", "key", "jwks", "list", jwks])
        .output()
        .unwrap();
    assert_eq!(json_stdout(&list)["keys"].as_array().unwrap().len(), 2);

    let old_kid = doc["keys"][0]["kid"].as_str().unwrap().to_string();
    oauthctl()
        .current_dir(dir.path())
        .args(["key", "jwks", "remove", jwks, &old_kid])
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&read(&dir.path().join(jwks))).unwrap();
    assert_eq!(doc["keys"].as_array().unwrap().len(), 1);
    let missing = oauthctl()
        .current_dir(dir.path())
        .args(["key", "jwks", "remove", jwks, &old_kid])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains(&old_kid), "{stderr}");
}

#[test]
fn inspect_reports_type_size_and_kid_in_json() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args([
            "keygen", "--type", "rsa", "--bits", "3072", "--alg", "PS256",
        ])
        .assert()
        .success();
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["--output", "json", "key", "inspect", "oauthctl.jwks.json"])
        .output()
        .unwrap();
    let doc = json_stdout(&out);
    assert_eq!(doc["format"], "JWKS");
    let key = &doc["keys"][0];
    assert_eq!(key["bits"], 3072);
    assert_eq!(key["alg"], "PS256");
    assert_eq!(key["private"], false);
    assert_eq!(key["kid"], key["thumbprint_sha256"]);
}

#[test]
fn errors_are_one_line_with_a_reason_and_json_on_request() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("junk"), "hello").unwrap();
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["key", "inspect", "junk"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error[not_a_key]: junk: "), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout in text mode");

    let out = oauthctl()
        .current_dir(dir.path())
        .args(["--output", "json", "key", "inspect", "junk"])
        .output()
        .unwrap();
    let doc = json_stdout(&out);
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["reason"], "not_a_key");
    assert!(doc["message"].as_str().unwrap().contains("not a key"));
}

#[test]
fn usage_errors_exit_2() {
    oauthctl()
        .args(["keygen", "--curve", "P-999"])
        .assert()
        .code(2);
    oauthctl().args(["nonsense"]).assert().code(2);
    oauthctl()
        .args(["keygen", "--type", "ec", "--bits", "2048"])
        .assert()
        .code(2);
}

#[test]
fn a_closed_stdout_pipe_is_success() {
    // `true` exits at once, so oauthctl writes into a pipe with no reader (EPIPE).
    let bin = assert_cmd::cargo::cargo_bin("oauthctl");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("\"$0\" completions bash | true; echo ${PIPESTATUS[0]}")
        .arg(&bin)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "0",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn completions_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = oauthctl().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("keygen"),
            "{shell}"
        );
    }
}

/// A thumbprint kid is base64url, so one in 64 begins with `-` (a flaky failure of the
/// rotation test above was one such kid taken for an option): every kid argument takes it.
#[test]
fn kids_that_begin_with_a_hyphen_are_kids_not_options() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        oauthctl()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let ok = |out: &std::process::Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        )
    };
    ok(&run(&["keygen", "--type", "ec", "--kid", "-Ckeygen"]));
    let jwk: Value = serde_json::from_str(&read(&dir.path().join("oauthctl.jwk.json"))).unwrap();
    assert_eq!(jwk["kid"], "-Ckeygen");
    ok(&run(&[
        "key",
        "jwks",
        "add",
        "set.json",
        "oauthctl.key.pem",
        "--set-kid",
        "-Cadded",
    ]));
    let inspected = run(&[
        "--output", "json", "key", "inspect", "set.json", "--kid", "-Cadded",
    ]);
    assert_eq!(json_stdout(&inspected)["keys"][0]["kid"], "-Cadded");
    let token = run(&[
        "token",
        "mint",
        "--key",
        "oauthctl.key.pem",
        "--set-kid",
        "-Cheader",
    ]);
    ok(&token);
    let token = String::from_utf8(token.stdout).unwrap();
    let decoded = run(&["--output", "json", "token", "decode", token.trim()]);
    assert_eq!(json_stdout(&decoded)["header"]["kid"], "-Cheader");
    ok(&run(&["key", "jwks", "remove", "set.json", "-Cadded"]));
    let set: Value = serde_json::from_str(&read(&dir.path().join("set.json"))).unwrap();
    assert_eq!(set["keys"].as_array().unwrap().len(), 0, "{set}");
}
