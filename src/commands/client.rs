//! Flags to client descriptions, shared by `flow`, `userinfo`, `introspect` and `revoke`:
//! the server's endpoints, the client's credentials, and named profiles.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use crate::cli::{ClientArgs, NetArgs, ServerArgs};
use crate::error::{Error, Result};
use crate::keys::load;
use crate::oauth::client::{ClientAuth, Endpoints};
use crate::oauth::discovery;
use crate::oauth::http::{HttpClient, HttpOptions, Warn};
use crate::output::Printer;
use crate::protocol::ClientAuthMethod;
use crate::secret::Secret;

pub const CLIENT_SECRET_ENV: &str = "OAUTHCTL_CLIENT_SECRET";

pub fn http(net: &NetArgs, printer: &Printer) -> Result<HttpClient> {
    HttpClient::new(&http_options(net, printer))
}

/// The network flags as HTTP options; plain-http warnings go to the printer.
pub fn http_options(net: &NetArgs, printer: &Printer) -> HttpOptions {
    let warn = |printer: &Printer| -> Warn {
        let printer = printer.clone();
        Arc::new(move |message: &str| printer.warn(message))
    };
    HttpOptions {
        timeout: Duration::from_secs(net.http_timeout),
        ca_file: net.ca_file.clone(),
        insecure_http: net.allow_insecure_http.then(|| warn(printer)),
        client_cert: net.client_cert.clone().zip(net.client_cert_key.clone()),
    }
}

pub fn explicit_endpoints(server: &ServerArgs) -> Endpoints {
    Endpoints {
        authorize: server.authorize_url.clone(),
        token: server.token_url.clone(),
        userinfo: server.userinfo_url.clone(),
        jwks: server.jwks_url.clone(),
        introspection: server.introspection_url.clone(),
        revocation: server.revocation_url.clone(),
        device_authorization: server.device_authorization_url.clone(),
        par: None,
    }
}

/// Explicit endpoints, completed by discovery when an issuer is given.
pub fn resolve_endpoints(http: &HttpClient, server: &ServerArgs) -> Result<Endpoints> {
    let explicit = explicit_endpoints(server);
    match &server.issuer {
        Some(issuer) => explicit.merged(&discovery::discover(http, issuer)?),
        None => Ok(explicit),
    }
}

/// The secret in the environment variable a profile names (which must then be set).
pub fn env_secret(var: Option<&str>) -> Result<Option<Secret>> {
    match var {
        None => Ok(None),
        Some(var) => std::env::var_os(var)
            .map(|v| Some(Secret::new(v.into_encoded_bytes())))
            .ok_or_else(|| {
                Error::usage(
                    "no_secret",
                    format!("the profile names ${var}, which is not set"),
                )
            }),
    }
}

/// A secret from a file (first line), an environment variable, or a prompt on a terminal.
pub fn secret_from(file: Option<&Path>, env: &str, prompt: Option<&str>) -> Result<Option<Secret>> {
    if let Some(path) = file {
        let bytes = load::read_capped(path, 64 * 1024, "secret file")?;
        return Ok(Some(Secret::new(
            crate::secret::first_line(&bytes).to_vec(),
        )));
    }
    if let Some(value) = std::env::var_os(env) {
        return Ok(Some(Secret::new(value.into_encoded_bytes())));
    }
    if let (Some(prompt), true) = (prompt, std::io::stdin().is_terminal()) {
        let value = rpassword::prompt_password(prompt)
            .map_err(|e| Error::input("unreadable", e.to_string()))?;
        return Ok(Some(Secret::new(value.into_bytes())));
    }
    Ok(None)
}

/// The client's credentials from the flags; `secret` is one already read elsewhere (a
/// profile's environment variable).
pub fn client_auth(args: &ClientArgs, secret: Option<Secret>) -> Result<ClientAuth> {
    let id = args
        .client_id
        .clone()
        .ok_or_else(|| Error::usage("no_client", "give --client-id"))?;
    let key = match &args.client_key {
        Some(path) => {
            let mut key = load::load_path(path, &load::no_passphrase)?.select(None)?;
            key.kid = Some(key.kid_or_thumbprint());
            Some(key)
        }
        None => None,
    };
    let given = secret;
    let method = match (args.auth_method, &key) {
        (Some(method), _) => method,
        (None, Some(_)) => ClientAuthMethod::PrivateKeyJwt,
        (None, None) => ClientAuthMethod::ClientSecretBasic,
    };
    let secret = match method {
        ClientAuthMethod::ClientSecretBasic
        | ClientAuthMethod::ClientSecretPost
        | ClientAuthMethod::ClientSecretJwt => match given {
            Some(secret) => Some(secret),
            None => secret_from(
                args.client_secret_file.as_deref(),
                CLIENT_SECRET_ENV,
                Some("Client secret: "),
            )?,
        },
        _ => None,
    };
    // Without a secret and without an explicit method, this is a public client.
    let method = if method == ClientAuthMethod::ClientSecretBasic
        && secret.is_none()
        && args.auth_method.is_none()
    {
        ClientAuthMethod::None
    } else {
        method
    };
    if matches!(
        method,
        ClientAuthMethod::ClientSecretBasic
            | ClientAuthMethod::ClientSecretPost
            | ClientAuthMethod::ClientSecretJwt
    ) && secret.is_none()
    {
        return Err(Error::usage(
            "no_secret",
            "the client secret is missing: --client-secret-file or OAUTHCTL_CLIENT_SECRET",
        ));
    }
    if method == ClientAuthMethod::PrivateKeyJwt && key.is_none() {
        return Err(Error::usage(
            "no_client_key",
            "private_key_jwt needs --client-key FILE",
        ));
    }
    Ok(ClientAuth {
        id,
        secret,
        key,
        method,
    })
}

/// A named profile (XDG config dir): everything `flow` takes, secrets only by reference.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub issuer: Option<String>,
    pub authorize_url: Option<String>,
    pub token_url: Option<String>,
    pub userinfo_url: Option<String>,
    pub jwks_url: Option<String>,
    pub introspection_url: Option<String>,
    pub revocation_url: Option<String>,
    pub device_authorization_url: Option<String>,
    pub client_id: Option<String>,
    pub client_secret_file: Option<PathBuf>,
    /// Name of an environment variable holding the client secret.
    pub client_secret_env: Option<String>,
    pub client_key: Option<PathBuf>,
    pub auth_method: Option<String>,
    pub scope: Option<String>,
    #[serde(default)]
    pub params: toml::Table,
    pub redirect_uri: Option<String>,
    pub username: Option<String>,
    pub password_file: Option<PathBuf>,
    pub password_env: Option<String>,
    pub login: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilesFile {
    #[serde(default)]
    profiles: std::collections::BTreeMap<String, Profile>,
}

pub fn default_profiles_file() -> PathBuf {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("oauthctl/profiles.toml")
}

/// Fill the client flags the command line leaves open from profile `name` (taking them
/// out of the profile).
pub fn fill_client(client: &mut ClientArgs, p: &mut Profile, name: &str) -> Result<()> {
    if client.client_id.is_none() {
        client.client_id = p.client_id.take();
    }
    for (slot, value) in [
        (&mut client.client_secret_file, p.client_secret_file.take()),
        (&mut client.client_key, p.client_key.take()),
    ] {
        if slot.is_none() {
            *slot = value;
        }
    }
    if client.auth_method.is_none() {
        client.auth_method = match p.auth_method.as_deref() {
            None => None,
            Some(method) => Some(ClientAuthMethod::parse(method).ok_or_else(|| {
                Error::input(
                    "bad_profile",
                    format!("profile `{name}`: unknown auth_method `{method}`"),
                )
            })?),
        };
    }
    Ok(())
}

pub fn load_profile(file: Option<&Path>, name: &str) -> Result<Profile> {
    let path = file
        .map(Path::to_path_buf)
        .unwrap_or_else(default_profiles_file);
    let bytes = load::read_capped(&path, 1024 * 1024, "profiles file")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::input("bad_profile", format!("{} is not UTF-8", path.display())))?;
    let mut parsed: ProfilesFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let place = line.map_or(path.display().to_string(), |l| format!("{}:{l}", path.display()));
        Error::input("bad_profile", format!("{place}: {}", e.message()))
            .hint("secrets go in client_secret_file / client_secret_env and password_file / password_env, never inline")
    })?;
    let mut profile = parsed.profiles.remove(name).ok_or_else(|| {
        Error::usage(
            "no_profile",
            format!("{} has no profile `{name}`", path.display()),
        )
    })?;
    // Relative paths in the file start from the file's directory, as in `serve --config`.
    let base = path.parent().unwrap_or(Path::new("."));
    for file in [
        &mut profile.client_secret_file,
        &mut profile.client_key,
        &mut profile.password_file,
    ]
    .into_iter()
    .flatten()
    {
        if file.is_relative() {
            *file = base.join(&*file);
        }
    }
    Ok(profile)
}
