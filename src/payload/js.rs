//! The bytes on the wire: an exact re-implementation of JavaScript's `JSON.stringify` for values
//! that came from `JSON.parse`.
//!
//! Why: the article's reference verifier (Node/Express) does not hash the raw body, it hashes
//! `JSON.stringify(req.body)`. If ocw sends exactly `JSON.stringify(JSON.parse(bytes))`, a
//! signature over the raw bytes and one over the re-serialized body are the same, so both correct
//! receivers and the article's verifier accept ocw's deliveries (docs/webhook-contract.md, section 1).
//!
//! What JavaScript does differently from `serde_json::to_vec`:
//! - object keys that are array indices (`"0"`..`"4294967294"` in canonical form) come first, in
//!   ascending numeric order, then the other keys in insertion order (ECMA-262
//!   `OrdinaryOwnPropertyKeys`);
//! - every number is an IEEE-754 double printed by `Number.prototype.toString` (`87`, `1e+21`,
//!   `1e-7`, `-0` prints as `0`, integers above 2^53 lose precision).
//!
//! String escaping is the same as serde_json's (only `"`, `\` and U+0000..U+001F; `\b \f \n \r
//! \t` short forms, `\u00xx` lowercase otherwise; everything else raw UTF-8), which the tests pin.

use serde_json::Value;

/// Why [`canonical_bytes`] could not produce what JavaScript would.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    /// Not JSON at all.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    /// A `\uD800`-style escape without its pair: `JSON.parse` accepts it, but it is not Unicode
    /// text, so ocw cannot hold it in a string.
    #[error(
        "unpaired UTF-16 surrogate escape at line {line}, column {column}: JavaScript keeps it, \
         but it is not valid Unicode and ocw cannot re-serialize it (send the file untouched with \
         --raw-body)"
    )]
    LoneSurrogate { line: usize, column: usize },
    /// A number too large for a double: `JSON.parse` reads it as `Infinity` and
    /// `JSON.stringify` then writes `null`, silently changing the payload.
    #[error(
        "number out of range at line {line}, column {column}: JavaScript reads it as Infinity \
         and JSON.stringify would send null (send the file untouched with --raw-body)"
    )]
    NumberOutOfRange { line: usize, column: usize },
}

impl JsonError {
    fn from_serde(err: &serde_json::Error) -> JsonError {
        let (line, column) = (err.line(), err.column());
        let full = err.to_string();
        // serde_json exposes no error code, only its message; these strings are pinned by
        // `tests::error_classification`.
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        match message.as_str() {
            "lone leading surrogate in hex escape" | "unexpected end of hex escape" => {
                JsonError::LoneSurrogate { line, column }
            }
            "number out of range" => JsonError::NumberOutOfRange { line, column },
            _ => JsonError::Syntax {
                message,
                line,
                column,
            },
        }
    }
}

/// Exactly JavaScript's `JSON.stringify(value)` for a value that came from `JSON.parse`:
/// compact, keys in JavaScript property order, JavaScript number formatting and string escaping.
pub fn to_js_bytes(value: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    write_value(&mut out, value, None, 0);
    out
}

/// Like `JSON.stringify(value, null, indent)`: the same key order and number rules, `indent`
/// spaces per level (JavaScript caps it at 10, and so does this), `"key": value` with one space,
/// and empty `{}`/`[]` kept on one line. `indent == 0` is compact, as in JavaScript.
pub fn to_js_pretty(value: &Value, indent: usize) -> Vec<u8> {
    // ECMA-262 JSON.stringify step 6: "Set space to min(10, ToIntegerOrInfinity(space))".
    let indent = indent.min(10);
    let mut out = Vec::with_capacity(512);
    write_value(&mut out, value, (indent > 0).then_some(indent), 0);
    out
}

/// `JSON.stringify(JSON.parse(bytes))`: what a Node receiver re-serializes from `bytes`.
///
/// Leading and trailing JSON whitespace is accepted, as `JSON.parse` does; with duplicate keys
/// the last value wins and the key keeps its first position (as in JavaScript). Errors for input
/// that is not JSON, and for the two things JavaScript would silently change or that ocw cannot
/// represent: numbers beyond the double range and unpaired surrogate escapes.
pub fn canonical_bytes(bytes: &[u8]) -> Result<Vec<u8>, JsonError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| JsonError::from_serde(&e))?;
    Ok(to_js_bytes(&value))
}

/// Whether `key` is an ECMAScript array index: the canonical decimal form of an integer in
/// 0..=2^32-2. Such keys are enumerated first, in numeric order, by every JS engine.
pub fn is_array_index(key: &str) -> bool {
    array_index(key).is_some()
}

fn array_index(key: &str) -> Option<u32> {
    let bytes = key.as_bytes();
    if bytes.is_empty() || bytes.len() > 10 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes[0] == b'0' {
        return None; // "01" is not canonical: an ordinary string key
    }
    let n: u64 = key.parse().ok()?;
    // 2^32 - 1 is the maximum array length, so the largest index is 2^32 - 2.
    (n < u64::from(u32::MAX)).then_some(n as u32)
}

/// The entries of `map` in JavaScript's own-property order.
fn js_ordered(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut indexed: Vec<(u32, &String, &Value)> = Vec::new();
    let mut rest: Vec<(&String, &Value)> = Vec::with_capacity(map.len());
    for (k, v) in map {
        match array_index(k) {
            Some(n) => indexed.push((n, k, v)),
            None => rest.push((k, v)),
        }
    }
    if indexed.is_empty() {
        return rest;
    }
    // Keys are unique, so an unstable sort is deterministic.
    indexed.sort_unstable_by_key(|(n, _, _)| *n);
    let mut all: Vec<(&String, &Value)> = indexed.into_iter().map(|(_, k, v)| (k, v)).collect();
    all.extend(rest);
    all
}

fn newline_indent(out: &mut Vec<u8>, indent: usize, depth: usize) {
    out.push(b'\n');
    out.resize(out.len() + indent * depth, b' ');
}

fn write_value(out: &mut Vec<u8>, value: &Value, indent: Option<usize>, depth: usize) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.extend_from_slice(b"[]");
                return;
            }
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if let Some(step) = indent {
                    newline_indent(out, step, depth + 1);
                }
                write_value(out, item, indent, depth + 1);
            }
            if let Some(step) = indent {
                newline_indent(out, step, depth);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.extend_from_slice(b"{}");
                return;
            }
            out.push(b'{');
            for (i, (k, v)) in js_ordered(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if let Some(step) = indent {
                    newline_indent(out, step, depth + 1);
                }
                write_string(out, k);
                out.push(b':');
                if indent.is_some() {
                    out.push(b' ');
                }
                write_value(out, v, indent, depth + 1);
            }
            if let Some(step) = indent {
                newline_indent(out, step, depth);
            }
            out.push(b'}');
        }
    }
}

/// `Number.prototype.toString` of the double `JSON.parse` would produce.
fn write_number(out: &mut Vec<u8>, n: &serde_json::Number) {
    // serde_json keeps integers as u64/i64; JSON.parse rounds every number to a double, and
    // `as f64` (inside as_f64) rounds to nearest-even just like it does. Without the
    // arbitrary_precision feature as_f64 never fails.
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f.is_finite() {
        let mut buf = ryu_js::Buffer::new();
        out.extend_from_slice(buf.format_finite(f).as_bytes());
    } else {
        // Unreachable for values from serde_json (it rejects non-finite numbers), but this is
        // what JSON.stringify writes for NaN and Infinity.
        out.extend_from_slice(b"null");
    }
}

/// JSON.stringify's QuoteJSONString for well-formed Unicode.
fn write_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short: Option<&[u8]> = match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x00..=0x1f => None,
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        match short {
            Some(esc) => out.extend_from_slice(esc),
            None => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn canon(s: &str) -> String {
        String::from_utf8(canonical_bytes(s.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn compact_and_insertion_order() {
        assert_eq!(
            canon(r#" { "b" : 1 , "a" : [ 1 , 2 ] } "#),
            r#"{"b":1,"a":[1,2]}"#
        );
        assert_eq!(canon("\n\t\r [] \n"), "[]");
        assert_eq!(
            canon(r#"{"a":{},"b":[],"c":[{}]}"#),
            r#"{"a":{},"b":[],"c":[{}]}"#
        );
    }

    #[test]
    fn integer_like_keys_first() {
        let input = r#"{"b":1,"10":2,"2":3,"01":4,"-1":5,"4294967295":6,"4294967294":7,"0":8}"#;
        assert_eq!(
            canon(input),
            r#"{"0":8,"2":3,"10":2,"4294967294":7,"b":1,"01":4,"-1":5,"4294967295":6}"#
        );
    }

    #[test]
    fn array_index_boundaries() {
        for yes in ["0", "1", "9", "10", "4294967294"] {
            assert!(is_array_index(yes), "{yes}");
        }
        for no in [
            "",
            "01",
            "00",
            "-1",
            "+1",
            "1.0",
            "1e3",
            " 1",
            "4294967295",
            "99999999999",
            "١",
        ] {
            assert!(!is_array_index(no), "{no}");
        }
    }

    #[test]
    fn duplicate_keys_last_value_first_position() {
        assert_eq!(canon(r#"{"a":1,"b":2,"a":3}"#), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn numbers_like_javascript() {
        let cases = [
            ("87", "87"),
            ("87.0", "87"),
            ("87.5", "87.5"),
            ("1e21", "1e+21"),
            ("1E21", "1e+21"),
            ("1e20", "100000000000000000000"),
            ("1e-7", "1e-7"),
            ("0.000001", "0.000001"),
            ("0.30000000000000004", "0.30000000000000004"),
            ("1.5e300", "1.5e+300"),
            ("5e-324", "5e-324"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("-1.5", "-1.5"),
            ("12345678901234567890", "12345678901234567000"),
            ("9007199254740993", "9007199254740992"),
            ("-9223372036854775808", "-9223372036854776000"),
            ("18446744073709551615", "18446744073709552000"),
            ("123456789012345678901234567890", "1.2345678901234568e+29"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ];
        for (input, want) in cases {
            assert_eq!(canon(input), want, "{input}");
        }
    }

    #[test]
    fn string_escaping_like_javascript() {
        let cases = [
            (r#""a\"b\\c""#, r#""a\"b\\c""#),
            (r#""\/""#, r#""/""#),
            (r#""\b\f\n\r\t""#, r#""\b\f\n\r\t""#),
            (
                r#""\u0000\u001F\u001f\u000B""#,
                r#""\u0000\u001f\u001f\u000b""#,
            ),
            ("\"\u{7f}\"", "\"\u{7f}\""),
            (r#""\u00e9""#, "\"é\""),
            ("\"é😀\u{2028}\u{2029}\"", "\"é😀\u{2028}\u{2029}\""),
            (r#""\ud83d\ude00""#, "\"😀\""),
        ];
        for (input, want) in cases {
            assert_eq!(canon(input), want, "{input}");
        }
    }

    #[test]
    fn serde_json_escapes_strings_the_same_way() {
        let all: String = (0u32..0x300)
            .chain([0x2028, 0x2029, 0xfeff, 0x1f600])
            .filter_map(char::from_u32)
            .collect();
        let mut ours = Vec::new();
        write_string(&mut ours, &all);
        assert_eq!(ours, serde_json::to_vec(&all).unwrap());
    }

    #[test]
    fn pretty_like_javascript() {
        let v = json!({"a": 1, "b": [], "c": {}, "d": [1, {"e": null}], "1": true});
        let want = "{\n  \"1\": true,\n  \"a\": 1,\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    1,\n    {\n      \"e\": null\n    }\n  ]\n}";
        assert_eq!(String::from_utf8(to_js_pretty(&v, 2)).unwrap(), want);
        assert_eq!(to_js_pretty(&v, 0), to_js_bytes(&v));
        assert_eq!(to_js_pretty(&json!([1]), 40), b"[\n          1\n]".to_vec());
        assert_eq!(to_js_pretty(&json!(5), 2), b"5".to_vec());
    }

    #[test]
    fn error_classification() {
        let err = |s: &str| canonical_bytes(s.as_bytes()).unwrap_err();
        assert!(matches!(
            err(r#""\ud800""#),
            JsonError::LoneSurrogate { .. }
        ));
        assert!(matches!(
            err(r#""\ud800x""#),
            JsonError::LoneSurrogate { .. }
        ));
        assert!(matches!(
            err(r#""\ud800\u0041""#),
            JsonError::LoneSurrogate { .. }
        ));
        assert!(matches!(
            err(r#""\udc00""#),
            JsonError::LoneSurrogate { .. }
        ));
        assert!(matches!(err("1e400"), JsonError::NumberOutOfRange { .. }));
        assert!(matches!(
            err("[-1e400]"),
            JsonError::NumberOutOfRange { .. }
        ));
        let e = err("{\n  \"a\": 1,\n}");
        assert!(
            matches!(
                &e,
                JsonError::Syntax { line: 3, column: 1, message } if message == "trailing comma"
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "invalid JSON at line 3, column 1: trailing comma"
        );
        assert!(
            err("1e400")
                .to_string()
                .contains("JSON.stringify would send null")
        );
        assert!(matches!(err(""), JsonError::Syntax { .. }));
        assert!(matches!(err("\u{feff}{}"), JsonError::Syntax { .. }));
        assert!(matches!(err("{} x"), JsonError::Syntax { .. }));
    }

    /// Arbitrary JSON values whose object keys are never array indices (for those, JavaScript
    /// order differs from insertion order, so the round trip is equal only up to key order).
    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(
                    (
                        any::<String>().prop_filter("not an index", |k| !is_array_index(k)),
                        inner
                    ),
                    0..6
                )
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    /// What JSON.parse does to a number: everything becomes a double.
    fn as_doubles(v: &Value) -> Value {
        match v {
            Value::Number(n) => {
                let f = n.as_f64().unwrap();
                json!(if f == 0.0 { 0.0 } else { f })
            }
            Value::Array(a) => Value::Array(a.iter().map(as_doubles).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), as_doubles(v))).collect())
            }
            other => other.clone(),
        }
    }

    proptest! {
        #[test]
        fn round_trip(v in arb_value()) {
            let bytes = to_js_bytes(&v);
            let back: Value = serde_json::from_slice(&bytes).unwrap();
            prop_assert_eq!(as_doubles(&back), as_doubles(&v));
            // Idempotent: the wire bytes are already canonical.
            prop_assert_eq!(canonical_bytes(&bytes).unwrap(), bytes.clone());
            // Pretty output is the same value.
            let pretty: Value = serde_json::from_slice(&to_js_pretty(&v, 2)).unwrap();
            prop_assert_eq!(pretty, back);
        }

        #[test]
        fn strings_escape_like_serde_json(s in any::<String>()) {
            let mut ours = Vec::new();
            write_string(&mut ours, &s);
            prop_assert_eq!(ours, serde_json::to_vec(&s).unwrap());
        }
    }
}
