//! Self-signed X.509 certificates for a key: a client's certificate for mutual TLS
//! (`keygen --cert-subject`) and serve's own TLS certificate. rcgen builds and signs them.

use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};

use super::{der, Key};
use crate::error::{Error, Result};

/// The attribute names a subject may use, as `openssl` writes them.
const ATTRIBUTES: [(&str, DnType); 6] = [
    ("CN", DnType::CommonName),
    ("O", DnType::OrganizationName),
    ("OU", DnType::OrganizationalUnitName),
    ("C", DnType::CountryName),
    ("ST", DnType::StateOrProvinceName),
    ("L", DnType::LocalityName),
];

/// The longest validity accepted (ten years): a test certificate need not outlive that.
pub const MAX_DAYS: u32 = 3650;

fn bad_subject(text: &str, why: &str) -> Error {
    Error::usage("bad_subject", format!("subject `{text}`: {why}"))
        .hint("write it as CN=my-client,O=Example (attributes CN, O, OU, C, ST, L)")
}

/// `CN=name,O=org,...` (a leading `/` and `/`-separated form are accepted too, as openssl
/// prints them). Values cannot contain `,`, `/` or `=`.
pub fn parse_subject(text: &str) -> Result<DistinguishedName> {
    let body = text.trim().trim_start_matches('/');
    let separator = if body.contains(',') { ',' } else { '/' };
    let mut name = DistinguishedName::new();
    for part in body
        .split(separator)
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (attribute, value) = part
            .split_once('=')
            .ok_or_else(|| bad_subject(text, &format!("`{part}` is not NAME=VALUE")))?;
        let kind = ATTRIBUTES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(attribute.trim()))
            .map(|(_, kind)| kind.clone())
            .ok_or_else(|| bad_subject(text, &format!("unknown attribute `{attribute}`")))?;
        let value = value.trim();
        if value.is_empty() || value.contains('=') {
            return Err(bad_subject(text, &format!("bad value in `{part}`")));
        }
        if kind == DnType::CountryName && value.len() != 2 {
            return Err(bad_subject(text, "C must be a two-letter country code"));
        }
        name.push(kind, value);
    }
    if name.iter().next().is_none() {
        return Err(bad_subject(text, "it names no attribute"));
    }
    Ok(name)
}

/// A PEM certificate for `key` (a private key), signed by itself, valid from now for
/// `days`, with `subject` and the subject alternative names `sans` (DNS names or IP
/// addresses).
pub fn self_signed(
    key: &Key,
    subject: DistinguishedName,
    days: u32,
    sans: &[&str],
) -> Result<String> {
    if !key.is_private() || key.is_symmetric() {
        return Err(Error::usage(
            "no_private_key",
            "a certificate is signed with its own private key: give a private RSA, EC or Ed25519 key",
        ));
    }
    if days == 0 || days > MAX_DAYS {
        return Err(Error::usage(
            "bad_days",
            format!("certificate validity must be 1 to {MAX_DAYS} days"),
        ));
    }
    let failed =
        |e: rcgen::Error| Error::input("cert_failed", format!("cannot make the certificate: {e}"));
    let pkcs8 = der::encode_pkcs8(key)?;
    let pair = KeyPair::try_from(pkcs8.as_slice()).map_err(failed)?;
    let sans: Vec<String> = sans.iter().map(|s| s.to_string()).collect();
    let mut params = CertificateParams::new(sans).map_err(failed)?;
    params.distinguished_name = subject;
    let now = ::time::OffsetDateTime::now_utc();
    // A minute back, so that a peer whose clock is a little behind accepts it at once.
    params.not_before = now - ::time::Duration::minutes(1);
    params.not_after = now + ::time::Duration::days(i64::from(days));
    let cert = params.self_signed(&pair).map_err(failed)?;
    Ok(cert.pem())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_parse_in_both_openssl_forms_and_bad_ones_say_why() {
        let comma = parse_subject("CN=my-client, O=Example").unwrap();
        assert_eq!(comma.iter().count(), 2);
        assert_eq!(parse_subject("/CN=a/OU=b/C=DE").unwrap().iter().count(), 3);
        for (bad, why) in [
            ("", "names no attribute"),
            ("CN", "is not NAME=VALUE"),
            ("XX=1", "unknown attribute"),
            ("C=Germany", "two-letter"),
            ("CN=", "bad value"),
        ] {
            let e = parse_subject(bad).unwrap_err();
            assert!(e.message.contains(why), "{bad}: {}", e.message);
        }
    }
}
