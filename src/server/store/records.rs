//! The records the store keeps, and what grants ask it to record.

use serde_json::Value;

use crate::protocol::{Prompt, ResponseMode};

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
    pub response_mode: ResponseMode,
    pub prompt: Prompt,
    /// OpenID Connect `max_age`: a session older than this many seconds signs in again.
    pub max_age: Option<i64>,
    /// Prefills the login form.
    pub login_hint: Option<String>,
    /// The `sub` of a valid `id_token_hint`: only that user's session answers silently.
    pub hinted_subject: Option<String>,
    /// RFC 8707 resource indicators the tokens are for.
    pub resources: Vec<String>,
    /// RFC 9396 authorization details, as requested (and granted).
    pub details: Option<Value>,
    /// RFC 9449 section 10: the DPoP key the code must be redeemed with.
    pub dpop_jkt: Option<String>,
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

/// What an authorization code stands for.
#[derive(Debug, Clone)]
pub struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub scope: Vec<String>,
    pub nonce: Option<String>,
    pub username: String,
    pub auth_time: i64,
    pub resources: Vec<String>,
    pub details: Option<Value>,
    pub dpop_jkt: Option<String>,
    pub expires: i64,
}

/// A code before and after its one redemption.
#[derive(Debug)]
pub(super) enum CodeEntry {
    Unused(Box<CodeGrant>),
    /// What the redemption issued, kept while any of it may still be alive so that a
    /// replay can revoke it; after that a replay finds nothing and is refused anyway.
    Redeemed {
        access: Option<String>,
        family: Option<u64>,
        keep_until: i64,
    },
}

/// A live access token, by `jti`. Revoking one removes it.
#[derive(Debug, Clone)]
pub struct AccessRecord {
    pub client_id: String,
    pub sub: String,
    pub username: Option<String>,
    pub scope: Vec<String>,
    pub exp: i64,
    pub iat: i64,
    pub aud: Value,
    pub family: Option<u64>,
    /// RFC 9396 authorization details granted with the token.
    pub details: Option<Value>,
    /// The thumbprint of the DPoP key the token is bound to (RFC 9449 `cnf.jkt`).
    pub jkt: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RefreshRecord {
    pub family: u64,
    pub client_id: String,
    pub username: Option<String>,
    pub scope: Vec<String>,
    /// The resource indicators of the grant: a refresh may narrow them, never widen.
    pub resources: Vec<String>,
    /// The grant's authorization details (RFC 9396), carried to refreshed tokens.
    pub details: Option<Value>,
    /// A public client's refresh token is bound to its DPoP key (RFC 9449 section 5).
    pub jkt: Option<String>,
    pub auth_time: i64,
    pub exp: i64,
    pub iat: i64,
    /// Rotated away: presenting it again is a replay that revokes the family.
    pub used: bool,
}

/// A refresh-token family: every refresh and access token that one grant led to.
#[derive(Debug, Default)]
pub(super) struct Family {
    pub(super) revoked: bool,
    pub(super) access: Vec<String>,
}

/// The user's answer to a device authorization request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceDecision {
    Waiting,
    Approved(String),
    Denied,
}

#[derive(Debug, Clone)]
pub struct DeviceGrant {
    pub client_id: String,
    pub user_code: String,
    pub scope: Vec<String>,
    pub expires: i64,
    pub interval: i64,
    pub last_poll: i64,
    pub decision: DeviceDecision,
    pub redeemed: bool,
}

/// An access token to record, decided before the lock is taken.
#[derive(Debug, Clone)]
pub struct NewAccess {
    pub jti: String,
    pub record: AccessRecord,
}

/// A refresh token to record with an access token. Its family is the store's to assign.
#[derive(Debug, Clone)]
pub struct NewRefresh {
    pub token: String,
    pub record: RefreshRecord,
}

/// What a grant asks the store to record.
#[derive(Debug, Clone)]
pub struct Issue {
    pub access: NewAccess,
    pub refresh: Option<NewRefresh>,
}

/// How many records of each kind the store holds (for logs and the soak benchmark).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pending: usize,
    pub sessions: usize,
    pub codes: usize,
    pub access: usize,
    pub refresh: usize,
    pub families: usize,
    pub devices: usize,
}
