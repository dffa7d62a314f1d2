//! The server's error answers. [`OAuthError`] is an RFC 6749 section 5.2 error (JSON with
//! `error` and `error_description`, `Cache-Control: no-store`), with the RFC 6750 or
//! Basic challenge where one is due; handlers return it with `?`. [`PageError`] is the
//! HTML page shown at the authorization endpoint before the client and its redirect URI
//! are trusted (RFC 6749 section 4.1.2.1: never redirect to an unverified URI).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::pages;
use crate::protocol::ErrorCode;

/// The client a response concerns, for the request log.
#[derive(Clone)]
pub struct LoggedClient(pub String);

/// Record the client a response concerns, for the request log.
pub fn log_client(mut response: Response, client: &str) -> Response {
    response
        .extensions_mut()
        .insert(LoggedClient(client.to_string()));
    response
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Challenge {
    None,
    /// RFC 6749 section 5.2: a failed Basic authentication answers with its scheme.
    Basic,
}

/// An OAuth error answer.
#[derive(Debug, Clone)]
pub struct OAuthError {
    status: StatusCode,
    code: ErrorCode,
    description: String,
    challenge: Challenge,
    client: Option<String>,
    retry_after: Option<u64>,
    /// RFC 9449 section 8: the nonce a client must put in its next DPoP proof.
    dpop_nonce: Option<String>,
}

impl OAuthError {
    pub fn new(status: StatusCode, code: ErrorCode, description: impl Into<String>) -> Self {
        OAuthError {
            status,
            code,
            description: description.into(),
            challenge: Challenge::None,
            client: None,
            retry_after: None,
            dpop_nonce: None,
        }
    }

    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            description,
        )
    }

    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidGrant,
            description,
        )
    }

    pub fn invalid_scope(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidScope,
            description,
        )
    }

    pub fn unauthorized_client(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::UnauthorizedClient,
            description,
        )
    }

    /// 401 `invalid_client`, with the Basic challenge every 401 needs (RFC 9110 section
    /// 15.5.2; RFC 6749 section 5.2 names Basic for clients that used it, and it is the
    /// scheme this server offers whatever the client tried).
    pub fn invalid_client(description: impl Into<String>) -> Self {
        let mut error = Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidClient,
            description,
        );
        error.challenge = Challenge::Basic;
        error
    }

    /// RFC 8707 section 2: a resource the client may not use, or not a valid one.
    pub fn invalid_target(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidTarget,
            description,
        )
    }

    pub fn server_error(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::ServerError,
            description,
        )
    }

    /// 503: a bounded store is full. The client may retry once records expire.
    pub fn temporarily_unavailable(description: impl Into<String>) -> Self {
        let mut error = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::TemporarilyUnavailable,
            description,
        );
        error.retry_after = Some(10);
        error
    }

    /// Send `DPoP-Nonce` with the answer.
    pub fn with_dpop_nonce(mut self, nonce: String) -> Self {
        self.dpop_nonce = Some(nonce);
        self
    }

    /// The client this answer concerns, for the request log.
    pub fn for_client(mut self, client_id: &str) -> Self {
        self.client = Some(client_id.to_string());
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    pub fn description(&self) -> &str {
        &self.description
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            axum::Json(json!({
                "error": self.code.as_str(),
                "error_description": self.description,
            })),
        )
            .into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        match self.challenge {
            Challenge::None => {}
            Challenge::Basic => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"oauthctl\""),
                );
            }
        }
        if let Some(nonce) = self.dpop_nonce.and_then(|n| HeaderValue::from_str(&n).ok()) {
            headers.insert(super::dpop::NONCE_HEADER, nonce);
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        match &self.client {
            Some(client) => log_client(response, client),
            None => response,
        }
    }
}

/// An HTML error page of the authorization endpoint and its forms.
#[derive(Debug, Clone)]
pub struct PageError {
    message: String,
    client: Option<String>,
    /// The OAuth error this page stands for, where an endpoint answers in JSON instead
    /// (the PAR endpoint).
    code: ErrorCode,
}

impl PageError {
    pub fn new(message: impl Into<String>) -> Self {
        PageError {
            message: message.into(),
            client: None,
            code: ErrorCode::InvalidRequest,
        }
    }

    pub fn with_code(mut self, code: ErrorCode) -> Self {
        self.code = code;
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    pub fn for_client(mut self, client_id: &str) -> Self {
        self.client = Some(client_id.to_string());
        self
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let response = html(
            StatusCode::BAD_REQUEST,
            pages::error("Authorization request refused", &self.message),
        );
        match &self.client {
            Some(client) => log_client(response, client),
            None => response,
        }
    }
}

/// An HTML page that must not be cached or framed.
pub fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    response
}

/// A JSON answer that carries tokens or token state: never cached (RFC 6749 section 5.1).
pub fn no_store_json(body: serde_json::Value) -> Response {
    let mut response = axum::Json(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}
