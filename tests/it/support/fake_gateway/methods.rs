//! Request dispatch after `hello-ok`: method and scope checks, `agent.wait`, `chat.abort`,
//! `exec.approval.resolve`; runs and sessions are in their own modules.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::records::{RunInfo, RunStatus};
use super::runs::start_run;
use super::sessions::{canonical_key, sessions_delete, sessions_list, sessions_reset};
use super::state::{Inner, has_scope, record_frame};
use super::util::{error_frame, forbidden, now_ms, ok_frame};

pub(super) const METHODS: &[&str] = &[
    "health",
    "agent",
    "agent.wait",
    "chat.send",
    "chat.abort",
    "chat.history",
    "sessions.list",
    "sessions.reset",
    "sessions.delete",
    "exec.approval.resolve",
];

pub(super) fn handle_text(inner: &Arc<Inner>, conn_id: u64, text: &str) {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        return;
    };
    record_frame(inner, conn_id, &frame);
    if frame["type"] != "req" {
        return; // e.g. {"type":"cancel"}
    }
    let id = frame["id"].clone();
    let params = frame.get("params").cloned().unwrap_or(json!({}));
    let method = frame["method"].as_str().unwrap_or("");
    // The scope each method needs, checked before its params.
    let need = match method {
        "agent" | "chat.send" | "chat.abort" | "sessions.reset" => Some("operator.write"),
        "agent.wait" | "sessions.list" => Some("operator.read"),
        "sessions.delete" if params["archivedOnly"] == true => Some("operator.write"),
        "sessions.delete" => Some("operator.admin"),
        "exec.approval.resolve" => Some("operator.approvals"),
        _ => None,
    };
    if let Some(scope) = need
        && !has_scope(inner, conn_id, scope)
    {
        inner.send_json(conn_id, &forbidden(&id, scope));
        return;
    }
    let answer = match method {
        "connect" => error_frame(&id, "INVALID_REQUEST", "already connected", None),
        "health" => ok_frame(&id, json!({"ok": true, "ts": now_ms()})),
        // These answer on their own, later.
        "agent" | "chat.send" => return start_run(inner, conn_id, id, method, params),
        "agent.wait" => return agent_wait(inner, conn_id, id, &params),
        "chat.abort" => chat_abort(inner, &id, &params),
        "chat.history" => ok_frame(
            &id,
            json!({"sessionKey": params["sessionKey"], "messages": [], "hasMore": false}),
        ),
        "sessions.list" => sessions_list(inner, &id, &params),
        "sessions.reset" => sessions_reset(inner, &id, &params),
        "sessions.delete" => sessions_delete(inner, &id, &params),
        "exec.approval.resolve" => approval_resolve(&id, &params),
        other => error_frame(
            &id,
            "INVALID_REQUEST",
            &format!("unknown method: {other}"),
            None,
        ),
    };
    inner.send_json(conn_id, &answer);
}

/// `agent.wait`: answered when the run finishes (not when it was lost), or with
/// `status: "timeout"` after `timeoutMs` (at most 120 s).
fn agent_wait(inner: &Arc<Inner>, conn_id: u64, id: Value, params: &Value) {
    let run_id = params["runId"].as_str().unwrap_or("").to_string();
    if run_id.is_empty() {
        inner.send_json(
            conn_id,
            &error_frame(
                &id,
                "INVALID_REQUEST",
                "invalid agent.wait params: at /runId: must NOT have fewer than 1 characters",
                None,
            ),
        );
        return;
    }
    let timeout = Duration::from_millis(params["timeoutMs"].as_u64().unwrap_or(30_000))
        .min(Duration::from_secs(120));
    let inner = Arc::clone(inner);
    tokio::spawn(async move {
        let mut rx = inner.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            let snap = inner
                .state
                .lock()
                .unwrap()
                .runs
                .get(&run_id)
                .filter(|r| r.finished() && r.status != RunStatus::Lost)
                .map(wait_snapshot);
            if let Some(s) = snap {
                inner.send_json(conn_id, &ok_frame(&id, s));
                return;
            }
            if tokio::time::timeout_at(deadline, rx.changed())
                .await
                .is_err()
            {
                inner.send_json(
                    conn_id,
                    &ok_frame(&id, json!({"runId": run_id, "status": "timeout"})),
                );
                return;
            }
        }
    });
}

/// `chat.abort`: the running runs of a session (or the one `runId`) are aborted.
fn chat_abort(inner: &Inner, id: &Value, params: &Value) -> Value {
    let key = params["sessionKey"].as_str().unwrap_or("");
    let key = canonical_key(key, None).unwrap_or_default();
    let want = params["runId"].as_str();
    let mut ids = Vec::new();
    {
        let st = inner.state.lock().unwrap();
        for r in st.runs.values() {
            if r.status == RunStatus::Running
                && (r.session_key == key || want == Some(r.run_id.as_str()))
                && want.is_none_or(|w| w == r.run_id)
            {
                if let Some(a) = &r.abort {
                    let _ = a.send(true);
                }
                ids.push(r.run_id.clone());
            }
        }
    }
    ok_frame(
        id,
        json!({"ok": true, "aborted": !ids.is_empty(), "runIds": ids}),
    )
}

/// `exec.approval.resolve`: the decision is checked and echoed.
fn approval_resolve(id: &Value, params: &Value) -> Value {
    let decision = params["decision"].as_str().unwrap_or("");
    if !["allow-once", "allow-always", "deny"].contains(&decision)
        || params["id"].as_str().is_none_or(str::is_empty)
    {
        return error_frame(
            id,
            "INVALID_REQUEST",
            "invalid exec.approval.resolve params",
            None,
        );
    }
    ok_frame(
        id,
        json!({"ok": true, "id": params["id"], "decision": decision}),
    )
}

fn wait_snapshot(r: &RunInfo) -> Value {
    let ended = now_ms();
    match &r.status {
        RunStatus::Ok => json!({"runId": r.run_id, "status": "ok", "endedAt": ended,
            "stopReason": "stop", "livenessState": "working",
            "terminalReply": {"disposition": if r.text.is_empty() { "silent" } else { "visible" },
                              "text": r.text}}),
        RunStatus::Error(e) => {
            json!({"runId": r.run_id, "status": "error", "endedAt": ended, "error": e})
        }
        RunStatus::Timeout => {
            json!({"runId": r.run_id, "status": "timeout", "endedAt": ended, "stopReason": "timeout"})
        }
        RunStatus::Aborted => {
            json!({"runId": r.run_id, "status": "timeout", "endedAt": ended, "stopReason": "rpc",
                   "aborted": true})
        }
        RunStatus::Running | RunStatus::Lost => json!({"runId": r.run_id, "status": "timeout"}),
    }
}
