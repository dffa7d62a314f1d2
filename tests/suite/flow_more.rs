//! More of `oauthctl flow` and its companions against `oauthctl serve` run as a process:
//! the print, paste and command login drivers, the other grants, private_key_jwt, profiles,
//! and `discover`, `userinfo`, `introspect`, `revoke`.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{assert_success, oauthctl};
use serde_json::Value;

type Serve = common::serve_process::ServeProcess;

fn serve_with(extra: &[&str], dir: Option<tempfile::TempDir>) -> Serve {
    common::serve_process::start(&[&["--auto-approve"], extra].concat(), dir)
}

fn serve() -> Serve {
    serve_with(&["--ephemeral"], None)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .new_agent()
}

/// What a person does in the browser: open the URL, sign in; returns the final redirect.
fn sign_in(url: &str, issuer: &str, password: &str) -> String {
    let browser = agent();
    let page = browser
        .get(url)
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let marker = "name=\"request_id\" value=\"";
    let start = page.find(marker).expect("a login page") + marker.len();
    let request_id = &page[start..start + page[start..].find('"').unwrap()];
    let form = serde_urlencoded::to_string([
        ("request_id", request_id),
        ("username", "demo"),
        ("password", password),
    ])
    .unwrap();
    let done = browser
        .post(&format!("{issuer}/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(form)
        .unwrap();
    assert_eq!(done.status().as_u16(), 303);
    done.headers()["location"].to_str().unwrap().to_string()
}

fn flow_child(s: &Serve, login: &str, stdin: bool) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("oauthctl"))
        .arg("flow")
        .args(s.demo_client_args())
        .args(["--login", login, "--timeout", "30s"])
        .stdin(if stdin { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The authorization URL that flow shows on stderr; the rest of stderr is drained.
fn shown_url(child: &mut Child) -> String {
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "flow ended without showing a URL"
        );
        if let Some(url) = line.trim().strip_prefix("http") {
            std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
            return format!("http{url}");
        }
    }
}

#[test]
fn print_driver_waits_for_the_browser() {
    let s = serve();
    let password = std::fs::read_to_string(&s.password_file).unwrap();
    let mut child = flow_child(&s, "print", false);
    let url = shown_url(&mut child);
    let callback = sign_in(&url, &s.issuer, password.trim());
    // The "browser" follows the redirect to the loopback listener.
    let status = agent().get(&callback).call().unwrap().status().as_u16();
    assert_eq!(status, 200);
    assert!(child.wait().unwrap().success());
}

#[test]
fn paste_driver_reads_the_final_redirect_url() {
    let s = serve();
    let password = std::fs::read_to_string(&s.password_file).unwrap();
    let mut child = flow_child(&s, "paste", true);
    let url = shown_url(&mut child);
    let callback = sign_in(&url, &s.issuer, password.trim());
    writeln!(child.stdin.take().unwrap(), "{callback}").unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn command_driver_runs_a_program_with_the_url() {
    let s = serve();
    let script = format!(
        "{} -c 'import sys, re, requests\nurl = sys.argv[1]\nb = requests.Session()\npage = b.get(url)\nrid = re.search(r\"name=\\\"request_id\\\" value=\\\"([^\\\"]+)\", page.text).group(1)\nb.post(\"{}/login\", data={{\"request_id\": rid, \"username\": \"demo\", \"password\": open(\"{}\").read().strip()}})'",
        common::python().display(),
        s.issuer,
        s.password_file
    );
    let out = oauthctl()
        .arg("flow")
        .args(s.demo_client_args())
        .args(["--login", &format!("command={script}"), "--timeout", "30s"])
        .output()
        .unwrap();
    assert_success(&out);
}

fn tokens(s: &Serve) -> Value {
    let out = oauthctl()
        .arg("flow")
        .args(s.demo_client_args())
        .args([
            "--login",
            "auto",
            "--username",
            "demo",
            "--password-file",
            &s.password_file,
            "--steps",
            "",
            "--print",
            "tokens",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn userinfo_introspect_revoke_for_a_token_you_have() {
    let s = serve();
    let t = tokens(&s);
    let access = t["access_token"].as_str().unwrap();
    let out = oauthctl()
        .args([
            "--output", "json", "userinfo", access, "--issuer", &s.issuer,
        ])
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["sub"],
        "demo"
    );
    let client = s.demo_client_args();
    let out = oauthctl()
        .args(["introspect", access])
        .args(client)
        .output()
        .unwrap();
    assert!(out.status.success());
    oauthctl()
        .args(["revoke", access])
        .args(client)
        .assert()
        .success();
    let out = oauthctl()
        .args(["introspect", access])
        .args(client)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "an inactive token is a no");
    // The refresh token works as a grant of its own, once.
    let refresh = t["refresh_token"].as_str().unwrap();
    let run = || {
        oauthctl()
            .env("OAUTHCTL_REFRESH_TOKEN", refresh)
            .args(["flow", "--grant", "refresh-token", "--steps", ""])
            .args(client)
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    assert_eq!(
        run().status.code(),
        Some(5),
        "a reused refresh token is refused"
    );
}

#[test]
fn discover_points_out_what_is_missing() {
    let s = serve();
    let out = oauthctl()
        .args(["--output", "json", "discover", &s.issuer])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["metadata"]["issuer"], s.issuer.as_str());
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["level"] != "missing"),
        "{doc}"
    );

    let routes = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
    let server = common::http_server::TestServer::start(routes.clone());
    routes.lock().unwrap().insert(
        "/.well-known/openid-configuration".into(),
        common::http_server::Reply::json(
            serde_json::json!({"issuer": server.base, "authorization_endpoint": "http://idp.example/auth", "code_challenge_methods_supported": ["plain"]}).to_string(),
        ),
    );
    let out = oauthctl()
        .args(["discover", &server.base])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "missing: `token_endpoint`",
        "PKCE S256 is not advertised",
        "not https",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}

fn config_server(config: &str, dir: tempfile::TempDir) -> Serve {
    let path = dir.path().join("idp.toml");
    std::fs::write(&path, config).unwrap();
    let path = path.to_str().unwrap().to_string();
    serve_with(&["--config", &path], Some(dir))
}

#[test]
fn private_key_jwt_and_password_grants() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--name", "client", "--type", "ec"])
        .assert()
        .success();
    let key = dir
        .path()
        .join("client.key.pem")
        .to_str()
        .unwrap()
        .to_string();
    let s = config_server(
        r#"
[[users]]
username = "alice"
password = "wonderland"

[[clients]]
client_id = "signer"
jwks_file = "client.jwks.json"
grant_types = ["client_credentials"]
scopes = ["read"]

[[clients]]
client_id = "legacy"
secret = "legacy-secret"
grant_types = ["password"]
scopes = ["read"]
"#,
        dir,
    );
    let out = oauthctl()
        .args([
            "--output",
            "json",
            "flow",
            "--issuer",
            &s.issuer,
            "--client-id",
            "signer",
            "--client-key",
            &key,
        ])
        .args([
            "--auth-method",
            "private_key_jwt",
            "--grant",
            "client-credentials",
            "--scope",
            "read",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(doc["ok"], true, "{doc}");
    assert!(
        doc["steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "introspect"),
        "{doc}"
    );

    let out = oauthctl()
        .env("OAUTHCTL_CLIENT_SECRET", "legacy-secret")
        .env("OAUTHCTL_PASSWORD", "wonderland")
        .args([
            "flow",
            "--issuer",
            &s.issuer,
            "--client-id",
            "legacy",
            "--grant",
            "password",
            "--username",
            "alice",
            "--scope",
            "read",
            "--steps",
            "",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: the password grant is legacy"),
        "{stderr}"
    );
}

#[test]
fn device_grant_waits_for_the_user() {
    let s = serve();
    let password = std::fs::read_to_string(&s.password_file).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("oauthctl"))
        .args([
            "flow",
            "--issuer",
            &s.issuer,
            "--client-id",
            "demo-public",
            "--auth-method",
            "none",
            "--grant",
            "device",
        ])
        .args(["--scope", "openid", "--steps", "", "--timeout", "60s"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let code = loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "no user code shown"
        );
        if let Some(rest) = line.split("enter the code ").nth(1) {
            break rest.trim().to_string();
        }
    };
    let form = serde_urlencoded::to_string([
        ("user_code", code.as_str()),
        ("username", "demo"),
        ("password", password.trim()),
        ("decision", "approve"),
    ])
    .unwrap();
    let page = agent()
        .post(&format!("{}/device", s.issuer))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(form)
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(child.wait().unwrap().success());
}

#[test]
fn profiles_hold_everything_but_inline_secrets() {
    let s = serve();
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("profiles.toml");
    std::fs::write(
        &profiles,
        format!(
            "[profiles.local]\nissuer = \"{}\"\nclient_id = \"demo-client\"\nclient_secret_env = \"LOCAL_SECRET\"\nlogin = \"auto\"\nusername = \"demo\"\npassword_file = \"{}\"\n",
            s.issuer, s.password_file
        ),
    )
    .unwrap();
    let secret = std::fs::read_to_string(&s.secret_file).unwrap();
    let out = oauthctl()
        .env("LOCAL_SECRET", secret.trim())
        .args(["flow", "--profile", "local", "--profiles-file"])
        .arg(&profiles)
        .output()
        .unwrap();
    assert_success(&out);

    std::fs::write(
        &profiles,
        "[profiles.bad]\nclient_id = \"x\"\nclient_secret = \"inline\"\n",
    )
    .unwrap();
    let out = oauthctl()
        .args(["flow", "--profile", "bad", "--profiles-file"])
        .arg(&profiles)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[bad_profile]") && stderr.contains("never inline"),
        "{stderr}"
    );
}

#[test]
fn token_exchange_against_a_server_that_supports_it() {
    let routes = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
    let server = common::http_server::TestServer::start(routes.clone());
    routes.lock().unwrap().insert(
        "/token".into(),
        common::http_server::Reply::json(r#"{"access_token":"exchanged","issued_token_type":"urn:ietf:params:oauth:token-type:jwt","token_type":"N_A"}"#),
    );
    let out = oauthctl()
        .env("OAUTHCTL_SUBJECT_TOKEN", "the-subject-token")
        .args([
            "flow",
            "--token-url",
            &format!("{}/token", server.base),
            "--client-id",
            "x",
            "--auth-method",
            "none",
        ])
        .args([
            "--grant",
            "token-exchange",
            "--scope",
            "",
            "--steps",
            "",
            "--print",
            "access_token",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "exchanged");
    // What oauthctl sent is an RFC 8693 request, not just any request the stub answered.
    let seen = server.seen.lock().unwrap().clone();
    let token_requests: Vec<_> = seen.iter().filter(|r| r.path == "/token").collect();
    assert_eq!(token_requests.len(), 1, "{seen:?}");
    assert_eq!(token_requests[0].method, "POST");
    let form: std::collections::HashMap<String, String> =
        serde_urlencoded::from_str(&token_requests[0].body).unwrap();
    assert_eq!(
        form.get("grant_type").map(String::as_str),
        Some("urn:ietf:params:oauth:grant-type:token-exchange")
    );
    assert_eq!(
        form.get("subject_token").map(String::as_str),
        Some("the-subject-token")
    );
    assert_eq!(
        form.get("subject_token_type").map(String::as_str),
        Some("urn:ietf:params:oauth:token-type:access_token")
    );
    assert_eq!(form.get("client_id").map(String::as_str), Some("x"));
}

#[test]
fn client_secret_post_is_an_auth_method_too() {
    let s = serve();
    let out = oauthctl()
        .arg("flow")
        .args(s.demo_client_args())
        .args([
            "--auth-method",
            "client_secret_post",
            "--login",
            "auto",
            "--username",
            "demo",
            "--password-file",
            &s.password_file,
        ])
        .output()
        .unwrap();
    assert_success(&out);
}
