//! The resource side: userinfo (OpenID Connect Core 5.3), introspection (RFC 7662),
//! revocation (RFC 7009). An access token counts only if its signature and claims verify
//! and the store still holds it.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::client_auth::{Authenticated, INTROSPECTION_METHODS};
use super::error::{log_client, no_store_json, OAuthError};
use super::issue::claims_for_scopes;
use super::params;
use super::store::AccessRecord;
use super::{now, App};
use crate::jwt::claims::Policy;
use crate::protocol::scope;

/// A valid, unrevoked access token of ours, from `Authorization: Bearer <jwt>` or the
/// gateway's `Bearer id_token="<jwt>"`.
fn bearer(app: &App, headers: &HeaderMap) -> Option<(Map<String, Value>, AccessRecord)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    if !value.get(..7)?.eq_ignore_ascii_case("bearer ") {
        return None;
    }
    let token = crate::jwt::token::extract(value);
    access_record(app, token)
}

fn access_record(app: &App, token: &str) -> Option<(Map<String, Value>, AccessRecord)> {
    let policy = Policy {
        now: now(),
        leeway: 0,
        issuer: Some(app.issuer.clone()),
        typ: Some("at+jwt".into()),
        ..Policy::default()
    };
    let verified = app.verifier.verify(token, &policy).ok()?;
    let jti = verified.claims.get("jti")?.as_str()?;
    let record = app.store.active_access(jti, policy.now)?;
    Some((verified.claims, record))
}

/// RFC 6750 section 3.1.
fn invalid_token() -> Response {
    let mut response = (StatusCode::UNAUTHORIZED, "invalid token\n").into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"oauthctl\", error=\"invalid_token\""),
    );
    response
}

pub async fn userinfo(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some((_, record)) = bearer(&app, &headers) else {
        return invalid_token();
    };
    if !scope::contains(&record.scope, "openid") {
        let mut response = (StatusCode::FORBIDDEN, "insufficient scope\n").into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer error=\"insufficient_scope\", scope=\"openid\""),
        );
        return log_client(response, &record.client_id);
    }
    let mut claims = Map::new();
    claims.insert("sub".into(), record.sub.clone().into());
    if let Some(user) = record.username.as_deref().and_then(|u| app.user(u)) {
        claims.extend(claims_for_scopes(&user.claims, &record.scope));
    }
    log_client(no_store_json(Value::Object(claims)), &record.client_id)
}

pub async fn introspect(State(app): State<Arc<App>>, request: Authenticated) -> Response {
    let client = request.client(&app);
    if !INTROSPECTION_METHODS.contains(&client.auth_method) {
        return OAuthError::invalid_client("introspection requires client authentication")
            .into_response();
    }
    let token = params::get(&request.params, "token");
    let body = if let Some((claims, record)) = access_record(&app, token) {
        let mut body = json!({
            "active": true,
            "token_type": "Bearer",
            "scope": scope::join(&record.scope),
            "client_id": record.client_id,
            "sub": record.sub,
            "aud": record.aud,
            "iss": app.issuer,
            "exp": record.exp,
            "iat": record.iat,
            "jti": claims.get("jti"),
        });
        if let Some(u) = &record.username {
            body["username"] = u.clone().into();
        }
        body
    } else if let Some(r) = app.store.active_refresh(token, now()) {
        // RFC 7662 section 2.2's token_type is an RFC 6749 access token type; a refresh
        // token has none, so the field is left out.
        json!({
            "active": true,
            "scope": scope::join(&r.scope),
            "client_id": r.client_id,
            "username": r.username,
            "exp": r.exp,
            "iat": r.iat,
        })
    } else {
        json!({"active": false})
    };
    log_client(no_store_json(body), &client.id)
}

pub async fn revoke(State(app): State<Arc<App>>, request: Authenticated) -> Response {
    let client = request.client(&app);
    let token = params::get(&request.params, "token");
    // RFC 7009 2.2: unknown and already invalid tokens also get 200.
    if let Some((claims, _)) = access_record(&app, token) {
        if let Some(jti) = claims.get("jti").and_then(Value::as_str) {
            app.store.revoke_access(jti, &client.id);
        }
    } else {
        app.store.revoke_refresh(token, &client.id);
    }
    let mut response = StatusCode::OK.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
        .headers_mut()
        .insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    log_client(response, &client.id)
}
