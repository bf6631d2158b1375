//! A bounded, terminal-safe view of body bytes from outside, for people: the request body
//! `listen` shows and the answer body `send` shows.
//!
//! JSON is re-indented as a stream (serde-transcode: no document tree is built) into a writer
//! that stops after [`PREVIEW_BYTES`] or the caller's line budget, so showing a 20 MiB body costs
//! about what showing 64 KiB does. Text is cut the same way; binary shows a hex preview. Strings
//! in JSON and lines of text go through [`crate::sanitize`], so no control byte from the body
//! reaches the terminal, while the colours ocw adds around them stay.

use std::io::{self, Write};

use colored::Colorize;

use crate::sanitize;

/// Bytes of a body shown at most (the rest is summarized as "… N more bytes"). 64 KiB is far
/// above an OpenClaw payload (a few KiB) and about what a person scrolls through.
pub const PREVIEW_BYTES: usize = 64 * 1024;
/// Bytes of a binary body shown as hex.
const HEX_PREVIEW: usize = 64;

/// What a body looks like on screen.
#[derive(Debug, Default)]
pub struct Preview {
    /// The lines to show, without indentation; safe for a terminal.
    pub lines: Vec<String>,
    /// Bytes of the body the lines do not show (0 when everything is shown).
    pub more_bytes: usize,
}

/// The preview of `body` in at most `max_lines` lines (plus a first note line for text and
/// binary bodies), coloured when `color`.
pub fn body(body: &[u8], color: bool, max_lines: usize) -> Preview {
    if body.is_empty() {
        return Preview::default();
    }
    // Validating is linear and allocates nothing; it tells JSON from text before any output.
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
        return json(body, color, max_lines);
    }
    let head = &body[..body.len().min(PREVIEW_BYTES)];
    match std::str::from_utf8(head) {
        Ok(text) => text_preview(text, body.len(), max_lines),
        // Cut in the middle of a character: still text.
        Err(e) if e.error_len().is_none() => {
            let text = std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default();
            text_preview(text, body.len(), max_lines)
        }
        Err(_) => binary(body),
    }
}

fn json(body: &[u8], color: bool, max_lines: usize) -> Preview {
    let mut reader = Counted {
        inner: body,
        read: 0,
    };
    let mut sink = Capped::new(PREVIEW_BYTES, max_lines);
    let result = {
        let mut de = serde_json::Deserializer::from_reader(&mut reader);
        let pretty = SafeStrings(serde_json::ser::PrettyFormatter::new());
        if color {
            let formatter = colored_json::ColoredFormatter::new(pretty);
            let mut ser = serde_json::Serializer::with_formatter(&mut sink, formatter);
            serde_transcode::transcode(&mut de, &mut ser)
        } else {
            let mut ser = serde_json::Serializer::with_formatter(&mut sink, pretty);
            serde_transcode::transcode(&mut de, &mut ser)
        }
    };
    let complete = result.is_ok() && !sink.full;
    let text = String::from_utf8_lossy(&sink.buf);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if !complete {
        // The last line may be cut in the middle: drop it rather than show half a token.
        lines.pop();
        lines.truncate(max_lines);
    }
    Preview {
        lines,
        more_bytes: if complete {
            0
        } else {
            body.len().saturating_sub(reader.read).max(1)
        },
    }
}

fn text_preview(text: &str, total: usize, max_lines: usize) -> Preview {
    let mut lines = vec![format!("{}", "(body is not JSON; shown as text)".dimmed())];
    let mut shown = 0;
    for line in text.split_inclusive('\n').take(max_lines) {
        shown += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        lines.push(sanitize::text(line.strip_suffix('\r').unwrap_or(line)).into_owned());
    }
    Preview {
        lines,
        more_bytes: total - shown,
    }
}

fn binary(body: &[u8]) -> Preview {
    let shown = &body[..body.len().min(HEX_PREVIEW)];
    Preview {
        lines: vec![
            format!(
                "{}",
                format!("(binary body, {} bytes; hex preview)", body.len()).dimmed()
            ),
            hex::encode(shown),
        ],
        more_bytes: body.len() - shown.len(),
    }
}

/// Counts the bytes the JSON reader took, to say how much was not shown.
struct Counted<'a> {
    inner: &'a [u8],
    read: usize,
}

impl io::Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n;
        Ok(n)
    }
}

/// A writer that takes at most `max` bytes and `max_lines` line breaks, then fails, which
/// stops the transcoder: the work done is bounded by the preview, not by the body.
struct Capped {
    buf: Vec<u8>,
    max: usize,
    lines_left: usize,
    full: bool,
}

impl Capped {
    fn new(max: usize, max_lines: usize) -> Self {
        Self {
            buf: Vec::new(),
            max,
            lines_left: max_lines,
            full: false,
        }
    }
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.full {
            return Err(io::Error::other("preview full"));
        }
        let mut take = data.len().min(self.max - self.buf.len());
        if let Some(pos) = data[..take]
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(self.lines_left)
            .map(|(i, _)| i)
        {
            take = pos;
        }
        self.lines_left -= data[..take].iter().filter(|b| **b == b'\n').count();
        self.buf.extend_from_slice(&data[..take]);
        if take < data.len() {
            self.full = true;
            return Err(io::Error::other("preview full"));
        }
        Ok(take)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A JSON formatter that writes string contents (keys and values) through the sanitizer's JSON
/// escapes: serde_json already escapes C0 controls, this adds DEL, C1 controls and bidi
/// overrides, which would otherwise reach the terminal raw.
struct SafeStrings<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeStrings<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        self.0
            .write_string_fragment(writer, &sanitize::json_fragment(fragment))
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_json_is_pretty_and_complete() {
        let p = body(br#"{"a":[1,2],"b":"x"}"#, false, 60);
        assert_eq!(p.more_bytes, 0);
        assert_eq!(p.lines[0], "{");
        assert!(p.lines.iter().any(|l| l.trim() == "\"b\": \"x\""), "{p:?}");
    }

    #[test]
    fn huge_json_stops_at_the_line_budget() {
        let mut big = b"[".to_vec();
        for _ in 0..500_000 {
            big.extend_from_slice(b"1,");
        }
        big.extend_from_slice(b"1]");
        let p = body(&big, false, 60);
        assert!(p.lines.len() <= 60, "{}", p.lines.len());
        assert!(p.more_bytes > big.len() - 1000, "{}", p.more_bytes);
    }

    #[test]
    fn strings_and_text_lose_their_controls() {
        let p = body(br#"{"e":"\u001b]0;x\u0007\u009b2J\u202e"}"#, false, 60);
        let all = p.lines.join("\n");
        assert!(all.contains("\\u001b]0;x\\u0007\\u009b2J\\u202e"), "{all}");
        let p = body(b"hi\x1b[2J\r\nthere\n", false, 60);
        assert_eq!(p.lines[1], "hi\\u{1b}[2J");
        assert_eq!(p.lines[2], "there");
        assert_eq!(p.more_bytes, 0);
    }

    #[test]
    fn long_text_and_binary_are_cut() {
        let text = "x\n".repeat(100_000);
        let p = body(text.as_bytes(), false, 60);
        assert_eq!(p.lines.len(), 61);
        assert_eq!(p.more_bytes, text.len() - 120);
        let p = body(&[0xff; 1000], false, 60);
        assert_eq!(p.lines[1].len(), 128);
        assert_eq!(p.more_bytes, 1000 - 64);
    }
}
