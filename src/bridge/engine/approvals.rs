//! Exec approvals: the Gateway's `exec.approval.*` events of this bridge's own sessions go to
//! the relay, and `/approve <id> yes|always|no` answers them on the Gateway.

use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::mpsc;
use tracing::{debug, info};

use super::{Engine, RPC_TIMEOUT};
use crate::bridge::inbound::UserMessage;
use crate::bridge::{FrameFormat, lock, protocol};
use crate::sanitize::shown;

impl Engine {
    /// `exec.approval.requested|resolved` of this bridge's own sessions go to the relay, so
    /// a user can answer with `/approve <id>`; other sessions' approvals never leave the
    /// Gateway.
    pub(super) async fn forward_approvals(
        self: Arc<Self>,
        mut rx: mpsc::UnboundedReceiver<protocol::Event>,
    ) {
        while let Some(ev) = rx.recv().await {
            let Some(session) = ev
                .payload
                .pointer("/request/sessionKey")
                .or_else(|| ev.payload.get("sessionKey"))
                .and_then(Value::as_str)
                .map(str::to_lowercase)
            else {
                continue;
            };
            let ours = lock(&self.active).contains_key(&session)
                || lock(&self.store).contains_key(&session);
            if !ours {
                debug!(event = %shown(&ev.event), "approval of another session ignored");
                continue;
            }
            let Some(id) = ev.payload.get("id").and_then(Value::as_str) else {
                continue;
            };
            info!(id = %shown(id), session = %shown(&session), event = %shown(&ev.event), "approval forwarded");
            let frame = match self.settings.frames {
                FrameFormat::Gateway => json!({
                    "type": "event", "event": ev.event, "payload": ev.payload, "uid": self.settings.uid,
                }),
                FrameFormat::Legacy if ev.event == "exec.approval.resolved" => json!({
                    "type": "approval.resolved",
                    "id": id,
                    "decision": ev.payload.get("decision"),
                    "session": session,
                }),
                FrameFormat::Legacy => json!({
                    "type": "approval",
                    "id": id,
                    "command": ev.payload.pointer("/request/command"),
                    "session": session,
                    "expiresAtMs": ev.payload.get("expiresAtMs"),
                    "content": format!(
                        "Approval needed for: {}\nAnswer with /approve {id} yes|always|no",
                        ev.payload
                            .pointer("/request/command")
                            .and_then(Value::as_str)
                            .unwrap_or("a command")
                    ),
                }),
            };
            self.outbox.push(frame.to_string());
        }
    }

    /// `/approve <id> [decision]` through `exec.approval.resolve`.
    pub(super) async fn approve(
        &self,
        msg: UserMessage,
        session: String,
        id: String,
        decision: &str,
    ) {
        let Some(conn) = self.gateway.current() else {
            return self.reply_error(
                &msg,
                &session,
                "the Gateway is not connected; try again shortly",
            );
        };
        let res = conn
            .call(
                "exec.approval.resolve",
                json!({"id": id, "decision": decision}),
                RPC_TIMEOUT,
            )
            .await;
        match res {
            Ok(r) if r.ok => {
                let verdict = if decision == "deny" {
                    "denied"
                } else {
                    "approved"
                };
                self.reply_complete(
                    &msg,
                    &session,
                    &format!("Request {id} has been {verdict} ({decision})."),
                );
            }
            Ok(r) => self.reply_error(
                &msg,
                &session,
                format!("approval failed: {}", r.error_text()),
            ),
            Err(e) => self.reply_error(&msg, &session, format!("approval failed: {e}")),
        }
    }
}
