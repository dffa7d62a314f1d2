//! Mutual TLS client authentication (RFC 8705 section 2) in serve over TLS, driven by
//! `flow --client-cert` with certificates from `keygen --cert-subject`: a self-signed
//! certificate whose key the client registered, or any certificate with the registered
//! subject; each way a certificate can be wrong is refused for its reason.

use crate::common;

use common::serve_client::*;
use oauthctl::protocol::ClientAuthMethod;
use oauthctl::secret::Secret;
use oauthctl::server::config::Tls;
use serde_json::Value;

struct Setup {
    s: Server,
    dir: tempfile::TempDir,
}

impl Setup {
    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }
}

/// `keygen --type ec --name NAME --cert-subject SUBJECT` in `dir`; the key.
fn client_cert(dir: &std::path::Path, name: &str, subject: &str) -> oauthctl::keys::Key {
    common::oauthctl()
        .current_dir(dir)
        .args([
            "keygen",
            "--type",
            "ec",
            "--name",
            name,
            "--cert-subject",
            subject,
        ])
        .assert()
        .success();
    let path = dir.join(format!("{name}.key.pem"));
    oauthctl::keys::load::load_path(&path, &oauthctl::keys::load::no_passphrase)
        .unwrap()
        .select(None)
        .unwrap()
}

/// serve over TLS with `selfsigned` (self_signed_tls_client_auth, the key of `good`) and
/// `dn` (tls_client_auth, subject `CN=my-client,O=Example`).
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let good = client_cert(dir.path(), "good", "CN=my-client,O=Example");
    let (server_key, server_cert) = oauthctl::server::tls::self_signed().unwrap();
    std::fs::write(dir.path().join("server.pem"), &server_cert).unwrap();
    let key_pem = oauthctl::keys::der::encode_pkcs8(&server_key).unwrap();
    let key_pem =
        pem_rfc7468::encode_string("PRIVATE KEY", pem_rfc7468::LineEnding::LF, &key_pem).unwrap();
    let public = good.public();
    let s = start_with(move |settings| {
        settings.tls = Some(Tls {
            cert_pem: server_cert.into_bytes(),
            key_pem: Secret::new(key_pem.into_bytes()),
        });
        let mut selfsigned = settings.clients[0].clone();
        selfsigned.id = "selfsigned".into();
        selfsigned.secret = None;
        selfsigned.auth_method = ClientAuthMethod::SelfSignedTlsClientAuth;
        selfsigned.jwks = vec![public];
        let mut dn = selfsigned.clone();
        settings.clients.push(selfsigned);
        dn.id = "dn".into();
        dn.auth_method = ClientAuthMethod::TlsClientAuth;
        dn.jwks = Vec::new();
        dn.tls_client_auth_subject_dn = Some("CN=my-client,O=Example".into());
        settings.clients.push(dn);
    });
    Setup { s, dir }
}

/// A client-credentials flow as `client` with the certificate NAME (None: no certificate).
fn flow(setup: &Setup, client: &str, method: &str, cert: Option<&str>) -> Value {
    let mut command = common::oauthctl();
    command
        .args([
            "--output",
            "json",
            "flow",
            "--issuer",
            &setup.s.running.issuer,
        ])
        .args(["--ca-file", &setup.path("server.pem")])
        .args(["--client-id", client, "--auth-method", method])
        .args([
            "--grant",
            "client-credentials",
            "--scope",
            "read",
            "--steps",
            "",
        ]);
    if let Some(name) = cert {
        command
            .args(["--client-cert", &setup.path(&format!("{name}.cert.pem"))])
            .args(["--client-cert-key", &setup.path(&format!("{name}.key.pem"))]);
    }
    let out = command.output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_client_authenticates_with_its_certificate_either_way() {
    let setup = setup();
    for (client, method) in [
        ("selfsigned", "self_signed_tls_client_auth"),
        ("dn", "tls_client_auth"),
    ] {
        let doc = flow(&setup, client, method, Some("good"));
        assert_eq!(doc["ok"], true, "{client}: {doc}");
    }
}

#[test]
fn each_wrong_certificate_is_refused_for_its_reason() {
    let setup = setup();
    // Another key, and another subject.
    client_cert(setup.dir.path(), "other", "CN=someone-else,O=Example");
    let cases = [
        (
            "selfsigned",
            "self_signed_tls_client_auth",
            Some("other"),
            "key is not one registered",
        ),
        (
            "dn",
            "tls_client_auth",
            Some("other"),
            "subject is not the one registered",
        ),
        (
            "selfsigned",
            "self_signed_tls_client_auth",
            None,
            "presented none",
        ),
        ("dn", "tls_client_auth", None, "presented none"),
    ];
    for (client, method, cert, why) in cases {
        let doc = flow(&setup, client, method, cert);
        assert_eq!(doc["ok"], false, "{client} {cert:?}: {doc}");
        let message = doc["message"].as_str().unwrap();
        assert!(
            message.contains("invalid_client") && message.contains(why),
            "{client} {cert:?}: {message}"
        );
    }
}

#[test]
fn an_expired_or_not_yet_valid_certificate_of_the_registered_key_is_refused() {
    let setup = setup();
    let key = oauthctl::keys::load::load_path(
        std::path::Path::new(&setup.path("good.key.pem")),
        &oauthctl::keys::load::no_passphrase,
    )
    .unwrap()
    .select(None)
    .unwrap();
    let pkcs8 = oauthctl::keys::der::encode_pkcs8(&key).unwrap();
    let pair = rcgen::KeyPair::try_from(pkcs8.as_slice()).unwrap();
    let now = time::OffsetDateTime::now_utc();
    for (name, from, until, why) in [
        (
            "expired",
            now - time::Duration::days(30),
            now - time::Duration::days(1),
            "expired at",
        ),
        (
            "early",
            now + time::Duration::days(1),
            now + time::Duration::days(30),
            "not valid before",
        ),
    ] {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "my-client");
        params.not_before = from;
        params.not_after = until;
        let cert = params.self_signed(&pair).unwrap();
        std::fs::write(
            setup.dir.path().join(format!("{name}.cert.pem")),
            cert.pem(),
        )
        .unwrap();
        std::fs::copy(
            setup.path("good.key.pem"),
            setup.dir.path().join(format!("{name}.key.pem")),
        )
        .unwrap();
        let doc = flow(
            &setup,
            "selfsigned",
            "self_signed_tls_client_auth",
            Some(name),
        );
        let message = doc["message"].as_str().unwrap();
        assert!(message.contains(why), "{name}: {message}");
    }
}
