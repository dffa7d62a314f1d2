//! The dev server's configuration: a TOML file (issuer, keys, users, clients) or the demo
//! set, turned into checked settings. Errors name the file, the line and the field.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

mod client;
mod gateway;

pub use client::{AccessTokenFormat, Client, Legacy};
pub use gateway::{Action, DemoTokens, HeaderForms, Protected, Upstream, HELLO};

use crate::error::{Error, Result};
use crate::keys::{load, Key};
use crate::secret::Secret;

/// RFC 6749 section 4.1.2: "a maximum authorization code lifetime of 10 minutes".
pub const MAX_CODE_LIFETIME: u64 = 600;
/// The longest code lifetime allowed, to emulate an IdP with 30 minutes for everything
/// (announced as a deviation above [`MAX_CODE_LIFETIME`]).
pub const LEGACY_MAX_CODE_LIFETIME: u64 = 1800;
/// The enterprise IdP oauthctl's users came from: 30 minutes for access and refresh tokens.
pub const DEFAULT_TOKEN_LIFETIME: u64 = 1800;
pub const DEFAULT_CODE_LIFETIME: u64 = 60;
/// A configuration file is a few KiB; anything over 1 MiB is refused before parsing.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    issuer: Option<String>,
    #[serde(default)]
    keys: Vec<FileKey>,
    #[serde(default)]
    users: Vec<FileUser>,
    #[serde(default)]
    clients: Vec<client::FileClient>,
    #[serde(default)]
    protected: Vec<gateway::FileProtected>,
    demo_token_server: Option<gateway::FileDemoTokens>,
    #[serde(default)]
    assertion_issuers: Vec<FileAssertionIssuer>,
}

/// An issuer whose JWTs the JWT-bearer grant accepts (RFC 7523 section 2.1).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAssertionIssuer {
    issuer: toml::Spanned<String>,
    keys: Vec<PathBuf>,
}

/// A trusted issuer of JWT-bearer grants and the public keys its assertions verify with.
#[derive(Debug, Clone)]
pub struct AssertionIssuer {
    pub issuer: String,
    pub keys: Vec<Key>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileKey {
    path: PathBuf,
    #[serde(default)]
    active: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileUser {
    username: toml::Spanned<String>,
    password: Option<String>,
    password_file: Option<PathBuf>,
    /// `pbkdf2-sha256$ITERATIONS$SALT$HASH` (salt and hash in standard base64).
    password_hash: Option<String>,
    #[serde(default)]
    claims: toml::Table,
}

/// How a client authenticates.
pub use crate::protocol::ClientAuthMethod as AuthMethod;
/// The grants a client may use (the shared vocabulary; the server offers
/// `token::SUPPORTED_GRANTS`).
pub use crate::protocol::GrantType as Grant;

/// Compare secrets in constant time, hashing first so that lengths do not leak either.
pub fn secrets_equal(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    let digest = |bytes: &[u8]| aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes);
    digest(a).as_ref().ct_eq(digest(b).as_ref()).into()
}

/// How a user's password is checked.
#[derive(Debug, Clone)]
pub enum Password {
    Plain(Secret),
    Pbkdf2Sha256 {
        iterations: u32,
        salt: Vec<u8>,
        hash: Secret,
    },
}

#[derive(Debug, Clone)]
pub struct User {
    pub username: String,
    pub password: Password,
    pub claims: Map<String, Value>,
}

/// Parse `pbkdf2-sha256$ITERATIONS$SALT$HASH`, the format Python's hashlib makes easy.
pub fn parse_password_hash(text: &str) -> std::result::Result<Password, String> {
    use base64::Engine as _;
    let parts: Vec<&str> = text.split('$').collect();
    let [scheme, iterations, salt, hash] = parts.as_slice() else {
        return Err("expected pbkdf2-sha256$ITERATIONS$SALT$HASH".into());
    };
    if *scheme != "pbkdf2-sha256" {
        return Err(format!("unknown hash scheme `{scheme}`; use pbkdf2-sha256"));
    }
    let iterations: u32 = iterations
        .parse()
        .map_err(|_| "the iteration count is not a number".to_string())?;
    if !(10_000..=10_000_000).contains(&iterations) {
        return Err("the iteration count must be between 10000 and 10000000".into());
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    let salt = b64.decode(salt).map_err(|e| format!("salt: {e}"))?;
    let hash = b64.decode(hash).map_err(|e| format!("hash: {e}"))?;
    if hash.len() != 32 {
        return Err("the hash must be 32 bytes (SHA-256)".into());
    }
    Ok(Password::Pbkdf2Sha256 {
        iterations,
        salt,
        hash: Secret::new(hash),
    })
}

impl Password {
    /// Constant-time check of a presented password.
    pub fn matches(&self, presented: &[u8]) -> bool {
        match self {
            Password::Plain(secret) => {
                use subtle::ConstantTimeEq;
                let digest = |b: &[u8]| {
                    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, b)
                        .as_ref()
                        .to_vec()
                };
                digest(secret.expose()).ct_eq(&digest(presented)).into()
            }
            Password::Pbkdf2Sha256 {
                iterations,
                salt,
                hash,
            } => aws_lc_rs::pbkdf2::verify(
                aws_lc_rs::pbkdf2::PBKDF2_HMAC_SHA256,
                std::num::NonZeroU32::new(*iterations).expect("checked at load"),
                salt,
                presented,
                hash.expose(),
            )
            .is_ok(),
        }
    }
}

impl User {
    /// The `sub` for a client: the attribute the client asks for, else the username.
    pub fn subject_for(&self, client: &Client) -> String {
        self.subject_by(client.subject_claim.as_deref()).to_string()
    }

    /// The `sub` taken from a claim (the username when absent or not a string).
    fn subject_by(&self, claim: Option<&str>) -> &str {
        claim
            .and_then(|name| self.claims.get(name))
            .and_then(Value::as_str)
            .unwrap_or(&self.username)
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    /// Set once the port is known; `None` means "http://<bound address>".
    pub issuer: Option<String>,
    /// Signing keys; the first is the active one, the others are published for rotation.
    pub keys: Vec<Key>,
    pub users: Vec<User>,
    pub clients: Vec<Client>,
    pub auto_approve: bool,
    /// Protected resources: `/work` alone unless the configuration lists others.
    pub protected: Vec<Protected>,
    /// The gateway demo's `GET /token` and `GET /check`, when configured.
    pub demo_tokens: Option<DemoTokens>,
    /// TLS for the listener itself: the issuer is then https.
    pub tls: Option<Tls>,
    /// Issuers whose assertions the JWT-bearer grant accepts.
    pub assertion_issuers: Vec<AssertionIssuer>,
}

/// serve's own TLS: a certificate chain and its private key, both PEM.
#[derive(Debug, Clone)]
pub struct Tls {
    pub cert_pem: Vec<u8>,
    pub key_pem: Secret,
}

impl Settings {
    /// The issuer when listening on `addr`: the configured one, or `http://ADDR` followed
    /// by the configured path when the configuration gives a path alone (`/auth/oauth/v20`),
    /// so that a configuration runs on any port.
    pub fn issuer_at(&self, addr: SocketAddr) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        match self.issuer.as_deref() {
            Some(path) if path.starts_with('/') => {
                format!("{scheme}://{addr}{}", path.trim_end_matches('/'))
            }
            Some(issuer) => issuer.to_string(),
            None => format!("{scheme}://{addr}"),
        }
    }

    /// What this configuration turns on that departs from current practice or hands out
    /// tokens freely: said once at start-up.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if let Some(demo) = &self.demo_tokens {
            warnings.push(format!(
                "demo_token_server is on: GET /token hands a signed token ({} s) to anyone who \
                 asks, and GET /check verifies one; for local demos only",
                demo.lifetime
            ));
        }
        for client in &self.clients {
            for deviation in client.deviations() {
                warnings.push(format!("client `{}`: {deviation}", client.id));
            }
        }
        warnings
    }
}

pub const DEMO_CONFIDENTIAL: &str = "demo-client";
pub const DEMO_PUBLIC: &str = "demo-public";
pub const DEMO_USER: &str = "demo";

fn all_scopes() -> Vec<String> {
    [
        "openid",
        "profile",
        "email",
        "offline_access",
        "all",
        "read",
        "write",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

/// Loopback redirect URIs with no port: any port is accepted for them (RFC 8252 7.3).
fn demo_redirects() -> Vec<String> {
    vec![
        "http://127.0.0.1/callback".to_string(),
        "http://[::1]/callback".to_string(),
        "http://localhost/callback".to_string(),
    ]
}

/// The demo set: a confidential client, a public client and a user, with the given
/// secrets.
pub fn demo(client_secret: Secret, user_password: Secret) -> (Vec<Client>, Vec<User>) {
    let all_grants: HashSet<Grant> = [
        Grant::AuthorizationCode,
        Grant::RefreshToken,
        Grant::ClientCredentials,
        Grant::DeviceCode,
        Grant::TokenExchange,
    ]
    .into_iter()
    .collect();
    let base = Client {
        id: DEMO_CONFIDENTIAL.to_string(),
        name: "oauthctl demo client".to_string(),
        secret: Some(client_secret),
        redirect_uris: demo_redirects(),
        grants: all_grants.clone(),
        scopes: all_scopes(),
        auth_method: AuthMethod::ClientSecretBasic,
        access_token_lifetime: DEFAULT_TOKEN_LIFETIME,
        refresh_token_lifetime: DEFAULT_TOKEN_LIFETIME,
        code_lifetime: DEFAULT_CODE_LIFETIME,
        auto_approve: false,
        subject_claim: None,
        jwks: Vec::new(),
        allow_implicit: false,
        require_par: false,
        require_signed_request_object: false,
        fapi2: false,
        tls_client_auth_subject_dn: None,
        require_dpop: false,
        require_dpop_nonce: false,
        authorization_details_types: Vec::new(),
        resources: Vec::new(),
        access_token_format: AccessTokenFormat::Rfc9068,
        access_token_claims: Map::new(),
        legacy: Legacy::NONE,
    };
    let public = Client {
        id: DEMO_PUBLIC.to_string(),
        name: "oauthctl demo public client".to_string(),
        secret: None,
        auth_method: AuthMethod::None,
        grants: [
            Grant::AuthorizationCode,
            Grant::RefreshToken,
            Grant::DeviceCode,
        ]
        .into_iter()
        .collect(),
        ..base.clone()
    };
    let mut claims = Map::new();
    claims.insert("name".into(), "Demo User".into());
    claims.insert("email".into(), "demo@example.test".into());
    claims.insert("email_verified".into(), true.into());
    claims.insert("mobile".into(), "+10000000000".into());
    let user = User {
        username: DEMO_USER.to_string(),
        password: Password::Plain(user_password),
        claims,
    };
    (vec![base, public], vec![user])
}

fn config_error(
    path: &Path,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: String,
) -> Error {
    let place = match span {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("{}:{line}", path.display())
        }
        None => path.display().to_string(),
    };
    Error::input("bad_config", format!("{place}: {message}"))
}

fn read_secret_file(path: &Path) -> Result<Secret> {
    let bytes = load::read_capped(path, 64 * 1024, "secret file")?;
    Ok(Secret::new(crate::secret::first_line(&bytes).to_vec()))
}

/// Read and check a TOML config. Relative paths in it are relative to the file.
pub fn from_file(path: &Path, bind: SocketAddr, auto_approve: bool) -> Result<Settings> {
    let bytes = load::read_capped(path, MAX_CONFIG_BYTES, "configuration file")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::input("bad_config", format!("{} is not UTF-8", path.display())))?;
    from_text(&text, path, bind, auto_approve)
}

/// The settings a configuration text describes; `path` names it in errors and is where
/// relative paths in it start.
pub fn from_text(
    text: &str,
    path: &Path,
    bind: SocketAddr,
    auto_approve: bool,
) -> Result<Settings> {
    let file: FileConfig = toml::from_str(text)
        .map_err(|e| config_error(path, text, e.span(), e.message().to_string()))?;
    let source = Source { path, text };
    let keys = source.keys(&file.keys)?;
    let users = file
        .users
        .into_iter()
        .map(|entry| source.user(entry))
        .collect::<Result<Vec<_>>>()?;
    let mut clients = Vec::new();
    let mut spans = Vec::new();
    let mut seen = HashSet::new();
    for entry in file.clients {
        // An id seen before has passed the syntax check already.
        let id = entry.client_id.get_ref().clone();
        if !seen.insert(id.clone()) {
            let span = Some(entry.client_id.span());
            let message = format!("client `{id}`: client_id is used twice");
            return Err(source.error(span, message));
        }
        spans.push(entry.client_id.span());
        clients.push(source.client(entry)?);
    }
    if let Some((index, message)) = subject_collision(&clients, &users) {
        return Err(source.error(Some(spans[index].clone()), message));
    }
    let mut protected: Vec<Protected> = Vec::new();
    for entry in file.protected {
        let span = entry.span();
        let resource = source.protected(entry)?;
        if protected.iter().any(|p| p.path == resource.path) {
            let message = format!("protected `{}`: the path is listed twice", resource.path);
            return Err(source.error(Some(span), message));
        }
        protected.push(resource);
    }
    if protected.is_empty() {
        protected.push(Protected::default_work());
    }
    let demo_tokens = file
        .demo_token_server
        .map(|entry| source.demo_tokens(entry))
        .transpose()?;
    let mut assertion_issuers: Vec<AssertionIssuer> = Vec::new();
    for entry in file.assertion_issuers {
        let span = Some(entry.issuer.span());
        let issuer = entry.issuer.into_inner();
        let fail = |message: String| {
            source.error(
                span.clone(),
                format!("assertion issuer `{issuer}`: {message}"),
            )
        };
        if assertion_issuers.iter().any(|i| i.issuer == issuer) {
            return Err(fail("listed twice".into()));
        }
        let mut keys = Vec::new();
        for file in &entry.keys {
            let loaded = load::load_path(&source.resolve(file), &load::no_passphrase)
                .map_err(|e| fail(format!("key {}: {}", file.display(), e.message)))?;
            for key in loaded.keys {
                if key.is_symmetric() {
                    return Err(fail(format!(
                        "key {} is a shared secret; give public keys",
                        file.display()
                    )));
                }
                keys.push(key.public());
            }
        }
        if keys.is_empty() {
            return Err(fail("no keys: give keys = [\"issuer.jwks.json\"]".into()));
        }
        assertion_issuers.push(AssertionIssuer { issuer, keys });
    }
    Ok(Settings {
        bind,
        issuer: file.issuer,
        keys,
        users,
        clients,
        auto_approve,
        protected,
        demo_tokens,
        tls: None,
        assertion_issuers,
    })
}

/// A client's own tokens (client credentials) have the client id as `sub`: a user whose
/// `sub` for some client is that same id would be indistinguishable from the client. The
/// index of the client whose id is taken, and why.
fn subject_collision(clients: &[Client], users: &[User]) -> Option<(usize, String)> {
    let ids: std::collections::HashMap<&str, usize> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut subject_claims: Vec<Option<&str>> = vec![None];
    for client in clients {
        let claim = client.subject_claim.as_deref();
        if !subject_claims.contains(&claim) {
            subject_claims.push(claim);
        }
    }
    for user in users {
        for claim in &subject_claims {
            let sub = user.subject_by(*claim);
            if let Some(&index) = ids.get(sub) {
                let via = claim.map_or("username".to_string(), |c| format!("claim `{c}`"));
                return Some((
                    index,
                    format!(
                        "client `{sub}`: client_id equals the {via} of user `{}`, a `sub` that \
                         user can have; the client's own tokens would be indistinguishable \
                         from that user's (rename the client or change the user)",
                        user.username
                    ),
                ));
            }
        }
    }
    None
}

/// The configuration file being read: errors point into it, relative paths start from
/// its directory.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, span: Option<std::ops::Range<usize>>, message: String) -> Error {
        config_error(self.path, self.text, span, message)
    }

    fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.path.parent().unwrap_or(Path::new(".")).join(p)
        }
    }

    /// The signing keys, the active one first.
    fn keys(&self, entries: &[FileKey]) -> Result<Vec<Key>> {
        let mut keys = Vec::new();
        let mut active_index = None;
        for (i, entry) in entries.iter().enumerate() {
            let loaded = load::load_path(&self.resolve(&entry.path), &load::no_passphrase)
                .map_err(|e| e.context(format!("{}: keys[{i}]", self.path.display())))?;
            let mut key = loaded.select(None)?;
            if !key.is_private() || key.is_symmetric() {
                return Err(self.error(
                    None,
                    format!("keys[{i}] must be a private RSA, EC or Ed25519 key"),
                ));
            }
            if key.kid.is_none() {
                key.kid = Some(key.kid_or_thumbprint());
            }
            if entry.active {
                if active_index.is_some() {
                    return Err(self.error(None, format!("keys[{i}]: only one key may be active")));
                }
                active_index = Some(i);
            }
            keys.push(key);
        }
        if let Some(i) = active_index {
            let active = keys.remove(i);
            keys.insert(0, active);
        }
        Ok(keys)
    }

    fn user(&self, entry: FileUser) -> Result<User> {
        let user_error = |message: String| {
            self.error(
                Some(entry.username.span()),
                format!("user `{}`: {message}", entry.username.get_ref()),
            )
        };
        let password = match (entry.password, &entry.password_file, &entry.password_hash) {
            (Some(p), None, None) => Password::Plain(Secret::new(p.into_bytes())),
            (None, Some(f), None) => Password::Plain(read_secret_file(&self.resolve(f))?),
            (None, None, Some(h)) => {
                parse_password_hash(h).map_err(|e| user_error(format!("password_hash: {e}")))?
            }
            _ => {
                return Err(user_error(
                    "give exactly one of password, password_file or password_hash".into(),
                ))
            }
        };
        let claims = serde_json::to_value(&entry.claims)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        Ok(User {
            username: entry.username.into_inner(),
            password,
            claims,
        })
    }
}
