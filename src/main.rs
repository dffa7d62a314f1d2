use std::process::ExitCode;

use clap::Parser;
use oauthctl::cli::Cli;
use oauthctl::exit::ExitStatus;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
