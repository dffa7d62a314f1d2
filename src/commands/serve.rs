//! `oauthctl serve`: start the dev authorization server and say how to use it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::ServeArgs;
use crate::error::{Error, Result};
use crate::keys::generate::{self, KeySpec};
use crate::keys::write::{self, Planned};
use crate::keys::{der, load, Key};
use crate::output::Printer;
use crate::secret::Secret;
use crate::server::{self, config};

pub fn run(args: ServeArgs, printer: &Printer) -> Result<()> {
    let listener = server::bind(SocketAddr::new(args.bind, args.port), args.allow_remote)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
    // Ephemeral state lives in a temporary directory removed at exit.
    let temp = if args.ephemeral {
        Some(tempfile::tempdir().map_err(|e| Error::safety("write_failed", e.to_string()))?)
    } else {
        None
    };
    let state_dir = match (&temp, &args.state_dir) {
        (Some(t), _) => t.path().to_path_buf(),
        (None, Some(dir)) => dir.clone(),
        (None, None) => default_state_dir(),
    };
    let mut settings = match &args.config {
        Some(path) => config::from_file(path, addr, args.auto_approve)?,
        None => demo_settings(&state_dir, addr, args.auto_approve)?,
    };
    if let Some(issuer) = &args.issuer {
        settings.issuer = Some(issuer.trim_end_matches('/').to_string());
    }
    let ca_file = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            settings.tls = Some(config::Tls {
                cert_pem: load::read_capped(cert, 1024 * 1024, "TLS certificate")?,
                key_pem: Secret::new(load::read_capped(key, 1024 * 1024, "TLS key")?),
            });
            None
        }
        _ if args.tls => {
            let (tls, path) = state_tls(&state_dir, temp.is_some())?;
            settings.tls = Some(tls);
            Some(path)
        }
        _ => None,
    };
    if let Some(path) = &args.key {
        let mut key = load::load_path(path, &load::no_passphrase)?.select(None)?;
        key.kid = Some(key.kid_or_thumbprint());
        settings.keys.insert(0, key);
    } else if settings.keys.is_empty() {
        settings.keys.push(state_key(&state_dir, temp.is_some())?);
    }
    let issuer = settings.issuer_at(addr);
    announce(
        printer,
        &issuer,
        &settings,
        (&state_dir, ca_file.as_deref()),
        args.config.is_none(),
    );
    for warning in settings.warnings() {
        printer.warn(&warning);
    }
    let log_printer = printer.clone();
    let log: Box<dyn Fn(&str) + Send + Sync> = Box::new(move |line| log_printer.info(line));
    server::serve_blocking(listener, settings, log, shutdown_signal())?;
    printer.info("stopped");
    drop(temp);
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

fn default_state_dir() -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("oauthctl/serve")
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::safety(
            "write_failed",
            format!("cannot create {}: {e}", dir.display()),
        )
    })
}

/// A secret kept in a 0600 file, created with fresh random bytes the first time.
fn state_secret(dir: &Path, name: &str) -> Result<Secret> {
    let path = dir.join(name);
    if path.exists() {
        let bytes = load::read_capped(&path, 4096, "secret file")?;
        return Ok(Secret::new(crate::secret::first_line(&bytes).to_vec()));
    }
    let value = crate::jwt::token::random_jti()?;
    write::write_all(&[Planned::new(path, format!("{value}\n"), true)], false)?;
    Ok(Secret::new(value.into_bytes()))
}

/// The server's signing key, kept so that the JWKS stays the same across restarts.
fn state_key(dir: &Path, ephemeral: bool) -> Result<Key> {
    let path = dir.join("signing.key.pem");
    let mut key = if !ephemeral && path.exists() {
        load::load_path(&path, &load::no_passphrase)?.select(None)?
    } else {
        let key = generate::generate(KeySpec::Rsa(2048))?;
        if !ephemeral {
            create_dir(dir)?;
            let pem = crate::commands::common::pem("PRIVATE KEY", &der::encode_pkcs8(&key)?);
            write::write_all(&[Planned::new(path, pem, true)], false)?;
        }
        key
    };
    key.kid = Some(key.kid_or_thumbprint());
    Ok(key)
}

/// serve's self-signed TLS certificate and key, made once and kept in `dir` (with
/// --ephemeral, in the temporary directory); the certificate's path, for clients.
fn state_tls(dir: &Path, ephemeral: bool) -> Result<(config::Tls, PathBuf)> {
    let (cert_path, key_path) = (dir.join("tls.cert.pem"), dir.join("tls.key.pem"));
    if ephemeral || !cert_path.exists() || !key_path.exists() {
        let (key, cert) = server::tls::self_signed()?;
        create_dir(dir)?;
        let key_pem = crate::commands::common::pem("PRIVATE KEY", &der::encode_pkcs8(&key)?);
        write::write_all(
            &[
                Planned::new(key_path.clone(), key_pem, true),
                Planned::new(cert_path.clone(), cert, false),
            ],
            true,
        )?;
    }
    let tls = config::Tls {
        cert_pem: load::read_capped(&cert_path, 1024 * 1024, "TLS certificate")?,
        key_pem: Secret::new(load::read_capped(&key_path, 1024 * 1024, "TLS key")?),
    };
    Ok((tls, cert_path))
}

fn demo_settings(dir: &Path, bind: SocketAddr, auto_approve: bool) -> Result<config::Settings> {
    create_dir(dir)?;
    let (clients, users) = config::demo(
        state_secret(dir, "demo-client.secret")?,
        state_secret(dir, "demo.password")?,
    );
    Ok(config::Settings {
        bind,
        issuer: None,
        keys: Vec::new(),
        users,
        clients,
        auto_approve,
        protected: vec![config::Protected::default_work()],
        demo_tokens: None,
        tls: None,
        assertion_issuers: Vec::new(),
    })
}

fn announce(
    printer: &Printer,
    issuer: &str,
    settings: &config::Settings,
    (dir, ca_file): (&Path, Option<&Path>),
    demo: bool,
) {
    let secret_file = dir.join("demo-client.secret");
    let password_file = dir.join("demo.password");
    if printer.is_json() {
        let clients: Vec<_> = settings.clients.iter().map(|c| c.id.clone()).collect();
        let users: Vec<_> = settings.users.iter().map(|u| u.username.clone()).collect();
        let mut doc = json!({
            "issuer": issuer,
            "jwks_uri": format!("{issuer}/jwks"),
            "clients": clients,
            "users": users,
        });
        if demo {
            doc["client_secret_file"] = secret_file.display().to_string().into();
            doc["password_file"] = password_file.display().to_string().into();
        }
        if let Some(ca) = ca_file {
            doc["ca_file"] = ca.display().to_string().into();
        }
        printer.data(&doc.to_string());
        return;
    }
    let mut text = format!("oauthctl serve: issuer {issuer}\n  discovery {issuer}/.well-known/openid-configuration\n  jwks      {issuer}/jwks\n");
    if let Some(ca) = ca_file {
        text.push_str(&format!(
            "  tls       self-signed certificate {} (clients: --ca-file it)\n",
            ca.display()
        ));
    }
    for client in &settings.clients {
        text.push_str(&format!(
            "  client    {} ({})\n",
            client.id,
            client.auth_method.name()
        ));
    }
    for user in &settings.users {
        text.push_str(&format!("  user      {}\n", user.username));
    }
    if demo {
        text.push_str(&format!(
            "  demo client secret in {secret}, demo password in {password}\n\
             try the whole flow:\n  oauthctl flow --issuer {issuer} --client-id {client} --client-secret-file {secret} \\\n    \
             --login auto --username {user} --password-file {password}{ca_flow}\n\
             or a token for a service:\n  curl -s{ca_curl} -u {client}:$(cat {secret}) -d grant_type=client_credentials {issuer}/token\n",
            ca_flow = ca_file.map(|c| format!(" --ca-file {}", c.display())).unwrap_or_default(),
            ca_curl = ca_file.map(|c| format!(" --cacert {}", c.display())).unwrap_or_default(),
            secret = secret_file.display(),
            password = password_file.display(),
            client = config::DEMO_CONFIDENTIAL,
            user = config::DEMO_USER,
        ));
    }
    printer.data(&text);
}
