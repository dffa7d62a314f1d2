//! serve over TLS: a self-signed certificate kept in the state directory (its path printed
//! for clients' --ca-file), or the operator's certificate and key; the issuer is https, a
//! client that does not trust the certificate gets a network error with the fix, and a
//! certificate that is not the key's is refused at start.

use crate::common;

use common::serve_process;
use common::{assert_success, oauthctl, openssl};
use serde_json::Value;

fn flow(server: &serve_process::ServeProcess, ca_file: Option<&str>) -> std::process::Output {
    let mut command = oauthctl();
    command
        .args(["--output", "json", "flow"])
        .args(server.demo_client_args())
        .args(["--login", "auto", "--username", "demo"])
        .args(["--password-file", &server.password_file]);
    if let Some(ca) = ca_file {
        command.args(["--ca-file", ca]);
    }
    command.output().unwrap()
}

#[test]
fn serve_tls_keeps_a_self_signed_certificate_and_flow_trusts_it_with_ca_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().to_str().unwrap().to_string();
    let server = serve_process::start(&["--tls", "--state-dir", &state], None);
    assert!(
        server.issuer.starts_with("https://127.0.0.1:"),
        "{}",
        server.issuer
    );
    let ca = server.info["ca_file"]
        .as_str()
        .expect("the certificate's path")
        .to_string();
    assert_eq!(ca, dir.path().join("tls.cert.pem").to_str().unwrap());
    // openssl reads it: a certificate for the loopback names.
    let text = openssl(&["x509", "-in", &ca, "-noout", "-ext", "subjectAltName"]);
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    for name in [
        "DNS:localhost",
        "IP Address:127.0.0.1",
        "IP Address:0:0:0:0:0:0:0:1",
    ] {
        assert!(text.contains(name), "{name}: {text}");
    }
    let out = flow(&server, Some(&ca));
    assert_success(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["failed"], 0, "{doc}");
    // Not trusted: a network error that names the fix.
    let untrusted = flow(&server, None);
    assert_eq!(untrusted.status.code(), Some(6));
    let report: Value = serde_json::from_slice(&untrusted.stdout).unwrap();
    assert!(
        report["message"].as_str().unwrap().contains("certificate"),
        "{report}"
    );
    assert!(
        report["hints"][0].as_str().unwrap().contains("--ca-file"),
        "{report}"
    );
    // Kept: a restart serves the same certificate.
    drop(server);
    let before = std::fs::read(&ca).unwrap();
    let again = serve_process::start(&["--tls", "--state-dir", &state], None);
    assert_eq!(std::fs::read(&ca).unwrap(), before);
    assert_success(&flow(&again, Some(&ca)));
}

#[test]
fn serve_takes_the_operators_certificate_and_refuses_one_that_is_not_its_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    // A CA and a server certificate for 127.0.0.1 signed by it, made by openssl.
    std::fs::write(
        path("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    for step in [
        vec![
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &path("ca.key"),
            "-out",
            &path("ca.pem"),
            "-days",
            "2",
            "-subj",
            "/CN=test CA",
        ],
        vec![
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &path("key.pem"),
            "-out",
            &path("server.csr"),
            "-subj",
            "/CN=127.0.0.1",
        ],
        vec![
            "x509",
            "-req",
            "-in",
            &path("server.csr"),
            "-CA",
            &path("ca.pem"),
            "-CAkey",
            &path("ca.key"),
            "-CAcreateserial",
            "-out",
            &path("cert.pem"),
            "-days",
            "2",
            "-extfile",
            &path("ext.cnf"),
        ],
    ] {
        let made = openssl(&step);
        assert!(
            made.status.success(),
            "{step:?}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
    }
    let server = serve_process::start(
        &[
            "--ephemeral",
            "--tls-cert",
            &path("cert.pem"),
            "--tls-key",
            &path("key.pem"),
        ],
        None,
    );
    assert!(server.issuer.starts_with("https://"), "{}", server.issuer);
    assert!(server.info.get("ca_file").is_none(), "{}", server.info);
    assert_success(&flow(&server, Some(&path("ca.pem"))));
    // Another key for that certificate: refused at start, as bad input.
    let other = openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        &path("other.pem"),
    ]);
    assert!(other.status.success());
    let refused = oauthctl()
        .args(["serve", "--port", "0", "--ephemeral"])
        .args([
            "--tls-cert",
            &path("cert.pem"),
            "--tls-key",
            &path("other.pem"),
        ])
        .output()
        .unwrap();
    assert_eq!(
        refused.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("bad_tls"), "{stderr}");
}
