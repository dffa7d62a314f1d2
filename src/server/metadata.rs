//! Discovery (RFC 8414, OpenID Connect Discovery 1.0 section 3) and the JWKS. The metadata
//! lists only what the server does.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::App;
use crate::protocol::{ClientAuthMethod, GrantType};

pub async fn metadata(State(app): State<Arc<App>>) -> Response {
    let i = &app.issuer;
    let alg = app.signer.algorithm().name();
    let mut grants: Vec<&str> = [
        GrantType::AuthorizationCode,
        GrantType::RefreshToken,
        GrantType::ClientCredentials,
        GrantType::DeviceCode,
    ]
    .iter()
    .map(|g| g.name())
    .collect();
    if app
        .settings
        .clients
        .iter()
        .any(|c| c.grants.contains(&GrantType::Password))
    {
        grants.push(GrantType::Password.name());
    }
    let mut response_types = vec!["code"];
    if app.settings.clients.iter().any(|c| c.allow_implicit) {
        response_types.push("token");
    }
    let auth_methods: Vec<&str> = ClientAuthMethod::ALL.iter().map(|m| m.name()).collect();
    axum::Json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "jwks_uri": format!("{i}/jwks"),
        "introspection_endpoint": format!("{i}/introspect"),
        "revocation_endpoint": format!("{i}/revoke"),
        "device_authorization_endpoint": format!("{i}/device_authorization"),
        "response_types_supported": response_types,
        "response_modes_supported": ["query"],
        "grant_types_supported": grants,
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": auth_methods,
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "PS256", "ES256", "EdDSA"],
        "introspection_endpoint_auth_methods_supported": auth_methods,
        "revocation_endpoint_auth_methods_supported": auth_methods,
        "scopes_supported": ["openid", "profile", "email", "offline_access", "all", "read", "write"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [alg],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "email", "email_verified", "mobile"],
        "prompt_values_supported": ["none", "login", "consent"],
        "authorization_response_iss_parameter_supported": true,
    }))
    .into_response()
}

pub async fn jwks(State(app): State<Arc<App>>) -> Response {
    let keys: Vec<Value> = app
        .settings
        .keys
        .iter()
        .map(|k| {
            let mut public = k.public();
            public.usage = Some("sig".into());
            public.alg = Some(k.default_algorithm());
            Value::Object(crate::keys::jwk::to_jwk(&public, false))
        })
        .collect();
    let mut response = axum::Json(json!({ "keys": keys })).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jwk-set+json"),
    );
    response
}
