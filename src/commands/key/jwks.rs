//! `oauthctl key jwks list|add|remove`: maintain a published JWKS during key rotation.

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::cli::{JwksAddArgs, JwksCommand, JwksRemoveArgs};
use crate::commands::common;
use crate::error::{Error, Result};
use crate::json;
use crate::keys::jwk;
use crate::keys::load::{self, MAX_KEY_FILE_BYTES};
use crate::keys::write::{self, Planned};
use crate::output::Printer;

pub fn run(command: JwksCommand, printer: &Printer) -> Result<()> {
    match command {
        JwksCommand::List(args) => list(&args.jwks, printer),
        JwksCommand::Add(args) => add(args, printer),
        JwksCommand::Remove(args) => remove(args, printer),
    }
}

fn list(path: &Path, printer: &Printer) -> Result<()> {
    let loaded = load::load_path(path, &load::no_passphrase)?;
    for skipped in &loaded.skipped {
        printer.warn(&format!("skipped {}", skipped.message));
    }
    if printer.is_json() {
        let keys: Vec<Value> = loaded.keys.iter().map(|k| common::key_facts(k).1).collect();
        printer.json(&json!({ "ok": true, "keys": keys }));
        return Ok(());
    }
    let mut text = String::new();
    for key in &loaded.keys {
        text.push_str(&format!(
            "{}  {}  {}\n",
            key.kid.as_deref().unwrap_or("(no kid)"),
            key.describe(),
            key.default_algorithm()
        ));
    }
    printer.data(&text);
    Ok(())
}

/// The raw JWKS entries (kept as written, so unknown members survive an update).
fn read_entries(path: &Path, create: bool) -> Result<Vec<Value>> {
    if create && !path.exists() {
        return Ok(Vec::new());
    }
    let bytes = load::read_capped(path, MAX_KEY_FILE_BYTES, "JWKS file")?;
    let map = json::parse_object(&bytes)
        .map_err(|e| Error::input("malformed_jwk", format!("{}: {e}", path.display())))?;
    // Validate the set as a whole before changing it.
    jwk::parse_jwks(&map).map_err(|e| e.context(path.display()))?;
    match map.get("keys") {
        Some(Value::Array(entries)) => Ok(entries.clone()),
        _ => unreachable!("parse_jwks checked `keys`"),
    }
}

fn save(path: &Path, entries: Vec<Value>) -> Result<()> {
    let mut text =
        serde_json::to_string_pretty(&json!({ "keys": entries })).expect("a Value serialises");
    text.push('\n');
    // Updating the JWKS in place is the purpose of the command, hence `force`.
    write::write_all(&[Planned::new(path.to_path_buf(), text, false)], true)
}

fn add(args: JwksAddArgs, printer: &Printer) -> Result<()> {
    let mut entries = read_entries(&args.jwks, true)?;
    let mut key = common::load_one(&args.key, printer)?;
    if key.is_symmetric() {
        return Err(Error::input(
            "wrong_key_type",
            "an HMAC secret must never be published in a JWKS",
        ));
    }
    if let Some(alg) = common::algorithm_for(&key, args.alg.as_deref())? {
        key.alg = Some(alg);
    }
    key.kid = Some(
        args.set_kid
            .clone()
            .unwrap_or_else(|| key.kid_or_thumbprint()),
    );
    if key.usage.is_none() {
        key.usage = Some("sig".to_string());
    }
    let kid = key.kid.clone().unwrap_or_default();
    if entries
        .iter()
        .any(|e| e.get("kid").and_then(Value::as_str) == Some(kid.as_str()))
    {
        return Err(Error::input(
            "duplicate_kid",
            format!("{} already has a key with kid `{kid}`", args.jwks.display()),
        )
        .hint("remove it first, or give the new key another kid with --set-kid"));
    }
    let entry: Map<String, Value> = jwk::to_jwk(&key.public(), false);
    entries.push(Value::Object(entry));
    save(&args.jwks, entries)?;
    printer.info(&format!("added kid {kid} to {}", args.jwks.display()));
    Ok(())
}

fn remove(args: JwksRemoveArgs, printer: &Printer) -> Result<()> {
    let mut entries = read_entries(&args.jwks, false)?;
    let before = entries.len();
    entries.retain(|e| e.get("kid").and_then(Value::as_str) != Some(args.kid_to_remove.as_str()));
    if entries.len() == before {
        return Err(Error::input(
            "kid_not_found",
            format!(
                "{} has no key with kid `{}`",
                args.jwks.display(),
                args.kid_to_remove
            ),
        ));
    }
    save(&args.jwks, entries)?;
    printer.info(&format!(
        "removed kid {} from {}",
        args.kid_to_remove,
        args.jwks.display()
    ));
    Ok(())
}
