//! The request a delivery sends: the user's headers, `content-type`, and the ocw signature over
//! the exact body bytes. Also the one rule for what a header name and value may be (the `http`
//! crate's), shared by `-H` flags and the webhook config.

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
pub fn header_value_ok(value: &str) -> bool {
    HeaderValue::from_str(value).is_ok()
}

/// Signs bodies and assembles requests with the user's headers.
pub struct RequestBuilder {
    signer: Option<signing::OcwSigner>,
    base_headers: HeaderMap,
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
        Ok(Self {
            signer: secret.as_ref().map(|s| signing::OcwSigner::new(s.expose())),
            base_headers: base,
        })
    }

    /// The signed request for one rendering of `template`, and its conversation id.
    pub fn request(&self, url: &url::Url, template: &Template) -> (Request, Option<String>) {
        let rendered = template.render(jiff::Timestamp::now());
        (self.sign(url, rendered.body), rendered.conversation_id)
    }

    /// A request for exactly these body bytes, signed when a secret is set.
    pub fn sign(&self, url: &url::Url, body: Bytes) -> Request {
        let mut headers = self.base_headers.clone();
        if let Some(signer) = &self.signer {
            let sig = signer.sign(&body);
            headers.insert(
                signing::OCW_HEADER,
                HeaderValue::from_str(&sig).expect("hex is a valid header value"),
            );
        }
        Request {
            url: url.clone(),
            headers,
            body,
        }
    }
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
}
