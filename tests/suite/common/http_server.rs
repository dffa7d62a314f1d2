//! A tiny HTTP/1.1 server on 127.0.0.1 for tests: fixed responses by path, a log of the
//! paths asked for, and a bounded life (it stops when dropped).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

/// Answers computed from the request target (path and query), for servers that must echo
/// `state` or remember a `nonce`.
pub type Handler = Arc<dyn Fn(&str) -> Reply + Send + Sync>;

impl Reply {
    pub fn json(body: impl Into<String>) -> Reply {
        Reply {
            status: 200,
            content_type: "application/json",
            body: body.into(),
            headers: Vec::new(),
        }
    }

    pub fn redirect(location: String) -> Reply {
        Reply {
            status: 302,
            content_type: "text/plain",
            body: String::new(),
            headers: vec![("Location".into(), location)],
        }
    }
}

/// What a request sent, as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// The request target as sent: path and query.
    pub target: String,
    /// Header names in lower case, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

pub struct TestServer {
    pub base: String,
    pub requests: Arc<Mutex<Vec<String>>>,
    /// Every request in full (method, path, body), for tests that check what was sent.
    pub seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    handlers: Arc<Mutex<HashMap<String, Handler>>>,
    port: u16,
    handle: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Serve `routes` (path -> reply; others 404). `routes` may be filled in after start
    /// through the returned map, since URLs depend on the port.
    pub fn start(routes: Arc<Mutex<HashMap<String, Reply>>>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let handlers: Arc<Mutex<HashMap<String, Handler>>> = Arc::default();
        let (stop2, requests2, handlers2) = (stop.clone(), requests.clone(), handlers.clone());
        let seen2 = seen.clone();
        let handle = std::thread::spawn(move || {
            // Bounded: a test never needs more than a few hundred requests.
            for stream in listener.incoming().take(500) {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    serve(stream, &routes, &handlers2, &requests2, &seen2);
                }
            }
        });
        TestServer {
            base: format!("http://127.0.0.1:{port}"),
            requests,
            seen,
            stop,
            handlers,
            port,
            handle: Some(handle),
        }
    }

    /// Answer `path` with a function of the full request target.
    pub fn handle(&self, path: &str, handler: impl Fn(&str) -> Reply + Send + Sync + 'static) {
        self.handlers
            .lock()
            .unwrap()
            .insert(path.to_string(), Arc::new(handler));
    }

    pub fn paths(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(
    stream: TcpStream,
    routes: &Mutex<HashMap<String, Reply>>,
    handlers: &Mutex<HashMap<String, Handler>>,
    log: &Mutex<Vec<String>>,
    seen: &Mutex<Vec<Seen>>,
) {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let method = line.split_whitespace().next().unwrap_or("").to_string();
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let path = target.split('?').next().unwrap_or("/").to_string();
    let mut content_length = 0usize;
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        content_length = value.trim().parse().unwrap_or(0);
                    }
                    headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
                }
            }
        }
    }
    // Read the body too: closing a socket with unread data sends a reset, which can cut a
    // large response short on the client's side.
    let mut body = vec![0u8; content_length.min(1 << 20)];
    let _ = std::io::Read::read_exact(&mut reader, &mut body);
    log.lock().unwrap().push(path.clone());
    seen.lock().unwrap().push(Seen {
        method,
        path: path.clone(),
        target: target.clone(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let handler = handlers.lock().unwrap().get(&path).cloned();
    let reply = match handler {
        Some(handler) => handler(&target),
        None => routes.lock().unwrap().get(&path).cloned().unwrap_or(Reply {
            status: 404,
            content_type: "text/plain",
            body: "not found".into(),
            headers: Vec::new(),
        }),
    };
    let extra: String = reply
        .headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}\r\n"))
        .collect();
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {} X\r\nContent-Type: {}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        reply.status,
        reply.content_type,
        reply.body.len(),
        reply.body
    );
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}
