//! Every `--json` shape, pinned: each command's JSON output reduced to its skeleton (keys in
//! order, `"type"` and enum-like tags kept, other strings `"<s>"`, numbers `0`, arrays their first
//! element) and compared with the README's documented shape. A change to a shape fails here and
//! must be made on purpose, with the README.

use serde_json::{Map, Value};

use crate::support::cli::{Behavior, Endpoint, json_lines, ocw, stdout_of};

/// Keys whose string values are part of the shape (tags and enums), not data.
const TAGS: &[&str] = &["type", "kind", "body_encoding", "scheme"];

/// The skeleton of a JSON value.
pub(crate) fn shape(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let s = match v {
                    Value::String(_) if TAGS.contains(&k.as_str()) => v.clone(),
                    _ => shape(v),
                };
                out.insert(k.clone(), s);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().take(1).map(shape).collect()),
        Value::String(_) => Value::from("<s>"),
        Value::Number(_) => Value::from(0),
        Value::Bool(_) => Value::from(false),
        Value::Null => Value::Null,
    }
}

/// The skeletons of every NDJSON line, one per line.
fn shapes(out: &std::process::Output) -> String {
    json_lines(out)
        .iter()
        .map(|v| shape(v).to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn events_and_sign_and_verify() {
    let out = ocw().args(["events", "--json"]).output().unwrap();
    assert_eq!(shapes(&out), r#"[{"event":"<s>","description":"<s>"}]"#);

    let out = ocw()
        .args(["sign", "--json", "--secret", "k", "--scheme", "stripe"])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_eq!(
        shapes(&out),
        r#"{"type":"signature","scheme":"stripe","headers":{"stripe-signature":"<s>"}}"#
    );

    let out = ocw()
        .args(["verify", "--json", "--secret", "k", "--signature", "00"])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_eq!(
        shapes(&out),
        r#"{"type":"verify","valid":false,"scheme":"ocw","kind":"malformed","reason":"<s>","hint":"<s>","secret_index":null,"age_secs":null}"#
    );
}

#[test]
fn send_single_storm_and_retry() {
    let ep = Endpoint::start(Behavior::default());
    let url = ep.url("/h");
    let out = ocw()
        .args(["send", "lead.qualified", "--json", "--to", &url])
        .output()
        .unwrap();
    assert_eq!(
        shapes(&out),
        r#"{"type":"delivery","event":"<s>","url":"<s>","conversation_id":"<s>","ok":false,"latency_ms":0,"status":0,"response":{"content_type":"<s>","body":"<s>","truncated":false},"error":null}"#
    );

    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--json",
            "--to",
            &url,
            "--count",
            "3",
        ])
        .output()
        .unwrap();
    let last = shapes(&out).lines().last().unwrap().to_owned();
    assert_eq!(
        last,
        r#"{"type":"summary","sent":0,"success":0,"non_success":0,"statuses":{},"errors":{},"elapsed":0,"requests_per_sec":0,"latency":{"min_ms":0,"p50_ms":0,"p90_ms":0,"p99_ms":0,"max_ms":0,"mean_ms":0,"histogram":[[0]]}}"#
    );

    let out = ocw()
        .args([
            "retry",
            "lead.qualified",
            "--json",
            "--to",
            &url,
            "--speed",
            "1000",
        ])
        .output()
        .unwrap();
    assert_eq!(
        shapes(&out),
        "{\"type\":\"attempt\",\"attempt\":0,\"of\":0,\"policy_offset_s\":0,\"real_offset_s\":0,\"scheduled_wait_s\":null,\"waited_s\":null,\"status\":0,\"ok\":false,\"error\":null,\"latency_ms\":0}\n\
         {\"type\":\"summary\",\"event\":\"<s>\",\"url\":\"<s>\",\"conversation_id\":\"<s>\",\"delivered\":false,\"attempts\":0}"
    );
}

#[test]
fn config_check_and_demo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ocw.yaml");
    std::fs::write(
        &path,
        "webhooks:\n  - name: a\n    url: https://example.com/h\n    secret: s\n    events: [\"*\"]\n",
    )
    .unwrap();
    let out = ocw()
        .args(["config", "check", "--json", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&out).lines().count(),
        1,
        "one document: {}",
        stdout_of(&out)
    );
    assert_eq!(
        shapes(&out),
        r#"{"type":"config","path":"<s>","webhooks":[{"name":"<s>","url":"<s>","secret":"<s>","events":["<s>"],"headers":{}}]}"#
    );

    let out = ocw().args(["demo", "--json"]).output().unwrap();
    let demo = shapes(&out);
    let mut kinds: Vec<&str> = demo.lines().collect();
    kinds.dedup();
    assert_eq!(
        kinds.join("\n"),
        "{\"type\":\"delivery\",\"event\":\"<s>\",\"url\":\"<s>\",\"conversation_id\":\"<s>\",\"ok\":false,\"latency_ms\":0,\"status\":0,\"response\":{\"content_type\":\"<s>\",\"body\":\"<s>\",\"truncated\":false},\"error\":null,\"signature\":\"<s>\"}\n\
         {\"type\":\"tampered\",\"valid\":false,\"reason\":\"<s>\",\"hint\":\"<s>\"}\n\
         {\"type\":\"attempt\",\"attempt\":0,\"of\":0,\"policy_offset_s\":0,\"real_offset_s\":0,\"scheduled_wait_s\":null,\"waited_s\":null,\"status\":0,\"ok\":false,\"error\":null,\"latency_ms\":0}\n\
         {\"type\":\"attempt\",\"attempt\":0,\"of\":0,\"policy_offset_s\":0,\"real_offset_s\":0,\"scheduled_wait_s\":0,\"waited_s\":0,\"status\":0,\"ok\":false,\"error\":null,\"latency_ms\":0}\n\
         {\"type\":\"retry\",\"delivered\":false,\"attempts\":0,\"duplicates_flagged\":0}"
    );
}

#[test]
fn bridge_status_and_stop_when_not_running() {
    let dir = tempfile::tempdir().unwrap();
    let bridge = |verb: &str| {
        ocw()
            .args(["bridge", verb, "--json"])
            .env("OPENCLAW_STATE_DIR", dir.path())
            .output()
            .unwrap()
    };
    let out = bridge("status");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        shapes(&out),
        r#"{"type":"bridge_status","running":false,"pid":null,"log":"<s>","config":"<s>","uid":null,"webhook_url":null,"relay":null,"gateway":null}"#
    );
    let out = bridge("stop");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        shapes(&out),
        r#"{"type":"bridge_stop","stopped":false,"pid":null}"#
    );
}
