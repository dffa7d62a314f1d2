//! Entry points for the fuzz targets in `fuzz/` (cargo fuzz) and for the test that replays
//! their seed corpora on stable Rust: every parser of untrusted input, each fed arbitrary
//! bytes. A panic, or a server error where a refusal is due, is a finding.

use std::sync::{Arc, OnceLock};

use crate::jwt::claims::Policy;
use crate::jwt::token::KeyRing;
use crate::keys::{generate, load, Curve, Key};
use crate::server::{config, router, App};

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

fn ec_key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut key = generate::generate(generate::KeySpec::Ec(Curve::P256)).expect("keygen");
        key.kid = Some(key.kid_or_thumbprint());
        key
    })
}

/// A token through the strict parser and the whole verifier.
pub fn token(data: &[u8]) {
    let Some(token) = text(data) else { return };
    let _ = crate::jwt::jws::parse(token);
    let _ = crate::jwt::token::extract(token);
    static RING: OnceLock<KeyRing> = OnceLock::new();
    let ring =
        RING.get_or_init(|| KeyRing::new(vec![ec_key().public()], false, &[]).expect("ring"));
    let policy = Policy {
        now: 1_800_000_000,
        ..Policy::default()
    };
    let _ = ring.verify(token, &policy);
}

/// A key file in any format the loader sniffs (PEM, DER, JWK, JWKS, certificates).
pub fn key_file(data: &[u8]) {
    if let Ok(loaded) = load::parse(data, &load::no_passphrase) {
        for key in &loaded.keys {
            let _ = key.describe();
            let _ = crate::keys::jwk::to_jwk(key, false);
        }
    }
}

/// A discovery document and a JWKS, as a server would send them.
pub fn metadata(data: &[u8]) {
    if let Ok(doc) = crate::json::parse_object(data) {
        for name in [
            "issuer",
            "jwks_uri",
            "token_endpoint",
            "authorization_endpoint",
        ] {
            let _ = crate::oauth::discovery::endpoint(&doc, name);
        }
        let _ = crate::protocol::error::error_of(&doc);
    }
    if let Some(url) = text(data) {
        let _ = crate::protocol::url::Url::parse(url);
        let _ = crate::oauth::discovery::metadata_urls(url);
    }
}

/// A login or consent page, as `--login auto` reads it.
pub fn login_page(data: &[u8]) {
    if let Some(html) = text(data) {
        for form in crate::oauth::html::forms(html) {
            let _ = form.has_password();
        }
        let _ = crate::oauth::html::title(html);
    }
}

/// A `serve --config` file.
pub fn server_config(data: &[u8]) {
    if let Some(toml) = text(data) {
        let bind = "127.0.0.1:8080".parse().expect("literal address");
        let _ = config::from_text(toml, std::path::Path::new("fuzz.toml"), bind, false);
    }
}

/// One HTTP request to the server's router (no socket): the first byte picks the endpoint
/// and method, the rest is split into a query or Authorization header and a form body.
/// Any answer but a 5xx other than 503 (a full store) is fine.
pub fn server_request(data: &[u8]) {
    use tower::ServiceExt;
    const ROUTES: [(&str, &str); 10] = [
        ("GET", "/authorize"),
        ("POST", "/token"),
        ("POST", "/login"),
        ("POST", "/consent"),
        ("POST", "/introspect"),
        ("POST", "/revoke"),
        ("POST", "/device_authorization"),
        ("POST", "/device"),
        ("GET", "/userinfo"),
        ("GET", "/work"),
    ];
    static SERVER: OnceLock<(tokio::runtime::Runtime, Arc<App>)> = OnceLock::new();
    let (runtime, app) = SERVER.get_or_init(|| {
        let (clients, users) = config::demo(
            crate::secret::Secret::new(b"fuzz-secret-0123456789abcdefghij".to_vec()),
            crate::secret::Secret::new(b"fuzz-password".to_vec()),
        );
        let settings = config::Settings {
            bind: "127.0.0.1:8080".parse().expect("literal address"),
            issuer: None,
            keys: vec![ec_key().clone()],
            users,
            clients,
            auto_approve: true,
            protected: vec![config::Protected::default_work()],
            demo_tokens: None,
            tls: None,
            assertion_issuers: Vec::new(),
        };
        let app = App::new(settings, "http://127.0.0.1:8080".into(), Box::new(|_| {}))
            .expect("the demo settings are valid");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        (runtime, Arc::new(app))
    });
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let (method, path) = ROUTES[pick as usize % ROUTES.len()];
    let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let (head, body) = rest.split_at(split);
    let head = String::from_utf8_lossy(head);
    let uri = if method == "GET" {
        format!("{path}?{head}")
    } else {
        path.to_string()
    };
    let mut request = axum::http::Request::builder().method(method).uri(&uri);
    if method == "POST" {
        request = request
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", head.as_ref());
    } else {
        request = request.header("authorization", head.as_ref());
    }
    let body = body.get(1..).unwrap_or_default().to_vec();
    let Ok(request) = request.body(axum::body::Body::from(body)) else {
        return;
    };
    let response = runtime
        .block_on(router::router(app.clone()).oneshot(request))
        .expect("the router is infallible");
    let status = response.status();
    assert!(
        !status.is_server_error() || status == axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "{method} {uri}: {status}"
    );
}
