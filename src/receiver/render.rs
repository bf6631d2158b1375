//! A received request for people: one summary line, the verdict and markers, then the body
//! (indented, coloured JSON; text with a note; or a hex preview of binary).

use colored::Colorize;

use super::Received;
use super::record::{SignatureStatus, TokenCheck};
use crate::output::Printer;

/// Body lines shown before the rest is cut (the record file keeps everything).
const BODY_LINES: usize = 60;
/// Bytes of a binary body shown as hex.
const HEX_PREVIEW: usize = 64;

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
        Some(q) => format!("{}?{q}", r.path),
        None => r.path.clone(),
    };
    let event = r.event.as_deref().unwrap_or("(no event)");
    let conv = r.conversation_id.as_deref().unwrap_or("");
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
        r.method.bold(),
        path,
        event.bold(),
        r.elapsed_ms
    )];
    if r.signature.status == SignatureStatus::Invalid {
        if let Some(reason) = &r.signature.reason {
            out.push(format!("  {} {reason}", "✗".red()));
        }
        if let Some(hint) = &r.signature.hint {
            out.push(format!("    {} {hint}", "hint:".yellow()));
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
        out.push(format!("  {} {note}", "note:".cyan()));
    }
    if let Some(f) = &r.forward {
        match (&f.status, &f.error) {
            (Some(s), _) => out.push(format!("  forwarded to {} → {s}", f.url)),
            (None, Some(e)) => out.push(format!("  {} {e}", "forward failed:".red())),
            _ => {}
        }
    }
    if verbose {
        for (name, value) in &r.headers {
            let v = value.as_str().unwrap_or_default();
            out.push(format!("  {}: {v}", name.dimmed()));
        }
    }
    out.extend(
        body_lines(&rx.body, printer)
            .into_iter()
            .map(|l| format!("  {l}")),
    );
    out
}

fn body_lines(body: &[u8], printer: &Printer) -> Vec<String> {
    if body.is_empty() {
        return vec![];
    }
    let mut lines: Vec<String> = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) => printer.pretty_json(&v).lines().map(str::to_owned).collect(),
        Err(_) => match std::str::from_utf8(body) {
            Ok(text) => {
                let mut l = vec![format!("{}", "(body is not JSON; shown as text)".dimmed())];
                l.extend(text.lines().map(str::to_owned));
                l
            }
            Err(_) => {
                let shown = &body[..body.len().min(HEX_PREVIEW)];
                let more = if body.len() > HEX_PREVIEW { " …" } else { "" };
                vec![
                    format!(
                        "{}",
                        format!("(binary body, {} bytes; hex preview)", body.len()).dimmed()
                    ),
                    format!("{}{more}", hex::encode(shown)),
                ]
            }
        },
    };
    if lines.len() > BODY_LINES {
        let cut = lines.len() - BODY_LINES;
        lines.truncate(BODY_LINES);
        lines.push(format!("{}", format!("… {cut} more lines").dimmed()));
    }
    lines
}
