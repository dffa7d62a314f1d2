//! The one-shot loopback redirect listener (RFC 8252 section 7.3): 127.0.0.1 only, one valid
//! callback or the timeout, then the port is closed. Callbacks with a wrong or missing
//! `state`, or repeated parameters, are answered 400 and the wait goes on.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use subtle::ConstantTimeEq;

use crate::error::{Error, Result};
use crate::protocol::url::Url;
use crate::secret::Secret;

pub struct Listener {
    listener: TcpListener,
    pub redirect_uri: String,
    path: String,
    /// One line per request received (method, path, parameter names; never values), for
    /// the operator's `-v`.
    pub seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    /// The answer comes in the URL's fragment, which browsers never send: a bare request
    /// to the path gets a page that sends the fragment as a query.
    fragment: bool,
    /// The answer is an access token (the implicit grant), not a code.
    token: bool,
    /// JARM: the answer is one signed JWT, `response`; this checks it and gives its
    /// parameters (or why it is refused: then the wait goes on, as for a wrong state).
    jarm: Option<Unwrap>,
}

/// Verifies a JARM `response` and returns the parameters inside it.
pub type Unwrap =
    Box<dyn Fn(&str) -> std::result::Result<Vec<(String, String)>, String> + Send + Sync>;

#[derive(Debug)]
pub enum Callback {
    Code {
        code: Secret,
        iss: Option<String>,
    },
    /// The implicit grant's answer (RFC 6749 section 4.2.2).
    Token {
        access_token: Secret,
        /// The other parameters but `state` (`token_type`, `expires_in`, `scope`...).
        rest: Vec<(String, String)>,
        iss: Option<String>,
    },
    Error {
        error: String,
        description: Option<String>,
        iss: Option<String>,
    },
}

const PAGE_DONE: &str = "<!doctype html><title>oauthctl</title><p>Signed in. You can close this window and return to the terminal.</p>";
/// How long one connection to the listener may take to send its request: long enough for a
/// browser on a loaded machine (a dropped callback would leave the flow waiting for its
/// whole --timeout), short enough that a trickling client cannot hold the listener.
const CONNECTION_DEADLINE: Duration = Duration::from_secs(10);

/// Relays a fragment to the listener as a query: the only script oauthctl ever serves.
const PAGE_FRAGMENT: &str = "<!doctype html><title>oauthctl</title><p>Returning to oauthctl...</p>\
<script>if (location.hash.length > 1) location.replace(location.pathname + '?' + location.hash.slice(1));</script>";

const PAGE_FAILED: &str = "<!doctype html><title>oauthctl</title><p>The authorization server reported an error. See the terminal.</p>";

impl Listener {
    /// Listen for `redirect_uri` (an http URI on 127.0.0.1 or [::1]), or on a random
    /// 127.0.0.1 port with path /callback.
    pub fn bind(redirect_uri: Option<&str>) -> Result<Listener> {
        let (addr, path) = match redirect_uri {
            None => ("127.0.0.1:0".to_string(), "/callback".to_string()),
            Some(uri) => {
                let url = Url::parse(uri).ok_or_else(|| bad_redirect(uri))?;
                let path = if url.rest.is_empty() { "/" } else { url.rest };
                if url.scheme != "http"
                    || url.userinfo.is_some()
                    || !matches!(url.host, "127.0.0.1" | "[::1]")
                    || !path.starts_with('/')
                    || path.contains(['?', '#'])
                {
                    return Err(bad_redirect(uri));
                }
                let addr = format!("{}:{}", url.host, url.port.unwrap_or("0"));
                (addr, path.to_string())
            }
        };
        let listener = TcpListener::bind(&addr)
            .map_err(|e| Error::safety("bind_failed", format!("cannot listen on {addr}: {e}")))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
        let local = listener
            .local_addr()
            .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
        Ok(Listener {
            redirect_uri: format!("http://{local}{path}"),
            listener,
            path,
            seen: Default::default(),
            fragment: false,
            token: false,
            jarm: None,
        })
    }

    /// Expect an access token in the fragment (the implicit grant).
    pub fn for_fragment(mut self) -> Listener {
        self.fragment = true;
        self.token = true;
        self
    }

    /// Expect the answer (a code) in the fragment: `response_mode=fragment` or
    /// `fragment.jwt`.
    pub fn relaying_fragment(mut self) -> Listener {
        self.fragment = true;
        self
    }

    /// Expect a JARM answer, checked by `unwrap`.
    pub fn with_jarm(mut self, unwrap: Unwrap) -> Listener {
        self.jarm = Some(unwrap);
        self
    }

    /// Wait for the callback that carries `state`.
    pub fn wait(self, state: &str, timeout: Duration) -> Result<Callback> {
        self.wait_unless(state, timeout, &AtomicBool::new(false))
    }

    /// Wait as `wait` does, but give up as soon as `cancelled` is set (the login driver
    /// failed, so no callback will come).
    pub fn wait_unless(
        self,
        state: &str,
        timeout: Duration,
        cancelled: &AtomicBool,
    ) -> Result<Callback> {
        let deadline = Instant::now() + timeout;
        loop {
            if cancelled.load(Ordering::SeqCst) {
                return Err(Error::protocol(
                    "login_failed",
                    "the login did not complete",
                ));
            }
            if Instant::now() >= deadline {
                // A callback that came but was refused is the likelier story: say so.
                let refused = self
                    .seen
                    .lock()
                    .ok()
                    .and_then(|seen| seen.iter().rev().find(|l| l.contains("refused")).cloned())
                    .map(|line| format!("; {line}"))
                    .unwrap_or_default();
                return Err(Error::network(
                    "callback_timeout",
                    format!(
                        "no valid authorization callback arrived within {}s{refused}",
                        timeout.as_secs()
                    ),
                )
                .hint("finish the login in the browser sooner, or raise --timeout"));
            }
            match self.listener.accept() {
                Ok((stream, _)) => {
                    if let Some(callback) = self.handle(stream, state, deadline) {
                        return callback;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => return Err(Error::network("listener_failed", e.to_string())),
            }
        }
    }

    /// Read one request and answer it. `None`: not the callback, keep waiting.
    fn handle(
        &self,
        mut stream: TcpStream,
        state: &str,
        deadline: Instant,
    ) -> Option<Result<Callback>> {
        let _ = stream.set_nonblocking(false);
        // One connection gets a short, whole-request deadline (never past the flow's), so
        // that a client trickling bytes cannot hold the listener while the callback waits.
        let until = (Instant::now() + CONNECTION_DEADLINE).min(deadline);
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
                break;
            }
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let text = String::from_utf8_lossy(&head);
        let line = text.lines().next().unwrap_or_default();
        let mut parts = line.split(' ');
        let (method, target) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let names: Vec<String> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .map(|pairs| pairs.into_iter().map(|(n, _)| n).collect())
            .unwrap_or_default();
        if let Ok(mut seen) = self.seen.lock() {
            seen.push(format!(
                "{} {} ({})",
                if method.is_empty() { "?" } else { method },
                path,
                if names.is_empty() {
                    "no parameters".to_string()
                } else {
                    names.join(", ")
                }
            ));
        }
        let respond = |stream: &mut TcpStream, status: &str, body: &str| {
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{body}",
                body.len()
            );
        };
        if method != "GET" || path != self.path {
            respond(&mut stream, "404 Not Found", "not found");
            return None;
        }
        if self.fragment && query.is_empty() {
            respond(&mut stream, "200 OK", PAGE_FRAGMENT);
            return None;
        }
        let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(query) else {
            respond(&mut stream, "400 Bad Request", "malformed query");
            return None;
        };
        let mut seen = std::collections::HashSet::new();
        if pairs.iter().any(|(n, _)| !seen.insert(n.as_str())) {
            respond(&mut stream, "400 Bad Request", "repeated parameter");
            return None;
        }
        let pairs = match &self.jarm {
            None => pairs,
            Some(unwrap) => {
                let response = pairs.iter().find(|(n, _)| n == "response");
                match response.map(|(_, jwt)| unwrap(jwt)) {
                    Some(Ok(inner)) => inner,
                    refused => {
                        let why = match refused {
                            Some(Err(why)) => why,
                            _ => "no `response` parameter".to_string(),
                        };
                        if let Ok(mut seen) = self.seen.lock() {
                            seen.push(format!("the JARM response was refused: {why}"));
                        }
                        respond(&mut stream, "400 Bad Request", "invalid JARM response");
                        return None;
                    }
                }
            }
        };
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        let state_ok =
            get("state").is_some_and(|s| bool::from(s.as_bytes().ct_eq(state.as_bytes())));
        if !state_ok {
            respond(&mut stream, "400 Bad Request", "wrong or missing state");
            return None;
        }
        let iss = get("iss");
        if let Some(error) = get("error") {
            respond(&mut stream, "200 OK", PAGE_FAILED);
            return Some(Ok(Callback::Error {
                error,
                description: get("error_description"),
                iss,
            }));
        }
        if self.token {
            if let Some(token) = get("access_token").filter(|t| !t.is_empty()) {
                respond(&mut stream, "200 OK", PAGE_DONE);
                let rest = pairs
                    .into_iter()
                    .filter(|(n, _)| n != "state" && n != "access_token")
                    .collect();
                return Some(Ok(Callback::Token {
                    access_token: Secret::new(token.into_bytes()),
                    rest,
                    iss,
                }));
            }
            respond(&mut stream, "400 Bad Request", PAGE_FAILED);
            let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
            return Some(Err(Error::protocol(
                "no_token",
                format!(
                    "the implicit grant's answer had the right state but no access_token \
                     (RFC 6749 4.2.2); it had: {}",
                    names.join(", ")
                ),
            )));
        }
        match get("code") {
            Some(code) if !code.is_empty() => {
                respond(&mut stream, "200 OK", PAGE_DONE);
                Some(Ok(Callback::Code {
                    code: Secret::new(code.into_bytes()),
                    iss,
                }))
            }
            _ => {
                // The right state proves this is the server's answer: no later request will
                // bring the code, so stop now and say what did arrive (names, not values).
                respond(&mut stream, "400 Bad Request", PAGE_FAILED);
                let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
                Some(Err(Error::protocol(
                    "no_code",
                    format!(
                        "the callback carried the right state but no code (RFC 6749 4.1.2); it \
                         had the parameters: {}",
                        names.join(", ")
                    ),
                )))
            }
        }
    }
}

fn bad_redirect(uri: &str) -> Error {
    Error::usage(
        "bad_redirect_uri",
        format!("--redirect-uri {uri}: use http://127.0.0.1:PORT/PATH (or [::1]); the listener binds loopback only"),
    )
}
