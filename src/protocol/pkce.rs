//! PKCE with S256 (RFC 7636): verifier generation, the challenge it implies, and the
//! syntax both must have.

use aws_lc_rs::digest;

use crate::b64;

/// RFC 7636 section 4.1: 43 to 128 unreserved characters.
pub fn is_valid_verifier(text: &str) -> bool {
    is_unreserved(text, 43, 128)
}

/// An S256 challenge is the base64url SHA-256 of a verifier: exactly 43 characters.
pub fn is_valid_challenge(text: &str) -> bool {
    is_unreserved(text, 43, 43)
}

fn is_unreserved(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// The S256 challenge for a verifier (RFC 7636 section 4.2).
pub fn challenge_s256(verifier: &str) -> String {
    b64::encode(digest::digest(&digest::SHA256, verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        assert_eq!(
            challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(is_valid_challenge(&challenge_s256(&"v".repeat(128))));
        assert!(!is_valid_verifier("short"));
        assert!(!is_valid_verifier(&"a".repeat(129)));
        assert!(!is_valid_challenge(&format!("{}+", "a".repeat(42))));
    }
}
