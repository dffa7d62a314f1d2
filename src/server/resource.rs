//! The resource side: userinfo (OpenID Connect Core 5.3), introspection (RFC 7662),
//! revocation (RFC 7009). An access token counts only if its signature and claims verify
//! and the store still holds it.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::client_auth::{Authenticated, INTROSPECTION_METHODS};
use super::config::AccessTokenFormat;
use super::dpop::Refusal;
use super::error::{log_client, no_store_json, OAuthError};
use super::issue::claims_for_scopes;
use super::params;
use super::store::AccessRecord;
use super::{now, App};
use crate::jwt::claims::Policy;
use crate::protocol::scope;

/// An access token of ours that is live: its store key (`jti`), its record, and whether
/// it is opaque (its key is then the token itself).
pub struct Live {
    pub jti: String,
    pub record: AccessRecord,
    pub opaque: bool,
}

/// A valid, unrevoked access token of ours, from `Authorization: Bearer <jwt>` or the
/// gateway's `Bearer id_token="<jwt>"`.
fn bearer(app: &App, headers: &HeaderMap) -> Option<Live> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    if !value.get(..7)?.eq_ignore_ascii_case("bearer ") {
        return None;
    }
    let token = crate::jwt::token::extract(value);
    access_record(app, token)
}

/// A JWT access token (RFC 9068 or plain, per client) whose signature and claims verify
/// and that the store still holds, or an opaque one the store holds. ID tokens and
/// refresh tokens are not in the access store, so they never pass.
pub fn access_record(app: &App, token: &str) -> Option<Live> {
    let now = now();
    if token.matches('.').count() != 2 {
        let record = app.store.active_access(token, now)?;
        return (app.client(&record.client_id)?.access_token_format == AccessTokenFormat::Opaque)
            .then(|| Live {
                jti: token.to_string(),
                record,
                opaque: true,
            });
    }
    let policy = Policy {
        now,
        leeway: 0,
        issuer: Some(app.issuer.clone()),
        ..Policy::default()
    };
    let verified = app.verifier.verify(token, &policy).ok()?;
    let typ = verified.header.get("typ").and_then(Value::as_str);
    if !matches!(typ, Some("at+jwt") | Some("JWT")) {
        return None;
    }
    let jti = verified.claims.get("jti")?.as_str()?.to_string();
    let record = app.store.active_access(&jti, now)?;
    Some(Live {
        jti,
        record,
        opaque: false,
    })
}

/// The access token of the `Authorization` header: with the Bearer scheme an unbound
/// token, with the DPoP scheme a bound one and its proof (RFC 9449 section 7). A bound
/// token presented as a bearer token is refused: that is what binding is for.
fn header_token(
    app: &App,
    headers: &HeaderMap,
    method: &str,
    url: &str,
) -> Result<Live, TokenRefusal> {
    let Some(token) = super::dpop::dpop_token(headers) else {
        let live = bearer(app, headers).ok_or(TokenRefusal::Invalid)?;
        if live.record.jkt.is_some() {
            return Err(TokenRefusal::Bound(BOUND_AS_BEARER));
        }
        return Ok(live);
    };
    let live = access_record(app, token).ok_or(TokenRefusal::Invalid)?;
    let Some(jkt) = live.record.jkt.as_deref() else {
        return Err(TokenRefusal::Dpop(Refusal::Invalid(
            super::dpop::NOT_BOUND.into(),
        )));
    };
    let client_id = Some(live.record.client_id.as_str());
    super::dpop::at_resource(app, headers, (method, url), (token, jkt), client_id)
        .map_err(TokenRefusal::Dpop)?;
    Ok(live)
}

pub const BOUND_AS_BEARER: &str = "this access token is DPoP-bound: present it with the DPoP \
                                   scheme and a proof (RFC 9449 section 7), not as a bearer token";

/// RFC 6750 section 3.1.
fn invalid_token() -> Response {
    let mut response = (StatusCode::UNAUTHORIZED, "invalid token\n").into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"oauthctl\", error=\"invalid_token\""),
    );
    response
}

/// Why a resource request's token is refused: RFC 6750 section 3.1's `invalid_token`
/// (401) or `invalid_request` (400).
enum TokenRefusal {
    Invalid,
    Request(&'static str),
    /// A DPoP proof that does not hold (RFC 9449 section 7.1).
    Dpop(Refusal),
    /// A bound token used without its proof.
    Bound(&'static str),
}

impl TokenRefusal {
    fn into_response(self) -> Response {
        match self {
            TokenRefusal::Invalid => invalid_token(),
            TokenRefusal::Request(why) => OAuthError::invalid_request(why).into_response(),
            TokenRefusal::Dpop(refusal) => refusal.at_resource(),
            TokenRefusal::Bound(why) => super::dpop::challenge("invalid_token", Some(why), None),
        }
    }
}

/// The access token of a userinfo request: the `Authorization` header, or for a client
/// with the legacy switch on, `access_token` in the query or a form body (RFC 6750 2.2,
/// 2.3). Using more than one way is `invalid_request` (RFC 6750 section 2).
fn userinfo_token(
    app: &App,
    headers: &HeaderMap,
    (method, url): (&str, &str),
    query: Option<&str>,
    body: &[u8],
) -> Result<Live, TokenRefusal> {
    let from_query = query
        .and_then(|q| params::parse(q).ok())
        .and_then(|p| p.get("access_token").cloned());
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let from_body = is_form
        .then(|| {
            std::str::from_utf8(body)
                .ok()
                .and_then(|b| params::parse(b).ok())
        })
        .flatten()
        .and_then(|p| p.get("access_token").cloned());
    let in_header = headers.contains_key(header::AUTHORIZATION);
    let ways = usize::from(in_header)
        + usize::from(from_query.is_some())
        + usize::from(from_body.is_some());
    if ways > 1 {
        return Err(TokenRefusal::Request("send the access token one way only"));
    }
    let Some(token) = from_query.or(from_body) else {
        return header_token(app, headers, method, url);
    };
    let live = access_record(app, &token).ok_or(TokenRefusal::Invalid)?;
    if live.record.jkt.is_some() {
        return Err(TokenRefusal::Bound(BOUND_AS_BEARER));
    }
    let allowed = app
        .client(&live.record.client_id)
        .is_some_and(|c| c.legacy.token_in_query_or_body);
    if !allowed {
        return Err(TokenRefusal::Request(
            "send the access token in the Authorization header (RFC 6750 section 2.1); this \
             client may not use the query or a form body",
        ));
    }
    Ok(live)
}

pub async fn userinfo(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let url = format!("{}{}", app.issuer, uri.path());
    let presented = userinfo_token(
        &app,
        &headers,
        (method.as_str(), &url),
        query.as_deref(),
        &body,
    );
    let record = match presented {
        Ok(live) => live.record,
        Err(refusal) => return refusal.into_response(),
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
    let body = if let Some(Live {
        jti,
        record,
        opaque,
        ..
    }) = access_record(&app, token)
    {
        let mut body = json!({
            "active": true,
            "token_type": super::issue::token_type(record.jkt.is_some()),
            "scope": scope::join(&record.scope),
            "client_id": record.client_id,
            "sub": record.sub,
            "aud": record.aud,
            "iss": app.issuer,
            "exp": record.exp,
            "iat": record.iat,
        });
        // An opaque token's store key is the token itself: never echoed.
        if !opaque {
            body["jti"] = jti.into();
        }
        if let Some(u) = &record.username {
            body["username"] = u.clone().into();
        }
        if let Some(details) = &record.details {
            body["authorization_details"] = details.clone();
        }
        if let Some(jkt) = &record.jkt {
            body["cnf"] = json!({ "jkt": jkt });
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
    if let Some(live) = access_record(&app, token) {
        app.store.revoke_access(&live.jti, &client.id);
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
