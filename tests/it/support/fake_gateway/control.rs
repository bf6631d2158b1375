//! The public control API used by the tests: start/stop, inspection of what was recorded,
//! waits, outages (disconnect, restart, shutdown) and foreign traffic.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::{oneshot, watch};

use super::config::GatewayConfig;
use super::connection::accept_loop;
use super::records::{CloseRecord, ConnectRecord, RunInfo, RunStatus};
use super::state::{Inner, Out, State, mark_not_running};
use super::util::{now_ms, random_hex};

/// The running fake. Stopped on drop.
pub struct FakeGateway {
    pub addr: SocketAddr,
    inner: Arc<Inner>,
    handle: tokio::runtime::Handle,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeGateway {
    pub fn start(cfg: GatewayConfig) -> FakeGateway {
        let workers = cfg.worker_threads.max(1);
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("fake-gateway".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(workers)
                    .enable_all()
                    .build()
                    .expect("fake gateway runtime");
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .expect("bind fake gateway");
                    let addr = listener.local_addr().unwrap();
                    let (changed, _) = watch::channel(0u64);
                    let inner = Arc::new(Inner {
                        state: Mutex::new(State {
                            cfg,
                            conns: HashMap::new(),
                            connect_attempts: 0,
                            connects: Vec::new(),
                            closes: Vec::new(),
                            frames: Vec::new(),
                            runs: HashMap::new(),
                            run_order: Vec::new(),
                            sessions: BTreeMap::new(),
                            max_session_overlap: 0,
                            max_concurrent_runs: 0,
                            running_by_session: HashMap::new(),
                            running_total: 0,
                            accept_task: None,
                            device_tokens: HashMap::new(),
                        }),
                        changed,
                        queued: AtomicU64::new(0),
                        written: AtomicU64::new(0),
                        next_conn: AtomicU64::new(1),
                        next_seq: AtomicU64::new(1),
                        addr,
                    });
                    let task = tokio::spawn(accept_loop(listener, Arc::clone(&inner)));
                    inner.state.lock().unwrap().accept_task = Some(task);
                    ready_tx
                        .send((addr, Arc::clone(&inner), tokio::runtime::Handle::current()))
                        .unwrap();
                    let _ = stop_rx.await;
                    let task = inner.state.lock().unwrap().accept_task.take();
                    if let Some(t) = task {
                        t.abort();
                    }
                });
                rt.shutdown_timeout(Duration::from_secs(1));
            })
            .expect("spawn fake gateway thread");
        let (addr, inner, handle) = ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("fake gateway did not start");
        FakeGateway {
            addr,
            inner,
            handle,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// `ws://127.0.0.1:<port>`: the value for `OPENCLAW_GATEWAY_URL`.
    pub fn url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The runtime the fake runs on (to spawn clients next to it).
    pub fn handle(&self) -> &tokio::runtime::Handle {
        &self.handle
    }

    /// Change the configuration; affects new connections and new runs.
    pub fn configure(&self, f: impl FnOnce(&mut GatewayConfig)) {
        f(&mut self.inner.state.lock().unwrap().cfg);
        self.inner.bump();
    }

    // ----- recorded state -------------------------------------------------------------------

    /// Every `connect` attempt (also the rejected ones), in order.
    pub fn connects(&self) -> Vec<ConnectRecord> {
        self.inner.state.lock().unwrap().connects.clone()
    }

    /// Connect attempts that got `hello-ok`.
    pub fn hellos(&self) -> usize {
        self.connects()
            .iter()
            .filter(|c| c.outcome == "hello-ok")
            .count()
    }

    /// Connections that ended, and how.
    pub fn closes(&self) -> Vec<CloseRecord> {
        self.inner.state.lock().unwrap().closes.clone()
    }

    /// Open connections past `hello-ok`.
    pub fn connections(&self) -> usize {
        self.inner
            .state
            .lock()
            .unwrap()
            .conns
            .values()
            .filter(|c| c.authed)
            .count()
    }

    /// Every frame received from clients (the `connect` included), in order.
    pub fn frames(&self) -> Vec<Value> {
        self.inner
            .state
            .lock()
            .unwrap()
            .frames
            .iter()
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Request frames (`{"type":"req",...}`) of one method, in order.
    pub fn requests(&self, method: &str) -> Vec<Value> {
        self.frames()
            .into_iter()
            .filter(|f| f["type"] == "req" && f["method"] == method)
            .collect()
    }

    /// The `params` of every `agent` request, in order.
    pub fn agent_requests(&self) -> Vec<Value> {
        self.requests("agent")
            .into_iter()
            .map(|f| f["params"].clone())
            .collect()
    }

    /// Runs in start order.
    pub fn runs(&self) -> Vec<RunInfo> {
        let st = self.inner.state.lock().unwrap();
        st.run_order
            .iter()
            .filter_map(|id| st.runs.get(id).cloned())
            .collect()
    }

    pub fn run(&self, run_id: &str) -> Option<RunInfo> {
        self.inner.state.lock().unwrap().runs.get(run_id).cloned()
    }

    /// Session rows, as `sessions.list` would return them.
    pub fn sessions(&self) -> Vec<Value> {
        self.inner
            .state
            .lock()
            .unwrap()
            .sessions
            .values()
            .cloned()
            .collect()
    }

    /// Frames queued for connections but not yet written to their sockets. A growing backlog means the client reads
    /// too slowly (or the fake writes too slowly).
    pub fn outbound_backlog(&self) -> u64 {
        let q = self.inner.queued.load(Ordering::Relaxed);
        let w = self.inner.written.load(Ordering::Relaxed);
        q.saturating_sub(w)
    }

    /// Frames written to client sockets so far (all connections).
    pub fn frames_written(&self) -> u64 {
        self.inner.written.load(Ordering::Relaxed)
    }

    /// The highest number of runs seen running at once in a single session (1 when the client
    /// keeps one run per session at a time). A run stops counting at its first terminal signal
    /// (lifecycle end/error, chat final/error/aborted, final `res`), since a client may start
    /// the next run of the session right then.
    pub fn max_session_overlap(&self) -> usize {
        self.inner.state.lock().unwrap().max_session_overlap
    }

    /// The highest number of runs seen running at once overall.
    pub fn max_concurrent_runs(&self) -> usize {
        self.inner.state.lock().unwrap().max_concurrent_runs
    }

    // ----- waiting -----------------------------------------------------------------------------

    /// Wait until `pred(self)` holds, at most `timeout`. True when it held.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        mut pred: impl FnMut(&FakeGateway) -> bool,
    ) -> bool {
        let mut rx = self.inner.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            if pred(self) {
                return true;
            }
            let step = (tokio::time::Instant::now() + Duration::from_millis(50)).min(deadline);
            let _ = tokio::time::timeout_at(step, rx.changed()).await;
            if tokio::time::Instant::now() >= deadline {
                return pred(self);
            }
        }
    }

    /// Wait until at least `n` connects got `hello-ok`.
    pub async fn wait_hellos(&self, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |g| g.hellos() >= n).await
    }

    /// Wait until at least `n` connect attempts were made.
    pub async fn wait_connects(&self, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |g| g.connects().len() >= n).await
    }

    /// Wait until at least `n` requests of `method` arrived.
    pub async fn wait_requests(&self, method: &str, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |g| g.requests(method).len() >= n)
            .await
    }

    /// Wait until every run started so far has finished (and at least `n` runs exist).
    pub async fn wait_runs_finished(&self, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |g| {
            let runs = g.runs();
            runs.len() >= n && runs.iter().all(RunInfo::finished)
        })
        .await
    }

    // ----- actions -------------------------------------------------------------------------------

    /// Drop every socket abruptly (no close frame). Runs in flight go on.
    pub fn disconnect_all(&self) {
        let st = self.inner.state.lock().unwrap();
        for c in st.conns.values() {
            let _ = c.tx.send(Out::Drop);
        }
    }

    /// Close every socket with a close frame.
    pub fn close_all(&self, code: u16, reason: &str) {
        let st = self.inner.state.lock().unwrap();
        for c in st.conns.values() {
            let _ = c.tx.send(Out::Close(code, reason.to_string()));
        }
    }

    /// Broadcast `shutdown {reason:"restart", restartExpectedMs}`, then close every socket
    /// (1012 "service restart"). With `down`, connections are refused for that long (the port
    /// is closed and re-bound); without, the port keeps accepting.
    pub fn send_shutdown(&self, restart_expected_ms: u64, down: Option<Duration>) {
        let inner = Arc::clone(&self.inner);
        self.handle.spawn(async move {
            inner.broadcast(
                "shutdown",
                json!({"reason": "restart", "restartExpectedMs": restart_expected_ms}),
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
            if let Some(down) = down {
                stop_listening(&inner);
                close_everything(&inner, 1012, "service restart");
                tokio::time::sleep(down).await;
                start_listening(&inner).await;
            } else {
                close_everything(&inner, 1012, "service restart");
            }
        });
    }

    /// A restart: close every socket (1012), lose every run in flight (status [`RunStatus::Lost`],
    /// unknown to `agent.wait` afterwards), refuse connections for `down`, then accept again on
    /// the same port. Returns at once; wait with [`FakeGateway::wait_hellos`].
    pub fn restart(&self, down: Duration) {
        let inner = Arc::clone(&self.inner);
        self.handle.spawn(async move {
            stop_listening(&inner);
            close_everything(&inner, 1012, "service restart");
            {
                let mut st = inner.state.lock().unwrap();
                let lost: Vec<String> = st
                    .runs
                    .iter()
                    .filter(|(_, r)| r.status == RunStatus::Running)
                    .map(|(k, _)| k.clone())
                    .collect();
                for id in lost {
                    let Some(r) = st.runs.get_mut(&id) else {
                        continue;
                    };
                    r.status = RunStatus::Lost;
                    r.ended_at = Some(Instant::now());
                    if let Some(a) = &r.abort {
                        let _ = a.send(true);
                    }
                    let release = !r.lane_released;
                    r.lane_released = true;
                    let key = r.session_key.clone();
                    if release {
                        mark_not_running(&mut st, &key);
                    }
                }
            }
            inner.bump();
            tokio::time::sleep(down).await;
            start_listening(&inner).await;
        });
    }

    /// Stop or resume accepting TCP connections (the port is closed and re-bound).
    pub fn set_listening(&self, on: bool) {
        let inner = Arc::clone(&self.inner);
        if on {
            self.handle
                .spawn(async move { start_listening(&inner).await });
        } else {
            stop_listening(&inner);
        }
    }

    /// Another operator's run (e.g. a Telegram chat) streamed to every connection: lifecycle,
    /// assistant and chat events for a runId and session this client never started. Returns the
    /// runId. `session_key` defaults to `agent:main:telegram:dm:424242`.
    pub fn inject_foreign_run(&self, session_key: Option<&str>, text: &str) -> String {
        let n = self.inner.next_seq.fetch_add(1, Ordering::SeqCst);
        let run_id = format!("foreign-run-{n}-{}", random_hex(8));
        let session = session_key
            .unwrap_or("agent:main:telegram:dm:424242")
            .to_string();
        let inner = Arc::clone(&self.inner);
        let text = text.to_string();
        let rid = run_id.clone();
        self.handle.spawn(async move {
            let mut seq = 0u64;
            let mut ev = |stream: &str, data: Value| {
                seq += 1;
                json!({"runId": rid, "sessionKey": session, "agentId": "main", "stream": stream,
                       "data": data, "seq": seq, "ts": now_ms()})
            };
            inner.broadcast(
                "agent",
                ev("lifecycle", json!({"phase": "start", "startedAt": now_ms()})),
            );
            inner.broadcast(
                "agent",
                ev("assistant", json!({"text": text, "delta": text})),
            );
            let chat = |state: &str, seq: u64| {
                json!({"runId": rid, "sessionKey": session, "agentId": "main", "seq": seq,
                       "state": state, "deltaText": text,
                       "message": {"role": "assistant", "content": [{"type": "text", "text": text}],
                                   "timestamp": now_ms()}})
            };
            inner.broadcast("chat", chat("delta", 3));
            inner.broadcast(
                "agent",
                json!({"runId": rid, "sessionKey": session, "agentId": "main", "stream": "lifecycle",
                       "data": {"phase": "end", "endedAt": now_ms()}, "seq": 4, "ts": now_ms()}),
            );
            let mut fin = chat("final", 5);
            fin["stopReason"] = json!("stop");
            fin.as_object_mut().unwrap().remove("deltaText");
            inner.broadcast("chat", fin);
        });
        run_id
    }

    /// Broadcast any event to every connection past `hello-ok`.
    pub fn inject_event(&self, event: &str, payload: Value) {
        self.inner.broadcast(event, payload);
    }

    /// The usual background chatter: presence, health, heartbeat, sessions.changed, an
    /// approval request, a cron event.
    pub fn inject_noise(&self) {
        let b = |e: &str, p: Value| self.inner.broadcast(e, p);
        b(
            "presence",
            json!({"presence": [{"host": "other", "mode": "ui", "ts": now_ms()}]}),
        );
        b(
            "health",
            json!({"ok": true, "ts": now_ms(), "durationMs": 3}),
        );
        b("heartbeat", json!({"ts": now_ms(), "status": "ok-empty"}));
        b(
            "sessions.changed",
            json!({"sessionKey": "agent:main:telegram:dm:424242", "reason": "updated"}),
        );
        b(
            "exec.approval.requested",
            json!({"id": "appr-foreign-1", "request": {"command": "rm -rf /tmp/x"}, "createdAtMs": now_ms()}),
        );
        b("cron", json!({"jobId": "job-1", "action": "finished"}));
    }

    /// Stop the server, drop every socket. Idempotent.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for FakeGateway {
    fn drop(&mut self) {
        self.stop();
    }
}

fn stop_listening(inner: &Arc<Inner>) {
    let task = inner.state.lock().unwrap().accept_task.take();
    if let Some(t) = task {
        t.abort();
    }
}

async fn start_listening(inner: &Arc<Inner>) {
    if inner.state.lock().unwrap().accept_task.is_some() {
        return;
    }
    // The aborted accept task drops its listener asynchronously; retry the bind briefly.
    let mut listener = None;
    for _ in 0..100 {
        match tokio::net::TcpListener::bind(inner.addr).await {
            Ok(l) => {
                listener = Some(l);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    let listener = listener.expect("fake gateway could not re-bind its port");
    let task = tokio::spawn(accept_loop(listener, Arc::clone(inner)));
    inner.state.lock().unwrap().accept_task = Some(task);
    inner.bump();
}

fn close_everything(inner: &Arc<Inner>, code: u16, reason: &str) {
    let st = inner.state.lock().unwrap();
    for c in st.conns.values() {
        let _ = c.tx.send(Out::Close(code, reason.to_string()));
    }
}
