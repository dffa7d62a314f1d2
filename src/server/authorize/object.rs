//! Signed request objects (RFC 9101, JAR): the `request` parameter of an authorization
//! request (or of a pushed one) carries the request as a JWT signed by the client. Its
//! claims are the request; `client_id` stays outside so that the client's keys can be
//! found, and a query parameter that the object also names must say the same.

use serde_json::Value;

use super::super::client_auth::assertion_algorithms;
use super::super::error::PageError;
use super::super::{now, params, App};
use crate::jwt::claims::Policy;
use crate::jwt::token::KeyRing;
use crate::protocol::ErrorCode;

/// The media type of a request object (RFC 9101 section 10.8): required, so that no other
/// JWT of the client's can be passed off as a request.
pub const TYPE: &str = "oauth-authz-req+jwt";

/// The longest a request object may live (`exp - iat` or `exp - nbf`, FAPI 2.0's bound).
const MAX_LIFETIME: i64 = 3600;

/// JWT claims of the object that are not authorization parameters.
const JWT_CLAIMS: [&str; 6] = ["iss", "aud", "exp", "nbf", "iat", "jti"];

/// The request's parameters with the object's claims in place of `request`, and whether
/// an object was there. Errors are pages: until the object verifies, nothing in it (the
/// redirect URI least of all) is trusted.
pub fn expand(
    app: &App,
    pairs: Vec<(String, String)>,
) -> Result<(Vec<(String, String)>, bool), PageError> {
    let objects = pairs.iter().filter(|(n, _)| n == "request").count();
    if objects == 0 {
        return Ok((pairs, false));
    }
    if objects > 1 {
        return Err(PageError::new(
            "The request carries more than one request object.",
        ));
    }
    let client_ids: Vec<&str> = pairs
        .iter()
        .filter(|(n, _)| n == "client_id")
        .map(|(_, v)| v.as_str())
        .collect();
    let [client_id] = client_ids[..] else {
        return Err(PageError::new(
            "A request object must come with exactly one client_id outside it (RFC 9101 section 5).",
        ));
    };
    let client = app
        .client(client_id)
        .ok_or_else(|| PageError::new("Unknown client."))?;
    let object = pairs
        .iter()
        .find(|(n, _)| n == "request")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let refuse = |why: String| {
        PageError::new(format!("The request object is not valid: {why}."))
            .for_client(client_id)
            .with_code(ErrorCode::InvalidRequestObject)
    };
    if client.jwks.is_empty() {
        return Err(refuse(
            "this client has no registered keys to verify request objects with".into(),
        ));
    }
    let ring = KeyRing::new(
        client.jwks.clone(),
        client.jwks.len() == 1,
        &assertion_algorithms(),
    )
    .map_err(|e| refuse(e.message))?;
    let policy = Policy {
        now: now(),
        leeway: 0,
        issuer: Some(client.id.clone()),
        audiences: vec![app.issuer.clone()],
        typ: Some(TYPE.into()),
        required: vec!["exp".into()],
        ..Policy::default()
    };
    let verified = ring
        .verify(object, &policy)
        .map_err(|e| refuse(e.message.trim_end_matches('.').to_string()))?;
    let claims = verified.claims;
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    let start = ["nbf", "iat"]
        .iter()
        .filter_map(|n| claims.get(*n).and_then(Value::as_i64))
        .min()
        .unwrap_or_else(now);
    if exp - start > MAX_LIFETIME {
        return Err(refuse(format!(
            "it is valid for {} s; request objects may live at most {MAX_LIFETIME} s",
            exp - start
        )));
    }
    if claims.get("client_id").and_then(Value::as_str) != Some(client_id) {
        return Err(refuse(
            "its client_id claim must be the client_id of the request".into(),
        ));
    }
    if claims.contains_key("request") || claims.contains_key("request_uri") {
        return Err(refuse("it must not nest request or request_uri".into()));
    }
    let mut expanded: Vec<(String, String)> = Vec::new();
    for (name, value) in &claims {
        if JWT_CLAIMS.contains(&name.as_str()) {
            continue;
        }
        match value {
            Value::String(text) => expanded.push((name.clone(), text.clone())),
            Value::Array(items) if name == "resource" => {
                for item in items {
                    let text = item
                        .as_str()
                        .ok_or_else(|| refuse("each resource must be a string".into()))?;
                    expanded.push((name.clone(), text.to_string()));
                }
            }
            Value::Number(n) => expanded.push((name.clone(), n.to_string())),
            other => expanded.push((name.clone(), other.to_string())),
        }
    }
    if expanded.len() > params::MAX_PARAMS {
        return Err(refuse(format!(
            "it holds more than {} parameters",
            params::MAX_PARAMS
        )));
    }
    // RFC 9101 section 5: only the object's parameters are used; one given outside too
    // must agree with it, or the request is ambiguous.
    for (name, value) in &pairs {
        if name == "request" || name == "client_id" {
            continue;
        }
        let inside: Vec<&String> = expanded
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v)
            .collect();
        if !inside.is_empty() && !inside.contains(&value) {
            return Err(refuse(format!(
                "its `{name}` disagrees with the `{name}` outside it"
            )));
        }
    }
    Ok((expanded, true))
}
