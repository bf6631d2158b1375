//! The relay side: echoes, outages, half-open sockets.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Opts, Setup, WAIT, is_terminal, terminals_for};
use crate::support::fake_gateway::markers;
use crate::support::relay::RelayKind;

/// On a node-style relay that echoes everything to everyone (the sender too),
/// the bridge's own progress/complete/error frames and session answers come back to it and
/// are not re-processed; the `connected` greeting is ignored. No loops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s21_echo_relay_no_loops() {
    let mut s = Setup::start(Opts {
        relay: RelayKind::EchoAll,
        ..Opts::default()
    })
    .await;
    s.exchange("loop-1", "hi [[events:3]]").await;
    s.send(json!({"id": "loop-2", "content": "/help"}));
    s.until_terminal("loop-2").await;
    s.send(json!({"id": "loop-3", "content": format!("no {}", markers::REJECT)}));
    s.until_terminal("loop-3").await;
    s.send(json!({"type": "session.list", "id": "loop-list"}));
    let answered = s
        .client
        .wait_log(WAIT, |log| {
            log.iter()
                .any(|f| f["type"] == "session.list" && f["data"]["requestId"] == "loop-list")
        })
        .await;
    assert!(answered, "no session.list answer\n{}", s.report());
    // Foreign frames a UI client might send into the room: ignored too.
    s.send(json!({"type": "event", "event": "chat", "payload": {"state": "final"}}));
    s.send(json!({"type": "connected", "connectionId": "conn-1-x", "timestamp": "2026-01-01T00:00:00.000Z"}));

    // A quiet period: a loop would keep producing runs and answers.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    s.settle(Duration::from_millis(500)).await;
    let msgs: Vec<Value> =
        s.gw.agent_requests()
            .iter()
            .map(|p| p["message"].clone())
            .collect();
    assert_eq!(
        msgs,
        [
            json!("hi [[events:3]]"),
            json!(format!("no {}", markers::REJECT))
        ],
        "echoed frames were re-processed\n{}",
        s.report()
    );
    let log = s.client.received();
    let answers = log
        .iter()
        .filter(|f| f["type"] == "session.list" && f.get("data").is_some())
        .count();
    assert_eq!(answers, 1, "session.list answers ping-pong\n{}", s.report());
    for id in ["loop-1", "loop-2", "loop-3"] {
        assert_eq!(terminals_for(&log, id).len(), 1, "{id}\n{}", s.report());
    }
    let stray_errors: Vec<&Value> = log
        .iter()
        .filter(|f| f["type"] == "error" && f["replyTo"] != "loop-3")
        .collect();
    assert!(
        stray_errors.is_empty(),
        "errors for echoes/greetings: {stray_errors:?}"
    );
    assert!(s.gw.requests("sessions.list").len() <= 1);
    assert!(s.bridge.alive());
}

/// The relay drops the bridge mid-stream and refuses it for a while; the
/// `complete` and `error` frames produced meanwhile are delivered after the reconnect, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s22_terminal_frames_survive_a_relay_outage() {
    let mut s = Setup::default().await;
    let ok_text = "long reply [[events:6]] [[delay:250]]";
    let err_text = format!("[[delay:400]] {}", markers::CHAT_ERROR);
    s.send(json!({"id": "out-ok", "content": ok_text}));
    s.send(json!({"id": "out-err", "content": err_text}));
    let streaming = s
        .client
        .wait_log(WAIT, |log| log.iter().any(|f| f["replyTo"] == "out-ok"))
        .await;
    assert!(streaming, "{}", s.report());

    s.relay.set_accepting(false);
    s.relay.drop_external();
    s.bridge.wait_event("relay_disconnected", WAIT).await;
    assert!(
        s.gw.wait_runs_finished(2, WAIT).await,
        "runs did not finish\n{}",
        s.report()
    );
    // Give the bridge time to turn the last events into (buffered) terminal frames and to
    // fail a few reconnects.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(
        terminals_for(&s.client.received(), "out-ok").is_empty(),
        "delivered while the relay was down?"
    );
    s.relay.set_accepting(true);

    let delivered = s
        .client
        .wait_log(WAIT, |log| {
            !terminals_for(log, "out-ok").is_empty() && !terminals_for(log, "out-err").is_empty()
        })
        .await;
    assert!(
        delivered,
        "terminal frames lost in the outage\n{}",
        s.report()
    );
    s.settle(Duration::from_millis(800)).await;
    let log = s.client.received();
    let ok = terminals_for(&log, "out-ok");
    let err = terminals_for(&log, "out-err");
    assert_eq!(ok.len(), 1, "{ok:?}");
    assert_eq!(err.len(), 1, "{err:?}");
    assert_eq!(ok[0]["type"], "complete");
    assert_eq!(ok[0]["content"], format!("echo: {ok_text}"));
    assert_eq!(err[0]["type"], "error");
    assert!(s.bridge.events_named("relay_connected").len() >= 2);
    // The reconnect backoff is capped by reconnect_max_ms (500).
    for e in s.bridge.events_named("relay_disconnected") {
        let ms = e["retry_in_ms"].as_u64().unwrap_or(u64::MAX);
        assert!(ms <= 500, "relay retry {ms} ms > reconnect_max_ms: {e}");
    }
}

/// A half-open relay socket (no reads, no pongs, no FIN) is detected by the
/// ping/idle check and replaced.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s25_half_open_relay_is_detected() {
    let mut s = Setup::start(Opts {
        config: json!({"ping_interval_ms": 200, "idle_timeout_ms": 1000}),
        ..Opts::default()
    })
    .await;
    let before = s.relay.external_accepted();
    s.relay.pause_external();
    let replaced = s
        .relay
        .wait_until(WAIT, |r| {
            r.external_accepted() > before && r.external_connections() >= 1
        })
        .await;
    assert!(
        replaced,
        "half-open relay socket never replaced\n{}",
        s.report()
    );
    s.bridge.wait_event("relay_disconnected", WAIT).await;
    let frames = s.exchange("after-half-open", "are we back?").await;
    let last = frames.last().unwrap();
    assert!(is_terminal(last));
    assert_eq!(last["content"], "echo: are we back?", "{}", s.report());
}
