//! `oauthctl keygen`: generate a key pair and write it in every form a gateway wants.

use std::path::Path;

use serde_json::{json, Value};

use super::common::{self, algorithm_for, pem};
use crate::cli::{CurveName, KeyType, KeygenArgs, Layout, StdoutForm};
use crate::error::{Error, Result};
use crate::keys::generate::{self, KeySpec};
use crate::keys::write::{self, Planned};
use crate::keys::{der, encrypt, jwk, Curve, Key};
use crate::output::Printer;

pub fn run(args: KeygenArgs, printer: &Printer) -> Result<()> {
    let spec = key_spec(&args)?;
    if args.pkcs1 && !matches!(spec, KeySpec::Rsa(_)) {
        return Err(Error::usage(
            "bad_flags",
            "--pkcs1 applies to RSA keys only",
        ));
    }
    if args.pkcs1 && wants_encryption(&args) {
        return Err(Error::usage(
            "bad_flags",
            "an encrypted key is always PKCS#8; drop --pkcs1",
        ));
    }
    // Parsed before anything is generated or written, so that a bad subject costs nothing.
    let subject = match &args.cert_subject {
        Some(_) if args.stdout.is_some() || args.jwk_only || args.layout == Layout::Gateway => {
            return Err(Error::usage(
                "bad_flags",
                "--cert-subject writes NAME.cert.pem beside the standard layout's files; \
                 drop --stdout, --jwk-only or --layout gateway",
            ))
        }
        Some(text) => Some(crate::keys::cert::parse_subject(text)?),
        None => None,
    };
    let mut key = generate::generate(spec)?;
    key.alg = Some(algorithm_for(&key, args.alg.as_deref())?.unwrap_or(key.default_algorithm()));
    key.usage = Some("sig".to_string());
    key.kid = Some(args.kid.clone().unwrap_or_else(|| key.kid_or_thumbprint()));

    let stdout_form = args.stdout.or(args.jwk_only.then_some(StdoutForm::Jwk));
    if let Some(form) = stdout_form {
        return print_form(&key, form, &args, printer);
    }

    let private_pem = private_pem(&key, &args)?;
    let public_pem = pem("PUBLIC KEY", &der::encode_spki(&key)?);
    let files = match args.layout {
        Layout::Standard => {
            let path = |suffix: &str| args.out_dir.join(format!("{}{suffix}", args.name));
            let mut files = vec![
                Planned::new(path(".key.pem"), private_pem, true),
                Planned::new(path(".pub.pem"), public_pem, false),
                Planned::new(path(".jwk.json"), pretty(&public_jwk(&key)), false),
                Planned::new(
                    path(".jwks.json"),
                    pretty(&jwk::to_jwks(&[key.clone()])),
                    false,
                ),
            ];
            if let Some(subject) = subject {
                let cert = crate::keys::cert::self_signed(&key, subject, args.cert_days, &[])?;
                files.push(Planned::new(path(".cert.pem"), cert, false));
            }
            files
        }
        // What produce_key.py wrote with jwcrypto: PKCS#8, SPKI, and the bare public JWK
        // with sorted members and no whitespace or trailing newline.
        Layout::Gateway => vec![
            Planned::new(args.out_dir.join("priv_pem"), private_pem, true),
            Planned::new(args.out_dir.join("public_pem"), public_pem, false),
            Planned::new(
                args.out_dir.join("public"),
                Value::Object(jwk::required_members(&key)).to_string(),
                false,
            ),
        ],
    };
    create_dir(&args.out_dir)?;
    write::write_all(&files, args.force)?;
    report(&key, &files, printer);
    Ok(())
}

fn wants_encryption(args: &KeygenArgs) -> bool {
    args.encrypt || args.passphrase.passphrase_file.is_some()
}

fn key_spec(args: &KeygenArgs) -> Result<KeySpec> {
    let key_type = if args.curve.is_some() {
        KeyType::Ec
    } else {
        args.key_type
    };
    if args.bits.is_some() && key_type != KeyType::Rsa {
        return Err(Error::usage("bad_flags", "--bits applies to RSA keys only"));
    }
    Ok(match key_type {
        KeyType::Rsa => KeySpec::Rsa(
            args.bits
                .as_deref()
                .unwrap_or("2048")
                .parse()
                .map_err(|_| Error::usage("bad_key_size", "--bits must be 2048, 3072 or 4096"))?,
        ),
        KeyType::Ec => KeySpec::Ec(match args.curve.unwrap_or(CurveName::P256) {
            CurveName::P256 => Curve::P256,
            CurveName::P384 => Curve::P384,
            CurveName::P521 => Curve::P521,
        }),
        KeyType::Ed25519 => KeySpec::Ed25519,
    })
}

fn private_pem(key: &Key, args: &KeygenArgs) -> Result<String> {
    if args.pkcs1 {
        return Ok(pem("RSA PRIVATE KEY", &der::encode_pkcs1_private(key)?));
    }
    let pkcs8 = zeroize::Zeroizing::new(der::encode_pkcs8(key)?);
    if wants_encryption(args) {
        let passphrase = common::read_passphrase(&args.passphrase, true)?;
        let encrypted = encrypt::encrypt_pkcs8(&pkcs8, &passphrase)?;
        return Ok(pem("ENCRYPTED PRIVATE KEY", &encrypted));
    }
    Ok(pem("PRIVATE KEY", &pkcs8))
}

fn public_jwk(key: &Key) -> Value {
    Value::Object(jwk::to_jwk(&key.public(), false))
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a Value always serialises");
    text.push('\n');
    text
}

fn print_form(key: &Key, form: StdoutForm, args: &KeygenArgs, printer: &Printer) -> Result<()> {
    let text = match form {
        StdoutForm::Jwk => pretty(&public_jwk(key)),
        StdoutForm::Jwks => pretty(&jwk::to_jwks(std::slice::from_ref(key))),
        StdoutForm::JwkPrivate => pretty(&Value::Object(jwk::to_jwk(key, true))),
        StdoutForm::PublicPem => pem("PUBLIC KEY", &der::encode_spki(key)?),
        StdoutForm::PrivatePem => private_pem(key, args)?,
    };
    printer.data(&text);
    Ok(())
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::safety(
            "write_failed",
            format!("cannot create directory {}: {e}", dir.display()),
        )
    })
}

fn report(key: &Key, files: &[Planned], printer: &Printer) {
    let (rows, facts) = common::key_facts(key);
    if printer.is_json() {
        let written: Vec<Value> = files
            .iter()
            .map(|f| {
                json!({
                    "path": f.path.display().to_string(),
                    "private": f.private,
                    "mode": format!("{:o}", f.mode()),
                })
            })
            .collect();
        printer.json(&json!({ "ok": true, "files": written, "key": facts }));
        return;
    }
    let mut text = String::new();
    for file in files {
        let what = if file.private { "private" } else { "public" };
        text.push_str(&format!(
            "wrote {} ({what}, {:o})\n",
            file.path.display(),
            file.mode()
        ));
    }
    text.push_str(&common::format_rows(&rows));
    printer.data(&text);
}
