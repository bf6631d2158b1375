//! What the receiver knows about one request, in the shape `--json` prints and `--record`
//! stores, plus header redaction and the record file.
//!
//! The JSON shape is documented in the README ("`ocw listen --json`"); keep the two in step.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use base64::Engine as _;
use serde::Serialize;

use crate::signing::{Scheme, Verdict, VerdictKind};

pub use crate::redact::REDACTED;

/// One request, as printed with `--json` and appended to `--record`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RequestRecord {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub seq: u64,
    pub received_at: String,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Lowercase names; repeated headers joined with ", "; credentials redacted.
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub headers: Headers,
    /// The body as JSON text; empty in the record the consumer gets (its line carries it).
    pub body: String,
    pub body_encoding: BodyEncoding,
    pub body_bytes: usize,
    pub event: Option<String>,
    pub conversation_id: Option<String>,
    pub signature: SignatureReport,
    pub token: Option<TokenCheck>,
    pub attempt: u64,
    pub duplicate_of: Option<u64>,
    pub conflicts_with: Option<u64>,
    /// The status ocw answered with; `None` when the client left before an answer was possible.
    pub status: Option<u16>,
    pub elapsed_ms: f64,
    pub note: Option<String>,
    pub forward: Option<ForwardReport>,
    /// When the sender closed the connection while ocw held its answer back (a `--delay`, or
    /// the app behind `--forward-to`), in ms after the request arrived: the sender never read
    /// `status` and counts the delivery as failed. `None` when it waited for the answer.
    pub sender_hung_up_ms: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    Utf8,
    Base64,
}

/// The body as JSON text: the UTF-8 text itself when it is UTF-8 (a JSON string round-trips it
/// exactly), else base64 of the bytes.
pub fn encode_body(body: &[u8], force_base64: bool) -> (String, BodyEncoding) {
    match std::str::from_utf8(body) {
        Ok(text) if !force_base64 => (text.to_owned(), BodyEncoding::Utf8),
        _ => (
            base64::engine::general_purpose::STANDARD.encode(body),
            BodyEncoding::Base64,
        ),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    Valid,
    Invalid,
    /// A secret is configured but the request carries no signature header.
    Unsigned,
    /// No secret configured: nothing to check against.
    Unchecked,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SignatureReport {
    pub status: SignatureStatus,
    pub scheme: Option<Scheme>,
    pub reason: Option<String>,
    pub hint: Option<String>,
}

impl SignatureReport {
    /// No secret configured: nothing to check against.
    pub fn unchecked() -> Self {
        Self {
            status: SignatureStatus::Unchecked,
            scheme: None,
            reason: None,
            hint: None,
        }
    }

    /// A secret is configured, but the request was refused or cut off before its body could be
    /// checked; `reason` says so (a missing reason means "no secret").
    pub fn not_reached(reason: &str) -> Self {
        Self {
            reason: Some(reason.to_owned()),
            ..Self::unchecked()
        }
    }

    pub fn from_verdict(v: &Verdict) -> Self {
        let status = match v.kind {
            VerdictKind::Valid => SignatureStatus::Valid,
            VerdictKind::MissingSignature => SignatureStatus::Unsigned,
            VerdictKind::NoSecret => SignatureStatus::Unchecked,
            VerdictKind::Stale | VerdictKind::Mismatch | VerdictKind::Malformed => {
                SignatureStatus::Invalid
            }
        };
        Self {
            status,
            scheme: v.scheme,
            reason: (!v.valid).then(|| v.reason.clone()),
            hint: v.hint.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenCheck {
    Valid,
    Invalid,
    Missing,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ForwardReport {
    pub url: String,
    pub status: Option<u16>,
    pub error: Option<String>,
}

/// A request's headers as records keep them: lower-case names in the order they first came,
/// repeated names joined with ", ", credentials redacted. Serialized as a JSON object.
///
/// All the text is in one string: a record is built on a worker and dropped by the consumer (or
/// much later by the inspector), and every allocation in it costs a free across threads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    text: String,
    /// Per header: where its name ends and where its value ends in `text` (it starts where
    /// the previous value ended).
    ends: Vec<(usize, usize)>,
}

impl Headers {
    /// From the headers as received (any case, repeats allowed). A credential's value is
    /// replaced by [`REDACTED`], however often its header is repeated.
    pub fn redacted(pairs: &[(String, String)]) -> Self {
        let size: usize = pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
        let mut out = Self {
            text: String::with_capacity(size),
            ends: Vec::with_capacity(pairs.len()),
        };
        for (i, (name, value)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
                continue; // joined to its first occurrence below
            }
            out.text
                .extend(name.chars().map(|c| c.to_ascii_lowercase()));
            let name_end = out.text.len();
            if crate::redact::is_credential_name(name) {
                out.text.push_str(REDACTED);
            } else {
                out.text.push_str(value);
                for (_, more) in pairs[i + 1..]
                    .iter()
                    .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                {
                    out.text.push_str(", ");
                    out.text.push_str(more);
                }
            }
            out.ends.push((name_end, out.text.len()));
        }
        out
    }

    /// `(name, value)` in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut start = 0;
        self.ends.iter().map(move |&(name_end, value_end)| {
            let pair = (&self.text[start..name_end], &self.text[name_end..value_end]);
            start = value_end;
            pair
        })
    }

    /// The value of a lower-case `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

impl Serialize for Headers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// The record as one NDJSON line (with its newline): what `--record` stores and `--json`
/// prints, serialized once for both.
pub fn to_line(record: &RequestRecord) -> Vec<u8> {
    // Sized for the body up front: growing by doubling would hold up to two copies of a large
    // body at once while the line is written.
    let mut line = Vec::with_capacity(record.body.len() + 4096);
    serde_json::to_writer(&mut line, record).expect("a request record always serializes");
    line.push(b'\n');
    line
}

/// The `--record` file: one JSON line per request, written and flushed to the OS before the
/// answer goes out, so a request that was acknowledged is on disk even if ocw is killed.
pub struct Recorder {
    file: Mutex<File>,
}

impl Recorder {
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(Self {
            file: Mutex::new(file),
        })
    }

    /// Append one line as made by [`to_line`].
    pub fn append_line(&self, line: &[u8]) -> std::io::Result<()> {
        // One write per line on an O_APPEND file: lines never interleave.
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(line)?;
        file.flush()
    }

    pub fn sync(&self) -> std::io::Result<()> {
        self.file
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .sync_data()
    }
}

/// A plain answered POST to `/` with no event, no signature checked and no body: what tests
/// start from and change a field or two of.
#[cfg(test)]
pub(crate) fn sample(seq: u64) -> RequestRecord {
    RequestRecord {
        kind: "request",
        seq,
        received_at: String::new(),
        method: "POST".into(),
        path: "/".into(),
        query: None,
        headers: Headers::default(),
        body: String::new(),
        body_encoding: BodyEncoding::Utf8,
        body_bytes: 0,
        event: None,
        conversation_id: None,
        signature: SignatureReport::unchecked(),
        token: None,
        attempt: 1,
        duplicate_of: None,
        conflicts_with: None,
        status: Some(200),
        elapsed_ms: 0.0,
        note: None,
        forward: None,
        sender_hung_up_ms: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_redacted_and_repeats_joined() {
        let h = |n: &str, v: &str| (n.to_string(), v.to_string());
        let headers = Headers::redacted(&[
            h("Authorization", "Bearer abc"),
            h("X-OpenClaw-Token", "t"),
            h("Cookie", "a=b"),
            h("X-Api-Key", "k"),
            h("Accept", "a"),
            h("x-openclaw-signature", "deadbeef"),
            h("accept", "b"),
            h("cookie", "c=d"),
            h("Content-Type", "application/json"),
        ]);
        let pairs: Vec<(&str, &str)> = headers.iter().collect();
        assert_eq!(
            pairs,
            [
                ("authorization", REDACTED),
                ("x-openclaw-token", REDACTED),
                ("cookie", REDACTED),
                ("x-api-key", REDACTED),
                ("accept", "a, b"),
                ("x-openclaw-signature", "deadbeef"),
                ("content-type", "application/json"),
            ]
        );
        assert_eq!(headers.get("accept"), Some("a, b"));
        assert_eq!(
            headers.get("Accept"),
            None,
            "names are looked up in lower case"
        );
        let text = serde_json::to_string(&headers).unwrap();
        assert!(!text.contains("abc") && !text.contains("a=b") && !text.contains("c=d"));
        assert!(
            text.starts_with(r#"{"authorization":"[redacted]","#),
            "{text}"
        );
        assert_eq!(Headers::redacted(&[]).len(), 0);
        assert_eq!(serde_json::to_string(&Headers::default()).unwrap(), "{}");
    }

    #[test]
    fn bodies_are_text_or_base64() {
        assert_eq!(encode_body(b"{}", false), ("{}".into(), BodyEncoding::Utf8));
        assert_eq!(
            encode_body(b"{}", true),
            ("e30=".into(), BodyEncoding::Base64)
        );
        assert_eq!(encode_body(&[0xff], false).1, BodyEncoding::Base64);
    }
}
