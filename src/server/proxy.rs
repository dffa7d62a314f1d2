//! Forwarding a request whose token verified to the upstream of a protected path: a plain
//! reverse proxy with the usual forwarding headers (X-Forwarded-For, -Host, -Proto; those a
//! caller sent are dropped, never trusted), a timeout, and the client's `Authorization` kept
//! back unless the configuration sends it on.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::config::Upstream;

/// The largest upstream answer relayed (larger ones are 502).
const MAX_UPSTREAM_BODY: u64 = 2 * 1024 * 1024;
/// Relays in flight at once; others wait (within the server's request deadline), so that
/// upstream answers held in memory stay bounded: at most 64 x 2 MiB.
static IN_FLIGHT: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(64);

/// Headers that describe one connection, never forwarded (RFC 9110 section 7.6.1).
const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
];

/// What the gateway received, to be relayed.
pub struct Incoming {
    pub method: Method,
    /// The path below the protected path, with the query (`/a/b?c=d`), or empty.
    pub rest: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The caller's address, when known.
    pub peer: Option<std::net::SocketAddr>,
}

fn plain(status: StatusCode, text: String) -> Response {
    (status, text).into_response()
}

pub async fn forward(upstream: Upstream, incoming: Incoming) -> Response {
    let Ok(_slot) = IN_FLIGHT.acquire().await else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "the gateway is shutting down\n".into(),
        );
    };
    let target = format!("{}{}", upstream.url, incoming.rest);
    let relayed = tokio::task::spawn_blocking(move || relay(&upstream, &target, incoming)).await;
    match relayed {
        Ok(response) => response,
        Err(e) => plain(
            StatusCode::BAD_GATEWAY,
            format!("the upstream request failed: {e}\n"),
        ),
    }
}

fn relay(upstream: &Upstream, target: &str, incoming: Incoming) -> Response {
    let mut request = ureq::http::Request::builder()
        .method(incoming.method.as_str())
        .uri(target);
    let connection_named: Vec<String> = incoming
        .headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_ascii_lowercase())
        .collect();
    for (name, value) in &incoming.headers {
        let lower = name.as_str();
        let kept_back = HOP_BY_HOP.contains(&lower)
            || connection_named.iter().any(|c| c == lower)
            || lower == "content-length"
            || lower.starts_with("x-forwarded-")
            || lower == "forwarded"
            || (lower == "authorization" && !upstream.forward_authorization);
        if !kept_back {
            request = request.header(name.as_str(), value.as_bytes());
        }
    }
    if let Some(host) = incoming.headers.get(header::HOST) {
        request = request.header("x-forwarded-host", host.as_bytes());
    }
    request = request.header("x-forwarded-proto", "http");
    if let Some(peer) = incoming.peer {
        request = request.header("x-forwarded-for", peer.ip().to_string());
    }
    let request = match request.body(incoming.body.to_vec()) {
        Ok(request) => request,
        Err(e) => {
            return plain(
                StatusCode::BAD_GATEWAY,
                format!("the request cannot be relayed: {e}\n"),
            )
        }
    };
    let agent = crate::oauth::http::relay_agent(upstream.timeout);
    let mut answer = match agent.run(request) {
        Ok(answer) => answer,
        Err(ureq::Error::Timeout(_)) => {
            return plain(
                StatusCode::GATEWAY_TIMEOUT,
                format!(
                    "the upstream did not answer within {} s\n",
                    upstream.timeout.as_secs()
                ),
            )
        }
        Err(e) => {
            return plain(
                StatusCode::BAD_GATEWAY,
                format!("the upstream cannot be reached: {e}\n"),
            )
        }
    };
    let body = match answer
        .body_mut()
        .with_config()
        .limit(MAX_UPSTREAM_BODY)
        .read_to_vec()
    {
        Ok(body) => body,
        Err(e) => {
            return plain(
                StatusCode::BAD_GATEWAY,
                format!("reading the upstream's answer failed: {e}\n"),
            )
        }
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    for (name, value) in answer.headers() {
        let lower = name.as_str();
        if HOP_BY_HOP.contains(&lower) || lower == "content-length" {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
