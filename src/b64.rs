//! Strict base64url (RFC 7515 section 2 and appendix C): the URL-safe alphabet, no
//! padding, no whitespace, and zero trailing bits, so that every byte string has exactly
//! one accepted encoding.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decode, accepting only the canonical form that [`encode`] produces. The error says
/// what was wrong in words an operator can act on.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    // The engine rejects a length of 4n+1, foreign characters, padding and non-zero
    // trailing bits; the scan below only runs to explain a failure.
    URL_SAFE_NO_PAD.decode(text).map_err(|e| explain(text, e))
}

fn explain(text: &str, err: base64::DecodeError) -> String {
    match text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        Some('=') => "base64url must not carry `=` padding".to_string(),
        Some(c @ ('+' | '/')) => format!("`{c}` is standard base64, not base64url"),
        Some(c) if c.is_whitespace() => "whitespace inside base64url".to_string(),
        Some(c) => format!("`{}` is not a base64url character", c.escape_default()),
        None => format!("not canonical base64url: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_variants() {
        assert_eq!(decode(&encode(b"\xfb\xff")).unwrap(), b"\xfb\xff");
        assert!(decode("-_8").is_ok());
        assert!(decode("-_8=").is_err());
        assert!(decode("+/8").is_err());
        assert!(decode("-_ 8").is_err());
        // "-_9" decodes to the same bytes as "-_8" with a non-zero trailing bit.
        assert!(decode("-_9").is_err());
        assert!(decode("A").is_err());
    }
}
