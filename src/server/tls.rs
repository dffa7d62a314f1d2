//! serve's own TLS (rustls with ring, TLS 1.2 and 1.3, HTTP/1.1 by ALPN): the acceptor
//! for the configured certificate, and the self-signed certificate `serve --tls` keeps.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

use super::config::Tls;
use crate::error::{Error, Result};
use crate::keys::generate::{generate, KeySpec};
use crate::keys::{cert, Curve, Key};

fn bad(what: &str, e: impl std::fmt::Display) -> Error {
    Error::input("bad_tls", format!("{what}: {e}"))
        .hint("give a PEM certificate chain (--tls-cert) and its PEM private key (--tls-key)")
}

/// The acceptor for `tls`; the certificate must belong to the key.
pub fn acceptor(tls: &Tls) -> Result<TlsAcceptor> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&tls.cert_pem)
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| bad("the TLS certificate is not PEM", e))?;
    if certs.is_empty() {
        return Err(bad("the TLS certificate file", "it holds no certificate"));
    }
    let key = PrivateKeyDer::from_pem_slice(tls.key_pem.expose())
        .map_err(|e| bad("the TLS private key is not PEM", e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad("TLS", e))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| bad("the TLS certificate and key", e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// A key and a self-signed certificate for this machine's loopback names, for `serve
/// --tls` without a certificate of its own: (key PEM, certificate PEM).
pub fn self_signed() -> Result<(Key, String)> {
    let key = generate(KeySpec::Ec(Curve::P256))?;
    let subject = cert::parse_subject("CN=oauthctl serve")?;
    let pem = cert::self_signed(&key, subject, 825, &["localhost", "127.0.0.1", "::1"])?;
    Ok((key, pem))
}
