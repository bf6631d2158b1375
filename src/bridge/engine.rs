//! The running bridge: wires the relay and the Gateway together.
//!
//! Every relay frame is classified (`inbound`). A user message is de-duplicated by id, gets
//! its session key (`session`), and joins that session's queue: one worker per busy session
//! runs its messages one at a time, in order, each as one Gateway `agent` request whose
//! events a [`RunState`] turns into outbound frames; different sessions run concurrently.
//! Queued messages wait for the Gateway while it is down, each at most `gateway_grace` of
//! downtime, then get an `error` frame. What is held is bounded in messages (`queue_limit`) and
//! in bytes (`queue_bytes`), and a relay frame over `max_message_bytes` is answered with an
//! `error` frame without being forwarded. Control messages and slash commands are answered
//! here, acting on the Gateway where they should.
//!
//! Everything from the relay or the Gateway that reaches a log line (ids, session keys built
//! from `peerId`, error text) goes through [`crate::sanitize`].

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::gateway::{Conn, Gateway, RunInput, RunTable};
use super::inbound::{self, ControlOp, ControlRequest, Inbound, SlashCommand, UserMessage};
use super::protocol::{self, Outbound};
use super::relay::{self, Outbox};
use super::runs::{RunState, Step, Terminal};
use super::session::{self, Resolved};
use super::{Settings, Status, StatusSink, lock};
use crate::sanitize::shown;

/// How long a session RPC may take.
const RPC_TIMEOUT: Duration = Duration::from_secs(15);
/// Control messages answered at once; more get a "busy" answer.
const CONTROL_SLOTS: usize = 64;
/// Most sessions remembered for `session.list` (the oldest are forgotten beyond this).
const STORE_LIMIT: usize = 100_000;

/// Run the bridge until `shutdown` is cancelled. Connection failures on either side are
/// retried with backoff forever, so this only returns on shutdown.
pub async fn run(
    settings: Settings,
    status: StatusSink,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let settings = Arc::new(settings);
    let runs = Arc::new(RunTable::default());
    let gateway = Gateway::spawn(
        Arc::clone(&settings),
        Arc::clone(&runs),
        status.clone(),
        shutdown.clone(),
    );
    let outbox = Arc::new(Outbox::new(settings.tuning.outbound_buffer));
    let engine = Arc::new(Engine {
        dedup: Mutex::new(Dedup::new(
            settings.tuning.dedup_window,
            settings.tuning.dedup_capacity,
        )),
        settings: Arc::clone(&settings),
        gateway,
        runs,
        outbox: Arc::clone(&outbox),
        sessions: Mutex::new(HashMap::new()),
        waiting: AtomicUsize::new(0),
        held_bytes: AtomicUsize::new(0),
        store: Mutex::new(
            settings
                .sessions_file
                .as_deref()
                .map(load_sessions)
                .unwrap_or_default(),
        ),
        store_dirty: std::sync::atomic::AtomicBool::new(false),
        active: Mutex::new(HashMap::new()),
        control_slots: Arc::new(tokio::sync::Semaphore::new(CONTROL_SLOTS)),
        shutdown: shutdown.clone(),
    });
    let persister = tokio::spawn(Arc::clone(&engine).persist_sessions());
    let (approvals_tx, approvals_rx) = mpsc::unbounded_channel();
    engine.runs.on_approvals(approvals_tx);
    tokio::spawn(Arc::clone(&engine).forward_approvals(approvals_rx));
    let on_frame = {
        let engine = Arc::clone(&engine);
        move |text: &str| engine.on_frame(text)
    };
    let relay = tokio::spawn(relay::run(
        settings,
        outbox,
        status.clone(),
        shutdown.clone(),
        on_frame,
    ));
    shutdown.cancelled().await;
    // Runs still going end with an error frame; the relay task flushes what it can.
    let _ = tokio::time::timeout(Duration::from_secs(3), relay).await;
    let _ = tokio::time::timeout(Duration::from_secs(3), persister).await;
    let _ = status.send(Status::Stopped);
    Ok(())
}

/// One queued piece of work for a session.
enum Job {
    Message(UserMessage),
    Reset { msg: UserMessage, new: bool },
}

impl Job {
    fn msg(&self) -> &UserMessage {
        match self {
            Job::Message(m) | Job::Reset { msg: m, .. } => m,
        }
    }
}

/// A job as held in a session's queue: what it counts against `queue_bytes`, and when it
/// arrived (its Gateway wait is measured from then).
struct Queued {
    job: Job,
    bytes: usize,
    received: Instant,
}

/// What waiting for the Gateway gave.
enum Waited {
    Up(Arc<Conn>),
    /// Down for `gateway_grace` while the message waited: it gets an error frame.
    Down(Duration),
    Shutdown,
}

/// A wait as a person reads it: "300 ms", "30 s".
fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{} s", d.as_secs())
    }
}

/// What the bridge remembers about a session it used (for `session.list`/`session.get`).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session_id: Option<String>,
    #[serde(default)]
    updated_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    thread_id: Option<String>,
}

/// `bridge-sessions.json`: the sessions this bridge used, by canonical key.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct SessionsFile {
    version: u32,
    sessions: HashMap<String, SessionMeta>,
}

/// How often a changed session store is written.
const STORE_FLUSH: Duration = Duration::from_secs(1);

fn load_sessions(path: &std::path::Path) -> HashMap<String, SessionMeta> {
    match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice::<SessionsFile>(&bytes) {
            Ok(f) => f.sessions,
            Err(e) => {
                warn!(path = %path.display(), error = %e, "unreadable session list ignored; starting a new one");
                HashMap::new()
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
        Err(e) => {
            warn!(path = %path.display(), error = %e, "cannot read the session list; starting a new one");
            HashMap::new()
        }
    }
}

/// Write the store atomically (temp file, then rename), private to the user.
fn save_sessions(
    path: &std::path::Path,
    sessions: HashMap<String, SessionMeta>,
) -> anyhow::Result<()> {
    let bytes = serde_json::to_vec(&SessionsFile {
        version: 1,
        sessions,
    })?;
    super::state::replace_private(path, &bytes)
}

struct Engine {
    settings: Arc<Settings>,
    gateway: Gateway,
    runs: Arc<RunTable>,
    outbox: Arc<Outbox>,
    /// Sessions with a worker, and the jobs waiting behind the one it is running.
    sessions: Mutex<HashMap<String, VecDeque<Queued>>>,
    /// Jobs not answered yet, running or queued, in all sessions.
    waiting: AtomicUsize,
    /// The relay frame bytes of those jobs (bounded by `queue_bytes`).
    held_bytes: AtomicUsize,
    dedup: Mutex<Dedup>,
    /// Canonical session key -> metadata.
    store: Mutex<HashMap<String, SessionMeta>>,
    /// Canonical keys of sessions with a run going, and how many.
    active: Mutex<HashMap<String, usize>>,
    /// Control messages being answered at once (each may call the Gateway).
    control_slots: Arc<tokio::sync::Semaphore>,
    /// The store changed since it was last written.
    store_dirty: std::sync::atomic::AtomicBool,
    shutdown: CancellationToken,
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// The Gateway idempotency key (= run id) of a message: derived from the UID and the message
/// id, so a client's retry, even after a bridge restart, is de-duplicated by the Gateway too.
pub fn idempotency_key(uid: &str, id: Option<&str>) -> String {
    match id {
        Some(id) => {
            let digest = Sha256::digest(format!("{uid}:{id}").as_bytes());
            format!("ocw-{}", &hex::encode(digest)[..32])
        }
        None => format!("ocw-{}", ulid::Ulid::new().to_string().to_lowercase()),
    }
}

impl Engine {
    /// Write the session store when it changed (at most every [`STORE_FLUSH`], and once more
    /// at shutdown).
    async fn persist_sessions(self: Arc<Self>) {
        let Some(path) = self.settings.sessions_file.clone() else {
            return;
        };
        loop {
            let stopping = tokio::select! {
                _ = tokio::time::sleep(STORE_FLUSH) => false,
                _ = self.shutdown.cancelled() => true,
            };
            if self.store_dirty.swap(false, Ordering::Relaxed) {
                let snapshot = lock(&self.store).clone();
                let target = path.clone();
                let written =
                    tokio::task::spawn_blocking(move || save_sessions(&target, snapshot)).await;
                match written {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => {
                        warn!(path = %path.display(), error = %format!("{e:#}"), "cannot save the session list");
                    }
                    Err(e) => warn!(error = %e, "saving the session list failed"),
                }
            }
            if stopping {
                return;
            }
        }
    }

    /// `exec.approval.requested|resolved` of this bridge's own sessions go to the relay, so
    /// a user can answer with `/approve <id>`; other sessions' approvals never leave the
    /// Gateway.
    async fn forward_approvals(self: Arc<Self>, mut rx: mpsc::UnboundedReceiver<protocol::Event>) {
        while let Some(ev) = rx.recv().await {
            let Some(session) = ev
                .payload
                .pointer("/request/sessionKey")
                .or_else(|| ev.payload.get("sessionKey"))
                .and_then(Value::as_str)
                .map(str::to_lowercase)
            else {
                continue;
            };
            let ours = lock(&self.active).contains_key(&session)
                || lock(&self.store).contains_key(&session);
            if !ours {
                debug!(event = %shown(&ev.event), "approval of another session ignored");
                continue;
            }
            let Some(id) = ev.payload.get("id").and_then(Value::as_str) else {
                continue;
            };
            info!(id = %shown(id), session = %shown(&session), event = %shown(&ev.event), "approval forwarded");
            let frame = match self.settings.frames {
                super::FrameFormat::Gateway => json!({
                    "type": "event", "event": ev.event, "payload": ev.payload, "uid": self.settings.uid,
                }),
                super::FrameFormat::Legacy if ev.event == "exec.approval.resolved" => json!({
                    "type": "approval.resolved",
                    "id": id,
                    "decision": ev.payload.get("decision"),
                    "session": session,
                }),
                super::FrameFormat::Legacy => json!({
                    "type": "approval",
                    "id": id,
                    "command": ev.payload.pointer("/request/command"),
                    "session": session,
                    "expiresAtMs": ev.payload.get("expiresAtMs"),
                    "content": format!(
                        "Approval needed for: {}\nAnswer with /approve {id} yes|always|no",
                        ev.payload
                            .pointer("/request/command")
                            .and_then(Value::as_str)
                            .unwrap_or("a command")
                    ),
                }),
            };
            self.outbox.push(frame.to_string());
        }
    }

    fn on_frame(self: &Arc<Self>, text: &str) {
        let limit = self.settings.tuning.max_message_bytes;
        if text.len() > limit {
            return self.on_oversized(text, limit);
        }
        match inbound::classify(text) {
            Inbound::User(msg) => self.on_user(msg, text.len()),
            Inbound::Command(msg, cmd) => self.on_command(msg, cmd, text.len()),
            Inbound::Control(req) => {
                // Bounded: a peer flooding control messages gets "busy" answers, not an
                // unbounded pile of Gateway calls.
                let Ok(permit) = Arc::clone(&self.control_slots).try_acquire_owned() else {
                    let name = req.op.frame_type().trim_start_matches("session.");
                    self.outbox.push(protocol::control_answer(
                        name,
                        error_data(
                            "busy: too many control requests at once; try again",
                            req.key.as_deref(),
                        ),
                        req.request_id.as_deref(),
                    ));
                    return;
                };
                let engine = Arc::clone(self);
                tokio::spawn(async move {
                    engine.on_control(req).await;
                    drop(permit);
                });
            }
            Inbound::Ignore(why) => debug!(why, bytes = text.len(), "relay frame ignored"),
            Inbound::Invalid(why) => {
                info!(why = %shown(&why), "relay frame refused");
                let reply_to = inbound::reply_id(text);
                self.outbox
                    .push(Outbound::error(why, "", reply_to.as_deref(), None).to_text());
            }
        }
    }

    /// A frame over `max_message_bytes`: an `error` frame when it was meant for the bridge,
    /// never forwarded; read no further than its `type` and `id`.
    fn on_oversized(&self, text: &str, limit: usize) {
        match inbound::oversized(text) {
            Err(why) => debug!(why, bytes = text.len(), "relay frame ignored"),
            Ok(reply_to) => {
                info!(
                    id = %shown(reply_to.as_deref().unwrap_or("-")),
                    bytes = text.len(),
                    limit,
                    "message refused: larger than max_message_bytes"
                );
                let why = format!(
                    "message too large: {} bytes; the bridge takes at most {} (max_message_bytes = {limit}); send a shorter message, or raise max_message_bytes in the bridge's settings",
                    text.len(),
                    crate::units::bytes(limit)
                );
                self.outbox
                    .push(Outbound::error(why, "", reply_to.as_deref(), None).to_text());
            }
        }
    }

    /// The session key of a message, or the error frame that answers it.
    fn session_of(&self, msg: &UserMessage) -> Result<String, String> {
        let s = &self.settings;
        let mut fresh = || ulid::Ulid::new().to_string().to_lowercase();
        let key = match session::resolve(msg, &s.agent_id, s.scope, &mut fresh) {
            Resolved::Key(k) => k,
            Resolved::Missing(why) => return Err(why),
        };
        session::check_agent(&key, &s.agent_id)?;
        Ok(key)
    }

    /// A text the bridge answers itself (slash commands): a `complete` frame, or in the gateway
    /// frame format a chat `final` event, so a client never sees both formats.
    fn reply_complete(&self, msg: &UserMessage, session: &str, text: &str) {
        let frame = match self.settings.frames {
            super::FrameFormat::Legacy => {
                Outbound::complete(text, session, msg.id.as_deref(), None).to_text()
            }
            super::FrameFormat::Gateway => {
                let run_id = format!("ocw-cmd-{}", ulid::Ulid::new().to_string().to_lowercase());
                protocol::chat_final_event(&run_id, session, text, &self.settings.uid)
            }
        };
        self.outbox.push(frame);
    }

    fn reply_error(&self, msg: &UserMessage, session: &str, why: impl Into<String>) {
        self.outbox
            .push(Outbound::error(why, session, msg.id.as_deref(), None).to_text());
    }

    fn on_user(self: &Arc<Self>, msg: UserMessage, bytes: usize) {
        if let Some(id) = &msg.id {
            match lock(&self.dedup).check(id) {
                Seen::New => {}
                Seen::InFlight => {
                    info!(id = %shown(id), "repeated message id while its run is going: ignored");
                    return;
                }
                Seen::Done(frame) => {
                    info!(id = %shown(id), "repeated message id: its answer is sent again");
                    self.outbox.push(frame.to_string());
                    return;
                }
            }
        }
        let key = match self.session_of(&msg) {
            Ok(k) => k,
            Err(why) => {
                info!(id = %shown(msg.id.as_deref().unwrap_or("-")), why = %shown(&why), "message refused");
                self.forget(&msg);
                let session = msg.session.clone().unwrap_or_default();
                return self.reply_error(&msg, &session, why);
            }
        };
        debug!(
            id = %shown(msg.id.as_deref().unwrap_or("-")),
            session = %shown(&key),
            bytes = msg.content.len(),
            "message received"
        );
        if self.settings.log_content {
            info!(content = %shown(&msg.content), "message text");
        }
        self.enqueue(key, Job::Message(msg), bytes);
    }

    fn forget(&self, msg: &UserMessage) {
        if let Some(id) = &msg.id {
            lock(&self.dedup).forget(id);
        }
    }

    fn on_command(self: &Arc<Self>, msg: UserMessage, cmd: SlashCommand, bytes: usize) {
        // Resolved once: a message without a key gets a fresh one, which must be the same for
        // the reply and the reset.
        let resolved = self.session_of(&msg);
        let session = resolved
            .clone()
            .unwrap_or_else(|_| msg.session.clone().unwrap_or_default());
        let reply = |text: &str| self.reply_complete(&msg, &session, text);
        match cmd {
            SlashCommand::Help => reply(inbound::help_text()),
            SlashCommand::Unknown(name) => reply(&format!("Error: unknown command: /{name}")),
            SlashCommand::Approve(args) => match inbound::parse_approve(&args) {
                Err(usage) => reply(&usage),
                Ok((id, decision)) => {
                    let Ok(permit) = Arc::clone(&self.control_slots).try_acquire_owned() else {
                        return self.reply_error(
                            &msg,
                            &session,
                            "busy: too many requests at once; try again",
                        );
                    };
                    let engine = Arc::clone(self);
                    tokio::spawn(async move {
                        engine.approve(msg, session, id, decision).await;
                        drop(permit);
                    });
                }
            },
            SlashCommand::Reset { new } => match resolved {
                Ok(key) => self.enqueue(key, Job::Reset { msg, new }, bytes),
                Err(why) => self.reply_error(&msg, &session, why),
            },
        }
    }

    fn enqueue(self: &Arc<Self>, key: String, job: Job, bytes: usize) {
        let t = &self.settings.tuning;
        let limit = t.queue_limit;
        if self.waiting.load(Ordering::Relaxed) >= limit {
            let msg = job.msg();
            warn!(limit, "message refused: the queue is full");
            self.forget(msg);
            return self.reply_error(
                msg,
                &key,
                format!(
                    "the bridge already has {limit} messages waiting (is the Gateway down?); try again later"
                ),
            );
        }
        // Checked and counted in one step, so two messages arriving together cannot both
        // slip under the bound.
        let max = t.queue_bytes;
        let admitted = self
            .held_bytes
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |held| {
                held.checked_add(bytes).filter(|&n| n <= max)
            });
        if let Err(held) = admitted {
            let msg = job.msg();
            warn!(
                held,
                bytes,
                limit = max,
                "message refused: the queue holds too many bytes"
            );
            self.forget(msg);
            return self.reply_error(
                msg,
                &key,
                format!(
                    "the bridge already holds {} of messages waiting, and this one ({bytes} bytes) would pass its limit of {} (queue_bytes; is the Gateway down?); try again later",
                    crate::units::bytes(held),
                    crate::units::bytes(max)
                ),
            );
        }
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let queued = Queued {
            job,
            bytes,
            received: Instant::now(),
        };
        let mut sessions = lock(&self.sessions);
        if let Some(queue) = sessions.get_mut(&key) {
            queue.push_back(queued);
            return;
        }
        sessions.insert(key.clone(), VecDeque::from([queued]));
        drop(sessions);
        let engine = Arc::clone(self);
        tokio::spawn(async move { engine.session_worker(key).await });
    }

    /// Run a session's jobs one at a time until its queue is empty.
    async fn session_worker(self: Arc<Self>, key: String) {
        loop {
            let queued = {
                let mut sessions = lock(&self.sessions);
                let Some(queue) = sessions.get_mut(&key) else {
                    return;
                };
                match queue.pop_front() {
                    Some(q) => q,
                    None => {
                        sessions.remove(&key);
                        return;
                    }
                }
            };
            let Queued {
                job,
                bytes,
                received,
            } = queued;
            match job {
                Job::Message(msg) => self.run_message(&key, msg, received).await,
                Job::Reset { msg, new } => self.reset_command(&key, msg, new, received).await,
            }
            // Counted until answered, so `queue_limit` and `queue_bytes` bound what the bridge
            // holds, running or waiting (for the Gateway, or behind the session's previous
            // message).
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            self.held_bytes.fetch_sub(bytes, Ordering::Relaxed);
        }
    }

    /// Wait for the Gateway for a job that arrived at `received`: at most `gateway_grace` of
    /// downtime since it arrived (or since the Gateway went away, if that was later), so every
    /// message queued in an outage is answered about `gateway_grace` after it came, wherever it
    /// stands in its session's queue, and a message that waited behind a long run still gets
    /// the whole grace when the Gateway drops just before its turn.
    async fn gateway_for(&self, received: Instant) -> Waited {
        let grace = self.settings.tuning.gateway_grace;
        loop {
            if let Some(conn) = self.gateway.current() {
                return Waited::Up(conn);
            }
            let since = self
                .gateway
                .down_since()
                .map_or(received, |down| down.max(received));
            let left = (since + grace).saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Waited::Down(received.elapsed());
            }
            let conn = tokio::select! {
                c = self.gateway.connected(Some(left)) => c,
                _ = self.shutdown.cancelled() => return Waited::Shutdown,
            };
            match conn {
                Some(conn) => return Waited::Up(conn),
                None if self.shutdown.is_cancelled() => return Waited::Shutdown,
                // Back before the timeout without a connection: the Gateway task is gone, so
                // there is nothing to wait for (and no reason to spin until the deadline).
                None if Instant::now() < since + grace => {
                    return Waited::Down(received.elapsed());
                }
                // Timed out: look again (the Gateway may have come and gone in between, which
                // moves `down_since`); the end of the grace answers the message.
                None => {}
            }
        }
    }

    /// One user message, start to end: exactly one terminal frame comes out.
    async fn run_message(&self, key: &str, mut msg: UserMessage, received: Instant) {
        let s = &self.settings;
        let run_id = idempotency_key(&s.uid, msg.id.as_deref());
        // Frames carry the canonical key (what the Gateway stores and echoes in its events),
        // even when the run is refused before the Gateway says it.
        let mut state = RunState::new(
            run_id.clone(),
            self.canonical(key),
            msg.id.clone(),
            s.frames,
            &s.uid,
        );
        // The text moves into the request: held once while the message waits, not twice.
        let params = json!({
            "message": Value::String(std::mem::take(&mut msg.content)),
            "agentId": s.agent_id,
            "sessionKey": key,
            "deliver": false,
            "idempotencyKey": run_id,
            "timeout": s.tuning.run_timeout_secs,
        });
        let (tx, rx) = mpsc::unbounded_channel();
        self.runs.insert(&run_id, tx.clone());
        let active_key = state.session.clone();
        *lock(&self.active).entry(active_key.clone()).or_default() += 1;
        let started = Instant::now();
        match self.gateway_for(received).await {
            Waited::Shutdown => {
                let step = state.fail("the bridge stopped before the message was sent");
                self.apply(&mut state, step, &msg);
            }
            Waited::Down(waited) => {
                let step = state.fail(format!(
                    "the Gateway is not connected (waited {}); try again later",
                    human(waited)
                ));
                self.apply(&mut state, step, &msg);
            }
            Waited::Up(conn) => {
                if conn.start_run("agent", params.clone(), &run_id).is_err() {
                    let _ = tx.send(RunInput::Lost);
                }
            }
        }
        self.follow_run(&mut state, &msg, rx, &params, started)
            .await;
        self.runs.remove(&run_id);
        {
            let mut active = lock(&self.active);
            if let Some(n) = active.get_mut(&active_key) {
                *n -= 1;
                if *n == 0 {
                    active.remove(&active_key);
                }
            }
        }
        self.log_outcome(&mut state, &msg, started);
    }

    /// Follow a started run until it is done: its events become frames (progress at most once
    /// per `progress_interval`), and the idle watchdog, the hard deadline and shutdown end it.
    async fn follow_run(
        &self,
        state: &mut RunState,
        msg: &UserMessage,
        mut rx: mpsc::UnboundedReceiver<RunInput>,
        params: &Value,
        started: Instant,
    ) {
        let t = &self.settings.tuning;
        let run_id = state.run_id.clone();
        let hard_deadline = tokio::time::Instant::now()
            + Duration::from_secs(t.run_timeout_secs)
            + Duration::from_secs(30);
        let mut idle_deadline = tokio::time::Instant::now() + t.run_idle_timeout;
        let mut fallback: Option<tokio::time::Instant> = None;
        let mut next_progress = tokio::time::Instant::now();
        while !state.is_done() {
            let watchdog = idle_deadline.min(hard_deadline);
            let progress_due = state.has_progress();
            // Inputs first: events that arrived together are folded into one progress frame,
            // and a run that ends in the same batch sends its terminal frame alone.
            tokio::select! {
                biased;
                input = rx.recv() => {
                    idle_deadline = tokio::time::Instant::now() + t.run_idle_timeout;
                    let step = match input {
                        Some(RunInput::Event(ev)) => state.on_event(&ev, t.error_grace),
                        Some(RunInput::Res(res)) => state.on_res(&res),
                        Some(RunInput::Lost) | None => self.recover(state, params, &run_id).await,
                    };
                    if let Some(d) = step.arm_fallback {
                        let at = tokio::time::Instant::now() + d;
                        fallback = Some(fallback.map_or(at, |f| f.min(at)));
                    }
                    self.apply(state, step, msg);
                }
                _ = tokio::time::sleep_until(next_progress), if progress_due => {
                    if let Some(frame) = state.take_progress() {
                        self.outbox.push_progress(&run_id, frame);
                    }
                    next_progress = tokio::time::Instant::now() + t.progress_interval;
                }
                _ = tokio::time::sleep_until(fallback.unwrap_or(hard_deadline)), if fallback.is_some() => {
                    fallback = None;
                    let step = state.on_fallback();
                    self.apply(state, step, msg);
                }
                _ = tokio::time::sleep_until(watchdog) => {
                    let step = self.watchdog(state, started).await;
                    self.apply(state, step, msg);
                }
                _ = self.shutdown.cancelled() => {
                    let step = state.fail("the bridge is shutting down; send the message again later");
                    self.apply(state, step, msg);
                }
            }
        }
    }

    /// One log line for a finished run (metadata; the reply text only with `log_content`).
    fn log_outcome(&self, state: &mut RunState, msg: &UserMessage, started: Instant) {
        let ms = started.elapsed().as_millis() as u64;
        let id = shown(msg.id.as_deref().unwrap_or("-"));
        let session = shown(&state.session);
        match state.outcome.take() {
            Some(Terminal::Complete(text)) => {
                info!(%id, %session, ms, bytes = text.len(), "message answered");
                if self.settings.log_content {
                    info!(%id, text = %shown(&text), "reply text");
                }
            }
            Some(Terminal::Error(error)) => {
                info!(%id, %session, ms, error = %shown(&crate::redact::text(&error)), "message failed");
            }
            None => {}
        }
    }

    /// The Gateway connection of a run went away: wait (bounded) for a new one and send the
    /// same request again. The same idempotency key makes the Gateway answer `in_flight` (the
    /// run goes on, and its events keep coming), the cached result, or start it if it never
    /// arrived.
    async fn recover(&self, state: &mut RunState, params: &Value, run_id: &str) -> Step {
        let grace = self.settings.tuning.gateway_grace;
        let conn = tokio::select! {
            c = self.gateway.connected(Some(grace)) => c,
            _ = self.shutdown.cancelled() => None,
        };
        let Some(conn) = conn else {
            return state.fail(format!(
                "the Gateway disconnected during the run and was not back within {}",
                human(grace)
            ));
        };
        info!(run_id, "gateway back: resuming the run");
        if conn.start_run("agent", params.clone(), run_id).is_err() {
            return state.fail("the Gateway disconnected during the run");
        }
        Step::default()
    }

    /// No event for too long (or the hard cap): ask `agent.wait`, else give up and abort.
    async fn watchdog(&self, state: &mut RunState, started: Instant) -> Step {
        if let Some(conn) = self.gateway.current() {
            let params = json!({"runId": state.run_id, "timeoutMs": 1000});
            if let Ok(res) = conn.call("agent.wait", params, RPC_TIMEOUT).await
                && let Some(step) = state.on_wait(&res)
            {
                return step;
            }
            conn.notify(
                "chat.abort",
                json!({"sessionKey": state.session, "runId": state.run_id}),
            );
        }
        state.fail(format!(
            "timeout: no reply from the Gateway after {} s",
            started.elapsed().as_secs()
        ))
    }

    /// Write what a step produced; remember the terminal frame for repeated ids.
    fn apply(&self, state: &mut RunState, step: Step, msg: &UserMessage) {
        for frame in step.forward {
            self.outbox.push(frame);
        }
        let Some(terminal) = step.terminal else {
            return;
        };
        let frame = state.terminal_frame(&terminal);
        if let Some(frame) = &frame {
            self.outbox.push(frame.clone());
        }
        if matches!(terminal, Terminal::Complete(_)) {
            self.remember(msg, &state.session, state.session_id.clone());
        }
        if let Some(id) = &msg.id {
            lock(&self.dedup).done(id, frame);
        }
        state.outcome = Some(terminal);
    }

    fn remember(&self, msg: &UserMessage, key: &str, session_id: Option<String>) {
        let mut store = lock(&self.store);
        if store.len() >= STORE_LIMIT
            && !store.contains_key(key)
            && let Some(oldest) = store
                .iter()
                .min_by_key(|(_, m)| m.updated_at)
                .map(|(k, _)| k.clone())
        {
            store.remove(&oldest);
        }
        let meta = store.entry(key.to_owned()).or_default();
        meta.updated_at = now_ms();
        if session_id.is_some() {
            meta.session_id = session_id;
        }
        let to = msg
            .peer_id
            .clone()
            .or_else(|| msg.chat_id.clone())
            .or_else(|| msg.sender_id.clone())
            .or_else(|| msg.id.clone());
        if to.is_some() {
            meta.to = to;
        }
        if msg.thread_id.is_some() || msg.topic_id.is_some() {
            meta.thread_id = msg.topic_id.clone().or_else(|| msg.thread_id.clone());
        }
        self.store_dirty.store(true, Ordering::Relaxed);
    }

    /// The canonical key the bridge knows a session by: as given, or under this agent.
    fn canonical(&self, key: &str) -> String {
        let key = key.trim();
        if key.starts_with("agent:") {
            return key.to_lowercase();
        }
        let store = lock(&self.store);
        let prefixed = format!(
            "agent:{}:{key}",
            session::agent_key_part(&self.settings.agent_id)
        );
        if store.contains_key(key) {
            return key.to_owned();
        }
        if !store.contains_key(&prefixed) && store.contains_key(&prefixed.to_lowercase()) {
            return prefixed.to_lowercase();
        }
        prefixed
    }

    async fn on_control(self: Arc<Self>, req: ControlRequest) {
        let op = req.op;
        let data = match (op, req.key.as_deref()) {
            (ControlOp::List, _) => self.list_sessions().await,
            (_, None) => error_data("a `key` is required", None),
            (ControlOp::Get, Some(key)) => self.get_session(key).await,
            (ControlOp::Reset, Some(key)) => match self.reset_session(key, "reset").await {
                Ok(mut data) => {
                    data.insert("key".into(), key.into());
                    data
                }
                Err(e) => error_data(&format!("Failed to reset session: {e}"), Some(key)),
            },
            (ControlOp::Delete, Some(key)) => self.delete_session(key).await,
        };
        let name = op.frame_type().trim_start_matches("session.");
        self.outbox.push(protocol::control_answer(
            name,
            data,
            req.request_id.as_deref(),
        ));
    }

    fn session_row(&self, key: &str, meta: &SessionMeta) -> Map<String, Value> {
        let mut delivery = json!({"channel": "webhook", "accountId": self.settings.uid});
        if let Some(to) = &meta.to {
            delivery["to"] = to.clone().into();
        }
        if let Some(t) = &meta.thread_id {
            delivery["threadId"] = t.clone().into();
        }
        let mut row = Map::new();
        row.insert("key".into(), key.into());
        if let Some(id) = &meta.session_id {
            row.insert("sessionId".into(), id.clone().into());
        }
        row.insert("updatedAt".into(), meta.updated_at.into());
        row.insert("deliveryContext".into(), delivery);
        row.insert("lastChannel".into(), "webhook".into());
        if let Some(to) = &meta.to {
            row.insert("lastTo".into(), to.clone().into());
        }
        row
    }

    /// The Gateway's rows by key (empty when it is down or refuses).
    async fn gateway_sessions(&self) -> HashMap<String, Value> {
        let Some(conn) = self.gateway.current() else {
            return HashMap::new();
        };
        let Ok(res) = conn
            .call("sessions.list", json!({"limit": 1000}), RPC_TIMEOUT)
            .await
        else {
            return HashMap::new();
        };
        res.payload
            .get("sessions")
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .filter_map(|r| Some((r.get("key")?.as_str()?.to_owned(), r.clone())))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn merged(&self, key: &str, meta: &SessionMeta, gw: &HashMap<String, Value>) -> Value {
        let mut meta = meta.clone();
        if let Some(row) = gw.get(key) {
            if let Some(id) = row.get("sessionId").and_then(Value::as_str) {
                meta.session_id = Some(id.to_owned());
            }
            if let Some(at) = row.get("updatedAt").and_then(Value::as_i64) {
                meta.updated_at = meta.updated_at.max(at);
            }
        }
        Value::Object(self.session_row(key, &meta))
    }

    async fn list_sessions(&self) -> Map<String, Value> {
        let gw = self.gateway_sessions().await;
        let mine: Vec<(String, SessionMeta)> = lock(&self.store)
            .iter()
            .map(|(k, m)| (k.clone(), m.clone()))
            .collect();
        let mut rows: Vec<Value> = mine.iter().map(|(k, m)| self.merged(k, m, &gw)).collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r["updatedAt"].as_i64().unwrap_or(0)));
        let mut data = Map::new();
        data.insert("count".into(), rows.len().into());
        data.insert("sessions".into(), rows.into());
        data
    }

    async fn get_session(&self, key: &str) -> Map<String, Value> {
        let canonical = self.canonical(key);
        let meta = lock(&self.store).get(&canonical).cloned();
        let Some(meta) = meta else {
            return error_data("Session not found", Some(key));
        };
        let gw = self.gateway_sessions().await;
        match self.merged(&canonical, &meta, &gw) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    /// `sessions.reset` on the Gateway; the answer's data on success.
    async fn reset_session(&self, key: &str, reason: &str) -> Result<Map<String, Value>, String> {
        let canonical = self.canonical(key);
        let payload = self
            .rpc(
                "sessions.reset",
                json!({"key": canonical, "reason": reason}),
            )
            .await?;
        let session_id = payload
            .pointer("/entry/sessionId")
            .and_then(Value::as_str)
            .map(str::to_owned);
        {
            let mut store = lock(&self.store);
            let meta = store.entry(canonical.clone()).or_default();
            meta.updated_at = now_ms();
            if session_id.is_some() {
                meta.session_id.clone_from(&session_id);
            }
            self.store_dirty.store(true, Ordering::Relaxed);
        }
        info!(session = %shown(&canonical), "session reset on the Gateway");
        let mut data = Map::new();
        data.insert("success".into(), true.into());
        if let Some(id) = session_id {
            data.insert("sessionId".into(), id.into());
        }
        Ok(data)
    }

    async fn delete_session(&self, key: &str) -> Map<String, Value> {
        let canonical = self.canonical(key);
        let deleted = self
            .rpc(
                "sessions.delete",
                json!({"key": canonical, "deleteTranscript": true}),
            )
            .await;
        if let Err(e) = deleted {
            return error_data(&format!("Failed to delete session: {e}"), Some(key));
        }
        lock(&self.store).remove(&canonical);
        self.store_dirty.store(true, Ordering::Relaxed);
        info!(session = %shown(&canonical), "session deleted on the Gateway");
        let mut data = Map::new();
        data.insert("success".into(), true.into());
        data.insert("key".into(), key.into());
        data
    }

    /// A session RPC on the current connection: its payload, or why there is none (not
    /// connected, no answer, refused) in words for an answer frame.
    async fn rpc(&self, method: &str, params: Value) -> Result<Value, String> {
        let conn = self
            .gateway
            .current()
            .ok_or("the Gateway is not connected; try again shortly")?;
        let res = conn
            .call(method, params, RPC_TIMEOUT)
            .await
            .map_err(|e| e.to_string())?;
        if res.ok {
            Ok(res.payload)
        } else {
            Err(res.error_text())
        }
    }

    /// `/new` and `/reset`: reset the Gateway session, in order with the session's messages.
    async fn reset_command(&self, key: &str, msg: UserMessage, new: bool, received: Instant) {
        match self.gateway_for(received).await {
            Waited::Up(_) => {}
            Waited::Down(waited) => {
                return self.reply_error(
                    &msg,
                    key,
                    format!(
                        "the Gateway is not connected (waited {}); send the command again later",
                        human(waited)
                    ),
                );
            }
            Waited::Shutdown => {
                return self.reply_error(
                    &msg,
                    key,
                    "the bridge stopped before the session was reset; send the command again later",
                );
            }
        }
        let reason = if new { "new" } else { "reset" };
        let canonical = self.canonical(key);
        match self.reset_session(key, reason).await {
            Ok(_) => self.reply_complete(&msg, &canonical, "Session reset."),
            Err(e) => self.reply_error(&msg, &canonical, format!("Failed to reset session: {e}")),
        }
    }

    /// `/approve <id> [decision]` through `exec.approval.resolve`.
    async fn approve(&self, msg: UserMessage, session: String, id: String, decision: &str) {
        let Some(conn) = self.gateway.current() else {
            return self.reply_error(
                &msg,
                &session,
                "the Gateway is not connected; try again shortly",
            );
        };
        let res = conn
            .call(
                "exec.approval.resolve",
                json!({"id": id, "decision": decision}),
                RPC_TIMEOUT,
            )
            .await;
        match res {
            Ok(r) if r.ok => {
                let verdict = if decision == "deny" {
                    "denied"
                } else {
                    "approved"
                };
                self.reply_complete(
                    &msg,
                    &session,
                    &format!("Request {id} has been {verdict} ({decision})."),
                );
            }
            Ok(r) => self.reply_error(
                &msg,
                &session,
                format!("approval failed: {}", r.error_text()),
            ),
            Err(e) => self.reply_error(&msg, &session, format!("approval failed: {e}")),
        }
    }
}

fn error_data(message: &str, key: Option<&str>) -> Map<String, Value> {
    let mut data = Map::new();
    data.insert("error".into(), message.into());
    if let Some(k) = key {
        data.insert("key".into(), k.into());
    }
    data
}

/// What the de-duplication window says about a message id.
#[derive(Debug, PartialEq)]
enum Seen {
    New,
    InFlight,
    /// Finished: its terminal frame (to send again).
    Done(Arc<str>),
}

/// Message ids seen within the window, bounded in number.
struct Dedup {
    window: Duration,
    capacity: usize,
    entries: HashMap<String, (Instant, Option<Arc<str>>)>,
    order: VecDeque<(Instant, String)>,
}

impl Dedup {
    fn new(window: Duration, capacity: usize) -> Self {
        Self {
            window,
            capacity: capacity.max(1),
            entries: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    fn expire(&mut self, now: Instant) {
        while let Some((at, _)) = self.order.front() {
            if now.duration_since(*at) < self.window && self.order.len() <= self.capacity {
                break;
            }
            let Some((at, id)) = self.order.pop_front() else {
                break;
            };
            if self.entries.get(&id).is_some_and(|(t, _)| *t == at) {
                self.entries.remove(&id);
            }
        }
    }

    /// Look `id` up; a new id is recorded as in flight.
    fn check(&mut self, id: &str) -> Seen {
        let now = Instant::now();
        self.expire(now);
        match self.entries.get(id) {
            Some((_, None)) => Seen::InFlight,
            Some((_, Some(frame))) => Seen::Done(Arc::clone(frame)),
            None => {
                self.entries.insert(id.to_owned(), (now, None));
                self.order.push_back((now, id.to_owned()));
                Seen::New
            }
        }
    }

    /// The run of `id` ended with `frame` (none in the gateway format after a chat final).
    fn done(&mut self, id: &str, frame: Option<String>) {
        match (self.entries.get_mut(id), frame) {
            (Some(entry), Some(frame)) => entry.1 = Some(frame.into()),
            (Some(_), None) => {
                self.entries.remove(id);
            }
            _ => {}
        }
    }

    fn forget(&mut self, id: &str) {
        self.entries.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_list_survives_a_restart_and_stays_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bridge-sessions.json");
        assert!(load_sessions(&path).is_empty(), "no file yet");
        let mut sessions = HashMap::new();
        sessions.insert(
            "agent:main:webhook:dm:u1".to_owned(),
            SessionMeta {
                session_id: Some("s-1".into()),
                updated_at: 42,
                to: Some("u1".into()),
                thread_id: None,
            },
        );
        save_sessions(&path, sessions).unwrap();
        let loaded = load_sessions(&path);
        assert_eq!(
            loaded["agent:main:webhook:dm:u1"].session_id.as_deref(),
            Some("s-1")
        );
        assert_eq!(loaded["agent:main:webhook:dm:u1"].updated_at, 42);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "{not json").unwrap();
        assert!(
            load_sessions(&path).is_empty(),
            "a broken file is not fatal"
        );
    }

    #[test]
    fn waits_read_as_a_person_writes_them() {
        assert_eq!(human(Duration::from_millis(300)), "300 ms");
        assert_eq!(human(Duration::from_millis(30_400)), "30 s");
    }

    #[test]
    fn idempotency_keys_are_stable_per_uid_and_id() {
        let a = idempotency_key("uid-1", Some("m1"));
        assert_eq!(a, idempotency_key("uid-1", Some("m1")));
        assert_ne!(a, idempotency_key("uid-2", Some("m1")));
        assert_eq!(a.len(), 36);
        assert_ne!(idempotency_key("u", None), idempotency_key("u", None));
    }

    #[test]
    fn dedup_tracks_in_flight_and_done_and_forgets_after_the_window() {
        let mut d = Dedup::new(Duration::from_secs(600), 3);
        assert_eq!(d.check("a"), Seen::New);
        assert_eq!(d.check("a"), Seen::InFlight);
        d.done("a", Some("frame".into()));
        assert_eq!(d.check("a"), Seen::Done("frame".into()));
        for id in ["b", "c", "d", "e"] {
            assert_eq!(d.check(id), Seen::New);
        }
        assert_eq!(d.check("a"), Seen::New, "evicted beyond the capacity");
        let mut d = Dedup::new(Duration::ZERO, 10);
        assert_eq!(d.check("x"), Seen::New);
        assert_eq!(d.check("x"), Seen::New, "outside the window");
    }
}
