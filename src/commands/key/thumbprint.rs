//! `oauthctl key thumbprint`: the RFC 7638 JWK thumbprint.

use serde_json::json;

use crate::cli::{HashName, ThumbprintArgs};
use crate::commands::common;
use crate::error::Result;
use crate::keys::jwk::{self, ThumbprintHash};
use crate::output::Printer;

pub fn run(args: ThumbprintArgs, printer: &Printer) -> Result<()> {
    let key = common::load_one(&args.input, printer)?;
    let hash = match args.hash {
        HashName::Sha256 => ThumbprintHash::Sha256,
        HashName::Sha384 => ThumbprintHash::Sha384,
        HashName::Sha512 => ThumbprintHash::Sha512,
    };
    let value = jwk::thumbprint(&key, hash);
    if printer.is_json() {
        let name = format!("{:?}", args.hash).to_lowercase();
        printer.json(&json!({ "ok": true, "hash": name, "thumbprint": value }));
    } else {
        printer.data(&value);
    }
    Ok(())
}
