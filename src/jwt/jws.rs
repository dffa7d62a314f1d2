//! Compact JWS (RFC 7515 section 7.1), parsed strictly and verified with a key the
//! operator chose. The order of checks is part of the contract: size, shape, canonical
//! base64url, header JSON and its `crit`/`b64` policy, the allowed algorithm, and only
//! then the signature.

use serde_json::{Map, Value};

use crate::b64;
use crate::error::{Error, Result};
use crate::json;
use crate::keys::crypto::{Signer, Verifier};
use crate::keys::{Algorithm, Key};

/// Real tokens are a few kilobytes; anything this large is refused before decoding.
pub const MAX_TOKEN_BYTES: usize = 128 * 1024;

/// A structurally valid compact JWS whose signature has not been checked.
#[derive(Debug, Clone)]
pub struct Unverified<'a> {
    pub header: Map<String, Value>,
    pub payload: Vec<u8>,
    pub signature: Vec<u8>,
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`, the bytes that were signed.
    pub signing_input: &'a str,
}

fn malformed(reason: &'static str, message: impl Into<String>) -> Error {
    Error::rejected(reason, message)
}

/// Split and decode a compact JWS, checking everything that does not need a key.
pub fn parse(token: &str) -> Result<Unverified<'_>> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(malformed(
            "token_too_large",
            format!(
                "the token is {} bytes; oauthctl refuses tokens over {} KiB",
                token.len(),
                MAX_TOKEN_BYTES / 1024
            ),
        ));
    }
    if token.is_empty() {
        return Err(malformed("malformed_token", "the token is empty"));
    }
    if token.trim() != token {
        return Err(malformed(
            "malformed_token",
            "the token has surrounding whitespace",
        ));
    }
    let dots = token.bytes().filter(|&b| b == b'.').count();
    if dots != 2 {
        let message = match dots + 1 {
            5 => "the token has 5 segments: it is an encrypted JWE, not a signed JWT; \
                  oauthctl does not decrypt tokens"
                .to_string(),
            n => format!("the token has {n} segment(s); a compact JWS has exactly 3"),
        };
        return Err(malformed("malformed_token", message));
    }
    let mut parts = token.splitn(3, '.');
    let (header_b64, payload_b64, signature_b64) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let signing_input = &token[..header_b64.len() + 1 + payload_b64.len()];
    if header_b64.is_empty() {
        return Err(malformed("malformed_token", "the header segment is empty"));
    }
    let segment = |name: &str, text: &str| {
        b64::decode(text).map_err(|e| malformed("malformed_token", format!("{name}: {e}")))
    };
    let header_bytes = segment("header", header_b64)?;
    let header_text = std::str::from_utf8(&header_bytes)
        .map_err(|_| malformed("malformed_header", "the header is not valid UTF-8"))?;
    let header = json::parse_object(header_text.as_bytes())
        .map_err(|e| malformed("malformed_header", format!("the header is not usable: {e}")))?;
    check_header(&header)?;
    let payload = segment("payload", payload_b64)?;
    let signature = segment("signature", signature_b64)?;
    Ok(Unverified {
        header,
        payload,
        signature,
        signing_input,
    })
}

/// RFC 7515 section 4.1.11: `crit` lists extensions the recipient must understand. oauthctl
/// implements none, so any `crit` is refused, as is a malformed one. RFC 7797 `b64:false`
/// (unencoded payload) is refused: it changes what the signature covers.
fn check_header(header: &Map<String, Value>) -> Result<()> {
    match header.get("alg") {
        Some(Value::String(_)) => {}
        Some(other) => {
            return Err(malformed(
                "malformed_header",
                format!("header `alg` must be a string, found {}", json::kind(other)),
            ))
        }
        None => return Err(malformed("malformed_header", "the header has no `alg`")),
    }
    match header.get("crit") {
        None => {}
        Some(Value::Array(names)) if names.is_empty() => {
            return Err(malformed(
                "unsupported_crit",
                "header `crit` is an empty array, which RFC 7515 section 4.1.11 forbids",
            ))
        }
        Some(Value::Array(names)) => {
            let shown: Vec<String> = names
                .iter()
                .map(|n| n.as_str().map_or_else(|| n.to_string(), str::to_owned))
                .collect();
            return Err(malformed(
                "unsupported_crit",
                format!(
                    "header `crit` requires extensions oauthctl does not implement: {}",
                    shown.join(", ")
                ),
            ));
        }
        Some(other) => {
            return Err(malformed(
                "unsupported_crit",
                format!(
                    "header `crit` must be an array, found {}",
                    json::kind(other)
                ),
            ))
        }
    }
    match header.get("b64") {
        None | Some(Value::Bool(true)) => Ok(()),
        Some(_) => Err(malformed(
            "unsupported_b64",
            "header `b64` asks for an unencoded payload (RFC 7797), which is not supported",
        )),
    }
}

impl Unverified<'_> {
    pub fn alg_name(&self) -> &str {
        self.header
            .get("alg")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// Why the token's algorithm cannot be used, for a token whose header names none of the
    /// algorithms its key allows: `none` is never accepted, and the header never widens the
    /// list.
    pub fn algorithm_refusal(&self, allowed: &[Algorithm]) -> Error {
        let name = self.alg_name();
        if name.eq_ignore_ascii_case("none") {
            return malformed(
                "alg_none",
                format!(
                    "the token's alg is `{}`: unsigned tokens are never accepted",
                    name.escape_default()
                ),
            );
        }
        let shown: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
        malformed(
            "alg_not_allowed",
            format!(
                "the token's alg is `{}` but only {} is allowed",
                name.escape_default(),
                shown.join(", ")
            ),
        )
        .hint("pass --alg to allow another algorithm, if you expect this one")
    }

    pub fn verify_prepared(&self, verifier: &Verifier) -> Result<()> {
        if verifier.verify(self.signing_input.as_bytes(), &self.signature) {
            Ok(())
        } else {
            Err(malformed(
                "bad_signature",
                format!(
                    "the {} signature does not match the key",
                    verifier.algorithm()
                ),
            ))
        }
    }
}

/// The algorithms a key may verify. A key whose JWK names an `alg` is used with that
/// algorithm only (RFC 8725 section 3.1), and only if the operator's list, when given,
/// includes it; other keys get the operator's list, else their natural algorithm.
pub fn allowed_for(key: &Key, operator: &[Algorithm]) -> Vec<Algorithm> {
    match (key.alg, operator.is_empty()) {
        (Some(alg), true) => vec![alg],
        (Some(alg), false) => operator.iter().copied().filter(|a| *a == alg).collect(),
        (None, true) => vec![key.default_algorithm()],
        (None, false) => operator.to_vec(),
    }
}

/// Sign `payload` into a compact JWS with the given protected header members.
pub fn sign(signer: &Signer, header: &Map<String, Value>, payload: &[u8]) -> Result<String> {
    let mut protected = Map::new();
    protected.insert("alg".into(), signer.algorithm().name().into());
    for (name, value) in header {
        if name != "alg" {
            protected.insert(name.clone(), value.clone());
        }
    }
    let header_json = serde_json::to_vec(&Value::Object(protected)).expect("a Map serialises");
    let mut token = b64::encode(header_json);
    token.push('.');
    token.push_str(&b64::encode(payload));
    let signature = signer.sign(token.as_bytes())?;
    token.push('.');
    token.push_str(&b64::encode(signature));
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token_with_header(header: &str) -> String {
        format!(
            "{}.{}.{}",
            b64::encode(header),
            b64::encode("{}"),
            b64::encode("sig")
        )
    }

    fn refusal(token: &str) -> Error {
        match parse(token) {
            Ok(_) => panic!("parse accepted {token:.60}"),
            Err(e) => e,
        }
    }

    #[test]
    fn the_size_limit_refuses_one_byte_over_and_not_the_limit_itself() {
        // Dot-free text: a token of any size is refused, but only the oversized one for size.
        let at_limit = "a".repeat(MAX_TOKEN_BYTES);
        assert_eq!(refusal(&at_limit).reason, "malformed_token");
        let over = "a".repeat(MAX_TOKEN_BYTES + 1);
        let e = refusal(&over);
        assert_eq!(e.reason, "token_too_large");
        assert!(
            e.message
                .contains(&format!("{} bytes", MAX_TOKEN_BYTES + 1)),
            "{}",
            e.message
        );
    }

    #[test]
    fn an_empty_crit_and_a_crit_naming_extensions_get_their_own_messages() {
        let empty = refusal(&token_with_header(r#"{"alg":"RS256","crit":[]}"#));
        assert_eq!(empty.reason, "unsupported_crit");
        assert!(empty.message.contains("empty array"), "{}", empty.message);

        let named = refusal(&token_with_header(
            r#"{"alg":"RS256","crit":["exp","b64x"]}"#,
        ));
        assert_eq!(named.reason, "unsupported_crit");
        assert!(named.message.contains("exp, b64x"), "{}", named.message);
        assert!(!named.message.contains("empty"), "{}", named.message);
    }
}
