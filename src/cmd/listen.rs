//! `ocw listen`: run the receiver on a local address, show every request as it arrives (pretty
//! or NDJSON), and in CI mode decide an exit code from what arrived.
//!
//! Output goes through one writer thread (`Writer`): the event loop never blocks on stdout, so
//! signals are always heard, and a request is answered only after its output was written
//! (backpressure: a stdout nobody reads holds requests back instead of filling memory).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use colored::Colorize;
use serde::Serialize;
use tokio::sync::mpsc;

use super::{Ctx, Signals};
use crate::cli::ListenArgs;
use crate::exit::ExitStatus;
use crate::inspector::{self, Inspector};
use crate::receiver::render::View;
use crate::receiver::script::Script;
use crate::receiver::tally::{Expectations, Stop, Tally, count};
use crate::receiver::{self, Event};
use crate::secret::Secret;

/// The consumer's pause between batches of requests.
const BATCH_PAUSE: Duration = Duration::from_millis(2);
/// How long shutdown waits for requests still being answered (a scripted --delay included).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// When stopping, how long output may make no progress before ocw gives up on it: waiting
/// requests are then answered 503 (their senders retry) and the rest of the output is dropped.
const OUTPUT_STALL: Duration = Duration::from_secs(2);
/// Batches of output queued for the writer thread at most (each is one event-loop turn).
const WRITER_QUEUE: usize = 4;
/// Faster than a person can read: more than `FAST_REQUESTS` shown within `FAST_WINDOW` (over 10
/// a second for two seconds; a full request is about 20 lines) switches to one line per request.
const FAST_REQUESTS: usize = 20;
const FAST_WINDOW: Duration = Duration::from_secs(2);
/// Columns a line takes when stdout is not a terminal and `COLUMNS` is not set.
const DEFAULT_WIDTH: usize = 80;

pub async fn run(args: ListenArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    check_event_names(&args, ctx)?;
    let config = receiver_config(&args, ctx)?;
    let checking = !config.secrets.is_empty();
    let waits = config.wait_for_output;
    // Handlers first: a signal that arrives as soon as we are ready must stop us gracefully,
    // not kill us.
    let signals = Signals::install().context("installing signal handlers")?;
    let (tx, rx) = mpsc::unbounded_channel();
    let server = bind(&args, config, tx).await?;
    let inspector = start_inspector(&args).await?;
    let mut session = Session {
        rx,
        signals,
        out: Writer::start(),
        batch: Batch::default(),
        stats: Tally::default(),
        shown: Shown::new(&args, ctx),
        inspector,
        ctx,
    };
    announce(&args, &server, &mut session, checking).await?;

    let ci = Expectations::new(args.exit_after, &args.expect, args.timeout);
    let started = Instant::now();
    let deadline = args.timeout.map(|t| tokio::time::Instant::now() + t);
    let stop = session.serve(&ci, deadline, waits).await?;
    let gave_up = session.drain(server).await?;

    let stats = &session.stats;
    let verdict = ci.verdict(
        stats,
        stop,
        checking,
        args.token.is_some(),
        started.elapsed(),
    );
    if p.json() {
        let summary = SummaryJson {
            kind: "summary",
            tally: stats,
            ci: ci.enabled.then(|| CiJson {
                ok: verdict.is_ok(),
                reason: verdict.as_ref().err().cloned(),
            }),
        };
        let tagged = &summary;
        write_json(&mut session.batch.bytes, &tagged)?;
    }
    let last = std::mem::take(&mut session.batch);
    if gave_up || !session.out.finish(last, OUTPUT_STALL).await? {
        p.warn(
            "stdout is not being read: the rest of the output was dropped (requests still waiting were answered 503, so their senders retry; --record keeps every request)",
        );
    }
    print_summary(ctx, &session.stats, &session.shown, checking);
    if stop == Stop::Signal && ci.enabled {
        p.info(match &verdict {
            Err(reason) => {
                format!("ocw listen: interrupted before the CI expectations were met: {reason}")
            }
            Ok(()) => "ocw listen: interrupted before the CI expectations were settled".into(),
        });
        return Ok(ExitStatus::Interrupted);
    }
    match verdict {
        Ok(()) => Ok(ExitStatus::Success),
        Err(reason) => {
            if !p.json() || p.shows_results() {
                eprintln!("ocw listen: {reason}");
            }
            Ok(ExitStatus::Failure)
        }
    }
}

/// The receiver's settings from the command line.
fn receiver_config(args: &ListenArgs, ctx: &Ctx) -> anyhow::Result<receiver::Settings> {
    let p = &ctx.printer;
    if let Some(path) = &args.path
        && !path.starts_with('/')
    {
        bail!("--path {path:?} must start with /");
    }
    Ok(receiver::Settings {
        secrets: args.keys.load()?,
        tolerance_secs: args.tolerance.as_secs(),
        token: args.token.clone(),
        reject_invalid: args.reject_invalid,
        max_body: args.max_body,
        path: args.path.clone(),
        script: Script {
            status: args.status,
            delay: args.delay,
            fail_first: args.fail_first,
            fail_rate: args.fail_rate,
            seed: args.seed,
            respond: receiver::respond_map(&args.respond),
        },
        forward_to: args.forward_to.clone(),
        record: args.record.clone(),
        base64_body: args.base64_body,
        json_lines: p.json(),
        // Answers wait for what is shown on stdout; with -qq nothing is.
        wait_for_output: p.json() || p.shows_results(),
    })
}

/// Start the receiver on the address asked for, with a hint when the port is taken.
async fn bind(
    args: &ListenArgs,
    config: receiver::Settings,
    tx: mpsc::UnboundedSender<Event>,
) -> anyhow::Result<receiver::Running> {
    let addr = args.addr.addr;
    match receiver::start(addr, config, tx).await {
        Ok(s) => Ok(s),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => bail!(
            "port {} is already in use on {}; pick another (`ocw listen :PORT`) or let the OS choose one (`ocw listen 0`)",
            addr.port(),
            addr.ip()
        ),
        Err(e) => Err(anyhow::Error::new(e).context(format!("binding {addr}"))),
    }
}

/// `--ui`: the inspector on its own port (before the banner, which names its URL).
async fn start_inspector(args: &ListenArgs) -> anyhow::Result<Option<Inspector>> {
    let Some(ui) = &args.ui else {
        return Ok(None);
    };
    let opts = inspector::Options {
        addr: ui.addr,
        history: args.ui_history,
        body_budget: args.ui_body_budget,
        forward_to: args.forward_to.clone(),
    };
    match Inspector::start(opts).await {
        Ok(i) => Ok(Some(i)),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => bail!(
            "port {} is already in use on {}: the inspector needs a port of its own; use --ui=:PORT with another, or --ui alone to let the OS choose",
            ui.addr.port(),
            ui.addr.ip()
        ),
        Err(e) => {
            Err(anyhow::Error::new(e).context(format!("binding the inspector on {}", ui.addr)))
        }
    }
}

/// Say where the receiver listens: the exposure warning, the ready file, the `ready` JSON line
/// and the banner.
async fn announce(
    args: &ListenArgs,
    server: &receiver::Running,
    session: &mut Session<'_>,
    checking: bool,
) -> anyhow::Result<()> {
    let p = &session.ctx.printer;
    let url = server.url();
    if args.addr.exposed {
        p.warn(format!(
            "listening on {} exposes this receiver to other machines; use :{} for loopback only",
            server.addr,
            server.addr.port()
        ));
    }
    if let Some(path) = &args.ready_file {
        std::fs::write(path, format!("{url}\n"))
            .with_context(|| format!("writing the ready file {}", path.display()))?;
    }
    if p.json() {
        let ready = ReadyJson {
            kind: "ready",
            url: &url,
            addr: server.addr,
        };
        write_json(&mut session.batch.bytes, &ready)?;
        session.out.send(&mut session.batch).await?;
    }
    let hint_path = args.path.as_deref().unwrap_or("/webhooks");
    p.info(format!("{} {url}", "listening on".green().bold()));
    if let Some(ui) = &session.inspector {
        p.info(format!("  inspector: {}", ui.url()));
        if args.ui.as_ref().is_some_and(|a| a.exposed) {
            p.warn(format!(
                "the inspector on {} is reachable from other machines: they can read every request and replay them; use --ui alone for loopback only",
                ui.addr
            ));
        }
    }
    p.info(format!("  signatures: {}", secret_source(args)));
    if args.token.is_some() {
        let from = if from_env("OCW_TOKEN", args.token.as_ref().map(Secret::expose)) {
            "OCW_TOKEN"
        } else {
            "--token"
        };
        p.info(format!("  token: checked (from {from})"));
    }
    if let Some(to) = &args.forward_to {
        p.info(format!(
            "  forwarding to {}: its answers go back to the senders",
            crate::redact::url(to)
        ));
    }
    if args.openclaw_cron {
        let path = args.path.as_deref().unwrap_or("/cron");
        for line in openclaw_cron_recipe(server.addr, &format!("{url}{path}"), args.token.is_some())
        {
            p.info(line);
        }
    } else if args.token.is_some() && server.addr.ip().is_loopback() {
        p.info(
            "  OpenClaw cron: a Gateway delivers to loopback only when cron.webhookSsrfPolicy.allowedHostnames lists the host (--openclaw-cron prints the snippet)",
        );
    }
    // Never suggest a secret in argv (other users see it): send reads OCW_SECRET as listen does.
    let flags = &args.keys.secret;
    let env_secret = flags.len() == 1 && from_env("OCW_SECRET", flags.first().map(Secret::expose));
    let sign = match (checking, env_secret) {
        (false, _) | (true, true) => "",
        (true, false) => " (with OCW_SECRET set to the same secret)",
    };
    p.info(format!(
        "  try: ocw send lead.qualified --to {url}{hint_path}{sign}   (Ctrl-C to stop)"
    ));
    Ok(())
}

/// `--openclaw-cron`: the openclaw.json snippet that lets a Gateway's cron jobs deliver to this
/// listener, and the commands that make one do it now. The token is never printed: the snippet
/// reads it from OCW_TOKEN in the Gateway's environment (OpenClaw expands `${VAR}` in config
/// strings). `url` is where the jobs deliver.
fn openclaw_cron_recipe(addr: std::net::SocketAddr, url: &str, token: bool) -> Vec<String> {
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let mut out = vec![
        "  OpenClaw cron → here: merge this into the Gateway's openclaw.json (JSON5), then restart it:".to_string(),
        "    {".to_string(),
        "      cron: {".to_string(),
    ];
    if token {
        out.push(
            "        webhookToken: \"${OCW_TOKEN}\",  // give the Gateway the same OCW_TOKEN as this listener"
                .to_string(),
        );
    }
    out.push(format!(
        "        webhookSsrfPolicy: {{ allowedHostnames: [\"{host}\"] }},  // OpenClaw refuses loopback and private hosts otherwise"
    ));
    out.push("      },".to_string());
    out.push("    }".to_string());
    out.push("  then create a job that delivers here, and run it now:".to_string());
    out.push(format!(
        "    openclaw automations create \"0 7 * * *\" \"Summarize overnight updates.\" --name \"Morning brief\" --webhook {url}"
    ));
    out.push("    openclaw automations run <job-id>".to_string());
    if !token {
        out.push(
            "  (add --token or OCW_TOKEN to check the Bearer token the Gateway sends with cron.webhookToken)"
                .to_string(),
        );
    }
    out
}

/// Where the secrets in force come from (never the secrets themselves): the flag, the
/// environment, or files.
fn secret_source(args: &ListenArgs) -> String {
    let flags = &args.keys.secret;
    let files = &args.keys.secret_file;
    let mut sources: Vec<String> = Vec::new();
    let env = flags.len() == 1 && from_env("OCW_SECRET", flags.first().map(Secret::expose));
    match flags.len() {
        0 => {}
        1 if env => sources.push("OCW_SECRET".into()),
        1 => sources.push("--secret".into()),
        n => sources.push(format!("--secret ×{n}")),
    }
    for f in files {
        sources.push(format!(
            "--secret-file {}",
            crate::sanitize::shown(&f.display().to_string())
        ));
    }
    match flags.len() + files.len() {
        0 => "not checked (no secret; pass --secret or set OCW_SECRET)".into(),
        1 => format!("checked with the secret from {}", sources[0]),
        n => format!(
            "checked with {n} secrets (valid if any matches), from {}",
            sources.join(", ")
        ),
    }
}

/// Whether `value` is what the environment variable `name` holds: clap takes the variable only
/// when the flag is absent, so an equal value came from there (or is the same anyway).
fn from_env(name: &str, value: Option<&str>) -> bool {
    match (std::env::var(name), value) {
        (Ok(env), Some(v)) => env == v,
        _ => false,
    }
}

/// Every event name given to --expect, --respond and --event must be one ocw knows (the
/// catalog, plus the fixtures of --fixtures): a typo would otherwise only show as a CI timeout,
/// or a script that never applies. An --event pattern with wildcards that matches no known event
/// is only warned about (it may be meant for events of another sender).
fn check_event_names(args: &ListenArgs, ctx: &Ctx) -> anyhow::Result<()> {
    // Without names to check, a fixtures folder (OCW_FIXTURES, set for `send`) is not read.
    if args.expect.is_empty() && args.respond.is_empty() && args.events.is_empty() {
        return Ok(());
    }
    let own = match &args.fixtures {
        Some(dir) => super::catalog(Some(dir))?
            .names()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    };
    let mut known: Vec<&str> = crate::payload::EVENT_NAMES.to_vec();
    known.extend(
        own.iter()
            .map(String::as_str)
            .filter(|n| !crate::payload::EVENT_NAMES.contains(n)),
    );
    let check = |flag: &str, name: &str| -> anyhow::Result<()> {
        if known.contains(&name) {
            return Ok(());
        }
        let guess = crate::suggest::did_you_mean(name, &known)
            .map(|s| format!("; did you mean {s:?}?"))
            .unwrap_or_default();
        bail!(
            "unknown event {:?} in {flag}{guess} known events: {}; events of your own: --fixtures DIR (one <event>.json each)",
            crate::sanitize::shown(name).to_string(),
            known.join(", ")
        )
    };
    for e in &args.expect {
        check("--expect", e)?;
    }
    for (e, _) in &args.respond {
        check("--respond", e)?;
    }
    for pattern in &args.events {
        if !crate::pattern::is_wild(pattern) {
            check("--event", pattern)?;
        } else if !known.iter().any(|k| crate::pattern::matches(pattern, k)) {
            ctx.printer.warn(format!(
                "--event {:?} matches no known event; requests will be shown only if their event matches it",
                crate::sanitize::shown(pattern).to_string()
            ));
        }
    }
    Ok(())
}

/// The first line of `listen --json`: where the listener is.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct ReadyJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'a str,
    addr: std::net::SocketAddr,
}

/// The last line of `listen --json`: the counts, and in CI mode the verdict.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct SummaryJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    tally: &'a Tally,
    #[serde(flatten)]
    ci: Option<CiJson>,
}

/// The CI verdict in `listen --json`'s summary (with `--exit-after`, `--expect`, ...).
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct CiJson {
    ok: bool,
    /// Why the run failed; `null` when it passed.
    reason: Option<String>,
}

/// The running listener's consumer side: what arrives, what is tallied, and the output.
struct Session<'a> {
    rx: mpsc::UnboundedReceiver<Event>,
    signals: Signals,
    out: Writer,
    batch: Batch,
    stats: Tally,
    shown: Shown,
    /// `--ui`: `None` otherwise, and then nothing of it runs.
    inspector: Option<Inspector>,
    ctx: &'a Ctx,
}

/// What is shown of each request and how: the view, the --event filter, and the pace that
/// switches to the compact view when requests come faster than a person reads.
struct Shown {
    view: View,
    patterns: Vec<String>,
    /// Arrival times of the last requests shown, while the view may still switch by itself.
    pace: Option<Pace>,
    /// Whether the terminal's width is asked again each turn (it can be resized).
    resizable: bool,
    /// Requests not shown because of --event.
    hidden: u64,
}

impl Shown {
    fn new(args: &ListenArgs, ctx: &Ctx) -> Self {
        let p = &ctx.printer;
        let (width, resizable) = width();
        let human = !p.json() && p.shows_results();
        Self {
            view: View {
                color: p.color(),
                verbose: p.verbose() > 0,
                compact: args.compact,
                body: !args.no_body,
                width,
            },
            patterns: args.events.clone(),
            pace: (human && !args.compact && !args.no_compact).then(Pace::default),
            resizable,
            hidden: 0,
        }
    }

    /// Whether a request with this event is shown (--event).
    fn wanted(&self, event: Option<&str>) -> bool {
        self.patterns.is_empty()
            || self
                .patterns
                .iter()
                .any(|p| crate::pattern::matches(p, event.unwrap_or("")))
    }

    /// Count one request shown; true when that makes the pace too fast to read, the first time.
    fn too_fast(&mut self) -> bool {
        let Some(pace) = &mut self.pace else {
            return false;
        };
        if !pace.tick(Instant::now()) {
            return false;
        }
        self.pace = None;
        self.view.compact = true;
        true
    }
}

/// The arrival times of the last [`FAST_REQUESTS`] + 1 requests shown, in a ring.
#[derive(Default)]
struct Pace {
    times: [Option<Instant>; FAST_REQUESTS + 1],
    next: usize,
}

impl Pace {
    /// Record an arrival; true when it is more than FAST_REQUESTS within FAST_WINDOW.
    fn tick(&mut self, now: Instant) -> bool {
        self.times[self.next] = Some(now);
        self.next = (self.next + 1) % self.times.len();
        // The oldest of the last FAST_REQUESTS + 1 is the one to be overwritten next.
        self.times[self.next].is_some_and(|oldest| now.duration_since(oldest) < FAST_WINDOW)
    }
}

/// The columns lines may take, and whether that can change: `COLUMNS` when set (as `ls` reads
/// it), else the terminal's width when stdout is one, else 80.
fn width() -> (usize, bool) {
    if let Some(cols) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
    {
        return (cols, false);
    }
    match terminal_size::terminal_size_of(std::io::stdout()) {
        Some((terminal_size::Width(w), _)) if w > 0 => (usize::from(w), true),
        _ => (DEFAULT_WIDTH, false),
    }
}

impl Session<'_> {
    /// Show and tally requests until a signal, the deadline, or the CI condition.
    async fn serve(
        &mut self,
        ci: &Expectations,
        deadline: Option<tokio::time::Instant>,
        waits: bool,
    ) -> anyhow::Result<Stop> {
        loop {
            let event = tokio::select! {
                ev = self.rx.recv() => match ev {
                    Some(ev) => ev,
                    None => return Ok(Stop::Closed),
                },
                _ = self.signals.recv() => return Ok(Stop::Signal),
                _ = tokio::time::sleep_until(deadline.unwrap_or_else(tokio::time::Instant::now)), if deadline.is_some() => return Ok(Stop::Timeout),
            };
            if self.shown.resizable {
                self.shown.view.width = width().0;
            }
            self.take(event)?;
            // Drain what is already queued: one write for a burst of requests.
            while let Ok(event) = self.rx.try_recv() {
                self.take(event)?;
            }
            // Waits while the writer is behind (that is the backpressure), but never past a
            // signal.
            tokio::select! {
                sent = self.out.send(&mut self.batch) => sent?,
                _ = self.signals.recv() => return Ok(Stop::Signal),
            }
            if ci.done(&self.stats) {
                return Ok(Stop::Done);
            }
            // Under load, let requests gather for a moment instead of waking up for each one:
            // a wake-up per request costs the receiver more than handling it. Answers that wait
            // for their output must not wait for a nap too: then only let the requests that are
            // ready right now run first, so the next batch is larger.
            if waits {
                tokio::task::yield_now().await;
            } else {
                tokio::time::sleep(BATCH_PAUSE).await;
            }
        }
    }

    /// Show and tally one event into the current batch.
    fn take(&mut self, event: Event) -> anyhow::Result<()> {
        handle(
            event,
            &mut self.stats,
            &mut self.batch,
            &mut self.shown,
            self.inspector.as_ref(),
            self.ctx,
        )
    }

    /// Graceful stop: no new connections, in-flight requests finish while their output is
    /// written, then what is left is shown. Output that makes no progress for OUTPUT_STALL (or a
    /// second Ctrl-C) is given up: `true` then.
    async fn drain(&mut self, server: receiver::Running) -> anyhow::Result<bool> {
        let abandon = server.abandon_handle();
        let shutdown = server.shutdown(SHUTDOWN_GRACE);
        tokio::pin!(shutdown);
        let mut gave_up = false;
        let shut = loop {
            tokio::select! {
                r = &mut shutdown => break r,
                Some(event) = self.rx.recv() => {
                    self.take(event)?;
                }
                _ = tokio::time::sleep(Duration::from_millis(100)) => {}
                _ = self.signals.recv(), if !gave_up => {
                    gave_up = true;
                    abandon.cancel();
                }
            }
            if gave_up {
                self.batch = Batch::default();
            } else {
                self.out.send_or_keep(&mut self.batch);
                if self.out.stalled_for() > OUTPUT_STALL {
                    gave_up = true;
                    abandon.cancel();
                }
            }
        };
        shut.context("syncing the record file")?;
        while let Ok(event) = self.rx.try_recv() {
            self.take(event)?;
        }
        Ok(gave_up)
    }
}

fn handle(
    event: Event,
    stats: &mut Tally,
    batch: &mut Batch,
    shown: &mut Shown,
    inspector: Option<&Inspector>,
    ctx: &Ctx,
) -> anyhow::Result<()> {
    let p = &ctx.printer;
    let out = &mut batch.bytes;
    match event {
        Event::Request(r, ack) => {
            stats.add(&r);
            if (p.json() || p.shows_results()) && !shown.wanted(r.record.event.as_deref()) {
                shown.hidden += 1;
            } else if p.json() {
                match &r.line {
                    Some(line) => out.write_all(line)?,
                    None => write_json(out, &r.record)?,
                }
            } else if p.shows_results() {
                if shown.too_fast() {
                    p.info(format!(
                        "{}",
                        format!(
                            "more than {FAST_REQUESTS} requests within {} s: one line per request from here on (--compact; --no-compact keeps the full view)",
                            FAST_WINDOW.as_secs()
                        )
                        .dimmed()
                    ));
                }
                receiver::render::write(out, &r, &shown.view)?;
            }
            batch.acks.push(ack);
            if let Some(ui) = inspector {
                // Moved, not copied: the record and body are not needed here any more.
                let r = *r;
                ui.push(r.record, r.body);
            }
        }
        Event::InfoPage { peer } => {
            let from = peer.map(|a| format!(" from {a}")).unwrap_or_default();
            p.info(format!(
                "{}",
                format!("GET /{from}: served the info page").dimmed()
            ));
        }
        Event::ConnectionError { peer, message } => {
            p.info(format!(
                "{} {peer}: {}",
                "connection".yellow(),
                crate::sanitize::shown(&message)
            ));
        }
        Event::RecordError { seq, message } => {
            p.warn(format!(
                "request #{seq} could not be recorded ({message}); it was answered 500"
            ));
        }
    }
    Ok(())
}

/// Output of one event-loop turn, and the requests waiting for it to be written.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    acks: Vec<receiver::Ack>,
}

/// The stdout writer thread: writes and flushes each batch, then tells its requests they may be
/// answered. Its queue is short ([`WRITER_QUEUE`]), so when stdout blocks the event loop waits
/// here, requests wait for their acks, and new ones wait for the in-flight budget: memory stays
/// bounded however long nobody reads.
struct Writer {
    tx: Option<tokio::sync::mpsc::Sender<Batch>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
    /// Batches sent and batches written, to tell a stalled stdout from an idle one.
    sent: u64,
    written: Arc<AtomicU64>,
    last_progress: (u64, Instant),
}

impl Writer {
    fn start() -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Batch>(WRITER_QUEUE);
        let written = Arc::new(AtomicU64::new(0));
        let count = Arc::clone(&written);
        let thread = std::thread::Builder::new()
            .name("ocw-stdout".into())
            .spawn(move || {
                let mut out = std::io::stdout().lock();
                while let Some(batch) = rx.blocking_recv() {
                    if !batch.bytes.is_empty() {
                        out.write_all(&batch.bytes)?;
                        out.flush()?;
                    }
                    count.fetch_add(1, Ordering::Relaxed);
                    batch.acks.into_iter().for_each(receiver::Ack::written);
                }
                Ok(())
            })
            .ok();
        Self {
            tx: Some(tx),
            thread,
            sent: 0,
            written,
            last_progress: (0, Instant::now()),
        }
    }

    /// Queue the batch, waiting while the queue is full. Cancel-safe: a wait cut short (by a
    /// signal) leaves the batch where it was, so nothing counted goes unshown. Fails when the
    /// writer stopped (stdout closed: a broken pipe, which `main` turns into a quiet exit).
    async fn send(&mut self, batch: &mut Batch) -> anyhow::Result<()> {
        if batch.bytes.is_empty() && batch.acks.is_empty() {
            return Ok(());
        }
        let queued = match &self.tx {
            Some(tx) => match tx.reserve().await {
                Ok(permit) => {
                    permit.send(std::mem::take(batch));
                    true
                }
                Err(_) => false,
            },
            None => false,
        };
        if !queued {
            return Err(self.failure());
        }
        self.sent += 1;
        Ok(())
    }

    /// Queue the batch if there is room now; otherwise leave it for the next try.
    fn send_or_keep(&mut self, batch: &mut Batch) {
        if batch.bytes.is_empty() && batch.acks.is_empty() {
            return;
        }
        let Some(tx) = &self.tx else { return };
        match tx.try_send(std::mem::take(batch)) {
            Ok(()) => self.sent += 1,
            Err(tokio::sync::mpsc::error::TrySendError::Full(b)) => *batch = b,
            // The writer stopped; `finish` reports why.
            Err(tokio::sync::mpsc::error::TrySendError::Closed(_)) => {}
        }
    }

    /// How long the writer has had work queued without finishing any of it.
    fn stalled_for(&mut self) -> Duration {
        let written = self.written.load(Ordering::Relaxed);
        if written >= self.sent || written != self.last_progress.0 {
            self.last_progress = (written, Instant::now());
            return Duration::ZERO;
        }
        self.last_progress.1.elapsed()
    }

    /// Queue the last batch, close the queue and wait (up to `stall` without progress) for
    /// everything to be written: `Ok(false)` when stdout stalled.
    async fn finish(&mut self, mut last: Batch, stall: Duration) -> anyhow::Result<bool> {
        while !(last.bytes.is_empty() && last.acks.is_empty()) && self.tx.is_some() {
            self.send_or_keep(&mut last);
            if self.tx.as_ref().is_some_and(|tx| tx.is_closed()) {
                break;
            }
            if self.stalled_for() > stall {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.tx = None;
        loop {
            if self.thread.as_ref().is_none_or(|t| t.is_finished()) {
                break;
            }
            if self.stalled_for() > stall {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(Err(e))) => Err(e.into()),
            _ => Ok(true),
        }
    }

    /// Why the writer stopped: its I/O error (a broken pipe, usually).
    fn failure(&mut self) -> anyhow::Error {
        self.tx = None;
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(Err(e))) => e.into(),
            _ => anyhow::anyhow!("the stdout writer stopped"),
        }
    }
}

fn write_json(out: &mut impl Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The closing line on stderr: what arrived, in words, and what was not shown.
fn print_summary(ctx: &Ctx, s: &Tally, shown: &Shown, checking: bool) {
    let mut parts = Vec::new();
    if checking {
        parts.push(format!("{} valid", s.valid));
        if s.invalid > 0 {
            parts.push(count(s.invalid, "invalid signature", "invalid signatures"));
        }
        if s.unsigned > 0 {
            parts.push(format!("{} unsigned", s.unsigned));
        }
    } else if s.received > 0 {
        parts.push("signatures not checked".into());
    }
    if s.token_failures > 0 {
        parts.push(count(s.token_failures, "token failure", "token failures"));
    }
    if s.duplicates > 0 {
        parts.push(count(s.duplicates, "duplicate", "duplicates"));
    }
    if s.non_2xx > 0 {
        parts.push(format!("{} answered non-2xx", s.non_2xx));
    }
    if s.hung_up > 0 {
        parts.push(format!(
            "{} before {} answer",
            count(s.hung_up, "sender hung up", "senders hung up"),
            if s.hung_up == 1 { "its" } else { "their" }
        ));
    }
    let mut line = format!(
        "\n{} {} received",
        "summary:".bold(),
        count(s.received, "request", "requests")
    );
    if !parts.is_empty() {
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    if !s.by_event.is_empty() {
        line.push_str(&format!("; by event: {}", s.events_line(usize::MAX)));
    }
    if s.aborted > 0 {
        line.push_str(&format!(
            "; {} off before {} body was complete, not counted",
            count(s.aborted, "request cut", "requests cut"),
            if s.aborted == 1 { "its" } else { "their" }
        ));
    }
    if shown.hidden > 0 {
        line.push_str(&format!(
            "; {} not shown (--event {})",
            shown.hidden,
            crate::sanitize::shown(&shown.patterns.join(", "))
        ));
    }
    ctx.printer.info(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 21st request within 2 s is too fast; 21 spread over more than 2 s are not.
    #[test]
    fn pace_is_more_than_20_within_2_s() {
        let start = Instant::now();
        let mut pace = Pace::default();
        for i in 0..FAST_REQUESTS as u64 {
            assert!(!pace.tick(start + Duration::from_millis(i * 10)), "#{i}");
        }
        assert!(pace.tick(start + Duration::from_millis(1900)));

        let mut slow = Pace::default();
        for i in 0..100u64 {
            // 10 a second exactly: 21 span 2 s, not less.
            assert!(!slow.tick(start + Duration::from_millis(i * 100)), "#{i}");
        }
    }
}
