//! Every `--json` shape, pinned twice: each command's JSON output reduced to its skeleton (keys in
//! order, `"type"` and enum-like tags kept, other strings `"<s>"`, numbers `0`, arrays their first
//! element) and compared with the expected one; and every line validated against the JSON Schema
//! generated from the output types (`ocw::cmd::shapes`), which also generates the README's list
//! and `docs/json-schema.json` (checked here to be up to date). A change to a shape fails here
//! and must be made on purpose.

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

/// Panics unless `v` (printed by `ocw <command> --json`) matches one of the schemas listed for
/// its command and `type` tag.
pub(crate) fn validate(command: &str, v: &Value) {
    if let Err(e) = check(command, v) {
        panic!("{e}");
    }
}

fn check(command: &str, v: &Value) -> Result<(), String> {
    let tag = v["type"].as_str().ok_or(format!("no type tag: {v}"))?;
    let schemas = ocw::cmd::shapes::schemas_for(command, tag);
    if schemas.is_empty() {
        return Err(format!("no shape listed for `{command}` / {tag:?}: {v}"));
    }
    let mut errors = Vec::new();
    for schema in &schemas {
        let validator = jsonschema::validator_for(schema).expect("a valid schema");
        match validator.validate(v) {
            Ok(()) => return Ok(()),
            Err(e) => errors.push(format!("{e} at {}", e.instance_path())),
        }
    }
    Err(format!(
        "`{command}` printed a {tag:?} that its schema rejects: {errors:?}\n{v}"
    ))
}

/// The schemas are strict: an extra key, a missing one, a wrong type or a wrong tag fails.
#[test]
fn schemas_reject_what_is_not_documented() {
    let good = serde_json::json!({"type":"bridge_stop","stopped":true,"pid":12});
    check("bridge stop", &good).unwrap();
    let mut extra = good.clone();
    extra["surprise"] = Value::from(1);
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("stopped");
    let mut wrong = good.clone();
    wrong["pid"] = Value::from("12");
    for bad in [extra, missing, wrong] {
        assert!(check("bridge stop", &bad).is_err(), "accepted {bad}");
    }
    assert!(
        check("bridge status", &good).is_err(),
        "a bridge_stop is no status"
    );
    // Nested and flattened objects are closed too.
    let event = serde_json::json!({"type":"bridge_event","event":"relay_connected","url":"ws://x"});
    check("bridge run", &event).unwrap();
    let mut extra = event.clone();
    extra["port"] = Value::from(1);
    assert!(check("bridge run", &extra).is_err(), "accepted {extra}");
}

/// The skeletons of every NDJSON line (each validated), one per line.
fn shapes(command: &str, out: &std::process::Output) -> String {
    json_lines(out)
        .iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.clone(),
            _ => vec![v.clone()],
        })
        .map(|v| {
            validate(command, &v);
            shape(&v).to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The README's list of shapes and `docs/json-schema.json` are what `ocw::cmd::shapes` generates.
/// `OCW_BLESS=1` writes them instead.
#[test]
fn json_docs_are_generated() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("OCW_BLESS").is_some();

    let schema_path = root.join("docs/json-schema.json");
    let schema = serde_json::to_string_pretty(&ocw::cmd::shapes::document()).unwrap() + "\n";
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let (start, end) = ("<!-- json-shapes:start", "<!-- json-shapes:end -->");
    let a = readme.find(start).expect("the start marker");
    let a = a + readme[a..].find('\n').unwrap() + 1;
    let b = readme.find(end).expect("the end marker");
    let generated = ocw::cmd::shapes::readme_section();
    if bless {
        std::fs::write(&schema_path, &schema).unwrap();
        std::fs::write(
            &readme_path,
            format!("{}{generated}{}", &readme[..a], &readme[b..]),
        )
        .unwrap();
        return;
    }
    let stale = "is stale: run `OCW_BLESS=1 cargo test --test it json_docs` and review the diff";
    assert_eq!(
        std::fs::read_to_string(&schema_path).unwrap_or_default(),
        schema,
        "docs/json-schema.json {stale}"
    );
    assert_eq!(&readme[a..b], generated, "README's JSON list {stale}");
    // The schema document is itself a valid schema.
    jsonschema::validator_for(&ocw::cmd::shapes::document()).expect("a valid schema");
}

#[test]
fn events_and_sign_and_verify() {
    let out = ocw().args(["events", "--json"]).output().unwrap();
    assert!(stdout_of(&out).starts_with('['), "one array");
    assert_eq!(
        shapes("events", &out).lines().next().unwrap(),
        r#"{"type":"event_type","event":"<s>","description":"<s>"}"#
    );

    let out = ocw()
        .args(["sign", "--json", "--secret", "k", "--scheme", "stripe"])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_eq!(
        shapes("sign", &out),
        r#"{"type":"signature","scheme":"stripe","headers":{"stripe-signature":"<s>"}}"#
    );

    let out = ocw()
        .args(["verify", "--json", "--secret", "k", "--signature", "00"])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_eq!(
        shapes("verify", &out),
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
        shapes("send", &out),
        r#"{"type":"delivery","event":"<s>","url":"<s>","conversation_id":"<s>","ok":false,"latency_ms":0,"status":0,"response":{"content_type":"<s>","body":"<s>","truncated":false},"error":null}"#
    );

    let out = ocw()
        .args(["send", "lead.qualified", "--json", "--curl", "--to", &url])
        .output()
        .unwrap();
    assert_eq!(
        shapes("send", &out),
        r#"{"type":"dry_run","event":"<s>","method":"<s>","url":"<s>","headers":[["<s>"]],"body":"<s>","body_encoding":"utf8","curl":"<s>"}"#
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
    let last = shapes("send", &out).lines().last().unwrap().to_owned();
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
        shapes("retry", &out),
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
        shapes("config check", &out),
        r#"{"type":"config","path":"<s>","webhooks":[{"name":"<s>","url":"<s>","secret":"<s>","events":["<s>"],"headers":{}}]}"#
    );

    let out = ocw().args(["demo", "--json"]).output().unwrap();
    let demo = shapes("demo", &out);
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
        shapes("bridge status", &out),
        r#"{"type":"bridge_status","running":false,"pid":null,"log":"<s>","config":"<s>","uid":null,"webhook_url":null,"relay":null,"gateway":null}"#
    );
    let out = bridge("stop");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        shapes("bridge stop", &out),
        r#"{"type":"bridge_stop","stopped":false,"pid":null}"#
    );
}
