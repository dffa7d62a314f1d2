//! The OAuth 2.0 / OpenID Connect vocabulary that the client (`oauth/`) and the server
//! (`server/`) share: grant types, client authentication methods, error codes, PKCE,
//! `at_hash`/`c_hash`, scopes and URLs. It imports neither side.

pub mod authorization;
pub mod dpop;
pub mod error;
pub mod grant;
pub mod hash;
pub mod pkce;
pub mod scope;
pub mod url;

pub use authorization::{Prompt, ResponseMode};
pub use error::ErrorCode;
pub use grant::{ClientAuthMethod, GrantType};
