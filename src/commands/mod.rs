//! One function per command: each turns parsed arguments into calls to the domain
//! modules and hands results to the printer.

mod audit;
mod client;
pub(crate) mod common;
mod completions;
mod flow;
mod key;
mod keygen;
pub mod manpages;
mod oauth_tools;
mod serve;
pub(crate) mod token;

use crate::cli::{Command, KeyCommand, TokenCommand};
use crate::error::Result;
use crate::output::Printer;

pub use completions::write_docs;

pub fn dispatch(command: Command, printer: &Printer) -> Result<()> {
    match command {
        Command::Keygen(args) => keygen::run(args.into_inner(), printer),
        Command::Key(command) => match command.into_inner() {
            KeyCommand::Inspect(args) => key::inspect::run(args.into_inner(), printer),
            KeyCommand::Convert(args) => key::convert::run(args.into_inner(), printer),
            KeyCommand::Thumbprint(args) => key::thumbprint::run(args.into_inner(), printer),
            KeyCommand::Jwks(command) => key::jwks::run(command.into_inner(), printer),
        },
        Command::Token(command) => match command.into_inner() {
            TokenCommand::Mint(args) => token::mint::run(args.into_inner(), printer),
            TokenCommand::Decode(args) => token::decode::run(args.into_inner(), printer),
            TokenCommand::Verify(args) => token::verify::run(args.into_inner(), printer),
            TokenCommand::DpopProof(args) => token::dpop_proof::run(args.into_inner(), printer),
        },
        Command::Flow(args) => flow::run(args.into_inner(), printer),
        Command::Discover(args) => oauth_tools::discover(args.into_inner(), printer),
        Command::Userinfo(args) => oauth_tools::userinfo(args.into_inner(), printer),
        Command::Introspect(args) => oauth_tools::introspect(args.into_inner(), printer),
        Command::Revoke(args) => oauth_tools::revoke(args.into_inner(), printer),
        Command::Serve(args) => serve::run(args.into_inner(), printer),
        Command::Audit(args) => audit::run(args.into_inner(), printer),
        Command::Completions(args) => completions::print(args.into_inner(), printer),
        Command::GenerateDocs(args) => completions::generate_docs(args.into_inner(), printer),
    }
}
