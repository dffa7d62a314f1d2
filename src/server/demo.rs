//! The gateway demo's token server, opt-in (`[demo_token_server]`): `GET /token` hands a
//! bare RS256 JWT with the configured claims to anyone who asks, exactly as the Python demo
//! did (header `{"alg":"RS256","typ":"JWT"}`, no `kid`), and `GET /check` verifies the JWT
//! sent in a `token` request header.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Map;

use super::gateway::challenge;
use super::{now, random_token, App};
use crate::jwt::claims::Policy;
use crate::jwt::token::KeyRing;
use crate::keys::{Algorithm, Key};

/// The verifier of `/check`: the active key alone, RS256 alone (the demo's
/// `allowed_algs=['RS256']`).
pub fn checker(active: &Key) -> crate::error::Result<KeyRing> {
    if !active.fits(Algorithm::Rs256) {
        return Err(crate::error::Error::input(
            "bad_config",
            "demo_token_server signs RS256 like the gateway demo: the active signing key must be RSA",
        )
        .hint("make an RSA key with `oauthctl keygen` and list it under [[keys]] with active = true"));
    }
    KeyRing::new(vec![active.public()], true, &[Algorithm::Rs256])
}

fn text(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /token`: a fresh token with the configured claims, `iat`, `nbf`, `exp`, `jti`.
pub async fn issue(State(app): State<Arc<App>>) -> Response {
    let Some(demo) = &app.settings.demo_tokens else {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    };
    let now = now();
    let mut claims = demo.claims.clone();
    claims.insert("iat".into(), now.into());
    claims.insert("nbf".into(), now.into());
    claims.insert("exp".into(), (now + demo.lifetime as i64).into());
    claims.insert("jti".into(), random_token(16).into());
    let mut header = Map::new();
    header.insert("typ".into(), "JWT".into());
    match crate::jwt::token::mint(&app.signer, &header, &claims) {
        Ok(token) => text(StatusCode::OK, token),
        Err(e) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("{}\n", e.message),
        ),
    }
}

/// `GET /check`: 200 with the token when the `token` header verifies, else 401 with why.
pub async fn check(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(ring) = &app.demo_checker else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(token) = headers.get("token").and_then(|v| v.to_str().ok()) else {
        return challenge(Some("send the token in a `token` request header"));
    };
    let policy = Policy {
        now: now(),
        ..Policy::default()
    };
    match ring.verify(token.trim(), &policy) {
        Ok(_) => text(StatusCode::OK, token.trim().to_string()),
        Err(e) => challenge(Some(&e.message)),
    }
}
