//! oauthctl: OAuth 2.0 keys and tokens from the command line.
//!
//! The binary is a thin shell around [`run`]; everything else is a library so that tests
//! and benchmarks call the same code the command line does.
#![forbid(unsafe_code)]

pub mod audit;
pub mod b64;
pub mod cli;
pub mod commands;
pub mod error;
pub mod exit;
#[doc(hidden)]
pub mod fuzzing;
pub mod json;
pub mod jwt;
pub mod keys;
pub mod oauth;
pub mod output;
pub mod protocol;
pub mod secret;
pub mod server;

use cli::{Cli, Color, OutputFormat};
use output::{ColorChoice, Format, Printer};

/// Build the printer the global flags ask for.
pub fn printer_for(cli: &Cli) -> Printer {
    let format = match cli.global.output {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
        OutputFormat::Junit => Format::Junit,
    };
    let color = match cli.global.color {
        Color::Auto => ColorChoice::Auto,
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
    };
    let verbosity = if cli.global.quiet {
        -1
    } else {
        i8::try_from(cli.global.verbose).unwrap_or(i8::MAX)
    };
    Printer::new(format, verbosity, color)
}

/// Run one parsed command line.
pub fn run(cli: Cli, printer: &Printer) -> error::Result<()> {
    // The test clock changes what verify accepts and when the server's tokens expire: a
    // run that honours it says so every time, whatever the verbosity.
    if let Some(fixed) = jwt::time::fixed_clock()? {
        output::message_line(&format!(
            "note: OAUTHCTL_NOW is set: the clock reads {} instead of the system time (a test \
             override)",
            jwt::time::rfc3339(fixed)
        ));
    }
    let command = cli.command.into_inner();
    if cli.global.output == OutputFormat::Junit && !matches!(command, cli::Command::Audit(_)) {
        return Err(error::Error::usage(
            "bad_output",
            "--output junit is for oauthctl audit; use text or json",
        ));
    }
    commands::dispatch(command, printer)
}
