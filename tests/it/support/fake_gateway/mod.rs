//! A scriptable fake OpenClaw Gateway on 127.0.0.1 (OS-chosen port) that speaks the real
//! protocol as captured in `shared/gateway/` (README and `frames/*.jsonl`):
//!
//! * handshake: `connect.challenge {nonce, ts}` first; the first client frame must be a
//!   `connect` request (else `INVALID_REQUEST` + close 1008 "invalid handshake: first request
//!   must be connect"); closed-object validation of the connect params, `client.id`/`mode` sets;
//!   protocol gate (v4: `maxProtocol >= 4 && minProtocol <= 4`, or a v3-only gateway), shared
//!   token/password check, `UNAVAILABLE` + `retryAfterMs` + close 1013 for the first N connects,
//!   granted scopes (cleared to `[]` for identities that do not keep them, or as configured),
//!   then `hello-ok` with `policy.tickIntervalMs`, a `health` event and periodic `tick`s;
//! * device identity: a `device` block is verified (device id = sha256(public key), the
//!   challenge nonce, an Ed25519 signature over the v3 payload; else `DEVICE_AUTH_*` + close
//!   1008), a verified device gets a `deviceToken` in `hello-ok.auth` (accepted later as
//!   `auth.token`/`auth.deviceToken` in place of the shared token), and with
//!   [`GatewayConfig::require_device`] device-less connects get `auth.scopes: []`;
//! * `agent` runs (two `res` frames on one id, `agent`/`chat` events broadcast to every
//!   connection, canonical session keys, duplicate `idempotencyKey` handling) with failure
//!   scripts selected by markers in the message (see [`markers`]);
//! * `agent.wait`, `chat.send`, `chat.abort`, `sessions.list|reset|delete`,
//!   `exec.approval.resolve`, scope checks (`FORBIDDEN missing scope: …`);
//! * outages: [`FakeGateway::disconnect_all`], [`FakeGateway::restart`] (same port),
//!   [`FakeGateway::send_shutdown`]; foreign traffic: [`FakeGateway::inject_foreign_run`].
//!
//! Everything received is recorded for assertions. The server runs on its own runtime thread
//! and is stopped on drop. Self-contained (tokio, tokio-tungstenite, futures-util, serde_json,
//! ed25519-dalek, sha2, hex, base64, std) so the benchmark can include it with
//! `#[path = "../tests/it/support/fake_gateway.rs"] mod fake_gateway;`.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Map, Value, json};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// Markers in an `agent`/`chat.send` message that select a script.
pub mod markers {
    /// `ok:false INVALID_REQUEST "malformed session key"` as the only `res` (no run).
    pub const REJECT: &str = "[[fail:reject]]";
    /// Lifecycle `phase:"error"`, then a final `res` with `ok:false` (no chat event).
    pub const LIFECYCLE_ERROR: &str = "[[fail:lifecycle]]";
    /// Lifecycle error, chat `state:"error"`, final `res` `ok:false`.
    pub const CHAT_ERROR: &str = "[[fail:chat-error]]";
    /// One assistant event, then a final `res` with `status:"timeout"` (no chat final).
    pub const TIMEOUT: &str = "[[fail:timeout]]";
    /// Per-event delay of `GatewayConfig::slow_event_delay` (default 150 ms).
    pub const SLOW: &str = "[[slow]]";
    /// `chat final` without `message`, final `res` with empty `payloads`.
    pub const SILENT: &str = "[[silent]]";
    /// No chat events at all: lifecycle start/end and a final `res` with `result.payloads`.
    pub const PAYLOAD_ONLY: &str = "[[payload-only]]";
    /// Ack, lifecycle start, one assistant event, then nothing (until `chat.abort`).
    pub const HANG: &str = "[[hang]]";
    /// After the first assistant event the gateway drops the requesting socket; the run goes
    /// on (events to whoever is connected) and ends normally, so `agent.wait` can recover it.
    pub const DROP: &str = "[[drop]]";
    /// `[[delay:MS]]` sets the per-event delay, `[[events:N]]` the number of assistant events.
    pub const DELAY_PREFIX: &str = "[[delay:";
    pub const EVENTS_PREFIX: &str = "[[events:";
}

/// Which protocol versions the fake accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolMode {
    /// An older gateway: requires `minProtocol <= 3 <= maxProtocol`, answers protocol 3.
    V3Only,
    /// The current gateway: `maxProtocol >= 4 && minProtocol <= 4`, answers protocol 4.
    V4,
}

/// Produces the reply text for a message.
pub type ReplyFn = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// What the fake does. Change it at runtime with [`FakeGateway::configure`].
#[derive(Clone)]
pub struct GatewayConfig {
    pub protocol: ProtocolMode,
    /// Required shared token (`auth.token`); `None` with no password = no auth.
    pub token: Option<String>,
    /// Required password (`auth.password`).
    pub password: Option<String>,
    /// Scopes granted in `hello-ok`; `None` = as requested (for identities that keep them).
    pub granted_scopes: Option<Vec<String>>,
    /// A hardened Gateway (2026.2.14-2026.4.x): device-less connects get `auth.scopes: []`
    /// whatever their identity; device-signed ones keep what they asked for.
    pub require_device: bool,
    /// Answer this many connects (counted from start) with `UNAVAILABLE` + close 1013.
    pub unavailable_connects: usize,
    pub retry_after_ms: u64,
    /// `policy.tickIntervalMs` in `hello-ok`.
    pub tick_interval_ms: u64,
    /// Whether `tick` events are actually sent every `tick_interval_ms`.
    pub send_ticks: bool,
    /// A `health` event shortly after `hello-ok`.
    pub send_health: bool,
    /// Delay before each event of a run.
    pub event_delay: Duration,
    /// The delay used for messages with `[[slow]]`.
    pub slow_event_delay: Duration,
    /// Assistant events per run (the text is split into this many cumulative prefixes).
    pub assistant_events: usize,
    /// Benchmark mode: ack, one assistant event, chat final, final `res`, no delays.
    pub instant: bool,
    /// Send the final `res` before the `chat final` (the order is not guaranteed by the real one).
    pub final_res_first: bool,
    pub reply: ReplyFn,
    pub server_version: String,
    /// Close (1000) a socket that sent no `connect` within this long.
    pub handshake_timeout: Duration,
    /// Record every received frame (turn off for long benchmarks).
    pub record_frames: bool,
    /// Worker threads of the fake's runtime.
    pub worker_threads: usize,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            protocol: ProtocolMode::V4,
            token: Some(DEFAULT_TOKEN.to_string()),
            password: None,
            granted_scopes: None,
            require_device: false,
            unavailable_connects: 0,
            retry_after_ms: 500,
            tick_interval_ms: 30_000,
            send_ticks: true,
            send_health: true,
            event_delay: Duration::from_millis(5),
            slow_event_delay: Duration::from_millis(150),
            assistant_events: 4,
            instant: false,
            final_res_first: false,
            reply: Arc::new(|m: &str| format!("echo: {m}")),
            server_version: "2026.9.6-fake".to_string(),
            handshake_timeout: Duration::from_secs(15),
            record_frames: true,
            worker_threads: 2,
        }
    }
}

impl std::fmt::Debug for GatewayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayConfig")
            .field("protocol", &self.protocol)
            .field("granted_scopes", &self.granted_scopes)
            .field("require_device", &self.require_device)
            .field("tick_interval_ms", &self.tick_interval_ms)
            .field("instant", &self.instant)
            .finish_non_exhaustive()
    }
}

pub const DEFAULT_TOKEN: &str = "test-token-0123456789";

const CLIENT_IDS: &[&str] = &[
    "webchat-ui",
    "openclaw-control-ui",
    "openclaw-browser-copilot",
    "openclaw-tui",
    "webchat",
    "cli",
    "gateway-client",
    "openclaw-macos",
    "openclaw-linux",
    "openclaw-ios",
    "openclaw-watchos",
    "openclaw-android",
    "node-host",
    "openclaw-worker",
    "test",
    "fingerprint",
    "openclaw-probe",
];
const CLIENT_MODES: &[&str] = &[
    "webchat", "cli", "ui", "backend", "node", "worker", "probe", "test",
];
const CONNECT_KEYS: &[&str] = &[
    "minProtocol",
    "maxProtocol",
    "client",
    "caps",
    "commands",
    "permissions",
    "pathEnv",
    "role",
    "scopes",
    "device",
    "auth",
    "locale",
    "userAgent",
];
const CLIENT_KEYS: &[&str] = &[
    "id",
    "displayName",
    "version",
    "platform",
    "deviceFamily",
    "modelIdentifier",
    "mode",
    "instanceId",
];
const AUTH_KEYS: &[&str] = &["token", "bootstrapToken", "deviceToken", "password"];
const AGENT_KEYS: &[&str] = &[
    "message",
    "agentId",
    "provider",
    "model",
    "to",
    "replyTo",
    "sessionId",
    "sessionKey",
    "thinking",
    "deliver",
    "attachments",
    "channel",
    "replyChannel",
    "accountId",
    "replyAccountId",
    "threadId",
    "groupId",
    "groupChannel",
    "groupSpace",
    "timeout",
    "maxTurns",
    "bestEffortDeliver",
    "lane",
    "extraSystemPrompt",
    "inputProvenance",
    "idempotencyKey",
    "label",
];
const METHODS: &[&str] = &[
    "health",
    "agent",
    "agent.wait",
    "chat.send",
    "chat.abort",
    "chat.history",
    "sessions.list",
    "sessions.reset",
    "sessions.delete",
    "exec.approval.resolve",
];

/// One `connect` attempt as the fake saw it.
#[derive(Debug, Clone)]
pub struct ConnectRecord {
    pub conn_id: u64,
    /// The request target of the WebSocket upgrade.
    pub uri: String,
    /// Upgrade request headers, lowercased names.
    pub headers: Vec<(String, String)>,
    /// The `connect` request frame (`None` when the first frame was something else).
    pub frame: Option<Value>,
    /// `"hello-ok"`, or the error's `details.code` (else `error.code`), or `"no-connect"`.
    pub outcome: String,
    /// The protocol answered in `hello-ok`.
    pub protocol: Option<u64>,
    pub granted_scopes: Vec<String>,
    /// The device id of a `device` block that passed verification.
    pub device_id: Option<String>,
    /// `hello-ok.auth.method`: `token`, `password`, `device-token` or `none`.
    pub auth_method: Option<String>,
    pub at: Instant,
}

impl ConnectRecord {
    pub fn params(&self) -> Value {
        self.frame
            .as_ref()
            .map(|f| f["params"].clone())
            .unwrap_or(Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How a connection ended.
#[derive(Debug, Clone)]
pub struct CloseRecord {
    pub conn_id: u64,
    /// True when the client closed (close frame or EOF), false when the fake did.
    pub by_client: bool,
    pub code: Option<u16>,
    pub reason: String,
    pub at: Instant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStatus {
    Running,
    Ok,
    Error(String),
    Timeout,
    Aborted,
    /// Lost in a [`FakeGateway::restart`].
    Lost,
}

/// One run started by `agent` or `chat.send`.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub run_id: String,
    pub method: String,
    pub session_key: String,
    pub agent_id: String,
    pub message: String,
    /// The connection that started it.
    pub conn_id: u64,
    pub status: RunStatus,
    /// The reply text (as far as streamed when not finished).
    pub text: String,
    pub started_at: Instant,
    pub ended_at: Option<Instant>,
    /// The final `res` payload, once finished (for duplicate `idempotencyKey`s).
    final_payload: Option<Value>,
    final_ok: bool,
    abort: Option<watch::Sender<bool>>,
    /// The session lane was released (at the first terminal signal of the run).
    lane_released: bool,
}

impl RunInfo {
    pub fn finished(&self) -> bool {
        self.status != RunStatus::Running
    }
}

/// An event serialized once for every connection: the writer only adds its `seq`.
struct EventFrame {
    /// `{"type":"event","event":"<name>","payload":<payload>` without the closing brace.
    head: String,
}

impl EventFrame {
    fn new(event: &str, payload: &Value) -> Arc<EventFrame> {
        let mut head = String::from(r#"{"type":"event","event":"#);
        head.push_str(&Value::from(event).to_string());
        head.push_str(r#","payload":"#);
        head.push_str(&payload.to_string());
        Arc::new(EventFrame { head })
    }

    fn with_seq(&self, seq: u64) -> String {
        format!(r#"{},"seq":{seq}}}"#, self.head)
    }
}

enum Out {
    Text(String),
    /// An event frame; the connection writer adds its per-connection `seq`.
    Event(Arc<EventFrame>),
    Close(u16, String),
    /// Drop the TCP connection without a closing handshake.
    Drop,
}

struct ConnState {
    tx: mpsc::UnboundedSender<Out>,
    /// `hello-ok` sent: receives broadcast events.
    authed: bool,
    scopes: Vec<String>,
}

struct State {
    cfg: GatewayConfig,
    conns: HashMap<u64, ConnState>,
    connect_attempts: usize,
    connects: Vec<ConnectRecord>,
    closes: Vec<CloseRecord>,
    frames: Vec<(u64, Value)>,
    runs: HashMap<String, RunInfo>,
    run_order: Vec<String>,
    sessions: BTreeMap<String, Value>,
    /// Highest number of simultaneously running runs seen in one session.
    max_session_overlap: usize,
    /// Highest number of simultaneously running runs overall.
    max_concurrent_runs: usize,
    /// Runs running now, per session and overall.
    running_by_session: HashMap<String, usize>,
    running_total: usize,
    accept_task: Option<tokio::task::JoinHandle<()>>,
    /// Device tokens issued, by device id.
    device_tokens: HashMap<String, String>,
}

struct Inner {
    state: Mutex<State>,
    /// Frames handed to connection writers, and frames written to sockets (all connections).
    queued: AtomicU64,
    written: AtomicU64,
    changed: watch::Sender<u64>,
    next_conn: AtomicU64,
    next_seq: AtomicU64,
    addr: SocketAddr,
}

impl Inner {
    fn bump(&self) {
        self.changed.send_modify(|n| *n = n.wrapping_add(1));
    }

    fn cfg(&self) -> GatewayConfig {
        self.state.lock().unwrap().cfg.clone()
    }

    fn send_to(&self, conn: u64, out: Out) -> bool {
        let st = self.state.lock().unwrap();
        let sent = st.conns.get(&conn).is_some_and(|c| c.tx.send(out).is_ok());
        if sent {
            self.queued.fetch_add(1, Ordering::Relaxed);
        }
        sent
    }

    fn send_json(&self, conn: u64, v: &Value) -> bool {
        self.send_to(conn, Out::Text(v.to_string()))
    }

    /// Send an event frame to every connection past `hello-ok`.
    fn broadcast(&self, event: &str, payload: Value) {
        let frame = EventFrame::new(event, &payload);
        let st = self.state.lock().unwrap();
        for c in st.conns.values().filter(|c| c.authed) {
            if c.tx.send(Out::Event(Arc::clone(&frame))).is_ok() {
                self.queued.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn update_run(&self, run_id: &str, f: impl FnOnce(&mut RunInfo)) {
        {
            let mut st = self.state.lock().unwrap();
            if let Some(r) = st.runs.get_mut(run_id) {
                f(r);
            }
        }
        self.bump();
    }
}

/// The running fake. Stopped on drop.
pub struct FakeGateway {
    pub addr: SocketAddr,
    inner: Arc<Inner>,
    handle: tokio::runtime::Handle,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeGateway {
    pub fn start(cfg: GatewayConfig) -> FakeGateway {
        let workers = cfg.worker_threads.max(1);
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("fake-gateway".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(workers)
                    .enable_all()
                    .build()
                    .expect("fake gateway runtime");
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .expect("bind fake gateway");
                    let addr = listener.local_addr().unwrap();
                    let (changed, _) = watch::channel(0u64);
                    let inner = Arc::new(Inner {
                        state: Mutex::new(State {
                            cfg,
                            conns: HashMap::new(),
                            connect_attempts: 0,
                            connects: Vec::new(),
                            closes: Vec::new(),
                            frames: Vec::new(),
                            runs: HashMap::new(),
                            run_order: Vec::new(),
                            sessions: BTreeMap::new(),
                            max_session_overlap: 0,
                            max_concurrent_runs: 0,
                            running_by_session: HashMap::new(),
                            running_total: 0,
                            accept_task: None,
                            device_tokens: HashMap::new(),
                        }),
                        changed,
                        queued: AtomicU64::new(0),
                        written: AtomicU64::new(0),
                        next_conn: AtomicU64::new(1),
                        next_seq: AtomicU64::new(1),
                        addr,
                    });
                    let task = tokio::spawn(accept_loop(listener, Arc::clone(&inner)));
                    inner.state.lock().unwrap().accept_task = Some(task);
                    ready_tx
                        .send((addr, Arc::clone(&inner), tokio::runtime::Handle::current()))
                        .unwrap();
                    let _ = stop_rx.await;
                    let task = inner.state.lock().unwrap().accept_task.take();
                    if let Some(t) = task {
                        t.abort();
                    }
                });
                rt.shutdown_timeout(Duration::from_secs(1));
            })
            .expect("spawn fake gateway thread");
        let (addr, inner, handle) = ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("fake gateway did not start");
        FakeGateway {
            addr,
            inner,
            handle,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// `ws://127.0.0.1:<port>`: the value for `OPENCLAW_GATEWAY_URL`.
    pub fn url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The runtime the fake runs on (to spawn clients next to it).
    pub fn handle(&self) -> &tokio::runtime::Handle {
        &self.handle
    }

    /// Change the configuration; affects new connections and new runs.
    pub fn configure(&self, f: impl FnOnce(&mut GatewayConfig)) {
        f(&mut self.inner.state.lock().unwrap().cfg);
        self.inner.bump();
    }

    // ----- recorded state -------------------------------------------------------------------

    /// Every `connect` attempt (also the rejected ones), in order.
    pub fn connects(&self) -> Vec<ConnectRecord> {
        self.inner.state.lock().unwrap().connects.clone()
    }

    /// Connect attempts that got `hello-ok`.
    pub fn hellos(&self) -> usize {
        self.connects()
            .iter()
            .filter(|c| c.outcome == "hello-ok")
            .count()
    }

    /// Connections that ended, and how.
    pub fn closes(&self) -> Vec<CloseRecord> {
        self.inner.state.lock().unwrap().closes.clone()
    }

    /// Open connections past `hello-ok`.
    pub fn connections(&self) -> usize {
        self.inner
            .state
            .lock()
            .unwrap()
            .conns
            .values()
            .filter(|c| c.authed)
            .count()
    }

    /// Every frame received from clients (the `connect` included), in order.
    pub fn frames(&self) -> Vec<Value> {
        self.inner
            .state
            .lock()
            .unwrap()
            .frames
            .iter()
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Request frames (`{"type":"req",...}`) of one method, in order.
    pub fn requests(&self, method: &str) -> Vec<Value> {
        self.frames()
            .into_iter()
            .filter(|f| f["type"] == "req" && f["method"] == method)
            .collect()
    }

    /// The `params` of every `agent` request, in order.
    pub fn agent_requests(&self) -> Vec<Value> {
        self.requests("agent")
            .into_iter()
            .map(|f| f["params"].clone())
            .collect()
    }

    /// Runs in start order.
    pub fn runs(&self) -> Vec<RunInfo> {
        let st = self.inner.state.lock().unwrap();
        st.run_order
            .iter()
            .filter_map(|id| st.runs.get(id).cloned())
            .collect()
    }

    pub fn run(&self, run_id: &str) -> Option<RunInfo> {
        self.inner.state.lock().unwrap().runs.get(run_id).cloned()
    }

    /// Session rows, as `sessions.list` would return them.
    pub fn sessions(&self) -> Vec<Value> {
        self.inner
            .state
            .lock()
            .unwrap()
            .sessions
            .values()
            .cloned()
            .collect()
    }

    /// Frames queued for connections but not yet written to their sockets. A growing backlog means the client reads
    /// too slowly (or the fake writes too slowly).
    pub fn outbound_backlog(&self) -> u64 {
        let q = self.inner.queued.load(Ordering::Relaxed);
        let w = self.inner.written.load(Ordering::Relaxed);
        q.saturating_sub(w)
    }

    /// Frames written to client sockets so far (all connections).
    pub fn frames_written(&self) -> u64 {
        self.inner.written.load(Ordering::Relaxed)
    }

    /// The highest number of runs seen running at once in a single session (1 when the client
    /// keeps one run per session at a time). A run stops counting at its first terminal signal
    /// (lifecycle end/error, chat final/error/aborted, final `res`), since a client may start
    /// the next run of the session right then.
    pub fn max_session_overlap(&self) -> usize {
        self.inner.state.lock().unwrap().max_session_overlap
    }

    /// The highest number of runs seen running at once overall.
    pub fn max_concurrent_runs(&self) -> usize {
        self.inner.state.lock().unwrap().max_concurrent_runs
    }

    // ----- waiting -----------------------------------------------------------------------------

    /// Wait until `pred(self)` holds, at most `timeout`. True when it held.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        mut pred: impl FnMut(&FakeGateway) -> bool,
    ) -> bool {
        let mut rx = self.inner.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            if pred(self) {
                return true;
            }
            let step = (tokio::time::Instant::now() + Duration::from_millis(50)).min(deadline);
            let _ = tokio::time::timeout_at(step, rx.changed()).await;
            if tokio::time::Instant::now() >= deadline {
                return pred(self);
            }
        }
    }

    /// Wait until at least `n` connects got `hello-ok`.
    pub async fn wait_hellos(&self, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |g| g.hellos() >= n).await
    }

    /// Wait until at least `n` connect attempts were made.
    pub async fn wait_connects(&self, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |g| g.connects().len() >= n).await
    }

    /// Wait until at least `n` requests of `method` arrived.
    pub async fn wait_requests(&self, method: &str, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |g| g.requests(method).len() >= n)
            .await
    }

    /// Wait until every run started so far has finished (and at least `n` runs exist).
    pub async fn wait_runs_finished(&self, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |g| {
            let runs = g.runs();
            runs.len() >= n && runs.iter().all(RunInfo::finished)
        })
        .await
    }

    // ----- actions -------------------------------------------------------------------------------

    /// Drop every socket abruptly (no close frame). Runs in flight go on.
    pub fn disconnect_all(&self) {
        let st = self.inner.state.lock().unwrap();
        for c in st.conns.values() {
            let _ = c.tx.send(Out::Drop);
        }
    }

    /// Close every socket with a close frame.
    pub fn close_all(&self, code: u16, reason: &str) {
        let st = self.inner.state.lock().unwrap();
        for c in st.conns.values() {
            let _ = c.tx.send(Out::Close(code, reason.to_string()));
        }
    }

    /// Broadcast `shutdown {reason:"restart", restartExpectedMs}`, then close every socket
    /// (1012 "service restart"). With `down`, connections are refused for that long (the port
    /// is closed and re-bound); without, the port keeps accepting.
    pub fn send_shutdown(&self, restart_expected_ms: u64, down: Option<Duration>) {
        let inner = Arc::clone(&self.inner);
        self.handle.spawn(async move {
            inner.broadcast(
                "shutdown",
                json!({"reason": "restart", "restartExpectedMs": restart_expected_ms}),
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
            if let Some(down) = down {
                stop_listening(&inner);
                close_everything(&inner, 1012, "service restart");
                tokio::time::sleep(down).await;
                start_listening(&inner).await;
            } else {
                close_everything(&inner, 1012, "service restart");
            }
        });
    }

    /// A restart: close every socket (1012), lose every run in flight (status [`RunStatus::Lost`],
    /// unknown to `agent.wait` afterwards), refuse connections for `down`, then accept again on
    /// the same port. Returns at once; wait with [`FakeGateway::wait_hellos`].
    pub fn restart(&self, down: Duration) {
        let inner = Arc::clone(&self.inner);
        self.handle.spawn(async move {
            stop_listening(&inner);
            close_everything(&inner, 1012, "service restart");
            {
                let mut st = inner.state.lock().unwrap();
                let lost: Vec<String> = st
                    .runs
                    .iter()
                    .filter(|(_, r)| r.status == RunStatus::Running)
                    .map(|(k, _)| k.clone())
                    .collect();
                for id in lost {
                    let Some(r) = st.runs.get_mut(&id) else {
                        continue;
                    };
                    r.status = RunStatus::Lost;
                    r.ended_at = Some(Instant::now());
                    if let Some(a) = &r.abort {
                        let _ = a.send(true);
                    }
                    let release = !r.lane_released;
                    r.lane_released = true;
                    let key = r.session_key.clone();
                    if release {
                        mark_not_running(&mut st, &key);
                    }
                }
            }
            inner.bump();
            tokio::time::sleep(down).await;
            start_listening(&inner).await;
        });
    }

    /// Stop or resume accepting TCP connections (the port is closed and re-bound).
    pub fn set_listening(&self, on: bool) {
        let inner = Arc::clone(&self.inner);
        if on {
            self.handle
                .spawn(async move { start_listening(&inner).await });
        } else {
            stop_listening(&inner);
        }
    }

    /// Another operator's run (e.g. a Telegram chat) streamed to every connection: lifecycle,
    /// assistant and chat events for a runId and session this client never started. Returns the
    /// runId. `session_key` defaults to `agent:main:telegram:dm:424242`.
    pub fn inject_foreign_run(&self, session_key: Option<&str>, text: &str) -> String {
        let n = self.inner.next_seq.fetch_add(1, Ordering::SeqCst);
        let run_id = format!("foreign-run-{n}-{}", random_hex(8));
        let session = session_key
            .unwrap_or("agent:main:telegram:dm:424242")
            .to_string();
        let inner = Arc::clone(&self.inner);
        let text = text.to_string();
        let rid = run_id.clone();
        self.handle.spawn(async move {
            let mut seq = 0u64;
            let mut ev = |stream: &str, data: Value| {
                seq += 1;
                json!({"runId": rid, "sessionKey": session, "agentId": "main", "stream": stream,
                       "data": data, "seq": seq, "ts": now_ms()})
            };
            inner.broadcast(
                "agent",
                ev("lifecycle", json!({"phase": "start", "startedAt": now_ms()})),
            );
            inner.broadcast(
                "agent",
                ev("assistant", json!({"text": text, "delta": text})),
            );
            let chat = |state: &str, seq: u64| {
                json!({"runId": rid, "sessionKey": session, "agentId": "main", "seq": seq,
                       "state": state, "deltaText": text,
                       "message": {"role": "assistant", "content": [{"type": "text", "text": text}],
                                   "timestamp": now_ms()}})
            };
            inner.broadcast("chat", chat("delta", 3));
            inner.broadcast(
                "agent",
                json!({"runId": rid, "sessionKey": session, "agentId": "main", "stream": "lifecycle",
                       "data": {"phase": "end", "endedAt": now_ms()}, "seq": 4, "ts": now_ms()}),
            );
            let mut fin = chat("final", 5);
            fin["stopReason"] = json!("stop");
            fin.as_object_mut().unwrap().remove("deltaText");
            inner.broadcast("chat", fin);
        });
        run_id
    }

    /// Broadcast any event to every connection past `hello-ok`.
    pub fn inject_event(&self, event: &str, payload: Value) {
        self.inner.broadcast(event, payload);
    }

    /// The usual background chatter: presence, health, heartbeat, sessions.changed, an
    /// approval request, a cron event.
    pub fn inject_noise(&self) {
        let b = |e: &str, p: Value| self.inner.broadcast(e, p);
        b(
            "presence",
            json!({"presence": [{"host": "other", "mode": "ui", "ts": now_ms()}]}),
        );
        b(
            "health",
            json!({"ok": true, "ts": now_ms(), "durationMs": 3}),
        );
        b("heartbeat", json!({"ts": now_ms(), "status": "ok-empty"}));
        b(
            "sessions.changed",
            json!({"sessionKey": "agent:main:telegram:dm:424242", "reason": "updated"}),
        );
        b(
            "exec.approval.requested",
            json!({"id": "appr-foreign-1", "request": {"command": "rm -rf /tmp/x"}, "createdAtMs": now_ms()}),
        );
        b("cron", json!({"jobId": "job-1", "action": "finished"}));
    }

    /// Stop the server, drop every socket. Idempotent.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for FakeGateway {
    fn drop(&mut self) {
        self.stop();
    }
}

fn stop_listening(inner: &Arc<Inner>) {
    let task = inner.state.lock().unwrap().accept_task.take();
    if let Some(t) = task {
        t.abort();
    }
}

async fn start_listening(inner: &Arc<Inner>) {
    if inner.state.lock().unwrap().accept_task.is_some() {
        return;
    }
    // The aborted accept task drops its listener asynchronously; retry the bind briefly.
    let mut listener = None;
    for _ in 0..100 {
        match tokio::net::TcpListener::bind(inner.addr).await {
            Ok(l) => {
                listener = Some(l);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    let listener = listener.expect("fake gateway could not re-bind its port");
    let task = tokio::spawn(accept_loop(listener, Arc::clone(inner)));
    inner.state.lock().unwrap().accept_task = Some(task);
    inner.bump();
}

fn close_everything(inner: &Arc<Inner>, code: u16, reason: &str) {
    let st = inner.state.lock().unwrap();
    for c in st.conns.values() {
        let _ = c.tx.send(Out::Close(code, reason.to_string()));
    }
}

async fn accept_loop(listener: tokio::net::TcpListener, inner: Arc<Inner>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_conn(stream, Arc::clone(&inner)));
    }
}

fn error_frame(id: &Value, code: &str, message: &str, details: Option<Value>) -> Value {
    let mut err = json!({"code": code, "message": message});
    if let Some(d) = details {
        err["details"] = d;
    }
    json!({"type": "res", "id": id, "ok": false, "error": err})
}

fn forbidden(id: &Value, scope: &str) -> Value {
    error_frame(
        id,
        "FORBIDDEN",
        &format!("missing scope: {scope}"),
        Some(json!({"code": "MISSING_SCOPE", "missingScope": scope, "requiredScopes": [scope]})),
    )
}

fn ok_frame(id: &Value, payload: Value) -> Value {
    json!({"type": "res", "id": id, "ok": true, "payload": payload})
}

/// Unknown keys of a closed object, for `invalid … params` errors.
fn unknown_key(obj: &Value, allowed: &[&str]) -> Option<String> {
    obj.as_object()?
        .keys()
        .find(|k| !allowed.contains(&k.as_str()))
        .cloned()
}

type Ws = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

async fn send_close(ws: &mut Ws, code: u16, reason: &str) {
    let _ = ws
        .send(Message::Close(Some(CloseFrame {
            code: CloseCode::from(code),
            reason: reason.to_string().into(),
        })))
        .await;
    // Let the client answer the close, bounded.
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while let Some(Ok(_)) = ws.next().await {}
    })
    .await;
}

/// One client connection: the handshake, then frames both ways until either side closes.
async fn serve_conn(stream: tokio::net::TcpStream, inner: Arc<Inner>) {
    let Some((mut ws, uri, headers)) = accept(stream).await else {
        return;
    };
    let conn_id = inner.next_conn.fetch_add(1, Ordering::SeqCst);
    let cfg = inner.cfg();
    let record = ConnectRecord {
        conn_id,
        uri,
        headers,
        frame: None,
        outcome: "no-connect".into(),
        protocol: None,
        granted_scopes: Vec::new(),
        device_id: None,
        auth_method: None,
        at: Instant::now(),
    };
    let Some(scopes) = handshake(&mut ws, &inner, &cfg, record).await else {
        return;
    };

    let (tx, rx) = mpsc::unbounded_channel::<Out>();
    inner.state.lock().unwrap().conns.insert(
        conn_id,
        ConnState {
            tx: tx.clone(),
            authed: true,
            scopes,
        },
    );
    inner.bump();
    spawn_health_and_ticks(&inner, &cfg, &tx);
    drop(tx);

    let (close, mut source) = pump(ws, rx, &inner, conn_id).await;
    {
        let mut st = inner.state.lock().unwrap();
        st.conns.remove(&conn_id);
        st.closes.push(close);
    }
    inner.bump();
    // A close frame we sent: give the client a moment to answer, bounded.
    let _ = tokio::time::timeout(Duration::from_millis(500), async {
        while let Some(Ok(_)) = source.next().await {}
    })
    .await;
}

/// The WebSocket upgrade, with the request's URI and headers (names lowercased).
async fn accept(stream: tokio::net::TcpStream) -> Option<(Ws, String, Vec<(String, String)>)> {
    let mut upgrade: Option<(String, Vec<(String, String)>)> = None;
    #[allow(clippy::result_large_err)]
    let callback = |req: &Request, resp: Response| -> Result<Response, ErrorResponse> {
        upgrade = Some((
            req.uri().to_string(),
            req.headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_ascii_lowercase(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
        ));
        Ok(resp)
    };
    let ws = match tokio::time::timeout(
        Duration::from_secs(10),
        tokio_tungstenite::accept_hdr_async(stream, callback),
    )
    .await
    {
        Ok(Ok(ws)) => ws,
        _ => return None,
    };
    let (uri, headers) = upgrade.unwrap_or_default();
    Some((ws, uri, headers))
}

/// `connect.challenge`, the client's `connect`, and `hello-ok` or a refusal (recorded, sent, and
/// the socket closed). The scopes granted, or `None` when the connection is over.
async fn handshake(
    ws: &mut Ws,
    inner: &Arc<Inner>,
    cfg: &GatewayConfig,
    record: ConnectRecord,
) -> Option<Vec<String>> {
    let nonce = uuid_like();
    let challenge = json!({"type": "event", "event": "connect.challenge",
        "payload": {"nonce": nonce, "ts": now_ms(), "capabilities": ["model-catalog-snapshot"]}});
    if ws.send(Message::text(challenge.to_string())).await.is_err() {
        return None;
    }

    let (frame, mut record) = read_connect(ws, inner, cfg, record).await?;
    record.frame = Some(frame.clone());
    let id = frame["id"].clone();
    let params = &frame["params"];

    let attempt = {
        let mut st = inner.state.lock().unwrap();
        st.connect_attempts += 1;
        st.connect_attempts
    };
    // The device block, checked against this socket's challenge; a verified device may log in
    // with the device token it was issued instead of the shared secret.
    let device = verify_device(params, &nonce);
    let device_token_used = match &device {
        Ok(Some(device_id)) => {
            let st = inner.state.lock().unwrap();
            let issued = st.device_tokens.get(device_id);
            ["token", "deviceToken"]
                .iter()
                .any(|k| issued.is_some_and(|t| params["auth"][*k].as_str() == Some(t.as_str())))
        }
        _ => false,
    };

    // Rejections, in the order the real gateway checks them.
    let rejection = connect_rejection(cfg, &id, params, attempt, &record, &device).or_else(|| {
        if device_token_used {
            None
        } else {
            auth_rejection(cfg, &id, params)
        }
    });
    if let Some(Rejection {
        frame: err,
        code,
        reason,
        outcome,
    }) = rejection
    {
        record.outcome = outcome;
        push_connect(inner, record);
        let _ = ws.send(Message::text(err.to_string())).await;
        send_close(ws, code, &reason).await;
        return None;
    }

    let device_id = device.ok().flatten();
    let (hello, scopes) = hello_ok(
        inner,
        cfg,
        &id,
        params,
        record,
        device_id,
        device_token_used,
    );
    if ws.send(Message::text(hello.to_string())).await.is_err() {
        return None;
    }
    Some(scopes)
}

/// The client's first frame, which must be a `connect` request (recorded, like every frame);
/// anything else is recorded as a failed connect, answered and closed, and gives `None`.
async fn read_connect(
    ws: &mut Ws,
    inner: &Arc<Inner>,
    cfg: &GatewayConfig,
    mut record: ConnectRecord,
) -> Option<(Value, ConnectRecord)> {
    let conn_id = record.conn_id;
    // The first frame must be a connect request.
    let first = tokio::time::timeout(cfg.handshake_timeout, async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => return Some(t.as_str().to_string()),
                Some(Ok(Message::Binary(b))) => {
                    return Some(String::from_utf8_lossy(&b).into_owned());
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                _ => return None,
            }
        }
    })
    .await;
    let first = match first {
        Err(_) => {
            push_connect(inner, record);
            send_close(ws, 1000, "").await;
            return None;
        }
        Ok(None) => {
            push_connect(inner, record);
            return None;
        }
        Ok(Some(t)) => t,
    };
    let frame: Value = serde_json::from_str(&first).unwrap_or(Value::Null);
    if frame != Value::Null {
        record_frame(inner, conn_id, &frame);
    }
    let handshake_error = "invalid handshake: first request must be connect";
    if frame["type"] != "req" || frame["method"] != "connect" {
        record.frame = None;
        record.outcome = "INVALID_HANDSHAKE".into();
        push_connect(inner, record);
        if frame["type"] == "req" {
            let err = error_frame(&frame["id"], "INVALID_REQUEST", handshake_error, None);
            let _ = ws.send(Message::text(err.to_string())).await;
        }
        send_close(ws, 1008, handshake_error).await;
        return None;
    }
    Some((frame, record))
}

/// An accepted `connect`: the scopes granted, recorded, and the `hello-ok` frame (with a
/// device token for a verified device).
fn hello_ok(
    inner: &Inner,
    cfg: &GatewayConfig,
    id: &Value,
    params: &Value,
    mut record: ConnectRecord,
    device_id: Option<String>,
    device_token_used: bool,
) -> (Value, Vec<String>) {
    let scopes = granted_scopes(cfg, params, &record, device_id.is_some());
    let protocol = match cfg.protocol {
        ProtocolMode::V3Only => 3,
        ProtocolMode::V4 => 4,
    };
    let auth_method = if device_token_used {
        "device-token"
    } else if cfg.token.is_some() {
        "token"
    } else if cfg.password.is_some() {
        "password"
    } else {
        "none"
    };
    let mut hello_auth = json!({"method": auth_method, "role": "operator", "scopes": scopes});
    if let Some(device_id) = &device_id {
        let token = inner
            .state
            .lock()
            .unwrap()
            .device_tokens
            .entry(device_id.clone())
            .or_insert_with(|| format!("devtok-{}", random_hex(40)))
            .clone();
        hello_auth["deviceToken"] = json!(token);
        hello_auth["issuedAtMs"] = json!(now_ms());
    }
    record.outcome = "hello-ok".into();
    record.protocol = Some(protocol);
    record.granted_scopes = scopes.clone();
    record.device_id = device_id.clone();
    record.auth_method = Some(auth_method.to_string());
    push_connect(inner, record);

    let hello = ok_frame(
        id,
        json!({
            "type": "hello-ok",
            "protocol": protocol,
            "server": {"version": cfg.server_version, "buildId": "fake", "bootId": uuid_like(),
                       "connId": uuid_like()},
            "features": {"methods": METHODS, "events": ["agent", "chat", "tick", "presence", "health",
                         "shutdown", "heartbeat", "sessions.changed", "exec.approval.requested"],
                         "capabilities": []},
            "snapshot": {"presence": [], "health": {"ok": true}, "stateVersion": {"presence": 1, "health": 1},
                         "uptimeMs": 1234, "sessionDefaults": {"defaultAgentId": "main", "mainKey": "main"},
                         "authMode": auth_method},
            "auth": hello_auth,
            "policy": {"maxPayload": 26_214_400, "maxBufferedBytes": 52_428_800,
                       "tickIntervalMs": cfg.tick_interval_ms},
        }),
    );
    (hello, scopes)
}

/// The scopes granted: as configured, else the requested ones when the identity keeps them,
/// else none. Device-less identities keep theirs only as gateway-client/backend or cli/cli on a
/// direct local socket (no X-Forwarded-*), and not when the gateway requires a device.
fn granted_scopes(
    cfg: &GatewayConfig,
    params: &Value,
    record: &ConnectRecord,
    device: bool,
) -> Vec<String> {
    let client_id = params["client"]["id"].as_str().unwrap_or("");
    let mode = params["client"]["mode"].as_str().unwrap_or("");
    let proxied = record
        .headers
        .iter()
        .any(|(k, _)| k.starts_with("x-forwarded") || k == "forwarded" || k == "x-real-ip");
    let keeps = if device {
        !proxied
    } else {
        ((client_id == "gateway-client" && mode == "backend")
            || (client_id == "cli" && mode == "cli"))
            && !proxied
            && !cfg.require_device
    };
    let requested: Vec<String> = params["scopes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    match &cfg.granted_scopes {
        Some(s) => s.clone(),
        None if keeps => requested,
        None => Vec::new(),
    }
}

/// A refused `connect`: the error frame, the close code and reason, and the outcome recorded.
struct Rejection {
    frame: Value,
    code: u16,
    reason: String,
    outcome: String,
}

impl Rejection {
    fn new(
        frame: Value,
        code: u16,
        reason: impl Into<String>,
        outcome: impl Into<String>,
    ) -> Option<Self> {
        Some(Self {
            frame,
            code,
            reason: reason.into(),
            outcome: outcome.into(),
        })
    }
}

/// The checks before the shared secret: startup, closed-object params, client id and mode,
/// protocol, origin, and the device block.
// One function on purpose: the checks run in the real gateway's order, and reading them top to
// bottom is the point.
fn connect_rejection(
    cfg: &GatewayConfig,
    id: &Value,
    params: &Value,
    attempt: usize,
    record: &ConnectRecord,
    device: &Result<Option<String>, (&'static str, &'static str, &'static str)>,
) -> Option<Rejection> {
    if attempt <= cfg.unavailable_connects {
        let mut err = error_frame(
            id,
            "UNAVAILABLE",
            "gateway starting; retry shortly",
            Some(json!({"reason": "startup-sidecars"})),
        );
        err["error"]["retryable"] = json!(true);
        err["error"]["retryAfterMs"] = json!(cfg.retry_after_ms);
        return Rejection::new(err, 1013, "gateway starting", "UNAVAILABLE");
    }
    let invalid = |msg: String| {
        let err = error_frame(id, "INVALID_REQUEST", &msg, None);
        Rejection::new(err, 1008, msg, "INVALID_REQUEST".to_string())
    };
    if let Some(k) = unknown_key(params, CONNECT_KEYS) {
        return invalid(format!(
            "invalid connect params: at root: unexpected property '{k}'"
        ));
    }
    if let Some(k) = unknown_key(&params["client"], CLIENT_KEYS) {
        return invalid(format!(
            "invalid connect params: at /client: unexpected property '{k}'"
        ));
    }
    if let Some(k) = unknown_key(&params["auth"], AUTH_KEYS) {
        return invalid(format!(
            "invalid connect params: at /auth: unexpected property '{k}'"
        ));
    }
    let client_id = params["client"]["id"].as_str().unwrap_or("");
    let mode = params["client"]["mode"].as_str().unwrap_or("");
    if !CLIENT_IDS.contains(&client_id) {
        return invalid(
            "invalid connect params: at /client/id: must be equal to one of the allowed values"
                .into(),
        );
    }
    if !CLIENT_MODES.contains(&mode) {
        return invalid(
            "invalid connect params: at /client/mode: must be equal to one of the allowed values"
                .into(),
        );
    }
    let (Some(min), Some(max)) = (
        params["minProtocol"].as_u64(),
        params["maxProtocol"].as_u64(),
    ) else {
        return invalid("invalid connect params: must have required property 'minProtocol'".into());
    };
    let expected = match cfg.protocol {
        ProtocolMode::V3Only => 3,
        ProtocolMode::V4 => 4,
    };
    if !(min <= expected && max >= expected) {
        let err = error_frame(
            id,
            "INVALID_REQUEST",
            "protocol mismatch",
            Some(
                json!({"code": "PROTOCOL_MISMATCH", "clientMinProtocol": min,
                "clientMaxProtocol": max, "expectedProtocol": expected,
                "minimumProbeProtocol": 3}),
            ),
        );
        return Rejection::new(err, 1002, "protocol mismatch", "PROTOCOL_MISMATCH");
    }
    if record.header("origin").is_some() {
        let msg = "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)";
        let err = error_frame(
            id,
            "INVALID_REQUEST",
            msg,
            Some(json!({"code": "CONTROL_UI_ORIGIN_NOT_ALLOWED", "reason": "origin not allowed"})),
        );
        return Rejection::new(err, 1008, msg, "CONTROL_UI_ORIGIN_NOT_ALLOWED");
    }
    if let Err((code, msg, reason)) = device {
        let err = error_frame(
            id,
            "INVALID_REQUEST",
            msg,
            Some(json!({"code": code, "reason": reason})),
        );
        return Rejection::new(err, 1008, msg.to_string(), code.to_string());
    }
    None
}

/// The shared token or password check (skipped for a device logging in with its token).
fn auth_rejection(cfg: &GatewayConfig, id: &Value, params: &Value) -> Option<Rejection> {
    let auth = &params["auth"];
    let auth_fail = |kind: &str, what: &str, code: &str, reason: &str, next: &str| {
        let msg = format!(
            "unauthorized: gateway {kind} {what} (use this gateway's gateway.auth.{kind} or pair the device)"
        );
        let err = error_frame(
            id,
            "INVALID_REQUEST",
            &msg,
            Some(json!({"code": code, "authReason": reason,
                "canRetryWithDeviceToken": what == "mismatch",
                "recommendedNextStep": next})),
        );
        Rejection::new(err, 1008, msg, code.to_string())
    };
    if let Some(token) = &cfg.token {
        match auth["token"].as_str() {
            None | Some("") => {
                return auth_fail(
                    "token",
                    "missing",
                    "AUTH_TOKEN_MISSING",
                    "token_missing",
                    "update_auth_configuration",
                );
            }
            Some(t) if t != token => {
                return auth_fail(
                    "token",
                    "mismatch",
                    "AUTH_TOKEN_MISMATCH",
                    "token_mismatch",
                    "retry_with_device_token",
                );
            }
            _ => {}
        }
    } else if let Some(password) = &cfg.password {
        match auth["password"].as_str() {
            None | Some("") => {
                return auth_fail(
                    "password",
                    "missing",
                    "AUTH_PASSWORD_MISSING",
                    "password_missing",
                    "update_auth_configuration",
                );
            }
            Some(p) if p != password => {
                return auth_fail(
                    "password",
                    "mismatch",
                    "AUTH_PASSWORD_MISMATCH",
                    "password_mismatch",
                    "update_auth_credentials",
                );
            }
            _ => {}
        }
    }
    None
}

/// A `health` event shortly after `hello-ok` and `tick`s every `tick_interval_ms`, as
/// configured.
fn spawn_health_and_ticks(
    inner: &Arc<Inner>,
    cfg: &GatewayConfig,
    tx: &mpsc::UnboundedSender<Out>,
) {
    if cfg.send_health {
        let tx = tx.clone();
        let inner = Arc::clone(inner);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            inner.queued.fetch_add(1, Ordering::Relaxed);
            let _ = tx.send(Out::Event(EventFrame::new(
                "health",
                &json!({"ok": true, "ts": now_ms(), "durationMs": 2, "defaultAgentId": "main"}),
            )));
        });
    }
    if cfg.send_ticks && cfg.tick_interval_ms > 0 {
        let tx = tx.clone();
        let every = Duration::from_millis(cfg.tick_interval_ms);
        let inner = Arc::clone(inner);
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(every);
            interval.tick().await;
            loop {
                interval.tick().await;
                if !inner.cfg().send_ticks {
                    continue;
                }
                let tick = EventFrame::new("tick", &json!({"ts": now_ms()}));
                inner.queued.fetch_add(1, Ordering::Relaxed);
                if tx.send(Out::Event(tick)).is_err() {
                    return;
                }
            }
        });
    }
}

/// Frames both ways until the connection ends: what the gateway queued for this connection is
/// written (each event with its per-connection `seq`), what the client sends is handled. The
/// close as recorded, and the read half (to drain after a close we sent).
async fn pump(
    ws: Ws,
    mut rx: mpsc::UnboundedReceiver<Out>,
    inner: &Arc<Inner>,
    conn_id: u64,
) -> (CloseRecord, futures_util::stream::SplitStream<Ws>) {
    let mut seq: u64 = 0;
    let (mut sink, mut source) = ws.split();
    let close: CloseRecord = loop {
        tokio::select! {
            out = rx.recv() => {
                if let Some(c) = write_batch(&mut sink, out, &mut rx, &mut seq, inner, conn_id).await {
                    break c;
                }
            }
            msg = source.next() => match msg {
                Some(Ok(Message::Text(t))) => {
                    handle_text(inner, conn_id, t.as_str());
                }
                Some(Ok(Message::Binary(b))) => {
                    handle_text(inner, conn_id, &String::from_utf8_lossy(&b));
                }
                Some(Ok(Message::Close(frame))) => {
                    let (code, reason) = frame
                        .map(|f| (Some(u16::from(f.code)), f.reason.as_str().to_string()))
                        .unwrap_or((None, String::new()));
                    break CloseRecord { conn_id, by_client: true, code, reason, at: Instant::now() };
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    break CloseRecord { conn_id, by_client: true, code: None,
                                        reason: e.to_string(), at: Instant::now() };
                }
                None => {
                    break CloseRecord { conn_id, by_client: true, code: None,
                                        reason: "eof".into(), at: Instant::now() };
                }
            }
        }
    };
    (close, source)
}

/// Write `first` and everything else already queued (at most 256 frames), then flush once.
/// `Some` when the connection ended (a close or drop was asked for, or a write failed).
async fn write_batch(
    sink: &mut futures_util::stream::SplitSink<Ws, Message>,
    first: Option<Out>,
    rx: &mut mpsc::UnboundedReceiver<Out>,
    seq: &mut u64,
    inner: &Inner,
    conn_id: u64,
) -> Option<CloseRecord> {
    let mut next = first;
    let mut batch = 0;
    loop {
        let msg = match next.take() {
            Some(Out::Text(t)) => Message::text(t),
            Some(Out::Event(ev)) => {
                *seq += 1;
                Message::text(ev.with_seq(*seq))
            }
            Some(Out::Close(code, reason)) => {
                let _ = sink.flush().await;
                let _ = sink
                    .send(Message::Close(Some(CloseFrame {
                        code: CloseCode::from(code),
                        reason: reason.clone().into(),
                    })))
                    .await;
                return Some(CloseRecord {
                    conn_id,
                    by_client: false,
                    code: Some(code),
                    reason,
                    at: Instant::now(),
                });
            }
            Some(Out::Drop) | None => {
                return Some(CloseRecord {
                    conn_id,
                    by_client: false,
                    code: None,
                    reason: "dropped".into(),
                    at: Instant::now(),
                });
            }
        };
        if sink.feed(msg).await.is_err() {
            return Some(CloseRecord {
                conn_id,
                by_client: true,
                code: None,
                reason: "write failed".into(),
                at: Instant::now(),
            });
        }
        inner.written.fetch_add(1, Ordering::Relaxed);
        batch += 1;
        if batch >= 256 {
            break;
        }
        match rx.try_recv() {
            Ok(o) => next = Some(o),
            Err(_) => break,
        }
    }
    if sink.flush().await.is_err() {
        return Some(CloseRecord {
            conn_id,
            by_client: true,
            code: None,
            reason: "write failed".into(),
            at: Instant::now(),
        });
    }
    None
}

fn mark_not_running(st: &mut State, key: &str) {
    st.running_total = st.running_total.saturating_sub(1);
    if let Some(n) = st.running_by_session.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            st.running_by_session.remove(key);
        }
    }
}

fn push_connect(inner: &Inner, record: ConnectRecord) {
    inner.state.lock().unwrap().connects.push(record);
    inner.bump();
}

fn record_frame(inner: &Inner, conn_id: u64, frame: &Value) {
    let mut st = inner.state.lock().unwrap();
    if st.cfg.record_frames {
        st.frames.push((conn_id, frame.clone()));
        drop(st);
        inner.bump();
    }
}

fn has_scope(inner: &Inner, conn_id: u64, scope: &str) -> bool {
    let st = inner.state.lock().unwrap();
    st.conns.get(&conn_id).is_some_and(|c| {
        c.scopes.iter().any(|s| s == scope)
            // operator.admin implies the others, as in the real gateway.
            || c.scopes.iter().any(|s| s == "operator.admin") && scope != "operator.approvals"
    })
}

fn handle_text(inner: &Arc<Inner>, conn_id: u64, text: &str) {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        return;
    };
    record_frame(inner, conn_id, &frame);
    if frame["type"] != "req" {
        return; // e.g. {"type":"cancel"}
    }
    let id = frame["id"].clone();
    let params = frame.get("params").cloned().unwrap_or(json!({}));
    let method = frame["method"].as_str().unwrap_or("");
    // The scope each method needs, checked before its params.
    let need = match method {
        "agent" | "chat.send" | "chat.abort" | "sessions.reset" => Some("operator.write"),
        "agent.wait" | "sessions.list" => Some("operator.read"),
        "sessions.delete" if params["archivedOnly"] == true => Some("operator.write"),
        "sessions.delete" => Some("operator.admin"),
        "exec.approval.resolve" => Some("operator.approvals"),
        _ => None,
    };
    if let Some(scope) = need
        && !has_scope(inner, conn_id, scope)
    {
        inner.send_json(conn_id, &forbidden(&id, scope));
        return;
    }
    let answer = match method {
        "connect" => error_frame(&id, "INVALID_REQUEST", "already connected", None),
        "health" => ok_frame(&id, json!({"ok": true, "ts": now_ms()})),
        // These answer on their own, later.
        "agent" | "chat.send" => return start_run(inner, conn_id, id, method, params),
        "agent.wait" => return agent_wait(inner, conn_id, id, &params),
        "chat.abort" => chat_abort(inner, &id, &params),
        "chat.history" => ok_frame(
            &id,
            json!({"sessionKey": params["sessionKey"], "messages": [], "hasMore": false}),
        ),
        "sessions.list" => sessions_list(inner, &id, &params),
        "sessions.reset" => sessions_reset(inner, &id, &params),
        "sessions.delete" => sessions_delete(inner, &id, &params),
        "exec.approval.resolve" => approval_resolve(&id, &params),
        other => error_frame(
            &id,
            "INVALID_REQUEST",
            &format!("unknown method: {other}"),
            None,
        ),
    };
    inner.send_json(conn_id, &answer);
}

/// `agent.wait`: answered when the run finishes (not when it was lost), or with
/// `status: "timeout"` after `timeoutMs` (at most 120 s).
fn agent_wait(inner: &Arc<Inner>, conn_id: u64, id: Value, params: &Value) {
    let run_id = params["runId"].as_str().unwrap_or("").to_string();
    if run_id.is_empty() {
        inner.send_json(
            conn_id,
            &error_frame(
                &id,
                "INVALID_REQUEST",
                "invalid agent.wait params: at /runId: must NOT have fewer than 1 characters",
                None,
            ),
        );
        return;
    }
    let timeout = Duration::from_millis(params["timeoutMs"].as_u64().unwrap_or(30_000))
        .min(Duration::from_secs(120));
    let inner = Arc::clone(inner);
    tokio::spawn(async move {
        let mut rx = inner.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            let snap = inner
                .state
                .lock()
                .unwrap()
                .runs
                .get(&run_id)
                .filter(|r| r.finished() && r.status != RunStatus::Lost)
                .map(wait_snapshot);
            if let Some(s) = snap {
                inner.send_json(conn_id, &ok_frame(&id, s));
                return;
            }
            if tokio::time::timeout_at(deadline, rx.changed())
                .await
                .is_err()
            {
                inner.send_json(
                    conn_id,
                    &ok_frame(&id, json!({"runId": run_id, "status": "timeout"})),
                );
                return;
            }
        }
    });
}

/// `chat.abort`: the running runs of a session (or the one `runId`) are aborted.
fn chat_abort(inner: &Inner, id: &Value, params: &Value) -> Value {
    let key = params["sessionKey"].as_str().unwrap_or("");
    let key = canonical_key(key, None).unwrap_or_default();
    let want = params["runId"].as_str();
    let mut ids = Vec::new();
    {
        let st = inner.state.lock().unwrap();
        for r in st.runs.values() {
            if r.status == RunStatus::Running
                && (r.session_key == key || want == Some(r.run_id.as_str()))
                && want.is_none_or(|w| w == r.run_id)
            {
                if let Some(a) = &r.abort {
                    let _ = a.send(true);
                }
                ids.push(r.run_id.clone());
            }
        }
    }
    ok_frame(
        id,
        json!({"ok": true, "aborted": !ids.is_empty(), "runIds": ids}),
    )
}

/// `sessions.list`, with `limit` and `search`.
fn sessions_list(inner: &Inner, id: &Value, params: &Value) -> Value {
    let limit = params["limit"].as_u64().unwrap_or(200) as usize;
    let search = params["search"].as_str().unwrap_or("").to_lowercase();
    let rows: Vec<Value> = {
        let st = inner.state.lock().unwrap();
        st.sessions
            .values()
            .filter(|r| {
                search.is_empty()
                    || r["key"]
                        .as_str()
                        .unwrap_or("")
                        .to_lowercase()
                        .contains(&search)
            })
            .cloned()
            .collect()
    };
    let total = rows.len();
    let page: Vec<Value> = rows.into_iter().take(limit).collect();
    ok_frame(
        id,
        json!({"ts": now_ms(), "path": "/fake/openclaw-agent.sqlite", "count": page.len(),
               "totalCount": total, "limitApplied": limit, "nextOffset": null,
               "hasMore": total > page.len(), "owners": [],
               "defaults": {"modelProvider": "fake", "model": "echo-model"},
               "sessions": page}),
    )
}

/// `sessions.reset`: a new `sessionId` for the key (the row is created when missing).
fn sessions_reset(inner: &Inner, id: &Value, params: &Value) -> Value {
    let Some(key) = params["key"].as_str().filter(|k| !k.is_empty()) else {
        return error_frame(
            id,
            "INVALID_REQUEST",
            "invalid sessions.reset params: must have required property 'key'",
            None,
        );
    };
    let key = match canonical_key(key, None) {
        Ok(k) => k,
        Err(e) => return error_frame(id, "INVALID_REQUEST", &e, None),
    };
    let entry = {
        let mut st = inner.state.lock().unwrap();
        let row = st
            .sessions
            .entry(key.clone())
            .or_insert_with(|| session_row(&key, "main", ""));
        row["sessionId"] = json!(uuid_like());
        row["updatedAt"] = json!(now_ms());
        row["resetCount"] = json!(row["resetCount"].as_u64().unwrap_or(0) + 1);
        row.clone()
    };
    inner.bump();
    ok_frame(
        id,
        json!({"ok": true, "key": key, "entry": {"sessionId": entry["sessionId"],
               "updatedAt": entry["updatedAt"], "sessionStartedAt": now_ms(),
               "systemSent": false, "abortedLastRun": false, "chatType": "direct"},
               "resolved": {"modelProvider": "fake", "model": "echo-model"}}),
    )
}

/// `sessions.delete`.
fn sessions_delete(inner: &Inner, id: &Value, params: &Value) -> Value {
    let Some(key) = params["key"].as_str().filter(|k| !k.is_empty()) else {
        return error_frame(
            id,
            "INVALID_REQUEST",
            "invalid sessions.delete params: must have required property 'key'",
            None,
        );
    };
    let key = canonical_key(key, None).unwrap_or_else(|_| key.to_string());
    let existed = inner.state.lock().unwrap().sessions.remove(&key).is_some();
    inner.bump();
    ok_frame(
        id,
        json!({"ok": true, "key": key, "deleted": existed, "archived": []}),
    )
}

/// `exec.approval.resolve`: the decision is checked and echoed.
fn approval_resolve(id: &Value, params: &Value) -> Value {
    let decision = params["decision"].as_str().unwrap_or("");
    if !["allow-once", "allow-always", "deny"].contains(&decision)
        || params["id"].as_str().is_none_or(str::is_empty)
    {
        return error_frame(
            id,
            "INVALID_REQUEST",
            "invalid exec.approval.resolve params",
            None,
        );
    }
    ok_frame(
        id,
        json!({"ok": true, "id": params["id"], "decision": decision}),
    )
}

/// `agent:<agent>:<rest>` stays (if well-formed); anything else goes under
/// `agent:<agent or main>:`; empty is the agent's main session.
pub fn canonical_key(key: &str, agent_id: Option<&str>) -> Result<String, String> {
    let agent = agent_id
        .filter(|a| !a.trim().is_empty())
        .map(|a| a.trim().to_lowercase())
        .unwrap_or_else(|| "main".to_string());
    let key = key.trim();
    if key.is_empty() {
        return Ok(format!("agent:{agent}:main"));
    }
    if let Some(rest) = key.strip_prefix("agent:") {
        return match rest.split_once(':') {
            Some((a, r)) if !a.is_empty() && !r.is_empty() => Ok(key.to_string()),
            _ => Err("malformed session key".to_string()),
        };
    }
    Ok(format!("agent:{agent}:{key}"))
}

fn session_row(key: &str, agent: &str, run_id: &str) -> Value {
    json!({"key": key, "sessionId": uuid_like(), "kind": "direct", "agentId": agent,
           "displayName": key.splitn(3, ':').nth(2).unwrap_or(key), "status": "running",
           "lastRunId": run_id, "model": "echo-model", "modelProvider": "fake",
           "updatedAt": now_ms(), "createdVia": "run"})
}

fn wait_snapshot(r: &RunInfo) -> Value {
    let ended = now_ms();
    match &r.status {
        RunStatus::Ok => json!({"runId": r.run_id, "status": "ok", "endedAt": ended,
            "stopReason": "stop", "livenessState": "working",
            "terminalReply": {"disposition": if r.text.is_empty() { "silent" } else { "visible" },
                              "text": r.text}}),
        RunStatus::Error(e) => {
            json!({"runId": r.run_id, "status": "error", "endedAt": ended, "error": e})
        }
        RunStatus::Timeout => {
            json!({"runId": r.run_id, "status": "timeout", "endedAt": ended, "stopReason": "timeout"})
        }
        RunStatus::Aborted => {
            json!({"runId": r.run_id, "status": "timeout", "endedAt": ended, "stopReason": "rpc",
                   "aborted": true})
        }
        RunStatus::Running | RunStatus::Lost => json!({"runId": r.run_id, "status": "timeout"}),
    }
}

fn marker_value(message: &str, prefix: &str) -> Option<u64> {
    let start = message.find(prefix)? + prefix.len();
    let end = message[start..].find("]]")? + start;
    message[start..end].trim().parse().ok()
}

/// Cumulative prefixes of `text`, at most `n`, each strictly longer than the one before.
fn split_cumulative(text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let n = n.max(1);
    let mut out: Vec<String> = Vec::new();
    for i in 1..=n {
        let len = chars.len() * i / n;
        if len == 0 || out.last().is_some_and(|l| l.chars().count() >= len) {
            continue;
        }
        out.push(chars[..len].iter().collect());
    }
    if out.is_empty() {
        out.push(text.to_string());
    }
    out
}

fn start_run(inner: &Arc<Inner>, conn_id: u64, req_id: Value, method: &str, params: Value) {
    let reply = |v: Value| {
        inner.send_json(conn_id, &v);
    };
    let RunRequest {
        message,
        idem,
        key,
        key_agent,
    } = match run_request(&req_id, method, &params) {
        Ok(r) => r,
        Err(refusal) => return reply(refusal),
    };
    if let Some(answer) = duplicate_answer(inner, &req_id, &idem) {
        return reply(answer);
    }

    let cfg = inner.cfg();
    let (abort_tx, abort_rx) = watch::channel(false);
    register_run(
        inner,
        RunInfo {
            run_id: idem.clone(),
            method: method.to_string(),
            session_key: key.clone(),
            agent_id: key_agent.clone(),
            message: message.clone(),
            conn_id,
            status: RunStatus::Running,
            text: String::new(),
            started_at: Instant::now(),
            ended_at: None,
            final_payload: None,
            final_ok: true,
            abort: Some(abort_tx),
            lane_released: false,
        },
    );

    let ack = if method == "agent" {
        json!({"runId": idem, "sessionKey": key, "agentId": key_agent, "status": "accepted",
               "acceptedAt": now_ms()})
    } else {
        json!({"runId": idem, "status": "started"})
    };
    reply(ok_frame(&req_id, ack));

    let run = Script {
        inner: Arc::clone(inner),
        conn_id,
        req_id,
        method: method.to_string(),
        run_id: idem,
        key,
        agent: key_agent,
        seq: 0,
        abort: abort_rx,
    };
    let text = (cfg.reply)(&message);
    if cfg.instant {
        // No task, no delays: the whole run goes out now.
        let mut run = run;
        run.instant(&text);
    } else {
        tokio::spawn(run.play(cfg, message, text));
    }
}

/// The checked params of an `agent` or `chat.send` request.
struct RunRequest {
    message: String,
    /// The `idempotencyKey`, which is the run id.
    idem: String,
    /// The canonical session key, and its agent.
    key: String,
    key_agent: String,
}

/// Check an `agent`/`chat.send` request's params as the real gateway does; `Err` is the error
/// frame to answer with.
fn run_request(req_id: &Value, method: &str, params: &Value) -> Result<RunRequest, Value> {
    let invalid = |msg: String| error_frame(req_id, "INVALID_REQUEST", &msg, None);
    let allowed: &[&str] = if method == "agent" {
        AGENT_KEYS
    } else {
        &[
            "sessionKey",
            "message",
            "idempotencyKey",
            "deliver",
            "thinking",
            "attachments",
            "timeoutMs",
        ]
    };
    if let Some(k) = unknown_key(params, allowed) {
        return Err(invalid(format!(
            "invalid {method} params: at root: unexpected property '{k}'"
        )));
    }
    let message = params["message"].as_str().unwrap_or("").to_string();
    if message.is_empty() {
        return Err(invalid(format!(
            "invalid {method} params: at /message: must NOT have fewer than 1 characters"
        )));
    }
    let Some(idem) = params["idempotencyKey"]
        .as_str()
        .filter(|k| !k.is_empty())
        .map(str::to_string)
    else {
        return Err(invalid(format!(
            "invalid {method} params: must have required property 'idempotencyKey'"
        )));
    };
    if params["deliver"] == true && params["bestEffortDeliver"] != true {
        return Err(invalid(
            "delivery channel is required: pass --channel or set a default channel".into(),
        ));
    }
    let agent_param = params["agentId"].as_str();
    let raw_key = params["sessionKey"].as_str().unwrap_or("");
    let key = match canonical_key(raw_key, agent_param) {
        Ok(k) => k,
        Err(e) => {
            return Err(invalid(e));
        }
    };
    let key_agent = key.split(':').nth(1).unwrap_or("main").to_string();
    if let Some(a) = agent_param
        && a.trim().to_lowercase() != key_agent
    {
        return Err(invalid(format!(
            "agent \"{a}\" does not match session key agent \"{key_agent}\""
        )));
    }
    if message.contains(markers::REJECT) {
        return Err(invalid("malformed session key".into()));
    }

    Ok(RunRequest {
        message,
        idem,
        key,
        key_agent,
    })
}

/// The answer to a repeated `idempotencyKey`: in flight, or the cached terminal result. (A run
/// lost in a restart is forgotten, as by the real gateway.)
fn duplicate_answer(inner: &Inner, req_id: &Value, idem: &str) -> Option<Value> {
    let existing = inner
        .state
        .lock()
        .unwrap()
        .runs
        .get(idem)
        .filter(|r| r.status != RunStatus::Lost)
        .cloned();
    if let Some(r) = existing {
        let v = match (&r.status, &r.final_payload) {
            (RunStatus::Running, _) | (_, None) => ok_frame(
                req_id,
                json!({"runId": idem, "status": "in_flight", "sessionKey": r.session_key}),
            ),
            (_, Some(p)) if r.final_ok => ok_frame(req_id, p.clone()),
            (_, Some(p)) => {
                let mut f = error_frame(req_id, "UNAVAILABLE", "run failed", None);
                f["payload"] = p.clone();
                f
            }
        };
        return Some(v);
    }
    None
}

/// Record a new run: counted as running (overall and in its session, for the overlap
/// statistics) and its session row marked running.
fn register_run(inner: &Inner, info: RunInfo) {
    let (idem, key, key_agent) = (
        info.run_id.clone(),
        info.session_key.clone(),
        info.agent_id.clone(),
    );
    {
        let mut st = inner.state.lock().unwrap();
        let running_here = {
            let n = st.running_by_session.entry(key.clone()).or_insert(0);
            *n += 1;
            *n
        };
        st.running_total += 1;
        let running = st.running_total;
        st.max_session_overlap = st.max_session_overlap.max(running_here);
        st.max_concurrent_runs = st.max_concurrent_runs.max(running);
        let replaced = st.runs.insert(idem.clone(), info);
        if replaced.is_none() {
            st.run_order.push(idem.clone());
        }
        let row = st
            .sessions
            .entry(key.clone())
            .or_insert_with(|| session_row(&key, &key_agent, &idem));
        row["status"] = json!("running");
        row["lastRunId"] = json!(idem);
        row["updatedAt"] = json!(now_ms());
    }
    inner.bump();
}

/// One run being played.
struct Script {
    inner: Arc<Inner>,
    conn_id: u64,
    req_id: Value,
    method: String,
    run_id: String,
    key: String,
    agent: String,
    seq: u64,
    abort: watch::Receiver<bool>,
}

enum Step {
    Go,
    Aborted,
}

impl Script {
    fn agent(&mut self, stream: &str, data: Value) {
        self.seq += 1;
        self.inner.broadcast(
            "agent",
            json!({"runId": self.run_id, "sessionKey": self.key, "agentId": self.agent,
                   "stream": stream, "data": data, "seq": self.seq, "ts": now_ms()}),
        );
    }

    fn chat(&mut self, state: &str, extra: Value) {
        self.seq += 1;
        let mut p = json!({"runId": self.run_id, "sessionKey": self.key, "agentId": self.agent,
                           "seq": self.seq, "state": state});
        if let (Some(p), Some(e)) = (p.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                p.insert(k.clone(), v.clone());
            }
        }
        self.inner.broadcast("chat", p);
    }

    fn message(text: &str) -> Value {
        json!({"role": "assistant", "content": [{"type": "text", "text": text}], "timestamp": now_ms()})
    }

    fn final_res(&mut self, ok: bool, payload: Value, error: Option<(&str, &str)>) {
        let frame = if ok {
            ok_frame(&self.req_id, payload.clone())
        } else {
            let (code, msg) = error.unwrap_or(("UNAVAILABLE", "run failed"));
            let mut f = error_frame(&self.req_id, code, msg, None);
            f["payload"] = payload.clone();
            f
        };
        self.inner.update_run(&self.run_id, |r| {
            r.final_payload = Some(payload);
            r.final_ok = ok;
        });
        if self.method == "agent" {
            self.inner.send_json(self.conn_id, &frame);
        }
    }

    fn finish(&mut self, status: RunStatus, text: &str) {
        let key = self.key.clone();
        let mut st = self.inner.state.lock().unwrap();
        let mut release = false;
        if let Some(r) = st.runs.get_mut(&self.run_id) {
            if r.status == RunStatus::Running {
                r.status = status;
                r.ended_at = Some(Instant::now());
                release = !r.lane_released;
                r.lane_released = true;
            }
            r.text = text.to_string();
            r.abort = None;
        }
        if release {
            mark_not_running(&mut st, &key);
        }
        if let Some(row) = st.sessions.get_mut(&key) {
            row["status"] = json!("done");
            row["updatedAt"] = json!(now_ms());
        }
        drop(st);
        self.inner.bump();
    }

    /// The run is ending (its first terminal signal goes out now): for overlap accounting it no
    /// longer occupies its session, since a client may start the next run on this signal.
    fn release_lane(&mut self) {
        let mut st = self.inner.state.lock().unwrap();
        let key = self.key.clone();
        let release = st
            .runs
            .get_mut(&self.run_id)
            .is_some_and(|r| !std::mem::replace(&mut r.lane_released, true));
        if release {
            mark_not_running(&mut st, &key);
        }
    }

    async fn pause(&mut self, d: Duration) -> Step {
        if *self.abort.borrow() {
            return Step::Aborted;
        }
        if d.is_zero() {
            return Step::Go;
        }
        tokio::select! {
            _ = tokio::time::sleep(d) => Step::Go,
            _ = self.abort.wait_for(|a| *a) => Step::Aborted,
        }
    }

    fn ok_payload(&self, text: &str) -> Value {
        let payloads = if text.is_empty() {
            json!([])
        } else {
            json!([{"text": text, "mediaUrl": null}])
        };
        json!({"runId": self.run_id, "status": "ok", "summary": "completed",
               "result": {"payloads": payloads, "meta": {"durationMs": 12, "aborted": false,
                          "agentMeta": {"sessionId": "fake", "provider": "fake", "model": "echo-model"}}}})
    }

    fn instant(&mut self, text: &str) {
        self.agent("assistant", json!({"text": text, "delta": text}));
        self.release_lane();
        self.chat(
            "final",
            json!({"stopReason": "stop", "message": Self::message(text)}),
        );
        let payload = self.ok_payload(text);
        self.final_res(true, payload, None);
        self.finish(RunStatus::Ok, text);
    }

    async fn aborted(&mut self, text: &str) {
        // A restart marks the run lost itself; nothing more is sent for it.
        if self
            .inner
            .state
            .lock()
            .unwrap()
            .runs
            .get(&self.run_id)
            .is_some_and(|r| r.status == RunStatus::Lost)
        {
            return;
        }
        self.release_lane();
        self.chat(
            "aborted",
            json!({"stopReason": "rpc", "message": Self::message(text)}),
        );
        self.agent(
            "lifecycle",
            json!({"phase": "end", "status": "cancelled", "aborted": true, "endedAt": now_ms()}),
        );
        let payload = json!({"runId": self.run_id, "status": "timeout", "summary": "aborted",
                             "stopReason": "rpc"});
        self.final_res(true, payload, None);
        self.finish(RunStatus::Aborted, text);
    }

    /// Play the run as selected by the markers in `message`: the start, the assistant deltas,
    /// then the ending the markers ask for (payload-only, hang, timeout, lifecycle or chat error,
    /// or the normal end). One function on purpose: a script, read top to bottom in the order
    /// its frames go out, where every pause may end in an abort.
    async fn play(mut self, cfg: GatewayConfig, message: String, text: String) {
        let mut delay = if message.contains(markers::SLOW) {
            cfg.slow_event_delay
        } else {
            cfg.event_delay
        };
        if let Some(ms) = marker_value(&message, markers::DELAY_PREFIX) {
            delay = Duration::from_millis(ms);
        }
        let events = marker_value(&message, markers::EVENTS_PREFIX)
            .map(|n| n as usize)
            .unwrap_or(cfg.assistant_events);
        macro_rules! step {
            ($d:expr, $partial:expr) => {
                if let Step::Aborted = self.pause($d).await {
                    self.aborted($partial).await;
                    return;
                }
            };
        }

        step!(delay, "");
        let started = now_ms();
        self.agent("lifecycle", json!({"phase": "start", "startedAt": started}));
        if self.method == "chat.send" {
            self.chat("status", json!({"phase": "preparing_workspace"}));
        }

        if message.contains(markers::PAYLOAD_ONLY) {
            step!(delay, "");
            self.release_lane();
            self.agent(
                "lifecycle",
                json!({"phase": "end", "startedAt": started, "endedAt": now_ms(),
                       "aborted": false, "stopReason": "stop"}),
            );
            step!(delay, "");
            let payload = self.ok_payload(&text);
            self.final_res(true, payload, None);
            self.finish(RunStatus::Ok, &text);
            return;
        }

        let chunks = if message.contains(markers::SILENT) {
            Vec::new()
        } else {
            split_cumulative(&text, events)
        };
        let failing = message.contains(markers::LIFECYCLE_ERROR)
            || message.contains(markers::CHAT_ERROR)
            || message.contains(markers::TIMEOUT)
            || message.contains(markers::HANG);
        let chunks: Vec<String> = if failing {
            chunks.into_iter().take(1).collect()
        } else {
            chunks
        };
        let mut prev = String::new();
        for (i, cumulative) in chunks.iter().enumerate() {
            step!(delay, &prev);
            let delta: String = cumulative.chars().skip(prev.chars().count()).collect();
            self.agent(
                "assistant",
                json!({"text": cumulative, "delta": delta, "itemId": format!("{}:1", self.run_id)}),
            );
            self.chat(
                "delta",
                json!({"deltaText": delta, "message": Self::message(cumulative)}),
            );
            let so_far = cumulative.clone();
            self.inner.update_run(&self.run_id, |r| r.text = so_far);
            prev = cumulative.clone();
            if i == 0 && message.contains(markers::DROP) {
                self.inner.send_to(self.conn_id, Out::Drop);
                step!(Duration::from_millis(300), &prev);
            }
        }

        if message.contains(markers::HANG) {
            // Nothing more until aborted (or lost in a restart).
            let _ = self.abort.wait_for(|a| *a).await;
            self.aborted(&prev).await;
            return;
        }
        if message.contains(markers::TIMEOUT) {
            step!(delay, &prev);
            self.release_lane();
            let payload = json!({"runId": self.run_id, "status": "timeout", "summary": "aborted",
                                 "stopReason": "timeout", "timeoutPhase": "model"});
            self.final_res(true, payload, None);
            self.finish(RunStatus::Timeout, &prev);
            return;
        }
        if message.contains(markers::LIFECYCLE_ERROR) || message.contains(markers::CHAT_ERROR) {
            let err = if message.contains(markers::CHAT_ERROR) {
                "429 rate limited"
            } else {
                "LLM request failed: connection refused by the provider endpoint."
            };
            step!(delay, &prev);
            self.release_lane();
            self.agent(
                "lifecycle",
                json!({"phase": "error", "error": err, "endedAt": now_ms()}),
            );
            if message.contains(markers::CHAT_ERROR) {
                step!(delay, &prev);
                self.chat(
                    "error",
                    json!({"errorMessage": err, "errorKind": "rate_limit"}),
                );
            }
            step!(delay, &prev);
            let payload = json!({"runId": self.run_id, "status": "error", "summary": err});
            self.final_res(false, payload, Some(("UNAVAILABLE", err)));
            self.finish(RunStatus::Error(err.to_string()), &prev);
            return;
        }

        // The normal ending: lifecycle end, [chat final, final res] in the configured order.
        let final_text = if message.contains(markers::SILENT) {
            String::new()
        } else {
            text.clone()
        };
        step!(delay, &prev);
        self.release_lane();
        self.agent(
            "lifecycle",
            json!({"phase": "end", "startedAt": started, "endedAt": now_ms(), "aborted": false,
                   "stopReason": "stop", "livenessState": "working",
                   "terminalReply": {"disposition": if final_text.is_empty() { "silent" } else { "visible" },
                                     "text": final_text}}),
        );
        let chat_final = if final_text.is_empty() {
            json!({"stopReason": "stop"})
        } else {
            json!({"stopReason": "stop", "message": Self::message(&final_text)})
        };
        let payload = self.ok_payload(&final_text);
        if cfg.final_res_first && self.method == "agent" {
            self.final_res(true, payload, None);
            self.chat("final", chat_final);
        } else {
            self.chat("final", chat_final);
            step!(Duration::from_millis(2), &prev);
            self.final_res(true, payload, None);
        }
        self.finish(RunStatus::Ok, &final_text);
    }
}

/// Check a `connect`'s `device` block like the real Gateway: `Ok(None)` without one,
/// `Ok(Some(device id))` when it verifies, else `(details.code, message, details.reason)`.
/// One function on purpose: the checks in the real Gateway's order, each with its own error.
fn verify_device(
    params: &Value,
    challenge_nonce: &str,
) -> Result<Option<String>, (&'static str, &'static str, &'static str)> {
    use base64::Engine as _;
    use ed25519_dalek::Verifier as _;
    use sha2::Digest as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Some(device) = params.get("device") else {
        return Ok(None);
    };
    let (Some(id), Some(public_key), Some(signature), Some(signed_at), Some(nonce)) = (
        device["id"].as_str(),
        device["publicKey"].as_str(),
        device["signature"].as_str(),
        device["signedAt"].as_u64(),
        device["nonce"].as_str(),
    ) else {
        return Err((
            "DEVICE_AUTH_INVALID",
            "device auth invalid",
            "device-invalid",
        ));
    };
    let key = b64
        .decode(public_key)
        .ok()
        .and_then(|raw| <[u8; 32]>::try_from(raw).ok())
        .and_then(|raw| {
            ed25519_dalek::VerifyingKey::from_bytes(&raw)
                .ok()
                .map(|k| (raw, k))
        });
    let Some((raw_key, key)) = key else {
        return Err((
            "DEVICE_AUTH_PUBLIC_KEY_INVALID",
            "device public key invalid",
            "device-public-key",
        ));
    };
    if hex::encode(sha2::Sha256::digest(raw_key)) != id {
        return Err((
            "DEVICE_AUTH_DEVICE_ID_MISMATCH",
            "device identity mismatch",
            "device-id-mismatch",
        ));
    }
    if now_ms().abs_diff(signed_at) > 10 * 60 * 1000 {
        return Err((
            "DEVICE_AUTH_SIGNATURE_EXPIRED",
            "device signature expired",
            "device-signature-stale",
        ));
    }
    if nonce != challenge_nonce {
        return Err((
            "DEVICE_AUTH_NONCE_MISMATCH",
            "device nonce mismatch",
            "device-nonce-mismatch",
        ));
    }
    let auth = &params["auth"];
    let token = ["token", "deviceToken", "bootstrapToken"]
        .iter()
        .find_map(|k| auth[*k].as_str())
        .unwrap_or("");
    let scopes: Vec<&str> = params["scopes"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let lower = |v: &Value| v.as_str().unwrap_or("").trim().to_ascii_lowercase();
    let payload = [
        "v3".to_string(),
        id.to_string(),
        params["client"]["id"].as_str().unwrap_or("").to_string(),
        params["client"]["mode"].as_str().unwrap_or("").to_string(),
        params["role"].as_str().unwrap_or("").to_string(),
        scopes.join(","),
        signed_at.to_string(),
        token.to_string(),
        nonce.to_string(),
        lower(&params["client"]["platform"]),
        lower(&params["client"]["deviceFamily"]),
    ]
    .join("|");
    let signature = b64
        .decode(signature)
        .ok()
        .and_then(|raw| <[u8; 64]>::try_from(raw).ok())
        .map(|raw| ed25519_dalek::Signature::from_bytes(&raw));
    match signature {
        Some(sig) if key.verify(payload.as_bytes(), &sig).is_ok() => Ok(Some(id.to_string())),
        _ => Err((
            "DEVICE_AUTH_SIGNATURE_INVALID",
            "device signature invalid",
            "device-signature",
        )),
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}

fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(now_ms());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

fn random_hex(len: usize) -> String {
    let mut s = String::new();
    while s.len() < len {
        s.push_str(&format!("{:016x}", random_u64()));
    }
    s.truncate(len);
    s
}

fn uuid_like() -> String {
    let h = random_hex(32);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Helpers for tests: an object with only the keys that exist.
pub fn obj(pairs: &[(&str, Value)]) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert((*k).to_string(), v.clone());
    }
    Value::Object(m)
}
