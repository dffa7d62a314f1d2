//! The authorization endpoint (RFC 6749 section 4.1.1, OpenID Connect Core 3.1.2) and the
//! login and consent forms that finish a request. Before the client and its redirect URI
//! are trusted, errors are an HTML page; after, they go back to the client by redirect
//! (RFC 6749 section 4.1.2.1) with `state` and `iss` (RFC 9207).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::config::Client;
use super::error::{html, log_client, PageError};
use super::issue::{self, Holder};
use super::params::{self, MAX_STORED_VALUE};
use super::store::{CodeGrant, Issue, Pending, Session};
use super::{now, pages, random_token, App};
use crate::protocol::url::{loopback_equal_but_port, with_query};
use crate::protocol::{pkce, scope, ErrorCode};

pub const SESSION_COOKIE: &str = "oauthctl_session";

/// Why an authorization request is refused.
enum Refusal {
    /// The client or redirect URI is not trusted: show a page, never redirect.
    Page(PageError),
    /// Tell the client, at its redirect URI.
    Redirect(Box<Redirect>),
}

struct Redirect {
    to: Pending,
    code: ErrorCode,
    description: String,
}

impl Refusal {
    fn redirect(to: &Pending, code: ErrorCode, description: impl Into<String>) -> Refusal {
        Refusal::Redirect(Box::new(Redirect {
            to: to.clone(),
            code,
            description: description.into(),
        }))
    }

    fn respond(self, app: &App, status: StatusCode) -> Response {
        match self {
            Refusal::Page(page) => page.into_response(),
            Refusal::Redirect(r) => redirect_error(app, &r.to, r.code, &r.description, status),
        }
    }
}

impl From<PageError> for Refusal {
    fn from(page: PageError) -> Refusal {
        Refusal::Page(page)
    }
}

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

fn redirect_error(
    app: &App,
    pending: &Pending,
    code: ErrorCode,
    description: &str,
    status: StatusCode,
) -> Response {
    let mut params = vec![("error", code.as_str()), ("error_description", description)];
    if let Some(state) = &pending.state {
        params.push(("state", state));
    }
    params.push(("iss", &app.issuer));
    log_client(
        redirect(&with_query(&pending.redirect_uri, &params), status),
        &pending.client_id,
    )
}

/// Exact match, except that a registered loopback http URI accepts any port
/// (RFC 8252 section 7.3).
fn redirect_allowed(client: &Client, requested: &str) -> bool {
    client
        .redirect_uris
        .iter()
        .any(|registered| registered == requested || loopback_equal_but_port(registered, requested))
}

pub async fn authorize(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    match pending_request(&app, query.as_deref().unwrap_or("")) {
        Ok(pending) => {
            let request_id = random_token(16);
            if let Err(e) = app
                .store
                .add_pending(request_id.clone(), pending.clone(), now())
            {
                return redirect_error(
                    &app,
                    &pending,
                    e.code(),
                    e.description(),
                    StatusCode::FOUND,
                );
            }
            proceed(
                &app,
                &request_id,
                session_of(&app, &headers),
                false,
                StatusCode::FOUND,
            )
        }
        Err(refusal) => refusal.respond(&app, StatusCode::FOUND),
    }
}

/// Check an authorization request and turn it into the pending request it stands for.
fn pending_request(app: &App, query: &str) -> Result<Pending, Refusal> {
    let pairs = params::pairs(query).map_err(|e| {
        PageError::new(if e.starts_with("more than") {
            "The request has too many parameters."
        } else {
            "The request's parameters are malformed."
        })
    })?;
    let count = |name: &str| pairs.iter().filter(|(n, _)| n == name).count();
    if count("client_id") != 1 || count("redirect_uri") != 1 {
        return Err(PageError::new(
            "The request must carry exactly one client_id and one redirect_uri.",
        )
        .into());
    }
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let client_id = get("client_id").unwrap_or_default();
    let redirect_uri = get("redirect_uri").unwrap_or_default();
    let client = app
        .client(&client_id)
        .ok_or_else(|| PageError::new("Unknown client."))?;
    if !redirect_allowed(client, &redirect_uri) {
        return Err(
            PageError::new("The redirect_uri is not registered for this client.")
                .for_client(&client_id)
                .into(),
        );
    }
    // From here on the client and redirect URI are trusted: errors go back by redirect.
    let mut pending = Pending {
        client_id: client_id.clone(),
        redirect_uri,
        scope: Vec::new(),
        state: get("state"),
        nonce: get("nonce"),
        code_challenge: get("code_challenge"),
        response_type: get("response_type").unwrap_or_default(),
        prompt: get("prompt"),
        expires: now() + app.store.limits().pending_lifetime,
    };
    let refuse = |code, text: String| Err(Refusal::redirect(&pending, code, text));
    if let Some((name, _)) = pairs.iter().find(|(n, _)| count(n) > 1) {
        return refuse(
            ErrorCode::InvalidRequest,
            format!("parameter `{name}` is repeated"),
        );
    }
    // Values the server keeps while the user signs in are bounded (the state itself is
    // cut to the limit so that the error can still carry it back).
    let scope_text = get("scope");
    let stored = [
        ("state", &pending.state),
        ("nonce", &pending.nonce),
        ("scope", &scope_text),
    ];
    for (name, value) in stored {
        if value.as_ref().is_some_and(|v| v.len() > MAX_STORED_VALUE) {
            let mut cut = pending.clone();
            if name == "state" {
                cut.state = None;
            }
            return Err(Refusal::redirect(
                &cut,
                ErrorCode::InvalidRequest,
                format!("{name} is longer than {MAX_STORED_VALUE} bytes"),
            ));
        }
    }
    if let Err((code, text)) =
        response_type_and_pkce(client, &pending, get("code_challenge_method").as_deref())
    {
        return refuse(code, text.into());
    }
    pending.scope = scope::parse(scope_text.as_deref().unwrap_or_default());
    if let Some(bad) = pending.scope.iter().find(|s| !client.scopes.contains(s)) {
        let text = format!("scope `{bad}` is not allowed for this client");
        return Err(Refusal::redirect(&pending, ErrorCode::InvalidScope, text));
    }
    if let Some(prompt) = &pending.prompt {
        if !matches!(prompt.as_str(), "none" | "login" | "consent") {
            return Err(Refusal::redirect(
                &pending,
                ErrorCode::InvalidRequest,
                "prompt must be none, login or consent",
            ));
        }
    }
    Ok(pending)
}

/// `response_type=code` (or `token` for a client that allows the implicit grant), and for
/// a code, PKCE with S256 (RFC 7636 section 4.3; OAuth 2.1 requires it).
fn response_type_and_pkce(
    client: &Client,
    pending: &Pending,
    method: Option<&str>,
) -> Result<(), (ErrorCode, &'static str)> {
    match pending.response_type.as_str() {
        "code" => {}
        "token" if client.allow_implicit => return Ok(()),
        _ => {
            return Err((
                ErrorCode::UnsupportedResponseType,
                "only response_type=code is supported for this client",
            ))
        }
    }
    let invalid = |text| Err((ErrorCode::InvalidRequest, text));
    match (method, pending.code_challenge.as_deref()) {
        (Some("S256"), Some(challenge)) if pkce::is_valid_challenge(challenge) => Ok(()),
        (Some("S256"), _) => invalid("code_challenge must be a base64url SHA-256 (43 characters)"),
        (None, None) => {
            invalid("PKCE is required: send code_challenge with code_challenge_method=S256")
        }
        _ => invalid("only code_challenge_method=S256 is accepted"),
    }
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
    let Some(pending) = app.store.pending(request_id, now()) else {
        return expired();
    };
    let client = app
        .client(&pending.client_id)
        .expect("pending requests name known clients");
    let prompt = pending.prompt.as_deref();
    let session = match session {
        Some((_, s)) if prompt != Some("login") || just_logged_in => s,
        _ if prompt == Some("none") => {
            app.store.take_pending(request_id, now());
            return redirect_error(
                app,
                &pending,
                ErrorCode::LoginRequired,
                "the user is not signed in",
                status,
            );
        }
        _ => {
            return log_client(
                html(StatusCode::OK, pages::login(&client.name, request_id, None)),
                &client.id,
            )
        }
    };
    let consented = app
        .store
        .has_consent(&session.username, &client.id, &pending.scope);
    let needs_consent = prompt == Some("consent")
        || !(client.auto_approve || app.settings.auto_approve || consented);
    if needs_consent {
        if prompt == Some("none") {
            app.store.take_pending(request_id, now());
            return redirect_error(
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
                    &client.name,
                    &session.username,
                    &pending.scope,
                    request_id,
                    &session.csrf,
                ),
            ),
            &client.id,
        );
    }
    finish(app, request_id, &session, status)
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
        expires: now + client.code_lifetime as i64,
    };
    if let Err(e) = app.store.add_code(code.clone(), grant, now) {
        return redirect_error(app, &pending, e.code(), e.description(), status);
    }
    let mut params = vec![("code", code.as_str())];
    if let Some(state) = &pending.state {
        params.push(("state", state));
    }
    params.push(("iss", &app.issuer));
    log_client(
        redirect(&with_query(&pending.redirect_uri, &params), status),
        &client.id,
    )
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
        Err(e) => return redirect_error(app, pending, e.code(), e.description(), status),
    };
    let expires = client.access_token_lifetime.to_string();
    let mut params = vec![
        ("access_token", token.as_str()),
        ("token_type", "Bearer"),
        ("expires_in", expires.as_str()),
    ];
    if let Some(state) = &pending.state {
        params.push(("state", state));
    }
    let fragment = serde_urlencoded::to_string(&params).unwrap_or_default();
    log_client(
        redirect(&format!("{}#{fragment}", pending.redirect_uri), status),
        &client.id,
    )
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
            html(
                StatusCode::UNAUTHORIZED,
                pages::login(
                    &client.name,
                    request_id,
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
        return redirect_error(
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
