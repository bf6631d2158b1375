//! A received request for people: one summary line, the verdict and markers, then the body
//! (a bounded preview: indented, coloured JSON; text with a note; or hex for binary).
//!
//! Everything in a request came from outside: each field goes through [`crate::sanitize`]
//! before it is put in a line, so a request cannot write to the terminal (#9).

use colored::Colorize;

use super::Received;
use super::record::{SignatureStatus, TokenCheck};
use crate::output::Printer;
use crate::sanitize::shown;

/// Body lines shown before the rest is cut (the record file keeps everything).
const BODY_LINES: usize = 60;

/// The lines to print for one request. `verbose` adds the (redacted) headers.
pub fn lines(rx: &Received, printer: &Printer, verbose: bool) -> Vec<String> {
    let r = &rx.record;
    let time = r
        .received_at
        .parse::<jiff::Timestamp>()
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%H:%M:%S%.3f")
                .to_string()
        })
        .unwrap_or_default();
    let path = match &r.query {
        Some(q) => format!("{}?{}", shown(&r.path), shown(q)),
        None => shown(&r.path).to_string(),
    };
    let event = r
        .event
        .as_deref()
        .map_or_else(|| "(no event)".to_owned(), |e| shown(e).to_string());
    let conv = shown(r.conversation_id.as_deref().unwrap_or("")).to_string();
    let sig = match r.signature.status {
        SignatureStatus::Valid => format!(
            "✓ signature valid ({})",
            r.signature.scheme.map(|s| s.name()).unwrap_or("?")
        )
        .green(),
        SignatureStatus::Invalid => "✗ signature invalid".red(),
        SignatureStatus::Unsigned => "! unsigned".yellow(),
        SignatureStatus::Unchecked => "signature not checked (no secret)".dimmed(),
    };
    let status = match r.status {
        None => "no answer (client gone)".red(),
        Some(s) if (200..300).contains(&s) => s.to_string().green(),
        Some(s) => s.to_string().red(),
    };
    let conv = if conv.is_empty() {
        String::new()
    } else {
        format!("  {}", conv.dimmed())
    };
    let mut out = vec![format!(
        "{} {} {}  {}{conv}  {sig}  → {status}  {:.1} ms",
        time.dimmed(),
        shown(&r.method).to_string().bold(),
        path,
        event.bold(),
        r.elapsed_ms
    )];
    if r.signature.status == SignatureStatus::Invalid {
        if let Some(reason) = &r.signature.reason {
            out.push(format!("  {} {}", "✗".red(), shown(reason)));
        }
        if let Some(hint) = &r.signature.hint {
            out.push(format!("    {} {}", "hint:".yellow(), shown(hint)));
        }
    }
    match r.token {
        Some(TokenCheck::Valid) => out.push(format!("  {}", "✓ token valid".green())),
        Some(TokenCheck::Invalid) => out.push(format!("  {}", "✗ token invalid".red())),
        Some(TokenCheck::Missing) => out.push(format!(
            "  {}",
            "✗ token missing (expected Authorization: Bearer or x-openclaw-token)".red()
        )),
        None => {}
    }
    if let Some(first) = r.duplicate_of {
        out.push(format!(
            "  {}",
            format!(
                "↻ duplicate of #{first} (attempt {}: same body bytes, a retry)",
                r.attempt
            )
            .yellow()
        ));
    }
    if let Some(other) = r.conflicts_with {
        out.push(format!(
            "  {}",
            format!("! same event and conversation as #{other}, different body").yellow()
        ));
    }
    if let Some(note) = &r.note {
        out.push(format!("  {} {}", "note:".cyan(), shown(note)));
    }
    if let Some(f) = &r.forward {
        match (&f.status, &f.error) {
            (Some(s), _) => out.push(format!("  forwarded to {} → {s}", shown(&f.url))),
            (None, Some(e)) => out.push(format!("  {} {}", "forward failed:".red(), shown(e))),
            _ => {}
        }
    }
    if verbose {
        for (name, value) in &r.headers {
            let v = value.as_str().unwrap_or_default();
            out.push(format!(
                "  {}: {}",
                shown(name).to_string().dimmed(),
                shown(v)
            ));
        }
    }
    out.extend(
        body_lines(&rx.body, printer)
            .into_iter()
            .map(|l| format!("  {l}")),
    );
    out
}

/// The bounded body preview, with a note when it does not show everything.
fn body_lines(body: &[u8], printer: &Printer) -> Vec<String> {
    let preview = crate::preview::body(body, printer.color(), BODY_LINES);
    let mut lines = preview.lines;
    if preview.more_bytes > 0 {
        lines.push(format!(
            "{}",
            format!(
                "… {} more bytes (--json and --record keep all)",
                preview.more_bytes
            )
            .dimmed()
        ));
    }
    lines
}
