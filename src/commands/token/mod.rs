//! `oauthctl token mint|decode|verify|dpop-proof`.

pub mod decode;
pub mod dpop_proof;
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
    /// Longer than the cap: reported when it passes the cap, never kept.
    TooLong,
    NotUtf8,
}

/// The lines of a stream, read one at a time with a cap on their length, so that an
/// endless line costs no more memory than the cap (`token mint --batch < /dev/zero`). An
/// over-long line is reported as soon as it passes the cap.
pub struct BoundedLines<R> {
    reader: R,
    max: usize,
    skip_long: bool,
    /// The rest of an over-long line, already reported, is to be read past.
    in_long_line: bool,
}

impl<R: std::io::BufRead> BoundedLines<R> {
    /// Lines of at most `max` bytes; after an over-long line the stream is left where it
    /// passed the cap: the caller stops.
    pub fn new(reader: R, max: usize) -> Self {
        BoundedLines {
            reader,
            max,
            skip_long: false,
            in_long_line: false,
        }
    }

    /// As `new`, but the rest of an over-long line is read past (without keeping it) when
    /// the next line is asked for: for callers that go on to the next line.
    pub fn skipping_long_lines(reader: R, max: usize) -> Self {
        BoundedLines {
            skip_long: true,
            ..BoundedLines::new(reader, max)
        }
    }

    /// Reads up to and including the next newline; false at the end of the stream.
    fn skip_past_newline(&mut self) -> std::io::Result<bool> {
        loop {
            let available = match self.reader.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(false);
            }
            let newline = available.iter().position(|&b| b == b'\n');
            let used = newline.map_or(available.len(), |i| i + 1);
            self.reader.consume(used);
            if newline.is_some() {
                return Ok(true);
            }
        }
    }
}

impl<R: std::io::BufRead> Iterator for BoundedLines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.in_long_line {
            if !self.skip_long {
                return None;
            }
            match self.skip_past_newline() {
                Ok(true) => self.in_long_line = false,
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
        let mut line = Vec::new();
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
            if line.len() + part.len() > self.max {
                self.in_long_line = true;
                return Some(Ok(Line::TooLong));
            }
            line.extend_from_slice(part);
            let used = ends.unwrap_or(available.len());
            self.reader.consume(used);
            if ends.is_some() {
                break;
            }
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
    fn an_endless_line_is_reported_at_the_cap_and_skipping_reads_on_without_keeping_it() {
        let endless = || std::io::Read::take(std::io::repeat(b'x'), 10_000_000);
        let mut lines = BoundedLines::skipping_long_lines(std::io::BufReader::new(endless()), 1000);
        assert_eq!(lines.next().unwrap().unwrap(), Line::TooLong);
        assert!(lines.next().is_none());
        let then_a_line = std::io::Read::chain(endless(), &b"\nnext\n"[..]);
        let mut lines =
            BoundedLines::skipping_long_lines(std::io::BufReader::new(then_a_line), 1000);
        assert_eq!(lines.next().unwrap().unwrap(), Line::TooLong);
        assert_eq!(lines.next().unwrap().unwrap(), Line::Text("next".into()));
    }

    #[test]
    fn without_skipping_an_endless_line_is_reported_at_the_cap() {
        let endless = std::io::Read::take(std::io::repeat(b'x'), u64::MAX);
        let reader = std::io::BufReader::new(endless);
        let mut lines = BoundedLines::new(reader, 1000);
        assert_eq!(lines.next().unwrap().unwrap(), Line::TooLong);
    }
}
