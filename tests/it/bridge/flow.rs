//! One message, one run; the legacy stream; silent and payload-only runs;
//! errors; foreign traffic; ordering and concurrency.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Opts, Setup, UID, WAIT, frames_for, idempotency_key, is_terminal, terminals_for};
use crate::support::fake_gateway::{GatewayConfig, markers};

/// Checks every legacy frame of one message: `progress` frames with cumulative text, then
/// exactly one terminal frame (`complete` or `error`) at the end. Returns the terminal frame.
fn check_legacy_stream(frames: &[Value], id: &str, session: &str) -> Value {
    assert!(!frames.is_empty());
    for f in frames {
        let t = f["type"].as_str().unwrap_or("");
        assert!(
            ["progress", "complete", "error"].contains(&t),
            "unexpected frame {f}"
        );
        assert_eq!(f["replyTo"], id, "{f}");
        assert_eq!(f["session"], session, "{f}");
    }
    let terminals: Vec<&Value> = frames.iter().filter(|f| is_terminal(f)).collect();
    assert_eq!(terminals.len(), 1, "terminal frames: {terminals:?}");
    assert!(
        is_terminal(frames.last().unwrap()),
        "frames after the terminal frame: {frames:?}"
    );
    let progress: Vec<&str> = frames
        .iter()
        .filter(|f| f["type"] == "progress")
        .map(|f| f["content"].as_str().expect("progress content is a string"))
        .collect();
    for w in progress.windows(2) {
        assert!(
            w[1].starts_with(w[0]),
            "not cumulative: {:?} then {:?}",
            w[0],
            w[1]
        );
    }
    let last = frames.last().unwrap().clone();
    if last["type"] == "complete"
        && let Some(p) = progress.last()
    {
        assert!(
            last["content"].as_str().unwrap().starts_with(p),
            "complete {last} does not extend the last progress {p:?}"
        );
    }
    last
}

/// `{"id":"m1","content":"hi"}` is exactly one `agent` request with the
/// contract's params, and the reply comes back in the legacy format with the canonical key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s10_one_message_is_one_agent_request() {
    let mut s = Setup::default().await;
    let frames = s.exchange("m1", "hi").await;
    let complete = check_legacy_stream(&frames, "m1", "agent:main:webhook:m1");
    assert_eq!(complete["type"], "complete", "{}", s.report());
    assert_eq!(complete["content"], "echo: hi");

    s.settle(Duration::from_millis(500)).await;
    let reqs = s.gw.agent_requests();
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    let p = &reqs[0];
    assert_eq!(p["message"], "hi");
    assert_eq!(p["sessionKey"], "webhook:m1");
    assert_eq!(p["deliver"], false);
    assert_eq!(p["agentId"], "main");
    assert_eq!(p["idempotencyKey"], idempotency_key(UID, "m1"), "{p}");
    assert_eq!(p["timeout"], 600, "run_timeout_s default");
    assert_eq!(complete["runId"], p["idempotencyKey"]);
    assert_eq!(terminals_for(&s.client.received(), "m1").len(), 1);
}

/// Cumulative progress, coalesced, then exactly one complete equal to the chat
/// final text; no empty complete first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s11_legacy_stream_is_cumulative_with_one_complete() {
    let mut s = Setup::default().await;
    let text = "a longer message that streams in several pieces [[events:8]] [[delay:60]]";
    let frames = s.exchange("m11", text).await;
    let complete = check_legacy_stream(&frames, "m11", "agent:main:webhook:m11");
    assert_eq!(complete["type"], "complete", "{}", s.report());
    assert_eq!(complete["content"], format!("echo: {text}"));
    let progress = frames.iter().filter(|f| f["type"] == "progress").count();
    assert!(
        progress >= 1,
        "no progress frame for an 8-event run\n{}",
        s.report()
    );
    assert!(progress <= 8, "{progress} progress frames for 8 events");
    assert!(
        frames
            .iter()
            .all(|f| f["content"] != "" || f["type"] == "progress"),
        "an empty terminal frame: {frames:?}"
    );
    s.settle(Duration::from_millis(800)).await;
    assert_eq!(
        terminals_for(&s.client.received(), "m11").len(),
        1,
        "{}",
        s.report()
    );
}

/// Cumulative progress and one complete, with the final `res` before the `chat final` (the
/// order is not guaranteed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s11_final_res_before_chat_final_still_one_complete() {
    let mut s = Setup::start(Opts {
        gateway: GatewayConfig {
            final_res_first: true,
            ..GatewayConfig::default()
        },
        ..Opts::default()
    })
    .await;
    let frames = s.exchange("m11b", "order does not matter").await;
    let complete = check_legacy_stream(&frames, "m11b", "agent:main:webhook:m11b");
    assert_eq!(
        complete["content"],
        "echo: order does not matter",
        "{}",
        s.report()
    );
    s.settle(Duration::from_millis(800)).await;
    assert_eq!(terminals_for(&s.client.received(), "m11b").len(), 1);
}

/// A silent run (chat final without message) completes with "".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s12_silent_run_completes_empty() {
    let mut s = Setup::default().await;
    let frames = s.exchange("m12", &format!("shh {}", markers::SILENT)).await;
    let complete = check_legacy_stream(&frames, "m12", "agent:main:webhook:m12");
    assert_eq!(complete["type"], "complete", "{}", s.report());
    assert_eq!(complete["content"], "");
}

/// No chat events at all, only a final `res` with `result.payloads`: the complete
/// carries the payload text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s12_payload_only_run_completes_from_the_payload() {
    let mut s = Setup::default().await;
    let text = format!("payload {}", markers::PAYLOAD_ONLY);
    let frames = s.exchange("m12b", &text).await;
    let complete = check_legacy_stream(&frames, "m12b", "agent:main:webhook:m12b");
    assert_eq!(complete["type"], "complete", "{}", s.report());
    assert_eq!(complete["content"], format!("echo: {text}"));
}

/// Lifecycle error, chat error, rejection at ack time, final `res` timeout: each
/// ends in exactly one `error` frame with `error` and `content`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s13_failures_end_in_exactly_one_error_frame() {
    let mut s = Setup::default().await;
    let cases = [
        ("e-lifecycle", markers::LIFECYCLE_ERROR),
        ("e-chat", markers::CHAT_ERROR),
        ("e-reject", markers::REJECT),
        ("e-timeout", markers::TIMEOUT),
    ];
    for (id, marker) in cases {
        s.send(json!({"id": id, "content": format!("please fail {marker}")}));
    }
    for (id, _) in cases {
        s.until_terminal(id).await;
    }
    // Late chat errors and final results must not add a second terminal frame.
    s.settle(Duration::from_secs(2)).await;
    let log = s.client.received();
    for (id, _) in cases {
        let frames = frames_for(&log, id);
        let terminals: Vec<&Value> = frames.iter().filter(|f| is_terminal(f)).collect();
        assert_eq!(terminals.len(), 1, "{id}: {frames:?}");
        let e = terminals[0];
        assert_eq!(e["type"], "error", "{id}: {e}\n{}", s.report());
        assert!(
            e["error"].as_str().is_some_and(|m| !m.is_empty()),
            "{id}: {e}"
        );
        assert!(
            e["content"].as_str().is_some_and(|m| !m.is_empty()),
            "{id}: {e}"
        );
        // A request rejected at ack time has no canonical key from the Gateway: the key
        // as sent is acceptable there.
        let canonical = format!("agent:main:webhook:{id}");
        let sent = format!("webhook:{id}");
        assert!(
            e["session"] == canonical.as_str()
                || (id == "e-reject" && e["session"] == sent.as_str()),
            "{id}: {e}"
        );
    }
    let reject = terminals_for(&log, "e-reject").remove(0);
    assert!(
        reject["error"]
            .as_str()
            .unwrap()
            .contains("malformed session key"),
        "the Gateway's reason is lost: {reject}"
    );
}

/// Other operators' runs, other sessions and background events never reach the
/// relay; neither do `res`, `hello-ok` or `connect.challenge` frames.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s14_foreign_traffic_is_never_forwarded() {
    let mut s = Setup::default().await;
    s.send(json!({"id": "own-1", "content": "mine [[events:6]] [[delay:100]]"}));
    // Once our run is under way, inject the others.
    assert!(
        s.client
            .wait_log(WAIT, |log| log.iter().any(|f| f["replyTo"] == "own-1"))
            .await,
        "{}",
        s.report()
    );
    let telegram = s.gw.inject_foreign_run(None, "SECRET telegram text");
    let webhook = s.gw.inject_foreign_run(
        Some("agent:main:webhook:someone-else"),
        "SECRET other webhook",
    );
    s.gw.inject_noise();
    s.until_terminal("own-1").await;
    s.settle(Duration::from_millis(800)).await;
    for f in s.client.received() {
        let text = f.to_string();
        assert!(!text.contains("SECRET"), "foreign content leaked: {f}");
        assert!(!text.contains(&telegram) && !text.contains(&webhook), "{f}");
        let t = f["type"].as_str().unwrap_or("");
        assert!(
            ["progress", "complete", "error"].contains(&t),
            "not a legacy frame: {f}"
        );
        assert_ne!(f["payload"]["type"], "hello-ok");
    }
    assert_eq!(
        s.terminal_of("own-1")["content"],
        "echo: mine [[events:6]] [[delay:100]]"
    );
}

/// With `"frames":"gateway"`: the raw `agent`/`chat` event frames of this
/// bridge's own run, with `uid` added; nothing foreign, no `res`/`hello-ok`/challenge.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s14_gateway_frames_only_own_runs() {
    let mut s = Setup::start(Opts {
        config: json!({"frames": "gateway"}),
        ..Opts::default()
    })
    .await;
    let run_id = idempotency_key(UID, "g1");
    s.send(json!({"id": "g1", "content": "raw please [[events:4]] [[delay:80]]"}));
    assert!(
        s.client
            .wait_log(WAIT, |log| log
                .iter()
                .any(|f| f["payload"]["runId"] == run_id.as_str()))
            .await,
        "no raw frame of the own run\n{}",
        s.report()
    );
    s.gw.inject_foreign_run(None, "SECRET telegram text");
    s.gw.inject_noise();
    let done = s
        .client
        .wait_log(WAIT, |log| {
            log.iter().any(|f| {
                f["event"] == "chat"
                    && f["payload"]["state"] == "final"
                    && f["payload"]["runId"] == run_id.as_str()
            })
        })
        .await;
    assert!(done, "no chat final forwarded\n{}", s.report());
    s.settle(Duration::from_millis(800)).await;
    let log = s.client.received();
    for f in &log {
        assert!(
            !f.to_string().contains("SECRET"),
            "foreign content leaked: {f}"
        );
        assert_eq!(f["type"], "event", "only event frames: {f}");
        assert!(
            f["event"] == "agent" || f["event"] == "chat",
            "unexpected event: {f}"
        );
        assert_eq!(f["uid"], UID, "{f}");
        assert_eq!(f["payload"]["runId"], run_id.as_str(), "{f}");
    }
    let finals = log
        .iter()
        .filter(|f| f["event"] == "chat" && f["payload"]["state"] == "final")
        .count();
    assert_eq!(finals, 1);
    assert!(
        log.iter()
            .any(|f| f["event"] == "agent" && f["payload"]["stream"] == "assistant")
    );
}

/// Two messages to one session are run one after the other; their replies are
/// neither interleaved nor mis-attributed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s15_same_session_in_order() {
    let mut s = Setup::default().await;
    s.send(
        json!({"id": "o1", "content": "first [[events:5]] [[delay:100]]", "session": "order-test"}),
    );
    s.send(json!({"id": "o2", "content": "second", "session": "order-test"}));
    s.until_terminal("o1").await;
    s.until_terminal("o2").await;
    s.settle(Duration::from_millis(500)).await;
    let log = s.client.received();
    let o1 = check_legacy_stream(&frames_for(&log, "o1"), "o1", "agent:main:order-test");
    let o2 = check_legacy_stream(&frames_for(&log, "o2"), "o2", "agent:main:order-test");
    assert_eq!(o1["content"], "echo: first [[events:5]] [[delay:100]]");
    assert_eq!(o2["content"], "echo: second");
    assert_ne!(o1["runId"], o2["runId"]);
    let pos = |pred: &dyn Fn(&Value) -> bool| log.iter().position(pred).unwrap();
    let o1_end = pos(&|f| f["replyTo"] == "o1" && is_terminal(f));
    let o2_start = pos(&|f| f["replyTo"] == "o2");
    assert!(
        o1_end < o2_start,
        "o2's reply started before o1 ended: {log:?}"
    );
    assert_eq!(
        s.gw.max_session_overlap(),
        1,
        "two runs at once in one session"
    );
    let msgs: Vec<Value> =
        s.gw.agent_requests()
            .iter()
            .map(|p| p["message"].clone())
            .collect();
    assert_eq!(
        msgs,
        [json!("first [[events:5]] [[delay:100]]"), json!("second")]
    );
}

/// Messages to two sessions stream concurrently, each frame tagged with its own
/// session and runId.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s15_different_sessions_concurrently() {
    let mut s = Setup::default().await;
    s.send(json!({"id": "p1", "content": "alpha [[events:6]] [[delay:150]]", "session": "sess-a"}));
    s.send(json!({"id": "p2", "content": "beta [[events:6]] [[delay:150]]", "session": "sess-b"}));
    s.until_terminal("p1").await;
    s.until_terminal("p2").await;
    let log = s.client.received();
    let p1 = check_legacy_stream(&frames_for(&log, "p1"), "p1", "agent:main:sess-a");
    let p2 = check_legacy_stream(&frames_for(&log, "p2"), "p2", "agent:main:sess-b");
    assert_eq!(p1["content"], "echo: alpha [[events:6]] [[delay:150]]");
    assert_eq!(p2["content"], "echo: beta [[events:6]] [[delay:150]]");
    for (id, f) in [("p1", &p1), ("p2", &p2)] {
        let run = f["runId"].clone();
        assert!(
            frames_for(&log, id).iter().all(|x| x["runId"] == run),
            "mixed runIds for {id}"
        );
    }
    assert!(
        s.gw.max_concurrent_runs() >= 2,
        "the two sessions were not run concurrently\n{}",
        s.report()
    );
}

/// A run that goes silent is checked with `agent.wait` after
/// `run_idle_timeout_ms`, then ended with one `error` frame and aborted on the Gateway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s13_silent_run_is_timed_out_and_aborted() {
    let mut s = Setup::start(Opts {
        config: json!({"run_idle_timeout_ms": 1500}),
        ..Opts::default()
    })
    .await;
    let frames = s
        .exchange("hang-1", &format!("never ends {}", markers::HANG))
        .await;
    let last = frames.last().unwrap();
    assert_eq!(last["type"], "error", "{}", s.report());
    assert!(last["error"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(
        !s.gw.requests("agent.wait").is_empty(),
        "no agent.wait before giving up\n{}",
        s.report()
    );
    assert!(
        s.gw.wait_requests("chat.abort", 1, WAIT).await,
        "the hung run was not aborted\n{}",
        s.report()
    );
    let abort = &s.gw.requests("chat.abort")[0]["params"];
    assert_eq!(abort["runId"], idempotency_key(UID, "hang-1"), "{abort}");
    s.settle(Duration::from_millis(800)).await;
    assert_eq!(terminals_for(&s.client.received(), "hang-1").len(), 1);
    let after = s.exchange("hang-2", "next one").await;
    assert_eq!(after.last().unwrap()["content"], "echo: next one");
}
