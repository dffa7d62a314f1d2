//! Keys against tools nobody here wrote: openssl and Python's cryptography and jwcrypto
//! must read what oauthctl writes, and oauthctl must read what they write.

use crate::common;

use std::fs;
use std::path::Path;

use common::{oauthctl, openssl, read, run_python};
use serde_json::Value;

const KEY_TYPES: [&[&str]; 7] = [
    &["--type", "rsa"],
    &["--type", "rsa", "--bits", "3072"],
    &["--type", "rsa", "--bits", "4096"],
    &["--type", "ec", "--curve", "P-256"],
    &["--type", "ec", "--curve", "P-384"],
    &["--type", "ec", "--curve", "P-521"],
    &["--type", "ed25519"],
];

fn b64url_to_hex(text: &str) -> String {
    run_python(
        "import base64,sys; s=sys.argv[1]; print(base64.urlsafe_b64decode(s+'='*(-len(s)%4)).hex())",
        &[text],
    )
    .trim()
    .trim_start_matches('0')
    .to_uppercase()
}

/// cryptography loads both PEMs and they match; jwcrypto loads the JWK and computes the
/// same RFC 7638 thumbprint, which is also the kid.
const PY_CHECK: &str = r#"
import json, sys
from cryptography.hazmat.primitives import serialization
from jwcrypto import jwk
priv = serialization.load_pem_private_key(open(sys.argv[1], 'rb').read(), password=None)
pub = serialization.load_pem_public_key(open(sys.argv[2], 'rb').read())
der = lambda k: k.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
assert der(priv.public_key()) == der(pub), 'public PEM does not match the private key'
doc = json.load(open(sys.argv[3]))
key = jwk.JWK(**doc)
assert not key.has_private, 'public JWK carries private members'
assert key.thumbprint() == doc['kid'], (key.thumbprint(), doc['kid'])
from_pem = jwk.JWK.from_pem(open(sys.argv[2], 'rb').read())
assert from_pem.thumbprint() == doc['kid']
jwks = jwk.JWKSet.from_json(open(sys.argv[4]).read())
assert jwks.get_key(doc['kid']) is not None
print('ok')
"#;

#[test]
fn every_key_type_is_read_by_openssl_cryptography_and_jwcrypto() {
    for args in KEY_TYPES {
        let dir = tempfile::tempdir().unwrap();
        oauthctl()
            .current_dir(dir.path())
            .arg("keygen")
            .args(args)
            .assert()
            .success();
        let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
        let key = path("oauthctl.key.pem");
        if args[1] != "ed25519" {
            let check = openssl(&["pkey", "-in", &key, "-check", "-noout"]);
            assert!(
                check.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&check.stderr)
            );
        }
        // openssl derives the same public key as oauthctl wrote.
        let derived = openssl(&["pkey", "-in", &key, "-pubout"]);
        assert_eq!(
            String::from_utf8_lossy(&derived.stdout),
            read(Path::new(&path("oauthctl.pub.pem"))),
            "{args:?}"
        );
        let out = run_python(
            PY_CHECK,
            &[
                &key,
                &path("oauthctl.pub.pem"),
                &path("oauthctl.jwk.json"),
                &path("oauthctl.jwks.json"),
            ],
        );
        assert_eq!(out.trim(), "ok", "{args:?}");

        if args[1] == "rsa" {
            let jwk: Value =
                serde_json::from_str(&read(Path::new(&path("oauthctl.jwk.json")))).unwrap();
            let modulus = openssl(&["rsa", "-in", &key, "-modulus", "-noout"]);
            let modulus = String::from_utf8_lossy(&modulus.stdout);
            assert_eq!(
                modulus.trim().trim_start_matches("Modulus="),
                b64url_to_hex(jwk["n"].as_str().unwrap())
            );
            let text = openssl(&["rsa", "-in", &key, "-text", "-noout"]);
            assert!(
                String::from_utf8_lossy(&text.stdout).contains("publicExponent: 65537 (0x10001)")
            );
            assert_eq!(jwk["e"], "AQAB");
        }
    }
}

#[test]
fn pkcs1_output_is_read_by_openssl() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--pkcs1"])
        .assert()
        .success();
    let key = dir.path().join("oauthctl.key.pem");
    assert!(read(&key).starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    assert!(
        openssl(&["rsa", "-in", key.to_str().unwrap(), "-check", "-noout"])
            .status
            .success()
    );
}

#[test]
fn gateway_layout_matches_what_jwcrypto_wrote() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--layout", "gateway"])
        .assert()
        .success();
    let public = read(&dir.path().join("public"));
    assert!(
        public.starts_with(r#"{"e":"AQAB","kty":"RSA","n":""#),
        "{public}"
    );
    assert!(!public.ends_with('\n'));
    assert!(read(&dir.path().join("priv_pem")).starts_with("-----BEGIN PRIVATE KEY-----"));
    assert!(read(&dir.path().join("public_pem")).starts_with("-----BEGIN PUBLIC KEY-----"));
    // jwcrypto's own export of the key's public half is byte-identical. (jwcrypto 1.6 adds
    // a thumbprint kid when loading PEM; produce_key.py's generated keys had none.)
    let out = run_python(
        r#"
import sys
from jwcrypto import jwk
loaded = jwk.JWK.from_pem(open(sys.argv[1], 'rb').read()).export_public(as_dict=True)
loaded.pop('kid', None)
sys.stdout.write(jwk.JWK(**loaded).export_public())
"#,
        &[dir.path().join("priv_pem").to_str().unwrap()],
    );
    assert_eq!(out, public);
}

#[test]
fn keys_made_by_openssl_load_and_convert() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let made = [
        vec!["genpkey", "-algorithm", "RSA", "-out", "rsa8.pem"],
        vec![
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-384",
            "-out",
            "ec8.pem",
        ],
        vec!["genpkey", "-algorithm", "ED25519", "-out", "ed.pem"],
        vec![
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "sec1.pem",
        ],
        vec!["rsa", "-in", "rsa8.pem", "-traditional", "-out", "rsa1.pem"],
        vec!["rsa", "-in", "rsa8.pem", "-pubout", "-out", "rsapub.pem"],
        vec![
            "rsa",
            "-in",
            "rsa8.pem",
            "-RSAPublicKey_out",
            "-out",
            "rsapub1.pem",
        ],
        vec![
            "pkey", "-in", "ec8.pem", "-outform", "DER", "-out", "ec8.der",
        ],
        vec![
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-in",
            "rsa8.pem",
            "-passout",
            "pass:hunter22",
            "-out",
            "enc.pem",
        ],
        vec![
            "req", "-x509", "-new", "-key", "rsa8.pem", "-subj", "/CN=test", "-days", "1", "-out",
            "cert.pem",
        ],
    ];
    for args in &made {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("openssl runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    fs::write(p("pass"), "hunter22\n").unwrap();
    let thumb = |file: &str| {
        let out = oauthctl()
            .args([
                "key",
                "thumbprint",
                &p(file),
                "--passphrase-file",
                &p("pass"),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let jwcrypto_thumb = |file: &str| {
        run_python(
            "import sys\nfrom jwcrypto import jwk\nprint(jwk.JWK.from_pem(open(sys.argv[1],'rb').read(), password=b'hunter22' if 'enc' in sys.argv[1] else None).thumbprint())",
            &[&p(file)],
        )
        .trim()
        .to_string()
    };
    let rsa = thumb("rsa8.pem");
    for same in [
        "rsa1.pem",
        "rsapub.pem",
        "rsapub1.pem",
        "enc.pem",
        "cert.pem",
    ] {
        assert_eq!(thumb(same), rsa, "{same}");
    }
    for file in ["rsa8.pem", "ec8.pem", "ed.pem", "sec1.pem", "enc.pem"] {
        assert_eq!(thumb(file), jwcrypto_thumb(file), "{file}");
    }
    assert_eq!(thumb("ec8.der"), thumb("ec8.pem"));

    // Convert openssl's SEC1 key to PKCS#8 and back through cryptography.
    let out = oauthctl()
        .args(["key", "convert", &p("sec1.pem"), "--to", "pkcs8"])
        .output()
        .unwrap();
    assert!(out.status.success());
    fs::write(p("sec1-as-pkcs8.pem"), &out.stdout).unwrap();
    let same = run_python(
        r#"
import sys
from cryptography.hazmat.primitives import serialization as s
a = s.load_pem_private_key(open(sys.argv[1],'rb').read(), None)
b = s.load_pem_private_key(open(sys.argv[2],'rb').read(), None)
print(a.private_numbers() == b.private_numbers())
"#,
        &[&p("sec1.pem"), &p("sec1-as-pkcs8.pem")],
    );
    assert_eq!(same.trim(), "True");
}

#[test]
fn keys_made_by_jwcrypto_load_and_convert() {
    let dir = tempfile::tempdir().unwrap();
    let made = run_python(
        r#"
import json, sys
from jwcrypto import jwk
keys = [jwk.JWK.generate(kty='RSA', size=2048), jwk.JWK.generate(kty='EC', crv='P-256'),
        jwk.JWK.generate(kty='EC', crv='P-521'), jwk.JWK.generate(kty='OKP', crv='Ed25519')]
for i, k in enumerate(keys):
    open(f'{sys.argv[1]}/k{i}.json', 'w').write(k.export_private())
    print(k.thumbprint())
"#,
        &[dir.path().to_str().unwrap()],
    );
    for (i, expected) in made.lines().enumerate() {
        let file = dir.path().join(format!("k{i}.json"));
        let out = oauthctl()
            .args(["key", "thumbprint"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "k{i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), expected);
        // JWK -> PKCS#8 PEM, read back by cryptography with the same private numbers.
        let pem = oauthctl()
            .args(["key", "convert", "--to", "pkcs8"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(pem.status.success());
        let pem_path = dir.path().join(format!("k{i}.pem"));
        fs::write(&pem_path, &pem.stdout).unwrap();
        let same = run_python(
            r#"
import sys
from jwcrypto import jwk
a = jwk.JWK.from_json(open(sys.argv[1]).read())
b = jwk.JWK.from_pem(open(sys.argv[2],'rb').read())
print(a.export_private(as_dict=True)['d'] == b.export_private(as_dict=True)['d'])
"#,
            &[file.to_str().unwrap(), pem_path.to_str().unwrap()],
        );
        assert_eq!(same.trim(), "True", "k{i}");
    }
}

#[test]
fn keygen_certificates_are_self_signed_for_the_key_and_read_by_openssl() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, extra) in [
        ("rsa", None),
        ("ec", None),
        ("ec", Some("p521")),
        ("ed25519", None),
    ] {
        let name = format!("{kind}{}", extra.unwrap_or(""));
        let mut command = oauthctl();
        command
            .current_dir(dir.path())
            .args(["keygen", "--type", kind, "--name", &name])
            .args([
                "--cert-subject",
                "CN=my-client, O=Example, C=DE",
                "--cert-days",
                "30",
            ]);
        if let Some(curve) = extra {
            command.args(["--curve", curve]);
        }
        command.assert().success();
        let cert = dir.path().join(format!("{name}.cert.pem"));
        let cert = cert.to_str().unwrap();
        let shown = openssl(&[
            "x509", "-in", cert, "-noout", "-subject", "-pubkey", "-enddate",
        ]);
        assert!(
            shown.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&shown.stderr)
        );
        let text = String::from_utf8_lossy(&shown.stdout).to_string();
        assert!(
            text.contains("CN = my-client, O = Example, C = DE"),
            "{name}: {text}"
        );
        // The certificate's key is the key's: its public PEM is in the certificate.
        let public = std::fs::read_to_string(dir.path().join(format!("{name}.pub.pem"))).unwrap();
        assert!(text.contains(public.trim()), "{name}: {text}");
        // Self-signed: its own signature verifies with its own key.
        let verified = openssl(&["verify", "-CAfile", cert, cert]);
        assert!(
            verified.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&verified.stdout)
        );
        // Valid for the days asked (30 days from now, give or take the minute of slack).
        let end = text.lines().find(|l| l.starts_with("notAfter=")).unwrap();
        let in_31_days = openssl(&[
            "x509",
            "-in",
            cert,
            "-noout",
            "-checkend",
            &(31 * 86400).to_string(),
        ]);
        assert!(
            !in_31_days.status.success(),
            "{name}: still valid in 31 days ({end})"
        );
        let in_29_days = openssl(&[
            "x509",
            "-in",
            cert,
            "-noout",
            "-checkend",
            &(29 * 86400).to_string(),
        ]);
        assert!(
            in_29_days.status.success(),
            "{name}: expired within 29 days ({end})"
        );
    }
    let bad = oauthctl()
        .args(["keygen", "--stdout", "jwk", "--cert-subject", "XX=1"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
