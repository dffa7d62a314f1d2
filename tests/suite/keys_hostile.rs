//! The K and I cases of ../shared/hostile-cases.md: keygen and key import must fail
//! cleanly, with the documented exit code, and leave files alone.

use crate::common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use common::{oauthctl, openssl, read};
use serde_json::{json, Value};

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Run `oauthctl key inspect FILE` and expect exit 3 with `reason`.
fn assert_refused(path: &Path, reason: &str) {
    let out = oauthctl()
        .args(["key", "inspect"])
        .arg(path)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(3), "{}: {stderr}", path.display());
    assert!(
        stderr.contains(&format!("error[{reason}]")),
        "expected error[{reason}] for {}, got: {stderr}",
        path.display()
    );
    assert_eq!(stderr.lines().filter(|l| l.starts_with("error")).count(), 1);
}

#[test]
fn k1_unsupported_sizes_are_usage_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for bits in ["1024", "0", "2040", "99999"] {
        oauthctl()
            .current_dir(dir.path())
            .args(["keygen", "--bits", bits])
            .assert()
            .code(2);
    }
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn k2_existing_file_is_refused_and_untouched_and_force_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("oauthctl.pub.pem");
    fs::write(&existing, "keep me\n").unwrap();
    let out = oauthctl()
        .current_dir(dir.path())
        .arg("keygen")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr_of(&out).contains("error[file_exists]"));
    assert_eq!(read(&existing), "keep me\n");
    assert_eq!(
        entries(dir.path()),
        ["oauthctl.pub.pem"],
        "nothing else written"
    );

    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--force"])
        .assert()
        .success();
    assert!(read(&existing).starts_with("-----BEGIN PUBLIC KEY-----"));
    assert_eq!(entries(dir.path()).len(), 4, "no temp or backup files left");
}

#[test]
fn k2_symlink_destination_is_refused_and_force_replaces_the_link_not_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere");
    fs::write(&target, "victim\n").unwrap();
    let link = dir.path().join("oauthctl.key.pem");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["keygen"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr_of(&out).contains("error[symlink]"));
    assert_eq!(read(&target), "victim\n");
    // --force replaces the link itself: a regular 0600 key file now, the target untouched.
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let meta = fs::symlink_metadata(&link).unwrap();
    assert!(meta.is_file(), "{meta:?}");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(read(&link).contains("PRIVATE KEY"));
    assert_eq!(read(&target), "victim\n");
}

#[test]
fn k2_force_replaces_a_named_pipe_and_refuses_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("oauthctl.key.pem");
    assert!(std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap()
        .success());
    fs::create_dir(dir.path().join("oauthctl.pub.pem")).unwrap();
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--force"])
        .output()
        .unwrap();
    // The directory stops the whole set: nothing is written, the pipe is still a pipe.
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr_of(&out).contains("is a directory"),
        "{}",
        stderr_of(&out)
    );
    assert!(fs::symlink_metadata(&pipe).unwrap().file_type().is_fifo());
    fs::remove_dir(dir.path().join("oauthctl.pub.pem")).unwrap();
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(fs::symlink_metadata(&pipe).unwrap().is_file());
}

#[test]
fn k3_private_key_is_0600_and_public_files_0644_under_umask_000() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("oauthctl");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" keygen --type ec")
        .arg(&bin)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let mode = |name: &str| {
        fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("oauthctl.key.pem"), 0o600);
    for public in [
        "oauthctl.pub.pem",
        "oauthctl.jwk.json",
        "oauthctl.jwks.json",
    ] {
        assert_eq!(mode(public), 0o644, "{public}");
    }
}

fn is_root() -> bool {
    let out = std::process::Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

#[test]
fn k4_read_only_directory_fails_with_the_os_error_and_leaves_nothing() {
    let base = tempfile::tempdir().unwrap();
    fs::set_permissions(base.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let dir = base.path().join("ro");
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("oauthctl");
    // root ignores permission bits, so run as `nobody` there.
    let mut cmd = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let out = cmd
        .args(["keygen", "--type", "ed25519", "--out-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("error[write_failed]"), "{stderr}");
    assert!(
        stderr.contains("Permission denied"),
        "the OS error is shown: {stderr}"
    );
    assert!(entries(&dir).is_empty(), "left behind: {:?}", entries(&dir));
}

#[test]
fn k4_no_half_written_set() {
    let dir = tempfile::tempdir().unwrap();
    // The last file of the set cannot be written: nothing of the set may appear.
    fs::create_dir(dir.path().join("oauthctl.jwks.json")).unwrap();
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--type", "ed25519", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("is a directory"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(entries(dir.path()), ["oauthctl.jwks.json"]);
}

fn asn1parse(path: &Path) -> String {
    let out = openssl(&["asn1parse", "-in", path.to_str().unwrap()]);
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn k5_passphrase_encryption_is_pbes2_and_openssl_decrypts_it() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    fs::write(&empty, "\n").unwrap();
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--passphrase-file", "empty"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("error[empty_passphrase]"));
    assert_eq!(entries(dir.path()), ["empty"]);

    fs::write(dir.path().join("pass"), "correct horse\n").unwrap();
    for name in ["a", "b"] {
        oauthctl()
            .current_dir(dir.path())
            .args(["keygen", "--passphrase-file", "pass", "--name", name])
            .assert()
            .success();
    }
    let a = dir.path().join("a.key.pem");
    let parsed = asn1parse(&a);
    for needle in ["PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc"] {
        assert!(parsed.contains(needle), "{needle} missing:\n{parsed}");
    }
    let iterations = parsed
        .lines()
        .find(|l| l.contains("prim: INTEGER"))
        .and_then(|l| l.rsplit(':').next())
        .map(|hex| u64::from_str_radix(hex.trim(), 16).unwrap())
        .unwrap();
    assert!(iterations >= 600_000, "{iterations} iterations");
    let salt = |p: &Path| {
        asn1parse(p)
            .lines()
            .find(|l| l.contains("OCTET STRING"))
            .unwrap()
            .to_string()
    };
    assert_ne!(
        salt(&a),
        salt(&dir.path().join("b.key.pem")),
        "salts are random"
    );

    let decrypted = openssl(&[
        "pkcs8",
        "-in",
        a.to_str().unwrap(),
        "-passin",
        &format!("file:{}", dir.path().join("pass").display()),
    ]);
    assert!(decrypted.status.success(), "{}", stderr_of(&decrypted));
    assert!(String::from_utf8_lossy(&decrypted.stdout).contains("BEGIN PRIVATE KEY"));
}

/// DER TLV with a definite length.
fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = body.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(body);
    out
}

fn oid(dotted_der: &[u8]) -> Vec<u8> {
    tlv(0x06, dotted_der)
}

#[test]
fn k6_absurd_pbkdf2_iteration_count_is_refused_before_deriving() {
    // EncryptedPrivateKeyInfo with PBKDF2 iterations = 2^31.
    let pbes2 = oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d]);
    let pbkdf2 = oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c]);
    let hmac_sha256 = oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09]);
    let aes256cbc = oid(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a]);
    let prf = tlv(0x30, &[hmac_sha256, vec![0x05, 0x00]].concat());
    let kdf_params = tlv(
        0x30,
        &[
            tlv(0x04, &[7u8; 16]),
            tlv(0x02, &[0x00, 0x80, 0, 0, 0]),
            prf,
        ]
        .concat(),
    );
    let kdf = tlv(0x30, &[pbkdf2, kdf_params].concat());
    let cipher = tlv(0x30, &[aes256cbc, tlv(0x04, &[9u8; 16])].concat());
    let params = tlv(0x30, &[kdf, cipher].concat());
    let alg = tlv(0x30, &[pbes2, params].concat());
    let der = tlv(0x30, &[alg, tlv(0x04, &[0u8; 32])].concat());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absurd.pem");
    let pem = format!(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n{}\n-----END ENCRYPTED PRIVATE KEY-----\n",
        base64_lines(&der)
    );
    fs::write(&path, pem).unwrap();
    fs::write(dir.path().join("pass"), "x\n").unwrap();
    // 2^31 PBKDF2 rounds would take many minutes: finishing within the timeout shows the
    // count was refused before any derivation.
    let out = oauthctl()
        .args(["key", "inspect", "--passphrase-file"])
        .arg(dir.path().join("pass"))
        .arg(&path)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("error[kdf_too_costly]"),
        "{}",
        stderr_of(&out)
    );
}

fn base64_lines(der: &[u8]) -> String {
    let out = common::run_python(
        "import base64,sys; print(base64.encodebytes(bytes.fromhex(sys.argv[1])).decode().strip())",
        &[&der.iter().map(|b| format!("{b:02x}")).collect::<String>()],
    );
    out.trim().to_string()
}

#[test]
fn k7_wrong_passphrase_and_legacy_encrypted_pem() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("pass"), "right\n").unwrap();
    fs::write(dir.path().join("wrong"), "wrong\n").unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--type", "ec", "--passphrase-file", "pass"])
        .assert()
        .success();
    let out = oauthctl()
        .current_dir(dir.path())
        .args([
            "key",
            "inspect",
            "oauthctl.key.pem",
            "--passphrase-file",
            "wrong",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("error[wrong_passphrase]"));

    let plain = dir.path().join("plain.pem");
    let legacy = dir.path().join("legacy.pem");
    assert!(openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-out",
        plain.to_str().unwrap()
    ])
    .status
    .success());
    let made = openssl(&[
        "rsa",
        "-in",
        plain.to_str().unwrap(),
        "-aes256",
        "-traditional",
        "-passout",
        "pass:secret",
        "-out",
        legacy.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", stderr_of(&made));
    assert!(read(&legacy).contains("Proc-Type: 4,ENCRYPTED"));
    assert_refused(&legacy, "legacy_encrypted_pem");
}

#[test]
fn k8_public_jwk_has_only_public_members_and_kid_is_the_thumbprint() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .arg("keygen")
        .assert()
        .success();
    let jwk: Value = serde_json::from_str(&read(&dir.path().join("oauthctl.jwk.json"))).unwrap();
    let allowed = ["kty", "n", "e", "kid", "alg", "use"];
    for member in jwk.as_object().unwrap().keys() {
        assert!(
            allowed.contains(&member.as_str()),
            "unexpected member {member}"
        );
    }
    let thumb = oauthctl()
        .current_dir(dir.path())
        .args(["key", "thumbprint", "oauthctl.key.pem"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&thumb.stdout).trim(),
        jwk["kid"].as_str().unwrap()
    );

    // RFC 7638 section 3.1.
    let example = json!({
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29"
    });
    let path = dir.path().join("rfc7638.json");
    fs::write(&path, example.to_string()).unwrap();
    let out = oauthctl()
        .args(["key", "thumbprint"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
}

fn write_json(dir: &Path, name: &str, value: &Value) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::write(&path, value.to_string()).unwrap();
    path
}

/// The keysets of the Wycheproof JWK file by group comment (first match).
fn jwk_group(comment: &str, set: &str) -> Value {
    let file = common::vectors("json_web_key_test.json");
    file["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["comment"] == comment && g.get(set).is_some())
        .map(|g| g[set].clone())
        .unwrap_or_else(|| panic!("no group {comment}"))
}

#[test]
fn i1_small_rsa_exponents_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::vectors("rsa_signature_2048_sha256_test.json");
    let e3: Vec<&Value> = file["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["publicKey"]["publicExponent"] == "03")
        .collect();
    assert!(!e3.is_empty(), "the W-RSA file has e = 3 groups");
    for (i, group) in e3.iter().enumerate() {
        let der_hex = group["publicKeyDer"].as_str().unwrap();
        let der: Vec<u8> = (0..der_hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&der_hex[i..i + 2], 16).unwrap())
            .collect();
        let path = dir.path().join(format!("e3-{i}.der"));
        fs::write(&path, der).unwrap();
        assert_refused(&path, "weak_key");
    }
    let e1 = jwk_group("exponentOne", "public");
    assert_refused(
        &write_json(dir.path(), "e1.json", &e1["keys"][0]),
        "weak_key",
    );
}

#[test]
fn i2_rsa_keys_under_2048_bits_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let small = jwk_group("keysize_too_small", "public");
    assert_refused(
        &write_json(dir.path(), "1024.json", &small["keys"][0]),
        "weak_key",
    );
    let path = dir.path().join("2040.pem");
    let made = openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2040",
        "-out",
        path.to_str().unwrap(),
    ]);
    assert!(made.status.success());
    assert_refused(&path, "weak_key");
}

#[test]
fn i3_malformed_pem_files_get_specific_errors() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--type", "ec"])
        .assert()
        .success();
    let private = read(&dir.path().join("oauthctl.key.pem"));
    let public = read(&dir.path().join("oauthctl.pub.pem"));

    let trailing = dir.path().join("trailing.pem");
    fs::write(&trailing, format!("{private}garbage\n")).unwrap();
    assert_refused(&trailing, "trailing_data");

    let two = dir.path().join("two.pem");
    fs::write(&two, format!("{private}{public}")).unwrap();
    assert_refused(&two, "multiple_pem_blocks");

    let relabelled = dir.path().join("relabelled.pem");
    fs::write(&relabelled, private.replace("PRIVATE KEY", "PUBLIC KEY")).unwrap();
    assert_refused(&relabelled, "pem_label_mismatch");

    let huge = dir.path().join("huge.pem");
    let mut body = private.clone();
    body.push_str(&"A".repeat(10 * 1024 * 1024));
    fs::write(&huge, body).unwrap();
    assert_refused(&huge, "file_too_large");
}

#[test]
fn i4_ambiguous_or_non_signing_key_sets_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let duplicate = jwk_group("jws_duplicate_kid", "private");
    assert_refused(
        &write_json(dir.path(), "dup.json", &duplicate),
        "duplicate_kid",
    );
    let mixed = jwk_group("jws_mixedSymmetryKeyset", "private");
    assert_refused(
        &write_json(dir.path(), "mixed.json", &mixed),
        "mixed_key_set",
    );

    let jws = common::vectors("json_web_signature_test.json");
    let mut checked = 0;
    for group in jws["testGroups"].as_array().unwrap() {
        let ids: Vec<u64> = group["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["tcId"].as_u64().unwrap())
            .collect();
        if !ids.iter().any(|id| (353..=356).contains(id)) {
            continue;
        }
        for set in ["public", "private"] {
            let Some(keys) = group.get(set) else { continue };
            let path = write_json(dir.path(), &format!("enc-{}-{set}.json", ids[0]), keys);
            assert_refused(&path, "key_not_for_signing");
            checked += 1;
        }
    }
    assert_eq!(checked, 8, "tcIds 353-356, public and private sets");
}

#[test]
fn i5_short_or_empty_hmac_secrets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let short = json!({"kty": "oct", "k": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg"});
    assert_refused(&write_json(dir.path(), "short.json", &short), "weak_key");
    let empty = json!({"kty": "oct", "k": ""});
    assert_refused(&write_json(dir.path(), "empty.json", &empty), "weak_key");
}

#[test]
fn i6_format_comes_from_content_not_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .arg("keygen")
        .assert()
        .success();
    let der = dir.path().join("oauthctl.der");
    assert!(openssl(&[
        "pkey",
        "-in",
        dir.path().join("oauthctl.key.pem").to_str().unwrap(),
        "-outform",
        "DER",
        "-out",
        der.to_str().unwrap()
    ])
    .status
    .success());
    let cases = [
        (
            "oauthctl.key.pem",
            "misleading.json",
            "PKCS#8 private key (PEM)",
        ),
        ("oauthctl.jwk.json", "misleading.pem", "JWK (JSON)"),
        ("oauthctl.jwks.json", "misleading.der", "JWKS (JSON)"),
        (
            "oauthctl.der",
            "misleading.txt",
            "PKCS#1 RSA private key (DER)",
        ),
    ];
    for (source, name, expected) in cases {
        let path = dir.path().join(name);
        fs::copy(dir.path().join(source), &path).unwrap();
        let out = oauthctl()
            .args(["key", "inspect"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", stderr_of(&out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(expected), "{name}: {stdout}");
    }
}

#[test]
fn a_private_key_whose_parts_do_not_belong_together_signs_nothing() {
    // A wrong CRT coefficient is caught when the key is loaded; swapped CRT exponents only
    // when ring checks the signature it made. Either way: exit 3, nothing on stdout.
    let dir = tempfile::tempdir().unwrap();
    let out = oauthctl()
        .args(["keygen", "--stdout", "jwk-private"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let good: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut wrong_qi = good.clone();
    wrong_qi["qi"] = good["dp"].clone();
    let mut swapped = good.clone();
    swapped["dp"] = good["dq"].clone();
    swapped["dq"] = good["dp"].clone();
    let cases = [
        ("wrong_qi", wrong_qi, vec![vec!["key", "inspect"]]),
        ("swapped", swapped, vec![]),
    ];
    for (name, jwk, extra) in cases {
        let path = dir.path().join(format!("{name}.jwk.json"));
        std::fs::write(&path, jwk.to_string()).unwrap();
        let mint = vec!["token", "mint", "--sub", "x", "--key"];
        for args in extra.into_iter().chain([mint]) {
            let out = oauthctl().args(&args).arg(&path).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(3), "{name} {args:?}: {stderr}");
            assert!(
                stderr.contains("error[malformed_key]"),
                "{name} {args:?}: {stderr}"
            );
            assert!(stderr.contains("inconsistent"), "{name} {args:?}: {stderr}");
            assert!(out.stdout.is_empty(), "{name} {args:?}");
        }
    }
}

#[test]
fn a_key_with_swapped_crt_exponents_signs_nothing_in_a_batch_either() {
    // `--count` signs with aws-lc rather than ring: the same refusal, the same reason.
    let out = oauthctl()
        .args(["keygen", "--stdout", "jwk-private"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut jwk: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dp = jwk["dp"].clone();
    jwk["dp"] = jwk["dq"].clone();
    jwk["dq"] = dp;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("swapped.jwk.json");
    std::fs::write(&path, jwk.to_string()).unwrap();
    let out = oauthctl()
        .args(["token", "mint", "--sub", "x", "--count", "3", "--key"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("error[malformed_key]"), "{stderr}");
    assert!(stderr.contains("inconsistent"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn k2_an_existing_private_key_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--type", "ec"])
        .assert()
        .success();
    let before = read(&dir.path().join("oauthctl.key.pem"));
    // Only the public files are missing: the private key still stops the whole set.
    for public in [
        "oauthctl.pub.pem",
        "oauthctl.jwk.json",
        "oauthctl.jwks.json",
    ] {
        fs::remove_file(dir.path().join(public)).unwrap();
    }
    let out = oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--type", "ec"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr_of(&out).contains("error[file_exists]"));
    assert!(stderr_of(&out).contains("oauthctl.key.pem"));
    assert_eq!(read(&dir.path().join("oauthctl.key.pem")), before);
    assert_eq!(entries(dir.path()), ["oauthctl.key.pem"]);
}

/// The permission bits of a file.
fn mode_of(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn k3_gateway_layout_and_encrypted_keys_are_0600_under_umask_000() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("oauthctl");
    std::fs::write(dir.path().join("pass"), "a long enough passphrase\n").unwrap();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(
            "umask 000; \"$0\" keygen --layout gateway && \
             exec \"$0\" keygen --type ec --name sealed --passphrase-file pass",
        )
        .arg(&bin)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode_of(&dir.path().join("priv_pem")), 0o600);
    assert_eq!(mode_of(&dir.path().join("public_pem")), 0o644);
    assert_eq!(mode_of(&dir.path().join("public")), 0o644);
    assert!(read(&dir.path().join("sealed.key.pem")).contains("ENCRYPTED PRIVATE KEY"));
    assert_eq!(mode_of(&dir.path().join("sealed.key.pem")), 0o600);
}

#[test]
fn k3_serves_own_signing_key_is_0600_under_umask_000() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let bin = assert_cmd::cargo::cargo_bin("oauthctl");
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$0\" --output json serve --port 0 --state-dir \"$1\"")
        .arg(&bin)
        .arg(&state)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("issuer"), "{line}");
    assert_eq!(mode_of(&state.join("signing.key.pem")), 0o600);
    assert_eq!(mode_of(&state.join("demo-client.secret")), 0o600);
}
