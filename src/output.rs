//! The one printer: data goes to stdout, messages to stderr; text or JSON; untrusted
//! strings are escaped before they reach a terminal.

use std::io::{self, IsTerminal, Write};

use serde_json::{json, Value};

use crate::error::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    /// JUnit XML, for `audit` only.
    Junit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// How chatty stderr is: -1 quiet (errors only), 0 normal, 1+ verbose.
pub type Verbosity = i8;

#[derive(Clone, Debug)]
pub struct Printer {
    pub format: Format,
    pub verbosity: Verbosity,
    color: bool,
}

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Printer {
    pub fn new(format: Format, verbosity: Verbosity, color: ColorChoice) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // https://no-color.org: any non-empty value disables colour.
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && io::stderr().is_terminal()
            }
        };
        Printer {
            format,
            verbosity,
            color,
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    pub fn is_junit(&self) -> bool {
        self.format == Format::Junit
    }

    /// Write one piece of data to stdout. A closed pipe (`| head`) ends the process
    /// successfully: the reader has what it wanted.
    pub fn data(&self, text: &str) {
        let mut out = io::stdout().lock();
        let result = out
            .write_all(text.as_bytes())
            .and_then(|()| {
                if text.ends_with('\n') {
                    Ok(())
                } else {
                    out.write_all(b"\n")
                }
            })
            .and_then(|()| out.flush());
        exit_on_closed_pipe(result);
    }

    /// Raw bytes to stdout with no newline added (DER output).
    pub fn data_bytes(&self, bytes: &[u8]) {
        let mut out = io::stdout().lock();
        exit_on_closed_pipe(out.write_all(bytes).and_then(|()| out.flush()));
    }

    /// Pretty JSON to stdout.
    pub fn json(&self, value: &Value) {
        self.data(&serde_json::to_string_pretty(value).expect("a Value always serialises"));
    }

    /// A normal progress or summary message on stderr; hidden by `--quiet`.
    pub fn info(&self, message: &str) {
        if self.verbosity >= 0 {
            message_line(message);
        }
    }

    /// Detail shown only with `-v`.
    pub fn detail(&self, message: &str) {
        if self.verbosity >= 1 {
            message_line(message);
        }
    }

    pub fn warn(&self, message: &str) {
        if self.verbosity >= 0 {
            message_line(&format!("{}: {message}", self.paint(YELLOW, "warning")));
        }
    }

    /// Report a failure: one `error[reason]:` line on stderr with its hints, or, with
    /// `--output json`, `{"ok":false,...}` on stdout (and still the line on stderr).
    pub fn error(&self, error: &Error) {
        if self.is_json() {
            self.json(&json!({
                "ok": false,
                "reason": error.reason,
                "message": error.message,
                "hints": error.hints,
            }));
        }
        message_line(&format!(
            "{}: {}",
            self.paint(RED, &format!("error[{}]", error.reason)),
            escape_untrusted(&error.message)
        ));
        for hint in &error.hints {
            message_line(&format!(
                "{}: {}",
                self.paint(BOLD, "hint"),
                escape_untrusted(hint)
            ));
        }
    }

    /// A pass/fail mark for step lists.
    pub fn mark(&self, ok: bool) -> String {
        if ok {
            self.paint(GREEN, "✓")
        } else {
            self.paint(RED, "✗")
        }
    }

    pub fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint(BOLD, text)
    }
}

/// A line on stderr. A closed stderr is no reason to fail: the work goes on.
pub fn message_line(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

fn exit_on_closed_pipe(result: io::Result<()>) {
    if let Err(err) = result {
        if err.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error[stdout]: cannot write to standard output: {err}");
        std::process::exit(crate::exit::ExitStatus::LocalSafety.code().into());
    }
}

/// Make a string from an untrusted source (claims, server messages) safe to show on a
/// terminal: control characters (ESC among them) and every invisible or formatting
/// character (Unicode categories Cf, Zl and Zp: bidi overrides, zero-width spaces and
/// joiners, the BOM, soft hyphens, tag characters) are shown as escapes, so that two
/// strings that differ never look the same.
pub fn escape_untrusted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() || is_invisible(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    matches!(
        c.general_category(),
        GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(escape_untrusted("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_untrusted("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(escape_untrusted("plain text\n"), "plain text\n");
        assert_eq!(escape_untrusted("\r"), "\\u{d}");
        for invisible in [
            '\u{61c}',
            '\u{200b}',
            '\u{200d}',
            '\u{feff}',
            '\u{ad}',
            '\u{2028}',
            '\u{2029}',
            '\u{e0041}',
            '\u{2066}',
        ] {
            let shown = escape_untrusted(&format!("a{invisible}b"));
            assert_eq!(shown, format!("a\\u{{{:x}}}b", invisible as u32));
        }
        assert_eq!(escape_untrusted("café ✓ 日本"), "café ✓ 日本");
    }
}
