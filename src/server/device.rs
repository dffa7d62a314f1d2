//! Device authorization (RFC 8628): the device authorization endpoint, the page where
//! the user enters the code, and the device-code grant at the token endpoint.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::client_auth::Authenticated;
use super::config::Client;
use super::error::{html, log_client, no_store_json, OAuthError, PageError};
use super::issue::{self, Answer, Holder};
use super::params::{self, Params};
use super::store::{DeviceDecision, DeviceGrant, Issue};
use super::token::{plan_user_tokens, requested_resources, requested_scope};
use super::{now, pages, random_token, App};
use crate::protocol::url::with_query;
use crate::protocol::GrantType;

const DEVICE_LIFETIME: i64 = 600;
const DEVICE_INTERVAL: i64 = 5;

fn user_code() -> String {
    // Consonants only, no ambiguous letters (RFC 8628 6.1): 20^8 codes.
    const ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// RFC 8628 section 3.1-3.2.
pub async fn device_authorization(State(app): State<Arc<App>>, request: Authenticated) -> Response {
    let client = request.client(&app);
    match start(&app, client, &request.params) {
        Ok(response) => log_client(response, &client.id),
        Err(e) => e.for_client(&client.id).into_response(),
    }
}

fn start(app: &App, client: &Client, params: &Params) -> Result<Response, OAuthError> {
    if !client.grants.contains(&GrantType::DeviceCode) {
        return Err(OAuthError::unauthorized_client(
            "this client may not use the device flow",
        ));
    }
    let scope = requested_scope(client, params, &[])?;
    let device_code = random_token(32);
    let code = user_code();
    let now = now();
    app.store.add_device(
        device_code.clone(),
        DeviceGrant {
            client_id: client.id.clone(),
            user_code: code.clone(),
            scope,
            expires: now + DEVICE_LIFETIME,
            interval: DEVICE_INTERVAL,
            last_poll: 0,
            decision: DeviceDecision::Waiting,
            redeemed: false,
        },
        now,
    )?;
    let uri = format!("{}/device", app.issuer);
    Ok(no_store_json(json!({
        "device_code": device_code,
        "user_code": code,
        "verification_uri": uri,
        "verification_uri_complete": with_query(&uri, &[("user_code", &code)]),
        "expires_in": DEVICE_LIFETIME,
        "interval": DEVICE_INTERVAL,
    })))
}

pub async fn page(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    let code = params::parse(query.as_deref().unwrap_or(""))
        .ok()
        .and_then(|p| p.get("user_code").cloned())
        .unwrap_or_default();
    html(StatusCode::OK, pages::device(&app.base_path, None, &code))
}

pub async fn submit(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let Ok(params) = params::form(&body) else {
        return PageError::new("The form is malformed.").into_response();
    };
    let code = params::get(&params, "user_code")
        .trim()
        .to_ascii_uppercase();
    let (username, password) = params::credentials(&params);
    if !app
        .user(username)
        .is_some_and(|u| u.password.matches(password.as_bytes()))
    {
        // Not 401, which promises a WWW-Authenticate challenge (RFC 9110 15.5.2).
        return html(
            StatusCode::BAD_REQUEST,
            pages::device(&app.base_path, Some("Wrong username or password."), &code),
        );
    }
    let approve = params::get(&params, "decision") == "approve";
    let decision = if approve {
        DeviceDecision::Approved(username.to_string())
    } else {
        DeviceDecision::Denied
    };
    if !app.store.decide_device(&code, decision, now()) {
        return html(
            StatusCode::BAD_REQUEST,
            pages::device(&app.base_path, Some("That code is unknown or expired."), ""),
        );
    }
    let message = if approve {
        "Done: the device is connected. You can close this page."
    } else {
        "The device was denied."
    };
    html(StatusCode::OK, pages::error("Connect a device", message))
}

/// RFC 8628 section 3.4-3.5: the token endpoint's answer to one poll.
pub fn device_code(
    app: &App,
    client: &Client,
    params: &Params,
    jkt: Option<&str>,
) -> Result<Response, OAuthError> {
    let now = now();
    let device_code = params::get(params, "device_code");
    let resources = requested_resources(client, params, &[])?;
    let mut planned = None;
    let grant = app
        .store
        .poll_device(device_code, &client.id, now, |grant, username| {
            let user = app
                .user(username)
                .ok_or_else(|| OAuthError::invalid_grant("the user no longer exists"))?;
            let sub = user.subject_for(client);
            let holder = Holder {
                sub: &sub,
                username: Some(username),
                scope: &grant.scope,
                resources: &resources,
                details: None,
                jkt,
            };
            let (access, refresh) = plan_user_tokens(app, client, &holder, now);
            let issue = Issue {
                access: access.record.clone(),
                refresh: refresh.clone(),
            };
            planned = Some((access, refresh));
            Ok(issue)
        })?;
    let (access, refresh) = planned.expect("an approved poll planned its tokens");
    Ok(issue::token_response(
        client,
        Answer {
            access: access.sign(app)?,
            refresh: refresh.map(|r| r.token),
            id_token: None,
            scope: &grant.scope,
            details: None,
            bound: jkt.is_some(),
        },
    ))
}
