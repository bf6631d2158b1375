//! Re-serializing a JSON body the way common senders and verifiers do, so the diagnosis can
//! tell a user "the signature matches your body pretty-printed" (docs/webhook-contract.md, section 1).
//!
//! These are diagnosis helpers, never used to sign. The JavaScript forms come from
//! `payload::js`, the exact `JSON.stringify` that ocw also uses for the bytes it sends; the
//! Python form is here because nothing else in ocw needs it.

use serde_json::Value;

use crate::payload::js;

/// `JSON.parse(body)`, or `None` when the body is not JSON. Parsed once per diagnosis and
/// shared by the re-serializations below. serde_json stops at 128 levels of nesting, so the
/// tree (and the recursion over it) stays shallow whatever the body holds.
pub(super) fn parse(body: &[u8]) -> Option<Value> {
    serde_json::from_slice(body).ok()
}

/// `JSON.stringify(value)`, the compact form a Node receiver re-serializes (the same bytes
/// as `js::canonical_bytes(body)`, without parsing twice). Never longer than a small
/// multiple of the body it came from: it drops whitespace and only re-spells numbers.
pub(super) fn js_compact(value: &Value) -> Vec<u8> {
    js::to_js_bytes(value)
}

/// `JSON.stringify(value, null, 2)`, or `None` when it would be longer than `max` bytes.
///
/// Indentation grows with depth, so a deeply nested body pretty-prints to up to ~130 times
/// its size (a 256 KiB body to 32 MB); the length is computed from the tree first, so an
/// oversized form is never built.
pub(super) fn js_pretty(value: &Value, compact_len: usize, max: usize) -> Option<Vec<u8>> {
    let len = compact_len.saturating_add(pretty_extra(value, 0));
    (len <= max).then(|| js::to_js_pretty(value, PRETTY_INDENT))
}

/// The indent of the pretty form tried, the one `JSON.stringify(x, null, 2)` gives and most
/// tools default to.
const PRETTY_INDENT: usize = 2;

/// How many bytes `js::to_js_pretty(value, PRETTY_INDENT)` adds to the compact form: before
/// each member a newline and its indent, after the last one a newline and the parent's
/// indent, and a space after each object key's colon. Empty containers stay `[]` and `{}`.
fn pretty_extra(value: &Value, depth: usize) -> usize {
    let line = |depth: usize| 1 + PRETTY_INDENT * depth;
    match value {
        Value::Array(items) if !items.is_empty() => items.iter().fold(line(depth), |sum, item| {
            sum.saturating_add(line(depth + 1))
                .saturating_add(pretty_extra(item, depth + 1))
        }),
        Value::Object(map) if !map.is_empty() => map.values().fold(line(depth), |sum, item| {
            sum.saturating_add(line(depth + 1) + 1)
                .saturating_add(pretty_extra(item, depth + 1))
        }),
        _ => 0,
    }
}

/// Python's `json.dumps(json.loads(body))` with its defaults: `", "` and `": "` separators,
/// `ensure_ascii=True` (everything outside printable ASCII escaped as `\uXXXX`, DEL included).
/// Numbers print as serde_json prints them, which matches Python's `repr` except for the
/// spelling of exponents; good enough for a diagnosis. `None` once the output would pass
/// `max` bytes (escaping makes it up to six times the body), so it never grows beyond that.
pub(super) fn python_dumps(value: &Value, max: usize) -> Option<Vec<u8>> {
    let mut out = String::new();
    write_python(value, &mut out, max)?;
    Some(out.into_bytes())
}

/// Writes `value`, giving up (`None`) as soon as `out` is longer than `max`: the check runs
/// after every scalar and separator, so `out` overshoots `max` by at most one string.
fn write_python(value: &Value, out: &mut String, max: usize) -> Option<()> {
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
                write_python(item, out, max)?;
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
                write_python(item, out, max)?;
            }
            out.push('}');
        }
    }
    (out.len() <= max).then_some(())
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

    fn pretty(body: &[u8], max: usize) -> Option<Vec<u8>> {
        let value = parse(body)?;
        js_pretty(&value, js_compact(&value).len(), max)
    }

    #[test]
    fn javascript_forms() {
        let body = br#" { "b" : 87.0, "a" : [1e21, {}, []] } "#;
        let value = parse(body).unwrap();
        assert_eq!(
            text(Some(js_compact(&value))),
            r#"{"b":87,"a":[1e+21,{},[]]}"#
        );
        assert_eq!(
            text(pretty(body, usize::MAX)),
            "{\n  \"b\": 87,\n  \"a\": [\n    1e+21,\n    {},\n    []\n  ]\n}"
        );
        assert_eq!(parse(b"not json"), None);
        assert_eq!(parse(b"{"), None);
    }

    #[test]
    fn pretty_length_is_known_before_building_and_bounds_it() {
        let bodies: [&[u8]; 5] = [
            br#"{"a":[1,{"b":[[],{}],"c":"d"}],"e":{"f":null}}"#,
            b"[[[[[[1,2],[3]]]]]]",
            b"{}",
            b"7",
            "{\"é\":[\"😀\",true,-0.0,1e-7]}".as_bytes(),
        ];
        for body in bodies {
            let value = parse(body).unwrap();
            let full = js::to_js_pretty(&value, PRETTY_INDENT);
            let computed = js_compact(&value).len() + pretty_extra(&value, 0);
            assert_eq!(computed, full.len(), "{}", String::from_utf8_lossy(body));
            assert_eq!(pretty(body, full.len()), Some(full.clone()));
            assert_eq!(pretty(body, full.len() - 1), None);
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_built() {
        // 100 levels of arrays around 20,000 numbers: 40 KB of JSON whose pretty form has
        // ~200 spaces of indent per number, about 4 MB.
        let mut body = "[".repeat(100);
        body.push_str(&vec!["1"; 20_000].join(","));
        body.push_str(&"]".repeat(100));
        let value = parse(body.as_bytes()).unwrap();
        let extra = pretty_extra(&value, 0);
        assert!(extra > 50 * body.len(), "{extra}");
        assert_eq!(pretty(body.as_bytes(), 4 * body.len()), None);
    }

    #[test]
    fn python_dumps_separators_and_ascii_escaping() {
        let body = "{\"a\":[1,2.5,{},[]],\"b\":\"é😀\u{7f}\\n\"}";
        let value = parse(body.as_bytes()).unwrap();
        let expected = r#"{"a": [1, 2.5, {}, []], "b": "\u00e9\ud83d\ude00\u007f\n"}"#;
        assert_eq!(text(python_dumps(&value, usize::MAX)), expected);
        assert_eq!(text(python_dumps(&value, expected.len())), expected);
        assert_eq!(python_dumps(&value, expected.len() - 1), None);
    }

    #[test]
    fn python_dumps_gives_up_early_on_a_long_output() {
        // 100,000 two-byte characters become 600,000 bytes of escapes.
        let s = "é".repeat(100_000);
        let value = parse(format!("[{s:?}, 1, 2]").as_bytes()).unwrap();
        assert_eq!(python_dumps(&value, 1024), None);
        assert!(python_dumps(&value, 700_000).is_some());
    }
}
