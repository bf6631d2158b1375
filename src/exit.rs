//! The process exit status, one documented table for every command.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | negative result: invalid signature, non-2xx answer, timeout or connection failure |
//! | 2 | usage, configuration or I/O error (clap uses 2 for usage errors too) |
//! | 130 | interrupted by Ctrl-C |

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The command did what was asked and the answer was positive.
    Success,
    /// The command ran fine but the answer is negative (a failed check or delivery).
    Failure,
    /// The command could not run: bad input, configuration or I/O.
    Error,
    /// Stopped by SIGINT.
    Interrupted,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Failure => 1,
            Self::Error => 2,
            Self::Interrupted => 130,
        }
    }

    /// `Success` when `ok`, else `Failure`.
    pub fn from_ok(ok: bool) -> Self {
        if ok { Self::Success } else { Self::Failure }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}
