//! The shared state behind a [`FakeGateway`](super::FakeGateway): per-connection outboxes, the
//! recorded traffic, runs and sessions, and the helpers that send to one or every connection.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::{mpsc, watch};

use super::config::GatewayConfig;
use super::records::{CloseRecord, ConnectRecord, RunInfo};

/// An event serialized once for every connection: the writer only adds its `seq`.
pub(super) struct EventFrame {
    /// `{"type":"event","event":"<name>","payload":<payload>` without the closing brace.
    head: String,
}

impl EventFrame {
    pub(super) fn new(event: &str, payload: &Value) -> Arc<EventFrame> {
        let mut head = String::from(r#"{"type":"event","event":"#);
        head.push_str(&Value::from(event).to_string());
        head.push_str(r#","payload":"#);
        head.push_str(&payload.to_string());
        Arc::new(EventFrame { head })
    }

    pub(super) fn with_seq(&self, seq: u64) -> String {
        format!(r#"{},"seq":{seq}}}"#, self.head)
    }
}

pub(super) enum Out {
    Text(String),
    /// An event frame; the connection writer adds its per-connection `seq`.
    Event(Arc<EventFrame>),
    Close(u16, String),
    /// Drop the TCP connection without a closing handshake.
    Drop,
}

pub(super) struct ConnState {
    pub(super) tx: mpsc::UnboundedSender<Out>,
    /// `hello-ok` sent: receives broadcast events.
    pub(super) authed: bool,
    pub(super) scopes: Vec<String>,
}

pub(super) struct State {
    pub(super) cfg: GatewayConfig,
    pub(super) conns: HashMap<u64, ConnState>,
    pub(super) connect_attempts: usize,
    pub(super) connects: Vec<ConnectRecord>,
    pub(super) closes: Vec<CloseRecord>,
    pub(super) frames: Vec<(u64, Value)>,
    pub(super) runs: HashMap<String, RunInfo>,
    pub(super) run_order: Vec<String>,
    pub(super) sessions: BTreeMap<String, Value>,
    /// Highest number of simultaneously running runs seen in one session.
    pub(super) max_session_overlap: usize,
    /// Highest number of simultaneously running runs overall.
    pub(super) max_concurrent_runs: usize,
    /// Runs running now, per session and overall.
    pub(super) running_by_session: HashMap<String, usize>,
    pub(super) running_total: usize,
    pub(super) accept_task: Option<tokio::task::JoinHandle<()>>,
    /// Device tokens issued, by device id.
    pub(super) device_tokens: HashMap<String, String>,
}

pub(super) struct Inner {
    pub(super) state: Mutex<State>,
    /// Frames handed to connection writers, and frames written to sockets (all connections).
    pub(super) queued: AtomicU64,
    pub(super) written: AtomicU64,
    pub(super) changed: watch::Sender<u64>,
    pub(super) next_conn: AtomicU64,
    pub(super) next_seq: AtomicU64,
    pub(super) addr: SocketAddr,
}

impl Inner {
    pub(super) fn bump(&self) {
        self.changed.send_modify(|n| *n = n.wrapping_add(1));
    }

    pub(super) fn cfg(&self) -> GatewayConfig {
        self.state.lock().unwrap().cfg.clone()
    }

    pub(super) fn send_to(&self, conn: u64, out: Out) -> bool {
        let st = self.state.lock().unwrap();
        let sent = st.conns.get(&conn).is_some_and(|c| c.tx.send(out).is_ok());
        if sent {
            self.queued.fetch_add(1, Ordering::Relaxed);
        }
        sent
    }

    pub(super) fn send_json(&self, conn: u64, v: &Value) -> bool {
        self.send_to(conn, Out::Text(v.to_string()))
    }

    /// Send an event frame to every connection past `hello-ok`.
    pub(super) fn broadcast(&self, event: &str, payload: Value) {
        let frame = EventFrame::new(event, &payload);
        let st = self.state.lock().unwrap();
        for c in st.conns.values().filter(|c| c.authed) {
            if c.tx.send(Out::Event(Arc::clone(&frame))).is_ok() {
                self.queued.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    pub(super) fn update_run(&self, run_id: &str, f: impl FnOnce(&mut RunInfo)) {
        {
            let mut st = self.state.lock().unwrap();
            if let Some(r) = st.runs.get_mut(run_id) {
                f(r);
            }
        }
        self.bump();
    }
}

pub(super) fn mark_not_running(st: &mut State, key: &str) {
    st.running_total = st.running_total.saturating_sub(1);
    if let Some(n) = st.running_by_session.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            st.running_by_session.remove(key);
        }
    }
}

pub(super) fn push_connect(inner: &Inner, record: ConnectRecord) {
    inner.state.lock().unwrap().connects.push(record);
    inner.bump();
}

pub(super) fn record_frame(inner: &Inner, conn_id: u64, frame: &Value) {
    let mut st = inner.state.lock().unwrap();
    if st.cfg.record_frames {
        st.frames.push((conn_id, frame.clone()));
        drop(st);
        inner.bump();
    }
}

pub(super) fn has_scope(inner: &Inner, conn_id: u64, scope: &str) -> bool {
    let st = inner.state.lock().unwrap();
    st.conns.get(&conn_id).is_some_and(|c| {
        c.scopes.iter().any(|s| s == scope)
            // operator.admin implies the others, as in the real gateway.
            || c.scopes.iter().any(|s| s == "operator.admin") && scope != "operator.approvals"
    })
}
