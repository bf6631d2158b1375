//! `ocw retry` and `send --retry`, end to end. Speeds are high so the whole policy plays in well under a second of waiting, and no
//! assertion depends on timing tighter than seconds.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::cli::{Behavior, Endpoint, closed_port, hmac_hex, json_lines, ocw, stdout_of};

#[test]
fn always_failing_endpoint_is_marked_failed_after_four_identical_attempts() {
    let ep = Endpoint::start(Behavior {
        status: 500,
        ..Default::default()
    });
    let out = ocw()
        .args([
            "retry",
            "lead.qualified",
            "--to",
            &ep.url("/hook"),
            "--secret",
            "k",
        ])
        .args(["--speed", "1000", "--json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let lines = json_lines(&out);
    let attempts: Vec<&Value> = lines.iter().filter(|l| l["type"] == "attempt").collect();
    assert_eq!(attempts.len(), 4);
    let policy: Vec<f64> = attempts
        .iter()
        .map(|a| a["policy_offset_s"].as_f64().unwrap())
        .collect();
    assert_eq!(policy, vec![0.0, 30.0, 330.0, 2130.0]);
    let summary = lines.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["delivered"], false);
    assert_eq!(summary["attempts"], 4);

    let reqs = ep.requests();
    assert_eq!(reqs.len(), 4);
    for (k, r) in reqs.iter().enumerate() {
        assert_eq!(r.body, reqs[0].body, "every attempt sends the same bytes");
        assert_eq!(
            r.header("x-openclaw-signature").unwrap(),
            hmac_hex("k", &reqs[0].body)
        );
        assert_eq!(r.header("x-ocw-attempt").unwrap(), (k + 1).to_string());
    }
}

#[test]
fn human_output_shows_policy_and_real_time_and_verdict() {
    let ep = Endpoint::start(Behavior {
        status: 503,
        ..Default::default()
    });
    let out = ocw()
        .args([
            "retry",
            "--to",
            &ep.url("/"),
            "--schedule",
            "10s,20s",
            "--speed",
            "1000",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = stdout_of(&out);
    assert!(
        text.contains("attempt 1/3") && text.contains("attempt 3/3"),
        "{text}"
    );
    assert!(
        text.contains("policy +10s") && text.contains("policy +30s"),
        "{text}"
    );
    assert!(text.contains("real +") && text.contains("waited"), "{text}");
    assert!(text.contains("marked failed after 3 attempts"), "{text}");
}

/// Start `ocw listen` on a free port with extra args; returns the child and its URL.
fn listen(dir: &Path, extra: &[&str]) -> (std::process::Child, String) {
    let ready = dir.join("url");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("ocw"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .args(["listen", "127.0.0.1:0", "--json", "--ready-file"])
        .arg(&ready)
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    for _ in 0..400 {
        url = std::fs::read_to_string(&ready).unwrap_or_default();
        if url.ends_with('\n') {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(url.starts_with("http://"), "listener did not become ready");
    (child, url.trim().to_string())
}

fn stop(child: std::process::Child) -> Vec<Value> {
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    json_lines(&out)
}

#[test]
fn against_ocw_listen_fail_first_two_delivers_on_attempt_three() {
    let dir = tempfile::tempdir().unwrap();
    let (child, url) = listen(dir.path(), &["--fail-first", "2", "--secret", "k"]);
    let out = ocw()
        .args([
            "retry",
            "message.received",
            "--to",
            &format!("{url}/hook"),
            "--speed",
            "100",
        ])
        .args(["--secret", "k"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        stdout_of(&out).contains("delivered on attempt 3"),
        "{}",
        stdout_of(&out)
    );
    let lines = stop(child);
    let reqs: Vec<&Value> = lines.iter().filter(|l| l["type"] == "request").collect();
    assert_eq!(reqs.len(), 3);
    let statuses: Vec<u64> = reqs.iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, vec![500, 500, 200]);
    assert_eq!(reqs[0]["duplicate_of"], Value::Null);
    assert_eq!(reqs[1]["duplicate_of"], reqs[0]["seq"]);
    assert_eq!(reqs[2]["duplicate_of"], reqs[0]["seq"]);
    assert_eq!(reqs[2]["attempt"], 3);
    assert!(reqs.iter().all(|r| r["signature"]["status"] == "valid"));
}

#[test]
fn slow_answer_counts_as_failed_then_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    // Every answer takes 2 s; with a 300 ms timeout each attempt times out.
    let (child, url) = listen(dir.path(), &["--delay", "2s"]);
    let out = ocw()
        .args([
            "retry",
            "--to",
            &url,
            "--timeout",
            "300ms",
            "--schedule",
            "100ms",
            "--json",
        ])
        .args(["--speed", "10"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let lines = json_lines(&out);
    let attempts: Vec<&Value> = lines.iter().filter(|l| l["type"] == "attempt").collect();
    assert_eq!(attempts.len(), 2);
    assert!(
        attempts.iter().all(|a| a["error"]["kind"] == "timeout"),
        "{attempts:?}"
    );
    // The listener still saw (and answered, late) both attempts: the work happened twice.
    let reqs: Vec<Value> = stop(child)
        .into_iter()
        .filter(|l| l["type"] == "request")
        .collect();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1]["duplicate_of"], reqs[0]["seq"]);
}

#[test]
fn connection_refused_is_retried_and_fails() {
    let url = format!("http://127.0.0.1:{}/", closed_port());
    ocw()
        .args(["retry", "--to", &url, "--schedule", "1s", "--speed", "100"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("connection refused")
                .and(predicate::str::contains("marked failed after 2 attempts")),
        );
}

#[test]
fn retry_usage_errors() {
    ocw().args(["retry"]).assert().code(2);
    ocw()
        .args(["retry", "--to", "http://127.0.0.1:9/", "--speed", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("speed"));
    ocw()
        .args([
            "retry",
            "--to",
            "http://127.0.0.1:9/",
            "--schedule",
            "30s,,5m",
        ])
        .assert()
        .code(2);
}

fn write_config(dir: &Path, text: &str) -> String {
    let path = dir.join("ocw.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn send_retry_fans_out_and_reports_per_webhook() {
    let dir = tempfile::tempdir().unwrap();
    let (flaky, flaky_url) = listen(dir.path(), &["--fail-first", "1"]);
    let steady = Endpoint::start(Behavior::default());
    let cfg = write_config(
        dir.path(),
        &format!(
            "webhooks:\n  - name: flaky\n    url: \"{flaky_url}/hook\"\n    events: [\"lead.qualified\"]\n  - name: steady\n    url: \"{}\"\n    events: [\"lead.qualified\"]\n",
            steady.url("/")
        ),
    );
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--retry",
            "--speed",
            "1000",
            "--json",
            "--config",
            &cfg,
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    let by = |name: &str| lines.iter().find(|l| l["webhook"] == name).unwrap().clone();
    assert_eq!(by("flaky")["attempts"], 2);
    assert_eq!(by("flaky")["delivered"], true);
    assert_eq!(by("steady")["attempts"], 1);
    assert_eq!(
        stop(flaky)
            .iter()
            .filter(|l| l["type"] == "request")
            .count(),
        2
    );
}

#[test]
fn a_rejected_signature_ends_with_a_hint_for_the_receivers_author() {
    let ep = Endpoint::start(Behavior {
        status: 403,
        body: "forbidden",
        content_type: "text/plain",
        ..Behavior::default()
    });
    ocw()
        .args([
            "retry",
            "lead.qualified",
            "--to",
            &format!(":{}/hook", ep.addr.port()),
        ])
        .args(["--schedule", "10ms", "--secret", "k"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("marked failed after 2 attempts")
                .and(predicate::str::contains(
                    "hint: ocw signed the exact bytes it sent",
                ))
                .and(predicate::str::contains("`request.get_data()` in Flask")),
        );
    assert_eq!(ep.requests().len(), 2);
    assert!(ep.requests().iter().all(|r| r.path == "/hook"));
}

#[test]
fn a_signature_given_with_h_is_sent_as_given_on_every_attempt() {
    let ep = Endpoint::start(Behavior {
        status: 500,
        ..Behavior::default()
    });
    ocw()
        .args(["retry", "lead.qualified", "--to", &ep.url("/")])
        .args([
            "--schedule",
            "10ms",
            "--secret",
            "k",
            "-H",
            "x-openclaw-signature: abc",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "note: sending your x-openclaw-signature as given; the body is not signed",
        ));
    for r in ep.requests() {
        assert_eq!(r.header("x-openclaw-signature"), Some("abc"));
        assert_ne!(hmac_hex("k", &r.body), "abc");
    }
}
