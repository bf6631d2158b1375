//! The bridge end to end: interop scenarios run against `ocw bridge run --json` with the
//! in-process fakes of `support`: a fake Gateway and a relay (cloudflare-style room by default,
//! node-style echo-to-all where the scenario needs it).
//!
//! Every test gets its own state dir (also HOME) with a `bridge.json` that points at the relay
//! and shortens every timing, the fake Gateway's URL and token in the environment, and waits for
//! the bridge's `gateway_connected` and `relay_connected` NDJSON lines before driving messages
//! through a test client in the bridge's UID room. Waits are bounded and generous; no test
//! asserts a duration tighter than a second.

mod bounds;
mod commands;
mod flow;
mod handshake;
mod input;
mod outage;
mod relay_side;
mod sessions;
mod stress;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::watch;

use crate::support::fake_gateway::{DEFAULT_TOKEN, FakeGateway, GatewayConfig};
use crate::support::relay::{Relay, RelayClient, RelayKind};

/// The bound for "this should happen soon" waits.
pub const WAIT: Duration = Duration::from_secs(20);
/// How long to wait for the bridge's readiness lines.
pub const READY: Duration = Duration::from_secs(10);
/// The UID every test's bridge uses (>= 16 characters).
pub const UID: &str = "test-uid-0123456789abcdef";

/// The shortened timings every test's bridge.json gets.
pub fn fast_tuning() -> Value {
    json!({
        "reconnect_initial_ms": 50,
        "reconnect_max_ms": 500,
        "healthy_after_ms": 2000,
        // Relaxed enough that a loaded machine does not fake a dead relay; the half-open test
        // (s25) shortens them.
        "ping_interval_ms": 500,
        "idle_timeout_ms": 3000,
        "progress_interval_ms": 20,
        "gateway_grace_ms": 1000,
        // Generous: on a loaded machine a debug build can fall seconds behind, and a run
        // without events for this long is checked and failed (tested on its own, with 1.5 s).
        "run_idle_timeout_ms": 10000,
    })
}

/// A running `ocw bridge run --json`, terminated on drop (SIGTERM, then kill).
pub struct BridgeProc {
    child: Option<Child>,
    pub pid: u32,
    events: Arc<Mutex<Vec<Value>>>,
    stdout_other: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<String>>,
    changed: watch::Sender<u64>,
}

impl BridgeProc {
    /// Spawn `ocw bridge run --json [args]` with a hermetic environment.
    pub fn spawn(state_dir: &std::path::Path, env: &[(&str, String)], args: &[&str]) -> Self {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("ocw"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", state_dir)
            .env("XDG_CONFIG_HOME", state_dir.join(".config"))
            .env("OPENCLAW_STATE_DIR", state_dir)
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "1")
            .args(["bridge", "run", "--json"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn ocw bridge run");
        let pid = child.id();
        let events = Arc::new(Mutex::new(Vec::new()));
        let stdout_other = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (changed, _) = watch::channel(0u64);

        let out = child.stdout.take().unwrap();
        let (ev, other, tx) = (
            Arc::clone(&events),
            Arc::clone(&stdout_other),
            changed.clone(),
        );
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                match serde_json::from_str::<Value>(&line) {
                    Ok(v) if v.is_object() => ev.lock().unwrap().push(v),
                    _ => other.lock().unwrap().push(line),
                }
                tx.send_modify(|n| *n += 1);
            }
            tx.send_modify(|n| *n += 1);
        });
        let mut err = child.stderr.take().unwrap();
        let (buf, tx) = (Arc::clone(&stderr), changed.clone());
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            loop {
                match err.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        buf.lock()
                            .unwrap()
                            .push_str(&String::from_utf8_lossy(&chunk[..n]));
                        tx.send_modify(|n| *n += 1);
                    }
                }
            }
        });
        BridgeProc {
            child: Some(child),
            pid,
            events,
            stdout_other,
            stderr,
            changed,
        }
    }

    /// Every status event so far.
    pub fn events(&self) -> Vec<Value> {
        self.events.lock().unwrap().clone()
    }

    /// Status events named `name`.
    pub fn events_named(&self, name: &str) -> Vec<Value> {
        self.events()
            .into_iter()
            .filter(|e| e["event"] == name)
            .collect()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Non-JSON stdout lines (there should be none with `--json`).
    pub fn stdout_other(&self) -> Vec<String> {
        self.stdout_other.lock().unwrap().clone()
    }

    /// Still running?
    pub fn alive(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Wait until `pred(events)` holds; false on timeout or when the process exited.
    pub async fn wait_events(
        &mut self,
        timeout: Duration,
        mut pred: impl FnMut(&[Value]) -> bool,
    ) -> bool {
        let mut rx = self.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            if pred(&self.events.lock().unwrap()) {
                return true;
            }
            if !self.alive() {
                return pred(&self.events.lock().unwrap());
            }
            let step = (tokio::time::Instant::now() + Duration::from_millis(100)).min(deadline);
            let _ = tokio::time::timeout_at(step, rx.changed()).await;
            if tokio::time::Instant::now() >= deadline {
                return pred(&self.events.lock().unwrap());
            }
        }
    }

    /// Wait until at least `n` events named `name` were printed; returns the `n`th. Panics with
    /// the bridge's output on timeout.
    pub async fn wait_event_n(&mut self, name: &str, n: usize, timeout: Duration) -> Value {
        let ok = self
            .wait_events(timeout, |evs| {
                evs.iter().filter(|e| e["event"] == name).count() >= n
            })
            .await;
        if !ok {
            panic!(
                "the bridge did not print event #{n} {name:?} within {timeout:?}\n{}",
                self.report()
            );
        }
        self.events_named(name)[n - 1].clone()
    }

    pub async fn wait_event(&mut self, name: &str, timeout: Duration) -> Value {
        self.wait_event_n(name, 1, timeout).await
    }

    /// The bridge's output, for failure messages.
    pub fn report(&mut self) -> String {
        let alive = self.alive();
        let status = if alive {
            "running".to_string()
        } else {
            format!(
                "exited: {:?}",
                self.child
                    .as_mut()
                    .and_then(|c| c.try_wait().ok().flatten())
            )
        };
        let events: Vec<String> = self.events().iter().map(Value::to_string).collect();
        let stderr = self.stderr();
        let tail: Vec<&str> = stderr.lines().rev().take(60).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!(
            "--- bridge ({status}) status events:\n{}\n--- other stdout:\n{}\n--- stderr (last 60 lines):\n{}",
            events.join("\n"),
            self.stdout_other().join("\n"),
            tail.join("\n")
        )
    }

    /// SIGTERM, wait (bounded) for the exit, then kill. Returns the exit code if it exited
    /// on its own after the SIGTERM.
    pub fn terminate(&mut self) -> Option<i32> {
        let mut child = self.child.take()?;
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    /// Resident memory of the bridge process in KiB (Linux), if readable.
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

impl Drop for BridgeProc {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// How to set up one scenario.
pub struct Opts {
    pub gateway: GatewayConfig,
    pub relay: RelayKind,
    /// Merged into bridge.json (after `webhook_url`, `uid` and the fast tuning).
    pub config: Value,
    /// `OPENCLAW_GATEWAY_TOKEN` for the bridge (`None`: not set).
    pub token: Option<String>,
    /// Wait for `gateway_connected` (off for scenarios where the Gateway refuses).
    pub wait_gateway: bool,
    /// More environment for the bridge (e.g. `RUST_LOG`).
    pub env: Vec<(&'static str, String)>,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            gateway: GatewayConfig::default(),
            relay: RelayKind::Room,
            config: json!({}),
            token: Some(DEFAULT_TOKEN.to_string()),
            wait_gateway: true,
            env: Vec::new(),
        }
    }
}

/// One scenario's world: fake Gateway, relay, the bridge, a test client in the bridge's room.
pub struct Setup {
    // Field order is drop order: the bridge goes first.
    pub bridge: BridgeProc,
    pub client: RelayClient,
    pub relay: Relay,
    pub gw: FakeGateway,
    pub dir: tempfile::TempDir,
}

impl Setup {
    pub async fn start(opts: Opts) -> Setup {
        let gw = FakeGateway::start(opts.gateway);
        let relay = Relay::start(opts.relay);
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = json!({
            "webhook_url": relay.ws_url(),
            "uid": UID,
            "agent_id": "main",
        });
        for (k, v) in fast_tuning().as_object().unwrap() {
            cfg[k] = v.clone();
        }
        if let Some(extra) = opts.config.as_object() {
            for (k, v) in extra {
                cfg[k] = v.clone();
            }
        }
        std::fs::write(
            dir.path().join("bridge.json"),
            serde_json::to_string_pretty(&cfg).unwrap(),
        )
        .unwrap();
        let mut env = vec![("OPENCLAW_GATEWAY_URL", gw.url())];
        if let Some(t) = opts.token {
            env.push(("OPENCLAW_GATEWAY_TOKEN", t));
        }
        env.extend(opts.env);
        let mut bridge = BridgeProc::spawn(dir.path(), &env, &[]);
        if opts.wait_gateway {
            bridge.wait_event("gateway_connected", READY).await;
        }
        bridge.wait_event("relay_connected", READY).await;
        assert!(
            relay.wait_external_connections(1, READY).await,
            "the bridge's relay socket is not open\n{}",
            bridge.report()
        );
        let mut client = relay.client(UID).await;
        if opts.relay == RelayKind::EchoAll {
            let greet = client.next_json(READY).await.expect("relay greeting");
            assert_eq!(greet["type"], "connected");
        }
        Setup {
            bridge,
            client,
            relay,
            gw,
            dir,
        }
    }

    /// The bridge's state dir (`OPENCLAW_STATE_DIR`, also its HOME).
    pub fn state_dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Start with defaults.
    pub async fn default() -> Setup {
        Setup::start(Opts::default()).await
    }

    /// Everything useful for a failure message: the bridge's output, what the fake Gateway
    /// received, what the test client received.
    pub fn report(&mut self) -> String {
        let connects: Vec<String> = self
            .gw
            .connects()
            .iter()
            .map(|c| format!("{} protocol={:?}", c.outcome, c.protocol))
            .collect();
        let gw_frames: Vec<String> = self
            .gw
            .frames()
            .iter()
            .filter(|f| f["method"] != "connect")
            .map(|f| truncate(&f.to_string(), 400))
            .collect();
        let got: Vec<String> = self
            .client
            .received()
            .iter()
            .map(|f| truncate(&f.to_string(), 300))
            .collect();
        format!(
            "{}\n--- fake gateway connects: {connects:?}\n--- fake gateway received (connect omitted):\n{}\n--- test client received:\n{}",
            self.bridge.report(),
            gw_frames.join("\n"),
            got.join("\n")
        )
    }

    /// Send a user message.
    pub fn send(&self, msg: Value) {
        self.client.send_json(&msg);
    }

    /// Frames for `reply_to` up to and including its terminal frame (`complete`/`error`).
    /// Panics with the full report when none arrives within [`WAIT`].
    pub async fn until_terminal(&mut self, reply_to: &str) -> Vec<Value> {
        let ok = self
            .client
            .wait_log(WAIT, |log| {
                log.iter()
                    .any(|f| is_terminal(f) && f["replyTo"] == reply_to)
            })
            .await;
        if !ok {
            panic!(
                "no complete/error frame with replyTo {reply_to:?} within {WAIT:?}\n{}",
                self.report()
            );
        }
        frames_for(&self.client.received(), reply_to)
    }

    /// Send `{"id": id, "content": content}` and return the frames for it up to its terminal.
    pub async fn exchange(&mut self, id: &str, content: &str) -> Vec<Value> {
        self.send(json!({"id": id, "content": content}));
        self.until_terminal(id).await
    }

    /// The terminal frame for `reply_to` (after [`Setup::until_terminal`]).
    pub fn terminal_of(&self, reply_to: &str) -> Value {
        frames_for(&self.client.received(), reply_to)
            .into_iter()
            .find(is_terminal)
            .expect("terminal frame")
    }

    /// Let frames settle: wait until nothing arrived for `quiet` (bounded by [`WAIT`]).
    pub async fn settle(&mut self, quiet: Duration) {
        let _ = self.client.drain(quiet, WAIT).await;
    }
}

/// Frames the bridge wrote for the message `id`, in order.
pub fn frames_for(log: &[Value], id: &str) -> Vec<Value> {
    log.iter()
        .filter(|f| f["replyTo"] == id && f.get("type").is_some())
        .cloned()
        .collect()
}

pub fn is_terminal(f: &Value) -> bool {
    f["type"] == "complete" || f["type"] == "error"
}

pub fn terminals_for(log: &[Value], id: &str) -> Vec<Value> {
    frames_for(log, id)
        .into_iter()
        .filter(is_terminal)
        .collect()
}

/// `ocw-<first 32 hex of sha256("<uid>:<id>")>`, the idempotency key of the contract.
pub fn idempotency_key(uid: &str, id: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{uid}:{id}").as_bytes());
    format!("ocw-{}", &hex::encode(digest)[..32])
}

pub fn truncate(s: &str, n: usize) -> String {
    if s.len() <= n {
        return s.to_string();
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}
