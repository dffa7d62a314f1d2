//! Tokens against PyJWT and jwcrypto: what oauthctl mints they verify, what they sign
//! oauthctl verifies, for every algorithm all three support.

use crate::common;

use std::path::Path;

use common::{oauthctl, run_python};

/// (algorithm, keygen flags); HS* use a secret file instead.
const CASES: [(&str, &[&str]); 13] = [
    ("RS256", &["--type", "rsa"]),
    ("RS384", &["--type", "rsa"]),
    ("RS512", &["--type", "rsa", "--bits", "3072"]),
    ("PS256", &["--type", "rsa"]),
    ("PS384", &["--type", "rsa"]),
    ("PS512", &["--type", "rsa"]),
    ("ES256", &["--type", "ec", "--curve", "P-256"]),
    ("ES384", &["--type", "ec", "--curve", "P-384"]),
    ("ES512", &["--type", "ec", "--curve", "P-521"]),
    ("EdDSA", &["--type", "ed25519"]),
    ("HS256", &[]),
    ("HS384", &[]),
    ("HS512", &[]),
];

/// argv: alg, token, public key file (PEM, or the secret file for HS*).
const PY_VERIFY: &str = r#"
import sys, json
import jwt as pyjwt
from jwcrypto import jwk, jwt as jjwt
alg, token, keyfile = sys.argv[1], sys.argv[2], sys.argv[3]
raw = open(keyfile, 'rb').read()
if alg.startswith('HS'):
    secret = raw.rstrip(b'\n')
    pykey, jkey = secret, jwk.JWK(kty='oct', k=jwk.base64url_encode(secret))
else:
    pykey, jkey = raw, jwk.JWK.from_pem(raw)
claims = pyjwt.decode(token, key=pykey, algorithms=[alg], audience='api', issuer='https://issuer.test')
assert claims['sub'] == 'alice', claims
checked = jjwt.JWT(jwt=token, key=jkey, algs=[alg], check_claims={'aud': 'api'})
assert json.loads(checked.claims)['sub'] == 'alice'
print('ok')
"#;

/// argv: alg, private key file (PEM or secret); prints a PyJWT token, then a jwcrypto one.
const PY_SIGN: &str = r#"
import sys, time
import jwt as pyjwt
from jwcrypto import jwk, jwt as jjwt
alg, keyfile = sys.argv[1], sys.argv[2]
raw = open(keyfile, 'rb').read()
now = int(time.time())
claims = {'iss': 'https://issuer.test', 'sub': 'bob', 'aud': 'api', 'iat': now, 'exp': now + 300}
if alg.startswith('HS'):
    secret = raw.rstrip(b'\n')
    pykey, jkey = secret, jwk.JWK(kty='oct', k=jwk.base64url_encode(secret))
else:
    pykey, jkey = raw, jwk.JWK.from_pem(raw)
print(pyjwt.encode(claims, pykey, algorithm=alg))
token = jjwt.JWT(header={'alg': alg}, claims=claims)
token.make_signed_token(jkey)
print(token.serialize())
"#;

fn setup(dir: &Path, alg: &str, flags: &[&str]) -> (String, String) {
    if alg.starts_with("HS") {
        let secret: String = (0..64)
            .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
            .collect();
        let path = dir.join("secret");
        std::fs::write(&path, format!("{secret}\n")).unwrap();
        let p = path.to_str().unwrap().to_string();
        return (p.clone(), p);
    }
    oauthctl()
        .current_dir(dir)
        .arg("keygen")
        .args(flags)
        .assert()
        .success();
    (
        dir.join("oauthctl.key.pem").to_str().unwrap().to_string(),
        dir.join("oauthctl.pub.pem").to_str().unwrap().to_string(),
    )
}

fn key_flag(alg: &str) -> &'static str {
    if alg.starts_with("HS") {
        "--secret-file"
    } else {
        "--key"
    }
}

#[test]
fn tokens_minted_by_oauthctl_verify_in_pyjwt_and_jwcrypto() {
    for (alg, flags) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let (private, public) = setup(dir.path(), alg, flags);
        let out = oauthctl()
            .args(["token", "mint", key_flag(alg), &private, "--alg", alg])
            .args([
                "--iss",
                "https://issuer.test",
                "--sub",
                "alice",
                "--aud",
                "api",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{alg}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let token = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            run_python(PY_VERIFY, &[alg, token.trim(), &public]).trim(),
            "ok",
            "{alg}"
        );
    }
}

#[test]
fn tokens_signed_by_pyjwt_and_jwcrypto_verify_in_oauthctl() {
    for (alg, flags) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let (private, public) = setup(dir.path(), alg, flags);
        let tokens = run_python(PY_SIGN, &[alg, &private]);
        let tokens: Vec<&str> = tokens.lines().collect();
        assert_eq!(tokens.len(), 2);
        for token in tokens {
            let out = oauthctl()
                .args([
                    "token",
                    "verify",
                    token,
                    key_flag(alg),
                    &public,
                    "--alg",
                    alg,
                ])
                .args([
                    "--aud",
                    "api",
                    "--iss",
                    "https://issuer.test",
                    "--sub",
                    "bob",
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{alg}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// argv: token, public PEM. Verifies exactly as the gateway demo's token server does.
const PY_GATEWAY_VERIFY: &str = r#"
import sys
import python_jwt as jwt, jwcrypto.jwk as jwk
token, pem = sys.argv[1], open(sys.argv[2], 'rb').read()
try:
    header, claims = jwt.verify_jwt(token, jwk.JWK.from_pem(pem), ['RS256'])
except Exception as e:
    print('refused:', e)
    sys.exit(0)
print('ok', header['typ'], claims['foo'], claims['wup'])
"#;

#[test]
fn the_gateway_demos_python_jwt_verifier_accepts_minted_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let out = oauthctl()
        .args(["keygen", "--layout", "gateway", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let mint = |extra: &[&str]| {
        let out = oauthctl()
            .args(["token", "mint", "--key"])
            .arg(dir.path().join("priv_pem"))
            .args(["--claim", "foo=bar", "--claim", "wup=90"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let public = dir.path().join("public_pem");
    let public = public.to_str().unwrap();
    let verdict = run_python(PY_GATEWAY_VERIFY, &[&mint(&[]), public]);
    assert_eq!(verdict.trim(), "ok JWT bar 90");
    // Without typ, python_jwt refuses: the default is what makes the demo accept it.
    let verdict = run_python(PY_GATEWAY_VERIFY, &[&mint(&["--no-typ"]), public]);
    assert!(verdict.starts_with("refused:"), "{verdict}");
}
