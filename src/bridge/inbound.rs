//! Classifies frames read from the relay: user messages, control messages, slash commands, and
//! everything the bridge must ignore (its own frames echoed back, greetings, other clients'
//! traffic). Also owns the `/help` text and the `/approve` argument grammar. Pure functions; no
//! I/O.
//!
//! The rules:
//! - a frame that is not a JSON object is ignored;
//! - `type` `session.list|get|reset|delete` is a control request, unless the frame carries
//!   `data`: then it is a control *answer* (ours, echoed back by a relay) and is ignored;
//! - any other `type` except `message`/`user` is ignored. The bridge only ever writes typed
//!   frames, so a relay that echoes them back cannot start a loop (the Go bridge fed its own
//!   `complete` frames to the agent);
//! - everything else is a user message candidate: `content` must be a non-blank string, and the
//!   id-like fields may be JSON strings or numbers (the Go bridge silently dropped `"id":123`).

use serde_json::{Map, Value};

/// A user message, as read from the relay (the bridge page's inbound schema, plus the Go
/// bridge's aliases). Every id-like field is accepted as a JSON string or number and kept as a
/// string; empty strings (and `null`) count as absent.
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

impl ControlOp {
    /// The op named by a frame's `type` (`session.list`, ...), if it is one.
    pub fn from_type(frame_type: &str) -> Option<Self> {
        match frame_type {
            "session.list" => Some(Self::List),
            "session.get" => Some(Self::Get),
            "session.reset" => Some(Self::Reset),
            "session.delete" => Some(Self::Delete),
            _ => None,
        }
    }

    /// The frame `type` of the request and of its answer.
    pub fn frame_type(self) -> &'static str {
        match self {
            Self::List => "session.list",
            Self::Get => "session.get",
            Self::Reset => "session.reset",
            Self::Delete => "session.delete",
        }
    }
}

/// A slash command in a user message's content (`/help`, `/new`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlashCommand {
    Help,
    /// `/new` or `/reset`: reset the Gateway session.
    Reset {
        new: bool,
    },
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

/// The reply to `/approve` without usable arguments.
pub const APPROVE_USAGE: &str = "Usage: /approve <request-id> [yes|always|no]";

/// The `/help` reply (markdown).
const HELP_TEXT: &str = "\
**Commands**

- `/help`: show this help
- `/new`: start a new conversation (resets this session on the Gateway)
- `/reset`: reset this session on the Gateway
- `/approve <request-id> [yes|always|no]`: answer a pending exec approval \
(default `yes`, allow once; `always` allows from now on; `no` denies)

**Control messages** (JSON frames; the answer echoes `id` as `requestId`)

- `{\"type\":\"session.list\",\"id\":\"r1\"}`: list this bridge's sessions
- `{\"type\":\"session.get\",\"key\":\"<session>\",\"id\":\"r2\"}`: show one session
- `{\"type\":\"session.reset\",\"key\":\"<session>\",\"id\":\"r3\"}`: reset a session on the Gateway
- `{\"type\":\"session.delete\",\"key\":\"<session>\",\"id\":\"r4\"}`: delete a session and its transcript

Any other message goes to the agent. Send `session` back (from a reply's `session`) to \
continue a conversation.";

/// Classify one text frame.
pub fn classify(text: &str) -> Inbound {
    let Some(obj) = parse_object(text) else {
        return Inbound::Ignore("not a JSON object");
    };
    match frame_kind(&obj) {
        FrameKind::Control(op) => control_request(op, &obj),
        FrameKind::UserCandidate => user_message(&obj),
        FrameKind::Other(reason) => Inbound::Ignore(reason),
    }
}

/// The `id` of a frame, for the `replyTo` of the error frame that answers an
/// [`Inbound::Invalid`]: a non-empty string or a number, else `None`. Never fails.
pub fn reply_id(text: &str) -> Option<String> {
    parse_object(text).and_then(|obj| id_field(&obj, "id").ok().flatten())
}

/// A frame over `max_message_bytes`: `Ok(reply id)` when it was meant for the bridge (a user
/// message or a control request, answered with an `error` frame), `Err(reason)` when it is
/// somebody else's traffic (ignored as [`classify`] would). Only `type`, `id`, `data` and
/// `content` are looked at, and the rest is skipped without being kept, so a large frame costs
/// no more than its text.
pub fn oversized(text: &str) -> Result<Option<String>, &'static str> {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(rename = "type", default)]
        frame_type: Option<Value>,
        #[serde(default)]
        id: Option<Value>,
        #[serde(default)]
        data: Option<serde::de::IgnoredAny>,
        #[serde(default)]
        content: Option<serde::de::IgnoredAny>,
    }
    let head: Head = serde_json::from_str(text).map_err(|_| "not a JSON object")?;
    let mut obj = Map::new();
    if let Some(t) = head.frame_type {
        obj.insert("type".into(), t);
    }
    if let Some(id) = head.id {
        obj.insert("id".into(), id);
    }
    let id = id_field(&obj, "id").ok().flatten();
    match frame_kind(&obj) {
        FrameKind::Control(_) if head.data.is_some() => Err("a control answer (ours, echoed back)"),
        FrameKind::Control(_) => Ok(id),
        FrameKind::UserCandidate if head.content.is_none() && id.is_none() => Err("no content"),
        FrameKind::UserCandidate => Ok(id),
        FrameKind::Other(reason) => Err(reason),
    }
}

/// The slash command in `content`, when `trim(content)` starts with `/`: drop
/// the `/`, split at the first ASCII space, lowercase the command, trim the arguments. So
/// `"/help\nx"` is the unknown command `help\nx`, as in the Go bridge.
pub fn slash_command(content: &str) -> Option<SlashCommand> {
    let rest = content.trim().strip_prefix('/')?;
    let (name, args) = rest.split_once(' ').unwrap_or((rest, ""));
    let args = args.trim();
    Some(match name.to_lowercase().as_str() {
        "help" => SlashCommand::Help,
        "new" => SlashCommand::Reset { new: true },
        "reset" => SlashCommand::Reset { new: false },
        "approve" => SlashCommand::Approve(args.to_owned()),
        other => SlashCommand::Unknown(other.to_owned()),
    })
}

/// The `/help` reply: markdown listing the slash commands and the control messages.
pub fn help_text() -> &'static str {
    HELP_TEXT
}

/// Parse `/approve` arguments, `<request-id> [decision]`, into the approval id and the
/// `exec.approval.resolve` decision. No decision word means allow once (as in the Go bridge).
/// No arguments, an unknown decision word or extra words give [`APPROVE_USAGE`].
pub fn parse_approve(args: &str) -> Result<(String, &'static str), String> {
    let mut words = args.split_whitespace();
    let id = words.next().ok_or_else(usage)?;
    let decision = match words.next() {
        None => "allow-once",
        Some(word) => approve_decision(word).ok_or_else(usage)?,
    };
    if words.next().is_some() {
        return Err(usage());
    }
    Ok((id.to_owned(), decision))
}

fn usage() -> String {
    APPROVE_USAGE.to_owned()
}

fn approve_decision(word: &str) -> Option<&'static str> {
    match word.to_lowercase().as_str() {
        "yes" | "y" | "approve" | "allow" | "allow-once" => Some("allow-once"),
        "always" | "allow-always" => Some("allow-always"),
        "no" | "n" | "deny" | "reject" => Some("deny"),
        _ => None,
    }
}

fn parse_object(text: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(obj)) => Some(obj),
        _ => None,
    }
}

/// What a frame's `type` makes of it.
enum FrameKind {
    Control(ControlOp),
    UserCandidate,
    Other(&'static str),
}

fn frame_kind(obj: &Map<String, Value>) -> FrameKind {
    let frame_type = match obj.get("type") {
        None | Some(Value::Null) => return FrameKind::UserCandidate,
        Some(Value::String(t)) => t.as_str(),
        Some(_) => return FrameKind::Other("`type` is not a string"),
    };
    if let Some(op) = ControlOp::from_type(frame_type) {
        return FrameKind::Control(op);
    }
    match frame_type {
        "" | "message" | "user" => FrameKind::UserCandidate,
        "progress" | "complete" | "error" => FrameKind::Other("a reply frame (ours, echoed back)"),
        "connected" => FrameKind::Other("relay greeting"),
        "event" | "req" | "res" => FrameKind::Other("a Gateway protocol frame"),
        _ => FrameKind::Other("frame type is not for the bridge"),
    }
}

fn control_request(op: ControlOp, obj: &Map<String, Value>) -> Inbound {
    if obj.contains_key("data") {
        return Inbound::Ignore("a control answer (ours, echoed back)");
    }
    let fields = id_field(obj, "key").and_then(|key| Ok((key, id_field(obj, "id")?)));
    match fields {
        Ok((key, request_id)) => Inbound::Control(ControlRequest {
            op,
            key: key.or_else(|| request_id.clone()),
            request_id,
        }),
        Err(e) => Inbound::Invalid(e),
    }
}

fn user_message(obj: &Map<String, Value>) -> Inbound {
    let content = match obj.get("content") {
        Some(Value::String(s)) if !s.is_empty() => s.as_str(),
        _ => return missing_content(obj),
    };
    let msg = match user_fields(obj, content) {
        Ok(msg) => msg,
        Err(e) => return Inbound::Invalid(e),
    };
    if content.trim().is_empty() {
        return Inbound::Invalid("empty message".to_owned());
    }
    match slash_command(content) {
        Some(cmd) => Inbound::Command(msg, cmd),
        None => Inbound::User(msg),
    }
}

/// No usable `content`: a frame with an id was meant for us (answer it), anything else is
/// somebody else's traffic.
fn missing_content(obj: &Map<String, Value>) -> Inbound {
    match id_field(obj, "id") {
        Ok(Some(_)) => Inbound::Invalid("content must be a non-empty string".to_owned()),
        _ => Inbound::Ignore("no content"),
    }
}

fn user_fields(obj: &Map<String, Value>, content: &str) -> Result<UserMessage, String> {
    Ok(UserMessage {
        id: id_field(obj, "id")?,
        content: content.to_owned(),
        session: id_field(obj, "session")?,
        peer_kind: id_field(obj, "peerKind")?,
        peer_id: id_field(obj, "peerId")?,
        chat_type: id_field(obj, "chatType")?,
        chat_id: id_field(obj, "chatId")?,
        sender_id: id_field(obj, "senderId")?,
        topic_id: id_field(obj, "topicId")?,
        thread_id: id_field(obj, "threadId")?,
    })
}

/// An id-like field: a string (empty means absent) or a number (rendered as JSON renders it);
/// absent or `null` is `None`; anything else is an error naming the field.
fn id_field(obj: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(format!("`{name}` must be a string or a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fields of a user message that carry ids.
    const ID_FIELDS: [&str; 9] = [
        "id", "session", "peerKind", "peerId", "chatType", "chatId", "senderId", "topicId",
        "threadId",
    ];

    #[test]
    fn oversized_frames_are_answered_only_when_meant_for_the_bridge() {
        let big = "x".repeat(10_000);
        let user = format!(r#"{{"id":"m1","content":"{big}","peerId":"p"}}"#);
        assert_eq!(oversized(&user), Ok(Some("m1".to_owned())));
        let numbered = format!(r#"{{"type":"message","id":7,"content":"{big}"}}"#);
        assert_eq!(oversized(&numbered), Ok(Some("7".to_owned())));
        let anonymous = format!(r#"{{"content":"{big}"}}"#);
        assert_eq!(oversized(&anonymous), Ok(None));
        let control = format!(r#"{{"type":"session.get","id":"r1","key":"{big}"}}"#);
        assert_eq!(oversized(&control), Ok(Some("r1".to_owned())));
        // Our own frames echoed back, other traffic and non-JSON stay ignored (no loop).
        let echoed = format!(r#"{{"type":"complete","replyTo":"m1","content":"{big}"}}"#);
        assert!(oversized(&echoed).is_err());
        let answer = format!(r#"{{"type":"session.list","data":{{"x":"{big}"}}}}"#);
        assert!(oversized(&answer).is_err());
        assert!(oversized(&format!(r#"{{"other":"{big}"}}"#)).is_err());
        assert!(oversized(&big).is_err());
        assert!(oversized("[1,2]").is_err());
    }

    fn user(text: &str) -> UserMessage {
        match classify(text) {
            Inbound::User(msg) => msg,
            other => panic!("{text}: expected a user message, got {other:?}"),
        }
    }

    fn command(text: &str) -> SlashCommand {
        match classify(text) {
            Inbound::Command(_, cmd) => cmd,
            other => panic!("{text}: expected a command, got {other:?}"),
        }
    }

    fn control(text: &str) -> ControlRequest {
        match classify(text) {
            Inbound::Control(req) => req,
            other => panic!("{text}: expected a control request, got {other:?}"),
        }
    }

    fn is_ignored(text: &str) -> bool {
        matches!(classify(text), Inbound::Ignore(_))
    }

    fn invalid(text: &str) -> String {
        match classify(text) {
            Inbound::Invalid(reason) => reason,
            other => panic!("{text}: expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn non_objects_are_ignored() {
        for text in [
            "",
            "hello",
            "{",
            "[]",
            "[{\"content\":\"hi\"}]",
            "42",
            "\"hi\"",
            "null",
            "true",
        ] {
            assert_eq!(
                classify(text),
                Inbound::Ignore("not a JSON object"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_plain_message_keeps_every_field() {
        let msg = user(
            r#"{"id":"m1","content":"hi","session":"S","peerKind":"group","peerId":"g",
                "chatType":"dm","chatId":"c","senderId":"u","topicId":"t","threadId":"th"}"#,
        );
        let expected = UserMessage {
            id: Some("m1".into()),
            content: "hi".into(),
            session: Some("S".into()),
            peer_kind: Some("group".into()),
            peer_id: Some("g".into()),
            chat_type: Some("dm".into()),
            chat_id: Some("c".into()),
            sender_id: Some("u".into()),
            topic_id: Some("t".into()),
            thread_id: Some("th".into()),
        };
        assert_eq!(msg, expected);
    }

    #[test]
    fn content_is_kept_verbatim() {
        assert_eq!(
            user(r#"{"content":"  hi there \n"}"#).content,
            "  hi there \n"
        );
    }

    #[test]
    fn numeric_ids_are_rendered_as_json_renders_them() {
        let msg = user(r#"{"id":123,"content":"hi","peerId":-1001234567890,"topicId":4.5}"#);
        assert_eq!(msg.id.as_deref(), Some("123"));
        assert_eq!(msg.peer_id.as_deref(), Some("-1001234567890"));
        assert_eq!(msg.topic_id.as_deref(), Some("4.5"));
    }

    #[test]
    fn empty_and_null_ids_are_absent() {
        let msg = user(r#"{"id":"","content":"hi","session":null,"peerId":""}"#);
        assert_eq!(msg.id, None);
        assert_eq!(msg.session, None);
        assert_eq!(msg.peer_id, None);
    }

    #[test]
    fn other_id_types_are_invalid_and_name_the_field() {
        for field in ID_FIELDS {
            for bad in ["true", "[]", "{}", "[\"x\"]"] {
                let text = format!(r#"{{"content":"hi","{field}":{bad}}}"#);
                assert_eq!(
                    invalid(&text),
                    format!("`{field}` must be a string or a number")
                );
            }
        }
    }

    #[test]
    fn message_and_user_types_are_user_messages() {
        for t in [r#""message""#, r#""user""#, r#""""#, "null"] {
            let msg = user(&format!(r#"{{"type":{t},"id":"m1","content":"hi"}}"#));
            assert_eq!(msg.id.as_deref(), Some("m1"));
        }
    }

    #[test]
    fn our_own_frames_echoed_back_are_ignored() {
        let echoes = [
            r#"{"type":"progress","content":"Hel","session":"webhook:m1","replyTo":"m1"}"#,
            r#"{"type":"complete","content":"Hello","session":"webhook:m1","replyTo":"m1"}"#,
            r#"{"type":"complete","content":"/help","session":""}"#,
            r#"{"type":"error","error":"boom","content":"boom","session":"k","replyTo":"m1"}"#,
            r#"{"type":"event","event":"agent","uid":"u","payload":{"runId":"r"}}"#,
            r#"{"type":"session.list","data":{"sessions":[],"count":0,"requestId":"r1"}}"#,
            r#"{"type":"session.get","data":{"error":"Session not found","key":"k"}}"#,
            r#"{"type":"session.reset","data":{"success":true,"key":"k"},"id":"x"}"#,
            r#"{"type":"session.delete","data":null}"#,
        ];
        for text in echoes {
            assert!(is_ignored(text), "{text}: {:?}", classify(text));
        }
    }

    #[test]
    fn greetings_and_foreign_frames_are_ignored() {
        let frames = [
            r#"{"type":"connected","content":"welcome"}"#,
            r#"{"type":"res","id":"1","ok":true}"#,
            r#"{"type":"req","id":"1","method":"agent","content":"x"}"#,
            r#"{"type":"approval","id":"a1","command":"rm -rf"}"#,
            r#"{"type":"message-from-other-clients","id":"m1","content":"hi"}"#,
            r#"{"type":"Message","id":"m1","content":"hi"}"#,
            r#"{"type":7,"id":"m1","content":"hi"}"#,
            r#"{"type":{"x":1},"content":"hi"}"#,
        ];
        for text in frames {
            assert!(is_ignored(text), "{text}: {:?}", classify(text));
        }
    }

    #[test]
    fn no_content_and_no_id_is_ignored() {
        for text in [
            "{}",
            r#"{"hello":"world"}"#,
            r#"{"content":""}"#,
            r#"{"content":5}"#,
            r#"{"content":null,"id":""}"#,
            r#"{"id":true}"#,
        ] {
            assert_eq!(classify(text), Inbound::Ignore("no content"), "{text}");
        }
    }

    #[test]
    fn bad_content_with_an_id_is_invalid() {
        for text in [
            r#"{"id":"m1"}"#,
            r#"{"id":7,"content":""}"#,
            r#"{"id":"m1","content":42}"#,
            r#"{"id":"m1","content":["hi"]}"#,
            r#"{"id":"m1","content":null}"#,
        ] {
            assert_eq!(
                invalid(text),
                "content must be a non-empty string",
                "{text}"
            );
        }
    }

    #[test]
    fn whitespace_only_content_is_an_empty_message() {
        assert_eq!(
            invalid(r#"{"id":"m1","content":"  \n\t "}"#),
            "empty message"
        );
        assert_eq!(invalid(r#"{"content":" "}"#), "empty message");
    }

    #[test]
    fn control_requests() {
        let req = control(r#"{"type":"session.list","id":"r1"}"#);
        assert_eq!(req.op, ControlOp::List);
        assert_eq!(req.request_id.as_deref(), Some("r1"));

        let req = control(r#"{"type":"session.get","key":"webhook:m1","id":"r2"}"#);
        assert_eq!(req.op, ControlOp::Get);
        assert_eq!(req.key.as_deref(), Some("webhook:m1"));
        assert_eq!(req.request_id.as_deref(), Some("r2"));

        let req = control(r#"{"type":"session.reset","key":"k"}"#);
        assert_eq!(
            (req.op, req.key.as_deref(), req.request_id),
            (ControlOp::Reset, Some("k"), None)
        );

        let req = control(r#"{"type":"session.delete","key":"k","content":"ignored"}"#);
        assert_eq!(req.op, ControlOp::Delete);
    }

    #[test]
    fn control_key_falls_back_to_id() {
        let req = control(r#"{"type":"session.get","id":"webhook:m1"}"#);
        assert_eq!(req.key.as_deref(), Some("webhook:m1"));
        let req = control(r#"{"type":"session.get","key":"","id":"k2"}"#);
        assert_eq!(req.key.as_deref(), Some("k2"));
        let req = control(r#"{"type":"session.list"}"#);
        assert_eq!((req.key, req.request_id), (None, None));
    }

    #[test]
    fn control_ids_may_be_numbers() {
        let req = control(r#"{"type":"session.get","key":42,"id":7}"#);
        assert_eq!(req.key.as_deref(), Some("42"));
        assert_eq!(req.request_id.as_deref(), Some("7"));
    }

    #[test]
    fn control_with_a_bad_key_is_invalid() {
        assert_eq!(
            invalid(r#"{"type":"session.get","key":{}}"#),
            "`key` must be a string or a number"
        );
        assert_eq!(
            invalid(r#"{"type":"session.get","id":[1]}"#),
            "`id` must be a string or a number"
        );
    }

    #[test]
    fn control_op_round_trips_its_frame_type() {
        for op in [
            ControlOp::List,
            ControlOp::Get,
            ControlOp::Reset,
            ControlOp::Delete,
        ] {
            assert_eq!(ControlOp::from_type(op.frame_type()), Some(op));
        }
        assert_eq!(ControlOp::from_type("session.create"), None);
    }

    #[test]
    fn slash_commands() {
        assert_eq!(command(r#"{"content":"/help"}"#), SlashCommand::Help);
        assert_eq!(command(r#"{"content":"  /HELP  "}"#), SlashCommand::Help);
        assert_eq!(
            command(r#"{"content":"/new"}"#),
            SlashCommand::Reset { new: true }
        );
        assert_eq!(
            command(r#"{"content":"/Reset now"}"#),
            SlashCommand::Reset { new: false }
        );
        assert_eq!(
            command(r#"{"content":"/approve"}"#),
            SlashCommand::Approve(String::new())
        );
        assert_eq!(
            command(r#"{"content":"/approve  abc   yes  "}"#),
            SlashCommand::Approve("abc   yes".into())
        );
        assert_eq!(
            command(r#"{"content":"/foo bar"}"#),
            SlashCommand::Unknown("foo".into())
        );
        assert_eq!(
            command(r#"{"content":"/"}"#),
            SlashCommand::Unknown(String::new())
        );
    }

    #[test]
    fn commands_split_at_the_first_ascii_space_only() {
        assert_eq!(
            command(r#"{"content":"/help\nx"}"#),
            SlashCommand::Unknown("help\nx".into())
        );
        assert_eq!(
            command(r#"{"content":"/path/to/x y"}"#),
            SlashCommand::Unknown("path/to/x".into())
        );
    }

    #[test]
    fn commands_keep_the_whole_message() {
        let text = r#"{"type":"message","id":9,"content":" /new ","session":"k"}"#;
        let Inbound::Command(msg, SlashCommand::Reset { new: true }) = classify(text) else {
            panic!("{:?}", classify(text));
        };
        assert_eq!(msg.id.as_deref(), Some("9"));
        assert_eq!(msg.content, " /new ");
        assert_eq!(msg.session.as_deref(), Some("k"));
    }

    #[test]
    fn text_that_merely_contains_a_slash_is_a_message() {
        user(r#"{"content":"a/b"}"#);
        user(r#"{"content":"see http://x/y"}"#);
    }

    #[test]
    fn reply_id_is_best_effort() {
        assert_eq!(
            reply_id(r#"{"id":"m1","content":42}"#).as_deref(),
            Some("m1")
        );
        assert_eq!(
            reply_id(r#"{"id":12,"content":" "}"#).as_deref(),
            Some("12")
        );
        assert_eq!(reply_id(r#"{"id":true}"#), None);
        assert_eq!(reply_id("not json"), None);
    }

    #[test]
    fn approve_decisions() {
        let ok = |args: &str| parse_approve(args).expect(args);
        assert_eq!(ok("abc"), ("abc".into(), "allow-once"));
        for word in ["yes", "y", "approve", "allow", "allow-once", "YES"] {
            assert_eq!(ok(&format!("abc {word}")).1, "allow-once", "{word}");
        }
        for word in ["always", "allow-always", "Always"] {
            assert_eq!(ok(&format!("abc {word}")).1, "allow-always", "{word}");
        }
        for word in ["no", "n", "deny", "reject", "NO"] {
            assert_eq!(ok(&format!("abc {word}")).1, "deny", "{word}");
        }
        assert_eq!(ok("  Req-7\t no ").0, "Req-7");
    }

    #[test]
    fn approve_usage_errors() {
        for args in ["", "   ", "abc maybe", "abc yes please"] {
            assert_eq!(
                parse_approve(args),
                Err(APPROVE_USAGE.to_owned()),
                "{args:?}"
            );
        }
    }

    #[test]
    fn help_lists_commands_and_control_messages() {
        let help = help_text();
        for item in [
            "/help",
            "/new",
            "/reset",
            "/approve",
            "session.list",
            "session.get",
        ] {
            assert!(help.contains(item), "{item}");
        }
        assert!(help.contains("session.reset") && help.contains("session.delete"));
    }

    /// Arbitrary JSON, biased towards the fields the classifier looks at.
    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop_oneof![
                Just("session.list".to_owned()),
                Just("session.get".to_owned()),
                Just("message".to_owned()),
                Just("complete".to_owned()),
                Just("/approve x yes".to_owned()),
                Just(" ".to_owned()),
                "\\PC{0,12}",
                "/[a-zA-Z \n]{0,8}",
            ]
            .prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 8, |inner| {
            let key = prop_oneof![
                Just("type".to_owned()),
                Just("content".to_owned()),
                Just("data".to_owned()),
                Just("key".to_owned()),
                proptest::sample::select(ID_FIELDS.to_vec()).prop_map(str::to_owned),
                "[a-z]{1,6}",
            ];
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::vec((key, inner), 0..8)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn never_panics_on_any_string(text in "\\PC{0,64}") {
            let _ = classify(&text);
            let _ = reply_id(&text);
            let _ = slash_command(&text);
            let _ = parse_approve(&text);
        }

        #[test]
        fn never_panics_on_any_json(value in json_value()) {
            let text = value.to_string();
            let obj = value.as_object();
            let has_data = obj.is_some_and(|o| o.contains_key("data"));
            match classify(&text) {
                Inbound::Control(_) => prop_assert!(!has_data),
                Inbound::Command(msg, _) => prop_assert!(msg.content.trim().starts_with('/')),
                Inbound::User(msg) => {
                    prop_assert!(!msg.content.trim().is_empty());
                    prop_assert!(!msg.content.trim().starts_with('/'));
                }
                Inbound::Ignore(_) | Inbound::Invalid(_) => {}
            }
        }
    }
}
