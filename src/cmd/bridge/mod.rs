//! `ocw bridge start|run|stop|restart|status|logs` (logs in `logs.rs`): settings from the command line into
//! `bridge.json`, the background daemon's lifecycle, and the foreground bridge with its status
//! events (human lines on stderr, or NDJSON on stdout with `--json`).
//!
//! Results (`Started (PID n)`, `Running (PID n)`, `Stopped`, `Not running`, the UID box) are data
//! and go to stdout; chatter (what was saved, stale pid files) goes to stderr. No command ever
//! prompts, and no Gateway secret is ever printed.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{Context, anyhow};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

mod logs;

use super::{Ctx, Signals};
use crate::bridge::Status;
use crate::bridge::config::{self, Assignment};
use crate::bridge::daemon::{self, Started, State, Stopped};
use crate::bridge::file::BridgeFile;
use crate::bridge::health::{Health, Link};
use crate::bridge::settings::{self, Applied, Saved};
use crate::bridge::state::{StateDir, process_env};
use crate::bridge::status_file::{LastEvents, Side, StatusWriter};
use crate::cli::{BridgeArgs, BridgeCommand, BridgeSettingsArgs};
use crate::exit::ExitStatus;
use crate::output::Printer;

/// After SIGINT/SIGTERM, how long the engine gets to wind down before the process exits anyway
/// (shorter than `stop`'s 10 s, so `stop` sees a clean exit).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

pub async fn run(args: BridgeArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let state = StateDir::resolve(&process_env)?;
    match args.command {
        BridgeCommand::Start(s) => start(s, &state, ctx).await,
        BridgeCommand::Run(s) => foreground(s, &state, ctx).await,
        BridgeCommand::Stop => stop(&state, ctx).await,
        BridgeCommand::Restart(s) => restart(s, &state, ctx).await,
        BridgeCommand::Status => status(&state, ctx),
        BridgeCommand::Logs(a) => logs::run(a, &state, ctx).await,
    }
}

/// The command line's settings, flags after KEY=VALUE pairs (so a flag wins).
fn assignments(args: BridgeSettingsArgs) -> anyhow::Result<Vec<Assignment>> {
    let mut all = args.set;
    all.extend(args.webhook_url);
    all.extend(args.agent_id);
    all.extend(args.uid);
    for (key, value) in [
        ("session_scope", args.session_scope),
        ("frames", args.frames),
    ] {
        if let Some(v) = value {
            all.push(config::assign(key, &v).map_err(|e| anyhow!(e))?);
        }
    }
    Ok(all)
}

/// [`settings::apply`] with the process env, saying on stderr what was saved.
fn apply_settings(
    state: &StateDir,
    changes: &[Assignment],
    always_save: bool,
    ctx: &Ctx,
) -> anyhow::Result<Applied> {
    let log_content = ctx.printer.verbose() > 0;
    let applied = settings::apply(state, changes, always_save, &process_env, log_content)?;
    let path = state.bridge_json();
    match applied.saved {
        Saved::Settings => ctx
            .printer
            .info(format!("saved settings to {}", path.display())),
        Saved::GeneratedUid => ctx.printer.info(format!(
            "generated a UID and saved it to {}",
            path.display()
        )),
        Saved::Unchanged => {}
    }
    Ok(applied)
}

/// `ocw bridge start`: save, show the UID (and QR), start the daemon.
async fn start(
    args: BridgeSettingsArgs,
    state: &StateDir,
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    let changes = assignments(args)?;
    if let Some(pid) = daemon::state(state)?.running_pid() {
        return already_running(pid, !changes.is_empty(), ctx);
    }
    let applied = apply_settings(state, &changes, true, ctx)?;
    launch(state, &applied, ctx).await
}

/// Start the daemon from saved settings and report it.
async fn launch(state: &StateDir, applied: &Applied, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let exe = std::env::current_exe().context("finding the ocw executable to start")?;
    let mut child_args: Vec<OsString> = Vec::new();
    if p.verbose() > 0 {
        child_args.push(format!("-{}", "v".repeat(usize::from(p.verbose()))).into());
    }
    child_args.extend(["--color", "never", "bridge", "run"].map(OsString::from));
    let dir = state.clone();
    let outcome = tokio::task::spawn_blocking(move || daemon::start(&dir, &exe, &child_args))
        .await
        .context("starting the bridge")??;
    match outcome {
        Started::AlreadyRunning { pid } => already_running(pid, false, ctx),
        Started::Started { pid, stale } => {
            if let Some(stale) = stale {
                p.warn(stale);
            }
            let log = state.log_file();
            let payload = applied.file.pairing_payload();
            if p.json() {
                p.out_json(&StartedJson {
                    kind: "bridge_start",
                    started: true,
                    pid,
                    log: &log,
                    config: state.bridge_json(),
                    uid: &applied.file.uid,
                    // Shown redacted like every URL; the pairing payload must stay exact.
                    webhook_url: crate::redact::url_str(&applied.file.webhook_url_raw),
                    qr_payload: &payload,
                })?;
            } else {
                banner(p, &applied.file.uid, &payload)?;
                p.out(format!("Started (PID {pid}), log: {}", log.display()))?;
            }
            p.info(format!(
                "relay {}, gateway {} ({}); `ocw bridge status` to check, `ocw bridge stop` to stop",
                crate::redact::url(&applied.settings.webhook_url),
                crate::redact::url(&applied.settings.gateway.url),
                applied.settings.gateway.source
            ));
            Ok(ExitStatus::Success)
        }
    }
}

fn already_running(pid: u32, had_changes: bool, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    if p.json() {
        p.out_json(&AlreadyRunningJson {
            kind: "bridge_start",
            started: false,
            running: true,
            pid,
        })?;
    } else {
        p.out(format!("Already running (PID {pid})"))?;
    }
    if had_changes {
        p.info(
            "settings not saved; use `ocw bridge restart KEY=VALUE…` to change a running bridge",
        );
    }
    Ok(ExitStatus::Failure)
}

/// `ocw bridge stop`.
async fn stop(state: &StateDir, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let outcome = stop_daemon(state).await?;
    match outcome {
        Stopped::Stopped { pid } => {
            if p.json() {
                p.out_json(&StoppedJson {
                    kind: "bridge_stop",
                    stopped: true,
                    pid: Some(pid),
                })?;
            } else {
                p.out("Stopped")?;
            }
            Ok(ExitStatus::Success)
        }
        Stopped::NotRunning { stale } => {
            if let Some(stale) = stale {
                p.warn(stale);
            }
            if p.json() {
                p.out_json(&StoppedJson {
                    kind: "bridge_stop",
                    stopped: false,
                    pid: None,
                })?;
            } else {
                p.out("Not running")?;
            }
            Ok(ExitStatus::Failure)
        }
    }
}

async fn stop_daemon(state: &StateDir) -> anyhow::Result<Stopped> {
    let dir = state.clone();
    tokio::task::spawn_blocking(move || daemon::stop(&dir, daemon::STOP_TIMEOUT))
        .await
        .context("stopping the bridge")?
}

/// `ocw bridge restart`: save, stop if running, start.
async fn restart(
    args: BridgeSettingsArgs,
    state: &StateDir,
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    let changes = assignments(args)?;
    let applied = apply_settings(state, &changes, true, ctx)?;
    match stop_daemon(state).await? {
        Stopped::Stopped { pid } => ctx.printer.info(format!("stopped PID {pid}")),
        Stopped::NotRunning { stale: Some(stale) } => ctx.printer.warn(stale),
        Stopped::NotRunning { stale: None } => {}
    }
    launch(state, &applied, ctx).await
}

/// `ocw bridge status`: exit 0 when running, 1 when not.
fn status(state: &StateDir, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let current = daemon::state(state)?;
    let pid = current.running_pid();
    let last = pid.and_then(|pid| LastEvents::read(&state.status_file(), pid));
    if p.json() {
        let file = BridgeFile::load(&state.bridge_json()).ok();
        let get = |k: &str| file.as_ref().and_then(|f| f.get_str(k)).map(str::to_string);
        let link = |side: Side| last.as_ref().and_then(|l| l.get(side)).cloned();
        p.out_json(&StatusJson {
            kind: "bridge_status",
            running: pid.is_some(),
            pid,
            log: state.log_file(),
            config: state.bridge_json(),
            uid: get("uid"),
            webhook_url: get("webhook_url").map(|u| crate::redact::url_str(&u)),
            relay: link(Side::Relay),
            gateway: link(Side::Gateway),
        })?;
    } else {
        match pid {
            Some(pid) => {
                let health = Health::read(last.as_ref());
                p.out(format!("Running (PID {pid}), {}", health.verdict()))?;
                for side in Side::ALL {
                    for line in side_lines(health.link(side), side) {
                        p.out(line)?;
                    }
                }
            }
            None => p.out("Not running")?,
        }
        if pid.is_none()
            && let Some(stale) = stale_note(&current, state)
        {
            p.info(stale);
        }
    }
    Ok(ExitStatus::from_ok(pid.is_some()))
}

/// One side's lines in `status`: how it is doing, and a hint when ocw has one.
fn side_lines(link: &Link, side: Side) -> Vec<String> {
    let mut lines = vec![format!(
        "  {:<8} {}",
        format!("{}:", side.as_str()),
        link_line(link)
    )];
    if let Some(hint) = link.hint(side) {
        // A rejection's hint is the Gateway's text.
        lines.push(format!("           hint: {}", crate::sanitize::line(&hint)));
    }
    lines
}

/// One side's link for `status`: "connected since ...", "never connected (trying since ...)".
fn link_line(link: &Link) -> String {
    // The status file holds what the relay and the Gateway said (reasons, codes, server
    // versions), and anyone who can write the state dir can write it: shown sanitized and
    // redacted.
    let t = |s: &str| shown_text(s);
    match link {
        Link::Connecting => "connecting (no answer yet)".into(),
        Link::Connected { since, detail } => {
            format!("connected since {} ({})", t(since), t(detail))
        }
        Link::NeverConnected { since, reason } => {
            format!(
                "never connected; last try {}: {}; retrying",
                t(since),
                t(reason)
            )
        }
        Link::Disconnected {
            since,
            reason,
            was_up,
        } => format!(
            "disconnected since {} (was connected at {}): {}; retrying",
            t(since),
            t(was_up),
            t(reason)
        ),
        Link::Rejected {
            since,
            code,
            message,
            ..
        } => format!(
            "refused since {}: {}: {}; retrying",
            t(since),
            t(code),
            t(message)
        ),
    }
}

/// `status` only reads: a stale pid file is mentioned, not removed.
fn stale_note(current: &State, state: &StateDir) -> Option<String> {
    match current {
        State::Dead(r) => Some(format!(
            "{} names PID {}, which has exited (see {})",
            state.pid_file().display(),
            r.pid,
            state.log_file().display()
        )),
        State::Foreign { record, what } => Some(format!(
            "{} names PID {}, which is not an ocw bridge ({what})",
            state.pid_file().display(),
            record.pid
        )),
        State::Corrupt => Some(format!("{} holds no pid", state.pid_file().display())),
        _ => None,
    }
}

/// `ocw bridge run`: the bridge in the foreground until SIGINT or SIGTERM.
async fn foreground(
    args: BridgeSettingsArgs,
    state: &StateDir,
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let changes = assignments(args)?;
    let Applied { settings, .. } = apply_settings(state, &changes, false, ctx)?;
    if let State::Running(r) = daemon::state(state)?
        && r.pid != std::process::id()
    {
        p.warn(format!(
            "a background bridge is running too (PID {}); two bridges with one UID answer every message twice",
            r.pid
        ));
    }
    // Handlers first: a signal that arrives as soon as we run must stop us gracefully.
    let mut signals = Signals::install().context("installing signal handlers")?;
    let uid = settings.uid.clone();
    // Only a person at a terminal can press Ctrl-C; the background bridge's log says how to
    // stop it instead.
    let how_to_stop = if std::io::stderr().is_terminal() {
        "Ctrl-C to stop"
    } else {
        "`ocw bridge stop` to stop"
    };
    p.info(format!(
        "bridge: relay {}, gateway {} ({}), agent {}; {how_to_stop}",
        crate::redact::url(&settings.webhook_url),
        crate::redact::url(&settings.gateway.url),
        settings.gateway.source,
        settings.agent_id
    ));
    let (tx, mut rx) = mpsc::unbounded_channel::<Status>();
    let shutdown = CancellationToken::new();
    let mut engine = tokio::spawn(crate::bridge::engine::run(settings, tx, shutdown.clone()));
    let mut saw_stopped = false;
    let mut status_file = StatusWriter::new(state.status_file());
    let mut grace: Option<tokio::time::Instant> = None;
    let outcome = loop {
        tokio::select! {
            Some(event) = rx.recv() => {
                saw_stopped |= event == Status::Stopped;
                status_file.record(&event);
                report(p, &event, &uid)?;
            }
            _ = signals.recv() => {
                if grace.is_some() {
                    p.warn("second signal: stopping now");
                    return Ok(ExitStatus::Interrupted);
                }
                shutdown.cancel();
                grace = Some(tokio::time::Instant::now() + SHUTDOWN_GRACE);
            }
            _ = sleep_until(grace) => {
                p.warn(format!(
                    "the bridge did not wind down within {} s; exiting anyway",
                    SHUTDOWN_GRACE.as_secs()
                ));
                break Ok(Ok(()));
            }
            joined = &mut engine => break joined,
        }
    };
    while let Ok(event) = rx.try_recv() {
        saw_stopped |= event == Status::Stopped;
        report(p, &event, &uid)?;
    }
    status_file.remove();
    match outcome {
        Ok(Ok(())) => {
            if !saw_stopped {
                report(p, &Status::Stopped, &uid)?;
            }
            Ok(ExitStatus::Success)
        }
        Ok(Err(e)) => Err(e),
        Err(join) => Err(anyhow!("the bridge crashed: {join}")),
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

/// One status event: an NDJSON line on stdout with `--json`, else a line on stderr.
fn report(p: &Printer, event: &Status, uid: &str) -> anyhow::Result<()> {
    if p.json() {
        p.out_json(&crate::output::Tagged {
            kind: "bridge_event",
            value: event,
        })?;
        return Ok(());
    }
    let now = jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or_else(|_| jiff::Timestamp::now());
    // The UID is a bearer secret on shared relays; keep it out of the log's URLs. Every text
    // from the relay or the Gateway is sanitized and redacted before it reaches the terminal.
    let hide = |s: &str| {
        let s = shown_text(s);
        if uid.is_empty() {
            s
        } else {
            s.replace(uid, "<uid>")
        }
    };
    match event {
        Status::GatewayConnected {
            url,
            protocol,
            server_version,
            scopes,
            device_id,
        } => p.info(format!(
            "{now} gateway connected: {} (protocol {protocol}, server {}, scopes {}{})",
            hide(url),
            hide(server_version.as_deref().unwrap_or("unknown")),
            if scopes.is_empty() {
                "none".to_string()
            } else {
                hide(&scopes.join(", "))
            },
            match device_id {
                Some(id) => format!(
                    ", device {}",
                    hide(&id.chars().take(12).collect::<String>())
                ),
                None => String::new(),
            }
        )),
        Status::GatewayDisconnected {
            reason,
            retry_in_ms,
        } => p.warn(format!(
            "{now} gateway disconnected: {}; retrying in {}",
            hide(reason),
            millis(*retry_in_ms)
        )),
        Status::GatewayRejected {
            code,
            message,
            hint,
            retry_in_ms,
        } => p.warn(format!(
            "{now} gateway refused the connection: {}: {}\n  hint: {}\n  retrying in {}",
            hide(code),
            hide(message),
            hide(hint),
            millis(*retry_in_ms)
        )),
        Status::RelayConnected { url } => {
            p.info(format!("{now} relay connected: {}", hide(url)));
        }
        Status::RelayDisconnected {
            reason,
            retry_in_ms,
        } => p.warn(format!(
            "{now} relay disconnected: {}; retrying in {}",
            hide(reason),
            millis(*retry_in_ms)
        )),
        Status::Stopped => p.info(format!("{now} stopped")),
    }
    Ok(())
}

fn millis(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// Text from the relay or the Gateway (a reason, a code, a server version) for a human line:
/// URLs in it redacted, control characters escaped, on one line.
fn shown_text(s: &str) -> String {
    crate::sanitize::line(&crate::redact::text(s)).into_owned()
}

/// The UID box, the QR code when stdout is a terminal, and the payload as text.
fn banner(p: &Printer, uid: &str, payload: &str) -> anyhow::Result<()> {
    let label = format!("Bridge UID: {uid}");
    let width = label.chars().count() + 2;
    p.out(format!("┌{}┐", "─".repeat(width)))?;
    p.out(format!("│ {label} │"))?;
    p.out(format!("└{}┘", "─".repeat(width)))?;
    if std::io::stdout().is_terminal()
        && let Some(qr) = render_qr(payload)
    {
        p.out("Scan this QR code with a client app to connect:")?;
        p.out(qr)?;
    }
    p.out(format!("QR payload: {payload}"))?;
    Ok(())
}

/// The payload as a QR code drawn with Unicode half blocks (two modules per character row),
/// light on dark so it scans on the usual dark terminal.
pub fn render_qr(payload: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// `ocw bridge start --json` when it started the bridge.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct StartedJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    started: bool,
    pid: u32,
    log: &'a std::path::Path,
    config: std::path::PathBuf,
    uid: &'a str,
    webhook_url: String,
    qr_payload: &'a str,
}

/// `ocw bridge start --json` when a bridge was already running.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct AlreadyRunningJson {
    #[serde(rename = "type")]
    kind: &'static str,
    started: bool,
    running: bool,
    pid: u32,
}

/// `ocw bridge stop --json`.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct StoppedJson {
    #[serde(rename = "type")]
    kind: &'static str,
    stopped: bool,
    pid: Option<u32>,
}

/// `ocw bridge status --json`: the daemon, its files, and the last event of each side.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct StatusJson {
    #[serde(rename = "type")]
    kind: &'static str,
    running: bool,
    pid: Option<u32>,
    log: std::path::PathBuf,
    config: std::path::PathBuf,
    uid: Option<String>,
    webhook_url: Option<String>,
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    relay: Option<serde_json::Value>,
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    gateway: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::settings::FileSettings;

    #[test]
    fn qr_payload_and_code() {
        let file = format!(
            r#"{{"webhook_url":"ws://localhost:8080/ws","uid":"{}"}}"#,
            "u".repeat(20)
        );
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("bridge.json");
        std::fs::write(&path, file).unwrap();
        let checked = FileSettings::check(&BridgeFile::load(&path).unwrap()).unwrap();
        let payload = checked.pairing_payload();
        assert_eq!(
            payload,
            format!(
                r#"{{"uid":"{}","wsUrl":"ws://localhost:8080/ws"}}"#,
                "u".repeat(20)
            )
        );
        let qr = render_qr(&payload).unwrap();
        assert!(qr.lines().count() > 10);
        assert!(qr.contains('█') || qr.contains('▀') || qr.contains('▄'));
    }

    #[test]
    fn relay_and_gateway_text_is_sanitized_and_redacted() {
        let entry = serde_json::json!({
            "event": "gateway_rejected",
            "at": "2025-01-01T00:00:00Z",
            "code": "X\u{1b}]0;pwned\u{7}",
            "message": "see http://u:pw@h/x?token=t",
            "hint": "a\u{202e}b\nforged line",
        });
        let line = side_lines(&Link::of(Some(&entry)), Side::Gateway).join("\n");
        assert_eq!(line.lines().count(), 2, "status line and hint: {line}");
        for raw in ['\u{1b}', '\u{7}', '\u{202e}', '\r'] {
            assert!(!line.contains(raw), "{raw:?} raw in {line:?}");
        }
        assert!(line.contains("\\u{1b}"), "{line}");
        assert!(
            !line.contains(":pw@") && !line.contains("token=t"),
            "{line}"
        );
    }

    #[test]
    fn urls_lose_their_passwords_for_display() {
        let u = url::Url::parse("wss://me:pw@relay.example/ws?x=1").unwrap();
        assert_eq!(
            crate::redact::url(&u),
            "wss://redacted:redacted@relay.example/ws?x=1"
        );
        assert_eq!(millis(250), "250 ms");
        assert_eq!(millis(1500), "1.5 s");
    }
}
