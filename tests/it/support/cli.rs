//! Shared test helpers: a scrubbed `ocw` command and a small scriptable HTTP endpoint on
//! 127.0.0.1 with an OS-chosen port, stopped when dropped.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;

/// The eight event types of docs/webhook-contract.md, in its table's order: the oracle the
/// binary's catalog is checked against.
pub const EVENTS: [&str; 8] = [
    "conversation.started",
    "conversation.ended",
    "message.received",
    "message.sent",
    "lead.qualified",
    "intent.detected",
    "handoff.requested",
    "custom.triggered",
];

/// The `ocw` binary with a hermetic environment: no user config, no colour, no OCW_* leaking in
/// from the developer's shell.
pub fn ocw() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("ocw"));
    let home = std::env::temp_dir().join("ocw-test-home");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

/// What the test endpoint does with each request.
#[derive(Clone)]
pub struct Behavior {
    pub status: u16,
    pub delay: Duration,
    pub body: &'static str,
    pub content_type: &'static str,
}

impl Default for Behavior {
    fn default() -> Self {
        Self {
            status: 200,
            delay: Duration::ZERO,
            body: r#"{"received":true}"#,
            content_type: "application/json",
        }
    }
}

/// One request as the endpoint saw it.
#[derive(Debug, Clone)]
pub struct Captured {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Captured {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("captured body is JSON")
    }
}

/// A server on 127.0.0.1 (OS-chosen port) with its own thread and runtime; told to stop when
/// dropped.
pub struct ServerThread {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ServerThread {
    /// Bind, then run `serve(listener, stop)` until it returns (it should on `stop`).
    pub fn start<F, Fut>(serve: F) -> Self
    where
        F: FnOnce(tokio::net::TcpListener, tokio::sync::oneshot::Receiver<()>) -> Fut
            + Send
            + 'static,
        Fut: std::future::Future<Output = ()>,
    {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                serve(listener, stop_rx).await;
            });
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        Self {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }
}

impl Drop for ServerThread {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // A slow-response test may leave a handler sleeping; don't block the test on it.
        if let Some(t) = self.thread.take()
            && t.is_finished()
        {
            let _ = t.join();
        }
    }
}

pub struct Endpoint {
    pub addr: SocketAddr,
    captured: Arc<Mutex<Vec<Captured>>>,
    _server: ServerThread,
}

#[derive(Clone)]
struct Shared {
    behavior: Behavior,
    captured: Arc<Mutex<Vec<Captured>>>,
}

impl Endpoint {
    pub fn start(behavior: Behavior) -> Self {
        let captured = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            behavior,
            captured: Arc::clone(&captured),
        };
        let server = ServerThread::start(move |listener, stop| async move {
            let app = Router::new().fallback(handle).with_state(shared);
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop.await;
                })
                .await
                .unwrap();
        });
        Self {
            addr: server.addr,
            captured,
            _server: server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Captured> {
        self.captured.lock().unwrap().clone()
    }
}

async fn handle(State(s): State<Shared>, req: Request) -> impl IntoResponse {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 16 * 1024 * 1024).await.unwrap();
    s.captured.lock().unwrap().push(Captured {
        path: parts.uri.to_string(),
        headers: parts.headers,
        body,
    });
    if !s.behavior.delay.is_zero() {
        tokio::time::sleep(s.behavior.delay).await;
    }
    (
        StatusCode::from_u16(s.behavior.status).unwrap(),
        [("content-type", s.behavior.content_type)],
        s.behavior.body,
    )
}

/// A loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// HMAC-SHA256 hex, computed independently of ocw's signing module.
pub fn hmac_hex(secret: &str, body: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

pub fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The NDJSON lines of a command's stdout.
pub fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    stdout_of(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
