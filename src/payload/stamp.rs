//! Per-delivery stamping: `ocw send` gives every delivery the current `timestamp` and a fresh
//! `conversation_id` (receivers de-duplicate on it, docs/webhook-contract.md section 3), unless the
//! user pinned them.

use serde_json::Value;

/// Which fields to stamp (`true` = overwrite with a fresh value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub timestamp: bool,
    pub conversation_id: bool,
}

/// Sets the top-level `"timestamp"` to `now` (RFC 3339 UTC, whole seconds) and
/// `"conversation_id"` to [`new_conversation_id`], as selected by `what`. An existing key keeps
/// its position; a missing one is added at the end. A payload that is not an object is left
/// alone (there is no top level to stamp).
pub fn stamp(doc: &mut Value, what: Stamp, now: jiff::Timestamp) {
    let Value::Object(map) = doc else {
        return;
    };
    if what.timestamp {
        map.insert("timestamp".to_owned(), Value::String(rfc3339_seconds(now)));
    }
    if what.conversation_id {
        map.insert(
            "conversation_id".to_owned(),
            Value::String(new_conversation_id()),
        );
    }
}

/// A fresh conversation id in the article's style: `conv_` and a lowercase ULID (26 characters,
/// time-ordered, so ids from one run sort in delivery order).
pub fn new_conversation_id() -> String {
    format!("conv_{}", ulid::Ulid::new().to_string().to_lowercase())
}

/// `ts` as the article writes timestamps: RFC 3339 in UTC, whole seconds (truncated), `Z`, e.g.
/// `2026-03-10T14:22:01Z`.
pub fn rfc3339_seconds(ts: jiff::Timestamp) -> String {
    // Storms format the same second thousands of times: remember the last one per thread.
    thread_local! {
        static LAST: std::cell::RefCell<(i64, String)> = const { std::cell::RefCell::new((i64::MIN, String::new())) };
    }
    let second = ts.as_second();
    LAST.with_borrow_mut(|(at, text)| {
        if *at != second {
            *text = ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
            *at = second;
        }
        text.clone()
    })
}

/// A payload serialized once, with holes where the stamped values go.
///
/// Rendering a delivery is then a few copies instead of a clone of the document, an edit and a
/// full serialization: storms render tens of thousands of bodies per second, and on loopback
/// every cycle spent here is taken from the endpoint under test. The bytes are exactly those of
/// [`stamp`] followed by [`super::js::to_js_bytes`] (a test holds the two together).
#[derive(Debug, Clone)]
pub struct Compiled {
    pieces: Vec<Piece>,
    len: usize,
}

#[derive(Debug, Clone)]
enum Piece {
    Bytes(Vec<u8>),
    Timestamp,
    ConversationId,
}

impl Compiled {
    pub fn new(doc: &Value, what: Stamp) -> Self {
        // Random markers cannot collide with anything in the user's document.
        let nonce = ulid::Ulid::new();
        let ts_marker = format!("ocw-stamp-timestamp-{nonce}");
        let conv_marker = format!("ocw-stamp-conversation-{nonce}");
        let mut doc = doc.clone();
        if let Value::Object(map) = &mut doc {
            if what.timestamp {
                map.insert("timestamp".to_owned(), Value::String(ts_marker.clone()));
            }
            if what.conversation_id {
                map.insert(
                    "conversation_id".to_owned(),
                    Value::String(conv_marker.clone()),
                );
            }
        }
        let bytes = super::js::to_js_bytes(&doc);
        let markers = [
            (format!("\"{ts_marker}\""), Piece::Timestamp),
            (format!("\"{conv_marker}\""), Piece::ConversationId),
        ];
        let mut pieces = Vec::new();
        let mut rest = &bytes[..];
        loop {
            let next = markers
                .iter()
                .filter_map(|(m, p)| find(rest, m.as_bytes()).map(|at| (at, m.len(), p)))
                .min_by_key(|(at, _, _)| *at);
            let Some((at, len, piece)) = next else {
                pieces.push(Piece::Bytes(rest.to_vec()));
                break;
            };
            pieces.push(Piece::Bytes(rest[..at].to_vec()));
            pieces.push(piece.clone());
            rest = &rest[at + len..];
        }
        let len = bytes.len();
        Self { pieces, len }
    }

    /// The body with these values in the holes (plain ASCII ids and timestamps, as made by
    /// [`new_conversation_id`] and [`rfc3339_seconds`]; anything else is JSON-escaped).
    pub fn render(&self, timestamp: &str, conversation_id: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len + 16);
        for piece in &self.pieces {
            match piece {
                Piece::Bytes(b) => out.extend_from_slice(b),
                Piece::Timestamp => push_string(&mut out, timestamp),
                Piece::ConversationId => push_string(&mut out, conversation_id),
            }
        }
        out
    }
}

fn push_string(out: &mut Vec<u8>, s: &str) {
    // Ids and timestamps need no escaping; anything else takes the general path.
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(&super::js::to_js_bytes(&Value::String(s.to_owned())));
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn formats_whole_seconds_utc() {
        assert_eq!(
            rfc3339_seconds(at("2026-03-10T14:22:01.999Z")),
            "2026-03-10T14:22:01Z"
        );
        assert_eq!(
            rfc3339_seconds(at("2026-03-10T16:22:01+02:00")),
            "2026-03-10T14:22:01Z"
        );
        assert_eq!(
            rfc3339_seconds(jiff::Timestamp::UNIX_EPOCH),
            "1970-01-01T00:00:00Z"
        );
    }

    #[test]
    fn conversation_ids_are_fresh_lowercase_ulids() {
        let a = new_conversation_id();
        let b = new_conversation_id();
        assert_ne!(a, b);
        let ulid = a.strip_prefix("conv_").unwrap();
        assert_eq!(ulid.len(), 26);
        assert!(
            ulid.bytes()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()),
            "{a}"
        );
        assert!(ulid::Ulid::from_string(&ulid.to_uppercase()).is_ok());
    }

    #[test]
    fn stamps_in_place_and_respects_pins() {
        let now = at("2026-03-11T09:00:00Z");
        let mut doc =
            json!({"event": "x", "timestamp": "old", "conversation_id": "conv_1", "z": 1});
        stamp(
            &mut doc,
            Stamp {
                timestamp: true,
                conversation_id: false,
            },
            now,
        );
        assert_eq!(doc["timestamp"], json!("2026-03-11T09:00:00Z"));
        assert_eq!(doc["conversation_id"], json!("conv_1"));
        stamp(
            &mut doc,
            Stamp {
                timestamp: false,
                conversation_id: true,
            },
            now,
        );
        assert_ne!(doc["conversation_id"], json!("conv_1"));
        let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["event", "timestamp", "conversation_id", "z"]);

        let mut bare = json!({"event": "x"});
        stamp(
            &mut bare,
            Stamp {
                timestamp: true,
                conversation_id: true,
            },
            now,
        );
        let keys: Vec<&String> = bare.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["event", "timestamp", "conversation_id"]);

        let mut list = json!([1]);
        stamp(
            &mut list,
            Stamp {
                timestamp: true,
                conversation_id: true,
            },
            now,
        );
        assert_eq!(list, json!([1]));
    }

    #[test]
    fn compiled_render_equals_stamp_then_serialize() {
        let now = at("2026-03-10T14:22:01Z");
        let docs = [
            json!({"event": "x", "timestamp": "old", "conversation_id": "c", "n": [1, {"timestamp": "inner"}]}),
            json!({"b": 1, "2": 2, "event": "y"}),
            json!([1, 2]),
            json!({"s": "ocw-stamp-timestamp-lookalike", "timestamp": 5}),
        ];
        for doc in docs {
            for (t, c) in [(true, true), (true, false), (false, true), (false, false)] {
                let what = Stamp {
                    timestamp: t,
                    conversation_id: c,
                };
                let compiled = Compiled::new(&doc, what);
                let conv = new_conversation_id();
                let mut expected = doc.clone();
                if let Value::Object(m) = &mut expected {
                    if t {
                        m.insert("timestamp".into(), json!(rfc3339_seconds(now)));
                    }
                    if c {
                        m.insert("conversation_id".into(), json!(conv));
                    }
                }
                assert_eq!(
                    String::from_utf8(compiled.render(&rfc3339_seconds(now), &conv)).unwrap(),
                    String::from_utf8(super::super::js::to_js_bytes(&expected)).unwrap(),
                    "{doc} {what:?}"
                );
            }
        }
    }
}
