//! `--effects CMD`: the user's command that prints how many deliveries the receiver processed
//! (e.g. `psql -tAc 'select count(*) from events'`). It runs through the shell with a time
//! limit and a cap on what it may print; its first word must be a whole number.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};

/// How much of the command's output is kept (the count and an error message are short).
const KEEP: usize = 4 * 1024;
/// How much it may print in all before it is stopped: a count is a line, not a stream.
const MAX_OUTPUT: usize = 1024 * 1024;

/// The effects command and its time limit.
#[derive(Debug, Clone)]
pub struct Effects {
    pub command: String,
    pub timeout: Duration,
}

/// Why the count could not be read. Messages quote the command's output (escaped where shown).
#[derive(Debug, Clone, thiserror::Error)]
pub enum EffectsError {
    #[error("could not start the --effects command: {0}")]
    Spawn(String),
    #[error("the --effects command did not finish within {0:?}")]
    Timeout(Duration),
    #[error("the --effects command printed more than 1 MiB; it should print one number")]
    TooMuch,
    #[error("the --effects command failed ({status}){}", stderr_suffix(.stderr))]
    Failed { status: String, stderr: String },
    #[error(
        "the --effects command printed {0:?}, not a count (its first word must be a whole number)"
    )]
    NotANumber(String),
}

fn stderr_suffix(stderr: &str) -> String {
    let first = stderr.lines().next().unwrap_or("").trim();
    if first.is_empty() {
        String::new()
    } else {
        format!(": {first}")
    }
}

impl Effects {
    /// Run the command once and read its count.
    pub async fn count(&self) -> Result<u64, EffectsError> {
        let mut child = shell(&self.command)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| EffectsError::Spawn(e.to_string()))?;
        let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
            return Err(EffectsError::Spawn("no pipes to the command".into()));
        };
        let run = async {
            let (out, err) = tokio::join!(bounded(stdout), bounded(stderr));
            let status = child.wait().await;
            (out, err, status)
        };
        // On a timeout the child is dropped, and with it killed (kill_on_drop).
        let (out, err, status) = tokio::time::timeout(self.timeout, run)
            .await
            .map_err(|_| EffectsError::Timeout(self.timeout))?;
        let (out, err) = (out.ok_or(EffectsError::TooMuch)?, err.unwrap_or_default());
        let status = status.map_err(|e| EffectsError::Spawn(e.to_string()))?;
        if !status.success() {
            return Err(EffectsError::Failed {
                status: status.to_string(),
                stderr: String::from_utf8_lossy(&err).into_owned(),
            });
        }
        let text = String::from_utf8_lossy(&out);
        let word = text.split_whitespace().next().unwrap_or("");
        word.parse::<u64>()
            .map_err(|_| EffectsError::NotANumber(text.trim().chars().take(80).collect()))
    }
}

#[cfg(unix)]
fn shell(command: &str) -> tokio::process::Command {
    let mut c = tokio::process::Command::new("sh");
    c.arg("-c").arg(command);
    c
}

#[cfg(not(unix))]
fn shell(command: &str) -> tokio::process::Command {
    let mut c = tokio::process::Command::new("cmd");
    c.arg("/C").arg(command);
    c
}

/// Read a pipe to its end, keeping the first [`KEEP`] bytes; `None` past [`MAX_OUTPUT`].
async fn bounded(mut pipe: impl AsyncRead + Unpin) -> Option<Vec<u8>> {
    let mut kept = Vec::new();
    let mut total = 0usize;
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => return Some(kept),
            Ok(n) => {
                total += n;
                if total > MAX_OUTPUT {
                    return None;
                }
                let room = KEEP.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn effects(command: &str) -> Effects {
        Effects {
            command: command.into(),
            timeout: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn counts_and_failures() {
        assert_eq!(effects("echo ' 42 deliveries'").count().await.unwrap(), 42);
        let e = effects("echo many").count().await.unwrap_err().to_string();
        assert!(e.contains("\"many\""), "{e}");
        let e = effects("echo oops >&2; exit 3")
            .count()
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("failed") && e.contains("oops"), "{e}");
        let e = effects("yes 1").count().await.unwrap_err();
        assert!(matches!(e, EffectsError::TooMuch), "{e}");
        let slow = Effects {
            command: "sleep 5".into(),
            timeout: Duration::from_millis(200),
        };
        assert!(matches!(slow.count().await, Err(EffectsError::Timeout(_))));
    }
}
