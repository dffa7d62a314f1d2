//! The `oauthctl` binary: parse the command line, run it, map the result to an exit code.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use oauthctl::cli::Cli;
use oauthctl::exit::ExitStatus;

fn main() -> ExitCode {
    let mut command = Cli::command();
    let matches = command.get_matches_mut();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // The whole command tree is large and the process short-lived: freeing it would cost a
    // sizeable share of a one-token run (measured with callgrind), so it is left to exit.
    std::mem::forget(command);
    let printer = oauthctl::printer_for(&cli);
    match oauthctl::run(cli, &printer) {
        Ok(()) => ExitStatus::Success.into(),
        Err(error) => {
            if !error.reported {
                printer.error(&error);
            }
            error.status.into()
        }
    }
}
