//! DPoP on the server's side (RFC 9449): the checks that need state. A proof's own checks
//! are in [`crate::protocol::dpop`]; here are the one-`DPoP`-header rule, the `jti` replay
//! cache (bounded), server nonces (stateless: a MAC of the current minute), and the answers
//! for a refused proof at the token endpoint and at a resource.

use aws_lc_rs::hmac;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::error::OAuthError;
use super::replay::{Replay, Seen};
use crate::b64;
use crate::protocol::dpop::{self, Proof};
use crate::protocol::ErrorCode;

/// How far a proof's `iat` may be from the server's clock, either way (seconds).
pub const IAT_WINDOW: i64 = 60;

/// A nonce is good for the minute it was made in and the next one.
const NONCE_PERIOD: i64 = 60;

/// Distinct proof keys kept checked (a client usually has one).
const KEYS_KEPT: usize = 4096;

/// The header that carries proofs and, from the server, nonces.
pub const PROOF_HEADER: &str = "dpop";
pub const NONCE_HEADER: &str = "dpop-nonce";

/// Why a proof was not accepted.
#[derive(Debug)]
pub enum Refusal {
    /// RFC 9449 `invalid_dpop_proof`, with the reason.
    Invalid(String),
    /// RFC 9449 section 8: the proof needs this server's current nonce.
    UseNonce(String),
    /// The replay cache is full of proofs still inside their window.
    Full,
}

pub struct Dpop {
    seen: Seen,
    keys: dpop::KeyCache,
    nonce_key: hmac::Key,
}

impl Dpop {
    /// A cache that holds at most `limit` proofs.
    pub fn new(limit: usize) -> Dpop {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the OS random source works");
        Dpop {
            seen: Seen::new(limit),
            keys: dpop::KeyCache::new(KEYS_KEPT),
            nonce_key: hmac::Key::new(hmac::HMAC_SHA256, &secret),
        }
    }

    /// The nonce to send now (`DPoP-Nonce`).
    pub fn nonce(&self, now: i64) -> String {
        self.nonce_for(now.div_euclid(NONCE_PERIOD))
    }

    fn nonce_for(&self, period: i64) -> String {
        let tag = hmac::sign(&self.nonce_key, &period.to_be_bytes());
        let mut bytes = period.to_be_bytes().to_vec();
        bytes.extend_from_slice(&tag.as_ref()[..16]);
        b64::encode(bytes)
    }

    fn nonce_is_current(&self, nonce: &str, now: i64) -> bool {
        let period = now.div_euclid(NONCE_PERIOD);
        [period, period - 1].iter().any(|p| {
            let expected = self.nonce_for(*p);
            super::config::secrets_equal(expected.as_bytes(), nonce.as_bytes())
        })
    }

    /// The request's proof, if it sent one: exactly one `DPoP` header, a proof that checks
    /// out for this request, with a current nonce when `require_nonce`, never seen before.
    pub fn check(
        &self,
        headers: &HeaderMap,
        request: &dpop::Request,
        require_nonce: bool,
    ) -> Result<Option<Proof>, Refusal> {
        let mut values = headers.get_all(PROOF_HEADER).iter();
        let Some(value) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() {
            return Err(Refusal::Invalid(
                "send exactly one DPoP header (RFC 9449 section 4.3)".into(),
            ));
        }
        let text = value
            .to_str()
            .map_err(|_| Refusal::Invalid("the DPoP header is not text".into()))?;
        let proof = dpop::check_with(text, request, Some(&self.keys))
            .map_err(|e| Refusal::Invalid(e.message))?;
        if require_nonce {
            let current = proof
                .nonce
                .as_deref()
                .is_some_and(|n| self.nonce_is_current(n, request.now));
            if !current {
                return Err(Refusal::UseNonce(self.nonce(request.now)));
            }
        }
        self.first_use(&proof, request.now)?;
        Ok(Some(proof))
    }

    /// Record the proof's `jti` for its key; a second use within the window is a replay.
    fn first_use(&self, proof: &Proof, now: i64) -> Result<(), Refusal> {
        // A proof is good while its iat is within the window of the clock, and iat is at
        // most one window ahead: two windows from now it can no longer be accepted.
        let parts = [proof.jkt.as_bytes(), proof.jti.as_bytes()];
        self.seen
            .first_use(&parts, now + 2 * IAT_WINDOW, now)
            .map_err(|replay| match replay {
                Replay::Used => Refusal::Invalid(
                    "this DPoP proof was already used (its jti was seen); make a fresh proof for \
                     every request"
                        .into(),
                ),
                Replay::Full => Refusal::Full,
            })
    }

    /// RFC 9449 section 7.1: the proof that must come with a bound token at a resource,
    /// carrying the token's hash and made by the key the token is bound to (`jkt`).
    pub fn check_bound(
        &self,
        headers: &HeaderMap,
        request: &dpop::Request,
        jkt: &str,
        require_nonce: bool,
    ) -> Result<(), Refusal> {
        let proof = self
            .check(headers, request, require_nonce)?
            .ok_or_else(|| {
                Refusal::Invalid("a DPoP-bound token needs a DPoP proof header".into())
            })?;
        if proof.jkt != jkt {
            return Err(Refusal::Invalid(
                "the DPoP proof is signed by another key than the one the token is bound to".into(),
            ));
        }
        Ok(())
    }

    /// How many proofs the replay cache holds.
    pub fn held(&self) -> usize {
        self.seen.held()
    }
}

/// Why an unbound token with the DPoP scheme is refused.
pub const NOT_BOUND: &str = "this access token is not DPoP-bound: send it with the Bearer scheme";

/// RFC 9449 section 7.1 at a resource: the proof of a token bound to `jkt`, for this
/// request (`method`, `url`), under the nonce rule of the client it was issued to.
pub fn at_resource(
    app: &super::App,
    headers: &HeaderMap,
    (method, url): (&str, &str),
    (token, jkt): (&str, &str),
    client_id: Option<&str>,
) -> Result<(), Refusal> {
    let require_nonce = client_id
        .and_then(|id| app.client(id))
        .is_some_and(|c| c.require_dpop_nonce);
    let request = dpop::Request {
        method,
        url,
        access_token: Some(token),
        now: super::now(),
        window: IAT_WINDOW,
    };
    app.dpop.check_bound(headers, &request, jkt, require_nonce)
}

/// The algorithms a resource's challenge offers.
fn algs() -> String {
    dpop::ALGORITHMS.map(|a| a.name()).join(" ")
}

impl Refusal {
    /// The token endpoint's answer (RFC 9449 section 5: 400 with the error).
    pub fn at_token_endpoint(self) -> OAuthError {
        match self {
            Refusal::Invalid(why) => {
                OAuthError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidDpopProof, why)
            }
            Refusal::UseNonce(nonce) => OAuthError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::UseDpopNonce,
                "the DPoP proof must carry the nonce in the DPoP-Nonce header",
            )
            .with_dpop_nonce(nonce),
            Refusal::Full => full(),
        }
    }

    /// A resource's answer (RFC 9449 section 7.1: 401 with a DPoP challenge).
    pub fn at_resource(self) -> Response {
        match self {
            Refusal::Invalid(why) => challenge("invalid_dpop_proof", Some(&why), None),
            Refusal::UseNonce(nonce) => challenge(
                "use_dpop_nonce",
                Some("the DPoP proof must carry the nonce in the DPoP-Nonce header"),
                Some(&nonce),
            ),
            Refusal::Full => full().into_response(),
        }
    }
}

fn full() -> OAuthError {
    OAuthError::temporarily_unavailable(
        "the server holds too many recent DPoP proofs; try again in a minute",
    )
}

/// A 401 with `WWW-Authenticate: DPoP` (RFC 9449 section 7.1): the error, its reason
/// (quotes and non-ASCII left out so that the header stays well-formed), the algorithms,
/// and a nonce header when one is due.
pub fn challenge(error: &str, reason: Option<&str>, nonce: Option<&str>) -> Response {
    let mut value = format!("{} error=\"{error}\"", dpop::SCHEME);
    if let Some(reason) = reason {
        let clean = super::gateway::quotable(reason);
        value.push_str(&format!(", error_description=\"{clean}\""));
    }
    value.push_str(&format!(", algs=\"{}\"", algs()));
    let text = format!("{error}: {}\n", reason.unwrap_or(""));
    let mut response = (StatusCode::UNAUTHORIZED, text).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(header::WWW_AUTHENTICATE, value);
    }
    if let Some(nonce) = nonce.and_then(|n| HeaderValue::from_str(n).ok()) {
        headers.insert(NONCE_HEADER, nonce);
    }
    response
}

/// A token from `Authorization: DPoP <token>`, if that is the scheme used.
pub fn dpop_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case(dpop::SCHEME)
        .then(|| token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proof(jti: &str) -> Proof {
        Proof {
            jkt: "key".into(),
            alg: crate::keys::Algorithm::Es256,
            jti: jti.into(),
            iat: 0,
            nonce: None,
        }
    }

    #[test]
    fn a_jti_is_accepted_once_per_key_and_forgotten_after_two_windows() {
        let dpop = Dpop::new(10);
        assert!(dpop.first_use(&proof("a"), 1000).is_ok());
        assert!(matches!(
            dpop.first_use(&proof("a"), 1001),
            Err(Refusal::Invalid(_))
        ));
        let other_key = Proof {
            jkt: "other".into(),
            ..proof("a")
        };
        assert!(dpop.first_use(&other_key, 1001).is_ok());
        // A proof made a window ahead stays acceptable until two windows from its first use:
        // it is remembered that long, and not a second more.
        assert!(matches!(
            dpop.first_use(&proof("a"), 1000 + 2 * IAT_WINDOW - 1),
            Err(Refusal::Invalid(_))
        ));
        assert!(dpop.first_use(&proof("a"), 1000 + 2 * IAT_WINDOW).is_ok());
    }

    #[test]
    fn a_full_cache_refuses_rather_than_forgetting_a_live_proof() {
        let dpop = Dpop::new(2);
        assert!(dpop.first_use(&proof("a"), 1000).is_ok());
        assert!(dpop.first_use(&proof("b"), 1000).is_ok());
        assert!(matches!(
            dpop.first_use(&proof("c"), 1001),
            Err(Refusal::Full)
        ));
        assert!(matches!(
            dpop.first_use(&proof("a"), 1001),
            Err(Refusal::Invalid(_))
        ));
        assert_eq!(dpop.held(), 2);
    }

    #[test]
    fn a_nonce_is_good_for_its_minute_and_the_next_only() {
        let dpop = Dpop::new(1);
        let nonce = dpop.nonce(6000);
        assert!(dpop.nonce_is_current(&nonce, 6059));
        assert!(dpop.nonce_is_current(&nonce, 6119));
        assert!(!dpop.nonce_is_current(&nonce, 6120));
        assert!(
            !Dpop::new(1).nonce_is_current(&nonce, 6000),
            "another server's nonce"
        );
    }
}
