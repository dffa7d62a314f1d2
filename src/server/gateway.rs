//! Protected resources: serve plays the API gateway. A request passes with a bearer token
//! that the strict verifier of `token verify` accepts against the path's trusted keys and
//! claim rules; serve's own tokens must also still be live in its store (revocation
//! applies). Failures are RFC 6750 section 3 challenges; a pass is answered with a fixed
//! body or relayed to an upstream.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::config::{Action, Protected};
use super::dpop::{self, Refusal};
use super::error::log_client;
use super::params::MAX_BODY;
use super::proxy::{self, Incoming};
use super::{now, App};
use crate::error::Result;
use crate::jwt::claims::Policy;
use crate::jwt::token::KeyRing;
use crate::keys::Key;

/// A protected path with the keys it verifies with.
pub struct Guard {
    pub resource: Protected,
    ring: KeyRing,
}

impl Guard {
    /// `serve_keys` are serve's public signing keys, trusted where the path says so.
    pub fn new(resource: Protected, serve_keys: &[Key]) -> Result<Guard> {
        let mut keys = resource.keys.clone();
        if resource.serve_keys {
            keys.extend(serve_keys.iter().cloned());
        }
        // One key: tokens without a `kid` (the gateway demo's) verify with it.
        let single = keys.len() == 1;
        let ring = KeyRing::new(keys, single, &resource.algorithms)?;
        Ok(Guard { resource, ring })
    }

    fn policy(&self, app: &App) -> Policy {
        let r = &self.resource;
        Policy {
            now: now(),
            leeway: r.leeway,
            issuer: if r.own_issuer {
                Some(app.issuer.clone())
            } else {
                r.issuer.clone()
            },
            audiences: r.audiences.clone(),
            required: r.required.clone(),
            expected: r.expected.clone(),
            ..Policy::default()
        }
    }

    /// The claims of the request's token, or why it is refused. A token bound to a DPoP
    /// key (`cnf.jkt`) passes only with the DPoP scheme and a proof by that key for this
    /// request (RFC 9449 section 7); an unbound one only as a bearer token.
    pub fn check(
        &self,
        app: &App,
        headers: &HeaderMap,
        (method, url): (&str, &str),
    ) -> std::result::Result<Map<String, Value>, Denial> {
        let value = headers
            .get(header::AUTHORIZATION)
            .ok_or(Denial::Missing)?
            .to_str()
            .map_err(|_| Denial::Invalid("the Authorization header is not text".to_string()))?;
        let dpop_token = dpop::dpop_token(headers);
        let token = match dpop_token {
            Some(token) => token,
            None => self.token_in(value).map_err(Denial::Invalid)?,
        };
        let claims = self.claims(app, token).map_err(Denial::Invalid)?;
        let bound = claims
            .get("cnf")
            .and_then(|cnf| cnf.get("jkt"))
            .and_then(Value::as_str);
        match (dpop_token.is_some(), bound) {
            (false, None) => Ok(claims),
            (false, Some(_)) => Err(Denial::Invalid(super::resource::BOUND_AS_BEARER.into())),
            (true, None) => Err(Denial::Dpop(Refusal::Invalid(dpop::NOT_BOUND.into()))),
            (true, Some(jkt)) => {
                let client_id = claims.get("client_id").and_then(Value::as_str);
                dpop::at_resource(app, headers, (method, url), (token, jkt), client_id)
                    .map_err(Denial::Dpop)?;
                Ok(claims)
            }
        }
    }

    /// The verified claims of a token, or why it does not verify.
    fn claims(&self, app: &App, token: &str) -> std::result::Result<Map<String, Value>, String> {
        if token.matches('.').count() != 2 {
            return self.own_opaque(app, token);
        }
        let verified = self
            .ring
            .verify(token, &self.policy(app))
            .map_err(|e| e.message)?;
        let claims = verified.claims;
        // serve's own tokens count only while its store holds them (revocation applies).
        if claims.get("iss").and_then(Value::as_str) == Some(app.issuer.as_str()) {
            let live = claims
                .get("jti")
                .and_then(Value::as_str)
                .is_some_and(|jti| app.store.active_access(jti, now()).is_some());
            if !live {
                return Err(
                    "the token was issued by this server and is revoked or unknown to it".into(),
                );
            }
        }
        Ok(claims)
    }

    /// One of serve's opaque access tokens: accepted where serve's keys are trusted and no
    /// claim rule asks for what an opaque token cannot show.
    fn own_opaque(
        &self,
        app: &App,
        token: &str,
    ) -> std::result::Result<Map<String, Value>, String> {
        let r = &self.resource;
        let rules = r.issuer.is_some()
            || !r.audiences.is_empty()
            || !r.required.is_empty()
            || !r.expected.is_empty();
        if !r.serve_keys || rules {
            return Err("the token is not a JWT".into());
        }
        let live = super::resource::access_record(app, token)
            .ok_or_else(|| "the token is not a live access token of this server".to_string())?;
        let mut claims = Map::new();
        claims.insert("client_id".into(), live.record.client_id.into());
        claims.insert("sub".into(), live.record.sub.into());
        if let Some(jkt) = live.record.jkt {
            claims.insert("cnf".into(), serde_json::json!({ "jkt": jkt }));
        }
        Ok(claims)
    }

    /// The token of an `Authorization` value in a form this path accepts.
    fn token_in<'a>(&self, value: &'a str) -> std::result::Result<&'a str, String> {
        let forms = self.resource.forms;
        let rest = value
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("bearer "))
            .map(|_| value[7..].trim())
            .ok_or("use the Bearer scheme: Authorization: Bearer <token>")?;
        if let Some(quoted) = rest.strip_prefix("id_token=") {
            if !forms.id_token {
                return Err("this path does not accept the id_token=\"<jwt>\" form".into());
            }
            let inner = quoted
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .unwrap_or(quoted);
            return Ok(inner);
        }
        if !forms.bearer {
            return Err("this path accepts only the Bearer id_token=\"<jwt>\" form".into());
        }
        Ok(rest)
    }
}

/// Why a protected path refused a request.
pub enum Denial {
    /// No credentials at all.
    Missing,
    /// A token that does not pass, and why.
    Invalid(String),
    /// A DPoP proof that does not hold.
    Dpop(Refusal),
}

impl Denial {
    fn into_response(self) -> Response {
        match self {
            Denial::Missing => challenge(None),
            Denial::Invalid(why) => challenge(Some(&why)),
            Denial::Dpop(refusal) => refusal.at_resource(),
        }
    }
}

/// A reason fit for a challenge's quoted `error_description`: printable ASCII without
/// quotes or backslashes, at most 300 characters, so that the header stays well-formed.
pub fn quotable(reason: &str) -> String {
    reason
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| *c != '"' && *c != '\\')
        .take(300)
        .collect()
}

/// RFC 6750 section 3: no credentials get a bare challenge, bad ones `invalid_token` with
/// the reason (quotes and non-ASCII left out so that the header stays well-formed).
pub fn challenge(reason: Option<&str>) -> Response {
    let value = match reason {
        None => "Bearer realm=\"oauthctl\"".to_string(),
        Some(reason) => {
            let clean = quotable(reason);
            format!(
                "Bearer realm=\"oauthctl\", error=\"invalid_token\", error_description=\"{clean}\""
            )
        }
    };
    let text = match reason {
        None => "a bearer token is required\n".to_string(),
        Some(reason) => format!("invalid token: {reason}\n"),
    };
    let mut response = (StatusCode::UNAUTHORIZED, text).into_response();
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// The handler of the protected path `index`.
pub async fn guarded(app: Arc<App>, index: usize, request: Request) -> Response {
    let guard = &app.guards[index];
    let (parts, body) = request.into_parts();
    let url = format!("{}{}", app.issuer, parts.uri.path());
    let claims = match guard.check(&app, &parts.headers, (parts.method.as_str(), &url)) {
        Ok(claims) => claims,
        Err(denial) => return denial.into_response(),
    };
    let client = claims
        .get("client_id")
        .or_else(|| claims.get("sub"))
        .and_then(Value::as_str)
        .unwrap_or("-")
        .to_string();
    let response = match &guard.resource.action {
        Action::Respond(text) => {
            let mut response = (StatusCode::OK, text.clone()).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            response
        }
        Action::Forward(upstream) => {
            let body = match axum::body::to_bytes(body, MAX_BODY).await {
                Ok(body) => body,
                Err(_) => {
                    return (StatusCode::PAYLOAD_TOO_LARGE, "the body is too large\n")
                        .into_response()
                }
            };
            let below = parts
                .uri
                .path()
                .strip_prefix(guard.resource.path.as_str())
                .unwrap_or("");
            let rest = match parts.uri.query() {
                Some(query) => format!("{below}?{query}"),
                None => below.to_string(),
            };
            let peer = parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0);
            let incoming = Incoming {
                method: parts.method,
                rest,
                headers: parts.headers,
                body,
                peer,
            };
            proxy::forward(upstream.clone(), incoming).await
        }
    };
    log_client(response, &client)
}

/// The routes of every protected path (the path itself and anything below it).
pub fn routes(app: &App) -> axum::Router<Arc<App>> {
    let mut router = axum::Router::new();
    for (index, guard) in app.guards.iter().enumerate() {
        let handler =
            move |State(app): State<Arc<App>>, request: Request| guarded(app, index, request);
        let path = &guard.resource.path;
        router = router
            .route(path, axum::routing::any(handler))
            .route(&format!("{path}/{{*rest}}"), axum::routing::any(handler));
    }
    router
}
