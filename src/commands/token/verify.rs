//! `oauthctl token verify`: the strict pipeline, for one token or a batch on stdin.

use serde_json::{json, Value};

use super::{read_secret, read_token, BoundedLines, Line};
use crate::cli::{PassphraseArgs, VerifyArgs};
use crate::commands::common::load_keys;
use crate::error::{Error, Result};
use crate::jwt::claims::{self, Policy};
use crate::jwt::jws::MAX_TOKEN_BYTES;
use crate::jwt::time;
use crate::jwt::token::{KeyRing, Verified};
use crate::keys::{Algorithm, Key};
use crate::oauth::discovery;
use crate::oauth::http::HttpClient;
use crate::output::{escape_untrusted, Printer};

pub fn run(args: VerifyArgs, printer: &Printer) -> Result<()> {
    let operator_algs = args
        .alg
        .iter()
        .map(|name| name.parse::<Algorithm>())
        .collect::<Result<Vec<_>>>()?;
    let (keys, single, source) = keys(&args, printer)?;
    let ring = KeyRing::new(keys, single, &operator_algs)?;
    let mut policy = Policy {
        now: time::now()?,
        leeway: args.leeway,
        allow_no_exp: args.allow_no_exp,
        issuer: args.iss.clone().or_else(|| args.issuer.clone()),
        audiences: args.aud.clone(),
        subject: args.sub.clone(),
        typ: args.typ.clone(),
        required: args.require.clone(),
        expected: Vec::new(),
    };
    for item in &args.claims {
        policy.expected.push(claims::parse_assignment(item)?);
    }
    if args.batch {
        return batch(&ring, &policy, printer);
    }
    let token = read_token(args.token.as_deref())?;
    let verified = ring.verify(&token, &policy)?;
    let key = ring.key(verified.key_index).describe();
    report(verified, &key, &source, &policy, printer);
    Ok(())
}

/// The keys to verify with, whether the operator named a single key, and where they came
/// from (for the report).
fn keys(args: &VerifyArgs, printer: &Printer) -> Result<(Vec<Key>, bool, String)> {
    let http = || HttpClient::new(&crate::commands::client::http_options(&args.net, printer));
    let secret = read_secret(&args.secret)?;
    let warn_skipped = |loaded: &crate::keys::load::Loaded| {
        for skipped in &loaded.skipped {
            printer.warn(&format!("skipped {}", skipped.message));
        }
    };
    match (&args.key, &args.jwks, &args.issuer, secret) {
        (None, None, None, Some(secret)) => Ok((vec![secret], true, "the HMAC secret".into())),
        (_, _, _, Some(_)) => Err(Error::usage(
            "bad_flags",
            "give one key source: --key, --jwks, --issuer, or an HMAC secret",
        )),
        (Some(path), None, None, None) => {
            let loaded = load_keys(
                path,
                &PassphraseArgs {
                    passphrase_file: None,
                },
                printer,
            )?;
            let single = loaded.keys.len() == 1 && loaded.format != crate::keys::load::Format::Jwks;
            Ok((loaded.keys, single, path.display().to_string()))
        }
        (None, Some(source), None, None) => {
            let loaded = if source.starts_with("https://") || source.starts_with("http://") {
                discovery::fetch_jwks(&http()?, source, false)?
            } else {
                load_keys(
                    source.as_ref(),
                    &PassphraseArgs {
                        passphrase_file: None,
                    },
                    printer,
                )?
            };
            warn_skipped(&loaded);
            Ok((loaded.keys, false, source.clone()))
        }
        (None, None, Some(issuer), None) => {
            let client = http()?;
            let metadata = discovery::discover(&client, issuer)?;
            let jwks_uri = discovery::endpoint(&metadata, "jwks_uri")?.ok_or_else(|| {
                Error::protocol("bad_metadata", format!("{issuer} publishes no jwks_uri"))
            })?;
            let loaded = discovery::fetch_jwks(&client, jwks_uri, true)?;
            warn_skipped(&loaded);
            Ok((loaded.keys, false, jwks_uri.to_string()))
        }
        (None, None, None, None) => Err(Error::usage(
            "no_key",
            "verify needs a key: --key FILE, --jwks FILE|URL, --issuer URL, or --secret-file",
        )
        .hint("the algorithm and key always come from you, never from the token")),
        _ => unreachable!("clap keeps --key, --jwks and --issuer exclusive"),
    }
}

fn summary(verified: Verified, key: &str) -> Value {
    // The key's kid (from the key file; null when the key has none) and the token's kid
    // (from its header) are named apart: they differ when the key file carries no kid.
    let token_kid = verified.header.get("kid").cloned().unwrap_or(Value::Null);
    json!({
        "ok": true,
        "alg": verified.alg.name(),
        "key_kid": verified.key_kid,
        "token_kid": token_kid,
        "key": key,
        "header": Value::Object(verified.header),
        "claims": Value::Object(verified.claims),
    })
}

fn report(verified: Verified, key: &str, source: &str, policy: &Policy, printer: &Printer) {
    let now = policy.now;
    if printer.is_json() {
        printer.json(&summary(verified, key));
        return;
    }
    let kid = verified
        .key_kid
        .as_deref()
        .map(|k| format!(" kid {}", escape_untrusted(k)))
        .unwrap_or_default();
    let mut text = format!(
        "{} {} signature by {}{kid} from {}\n",
        printer.mark(true),
        printer.bold("VALID"),
        key,
        escape_untrusted(source)
    );
    text.push_str(&format!("  alg        {}\n", verified.alg));
    for (name, value) in &verified.claims {
        let shown = match (name.as_str(), value.as_i64()) {
            // Accepted only thanks to the leeway: say so, not just "ago".
            ("exp", Some(seconds)) if seconds <= now => format!(
                "{}  (expired {} ago, within the {}s leeway)",
                time::rfc3339(seconds),
                time::span(seconds.abs_diff(now)),
                policy.leeway
            ),
            ("exp" | "nbf" | "iat" | "auth_time", Some(seconds)) => format!(
                "{}  ({})",
                time::rfc3339(seconds),
                time::relative(seconds, now)
            ),
            _ => escape_untrusted(&value.to_string()),
        };
        text.push_str(&format!("  {:<10} {shown}\n", escape_untrusted(name)));
    }
    printer.data(&text);
}

/// One verdict per input line, in order, streamed: lines are read as they come (each capped
/// in length; an over-long or non-UTF-8 line gets its own verdict), verified in rounds of
/// whatever has arrived, split over the available cores, and each round's verdicts are
/// printed before the next is read. Exit 0 only if every token is valid.
fn batch(ring: &KeyRing, policy: &Policy, printer: &Printer) -> Result<()> {
    // Lines are read on their own thread into a bounded queue, so that a round takes what
    // has arrived without waiting for more, and memory stays bounded whatever the input.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<std::io::Result<Line>>(ROUND_LINES);
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        for line in BoundedLines::skipping_long_lines(stdin.lock(), MAX_TOKEN_BYTES + 1024) {
            if sender.send(line).is_err() {
                return;
            }
        }
    });
    let (mut total, mut invalid) = (0usize, 0usize);
    while let Ok(first) = receiver.recv() {
        let mut round = Vec::new();
        let mut next = Some(first);
        while let Some(line) = next {
            match line {
                Err(e) => {
                    return Err(Error::input(
                        "unreadable",
                        format!("cannot read standard input: {e}"),
                    ))
                }
                Ok(Line::Text(text)) if text.trim().is_empty() => {}
                Ok(line) => round.push(line),
            }
            next = if round.len() < ROUND_LINES {
                receiver.try_recv().ok()
            } else {
                None
            };
        }
        total += round.len();
        invalid += verify_round(ring, policy, &round, printer);
    }
    if invalid > 0 {
        return Err(Error::rejected(
            "invalid_tokens",
            format!("{invalid} of {total} tokens are not valid"),
        ));
    }
    Ok(())
}

/// Lines verified per round at most.
const ROUND_LINES: usize = 4096;

/// Verify one round on all cores and print its verdicts in input order; returns how many
/// were not valid.
fn verify_round(ring: &KeyRing, policy: &Policy, lines: &[Line], printer: &Printer) -> usize {
    // One JSON line per token: the verdict, the algorithm, the key's kid and the claims,
    // serialised straight into the output buffer.
    #[derive(serde::Serialize)]
    struct Valid<'a> {
        ok: bool,
        alg: &'a str,
        key_kid: &'a Option<String>,
        claims: &'a serde_json::Map<String, Value>,
    }
    #[derive(serde::Serialize)]
    struct Invalid<'a> {
        ok: bool,
        reason: &'a str,
        message: &'a str,
    }
    let verdict = |line: &Line, out: &mut Vec<u8>| -> bool {
        let result = match line {
            Line::Text(text) => ring.verify(crate::jwt::token::extract(text), policy),
            Line::TooLong => Err(Error::rejected(
                "token_too_large",
                format!(
                    "the line is longer than {} bytes; oauthctl refuses tokens over {} KiB",
                    MAX_TOKEN_BYTES + 1024,
                    MAX_TOKEN_BYTES / 1024
                ),
            )),
            Line::NotUtf8 => Err(Error::rejected(
                "malformed_token",
                "the line is not valid UTF-8",
            )),
        };
        let ok = match result {
            Ok(v) => {
                let line = Valid {
                    ok: true,
                    alg: v.alg.name(),
                    key_kid: &v.key_kid,
                    claims: &v.claims,
                };
                serde_json::to_writer(&mut *out, &line).expect("writing to memory");
                true
            }
            Err(err) => {
                let line = Invalid {
                    ok: false,
                    reason: err.reason,
                    message: &err.message,
                };
                serde_json::to_writer(&mut *out, &line).expect("writing to memory");
                false
            }
        };
        out.push(b'\n');
        ok
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Blocks handed out on demand, so that a thread on a busier core takes fewer; the
    // formatted blocks are written back in input order.
    const BLOCK: usize = 512;
    let blocks: Vec<&[Line]> = lines.chunks(BLOCK).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut parts: Vec<(usize, Vec<u8>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(blocks.len()).max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(block) = blocks.get(i) else { break };
                        let mut out = Vec::with_capacity(block.len() * 256);
                        let invalid = block.iter().filter(|l| !verdict(l, &mut out)).count();
                        done.push((i, out, invalid));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("verification threads do not panic"))
            .collect()
    });
    parts.sort_unstable_by_key(|(i, _, _)| *i);
    let mut invalid = 0;
    for (_, out, bad) in &parts {
        invalid += bad;
        printer.data_bytes(out);
    }
    invalid
}
