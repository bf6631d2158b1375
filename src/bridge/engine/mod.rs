//! The running bridge: wires the relay and the Gateway together.
//!
//! Every relay frame is classified (`inbound`). A user message is de-duplicated by id, gets
//! its session key (`session`), and joins that session's queue: one worker per busy session
//! runs its messages one at a time, in order, each as one Gateway `agent` request whose
//! events a [`RunState`](crate::bridge::runs::RunState) turns into outbound frames; different
//! sessions run concurrently.
//! Queued messages wait for the Gateway while it is down, each at most `gateway_grace` of
//! downtime, then get an `error` frame. What is held is bounded in messages (`queue_limit`) and
//! in bytes (`queue_bytes`), and a relay frame over `max_message_bytes` is answered with an
//! `error` frame without being forwarded. Control messages and slash commands are answered
//! here, acting on the Gateway where they should.
//!
//! Everything from the relay or the Gateway that reaches a log line (ids, session keys built
//! from `peerId`, error text) goes through [`crate::sanitize`].
//!
//! This file holds the `Engine` and the routing of relay frames; the rest of `impl Engine` is
//! filed by concern: `queue` (per-session queues and waiting for the Gateway), `message` (one
//! message's run), `sessions` (remembering sessions, canonical keys, writing the store),
//! `control` (`session.*` requests, `/reset`, `/new`) and `approvals`. `store` (the
//! `bridge-sessions.json` format) and `dedup` know nothing of the engine; this file imports
//! only those two, and the others import only this file and them.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info};

use super::gateway::{Conn, Gateway, RunTable};
use super::inbound::{self, Inbound, SlashCommand, UserMessage};
use super::protocol::{self, Outbound};
use super::relay::{self, Outbox};
use super::session::{self, Resolved};
use super::{Settings, Status, StatusSink, lock};
use crate::sanitize::shown;

mod approvals;
mod control;
mod dedup;
mod message;
mod queue;
mod sessions;
mod store;

use dedup::{Dedup, Seen};
use store::{SessionMeta, load_sessions};

/// How long a session RPC may take.
const RPC_TIMEOUT: Duration = Duration::from_secs(15);
/// Control messages answered at once; more get a "busy" answer.
const CONTROL_SLOTS: usize = 64;

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
}

fn error_data(message: &str, key: Option<&str>) -> Map<String, Value> {
    let mut data = Map::new();
    data.insert("error".into(), message.into());
    if let Some(k) = key {
        data.insert("key".into(), k.into());
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
