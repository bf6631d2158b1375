//! The properties the fuzz targets check (`fuzz/`), one function per parser of outside bytes,
//! also run over the committed corpus by `tests/it/fuzz_corpus.rs` so that every input a
//! fuzzer ever found stays a regression test on stable `cargo test`.
//!
//! Each function takes arbitrary bytes and panics only when a property fails (a parser that
//! panics fails too, by itself).

use crate::secret::Secret;
use crate::signing::{self, Scheme};

/// A property over arbitrary bytes.
pub type Property = fn(&[u8]);

/// Every target by name, for the corpus runner.
pub const TARGETS: &[(&str, Property)] = &[
    ("signature", signature),
    ("js_serializer", js_serializer),
    ("relay_frame", relay_frame),
    ("gateway_frame", gateway_frame),
    ("set_path", set_path),
    ("webhook_config", webhook_config),
    ("openclaw_json", openclaw_json),
    ("record_line", record_line),
    ("test_case", test_case),
];

/// Split `data` at the first `\0` (or give it all to the first part).
fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// Signature headers and bodies: verifying arbitrary headers never panics, for every scheme
/// and for detection; and what `sign` makes for a body, `verify` accepts (every scheme).
pub fn signature(data: &[u8]) {
    let (head, body) = split(data);
    let text = String::from_utf8_lossy(head);
    let headers: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let secrets = [Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")];
    let now = 1_800_000_000;
    for scheme in Scheme::ALL.map(Some).into_iter().chain([None]) {
        let _ = signing::verify(&signing::VerifyRequest {
            headers: &headers,
            body,
            secrets: &secrets,
            scheme,
            tolerance_secs: 300,
            now,
        });
    }
    for scheme in Scheme::ALL {
        let signed = signing::sign(&signing::SignRequest {
            scheme,
            secret: secrets[0].expose(),
            body,
            timestamp: now,
            msg_id: "msg_fuzz",
        })
        .expect("a valid secret signs any body");
        let verdict = signing::verify(&signing::VerifyRequest {
            headers: &signed,
            body,
            secrets: &secrets,
            scheme: Some(scheme),
            tolerance_secs: 300,
            now,
        });
        assert!(
            verdict.valid,
            "{scheme:?} does not verify its own signature: {verdict:?}"
        );
    }
}

/// The JavaScript-compatible serializer is idempotent: what it writes, it reads back to the
/// same bytes.
pub fn js_serializer(data: &[u8]) {
    if let Ok(once) = crate::payload::js::canonical_bytes(data) {
        let twice = crate::payload::js::canonical_bytes(&once).expect("its own output parses");
        assert_eq!(once, twice, "not idempotent");
    }
}

/// A relay frame is classified (possibly as one to answer with an error frame), never a panic.
pub fn relay_frame(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::bridge::inbound::classify(&text);
    let _ = crate::bridge::inbound::oversized(&text);
    let _ = crate::bridge::inbound::slash_command(&text);
    let _ = crate::bridge::inbound::parse_approve(&text);
}

/// A Gateway frame parses or is an error, never a panic.
pub fn gateway_frame(data: &[u8]) {
    let _ = crate::bridge::protocol::Incoming::parse(&String::from_utf8_lossy(data));
}

/// `--set` / `--unset` on a payload: never a panic, and a failed edit leaves it untouched.
pub fn set_path(data: &[u8]) {
    let (arg, value) = split(data);
    let arg = String::from_utf8_lossy(arg);
    let mut doc: serde_json::Value = serde_json::from_slice(value)
        .unwrap_or_else(|_| serde_json::json!({"a": [1, {"b": null}], "c": "d"}));
    let before = doc.clone();
    if crate::payload::edit::set(&mut doc, &arg).is_err() {
        assert_eq!(doc, before, "a failed --set changed the payload");
    }
    let mut doc = before.clone();
    if crate::payload::edit::unset(&mut doc, &arg).is_err() {
        assert_eq!(doc, before, "a failed --unset changed the payload");
    }
}

/// The webhook config (YAML): parses or explains, never a panic.
pub fn webhook_config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let env = |_: &str| Some("x".to_owned());
    let _ = crate::webhooks::parse(
        &text,
        std::path::Path::new("ocw.yaml"),
        &env,
        &crate::payload::EVENT_NAMES,
    );
}

/// OpenClaw's config (JSON5, `${VAR}`): parses or explains, never a panic.
pub fn openclaw_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(v) = crate::openclaw::parse_json5(&text) {
        let env = |_: &str| None;
        let _ = crate::openclaw::gateway_port(v.get("gateway"), std::path::Path::new("x"), &env);
    }
    let env = |_: &str| None;
    let _ = crate::openclaw::substitute_env(&text, &env);
}

/// Record lines: reading arbitrary NDJSON never panics; and a body written into a record line
/// the way `listen --record` writes it reads back byte-exact.
pub fn record_line(data: &[u8]) {
    for item in crate::replay::Reader::new(std::io::Cursor::new(data)) {
        let _ = item;
    }
    let (body, encoding) = crate::receiver::record::encode_body(data, false);
    let line = serde_json::json!({
        "type": "request", "seq": 1, "method": "POST", "path": "/", "headers": {},
        "body": body, "body_encoding": encoding, "status": 200,
    })
    .to_string();
    let mut reader = crate::replay::Reader::new(std::io::Cursor::new(line.into_bytes()));
    match reader.next() {
        Some(Ok(crate::replay::Item::Request(r))) => {
            assert_eq!(r.body.as_ref(), data, "the body did not round-trip")
        }
        other => panic!("a record line of ocw's own did not read back: {other:?}"),
    }
}

/// `ocw test` case files: parse or explain, never a panic.
pub fn test_case(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::conformance::case::parse(
        &text,
        "case.yaml",
        crate::conformance::case::Origin::File("case.yaml".into()),
    );
}
