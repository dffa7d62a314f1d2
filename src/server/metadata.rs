//! Discovery (RFC 8414, OpenID Connect Discovery 1.0 section 3) and the JWKS. The metadata
//! lists only what the server does: each list comes from the constant or configuration the
//! implementing code itself uses, and what serve does not support is said explicitly
//! where the specification's default would imply support.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::authorize::CODE_CHALLENGE_METHODS;
use super::client_auth::{
    assertion_algorithms, token_endpoint_signing_algorithms, INTROSPECTION_METHODS,
    REVOCATION_METHODS, TOKEN_ENDPOINT_METHODS,
};
use super::issue::{ID_TOKEN_CLAIMS, SCOPE_CLAIMS};
use super::token::SUPPORTED_GRANTS;
use super::App;
use crate::protocol::{dpop, ClientAuthMethod, GrantType, Prompt, ResponseMode};

pub async fn metadata(State(app): State<Arc<App>>) -> Response {
    axum::Json(document(&app)).into_response()
}

/// Names in first-seen order, each once.
fn unique<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The methods' names; the mutual-TLS ones only when serve listens with TLS.
fn method_names(methods: &[ClientAuthMethod], tls: bool) -> Vec<&'static str> {
    methods
        .iter()
        .filter(|m| tls || !m.is_mtls())
        .map(|m| m.name())
        .collect()
}

/// The discovery document.
pub fn document(app: &App) -> Value {
    let i = &app.issuer;
    let clients = &app.settings.clients;
    let tls = app.settings.tls.is_some();
    // The grants some client may use, in the token endpoint's order.
    let grants: Vec<GrantType> = SUPPORTED_GRANTS
        .into_iter()
        .filter(|g| clients.iter().any(|c| c.grants.contains(g)))
        .collect();
    let mut response_types = vec!["code"];
    if clients.iter().any(|c| c.allow_implicit) {
        response_types.push("token");
    }
    let scopes = unique(
        clients
            .iter()
            .flat_map(|c| c.scopes.iter().map(String::as_str)),
    );
    let user_claims = SCOPE_CLAIMS
        .iter()
        .filter(|(scope, _)| scopes.contains(scope))
        .flat_map(|(_, names)| names.iter().copied())
        .filter(|name| {
            app.settings
                .users
                .iter()
                .any(|u| u.claims.contains_key(*name))
        });
    let claims = unique(ID_TOKEN_CLAIMS.into_iter().chain(user_claims));
    let mut doc = json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "jwks_uri": format!("{i}/jwks"),
        "introspection_endpoint": format!("{i}/introspect"),
        "revocation_endpoint": format!("{i}/revoke"),
        "pushed_authorization_request_endpoint": format!("{i}/par"),
        // Required server-wide when every client is held to it (require_par).
        "require_pushed_authorization_requests": !clients.is_empty() && clients.iter().all(|c| c.must_push()),
        "response_types_supported": response_types,
        "response_modes_supported": ResponseMode::ALL.map(ResponseMode::name),
        "grant_types_supported": grants.iter().map(|g| g.name()).collect::<Vec<_>>(),
        "code_challenge_methods_supported": CODE_CHALLENGE_METHODS,
        "token_endpoint_auth_methods_supported": method_names(&TOKEN_ENDPOINT_METHODS, tls),
        "token_endpoint_auth_signing_alg_values_supported":
            token_endpoint_signing_algorithms().iter().map(|a| a.name()).collect::<Vec<_>>(),
        "introspection_endpoint_auth_methods_supported": method_names(&INTROSPECTION_METHODS, tls),
        "revocation_endpoint_auth_methods_supported": method_names(&REVOCATION_METHODS, tls),
        "scopes_supported": scopes,
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [app.signer.algorithm().name()],
        "claims_supported": claims,
        "prompt_values_supported": Prompt::VALUES,
        "authorization_response_iss_parameter_supported": true,
        // JARM: responses signed with the key that signs ID tokens.
        "authorization_signing_alg_values_supported": [app.signer.algorithm().name()],
        "dpop_signing_alg_values_supported": dpop::ALGORITHMS.map(|a| a.name()),
        // RFC 9101: signed request objects, verified with the client's registered keys.
        "request_parameter_supported": true,
        "request_object_signing_alg_values_supported":
            assertion_algorithms().iter().map(|a| a.name()).collect::<Vec<_>>(),
        "require_signed_request_object": !clients.is_empty() && clients.iter().all(|c| c.require_signed_request_object),
        // Discovery 3 makes request_uri_parameter_supported true when left out.
        "request_uri_parameter_supported": false,
        "claims_parameter_supported": false,
    });
    let details_types = unique(
        clients
            .iter()
            .flat_map(|c| c.authorization_details_types.iter().map(String::as_str)),
    );
    if !details_types.is_empty() {
        doc["authorization_details_types_supported"] = details_types.into();
    }
    if grants.contains(&GrantType::DeviceCode) {
        doc["device_authorization_endpoint"] = format!("{i}/device_authorization").into();
    }
    doc
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
