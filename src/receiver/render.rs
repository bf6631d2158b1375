//! A received request for people: one summary line, the verdict and markers, then the body
//! (a bounded preview: indented, coloured JSON; text with a note; or hex for binary).
//!
//! Everything in a request came from outside: each field goes through [`crate::sanitize`]
//! before it is put in a line, so a request cannot write to the terminal.

use colored::Colorize;

use super::Received;
use super::record::{RequestRecord, SignatureStatus, TokenCheck};
use crate::sanitize::shown;

/// Body lines shown before the rest is cut (the record file keeps everything).
const BODY_LINES: usize = 60;

/// The lines to print for one request. `verbose` adds the (redacted) headers; `color` colours
/// the JSON body (the rest follows `colored`'s global decision).
pub fn lines(rx: &Received, color: bool, verbose: bool) -> Vec<String> {
    let r = &rx.record;
    let mut out = vec![summary_line(r)];
    out.extend(marker_lines(r));
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
        body_lines(&rx.body, color)
            .into_iter()
            .map(|l| format!("  {l}")),
    );
    out
}

/// Time, method, path, event, conversation id, signature verdict, answer and duration.
fn summary_line(r: &RequestRecord) -> String {
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
    format!(
        "{} {} {}  {}{conv}  {sig}  → {status}  {:.1} ms",
        time.dimmed(),
        shown(&r.method).to_string().bold(),
        path,
        event.bold(),
        r.elapsed_ms
    )
}

/// The verdict's reason and hint, the token check, duplicate markers, notes and the forward.
fn marker_lines(r: &RequestRecord) -> Vec<String> {
    let mut out = Vec::new();
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
    out
}

/// The bounded body preview, with a note when it does not show everything.
fn body_lines(body: &[u8], color: bool) -> Vec<String> {
    let preview = crate::preview::body(body, color, BODY_LINES);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receiver::record::{BodyEncoding, SignatureReport};

    fn received(body: &'static [u8], headers: &[(&str, &str)]) -> Received {
        Received {
            record: crate::receiver::record::RequestRecord {
                kind: "request",
                seq: 1,
                // Not a timestamp: the time column stays empty, independent of the time zone.
                received_at: String::new(),
                method: "POST".into(),
                path: "/h\u{1b}[2J".into(),
                query: Some("token=redacted".into()),
                headers: headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
                    .collect(),
                body: String::new(),
                body_encoding: BodyEncoding::Utf8,
                body_bytes: body.len(),
                event: Some("lead.qualified\u{1b}]0;pwned\u{7}".into()),
                conversation_id: Some("c\u{9b}1".into()),
                signature: SignatureReport::unchecked(),
                token: None,
                attempt: 1,
                duplicate_of: None,
                conflicts_with: None,
                status: Some(200),
                elapsed_ms: 0.5,
                note: Some("content-type text/\u{1b}[31mplain, not JSON".into()),
                forward: None,
            },
            line: None,
            body: axum::body::Bytes::from_static(body),
            verdict: None,
        }
    }

    /// Pins what a hostile request looks like: every field escaped, the body's own line breaks
    /// kept inside the indented preview.
    #[test]
    fn a_hostile_request_is_shown_escaped() {
        let rx = received(
            b"hi \x1b]52;c;aGk=\x07\r\n\xe2\x9c\x93 signature valid\n",
            &[("x-evil", "a\u{9b}31m\u{202e}")],
        );
        let shown = lines(&rx, false, true).join("\n");
        assert_eq!(
            shown,
            " POST /h\\u{1b}[2J?token=redacted  lead.qualified\\u{1b}]0;pwned\\u{7}  c\\u{9b}1  \
             signature not checked (no secret)  → 200  0.5 ms\n  \
             note: content-type text/\\u{1b}[31mplain, not JSON\n  \
             x-evil: a\\u{9b}31m\\u{202e}\n  \
             (body is not JSON; shown as text)\n  \
             hi \\u{1b}]52;c;aGk=\\u{7}\n  \
             ✓ signature valid"
        );
    }

    /// A big body: a bounded preview and how much was left out.
    #[test]
    fn a_big_body_is_cut_with_a_note() {
        let body: &'static [u8] = Box::leak(
            format!("[{}1]", "1,".repeat(300_000))
                .into_bytes()
                .into_boxed_slice(),
        );
        let rx = received(body, &[]);
        let shown = lines(&rx, false, false);
        assert_eq!(shown.len(), 1 + 1 + BODY_LINES + 1, "{shown:?}");
        assert_eq!(shown[2], "  [");
        let last = shown.last().unwrap();
        assert!(
            last.starts_with("  … ")
                && last.ends_with(" more bytes (--json and --record keep all)"),
            "{last}"
        );
    }
}
