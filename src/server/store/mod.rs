//! In-memory state of the dev server: pending authorization requests, sessions, codes,
//! issued access tokens, refresh-token families and device grants. Nothing survives a
//! restart.
//!
//! [`Store`] is the only way to read or change that state. Each method takes the lock once
//! and keeps one invariant whatever the timing of concurrent requests; none of them signs
//! or does other slow work under the lock (callers sign after the records exist, so a
//! revocation that lands in between still wins). Every map an outsider can grow has a cap
//! ([`Limits`]); expired records are swept on a schedule and when a cap is reached.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard};

use super::error::OAuthError;

mod records;
use crate::protocol::ErrorCode;
pub use records::*;
use records::{CodeEntry, Family};

/// Caps on what clients can make the server hold. At the cap, what anyone can create
/// without a secret (pending sign-ins, device requests) drops its oldest record; the rest
/// (sessions, codes, tokens) refuse new records with `temporarily_unavailable` (503) until
/// old ones expire.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Authorization requests waiting for login or consent (each unauthenticated
    /// `GET /authorize` with a valid client makes one).
    pub pending: usize,
    pub sessions: usize,
    /// Issued codes; a redeemed one is kept while the tokens it issued may live, so that a
    /// replay can revoke them.
    pub codes: usize,
    pub devices: usize,
    /// Live access tokens (revoked and expired ones are dropped).
    pub access_tokens: usize,
    /// Refresh tokens, rotated-away ones included until they expire (reuse detection).
    pub refresh_tokens: usize,
    /// Seconds an authorization request waits for its login and consent.
    pub pending_lifetime: i64,
    /// Seconds a login session lasts.
    pub session_lifetime: i64,
    /// Seconds a pushed authorization request (RFC 9126) waits for the browser.
    pub par_lifetime: i64,
    /// DPoP proofs remembered for replay detection (each for two minutes).
    pub dpop_proofs: usize,
    /// Client assertion `jti`s remembered for replay detection (each until it expires).
    pub assertions: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            pending: 10_000,
            sessions: 10_000,
            codes: 100_000,
            devices: 1_000,
            access_tokens: 200_000,
            refresh_tokens: 100_000,
            pending_lifetime: 600,
            session_lifetime: 3600,
            par_lifetime: 60,
            dpop_proofs: 1_000_000,
            assertions: 100_000,
        }
    }
}

#[derive(Debug, Default)]
struct Inner {
    pending: HashMap<String, Pending>,
    sessions: HashMap<String, Session>,
    codes: HashMap<String, CodeEntry>,
    access: HashMap<String, AccessRecord>,
    refresh: HashMap<String, RefreshRecord>,
    families: HashMap<u64, Family>,
    devices: HashMap<String, DeviceGrant>,
    consents: HashMap<(String, String), Vec<String>>,
    /// Insertion order of `pending` and `devices`, for eviction at their caps. Ids whose
    /// record is gone are dropped when met and at each sweep.
    pending_order: VecDeque<String>,
    device_order: VecDeque<String>,
    next_family: u64,
    last_sweep: i64,
}

#[derive(Debug, Default)]
pub struct Store {
    inner: Mutex<Inner>,
    limits: Limits,
}

/// What a full map does with one more record.
#[derive(Clone, Copy)]
enum When {
    Refuse(&'static str),
    /// Drop the record inserted first; the queue holds the map's ids in insertion order.
    EvictOldest(fn(&mut Inner) -> &mut VecDeque<String>),
}

fn full(what: &str) -> OAuthError {
    OAuthError::temporarily_unavailable(format!(
        "the server holds too many {what}; try again when older ones have expired"
    ))
}

impl Store {
    pub fn new(limits: Limits) -> Store {
        Store {
            inner: Mutex::default(),
            limits,
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock is a bug; keep serving with the data as it is.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Drop everything expired (run on a schedule by the server).
    pub fn sweep(&self, now: i64) {
        self.lock().sweep(now);
    }

    pub fn counts(&self) -> Counts {
        let inner = self.lock();
        Counts {
            pending: inner.pending.len(),
            sessions: inner.sessions.len(),
            codes: inner.codes.len(),
            access: inner.access.len(),
            refresh: inner.refresh.len(),
            families: inner.families.len(),
            devices: inner.devices.len(),
        }
    }

    // -- authorization requests, sessions, consent ---------------------------------------

    /// Insert into one of the capped maps, sweeping first if it is full; if it is still
    /// full, refuse, or (`When::EvictOldest`) drop the record inserted first.
    fn insert_capped<V>(
        &self,
        now: i64,
        (limit, when_full): (usize, When),
        map: fn(&mut Inner) -> &mut HashMap<String, V>,
        key: String,
        value: V,
    ) -> Result<(), OAuthError> {
        let mut inner = self.lock();
        inner.make_room(now, |i| map(i).len() < limit);
        if map(&mut inner).len() >= limit {
            match when_full {
                When::Refuse(what) => return Err(full(what)),
                When::EvictOldest(order) => {
                    // Ids of records already taken or swept are skipped on the way.
                    while let Some(oldest) = order(&mut inner).pop_front() {
                        if map(&mut inner).remove(&oldest).is_some() {
                            break;
                        }
                    }
                }
            }
        }
        if let When::EvictOldest(order) = when_full {
            order(&mut inner).push_back(key.clone());
        }
        map(&mut inner).insert(key, value);
        Ok(())
    }

    /// Record an authorization request until login and consent finish it. Anyone can make
    /// these with a client id and a registered redirect URI, so at the cap the oldest is
    /// dropped (its user starts again) rather than refusing every new sign-in.
    pub fn add_pending(&self, id: String, pending: Pending, now: i64) -> Result<(), OAuthError> {
        let cap = (
            self.limits.pending,
            When::EvictOldest(|i| &mut i.pending_order),
        );
        self.insert_capped(now, cap, |i| &mut i.pending, id, pending)
    }

    /// A pending request, left in place (to show a page for it).
    pub fn pending(&self, id: &str, now: i64) -> Option<Pending> {
        self.lock()
            .pending
            .get(id)
            .filter(|p| p.expires > now)
            .cloned()
    }

    /// Remove and return a pending request: of any number of concurrent callers for one
    /// request, exactly one gets it, so one login or consent yields at most one code.
    pub fn take_pending(&self, id: &str, now: i64) -> Option<Pending> {
        self.lock().pending.remove(id).filter(|p| p.expires > now)
    }

    pub fn add_session(&self, id: String, session: Session, now: i64) -> Result<(), OAuthError> {
        let cap = (self.limits.sessions, When::Refuse("sessions"));
        self.insert_capped(now, cap, |i| &mut i.sessions, id, session)
    }

    pub fn session(&self, id: &str, now: i64) -> Option<Session> {
        self.lock()
            .sessions
            .get(id)
            .filter(|s| s.expires > now)
            .cloned()
    }

    /// Whether `username` already approved every scope of `scope` for `client_id`.
    pub fn has_consent(&self, username: &str, client_id: &str, scope: &[String]) -> bool {
        self.lock()
            .consents
            .get(&(username.to_string(), client_id.to_string()))
            .is_some_and(|granted| scope.iter().all(|s| granted.contains(s)))
    }

    /// Remember an approval. One entry per (configured user, configured client): bounded.
    pub fn record_consent(&self, username: &str, client_id: &str, scope: &[String]) {
        self.lock().consents.insert(
            (username.to_string(), client_id.to_string()),
            scope.to_vec(),
        );
    }

    // -- codes (RFC 6749 section 4.1) ------------------------------------------------------

    pub fn add_code(&self, code: String, grant: CodeGrant, now: i64) -> Result<(), OAuthError> {
        let cap = (self.limits.codes, When::Refuse("authorization codes"));
        self.insert_capped(
            now,
            cap,
            |i| &mut i.codes,
            code,
            CodeEntry::Unused(Box::new(grant)),
        )
    }

    /// Redeem a code once (RFC 6749 section 4.1.2, RFC 9700 section 4.5).
    ///
    /// `check` sees the grant, refuses it (wrong client, redirect URI or PKCE verifier:
    /// the code stays usable) or says what to issue. Checking, marking the code redeemed
    /// and recording what it issued happen under one lock, so a replay at any moment,
    /// before, during or after the first exchange, either loses to it or finds every token
    /// it issued and revokes them: no token issued from a replayed code stays active.
    pub fn redeem_code(
        &self,
        code: &str,
        now: i64,
        check: impl FnOnce(&CodeGrant) -> Result<Issue, OAuthError>,
    ) -> Result<CodeGrant, OAuthError> {
        let mut guard = self.lock();
        let inner = &mut *guard;
        let grant = match inner.codes.get_mut(code) {
            None => return Err(OAuthError::invalid_grant("unknown or expired code")),
            Some(CodeEntry::Redeemed { access, family, .. }) => {
                let (access, family) = (access.take(), family.take());
                if let Some(jti) = access {
                    inner.access.remove(&jti);
                }
                if let Some(family) = family {
                    inner.revoke_family(family);
                }
                return Err(OAuthError::invalid_grant(
                    "the code was already used; the tokens issued for it are revoked",
                ));
            }
            Some(CodeEntry::Unused(grant)) if grant.expires <= now => {
                return Err(OAuthError::invalid_grant("the code has expired"))
            }
            Some(CodeEntry::Unused(grant)) => grant,
        };
        let issue = check(grant)?;
        let grant = CodeGrant::clone(grant);
        inner.has_room_for(&issue, &self.limits, now)?;
        let keep_until = issue
            .refresh
            .as_ref()
            .map_or(0, |r| r.record.exp)
            .max(issue.access.record.exp);
        let (jti, family) = inner.record(issue);
        inner.codes.insert(
            code.to_string(),
            CodeEntry::Redeemed {
                access: Some(jti),
                family,
                keep_until,
            },
        );
        Ok(grant)
    }

    // -- tokens ----------------------------------------------------------------------------

    /// Record an access token (and a refresh token starting a new family). Returns the
    /// family, if one was started.
    pub fn issue(&self, issue: Issue, now: i64) -> Result<Option<u64>, OAuthError> {
        let mut inner = self.lock();
        inner.has_room_for(&issue, &self.limits, now)?;
        Ok(inner.record(issue).1)
    }

    /// Rotate a refresh token (RFC 9700 section 4.14.2): the presented token is marked
    /// used and a new one of the same family is recorded with the new access token, all
    /// under one lock. Presenting a used token again revokes the whole family, whichever
    /// of two racing presentations comes second.
    ///
    /// `plan` sees the record and refuses (scope widening) or says what to issue; the
    /// family of the access token and of the new refresh token is the presented one's.
    pub fn rotate_refresh(
        &self,
        presented: &str,
        client_id: &str,
        now: i64,
        plan: impl FnOnce(&RefreshRecord) -> Result<Issue, OAuthError>,
    ) -> Result<RefreshRecord, OAuthError> {
        let mut guard = self.lock();
        let inner = &mut *guard;
        let Some(record) = inner.refresh.get(presented).cloned() else {
            return Err(OAuthError::invalid_grant(
                "unknown or expired refresh token",
            ));
        };
        if record.client_id != client_id {
            return Err(OAuthError::invalid_grant(
                "the refresh token was issued to another client",
            ));
        }
        if record.used {
            // Reuse of a rotated token: someone holds a copy. Revoke the whole family.
            inner.revoke_family(record.family);
            return Err(OAuthError::invalid_grant(
                "the refresh token was already used; its family is revoked",
            ));
        }
        let family_live = inner
            .families
            .get(&record.family)
            .is_some_and(|f| !f.revoked);
        if !family_live || record.exp <= now {
            return Err(OAuthError::invalid_grant(
                "the refresh token is revoked or expired",
            ));
        }
        let issue = plan(&record)?;
        inner.has_room_for(&issue, &self.limits, now)?;
        let Issue {
            mut access,
            refresh,
        } = issue;
        if let Some(r) = inner.refresh.get_mut(presented) {
            r.used = true;
        }
        access.record.family = Some(record.family);
        inner.record_access(access);
        if let Some(new) = refresh {
            inner.record_refresh(new, record.family);
        }
        Ok(record)
    }

    /// A live access token's record: present, not revoked, not expired.
    pub fn active_access(&self, jti: &str, now: i64) -> Option<AccessRecord> {
        self.lock().access.get(jti).filter(|r| r.exp > now).cloned()
    }

    /// A refresh token that would still refresh: unused, unexpired, its family live.
    pub fn active_refresh(&self, token: &str, now: i64) -> Option<RefreshRecord> {
        let inner = self.lock();
        inner
            .refresh
            .get(token)
            .filter(|r| {
                !r.used && r.exp > now && inner.families.get(&r.family).is_some_and(|f| !f.revoked)
            })
            .cloned()
    }

    /// Revoke an access token of `client_id` (RFC 7009 section 2.1: only the client it
    /// was issued to may revoke it). Returns whether it was revoked.
    pub fn revoke_access(&self, jti: &str, client_id: &str) -> bool {
        let mut inner = self.lock();
        if inner
            .access
            .get(jti)
            .is_some_and(|r| r.client_id == client_id)
        {
            inner.access.remove(jti);
            true
        } else {
            false
        }
    }

    /// Revoke a refresh token of `client_id` with its whole family (RFC 7009 section 2.1:
    /// revoking a refresh token also invalidates the access tokens of the same grant).
    pub fn revoke_refresh(&self, token: &str, client_id: &str) -> bool {
        let mut inner = self.lock();
        let family = inner
            .refresh
            .get(token)
            .filter(|r| r.client_id == client_id)
            .map(|r| r.family);
        match family {
            Some(family) => {
                inner.revoke_family(family);
                true
            }
            None => false,
        }
    }

    // -- device grants (RFC 8628) ----------------------------------------------------------

    pub fn add_device(
        &self,
        device_code: String,
        grant: DeviceGrant,
        now: i64,
    ) -> Result<(), OAuthError> {
        // Public clients start these without a secret: at the cap the oldest goes.
        let cap = (
            self.limits.devices,
            When::EvictOldest(|i| &mut i.device_order),
        );
        self.insert_capped(now, cap, |i| &mut i.devices, device_code, grant)
    }

    /// Record the user's answer for a waiting, unexpired user code. Only the first answer
    /// counts; returns whether this one did.
    pub fn decide_device(&self, user_code: &str, decision: DeviceDecision, now: i64) -> bool {
        let mut inner = self.lock();
        match inner.devices.values_mut().find(|d| {
            d.user_code == user_code && d.expires > now && d.decision == DeviceDecision::Waiting
        }) {
            Some(grant) => {
                grant.decision = decision;
                true
            }
            None => false,
        }
    }

    /// One poll of the token endpoint for a device code (RFC 8628 section 3.5): pending,
    /// slow down, denied, expired, or (once) the approved grant, recorded with what
    /// `plan` issues for the approving user under the same lock.
    pub fn poll_device(
        &self,
        device_code: &str,
        client_id: &str,
        now: i64,
        plan: impl FnOnce(&DeviceGrant, &str) -> Result<Issue, OAuthError>,
    ) -> Result<DeviceGrant, OAuthError> {
        let mut guard = self.lock();
        let inner = &mut *guard;
        let bad = |code: ErrorCode, text: &str| {
            OAuthError::new(axum::http::StatusCode::BAD_REQUEST, code, text)
        };
        let Some(grant) = inner.devices.get_mut(device_code) else {
            return Err(bad(
                ErrorCode::ExpiredToken,
                "unknown or expired device_code",
            ));
        };
        if grant.client_id != client_id || grant.redeemed {
            return Err(OAuthError::invalid_grant(
                "the device code is not valid for this client",
            ));
        }
        if grant.expires <= now {
            return Err(bad(ErrorCode::ExpiredToken, "the device code has expired"));
        }
        let too_fast = now - grant.last_poll < grant.interval;
        grant.last_poll = now;
        let username = match &grant.decision {
            DeviceDecision::Waiting if too_fast => {
                grant.interval += 5;
                return Err(bad(ErrorCode::SlowDown, "poll less often"));
            }
            DeviceDecision::Waiting => {
                return Err(bad(
                    ErrorCode::AuthorizationPending,
                    "the user has not answered yet",
                ))
            }
            DeviceDecision::Denied => {
                return Err(bad(ErrorCode::AccessDenied, "the user denied the device"))
            }
            DeviceDecision::Approved(username) => username.clone(),
        };
        let issue = plan(grant, &username)?;
        let snapshot = grant.clone();
        inner.has_room_for(&issue, &self.limits, now)?;
        inner.record(issue);
        if let Some(grant) = inner.devices.get_mut(device_code) {
            grant.redeemed = true;
        }
        Ok(snapshot)
    }
}

impl Inner {
    /// Sweep when a cap would refuse a record, at most once a second (a sweep is linear).
    fn make_room(&mut self, now: i64, fits: impl Fn(&mut Inner) -> bool) {
        if !fits(self) && self.last_sweep != now {
            self.sweep(now);
        }
    }

    fn has_room_for(&mut self, issue: &Issue, limits: &Limits, now: i64) -> Result<(), OAuthError> {
        let needs_refresh = issue.refresh.is_some();
        let fits = |i: &mut Inner| {
            i.access.len() < limits.access_tokens
                && (!needs_refresh || i.refresh.len() < limits.refresh_tokens)
        };
        self.make_room(now, fits);
        if !fits(self) {
            return Err(full("live tokens"));
        }
        Ok(())
    }

    /// Record what a grant issues; a refresh token starts a new family.
    fn record(&mut self, issue: Issue) -> (String, Option<u64>) {
        let Issue {
            mut access,
            refresh,
        } = issue;
        let family = refresh.as_ref().map(|_| {
            self.next_family += 1;
            self.families.insert(self.next_family, Family::default());
            self.next_family
        });
        access.record.family = family;
        let jti = access.jti.clone();
        self.record_access(access);
        if let (Some(new), Some(family)) = (refresh, family) {
            self.record_refresh(new, family);
        }
        (jti, family)
    }

    fn record_access(&mut self, access: NewAccess) {
        if let Some(family) = access.record.family {
            if let Some(f) = self.families.get_mut(&family) {
                f.access.push(access.jti.clone());
            }
        }
        self.access.insert(access.jti, access.record);
    }

    fn record_refresh(&mut self, new: NewRefresh, family: u64) {
        let record = RefreshRecord {
            family,
            used: false,
            ..new.record
        };
        self.refresh.insert(new.token, record);
    }

    /// Revoke a refresh-token family and every access token issued from it.
    fn revoke_family(&mut self, family: u64) {
        if let Some(f) = self.families.get_mut(&family) {
            f.revoked = true;
            for jti in std::mem::take(&mut f.access) {
                self.access.remove(&jti);
            }
        }
    }

    fn sweep(&mut self, now: i64) {
        self.last_sweep = now;
        self.pending.retain(|_, p| p.expires > now);
        self.sessions.retain(|_, s| s.expires > now);
        self.codes.retain(|_, c| match c {
            CodeEntry::Unused(grant) => grant.expires > now,
            CodeEntry::Redeemed { keep_until, .. } => *keep_until > now,
        });
        self.access.retain(|_, a| a.exp > now);
        self.refresh.retain(|_, r| r.exp > now);
        self.devices.retain(|_, d| d.expires > now);
        let (pending, devices) = (&self.pending, &self.devices);
        self.pending_order.retain(|id| pending.contains_key(id));
        self.device_order.retain(|id| devices.contains_key(id));
        // A family lives while a refresh token or a code that may revoke it refers to it.
        let mut referenced: HashSet<u64> = self.refresh.values().map(|r| r.family).collect();
        referenced.extend(self.codes.values().filter_map(|c| match c {
            CodeEntry::Redeemed { family, .. } => *family,
            CodeEntry::Unused(_) => None,
        }));
        self.families.retain(|id, _| referenced.contains(id));
        let access = &self.access;
        for family in self.families.values_mut() {
            family.access.retain(|jti| access.contains_key(jti));
        }
    }
}

#[cfg(test)]
mod tests;
