//! In-memory state of the dev server: pending authorization requests, sessions, codes,
//! issued access tokens and refresh-token families. Nothing survives a restart.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{Map, Value};

/// An authorization request waiting for login and consent.
#[derive(Debug, Clone)]
pub struct Pending {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub response_type: String,
    pub prompt: Option<String>,
    pub expires: i64,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub username: String,
    pub auth_time: i64,
    /// Form token for the consent page, bound to this session.
    pub csrf: String,
    pub expires: i64,
}

#[derive(Debug, Clone)]
pub struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub scope: Vec<String>,
    pub nonce: Option<String>,
    pub username: String,
    pub auth_time: i64,
    pub expires: i64,
    pub redeemed: bool,
    /// What the first redemption issued, revoked if the code is replayed (RFC 6749 4.1.2).
    pub issued_access: Vec<String>,
    pub issued_family: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct AccessRecord {
    pub client_id: String,
    pub sub: String,
    pub username: Option<String>,
    pub scope: Vec<String>,
    pub exp: i64,
    pub iat: i64,
    pub aud: Value,
    pub revoked: bool,
    pub family: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct RefreshRecord {
    pub family: u64,
    pub client_id: String,
    pub username: Option<String>,
    pub scope: Vec<String>,
    pub auth_time: i64,
    pub exp: i64,
    pub iat: i64,
    /// Rotated away: presenting it again is a replay that revokes the family.
    pub used: bool,
}

#[derive(Debug, Default)]
pub struct Family {
    pub revoked: bool,
    pub access: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DeviceGrant {
    pub client_id: String,
    pub user_code: String,
    pub scope: Vec<String>,
    pub expires: i64,
    pub interval: i64,
    pub last_poll: i64,
    /// None: waiting; Some(Ok(username)): approved; Some(Err(())): denied.
    pub decision: Option<Result<String, ()>>,
    pub redeemed: bool,
}

#[derive(Debug, Default)]
pub struct Inner {
    pub pending: HashMap<String, Pending>,
    pub sessions: HashMap<String, Session>,
    pub codes: HashMap<String, CodeGrant>,
    pub access: HashMap<String, AccessRecord>,
    pub refresh: HashMap<String, RefreshRecord>,
    pub families: HashMap<u64, Family>,
    pub devices: HashMap<String, DeviceGrant>,
    pub consents: HashMap<(String, String), Vec<String>>,
    pub next_family: u64,
}

#[derive(Debug, Default)]
pub struct Store {
    pub inner: Mutex<Inner>,
}

impl Store {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock is a bug; keep serving with the data as it is.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Inner {
    pub fn new_family(&mut self) -> u64 {
        self.next_family += 1;
        self.families.insert(self.next_family, Family::default());
        self.next_family
    }

    /// Revoke a refresh-token family and every access token issued from it.
    pub fn revoke_family(&mut self, family: u64) {
        if let Some(f) = self.families.get_mut(&family) {
            f.revoked = true;
            for jti in f.access.clone() {
                if let Some(record) = self.access.get_mut(&jti) {
                    record.revoked = true;
                }
            }
        }
    }

    /// Drop what has expired, so a long-running server does not grow without bound.
    pub fn sweep(&mut self, now: i64) {
        self.pending.retain(|_, p| p.expires > now);
        self.sessions.retain(|_, s| s.expires > now);
        self.codes.retain(|_, c| c.expires + 3600 > now);
        self.access.retain(|_, a| a.exp > now);
        self.refresh.retain(|_, r| r.exp > now);
        self.devices.retain(|_, d| d.expires > now);
    }
}

/// Claims released for a set of scopes (OpenID Connect Core 5.4).
pub fn claims_for_scopes(user_claims: &Map<String, Value>, scope: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    let wanted: &[(&str, &[&str])] = &[
        (
            "profile",
            &[
                "name",
                "given_name",
                "family_name",
                "nickname",
                "preferred_username",
                "picture",
                "locale",
                "mobile",
            ],
        ),
        ("email", &["email", "email_verified"]),
        ("phone", &["phone_number", "phone_number_verified"]),
        ("address", &["address"]),
    ];
    for (s, names) in wanted {
        if scope.iter().any(|x| x == s) {
            for name in *names {
                if let Some(v) = user_claims.get(*name) {
                    out.insert((*name).to_string(), v.clone());
                }
            }
        }
    }
    out
}
