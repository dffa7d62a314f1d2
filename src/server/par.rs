//! Pushed authorization requests (RFC 9126): a client posts its authorization request,
//! authenticated, and gets a one-time `request_uri` that it then sends to the
//! authorization endpoint with its `client_id`. The pushed request is checked exactly as a
//! query would be, and kept as a pending request with a short lifetime.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::authorize::{pending_request, Refusal};
use super::client_auth::Authenticated;
use super::error::{log_client, no_store_json, OAuthError, PageError};
use super::store::Pending;
use super::{now, params, random_token, App};

/// The prefix of the `request_uri`s serve issues (RFC 9126 section 2.2).
pub const REQUEST_URI_PREFIX: &str = "urn:ietf:params:oauth:request_uri:";
/// Client authentication parameters, not part of the authorization request.
const AUTH_PARAMS: [&str; 3] = ["client_secret", "client_assertion", "client_assertion_type"];

/// The store key of a pushed request: kept apart from the ids of login forms.
fn key(id: &str) -> String {
    format!("par:{id}")
}

pub async fn push(State(app): State<Arc<App>>, request: Authenticated) -> Response {
    let client = request.client(&app);
    let answer = super::token::proven_key(&app, client, &request)
        .and_then(|jkt| pushed(&app, &client.id, &request.params, jkt));
    match answer {
        Ok(response) => log_client(response, &client.id),
        Err(e) => e.for_client(&client.id).into_response(),
    }
}

/// `jkt`: the key of a DPoP proof sent with the push, which binds the code like
/// `dpop_jkt` does (RFC 9449 section 10.1).
fn pushed(
    app: &App,
    client_id: &str,
    form: &params::Params,
    jkt: Option<String>,
) -> Result<Response, OAuthError> {
    if form.get("client_id").is_some_and(|id| id != client_id) {
        return Err(OAuthError::invalid_request(
            "client_id does not match the authenticated client",
        ));
    }
    let mut pairs: Vec<(String, String)> = form
        .pairs()
        .filter(|(name, _)| !AUTH_PARAMS.contains(&name.as_str()) && name.as_str() != "client_id")
        .collect();
    pairs.push(("client_id".into(), client_id.into()));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let mut pending = pending_request(app, &query, true).map_err(|refusal| match refusal {
        Refusal::Page(page) => {
            OAuthError::new(StatusCode::BAD_REQUEST, page.code(), page_text(&page))
        }
        Refusal::Redirect(r) => OAuthError::new(StatusCode::BAD_REQUEST, r.code, r.description),
    })?;
    if let Some(jkt) = jkt {
        if pending.dpop_jkt.as_ref().is_some_and(|named| *named != jkt) {
            return Err(OAuthError::invalid_request(
                "dpop_jkt is not the thumbprint of the DPoP proof's key",
            ));
        }
        pending.dpop_jkt = Some(jkt);
    }
    let now = now();
    // A short wait for the browser (RFC 9126 section 2.2 suggests seconds, not minutes).
    let lifetime = app.store.limits().par_lifetime;
    pending.expires = now + lifetime;
    let id = random_token(32);
    app.store.add_pending(key(&id), pending, now)?;
    let mut response = no_store_json(json!({
        "request_uri": format!("{REQUEST_URI_PREFIX}{id}"),
        "expires_in": lifetime,
    }));
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

fn page_text(page: &PageError) -> String {
    page.message().trim_end_matches('.').to_string()
}

/// The pushed request an authorization request names by `request_uri`, taken from the
/// store (it works once), when the query names one of serve's; `None` otherwise. Only
/// `client_id` is read beside it: the pushed parameters are the request.
pub fn pushed_request(app: &App, query: &str) -> Option<Result<Pending, Refusal>> {
    let pairs = params::pairs(query).ok()?;
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let id = get("request_uri")?.strip_prefix(REQUEST_URI_PREFIX)?;
    let refuse = |text: &str| Some(Err(Refusal::Page(PageError::new(text))));
    let Some(client_id) = get("client_id") else {
        return refuse("The request must carry the client_id that pushed it.");
    };
    let Some(mut pending) = app.store.take_pending(&key(id), now()) else {
        return refuse("The request_uri is unknown, expired or already used; start again from the application.");
    };
    if pending.client_id != client_id {
        return refuse("The request_uri was pushed by another client.");
    }
    pending.expires = now() + app.store.limits().pending_lifetime;
    Some(Ok(pending))
}
