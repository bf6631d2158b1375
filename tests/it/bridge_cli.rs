//! `ocw bridge` from the command line: settings saved to
//! bridge.json, the background daemon's start/status/stop, stale pid files, UID persistence,
//! the QR payload, Gateway discovery as `run` reports it, and SIGTERM handling.
//!
//! Every test has its own state directory (OPENCLAW_STATE_DIR and HOME in a tempdir), points the
//! relay and the Gateway at closed loopback ports (the bridge retries them forever, which is
//! expected), and stops whatever it started in a Drop guard, also when an assertion fails.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::cli::{closed_port, ocw, stderr_of, stdout_of};

const UID: &str = "test-uid-0123456789abcdef";
const WAIT: Duration = Duration::from_secs(20);

/// A private state directory, and the daemon (if any) stopped on drop.
struct Bridge {
    tmp: tempfile::TempDir,
    relay_port: u16,
    gateway_port: u16,
    /// Processes to end on drop (foreign `sleep`s, foreground bridges).
    children: Vec<Child>,
}

impl Bridge {
    fn new() -> Self {
        Self {
            tmp: tempfile::tempdir().unwrap(),
            relay_port: closed_port(),
            gateway_port: closed_port(),
            children: Vec::new(),
        }
    }

    /// Not created in advance: ocw must create it (0700).
    fn state(&self) -> PathBuf {
        self.tmp.path().join("state")
    }

    fn file(&self, name: &str) -> PathBuf {
        self.state().join(name)
    }

    fn relay_url(&self) -> String {
        format!("ws://127.0.0.1:{}/ws", self.relay_port)
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("OPENCLAW_STATE_DIR", self.state().display().to_string()),
            ("HOME", self.tmp.path().join("home").display().to_string()),
            (
                "OPENCLAW_GATEWAY_URL",
                format!("ws://127.0.0.1:{}/", self.gateway_port),
            ),
        ]
    }

    /// `ocw` with this bridge's environment.
    fn ocw(&self) -> assert_cmd::Command {
        let mut cmd = ocw();
        cmd.envs(self.env()).write_stdin("");
        cmd
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.ocw().args(args).output().unwrap()
    }

    fn pid(&self) -> Option<u32> {
        let text = std::fs::read_to_string(self.file("bridge.pid")).ok()?;
        text.lines().next()?.trim().parse().ok()
    }

    fn bridge_json(&self) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.file("bridge.json")).unwrap()).unwrap()
    }

    /// A foreground `ocw bridge run ARGS`, its stdout and stderr read on threads.
    fn spawn_run(&mut self, args: &[&str]) -> Running {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("ocw"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .envs(self.env())
            .args(["bridge", "run"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let out = lines(child.stdout.take().unwrap());
        let err = lines(child.stderr.take().unwrap());
        let pid = child.id();
        self.children.push(child);
        Running { pid, out, err }
    }

    fn child(&mut self, pid: u32) -> &mut Child {
        self.children.iter_mut().find(|c| c.id() == pid).unwrap()
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        if let Some(pid) = self.pid() {
            let stopped = self
                .ocw()
                .args(["bridge", "stop"])
                .timeout(Duration::from_secs(20))
                .output();
            // `stop` checks the pid is our bridge; if it failed, end a bridge of ours by hand.
            if !stopped.is_ok_and(|o| o.status.success()) && is_ocw_bridge(pid) {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
        }
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn is_ocw_bridge(pid: u32) -> bool {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|c| {
            let args: Vec<&[u8]> = c.split(|b| *b == 0).collect();
            args.contains(&&b"bridge"[..]) && args.contains(&&b"run"[..])
        })
        .unwrap_or(false)
}

/// A foreground bridge's pid and output lines.
struct Running {
    pid: u32,
    out: mpsc::Receiver<String>,
    err: mpsc::Receiver<String>,
}

fn lines(stream: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Collect lines until one matches, or fail after WAIT with what was seen.
fn wait_for(rx: &mpsc::Receiver<String>, seen: &mut Vec<String>, pred: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let hit = pred(&line);
                seen.push(line);
                if hit {
                    return;
                }
            }
            Err(_) => panic!(
                "no matching line within {WAIT:?}; got:\n{}",
                seen.join("\n")
            ),
        }
    }
}

fn drain(rx: &mpsc::Receiver<String>, seen: &mut Vec<String>) {
    // The process has exited: the reader ends with its pipe.
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) {
        seen.push(line);
    }
}

fn sigterm(pid: u32) {
    let ok = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -TERM {pid}");
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "process did not exit within {WAIT:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn alive(pid: u32) -> bool {
    // A zombie (exited, not yet reaped) counts as gone.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            let after = &s[s.rfind(')').unwrap() + 1..];
            !after.trim_start().starts_with('Z')
        })
        .unwrap_or(false)
}

#[test]
fn start_without_settings_fails_clearly_and_writes_nothing() {
    let b = Bridge::new();
    let out = b.run(&["bridge", "start"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("no webhook_url") && err.contains("ocw bridge start webhook_url=ws://"),
        "{err}"
    );
    assert!(!b.state().exists(), "nothing is written on a refused start");
}

#[test]
fn bad_settings_are_refused_with_the_key_named() {
    let b = Bridge::new();
    for (arg, expect) in [
        ("webhook_url=http://127.0.0.1:1/ws", "ws://"),
        ("uid=too-short", "at least 16"),
        ("session_scope=everyone", "per-sender, global, explicit"),
        ("frames=raw", "legacy, gateway"),
        ("webhok_url=ws://x/", "did you mean webhook_url"),
        ("queue_limit=lots", "queue_limit"),
    ] {
        let out = b.run(&["bridge", "start", arg]);
        assert_eq!(out.status.code(), Some(2), "{arg}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(expect),
            "{arg}: {}",
            stderr_of(&out)
        );
    }
    let url = b.relay_url();
    let out = b.run(&[
        "bridge",
        "start",
        &format!("webhook_url={url}"),
        &format!("uid={UID}"),
        &format!("agent_id={UID}"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("uid equals agent_id"),
        "{}",
        stderr_of(&out)
    );
    assert!(!b.state().exists());
}

#[test]
fn start_status_stop_lifecycle() {
    let b = Bridge::new();
    let url = b.relay_url();
    let out = b.run(&[
        "bridge",
        "start",
        &format!("webhook_url={url}"),
        &format!("uid={UID}"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let stdout = stdout_of(&out);
    let pid = b.pid().expect("a pid file");
    assert!(
        stdout.contains(&format!("Started (PID {pid}), log: ")),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("Bridge UID: {UID}")), "{stdout}");
    assert!(
        stdout.contains(&format!(r#"QR payload: {{"uid":"{UID}","wsUrl":"{url}"}}"#)),
        "{stdout}"
    );
    assert!(alive(pid));

    #[cfg(unix)]
    {
        assert_eq!(mode(&b.state()), 0o700, "state dir");
        assert_eq!(mode(&b.file("bridge.json")), 0o600, "bridge.json");
        assert_eq!(mode(&b.file("bridge.pid")), 0o600, "bridge.pid");
        assert_eq!(mode(&b.file("bridge.log")), 0o600, "bridge.log");
    }
    let saved = b.bridge_json();
    assert_eq!(saved["webhook_url"], url.as_str());
    assert_eq!(saved["uid"], UID);

    let out = b.run(&["bridge", "status"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout_of(&out).starts_with(&format!("Running (PID {pid}), ")),
        "{}",
        stdout_of(&out)
    );

    let out = b.run(&["bridge", "status", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let status: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(status["running"], true);
    assert_eq!(status["pid"], pid);
    assert_eq!(status["uid"], UID);
    assert_eq!(status["webhook_url"], url.as_str());
    assert!(status["log"].as_str().unwrap().ends_with("bridge.log"));
    assert!(status["config"].as_str().unwrap().ends_with("bridge.json"));

    // `status` also says how the connections are doing: here both ports are closed, so both
    // sides never connected and are retrying (bounded wait for the first attempts).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let status = loop {
        let out = b.run(&["bridge", "status", "--json"]);
        let status: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        let both = !status["relay"].is_null() && !status["gateway"].is_null();
        if both || std::time::Instant::now() > deadline {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let relay = &status["relay"];
    assert_eq!(relay["event"], "relay_disconnected", "{relay}");
    assert!(relay["at"].is_string(), "{relay}");
    assert!(relay["connected_at"].is_null(), "never connected: {relay}");
    assert_eq!(
        status["gateway"]["event"], "gateway_disconnected",
        "{status}"
    );
    let out = b.run(&["bridge", "status"]);
    assert_eq!(out.status.code(), Some(0));
    insta::with_settings!({filters => vec![
        (r"PID \d+", "PID [pid]"),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "[time]"),
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
    ]}, {
        insta::assert_snapshot!("bridge_status_not_connected", stdout_of(&out));
    });

    // The background log says how to stop it (no Ctrl-C: nobody is at its terminal); `logs`
    // prints it, `-n` the last lines.
    let out = b.run(&["bridge", "logs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let log = stdout_of(&out);
    assert!(log.contains("`ocw bridge stop` to stop"), "{log}");
    assert!(!log.contains("Ctrl-C"), "{log}");
    let out = b.run(&["bridge", "logs", "-n", "1"]);
    assert_eq!(stdout_of(&out).lines().count(), 1, "{}", stdout_of(&out));
    assert_eq!(
        stdout_of(&out).lines().next(),
        log.lines().last(),
        "the last line"
    );
    #[cfg(unix)]
    assert_eq!(
        mode(&b.file("bridge.status.json")),
        0o600,
        "bridge.status.json"
    );

    let out = b.run(&["bridge", "start"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains(&format!("Already running (PID {pid})")));

    // `logs -f` follows the log and ends by itself once the bridge has stopped.
    let follower = std::process::Command::new(assert_cmd::cargo::cargo_bin!("ocw"))
        .args(["bridge", "logs", "-f"])
        .envs(b.env())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = b.run(&["bridge", "stop"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out).trim(), "Stopped");
    let followed = {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || tx.send(follower.wait_with_output()));
        rx.recv_timeout(std::time::Duration::from_secs(20))
            .expect("logs -f ends once the bridge stopped")
            .unwrap()
    };
    assert_eq!(followed.status.code(), Some(0));
    assert!(
        stdout_of(&followed).lines().any(|l| l.ends_with("stopped")),
        "followed to the end: {}",
        stdout_of(&followed)
    );
    assert!(
        stderr_of(&followed).contains("the bridge is not running"),
        "{}",
        stderr_of(&followed)
    );
    assert!(!alive(pid), "the bridge exited");
    assert!(!b.file("bridge.pid").exists());
    assert!(!b.file("bridge.status.json").exists(), "removed on stop");
    let log = std::fs::read_to_string(b.file("bridge.log")).unwrap();
    assert!(
        log.contains("stopped"),
        "the daemon stopped gracefully:\n{log}"
    );

    let out = b.run(&["bridge", "stop"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out).trim(), "Not running");

    let out = b.run(&["bridge", "status", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let status: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(status["running"], false);
    assert_eq!(status["pid"], Value::Null);
}

/// `start`, `status`, `stop` with `--json`, running: the shapes pinned and validated.
#[test]
fn json_shapes_while_running() {
    use crate::json_shapes::{shape, validate};
    // (`shape` keeps keys and types: every bool reads `false`, every number `0`.)
    let b = Bridge::new();
    let url = b.relay_url();
    let json = |args: &[&str], command: &str| {
        let out = b.run(args);
        let v: Value = serde_json::from_str(&stdout_of(&out))
            .unwrap_or_else(|e| panic!("one JSON document ({e}): {}", stdout_of(&out)));
        validate(command, &v);
        (out.status.code(), shape(&v).to_string())
    };
    let webhook_url = format!("webhook_url={url}");
    let started = json(&["bridge", "start", "--json", &webhook_url], "bridge start");
    assert_eq!(
        started,
        (
            Some(0),
            r#"{"type":"bridge_start","started":false,"pid":0,"log":"<s>","config":"<s>","uid":"<s>","webhook_url":"<s>","qr_payload":"<s>"}"#
                .to_owned()
        )
    );
    let again = json(&["bridge", "start", "--json"], "bridge start");
    assert_eq!(
        again,
        (
            Some(1),
            r#"{"type":"bridge_start","started":false,"running":false,"pid":0}"#.to_owned()
        )
    );
    let (code, status) = json(&["bridge", "status", "--json"], "bridge status");
    assert_eq!(code, Some(0));
    assert!(
        status.starts_with(r#"{"type":"bridge_status","running":false,"pid":0,"log":"<s>","config":"<s>","uid":"<s>","webhook_url":"<s>","#),
        "{status}"
    );
    let stopped = json(&["bridge", "stop", "--json"], "bridge stop");
    assert_eq!(
        stopped,
        (
            Some(0),
            r#"{"type":"bridge_stop","stopped":false,"pid":0}"#.to_owned()
        )
    );
}

#[test]
fn restart_applies_new_settings() {
    let b = Bridge::new();
    let url = b.relay_url();
    // Not running yet: restart simply starts.
    let out = b.run(&["bridge", "restart", &format!("--webhook-url={url}")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let first = b.pid().unwrap();
    let out = b.run(&[
        "bridge",
        "restart",
        "--session-scope",
        "global",
        "frames=gateway",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let second = b.pid().unwrap();
    assert_ne!(first, second);
    assert!(!alive(first));
    let saved = b.bridge_json();
    assert_eq!(saved["session_scope"], "global");
    assert_eq!(saved["frames"], "gateway");
    assert_eq!(saved["webhook_url"], url.as_str());
}

#[test]
fn a_stale_pid_file_of_a_foreign_process_is_never_signalled() {
    let mut b = Bridge::new();
    std::fs::create_dir_all(b.state()).unwrap();
    let sleeper = Command::new("sleep").arg("30").spawn().unwrap();
    let pid = sleeper.id();
    b.children.push(sleeper);
    std::fs::write(b.file("bridge.pid"), format!("{pid}\n")).unwrap();

    let out = b.run(&["bridge", "status"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out).trim(), "Not running");

    let out = b.run(&["bridge", "stop"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out).trim(), "Not running");
    assert!(
        stderr_of(&out).contains("not signalling"),
        "{}",
        stderr_of(&out)
    );
    assert!(
        !b.file("bridge.pid").exists(),
        "the stale pid file is removed"
    );
    assert!(
        b.child(pid).try_wait().unwrap().is_none(),
        "the foreign process was not signalled"
    );

    // A stale file does not block a start either.
    std::fs::write(b.file("bridge.pid"), format!("{pid}\n")).unwrap();
    let url = b.relay_url();
    let out = b.run(&["bridge", "start", &format!("webhook_url={url}")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("not signalling"),
        "{}",
        stderr_of(&out)
    );
    assert_ne!(b.pid(), Some(pid));
    assert!(b.child(pid).try_wait().unwrap().is_none());
}

#[test]
fn uid_is_generated_once_and_unknown_keys_survive() {
    let mut b = Bridge::new();
    std::fs::create_dir_all(b.state()).unwrap();
    let url = b.relay_url();
    std::fs::write(
        b.file("bridge.json"),
        format!(r#"{{"future_key":{{"nested":[1,2]}},"webhook_url":"{url}","note":"keep me"}}"#),
    )
    .unwrap();

    let mut uids = Vec::new();
    for _ in 0..2 {
        let run = b.spawn_run(&["--json"]);
        let mut out = Vec::new();
        wait_for(&run.out, &mut out, |l| l.starts_with('{'));
        sigterm(run.pid);
        let status = wait_exit(b.child(run.pid));
        assert_eq!(status.code(), Some(0));
        drain(&run.out, &mut out);
        let last: Value = serde_json::from_str(out.last().unwrap()).unwrap();
        assert_eq!(
            last,
            serde_json::json!({"type": "bridge_event", "event": "stopped"}),
            "{out:?}"
        );
        for line in &out {
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("stdout is NDJSON only ({e}): {line:?}"));
            assert!(v["event"].is_string(), "{line}");
            crate::json_shapes::validate("bridge run", &v);
        }
        let saved = b.bridge_json();
        assert_eq!(saved["future_key"], serde_json::json!({"nested": [1, 2]}));
        assert_eq!(saved["note"], "keep me");
        uids.push(saved["uid"].as_str().unwrap().to_string());
    }
    assert_eq!(uids[0], uids[1], "the UID persists");
    assert!(uids[0].len() >= 16);

    // `run KEY=VALUE` saves, and still keeps the unknown keys.
    let run = b.spawn_run(&["agent_id=ops"]);
    let mut err = Vec::new();
    wait_for(&run.err, &mut err, |l| l.contains("to stop"));
    sigterm(run.pid);
    assert_eq!(wait_exit(b.child(run.pid)).code(), Some(0));
    let saved = b.bridge_json();
    assert_eq!(saved["agent_id"], "ops");
    assert_eq!(saved["note"], "keep me");
    assert_eq!(saved["uid"], uids[0].as_str());
}

#[test]
fn run_discovers_the_gateway_from_openclaw_json_and_never_prints_secrets() {
    let mut b = Bridge::new();
    std::fs::create_dir_all(b.state()).unwrap();
    let port = closed_port();
    std::fs::write(
        b.file("openclaw.json"),
        format!(
            "// OpenClaw's config is JSON5\n{{\n  gateway: {{\n    port: {port}, // a comment\n    auth: {{ mode: 'token', token: {{ source: 'env', provider: 'default', id: 'MY_GW_TOKEN' }}, }},\n  }},\n}}\n"
        ),
    )
    .unwrap();
    let url = b.relay_url();
    let secret = "super-secret-gateway-token";
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("ocw"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .env("OPENCLAW_STATE_DIR", b.state())
        .env("HOME", b.tmp.path())
        .env("MY_GW_TOKEN", secret)
        .args(["-v", "bridge", "run", &format!("webhook_url={url}")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let pid = child.id();
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    b.children.push(child);
    let mut seen = Vec::new();
    wait_for(&err, &mut seen, |l| l.contains("to stop"));
    let banner = seen.last().unwrap().clone();
    assert!(
        banner.contains(&format!("gateway ws://127.0.0.1:{port}/")),
        "{banner}"
    );
    assert!(banner.contains("token from gateway.auth.token"), "{banner}");
    // Let the bridge try (and fail) to connect a few times, then stop it.
    std::thread::sleep(Duration::from_millis(1500));
    sigterm(pid);
    assert_eq!(wait_exit(b.child(pid)).code(), Some(0));
    drain(&err, &mut seen);
    let mut stdout = Vec::new();
    drain(&out, &mut stdout);
    let all = format!("{}\n{}", seen.join("\n"), stdout.join("\n"));
    assert!(!all.contains(secret), "the token leaked:\n{all}");
    assert!(all.contains("stopped"), "{all}");
    let saved = std::fs::read_to_string(b.file("bridge.json")).unwrap();
    assert!(!saved.contains(secret));
}

#[test]
fn run_refuses_a_broken_openclaw_json() {
    let b = Bridge::new();
    std::fs::create_dir_all(b.state()).unwrap();
    std::fs::write(b.file("openclaw.json"), "{ gateway: { port: 'x' } }").unwrap();
    let url = b.relay_url();
    let out = b
        .ocw()
        .env_remove("OPENCLAW_GATEWAY_URL")
        .args(["bridge", "run", &format!("webhook_url={url}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("openclaw.json") && err.contains("gateway.port"),
        "{err}"
    );
    // Nothing was saved: the settings were refused as a whole.
    assert!(!b.file("bridge.json").exists());
}

#[test]
fn bridge_help_teaches() {
    let out = ocw().args(["bridge", "start", "--help"]).output().unwrap();
    let help = stdout_of(&out);
    for needle in [
        "Examples:",
        "webhook_url=ws://",
        "session_scope",
        "reconnect_initial_ms",
        "bridge.json",
        "OPENCLAW_GATEWAY_TOKEN",
        "Exit codes",
        "--webhook-url",
    ] {
        assert!(help.contains(needle), "missing {needle:?} in:\n{help}");
    }
    let out = ocw().args(["bridge", "--help"]).output().unwrap();
    let help = stdout_of(&out);
    for cmd in ["start", "run", "stop", "restart", "status"] {
        assert!(help.contains(cmd), "{help}");
    }
    ocw().args(["bridge"]).assert().code(2);
}
