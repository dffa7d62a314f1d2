//! Authorization responses, success or error, sent back to the client's redirect URI in
//! the request's response mode: query, fragment (Multiple Response Types section 2) or an
//! auto-submitted form (Form Post Response Mode). Every one carries `state` when the
//! request had one and `iss` (RFC 9207).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::super::error::{html, log_client};
use super::super::pages;
use super::super::store::Pending;
use super::super::App;
use crate::protocol::url::with_query;
use crate::protocol::{ErrorCode, ResponseMode};

/// A redirect that no cache keeps.
fn redirect(location: &str, status: StatusCode) -> Response {
    let mut response = status.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Send `params` (then `state` and `iss`) to the request's redirect URI; `status` is the
/// redirect's (302 from a GET, 303 after a form), a form post is a 200 page.
pub fn to_client<'a>(
    app: &'a App,
    to: &'a Pending,
    mut params: Vec<(&'a str, &'a str)>,
    status: StatusCode,
) -> Response {
    if let Some(state) = &to.state {
        params.push(("state", state));
    }
    params.push(("iss", &app.issuer));
    let secured = match to
        .response_mode
        .is_jwt()
        .then(|| jwt_response(app, to, &params))
    {
        None => None,
        Some(Ok(jwt)) => Some(jwt),
        Some(Err(e)) => {
            let text = format!("the response could not be signed: {}\n", e.message);
            return (StatusCode::INTERNAL_SERVER_ERROR, text).into_response();
        }
    };
    let params: Vec<(&str, &str)> = match &secured {
        Some(jwt) => vec![("response", jwt.as_str())],
        None => params,
    };
    let response = match to.response_mode.transport() {
        ResponseMode::Query => redirect(&with_query(&to.redirect_uri, &params), status),
        ResponseMode::Fragment => {
            let fragment = serde_urlencoded::to_string(&params).unwrap_or_default();
            redirect(&format!("{}#{fragment}", to.redirect_uri), status)
        }
        _ => html(StatusCode::OK, pages::form_post(&to.redirect_uri, &params)),
    };
    log_client(response, &to.client_id)
}

/// How long a JWT-secured response is good for: the browser's trip to the client.
const JARM_LIFETIME: i64 = 120;

/// JARM (JWT Secured Authorization Response Mode, section 2): the parameters as the
/// claims of a JWT signed with the server's key, for the client (`aud`), short-lived.
fn jwt_response(app: &App, to: &Pending, params: &[(&str, &str)]) -> crate::error::Result<String> {
    let now = super::super::now();
    let mut claims = serde_json::Map::new();
    for (name, value) in params {
        claims.insert((*name).into(), (*value).into());
    }
    claims.insert("aud".into(), to.client_id.clone().into());
    claims.insert("exp".into(), (now + JARM_LIFETIME).into());
    claims.insert("iat".into(), now.into());
    let mut header = serde_json::Map::new();
    if let Some(kid) = &app.signing_kid {
        header.insert("kid".into(), kid.clone().into());
    }
    crate::jwt::token::mint(&app.signer, &header, &claims)
}

/// An error response (RFC 6749 section 4.1.2.1).
pub fn error(
    app: &App,
    to: &Pending,
    code: ErrorCode,
    description: &str,
    status: StatusCode,
) -> Response {
    let params = vec![("error", code.as_str()), ("error_description", description)];
    to_client(app, to, params, status)
}
