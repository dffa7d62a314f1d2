//! Token issuance for every grant: the claims of an access token (RFC 9068) or an ID
//! token (OpenID Connect Core 2) are built once, the records the store keeps come from
//! the same values, and signing happens outside the store's lock.

use axum::response::Response;
use serde_json::{json, Map, Value};

use super::config::{AccessTokenFormat, Client};
use super::error::{log_client, no_store_json, OAuthError};
use super::store::{AccessRecord, NewAccess, NewRefresh, RefreshRecord};
use super::{random_token, App};
use crate::protocol::{hash, scope};

/// An access token about to be issued: the record to store and the claims to sign.
pub struct PlannedAccess {
    pub record: NewAccess,
    claims: Map<String, Value>,
    format: AccessTokenFormat,
}

/// Who a token is for.
pub struct Holder<'a> {
    pub sub: &'a str,
    /// The signed-in user, for user-bound grants.
    pub username: Option<&'a str>,
    pub scope: &'a [String],
    /// RFC 8707 resource indicators: the token's audiences (the client when none).
    pub resources: &'a [String],
    /// RFC 9396 authorization details granted with the token.
    pub details: Option<&'a Value>,
    /// The thumbprint of the DPoP key the token is bound to.
    pub jkt: Option<&'a str>,
}

/// An access token's `aud`: its resources, else the client (RFC 9068 section 3 wants the
/// resource server; without resource indicators serve knows no other).
fn audience(client: &Client, resources: &[String]) -> Value {
    match resources {
        [] => client.id.clone().into(),
        [one] => one.clone().into(),
        many => many.to_vec().into(),
    }
}

/// Plan an access token for `client`, in the client's format (RFC 9068 by default).
pub fn access_token(app: &App, client: &Client, holder: &Holder, now: i64) -> PlannedAccess {
    let format = client.access_token_format;
    // An opaque token is its own store key, so it needs a bearer token's full strength.
    let jti = match format {
        AccessTokenFormat::Opaque => random_token(32),
        _ => random_token(16),
    };
    let exp = now + client.access_token_lifetime as i64;
    let aud = audience(client, holder.resources);
    let mut claims = Map::new();
    claims.insert("iss".into(), app.issuer.clone().into());
    claims.insert("sub".into(), holder.sub.into());
    claims.insert("aud".into(), aud.clone());
    claims.insert("client_id".into(), client.id.clone().into());
    claims.insert("scope".into(), scope::join(holder.scope).into());
    claims.insert("exp".into(), exp.into());
    claims.insert("iat".into(), now.into());
    claims.insert("jti".into(), jti.clone().into());
    if let Some(details) = holder.details {
        claims.insert("authorization_details".into(), details.clone());
    }
    if let Some(jkt) = holder.jkt {
        claims.insert("cnf".into(), json!({ "jkt": jkt }));
    }
    for (name, value) in &client.access_token_claims {
        claims.entry(name.clone()).or_insert_with(|| value.clone());
    }
    PlannedAccess {
        record: NewAccess {
            jti,
            record: AccessRecord {
                client_id: client.id.clone(),
                sub: holder.sub.to_string(),
                username: holder.username.map(str::to_owned),
                scope: holder.scope.to_vec(),
                exp,
                iat: now,
                aud,
                family: None,
                details: holder.details.cloned(),
                jkt: holder.jkt.map(str::to_owned),
            },
        },
        claims,
        format,
    }
}

impl PlannedAccess {
    /// A claim beyond the planned ones (a token exchange's `act`).
    pub fn add_claim(&mut self, name: &str, value: Value) {
        self.claims.insert(name.into(), value);
    }

    /// The token itself: the planned claims signed (call this after the store recorded
    /// the token, never under its lock), or for an opaque token its random value.
    pub fn sign(&self, app: &App) -> Result<String, OAuthError> {
        match self.format {
            AccessTokenFormat::Rfc9068 => sign(app, "at+jwt", &self.claims),
            AccessTokenFormat::Jwt => sign(app, "JWT", &self.claims),
            AccessTokenFormat::Opaque => Ok(self.record.jti.clone()),
        }
    }
}

/// A new refresh token for `client`; the store assigns its family.
pub fn refresh_token(client: &Client, holder: &Holder, auth_time: i64, now: i64) -> NewRefresh {
    NewRefresh {
        token: random_token(32),
        record: RefreshRecord {
            // Assigned by the store when it records the token.
            family: 0,
            client_id: client.id.clone(),
            username: holder.username.map(str::to_owned),
            scope: holder.scope.to_vec(),
            resources: holder.resources.to_vec(),
            details: holder.details.cloned(),
            // RFC 9449 section 5: a confidential client's refresh token is bound by its
            // authentication; a public client's by its DPoP key.
            jkt: holder
                .jkt
                .filter(|_| client.auth_method == super::config::AuthMethod::None)
                .map(str::to_owned),
            auth_time,
            exp: now + client.refresh_token_lifetime as i64,
            iat: now,
            used: false,
        },
    }
}

/// What an ID token says beyond the subject.
pub struct IdClaims<'a> {
    pub username: &'a str,
    pub scope: &'a [String],
    pub nonce: Option<&'a str>,
    pub auth_time: i64,
}

/// A signed ID token bound to `access_token` by `at_hash`.
pub fn id_token(
    app: &App,
    client: &Client,
    sub: &str,
    what: &IdClaims,
    access_token: &str,
    now: i64,
) -> Result<String, OAuthError> {
    let mut claims = Map::new();
    claims.insert("iss".into(), app.issuer.clone().into());
    claims.insert("sub".into(), sub.into());
    claims.insert("aud".into(), client.id.clone().into());
    claims.insert("azp".into(), client.id.clone().into());
    claims.insert(
        "exp".into(),
        (now + client.access_token_lifetime as i64).into(),
    );
    claims.insert("iat".into(), now.into());
    claims.insert("auth_time".into(), what.auth_time.into());
    if let Some(nonce) = what.nonce {
        claims.insert("nonce".into(), nonce.into());
    }
    claims.insert(
        "at_hash".into(),
        hash::left_half_hash(app.signer.algorithm(), access_token).into(),
    );
    if let Some(user) = app.user(what.username) {
        for (k, v) in claims_for_scopes(&user.claims, what.scope) {
            claims.entry(k).or_insert(v);
        }
    }
    sign(app, "JWT", &claims)
}

fn sign(app: &App, typ: &str, claims: &Map<String, Value>) -> Result<String, OAuthError> {
    let mut header = Map::new();
    header.insert("typ".into(), typ.into());
    if let Some(kid) = &app.signing_kid {
        header.insert("kid".into(), kid.clone().into());
    }
    crate::jwt::token::mint(&app.signer, &header, claims)
        .map_err(|e| OAuthError::server_error(e.message))
}

/// What a token response carries.
pub struct Answer<'a> {
    pub access: String,
    pub refresh: Option<String>,
    pub id_token: Option<String>,
    pub scope: &'a [String],
    pub details: Option<&'a Value>,
    /// The access token is DPoP-bound.
    pub bound: bool,
}

/// `token_type` for a bound (RFC 9449 section 5) or a bearer access token.
pub fn token_type(bound: bool) -> &'static str {
    if bound {
        crate::protocol::dpop::TOKEN_TYPE
    } else {
        "Bearer"
    }
}

/// The token endpoint's success answer (RFC 6749 section 5.1).
pub fn token_response(client: &Client, answer: Answer) -> Response {
    let mut body = json!({
        "access_token": answer.access,
        "token_type": token_type(answer.bound),
        "expires_in": client.access_token_lifetime,
        "scope": scope::join(answer.scope),
    });
    if let Some(r) = answer.refresh {
        body["refresh_token"] = r.into();
    }
    if let Some(i) = answer.id_token {
        body["id_token"] = i.into();
    }
    if let Some(d) = answer.details {
        body["authorization_details"] = d.clone();
    }
    log_client(no_store_json(body), &client.id)
}

/// The claims every ID token carries (with `nonce` when the request had one).
pub const ID_TOKEN_CLAIMS: [&str; 9] = [
    "iss",
    "sub",
    "aud",
    "azp",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "at_hash",
];

/// The user claims each scope releases (OpenID Connect Core 5.4), in the ID token and at
/// userinfo.
pub const SCOPE_CLAIMS: [(&str, &[&str]); 4] = [
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

/// Claims released for a set of scopes.
pub fn claims_for_scopes(user_claims: &Map<String, Value>, scope: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    for (s, names) in SCOPE_CLAIMS {
        if scope.iter().any(|x| x == s) {
            for name in names {
                if let Some(v) = user_claims.get(*name) {
                    out.insert((*name).to_string(), v.clone());
                }
            }
        }
    }
    out
}
