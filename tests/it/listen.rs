//! `ocw listen` end to end: the real binary listening on a loopback port chosen by the OS, fed
//! by `ocw send` and by raw TCP clients. Every wait is bounded; a listener still running when a
//! test ends is killed.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::Value;

use crate::support::cli::{
    Behavior, EVENTS, Endpoint, closed_port, hmac_hex, ocw, stderr_of, stdout_of,
};

const READY_WAIT: Duration = Duration::from_secs(20);
const LINE_WAIT: Duration = Duration::from_secs(15);
const EXIT_WAIT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// The long-running listener
// ---------------------------------------------------------------------------------------------

/// A running `ocw listen`, its stdout and stderr read line by line on two threads.
struct Listener {
    child: Child,
    out_rx: Receiver<String>,
    err_rx: Receiver<String>,
    /// Every stdout line read so far.
    out: Vec<String>,
    /// Every stderr line read so far.
    err: Vec<String>,
    /// `http://127.0.0.1:PORT`, no trailing path.
    url: String,
    /// The `{"type":"ready",...}` object (JSON mode only).
    ready: Option<Value>,
}

/// What a listener left behind once it exited.
struct Stopped {
    status: ExitStatus,
    stdout: Vec<String>,
    stderr: String,
}

impl Stopped {
    /// Every stdout line as JSON; panics on a line that is not JSON.
    fn json(&self) -> Vec<Value> {
        self.stdout
            .iter()
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| {
                    panic!(
                        "stdout line is not JSON ({e}): {l:?}\nstderr:\n{}",
                        self.stderr
                    )
                })
            })
            .collect()
    }

    fn requests(&self) -> Vec<Value> {
        self.json()
            .into_iter()
            .filter(|v| v["type"] == "request")
            .collect()
    }

    fn summary(&self) -> Value {
        let json = self.json();
        let last = json.last().expect("stdout is not empty").clone();
        assert_eq!(
            last["type"], "summary",
            "the last stdout line is the summary: {last}\nstderr:\n{}",
            self.stderr
        );
        last
    }

    fn code(&self) -> Option<i32> {
        self.status.code()
    }
}

/// The last lines of some output, for failure messages.
fn tail(lines: &[String]) -> String {
    const N: usize = 30;
    let skip = lines.len().saturating_sub(N);
    let mut text = if skip > 0 {
        format!("[{skip} earlier lines]\n")
    } else {
        String::new()
    };
    text.push_str(&lines[skip..].join("\n"));
    text
}

fn spawn_reader(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stream);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match r.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let line = String::from_utf8_lossy(&buf)
                        .trim_end_matches(['\n', '\r'])
                        .to_owned();
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}

impl Listener {
    /// `ocw listen 127.0.0.1:0 --json ARGS...`, ready.
    fn json(args: &[&str]) -> Self {
        let mut all = vec!["127.0.0.1:0", "--json"];
        all.extend_from_slice(args);
        Self::start(&all, &[])
    }

    /// `ocw listen ARGS...` with a scrubbed environment plus `env`; waits for readiness: the
    /// first stdout line with `--json`, else the stderr line `listening on http://...`.
    fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        let home = std::env::temp_dir().join("ocw-test-home");
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("ocw"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .arg("listen")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn ocw listen");
        let out_rx = spawn_reader(child.stdout.take().unwrap());
        let err_rx = spawn_reader(child.stderr.take().unwrap());
        let mut l = Listener {
            child,
            out_rx,
            err_rx,
            out: Vec::new(),
            err: Vec::new(),
            url: String::new(),
            ready: None,
        };
        let json = args.contains(&"--json");
        let deadline = Instant::now() + READY_WAIT;
        if json {
            let first = l.next_out_line(deadline).unwrap_or_else(|| {
                let err = l.drain_err();
                panic!("no ready line on stdout within {READY_WAIT:?}; stderr:\n{err}")
            });
            let ready: Value = serde_json::from_str(&first)
                .unwrap_or_else(|e| panic!("first stdout line is not JSON ({e}): {first:?}"));
            assert_eq!(ready["type"], "ready", "first stdout line: {first}");
            l.url = ready["url"].as_str().expect("ready.url").to_owned();
            l.ready = Some(ready);
        } else {
            loop {
                l.pump_err();
                if let Some(line) = l.err.iter().find(|e| e.contains("listening on http://")) {
                    let at = line.find("http://").unwrap();
                    l.url = line[at..]
                        .split_whitespace()
                        .next()
                        .unwrap()
                        .trim_end_matches(['/', ')', ',', '.'])
                        .to_owned();
                    break;
                }
                if let Ok(Some(status)) = l.child.try_wait() {
                    panic!(
                        "ocw listen exited with {status}; stderr:\n{}",
                        l.err.join("\n")
                    );
                }
                assert!(
                    Instant::now() < deadline,
                    "no `listening on` line within {READY_WAIT:?}; stderr:\n{}",
                    l.err.join("\n")
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        l
    }

    /// `127.0.0.1:PORT`.
    fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_owned()
    }

    fn hook(&self) -> String {
        format!("{}/hook", self.url)
    }

    fn next_out_line(&mut self, deadline: Instant) -> Option<String> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.out_rx.recv_timeout(left) {
            Ok(line) => {
                self.out.push(line.clone());
                Some(line)
            }
            Err(_) => None,
        }
    }

    fn pump_err(&mut self) {
        while let Ok(line) = self.err_rx.try_recv() {
            self.err.push(line);
        }
    }

    fn drain_err(&mut self) -> String {
        self.pump_err();
        self.err.join("\n")
    }

    /// The request lines seen so far, waiting (bounded) until there are at least `n`.
    fn requests(&mut self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + LINE_WAIT;
        loop {
            let reqs: Vec<Value> = self
                .out
                .iter()
                .filter_map(|l| serde_json::from_str::<Value>(l).ok())
                .filter(|v| v["type"] == "request")
                .collect();
            if reqs.len() >= n {
                return reqs;
            }
            if self.next_out_line(deadline).is_none() {
                let err = self.drain_err();
                panic!(
                    "expected {n} request lines within {LINE_WAIT:?}, have {}; stdout:\n{}\nstderr:\n{err}",
                    reqs.len(),
                    tail(&self.out)
                );
            }
        }
    }

    /// The first request line matching `pred`, waiting (bounded) for it.
    fn request_where(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + LINE_WAIT;
        let mut looked = 0;
        loop {
            for l in &self.out[looked..] {
                if let Ok(v) = serde_json::from_str::<Value>(l)
                    && v["type"] == "request"
                    && pred(&v)
                {
                    return v;
                }
            }
            looked = self.out.len();
            if self.next_out_line(deadline).is_none() {
                let err = self.drain_err();
                panic!(
                    "no matching request line within {LINE_WAIT:?}; stdout:\n{}\nstderr:\n{err}",
                    tail(&self.out)
                );
            }
        }
    }

    /// The stdout text so far, waiting (bounded) until it contains `needle`.
    fn stdout_containing(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + LINE_WAIT;
        loop {
            let text = self.out.join("\n");
            if text.contains(needle) {
                return text;
            }
            if self.next_out_line(deadline).is_none() {
                let err = self.drain_err();
                let out = tail(&self.out);
                panic!("stdout never contained {needle:?}; stdout:\n{out}\nstderr:\n{err}");
            }
        }
    }

    fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill {sig} failed");
    }

    /// SIGTERM, then wait (bounded) for the exit.
    fn stop(self) -> Stopped {
        self.signal("-TERM");
        self.wait_exit(EXIT_WAIT)
    }

    /// Wait (bounded) for the listener to exit by itself, then collect all its output.
    fn wait_exit(mut self, limit: Duration) -> Stopped {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                let err = self.drain_err();
                panic!(
                    "ocw listen did not exit within {limit:?}; stdout:\n{}\nstderr:\n{err}",
                    tail(&self.out)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // The process is gone, so both pipes reach EOF; still, bound the drain.
        let drain_deadline = Instant::now() + Duration::from_secs(10);
        for (rx, sink) in [(&self.out_rx, &mut self.out), (&self.err_rx, &mut self.err)] {
            loop {
                let left = drain_deadline.saturating_duration_since(Instant::now());
                match rx.recv_timeout(left) {
                    Ok(line) => sink.push(line),
                    Err(RecvTimeoutError::Disconnected) => break,
                    Err(RecvTimeoutError::Timeout) => panic!("output pipe not closed after exit"),
                }
            }
        }
        Stopped {
            status,
            stdout: std::mem::take(&mut self.out),
            stderr: self.err.join("\n"),
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/// `ocw send ARGS...` (one-shot), returning its output whatever the exit code.
fn send(args: &[&str]) -> std::process::Output {
    let mut cmd = ocw();
    cmd.arg("send").args(args);
    cmd.output().expect("run ocw send")
}

/// `ocw send ARGS... --json`, asserting the exit code, returning the delivery objects.
fn send_json(args: &[&str], code: i32) -> Vec<Value> {
    let mut all = args.to_vec();
    all.push("--json");
    let out = send(&all);
    assert_eq!(
        out.status.code(),
        Some(code),
        "ocw send {args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("send --json line"))
        .filter(|v: &Value| v["type"] == "delivery")
        .collect()
}

/// One raw HTTP exchange on a fresh connection (`Connection: close` expected in `req`): the
/// status code and the whole response text.
fn raw_http(addr: &str, req: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(req).expect("write request");
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let text = String::from_utf8_lossy(&resp).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {text:?}"));
    (status, text)
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_owned()
}

/// The body bytes a request line describes.
fn body_bytes(line: &Value) -> Vec<u8> {
    let body = line["body"].as_str().expect("body is a string");
    match line["body_encoding"].as_str() {
        Some("utf8") => body.as_bytes().to_vec(),
        Some("base64") => base64::engine::general_purpose::STANDARD
            .decode(body)
            .expect("body is base64"),
        other => panic!("unknown body_encoding {other:?} in {line}"),
    }
}

fn read_ndjson(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("record line ({e}): {l:?}")))
        .collect()
}

fn statuses(reqs: &[Value]) -> Vec<u64> {
    let mut sorted: Vec<&Value> = reqs.iter().collect();
    sorted.sort_by_key(|r| r["seq"].as_u64().unwrap());
    sorted
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reception, verification, JSON shape
// ---------------------------------------------------------------------------------------------

#[test]
fn every_event_arrives_signed_and_described() {
    let mut l = Listener::json(&["--secret", "s3cret"]);
    assert_eq!(l.ready.as_ref().unwrap()["addr"], l.addr().as_str());
    assert!(
        l.url.starts_with("http://127.0.0.1:")
            && !l.url.trim_start_matches("http://").contains('/'),
        "ready url: {}",
        l.url
    );
    let sent = send_json(
        &[
            "--all",
            "--to",
            &format!("{}?a=1", l.hook()),
            "--secret",
            "s3cret",
        ],
        0,
    );
    assert_eq!(sent.len(), 8);
    let reqs = l.requests(8);
    let stopped = l.stop();
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);
    assert!(
        stopped.stderr.contains("listening on http://127.0.0.1:"),
        "stderr:\n{}",
        stopped.stderr
    );

    let mut seen_events = Vec::new();
    for (i, r) in reqs.iter().enumerate() {
        assert_eq!(r["type"], "request");
        assert_eq!(r["seq"], (i + 1) as u64, "seq counts from 1: {r}");
        r["received_at"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .unwrap_or_else(|e| panic!("received_at is not RFC 3339 ({e}): {r}"));
        assert_eq!(r["method"], "POST");
        assert_eq!(r["path"], "/hook");
        assert_eq!(r["query"], "a=1");
        assert_eq!(r["headers"]["content-type"], "application/json");
        assert!(
            r["headers"]["user-agent"]
                .as_str()
                .unwrap()
                .starts_with("ocw/"),
            "{r}"
        );
        assert_eq!(r["body_encoding"], "utf8");
        let body = body_bytes(r);
        assert_eq!(r["body_bytes"], body.len());
        assert_eq!(
            r["headers"]["x-openclaw-signature"],
            hmac_hex("s3cret", &body),
            "the signature header is shown, not redacted"
        );
        let parsed: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(r["event"], parsed["event"]);
        assert_eq!(r["conversation_id"], parsed["conversation_id"]);
        assert_eq!(r["signature"]["status"], "valid", "{r}");
        assert_eq!(r["signature"]["scheme"], "ocw", "{r}");
        assert_eq!(r["token"], Value::Null);
        assert_eq!(r["attempt"], 1);
        assert_eq!(r["duplicate_of"], Value::Null);
        assert_eq!(r["conflicts_with"], Value::Null);
        assert_eq!(r["status"], 200);
        assert!(r["elapsed_ms"].as_f64().unwrap() >= 0.0, "{r}");
        assert_eq!(r["forward"], Value::Null);
        seen_events.push(r["event"].as_str().unwrap().to_owned());
        // The sender's view matches the listener's.
        let d = sent
            .iter()
            .find(|d| d["conversation_id"] == r["conversation_id"])
            .unwrap_or_else(|| panic!("no delivery for {r}"));
        assert_eq!(d["event"], r["event"]);
        assert_eq!(d["status"], 200);
    }
    seen_events.sort();
    let mut all: Vec<String> = EVENTS.iter().map(|e| e.to_string()).collect();
    all.sort();
    assert_eq!(seen_events, all);

    // stdout: ready, 8 requests, summary — JSON only.
    let json = stopped.json();
    assert_eq!(json.len(), 10, "{:?}", stopped.stdout);
    assert_eq!(json[0]["type"], "ready");
    let summary = stopped.summary();
    assert_eq!(summary["received"], 8);
    assert_eq!(summary["valid"], 8);
    for e in EVENTS {
        assert_eq!(summary["by_event"][e], 1, "{summary}");
    }
}

#[test]
fn signature_verdicts_invalid_unsigned_unchecked() {
    // With a secret: a wrong secret is invalid (with a hint), no signature is unsigned.
    let mut l = Listener::json(&["--secret", "right"]);
    send_json(
        &["lead.qualified", "--to", &l.hook(), "--secret", "wrong"],
        0,
    );
    send_json(&["message.sent", "--to", &l.hook()], 0);
    let reqs = l.requests(2);
    let invalid = &reqs[0]["signature"];
    assert_eq!(invalid["status"], "invalid", "{invalid}");
    assert!(
        invalid["reason"].as_str().is_some_and(|s| !s.is_empty()),
        "{invalid}"
    );
    assert!(
        invalid["hint"].as_str().is_some_and(|s| !s.is_empty()),
        "a wrong secret gets a hint: {invalid}"
    );
    assert_eq!(reqs[0]["status"], 200, "accepted and flagged by default");
    assert_eq!(reqs[1]["signature"]["status"], "unsigned", "{}", reqs[1]);
    assert_eq!(reqs[1]["status"], 200);
    let stopped = l.stop();
    assert_eq!(stopped.code(), Some(0), "not CI mode: {}", stopped.stderr);

    // Without a secret nothing is checked, signed or not.
    let mut l = Listener::json(&[]);
    send_json(&["lead.qualified", "--to", &l.hook(), "--secret", "any"], 0);
    send_json(&["lead.qualified", "--to", &l.hook()], 0);
    let reqs = l.requests(2);
    for r in &reqs {
        assert_eq!(r["signature"]["status"], "unchecked", "{r}");
    }

    // The secret from OCW_SECRET.
    let mut l = Listener::start(&["127.0.0.1:0", "--json"], &[("OCW_SECRET", "from-env")]);
    send_json(
        &["lead.qualified", "--to", &l.hook(), "--secret", "from-env"],
        0,
    );
    assert_eq!(l.requests(1)[0]["signature"]["status"], "valid");
    let stopped = l.stop();
    assert!(
        !stopped.stdout.join("\n").contains("from-env") && !stopped.stderr.contains("from-env"),
        "the secret never appears in output"
    );
}

#[test]
fn key_rotation_accepts_either_secret() {
    let dir = tempfile::tempdir().unwrap();
    let new_key = write_file(dir.path(), "new.key", b"new-key\n");
    let mut l = Listener::json(&["--secret", "old-key", "--secret-file", &new_key]);
    for s in ["old-key", "new-key", "other-key"] {
        send_json(&["lead.qualified", "--to", &l.hook(), "--secret", s], 0);
    }
    let reqs = l.requests(3);
    assert_eq!(reqs[0]["signature"]["status"], "valid", "{}", reqs[0]);
    assert_eq!(reqs[1]["signature"]["status"], "valid", "{}", reqs[1]);
    assert_eq!(reqs[2]["signature"]["status"], "invalid", "{}", reqs[2]);
}

#[test]
fn reject_invalid_signature_answers_401() {
    let mut l = Listener::json(&["--secret", "right", "--reject-invalid"]);
    let d = send_json(
        &["lead.qualified", "--to", &l.hook(), "--secret", "wrong"],
        1,
    );
    assert_eq!(d[0]["status"], 401);
    send_json(
        &["lead.qualified", "--to", &l.hook(), "--secret", "right"],
        0,
    );
    let reqs = l.requests(2);
    assert_eq!(reqs[0]["status"], 401);
    assert_eq!(reqs[0]["signature"]["status"], "invalid");
    assert_eq!(reqs[1]["status"], 200);
}

#[test]
fn token_valid_invalid_missing_and_rejected() {
    let mut l = Listener::json(&["--token", "tok-123"]);
    let hook = l.hook();
    send_json(
        &[
            "message.sent",
            "--to",
            &hook,
            "-H",
            "Authorization: Bearer tok-123",
        ],
        0,
    );
    send_json(
        &[
            "message.sent",
            "--to",
            &hook,
            "-H",
            "x-openclaw-token: tok-123",
        ],
        0,
    );
    send_json(
        &[
            "message.sent",
            "--to",
            &hook,
            "-H",
            "Authorization: Bearer nope",
        ],
        0,
    );
    send_json(&["message.sent", "--to", &hook], 0);
    let reqs = l.requests(4);
    let tokens: Vec<&Value> = reqs.iter().map(|r| &r["token"]).collect();
    assert_eq!(tokens, ["valid", "valid", "invalid", "missing"]);
    assert_eq!(
        statuses(&reqs),
        [200, 200, 200, 200],
        "accepted and flagged"
    );
    assert_eq!(reqs[0]["headers"]["authorization"], "[redacted]");
    assert_eq!(reqs[1]["headers"]["x-openclaw-token"], "[redacted]");
    let stopped = l.stop();
    let all = format!("{}\n{}", stopped.stdout.join("\n"), stopped.stderr);
    assert!(
        !all.contains("tok-123"),
        "the token never appears in output"
    );

    let mut l = Listener::json(&["--token", "tok-123", "--reject-invalid"]);
    let hook = l.hook();
    let d = send_json(
        &[
            "message.sent",
            "--to",
            &hook,
            "-H",
            "Authorization: Bearer nope",
        ],
        1,
    );
    assert_eq!(d[0]["status"], 401);
    let d = send_json(&["message.sent", "--to", &hook], 1);
    assert_eq!(d[0]["status"], 401, "a missing token is rejected too");
    send_json(
        &[
            "message.sent",
            "--to",
            &hook,
            "-H",
            "x-openclaw-token: tok-123",
        ],
        0,
    );
    let reqs = l.requests(3);
    assert_eq!(statuses(&reqs), [401, 401, 200]);
}

// ---------------------------------------------------------------------------------------------
// Scripted responses
// ---------------------------------------------------------------------------------------------

#[test]
fn scripted_status() {
    let mut l = Listener::json(&["--status", "503"]);
    let d = send_json(&["lead.qualified", "--to", &l.hook()], 1);
    assert_eq!(d[0]["status"], 503);
    assert_eq!(l.requests(1)[0]["status"], 503);
}

#[test]
fn scripted_delay_outlasts_the_sender_but_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("rec.ndjson");
    let mut l = Listener::json(&["--delay", "2s", "--record", record.to_str().unwrap()]);
    let d = send_json(
        &["lead.qualified", "--to", &l.hook(), "--timeout", "300ms"],
        1,
    );
    assert_eq!(d[0]["error"]["kind"], "timeout", "{}", d[0]);
    let r = &l.requests(1)[0];
    assert_eq!(r["event"], "lead.qualified");
    assert_eq!(r["conversation_id"], d[0]["conversation_id"]);
    let rec = read_ndjson(&record);
    assert_eq!(rec.len(), 1);
    assert_eq!(rec[0]["conversation_id"], d[0]["conversation_id"]);
    assert!(l.is_running());
}

#[test]
fn fail_first_counts_attempts_of_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let body = write_file(
        dir.path(),
        "b.json",
        br#"{"event":"lead.qualified","timestamp":"2026-03-10T14:25:44Z","conversation_id":"conv_retry"}"#,
    );
    let other = write_file(
        dir.path(),
        "o.json",
        br#"{"event":"lead.qualified","timestamp":"2026-03-10T14:25:45Z","conversation_id":"conv_other"}"#,
    );
    let mut l = Listener::json(&["--fail-first", "2", "--secret", "k"]);
    let hook = l.hook();
    let raw = |file: &str, code| {
        send_json(&["--raw-body", file, "--to", &hook, "--secret", "k"], code)[0]["status"].clone()
    };
    assert_eq!(raw(&body, 1), 500);
    assert_eq!(raw(&body, 1), 500);
    assert_eq!(raw(&body, 0), 200);
    assert_eq!(raw(&other, 1), 500, "another delivery starts over");
    let reqs = l.requests(4);
    assert_eq!(statuses(&reqs), [500, 500, 200, 500]);
    let first = reqs[0]["seq"].clone();
    let attempts: Vec<&Value> = reqs.iter().map(|r| &r["attempt"]).collect();
    assert_eq!(attempts, [1, 2, 3, 1]);
    let dups: Vec<&Value> = reqs.iter().map(|r| &r["duplicate_of"]).collect();
    assert_eq!(dups, [&Value::Null, &first, &first, &Value::Null]);
    for r in &reqs {
        assert_eq!(r["signature"]["status"], "valid");
    }
}

#[test]
fn fail_rate_all_and_none() {
    let mut l = Listener::json(&["--fail-rate", "1.0"]);
    send_json(&["--all", "--to", &l.hook()], 1);
    assert!(statuses(&l.requests(8)).iter().all(|s| *s == 500));

    let mut l = Listener::json(&["--fail-rate", "0.0"]);
    send_json(&["--all", "--to", &l.hook()], 0);
    assert!(statuses(&l.requests(8)).iter().all(|s| *s == 200));
}

#[test]
fn fail_rate_with_seed_repeats() {
    let run = || {
        let mut l = Listener::json(&["--fail-rate", "0.5", "--seed", "7"]);
        let out = send(&[
            "message.sent",
            "--to",
            &l.hook(),
            "--count",
            "24",
            "--concurrency",
            "1",
            "--no-progress",
        ]);
        assert_eq!(out.status.code(), Some(1), "some deliveries failed");
        statuses(&l.requests(24))
    };
    let a = run();
    let b = run();
    assert_eq!(a, b, "the same seed gives the same sequence");
    assert!(a.contains(&500) && a.contains(&200), "{a:?}");
    assert!(a.iter().all(|s| *s == 500 || *s == 200), "{a:?}");
}

#[test]
fn respond_per_event() {
    let mut l = Listener::json(&["--respond", "lead.qualified=202"]);
    let d = send_json(&["lead.qualified", "message.sent", "--to", &l.hook()], 0);
    assert_eq!(d[0]["status"], 202);
    assert_eq!(d[1]["status"], 200);
    let reqs = l.requests(2);
    assert_eq!(statuses(&reqs), [202, 200]);
}

// ---------------------------------------------------------------------------------------------
// Duplicates and conflicts
// ---------------------------------------------------------------------------------------------

#[test]
fn duplicates_and_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let body = write_file(
        dir.path(),
        "b.json",
        br#"{"event":"message.received","conversation_id":"conv_dup","text":"hi"}"#,
    );
    let mut l = Listener::json(&[]);
    let hook = l.hook();
    send_json(&["--raw-body", &body, "--to", &hook], 0);
    send_json(&["--raw-body", &body, "--to", &hook], 0);
    for x in ["x=1", "x=2"] {
        send_json(
            &[
                "lead.qualified",
                "--to",
                &hook,
                "--set",
                "conversation_id=conv_same",
                "--set",
                x,
            ],
            0,
        );
    }
    let reqs = l.requests(4);
    let (a, b, c, d) = (&reqs[0], &reqs[1], &reqs[2], &reqs[3]);
    assert_eq!(a["duplicate_of"], Value::Null);
    assert_eq!(b["duplicate_of"], a["seq"], "{b}");
    assert_eq!(b["attempt"], 2);
    assert_eq!(
        b["conflicts_with"],
        Value::Null,
        "same bytes is not a conflict"
    );
    assert_eq!(c["conflicts_with"], Value::Null);
    assert_eq!(d["conversation_id"], "conv_same");
    assert_eq!(d["conflicts_with"], c["seq"], "{d}");
    assert_eq!(d["duplicate_of"], Value::Null);
    assert_eq!(d["attempt"], 1);
    let summary = l.stop().summary();
    assert_eq!(summary["duplicates"], 1, "{summary}");
}

// ---------------------------------------------------------------------------------------------
// Record
// ---------------------------------------------------------------------------------------------

#[test]
fn record_matches_stdout_exact_bytes_and_redacts() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("rec.ndjson");
    std::fs::write(&record, "{\"type\":\"earlier\"}\n").unwrap();
    let raw = b"\xff\xfe not utf-8 \x00 at all\n".to_vec();
    let raw_file = write_file(dir.path(), "raw.bin", &raw);
    let mut l = Listener::json(&["--record", record.to_str().unwrap(), "--secret", "k"]);
    let hook = l.hook();
    send_json(
        &[
            "lead.qualified",
            "--to",
            &hook,
            "--secret",
            "k",
            "-H",
            "Authorization: Bearer auth-val-9z",
            "-H",
            "Cookie: sid=cookie-val-9z",
            "-H",
            "X-Api-Key: apikey-val-9z",
            "-H",
            "X-Custom-Token: token-val-9z",
            "-H",
            "X-Webhook-Secret: secret-val-9z",
            "-H",
            "X-Plain: plain-val",
        ],
        0,
    );
    send_json(
        &[
            "--raw-body",
            &raw_file,
            "--to",
            &hook,
            "--secret",
            "k",
            "-H",
            "Content-Type: application/octet-stream",
        ],
        0,
    );
    let reqs = l.requests(2);
    let stopped = l.stop();
    let rec = read_ndjson(&record);
    assert_eq!(rec.len(), 3, "appended to the existing file: {rec:?}");
    assert_eq!(rec[0]["type"], "earlier");
    assert_eq!(
        rec[1..],
        reqs[..],
        "record lines equal the --json request lines"
    );

    let h = &rec[1]["headers"];
    for name in [
        "authorization",
        "cookie",
        "x-api-key",
        "x-custom-token",
        "x-webhook-secret",
    ] {
        assert_eq!(h[name], "[redacted]", "{name} in {h}");
    }
    assert_eq!(h["x-plain"], "plain-val");
    assert_eq!(rec[1]["signature"]["status"], "valid");

    assert_eq!(rec[2]["body_encoding"], "base64");
    assert_eq!(body_bytes(&rec[2]), raw, "exact bytes, not UTF-8");
    assert_eq!(rec[2]["body_bytes"], raw.len());
    assert_eq!(rec[2]["signature"]["status"], "valid");
    assert_eq!(rec[2]["event"], Value::Null);

    let text =
        std::fs::read_to_string(&record).unwrap() + &stopped.stdout.join("\n") + &stopped.stderr;
    for secret in [
        "auth-val-9z",
        "cookie-val-9z",
        "apikey-val-9z",
        "token-val-9z",
        "secret-val-9z",
    ] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
}

#[test]
fn base64_body_flag() {
    let mut l = Listener::json(&["--base64-body"]);
    send_json(&["message.sent", "--to", &l.hook()], 0);
    let r = &l.requests(1)[0];
    assert_eq!(r["body_encoding"], "base64");
    let body = body_bytes(r);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["event"], "message.sent");
}

#[test]
fn record_survives_sigkill_right_after_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("rec.ndjson");
    let l = Listener::json(&["--record", record.to_str().unwrap()]);
    let d = send_json(&["handoff.requested", "--to", &l.hook()], 0);
    l.signal("-KILL");
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), None, "killed by a signal");
    let rec = read_ndjson(&record);
    assert_eq!(rec.len(), 1);
    assert_eq!(rec[0]["type"], "request");
    assert_eq!(rec[0]["event"], "handoff.requested");
    assert_eq!(rec[0]["conversation_id"], d[0]["conversation_id"]);
}

// ---------------------------------------------------------------------------------------------
// Forward
// ---------------------------------------------------------------------------------------------

#[test]
fn forward_is_byte_exact_and_passes_the_status_back() {
    let app = Endpoint::start(Behavior {
        status: 201,
        ..Default::default()
    });
    let mut l = Listener::json(&["--forward-to", &app.url("/app"), "--secret", "k"]);
    let d = send_json(
        &[
            "lead.qualified",
            "--to",
            &l.hook(),
            "--secret",
            "k",
            "-H",
            "X-Trace: t-1",
        ],
        0,
    );
    assert_eq!(d[0]["status"], 201, "the app's status reaches the sender");
    let r = &l.requests(1)[0];
    let got = app.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(&got[0].body[..], &body_bytes(r)[..], "identical body bytes");
    assert_eq!(
        got[0].header("x-openclaw-signature").unwrap(),
        hmac_hex("k", &got[0].body)
    );
    assert_eq!(got[0].header("x-trace"), Some("t-1"));
    assert_eq!(got[0].header("content-type"), Some("application/json"));
    assert_eq!(r["status"], 201);
    assert_eq!(r["forward"]["status"], 201, "{r}");
    assert_eq!(r["forward"]["error"], Value::Null);
    assert!(
        r["forward"]["url"]
            .as_str()
            .unwrap()
            .starts_with(&app.url("/app"))
    );
}

#[test]
fn forward_to_a_closed_port_answers_502() {
    let down = format!("http://127.0.0.1:{}/app", closed_port());
    let mut l = Listener::json(&["--forward-to", &down]);
    let d = send_json(&["lead.qualified", "--to", &l.hook()], 1);
    assert_eq!(d[0]["status"], 502);
    let r = &l.requests(1)[0];
    assert_eq!(r["status"], 502);
    assert_eq!(r["forward"]["status"], Value::Null, "{r}");
    assert!(
        r["forward"]["error"]
            .as_str()
            .is_some_and(|e| !e.is_empty()),
        "{r}"
    );
    assert!(l.is_running());
}

// ---------------------------------------------------------------------------------------------
// CI mode
// ---------------------------------------------------------------------------------------------

#[test]
fn exit_after_n_exits_zero_by_itself() {
    let l = Listener::json(&["--exit-after", "3"]);
    send_json(
        &[
            "lead.qualified",
            "message.sent",
            "message.received",
            "--to",
            &l.hook(),
        ],
        0,
    );
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);
    assert_eq!(stopped.requests().len(), 3);
}

#[test]
fn expect_exits_once_all_expected_events_arrived() {
    let l = Listener::json(&[
        "--expect",
        "lead.qualified",
        "--expect",
        "message.sent",
        "--secret",
        "k",
        "--timeout",
        "30s",
    ]);
    let hook = l.hook();
    send_json(&["lead.qualified", "--to", &hook, "--secret", "k"], 0);
    send_json(&["message.received", "--to", &hook, "--secret", "k"], 0);
    let mut l = l;
    l.requests(2);
    assert!(l.is_running(), "message.sent has not arrived yet");
    send_json(&["message.sent", "--to", &hook, "--secret", "k"], 0);
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);
    assert_eq!(stopped.requests().len(), 3);
}

#[test]
fn expect_missing_times_out_with_a_reason() {
    let l = Listener::json(&["--expect", "conversation.ended", "--timeout", "1s"]);
    send_json(&["lead.qualified", "--to", &l.hook()], 0);
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(1), "stderr:\n{}", stopped.stderr);
    assert!(
        stopped
            .stderr
            .lines()
            .any(|line| line.starts_with("ocw listen:") && line.contains("conversation.ended")),
        "a reason line naming the event; stderr:\n{}",
        stopped.stderr
    );
}

#[test]
fn ci_mode_fails_on_an_invalid_signature() {
    let l = Listener::json(&["--secret", "right", "--exit-after", "1"]);
    send(&["lead.qualified", "--to", &l.hook(), "--secret", "wrong"]);
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(1), "stderr:\n{}", stopped.stderr);
    assert!(
        stopped
            .stderr
            .lines()
            .any(|line| line.starts_with("ocw listen:")
                && (line.contains("signature") || line.contains("invalid"))),
        "a reason line about the signature; stderr:\n{}",
        stopped.stderr
    );
}

#[test]
fn an_aborted_request_does_not_satisfy_exit_after() {
    // A client that hangs up in the middle of its body delivered no webhook: a CI gate
    // waiting for one must keep waiting.
    let l = Listener::json(&["--exit-after", "1", "--timeout", "20s"]);
    {
        let mut half = TcpStream::connect(l.addr()).unwrap();
        half.write_all(
            b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ev",
        )
        .unwrap();
    }
    std::thread::sleep(Duration::from_millis(500));
    let mut l = l;
    assert!(
        l.is_running(),
        "exited after an aborted request; stderr:\n{}",
        l.drain_err()
    );
    let d = send_json(&["lead.qualified", "--to", &l.hook()], 0);
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);
    assert!(
        stopped
            .requests()
            .iter()
            .any(|r| r["conversation_id"] == d[0]["conversation_id"])
    );
}

#[test]
fn exit_after_not_reached_by_the_timeout_exits_1() {
    let l = Listener::json(&["--exit-after", "3", "--timeout", "1s"]);
    send_json(&["lead.qualified", "--to", &l.hook()], 0);
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(1), "stderr:\n{}", stopped.stderr);
    assert!(
        stopped
            .stderr
            .lines()
            .any(|line| line.starts_with("ocw listen:")),
        "a reason line; stderr:\n{}",
        stopped.stderr
    );
    assert_eq!(stopped.requests().len(), 1);
}

#[test]
fn sigint_stops_gracefully() {
    let mut l = Listener::json(&[]);
    send_json(&["lead.qualified", "--to", &l.hook()], 0);
    l.requests(1);
    l.signal("-INT");
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(0), "not CI mode: {}", stopped.stderr);
    assert_eq!(stopped.summary()["received"], 1);
    assert!(stopped.stderr.contains("received"), "{}", stopped.stderr);
}

#[test]
fn interrupt_before_expectations_met_exits_130() {
    // `ocw listen --help`: "130 interrupted before CI expectations were met".
    let l = Listener::json(&["--expect", "lead.qualified", "--timeout", "30s"]);
    // Not right after readiness: that race has its own test below.
    std::thread::sleep(Duration::from_millis(300));
    l.signal("-INT");
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(130), "stderr:\n{}", stopped.stderr);
    assert!(
        stopped.stderr.contains(
            "ocw listen: interrupted before the CI expectations were met: expected event \
             lead.qualified did not arrive (0 requests received in "
        ),
        "what was still missing: {}",
        stopped.stderr
    );
}

#[test]
fn sigterm_right_after_ready_is_graceful() {
    // Once the ready line is out, a SIGTERM is a graceful stop (summary, exit 0), never the
    // default "killed by a signal".
    for _ in 0..3 {
        let l = Listener::json(&[]);
        let stopped = l.stop();
        assert_eq!(
            stopped.code(),
            Some(0),
            "killed instead of stopping gracefully; stderr:\n{}",
            stopped.stderr
        );
        assert_eq!(stopped.summary()["received"], 0);
    }
}

#[test]
fn sigterm_during_a_storm_is_not_lost() {
    let mut l = Listener::json(&[]);
    let mut sender = Command::new(assert_cmd::cargo::cargo_bin!("ocw"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .args([
            "send",
            "lead.qualified",
            "--count",
            "100000",
            "--concurrency",
            "8",
            "--no-progress",
            "--to",
            &l.hook(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    l.requests(200);
    let stopped = l.stop();
    let _ = sender.kill();
    let _ = sender.wait();
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);
    let received = stopped.summary()["received"].as_u64().unwrap();
    assert_eq!(received as usize, stopped.requests().len());
}

// ---------------------------------------------------------------------------------------------
// Limits and hostile clients
// ---------------------------------------------------------------------------------------------

#[test]
fn max_body_answers_413_and_shows_it() {
    let mut l = Listener::json(&["--max-body", "100"]);
    let d = send_json(&["lead.qualified", "message.sent", "--to", &l.hook()], 1);
    assert_eq!(d[0]["status"], 413);
    assert_eq!(d[1]["status"], 413);
    let reqs = l.requests(2);
    for r in &reqs {
        assert_eq!(r["status"], 413);
        assert!(r["note"].as_str().is_some_and(|n| !n.is_empty()), "{r}");
    }
    // Two different bodies, neither read: not "identical bytes".
    assert_eq!(
        reqs[1]["duplicate_of"],
        Value::Null,
        "a rejected body is not a duplicate of another one: {}",
        reqs[1]
    );
    assert_eq!(reqs[1]["attempt"], 1, "{}", reqs[1]);
    assert!(l.is_running());
    let summary = l.stop().summary();
    assert_eq!(summary["duplicates"], 0, "{summary}");
}

#[test]
fn path_restriction_answers_404_elsewhere() {
    let mut l = Listener::json(&["--path", "/hook"]);
    let d = send_json(&["lead.qualified", "--to", &format!("{}/other", l.url)], 1);
    assert_eq!(d[0]["status"], 404);
    send_json(&["lead.qualified", "--to", &l.hook()], 0);
    send_json(&["message.sent", "--to", &format!("{}/other", l.url)], 1);
    let reqs = l.requests(3);
    assert_eq!(reqs[0]["path"], "/other");
    assert_eq!(reqs[0]["status"], 404);
    assert!(
        reqs[0]["note"].as_str().is_some_and(|n| !n.is_empty()),
        "{}",
        reqs[0]
    );
    assert_eq!(reqs[1]["path"], "/hook");
    assert_eq!(reqs[1]["status"], 200);
    assert_eq!(reqs[2]["status"], 404);
    assert_eq!(
        reqs[2]["duplicate_of"],
        Value::Null,
        "a different body on a refused path is not a duplicate: {}",
        reqs[2]
    );
}

#[test]
fn get_root_is_a_text_page_not_a_webhook() {
    let l = Listener::json(&[]);
    let (status, text) = raw_http(
        &l.addr(),
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200, "{text}");
    let lower = text.to_lowercase();
    assert!(lower.contains("content-type: text/"), "{text}");
    assert!(lower.contains("ocw"), "{text}");
    let summary = l.stop().summary();
    assert_eq!(summary["received"], 0, "GET / is not counted: {summary}");
}

#[test]
fn malformed_json_is_400_other_content_types_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write_file(dir.path(), "bad.json", b"{oops");
    let text = write_file(dir.path(), "t.txt", b"hello, plain text");
    let mut l = Listener::json(&[]);
    let hook = l.hook();
    let d = send_json(&["--raw-body", &bad, "--to", &hook], 1);
    assert_eq!(d[0]["status"], 400);
    let d = send_json(
        &[
            "--raw-body",
            &text,
            "--to",
            &hook,
            "-H",
            "Content-Type: text/plain",
        ],
        0,
    );
    assert_eq!(d[0]["status"], 200);
    let reqs = l.requests(2);
    assert_eq!(reqs[0]["status"], 400);
    assert_eq!(reqs[0]["body"], "{oops", "the bad body is still shown");
    assert_eq!(reqs[1]["status"], 200);
    assert_eq!(reqs[1]["headers"]["content-type"], "text/plain");
    assert_eq!(reqs[1]["body"], "hello, plain text");
    assert_eq!(reqs[1]["event"], Value::Null);
}

#[test]
fn hostile_clients_do_not_stop_the_listener() {
    let mut l = Listener::json(&[]);
    let addr = l.addr();

    // A slow client: headers started, never finished, connection held open.
    let mut slow = TcpStream::connect(&addr).unwrap();
    slow.write_all(b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
        .unwrap();

    // Half a request, then an abrupt disconnect.
    {
        let mut half = TcpStream::connect(&addr).unwrap();
        half.write_all(
            b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"event\":\"lea",
        )
        .unwrap();
    }

    // A 512 KiB header: refused or answered, but never fatal.
    {
        let mut big = TcpStream::connect(&addr).unwrap();
        big.set_write_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        big.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut req = b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ".to_vec();
        req.extend(std::iter::repeat_n(b'a', 512 * 1024));
        req.extend_from_slice(b"\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        let _ = big.write_all(&req); // the server may close early
        let mut resp = Vec::new();
        let _ = big.read_to_end(&mut resp);
        if !resp.is_empty() {
            let text = String::from_utf8_lossy(&resp);
            assert!(text.starts_with("HTTP/1."), "{text}");
        }
    }

    // With the slow client still connected, a normal delivery goes through.
    let d = send_json(&["lead.qualified", "--to", &l.hook(), "--timeout", "5s"], 0);
    assert_eq!(d[0]["status"], 200);
    let r = l.request_where(|r| r["conversation_id"] == d[0]["conversation_id"]);
    assert_eq!(r["status"], 200);
    assert!(l.is_running());
    drop(slow);
    let stopped = l.stop();
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);
}

// ---------------------------------------------------------------------------------------------
// Binding, readiness, shutdown
// ---------------------------------------------------------------------------------------------

#[test]
fn port_in_use_exits_2_naming_the_port() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    for addr in [format!(":{port}"), format!("127.0.0.1:{port}")] {
        let out = ocw()
            .args(["listen", &addr])
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
        assert!(stderr_of(&out).contains(&port), "{}", stderr_of(&out));
    }
}

#[test]
fn exposed_bind_warns() {
    let l = Listener::start(&["0.0.0.0:0", "--json"], &[]);
    let stopped = l.stop();
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);
    assert!(
        stopped.stderr.contains("warning:"),
        "binding 0.0.0.0 warns; stderr:\n{}",
        stopped.stderr
    );
}

#[test]
fn ready_file_holds_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("url.txt");
    let l = Listener::json(&["--ready-file", ready.to_str().unwrap()]);
    let text = std::fs::read_to_string(&ready).expect("ready file written before the ready line");
    assert_eq!(text.trim(), l.url);
    assert!(l.url.starts_with("http://127.0.0.1:"));
    let (status, _) = raw_http(
        text.trim().trim_start_matches("http://"),
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200);
}

#[test]
fn sigterm_prints_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let dup = write_file(
        dir.path(),
        "dup.json",
        br#"{"event":"custom.triggered","conversation_id":"conv_dup"}"#,
    );
    let mut l = Listener::json(&["--secret", "k"]);
    let hook = l.hook();
    send_json(
        &[
            "lead.qualified",
            "message.sent",
            "--to",
            &hook,
            "--secret",
            "k",
        ],
        0,
    );
    send_json(&["lead.qualified", "--to", &hook, "--secret", "bad"], 0);
    send_json(&["message.received", "--to", &hook], 0);
    send_json(&["--raw-body", &dup, "--to", &hook, "--secret", "k"], 0);
    send_json(&["--raw-body", &dup, "--to", &hook, "--secret", "k"], 0);
    l.requests(6);
    let stopped = l.stop();
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);
    let s = stopped.summary();
    assert_eq!(s["received"], 6, "{s}");
    assert_eq!(s["valid"], 4, "{s}");
    assert_eq!(s["invalid"], 1, "{s}");
    assert_eq!(s["unsigned"], 1, "{s}");
    assert_eq!(s["duplicates"], 1, "{s}");
    let by_event: BTreeMap<String, u64> = serde_json::from_value(s["by_event"].clone()).unwrap();
    let expected: BTreeMap<String, u64> = [
        ("custom.triggered", 2),
        ("lead.qualified", 2),
        ("message.received", 1),
        ("message.sent", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(by_event, expected);
    assert_eq!(stopped.requests().len(), 6);
    assert!(stopped.stderr.contains("received"), "{}", stopped.stderr);
    assert!(stopped.stderr.contains('6'), "{}", stopped.stderr);
}

// ---------------------------------------------------------------------------------------------
// Human output
// ---------------------------------------------------------------------------------------------

#[test]
fn pretty_output_shows_verdicts_and_markers() {
    let dir = tempfile::tempdir().unwrap();
    let dup = write_file(
        dir.path(),
        "dup.json",
        br#"{"event":"custom.triggered","conversation_id":"conv_prettydup"}"#,
    );
    let mut l = Listener::start(&["127.0.0.1:0", "--secret", "k"], &[]);
    let hook = l.hook();
    let d = send_json(&["lead.qualified", "--to", &hook, "--secret", "k"], 0);
    let conv = d[0]["conversation_id"].as_str().unwrap().to_owned();
    send_json(&["message.sent", "--to", &hook, "--secret", "bad"], 0);
    send_json(&["message.received", "--to", &hook], 0);
    send_json(&["--raw-body", &dup, "--to", &hook, "--secret", "k"], 0);
    send_json(&["--raw-body", &dup, "--to", &hook, "--secret", "k"], 0);
    l.stdout_containing("duplicate of #");
    let stopped = l.stop();
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);
    let out = stopped.stdout.join("\n");
    assert!(
        stopped
            .stdout
            .iter()
            .any(|line| line.contains("lead.qualified") && line.contains("200")),
        "one line with the event and the answer status:\n{out}"
    );
    assert!(out.contains(&conv), "conversation id shown:\n{out}");
    assert!(out.contains("POST") && out.contains("/hook"), "{out}");
    for needle in [
        "signature valid",
        "signature invalid",
        "hint:",
        "unsigned",
        "duplicate of #",
        "\"score\": 87",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    assert!(
        !out.to_lowercase().contains("user-agent:"),
        "headers only with -v:\n{out}"
    );
    assert!(
        !out.contains("\x1b["),
        "no colour into a pipe with NO_COLOR"
    );
    assert!(stopped.stderr.contains("received"), "{}", stopped.stderr);
}

#[test]
fn pretty_verbose_shows_redacted_headers_and_not_checked() {
    let mut l = Listener::start(&["127.0.0.1:0", "-v"], &[]);
    send_json(
        &[
            "lead.qualified",
            "--to",
            &l.hook(),
            "-H",
            "Authorization: Bearer sekrit-xyz",
            "-H",
            "X-Plain: visible-value",
        ],
        0,
    );
    l.stdout_containing("visible-value");
    let stopped = l.stop();
    let out = stopped.stdout.join("\n");
    assert!(out.contains("not checked"), "{out}");
    assert!(
        stopped.stdout.iter().any(
            |line| line.to_lowercase().contains("authorization") && line.contains("[redacted]")
        ),
        "{out}"
    );
    assert!(
        !out.contains("sekrit-xyz") && !stopped.stderr.contains("sekrit-xyz"),
        "credential leaked:\n{out}\n{}",
        stopped.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// No loss under a storm
// ---------------------------------------------------------------------------------------------

#[test]
fn storm_of_5000_loses_nothing() {
    const N: usize = 5000;
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("storm.ndjson");
    let l = Listener::json(&["--record", record.to_str().unwrap(), "--secret", "S"]);
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--count",
            &N.to_string(),
            "--concurrency",
            "64",
            "--to",
            &l.hook(),
            "--secret",
            "S",
            "--no-progress",
        ])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    let stopped = l.stop();
    assert_eq!(stopped.code(), Some(0), "stderr:\n{}", stopped.stderr);

    let rec = read_ndjson(&record);
    assert_eq!(rec.len(), N);
    let convs: HashSet<&str> = rec
        .iter()
        .map(|r| r["conversation_id"].as_str().unwrap())
        .collect();
    assert_eq!(convs.len(), N, "every conversation exactly once");
    let seqs: HashSet<u64> = rec.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=N as u64).collect::<HashSet<_>>());
    assert!(rec.iter().all(|r| r["signature"]["status"] == "valid"));

    let reqs = stopped.requests();
    assert_eq!(reqs.len(), N);
    let stdout_convs: HashSet<&str> = reqs
        .iter()
        .map(|r| r["conversation_id"].as_str().unwrap())
        .collect();
    assert_eq!(stdout_convs, convs);
    let summary = stopped.summary();
    assert_eq!(summary["received"], N);
    assert_eq!(summary["valid"], N);
}

/// `listen --json`'s shapes (ready, request, summary), pinned like every other `--json` shape
/// (see json_shapes.rs).
#[test]
fn json_output_shapes_are_pinned() {
    let mut l = Listener::json(&["--secret", "s"]);
    ocw()
        .args(["send", "lead.qualified", "--secret", "s", "--to", &l.hook()])
        .assert()
        .success();
    l.requests(1);
    let stopped = l.stop();
    let shapes: Vec<String> = stopped
        .json()
        .iter()
        .map(|v| {
            crate::json_shapes::validate("listen", v);
            crate::json_shapes::shape(v).to_string()
        })
        .collect();
    assert_eq!(
        shapes.join("\n"),
        "{\"type\":\"ready\",\"url\":\"<s>\",\"addr\":\"<s>\"}\n\
         {\"type\":\"request\",\"seq\":0,\"received_at\":\"<s>\",\"method\":\"<s>\",\"path\":\"<s>\",\"query\":null,\"headers\":{\"content-type\":\"<s>\",\"x-openclaw-signature\":\"<s>\",\"accept\":\"<s>\",\"user-agent\":\"<s>\",\"host\":\"<s>\",\"content-length\":\"<s>\"},\"body\":\"<s>\",\"body_encoding\":\"utf8\",\"body_bytes\":0,\"event\":\"<s>\",\"conversation_id\":\"<s>\",\"signature\":{\"status\":\"<s>\",\"scheme\":\"ocw\",\"reason\":null,\"hint\":null},\"token\":null,\"attempt\":0,\"duplicate_of\":null,\"conflicts_with\":null,\"status\":0,\"elapsed_ms\":0,\"note\":null,\"forward\":null,\"sender_hung_up_ms\":null}\n\
         {\"type\":\"summary\",\"received\":0,\"valid\":0,\"invalid\":0,\"unsigned\":0,\"duplicates\":0,\"token_failures\":0,\"non_2xx\":0,\"aborted\":0,\"hung_up\":0,\"by_event\":{\"lead.qualified\":0}}"
    );
}

// ---------------------------------------------------------------------------------------------
// The developer's loop (#11): sequence numbers, retries, the compact view, filters, widths,
// event names, hang-ups, the forward's hint, CI reasons. Human output is pinned by snapshots
// (tests/it/snapshots/it__listen__*.snap).
// ---------------------------------------------------------------------------------------------

/// A webhook body with fixed ids and time, so the output is the same on every run.
fn fixed_body(dir: &Path, name: &str, event: &str, conv: &str, extra: &str) -> String {
    let body = format!(
        r#"{{"event":"{event}","timestamp":"2026-03-10T14:25:44Z","conversation_id":"{conv}"{extra}}}"#
    );
    write_file(dir, name, body.as_bytes())
}

/// `ocw send --raw-body FILE --to URL ARGS...`, which must get an answer (any status).
fn send_raw(file: &str, url: &str, args: &[&str]) {
    let mut all = vec!["--raw-body", file, "--to", url];
    all.extend_from_slice(args);
    let out = send(&all);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "ocw send {all:?}: {}",
        stderr_of(&out)
    );
}

/// What a person saw, with what changes from run to run (ports, clock times, durations,
/// temporary paths) replaced, for a snapshot.
fn seen(stopped: &Stopped) -> String {
    format!(
        "exit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        stopped.code(),
        stopped.stdout.join("\n"),
        stopped.stderr
    )
}

macro_rules! assert_seen {
    ($name:expr, $text:expr) => {
        insta::with_settings!({
            filters => vec![
                (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
                (r"\b\d{2}:\d{2}:\d{2}\.\d{3}\b", "[HH:MM:SS.mmm]"),
                (r"\b\d{2}:\d{2}:\d{2}\b", "[HH:MM:SS]"),
                (r"\b\d+\.\d (ms|s)\b", "[DURATION]"),
                (r"/\S*/\.tmp\w+", "[TMP]"),
            ],
            prepend_module_to_snapshot => true,
        }, {
            insta::assert_snapshot!($name, $text);
        });
    };
}

/// The full view at 80 columns (stdout is a pipe): `#N` on every line, the verdicts, the
/// hint wrapped between words, the bodies; the banner names the secret's source.
#[test]
fn snapshot_normal_view() {
    let dir = tempfile::tempdir().unwrap();
    let lead = fixed_body(
        dir.path(),
        "lead.json",
        "lead.qualified",
        "conv_snapshot_0001",
        r#","lead_data":{"name":"John Doe","score":87}"#,
    );
    let sent = fixed_body(
        dir.path(),
        "sent.json",
        "message.sent",
        "conv_snapshot_0002",
        "",
    );
    let recv = fixed_body(
        dir.path(),
        "recv.json",
        "message.received",
        "conv_snapshot_0003",
        "",
    );
    let mut l = Listener::start(&["127.0.0.1:0", "--secret", "k"], &[]);
    let hook = l.hook();
    send_raw(&lead, &hook, &["--secret", "k"]);
    send_raw(&sent, &hook, &["--secret", "wrong"]);
    send_raw(&recv, &hook, &[]);
    l.stdout_containing("#3 ");
    let stopped = l.stop();
    for line in &stopped.stdout {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
    assert_seen!("normal_view", seen(&stopped));
}

/// `--compact` at 72 columns: one line per request, markers as tags, nothing cut mid-word.
#[test]
fn snapshot_compact_view() {
    let dir = tempfile::tempdir().unwrap();
    let lead = fixed_body(
        dir.path(),
        "lead.json",
        "lead.qualified",
        "conv_snapshot_0001",
        "",
    );
    let other = fixed_body(
        dir.path(),
        "other.json",
        "lead.qualified",
        "conv_snapshot_0001",
        r#","again":true"#,
    );
    let sent = fixed_body(
        dir.path(),
        "sent.json",
        "message.sent",
        "conv_snapshot_0002",
        "",
    );
    let mut l = Listener::start(
        &[
            "127.0.0.1:0",
            "--compact",
            "--secret",
            "k",
            "--path",
            "/hook",
        ],
        &[("COLUMNS", "72")],
    );
    let hook = l.hook();
    send_raw(&lead, &hook, &["--secret", "k"]);
    send_raw(&lead, &hook, &["--secret", "k"]);
    send_raw(&other, &hook, &["--secret", "k"]);
    send_raw(&sent, &hook, &["--secret", "wrong"]);
    send_raw(&sent, &format!("{}/elsewhere", l.url), &["--secret", "k"]);
    l.stdout_containing("#5 ");
    let stopped = l.stop();
    assert_eq!(stopped.stdout.len(), 5, "one line per request");
    for line in &stopped.stdout {
        assert!(line.chars().count() <= 72, "wider than 72 columns: {line}");
    }
    assert_seen!("compact_view", seen(&stopped));
}

/// A retry (the same bytes) says whose body it repeats instead of showing it again; a second
/// delivery about the same thing (other bytes) is shown in full and flagged.
#[test]
fn snapshot_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let lead = fixed_body(
        dir.path(),
        "lead.json",
        "lead.qualified",
        "conv_snapshot_0001",
        r#","lead_data":{"score":87}"#,
    );
    let other = fixed_body(
        dir.path(),
        "other.json",
        "lead.qualified",
        "conv_snapshot_0001",
        r#","lead_data":{"score":12}"#,
    );
    let mut l = Listener::start(&["127.0.0.1:0", "--fail-first", "1"], &[]);
    let hook = l.hook();
    send_raw(&lead, &hook, &[]);
    send_raw(&lead, &hook, &[]);
    send_raw(&other, &hook, &[]);
    l.stdout_containing("#3 ");
    let stopped = l.stop();
    let out = stopped.stdout.join("\n");
    assert_eq!(out.matches("\"score\": 87").count(), 1, "{out}");
    assert!(out.contains("body identical to #1"), "{out}");
    assert_seen!("duplicate", seen(&stopped));
}

/// `--forward-to` an app that refuses a correctly signed request: the hint blames the app's
/// secret; the banner says where the secret comes from (OCW_SECRET) and where requests go.
#[test]
fn snapshot_forward() {
    let app = Endpoint::start(Behavior {
        status: 401,
        body: r#"{"error":"bad signature"}"#,
        ..Behavior::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let lead = fixed_body(
        dir.path(),
        "lead.json",
        "lead.qualified",
        "conv_snapshot_0001",
        "",
    );
    let mut l = Listener::start(
        &[
            "127.0.0.1:0",
            "--no-body",
            "--forward-to",
            &app.url("/webhooks"),
        ],
        &[("OCW_SECRET", "s3cr3t-value")],
    );
    send_raw(&lead, &l.hook(), &["--secret", "s3cr3t-value"]);
    l.stdout_containing("#1 ");
    let stopped = l.stop();
    let text = seen(&stopped);
    assert!(
        !text.contains("s3cr3t-value"),
        "the secret is never shown:\n{text}"
    );
    assert_eq!(app.requests().len(), 1);
    assert_seen!("forward", text);
}

/// CI mode's reasons: singular and plural, each naming what failed; an unknown event name is
/// refused before listening, with a suggestion.
#[test]
fn snapshot_ci_messages() {
    let dir = tempfile::tempdir().unwrap();
    let lead = fixed_body(
        dir.path(),
        "lead.json",
        "lead.qualified",
        "conv_snapshot_0001",
        "",
    );
    let sent = fixed_body(
        dir.path(),
        "sent.json",
        "message.sent",
        "conv_snapshot_0002",
        "",
    );
    let mut text = String::new();

    let l = Listener::start(&["127.0.0.1:0", "--secret", "k", "--exit-after", "1"], &[]);
    send_raw(&lead, &l.hook(), &["--secret", "wrong"]);
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(1), "{}", stopped.stderr);
    text.push_str(&format!(
        "=== one invalid signature ===\n{}\n",
        stopped.stderr
    ));

    let l = Listener::start(
        &[
            "127.0.0.1:0",
            "--expect",
            "lead.qualified",
            "--expect",
            "conversation.ended",
            "--expect",
            "handoff.requested",
            "--timeout",
            "2s",
        ],
        &[],
    );
    send_raw(&sent, &l.hook(), &[]);
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(1), "{}", stopped.stderr);
    text.push_str(&format!(
        "=== three events missing ===\n{}\n",
        stopped.stderr
    ));

    let l = Listener::start(
        &["127.0.0.1:0", "--exit-after", "2", "--timeout", "1s"],
        &[],
    );
    send_raw(&sent, &l.hook(), &[]);
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(1), "{}", stopped.stderr);
    text.push_str(&format!(
        "=== exit-after not reached ===\n{}\n",
        stopped.stderr
    ));

    let out = ocw()
        .args(["listen", "127.0.0.1:0", "--expect", "lead.qualifed"])
        .output()
        .unwrap();
    text.push_str(&format!(
        "=== a typo in --expect (exit {:?}) ===\n{}",
        out.status.code(),
        stderr_of(&out)
    ));
    assert_seen!("ci_messages", text);
}

#[test]
fn unknown_event_names_are_refused_before_listening() {
    for args in [
        &["--expect", "lead.qualifed"][..],
        &["--respond", "mesage.sent=500"],
        &["--event", "lead.qualifid"],
    ] {
        let mut all = vec!["listen", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let out = ocw()
            .args(&all)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("did you mean"), "{args:?}: {err}");
        assert!(
            !err.contains("listening on"),
            "refused before listening: {err}"
        );
    }
    // Events of one's own come from --fixtures (or OCW_FIXTURES): accepted, then waited for.
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "bug_report.json", br#"{"event":"bug_report"}"#);
    let l = Listener::start(
        &["127.0.0.1:0", "--expect", "bug_report", "--timeout", "1s"],
        &[("OCW_FIXTURES", dir.path().to_str().unwrap())],
    );
    let stopped = l.wait_exit(EXIT_WAIT);
    assert_eq!(stopped.code(), Some(1), "{}", stopped.stderr);
    assert!(
        stopped
            .stderr
            .contains("expected event bug_report did not arrive"),
        "{}",
        stopped.stderr
    );
}

/// More than 20 requests within 2 s: the view switches to one line per request, with a note;
/// nothing is lost. `--no-compact` keeps the full view.
#[test]
fn a_fast_stream_switches_to_the_compact_view() {
    const N: usize = 60;
    let run = |extra: &[&str]| {
        let mut args = vec!["127.0.0.1:0"];
        args.extend_from_slice(extra);
        let l = Listener::start(&args, &[]);
        let out = ocw()
            .args(["send", "lead.qualified", "-n", &N.to_string(), "-c", "4"])
            .args(["--to", &l.hook(), "--no-progress"])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        l.stop()
    };
    let stopped = run(&[]);
    assert!(
        stopped
            .stderr
            .contains("more than 20 requests within 2 s: one line per request from here on"),
        "{}",
        stopped.stderr
    );
    let firsts = stopped.stdout.iter().filter(|l| l.starts_with('#')).count();
    assert_eq!(firsts, N, "every request has its line");
    // The first 21 may be in full (that is what makes the pace); the rest are one line each.
    let tail = &stopped.stdout[stopped.stdout.len() - (N - 21)..];
    assert!(
        tail.iter().all(|l| l.starts_with('#')),
        "one line per request after the switch:\n{}",
        tail.join("\n")
    );

    let full = run(&["--no-compact"]);
    assert!(
        !full.stderr.contains("one line per request"),
        "{}",
        full.stderr
    );
    assert!(full.stdout.len() > N * 10, "{} lines", full.stdout.len());
}

/// `--event` filters what is shown, never what is answered, recorded or counted; `--no-body`
/// leaves the bodies out.
#[test]
fn event_filter_and_no_body() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("rec.ndjson");
    let mut l = Listener::start(
        &[
            "127.0.0.1:0",
            "--event",
            "lead.*",
            "--no-body",
            "--record",
            record.to_str().unwrap(),
        ],
        &[],
    );
    let hook = l.hook();
    let d = send_json(
        &[
            "message.sent",
            "lead.qualified",
            "message.received",
            "--to",
            &hook,
        ],
        0,
    );
    assert!(d.iter().all(|d| d["status"] == 200), "all answered: {d:?}");
    l.stdout_containing("lead.qualified");
    let stopped = l.stop();
    assert_eq!(stopped.stdout.len(), 1, "{:?}", stopped.stdout);
    assert!(stopped.stdout[0].starts_with("#2 "), "{:?}", stopped.stdout);
    assert_eq!(read_ndjson(&record).len(), 3, "all recorded");
    assert!(
        stopped.stderr.contains("3 requests received")
            && stopped.stderr.contains("2 not shown (--event lead.*)"),
        "{}",
        stopped.stderr
    );

    // The same filter on --json request lines; the summary counts everything.
    let mut l = Listener::json(&["--event", "message.*"]);
    send_json(&["message.sent", "lead.qualified", "--to", &l.hook()], 0);
    l.requests(1);
    let stopped = l.stop();
    let reqs = stopped.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0]["event"], "message.sent");
    assert_eq!(stopped.summary()["received"], 2);
}

/// A sender whose timeout passes while ocw holds the answer: said on the request's own line,
/// and in the record; a client that only half-closes (and reads the answer) is not one.
#[test]
fn a_sender_that_hung_up_is_named_on_its_line() {
    let mut l = Listener::start(&["127.0.0.1:0", "--delay", "2s", "-v"], &[]);
    let d = send_json(
        &["lead.qualified", "--to", &l.hook(), "--timeout", "500ms"],
        1,
    );
    assert_eq!(d[0]["error"]["kind"], "timeout", "{}", d[0]);
    let out = l.stdout_containing("hung up at");
    let line = out.lines().find(|l| l.starts_with("#1 ")).unwrap();
    assert!(line.contains("→ 200 after "), "{line}");
    assert!(!out.contains("client disconnected"), "{out}");
    let stopped = l.stop();
    assert!(
        stopped
            .stderr
            .contains("1 sender hung up before its answer"),
        "{}",
        stopped.stderr
    );

    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("rec.ndjson");
    // (The sender's timeout is well past HALF_CLOSE_GRACE, 250 ms: a close before that is
    // taken for a half-close.)
    let mut l = Listener::json(&["--delay", "2s", "--record", record.to_str().unwrap()]);
    send_json(
        &["lead.qualified", "--to", &l.hook(), "--timeout", "700ms"],
        1,
    );
    let r = l.requests(1)[0].clone();
    let gone = r["sender_hung_up_ms"].as_f64().expect("sender_hung_up_ms");
    assert!((400.0..1990.0).contains(&gone), "{r}");
    assert_eq!(r["status"], 200, "the answer ocw gave: {r}");

    // Half-closed: the request, then shutdown(SHUT_WR) (after a pause, as a slow sender would),
    // then the answer is read.
    let mut s = TcpStream::connect(l.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let body = br#"{"event":"message.sent","conversation_id":"half"}"#;
    let head = format!(
        "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    s.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let r = l.request_where(|r| r["conversation_id"] == "half");
    assert_eq!(r["sender_hung_up_ms"], Value::Null, "{r}");
    let stopped = l.stop();
    assert_eq!(stopped.summary()["hung_up"], 1);
    let rec = read_ndjson(&record);
    assert!(rec[0]["sender_hung_up_ms"].is_f64(), "{}", rec[0]);
}

/// A request refused by --path is not "not checked (no secret)" when a secret is set.
#[test]
fn a_refused_request_does_not_claim_there_is_no_secret() {
    let mut l = Listener::start(&["127.0.0.1:0", "--secret", "k", "--path", "/hook"], &[]);
    send_json(
        &[
            "lead.qualified",
            "--to",
            &format!("{}/other", l.url),
            "--secret",
            "k",
        ],
        1,
    );
    let out = l.stdout_containing("#1 ");
    assert!(out.contains("→ 404"), "{out}");
    assert!(!out.contains("no secret"), "{out}");
    l.stop();

    let mut l = Listener::json(&["--secret", "k", "--path", "/hook"]);
    send_json(&["lead.qualified", "--to", &format!("{}/other", l.url)], 1);
    let r = l.requests(1)[0].clone();
    assert_eq!(r["signature"]["status"], "unchecked");
    assert!(
        r["signature"]["reason"]
            .as_str()
            .is_some_and(|s| s.contains("refused")),
        "{r}"
    );
}

/// The width comes from COLUMNS (else the terminal, else 80).
#[test]
fn lines_fit_columns() {
    let mut l = Listener::start(&["127.0.0.1:0", "--secret", "k"], &[("COLUMNS", "50")]);
    send_json(&["lead.qualified", "--to", &l.hook(), "--secret", "k"], 0);
    let out = l.stdout_containing("#1 ");
    let first = out.lines().find(|l| l.starts_with("#1 ")).unwrap();
    assert!(first.chars().count() <= 50, "{first}");
    assert!(
        first.contains("✓ signed") && first.contains("→ 200"),
        "{first}"
    );
}

/// The banner names where each secret comes from, never a secret itself.
#[test]
fn banner_names_the_secret_source_never_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "secret.txt", b"file-secret-xyz\n");
    let mut l = Listener::start(
        &[
            "127.0.0.1:0",
            "--secret",
            "flag-secret-1",
            "--secret",
            "flag-secret-2",
            "--secret-file",
            &file,
        ],
        &[("OCW_TOKEN", "token-secret-abc")],
    );
    let err = l.drain_err();
    assert!(
        err.contains("signatures: checked with 3 secrets (valid if any matches), from --secret ×2, --secret-file ")
            && err.contains("secret.txt"),
        "{err}"
    );
    assert!(err.contains("token: checked (from OCW_TOKEN)"), "{err}");
    for secret in ["flag-secret", "file-secret-xyz", "token-secret-abc"] {
        assert!(!err.contains(secret), "{secret} shown:\n{err}");
    }
}
