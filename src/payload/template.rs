//! A payload ready to send: the document (or raw bytes) with the stamping it asked for, rendered
//! afresh for each delivery (new timestamp and conversation id unless pinned).

use bytes::Bytes;
use serde_json::Value;

use super::{Compiled, Stamp};

/// One payload ready to be rendered per delivery.
#[derive(Debug, Clone)]
pub struct Template {
    /// The event name shown to the user.
    pub event: String,
    pub body: TemplateBody,
}

#[derive(Debug, Clone)]
pub enum TemplateBody {
    /// A JSON document, serialized the JavaScript way, stamped as asked at each render.
    Json {
        doc: Value,
        stamp: Stamp,
        compiled: Compiled,
    },
    /// Bytes sent untouched (`--raw-body`).
    Raw(Bytes),
}

/// A rendered body and the conversation id it carries (for display and correlation).
pub struct Rendered {
    pub body: Bytes,
    pub conversation_id: Option<String>,
}

impl Template {
    /// A JSON payload, compiled once for fast rendering.
    pub fn json(event: String, doc: Value, stamp: Stamp) -> Self {
        let compiled = Compiled::new(&doc, stamp);
        Self {
            event,
            body: TemplateBody::Json {
                doc,
                stamp,
                compiled,
            },
        }
    }

    /// The body for one delivery: fresh timestamp and conversation id unless pinned.
    pub fn render(&self, now: jiff::Timestamp) -> Rendered {
        match &self.body {
            TemplateBody::Raw(bytes) => Rendered {
                body: bytes.clone(),
                conversation_id: super::ids::inspect(bytes).conversation_id,
            },
            TemplateBody::Json {
                doc,
                stamp,
                compiled,
            } => {
                let conversation_id = if stamp.conversation_id {
                    Some(super::new_conversation_id())
                } else {
                    doc.get("conversation_id")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                };
                let timestamp = super::rfc3339_seconds(now);
                let body = compiled.render(&timestamp, conversation_id.as_deref().unwrap_or(""));
                Rendered {
                    body: Bytes::from(body),
                    conversation_id,
                }
            }
        }
    }

    /// Whether each rendering writes a fresh `timestamp` (a catalog payload whose timestamp
    /// is not pinned), which is what `send --tamper timestamp` turns back.
    pub fn stamps_timestamp(&self) -> bool {
        matches!(&self.body, TemplateBody::Json { stamp, .. } if stamp.timestamp)
    }

    /// The edited document before stamping (for `events show`).
    pub fn doc(&self) -> Option<&Value> {
        match &self.body {
            TemplateBody::Json { doc, .. } => Some(doc),
            TemplateBody::Raw(_) => None,
        }
    }
}
