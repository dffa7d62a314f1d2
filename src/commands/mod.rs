//! One function per command: each turns parsed arguments into calls to the domain
//! modules and hands results to the printer.

mod client;
pub(crate) mod common;
mod completions;
mod flow;
mod key;
mod keygen;
mod oauth_tools;
mod serve;
pub(crate) mod token;

use crate::cli::{Command, KeyCommand, TokenCommand};
use crate::error::Result;
use crate::output::Printer;

pub use common::first_line;
pub use completions::write_docs;

pub fn dispatch(command: Command, printer: &Printer) -> Result<()> {
    match command {
        Command::Keygen(args) => keygen::run(args, printer),
        Command::Key(KeyCommand::Inspect(args)) => key::inspect::run(args, printer),
        Command::Key(KeyCommand::Convert(args)) => key::convert::run(args, printer),
        Command::Key(KeyCommand::Thumbprint(args)) => key::thumbprint::run(args, printer),
        Command::Key(KeyCommand::Jwks(command)) => key::jwks::run(command, printer),
        Command::Token(command) => match *command {
            TokenCommand::Mint(args) => token::mint::run(args, printer),
            TokenCommand::Decode(args) => token::decode::run(args, printer),
            TokenCommand::Verify(args) => token::verify::run(args, printer),
        },
        Command::Flow(args) => flow::run(*args, printer),
        Command::Discover(args) => oauth_tools::discover(args, printer),
        Command::Userinfo(args) => oauth_tools::userinfo(*args, printer),
        Command::Introspect(args) => oauth_tools::introspect(*args, printer),
        Command::Revoke(args) => oauth_tools::revoke(*args, printer),
        Command::Serve(args) => serve::run(args, printer),
        Command::Completions(args) => completions::print(args, printer),
        Command::GenerateDocs(args) => completions::generate_docs(args, printer),
    }
}
