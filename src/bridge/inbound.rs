//! Classifies frames read from the relay: user messages, control messages, slash commands, and
//! everything the bridge must ignore (its own frames echoed back, greetings, other clients'
//! traffic). Pure functions; no I/O.

/// A user message, as read from the relay (the bridge page's inbound schema, plus the Go
/// bridge's aliases). Every id-like field is accepted as a JSON string or number and kept as a
/// string; empty strings count as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserMessage {
    pub id: Option<String>,
    pub content: String,
    pub session: Option<String>,
    pub peer_kind: Option<String>,
    pub peer_id: Option<String>,
    pub chat_type: Option<String>,
    pub chat_id: Option<String>,
    pub sender_id: Option<String>,
    pub topic_id: Option<String>,
    pub thread_id: Option<String>,
}

/// A control message (`session.list|get|reset|delete`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlRequest {
    pub op: ControlOp,
    /// `key`, else `id` (the Go bridge's fallback).
    pub key: Option<String>,
    /// The request's `id`, echoed as `requestId` in the answer.
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlOp {
    List,
    Get,
    Reset,
    Delete,
}

/// A slash command in a user message's content (`/help`, `/new`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlashCommand {
    Help,
    /// `/new` or `/reset`: reset the Gateway session.
    Reset { new: bool },
    /// `/approve` with its raw argument text (may be empty).
    Approve(String),
    /// Anything else, lowercased, without the `/`.
    Unknown(String),
}

/// What to do with one relay frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    User(UserMessage),
    Command(UserMessage, SlashCommand),
    Control(ControlRequest),
    /// Not for the bridge: log at debug with this reason and move on.
    Ignore(&'static str),
    /// Meant for the bridge but unusable: answer with an `error` frame carrying this text.
    Invalid(String),
}

/// Classify one text frame.
pub fn classify(text: &str) -> Inbound {
    let _ = text;
    todo!("implemented in the inbound task")
}
