//! Sessions: canonical session keys and `sessions.list|reset|delete`.

use serde_json::{Value, json};

use super::state::Inner;
use super::util::{error_frame, now_ms, ok_frame, uuid_like};

/// `sessions.list`, with `limit` and `search`.
pub(super) fn sessions_list(inner: &Inner, id: &Value, params: &Value) -> Value {
    let limit = params["limit"].as_u64().unwrap_or(200) as usize;
    let search = params["search"].as_str().unwrap_or("").to_lowercase();
    let rows: Vec<Value> = {
        let st = inner.state.lock().unwrap();
        st.sessions
            .values()
            .filter(|r| {
                search.is_empty()
                    || r["key"]
                        .as_str()
                        .unwrap_or("")
                        .to_lowercase()
                        .contains(&search)
            })
            .cloned()
            .collect()
    };
    let total = rows.len();
    let page: Vec<Value> = rows.into_iter().take(limit).collect();
    ok_frame(
        id,
        json!({"ts": now_ms(), "path": "/fake/openclaw-agent.sqlite", "count": page.len(),
               "totalCount": total, "limitApplied": limit, "nextOffset": null,
               "hasMore": total > page.len(), "owners": [],
               "defaults": {"modelProvider": "fake", "model": "echo-model"},
               "sessions": page}),
    )
}

/// `sessions.reset`: a new `sessionId` for the key (the row is created when missing).
pub(super) fn sessions_reset(inner: &Inner, id: &Value, params: &Value) -> Value {
    let Some(key) = params["key"].as_str().filter(|k| !k.is_empty()) else {
        return error_frame(
            id,
            "INVALID_REQUEST",
            "invalid sessions.reset params: must have required property 'key'",
            None,
        );
    };
    let key = match canonical_key(key, None) {
        Ok(k) => k,
        Err(e) => return error_frame(id, "INVALID_REQUEST", &e, None),
    };
    let entry = {
        let mut st = inner.state.lock().unwrap();
        let row = st
            .sessions
            .entry(key.clone())
            .or_insert_with(|| session_row(&key, "main", ""));
        row["sessionId"] = json!(uuid_like());
        row["updatedAt"] = json!(now_ms());
        row["resetCount"] = json!(row["resetCount"].as_u64().unwrap_or(0) + 1);
        row.clone()
    };
    inner.bump();
    ok_frame(
        id,
        json!({"ok": true, "key": key, "entry": {"sessionId": entry["sessionId"],
               "updatedAt": entry["updatedAt"], "sessionStartedAt": now_ms(),
               "systemSent": false, "abortedLastRun": false, "chatType": "direct"},
               "resolved": {"modelProvider": "fake", "model": "echo-model"}}),
    )
}

/// `sessions.delete`.
pub(super) fn sessions_delete(inner: &Inner, id: &Value, params: &Value) -> Value {
    let Some(key) = params["key"].as_str().filter(|k| !k.is_empty()) else {
        return error_frame(
            id,
            "INVALID_REQUEST",
            "invalid sessions.delete params: must have required property 'key'",
            None,
        );
    };
    let key = canonical_key(key, None).unwrap_or_else(|_| key.to_string());
    let existed = inner.state.lock().unwrap().sessions.remove(&key).is_some();
    inner.bump();
    ok_frame(
        id,
        json!({"ok": true, "key": key, "deleted": existed, "archived": []}),
    )
}

/// `agent:<agent>:<rest>` stays (if well-formed); anything else goes under
/// `agent:<agent or main>:`; empty is the agent's main session.
pub fn canonical_key(key: &str, agent_id: Option<&str>) -> Result<String, String> {
    let agent = agent_id
        .filter(|a| !a.trim().is_empty())
        .map(|a| a.trim().to_lowercase())
        .unwrap_or_else(|| "main".to_string());
    let key = key.trim();
    if key.is_empty() {
        return Ok(format!("agent:{agent}:main"));
    }
    if let Some(rest) = key.strip_prefix("agent:") {
        return match rest.split_once(':') {
            Some((a, r)) if !a.is_empty() && !r.is_empty() => Ok(key.to_string()),
            _ => Err("malformed session key".to_string()),
        };
    }
    Ok(format!("agent:{agent}:{key}"))
}

pub(super) fn session_row(key: &str, agent: &str, run_id: &str) -> Value {
    json!({"key": key, "sessionId": uuid_like(), "kind": "direct", "agentId": agent,
           "displayName": key.splitn(3, ':').nth(2).unwrap_or(key), "status": "running",
           "lastRunId": run_id, "model": "echo-model", "modelProvider": "fake",
           "updatedAt": now_ms(), "createdVia": "run"})
}
