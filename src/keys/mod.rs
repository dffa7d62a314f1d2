//! Keys: the in-memory model, generation, loading by content, encodings (PEM, DER, JWK,
//! JWKS), thumbprints, the weak-key policy and safe writes.

pub mod alg;
pub mod cert;
pub mod crypto;
pub mod der;
pub mod encrypt;
pub mod generate;
pub mod jwk;
pub mod load;
pub mod policy;
pub mod write;

pub use alg::{Algorithm, Family};

use crate::secret::Secret;

/// The NIST curves JOSE uses for ECDSA (RFC 7518 section 6.2.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    pub fn jwk_name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    pub fn from_jwk_name(name: &str) -> Option<Curve> {
        match name {
            "P-256" => Some(Curve::P256),
            "P-384" => Some(Curve::P384),
            "P-521" => Some(Curve::P521),
            _ => None,
        }
    }

    /// Length in bytes of a coordinate or the private scalar (RFC 7518 section 6.2.1.2).
    pub fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    pub fn bits(self) -> usize {
        match self {
            Curve::P256 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
        }
    }

    pub fn algorithm(self) -> Algorithm {
        match self {
            Curve::P256 => Algorithm::Es256,
            Curve::P384 => Algorithm::Es384,
            Curve::P521 => Algorithm::Es512,
        }
    }
}

/// RSA private parts in the CRT form that PKCS#1 and JWK both carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsaPrivate {
    pub d: Secret,
    pub p: Secret,
    pub q: Secret,
    pub dp: Secret,
    pub dq: Secret,
    pub qi: Secret,
    /// Filled when the loader checks the key; signing then reuses it.
    pub checked: crypto::CheckedRsaPair,
}

/// Key material by type. Integers are big-endian without leading zero bytes; EC
/// coordinates and scalars are fixed-length as RFC 7518 requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Material {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
        private: Option<RsaPrivate>,
    },
    Ec {
        curve: Curve,
        x: Vec<u8>,
        y: Vec<u8>,
        d: Option<Secret>,
    },
    Ed25519 {
        x: Vec<u8>,
        d: Option<Secret>,
    },
    Oct {
        k: Secret,
    },
}

/// A key plus the JWK metadata that travels with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub material: Material,
    pub kid: Option<String>,
    /// The JWK `alg` member, already checked to be a known signature algorithm that fits
    /// the key.
    pub alg: Option<Algorithm>,
    pub usage: Option<String>,
    pub key_ops: Option<Vec<String>>,
}

impl Key {
    pub fn new(material: Material) -> Self {
        Key {
            material,
            kid: None,
            alg: None,
            usage: None,
            key_ops: None,
        }
    }

    pub fn is_private(&self) -> bool {
        match &self.material {
            Material::Rsa { private, .. } => private.is_some(),
            Material::Ec { d, .. } | Material::Ed25519 { d, .. } => d.is_some(),
            Material::Oct { .. } => true,
        }
    }

    pub fn is_symmetric(&self) -> bool {
        matches!(self.material, Material::Oct { .. })
    }

    /// The JWK `kty` value.
    pub fn kty(&self) -> &'static str {
        match self.material {
            Material::Rsa { .. } => "RSA",
            Material::Ec { .. } => "EC",
            Material::Ed25519 { .. } => "OKP",
            Material::Oct { .. } => "oct",
        }
    }

    /// Key size in bits: the modulus for RSA, the curve for EC, the secret for HMAC.
    pub fn bits(&self) -> usize {
        match &self.material {
            Material::Rsa { n, .. } => policy::bit_length(n),
            Material::Ec { curve, .. } => curve.bits(),
            Material::Ed25519 { .. } => 256,
            Material::Oct { k } => k.len() * 8,
        }
    }

    /// "RSA 2048", "EC P-256", "Ed25519", "HMAC secret (256 bits)".
    pub fn describe(&self) -> String {
        match &self.material {
            Material::Rsa { .. } => format!("RSA {}", self.bits()),
            Material::Ec { curve, .. } => format!("EC {}", curve.jwk_name()),
            Material::Ed25519 { .. } => "Ed25519".to_string(),
            Material::Oct { k } => format!("HMAC secret ({} bits)", k.len() * 8),
        }
    }

    /// The public half, with the same metadata. A symmetric key has none: it is returned
    /// unchanged and callers must not publish it.
    pub fn public(&self) -> Key {
        let material = match &self.material {
            Material::Rsa { n, e, .. } => Material::Rsa {
                n: n.clone(),
                e: e.clone(),
                private: None,
            },
            Material::Ec { curve, x, y, .. } => Material::Ec {
                curve: *curve,
                x: x.clone(),
                y: y.clone(),
                d: None,
            },
            Material::Ed25519 { x, .. } => Material::Ed25519 {
                x: x.clone(),
                d: None,
            },
            Material::Oct { k } => Material::Oct { k: k.clone() },
        };
        Key {
            material,
            ..self.clone()
        }
    }

    /// The algorithm this key signs with when nobody says otherwise: its JWK `alg`, else
    /// RS256, ES by curve, EdDSA, HS256.
    pub fn default_algorithm(&self) -> Algorithm {
        if let Some(alg) = self.alg {
            return alg;
        }
        match &self.material {
            Material::Rsa { .. } => Algorithm::Rs256,
            Material::Ec { curve, .. } => curve.algorithm(),
            Material::Ed25519 { .. } => Algorithm::EdDsa,
            Material::Oct { .. } => Algorithm::Hs256,
        }
    }

    /// Whether this key can be used with `alg` at all (type, curve, HMAC length).
    pub fn fits(&self, alg: Algorithm) -> bool {
        match (&self.material, alg.family()) {
            (Material::Rsa { .. }, Family::RsaPkcs1 | Family::RsaPss) => true,
            (Material::Ec { curve, .. }, Family::Ecdsa) => curve.algorithm() == alg,
            (Material::Ed25519 { .. }, Family::EdDsa) => true,
            (Material::Oct { k }, Family::Hmac) => k.len() >= alg.min_hmac_key_len(),
            _ => false,
        }
    }

    /// The `kid` to publish: the one set, else the RFC 7638 SHA-256 thumbprint.
    pub fn kid_or_thumbprint(&self) -> String {
        self.kid
            .clone()
            .unwrap_or_else(|| jwk::thumbprint(self, jwk::ThumbprintHash::Sha256))
    }
}
