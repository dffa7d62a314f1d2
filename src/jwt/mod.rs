//! JSON Web Tokens: strict compact JWS parsing, signing and verification.

pub mod jws;
