//! `bridge.status.json`: the running bridge's last connection event per side (relay and
//! Gateway), so `ocw bridge status` can say whether a background bridge is actually connected,
//! not only alive. The foreground bridge rewrites it (0600, atomically) on every connection event
//! and removes it when it stops; the file carries the writer's pid, so a file left by a bridge
//! that died is not taken for the running one's.
//!
//! What the file holds came from the relay and the Gateway (reasons, codes, server versions),
//! and anyone who can write the state dir can write it: readers must treat it as hostile text.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::Status;
use super::state::replace_private;

/// The two sides of a bridge, as named in the file and in `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Relay,
    Gateway,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::Relay, Side::Gateway];

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Relay => "relay",
            Side::Gateway => "gateway",
        }
    }

    /// As a sentence names it: "relay", "Gateway".
    pub fn title(self) -> &'static str {
        match self {
            Side::Relay => "relay",
            Side::Gateway => "Gateway",
        }
    }

    /// The side a status event is about; `None` for `Stopped`, which is about neither.
    fn of(event: &Status) -> Option<Side> {
        match event {
            Status::GatewayConnected { .. }
            | Status::GatewayDisconnected { .. }
            | Status::GatewayRejected { .. } => Some(Side::Gateway),
            Status::RelayConnected { .. } | Status::RelayDisconnected { .. } => Some(Side::Relay),
            Status::Stopped => None,
        }
    }
}

/// The status file as written by the bridge running in this process.
#[derive(Debug)]
pub struct StatusWriter {
    path: PathBuf,
    doc: Map<String, Value>,
}

impl StatusWriter {
    /// A writer for `path`, stamped with this process's pid. Nothing is written before the first
    /// event.
    pub fn new(path: PathBuf) -> Self {
        let mut doc = Map::new();
        doc.insert("pid".into(), std::process::id().into());
        Self { path, doc }
    }

    /// Record `event` (with the time, to the second) as its side's last, and rewrite the file.
    /// A side that is down also keeps when it was last connected (`connected_at`, `null` when
    /// never), so `status` can tell "never connected" from "disconnected since".
    /// A write that fails is logged and otherwise ignored: the file only informs `status`.
    pub fn record(&mut self, event: &Status) {
        let Some(side) = Side::of(event) else {
            return;
        };
        let Ok(Value::Object(mut entry)) = serde_json::to_value(event) else {
            return;
        };
        let now: Value = jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .map(|t| t.to_string())
            .unwrap_or_default()
            .into();
        let connected = matches!(
            event,
            Status::GatewayConnected { .. } | Status::RelayConnected { .. }
        );
        if !connected {
            let before = self.doc.get(side.as_str());
            let was_up = match before.and_then(|b| b.get("event")).and_then(Value::as_str) {
                Some(e) if e.ends_with("_connected") => before.and_then(|b| b.get("at")).cloned(),
                _ => before.and_then(|b| b.get("connected_at")).cloned(),
            };
            entry.insert("connected_at".into(), was_up.unwrap_or(Value::Null));
        }
        entry.insert("at".into(), now);
        self.doc.insert(side.as_str().into(), entry.into());
        let Ok(bytes) = serde_json::to_vec(&self.doc) else {
            return;
        };
        if let Err(e) = replace_private(&self.path, &bytes) {
            tracing::debug!(error = %format!("{e:#}"), "cannot write the status file");
        }
    }

    /// Remove the file (the bridge is stopping).
    pub fn remove(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The last events read back from the file, untrusted text included.
#[derive(Debug, Clone)]
pub struct LastEvents {
    doc: Map<String, Value>,
}

impl LastEvents {
    /// The events recorded by the bridge running as `pid`; `None` when the file is missing,
    /// unreadable, or written by another process.
    pub fn read(path: &Path, pid: u32) -> Option<Self> {
        let doc: Map<String, Value> = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        (doc.get("pid")?.as_u64()? == u64::from(pid)).then_some(Self { doc })
    }

    /// One side's last event as recorded: the [`Status`] JSON plus `at`.
    pub fn get(&self, side: Side) -> Option<&Value> {
        self.doc.get(side.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_the_last_event_per_side_for_this_pid_only() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("bridge.status.json");
        let mut w = StatusWriter::new(path.clone());
        w.record(&Status::Stopped);
        assert!(!path.exists(), "Stopped is about neither side");
        w.record(&Status::RelayConnected {
            url: "ws://r/".into(),
        });
        w.record(&Status::RelayDisconnected {
            reason: "gone".into(),
            retry_in_ms: 5,
        });
        let me = std::process::id();
        let last = LastEvents::read(&path, me).unwrap();
        let relay = last.get(Side::Relay).unwrap();
        assert_eq!(relay["event"], "relay_disconnected");
        assert!(
            relay["connected_at"].is_string(),
            "it was up before: {relay}"
        );
        w.record(&Status::RelayDisconnected {
            reason: "still gone".into(),
            retry_in_ms: 5,
        });
        w.record(&Status::GatewayDisconnected {
            reason: "refused".into(),
            retry_in_ms: 5,
        });
        let last = LastEvents::read(&path, me).unwrap();
        let relay = last.get(Side::Relay).unwrap();
        assert!(
            relay["connected_at"].is_string(),
            "kept across failures: {relay}"
        );
        let gateway = last.get(Side::Gateway).unwrap();
        assert!(gateway["connected_at"].is_null(), "never up: {gateway}");
        assert!(relay["at"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(LastEvents::read(&path, me.wrapping_add(1)).is_none());
        w.remove();
        assert!(LastEvents::read(&path, me).is_none());
    }
}
