//! Signing and verification with keys parsed once, for every JWA algorithm oauthctl
//! supports.
//!
//! Verification and HMAC/Ed25519 signing use aws-lc. Signing that needs randomness (RSA
//! blinding and PSS salts, ECDSA nonces) uses ring, which reads the operating system's
//! CSPRNG directly: aws-lc seeds a CPU-jitter entropy source on its first random draw,
//! which costs tens of milliseconds per process and can only be turned off when aws-lc is
//! compiled, something a `cargo install` user does not control. aws-lc remains the signer
//! for what ring lacks (P-521, RSA keys over 4096 bits).
//!
//! A process that signs many tokens ([`Signer::for_many`]: `serve`, `token mint --count` or
//! `--batch`) pays that set-up once, so it signs RSA with aws-lc, whose RSA uses AVX-512
//! IFMA where the CPU has it (measured in benches/tokens.sh and benches/serve.sh).

use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeyPair as RsaKeyPair;
use aws_lc_rs::signature::{
    self, EcdsaKeyPair, Ed25519KeyPair, ParsedPublicKey, RsaParameters, RsaPublicKeyComponents,
    RsaSignatureEncoding,
};

use std::sync::{Arc, OnceLock};

use super::{der, Algorithm, Curve, Family, Key, Material};
use crate::error::{Error, Result};

/// The ring key pair that checking an RSA private key builds, kept with the key so that a
/// signer made from it later does not parse and check the same key again (a tenth of a
/// one-token `token mint` process). A cache, not part of the key's value: it never makes
/// two keys unequal.
#[derive(Clone, Default)]
pub struct CheckedRsaPair(OnceLock<Arc<ring::rsa::KeyPair>>);

impl PartialEq for CheckedRsaPair {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for CheckedRsaPair {}

impl std::fmt::Debug for CheckedRsaPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "checked"
        } else {
            "unchecked"
        })
    }
}

/// The ring key pair for an RSA private key ring can sign with, built once per key.
fn ring_rsa_pair(key: &Key) -> Result<Arc<ring::rsa::KeyPair>> {
    let Material::Rsa {
        private: Some(private),
        ..
    } = &key.material
    else {
        return Err(Error::input(
            "not_private",
            "an RSA private key is needed here",
        ));
    };
    if let Some(pair) = private.checked.0.get() {
        return Ok(Arc::clone(pair));
    }
    let pkcs1 = der::encode_pkcs1_private(key)?;
    let pair = ring::rsa::KeyPair::from_der(&pkcs1).map_err(|e| {
        Error::input(
            "malformed_key",
            format!("the RSA private key is inconsistent: {e}"),
        )
    })?;
    Ok(Arc::clone(private.checked.0.get_or_init(|| Arc::new(pair))))
}

/// A private key made ready to sign with one algorithm.
pub struct Signer {
    alg: Algorithm,
    kind: SignerKind,
}

enum SignerKind {
    RingRsa(
        Arc<ring::rsa::KeyPair>,
        &'static dyn ring::signature::RsaEncoding,
    ),
    RingEc(ring::signature::EcdsaKeyPair),
    Rsa(RsaKeyPair, &'static RsaSignatureEncoding),
    Ec(EcdsaKeyPair),
    Ed(Ed25519KeyPair),
    Hmac(Box<hmac::Key>),
}

fn hmac_alg(alg: Algorithm) -> hmac::Algorithm {
    match alg {
        Algorithm::Hs384 => hmac::HMAC_SHA384,
        Algorithm::Hs512 => hmac::HMAC_SHA512,
        _ => hmac::HMAC_SHA256,
    }
}

fn rsa_encoding(alg: Algorithm) -> &'static RsaSignatureEncoding {
    match alg {
        Algorithm::Rs256 => &signature::RSA_PKCS1_SHA256,
        Algorithm::Rs384 => &signature::RSA_PKCS1_SHA384,
        Algorithm::Rs512 => &signature::RSA_PKCS1_SHA512,
        Algorithm::Ps256 => &signature::RSA_PSS_SHA256,
        Algorithm::Ps384 => &signature::RSA_PSS_SHA384,
        _ => &signature::RSA_PSS_SHA512,
    }
}

fn ring_rsa_encoding(alg: Algorithm) -> &'static dyn ring::signature::RsaEncoding {
    match alg {
        Algorithm::Rs256 => &ring::signature::RSA_PKCS1_SHA256,
        Algorithm::Rs384 => &ring::signature::RSA_PKCS1_SHA384,
        Algorithm::Rs512 => &ring::signature::RSA_PKCS1_SHA512,
        Algorithm::Ps256 => &ring::signature::RSA_PSS_SHA256,
        Algorithm::Ps384 => &ring::signature::RSA_PSS_SHA384,
        _ => &ring::signature::RSA_PSS_SHA512,
    }
}

/// ring signs with RSA keys of 2048 to 4096 bits.
const RING_MAX_RSA_BITS: usize = 4096;

fn rsa_parameters(alg: Algorithm) -> &'static RsaParameters {
    match alg {
        Algorithm::Rs256 => &signature::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::Rs384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::Rs512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::Ps256 => &signature::RSA_PSS_2048_8192_SHA256,
        Algorithm::Ps384 => &signature::RSA_PSS_2048_8192_SHA384,
        _ => &signature::RSA_PSS_2048_8192_SHA512,
    }
}

/// The error for a key that cannot be used with an algorithm, in both directions
/// (HS256 with an RSA key, RS256 with a secret, ES384 with a P-256 key).
pub fn mismatch(key: &Key, alg: Algorithm) -> Error {
    let why = match (&key.material, alg.family()) {
        (Material::Oct { k }, Family::Hmac) => format!(
            "the HMAC secret is {} bytes; {alg} needs at least {}",
            k.len(),
            alg.min_hmac_key_len()
        ),
        _ => format!("{alg} cannot be used with a {} key", key.describe()),
    };
    Error::input("alg_key_mismatch", why)
}

impl Signer {
    pub fn new(key: &Key, alg: Algorithm) -> Result<Signer> {
        if !key.fits(alg) {
            return Err(mismatch(key, alg));
        }
        if !key.is_private() {
            return Err(Error::input(
                "not_private",
                format!(
                    "signing needs a private key; this is a public {} key",
                    key.describe()
                ),
            )
            .hint("pass the private key file (for example oauthctl.key.pem)"));
        }
        let unusable = |e: &dyn std::fmt::Display| {
            Error::input("malformed_key", format!("the private key is unusable: {e}"))
        };
        let kind = match &key.material {
            Material::Rsa { .. } if key.bits() <= RING_MAX_RSA_BITS => {
                SignerKind::RingRsa(ring_rsa_pair(key)?, ring_rsa_encoding(alg))
            }
            Material::Ec { curve, .. } if *curve != Curve::P521 => {
                let ring_alg = if *curve == Curve::P256 {
                    &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING
                } else {
                    &ring::signature::ECDSA_P384_SHA384_FIXED_SIGNING
                };
                let pkcs8 = zeroize::Zeroizing::new(der::encode_pkcs8(key)?);
                let pair = ring::signature::EcdsaKeyPair::from_pkcs8(
                    ring_alg,
                    &pkcs8,
                    &ring::rand::SystemRandom::new(),
                )
                .map_err(|e| unusable(&e))?;
                SignerKind::RingEc(pair)
            }
            Material::Rsa { .. } => {
                let pkcs1 = der::encode_pkcs1_private(key)?;
                let pair = RsaKeyPair::from_der(&pkcs1).map_err(|e| {
                    Error::input(
                        "malformed_key",
                        format!("the RSA private key is unusable: {e}"),
                    )
                })?;
                SignerKind::Rsa(pair, rsa_encoding(alg))
            }
            Material::Ec { .. } => SignerKind::Ec(der::ec_key_pair(key)?),
            Material::Ed25519 { .. } => SignerKind::Ed(der::ed25519_key_pair(key)?),
            Material::Oct { k } => {
                SignerKind::Hmac(Box::new(hmac::Key::new(hmac_alg(alg), k.expose())))
            }
        };
        Ok(Signer { alg, kind })
    }

    /// A signer for a process that signs many tokens: as [`Signer::new`], but RSA signs with
    /// aws-lc. The key is still checked once with ring, so that an inconsistent key is
    /// refused the same way whichever engine signs.
    pub fn for_many(key: &Key, alg: Algorithm) -> Result<Signer> {
        let signer = Signer::new(key, alg)?;
        match signer.kind {
            SignerKind::RingRsa(..) => {
                let pkcs1 = zeroize::Zeroizing::new(der::encode_pkcs1_private(key)?);
                // ring's check passed, so what aws-lc's fuller check refuses is one of the
                // parts ring does not check: the private exponents.
                let pair = RsaKeyPair::from_der(&pkcs1).map_err(|_| {
                    Error::input(
                        "malformed_key",
                        "the RSA private key is inconsistent: its private exponents (d, dp, \
                         dq) do not belong to it, so it signs nothing",
                    )
                })?;
                Ok(Signer {
                    alg,
                    kind: SignerKind::Rsa(pair, rsa_encoding(alg)),
                })
            }
            _ => Ok(signer),
        }
    }

    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let failed = |e: aws_lc_rs::error::Unspecified| {
            Error::input("sign_failed", format!("signing failed: {e}"))
        };
        let ring_failed = |e: ring::error::Unspecified| {
            Error::input("sign_failed", format!("signing failed: {e}"))
        };
        match &self.kind {
            SignerKind::RingRsa(pair, encoding) => {
                let mut out = vec![0u8; pair.public().modulus_len()];
                pair.sign(
                    *encoding,
                    &ring::rand::SystemRandom::new(),
                    message,
                    &mut out,
                )
                .map_err(|_| inconsistent_crt())?;
                Ok(out)
            }
            SignerKind::RingEc(pair) => Ok(pair
                .sign(&ring::rand::SystemRandom::new(), message)
                .map_err(ring_failed)?
                .as_ref()
                .to_vec()),
            SignerKind::Rsa(pair, encoding) => {
                let mut out = vec![0u8; pair.public_modulus_len()];
                // aws-lc, like ring, checks the signature it made before returning it.
                pair.sign(*encoding, &SystemRandom::new(), message, &mut out)
                    .map_err(|_| inconsistent_crt())?;
                Ok(out)
            }
            SignerKind::Ec(pair) => Ok(pair
                .sign(&SystemRandom::new(), message)
                .map_err(failed)?
                .as_ref()
                .to_vec()),
            SignerKind::Ed(pair) => Ok(pair.sign(message).as_ref().to_vec()),
            SignerKind::Hmac(key) => Ok(hmac::sign(key, message).as_ref().to_vec()),
        }
    }
}

/// Both engines verify an RSA signature before returning it; with a pair that passed the
/// load-time check, a failure means CRT parts that check does not cover (dp, dq) are wrong.
fn inconsistent_crt() -> Error {
    Error::input(
        "malformed_key",
        "the RSA private key is inconsistent: its CRT exponents (dp, dq) do not belong to it, \
         so it signed nothing",
    )
}

/// A key made ready to verify one algorithm's signatures.
pub struct Verifier {
    alg: Algorithm,
    kind: VerifierKind,
}

enum VerifierKind {
    Public(ParsedPublicKey),
    Hmac(Box<hmac::Key>),
}

impl Verifier {
    pub fn new(key: &Key, alg: Algorithm) -> Result<Verifier> {
        if !key.fits(alg) {
            return Err(mismatch(key, alg));
        }
        let rejected = |e: aws_lc_rs::error::KeyRejected| {
            Error::input("malformed_key", format!("the public key is unusable: {e}"))
        };
        let kind = match &key.material {
            Material::Rsa { n, e, .. } => VerifierKind::Public(
                RsaPublicKeyComponents {
                    n: n.as_slice(),
                    e: e.as_slice(),
                }
                .to_parsed_public_key(rsa_parameters(alg))
                .map_err(rejected)?,
            ),
            Material::Ec { curve, x, y, .. } => {
                let mut point = vec![0x04];
                point.extend_from_slice(x);
                point.extend_from_slice(y);
                VerifierKind::Public(
                    ParsedPublicKey::new(der::ecdsa_verify_alg(*curve), point).map_err(rejected)?,
                )
            }
            Material::Ed25519 { x, .. } => VerifierKind::Public(
                ParsedPublicKey::new(&signature::ED25519, x).map_err(rejected)?,
            ),
            Material::Oct { k } => {
                VerifierKind::Hmac(Box::new(hmac::Key::new(hmac_alg(alg), k.expose())))
            }
        };
        Ok(Verifier { alg, kind })
    }

    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// True when `signature` is valid for `message`. HMAC tags are compared in constant
    /// time by aws-lc.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match &self.kind {
            VerifierKind::Public(key) => key.verify_sig(message, signature).is_ok(),
            VerifierKind::Hmac(key) => hmac::verify(key, message, signature).is_ok(),
        }
    }
}

/// A private key whose parts do not belong together signs garbage; refuse it at load.
pub fn check_private_matches_public(key: &Key) -> Result<()> {
    match &key.material {
        // ring's check is an order of magnitude cheaper than aws-lc's RSA_check_key, which
        // matters for one-shot `token mint` processes.
        Material::Rsa { .. } if key.bits() <= RING_MAX_RSA_BITS => ring_rsa_pair(key).map(|_| ()),
        Material::Rsa { .. } => {
            let pkcs1 = der::encode_pkcs1_private(key)?;
            RsaKeyPair::from_der(&pkcs1).map(|_| ()).map_err(|e| {
                Error::input(
                    "malformed_key",
                    format!("the RSA private key is inconsistent: {e}"),
                )
            })
        }
        Material::Ec { .. } => der::ec_key_pair(key).map(|_| ()),
        Material::Ed25519 { .. } => der::ed25519_key_pair(key).map(|_| ()),
        Material::Oct { .. } => Ok(()),
    }
}
