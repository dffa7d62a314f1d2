//! JWK and JWKS (RFC 7517), the RFC 7638 thumbprint, and the JWKS admission policy.

use aws_lc_rs::digest;
use serde_json::{json, Map, Value};

use super::{policy, Algorithm, Curve, Key, Material, RsaPrivate};
use crate::b64;
use crate::error::{Error, Result};
use crate::json;
use crate::secret::Secret;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ThumbprintHash {
    #[default]
    Sha256,
    Sha384,
    Sha512,
}

/// The required members of a key, in lexicographic order (RFC 7638 section 3.2). This is
/// also exactly the minimal public JWK an API gateway wants, e.g.
/// `{"e":"AQAB","kty":"RSA","n":"..."}`.
pub fn required_members(key: &Key) -> Map<String, Value> {
    let mut map = Map::new();
    match &key.material {
        Material::Rsa { n, e, .. } => {
            map.insert("e".into(), b64::encode(e).into());
            map.insert("kty".into(), "RSA".into());
            map.insert("n".into(), b64::encode(n).into());
        }
        Material::Ec { curve, x, y, .. } => {
            map.insert("crv".into(), curve.jwk_name().into());
            map.insert("kty".into(), "EC".into());
            map.insert("x".into(), b64::encode(x).into());
            map.insert("y".into(), b64::encode(y).into());
        }
        Material::Ed25519 { x, .. } => {
            map.insert("crv".into(), "Ed25519".into());
            map.insert("kty".into(), "OKP".into());
            map.insert("x".into(), b64::encode(x).into());
        }
        Material::Oct { k } => {
            map.insert("k".into(), b64::encode(k.expose()).into());
            map.insert("kty".into(), "oct".into());
        }
    }
    map
}

/// RFC 7638 JWK thumbprint, base64url.
pub fn thumbprint(key: &Key, hash: ThumbprintHash) -> String {
    let canonical = serde_json::to_string(&Value::Object(required_members(key)))
        .expect("a Map always serialises");
    let alg = match hash {
        ThumbprintHash::Sha256 => &digest::SHA256,
        ThumbprintHash::Sha384 => &digest::SHA384,
        ThumbprintHash::Sha512 => &digest::SHA512,
    };
    b64::encode(digest::digest(alg, canonical.as_bytes()))
}

/// A JWK with metadata first (`kty kid use alg`), then the key members. Private members
/// are written only when `include_private` is set and the key has them.
pub fn to_jwk(key: &Key, include_private: bool) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("kty".into(), key.kty().into());
    if let Some(kid) = &key.kid {
        map.insert("kid".into(), kid.clone().into());
    }
    if let Some(usage) = &key.usage {
        map.insert("use".into(), usage.clone().into());
    }
    if let Some(ops) = &key.key_ops {
        map.insert("key_ops".into(), json!(ops));
    }
    if let Some(alg) = key.alg {
        map.insert("alg".into(), alg.name().into());
    }
    for (name, value) in required_members(key) {
        if name != "kty" && (name != "k" || include_private) {
            map.insert(name, value);
        }
    }
    if include_private {
        let mut put = |name: &str, secret: &Secret| {
            map.insert(name.into(), b64::encode(secret.expose()).into());
        };
        match &key.material {
            Material::Rsa {
                private: Some(p), ..
            } => {
                put("d", &p.d);
                put("p", &p.p);
                put("q", &p.q);
                put("dp", &p.dp);
                put("dq", &p.dq);
                put("qi", &p.qi);
            }
            Material::Ec { d: Some(d), .. } | Material::Ed25519 { d: Some(d), .. } => put("d", d),
            _ => {}
        }
    }
    map
}

/// A JWKS document holding the public forms of `keys`.
pub fn to_jwks(keys: &[Key]) -> Value {
    let keys: Vec<Value> = keys
        .iter()
        .map(|k| Value::Object(to_jwk(&k.public(), false)))
        .collect();
    json!({ "keys": keys })
}

fn jwk_error(message: impl Into<String>) -> Error {
    Error::input("malformed_jwk", message)
}

fn member_str<'a>(map: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(jwk_error(format!(
            "member `{name}` must be a string, found {}",
            json::kind(other)
        ))),
    }
}

fn member_bytes(map: &Map<String, Value>, name: &str) -> Result<Option<Vec<u8>>> {
    member_str(map, name)?
        .map(|s| b64::decode(s).map_err(|e| jwk_error(format!("member `{name}`: {e}"))))
        .transpose()
}

fn required_bytes(map: &Map<String, Value>, kty: &str, name: &str) -> Result<Vec<u8>> {
    member_bytes(map, name)?
        .ok_or_else(|| jwk_error(format!("a `{kty}` JWK needs the member `{name}`")))
}

fn fixed_len(bytes: Vec<u8>, len: usize, what: &str) -> Result<Vec<u8>> {
    if bytes.len() == len {
        Ok(bytes)
    } else {
        Err(jwk_error(format!(
            "`{what}` is {} bytes; this curve needs exactly {len} (RFC 7518 section 6.2.1.2)",
            bytes.len()
        )))
    }
}

/// One JWK object into a key, with every check that does not need the rest of a set:
/// member types, canonical base64url, `alg`/`use`/`key_ops` consistency and the weak-key
/// policy.
pub fn parse_jwk(map: &Map<String, Value>) -> Result<Key> {
    let kty = member_str(map, "kty")?.ok_or_else(|| jwk_error("the JWK has no `kty`"))?;
    let material = match kty {
        "RSA" => {
            let n = super::der::strip_leading_zeros(&required_bytes(map, kty, "n")?);
            let e = super::der::strip_leading_zeros(&required_bytes(map, kty, "e")?);
            let private = match member_bytes(map, "d")? {
                None => None,
                Some(d) => {
                    let part = |name: &str| -> Result<Secret> {
                        member_bytes(map, name)?
                            .map(|b| Secret::new(super::der::strip_leading_zeros(&b)))
                            .ok_or_else(|| {
                                Error::input(
                                    "unsupported_key",
                                    format!(
                                        "private RSA JWK without `{name}`: only keys with all \
                                         CRT members (p q dp dq qi) are supported"
                                    ),
                                )
                            })
                    };
                    Some(RsaPrivate {
                        p: part("p")?,
                        q: part("q")?,
                        dp: part("dp")?,
                        dq: part("dq")?,
                        qi: part("qi")?,
                        d: Secret::new(super::der::strip_leading_zeros(&d)),
                        checked: Default::default(),
                    })
                }
            };
            Material::Rsa { n, e, private }
        }
        "EC" => {
            let crv = member_str(map, "crv")?.ok_or_else(|| jwk_error("an EC JWK needs `crv`"))?;
            let curve = Curve::from_jwk_name(crv).ok_or_else(|| {
                Error::input(
                    "unsupported_curve",
                    format!("curve `{crv}` is not supported; use P-256, P-384 or P-521"),
                )
            })?;
            let len = curve.coordinate_len();
            Material::Ec {
                curve,
                x: fixed_len(required_bytes(map, kty, "x")?, len, "x")?,
                y: fixed_len(required_bytes(map, kty, "y")?, len, "y")?,
                d: member_bytes(map, "d")?
                    .map(|d| fixed_len(d, len, "d").map(Secret::new))
                    .transpose()?,
            }
        }
        "OKP" => {
            let crv = member_str(map, "crv")?.ok_or_else(|| jwk_error("an OKP JWK needs `crv`"))?;
            if crv != "Ed25519" {
                return Err(Error::input(
                    "unsupported_curve",
                    format!("OKP curve `{crv}` is not supported for signatures; use Ed25519"),
                ));
            }
            Material::Ed25519 {
                x: fixed_len(required_bytes(map, kty, "x")?, 32, "x")?,
                d: member_bytes(map, "d")?
                    .map(|d| fixed_len(d, 32, "d").map(Secret::new))
                    .transpose()?,
            }
        }
        "oct" => Material::Oct {
            k: Secret::new(required_bytes(map, kty, "k")?),
        },
        other => {
            return Err(Error::input(
                "unsupported_key",
                format!("key type `{}` is not supported", other.escape_default()),
            ))
        }
    };
    let mut key = Key::new(material);
    key.kid = member_str(map, "kid")?.map(str::to_owned);
    key.usage = member_str(map, "use")?.map(str::to_owned);
    key.key_ops = match map.get("key_ops") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| jwk_error("`key_ops` must be an array of strings"))
                })
                .collect::<Result<_>>()?,
        ),
        Some(other) => {
            return Err(jwk_error(format!(
                "`key_ops` must be an array, found {}",
                json::kind(other)
            )))
        }
    };
    policy::check_usage(&key)?;
    if let Some(name) = member_str(map, "alg")? {
        let alg = Algorithm::from_name(name).ok_or_else(|| {
            Error::input(
                "unsupported_alg",
                format!(
                    "JWK `alg` is `{}`, which is not a signature algorithm oauthctl supports",
                    name.escape_default()
                ),
            )
        })?;
        // A short HMAC secret is a weak key, reported as such by the policy below.
        let short_secret = key.is_symmetric() && alg.family() == super::Family::Hmac;
        if !short_secret && !key.fits(alg) {
            return Err(Error::input(
                "alg_key_mismatch",
                format!("JWK `alg` is {alg} but the key is {}", key.describe()),
            ));
        }
        key.alg = Some(alg);
    }
    policy::check_key(&key)?;
    Ok(key)
}

/// A parsed JWKS: the usable keys, and the entries skipped with the reason for each.
#[derive(Debug)]
pub struct KeySet {
    pub keys: Vec<Key>,
    pub skipped: Vec<Error>,
}

/// Parse a JWKS. Ambiguous sets are refused whole (RFC 7517 section 4.5 wants distinct
/// `kid`s; a set mixing secrets with public keys, or private with public keys, signals a
/// mistake). Single entries oauthctl cannot use are skipped, and reported.
pub fn parse_jwks(map: &Map<String, Value>) -> Result<KeySet> {
    let entries = match map.get("keys") {
        Some(Value::Array(entries)) => entries,
        Some(other) => {
            return Err(jwk_error(format!(
                "JWKS `keys` must be an array, found {}",
                json::kind(other)
            )))
        }
        None => return Err(jwk_error("a JWKS needs a `keys` array")),
    };
    let mut kids = std::collections::HashSet::new();
    let (mut symmetric, mut asymmetric_private, mut asymmetric_public) = (0, 0, 0);
    for entry in entries {
        let Value::Object(obj) = entry else {
            return Err(jwk_error("every JWKS entry must be a JSON object"));
        };
        if let Some(Value::String(kid)) = obj.get("kid") {
            if !kids.insert(kid.as_str()) {
                return Err(Error::input(
                    "duplicate_kid",
                    format!(
                        "the JWKS has two keys with kid `{}`; a verifier could pick either",
                        kid.escape_default()
                    ),
                )
                .hint("give every key a distinct kid, e.g. its RFC 7638 thumbprint"));
            }
        }
        match (
            obj.get("kty").and_then(Value::as_str),
            obj.contains_key("d"),
        ) {
            (Some("oct"), _) => symmetric += 1,
            (_, true) => asymmetric_private += 1,
            (_, false) => asymmetric_public += 1,
        }
    }
    if symmetric > 0 && asymmetric_private + asymmetric_public > 0 {
        return Err(Error::input(
            "mixed_key_set",
            "the JWKS mixes HMAC secrets with asymmetric keys; keep secrets in their own set",
        ));
    }
    if asymmetric_private > 0 && asymmetric_public > 0 {
        return Err(Error::input(
            "mixed_key_set",
            "the JWKS mixes private and public keys; publish only public keys",
        ));
    }
    let mut set = KeySet {
        keys: Vec::new(),
        skipped: Vec::new(),
    };
    for (index, entry) in entries.iter().enumerate() {
        let obj = entry.as_object().expect("checked above");
        match parse_jwk(obj) {
            Ok(key) => set.keys.push(key),
            Err(err) => {
                let name = match obj.get("kid").and_then(Value::as_str) {
                    Some(kid) => format!("JWKS key {index} (kid `{}`)", kid.escape_default()),
                    None => format!("JWKS key {index}"),
                };
                set.skipped.push(err.context(name));
            }
        }
    }
    Ok(set)
}
