//! The key loader: reads a file (or stdin) with a size cap, detects the format from the
//! content, never the file name, decodes, and applies the weak-key policy.

use std::io::Read;
use std::path::Path;

use der::Decode;

use super::jwk::{self, KeySet};
use super::{der as keyder, encrypt, policy, Key, Material};
use crate::error::{Error, Result};
use crate::json;
use crate::secret::Secret;

/// Key files are a few kilobytes; a JWKS with dozens of keys stays well under this.
pub const MAX_KEY_FILE_BYTES: u64 = 1024 * 1024;

/// What the loader found in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pkcs8,
    EncryptedPkcs8,
    Pkcs1Private,
    Pkcs1Public,
    Sec1,
    Spki,
    Certificate,
    Jwk,
    Jwks,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Format::Pkcs8 => "PKCS#8 private key",
            Format::EncryptedPkcs8 => "encrypted PKCS#8 private key",
            Format::Pkcs1Private => "PKCS#1 RSA private key",
            Format::Pkcs1Public => "PKCS#1 RSA public key",
            Format::Sec1 => "SEC1 EC private key",
            Format::Spki => "SPKI public key",
            Format::Certificate => "X.509 certificate",
            Format::Jwk => "JWK",
            Format::Jwks => "JWKS",
        }
    }
}

/// Whether the input was PEM text, binary DER or JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Pem,
    Der,
    Json,
}

impl Container {
    pub fn describe(self) -> &'static str {
        match self {
            Container::Pem => "PEM",
            Container::Der => "DER",
            Container::Json => "JSON",
        }
    }
}

#[derive(Debug)]
pub struct Loaded {
    pub format: Format,
    pub container: Container,
    pub keys: Vec<Key>,
    /// JWKS entries that were skipped, each with its reason.
    pub skipped: Vec<Error>,
}

impl Loaded {
    /// The one key of a single-key input, or the one key with `kid` in a set.
    pub fn select(self, kid: Option<&str>) -> Result<Key> {
        if let Some(kid) = kid {
            return self
                .keys
                .into_iter()
                .find(|k| k.kid.as_deref() == Some(kid))
                .ok_or_else(|| {
                    Error::input(
                        "kid_not_found",
                        format!("no usable key with kid `{}`", kid.escape_default()),
                    )
                });
        }
        let count = self.keys.len();
        let mut keys = self.keys.into_iter();
        match (keys.next(), count) {
            (Some(key), 1) => Ok(key),
            _ => Err(Error::input(
                "ambiguous_key",
                format!("the key set holds {count} usable keys; choose one with --kid"),
            )),
        }
    }
}

/// Where the passphrase for an encrypted key comes from; called only when one is needed.
pub type PassphraseSource<'a> = &'a dyn Fn() -> Result<Secret>;

/// A passphrase source for inputs that must not be encrypted.
pub fn no_passphrase() -> Result<Secret> {
    Err(Error::input(
        "passphrase_required",
        "the key is encrypted; give --passphrase-file FILE or set OAUTHCTL_PASSPHRASE",
    ))
}

/// Open a file for reading without blocking on a named pipe that has no writer (opening
/// one blocks until a writer comes, possibly for ever); once open, reads block as usual, so
/// `<(command)` still works.
fn open_for_reading(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::empty())?;
    Ok(file)
}

/// Read a file, or standard input for `-`, refusing anything over `limit` bytes before
/// parsing it. A named pipe with nothing writing to it is an error, not a wait.
pub fn read_capped(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    let shown = path.display();
    let too_big = || {
        Error::input(
            "file_too_large",
            format!(
                "{shown} is larger than {} KiB; that is not a {what}",
                limit / 1024
            ),
        )
    };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::input("unreadable", format!("cannot read standard input: {e}")))?;
    } else {
        let file = open_for_reading(path)
            .map_err(|e| Error::input("unreadable", format!("cannot open {shown}: {e}")))?;
        let metadata = file.metadata().ok();
        let len = metadata.as_ref().map_or(0, |m| m.len());
        if len > limit {
            return Err(too_big());
        }
        // Sized from the metadata, the file is read in one call rather than in doubling chunks.
        bytes.reserve_exact(usize::try_from(len).unwrap_or(0));
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::input("unreadable", format!("cannot read {shown}: {e}")))?;
        let fifo =
            metadata.is_some_and(|m| std::os::unix::fs::FileTypeExt::is_fifo(&m.file_type()));
        if fifo && bytes.is_empty() {
            return Err(Error::input(
                "unreadable",
                format!("{shown} is a named pipe and nothing was writing to it"),
            )
            .hint(format!(
                "start the writer first, or pass a regular file as the {what}"
            )));
        }
    }
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

pub fn load_path(path: &Path, passphrase: PassphraseSource) -> Result<Loaded> {
    let bytes = read_capped(path, MAX_KEY_FILE_BYTES, "key file")?;
    parse(&bytes, passphrase).map_err(|e| e.context(path.display()))
}

/// Detect and decode key material from bytes.
pub fn parse(bytes: &[u8], passphrase: PassphraseSource) -> Result<Loaded> {
    let trimmed = trim_ascii_whitespace(bytes);
    if trimmed.is_empty() {
        return Err(Error::input("not_a_key", "the input is empty"));
    }
    if trimmed.starts_with(b"-----BEGIN ") {
        parse_pem(trimmed, passphrase)
    } else if trimmed.starts_with(b"{") {
        parse_json(trimmed)
    } else if trimmed[0] == 0x30 {
        parse_der(bytes, passphrase)
    } else {
        Err(Error::input(
            "not_a_key",
            "this is not a key: expected PEM text, DER, or a JWK/JWKS JSON object",
        ))
    }
}

fn trim_ascii_whitespace(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace());
    match (start, end) {
        (Some(s), Some(e)) => &bytes[s..=e],
        _ => &[],
    }
}

fn single(format: Format, container: Container, key: Key) -> Result<Loaded> {
    policy::check_key(&key)?;
    Ok(Loaded {
        format,
        container,
        keys: vec![key],
        skipped: Vec::new(),
    })
}

fn parse_json(bytes: &[u8]) -> Result<Loaded> {
    let map = json::parse_object(bytes)
        .map_err(|e| Error::input("malformed_jwk", format!("the JSON is not usable: {e}")))?;
    if map.contains_key("keys") {
        let KeySet { keys, skipped } = jwk::parse_jwks(&map)?;
        if keys.is_empty() && skipped.len() == 1 {
            return Err(skipped.into_iter().next().expect("one entry"));
        }
        if keys.is_empty() {
            let reasons: Vec<String> = skipped.iter().map(|e| e.message.clone()).collect();
            let mut err = Error::input("no_usable_key", "the JWKS holds no usable signing key");
            for reason in reasons {
                err = err.hint(reason);
            }
            return Err(err);
        }
        Ok(Loaded {
            format: Format::Jwks,
            container: Container::Json,
            keys,
            skipped,
        })
    } else if map.contains_key("kty") {
        let key = jwk::parse_jwk(&map)?;
        Ok(Loaded {
            format: Format::Jwk,
            container: Container::Json,
            keys: vec![key],
            skipped: Vec::new(),
        })
    } else {
        Err(Error::input(
            "not_a_key",
            "the JSON object is neither a JWK (no `kty`) nor a JWKS (no `keys`)",
        ))
    }
}

fn parse_pem(text: &[u8], passphrase: PassphraseSource) -> Result<Loaded> {
    let text = std::str::from_utf8(text)
        .map_err(|_| Error::input("malformed_pem", "the PEM text is not valid UTF-8"))?;
    let first_line = text.lines().next().unwrap_or_default();
    let label = first_line
        .strip_prefix("-----BEGIN ")
        .and_then(|rest| rest.strip_suffix("-----"))
        .ok_or_else(|| Error::input("malformed_pem", "the PEM BEGIN line is malformed"))?;
    let end_marker = format!("-----END {label}-----");
    let end = text.find(&end_marker).ok_or_else(|| {
        Error::input(
            "malformed_pem",
            format!("no `{end_marker}` line: the PEM is cut short"),
        )
    })? + end_marker.len();
    let rest = text[end..].trim();
    if rest.starts_with("-----BEGIN ") {
        return Err(Error::input(
            "multiple_pem_blocks",
            "the file holds more than one PEM block; give one key per file",
        ));
    }
    if !rest.is_empty() {
        return Err(Error::input(
            "trailing_data",
            "there is data after the PEM END line; the file may be corrupted or concatenated",
        ));
    }
    let block = &text[..end];
    if block.contains("Proc-Type:") || block.contains("DEK-Info:") {
        return Err(Error::input(
            "legacy_encrypted_pem",
            "the key uses legacy OpenSSL PEM encryption (Proc-Type: 4,ENCRYPTED), which is \
             weak and not supported",
        )
        .hint("convert it: openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out new.pem"));
    }
    let der = pem_body(block)?;
    let (format, material) = match label {
        "PRIVATE KEY" => (Format::Pkcs8, keyder::decode_pkcs8(&der)),
        "ENCRYPTED PRIVATE KEY" => {
            let plain = encrypt::decrypt_pkcs8(&der, &passphrase()?)?;
            (Format::EncryptedPkcs8, keyder::decode_pkcs8(plain.expose()))
        }
        "RSA PRIVATE KEY" => (Format::Pkcs1Private, keyder::decode_pkcs1_private(&der)),
        "EC PRIVATE KEY" => (Format::Sec1, keyder::decode_sec1(&der)),
        "PUBLIC KEY" => (Format::Spki, keyder::decode_spki(&der)),
        "RSA PUBLIC KEY" => (Format::Pkcs1Public, keyder::decode_pkcs1_public(&der)),
        "CERTIFICATE" => (Format::Certificate, certificate_key(&der)),
        other => {
            return Err(Error::input(
                "unsupported_pem",
                format!("PEM blocks labelled `{other}` are not keys oauthctl reads"),
            ))
        }
    };
    let material = material.map_err(|err| explain_label_mismatch(label, &der, err))?;
    single(format, Container::Pem, Key::new(material))
}

/// The base64 between the BEGIN and END lines. Line width is not enforced (tools write
/// 64 or 76 columns), but the body must be standard, padded base64 and nothing else.
fn pem_body(block: &str) -> Result<Vec<u8>> {
    use base64::Engine as _;
    let mut lines = block.lines();
    lines.next();
    let body: String = lines
        .take_while(|line| !line.starts_with("-----END "))
        .map(str::trim)
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map_err(|e| {
            Error::input(
                "malformed_pem",
                format!("the PEM body is not valid base64: {e}"),
            )
        })
}

/// When a PEM label disagrees with its content ("PUBLIC KEY" over a private key), say
/// what the content really is.
fn explain_label_mismatch(label: &str, der: &[u8], err: Error) -> Error {
    match sniff_der(der) {
        Some(actual) if err.reason == "malformed_key" => Error::input(
            "pem_label_mismatch",
            format!(
                "the PEM label says `{label}` but the content is a {}",
                actual.describe()
            ),
        ),
        _ => err,
    }
}

fn sniff_der(der: &[u8]) -> Option<Format> {
    if pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).is_ok() {
        Some(Format::EncryptedPkcs8)
    } else if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        Some(Format::Pkcs8)
    } else if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        Some(Format::Spki)
    } else if pkcs1::RsaPrivateKey::<der::asn1::UintRef>::from_der(der).is_ok() {
        Some(Format::Pkcs1Private)
    } else if sec1::EcPrivateKey::from_der(der).is_ok() {
        Some(Format::Sec1)
    } else if pkcs1::RsaPublicKey::<der::asn1::UintRef>::from_der(der).is_ok() {
        Some(Format::Pkcs1Public)
    } else if x509_cert::Certificate::from_der(der).is_ok() {
        Some(Format::Certificate)
    } else {
        None
    }
}

fn parse_der(der: &[u8], passphrase: PassphraseSource) -> Result<Loaded> {
    let format = sniff_der(der).ok_or_else(|| {
        Error::input(
            "not_a_key",
            "the binary data is not a DER key oauthctl knows (PKCS#8, PKCS#1, SEC1, SPKI, \
             X.509)",
        )
    })?;
    let material = match format {
        Format::EncryptedPkcs8 => {
            let plain = encrypt::decrypt_pkcs8(der, &passphrase()?)?;
            keyder::decode_pkcs8(plain.expose())?
        }
        Format::Pkcs8 => keyder::decode_pkcs8(der)?,
        Format::Spki => keyder::decode_spki(der)?,
        Format::Pkcs1Private => keyder::decode_pkcs1_private(der)?,
        Format::Sec1 => keyder::decode_sec1(der)?,
        Format::Pkcs1Public => keyder::decode_pkcs1_public(der)?,
        Format::Certificate => certificate_key(der)?,
        Format::Jwk | Format::Jwks => unreachable!("sniff_der only returns DER formats"),
    };
    single(format, Container::Der, Key::new(material))
}

/// The subject public key of an X.509 certificate. The certificate itself (validity,
/// chain) is not judged: oauthctl only borrows its key.
fn certificate_key(der: &[u8]) -> Result<Material> {
    use der::Encode;
    let cert = x509_cert::Certificate::from_der(der).map_err(|e| {
        Error::input(
            "malformed_key",
            format!("the X.509 certificate is malformed: {e}"),
        )
    })?;
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|e| Error::input("malformed_key", e.to_string()))?;
    keyder::decode_spki(&spki)
}
