//! What `flow` reports and prints can be acted on: a printed token is live, a step the
//! operator asked for never passes without running, a step that cannot run is reported as
//! skipped with why, and each detail names only comparisons that were made.

use crate::common;

use common::{assert_success, oauthctl};
use serde_json::Value;

type Serve = common::serve_process::ServeProcess;

fn serve() -> Serve {
    common::serve_process::start(&["--ephemeral"], None)
}

/// `flow` against the serve process with the demo user's login.
fn flow(s: &Serve, args: &[&str]) -> std::process::Output {
    oauthctl()
        .arg("flow")
        .args(s.demo_client_args())
        .args([
            "--login",
            "auto",
            "--username",
            "demo",
            "--password-file",
            &s.password_file,
        ])
        .args(args)
        .output()
        .unwrap()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

fn introspect(s: &Serve, token: &str) -> Value {
    let secret = std::fs::read_to_string(&s.secret_file).unwrap();
    let basic = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("demo-client:{}", secret.trim()),
    );
    let body = agent()
        .post(&format!("{}/introspect", s.issuer))
        .header("Authorization", &format!("Basic {basic}"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(format!("token={token}"))
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    serde_json::from_str(&body).unwrap()
}

/// The token answers at the resource (`/work`) and introspects active.
fn assert_live(s: &Serve, token: &str) {
    let mut work = agent()
        .get(&format!("{}/work", s.issuer))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(work.status(), 200);
    assert_eq!(work.body_mut().read_to_string().unwrap(), "hello world\n");
    assert_eq!(introspect(s, token)["active"], true);
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_printed_access_token_is_live_and_the_report_says_revoke_was_skipped() {
    let s = serve();
    for grant in ["authorization-code", "client-credentials"] {
        let out = flow(&s, &["--grant", grant, "--print", "access_token"]);
        assert_success(&out);
        assert_live(&s, &stdout_of(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("- revoke") && stderr.contains("kept live"),
            "{grant}: {stderr}"
        );
    }
}

#[test]
fn a_printed_refresh_token_is_the_current_one_after_rotation() {
    let s = serve();
    // The default steps include refresh, which rotates the refresh token.
    let out = flow(&s, &["--print", "tokens"]);
    assert_success(&out);
    let tokens: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_live(&s, tokens["access_token"].as_str().unwrap());
    let refresh = tokens["refresh_token"].as_str().unwrap();
    assert_eq!(introspect(&s, refresh)["active"], true);
    let secret = std::fs::read_to_string(&s.secret_file).unwrap();
    let refreshed = agent()
        .post(&format!("{}/token", s.issuer))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(format!(
            "grant_type=refresh_token&refresh_token={refresh}&client_id=demo-client&client_secret={}",
            secret.trim()
        ))
        .unwrap();
    assert_eq!(refreshed.status(), 200);
}

#[test]
fn print_with_an_explicit_revoke_or_with_json_output_is_a_usage_error() {
    let s = serve();
    let out = flow(&s, &["--print", "access_token", "--steps", "revoke"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[print_revoked]"));
    let out = oauthctl()
        .args([
            "--output",
            "json",
            "flow",
            "--embedded",
            "--print",
            "access_token",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["reason"], "print_with_json");
}

#[test]
fn a_requested_step_that_cannot_run_fails_the_flow() {
    let s = serve();
    // userinfo needs openid in the scope.
    let out = flow(&s, &["--scope", "read", "--steps", "userinfo"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[step_unavailable]"), "{stderr}");
    assert!(stderr.contains("the scope has no openid"), "{stderr}");
    // refresh needs a refresh token, which client credentials do not get.
    let out = flow(&s, &["--grant", "client-credentials", "--steps", "refresh"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the server issued no refresh token"),
        "{stderr}"
    );
}

#[test]
fn a_default_step_that_cannot_run_is_reported_skipped_in_text_and_json() {
    let s = serve();
    let public = [
        "--client-id",
        "demo-public",
        "--auth-method",
        "none",
        "--issuer",
    ];
    let login = ["--login", "auto", "--username", "demo", "--password-file"];
    let out = oauthctl()
        .arg("flow")
        .args(public)
        .arg(&s.issuer)
        .args(login)
        .arg(&s.password_file)
        .output()
        .unwrap();
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("- introspect") && stderr.contains("public client cannot call"),
        "{stderr}"
    );
    assert!(stderr.contains("1 skipped"), "{stderr}");
    let out = oauthctl()
        .args(["--output", "json", "flow"])
        .args(public)
        .arg(&s.issuer)
        .args(login)
        .arg(&s.password_file)
        .output()
        .unwrap();
    assert_success(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["ok"].clone(), doc["skipped"].clone()),
        (true.into(), 1.into())
    );
    let skipped: Vec<&Value> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["skipped"] == true)
        .collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["name"], "introspect");
    assert_eq!(
        doc["passed"].as_u64().unwrap() + 1,
        doc["steps"].as_array().unwrap().len() as u64
    );
}

#[test]
fn without_discovery_iss_is_compared_only_against_an_issuer_id() {
    let s = serve();
    let endpoints = [
        "--authorize-url".to_string(),
        format!("{}/authorize", s.issuer),
        "--token-url".to_string(),
        format!("{}/token", s.issuer),
        "--jwks-url".to_string(),
        format!("{}/jwks", s.issuer),
    ];
    let run = |extra: &[&str]| {
        oauthctl()
            .args(["flow", "--client-id", "demo-client", "--client-secret-file"])
            .arg(&s.secret_file)
            .args(&endpoints)
            .args(["--login", "auto", "--username", "demo", "--password-file"])
            .arg(&s.password_file)
            .args(["--steps", ""])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not compared: no issuer known"), "{stderr}");
    assert!(stderr.contains("iss not compared"), "{stderr}");
    assert!(!stderr.contains("iss matched"), "{stderr}");
    let out = run(&["--issuer-id", &s.issuer]);
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("iss matched (RFC 9207)"), "{stderr}");
    let out = run(&["--issuer-id", "https://other.example"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[iss_mismatch]"));
}

/// A login "driver" that plays a broken server: it answers the callback with the right
/// state but `auth_code` instead of `code`. With `trickle`, it first holds a connection to
/// the listener open, sending a byte every half second.
fn broken_server_login(trickle: bool) -> String {
    let script = format!(
        r#"
import os, socket, threading, time, urllib.parse, urllib.request
url = urllib.parse.urlsplit(os.environ["OAUTHCTL_AUTHORIZATION_URL"])
q = dict(urllib.parse.parse_qsl(url.query))
target = urllib.parse.urlsplit(q["redirect_uri"])
if {trickle}:
    s = socket.create_connection((target.hostname, target.port))
    def drip():
        for _ in range(60):
            try:
                s.send(b"G")
            except OSError:
                return
            time.sleep(0.5)
    threading.Thread(target=drip, daemon=True).start()
    time.sleep(0.3)
query = urllib.parse.urlencode({{"state": q["state"], "auth_code": "x", "session_state": "y"}})
try:
    urllib.request.urlopen(q["redirect_uri"] + "?" + query, timeout=20)
except Exception:
    pass
"#,
        trickle = if trickle { "True" } else { "False" }
    );
    // One file per call: tests run in parallel and must not rewrite each other's script.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path =
        std::env::temp_dir().join(format!("oauthctl-broken-{}-{call}.py", std::process::id()));
    std::fs::write(&path, script).unwrap();
    format!("command=python3 {}", path.display())
}

fn run_against_broken_server(login: &str) -> (std::process::Output, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = oauthctl()
        .args(["flow", "--client-id", "app", "--auth-method", "none"])
        .args(["--authorize-url", "http://127.0.0.1:9/authorize"])
        .args(["--token-url", "http://127.0.0.1:9/token"])
        .args(["--scope", "read", "--timeout", "20s", "--login", login])
        .output()
        .unwrap();
    (out, started.elapsed())
}

#[test]
fn a_callback_with_the_right_state_but_no_code_stops_at_once_naming_what_arrived() {
    let (out, took) = run_against_broken_server(&broken_server_login(false));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("error[no_code]"), "{stderr}");
    assert!(
        stderr.contains("state, auth_code, session_state"),
        "{stderr}"
    );
    // Names only: the values stay out of the report.
    assert!(!stderr.contains("auth_code=x"), "{stderr}");
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
}

#[test]
fn a_connection_trickling_bytes_does_not_hold_the_callback_listener() {
    let (out, took) = run_against_broken_server(&broken_server_login(true));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The real (broken) callback is read once the trickler's 10 s allowance is spent, well
    // inside the 20 s timeout (the trickler would hold the listener for 30 s).
    assert!(stderr.contains("error[no_code]"), "{stderr}");
    assert!(took < std::time::Duration::from_secs(16), "{took:?}");
}

#[test]
fn a_refused_userinfo_call_shows_the_servers_challenge() {
    let s = serve();
    let out = oauthctl()
        .args(["userinfo", "not-a-live-token", "--issuer", &s.issuer])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("HTTP 401"), "{stderr}");
    assert!(
        stderr.contains("WWW-Authenticate: Bearer realm=\"oauthctl\", error=\"invalid_token\""),
        "{stderr}"
    );
}

#[test]
fn without_a_secret_the_report_says_the_client_is_public_and_hints_at_the_secret_file() {
    let s = serve();
    let out = oauthctl()
        .args(["flow", "--issuer", &s.issuer, "--client-id", "demo-client"])
        .args(["--grant", "client-credentials"])
        .env_remove("OAUTHCTL_CLIENT_SECRET")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("acting as a public client"), "{stderr}");
    assert!(stderr.contains("`invalid_client`"), "{stderr}");
    assert!(
        stderr.contains("hint:") && stderr.contains("--client-secret-file"),
        "{stderr}"
    );
}

#[test]
fn plain_http_to_a_non_loopback_name_needs_the_opt_in_and_warns_each_time() {
    let s = serve();
    // `127.1` is 127.0.0.1 to the resolver but not a loopback literal to oauthctl's rule:
    // a stand-in for a remote plain-http host that keeps the traffic on this machine.
    let port = s.issuer.rsplit(':').next().unwrap();
    let token_url = format!("http://127.1:{port}/token");
    let run = |extra: &[&str]| {
        oauthctl()
            .args(["flow", "--grant", "client-credentials", "--steps", ""])
            .args([
                "--client-id",
                "demo-client",
                "--client-secret-file",
                &s.secret_file,
            ])
            .args(["--token-url", &token_url])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error[insecure_url]"), "{stderr}");
    assert!(stderr.contains("--allow-insecure-http"), "{stderr}");
    let out = run(&["--allow-insecure-http"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr.matches("plain http to 127.1").count(), 1, "{stderr}");
}

#[test]
fn with_v_the_report_lists_each_request_the_listener_received_by_parameter_names() {
    let login = broken_server_login(false);
    let out = oauthctl()
        .args(["-v", "flow", "--client-id", "app", "--auth-method", "none"])
        .args(["--authorize-url", "http://127.0.0.1:9/authorize"])
        .args(["--token-url", "http://127.0.0.1:9/token"])
        .args(["--scope", "read", "--timeout", "20s", "--login", &login])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("listener received GET /callback (state, auth_code, session_state)"),
        "{stderr}"
    );
}

#[test]
fn a_confidential_clients_wrong_secret_gets_no_public_client_hint() {
    let s = serve();
    let dir = tempfile::tempdir().unwrap();
    let wrong = dir.path().join("wrong.secret");
    std::fs::write(&wrong, "not-the-secret").unwrap();
    let out = oauthctl()
        .args(["flow", "--issuer", &s.issuer, "--client-id", "demo-client"])
        .args(["--grant", "client-credentials", "--client-secret-file"])
        .arg(&wrong)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("`invalid_client`"), "{stderr}");
    assert!(!stderr.contains("acted as a public client"), "{stderr}");
}

#[test]
fn a_token_url_given_beside_an_issuer_is_still_the_operators_to_answer_for() {
    let s = serve();
    let port = s.issuer.rsplit(':').next().unwrap();
    let out = oauthctl()
        .args(["flow", "--grant", "client-credentials", "--steps", ""])
        .args(["--issuer", &s.issuer, "--client-id", "demo-client"])
        .args(["--client-secret-file", &s.secret_file])
        .args(["--token-url", &format!("http://127.1:{port}/token")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The operator typed that URL: a usage error (2), not the server's fault (5).
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error[insecure_url]"), "{stderr}");
}

#[test]
fn the_refresh_step_says_when_the_server_rotated_the_refresh_token() {
    let s = serve();
    let out = flow(
        &s,
        &["--scope", "openid offline_access", "--steps", "refresh"],
    );
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("refresh") && l.contains("new access token"))
        .unwrap_or_else(|| panic!("no refresh step in {stderr}"));
    assert!(line.contains("refresh token rotated"), "{line}");
}
