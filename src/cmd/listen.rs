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
use crate::receiver::script::Script;
use crate::receiver::tally::{Expectations, Stop, Tally};
use crate::receiver::{self, Event};

/// The consumer's pause between batches of requests.
const BATCH_PAUSE: Duration = Duration::from_millis(2);
/// How long shutdown waits for requests still being answered (a scripted --delay included).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// When stopping, how long output may make no progress before ocw gives up on it: waiting
/// requests are then answered 503 (their senders retry) and the rest of the output is dropped.
const OUTPUT_STALL: Duration = Duration::from_secs(2);
/// Batches of output queued for the writer thread at most (each is one event-loop turn).
const WRITER_QUEUE: usize = 4;

pub async fn run(args: ListenArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let config = receiver_config(&args, ctx)?;
    let checking = !config.secrets.is_empty();
    let waits = config.wait_for_output;
    // Handlers first: a signal that arrives as soon as we are ready must stop us gracefully,
    // not kill us.
    let signals = Signals::install().context("installing signal handlers")?;
    let (tx, rx) = mpsc::unbounded_channel();
    let server = bind(&args, config, tx).await?;
    let mut session = Session {
        rx,
        signals,
        out: Writer::start(),
        batch: Batch::default(),
        stats: Tally::default(),
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
    print_summary(ctx, &session.stats);
    if stop == Stop::Signal && ci.enabled {
        p.info("ocw listen: interrupted before the CI expectations were settled");
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
    p.info(format!(
        "  try: ocw send lead.qualified --to {url}{hint_path}{}   (Ctrl-C to stop)",
        if checking { " --secret …" } else { "" }
    ));
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
    ctx: &'a Ctx,
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
            handle(event, &mut self.stats, &mut self.batch, self.ctx)?;
            // Drain what is already queued: one write for a burst of requests.
            while let Ok(event) = self.rx.try_recv() {
                handle(event, &mut self.stats, &mut self.batch, self.ctx)?;
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
                    handle(event, &mut self.stats, &mut self.batch, self.ctx)?;
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
            handle(event, &mut self.stats, &mut self.batch, self.ctx)?;
        }
        Ok(gave_up)
    }
}

fn handle(event: Event, stats: &mut Tally, batch: &mut Batch, ctx: &Ctx) -> anyhow::Result<()> {
    let p = &ctx.printer;
    let out = &mut batch.bytes;
    match event {
        Event::Request(r, ack) => {
            stats.add(&r);
            if p.json() {
                match &r.line {
                    Some(line) => out.write_all(line)?,
                    None => write_json(out, &r.record)?,
                }
            } else if p.shows_results() {
                for line in receiver::render::lines(&r, p.color(), p.verbose() > 0) {
                    writeln!(out, "{line}")?;
                }
            }
            batch.acks.push(ack);
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

fn print_summary(ctx: &Ctx, s: &Tally) {
    let p = &ctx.printer;
    let events = s
        .by_event
        .iter()
        .map(|(e, n)| format!("{} {n}", crate::sanitize::shown(e)))
        .collect::<Vec<_>>()
        .join(", ");
    let aborted = if s.aborted > 0 {
        format!(", cut off by the client {}", s.aborted)
    } else {
        String::new()
    };
    p.info(format!(
        "\n{} received {}, valid {}, invalid {}, unsigned {}, duplicates {}{aborted}{}",
        "summary:".bold(),
        s.received,
        s.valid,
        s.invalid,
        s.unsigned,
        s.duplicates,
        if events.is_empty() {
            String::new()
        } else {
            format!(" — by event: {events}")
        }
    ));
}
