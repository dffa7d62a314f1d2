//! Client authentication at the token, introspection, revocation and device endpoints
//! (RFC 6749 section 2.3, RFC 7523 section 2.2), as an extractor: a handler that takes an
//! [`Authenticated`] runs only for a client that proved who it is.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::config::{secrets_equal, Client};
use super::error::OAuthError;
use super::params::{self, Params};
use super::tls::PeerCertificate;
use super::{now, App};
use crate::jwt::claims::Policy;
use crate::jwt::{jws, token};
use crate::keys::{Algorithm, Family, Key, Material};
use crate::protocol::grant::JWT_BEARER_ASSERTION;
use crate::protocol::ClientAuthMethod;

/// The client authentication methods each endpoint accepts: the metadata advertises these
/// lists and the endpoints enforce them. Introspection reveals token contents, so it
/// requires a client that proves who it is (RFC 7662 section 2.1).
pub const TOKEN_ENDPOINT_METHODS: [ClientAuthMethod; 7] = ClientAuthMethod::ALL;
pub const REVOCATION_METHODS: [ClientAuthMethod; 7] = ClientAuthMethod::ALL;
pub const INTROSPECTION_METHODS: [ClientAuthMethod; 6] = [
    ClientAuthMethod::ClientSecretBasic,
    ClientAuthMethod::ClientSecretPost,
    ClientAuthMethod::PrivateKeyJwt,
    ClientAuthMethod::ClientSecretJwt,
    ClientAuthMethod::TlsClientAuth,
    ClientAuthMethod::SelfSignedTlsClientAuth,
];

/// The algorithms FAPI 2.0 permits (Security Profile section 5.4.1).
pub const FAPI2_ALGORITHMS: [Algorithm; 3] = [Algorithm::Ps256, Algorithm::Es256, Algorithm::EdDsa];

/// The longest a client assertion may live (`exp` from now): its `jti` is remembered that
/// long, so a longer one could be replayed once forgotten.
pub const MAX_ASSERTION_LIFETIME: i64 = 3600;

/// How far a client assertion's times may be off.
const ASSERTION_LEEWAY: u64 = 30;

/// The algorithms a `private_key_jwt` assertion may be signed with: every asymmetric one,
/// each for the key types it fits (a key whose JWK names an `alg` is held to that one).
pub fn assertion_algorithms() -> Vec<Algorithm> {
    Algorithm::ALL
        .into_iter()
        .filter(|a| a.family() != Family::Hmac)
        .collect()
}

/// The algorithms a `client_secret_jwt` assertion may use with a secret of `len` bytes:
/// the HMACs whose key it is long enough for (RFC 7518 section 3.2).
pub fn hmac_algorithms(len: usize) -> Vec<Algorithm> {
    Algorithm::ALL
        .into_iter()
        .filter(|a| a.family() == Family::Hmac && a.min_hmac_key_len() <= len)
        .collect()
}

/// Every algorithm some client may sign an assertion with, for the metadata.
pub fn token_endpoint_signing_algorithms() -> Vec<Algorithm> {
    let mut all = assertion_algorithms();
    all.extend(hmac_algorithms(usize::MAX));
    all
}

/// A form-encoded request from an authenticated client.
pub struct Authenticated {
    pub params: Params,
    /// The request's headers (a DPoP proof is one).
    pub headers: HeaderMap,
    /// The endpoint's path below the issuer (`/token`).
    pub endpoint: String,
    index: usize,
}

impl Authenticated {
    pub fn client<'a>(&self, app: &'a App) -> &'a Client {
        &app.settings.clients[self.index]
    }
}

impl FromRequest<Arc<App>> for Authenticated {
    type Rejection = Response;

    async fn from_request(request: Request, app: &Arc<App>) -> Result<Self, Response> {
        // The endpoint's own URL is an audience a client assertion may name.
        let endpoint = request.uri().path().to_string();
        let (parts, body) = request.into_parts();
        let body = Bytes::from_request(Request::from_parts(parts.clone(), body), app)
            .await
            .map_err(IntoResponse::into_response)?;
        let params = params::form(&body).map_err(IntoResponse::into_response)?;
        let certificate = parts.extensions.get::<PeerCertificate>();
        let client = authenticate(app, (&parts.headers, certificate), &params, &endpoint)
            .map_err(IntoResponse::into_response)?;
        let index = app
            .settings
            .clients
            .iter()
            .position(|c| std::ptr::eq(c, client))
            .expect("the client comes from the settings");
        Ok(Authenticated {
            params,
            headers: parts.headers,
            endpoint,
            index,
        })
    }
}

fn authenticate<'a>(
    app: &'a App,
    (headers, certificate): (&HeaderMap, Option<&PeerCertificate>),
    params: &Params,
    endpoint: &str,
) -> Result<&'a Client, OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        });
    let assertion = params.get("client_assertion");
    let methods = usize::from(basic.is_some())
        + usize::from(params.contains_key("client_secret"))
        + usize::from(assertion.is_some());
    if methods > 1 {
        return Err(OAuthError::invalid_request(
            "use exactly one client authentication method",
        ));
    }
    if let Some(encoded) = basic {
        let (id, secret) = basic_credentials(encoded)
            .ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials"))?;
        if params.get("client_id").is_some_and(|p| *p != id) {
            return Err(OAuthError::invalid_client(
                "client_id does not match the credentials",
            ));
        }
        return check_secret(app, &id, &secret);
    }
    let client_id = params::get(params, "client_id");
    if let Some(secret) = params.get("client_secret") {
        return check_secret(app, client_id, secret);
    }
    if let Some(assertion) = assertion {
        return check_assertion(app, params, assertion, endpoint);
    }
    match app.client(client_id) {
        Some(client) if client.auth_method == ClientAuthMethod::None => Ok(client),
        Some(client) if client.auth_method.is_mtls() => check_certificate(client, certificate),
        Some(_) => Err(OAuthError::invalid_client("this client must authenticate")),
        None => Err(OAuthError::invalid_client("unknown client")),
    }
}

/// RFC 6749 section 2.3.1: Base64 of `id:secret`, both form-urlencoded first.
fn basic_credentials(encoded: &str) -> Option<(String, String)> {
    let decoded =
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())?;
    let (id, secret) = decoded.split_once(':')?;
    let decode = |s: &str| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={s}"))
            .ok()
            .and_then(|v| v.into_iter().next())
            .map(|(_, v)| v)
    };
    Some((decode(id)?, decode(secret)?))
}

fn check_secret<'a>(app: &'a App, id: &str, secret: &str) -> Result<&'a Client, OAuthError> {
    match app.client(id) {
        Some(client)
            if client
                .secret
                .as_ref()
                .is_some_and(|s| secrets_equal(s.expose(), secret.as_bytes())) =>
        {
            Ok(client)
        }
        _ => {
            // Spend the same time on unknown clients as on wrong secrets.
            let _ = secrets_equal(b"", secret.as_bytes());
            Err(OAuthError::invalid_client("client authentication failed"))
        }
    }
}

/// RFC 8705 section 2: the client's TLS certificate, valid now, with the registered
/// subject (`tls_client_auth`) or a registered key (`self_signed_tls_client_auth`).
fn check_certificate<'a>(
    client: &'a Client,
    certificate: Option<&PeerCertificate>,
) -> Result<&'a Client, OAuthError> {
    use der::{Decode, Encode};
    let der = certificate.ok_or_else(|| {
        OAuthError::invalid_client(
            "this client authenticates with its TLS client certificate (RFC 8705), and the \
             connection presented none",
        )
    })?;
    let cert = x509_cert::Certificate::from_der(&der.0)
        .map_err(|_| OAuthError::invalid_client("the client certificate is malformed"))?;
    let tbs = cert.tbs_certificate();
    let seconds = |t: &x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
    let (from, until) = (
        seconds(&tbs.validity().not_before),
        seconds(&tbs.validity().not_after),
    );
    let now = now();
    if now < from {
        return Err(OAuthError::invalid_client(format!(
            "the client certificate is not valid before {}",
            crate::jwt::time::rfc3339(from)
        )));
    }
    if now > until {
        return Err(OAuthError::invalid_client(format!(
            "the client certificate expired at {}",
            crate::jwt::time::rfc3339(until)
        )));
    }
    let matches = match client.auth_method {
        ClientAuthMethod::TlsClientAuth => {
            // The same attributes with the same values, in any order.
            let mut presented: Vec<String> = tbs.subject().iter().map(|a| a.to_string()).collect();
            let mut registered: Vec<String> = client
                .tls_client_auth_subject_dn
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .map(|part| part.trim().to_string())
                .collect();
            presented.sort();
            registered.sort();
            presented == registered
        }
        _ => {
            let spki = tbs.subject_public_key_info().to_der().unwrap_or_default();
            crate::keys::der::decode_spki(&spki).is_ok_and(|material| {
                let presented = crate::keys::jwk::required_members(&Key::new(material));
                client
                    .jwks
                    .iter()
                    .any(|k| crate::keys::jwk::required_members(&k.public()) == presented)
            })
        }
    };
    if !matches {
        return Err(OAuthError::invalid_client(match client.auth_method {
            ClientAuthMethod::TlsClientAuth => {
                "the client certificate's subject is not the one registered for the client"
            }
            _ => "the client certificate's key is not one registered for the client",
        }));
    }
    Ok(client)
}

/// RFC 7523 section 3: `iss` and `sub` are the client, `aud` the issuer or this
/// endpoint, signed by a key the client registered.
fn check_assertion<'a>(
    app: &'a App,
    params: &Params,
    assertion: &str,
    endpoint: &str,
) -> Result<&'a Client, OAuthError> {
    if params.get("client_assertion_type").map(String::as_str) != Some(JWT_BEARER_ASSERTION) {
        return Err(OAuthError::invalid_request(
            "unsupported client_assertion_type",
        ));
    }
    let fail = || OAuthError::invalid_client("client assertion rejected");
    let parsed = jws::parse(assertion).map_err(|_| fail())?;
    let claims = token::parse_claims(&parsed.payload).map_err(|_| fail())?;
    let iss = claims
        .get("iss")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let client = app.client(iss).ok_or_else(fail)?;
    if claims.get("sub").and_then(Value::as_str) != Some(iss) {
        return Err(fail());
    }
    // Each method verifies with its own keys only: a private_key_jwt client's assertion
    // is never checked as an HMAC, nor a client_secret_jwt client's with public keys.
    let ring = match client.auth_method {
        ClientAuthMethod::PrivateKeyJwt if client.fapi2 => {
            token::KeyRing::new(client.jwks.clone(), false, &FAPI2_ALGORITHMS)
        }
        ClientAuthMethod::PrivateKeyJwt => {
            token::KeyRing::new(client.jwks.clone(), false, &assertion_algorithms())
        }
        ClientAuthMethod::ClientSecretJwt => {
            let secret = client.secret.clone().ok_or_else(fail)?;
            let algorithms = hmac_algorithms(secret.len());
            let key = Key::new(Material::Oct { k: secret });
            token::KeyRing::new(vec![key], true, &algorithms)
        }
        _ => return Err(fail()),
    }
    .map_err(|_| fail())?;
    let now = now();
    let policy = Policy {
        now,
        leeway: ASSERTION_LEEWAY,
        audiences: vec![app.issuer.clone(), format!("{}{endpoint}", app.issuer)],
        required: vec!["exp".into(), "jti".into()],
        ..Policy::default()
    };
    let verified = ring.verify(assertion, &policy).map_err(|_| fail())?;
    let exp = verified
        .claims
        .get("exp")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    if exp - now > MAX_ASSERTION_LIFETIME {
        return Err(OAuthError::invalid_client(format!(
            "the client assertion lives more than {MAX_ASSERTION_LIFETIME} s"
        )));
    }
    // RFC 7523 section 3: a `jti` is used once (remembered until the assertion expires).
    let jti = verified
        .claims
        .get("jti")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let until = exp + ASSERTION_LEEWAY as i64;
    match app
        .assertions
        .first_use(&[client.id.as_bytes(), jti.as_bytes()], until, now)
    {
        Ok(()) => Ok(client),
        Err(super::replay::Replay::Used) => Err(OAuthError::invalid_client(
            "this client assertion was already used (its jti was seen); sign a fresh one",
        )),
        Err(super::replay::Replay::Full) => Err(OAuthError::temporarily_unavailable(
            "the server holds too many recent client assertions; try again in a minute",
        )),
    }
}
