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

/// One line of a batch on standard input.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Longer than the cap: skipped to its end without being kept.
    TooLong,
    NotUtf8,
}

/// The lines of a stream, read one at a time with a cap on their length, so that an
/// endless line costs no more memory than the cap (`token mint --batch < /dev/zero`).
pub struct BoundedLines<R> {
    reader: R,
    max: usize,
    skip_long: bool,
}

impl<R: std::io::BufRead> BoundedLines<R> {
    /// Lines of at most `max` bytes. An over-long line is reported as soon as it passes
    /// the cap, and the stream is left there: the caller stops.
    pub fn new(reader: R, max: usize) -> Self {
        BoundedLines {
            reader,
            max,
            skip_long: false,
        }
    }

    /// As `new`, but an over-long line is read to its end (without keeping it) before it
    /// is reported, so that the next line can be read: for callers that go on.
    pub fn skipping_long_lines(reader: R, max: usize) -> Self {
        BoundedLines {
            skip_long: true,
            ..BoundedLines::new(reader, max)
        }
    }
}

impl<R: std::io::BufRead> Iterator for BoundedLines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = Vec::new();
        let mut too_long = false;
        let mut any = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if available.is_empty() {
                if !any {
                    return None;
                }
                break;
            }
            any = true;
            let (part, ends) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (&available[..i], Some(i + 1)),
                None => (available, None),
            };
            if !too_long && line.len() + part.len() <= self.max {
                line.extend_from_slice(part);
            } else if !self.skip_long {
                return Some(Ok(Line::TooLong));
            } else {
                too_long = true;
                line = Vec::new();
            }
            let used = ends.unwrap_or(available.len());
            self.reader.consume(used);
            if ends.is_some() {
                break;
            }
        }
        if too_long {
            return Some(Ok(Line::TooLong));
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Some(Ok(match String::from_utf8(line) {
            Ok(text) => Line::Text(text),
            Err(_) => Line::NotUtf8,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<Line> {
        // A tiny buffer, so that lines straddle reads.
        let reader = std::io::BufReader::with_capacity(3, input);
        BoundedLines::skipping_long_lines(reader, max)
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn long_and_broken_lines_get_their_own_verdict() {
        let text = |s: &str| Line::Text(s.to_string());
        assert_eq!(
            lines(b"abc\r\nabcdefgh\n\xff\xfe\nlast", 5),
            [text("abc"), Line::TooLong, Line::NotUtf8, text("last")]
        );
        assert_eq!(lines(b"", 5), []);
        assert_eq!(lines(b"\n\n", 5), [text(""), text("")]);
        assert_eq!(lines(b"12345\n123456", 5), [text("12345"), Line::TooLong]);
    }

    #[test]
    fn without_skipping_an_endless_line_is_reported_at_the_cap() {
        let endless = std::io::Read::take(std::io::repeat(b'x'), u64::MAX);
        let reader = std::io::BufReader::new(endless);
        let mut lines = BoundedLines::new(reader, 1000);
        assert_eq!(lines.next().unwrap().unwrap(), Line::TooLong);
    }
}
