//! Slash commands.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Opts, Setup, WAIT};

const SESSION: &str = "agent:main:webhook:cmd";

/// Send a command in the test session; its terminal frame.
async fn ask(s: &mut Setup, id: &str, content: &str) -> Value {
    s.send(json!({"id": id, "content": content, "session": SESSION}));
    let frames = s.until_terminal(id).await;
    frames.last().unwrap().clone()
}

/// `/help` and `/approve` usage are answered locally, `/approve X yes|no`
/// resolves through `exec.approval.resolve`, `/new` and `/reset` reset the Gateway session,
/// unknown commands are an error text; none of them is an agent run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s19_slash_commands() {
    let mut s = Setup::default().await;

    let help = ask(&mut s, "c-help", "/help").await;
    assert_eq!(help["type"], "complete", "{help}");
    assert!(
        help["content"].as_str().is_some_and(|t| t.contains("/new")),
        "help text does not list /new: {help}"
    );

    let usage = ask(&mut s, "c-usage", "/approve").await;
    assert_eq!(usage["type"], "complete", "{usage}");
    assert!(
        usage["content"]
            .as_str()
            .is_some_and(|t| t.contains("Usage: /approve")),
        "{usage}"
    );

    let yes = ask(&mut s, "c-yes", "/approve X yes").await;
    assert!(
        s.gw.wait_requests("exec.approval.resolve", 1, WAIT).await,
        "{}",
        s.report()
    );
    assert_eq!(
        s.gw.requests("exec.approval.resolve")[0]["params"],
        json!({"id": "X", "decision": "allow-once"})
    );
    assert_eq!(yes["type"], "complete", "{yes}");

    ask(&mut s, "c-no", "/approve Y no").await;
    assert!(s.gw.wait_requests("exec.approval.resolve", 2, WAIT).await);
    assert_eq!(
        s.gw.requests("exec.approval.resolve")[1]["params"],
        json!({"id": "Y", "decision": "deny"})
    );

    for (n, (id, cmd)) in [("c-new", "/new"), ("c-reset", "/reset")]
        .iter()
        .enumerate()
    {
        let done = ask(&mut s, id, cmd).await;
        assert_eq!(done["type"], "complete", "{cmd}: {done}");
        assert_eq!(done["content"], "Session reset.", "{cmd}: {done}");
        assert!(s.gw.wait_requests("sessions.reset", n + 1, WAIT).await);
        let p = &s.gw.requests("sessions.reset")[n]["params"];
        assert_eq!(p["key"], SESSION, "{cmd}: {p}");
    }

    let unknown = ask(&mut s, "c-foo", "/foo bar").await;
    assert_eq!(
        unknown["content"], "Error: unknown command: /foo",
        "{unknown}"
    );

    s.settle(Duration::from_millis(300)).await;
    assert!(
        s.gw.agent_requests().is_empty(),
        "a command became an agent run: {:?}",
        s.gw.agent_requests()
    );
    assert!(s.bridge.alive());
}

/// Approvals: an `exec.approval.requested` for a session of this bridge reaches the relay as an
/// `approval` frame (with the id `/approve` needs); one for another session never does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approvals_of_own_sessions_only_are_forwarded() {
    let mut s = Setup::default().await;
    s.send(json!({"id": "ap-1", "content": "run a command [[events:8]] [[delay:150]]", "session": SESSION}));
    assert!(
        s.client
            .wait_log(WAIT, |log| log.iter().any(|f| f["replyTo"] == "ap-1"))
            .await,
        "{}",
        s.report()
    );
    s.gw.inject_event(
        "exec.approval.requested",
        json!({"id": "appr-foreign", "request": {"command": "SECRET rm -rf /", "sessionKey": "agent:main:telegram:dm:42"}, "createdAtMs": 1, "expiresAtMs": 2}),
    );
    s.gw.inject_event(
        "exec.approval.requested",
        json!({"id": "appr-own", "request": {"command": "ls -la", "sessionKey": SESSION}, "createdAtMs": 1, "expiresAtMs": 2}),
    );
    assert!(
        s.client
            .wait_log(WAIT, |log| log.iter().any(|f| f["type"] == "approval"))
            .await,
        "{}",
        s.report()
    );
    s.until_terminal("ap-1").await;
    s.settle(Duration::from_millis(500)).await;
    let log = s.client.received();
    let approvals: Vec<&Value> = log.iter().filter(|f| f["type"] == "approval").collect();
    assert_eq!(approvals.len(), 1, "{approvals:?}");
    assert_eq!(approvals[0]["id"], "appr-own");
    assert_eq!(approvals[0]["command"], "ls -la");
    assert_eq!(approvals[0]["session"], SESSION);
    assert!(
        log.iter().all(|f| !f.to_string().contains("SECRET")),
        "another session's approval leaked: {log:?}"
    );
    // The id is what /approve takes.
    let done = ask(&mut s, "ap-2", "/approve appr-own yes").await;
    assert_eq!(done["type"], "complete", "{done}");
    assert_eq!(
        s.gw.requests("exec.approval.resolve").last().unwrap()["params"],
        json!({"id": "appr-own", "decision": "allow-once"})
    );
}

/// With `"frames":"gateway"`, a command's reply is a chat `final` event like the runs' (with
/// `uid`), never a legacy `complete`: a client of that format sees one format only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn command_replies_follow_the_gateway_frame_format() {
    let mut s = Setup::start(Opts {
        config: json!({"frames": "gateway"}),
        ..Opts::default()
    })
    .await;
    s.send(json!({"id": "g-help", "content": "/help", "session": SESSION}));
    assert!(
        s.client
            .wait_log(WAIT, |log| log.iter().any(|f| f["event"] == "chat"))
            .await,
        "{}",
        s.report()
    );
    s.settle(Duration::from_millis(300)).await;
    let log = s.client.received();
    assert!(
        log.iter().all(|f| f["type"] == "event"),
        "a legacy frame in the gateway format: {log:?}"
    );
    let reply = log.iter().find(|f| f["event"] == "chat").unwrap();
    assert_eq!(reply["payload"]["state"], "final", "{reply}");
    assert_eq!(reply["payload"]["sessionKey"], SESSION, "{reply}");
    assert!(reply["uid"].is_string(), "{reply}");
    assert!(
        reply["payload"]["message"]["content"][0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("/new")),
        "{reply}"
    );
}
