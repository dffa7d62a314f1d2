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
    let verifier = Arc::new(AnyClientCertificate {
        algorithms: provider.signature_verification_algorithms,
    });
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad("TLS", e))?
        .with_client_cert_verifier(verifier)
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

/// Client certificates are asked for but not required, and any is taken at the handshake
/// (its own signature over the handshake is still checked): which certificate a client may
/// use is the client authentication's business (RFC 8705 section 2), not the listener's.
#[derive(Debug)]
struct AnyClientCertificate {
    algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl rustls::server::danger::ClientCertVerifier for AnyClientCertificate {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[rustls::DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::server::danger::ClientCertVerified, rustls::Error> {
        Ok(rustls::server::danger::ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// The certificate a client presented on its TLS connection (DER), for client
/// authentication (RFC 8705).
#[derive(Debug, Clone)]
pub struct PeerCertificate(pub Arc<Vec<u8>>);
