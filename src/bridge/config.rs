//! The bridge's files: the state directory and `bridge.json`.
//!
//! The state directory is `$OPENCLAW_STATE_DIR`, else `~/.openclaw` (OpenClaw's own), created
//! 0700 when missing. `bridge.json` holds the bridge's settings as one JSON object. It is written
//! 0600, atomically (a temporary file renamed over the old one), and every key this version does
//! not know is kept as it was, so a newer ocw or another tool can share the file. Each known key
//! is checked by one table ([`KEYS`]) whether it comes from the command line (`key=value`) or
//! from the file, and the errors name the key and what it accepts.
//!
//! The UID is generated once, a random 128-bit value in UUID form, and saved with the rest. A
//! UID identifies this bridge's room on a shared relay and acts as a password there, so short
//! UIDs, and the Go bridge's habit of falling back to the agent id (`main`), are refused
//! (bridge.md section 1, REC).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use serde_json::{Map, Value};

use super::discovery::{self, Env};
use super::{DeviceAuth, FrameFormat, SessionScope, Settings, Tuning};

/// The settings file's name in the state directory.
pub const BRIDGE_JSON: &str = "bridge.json";
/// The agent a bridge talks to unless `agent_id` says otherwise.
pub const DEFAULT_AGENT_ID: &str = "main";
/// Protocol versions advertised in `connect` unless configured (bridge.md decision 4).
pub const DEFAULT_MIN_PROTOCOL: u32 = 3;
pub const DEFAULT_MAX_PROTOCOL: u32 = 4;
/// A UID shorter than this is refused: it is a bearer secret on a shared relay.
pub const MIN_UID_LEN: usize = 16;
const MAX_UID_LEN: usize = 256;

/// Where the bridge keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateDir {
    path: PathBuf,
}

impl StateDir {
    /// `$OPENCLAW_STATE_DIR` (a leading `~/` is expanded), else `~/.openclaw`.
    pub fn resolve(env: Env<'_>) -> anyhow::Result<Self> {
        if let Some(dir) = env("OPENCLAW_STATE_DIR").filter(|d| !d.trim().is_empty()) {
            return Ok(Self::at(expand_home(&dir)));
        }
        let home = env("HOME")
            .filter(|h| !h.trim().is_empty())
            .map(PathBuf::from)
            .or_else(dirs::home_dir)
            .ok_or_else(|| {
                anyhow!("cannot find the home directory; set OPENCLAW_STATE_DIR to a directory")
            })?;
        Ok(Self::at(home.join(".openclaw")))
    }

    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Create the directory (mode 0700) when it is missing. An existing one is left as it is.
    pub fn ensure(&self) -> anyhow::Result<()> {
        match std::fs::metadata(&self.path) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => bail!(
                "state directory {} exists but is not a directory",
                self.path.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("checking {}", self.path.display()));
            }
        }
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&self.path)
            .with_context(|| format!("creating the state directory {}", self.path.display()))
    }

    pub fn bridge_json(&self) -> PathBuf {
        self.path.join(BRIDGE_JSON)
    }

    pub fn pid_file(&self) -> PathBuf {
        self.path.join("bridge.pid")
    }

    pub fn log_file(&self) -> PathBuf {
        self.path.join("bridge.log")
    }

    /// The running bridge's last connection events (`bridge.status.json`), for `status`.
    pub fn status_file(&self) -> PathBuf {
        self.path.join("bridge.status.json")
    }
}

/// `~/x` → `$HOME/x`; anything else unchanged.
pub fn expand_home(s: &str) -> PathBuf {
    let s = s.trim();
    if (s == "~" || s.starts_with("~/"))
        && let Some(home) = dirs::home_dir()
    {
        return home.join(s.trim_start_matches('~').trim_start_matches('/'));
    }
    PathBuf::from(s)
}

/// What a key's value must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A `ws://` or `wss://` URL.
    WsUrl,
    AgentId,
    Uid,
    Scope,
    Frames,
    Protocol,
    DeviceAuth,
    /// An integer in `min..=max`, stored as a JSON number.
    Int {
        min: u64,
        max: u64,
    },
}

/// One `bridge.json` key: its name, what it accepts, and a line of help.
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    pub name: &'static str,
    kind: Kind,
    pub help: &'static str,
}

const WEEK_MS: u64 = 7 * 24 * 3600 * 1000;

/// Every key `bridge.json` and `key=value` arguments know, in the order the help lists them.
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        name: "webhook_url",
        kind: Kind::WsUrl,
        help: "the relay's URL, ws:// or wss:// (required); the bridge adds ?uid=<uid>",
    },
    KeySpec {
        name: "agent_id",
        kind: Kind::AgentId,
        help: "the OpenClaw agent that answers (default main)",
    },
    KeySpec {
        name: "uid",
        kind: Kind::Uid,
        help: "this bridge's room on the relay, 16+ characters (default: generated once)",
    },
    KeySpec {
        name: "session_scope",
        kind: Kind::Scope,
        help: "per-sender (default), global or explicit",
    },
    KeySpec {
        name: "frames",
        kind: Kind::Frames,
        help: "legacy (default: progress/complete/error) or gateway (raw Gateway events)",
    },
    KeySpec {
        name: "gateway_url",
        kind: Kind::WsUrl,
        help: "the Gateway's URL, instead of discovering it from openclaw.json",
    },
    KeySpec {
        name: "min_protocol",
        kind: Kind::Protocol,
        help: "lowest Gateway protocol version offered (default 3)",
    },
    KeySpec {
        name: "max_protocol",
        kind: Kind::Protocol,
        help: "highest Gateway protocol version offered (default 4)",
    },
    KeySpec {
        name: "device_auth",
        kind: Kind::DeviceAuth,
        help: "auto (default: sign in with a device identity when the Gateway wants one), always or never",
    },
    KeySpec {
        name: "reconnect_initial_ms",
        kind: Kind::Int {
            min: 1,
            max: WEEK_MS,
        },
        help: "first reconnect delay (default 1000); doubles per failure, with jitter",
    },
    KeySpec {
        name: "reconnect_max_ms",
        kind: Kind::Int {
            min: 1,
            max: WEEK_MS,
        },
        help: "longest reconnect delay (default 30000)",
    },
    KeySpec {
        name: "healthy_after_ms",
        kind: Kind::Int {
            min: 0,
            max: WEEK_MS,
        },
        help: "a connection up this long resets the backoff (default 60000)",
    },
    KeySpec {
        name: "ping_interval_ms",
        kind: Kind::Int {
            min: 1,
            max: WEEK_MS,
        },
        help: "relay ping interval (default 25000)",
    },
    KeySpec {
        name: "idle_timeout_ms",
        kind: Kind::Int {
            min: 1,
            max: WEEK_MS,
        },
        help: "reconnect the relay after this long without any frame (default 60000)",
    },
    KeySpec {
        name: "run_idle_timeout_ms",
        kind: Kind::Int {
            min: 1,
            max: WEEK_MS,
        },
        help: "check a run that sent nothing for this long (default 120000)",
    },
    KeySpec {
        name: "run_timeout_s",
        kind: Kind::Int {
            min: 1,
            max: WEEK_MS / 1000,
        },
        help: "the agent run timeout sent to the Gateway, in seconds (default 600)",
    },
    KeySpec {
        name: "gateway_grace_ms",
        kind: Kind::Int {
            min: 0,
            max: WEEK_MS,
        },
        help: "how long runs survive a Gateway disconnect, and messages wait for a Gateway that is down (default 30000)",
    },
    KeySpec {
        name: "queue_limit",
        kind: Kind::Int {
            min: 0,
            max: 1_000_000,
        },
        help: "messages held at once, running or waiting for the Gateway (default 1000)",
    },
    KeySpec {
        name: "queue_bytes",
        kind: Kind::Int {
            min: 0,
            max: 1 << 40,
        },
        help: "bytes of messages held at once, running or waiting for the Gateway (default 67108864, 64 MiB)",
    },
    KeySpec {
        name: "max_message_bytes",
        kind: Kind::Int {
            // A control request or a short message must always fit.
            min: 1024,
            // The Gateway takes frames up to 25 MiB (`policy.maxPayload`), the request
            // wrapping included; the relay socket accepts 16x this.
            max: 16 << 20,
        },
        help: "largest relay message in bytes; larger ones get an error frame (default 1048576, 1 MiB)",
    },
    KeySpec {
        name: "outbound_buffer",
        kind: Kind::Int {
            min: 1,
            max: 1_000_000,
        },
        help: "frames held while the relay is down (default 200)",
    },
    KeySpec {
        name: "progress_interval_ms",
        kind: Kind::Int {
            min: 0,
            max: WEEK_MS,
        },
        help: "at most one progress frame per run per interval (default 100)",
    },
    KeySpec {
        name: "error_grace_ms",
        kind: Kind::Int {
            min: 0,
            max: WEEK_MS,
        },
        help: "after a run's lifecycle error, wait this long for the chat error (default 16000)",
    },
    KeySpec {
        name: "dedup_window_ms",
        kind: Kind::Int {
            min: 0,
            max: WEEK_MS,
        },
        help: "a repeated message id within this window runs once (default 600000)",
    },
    KeySpec {
        name: "dedup_capacity",
        kind: Kind::Int {
            min: 0,
            max: 10_000_000,
        },
        help: "message ids remembered for de-duplication (default 10000)",
    },
];

/// The spec of a known key.
pub fn key_spec(name: &str) -> Option<&'static KeySpec> {
    KEYS.iter().find(|k| k.name == name)
}

/// One `key=value` from the command line, checked: `value` is `None` for `key=` (remove the key,
/// back to its default).
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub key: &'static str,
    pub value: Option<Value>,
}

/// Parse `key=value` (a clap value parser). Keys are case-insensitive and `-` means `_`.
pub fn parse_assignment(s: &str) -> Result<Assignment, String> {
    let Some((key, value)) = s.split_once('=') else {
        return Err(format!(
            "expected KEY=VALUE, got {:?} (e.g. webhook_url=ws://127.0.0.1:8080/ws)",
            redact_arg(s)
        ));
    };
    assign(key, value)
}

/// Check one key's value as given on the command line.
pub fn assign(key: &str, value: &str) -> Result<Assignment, String> {
    let spec = lookup(key)?;
    if value.trim().is_empty() {
        return Ok(Assignment {
            key: spec.name,
            value: None,
        });
    }
    let value = check_value(spec, &Value::String(value.to_string()))?;
    Ok(Assignment {
        key: spec.name,
        value: Some(value),
    })
}

fn lookup(key: &str) -> Result<&'static KeySpec, String> {
    let normalized = key.trim().to_ascii_lowercase().replace('-', "_");
    if let Some(spec) = key_spec(&normalized) {
        return Ok(spec);
    }
    let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
    let suggestion = crate::suggest::did_you_mean(&normalized, &names)
        .map(|name| format!("; did you mean {name}?"))
        .unwrap_or_default();
    Err(format!(
        "unknown bridge setting {key:?}{suggestion} (known: {})",
        KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
    ))
}

/// A bad `key=value` may hold a secret-ish value (a UID); show only the key.
fn redact_arg(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Check a value (a JSON value from the file, or a string from the command line) against its
/// key, and return it in the form it is stored: strings for text keys, numbers for integers.
fn check_value(spec: &KeySpec, v: &Value) -> Result<Value, String> {
    let name = spec.name;
    let text = || -> Result<String, String> {
        match v {
            Value::String(s) => Ok(s.trim().to_string()),
            other => Err(format!("{name} must be a string, got {other}")),
        }
    };
    match spec.kind {
        Kind::WsUrl => {
            let s = text()?;
            discovery::parse_ws_url(&s).map_err(|e| format!("{name}: {e}"))?;
            Ok(Value::String(s))
        }
        Kind::AgentId => {
            let s = text()?;
            let ok = !s.is_empty()
                && s.len() <= 64
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !ok {
                return Err(format!(
                    "agent_id {s:?} is not an agent id (1-64 letters, digits, `-` or `_`, e.g. main)"
                ));
            }
            Ok(Value::String(s))
        }
        Kind::Uid => {
            let s = text()?;
            let len = s.chars().count();
            if len < MIN_UID_LEN {
                return Err(format!(
                    "uid is {len} characters long; it needs at least {MIN_UID_LEN}: on a shared relay the UID is what keeps other people's messages out, so it must be hard to guess (leave uid out to get a generated one)"
                ));
            }
            if len > MAX_UID_LEN {
                return Err(format!(
                    "uid is {len} characters long; at most {MAX_UID_LEN} are accepted"
                ));
            }
            if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err("uid must not contain spaces or control characters".into());
            }
            Ok(Value::String(s))
        }
        Kind::Scope => {
            let s = text()?.to_ascii_lowercase().replace('_', "-");
            match s.as_str() {
                "per-sender" | "global" | "explicit" => Ok(Value::String(s)),
                _ => Err(format!(
                    "session_scope {s:?} is not one of per-sender, global, explicit"
                )),
            }
        }
        Kind::Frames => {
            let s = text()?.to_ascii_lowercase();
            match s.as_str() {
                "legacy" | "gateway" => Ok(Value::String(s)),
                _ => Err(format!("frames {s:?} is not one of legacy, gateway")),
            }
        }
        Kind::DeviceAuth => {
            let s = text()?.to_ascii_lowercase();
            match s.as_str() {
                "auto" | "always" | "never" => Ok(Value::String(s)),
                _ => Err(format!(
                    "device_auth {s:?} is not one of auto, always, never"
                )),
            }
        }
        Kind::Protocol => int(name, v, 1, 1000),
        Kind::Int { min, max } => int(name, v, min, max),
    }
}

fn int(name: &str, v: &Value, min: u64, max: u64) -> Result<Value, String> {
    let n = match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().replace('_', "").parse::<u64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(Value::from(n)),
        _ => Err(format!(
            "{name} must be a whole number from {min} to {max}, got {}",
            match v {
                Value::String(s) => format!("{s:?}"),
                other => other.to_string(),
            }
        )),
    }
}

/// `bridge.json`, as read: the whole object, unknown keys included.
#[derive(Debug, Clone)]
pub struct BridgeFile {
    path: PathBuf,
    doc: Map<String, Value>,
    existed: bool,
}

impl BridgeFile {
    /// Read the file; a missing (or empty) file is an empty object.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    path: path.to_path_buf(),
                    doc: Map::new(),
                    existed: false,
                });
            }
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let doc = if text.trim().is_empty() {
            Map::new()
        } else {
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => bail!("{} must hold a JSON object", path.display()),
                Err(e) => bail!(
                    "{} is not valid JSON: {e}; fix it or remove it to start over",
                    path.display()
                ),
            }
        };
        Ok(Self {
            path: path.to_path_buf(),
            doc,
            existed: true,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file was there when loaded.
    pub fn existed(&self) -> bool {
        self.existed
    }

    /// The raw value of a key (known or not).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.doc.get(key)
    }

    /// A key's value when it is a non-empty string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.doc
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    pub fn uid(&self) -> Option<&str> {
        self.get_str("uid")
    }

    pub fn webhook_url(&self) -> Option<&str> {
        self.get_str("webhook_url")
    }

    /// Set (or with `None`, remove) a checked value. Keys keep their place in the file.
    pub fn apply(&mut self, a: &Assignment) {
        match &a.value {
            Some(v) => {
                self.doc.insert(a.key.to_string(), v.clone());
            }
            None => {
                self.doc.shift_remove(a.key);
            }
        }
    }

    /// Give the bridge a UID if it has none; true when one was generated.
    pub fn ensure_uid(&mut self) -> bool {
        if self.uid().is_some() {
            return false;
        }
        self.doc.insert("uid".into(), Value::String(new_uid()));
        true
    }

    /// Write the file: 0600, via a temporary file renamed over the old one, so a crash never
    /// leaves half a file and the secrets are never readable by others, not even briefly.
    pub fn save(&mut self) -> anyhow::Result<()> {
        let mut text =
            serde_json::to_string_pretty(&self.doc).context("serializing bridge.json")?;
        text.push('\n');
        replace_private(&self.path, text.as_bytes())?;
        self.existed = true;
        Ok(())
    }

    /// Every known key checked, plus the rules between keys; `webhook_url` is required.
    pub fn check(&self) -> anyhow::Result<Checked> {
        let file = self.path.display();
        let mut values: Map<String, Value> = Map::new();
        // A nested "tuning" object is accepted too; top-level keys win over it.
        if let Some(nested) = self.doc.get("tuning") {
            let Value::Object(nested) = nested else {
                bail!("{file}: tuning must be an object of integer settings");
            };
            for (k, v) in nested {
                match key_spec(k) {
                    Some(spec) if matches!(spec.kind, Kind::Int { .. }) => {
                        let v = check_value(spec, v).map_err(|e| anyhow!("{file}: tuning.{e}"))?;
                        values.insert(k.clone(), v);
                    }
                    _ => {}
                }
            }
        }
        for spec in KEYS {
            match self.doc.get(spec.name) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if s.trim().is_empty() => {}
                Some(v) => {
                    let v = check_value(spec, v).map_err(|e| anyhow!("{file}: {e}"))?;
                    values.insert(spec.name.to_string(), v);
                }
            }
        }
        let s = |k: &str| values.get(k).and_then(Value::as_str).map(str::to_string);
        let n = |k: &str| values.get(k).and_then(Value::as_u64);

        let Some(raw_url) = s("webhook_url") else {
            bail!(
                "no relay URL: {file} has no webhook_url; give one, e.g. `ocw bridge start webhook_url=ws://127.0.0.1:8080/ws`"
            );
        };
        let webhook_url =
            discovery::parse_ws_url(&raw_url).map_err(|e| anyhow!("{file}: webhook_url: {e}"))?;
        let agent_id = s("agent_id").unwrap_or_else(|| DEFAULT_AGENT_ID.into());
        let Some(uid) = s("uid") else {
            bail!("{file} has no uid (it is generated when the bridge starts)");
        };
        if uid == agent_id {
            bail!(
                "{file}: uid equals agent_id; the UID must be a hard-to-guess secret of its own (leave uid out to get a generated one)"
            );
        }
        let scope = match s("session_scope").as_deref() {
            Some("global") => SessionScope::Global,
            Some("explicit") => SessionScope::Explicit,
            _ => SessionScope::PerSender,
        };
        let frames = match s("frames").as_deref() {
            Some("gateway") => FrameFormat::Gateway,
            _ => FrameFormat::Legacy,
        };
        let gateway_url = match s("gateway_url") {
            Some(u) => {
                Some(discovery::parse_ws_url(&u).map_err(|e| anyhow!("{file}: gateway_url: {e}"))?)
            }
            None => None,
        };
        let device_auth = match s("device_auth").as_deref() {
            Some("always") => DeviceAuth::Always,
            Some("never") => DeviceAuth::Never,
            _ => DeviceAuth::Auto,
        };
        let min_protocol = n("min_protocol").map_or(DEFAULT_MIN_PROTOCOL, |v| v as u32);
        let max_protocol = n("max_protocol").map_or(DEFAULT_MAX_PROTOCOL, |v| v as u32);
        if min_protocol > max_protocol {
            bail!(
                "{file}: min_protocol ({min_protocol}) is greater than max_protocol ({max_protocol})"
            );
        }

        let mut t = Tuning::default();
        let ms = |k: &str, d: &mut Duration| {
            if let Some(v) = n(k) {
                *d = Duration::from_millis(v);
            }
        };
        ms("reconnect_initial_ms", &mut t.backoff_initial);
        ms("reconnect_max_ms", &mut t.backoff_max);
        ms("healthy_after_ms", &mut t.healthy_after);
        ms("ping_interval_ms", &mut t.ping_interval);
        ms("idle_timeout_ms", &mut t.idle_timeout);
        ms("run_idle_timeout_ms", &mut t.run_idle_timeout);
        ms("gateway_grace_ms", &mut t.gateway_grace);
        ms("progress_interval_ms", &mut t.progress_interval);
        ms("error_grace_ms", &mut t.error_grace);
        ms("dedup_window_ms", &mut t.dedup_window);
        if let Some(v) = n("run_timeout_s") {
            t.run_timeout_secs = v;
        }
        let count = |k: &str, d: &mut usize| {
            if let Some(v) = n(k) {
                *d = usize::try_from(v).unwrap_or(usize::MAX);
            }
        };
        count("queue_limit", &mut t.queue_limit);
        count("queue_bytes", &mut t.queue_bytes);
        count("max_message_bytes", &mut t.max_message_bytes);
        count("outbound_buffer", &mut t.outbound_buffer);
        count("dedup_capacity", &mut t.dedup_capacity);
        if t.backoff_initial > t.backoff_max {
            bail!(
                "{file}: reconnect_initial_ms ({}) is greater than reconnect_max_ms ({})",
                t.backoff_initial.as_millis(),
                t.backoff_max.as_millis()
            );
        }
        if t.idle_timeout <= t.ping_interval {
            bail!(
                "{file}: idle_timeout_ms ({}) must be greater than ping_interval_ms ({}), or every quiet moment looks like a dead relay",
                t.idle_timeout.as_millis(),
                t.ping_interval.as_millis()
            );
        }

        Ok(Checked {
            webhook_url,
            webhook_url_raw: raw_url,
            uid,
            agent_id,
            scope,
            frames,
            gateway_url,
            min_protocol,
            max_protocol,
            device_auth,
            tuning: t,
        })
    }
}

/// `bridge.json` after every check: everything of [`Settings`] except the Gateway target.
#[derive(Debug, Clone)]
pub struct Checked {
    pub webhook_url: url::Url,
    /// The URL exactly as configured (the QR payload carries this form).
    pub webhook_url_raw: String,
    pub uid: String,
    pub agent_id: String,
    pub scope: SessionScope,
    pub frames: FrameFormat,
    pub gateway_url: Option<url::Url>,
    pub min_protocol: u32,
    pub max_protocol: u32,
    pub device_auth: DeviceAuth,
    pub tuning: Tuning,
}

impl Checked {
    /// The full settings, with the Gateway found from `openclaw.json` and the env.
    pub fn into_settings(
        self,
        state: &StateDir,
        env: Env<'_>,
        log_content: bool,
    ) -> anyhow::Result<Settings> {
        let gateway = discovery::discover(state.path(), self.gateway_url.as_ref(), env)?;
        Ok(Settings {
            webhook_url: self.webhook_url,
            uid: self.uid,
            agent_id: self.agent_id,
            scope: self.scope,
            frames: self.frames,
            gateway,
            min_protocol: self.min_protocol,
            max_protocol: self.max_protocol,
            tuning: self.tuning,
            log_content,
            sessions_file: Some(state.path().join("bridge-sessions.json")),
            device_auth: self.device_auth,
            identity_file: Some(super::device::identity_path(state.path())),
        })
    }
}

/// Build the bridge's settings from `bridge.json` and discovery (no writes).
pub fn settings(
    file: &BridgeFile,
    state: &StateDir,
    env: Env<'_>,
    log_content: bool,
) -> anyhow::Result<Settings> {
    file.check()?.into_settings(state, env, log_content)
}

/// A fresh UID: 128 bits from the OS-seeded CSPRNG behind `ulid` (two ULIDs' random parts), in
/// UUIDv4 form like the Go bridge's, so existing relays and apps accept it.
pub fn new_uid() -> String {
    let a = ulid::Ulid::new().random();
    let b = ulid::Ulid::new().random();
    let mut bits = (a << 48) ^ b;
    // Version 4, variant 10 (RFC 9562).
    bits = (bits & !(0xF << 76)) | (0x4 << 76);
    bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Replace `path` with `bytes`, readable by its owner only (0600): written to a temporary file
/// in the same directory (created 0700 when missing) and renamed over the old one, so a crash
/// never leaves half a file and the contents are never readable by others, not even briefly.
pub fn replace_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    StateDir::at(dir).ensure()?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    write_private(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("replacing {}", path.display()));
    }
    Ok(())
}

/// Write a new file readable by its owner only (0600), replacing a leftover of the same name.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::env_of;

    const UID: &str = "0123456789abcdef-uid";

    #[test]
    fn state_dir_from_env_or_home() {
        let s = StateDir::resolve(&env_of(&[("OPENCLAW_STATE_DIR", "/tmp/oc")])).unwrap();
        assert_eq!(s.path(), Path::new("/tmp/oc"));
        assert_eq!(s.pid_file(), Path::new("/tmp/oc/bridge.pid"));
        let s = StateDir::resolve(&env_of(&[("HOME", "/home/u")])).unwrap();
        assert_eq!(s.bridge_json(), Path::new("/home/u/.openclaw/bridge.json"));
    }

    #[cfg(unix)]
    #[test]
    fn state_dir_created_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let s = StateDir::at(tmp.path().join("a/.openclaw"));
        s.ensure().unwrap();
        let mode = std::fs::metadata(s.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        s.ensure().unwrap();
    }

    #[test]
    fn assignments_are_checked() {
        let a = parse_assignment("webhook_url=ws://127.0.0.1:8080/ws").unwrap();
        assert_eq!(a.key, "webhook_url");
        assert_eq!(
            a.value,
            Some(Value::String("ws://127.0.0.1:8080/ws".into()))
        );
        let a = parse_assignment("Queue-Limit=5").unwrap();
        assert_eq!((a.key, a.value), ("queue_limit", Some(Value::from(5u64))));
        assert_eq!(parse_assignment("gateway_url=").unwrap().value, None);

        let err = |s: &str| parse_assignment(s).unwrap_err();
        assert!(err("webhook_url=http://x/ws").contains("ws://"));
        assert!(err("webhook_url").contains("KEY=VALUE"));
        assert!(err("uid=short").contains("at least 16"));
        assert!(!err("uid=short").contains("short"), "the uid is not echoed");
        assert!(err("session_scope=everyone").contains("per-sender, global, explicit"));
        assert!(err("frames=raw").contains("legacy, gateway"));
        assert!(err("device_auth=sometimes").contains("auto, always, never"));
        assert_eq!(
            parse_assignment("device_auth=Always").unwrap().value,
            Some(Value::String("always".into()))
        );
        assert!(err("queue_limit=-1").contains("queue_limit"));
        assert_eq!(
            parse_assignment("queue_bytes=1000").unwrap().value,
            Some(Value::from(1000u64))
        );
        assert!(err("max_message_bytes=10").contains("max_message_bytes"));
        assert!(err("max_message_bytes=99999999").contains("max_message_bytes"));
        assert!(err("ping_interval_ms=0").contains("from 1"));
        assert!(err("agent_id=a:b").contains("agent_id"));
        assert!(err("webhok_url=ws://x").contains("did you mean webhook_url"));
        assert_eq!(
            parse_assignment("session_scope=per_sender").unwrap().value,
            Some(Value::String("per-sender".into()))
        );
    }

    #[test]
    fn every_key_is_documented_in_the_cli_help() {
        let help = crate::cli::bridge_help_footer("");
        for k in KEYS {
            assert!(help.contains(k.name), "{} missing from the help", k.name);
            assert!(!k.help.is_empty());
        }
    }

    #[test]
    fn uid_is_random_uuid_v4() {
        let a = new_uid();
        let b = new_uid();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert!(parse_assignment(&format!("uid={a}")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn save_keeps_unknown_keys_private_and_atomic() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let state = StateDir::at(tmp.path().join("st"));
        let path = state.bridge_json();
        std::fs::create_dir_all(state.path()).unwrap();
        std::fs::write(
            &path,
            r#"{"future_key": {"x": [1, 2]}, "webhook_url": "ws://a/ws", "agent_id": "main"}"#,
        )
        .unwrap();
        let mut f = BridgeFile::load(&path).unwrap();
        f.apply(&parse_assignment("webhook_url=wss://b.example/ws").unwrap());
        assert!(f.ensure_uid());
        assert!(!f.ensure_uid());
        f.save().unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let back: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(back["future_key"], serde_json::json!({"x": [1, 2]}));
        assert_eq!(back["webhook_url"], "wss://b.example/ws");
        let keys: Vec<_> = back.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["future_key", "webhook_url", "agent_id", "uid"]);
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(state.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [BRIDGE_JSON]);
    }

    #[test]
    fn uid_persists_across_loads() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(BRIDGE_JSON);
        let mut f = BridgeFile::load(&path).unwrap();
        assert!(!f.existed());
        f.ensure_uid();
        f.save().unwrap();
        let first = f.uid().unwrap().to_string();
        let mut g = BridgeFile::load(&path).unwrap();
        assert!(!g.ensure_uid());
        assert_eq!(g.uid(), Some(first.as_str()));
    }

    fn file(json: &str) -> BridgeFile {
        BridgeFile {
            path: PathBuf::from("/s/bridge.json"),
            doc: match serde_json::from_str(json).unwrap() {
                Value::Object(m) => m,
                _ => unreachable!(),
            },
            existed: true,
        }
    }

    #[test]
    fn check_builds_settings_and_tuning() {
        let f = file(&format!(
            r#"{{"webhook_url":"ws://127.0.0.1:9/ws","uid":"{UID}","agent_id":"ops",
                "session_scope":"global","frames":"gateway","min_protocol":4,
                "reconnect_initial_ms":50,"run_timeout_s":"7","tuning":{{"queue_limit":3,"reconnect_initial_ms":999}},
                "something_else":true}}"#
        ));
        let c = f.check().unwrap();
        assert_eq!(c.webhook_url_raw, "ws://127.0.0.1:9/ws");
        assert_eq!(c.agent_id, "ops");
        assert_eq!(c.scope, SessionScope::Global);
        assert_eq!(c.frames, FrameFormat::Gateway);
        assert_eq!((c.min_protocol, c.max_protocol), (4, 4));
        assert_eq!(c.tuning.backoff_initial, Duration::from_millis(50));
        assert_eq!(c.tuning.run_timeout_secs, 7);
        assert_eq!(c.tuning.queue_limit, 3);
        assert_eq!(c.tuning.queue_bytes, 64 << 20, "the default");
        assert_eq!(c.tuning.max_message_bytes, 1 << 20, "the default");
        let tmp = tempfile::tempdir().unwrap();
        let settings = c
            .into_settings(&StateDir::at(tmp.path()), &env_of(&[]), false)
            .unwrap();
        assert_eq!(settings.gateway.url.as_str(), "ws://127.0.0.1:18789/");
        assert_eq!(settings.uid, UID);
        assert_eq!(settings.device_auth, DeviceAuth::Auto);
        assert_eq!(
            settings.identity_file.as_deref(),
            Some(tmp.path().join("bridge-identity.json").as_path())
        );
        let never = file(&format!(
            r#"{{"webhook_url":"ws://127.0.0.1:9/ws","uid":"{UID}","device_auth":"never"}}"#
        ));
        assert_eq!(never.check().unwrap().device_auth, DeviceAuth::Never);
    }

    #[test]
    fn check_errors_name_the_file_and_key() {
        let msg = |json: &str| format!("{:#}", file(json).check().unwrap_err());
        let e = msg(r#"{"uid":"0123456789abcdef-uid"}"#);
        assert!(e.contains("webhook_url=ws://"), "{e}");
        let e = msg(r#"{"webhook_url":"http://x","uid":"0123456789abcdef-uid"}"#);
        assert!(
            e.contains("/s/bridge.json") && e.contains("webhook_url"),
            "{e}"
        );
        let e = msg(r#"{"webhook_url":"ws://x/","uid":"main"}"#);
        assert!(e.contains("at least 16"), "{e}");
        let e = msg(
            r#"{"webhook_url":"ws://x/","uid":"agent-0123456789ab","agent_id":"agent-0123456789ab"}"#,
        );
        assert!(e.contains("uid equals agent_id"), "{e}");
        let e = msg(&format!(
            r#"{{"webhook_url":"ws://x/","uid":"{UID}","queue_limit":"many"}}"#
        ));
        assert!(e.contains("queue_limit must be a whole number"), "{e}");
        let e = msg(&format!(
            r#"{{"webhook_url":"ws://x/","uid":"{UID}","min_protocol":5}}"#
        ));
        assert!(e.contains("min_protocol (5) is greater"), "{e}");
        let e = msg(&format!(
            r#"{{"webhook_url":"ws://x/","uid":"{UID}","ping_interval_ms":100,"idle_timeout_ms":100}}"#
        ));
        assert!(e.contains("idle_timeout_ms"), "{e}");
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(BRIDGE_JSON);
        std::fs::write(&path, "{nope").unwrap();
        let e = format!("{:#}", BridgeFile::load(&path).unwrap_err());
        assert!(
            e.contains("not valid JSON") && e.contains("bridge.json"),
            "{e}"
        );
        std::fs::write(&path, "[]").unwrap();
        assert!(BridgeFile::load(&path).is_err());
        std::fs::write(&path, "  \n").unwrap();
        assert!(BridgeFile::load(&path).unwrap().doc.is_empty());
    }
}
