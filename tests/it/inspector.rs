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
    // Read the head, then as many bytes as it declares: not every server (chromedriver) closes
    // the connection after its answer.
    let mut reader = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let length = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse::<usize>().ok())
            .flatten()
    });
    let mut resp = Vec::new();
    match length {
        Some(n) => {
            resp.resize(n, 0);
            reader.read_exact(&mut resp).expect("the declared body");
        }
        None => {
            let _ = reader.read_to_end(&mut resp);
        }
    }
    let body = String::from_utf8_lossy(&resp);
    let text = format!("{head}\r\n{body}");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {text:?}"));
    (status, head.to_ascii_lowercase(), body.into_owned())
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
    type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case<'_>> = vec![
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

// ---------------------------------------------------------------------------------------------
// The page in a real browser: headless Chromium through chromedriver (W3C WebDriver over plain
// HTTP). Skipped without Chromium unless OCW_BROWSER_TEST is set (then a missing browser fails).
// ---------------------------------------------------------------------------------------------

/// A chromedriver process and one browser session, both ended when dropped.
struct Browser {
    driver: Child,
    addr: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &str, chromedriver: &str) -> Self {
        let port = crate::support::cli::closed_port();
        let addr = format!("127.0.0.1:{port}");
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn chromedriver");
        let profile = tempfile::tempdir().unwrap();
        let mut b = Browser {
            driver,
            addr,
            session: String::new(),
            _profile: profile,
        };
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(&b.addr).is_err() {
            assert!(Instant::now() < deadline, "chromedriver never listened");
            std::thread::sleep(Duration::from_millis(50));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([format!("--user-data-dir={}", b._profile.path().display())])
        .collect::<Vec<_>>();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
        }}});
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_owned();
        b
    }

    /// One WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let (status, _, text) = http(
            &self.addr,
            method,
            path,
            &[("content-type", "application/json")],
            body.as_bytes(),
        );
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(status, 200, "WebDriver {method} {path}: {text}");
        v["value"].clone()
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn script(&self, js: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": js, "args": [] })),
        )
    }

    /// Poll a script until it returns something truthy.
    fn until(&self, what: &str, js: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self.script(js);
            if !(v.is_null() || v == false || v == "") {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// An element's WebDriver reference, by CSS selector.
    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_owned()
    }

    /// Real key presses into an element (as a user types them).
    fn keys(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("/element/{id}/click"), Some(json!({})));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                &self.addr,
                "DELETE",
                &format!("/session/{}", self.session),
                &[],
                b"",
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn on_path(name: &str) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
}

#[test]
fn browser_shows_a_request_live_opens_it_replays_it_and_never_runs_its_markup() {
    let required = std::env::var_os("OCW_BROWSER_TEST").is_some_and(|v| !v.is_empty());
    let (Some(chromium), Some(chromedriver)) = (on_path("chromium"), on_path("chromedriver"))
    else {
        assert!(
            !required,
            "OCW_BROWSER_TEST is set but chromium or chromedriver is not installed (tests/browser/install.sh)"
        );
        eprintln!("skipped: chromium not installed (tests/browser/install.sh installs it)");
        return;
    };
    let started = Instant::now();
    let app = Endpoint::start(Behavior::default());
    let ui = Ui::start(&["--forward-to", &app.url("/app")]);
    let browser = Browser::start(&chromium, &chromedriver);
    browser.cmd(
        "POST",
        "/url",
        Some(json!({ "url": format!("http://{}/", ui.ui) })),
    );
    browser.until(
        "the live feed",
        "return document.getElementById('conn').textContent === 'live'",
    );
    assert_eq!(browser.script("return document.title"), "ocw inspector");

    // A request sent by `ocw send` appears without a reload; its body tries to run script.
    let hostile = "<script>window.__pwned=1;document.title='pwned'</script><img src=x onerror=\"window.__pwned=2;document.title='pwned'\">";
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hostile.json");
    std::fs::write(
        &data,
        json!({ "event": "message.received", "conversation_id": "conv_b", "text": hostile })
            .to_string(),
    )
    .unwrap();
    let out = crate::support::cli::ocw()
        .args(["send", "message.received", "--data"])
        .arg(&data)
        .args(["--to", &format!("http://{}/webhooks", ui.hook)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    browser.until(
        "the row of request #1",
        "return document.querySelector('#rows tr[data-seq=\"1\"]') !== null",
    );
    assert_eq!(
        browser.script("return performance.getEntriesByType('navigation').length"),
        1
    );
    let row =
        browser.script("return document.querySelector('#rows tr[data-seq=\"1\"]').textContent");
    assert!(row.as_str().unwrap().contains("message.received"), "{row}");

    // Opened from the keyboard: Enter on the focused row.
    browser.script("document.querySelector('#rows tr[data-seq=\"1\"]').focus()");
    browser.keys("#rows tr[data-seq=\"1\"]", "\u{E007}");
    let shown = browser.until(
        "the body view",
        "const p = document.getElementById('body-view'); return p && p.textContent",
    );
    assert!(
        shown
            .as_str()
            .unwrap()
            .contains(hostile.split('>').next().unwrap()),
        "{shown}"
    );
    let raw_tab = browser.find("#view-raw");
    browser.cmd(
        "POST",
        &format!("/element/{raw_tab}/click"),
        Some(json!({})),
    );
    let raw = browser.script("return document.getElementById('body-view').textContent");
    assert!(
        raw.as_str()
            .unwrap()
            .contains(&hostile.replace('"', "\\\"")),
        "{raw}"
    );
    // Shown as text, never run: no element came of it, the title and the global are untouched.
    let probe = browser.script(
        "return [document.title, typeof window.__pwned, document.querySelectorAll('#detail img, #detail script, #rows img, #rows script').length]",
    );
    assert_eq!(probe, json!(["ocw inspector", "undefined", 0]));

    // Replay to the --forward-to target (the URL box left empty).
    browser.click("#replay-go");
    let status = browser.until(
        "the replay's outcome",
        "const r = document.getElementById('replay-result'); return r && r.dataset.status",
    );
    assert_eq!(status, "200");
    let got = app.requests();
    assert_eq!(got.len(), 2, "forwarded, then replayed");
    assert_eq!(got[1].body, got[0].body, "the same bytes");

    // j / k move between rows.
    assert_eq!(ui.post(body("lead.qualified", 2).as_bytes(), &[]), 200);
    browser.until(
        "the row of request #2",
        "return document.querySelector('#rows tr[data-seq=\"2\"]') !== null",
    );
    browser.keys("#rows tr[data-seq=\"1\"]", "k");
    browser.until(
        "request #2 opened by k",
        "const h = document.querySelector('#detail h2'); return h && h.textContent.startsWith('#2 ')",
    );
    let probe = browser.script("return [document.title, typeof window.__pwned]");
    assert_eq!(probe, json!(["ocw inspector", "undefined"]));
    eprintln!("browser test took {:?}", started.elapsed());
}
