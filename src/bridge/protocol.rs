//! Wire types: the OpenClaw Gateway's `req`/`res`/`event` frames, and the frames the bridge
//! writes to the relay.
//!
//! Gateway payloads are large, versioned and mostly irrelevant to the bridge, so they stay
//! `serde_json::Value`; only the envelope and the fields the bridge acts on are typed.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// Scopes asked for in `connect`; `operator.write` is the one a run needs.
pub const SCOPES: [&str; 4] = [
    "operator.read",
    "operator.write",
    "operator.admin",
    "operator.approvals",
];
pub const WRITE_SCOPE: &str = "operator.write";

/// A frame read from the Gateway.
#[derive(Debug)]
pub enum Incoming {
    Res(Response),
    Event(Event),
    Other,
}

/// Every field of either frame kind, read in one pass (serde's internally tagged enums buffer
/// the whole frame first, which was a fifth of the bridge's CPU per message).
#[derive(Deserialize)]
struct RawFrame<'a> {
    #[serde(rename = "type", borrow)]
    kind: std::borrow::Cow<'a, str>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    ok: Option<bool>,
    #[serde(default)]
    payload: Value,
    #[serde(default)]
    error: Option<ErrorShape>,
    #[serde(default)]
    event: Option<String>,
}

impl Incoming {
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let raw: RawFrame<'_> = serde_json::from_str(text)?;
        Ok(match (&*raw.kind, raw.id, raw.ok, raw.event) {
            ("res", Some(id), Some(ok), _) => Self::Res(Response {
                id,
                ok,
                payload: raw.payload,
                error: raw.error,
            }),
            ("event", _, _, Some(event)) => Self::Event(Event {
                event,
                payload: raw.payload,
            }),
            _ => Self::Other,
        })
    }
}

/// `{"type":"res","id","ok","payload"?,"error"?}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Response {
    pub id: String,
    pub ok: bool,
    #[serde(default)]
    pub payload: Value,
    #[serde(default)]
    pub error: Option<ErrorShape>,
}

impl Response {
    /// `payload.status` (`accepted`, `in_flight`, `ok`, `timeout`, `error`, `started`).
    pub fn status(&self) -> Option<&str> {
        self.payload.get("status").and_then(Value::as_str)
    }

    /// The error text of a failed response, for a user-facing frame.
    pub fn error_text(&self) -> String {
        match &self.error {
            Some(e) => e.message.clone(),
            None => self
                .payload
                .get("summary")
                .and_then(Value::as_str)
                .unwrap_or("the Gateway refused the request")
                .to_owned(),
        }
    }
}

/// `error` of a failed `res`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorShape {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub details: Value,
    #[serde(default)]
    pub retryable: Option<bool>,
    #[serde(default)]
    pub retry_after_ms: Option<u64>,
}

impl ErrorShape {
    /// `details.code` when present (the precise reason), else `code`.
    pub fn detail_code(&self) -> &str {
        self.details
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or(&self.code)
    }
}

/// `{"type":"event","event","payload"?,"seq"?}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub event: String,
    #[serde(default)]
    pub payload: Value,
}

impl Event {
    /// `payload.runId` of `agent` and `chat` events.
    pub fn run_id(&self) -> Option<&str> {
        self.payload.get("runId").and_then(Value::as_str)
    }
}

/// Serialize a request frame.
pub fn request(id: &str, method: &str, params: Value) -> String {
    json!({"type": "req", "id": id, "method": method, "params": params}).to_string()
}

/// The `connect` parameters: a device-less backend client, which keeps its
/// scopes on a direct loopback connection with the shared token or password.
pub fn connect_params(
    min_protocol: u32,
    max_protocol: u32,
    instance_id: &str,
    auth: &super::GatewayAuth,
) -> Value {
    let version = env!("CARGO_PKG_VERSION");
    let mut params = json!({
        "minProtocol": min_protocol,
        "maxProtocol": max_protocol,
        "client": {
            "id": "gateway-client",
            "version": version,
            "platform": std::env::consts::OS,
            "mode": "backend",
            "instanceId": instance_id,
        },
        "role": "operator",
        "scopes": SCOPES,
        "caps": [],
        "locale": "en-US",
        "userAgent": format!("ocw-bridge/{version}"),
    });
    let auth = match auth {
        super::GatewayAuth::None => None,
        super::GatewayAuth::Token(t) => Some(json!({"token": t.expose()})),
        super::GatewayAuth::Password(p) => Some(json!({"password": p.expose()})),
    };
    if let (Some(auth), Some(obj)) = (auth, params.as_object_mut()) {
        obj.insert("auth".into(), auth);
    }
    params
}

/// The text of a chat `message` (`content[]` text parts joined), or `None` without a message.
pub fn message_text(message: &Value) -> Option<String> {
    let content = message.get("content")?;
    if let Some(s) = content.as_str() {
        return Some(s.to_owned());
    }
    let parts = content.as_array()?;
    let mut text = String::new();
    for part in parts {
        if part.get("type").and_then(Value::as_str) == Some("text")
            && let Some(t) = part.get("text").and_then(Value::as_str)
        {
            text.push_str(t);
        }
    }
    Some(text)
}

/// A frame the bridge writes to the relay.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Outbound {
    Progress(Reply),
    Complete(Reply),
    /// `error` and `content` carry the same text (clients read either).
    Error {
        error: String,
        #[serde(flatten)]
        reply: Reply,
    },
}

/// What every relay frame carries: the text, and which session, message and run it answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reply {
    pub content: String,
    pub session: String,
    #[serde(rename = "replyTo", skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    #[serde(rename = "runId", skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
}

impl Reply {
    pub fn new(
        content: impl Into<String>,
        session: &str,
        reply_to: Option<&str>,
        run_id: Option<&str>,
    ) -> Self {
        Reply {
            content: content.into(),
            session: session.to_owned(),
            reply_to: reply_to.map(str::to_owned),
            run_id: run_id.map(str::to_owned),
        }
    }
}

impl Outbound {
    pub fn error(
        message: impl Into<String>,
        session: &str,
        reply_to: Option<&str>,
        run_id: Option<&str>,
    ) -> Self {
        let message = message.into();
        Self::Error {
            reply: Reply::new(message.clone(), session, reply_to, run_id),
            error: message,
        }
    }

    pub fn complete(
        content: impl Into<String>,
        session: &str,
        reply_to: Option<&str>,
        run_id: Option<&str>,
    ) -> Self {
        Self::Complete(Reply::new(content, session, reply_to, run_id))
    }

    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A synthetic chat `final` event: how a text the bridge itself answers (a slash command, a
/// result recovered from the final `res`) reaches a client of the gateway frame format.
pub fn chat_final_event(run_id: &str, session: &str, text: &str, uid: &str) -> String {
    json!({
        "type": "event",
        "event": "chat",
        "payload": {
            "runId": run_id,
            "sessionKey": session,
            "state": "final",
            "message": {"role": "assistant", "content": [{"type": "text", "text": text}]},
        },
        "uid": uid,
    })
    .to_string()
}

/// A control answer: `{"type":"session.<op>","data":{...}}`.
pub fn control_answer(op: &str, mut data: Map<String, Value>, request_id: Option<&str>) -> String {
    if let Some(id) = request_id {
        data.insert("requestId".into(), Value::String(id.to_owned()));
    }
    json!({"type": format!("session.{op}"), "data": data}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_frame_kinds() {
        let res = Incoming::parse(
            r#"{"type":"res","id":"r1","ok":false,"error":{"code":"INVALID_REQUEST","message":"protocol mismatch","details":{"code":"PROTOCOL_MISMATCH","expectedProtocol":4},"retryAfterMs":500}}"#,
        )
        .unwrap();
        let Incoming::Res(res) = res else {
            panic!("not a res")
        };
        let err = res.error.unwrap();
        assert_eq!(err.detail_code(), "PROTOCOL_MISMATCH");
        assert_eq!(err.retry_after_ms, Some(500));
        let ev = Incoming::parse(r#"{"type":"event","event":"tick","payload":{"ts":1},"seq":3}"#)
            .unwrap();
        assert!(matches!(ev, Incoming::Event(e) if e.event == "tick"));
        let other = Incoming::parse(r#"{"type":"hello","x":1}"#).unwrap();
        assert!(matches!(other, Incoming::Other));
    }

    #[test]
    fn message_text_joins_text_parts_only() {
        let m = json!({"content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"Hel"},{"type":"text","text":"lo"}]});
        assert_eq!(message_text(&m).as_deref(), Some("Hello"));
        assert_eq!(message_text(&json!({})), None);
    }

    #[test]
    fn outbound_frames_have_the_documented_shapes() {
        let f = Outbound::error("boom", "webhook:m1", Some("m1"), None).to_text();
        assert_eq!(
            f,
            r#"{"type":"error","error":"boom","content":"boom","session":"webhook:m1","replyTo":"m1"}"#
        );
        let c = Outbound::complete("hi", "k", None, Some("r")).to_text();
        assert_eq!(
            c,
            r#"{"type":"complete","content":"hi","session":"k","runId":"r"}"#
        );
    }

    #[test]
    fn connect_never_sends_an_empty_auth() {
        let p = connect_params(3, 4, "uid", &super::super::GatewayAuth::None);
        assert!(p.get("auth").is_none());
        let p = connect_params(
            3,
            4,
            "uid",
            &super::super::GatewayAuth::Token(crate::secret::Secret::new("t")),
        );
        assert_eq!(p["auth"]["token"], "t");
        assert_eq!(p["client"]["id"], "gateway-client");
        assert_eq!(p["client"]["mode"], "backend");
    }
}
