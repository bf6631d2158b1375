//! Session keys: which Gateway session a user message goes to (bridge.md decision 2 and the
//! section 2.4 table). Pure functions; no I/O.

use super::SessionScope;
use super::inbound::UserMessage;

/// The session a message resolves to, or why it resolves to none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Key(String),
    /// `explicit` scope and neither a `session` nor peer routing: answer with an error frame.
    Missing(String),
}

/// Resolve the session key of `msg` for `agent_id` under `scope`. `fresh` supplies a unique
/// suffix for messages with nothing to key on (per-sender scope).
pub fn resolve(
    msg: &UserMessage,
    agent_id: &str,
    scope: SessionScope,
    fresh: &mut dyn FnMut() -> String,
) -> Resolved {
    let _ = (msg, agent_id, scope, fresh);
    todo!("implemented in the session task")
}
