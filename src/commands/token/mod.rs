//! `oauthctl token mint|decode|verify`.

pub mod decode;
pub mod mint;
pub mod verify;

use std::io::Read;

use crate::cli::SecretArgs;
use crate::error::{Error, Result};
use crate::jwt::jws::MAX_TOKEN_BYTES;
use crate::keys::load;
use crate::keys::{policy, Key, Material};
use crate::secret::Secret;

pub const SECRET_ENV: &str = "OAUTHCTL_SECRET";

/// The token text from the argument, or stdin for `-` or no argument, with pasted
/// wrappers (`Bearer`, `Authorization:`, `id_token="..."`) removed.
pub fn read_token(arg: Option<&str>) -> Result<String> {
    let raw = match arg {
        Some(text) if text != "-" => text.to_string(),
        _ => {
            // Room for a pasted `Authorization: Bearer ...` around the largest token; one
            // byte more tells that the input is larger still.
            let limit = MAX_TOKEN_BYTES as u64 + 1024;
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| {
                    Error::input("unreadable", format!("cannot read standard input: {e}"))
                })?;
            if bytes.len() as u64 > limit {
                return Err(Error::rejected(
                    "token_too_large",
                    format!(
                        "standard input holds more than {limit} bytes; oauthctl refuses tokens \
                         over {} KiB",
                        MAX_TOKEN_BYTES / 1024
                    ),
                ));
            }
            String::from_utf8(bytes)
                .map_err(|_| Error::rejected("malformed_token", "the token is not valid UTF-8"))?
        }
    };
    Ok(crate::jwt::token::extract(&raw).to_string())
}

/// An HMAC secret from --secret-file or OAUTHCTL_SECRET, if either is given.
pub fn read_secret(args: &SecretArgs) -> Result<Option<Key>> {
    let bytes = if let Some(path) = &args.secret_file {
        let bytes = load::read_capped(path, 64 * 1024, "secret file")?;
        strip_one_newline(bytes)
    } else if let Some(value) = std::env::var_os(SECRET_ENV) {
        value.into_encoded_bytes()
    } else {
        return Ok(None);
    };
    let key = Key::new(Material::Oct {
        k: Secret::new(bytes),
    });
    policy::check_key(&key)?;
    Ok(Some(key))
}

fn strip_one_newline(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.ends_with(b"\r\n") {
        bytes.truncate(bytes.len() - 2);
    } else if bytes.ends_with(b"\n") {
        bytes.truncate(bytes.len() - 1);
    }
    bytes
}
