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

/// Names a request may repeat: RFC 8707's `resource`, one per target.
const REPEATABLE: [&str; 1] = ["resource"];

/// Whether a parameter may appear more than once.
pub fn repeatable(name: &str) -> bool {
    REPEATABLE.contains(&name)
}

/// A request's parameters by name; only [`repeatable`] ones may hold several values.
#[derive(Debug, Clone, Default)]
pub struct Params(HashMap<String, Vec<String>>);

impl Params {
    /// The (first) value of a parameter.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0.get(name).and_then(|values| values.first())
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Every (name, value), repeats included.
    pub fn pairs(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.0
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |v| (name.clone(), v.clone())))
    }

    /// Every value of a parameter, in request order.
    pub fn all(&self, name: &str) -> &[String] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Parse a form or query: at most MAX_PARAMS, each name once unless [`repeatable`].
pub fn parse(raw: &str) -> Result<Params, String> {
    let mut params: HashMap<String, Vec<String>> = HashMap::new();
    for (name, value) in pairs(raw)? {
        if params.contains_key(&name) && !repeatable(&name) {
            return Err(format!("parameter `{name}` is repeated"));
        }
        params.entry(name).or_default().push(value);
    }
    Ok(Params(params))
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
        let targets = parse("resource=https%3A%2F%2Fa%2F&resource=https%3A%2F%2Fb%2F").unwrap();
        assert_eq!(targets.all("resource"), ["https://a/", "https://b/"]);
        assert_eq!(targets.get("resource").unwrap(), "https://a/");
        assert!(targets.all("scope").is_empty());
        let flood: Vec<String> = (0..100).map(|i| format!("p{i}=x")).collect();
        assert!(parse(&flood.join("&")).is_err());
    }
}
