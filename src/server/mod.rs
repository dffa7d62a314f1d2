//! `oauthctl serve`: a small, strict OAuth 2.0 / OpenID Connect authorization server for
//! development and tests. Keys and config are files; everything else lives in memory.

pub mod config;
pub mod pages;
mod routes;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::jwt::token::KeyRing;
use crate::keys::crypto::Signer;
use crate::keys::Key;

pub use config::Settings;

/// Everything a request handler needs, shared by all of them.
pub struct App {
    pub issuer: String,
    pub settings: Settings,
    pub signer: Signer,
    pub signing_kid: Option<String>,
    pub verifier: KeyRing,
    pub store: store::Store,
    /// Request log lines go here (stderr for `serve`, nowhere when embedded quietly).
    pub log: Box<dyn Fn(&str) + Send + Sync>,
}

impl App {
    pub fn new(
        settings: Settings,
        issuer: String,
        log: Box<dyn Fn(&str) + Send + Sync>,
    ) -> Result<App> {
        let active: &Key = settings
            .keys
            .first()
            .ok_or_else(|| Error::input("no_key", "the server has no signing key"))?;
        let signer = Signer::new(active, active.default_algorithm())?;
        let public: Vec<Key> = settings.keys.iter().map(Key::public).collect();
        let verifier = KeyRing::new(public, false, &[])?;
        Ok(App {
            issuer,
            signing_kid: active.kid.clone(),
            signer,
            verifier,
            settings,
            store: store::Store::default(),
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

/// A server running on its own thread (for `flow --embedded` and tests).
pub struct Running {
    pub addr: SocketAddr,
    pub issuer: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
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
        return Err(Error::usage(
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
    settings
        .issuer
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
}

/// Serve on this thread until `shutdown` resolves.
pub fn serve_blocking(
    listener: std::net::TcpListener,
    settings: Settings,
    log: Box<dyn Fn(&str) + Send + Sync>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let addr = listener
        .local_addr()
        .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
    let issuer = issuer_for(&settings, addr);
    let app = Arc::new(App::new(settings, issuer, log)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::safety("runtime", e.to_string()))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
        axum::serve(listener, routes::router(app))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| Error::network("server_failed", e.to_string()))
    })
}

/// Start a server on a background thread; it stops when the handle is dropped.
pub fn spawn(
    listener: std::net::TcpListener,
    settings: Settings,
    log: Box<dyn Fn(&str) + Send + Sync>,
) -> Result<Running> {
    let addr = listener
        .local_addr()
        .map_err(|e| Error::safety("bind_failed", e.to_string()))?;
    let issuer = issuer_for(&settings, addr);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let shutdown = async move {
            let _ = rx.await;
        };
        // The log callback is the server's only voice; it reports a failed start too.
        let log: Arc<dyn Fn(&str) + Send + Sync> = Arc::from(log);
        let report = log.clone();
        if let Err(e) = serve_blocking(
            listener,
            settings,
            Box::new(move |line| log(line)),
            shutdown,
        ) {
            report(&format!("server stopped: {e}"));
        }
    });
    Ok(Running {
        addr,
        issuer,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}
