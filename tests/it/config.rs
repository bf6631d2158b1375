//! The webhook config end to end: `ocw config check|init`, config-driven `send` (subscribed
//! webhooks, their secrets and headers), and config errors that name the file and entry.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::cli::{
    Behavior, Endpoint, closed_port, hmac_hex, json_lines, ocw, stderr_of, stdout_of,
};

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
