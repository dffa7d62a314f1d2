//! The configurations in examples/ run, and the story each tells holds: the gateway demo
//! (demo token server, gateway with a fixed answer or an upstream) and the enterprise IdP
//! under its path.

use crate::common;

use std::path::{Path, PathBuf};

use common::http_server::{Reply, TestServer};
use common::{assert_success, oauthctl};
use serde_json::Value;

fn example(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(path)
}

/// The gateway demo's config copied beside freshly generated gateway keys (as the README's
/// `keygen --layout gateway --out-dir examples/gateway-demo/keys` makes them), with
/// `edit` applied to its text.
fn gateway_demo(file: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = oauthctl()
        .args(["keygen", "--layout", "gateway", "--out-dir"])
        .arg(dir.path().join("keys"))
        .output()
        .unwrap();
    assert_success(&out);
    let text = std::fs::read_to_string(example(&format!("gateway-demo/{file}"))).unwrap();
    let config = dir.path().join(file);
    std::fs::write(&config, edit(text)).unwrap();
    (dir, config)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

fn get(url: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = agent().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.call().unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

#[test]
fn the_gateway_demo_runs_on_serve_alone() {
    let (dir, config) = gateway_demo("serve.toml", |t| t);
    let server = common::serve_process::start(&["--config", config.to_str().unwrap()], None);
    let issuer = &server.issuer;
    // The demo token server.
    let (status, token) = get(&format!("{issuer}/token"), &[]);
    assert_eq!(status, 200, "{token}");
    let (status, checked) = get(&format!("{issuer}/check"), &[("token", &token)]);
    assert_eq!((status, checked.as_str()), (200, token.as_str()));
    // The gateway in front of the business API, with the gateway's header form.
    let gateway_form = format!("Bearer id_token=\"{token}\"");
    let (status, body) = get(
        &format!("{issuer}/work"),
        &[("Authorization", &gateway_form)],
    );
    assert_eq!((status, body.as_str()), (200, "hello world\n"));
    // A token from `token mint` with the same key pair passes too, if it has `foo`.
    let mint = |claims: &[&str]| {
        let out = oauthctl()
            .args(["token", "mint", "--key"])
            .arg(dir.path().join("keys/priv_pem"))
            .args(claims)
            .output()
            .unwrap();
        assert_success(&out);
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let minted = mint(&["--claim", "foo=bar"]);
    let (status, body) = get(
        &format!("{issuer}/work"),
        &[("Authorization", &format!("Bearer {minted}"))],
    );
    assert_eq!((status, body.as_str()), (200, "hello world\n"));
    let without_foo = mint(&[]);
    let (status, body) = get(
        &format!("{issuer}/work"),
        &[("Authorization", &format!("Bearer {without_foo}"))],
    );
    assert_eq!(status, 401);
    assert!(body.contains("foo"), "{body}");
}

#[test]
fn the_gateway_demo_relays_to_an_upstream_business_api() {
    let upstream = TestServer::start(Default::default());
    upstream.handle("/hello", |_| Reply {
        status: 200,
        content_type: "text/plain",
        body: "hello from the business API".into(),
        headers: Vec::new(),
    });
    let base = upstream.base.clone();
    let (_dir, config) = gateway_demo("serve-upstream.toml", |t| {
        t.replace("http://127.0.0.1:9000", &base)
    });
    let server = common::serve_process::start(&["--config", config.to_str().unwrap()], None);
    let (_, token) = get(&format!("{}/token", server.issuer), &[]);
    let (status, body) = get(
        &format!("{}/work/hello", server.issuer),
        &[("Authorization", &format!("Bearer id_token=\"{token}\""))],
    );
    assert_eq!(
        (status, body.as_str()),
        (200, "hello from the business API")
    );
    let seen = upstream.seen.lock().unwrap().clone();
    assert!(
        !seen[0].headers.iter().any(|(n, _)| n == "authorization"),
        "{:?}",
        seen[0].headers
    );
}

#[test]
fn the_enterprise_idp_example_runs_the_flow_under_its_path_with_sub_from_mobile() {
    let config = example("enterprise-idp/serve.toml");
    let server = common::serve_process::start(&["--config", config.to_str().unwrap()], None);
    let issuer = server.issuer.clone();
    assert!(issuer.ends_with("/auth/oauth/v20"), "{issuer}");
    let secret = example("enterprise-idp/mobile-app.secret");
    let password = example("enterprise-idp/alice.password");
    let out = oauthctl()
        .args(["flow", "--issuer", &issuer, "--client-id", "mobile-app"])
        .arg("--client-secret-file")
        .arg(&secret)
        .args(["--login", "auto", "--username", "alice", "--password-file"])
        .arg(&password)
        .args(["--scope", "openid profile all", "--print", "access_token"])
        .output()
        .unwrap();
    assert_success(&out);
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let (status, body) = get(
        &format!("{issuer}/me"),
        &[("Authorization", &format!("Bearer {token}"))],
    );
    assert_eq!(status, 200, "{body}");
    let me: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(me["sub"], "+15550100001");
    assert_eq!(me["name"], "Alice Example");
    let claims: Value =
        serde_json::from_slice(&oauthctl::b64::decode(token.split('.').nth(1).unwrap()).unwrap())
            .unwrap();
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        1800
    );
    assert_eq!(claims["scope"], "openid profile all");
}
