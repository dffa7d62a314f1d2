//! Property tests: the token parser and the key loader never panic on arbitrary input, and
//! base64url decoding accepts exactly what the encoder produces.

use oauthctl::b64;
use oauthctl::jwt::{jws, token};
use oauthctl::keys::load;
use proptest::prelude::*;

const VALID_KEY: &str = r#"{"kty":"EC","crv":"P-256","x":"04N0xi21hshyvBp7I167sbE_bXqyqkAPfefdklMO7wY","y":"UI8exy-C06a7DUnjIdENkxeFtHM4-l_41LqEw9nVgmw"}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(b64::decode(&b64::encode(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn base64url_accepts_only_canonical_text(text in "[A-Za-z0-9_=+/ -]{0,40}") {
        if let Ok(bytes) = b64::decode(&text) {
            prop_assert_eq!(b64::encode(bytes), text);
        }
    }

    #[test]
    fn token_parser_never_panics(text in "\\PC{0,300}") {
        let _ = jws::parse(&text);
        let _ = token::parse_claims(text.as_bytes());
    }

    #[test]
    fn token_parser_never_panics_on_token_shaped_input(
        header in proptest::collection::vec(any::<u8>(), 0..80),
        payload in proptest::collection::vec(any::<u8>(), 0..80),
        sig in "[A-Za-z0-9_-]{0,50}",
    ) {
        let text = format!("{}.{}.{sig}", b64::encode(header), b64::encode(payload));
        let _ = jws::parse(&text);
    }

    #[test]
    fn key_loader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = load::parse(&bytes, &load::no_passphrase);
    }

    #[test]
    fn key_loader_never_panics_on_mutated_keys(index in 0usize..200, byte in any::<u8>()) {
        let mut bytes = VALID_KEY.as_bytes().to_vec();
        let i = index % bytes.len();
        bytes[i] = byte;
        let _ = load::parse(&bytes, &load::no_passphrase);
        let mut der = vec![0x30, 0x82, 0x01, 0x0a];
        der.extend(std::iter::repeat_n(byte, index));
        let _ = load::parse(&der, &load::no_passphrase);
    }
}
