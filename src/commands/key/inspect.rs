//! `oauthctl key inspect`: what a key file holds, detected from its content.

use serde_json::{json, Value};

use crate::cli::InspectArgs;
use crate::commands::common;
use crate::error::Result;
use crate::output::Printer;

pub fn run(args: InspectArgs, printer: &Printer) -> Result<()> {
    let loaded = common::load_keys(&args.input.file, &args.input.passphrase, printer)?;
    let (format, container) = (loaded.format, loaded.container);
    let keys = match &args.input.kid {
        Some(_) => vec![loaded.select(args.input.kid.as_deref())?],
        None => loaded.keys,
    };
    if printer.is_json() {
        let facts: Vec<Value> = keys.iter().map(|k| common::key_facts(k).1).collect();
        printer.json(&json!({
            "ok": true,
            "format": format.describe(),
            "encoding": container.describe(),
            "keys": facts,
        }));
        return Ok(());
    }
    let mut text = format!("format  {} ({})\n", format.describe(), container.describe());
    for (index, key) in keys.iter().enumerate() {
        if keys.len() > 1 {
            text.push_str(&format!("\n[{index}]\n"));
        }
        text.push_str(&common::format_rows(&common::key_facts(key).0));
    }
    printer.data(&text);
    Ok(())
}
