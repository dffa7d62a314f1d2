//! HTTP/1.1 connections, bounded (DESIGN.md section 3: every wait has a deadline, every
//! queue a bound): a deadline for a request's head, which is also how long an idle
//! keep-alive connection is kept; a deadline for each request's handling, body included;
//! a cap on open connections that sheds idle ones when reached, so that idle or
//! half-sent sockets cannot starve a real request; and a graceful shutdown that stops
//! accepting, lets in-flight requests finish for a grace period, then gives up on them.
//!
//! hyper's HTTP/1 server does the protocol; this module only drives its connections.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use super::tls::PeerCertificate;
use tower::ServiceExt;

/// Connection bounds. The defaults suit a developer's server and a CI job.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// Time to receive a request's head, counted from when the server starts waiting for
    /// it: a half-sent head, and an idle keep-alive connection, are closed after it.
    pub header_timeout: Duration,
    /// Time to answer one request once its head is in, reading the body included.
    pub request_timeout: Duration,
    /// Open connections at most (lowered to fit the process's descriptor limit).
    pub max_connections: usize,
    /// How long in-flight requests may finish after a shutdown signal.
    pub shutdown_grace: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Descriptors kept free for everything but client connections (listener, key files,
/// the runtime's own).
const RESERVED_DESCRIPTORS: u64 = 32;

/// Raise the soft descriptor limit to the hard one (a server is expected to hold many
/// sockets) and return how many connections fit under it.
pub fn connections_that_fit(wanted: usize) -> usize {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        let raised = rustix::process::Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            limit = getrlimit(Resource::Nofile);
        }
    }
    let available = limit
        .current
        .map_or(u64::MAX, |n| n.saturating_sub(RESERVED_DESCRIPTORS))
        .max(1);
    wanted.min(usize::try_from(available).unwrap_or(usize::MAX))
}

/// Serve `router` on `listener` until `shutdown` resolves, then drain for the grace
/// period.
pub async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    router: Router,
    limits: HttpLimits,
    shutdown: impl Future<Output = ()>,
) {
    let max = connections_that_fit(limits.max_connections);
    let slots = Arc::new(Semaphore::new(max));
    // Bumped when the cap is reached: every connection accepted before then that is idle
    // between requests closes (a watch, unlike a notification, also reaches a connection
    // whose task has not run yet).
    let (shed, _) = watch::channel(0u64);
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    // Poll the shutdown future once before the first accept: whatever it sets up (the
    // SIGTERM handler) is then in place before any request is answered. A select! whose
    // accept branch is ready may return without polling it, and a SIGTERM in that window
    // killed the process instead of stopping it gracefully.
    let stopped_already =
        std::future::poll_fn(|cx| std::task::Poll::Ready(shutdown.as_mut().poll(cx).is_ready()))
            .await;
    if stopped_already {
        return;
    }
    loop {
        while connections.try_join_next().is_some() {}
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                // Full: ask every connection that is idle between requests to close, then
                // wait for a slot. Busy ones finish their request first.
                shed.send_modify(|generation| *generation += 1);
                tokio::select! {
                    permit = slots.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
                    () = &mut shutdown => break,
                }
            }
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of descriptors or a connection reset before accept: retry soon,
                    // without spinning.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        connections.spawn(connection(
            stream,
            tls.clone(),
            router.clone(),
            limits.clone(),
            // Subscribed now: only a shed signal after this connection's accept reaches it.
            shed.subscribe(),
            stopping.clone(),
            permit,
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    let drained = tokio::time::timeout(limits.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.abort_all();
    }
}

async fn connection(
    stream: TcpStream,
    tls: Option<TlsAcceptor>,
    router: Router,
    limits: HttpLimits,
    shedding: watch::Receiver<u64>,
    stopping: watch::Receiver<bool>,
    slot: OwnedSemaphorePermit,
) {
    // The peer's address, for the gateway's X-Forwarded-For.
    let peer = stream.peer_addr().ok();
    let signals = (shedding, stopping);
    match tls {
        None => {
            drive(
                TokioIo::new(stream),
                (peer, None),
                router,
                limits,
                signals,
                slot,
            )
            .await
        }
        Some(acceptor) => {
            // The handshake is part of the request head's time: a client that stalls in
            // it is closed like one that stalls in its head.
            let handshake = tokio::time::timeout(limits.header_timeout, acceptor.accept(stream));
            if let Ok(Ok(stream)) = handshake.await {
                let certificate = stream
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(|chain| chain.first())
                    .map(|cert| PeerCertificate(Arc::new(cert.to_vec())));
                let who = (peer, certificate);
                drive(TokioIo::new(stream), who, router, limits, signals, slot).await;
            }
        }
    }
}

/// Serve HTTP/1.1 on one connection (plain or TLS) until it closes, is shed or stopped.
async fn drive<I>(
    io: I,
    (peer, certificate): (Option<std::net::SocketAddr>, Option<PeerCertificate>),
    router: Router,
    limits: HttpLimits,
    (mut shedding, mut stopping): (watch::Receiver<u64>, watch::Receiver<bool>),
    _slot: OwnedSemaphorePermit,
) where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let request_timeout = limits.request_timeout;
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let router = router.clone();
        let certificate = certificate.clone();
        async move {
            let mut request = request.map(axum::body::Body::new);
            if let Some(peer) = peer {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
            }
            if let Some(certificate) = &certificate {
                request.extensions_mut().insert(certificate.clone());
            }
            let answer = router.oneshot(request);
            match tokio::time::timeout(request_timeout, answer).await {
                Ok(response) => response,
                Err(_) => Ok(timed_out()),
            }
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        // A request head larger than this is refused (431) before it is buffered further.
        .max_buf_size(64 * 1024);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    tokio::select! {
        // The connection first, so that a request already received is read before a
        // shed signal can close the connection as idle.
        biased;
        _ = conn.as_mut() => return,
        _ = shedding.changed() => {}
        _ = stopping.wait_for(|stop| *stop) => {}
    }
    // Idle connections close now; one in the middle of a request answers it first.
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

/// The answer to a request whose handling ran past its deadline (a body sent too slowly).
fn timed_out() -> Response {
    let mut response = (
        StatusCode::REQUEST_TIMEOUT,
        "the request took too long to arrive\n",
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
