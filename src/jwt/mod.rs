//! JSON Web Tokens: strict compact JWS parsing, the claims policy, signing and
//! verification.

pub mod claims;
pub mod jws;
pub mod time;
pub mod token;
