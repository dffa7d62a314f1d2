//! `oauthctl token decode`: show a token for humans, never claiming it is valid.

use serde_json::{json, Map, Value};

use super::read_token;
use crate::b64;
use crate::cli::DecodeArgs;
use crate::error::{Error, Result};
use crate::json;
use crate::jwt::{jws::MAX_TOKEN_BYTES, time};
use crate::output::{escape_untrusted, Printer};

const LABEL: &str = "UNVERIFIED";

pub fn run(args: DecodeArgs, printer: &Printer) -> Result<()> {
    let token = read_token(args.token.as_deref())?;
    let (header, claims) = decode(&token)?;
    if printer.is_json() {
        printer.json(&json!({
            "status": LABEL,
            "verified": false,
            "header": header,
            "claims": claims,
        }));
        return Ok(());
    }
    let now = time::now()?;
    let pretty = |map: &Map<String, Value>| {
        escape_untrusted(&serde_json::to_string_pretty(map).expect("a Map serialises"))
    };
    let mut text = format!(
        "{}: the signature was NOT checked; use `oauthctl token verify` for that\n",
        printer.bold(LABEL)
    );
    text.push_str(&format!(
        "header:\n{}\nclaims:\n{}\n",
        pretty(&header),
        pretty(&claims)
    ));
    let mut times = String::new();
    for name in ["exp", "nbf", "iat", "auth_time"] {
        if let Some(seconds) = claims.get(name).and_then(Value::as_i64) {
            let phrase = match name {
                "exp" if seconds <= now => format!("expired {}", time::relative(seconds, now)),
                "exp" => format!("expires {}", time::relative(seconds, now)),
                _ => time::relative(seconds, now),
            };
            times.push_str(&format!(
                "  {name:<9} {}  ({phrase})\n",
                time::rfc3339(seconds)
            ));
        }
    }
    if !times.is_empty() {
        text.push_str("times:\n");
        text.push_str(&times);
    }
    printer.data(&text);
    Ok(())
}

/// Header and claims of a compact JWS, checked only for shape: decode is for looking at
/// tokens, including ones verify would reject, so `crit` and friends do not stop it.
fn decode(token: &str) -> Result<(Map<String, Value>, Map<String, Value>)> {
    // The same reasons and exit code (1) as verify gives for the same tokens.
    let bad = |message: String| Error::rejected("malformed_token", message);
    if token.len() > MAX_TOKEN_BYTES {
        return Err(Error::rejected(
            "token_too_large",
            format!(
                "the token is {} bytes; oauthctl refuses tokens over {} KiB",
                token.len(),
                MAX_TOKEN_BYTES / 1024
            ),
        ));
    }
    let parts: Vec<&str> = token.split('.').collect();
    match parts.len() {
        3 => {}
        5 => {
            return Err(bad(
                "the token has 5 segments: it is an encrypted JWE; oauthctl cannot decrypt it"
                    .into(),
            ))
        }
        n => return Err(bad(format!("the token has {n} segment(s); a JWT has 3"))),
    }
    let object = |name: &str, text: &str| -> Result<Map<String, Value>> {
        let bytes = b64::decode(text).map_err(|e| bad(format!("{name}: {e}")))?;
        json::parse_object(&bytes).map_err(|e| bad(format!("{name}: {e}")))
    };
    Ok((object("header", parts[0])?, object("claims", parts[1])?))
}
