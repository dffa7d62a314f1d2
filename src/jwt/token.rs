//! Whole JWTs: a key ring of prepared verifiers, the verify pipeline (JWS, then claims),
//! minting, and extracting a token from what people paste.

use serde_json::{Map, Value};

use super::claims::{self, Policy};
use super::jws;
use crate::error::{Error, Result};
use crate::json;
use crate::keys::crypto::{self, Signer, Verifier};
use crate::keys::{Algorithm, Key};

/// Keys made ready to verify, each with the algorithms it may verify. Built once, shared by
/// threads in batch mode.
pub struct KeyRing {
    entries: Vec<Entry>,
    single_source: bool,
}

struct Entry {
    key: Key,
    verifiers: Vec<Verifier>,
}

/// A token whose signature and claims passed.
#[derive(Debug)]
pub struct Verified {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    pub alg: Algorithm,
    /// The kid of the key that verified it, when the key has one.
    pub key_kid: Option<String>,
    /// Which of the ring's keys verified it (see [`KeyRing::key`]).
    pub key_index: usize,
}

impl KeyRing {
    /// `single_source` is true when the operator named one key (`--key`): it is used
    /// whatever the token's `kid` says. Otherwise keys are chosen by `kid`.
    pub fn new(
        keys: Vec<Key>,
        single_source: bool,
        operator_algs: &[Algorithm],
    ) -> Result<KeyRing> {
        let mut entries = Vec::with_capacity(keys.len());
        let mut refused = Vec::new();
        for key in keys {
            let mut verifiers = Vec::new();
            let algs = jws::allowed_for(&key, operator_algs);
            if let (Some(own), true) = (key.alg, algs.is_empty()) {
                let listed: Vec<&str> = operator_algs.iter().map(|a| a.name()).collect();
                refused.push(Error::input(
                    "no_usable_key",
                    format!(
                        "the key's JWK names alg {own}, the only one it may verify (RFC 8725 \
                         section 3.1), and --alg allows only {}",
                        listed.join(", ")
                    ),
                ));
            }
            for alg in algs {
                if key.fits(alg) {
                    verifiers.push(Verifier::new(&key, alg)?);
                } else {
                    refused.push(crypto::mismatch(&key, alg));
                }
            }
            if !verifiers.is_empty() {
                entries.push(Entry { key, verifiers });
            }
        }
        if entries.is_empty() {
            return Err(refused
                .into_iter()
                .next()
                .unwrap_or_else(|| Error::input("no_usable_key", "no key to verify with")));
        }
        Ok(KeyRing {
            entries,
            single_source,
        })
    }

    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.entries.iter().map(|e| &e.key)
    }

    pub fn key(&self, index: usize) -> &Key {
        &self.entries[index].key
    }

    /// Verify the JWS layer: shape, header policy, algorithm, signature.
    pub fn verify_jws<'t>(
        &self,
        token: &'t str,
    ) -> Result<(jws::Unverified<'t>, Algorithm, usize)> {
        let parsed = jws::parse(token)?;
        if parsed.alg_name().eq_ignore_ascii_case("none") {
            return Err(parsed.algorithm_refusal(&[]));
        }
        let (index, entry) = self.select(&parsed)?;
        // The common case, one algorithm per key, needs no list.
        let verifier = match entry
            .verifiers
            .iter()
            .find(|v| v.algorithm().name() == parsed.alg_name())
        {
            Some(v) => v,
            None => {
                let allowed: Vec<Algorithm> =
                    entry.verifiers.iter().map(Verifier::algorithm).collect();
                return Err(parsed.algorithm_refusal(&allowed));
            }
        };
        let alg = verifier.algorithm();
        parsed.verify_prepared(verifier)?;
        Ok((parsed, alg, index))
    }

    fn select(&self, token: &jws::Unverified) -> Result<(usize, &Entry)> {
        if self.single_source && self.entries.len() == 1 {
            return Ok((0, &self.entries[0]));
        }
        if let Some(kid) = token.kid() {
            return self
                .entries
                .iter()
                .enumerate()
                .find(|(_, e)| e.key.kid.as_deref() == Some(kid))
                .ok_or_else(|| {
                    Error::rejected(
                        "kid_not_found",
                        format!(
                            "no usable key has the token's kid `{}`",
                            kid.escape_default()
                        ),
                    )
                });
        }
        let alg = Algorithm::from_name(token.alg_name());
        let mut fitting =
            self.entries.iter().enumerate().filter(|(_, e)| {
                alg.is_some_and(|a| e.verifiers.iter().any(|v| v.algorithm() == a))
            });
        match (fitting.next(), fitting.next()) {
            (Some(entry), None) => Ok(entry),
            (None, _) => Err(Error::rejected(
                "no_matching_key",
                format!(
                    "no key allows the token's alg `{}`",
                    token.alg_name().escape_default()
                ),
            )),
            (Some(_), Some(_)) => Err(Error::rejected(
                "ambiguous_key",
                "the token has no kid and several keys could verify it",
            )),
        }
    }

    /// The full pipeline: JWS first (a forged token is `bad_signature`, whatever its
    /// claims), then the claims as a strict JSON object, then the policy.
    pub fn verify(&self, token: &str, policy: &Policy) -> Result<Verified> {
        let (parsed, alg, key_index) = self.verify_jws(token)?;
        let claims = parse_claims(&parsed.payload)?;
        claims::check(&parsed.header, &claims, policy)?;
        Ok(Verified {
            header: parsed.header,
            claims,
            alg,
            key_kid: self.entries[key_index].key.kid.clone(),
            key_index,
        })
    }
}

/// JWT claims: UTF-8, one JSON object, no duplicate members at any depth.
pub fn parse_claims(payload: &[u8]) -> Result<Map<String, Value>> {
    let text = std::str::from_utf8(payload)
        .map_err(|_| Error::rejected("malformed_claims", "the claims are not valid UTF-8"))?;
    json::parse_object(text.as_bytes()).map_err(|e| {
        Error::rejected(
            "malformed_claims",
            format!("the claims are not usable: {e}"),
        )
    })
}

/// Sign claims into a compact JWT; registered claims must have their registered types.
pub fn mint(
    signer: &Signer,
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
) -> Result<String> {
    claims::check_types(claims).map_err(|e| Error::input(e.reason, e.message))?;
    let payload = serde_json::to_vec(claims).expect("a Map serialises");
    jws::sign(signer, header, &payload)
}

/// A random `jti`: 128 bits from the OS, base64url.
pub fn random_jti() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::input("no_randomness", format!("the OS random source failed: {e}")))?;
    Ok(crate::b64::encode(bytes))
}

/// The token inside what people paste: `Bearer <jwt>`, `Authorization: Bearer <jwt>`, or
/// the API gateway's `Bearer id_token="<jwt>"`. Only the line ending that `echo` or a file
/// adds is dropped; other whitespace around the token is left for the parser to refuse.
pub fn extract(input: &str) -> &str {
    let mut text = input.trim_end_matches(['\n', '\r']);
    if let Some(rest) = strip_prefix_ignore_case(text, "authorization:") {
        text = rest.trim_start();
    }
    if let Some(rest) = strip_prefix_ignore_case(text, "bearer ") {
        text = rest.trim_start();
    }
    // The gateway's form, quoted as it sends it, or unquoted as people type it. A token
    // never contains `=` or `"` (base64url without padding), so neither form is ambiguous.
    if let Some(rest) = text.strip_prefix("id_token=") {
        text = rest
            .strip_prefix('"')
            .and_then(|inner| inner.strip_suffix('"'))
            .unwrap_or(rest);
    }
    text
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_pasted_forms() {
        assert_eq!(extract("a.b.c"), "a.b.c");
        assert_eq!(extract("Bearer a.b.c\n"), "a.b.c");
        assert_eq!(extract("Bearer id_token=a.b.c"), "a.b.c");
        assert_eq!(extract("Bearer id_token=\"a.b.c\""), "a.b.c");
        assert_eq!(extract("Authorization: Bearer a.b.c"), "a.b.c");
        assert_eq!(extract("authorization: bearer id_token=\"a.b.c\""), "a.b.c");
        assert_eq!(extract("Bearer id_token=\"a.b.c\""), "a.b.c");
    }
}
