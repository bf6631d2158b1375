//! ocw's wire bytes against real JavaScript: for every built-in fixture, a list of tricky inputs,
//! the js_serializer fuzz corpus and a batch of generated documents,
//! `ocw::payload::js::canonical_bytes` must equal Node's `JSON.stringify(JSON.parse(input))` byte
//! for byte (and `to_js_pretty(x, 2)` must equal `JSON.stringify(JSON.parse(x), null, 2)` for the
//! fixtures). One `node` process answers all cases, so the test stays fast.

use std::io::Write as _;
use std::process::{Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ocw::payload::Catalog;
use ocw::payload::js::{JsonError, canonical_bytes, to_js_bytes, to_js_pretty};

/// Reads `[{"input": base64, "indent": n}, ...]` on stdin and answers, in order,
/// `[{"ok": base64} | {"error": message}, ...]` where ok is `JSON.stringify(JSON.parse(input))`
/// (with `null, indent` when indent > 0).
const NODE_SCRIPT: &str = r#"
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(({ input, indent }) => {
  try {
    const value = JSON.parse(Buffer.from(input, "base64").toString("utf8"));
    const text = indent > 0 ? JSON.stringify(value, null, indent) : JSON.stringify(value);
    return { ok: Buffer.from(text, "utf8").toString("base64") };
  } catch (e) {
    return { error: String(e) };
  }
});
process.stdout.write(JSON.stringify(out));
"#;

/// `JSON.stringify(JSON.parse(input))` (or the pretty form) for each case, from one Node process.
fn node_stringify(cases: &[(Vec<u8>, usize)]) -> Vec<Result<Vec<u8>, String>> {
    let request: Vec<serde_json::Value> = cases
        .iter()
        .map(|(input, indent)| serde_json::json!({"input": B64.encode(input), "indent": indent}))
        .collect();
    let mut child = match Command::new("node")
        .args(["-e", NODE_SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => panic!(
            "cannot run `node` ({e}): this test compares ocw's bytes with real JavaScript and \
             needs Node.js on PATH; `.ci/run` installs it"
        ),
    };
    // Node reads all of stdin before writing anything, so writing everything first cannot
    // deadlock on a full stdout pipe.
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(&serde_json::to_vec(&request).unwrap())
        .unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answers.len(), cases.len());
    answers
        .into_iter()
        .map(|a| match (a.get("ok"), a.get("error")) {
            (Some(ok), _) => Ok(B64.decode(ok.as_str().unwrap()).unwrap()),
            (_, Some(err)) => Err(err.as_str().unwrap().to_owned()),
            _ => panic!("bad answer from node: {a}"),
        })
        .collect()
}

/// Inputs where a naive serializer differs from JavaScript.
fn tricky_inputs() -> Vec<&'static str> {
    vec![
        // Numbers: JavaScript doubles and Number.prototype.toString.
        "87",
        "87.0",
        "87.5",
        "1e21",
        "1E+21",
        "1e20",
        "1e-7",
        "0.000001",
        "1.0e-6",
        "0.1",
        "0.30000000000000004",
        "1.5e300",
        "5e-324",
        "2.2250738585072014e-308",
        "1.7976931348623157e308",
        "-0",
        "-0.0",
        "-0e10",
        "0e0",
        "12345678901234567890",
        "9007199254740993",
        "9007199254740992",
        "-9223372036854775808",
        "9223372036854775807",
        "18446744073709551615",
        "18446744073709551616",
        "123456789012345678901234567890",
        "0.1e1",
        "100",
        "123e-2",
        "[1,2.5,-3e-5,4E4,5e+5]",
        // Strings: only ", \ and U+0000..U+001F are escaped.
        r#""é""#,
        r#""\u00e9""#,
        r#""\u00E9""#,
        "\"😀\"",
        r#""\ud83d\ude00""#,
        r#""\uD83D\uDE00""#,
        "\"\u{2028}\u{2029}\"",
        r#""\u2028\u2029""#,
        r#""\u0000""#,
        r#""\u001f""#,
        r#""\u001F""#,
        "\"\u{7f}\"",
        r#""\u007f""#,
        r#""\b\f\n\r\t""#,
        r#""\u0008\u000c\u000a\u000d\u0009\u000b""#,
        r#""quote \" and backslash \\""#,
        r#""\/""#,
        r#""<script>&amp;'</script>""#,
        r#""\ufeff\uffff\ud7ff\ue000""#,
        "\"\u{feff}\u{fffd}\u{10ffff}\"",
        r#""""#,
        // Keys: array indices first, numerically; the rest in insertion order.
        r#"{"b":1,"10":2,"2":3,"01":4,"-1":5,"4294967295":6,"4294967294":7}"#,
        r#"{"z":1,"0":2,"a":3,"1":4}"#,
        r#"{"1.5":1,"1":2,"1e3":3," 1":4,"+1":5,"00":6,"0":7}"#,
        r#"{"9007199254740993":1,"4294967296":2,"3":3}"#,
        r#"{"__proto__":1,"constructor":2,"toString":3}"#,
        r#"{"é":1,"e":2,"":3}"#,
        // Duplicate keys: last value wins, first position stays.
        r#"{"a":1,"b":2,"a":3}"#,
        r#"{"a":{"x":1},"b":2,"a":[1]}"#,
        r#"{"1":1,"b":2,"1":3}"#,
        // Nesting and empties.
        "[]",
        "{}",
        "[[],{},[[]],[{}],{\"a\":[]},{\"a\":{}}]",
        r#"{"a":{"b":{"c":{"d":[1,[2,[3,[4]]]]}}}}"#,
        "[null,true,false]",
        "null",
        "true",
        r#""just a string""#,
        // Whitespace around and inside.
        " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n\t ",
        "\n[\n  1,\n  2\n]\n",
    ]
}

/// A small deterministic generator (xorshift64*), so failures reproduce without proptest.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn number(&mut self) -> String {
        match self.below(6) {
            0 => (self.next() as i64).to_string(),
            1 => self.next().to_string(),
            2 => (self.below(2001) as i64 - 1000).to_string(),
            3 => {
                let f = f64::from_bits(self.next());
                if f.is_finite() {
                    format!("{f:e}")
                } else {
                    "1".into()
                }
            }
            4 => {
                let f = f64::from_bits(self.next());
                if f.is_finite() {
                    format!("{f:?}")
                } else {
                    "2".into()
                }
            }
            _ => format!(
                "{}.{}e{}",
                self.below(100),
                self.below(1_000_000),
                self.below(600) as i64 - 300
            ),
        }
    }

    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            " ",
            "é",
            "😀",
            "\u{2028}",
            "\u{7f}",
            "\u{80}",
            "\u{ffff}",
            "\\\"",
            "\\\\",
            "\\/",
            "\\n",
            "\\t",
            "\\b",
            "\\f",
            "\\r",
            "\\u0000",
            "\\u001f",
            "\\u0007",
            "\\u00e9",
            "\\ud83d\\ude00",
            "\\u2029",
            "<",
            "&",
            "'",
            "0",
            "1",
        ];
        let mut s = String::from("\"");
        for _ in 0..self.below(6) {
            s.push_str(self.pick(PIECES));
        }
        s.push('"');
        s
    }

    fn key(&mut self) -> String {
        const KEYS: &[&str] = &[
            "\"0\"",
            "\"1\"",
            "\"7\"",
            "\"10\"",
            "\"01\"",
            "\"-1\"",
            "\"4294967294\"",
            "\"4294967295\"",
            "\"id\"",
            "\"event\"",
            "\"a.b\"",
            "\"\"",
            "\"é\"",
        ];
        if self.below(2) == 0 {
            self.pick(KEYS).to_owned()
        } else {
            self.string()
        }
    }

    fn value(&mut self, depth: u32) -> String {
        let ws = |r: &mut Rng| r.pick(&["", "", " ", "\n", "\t", "\r\n"]).to_owned();
        match self.below(if depth >= 4 { 4 } else { 6 }) {
            0 => self.pick(&["null", "true", "false"]).to_owned(),
            1 | 2 => self.number(),
            3 => self.string(),
            4 => {
                let items: Vec<String> = (0..self.below(5))
                    .map(|_| format!("{}{}{}", ws(self), self.value(depth + 1), ws(self)))
                    .collect();
                format!("[{}]", items.join(","))
            }
            _ => {
                let entries: Vec<String> = (0..self.below(6))
                    .map(|_| format!("{}:{}{}", self.key(), ws(self), self.value(depth + 1)))
                    .collect();
                format!("{{{}}}", entries.join(","))
            }
        }
    }
}

fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn canonical_bytes_equal_node_json_stringify() {
    let catalog = Catalog::embedded();
    let mut inputs: Vec<Vec<u8>> = catalog
        .fixtures()
        .iter()
        .map(|f| serde_json::to_vec_pretty(&f.payload).unwrap())
        .collect();
    inputs.extend(tricky_inputs().into_iter().map(|s| s.as_bytes().to_vec()));
    let mut rng = Rng(0x5eed_0f0c_0a11_ab1e);
    inputs.extend((0..1500).map(|_| rng.value(0).into_bytes()));

    let cases: Vec<(Vec<u8>, usize)> = inputs.iter().map(|i| (i.clone(), 0)).collect();
    let js = node_stringify(&cases);
    let mut failures = Vec::new();
    for (input, js) in inputs.iter().zip(js) {
        let js = js.unwrap_or_else(|e| panic!("node rejected {:?}: {e}", show(input)));
        match canonical_bytes(input) {
            Ok(ours) if ours == js => {}
            Ok(ours) => failures.push(format!(
                "input {:?}\n  node {:?}\n  ocw  {:?}",
                show(input),
                show(&js),
                show(&ours)
            )),
            Err(e) => failures.push(format!("input {:?}: ocw error {e}", show(input))),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from node:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures_match_node_compact_and_pretty() {
    let catalog = Catalog::embedded();
    let mut cases = Vec::new();
    for f in catalog.fixtures() {
        // The file's bytes as a user would send them: the embedded catalog's pretty form.
        let text = serde_json::to_vec_pretty(&f.payload).unwrap();
        cases.push((text.clone(), 0));
        cases.push((text, 2));
    }
    let js = node_stringify(&cases);
    for (f, pair) in catalog.fixtures().iter().zip(js.chunks(2)) {
        let compact = pair[0].as_ref().unwrap();
        let pretty = pair[1].as_ref().unwrap();
        assert_eq!(show(&to_js_bytes(&f.payload)), show(compact), "{}", f.event);
        assert_eq!(
            show(&to_js_pretty(&f.payload, 2)),
            show(pretty),
            "{}",
            f.event
        );
    }
}

#[test]
fn what_ocw_refuses_is_what_javascript_changes() {
    // JSON.parse reads 1e400 as Infinity and JSON.stringify writes null: the payload would
    // silently change, so ocw refuses. A lone surrogate survives in JavaScript as an escape but
    // is not Unicode text, so ocw cannot hold it; it refuses and points at --raw-body.
    let cases = vec![
        (b"[1e400]".to_vec(), 0),
        (b"-1e400".to_vec(), 0),
        (br#""\ud800""#.to_vec(), 0),
        (br#""a\udc00b""#.to_vec(), 0),
    ];
    let js = node_stringify(&cases);
    assert_eq!(show(js[0].as_ref().unwrap()), "[null]");
    assert_eq!(show(js[1].as_ref().unwrap()), "null");
    assert_eq!(show(js[2].as_ref().unwrap()), r#""\ud800""#);
    assert_eq!(show(js[3].as_ref().unwrap()), r#""a\udc00b""#);
    assert!(matches!(
        canonical_bytes(&cases[0].0),
        Err(JsonError::NumberOutOfRange { .. })
    ));
    assert!(matches!(
        canonical_bytes(&cases[1].0),
        Err(JsonError::NumberOutOfRange { .. })
    ));
    assert!(matches!(
        canonical_bytes(&cases[2].0),
        Err(JsonError::LoneSurrogate { .. })
    ));
    assert!(matches!(
        canonical_bytes(&cases[3].0),
        Err(JsonError::LoneSurrogate { .. })
    ));
    // And what JavaScript rejects, ocw rejects.
    let bad = [
        "",
        " ",
        "{",
        "[1,]",
        "{\"a\":1,}",
        "01",
        "1.",
        ".5",
        "+1",
        "NaN",
        "'x'",
        "\u{feff}1",
        "{} {}",
        "\"\t\"",
        "\"\\x\"",
        "[1]]",
    ];
    let cases: Vec<(Vec<u8>, usize)> = bad.iter().map(|b| (b.as_bytes().to_vec(), 0)).collect();
    for (b, js) in bad.iter().zip(node_stringify(&cases)) {
        assert!(js.is_err(), "node accepted {b:?}");
        assert!(canonical_bytes(b.as_bytes()).is_err(), "ocw accepted {b:?}");
    }
}

#[test]
fn fuzz_corpus_agrees_with_node() {
    // The js_serializer fuzz corpus (seeds plus a coverage-minimized sample of what a long
    // campaign kept): inputs chosen by coverage, not by hand. Where ocw re-serializes, Node
    // writes the same bytes; where ocw refuses, JavaScript rejects the text too, or would
    // change it (the two documented refusals), or ocw is stricter for a named reason.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/js_serializer");
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 100, "only {} corpus inputs", inputs.len());
    let cases: Vec<(Vec<u8>, usize)> = inputs.iter().map(|(_, b)| (b.clone(), 0)).collect();
    let js = node_stringify(&cases);
    let mut failures = Vec::new();
    let mut same_bytes = 0;
    for ((name, input), js) in inputs.iter().zip(js) {
        let verdict = match (canonical_bytes(input), js) {
            (Ok(ours), Ok(theirs)) if ours == theirs => {
                same_bytes += 1;
                Ok(())
            }
            (Ok(ours), Ok(theirs)) => {
                Err(format!("node {:?}, ocw {:?}", show(&theirs), show(&ours)))
            }
            (Ok(_), Err(e)) => Err(format!("ocw accepted what node rejects ({e})")),
            (Err(JsonError::NumberOutOfRange { .. }), Ok(theirs))
                if theirs.windows(4).any(|w| w == b"null") =>
            {
                Ok(())
            }
            (Err(JsonError::LoneSurrogate { .. }), Ok(theirs))
                if theirs.windows(3).any(|w| w == b"\\ud") =>
            {
                Ok(())
            }
            (Err(_), Err(_)) => Ok(()),
            // Node decodes invalid UTF-8 as U+FFFD before parsing; JSON text must be UTF-8
            // (RFC 8259 section 8.1), and a signed body is bytes, so ocw refuses rather than guess.
            (Err(JsonError::Syntax { .. }), Ok(_)) if std::str::from_utf8(input).is_err() => Ok(()),
            // serde_json stops at 128 levels of nesting; V8 goes deeper. No webhook nests so.
            (Err(JsonError::Syntax { message, .. }), Ok(_))
                if message.contains("recursion limit") =>
            {
                Ok(())
            }
            (Err(e), Ok(theirs)) => {
                Err(format!("ocw refused ({e}), node wrote {:?}", show(&theirs)))
            }
        };
        if let Err(why) = verdict {
            failures.push(format!("{name} {:?}: {why}", show(input)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus inputs disagree with node:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
    // The comparison is only worth something if many inputs are JSON both sides accept.
    assert!(
        same_bytes >= 100,
        "only {same_bytes} inputs compared byte for byte"
    );
}
