//! Recorded requests, played back: the request lines of a `listen --record` file (or of
//! `listen --json` output) read one at a time, selected, and turned into requests for another
//! receiver, byte-exact.
//!
//! A record file is outside input: a line is read up to [`MAX_LINE`] bytes (longer ones are
//! skipped, never buffered whole), a line that is not a request record is skipped with its
//! number, and nothing in a record can choose where a request goes (the URL is the user's).
//! Memory stays at one line, plus the last N requests with `--last N`.

use std::collections::VecDeque;
use std::io::BufRead;

use base64::Engine as _;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;

use crate::redact::REDACTED;

/// The longest record line read: a 64 MiB body in base64 with its headers. `listen` refuses
/// bodies over `--max-body` (1 MiB by default), so real records are far below this.
pub const MAX_LINE: usize = 96 * 1024 * 1024;

/// Headers that describe one connection, not the request: never replayed (RFC 9110 7.6.1),
/// with `host` and `content-length`, which the new request gets for itself.
const NOT_REPLAYED: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
];

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// Its line in the file (1-based), for messages.
    pub line: usize,
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// In recorded order (names lowercase, repeated headers joined with ", ").
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub event: Option<String>,
    pub conversation_id: Option<String>,
}

/// A line of the file, as far as replay reads it.
#[derive(Deserialize)]
struct Line {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    seq: u64,
    #[serde(default)]
    method: String,
    #[serde(default)]
    path: String,
    query: Option<String>,
    #[serde(default)]
    headers: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    body: String,
    #[serde(default)]
    body_encoding: String,
    event: Option<String>,
    conversation_id: Option<String>,
    /// `null` when the request never arrived whole: its body is not the sender's.
    status: Option<u16>,
}

/// A line that is not replayed, and why (for a warning naming the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub why: String,
}

/// What reading gives, one line at a time.
#[derive(Debug)]
pub enum Item {
    Request(Box<Recorded>),
    Skipped(Skipped),
}

/// The lines of a record file, as [`Item`]s; other JSON lines (`ready`, `summary`) are passed
/// over in silence.
pub struct Reader<R> {
    input: R,
    line: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Self {
        Reader {
            input,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// Read up to the next newline, keeping at most [`MAX_LINE`] bytes: `Ok(None)` at the end,
    /// `Ok(Some(false))` for a line that was too long (read past, not kept).
    fn next_line(&mut self) -> std::io::Result<Option<bool>> {
        self.buf.clear();
        let mut whole = true;
        loop {
            let chunk = self.input.fill_buf()?;
            if chunk.is_empty() {
                return Ok((!self.buf.is_empty() || !whole).then_some(whole));
            }
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            if whole && self.buf.len() + take <= MAX_LINE + 1 {
                self.buf.extend_from_slice(&chunk[..take]);
            } else {
                whole = false;
                self.buf.clear();
            }
            self.input.consume(take);
            if done {
                return Ok(Some(whole));
            }
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = std::io::Result<Item>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let whole = match self.next_line() {
                Ok(Some(whole)) => whole,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            self.line += 1;
            let line = self.line;
            let skip = |why: String| Some(Ok(Item::Skipped(Skipped { line, why })));
            if !whole {
                return skip(format!("longer than {}", crate::units::bytes(MAX_LINE)));
            }
            let text = self.buf.trim_ascii();
            if text.is_empty() {
                continue;
            }
            let parsed: Line = match serde_json::from_slice(text) {
                Ok(l) => l,
                Err(e) => return skip(format!("not a record line ({e})")),
            };
            if parsed.kind != "request" {
                continue;
            }
            return Some(Ok(match recorded(parsed, line) {
                Ok(r) => Item::Request(Box::new(r)),
                Err(why) => Item::Skipped(Skipped { line, why }),
            }));
        }
    }
}

/// A request line as a [`Recorded`], or why it cannot be replayed.
fn recorded(l: Line, line: usize) -> Result<Recorded, String> {
    let seq = l.seq;
    if l.status.is_none() {
        return Err(format!(
            "#{seq} never arrived whole (the sender left mid-request)"
        ));
    }
    if !l.method.eq_ignore_ascii_case("POST") {
        return Err(format!(
            "#{seq} is a {} request, not a webhook delivery",
            crate::sanitize::line(&l.method)
        ));
    }
    let body = match l.body_encoding.as_str() {
        "base64" => base64::engine::general_purpose::STANDARD
            .decode(l.body.as_bytes())
            .map_err(|e| format!("#{seq}: its base64 body does not decode ({e})"))?,
        _ => l.body.into_bytes(),
    };
    let headers = l
        .headers
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_ascii_lowercase(), v.as_str()?.to_owned())))
        .collect();
    Ok(Recorded {
        line,
        seq,
        method: l.method,
        path: l.path,
        query: l.query,
        headers,
        body: Bytes::from(body),
        event: l.event,
        conversation_id: l.conversation_id,
    })
}

/// Which recorded requests to replay. Empty filters select everything.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub seqs: Vec<u64>,
    pub events: Vec<String>,
    /// Only the last N of those the other filters select.
    pub last: Option<usize>,
}

impl Selection {
    /// Whether `r` passes `--seq` and `--event`.
    pub fn wants(&self, r: &Recorded) -> bool {
        (self.seqs.is_empty() || self.seqs.contains(&r.seq))
            && (self.events.is_empty()
                || self
                    .events
                    .iter()
                    .any(|p| crate::pattern::matches(p, r.event.as_deref().unwrap_or(""))))
    }
}

/// The selected requests of `items`, in file order, with the lines skipped on the way.
/// Without `--last` everything selected is yielded as it is read (memory: one request);
/// with it, only the last N are kept.
pub fn select(
    items: impl Iterator<Item = std::io::Result<Item>>,
    selection: &Selection,
    mut each: impl FnMut(Item) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut tail: VecDeque<Recorded> = VecDeque::new();
    for item in items {
        match item? {
            Item::Request(r) if !selection.wants(&r) => {}
            Item::Request(r) => match selection.last {
                Some(0) => {}
                Some(n) => {
                    if tail.len() == n {
                        tail.pop_front();
                    }
                    tail.push_back(*r);
                }
                None => each(Item::Request(r))?,
            },
            skipped @ Item::Skipped(_) => each(skipped)?,
        }
    }
    for r in tail {
        each(Item::Request(Box::new(r)))?;
    }
    Ok(())
}

/// Where a recorded request goes: `to` as given, or, when `to` has no path of its own
/// (`--to :3000`), with the recorded path and query.
pub fn target_url(to: &url::Url, r: &Recorded) -> url::Url {
    if to.path() != "/" || to.query().is_some() {
        return to.clone();
    }
    let mut url = to.clone();
    // The recorded path is what hyper parsed from a request line: a valid origin-form path.
    url.set_path(&r.path);
    url.set_query(r.query.as_deref());
    url
}

/// The headers to send again: the recorded ones minus connection headers, minus those the
/// record redacted (their value is gone; named in `redacted`), minus signature headers when
/// `strip_signatures` (they are made anew).
pub fn replayed_headers(
    r: &Recorded,
    strip_signatures: bool,
    redacted: &mut Vec<String>,
) -> HeaderMap {
    let mut out = HeaderMap::new();
    for (name, value) in &r.headers {
        if NOT_REPLAYED.contains(&name.as_str())
            || (strip_signatures && crate::signing::is_signature_header(name))
        {
            continue;
        }
        if value == REDACTED {
            redacted.push(name.clone());
            continue;
        }
        // A record file may have been edited: a name or value HTTP cannot carry is dropped
        // (named like a redacted one) rather than sent mangled.
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => {
                out.append(n, v);
            }
            _ => redacted.push(name.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<Item> {
        Reader::new(std::io::Cursor::new(text.as_bytes().to_vec()))
            .map(Result::unwrap)
            .collect()
    }

    const REQ: &str = r#"{"type":"request","seq":3,"method":"POST","path":"/hook","query":"a=1","headers":{"content-type":"application/json","x-openclaw-signature":"ab","authorization":"[redacted]","host":"x","content-length":"2","connection":"keep-alive"},"body":"{}","body_encoding":"utf8","event":"lead.qualified","conversation_id":"c1","status":200}"#;

    #[test]
    fn reads_requests_and_skips_the_rest_by_line() {
        let text = format!(
            "{{\"type\":\"ready\",\"url\":\"u\"}}\n{REQ}\n\nnot json\n{}\n{}\n",
            r#"{"type":"request","seq":4,"method":"GET","path":"/","headers":{},"body":"","body_encoding":"utf8","status":200}"#,
            r#"{"type":"request","seq":5,"method":"POST","path":"/","headers":{},"body":"AAEC","body_encoding":"base64","status":null}"#,
        );
        let got = items(&text);
        assert_eq!(got.len(), 4, "{got:?}");
        let Item::Request(r) = &got[0] else { panic!() };
        assert_eq!((r.seq, r.line, r.body.as_ref()), (3, 2, &b"{}"[..]));
        let why: Vec<(usize, &str)> = got[1..]
            .iter()
            .map(|i| match i {
                Item::Skipped(s) => (s.line, s.why.as_str()),
                _ => panic!(),
            })
            .collect();
        assert_eq!(why[0].0, 4);
        assert!(why[0].1.starts_with("not a record line"));
        assert_eq!(why[1], (5, "#4 is a GET request, not a webhook delivery"));
        assert_eq!(
            why[2],
            (6, "#5 never arrived whole (the sender left mid-request)")
        );
    }

    #[test]
    fn base64_bodies_are_exact() {
        let line = r#"{"type":"request","seq":1,"method":"POST","path":"/","headers":{},"body":"AP8K","body_encoding":"base64","status":200}"#;
        let Item::Request(r) = &items(line)[0] else {
            panic!()
        };
        assert_eq!(r.body.as_ref(), &[0u8, 0xff, b'\n']);
    }

    #[test]
    fn an_overlong_line_is_skipped_without_being_kept() {
        let mut r = Reader::new(std::io::Cursor::new(Vec::new()));
        // A reader over a long line (built lazily to keep the test cheap): MAX_LINE + 10 bytes.
        let long = vec![b'x'; MAX_LINE + 10];
        r.input = std::io::Cursor::new([long, b"\n".to_vec(), REQ.as_bytes().to_vec()].concat());
        let got: Vec<Item> = r.map(Result::unwrap).collect();
        assert!(
            matches!(&got[0], Item::Skipped(s) if s.line == 1 && s.why.starts_with("longer than"))
        );
        assert!(matches!(&got[1], Item::Request(r) if r.seq == 3 && r.line == 2));
    }

    #[test]
    fn selection_and_last() {
        let lines: String = (1..=5)
            .map(|i| {
                REQ.replace("\"seq\":3", &format!("\"seq\":{i}")).replace(
                    "lead.qualified",
                    if i % 2 == 0 {
                        "message.sent"
                    } else {
                        "lead.qualified"
                    },
                ) + "\n"
            })
            .collect();
        let run = |sel: Selection| {
            let mut seqs = Vec::new();
            let reader = Reader::new(std::io::Cursor::new(lines.clone().into_bytes()));
            select(reader, &sel, |i| {
                if let Item::Request(r) = i {
                    seqs.push(r.seq);
                }
                Ok(())
            })
            .unwrap();
            seqs
        };
        assert_eq!(run(Selection::default()), [1, 2, 3, 4, 5]);
        let seqs = Selection {
            seqs: vec![4, 2],
            ..Selection::default()
        };
        assert_eq!(run(seqs), [2, 4]);
        let events = Selection {
            events: vec!["lead.*".into()],
            ..Selection::default()
        };
        assert_eq!(run(events), [1, 3, 5]);
        let last = Selection {
            events: vec!["lead.*".into()],
            last: Some(2),
            ..Selection::default()
        };
        assert_eq!(run(last), [3, 5]);
    }

    #[test]
    fn headers_and_url() {
        let Item::Request(r) = &items(REQ)[0] else {
            panic!()
        };
        let mut redacted = Vec::new();
        let h = replayed_headers(r, false, &mut redacted);
        let names: Vec<&str> = h.keys().map(|k| k.as_str()).collect();
        assert_eq!(names, ["content-type", "x-openclaw-signature"]);
        assert_eq!(redacted, ["authorization"]);
        let h = replayed_headers(r, true, &mut Vec::new());
        assert!(h.get("x-openclaw-signature").is_none());

        let bare: url::Url = "http://127.0.0.1:3000".parse().unwrap();
        assert_eq!(
            target_url(&bare, r).as_str(),
            "http://127.0.0.1:3000/hook?a=1"
        );
        // Nothing in a record chooses the host.
        let mut evil = (**r).clone();
        evil.path = "//evil.example/x".into();
        evil.query = Some("@evil.example".into());
        let url = target_url(&bare, &evil);
        assert_eq!(url.host_str(), Some("127.0.0.1"), "{url}");
        let fixed: url::Url = "http://127.0.0.1:3000/other".parse().unwrap();
        assert_eq!(
            target_url(&fixed, r).as_str(),
            "http://127.0.0.1:3000/other"
        );
    }
}
