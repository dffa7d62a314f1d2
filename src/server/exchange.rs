//! Token exchange (RFC 8693): a client trades a token serve issued (an access token still
//! live, or an ID token) for an access token of its own for the same subject, no wider in
//! scope, optionally for another audience and naming an actor (`act`).

use axum::response::Response;
use serde_json::{json, Value};

use super::config::Client;
use super::error::{log_client, no_store_json, OAuthError};
use super::issue::{self, Holder};
use super::params::{self, Params};
use super::resource::access_record;
use super::store::Issue;
use super::token::{requested_resources, requested_scope};
use super::{now, App};
use crate::jwt::claims::Policy;
use crate::protocol::scope;

pub const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
pub const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";

/// Who a presented token stands for.
struct Subject {
    sub: String,
    username: Option<String>,
    /// What it may be exchanged for: an access token's scope; an ID token's is `openid`.
    scope: Vec<String>,
}

/// A token serve issued, of the type the request names; an ID token must have been issued
/// to the exchanging `client` (another client's ID token would let it act as that user).
fn subject_of(
    app: &App,
    client: &Client,
    token: &str,
    token_type: &str,
    role: &str,
) -> Result<Subject, OAuthError> {
    let refused = |why: &str| OAuthError::invalid_request(format!("{role}: {why}"));
    match token_type {
        ACCESS_TOKEN_TYPE => {
            let live = access_record(app, token)
                .ok_or_else(|| refused("not a live access token issued by this server"))?;
            Ok(Subject {
                sub: live.record.sub,
                username: live.record.username,
                scope: live.record.scope,
            })
        }
        ID_TOKEN_TYPE => {
            let policy = Policy {
                now: now(),
                issuer: Some(app.issuer.clone()),
                audiences: vec![client.id.clone()],
                typ: Some("JWT".into()),
                required: vec!["sub".into(), "aud".into()],
                ..Policy::default()
            };
            let verified = app
                .verifier
                .verify(token, &policy)
                .map_err(|e| refused(&format!("not an ID token of this server ({})", e.message)))?;
            let sub = verified
                .claims
                .get("sub")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let username = app
                .settings
                .users
                .iter()
                .find(|u| u.username == sub)
                .map(|u| u.username.clone());
            Ok(Subject {
                sub,
                username,
                scope: vec!["openid".into()],
            })
        }
        other => Err(refused(&format!(
            "token type `{other}` is not supported (use {ACCESS_TOKEN_TYPE} or {ID_TOKEN_TYPE})"
        ))),
    }
}

/// RFC 8693 section 2.1-2.2.
pub fn token_exchange(
    app: &App,
    client: &Client,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let token = params::get(params, "subject_token");
    let token_type = params::get(params, "subject_token_type");
    if token.is_empty() || token_type.is_empty() {
        return Err(OAuthError::invalid_request(
            "subject_token and subject_token_type are required",
        ));
    }
    let requested = params.get("requested_token_type").map(String::as_str);
    if requested.is_some_and(|t| t != ACCESS_TOKEN_TYPE) {
        return Err(OAuthError::invalid_request(format!(
            "requested_token_type must be {ACCESS_TOKEN_TYPE}: serve issues access tokens only"
        )));
    }
    let subject = subject_of(app, client, token, token_type, "subject_token")?;
    let actor = match params.get("actor_token") {
        Some(actor) => {
            let actor_type = params::get(params, "actor_token_type");
            Some(subject_of(app, client, actor, actor_type, "actor_token")?)
        }
        None if params.contains_key("actor_token_type") => {
            return Err(OAuthError::invalid_request(
                "actor_token_type without actor_token",
            ))
        }
        None => None,
    };
    let granted = requested_scope(client, params, &subject.scope)?;
    if let Some(wider) = granted.iter().find(|s| !subject.scope.contains(s)) {
        return Err(OAuthError::invalid_scope(format!(
            "scope `{wider}` is wider than the subject token's"
        )));
    }
    // RFC 8693 `audience` names targets like `resource` does; both must be the client's.
    let mut targets = requested_resources(client, params, &[])?;
    for audience in params.all("audience") {
        if !client.resources.contains(audience) {
            return Err(OAuthError::invalid_target(format!(
                "audience `{audience}` is not allowed for this client"
            )));
        }
        if !targets.contains(audience) {
            targets.push(audience.clone());
        }
    }
    let now = now();
    let holder = Holder {
        sub: &subject.sub,
        username: subject.username.as_deref(),
        scope: &granted,
        resources: &targets,
        details: None,
        jkt,
    };
    let mut access = issue::access_token(app, client, &holder, now);
    if let Some(actor) = &actor {
        access.add_claim("act", json!({ "sub": actor.sub }));
    }
    app.store.issue(
        Issue {
            access: access.record.clone(),
            refresh: None,
        },
        now,
    )?;
    let body = json!({
        "access_token": access.sign(app)?,
        "issued_token_type": ACCESS_TOKEN_TYPE,
        "token_type": issue::token_type(jkt.is_some()),
        "expires_in": client.access_token_lifetime,
        "scope": scope::join(&granted),
    });
    Ok(log_client(no_store_json(body), &client.id))
}
