//! Pieces several commands share: passphrases, key loading with warnings, PEM text and
//! the facts shown about a key.

use std::io::IsTerminal;
use std::path::Path;

use aws_lc_rs::digest;
use serde_json::{json, Value};

use crate::cli::{KeyInput, PassphraseArgs};
use crate::error::{Error, Result};
use crate::keys::load::{self, Loaded};
use crate::keys::{der, jwk, Algorithm, Key};
use crate::output::Printer;
use crate::secret::Secret;

pub const PASSPHRASE_ENV: &str = "OAUTHCTL_PASSPHRASE";

/// The passphrase from --passphrase-file, else OAUTHCTL_PASSPHRASE, else a prompt when
/// stdin is a terminal. `confirm` asks twice (for a new passphrase).
pub fn read_passphrase(args: &PassphraseArgs, confirm: bool) -> Result<Secret> {
    let secret = if let Some(path) = &args.passphrase_file {
        let bytes = load::read_capped(path, 64 * 1024, "passphrase file")?;
        Secret::new(crate::secret::first_line(&bytes).to_vec())
    } else if let Some(value) = std::env::var_os(PASSPHRASE_ENV) {
        Secret::new(value.into_encoded_bytes())
    } else if std::io::stdin().is_terminal() {
        let first = prompt("Passphrase: ")?;
        if confirm && prompt("Repeat passphrase: ")? != first {
            return Err(Error::input(
                "passphrase_mismatch",
                "the passphrases differ",
            ));
        }
        first
    } else {
        return Err(Error::input(
            "passphrase_required",
            "a passphrase is needed: give --passphrase-file FILE or set OAUTHCTL_PASSPHRASE",
        ));
    };
    if secret.is_empty() {
        return Err(crate::keys::encrypt::empty_passphrase());
    }
    Ok(secret)
}

fn prompt(text: &str) -> Result<Secret> {
    rpassword::prompt_password(text)
        .map(|s| Secret::new(s.into_bytes()))
        .map_err(|e| {
            Error::input(
                "passphrase_required",
                format!("cannot read a passphrase: {e}"),
            )
        })
}

/// Load keys from a file, printing a warning for each skipped JWKS entry.
pub fn load_keys(path: &Path, passphrase: &PassphraseArgs, printer: &Printer) -> Result<Loaded> {
    let source = || read_passphrase(passphrase, false);
    let loaded = load::load_path(path, &source)?;
    for skipped in &loaded.skipped {
        printer.warn(&format!("skipped {}", skipped.message));
    }
    Ok(loaded)
}

/// Load exactly one key (a JWKS needs --kid unless it holds one key).
pub fn load_one(input: &KeyInput, printer: &Printer) -> Result<Key> {
    load_keys(&input.file, &input.passphrase, printer)?
        .select(input.kid.as_deref())
        .map_err(|e| e.context(input.file.display()))
}

pub fn pem(label: &str, der: &[u8]) -> String {
    pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der)
        .expect("PEM labels here are constant and valid")
}

/// Parse an `--alg` value for a key and check that it fits.
pub fn algorithm_for(key: &Key, name: Option<&str>) -> Result<Option<Algorithm>> {
    let Some(name) = name else { return Ok(None) };
    let alg: Algorithm = name.parse()?;
    if !key.fits(alg) {
        return Err(crate::keys::crypto::mismatch(key, alg));
    }
    Ok(Some(alg))
}

/// SHA-256 over the SPKI DER, as `openssl pkey -pubout -outform DER | sha256sum` gives.
pub fn spki_fingerprint(key: &Key) -> Option<String> {
    let spki = der::encode_spki(key).ok()?;
    let hash = digest::digest(&digest::SHA256, &spki);
    Some(hash.as_ref().iter().map(|b| format!("{b:02x}")).collect())
}

/// The facts shown about a key, as (label, text) rows and as JSON.
pub fn key_facts(key: &Key) -> (Vec<(&'static str, String)>, Value) {
    let thumbprint = jwk::thumbprint(key, jwk::ThumbprintHash::Sha256);
    let fingerprint = spki_fingerprint(key);
    let kind = if key.is_symmetric() {
        "secret"
    } else if key.is_private() {
        "private"
    } else {
        "public"
    };
    let mut rows = vec![
        ("key", format!("{} ({kind})", key.describe())),
        ("alg", key.default_algorithm().to_string()),
    ];
    if let Some(kid) = &key.kid {
        rows.push(("kid", kid.clone()));
    }
    rows.push(("thumbprint", thumbprint.clone()));
    if let Some(fp) = &fingerprint {
        rows.push(("sha256", fp.clone()));
    }
    let json = json!({
        "kty": key.kty(),
        "description": key.describe(),
        "bits": key.bits(),
        "private": key.is_private() && !key.is_symmetric(),
        "symmetric": key.is_symmetric(),
        "alg": key.default_algorithm().name(),
        "kid": key.kid,
        "thumbprint_sha256": thumbprint,
        "spki_sha256": fingerprint,
    });
    (rows, json)
}

pub fn format_rows(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(k, v)| format!("{k:<width$}  {v}\n"))
        .collect()
}
