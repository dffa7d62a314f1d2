//! `oauthctl flow` against a real third-party authorization server installed from the npm
//! registry: panva's oidc-provider (pinned in peers/oidc-provider/package.json), with its
//! development login and consent pages, driven headlessly by `--login auto`.

use crate::common;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::oauthctl;
use serde_json::Value;

pub struct Peer {
    child: Child,
    pub issuer: String,
    dir: tempfile::TempDir,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn peer_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/oidc-provider");
    assert!(
        dir.join("node_modules/oidc-provider").is_dir(),
        "oidc-provider is not installed in {}; run the suite with `scripts/test`, which runs npm ci there",
        dir.display()
    );
    dir
}

/// oidc-provider on a free loopback port (also the audit's peer).
pub fn start() -> Peer {
    start_with_env(&[])
}

/// [`start`] with extra environment for server.mjs.
fn start_with_env(env: &[(&str, &str)]) -> Peer {
    let mut child = Command::new("node")
        .arg("server.mjs")
        .current_dir(peer_dir())
        .env("PORT", "0")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node is installed (scripts/test checks for it)");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("secret"),
        "peer-client-secret-0123456789abcdef\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("secret2"),
        "peer-client-2-secret-0123456789abcdef\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("password"),
        "any password works in dev mode\n",
    )
    .unwrap();
    Peer {
        child,
        issuer: info["issuer"].as_str().unwrap().to_string(),
        dir,
    }
}

pub fn file(peer: &Peer, name: &str) -> String {
    peer.dir.path().join(name).to_str().unwrap().to_string()
}

/// The JSON report of a flow, or the flow's stderr as the failure.
fn report(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)))
}

/// The detail of step `name` in a flow's JSON report.
fn step_detail(doc: &Value, name: &str) -> String {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["detail"].as_str())
        .unwrap_or_else(|| panic!("no {name} step in {doc}"))
        .to_string()
}

fn step_names(doc: &Value) -> Vec<String> {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn confidential_client_code_flow_passes_every_step() {
    let peer = start();
    let out = oauthctl()
        .args([
            "--output",
            "json",
            "flow",
            "--issuer",
            &peer.issuer,
            "--client-id",
            "peer-client",
        ])
        .args([
            "--client-secret-file",
            &file(&peer, "secret"),
            "--login",
            "auto",
            "--username",
            "alice",
        ])
        .args(["--password-file", &file(&peer, "password")])
        // oidc-provider issues refresh tokens for offline_access only after explicit consent.
        .args(["--param", "prompt=consent"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(doc["ok"], true, "{doc:#}");
    assert_eq!(
        step_names(&doc),
        [
            "discovery",
            "authorize",
            "callback",
            "token",
            "id_token",
            "userinfo",
            "refresh",
            "introspect",
            "revoke",
            "introspect_revoked"
        ]
    );
}

#[test]
fn public_client_with_pkce_and_client_credentials() {
    let peer = start();
    let out = oauthctl()
        .args([
            "--output",
            "json",
            "flow",
            "--issuer",
            &peer.issuer,
            "--client-id",
            "peer-public",
            "--auth-method",
            "none",
        ])
        .args([
            "--login",
            "auto",
            "--username",
            "bob",
            "--password-file",
            &file(&peer, "password"),
        ])
        .args(["--param", "prompt=consent", "--steps", "userinfo,refresh"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(doc["ok"], true, "{doc:#}");
    assert_eq!(
        step_names(&doc),
        [
            "discovery",
            "authorize",
            "callback",
            "token",
            "id_token",
            "userinfo",
            "refresh"
        ]
    );

    let out = oauthctl()
        .args([
            "--output",
            "json",
            "flow",
            "--issuer",
            &peer.issuer,
            "--client-id",
            "peer-client",
        ])
        .args([
            "--client-secret-file",
            &file(&peer, "secret"),
            "--grant",
            "client-credentials",
            "--scope",
            "read",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(doc["ok"], true, "{doc:#}");
    assert_eq!(
        step_names(&doc),
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
fn wrong_client_secret_is_an_oauth_error() {
    let peer = start();
    std::fs::write(peer.dir.path().join("bad"), "wrong\n").unwrap();
    let out = oauthctl()
        .args([
            "flow",
            "--issuer",
            &peer.issuer,
            "--client-id",
            "peer-client",
            "--grant",
            "client-credentials",
        ])
        .args([
            "--client-secret-file",
            &file(&peer, "bad"),
            "--scope",
            "read",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_client"));
}

#[test]
fn flow_pushes_its_authorization_request_to_oidc_providers_par_endpoint() {
    let peer = start();
    for method in ["client_secret_basic", "client_secret_post"] {
        let out = oauthctl()
            .args(["--output", "json", "flow", "--issuer", &peer.issuer])
            .args(["--client-id", "peer-client", "--auth-method", method])
            .args(["--client-secret-file", &file(&peer, "secret")])
            .args(["--login", "auto", "--username", "alice"])
            .args(["--password-file", &file(&peer, "password")])
            .args(["--param", "prompt=consent", "--par"])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
        assert_eq!(doc["ok"], true, "{method}: {doc}");
        let names = step_names(&doc);
        assert_eq!(&names[..3], ["discovery", "par", "authorize"], "{method}");
    }
}

#[test]
fn flow_binds_oidc_providers_tokens_with_dpop_and_its_required_nonces() {
    let peer = start();
    let meta: Value = serde_json::from_str(
        &ureq::get(&format!("{}/.well-known/openid-configuration", peer.issuer))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap(),
    )
    .unwrap();
    assert!(
        meta["dpop_signing_alg_values_supported"].is_array(),
        "{meta}"
    );
    // The default resource gives opaque tokens; urn:oauthctl:api a JWT whose cnf.jkt flow
    // checks against its key (a token for the API is not one for userinfo: that case
    // refreshes only).
    let api = [
        "--resource",
        "urn:oauthctl:api",
        "--scope",
        "openid offline_access read",
    ];
    for (extra, steps) in [(&[][..], "userinfo,refresh"), (&api[..], "refresh")] {
        let out = oauthctl()
            .args(["--output", "json", "flow", "--issuer", &peer.issuer])
            .args(["--client-id", "peer-client"])
            .args(["--client-secret-file", &file(&peer, "secret")])
            .args(["--login", "auto", "--username", "alice"])
            .args(["--password-file", &file(&peer, "password")])
            .args(["--param", "prompt=consent", "--dpop", "--steps", steps])
            .args(extra)
            .output()
            .unwrap();
        let doc = report(&out);
        assert_eq!(doc["ok"], true, "{extra:?}: {doc}");
        assert!(step_detail(&doc, "token").contains("DPoP-bound"), "{doc}");
    }
}

#[test]
fn flow_sends_signed_request_objects_to_oidc_provider_and_verifies_its_jarm_responses() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--name", "jar", "--type", "ec"])
        .assert()
        .success();
    let jwk = std::fs::read_to_string(dir.path().join("jar.jwk.json")).unwrap();
    let jwk: Value = serde_json::from_str(&jwk).unwrap();
    let peer = start_with_env(&[("PEER_JAR_CLIENT_JWK", &jwk.to_string())]);
    std::fs::write(
        dir.path().join("secret"),
        "peer-jar-secret-0123456789abcdef\n",
    )
    .unwrap();
    let key = dir.path().join("jar.key.pem");
    let secret = dir.path().join("secret");
    // peer-jar's flow; `extra` adds what makes each run differ.
    let run = |extra: &[&str]| {
        oauthctl()
            .args(["--output", "json", "flow", "--issuer", &peer.issuer])
            .args([
                "--client-id",
                "peer-jar",
                "--auth-method",
                "client_secret_basic",
            ])
            .args(["--client-secret-file", secret.to_str().unwrap()])
            .args(["--login", "auto", "--username", "alice"])
            .args(["--password-file", &file(&peer, "password")])
            .args(["--scope", "openid", "--steps", ""])
            .args(extra)
            .output()
            .unwrap()
    };
    let signed = ["--client-key", key.to_str().unwrap(), "--request-object"];
    let consent = ["--param", "prompt=consent"];
    for extra in [&[][..], &["--par"][..], &["--response-mode", "jwt"][..]] {
        let doc = report(&run(&[&signed[..], &consent[..], extra].concat()));
        assert_eq!(doc["ok"], true, "{extra:?}: {doc}");
        let callback = step_detail(&doc, "callback");
        let jarm = callback.starts_with("JARM response verified");
        assert_eq!(
            jarm,
            extra.contains(&"--response-mode"),
            "{extra:?}: {callback}"
        );
    }
    // The client is held to request objects: a plain request is refused by oidc-provider.
    let out = run(&[]);
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn flow_asks_oidc_provider_for_authorization_details_and_reports_what_it_granted() {
    let peer = start();
    let details =
        r#"[{"type":"payment_initiation","instructedAmount":{"currency":"EUR","amount":"1.00"}}]"#;
    for grant in ["authorization-code", "client-credentials"] {
        let mut command = oauthctl();
        command
            .args(["--output", "json", "flow", "--issuer", &peer.issuer])
            .args(["--client-id", "peer-client", "--grant", grant])
            .args(["--client-secret-file", &file(&peer, "secret")])
            .args(["--authorization-details", details, "--steps", ""])
            // oidc-provider binds granted details to a resource server.
            .args(["--resource", "urn:oauthctl:api"]);
        if grant == "authorization-code" {
            command
                .args(["--login", "auto", "--username", "alice"])
                .args(["--password-file", &file(&peer, "password")])
                .args(["--scope", "openid read", "--param", "prompt=consent"]);
        } else {
            command.args(["--scope", "read"]);
        }
        let doc = report(&command.output().unwrap());
        assert_eq!(doc["ok"], true, "{grant}: {doc}");
        let token = step_detail(&doc, "token");
        assert!(
            token.contains("authorization_details granted: payment_initiation"),
            "{grant}: {token}"
        );
    }
}

#[test]
fn flow_authenticates_to_oidc_provider_with_client_secret_jwt() {
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "peer-hs-secret-of-at-least-32-bytes-0123456789\n").unwrap();
    let run = |secret: &str| {
        report(
            &oauthctl()
                .args(["--output", "json", "flow", "--issuer", &peer.issuer])
                .args([
                    "--client-id",
                    "peer-hs",
                    "--auth-method",
                    "client_secret_jwt",
                ])
                .args(["--client-secret-file", secret])
                .args([
                    "--grant",
                    "client-credentials",
                    "--scope",
                    "read",
                    "--steps",
                    "",
                ])
                .output()
                .unwrap(),
        )
    };
    let doc = run(secret.to_str().unwrap());
    assert_eq!(doc["ok"], true, "{doc}");
    // A wrong secret of the right length: oidc-provider refuses the assertion.
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, "another-secret-of-at-least-32-bytes-0123456789\n").unwrap();
    let doc = run(wrong.to_str().unwrap());
    assert_eq!(doc["ok"], false, "{doc}");
    assert!(
        doc["message"].as_str().unwrap().contains("invalid_client"),
        "{doc}"
    );
}
