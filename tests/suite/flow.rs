//! `oauthctl flow` against `oauthctl serve` (embedded and as a process), and the F cases
//! of ../shared/hostile-cases.md that concern the client and its loopback listener.

use crate::common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::http_server::{Reply, TestServer};
use common::{assert_success, oauthctl};
use oauthctl::oauth::flow::check_token_response;
use oauthctl::oauth::http::HttpResponse;
use oauthctl::oauth::loopback::{Callback, Listener};
use serde_json::{json, Value};

#[test]
fn embedded_flow_passes_every_step() {
    let out = oauthctl().args(["flow", "--embedded"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for step in [
        "discovery",
        "authorize",
        "callback",
        "token",
        "id_token",
        "userinfo",
        "refresh",
        "introspect",
        "revoke",
        "introspect_revoked",
    ] {
        assert!(stderr.contains(step), "{step} missing: {stderr}");
    }
    assert!(stderr.contains("10 of 10 steps passed"), "{stderr}");
}

#[test]
fn json_report_has_the_documented_schema() {
    let out = oauthctl()
        .args(["--output", "json", "flow", "--embedded"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], true);
    assert!(doc["ms"].is_u64());
    for step in doc["steps"].as_array().unwrap() {
        assert!(
            step["name"].is_string()
                && step["ok"].is_boolean()
                && step["ms"].is_u64()
                && step["detail"].is_string(),
            "{step}"
        );
    }
}

#[test]
fn print_gives_just_the_token_and_client_credentials_run() {
    let out = oauthctl()
        .args([
            "flow",
            "--embedded",
            "--print",
            "access_token",
            "--steps",
            "userinfo",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.trim().split('.').count(), 3, "{stdout}");
    let out = oauthctl()
        .args([
            "--output",
            "json",
            "flow",
            "--embedded",
            "--grant",
            "client-credentials",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "discovery",
            "token",
            "introspect",
            "revoke",
            "introspect_revoked"
        ]
    );
}

#[test]
fn client_credentials_sends_the_requested_scope() {
    let out = oauthctl()
        .args([
            "flow",
            "--embedded",
            "--grant",
            "client-credentials",
            "--scope",
            "read",
            "--print",
            "access_token",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let token = String::from_utf8(out.stdout).unwrap();
    let payload = token.trim().split('.').nth(1).expect("a JWT access token");
    let claims: Value = serde_json::from_slice(&oauthctl::b64::decode(payload).unwrap()).unwrap();
    assert_eq!(claims["scope"], "read", "{claims}");
}

#[test]
fn the_device_grant_runs_headless_and_asks_for_the_requested_scope() {
    let out = oauthctl()
        .args([
            "--output",
            "json",
            "flow",
            "--embedded",
            "--grant",
            "device",
        ])
        .args(["--scope", "read", "--steps", "introspect"])
        .output()
        .unwrap();
    assert_success(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = doc["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "discovery",
            "device_authorization",
            "device_approve",
            "token",
            "introspect"
        ]
    );
    assert!(
        steps[3]["detail"]
            .as_str()
            .unwrap()
            .starts_with("approved after 1 poll(s)"),
        "{doc}"
    );
    let out = oauthctl()
        .args(["flow", "--embedded", "--grant", "device", "--scope", "read"])
        .args(["--print", "access_token"])
        .output()
        .unwrap();
    assert_success(&out);
    let token = String::from_utf8(out.stdout).unwrap();
    let payload = token.trim().split('.').nth(1).expect("a JWT access token");
    let claims: Value = serde_json::from_slice(&oauthctl::b64::decode(payload).unwrap()).unwrap();
    assert_eq!(claims["scope"], "read", "{claims}");
}

type Serve = common::serve_process::ServeProcess;

fn serve(extra: &[&str]) -> Serve {
    common::serve_process::start(&[&["--ephemeral"], extra].concat(), None)
}

#[test]
fn f11_nothing_secret_is_shown_even_at_the_highest_verbosity() {
    let server = serve(&[]);
    let secret = std::fs::read_to_string(&server.secret_file).unwrap();
    let password = std::fs::read_to_string(&server.password_file).unwrap();
    for format in ["text", "json"] {
        let out = oauthctl()
            .args(["-vvv", "--output", format, "flow"])
            .args(server.demo_client_args())
            .args(["--login", "auto", "--username", "demo"])
            .args(["--password-file", &server.password_file])
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{all}");
        for needle in [
            secret.trim(),
            password.trim(),
            "eyJ",
            "code=",
            "code_verifier",
            "state=",
        ] {
            assert!(
                !all.contains(needle),
                "{format} output shows {needle:?}: {all}"
            );
        }
    }
}

#[test]
fn explicit_endpoints_work_without_discovery_and_public_clients_use_no_secret() {
    let server = serve(&["--auto-approve"]);
    let i = &server.issuer;
    let out = oauthctl()
        .args([
            "--output",
            "json",
            "flow",
            "--client-id",
            "demo-public",
            "--auth-method",
            "none",
        ])
        .args([
            "--authorize-url",
            &format!("{i}/authorize"),
            "--token-url",
            &format!("{i}/token"),
        ])
        .args([
            "--userinfo-url",
            &format!("{i}/me"),
            "--jwks-url",
            &format!("{i}/jwks"),
        ])
        .args([
            "--login",
            "auto",
            "--username",
            "demo",
            "--password-file",
            &server.password_file,
        ])
        .args([
            "--resource-url",
            &format!("{i}/work"),
            "--bearer-format",
            "gateway",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(doc["ok"], true, "{doc}");
    let names: Vec<&str> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "authorize",
            "callback",
            "token",
            "id_token",
            "userinfo",
            "resource",
            "refresh",
            "introspect",
            "revoke"
        ]
    );
    // Without those endpoints (and as a public client) the last two are reported skipped.
    let skipped: Vec<&str> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["skipped"] == true)
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["introspect", "revoke"]);
}

#[test]
fn f6_no_callback_within_the_timeout_is_exit_6() {
    let server = serve(&[]);
    let out = oauthctl()
        .args(["flow"])
        .args(server.demo_client_args())
        .args(["--login", "print", "--timeout", "1s"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[callback_timeout]"));
}

#[test]
fn f7_discovery_naming_another_issuer_is_exit_5_and_nothing_is_sent() {
    let routes = Arc::new(Mutex::new(HashMap::new()));
    let server = TestServer::start(routes.clone());
    routes.lock().unwrap().insert(
        "/.well-known/openid-configuration".into(),
        Reply::json(json!({"issuer": "https://elsewhere.example", "token_endpoint": format!("{}/token", server.base)}).to_string()),
    );
    let out = oauthctl()
        .args([
            "flow",
            "--issuer",
            &server.base,
            "--client-id",
            "x",
            "--auth-method",
            "none",
            "--login",
            "auto",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("issuer_mismatch"));
    assert_eq!(server.paths(), ["/.well-known/openid-configuration"]);
}

fn send(redirect_uri: &str, query: &str) -> u16 {
    let rest = redirect_uri.strip_prefix("http://").unwrap();
    let (addr, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path}?{query} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response[9..12].parse().unwrap()
}

#[test]
fn f1_f2_f5_wrong_missing_or_repeated_state_is_400_and_the_wait_goes_on() {
    let listener = Listener::bind(None).unwrap();
    let uri = listener.redirect_uri.clone();
    assert!(
        uri.starts_with("http://127.0.0.1:"),
        "F5: loopback only: {uri}"
    );
    let waiting = std::thread::spawn(move || listener.wait("the-state", Duration::from_secs(10)));
    assert_eq!(send(&uri, "code=c&state=wrong"), 400);
    assert_eq!(send(&uri, "code=c"), 400);
    assert_eq!(send(&uri, "code=c&state=the-state&state=the-state"), 400);
    assert_eq!(send(&uri, "code=c&code=d&state=the-state"), 400);
    assert_eq!(send(&uri, "code=good&state=the-state&iss=x"), 200);
    match waiting.join().unwrap().unwrap() {
        Callback::Code { code, iss } => {
            assert_eq!(code.expose(), b"good");
            assert_eq!(iss.as_deref(), Some("x"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn f4_an_error_callback_ends_the_wait_with_its_description() {
    let listener = Listener::bind(None).unwrap();
    let uri = listener.redirect_uri.clone();
    let waiting = std::thread::spawn(move || listener.wait("s", Duration::from_secs(10)));
    let query = "error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=s";
    assert_eq!(send(&uri, query), 200);
    match waiting.join().unwrap().unwrap() {
        Callback::Error {
            error, description, ..
        } => {
            assert_eq!(error, "access_denied");
            assert_eq!(description.as_deref(), Some("<script>alert(1)</script>"));
        }
        other => panic!("{other:?}"),
    }
}

/// The inode of the socket listening on 127.0.0.1:`port` (from /proc/net/tcp).
fn listening_inode(port: u16) -> Option<String> {
    let table = std::fs::read_to_string("/proc/net/tcp").ok()?;
    let local = format!("0100007F:{port:04X}");
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // local_address, then st (0A = LISTEN), then the inode in the tenth column.
        (fields.get(1) == Some(&local.as_str()) && fields.get(3) == Some(&"0A"))
            .then(|| fields.get(9).map(|s| s.to_string()))
            .flatten()
    })
}

/// Whether a descriptor of this process still refers to the socket `inode`.
fn held_here(inode: &str) -> bool {
    let target = format!("socket:[{inode}]");
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .any(|link| link.to_string_lossy() == target)
}

#[test]
fn f6_listener_times_out_and_closes_the_port() {
    let listener = Listener::bind(None).unwrap();
    let uri = listener.redirect_uri.clone();
    let port: u16 = uri
        .strip_prefix("http://127.0.0.1:")
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap();
    // The listening socket itself, so that another test given the freed port later (the
    // suite runs in parallel, in this very process too) cannot be mistaken for it.
    let inode = listening_inode(port).expect("the listener is in /proc/net/tcp");
    assert!(held_here(&inode));
    let err = listener.wait("s", Duration::from_millis(300)).unwrap_err();
    assert_eq!(err.status.code(), 6);
    assert!(
        !held_here(&inode),
        "the listener's socket is still open after the wait"
    );
}

fn response(status: u16, content_type: &str, body: &str) -> HttpResponse {
    HttpResponse {
        url: "http://127.0.0.1/token".into(),
        status,
        headers: vec![("content-type".into(), content_type.into())],
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn f9_token_responses_are_checked() {
    // Each defect with the reason and words that name it.
    let bad = [
        (
            response(200, "text/html", "<html>login</html>"),
            "bad_token_response",
            "text/html, not a JSON object",
        ),
        (
            response(200, "application/json", r#"{"token_type":"Bearer"}"#),
            "bad_token_response",
            "no access_token",
        ),
        (
            response(
                200,
                "application/json",
                r#"{"access_token":"","token_type":"Bearer"}"#,
            ),
            "bad_token_response",
            "no access_token",
        ),
        (
            response(
                200,
                "application/json",
                r#"{"access_token":"a","token_type":"mac"}"#,
            ),
            "bad_token_response",
            "token_type is `mac`",
        ),
        (
            // N_A is for exchanged tokens only (RFC 8693 2.2.1), which name their type.
            response(
                200,
                "application/json",
                r#"{"access_token":"a","token_type":"N_A"}"#,
            ),
            "bad_token_response",
            "token_type is `N_A`",
        ),
        (
            response(400, "application/json", r#"{"error":"invalid_grant"}"#),
            "token_error",
            "`invalid_grant`",
        ),
        (
            response(
                200,
                "application/json",
                r#"{"access_token":"a","token_type":"Bearer","expires_in":"soon"}"#,
            ),
            "bad_token_response",
            "expires_in",
        ),
    ];
    for (r, reason, words) in &bad {
        let err = check_token_response(r).unwrap_err();
        let body = String::from_utf8_lossy(&r.body);
        assert_eq!(err.status.code(), 5, "{body}");
        assert_eq!(err.reason, *reason, "{body}: {}", err.message);
        assert!(err.message.contains(words), "{body}: {}", err.message);
    }
    let lenient = response(
        200,
        "application/json",
        r#"{"access_token":"a","token_type":"bearer","expires_in":"3600"}"#,
    );
    assert!(check_token_response(&lenient).is_ok());
}

#[test]
fn the_implicit_listener_relays_the_fragment_and_takes_the_token() {
    let listener = Listener::bind(None).unwrap().for_fragment();
    let uri = listener.redirect_uri.clone();
    let waiting = std::thread::spawn(move || listener.wait("s", Duration::from_secs(10)));
    // A browser asks for the bare path (it never sends the fragment): the relay page.
    let rest = uri.strip_prefix("http://").unwrap();
    let (addr, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut page = String::new();
    stream.read_to_string(&mut page).unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("location.hash"), "{page}");
    // The relayed fragment, as a query.
    assert_eq!(
        send(
            &uri,
            "access_token=t0k&token_type=Bearer&expires_in=60&state=s"
        ),
        200
    );
    match waiting.join().unwrap().unwrap() {
        Callback::Token {
            access_token, rest, ..
        } => {
            assert_eq!(access_token.expose(), b"t0k");
            assert!(
                rest.contains(&("token_type".into(), "Bearer".into())),
                "{rest:?}"
            );
            assert!(!rest.iter().any(|(n, _)| n == "state"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn flow_runs_the_legacy_implicit_grant_against_serve_with_a_warning() {
    use common::serve_client::{start_with, PASSWORD, SECRET};
    let s = start_with(|settings| {
        settings.auto_approve = true;
        settings.clients[0].allow_implicit = true;
    });
    let dir = tempfile::tempdir().unwrap();
    let (secret, password) = (dir.path().join("secret"), dir.path().join("password"));
    std::fs::write(&secret, SECRET).unwrap();
    std::fs::write(&password, PASSWORD).unwrap();
    let out = oauthctl()
        .args(["--output", "json", "flow", "--grant", "implicit"])
        .args(["--issuer", &s.running.issuer, "--client-id", "demo-client"])
        .arg("--client-secret-file")
        .arg(&secret)
        .args(["--login", "auto", "--username", "demo", "--password-file"])
        .arg(&password)
        .args(["--scope", "openid email"])
        .output()
        .unwrap();
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the implicit grant is legacy"), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let step = |name: &str| {
        doc["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no {name} step in {doc}"))
            .clone()
    };
    assert_eq!(step("callback")["ok"], true, "{doc}");
    assert_eq!(step("userinfo")["ok"], true, "{doc}");
    assert_eq!(step("introspect")["detail"], "active", "{doc}");
}
