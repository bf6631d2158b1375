//! `ocw listen --ui`: the inspector's HTTP API (list, detail, live feed, replay), its
//! same-origin guard and security headers, the bounded history; and, in a real headless
//! Chromium driven over WebDriver, the page itself.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::cli::{Behavior, Endpoint};

const WAIT: Duration = Duration::from_secs(20);

/// `ocw listen 127.0.0.1:0 --ui ARGS...`, with its listener and inspector addresses.
struct Ui {
    child: Child,
    /// `127.0.0.1:PORT` of the receiver.
    hook: String,
    /// `127.0.0.1:PORT` of the inspector.
    ui: String,
    /// Kept so the reader thread goes on draining stderr (a full pipe would stall ocw).
    _err: Receiver<String>,
}

impl Ui {
    fn start(args: &[&str]) -> Self {
        let home = std::env::temp_dir().join("ocw-test-home");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("ocw"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("NO_COLOR", "1")
            .args(["listen", "127.0.0.1:0", "--ui"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn ocw listen --ui");
        let (tx, err) = channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let (mut hook, mut ui) = (None, None);
        let mut seen = Vec::new();
        let deadline = Instant::now() + WAIT;
        while hook.is_none() || ui.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = err.recv_timeout(left) else {
                panic!("no listening/inspector lines; stderr:\n{}", seen.join("\n"));
            };
            let addr = |l: &str| {
                let at = l.find("http://").unwrap() + "http://".len();
                l[at..].trim_end_matches('/').to_owned()
            };
            if line.starts_with("listening on http://") {
                hook = Some(addr(&line));
            } else if line.trim_start().starts_with("inspector: http://") {
                ui = Some(addr(&line));
            }
            seen.push(line);
        }
        Ui {
            child,
            hook: hook.unwrap(),
            ui: ui.unwrap(),
            _err: err,
        }
    }

    fn origin(&self) -> String {
        format!("http://{}", self.ui)
    }

    /// GET a JSON API path (same-origin, as the page does).
    fn get(&self, path: &str) -> (u16, Value) {
        let (status, _, body) = http(&self.ui, "GET", path, &[], b"");
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    fn replay(&self, seq: u64, body: Value) -> (u16, Value) {
        let origin = self.origin();
        let (status, _, text) = http(
            &self.ui,
            "POST",
            &format!("/api/requests/{seq}/replay"),
            &[("origin", &origin), ("content-type", "application/json")],
            body.to_string().as_bytes(),
        );
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// POST a body to the receiver, returning its status.
    fn post(&self, body: &[u8], headers: &[(&str, &str)]) -> u16 {
        let mut all = vec![("content-type", "application/json")];
        all.extend_from_slice(headers);
        http(&self.hook, "POST", "/webhooks", &all, body).0
    }

    /// Wait until the inspector lists `n` requests.
    fn wait_for(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + WAIT;
        loop {
            let (_, list) = self.get("/api/requests");
            let rows = list["requests"].as_array().cloned().unwrap_or_default();
            if rows.len() >= n {
                return rows;
            }
            assert!(
                Instant::now() < deadline,
                "{n} requests never listed: {list}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Ui {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange on a fresh connection: status, head, body.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(WAIT)).unwrap();
    let has_host = headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host"));
    let mut req = format!("{method} {path} HTTP/1.1\r\nconnection: close\r\n");
    if !has_host {
        req.push_str(&format!("host: {addr}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let text = String::from_utf8_lossy(&resp).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {text:?}"));
    (status, head.to_ascii_lowercase(), body.to_owned())
}

fn body(event: &str, n: u32) -> String {
    format!(
        "{{\"event\":\"{event}\",\"conversation_id\":\"conv_{n}\",\"n\":{n},\"text\":\"<script>document.title='pwned'</script><img src=x onerror=\\\"document.title='pwned'\\\">\"}}"
    )
}

#[test]
fn lists_and_details_requests_with_their_verdict_and_duplicate() {
    let ui = Ui::start(&["--secret", "s3cret"]);
    let b = body("lead.qualified", 1);
    assert_eq!(
        ui.post(b.as_bytes(), &[("authorization", "Bearer hunter2")]),
        200
    );
    assert_eq!(
        ui.post(b.as_bytes(), &[("x-openclaw-signature", "00")]),
        200
    );
    let rows = ui.wait_for(2);
    let by_seq = |s: u64| rows.iter().find(|r| r["seq"] == s).unwrap().clone();
    assert_eq!(by_seq(1)["event"], "lead.qualified");
    assert_eq!(by_seq(1)["method"], "POST");
    assert_eq!(by_seq(1)["path"], "/webhooks");
    assert_eq!(by_seq(1)["verdict"], "unsigned");
    assert_eq!(by_seq(1)["status"], 200);
    assert_eq!(by_seq(1)["duplicate_of"], Value::Null);
    assert_eq!(by_seq(2)["verdict"], "invalid");
    assert_eq!(by_seq(2)["duplicate_of"], 1);

    let (status, d) = ui.get("/api/requests/2");
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["body"], b.as_str(), "the body byte for byte");
    assert_eq!(d["body_encoding"], "utf8");
    assert_eq!(d["original_kept"], true);
    assert_eq!(d["signature"]["status"], "invalid");
    assert!(d["signature"]["reason"].as_str().is_some(), "{d}");
    let (_, first) = ui.get("/api/requests/1");
    assert_eq!(first["headers"]["authorization"], "[redacted]");
    assert!(!first.to_string().contains("hunter2"), "{first}");
    let (status, missing) = ui.get("/api/requests/99");
    assert_eq!(status, 404);
    assert_eq!(missing["error"], "request #99 is not in the history");
}

#[test]
fn the_page_is_embedded_with_a_strict_csp_and_no_inline_script() {
    let ui = Ui::start(&[]);
    let (status, head, page) = http(&ui.ui, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(
        head.contains(&format!(
            "content-security-policy: {}",
            ocw::inspector::CSP.to_ascii_lowercase()
        )),
        "{head}"
    );
    assert!(ocw::inspector::CSP.starts_with("default-src 'self'"));
    assert!(!ocw::inspector::CSP.contains("unsafe"));
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(page.contains("<script src=\"/app.js\" defer></script>"));
    assert_eq!(page.matches("<script").count(), 1, "no inline script");
    for (path, kind) in [("/app.js", "text/javascript"), ("/app.css", "text/css")] {
        let (status, head, text) = http(&ui.ui, "GET", path, &[], b"");
        assert_eq!(status, 200);
        assert!(head.contains(&format!("content-type: {kind}")), "{head}");
        assert!(head.contains("content-security-policy"), "{head}");
        assert!(!text.contains("innerHTML"), "{path} never parses markup");
    }
    let total: usize = [
        include_str!("../../src/inspector/assets/index.html"),
        include_str!("../../src/inspector/assets/app.js"),
        include_str!("../../src/inspector/assets/app.css"),
    ]
    .iter()
    .map(|s| s.len())
    .sum();
    assert!(total < 30 * 1024, "the page is {total} bytes");
}

#[test]
fn the_stream_delivers_a_new_request_without_polling() {
    let ui = Ui::start(&[]);
    let mut s = TcpStream::connect(&ui.ui).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET /api/stream HTTP/1.1\r\nhost: {}\r\naccept: text/event-stream\r\n\r\n",
        ui.ui
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut head = String::new();
    while reader.read_line(&mut head).unwrap() > 2 && !head.ends_with("\r\n\r\n") {}
    assert!(head.contains("text/event-stream"), "{head}");
    assert_eq!(ui.post(body("message.sent", 7).as_bytes(), &[]), 200);
    let deadline = Instant::now() + WAIT;
    let mut seen = String::new();
    let data = loop {
        assert!(Instant::now() < deadline, "no request event: {seen}");
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "stream closed: {seen}"
        );
        seen.push_str(&line);
        if seen.contains("event: request\n")
            && let Some(d) = line.strip_prefix("data: ")
        {
            break serde_json::from_str::<Value>(d).unwrap();
        }
    };
    assert_eq!(data["seq"], 1);
    assert_eq!(data["event"], "message.sent");
    assert_eq!(data["status"], 200);
}

#[test]
fn replays_to_the_forward_target_or_a_typed_url_byte_for_byte() {
    let app = Endpoint::start(Behavior::default());
    let other = Endpoint::start(Behavior {
        status: 202,
        ..Behavior::default()
    });
    let ui = Ui::start(&["--forward-to", &app.url("/app")]);
    let b = body("lead.qualified", 3);
    let headers = [("x-custom", "kept"), ("authorization", "Bearer t0ken")];
    assert_eq!(ui.post(b.as_bytes(), &headers), 200);
    ui.wait_for(1);
    assert_eq!(app.requests().len(), 1, "forwarded once");

    let (status, r) = ui.replay(1, json!({}));
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["result"]["status"], 200, "{r}");
    assert_eq!(r["url"], app.url("/app"));
    let got = app.requests();
    assert_eq!(got.len(), 2, "replayed to --forward-to");
    assert_eq!(got[1].body.as_ref(), b.as_bytes());

    let (status, r) = ui.replay(1, json!({ "url": other.url("/typed") }));
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["result"]["status"], 202, "{r}");
    assert_eq!(r["not_sent_headers"], json!(["authorization"]));
    let got = other.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/typed");
    assert_eq!(got[0].body.as_ref(), b.as_bytes(), "byte for byte");
    assert_eq!(got[0].header("x-custom"), Some("kept"));
    assert_eq!(got[0].header("authorization"), None, "redacted: not sent");

    let (status, r) = ui.replay(1, json!({ "url": "file:///etc/passwd" }));
    assert_eq!(status, 400, "{r}");
    let (status, _) = ui.replay(42, json!({}));
    assert_eq!(status, 404);
}

#[test]
fn replay_without_a_url_needs_forward_to() {
    let ui = Ui::start(&[]);
    assert_eq!(ui.post(body("lead.qualified", 1).as_bytes(), &[]), 200);
    ui.wait_for(1);
    let (status, r) = ui.replay(1, json!({ "url": "" }));
    assert_eq!(status, 400);
    assert_eq!(
        r["error"],
        "type a URL to replay to (this listener has no --forward-to)"
    );
}

#[test]
fn other_origins_and_other_host_names_are_refused() {
    let target = Endpoint::start(Behavior::default());
    let ui = Ui::start(&[]);
    assert_eq!(ui.post(body("lead.qualified", 1).as_bytes(), &[]), 200);
    ui.wait_for(1);
    let replay_path = "/api/requests/1/replay";
    let to = json!({ "url": target.url("/") }).to_string();
    let evil = [("origin", "http://evil.example")];
    let cases: Vec<(&str, &str, Vec<(&str, &str)>)> = vec![
        ("GET", "/api/requests", evil.to_vec()),
        ("POST", replay_path, evil.to_vec()),
        // A form or fetch without Origin cannot change anything.
        ("POST", replay_path, vec![]),
        // DNS rebinding: the inspector's IP under another name.
        ("GET", "/api/requests/1", vec![("host", "evil.example")]),
        ("GET", "/", vec![("sec-fetch-site", "cross-site")]),
        ("POST", replay_path, vec![("origin", "null")]),
    ];
    for (method, path, headers) in cases {
        let mut all = headers.clone();
        all.push(("content-type", "application/json"));
        let (status, head, text) = http(&ui.ui, method, path, &all, to.as_bytes());
        assert_eq!(status, 403, "{method} {path} {headers:?}: {text}");
        assert!(head.contains("content-security-policy"), "{head}");
        assert!(text.starts_with("refused: "), "{text}");
    }
    assert!(target.requests().is_empty(), "nothing was replayed");
    // The same request from the page's own origin goes through.
    let (status, r) = ui.replay(1, json!({ "url": target.url("/") }));
    assert_eq!(status, 200, "{r}");
    assert_eq!(target.requests().len(), 1);
}

#[test]
fn history_is_bounded_by_count_and_by_body_bytes() {
    let ui = Ui::start(&["--ui-history", "3"]);
    for n in 1..=5 {
        assert_eq!(ui.post(body("message.sent", n).as_bytes(), &[]), 200);
    }
    ui.wait_for(3);
    let deadline = Instant::now() + WAIT;
    let list = loop {
        let (_, list) = ui.get("/api/requests");
        if list["evicted"] == 2 || Instant::now() > deadline {
            break list;
        }
        std::thread::sleep(Duration::from_millis(30));
    };
    let seqs: Vec<_> = list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [3, 4, 5], "{list}");
    assert_eq!(list["evicted"], 2);
    assert_eq!(ui.get("/api/requests/1").0, 404);

    // 150 bytes of budget: two 90-byte bodies do not fit together; a 200-byte one not at all.
    let ui = Ui::start(&["--ui-body-budget", "150"]);
    let sized = |n: usize| {
        format!(
            "{{\"event\":\"message.sent\",\"pad\":\"{}\"}}",
            "x".repeat(n)
        )
    };
    let (a, b, big) = (sized(57), sized(58), sized(169));
    assert_eq!((a.len(), b.len(), big.len()), (90, 91, 202));
    for x in [&a, &b, &big] {
        assert_eq!(ui.post(x.as_bytes(), &[]), 200);
    }
    let deadline = Instant::now() + WAIT;
    let list = loop {
        let (_, list) = ui.get("/api/requests");
        if list["evicted"] == 1 && list["requests"].as_array().unwrap().len() == 2 {
            break list;
        }
        assert!(Instant::now() < deadline, "{list}");
        std::thread::sleep(Duration::from_millis(30));
    };
    assert_eq!(list["requests"][0]["seq"], 2, "{list}");
    let (_, kept) = ui.get("/api/requests/2");
    assert_eq!(kept["body"], b.as_str());
    let (_, over) = ui.get("/api/requests/3");
    assert_eq!(over["body_kept"], false, "a body over the whole budget");
    assert_eq!(over["body"], "");
    assert_eq!(over["body_bytes"], 202);
}

#[test]
fn inspector_flags_need_ui_and_a_wide_address_is_warned_about() {
    let out = crate::support::cli::ocw()
        .args([
            "listen",
            "127.0.0.1:0",
            "--ui-history",
            "5",
            "--timeout",
            "1s",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--ui"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = crate::support::cli::ocw()
        .args(["listen", "127.0.0.1:0", "--ui=0.0.0.0:0", "--timeout", "1s"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: the inspector on 0.0.0.0:")
            && err.contains("is reachable from other machines"),
        "{err}"
    );
}
