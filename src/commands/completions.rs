//! Shell completions and man pages, generated from the clap definition so they never
//! drift from the real command line.

use std::path::Path;

use clap_complete::{Generator as _, Shell as CompleteShell};

use crate::cli::{full_command, CompletionsArgs, GenerateDocsArgs, Shell};
use crate::error::{Error, Result};
use crate::output::Printer;

const BIN: &str = "oauthctl";

fn complete_shell(shell: Shell) -> CompleteShell {
    match shell {
        Shell::Bash => CompleteShell::Bash,
        Shell::Zsh => CompleteShell::Zsh,
        Shell::Fish => CompleteShell::Fish,
        Shell::Powershell => CompleteShell::PowerShell,
        Shell::Elvish => CompleteShell::Elvish,
    }
}

fn script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(complete_shell(shell), &mut full_command(), BIN, &mut out);
    out
}

pub fn print(args: CompletionsArgs, printer: &Printer) -> Result<()> {
    printer.data_bytes(&script(args.shell));
    Ok(())
}

pub fn generate_docs(args: GenerateDocsArgs, printer: &Printer) -> Result<()> {
    write_docs(&args.dir)?;
    printer.info(&format!(
        "wrote {} and {}",
        args.dir.join("completions").display(),
        args.dir.join("man").display()
    ));
    Ok(())
}

/// Write `completions/` and `man/` under `root`, replacing what is there.
pub fn write_docs(root: &Path) -> Result<()> {
    let failed =
        |e: std::io::Error| Error::safety("write_failed", format!("cannot write docs: {e}"));
    let completions = root.join("completions");
    let man = root.join("man");
    for dir in [&completions, &man] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(failed)?;
        }
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Powershell,
        Shell::Elvish,
    ] {
        let name = complete_shell(shell).file_name(BIN);
        std::fs::write(completions.join(name), script(shell)).map_err(failed)?;
    }
    clap_mangen::generate_to(full_command(), &man).map_err(failed)?;
    for (name, text) in [
        ("oauthctl-serve.toml.5", super::manpages::serve_config()),
        ("oauthctl-profiles.toml.5", super::manpages::profiles()),
        ("oauthctl.7", super::manpages::conventions()),
    ] {
        std::fs::write(man.join(name), text).map_err(failed)?;
    }
    Ok(())
}
