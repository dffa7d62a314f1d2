//! The authorization endpoint (RFC 6749 section 4.1.1, OpenID Connect Core 3.1.2) and the
//! login and consent forms that finish a request. Before the client and its redirect URI
//! are trusted, errors are an HTML page; after, they go back to the client in the
//! request's response mode with `state` and `iss` (RFC 9207).

mod object;
mod request;
mod response;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::config::Client;
use super::error::{html, log_client, PageError};
use super::issue::{self, Holder};
use super::params;
use super::store::{CodeGrant, Issue, Pending, Session};
use super::{now, pages, random_token, App};
use crate::protocol::ErrorCode;
pub use request::CODE_CHALLENGE_METHODS;
pub use request::{pending_request, Refusal};
use response::to_client;

pub const SESSION_COOKIE: &str = "oauthctl_session";

pub async fn authorize(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.as_deref().unwrap_or("");
    let found = match super::par::pushed_request(&app, query) {
        Some(found) => found,
        None => pending_request(&app, query, false),
    };
    let pending = match found {
        Ok(pending) => pending,
        Err(Refusal::Page(page)) => return page.into_response(),
        Err(Refusal::Redirect(r)) => {
            return response::error(&app, &r.to, r.code, &r.description, StatusCode::FOUND)
        }
    };
    let request_id = random_token(16);
    if let Err(e) = app
        .store
        .add_pending(request_id.clone(), pending.clone(), now())
    {
        return response::error(&app, &pending, e.code(), e.description(), StatusCode::FOUND);
    }
    proceed(
        &app,
        &request_id,
        session_of(&app, &headers),
        false,
        StatusCode::FOUND,
    )
}

fn session_of(app: &App, headers: &HeaderMap) -> Option<(String, Session)> {
    let id = params::cookie(headers, SESSION_COOKIE)?;
    let session = app.store.session(&id, now())?;
    Some((id, session))
}

/// Continue a pending request: log in, ask for consent, or issue the response.
fn proceed(
    app: &App,
    request_id: &str,
    session: Option<(String, Session)>,
    just_logged_in: bool,
    status: StatusCode,
) -> Response {
    let now = now();
    let Some(pending) = app.store.pending(request_id, now) else {
        return expired();
    };
    let client = app
        .client(&pending.client_id)
        .expect("pending requests name known clients");
    let prompt = pending.prompt;
    let session = match session {
        Some((_, s)) if just_logged_in || session_answers(app, client, &pending, &s, now) => s,
        _ if prompt.none => {
            app.store.take_pending(request_id, now);
            return response::error(
                app,
                &pending,
                ErrorCode::LoginRequired,
                "the user is not signed in, or must sign in again for this request",
                status,
            );
        }
        _ => {
            let page = pages::login(
                &app.base_path,
                &client.name,
                request_id,
                pending.login_hint.as_deref(),
                None,
            );
            return log_client(html(StatusCode::OK, page), &client.id);
        }
    };
    let consented = app
        .store
        .has_consent(&session.username, &client.id, &pending.scope);
    let needs_consent =
        prompt.consent || !(client.auto_approve || app.settings.auto_approve || consented);
    if needs_consent {
        if prompt.none {
            app.store.take_pending(request_id, now);
            return response::error(
                app,
                &pending,
                ErrorCode::ConsentRequired,
                "the user has not approved this client",
                status,
            );
        }
        return log_client(
            html(
                StatusCode::OK,
                pages::consent(
                    &app.base_path,
                    &client.name,
                    &session.username,
                    &asks(&pending),
                    request_id,
                    &session.csrf,
                ),
            ),
            &client.id,
        );
    }
    finish(app, request_id, &session, status)
}

/// Whether an existing session may answer a request without signing in again: the request
/// does not force a login (`prompt=login`, `max_age=0`), the sign-in is no older than
/// `max_age` (Core 3.1.2.1), and the user is the one an `id_token_hint` names.
fn session_answers(
    app: &App,
    client: &Client,
    pending: &Pending,
    session: &Session,
    now: i64,
) -> bool {
    let recent = match pending.max_age {
        None => true,
        Some(0) => false,
        Some(max_age) => now - session.auth_time <= max_age,
    };
    let hinted_user = match &pending.hinted_subject {
        None => true,
        Some(sub) => app
            .user(&session.username)
            .is_some_and(|user| user.subject_for(client) == *sub),
    };
    !pending.prompt.forces_login() && recent && hinted_user
}

/// What the consent page lists: the scopes, then the resources (RFC 8707) and the types of
/// the authorization details (RFC 9396) the request names.
fn asks(pending: &Pending) -> Vec<String> {
    let mut asks = pending.scope.clone();
    asks.extend(pending.resources.iter().map(|r| format!("access to {r}")));
    let types = pending
        .details
        .as_ref()
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
        .filter_map(|item| item.get("type").and_then(|t| t.as_str()));
    asks.extend(types.map(|t| format!("authorization details: {t}")));
    asks
}

fn expired() -> Response {
    PageError::new("This sign-in request has expired; start again from the application.")
        .into_response()
}

/// Issue the code (or, for an implicit client, the token) and redirect back. The pending
/// request is taken from the store first: of two racing finishes, one gets nothing.
fn finish(app: &App, request_id: &str, session: &Session, status: StatusCode) -> Response {
    let now = now();
    let Some(pending) = app.store.take_pending(request_id, now) else {
        return PageError::new(
            "This sign-in request was already completed or has expired; start again from the application.",
        )
        .into_response();
    };
    let client = app.client(&pending.client_id).expect("known client");
    if pending.response_type == "token" {
        return implicit(app, client, &pending, session, status, now);
    }
    let code = random_token(32);
    let grant = CodeGrant {
        client_id: client.id.clone(),
        redirect_uri: pending.redirect_uri.clone(),
        code_challenge: pending.code_challenge.clone(),
        scope: pending.scope.clone(),
        nonce: pending.nonce.clone(),
        username: session.username.clone(),
        auth_time: session.auth_time,
        resources: pending.resources.clone(),
        details: pending.details.clone(),
        dpop_jkt: pending.dpop_jkt.clone(),
        expires: now + client.code_lifetime as i64,
    };
    if let Err(e) = app.store.add_code(code.clone(), grant, now) {
        return response::error(app, &pending, e.code(), e.description(), status);
    }
    to_client(app, &pending, vec![("code", code.as_str())], status)
}

/// The implicit grant (RFC 6749 section 4.2), for clients configured to allow it.
fn implicit(
    app: &App,
    client: &Client,
    pending: &Pending,
    session: &Session,
    status: StatusCode,
    now: i64,
) -> Response {
    let user = app
        .user(&session.username)
        .expect("sessions name known users");
    let sub = user.subject_for(client);
    let holder = Holder {
        sub: &sub,
        username: Some(&session.username),
        scope: &pending.scope,
        resources: &pending.resources,
        details: None,
        jkt: None,
    };
    let planned = issue::access_token(app, client, &holder, now);
    let issued = app
        .store
        .issue(
            Issue {
                access: planned.record.clone(),
                refresh: None,
            },
            now,
        )
        .and_then(|_| planned.sign(app));
    let token = match issued {
        Ok(token) => token,
        Err(e) => return response::error(app, pending, e.code(), e.description(), status),
    };
    let expires = client.access_token_lifetime.to_string();
    let params = vec![
        ("access_token", token.as_str()),
        ("token_type", "Bearer"),
        ("expires_in", expires.as_str()),
    ];
    to_client(app, pending, params, status)
}

pub async fn login(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let Ok(params) = params::form(&body) else {
        return PageError::new("The form is malformed.").into_response();
    };
    let request_id = params::get(&params, "request_id");
    let now = now();
    let Some(pending) = app.store.pending(request_id, now) else {
        return expired();
    };
    let client = app.client(&pending.client_id).expect("known client");
    let (username, password) = params::credentials(&params);
    let valid = app
        .user(username)
        .is_some_and(|u| u.password.matches(password.as_bytes()));
    if !valid {
        return log_client(
            // Not 401: that status promises a WWW-Authenticate challenge (RFC 9110 15.5.2),
            // and a form is not an HTTP authentication scheme.
            html(
                StatusCode::BAD_REQUEST,
                pages::login(
                    &app.base_path,
                    &client.name,
                    request_id,
                    Some(username),
                    Some("Wrong username or password."),
                ),
            ),
            &client.id,
        );
    }
    let session = Session {
        username: username.to_string(),
        auth_time: now,
        csrf: random_token(16),
        expires: now + app.store.limits().session_lifetime,
    };
    let session_id = random_token(32);
    if let Err(e) = app
        .store
        .add_session(session_id.clone(), session.clone(), now)
    {
        return e.for_client(&client.id).into_response();
    }
    let mut response = proceed(
        &app,
        request_id,
        Some((session_id.clone(), session)),
        true,
        StatusCode::SEE_OTHER,
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Lax"
    )) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

pub async fn consent(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(params) = params::form(&body) else {
        return PageError::new("The form is malformed.").into_response();
    };
    let request_id = params::get(&params, "request_id");
    let Some(pending) = app.store.pending(request_id, now()) else {
        return PageError::new("This request has expired; start again from the application.")
            .into_response();
    };
    let Some((_, session)) = session_of(&app, &headers) else {
        return PageError::new("You are not signed in.").into_response();
    };
    let csrf = params::get(&params, "csrf");
    if !super::config::secrets_equal(session.csrf.as_bytes(), csrf.as_bytes()) {
        return PageError::new("The form is stale or forged; start again from the application.")
            .into_response();
    }
    if params::get(&params, "decision") != "approve" {
        if app.store.take_pending(request_id, now()).is_none() {
            return expired();
        }
        return response::error(
            &app,
            &pending,
            ErrorCode::AccessDenied,
            "the user denied the request",
            StatusCode::SEE_OTHER,
        );
    }
    app.store
        .record_consent(&session.username, &pending.client_id, &pending.scope);
    finish(&app, request_id, &session, StatusCode::SEE_OTHER)
}
