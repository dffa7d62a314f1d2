//! `oauthctl serve`: a small, strict OAuth 2.0 / OpenID Connect authorization server for
//! development and tests. Keys and config are files; everything else lives in memory.

//!
//! One module per endpoint: [`metadata`] (discovery, JWKS), [`authorize`] (with login,
//! consent and finish), [`token`] (one function per grant), [`device`], [`resource`]
//! (userinfo, introspection, revocation, `/work`); beside them [`client_auth`], token
//! issuance ([`issue`]), the [`store`] whose methods are the only way to change state, the
//! error answers ([`error`]), and the bounded HTTP layer ([`http`]).

mod authorize;
mod client_auth;
pub mod config;
mod demo;
mod device;
mod dpop;
pub mod error;
mod exchange;
mod gateway;
pub mod http;
mod issue;
mod jwt_bearer;
mod metadata;
pub mod pages;
mod par;
mod params;
mod proxy;
mod replay;
mod resource;
pub mod router;
pub mod store;
pub mod tls;
mod token;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::jwt::time;
use crate::jwt::token::KeyRing;
use crate::keys::crypto::Signer;
use crate::keys::Key;

pub use config::Settings;

/// Everything a request handler needs, shared by all of them.
pub struct App {
    pub issuer: String,
    /// The issuer's path (`/auth/oauth/v20`; empty at the root): every endpoint lives
    /// under it.
    pub base_path: String,
    pub settings: Settings,
    pub signer: Signer,
    pub signing_kid: Option<String>,
    pub verifier: KeyRing,
    /// The protected paths, in configuration order.
    pub guards: Vec<gateway::Guard>,
    /// The demo token server's `/check` verifier, when it is configured.
    pub demo_checker: Option<KeyRing>,
    pub store: store::Store,
    /// DPoP's replay cache and nonces (RFC 9449).
    pub dpop: dpop::Dpop,
    /// The `jti`s of client assertions seen (RFC 7523 section 3).
    pub assertions: replay::Seen,
    /// Request log lines go here (stderr for `serve`, nowhere when embedded quietly).
    pub log: Box<dyn Fn(&str) + Send + Sync>,
}

/// What the server may hold and how long it waits: the store's caps and the HTTP bounds.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    pub store: store::Limits,
    pub http: http::HttpLimits,
    /// How often expired records are swept (default 10 s).
    pub sweep_every: Option<Duration>,
    /// The runtime's worker threads (default: one per core).
    pub worker_threads: Option<usize>,
}

const DEFAULT_SWEEP: Duration = Duration::from_secs(10);

/// The current time in seconds since the epoch (the store's clock).
pub(crate) fn now() -> i64 {
    // A malformed OAUTHCTL_NOW is refused before any command runs; the system clock
    // stands in should it be changed afterwards.
    time::now().unwrap_or_else(|_| ::time::OffsetDateTime::now_utc().unix_timestamp())
}

/// A random base64url string of `bytes` bytes: codes, tokens, request ids.
pub(crate) fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the OS random source works");
    crate::b64::encode(buf)
}

impl App {
    pub fn new(
        settings: Settings,
        issuer: String,
        log: Box<dyn Fn(&str) + Send + Sync>,
    ) -> Result<App> {
        App::with_limits(settings, issuer, log, &store::Limits::default())
    }

    pub fn with_limits(
        settings: Settings,
        issuer: String,
        log: Box<dyn Fn(&str) + Send + Sync>,
        limits: &store::Limits,
    ) -> Result<App> {
        let active: &Key = settings
            .keys
            .first()
            .ok_or_else(|| Error::input("no_key", "the server has no signing key"))?;
        let signer = Signer::for_many(active, active.default_algorithm())?;
        if let Some(client) = settings.clients.iter().find(|c| c.fapi2) {
            if !client_auth::FAPI2_ALGORITHMS.contains(&signer.algorithm()) {
                return Err(Error::input(
                    "bad_config",
                    format!(
                        "client `{}` is held to FAPI 2.0, which permits PS256, ES256 or EdDSA ID \
                         tokens, but the active key signs {}",
                        client.id,
                        signer.algorithm()
                    ),
                )
                .hint("make the active key EC P-256 (oauthctl keygen --type ec) or Ed25519"));
            }
        }
        let public: Vec<Key> = settings.keys.iter().map(Key::public).collect();
        let guards = settings
            .protected
            .iter()
            .map(|p| gateway::Guard::new(p.clone(), &public))
            .collect::<Result<Vec<_>>>()?;
        let demo_checker = match settings.demo_tokens {
            Some(_) => Some(demo::checker(active)?),
            None => None,
        };
        let verifier = KeyRing::new(public, false, &[])?;
        let base_path = issuer_path(&issuer)?;
        Ok(App {
            base_path,
            issuer,
            signing_kid: active.kid.clone(),
            signer,
            verifier,
            guards,
            demo_checker,
            settings,
            store: store::Store::new(limits.clone()),
            dpop: dpop::Dpop::new(limits.dpop_proofs),
            assertions: replay::Seen::new(limits.assertions),
            log,
        })
    }

    pub fn client(&self, id: &str) -> Option<&config::Client> {
        self.settings.clients.iter().find(|c| c.id == id)
    }

    pub fn user(&self, username: &str) -> Option<&config::User> {
        self.settings.users.iter().find(|u| u.username == username)
    }
}

/// The path of an issuer URL (RFC 8414 section 2: https, or http here for loopback
/// development, with no query or fragment), without a trailing `/`.
fn issuer_path(issuer: &str) -> Result<String> {
    let bad = |why: &str| {
        Error::input("bad_issuer", format!("issuer `{issuer}` {why}")).hint(
            "an issuer looks like http://127.0.0.1:8080 or https://idp.example/auth/oauth/v20",
        )
    };
    let url =
        crate::protocol::url::Url::parse(issuer).ok_or_else(|| bad("is not an absolute URL"))?;
    if url.scheme != "http" && url.scheme != "https" {
        return Err(bad("must be an http or https URL"));
    }
    if url.rest.contains(['?', '#']) {
        return Err(bad("must not have a query or fragment"));
    }
    Ok(url.rest.trim_end_matches('/').to_string())
}

/// A server running on its own thread (for `flow --embedded` and tests).
pub struct Running {
    pub addr: SocketAddr,
    pub issuer: String,
    app: Arc<App>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// How many records the server's store holds now.
    pub fn store_counts(&self) -> store::Counts {
        self.app.store.counts()
    }

    pub fn stop(mut self) {
        self.stop_inner();
    }

    fn stop_inner(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop_inner();
    }
}

/// Bind the listener. Only loopback unless `allow_remote`.
pub fn bind(addr: SocketAddr, allow_remote: bool) -> Result<std::net::TcpListener> {
    if !addr.ip().is_loopback() && !allow_remote {
        // A refusal for local safety (DESIGN.md section 4: exit 4), not a usage mistake.
        return Err(Error::safety(
            "remote_bind",
            format!("{addr} is not a loopback address; pass --allow-remote to serve beyond this machine"),
        ));
    }
    let listener = std::net::TcpListener::bind(addr).map_err(|e| {
        Error::safety("bind_failed", format!("cannot listen on {addr}: {e}"))
            .hint("choose another --port, or --port 0 for a free one")
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
    Ok(listener)
}

fn issuer_for(settings: &Settings, addr: SocketAddr) -> String {
    settings.issuer_at(addr)
}

/// Serve on this thread until `shutdown` resolves.
pub fn serve_blocking(
    listener: std::net::TcpListener,
    settings: Settings,
    log: Box<dyn Fn(&str) + Send + Sync>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    serve_with_limits(listener, settings, log, Limits::default(), shutdown)
}

/// [`serve_blocking`] with explicit bounds.
pub fn serve_with_limits(
    listener: std::net::TcpListener,
    settings: Settings,
    log: Box<dyn Fn(&str) + Send + Sync>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let addr = listener
        .local_addr()
        .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
    let issuer = issuer_for(&settings, addr);
    let app = Arc::new(App::with_limits(settings, issuer, log, &limits.store)?);
    run(listener, app, limits, shutdown)
}

fn run(
    listener: std::net::TcpListener,
    app: Arc<App>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = limits.worker_threads {
        runtime.worker_threads(threads.max(1));
    }
    let runtime = runtime
        .enable_all()
        .build()
        .map_err(|e| Error::safety("runtime", e.to_string()))?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
        let tls = app.settings.tls.as_ref().map(tls::acceptor).transpose()?;
        let sweeper = tokio::spawn(sweep_forever(
            app.clone(),
            limits.sweep_every.unwrap_or(DEFAULT_SWEEP),
        ));
        http::serve(listener, tls, router::router(app), limits.http, shutdown).await;
        sweeper.abort();
        Ok(())
    });
    // Whatever was still running after the grace period is not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result
}

/// Drop expired records on a schedule, so that memory follows the live load whatever
/// the mix of requests (not only when some grant happens to sweep).
async fn sweep_forever(app: Arc<App>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        app.store.sweep(now());
    }
}

/// Start a server on a background thread; it stops when the handle is dropped.
pub fn spawn(
    listener: std::net::TcpListener,
    settings: Settings,
    log: Box<dyn Fn(&str) + Send + Sync>,
) -> Result<Running> {
    spawn_with_limits(listener, settings, log, Limits::default())
}

/// [`spawn`] with explicit bounds.
pub fn spawn_with_limits(
    listener: std::net::TcpListener,
    settings: Settings,
    log: Box<dyn Fn(&str) + Send + Sync>,
    limits: Limits,
) -> Result<Running> {
    let addr = listener
        .local_addr()
        .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
    let issuer = issuer_for(&settings, addr);
    // The log callback is the server's only voice; it reports a failed start too.
    let log: Arc<dyn Fn(&str) + Send + Sync> = Arc::from(log);
    let report = log.clone();
    let app = Arc::new(App::with_limits(
        settings,
        issuer.clone(),
        Box::new(move |line| log(line)),
        &limits.store,
    )?);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let served = app.clone();
    let thread = std::thread::spawn(move || {
        let shutdown = async move {
            let _ = rx.await;
        };
        if let Err(e) = run(listener, served, limits, shutdown) {
            report(&format!("server stopped: {e}"));
        }
    });
    Ok(Running {
        addr,
        issuer,
        app,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}
