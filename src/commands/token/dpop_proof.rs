//! `oauthctl token dpop-proof`: one DPoP proof (RFC 9449) for a request a script makes
//! with a DPoP-bound token, from the key the token is bound to.

use serde_json::json;

use super::read_token;
use crate::cli::DpopProofArgs;
use crate::error::{Error, Result};
use crate::keys::load;
use crate::output::Printer;
use crate::protocol::dpop::Prover;
use crate::protocol::url::Url;

pub fn run(args: DpopProofArgs, printer: &Printer) -> Result<()> {
    if Url::parse(&args.url).is_none_or(|u| u.scheme != "http" && u.scheme != "https") {
        return Err(Error::usage(
            "bad_url",
            format!(
                "--url {}: give the request's absolute http(s) URL",
                args.url
            ),
        ));
    }
    let method = args.method.to_ascii_uppercase();
    let key = load::load_path(&args.key, &load::no_passphrase)?.select(None)?;
    let prover = Prover::new(key).map_err(|e| e.context(args.key.display()))?;
    let token = match args.access_token.as_deref() {
        Some(given) => Some(read_token(Some(given))?),
        None => None,
    };
    let proof = prover.proof(&method, &args.url, token.as_deref(), args.nonce.as_deref())?;
    if printer.is_json() {
        printer.json(&json!({
            "proof": proof,
            "jkt": prover.jkt(),
            "alg": prover.algorithm().name(),
            "htm": method,
            "htu": crate::protocol::dpop::htu(&args.url),
        }));
    } else {
        printer.data(&proof);
    }
    Ok(())
}
