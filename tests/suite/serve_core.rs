//! The invariants of `oauthctl serve`'s core under pressure: a code redeemed once whatever
//! the timing, one code per finished sign-in, bounded state, swept records, and bounded
//! connections (timeouts, a connection cap that sheds idle sockets, a shutdown deadline).
//! Servers run on 127.0.0.1 with free ports; every loop is bounded.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use common::serve_client::*;
use oauthctl::server::{self, http::HttpLimits, store};
use serde_json::json;

/// Many worker threads, so that simultaneous requests really run at the same time.
fn many_threads() -> server::Limits {
    server::Limits {
        worker_threads: Some(16),
        ..server::Limits::default()
    }
}

/// `racers` token requests for one code, released together, `trials` times: exactly one
/// gets tokens, the others are told the code was used, and once all have returned no
/// token issued from the code is active (the replays revoked the winner's).
fn race_code_redemption(racers: usize, trials: usize) {
    let s = start_limited(many_threads(), |_| {});
    for trial in 0..trials {
        let (verifier, challenge) = pkce();
        let code = get_code(&s, "demo-client", &challenge, "openid offline_access");
        let start = Barrier::new(racers);
        let replies: Vec<Reply> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..racers)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        exchange(&s, &code, &verifier)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let winners: Vec<&Reply> = replies.iter().filter(|r| r.status == 200).collect();
        assert_eq!(
            winners.len(),
            1,
            "trial {trial}: {:?}",
            replies.iter().map(|r| &r.body).collect::<Vec<_>>()
        );
        for loser in replies.iter().filter(|r| r.status != 200) {
            assert_eq!(loser.status, 400, "{}", loser.body);
            assert_eq!(loser.json()["error"], "invalid_grant");
            assert!(loser.json()["error_description"]
                .as_str()
                .unwrap()
                .contains("already used"));
        }
        let tokens = winners[0].json();
        let access = tokens["access_token"].as_str().unwrap();
        let refresh = tokens["refresh_token"].as_str().unwrap();
        assert_eq!(
            introspect(&s, access),
            json!({"active": false}),
            "trial {trial}"
        );
        assert_eq!(
            introspect(&s, refresh),
            json!({"active": false}),
            "trial {trial}"
        );
        let userinfo = s.get_bearer("/userinfo", access);
        assert_eq!(userinfo.status, 401, "trial {trial}");
        let refreshed = s.post(
            "/token",
            &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
            &[("Authorization", &basic("demo-client", SECRET))],
        );
        assert_eq!(refreshed.status, 400, "trial {trial}: {}", refreshed.body);
    }
}

#[test]
fn two_simultaneous_code_exchanges_one_wins_and_no_token_of_the_code_stays_active() {
    race_code_redemption(2, 40);
}

#[test]
fn twenty_simultaneous_code_exchanges_one_wins_and_no_token_of_the_code_stays_active() {
    race_code_redemption(20, 8);
}

#[test]
fn racing_consent_approvals_for_one_request_yield_exactly_one_code() {
    let racers = 8;
    for _ in 0..10 {
        // A fresh server each time: consent once given is remembered.
        let s = start_limited(many_threads(), |_| {});
        let (request_id, cookie, csrf) = at_consent(&s, "demo-client", "openid");
        let start = Barrier::new(racers);
        let replies: Vec<Reply> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..racers)
                .map(|_| {
                    scope.spawn(|| {
                        let form = [
                            ("request_id", request_id.as_str()),
                            ("csrf", csrf.as_str()),
                            ("decision", "approve"),
                        ];
                        start.wait();
                        s.post("/consent", &form, &[("Cookie", &cookie)])
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let codes = replies
            .iter()
            .filter(|r| r.location_param("code").is_some())
            .count();
        assert_eq!(
            codes,
            1,
            "{:?}",
            replies.iter().map(|r| r.status).collect::<Vec<_>>()
        );
        for other in replies
            .iter()
            .filter(|r| r.location_param("code").is_none())
        {
            assert_eq!(other.status, 400);
            assert!(
                other.body.contains("already completed") || other.body.contains("expired"),
                "{}",
                other.body
            );
        }
    }
}

#[test]
fn pending_requests_are_capped_and_a_flood_evicts_the_oldest_not_new_sign_ins() {
    let limits = server::Limits {
        store: store::Limits {
            pending: 20,
            ..store::Limits::default()
        },
        ..server::Limits::default()
    };
    let s = start_limited(limits, |_| {});
    let (_, challenge) = pkce();
    let path = authorize_path("demo-client", REDIRECT, &challenge, "openid");
    let first = hidden(&s.get(&path, None).body, "request_id");
    for i in 0..40 {
        assert_eq!(s.get(&path, None).status, 200, "request {i}");
    }
    assert_eq!(s.running.store_counts().pending, 20);
    // The oldest was dropped: its login form now finds nothing.
    let login = [
        ("request_id", first.as_str()),
        ("username", "demo"),
        ("password", PASSWORD),
    ];
    let stale = s.post("/login", &login, &[]);
    assert_eq!(stale.status, 400);
    assert!(stale.body.contains("expired"), "{}", stale.body);
    // A sign-in started during the flood still completes.
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    assert_eq!(exchange(&s, &code, &verifier).status, 200);
}

#[test]
fn an_authorization_request_waits_for_its_login_only_as_long_as_its_lifetime() {
    let limits = server::Limits {
        store: store::Limits {
            pending_lifetime: 1,
            ..store::Limits::default()
        },
        ..server::Limits::default()
    };
    let s = start_limited(limits, |_| {});
    let (_, challenge) = pkce();
    let path = authorize_path("demo-client", REDIRECT, &challenge, "openid");
    let login = |request_id: &str| {
        s.post(
            "/login",
            &[
                ("request_id", request_id),
                ("username", "demo"),
                ("password", PASSWORD),
            ],
            &[],
        )
    };
    let prompt = hidden(&s.get(&path, None).body, "request_id");
    let in_time = login(&prompt);
    assert_ne!(in_time.status, 400, "{}", in_time.body);
    assert!(!in_time.body.contains("expired"), "{}", in_time.body);
    let late = hidden(&s.get(&path, None).body, "request_id");
    std::thread::sleep(Duration::from_millis(2100));
    let stale = login(&late);
    assert_eq!(stale.status, 400);
    assert!(stale.body.contains("expired"), "{}", stale.body);
}

#[test]
fn a_login_session_is_reused_within_its_lifetime_and_asks_again_after() {
    let limits = server::Limits {
        store: store::Limits {
            session_lifetime: 2,
            ..store::Limits::default()
        },
        ..server::Limits::default()
    };
    let s = start_limited(limits, |_| {});
    let (_, challenge) = pkce();
    let (_, _, cookie) = sign_in(&s, "demo-client", &challenge, "openid");
    let path = authorize_path("demo-client", REDIRECT, &challenge, "openid");
    let again = s.get(&path, Some(&cookie));
    assert!(
        !again.body.contains("name=\"password\""),
        "asked to log in again: {}",
        again.body
    );
    std::thread::sleep(Duration::from_millis(3100));
    let later = s.get(&path, Some(&cookie));
    assert_eq!(later.status, 200, "{}", later.body);
    assert!(
        later.body.contains("name=\"password\""),
        "no login page: {}",
        later.body
    );
}

#[test]
fn state_nonce_and_scope_longer_than_the_limit_are_invalid_request() {
    let s = start();
    let (_, challenge) = pkce();
    let base = authorize_path("demo-client", REDIRECT, &challenge, "openid");
    let long = "s".repeat(1025);
    // authorize_path sends state=st4te and nonce=n0nce; repeat neither, replace them.
    let with_state = base.replace("state=st4te", &format!("state={long}"));
    let r = s.get(&with_state, None);
    assert_eq!(
        r.location_param("error").as_deref(),
        Some("invalid_request")
    );
    assert!(r
        .location_param("error_description")
        .unwrap()
        .contains("state is longer than 1024"));
    assert_eq!(
        r.location_param("state"),
        None,
        "the long state is not echoed"
    );
    let with_nonce = base.replace("nonce=n0nce", &format!("nonce={long}"));
    let r = s.get(&with_nonce, None);
    assert!(r
        .location_param("error_description")
        .unwrap()
        .contains("nonce is longer than 1024"));
    assert_eq!(r.location_param("state").as_deref(), Some("st4te"));
    let with_scope = base.replace("scope=openid", &format!("scope={}", "openid+".repeat(200)));
    let r = s.get(&with_scope, None);
    assert!(r
        .location_param("error_description")
        .unwrap()
        .contains("scope is longer than 1024"));
    // At the limit it is accepted.
    let at_limit = base.replace("state=st4te", &format!("state={}", "s".repeat(1024)));
    assert_eq!(s.get(&at_limit, None).status, 200);
    assert_eq!(s.running.store_counts().pending, 1);
}

#[test]
fn expired_tokens_are_swept_on_a_schedule_without_any_further_request() {
    let limits = server::Limits {
        sweep_every: Some(Duration::from_millis(200)),
        ..server::Limits::default()
    };
    let s = start_limited(limits, |settings| {
        for client in &mut settings.clients {
            client.access_token_lifetime = 1;
        }
    });
    for _ in 0..30 {
        let r = s.post(
            "/token",
            &[("grant_type", "client_credentials")],
            &[("Authorization", &basic("demo-client", SECRET))],
        );
        assert_eq!(r.status, 200, "{}", r.body);
    }
    assert_eq!(s.running.store_counts().access, 30);
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.running.store_counts().access > 0 {
        assert!(Instant::now() < deadline, "expired tokens were never swept");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn live_tokens_are_capped_and_refused_with_503_until_they_expire() {
    let limits = server::Limits {
        store: store::Limits {
            access_tokens: 5,
            ..store::Limits::default()
        },
        ..server::Limits::default()
    };
    let s = start_limited(limits, |_| {});
    let token = || {
        s.post(
            "/token",
            &[("grant_type", "client_credentials")],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
    };
    for _ in 0..5 {
        assert_eq!(token().status, 200);
    }
    let refused = token();
    assert_eq!(refused.status, 503);
    assert_eq!(refused.json()["error"], "temporarily_unavailable");
    assert!(refused.headers.contains_key("retry-after"));
}

fn fast_timeouts() -> server::Limits {
    server::Limits {
        http: HttpLimits {
            header_timeout: Duration::from_secs(1),
            ..HttpLimits::default()
        },
        ..server::Limits::default()
    }
}

/// Read until the server closes the connection (or 10 s pass); returns what it sent and
/// how long the close took.
fn until_closed(mut stream: TcpStream) -> (String, Duration) {
    let started = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the server kept the connection open: {e}"),
        }
    }
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn idle_and_half_sent_connections_are_closed_after_the_header_timeout() {
    let s = start_limited(fast_timeouts(), |_| {});
    let idle = TcpStream::connect(s.running.addr).unwrap();
    let mut half = TcpStream::connect(s.running.addr).unwrap();
    write!(half, "POST /token HTTP/1.1\r\nHost: x\r\nContent-Ty").unwrap();
    let (_, idle_after) = until_closed(idle);
    let (_, half_after) = until_closed(half);
    assert!(idle_after < Duration::from_secs(5), "{idle_after:?}");
    assert!(half_after < Duration::from_secs(5), "{half_after:?}");
    // A keep-alive connection idle after its first answer is closed the same way.
    let mut kept = TcpStream::connect(s.running.addr).unwrap();
    write!(kept, "GET /jwks HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let (answer, kept_after) = until_closed(kept);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(kept_after < Duration::from_secs(5), "{kept_after:?}");
}

#[test]
fn a_body_sent_too_slowly_is_cut_off_at_the_request_deadline() {
    let limits = server::Limits {
        http: HttpLimits {
            request_timeout: Duration::from_secs(1),
            ..HttpLimits::default()
        },
        ..server::Limits::default()
    };
    let s = start_limited(limits, |_| {});
    let mut slow = TcpStream::connect(s.running.addr).unwrap();
    write!(
        slow,
        "POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type="
    )
    .unwrap();
    let (answer, after) = until_closed(slow);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(after < Duration::from_secs(5), "{after:?}");
}

#[test]
fn many_idle_sockets_do_not_starve_a_normal_request() {
    let limits = server::Limits {
        http: HttpLimits {
            max_connections: 40,
            ..HttpLimits::default()
        },
        ..server::Limits::default()
    };
    let s = start_limited(limits, |_| {});
    // Five times the cap in idle sockets, held open by this test for its whole length;
    // the header timeout (10 s) would free them far too late for the request below.
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(s.running.addr).unwrap())
        .collect();
    let started = Instant::now();
    let r = s.get("/.well-known/openid-configuration", None);
    assert_eq!(r.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered only after {:?}",
        started.elapsed()
    );
    drop(idle);
}

#[test]
fn sigterm_with_a_half_sent_request_pending_exits_within_the_grace_period() {
    let process = common::serve_process::start(&["--ephemeral"], None);
    let addr = process.issuer.trim_start_matches("http://").to_string();
    let mut half = TcpStream::connect(&addr).unwrap();
    write!(
        half,
        "POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\ngrant"
    )
    .unwrap();
    // Let the server read what was sent.
    std::thread::sleep(Duration::from_millis(200));
    let signalled = Instant::now();
    let exit = process.terminate_and_wait(Duration::from_secs(15));
    let took = signalled.elapsed();
    assert!(exit.is_some(), "serve was still running 15 s after SIGTERM");
    assert!(exit.unwrap().success(), "{exit:?}");
    // Five seconds of grace, then it exits whatever the client does.
    assert!(took < Duration::from_secs(8), "exit took {took:?}");
    drop(half);
}

#[test]
fn a_code_is_bound_to_its_redirect_uri_and_to_its_client() {
    let s = start();
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid");
    let with = |redirect: &str, auth: &str| {
        s.post(
            "/token",
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", redirect),
                ("code_verifier", &verifier),
            ],
            &[("Authorization", auth)],
        )
    };
    let other_redirect = with(
        "http://127.0.0.1:49152/other",
        &basic("demo-client", SECRET),
    );
    assert_eq!(other_redirect.json()["error"], "invalid_grant");
    assert!(other_redirect.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("redirect_uri does not match"));
    // The public demo client presenting the confidential client's code.
    let other_client = s.post(
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
    assert_eq!(other_client.json()["error"], "invalid_grant");
    assert!(other_client.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("issued to another client"));
    // Neither refusal used the code up.
    assert_eq!(with(REDIRECT, &basic("demo-client", SECRET)).status, 200);
}

#[test]
fn revoking_a_refresh_token_ends_its_family_and_work_refuses_revoked_tokens() {
    let s = start();
    let (verifier, challenge) = pkce();
    let code = get_code(&s, "demo-client", &challenge, "openid offline_access");
    let tokens = exchange(&s, &code, &verifier).json();
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    assert_eq!(s.get_bearer("/work", access).status, 200);
    // Another client's revocation of it is ignored (RFC 7009 2.1), though answered 200.
    let public = s.post(
        "/revoke",
        &[("token", refresh), ("client_id", "demo-public")],
        &[],
    );
    assert_eq!(public.status, 200);
    assert_eq!(introspect(&s, refresh)["active"], true);
    assert_eq!(s.get_bearer("/work", access).status, 200);
    // Its own client's revocation ends the refresh token and the access token of the grant.
    let own = s.post(
        "/revoke",
        &[("token", refresh)],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    assert_eq!(own.status, 200);
    assert_eq!(introspect(&s, refresh), json!({"active": false}));
    assert_eq!(introspect(&s, access), json!({"active": false}));
    let work = s.get_bearer("/work", access);
    assert_eq!(work.status, 401);
    assert!(work.headers["www-authenticate"].contains("invalid_token"));
}

#[test]
fn another_clients_revocation_of_an_access_token_is_ignored() {
    let s = start();
    let token = s.post(
        "/token",
        &[("grant_type", "client_credentials")],
        &[("Authorization", &basic("demo-client", SECRET))],
    );
    let access = token.json()["access_token"].as_str().unwrap().to_string();
    let public = s.post(
        "/revoke",
        &[("token", access.as_str()), ("client_id", "demo-public")],
        &[],
    );
    assert_eq!(public.status, 200);
    assert_eq!(introspect(&s, &access)["active"], true);
    assert_eq!(s.get_bearer("/work", &access).status, 200);
}

#[test]
fn a_client_id_beside_basic_credentials_must_name_the_same_client() {
    let s = start();
    let token = |client_id: &str| {
        s.post(
            "/token",
            &[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
            ],
            &[("Authorization", &basic("demo-client", SECRET))],
        )
    };
    // RFC 6749 allows the client_id parameter alongside Basic; it must agree.
    assert_eq!(token("demo-client").status, 200);
    let other = token("demo-public");
    assert_eq!(other.status, 401);
    assert_eq!(other.json()["error"], "invalid_client");
    assert!(other.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("client_id does not match the credentials"));
}

/// A server with a `private_key_jwt` client `signer` whose key is returned.
fn with_signing_client() -> (Server, oauthctl::keys::Key) {
    use oauthctl::keys::generate::{generate, KeySpec};
    let mut key = generate(KeySpec::Ec(oauthctl::keys::Curve::P256)).unwrap();
    key.kid = Some(key.kid_or_thumbprint());
    let public = key.public();
    let s = start_with(move |settings| {
        let mut client = settings.clients[0].clone();
        client.id = "signer".into();
        client.secret = None;
        client.auth_method = oauthctl::protocol::ClientAuthMethod::PrivateKeyJwt;
        client.jwks = vec![public];
        settings.clients.push(client);
    });
    (s, key)
}

fn assertion(s: &Server, key: &oauthctl::keys::Key, iat_offset: i64, exp_offset: i64) -> String {
    assertion_for(&s.url("/token"), key, iat_offset, exp_offset)
}

fn assertion_for(aud: &str, key: &oauthctl::keys::Key, iat_offset: i64, exp_offset: i64) -> String {
    let now = oauthctl::jwt::time::now().unwrap();
    let signer = oauthctl::keys::crypto::Signer::new(key, key.default_algorithm()).unwrap();
    let mut header = serde_json::Map::new();
    header.insert("kid".into(), key.kid.clone().unwrap().into());
    let claims = json!({
        "iss": "signer",
        "sub": "signer",
        "aud": aud,
        "iat": now + iat_offset,
        "exp": now + exp_offset,
        "jti": oauthctl::jwt::token::random_jti().unwrap(),
    });
    oauthctl::jwt::token::mint(&signer, &header, claims.as_object().unwrap()).unwrap()
}

/// A client-credentials request authenticated by a client assertion (RFC 7523 2.2).
fn token_with_assertion(s: &Server, jwt: &str) -> Reply {
    s.post(
        "/token",
        &[
            ("grant_type", "client_credentials"),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", jwt),
        ],
        &[],
    )
}

#[test]
fn client_assertions_get_30_seconds_of_clock_skew_and_no_more() {
    let (s, key) = with_signing_client();
    let token = |jwt: &str| token_with_assertion(&s, jwt);
    // Issued 20 s "in the future" by a client whose clock runs fast: accepted.
    assert_eq!(token(&assertion(&s, &key, 20, 120)).status, 200);
    // Expired 20 s ago: still within the skew allowed.
    assert_eq!(token(&assertion(&s, &key, -100, -20)).status, 200);
    // Expired 45 s ago, or issued 45 s ahead: refused.
    for (iat, exp) in [(-100, -45), (45, 120)] {
        let refused = token(&assertion(&s, &key, iat, exp));
        assert_eq!(refused.status, 401, "iat {iat} exp {exp}");
        assert_eq!(refused.json()["error"], "invalid_client");
    }
}

#[test]
fn a_client_assertion_for_another_audience_is_refused() {
    let (s, key) = with_signing_client();
    let token = |jwt: &str| token_with_assertion(&s, jwt);
    // RFC 7523 section 3: the audience is this server (its issuer or the endpoint).
    assert_eq!(
        token(&assertion_for(&s.running.issuer, &key, 0, 60)).status,
        200
    );
    let refused = token(&assertion_for("https://other.example/token", &key, 0, 60));
    assert_eq!(refused.status, 401);
    assert_eq!(refused.json()["error"], "invalid_client");
}
