//! How errors reach the user: `error: ...` on stderr (the prefix clap uses for usage errors), the cause chain, and a hint for the
//! errors we know how to help with. Broken pipes are not errors (the reader left).

use colored::Colorize;

/// True when the error is a closed stdout (e.g. `ocw ... | head -1`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Print the error (and a hint where one helps) to stderr.
pub fn report(err: &anyhow::Error) {
    failure(&format!("{err:#}"), hint(err));
}

/// `error: <message>` and, when given, `  hint: <hint>` on stderr: the one look of a failure,
/// for errors and for commands that fail with a sentence of their own (a Gateway's answer
/// explained). A message can quote what came from outside (a file's text, a peer's answer, a
/// URL with a password in it): credentials are redacted and control bytes escaped.
pub fn failure(message: &str, hint: Option<&str>) {
    let shown = |t: &str| crate::sanitize::text(&crate::redact::text(t)).into_owned();
    eprintln!("{} {}", "error:".red().bold(), shown(message));
    if let Some(hint) = hint {
        eprintln!("  {} {}", "hint:".yellow(), shown(hint));
    }
}

/// An error that knows what the user should do about it: reported as `error: <message>`
/// and `hint: <hint>` on the next line.
#[derive(Debug)]
pub struct Hinted {
    pub message: String,
    pub hint: &'static str,
}

impl Hinted {
    /// The error, ready to return.
    pub fn error(message: impl Into<String>, hint: &'static str) -> anyhow::Error {
        anyhow::Error::new(Hinted {
            message: message.into(),
            hint,
        })
    }
}

impl std::fmt::Display for Hinted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

fn hint(err: &anyhow::Error) -> Option<&'static str> {
    for cause in err.chain() {
        if let Some(hinted) = cause.downcast_ref::<Hinted>() {
            return Some(hinted.hint);
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::NotFound => {
                    return Some("check the path; use `-` to read from stdin");
                }
                std::io::ErrorKind::PermissionDenied => {
                    return Some("check the file's permissions");
                }
                _ => {}
            }
        }
    }
    None
}
