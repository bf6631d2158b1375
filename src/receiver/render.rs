//! A received request for people. The full view: one summary line (`#N`, time, method, path,
//! event, conversation id, signature verdict, answer), the markers (the verdict's reason and
//! hint, token, duplicate, notes, the forward), then the body (a bounded preview: indented,
//! coloured JSON; text with a note; or hex for binary). The compact view: the summary line only,
//! with the markers as short tags on it.
//!
//! Lines fit the width they are given: the summary line gives up its less important parts
//! first (the conversation id is cut, then the time, the duration and the long forms of the
//! verdicts go, then the path and the event are cut), and never cuts a verdict mid-word; marker
//! lines wrap between words. The body keeps its own lines (it is data).
//!
//! Everything in a request came from outside: each field goes through [`crate::sanitize`]
//! before it is put in a line, so a request cannot write to the terminal.

use std::io::Write;

use colored::{ColoredString, Colorize};
use unicode_width::UnicodeWidthStr;

use super::Received;
use super::record::{RequestRecord, SignatureStatus, TokenCheck};
use crate::sanitize::shown;

/// Body lines shown before the rest is cut (the record file keeps everything).
const BODY_LINES: usize = 60;

/// How requests are shown.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// Colour the JSON body (the rest follows `colored`'s global decision).
    pub color: bool,
    /// Add the (redacted) headers.
    pub verbose: bool,
    /// One line per request.
    pub compact: bool,
    /// Show the body preview (full view only).
    pub body: bool,
    /// Columns a line may take.
    pub width: usize,
}

impl Default for View {
    fn default() -> Self {
        Self {
            color: false,
            verbose: false,
            compact: false,
            body: true,
            width: 80,
        }
    }
}

/// Write the lines for one request, each ending in a newline.
pub fn write(out: &mut impl Write, rx: &Received, view: &View) -> std::io::Result<()> {
    let r = &rx.record;
    // An OpenClaw cron delivery has no webhook event: its job and outcome take that place.
    let cron = if r.event.is_none() {
        super::cron::finished(&rx.body)
    } else {
        None
    };
    let mut line = SummaryLine::new(r, view.width);
    if let Some(c) = &cron {
        let paint = if c.ok() { Paint::Bold } else { Paint::Red };
        line.parts[EVENT] = Part::new(c.headline(), paint, "  ").cuttable(12);
    }
    if view.compact {
        line.add_tags(r);
    }
    writeln!(out, "{}", line.fit(view.width))?;
    if view.compact {
        return Ok(());
    }
    if let Some(c) = &cron {
        for text in c.lines() {
            Marker::new("  ", text, Paint::Plain).write_wrapped(out, view.width)?;
        }
    }
    for marker in markers(r) {
        marker.write_wrapped(out, view.width)?;
    }
    if view.verbose {
        for (name, value) in r.headers.iter() {
            writeln!(
                out,
                "  {}: {}",
                shown(name).to_string().dimmed(),
                shown(value)
            )?;
        }
    }
    // A retry's body is the first attempt's, byte for byte: its marker says so instead.
    if view.body && r.duplicate_of.is_none() {
        for l in body_lines(&rx.body, view.color) {
            writeln!(out, "  {l}")?;
        }
    }
    Ok(())
}

/// The lines for one request, without their newlines (for tests and one-off callers).
pub fn lines(rx: &Received, view: &View) -> Vec<String> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(&mut out, rx, view);
    String::from_utf8_lossy(&out)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// How a part of a line is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paint {
    Plain,
    Dim,
    Bold,
    Green,
    Red,
    Yellow,
    Cyan,
}

fn paint(text: &str, how: Paint) -> ColoredString {
    match how {
        Paint::Plain => text.normal(),
        Paint::Dim => text.dimmed(),
        Paint::Bold => text.bold(),
        Paint::Green => text.green(),
        Paint::Red => text.red(),
        Paint::Yellow => text.yellow(),
        Paint::Cyan => text.cyan(),
    }
}

/// One part of the summary line: its forms, longest first (an empty form drops the part), and
/// whether its last form may be cut short with `…` (ids and names; never a verdict).
struct Part {
    forms: Vec<String>,
    form: usize,
    /// The fewest columns a cut may leave, when the part may be cut.
    cut_to: Option<usize>,
    /// Cut in the middle (`conv_…wpdnpk`: ids differ at the end) rather than at the end.
    cut_middle: bool,
    /// Cut after a whole word (prose: a note), when there is one.
    cut_words: bool,
    paint: Paint,
    /// What separates it from the part before.
    sep: &'static str,
}

impl Part {
    fn new(text: String, paint: Paint, sep: &'static str) -> Self {
        Self {
            forms: vec![text],
            form: 0,
            cut_to: None,
            cut_middle: false,
            cut_words: false,
            paint,
            sep,
        }
    }

    /// A shorter form to fall back on.
    fn or(mut self, shorter: impl Into<String>) -> Self {
        self.forms.push(shorter.into());
        self
    }

    /// May be dropped altogether.
    fn droppable(self) -> Self {
        self.or(String::new())
    }

    /// May be cut, down to `min` columns.
    fn cuttable(mut self, min: usize) -> Self {
        self.cut_to = Some(min);
        self
    }

    /// May be cut in the middle, down to `min` columns.
    fn cuttable_middle(mut self, min: usize) -> Self {
        self.cut_middle = true;
        self.cuttable(min)
    }

    fn text(&self) -> &str {
        &self.forms[self.form]
    }

    fn width(&self) -> usize {
        match self.text() {
            "" => 0,
            t => self.sep.width() + t.width(),
        }
    }

    /// The next shorter form; false when there is none.
    fn shorten(&mut self) -> bool {
        if self.form + 1 < self.forms.len() {
            self.form += 1;
            true
        } else {
            false
        }
    }

    /// Cut the current form by up to `excess` columns (never below `cut_to`), ending in `…`.
    fn cut(&mut self, excess: usize) -> bool {
        let Some(min) = self.cut_to else { return false };
        let text = self.text();
        let now = text.width();
        if now <= min.max(1) {
            return false;
        }
        let target = now.saturating_sub(excess).max(min).max(1);
        // Room for the ellipsis.
        let keep = target - 1;
        let (head, tail) = if self.cut_middle {
            (keep / 2, keep - keep / 2)
        } else {
            (keep, 0)
        };
        let mut cut = String::with_capacity(text.len());
        let mut used = 0;
        for c in text.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > head {
                break;
            }
            used += w;
            cut.push(c);
        }
        if self.cut_words
            && let Some(space) = cut.rfind(' ')
        {
            cut.truncate(space);
        }
        cut.push('…');
        let mut end = Vec::new();
        let mut used = 0;
        for c in text.chars().rev() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > tail {
                break;
            }
            used += w;
            end.push(c);
        }
        cut.extend(end.into_iter().rev());
        self.forms[self.form] = cut;
        true
    }
}

/// The parts of a summary line, by position (`#N` is 0 and the method 2: neither is ever given
/// up).
const TIME: usize = 1;
const PATH: usize = 3;
const EVENT: usize = 4;
const CONV: usize = 5;
const SIG: usize = 6;
const ANSWER: usize = 7;
const DURATION: usize = 8;
const HUNG_UP: usize = 9;
/// Compact tags follow, from here on, least important last.
const TAGS: usize = 10;

/// What to give up, in order, when the line is too wide: first what a person misses least.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// The next shorter form of a part.
    Shorten(usize),
    /// Cut a part's text with `…`.
    Cut(usize),
    /// Every compact tag to its short form.
    ShortTags,
    /// Compact tags dropped, the last first, until the line fits.
    DropTags,
}

/// Each step is taken once, in order, until the line fits (a `Cut` cuts as much as needed, up
/// to its limit).
const STEPS: [Step; 15] = [
    Step::Cut(CONV),
    Step::Shorten(DURATION),
    Step::Shorten(HUNG_UP),
    Step::Shorten(SIG),
    Step::ShortTags,
    Step::Shorten(CONV),
    Step::Shorten(HUNG_UP),
    Step::Shorten(SIG),
    Step::Shorten(HUNG_UP),
    Step::Shorten(TIME),
    Step::DropTags,
    Step::Cut(PATH),
    Step::Cut(EVENT),
    Step::Shorten(ANSWER),
    Step::Shorten(SIG),
];

struct SummaryLine {
    parts: Vec<Part>,
}

impl SummaryLine {
    fn width(&self) -> usize {
        self.parts.iter().map(Part::width).sum()
    }

    /// `#N`, time, method, path, event, conversation id, signature verdict, answer, duration,
    /// and the hang-up of a sender that did not wait for the answer.
    fn new(r: &RequestRecord, width: usize) -> Self {
        let mut parts = Vec::with_capacity(TAGS + 4);
        parts.push(Part::new(format!("#{}", r.seq), Paint::Bold, ""));
        // The time's form depends on the width only, so that lines line up: milliseconds
        // from 100 columns on.
        let mut time = local_time(&r.received_at);
        if width < 100 {
            time.truncate(time.find('.').unwrap_or(time.len()));
        }
        parts.push(Part::new(time, Paint::Dim, " ").droppable());
        parts.push(Part::new(shown(&r.method).to_string(), Paint::Bold, "  "));
        let path = match &r.query {
            Some(q) => format!("{}?{}", shown(&r.path), shown(q)),
            None => shown(&r.path).to_string(),
        };
        parts.push(Part::new(path, Paint::Plain, " ").cuttable(8));
        let event = r
            .event
            .as_deref()
            .map_or_else(|| "(no event)".to_owned(), |e| shown(e).to_string());
        parts.push(Part::new(event, Paint::Bold, "  ").cuttable(12));
        let conv = shown(r.conversation_id.as_deref().unwrap_or("")).to_string();
        parts.push(
            Part::new(conv, Paint::Dim, "  ")
                .cuttable_middle(12)
                .droppable(),
        );
        parts.push(signature_part(r));
        parts.extend(answer_parts(r));
        Self { parts }
    }

    /// The markers as short tags, for the compact view.
    fn add_tags(&mut self, r: &RequestRecord) {
        let mut tag = |text: String, short: String, paint| {
            self.parts
                .push(Part::new(text, paint, "  ").or(short).droppable());
        };
        if let Some(first) = r.duplicate_of {
            tag(
                format!("↻ duplicate of #{first} (attempt {})", r.attempt),
                format!("↻ #{first}"),
                Paint::Yellow,
            );
        }
        if let Some(other) = r.conflicts_with {
            tag(
                format!("! same event and conversation as #{other}"),
                format!("! like #{other}"),
                Paint::Yellow,
            );
        }
        match r.token {
            Some(TokenCheck::Invalid) => {
                tag("✗ token invalid".into(), "✗ token".into(), Paint::Red)
            }
            Some(TokenCheck::Missing) => {
                tag("✗ token missing".into(), "✗ token".into(), Paint::Red)
            }
            _ => {}
        }
        if let Some(hint) = forward_hint(r) {
            tag(
                format!("hint: {hint}"),
                "hint: check your app's secret".into(),
                Paint::Yellow,
            );
        }
        if let Some(f) = &r.forward
            && f.error.is_some()
        {
            tag("✗ forward failed".into(), "✗ forward".into(), Paint::Red);
        }
        if let Some(note) = &r.note {
            let mut note = Part::new(format!("note: {}", shown(note)), Paint::Cyan, "  ")
                .cuttable(12)
                .droppable();
            note.cut_words = true;
            self.parts.push(note);
        }
    }

    /// The line in at most `width` columns when it can be made to fit (a very narrow terminal
    /// wraps what is left), coloured.
    fn fit(mut self, width: usize) -> String {
        for step in STEPS {
            let excess = self.width().saturating_sub(width);
            if excess == 0 {
                break;
            }
            match step {
                Step::Shorten(i) => {
                    self.parts[i].shorten();
                }
                Step::Cut(i) => {
                    self.parts[i].cut(excess);
                }
                Step::ShortTags => {
                    for tag in &mut self.parts[TAGS..] {
                        if !tag.cut(excess) {
                            tag.shorten();
                        }
                    }
                }
                Step::DropTags => {
                    let mut i = self.parts.len();
                    while i > TAGS && self.width() > width {
                        i -= 1;
                        let tag = &mut self.parts[i];
                        tag.form = tag.forms.len() - 1;
                    }
                }
            }
        }
        let mut line = String::with_capacity(width + 32);
        for p in &self.parts {
            let text = p.text();
            if text.is_empty() {
                continue;
            }
            // The first part shown has nothing before it.
            if !line.is_empty() {
                line.push_str(p.sep);
            }
            line.push_str(&paint(text, p.paint).to_string());
        }
        line
    }
}

/// The time the request arrived, in the local time zone.
fn local_time(received_at: &str) -> String {
    received_at
        .parse::<jiff::Timestamp>()
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%H:%M:%S%.3f")
                .to_string()
        })
        .unwrap_or_default()
}

fn signature_part(r: &RequestRecord) -> Part {
    let sep = "  ";
    match r.signature.status {
        SignatureStatus::Valid => {
            let scheme = r.signature.scheme.map(|s| s.name()).unwrap_or("?");
            Part::new(format!("✓ signature valid ({scheme})"), Paint::Green, sep)
                .or("✓ signature valid")
                .or("✓ signed")
        }
        SignatureStatus::Invalid => {
            Part::new("✗ signature invalid".into(), Paint::Red, sep).or("✗ bad signature")
        }
        SignatureStatus::Unsigned => Part::new("! unsigned".into(), Paint::Yellow, sep),
        // A secret is set, but the request was refused or cut off before its body was checked:
        // its note says why.
        SignatureStatus::Unchecked if r.signature.reason.is_some() => {
            Part::new("signature not checked".into(), Paint::Dim, sep).droppable()
        }
        SignatureStatus::Unchecked => {
            Part::new("signature not checked (no secret)".into(), Paint::Dim, sep)
                .or("not checked")
                .droppable()
        }
    }
}

/// The answer, how long it took, and a sender that hung up before it.
fn answer_parts(r: &RequestRecord) -> [Part; 3] {
    let sep = "  ";
    let answer = match r.status {
        // The note says when the client left.
        None => Part::new("no answer (client gone)".into(), Paint::Red, sep),
        Some(s) => {
            let paint = if (200..300).contains(&s) {
                Paint::Green
            } else {
                Paint::Red
            };
            Part::new(format!("→ {s}"), paint, sep)
        }
    };
    let Some(gone) = r.sender_hung_up_ms else {
        return [
            answer,
            Part::new(duration(r.elapsed_ms), Paint::Dim, "  ").droppable(),
            Part::new(String::new(), Paint::Plain, ""),
        ];
    };
    let gone = seconds(gone);
    [
        answer,
        // Kept: how long the sender would have had to wait is the point here.
        Part::new(
            format!("after {}", seconds(r.elapsed_ms)),
            Paint::Plain,
            " ",
        ),
        Part::new(
            format!("; the sender hung up at {gone}: it will count this as failed and retry"),
            Paint::Yellow,
            "",
        )
        .or(format!("; the sender hung up at {gone} (it will retry)"))
        .or(format!("; sender hung up at {gone}"))
        .or(format!("; hung up at {gone}")),
    ]
}

/// `0.5 s`, `2.0 s`; `40.0 ms` under a tenth of a second (a time to compare with a timeout).
fn seconds(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}

/// `0.4 ms`, `250.0 ms`, `2.0 s`.
fn duration(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}

/// The hint for a request that passed ocw's check but that the app behind `--forward-to`
/// refused: its check disagrees with ocw's, so its secret (or token) is the suspect.
fn forward_hint(r: &RequestRecord) -> Option<&'static str> {
    let refused = r
        .forward
        .as_ref()
        .and_then(|f| f.status)
        .is_some_and(|s| s == 401 || s == 403);
    if !refused {
        return None;
    }
    if r.signature.status == SignatureStatus::Valid {
        Some("signed correctly; your app rejected it: check the secret it uses")
    } else if r.token == Some(TokenCheck::Valid) {
        Some("the token is right; your app rejected it: check the token it expects")
    } else {
        None
    }
}

/// A line under the summary: a lead (`✗`, `hint:`, …) and prose from the request.
struct Marker {
    indent: &'static str,
    lead: Option<(&'static str, Paint)>,
    text: String,
    paint: Paint,
}

impl Marker {
    fn new(indent: &'static str, text: String, paint: Paint) -> Self {
        Self {
            indent,
            lead: None,
            text,
            paint,
        }
    }

    fn lead(mut self, lead: &'static str, paint: Paint) -> Self {
        self.lead = Some((lead, paint));
        self
    }

    /// The marker in lines of at most `width` columns, broken between words; continuation
    /// lines line up under the text.
    fn write_wrapped(&self, out: &mut impl Write, width: usize) -> std::io::Result<()> {
        let lead_width = self.lead.map_or(0, |(l, _)| l.width() + 1);
        let hang = self.indent.width() + lead_width;
        let room = width.saturating_sub(hang).max(20);
        let mut first = true;
        for chunk in wrap(&self.text, room) {
            if first {
                write!(out, "{}", self.indent)?;
                if let Some((lead, how)) = self.lead {
                    write!(out, "{} ", paint(lead, how))?;
                }
                first = false;
            } else {
                write!(out, "{:hang$}", "")?;
            }
            writeln!(out, "{}", paint(chunk, self.paint))?;
        }
        Ok(())
    }
}

/// `text` in pieces of at most `room` columns, broken at spaces; a word longer than `room`
/// stays whole on its own line (cutting it would change what it says).
fn wrap(text: &str, room: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut end = 0;
    let mut used = 0;
    for (i, word) in text.split(' ').scan(0, |at, w| {
        let i = *at;
        *at += w.len() + 1;
        Some((i, w))
    }) {
        let w = word.width();
        if used > 0 && used + 1 + w > room {
            pieces.push(&text[start..end]);
            start = i;
            used = 0;
        }
        used += if used > 0 { 1 + w } else { w };
        end = i + word.len();
    }
    if start < text.len() {
        pieces.push(&text[start..end.max(start)]);
    }
    pieces
}

/// The verdict's reason and hint, the token check, duplicate markers, notes and the forward.
fn markers(r: &RequestRecord) -> Vec<Marker> {
    let mut out = Vec::new();
    if r.signature.status == SignatureStatus::Invalid {
        if let Some(reason) = &r.signature.reason {
            out.push(
                Marker::new("  ", shown(reason).to_string(), Paint::Plain).lead("✗", Paint::Red),
            );
        }
        if let Some(hint) = &r.signature.hint {
            out.push(
                Marker::new("    ", shown(hint).to_string(), Paint::Plain)
                    .lead("hint:", Paint::Yellow),
            );
        }
    }
    match r.token {
        Some(TokenCheck::Valid) => {
            out.push(Marker::new("  ", "✓ token valid".into(), Paint::Green))
        }
        Some(TokenCheck::Invalid) => {
            out.push(Marker::new("  ", "✗ token invalid".into(), Paint::Red))
        }
        Some(TokenCheck::Missing) => out.push(Marker::new(
            "  ",
            "✗ token missing (expected Authorization: Bearer or x-openclaw-token)".into(),
            Paint::Red,
        )),
        None => {}
    }
    if let Some(first) = r.duplicate_of {
        out.push(Marker::new(
            "  ",
            format!(
                "↻ duplicate of #{first} (attempt {}, a retry): body identical to #{first}",
                r.attempt
            ),
            Paint::Yellow,
        ));
    }
    if let Some(other) = r.conflicts_with {
        out.push(Marker::new(
            "  ",
            format!("! same event and conversation as #{other}, different body"),
            Paint::Yellow,
        ));
    }
    if let Some(note) = &r.note {
        out.push(
            Marker::new("  ", shown(note).to_string(), Paint::Plain).lead("note:", Paint::Cyan),
        );
    }
    if let Some(f) = &r.forward {
        match (&f.status, &f.error) {
            (Some(s), _) => out.push(Marker::new(
                "  ",
                format!("forwarded to {} → {s}", shown(&f.url)),
                Paint::Plain,
            )),
            (None, Some(e)) => out.push(
                Marker::new("  ", shown(e).to_string(), Paint::Plain)
                    .lead("forward failed:", Paint::Red),
            ),
            _ => {}
        }
    }
    if let Some(hint) = forward_hint(r) {
        out.push(Marker::new("    ", hint.into(), Paint::Plain).lead("hint:", Paint::Yellow));
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
    use crate::receiver::record::{BodyEncoding, ForwardReport, SignatureReport};

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
                headers: crate::receiver::record::Headers::redacted(
                    &headers
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect::<Vec<_>>(),
                ),
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
                sender_hung_up_ms: None,
            },
            line: None,
            body: axum::body::Bytes::from_static(body),
            verdict: None,
        }
    }

    fn wide() -> View {
        View {
            width: 200,
            ..View::default()
        }
    }

    /// An OpenClaw cron delivery: the job and its outcome in place of the event, its facts as
    /// marker lines, the body below; one line in the compact view.
    #[test]
    fn a_cron_delivery_shows_its_job_and_outcome() {
        let mut rx = received(
            br#"{"jobId":"j-1","action":"finished","job":{"name":"Nightly"},"status":"error","error":"model timed out","durationMs":1500,"sessionKey":"agent:main:cron:j-1","delivered":false}"#,
            &[],
        );
        rx.record.event = None;
        rx.record.conversation_id = None;
        rx.record.note = None;
        rx.record.token = Some(TokenCheck::Valid);
        let lines = lines(&rx, &wide());
        assert!(lines[0].contains("  cron error \"Nightly\"  "), "{lines:?}");
        assert_eq!(
            lines[1],
            "  cron job \"Nightly\" (j-1) finished: error in 1.5 s"
        );
        assert_eq!(lines[2], "  error: model timed out");
        assert_eq!(lines[3], "  session agent:main:cron:j-1");
        assert_eq!(lines[4], "  delivery: not delivered");
        assert_eq!(lines[5], "  ✓ token valid");
        let compact = View {
            compact: true,
            ..wide()
        };
        let one = super::lines(&rx, &compact);
        assert_eq!(one.len(), 1, "{one:?}");
        assert!(one[0].contains("cron error \"Nightly\""));
        // A webhook event's body is never read as a cron event.
        let rx = received(br#"{"jobId":"j","action":"finished"}"#, &[]);
        assert!(!super::lines(&rx, &wide())[0].contains("cron"));
    }

    /// Pins what a hostile request looks like: every field escaped, the body's own line breaks
    /// kept inside the indented preview.
    #[test]
    fn a_hostile_request_is_shown_escaped() {
        let rx = received(
            b"hi \x1b]52;c;aGk=\x07\r\n\xe2\x9c\x93 signature valid\n",
            &[("x-evil", "a\u{9b}31m\u{202e}")],
        );
        let view = View {
            verbose: true,
            ..wide()
        };
        let shown = lines(&rx, &view).join("\n");
        assert_eq!(
            shown,
            "#1  POST /h\\u{1b}[2J?token=redacted  lead.qualified\\u{1b}]0;pwned\\u{7}  c\\u{9b}1  \
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
        let shown = lines(&rx, &wide());
        assert_eq!(shown.len(), 1 + 1 + BODY_LINES + 1, "{shown:?}");
        assert_eq!(shown[2], "  [");
        let last = shown.last().unwrap();
        assert!(
            last.starts_with("  … ")
                && last.ends_with(" more bytes (--json and --record keep all)"),
            "{last}"
        );
    }

    fn valid(mut rx: Received) -> Received {
        rx.record.path = "/webhooks".into();
        rx.record.query = None;
        rx.record.event = Some("lead.qualified".into());
        rx.record.conversation_id = Some("conv_01m8kmhjddvnjw70cbgykpsddg".into());
        rx.record.received_at = String::new();
        rx.record.note = None;
        rx.record.signature = SignatureReport {
            status: SignatureStatus::Valid,
            scheme: Some(crate::signing::Scheme::Ocw),
            reason: None,
            hint: None,
        };
        rx
    }

    /// Narrower and narrower: the line always fits (down to what cannot be given up), gives up
    /// the conversation id and the duration before the verdict's long form, and never shows a
    /// verdict cut in the middle.
    #[test]
    fn the_summary_line_fits_the_width_without_cutting_a_verdict() {
        let rx = valid(received(b"{}", &[]));
        let verdicts = ["✓ signature valid (ocw)", "✓ signature valid", "✓ signed"];
        let mut previous = usize::MAX;
        for width in (51..=120).rev() {
            let view = View {
                compact: true,
                width,
                ..View::default()
            };
            let line = lines(&rx, &view).remove(0);
            let w = line.width();
            assert!(w <= width, "{w} > {width}: {line}");
            assert!(w <= previous);
            previous = w;
            assert!(
                line.starts_with("#1  POST /webhooks  lead.qualified"),
                "{line}"
            );
            assert!(line.contains("→ 200"), "{line}");
            let shown: Vec<_> = verdicts.iter().filter(|v| line.contains(*v)).collect();
            assert!(!shown.is_empty(), "a whole verdict at {width}: {line}");
        }
        let at = |width| {
            lines(
                &rx,
                &View {
                    compact: true,
                    width,
                    ..View::default()
                },
            )
            .remove(0)
        };
        assert_eq!(
            at(120),
            "#1  POST /webhooks  lead.qualified  conv_01m8kmhjddvnjw70cbgykpsddg  \
             ✓ signature valid (ocw)  → 200  0.5 ms"
        );
        assert_eq!(
            at(80),
            "#1  POST /webhooks  lead.qualified  conv_…kpsddg  ✓ signature valid (ocw)  → 200"
        );
        assert_eq!(
            at(51),
            "#1  POST /webhooks  lead.qualified  ✓ signed  → 200"
        );
        // Narrower than what cannot be given up: the shortest forms, and the terminal wraps.
        assert_eq!(at(40), "#1  POST /webhoo…  lead.qualif…  ✓ signed  → 200");
    }

    #[test]
    fn a_retry_says_its_body_is_identical_instead_of_showing_it() {
        let mut rx = valid(received(br#"{"event":"lead.qualified"}"#, &[]));
        rx.record.seq = 4;
        rx.record.attempt = 2;
        rx.record.duplicate_of = Some(1);
        let shown = lines(&rx, &View::default());
        assert_eq!(
            shown[1],
            "  ↻ duplicate of #1 (attempt 2, a retry): body identical to #1"
        );
        assert_eq!(shown.len(), 2, "no body: {shown:?}");
        let compact = View {
            compact: true,
            width: 120,
            ..View::default()
        };
        assert!(lines(&rx, &compact)[0].ends_with("  ↻ duplicate of #1 (attempt 2)"));
    }

    #[test]
    fn a_sender_that_hung_up_is_on_the_request_line() {
        let mut rx = valid(received(b"{}", &[]));
        rx.record.elapsed_ms = 2001.8;
        rx.record.sender_hung_up_ms = Some(502.0);
        let line = |width| {
            lines(
                &rx,
                &View {
                    width,
                    ..View::default()
                },
            )
            .remove(0)
        };
        assert!(
            line(200).ends_with(
                "→ 200 after 2.0 s; the sender hung up at 0.5 s: it will count this as failed and retry"
            ),
            "{}",
            line(200)
        );
        let narrow = line(80);
        assert!(narrow.width() <= 80, "{narrow}");
        assert!(
            narrow.contains("→ 200") && narrow.contains("hung up"),
            "{narrow}"
        );
    }

    #[test]
    fn a_valid_request_the_app_refused_gets_a_hint() {
        let mut rx = valid(received(b"{}", &[]));
        rx.record.status = Some(401);
        rx.record.forward = Some(ForwardReport {
            url: "http://127.0.0.1:5000/hook".into(),
            status: Some(401),
            error: None,
        });
        let shown = lines(&rx, &wide());
        assert_eq!(shown[1], "  forwarded to http://127.0.0.1:5000/hook → 401");
        assert_eq!(
            shown[2],
            "    hint: signed correctly; your app rejected it: check the secret it uses"
        );
        rx.record.signature = SignatureReport::unchecked();
        assert!(!lines(&rx, &wide()).join("\n").contains("hint:"));
    }

    #[test]
    fn marker_lines_wrap_between_words() {
        let mut rx = valid(received(b"{}", &[]));
        rx.record.signature = SignatureReport {
            status: SignatureStatus::Invalid,
            scheme: None,
            reason: Some("signature does not match the body with the secret".into()),
            hint: Some(
                "check that the secret is the one the sender signs with, and that the body is \
                 exactly the bytes received (not re-serialized, re-encoded or reformatted)"
                    .into(),
            ),
        };
        let shown = lines(
            &rx,
            &View {
                width: 60,
                body: false,
                ..View::default()
            },
        );
        for l in &shown {
            assert!(l.width() <= 60, "{l}");
        }
        assert_eq!(
            shown[2],
            "    hint: check that the secret is the one the sender signs"
        );
        assert_eq!(
            shown[3],
            "          with, and that the body is exactly the bytes"
        );
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        let joined = shown[2..].join(" ");
        assert_eq!(
            words(&joined)[1..],
            words(rx.record.signature.hint.as_deref().unwrap())[..],
            "no word lost or cut"
        );
    }

    #[test]
    fn a_refused_request_does_not_claim_there_is_no_secret() {
        let mut rx = valid(received(b"", &[]));
        rx.record.status = Some(404);
        rx.record.signature = SignatureReport::not_reached(
            "not checked: the request was refused before its signature was",
        );
        rx.record.note = Some("path not accepted (only /hook)".into());
        let shown = lines(&rx, &wide()).join("\n");
        assert!(shown.contains("signature not checked  → 404"), "{shown}");
        assert!(!shown.contains("no secret"), "{shown}");
    }

    #[test]
    fn wrap_keeps_long_words_whole() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            ["averyveryverylongword", "x"]
        );
        assert_eq!(wrap("", 5), Vec::<&str>::new());
    }
}
