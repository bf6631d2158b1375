//! `ocw bridge`: the WebSocket bridge between an external relay and the OpenClaw Gateway.
//!
//! The relay side (`relay`) reads user messages from a WebSocket server (a "relay" shared with
//! UI clients in a UID room) and writes reply frames back. The Gateway side (`gateway`) speaks
//! the Gateway's `req`/`res`/`event` protocol. `engine` ties the two together: it classifies
//! inbound frames (`inbound`), resolves session keys (`session`), runs one Gateway `agent`
//! request per message with per-session ordering, and turns the run's events into outbound
//! frames (`runs`).
//!
//! The files on disk: `state` is the state directory and its private (0600, atomic) files;
//! `config` is `bridge.json`'s schema (its keys and their checks), `file` the document itself,
//! and `settings` assembles a running bridge's [`Settings`] from it and from `discovery`
//! (OpenClaw's `openclaw.json` and the env); `device` is the device identity file, `daemon` the
//! pid and log files of a background bridge, `status_file` its last connection events.
//!
//! This module owns the settings every part shares and the status events the command prints.
//! It imports no module of its own, and `state` imports none either, so every other module
//! points down to these two and no two files import each other.

pub mod backoff;
pub mod config;
pub mod daemon;
pub mod device;
pub mod discovery;
pub mod engine;
pub mod file;
pub mod gateway;
pub mod health;
pub mod inbound;
pub mod protocol;
pub mod relay;
pub mod runs;
pub mod session;
pub mod settings;
pub mod state;
pub mod status_file;

use std::time::Duration;

use serde::Serialize;

use crate::secret::Secret;

/// How sessions are keyed when a message carries no explicit `session`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SessionScope {
    /// Peer routing when present, else `webhook:<id>`, else a fresh unique key.
    #[default]
    PerSender,
    /// One shared key, `agent:<agent_id>:webhook:global`.
    Global,
    /// The `session` field or peer routing; anything else is answered with an error frame.
    Explicit,
}

/// What the bridge writes to the relay for a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrameFormat {
    /// `progress` (cumulative, coalesced), then exactly one `complete` or `error`.
    #[default]
    Legacy,
    /// The raw Gateway `agent`/`chat` event frames of this bridge's own runs.
    Gateway,
}

/// When the bridge signs its `connect` with a device identity (`device_auth` in `bridge.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeviceAuth {
    /// Device-less first; switch to the device identity for the rest of the run once the
    /// Gateway grants no `operator.write` or asks for a device (`DEVICE_IDENTITY_REQUIRED`,
    /// `PAIRING_REQUIRED`).
    #[default]
    Auto,
    /// Always send the device identity.
    Always,
    /// Never send one (a device-less backend client only).
    Never,
}

/// How the bridge authenticates to the Gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayAuth {
    None,
    Token(Secret),
    Password(Secret),
}

/// Where the Gateway is and how to log in, as discovered from `openclaw.json` and the env.
#[derive(Debug, Clone)]
pub struct GatewayTarget {
    /// `ws://127.0.0.1:<port>` unless `OPENCLAW_GATEWAY_URL` says otherwise.
    pub url: url::Url,
    pub auth: GatewayAuth,
    /// Where the port and the secret came from, for error messages ("openclaw.json",
    /// "OPENCLAW_GATEWAY_TOKEN", "default").
    pub source: String,
}

/// Timings and bounds. The defaults are the production values; `bridge.json` may override
/// them (tests shorten them).
#[derive(Debug, Clone)]
pub struct Tuning {
    /// First reconnect delay; doubled per failure up to `backoff_max`, with full jitter.
    pub backoff_initial: Duration,
    pub backoff_max: Duration,
    /// A connection that stayed up this long resets the backoff.
    pub healthy_after: Duration,
    /// WebSocket ping interval on the relay socket.
    pub ping_interval: Duration,
    /// Reconnect the relay when nothing (not even a pong) arrived for this long.
    pub idle_timeout: Duration,
    /// A run with no event for this long is checked with `agent.wait`, then failed.
    pub run_idle_timeout: Duration,
    /// The `timeout` (seconds) sent with each `agent` request; the hard cap is this + 30 s.
    pub run_timeout_secs: u64,
    /// How long a run survives a Gateway disconnect before it ends in an error frame.
    pub gateway_grace: Duration,
    /// Messages held at once, running or waiting (for the Gateway while it is down, or behind
    /// their session's previous message); beyond this, new ones get an error frame.
    pub queue_limit: usize,
    /// Bytes of relay frames held at once, counted like `queue_limit` (running or waiting,
    /// released when answered): `queue_limit` alone let 40 messages of 16 MB hold 1.35 GB.
    pub queue_bytes: usize,
    /// The largest relay frame (its JSON text) the bridge takes; a larger message or control
    /// request gets an error frame and is not forwarded. The relay socket itself refuses
    /// frames over [`relay::socket_cap`] of this (close 1009).
    pub max_message_bytes: usize,
    /// Frames held while the relay is down (terminal frames; progress is coalesced away).
    pub outbound_buffer: usize,
    /// After a run's lifecycle `error`, how long to wait for the chat error that normally
    /// follows (the Gateway holds it back while a retry may reuse the run id).
    pub error_grace: Duration,
    /// At most one `progress` frame per run per this interval.
    pub progress_interval: Duration,
    /// Repeated message ids within this window are run once.
    pub dedup_window: Duration,
    pub dedup_capacity: usize,
}

/// 1 MiB: a chat message is text a person or an app wrote; a million bytes is some 250,000
/// tokens, more than the context of the models an agent runs, so a larger one cannot be a
/// useful prompt, while anything pasted by hand fits. It also keeps a full queue of the largest
/// messages (`queue_bytes` / this = 64) well within the Gateway's 25 MiB `maxPayload`.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 1 << 20;
/// 64 MiB: room for 64 messages of the largest size, or thousands of ordinary ones (a few KiB
/// each, so `queue_limit` is what binds them), during an outage, while keeping the bridge well
/// under 100 MB however a peer sends.
pub const DEFAULT_QUEUE_BYTES: usize = 64 << 20;

impl Default for Tuning {
    fn default() -> Self {
        Self {
            backoff_initial: Duration::from_secs(1),
            backoff_max: Duration::from_secs(30),
            healthy_after: Duration::from_secs(60),
            ping_interval: Duration::from_secs(25),
            idle_timeout: Duration::from_secs(60),
            run_idle_timeout: Duration::from_secs(120),
            run_timeout_secs: 600,
            gateway_grace: Duration::from_secs(30),
            queue_limit: 1000,
            queue_bytes: DEFAULT_QUEUE_BYTES,
            max_message_bytes: DEFAULT_MAX_MESSAGE_BYTES,
            outbound_buffer: 200,
            error_grace: Duration::from_secs(16),
            progress_interval: Duration::from_millis(100),
            dedup_window: Duration::from_secs(600),
            dedup_capacity: 10_000,
        }
    }
}

/// Everything a running bridge needs, resolved from `bridge.json`, `openclaw.json`, the env and
/// the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The relay URL as configured (the bridge appends `uid=`).
    pub webhook_url: url::Url,
    pub uid: String,
    pub agent_id: String,
    pub scope: SessionScope,
    pub frames: FrameFormat,
    pub gateway: GatewayTarget,
    /// Advertised in `connect`: `minProtocol` and `maxProtocol` (default 3 and 4).
    pub min_protocol: u32,
    pub max_protocol: u32,
    pub tuning: Tuning,
    /// Log message text and Gateway frames (only with `-v`); otherwise metadata only.
    pub log_content: bool,
    /// Where the bridge remembers the sessions it used (`bridge-sessions.json` in the state
    /// dir), so `session.list` survives a restart; `None` keeps them in memory only.
    pub sessions_file: Option<std::path::PathBuf>,
    /// When to connect with a device identity.
    pub device_auth: DeviceAuth,
    /// Where the device identity is kept (`bridge-identity.json` in the state dir); `None`
    /// keeps a generated one in memory only.
    pub identity_file: Option<std::path::PathBuf>,
}

/// What the bridge reports while it runs. `ocw bridge run` prints these on stderr, or as NDJSON
/// on stdout with `--json` (`{"event":"gateway_connected",...}`), so scripts and tests can wait
/// for readiness instead of sleeping.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Status {
    /// `hello-ok` received and checked.
    GatewayConnected {
        url: String,
        protocol: u32,
        server_version: Option<String>,
        scopes: Vec<String>,
        /// The device id when the connection is signed with the bridge's device identity.
        #[serde(skip_serializing_if = "Option::is_none")]
        device_id: Option<String>,
    },
    /// The Gateway socket closed or failed; the bridge retries after `retry_in_ms`.
    GatewayDisconnected {
        reason: String,
        retry_in_ms: u64,
    },
    /// The Gateway refused the connect: `code` is `details.code` (or `error.code`), `hint` says
    /// what to do about it.
    GatewayRejected {
        code: String,
        message: String,
        hint: String,
        retry_in_ms: u64,
    },
    /// The relay socket is open.
    RelayConnected {
        url: String,
    },
    RelayDisconnected {
        reason: String,
        retry_in_ms: u64,
    },
    /// Shut down on request.
    Stopped,
}

/// Where status events go.
pub type StatusSink = tokio::sync::mpsc::UnboundedSender<Status>;

/// Lock a mutex; a panic elsewhere while it was held does not poison the bridge (the data
/// behind every lock here stays consistent between statements).
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A fake environment for tests: `pairs` and nothing else.
#[cfg(test)]
pub(crate) fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: std::collections::HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}
