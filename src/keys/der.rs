//! DER encodings: PKCS#8, SPKI, PKCS#1 and SEC1, to and from the key model.
//!
//! The ASN.1 structures are read and written with the RustCrypto `der` family; aws-lc
//! checks EC points and derives EC and Ed25519 public keys, so no curve arithmetic lives
//! here.

use aws_lc_rs::encoding::{AsBigEndian, AsDer};
use aws_lc_rs::signature::{
    self, EcdsaKeyPair, Ed25519KeyPair, KeyPair as _, ParsedPublicKey, RsaPublicKeyComponents,
};
use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, OctetStringRef, UintRef};
use der::{Decode, Encode};
use pkcs8::PrivateKeyInfoRef;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use super::{Curve, Key, Material, RsaPrivate};
use crate::error::{Error, Result};
use crate::secret::Secret;

pub const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub const OID_RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
pub const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

fn curve_from_oid(oid: ObjectIdentifier) -> Result<Curve> {
    match oid {
        OID_P256 => Ok(Curve::P256),
        OID_P384 => Ok(Curve::P384),
        OID_P521 => Ok(Curve::P521),
        other => Err(Error::input(
            "unsupported_curve",
            format!("EC curve {other} is not supported; use P-256, P-384 or P-521"),
        )),
    }
}

fn curve_oid(curve: Curve) -> ObjectIdentifier {
    match curve {
        Curve::P256 => OID_P256,
        Curve::P384 => OID_P384,
        Curve::P521 => OID_P521,
    }
}

pub(crate) fn ecdsa_signing_alg(curve: Curve) -> &'static signature::EcdsaSigningAlgorithm {
    match curve {
        Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
        Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED_SIGNING,
    }
}

pub(crate) fn ecdsa_verify_alg(curve: Curve) -> &'static signature::EcdsaVerificationAlgorithm {
    match curve {
        Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED,
        Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED,
        Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED,
    }
}

fn malformed(what: &str, err: impl std::fmt::Display) -> Error {
    Error::input("malformed_key", format!("{what} is malformed: {err}"))
}

/// Big-endian integer bytes without leading zeros (how JWK and our model keep them).
pub fn strip_leading_zeros(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

fn left_pad(bytes: &[u8], len: usize) -> Result<Vec<u8>> {
    let bytes = &bytes[bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len())..];
    if bytes.len() > len {
        return Err(Error::input(
            "malformed_key",
            "EC scalar is longer than the curve allows",
        ));
    }
    let mut out = vec![0u8; len - bytes.len()];
    out.extend_from_slice(bytes);
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Decoding

/// A PKCS#8 `PrivateKeyInfo` (RFC 5208 / RFC 5958) into the model.
pub fn decode_pkcs8(der: &[u8]) -> Result<Material> {
    let info = PrivateKeyInfoRef::from_der(der).map_err(|e| malformed("PKCS#8 private key", e))?;
    let oid = info.algorithm.oid;
    let inner = info.private_key.as_bytes();
    match oid {
        OID_RSA => decode_pkcs1_private(inner),
        OID_RSA_PSS => Err(Error::input(
            "unsupported_key",
            "RSASSA-PSS-restricted keys (OID 1.2.840.113549.1.1.10) are not supported; \
             use a plain rsaEncryption key (PS256 works with it)",
        )),
        OID_EC => {
            let params = info
                .algorithm
                .parameters
                .ok_or_else(|| malformed("PKCS#8 EC key", "no named curve"))?;
            let curve = curve_from_oid(
                params
                    .decode_as::<ObjectIdentifier>()
                    .map_err(|e| malformed("PKCS#8 EC curve", e))?,
            )?;
            let pair = EcdsaKeyPair::from_pkcs8(ecdsa_signing_alg(curve), der)
                .map_err(|e| malformed("PKCS#8 EC key", e))?;
            ec_material_from_pair(curve, &pair)
        }
        OID_ED25519 => {
            let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der)
                .map_err(|e| malformed("PKCS#8 Ed25519 key", e))?;
            let seed = pair.seed().map_err(|e| malformed("Ed25519 key", e))?;
            let seed_bytes =
                AsBigEndian::<aws_lc_rs::encoding::Curve25519SeedBin>::as_be_bytes(&seed)
                    .map_err(|e| malformed("Ed25519 key", e))?;
            Ok(Material::Ed25519 {
                x: pair.public_key().as_ref().to_vec(),
                d: Some(Secret::new(seed_bytes.as_ref().to_vec())),
            })
        }
        other => Err(unsupported_oid(other)),
    }
}

fn unsupported_oid(oid: ObjectIdentifier) -> Error {
    Error::input(
        "unsupported_key",
        format!("key algorithm {oid} is not supported; use RSA, EC (P-256/384/521) or Ed25519"),
    )
}

fn ec_material_from_pair(curve: Curve, pair: &EcdsaKeyPair) -> Result<Material> {
    let point = pair.public_key().as_ref();
    let (x, y) = split_point(curve, point)?;
    let scalar = pair
        .private_key()
        .as_be_bytes()
        .map_err(|e| malformed("EC private key", e))?;
    Ok(Material::Ec {
        curve,
        x,
        y,
        d: Some(Secret::new(left_pad(
            scalar.as_ref(),
            curve.coordinate_len(),
        )?)),
    })
}

fn split_point(curve: Curve, point: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let len = curve.coordinate_len();
    if point.len() != 1 + 2 * len || point[0] != 0x04 {
        return Err(Error::input(
            "malformed_key",
            "EC public key is not an uncompressed point of the curve's size",
        ));
    }
    Ok((point[1..=len].to_vec(), point[len + 1..].to_vec()))
}

/// A PKCS#1 `RSAPrivateKey` (RFC 8017 appendix A.1.2).
pub fn decode_pkcs1_private(der: &[u8]) -> Result<Material> {
    let key = pkcs1::RsaPrivateKey::<UintRef>::from_der(der)
        .map_err(|e| malformed("PKCS#1 RSA private key", e))?;
    if key.other_prime_infos.is_some() {
        return Err(Error::input(
            "unsupported_key",
            "multi-prime RSA keys are not supported",
        ));
    }
    let secret = |u: &UintRef| Secret::new(strip_leading_zeros(u.as_bytes()));
    Ok(Material::Rsa {
        n: strip_leading_zeros(key.modulus.as_bytes()),
        e: strip_leading_zeros(key.public_exponent.as_bytes()),
        private: Some(RsaPrivate {
            d: secret(&key.private_exponent),
            p: secret(&key.prime1),
            q: secret(&key.prime2),
            dp: secret(&key.exponent1),
            dq: secret(&key.exponent2),
            qi: secret(&key.coefficient),
            checked: Default::default(),
        }),
    })
}

/// A PKCS#1 `RSAPublicKey` (RFC 8017 appendix A.1.1).
pub fn decode_pkcs1_public(der: &[u8]) -> Result<Material> {
    let key = pkcs1::RsaPublicKey::<UintRef>::from_der(der)
        .map_err(|e| malformed("PKCS#1 RSA public key", e))?;
    Ok(Material::Rsa {
        n: strip_leading_zeros(key.modulus.as_bytes()),
        e: strip_leading_zeros(key.public_exponent.as_bytes()),
        private: None,
    })
}

/// A SEC1 `ECPrivateKey` (RFC 5915); the curve must be named inside it.
pub fn decode_sec1(der: &[u8]) -> Result<Material> {
    let key = sec1::EcPrivateKey::from_der(der).map_err(|e| malformed("SEC1 EC private key", e))?;
    let curve = key
        .parameters
        .and_then(|p| p.named_curve())
        .ok_or_else(|| malformed("SEC1 EC private key", "it does not name its curve"))
        .and_then(curve_from_oid)?;
    let pair = EcdsaKeyPair::from_private_key_der(ecdsa_signing_alg(curve), der)
        .map_err(|e| malformed("SEC1 EC private key", e))?;
    ec_material_from_pair(curve, &pair)
}

/// An X.509 `SubjectPublicKeyInfo` (RFC 5280 section 4.1.2.7).
pub fn decode_spki(der: &[u8]) -> Result<Material> {
    let info = SubjectPublicKeyInfoRef::from_der(der).map_err(|e| malformed("public key", e))?;
    let bits = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| malformed("public key", "its bit string is not whole bytes"))?;
    match info.algorithm.oid {
        OID_RSA => decode_pkcs1_public(bits),
        OID_EC => {
            let params = info
                .algorithm
                .parameters
                .ok_or_else(|| malformed("EC public key", "no named curve"))?;
            let curve = curve_from_oid(
                params
                    .decode_as::<ObjectIdentifier>()
                    .map_err(|e| malformed("EC public key curve", e))?,
            )?;
            let (x, y) = split_point(curve, bits)?;
            let material = Material::Ec {
                curve,
                x,
                y,
                d: None,
            };
            check_public_point(&material)?;
            Ok(material)
        }
        OID_ED25519 => {
            if bits.len() != 32 {
                return Err(malformed("Ed25519 public key", "it is not 32 bytes"));
            }
            Ok(Material::Ed25519 {
                x: bits.to_vec(),
                d: None,
            })
        }
        other => Err(unsupported_oid(other)),
    }
}

/// An EC point must lie on its curve (W-JWK "invalid point"); aws-lc checks it.
pub fn check_public_point(material: &Material) -> Result<()> {
    if let Material::Ec { curve, x, y, .. } = material {
        let mut point = vec![0x04];
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        ParsedPublicKey::new(ecdsa_verify_alg(*curve), point).map_err(|_| {
            Error::input(
                "invalid_point",
                format!("the EC public key is not a point on {}", curve.jwk_name()),
            )
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Encoding

fn der_error(err: impl std::fmt::Display) -> Error {
    Error::input(
        "encoding_failed",
        format!("could not encode the key: {err}"),
    )
}

fn uint(bytes: &[u8]) -> Result<UintRef<'_>> {
    UintRef::new(bytes).map_err(der_error)
}

fn need_private(key: &Key) -> Error {
    Error::input(
        "not_private",
        format!(
            "{} is a public key; this needs the private key",
            key.describe()
        ),
    )
}

/// PKCS#1 `RSAPrivateKey` DER.
pub fn encode_pkcs1_private(key: &Key) -> Result<Vec<u8>> {
    let Material::Rsa { n, e, private } = &key.material else {
        return Err(Error::input("wrong_key_type", "PKCS#1 holds only RSA keys"));
    };
    let private = private.as_ref().ok_or_else(|| need_private(key))?;
    let doc = pkcs1::RsaPrivateKey {
        modulus: uint(n)?,
        public_exponent: uint(e)?,
        private_exponent: uint(private.d.expose())?,
        prime1: uint(private.p.expose())?,
        prime2: uint(private.q.expose())?,
        exponent1: uint(private.dp.expose())?,
        exponent2: uint(private.dq.expose())?,
        coefficient: uint(private.qi.expose())?,
        other_prime_infos: None,
    };
    doc.to_der().map_err(der_error)
}

/// PKCS#1 `RSAPublicKey` DER.
pub fn encode_pkcs1_public(key: &Key) -> Result<Vec<u8>> {
    let Material::Rsa { n, e, .. } = &key.material else {
        return Err(Error::input("wrong_key_type", "PKCS#1 holds only RSA keys"));
    };
    pkcs1::RsaPublicKey {
        modulus: uint(n)?,
        public_exponent: uint(e)?,
    }
    .to_der()
    .map_err(der_error)
}

/// SEC1 `ECPrivateKey` DER.
pub fn encode_sec1(key: &Key) -> Result<Vec<u8>> {
    let pair = ec_key_pair(key)?;
    Ok(pair
        .private_key()
        .as_der()
        .map_err(der_error)?
        .as_ref()
        .to_vec())
}

pub(crate) fn ec_key_pair(key: &Key) -> Result<EcdsaKeyPair> {
    let Material::Ec { curve, x, y, d } = &key.material else {
        return Err(Error::input("wrong_key_type", "SEC1 holds only EC keys"));
    };
    let d = d.as_ref().ok_or_else(|| need_private(key))?;
    let mut point = vec![0x04];
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    EcdsaKeyPair::from_private_key_and_public_key(ecdsa_signing_alg(*curve), d.expose(), &point)
        .map_err(|e| {
            Error::input(
                "malformed_key",
                format!("the EC private key does not match its public point: {e}"),
            )
        })
}

pub(crate) fn ed25519_key_pair(key: &Key) -> Result<Ed25519KeyPair> {
    let Material::Ed25519 { x, d } = &key.material else {
        return Err(Error::input("wrong_key_type", "not an Ed25519 key"));
    };
    let d = d.as_ref().ok_or_else(|| need_private(key))?;
    Ed25519KeyPair::from_seed_and_public_key(d.expose(), x).map_err(|e| {
        Error::input(
            "malformed_key",
            format!("the Ed25519 private key does not match its public key: {e}"),
        )
    })
}

/// PKCS#8 `PrivateKeyInfo` DER (unencrypted).
pub fn encode_pkcs8(key: &Key) -> Result<Vec<u8>> {
    match &key.material {
        Material::Rsa { .. } => {
            let pkcs1 = encode_pkcs1_private(key)?;
            let null = AnyRef::from(der::asn1::Null);
            let info = PrivateKeyInfoRef::new(
                AlgorithmIdentifierRef {
                    oid: OID_RSA,
                    parameters: Some(null),
                },
                OctetStringRef::new(&pkcs1).map_err(der_error)?,
            );
            info.to_der().map_err(der_error)
        }
        Material::Ec { .. } => Ok(ec_key_pair(key)?
            .to_pkcs8v1()
            .map_err(der_error)?
            .as_ref()
            .to_vec()),
        Material::Ed25519 { .. } => Ok(ed25519_key_pair(key)?
            .to_pkcs8v1()
            .map_err(der_error)?
            .as_ref()
            .to_vec()),
        Material::Oct { .. } => Err(Error::input(
            "wrong_key_type",
            "an HMAC secret has no PEM form; keep it as a JWK or a secret file",
        )),
    }
}

/// SPKI `SubjectPublicKeyInfo` DER.
pub fn encode_spki(key: &Key) -> Result<Vec<u8>> {
    match &key.material {
        Material::Rsa { n, e, .. } => {
            let components = RsaPublicKeyComponents {
                n: n.as_slice(),
                e: e.as_slice(),
            };
            Ok(components.as_der().map_err(der_error)?.as_ref().to_vec())
        }
        Material::Ec { curve, x, y, .. } => {
            let mut point = vec![0x04];
            point.extend_from_slice(x);
            point.extend_from_slice(y);
            let params = curve_oid(*curve);
            let params_der = params.to_der().map_err(der_error)?;
            let info = SubjectPublicKeyInfoRef {
                algorithm: AlgorithmIdentifierRef {
                    oid: OID_EC,
                    parameters: Some(AnyRef::from_der(&params_der).map_err(der_error)?),
                },
                subject_public_key: BitStringRef::from_bytes(&point).map_err(der_error)?,
            };
            info.to_der().map_err(der_error)
        }
        Material::Ed25519 { x, .. } => {
            let info = SubjectPublicKeyInfoRef {
                algorithm: AlgorithmIdentifierRef {
                    oid: OID_ED25519,
                    parameters: None,
                },
                subject_public_key: BitStringRef::from_bytes(x).map_err(der_error)?,
            };
            info.to_der().map_err(der_error)
        }
        Material::Oct { .. } => Err(Error::input(
            "wrong_key_type",
            "an HMAC secret has no public key",
        )),
    }
}
