//! `ocw sign` and `ocw verify` through the binary: schemes, rotation, diagnosis, exit codes.

use predicates::prelude::*;
use serde_json::Value;

use crate::support::cli::{hmac_hex, ocw, stdout_of};

const BODY: &str = r#"{"event":"lead.qualified","score":87}"#;

fn body_file(dir: &tempfile::TempDir, bytes: &[u8]) -> String {
    let p = dir.path().join("body.json");
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_owned()
}

#[test]
fn sign_prints_the_hex_hmac_of_the_exact_bytes() {
    ocw()
        .args(["sign", "--secret", "k"])
        .write_stdin(BODY)
        .assert()
        .success()
        .stdout(format!("{}\n", hmac_hex("k", BODY.as_bytes())));
    ocw()
        .arg("sign")
        .write_stdin(BODY)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--secret"));
}

#[test]
fn sign_other_schemes_and_github_vector() {
    ocw()
        .args([
            "sign",
            "--scheme",
            "github",
            "--secret",
            "It's a Secret to Everybody",
        ])
        .write_stdin("Hello, World!")
        .assert()
        .success()
        .stdout("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n");
    let out = ocw()
        .args([
            "sign",
            "--scheme",
            "standard-webhooks",
            "--secret",
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
        ])
        .args([
            "--timestamp",
            "1649367553",
            "--msg-id",
            "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
            "--json",
        ])
        .write_stdin(r#"{"email":"test@example.com","username":"test_user"}"#)
        .assert()
        .success()
        .get_output()
        .clone();
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(
        v["headers"]["webhook-signature"],
        "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
    );
    ocw()
        .args(["sign", "--scheme", "nope", "--secret", "k"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown signature scheme `nope`; expected one of",
        ));
}

#[test]
fn verify_valid_and_invalid_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let f = body_file(&dir, BODY.as_bytes());
    let sig = hmac_hex("k", BODY.as_bytes());
    ocw()
        .args(["verify", &f, "--secret", "k", "--signature", &sig])
        .assert()
        .success()
        .stdout(predicate::str::contains("valid"));
    ocw()
        .args(["verify", &f, "--secret", "wrong", "--signature", &sig])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("invalid"));
}

#[test]
fn verify_key_rotation_any_secret_matches() {
    let sig = hmac_hex("new", BODY.as_bytes());
    let out = ocw()
        .args([
            "verify",
            "-",
            "--secret",
            "old",
            "--secret",
            "new",
            "--signature",
            &sig,
            "--json",
        ])
        .write_stdin(BODY)
        .assert()
        .success()
        .get_output()
        .clone();
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["scheme"], "ocw");
    assert_eq!(v["secret_index"], 1);
}

#[test]
fn verify_json_shape_on_failure_names_the_mutation() {
    // Signed over the compact bytes, but the receiver has a pretty-printed copy.
    let compact = BODY.as_bytes();
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(BODY).unwrap()).unwrap();
    let sig = hmac_hex("k", compact);
    let out = ocw()
        .args(["verify", "--secret", "k", "--signature", &sig, "--json"])
        .write_stdin(pretty)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v["valid"], false);
    for key in ["valid", "scheme", "reason", "hint"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let hint = v["hint"].as_str().unwrap().to_lowercase();
    assert!(
        hint.contains("compact") || hint.contains("re-serial") || hint.contains("minif"),
        "{hint}"
    );
}

#[test]
fn verify_explains_trailing_newline_and_prefix() {
    let sig = hmac_hex("k", BODY.as_bytes());
    let out = ocw()
        .args(["verify", "--secret", "k", "--signature", &sig, "--json"])
        .write_stdin(format!("{BODY}\n"))
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert!(v["hint"].as_str().unwrap().contains("newline"), "{v}");

    let out = ocw()
        .args([
            "verify",
            "--secret",
            "k",
            "--signature",
            &format!("sha256={sig}"),
            "--json",
        ])
        .write_stdin(BODY)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert!(v["hint"].as_str().unwrap().contains("sha256="), "{v}");
}

#[test]
fn verify_detects_schemes_from_headers() {
    ocw()
        .args(["verify", "--secret", "It's a Secret to Everybody"])
        .args(["-H", "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"])
        .write_stdin("Hello, World!")
        .assert()
        .success()
        .stdout(predicate::str::contains("github"));
    // Standard Webhooks vector: valid signature, but its 2022 timestamp is stale today.
    let out = ocw()
        .args([
            "verify",
            "--secret",
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            "--json",
        ])
        .args([
            "-H",
            "webhook-id: msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
            "-H",
            "webhook-timestamp: 1649367553",
        ])
        .args([
            "-H",
            "webhook-signature: v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
        ])
        .write_stdin(r#"{"email":"test@example.com","username":"test_user"}"#)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v["scheme"], "standard-webhooks");
    assert_eq!(v["kind"], "stale");
    assert!(v["age_secs"].as_i64().unwrap() > 300);
}

#[test]
fn verify_stripe_with_tolerance() {
    let now = jiff::Timestamp::now().as_second();
    let secret = "whsec_test";
    let signed = format!("{now}.{BODY}");
    let sig = hmac_hex(secret, signed.as_bytes());
    ocw()
        .args([
            "verify",
            "--secret",
            secret,
            "-H",
            &format!("Stripe-Signature: t={now},v1={sig}"),
        ])
        .write_stdin(BODY)
        .assert()
        .success()
        .stdout(predicate::str::contains("stripe"));
    let old = now - 3600;
    let sig = hmac_hex(secret, format!("{old}.{BODY}").as_bytes());
    let header = format!("Stripe-Signature: t={old},v1={sig}");
    ocw()
        .args(["verify", "--secret", secret, "-H", &header])
        .write_stdin(BODY)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("old"));
    ocw()
        .args([
            "verify",
            "--secret",
            secret,
            "-H",
            &header,
            "--tolerance",
            "2h",
        ])
        .write_stdin(BODY)
        .assert()
        .success();
}

#[test]
fn verify_usage_errors() {
    // no secret
    ocw()
        .args(["verify", "--signature", "ab"])
        .write_stdin(BODY)
        .assert()
        .code(2);
    // neither signature nor headers
    ocw()
        .args(["verify", "--secret", "k"])
        .write_stdin(BODY)
        .assert()
        .code(2);
    // missing file
    ocw()
        .args([
            "verify",
            "/nonexistent/body.json",
            "--secret",
            "k",
            "--signature",
            "ab",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/body.json"));
    // headers without any known signature header: a negative result, explained
    ocw()
        .args(["verify", "--secret", "k", "-H", "X-Other: 1"])
        .write_stdin(BODY)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("invalid"));
}

#[test]
fn verify_secret_file_and_env() {
    let dir = tempfile::tempdir().unwrap();
    let sf = dir.path().join("s");
    std::fs::write(&sf, "filesecret\n").unwrap();
    let sig = hmac_hex("filesecret", BODY.as_bytes());
    ocw()
        .args([
            "verify",
            "--secret-file",
            sf.to_str().unwrap(),
            "--signature",
            &sig,
        ])
        .write_stdin(BODY)
        .assert()
        .success();
    ocw()
        .args(["verify", "--signature", &sig])
        .env("OCW_SECRET", "filesecret")
        .write_stdin(BODY)
        .assert()
        .success();
}

#[test]
fn secret_never_appears_in_output() {
    let out = ocw()
        .args([
            "verify",
            "--secret",
            "topsecret-value",
            "--signature",
            "00",
            "--json",
            "-vvv",
        ])
        .write_stdin(BODY)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let all = format!(
        "{}{}",
        stdout_of(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("topsecret-value"), "{all}");
}

#[test]
fn verify_skips_the_variation_search_on_a_big_body_and_says_so() {
    // 2.5 MiB of `[1,1,...]`: the shape that cost seconds and gigabytes when every
    // re-serialization was built (its pretty form alone is three times the body).
    let mut body = String::from("{\"items\":[1");
    while body.len() < 5 * 512 * 1024 - 2 {
        body.push_str(",1");
    }
    body.push_str("]}");
    let len = body.len();
    assert!(len > 2 * 1024 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let f = body_file(&dir, body.as_bytes());
    let skipped = format!(
        "body too large for the variation search ({len} bytes; the search runs on bodies up to \
         262144 bytes)"
    );
    // Signed over the body plus a newline: a mismatch the search would explain on a small body.
    let wrong = hmac_hex("k", format!("{body}\n").as_bytes());
    ocw()
        .args(["verify", &f, "--secret", "k", "--signature", &wrong])
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "invalid (ocw): signature does not match the body with the secret",
        ))
        .stdout(predicate::str::contains(&skipped));
    let out = ocw()
        .args([
            "verify",
            &f,
            "--secret",
            "k",
            "--signature",
            &wrong,
            "--json",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(
        (v["valid"].as_bool(), v["kind"].as_str()),
        (Some(false), Some("mismatch"))
    );
    assert!(v["hint"].as_str().unwrap().ends_with(&skipped), "{v}");

    // The verdict itself has no size limit.
    let right = hmac_hex("k", body.as_bytes());
    ocw()
        .args(["verify", &f, "--secret", "k", "--signature", &right])
        .assert()
        .success()
        .stdout(predicate::str::contains("valid (ocw)"));
}

/// `ocw` under a pseudo-terminal (util-linux `script`), so stdin is a terminal: the command
/// line runs with `NO_COLOR` and a temporary HOME, like [`ocw`].
fn in_terminal(args: &str) -> std::process::Child {
    let bin = assert_cmd::cargo::cargo_bin!("ocw");
    let home = std::env::temp_dir().join("ocw-test-home");
    std::process::Command::new("script")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs ocw under a pseudo-terminal")
}

/// Wait (bounded) for `child` to end; its exit code and everything it wrote.
fn finish(mut child: std::process::Child, out: std::sync::mpsc::Receiver<u8>) -> (i32, String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!(
                "ocw did not end: {:?}",
                String::from_utf8_lossy(&out.try_iter().collect::<Vec<_>>())
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let bytes: Vec<u8> = out.iter().collect();
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// The child's stdout, byte by byte, from a reader thread.
fn bytes_of(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<u8> {
    use std::io::Read;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        // A prompt has no newline: pass bytes on as they come, not lines.
        while let Ok(n @ 1..) = stdout.read(&mut buf) {
            if buf[..n].iter().any(|&b| tx.send(b).is_err()) {
                break;
            }
        }
    });
    rx
}

/// Issue 11.1: with no FILE and a terminal on stdin, verify does not wait on a silent prompt.
#[test]
fn verify_refuses_a_terminal_stdin_with_a_hint() {
    let mut child = in_terminal("verify --secret k --signature 00");
    let out = bytes_of(&mut child);
    let (code, text) = finish(child, out);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("no body to read: stdin is a terminal"),
        "{text}"
    );
    assert!(
        text.contains("hint: give a FILE, pipe the body in"),
        "{text}"
    );
}

/// Issue 11.1: `-` reads what a person types (after saying so), and Ctrl-C ends it.
#[test]
fn ctrl_c_ends_a_verify_reading_the_terminal() {
    use std::io::Write;
    let mut child = in_terminal("verify --secret k --signature 00 -");
    let out = bytes_of(&mut child);
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !String::from_utf8_lossy(&seen).contains("end it with Ctrl-D") {
        assert!(
            std::time::Instant::now() < deadline,
            "no note: {:?}",
            String::from_utf8_lossy(&seen)
        );
        if let Ok(b) = out.recv_timeout(std::time::Duration::from_millis(100)) {
            seen.push(b);
        }
    }
    // The terminal turns ^C into SIGINT for ocw.
    child.stdin.as_mut().unwrap().write_all(b"\x03").unwrap();
    child.stdin.as_mut().unwrap().flush().unwrap();
    let (code, text) = finish(child, out);
    assert_eq!(code, 130, "{text}");
    assert!(text.contains("interrupted"), "{text}");
}

/// verify's human diagnosis, pinned: valid, a re-serialized body (with the hint for the
/// receiver's author), a trailing newline, the wrong secret.
#[test]
fn verify_diagnosis_snapshot() {
    let sig = hmac_hex("k", BODY.as_bytes());
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(BODY).unwrap()).unwrap();
    let mut shown = String::new();
    for (label, secret, body) in [
        ("valid", "k", BODY.to_owned()),
        ("re-indented body", "k", pretty),
        ("trailing newline", "k", format!("{BODY}\n")),
        ("another secret", "not-k", BODY.to_owned()),
    ] {
        let out = ocw()
            .args(["verify", "--secret", secret, "--signature", &sig])
            .write_stdin(body)
            .output()
            .unwrap();
        shown.push_str(&format!(
            "$ verify ({label}) -> exit {}\n{}\n",
            out.status.code().unwrap_or(-1),
            stdout_of(&out)
        ));
    }
    insta::assert_snapshot!("verify_diagnosis", shown);
}
