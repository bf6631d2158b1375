//! Control requests from the relay (`session.list|get|reset|delete`) and the `/reset` and
//! `/new` commands: answered from the session store merged with the Gateway's own rows, acting
//! on the Gateway (`sessions.reset`, `sessions.delete`) where they should.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use serde_json::{Map, Value, json};
use tracing::info;

use super::store::SessionMeta;
use super::{Engine, RPC_TIMEOUT, Waited, error_data, human, now_ms};
use crate::bridge::inbound::{ControlOp, ControlRequest, UserMessage};
use crate::bridge::{lock, protocol};
use crate::sanitize::shown;

impl Engine {
    pub(super) async fn on_control(self: Arc<Self>, req: ControlRequest) {
        let op = req.op;
        let data = match (op, req.key.as_deref()) {
            (ControlOp::List, _) => self.list_sessions().await,
            (_, None) => error_data("a `key` is required", None),
            (ControlOp::Get, Some(key)) => self.get_session(key).await,
            (ControlOp::Reset, Some(key)) => match self.reset_session(key, "reset").await {
                Ok(mut data) => {
                    data.insert("key".into(), key.into());
                    data
                }
                Err(e) => error_data(&format!("Failed to reset session: {e}"), Some(key)),
            },
            (ControlOp::Delete, Some(key)) => self.delete_session(key).await,
        };
        let name = op.frame_type().trim_start_matches("session.");
        self.outbox.push(protocol::control_answer(
            name,
            data,
            req.request_id.as_deref(),
        ));
    }

    pub(super) fn session_row(&self, key: &str, meta: &SessionMeta) -> Map<String, Value> {
        let mut delivery = json!({"channel": "webhook", "accountId": self.settings.uid});
        if let Some(to) = &meta.to {
            delivery["to"] = to.clone().into();
        }
        if let Some(t) = &meta.thread_id {
            delivery["threadId"] = t.clone().into();
        }
        let mut row = Map::new();
        row.insert("key".into(), key.into());
        if let Some(id) = &meta.session_id {
            row.insert("sessionId".into(), id.clone().into());
        }
        row.insert("updatedAt".into(), meta.updated_at.into());
        row.insert("deliveryContext".into(), delivery);
        row.insert("lastChannel".into(), "webhook".into());
        if let Some(to) = &meta.to {
            row.insert("lastTo".into(), to.clone().into());
        }
        row
    }

    /// The Gateway's rows by key (empty when it is down or refuses).
    pub(super) async fn gateway_sessions(&self) -> HashMap<String, Value> {
        let Some(conn) = self.gateway.current() else {
            return HashMap::new();
        };
        let Ok(res) = conn
            .call("sessions.list", json!({"limit": 1000}), RPC_TIMEOUT)
            .await
        else {
            return HashMap::new();
        };
        res.payload
            .get("sessions")
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .filter_map(|r| Some((r.get("key")?.as_str()?.to_owned(), r.clone())))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(super) fn merged(
        &self,
        key: &str,
        meta: &SessionMeta,
        gw: &HashMap<String, Value>,
    ) -> Value {
        let mut meta = meta.clone();
        if let Some(row) = gw.get(key) {
            if let Some(id) = row.get("sessionId").and_then(Value::as_str) {
                meta.session_id = Some(id.to_owned());
            }
            if let Some(at) = row.get("updatedAt").and_then(Value::as_i64) {
                meta.updated_at = meta.updated_at.max(at);
            }
        }
        Value::Object(self.session_row(key, &meta))
    }

    pub(super) async fn list_sessions(&self) -> Map<String, Value> {
        let gw = self.gateway_sessions().await;
        let mine: Vec<(String, SessionMeta)> = lock(&self.store)
            .iter()
            .map(|(k, m)| (k.clone(), m.clone()))
            .collect();
        let mut rows: Vec<Value> = mine.iter().map(|(k, m)| self.merged(k, m, &gw)).collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r["updatedAt"].as_i64().unwrap_or(0)));
        let mut data = Map::new();
        data.insert("count".into(), rows.len().into());
        data.insert("sessions".into(), rows.into());
        data
    }

    pub(super) async fn get_session(&self, key: &str) -> Map<String, Value> {
        let canonical = self.canonical(key);
        let meta = lock(&self.store).get(&canonical).cloned();
        let Some(meta) = meta else {
            return error_data("Session not found", Some(key));
        };
        let gw = self.gateway_sessions().await;
        match self.merged(&canonical, &meta, &gw) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    /// `sessions.reset` on the Gateway; the answer's data on success.
    pub(super) async fn reset_session(
        &self,
        key: &str,
        reason: &str,
    ) -> Result<Map<String, Value>, String> {
        let canonical = self.canonical(key);
        let payload = self
            .rpc(
                "sessions.reset",
                json!({"key": canonical, "reason": reason}),
            )
            .await?;
        let session_id = payload
            .pointer("/entry/sessionId")
            .and_then(Value::as_str)
            .map(str::to_owned);
        {
            let mut store = lock(&self.store);
            let meta = store.entry(canonical.clone()).or_default();
            meta.updated_at = now_ms();
            if session_id.is_some() {
                meta.session_id.clone_from(&session_id);
            }
            self.store_dirty.store(true, Ordering::Relaxed);
        }
        info!(session = %shown(&canonical), "session reset on the Gateway");
        let mut data = Map::new();
        data.insert("success".into(), true.into());
        if let Some(id) = session_id {
            data.insert("sessionId".into(), id.into());
        }
        Ok(data)
    }

    pub(super) async fn delete_session(&self, key: &str) -> Map<String, Value> {
        let canonical = self.canonical(key);
        let deleted = self
            .rpc(
                "sessions.delete",
                json!({"key": canonical, "deleteTranscript": true}),
            )
            .await;
        if let Err(e) = deleted {
            return error_data(&format!("Failed to delete session: {e}"), Some(key));
        }
        lock(&self.store).remove(&canonical);
        self.store_dirty.store(true, Ordering::Relaxed);
        info!(session = %shown(&canonical), "session deleted on the Gateway");
        let mut data = Map::new();
        data.insert("success".into(), true.into());
        data.insert("key".into(), key.into());
        data
    }

    /// A session RPC on the current connection: its payload, or why there is none (not
    /// connected, no answer, refused) in words for an answer frame.
    pub(super) async fn rpc(&self, method: &str, params: Value) -> Result<Value, String> {
        let conn = self
            .gateway
            .current()
            .ok_or("the Gateway is not connected; try again shortly")?;
        let res = conn
            .call(method, params, RPC_TIMEOUT)
            .await
            .map_err(|e| e.to_string())?;
        if res.ok {
            Ok(res.payload)
        } else {
            Err(res.error_text())
        }
    }

    /// `/new` and `/reset`: reset the Gateway session, in order with the session's messages.
    pub(super) async fn reset_command(
        &self,
        key: &str,
        msg: UserMessage,
        new: bool,
        received: Instant,
    ) {
        match self.gateway_for(received).await {
            Waited::Up(_) => {}
            Waited::Down(waited) => {
                return self.reply_error(
                    &msg,
                    key,
                    format!(
                        "the Gateway is not connected (waited {}); send the command again later",
                        human(waited)
                    ),
                );
            }
            Waited::Shutdown => {
                return self.reply_error(
                    &msg,
                    key,
                    "the bridge stopped before the session was reset; send the command again later",
                );
            }
        }
        let reason = if new { "new" } else { "reset" };
        let canonical = self.canonical(key);
        match self.reset_session(key, reason).await {
            Ok(_) => self.reply_complete(&msg, &canonical, "Session reset."),
            Err(e) => self.reply_error(&msg, &canonical, format!("Failed to reset session: {e}")),
        }
    }
}
