//! The README's shell examples, run: every ```` ```sh ```` block of README.md is executed by bash
//! (`set -euo pipefail`) with the freshly built `ocw` first on PATH, in a fresh HOME and working
//! directory, and must exit 0, so the examples stay true when pasted.
//!
//! What a block may assume, as a reader would after the quick start: `OCW_SECRET` and `URL` are
//! set, and `URL` reaches a running `ocw listen` (the test starts one on an OS-chosen port).
//! To stay hermetic and avoid fixed ports the text is adjusted in three documented ways (see the
//! README's "Development" section):
//! - `:3000` becomes a free port: a new one when the block starts its own `ocw listen :3000 &`,
//!   else the test's listener;
//! - a background `ocw listen ... &` gets `--ready-file` and a bounded wait after it, so the next
//!   line does not race the listener's bind;
//! - the bridge's relay (`:8080`) and Gateway (`OPENCLAW_GATEWAY_URL`) are a closed loopback
//!   port, so no server that happens to run on this machine is talked to.
//!
//! HTML comments right before a block (invisible on GitHub) say more:
//! `<!-- readme-test: skip: REASON -->` (the block is only syntax-checked with `bash -n`),
//! `<!-- readme-test: exit: N -->` (the block is meant to exit N), and
//! `<!-- readme-test: expect: TEXT -->` (TEXT appears in its stdout or stderr). A comment
//! `# → TEXT` at the end of a line is an expectation too. In TEXT, `...` stands for anything and
//! runs of spaces match any run of whitespace, so timings and column widths do not matter.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use std::os::unix::process::CommandExt;

/// A generous bound for one block: the slowest (the retry example) takes about 4 s.
const BLOCK_TIMEOUT: Duration = Duration::from_secs(40);
/// The quick start's secret, given to every block as the quick start leaves it exported.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const PREFIX: &str = "readme-test:";

/// One ```` ```sh ```` block and the directives before it.
#[derive(Debug, Default)]
struct Block {
    /// The README line of the opening fence (1-based).
    line: usize,
    code: String,
    skip: Option<String>,
    exit: i32,
    expect: Vec<String>,
}

/// The `sh` blocks of `text`, with their directives; errors for a malformed or stray directive.
fn parse(text: &str) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let mut pending = Block::default();
    let mut pending_line = None;
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("<!--") {
            let Some(body) = rest.trim_start().strip_prefix(PREFIX) else {
                continue;
            };
            let body = body
                .trim()
                .strip_suffix("-->")
                .ok_or(format!(
                    "README.md:{}: directive not closed on its line",
                    i + 1
                ))?
                .trim();
            apply_directive(&mut pending, body).map_err(|e| format!("README.md:{}: {e}", i + 1))?;
            pending_line.get_or_insert(i + 1);
            continue;
        }
        if let Some(info) = trimmed.strip_prefix("```") {
            let mut code = String::new();
            for (_, l) in lines.by_ref() {
                if l.trim() == "```" {
                    break;
                }
                code.push_str(l);
                code.push('\n');
            }
            if info.trim() == "sh" {
                let mut block = std::mem::take(&mut pending);
                block.line = i + 1;
                block.code = code;
                blocks.push(block);
                pending_line = None;
            } else if let Some(at) = pending_line {
                return Err(format!(
                    "README.md:{at}: directive before a ```{info} block, not ```sh"
                ));
            }
            continue;
        }
        if !trimmed.is_empty()
            && let Some(at) = pending_line
        {
            return Err(format!(
                "README.md:{at}: directive not followed by a ```sh block"
            ));
        }
    }
    match pending_line {
        Some(at) => Err(format!(
            "README.md:{at}: directive not followed by a ```sh block"
        )),
        None => Ok(blocks),
    }
}

fn apply_directive(block: &mut Block, body: &str) -> Result<(), String> {
    let (key, value) = body
        .split_once(':')
        .map(|(k, v)| (k.trim(), v.trim()))
        .ok_or(format!(
            "expected `{PREFIX} skip|exit|expect: ...`, got `{body}`"
        ))?;
    match key {
        "skip" if !value.is_empty() => block.skip = Some(value.to_owned()),
        "skip" => return Err("a skip needs a reason".into()),
        "exit" => block.exit = value.parse().map_err(|_| format!("exit code `{value}`"))?,
        "expect" if !value.is_empty() => block.expect.push(value.to_owned()),
        _ => return Err(format!("unknown or empty directive `{body}`")),
    }
    Ok(())
}

/// The `# → TEXT` (or `# -> TEXT`) comments of a block: what its lines print.
fn inline_expectations(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|l| {
            let (_, rest) = l.split_once("# →").or_else(|| l.split_once("# ->"))?;
            let text = rest.trim();
            // "(exit 1)" and the like describe the exit code, which `exit:` checks.
            let text = text.strip_suffix("(exit 1)").unwrap_or(text).trim();
            (!text.is_empty()).then(|| text.to_owned())
        })
        .collect()
}

/// Whether `haystack` contains `pattern`, where `...` in the pattern is any text and whitespace
/// runs match any whitespace run.
fn matches(haystack: &str, pattern: &str) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let haystack = squash(haystack);
    let mut from = 0;
    for piece in pattern.split("...") {
        let piece = squash(piece);
        match haystack[from..].find(&piece) {
            Some(at) => from += at + piece.len(),
            None => return false,
        }
    }
    true
}

/// The port `:3000` stands for, and the block's text with the adjustments the module doc lists.
fn prepare(block: &Block, shared_port: u16, closed_port: u16, ready_dir: &Path) -> (String, u16) {
    let starts_own_listener = block.code.lines().any(|l| {
        background_command(l).is_some_and(|c| c.starts_with("ocw listen") && c.contains(":3000"))
    });
    let port = if starts_own_listener {
        free_port()
    } else {
        shared_port
    };
    // The trap stops and reaps the block's background jobs (listeners) when it ends, as closing
    // the terminal would; the process-group kill afterwards is the backstop.
    let mut script =
        String::from("trap 'set +e; kill $(jobs -p) 2>/dev/null; wait' EXIT\nset -euo pipefail\n");
    for (n, line) in block.code.lines().enumerate() {
        let line = line
            .replace(":3000", &format!(":{port}"))
            .replace(":8080", &format!(":{closed_port}"));
        match background_command(&line) {
            Some(cmd) if cmd.starts_with("ocw listen") && !cmd.contains("--ready-file") => {
                let ready = ready_dir.join(format!("ready-{}-{n}", block.line));
                let ready = ready.display();
                script.push_str(&format!("{cmd} --ready-file '{ready}' &\n"));
                // Bounded: 20 s, then the next line fails on its own.
                script.push_str(&format!(
                    "for _ in $(seq 200); do [ -s '{ready}' ] && break; sleep 0.1; done\n"
                ));
            }
            _ => {
                script.push_str(&line);
                script.push('\n');
            }
        }
    }
    (script, port)
}

/// The command of a line that runs it in the background (`cmd &`, maybe with a comment after).
fn background_command(line: &str) -> Option<&str> {
    let line = line.trim();
    let code = match line.find(" #") {
        Some(at) => &line[..at],
        None => line,
    };
    code.trim_end().strip_suffix(" &").map(str::trim)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// The directory of the freshly built binary, to put first on PATH.
fn bin_dir() -> PathBuf {
    let bin = assert_cmd::cargo::cargo_bin!("ocw");
    bin.parent().expect("the binary's directory").to_path_buf()
}

/// The environment every block and the shared listener get: nothing from the developer's shell
/// but PATH (with ocw first).
fn base_command(program: &str, home: &Path, cwd: &Path, closed_port: u16) -> Command {
    let path = std::env::join_paths(std::iter::once(bin_dir()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .env("LANG", "C.UTF-8")
        .env("OCW_SECRET", SECRET)
        .env(
            "OPENCLAW_GATEWAY_URL",
            format!("ws://127.0.0.1:{closed_port}"),
        )
        .current_dir(cwd)
        .stdin(Stdio::null())
        // Its own process group, so that whatever it leaves in the background is stopped with it.
        .process_group(0);
    cmd
}

/// Wait for `child` at most `timeout`; then stop its whole process group (background jobs
/// included) in any case. `None` when it timed out.
fn wait_bounded(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    let status = loop {
        match child.try_wait().expect("waiting for a child") {
            Some(status) => break Some(status),
            None if start.elapsed() > timeout => break None,
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    stop_group(child);
    status
}

fn stop_group(child: &mut Child) {
    use rustix::process::{Pid, Signal, kill_process_group, test_kill_process_group};
    let pgid = Pid::from_raw(child.id() as i32).expect("a child's pid is positive");
    // TERM first (a listener finishes its requests in flight), then KILL what is left after a
    // second. Usually nothing is: the block's EXIT trap has stopped and reaped its jobs.
    if kill_process_group(pgid, Signal::TERM).is_ok() {
        let deadline = Instant::now() + Duration::from_secs(1);
        // Bounded: an orphan that exited may linger as a zombie until something reaps it.
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
            if test_kill_process_group(pgid).is_err() {
                break; // ESRCH: the group is empty
            }
        }
        let _ = kill_process_group(pgid, Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The `ocw listen` that `URL` points at, stopped when dropped.
struct SharedListener {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl SharedListener {
    fn start(closed_port: u16) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let ready = dir.path().join("url.txt");
        let mut cmd = base_command("ocw", dir.path(), dir.path(), closed_port);
        cmd.args(["listen", "0", "--compact", "--ready-file"])
            .arg(&ready)
            .stdout(File::create(dir.path().join("stdout")).expect("listener stdout"))
            .stderr(File::create(dir.path().join("stderr")).expect("listener stderr"));
        let mut child = cmd.spawn().expect("starting ocw listen");
        let start = Instant::now();
        let url = loop {
            match std::fs::read_to_string(&ready) {
                Ok(url) if !url.trim().is_empty() => break url.trim().to_owned(),
                _ if start.elapsed() > Duration::from_secs(20) => {
                    stop_group(&mut child);
                    panic!("the shared ocw listen did not write its ready file within 20 s");
                }
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        };
        let port = url
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("a port in the ready file's URL {url:?}"));
        Self {
            child,
            port,
            _dir: dir,
        }
    }
}

impl Drop for SharedListener {
    fn drop(&mut self) {
        stop_group(&mut self.child);
    }
}

/// Run one block; `Err` says what went wrong, with its output.
fn run_block(block: &Block, listener: &SharedListener, closed_port: u16) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (home, work) = (dir.path().join("home"), dir.path().join("work"));
    for d in [&home, &work] {
        std::fs::create_dir(d).map_err(|e| e.to_string())?;
    }
    let (script, port) = prepare(block, listener.port, closed_port, dir.path());
    let script_path = dir.path().join("block.sh");
    std::fs::write(&script_path, &script).map_err(|e| e.to_string())?;
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut cmd = base_command("bash", &home, &work, closed_port);
    cmd.arg(&script_path)
        .env(
            "URL",
            format!("http://127.0.0.1:{}/webhooks/openclaw", listener.port),
        )
        .stdout(File::create(&out_path).map_err(|e| e.to_string())?)
        .stderr(File::create(&err_path).map_err(|e| e.to_string())?);
    let mut child = cmd.spawn().map_err(|e| format!("starting bash: {e}"))?;
    let status = wait_bounded(&mut child, BLOCK_TIMEOUT);
    stop_bridge(&home, &work, closed_port);
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();

    let mut problems = Vec::new();
    match status.map(|s| s.code()) {
        None => problems.push(format!("did not finish within {BLOCK_TIMEOUT:?}")),
        Some(code) if code != Some(block.exit) => problems.push(format!(
            "exited {} (expected {})",
            code.map_or("by a signal".into(), |c| c.to_string()),
            block.exit
        )),
        Some(_) => {}
    }
    for expected in block.expect.iter().chain(&inline_expectations(&block.code)) {
        let expected = expected.replace(":3000", &format!(":{port}"));
        if !matches(&stdout, &expected) && !matches(&stderr, &expected) {
            problems.push(format!("output lacks {expected:?}"));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "README.md:{} ({}): {}\n--- script ---\n{script}--- stdout ---\n{}\n--- stderr ---\n{}",
        block.line,
        block.code.lines().next().unwrap_or(""),
        problems.join("; "),
        tail(&stdout),
        tail(&stderr),
    ))
}

/// A bridge a block started (`ocw bridge start`) and left running, e.g. because it failed
/// half-way: it runs detached from the block's process group, so stop it by its pid file.
fn stop_bridge(home: &Path, work: &Path, closed_port: u16) {
    if !home.join(".openclaw/bridge.pid").exists() {
        return;
    }
    let mut cmd = base_command("ocw", home, work, closed_port);
    cmd.args(["bridge", "stop"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Ok(mut child) = cmd.spawn() {
        wait_bounded(&mut child, Duration::from_secs(15));
    }
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

#[test]
fn readme_shell_examples_run() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&readme).expect("README.md");
    let blocks = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        blocks.len() >= 10,
        "only {} ```sh blocks found in README.md",
        blocks.len()
    );

    let closed_port = free_port(); // bound and released: nothing listens there
    let listener = SharedListener::start(closed_port);
    let mut failures = Vec::new();
    for block in &blocks {
        let started = Instant::now();
        if let Some(reason) = &block.skip {
            eprintln!("README.md:{}: skipped: {reason}", block.line);
            let syntax = Command::new("bash")
                .arg("-n")
                .arg("-c")
                .arg(&block.code)
                .output()
                .expect("bash -n");
            if !syntax.status.success() {
                failures.push(format!(
                    "README.md:{} (skipped) is not valid shell: {}",
                    block.line,
                    String::from_utf8_lossy(&syntax.stderr)
                ));
            }
            continue;
        }
        let outcome = run_block(block, &listener, closed_port);
        eprintln!(
            "README.md:{}: {} in {:.1} s",
            block.line,
            if outcome.is_ok() { "ok" } else { "FAILED" },
            started.elapsed().as_secs_f64()
        );
        failures.extend(outcome.err());
    }
    drop(listener);
    assert!(
        failures.is_empty(),
        "{} README example(s) failed (mark a block that cannot run with \
         `<!-- readme-test: skip: REASON -->`):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn directives_and_expectations_parse() {
    let text = "<!-- readme-test: skip: needs a Gateway -->\n```sh\nocw bridge run\n```\n\n\
                <!-- readme-test: exit: 1 -->\n<!-- readme-test: expect: a ... b -->\n\
                ```sh\nocw verify x   # → ✗ invalid (exit 1)\n```\n```text\nout\n```\n";
    let blocks = parse(text).unwrap();
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].skip.as_deref(), Some("needs a Gateway"));
    assert_eq!((blocks[1].exit, blocks[1].line), (1, 8));
    assert_eq!(blocks[1].expect, ["a ... b"]);
    assert_eq!(inline_expectations(&blocks[1].code), ["✗ invalid"]);

    assert!(parse("<!-- readme-test: skip: why -->\ntext\n```sh\nx\n```\n").is_err());
    assert!(parse("<!-- readme-test: skip: -->\n```sh\nx\n```\n").is_err());
    assert!(parse("<!-- readme-test: expect: x -->\n```text\nx\n```\n").is_err());
    assert!(parse("<!-- readme-test: bogus: x -->\n```sh\nx\n```\n").is_err());

    assert!(matches(
        "✓ lead.qualified  200 OK  2.1 ms",
        "✓ lead.qualified 200 OK"
    ));
    assert!(matches(
        "✓ 401 Unauthorized 1 ms rejected, as it should be",
        "401 ... rejected, as it should be"
    ));
    assert!(!matches(
        "rejected, as it should be 401",
        "401 ... rejected, as it should be"
    ));
    assert_eq!(
        background_command("ocw listen :3000 --fail-first 2 &   # fails twice"),
        Some("ocw listen :3000 --fail-first 2")
    );
    assert_eq!(background_command("ocw send --to :3000  # a & b"), None);
}
