//! The checks, by area. Each returns its verdict with a sentence saying what it saw; an
//! `Err` is a check that could not run (its verdict is `error`). A check that needs something the
//! operator did not give (a second client, a public client) is skipped with the reason.

use serde_json::Value;

use super::client::Answer;
use super::{Auditor, Outcome};
use crate::error::Result;
use crate::json;
use crate::jwt::claims::Policy;
use crate::jwt::token::KeyRing;
use crate::keys::load;
use crate::oauth::client::ClientAuth;
use crate::protocol::hash;
use crate::protocol::url::Url;
use crate::protocol::ClientAuthMethod;

/// Skip with `why` unless `needs` holds.
macro_rules! need {
    ($needs:expr, $why:expr) => {
        match $needs {
            Ok(value) => value,
            Err(why) => return Ok(Outcome::skip(format!("{}: {why}", $why))),
        }
    };
}

/// A text member of a JSON object (a token response), owned.
fn text(body: &serde_json::Map<String, Value>, name: &str) -> Option<String> {
    body.get(name).and_then(Value::as_str).map(str::to_owned)
}

mod authorize;
mod dpop;
mod fapi;
mod metadata;
mod resource;
mod token;

pub use authorize::*;
pub use dpop::*;
pub use fapi::*;
pub use metadata::*;
pub use resource::*;
pub use token::*;
