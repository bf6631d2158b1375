//! An in-process WebSocket relay on 127.0.0.1 (OS-chosen port), in the two flavours the bridge
//! must work with:
//!
//! * [`RelayKind::EchoAll`], like the Go repository's `node-webhook/server.js`: path `/ws`, `uid`
//!   ignored, greets each socket with `{"type":"connected","connectionId","timestamp"}`, parses
//!   every message (text or binary) as JSON and re-broadcasts it (re-serialized, as text) to
//!   **all** open sockets including the sender; non-JSON is dropped.
//! * [`RelayKind::Room`], like `cloudflare-webhook`: `/ws?uid=X` or `/ws/X` (HTTP 400 with a JSON
//!   error body without a uid), no greeting, every message (text or binary, unchanged) goes to
//!   every **other** socket with the same uid.
//!
//! The relay runs on its own runtime thread, so it works from sync and async tests alike and is
//! stopped (listener closed, every socket dropped) by [`Relay::stop`] or on drop. Test-side
//! clients ([`RelayClient`]) run on the relay's runtime too and are marked (query parameter
//! `ocw_test_client=1`) so outages can be simulated for the bridge's socket only
//! ([`Relay::drop_external`], [`Relay::pause_external`]).
//!
//! Self-contained (tokio, tokio-tungstenite, futures-util, serde_json, std) so a benchmark can
//! include it with `#[path]`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Bytes, Message};

/// The query parameter that marks a test-side client.
pub const TEST_CLIENT_PARAM: &str = "ocw_test_client";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelayKind {
    /// node-webhook: greeting, broadcast to every socket including the sender, JSON only.
    EchoAll,
    /// cloudflare-webhook: uid required, forward to the other sockets of the same uid.
    Room,
}

/// One WebSocket connection the relay accepted.
#[derive(Debug, Clone)]
pub struct ConnInfo {
    pub id: u64,
    /// The request target, e.g. `/ws?uid=abc`.
    pub uri: String,
    pub uid: Option<String>,
    /// Opened by a [`RelayClient`] of this relay (or any client with `ocw_test_client=1`).
    pub test_client: bool,
    /// Request headers, lowercased names.
    pub headers: Vec<(String, String)>,
    pub opened_at: Instant,
    /// `None` while open.
    pub closed_at: Option<Instant>,
    pub paused: bool,
    /// The code of the close frame this connection's peer sent, if it sent one.
    pub close_code: Option<u16>,
}

enum ConnCmd {
    Send(Message),
    /// Drop the TCP connection without a closing handshake (an outage).
    Drop,
    /// Send a close frame, then drop.
    Close(u16, String),
    /// Stop reading and writing (no pongs, nothing forwarded), keep the TCP connection open.
    Pause,
    Resume,
}

struct Shared {
    kind: RelayKind,
    next_id: AtomicU64,
    accepting: AtomicBool,
    conns: Mutex<HashMap<u64, mpsc::UnboundedSender<ConnCmd>>>,
    /// Every connection ever accepted, open or closed, in order.
    history: Mutex<Vec<ConnInfo>>,
    /// Every JSON message received from any socket, with the connection id.
    received: Mutex<Vec<(u64, Value)>>,
    /// Bumped on every change (connections, messages), for bounded waits.
    changed: watch::Sender<u64>,
}

impl Shared {
    fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    fn update_info(&self, id: u64, f: impl FnOnce(&mut ConnInfo)) {
        if let Some(info) = self.history.lock().unwrap().iter_mut().find(|c| c.id == id) {
            f(info);
        }
        self.bump();
    }

    fn info(&self, id: u64) -> Option<ConnInfo> {
        self.history
            .lock()
            .unwrap()
            .iter()
            .find(|c| c.id == id)
            .cloned()
    }

    fn send_to(&self, ids: &[u64], msg: &Message) {
        let conns = self.conns.lock().unwrap();
        for id in ids {
            if let Some(tx) = conns.get(id) {
                let _ = tx.send(ConnCmd::Send(msg.clone()));
            }
        }
    }
}

/// A running relay. Stopped on drop.
pub struct Relay {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    handle: tokio::runtime::Handle,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Relay {
    /// Bind 127.0.0.1:0 and serve until stopped.
    pub fn start(kind: RelayKind) -> Relay {
        let (changed, _) = watch::channel(0u64);
        let shared = Arc::new(Shared {
            kind,
            next_id: AtomicU64::new(1),
            accepting: AtomicBool::new(true),
            conns: Mutex::new(HashMap::new()),
            history: Mutex::new(Vec::new()),
            received: Mutex::new(Vec::new()),
            changed,
        });
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("test-relay".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("relay runtime");
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .expect("bind relay");
                    let addr = listener.local_addr().unwrap();
                    ready_tx
                        .send((addr, tokio::runtime::Handle::current()))
                        .unwrap();
                    tokio::select! {
                        _ = stop_rx => {}
                        _ = accept_loop(listener, thread_shared) => {}
                    }
                });
                rt.shutdown_timeout(Duration::from_secs(1));
            })
            .expect("spawn relay thread");
        let (addr, handle) = ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("relay did not start");
        Relay {
            addr,
            shared,
            handle,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    pub fn kind(&self) -> RelayKind {
        self.shared.kind
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `ws://127.0.0.1:<port>/ws`: what goes into bridge.json as `webhook_url`.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// A test-side client connected with `uid` (Room) or without (EchoAll ignores it anyway,
    /// but it is sent when given). Panics if the connection fails within 10 s.
    pub async fn client(&self, uid: &str) -> RelayClient {
        let url = if uid.is_empty() {
            format!("{}?{TEST_CLIENT_PARAM}=1", self.ws_url())
        } else {
            format!("{}?uid={uid}&{TEST_CLIENT_PARAM}=1", self.ws_url())
        };
        RelayClient::connect_on(&self.handle, &url)
            .await
            .unwrap_or_else(|e| panic!("test client could not connect to {url}: {e}"))
    }

    /// Open (not paused) connections, test clients included.
    pub fn connections(&self) -> usize {
        self.open_conns(|_| true).len()
    }

    /// Open connections that are not test clients (normally: the bridge).
    pub fn external_connections(&self) -> usize {
        self.open_conns(|c| !c.test_client).len()
    }

    /// Every connection accepted so far (open and closed), in order.
    pub fn history(&self) -> Vec<ConnInfo> {
        self.shared.history.lock().unwrap().clone()
    }

    /// Connections accepted so far that are not test clients (counts the bridge's reconnects).
    pub fn external_accepted(&self) -> usize {
        self.history().iter().filter(|c| !c.test_client).count()
    }

    /// Every JSON message the relay received, from any socket, with the connection id.
    pub fn received(&self) -> Vec<(u64, Value)> {
        self.shared.received.lock().unwrap().clone()
    }

    /// JSON messages received from sockets that are not test clients (what the bridge wrote).
    pub fn received_from_external(&self) -> Vec<Value> {
        let history = self.history();
        self.received()
            .into_iter()
            .filter(|(id, _)| history.iter().any(|c| c.id == *id && !c.test_client))
            .map(|(_, v)| v)
            .collect()
    }

    /// Close every socket abruptly (no closing handshake), test clients included.
    pub fn drop_all(&self) {
        self.command(|_| true, || ConnCmd::Drop);
    }

    /// Close the sockets that are not test clients (the bridge) abruptly.
    pub fn drop_external(&self) {
        self.command(|c| !c.test_client, || ConnCmd::Drop);
    }

    /// Send a close frame (code, reason) to every socket that is not a test client.
    pub fn close_external(&self, code: u16, reason: &str) {
        let reason = reason.to_string();
        self.command(|c| !c.test_client, || ConnCmd::Close(code, reason.clone()));
    }

    /// Half-open every socket: stop reading (so no pongs) and writing, keep TCP open.
    pub fn pause_all(&self) {
        self.command(|c| !c.paused, || ConnCmd::Pause);
    }

    /// Half-open the sockets that are not test clients.
    pub fn pause_external(&self) {
        self.command(|c| !c.test_client && !c.paused, || ConnCmd::Pause);
    }

    pub fn resume_all(&self) {
        self.command(|c| c.paused, || ConnCmd::Resume);
    }

    /// While false, WebSocket upgrades are refused with HTTP 503 (the relay is "down" but its
    /// port stays reserved). Existing sockets are not touched.
    pub fn set_accepting(&self, accepting: bool) {
        self.shared.accepting.store(accepting, Ordering::SeqCst);
    }

    /// Wait until `pred(history)` holds, at most `timeout`. True when it held.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        mut pred: impl FnMut(&Relay) -> bool,
    ) -> bool {
        let mut rx = self.shared.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            if pred(self) {
                return true;
            }
            // Re-check at least every 50 ms in case a change raced the subscription.
            let step = tokio::time::Instant::now() + Duration::from_millis(50);
            let until = step.min(deadline);
            let _ = tokio::time::timeout_at(until, rx.changed()).await;
            if tokio::time::Instant::now() >= deadline {
                return pred(self);
            }
        }
    }

    /// Wait until at least `n` external (non-test) connections are open.
    pub async fn wait_external_connections(&self, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |r| r.external_connections() >= n)
            .await
    }

    /// Stop listening and drop every socket. Idempotent.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    fn open_conns(&self, pred: impl Fn(&ConnInfo) -> bool) -> Vec<ConnInfo> {
        self.history()
            .into_iter()
            .filter(|c| c.closed_at.is_none() && !c.paused && pred(c))
            .collect()
    }

    fn command(&self, pred: impl Fn(&ConnInfo) -> bool, cmd: impl Fn() -> ConnCmd) {
        let ids: Vec<u64> = self
            .history()
            .into_iter()
            .filter(|c| c.closed_at.is_none() && pred(c))
            .map(|c| c.id)
            .collect();
        let conns = self.shared.conns.lock().unwrap();
        for id in ids {
            if let Some(tx) = conns.get(&id) {
                let _ = tx.send(cmd());
            }
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn accept_loop(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_conn(stream, Arc::clone(&shared)));
    }
}

struct Upgrade {
    uri: String,
    uid: Option<String>,
    test_client: bool,
    headers: Vec<(String, String)>,
}

fn error_response(status: u16, body: &str) -> ErrorResponse {
    let mut resp = http::Response::new(Some(body.to_string()));
    *resp.status_mut() = http::StatusCode::from_u16(status).unwrap();
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    resp
}

/// The `uid` from `?uid=X` or `/ws/X`, percent-decoded; `None` when absent or empty.
pub fn uid_of(path: &str, query: Option<&str>) -> Option<String> {
    if let Some(q) = query {
        for pair in q.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if k == "uid" && !v.is_empty() {
                return Some(percent_decode(v));
            }
        }
    }
    path.strip_prefix("/ws/")
        .filter(|rest| !rest.is_empty())
        .map(percent_decode)
}

fn has_param(query: Option<&str>, name: &str) -> bool {
    query.is_some_and(|q| {
        q.split('&')
            .any(|p| p.split_once('=').map_or(p, |(k, _)| k) == name)
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn serve_conn(stream: tokio::net::TcpStream, shared: Arc<Shared>) {
    let kind = shared.kind;
    let accepting = shared.accepting.load(Ordering::SeqCst);
    let mut upgrade: Option<Upgrade> = None;
    // The callback's error type is fixed by tungstenite.
    #[allow(clippy::result_large_err)]
    let callback = |req: &Request, resp: Response| -> Result<Response, ErrorResponse> {
        if !accepting {
            return Err(error_response(503, r#"{"error":"relay unavailable"}"#));
        }
        let path = req.uri().path();
        let query = req.uri().query();
        let path_ok = match kind {
            RelayKind::EchoAll => path == "/ws",
            RelayKind::Room => path == "/ws" || path.starts_with("/ws/"),
        };
        if !path_ok {
            return Err(error_response(404, r#"{"error":"Not found"}"#));
        }
        let uid = uid_of(path, query);
        if kind == RelayKind::Room && uid.is_none() {
            return Err(error_response(
                400,
                r#"{"error":"UID is required. Connect with /ws?uid=YOUR_UID or /ws/YOUR_UID"}"#,
            ));
        }
        upgrade = Some(Upgrade {
            uri: req.uri().to_string(),
            uid,
            test_client: has_param(query, TEST_CLIENT_PARAM),
            headers: super::fake_gateway::header_pairs(req.headers()),
        });
        Ok(resp)
    };
    let ws = match tokio::time::timeout(
        Duration::from_secs(10),
        tokio_tungstenite::accept_hdr_async(stream, callback),
    )
    .await
    {
        Ok(Ok(ws)) => ws,
        _ => return,
    };
    let Some(up) = upgrade else { return };
    let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
    let (tx, mut rx) = mpsc::unbounded_channel::<ConnCmd>();
    shared.history.lock().unwrap().push(ConnInfo {
        id,
        uri: up.uri,
        uid: up.uid.clone(),
        test_client: up.test_client,
        headers: up.headers,
        opened_at: Instant::now(),
        closed_at: None,
        paused: false,
        close_code: None,
    });
    shared.conns.lock().unwrap().insert(id, tx);
    shared.bump();

    let (mut sink, mut source) = ws.split();
    if kind == RelayKind::EchoAll {
        let greeting = json!({
            "type": "connected",
            "connectionId": format!("conn-{}-{}", now_ms(), random_base36(7)),
            "timestamp": iso_now(),
        });
        let _ = sink.send(Message::text(greeting.to_string())).await;
    }

    let mut paused = false;
    // A command taken out of the queue while batching writes.
    let mut pending: Option<ConnCmd> = None;
    loop {
        let cmd = if let Some(c) = pending.take() {
            Some(c)
        } else if paused {
            // Half-open: neither read (so no pongs) nor write; only wait for commands.
            rx.recv().await
        } else {
            tokio::select! {
                cmd = rx.recv() => cmd,
                msg = source.next() => {
                    let Some(Ok(msg)) = msg else { break };
                    if let Message::Close(Some(frame)) = &msg {
                        let code = u16::from(frame.code);
                        shared.update_info(id, |c| c.close_code = Some(code));
                    }
                    on_message(&shared, id, up.uid.as_deref(), msg);
                    continue;
                }
            }
        };
        match cmd {
            Some(ConnCmd::Send(msg)) => {
                if paused {
                    continue;
                }
                // Write what is queued (bounded), then flush once.
                let mut failed = sink.feed(msg).await.is_err();
                let mut batch = 1;
                while !failed && batch < 256 {
                    match rx.try_recv() {
                        Ok(ConnCmd::Send(m)) => failed = sink.feed(m).await.is_err(),
                        Ok(other) => {
                            pending = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                    batch += 1;
                }
                if failed || sink.flush().await.is_err() {
                    break;
                }
            }
            Some(ConnCmd::Drop) | None => break,
            Some(ConnCmd::Close(code, reason)) => {
                let _ = sink
                    .send(Message::Close(Some(CloseFrame {
                        code: CloseCode::from(code),
                        reason: reason.into(),
                    })))
                    .await;
                break;
            }
            Some(ConnCmd::Pause) => {
                if !paused {
                    paused = true;
                    shared.update_info(id, |c| c.paused = true);
                }
            }
            Some(ConnCmd::Resume) => {
                if paused {
                    paused = false;
                    shared.update_info(id, |c| c.paused = false);
                }
            }
        }
    }
    shared.conns.lock().unwrap().remove(&id);
    shared.update_info(id, |c| c.closed_at = Some(Instant::now()));
}

fn on_message(shared: &Shared, from: u64, uid: Option<&str>, msg: Message) {
    let text: Option<String> = match &msg {
        Message::Text(t) => Some(t.as_str().to_string()),
        Message::Binary(b) => std::str::from_utf8(b).ok().map(str::to_string),
        _ => return, // ping/pong/close are handled by tungstenite
    };
    let parsed: Option<Value> = text.as_deref().and_then(|t| serde_json::from_str(t).ok());
    if let Some(v) = &parsed {
        shared.received.lock().unwrap().push((from, v.clone()));
        shared.bump();
    }
    match shared.kind {
        RelayKind::EchoAll => {
            // JSON.parse + JSON.stringify, sent to every open socket including the sender.
            let Some(v) = parsed else { return };
            let out = Message::text(v.to_string());
            let targets: Vec<u64> = shared
                .history
                .lock()
                .unwrap()
                .iter()
                .filter(|c| c.closed_at.is_none() && !c.paused)
                .map(|c| c.id)
                .collect();
            shared.send_to(&targets, &out);
        }
        RelayKind::Room => {
            let targets: Vec<u64> = shared
                .history
                .lock()
                .unwrap()
                .iter()
                .filter(|c| {
                    c.closed_at.is_none() && !c.paused && c.id != from && c.uid.as_deref() == uid
                })
                .map(|c| c.id)
                .collect();
            shared.send_to(&targets, &msg);
        }
    }
}

/// What a [`RelayClient`] received.
#[derive(Debug, Clone)]
pub enum Incoming {
    Json(Value),
    /// A text frame that is not JSON.
    Text(String),
    Binary(Vec<u8>),
    /// The socket closed (close code if any).
    Closed(Option<u16>),
}

/// A test-side WebSocket client (of the relay, or of anything else with [`RelayClient::connect`]).
/// Every frame it receives is queued for the `next_*`/`wait_*` calls and kept in
/// [`RelayClient::received`] for whole-test assertions.
pub struct RelayClient {
    out: mpsc::UnboundedSender<Message>,
    inbox: mpsc::UnboundedReceiver<Incoming>,
    log: Arc<Mutex<Vec<Value>>>,
    closed: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl RelayClient {
    /// Connect to any WebSocket URL; the socket is served by a task on the current runtime.
    pub async fn connect(url: &str) -> Result<RelayClient, String> {
        Self::connect_on(&tokio::runtime::Handle::current(), url).await
    }

    /// Connect with the socket task running on `handle`.
    pub async fn connect_on(
        handle: &tokio::runtime::Handle,
        url: &str,
    ) -> Result<RelayClient, String> {
        let (ready_tx, ready_rx) = oneshot::channel::<Result<(), String>>();
        let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Message>();
        let (in_tx, in_rx) = mpsc::unbounded_channel::<Incoming>();
        let log = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(AtomicBool::new(false));
        let task_log = Arc::clone(&log);
        let task_closed = Arc::clone(&closed);
        let url = url.to_string();
        let task = handle.spawn(async move {
            let connected = tokio::time::timeout(
                Duration::from_secs(10),
                tokio_tungstenite::connect_async(url.as_str()),
            )
            .await;
            let ws = match connected {
                Ok(Ok((ws, _))) => {
                    let _ = ready_tx.send(Ok(()));
                    ws
                }
                Ok(Err(e)) => {
                    let _ = ready_tx.send(Err(e.to_string()));
                    return;
                }
                Err(_) => {
                    let _ = ready_tx.send(Err("connect timed out".into()));
                    return;
                }
            };
            let (mut sink, mut source) = ws.split();
            loop {
                tokio::select! {
                    out = out_rx.recv() => match out {
                        Some(msg) => {
                            let is_close = matches!(msg, Message::Close(_));
                            if sink.send(msg).await.is_err() || is_close {
                                if is_close {
                                    // Let the peer's close reply arrive, bounded.
                                    let _ = tokio::time::timeout(
                                        Duration::from_secs(2),
                                        async { while let Some(Ok(_)) = source.next().await {} },
                                    )
                                    .await;
                                }
                                break;
                            }
                        }
                        None => break,
                    },
                    msg = source.next() => {
                        let incoming = match msg {
                            Some(Ok(Message::Text(t))) => {
                                match serde_json::from_str::<Value>(t.as_str()) {
                                    Ok(v) => {
                                        task_log.lock().unwrap().push(v.clone());
                                        Incoming::Json(v)
                                    }
                                    Err(_) => Incoming::Text(t.as_str().to_string()),
                                }
                            }
                            Some(Ok(Message::Binary(b))) => Incoming::Binary(b.to_vec()),
                            Some(Ok(Message::Close(frame))) => {
                                let _ = in_tx.send(Incoming::Closed(frame.map(|f| u16::from(f.code))));
                                break;
                            }
                            Some(Ok(_)) => continue,
                            Some(Err(_)) | None => {
                                let _ = in_tx.send(Incoming::Closed(None));
                                break;
                            }
                        };
                        let _ = in_tx.send(incoming);
                    }
                }
            }
            task_closed.store(true, Ordering::SeqCst);
        });
        match tokio::time::timeout(Duration::from_secs(15), ready_rx).await {
            Ok(Ok(Ok(()))) => Ok(RelayClient {
                out: out_tx,
                inbox: in_rx,
                log,
                closed,
                task,
            }),
            Ok(Ok(Err(e))) => Err(e),
            Ok(Err(_)) => Err("client task ended".into()),
            Err(_) => Err("connect timed out".into()),
        }
    }

    pub fn send_json(&self, v: &Value) {
        let _ = self.out.send(Message::text(v.to_string()));
    }

    pub fn send_text(&self, s: &str) {
        let _ = self.out.send(Message::text(s.to_string()));
    }

    pub fn send_binary(&self, b: &[u8]) {
        let _ = self.out.send(Message::Binary(Bytes::copy_from_slice(b)));
    }

    /// Send a close frame and end the connection.
    pub fn close(&self) {
        let _ = self.out.send(Message::Close(None));
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// The next frame of any kind, or `None` after `timeout`.
    pub async fn next_incoming(&mut self, timeout: Duration) -> Option<Incoming> {
        tokio::time::timeout(timeout, self.inbox.recv())
            .await
            .ok()
            .flatten()
    }

    /// The next JSON frame (other frames are skipped), or `None` after `timeout` or on close.
    pub async fn next_json(&mut self, timeout: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            match tokio::time::timeout_at(deadline, self.inbox.recv()).await {
                Ok(Some(Incoming::Json(v))) => return Some(v),
                Ok(Some(Incoming::Closed(_))) | Ok(None) | Err(_) => return None,
                Ok(Some(_)) => {}
            }
        }
    }

    /// The first JSON frame for which `pred` holds (earlier ones are skipped but stay in
    /// [`RelayClient::received`]), or `None` after `timeout`.
    pub async fn wait_for(
        &mut self,
        timeout: Duration,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let v = self.next_json(left).await?;
            if pred(&v) {
                return Some(v);
            }
        }
    }

    /// JSON frames up to and including the first one for which `pred` holds. On timeout the
    /// frames collected so far are returned (the last one then does not match).
    pub async fn collect_until(
        &mut self,
        timeout: Duration,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut out = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let Some(v) = self.next_json(left).await else {
                return out;
            };
            let done = pred(&v);
            out.push(v);
            if done {
                return out;
            }
        }
    }

    /// JSON frames until none arrived for `quiet` (at most `max` in total).
    pub async fn drain(&mut self, quiet: Duration, max: Duration) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + max;
        let mut out = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return out;
            }
            match self.next_json(quiet.min(left)).await {
                Some(v) => out.push(v),
                None => return out,
            }
        }
    }

    /// Wait until `pred(all JSON frames received so far)` holds, at most `timeout`. Frames are
    /// consumed from the queue while waiting (they stay in [`RelayClient::received`]).
    pub async fn wait_log(
        &mut self,
        timeout: Duration,
        mut pred: impl FnMut(&[Value]) -> bool,
    ) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if pred(&self.log.lock().unwrap()) {
                return true;
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            let step = left.min(Duration::from_millis(50));
            if let Ok(None) = tokio::time::timeout(step, self.inbox.recv()).await {
                // Closed: nothing more will arrive.
                return pred(&self.log.lock().unwrap());
            }
        }
    }

    /// Every JSON frame received so far (including those consumed by `next_*`/`wait_*`).
    pub fn received(&self) -> Vec<Value> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for RelayClient {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()
}

fn random_u64() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(now_ms());
    h.finish()
}

fn random_base36(len: usize) -> String {
    let mut n = random_u64();
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..len)
        .map(|_| {
            let c = digits[(n % 36) as usize] as char;
            n /= 36;
            c
        })
        .collect()
}

/// `2026-11-22T20:35:37.522Z`, like JavaScript's `toISOString`.
pub fn iso_now() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = d.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}
