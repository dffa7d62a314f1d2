//! The HTTP seam: every outbound request goes through here, with TLS verification always
//! on, plain http only to loopback hosts, no redirects followed, a timeout and a size cap.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ureq::tls::{Certificate, RootCerts, TlsConfig, TlsProvider};

use crate::error::{Error, Result};
use crate::protocol::url::Url;

/// Metadata documents and JWKS are small; this bounds what a hostile server can make us
/// read.
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;

/// Where a warning goes (the caller's printer: this module never prints).
pub type Warn = Arc<dyn Fn(&str) + Send + Sync>;

#[derive(Clone)]
pub struct HttpOptions {
    pub timeout: Duration,
    /// Trust these CA certificates (PEM) instead of the built-in Mozilla roots.
    pub ca_file: Option<PathBuf>,
    /// `--allow-insecure-http`: plain http to any host is allowed, and each such request is
    /// reported here.
    pub insecure_http: Option<Warn>,
    /// A TLS client certificate (PEM chain) and its key (PEM), for mutual TLS (RFC 8705).
    pub client_cert: Option<(PathBuf, PathBuf)>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(10),
            ca_file: None,
            insecure_http: None,
            client_cert: None,
        }
    }
}

pub struct HttpClient {
    agent: ureq::Agent,
    insecure_http: Option<Warn>,
}

#[derive(Debug)]
pub struct HttpResponse {
    pub url: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The body of a 200 answer as a JSON object; anything else is a protocol error named
    /// `reason`, about `what` ("userinfo", "introspection").
    pub fn json_object(
        &self,
        reason: &'static str,
        what: &str,
    ) -> Result<serde_json::Map<String, serde_json::Value>> {
        if self.status != 200 {
            return Err(Error::protocol(
                reason,
                format!("{what} answered HTTP {}{}", self.status, self.why()),
            ));
        }
        crate::json::parse_object(&self.body)
            .map_err(|e| Error::protocol(reason, format!("{what} is not a JSON object: {e}")))
    }

    /// What an error answer says about itself: the `WWW-Authenticate` challenge (RFC 6750
    /// section 3) and the body's `error` and `error_description` (RFC 6749 section 5.2), as
    /// sent (the printer escapes them). Empty when it says nothing.
    pub fn why(&self) -> String {
        let mut parts = Vec::new();
        if let Some(challenge) = self.header("www-authenticate") {
            parts.push(format!("WWW-Authenticate: {challenge}"));
        }
        if let Some((error, description)) = crate::json::parse_object(&self.body)
            .ok()
            .as_ref()
            .and_then(|body| {
                crate::protocol::error::error_of(body).map(|(e, d)| (e.to_string(), d.to_string()))
            })
        {
            if description.is_empty() {
                parts.push(format!("error `{error}`"));
            } else {
                parts.push(format!("error `{error}`: {description}"));
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join("; "))
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// https anywhere, http only to loopback. `blame` makes the error an operator's (usage)
/// or a server's (protocol) mistake.
pub fn check_url(url: &str, from_server: bool) -> Result<()> {
    let make = |message: String| {
        if from_server {
            Error::protocol("insecure_url", message)
        } else {
            Error::usage("insecure_url", message)
        }
    };
    match Url::parse(url) {
        Some(u) if u.scheme == "https" => Ok(()),
        Some(u) if u.scheme == "http" && u.is_loopback() => Ok(()),
        Some(u) if u.scheme == "http" => Err(make(format!(
            "{url} uses plain http to a non-loopback host; only https is allowed there"
        ))
        .hint("use the https URL, or --allow-insecure-http to send over plain http anyway (unencrypted; a warning each time)")),
        _ => Err(make(format!("{url} is not an http(s) URL"))),
    }
}

/// The TLS settings every client of oauthctl uses (system roots unless a CA is given).
fn tls_builder() -> ureq::tls::TlsConfigBuilder {
    TlsConfig::builder()
        .provider(TlsProvider::Rustls)
        // ring draws from the OS CSPRNG; see keys::crypto on aws-lc's start-up cost.
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::ring::default_provider()))
}

/// An agent for relaying one request as it is (serve's gateway forwarding to an upstream):
/// the same TLS as every client here, no redirects followed, any status returned. One per
/// request, so that no cookie of one caller reaches another's request.
pub fn relay_agent(timeout: std::time::Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .tls_config(tls_builder().build())
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("oauthctl/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

impl HttpClient {
    pub fn new(options: &HttpOptions) -> Result<HttpClient> {
        let mut tls = tls_builder();
        if let Some(path) = &options.ca_file {
            let pem = crate::keys::load::read_capped(path, 1024 * 1024, "CA file")?;
            let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(cert)) => Some(cert),
                    _ => None,
                })
                .collect();
            if certs.is_empty() {
                return Err(Error::input(
                    "bad_ca_file",
                    format!("{} holds no PEM certificate", path.display()),
                ));
            }
            tls = tls.root_certs(RootCerts::new_with_certs(&certs));
        }
        if let Some((cert, key)) = &options.client_cert {
            tls = tls.client_cert(Some(client_certificate(cert, key)?));
        }
        let agent = ureq::Agent::config_builder()
            .tls_config(tls.build())
            .timeout_global(Some(options.timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(concat!("oauthctl/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(HttpClient {
            agent,
            insecure_http: options.insecure_http.clone(),
        })
    }

    /// The plain-http rule of [`check_url`], unless the operator allowed plain http: then
    /// the request goes ahead with a warning, every time.
    fn check(&self, url: &str, from_server: bool) -> Result<()> {
        let refused = match check_url(url, from_server) {
            Ok(()) => return Ok(()),
            Err(e) => e,
        };
        match (&self.insecure_http, Url::parse(url)) {
            (Some(warn), Some(u)) if u.scheme == "http" => {
                warn(&format!(
                    "plain http to {}: tokens and secrets travel unencrypted \
                     (--allow-insecure-http)",
                    u.host_port()
                ));
                Ok(())
            }
            _ => Err(refused),
        }
    }

    /// GET a URL the operator gave (`from_server` false) or a server named.
    pub fn get(&self, url: &str, accept: &str, from_server: bool) -> Result<HttpResponse> {
        self.check(url, from_server)?;
        let response = self
            .agent
            .get(url)
            .header("Accept", accept)
            .call()
            .map_err(|e| transport_error(url, e))?;
        read_response(url, response)
    }
}

impl HttpClient {
    /// A request with extra headers and, for POST, a form body. `from_server` says whose
    /// URL this is, for the plain-http check's blame.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        form: Option<&[(&str, &str)]>,
        from_server: bool,
    ) -> Result<HttpResponse> {
        self.check(url, from_server)?;
        let result = if method == "POST" {
            let mut request = self
                .agent
                .post(url)
                .header("Content-Type", "application/x-www-form-urlencoded");
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let body = serde_urlencoded::to_string(form.unwrap_or_default()).unwrap_or_default();
            request.send(body)
        } else {
            let mut request = self.agent.get(url);
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request.call()
        };
        let response = result.map_err(|e| transport_error(url, e))?;
        read_response(url, response)
    }
}

/// `--client-cert` and `--client-cert-key`: the chain and its private key.
fn client_certificate(
    cert: &std::path::Path,
    key: &std::path::Path,
) -> Result<ureq::tls::ClientCert> {
    let items = |path: &std::path::Path, what: &str| -> Result<Vec<ureq::tls::PemItem<'static>>> {
        let pem = crate::keys::load::read_capped(path, 1024 * 1024, what)?;
        ureq::tls::parse_pem(&pem)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| Error::input("bad_client_cert", format!("{}: {e}", path.display())))
    };
    let chain: Vec<Certificate<'static>> = items(cert, "client certificate")?
        .into_iter()
        .filter_map(|item| match item {
            ureq::tls::PemItem::Certificate(c) => Some(c),
            _ => None,
        })
        .collect();
    if chain.is_empty() {
        return Err(Error::input(
            "bad_client_cert",
            format!("{} holds no PEM certificate", cert.display()),
        ));
    }
    let private = items(key, "client certificate key")?
        .into_iter()
        .find_map(|item| match item {
            ureq::tls::PemItem::PrivateKey(k) => Some(k),
            _ => None,
        })
        .ok_or_else(|| {
            Error::input(
                "bad_client_cert",
                format!("{} holds no PEM private key", key.display()),
            )
        })?;
    Ok(ureq::tls::ClientCert::new_with_certs(&chain, private))
}

fn transport_error(url: &str, err: ureq::Error) -> Error {
    let message = match &err {
        ureq::Error::Timeout(_) => format!("{url}: timed out"),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => {
            format!("{url}: TLS failed ({err}); oauthctl always verifies certificates")
        }
        _ => format!("{url}: {err}"),
    };
    let error = Error::network("network_error", message);
    // A refused certificate can also come wrapped in an I/O error.
    let certificate = err.to_string().contains("certificate");
    if certificate || matches!(err, ureq::Error::Tls(_) | ureq::Error::Rustls(_)) {
        error.hint("for a private CA, pass --ca-file CA.pem")
    } else {
        error
    }
}

fn read_response(
    url: &str,
    mut response: ureq::http::Response<ureq::Body>,
) -> Result<HttpResponse> {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body = Vec::new();
    response
        .body_mut()
        .with_config()
        .limit(MAX_BODY_BYTES + 1)
        .reader()
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|e| Error::network("network_error", format!("{url}: reading the body: {e}")))?;
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(Error::protocol(
            "response_too_large",
            format!(
                "{url} answered with more than {} KiB",
                MAX_BODY_BYTES / 1024
            ),
        ));
    }
    Ok(HttpResponse {
        url: url.to_string(),
        status,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(check_url("https://idp.example/jwks", false).is_ok());
        assert!(check_url("http://127.0.0.1:8080/jwks", false).is_ok());
        assert!(check_url("http://localhost/x", false).is_ok());
        assert!(check_url("http://[::1]:9/x", false).is_ok());
        assert!(check_url("http://idp.example/jwks", false).is_err());
        assert!(check_url("http://127.0.0.1.evil.example/", false).is_err());
        assert!(check_url("http://user@evil.example/", false).is_err());
        assert!(check_url("ftp://x/", false).is_err());
    }
}
