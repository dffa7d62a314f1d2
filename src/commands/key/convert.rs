//! `oauthctl key convert`: between PEM, DER, JWK and JWKS, public by default.

use serde_json::Value;

use crate::cli::{ConvertArgs, ConvertTo};
use crate::commands::common::{self, pem};
use crate::error::{Error, Result};
use crate::keys::write::{self, Planned};
use crate::keys::{der, encrypt, jwk};
use crate::output::Printer;

pub fn run(args: ConvertArgs, printer: &Printer) -> Result<()> {
    let mut key = common::load_one(&args.input, printer)?;
    if let Some(alg) = common::algorithm_for(&key, args.alg.as_deref())? {
        key.alg = Some(alg);
    }
    match args.set_kid.as_deref() {
        Some("thumbprint") => key.kid = Some(jwk::thumbprint(&key, jwk::ThumbprintHash::Sha256)),
        Some(kid) => key.kid = Some(kid.to_string()),
        None => {}
    }
    if args.encrypt && args.to != ConvertTo::Pkcs8 {
        return Err(Error::usage(
            "bad_flags",
            "--encrypt applies to --to pkcs8 only",
        ));
    }
    let private = matches!(
        args.to,
        ConvertTo::JwkPrivate | ConvertTo::Pkcs8 | ConvertTo::Pkcs1 | ConvertTo::Sec1
    );
    if key.is_symmetric() && !matches!(args.to, ConvertTo::JwkPrivate) {
        return Err(Error::input(
            "wrong_key_type",
            "an HMAC secret converts only to --to jwk-private; it has no public form",
        ));
    }
    let (label, der_bytes, json): (&str, Vec<u8>, Option<Value>) = match args.to {
        ConvertTo::Jwk => (
            "",
            Vec::new(),
            Some(Value::Object(jwk::to_jwk(&key.public(), false))),
        ),
        ConvertTo::JwkPrivate => {
            require_private(&key)?;
            ("", Vec::new(), Some(Value::Object(jwk::to_jwk(&key, true))))
        }
        ConvertTo::Jwks => (
            "",
            Vec::new(),
            Some(jwk::to_jwks(std::slice::from_ref(&key))),
        ),
        ConvertTo::Pkcs8 => {
            require_private(&key)?;
            let plain = der::encode_pkcs8(&key)?;
            if args.encrypt {
                let passphrase = common::read_passphrase(&args.input.passphrase, true)?;
                (
                    "ENCRYPTED PRIVATE KEY",
                    encrypt::encrypt_pkcs8(&plain, &passphrase)?,
                    None,
                )
            } else {
                ("PRIVATE KEY", plain, None)
            }
        }
        ConvertTo::Pkcs1 => {
            require_private(&key)?;
            ("RSA PRIVATE KEY", der::encode_pkcs1_private(&key)?, None)
        }
        ConvertTo::Sec1 => {
            require_private(&key)?;
            ("EC PRIVATE KEY", der::encode_sec1(&key)?, None)
        }
        ConvertTo::Spki => ("PUBLIC KEY", der::encode_spki(&key)?, None),
        ConvertTo::Pkcs1Public => ("RSA PUBLIC KEY", der::encode_pkcs1_public(&key)?, None),
    };
    let bytes: Vec<u8> = match (&json, args.der) {
        (Some(_), true) => {
            return Err(Error::usage(
                "bad_flags",
                "--der applies to PEM forms, not JSON",
            ))
        }
        (Some(value), false) => {
            let mut text = serde_json::to_string_pretty(value).expect("a Value serialises");
            text.push('\n');
            text.into_bytes()
        }
        (None, true) => der_bytes,
        (None, false) => pem(label, &der_bytes).into_bytes(),
    };
    match &args.out {
        Some(path) => {
            let private = private || key.is_symmetric();
            write::write_all(&[Planned::new(path.clone(), bytes, private)], args.force)?;
            printer.info(&format!("wrote {}", path.display()));
        }
        None if args.der => unreachable!("clap requires --out with --der"),
        None => printer.data(&String::from_utf8(bytes).expect("PEM and JSON are UTF-8")),
    }
    Ok(())
}

fn require_private(key: &crate::keys::Key) -> Result<()> {
    if key.is_private() {
        Ok(())
    } else {
        Err(Error::input(
            "not_private",
            format!(
                "the input is a public {} key; a private form needs the private key",
                key.describe()
            ),
        ))
    }
}
