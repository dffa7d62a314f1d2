//! `oauthctl key ...`: inspect, convert, thumbprint and JWKS maintenance.

pub mod convert;
pub mod inspect;
pub mod jwks;
pub mod thumbprint;
