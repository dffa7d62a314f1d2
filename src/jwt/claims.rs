//! The claims policy (RFC 7519 section 4.1, RFC 8725): registered claims must have their
//! registered types, time claims are checked with a bounded leeway, and expected values
//! are compared exactly. A wrongly typed claim is an error, never "absent".

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::json;

pub const DEFAULT_LEEWAY: u64 = 60;
/// Clock skew beyond ten minutes is a broken clock, not skew.
pub const MAX_LEEWAY: u64 = 600;

/// What the operator expects of a token's claims.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub now: i64,
    pub leeway: u64,
    pub allow_no_exp: bool,
    pub issuer: Option<String>,
    pub audiences: Vec<String>,
    pub subject: Option<String>,
    pub typ: Option<String>,
    pub required: Vec<String>,
    pub expected: Vec<(String, Value)>,
}

fn rejected(reason: &'static str, message: impl Into<String>) -> Error {
    Error::rejected(reason, message)
}

fn wrong_type(name: &str, want: &str, value: &Value) -> Error {
    rejected(
        "invalid_claim",
        format!("claim `{name}` must be {want}, found {}", json::kind(value)),
    )
}

/// A NumericDate claim: absent, or a finite JSON number (fractions allowed, RFC 7519
/// section 2).
pub fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<Option<f64>> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or_else(|| wrong_type(name, "a finite number", &Value::Number(n.clone()))),
        Some(other) => Err(wrong_type(name, "a NumericDate (number)", other)),
    }
}

fn string_claim<'a>(claims: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(wrong_type(name, "a string", other)),
    }
}

/// `aud` is a string or an array of strings (RFC 7519 section 4.1.3).
pub fn audiences(claims: &Map<String, Value>) -> Result<Option<Vec<&str>>> {
    match claims.get("aud") {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.as_str()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| wrong_type("aud", "a string or an array of strings", v))
            })
            .collect::<Result<Vec<_>>>()
            .map(Some),
        Some(other) => Err(wrong_type("aud", "a string or an array of strings", other)),
    }
}

/// Type checks for the registered claims, whatever the policy: used by verify and mint.
pub fn check_types(claims: &Map<String, Value>) -> Result<()> {
    for name in ["exp", "nbf", "iat"] {
        numeric_date(claims, name)?;
    }
    for name in ["iss", "sub", "jti"] {
        string_claim(claims, name)?;
    }
    audiences(claims)?;
    Ok(())
}

/// RFC 7515 section 4.1.9: `typ` is compared case-insensitively, and `application/` may
/// be omitted.
fn media_type_eq(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        let lower = s.to_ascii_lowercase();
        lower
            .strip_prefix("application/")
            .map(str::to_owned)
            .unwrap_or(lower)
    };
    strip(a) == strip(b)
}

/// Apply the policy to a verified token's header and claims.
pub fn check(
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
    policy: &Policy,
) -> Result<()> {
    check_types(claims)?;
    let now = policy.now as f64;
    let leeway = policy.leeway.min(MAX_LEEWAY) as f64;
    match numeric_date(claims, "exp")? {
        // Valid while now < exp + leeway: at exp + leeway exactly it has expired.
        Some(exp) if now >= exp + leeway => {
            return Err(rejected(
                "expired",
                format!(
                    "the token expired at {} ({}), beyond the {}s leeway",
                    super::time::rfc3339(exp as i64),
                    super::time::relative(exp as i64, policy.now),
                    leeway as u64
                ),
            ))
        }
        Some(_) => {}
        None if policy.allow_no_exp => {}
        None => {
            return Err(
                rejected("missing_exp", "the token has no `exp`, so it never expires")
                    .hint("pass --allow-no-exp if that is intended"),
            )
        }
    }
    if let Some(nbf) = numeric_date(claims, "nbf")? {
        if nbf > now + leeway {
            return Err(rejected(
                "not_yet_valid",
                format!(
                    "the token is not valid before {} ({})",
                    super::time::rfc3339(nbf as i64),
                    super::time::relative(nbf as i64, policy.now)
                ),
            ));
        }
    }
    if let Some(iat) = numeric_date(claims, "iat")? {
        if iat > now + leeway {
            return Err(rejected(
                "issued_in_future",
                format!(
                    "the token claims to be issued at {} ({}); check the issuer's clock",
                    super::time::rfc3339(iat as i64),
                    super::time::relative(iat as i64, policy.now)
                ),
            ));
        }
    }
    if let Some(expected) = &policy.issuer {
        match string_claim(claims, "iss")? {
            Some(iss) if iss == expected => {}
            Some(iss) => {
                return Err(rejected(
                    "iss_mismatch",
                    format!("the token's iss is `{iss}`, expected `{expected}`"),
                ))
            }
            None => return Err(rejected("iss_mismatch", "the token has no `iss`")),
        }
    }
    if !policy.audiences.is_empty() {
        match audiences(claims)? {
            Some(auds) if auds.iter().any(|a| policy.audiences.iter().any(|e| e == a)) => {}
            Some(auds) => {
                return Err(rejected(
                    "aud_mismatch",
                    format!(
                        "the token's aud {auds:?} does not include {:?}",
                        policy.audiences
                    ),
                ))
            }
            None => return Err(rejected("aud_mismatch", "the token has no `aud`")),
        }
    }
    if let Some(expected) = &policy.subject {
        if string_claim(claims, "sub")? != Some(expected.as_str()) {
            return Err(rejected(
                "sub_mismatch",
                format!("the token's sub is not `{expected}`"),
            ));
        }
    }
    if let Some(expected) = &policy.typ {
        match header.get("typ") {
            Some(Value::String(typ)) if media_type_eq(typ, expected) => {}
            Some(Value::String(typ)) => {
                return Err(rejected(
                    "typ_mismatch",
                    format!("the token's typ is `{typ}`, expected `{expected}`"),
                ))
            }
            Some(other) => return Err(wrong_type("typ", "a string", other)),
            None => {
                return Err(rejected(
                    "typ_mismatch",
                    format!("the token has no `typ`; expected `{expected}`"),
                ))
            }
        }
    }
    for name in &policy.required {
        if claims.get(name).is_none_or(Value::is_null) {
            return Err(rejected(
                "missing_claim",
                format!("the token has no `{name}` claim"),
            ));
        }
    }
    for (name, value) in &policy.expected {
        match claims.get(name) {
            Some(actual) if actual == value => {}
            Some(actual) => {
                return Err(rejected(
                    "claim_mismatch",
                    format!("claim `{name}` is {actual}, expected {value}"),
                ))
            }
            None => {
                return Err(rejected(
                    "missing_claim",
                    format!("the token has no `{name}` claim"),
                ))
            }
        }
    }
    Ok(())
}

/// Parse a `k=v` pair; the value is JSON when it parses as JSON, otherwise a string.
pub fn parse_assignment(text: &str) -> Result<(String, Value)> {
    let (name, raw) = text
        .split_once('=')
        .ok_or_else(|| Error::usage("bad_claim", format!("`{text}` is not NAME=VALUE")))?;
    if name.is_empty() {
        return Err(Error::usage(
            "bad_claim",
            format!("`{text}` has an empty name"),
        ));
    }
    let value = json::parse(raw.as_bytes()).unwrap_or_else(|_| Value::String(raw.to_string()));
    Ok((name.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn exp_boundary_with_leeway() {
        let policy = Policy {
            now: 1000,
            leeway: 60,
            ..Policy::default()
        };
        let header = Map::new();
        assert!(check(&header, &claims(json!({"exp": 1000 - 60 - 1})), &policy).is_err());
        assert!(check(&header, &claims(json!({"exp": 1000 - 60})), &policy).is_err());
        assert!(check(&header, &claims(json!({"exp": 1000 - 60 + 1})), &policy).is_ok());
    }

    #[test]
    fn assignments() {
        assert_eq!(parse_assignment("wup=90").unwrap().1, json!(90));
        assert_eq!(parse_assignment("foo=bar").unwrap().1, json!("bar"));
        assert_eq!(parse_assignment("x={\"a\":1}").unwrap().1, json!({"a":1}));
        assert!(parse_assignment("novalue").is_err());
    }

    #[test]
    fn typ_comparison() {
        assert!(media_type_eq("application/at+jwt", "at+jwt"));
        assert!(media_type_eq("AT+JWT", "at+jwt"));
        assert!(!media_type_eq("JWT", "at+jwt"));
    }
}
