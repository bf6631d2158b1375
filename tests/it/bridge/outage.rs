//! The Gateway goes away mid-run, or while messages arrive.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Opts, Setup, UID, WAIT, idempotency_key, terminals_for};
use crate::support::fake_gateway::markers;

/// The Gateway drops the socket mid-run (the run goes on there): the bridge
/// reconnects and the message ends in exactly one terminal frame: the recovered reply (via
/// `agent.wait` or the remaining events), or an error saying the Gateway was lost. No second
/// run with another key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s23_gateway_drop_mid_run_one_terminal_frame() {
    let mut s = Setup::default().await;
    let text = format!("{} [[events:4]] [[delay:150]]", markers::DROP);
    s.send(json!({"id": "drop-1", "content": text}));
    assert!(
        s.gw.wait_hellos(2, WAIT).await,
        "no reconnect\n{}",
        s.report()
    );
    s.until_terminal("drop-1").await;
    s.settle(Duration::from_secs(2)).await;
    let t = terminals_for(&s.client.received(), "drop-1");
    assert_eq!(t.len(), 1, "{t:?}\n{}", s.report());
    match t[0]["type"].as_str().unwrap() {
        "complete" => assert_eq!(t[0]["content"], format!("echo: {text}")),
        "error" => {
            let e = t[0]["error"].as_str().unwrap_or("").to_lowercase();
            assert!(
                e.contains("gateway") || e.contains("disconnect"),
                "{}",
                t[0]
            );
        }
        other => panic!("unexpected terminal {other}"),
    }
    let key = idempotency_key(UID, "drop-1");
    assert!(
        s.gw.agent_requests()
            .iter()
            .all(|p| p["idempotencyKey"] == key.as_str())
    );
    assert_eq!(s.gw.runs().len(), 1, "the message ran twice");
}

/// The Gateway restarts mid-run and forgets the run: once `gateway_grace_ms` is
/// over and `agent.wait` knows nothing, the message ends in one terminal frame (an error, or
/// the reply of a re-sent run with the same key), and the bridge keeps working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s23_gateway_restart_mid_run() {
    let mut s = Setup::default().await;
    let text = "lost in a restart [[events:6]] [[delay:300]]";
    s.send(json!({"id": "lost-1", "content": text}));
    let streaming = s
        .client
        .wait_log(WAIT, |log| log.iter().any(|f| f["replyTo"] == "lost-1"))
        .await;
    assert!(streaming, "{}", s.report());
    s.gw.restart(Duration::from_millis(1500));
    assert!(
        s.gw.wait_hellos(2, WAIT).await,
        "no reconnect\n{}",
        s.report()
    );
    s.until_terminal("lost-1").await;
    s.settle(Duration::from_secs(2)).await;
    let t = terminals_for(&s.client.received(), "lost-1");
    assert_eq!(t.len(), 1, "{t:?}\n{}", s.report());
    if t[0]["type"] == "complete" {
        assert_eq!(t[0]["content"], format!("echo: {text}"));
        let key = idempotency_key(UID, "lost-1");
        assert!(
            s.gw.agent_requests()
                .iter()
                .all(|p| p["idempotencyKey"] == key.as_str())
        );
    } else {
        assert_eq!(t[0]["type"], "error");
        assert!(t[0]["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    let after = s.exchange("lost-2", "after the restart").await;
    assert_eq!(after.last().unwrap()["content"], "echo: after the restart");
}

/// Messages that arrive while the Gateway is down are queued and sent after the
/// handshake: none lost, none doubled, per-session order kept, the bridge alive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s23_messages_queued_while_gateway_down() {
    // A grace longer than the outage: the messages wait (bounds.rs tests a grace that ends).
    let mut s = Setup::start(Opts {
        config: json!({"gateway_grace_ms": 30_000}),
        ..Opts::default()
    })
    .await;
    s.gw.set_listening(false);
    s.gw.close_all(1012, "service restart");
    s.bridge.wait_event("gateway_disconnected", WAIT).await;

    s.send(json!({"id": "q1", "content": "queued one", "session": "queue-s"}));
    s.send(json!({"id": "q2", "content": "queued two", "session": "queue-s"}));
    s.send(json!({"id": "q3", "content": "queued three", "session": "queue-t"}));
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(s.gw.agent_requests().is_empty());
    assert!(s.bridge.alive(), "{}", s.report());

    s.gw.set_listening(true);
    for id in ["q1", "q2", "q3"] {
        s.until_terminal(id).await;
    }
    s.settle(Duration::from_millis(500)).await;
    let log = s.client.received();
    for (id, text) in [
        ("q1", "queued one"),
        ("q2", "queued two"),
        ("q3", "queued three"),
    ] {
        let t = terminals_for(&log, id);
        assert_eq!(t.len(), 1, "{id}: {t:?}");
        assert_eq!(t[0]["type"], "complete", "{id}: {}\n{}", t[0], s.report());
        assert_eq!(t[0]["content"], format!("echo: {text}"));
    }
    let msgs: Vec<Value> =
        s.gw.agent_requests()
            .iter()
            .map(|p| p["message"].clone())
            .collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    let pos = |m: &str| msgs.iter().position(|x| x == m).unwrap();
    assert!(
        pos("queued one") < pos("queued two"),
        "order in one session: {msgs:?}"
    );
}

/// The queue is bounded while the Gateway is down: past `queue_limit` messages (each in its
/// own session, so none waits behind another), new ones get an error frame at once; the held
/// ones are sent once the Gateway is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s23_the_outage_queue_is_bounded() {
    let mut s = Setup::start(Opts {
        config: json!({"queue_limit": 3, "gateway_grace_ms": 30_000}),
        ..Opts::default()
    })
    .await;
    s.gw.set_listening(false);
    s.gw.close_all(1012, "service restart");
    s.bridge.wait_event("gateway_disconnected", WAIT).await;
    for i in 0..5 {
        s.send(json!({"id": format!("b{i}"), "content": format!("held {i}"), "session": format!("bound-{i}")}));
    }
    for id in ["b3", "b4"] {
        let t = s.until_terminal(id).await;
        let last = t.last().unwrap();
        assert_eq!(last["type"], "error", "{last}");
        assert!(
            last["error"]
                .as_str()
                .is_some_and(|e| e.contains("3 messages waiting")),
            "{last}"
        );
    }
    assert!(s.gw.agent_requests().is_empty());
    s.gw.set_listening(true);
    for id in ["b0", "b1", "b2"] {
        let t = s.until_terminal(id).await;
        assert_eq!(
            t.last().unwrap()["type"],
            "complete",
            "{id}\n{}",
            s.report()
        );
    }
    assert_eq!(s.gw.agent_requests().len(), 3);
}
