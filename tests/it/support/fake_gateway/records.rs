//! What the fake records for assertions: connect attempts, closes, and runs.

use std::time::Instant;

use serde_json::Value;
use tokio::sync::watch;

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
    pub(super) final_payload: Option<Value>,
    pub(super) final_ok: bool,
    pub(super) abort: Option<watch::Sender<bool>>,
    /// The session lane was released (at the first terminal signal of the run).
    pub(super) lane_released: bool,
}

impl RunInfo {
    pub fn finished(&self) -> bool {
        self.status != RunStatus::Running
    }
}
