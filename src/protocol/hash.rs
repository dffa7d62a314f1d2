//! `at_hash` and `c_hash` (OpenID Connect Core sections 3.1.3.6 and 3.3.2.11): the left
//! half of the hash that the ID token's signing algorithm uses, base64url-encoded.

use aws_lc_rs::digest;

use crate::b64;
use crate::keys::Algorithm;

/// The digest behind a JWS algorithm: SHA-256 for the *256 algorithms, SHA-384 for *384,
/// SHA-512 for *512 and for EdDSA (Ed25519 signs with SHA-512).
pub fn digest_for(alg: Algorithm) -> &'static digest::Algorithm {
    match alg {
        Algorithm::Rs384 | Algorithm::Ps384 | Algorithm::Es384 | Algorithm::Hs384 => {
            &digest::SHA384
        }
        Algorithm::Rs512
        | Algorithm::Ps512
        | Algorithm::Es512
        | Algorithm::Hs512
        | Algorithm::EdDsa => &digest::SHA512,
        Algorithm::Rs256 | Algorithm::Ps256 | Algorithm::Es256 | Algorithm::Hs256 => {
            &digest::SHA256
        }
    }
}

/// The `at_hash` of an access token, or the `c_hash` of a code, for an ID token signed
/// with `alg`.
pub fn left_half_hash(alg: Algorithm, value: &str) -> String {
    let hash = digest::digest(digest_for(alg), value.as_bytes());
    let bytes = hash.as_ref();
    b64::encode(&bytes[..bytes.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openid_core_example_at_hash() {
        // OpenID Connect Core appendix A.3: an RS256 ID token for this access token.
        assert_eq!(
            left_half_hash(
                Algorithm::Rs256,
                "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
            ),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
    }

    #[test]
    fn hmac_and_eddsa_pick_their_digests() {
        assert_eq!(left_half_hash(Algorithm::Hs384, "x").len(), 32);
        assert_eq!(left_half_hash(Algorithm::EdDsa, "x").len(), 43);
        assert_eq!(left_half_hash(Algorithm::Hs256, "x").len(), 22);
    }
}
