//! URLs as OAuth uses them: the scheme and host of an endpoint (https anywhere, http only
//! to loopback, RFC 8252 section 8.3), loopback redirect URIs that may differ only in
//! their port (RFC 8252 section 7.3), and queries appended to a redirect URI. Parsed in
//! one place so that the client and the server agree on what a host is.

/// The parts of an absolute `scheme://authority/rest` URL that OAuth rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url<'a> {
    pub scheme: &'a str,
    /// `user@` is kept out of `host` and reported here, so that
    /// `http://127.0.0.1@evil.example` is not taken for a loopback URL.
    pub userinfo: Option<&'a str>,
    /// `userinfo@host:port` as written.
    pub authority: &'a str,
    /// As written, brackets kept for IPv6 (`[::1]`).
    pub host: &'a str,
    /// The digits after `:`, if the authority has a port.
    pub port: Option<&'a str>,
    /// Path, query and fragment, as written.
    pub rest: &'a str,
}

impl<'a> Url<'a> {
    /// Split an absolute URL; `None` if it has no scheme, no host or a malformed port.
    pub fn parse(text: &'a str) -> Option<Url<'a>> {
        let (scheme, after) = text.split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        {
            return None;
        }
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(end);
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((user, hostport)) => (Some(user), hostport),
            None => (None, authority),
        };
        let (host, port) = if hostport.starts_with('[') {
            let close = hostport.find(']')?;
            let (host, tail) = hostport.split_at(close + 1);
            (host, tail)
        } else {
            match hostport.find(':') {
                Some(i) => hostport.split_at(i),
                None => (hostport, ""),
            }
        };
        let port = match port.strip_prefix(':') {
            None if port.is_empty() => None,
            Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                Some(digits)
            }
            _ => return None,
        };
        if host.is_empty() {
            return None;
        }
        Some(Url {
            scheme,
            authority,
            userinfo,
            host,
            port,
            rest,
        })
    }

    /// `host:port` (or the host alone), without userinfo.
    pub fn host_port(&self) -> &'a str {
        self.authority
            .rsplit_once('@')
            .map_or(self.authority, |(_, hostport)| hostport)
    }

    /// `localhost` or a loopback IP literal, with no userinfo in front.
    pub fn is_loopback(&self) -> bool {
        self.userinfo.is_none() && is_loopback_host(self.host)
    }
}

/// `localhost` or a loopback IP literal (`127.0.0.0/8`, `[::1]`).
/// An absolute URI without a fragment, whitespace or control characters: what a redirect
/// URI (RFC 6749 section 3.1.2) and a resource indicator (RFC 8707 section 2) must be.
pub fn is_absolute_without_fragment(text: &str) -> bool {
    Url::parse(text).is_some()
        && !text.contains('#')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// RFC 8252 section 7.3: a registered loopback `http` redirect URI matches a requested one
/// that differs only in its port. The host must be literally the same, and the path and
/// query byte for byte.
pub fn loopback_equal_but_port(registered: &str, requested: &str) -> bool {
    match (Url::parse(registered), Url::parse(requested)) {
        (Some(a), Some(b)) => {
            a.scheme == "http"
                && b.scheme == "http"
                && a.userinfo.is_none()
                && b.userinfo.is_none()
                && matches!(a.host, "127.0.0.1" | "[::1]" | "localhost")
                && a.host == b.host
                && a.rest == b.rest
        }
        _ => false,
    }
}

/// `uri` with query parameters appended, form-encoded.
pub fn with_query(uri: &str, params: &[(&str, &str)]) -> String {
    let encoded = serde_urlencoded::to_string(params).unwrap_or_default();
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let u = Url::parse("https://user@idp.example:8443/a?b#c").unwrap();
        assert_eq!(
            (u.scheme, u.userinfo, u.host, u.port, u.rest),
            ("https", Some("user"), "idp.example", Some("8443"), "/a?b#c")
        );
        let u = Url::parse("http://[::1]:9/x").unwrap();
        assert_eq!((u.host, u.port), ("[::1]", Some("9")));
        assert!(u.is_loopback());
        assert!(Url::parse("http://127.0.0.1:x/").is_none());
        assert!(Url::parse("no-scheme").is_none());
        assert!(Url::parse("http:///path").is_none());
        // A scheme must be there and be made of scheme characters.
        assert!(Url::parse("://idp.example/").is_none());
        assert!(Url::parse("ht tp://idp.example/").is_none());
        // After an IPv6 literal comes a port, a path, or nothing.
        assert!(Url::parse("http://[::1]x/").is_none());
        assert_eq!(Url::parse("http://[::1]/").unwrap().port, None);
        assert!(!Url::parse("http://127.0.0.1@evil.example/")
            .unwrap()
            .is_loopback());
        assert!(!Url::parse("http://127.0.0.1.evil.example/")
            .unwrap()
            .is_loopback());
    }

    #[test]
    fn loopback_redirects_ignore_only_the_port() {
        assert!(loopback_equal_but_port(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:53123/callback"
        ));
        assert!(loopback_equal_but_port(
            "http://[::1]/cb",
            "http://[::1]:8/cb"
        ));
        assert!(!loopback_equal_but_port(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:5/callback/"
        ));
        assert!(!loopback_equal_but_port(
            "http://127.0.0.1/callback",
            "http://127.0.0.2:5/callback"
        ));
        assert!(!loopback_equal_but_port(
            "https://app.example/cb",
            "https://app.example:8443/cb"
        ));
        assert!(!loopback_equal_but_port(
            "http://127.0.0.1/cb",
            "http://127.0.0.1:x/cb"
        ));
        assert!(!loopback_equal_but_port(
            "http://127.0.0.1/cb",
            "http://evil@127.0.0.1:5/cb"
        ));
    }
}
