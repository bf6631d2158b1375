//! `ocw replay`: recorded requests sent again, byte for byte or signed anew.

use serde_json::{Value, json};

use crate::support::cli::{Behavior, Endpoint, hmac_hex, ocw, stderr_of, stdout_of};

/// A record line as `listen --record` writes it.
fn line(seq: u64, event: &str, body: &str, headers: Value) -> String {
    json!({
        "type": "request", "seq": seq, "received_at": "2026-11-29T10:00:00Z", "method": "POST",
        "path": "/hook", "query": "a=1", "headers": headers, "body": body,
        "body_encoding": "utf8", "body_bytes": body.len(), "event": event,
        "conversation_id": format!("conv_{seq}"), "status": 200,
    })
    .to_string()
}

fn body(event: &str, n: u64) -> String {
    // Pretty-printed on purpose: replay must not re-serialize.
    format!("{{\n  \"event\": \"{event}\",\n  \"n\": {n}\n}}")
}

fn record(dir: &tempfile::TempDir, lines: &[String]) -> std::path::PathBuf {
    let path = dir.path().join("rec.ndjson");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn replays_bytes_and_headers_as_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let b = body("lead.qualified", 1);
    let sig = hmac_hex("original", b.as_bytes());
    let path = record(
        &dir,
        &[
            r#"{"type":"ready","url":"http://127.0.0.1:1","addr":"127.0.0.1:1"}"#.to_owned(),
            line(
                1,
                "lead.qualified",
                &b,
                json!({"content-type": "application/json", "x-openclaw-signature": sig,
                       "x-custom": "kept", "authorization": "[redacted]", "host": "old",
                       "connection": "keep-alive", "content-length": "999"}),
            ),
        ],
    );
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args(["replay"])
        .arg(&path)
        .args(["--to", &ep.url("/")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).contains("✓ #1 lead.qualified  200"),
        "{}",
        stdout_of(&out)
    );
    assert!(
        stderr_of(&out).contains("#1: authorization redacted in the record"),
        "{}",
        stderr_of(&out)
    );
    let got = ep.requests();
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(r.body.as_ref(), b.as_bytes(), "byte for byte");
    assert_eq!(
        r.path, "/hook?a=1",
        "the recorded path and query under a bare --to"
    );
    assert_eq!(r.header("x-openclaw-signature"), Some(sig.as_str()));
    assert_eq!(r.header("x-custom"), Some("kept"));
    assert_eq!(
        r.header("authorization"),
        None,
        "a redacted value is never sent"
    );
    assert_ne!(r.header("host"), Some("old"));
    assert_eq!(
        r.header("content-length"),
        Some(b.len().to_string().as_str())
    );
}

#[test]
fn selects_by_seq_event_and_last() {
    let dir = tempfile::tempdir().unwrap();
    let events = [
        "conversation.started",
        "lead.qualified",
        "message.sent",
        "lead.qualified",
    ];
    let lines: Vec<String> = events
        .iter()
        .enumerate()
        .map(|(i, e)| line(i as u64 + 1, e, &body(e, i as u64 + 1), json!({})))
        .collect();
    let path = record(&dir, &lines);
    let run = |sel: &[&str]| -> Vec<u64> {
        let ep = Endpoint::start(Behavior::default());
        let out = ocw()
            .args(["replay", "--json"])
            .arg(&path)
            .args(["--to", &ep.url("/x")])
            .args(sel)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        ep.requests()
            .iter()
            .map(|r| r.json()["n"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(run(&[]), [1, 2, 3, 4]);
    assert_eq!(run(&["--seq", "3,1"]), [1, 3]);
    assert_eq!(run(&["--event", "lead.*"]), [2, 4]);
    assert_eq!(run(&["--event", "lead.*", "--last", "1"]), [4]);
    assert_eq!(run(&["--last", "2"]), [3, 4]);
}

#[test]
fn re_sign_makes_a_fresh_signature_and_json_names_the_seq() {
    let dir = tempfile::tempdir().unwrap();
    let b = body("lead.qualified", 7);
    let old = format!("t=1000000000,v1={}", "0".repeat(64));
    let path = record(
        &dir,
        &[
            line(
                7,
                "lead.qualified",
                &b,
                json!({"x-openclaw-signature": "stale"}),
            ),
            line(8, "lead.qualified", &b, json!({"stripe-signature": old})),
        ],
    );
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args(["replay", "--json", "--re-sign", "--seq", "7"])
        .arg(&path)
        .args(["--to", &ep.url("/x")])
        .env("OCW_SECRET", "new-secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let r = &ep.requests()[0];
    assert_eq!(
        r.header("x-openclaw-signature"),
        Some(hmac_hex("new-secret", b.as_bytes()).as_str())
    );
    let v: Value = serde_json::from_str(stdout_of(&out).trim()).unwrap();
    crate::json_shapes::validate("replay", &v);
    assert_eq!(
        (v["seq"].as_u64(), v["event"].as_str()),
        (Some(7), Some("lead.qualified"))
    );

    // A Stripe signature from 2001: said to be stale before it goes, unchanged.
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args(["replay", "--seq", "8"])
        .arg(&path)
        .args(["--to", &ep.url("/x")])
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains("#8: its stripe signature is")
            && stderr_of(&out).contains("--re-sign signs it anew"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        ep.requests()[0].header("stripe-signature"),
        Some(old.as_str())
    );

    // Re-signed, the Stripe scheme is kept and the timestamp is fresh.
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args(["replay", "--seq", "8", "--re-sign", "--secret", "k"])
        .arg(&path)
        .args(["--to", &ep.url("/x")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let header = ep.requests()[0]
        .header("stripe-signature")
        .unwrap()
        .to_owned();
    let ts: i64 = header[2..header.find(',').unwrap()].parse().unwrap();
    assert!(
        (jiff::Timestamp::now().as_second() - ts).abs() < 300,
        "{header}"
    );
    let verified = ocw()
        .args(["verify", "--secret", "k", "-H"])
        .arg(format!("stripe-signature: {header}"))
        .write_stdin(b.clone())
        .output()
        .unwrap();
    assert_eq!(verified.status.code(), Some(0), "{}", stdout_of(&verified));
}

#[test]
fn bad_lines_are_named_and_nothing_selected_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = record(
        &dir,
        &[
            "not json at all".to_owned(),
            r#"{"type":"request","seq":2,"method":"POST","path":"/","headers":{},"body":"","body_encoding":"utf8","status":null}"#.to_owned(),
            line(3, "lead.qualified", &body("lead.qualified", 3), json!({})),
        ],
    );
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args(["replay"])
        .arg(&path)
        .args(["--to", &ep.url("/x")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("line 1: not a record line"), "{err}");
    assert!(err.contains("line 2: #2 never arrived whole"), "{err}");
    assert_eq!(ep.requests().len(), 1);

    let out = ocw()
        .args(["replay", "--seq", "99"])
        .arg(&path)
        .args(["--to", &ep.url("/x")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("no request in"),
        "{}",
        stderr_of(&out)
    );

    let out = ocw()
        .args(["replay", "--re-sign"])
        .arg(&path)
        .args(["--to", &ep.url("/x")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("--re-sign needs a secret"),
        "{}",
        stderr_of(&out)
    );
}

/// The whole loop: `listen --record` writes what `replay` sends to another listener, which
/// sees the same bytes with a valid signature.
#[test]
fn a_listen_record_replays_into_another_listener() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec.ndjson");
    let ep = Endpoint::start(Behavior::default());
    // Record by forwarding nothing: listen answers itself.
    let mut listen = std::process::Command::new(assert_cmd::cargo::cargo_bin!("ocw"))
        .args(["listen", "127.0.0.1:0", "--json", "--record"])
        .arg(&rec)
        .env("OCW_SECRET", "k")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let ready = {
        use std::io::BufRead;
        let mut first = String::new();
        std::io::BufReader::new(listen.stdout.as_mut().unwrap())
            .read_line(&mut first)
            .unwrap();
        serde_json::from_str::<Value>(&first).unwrap()["url"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let sent = ocw()
        .args([
            "send",
            "lead.qualified",
            "message.sent",
            "--to",
            &format!("{ready}/hook"),
        ])
        .env("OCW_SECRET", "k")
        .output()
        .unwrap();
    assert_eq!(sent.status.code(), Some(0), "{}", stderr_of(&sent));
    listen.kill().unwrap();
    listen.wait().unwrap();

    let out = ocw()
        .args(["replay"])
        .arg(&rec)
        .args(["--to", &ep.url("/")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let got = ep.requests();
    assert_eq!(got.len(), 2);
    for r in &got {
        assert_eq!(r.path, "/hook");
        assert_eq!(
            r.header("x-openclaw-signature"),
            Some(hmac_hex("k", &r.body).as_str()),
            "the recorded signature, still valid for the recorded bytes"
        );
    }
}
