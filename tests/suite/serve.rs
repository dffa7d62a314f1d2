//! `oauthctl serve` against the S cases of ../shared/hostile-cases.md and the behaviour
//! the serve issue requires. The server runs in-process on 127.0.0.1 with a free port.

use crate::common;

use std::time::Duration;

use common::assert_success;
use common::serve_client::*;
use oauthctl::b64;
use oauthctl::server::config;
use serde_json::Value;

#[test]
fn full_code_flow_issues_verifiable_tokens() {
    let s = start();
    let (verifier, challenge) = pkce();
    let code = get_code(
        &s,
        "demo-client",
        &challenge,
        "openid profile email offline_access",
    );
    let tokens = exchange(&s, &code, &verifier);
    assert_eq!(tokens.status, 200, "{}", tokens.body);
    assert_eq!(
        tokens.headers.get("cache-control").map(String::as_str),
        Some("no-store")
    );
    let doc = tokens.json();
    assert_eq!(doc["token_type"], "Bearer");
    assert_eq!(doc["expires_in"], 1800);
    let access = doc["access_token"].as_str().unwrap();
    // The access token is an RFC 9068 JWT that oauthctl verifies through discovery.
    let out = common::oauthctl()
        .args([
            "--output",
            "json",
            "token",
            "verify",
            access,
            "--issuer",
            &s.running.issuer,
            "--typ",
            "at+jwt",
            "--aud",
            "demo-client",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let verified: Value = serde_json::from_slice(&out.stdout).unwrap();
    for claim in [
        "iss",
        "sub",
        "aud",
        "client_id",
        "scope",
        "exp",
        "iat",
        "jti",
    ] {
        assert!(verified["claims"].get(claim).is_some(), "{claim}");
    }
    // The ID token carries nonce, at_hash and auth_time.
    let id = doc["id_token"].as_str().unwrap();
    let out = common::oauthctl()
        .args([
            "--output",
            "json",
            "token",
            "verify",
            id,
            "--issuer",
            &s.running.issuer,
            "--aud",
            "demo-client",
            "--claim",
            "nonce=n0nce",
            "--require",
            "at_hash",
            "--require",
            "auth_time",
        ])
        .output()
        .unwrap();
    assert_success(&out);
    let info = agent()
        .get(&s.url("/me"))
        .header("Authorization", &format!("Bearer {access}"))
        .call();
    let info = reply(info);
    assert_eq!(info.status, 200);
    assert_eq!(info.json()["sub"], "demo");
    assert_eq!(info.json()["email"], "demo@example.test");
    let work = reply(
        agent()
            .get(&s.url("/work"))
            .header("Authorization", &format!("Bearer id_token=\"{access}\""))
            .call(),
    );
    assert_eq!((work.status, work.body.as_str()), (200, "hello world\n"));
}

#[test]
fn s1_unregistered_redirect_uris_get_an_error_page_never_a_redirect() {
    let s = start_with(|settings| {
        settings.clients[0]
            .redirect_uris
            .push("https://app.example/cb".into())
    });
    let (_, challenge) = pkce();
    for bad in [
        "https://evil.example/cb",
        "https://app.example/cb/",
        "https://APP.example/cb",
        "https://app.example/cb?x=1",
        "https://app.example:8443/cb",
        "http://127.0.0.1:49152/callback/",
    ] {
        let r = s.get(
            &authorize_path("demo-client", bad, &challenge, "openid"),
            None,
        );
        assert_eq!(r.status, 400, "{bad}");
        assert!(!r.headers.contains_key("location"), "{bad} redirected");
        assert!(r.body.contains("not registered"));
    }
    assert_eq!(
        s.get(
            &authorize_path("nobody", REDIRECT, &challenge, "openid"),
            None
        )
        .status,
        400
    );
}

#[test]
fn s2_registered_loopback_redirect_accepts_any_port() {
    let s = start();
    let (_, challenge) = pkce();
    for redirect in [
        "http://127.0.0.1:1234/callback",
        "http://127.0.0.1:65000/callback",
        "http://[::1]:8080/callback",
    ] {
        let r = s.get(
            &authorize_path("demo-client", redirect, &challenge, "openid"),
            None,
        );
        assert_eq!(r.status, 200, "{redirect}: {}", r.body);
    }
}

#[test]
fn s3_missing_plain_or_malformed_pkce_is_invalid_request_by_redirect() {
    let s = start();
    let base = [
        ("response_type", "code"),
        ("client_id", "demo-client"),
        ("redirect_uri", REDIRECT),
        ("state", "x"),
    ];
    let variants: [&[(&str, &str)]; 4] = [
        &[],
        &[
            ("code_challenge", "abc"),
            ("code_challenge_method", "plain"),
        ],
        &[
            ("code_challenge", "too-short"),
            ("code_challenge_method", "S256"),
        ],
        &[(
            "code_challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        )],
    ];
    for extra in variants {
        let query =
            serde_urlencoded::to_string(base.iter().chain(extra.iter()).collect::<Vec<_>>())
                .unwrap();
        let r = s.get(&format!("/authorize?{query}"), None);
        assert_eq!(r.status, 302, "{extra:?}: {}", r.body);
        assert_eq!(
            r.location_param("error").as_deref(),
            Some("invalid_request"),
            "{extra:?}"
        );
        assert_eq!(r.location_param("state").as_deref(), Some("x"));
    }
}

#[test]
fn s4_replayed_code_is_refused_and_revokes_the_first_tokens() {
    let s = start();
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid offline_access");
    let first = exchange(&s, &code, &verifier).json();
    let again = exchange(&s, &code, &verifier);
    assert_eq!(again.status, 400);
    assert_eq!(again.json()["error"], "invalid_grant");
    assert_eq!(
        introspect(&s, first["access_token"].as_str().unwrap()),
        serde_json::json!({"active": false})
    );
    assert_eq!(
        introspect(&s, first["refresh_token"].as_str().unwrap()),
        serde_json::json!({"active": false})
    );
}

#[test]
fn s4_concurrent_redemptions_issue_exactly_one_token_set() {
    let s = start();
    for _ in 0..5 {
        let (verifier, challenge) = pkce();
        let code = get_code(&s, "demo-client", &challenge, "openid");
        let results: Vec<u16> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| exchange(&s, &code, &verifier).status))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        // Exactly one exchange wins; the others are refused (a replay).
        assert_eq!(
            results.iter().filter(|&&c| c == 200).count(),
            1,
            "{results:?}"
        );
        assert_eq!(
            results.iter().filter(|&&c| c == 400).count(),
            3,
            "{results:?}"
        );
    }
}

#[test]
fn s5_expired_codes_and_bad_verifiers() {
    let s = start_with(|settings| settings.clients[0].code_lifetime = 1);
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    std::thread::sleep(Duration::from_millis(2100));
    let r = exchange(&s, &code, &verifier);
    assert_eq!(r.json()["error"], "invalid_grant", "{}", r.body);

    let s = start();
    let cases = [
        (
            Some("wrong-verifier-wrong-verifier-wrong-verifier-0"),
            "invalid_grant",
        ),
        (None, "invalid_request"),
        (Some("short"), "invalid_request"),
        (
            Some("has spaces in it which are not allowed at all here!!"),
            "invalid_request",
        ),
    ];
    for (verifier, error) in cases {
        let code = get_code(&s, "demo-client", &challenge, "openid");
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
        ];
        if let Some(v) = verifier {
            form.push(("code_verifier", v));
        }
        let r = s.post(
            "/token",
            &form,
            &[("Authorization", &basic("demo-client", SECRET))],
        );
        assert_eq!(r.json()["error"], error, "{verifier:?}");
    }
}

#[test]
fn s6_client_authentication_failures() {
    let s = start();
    let form = [("grant_type", "client_credentials")];
    let r = s.post(
        "/token",
        &form,
        &[("Authorization", &basic("demo-client", "wrong"))],
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "invalid_client");
    assert!(r
        .headers
        .get("www-authenticate")
        .is_some_and(|v| v.starts_with("Basic")));
    let r = s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "demo-client"),
            ("client_secret", "wrong"),
        ],
        &[],
    );
    assert_eq!(
        (r.status, r.json()["error"].as_str().unwrap()),
        (401, "invalid_client")
    );
    let r = s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "demo-client"),
            ("client_secret", SECRET),
        ],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    assert_eq!(
        (r.status, r.json()["error"].as_str().unwrap()),
        (400, "invalid_request")
    );
    // Both methods work on their own.
    assert_eq!(
        s.post(
            "/token",
            &form,
            &[("Authorization", &basic("demo-client", SECRET))]
        )
        .status,
        200
    );
    let r = s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "demo-client"),
            ("client_secret", SECRET),
        ],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn s7_refresh_token_reuse_revokes_the_family() {
    let s = start();
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid offline_access");
    let rt1 = exchange(&s, &code, &verifier).json()["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    let refresh = |rt: &str| {
        s.post(
            "/token",
            &[("grant_type", "refresh_token"), ("refresh_token", rt)],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
    };
    let second = refresh(&rt1).json();
    let rt2 = second["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(rt1, rt2, "the refresh token rotates");
    let reused = refresh(&rt1).json();
    assert_eq!(reused["error"], "invalid_grant");
    assert!(
        reused["error_description"]
            .as_str()
            .unwrap()
            .contains("already used; its family is revoked"),
        "{reused}"
    );
    let after = refresh(&rt2).json();
    assert_eq!(after["error"], "invalid_grant", "RT2 died with its family");
    assert!(
        after["error_description"]
            .as_str()
            .unwrap()
            .contains("revoked or expired"),
        "{after}"
    );
    assert_eq!(
        introspect(&s, second["access_token"].as_str().unwrap())["active"],
        false
    );
}

#[test]
fn s8_introspection_requires_auth_and_hides_dead_tokens() {
    let s = start();
    let r = s.post("/introspect", &[("token", "x")], &[]);
    assert_eq!(r.status, 401);
    let token = s
        .post(
            "/token",
            &[("grant_type", "client_credentials")],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
        .json();
    let access = token["access_token"].as_str().unwrap();
    assert_eq!(introspect(&s, access)["active"], true);
    s.post(
        "/revoke",
        &[("token", access)],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    for dead in [access, "unknown", ""] {
        let r = s.post(
            "/introspect",
            &[("token", dead)],
            &[("Authorization", &basic("demo-client", SECRET))],
        );
        assert_eq!(r.body, r#"{"active":false}"#, "{dead}");
    }
}

#[test]
fn s8_expired_tokens_are_inactive() {
    let s = start_with(|settings| settings.clients[0].access_token_lifetime = 1);
    let token = s
        .post(
            "/token",
            &[("grant_type", "client_credentials")],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
        .json();
    std::thread::sleep(Duration::from_millis(2100));
    assert_eq!(
        introspect(&s, token["access_token"].as_str().unwrap()),
        serde_json::json!({"active": false})
    );
}

#[test]
fn s9_revocation_and_userinfo_after_it() {
    let s = start();
    let auth = basic("demo-client", SECRET);
    assert_eq!(
        s.post(
            "/revoke",
            &[("token", "garbage")],
            &[("Authorization", &auth)]
        )
        .status,
        200
    );
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    let access = exchange(&s, &code, &verifier).json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let info = |t: &str| {
        reply(
            agent()
                .get(&s.url("/userinfo"))
                .header("Authorization", &format!("Bearer {t}"))
                .call(),
        )
    };
    assert_eq!(info(&access).status, 200);
    assert_eq!(
        s.post(
            "/revoke",
            &[("token", &access)],
            &[("Authorization", &auth)]
        )
        .status,
        200
    );
    let after = info(&access);
    assert_eq!(after.status, 401);
    assert!(after.headers["www-authenticate"].contains("error=\"invalid_token\""));
}

#[test]
fn s10_oversized_and_repeated_parameters_are_refused_and_the_server_keeps_serving() {
    let s = start();
    // A 1 MiB body is refused from its Content-Length, before it is read.
    let addr = s.running.addr;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    use std::io::{Read, Write};
    write!(
        stream,
        "POST /token HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\ngrant_type=client_credentials&pad=",
        1024 * 1024
    )
    .unwrap();
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).unwrap();
    let status_line = String::from_utf8_lossy(&head[..n]);
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
    // 10000 parameters: refused for size (413) or count (400), whichever comes first.
    let many: Vec<String> = (0..10000).map(|i| format!("p{i}=x")).collect();
    let r = s.post_raw("/token", many.join("&"));
    assert!(matches!(r.status, 400 | 413), "{}", r.status);
    let hundred: Vec<String> = (0..100).map(|i| format!("p{i}=x")).collect();
    assert_eq!(s.post_raw("/token", hundred.join("&")).status, 400);
    let r = s.post_raw(
        "/token",
        "grant_type=client_credentials&grant_type=password".into(),
    );
    assert_eq!(
        (r.status, r.json()["error"].as_str().unwrap()),
        (400, "invalid_request")
    );
    assert_eq!(s.get("/.well-known/openid-configuration", None).status, 200);
}

#[test]
fn consent_can_be_denied_and_prompt_none_needs_a_session() {
    let s = start();
    let (_, challenge) = pkce();
    let (request_id, cookie, csrf) = at_consent(&s, "demo-client", "openid");
    let forged = s.post(
        "/consent",
        &[
            ("request_id", &request_id),
            ("csrf", "forged"),
            ("decision", "approve"),
        ],
        &[("Cookie", &cookie)],
    );
    assert_eq!(forged.status, 400);
    let denied = s.post(
        "/consent",
        &[
            ("request_id", &request_id),
            ("csrf", &csrf),
            ("decision", "deny"),
        ],
        &[("Cookie", &cookie)],
    );
    assert_eq!(
        denied.location_param("error").as_deref(),
        Some("access_denied")
    );
    let none = s.get(
        &format!(
            "{}&prompt=none",
            authorize_path("demo-client", REDIRECT, &challenge, "openid")
        ),
        None,
    );
    assert_eq!(
        none.location_param("error").as_deref(),
        Some("login_required")
    );
    let wrong = s.post(
        "/login",
        &[
            ("request_id", "x"),
            ("username", "demo"),
            ("password", "nope"),
        ],
        &[],
    );
    assert_eq!(wrong.status, 400);
}

#[test]
fn public_client_and_device_flow() {
    let s = start();
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-public", &challenge, "openid");
    let r = s.post(
        "/token",
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &verifier),
            ("client_id", "demo-public"),
        ],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // A public client cannot use client_credentials.
    let r = s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "demo-public"),
        ],
        &[],
    );
    assert_eq!(r.json()["error"], "unauthorized_client");

    let start = s
        .post(
            "/device_authorization",
            &[("client_id", "demo-public"), ("scope", "openid")],
            &[],
        )
        .json();
    let device_code = start["device_code"].as_str().unwrap().to_string();
    let poll_code = |code: &str| {
        s.post(
            "/token",
            &[
                ("grant_type", config::Grant::DEVICE_CODE_URN),
                ("device_code", code),
                ("client_id", "demo-public"),
            ],
            &[],
        )
        .json()
    };
    let poll = || poll_code(&device_code);
    assert_eq!(poll()["error"], "authorization_pending");
    // Polling faster than `interval` is told to slow down (RFC 8628 3.5).
    let other = s
        .post(
            "/device_authorization",
            &[("client_id", "demo-public")],
            &[],
        )
        .json();
    let other_code = other["device_code"].as_str().unwrap();
    assert_eq!(poll_code(other_code)["error"], "authorization_pending");
    assert_eq!(poll_code(other_code)["error"], "slow_down");
    let page = s.post(
        "/device",
        &[
            ("user_code", start["user_code"].as_str().unwrap()),
            ("username", "demo"),
            ("password", PASSWORD),
            ("decision", "approve"),
        ],
        &[],
    );
    assert_eq!(page.status, 200);
    std::thread::sleep(Duration::from_millis(5100));
    let tokens = poll();
    assert!(tokens.get("access_token").is_some(), "{tokens}");
}

#[test]
fn pyjwt_verifies_access_tokens_against_the_jwks() {
    let s = start();
    let token = s
        .post(
            "/token",
            &[("grant_type", "client_credentials"), ("scope", "read")],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
        .json();
    let out = common::run_python(
        r#"
import sys, jwt
client = jwt.PyJWKClient(sys.argv[2])
key = client.get_signing_key_from_jwt(sys.argv[1])
claims = jwt.decode(sys.argv[1], key.key, algorithms=["ES256"], audience="demo-client", issuer=sys.argv[3])
print(claims["scope"])
"#,
        &[
            token["access_token"].as_str().unwrap(),
            &s.url("/jwks"),
            &s.running.issuer,
        ],
    );
    assert_eq!(out.trim(), "read");
}

#[test]
fn serve_command_starts_on_a_free_port_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("oauthctl");
    let mut child = std::process::Command::new(bin)
        .args(["--output", "json", "serve", "--port", "0", "--state-dir"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    let issuer = info["issuer"].as_str().unwrap();
    assert!(issuer.starts_with("http://127.0.0.1:"));
    let jwks: Value = serde_json::from_str(
        &ureq::get(&format!("{issuer}/jwks"))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap(),
    )
    .unwrap();
    let status = std::process::Command::new("kill")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let mut waited = 0;
    let exit = loop {
        if let Some(code) = child.try_wait().unwrap() {
            break code;
        }
        assert!(waited < 100, "serve did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
        waited += 1;
    };
    assert!(exit.success());
    // The key is kept in the state directory: a restart publishes the same JWKS.
    assert!(dir.path().join("signing.key.pem").exists());
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(dir.path().join("demo-client.secret"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
    let kid = jwks["keys"][0]["kid"].as_str().unwrap();
    let out = common::oauthctl()
        .args(["key", "thumbprint"])
        .arg(dir.path().join("signing.key.pem"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), kid);
}

#[test]
fn non_loopback_bind_needs_a_flag() {
    let out = common::oauthctl()
        .args(["serve", "--bind", "0.0.0.0", "--port", "0", "--ephemeral"])
        .output()
        .unwrap();
    // Refused for local safety: exit 4 (DESIGN.md section 4).
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[remote_bind]"));
}

#[test]
fn implicit_only_for_clients_that_enable_it() {
    let query = |client: &str| {
        format!(
            "/authorize?{}",
            serde_urlencoded::to_string([
                ("response_type", "token"),
                ("client_id", client),
                ("redirect_uri", REDIRECT),
                ("state", "s")
            ])
            .unwrap()
        )
    };
    let s = start();
    let r = s.get(&query("demo-client"), None);
    assert_eq!(
        r.location_param("error").as_deref(),
        Some("unsupported_response_type")
    );
    let s = start_with(|settings| {
        settings.clients[0].allow_implicit = true;
        settings.auto_approve = true;
    });
    let page = s.get(&query("demo-client"), None);
    let request_id = hidden(&page.body, "request_id");
    let done = s.post(
        "/login",
        &[
            ("request_id", &request_id),
            ("username", "demo"),
            ("password", PASSWORD),
        ],
        &[],
    );
    let location = done.location();
    let fragment = location.split_once('#').expect("tokens in the fragment").1;
    assert!(
        fragment.contains("access_token=") && fragment.contains("state=s"),
        "{location}"
    );
}

#[test]
fn prompt_login_asks_again_and_subject_claim_picks_sub() {
    let s = start_with(|settings| {
        settings.auto_approve = true;
        settings.clients[0].subject_claim = Some("email".into());
    });
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    let tokens = exchange(&s, &code, &verifier).json();
    let payload = tokens["access_token"]
        .as_str()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap()
        .to_string();
    let claims: Value = serde_json::from_slice(&b64::decode(&payload).unwrap()).unwrap();
    assert_eq!(claims["sub"], "demo@example.test");

    // A signed-in session is asked to sign in again with prompt=login.
    let page = s.get(
        &authorize_path("demo-client", REDIRECT, &challenge, "openid"),
        None,
    );
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
    let cookie = logged.headers["set-cookie"]
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let again = s.get(
        &authorize_path("demo-client", REDIRECT, &challenge, "openid"),
        Some(&cookie),
    );
    assert_eq!(again.status, 302, "a session skips the login page");
    let forced = s.get(
        &format!(
            "{}&prompt=login",
            authorize_path("demo-client", REDIRECT, &challenge, "openid")
        ),
        Some(&cookie),
    );
    assert_eq!(forced.status, 200);
    assert!(forced.body.contains("name=\"password\""));
}

#[test]
fn many_concurrent_token_requests_all_succeed() {
    let s = start();
    let jtis: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    (0..25)
                        .map(|_| {
                            let r = s.post(
                                "/token",
                                &[("grant_type", "client_credentials")],
                                &[("Authorization", &basic("demo-client", SECRET))],
                            );
                            assert_eq!(r.status, 200, "{}", r.body);
                            let token = r.json()["access_token"].as_str().unwrap().to_string();
                            let payload: Value = serde_json::from_slice(
                                &b64::decode(token.split('.').nth(1).unwrap()).unwrap(),
                            )
                            .unwrap();
                            payload["jti"].as_str().unwrap().to_string()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let distinct: std::collections::HashSet<&String> = jtis.iter().collect();
    assert_eq!((jtis.len(), distinct.len()), (200, 200));
    assert_eq!(s.get("/jwks", None).status, 200);
}

/// A refresh token comes with `offline_access`, or to a client registered for the
/// refresh_token grant; either suffices.
#[test]
fn a_refresh_token_needs_offline_access_or_the_refresh_grant_not_both() {
    let s = start();
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    let r = exchange(&s, &code, &verifier);
    assert!(r.json()["refresh_token"].is_string(), "{}", r.body);

    let s = start_with(|settings| {
        settings.clients[0]
            .grants
            .remove(&config::Grant::RefreshToken);
    });
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    let r = exchange(&s, &code, &verifier);
    assert!(r.json()["access_token"].is_string(), "{}", r.body);
    assert!(r.json().get("refresh_token").is_none(), "{}", r.body);
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid offline_access");
    let r = exchange(&s, &code, &verifier);
    assert!(r.json()["refresh_token"].is_string(), "{}", r.body);
}

/// RFC 6749 section 4.1.2.1: without exactly one client_id and one redirect_uri the request
/// cannot be trusted to redirect, so the user gets an error page; any other repeated
/// parameter is an invalid_request sent back to the (registered) redirect URI.
#[test]
fn repeated_or_missing_request_parameters_are_refused_where_it_is_safe() {
    let s = start();
    let (_, challenge) = pkce();
    let path = authorize_path("demo-client", REDIRECT, &challenge, "openid");
    for (what, query) in [
        (
            "a second client_id",
            format!("{path}&client_id=demo-client"),
        ),
        (
            "a second redirect_uri",
            format!("{path}&redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback"),
        ),
        (
            "no redirect_uri",
            path.replace("redirect_uri=", "redirect_urx="),
        ),
    ] {
        let r = s.get(&query, None);
        assert_eq!(r.status, 400, "{what}: {}", r.body);
        assert!(!r.headers.contains_key("location"), "{what} redirected");
        assert!(
            r.body
                .contains("exactly one client_id and one redirect_uri"),
            "{what}: {}",
            r.body
        );
    }
    let r = s.get(&format!("{path}&scope=profile"), None);
    assert_eq!(r.status, 302, "{}", r.body);
    assert_eq!(
        r.location_param("error").as_deref(),
        Some("invalid_request")
    );
    let description = r.location_param("error_description").unwrap_or_default();
    assert!(description.contains("`scope` is repeated"), "{description}");
}

/// Each way a request gets PKCE wrong is named in the redirect's error_description, so the
/// developer reading it knows which one.
#[test]
fn pkce_refusals_say_what_was_wrong() {
    let s = start();
    let (_, challenge) = pkce();
    let good = authorize_path("demo-client", REDIRECT, &challenge, "openid");
    let cases = [
        (
            good.replace(&challenge, "too-short"),
            "code_challenge must be a base64url SHA-256",
        ),
        (
            good.replace("&code_challenge_method=S256", "")
                .replace(&format!("&code_challenge={challenge}"), ""),
            "PKCE is required",
        ),
        (
            good.replace("code_challenge_method=S256", "code_challenge_method=plain"),
            "only code_challenge_method=S256 is accepted",
        ),
    ];
    for (path, expected) in cases {
        let r = s.get(&path, None);
        assert_eq!(r.status, 302, "{path}: {}", r.body);
        assert_eq!(
            r.location_param("error").as_deref(),
            Some("invalid_request")
        );
        let description = r.location_param("error_description").unwrap_or_default();
        assert!(description.contains(expected), "{path}: {description}");
    }
}

/// A code is good for the client's code_lifetime from its issue, and not after.
#[test]
fn a_code_is_redeemable_within_its_lifetime_and_not_after() {
    let s = start_with(|settings| settings.clients[0].code_lifetime = 2);
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    let r = exchange(&s, &code, &verifier);
    assert_eq!(r.status, 200, "{}", r.body);
    let code = get_code(&s, "demo-client", &challenge, "openid");
    std::thread::sleep(Duration::from_millis(3100));
    let r = exchange(&s, &code, &verifier);
    assert_eq!(r.json()["error"], "invalid_grant", "{}", r.body);
}

/// A confidential client that names itself with client_id alone, no secret or assertion, is
/// refused: only a client registered as public (auth method none) may do that.
#[test]
fn a_confidential_client_naming_itself_without_credentials_is_refused() {
    let s = start();
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", "demo-client"),
    ];
    let r = s.post("/token", &form, &[]);
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.json()["error"], "invalid_client", "{}", r.body);
    assert!(
        r.json()["error_description"]
            .as_str()
            .unwrap_or_default()
            .contains("must authenticate"),
        "{}",
        r.body
    );
}
