//! A case's recipe made into requests: the body (a sample payload, indented or padded, or the
//! case's own text), signed with the signing module for the scheme under test, then spoiled the
//! way the recipe asks (one character changed, cut short, left out, another body's or another
//! secret's, or two signatures in one header). Nothing here computes an HMAC itself.

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use super::case::{Format, Recipe, SignatureRecipe};
use crate::delivery::Request;
use crate::secret::Secret;
use crate::signing::{self, Scheme, SignRequest};

/// The secret "another secret" cases sign with: not the receiver's. For Standard Webhooks it
/// must be `whsec_` and base64 (of `ocw-test: not your secret!`).
const OTHER_SECRET: &str = "ocw-test: not your secret";
const OTHER_SECRET_SW: &str = "whsec_b2N3LXRlc3Q6IG5vdCB5b3VyIHNlY3JldCE=";

/// The event of a recipe that names none.
pub const DEFAULT_EVENT: &str = "lead.qualified";

/// What every request of a run shares.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: url::Url,
    pub scheme: Scheme,
    pub secret: Secret,
    /// The user's extra headers (`-H`, the webhook config's), in order.
    pub headers: Vec<(String, String)>,
}

/// Why a request could not be made (the run stops: it is the user's input, not the receiver).
#[derive(Debug, thiserror::Error)]
pub enum RecipeError {
    #[error("signing with the {scheme} scheme: {source}")]
    Sign {
        scheme: Scheme,
        source: signing::SignError,
    },
    #[error("invalid header {0:?} (from -H or the webhook config)")]
    Header(String),
}

impl Target {
    /// Checks once, before any case runs, that the secret suits the scheme.
    pub fn check(&self) -> Result<(), RecipeError> {
        self.sign(self.secret.expose(), b"{}", 0, "msg_check")
            .map(|_| ())
    }

    fn sign(
        &self,
        secret: &str,
        body: &[u8],
        timestamp: i64,
        msg_id: &str,
    ) -> Result<Vec<(String, String)>, RecipeError> {
        signing::sign(&SignRequest {
            scheme: self.scheme,
            secret,
            body,
            timestamp,
            msg_id,
        })
        .map_err(|source| RecipeError::Sign {
            scheme: self.scheme,
            source,
        })
    }

    /// The request `recipe` describes, made now (fresh ids and timestamps).
    pub fn build(&self, recipe: &Recipe) -> Result<Request, RecipeError> {
        let body = body(recipe);
        let timestamp = jiff::Timestamp::now().as_second() + recipe.timestamp_offset;
        let msg_id = format!("msg_{}", fresh_id());
        let valid = self.sign(self.secret.expose(), &body, timestamp, &msg_id)?;
        let sig_header = self.scheme.signature_header();
        let signature = match recipe.signature {
            SignatureRecipe::Valid => valid,
            SignatureRecipe::Wrong => spoil(valid, sig_header, changed),
            SignatureRecipe::Truncated => {
                spoil(valid, sig_header, |mac| mac.chars().take(16).collect())
            }
            SignatureRecipe::Missing => {
                valid.into_iter().filter(|(n, _)| n != sig_header).collect()
            }
            SignatureRecipe::OtherBody => {
                // The same recipe made again: a fresh id, so other bytes (a space more when
                // the recipe has nothing fresh in it).
                let mut other = self::body(recipe).to_vec();
                if other == body {
                    other.push(b' ');
                }
                self.sign(self.secret.expose(), &other, timestamp, &msg_id)?
            }
            SignatureRecipe::OtherSecret => {
                self.sign(self.other_secret(), &body, timestamp, &msg_id)?
            }
            SignatureRecipe::Rotated => {
                let other = self.sign(self.other_secret(), &body, timestamp, &msg_id)?;
                rotated(self.scheme, &other, valid, sig_header)
            }
        };
        let mut headers = HeaderMap::new();
        let content_type = recipe.content_type.as_deref().unwrap_or("application/json");
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_str(content_type)
                .map_err(|_| RecipeError::Header(content_type.to_owned()))?,
        );
        for (name, value) in self.headers.iter().chain(&signature) {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| RecipeError::Header(name.clone()))?;
            let value =
                HeaderValue::from_str(value).map_err(|_| RecipeError::Header(name.clone()))?;
            headers.append(header, value);
        }
        Ok(Request {
            url: self.url.clone(),
            headers,
            body,
        })
    }

    fn other_secret(&self) -> &'static str {
        match self.scheme {
            Scheme::StandardWebhooks => OTHER_SECRET_SW,
            _ => OTHER_SECRET,
        }
    }
}

/// A fresh lowercase ULID: unique per delivery, so a run never repeats an earlier run's ids.
fn fresh_id() -> String {
    ulid::Ulid::new().to_string().to_lowercase()
}

/// The body bytes of `recipe`.
fn body(recipe: &Recipe) -> Bytes {
    if let Some(text) = &recipe.body {
        let now = crate::payload::rfc3339_seconds(jiff::Timestamp::now());
        return Bytes::from(text.replace("{{now}}", &now).replace("{{id}}", &fresh_id()));
    }
    let catalog = crate::payload::Catalog::embedded();
    let event = recipe.event.as_deref().unwrap_or(DEFAULT_EVENT);
    // Events were checked when the case was loaded; a miss falls back to the default.
    let fixture = catalog
        .get(event)
        .or_else(|_| catalog.get(DEFAULT_EVENT))
        .expect("the default event is in the catalog");
    let template = crate::payload::Template::json(
        fixture.event.clone(),
        fixture.payload.clone(),
        crate::payload::Stamp {
            timestamp: true,
            conversation_id: true,
        },
    );
    let compact = template.render(jiff::Timestamp::now()).body;
    let mut bytes = match recipe.format {
        Format::Compact => compact.to_vec(),
        Format::Pretty => match serde_json::from_slice(&compact) {
            Ok(doc) => crate::payload::js::to_js_pretty(&doc, 2),
            Err(_) => compact.to_vec(),
        },
    };
    if let Some(size) = recipe
        .pad_to
        .as_deref()
        .and_then(|s| crate::units::parse_size(s).ok())
    {
        pad(&mut bytes, size);
    }
    Bytes::from(bytes)
}

/// Grows a JSON object's text to `size` bytes with a last `"padding":"xxx…"` member (still
/// valid JSON). A body already that large, or not an object, is left alone.
fn pad(bytes: &mut Vec<u8>, size: usize) {
    const MEMBER: &[u8] = b",\"padding\":\"\"}";
    if bytes.last() != Some(&b'}') || bytes.len() + MEMBER.len() > size {
        return;
    }
    bytes.pop();
    bytes.extend_from_slice(b",\"padding\":\"");
    let fill = size - bytes.len() - 2;
    bytes.resize(bytes.len() + fill, b'x');
    bytes.extend_from_slice(b"\"}");
}

/// The MAC's length at the end of the signature header's value: 64 hex digits, or 44 base64
/// characters for the schemes that write base64.
fn mac_len(value: &str) -> usize {
    let tail: usize = value
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    if tail >= 64 { 64 } else { 44.min(value.len()) }
}

/// The headers with the signature header's MAC replaced by `f(mac)`.
fn spoil(
    headers: Vec<(String, String)>,
    sig_header: &str,
    f: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    headers
        .into_iter()
        .map(|(name, value)| {
            if name != sig_header {
                return (name, value);
            }
            let (prefix, mac) = value.split_at(value.len() - mac_len(&value));
            let spoiled = format!("{prefix}{}", f(mac));
            (name, spoiled)
        })
        .collect()
}

/// The MAC with its first character changed (to another of the same alphabet), so the length
/// and the form stay right.
fn changed(mac: &str) -> String {
    let mut chars: Vec<char> = mac.chars().collect();
    if let Some(first) = chars.first_mut() {
        *first = if *first == '0' { '1' } else { '0' };
    }
    chars.into_iter().collect()
}

/// The valid headers with the signature header carrying `other`'s signature first, then the
/// valid one: `t=…,v1=OTHER,v1=VALID` (Stripe), `v1,OTHER v1,VALID` (Standard Webhooks).
fn rotated(
    scheme: Scheme,
    other: &[(String, String)],
    valid: Vec<(String, String)>,
    sig_header: &str,
) -> Vec<(String, String)> {
    let other_value = other
        .iter()
        .find(|(n, _)| n == sig_header)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    valid
        .into_iter()
        .map(|(name, value)| {
            if name != sig_header {
                return (name, value);
            }
            let combined = match scheme {
                // `t=T,v1=X`: the other's `v1=` pair goes between the timestamp and ours.
                Scheme::Stripe => match (value.split_once(','), other_value.split_once(',')) {
                    (Some((t, ours)), Some((_, theirs))) => format!("{t},{theirs},{ours}"),
                    _ => value,
                },
                // Space-separated `v1,<base64>` entries.
                Scheme::StandardWebhooks => format!("{other_value} {value}"),
                _ => value,
            };
            (name, combined)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(scheme: Scheme) -> Target {
        let secret = if scheme == Scheme::StandardWebhooks {
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
        } else {
            "s3cret"
        };
        Target {
            url: "http://127.0.0.1:9/hook".parse().unwrap(),
            scheme,
            secret: Secret::new(secret),
            headers: vec![("x-extra".into(), "1".into())],
        }
    }

    fn recipe(signature: SignatureRecipe) -> Recipe {
        Recipe {
            signature,
            repeat: 1,
            ..Recipe::default()
        }
    }

    fn headers(req: &Request) -> Vec<(String, String)> {
        crate::delivery::request::header_pairs(&req.headers)
    }

    fn verdict(t: &Target, req: &Request) -> signing::Verdict {
        signing::verify(&signing::VerifyRequest {
            headers: &headers(req),
            body: &req.body,
            secrets: std::slice::from_ref(&t.secret),
            scheme: Some(t.scheme),
            tolerance_secs: 300,
            now: jiff::Timestamp::now().as_second(),
        })
    }

    #[test]
    fn valid_requests_verify_and_spoiled_ones_do_not_for_every_scheme() {
        for name in super::super::case::SCHEMES {
            let t = target(Scheme::from_name(name).unwrap());
            let valid = t.build(&recipe(SignatureRecipe::Valid)).unwrap();
            assert!(
                verdict(&t, &valid).valid,
                "{name}: {:?}",
                verdict(&t, &valid)
            );
            assert!(headers(&valid).contains(&("x-extra".into(), "1".into())));
            for spoiled in [
                SignatureRecipe::Wrong,
                SignatureRecipe::Truncated,
                SignatureRecipe::Missing,
                SignatureRecipe::OtherBody,
                SignatureRecipe::OtherSecret,
            ] {
                let req = t.build(&recipe(spoiled)).unwrap();
                assert!(!verdict(&t, &req).valid, "{name} {spoiled:?} verified");
            }
        }
    }

    #[test]
    fn wrong_keeps_the_length_and_truncated_cuts_the_mac() {
        let t = target(Scheme::Ocw);
        let sig = |r: &Request| r.headers[signing::OCW_HEADER].to_str().unwrap().to_owned();
        assert_eq!(
            sig(&t.build(&recipe(SignatureRecipe::Wrong)).unwrap()).len(),
            64
        );
        assert_eq!(
            sig(&t.build(&recipe(SignatureRecipe::Truncated)).unwrap()).len(),
            16
        );
        let t = target(Scheme::Github);
        let v = t.build(&recipe(SignatureRecipe::Truncated)).unwrap();
        let v = v.headers["x-hub-signature-256"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(v.len(), "sha256=".len() + 16);
    }

    #[test]
    fn rotated_headers_carry_two_signatures_and_verify() {
        for scheme in [Scheme::Stripe, Scheme::StandardWebhooks] {
            let t = target(scheme);
            let req = t.build(&recipe(SignatureRecipe::Rotated)).unwrap();
            let value = req.headers[scheme.signature_header()].to_str().unwrap();
            let entries = value
                .split([' ', ','])
                .filter(|p| *p == "v1" || p.starts_with("v1="))
                .count();
            assert_eq!(entries, 2, "{value}");
            assert!(verdict(&t, &req).valid, "{scheme}: {value}");
        }
    }

    #[test]
    fn stale_timestamps_are_signed_correctly_but_refused() {
        let t = target(Scheme::Stripe);
        let mut r = recipe(SignatureRecipe::Valid);
        r.timestamp_offset = -3600;
        let req = t.build(&r).unwrap();
        let v = verdict(&t, &req);
        assert!(!v.valid);
        assert!(v.age_secs.is_some_and(|a| a >= 3599), "{v:?}");
    }

    #[test]
    fn bodies_pretty_padded_and_raw() {
        let mut r = recipe(SignatureRecipe::Valid);
        r.format = Format::Pretty;
        let pretty = body(&r);
        assert!(pretty.starts_with(b"{\n  \"event\": \"lead.qualified\""));
        let mut r = recipe(SignatureRecipe::Valid);
        r.pad_to = Some("64KiB".into());
        let padded = body(&r);
        assert_eq!(padded.len(), 64 * 1024);
        serde_json::from_slice::<serde_json::Value>(&padded).unwrap();
        let mut r = recipe(SignatureRecipe::Valid);
        r.body = Some(r#"{"a":"caf\u00e9 \/","id":"{{id}}"}"#.into());
        let raw = body(&r);
        assert!(raw.starts_with(br#"{"a":"caf\u00e9 \/","id":""#));
        assert_ne!(body(&r), raw, "a fresh id each time");
    }
}
