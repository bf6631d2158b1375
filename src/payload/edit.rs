//! Editing a payload from the command line: `--set path=value` and `--unset path`.
//!
//! Path syntax:
//! - dot-separated keys: `lead_data.score`;
//! - array indices as `[N]` (`context.last_5_messages[0]`) or as a numeric segment when the
//!   value there is an array (`items.0.name`; on an object, `0` is the key `"0"`);
//! - bracket-quoted keys for keys with dots, brackets or `=` in them: `metadata["utm.source"]`,
//!   `["a.b"].c` (inside the quotes, `\"` and `\\` escape a quote and a backslash).
//!
//! `set` creates missing intermediate containers (an object, or an array when the next segment
//! is `[N]`); index == length appends; a larger index is an error, and so is going through a
//! scalar. The value is parsed as JSON when it parses (`87`, `true`, `null`, `{"a":1}`, `"87"`
//! for the string "87"), otherwise it is the literal string. Every error quotes the argument.

use serde_json::Value;

/// Which command-line option an argument came from, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Set,
    Unset,
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Op::Set => "--set",
            Op::Unset => "--unset",
        })
    }
}

/// A bad `--set`/`--unset` argument. Every message quotes the argument as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The argument is not a well-formed `path=value` / path.
    #[error("invalid {op} {arg:?}: {problem}")]
    Syntax {
        op: Op,
        arg: String,
        problem: String,
    },
    /// `--unset` of a field that is not there.
    #[error("{op} {arg:?}: no field {field:?} in {parent}")]
    NoSuchField {
        op: Op,
        arg: String,
        field: String,
        /// The path of the container, or "the payload" at the top level.
        parent: String,
    },
    /// An array index past the end (for `--set`, past one-after-the-end).
    #[error("{op} {arg:?}: index {index} is out of range for {parent} (length {len})")]
    IndexOutOfRange {
        op: Op,
        arg: String,
        index: usize,
        len: usize,
        parent: String,
    },
    /// A path that goes through a string, number, boolean or null, or uses a key on an array.
    #[error("{op} {arg:?}: {problem}")]
    WrongType {
        op: Op,
        arg: String,
        problem: String,
    },
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// `name` or `["name"]` (`quoted`): a quoted key is always an object key.
    Key { name: String, quoted: bool },
    /// `[N]`.
    Index(usize),
}

impl Segment {
    /// The array index this segment designates, if it can designate one.
    fn as_index(&self) -> Option<usize> {
        match self {
            Segment::Index(n) => Some(*n),
            Segment::Key {
                name,
                quoted: false,
            } if is_canonical_index(name) => name.parse().ok(),
            Segment::Key { .. } => None,
        }
    }

    /// The object key this segment designates (`[N]` on an object is the key "N", as in JS).
    fn as_key(&self) -> String {
        match self {
            Segment::Key { name, .. } => name.clone(),
            Segment::Index(n) => n.to_string(),
        }
    }
}

fn is_canonical_index(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'))
        && s.parse::<usize>().is_ok()
}

/// Parses a path from the start of `chars`; stops at the end or (when `stop_at_eq`) at the first
/// `=` outside quotes. Returns the segments and the char position where parsing stopped.
/// Errors are a problem description with a 0-based character position.
fn parse_path(chars: &[char], stop_at_eq: bool) -> Result<(Vec<Segment>, usize), String> {
    let mut segs = Vec::new();
    let mut i = 0;
    let at_end = |i: usize| i >= chars.len() || (stop_at_eq && chars[i] == '=');
    // Whether a segment must start at `i` (at the start, and after a dot).
    let mut need_segment = true;
    loop {
        if need_segment {
            if at_end(i) || chars[i] == '.' {
                return Err(format!("empty path segment at position {i}"));
            }
            if chars[i] == ']' {
                return Err(format!("unexpected ']' at position {i}"));
            }
            if chars[i] != '[' {
                let start = i;
                while !at_end(i) && !matches!(chars[i], '.' | '[' | ']') {
                    i += 1;
                }
                if i < chars.len() && chars[i] == ']' {
                    return Err(format!("unexpected ']' at position {i}"));
                }
                segs.push(Segment::Key {
                    name: chars[start..i].iter().collect(),
                    quoted: false,
                });
            }
            need_segment = false;
        }
        if at_end(i) {
            return Ok((segs, i));
        }
        match chars[i] {
            '.' => {
                i += 1;
                need_segment = true;
            }
            '[' => {
                let (seg, next) = parse_bracket(chars, i)?;
                segs.push(seg);
                i = next;
            }
            c => {
                return Err(format!(
                    "expected '.', '[' or the end of the path at position {i}, found {c:?}"
                ));
            }
        }
    }
}

/// Parses `[N]` or `["key"]` starting at the `[` at `open`; returns the segment and the position
/// after the `]`.
fn parse_bracket(chars: &[char], open: usize) -> Result<(Segment, usize), String> {
    let mut i = open + 1;
    if i < chars.len() && chars[i] == '"' {
        i += 1;
        let mut name = String::new();
        loop {
            match chars.get(i) {
                None => {
                    return Err(format!(
                        "unterminated quoted key starting at position {open}"
                    ));
                }
                Some('"') => break,
                Some('\\') => match chars.get(i + 1) {
                    Some(&c @ ('"' | '\\')) => {
                        name.push(c);
                        i += 2;
                    }
                    _ => {
                        return Err(format!(
                            "invalid escape at position {i} (only \\\" and \\\\ are allowed)"
                        ));
                    }
                },
                Some(&c) => {
                    name.push(c);
                    i += 1;
                }
            }
        }
        i += 1; // the closing quote
        if chars.get(i) != Some(&']') {
            return Err(format!("expected ']' at position {i}"));
        }
        return Ok((Segment::Key { name, quoted: true }, i + 1));
    }
    let start = i;
    while i < chars.len() && chars[i] != ']' {
        i += 1;
    }
    if i >= chars.len() {
        return Err(format!("unclosed '[' at position {open}"));
    }
    let inner: String = chars[start..i].iter().collect();
    if inner.is_empty() {
        return Err(format!("empty index at position {open}"));
    }
    if !is_canonical_index(&inner) {
        return Err(format!(
            "index {inner:?} at position {open} is not a non-negative integer (quote keys: [\"{inner}\"])"
        ));
    }
    let n = inner.parse().expect("checked by is_canonical_index");
    Ok((Segment::Index(n), i + 1))
}

/// How a path prefix is shown in messages: the segments in the syntax they could be typed in.
fn display_path(segs: &[Segment]) -> String {
    if segs.is_empty() {
        return "the payload".to_owned();
    }
    let mut out = String::new();
    for (i, seg) in segs.iter().enumerate() {
        match seg {
            Segment::Index(n) => out.push_str(&format!("[{n}]")),
            Segment::Key { name, .. }
                if !name.is_empty()
                    && !name.contains(['.', '[', ']', '=', '"'])
                    && !name.starts_with(char::is_whitespace) =>
            {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(name);
            }
            Segment::Key { name, .. } => {
                let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
                out.push_str(&format!("[\"{escaped}\"]"));
            }
        }
    }
    out
}

/// "a string", "an object", ...: a JSON value's type for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses a `--set` value: JSON if it parses as JSON, otherwise the literal string.
pub fn parse_value(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// Applies `--set path=value` to `doc`.
pub fn set(doc: &mut Value, assignment: &str) -> Result<(), EditError> {
    let syntax = |problem: String| EditError::Syntax {
        op: Op::Set,
        arg: assignment.to_owned(),
        problem,
    };
    let chars: Vec<char> = assignment.chars().collect();
    if !assignment.contains('=') {
        return Err(syntax("expected path=value".to_owned()));
    }
    let (segs, stop) = parse_path(&chars, true).map_err(syntax)?;
    if stop >= chars.len() {
        // The only '=' was inside a quoted key.
        return Err(syntax("expected path=value".to_owned()));
    }
    let value_text: String = chars[stop + 1..].iter().collect();
    // Work on a copy so that a failure after creating intermediates (`new.list[3]=1` creates
    // `new.list` before finding index 3 out of range) leaves the payload untouched.
    let mut edited = doc.clone();
    set_value(&mut edited, &segs, parse_value(&value_text), assignment)?;
    *doc = edited;
    Ok(())
}

/// Sets `value` at `path` (the `--set` path syntax), for values that are already typed (a
/// scenario file's `set:`); the document is untouched when it fails.
pub fn set_path(doc: &mut Value, path: &str, value: Value) -> Result<(), EditError> {
    let chars: Vec<char> = path.chars().collect();
    let (segs, _) = parse_path(&chars, false).map_err(|problem| EditError::Syntax {
        op: Op::Set,
        arg: path.to_owned(),
        problem,
    })?;
    let mut edited = doc.clone();
    set_value(&mut edited, &segs, value, path)?;
    *doc = edited;
    Ok(())
}

/// Sets the value at an already-parsed path.
fn set_value(doc: &mut Value, segs: &[Segment], value: Value, arg: &str) -> Result<(), EditError> {
    let (last, parents) = segs.split_last().expect("a parsed path has a segment");
    let mut cur = doc;
    for (depth, seg) in parents.iter().enumerate() {
        let next_is_index = matches!(segs[depth + 1], Segment::Index(_));
        let fresh = || {
            if next_is_index {
                Value::Array(Vec::new())
            } else {
                Value::Object(serde_json::Map::new())
            }
        };
        cur = match cur {
            Value::Object(map) => map.entry(seg.as_key()).or_insert_with(fresh),
            Value::Array(items) => {
                let index = array_slot(items.len(), seg, segs, depth, arg)?;
                if index == items.len() {
                    items.push(fresh());
                }
                &mut items[index]
            }
            scalar => return Err(no_field(scalar, seg, segs, depth, arg)),
        };
    }
    let depth = parents.len();
    match cur {
        Value::Object(map) => {
            // insert keeps an existing key in its position (preserve_order).
            map.insert(last.as_key(), value);
        }
        Value::Array(items) => {
            let index = array_slot(items.len(), last, segs, depth, arg)?;
            if index == items.len() {
                items.push(value);
            } else {
                items[index] = value;
            }
        }
        scalar => return Err(no_field(scalar, last, segs, depth, arg)),
    }
    Ok(())
}

/// Where `seg` lands in an array of `len` items at `depth` of the path: an existing element, or
/// `len` to append; anything else is an error naming the path.
fn array_slot(
    len: usize,
    seg: &Segment,
    segs: &[Segment],
    depth: usize,
    arg: &str,
) -> Result<usize, EditError> {
    let Some(index) = seg.as_index() else {
        return Err(EditError::WrongType {
            op: Op::Set,
            arg: arg.to_owned(),
            problem: format!(
                "{} is an array; {:?} is not an index",
                display_path(&segs[..depth]),
                seg.as_key()
            ),
        });
    };
    if index > len {
        return Err(out_of_range(Op::Set, arg, index, len, &segs[..depth]));
    }
    Ok(index)
}

/// `index` is past the end of the `len` items under `parent`.
fn out_of_range(op: Op, arg: &str, index: usize, len: usize, parent: &[Segment]) -> EditError {
    EditError::IndexOutOfRange {
        op,
        arg: arg.to_owned(),
        index,
        len,
        parent: display_path(parent),
    }
}

/// The error for a path that goes on through a scalar at `depth`.
fn no_field(scalar: &Value, seg: &Segment, segs: &[Segment], depth: usize, arg: &str) -> EditError {
    EditError::WrongType {
        op: Op::Set,
        arg: arg.to_owned(),
        problem: format!(
            "{} is {}, so it has no field {:?}",
            display_path(&segs[..depth]),
            kind(scalar),
            seg.as_key()
        ),
    }
}

/// Applies `--unset path` to `doc`: removes an object field (the other keys keep their order) or
/// an array element (later elements move down).
pub fn unset(doc: &mut Value, path: &str) -> Result<(), EditError> {
    let chars: Vec<char> = path.chars().collect();
    let (segs, _) = parse_path(&chars, false).map_err(|problem| EditError::Syntax {
        op: Op::Unset,
        arg: path.to_owned(),
        problem,
    })?;
    let no_field = |field: String, depth: usize| EditError::NoSuchField {
        op: Op::Unset,
        arg: path.to_owned(),
        field,
        parent: display_path(&segs[..depth]),
    };
    let (last, parents) = segs.split_last().expect("a parsed path has a segment");
    let mut cur = doc;
    for (depth, seg) in parents.iter().enumerate() {
        cur = match cur {
            Value::Object(map) => {
                let key = seg.as_key();
                match map.get_mut(&key) {
                    Some(v) => v,
                    None => return Err(no_field(key, depth)),
                }
            }
            Value::Array(items) => {
                let len = items.len();
                match seg.as_index() {
                    Some(i) if i < len => &mut items[i],
                    Some(index) => {
                        return Err(out_of_range(Op::Unset, path, index, len, &segs[..depth]));
                    }
                    None => return Err(no_field(seg.as_key(), depth)),
                }
            }
            _ => return Err(no_field(seg.as_key(), depth)),
        };
    }
    let depth = parents.len();
    match cur {
        Value::Object(map) => {
            let key = last.as_key();
            // shift_remove, not remove: with preserve_order, remove() is swap_remove and would
            // move the last key into the hole, changing the wire bytes.
            if map.shift_remove(&key).is_none() {
                return Err(no_field(key, depth));
            }
        }
        Value::Array(items) => {
            let len = items.len();
            match last.as_index() {
                Some(i) if i < len => {
                    items.remove(i);
                }
                Some(index) => return Err(out_of_range(Op::Unset, path, index, len, parents)),
                None => return Err(no_field(last.as_key(), depth)),
            }
        }
        _ => return Err(no_field(last.as_key(), depth)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "event": "custom.triggered",
            "user": {"id": "user_xyz789", "email": "john@acme.com"},
            "context": {"last_5_messages": ["..."], "sentiment": "frustrated"},
            "items": [{"name": "a"}, {"name": "b"}],
            "a.b": {"c": 1},
            "0": "zero"
        })
    }

    fn set_ok(assignment: &str) -> Value {
        let mut d = doc();
        set(&mut d, assignment).unwrap_or_else(|e| panic!("{e}"));
        d
    }

    fn set_err(assignment: &str) -> String {
        let mut d = doc();
        let before = d.clone();
        let err = set(&mut d, assignment).unwrap_err().to_string();
        assert_eq!(d, before, "a failed --set must not change the payload");
        err
    }

    fn unset_err(path: &str) -> String {
        let mut d = doc();
        let before = d.clone();
        let err = unset(&mut d, path).unwrap_err().to_string();
        assert_eq!(d, before, "a failed --unset must not change the payload");
        err
    }

    #[test]
    fn value_parsing() {
        assert_eq!(set_ok("user.id=87")["user"]["id"], json!(87));
        assert_eq!(set_ok("user.id=87.5")["user"]["id"], json!(87.5));
        assert_eq!(set_ok("user.id=true")["user"]["id"], json!(true));
        assert_eq!(set_ok("user.id=null")["user"]["id"], json!(null));
        assert_eq!(set_ok(r#"user.id={"a":1}"#)["user"]["id"], json!({"a": 1}));
        assert_eq!(set_ok(r#"user.id=[1,"x"]"#)["user"]["id"], json!([1, "x"]));
        assert_eq!(set_ok(r#"user.id="87""#)["user"]["id"], json!("87"));
        assert_eq!(
            set_ok("user.id=hello world")["user"]["id"],
            json!("hello world")
        );
        assert_eq!(set_ok("user.id=")["user"]["id"], json!(""));
        assert_eq!(set_ok("user.id=a=b")["user"]["id"], json!("a=b"));
        assert_eq!(
            set_ok("user.id={not json")["user"]["id"],
            json!("{not json")
        );
    }

    #[test]
    fn set_keeps_key_position_and_appends_new_keys() {
        let d = set_ok("user.id=1");
        let keys: Vec<&String> = d["user"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "email"]);
        let d = set_ok("user.name=John");
        let keys: Vec<&String> = d["user"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "email", "name"]);
    }

    #[test]
    fn every_path_syntax() {
        assert_eq!(
            set_ok("context.last_5_messages[0]=hi")["context"]["last_5_messages"],
            json!(["hi"])
        );
        assert_eq!(
            set_ok("context.last_5_messages.0=hi")["context"]["last_5_messages"],
            json!(["hi"])
        );
        assert_eq!(
            set_ok("context.last_5_messages[1]=more")["context"]["last_5_messages"],
            json!(["...", "more"])
        );
        assert_eq!(set_ok("items.0.name=z")["items"][0]["name"], json!("z"));
        assert_eq!(set_ok("items[1].name=z")["items"][1]["name"], json!("z"));
        assert_eq!(set_ok("items[2].name=c")["items"][2], json!({"name": "c"}));
        assert_eq!(set_ok(r#"["a.b"].c=2"#)["a.b"]["c"], json!(2));
        assert_eq!(set_ok(r#"user["x.y"]=2"#)["user"]["x.y"], json!(2));
        assert_eq!(set_ok(r#"user["k=v"]=2"#)["user"]["k=v"], json!(2));
        assert_eq!(set_ok(r#"user["q\"\\"]=2"#)["user"]["q\"\\"], json!(2));
        assert_eq!(set_ok(r#"user[""]=2"#)["user"][""], json!(2));
        // A numeric segment on an object is a key; [N] on an object is the key "N" as in JS.
        assert_eq!(set_ok("0=nil")["0"], json!("nil"));
        assert_eq!(set_ok("[0]=nil")["0"], json!("nil"));
        assert_eq!(set_ok("user.0=x")["user"]["0"], json!("x"));
        // Missing intermediates: objects, or an array before [N].
        assert_eq!(set_ok("new.deep.key=1")["new"], json!({"deep": {"key": 1}}));
        assert_eq!(
            set_ok("new.list[0].k=1")["new"],
            json!({"list": [{"k": 1}]})
        );
        assert_eq!(set_ok("new.0=1")["new"], json!({"0": 1}));
        // Non-ASCII keys.
        assert_eq!(set_ok("user.prénom=Jean")["user"]["prénom"], json!("Jean"));
    }

    #[test]
    fn root_array() {
        let mut d = json!([1, [2]]);
        set(&mut d, "[1][1]=3").unwrap();
        set(&mut d, "[2]=4").unwrap();
        assert_eq!(d, json!([1, [2, 3], 4]));
        unset(&mut d, "[0]").unwrap();
        assert_eq!(d, json!([[2, 3], 4]));
    }

    #[test]
    fn set_errors_quote_the_argument() {
        assert_eq!(
            set_err("user..id=1"),
            r#"invalid --set "user..id=1": empty path segment at position 5"#
        );
        assert_eq!(
            set_err("score"),
            r#"invalid --set "score": expected path=value"#
        );
        assert_eq!(
            set_err("=1"),
            r#"invalid --set "=1": empty path segment at position 0"#
        );
        assert_eq!(
            set_err("user.=1"),
            r#"invalid --set "user.=1": empty path segment at position 5"#
        );
        assert_eq!(
            set_err(".user=1"),
            r#"invalid --set ".user=1": empty path segment at position 0"#
        );
        assert_eq!(
            set_err(r#"["a=b"]"#),
            r#"invalid --set "[\"a=b\"]": expected path=value"#
        );
        assert_eq!(
            set_err("items[x]=1"),
            r#"invalid --set "items[x]=1": index "x" at position 5 is not a non-negative integer (quote keys: ["x"])"#
        );
        assert_eq!(
            set_err("items[-1]=1"),
            r#"invalid --set "items[-1]=1": index "-1" at position 5 is not a non-negative integer (quote keys: ["-1"])"#
        );
        assert_eq!(
            set_err("items[]=1"),
            r#"invalid --set "items[]=1": empty index at position 5"#
        );
        assert_eq!(
            set_err("items[0=1"),
            r#"invalid --set "items[0=1": unclosed '[' at position 5"#
        );
        assert_eq!(
            set_err("items]=1"),
            r#"invalid --set "items]=1": unexpected ']' at position 5"#
        );
        assert_eq!(
            set_err(r#"user["x=1"#),
            r#"invalid --set "user[\"x=1": unterminated quoted key starting at position 4"#
        );
        assert_eq!(
            set_err(r#"user["x"y]=1"#),
            r#"invalid --set "user[\"x\"y]=1": expected ']' at position 8"#
        );
        assert_eq!(
            set_err(r#"user["\n"]=1"#),
            r#"invalid --set "user[\"\\n\"]=1": invalid escape at position 6 (only \" and \\ are allowed)"#
        );
        assert_eq!(
            set_err("items[0]x=1"),
            r#"invalid --set "items[0]x=1": expected '.', '[' or the end of the path at position 8, found 'x'"#
        );
    }

    #[test]
    fn set_type_and_range_errors() {
        assert_eq!(
            set_err("user.id.x=1"),
            r#"--set "user.id.x=1": user.id is a string, so it has no field "x""#
        );
        assert_eq!(
            set_err("event.a.b=1"),
            r#"--set "event.a.b=1": event is a string, so it has no field "a""#
        );
        assert_eq!(
            set_err("items[5]=1"),
            r#"--set "items[5]=1": index 5 is out of range for items (length 2)"#
        );
        assert_eq!(
            set_err("items[3].name=1"),
            r#"--set "items[3].name=1": index 3 is out of range for items (length 2)"#
        );
        assert_eq!(
            set_err("items.name=1"),
            r#"--set "items.name=1": items is an array; "name" is not an index"#
        );
        assert_eq!(
            set_err(r#"items["0"]=1"#),
            r#"--set "items[\"0\"]=1": items is an array; "0" is not an index"#
        );
        assert_eq!(
            set_err(r#"["a.b"].c.d=1"#),
            r#"--set "[\"a.b\"].c.d=1": ["a.b"].c is a number, so it has no field "d""#
        );
        assert_eq!(
            set_err("new.list[3]=1"),
            r#"--set "new.list[3]=1": index 3 is out of range for new.list (length 0)"#
        );
        let mut scalar = json!(5);
        assert_eq!(
            set(&mut scalar, "a=1").unwrap_err().to_string(),
            r#"--set "a=1": the payload is a number, so it has no field "a""#
        );
    }

    #[test]
    fn unset_removes_and_keeps_order() {
        let mut d = doc();
        unset(&mut d, "user").unwrap();
        let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["event", "context", "items", "a.b", "0"]);
        unset(&mut d, "items[0]").unwrap();
        assert_eq!(d["items"], json!([{"name": "b"}]));
        unset(&mut d, "items.0.name").unwrap();
        assert_eq!(d["items"], json!([{}]));
        unset(&mut d, r#"["a.b"].c"#).unwrap();
        assert_eq!(d["a.b"], json!({}));
        unset(&mut d, "0").unwrap();
        assert!(d.get("0").is_none());
    }

    #[test]
    fn unset_errors_quote_the_argument() {
        assert_eq!(
            unset_err("user.nope"),
            r#"--unset "user.nope": no field "nope" in user"#
        );
        assert_eq!(
            unset_err("nope"),
            r#"--unset "nope": no field "nope" in the payload"#
        );
        assert_eq!(
            unset_err("nope.deeper"),
            r#"--unset "nope.deeper": no field "nope" in the payload"#
        );
        assert_eq!(
            unset_err("user.id.x"),
            r#"--unset "user.id.x": no field "x" in user.id"#
        );
        assert_eq!(
            unset_err("items[2]"),
            r#"--unset "items[2]": index 2 is out of range for items (length 2)"#
        );
        assert_eq!(
            unset_err("items[9].name"),
            r#"--unset "items[9].name": index 9 is out of range for items (length 2)"#
        );
        assert_eq!(
            unset_err("items.name"),
            r#"--unset "items.name": no field "name" in items"#
        );
        assert_eq!(
            unset_err("user..id"),
            r#"invalid --unset "user..id": empty path segment at position 5"#
        );
        assert_eq!(
            unset_err(""),
            r#"invalid --unset "": empty path segment at position 0"#
        );
        // `=` is an ordinary key character in an --unset path.
        assert_eq!(
            unset_err("user.id="),
            r#"--unset "user.id=": no field "id=" in user"#
        );
    }

    #[test]
    fn display_path_round_trips_through_the_parser() {
        let segs = vec![
            Segment::Key {
                name: "a".into(),
                quoted: false,
            },
            Segment::Key {
                name: "b.c\"".into(),
                quoted: true,
            },
            Segment::Index(3),
            Segment::Key {
                name: "d".into(),
                quoted: false,
            },
        ];
        let shown = display_path(&segs);
        assert_eq!(shown, r#"a["b.c\""][3].d"#);
        let chars: Vec<char> = shown.chars().collect();
        let (parsed, _) = parse_path(&chars, false).unwrap();
        assert_eq!(parsed, segs);
    }
}
