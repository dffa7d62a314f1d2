//! TLS verification is always on (F8): an https server with a certificate nobody trusts is
//! a network error (exit 6), for `flow` and for `token verify`; `--ca-file` trusts a
//! private CA. There is no flag that disables verification.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use common::{assert_success, oauthctl};

struct TlsServer {
    url: String,
    cert_pem: String,
}

/// An https server on 127.0.0.1 that answers every request with `body`, for up to
/// `connections` connections.
fn tls_server(body: &'static str, connections: usize) -> TlsServer {
    let cert =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .unwrap();
    let cert_pem = cert.cert.pem();
    let cert_der = cert.cert.der().clone();
    let key_der =
        rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert_der], key_der)
        .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(mut tcp) = stream else { continue };
            tcp.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .ok();
            let mut conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
            let mut buf = [0u8; 4096];
            if tls.read(&mut buf).is_ok() {
                let _ = write!(
                    tls,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.flush();
            }
        }
    });
    TlsServer {
        url: format!("https://127.0.0.1:{port}"),
        cert_pem,
    }
}

#[test]
fn f8_untrusted_certificate_is_a_network_error() {
    let server = tls_server("{}", 4);
    let out = oauthctl()
        .args([
            "flow",
            "--issuer",
            &server.url,
            "--client-id",
            "x",
            "--auth-method",
            "none",
            "--login",
            "auto",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains("TLS") || stderr.contains("certificate"),
        "{stderr}"
    );
    let out = oauthctl()
        .args([
            "token",
            "verify",
            "a.b.c",
            "--jwks",
            &format!("{}/jwks", server.url),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    // A refused connection would also be exit 6: the reason must be the certificate.
    assert!(
        stderr.contains("certificate") || stderr.contains("TLS"),
        "{stderr}"
    );
    assert!(!stderr.contains("refused"), "{stderr}");
}

#[test]
fn ca_file_trusts_a_private_ca() {
    let dir = tempfile::tempdir().unwrap();
    oauthctl()
        .current_dir(dir.path())
        .args(["keygen", "--type", "ec"])
        .assert()
        .success();
    let jwks: &'static str = Box::leak(
        std::fs::read_to_string(dir.path().join("oauthctl.jwks.json"))
            .unwrap()
            .into_boxed_str(),
    );
    let server = tls_server(jwks, 2);
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &server.cert_pem).unwrap();
    let token = oauthctl()
        .current_dir(dir.path())
        .args(["token", "mint", "--key", "oauthctl.key.pem"])
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap();
    let out = oauthctl()
        .args([
            "token",
            "verify",
            token.trim(),
            "--jwks",
            &format!("{}/jwks", server.url),
            "--ca-file",
        ])
        .arg(&ca)
        .output()
        .unwrap();
    assert_success(&out);
}

#[test]
fn there_is_no_flag_to_skip_verification() {
    for flag in [
        "--insecure",
        "--no-verify",
        "--danger-accept-invalid-certs",
        "-k",
    ] {
        let out = oauthctl()
            .args([
                "token",
                "verify",
                "x",
                "--jwks",
                "https://127.0.0.1:1/",
                flag,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag} must not exist");
    }
}
