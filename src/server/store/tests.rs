//! Tests of the store's invariants under concurrency (many threads, many trials) and of
//! its bounds.

use std::sync::{Arc, Barrier};

use super::*;

const NOW: i64 = 1_000_000;

fn pending_request(expires: i64) -> Pending {
    Pending {
        client_id: "app".into(),
        redirect_uri: "http://127.0.0.1/cb".into(),
        scope: Vec::new(),
        state: None,
        nonce: None,
        code_challenge: None,
        response_type: "code".into(),
        response_mode: crate::protocol::ResponseMode::Query,
        prompt: crate::protocol::Prompt::default(),
        max_age: None,
        login_hint: None,
        hinted_subject: None,
        resources: Vec::new(),
        details: None,
        dpop_jkt: None,
        expires,
    }
}

fn code_grant() -> CodeGrant {
    CodeGrant {
        client_id: "app".into(),
        redirect_uri: "http://127.0.0.1/cb".into(),
        code_challenge: None,
        scope: vec!["openid".into()],
        nonce: None,
        username: "demo".into(),
        auth_time: NOW,
        resources: Vec::new(),
        details: None,
        dpop_jkt: None,
        expires: NOW + 60,
    }
}

fn issue(jti: &str, refresh: Option<&str>) -> Issue {
    Issue {
        access: NewAccess {
            jti: jti.into(),
            record: AccessRecord {
                client_id: "app".into(),
                sub: "demo".into(),
                username: Some("demo".into()),
                scope: vec!["openid".into()],
                exp: NOW + 300,
                iat: NOW,
                aud: "app".into(),
                family: None,
                details: None,
                jkt: None,
            },
        },
        refresh: refresh.map(|token| NewRefresh {
            token: token.into(),
            record: RefreshRecord {
                family: 0,
                client_id: "app".into(),
                username: Some("demo".into()),
                scope: vec!["openid".into()],
                resources: Vec::new(),
                details: None,
                jkt: None,
                auth_time: NOW,
                exp: NOW + 600,
                iat: NOW,
                used: false,
            },
        }),
    }
}

/// `threads` callers redeem one code at the same moment, `trials` times: exactly one
/// wins each time, and once all have returned nothing that code issued is active.
fn hammer_redemption(threads: usize, trials: usize) {
    for trial in 0..trials {
        let store = Arc::new(Store::default());
        store.add_code("c".into(), code_grant(), NOW).unwrap();
        let start = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let (store, start) = (store.clone(), start.clone());
                std::thread::spawn(move || {
                    let jti = format!("jti-{i}");
                    let refresh = format!("rt-{i}");
                    start.wait();
                    store
                        .redeem_code("c", NOW, |_| Ok(issue(&jti, Some(&refresh))))
                        .map(|_| (jti, refresh))
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(winners.len(), 1, "trial {trial}: {results:?}");
        for error in results.iter().filter_map(|r| r.as_ref().err()) {
            assert_eq!(error.code(), ErrorCode::InvalidGrant);
            assert!(error.description().contains("already used"), "{error:?}");
        }
        let (jti, refresh) = winners[0];
        assert!(store.active_access(jti, NOW).is_none(), "trial {trial}");
        assert!(
            store.active_refresh(refresh, NOW).is_none(),
            "trial {trial}"
        );
        assert_eq!(store.counts().access, 0, "trial {trial}");
    }
}

#[test]
fn two_simultaneous_redemptions_one_wins_and_the_replay_revokes_it() {
    hammer_redemption(2, 300);
}

#[test]
fn twenty_simultaneous_redemptions_one_wins_and_nothing_stays_active() {
    hammer_redemption(20, 60);
}

#[test]
fn a_code_redeemed_once_leaves_its_tokens_active() {
    let store = Store::default();
    store.add_code("c".into(), code_grant(), NOW).unwrap();
    store
        .redeem_code("c", NOW, |_| Ok(issue("j", Some("r"))))
        .unwrap();
    assert!(store.active_access("j", NOW).is_some());
    assert!(store.active_refresh("r", NOW).is_some());
}

#[test]
fn a_refused_check_leaves_the_code_usable() {
    let store = Store::default();
    store.add_code("c".into(), code_grant(), NOW).unwrap();
    let refused = store.redeem_code("c", NOW, |_| {
        Err(OAuthError::invalid_grant("wrong verifier"))
    });
    assert_eq!(refused.unwrap_err().description(), "wrong verifier");
    assert!(store
        .redeem_code("c", NOW, |_| Ok(issue("j", None)))
        .is_ok());
}

#[test]
fn racing_takers_of_a_pending_request_exactly_one_gets_it() {
    for _ in 0..200 {
        let store = Arc::new(Store::default());
        let pending = pending_request(NOW + 600);
        store.add_pending("p".into(), pending, NOW).unwrap();
        let start = Arc::new(Barrier::new(8));
        let got: usize = (0..8)
            .map(|_| {
                let (store, start) = (store.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    store.take_pending("p", NOW).is_some()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| usize::from(h.join().unwrap()))
            .sum();
        assert_eq!(got, 1);
    }
}

#[test]
fn racing_reuse_of_a_rotated_refresh_token_revokes_the_family() {
    for trial in 0..200 {
        let store = Arc::new(Store::default());
        store.issue(issue("j0", Some("r0")), NOW).unwrap();
        let start = Arc::new(Barrier::new(2));
        let handles: Vec<_> = (0..2)
            .map(|i| {
                let (store, start) = (store.clone(), start.clone());
                std::thread::spawn(move || {
                    let (jti, refresh) = (format!("j{}", i + 1), format!("r{}", i + 1));
                    start.wait();
                    store
                        .rotate_refresh("r0", "app", NOW, |_| Ok(issue(&jti, Some(&refresh))))
                        .map(|_| (jti, refresh))
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{results:?}"
        );
        // The second presentation is a reuse: the whole family is gone, the winner's too.
        for (jti, refresh) in results.iter().filter_map(|r| r.as_ref().ok()) {
            assert!(store.active_access(jti, NOW).is_none(), "trial {trial}");
            assert!(
                store.active_refresh(refresh, NOW).is_none(),
                "trial {trial}"
            );
        }
        assert!(store.active_access("j0", NOW).is_none());
    }
}

#[test]
fn at_the_pending_cap_the_request_inserted_first_is_evicted() {
    let store = Store::new(Limits {
        pending: 3,
        ..Limits::default()
    });
    let pending = || pending_request(NOW + 600);
    // All in the same second: the order is the insertion order, not the expiry.
    for id in ["p1", "p2", "p3", "p4"] {
        store.add_pending(id.into(), pending(), NOW).unwrap();
    }
    assert!(store.pending("p1", NOW).is_none());
    store.take_pending("p2", NOW).unwrap();
    store.add_pending("p5".into(), pending(), NOW).unwrap();
    store.add_pending("p6".into(), pending(), NOW).unwrap();
    let left: Vec<bool> = ["p3", "p4", "p5", "p6"]
        .iter()
        .map(|id| store.pending(id, NOW).is_some())
        .collect();
    assert_eq!(left, [false, true, true, true]);
}

#[test]
fn caps_refuse_new_records_until_old_ones_expire() {
    let store = Store::new(Limits {
        access_tokens: 3,
        ..Limits::default()
    });
    for i in 0..3 {
        store.issue(issue(&format!("j{i}"), None), NOW).unwrap();
    }
    let refused = store.issue(issue("j3", None), NOW).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::TemporarilyUnavailable);
    // Once the three have expired, the full store sweeps and takes the new one.
    store.issue(issue("j4", None), NOW + 301).unwrap();
    assert_eq!(store.counts().access, 1);
}

#[test]
fn sweep_drops_expired_records_and_orphaned_families() {
    let store = Store::default();
    store.issue(issue("j", Some("r")), NOW).unwrap();
    store.add_code("unused".into(), code_grant(), NOW).unwrap();
    store
        .add_code("redeemed".into(), code_grant(), NOW)
        .unwrap();
    store
        .redeem_code("redeemed", NOW, |_| Ok(issue("j2", Some("r2"))))
        .unwrap();
    let counts = |codes, access, refresh| Counts {
        codes,
        access,
        refresh,
        families: refresh,
        ..Counts::default()
    };
    // The unused code expires with its grant (60 s); the redeemed one is kept while
    // what it issued may live: access tokens 300 s, refresh tokens 600 s.
    store.sweep(NOW + 61);
    assert_eq!(store.counts(), counts(1, 2, 2));
    store.sweep(NOW + 301);
    assert_eq!(store.counts(), counts(1, 0, 2));
    store.sweep(NOW + 601);
    assert_eq!(store.counts(), Counts::default());
}

fn session(expires: i64) -> Session {
    Session {
        username: "demo".into(),
        auth_time: NOW,
        csrf: "csrf".into(),
        expires,
    }
}

#[test]
fn a_full_map_is_swept_before_it_refuses_and_one_with_room_is_not() {
    let store = Store::new(Limits {
        sessions: 2,
        ..Limits::default()
    });
    store
        .add_session("s1".into(), session(NOW + 10), NOW)
        .unwrap();
    store.add_code("old".into(), code_grant(), NOW).unwrap();
    // Room to spare: no sweep, so the expired session and code are still counted.
    store
        .add_session("s2".into(), session(NOW + 1000), NOW + 100)
        .unwrap();
    assert_eq!((store.counts().sessions, store.counts().codes), (2, 1));
    // Full: the sweep drops what expired, and the new session fits.
    store
        .add_session("s3".into(), session(NOW + 1000), NOW + 100)
        .unwrap();
    assert_eq!((store.counts().sessions, store.counts().codes), (2, 0));
    // Full of live sessions: refused.
    let refused = store.add_session("s4".into(), session(NOW + 1000), NOW + 101);
    assert_eq!(
        refused.unwrap_err().code(),
        ErrorCode::TemporarilyUnavailable
    );
}

#[test]
fn a_pending_request_lives_until_the_second_it_expires() {
    let store = Store::default();
    let pending = pending_request(NOW + 600);
    store.add_pending("p".into(), pending.clone(), NOW).unwrap();
    assert!(store.pending("p", NOW + 599).is_some());
    assert!(store.pending("p", NOW + 600).is_none());
    assert!(store.take_pending("p", NOW + 600).is_none());
    store.add_pending("q".into(), pending, NOW).unwrap();
    assert!(store.take_pending("q", NOW + 599).is_some());
}

/// RFC 7519 section 4.1.4: a token is not accepted on or after its `exp`; sessions and
/// refresh tokens end the same way, at their expiry second.
#[test]
fn sessions_and_tokens_end_at_their_expiry_second() {
    let store = Store::default();
    store
        .add_session("s".into(), session(NOW + 10), NOW)
        .unwrap();
    assert!(store.session("s", NOW + 9).is_some());
    assert!(store.session("s", NOW + 10).is_none());
    store.issue(issue("j", Some("r")), NOW).unwrap();
    assert!(store.active_access("j", NOW + 299).is_some());
    assert!(store.active_access("j", NOW + 300).is_none());
    assert!(store.active_refresh("r", NOW + 599).is_some());
    assert!(store.active_refresh("r", NOW + 600).is_none());
}

#[test]
fn a_consent_covers_the_scopes_approved_and_no_more() {
    let store = Store::default();
    let scopes = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(!store.has_consent("demo", "app", &scopes(&["openid"])));
    store.record_consent("demo", "app", &scopes(&["openid", "profile"]));
    assert!(store.has_consent("demo", "app", &scopes(&["openid"])));
    assert!(store.has_consent("demo", "app", &scopes(&["profile", "openid"])));
    assert!(!store.has_consent("demo", "app", &scopes(&["openid", "email"])));
    assert!(!store.has_consent("demo", "other-app", &scopes(&["openid"])));
    assert!(!store.has_consent("someone", "app", &scopes(&["openid"])));
}

fn device(client_id: &str, user_code: &str) -> DeviceGrant {
    DeviceGrant {
        client_id: client_id.into(),
        user_code: user_code.into(),
        scope: vec!["openid".into()],
        expires: NOW + 600,
        interval: 5,
        last_poll: 0,
        decision: DeviceDecision::Waiting,
        redeemed: false,
    }
}

fn poll(store: &Store, device_code: &str, client_id: &str, now: i64) -> Result<(), ErrorCode> {
    store
        .poll_device(device_code, client_id, now, |_, _| {
            Ok(issue(device_code, None))
        })
        .map(|_| ())
        .map_err(|e| e.code())
}

#[test]
fn a_user_code_decides_its_own_device_only_and_only_before_it_expires() {
    let store = Store::default();
    store
        .add_device("d1".into(), device("app", "AAAA-AAAA"), NOW)
        .unwrap();
    store
        .add_device("d2".into(), device("app", "BBBB-BBBB"), NOW)
        .unwrap();
    assert!(!store.decide_device("CCCC-CCCC", DeviceDecision::Denied, NOW));
    assert!(store.decide_device("AAAA-AAAA", DeviceDecision::Denied, NOW));
    assert_eq!(poll(&store, "d1", "app", NOW), Err(ErrorCode::AccessDenied));
    assert_eq!(
        poll(&store, "d2", "app", NOW),
        Err(ErrorCode::AuthorizationPending)
    );
    assert!(!store.decide_device("BBBB-BBBB", DeviceDecision::Denied, NOW + 600));
    assert!(store.decide_device("BBBB-BBBB", DeviceDecision::Denied, NOW + 599));
}

#[test]
fn a_device_code_is_polled_by_its_own_client_once_and_not_faster_than_its_interval() {
    let store = Store::default();
    store
        .add_device("d".into(), device("app", "AAAA-AAAA"), NOW)
        .unwrap();
    assert_eq!(
        poll(&store, "d", "app", NOW),
        Err(ErrorCode::AuthorizationPending)
    );
    // Exactly one interval later is not too fast; sooner is.
    assert_eq!(
        poll(&store, "d", "app", NOW + 5),
        Err(ErrorCode::AuthorizationPending)
    );
    assert_eq!(poll(&store, "d", "app", NOW + 9), Err(ErrorCode::SlowDown));
    // RFC 8628 section 3.5: each slow_down adds 5 s to the interval (now 10, then 15).
    assert_eq!(poll(&store, "d", "app", NOW + 14), Err(ErrorCode::SlowDown));
    assert_eq!(
        poll(&store, "d", "app", NOW + 29),
        Err(ErrorCode::AuthorizationPending)
    );
    let approved = DeviceDecision::Approved("demo".into());
    assert!(store.decide_device("AAAA-AAAA", approved, NOW + 30));
    assert_eq!(
        poll(&store, "d", "other-app", NOW + 31),
        Err(ErrorCode::InvalidGrant)
    );
    assert_eq!(poll(&store, "d", "app", NOW + 45), Ok(()));
    assert_eq!(
        poll(&store, "d", "app", NOW + 50),
        Err(ErrorCode::InvalidGrant)
    );
}

#[test]
fn a_full_refresh_map_refuses_refresh_tokens_but_not_access_tokens_alone() {
    let store = Store::new(Limits {
        refresh_tokens: 1,
        ..Limits::default()
    });
    store.issue(issue("j1", Some("r1")), NOW).unwrap();
    let refused = store.issue(issue("j2", Some("r2")), NOW).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::TemporarilyUnavailable);
    store.issue(issue("j3", None), NOW).unwrap();
    assert_eq!((store.counts().access, store.counts().refresh), (2, 1));
}

/// Every kind of record is kept up to the second before it expires and swept at that second:
/// pending requests and sessions (NOW + 10), an unused code (NOW + 60), an access token
/// (NOW + 300), and at NOW + 600 a refresh token, a device request and the tombstone of a
/// redeemed code (kept as long as what it issued).
#[test]
fn the_sweep_drops_each_record_at_its_expiry_second_and_not_before() {
    let store = Store::default();
    let pending = pending_request(NOW + 10);
    store.add_pending("p".into(), pending, NOW).unwrap();
    store
        .add_session("s".into(), session(NOW + 10), NOW)
        .unwrap();
    store.add_code("unused".into(), code_grant(), NOW).unwrap();
    store.issue(issue("j", Some("r")), NOW).unwrap();
    store
        .add_device("d".into(), device("app", "AAAA-AAAA"), NOW)
        .unwrap();
    store
        .add_code("redeemed".into(), code_grant(), NOW)
        .unwrap();
    store
        .redeem_code("redeemed", NOW, |_| Ok(issue("j2", Some("r2"))))
        .unwrap();
    let counts = |now: i64| {
        store.sweep(now);
        let c = store.counts();
        [
            c.pending, c.sessions, c.codes, c.access, c.refresh, c.devices,
        ]
    };
    assert_eq!(counts(NOW + 9), [1, 1, 2, 2, 2, 1]);
    assert_eq!(counts(NOW + 10), [0, 0, 2, 2, 2, 1]);
    assert_eq!(counts(NOW + 59), [0, 0, 2, 2, 2, 1]);
    assert_eq!(counts(NOW + 60), [0, 0, 1, 2, 2, 1]);
    assert_eq!(counts(NOW + 299), [0, 0, 1, 2, 2, 1]);
    assert_eq!(counts(NOW + 300), [0, 0, 1, 0, 2, 1]);
    assert_eq!(counts(NOW + 599), [0, 0, 1, 0, 2, 1]);
    assert_eq!(counts(NOW + 600), [0, 0, 0, 0, 0, 0]);
}
