//! The JWT-bearer grant (RFC 7523 section 2.1): an authenticated client presents a JWT
//! that a configured trusted issuer signed about a subject, and gets an access token for
//! that subject. The assertion names this server as its audience, lives at most an hour,
//! and works once (its `jti` is remembered until it expires).

use axum::response::Response;
use serde_json::Value;

use super::client_auth::{assertion_algorithms, MAX_ASSERTION_LIFETIME};
use super::config::Client;
use super::error::OAuthError;
use super::issue::Holder;
use super::params::{self, Params};
use super::replay::Replay;
use super::token::{access_token_only, requested_resources, requested_scope};
use super::{now, App};
use crate::jwt::claims::Policy;
use crate::jwt::{jws, token};

const LEEWAY: u64 = 30;

pub fn jwt_bearer(
    app: &App,
    client: &Client,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let assertion = params::get(params, "assertion");
    if assertion.is_empty() {
        return Err(OAuthError::invalid_request(
            "the jwt-bearer grant needs an assertion",
        ));
    }
    let refuse = |why: String| OAuthError::invalid_grant(format!("the assertion {why}"));
    let parsed =
        jws::parse(assertion).map_err(|e| refuse(format!("is not a JWT: {}", e.message)))?;
    let claims = token::parse_claims(&parsed.payload)
        .map_err(|e| refuse(format!("has unusable claims: {}", e.message)))?;
    let iss = claims
        .get("iss")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let trusted = app
        .settings
        .assertion_issuers
        .iter()
        .find(|i| i.issuer == iss)
        .ok_or_else(|| {
            refuse(format!(
                "is from `{}`, which is not a trusted issuer",
                iss.escape_default()
            ))
        })?;
    let ring = token::KeyRing::new(
        trusted.keys.clone(),
        trusted.keys.len() == 1,
        &assertion_algorithms(),
    )
    .map_err(|e| OAuthError::server_error(e.message))?;
    let now = now();
    let policy = Policy {
        now,
        leeway: LEEWAY,
        issuer: Some(trusted.issuer.clone()),
        audiences: vec![app.issuer.clone(), format!("{}/token", app.issuer)],
        required: vec!["exp".into(), "sub".into(), "jti".into()],
        ..Policy::default()
    };
    let verified = ring
        .verify(assertion, &policy)
        .map_err(|e| refuse(format!("does not verify: {}", e.message)))?;
    let exp = verified
        .claims
        .get("exp")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    if exp - now > MAX_ASSERTION_LIFETIME {
        return Err(refuse(format!(
            "lives more than {MAX_ASSERTION_LIFETIME} s"
        )));
    }
    let jti = verified
        .claims
        .get("jti")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let sub = verified
        .claims
        .get("sub")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let parts = [b"jwt-bearer".as_slice(), iss.as_bytes(), jti.as_bytes()];
    match app.assertions.first_use(&parts, exp + LEEWAY as i64, now) {
        Ok(()) => {}
        Err(Replay::Used) => return Err(refuse("was already used (its jti was seen)".into())),
        Err(Replay::Full) => {
            return Err(OAuthError::temporarily_unavailable(
                "the server holds too many recent assertions; try again in a minute",
            ))
        }
    }
    let granted = requested_scope(client, params, &[])?;
    let resources = requested_resources(client, params, &[])?;
    // A subject that is one of serve's users gets that user's claims at userinfo.
    let username = app.user(sub).map(|u| u.username.clone());
    let holder = Holder {
        sub,
        username: username.as_deref(),
        scope: &granted,
        resources: &resources,
        details: None,
        jkt,
    };
    access_token_only(app, client, &holder, now)
}
