//! The server's routes and the layers every request passes: a body cap checked before
//! reading, and the request log (method, path, status, time, client; never a query,
//! since queries carry codes and states).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::error::{LoggedClient, OAuthError};
use super::params::MAX_BODY;
use super::{authorize, demo, device, gateway, metadata, par, resource, token, App};
use crate::protocol::ErrorCode;

/// Every endpoint under the issuer's path; discovery also where RFC 8414 section 3.1 puts
/// it for an issuer with a path (`/.well-known/oauth-authorization-server{path}`).
pub fn router(app: Arc<App>) -> Router {
    let base = app.base_path.clone();
    let mut routes = endpoints().merge(gateway::routes(&app));
    if app.settings.demo_tokens.is_some() {
        routes = routes
            .route("/token", get(demo::issue).post(token::token))
            .route("/check", get(demo::check));
    } else {
        routes = routes.route("/token", post(token::token));
    }
    let routes = if base.is_empty() {
        routes
    } else {
        Router::new()
            .nest(&base, routes)
            .route(
                &format!("/.well-known/oauth-authorization-server{base}"),
                get(metadata::metadata),
            )
            .route(
                &format!("/.well-known/openid-configuration{base}"),
                get(metadata::metadata),
            )
    };
    routes
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(refuse_large_bodies))
        .layer(middleware::from_fn_with_state(app.clone(), log_request))
        .with_state(app)
}

fn endpoints() -> Router<Arc<App>> {
    Router::new()
        .route("/.well-known/openid-configuration", get(metadata::metadata))
        .route(
            "/.well-known/oauth-authorization-server",
            get(metadata::metadata),
        )
        .route("/jwks", get(metadata::jwks))
        .route("/authorize", get(authorize::authorize))
        .route("/login", post(authorize::login))
        .route("/consent", post(authorize::consent))
        .route(
            "/userinfo",
            get(resource::userinfo).post(resource::userinfo),
        )
        .route("/me", get(resource::userinfo).post(resource::userinfo))
        .route("/introspect", post(resource::introspect))
        .route("/par", post(par::push))
        .route("/revoke", post(resource::revoke))
        .route("/device_authorization", post(device::device_authorization))
        .route("/device", get(device::page).post(device::submit))
}

/// Refuse a body announced as too large without reading it all; bodies without a length
/// are still capped while read (DefaultBodyLimit).
async fn refuse_large_bodies(request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|len| len > MAX_BODY as u64) {
        // Take in what has already arrived (a bounded amount, for a short while) before
        // answering and closing: closing a socket with unread data resets the connection,
        // and the client may then lose the 413 it was sent.
        let drain = axum::body::to_bytes(request.into_body(), MAX_BODY);
        let _ = tokio::time::timeout(std::time::Duration::from_millis(200), drain).await;
        let mut response = OAuthError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::InvalidRequest,
            "the request body is too large",
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    next.run(request).await
}

async fn log_request(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    // The path only: queries carry codes and states.
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let client = response
        .extensions()
        .get::<LoggedClient>()
        .map_or("-", |c| c.0.as_str());
    (app.log)(&format!(
        "{method} {path} {} {:.1}ms client_id={client}",
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    ));
    response
}
