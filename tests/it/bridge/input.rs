//! De-duplication of repeated ids, and input that must not break anything.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Setup, UID, WAIT, frames_for, idempotency_key, is_terminal, terminals_for};

/// The same id twice while in flight runs once (the repeat is ignored); sent
/// again after it finished, the stored terminal frame comes back without a second run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s16_repeated_id_runs_once() {
    let mut s = Setup::default().await;
    let msg = json!({"id": "dup-1", "content": "only once [[events:4]] [[delay:150]]"});
    s.send(msg.clone());
    s.send(msg.clone());
    s.until_terminal("dup-1").await;
    s.settle(Duration::from_millis(800)).await;
    let first = terminals_for(&s.client.received(), "dup-1");
    assert_eq!(first.len(), 1, "in-flight repeat answered twice: {first:?}");
    assert_eq!(first[0]["type"], "complete", "{}", s.report());

    // Once finished: the stored terminal frame again, no new run.
    s.send(msg);
    let again = s
        .client
        .wait_log(WAIT, |log| terminals_for(log, "dup-1").len() >= 2)
        .await;
    assert!(
        again,
        "the finished message's terminal frame was not re-sent\n{}",
        s.report()
    );
    let both = terminals_for(&s.client.received(), "dup-1");
    assert_eq!(both[1]["content"], both[0]["content"]);
    assert_eq!(both[1]["type"], "complete");

    let reqs = s.gw.agent_requests();
    assert!(!reqs.is_empty());
    let key = idempotency_key(UID, "dup-1");
    assert!(
        reqs.iter().all(|p| p["idempotencyKey"] == key.as_str()),
        "different idempotency keys for one id: {reqs:?}"
    );
    assert_eq!(s.gw.runs().len(), 1, "the Gateway ran it more than once");
    assert_eq!(reqs.len(), 1, "the repeat reached the Gateway: {reqs:?}");
}

/// A numeric id is accepted as a string; whitespace-only content, a missing id,
/// non-JSON text, JSON that is not an object and binary frames never crash the bridge, and
/// whatever it answers is well-formed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s17_odd_input_never_crashes() {
    let mut s = Setup::default().await;

    // Numeric id.
    s.send(json!({"id": 12345, "content": "numeric id"}));
    let frames = s.until_terminal("12345").await;
    let last = frames.last().unwrap();
    assert_eq!(last["type"], "complete", "{}", s.report());
    assert_eq!(last["content"], "echo: numeric id");
    assert_eq!(last["session"], "agent:main:webhook:12345");
    assert!(
        s.gw.agent_requests()
            .iter()
            .any(|p| p["sessionKey"] == "webhook:12345"),
        "{:?}",
        s.gw.agent_requests()
    );

    // Junk: none of it may reach the Gateway or kill the bridge.
    let before = s.gw.agent_requests().len();
    s.send(json!({"id": "ws-1", "content": "   \t\n "}));
    s.send(json!({"id": "empty-1", "content": ""}));
    s.send(json!({"id": "num-content", "content": 42}));
    s.send(json!({"id": ["array-id"], "content": "odd id"}));
    s.send(json!([1, 2, 3]));
    s.send(json!("just a string"));
    s.send(json!(null));
    s.send(json!({}));
    s.client.send_text("not json {");
    s.client.send_text("");
    s.client.send_binary(&[0x00, 0xff, 0xfe, 0x01]);
    s.client
        .send_binary(br#"{"id":"bin-json","content":"in a binary frame"}"#);
    s.client.send_text(&"x".repeat(200_000));
    let mut deep = String::new();
    for _ in 0..10_000 {
        deep.push('[');
    }
    s.client.send_text(&deep);

    // A message without id: answered (never the owner's main session).
    s.send(json!({"content": "no id at all"}));
    let answered = s
        .client
        .wait_log(WAIT, |log| {
            log.iter()
                .any(|f| is_terminal(f) && f["content"] == "echo: no id at all")
        })
        .await;
    assert!(answered, "no reply to a message without id\n{}", s.report());
    let no_id =
        s.gw.agent_requests()
            .into_iter()
            .find(|p| p["message"] == "no id at all")
            .unwrap();
    let key = no_id["sessionKey"].as_str().unwrap_or("");
    assert!(
        !key.is_empty() && key != "agent:main:main" && key != "main",
        "an anonymous message went to the main session: {no_id}"
    );

    // Still alive and still working.
    let frames = s.exchange("alive-1", "still there?").await;
    assert_eq!(
        frames.last().unwrap()["content"],
        "echo: still there?",
        "{}",
        s.report()
    );
    assert!(s.bridge.alive());

    let log = s.client.received();
    // Whitespace-only content: ignored, or one error frame; never a run.
    for id in ["ws-1", "empty-1"] {
        for f in frames_for(&log, id) {
            assert_eq!(f["type"], "error", "{id}: {f}");
        }
    }
    let ran: Vec<Value> = s.gw.agent_requests()[before..].to_vec();
    for p in &ran {
        let m = p["message"].as_str().unwrap_or("");
        assert!(
            !m.trim().is_empty(),
            "blank message sent to the Gateway: {p}"
        );
        assert!(
            [
                "no id at all",
                "still there?",
                "in a binary frame",
                "odd id",
                "42"
            ]
            .contains(&m),
            "unexpected run: {p}"
        );
    }
    for f in &log {
        assert!(f.get("type").is_some(), "frame without type: {f}");
    }
}

/// A flood of control messages is answered, every one (a listing or "busy"), and the bridge
/// keeps working: no unbounded pile of Gateway calls, no crash.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_control_messages_is_bounded_and_answered() {
    let mut s = Setup::default().await;
    const N: usize = 400;
    for i in 0..N {
        s.send(json!({"type": "session.list", "id": format!("flood-{i}")}));
    }
    let answered = s
        .client
        .wait_log(WAIT, |log| {
            log.iter()
                .filter(|f| f["type"] == "session.list" && f["data"]["requestId"].is_string())
                .count()
                >= N
        })
        .await;
    assert!(answered, "{}", s.report());
    for f in s.client.received() {
        if f["type"] == "session.list" {
            let d = &f["data"];
            assert!(
                d["sessions"].is_array()
                    || d["error"].as_str().is_some_and(|e| e.starts_with("busy")),
                "{f}"
            );
        }
    }
    s.send(json!({"id": "after-flood", "content": "still here"}));
    let frames = s.until_terminal("after-flood").await;
    assert_eq!(frames.last().unwrap()["content"], "echo: still here");
}
