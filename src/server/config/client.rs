//! A client's configuration: its `[[clients]]` entry, checked into a [`Client`] with its
//! token shape and legacy switches.

use std::collections::HashSet;
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{
    all_scopes, read_secret_file, AuthMethod, Grant, Source, DEFAULT_CODE_LIFETIME,
    DEFAULT_TOKEN_LIFETIME, LEGACY_MAX_CODE_LIFETIME, MAX_CODE_LIFETIME,
};
use crate::error::Result;
use crate::keys::{load, Key};
use crate::secret::Secret;

/// The shortest secret a `client_secret_jwt` client may have: HS256's key length.
const MIN_HMAC_SECRET: usize = 32;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileClient {
    pub(super) client_id: toml::Spanned<String>,
    name: Option<String>,
    secret: Option<String>,
    secret_file: Option<PathBuf>,
    #[serde(default)]
    redirect_uris: Vec<String>,
    grant_types: Option<Vec<String>>,
    scopes: Option<Vec<String>>,
    token_endpoint_auth_method: Option<String>,
    access_token_lifetime: Option<u64>,
    refresh_token_lifetime: Option<u64>,
    code_lifetime: Option<u64>,
    #[serde(default)]
    auto_approve: bool,
    subject_claim: Option<String>,
    jwks_file: Option<PathBuf>,
    #[serde(default)]
    allow_implicit: bool,
    /// Authorization requests must be pushed first (RFC 9126).
    #[serde(default)]
    require_par: bool,
    /// Authorization requests must be signed request objects (RFC 9101).
    #[serde(default)]
    require_signed_request_object: bool,
    /// Held to the FAPI 2.0 Security Profile.
    #[serde(default)]
    fapi2: bool,
    /// `tls_client_auth`: the subject DN of its certificate (RFC 8705 section 2.1.2).
    tls_client_auth_subject_dn: Option<String>,
    /// Tokens must be DPoP-bound (RFC 9449).
    #[serde(default)]
    require_dpop: bool,
    /// DPoP proofs must carry a server nonce (RFC 9449 section 8).
    #[serde(default)]
    require_dpop_nonce: bool,
    /// RFC 9396 authorization details types the client may ask for.
    #[serde(default)]
    authorization_details_types: Vec<String>,
    /// RFC 8707 resource indicators the client may ask tokens for.
    #[serde(default)]
    resources: Vec<String>,
    access_token_format: Option<String>,
    #[serde(default)]
    access_token_claims: toml::Table,
    require_pkce: Option<bool>,
    #[serde(default)]
    bearer_token_in_query_or_body: bool,
    #[serde(default)]
    id_token_with_password_grant: bool,
}

#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub name: String,
    pub secret: Option<Secret>,
    pub redirect_uris: Vec<String>,
    pub grants: HashSet<Grant>,
    pub scopes: Vec<String>,
    pub auth_method: AuthMethod,
    pub access_token_lifetime: u64,
    pub refresh_token_lifetime: u64,
    pub code_lifetime: u64,
    pub auto_approve: bool,
    pub subject_claim: Option<String>,
    pub jwks: Vec<Key>,
    pub allow_implicit: bool,
    /// Authorization requests must come through the PAR endpoint (RFC 9126 section 6).
    pub require_par: bool,
    /// Authorization requests must be signed request objects verified with `jwks`.
    pub require_signed_request_object: bool,
    /// The FAPI 2.0 Security Profile: pushed requests, DPoP-bound tokens, private_key_jwt
    /// with PS256, ES256 or EdDSA (see [`Client::must_push`], [`Client::must_use_dpop`]).
    pub fapi2: bool,
    /// `tls_client_auth`: the subject its certificate must have (`CN=...,O=...`).
    pub tls_client_auth_subject_dn: Option<String>,
    /// Every token request must carry a DPoP proof; tokens are bound to its key.
    pub require_dpop: bool,
    /// DPoP proofs for this client's requests and tokens must carry a server nonce.
    pub require_dpop_nonce: bool,
    /// The RFC 9396 authorization details types this client may ask for.
    pub authorization_details_types: Vec<String>,
    /// The resource indicators (RFC 8707) this client may ask for; tokens for them carry
    /// them as `aud`.
    pub resources: Vec<String>,
    pub access_token_format: AccessTokenFormat,
    /// Static claims added to this client's JWT access tokens (never replacing the
    /// registered ones).
    pub access_token_claims: Map<String, Value>,
    /// Legacy switches, each off by default (see [`Client::deviations`]).
    pub legacy: Legacy,
}

/// How a client's access tokens look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessTokenFormat {
    /// RFC 9068: a JWT with `typ: at+jwt`.
    Rfc9068,
    /// A plain JWT, `typ: JWT`, as older gateways expect.
    Jwt,
    /// A random string; resource servers ask `/introspect`.
    Opaque,
}

impl AccessTokenFormat {
    pub const NAMES: [&'static str; 3] = ["rfc9068", "jwt", "opaque"];

    fn parse(name: &str) -> Option<AccessTokenFormat> {
        match name {
            "rfc9068" => Some(AccessTokenFormat::Rfc9068),
            "jwt" => Some(AccessTokenFormat::Jwt),
            "opaque" => Some(AccessTokenFormat::Opaque),
            _ => None,
        }
    }
}

/// Departures from current practice that real identity providers still make, to emulate
/// them; each is off by default and announced at start-up when on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Legacy {
    /// PKCE may be left out (confidential clients only).
    pub pkce_optional: bool,
    /// userinfo takes the token from `?access_token=` or a form body (RFC 6750 2.2, 2.3).
    pub token_in_query_or_body: bool,
    /// The password grant returns an ID token when `openid` is asked for.
    pub id_token_with_password: bool,
}

impl Client {
    /// Authorization requests must be pushed first (RFC 9126; FAPI 2.0 requires it).
    pub fn must_push(&self) -> bool {
        self.require_par || self.fapi2
    }

    /// Tokens must be DPoP-bound (RFC 9449; FAPI 2.0 requires sender-constrained tokens).
    pub fn must_use_dpop(&self) -> bool {
        self.require_dpop || self.fapi2
    }
}

impl Legacy {
    pub const NONE: Legacy = Legacy {
        pkce_optional: false,
        token_in_query_or_body: false,
        id_token_with_password: false,
    };
}

impl Client {
    /// The legacy switches this client has on, each a departure from current practice.
    pub fn deviations(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.code_lifetime > MAX_CODE_LIFETIME {
            out.push(format!(
                "code_lifetime {} s is above RFC 6749's 10 minutes",
                self.code_lifetime
            ));
        }
        if self.legacy.pkce_optional {
            out.push("PKCE is optional (require_pkce = false): a stolen code is usable".into());
        }
        if self.legacy.token_in_query_or_body {
            out.push(
                "userinfo takes its access token from the query or a form body \
                 (RFC 6750 2.2/2.3; query strings end up in logs)"
                    .into(),
            );
        }
        if self.legacy.id_token_with_password {
            out.push(
                "the password grant returns ID tokens (no browser sign-in behind them)".into(),
            );
        }
        out
    }
}

impl Source<'_> {
    pub(super) fn client(&self, entry: FileClient) -> Result<Client> {
        let span = entry.client_id.span();
        let id = entry.client_id.get_ref().clone();
        let fail =
            |message: String| self.error(Some(span.clone()), format!("client `{id}`: {message}"));
        if id.is_empty()
            || id.len() > 64
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(fail(
                "client_id must be 1 to 64 letters, digits, `-` or `_`".into(),
            ));
        }
        let secret = match (entry.secret, &entry.secret_file) {
            (Some(s), None) => Some(Secret::new(s.into_bytes())),
            (None, Some(f)) => Some(read_secret_file(&self.resolve(f))?),
            (None, None) => None,
            (Some(_), Some(_)) => return Err(fail("give secret or secret_file, not both".into())),
        };
        let jwks = match &entry.jwks_file {
            Some(f) => load::load_path(&self.resolve(f), &load::no_passphrase)?.keys,
            None => Vec::new(),
        };
        let auth_method = match entry.token_endpoint_auth_method.as_deref() {
            None if secret.is_some() => AuthMethod::ClientSecretBasic,
            None if !jwks.is_empty() => AuthMethod::PrivateKeyJwt,
            None => AuthMethod::None,
            Some(name) => AuthMethod::parse(name)
                .ok_or_else(|| fail(format!("unknown token_endpoint_auth_method `{name}`")))?,
        };
        match auth_method {
            AuthMethod::ClientSecretBasic | AuthMethod::ClientSecretPost if secret.is_none() => {
                return Err(fail(format!(
                    "{} needs a secret or secret_file",
                    auth_method.name()
                )))
            }
            AuthMethod::PrivateKeyJwt if jwks.is_empty() => {
                return Err(fail("private_key_jwt needs jwks_file".into()))
            }
            AuthMethod::SelfSignedTlsClientAuth if jwks.is_empty() => {
                return Err(fail(
                    "self_signed_tls_client_auth needs jwks_file: the keys of its certificates"
                        .into(),
                ))
            }
            AuthMethod::TlsClientAuth if entry.tls_client_auth_subject_dn.is_none() => {
                return Err(fail(
                    "tls_client_auth needs tls_client_auth_subject_dn (e.g. \"CN=app,O=Example\")"
                        .into(),
                ))
            }
            // RFC 7518 section 3.2: an HMAC key at least as long as the hash (HS256).
            AuthMethod::ClientSecretJwt
                if secret.as_ref().is_none_or(|s| s.len() < MIN_HMAC_SECRET) =>
            {
                return Err(fail(format!(
                    "client_secret_jwt needs a secret of at least {MIN_HMAC_SECRET} bytes (the \
                     HS256 key length, RFC 7518 section 3.2)"
                )))
            }
            _ => {}
        }
        if entry.require_signed_request_object && jwks.is_empty() {
            return Err(fail(
                "require_signed_request_object needs jwks_file: the keys its request \
                 objects are verified with"
                    .into(),
            ));
        }
        let grant_names = entry
            .grant_types
            .unwrap_or_else(|| vec!["authorization_code".into(), "refresh_token".into()]);
        let mut grants = HashSet::new();
        for name in &grant_names {
            grants.insert(
                Grant::parse(name)
                    .filter(|g| crate::server::token::SUPPORTED_GRANTS.contains(g))
                    .ok_or_else(|| fail(format!("unknown grant type `{name}`")))?,
            );
        }
        if grants.contains(&Grant::ClientCredentials) && auth_method == AuthMethod::None {
            return Err(fail(
                "client_credentials needs an authenticated (confidential) client".into(),
            ));
        }
        if grants.contains(&Grant::JwtBearer) && auth_method == AuthMethod::None {
            return Err(fail(
                "the jwt-bearer grant needs an authenticated (confidential) client".into(),
            ));
        }
        for uri in &entry.redirect_uris {
            if !crate::protocol::url::is_absolute_without_fragment(uri) {
                return Err(fail(format!(
                    "redirect URI `{uri}` is not an absolute URI without a fragment"
                )));
            }
        }
        for uri in &entry.resources {
            if !crate::protocol::url::is_absolute_without_fragment(uri) {
                return Err(fail(format!(
                    "resource `{uri}` is not an absolute URI without a fragment (RFC 8707 section 2)"
                )));
            }
        }
        let code_lifetime = entry.code_lifetime.unwrap_or(DEFAULT_CODE_LIFETIME);
        if code_lifetime == 0 || code_lifetime > LEGACY_MAX_CODE_LIFETIME {
            return Err(fail(format!(
                "code_lifetime must be 1 to {LEGACY_MAX_CODE_LIFETIME} seconds (above \
                 {MAX_CODE_LIFETIME}, RFC 6749's limit, only to emulate an older server)"
            )));
        }
        let access_token_format = match entry.access_token_format.as_deref() {
            None => AccessTokenFormat::Rfc9068,
            Some(name) => AccessTokenFormat::parse(name).ok_or_else(|| {
                fail(format!(
                    "access_token_format `{name}` is not one of {}",
                    AccessTokenFormat::NAMES.join(", ")
                ))
            })?,
        };
        let pkce_optional = !entry.require_pkce.unwrap_or(true);
        if entry.fapi2 {
            // FAPI 2.0 Security Profile section 5.3.1: private_key_jwt or mutual TLS, PKCE,
            // the code flow only.
            let mut wrong = Vec::new();
            if auth_method != AuthMethod::PrivateKeyJwt && !auth_method.is_mtls() {
                wrong.push("token_endpoint_auth_method must be private_key_jwt or mutual TLS");
            }
            if pkce_optional {
                wrong.push("PKCE cannot be optional");
            }
            if entry.allow_implicit || grants.contains(&Grant::Password) {
                wrong.push("the implicit and password grants are not allowed");
            }
            if !wrong.is_empty() {
                return Err(fail(format!("fapi2: {}", wrong.join("; "))));
            }
        }
        if pkce_optional && auth_method == AuthMethod::None {
            return Err(fail(
                "require_pkce = false is only for confidential clients: a public client \
                 without PKCE has nothing protecting its code"
                    .into(),
            ));
        }
        Ok(Client {
            name: entry.name.unwrap_or_else(|| id.clone()),
            id,
            secret,
            redirect_uris: entry.redirect_uris,
            grants,
            scopes: entry.scopes.unwrap_or_else(all_scopes),
            auth_method,
            access_token_lifetime: entry
                .access_token_lifetime
                .unwrap_or(DEFAULT_TOKEN_LIFETIME),
            refresh_token_lifetime: entry
                .refresh_token_lifetime
                .unwrap_or(DEFAULT_TOKEN_LIFETIME),
            code_lifetime,
            auto_approve: entry.auto_approve,
            subject_claim: entry.subject_claim,
            jwks,
            allow_implicit: entry.allow_implicit,
            require_par: entry.require_par,
            require_signed_request_object: entry.require_signed_request_object,
            fapi2: entry.fapi2,
            tls_client_auth_subject_dn: entry.tls_client_auth_subject_dn.clone(),
            require_dpop: entry.require_dpop,
            require_dpop_nonce: entry.require_dpop_nonce,
            authorization_details_types: entry.authorization_details_types,
            resources: entry.resources,
            access_token_format,
            access_token_claims: serde_json::to_value(&entry.access_token_claims)
                .ok()
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default(),
            legacy: Legacy {
                pkce_optional,
                token_in_query_or_body: entry.bearer_token_in_query_or_body,
                id_token_with_password: entry.id_token_with_password_grant,
            },
        })
    }
}
