//! `bridge.json`'s schema: every key the bridge knows, what each accepts, and the check of one
//! value. One table ([`KEYS`]) serves the command line (`key=value`, the `--webhook-url` style
//! flags) and the file alike, so the two never disagree, and the errors name the key and what it
//! accepts. Reading and writing the file is `file`; turning it into [`Settings`](super::Settings)
//! is `settings`.
//!
//! A UID identifies this bridge's room on a shared relay and acts as a password there, so short
//! UIDs are refused.

use serde_json::Value;

use super::discovery;

/// The agent a bridge talks to unless `agent_id` says otherwise.
pub const DEFAULT_AGENT_ID: &str = "main";
/// Protocol versions advertised in `connect` (`minProtocol`, `maxProtocol`) unless configured.
pub const DEFAULT_MIN_PROTOCOL: u32 = 3;
pub const DEFAULT_MAX_PROTOCOL: u32 = 4;
/// A UID shorter than this is refused: it is a bearer secret on a shared relay.
pub const MIN_UID_LEN: usize = 16;
const MAX_UID_LEN: usize = 256;

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

impl KeySpec {
    /// Whether the key takes an integer (the keys a nested `tuning` object may hold).
    pub fn is_int(&self) -> bool {
        matches!(self.kind, Kind::Int { .. })
    }
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
pub(super) fn check_value(spec: &KeySpec, v: &Value) -> Result<Value, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
