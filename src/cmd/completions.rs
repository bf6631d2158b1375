//! `ocw completions`: shell completion scripts from the clap definition.

use super::Ctx;
use crate::cli::CompletionsArgs;
use crate::exit::ExitStatus;

pub async fn run(args: CompletionsArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    ctx.printer.out_bytes(&script(args.shell))?;
    Ok(ExitStatus::Success)
}

/// The completion script for `shell`, as committed under `completions/`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), "ocw", &mut buf);
    buf
}
