//! The fake's configuration: [`GatewayConfig`] with its defaults, [`ProtocolMode`], and the
//! [`markers`] that select a failure script from the message text.

use std::sync::Arc;
use std::time::Duration;

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
