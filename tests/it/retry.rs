//! `ocw retry`, the webhook config (`ocw config`, config-driven `send`) and `send --retry`, end
//! to end. Speeds are high so the whole policy plays in well under a second of waiting, and no
//! assertion depends on timing tighter than seconds.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{Behavior, Endpoint, closed_port, hmac_hex, ocw, stderr_of, stdout_of};

fn json_lines(out: &std::process::Output) -> Vec<Value> {
    stdout_of(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

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

// ---- the webhook config ----------------------------------------------------------------------

fn write_config(dir: &Path, text: &str) -> String {
    let path = dir.join("ocw.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn config_driven_send_goes_to_subscribed_webhooks_with_their_secret_and_headers() {
    let crm = Endpoint::start(Behavior::default());
    let slack = Endpoint::start(Behavior::default());
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &format!(
            r#"webhooks:
  - name: "crm-lead-capture"
    url: "{crm}"
    secret: "${{WEBHOOK_SECRET}}"
    events: ["conversation.started", "lead.qualified"]
    headers:
      Authorization: "Bearer ${{CRM_API_KEY}}"
  - name: "slack-alerts"
    url: "{slack}"
    secret: "${{SLACK_SECRET:-fallback}}"
    events: ["handoff.requested", "lead.qualified"]
"#,
            crm = crm.url("/crm"),
            slack = slack.url("/slack")
        ),
    );
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "conversation.started",
            "--config",
            &cfg,
        ])
        .env("WEBHOOK_SECRET", "crm-secret")
        .env("CRM_API_KEY", "crm-key")
        .assert()
        .success()
        .get_output()
        .clone();
    let text = stdout_of(&out);
    assert!(
        text.contains("crm-lead-capture") && text.contains("slack-alerts"),
        "{text}"
    );
    assert!(!text.contains("crm-secret") && !text.contains("crm-key"));
    let crm_reqs = crm.requests();
    assert_eq!(crm_reqs.len(), 2);
    for r in &crm_reqs {
        assert_eq!(
            r.header("x-openclaw-signature").unwrap(),
            hmac_hex("crm-secret", &r.body)
        );
        assert_eq!(r.header("authorization"), Some("Bearer crm-key"));
    }
    let slack_reqs = slack.requests();
    assert_eq!(
        slack_reqs.len(),
        1,
        "slack is only subscribed to lead.qualified of these"
    );
    assert_eq!(slack_reqs[0].json()["event"], "lead.qualified");
    assert_eq!(
        slack_reqs[0].header("x-openclaw-signature").unwrap(),
        hmac_hex("fallback", &slack_reqs[0].body)
    );

    // --webhook picks one; --json tags each delivery with its webhook.
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--webhook",
            "slack-alerts",
            "--json",
            "--config",
            &cfg,
        ])
        .env("WEBHOOK_SECRET", "crm-secret")
        .env("CRM_API_KEY", "crm-key")
        .assert()
        .success()
        .get_output()
        .clone();
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["webhook"], "slack-alerts");
    assert_eq!(slack.requests().len(), 2);
    assert_eq!(crm.requests().len(), 2);

    // The config is found as ./ocw.yaml too, and an unset variable is an error naming it.
    ocw()
        .current_dir(dir.path())
        .args(["send", "lead.qualified"])
        .env("CRM_API_KEY", "crm-key")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("WEBHOOK_SECRET")
                .and(predicate::str::contains("crm-lead-capture")),
        );
}

#[test]
fn config_send_exits_1_when_any_webhook_fails() {
    let good = Endpoint::start(Behavior::default());
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &format!(
            "webhooks:\n  - name: good\n    url: \"{}\"\n    events: [\"*\"]\n  - name: down\n    url: \"http://127.0.0.1:{}/\"\n    events: [\"lead.qualified\"]\n",
            good.url("/"),
            closed_port()
        ),
    );
    let out = ocw()
        .args(["send", "lead.qualified", "--config", &cfg])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = stdout_of(&out);
    assert!(text.contains("connection refused"), "{text}");
    assert_eq!(good.requests().len(), 1);
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
fn config_check_redacts_and_init_writes_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ocw.yaml");
    ocw().args(["config", "init"]).arg(&path).assert().success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Refuses to overwrite.
    ocw().args(["config", "init"]).arg(&path).assert().code(2);
    let out = ocw()
        .args(["config", "check", "--config", path.to_str().unwrap()])
        .env("WEBHOOK_SECRET", "s3cr3t-value")
        .env("CRM_API_KEY", "api-k3y-value")
        .assert()
        .success()
        .get_output()
        .clone();
    let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
    assert!(all.contains("crm-lead-capture"), "{all}");
    assert!(
        !all.contains("s3cr3t-value") && !all.contains("api-k3y-value"),
        "{all}"
    );
    let out = ocw()
        .args([
            "config",
            "check",
            "--json",
            "--config",
            path.to_str().unwrap(),
        ])
        .env("WEBHOOK_SECRET", "s3cr3t-value")
        .env("CRM_API_KEY", "api-k3y-value")
        .assert()
        .success()
        .get_output()
        .clone();
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v["webhooks"][0]["secret"], "[redacted]");
}

#[test]
fn config_errors_name_file_and_entry() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "webhooks:\n  - name: a\n    url: \"http://x/\"\n    events: [\"lead.qualifed\"]\n",
            "lead.qualified",
        ),
        (
            "webhooks:\n  - name: a\n    url: \"not a url\"\n    events: [\"lead.qualified\"]\n",
            "url",
        ),
        (
            "webhooks:\n  - name: a\n    url: \"http://x/\"\n    events: [\"lead.qualified\"]\n    colour: red\n",
            "colour",
        ),
        (
            "webhooks:\n  - name: a\n   url: broken indentation\n",
            "ocw.yaml",
        ),
    ];
    for (text, needle) in cases {
        let cfg = write_config(dir.path(), text);
        ocw()
            .args(["config", "check", "--config", &cfg])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(needle).and(predicate::str::contains("ocw.yaml")));
    }
    // An explicit config that does not exist is an error; an implicit one is simply absent.
    ocw()
        .args(["config", "check", "--config", "/nonexistent/ocw.yaml"])
        .assert()
        .code(2);
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    ocw()
        .current_dir(&empty)
        .args(["send", "lead.qualified"])
        .env("XDG_CONFIG_HOME", &empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--to"));
}

#[test]
fn unknown_webhook_name_suggests_the_close_one() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        "webhooks:\n  - name: crm-lead-capture\n    url: \"http://127.0.0.1:9/\"\n    events: [\"*\"]\n",
    );
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--webhook",
            "crm-lead-captur",
            "--config",
            &cfg,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("crm-lead-capture"));
    ocw()
        .args(["retry", "--webhook", "nope", "--config", &cfg])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope"));
}
