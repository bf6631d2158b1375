//! `ocw bridge logs [-n N] [-f]`: the background bridge's log, escaped, optionally followed.
//!
//! The log is the bridge's own output, but the state dir is writable by whoever owns it and the
//! log quotes peers: every line goes through `sanitize` and is cut at [`MAX_LINE`].

use std::collections::VecDeque;
use std::io::{BufRead, Read, Seek};
use std::time::Duration;

use crate::bridge::daemon;
use crate::bridge::state::StateDir;
use crate::cli::BridgeLogsArgs;
use crate::exit::ExitStatus;

use crate::cmd::Ctx;

/// The longest line shown (longer ones end in `…`): a log line is a sentence, not a body.
const MAX_LINE: usize = 64 * 1024;

/// How often `-f` looks for new lines (and whether the bridge still runs): often enough to feel
/// live, rarely enough to cost nothing.
const POLL: Duration = Duration::from_millis(200);

pub async fn run(args: BridgeLogsArgs, state: &StateDir, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let path = state.log_file();
    let mut file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            p.warn(format!(
                "no log at {}: the bridge has not been started in the background (`ocw bridge start`)",
                path.display()
            ));
            return Ok(ExitStatus::Failure);
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("reading {}", path.display()))),
    };
    let mut tail = VecDeque::new();
    let mut reader = std::io::BufReader::new(&mut file);
    let mut pos = 0u64;
    let mut line = Vec::new();
    // Bounded per line: `take` stops a line without a newline from growing past MAX_LINE + 1.
    loop {
        line.clear();
        let n = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if n == 0 || !line.ends_with(b"\n") && n <= MAX_LINE {
            // End of file. A last line without its newline yet is left for -f to finish, and
            // shown as it is otherwise.
            if n > 0 && !args.follow {
                push(&mut tail, args.lines, shown_line(&line), p)?;
            }
            break;
        }
        pos += n as u64;
        push(&mut tail, args.lines, shown_line(&line), p)?;
    }
    for shown in tail {
        p.out(shown)?;
    }
    if !args.follow {
        return Ok(ExitStatus::Success);
    }
    follow(&path, pos, state, ctx).await
}

/// Print a line now, or keep it among the last `keep` ones.
fn push(
    tail: &mut VecDeque<String>,
    keep: Option<usize>,
    shown: String,
    p: &crate::output::Printer,
) -> std::io::Result<()> {
    match keep {
        None => p.out(shown)?,
        Some(0) => {}
        Some(keep) => {
            if tail.len() == keep {
                tail.pop_front();
            }
            tail.push_back(shown);
        }
    }
    Ok(())
}

/// Print lines appended after `pos` until the bridge is no longer running.
async fn follow(
    path: &std::path::Path,
    mut pos: u64,
    state: &StateDir,
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let mut pending = Vec::new();
    loop {
        let running = daemon::state(state)?.running_pid().is_some();
        if let Ok(mut file) = std::fs::File::open(path) {
            let len = file.metadata()?.len();
            if len < pos {
                // Truncated or replaced: start over.
                pos = 0;
                pending.clear();
            }
            file.seek(std::io::SeekFrom::Start(pos))?;
            let mut chunk = Vec::new();
            pos += file.take(len - pos).read_to_end(&mut chunk)? as u64;
            pending.extend_from_slice(&chunk);
            while let Some(end) = pending.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = pending.drain(..=end).collect();
                p.out(shown_line(&line))?;
            }
            if pending.len() > MAX_LINE {
                p.out(shown_line(&std::mem::take(&mut pending)))?;
            }
        }
        if !running {
            p.info("(the bridge is not running; nothing more will be written)");
            return Ok(ExitStatus::Success);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// One log line for the terminal: without its newline, escaped, cut at [`MAX_LINE`].
fn shown_line(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let cut = line.len() > MAX_LINE;
    let text = String::from_utf8_lossy(&line[..line.len().min(MAX_LINE)]);
    let mut shown = crate::sanitize::line(&text).into_owned();
    if cut {
        shown.push('…');
    }
    shown
}
