//! The Gateway side: one WebSocket to the OpenClaw Gateway, kept alive forever.
//!
//! A background task dials the Gateway, waits for `connect.challenge`, sends `connect`, checks
//! `hello-ok` (protocol in range, `operator.write` granted), then reads frames: `res` frames go
//! to whoever sent the request, `agent`/`chat` events go to the run they belong to (by
//! `runId`; foreign runs are dropped here), `tick` keeps the connection alive and `shutdown`
//! schedules a reconnect. Every failure ends in a reconnect with jittered backoff. Writes go
//! through one writer task per connection.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::backoff::Backoff;
use super::device::Identity;
use super::protocol::{self, ErrorShape, Event, Incoming, Response};
use super::{DeviceAuth, GatewayAuth, Settings, Status, StatusSink, lock};
use crate::redact;
use crate::sanitize::shown;

/// What a run hears from the Gateway side.
#[derive(Debug)]
pub enum RunInput {
    /// An `agent` or `chat` event carrying this run's id.
    Event(Event),
    /// A `res` to the request that started the run (the ack, then the final result).
    Res(Response),
    /// The connection the run was started on is gone.
    Lost,
}

/// Runs this bridge started, by `runId` (= the idempotency key it sent).
#[derive(Default)]
pub struct RunTable {
    runs: Mutex<HashMap<String, mpsc::UnboundedSender<RunInput>>>,
    /// Where `exec.approval.requested|resolved` events go (the engine keeps those of its own
    /// sessions).
    approvals: Mutex<Option<mpsc::UnboundedSender<Event>>>,
}

impl RunTable {
    /// Send approval events to `tx`.
    pub fn on_approvals(&self, tx: mpsc::UnboundedSender<Event>) {
        *lock(&self.approvals) = Some(tx);
    }

    fn approval(&self, ev: Event) {
        if let Some(tx) = lock(&self.approvals).as_ref() {
            let _ = tx.send(ev);
        }
    }

    pub fn insert(&self, run_id: &str, tx: mpsc::UnboundedSender<RunInput>) {
        lock(&self.runs).insert(run_id.to_owned(), tx);
    }

    pub fn remove(&self, run_id: &str) {
        lock(&self.runs).remove(run_id);
    }

    /// Deliver to the run; `false` when the run is not ours (or already over).
    fn deliver(&self, run_id: &str, input: RunInput) -> bool {
        match lock(&self.runs).get(run_id) {
            Some(tx) => tx.send(input).is_ok(),
            None => false,
        }
    }

    fn lost(&self) {
        for tx in lock(&self.runs).values() {
            let _ = tx.send(RunInput::Lost);
        }
    }
}

/// Why a request got no answer.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("the Gateway is not connected")]
    NotConnected,
    #[error("the Gateway connection was lost before it answered")]
    Lost,
    #[error("the Gateway did not answer within {0:?}")]
    Timeout(Duration),
}

enum Pending {
    Once(oneshot::Sender<Response>),
    /// `res` frames of a request that started a run go to the run.
    Run(String),
}

/// A live, authenticated connection.
pub struct Conn {
    out: mpsc::UnboundedSender<Message>,
    pending: Mutex<HashMap<String, Pending>>,
    next_id: AtomicU64,
    /// Increases with every new connection.
    pub generation: u64,
    pub protocol: u32,
}

impl Conn {
    fn next_id(&self) -> String {
        format!("ocw-{}", self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    /// Send a request and wait for its (first and only) response.
    pub async fn call(
        &self,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Response, CallError> {
        let id = self.next_id();
        let (tx, rx) = oneshot::channel();
        lock(&self.pending).insert(id.clone(), Pending::Once(tx));
        if self
            .out
            .send(Message::text(protocol::request(&id, method, params)))
            .is_err()
        {
            lock(&self.pending).remove(&id);
            return Err(CallError::Lost);
        }
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(res)) => Ok(res),
            Ok(Err(_)) => Err(CallError::Lost),
            Err(_) => {
                lock(&self.pending).remove(&id);
                Err(CallError::Timeout(timeout))
            }
        }
    }

    /// Send a request whose responses belong to run `run_id` (registered in the run table).
    pub fn start_run(&self, method: &str, params: Value, run_id: &str) -> Result<(), CallError> {
        let id = self.next_id();
        lock(&self.pending).insert(id.clone(), Pending::Run(run_id.to_owned()));
        self.out
            .send(Message::text(protocol::request(&id, method, params)))
            .map_err(|_| {
                lock(&self.pending).remove(&id);
                CallError::Lost
            })
    }

    /// Send a request and forget about its answer (`chat.abort`).
    pub fn notify(&self, method: &str, params: Value) {
        let id = self.next_id();
        let _ = self
            .out
            .send(Message::text(protocol::request(&id, method, params)));
    }
}

/// The handle the engine holds: the current connection, if any.
#[derive(Clone)]
pub struct Gateway {
    conn: watch::Receiver<Option<Arc<Conn>>>,
    /// When the Gateway was last seen going away (or the bridge started): how long a queued
    /// message has been waiting for a Gateway that is down.
    down_since: Arc<Mutex<Instant>>,
}

impl Gateway {
    /// Start the connection task.
    pub fn spawn(
        settings: Arc<Settings>,
        runs: Arc<RunTable>,
        status: StatusSink,
        shutdown: CancellationToken,
    ) -> Self {
        let (tx, rx) = watch::channel(None);
        let down_since = Arc::new(Mutex::new(Instant::now()));
        let t = &settings.tuning;
        let backoff = Backoff::new(t.backoff_initial, t.backoff_max, t.healthy_after);
        let device = DeviceSession::new(&settings);
        let mut supervisor = Supervisor {
            settings,
            runs,
            status,
            shutdown,
            conn_tx: tx,
            down_since: Arc::clone(&down_since),
            backoff,
            device,
        };
        tokio::spawn(async move { supervisor.run().await });
        Self {
            conn: rx,
            down_since,
        }
    }

    /// Since when the Gateway has been down; `None` while it is connected.
    pub fn down_since(&self) -> Option<Instant> {
        if self.current().is_some() {
            return None;
        }
        Some(*lock(&self.down_since))
    }

    pub fn current(&self) -> Option<Arc<Conn>> {
        self.conn.borrow().clone()
    }

    /// The current connection, waiting up to `timeout` for one (forever with `None`).
    pub async fn connected(&self, timeout: Option<Duration>) -> Option<Arc<Conn>> {
        let mut rx = self.conn.clone();
        let wait = async {
            loop {
                if let Some(c) = rx.borrow_and_update().clone() {
                    return Some(c);
                }
                if rx.changed().await.is_err() {
                    return None;
                }
            }
        };
        match timeout {
            Some(t) => tokio::time::timeout(t, wait).await.ok().flatten(),
            None => wait.await,
        }
    }
}

/// Why a connection attempt or a connection ended.
enum Ended {
    /// Could not connect, or the socket failed.
    Failed(String),
    /// The Gateway refused the connect.
    Rejected {
        code: String,
        message: String,
        hint: String,
        retry_after: Option<Duration>,
        /// `details.pauseReconnect` of a `PAIRING_REQUIRED` refusal.
        pause_reconnect: Option<bool>,
    },
    /// The Gateway announced a restart.
    Restarting(Duration),
    Shutdown,
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The Gateway connection across reconnects: connect, serve until the socket ends, report why,
/// wait, and connect again, until shutdown.
struct Supervisor {
    settings: Arc<Settings>,
    runs: Arc<RunTable>,
    status: StatusSink,
    shutdown: CancellationToken,
    /// The current connection, for [`Gateway::connected`]; `None` while down.
    conn_tx: watch::Sender<Option<Arc<Conn>>>,
    down_since: Arc<Mutex<Instant>>,
    backoff: Backoff,
    device: DeviceSession,
}

/// How the last attempt logged in, which decides what a refusal means.
#[derive(Debug, Clone, Copy)]
struct Attempt {
    /// The `connect` was signed with the device identity.
    use_device: bool,
    /// It logged in with the device token the Gateway issued earlier.
    used_stored_token: bool,
}

impl Supervisor {
    async fn run(&mut self) {
        let mut generation = 0u64;
        loop {
            generation += 1;
            let mut attempt = Attempt {
                use_device: self.device.wanted(),
                used_stored_token: false,
            };
            let identity = if attempt.use_device {
                self.device.identity()
            } else {
                Ok(None)
            };
            let connected = match identity {
                Err(ended) => Err(ended),
                Ok(identity) => {
                    attempt.used_stored_token = identity.is_some_and(|i| {
                        i.device_token().is_some()
                            && self.settings.gateway.auth == GatewayAuth::None
                    });
                    tokio::select! {
                        r = connect(&self.settings, identity) => r,
                        _ = self.shutdown.cancelled() => return,
                    }
                }
            };
            let ended = match connected {
                Ok((ws, hello)) => self.serve_connection(ws, hello, generation).await,
                Err(ended) => ended,
            };
            let Some(delay) = self.retry_delay(ended, attempt) else {
                return;
            };
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = self.shutdown.cancelled() => return,
            }
        }
    }

    /// One connection after `hello-ok`: published to the engine and reported, served until it
    /// ends, then withdrawn.
    async fn serve_connection(&mut self, ws: Ws, hello: Hello, generation: u64) -> Ended {
        let settings = &self.settings;
        if hello.device_sent
            && let Some(token) = hello.device_token.as_deref()
        {
            self.device.store_token(Some(token));
        }
        let device_id = if hello.device_sent {
            self.device.identity.as_ref().map(Identity::device_id)
        } else {
            None
        };
        let since = Instant::now();
        let (out_tx, out_rx) = mpsc::unbounded_channel();
        let conn = Arc::new(Conn {
            out: out_tx,
            pending: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            generation,
            protocol: hello.protocol,
        });
        debug!(
            url = %redact::url(&settings.gateway.url),
            protocol = hello.protocol,
            server = %shown(hello.server_version.as_deref().unwrap_or("?")),
            "gateway connected"
        );
        let _ = self.status.send(Status::GatewayConnected {
            url: redact::url(&settings.gateway.url),
            protocol: hello.protocol,
            server_version: hello.server_version.clone(),
            scopes: hello.scopes.clone(),
            device_id,
        });
        self.conn_tx.send_replace(Some(Arc::clone(&conn)));
        let ended = serve(
            ws,
            out_rx,
            &conn,
            &self.runs,
            &hello,
            &self.shutdown,
            settings,
        )
        .await;
        // Before the connection goes: whoever sees it gone sees when it went.
        *lock(&self.down_since) = Instant::now();
        self.conn_tx.send_replace(None);
        // Requests waiting for an answer learn the connection is gone; runs are told.
        lock(&conn.pending).clear();
        self.runs.lost();
        self.backoff.connection_ended(since);
        ended
    }

    /// Report why the connection ended and say how long to wait before the next attempt;
    /// `None` on shutdown.
    fn retry_delay(&mut self, ended: Ended, attempt: Attempt) -> Option<Duration> {
        Some(match ended {
            Ended::Shutdown => return None,
            Ended::Failed(reason) => {
                let delay = self.backoff.next_delay();
                debug!(reason = %shown(&redact::text(&reason)), retry_in_ms = delay.as_millis() as u64, "gateway disconnected");
                let _ = self.status.send(Status::GatewayDisconnected {
                    reason,
                    retry_in_ms: delay.as_millis() as u64,
                });
                delay
            }
            Ended::Restarting(after) => {
                self.backoff.reset();
                let delay = after.max(self.settings.tuning.backoff_initial / 2);
                let _ = self.status.send(Status::GatewayDisconnected {
                    reason: "the Gateway is restarting".into(),
                    retry_in_ms: delay.as_millis() as u64,
                });
                delay
            }
            Ended::Rejected {
                code,
                message,
                hint,
                retry_after,
                pause_reconnect,
            } => {
                let (hint, soon) = self.on_refusal(&code, hint, pause_reconnect, attempt);
                let delay = retry_after.unwrap_or_else(|| {
                    if soon {
                        self.backoff.next_delay()
                    } else {
                        self.backoff.slow()
                    }
                });
                debug!(code = %shown(&code), message = %shown(&message), retry_in_ms = delay.as_millis() as u64, "gateway refused the connection");
                let _ = self.status.send(Status::GatewayRejected {
                    code,
                    message,
                    hint,
                    retry_in_ms: delay.as_millis() as u64,
                });
                delay
            }
        })
    }

    /// A refused `connect`: switch to (or repair) the device identity when that is what the
    /// refusal asks for, and return the hint to show and whether to retry soon. A refusal a
    /// human must fix waits long; one the device identity (or a fresh signature) may fix is
    /// retried soon.
    fn on_refusal(
        &mut self,
        code: &str,
        mut hint: String,
        pause_reconnect: Option<bool>,
        attempt: Attempt,
    ) -> (String, bool) {
        let mut soon = false;
        if !attempt.use_device && self.device.switch_on(code) {
            hint = format!(
                "the Gateway wants a device identity from this bridge: retrying with one ({}); set device_auth=never in bridge.json to stay device-less",
                self.device.file_name()
            );
            soon = true;
        } else if attempt.use_device {
            match code {
                "MISSING_SCOPE" => {
                    hint = "the Gateway accepted the bridge's device but granted it no operator.write: approve the device with operator scopes on the Gateway host (openclaw devices list), or let the bridge connect device-less over a direct loopback socket with the shared token".into();
                }
                "PAIRING_REQUIRED" => soon = pause_reconnect == Some(false),
                "DEVICE_AUTH_NONCE_MISMATCH"
                | "DEVICE_AUTH_NONCE_REQUIRED"
                | "DEVICE_AUTH_SIGNATURE_EXPIRED" => soon = true,
                "AUTH_DEVICE_TOKEN_MISMATCH" | "AUTH_TOKEN_MISMATCH"
                    if attempt.used_stored_token =>
                {
                    self.device.store_token(None);
                    hint = "the Gateway no longer accepts the device token it issued: the bridge forgets it and retries without it".into();
                    soon = true;
                }
                _ => {}
            }
        }
        (hint, soon)
    }
}

/// WebSocket settings for both sockets: a 16 KiB read buffer instead of tungstenite's 128 KiB,
/// which it zero-fills before every read (a large share of the bridge's CPU per message).
/// Bigger frames still arrive whole, over several reads.
pub fn ws_config() -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
    tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default().read_buffer_size(16 * 1024)
}

/// The device identity of one bridge run: loaded (or created) on first use, and for
/// `device_auth=auto` whether the Gateway has shown that it wants one.
struct DeviceSession {
    mode: DeviceAuth,
    path: Option<std::path::PathBuf>,
    identity: Option<Identity>,
    /// `auto`: switched to the device identity for the rest of this run.
    engaged: bool,
}

impl DeviceSession {
    fn new(settings: &Settings) -> Self {
        let mut session = Self {
            mode: settings.device_auth,
            path: settings.identity_file.clone(),
            identity: None,
            engaged: false,
        };
        // `auto` without a shared secret: a device token from an earlier run is the only
        // credential there is, so start with the device identity that holds it.
        if session.mode == DeviceAuth::Auto
            && settings.gateway.auth == GatewayAuth::None
            && let Some(path) = &session.path
            && let Ok(Some(identity)) = Identity::load(path)
            && identity.device_token().is_some()
        {
            session.identity = Some(identity);
            session.engaged = true;
        }
        session
    }

    /// Whether the next attempt signs with the device identity.
    fn wanted(&self) -> bool {
        match self.mode {
            DeviceAuth::Always => true,
            DeviceAuth::Never => false,
            DeviceAuth::Auto => self.engaged,
        }
    }

    /// `auto`: a device-less attempt ended in `code`; switch to the device identity when that
    /// is what the Gateway asks for. True when it switched.
    fn switch_on(&mut self, code: &str) -> bool {
        let wants_device = matches!(
            code,
            "MISSING_SCOPE" | "DEVICE_IDENTITY_REQUIRED" | "PAIRING_REQUIRED"
        );
        if self.mode == DeviceAuth::Auto && !self.engaged && wants_device {
            self.engaged = true;
            info!(code = %shown(code), "switching to the device identity");
            return true;
        }
        false
    }

    fn file_name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "kept in memory".into(),
        }
    }

    /// The identity, loaded or created on first use. A broken identity file is a refusal
    /// that names the file (retried slowly: a human must fix or remove it).
    fn identity(&mut self) -> Result<Option<&Identity>, Ended> {
        if self.identity.is_none() {
            let loaded = match &self.path {
                Some(p) => Identity::load_or_create(p),
                None => Identity::generate(),
            };
            match loaded {
                Ok(identity) => {
                    info!(device_id = %identity.device_id(), file = %self.file_name(), "device identity ready");
                    self.identity = Some(identity);
                }
                Err(e) => {
                    return Err(Ended::Rejected {
                        code: "DEVICE_IDENTITY_UNUSABLE".into(),
                        message: format!("{e:#}"),
                        hint: format!(
                            "the bridge cannot use its device identity: fix or remove {} (a new one is created; the Gateway sees a new device), or set device_auth=never in bridge.json",
                            self.file_name()
                        ),
                        retry_after: None,
                        pause_reconnect: None,
                    });
                }
            }
        }
        Ok(self.identity.as_ref())
    }

    /// Remember the device token the Gateway issued (`None`: forget it), on disk too.
    fn store_token(&mut self, token: Option<&str>) {
        let Some(identity) = self.identity.as_mut() else {
            return;
        };
        if !identity.set_device_token(token) {
            return;
        }
        if let Some(path) = &self.path
            && let Err(e) = identity.save(path)
        {
            warn!(error = %format!("{e:#}"), "cannot save the device token");
        }
    }
}

/// What `hello-ok` told us.
struct Hello {
    protocol: u32,
    server_version: Option<String>,
    scopes: Vec<String>,
    tick_interval: Duration,
    /// `auth.deviceToken`, issued to a device-signed connection.
    device_token: Option<String>,
    /// The `connect` carried the device identity.
    device_sent: bool,
}

/// `connect.challenge`: what a device signature covers.
struct Challenge {
    nonce: String,
    ts: Option<u64>,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
const CHALLENGE_WAIT: Duration = Duration::from_secs(3);

/// One login: open the socket, wait for the challenge, send `connect` (signed with `device`
/// when given), and wait for `hello-ok`.
async fn connect(settings: &Settings, device: Option<&Identity>) -> Result<(Ws, Hello), Ended> {
    let mut ws = open_socket(settings).await?;
    let challenge = await_challenge(&mut ws).await?;
    let (params, device_sent) = connect_params(settings, device, challenge.as_ref());
    ws.send(Message::text(protocol::request(
        "connect-1",
        "connect",
        params,
    )))
    .await
    .map_err(|e| Ended::Failed(format!("sending connect: {e}")))?;
    let mut hello = await_hello(&mut ws, settings).await?;
    hello.device_sent = device_sent;
    Ok((ws, hello))
}

/// The WebSocket to the Gateway, within [`HANDSHAKE_TIMEOUT`].
async fn open_socket(settings: &Settings) -> Result<Ws, Ended> {
    let url = settings.gateway.url.as_str();
    let (ws, _) = tokio::time::timeout(
        HANDSHAKE_TIMEOUT,
        tokio_tungstenite::connect_async_with_config(url, Some(ws_config()), true),
    )
    .await
    .map_err(|_| {
        Ended::Failed(format!(
            "connecting to {} timed out",
            redact::url(&settings.gateway.url)
        ))
    })?
    .map_err(|e| {
        Ended::Failed(format!(
            "cannot connect to the Gateway at {}: {e}",
            redact::url(&settings.gateway.url)
        ))
    })?;
    Ok(ws)
}

/// The `connect.challenge` the Gateway sends first; `None` when it sent none within
/// [`CHALLENGE_WAIT`] (older Gateways may not, so it is not waited for forever).
async fn await_challenge(ws: &mut Ws) -> Result<Option<Challenge>, Ended> {
    let deadline = tokio::time::Instant::now() + CHALLENGE_WAIT;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => return Ok(None),
            Ok(None) => return Err(Ended::Failed("the Gateway closed the connection".into())),
            Ok(Some(Err(e))) => return Err(Ended::Failed(format!("Gateway socket error: {e}"))),
            Ok(Some(Ok(Message::Text(t)))) => {
                if let Ok(Incoming::Event(e)) = Incoming::parse(&t)
                    && e.event == "connect.challenge"
                {
                    return Ok(e
                        .payload
                        .get("nonce")
                        .and_then(Value::as_str)
                        .filter(|n| !n.is_empty())
                        .map(|nonce| Challenge {
                            nonce: nonce.to_owned(),
                            ts: e.payload.get("ts").and_then(Value::as_u64),
                        }));
                }
            }
            Ok(Some(Ok(Message::Close(frame)))) => return Err(closed(frame.as_ref())),
            Ok(Some(Ok(_))) => {}
        }
    }
}

/// The `connect` request's params, and whether they carry the signed device block.
fn connect_params(
    settings: &Settings,
    device: Option<&Identity>,
    challenge: Option<&Challenge>,
) -> (Value, bool) {
    // Without a shared secret, a device logs in with the device token the Gateway issued it.
    let device_token_auth;
    let auth = match (
        &settings.gateway.auth,
        device.and_then(Identity::device_token),
    ) {
        (GatewayAuth::None, Some(token)) => {
            device_token_auth = GatewayAuth::Token(token.clone());
            &device_token_auth
        }
        (auth, _) => auth,
    };
    let mut params = protocol::connect_params(
        settings.min_protocol,
        settings.max_protocol,
        &settings.uid,
        auth,
    );
    let mut device_sent = false;
    if let Some(identity) = device {
        // The signature covers the challenge's nonce and `ts` (as `signedAt`); without a
        // challenge there is nothing to sign, and the Gateway would refuse the block.
        let block = challenge
            .and_then(|c| identity.sign_connect(&params, &c.nonce, c.ts.unwrap_or_else(now_ms)));
        match (block, params.as_object_mut()) {
            (Some(block), Some(obj)) => {
                obj.insert("device".into(), block);
                device_sent = true;
            }
            _ => debug!("no connect.challenge to sign: connecting without the device identity"),
        }
    }
    (params, device_sent)
}

/// The answer to `connect`: `hello-ok`, checked, or the refusal (the socket is then closed).
async fn await_hello(ws: &mut Ws, settings: &Settings) -> Result<Hello, Ended> {
    let deadline = tokio::time::Instant::now() + HANDSHAKE_TIMEOUT;
    loop {
        let msg = match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => return Err(Ended::Failed("the Gateway did not answer connect".into())),
            Ok(None) => return Err(Ended::Failed("the Gateway closed the connection".into())),
            Ok(Some(Err(e))) => return Err(Ended::Failed(format!("Gateway socket error: {e}"))),
            Ok(Some(Ok(m))) => m,
        };
        let text = match msg {
            Message::Text(t) => t,
            Message::Close(frame) => return Err(closed(frame.as_ref())),
            _ => continue,
        };
        let Ok(Incoming::Res(res)) = Incoming::parse(&text) else {
            continue;
        };
        if res.id != "connect-1" {
            continue;
        }
        if !res.ok {
            let err = res.error.unwrap_or_default();
            let _ = ws.close(None).await;
            return Err(rejected(&err, settings));
        }
        return check_hello(&res.payload, settings);
    }
}

fn closed(frame: Option<&CloseFrame>) -> Ended {
    match frame {
        Some(f) => Ended::Failed(format!(
            "the Gateway closed the connection ({} {})",
            u16::from(f.code),
            f.reason
        )),
        None => Ended::Failed("the Gateway closed the connection".into()),
    }
}

/// Check `hello-ok`: a protocol we speak and the write scope.
fn check_hello(payload: &Value, settings: &Settings) -> Result<Hello, Ended> {
    let protocol = payload
        .get("protocol")
        .and_then(Value::as_u64)
        .unwrap_or(u64::from(settings.max_protocol)) as u32;
    if protocol < settings.min_protocol || protocol > settings.max_protocol {
        return Err(Ended::Rejected {
            code: "PROTOCOL_MISMATCH".into(),
            message: format!("the Gateway chose protocol {protocol}"),
            hint: format!(
                "this bridge speaks protocols {}..{}: set min_protocol/max_protocol in bridge.json, or use an ocw that matches the Gateway",
                settings.min_protocol, settings.max_protocol
            ),
            retry_after: None,
            pause_reconnect: None,
        });
    }
    let auth = payload.get("auth");
    let scopes: Option<Vec<String>> = auth
        .and_then(|a| a.get("scopes"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        });
    if let Some(scopes) = &scopes
        && !scopes.iter().any(|s| s == protocol::WRITE_SCOPE)
    {
        return Err(Ended::Rejected {
            code: "MISSING_SCOPE".into(),
            message: format!(
                "the Gateway accepted the connection but granted {} without operator.write, so no message could run",
                if scopes.is_empty() { "no scopes".to_owned() } else { scopes.join(", ") }
            ),
            hint: "the Gateway keeps operator scopes for device-less backend clients only on a direct loopback connection with the shared token or password: point OPENCLAW_GATEWAY_URL at ws://127.0.0.1:<port> (no proxy) and use gateway.auth.token from openclaw.json".into(),
            retry_after: None,
            pause_reconnect: None,
        });
    }
    let server_version = payload
        .pointer("/server/version")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let tick_ms = payload
        .pointer("/policy/tickIntervalMs")
        .and_then(Value::as_u64)
        .unwrap_or(30_000)
        .max(50);
    let device_token = auth
        .and_then(|a| a.get("deviceToken"))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    Ok(Hello {
        protocol,
        server_version,
        scopes: scopes.unwrap_or_default(),
        tick_interval: Duration::from_millis(tick_ms),
        device_token,
        device_sent: false,
    })
}

/// Turn a connect error into words a user can act on.
fn rejected(err: &ErrorShape, settings: &Settings) -> Ended {
    let code = err.detail_code().to_owned();
    let source = &settings.gateway.source;
    let hint = match code.as_str() {
        "AUTH_TOKEN_MISMATCH" => format!(
            "the token does not match the Gateway's: set gateway.auth.token in openclaw.json or OPENCLAW_GATEWAY_TOKEN to the Gateway's token (now from {source})"
        ),
        "AUTH_TOKEN_MISSING" => "the Gateway requires a token: set gateway.auth.token in openclaw.json or OPENCLAW_GATEWAY_TOKEN".into(),
        c if c.starts_with("AUTH_PASSWORD") => format!(
            "the password was refused: set gateway.auth.password in openclaw.json or OPENCLAW_GATEWAY_PASSWORD (now from {source})"
        ),
        "AUTH_RATE_LIMITED" => "too many failed logins: the bridge waits before trying again".into(),
        "PROTOCOL_MISMATCH" => {
            let expected = err.details.get("expectedProtocol").and_then(Value::as_u64);
            format!(
                "the Gateway speaks protocol {}, this bridge offers {}..{}: set min_protocol/max_protocol in bridge.json, or upgrade ocw or the Gateway",
                expected.map_or("?".to_owned(), |v| v.to_string()),
                settings.min_protocol,
                settings.max_protocol
            )
        }
        "PAIRING_REQUIRED" => {
            let id = err.details.get("requestId").and_then(Value::as_str).unwrap_or("<requestId>");
            format!("approve this bridge on the Gateway host: openclaw devices approve {id}")
        }
        "DEVICE_IDENTITY_REQUIRED" => "the Gateway wants a device identity: set device_auth=auto (the default) or always in bridge.json, or connect over a direct loopback socket (ws://127.0.0.1:<port>, no proxy) with the shared token".into(),
        "AUTH_DEVICE_TOKEN_MISMATCH" => "the Gateway refused the device token it issued to this bridge: the bridge forgets it; give it the shared token (gateway.auth.token or OPENCLAW_GATEWAY_TOKEN)".into(),
        c if c.starts_with("DEVICE_AUTH_") => "the Gateway refused the bridge's device signature: the bridge retries with a fresh one; if this persists, remove bridge-identity.json from the state dir (a new device is created and must be paired again)".into(),
        "CONTROL_UI_ORIGIN_NOT_ALLOWED" => "the Gateway treated the bridge as a browser: make sure nothing adds an Origin header between the bridge and the Gateway".into(),
        "UNAVAILABLE" => "the Gateway is starting; the bridge retries shortly".into(),
        _ => format!("the Gateway refused the connection ({})", err.code),
    };
    let retry_after = if code == "UNAVAILABLE" || err.code == "UNAVAILABLE" {
        Some(Duration::from_millis(err.retry_after_ms.unwrap_or(1000)))
    } else {
        err.retry_after_ms.map(Duration::from_millis)
    };
    let pause_reconnect = err.details.get("pauseReconnect").and_then(Value::as_bool);
    Ended::Rejected {
        code,
        message: err.message.clone(),
        hint,
        retry_after,
        pause_reconnect,
    }
}

/// Read frames until the connection ends; a writer task drains `out`.
async fn serve(
    ws: Ws,
    mut out: mpsc::UnboundedReceiver<Message>,
    conn: &Conn,
    runs: &RunTable,
    hello: &Hello,
    shutdown: &CancellationToken,
    settings: &Settings,
) -> Ended {
    let (mut sink, mut stream) = ws.split();
    let (done_tx, mut done_rx) = oneshot::channel::<String>();
    let writer = tokio::spawn(async move {
        while let Some(first) = out.recv().await {
            let mut result = sink.feed(first).await;
            while result.is_ok() {
                match out.try_recv() {
                    Ok(m) => result = sink.feed(m).await,
                    Err(_) => break,
                }
            }
            if let Err(e) = result.and(sink.flush().await) {
                let _ = done_tx.send(format!("writing to the Gateway: {e}"));
                return sink;
            }
        }
        sink
    });
    let liveness = hello.tick_interval * 2;
    let mut last_frame = Instant::now();
    let ended = loop {
        let deadline = tokio::time::Instant::from_std(last_frame + liveness);
        tokio::select! {
            msg = stream.next() => {
                last_frame = Instant::now();
                match msg {
                    None => break Ended::Failed("the Gateway closed the connection".into()),
                    Some(Err(e)) => break Ended::Failed(format!("Gateway socket error: {e}")),
                    Some(Ok(Message::Text(text))) => {
                        if let Some(ended) = dispatch(&text, conn, runs, settings) {
                            break ended;
                        }
                    }
                    Some(Ok(Message::Close(frame))) => break closed(frame.as_ref()),
                    Some(Ok(_)) => {}
                }
            }
            _ = tokio::time::sleep_until(deadline) => {
                break Ended::Failed(format!("no tick from the Gateway for {} ms", liveness.as_millis()));
            }
            reason = &mut done_rx => {
                break Ended::Failed(reason.unwrap_or_else(|_| "the Gateway writer stopped".into()));
            }
            _ = shutdown.cancelled() => break Ended::Shutdown,
        }
    };
    // Close politely (4000 is what the reference client uses for a missed tick).
    writer.abort();
    if let Ok(mut sink) = writer.await {
        let frame = match &ended {
            Ended::Failed(r) if r.starts_with("no tick") => Some(CloseFrame {
                code: CloseCode::from(4000),
                reason: "tick timeout".into(),
            }),
            _ => None,
        };
        let _ = tokio::time::timeout(Duration::from_millis(500), sink.send(Message::Close(frame)))
            .await;
    }
    ended
}

/// Route one frame; `Some` ends the connection.
fn dispatch(text: &str, conn: &Conn, runs: &RunTable, settings: &Settings) -> Option<Ended> {
    let frame = match Incoming::parse(text) {
        Ok(f) => f,
        Err(e) => {
            debug!(error = %shown(&e.to_string()), bytes = text.len(), "unreadable Gateway frame ignored");
            return None;
        }
    };
    match frame {
        Incoming::Res(res) => {
            let mut pending = lock(&conn.pending);
            let Some(entry) = pending.remove(&res.id) else {
                debug!(id = %shown(&res.id), "response to an unknown request ignored");
                return None;
            };
            match entry {
                Pending::Once(tx) => {
                    drop(pending);
                    let _ = tx.send(res);
                }
                Pending::Run(run_id) => {
                    // The ack (`accepted`, `in_flight`) is followed by the final result.
                    if res.ok && matches!(res.status(), Some("accepted" | "in_flight" | "started"))
                    {
                        pending.insert(res.id.clone(), Pending::Run(run_id.clone()));
                    }
                    drop(pending);
                    runs.deliver(&run_id, RunInput::Res(res));
                }
            }
        }
        Incoming::Event(ev) => match ev.event.as_str() {
            "agent" | "chat" => {
                if let Some(run_id) = ev.run_id().map(str::to_owned)
                    && !runs.deliver(&run_id, RunInput::Event(ev))
                    && settings.log_content
                {
                    debug!(run_id = %shown(&run_id), "event of another run ignored");
                }
            }
            "exec.approval.requested" | "exec.approval.resolved" => runs.approval(ev),
            "shutdown" => {
                let after = ev
                    .payload
                    .get("restartExpectedMs")
                    .and_then(Value::as_u64)
                    .unwrap_or(1000);
                info!(
                    restart_expected_ms = after,
                    "the Gateway announced a restart"
                );
                return Some(Ended::Restarting(Duration::from_millis(after)));
            }
            _ => {}
        },
        Incoming::Other => {}
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::{FrameFormat, GatewayAuth, GatewayTarget, SessionScope, Tuning};

    fn settings() -> Settings {
        Settings {
            webhook_url: "ws://127.0.0.1:1/ws".parse().unwrap(),
            uid: "0123456789abcdef".into(),
            agent_id: "main".into(),
            scope: SessionScope::PerSender,
            frames: FrameFormat::Legacy,
            gateway: GatewayTarget {
                url: "ws://127.0.0.1:2".parse().unwrap(),
                auth: GatewayAuth::None,
                source: "test".into(),
            },
            min_protocol: 3,
            max_protocol: 4,
            tuning: Tuning::default(),
            log_content: false,
            sessions_file: None,
            device_auth: crate::bridge::DeviceAuth::Auto,
            identity_file: None,
        }
    }

    #[test]
    fn hello_without_write_scope_is_refused_with_a_reason() {
        let payload = serde_json::json!({"type":"hello-ok","protocol":4,"auth":{"scopes":[]}});
        let Err(Ended::Rejected { code, message, .. }) = check_hello(&payload, &settings()) else {
            panic!("accepted")
        };
        assert_eq!(code, "MISSING_SCOPE");
        assert!(message.contains("operator.write"), "{message}");
    }

    #[test]
    fn hello_with_an_unknown_protocol_is_refused() {
        let payload = serde_json::json!({"type":"hello-ok","protocol":5,"auth":{"scopes":["operator.write"]}});
        assert!(matches!(
            check_hello(&payload, &settings()),
            Err(Ended::Rejected { .. })
        ));
        let ok = serde_json::json!({"type":"hello-ok","protocol":3,"auth":{"scopes":["operator.write"]},"policy":{"tickIntervalMs":15000}});
        let hello = check_hello(&ok, &settings()).ok().unwrap();
        assert_eq!(hello.protocol, 3);
        assert_eq!(hello.tick_interval, Duration::from_secs(15));
    }

    #[test]
    fn auto_switches_to_the_device_identity_once_the_gateway_wants_one() {
        let mut s = settings();
        let mut auto = DeviceSession::new(&s);
        assert!(!auto.wanted());
        assert!(!auto.switch_on("AUTH_TOKEN_MISMATCH"));
        assert!(!auto.wanted());
        assert!(auto.switch_on("MISSING_SCOPE"));
        assert!(auto.wanted());
        assert!(!auto.switch_on("PAIRING_REQUIRED"), "switches once");
        // In memory only without an identity file.
        let id = auto.identity().ok().flatten().unwrap().device_id();
        assert_eq!(auto.identity().ok().flatten().unwrap().device_id(), id);
        auto.store_token(Some("tok"));
        assert!(auto.identity.as_ref().unwrap().device_token().is_some());

        s.device_auth = DeviceAuth::Never;
        let mut never = DeviceSession::new(&s);
        assert!(!never.switch_on("DEVICE_IDENTITY_REQUIRED"));
        assert!(!never.wanted());
        s.device_auth = DeviceAuth::Always;
        assert!(DeviceSession::new(&s).wanted());

        // auto without a shared secret starts with a saved identity that holds a device token.
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("bridge-identity.json");
        let mut identity = Identity::from_seed([5u8; 32]);
        identity.save(&path).unwrap();
        s.device_auth = DeviceAuth::Auto;
        s.identity_file = Some(path.clone());
        assert!(!DeviceSession::new(&s).wanted(), "no token yet");
        identity.set_device_token(Some("issued"));
        identity.save(&path).unwrap();
        assert!(DeviceSession::new(&s).wanted());
        s.gateway.auth = GatewayAuth::Token(crate::secret::Secret::new("shared"));
        assert!(
            !DeviceSession::new(&s).wanted(),
            "the shared token comes first"
        );
    }

    #[test]
    fn pairing_required_keeps_pause_reconnect_and_names_the_request() {
        let err: ErrorShape = serde_json::from_value(serde_json::json!({"code":"NOT_PAIRED","message":"pairing required","details":{"code":"PAIRING_REQUIRED","requestId":"req-42","pauseReconnect":false}})).unwrap();
        let Ended::Rejected {
            code,
            hint,
            pause_reconnect,
            ..
        } = rejected(&err, &settings())
        else {
            panic!()
        };
        assert_eq!(code, "PAIRING_REQUIRED");
        assert!(hint.contains("openclaw devices approve req-42"), "{hint}");
        assert_eq!(pause_reconnect, Some(false));
    }

    #[test]
    fn unavailable_is_retried_after_the_advertised_delay() {
        let err: ErrorShape = serde_json::from_value(serde_json::json!({"code":"UNAVAILABLE","message":"gateway starting","retryAfterMs":500,"details":{"reason":"startup-sidecars"}})).unwrap();
        let Ended::Rejected { retry_after, .. } = rejected(&err, &settings()) else {
            panic!()
        };
        assert_eq!(retry_after, Some(Duration::from_millis(500)));
        let err: ErrorShape = serde_json::from_value(serde_json::json!({"code":"INVALID_REQUEST","message":"unauthorized","details":{"code":"AUTH_TOKEN_MISMATCH"}})).unwrap();
        let Ended::Rejected { code, hint, .. } = rejected(&err, &settings()) else {
            panic!()
        };
        assert_eq!(code, "AUTH_TOKEN_MISMATCH");
        assert!(hint.contains("OPENCLAW_GATEWAY_TOKEN"));
    }
}
