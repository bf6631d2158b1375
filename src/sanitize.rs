//! The one sanitizer for untrusted text shown to a person.
//!
//! Anything from outside (request bodies, header names and values, paths, event names, ids,
//! answers from endpoints, relay and Gateway fields) goes through here before it reaches a
//! terminal or a log line. Every C0 control byte, DEL, C1 control and bidi override is shown
//! escaped as `\u{1b}`, whatever the colour setting, so a peer cannot retitle the terminal,
//! clear the screen, write the clipboard (OSC 52), move the cursor to forge a line, or reorder
//! text. ocw's own colours are added around the escaped text and stay.
//!
//! `--json` and `--record` need none of this: JSON already escapes control characters, and
//! those outputs must stay byte-exact.
//!
//! Two flavours: [`line()`] escapes line breaks and tabs too (a header value or an id must stay on
//! its line), [`text`] keeps `\n` and `\t` (a multi-line body preview).

use std::borrow::Cow;
use std::fmt;

/// Whether `c` must not reach a terminal raw. `keep_layout` lets `\n` and `\t` through.
fn is_unsafe(c: char, keep_layout: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_layout,
        // C0 controls (ESC, BEL, CR, backspace, ...), DEL and the C1 controls (CSI U+009B,
        // OSC U+009D, ... which some terminals act on in UTF-8 form).
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidi embeddings, overrides and isolates (Trojan Source), the Arabic letter mark, and
        // the line and paragraph separators some terminals treat as breaks.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' => true,
        '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

/// How an unsafe character is written: `\u{1b}` in text, `\u001b` inside a JSON string.
#[derive(Clone, Copy)]
enum Style {
    Text,
    Json,
}

/// The one escaping loop: `s` into `out`, unsafe characters escaped in `style`.
fn write_escaped(
    out: &mut impl fmt::Write,
    s: &str,
    keep_layout: bool,
    style: Style,
) -> fmt::Result {
    let mut rest = s;
    while let Some((i, c)) = rest
        .char_indices()
        .find(|&(_, c)| is_unsafe(c, keep_layout))
    {
        out.write_str(&rest[..i])?;
        match style {
            Style::Text => write!(out, "\\u{{{:x}}}", c as u32)?,
            Style::Json => write!(out, "\\u{:04x}", c as u32)?,
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.write_str(rest)
}

/// `s` escaped, borrowed when there is nothing to escape.
fn escape(s: &str, keep_layout: bool, style: Style) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c, keep_layout)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    // Writing to a String cannot fail.
    let _ = write_escaped(&mut out, s, keep_layout, style);
    Cow::Owned(out)
}

/// Untrusted text for one line: every control character, line breaks included, escaped.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false, Style::Text)
}

/// Untrusted multi-line text (a body preview): `\n` and `\t` kept, every other control escaped.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true, Style::Text)
}

/// A fragment of a JSON string being written for a person: unsafe characters become JSON
/// escapes (`\u009b`), so the text stays valid JSON and shows what the bytes were.
pub fn json_fragment(s: &str) -> Cow<'_, str> {
    escape(s, false, Style::Json)
}

/// A `Display` wrapper that escapes as it writes (no allocation): `format!("{}", shown(x))`.
pub struct Shown<'a>(&'a str);

/// Wrap untrusted one-line text for `format!`.
pub fn shown(s: &str) -> Shown<'_> {
    Shown(s)
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(f, self.0, false, Style::Text)
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(line("\u{1b}]0;pwned\u{7}"), "\\u{1b}]0;pwned\\u{7}");
        assert_eq!(line("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(line("x\r\ny"), "x\\u{d}\\u{a}y");
        assert_eq!(line("\u{9b}31m\u{7f}"), "\\u{9b}31m\\u{7f}");
        assert_eq!(line("\u{202e}txt"), "\\u{202e}txt");
        assert_eq!(text("a\n\tb\rc"), "a\n\tb\\u{d}c");
        assert_eq!(json_fragment("a\u{7f}\u{202e}"), "a\\u007f\\u202e");
    }

    #[test]
    fn clean_text_is_borrowed_and_unicode_kept() {
        assert!(matches!(line("héllo ✓ 世界"), Cow::Borrowed(_)));
        assert_eq!(format!("{}", shown("ok ✓")), "ok ✓");
        assert_eq!(format!("{}", shown("a\u{1b}b\u{7}")), "a\\u{1b}b\\u{7}");
    }

    proptest::proptest! {
        #[test]
        fn no_control_survives(s in ".*") {
            let shown_line = line(&s);
            proptest::prop_assert!(!shown_line.chars().any(|c| is_unsafe(c, false)));
            proptest::prop_assert_eq!(format!("{}", shown(&s)), shown_line.as_ref());
            proptest::prop_assert!(!text(&s).chars().any(|c| is_unsafe(c, true)));
        }
    }
}
