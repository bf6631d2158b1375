//! The HTTP receiver: accepts webhooks on loopback, checks their signatures with the signing
//! module, and hands every request to the caller over a channel.
//!
//! `ocw demo` runs it in-process; `ocw listen` (issue #3) builds on the same receiver, so there
//! is one receiver implementation in the codebase. Every request that got an answer has been
//! queued on the channel first: nothing acknowledged is lost.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::secret::Secret;
use crate::signing::{self, Verdict};

/// Default body limit: 1 MiB, far above any OpenClaw payload.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    /// Secrets to check signatures with; empty means "not checked".
    pub secrets: Vec<Secret>,
    pub tolerance_secs: u64,
    pub max_body: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            secrets: Vec::new(),
            tolerance_secs: 300,
            max_body: DEFAULT_MAX_BODY,
        }
    }
}

/// One request as it arrived, with what ocw made of it.
#[derive(Debug, Clone)]
pub struct Received {
    pub received_at: jiff::Timestamp,
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub event: Option<String>,
    pub conversation_id: Option<String>,
    /// `None` when no secret was configured.
    pub verdict: Option<Verdict>,
    pub status: u16,
}

/// A running receiver. Dropping it does not stop the server: call [`Running::shutdown`].
pub struct Running {
    pub addr: SocketAddr,
    cancel: CancellationToken,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stop accepting, let in-flight requests finish, and wait for the server to end.
    pub async fn shutdown(self) -> std::io::Result<()> {
        self.cancel.cancel();
        self.task.await.unwrap_or(Ok(()))
    }
}

#[derive(Clone)]
struct AppState {
    config: std::sync::Arc<Config>,
    tx: mpsc::UnboundedSender<Received>,
}

/// Bind `addr` and serve until shut down. Each request is sent on `tx` before it is answered.
pub async fn start(
    addr: SocketAddr,
    config: Config,
    tx: mpsc::UnboundedSender<Received>,
) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let max_body = config.max_body;
    let state = AppState {
        config: std::sync::Arc::new(config),
        tx,
    };
    let app = Router::new()
        .fallback(handle)
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state);
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move { stop.cancelled().await })
            .await
    });
    Ok(Running { addr, cancel, task })
}

async fn handle(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, state.config.max_body).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "body too large\n").into_response(),
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let verdict = (!state.config.secrets.is_empty()).then(|| {
        signing::verify(&signing::VerifyRequest {
            headers: &headers,
            body: &body,
            secrets: &state.config.secrets,
            scheme: None,
            tolerance_secs: state.config.tolerance_secs,
            now: jiff::Timestamp::now().as_second(),
        })
    });
    let (event, conversation_id) = identify(&body);
    let status = StatusCode::OK;
    tracing::debug!(method = %parts.method, path = %parts.uri, bytes = body.len(), event = ?event, "received");
    let received = Received {
        received_at: jiff::Timestamp::now(),
        method: parts.method.to_string(),
        path: parts.uri.to_string(),
        headers,
        body,
        event,
        conversation_id,
        verdict,
        status: status.as_u16(),
    };
    if state.tx.send(received).is_err() {
        // The consumer is gone (shutting down): do not acknowledge what nobody will see.
        return (StatusCode::SERVICE_UNAVAILABLE, "receiver shutting down\n").into_response();
    }
    (status, axum::Json(serde_json::json!({"received": true}))).into_response()
}

/// The `event` and `conversation_id` of a JSON webhook body, when it has them.
pub fn identify(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return (None, None);
    };
    let field = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_owned);
    (field("event"), field("conversation_id"))
}
