//! The printer: the single place that decides colour, verbosity and where text goes.
//!
//! stdout carries data only (results, JSON); stderr carries everything meant for the person at
//! the terminal (progress, warnings, chatter). The colour decision is made once, from
//! `--color`, `NO_COLOR`, `CLICOLOR_FORCE` and whether *both* streams are terminals, and is
//! pushed into `colored`'s global override so every writer follows it. Requiring both streams
//! keeps escape codes out of files whichever stream is redirected.

use std::io::{self, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::cli::{ColorChoice, GlobalArgs};

#[derive(Debug, Clone)]
pub struct Printer {
    quiet: u8,
    verbose: u8,
    json: bool,
    color: bool,
    progress: bool,
}

impl Printer {
    pub fn new(global: &GlobalArgs) -> Self {
        let color = decide_color(
            global.color,
            std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0"),
            io::stdout().is_terminal() && io::stderr().is_terminal(),
        );
        colored::control::set_override(color);
        let progress = io::stderr().is_terminal()
            && !global.no_progress
            && !global.json
            && global.quiet == 0
            && global.verbose == 0;
        Self {
            quiet: global.quiet,
            verbose: global.verbose,
            json: global.json,
            color,
            progress,
        }
    }

    /// A printer for tests and in-process use: no colour, no progress.
    pub fn plain(json: bool) -> Self {
        Self {
            quiet: 0,
            verbose: 0,
            json,
            color: false,
            progress: false,
        }
    }

    pub fn json(&self) -> bool {
        self.json
    }

    pub fn color(&self) -> bool {
        self.color
    }

    pub fn verbose(&self) -> u8 {
        self.verbose
    }

    /// Human results on stdout are shown unless `-qq`.
    pub fn shows_results(&self) -> bool {
        self.quiet < 2
    }

    /// A line of data on stdout. Errors (notably `BrokenPipe`) go back to the caller, which
    /// lets `main` exit quietly when the reader went away.
    pub fn out(&self, line: impl AsRef<str>) -> io::Result<()> {
        if self.quiet >= 2 && !self.json {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        out.write_all(line.as_ref().as_bytes())?;
        out.write_all(b"\n")
    }

    /// Raw bytes on stdout, exactly as given.
    pub fn out_bytes(&self, bytes: &[u8]) -> io::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()
    }

    /// One compact JSON document as a line on stdout (NDJSON).
    pub fn out_json<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer(&mut out, value)?;
        out.write_all(b"\n")?;
        out.flush()
    }

    /// Chatter for the person at the terminal (stderr); silenced by `-q`.
    pub fn info(&self, msg: impl AsRef<str>) {
        if self.quiet == 0 {
            eprintln!("{}", msg.as_ref());
        }
    }

    /// A warning on stderr; only `-qq` silences it.
    pub fn warn(&self, msg: impl AsRef<str>) {
        use colored::Colorize;
        if self.quiet < 2 {
            eprintln!("{} {}", "warning:".yellow().bold(), msg.as_ref());
        }
    }

    /// A progress bar on stderr, hidden when stderr is not a terminal, with -q, -v, --json or
    /// --no-progress.
    pub fn progress_bar(&self, len: u64) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let pb = ProgressBar::with_draw_target(Some(len), narrowed_stderr());
        let template = if self.color {
            "{spinner:.green} [{elapsed_precise}] [{wide_bar:.cyan/blue}] {pos}/{len} ({rate}, eta {eta})"
        } else {
            "{spinner} [{elapsed_precise}] [{wide_bar}] {pos}/{len} ({rate}, eta {eta})"
        };
        pb.set_style(
            ProgressStyle::with_template(template)
                .expect("static progress template is valid")
                .with_key(
                    "rate",
                    |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        // Whole items per second: `872.3054/s` is noise (indicatif's `per_sec`).
                        let _ = write!(w, "{:.0}/s", s.per_sec());
                    },
                )
                .progress_chars("=> "),
        );
        pb
    }

    /// A spinner with a message on stderr (hidden under the same rules as progress bars).
    pub fn spinner(&self) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let pb = ProgressBar::with_draw_target(None, narrowed_stderr());
        let template = if self.color {
            "{spinner:.green} {msg}"
        } else {
            "{spinner} {msg}"
        };
        pb.set_style(
            ProgressStyle::with_template(template).expect("static spinner template is valid"),
        );
        pb.enable_steady_tick(std::time::Duration::from_millis(100));
        pb
    }

    /// A command's failure sentence on stderr, in the look of errors (`error:`, `hint:`);
    /// silenced with the results (-qq), since the exit code says it.
    pub fn failure(&self, message: &str, hint: Option<&str>) {
        if self.shows_results() {
            crate::error_reporting::failure(message, hint);
        }
    }

    /// Pretty, optionally coloured JSON for humans.
    pub fn pretty_json(&self, value: &serde_json::Value) -> String {
        let plain = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
        if self.color {
            colored_json::to_colored_json(value, colored_json::ColorMode::On).unwrap_or(plain)
        } else {
            plain
        }
    }
}

/// One `--json` object: a `"type"` tag first, then the fields of `value` (a struct or map).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Tagged<'a, T: Serialize> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(flatten)]
    pub value: &'a T,
}

/// Progress bars' stderr: indicatif at 20 Hz, told the terminal is two columns narrower than
/// it is. indicatif pads each line to the full width and leaves the cursor in the last column,
/// where the `^C` a terminal echoes on Ctrl-C wraps onto a new line; the final clear then erased
/// that line and left the bar on screen. Two free columns hold the `^C`.
fn narrowed_stderr() -> ProgressDrawTarget {
    ProgressDrawTarget::term_like_with_hz(Box::new(Narrowed(console::Term::buffered_stderr())), 20)
}

#[derive(Debug)]
struct Narrowed(console::Term);

impl indicatif::TermLike for Narrowed {
    fn width(&self) -> u16 {
        self.0.size().1.saturating_sub(2).max(1)
    }
    fn height(&self) -> u16 {
        self.0.size().0
    }
    fn move_cursor_up(&self, n: usize) -> io::Result<()> {
        self.0.move_cursor_up(n)
    }
    fn move_cursor_down(&self, n: usize) -> io::Result<()> {
        self.0.move_cursor_down(n)
    }
    fn move_cursor_right(&self, n: usize) -> io::Result<()> {
        self.0.move_cursor_right(n)
    }
    fn move_cursor_left(&self, n: usize) -> io::Result<()> {
        self.0.move_cursor_left(n)
    }
    fn write_line(&self, s: &str) -> io::Result<()> {
        self.0.write_line(s)
    }
    fn write_str(&self, s: &str) -> io::Result<()> {
        self.0.write_str(s)
    }
    fn clear_line(&self) -> io::Result<()> {
        self.0.clear_line()
    }
    fn flush(&self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The colour rule, pure so it can be tested: explicit flags win; `auto` means terminals on both
/// streams and no `NO_COLOR`, unless `CLICOLOR_FORCE` is set.
pub fn decide_color(choice: ColorChoice, no_color: bool, force: bool, terminals: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if no_color => false,
        ColorChoice::Auto => force || terminals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_rule() {
        use ColorChoice::*;
        assert!(decide_color(Always, true, false, false));
        assert!(!decide_color(Never, false, true, true));
        assert!(!decide_color(Auto, true, true, true));
        assert!(decide_color(Auto, false, true, false));
        assert!(decide_color(Auto, false, false, true));
        assert!(!decide_color(Auto, false, false, false));
    }
}
