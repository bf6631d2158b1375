//! Re-serializing a JSON body the way common senders and verifiers do, so the diagnosis can
//! tell a user "the signature matches your body pretty-printed" (webhook contract, section 1).
//!
//! These are diagnosis helpers, never used to sign. The JavaScript forms come from
//! `payload::js`, the exact `JSON.stringify` that ocw also uses for the bytes it sends; the
//! Python form is here because nothing else in ocw needs it.

use serde_json::Value;

use crate::payload::js;

/// `JSON.stringify(JSON.parse(body))`, or `None` when the body is not JSON.
pub(super) fn js_compact(body: &[u8]) -> Option<Vec<u8>> {
    js::canonical_bytes(body).ok()
}

/// `JSON.stringify(JSON.parse(body), null, 2)`, or `None` when the body is not JSON.
pub(super) fn js_pretty(body: &[u8]) -> Option<Vec<u8>> {
    let value: Value = serde_json::from_slice(body).ok()?;
    Some(js::to_js_pretty(&value, 2))
}

/// Python's `json.dumps(json.loads(body))` with its defaults: `", "` and `": "` separators,
/// `ensure_ascii=True` (everything outside printable ASCII escaped as `\uXXXX`, DEL included).
/// Numbers print as serde_json prints them, which matches Python's `repr` except for the
/// spelling of exponents; good enough for a diagnosis.
pub(super) fn python_dumps(body: &[u8]) -> Option<Vec<u8>> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    write_python(&value, &mut out);
    Some(out.into_bytes())
}

fn write_python(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_python_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python_string(key, out);
                out.push_str(": ");
                write_python(item, out);
            }
            out.push('}');
        }
    }
}

fn write_python_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: Option<Vec<u8>>) -> String {
        String::from_utf8(bytes.unwrap()).unwrap()
    }

    #[test]
    fn javascript_forms() {
        let body = br#" { "b" : 87.0, "a" : [1e21, {}, []] } "#;
        assert_eq!(text(js_compact(body)), r#"{"b":87,"a":[1e+21,{},[]]}"#);
        assert_eq!(
            text(js_pretty(body)),
            "{\n  \"b\": 87,\n  \"a\": [\n    1e+21,\n    {},\n    []\n  ]\n}"
        );
        assert_eq!(js_compact(b"not json"), None);
        assert_eq!(js_pretty(b"{"), None);
    }

    #[test]
    fn python_dumps_separators_and_ascii_escaping() {
        let body = "{\"a\":[1,2.5,{},[]],\"b\":\"é😀\u{7f}\\n\"}";
        assert_eq!(
            text(python_dumps(body.as_bytes())),
            r#"{"a": [1, 2.5, {}, []], "b": "\u00e9\ud83d\ude00\u007f\n"}"#
        );
        assert_eq!(python_dumps(b"nope"), None);
    }
}
