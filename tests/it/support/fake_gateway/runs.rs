//! `agent`/`chat.send` runs: parameter validation, duplicate `idempotencyKey` handling,
//! registration (per-session lanes, overlap counters), and the start of the run's
//! [`Script`](super::script::Script).

use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};
use tokio::sync::watch;

use super::config::markers;
use super::records::{RunInfo, RunStatus};
use super::script::Script;
use super::sessions::{canonical_key, session_row};
use super::state::Inner;
use super::util::{error_frame, now_ms, ok_frame, unknown_key};

const AGENT_KEYS: &[&str] = &[
    "message",
    "agentId",
    "provider",
    "model",
    "to",
    "replyTo",
    "sessionId",
    "sessionKey",
    "thinking",
    "deliver",
    "attachments",
    "channel",
    "replyChannel",
    "accountId",
    "replyAccountId",
    "threadId",
    "groupId",
    "groupChannel",
    "groupSpace",
    "timeout",
    "maxTurns",
    "bestEffortDeliver",
    "lane",
    "extraSystemPrompt",
    "inputProvenance",
    "idempotencyKey",
    "label",
];

pub(super) fn marker_value(message: &str, prefix: &str) -> Option<u64> {
    let start = message.find(prefix)? + prefix.len();
    let end = message[start..].find("]]")? + start;
    message[start..end].trim().parse().ok()
}

/// Cumulative prefixes of `text`, at most `n`, each strictly longer than the one before.
pub(super) fn split_cumulative(text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let n = n.max(1);
    let mut out: Vec<String> = Vec::new();
    for i in 1..=n {
        let len = chars.len() * i / n;
        if len == 0 || out.last().is_some_and(|l| l.chars().count() >= len) {
            continue;
        }
        out.push(chars[..len].iter().collect());
    }
    if out.is_empty() {
        out.push(text.to_string());
    }
    out
}

pub(super) fn start_run(
    inner: &Arc<Inner>,
    conn_id: u64,
    req_id: Value,
    method: &str,
    params: Value,
) {
    let reply = |v: Value| {
        inner.send_json(conn_id, &v);
    };
    let RunRequest {
        message,
        idem,
        key,
        key_agent,
    } = match run_request(&req_id, method, &params) {
        Ok(r) => r,
        Err(refusal) => return reply(refusal),
    };
    if let Some(answer) = duplicate_answer(inner, &req_id, &idem) {
        return reply(answer);
    }

    let cfg = inner.cfg();
    let (abort_tx, abort_rx) = watch::channel(false);
    register_run(
        inner,
        RunInfo {
            run_id: idem.clone(),
            method: method.to_string(),
            session_key: key.clone(),
            agent_id: key_agent.clone(),
            message: message.clone(),
            conn_id,
            status: RunStatus::Running,
            text: String::new(),
            started_at: Instant::now(),
            ended_at: None,
            final_payload: None,
            final_ok: true,
            abort: Some(abort_tx),
            lane_released: false,
        },
    );

    let ack = if method == "agent" {
        json!({"runId": idem, "sessionKey": key, "agentId": key_agent, "status": "accepted",
               "acceptedAt": now_ms()})
    } else {
        json!({"runId": idem, "status": "started"})
    };
    reply(ok_frame(&req_id, ack));

    let run = Script {
        inner: Arc::clone(inner),
        conn_id,
        req_id,
        method: method.to_string(),
        run_id: idem,
        key,
        agent: key_agent,
        seq: 0,
        abort: abort_rx,
    };
    let text = (cfg.reply)(&message);
    if cfg.instant {
        // No task, no delays: the whole run goes out now.
        let mut run = run;
        run.instant(&text);
    } else {
        tokio::spawn(run.play(cfg, message, text));
    }
}

/// The checked params of an `agent` or `chat.send` request.
struct RunRequest {
    message: String,
    /// The `idempotencyKey`, which is the run id.
    idem: String,
    /// The canonical session key, and its agent.
    key: String,
    key_agent: String,
}

/// Check an `agent`/`chat.send` request's params as the real gateway does; `Err` is the error
/// frame to answer with.
fn run_request(req_id: &Value, method: &str, params: &Value) -> Result<RunRequest, Value> {
    let invalid = |msg: String| error_frame(req_id, "INVALID_REQUEST", &msg, None);
    let allowed: &[&str] = if method == "agent" {
        AGENT_KEYS
    } else {
        &[
            "sessionKey",
            "message",
            "idempotencyKey",
            "deliver",
            "thinking",
            "attachments",
            "timeoutMs",
        ]
    };
    if let Some(k) = unknown_key(params, allowed) {
        return Err(invalid(format!(
            "invalid {method} params: at root: unexpected property '{k}'"
        )));
    }
    let message = params["message"].as_str().unwrap_or("").to_string();
    if message.is_empty() {
        return Err(invalid(format!(
            "invalid {method} params: at /message: must NOT have fewer than 1 characters"
        )));
    }
    let Some(idem) = params["idempotencyKey"]
        .as_str()
        .filter(|k| !k.is_empty())
        .map(str::to_string)
    else {
        return Err(invalid(format!(
            "invalid {method} params: must have required property 'idempotencyKey'"
        )));
    };
    if params["deliver"] == true && params["bestEffortDeliver"] != true {
        return Err(invalid(
            "delivery channel is required: pass --channel or set a default channel".into(),
        ));
    }
    let agent_param = params["agentId"].as_str();
    let raw_key = params["sessionKey"].as_str().unwrap_or("");
    let key = match canonical_key(raw_key, agent_param) {
        Ok(k) => k,
        Err(e) => {
            return Err(invalid(e));
        }
    };
    let key_agent = key.split(':').nth(1).unwrap_or("main").to_string();
    if let Some(a) = agent_param
        && a.trim().to_lowercase() != key_agent
    {
        return Err(invalid(format!(
            "agent \"{a}\" does not match session key agent \"{key_agent}\""
        )));
    }
    if message.contains(markers::REJECT) {
        return Err(invalid("malformed session key".into()));
    }

    Ok(RunRequest {
        message,
        idem,
        key,
        key_agent,
    })
}

/// The answer to a repeated `idempotencyKey`: in flight, or the cached terminal result. (A run
/// lost in a restart is forgotten, as by the real gateway.)
fn duplicate_answer(inner: &Inner, req_id: &Value, idem: &str) -> Option<Value> {
    let existing = inner
        .state
        .lock()
        .unwrap()
        .runs
        .get(idem)
        .filter(|r| r.status != RunStatus::Lost)
        .cloned();
    if let Some(r) = existing {
        let v = match (&r.status, &r.final_payload) {
            (RunStatus::Running, _) | (_, None) => ok_frame(
                req_id,
                json!({"runId": idem, "status": "in_flight", "sessionKey": r.session_key}),
            ),
            (_, Some(p)) if r.final_ok => ok_frame(req_id, p.clone()),
            (_, Some(p)) => {
                let mut f = error_frame(req_id, "UNAVAILABLE", "run failed", None);
                f["payload"] = p.clone();
                f
            }
        };
        return Some(v);
    }
    None
}

/// Record a new run: counted as running (overall and in its session, for the overlap
/// statistics) and its session row marked running.
fn register_run(inner: &Inner, info: RunInfo) {
    let (idem, key, key_agent) = (
        info.run_id.clone(),
        info.session_key.clone(),
        info.agent_id.clone(),
    );
    {
        let mut st = inner.state.lock().unwrap();
        let running_here = {
            let n = st.running_by_session.entry(key.clone()).or_insert(0);
            *n += 1;
            *n
        };
        st.running_total += 1;
        let running = st.running_total;
        st.max_session_overlap = st.max_session_overlap.max(running_here);
        st.max_concurrent_runs = st.max_concurrent_runs.max(running);
        let replaced = st.runs.insert(idem.clone(), info);
        if replaced.is_none() {
            st.run_order.push(idem.clone());
        }
        let row = st
            .sessions
            .entry(key.clone())
            .or_insert_with(|| session_row(&key, &key_agent, &idem));
        row["status"] = json!("running");
        row["lastRunId"] = json!(idem);
        row["updatedAt"] = json!(now_ms());
    }
    inner.bump();
}
