//! Authorization server metadata: OpenID Connect Discovery 1.0 section 4, falling back to
//! RFC 8414. The document must name exactly the issuer that was asked for (RFC 8414
//! section 3.3), or nothing from it is used.

use serde_json::{Map, Value};

use super::http::HttpClient;
use crate::error::{Error, Result};
use crate::json;
use crate::keys::load::{self, Loaded};
use crate::protocol::url::Url;

/// The candidate metadata URLs for an issuer, in the order they are tried.
pub fn metadata_urls(issuer: &str) -> Vec<String> {
    let trimmed = issuer.trim_end_matches('/');
    let mut urls = vec![format!("{trimmed}/.well-known/openid-configuration")];
    // RFC 8414 section 3.1: the well-known segment goes between host and path.
    if let Some(url) = Url::parse(trimmed) {
        urls.push(format!(
            "{}://{}/.well-known/oauth-authorization-server{}",
            url.scheme, url.authority, url.rest
        ));
    }
    urls
}

pub fn discover(client: &HttpClient, issuer: &str) -> Result<Map<String, Value>> {
    let mut last_error = None;
    for url in metadata_urls(issuer) {
        let response = client.get(&url, "application/json", false)?;
        if response.status == 404 {
            last_error = Some(Error::protocol(
                "no_metadata",
                format!("{url} answered 404"),
            ));
            continue;
        }
        if response.status != 200 {
            return Err(Error::protocol(
                "bad_metadata",
                format!("{url} answered HTTP {}", response.status),
            ));
        }
        let doc = json::parse_object(&response.body).map_err(|e| {
            Error::protocol("bad_metadata", format!("{url} is not a JSON object: {e}"))
        })?;
        match doc.get("issuer") {
            Some(Value::String(found)) if found == issuer => return Ok(doc),
            Some(found) => {
                return Err(Error::protocol(
                    "issuer_mismatch",
                    format!(
                        "{url} names the issuer {found}, not `{issuer}`; its keys are not trusted"
                    ),
                )
                .hint("give --issuer exactly as the server spells it, trailing slash included"))
            }
            None => {
                return Err(Error::protocol(
                    "bad_metadata",
                    format!("{url} has no `issuer`"),
                ))
            }
        }
    }
    Err(last_error.unwrap_or_else(|| Error::protocol("no_metadata", "no metadata found")))
}

/// A metadata member that must be a URL string, if present.
pub fn endpoint<'a>(metadata: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match metadata.get(name) {
        None => Ok(None),
        Some(Value::String(url)) => Ok(Some(url)),
        Some(other) => Err(Error::protocol(
            "bad_metadata",
            format!(
                "metadata `{name}` must be a string, found {}",
                json::kind(other)
            ),
        )),
    }
}

/// Fetch and parse a JWKS from a URL.
pub fn fetch_jwks(client: &HttpClient, url: &str, from_server: bool) -> Result<Loaded> {
    let response = client.get(
        url,
        "application/jwk-set+json, application/json",
        from_server,
    )?;
    if response.status != 200 {
        return Err(Error::protocol(
            "bad_jwks",
            format!("{url} answered HTTP {}", response.status),
        ));
    }
    let loaded = load::parse(&response.body, &load::no_passphrase)
        .map_err(|e| Error::protocol(e.reason, format!("{url}: {}", e.message)))?;
    if loaded.format != load::Format::Jwks {
        return Err(Error::protocol(
            "bad_jwks",
            format!("{url} is a {}, not a JWKS", loaded.format.describe()),
        ));
    }
    Ok(loaded)
}
