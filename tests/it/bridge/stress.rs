//! Many concurrent sessions with many progress events each.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::json;

use super::{Opts, Setup, is_terminal};
use crate::support::fake_gateway::GatewayConfig;

/// 100 sessions x 50 assistant events, all at once: every message gets exactly one
/// `complete` with its own full text, progress stays cumulative and coalesced, no error frame,
/// and the bridge's memory stays modest.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s24_hundred_sessions_fifty_events() {
    const N: usize = 100;
    let mut s = Setup::start(Opts {
        gateway: GatewayConfig {
            assistant_events: 50,
            event_delay: Duration::from_millis(2),
            worker_threads: 4,
            ..GatewayConfig::default()
        },
        ..Opts::default()
    })
    .await;
    let text = |i: usize| format!("stress message {i:03} {}", "x".repeat(60));
    let sent = std::time::Instant::now();
    for i in 0..N {
        s.send(json!({"id": format!("st-{i}"), "content": text(i)}));
    }
    // Sample the fake's outbound backlog once its runs are done: frames the bridge has not read.
    let fake_done = s.gw.wait_runs_finished(N, Duration::from_secs(60)).await;
    let fake_done_at = sent.elapsed();
    let backlog = s.gw.outbound_backlog();
    let all = s
        .client
        .wait_log(Duration::from_secs(60), |log| {
            log.iter().filter(|f| is_terminal(f)).count() >= N
        })
        .await;
    if !all {
        let n = s
            .client
            .received()
            .iter()
            .filter(|f| is_terminal(f))
            .count();
        panic!("{n} of {N} terminal frames\n{}", s.report());
    }
    let all_in = sent.elapsed();
    let fake_longest =
        s.gw.runs()
            .iter()
            .filter_map(|r| r.ended_at.map(|e| e.duration_since(r.started_at)))
            .max();
    eprintln!(
        "stress: fake runs done ({fake_done}) after {fake_done_at:?} with {backlog} frames not \
         yet read by the bridge; all terminal frames after {all_in:?}; longest run in the fake \
         {fake_longest:?}"
    );
    s.settle(Duration::from_millis(500)).await;

    let log = s.client.received();
    let mut progress: HashMap<String, Vec<String>> = HashMap::new();
    let mut terminal: HashMap<String, Vec<serde_json::Value>> = HashMap::new();
    for f in &log {
        let id = f["replyTo"].as_str().unwrap_or("?").to_string();
        match f["type"].as_str() {
            Some("progress") => progress
                .entry(id)
                .or_default()
                .push(f["content"].as_str().unwrap().to_string()),
            Some("complete" | "error") => terminal.entry(id).or_default().push(f.clone()),
            _ => panic!("unexpected frame {f}"),
        }
    }
    let mut problems = Vec::new();
    for i in 0..N {
        let id = format!("st-{i}");
        let t = terminal.get(&id).cloned().unwrap_or_default();
        if t.len() != 1 {
            problems.push(format!("{id}: {} terminal frames: {t:?}", t.len()));
            continue;
        }
        let t = &t[0];
        if t["type"] != "complete" {
            let run_id = t["runId"].as_str().unwrap_or("");
            let reqs =
                s.gw.agent_requests()
                    .into_iter()
                    .filter(|p| p["idempotencyKey"] == run_id)
                    .count();
            problems.push(format!(
                "{id}: {t}; the fake Gateway got {reqs} request(s) with that key, its run: {:?}",
                s.gw.run(run_id).map(|r| (r.status, r.text.len()))
            ));
            continue;
        }
        if t["content"] != format!("echo: {}", text(i)) {
            problems.push(format!("{id}: wrong content {t}"));
        }
        if t["session"] != format!("agent:main:webhook:{id}") {
            problems.push(format!(
                "{id}: session {} (want the canonical key)",
                t["session"]
            ));
        }
        let p = progress.get(&id).cloned().unwrap_or_default();
        if p.len() > 50 {
            problems.push(format!("{id}: {} progress frames for 50 events", p.len()));
        }
        if !p.windows(2).all(|w| w[1].starts_with(&w[0])) {
            problems.push(format!("{id}: progress not cumulative"));
        }
    }
    if !problems.is_empty() {
        // Where the time went: the fake's run durations, and the bridge's log of those runs.
        let runs = s.gw.runs();
        let longest = runs
            .iter()
            .filter_map(|r| r.ended_at.map(|e| e.duration_since(r.started_at)))
            .max();
        let first_start = runs.iter().map(|r| r.started_at).min().unwrap();
        let last_start = runs.iter().map(|r| r.started_at).max().unwrap();
        let stderr = s.bridge.stderr();
        let bad: Vec<&str> = problems
            .iter()
            .filter_map(|p| p.split(':').next())
            .collect();
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| {
                bad.iter()
                    .any(|b| l.contains(&format!("{b} ")) || l.contains(b))
            })
            .take(40)
            .collect();
        panic!(
            "{} of {N} messages went wrong:\n{}\n--- fake: longest run {longest:?}, runs started over {:?}\n--- bridge log lines:\n{}",
            problems.len(),
            problems.join("\n"),
            last_start.duration_since(first_start),
            lines.join("\n")
        );
    }
    assert_eq!(s.gw.runs().len(), N);
    assert!(
        s.gw.max_concurrent_runs() >= 2,
        "sessions were not run concurrently"
    );
    assert!(s.bridge.alive(), "{}", s.report());
    if let Some(kib) = s.bridge.rss_kib() {
        assert!(
            kib < 200 * 1024,
            "bridge RSS {kib} KiB after the stress run"
        );
    }
}
