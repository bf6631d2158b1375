//! The engine's side of the session store: remembering the sessions it used, the canonical key
//! it knows a session by, and writing the store to `bridge-sessions.json` when it changed.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tracing::warn;

use super::store::{STORE_FLUSH, STORE_LIMIT, save_sessions};
use super::{Engine, now_ms};
use crate::bridge::inbound::UserMessage;
use crate::bridge::{lock, session};

impl Engine {
    /// Write the session store when it changed (at most every [`STORE_FLUSH`], and once more
    /// at shutdown).
    pub(super) async fn persist_sessions(self: Arc<Self>) {
        let Some(path) = self.settings.sessions_file.clone() else {
            return;
        };
        loop {
            let stopping = tokio::select! {
                _ = tokio::time::sleep(STORE_FLUSH) => false,
                _ = self.shutdown.cancelled() => true,
            };
            if self.store_dirty.swap(false, Ordering::Relaxed) {
                let snapshot = lock(&self.store).clone();
                let target = path.clone();
                let written =
                    tokio::task::spawn_blocking(move || save_sessions(&target, snapshot)).await;
                match written {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => {
                        warn!(path = %path.display(), error = %format!("{e:#}"), "cannot save the session list");
                    }
                    Err(e) => warn!(error = %e, "saving the session list failed"),
                }
            }
            if stopping {
                return;
            }
        }
    }

    pub(super) fn remember(&self, msg: &UserMessage, key: &str, session_id: Option<String>) {
        let mut store = lock(&self.store);
        if store.len() >= STORE_LIMIT
            && !store.contains_key(key)
            && let Some(oldest) = store
                .iter()
                .min_by_key(|(_, m)| m.updated_at)
                .map(|(k, _)| k.clone())
        {
            store.remove(&oldest);
        }
        let meta = store.entry(key.to_owned()).or_default();
        meta.updated_at = now_ms();
        if session_id.is_some() {
            meta.session_id = session_id;
        }
        let to = msg
            .peer_id
            .clone()
            .or_else(|| msg.chat_id.clone())
            .or_else(|| msg.sender_id.clone())
            .or_else(|| msg.id.clone());
        if to.is_some() {
            meta.to = to;
        }
        if msg.thread_id.is_some() || msg.topic_id.is_some() {
            meta.thread_id = msg.topic_id.clone().or_else(|| msg.thread_id.clone());
        }
        self.store_dirty.store(true, Ordering::Relaxed);
    }

    /// The canonical key the bridge knows a session by: as given, or under this agent.
    pub(super) fn canonical(&self, key: &str) -> String {
        let key = key.trim();
        if key.starts_with("agent:") {
            return key.to_lowercase();
        }
        let store = lock(&self.store);
        let prefixed = format!(
            "agent:{}:{key}",
            session::agent_key_part(&self.settings.agent_id)
        );
        if store.contains_key(key) {
            return key.to_owned();
        }
        if !store.contains_key(&prefixed) && store.contains_key(&prefixed.to_lowercase()) {
            return prefixed.to_lowercase();
        }
        prefixed
    }
}
