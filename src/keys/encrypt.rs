//! Passphrase protection of PKCS#8 keys: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC
//! (RFC 8018), which `openssl pkcs8` and Python's cryptography read.

use der::asn1::OctetStringRef;
use der::{Decode, Encode};
use pkcs5::pbes2;
use pkcs8::EncryptedPrivateKeyInfoRef;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Deriving more than this would take minutes; a file asking for it is hostile or broken.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// scrypt cost cap: N * r at most 2^24 (16 MiB of memory per lane at r = 8... and seconds).
const MAX_SCRYPT_N_TIMES_R: u64 = 1 << 24;

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::input("no_randomness", format!("the OS random source failed: {e}")))?;
    Ok(bytes)
}

/// Encrypt a PKCS#8 `PrivateKeyInfo` into an `EncryptedPrivateKeyInfo` (DER).
pub fn encrypt_pkcs8(pkcs8: &[u8], passphrase: &Secret) -> Result<Vec<u8>> {
    if passphrase.is_empty() {
        return Err(empty_passphrase());
    }
    let salt: [u8; 16] = random_bytes()?;
    let iv: [u8; 16] = random_bytes()?;
    let params = pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(PBKDF2_ITERATIONS, &salt, iv)
        .map_err(|e| Error::input("encryption_failed", format!("PBES2 parameters: {e}")))?;
    let ciphertext = params
        .encrypt(passphrase.expose(), pkcs8)
        .map_err(|e| Error::input("encryption_failed", format!("encryption failed: {e}")))?;
    let info = EncryptedPrivateKeyInfoRef {
        encryption_algorithm: params.into(),
        encrypted_data: OctetStringRef::new(&ciphertext)
            .map_err(|e| Error::input("encryption_failed", e.to_string()))?,
    };
    info.to_der()
        .map_err(|e| Error::input("encryption_failed", e.to_string()))
}

pub fn empty_passphrase() -> Error {
    Error::input(
        "empty_passphrase",
        "the passphrase is empty; an empty passphrase protects nothing",
    )
}

/// Decrypt an `EncryptedPrivateKeyInfo`, refusing absurd KDF costs before deriving.
pub fn decrypt_pkcs8(der: &[u8], passphrase: &Secret) -> Result<Secret> {
    let info = EncryptedPrivateKeyInfoRef::from_der(der).map_err(|e| {
        Error::input(
            "malformed_key",
            format!("the encrypted PKCS#8 key is malformed or uses unsupported parameters: {e}"),
        )
    })?;
    let pkcs5::EncryptionScheme::Pbes2(params) = &info.encryption_algorithm else {
        return Err(Error::input(
            "weak_encryption",
            "the key is encrypted with PBES1 (DES/RC2 era), which oauthctl does not read",
        )
        .hint("re-encrypt it: openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out new.pem"));
    };
    check_kdf_cost(&params.kdf)?;
    if passphrase.is_empty() {
        return Err(empty_passphrase());
    }
    let plain = params
        .decrypt(passphrase.expose(), info.encrypted_data.as_bytes())
        .map_err(|_| wrong_passphrase())?;
    // A wrong passphrase passes the CBC padding check about 1 time in 256: the result
    // must also be a DER structure.
    if pkcs8::PrivateKeyInfoRef::from_der(&plain).is_err() {
        return Err(wrong_passphrase());
    }
    Ok(Secret::new(plain))
}

fn wrong_passphrase() -> Error {
    Error::input(
        "wrong_passphrase",
        "the passphrase does not decrypt this key",
    )
    .hint("check the passphrase file or OAUTHCTL_PASSPHRASE for a stray newline or typo")
}

fn check_kdf_cost(kdf: &pbes2::Kdf) -> Result<()> {
    if let Some(pbkdf2) = kdf.pbkdf2() {
        if pbkdf2.iteration_count > MAX_PBKDF2_ITERATIONS {
            return Err(absurd_cost(format!(
                "{} PBKDF2 iterations",
                pbkdf2.iteration_count
            )));
        }
    }
    if let Some(scrypt) = kdf.scrypt() {
        let n = scrypt.cost_parameter;
        if n.saturating_mul(u64::from(scrypt.block_size)) > MAX_SCRYPT_N_TIMES_R
            || scrypt.parallelization > 16
        {
            return Err(absurd_cost("scrypt parameters this large".to_string()));
        }
    }
    Ok(())
}

fn absurd_cost(what: String) -> Error {
    Error::input(
        "kdf_too_costly",
        format!(
            "the key asks for {what}; oauthctl refuses more than {MAX_PBKDF2_ITERATIONS} \
             before deriving anything"
        ),
    )
    .hint("re-encrypt the key with a sane cost, e.g. oauthctl key convert --encrypt")
}
