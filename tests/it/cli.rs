//! Whole-CLI conventions: events, help, completions, colour, exit codes, broken pipes, demo.

use predicates::prelude::*;
use serde_json::Value;

use crate::support::cli::{ocw, stdout_of};

use crate::support::cli::EVENTS;

#[test]
fn events_list_and_json() {
    let out = ocw().arg("events").assert().success().get_output().clone();
    let text = stdout_of(&out);
    for e in EVENTS {
        assert!(text.contains(e), "{e} missing from {text}");
    }
    let out = ocw()
        .args(["events", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let v: Vec<Value> = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v.len(), 8);
    assert!(
        v.iter()
            .all(|e| e["description"].as_str().is_some_and(|d| !d.is_empty()))
    );
}

#[test]
fn events_show_prints_what_send_sends() {
    let out = ocw()
        .args([
            "events",
            "show",
            "lead.qualified",
            "--set",
            "lead_data.score=12",
            "--compact",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = stdout_of(&out);
    assert!(!text.trim_end().contains('\n'), "compact is one line");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["lead_data"]["score"], 12);
    assert_eq!(v["user"]["company"], "Acme Corp");
    assert_ne!(v["timestamp"], "2026-03-10T14:25:44Z");
    // indented by default, and the same document
    let out = ocw()
        .args(["events", "show", "custom.triggered"])
        .assert()
        .success()
        .get_output()
        .clone();
    let pretty = stdout_of(&out);
    assert!(
        pretty.contains("\n  \"event_name\": \"cancellation_intent\""),
        "{pretty}"
    );
    ocw()
        .args(["events", "show", "nope.event"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("known events"));
}

#[test]
fn user_fixture_folder_replaces_catalog() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("order.paid.json"),
        r#"{"event":"order.paid","amount":10}"#,
    )
    .unwrap();
    ocw()
        .args(["events", "--fixtures", dir.path().to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("order.paid"));
    ocw()
        .args(["events", "show", "order.paid", "--compact"])
        .env("OCW_FIXTURES", dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("\"amount\":10"));
    std::fs::write(dir.path().join("broken.json"), "{nope").unwrap();
    ocw()
        .args(["events", "--fixtures", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json"));
}

#[test]
fn help_documents_exit_codes_and_examples() {
    ocw()
        .args(["send", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes").and(predicate::str::contains("Examples")));
    ocw()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
    ocw()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ocw "));
    ocw().arg("frobnicate").assert().code(2);
}

#[test]
fn committed_completions_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        ("bash", "ocw.bash"),
        ("zsh", "_ocw"),
        ("fish", "ocw.fish"),
        ("powershell", "_ocw.ps1"),
        ("elvish", "ocw.elv"),
    ] {
        let out = ocw()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .clone();
        let path = root.join(file);
        if std::env::var_os("OCW_BLESS").is_some() {
            std::fs::write(&path, &out.stdout).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "completions/{file} is stale: run `OCW_BLESS=1 cargo test --test it completions` and commit"
        );
    }
}

#[test]
fn colour_follows_the_flags() {
    let piped = ocw()
        .arg("events")
        .env_remove("NO_COLOR")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        !piped.stdout.contains(&0x1b),
        "piped output has no escape codes"
    );
    let forced = ocw()
        .args(["events", "--color", "always"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(forced.stdout.contains(&0x1b), "--color always colours");
    let never = ocw()
        .args(["events", "--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(!never.stdout.contains(&0x1b));
}

#[test]
fn quiet_silences_chatter() {
    let out = ocw()
        .args(["events", "-q"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ocw()
        .args(["events", "-qq"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
}

#[test]
fn broken_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("ocw"))
        .args(["completions", "zsh"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end of stdout straight away: every write ocw makes hits a broken pipe.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "exit {status:?}, stderr {err}");
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
}

#[test]
fn demo_runs_offline_and_succeeds() {
    let out = ocw().arg("demo").assert().success().get_output().clone();
    let text = stdout_of(&out);
    for e in EVENTS {
        assert!(text.contains(e), "{e} missing from demo output");
    }
    assert_eq!(text.matches("signature valid").count(), 8, "{text}");
    assert!(text.contains("hint"), "demo shows a diagnosis: {text}");
    let out = ocw()
        .args(["demo", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let lines: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l["type"] == "delivery" && l["signature"] == "valid")
            .count(),
        8
    );
}

/// Issue 11.15: `send -h` files each option under its own heading (pinned), and the global
/// options are one line in a subcommand's `-h`, described in full by `--help`.
#[test]
fn short_help_groups_options_and_names_the_globals_once() {
    let out = ocw()
        .args(["send", "-h"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("send_short_help", stdout_of(&out));
    for cmd in [
        &["send", "-h"][..],
        &["bridge", "status", "-h"],
        &["listen", "-h"],
    ] {
        let help = stdout_of(&ocw().args(cmd).output().unwrap());
        assert!(!help.contains("Global options:"), "{cmd:?}: {help}");
        assert!(
            help.contains("Global options (-v, -q, --color, --json"),
            "{cmd:?}: {help}"
        );
    }
    let long = stdout_of(&ocw().args(["send", "--help"]).output().unwrap());
    assert!(
        long.contains("Global options:") && long.contains("--no-progress"),
        "{long}"
    );
}

/// Issue 11.15: a usage error shows the command's general usage, not the flags given as if
/// they were required; every error, clap's and ocw's, starts with `error:`.
#[test]
fn usage_errors_show_the_general_usage_and_one_prefix() {
    let out = ocw()
        .args(["send", "--to", ":3000", "--secret", "s", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: unexpected argument '--bogus'"),
        "{err}"
    );
    assert!(
        err.contains("Usage: ocw send [OPTIONS] [EVENT]..."),
        "{err}"
    );
    assert!(!err.contains("--secret <SECRET>"), "{err}");

    let out = ocw()
        .args([
            "verify",
            "--secret",
            "k",
            "--signature",
            "00",
            "/no/such/body",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: reading /no/such/body"), "{err}");
}
