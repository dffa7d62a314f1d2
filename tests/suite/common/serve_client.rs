//! A client for the in-process `oauthctl serve` of the serve tests: start a server with the
//! demo clients on a free loopback port, send requests, and walk the code flow.

use std::collections::HashMap;
use std::time::Duration;

use aws_lc_rs::digest;
use oauthctl::b64;
use oauthctl::secret::Secret;
use oauthctl::server::{self, config};
use serde_json::Value;

pub const SECRET: &str = "demo-secret-for-tests-0123456789";
pub const PASSWORD: &str = "demo-password";

pub struct Server {
    pub running: server::Running,
}

/// A fresh agent per request: ureq keeps cookies per agent, and these tests send the
/// session cookie only where they mean to.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .new_agent()
}

pub fn start_with(edit: impl FnOnce(&mut config::Settings)) -> Server {
    start_limited(server::Limits::default(), edit)
}

/// A server with explicit bounds (caps, timeouts, worker threads).
pub fn start_limited(limits: server::Limits, edit: impl FnOnce(&mut config::Settings)) -> Server {
    let listener = server::bind("127.0.0.1:0".parse().unwrap(), false).unwrap();
    let (clients, users) = config::demo(Secret::new(SECRET.into()), Secret::new(PASSWORD.into()));
    let mut key = oauthctl::keys::generate::generate(oauthctl::keys::generate::KeySpec::Ec(
        oauthctl::keys::Curve::P256,
    ))
    .unwrap();
    key.kid = Some(key.kid_or_thumbprint());
    let mut settings = config::Settings {
        bind: listener.local_addr().unwrap(),
        issuer: None,
        keys: vec![key],
        users,
        clients,
        auto_approve: false,
        protected: vec![config::Protected::default_work()],
        demo_tokens: None,
        tls: None,
        assertion_issuers: Vec::new(),
    };
    edit(&mut settings);
    let running = server::spawn_with_limits(listener, settings, Box::new(|_| {}), limits).unwrap();
    Server { running }
}

pub fn start() -> Server {
    start_with(|_| {})
}

pub struct Reply {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn location(&self) -> String {
        self.headers.get("location").cloned().unwrap_or_default()
    }
    /// A query parameter of the Location header.
    pub fn location_param(&self, name: &str) -> Option<String> {
        let location = self.location();
        let query = location.split_once('?')?.1;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
        pairs.into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

pub fn reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = response.expect("the server answers");
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Reply {
        status,
        headers,
        body,
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.issuer)
    }
    pub fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = agent().get(&self.url(path));
        if let Some(c) = cookie {
            request = request.header("Cookie", c);
        }
        reply(request.call())
    }
    /// GET with `Authorization: Bearer <token>`.
    pub fn get_bearer(&self, path: &str, token: &str) -> Reply {
        reply(
            agent()
                .get(&self.url(path))
                .header("Authorization", &format!("Bearer {token}"))
                .call(),
        )
    }
    /// GET with the given headers.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = agent().get(&self.url(path));
        for (n, v) in headers {
            request = request.header(*n, *v);
        }
        reply(request.call())
    }
    pub fn post(&self, path: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> Reply {
        let mut request = agent()
            .post(&self.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded");
        for (n, v) in headers {
            request = request.header(*n, *v);
        }
        reply(request.send(serde_urlencoded::to_string(form).unwrap()))
    }
    pub fn post_raw(&self, path: &str, body: String) -> Reply {
        reply(
            agent()
                .post(&self.url(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send(body),
        )
    }
}

pub fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{id}:{secret}")
        )
    )
}

pub fn pkce() -> (String, String) {
    let verifier = b64::encode(b"a verifier of at least thirty-two bytes!!");
    let challenge = b64::encode(digest::digest(&digest::SHA256, verifier.as_bytes()));
    (verifier, challenge)
}

pub const REDIRECT: &str = "http://127.0.0.1:49152/callback";

pub fn authorize_path(client: &str, redirect: &str, challenge: &str, scope: &str) -> String {
    format!(
        "/authorize?{}",
        serde_urlencoded::to_string([
            ("response_type", "code"),
            ("client_id", client),
            ("redirect_uri", redirect),
            ("scope", scope),
            ("state", "st4te"),
            ("nonce", "n0nce"),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ])
        .unwrap()
    )
}

pub fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {body}"))
        + marker.len();
    body[start..start + body[start..].find('"').unwrap()].to_string()
}

/// A new authorization request, signed in as the demo user: the request id, the login
/// answer (a redirect with the code, or the consent page) and the session cookie.
pub fn sign_in(s: &Server, client: &str, challenge: &str, scope: &str) -> (String, Reply, String) {
    let page = s.get(&authorize_path(client, REDIRECT, challenge, scope), None);
    assert_eq!(page.status, 200, "{}", page.body);
    let request_id = hidden(&page.body, "request_id");
    let logged = s.post(
        "/login",
        &[
            ("request_id", &request_id),
            ("username", "demo"),
            ("password", PASSWORD),
        ],
        &[],
    );
    let cookie = logged
        .headers
        .get("set-cookie")
        .expect("a session cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert!(logged.headers["set-cookie"].contains("HttpOnly"));
    (request_id, logged, cookie)
}

/// Sign in for a fresh request and stop at the consent page: request id, session cookie
/// and the form's CSRF token.
pub fn at_consent(s: &Server, client: &str, scope: &str) -> (String, String, String) {
    let (request_id, logged, cookie) = sign_in(s, client, &pkce().1, scope);
    assert_eq!(logged.status, 200, "the consent page: {}", logged.body);
    let csrf = hidden(&logged.body, "csrf");
    (request_id, cookie, csrf)
}

/// Log in and approve; returns the code.
pub fn get_code(s: &Server, client: &str, challenge: &str, scope: &str) -> String {
    let (request_id, logged, cookie) = sign_in(s, client, challenge, scope);
    let code = if logged.status == 303 {
        logged.location_param("code")
    } else {
        let csrf = hidden(&logged.body, "csrf");
        let approved = s.post(
            "/consent",
            &[
                ("request_id", &request_id),
                ("csrf", &csrf),
                ("decision", "approve"),
            ],
            &[("Cookie", &cookie)],
        );
        assert_eq!(approved.status, 303, "{}", approved.body);
        assert_eq!(approved.location_param("state").as_deref(), Some("st4te"));
        assert_eq!(
            approved.location_param("iss").as_deref(),
            Some(s.running.issuer.as_str())
        );
        approved.location_param("code")
    };
    code.expect("a code in the redirect")
}

pub fn exchange(s: &Server, code: &str, verifier: &str) -> Reply {
    s.post(
        "/token",
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ],
        &[("Authorization", &basic("demo-client", SECRET))],
    )
}

pub fn introspect(s: &Server, token: &str) -> Value {
    s.post(
        "/introspect",
        &[("token", token)],
        &[("Authorization", &basic("demo-client", SECRET))],
    )
    .json()
}

/// Files holding the demo secret and password, in a directory kept alive by the caller.
pub fn secret_files() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (secret, password) = (dir.path().join("secret"), dir.path().join("password"));
    std::fs::write(&secret, SECRET).unwrap();
    std::fs::write(&password, PASSWORD).unwrap();
    let text = |p: std::path::PathBuf| p.to_str().unwrap().to_string();
    (dir, text(secret), text(password))
}

/// `oauthctl flow --output json` against `s` as demo-client, signing in headlessly.
pub fn run_flow(s: &Server, extra: &[&str]) -> std::process::Output {
    flow_with_output(s, "json", extra)
}

/// [`run_flow`] with text output (for `--print`, which prints plain data).
pub fn run_flow_text(s: &Server, extra: &[&str]) -> std::process::Output {
    flow_with_output(s, "text", extra)
}

fn flow_with_output(s: &Server, output: &str, extra: &[&str]) -> std::process::Output {
    let (_dir, secret, password) = secret_files();
    super::oauthctl()
        .args(["--output", output, "flow", "--issuer", &s.running.issuer])
        .args([
            "--client-id",
            "demo-client",
            "--client-secret-file",
            &secret,
        ])
        .args([
            "--login",
            "auto",
            "--username",
            "demo",
            "--password-file",
            &password,
        ])
        .args(extra)
        .output()
        .unwrap()
}
