//! `ocw send` end to end against a scripted loopback endpoint.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::cli::{
    Behavior, Endpoint, ServerThread, closed_port, hmac_hex, ocw, stderr_of, stdout_of,
};

#[test]
fn sends_signed_payload_with_fresh_stamps() {
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &ep.url("/hook"),
            "--secret",
            "s3cret",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let reqs = ep.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.path, "/hook");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.header("x-openclaw-signature").unwrap(),
        hmac_hex("s3cret", &r.body)
    );
    assert!(r.header("user-agent").unwrap().starts_with("ocw/"));
    let v = r.json();
    assert_eq!(v["event"], "lead.qualified");
    assert_ne!(
        v["conversation_id"], "conv_abc123",
        "conversation_id is fresh"
    );
    assert_ne!(v["timestamp"], "2026-03-10T14:25:44Z", "timestamp is fresh");
    assert_eq!(v["lead_data"]["score"], 87);
    let stdout = stdout_of(&out);
    assert!(
        stdout.contains("lead.qualified") && stdout.contains("200 OK"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"received\": true"),
        "pretty response body: {stdout}"
    );
    assert!(!stdout.contains("s3cret") && !stderr_of(&out).contains("s3cret"));
}

#[test]
fn all_events_each_signed() {
    let ep = Endpoint::start(Behavior::default());
    ocw()
        .args(["send", "--all", "--to", &ep.url("/"), "--json"])
        .env("OCW_SECRET", "k")
        .assert()
        .success();
    let reqs = ep.requests();
    assert_eq!(reqs.len(), 8);
    for r in &reqs {
        assert_eq!(
            r.header("x-openclaw-signature").unwrap(),
            hmac_hex("k", &r.body)
        );
    }
    let mut events: Vec<String> = reqs
        .iter()
        .map(|r| r.json()["event"].as_str().unwrap().to_owned())
        .collect();
    events.sort();
    assert_eq!(events.len(), 8);
    assert!(events.contains(&"handoff.requested".to_string()));
}

#[test]
fn json_output_is_one_object_per_delivery_and_nothing_else() {
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args([
            "send",
            "message.received",
            "message.sent",
            "--to",
            &ep.url("/"),
            "--json",
            "--secret",
            "k",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let lines: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every stdout line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["type"], "delivery");
    assert_eq!(lines[0]["event"], "message.received");
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[0]["ok"], true);
    assert!(lines[0]["latency_ms"].as_f64().unwrap() >= 0.0);
    assert_eq!(lines[0]["response"]["body"], r#"{"received":true}"#);
    assert!(
        lines[1]["conversation_id"]
            .as_str()
            .unwrap()
            .starts_with("conv_")
    );
}

#[test]
fn set_unset_and_pins() {
    let ep = Endpoint::start(Behavior::default());
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &ep.url("/"),
            "--secret",
            "k",
        ])
        .args([
            "--set",
            "lead_data.score=99",
            "--set",
            "user.id=\"42\"",
            "--set",
            "new.nested.flag=true",
        ])
        .args([
            "--set",
            "conversation_id=conv_pinned",
            "--set",
            "timestamp=2020-01-01T00:00:00Z",
        ])
        .args(["--unset", "user.company"])
        .assert()
        .success();
    let v = ep.requests()[0].json();
    assert_eq!(v["lead_data"]["score"], 99);
    assert_eq!(v["user"]["id"], "42");
    assert_eq!(v["new"]["nested"]["flag"], true);
    assert_eq!(v["conversation_id"], "conv_pinned");
    assert_eq!(v["timestamp"], "2020-01-01T00:00:00Z");
    assert!(v["user"].get("company").is_none());
}

#[test]
fn bad_set_and_unset_quote_the_argument() {
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            "http://127.0.0.1:9/",
            "--set",
            "noequals",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("noequals"));
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            "http://127.0.0.1:9/",
            "--unset",
            "user.nope",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("user.nope"));
}

#[test]
fn data_and_raw_body() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.json");
    std::fs::write(
        &data,
        "{ \"event\": \"custom.triggered\", \"n\": 1.50, \"s\": \"é\" }\n",
    )
    .unwrap();
    let raw = dir.path().join("raw.bin");
    std::fs::write(&raw, b"not json at all \x00\xff").unwrap();
    let ep = Endpoint::start(Behavior::default());
    ocw()
        .args([
            "send",
            "--data",
            data.to_str().unwrap(),
            "--to",
            &ep.url("/"),
            "--secret",
            "k",
        ])
        .assert()
        .success();
    ocw()
        .args([
            "send",
            "--raw-body",
            raw.to_str().unwrap(),
            "--to",
            &ep.url("/"),
            "--secret",
            "k",
        ])
        .assert()
        .success();
    let reqs = ep.requests();
    assert_eq!(
        &reqs[0].body[..],
        "{\"event\":\"custom.triggered\",\"n\":1.5,\"s\":\"é\"}".as_bytes()
    );
    assert_eq!(&reqs[1].body[..], b"not json at all \x00\xff");
    assert_eq!(
        reqs[1].header("x-openclaw-signature").unwrap(),
        hmac_hex("k", &reqs[1].body)
    );
    // --data from stdin
    ocw()
        .args(["send", "--data", "-", "--to", &ep.url("/"), "--secret", "k"])
        .write_stdin("[1, 2]")
        .assert()
        .success();
    assert_eq!(&ep.requests()[2].body[..], b"[1,2]");
    // bad --data
    ocw()
        .args(["send", "--data", "-", "--to", &ep.url("/")])
        .write_stdin("{oops")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid JSON"));
}

#[test]
fn extra_headers_are_sent() {
    let ep = Endpoint::start(Behavior::default());
    ocw()
        .args([
            "send",
            "message.sent",
            "--to",
            &ep.url("/"),
            "-H",
            "Authorization: Bearer t0k",
            "-H",
            "X-Env: ci",
        ])
        .assert()
        .success();
    let r = &ep.requests()[0];
    assert_eq!(r.header("authorization"), Some("Bearer t0k"));
    assert_eq!(r.header("x-env"), Some("ci"));
    ocw()
        .args([
            "send",
            "message.sent",
            "--to",
            &ep.url("/"),
            "-H",
            "nocolon",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Name: value"));
}

#[test]
fn unsigned_send_warns() {
    let ep = Endpoint::start(Behavior::default());
    ocw()
        .args(["send", "message.sent", "--to", &ep.url("/")])
        .assert()
        .success()
        .stderr(predicate::str::contains("unsigned"));
    assert!(ep.requests()[0].header("x-openclaw-signature").is_none());
}

#[test]
fn secret_file_is_used_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("secret");
    std::fs::write(&f, "from-file\n").unwrap();
    let ep = Endpoint::start(Behavior {
        status: 500,
        ..Default::default()
    });
    let out = ocw()
        .args([
            "send",
            "message.sent",
            "--to",
            &ep.url("/"),
            "-v",
            "--secret-file",
            f.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let r = &ep.requests()[0];
    assert_eq!(
        r.header("x-openclaw-signature").unwrap(),
        hmac_hex("from-file", &r.body)
    );
    assert!(!stdout_of(&out).contains("from-file") && !stderr_of(&out).contains("from-file"));
}

#[test]
fn non_2xx_exits_1_and_shows_body() {
    let ep = Endpoint::start(Behavior {
        status: 401,
        body: r#"{"error":"Invalid signature"}"#,
        ..Default::default()
    });
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &ep.url("/"),
            "--secret",
            "k",
        ])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("401 Unauthorized")
                .and(predicate::str::contains("Invalid signature")),
        );
}

#[test]
fn connection_refused_names_the_url() {
    let url = format!("http://127.0.0.1:{}/hook", closed_port());
    ocw()
        .args(["send", "lead.qualified", "--to", &url, "--secret", "k"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("connection refused")
                .and(predicate::str::contains(url.as_str())),
        );
}

#[test]
fn timeout_is_reported() {
    let ep = Endpoint::start(Behavior {
        delay: Duration::from_secs(5),
        ..Default::default()
    });
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &ep.url("/slow"),
            "--timeout",
            "300ms",
            "--json",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: Value = serde_json::from_str(stdout_of(&out).trim()).unwrap();
    assert_eq!(v["error"]["kind"], "timeout");
    assert!(v["error"]["message"].as_str().unwrap().contains("/slow"));
}

#[test]
fn dns_failure_is_reported() {
    // .invalid never resolves (RFC 6761), and the lookup fails locally without a network.
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            "http://ocw-test.invalid/hook",
            "--json",
        ])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("\"kind\":\"dns\"")
                .or(predicate::str::contains("\"kind\":\"connect\"")),
        );
}

#[test]
fn tls_failure_is_reported() {
    // An https:// URL against a plain-HTTP server: the TLS handshake fails.
    let ep = Endpoint::start(Behavior::default());
    let url = format!("https://{}/", ep.addr);
    ocw()
        .args(["send", "lead.qualified", "--to", &url, "--json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"kind\":\"tls\""));
}

#[test]
fn unknown_event_suggests() {
    ocw()
        .args(["send", "lead.qualifed", "--to", "http://127.0.0.1:9/"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("did you mean")
                .and(predicate::str::contains("lead.qualified"))
                .and(predicate::str::contains("conversation.started")),
        );
}

#[test]
fn bad_url_is_a_usage_error() {
    ocw()
        .args(["send", "lead.qualified", "--to", "ftp://localhost:3000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("http://"));
    ocw()
        .args(["send", "lead.qualified", "--to", ":99999/hook"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(":3000/webhooks for 127.0.0.1"));
}

#[test]
fn storm_counts_each_with_its_own_conversation() {
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &ep.url("/"),
            "--secret",
            "k",
            "--count",
            "50",
            "--concurrency",
            "8",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let reqs = ep.requests();
    assert_eq!(reqs.len(), 50);
    let mut convs: Vec<String> = reqs
        .iter()
        .map(|r| r.json()["conversation_id"].as_str().unwrap().to_owned())
        .collect();
    convs.sort();
    convs.dedup();
    assert_eq!(
        convs.len(),
        50,
        "every delivery has its own conversation_id"
    );
    for r in &reqs {
        assert_eq!(
            r.header("x-openclaw-signature").unwrap(),
            hmac_hex("k", &r.body)
        );
    }
    let s = stdout_of(&out);
    for needle in [
        "  sent        50\n",
        "✓ all 50 deliveries answered 2xx",
        "2xx",
        "requests/s",
        "p50",
        "p99",
        "Histogram",
        "■",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in {s}");
    }
}

#[test]
fn storm_json_summary_counts_failures() {
    let ep = Endpoint::start(Behavior {
        status: 503,
        ..Default::default()
    });
    let out = ocw()
        .args([
            "send",
            "message.sent",
            "--to",
            &ep.url("/"),
            "-n",
            "20",
            "-c",
            "4",
            "--json",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let lines: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 21);
    let summary = lines.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["sent"], 20);
    assert_eq!(summary["non_success"], 20);
    assert_eq!(summary["statuses"]["503"], 20);
}

#[test]
fn storm_against_closed_port_counts_errors_by_kind() {
    let url = format!("http://127.0.0.1:{}/", closed_port());
    ocw()
        .args(["send", "message.sent", "--to", &url, "-n", "10", "-c", "2"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("connection refused").and(predicate::str::contains("10")));
}

#[test]
fn storm_to_https_goes_through_the_tls_client_and_counts_tls_errors() {
    // A plain-HTTP server behind an https:// URL: every delivery of the storm fails the TLS
    // handshake, and the summary counts them by kind.
    let ep = Endpoint::start(Behavior::default());
    let url = format!("https://{}/", ep.addr);
    let out = ocw()
        .args([
            "send",
            "message.sent",
            "--to",
            &url,
            "-n",
            "6",
            "-c",
            "3",
            "--json",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let summary: Value = serde_json::from_str(stdout_of(&out).lines().last().unwrap()).unwrap();
    assert_eq!(summary["sent"], 6);
    assert_eq!(summary["errors"]["tls"], 6, "{summary}");
}

#[test]
fn json_output_survives_a_closed_pipe() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let ep = Endpoint::start(Behavior::default());
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("ocw"))
        .args(["send", "--all", "--to", &ep.url("/"), "--json"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up, as `| head -1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        status.code().is_some_and(|c| c == 0 || c == 1),
        "{status:?} {err}"
    );
}

#[test]
fn user_fixtures_are_sent() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("order.paid.json"),
        r#"{"event":"order.paid","timestamp":"x","conversation_id":"y","amount":10}"#,
    )
    .unwrap();
    let ep = Endpoint::start(Behavior::default());
    ocw()
        .args(["send", "order.paid", "--to", &ep.url("/"), "--fixtures"])
        .arg(dir.path())
        .assert()
        .success();
    let v = ep.requests()[0].json();
    assert_eq!(v["event"], "order.paid");
    assert_eq!(v["amount"], 10);
    assert_ne!(v["conversation_id"], "y", "user fixtures are stamped too");
}

#[test]
fn ctrl_c_ends_a_storm_with_a_summary_of_what_was_sent() {
    use std::process::{Command, Stdio};
    let ep = Endpoint::start(Behavior {
        delay: Duration::from_millis(50),
        ..Default::default()
    });
    let child = Command::new(assert_cmd::cargo::cargo_bin!("ocw"))
        .args([
            "send",
            "message.sent",
            "--to",
            &ep.url("/"),
            "-n",
            "100000",
            "-c",
            "2",
            "--json",
        ])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until some deliveries arrived (bounded), then interrupt.
    for _ in 0..200 {
        if ep.requests().len() >= 4 {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr_of(&out));
    let last: Value = serde_json::from_str(stdout_of(&out).lines().last().unwrap()).unwrap();
    assert_eq!(last["type"], "summary");
    let sent = last["sent"].as_u64().unwrap();
    assert!((4..100_000).contains(&sent), "{last}");
    assert_eq!(
        sent as usize,
        ep.requests().len(),
        "every delivery that went out is counted"
    );
    assert!(
        stderr_of(&out).contains("interrupted"),
        "{}",
        stderr_of(&out)
    );
}

/// A loopback endpoint that answers every request with 200 and `answer_len` zero bytes
/// (`Content-Length` declared), written from one small buffer as the client reads them, never
/// allocated whole. It counts connections and how many body bytes each answer got written
/// before it ended or the client went away.
struct BigAnswer {
    connections: Arc<AtomicU64>,
    written: Arc<Mutex<Vec<u64>>>,
    server: ServerThread,
}

impl BigAnswer {
    fn start(answer_len: u64) -> Self {
        let connections = Arc::new(AtomicU64::new(0));
        let written = Arc::new(Mutex::new(Vec::new()));
        let (conns, log) = (Arc::clone(&connections), Arc::clone(&written));
        let server = ServerThread::start(move |listener, mut stop| async move {
            let mut tasks = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    _ = &mut stop => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        conns.fetch_add(1, Ordering::Relaxed);
                        tasks.spawn(serve_big(stream, answer_len, Arc::clone(&log)));
                    }
                }
            }
            tasks.shutdown().await;
        });
        Self {
            connections,
            written,
            server,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.server.addr)
    }

    /// Bytes written for each answer, once `n` answers have ended (bounded wait: the client
    /// may have gone before the server notices).
    fn written(&self, n: usize) -> Vec<u64> {
        for _ in 0..500 {
            let w = self.written.lock().unwrap().clone();
            if w.len() >= n {
                return w;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("only {:?} answers ended", self.written.lock().unwrap());
    }
}

/// One connection: read a request (head, then `Content-Length` bytes), answer it, repeat.
async fn serve_big(mut stream: tokio::net::TcpStream, answer_len: u64, log: Arc<Mutex<Vec<u64>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    static ZEROS: [u8; 64 * 1024] = [0; 64 * 1024];
    let mut buf = Vec::new();
    loop {
        // The request head, bounded: ocw's are well under 16 KiB.
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(n) if n > 0 && buf.len() < 16 * 1024 => buf.extend_from_slice(&chunk[..n]),
                _ => return,
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
        let body_len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + body_len {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(n) if n > 0 => buf.extend_from_slice(&chunk[..n]),
                _ => return,
            }
        }
        buf.drain(..head_end + body_len);
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: \
             {answer_len}\r\n\r\n"
        );
        if stream.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
        let mut sent = 0u64;
        while sent < answer_len {
            let n = (answer_len - sent).min(ZEROS.len() as u64) as usize;
            if stream.write_all(&ZEROS[..n]).await.is_err() {
                break;
            }
            sent += n as u64;
        }
        log.lock().unwrap().push(sent);
        if sent < answer_len {
            return;
        }
    }
}

fn storm_summary(url: &str, count: &str, concurrency: &str) -> Value {
    let out = ocw()
        .args(["send", "lead.qualified", "--to", url, "--secret", "k"])
        .args(["--count", count, "--concurrency", concurrency, "--json"])
        .timeout(Duration::from_secs(30))
        .assert()
        .success()
        .get_output()
        .clone();
    serde_json::from_str(stdout_of(&out).lines().last().unwrap()).unwrap()
}

#[test]
fn storm_reads_a_bounded_prefix_of_huge_answers_and_reconnects() {
    // 64 MiB answers: a storm that read them through (or held them, as it once did with
    // every worker keeping its whole answer) would get all of each written.
    const ANSWER: u64 = 64 * 1024 * 1024;
    let ep = BigAnswer::start(ANSWER);
    let summary = storm_summary(&ep.url(), "4", "4");
    assert_eq!(
        (summary["sent"].as_u64(), summary["success"].as_u64()),
        (Some(4), Some(4))
    );
    // What reached the kernel before ocw closed: its 64 KiB read plus the socket buffers
    // (a few MiB on loopback), far from the whole answer.
    let written = ep.written(4);
    assert!(written.iter().all(|w| *w < ANSWER / 2), "{written:?}");

    // A connection left with unread answer is not reused: each delivery reconnects.
    let ep = BigAnswer::start(ANSWER);
    let summary = storm_summary(&ep.url(), "6", "2");
    assert_eq!(summary["success"].as_u64(), Some(6), "{summary}");
    assert_eq!(ep.connections.load(Ordering::Relaxed), 6);
    assert!(ep.written(6).iter().all(|w| *w < ANSWER / 2));

    // A small answer is read to its end, and the connection carries the next delivery.
    let ep = BigAnswer::start(1000);
    let summary = storm_summary(&ep.url(), "6", "2");
    assert_eq!(summary["success"].as_u64(), Some(6), "{summary}");
    assert_eq!(ep.connections.load(Ordering::Relaxed), 2);
    assert_eq!(ep.written(6), vec![1000; 6]);
}

// ---- issue #11: dry runs, signatures of one's own, tampering, fan-out, storms, URLs ----

/// Filters that make send's human output stable: ports, ids, times, signatures, versions.
fn stable() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    for (re, to) in [
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        (r"conv_[0-9a-z]{26}", "[CONV]"),
        (r"\d+(\.\d+)? ms", "[TIME]"),
        (r#""timestamp":"[^"]+""#, r#""timestamp":"[TS]""#),
        (r"[0-9a-f]{64}", "[SIG]"),
        (r"(elapsed\s+)[\d.]+ s", "${1}[ELAPSED]"),
        (r"ocw/\d+\.\d+\.\d+", "ocw/[VERSION]"),
    ] {
        s.add_filter(re, to);
    }
    s
}

/// The body of an HTTP message `send --dry-run` printed: after the first blank line, without
/// the newline that ends the request.
fn dry_run_body(out: &str) -> &str {
    let (_, body) = out
        .split_once("\n\n")
        .expect("a blank line before the body");
    body.strip_suffix('\n').expect("a newline after the body")
}

fn header_line<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in {out}"))
}

#[test]
fn single_delivery_snapshot() {
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args(["send", "lead.qualified", "--to", &ep.url("/hook")])
        .env("OCW_SECRET", "s3cret")
        .assert()
        .success()
        .get_output()
        .clone();
    stable().bind(|| insta::assert_snapshot!("single", stdout_of(&out)));
}

#[test]
fn dry_run_prints_the_exact_request_and_sends_nothing() {
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &ep.url("/hook"),
            "-H",
            "Authorization: Bearer T0KEN",
            "-H",
            "X-Env: ci",
            "--dry-run",
        ])
        .env("OCW_SECRET", "s3cret")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(ep.requests().is_empty(), "a dry run sends nothing");
    let text = stdout_of(&out);
    assert!(
        !text.contains("T0KEN") && !text.contains("s3cret"),
        "{text}"
    );
    let body = dry_run_body(&text);
    assert_eq!(
        header_line(&text, "x-openclaw-signature"),
        hmac_hex("s3cret", body.as_bytes()),
        "the signature shown is the one for the body shown"
    );
    assert_eq!(header_line(&text, "content-length"), body.len().to_string());
    assert!(
        stderr_of(&out).contains("--show-secrets"),
        "{}",
        stderr_of(&out)
    );
    stable().bind(|| insta::assert_snapshot!("dry_run", text));

    // --show-secrets prints the credential as it would be sent.
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &ep.url("/hook"),
            "-H",
            "Authorization: Bearer T0KEN",
            "--dry-run",
            "--show-secrets",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        header_line(&stdout_of(&out), "authorization"),
        "Bearer T0KEN"
    );
    // ... and means nothing without a dry run.
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &ep.url("/"),
            "--show-secrets",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "only applies to --dry-run and --curl",
        ));
    assert!(ep.requests().is_empty());
}

#[test]
fn dry_run_json_is_one_object_per_request() {
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "message.sent",
            "--to",
            "http://127.0.0.1:9/h",
            "--dry-run",
            "--json",
        ])
        .env("OCW_SECRET", "k")
        .assert()
        .success()
        .get_output()
        .clone();
    let lines = crate::support::cli::json_lines(&out);
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(l["type"], "dry_run");
        assert_eq!(l["method"], "POST");
        assert_eq!(l["body_encoding"], "utf8");
        let body = l["body"].as_str().unwrap();
        let sig = l["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h[0] == "x-openclaw-signature")
            .unwrap();
        assert_eq!(sig[1], hmac_hex("k", body.as_bytes()));
    }
}

#[test]
fn curl_command_runs_and_sends_the_same_signed_bytes() {
    let ep = Endpoint::start(Behavior::default());
    let dir = tempfile::tempdir().unwrap();
    // A body curl cannot take as an argument (a NUL, a quote, a leading @): printf pipes it in.
    let raw = dir.path().join("raw.bin");
    std::fs::write(&raw, b"@it's\x00\xff\n%s").unwrap();
    let long = format!("note=\"{}\"", "x".repeat(2000));
    for extra in [
        vec!["lead.qualified"],
        vec!["--raw-body", raw.to_str().unwrap()],
        // A large body (curl would add `Expect: 100-continue`) and an empty header.
        vec!["lead.qualified", "--set", &long, "-H", "X-Empty:"],
    ] {
        let out = ocw()
            .args(["send", "--to", &ep.url("/hook"), "--curl"])
            .args(&extra)
            .env("OCW_SECRET", "s3cret")
            .assert()
            .success()
            .get_output()
            .clone();
        let cmd = stdout_of(&out);
        assert!(cmd.contains("curl '"), "{cmd}");
        let before = ep.requests().len();
        let ran = std::process::Command::new("sh")
            .args(["-c", &format!("{} --silent --show-error", cmd.trim_end())])
            .output()
            .expect("sh runs");
        assert!(ran.status.success(), "{cmd}: {}", stderr_of(&ran));
        let reqs = ep.requests();
        assert_eq!(reqs.len(), before + 1, "the command posts once: {cmd}");
        let r = reqs.last().unwrap();
        assert_eq!(
            r.header("x-openclaw-signature").unwrap(),
            hmac_hex("s3cret", &r.body),
            "{cmd}"
        );
        assert_eq!(r.header("user-agent").unwrap(), header_ua(&cmd));
        if extra[0] == "--raw-body" {
            assert_eq!(&r.body[..], b"@it's\x00\xff\n%s");
        }
        if extra.len() > 2 {
            assert!(r.body.len() > 2000);
            assert_eq!(r.header("x-empty"), Some(""), "{cmd}");
            assert_eq!(r.header("expect"), None, "{cmd}");
        }
    }
}

fn header_ua(cmd: &str) -> &str {
    let start = cmd.find("user-agent: ").unwrap() + "user-agent: ".len();
    let rest = &cmd[start..];
    &rest[..rest.find('\'').unwrap()]
}

#[test]
fn curl_snapshot() {
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            "http://127.0.0.1:9/hook",
            "-H",
            "X-Api-Key: k3y",
            "--curl",
        ])
        .env("OCW_SECRET", "s")
        .assert()
        .success()
        .get_output()
        .clone();
    stable().bind(|| insta::assert_snapshot!("dry_run_curl", stdout_of(&out)));
}

#[test]
fn a_signature_given_with_h_is_sent_as_given() {
    let ep = Endpoint::start(Behavior::default());
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &ep.url("/"),
            "-H",
            "X-OpenClaw-Signature: deadbeef",
            "-H",
            "X-Hub-Signature-256: sha256=00",
        ])
        .env("OCW_SECRET", "k")
        .assert()
        .success()
        .stderr(
            predicate::str::contains(
                "note: sending your x-openclaw-signature as given; the body is not signed",
            )
            .and(predicate::str::contains(
                "sending your x-hub-signature-256 as given",
            ))
            .and(predicate::str::contains("unsigned").not()),
        );
    let r = &ep.requests()[0];
    let sigs: Vec<_> = r.headers.get_all("x-openclaw-signature").iter().collect();
    assert_eq!(sigs, vec!["deadbeef"]);
    assert_eq!(r.header("x-hub-signature-256"), Some("sha256=00"));
}

#[test]
fn tamper_sends_what_a_correct_receiver_rejects() {
    let rejecting = Endpoint::start(Behavior {
        status: 401,
        body: r#"{"error":"bad signature"}"#,
        ..Behavior::default()
    });
    for what in ["signature", "body", "timestamp"] {
        let out = ocw()
            .args([
                "send",
                "lead.qualified",
                "--to",
                &rejecting.url("/"),
                "--tamper",
                what,
            ])
            .env("OCW_SECRET", "k")
            .assert()
            .success()
            .get_output()
            .clone();
        assert!(
            stdout_of(&out).contains("rejected, as it should be"),
            "{what}: {}",
            stdout_of(&out)
        );
        assert!(!stdout_of(&out).contains("hint:"), "{}", stdout_of(&out));
    }
    let reqs = rejecting.requests();
    let valid = |r: &crate::support::cli::Captured| {
        r.header("x-openclaw-signature").unwrap() == hmac_hex("k", &r.body)
    };
    assert!(!valid(&reqs[0]), "signature: wrong for the body");
    assert!(!valid(&reqs[1]), "body: changed after signing");
    assert!(
        reqs[1].json().is_object(),
        "the tampered body is still JSON"
    );
    assert!(valid(&reqs[2]), "timestamp: correctly signed");
    let ts: jiff::Timestamp = reqs[2].json()["timestamp"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let age = jiff::Timestamp::now().duration_since(ts);
    assert!(age.as_secs() >= 3500, "an hour old: {age:?}");

    // A receiver that accepts a tampered delivery fails the run.
    let accepting = Endpoint::start(Behavior::default());
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &accepting.url("/"),
            "--tamper",
            "signature",
        ])
        .env("OCW_SECRET", "k")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "the receiver accepted a tampered delivery",
        ));
    // Tampering needs a secret, and a fresh timestamp to backdate.
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &accepting.url("/"),
            "--tamper",
            "body",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a signing secret"));
    ocw()
        .args([
            "send",
            "lead.qualified",
            "--to",
            &accepting.url("/"),
            "--tamper",
            "timestamp",
        ])
        .args(["--set", "timestamp=\"2020-01-01T00:00:00Z\""])
        .env("OCW_SECRET", "k")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("timestamp is fixed"));
}

#[test]
fn a_401_hint_speaks_to_the_receivers_author() {
    let ep = Endpoint::start(Behavior {
        status: 401,
        body: "invalid signature",
        content_type: "text/plain",
        ..Behavior::default()
    });
    ocw()
        .args(["send", "lead.qualified", "--to", &ep.url("/")])
        .env("OCW_SECRET", "k")
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("hint: ocw signed the exact bytes it sent")
                .and(predicate::str::contains("`request.get_data()` in Flask"))
                .and(predicate::str::contains("express.raw(")),
        );
    ocw()
        .args(["send", "lead.qualified", "--to", &ep.url("/")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "hint: this delivery was not signed by ocw",
        ));
    // A signature the user chose gets their receiver's answer, not advice about ocw's.
    ocw()
        .args(["send", "lead.qualified", "--to", &ep.url("/")])
        .args(["-H", "x-openclaw-signature: 00"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("hint:").not());
}

/// An `ocw.yaml` with three webhooks on `ep`: two take lead.qualified, one does not.
fn fan_out_config(ep: &Endpoint, dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("ocw.yaml");
    std::fs::write(
        &path,
        format!(
            r#"webhooks:
  - name: crm
    url: "{crm}"
    secret: "s1"
    events: ["conversation.started", "lead.qualified"]
  - name: analytics
    url: "{an}"
    secret: "s2"
    events: ["*"]
  - name: pager
    url: "{pager}"
    secret: "s3"
    events: ["handoff.requested"]
"#,
            crm = ep.url("/crm"),
            an = ep.url("/analytics"),
            pager = ep.url("/pager"),
        ),
    )
    .unwrap();
    path
}

#[test]
fn one_event_goes_to_every_webhook_as_the_same_body() {
    let ep = Endpoint::start(Behavior::default());
    let dir = tempfile::tempdir().unwrap();
    let config = fan_out_config(&ep, dir.path());
    let out = ocw()
        .args([
            "send",
            "lead.qualified",
            "--config",
            config.to_str().unwrap(),
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let reqs = ep.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        reqs[0].body, reqs[1].body,
        "the same body for every webhook"
    );
    let secret_of = |path: &str| if path == "/crm" { "s1" } else { "s2" };
    for r in &reqs {
        assert_eq!(
            r.header("x-openclaw-signature").unwrap(),
            hmac_hex(secret_of(&r.path), &r.body),
            "each webhook signs with its own secret"
        );
    }
    let text = stdout_of(&out);
    assert!(
        text.contains("– skipped (not subscribed): lead.qualified"),
        "{text}"
    );
    assert!(
        text.ends_with("✓ 2 delivered, 0 failed, 1 skipped (not subscribed)\n"),
        "{text}"
    );
    stable().bind(|| insta::assert_snapshot!("fan_out", text));

    // Under the retry policy too.
    let out = ocw()
        .args(["send", "lead.qualified", "--retry", "--speed", "1000"])
        .args(["--config", config.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .clone();
    let reqs = ep.requests();
    assert_eq!(reqs.len(), 4);
    assert_eq!(reqs[2].body, reqs[3].body);
    assert!(stdout_of(&out).contains("✓ 2 delivered, 0 failed, 1 skipped"));
}

#[test]
fn all_goes_out_in_the_order_of_a_conversation() {
    let ep = Endpoint::start(Behavior::default());
    ocw()
        .args(["send", "--all", "--to", &ep.url("/")])
        .assert()
        .success()
        .stdout(predicate::str::ends_with("✓ 8 delivered, 0 failed\n"));
    let events: Vec<String> = ep
        .requests()
        .iter()
        .map(|r| r.json()["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(events.first().unwrap(), "conversation.started");
    assert_eq!(events.last().unwrap(), "conversation.ended");
    assert_eq!(events.len(), 8);
}

#[test]
fn storm_summary_is_aligned_and_ends_with_a_verdict() {
    let url = format!("http://127.0.0.1:{}/", closed_port());
    let out = ocw()
        .args(["send", "message.sent", "--to", &url, "-n", "20", "-c", "4"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = stdout_of(&out);
    assert!(text.contains("    connection refused  20\n"), "{text}");
    assert!(
        text.contains("- (no HTTP answers)"),
        "no rate over refusals: {text}"
    );
    stable().bind(|| insta::assert_snapshot!("storm_summary", text));
}

#[test]
fn urls_take_the_listen_shorthands() {
    let ep = Endpoint::start(Behavior::default());
    let port = ep.addr.port();
    for to in [format!(":{port}/short"), format!("localhost:{port}/local")] {
        ocw()
            .args(["send", "message.sent", "--to", &to])
            .assert()
            .success();
        ocw()
            .args(["retry", "message.sent", "--to", &to])
            .assert()
            .success();
    }
    let paths: Vec<String> = ep.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/short", "/short", "/local", "/local"]);
}

#[test]
fn https_to_a_plain_http_server_says_so() {
    let ep = Endpoint::start(Behavior::default());
    let out = ocw()
        .args([
            "send",
            "message.sent",
            "--to",
            &format!("https://{}/h", ep.addr),
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = stdout_of(&out);
    assert!(
        text.contains("the server answered in plain HTTP, not TLS"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "hint: this endpoint speaks plain HTTP: use http://, e.g. --to http://{}/h",
            ep.addr
        )),
        "{text}"
    );
    assert!(!text.contains("InvalidContentType"), "{text}");
}

#[test]
fn numeric_ranges_are_said_in_words() {
    for (flag, value, words) in [
        ("--count", "0", "must be at least 1"),
        ("--concurrency", "0", "must be from 1 to 10000"),
        ("--concurrency", "10001", "must be from 1 to 10000"),
    ] {
        ocw()
            .args([
                "send",
                "message.sent",
                "--to",
                "http://127.0.0.1:9/",
                flag,
                value,
            ])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(words)
                    .and(predicate::str::contains("18446744073709551615").not()),
            );
    }
}
