//! Session keys end to end (explicit, per-sender and global scopes, peer routing), and the
//! `session.*` control messages.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Opts, Setup, WAIT, frames_for, is_terminal};

/// The `agent` request the Gateway got for `message`.
fn request_for(s: &Setup, message: &str) -> Value {
    s.gw.agent_requests()
        .into_iter()
        .find(|p| p["message"] == message)
        .unwrap_or_else(|| panic!("no agent request for {message:?}"))
}

/// Every row of the 2.4 table, checked on the wire: the `sessionKey` the Gateway
/// received, and the canonical key in the `complete` frame.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s18_session_key_table() {
    let mut s = Setup::default().await;
    // (message fields, key sent to the Gateway, canonical key in the reply)
    let rows: Vec<(Value, &str, &str)> = vec![
        (
            json!({"id": "t1", "session": "My-Chat "}),
            "my-chat",
            "agent:main:my-chat",
        ),
        (
            json!({"id": "t2", "peerKind": "group", "peerId": "-1001234567890", "topicId": "42"}),
            "agent:main:webhook:group:-1001234567890:topic:42",
            "agent:main:webhook:group:-1001234567890:topic:42",
        ),
        (
            json!({"id": "t3", "peerKind": "channel", "peerId": "C01ABC", "threadId": "1700.5"}),
            "agent:main:webhook:channel:c01abc:topic:1700.5",
            "agent:main:webhook:channel:c01abc:topic:1700.5",
        ),
        (
            json!({"id": "t4", "peerKind": "dm", "peerId": "User-ABC", "threadId": "99"}),
            "agent:main:webhook:dm:user-abc:thread:99",
            "agent:main:webhook:dm:user-abc:thread:99",
        ),
        (
            json!({"id": "t5", "peerKind": "dm", "peerId": "u1", "topicId": "5"}),
            "agent:main:webhook:dm:u1",
            "agent:main:webhook:dm:u1",
        ),
        (
            json!({"id": "t6", "senderId": "u1"}),
            "agent:main:webhook:dm:u1",
            "agent:main:webhook:dm:u1",
        ),
        (
            json!({"id": "t7", "chatType": "Group", "chatId": "g1"}),
            "agent:main:webhook:group:g1",
            "agent:main:webhook:group:g1",
        ),
        (
            json!({"id": "m1", "peerKind": "room", "peerId": "x"}),
            "webhook:m1",
            "agent:main:webhook:m1",
        ),
        (
            json!({"id": "m2", "peerKind": "group"}),
            "webhook:m2",
            "agent:main:webhook:m2",
        ),
        (
            json!({"id": "Msg-7"}),
            "webhook:Msg-7",
            "agent:main:webhook:Msg-7",
        ),
    ];
    let mut failures = Vec::new();
    for (i, (fields, sent, canonical)) in rows.iter().enumerate() {
        let mut msg = fields.clone();
        let content = format!("row {i}");
        msg["content"] = json!(content);
        let id = msg["id"].as_str().unwrap().to_string();
        s.send(msg);
        let frames = s.until_terminal(&id).await;
        let last = frames.last().unwrap();
        let got_sent = request_for(&s, &content)["sessionKey"].clone();
        if got_sent != *sent || last["session"] != *canonical || last["type"] != "complete" {
            failures.push(format!(
                "{fields}: sent {got_sent} (want {sent}), reply session {} (want {canonical}), {}",
                last["session"], last["type"]
            ));
        }
    }
    // Nothing but content: a fresh key, never the owner's main session.
    s.send(json!({"content": "row anonymous"}));
    let ok = s
        .client
        .wait_log(WAIT, |log| {
            log.iter()
                .any(|f| is_terminal(f) && f["content"] == "echo: row anonymous")
        })
        .await;
    assert!(ok, "{}", s.report());
    let anon = request_for(&s, "row anonymous")["sessionKey"].clone();
    if anon == "agent:main:main" || anon == "main" || anon == "" || anon.is_null() {
        failures.push(format!("content only: sent {anon}, want a fresh key"));
    }
    assert!(
        failures.is_empty(),
        "session key rows:\n{}",
        failures.join("\n")
    );
}

/// `agent_id` "Ops": peer keys use the lowercased agent, the request keeps "Ops".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s18_agent_id_in_keys() {
    let mut s = Setup::start(Opts {
        config: json!({"agent_id": "Ops"}),
        ..Opts::default()
    })
    .await;
    s.send(json!({"id": "ops-1", "content": "hello ops", "senderId": "u1"}));
    let frames = s.until_terminal("ops-1").await;
    let p = request_for(&s, "hello ops");
    assert_eq!(p["sessionKey"], "agent:ops:webhook:dm:u1", "{p}");
    assert_eq!(p["agentId"], "Ops", "{p}");
    let last = frames.last().unwrap();
    assert_eq!(last["type"], "complete", "{}", s.report());
    assert_eq!(last["session"], "agent:ops:webhook:dm:u1");
}

/// Decision 2, `global`: every message without an explicit session shares one key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s18_global_scope_shares_one_key() {
    let mut s = Setup::start(Opts {
        config: json!({"session_scope": "global"}),
        ..Opts::default()
    })
    .await;
    s.exchange("gl-1", "first global").await;
    s.send(json!({"id": "gl-2", "content": "second global", "senderId": "u1"}));
    s.until_terminal("gl-2").await;
    s.send(json!({"id": "gl-3", "content": "explicit wins", "session": "mine"}));
    s.until_terminal("gl-3").await;
    assert_eq!(
        request_for(&s, "first global")["sessionKey"],
        "agent:main:webhook:global"
    );
    assert_eq!(
        request_for(&s, "second global")["sessionKey"],
        "agent:main:webhook:global"
    );
    assert_eq!(request_for(&s, "explicit wins")["sessionKey"], "mine");
    assert_eq!(
        s.terminal_of("gl-1")["session"],
        "agent:main:webhook:global"
    );
}

/// Decision 2, `explicit`: a message with neither `session` nor peer routing is answered with
/// an `error` frame and not run; the others are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s18_explicit_scope_requires_a_session() {
    let mut s = Setup::start(Opts {
        config: json!({"session_scope": "explicit"}),
        ..Opts::default()
    })
    .await;
    let frames = s.exchange("ex-1", "where do I go?").await;
    let last = frames.last().unwrap();
    assert_eq!(last["type"], "error", "{}", s.report());
    assert!(last["error"].as_str().is_some_and(|e| !e.is_empty()));
    s.send(json!({"id": "ex-2", "content": "peer routed", "senderId": "u7"}));
    s.until_terminal("ex-2").await;
    s.send(json!({"id": "ex-3", "content": "with session", "session": "abc"}));
    s.until_terminal("ex-3").await;
    let msgs: Vec<Value> =
        s.gw.agent_requests()
            .iter()
            .map(|p| p["message"].clone())
            .collect();
    assert!(!msgs.contains(&json!("where do I go?")), "{msgs:?}");
    assert_eq!(
        request_for(&s, "peer routed")["sessionKey"],
        "agent:main:webhook:dm:u7"
    );
    assert_eq!(request_for(&s, "with session")["sessionKey"], "abc");
}

/// The answer to a control request: `{"type": <op>, "data": {..., "requestId": <id>}}`.
async fn control(s: &mut Setup, req: Value) -> Value {
    let op = req["type"].as_str().unwrap().to_string();
    let rid = req["id"].clone();
    s.send(req);
    let found = s
        .client
        .wait_for(WAIT, |f| {
            f["type"] == op.as_str() && f["data"]["requestId"] == rid
        })
        .await;
    match found {
        Some(f) => f,
        None => panic!("no {op} answer with requestId {rid}\n{}", s.report()),
    }
}

/// `session.list|get|reset|delete` answer with the 2.6 shapes and the request id,
/// an unknown key is an error object (and the bridge lives on), reset and delete reach the
/// Gateway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s20_control_messages() {
    let mut s = Setup::default().await;
    let key = "agent:main:webhook:m20";
    let frames = s.exchange("m20", "make a session").await;
    assert_eq!(frames.last().unwrap()["session"], key);

    let list = control(&mut s, json!({"type": "session.list", "id": "req-1"})).await;
    let sessions = list["data"]["sessions"].as_array().expect("data.sessions");
    assert!(
        sessions.iter().any(|r| r["key"] == key),
        "{key} not listed: {list}"
    );
    assert!(list["data"]["count"].as_u64().is_some(), "{list}");

    let get = control(
        &mut s,
        json!({"type": "session.get", "key": key, "id": "req-2"}),
    )
    .await;
    assert_eq!(get["data"]["key"], key, "{get}");
    assert!(get["data"].get("error").is_none(), "{get}");

    let missing = control(
        &mut s,
        json!({"type": "session.get", "key": "no-such-session", "id": "req-3"}),
    )
    .await;
    assert_eq!(missing["data"]["error"], "Session not found", "{missing}");
    assert_eq!(missing["data"]["key"], "no-such-session");
    assert!(
        s.bridge.alive(),
        "session.get on an unknown key killed the bridge"
    );

    let reset = control(
        &mut s,
        json!({"type": "session.reset", "key": key, "id": "req-4"}),
    )
    .await;
    assert_eq!(reset["data"]["success"], true, "{reset}");
    assert_eq!(reset["data"]["key"], key);
    assert!(s.gw.wait_requests("sessions.reset", 1, WAIT).await);
    let p = &s.gw.requests("sessions.reset")[0]["params"];
    assert_eq!(p["key"], key, "{p}");

    let delete = control(
        &mut s,
        json!({"type": "session.delete", "key": key, "id": "req-5"}),
    )
    .await;
    assert_eq!(delete["data"]["success"], true, "{delete}");
    assert!(s.gw.wait_requests("sessions.delete", 1, WAIT).await);
    let p = &s.gw.requests("sessions.delete")[0]["params"];
    assert_eq!(p["key"], key, "{p}");
    assert_eq!(p["deleteTranscript"], true, "{p}");

    // Control requests are not user messages.
    s.settle(Duration::from_millis(300)).await;
    assert_eq!(s.gw.agent_requests().len(), 1);
    assert!(frames_for(&s.client.received(), "req-1").is_empty());
    let after = s.exchange("m20b", "still fine").await;
    assert_eq!(after.last().unwrap()["content"], "echo: still fine");
}
