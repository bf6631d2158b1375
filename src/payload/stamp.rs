//! Per-delivery stamping: `ocw send` gives every delivery the current `timestamp` and a fresh
//! `conversation_id` (receivers de-duplicate on it, webhook contract section 3), unless the
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
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
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
}
