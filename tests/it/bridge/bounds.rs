//! Hostile input against the bridge: what it holds is bounded in bytes as well as in
//! messages, a message over `max_message_bytes` is answered and not forwarded (and a frame far
//! over it closes the relay socket with 1009), a message queued while the Gateway is down is
//! answered after `gateway_grace_ms`, and relay fields never reach the log raw.

use std::time::{Duration, Instant};

use serde_json::json;

use super::{Opts, READY, Setup, WAIT, terminals_for};

/// Take the Gateway away and wait until the bridge noticed.
async fn gateway_down(s: &mut Setup) {
    s.gw.set_listening(false);
    s.gw.close_all(1012, "service restart");
    s.bridge.wait_event("gateway_disconnected", WAIT).await;
}

/// The error text of `id`'s one terminal frame (which must be an error).
async fn error_of(s: &mut Setup, id: &str) -> String {
    let frames = s.until_terminal(id).await;
    let last = frames.last().unwrap().clone();
    assert_eq!(last["type"], "error", "{id}: {last}\n{}", s.report());
    last["error"].as_str().unwrap_or_default().to_owned()
}

/// A message queued while the Gateway is down gets its error frame once `gateway_grace_ms` is
/// over (it once got no frame at all until the bridge stopped), also the second of one session,
/// which does not wait a second grace behind the first. Nothing reaches the Gateway later, and
/// the bridge works again when the Gateway is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_queued_while_the_gateway_is_down_is_answered_after_the_grace() {
    let mut s = Setup::start(Opts {
        config: json!({"gateway_grace_ms": 300}),
        ..Opts::default()
    })
    .await;
    gateway_down(&mut s).await;
    let sent = Instant::now();
    s.send(json!({"id": "g1", "content": "first", "session": "grace-a"}));
    s.send(json!({"id": "g2", "content": "second", "session": "grace-a"}));
    s.send(json!({"id": "g3", "content": "other", "session": "grace-b"}));
    for id in ["g1", "g2", "g3"] {
        let e = error_of(&mut s, id).await;
        assert!(
            e.contains("the Gateway is not connected (waited") && e.contains("try again later"),
            "{id}: {e}"
        );
    }
    // Generous (a loaded machine), and far below "never": all three within one bound.
    let took = sent.elapsed();
    assert!(took < Duration::from_secs(10), "{took:?}\n{}", s.report());

    s.gw.set_listening(true);
    s.bridge.wait_event_n("gateway_connected", 2, WAIT).await;
    let after = s.exchange("g4", "back again").await;
    assert_eq!(after.last().unwrap()["content"], "echo: back again");
    s.settle(Duration::from_millis(300)).await;
    let log = s.client.received();
    for id in ["g1", "g2", "g3"] {
        assert_eq!(terminals_for(&log, id).len(), 1, "{id}: one terminal frame");
    }
    let sent_to_gateway: Vec<_> = s.gw.agent_requests();
    assert_eq!(sent_to_gateway.len(), 1, "{sent_to_gateway:?}");
    assert_eq!(sent_to_gateway[0]["message"], "back again");
}

/// A message over `max_message_bytes` gets an error frame naming the limit and never reaches
/// the Gateway; a frame over the socket cap (16 x the limit) closes the relay socket with 1009,
/// the bridge reconnects and says so, and keeps working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_over_max_message_bytes_is_refused_and_not_forwarded() {
    let mut s = Setup::start(Opts {
        config: json!({"max_message_bytes": 2048}),
        ..Opts::default()
    })
    .await;
    s.send(json!({"id": "big-1", "content": "x".repeat(3000)}));
    let e = error_of(&mut s, "big-1").await;
    assert!(
        e.contains("message too large") && e.contains("max_message_bytes = 2048"),
        "{e}"
    );
    // Just under the limit still runs.
    let fits = "y".repeat(1900);
    let ok = s.exchange("fits-1", &fits).await;
    assert_eq!(ok.last().unwrap()["type"], "complete", "{}", s.report());
    let msgs: Vec<_> =
        s.gw.agent_requests()
            .iter()
            .map(|p| p["message"].as_str().unwrap_or("").len())
            .collect();
    assert_eq!(msgs, [1900], "only the message that fits was sent");

    // Between the limit and the socket cap (32 KiB): read, answered, not forwarded.
    s.send(json!({"id": "big-2", "content": "x".repeat(30_000)}));
    let e = error_of(&mut s, "big-2").await;
    assert!(e.contains("message too large"), "{e}");
    // Over the socket cap: the socket is closed with 1009 and reopened.
    s.send(json!({"id": "huge-1", "content": "z".repeat(40_000)}));
    let closed = s
        .relay
        .wait_until(WAIT, |r| {
            r.history()
                .iter()
                .any(|c| !c.test_client && c.close_code == Some(1009))
        })
        .await;
    assert!(closed, "no 1009 close from the bridge\n{}", s.report());
    let gone = s.bridge.wait_event("relay_disconnected", WAIT).await;
    assert!(
        gone["reason"].as_str().is_some_and(|r| r.contains("1009")),
        "{gone}"
    );
    s.bridge.wait_event_n("relay_connected", 2, WAIT).await;
    assert!(
        s.relay.wait_external_connections(1, READY).await,
        "{}",
        s.report()
    );
    let again = s.exchange("after-huge", "still here").await;
    assert_eq!(again.last().unwrap()["content"], "echo: still here");
    assert!(
        s.bridge.stderr().contains("1009"),
        "the close is logged\n{}",
        s.report()
    );
    assert_eq!(s.gw.agent_requests().len(), 2);
}

/// Held bytes are bounded by `queue_bytes`: while the Gateway is down, a message that would
/// take the held bytes over it gets an error frame at once; the held ones run when the Gateway
/// is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn held_bytes_over_queue_bytes_are_refused() {
    let mut s = Setup::start(Opts {
        config: json!({"queue_bytes": 5000, "gateway_grace_ms": 30_000}),
        ..Opts::default()
    })
    .await;
    gateway_down(&mut s).await;
    // About 2,050 bytes a frame: two fit in 5,000, the third does not.
    for i in 0..3 {
        s.send(json!({
            "id": format!("qb{i}"),
            "content": format!("{i}{}", "q".repeat(2000)),
            "session": format!("qb-{i}"),
        }));
    }
    let e = error_of(&mut s, "qb2").await;
    assert!(
        e.contains("queue_bytes") && e.contains("try again later"),
        "{e}"
    );
    assert!(s.gw.agent_requests().is_empty());
    s.gw.set_listening(true);
    for id in ["qb0", "qb1"] {
        let t = s.until_terminal(id).await;
        assert_eq!(
            t.last().unwrap()["type"],
            "complete",
            "{id}\n{}",
            s.report()
        );
    }
    // Released when answered: the next one fits again.
    let again = s.exchange("qb3", "small").await;
    assert_eq!(again.last().unwrap()["content"], "echo: small");
    assert_eq!(s.gw.agent_requests().len(), 3);
}

/// Relay fields with terminal control bytes (ESC, BEL, CR, a bidi override) in the message id
/// and `peerId` (which the session key is built from) never reach the bridge's log raw, at
/// the default level or at debug; the frames keep them exact (JSON escapes them).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_fields_never_reach_the_log_raw() {
    let mut s = Setup::start(Opts {
        env: vec![("RUST_LOG", "ocw=debug".to_owned())],
        ..Opts::default()
    })
    .await;
    let id = "ev\u{1b}]0;pwned\u{7}il\u{202e}\r";
    let peer = "p\u{1b}[2J\u{7}\u{202e}x\r";
    s.send(json!({"id": id, "content": "hello", "peerId": peer}));
    let frames = s.until_terminal(id).await;
    assert_eq!(frames.last().unwrap()["replyTo"], id, "kept exact in JSON");
    s.settle(Duration::from_millis(500)).await;
    let log = s.bridge.stderr();
    assert!(
        log.contains("message answered"),
        "the message was logged\n{log}"
    );
    for raw in ['\u{1b}', '\u{7}', '\u{202e}', '\r'] {
        assert!(
            !log.contains(raw),
            "{raw:?} shown raw in the bridge's log:\n{log:?}"
        );
    }
    assert!(log.contains("\\u{202e}"), "shown escaped:\n{log}");
}
