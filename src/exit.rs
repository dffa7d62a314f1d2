//! The exit-code contract (DESIGN.md section 4), mapped in this one place.

use std::process::ExitCode;

/// Every way the process can end. The numbers are a public, documented interface:
/// scripts branch on them, so they never change meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Key written, token valid, every flow step passed.
    Success = 0,
    /// The answer is no: token rejected, a flow step or check failed.
    Rejected = 1,
    /// Bad flags or values (clap uses the same code for its own errors).
    Usage = 2,
    /// Unreadable or malformed key, claims file or config; a weak key.
    BadInput = 3,
    /// Refused for local safety: output exists, symlink, key readable by others.
    LocalSafety = 4,
    /// The authorization server answered with an OAuth error or broke the protocol.
    Protocol = 5,
    /// Network, TLS or timeout.
    Network = 6,
}

impl ExitStatus {
    pub const ALL: [ExitStatus; 7] = [
        ExitStatus::Success,
        ExitStatus::Rejected,
        ExitStatus::Usage,
        ExitStatus::BadInput,
        ExitStatus::LocalSafety,
        ExitStatus::Protocol,
        ExitStatus::Network,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    /// What the code means, for the documentation (`oauthctl(7)`).
    pub fn meaning(self) -> &'static str {
        match self {
            ExitStatus::Success => "success: key written, token valid, every flow step passed",
            ExitStatus::Rejected => "the answer is no: token rejected, a flow step or check failed",
            ExitStatus::Usage => "usage: bad flags or values",
            ExitStatus::BadInput => {
                "bad input: unreadable or malformed key, claims file or configuration; a weak key"
            }
            ExitStatus::LocalSafety => {
                "refused for local safety: output exists, symlink, key readable by others, a \
                 non-loopback bind"
            }
            ExitStatus::Protocol => {
                "protocol: the server answered with an OAuth error or broke the protocol"
            }
            ExitStatus::Network => "network, TLS or timeout",
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_documented_table() {
        let table = [
            (ExitStatus::Success, 0),
            (ExitStatus::Rejected, 1),
            (ExitStatus::Usage, 2),
            (ExitStatus::BadInput, 3),
            (ExitStatus::LocalSafety, 4),
            (ExitStatus::Protocol, 5),
            (ExitStatus::Network, 6),
        ];
        for (status, code) in table {
            assert_eq!(status.code(), code, "{status:?}");
        }
    }
}
