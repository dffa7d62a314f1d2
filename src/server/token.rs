//! The token endpoint (RFC 6749 section 3.2): one function per grant. Each records what it
//! issues through one store operation, then signs outside the lock.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::client_auth::Authenticated;
use super::config::{secrets_equal, Client};
use super::error::OAuthError;
use super::issue::{self, Answer, Holder, IdClaims};
use super::params::{self, Params};
use super::store::Issue;
use super::{now, App};
use crate::protocol::{pkce, scope, ErrorCode, GrantType};
use serde_json::Value;

pub async fn token(State(app): State<Arc<App>>, request: Authenticated) -> Response {
    let client = request.client(&app);
    let answer = proven_key(&app, client, &request)
        .and_then(|jkt| required_key(client, jkt))
        .and_then(|jkt| grant(&app, client, &request.params, jkt.as_deref()));
    match answer {
        Ok(response) => response,
        Err(e) => e.for_client(&client.id).into_response(),
    }
}

/// The thumbprint of the key a request's DPoP proof was made with (RFC 9449 sections 5
/// and 10.1), or `None` without a proof.
pub fn proven_key(
    app: &App,
    client: &Client,
    request: &Authenticated,
) -> Result<Option<String>, OAuthError> {
    let url = format!("{}{}", app.issuer, request.endpoint);
    let proof_request = crate::protocol::dpop::Request {
        method: "POST",
        url: &url,
        access_token: None,
        now: now(),
        window: super::dpop::IAT_WINDOW,
    };
    let proof = app
        .dpop
        .check(&request.headers, &proof_request, client.require_dpop_nonce)
        .map_err(super::dpop::Refusal::at_token_endpoint)?;
    if let Some(alg) = proof.as_ref().map(|p| p.alg) {
        if client.fapi2 && !super::client_auth::FAPI2_ALGORITHMS.contains(&alg) {
            return Err(OAuthError::new(
                axum::http::StatusCode::BAD_REQUEST,
                ErrorCode::InvalidDpopProof,
                format!(
                    "the DPoP proof is signed with {alg}; FAPI 2.0 permits PS256, ES256 or EdDSA"
                ),
            ));
        }
    }
    Ok(proof.map(|p| p.jkt))
}

/// A client that must use DPoP gets tokens only with a proof.
fn required_key(client: &Client, jkt: Option<String>) -> Result<Option<String>, OAuthError> {
    if jkt.is_none() && client.must_use_dpop() {
        return Err(OAuthError::new(
            axum::http::StatusCode::BAD_REQUEST,
            ErrorCode::InvalidDpopProof,
            "this client's tokens must be DPoP-bound: send a DPoP proof (RFC 9449) with the \
             token request",
        ));
    }
    Ok(jkt)
}

/// The grants this token endpoint implements; the metadata and the client configuration
/// offer these and no others.
pub const SUPPORTED_GRANTS: [GrantType; 7] = [
    GrantType::AuthorizationCode,
    GrantType::RefreshToken,
    GrantType::ClientCredentials,
    GrantType::Password,
    GrantType::DeviceCode,
    GrantType::TokenExchange,
    GrantType::JwtBearer,
];

fn grant(
    app: &App,
    client: &Client,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let name = params::get(params, "grant_type");
    let grant = GrantType::parse(name)
        .filter(|g| SUPPORTED_GRANTS.contains(g))
        .ok_or_else(|| {
            OAuthError::new(
                axum::http::StatusCode::BAD_REQUEST,
                ErrorCode::UnsupportedGrantType,
                "unknown grant_type",
            )
        })?;
    if !client.grants.contains(&grant) {
        return Err(OAuthError::unauthorized_client(format!(
            "this client may not use {}",
            grant.name()
        )));
    }
    match grant {
        GrantType::AuthorizationCode => authorization_code(app, client, params, jkt),
        GrantType::RefreshToken => refresh_token(app, client, params, jkt),
        GrantType::ClientCredentials => client_credentials(app, client, params, jkt),
        GrantType::Password => password(app, client, params, jkt),
        GrantType::DeviceCode => super::device::device_code(app, client, params, jkt),
        GrantType::TokenExchange => super::exchange::token_exchange(app, client, params, jkt),
        GrantType::JwtBearer => super::jwt_bearer::jwt_bearer(app, client, params, jkt),
    }
}

/// The scope a token request asks for, each token allowed for the client; `default`
/// when the request names none.
pub fn requested_scope(
    client: &Client,
    params: &Params,
    default: &[String],
) -> Result<Vec<String>, OAuthError> {
    let Some(text) = params.get("scope") else {
        return Ok(default.to_vec());
    };
    let requested = scope::parse(text);
    if let Some(bad) = requested.iter().find(|s| !client.scopes.contains(s)) {
        return Err(OAuthError::invalid_scope(format!(
            "scope `{bad}` is not allowed"
        )));
    }
    Ok(requested)
}

/// The resource indicators (RFC 8707 section 2.2) a token request asks for: each an
/// absolute URI the client may use and, when the grant named resources, one of those;
/// the grant's own when the request names none.
pub fn requested_resources(
    client: &Client,
    params: &Params,
    granted: &[String],
) -> Result<Vec<String>, OAuthError> {
    let requested = params.all("resource");
    if requested.is_empty() {
        return Ok(granted.to_vec());
    }
    for resource in requested {
        check_resource(client, resource)?;
        if !granted.is_empty() && !granted.contains(resource) {
            return Err(OAuthError::invalid_target(format!(
                "resource `{resource}` was not part of the grant"
            )));
        }
    }
    Ok(requested.to_vec())
}

/// The largest `authorization_details` accepted (RFC 9396 leaves the size to the server).
const MAX_DETAILS: usize = 8 * 1024;

/// RFC 9396 section 2: a non-empty JSON array of objects, each with a `type` this client
/// may ask for; else `invalid_authorization_details`.
pub fn check_details(client: &Client, text: &str) -> Result<Value, OAuthError> {
    let refuse = |why: String| {
        OAuthError::new(
            axum::http::StatusCode::BAD_REQUEST,
            ErrorCode::InvalidAuthorizationDetails,
            why,
        )
    };
    if text.len() > MAX_DETAILS {
        return Err(refuse(format!(
            "authorization_details is over {MAX_DETAILS} bytes"
        )));
    }
    let value = crate::json::parse(text.as_bytes())
        .map_err(|e| refuse(format!("authorization_details is not JSON: {e}")))?;
    let items = value
        .as_array()
        .filter(|items| !items.is_empty())
        .ok_or_else(|| refuse("authorization_details must be a non-empty JSON array".into()))?;
    for item in items {
        let kind = item
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| refuse("each authorization detail needs a string `type`".into()))?;
        if !client.authorization_details_types.iter().any(|t| t == kind) {
            return Err(refuse(format!(
                "authorization details type `{kind}` is not allowed for this client"
            )));
        }
    }
    Ok(value)
}

/// The `authorization_details` of a token request, checked (None when absent).
fn requested_details(client: &Client, params: &Params) -> Result<Option<Value>, OAuthError> {
    params
        .get("authorization_details")
        .map(|text| check_details(client, text))
        .transpose()
}

/// A resource indicator this client may ask for, or `invalid_target`.
pub fn check_resource(client: &Client, resource: &str) -> Result<(), OAuthError> {
    if !crate::protocol::url::is_absolute_without_fragment(resource) {
        return Err(OAuthError::invalid_target(
            "a resource must be an absolute URI without a fragment (RFC 8707 section 2)",
        ));
    }
    if !client.resources.iter().any(|r| r == resource) {
        return Err(OAuthError::invalid_target(format!(
            "resource `{resource}` is not allowed for this client"
        )));
    }
    Ok(())
}

/// RFC 6749 section 4.1.3 with PKCE (RFC 7636 section 4.6). The code is redeemed once; a
/// replay revokes what it issued (see `Store::redeem_code`).
fn authorization_code(
    app: &App,
    client: &Client,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let now = now();
    let code = params::get(params, "code");
    let verifier = params.get("code_verifier").map(String::as_str);
    let mut planned = None;
    let grant = app.store.redeem_code(code, now, |grant| {
        if grant.client_id != client.id {
            return Err(OAuthError::invalid_grant(
                "the code was issued to another client",
            ));
        }
        if params.get("redirect_uri") != Some(&grant.redirect_uri) {
            return Err(OAuthError::invalid_grant(
                "redirect_uri does not match the authorization request",
            ));
        }
        if grant.dpop_jkt.is_some() && grant.dpop_jkt.as_deref() != jkt {
            return Err(OAuthError::invalid_grant(
                "the code is bound to a DPoP key (dpop_jkt): redeem it with a proof made by \
                 that key",
            ));
        }
        if let Some(challenge) = &grant.code_challenge {
            let verifier =
                verifier.ok_or_else(|| OAuthError::invalid_request("code_verifier is required"))?;
            if !pkce::is_valid_verifier(verifier) {
                return Err(OAuthError::invalid_request(
                    "code_verifier must be 43 to 128 unreserved characters (RFC 7636 4.1)",
                ));
            }
            let computed = pkce::challenge_s256(verifier);
            if !secrets_equal(computed.as_bytes(), challenge.as_bytes()) {
                return Err(OAuthError::invalid_grant(
                    "code_verifier does not match the code_challenge",
                ));
            }
        }
        let user = app
            .user(&grant.username)
            .ok_or_else(|| OAuthError::invalid_grant("the user no longer exists"))?;
        let sub = user.subject_for(client);
        let resources = requested_resources(client, params, &grant.resources)?;
        let holder = Holder {
            sub: &sub,
            username: Some(&grant.username),
            scope: &grant.scope,
            resources: &resources,
            details: grant.details.as_ref(),
            jkt,
        };
        let refreshable = scope::contains(&grant.scope, "offline_access")
            || client.grants.contains(&GrantType::RefreshToken);
        let access = issue::access_token(app, client, &holder, now);
        // The refresh token keeps the whole grant, whatever resource this request named.
        let family = Holder {
            resources: &grant.resources,
            ..holder
        };
        let refresh =
            refreshable.then(|| issue::refresh_token(client, &family, grant.auth_time, now));
        let issue = Issue {
            access: access.record.clone(),
            refresh: refresh.clone(),
        };
        planned = Some((access, refresh, sub));
        Ok(issue)
    })?;
    let (access, refresh, sub) = planned.expect("a redeemed code planned its tokens");
    let access_token = access.sign(app)?;
    let id_token = if scope::contains(&grant.scope, "openid") {
        let what = IdClaims {
            username: &grant.username,
            scope: &grant.scope,
            nonce: grant.nonce.as_deref(),
            auth_time: grant.auth_time,
        };
        Some(issue::id_token(
            app,
            client,
            &sub,
            &what,
            &access_token,
            now,
        )?)
    } else {
        None
    };
    Ok(issue::token_response(
        client,
        Answer {
            access: access_token,
            refresh: refresh.map(|r| r.token),
            id_token,
            scope: &grant.scope,
            details: grant.details.as_ref(),
            bound: jkt.is_some(),
        },
    ))
}

/// RFC 6749 section 6 with rotation (RFC 9700 section 4.14.2).
fn refresh_token(
    app: &App,
    client: &Client,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let now = now();
    let presented = params::get(params, "refresh_token");
    let mut planned = None;
    app.store
        .rotate_refresh(presented, &client.id, now, |record| {
            if record.jkt.is_some() && record.jkt.as_deref() != jkt {
                return Err(OAuthError::invalid_grant(
                    "the refresh token is bound to a DPoP key: send a proof made by that key",
                ));
            }
            let granted = requested_scope(client, params, &record.scope)?;
            let resources = requested_resources(client, params, &record.resources)?;
            if !granted.iter().all(|s| record.scope.contains(s)) {
                return Err(OAuthError::invalid_scope(
                    "a refresh cannot widen the scope",
                ));
            }
            let sub = match record.username.as_deref().and_then(|u| app.user(u)) {
                Some(user) => user.subject_for(client),
                None => client.id.clone(),
            };
            let access = issue::access_token(
                app,
                client,
                &Holder {
                    sub: &sub,
                    username: record.username.as_deref(),
                    scope: &granted,
                    resources: &resources,
                    details: record.details.as_ref(),
                    jkt,
                },
                now,
            );
            // The new refresh token keeps the family's whole scope, whatever this one asked.
            let refresh = issue::refresh_token(
                client,
                &Holder {
                    sub: &sub,
                    username: record.username.as_deref(),
                    scope: &record.scope,
                    resources: &record.resources,
                    details: record.details.as_ref(),
                    jkt,
                },
                record.auth_time,
                now,
            );
            let issue = Issue {
                access: access.record.clone(),
                refresh: Some(refresh.clone()),
            };
            planned = Some((access, refresh, granted, record.details.clone()));
            Ok(issue)
        })?;
    let (access, refresh, granted, details) = planned.expect("a rotation planned its tokens");
    Ok(issue::token_response(
        client,
        Answer {
            access: access.sign(app)?,
            refresh: Some(refresh.token),
            id_token: None,
            scope: &granted,
            details: details.as_ref(),
            bound: jkt.is_some(),
        },
    ))
}

/// RFC 6749 section 4.4: a token for the client itself.
fn client_credentials(
    app: &App,
    client: &Client,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let granted = requested_scope(client, params, &[])?;
    let resources = requested_resources(client, params, &[])?;
    let details = requested_details(client, params)?;
    let now = now();
    let holder = Holder {
        sub: &client.id,
        username: None,
        scope: &granted,
        resources: &resources,
        details: details.as_ref(),
        jkt,
    };
    access_token_only(app, client, &holder, now)
}

/// A grant that issues an access token and nothing else (client credentials, JWT bearer):
/// recorded, signed, answered.
pub fn access_token_only(
    app: &App,
    client: &Client,
    holder: &Holder,
    now: i64,
) -> Result<Response, OAuthError> {
    let access = issue::access_token(app, client, holder, now);
    app.store.issue(
        Issue {
            access: access.record.clone(),
            refresh: None,
        },
        now,
    )?;
    Ok(issue::token_response(
        client,
        Answer {
            access: access.sign(app)?,
            refresh: None,
            id_token: None,
            scope: holder.scope,
            details: holder.details,
            bound: holder.jkt.is_some(),
        },
    ))
}

/// RFC 6749 section 4.3 (legacy).
fn password(
    app: &App,
    client: &Client,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let (username, password) = params::credentials(params);
    let user = app
        .user(username)
        .filter(|u| u.password.matches(password.as_bytes()))
        .ok_or_else(|| OAuthError::invalid_grant("wrong username or password"))?;
    let granted = requested_scope(client, params, &[])?;
    let resources = requested_resources(client, params, &[])?;
    let sub = user.subject_for(client);
    let now = now();
    let holder = Holder {
        sub: &sub,
        username: Some(username),
        scope: &granted,
        resources: &resources,
        details: None,
        jkt,
    };
    let (access, refresh) = plan_user_tokens(app, client, &holder, now);
    app.store.issue(
        Issue {
            access: access.record.clone(),
            refresh: refresh.clone(),
        },
        now,
    )?;
    let access_token = access.sign(app)?;
    // Legacy: an IdP that answers the password grant with an ID token, signed in just now.
    let id_token = if client.legacy.id_token_with_password && scope::contains(&granted, "openid") {
        let what = IdClaims {
            username,
            scope: &granted,
            nonce: None,
            auth_time: now,
        };
        Some(issue::id_token(
            app,
            client,
            &sub,
            &what,
            &access_token,
            now,
        )?)
    } else {
        None
    };
    Ok(issue::token_response(
        client,
        Answer {
            access: access_token,
            refresh: refresh.map(|r| r.token),
            id_token,
            scope: &granted,
            details: None,
            bound: jkt.is_some(),
        },
    ))
}

/// For a grant that signs the user in just now (password, device): an access token, and a
/// refresh token for clients allowed to refresh.
pub fn plan_user_tokens(
    app: &App,
    client: &Client,
    holder: &Holder,
    now: i64,
) -> (issue::PlannedAccess, Option<super::store::NewRefresh>) {
    let access = issue::access_token(app, client, holder, now);
    let refresh = client
        .grants
        .contains(&GrantType::RefreshToken)
        .then(|| issue::refresh_token(client, holder, now, now));
    (access, refresh)
}
