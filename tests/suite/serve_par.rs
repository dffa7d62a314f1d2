//! Pushed authorization requests (RFC 9126) in serve: a pushed request works once, only for
//! the client that pushed it, is checked like a query, and a client may be held to PAR.

use crate::common;

use common::serve_client::*;

fn push(s: &Server, client: Option<(&str, &str)>, form: &[(&str, &str)]) -> Reply {
    let header;
    let headers: Vec<(&str, &str)> = match client {
        Some((id, secret)) => {
            header = basic(id, secret);
            vec![("Authorization", header.as_str())]
        }
        None => Vec::new(),
    };
    s.post("/par", form, &headers)
}

fn request_form(challenge: &str) -> Vec<(&'static str, String)> {
    vec![
        ("response_type", "code".into()),
        ("redirect_uri", REDIRECT.into()),
        ("scope", "openid".into()),
        ("state", "st4te".into()),
        ("code_challenge", challenge.into()),
        ("code_challenge_method", "S256".into()),
    ]
}

fn pushed_uri(s: &Server, challenge: &str) -> String {
    let form = request_form(challenge);
    let form: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let r = push(s, Some(("demo-client", SECRET)), &form);
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.headers.get("cache-control").map(String::as_str),
        Some("no-store")
    );
    let body = r.json();
    assert_eq!(body["expires_in"], 60);
    let uri = body["request_uri"].as_str().unwrap().to_string();
    assert!(
        uri.starts_with("urn:ietf:params:oauth:request_uri:"),
        "{uri}"
    );
    uri
}

fn authorize_pushed(s: &Server, client: &str, uri: &str, cookie: Option<&str>) -> Reply {
    let query = serde_urlencoded::to_string([("client_id", client), ("request_uri", uri)]).unwrap();
    s.get(&format!("/authorize?{query}"), cookie)
}

fn session(s: &Server) -> String {
    sign_in(s, "demo-client", &pkce().1, "openid").2
}

#[test]
fn a_pushed_request_works_once_and_its_code_redeems() {
    let s = start_with(|settings| settings.auto_approve = true);
    let cookie = session(&s);
    let (verifier, challenge) = pkce();
    let uri = pushed_uri(&s, &challenge);
    let r = authorize_pushed(&s, "demo-client", &uri, Some(&cookie));
    assert_eq!(r.location_param("state").as_deref(), Some("st4te"));
    let code = r.location_param("code").expect("a code");
    assert_eq!(exchange(&s, &code, &verifier).status, 200);
    // Once only.
    let again = authorize_pushed(&s, "demo-client", &uri, Some(&cookie));
    assert_eq!(again.status, 400);
    assert!(again.body.contains("already used"), "{}", again.body);
}

#[test]
fn a_pushed_request_is_only_for_the_client_that_pushed_it() {
    let s = start_with(|settings| settings.auto_approve = true);
    let uri = pushed_uri(&s, &pkce().1);
    let r = authorize_pushed(&s, "demo-public", &uri, None);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("pushed by another client"), "{}", r.body);
    let unnamed = s.get(
        &format!(
            "/authorize?{}",
            serde_urlencoded::to_string([("request_uri", uri.as_str())]).unwrap()
        ),
        None,
    );
    assert_eq!(unnamed.status, 400);
    assert!(unnamed.body.contains("client_id"), "{}", unnamed.body);
}

#[test]
fn a_push_is_authenticated_and_checked_like_a_query() {
    let s = start();
    let challenge = pkce().1;
    let good = request_form(&challenge);
    let good: Vec<(&str, &str)> = good.iter().map(|(n, v)| (*n, v.as_str())).collect();
    // A confidential client must authenticate; another client_id than its own is refused.
    let anonymous = push(
        &s,
        None,
        &[&good[..], &[("client_id", "demo-client")]].concat(),
    );
    assert_eq!(anonymous.status, 401, "{}", anonymous.body);
    let other = push(
        &s,
        Some(("demo-client", SECRET)),
        &[&good[..], &[("client_id", "demo-public")]].concat(),
    );
    assert_eq!(other.json()["error"], "invalid_client");
    assert!(other.body.contains("does not match"), "{}", other.body);
    // The same rules as a query: an unregistered redirect URI, no PKCE, a bad scope, and a
    // request_uri inside the push.
    let cases: [(&str, &str, &str, &str); 4] = [
        (
            "redirect_uri",
            "https://attacker.example/cb",
            "invalid_request",
            "redirect_uri",
        ),
        ("code_challenge", "", "invalid_request", "PKCE is required"),
        ("scope", "admin", "invalid_scope", "admin"),
        (
            "request_uri",
            "urn:ietf:params:oauth:request_uri:x",
            "invalid_request",
            "RFC 9126",
        ),
    ];
    for (name, value, error, words) in cases {
        let mut form: Vec<(&str, &str)> = good
            .iter()
            .copied()
            .filter(|(n, _)| *n != name && !(value.is_empty() && *n == "code_challenge_method"))
            .collect();
        if !value.is_empty() {
            form.push((name, value));
        }
        let r = push(&s, Some(("demo-client", SECRET)), &form);
        assert_eq!(r.status, 400, "{name}: {}", r.body);
        assert_eq!(r.json()["error"], error, "{name}: {}", r.body);
        assert!(r.body.contains(words), "{name}: {}", r.body);
    }
    // A public client pushes with its client_id alone.
    let public = push(
        &s,
        None,
        &[&good[..], &[("client_id", "demo-public")]].concat(),
    );
    assert_eq!(public.status, 201, "{}", public.body);
}

#[test]
fn a_client_held_to_par_is_refused_a_request_in_the_query() {
    let s = start_with(|settings| {
        settings.auto_approve = true;
        settings.clients[0].require_par = true;
    });
    let r = s.get(
        &authorize_path("demo-client", REDIRECT, &pkce().1, "openid"),
        None,
    );
    assert_eq!(
        r.location_param("error").as_deref(),
        Some("invalid_request")
    );
    assert!(
        r.location_param("error_description")
            .unwrap()
            .contains("push its authorization requests"),
        "{}",
        r.location()
    );
    let cookie = session_par(&s);
    let (verifier, challenge) = pkce();
    let uri = pushed_uri(&s, &challenge);
    let code = authorize_pushed(&s, "demo-client", &uri, Some(&cookie))
        .location_param("code")
        .expect("a code through PAR");
    assert_eq!(exchange(&s, &code, &verifier).status, 200);
}

/// A session for a server whose demo client must push: sign in through a pushed request.
fn session_par(s: &Server) -> String {
    let uri = pushed_uri(s, &pkce().1);
    let page = authorize_pushed(s, "demo-client", &uri, None);
    let logged = s.post(
        "/login",
        &[
            ("request_id", &hidden(&page.body, "request_id")),
            ("username", "demo"),
            ("password", PASSWORD),
        ],
        &[],
    );
    logged.headers["set-cookie"]
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

fn par_detail(out: &std::process::Output) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    doc["steps"]
        .as_array()?
        .iter()
        .find(|s| s["name"] == "par")
        .map(|s| s["detail"].as_str().unwrap_or_default().to_string())
}

#[test]
fn flow_pushes_with_par_and_by_itself_when_the_server_requires_it() {
    // One client held to PAR: flow must be asked to push.
    let s = start_with(|settings| {
        settings.auto_approve = true;
        settings.clients[0].require_par = true;
    });
    let refused = run_flow(&s, &[]);
    assert_eq!(refused.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("push its authorization requests"));
    let pushed = run_flow(&s, &["--par"]);
    common::assert_success(&pushed);
    assert_eq!(
        par_detail(&pushed).unwrap(),
        "request pushed (--par); request_uri valid 60 s"
    );
    // Every client held to it: the metadata says so and flow pushes unasked.
    let s = start_with(|settings| {
        settings.auto_approve = true;
        for client in &mut settings.clients {
            client.require_par = true;
        }
    });
    let meta = s.get("/.well-known/openid-configuration", None).json();
    assert_eq!(meta["require_pushed_authorization_requests"], true);
    let unasked = run_flow(&s, &[]);
    common::assert_success(&unasked);
    assert!(par_detail(&unasked)
        .unwrap()
        .contains("required by the server"));
}

#[test]
fn a_pushed_request_expires_after_its_lifetime() {
    let limits = oauthctl::server::Limits {
        store: oauthctl::server::store::Limits {
            // Not 1: `now * 1` would expire as surely as `now + 1`.
            par_lifetime: 2,
            ..Default::default()
        },
        ..Default::default()
    };
    let s = start_limited(limits, |settings| settings.auto_approve = true);
    let form = request_form(&pkce().1);
    let form: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let pushed = push(&s, Some(("demo-client", SECRET)), &form).json();
    assert_eq!(pushed["expires_in"], 2);
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let uri = pushed["request_uri"].as_str().unwrap();
    let r = authorize_pushed(&s, "demo-client", uri, None);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("expired"), "{}", r.body);
}

#[test]
fn each_pushed_request_keeps_its_own_parameters() {
    let s = start_with(|settings| settings.auto_approve = true);
    let cookie = session(&s);
    let push_state = |state: &str| {
        let mut form = request_form(&pkce().1);
        form.retain(|(n, _)| *n != "state");
        form.push(("state", state.to_string()));
        let form: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
        push(&s, Some(("demo-client", SECRET)), &form).json()["request_uri"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (first, second) = (push_state("first"), push_state("second"));
    assert_ne!(first, second);
    for (uri, state) in [(second, "second"), (first, "first")] {
        let r = authorize_pushed(&s, "demo-client", &uri, Some(&cookie));
        assert_eq!(
            r.location_param("state").as_deref(),
            Some(state),
            "{}",
            r.location()
        );
    }
}

#[test]
fn a_request_taken_from_par_waits_for_its_login_only_as_long_as_any_request() {
    let limits = oauthctl::server::Limits {
        store: oauthctl::server::store::Limits {
            // Not 1: `now * 1` would expire as surely as `now + 1`.
            pending_lifetime: 2,
            ..Default::default()
        },
        ..Default::default()
    };
    let s = start_limited(limits, |settings| settings.auto_approve = true);
    let uri = pushed_uri(&s, &pkce().1);
    let page = authorize_pushed(&s, "demo-client", &uri, None);
    assert!(page.body.contains("action=\"/login\""), "{}", page.body);
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let late = s.post(
        "/login",
        &[
            ("request_id", &hidden(&page.body, "request_id")),
            ("username", "demo"),
            ("password", PASSWORD),
        ],
        &[],
    );
    assert!(
        late.body.contains("expired"),
        "{} {}",
        late.status,
        late.body
    );
}
