//! Benchmark of `ocw bridge`: messages per second and added latency, against the in-process
//! fake Gateway in its instant mode (ack, one assistant event, chat final, final res).
//!
//! The same client code drives two paths in the same run:
//! - direct: the client speaks the Gateway protocol to the fake itself (`agent` request, wait
//!   for the run's chat `final`);
//! - bridge: the client is the relay: `ocw bridge run` connects to it, the client sends user
//!   messages (`{"id","content","session"}`) and waits for each `complete` (by `replyTo`).
//!
//! Rows: 1 session with one message at a time (the latency the bridge adds, unloaded); 1
//! session with 32 messages queued (the bridge still runs them one after the other, so this is
//! its throughput for one session); 100 sessions with one message in flight each (saturated);
//! 100 sessions at 1,000 msg/s offered (latency under concurrency without queueing). Each row
//! prints messages/s and latency p50/p99 for both paths and the difference (the latency the
//! bridge adds). Then one message to each of 10,000 distinct sessions, and the bridge's peak
//! RSS (VmHWM).
//!
//! Run it with `benches/bridge.sh` (release build).
#![allow(dead_code)]

#[path = "../tests/it/support/fake_gateway/mod.rs"]
mod fake_gateway;

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fake_gateway::{FakeGateway, GatewayConfig};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::AsyncBufReadExt;
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

const TOKEN: &str = "bench-token-0123456789";

type Waiters = Arc<Mutex<HashMap<String, oneshot::Sender<Instant>>>>;

/// One WebSocket, a writer channel, and a reader that completes waiters by key.
struct Client {
    out: mpsc::UnboundedSender<Message>,
    waiters: Waiters,
}

impl Client {
    fn new<S>(ws: S, key_of: fn(&Value) -> Option<String>) -> Self
    where
        S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>>
            + futures_util::Sink<Message>
            + Send
            + Unpin
            + 'static,
    {
        let (mut sink, mut stream) = ws.split();
        let (out, mut rx) = mpsc::unbounded_channel::<Message>();
        tokio::spawn(async move {
            while let Some(m) = rx.recv().await {
                if sink.feed(m).await.is_err() {
                    return;
                }
                while let Ok(m) = rx.try_recv() {
                    if sink.feed(m).await.is_err() {
                        return;
                    }
                }
                if sink.flush().await.is_err() {
                    return;
                }
            }
        });
        let waiters: Waiters = Arc::default();
        let w = Arc::clone(&waiters);
        tokio::spawn(async move {
            while let Some(Ok(msg)) = stream.next().await {
                let Message::Text(t) = msg else { continue };
                let Ok(v) = serde_json::from_str::<Value>(&t) else {
                    continue;
                };
                if let Some(key) = key_of(&v)
                    && let Some(tx) = w.lock().unwrap().remove(&key)
                {
                    let _ = tx.send(Instant::now());
                }
            }
        });
        Self { out, waiters }
    }

    /// Send `frame` and wait until the reply keyed `key` arrives; the latency.
    async fn roundtrip(&self, key: String, frame: String) -> Duration {
        let (tx, rx) = oneshot::channel();
        self.waiters.lock().unwrap().insert(key, tx);
        let start = Instant::now();
        self.out.send(Message::text(frame)).expect("socket gone");
        let end = tokio::time::timeout(Duration::from_secs(30), rx)
            .await
            .expect("no reply within 30 s")
            .expect("reader gone");
        end - start
    }
}

/// The run id of a chat final (direct path).
fn chat_final(v: &Value) -> Option<String> {
    if v["event"] == "chat" && v["payload"]["state"] == "final" {
        return v["payload"]["runId"].as_str().map(str::to_owned);
    }
    None
}

/// The inbound id a `complete` answers (bridge path).
fn complete(v: &Value) -> Option<String> {
    if v["type"] == "complete" || v["type"] == "error" {
        if v["type"] == "error" {
            eprintln!("bridge answered with an error: {v}");
        }
        return v["replyTo"].as_str().map(str::to_owned);
    }
    None
}

struct Stats {
    per_sec: f64,
    p50: Duration,
    p99: Duration,
}

/// Rate and percentiles of `latencies` measured over `elapsed`.
fn stats(mut latencies: Vec<Duration>, elapsed: Duration) -> Stats {
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    Stats {
        per_sec: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: pct(0.50),
        p99: pct(0.99),
    }
}

/// `total` messages over `sessions` concurrent sessions, each session one at a time.
async fn drive(
    client: Arc<Client>,
    sessions: usize,
    total: usize,
    tag: &str,
    frame: fn(&str, &str, usize) -> (String, String),
) -> Stats {
    drive_paced(client, sessions, total, tag, frame, None).await
}

/// As [`drive`]; with `pace`, each session starts a message at most every `pace` (an offered
/// load below saturation, so the latencies are not queueing).
async fn drive_paced(
    client: Arc<Client>,
    sessions: usize,
    total: usize,
    tag: &str,
    frame: fn(&str, &str, usize) -> (String, String),
    pace: Option<Duration>,
) -> Stats {
    let per = total / sessions;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for s in 0..sessions {
        let client = Arc::clone(&client);
        let session = format!("bench-{tag}-{s}");
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per);
            // Spread the sessions' starts over one pace period.
            if let Some(p) = pace {
                tokio::time::sleep(p.mul_f64(s as f64 / sessions as f64)).await;
            }
            let mut next = tokio::time::Instant::now();
            for i in 0..per {
                if let Some(p) = pace {
                    tokio::time::sleep_until(next).await;
                    next += p;
                }
                let (key, text) = frame(&session, &format!("{session}-{i}"), i);
                lat.push(client.roundtrip(key, text).await);
            }
            lat
        }));
    }
    let mut all = Vec::with_capacity(total);
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    stats(all, start.elapsed())
}

/// `total` messages to ONE session, sent in order with up to `window` unanswered at a time
/// (the bridge still runs them one after the other; the client does not wait in between).
async fn drive_window(
    client: Arc<Client>,
    total: usize,
    window: usize,
    tag: &str,
    frame: fn(&str, &str, usize) -> (String, String),
) -> Stats {
    let permits = Arc::new(tokio::sync::Semaphore::new(window));
    let session = format!("bench-{tag}");
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for i in 0..total {
        let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
        let (key, text) = frame(&session, &format!("{session}-{i}"), i);
        let client = Arc::clone(&client);
        tasks.push(tokio::spawn(async move {
            let lat = client.roundtrip(key, text).await;
            drop(permit);
            lat
        }));
    }
    let mut all = Vec::with_capacity(total);
    for t in tasks {
        all.push(t.await.unwrap());
    }
    stats(all, start.elapsed())
}

fn direct_frame(session: &str, id: &str, _: usize) -> (String, String) {
    let run_id = format!("run-{id}");
    let frame = json!({"type":"req","id":id,"method":"agent","params":{
        "message":"hello","sessionKey":format!("webhook:{session}"),"deliver":false,"idempotencyKey":run_id}});
    (run_id, frame.to_string())
}

fn bridge_frame(session: &str, id: &str, _: usize) -> (String, String) {
    let frame = json!({"id": id, "content": "hello", "session": format!("webhook:{session}")});
    (id.to_owned(), frame.to_string())
}

async fn direct_client(url: &str) -> Client {
    let (mut ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("dial fake");
    // connect.challenge, then connect -> hello-ok.
    let _ = ws.next().await;
    let connect = json!({"type":"req","id":"c1","method":"connect","params":{
        "minProtocol":4,"maxProtocol":4,
        "client":{"id":"gateway-client","version":"bench","platform":"linux","mode":"backend"},
        "role":"operator","scopes":["operator.read","operator.write"],"caps":[],
        "auth":{"token":TOKEN}}});
    ws.send(Message::text(connect.to_string())).await.unwrap();
    loop {
        let Some(Ok(Message::Text(t))) = ws.next().await else {
            panic!("no hello-ok")
        };
        let v: Value = serde_json::from_str(&t).unwrap();
        if v["id"] == "c1" {
            assert_eq!(v["ok"], true, "connect refused: {v}");
            break;
        }
    }
    Client::new(ws, chat_final)
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time (user + system) a process has used, from /proc/<pid>/stat, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    let Some(rest) = stat.rsplit_once(") ").map(|(_, r)| r) else {
        return 0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    f.get(11).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
        + f.get(12).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
}

/// Microseconds of CPU per message (clock ticks are 10 ms on Linux).
fn cpu_us_per_msg(ticks: u64, messages: usize) -> f64 {
    ticks as f64 * 10_000.0 / messages as f64
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(name: &str, direct: &Stats, bridge: &Stats) {
    println!(
        "{name:>12} | direct {:>8.0} msg/s p50 {:>6.3} ms p99 {:>6.3} ms | bridge {:>8.0} msg/s p50 {:>6.3} ms p99 {:>6.3} ms | added p50 {:>6.3} ms p99 {:>6.3} ms | ratio {:.2}",
        direct.per_sec,
        ms(direct.p50),
        ms(direct.p99),
        bridge.per_sec,
        ms(bridge.p50),
        ms(bridge.p99),
        ms(bridge.p50) - ms(direct.p50),
        ms(bridge.p99) - ms(direct.p99),
        bridge.per_sec / direct.per_sec,
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bin = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "target/release/ocw".into());
    let total: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let many: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10_000);

    let gw = FakeGateway::start(GatewayConfig {
        instant: true,
        record_frames: false,
        token: Some(TOKEN.into()),
        send_health: false,
        worker_threads: 1,
        ..GatewayConfig::default()
    });

    // Bridge path: this process is the relay.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay_port = listener.local_addr().unwrap().port();
    let state = tempfile::tempdir().unwrap();
    std::fs::write(
        state.path().join("bridge.json"),
        json!({"webhook_url": format!("ws://127.0.0.1:{relay_port}/ws"),
               "uid": "bench-uid-0123456789", "session_scope": "per-sender",
               "progress_interval_ms": 100})
        .to_string(),
    )
    .unwrap();
    let mut child = tokio::process::Command::new(&bin)
        .args(["bridge", "run", "--json"])
        .env("OPENCLAW_STATE_DIR", state.path())
        .env("HOME", state.path())
        .env("OPENCLAW_GATEWAY_URL", gw.url())
        .env("OPENCLAW_GATEWAY_TOKEN", TOKEN)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start ocw bridge run");
    let pid = child.id().unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let (tcp, _) = tokio::time::timeout(Duration::from_secs(20), listener.accept())
        .await
        .expect("the bridge did not connect to the relay")
        .unwrap();
    let _ = tcp.set_nodelay(true);
    let ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
    tokio::time::timeout(Duration::from_secs(20), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.contains("gateway_connected") {
                return;
            }
        }
        panic!("the bridge exited");
    })
    .await
    .expect("the bridge did not connect to the fake Gateway");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    let bridge = Arc::new(Client::new(ws, complete));
    let direct = Arc::new(direct_client(&gw.url()).await);

    println!(
        "ocw bridge benchmark: fake Gateway in instant mode, {total} messages per row (1 session: {})",
        total / 4
    );
    // Warm up both paths.
    drive(Arc::clone(&direct), 10, 1000, "warm", direct_frame).await;
    drive(Arc::clone(&bridge), 10, 1000, "warm", bridge_frame).await;

    let d1 = drive(Arc::clone(&direct), 1, total / 4, "d1", direct_frame).await;
    let cpu0 = cpu_ticks(pid);
    let b1 = drive(Arc::clone(&bridge), 1, total / 4, "b1", bridge_frame).await;
    let cpu1 = cpu_ticks(pid);
    report("1 session", &d1, &b1);
    let dw = drive_window(Arc::clone(&direct), total / 4, 32, "dw", direct_frame).await;
    let bw = drive_window(Arc::clone(&bridge), total / 4, 32, "bw", bridge_frame).await;
    report("1 sess, 32 q", &dw, &bw);
    let d100 = drive(Arc::clone(&direct), 100, total, "d100", direct_frame).await;
    let cpu2 = cpu_ticks(pid);
    let b100 = drive(Arc::clone(&bridge), 100, total, "b100", bridge_frame).await;
    let cpu3 = cpu_ticks(pid);
    report("100 sessions", &d100, &b100);
    let us = cpu_us_per_msg(cpu3 - cpu2, total);
    println!(
        "bridge CPU per message: {:.0} us (1 session), {us:.0} us (100 sessions): about {:.0} msg/s per core",
        cpu_us_per_msg(cpu1 - cpu0, total / 4),
        1e6 / us.max(1.0),
    );

    // 100 sessions at 1,000 msg/s offered (each session one message every 100 ms).
    let pace = Some(Duration::from_millis(100));
    let dp = drive_paced(
        Arc::clone(&direct),
        100,
        total / 4,
        "dp",
        direct_frame,
        pace,
    )
    .await;
    let bp = drive_paced(
        Arc::clone(&bridge),
        100,
        total / 4,
        "bp",
        bridge_frame,
        pace,
    )
    .await;
    report("100 @1k/s", &dp, &bp);

    let before = vm_hwm_kb(pid).unwrap_or(0);
    let start = Instant::now();
    drive(Arc::clone(&bridge), 100, many, "many", |_, id, _| {
        // One session per message: per-sender keys from the id.
        let frame = json!({"id": id, "content": "hello"});
        (id.to_owned(), frame.to_string())
    })
    .await;
    let after = vm_hwm_kb(pid).unwrap_or(0);
    println!(
        "{many} sessions: sent in {:.1} s; bridge peak RSS {:.1} MB (was {:.1} MB before)",
        start.elapsed().as_secs_f64(),
        after as f64 / 1024.0,
        before as f64 / 1024.0
    );
    let _ = child.start_kill();
    let _ = child.wait().await;
}
