//! `oauthctl token mint`: sign JWTs, one or many, with a key parsed once.

use serde_json::{json, Map, Value};

use super::{read_secret, BoundedLines, Line};

/// Claims are a small JSON object; a file or batch line over 1 MiB is refused.
const MAX_CLAIMS_BYTES: usize = 1024 * 1024;
use crate::cli::MintArgs;
use crate::commands::common::load_keys;
use crate::error::{Error, Result};
use crate::json;
use crate::jwt::{claims, time, token};
use crate::keys::crypto::Signer;
use crate::keys::load::read_capped;
use crate::keys::Key;
use crate::output::Printer;

pub fn run(args: MintArgs, printer: &Printer) -> Result<()> {
    let key = signing_key(&args, printer)?;
    let alg = match &args.alg {
        Some(name) => {
            let alg = name
                .parse()
                .map_err(|e: Error| Error::input(e.reason, e.message))?;
            if !key.fits(alg) {
                return Err(crate::keys::crypto::mismatch(&key, alg));
            }
            alg
        }
        None => key.default_algorithm(),
    };
    // One token: ring's fast start. Many: aws-lc's faster RSA, its set-up paid once.
    let signer = if args.batch || args.count > 1 {
        Signer::for_many(&key, alg)?
    } else {
        Signer::new(&key, alg)?
    };
    let header = header(&args, &key)?;
    let now = time::now()?;
    let base = base_claims(&args, now)?;

    if args.batch {
        return batch(&args, &signer, &header, &base, now, printer);
    }
    for _ in 0..args.count {
        let claims = with_defaults(&args, now, base.clone())?;
        emit(
            printer,
            &token::mint(&signer, &header, &claims)?,
            &header,
            &claims,
        );
    }
    Ok(())
}

/// One output line per input line that is not blank, in order, streamed: each line is
/// signed and printed before the next is read, and capped like a claims file. A line that is
/// not a claims object (over-long, not UTF-8, bad JSON, bad claims) still gets its line: an
/// empty one in text, so that tokens stay aligned with their input lines, or
/// `{"ok":false,...}` in JSON, with the reason on stderr; the batch goes on, and exits 3 at
/// the end if any line was refused.
fn batch(
    args: &MintArgs,
    signer: &Signer,
    header: &Map<String, Value>,
    base: &Map<String, Value>,
    now: i64,
    printer: &Printer,
) -> Result<()> {
    let stdin = std::io::stdin();
    let (mut total, mut refused) = (0usize, 0usize);
    for (index, line) in
        BoundedLines::skipping_long_lines(stdin.lock(), MAX_CLAIMS_BYTES).enumerate()
    {
        let number = index + 1;
        let line = line.map_err(|e| Error::input("unreadable", e.to_string()))?;
        if matches!(&line, Line::Text(text) if text.trim().is_empty()) {
            continue;
        }
        total += 1;
        let minted = claims_of_line(line)
            .and_then(|extra| with_defaults(args, now, merge(base.clone(), extra)))
            .and_then(|claims| Ok((token::mint(signer, header, &claims)?, claims)));
        match minted {
            Ok((token, claims)) => emit(printer, &token, header, &claims),
            Err(e) => {
                refused += 1;
                let message = format!("stdin line {number}: {}", e.message);
                if printer.is_json() {
                    printer.data(
                        &json!({ "ok": false, "line": number, "reason": e.reason, "message": message })
                            .to_string(),
                    );
                } else {
                    printer.data("");
                }
                crate::output::message_line(&format!(
                    "error[{}]: {}",
                    e.reason,
                    crate::output::escape_untrusted(&message)
                ));
            }
        }
    }
    if refused > 0 {
        return Err(Error::input(
            "bad_claims",
            format!("{refused} of {total} lines were not minted (each is named above)"),
        ));
    }
    Ok(())
}

fn claims_of_line(line: Line) -> Result<Map<String, Value>> {
    match line {
        Line::Text(text) => json::parse_object(text.as_bytes())
            .map_err(|e| Error::input("bad_claims", e.to_string())),
        Line::TooLong => Err(Error::input(
            "bad_claims",
            format!(
                "longer than {} KiB; that is not a claims object",
                MAX_CLAIMS_BYTES / 1024
            ),
        )),
        Line::NotUtf8 => Err(Error::input("bad_claims", "not valid UTF-8")),
    }
}

fn signing_key(args: &MintArgs, printer: &Printer) -> Result<Key> {
    match (&args.key, read_secret(&args.secret)?) {
        (Some(_), Some(_)) => Err(Error::usage(
            "bad_flags",
            "give either --key or an HMAC secret (--secret-file / OAUTHCTL_SECRET), not both",
        )),
        (Some(path), None) => {
            load_keys(path, &args.passphrase, printer)?.select(args.kid.as_deref())
        }
        (None, Some(secret)) => Ok(secret),
        (None, None) => Err(Error::usage(
            "no_key",
            "mint needs a signing key: --key FILE, or --secret-file FILE / OAUTHCTL_SECRET for HS256",
        )),
    }
}

fn header(args: &MintArgs, key: &Key) -> Result<Map<String, Value>> {
    let mut header = Map::new();
    // RFC 7519 section 5.1 makes `typ: JWT` optional, but verifiers such as python_jwt
    // (the gateway demo's) refuse a header without it.
    if !args.no_typ {
        let typ = args.typ.as_deref().unwrap_or("JWT");
        header.insert("typ".into(), typ.into());
    }
    // Default to the key's own kid, else its thumbprint: the kid `keygen` publishes in
    // the JWKS, so a JWKS verifier finds the key.
    let kid = match (&args.set_kid, &key.kid) {
        _ if args.no_kid => None,
        (Some(kid), _) | (None, Some(kid)) => Some(kid.clone()),
        (None, None) if !key.is_symmetric() => Some(key.kid_or_thumbprint()),
        (None, None) => None,
    };
    if let Some(kid) = kid {
        header.insert("kid".into(), kid.into());
    }
    for item in &args.headers {
        let (name, value) = claims::parse_assignment(item)?;
        if matches!(
            name.as_str(),
            "alg" | "crit" | "b64" | "jwk" | "jku" | "x5u" | "x5c"
        ) {
            return Err(Error::usage(
                "bad_header",
                format!("header `{name}` is set by oauthctl or not supported"),
            ));
        }
        header.insert(name, value);
    }
    Ok(header)
}

fn merge(mut base: Map<String, Value>, extra: Map<String, Value>) -> Map<String, Value> {
    for (k, v) in extra {
        base.insert(k, v);
    }
    base
}

/// Claims from --claims, then the registered-claim flags, then --claim pairs.
fn base_claims(args: &MintArgs, now: i64) -> Result<Map<String, Value>> {
    let mut claims = match &args.claims_file {
        Some(path) => {
            let bytes = read_capped(path, MAX_CLAIMS_BYTES as u64, "claims file")?;
            json::parse_object(&bytes)
                .map_err(|e| Error::input("bad_claims", format!("{}: {e}", path.display())))?
        }
        None => Map::new(),
    };
    if let Some(iss) = &args.iss {
        claims.insert("iss".into(), iss.clone().into());
    }
    if let Some(sub) = &args.sub {
        claims.insert("sub".into(), sub.clone().into());
    }
    match args.aud.as_slice() {
        [] => {}
        [one] => {
            claims.insert("aud".into(), one.clone().into());
        }
        many => {
            claims.insert("aud".into(), json!(many));
        }
    }
    if let Some(nbf) = &args.nbf {
        claims.insert("nbf".into(), time::parse_instant(nbf, now)?.into());
    }
    if let Some(jti) = &args.jti {
        claims.insert("jti".into(), jti.clone().into());
    }
    for item in &args.claims {
        let (name, value) = claims::parse_assignment(item)?;
        claims.insert(name, value);
    }
    claims::check_types(&claims).map_err(|e| Error::input(e.reason, e.message))?;
    Ok(claims)
}

/// exp, nbf, iat and a fresh jti, unless present or --bare.
fn with_defaults(
    args: &MintArgs,
    now: i64,
    mut claims: Map<String, Value>,
) -> Result<Map<String, Value>> {
    if args.bare {
        return Ok(claims);
    }
    if !claims.contains_key("exp") {
        claims.insert("exp".into(), time::parse_instant(&args.exp, now)?.into());
    }
    if !claims.contains_key("nbf") {
        claims.insert("nbf".into(), now.into());
    }
    if !claims.contains_key("iat") {
        claims.insert("iat".into(), now.into());
    }
    if !claims.contains_key("jti") || args.count > 1 {
        claims.insert("jti".into(), token::random_jti()?.into());
    }
    Ok(claims)
}

fn emit(printer: &Printer, token: &str, header: &Map<String, Value>, claims: &Map<String, Value>) {
    if printer.is_json() {
        let mut full_header = Map::new();
        full_header.insert(
            "alg".into(),
            token_alg(token).map_or(Value::Null, Value::String),
        );
        for (k, v) in header {
            full_header.insert(k.clone(), v.clone());
        }
        printer
            .data(&json!({ "token": token, "header": full_header, "claims": claims }).to_string());
    } else {
        printer.data(token);
    }
}

fn token_alg(token: &str) -> Option<String> {
    let header = token.split('.').next()?;
    let bytes = crate::b64::decode(header).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    value.get("alg")?.as_str().map(str::to_owned)
}
