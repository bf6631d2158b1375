//! `ocw bridge run` against the real OpenClaw Gateway, started by tests/gateway/ with a fake model.
//!
//! Opt-in: run `tests/gateway/install.sh` once (about 850 MB of downloads, cached), then
//! `OCW_REAL_GATEWAY=1 cargo test --test it real_gateway -- --nocapture`. Without the variable
//! the test prints how to enable it and passes; with it, a missing install or a Gateway that does
//! not start is a failure, not a skip. `.ci/run` turns it on.
//!
//! One Gateway (`tests/gateway/gateway.sh`, with `fake_model.py` as the model, which answers
//! `echo: <text>`) serves the whole test, on OS-chosen loopback ports. The bridge runs as a child
//! process between that Gateway and an in-process Room relay, where a test client plays the user:
//!
//! 1. `per-sender` scope, Gateway found through `OPENCLAW_GATEWAY_URL`/`_TOKEN`: peer-routed and
//!    id-keyed messages get streamed `progress` and one `complete`; `session.reset` and
//!    `session.delete` are checked on the Gateway itself with a raw client of our own.
//! 2. `global` scope, Gateway found through a JSON5 `openclaw.json`: two senders share one
//!    session and are answered in order.
//! 3. `explicit` scope: the `session` field and peer routing work, a message with neither gets an
//!    `error` frame; then the Gateway is stopped and started again on the same port, and the
//!    bridge reconnects by itself and answers a message sent while the Gateway was down, and the
//!    next one.
//! 4. `device_auth=always`: the bridge signs its `connect` with its device identity and a message
//!    completes. A local `gateway-client`/`backend` client is not paired by 2026.9.6
//!    (`shouldSkipLocalBackendSelfPairing`), so no device token comes back yet; a raw client then
//!    checks the Gateway verifies backend signatures (a tampered one is refused) and pairs the
//!    same identity as `cli`/`cli` (auto-approved on loopback). The next bridge run gets a
//!    `deviceToken` in `hello-ok` and saves it (0600), and a run without the shared token logs in
//!    with that device token and completes a message.
//!
//! Between 1 and 2, the Gateway's HTTP webhook surfaces (gateway.sh turns them on: hooks, the
//! webhooks plugin's route `ocw`, cron with loopback webhook targets allowed), each driven by the
//! `ocw` binary with the Gateway's own openclaw.json for discovery: `hook agent` gets a run id,
//! the same idempotency key replays the same run, `--wait` gives the completion, a wrong token
//! gives the 401 sentence, `hook wake` is queued, a mapped hook (`hook post`) is queued and an
//! unknown one gives the 404 sentence; `taskflow` create_flow, get_flow and
//! finish_flow round-trip, a stale revision gives the 409 sentence; and a cron job created over
//! the Gateway WebSocket (`cron.add`, webhook delivery) and run with `cron.run` (`force`)
//! reaches an `ocw listen --token` on loopback with that token and is shown as a cron delivery.

use std::collections::VecDeque;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use crate::support::relay::{Relay, RelayKind};

const ENABLE_VAR: &str = "OCW_REAL_GATEWAY";
/// gateway.sh gives up after 180 s without hello-ok; this only bounds the script itself.
const GATEWAY_START: Duration = Duration::from_secs(200);
/// The first turn after a Gateway start bootstraps the workspace and SQLite (5-25 s measured).
const FIRST_TURN: Duration = Duration::from_secs(60);
const TURN: Duration = Duration::from_secs(30);
/// Bridge start to `gateway_connected`/`relay_connected`.
const CONNECT: Duration = Duration::from_secs(30);
/// A control answer, or a change becoming visible on the Gateway.
const CONTROL: Duration = Duration::from_secs(15);
/// How long to keep listening after the last answer, for duplicates.
const SETTLE: Duration = Duration::from_millis(1500);

const AGENT: &str = "main";

#[test]
fn bridge_against_the_real_gateway() {
    if std::env::var(ENABLE_VAR).as_deref() != Ok("1") {
        note(&format!(
            "skipped: set {ENABLE_VAR}=1 to run the bridge against a real OpenClaw Gateway \
             (install it once with tests/gateway/install.sh, about 850 MB)"
        ));
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let started = Instant::now();
        let mut world = match World::start().await {
            Ok(world) => world,
            Err(e) => panic!("{e}"),
        };
        let result = world.scenario().await;
        if let Err(e) = result {
            let report = world.report();
            world.gateway.keep = true;
            panic!("{e}\n\n{report}");
        }
        let total = started.elapsed();
        note(&format!(
            "passed in {:.1} s ({})",
            total.as_secs_f64(),
            world
                .timings
                .iter()
                .map(|(what, d)| format!("{what} {:.1} s", d.as_secs_f64()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    });
}

/// A line on the real stderr, visible even when libtest captures the test's output.
fn note(msg: &str) {
    let _ = writeln!(std::io::stderr(), "real_gateway: {msg}");
}

/// A loopback port nothing listens on right now (bound, read, released).
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<_> = (0..N)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0"))
        .collect();
    std::array::from_fn(|i| listeners[i].local_addr().unwrap().port())
}

fn random_hex(len: usize) -> String {
    (0..len).map(|_| fastrand::digit(16)).collect()
}

fn tail(path: &Path, lines: usize) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("({} does not exist)", path.display())
        }
        Err(e) => format!("({}: {e})", path.display()),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 220 {
        format!("{}…", s.chars().take(220).collect::<String>())
    } else {
        s
    }
}

// ---------------------------------------------------------------------------------------------
// The Gateway, through tests/gateway/gateway.sh

struct Gateway {
    script: PathBuf,
    run: String,
    port: u16,
    model_port: u16,
    token: String,
    /// hooks.token, the webhooks plugin route `ocw`'s secret, cron.webhookToken.
    hooks_token: String,
    plugin_secret: String,
    cron_token: String,
    run_dir: Option<PathBuf>,
    /// Keep the run dir (state and logs) when stopping: set when the test failed.
    keep: bool,
}

impl Gateway {
    fn new() -> Gateway {
        let [port, model_port] = free_ports::<2>();
        Gateway {
            script: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gateway/gateway.sh"),
            run: format!("it-{}-{port}", std::process::id()),
            port,
            model_port,
            token: format!("ocw-it-{}", random_hex(24)),
            hooks_token: format!("ocw-hooks-{}", random_hex(24)),
            plugin_secret: format!("ocw-route-{}", random_hex(24)),
            cron_token: format!("ocw-cron-{}", random_hex(24)),
            run_dir: None,
            keep: false,
        }
    }

    fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }

    fn command(&self, action: &str) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(&self.script);
        cmd.arg(action)
            .args(["--run", &self.run])
            .stdin(Stdio::null())
            .kill_on_drop(true);
        cmd
    }

    /// Start (or start again, same port and state) and wait for hello-ok. Returns how long it took.
    async fn start(&mut self) -> Result<Duration, String> {
        let t = Instant::now();
        let mut cmd = self.command("start");
        cmd.args(["--port", &self.port.to_string()])
            .args(["--model-port", &self.model_port.to_string()])
            .args(["--token", &self.token])
            .args(["--hooks-token", &self.hooks_token])
            .args(["--plugin-secret", &self.plugin_secret])
            .args(["--cron-token", &self.cron_token])
            // If this test process dies before its cleanup runs, the gateway stops anyway.
            .args(["--watch", &std::process::id().to_string()]);
        let out = tokio::time::timeout(GATEWAY_START, cmd.output())
            .await
            .map_err(|_| format!("gateway.sh start did not return within {GATEWAY_START:?}"))?
            .map_err(|e| format!("could not run {}: {e}", self.script.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return Err(format!(
                "the real OpenClaw Gateway did not start ({}; {ENABLE_VAR}=1 makes this a \
                 failure, not a skip):\n{stderr}{stdout}",
                out.status
            ));
        }
        self.run_dir = stdout
            .lines()
            .find_map(|l| l.strip_prefix("OCW_GATEWAY_RUN_DIR="))
            .map(PathBuf::from);
        if let Some(first) = stdout.lines().next() {
            note(first);
        }
        Ok(t.elapsed())
    }

    /// Stop the Gateway only; the fake model and the state stay for the next `start`.
    async fn stop_gateway(&self) -> Result<(), String> {
        let mut cmd = self.command("stop");
        cmd.arg("--gateway-only");
        let out = tokio::time::timeout(Duration::from_secs(30), cmd.output())
            .await
            .map_err(|_| "gateway.sh stop did not return within 30 s".to_string())?
            .map_err(|e| format!("could not run {}: {e}", self.script.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "gateway.sh stop failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn log_tail(&self, file: &str, lines: usize) -> String {
        match &self.run_dir {
            Some(dir) => tail(&dir.join(file), lines),
            None => "(no run dir)".into(),
        }
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let keep = self.keep || std::thread::panicking();
        let mut cmd = std::process::Command::new(&self.script);
        cmd.args(["stop", "--run", &self.run]).stdin(Stdio::null());
        if !keep {
            cmd.arg("--clean");
        }
        match cmd.output() {
            Ok(out) if out.status.success() => {}
            Ok(out) => note(&format!(
                "gateway.sh stop failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )),
            Err(e) => note(&format!("could not run gateway.sh stop: {e}")),
        }
        if keep && let Some(dir) = &self.run_dir {
            note(&format!(
                "the Gateway's state and logs are kept in {}",
                dir.display()
            ));
        }
    }
}

/// One request on a fresh connection of our own to the Gateway (client `gateway-client`, mode
/// `backend`, the shared token: the identity that keeps its scopes on loopback).
async fn gateway_call(gw: &Gateway, method: &str, params: Value) -> Result<Value, String> {
    let what = format!("probe {method} on {}", gw.url());
    tokio::time::timeout(Duration::from_secs(15), async {
        let (mut ws, _) = tokio_tungstenite::connect_async(gw.url())
            .await
            .map_err(|e| format!("{what}: connect: {e}"))?;
        let challenge = next_frame(&mut ws, &what).await?;
        if challenge["event"] != "connect.challenge" {
            return Err(format!(
                "{what}: expected connect.challenge, got {}",
                short(&challenge)
            ));
        }
        let connect = json!({
            "type": "req",
            "id": "probe-connect",
            "method": "connect",
            "params": {
                "minProtocol": 3,
                "maxProtocol": 4,
                "client": {
                    "id": "gateway-client",
                    "mode": "backend",
                    "version": env!("CARGO_PKG_VERSION"),
                    "platform": std::env::consts::OS,
                },
                "role": "operator",
                "scopes": ["operator.read", "operator.write", "operator.admin"],
                "caps": [],
                "auth": {"token": gw.token},
                "locale": "en-US",
                "userAgent": "ocw-it-probe",
            },
        });
        let call = json!({"type": "req", "id": "probe-call", "method": method, "params": params});
        for (req, id) in [(connect, "probe-connect"), (call, "probe-call")] {
            ws.send(Message::text(req.to_string()))
                .await
                .map_err(|e| format!("{what}: send: {e}"))?;
            loop {
                let frame = next_frame(&mut ws, &what).await?;
                if frame["type"] != "res" || frame["id"] != id {
                    continue; // events are broadcast to every operator
                }
                if frame["ok"] != true {
                    return Err(format!("{what}: {id} failed: {}", short(&frame["error"])));
                }
                if id == "probe-call" {
                    let _ = ws.close(None).await;
                    return Ok(frame["payload"].clone());
                }
                break;
            }
        }
        unreachable!("the loop returns on the call's response")
    })
    .await
    .map_err(|_| format!("{what}: no answer within 15 s"))?
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn next_frame(ws: &mut Ws, what: &str) -> Result<Value, String> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => {
                return serde_json::from_str(t.as_str())
                    .map_err(|e| format!("{what}: non-JSON frame: {e}"));
            }
            Some(Ok(Message::Close(c))) => return Err(format!("{what}: closed: {c:?}")),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("{what}: {e}")),
            None => return Err(format!("{what}: socket ended")),
        }
    }
}

/// The Gateway's session row for `key`, if it has one.
async fn gateway_session(gw: &Gateway, key: &str) -> Result<Option<Value>, String> {
    let list = gateway_call(gw, "sessions.list", json!({"limit": 500})).await?;
    Ok(list["sessions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["key"] == key)
        .cloned())
}

/// The text of the user messages in the Gateway's transcript of `key`.
async fn gateway_user_texts(gw: &Gateway, key: &str) -> Result<Vec<String>, String> {
    let history =
        gateway_call(gw, "chat.history", json!({"sessionKey": key, "limit": 100})).await?;
    Ok(history["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["role"] == "user")
        .map(|m| match &m["content"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect())
}

/// Poll `check` (a Gateway query returning whether it holds, and what it saw) until it holds,
/// at most `timeout`.
async fn eventually<F, Fut>(timeout: Duration, what: &str, mut check: F) -> Result<(), String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(bool, String), String>>,
{
    let deadline = Instant::now() + timeout;
    let mut last = String::new();
    while Instant::now() < deadline {
        let (done, state) = check().await?;
        if done {
            return Ok(());
        }
        last = state;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    Err(format!(
        "{what}: still not true after {timeout:?}; last seen: {last}"
    ))
}

/// The `device_id` of a `gateway_connected` event (device_auth=always).
fn connected_device(hello: &Value) -> Result<String, String> {
    hello["device_id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "device_auth=always, but gateway_connected names no device: {}",
                short(hello)
            )
        })
}

/// The identity file is readable by its owner only.
fn check_private(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o777 != 0o600 {
            return Err(format!(
                "{} has mode {:o}, not 600",
                path.display(),
                mode & 0o777
            ));
        }
    }
    let _ = path;
    Ok(())
}

/// A `connect` of our own signed with `identity` (client `client_id`/`mode`, the shared token);
/// `tamper` spoils the signature. Returns the connect `res` frame.
async fn device_connect(
    gw: &Gateway,
    identity: &ocw::bridge::device::Identity,
    client_id: &str,
    mode: &str,
    tamper: bool,
) -> Result<Value, String> {
    let what = format!("device connect as {client_id}/{mode} to {}", gw.url());
    tokio::time::timeout(Duration::from_secs(15), async {
        let (mut ws, _) = tokio_tungstenite::connect_async(gw.url())
            .await
            .map_err(|e| format!("{what}: connect: {e}"))?;
        let challenge = next_frame(&mut ws, &what).await?;
        let (Some(nonce), Some(ts)) = (
            challenge["payload"]["nonce"].as_str(),
            challenge["payload"]["ts"].as_u64(),
        ) else {
            return Err(format!(
                "{what}: expected connect.challenge, got {}",
                short(&challenge)
            ));
        };
        let mut params = json!({
            "minProtocol": 4,
            "maxProtocol": 4,
            "client": {"id": client_id, "mode": mode, "version": env!("CARGO_PKG_VERSION"),
                       "platform": std::env::consts::OS},
            "role": "operator",
            "scopes": ["operator.read", "operator.write", "operator.admin", "operator.approvals"],
            "caps": [],
            "auth": {"token": gw.token},
            "locale": "en-US",
            "userAgent": "ocw-it-probe",
        });
        params["device"] = identity
            .sign_connect(&params, nonce, ts)
            .ok_or_else(|| format!("{what}: cannot sign"))?;
        if tamper {
            params["scopes"] = json!(["operator.read"]);
        }
        let req =
            json!({"type": "req", "id": "probe-connect", "method": "connect", "params": params});
        ws.send(Message::text(req.to_string()))
            .await
            .map_err(|e| format!("{what}: send: {e}"))?;
        loop {
            let frame = next_frame(&mut ws, &what).await?;
            if frame["type"] == "res" && frame["id"] == "probe-connect" {
                let _ = ws.close(None).await;
                return Ok(frame);
            }
        }
    })
    .await
    .map_err(|_| format!("{what}: no answer within 15 s"))?
}

// ---------------------------------------------------------------------------------------------
// The bridge under test: `ocw bridge run --json`, status events read from its stdout

struct Bridge {
    label: String,
    child: tokio::process::Child,
    events: Vec<Value>,
    /// `matched[i]`: `events[i]` was already returned by [`Bridge::event`].
    matched: Vec<bool>,
    rx: mpsc::UnboundedReceiver<Value>,
    stderr: Arc<Mutex<VecDeque<String>>>,
}

impl Bridge {
    fn spawn(
        label: &str,
        home: &Path,
        state: &Path,
        env: &[(&str, String)],
    ) -> Result<Bridge, String> {
        let mut cmd = tokio::process::Command::new(assert_cmd::cargo::cargo_bin!("ocw"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("NO_COLOR", "1")
            .env("OPENCLAW_STATE_DIR", state)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .args(["bridge", "run", "--json"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("could not start ocw bridge run: {e}"))?;
        let (tx, rx) = mpsc::unbounded_channel();
        let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        tokio::spawn(async move {
            while let Ok(Some(line)) = stdout.next_line().await {
                let event = serde_json::from_str::<Value>(&line)
                    .unwrap_or_else(|_| json!({"event": "<not JSON>", "line": line}));
                let _ = tx.send(event);
            }
        });
        let stderr = Arc::new(Mutex::new(VecDeque::new()));
        let sink = Arc::clone(&stderr);
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                let mut buf = sink.lock().unwrap();
                if buf.len() == 60 {
                    buf.pop_front();
                }
                buf.push_back(line);
            }
        });
        Ok(Bridge {
            label: label.to_string(),
            child,
            events: Vec::new(),
            matched: Vec::new(),
            rx,
            stderr,
        })
    }

    /// The first status event named `name` not returned before (events of different names may
    /// come in any order).
    async fn event(&mut self, name: &str, timeout: Duration) -> Result<Value, String> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            while let Ok(v) = self.rx.try_recv() {
                self.events.push(v);
            }
            self.matched.resize(self.events.len(), false);
            if let Some(i) = (0..self.events.len())
                .find(|&i| !self.matched[i] && self.events[i]["event"] == name)
            {
                self.matched[i] = true;
                return Ok(self.events[i].clone());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "the {} bridge exited ({status}) before reporting `{name}`",
                    self.label
                ));
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(format!(
                    "the {} bridge did not report `{name}` within {timeout:?}",
                    self.label
                ));
            }
            let step = (tokio::time::Instant::now() + Duration::from_millis(250)).min(deadline);
            if let Ok(Some(v)) = tokio::time::timeout_at(step, self.rx.recv()).await {
                self.events.push(v);
            }
        }
    }

    /// SIGTERM, then expect the `stopped` event and exit status 0.
    async fn stop(mut self) -> Result<(), String> {
        let pid = self.child.id().ok_or("the bridge already exited")?;
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
        let status = match tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await {
            Ok(Ok(status)) => status,
            Ok(Err(e)) => return Err(format!("waiting for the bridge: {e}")),
            Err(_) => {
                return Err(format!(
                    "the {} bridge did not exit within 10 s of SIGTERM\n{}",
                    self.label,
                    self.report()
                ));
            }
        };
        // Read what is left on stdout (it ends with the process).
        while let Ok(Some(v)) = tokio::time::timeout(Duration::from_secs(2), self.rx.recv()).await {
            self.events.push(v);
        }
        if !status.success() || !self.events.iter().any(|e| e["event"] == "stopped") {
            return Err(format!(
                "the {} bridge should report `stopped` and exit 0 on SIGTERM; it exited {status}\n{}",
                self.label,
                self.report()
            ));
        }
        Ok(())
    }

    /// The last lines the bridge wrote to stderr.
    fn stderr_tail(&self) -> String {
        let lines: Vec<String> = self.stderr.lock().unwrap().iter().cloned().collect();
        lines.join("\n")
    }

    fn report(&self) -> String {
        let events: Vec<String> = self.events.iter().map(short).collect();
        let stderr: Vec<String> = self.stderr.lock().unwrap().iter().cloned().collect();
        format!(
            "--- {} bridge: status events (stdout) ---\n{}\n--- {} bridge: stderr (last lines) ---\n{}",
            self.label,
            events.join("\n"),
            self.label,
            stderr.join("\n")
        )
    }
}

// ---------------------------------------------------------------------------------------------
// The user's side: a test client in the bridge's relay room

struct Frames {
    client: crate::support::relay::RelayClient,
    /// Every JSON frame the client received, in order.
    all: Vec<Value>,
}

fn reply_to(frame: &Value) -> Option<String> {
    match &frame["replyTo"] {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn is_terminal(frame: &Value) -> bool {
    frame["type"] == "complete" || frame["type"] == "error"
}

impl Frames {
    fn send(&self, msg: &Value) {
        self.client.send_json(msg);
    }

    /// The first frame (already received or still to come) for which `pred` holds.
    async fn wait_for(
        &mut self,
        timeout: Duration,
        what: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Result<Value, String> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(v) = self.all.iter().find(|v| pred(v)) {
                return Ok(v.clone());
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() || self.client.is_closed() {
                let why = if self.client.is_closed() {
                    "the relay client's socket closed".to_string()
                } else {
                    format!("nothing within {timeout:?}")
                };
                return Err(format!(
                    "expected {what}: {why}. Frames the relay client received:\n{}",
                    self.dump()
                ));
            }
            if let Some(v) = self.client.next_json(left).await {
                self.all.push(v);
            }
        }
    }

    /// Keep receiving until nothing arrived for `quiet` (so duplicates would show up).
    async fn settle(&mut self, quiet: Duration) {
        while let Some(v) = self.client.next_json(quiet).await {
            self.all.push(v);
        }
    }

    fn of(&self, id: &str) -> Vec<&Value> {
        self.all
            .iter()
            .filter(|f| reply_to(f).as_deref() == Some(id))
            .collect()
    }

    fn dump(&self) -> String {
        let from = self.all.len().saturating_sub(40);
        let lines: Vec<String> = self.all[from..].iter().map(short).collect();
        if lines.is_empty() {
            "(none)".into()
        } else {
            lines.join("\n")
        }
    }

    /// Send a user message and check its answer: cumulative `progress` frames, then one
    /// `complete` with `echo: <content>`, all with the same non-empty `session` (equal to
    /// `want_session` when given). Returns that session key.
    async fn turn(
        &mut self,
        msg: Value,
        timeout: Duration,
        want_session: Option<&str>,
    ) -> Result<String, String> {
        let id = msg["id"]
            .as_str()
            .expect("test messages have string ids")
            .to_string();
        let content = msg["content"].as_str().expect("content").to_string();
        self.send(&msg);
        self.wait_for(
            timeout,
            &format!("a complete/error frame with replyTo {id:?}"),
            |f| is_terminal(f) && reply_to(f).as_deref() == Some(&id),
        )
        .await?;
        self.check_answer(&id, &format!("echo: {content}"), want_session)
    }

    fn check_answer(
        &self,
        id: &str,
        want: &str,
        want_session: Option<&str>,
    ) -> Result<String, String> {
        let frames = self.of(id);
        let listing = || {
            frames
                .iter()
                .map(|f| short(f))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let fail = |msg: String| Err(format!("message {id:?}: {msg}\nits frames:\n{}", listing()));
        let mut progress: Vec<&str> = Vec::new();
        let mut terminal: Option<&Value> = None;
        for f in &frames {
            match f["type"].as_str() {
                Some("progress") if terminal.is_none() => {
                    progress.push(f["content"].as_str().unwrap_or_default())
                }
                Some("progress") => {
                    return fail("a progress frame after the terminal frame".into());
                }
                Some("complete" | "error") if terminal.is_some() => {
                    return fail("more than one complete/error frame".into());
                }
                Some("complete" | "error") => terminal = Some(f),
                _ => return fail(format!("unexpected frame {}", short(f))),
            }
        }
        let Some(terminal) = terminal else {
            return fail("no complete/error frame".into());
        };
        if terminal["type"] != "complete" || terminal["content"] != want {
            return fail(format!(
                "expected a complete frame with content {want:?}, got {}",
                short(terminal)
            ));
        }
        let session = terminal["session"].as_str().unwrap_or_default();
        if session.is_empty() {
            return fail("the complete frame has no session".into());
        }
        if let Some(expected) = want_session
            && session != expected
        {
            return fail(format!("expected session {expected:?}, got {session:?}"));
        }
        if frames.iter().any(|f| f["session"] != session) {
            return fail(format!("not every frame has session {session:?}"));
        }
        if progress.is_empty() {
            return fail(
                "no progress frame before the complete frame (the reply streams for ~0.4 s)".into(),
            );
        }
        for pair in progress.windows(2) {
            if !pair[1].starts_with(pair[0]) {
                return fail(format!(
                    "progress is not cumulative: {:?} then {:?}",
                    pair[0], pair[1]
                ));
            }
        }
        if !want.starts_with(progress[progress.len() - 1]) {
            return fail("the last progress is not a prefix of the complete text".into());
        }
        Ok(session.to_string())
    }

    /// After [`Frames::settle`]: every id got exactly one complete-or-error frame.
    fn check_one_terminal_each(&self, ids: &[&str]) -> Result<(), String> {
        for id in ids {
            let n = self.of(id).into_iter().filter(|f| is_terminal(f)).count();
            if n != 1 {
                return Err(format!(
                    "message {id:?} got {n} complete/error frames, expected exactly one. Frames:\n{}",
                    self.dump()
                ));
            }
        }
        Ok(())
    }

    /// Send a control request and return its answer's `data` (checked: no `error`, `requestId`
    /// echoed).
    async fn control(&mut self, op: &str, key: &str, request_id: &str) -> Result<Value, String> {
        let kind = format!("session.{op}");
        self.send(&json!({"type": kind, "key": key, "id": request_id}));
        let answer = self
            .wait_for(
                CONTROL,
                &format!("a {kind} answer with requestId {request_id:?}"),
                |f| f["type"] == kind.as_str() && f["data"]["requestId"] == request_id,
            )
            .await?;
        let data = &answer["data"];
        if data.get("error").is_some() || data["success"] == false {
            return Err(format!(
                "{kind} {key:?} was answered with an error: {}",
                short(&answer)
            ));
        }
        Ok(data.clone())
    }
}

// ---------------------------------------------------------------------------------------------
// The scenario

struct World {
    // Dropped in this order: the bridge before the relay, the Gateway last.
    bridge: Option<Bridge>,
    frames: Frames,
    relay: Relay,
    /// HOME and OPENCLAW_STATE_DIR of the bridge (bridge.json, openclaw.json).
    dir: tempfile::TempDir,
    uid: String,
    timings: Vec<(String, Duration)>,
    gateway: Gateway,
}

impl World {
    async fn start() -> Result<World, String> {
        let mut gateway = Gateway::new();
        let took = match gateway.start().await {
            Ok(took) => took,
            Err(e) => {
                gateway.keep = true;
                return Err(e);
            }
        };
        let relay = Relay::start(RelayKind::Room);
        let uid = format!("ocw-it-{}", random_hex(16));
        let client = relay.client(&uid).await;
        let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
        std::fs::create_dir_all(dir.path().join("state")).map_err(|e| e.to_string())?;
        Ok(World {
            bridge: None,
            frames: Frames {
                client,
                all: Vec::new(),
            },
            relay,
            dir,
            uid,
            timings: vec![("gateway start".into(), took)],
            gateway,
        })
    }

    fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    /// Write bridge.json for `scope` and start `ocw bridge run --json`; the Gateway is found
    /// through the env (`via_env`) or through a JSON5 openclaw.json in the state dir.
    async fn start_bridge(&mut self, scope: &str, via_env: bool) -> Result<Value, String> {
        self.start_bridge_with(scope, via_env, json!({}), true)
            .await
    }

    /// [`World::start_bridge`] with more bridge.json keys, and with or without the shared token
    /// in the env (`via_env` only); returns the `gateway_connected` event.
    async fn start_bridge_with(
        &mut self,
        scope: &str,
        via_env: bool,
        extra: Value,
        with_token: bool,
    ) -> Result<Value, String> {
        let state = self.state_dir();
        let mut config = json!({
            "webhook_url": self.relay.ws_url(),
            "uid": self.uid,
            "agent_id": AGENT,
            "session_scope": scope,
            "tuning": {"reconnect_initial_ms": 200, "reconnect_max_ms": 2000},
        });
        if let Some(extra) = extra.as_object() {
            for (k, v) in extra {
                config[k] = v.clone();
            }
        }
        std::fs::write(state.join("bridge.json"), format!("{config:#}\n"))
            .map_err(|e| e.to_string())?;
        let openclaw_json = state.join("openclaw.json");
        let mut env = Vec::new();
        if via_env {
            let _ = std::fs::remove_file(&openclaw_json);
            env.push(("OPENCLAW_GATEWAY_URL", self.gateway.url()));
            if with_token {
                env.push(("OPENCLAW_GATEWAY_TOKEN", self.gateway.token.clone()));
            }
        } else {
            let json5 = format!(
                "// written by tests/it/real_gateway.rs\n{{\n  gateway: {{\n    port: {},\n    \
                 auth: {{ mode: 'token', token: \"{}\" }},\n  }},\n}}\n",
                self.gateway.port, self.gateway.token
            );
            std::fs::write(&openclaw_json, json5).map_err(|e| e.to_string())?;
        }
        let label = format!(
            "{scope} ({})",
            if via_env { "env" } else { "openclaw.json" }
        );
        let accepted_before = self.relay.external_accepted();
        let t = Instant::now();
        let mut bridge = Bridge::spawn(&label, self.dir.path(), &state, &env)?;
        let result = async {
            let hello = bridge.event("gateway_connected", CONNECT).await?;
            if hello["protocol"] != 4
                || !hello["scopes"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|x| x == "operator.write"))
            {
                return Err(format!(
                    "unexpected gateway_connected event: {}",
                    short(&hello)
                ));
            }
            bridge.event("relay_connected", CONNECT).await?;
            Ok(hello)
        }
        .await;
        self.bridge = Some(bridge);
        let hello = result?;
        self.timings
            .push((format!("bridge {label} start to connected"), t.elapsed()));
        // The bridge may see its socket open a moment before the relay has registered it (and
        // a message sent before that would reach nobody).
        if !self
            .relay
            .wait_until(CONNECT, |r| r.external_accepted() > accepted_before)
            .await
        {
            return Err("the relay never registered the bridge's connection".into());
        }
        Ok(hello)
    }

    async fn stop_bridge(&mut self) -> Result<(), String> {
        match self.bridge.take() {
            Some(bridge) => bridge.stop().await,
            None => Ok(()),
        }
    }

    fn bridge(&mut self) -> &mut Bridge {
        self.bridge.as_mut().expect("a bridge is running")
    }

    fn timed(&mut self, what: &str, since: Instant) {
        self.timings.push((what.to_string(), since.elapsed()));
    }

    async fn scenario(&mut self) -> Result<(), String> {
        self.per_sender().await?;
        self.webhook_surfaces().await?;
        self.global().await?;
        self.explicit_and_gateway_restart().await?;
        self.device_identity().await?;
        Ok(())
    }

    async fn device_identity(&mut self) -> Result<(), String> {
        use ocw::bridge::device::Identity;
        let path = self.state_dir().join("bridge-identity.json");
        let read_identity = |path: &Path| -> Result<Identity, String> {
            Identity::load(path)
                .map_err(|e| format!("{e:#}"))?
                .ok_or_else(|| format!("{} was not created", path.display()))
        };
        let always = || json!({"device_auth": "always"});

        // 1. A signed connect with the shared token.
        let t = Instant::now();
        let hello = self
            .start_bridge_with("per-sender", true, always(), true)
            .await?;
        let device_id = connected_device(&hello)?;
        self.frames
            .turn(
                json!({"id": "dev-1", "content": "device one: signed in with a device identity",
                       "peerKind": "dm", "peerId": "device"}),
                TURN,
                Some("agent:main:webhook:dm:device"),
            )
            .await?;
        self.stop_bridge().await?;
        let identity = read_identity(&path)?;
        if identity.device_id() != device_id {
            return Err(format!(
                "{} holds device {} but the bridge connected as {device_id}",
                path.display(),
                identity.device_id()
            ));
        }
        check_private(&path)?;

        // 2. The Gateway verifies the signature of a backend device (so the bridge's was
        //    checked), and pairs the identity as cli/cli.
        let refused =
            device_connect(&self.gateway, &identity, "gateway-client", "backend", true).await?;
        if refused["error"]["details"]["code"] != "DEVICE_AUTH_SIGNATURE_INVALID" {
            return Err(format!(
                "a tampered device signature was not refused: {}",
                short(&refused)
            ));
        }
        let paired = device_connect(&self.gateway, &identity, "cli", "cli", false).await?;
        if paired["ok"] != true {
            return Err(format!(
                "pairing the bridge's device as cli/cli failed: {}",
                short(&paired)
            ));
        }

        // 3. Paired: the bridge gets a device token and saves it.
        self.start_bridge_with("per-sender", true, always(), true)
            .await?;
        self.stop_bridge().await?;
        let Some(device_token) = read_identity(&path)?.device_token().cloned() else {
            return Err(format!(
                "the Gateway's hello-ok.auth.deviceToken was not saved in {}",
                path.display()
            ));
        };
        check_private(&path)?;

        // 4. No shared token: the stored device token logs the bridge in.
        let hello = self
            .start_bridge_with("per-sender", true, always(), false)
            .await?;
        if connected_device(&hello)? != device_id {
            return Err(format!("the bridge changed its device: {}", short(&hello)));
        }
        self.frames
            .turn(
                json!({"id": "dev-2", "content": "device two: logged in with the device token",
                       "peerKind": "dm", "peerId": "device"}),
                TURN,
                Some("agent:main:webhook:dm:device"),
            )
            .await?;
        self.frames.settle(SETTLE).await;
        self.frames.check_one_terminal_each(&["dev-1", "dev-2"])?;
        if self.bridge().stderr_tail().contains(device_token.expose()) {
            return Err("the bridge printed its device token".into());
        }
        self.timed("device identity phase", t);
        self.stop_bridge().await
    }

    async fn per_sender(&mut self) -> Result<(), String> {
        self.start_bridge("per-sender", true).await?;
        let t = Instant::now();
        let alice = self
            .frames
            .turn(
                json!({"id": "ps-1", "content": "per-sender one: the quick brown fox jumps over the lazy dog",
                       "peerKind": "dm", "peerId": "Alice"}),
                FIRST_TURN,
                Some("agent:main:webhook:dm:alice"),
            )
            .await?;
        self.timed("first turn", t);
        let t = Instant::now();
        let by_id = self
            .frames
            .turn(
                json!({"id": "ps-2", "content": "per-sender two: a message with an id and nothing else"}),
                TURN,
                Some("agent:main:webhook:ps-2"),
            )
            .await?;
        self.timed("later turn", t);
        self.frames
            .turn(
                json!({"id": "ps-3", "content": "per-sender three: alice again, same conversation as one",
                       "senderId": "alice"}),
                TURN,
                Some(&alice),
            )
            .await?;

        // session.reset reaches the Gateway: alice's session stays, its transcript is cleared.
        let before = gateway_user_texts(&self.gateway, &alice).await?;
        if !before.iter().any(|t| t.contains("per-sender three")) {
            return Err(format!(
                "the Gateway's transcript of {alice:?} lacks the messages the bridge sent: {before:?}"
            ));
        }
        self.frames.control("reset", &alice, "ctl-reset").await?;
        let (gw, key) = (&self.gateway, alice.as_str());
        eventually(
            CONTROL,
            &format!("session.reset cleared {alice:?} on the Gateway"),
            || async move {
                // Reset, not deleted: the row stays (with the same sessionId in 2026.9.6, so the
                // transcript is what shows the reset).
                let texts = gateway_user_texts(gw, key).await?;
                let row = gateway_session(gw, key).await?;
                Ok((
                    row.is_some() && !texts.iter().any(|t| t.contains("per-sender")),
                    format!(
                        "session row present: {}; user messages: {texts:?}",
                        row.is_some()
                    ),
                ))
            },
        )
        .await?;
        // The conversation goes on in the reset session.
        self.frames
            .turn(
                json!({"id": "ps-4", "content": "per-sender four: after the reset",
                       "peerKind": "dm", "peerId": "alice"}),
                TURN,
                Some(&alice),
            )
            .await?;

        // session.delete reaches the Gateway: the session row disappears.
        if gateway_session(&self.gateway, &by_id).await?.is_none() {
            return Err(format!(
                "the Gateway has no session {by_id:?} before the delete"
            ));
        }
        self.frames.control("delete", &by_id, "ctl-delete").await?;
        let (gw, key) = (&self.gateway, by_id.as_str());
        eventually(
            CONTROL,
            &format!("session.delete removed {by_id:?} from the Gateway"),
            || async move {
                let row = gateway_session(gw, key).await?;
                Ok((row.is_none(), row.as_ref().map(short).unwrap_or_default()))
            },
        )
        .await?;

        self.frames.settle(SETTLE).await;
        self.frames
            .check_one_terminal_each(&["ps-1", "ps-2", "ps-3", "ps-4"])?;
        self.stop_bridge().await
    }

    async fn global(&mut self) -> Result<(), String> {
        self.start_bridge("global", false).await?;
        let shared = "agent:main:webhook:global";
        // Two senders, sent back to back: one session, so answered in order.
        let g1 = json!({"id": "g-1", "content": "global one: from bob, the first of two in a row",
                        "senderId": "bob"});
        let g2 = json!({"id": "g-2", "content": "global two: from a group, queued behind the first",
                        "peerKind": "group", "peerId": "team"});
        self.frames.send(&g1);
        self.frames.turn(g2, TURN * 2, Some(shared)).await?;
        self.frames.check_answer(
            "g-1",
            &format!("echo: {}", g1["content"].as_str().unwrap()),
            Some(shared),
        )?;
        let position = |id: &str| {
            self.frames
                .all
                .iter()
                .position(|f| is_terminal(f) && reply_to(f).as_deref() == Some(id))
        };
        if position("g-1") > position("g-2") {
            return Err(format!(
                "two messages of one session were answered out of order:\n{}",
                self.frames.dump()
            ));
        }
        self.frames.settle(SETTLE).await;
        self.frames.check_one_terminal_each(&["g-1", "g-2"])?;
        self.stop_bridge().await
    }

    async fn explicit_and_gateway_restart(&mut self) -> Result<(), String> {
        self.start_bridge("explicit", true).await?;
        let chat = "agent:main:webhook:explicit-one";
        self.frames
            .turn(
                json!({"id": "x-1", "content": "explicit one: the session field decides",
                       "session": " Agent:Main:Webhook:Explicit-ONE "}),
                TURN,
                Some(chat),
            )
            .await?;
        self.frames
            .turn(
                json!({"id": "x-2", "content": "explicit two: peer routing is explicit enough",
                       "peerKind": "group", "peerId": "G1", "topicId": "7"}),
                TURN,
                Some("agent:main:webhook:group:g1:topic:7"),
            )
            .await?;
        // Neither a session nor a peer: an error frame, and nothing reaches the model.
        let lost = "explicit three: no session and no peer, so an error";
        self.frames.send(&json!({"id": "x-3", "content": lost}));
        let error = self
            .frames
            .wait_for(TURN, "an error frame with replyTo \"x-3\"", |f| {
                is_terminal(f) && reply_to(f).as_deref() == Some("x-3")
            })
            .await?;
        if error["type"] != "error" || error["error"].as_str().is_none_or(str::is_empty) {
            return Err(format!(
                "x-3 needs an error frame with a message, got {}",
                short(&error)
            ));
        }
        if self.frames.of("x-3").len() != 1 {
            return Err(format!(
                "x-3 should get only its error frame:\n{}",
                self.frames.dump()
            ));
        }

        // Restart the Gateway mid-conversation, same port and state.
        let t = Instant::now();
        self.gateway.stop_gateway().await?;
        self.timed("gateway stop", t);
        self.bridge().event("gateway_disconnected", CONNECT).await?;
        // Sent while the Gateway is down: queued by the bridge, run after it reconnects.
        let queued = json!({"id": "x-4", "content": "explicit four: sent while the Gateway was down",
                            "session": chat});
        self.frames.send(&queued);
        let took = self.gateway.start().await?;
        self.timings.push(("gateway restart".into(), took));
        let t = Instant::now();
        self.bridge().event("gateway_connected", CONNECT).await?;
        self.timed("bridge reconnect once the Gateway was back", t);
        let t = Instant::now();
        self.frames
            .wait_for(
                FIRST_TURN,
                "a complete/error frame with replyTo \"x-4\"",
                |f| is_terminal(f) && reply_to(f).as_deref() == Some("x-4"),
            )
            .await?;
        self.frames.check_answer(
            "x-4",
            &format!("echo: {}", queued["content"].as_str().unwrap()),
            Some(chat),
        )?;
        self.timed("first turn after restart", t);
        self.frames
            .turn(
                json!({"id": "x-5", "content": "explicit five: and the conversation goes on", "session": chat}),
                TURN,
                Some(chat),
            )
            .await?;

        self.frames.settle(SETTLE).await;
        self.frames
            .check_one_terminal_each(&["x-1", "x-2", "x-3", "x-4", "x-5"])?;
        let model_log = self.gateway.log_tail("model.log", 1000);
        if model_log.contains(lost) {
            return Err("x-3 (no session in explicit mode) reached the model".into());
        }
        self.stop_bridge().await
    }

    fn report(&self) -> String {
        let mut out = Vec::new();
        if let Some(bridge) = &self.bridge {
            out.push(bridge.report());
        }
        out.push(format!(
            "--- relay client: frames received ---\n{}",
            self.frames.dump()
        ));
        out.push(format!(
            "--- gateway.log (last lines) ---\n{}",
            self.gateway.log_tail("gateway.log", 30)
        ));
        out.push(format!(
            "--- fake model requests (last lines) ---\n{}",
            self.gateway.log_tail("model.log", 8)
        ));
        out.join("\n")
    }
}

// ---------------------------------------------------------------------------------------------
// The Gateway's HTTP webhook surfaces, driven by the ocw binary

/// One `ocw` command (hermetic env plus `env`) with a bound on its run time.
async fn ocw_output(
    args: &[&str],
    env: &[(&str, &str)],
    limit: Duration,
) -> Result<std::process::Output, String> {
    let home = std::env::temp_dir().join("ocw-test-home");
    let mut cmd = tokio::process::Command::new(assert_cmd::cargo::cargo_bin!("ocw"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .envs(env.iter().copied())
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let what = format!("ocw {}", args.join(" "));
    tokio::time::timeout(limit, cmd.output())
        .await
        .map_err(|_| format!("{what}: no exit within {limit:?}"))?
        .map_err(|e| format!("{what}: {e}"))
}

/// The one JSON line of a `--json` command that must have succeeded (exit 0).
fn ok_json(what: &str, out: &std::process::Output) -> Result<Value, String> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() != Some(0) {
        return Err(format!(
            "{what}: exit {:?}\n{stdout}{stderr}",
            out.status.code()
        ));
    }
    let v: Value = serde_json::from_str(stdout.trim())
        .map_err(|e| format!("{what}: stdout is not one JSON line ({e}): {stdout}"))?;
    Ok(v)
}

impl World {
    /// The Gateway's own openclaw.json, for ocw's discovery (`OPENCLAW_STATE_DIR`).
    fn gateway_state_dir(&self) -> Result<String, String> {
        let dir = self
            .gateway
            .run_dir
            .as_ref()
            .ok_or("gateway.sh printed no run dir")?
            .join("home/.openclaw");
        Ok(dir.display().to_string())
    }

    async fn webhook_surfaces(&mut self) -> Result<(), String> {
        self.hooks().await?;
        self.taskflow().await?;
        self.cron_delivery().await
    }

    /// `ocw hook`: agent (run id, replay, --wait), a wrong token, wake.
    async fn hooks(&mut self) -> Result<(), String> {
        let state = self.gateway_state_dir()?;
        let env = [("OPENCLAW_STATE_DIR", state.as_str())];
        let key = format!("ocw-it-{}", random_hex(12));
        let t = Instant::now();
        let args = [
            "hook",
            "agent",
            "hello from ocw hook",
            "--agent",
            AGENT,
            "--no-deliver",
            "--idempotency-key",
            &key,
            "--json",
        ];
        let first = ok_json("hook agent", &ocw_output(&args, &env, TURN).await?)?;
        self.timed("hook agent (admission)", t);
        let run_id = first["run_id"].as_str().unwrap_or_default().to_string();
        if first["status"] != 200 || run_id.is_empty() {
            return Err(format!("hook agent: no run id: {first}"));
        }
        let again = ok_json("hook agent again", &ocw_output(&args, &env, TURN).await?)?;
        if again["run_id"] != run_id.as_str() {
            return Err(format!(
                "the same idempotency key gave another run: {run_id} then {}",
                again["run_id"]
            ));
        }

        let t = Instant::now();
        let args = [
            "hook",
            "agent",
            "wait for me",
            "--no-deliver",
            "--wait",
            "--json",
        ];
        let waited = ok_json(
            "hook agent --wait",
            &ocw_output(&args, &env, FIRST_TURN).await?,
        )?;
        self.timed("hook agent --wait (completion)", t);
        let c = &waited["completion"];
        if c["status"] != "ok" || c["replyDisposition"] != "visible" || waited["ok"] != true {
            return Err(format!(
                "hook agent --wait: unexpected completion: {waited}"
            ));
        }
        // The human line of the same request, replayed by its key (no second run).
        let key = waited["idempotency_key"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let args = [
            "hook",
            "agent",
            "wait for me",
            "--no-deliver",
            "--wait",
            "--idempotency-key",
            &key,
        ];
        let out = ocw_output(&args, &env, TURN).await?;
        let line = String::from_utf8_lossy(&out.stdout).to_string();
        if !line.contains("finished: status ok, reply visible, not delivered") {
            return Err(format!("hook agent --wait line: {line:?}"));
        }

        let args = ["hook", "agent", "x", "--token", "not-the-hooks-token"];
        let out = ocw_output(&args, &env, CONTROL).await?;
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1)
            || !err.contains("HTTP 401")
            || !err.contains("the hook token was refused")
            || !err.contains("it must equal hooks.token in")
        {
            return Err(format!("wrong token: exit {:?}: {err}", out.status.code()));
        }

        let args = [
            "hook",
            "wake",
            "ocw wake test",
            "--mode",
            "next-heartbeat",
            "--json",
        ];
        let wake = ok_json("hook wake", &ocw_output(&args, &env, CONTROL).await?)?;
        if !matches!(wake["event_outcome"].as_str(), Some("queued" | "coalesced")) {
            return Err(format!("hook wake: {wake}"));
        }
        // A mapped hook (gateway.sh maps /hooks/ocw to a wake).
        let args = [
            "hook",
            "post",
            "ocw",
            "--data",
            r#"{"text":"from a mapping"}"#,
            "--json",
        ];
        let mapped = ok_json("hook post", &ocw_output(&args, &env, CONTROL).await?)?;
        if mapped["status"] != 200
            || !matches!(
                mapped["event_outcome"].as_str(),
                Some("queued" | "coalesced")
            )
        {
            return Err(format!("hook post ocw: {mapped}"));
        }
        let args = ["hook", "post", "no-such-mapping", "--data", "{}"];
        let out = ocw_output(&args, &env, CONTROL).await?;
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1)
            || !err.contains("HTTP 404")
            || !err.contains("hooks.mappings")
        {
            return Err(format!(
                "an unknown mapping: exit {:?}: {err}",
                out.status.code()
            ));
        }
        for out in [&first, &again, &waited, &wake, &mapped] {
            if out.to_string().contains(&self.gateway.hooks_token) {
                return Err("the hooks token was printed".into());
            }
        }
        Ok(())
    }

    /// `ocw taskflow` on the route `ocw`: create_flow, get_flow, finish_flow, a stale revision.
    async fn taskflow(&mut self) -> Result<(), String> {
        let state = self.gateway_state_dir()?;
        let env = [("OPENCLAW_STATE_DIR", state.as_str())];
        let t = Instant::now();
        let goal = format!("ocw real gateway test {}", random_hex(6));
        let goal_arg = format!("goal={goal}");
        let args = [
            "taskflow",
            "create_flow",
            &goal_arg,
            "--route",
            "ocw",
            "--json",
        ];
        let created = ok_json(
            "taskflow create_flow",
            &ocw_output(&args, &env, CONTROL).await?,
        )?;
        let flow = &created["result"]["flow"];
        let id = flow["flowId"].as_str().unwrap_or_default().to_string();
        if created["result"]["created"] != true || id.is_empty() || flow["revision"] != 0 {
            return Err(format!("create_flow: {created}"));
        }
        let args = [
            "taskflow",
            "get_flow",
            "--flow-id",
            &id,
            "--route",
            "ocw",
            "--json",
        ];
        let got = ok_json(
            "taskflow get_flow",
            &ocw_output(&args, &env, CONTROL).await?,
        )?;
        if got["result"]["flow"]["flowId"] != id.as_str()
            || got["result"]["flow"]["goal"] != goal.as_str()
        {
            return Err(format!("get_flow: {got}"));
        }
        let args = [
            "taskflow",
            "finish_flow",
            "--flow-id",
            &id,
            "--revision",
            "0",
            "--route",
            "ocw",
        ];
        let out = ocw_output(&args, &env, CONTROL).await?;
        let text = String::from_utf8_lossy(&out.stdout);
        if out.status.code() != Some(0) || !text.contains("status succeeded") {
            return Err(format!(
                "finish_flow: exit {:?}: {text}{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let out = ocw_output(&args, &env, CONTROL).await?;
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) || !err.contains("HTTP 409") {
            return Err(format!(
                "a stale revision: exit {:?}: {err}",
                out.status.code()
            ));
        }
        self.timed("taskflow create/get/finish/stale", t);
        Ok(())
    }

    /// A cron job with webhook delivery to `ocw listen --token` on loopback, run at once.
    async fn cron_delivery(&mut self) -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let ready = dir.path().join("url");
        let record = dir.path().join("record.ndjson");
        let home = std::env::temp_dir().join("ocw-test-home");
        let mut cmd = tokio::process::Command::new(assert_cmd::cargo::cargo_bin!("ocw"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .env("OCW_TOKEN", &self.gateway.cron_token)
            .args([
                "listen",
                "127.0.0.1:0",
                "--exit-after",
                "1",
                "--timeout",
                "120s",
            ])
            .arg("--ready-file")
            .arg(&ready)
            .arg("--record")
            .arg(&record)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let listen = cmd.spawn().map_err(|e| format!("ocw listen: {e}"))?;
        let t = Instant::now();
        let url = loop {
            if let Ok(u) = std::fs::read_to_string(&ready)
                && u.ends_with('\n')
            {
                break u.trim().to_string();
            }
            if t.elapsed() > CONNECT {
                return Err("ocw listen never got ready".into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let t = Instant::now();
        let job = gateway_call(
            &self.gateway,
            "cron.add",
            json!({
                "name": "ocw cron test",
                "agentId": AGENT,
                "schedule": {"kind": "every", "everyMs": 86_400_000},
                "sessionTarget": "isolated",
                "wakeMode": "now",
                "payload": {"kind": "agentTurn", "message": "cron says hi"},
                "delivery": {"mode": "webhook", "to": format!("{url}/cron")},
            }),
        )
        .await?;
        let job_id = job["id"]
            .as_str()
            .ok_or(format!("cron.add: no id: {}", short(&job)))?
            .to_string();
        let run = gateway_call(
            &self.gateway,
            "cron.run",
            json!({"id": job_id, "mode": "force"}),
        )
        .await?;
        if run["enqueued"] != true {
            return Err(format!("cron.run: {}", short(&run)));
        }
        let out = tokio::time::timeout(Duration::from_secs(130), listen.wait_with_output())
            .await
            .map_err(|_| "ocw listen did not exit".to_string())?
            .map_err(|e| e.to_string())?;
        self.timed("cron.run to delivery", t);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(0) {
            return Err(format!(
                "ocw listen got no cron delivery (exit {:?}):\n{stdout}{stderr}\n{}",
                out.status.code(),
                self.gateway.log_tail("gateway.log", 20)
            ));
        }
        let recorded = std::fs::read_to_string(&record).map_err(|e| e.to_string())?;
        let request: Value = recorded
            .lines()
            .find_map(|l| serde_json::from_str::<Value>(l).ok())
            .ok_or(format!("nothing recorded: {recorded}"))?;
        let body: Value = serde_json::from_str(request["body"].as_str().unwrap_or_default())
            .map_err(|e| format!("the delivery is not JSON ({e}): {}", short(&request)))?;
        if request["path"] != "/cron"
            || request["token"] != "valid"
            || body["action"] != "finished"
            || body["jobId"] != job_id.as_str()
            || body["status"] != "ok"
        {
            return Err(format!("unexpected cron delivery: {}", short(&request)));
        }
        let first = stdout.lines().next().unwrap_or_default();
        if !first.contains("/cron  cron ok \"ocw cron test\"")
            || !stdout.contains("cron job \"ocw cron test\"")
            || !stdout.contains("finished: ok")
            || !stdout.contains("summary: echo:")
            || !stdout.contains("✓ token valid")
        {
            return Err(format!(
                "the cron delivery is not shown readably:\n{stdout}"
            ));
        }
        if stdout.contains(&self.gateway.cron_token) || stderr.contains(&self.gateway.cron_token) {
            return Err("ocw listen printed the cron token".into());
        }
        Ok(())
    }
}
