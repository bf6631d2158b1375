//! ocw: the OpenClaw webhooks toolkit.
//!
//! The binary is a thin shell around [`main`]: everything lives in this library so tests can
//! call it in-process. `cli` holds the clap types, `cmd` one module per subcommand, and the
//! domain modules (`payload`, `signing`, `delivery`, `receiver`) know nothing of the CLI.

pub mod bridge;
pub mod cli;
pub mod cmd;
pub mod conformance;
pub mod delivery;
pub mod error_reporting;
pub mod exit;
pub mod expand;
#[doc(hidden)]
pub mod fuzzing;
pub mod hooks;
pub mod inspector;
pub mod openclaw;
pub mod output;
pub mod pattern;
pub mod payload;
pub mod preview;
pub mod receiver;
pub mod redact;
pub mod replay;
pub mod sanitize;
pub mod secret;
pub mod signing;
pub mod suggest;
pub mod units;
pub mod webhooks;
pub mod yaml;

use std::process::ExitCode;

use cli::{Cli, Command};
use cmd::Ctx;
use exit::ExitStatus;
use output::Printer;

/// Run a parsed command line to completion and map the outcome to an exit code.
pub fn main(cli: Cli) -> ExitCode {
    let printer = Printer::new(&cli.global);
    let bridge_run = matches!(
        &cli.command,
        Command::Bridge(b) if matches!(b.command, cli::BridgeCommand::Run(_))
    );
    init_tracing(cli.global.verbose, printer.color(), bridge_run);
    // One-shot commands (sign, verify, events, completions, config) need no worker threads:
    // starting them would be most of `ocw verify`'s wall time.
    // The bridge is one event loop between two sockets: on one thread it spends about half
    // the CPU per message it needs with worker threads handing frames to each other
    // (benches/bridge.sh).
    let needs_workers = matches!(
        cli.command,
        Command::Send(_)
            | Command::Retry(_)
            | Command::Replay(_)
            | Command::Listen(_)
            | Command::Demo(_)
    );
    let mut builder = if needs_workers {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            error_reporting::report(&anyhow::Error::new(e).context("starting the async runtime"));
            return ExitStatus::Error.into();
        }
    };
    let ctx = Ctx {
        printer,
        config_path: cli.global.config.clone(),
    };
    // Long-running commands handle Ctrl-C themselves (to shut down gracefully); for the others
    // an interrupt simply ends the command.
    let handles_signals = match &cli.command {
        Command::Listen(_) => true,
        // `bridge run` stops on SIGINT and SIGTERM with a `stopped` event and exit 0.
        Command::Bridge(_) => bridge_run,
        Command::Send(args) => args.count > 1,
        _ => false,
    };
    let result = runtime.block_on(async {
        if handles_signals {
            return run(cli.command, &ctx).await;
        }
        // Listening for Ctrl-C starts before the command does, so there is no moment when it
        // would kill the process without a word (or be lost).
        let interrupt = match interrupted() {
            Ok(interrupt) => interrupt,
            Err(e) => return Err(anyhow::Error::new(e).context("installing the Ctrl-C handler")),
        };
        tokio::select! {
            r = run(cli.command, &ctx) => r,
            _ = interrupt => {
                ctx.printer.warn("interrupted");
                Ok(ExitStatus::Interrupted)
            }
        }
    });
    // Don't wait for lingering connections or blocked stdin readers.
    runtime.shutdown_background();
    match result {
        Ok(status) => status.into(),
        Err(e) if error_reporting::is_broken_pipe(&e) => ExitStatus::Success.into(),
        Err(e) => {
            error_reporting::report(&e);
            ExitStatus::Error.into()
        }
    }
}

/// A future that ends at the first Ctrl-C (SIGINT), listening from the moment it is made.
fn interrupted() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        let mut sigint = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
        Ok(async move {
            sigint.recv().await;
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// The one dispatch point.
pub async fn run(command: Command, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Send(args) => cmd::send::run(args, ctx).await,
        Command::Sign(args) => cmd::sign::run(args, ctx).await,
        Command::Verify(args) => cmd::verify::run(args, ctx).await,
        Command::Retry(args) => cmd::retry::run(args, ctx).await,
        Command::Replay(args) => cmd::replay::run(args, ctx).await,
        Command::Config(args) => cmd::config::run(args, ctx).await,
        Command::Listen(args) => cmd::listen::run(args, ctx).await,
        Command::Bridge(args) => cmd::bridge::run(args, ctx).await,
        Command::Events(args) => cmd::events::run(args, ctx).await,
        Command::Hook(args) => cmd::hook::run(args, ctx).await,
        Command::Taskflow(args) => cmd::taskflow::run(args, ctx).await,
        Command::Demo(args) => cmd::demo::run(args, ctx).await,
        Command::Test(args) => cmd::test::run(args, ctx).await,
        Command::Completions(args) => cmd::completions::run(args, ctx).await,
    }
}

/// Diagnostics go to stderr through tracing: -v info, -vv debug, -vvv trace; RUST_LOG wins.
fn init_tracing(verbose: u8, ansi: bool, bridge: bool) {
    let default = match verbose {
        // A running bridge (often a daemon writing bridge.log) logs one metadata line per
        // message by default: id, session, outcome, duration; never text.
        0 if bridge => "warn,ocw::bridge::engine=info",
        0 => "warn",
        1 => "ocw=info",
        2 => "ocw=debug,info",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .try_init();
}
