//! What a webhook body says about itself: whether it is JSON, and its top-level `event` and
//! `conversation_id` strings. The receiver reads this for every request, `send` for a raw body.

use std::borrow::Cow;

/// The identity of a body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyIds {
    /// The body parses as JSON (of any shape).
    pub is_json: bool,
    /// The top-level `event` string, when there is one.
    pub event: Option<String>,
    /// The top-level `conversation_id` string, when there is one.
    pub conversation_id: Option<String>,
}

/// Read the two fields straight off the bytes (other fields are validated, not built).
pub fn inspect(body: &[u8]) -> BodyIds {
    #[derive(serde::Deserialize)]
    struct Ident<'a> {
        #[serde(borrow, default)]
        event: Option<Cow<'a, str>>,
        #[serde(borrow, default)]
        conversation_id: Option<Cow<'a, str>>,
    }
    // A body whose fields have other types (or that is not an object) is still JSON; it just
    // names no event.
    match serde_json::from_slice::<Ident<'_>>(body) {
        Ok(id) => BodyIds {
            is_json: true,
            event: id.event.map(Cow::into_owned),
            conversation_id: id.conversation_id.map(Cow::into_owned),
        },
        Err(_) => BodyIds {
            is_json: serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok(),
            ..BodyIds::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_is_not_json() {
        assert!(!inspect(b"{oops").is_json);
        assert!(inspect(b"[1]").is_json);
        let ids = inspect(br#"{"event":"a","conversation_id":"c","x":[1]}"#);
        assert_eq!(
            ids,
            BodyIds {
                is_json: true,
                event: Some("a".into()),
                conversation_id: Some("c".into()),
            }
        );
        let odd = inspect(br#"{"event":5}"#);
        assert!(odd.is_json && odd.event.is_none());
    }
}
