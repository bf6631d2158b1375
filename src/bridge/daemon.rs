//! The background bridge: `bridge.pid` and `bridge.log` in the state directory, starting the
//! process, telling whether it runs, and stopping it.
//!
//! `start` re-executes this binary as `ocw bridge run` in its own process group (so the
//! terminal's Ctrl-C does not reach it), stdin from /dev/null and stdout and stderr appended to
//! `bridge.log` (0600). The pid file holds the pid on its first line and, on Linux, the process's
//! start time (field 22 of `/proc/<pid>/stat`) on the second, as `start_time=N`, so `kill $(head
//! -1 bridge.pid)` still works.
//!
//! Pids are reused. Before anything is signalled, the recorded process must still be the one
//! that was started (same start time) and must be an ocw bridge (its executable is this one, or
//! its command line is `… bridge run`). A pid file naming any other process is stale: it is
//! reported and removed, and that process is never signalled (the Go bridge signalled whatever
//! held the pid).

use std::ffi::OsString;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::state::{StateDir, write_private};

/// How long `start` watches the new process for an immediate exit (a bad config, say).
pub const START_CHECK: Duration = Duration::from_millis(1000);
/// How long `stop` waits for the bridge to exit after SIGTERM.
pub const STOP_TIMEOUT: Duration = Duration::from_secs(10);
/// Lines of the log shown when the bridge exits at once.
const LOG_TAIL_LINES: usize = 20;

/// What `bridge.pid` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PidRecord {
    pub pid: u32,
    /// Clock ticks since boot when the process started (Linux), to detect pid reuse.
    pub start_time: Option<u64>,
}

impl PidRecord {
    /// The file's contents; `None` when it is not a pid file.
    pub fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let pid: u32 = lines.next()?.parse().ok()?;
        // Never 0 (our group), 1 (init) or anything kill(2) reads as a group.
        if pid <= 1 || pid > i32::MAX as u32 {
            return None;
        }
        let start_time = lines
            .find_map(|l| l.strip_prefix("start_time="))
            .and_then(|v| v.trim().parse().ok());
        Some(Self { pid, start_time })
    }

    fn render(&self) -> String {
        match self.start_time {
            Some(t) => format!("{}\nstart_time={t}\n", self.pid),
            None => format!("{}\n", self.pid),
        }
    }
}

/// Where the background bridge stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// No pid file.
    NotRunning,
    /// The recorded process is an ocw bridge and alive.
    Running(PidRecord),
    /// The recorded process has exited.
    Dead(PidRecord),
    /// The pid now belongs to another process (`what` says which); never signal it.
    Foreign { record: PidRecord, what: String },
    /// The pid file does not hold a pid.
    Corrupt,
}

impl State {
    /// The pid of a running bridge.
    pub fn running_pid(&self) -> Option<u32> {
        match self {
            State::Running(r) => Some(r.pid),
            _ => None,
        }
    }

    /// Why a pid file that names no running bridge is stale, for the user.
    pub fn stale_reason(&self, pid_file: &Path) -> Option<String> {
        let file = pid_file.display();
        match self {
            State::Dead(r) => Some(format!("removed {file}: PID {} has exited", r.pid)),
            State::Foreign { record, what } => Some(format!(
                "PID {} in {file} is not this ocw bridge any more ({what}); not signalling it, removed the stale pid file",
                record.pid
            )),
            State::Corrupt => Some(format!("removed {file}: it held no pid")),
            _ => None,
        }
    }
}

/// Read the pid file and check the process it names.
pub fn state(dir: &StateDir) -> anyhow::Result<State> {
    let path = dir.pid_file();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::NotRunning),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let Some(record) = PidRecord::parse(&text) else {
        return Ok(State::Corrupt);
    };
    Ok(judge(record))
}

/// Is `record` a live ocw bridge?
fn judge(record: PidRecord) -> State {
    let Some(info) = inspect(record.pid) else {
        return State::Dead(record);
    };
    if let (Some(want), Some(have)) = (record.start_time, info.start_time)
        && want != have
    {
        return State::Foreign {
            record,
            what: "a newer process has that pid".into(),
        };
    }
    if info.is_ocw_bridge() {
        State::Running(record)
    } else {
        State::Foreign {
            record,
            what: format!("it is `{}`", info.describe()),
        }
    }
}

/// Remove the pid file, ignoring a file already gone.
pub fn remove_pid_file(dir: &StateDir) -> anyhow::Result<()> {
    let path = dir.pid_file();
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("removing {}", path.display())),
    }
}

/// What `start` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Started {
    Started { pid: u32, stale: Option<String> },
    AlreadyRunning { pid: u32 },
}

/// Start `exe args…` as the background bridge (the caller passes `bridge run` and any global
/// flags). Refuses when a bridge already runs; fails with the log's tail when the new process
/// exits within [`START_CHECK`].
pub fn start(dir: &StateDir, exe: &Path, args: &[OsString]) -> anyhow::Result<Started> {
    dir.ensure()?;
    let current = state(dir)?;
    if let Some(pid) = current.running_pid() {
        return Ok(Started::AlreadyRunning { pid });
    }
    let stale = current.stale_reason(&dir.pid_file());
    if current != State::NotRunning {
        remove_pid_file(dir)?;
    }

    let log_path = dir.log_file();
    let log = open_log(&log_path)?;
    let log_start = log.metadata().map(|m| m.len()).unwrap_or(0);
    let log_err = log
        .try_clone()
        .with_context(|| format!("opening {}", log_path.display()))?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(args)
        .stdin(std::process::Stdio::null())
        .stdout(log)
        .stderr(log_err);
    #[cfg(unix)]
    {
        // A process group of its own: the terminal's Ctrl-C (sent to the foreground group) and
        // the shell's hangup do not reach the bridge. (setsid would need unsafe code.)
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting {}", exe.display()))?;
    let pid = child.id();
    let record = PidRecord {
        pid,
        start_time: inspect(pid).and_then(|i| i.start_time),
    };
    if let Err(e) = write_private(&dir.pid_file(), record.render().as_bytes()) {
        let _ = child.kill();
        let _ = child.wait();
        return Err(e).with_context(|| format!("writing {}", dir.pid_file().display()));
    }

    // A bridge that cannot run (a bad setting, a broken openclaw.json) exits at once; say so
    // here rather than "Started" followed by nothing.
    let deadline = Instant::now() + START_CHECK;
    while Instant::now() < deadline {
        match child.try_wait() {
            Ok(Some(status)) => {
                let _ = remove_pid_file(dir);
                let tail = log_tail(&log_path, log_start);
                let code = status
                    .code()
                    .map_or_else(|| "a signal".to_string(), |c| format!("status {c}"));
                bail!(
                    "the bridge exited at once ({code}); the end of {}:\n{}",
                    log_path.display(),
                    if tail.trim().is_empty() {
                        "  (empty)".to_string()
                    } else {
                        tail
                    }
                );
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => break,
        }
    }
    Ok(Started::Started { pid, stale })
}

/// The bridge log, opened for appending and private to its owner.
fn open_log(path: &Path) -> anyhow::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts
        .open(path)
        .with_context(|| format!("opening the log {}", path.display()))?;
    // A log left by the Go bridge was 0644; the bridge's log is nobody else's business.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
    }
    Ok(file)
}

/// The last lines written to the log since `from`, indented.
fn log_tail(path: &Path, from: u64) -> String {
    let mut text = Vec::new();
    if let Ok(mut f) = std::fs::File::open(path)
        && f.seek(SeekFrom::Start(from)).is_ok()
    {
        let _ = f.take(256 * 1024).read_to_end(&mut text);
    }
    let text = String::from_utf8_lossy(&text);
    let lines: Vec<&str> = text.lines().collect();
    let skip = lines.len().saturating_sub(LOG_TAIL_LINES);
    lines[skip..]
        .iter()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What `stop` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    Stopped {
        pid: u32,
    },
    /// Nothing to stop; `stale` says what was cleaned up, if anything.
    NotRunning {
        stale: Option<String>,
    },
}

/// Stop the background bridge: SIGTERM to a verified ocw bridge, then wait for it to exit.
pub fn stop(dir: &StateDir, timeout: Duration) -> anyhow::Result<Stopped> {
    let current = state(dir)?;
    let record = match current {
        State::NotRunning => return Ok(Stopped::NotRunning { stale: None }),
        State::Running(r) => r,
        other => {
            let stale = other.stale_reason(&dir.pid_file());
            remove_pid_file(dir)?;
            return Ok(Stopped::NotRunning { stale });
        }
    };
    match terminate(record.pid) {
        Ok(()) => {}
        Err(TerminateError::Gone) => {
            remove_pid_file(dir)?;
            return Ok(Stopped::NotRunning {
                stale: Some(format!("PID {} had already exited", record.pid)),
            });
        }
        Err(TerminateError::Other(e)) => {
            return Err(e).with_context(|| format!("signalling PID {}", record.pid));
        }
    }
    let deadline = Instant::now() + timeout;
    loop {
        if !matches!(judge(record), State::Running(_)) {
            remove_pid_file(dir)?;
            return Ok(Stopped::Stopped { pid: record.pid });
        }
        if Instant::now() >= deadline {
            bail!(
                "PID {} did not exit within {} s of SIGTERM; see {}, or end it with `kill -9 {}`",
                record.pid,
                timeout.as_secs(),
                dir.log_file().display(),
                record.pid
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

enum TerminateError {
    Gone,
    Other(std::io::Error),
}

#[cfg(unix)]
fn terminate(pid: u32) -> Result<(), TerminateError> {
    use rustix::process::{Pid, Signal, kill_process};
    let raw = i32::try_from(pid).map_err(|_| TerminateError::Gone)?;
    let pid = Pid::from_raw(raw).ok_or(TerminateError::Gone)?;
    match kill_process(pid, Signal::TERM) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::SRCH) => Err(TerminateError::Gone),
        Err(e) => Err(TerminateError::Other(e.into())),
    }
}

#[cfg(not(unix))]
fn terminate(_pid: u32) -> Result<(), TerminateError> {
    Err(TerminateError::Other(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "stopping a background bridge is supported on Unix only",
    )))
}

/// What the system says about a process.
#[derive(Debug, Clone, Default)]
struct ProcInfo {
    start_time: Option<u64>,
    exe: Option<PathBuf>,
    cmdline: Vec<String>,
}

impl ProcInfo {
    /// This binary running `bridge run` (the exe may have been rebuilt since: then the command
    /// line still says so).
    fn is_ocw_bridge(&self) -> bool {
        let runs_bridge = self.cmdline.iter().skip(1).any(|a| a == "bridge")
            && self.cmdline.iter().skip(1).any(|a| a == "run");
        let same_exe = match (&self.exe, std::env::current_exe().ok()) {
            (Some(theirs), Some(ours)) => same_file(theirs, &ours),
            _ => false,
        };
        runs_bridge && (same_exe || self.exe.is_none() || looks_like_ocw(&self.cmdline))
    }

    fn describe(&self) -> String {
        let cmd = self.cmdline.join(" ");
        let cmd = if cmd.trim().is_empty() {
            self.exe
                .as_ref()
                .map(|e| e.display().to_string())
                .unwrap_or_else(|| "unknown".into())
        } else {
            cmd
        };
        if cmd.chars().count() > 80 {
            format!("{}…", cmd.chars().take(80).collect::<String>())
        } else {
            cmd
        }
    }
}

/// argv[0] names an `ocw` binary.
fn looks_like_ocw(cmdline: &[String]) -> bool {
    cmdline.first().is_some_and(|a0| {
        Path::new(a0)
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("ocw"))
    })
}

/// Two paths name the same executable; `/proc/<pid>/exe` of a replaced binary ends in
/// " (deleted)".
fn same_file(theirs: &Path, ours: &Path) -> bool {
    let theirs_s = theirs.to_string_lossy();
    let theirs = Path::new(theirs_s.strip_suffix(" (deleted)").unwrap_or(&theirs_s));
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    canon(theirs) == canon(ours)
}

/// Look a process up; `None` when it does not exist (or is a zombie, which is as good as gone).
#[cfg(target_os = "linux")]
fn inspect(pid: u32) -> Option<ProcInfo> {
    let dir = PathBuf::from(format!("/proc/{pid}"));
    let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ')'.
    let after = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
    if matches!(fields.first(), Some(&"Z") | Some(&"X") | Some(&"x")) {
        return None;
    }
    let start_time = fields.get(19).and_then(|v| v.parse().ok());
    let exe = std::fs::read_link(dir.join("exe")).ok();
    let cmdline = std::fs::read(dir.join("cmdline"))
        .map(|raw| {
            raw.split(|b| *b == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect()
        })
        .unwrap_or_default();
    Some(ProcInfo {
        start_time,
        exe,
        cmdline,
    })
}

/// Without /proc: liveness from kill(pid, 0) and the command line from ps(1).
#[cfg(all(unix, not(target_os = "linux")))]
fn inspect(pid: u32) -> Option<ProcInfo> {
    use rustix::process::{Pid, test_kill_process};
    let p = Pid::from_raw(i32::try_from(pid).ok()?)?;
    match test_kill_process(p) {
        Ok(()) | Err(rustix::io::Errno::PERM) => {}
        Err(_) => return None,
    }
    let out = std::process::Command::new("ps")
        .args(["-o", "stat=,args=", "-p", &pid.to_string()])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    if words.next()?.starts_with('Z') {
        return None;
    }
    Some(ProcInfo {
        start_time: None,
        exe: None,
        cmdline: words.map(str::to_string).collect(),
    })
}

#[cfg(not(unix))]
fn inspect(_pid: u32) -> Option<ProcInfo> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pid_file_format() {
        let r = PidRecord {
            pid: 4242,
            start_time: Some(99),
        };
        assert_eq!(r.render(), "4242\nstart_time=99\n");
        assert_eq!(PidRecord::parse(&r.render()), Some(r));
        // The Go bridge's format: a bare pid.
        assert_eq!(
            PidRecord::parse("4242\n"),
            Some(PidRecord {
                pid: 4242,
                start_time: None
            })
        );
        for bad in ["", "abc", "0", "1", "-5", "4294967295", "12 34"] {
            assert_eq!(PidRecord::parse(bad), None, "{bad:?}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn inspects_processes_and_spots_foreign_ones() {
        let me = inspect(std::process::id()).expect("this process exists");
        assert!(me.start_time.is_some());
        assert!(!me.cmdline.is_empty());

        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let pid = child.id();
        let start_time = inspect(pid).unwrap().start_time;
        let record = PidRecord { pid, start_time };
        let judged = judge(record);
        assert!(
            matches!(&judged, State::Foreign { what, .. } if what.contains("sleep")),
            "{judged:?}"
        );
        let reused = judge(PidRecord {
            pid,
            start_time: start_time.map(|t| t + 1),
        });
        assert!(matches!(reused, State::Foreign { .. }), "{reused:?}");
        child.kill().unwrap();
        // A zombie is as good as gone.
        std::thread::sleep(Duration::from_millis(100));
        assert!(matches!(judge(record), State::Dead(_)));
        child.wait().unwrap();
        assert!(matches!(judge(record), State::Dead(_)));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stop_never_signals_a_foreign_process() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StateDir::at(tmp.path());
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        std::fs::write(dir.pid_file(), format!("{}\n", child.id())).unwrap();
        let out = stop(&dir, Duration::from_secs(1)).unwrap();
        assert!(
            matches!(&out, Stopped::NotRunning { stale: Some(s) } if s.contains("not signalling")),
            "{out:?}"
        );
        assert!(!dir.pid_file().exists());
        assert!(child.try_wait().unwrap().is_none(), "sleep is still alive");
        child.kill().unwrap();
        child.wait().unwrap();

        std::fs::write(dir.pid_file(), "garbage").unwrap();
        assert_eq!(state(&dir).unwrap(), State::Corrupt);
        assert!(matches!(
            stop(&dir, Duration::from_secs(1)).unwrap(),
            Stopped::NotRunning { stale: Some(_) }
        ));
        assert_eq!(
            stop(&dir, Duration::from_secs(1)).unwrap(),
            Stopped::NotRunning { stale: None }
        );
    }

    #[cfg(unix)]
    #[test]
    fn start_reports_a_process_that_exits_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StateDir::at(tmp.path().join("st"));
        let args: Vec<OsString> = ["-c", "echo 'bad setting: boom' >&2; exit 3"]
            .map(OsString::from)
            .to_vec();
        let err = format!(
            "{:#}",
            start(&dir, Path::new("/bin/sh"), &args).unwrap_err()
        );
        assert!(
            err.contains("exited at once (status 3)") && err.contains("bad setting: boom"),
            "{err}"
        );
        assert!(!dir.pid_file().exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn start_records_pid_and_start_time() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = StateDir::at(tmp.path().join("st"));
        let args: Vec<OsString> = ["-c", "echo started; exec sleep 30"]
            .map(OsString::from)
            .to_vec();
        let started = start(&dir, Path::new("/bin/sh"), &args).unwrap();
        let Started::Started { pid, stale: None } = started else {
            panic!("{started:?}");
        };
        let record = PidRecord::parse(&std::fs::read_to_string(dir.pid_file()).unwrap()).unwrap();
        assert_eq!(record.pid, pid);
        assert!(record.start_time.is_some());
        let log = std::fs::read_to_string(dir.log_file()).unwrap();
        assert!(log.contains("started"), "{log:?}");
        // `sleep` is not an ocw bridge: neither status nor stop treats it as one.
        assert!(matches!(state(&dir).unwrap(), State::Foreign { .. }));
        let _ = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    }

    #[test]
    fn log_tail_shows_only_new_lines() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("bridge.log");
        std::fs::write(&path, "old line\n").unwrap();
        let from = std::fs::metadata(&path).unwrap().len();
        let mut text = String::from("old line\n");
        for i in 0..30 {
            text.push_str(&format!("new {i}\n"));
        }
        std::fs::write(&path, text).unwrap();
        let tail = log_tail(&path, from);
        assert!(!tail.contains("old line"));
        assert!(tail.contains("new 29") && !tail.contains("new 9\n"));
        assert_eq!(tail.lines().count(), LOG_TAIL_LINES);
    }
}
