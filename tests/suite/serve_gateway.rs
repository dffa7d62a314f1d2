//! The users' original setup on one machine: serve under an enterprise IdP's issuer path,
//! as the gateway in front of a business API, and as the demo token server.

use crate::common;

use common::serve_client::*;
use common::{assert_success, oauthctl};
use serde_json::Value;

const PATH: &str = "/auth/oauth/v20";

fn under_path() -> Server {
    start_with(|settings| {
        settings.issuer = Some(format!("http://{}{PATH}", settings.bind));
    })
}

/// The demo client's secret and the demo password in files, as `flow` reads them.
fn secret_files() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("client.secret");
    let password = dir.path().join("demo.password");
    std::fs::write(&secret, SECRET).unwrap();
    std::fs::write(&password, PASSWORD).unwrap();
    let text = |p: std::path::PathBuf| p.to_str().unwrap().to_string();
    (dir, text(secret), text(password))
}

#[test]
fn an_issuer_with_a_path_serves_every_endpoint_under_it_and_flow_runs_through() {
    let s = under_path();
    let issuer = s.running.issuer.clone();
    assert!(issuer.ends_with(PATH), "{issuer}");
    let meta = s.get("/.well-known/openid-configuration", None).json();
    assert_eq!(meta["issuer"], issuer);
    assert_eq!(meta["token_endpoint"], format!("{issuer}/token"));
    // RFC 8414 section 3.1: the well-known segment goes before the issuer's path.
    let origin = issuer.strip_suffix(PATH).unwrap();
    let rfc8414 = reply(
        agent()
            .get(&format!(
                "{origin}/.well-known/oauth-authorization-server{PATH}"
            ))
            .call(),
    );
    assert_eq!(rfc8414.status, 200);
    assert_eq!(rfc8414.json()["issuer"], issuer);
    // Nothing answers at the root any more.
    let root = reply(agent().get(&format!("{origin}/jwks")).call());
    assert_eq!(root.status, 404);
    // The login form posts under the path too.
    let page = s.get(
        &authorize_path("demo-client", REDIRECT, &pkce().1, "openid"),
        None,
    );
    assert!(
        page.body.contains(&format!("action=\"{PATH}/login\"")),
        "{}",
        page.body
    );
    // The whole flow, as the banner prints it, headless.
    let (_dir, secret, password) = secret_files();
    let out = oauthctl()
        .args(["flow", "--issuer", &issuer, "--client-id", "demo-client"])
        .args(["--client-secret-file", &secret, "--login", "auto"])
        .args(["--username", "demo", "--password-file", &password])
        .output()
        .unwrap();
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("userinfo") && stderr.contains("revoke"),
        "{stderr}"
    );
}

#[test]
fn a_client_assertion_for_a_path_issuers_token_endpoint_is_accepted() {
    use oauthctl::keys::generate::{generate, KeySpec};
    let mut key = generate(KeySpec::Ec(oauthctl::keys::Curve::P256)).unwrap();
    key.kid = Some(key.kid_or_thumbprint());
    let public = key.public();
    let s = start_with(move |settings| {
        settings.issuer = Some(format!("http://{}{PATH}", settings.bind));
        let mut client = settings.clients[0].clone();
        client.id = "signer".into();
        client.secret = None;
        client.auth_method = oauthctl::protocol::ClientAuthMethod::PrivateKeyJwt;
        client.jwks = vec![public];
        settings.clients.push(client);
    });
    let now = oauthctl::jwt::time::now().unwrap();
    let signer = oauthctl::keys::crypto::Signer::new(&key, key.default_algorithm()).unwrap();
    let mut header = serde_json::Map::new();
    header.insert("kid".into(), key.kid.clone().unwrap().into());
    let claims = serde_json::json!({
        "iss": "signer", "sub": "signer", "aud": s.url("/token"),
        "iat": now, "exp": now + 60, "jti": "j1",
    });
    let jwt = oauthctl::jwt::token::mint(&signer, &header, claims.as_object().unwrap()).unwrap();
    let r = s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", &jwt),
        ],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let _: Value = r.json();
}

/// `keygen --layout gateway` in a fresh directory: priv_pem, public_pem, public.
fn gateway_keys() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = oauthctl()
        .args(["keygen", "--layout", "gateway", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_success(&out);
    dir
}

fn mint(key: &std::path::Path, extra: &[&str]) -> String {
    let out = oauthctl()
        .args(["token", "mint", "--key"])
        .arg(key)
        .args(extra)
        .output()
        .unwrap();
    assert_success(&out);
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A server whose gateway side comes from `toml` (relative paths from `dir`).
fn with_config(dir: &std::path::Path, toml: &str) -> Server {
    let path = dir.join("serve.toml");
    std::fs::write(&path, toml).unwrap();
    start_with(move |settings| {
        let parsed = oauthctl::server::config::from_text(toml, &path, settings.bind, false)
            .unwrap_or_else(|e| panic!("{}", e.message));
        settings.protected = parsed.protected;
        settings.demo_tokens = parsed.demo_tokens;
        if !parsed.keys.is_empty() {
            settings.keys = parsed.keys;
        }
    })
}

/// A server whose `/work` trusts fresh gateway keys and relays to `upstream`; the keys'
/// directory (kept alive with it) and a token signed by them.
fn relaying_to(upstream: &str) -> (tempfile::TempDir, Server, String) {
    let keys = gateway_keys();
    let s = with_config(
        keys.path(),
        &format!(
            "[[protected]]\npath = \"/work\"\ntrusted_keys = [\"public\"]\nupstream = \"{upstream}\"\n"
        ),
    );
    let token = mint(&keys.path().join("priv_pem"), &["--no-kid"]);
    (keys, s, token)
}

fn get_with(s: &Server, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = agent().get(&s.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    reply(request.call())
}

fn challenge_of(r: &Reply) -> String {
    r.headers
        .get("www-authenticate")
        .cloned()
        .unwrap_or_default()
}

#[test]
fn gateway_mode_accepts_tokens_of_a_trusted_key_in_both_header_forms() {
    let keys = gateway_keys();
    let s = with_config(
        keys.path(),
        "[[protected]]\npath = \"/work\"\ntrusted_keys = [\"public\"]\nalgorithms = [\"RS256\"]\n",
    );
    // A token from another issuer (token mint with the gateway's key pair), no kid at all.
    let token = mint(
        &keys.path().join("priv_pem"),
        &[
            "--iss",
            "https://python-demo.example",
            "--claim",
            "foo=bar",
            "--no-kid",
        ],
    );
    for header in [
        format!("Bearer {token}"),
        format!("Bearer id_token=\"{token}\""),
    ] {
        let r = get_with(&s, "/work", &[("Authorization", &header)]);
        assert_eq!(
            (r.status, r.body.as_str()),
            (200, "hello world\n"),
            "{header}"
        );
    }
    // Signed by another key: invalid_token with the verifier's reason.
    let other = gateway_keys();
    let forged = mint(&other.path().join("priv_pem"), &["--no-kid"]);
    let r = get_with(
        &s,
        "/work",
        &[("Authorization", &format!("Bearer {forged}"))],
    );
    assert_eq!(r.status, 401);
    let challenge = challenge_of(&r);
    assert!(
        challenge.starts_with(
            "Bearer realm=\"oauthctl\", error=\"invalid_token\", error_description=\""
        ),
        "{challenge}"
    );
    assert!(challenge.contains("signature"), "{challenge}");
    // Expired.
    let expired = mint(
        &keys.path().join("priv_pem"),
        &[
            "--exp",
            "2001-01-01T00:00:00Z",
            "--nbf",
            "2000-01-01T00:00:00Z",
        ],
    );
    let r = get_with(
        &s,
        "/work",
        &[("Authorization", &format!("Bearer {expired}"))],
    );
    assert!(challenge_of(&r).contains("expired"), "{}", challenge_of(&r));
    // No credentials: a bare challenge (RFC 6750 section 3.1).
    let r = get_with(&s, "/work", &[]);
    assert_eq!(r.status, 401);
    assert_eq!(challenge_of(&r), "Bearer realm=\"oauthctl\"");
    // Another algorithm than the path allows.
    let ps256 = mint(
        &keys.path().join("priv_pem"),
        &["--alg", "PS256", "--no-kid"],
    );
    let r = get_with(
        &s,
        "/work",
        &[("Authorization", &format!("Bearer {ps256}"))],
    );
    assert!(challenge_of(&r).contains("PS256"), "{}", challenge_of(&r));
}

#[test]
fn a_protected_path_enforces_its_claim_rules_and_header_forms() {
    let keys = gateway_keys();
    let s = with_config(
        keys.path(),
        "[[protected]]\npath = \"/api\"\ntrusted_keys = [\"public_pem\"]\n\
         issuer = \"https://idp.example\"\naudience = [\"business-api\"]\n\
         require = [\"wup\"]\nclaims = { foo = \"bar\" }\naccept = [\"id_token\"]\n\
         respond = \"ok from api\\n\"\n",
    );
    let key = keys.path().join("priv_pem");
    let good = [
        "--iss",
        "https://idp.example",
        "--aud",
        "business-api",
        "--claim",
        "foo=bar",
        "--claim",
        "wup=90",
    ];
    let call = |token: &str| {
        get_with(
            &s,
            "/api/v1/items",
            &[("Authorization", &format!("Bearer id_token=\"{token}\""))],
        )
    };
    let ok = call(&mint(&key, &good));
    assert_eq!((ok.status, ok.body.as_str()), (200, "ok from api\n"));
    // Each rule on its own: the same token with one claim changed.
    let variants: [(&[&str], &str); 4] = [
        (
            &[
                "--iss",
                "https://other.example",
                "--aud",
                "business-api",
                "--claim",
                "foo=bar",
                "--claim",
                "wup=90",
            ],
            "iss",
        ),
        (
            &[
                "--iss",
                "https://idp.example",
                "--aud",
                "other-api",
                "--claim",
                "foo=bar",
                "--claim",
                "wup=90",
            ],
            "aud",
        ),
        (
            &[
                "--iss",
                "https://idp.example",
                "--aud",
                "business-api",
                "--claim",
                "foo=baz",
                "--claim",
                "wup=90",
            ],
            "foo",
        ),
        (
            &[
                "--iss",
                "https://idp.example",
                "--aud",
                "business-api",
                "--claim",
                "foo=bar",
            ],
            "wup",
        ),
    ];
    for (args, claim) in variants {
        let r = call(&mint(&key, args));
        assert_eq!(r.status, 401, "{claim}");
        let challenge = challenge_of(&r);
        assert!(challenge.contains(claim), "{claim}: {challenge}");
        // The reason's own quotes are left out, so that the header stays well-formed.
        assert_eq!(challenge.matches('"').count(), 6, "{claim}: {challenge}");
    }
    let mismatch = call(&mint(&key, variants[2].0));
    assert!(
        challenge_of(&mismatch).contains("claim `foo` is baz, expected bar"),
        "{}",
        challenge_of(&mismatch)
    );
    // The plain Bearer form is not accepted on this path.
    let plain = get_with(
        &s,
        "/api",
        &[("Authorization", &format!("Bearer {}", mint(&key, &good)))],
    );
    assert_eq!(plain.status, 401);
    assert!(
        challenge_of(&plain).contains("accepts only"),
        "{}",
        challenge_of(&plain)
    );
    // /work is not served when the configuration lists other paths.
    assert_eq!(get_with(&s, "/work", &[]).status, 404);
}

#[test]
fn serves_own_tokens_pass_a_gateway_only_while_live_and_forged_own_tokens_never() {
    let s = start();
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    let access = exchange(&s, &code, &verifier).json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let work = |token: &str| {
        get_with(
            &s,
            "/work",
            &[("Authorization", &format!("Bearer {token}"))],
        )
    };
    assert_eq!(work(&access).status, 200);
    let revoked = s.post(
        "/revoke",
        &[("token", &access)],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    assert_eq!(revoked.status, 200);
    let r = work(&access);
    assert_eq!(r.status, 401);
    assert!(
        challenge_of(&r).contains("revoked or unknown"),
        "{}",
        challenge_of(&r)
    );
}

#[test]
fn an_upstream_receives_the_request_without_the_clients_authorization() {
    use common::http_server::{Reply as Upstream, TestServer};
    let upstream = TestServer::start(Default::default());
    upstream.handle("/backend/v1/items", |_| Upstream {
        status: 201,
        content_type: "application/json",
        body: r#"{"made":true}"#.into(),
        headers: vec![("X-Backend".into(), "yes".into())],
    });
    let (_keys, s, token) = relaying_to(&format!("{}/backend", upstream.base));
    let r = reply(
        agent()
            .post(&s.url("/work/v1/items?page=2"))
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .header("X-Trace", "t-1")
            .header("X-Forwarded-For", "203.0.113.9")
            .send(r#"{"name":"x"}"#),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body, r#"{"made":true}"#);
    assert_eq!(r.headers.get("x-backend").map(String::as_str), Some("yes"));
    let seen = upstream.seen.lock().unwrap().clone();
    let request = seen.last().expect("the upstream was called");
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/backend/v1/items?page=2");
    assert_eq!(request.body, r#"{"name":"x"}"#);
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        header("authorization"),
        None,
        "the token must not reach the upstream"
    );
    assert_eq!(header("x-trace").as_deref(), Some("t-1"));
    assert_eq!(header("x-forwarded-proto").as_deref(), Some("http"));
    assert_eq!(header("x-forwarded-for").as_deref(), Some("127.0.0.1"));
    assert!(header("x-forwarded-host").is_some());
    // Without a valid token the upstream is never called.
    let before = upstream.paths().len();
    assert_eq!(get_with(&s, "/work/v1/items", &[]).status, 401);
    assert_eq!(upstream.paths().len(), before);
}

#[test]
fn an_upstream_that_does_not_answer_is_502() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let (_keys, s, token) = relaying_to(&format!("http://127.0.0.1:{port}"));
    let r = get_with(
        &s,
        "/work",
        &[("Authorization", &format!("Bearer {token}"))],
    );
    assert_eq!(r.status, 502, "{}", r.body);
    assert!(r.body.contains("cannot be reached"), "{}", r.body);
}

const DEMO_VERIFY: &str = r#"
import sys, python_jwt, jwcrypto.jwk
key = jwcrypto.jwk.JWK.from_pem(open(sys.argv[2], 'rb').read())
header, claims = python_jwt.verify_jwt(sys.argv[1], key, ['RS256'])
print(header['alg'], header['typ'], sorted(header), claims['foo'], claims['wup'], claims['exp'] - claims['iat'])
"#;

#[test]
fn the_demo_token_server_hands_out_tokens_the_demos_own_verifier_accepts() {
    let keys = gateway_keys();
    let s = with_config(
        keys.path(),
        "[[keys]]\npath = \"priv_pem\"\n\n[demo_token_server]\nclaims = { foo = \"bar\", wup = 90 }\nlifetime = 300\n",
    );
    let issued = s.get("/token", None);
    assert_eq!(issued.status, 200, "{}", issued.body);
    let token = issued.body.clone();
    let header: Value =
        serde_json::from_slice(&oauthctl::b64::decode(token.split('.').next().unwrap()).unwrap())
            .unwrap();
    assert_eq!(header.to_string(), r#"{"alg":"RS256","typ":"JWT"}"#);
    let out = common::run_python(
        DEMO_VERIFY,
        &[&token, keys.path().join("public_pem").to_str().unwrap()],
    );
    assert_eq!(out.trim(), "RS256 JWT ['alg', 'typ'] bar 90 300");
    // /check: the token header verified, 200 with the token; a tampered one 401 with why.
    let checked = get_with(&s, "/check", &[("token", &token)]);
    assert_eq!(
        (checked.status, checked.body.as_str()),
        (200, token.as_str())
    );
    let tampered = format!("{}x", &token[..token.len() - 1]);
    let refused = get_with(&s, "/check", &[("token", &tampered)]);
    assert_eq!(refused.status, 401);
    assert!(refused.body.contains("invalid token"), "{}", refused.body);
    let missing = get_with(&s, "/check", &[]);
    assert_eq!(missing.status, 401);
    assert!(
        missing.body.contains("`token` request header"),
        "{}",
        missing.body
    );
}

#[test]
fn without_the_demo_token_server_get_token_is_405_and_check_404() {
    let s = start();
    assert_eq!(s.get("/token", None).status, 405);
    assert_eq!(s.get("/check", None).status, 404);
}

#[test]
fn gateway_configuration_errors_name_the_file_line_and_field() {
    let keys = gateway_keys();
    let path = keys.path().join("serve.toml");
    let bind = "127.0.0.1:0".parse().unwrap();
    let cases = [
        (
            "[[protected]]\npath = \"/work\"\nbogus = 1\n",
            ":3:",
            "unknown field `bogus`",
        ),
        (
            "[[protected]]\npath = \"/work\"\ntrusted_keys = [\"missing.pem\"]\n",
            ":2:",
            "missing.pem",
        ),
        (
            "[[protected]]\npath = \"/work\"\nupstream = \"not a url\"\n",
            ":2:",
            "is not an http(s) URL",
        ),
        (
            "[[protected]]\npath = \"/work\"\nupstream = \"http://10.0.0.1/\"\n",
            ":2:",
            "allow_remote_upstream",
        ),
        (
            "[[protected]]\npath = \"/token\"\n",
            ":2:",
            "collides with serve's `/token`",
        ),
        (
            "[[protected]]\npath = \"/work\"\n[[protected]]\npath = \"/work\"\n",
            ":4:",
            "listed twice",
        ),
        (
            "[[protected]]\npath = \"/work\"\ntrust_serve_keys = false\n",
            ":2:",
            "trusts no key",
        ),
        (
            "[demo_token_server]\nlifetime = 0\n",
            ":2:",
            "lifetime must be 1 to 86400",
        ),
    ];
    for (text, line, words) in cases {
        let error = oauthctl::server::config::from_text(text, &path, bind, false).unwrap_err();
        assert_eq!(error.reason, "bad_config", "{text}");
        assert!(
            error.message.contains(&format!("serve.toml{line}")),
            "{text}: {}",
            error.message
        );
        assert!(error.message.contains(words), "{text}: {}", error.message);
    }
}

#[test]
fn an_upstream_answer_over_the_cap_is_502_not_held_in_memory() {
    use common::http_server::{Reply as Upstream, TestServer};
    let upstream = TestServer::start(Default::default());
    upstream.handle("/big", |_| Upstream {
        status: 200,
        content_type: "text/plain",
        body: "x".repeat(3 * 1024 * 1024),
        headers: Vec::new(),
    });
    let (_keys, s, token) = relaying_to(&upstream.base);
    let r = get_with(
        &s,
        "/work/big",
        &[("Authorization", &format!("Bearer {token}"))],
    );
    assert_eq!(r.status, 502, "{}", &r.body[..r.body.len().min(200)]);
    assert!(
        r.body.contains("reading the upstream's answer failed"),
        "{}",
        &r.body[..r.body.len().min(200)]
    );
}

#[test]
fn an_opaque_token_passes_no_path_with_claim_rules() {
    let dir = tempfile::tempdir().unwrap();
    let s = {
        let path = dir.path().join("serve.toml");
        let toml = "[[protected]]\npath = \"/work\"\n\n\
                    [[protected]]\npath = \"/by-issuer\"\ntrust_serve_keys = true\nissuer = \"https://idp.example\"\n\n\
                    [[protected]]\npath = \"/by-claim\"\ntrust_serve_keys = true\nrequire = [\"scope\"]\n";
        std::fs::write(&path, toml).unwrap();
        start_with(move |settings| {
            let parsed =
                oauthctl::server::config::from_text(toml, &path, settings.bind, false).unwrap();
            settings.protected = parsed.protected;
            settings.clients[0].access_token_format =
                oauthctl::server::config::AccessTokenFormat::Opaque;
        })
    };
    let token = s
        .post(
            "/token",
            &[("grant_type", "client_credentials")],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
        .json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        get_with(
            &s,
            "/work",
            &[("Authorization", &format!("Bearer {token}"))]
        )
        .status,
        200
    );
    for path in ["/by-issuer", "/by-claim"] {
        let r = get_with(&s, path, &[("Authorization", &format!("Bearer {token}"))]);
        assert_eq!(r.status, 401, "{path}");
        assert!(
            challenge_of(&r).contains("not a JWT"),
            "{path}: {}",
            challenge_of(&r)
        );
    }
}

#[test]
fn a_protected_paths_leeway_admits_a_token_that_just_expired() {
    let keys = gateway_keys();
    let s = with_config(
        keys.path(),
        "[[protected]]\npath = \"/strict\"\ntrusted_keys = [\"public\"]\n\n\
         [[protected]]\npath = \"/lenient\"\ntrusted_keys = [\"public\"]\nleeway = 120\n",
    );
    let now = oauthctl::jwt::time::now().unwrap();
    let minute_ago = oauthctl::jwt::time::rfc3339(now - 60);
    let two_minutes_ago = oauthctl::jwt::time::rfc3339(now - 120);
    let token = mint(
        &keys.path().join("priv_pem"),
        &["--no-kid", "--exp", &minute_ago, "--nbf", &two_minutes_ago],
    );
    let header = format!("Bearer {token}");
    let strict = get_with(&s, "/strict", &[("Authorization", &header)]);
    assert_eq!(strict.status, 401);
    assert!(
        challenge_of(&strict).contains("expired"),
        "{}",
        challenge_of(&strict)
    );
    let lenient = get_with(&s, "/lenient", &[("Authorization", &header)]);
    assert_eq!(lenient.status, 200, "{}", challenge_of(&lenient));
}
