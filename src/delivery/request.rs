//! The request a delivery sends: the user's headers, `content-type`, and the ocw signature over
//! the exact body bytes. Also the one rule for what a header name and value may be (the `http`
//! crate's), shared by `-H` flags and the webhook config.
//!
//! A signature header the user sets (`-H 'x-openclaw-signature: ...'`, or any other scheme's
//! signature header) is sent as given: whoever sets one is testing how a receiver treats it.
//! [`Tamper`] sends a deliberately wrong delivery for the same purpose.

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use super::Request;
use crate::payload::Template;
use crate::secret::Secret;
use crate::signing;

/// Whether `name` is a valid header name (an RFC 9110 token).
pub fn header_name_ok(name: &str) -> bool {
    HeaderName::from_bytes(name.as_bytes()).is_ok()
}

/// Whether `value` is a valid header value: visible ASCII, space and tab. This rules out CR/LF,
/// so a value from the environment cannot smuggle in another header.
/// Headers as `(name, value)` text pairs, in order: names as the map keeps them (lowercase),
/// values decoded lossily (a header value may be any bytes).
pub fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

pub fn header_value_ok(value: &str) -> bool {
    HeaderValue::from_str(value).is_ok()
}

/// What a deliberately wrong delivery gets wrong (`send --tamper`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tamper {
    /// A wrong signature for the body (the right one with its last digit changed).
    Signature,
    /// The body changed by one byte after it was signed.
    Body,
    /// The payload's `timestamp` [`STALE_BY`] in the past, correctly signed.
    Timestamp,
}

/// How old `--tamper timestamp` makes a payload: well past any replay window in use (Stripe
/// and Standard Webhooks tolerate 5 minutes).
pub const STALE_BY: std::time::Duration = std::time::Duration::from_secs(3600);

/// The body of one delivery for `template`: rendered now, or [`STALE_BY`] ago under
/// `--tamper timestamp`. Rendered once per event, it goes to every webhook as the same bytes.
pub fn render(template: &Template, tamper: Option<Tamper>) -> crate::payload::Rendered {
    let now = jiff::Timestamp::now();
    let when = match tamper {
        Some(Tamper::Timestamp) => now
            .checked_sub(jiff::SignedDuration::from_secs(STALE_BY.as_secs() as i64))
            .unwrap_or(now),
        _ => now,
    };
    template.render(when)
}

/// Signs bodies and assembles requests with the user's headers.
pub struct RequestBuilder {
    signer: Option<signing::OcwSigner>,
    base_headers: HeaderMap,
    tamper: Option<Tamper>,
}

impl RequestBuilder {
    /// `headers` in order; a name given more than once is sent more than once, like curl.
    pub fn new(secret: Option<Secret>, headers: &[(String, String)]) -> anyhow::Result<Self> {
        let mut base = HeaderMap::new();
        base.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for (name, value) in headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| anyhow::anyhow!("invalid header name {name:?}"))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| anyhow::anyhow!("invalid value for header {name:?}"))?;
            let repeated = headers
                .iter()
                .filter(|(other, _)| other.eq_ignore_ascii_case(name))
                .count()
                > 1;
            if repeated {
                base.append(header, value);
            } else {
                base.insert(header, value);
            }
        }
        // The user's own signature goes out as given: ocw does not sign over it.
        let signs = !base.contains_key(signing::OCW_HEADER);
        Ok(Self {
            signer: secret
                .as_ref()
                .filter(|_| signs)
                .map(|s| signing::OcwSigner::new(s.expose())),
            base_headers: base,
            tamper: None,
        })
    }

    /// Get `tamper` wrong in every request built from now on.
    pub fn tampering(mut self, tamper: Option<Tamper>) -> Self {
        self.tamper = tamper;
        self
    }

    /// The signature headers of any scheme among the user's headers, sent as given (the first
    /// one ocw would otherwise write itself, `x-openclaw-signature`, means ocw does not sign).
    pub fn given_signature_headers(&self) -> Vec<&'static str> {
        signing::Scheme::ALL
            .iter()
            .map(|s| s.signature_header())
            .filter(|h| self.base_headers.contains_key(*h))
            .collect()
    }

    /// Whether ocw signs the requests (a secret, and no signature of the user's own).
    pub fn signs(&self) -> bool {
        self.signer.is_some()
    }

    /// The signed request for one rendering of `template`, and its conversation id.
    pub fn request(&self, url: &url::Url, template: &Template) -> (Request, Option<String>) {
        let rendered = render(template, self.tamper);
        (self.sign(url, rendered.body), rendered.conversation_id)
    }

    /// A request for exactly these body bytes, signed when a secret is set (and, under
    /// [`Tamper::Signature`] or [`Tamper::Body`], wrong on purpose).
    pub fn sign(&self, url: &url::Url, body: Bytes) -> Request {
        let mut headers = self.base_headers.clone();
        if let Some(signer) = &self.signer {
            let mut sig = signer.sign(&body);
            if self.tamper == Some(Tamper::Signature) {
                sig = wrong_signature(&sig);
            }
            headers.insert(
                signing::OCW_HEADER,
                HeaderValue::from_str(&sig).expect("hex is a valid header value"),
            );
        }
        let body = match self.tamper {
            Some(Tamper::Body) => tampered_body(&body),
            _ => body,
        };
        Request {
            url: url.clone(),
            headers,
            body,
        }
    }
}

/// `sig` with its last hex digit changed: still well-formed, so the receiver's comparison (not
/// its parser) is what rejects it.
fn wrong_signature(sig: &str) -> String {
    let mut out = sig.to_owned();
    if let Some(last) = out.pop() {
        out.push(if last == '0' { '1' } else { '0' });
    }
    out
}

/// `body` with one byte changed, the way a man in the middle would edit a value: the first
/// digit goes up by one (a score, a date), else the first letter changes case, else a space is
/// appended. The JSON stays valid, so only the signature check can catch it.
pub fn tampered_body(body: &[u8]) -> Bytes {
    let mut out = body.to_vec();
    if let Some(d) = out.iter_mut().find(|b| b.is_ascii_digit()) {
        *d = if *d == b'9' { b'0' } else { *d + 1 };
    } else if let Some(c) = out.iter_mut().find(|b| b.is_ascii_alphabetic()) {
        *c ^= 0x20;
    } else {
        out.push(b' ');
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rules() {
        assert!(header_name_ok("x-ok") && header_name_ok("X-Api-Key"));
        assert!(!header_name_ok("bad name") && !header_name_ok("") && !header_name_ok("a:b"));
        assert!(header_value_ok("Bearer a\tb") && header_value_ok(""));
        assert!(!header_value_ok("line\nbreak") && !header_value_ok("a\rb"));
    }

    #[test]
    fn repeated_headers_are_sent_repeatedly_and_bodies_signed() {
        let h = |n: &str, v: &str| (n.to_string(), v.to_string());
        let b = RequestBuilder::new(
            Some(Secret::new("s")),
            &[h("X-A", "1"), h("x-a", "2"), h("X-B", "3")],
        )
        .unwrap();
        let url: url::Url = "http://127.0.0.1:9/h".parse().unwrap();
        let req = b.sign(&url, Bytes::from_static(b"{}"));
        assert_eq!(req.headers.get_all("x-a").iter().count(), 2);
        assert_eq!(
            req.headers[signing::OCW_HEADER],
            signing::sign_ocw("s", b"{}").as_str()
        );
        assert!(RequestBuilder::new(None, &[h("bad name", "1")]).is_err());
    }

    #[test]
    fn a_signature_the_user_sets_is_sent_as_given() {
        let h = |n: &str, v: &str| (n.to_string(), v.to_string());
        let url: url::Url = "http://127.0.0.1:9/h".parse().unwrap();
        let b = RequestBuilder::new(Some(Secret::new("s")), &[h("X-OpenClaw-Signature", "abc")])
            .unwrap();
        assert!(!b.signs());
        assert_eq!(b.given_signature_headers(), vec![signing::OCW_HEADER]);
        let req = b.sign(&url, Bytes::from_static(b"{}"));
        let sent: Vec<_> = req.headers.get_all(signing::OCW_HEADER).iter().collect();
        assert_eq!(sent, vec!["abc"]);
        // Another scheme's header passes through, and ocw still signs with its own.
        let b =
            RequestBuilder::new(Some(Secret::new("s")), &[h("X-Hub-Signature-256", "x")]).unwrap();
        assert!(b.signs());
        assert_eq!(b.given_signature_headers(), vec!["x-hub-signature-256"]);
    }

    #[test]
    fn tampering_gets_one_thing_wrong() {
        let url: url::Url = "http://127.0.0.1:9/h".parse().unwrap();
        let body = Bytes::from_static(br#"{"score":87}"#);
        let right = signing::sign_ocw("s", &body);
        let b = |t| {
            RequestBuilder::new(Some(Secret::new("s")), &[])
                .unwrap()
                .tampering(Some(t))
        };
        let req = b(Tamper::Signature).sign(&url, body.clone());
        assert_eq!(req.body, body);
        let sig = req.headers[signing::OCW_HEADER].to_str().unwrap();
        assert_ne!(sig, right);
        assert_eq!(sig.len(), right.len());
        let req = b(Tamper::Body).sign(&url, body.clone());
        assert_eq!(&req.body[..], br#"{"score":97}"#);
        assert_eq!(req.headers[signing::OCW_HEADER], right.as_str());
        assert_eq!(&tampered_body(b"{}")[..], b"{} ");
        assert_eq!(&tampered_body(b"[true]")[..], b"[True]");
    }
}
