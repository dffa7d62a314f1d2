//! Request parameters: `application/x-www-form-urlencoded` bodies and queries, parsed
//! strictly (RFC 6749 section 3.1: no parameter twice), with caps on their number and on
//! the length of values the server stores.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::{header, HeaderMap};

use super::error::OAuthError;

/// Forms and queries are small; a larger body is refused with 413 before parsing.
pub const MAX_BODY: usize = 64 * 1024;
pub const MAX_PARAMS: usize = 64;
/// The longest `state`, `nonce` or other client-chosen value the server keeps for a
/// pending request: generous for any real client, small enough to keep memory bounded.
pub const MAX_STORED_VALUE: usize = 1024;

pub type Params = HashMap<String, String>;

/// Parse a form or query: at most MAX_PARAMS, each name once.
pub fn parse(raw: &str) -> Result<Params, String> {
    let pairs = pairs(raw)?;
    let mut params = HashMap::new();
    for (name, value) in pairs {
        if params.contains_key(&name) {
            return Err(format!("parameter `{name}` is repeated"));
        }
        params.insert(name, value);
    }
    Ok(params)
}

/// The pairs of a form or query in order, repeats kept (at most MAX_PARAMS).
pub fn pairs(raw: &str) -> Result<Vec<(String, String)>, String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw).map_err(|e| format!("malformed parameters: {e}"))?;
    if pairs.len() > MAX_PARAMS {
        return Err(format!("more than {MAX_PARAMS} parameters"));
    }
    Ok(pairs)
}

/// A form body's parameters, or `invalid_request`.
pub fn form(body: &Bytes) -> Result<Params, OAuthError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| OAuthError::invalid_request("the body is not UTF-8"))?;
    parse(text).map_err(OAuthError::invalid_request)
}

/// A parameter's value, or "" when absent (an empty value then matches nothing).
pub fn get<'a>(params: &'a Params, name: &str) -> &'a str {
    params.get(name).map(String::as_str).unwrap_or_default()
}

/// The `username` and `password` of a form (empty when absent: they then match nobody).
pub fn credentials(params: &Params) -> (&str, &str) {
    (get(params, "username"), get(params, "password"))
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_refuse_repeats_and_floods() {
        assert!(parse("a=1&b=2").is_ok());
        assert!(parse("a=1&a=2").is_err());
        let flood: Vec<String> = (0..100).map(|i| format!("p{i}=x")).collect();
        assert!(parse(&flood.join("&")).is_err());
    }
}
