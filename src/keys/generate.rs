//! Key generation, read back into the key model. EC P-256/P-384 and Ed25519 keys come
//! from ring (randomness straight from the OS, see `crypto`); RSA and P-521 keys from
//! aws-lc, which ring cannot make.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::EcdsaKeyPair;

use super::{der, Curve, Key};
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySpec {
    Rsa(usize),
    Ec(Curve),
    Ed25519,
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::input("keygen_failed", format!("key generation failed: {e}"))
}

fn ring_ec(alg: &'static ring::signature::EcdsaSigningAlgorithm) -> Result<Vec<u8>> {
    Ok(
        ring::signature::EcdsaKeyPair::generate_pkcs8(alg, &ring::rand::SystemRandom::new())
            .map_err(failed)?
            .as_ref()
            .to_vec(),
    )
}

/// RSA key generation time is random (the prime search): one run can take several times
/// another. With several cores, run one search per core and keep the first key found; the
/// others are dropped when they finish (their threads are detached, and end with the process
/// at the latest). Each key is independently random, so the one kept is as good as any.
///
/// A search still running at process exit is safe: aws-lc's exit handler write-locks every
/// thread's DRBG state, so the search blocks instead of drawing from zeroized state, and a
/// thread DRBG reseeds from the global one only after 2^20 draws, far beyond one keygen.
fn race_rsa(size: KeySize) -> Result<RsaKeyPair> {
    let searches = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if searches < 2 {
        return RsaKeyPair::generate(size).map_err(failed);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    for _ in 0..searches {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(RsaKeyPair::generate(size));
        });
    }
    drop(tx);
    let mut last_error = None;
    for result in rx {
        match result {
            Ok(pair) => return Ok(pair),
            Err(e) => last_error = Some(e),
        }
    }
    Err(failed(
        last_error.map_or_else(|| "no key".to_string(), |e| e.to_string()),
    ))
}

pub fn generate(spec: KeySpec) -> Result<Key> {
    let pkcs8 = match spec {
        KeySpec::Rsa(bits) => {
            let size = match bits {
                2048 => KeySize::Rsa2048,
                3072 => KeySize::Rsa3072,
                4096 => KeySize::Rsa4096,
                other => {
                    return Err(Error::usage(
                        "bad_key_size",
                        format!("RSA keys are 2048, 3072 or 4096 bits, not {other}"),
                    ))
                }
            };
            let pair = race_rsa(size)?;
            AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair)
                .map_err(failed)?
                .as_ref()
                .to_vec()
        }
        KeySpec::Ec(Curve::P256) => ring_ec(&ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING)?,
        KeySpec::Ec(Curve::P384) => ring_ec(&ring::signature::ECDSA_P384_SHA384_FIXED_SIGNING)?,
        KeySpec::Ec(curve) => EcdsaKeyPair::generate(der::ecdsa_signing_alg(curve))
            .and_then(|pair| pair.to_pkcs8v1())
            .map_err(failed)?
            .as_ref()
            .to_vec(),
        KeySpec::Ed25519 => {
            ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
                .map_err(failed)?
                .as_ref()
                .to_vec()
        }
    };
    Ok(Key::new(der::decode_pkcs8(&pkcs8)?))
}
