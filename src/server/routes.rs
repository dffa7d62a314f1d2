//! HTTP routes of the dev server. Error responses follow RFC 6749: JSON with `error` and
//! `error_description` at the token endpoint (section 5.2); at the authorization endpoint a
//! redirect with `error` only once the client and redirect URI are trusted (4.1.2.1),
//! an error page before that.

// Handlers return an HTTP response as their error; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use aws_lc_rs::digest;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use super::config::{secrets_equal, AuthMethod, Client, Grant};
use super::pages;
use super::store::{
    claims_for_scopes, AccessRecord, CodeGrant, Inner, Pending, RefreshRecord, Session,
};
use super::App;
use crate::b64;
use crate::jwt::claims::Policy;
use crate::jwt::{jws, time};
use crate::keys::Algorithm;

/// Forms and queries are small; a megabyte body is refused with 413 before parsing.
const MAX_BODY: usize = 64 * 1024;
const MAX_PARAMS: usize = 64;
const SESSION_COOKIE: &str = "oauthctl_session";
const SESSION_LIFETIME: i64 = 3600;
const PENDING_LIFETIME: i64 = 600;

type Shared = State<Arc<App>>;

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/.well-known/openid-configuration", get(metadata))
        .route("/.well-known/oauth-authorization-server", get(metadata))
        .route("/jwks", get(jwks))
        .route("/authorize", get(authorize))
        .route("/login", post(login))
        .route("/consent", post(consent))
        .route("/token", post(token))
        .route("/userinfo", get(userinfo).post(userinfo))
        .route("/me", get(userinfo).post(userinfo))
        .route("/introspect", post(introspect))
        .route("/revoke", post(revoke))
        .route("/device_authorization", post(device_authorization))
        .route("/device", get(device_page).post(device_submit))
        .route("/work", get(work))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(refuse_large_bodies))
        .layer(middleware::from_fn_with_state(app.clone(), log_request))
        .with_state(app)
}

/// Refuse a body announced as too large before reading any of it; bodies without a
/// length are still capped while read (DefaultBodyLimit).
async fn refuse_large_bodies(request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|len| len > MAX_BODY as u64) {
        let mut response = oauth_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            "the request body is too large",
        );
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    next.run(request).await
}

/// The client a response concerns, for the request log.
#[derive(Clone)]
struct LoggedClient(String);

async fn log_request(State(app): Shared, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    // The path only: queries carry codes and states.
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let client = response
        .extensions()
        .get::<LoggedClient>()
        .map_or("-".to_string(), |c| c.0.clone());
    (app.log)(&format!(
        "{method} {path} {} {:.1}ms client_id={client}",
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    ));
    response
}

fn with_client(mut response: Response, client: &str) -> Response {
    response
        .extensions_mut()
        .insert(LoggedClient(client.to_string()));
    response
}

// ---------------------------------------------------------------------------------------
// Helpers

fn now() -> i64 {
    time::now().unwrap_or(0)
}

fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the OS random source works");
    b64::encode(buf)
}

type Params = HashMap<String, String>;

/// Parse `application/x-www-form-urlencoded`: at most MAX_PARAMS, each name once
/// (RFC 6749 section 3.1: parameters MUST NOT be included more than once).
fn parse_params(raw: &str) -> Result<Params, String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw).map_err(|e| format!("malformed parameters: {e}"))?;
    if pairs.len() > MAX_PARAMS {
        return Err(format!("more than {MAX_PARAMS} parameters"));
    }
    let mut params = HashMap::new();
    for (name, value) in pairs {
        if params.insert(name.clone(), value).is_some() {
            return Err(format!("parameter `{name}` is repeated"));
        }
    }
    Ok(params)
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    no_store(
        (
            status,
            axum::Json(json!({"error": error, "error_description": description})),
        )
            .into_response(),
    )
}

fn invalid_client(description: &str, basic: bool) -> Response {
    let mut response = oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description);
    if basic {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"oauthctl\""),
        );
    }
    response
}

fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
        .headers_mut()
        .insert("x-frame-options", HeaderValue::from_static("DENY"));
    response
}

fn error_page(message: &str) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        pages::error("Authorization request refused", message),
    )
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

/// `uri` with query parameters appended.
fn with_query(uri: &str, params: &[(&str, &str)]) -> String {
    let encoded = serde_urlencoded::to_string(params).unwrap_or_default();
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{encoded}")
}

fn redirect_error(
    app: &App,
    pending: &Pending,
    error: &str,
    description: &str,
    status: StatusCode,
) -> Response {
    let mut params = vec![("error", error), ("error_description", description)];
    if let Some(state) = &pending.state {
        params.push(("state", state));
    }
    params.push(("iss", &app.issuer));
    with_client(
        redirect(&with_query(&pending.redirect_uri, &params), status),
        &pending.client_id,
    )
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    digest::digest(&digest::SHA256, bytes).as_ref().to_vec()
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
}

/// The `username` and `password` of a form (empty when absent: they then match nobody).
fn credentials(params: &Params) -> (&str, &str) {
    let get = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    (get("username"), get("password"))
}

fn form_body(body: &Bytes) -> Result<Params, Response> {
    let text = std::str::from_utf8(body).map_err(|_| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body is not UTF-8",
        )
    })?;
    parse_params(text).map_err(|e| oauth_error(StatusCode::BAD_REQUEST, "invalid_request", &e))
}

// ---------------------------------------------------------------------------------------
// Metadata and keys

async fn metadata(State(app): Shared) -> Response {
    let i = &app.issuer;
    let alg = app.signer.algorithm().name();
    let mut grants = vec![
        "authorization_code",
        "refresh_token",
        "client_credentials",
        Grant::DEVICE_CODE_URN,
    ];
    if app
        .settings
        .clients
        .iter()
        .any(|c| c.grants.contains(&Grant::Password))
    {
        grants.push("password");
    }
    let mut response_types = vec!["code"];
    if app.settings.clients.iter().any(|c| c.allow_implicit) {
        response_types.push("token");
    }
    let auth_methods = [
        "client_secret_basic",
        "client_secret_post",
        "private_key_jwt",
        "none",
    ];
    axum::Json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "jwks_uri": format!("{i}/jwks"),
        "introspection_endpoint": format!("{i}/introspect"),
        "revocation_endpoint": format!("{i}/revoke"),
        "device_authorization_endpoint": format!("{i}/device_authorization"),
        "response_types_supported": response_types,
        "response_modes_supported": ["query"],
        "grant_types_supported": grants,
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": auth_methods,
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "PS256", "ES256", "EdDSA"],
        "introspection_endpoint_auth_methods_supported": auth_methods,
        "revocation_endpoint_auth_methods_supported": auth_methods,
        "scopes_supported": ["openid", "profile", "email", "offline_access", "all", "read", "write"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [alg],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "email", "email_verified", "mobile"],
        "prompt_values_supported": ["none", "login", "consent"],
        "authorization_response_iss_parameter_supported": true,
    }))
    .into_response()
}

async fn jwks(State(app): Shared) -> Response {
    let keys: Vec<Value> = app
        .settings
        .keys
        .iter()
        .map(|k| {
            let mut public = k.public();
            public.usage = Some("sig".into());
            public.alg = Some(k.default_algorithm());
            Value::Object(crate::keys::jwk::to_jwk(&public, false))
        })
        .collect();
    let mut response = axum::Json(json!({ "keys": keys })).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jwk-set+json"),
    );
    response
}

// ---------------------------------------------------------------------------------------
// Authorization endpoint

/// Exact match, except that a registered loopback http URI accepts any port
/// (RFC 8252 section 7.3).
fn redirect_allowed(client: &Client, requested: &str) -> bool {
    client
        .redirect_uris
        .iter()
        .any(|registered| registered == requested || loopback_equal_but_port(registered, requested))
}

fn loopback_equal_but_port(registered: &str, requested: &str) -> bool {
    let split = |uri: &str| -> Option<(String, String)> {
        let rest = uri.strip_prefix("http://")?;
        let (authority, tail) = rest
            .find(['/', '?'])
            .map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
        let host = if authority.starts_with('[') {
            &authority[..=authority.find(']')?]
        } else {
            authority.split(':').next()?
        };
        let port = &authority[host.len()..];
        let valid_port = port
            .strip_prefix(':')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
        if !port.is_empty() && !valid_port {
            return None;
        }
        Some((host.to_string(), tail.to_string()))
    };
    match (split(registered), split(requested)) {
        (Some((host_a, tail_a)), Some((host_b, tail_b))) => {
            matches!(host_a.as_str(), "127.0.0.1" | "[::1]" | "localhost")
                && host_a == host_b
                && tail_a == tail_b
        }
        _ => false,
    }
}

fn is_pkce_value(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

async fn authorize(State(app): Shared, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let pairs: Vec<(String, String)> =
        match serde_urlencoded::from_str(query.as_deref().unwrap_or("")) {
            Ok(pairs) => pairs,
            Err(_) => return error_page("The request's parameters are malformed."),
        };
    if pairs.len() > MAX_PARAMS {
        return error_page("The request has too many parameters.");
    }
    let count = |name: &str| pairs.iter().filter(|(n, _)| n == name).count();
    if count("client_id") != 1 || count("redirect_uri") != 1 {
        return error_page("The request must carry exactly one client_id and one redirect_uri.");
    }
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let client_id = get("client_id").unwrap_or_default();
    let redirect_uri = get("redirect_uri").unwrap_or_default();
    let Some(client) = app.client(&client_id) else {
        return error_page("Unknown client.");
    };
    if !redirect_allowed(client, &redirect_uri) {
        return with_client(
            error_page("The redirect_uri is not registered for this client."),
            &client_id,
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
        expires: now() + PENDING_LIFETIME,
    };
    let found = StatusCode::FOUND;
    if let Some((name, _)) = pairs.iter().find(|(n, _)| count(n) > 1) {
        return redirect_error(
            &app,
            &pending,
            "invalid_request",
            &format!("parameter `{name}` is repeated"),
            found,
        );
    }
    match pending.response_type.as_str() {
        "code" => {}
        "token" if client.allow_implicit => {}
        _ => {
            return redirect_error(
                &app,
                &pending,
                "unsupported_response_type",
                "only response_type=code is supported for this client",
                found,
            )
        }
    }
    if pending.response_type == "code" {
        match (
            get("code_challenge_method").as_deref(),
            pending.code_challenge.as_deref(),
        ) {
            (Some("S256"), Some(challenge))
                if challenge.len() == 43 && is_pkce_value(challenge, 43, 43) => {}
            (Some("S256"), _) => {
                return redirect_error(
                    &app,
                    &pending,
                    "invalid_request",
                    "code_challenge must be a base64url SHA-256 (43 characters)",
                    found,
                )
            }
            (None, None) => {
                return redirect_error(
                    &app,
                    &pending,
                    "invalid_request",
                    "PKCE is required: send code_challenge with code_challenge_method=S256",
                    found,
                )
            }
            _ => {
                return redirect_error(
                    &app,
                    &pending,
                    "invalid_request",
                    "only code_challenge_method=S256 is accepted",
                    found,
                )
            }
        }
    }
    pending.scope = get("scope")
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if let Some(bad) = pending.scope.iter().find(|s| !client.scopes.contains(s)) {
        return redirect_error(
            &app,
            &pending,
            "invalid_scope",
            &format!("scope `{bad}` is not allowed for this client"),
            found,
        );
    }
    if let Some(prompt) = &pending.prompt {
        if !matches!(prompt.as_str(), "none" | "login" | "consent") {
            return redirect_error(
                &app,
                &pending,
                "invalid_request",
                "prompt must be none, login or consent",
                found,
            );
        }
    }
    let request_id = random_token(16);
    app.store.lock().pending.insert(request_id.clone(), pending);
    proceed(&app, &request_id, session_of(&app, &headers), false, found)
}

fn session_of(app: &App, headers: &HeaderMap) -> Option<(String, Session)> {
    let id = cookie(headers, SESSION_COOKIE)?;
    let now = now();
    let store = app.store.lock();
    store
        .sessions
        .get(&id)
        .filter(|s| s.expires > now)
        .map(|s| (id.clone(), s.clone()))
}

/// Continue a pending request: log in, ask for consent, or issue the response.
fn proceed(
    app: &App,
    request_id: &str,
    session: Option<(String, Session)>,
    just_logged_in: bool,
    status: StatusCode,
) -> Response {
    let Some(pending) = app.store.lock().pending.get(request_id).cloned() else {
        return error_page("This sign-in request has expired; start again from the application.");
    };
    let client = app
        .client(&pending.client_id)
        .expect("pending requests name known clients");
    let prompt = pending.prompt.as_deref();
    let session = match session {
        Some(s) if prompt != Some("login") || just_logged_in => s,
        _ if prompt == Some("none") => {
            return redirect_error(
                app,
                &pending,
                "login_required",
                "the user is not signed in",
                status,
            )
        }
        _ => {
            return with_client(
                html(StatusCode::OK, pages::login(&client.name, request_id, None)),
                &client.id,
            )
        }
    };
    let consented = app
        .store
        .lock()
        .consents
        .get(&(session.1.username.clone(), client.id.clone()))
        .is_some_and(|granted| pending.scope.iter().all(|s| granted.contains(s)));
    let needs_consent = prompt == Some("consent")
        || !(client.auto_approve || app.settings.auto_approve || consented);
    if needs_consent {
        if prompt == Some("none") {
            return redirect_error(
                app,
                &pending,
                "consent_required",
                "the user has not approved this client",
                status,
            );
        }
        return with_client(
            html(
                StatusCode::OK,
                pages::consent(
                    &client.name,
                    &session.1.username,
                    &pending.scope,
                    request_id,
                    &session.1.csrf,
                ),
            ),
            &client.id,
        );
    }
    finish(app, request_id, &pending, &session.1, status)
}

/// Issue the code (or, for an implicit client, the token) and redirect back.
fn finish(
    app: &App,
    request_id: &str,
    pending: &Pending,
    session: &Session,
    status: StatusCode,
) -> Response {
    let client = app.client(&pending.client_id).expect("known client");
    let now = now();
    let mut store = app.store.lock();
    store.pending.remove(request_id);
    if pending.response_type == "token" {
        let user = app
            .user(&session.username)
            .expect("sessions name known users");
        let sub = user.subject_for(client);
        let (token, _) = match issue_access(
            app,
            &mut store,
            client,
            &sub,
            Some(&session.username),
            &pending.scope,
            None,
            now,
        ) {
            Ok(t) => t,
            Err(e) => return redirect_error(app, pending, "server_error", &e, status),
        };
        drop(store);
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
        return with_client(
            redirect(&format!("{}#{fragment}", pending.redirect_uri), status),
            &client.id,
        );
    }
    let code = random_token(32);
    store.codes.insert(
        code.clone(),
        CodeGrant {
            client_id: client.id.clone(),
            redirect_uri: pending.redirect_uri.clone(),
            code_challenge: pending.code_challenge.clone(),
            scope: pending.scope.clone(),
            nonce: pending.nonce.clone(),
            username: session.username.clone(),
            auth_time: session.auth_time,
            expires: now + client.code_lifetime as i64,
            redeemed: false,
            issued_access: Vec::new(),
            issued_family: None,
        },
    );
    store.sweep(now);
    drop(store);
    let mut params = vec![("code", code.as_str())];
    if let Some(state) = &pending.state {
        params.push(("state", state));
    }
    params.push(("iss", &app.issuer));
    with_client(
        redirect(&with_query(&pending.redirect_uri, &params), status),
        &client.id,
    )
}

async fn login(State(app): Shared, body: Bytes) -> Response {
    let params = match form_body(&body) {
        Ok(p) => p,
        Err(_) => return error_page("The form is malformed."),
    };
    let request_id = params.get("request_id").cloned().unwrap_or_default();
    let Some(pending) = app.store.lock().pending.get(&request_id).cloned() else {
        return error_page("This sign-in request has expired; start again from the application.");
    };
    let client = app.client(&pending.client_id).expect("known client");
    let (username, password) = credentials(&params);
    let valid = app
        .user(username)
        .is_some_and(|u| u.password.matches(password.as_bytes()));
    if !valid {
        return with_client(
            html(
                StatusCode::UNAUTHORIZED,
                pages::login(
                    &client.name,
                    &request_id,
                    Some("Wrong username or password."),
                ),
            ),
            &client.id,
        );
    }
    let now = now();
    let session = Session {
        username: username.to_string(),
        auth_time: now,
        csrf: random_token(16),
        expires: now + SESSION_LIFETIME,
    };
    let session_id = random_token(32);
    app.store
        .lock()
        .sessions
        .insert(session_id.clone(), session.clone());
    let mut response = proceed(
        &app,
        &request_id,
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

async fn consent(State(app): Shared, headers: HeaderMap, body: Bytes) -> Response {
    let params = match form_body(&body) {
        Ok(p) => p,
        Err(_) => return error_page("The form is malformed."),
    };
    let request_id = params.get("request_id").cloned().unwrap_or_default();
    let Some(pending) = app.store.lock().pending.get(&request_id).cloned() else {
        return error_page("This request has expired; start again from the application.");
    };
    let Some((_, session)) = session_of(&app, &headers) else {
        return error_page("You are not signed in.");
    };
    let csrf = params.get("csrf").map(String::as_str).unwrap_or_default();
    if !secrets_equal(session.csrf.as_bytes(), csrf.as_bytes()) {
        return error_page("The form is stale or forged; start again from the application.");
    }
    if params.get("decision").map(String::as_str) != Some("approve") {
        app.store.lock().pending.remove(&request_id);
        return redirect_error(
            &app,
            &pending,
            "access_denied",
            "the user denied the request",
            StatusCode::SEE_OTHER,
        );
    }
    app.store.lock().consents.insert(
        (session.username.clone(), pending.client_id.clone()),
        pending.scope.clone(),
    );
    finish(&app, &request_id, &pending, &session, StatusCode::SEE_OTHER)
}

// ---------------------------------------------------------------------------------------
// Client authentication (RFC 6749 section 2.3, RFC 7523 section 2.2)

/// A form-encoded request to a client endpoint: its parameters and the client it authenticates.
fn client_request<'a>(
    app: &'a App,
    headers: &HeaderMap,
    body: &Bytes,
    endpoint: &str,
) -> Result<(Params, &'a Client), Response> {
    let params = form_body(body)?;
    let client = authenticate(app, headers, &params, endpoint)?;
    Ok((params, client))
}

fn authenticate<'a>(
    app: &'a App,
    headers: &HeaderMap,
    params: &Params,
    endpoint: &str,
) -> Result<&'a Client, Response> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        });
    let assertion = params.get("client_assertion");
    let methods = usize::from(basic.is_some())
        + usize::from(params.contains_key("client_secret"))
        + usize::from(assertion.is_some());
    if methods > 1 {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "use exactly one client authentication method",
        ));
    }
    if let Some(encoded) = basic {
        let decoded =
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded.trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok());
        let Some((id, secret)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
            return Err(invalid_client("malformed Basic credentials", true));
        };
        // RFC 6749 2.3.1: both parts are form-urlencoded before Base64.
        let decode = |s: &str| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={s}"))
                .ok()
                .and_then(|v| v.into_iter().next())
                .map(|(_, v)| v)
        };
        let (Some(id), Some(secret)) = (decode(id), decode(secret)) else {
            return Err(invalid_client("malformed Basic credentials", true));
        };
        if params.get("client_id").is_some_and(|p| *p != id) {
            return Err(invalid_client(
                "client_id does not match the credentials",
                true,
            ));
        }
        return check_secret(app, &id, &secret, true);
    }
    let client_id = params
        .get("client_id")
        .map(String::as_str)
        .unwrap_or_default();
    if let Some(secret) = params.get("client_secret") {
        return check_secret(app, client_id, secret, false);
    }
    if let Some(assertion) = assertion {
        return check_assertion(app, params, assertion, endpoint);
    }
    match app.client(client_id) {
        Some(client) if client.auth_method == AuthMethod::None => Ok(client),
        Some(_) => Err(invalid_client("this client must authenticate", false)),
        None => Err(invalid_client("unknown client", false)),
    }
}

fn check_secret<'a>(
    app: &'a App,
    id: &str,
    secret: &str,
    basic: bool,
) -> Result<&'a Client, Response> {
    match app.client(id) {
        Some(client)
            if client
                .secret
                .as_ref()
                .is_some_and(|s| secrets_equal(s.expose(), secret.as_bytes())) =>
        {
            Ok(client)
        }
        _ => {
            // Spend the same time on unknown clients as on wrong secrets.
            let _ = secrets_equal(b"", secret.as_bytes());
            Err(invalid_client("client authentication failed", basic))
        }
    }
}

fn check_assertion<'a>(
    app: &'a App,
    params: &Params,
    assertion: &str,
    endpoint: &str,
) -> Result<&'a Client, Response> {
    if params.get("client_assertion_type").map(String::as_str)
        != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "unsupported client_assertion_type",
        ));
    }
    let fail = || invalid_client("client assertion rejected", false);
    let parsed = jws::parse(assertion).map_err(|_| fail())?;
    let claims = crate::jwt::token::parse_claims(&parsed.payload).map_err(|_| fail())?;
    let iss = claims
        .get("iss")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let client = app
        .client(iss)
        .filter(|c| c.auth_method == AuthMethod::PrivateKeyJwt)
        .ok_or_else(fail)?;
    if claims.get("sub").and_then(Value::as_str) != Some(iss) {
        return Err(fail());
    }
    let ring =
        crate::jwt::token::KeyRing::new(client.jwks.clone(), false, &[]).map_err(|_| fail())?;
    let policy = Policy {
        now: now(),
        leeway: 30,
        audiences: vec![app.issuer.clone(), format!("{}{endpoint}", app.issuer)],
        ..Policy::default()
    };
    ring.verify(assertion, &policy).map_err(|_| fail())?;
    Ok(client)
}

// ---------------------------------------------------------------------------------------
// Token issuance

fn hash_alg(alg: Algorithm) -> &'static digest::Algorithm {
    match alg {
        Algorithm::Rs384 | Algorithm::Ps384 | Algorithm::Es384 | Algorithm::Hs384 => {
            &digest::SHA384
        }
        Algorithm::Rs512
        | Algorithm::Ps512
        | Algorithm::Es512
        | Algorithm::Hs512
        | Algorithm::EdDsa => &digest::SHA512,
        _ => &digest::SHA256,
    }
}

fn sign(app: &App, typ: &str, claims: &Map<String, Value>) -> Result<String, String> {
    let mut header = Map::new();
    header.insert("typ".into(), typ.into());
    if let Some(kid) = &app.signing_kid {
        header.insert("kid".into(), kid.clone().into());
    }
    crate::jwt::token::mint(&app.signer, &header, claims).map_err(|e| e.message)
}

/// An RFC 9068 access token, recorded for introspection and revocation.
#[allow(clippy::too_many_arguments)]
fn issue_access(
    app: &App,
    store: &mut Inner,
    client: &Client,
    sub: &str,
    username: Option<&str>,
    scope: &[String],
    family: Option<u64>,
    now: i64,
) -> Result<(String, String), String> {
    let jti = random_token(16);
    let exp = now + client.access_token_lifetime as i64;
    let mut claims = Map::new();
    claims.insert("iss".into(), app.issuer.clone().into());
    claims.insert("sub".into(), sub.into());
    claims.insert("aud".into(), client.id.clone().into());
    claims.insert("client_id".into(), client.id.clone().into());
    claims.insert("scope".into(), scope.join(" ").into());
    claims.insert("exp".into(), exp.into());
    claims.insert("iat".into(), now.into());
    claims.insert("jti".into(), jti.clone().into());
    let token = sign(app, "at+jwt", &claims)?;
    store.access.insert(
        jti.clone(),
        AccessRecord {
            client_id: client.id.clone(),
            sub: sub.to_string(),
            username: username.map(str::to_owned),
            scope: scope.to_vec(),
            exp,
            iat: now,
            aud: client.id.clone().into(),
            revoked: false,
            family,
        },
    );
    if let Some(f) = family.and_then(|f| store.families.get_mut(&f)) {
        f.access.push(jti.clone());
    }
    Ok((token, jti))
}

fn issue_refresh(
    store: &mut Inner,
    family: u64,
    client: &Client,
    username: Option<&str>,
    scope: &[String],
    auth_time: i64,
    now: i64,
) -> String {
    let token = random_token(32);
    store.refresh.insert(
        token.clone(),
        RefreshRecord {
            family,
            client_id: client.id.clone(),
            username: username.map(str::to_owned),
            scope: scope.to_vec(),
            auth_time,
            exp: now + client.refresh_token_lifetime as i64,
            iat: now,
            used: false,
        },
    );
    token
}

fn id_token(
    app: &App,
    client: &Client,
    sub: &str,
    grant: &CodeGrant,
    access_token: &str,
    now: i64,
) -> Result<String, String> {
    let hash = digest::digest(hash_alg(app.signer.algorithm()), access_token.as_bytes());
    let half = &hash.as_ref()[..hash.as_ref().len() / 2];
    let mut claims = Map::new();
    claims.insert("iss".into(), app.issuer.clone().into());
    claims.insert("sub".into(), sub.into());
    claims.insert("aud".into(), client.id.clone().into());
    claims.insert("azp".into(), client.id.clone().into());
    claims.insert(
        "exp".into(),
        (now + client.access_token_lifetime as i64).into(),
    );
    claims.insert("iat".into(), now.into());
    claims.insert("auth_time".into(), grant.auth_time.into());
    if let Some(nonce) = &grant.nonce {
        claims.insert("nonce".into(), nonce.clone().into());
    }
    claims.insert("at_hash".into(), b64::encode(half).into());
    if let Some(user) = app.user(&grant.username) {
        for (k, v) in claims_for_scopes(&user.claims, &grant.scope) {
            claims.entry(k).or_insert(v);
        }
    }
    sign(app, "JWT", &claims)
}

/// Who a user-bound token set is for.
struct Holder<'a> {
    sub: &'a str,
    username: &'a str,
    scope: &'a [String],
    auth_time: i64,
}

/// What a user-bound grant issues.
struct Issued {
    access: String,
    jti: String,
    refresh: Option<String>,
    family: Option<u64>,
}

/// An access token and, when `refreshable`, a refresh token starting a new family.
fn issue_for_user(
    app: &App,
    store: &mut Inner,
    client: &Client,
    holder: &Holder,
    refreshable: bool,
    now: i64,
) -> Result<Issued, Response> {
    let family = refreshable.then(|| store.new_family());
    let (access, jti) = issue_access(
        app,
        store,
        client,
        holder.sub,
        Some(holder.username),
        holder.scope,
        family,
        now,
    )
    .map_err(|e| server_error(&e))?;
    let refresh = family.map(|f| {
        issue_refresh(
            store,
            f,
            client,
            Some(holder.username),
            holder.scope,
            holder.auth_time,
            now,
        )
    });
    Ok(Issued {
        access,
        jti,
        refresh,
        family,
    })
}

/// The token response of a grant that signs the user in just now (password, device):
/// an access token, and a refresh token for clients allowed to refresh.
fn fresh_user_tokens(
    app: &App,
    store: &mut Inner,
    client: &Client,
    sub: &str,
    username: &str,
    scope: &[String],
    now: i64,
) -> Response {
    let holder = Holder {
        sub,
        username,
        scope,
        auth_time: now,
    };
    let refreshable = client.grants.contains(&Grant::RefreshToken);
    match issue_for_user(app, store, client, &holder, refreshable, now) {
        Ok(issued) => token_response(client, issued.access, issued.refresh, None, scope),
        Err(response) => response,
    }
}

fn token_response(
    client: &Client,
    access: String,
    refresh: Option<String>,
    id_token: Option<String>,
    scope: &[String],
) -> Response {
    let mut body = json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": client.access_token_lifetime,
        "scope": scope.join(" "),
    });
    if let Some(r) = refresh {
        body["refresh_token"] = r.into();
    }
    if let Some(i) = id_token {
        body["id_token"] = i.into();
    }
    with_client(no_store(axum::Json(body).into_response()), &client.id)
}

fn invalid_grant(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

fn server_error(description: &str) -> Response {
    oauth_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "server_error",
        description,
    )
}

async fn token(State(app): Shared, headers: HeaderMap, body: Bytes) -> Response {
    let (params, client) = match client_request(&app, &headers, &body, "/token") {
        Ok(request) => request,
        Err(r) => return r,
    };
    let grant_name = params
        .get("grant_type")
        .map(String::as_str)
        .unwrap_or_default();
    let Some(grant) = Grant::parse(grant_name) else {
        return with_client(
            oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "unknown grant_type",
            ),
            &client.id,
        );
    };
    if !client.grants.contains(&grant) {
        return with_client(
            oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                &format!("this client may not use {}", grant.name()),
            ),
            &client.id,
        );
    }
    let response = match grant {
        Grant::AuthorizationCode => code_grant(&app, client, &params),
        Grant::RefreshToken => refresh_grant(&app, client, &params),
        Grant::ClientCredentials => client_credentials_grant(&app, client, &params),
        Grant::Password => password_grant(&app, client, &params),
        Grant::DeviceCode => device_grant(&app, client, &params),
    };
    with_client(response, &client.id)
}

fn code_grant(app: &App, client: &Client, params: &Params) -> Response {
    let now = now();
    let code = params.get("code").map(String::as_str).unwrap_or_default();
    let verifier = params.get("code_verifier").map(String::as_str);
    let grant = {
        let mut store = app.store.lock();
        let Some(grant) = store.codes.get_mut(code) else {
            return invalid_grant("unknown or expired code");
        };
        if grant.redeemed {
            // A replayed code: revoke what the first redemption issued (RFC 6749 4.1.2).
            let (access, family) = (
                std::mem::take(&mut grant.issued_access),
                grant.issued_family,
            );
            grant.issued_family = None;
            for jti in access {
                if let Some(record) = store.access.get_mut(&jti) {
                    record.revoked = true;
                }
            }
            if let Some(family) = family {
                store.revoke_family(family);
            }
            return invalid_grant(
                "the code was already used; the tokens issued for it are revoked",
            );
        }
        if grant.client_id != client.id {
            return invalid_grant("the code was issued to another client");
        }
        if grant.expires <= now {
            return invalid_grant("the code has expired");
        }
        if params.get("redirect_uri") != Some(&grant.redirect_uri) {
            return invalid_grant("redirect_uri does not match the authorization request");
        }
        if let Some(challenge) = &grant.code_challenge {
            let Some(verifier) = verifier else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "code_verifier is required",
                );
            };
            if !is_pkce_value(verifier, 43, 128) {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "code_verifier must be 43 to 128 unreserved characters (RFC 7636 4.1)",
                );
            }
            if !secrets_equal(
                b64::encode(sha256(verifier.as_bytes())).as_bytes(),
                challenge.as_bytes(),
            ) {
                return invalid_grant("code_verifier does not match the code_challenge");
            }
        }
        grant.redeemed = true;
        grant.clone()
    };
    let Some(user) = app.user(&grant.username) else {
        return invalid_grant("the user no longer exists");
    };
    let sub = user.subject_for(client);
    let mut store = app.store.lock();
    let holder = Holder {
        sub: &sub,
        username: &grant.username,
        scope: &grant.scope,
        auth_time: grant.auth_time,
    };
    let refreshable = grant.scope.iter().any(|s| s == "offline_access")
        || client.grants.contains(&Grant::RefreshToken);
    let Issued {
        access,
        jti,
        refresh,
        family,
    } = match issue_for_user(app, &mut store, client, &holder, refreshable, now) {
        Ok(issued) => issued,
        Err(response) => return response,
    };
    // If the code was replayed while these were being made, they are void.
    let replayed = match store.codes.get_mut(code) {
        Some(g) => {
            g.issued_access.push(jti.clone());
            g.issued_family = family;
            false
        }
        None => true,
    };
    if replayed {
        return invalid_grant("the code was replayed");
    }
    drop(store);
    let id = if grant.scope.iter().any(|s| s == "openid") {
        match id_token(app, client, &sub, &grant, &access, now) {
            Ok(t) => Some(t),
            Err(e) => return server_error(&e),
        }
    } else {
        None
    };
    token_response(client, access, refresh, id, &grant.scope)
}

fn requested_scope(
    client: &Client,
    params: &Params,
    default: &[String],
) -> Result<Vec<String>, Response> {
    let Some(text) = params.get("scope") else {
        return Ok(default.to_vec());
    };
    let scope: Vec<String> = text
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if let Some(bad) = scope.iter().find(|s| !client.scopes.contains(s)) {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            &format!("scope `{bad}` is not allowed"),
        ));
    }
    Ok(scope)
}

fn refresh_grant(app: &App, client: &Client, params: &Params) -> Response {
    let now = now();
    let presented = params
        .get("refresh_token")
        .map(String::as_str)
        .unwrap_or_default();
    let mut store = app.store.lock();
    let Some(record) = store.refresh.get(presented).cloned() else {
        return invalid_grant("unknown or expired refresh token");
    };
    if record.client_id != client.id {
        return invalid_grant("the refresh token was issued to another client");
    }
    if record.used {
        // Reuse of a rotated token: someone holds a copy. Revoke the whole family.
        store.revoke_family(record.family);
        return invalid_grant("the refresh token was already used; its family is revoked");
    }
    if store.families.get(&record.family).is_none_or(|f| f.revoked) || record.exp <= now {
        return invalid_grant("the refresh token is revoked or expired");
    }
    let scope = match requested_scope(client, params, &record.scope) {
        Ok(s) if s.iter().all(|x| record.scope.contains(x)) => s,
        Ok(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                "a refresh cannot widen the scope",
            )
        }
        Err(r) => return r,
    };
    if let Some(r) = store.refresh.get_mut(presented) {
        r.used = true;
    }
    let sub = match record.username.as_deref().and_then(|u| app.user(u)) {
        Some(user) => user.subject_for(client),
        None => client.id.clone(),
    };
    let (access, _) = match issue_access(
        app,
        &mut store,
        client,
        &sub,
        record.username.as_deref(),
        &scope,
        Some(record.family),
        now,
    ) {
        Ok(t) => t,
        Err(e) => return server_error(&e),
    };
    let refresh = issue_refresh(
        &mut store,
        record.family,
        client,
        record.username.as_deref(),
        &record.scope,
        record.auth_time,
        now,
    );
    drop(store);
    token_response(client, access, Some(refresh), None, &scope)
}

fn client_credentials_grant(app: &App, client: &Client, params: &Params) -> Response {
    let scope = match requested_scope(client, params, &[]) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let now = now();
    // Sign outside the lock: the signature is the expensive part under load.
    let jti = random_token(16);
    let exp = now + client.access_token_lifetime as i64;
    let mut claims = Map::new();
    claims.insert("iss".into(), app.issuer.clone().into());
    claims.insert("sub".into(), client.id.clone().into());
    claims.insert("aud".into(), client.id.clone().into());
    claims.insert("client_id".into(), client.id.clone().into());
    claims.insert("scope".into(), scope.join(" ").into());
    claims.insert("exp".into(), exp.into());
    claims.insert("iat".into(), now.into());
    claims.insert("jti".into(), jti.clone().into());
    let token = match sign(app, "at+jwt", &claims) {
        Ok(t) => t,
        Err(e) => return server_error(&e),
    };
    app.store.lock().access.insert(
        jti,
        AccessRecord {
            client_id: client.id.clone(),
            sub: client.id.clone(),
            username: None,
            scope: scope.clone(),
            exp,
            iat: now,
            aud: client.id.clone().into(),
            revoked: false,
            family: None,
        },
    );
    token_response(client, token, None, None, &scope)
}

fn password_grant(app: &App, client: &Client, params: &Params) -> Response {
    let (username, password) = credentials(params);
    let Some(user) = app
        .user(username)
        .filter(|u| u.password.matches(password.as_bytes()))
    else {
        return invalid_grant("wrong username or password");
    };
    let scope = match requested_scope(client, params, &[]) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let now = now();
    let sub = user.subject_for(client);
    let mut store = app.store.lock();
    fresh_user_tokens(app, &mut store, client, &sub, username, &scope, now)
}

// ---------------------------------------------------------------------------------------
// Device authorization (RFC 8628)

const DEVICE_LIFETIME: i64 = 600;
const DEVICE_INTERVAL: i64 = 5;

fn user_code() -> String {
    // Consonants only, no ambiguous letters (RFC 8628 6.1): 20^8 codes.
    const ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

async fn device_authorization(State(app): Shared, headers: HeaderMap, body: Bytes) -> Response {
    let (params, client) = match client_request(&app, &headers, &body, "/device_authorization") {
        Ok(request) => request,
        Err(r) => return r,
    };
    if !client.grants.contains(&Grant::DeviceCode) {
        return with_client(
            oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                "this client may not use the device flow",
            ),
            &client.id,
        );
    }
    let scope = match requested_scope(client, &params, &[]) {
        Ok(s) => s,
        Err(r) => return with_client(r, &client.id),
    };
    let device_code = random_token(32);
    let code = user_code();
    let now = now();
    app.store.lock().devices.insert(
        device_code.clone(),
        super::store::DeviceGrant {
            client_id: client.id.clone(),
            user_code: code.clone(),
            scope,
            expires: now + DEVICE_LIFETIME,
            interval: DEVICE_INTERVAL,
            last_poll: 0,
            decision: None,
            redeemed: false,
        },
    );
    let uri = format!("{}/device", app.issuer);
    with_client(
        no_store(
            axum::Json(json!({
                "device_code": device_code,
                "user_code": code,
                "verification_uri": uri,
                "verification_uri_complete": with_query(&uri, &[("user_code", &code)]),
                "expires_in": DEVICE_LIFETIME,
                "interval": DEVICE_INTERVAL,
            }))
            .into_response(),
        ),
        &client.id,
    )
}

async fn device_page(RawQuery(query): RawQuery) -> Response {
    let code = parse_params(query.as_deref().unwrap_or(""))
        .ok()
        .and_then(|p| p.get("user_code").cloned())
        .unwrap_or_default();
    html(StatusCode::OK, pages::device(None, &code))
}

async fn device_submit(State(app): Shared, body: Bytes) -> Response {
    let params = match form_body(&body) {
        Ok(p) => p,
        Err(_) => return error_page("The form is malformed."),
    };
    let code = params
        .get("user_code")
        .map(|c| c.trim().to_ascii_uppercase())
        .unwrap_or_default();
    let (username, password) = credentials(&params);
    if !app
        .user(username)
        .is_some_and(|u| u.password.matches(password.as_bytes()))
    {
        return html(
            StatusCode::UNAUTHORIZED,
            pages::device(Some("Wrong username or password."), &code),
        );
    }
    let approve = params.get("decision").map(String::as_str) == Some("approve");
    let now = now();
    let mut store = app.store.lock();
    let Some(grant) = store
        .devices
        .values_mut()
        .find(|d| d.user_code == code && d.expires > now && d.decision.is_none())
    else {
        return html(
            StatusCode::BAD_REQUEST,
            pages::device(Some("That code is unknown or expired."), ""),
        );
    };
    grant.decision = Some(if approve {
        Ok(username.to_string())
    } else {
        Err(())
    });
    let message = if approve {
        "Done: the device is connected. You can close this page."
    } else {
        "The device was denied."
    };
    html(StatusCode::OK, pages::error("Connect a device", message))
}

fn device_grant(app: &App, client: &Client, params: &Params) -> Response {
    let now = now();
    let device_code = params
        .get("device_code")
        .map(String::as_str)
        .unwrap_or_default();
    let mut store = app.store.lock();
    let Some(grant) = store.devices.get_mut(device_code) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "expired_token",
            "unknown or expired device_code",
        );
    };
    if grant.client_id != client.id || grant.redeemed {
        return invalid_grant("the device code is not valid for this client");
    }
    if grant.expires <= now {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "expired_token",
            "the device code has expired",
        );
    }
    let too_fast = now - grant.last_poll < grant.interval;
    grant.last_poll = now;
    let username = match &grant.decision {
        None if too_fast => {
            grant.interval += 5;
            return oauth_error(StatusCode::BAD_REQUEST, "slow_down", "poll less often");
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "authorization_pending",
                "the user has not answered yet",
            )
        }
        Some(Err(())) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "access_denied",
                "the user denied the device",
            )
        }
        Some(Ok(u)) => u.clone(),
    };
    grant.redeemed = true;
    let scope = grant.scope.clone();
    let Some(user) = app.user(&username) else {
        return invalid_grant("the user no longer exists");
    };
    let sub = user.subject_for(client);
    fresh_user_tokens(app, &mut store, client, &sub, &username, &scope, now)
}

// ---------------------------------------------------------------------------------------
// Resource-side endpoints

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
    let record = app.store.lock().access.get(jti).cloned()?;
    (!record.revoked && record.exp > policy.now).then_some((verified.claims, record))
}

fn invalid_token() -> Response {
    let mut response = (StatusCode::UNAUTHORIZED, "invalid token\n").into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"oauthctl\", error=\"invalid_token\""),
    );
    response
}

async fn userinfo(State(app): Shared, headers: HeaderMap) -> Response {
    let Some((_, record)) = bearer(&app, &headers) else {
        return invalid_token();
    };
    if !record.scope.iter().any(|s| s == "openid") {
        let mut response = (StatusCode::FORBIDDEN, "insufficient scope\n").into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer error=\"insufficient_scope\", scope=\"openid\""),
        );
        return with_client(response, &record.client_id);
    }
    let mut claims = Map::new();
    claims.insert("sub".into(), record.sub.clone().into());
    if let Some(user) = record.username.as_deref().and_then(|u| app.user(u)) {
        claims.extend(claims_for_scopes(&user.claims, &record.scope));
    }
    with_client(
        no_store(axum::Json(Value::Object(claims)).into_response()),
        &record.client_id,
    )
}

async fn introspect(State(app): Shared, headers: HeaderMap, body: Bytes) -> Response {
    let (params, client) = match client_request(&app, &headers, &body, "/introspect") {
        Ok(request) => request,
        Err(r) => return r,
    };
    if client.auth_method == AuthMethod::None {
        return invalid_client("introspection requires client authentication", false);
    }
    let token = params.get("token").map(String::as_str).unwrap_or_default();
    let inactive = || {
        with_client(
            no_store(axum::Json(json!({"active": false})).into_response()),
            &client.id,
        )
    };
    if let Some((claims, record)) = access_record(&app, token) {
        let mut body = json!({
            "active": true,
            "token_type": "access_token",
            "scope": record.scope.join(" "),
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
        return with_client(no_store(axum::Json(body).into_response()), &client.id);
    }
    let now = now();
    let store = app.store.lock();
    match store.refresh.get(token) {
        Some(r)
            if !r.used
                && r.exp > now
                && store.families.get(&r.family).is_some_and(|f| !f.revoked) =>
        {
            let body = json!({
                "active": true,
                "token_type": "refresh_token",
                "scope": r.scope.join(" "),
                "client_id": r.client_id,
                "username": r.username,
                "exp": r.exp,
                "iat": r.iat,
            });
            drop(store);
            with_client(no_store(axum::Json(body).into_response()), &client.id)
        }
        _ => {
            drop(store);
            inactive()
        }
    }
}

async fn revoke(State(app): Shared, headers: HeaderMap, body: Bytes) -> Response {
    let (params, client) = match client_request(&app, &headers, &body, "/revoke") {
        Ok(request) => request,
        Err(r) => return r,
    };
    let token = params.get("token").map(String::as_str).unwrap_or_default();
    // RFC 7009 2.2: unknown and already invalid tokens also get 200.
    if let Some((claims, record)) = access_record(&app, token) {
        if record.client_id == client.id {
            if let Some(jti) = claims.get("jti").and_then(Value::as_str) {
                if let Some(r) = app.store.lock().access.get_mut(jti) {
                    r.revoked = true;
                }
            }
        }
    } else {
        let mut store = app.store.lock();
        if let Some(r) = store.refresh.get(token).cloned() {
            if r.client_id == client.id {
                store.revoke_family(r.family);
            }
        }
    }
    with_client(no_store(StatusCode::OK.into_response()), &client.id)
}

/// The gateway demo's business API: `hello world` for a valid access token.
async fn work(State(app): Shared, headers: HeaderMap) -> Response {
    match bearer(&app, &headers) {
        Some((_, record)) => with_client(
            (StatusCode::OK, "hello world\n").into_response(),
            &record.client_id,
        ),
        None => invalid_token(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_ignore_only_the_port() {
        assert!(loopback_equal_but_port(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:53123/callback"
        ));
        assert!(loopback_equal_but_port(
            "http://[::1]/cb",
            "http://[::1]:8/cb"
        ));
        assert!(!loopback_equal_but_port(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:5/callback/"
        ));
        assert!(!loopback_equal_but_port(
            "http://127.0.0.1/callback",
            "http://127.0.0.2:5/callback"
        ));
        assert!(!loopback_equal_but_port(
            "https://app.example/cb",
            "https://app.example:8443/cb"
        ));
        assert!(!loopback_equal_but_port(
            "http://127.0.0.1/cb",
            "http://127.0.0.1:x/cb"
        ));
    }

    #[test]
    fn params_refuse_repeats_and_floods() {
        assert!(parse_params("a=1&b=2").is_ok());
        assert!(parse_params("a=1&a=2").is_err());
        let flood: Vec<String> = (0..100).map(|i| format!("p{i}=x")).collect();
        assert!(parse_params(&flood.join("&")).is_err());
    }
}
