//! The `oauthctl` binary: parse the command line, run it, map the result to an exit code.
//!
//! On glibc Linux the binary defines the C `main` itself (`no_main`): a one-token `token verify`
//! or `mint` is a whole process, and std's runtime set-up spent about a tenth of one (its
//! main-thread stack probe reads and parses /proc/self/maps; measured with callgrind and
//! side-by-side runs). The parts of that set-up oauthctl relies on are done here instead: closed
//! standard descriptors are reopened on /dev/null, SIGPIPE is ignored so that a closed pipe
//! reaches the printer as an error, and stdout is flushed at the end. Left out: std's "stack
//! overflow" message (an overflow still stops the process with SIGSEGV at the stack's guard gap).
//!
//! Only glibc hands the program's arguments to std without std's entry point (through
//! `.init_array`); on other targets (musl, macOS) oauthctl keeps std's `main`. `cargo test
//! --all-targets` also builds this file as a test crate, with the harness's own `main`.
#![cfg_attr(all(not(test), target_os = "linux", target_env = "gnu"), no_main)]

use clap::FromArgMatches;
use oauthctl::cli::Cli;
use oauthctl::exit::ExitStatus;

#[cfg_attr(test, allow(dead_code))]
fn run() -> ExitStatus {
    let mut command = oauthctl::cli::command_for(std::env::args_os().nth(1).as_deref());
    let mut matches = command.get_matches_mut();
    let cli = Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.exit());
    // The command tree and what is left of the matches are left to exit: freeing them is
    // work a short-lived process need not do.
    std::mem::forget((command, matches));
    let printer = oauthctl::printer_for(&cli);
    match oauthctl::run(cli, &printer) {
        Ok(()) => ExitStatus::Success,
        Err(error) => {
            if !error.reported {
                printer.error(&error);
            }
            error.status
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() -> std::process::ExitCode {
    run().into()
}

#[cfg(all(not(test), target_os = "linux", target_env = "gnu"))]
mod entry {
    use std::ffi::{c_char, c_int};
    use std::fs::File;
    use std::io::Write;
    use std::os::fd::{AsRawFd, IntoRawFd};

    #[allow(unsafe_code)] // the process entry point; the attribute is what the lint flags
    #[no_mangle]
    extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
        keep_standard_descriptors_taken();
        ignore_sigpipe();
        let status = super::run();
        let _ = std::io::stdout().flush();
        c_int::from(status.code())
    }

    /// If oauthctl starts with descriptor 0, 1 or 2 closed, the next file it opens would take
    /// that number and receive what is printed (or be read as input). Each closed one is filled
    /// with /dev/null and kept open; the first descriptor above 2 is closed again.
    fn keep_standard_descriptors_taken() {
        while let Ok(null) = File::options().read(true).write(true).open("/dev/null") {
            if null.as_raw_fd() > 2 {
                break;
            }
            let _ = null.into_raw_fd();
        }
    }

    #[allow(unsafe_code)]
    fn ignore_sigpipe() {
        // SAFETY: called once, before any other thread exists; SIG_IGN installs no handler code.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        }
    }
}
