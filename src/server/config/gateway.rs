//! The configuration of serve's gateway side: protected paths (`[[protected]]`) that check
//! bearer tokens and answer or forward, and the demo token server's endpoints
//! (`[demo_token_server]`).

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::Source;
use crate::error::Result;
use crate::keys::{load, Algorithm, Key};
use crate::protocol::url::{is_absolute_without_fragment, Url};

/// The body `/work` answers, like the gateway demo's mock business API.
pub const HELLO: &str = "hello world\n";
pub const DEFAULT_UPSTREAM_TIMEOUT: u64 = 10;
/// The demo token server's lifetime: 5 minutes, like the Python demo.
pub const DEFAULT_DEMO_LIFETIME: u64 = 300;

/// Paths of serve's own endpoints, which a protected path may not take.
const RESERVED: [&str; 13] = [
    "/.well-known",
    "/jwks",
    "/authorize",
    "/login",
    "/consent",
    "/token",
    "/userinfo",
    "/me",
    "/introspect",
    "/revoke",
    "/device_authorization",
    "/device",
    "/check",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileProtected {
    path: toml::Spanned<String>,
    #[serde(default)]
    trusted_keys: Vec<PathBuf>,
    trust_serve_keys: Option<bool>,
    #[serde(default)]
    algorithms: Vec<String>,
    issuer: Option<String>,
    #[serde(default)]
    audience: Vec<String>,
    #[serde(default)]
    require: Vec<String>,
    #[serde(default)]
    claims: toml::Table,
    #[serde(default)]
    leeway: u64,
    accept: Option<Vec<String>>,
    respond: Option<String>,
    upstream: Option<String>,
    upstream_timeout: Option<u64>,
    #[serde(default)]
    forward_authorization: bool,
    #[serde(default)]
    allow_remote_upstream: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileDemoTokens {
    #[serde(default)]
    claims: toml::Table,
    lifetime: Option<toml::Spanned<u64>>,
}

/// Which `Authorization` forms a protected path accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderForms {
    /// `Bearer <jwt>` (RFC 6750 section 2.1).
    pub bearer: bool,
    /// The gateway's `Bearer id_token="<jwt>"`.
    pub id_token: bool,
}

/// What a protected path does with a request whose token verified.
#[derive(Debug, Clone)]
pub enum Action {
    Respond(String),
    Forward(Upstream),
}

#[derive(Debug, Clone)]
pub struct Upstream {
    /// The request's path below the protected path, and its query, are appended to it.
    pub url: String,
    pub timeout: Duration,
    /// Whether the client's `Authorization` header goes to the upstream.
    pub forward_authorization: bool,
}

/// A protected resource: the tokens it accepts and what it does for them.
#[derive(Debug, Clone)]
pub struct Protected {
    pub path: String,
    /// Public keys from the configured files.
    pub keys: Vec<Key>,
    /// Also serve's own signing keys.
    pub serve_keys: bool,
    pub algorithms: Vec<Algorithm>,
    pub issuer: Option<String>,
    /// Serve's own issuer is required (the default `/work`): only tokens serve issued and
    /// still holds pass.
    pub own_issuer: bool,
    pub audiences: Vec<String>,
    pub required: Vec<String>,
    pub expected: Vec<(String, Value)>,
    pub leeway: u64,
    pub forms: HeaderForms,
    pub action: Action,
}

impl Protected {
    /// `/work` without a configuration: serve's own access tokens, `hello world`.
    pub fn default_work() -> Protected {
        Protected {
            path: "/work".into(),
            keys: Vec::new(),
            serve_keys: true,
            algorithms: Vec::new(),
            issuer: None,
            own_issuer: true,
            audiences: Vec::new(),
            required: Vec::new(),
            expected: Vec::new(),
            leeway: 0,
            forms: HeaderForms {
                bearer: true,
                id_token: true,
            },
            action: Action::Respond(HELLO.into()),
        }
    }
}

/// `GET /token` and `GET /check` of the gateway demo's token server.
#[derive(Debug, Clone)]
pub struct DemoTokens {
    pub claims: serde_json::Map<String, Value>,
    pub lifetime: u64,
}

fn table_to_map(table: toml::Table) -> serde_json::Map<String, Value> {
    serde_json::to_value(&table)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

impl FileProtected {
    pub(super) fn span(&self) -> std::ops::Range<usize> {
        self.path.span()
    }
}

impl Source<'_> {
    pub(super) fn protected(&self, entry: FileProtected) -> Result<Protected> {
        let span = entry.path.span();
        let path = entry.path.get_ref().clone();
        let fail = |message: String| {
            self.error(Some(span.clone()), format!("protected `{path}`: {message}"))
        };
        let clean = path.starts_with('/')
            && path.len() > 1
            && !path.ends_with('/')
            && path
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/-_.~".contains(&b))
            && !path.contains("//");
        if !clean {
            return Err(fail(
                "path must start with `/`, not end with one, and use letters, digits and `-_.~`"
                    .into(),
            ));
        }
        if let Some(taken) = RESERVED
            .iter()
            .find(|r| path == **r || path.starts_with(&format!("{r}/")))
        {
            return Err(fail(format!(
                "the path collides with serve's `{taken}` endpoint"
            )));
        }
        let mut keys = Vec::new();
        for file in &entry.trusted_keys {
            let loaded = load::load_path(&self.resolve(file), &load::no_passphrase)
                .map_err(|e| fail(format!("trusted key {}: {}", file.display(), e.message)))?;
            for key in loaded.keys {
                if key.is_symmetric() {
                    return Err(fail(format!(
                        "trusted key {} is a shared secret; give public keys",
                        file.display()
                    )));
                }
                keys.push(key.public());
            }
        }
        let serve_keys = entry.trust_serve_keys.unwrap_or(keys.is_empty());
        if keys.is_empty() && !serve_keys {
            return Err(fail(
                "trusts no key: give trusted_keys or trust_serve_keys".into(),
            ));
        }
        let mut algorithms = Vec::new();
        for name in &entry.algorithms {
            algorithms.push(
                name.parse::<Algorithm>()
                    .map_err(|e| fail(format!("algorithms: {}", e.message)))?,
            );
        }
        let mut expected = Vec::new();
        for (name, value) in table_to_map(entry.claims) {
            expected.push((name, value));
        }
        let forms = match &entry.accept {
            None => HeaderForms {
                bearer: true,
                id_token: true,
            },
            Some(names) => {
                let mut forms = HeaderForms {
                    bearer: false,
                    id_token: false,
                };
                for name in names {
                    match name.as_str() {
                        "bearer" => forms.bearer = true,
                        "id_token" => forms.id_token = true,
                        other => {
                            return Err(fail(format!(
                                "accept: unknown form `{other}` (bearer, id_token)"
                            )))
                        }
                    }
                }
                forms
            }
        };
        let action = match (entry.respond, entry.upstream) {
            (Some(_), Some(_)) => return Err(fail("give respond or upstream, not both".into())),
            (Some(body), None) => Action::Respond(body),
            (None, None) => Action::Respond(HELLO.into()),
            (None, Some(url)) => {
                let parsed = Url::parse(&url)
                    .filter(|u| {
                        (u.scheme == "http" || u.scheme == "https")
                            && is_absolute_without_fragment(&url)
                            && !u.rest.contains('?')
                    })
                    .ok_or_else(|| {
                        fail(format!(
                            "upstream `{url}` is not an http(s) URL without query or fragment"
                        ))
                    })?;
                if parsed.scheme == "http" && !parsed.is_loopback() && !entry.allow_remote_upstream
                {
                    return Err(fail(format!(
                        "upstream `{url}` is plain http beyond this machine; use https, or set \
                         allow_remote_upstream = true"
                    )));
                }
                let timeout = entry.upstream_timeout.unwrap_or(DEFAULT_UPSTREAM_TIMEOUT);
                if timeout == 0 || timeout > 300 {
                    return Err(fail("upstream_timeout must be 1 to 300 seconds".into()));
                }
                Action::Forward(Upstream {
                    url: url.trim_end_matches('/').to_string(),
                    timeout: Duration::from_secs(timeout),
                    forward_authorization: entry.forward_authorization,
                })
            }
        };
        Ok(Protected {
            path,
            keys,
            serve_keys,
            algorithms,
            issuer: entry.issuer,
            own_issuer: false,
            audiences: entry.audience,
            required: entry.require,
            expected,
            leeway: entry.leeway.min(300),
            forms,
            action,
        })
    }

    pub(super) fn demo_tokens(&self, entry: FileDemoTokens) -> Result<DemoTokens> {
        let lifetime = entry
            .lifetime
            .as_ref()
            .map_or(DEFAULT_DEMO_LIFETIME, |l| *l.get_ref());
        if lifetime == 0 || lifetime > 86_400 {
            return Err(self.error(
                entry.lifetime.map(|l| l.span()),
                "demo_token_server.lifetime must be 1 to 86400 seconds".into(),
            ));
        }
        Ok(DemoTokens {
            claims: table_to_map(entry.claims),
            lifetime,
        })
    }
}
