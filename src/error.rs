//! The one error type: a stable reason code, a sentence for humans, optional hints, and
//! the exit status it maps to.

use std::fmt;

use crate::exit::ExitStatus;

/// A failure that reaches the operator. `reason` is a stable snake_case code that scripts
/// may match on; `message` says what was wrong and, where possible, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub status: ExitStatus,
    pub reason: &'static str,
    pub message: String,
    pub hints: Vec<String>,
    /// Already shown to the operator (e.g. inside a JSON report): only the exit code remains.
    pub reported: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(status: ExitStatus, reason: &'static str, message: impl Into<String>) -> Self {
        Error {
            status,
            reason,
            message: message.into(),
            hints: Vec::new(),
            reported: false,
        }
    }

    /// The answer is no (exit 1): a token or a check failed.
    pub fn rejected(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Rejected, reason, message)
    }

    /// Bad flag values that clap could not catch (exit 2).
    pub fn usage(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Usage, reason, message)
    }

    /// Bad input from the operator (exit 3): keys, claims, config.
    pub fn input(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(ExitStatus::BadInput, reason, message)
    }

    /// Refused for local safety (exit 4).
    pub fn safety(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(ExitStatus::LocalSafety, reason, message)
    }

    /// The server broke the protocol or answered with an OAuth error (exit 5).
    pub fn protocol(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Protocol, reason, message)
    }

    /// Network, TLS or timeout (exit 6).
    pub fn network(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Network, reason, message)
    }

    pub fn mark_reported(mut self) -> Self {
        self.reported = true;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Prefix the message with where the problem was found (a file name, a JWKS entry).
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error[{}]: {}", self.reason, self.message)
    }
}

impl std::error::Error for Error {}
