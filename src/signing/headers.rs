//! Reading what a request presents for a scheme: the candidate signatures (decoded to raw HMAC
//! tags), the timestamp and the message id, or why they cannot be read.
//!
//! Decoding is deliberately lenient about *format* but records every deviation (a foreign
//! `sha256=` prefix, upper-case hex, base64 where hex belongs): the verifier accepts only the
//! strict form, and the deviations become the diagnosis when the strict form does not match.

use super::Scheme;
use super::mac::{self, TAG_LEN};

/// The first header named `name` (case-insensitive), its value trimmed.
pub fn get<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.trim_ascii().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// How a signature value is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Hex,
    Base64,
}

/// A difference between the prefix a value carries and the one the scheme wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PrefixIssue {
    /// A prefix the scheme does not use, e.g. `sha256=` in `x-openclaw-signature`.
    Extra(&'static str),
    /// The scheme's prefix is absent, e.g. bare hex in `x-hub-signature-256`.
    Missing(&'static str),
    /// Another scheme's prefix in place of this one's.
    Wrong {
        found: &'static str,
        expected: &'static str,
    },
}

/// A difference between a value's encoding and the scheme's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EncodingIssue {
    UpperHex,
    Base64ForHex,
    HexForBase64,
    /// Unpadded or URL-safe base64 where padded standard base64 belongs.
    LooseBase64,
}

/// One signature the request offers, decoded to the raw tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate {
    pub tag: [u8; TAG_LEN],
    pub prefix: Option<PrefixIssue>,
    pub encoding: Option<EncodingIssue>,
}

impl Candidate {
    pub fn deviations(&self) -> usize {
        usize::from(self.prefix.is_some()) + usize::from(self.encoding.is_some())
    }
}

/// A header timestamp: the text as sent (it is what the signer put in the signed bytes) and
/// its value in unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Timestamp {
    pub raw: String,
    pub secs: i64,
}

/// Everything a request presents for one scheme.
#[derive(Debug, Clone)]
pub(super) struct Presented {
    /// The header the signature came from, as the scheme names it (e.g. `svix-signature`).
    pub header: &'static str,
    pub candidates: Vec<Candidate>,
    pub timestamp: Option<Timestamp>,
    pub msg_id: Option<String>,
}

/// Why a request's signature cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Flaw {
    /// The scheme's signature header is absent.
    Missing { header: &'static str },
    /// Present but unreadable.
    Malformed { reason: String, hint: String },
}

/// Prefixes senders put in front of signature values. Knowing them lets the diagnosis say
/// "this is GitHub's format" instead of "not hex"; `sha1=`/`sha512=` are here so that their
/// values get a precise "wrong hash" message.
const KNOWN_PREFIXES: [&str; 7] = [
    "sha256=", "sha256:", "v0=", "v1=", "v1,", "sha1=", "sha512=",
];

/// The scheme whose format a prefix belongs to, for messages.
pub(super) fn prefix_origin(prefix: &str) -> &'static str {
    match prefix {
        "sha256=" => "the github format",
        "v0=" => "the slack format",
        "v1=" => "the stripe format",
        "v1," => "the standard-webhooks format",
        "sha1=" => "GitHub's legacy SHA-1 format",
        _ => "another scheme's format",
    }
}

/// Parses what `headers` present for `scheme`.
pub(super) fn parse(scheme: Scheme, headers: &[(String, String)]) -> Result<Presented, Flaw> {
    match scheme {
        Scheme::Ocw => simple(headers, scheme.signature_header(), None, Encoding::Hex),
        Scheme::Github => simple(
            headers,
            scheme.signature_header(),
            Some("sha256="),
            Encoding::Hex,
        ),
        Scheme::Shopify => simple(headers, scheme.signature_header(), None, Encoding::Base64),
        Scheme::Slack => {
            let mut presented = simple(
                headers,
                scheme.signature_header(),
                Some("v0="),
                Encoding::Hex,
            )?;
            presented.timestamp = Some(timestamp(
                headers,
                "x-slack-request-timestamp",
                presented.header,
            )?);
            Ok(presented)
        }
        Scheme::Stripe => stripe(headers),
        Scheme::StandardWebhooks => standard_webhooks(headers),
    }
}

/// A scheme with one signature in one header.
fn simple(
    headers: &[(String, String)],
    header: &'static str,
    prefix: Option<&'static str>,
    encoding: Encoding,
) -> Result<Presented, Flaw> {
    let value = get(headers, header).ok_or(Flaw::Missing { header })?;
    let candidate = decode(value, prefix, encoding).ok_or_else(|| {
        let (reason, hint) = describe_bad_value(header, value, encoding);
        Flaw::Malformed { reason, hint }
    })?;
    Ok(Presented {
        header,
        candidates: vec![candidate],
        timestamp: None,
        msg_id: None,
    })
}

/// `t=<unix>,v1=<hex>[,v1=<hex>...]`; `v0` (Stripe's legacy test signature) and unknown keys
/// are ignored, as Stripe's own libraries do.
fn stripe(headers: &[(String, String)]) -> Result<Presented, Flaw> {
    const HEADER: &str = "stripe-signature";
    let value = get(headers, HEADER).ok_or(Flaw::Missing { header: HEADER })?;
    let mut ts = None;
    let mut v1 = Vec::new();
    let mut saw_v0 = false;
    for item in value.split(',') {
        let Some((key, val)) = item.split_once('=') else {
            continue;
        };
        match key.trim() {
            "t" if ts.is_none() => ts = Some(val.trim()),
            "v1" => v1.push(val.trim()),
            "v0" => saw_v0 = true,
            _ => {}
        }
    }
    let expected = "stripe-signature takes t=<unix seconds>,v1=<hex HMAC-SHA256 of \"{t}.{body}\">";
    let Some(ts) = ts else {
        return Err(Flaw::Malformed {
            reason: "stripe-signature has no t= timestamp".to_owned(),
            hint: expected.to_owned(),
        });
    };
    let timestamp = parse_timestamp(ts).ok_or_else(|| Flaw::Malformed {
        reason: "stripe-signature's t= is not a unix timestamp in seconds".to_owned(),
        hint: expected.to_owned(),
    })?;
    if v1.is_empty() {
        let reason = if saw_v0 {
            "stripe-signature has only a v0= signature (Stripe's legacy test scheme), no v1="
        } else {
            "stripe-signature has no v1= signature"
        };
        return Err(Flaw::Malformed {
            reason: reason.to_owned(),
            hint: expected.to_owned(),
        });
    }
    let candidates: Vec<_> = v1
        .iter()
        .filter_map(|v| decode(v, None, Encoding::Hex))
        .collect();
    if candidates.is_empty() {
        let (reason, _) = describe_bad_value("stripe-signature's v1=", v1[0], Encoding::Hex);
        return Err(Flaw::Malformed {
            reason,
            hint: expected.to_owned(),
        });
    }
    Ok(Presented {
        header: HEADER,
        candidates,
        timestamp: Some(timestamp),
        msg_id: None,
    })
}

/// `webhook-id`, `webhook-timestamp` and `webhook-signature` (or their `svix-` twins), the
/// signature being space-separated `v1,<base64>` entries, any of which may match.
fn standard_webhooks(headers: &[(String, String)]) -> Result<Presented, Flaw> {
    // Take id and timestamp from the same family as the signature, falling back to the other.
    let (header, family, other) = if get(headers, "webhook-signature").is_some() {
        ("webhook-signature", "webhook-", "svix-")
    } else {
        ("svix-signature", "svix-", "webhook-")
    };
    let value = get(headers, header).ok_or(Flaw::Missing {
        header: "webhook-signature",
    })?;
    let lookup = |suffix: &str| {
        get(headers, &format!("{family}{suffix}"))
            .or_else(|| get(headers, &format!("{other}{suffix}")))
    };
    let id_header = if family == "svix-" {
        "svix-id"
    } else {
        "webhook-id"
    };
    let ts_header = if family == "svix-" {
        "svix-timestamp"
    } else {
        "webhook-timestamp"
    };
    let msg_id = match lookup("id") {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => {
            return Err(Flaw::Malformed {
                reason: format!("{header} is present but {id_header} is missing"),
                hint: "Standard Webhooks signs \"{id}.{timestamp}.{body}\", so the message id \
                       must arrive with the signature"
                    .to_owned(),
            });
        }
    };
    let ts = lookup("timestamp").ok_or_else(|| Flaw::Malformed {
        reason: format!("{header} is present but {ts_header} is missing"),
        hint: "Standard Webhooks signs \"{id}.{timestamp}.{body}\", so the timestamp must arrive \
               with the signature"
            .to_owned(),
    })?;
    let timestamp = parse_timestamp(ts).ok_or_else(|| Flaw::Malformed {
        reason: format!("{ts_header} is not a unix timestamp in seconds"),
        hint: format!("{ts_header} takes integer unix seconds, e.g. 1649367553"),
    })?;

    let mut candidates = Vec::new();
    let mut first_bad = None;
    for entry in value.split_ascii_whitespace() {
        // Other versions (v1a is the asymmetric ed25519 one) are for other verifiers.
        if let Some((version, _)) = entry.split_once(',')
            && version != "v1"
        {
            continue;
        }
        match decode(entry, Some("v1,"), Encoding::Base64) {
            Some(candidate) => candidates.push(candidate),
            None => {
                first_bad.get_or_insert(entry);
            }
        }
    }
    if candidates.is_empty() {
        let hint = format!("{header} takes space-separated v1,<base64> entries");
        let reason = match first_bad {
            Some(entry) => describe_bad_value(header, entry, Encoding::Base64).0,
            None => format!("{header} has no v1, signature"),
        };
        return Err(Flaw::Malformed { reason, hint });
    }
    Ok(Presented {
        header,
        candidates,
        timestamp: Some(timestamp),
        msg_id: Some(msg_id),
    })
}

fn timestamp(
    headers: &[(String, String)],
    name: &'static str,
    signature_header: &str,
) -> Result<Timestamp, Flaw> {
    let raw = get(headers, name).ok_or_else(|| Flaw::Malformed {
        reason: format!("{signature_header} is present but {name} is missing"),
        hint: format!("{name} must arrive with the signature: it is part of the signed bytes"),
    })?;
    parse_timestamp(raw).ok_or_else(|| Flaw::Malformed {
        reason: format!("{name} is not a unix timestamp in seconds"),
        hint: format!("{name} takes integer unix seconds, e.g. 1649367553"),
    })
}

fn parse_timestamp(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    // Digits with an optional minus only: `i64::from_str` would also take a `+`, which no
    // signer writes.
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secs = raw.parse().ok()?;
    Some(Timestamp {
        raw: raw.to_owned(),
        secs,
    })
}

/// Decodes `value` to a tag, noting every deviation from `prefix` + `encoding`; `None` when it
/// is no 32-byte tag in any encoding.
pub(super) fn decode(
    value: &str,
    prefix: Option<&'static str>,
    encoding: Encoding,
) -> Option<Candidate> {
    let value = value.trim();
    let (rest, prefix_issue) = split_prefix(value, prefix);
    let (tag, encoding_issue) = decode_tag(rest, encoding)?;
    Some(Candidate {
        tag,
        prefix: prefix_issue,
        encoding: encoding_issue,
    })
}

fn split_prefix<'v>(
    value: &'v str,
    expected: Option<&'static str>,
) -> (&'v str, Option<PrefixIssue>) {
    if let Some(expected) = expected
        && let Some(rest) = value.strip_prefix(expected)
    {
        return (rest, None);
    }
    let found = KNOWN_PREFIXES
        .into_iter()
        .find_map(|p| value.strip_prefix(p).map(|rest| (p, rest)));
    match (found, expected) {
        (Some((found, rest)), None) => (rest, Some(PrefixIssue::Extra(found))),
        (Some((found, rest)), Some(expected)) => {
            (rest, Some(PrefixIssue::Wrong { found, expected }))
        }
        (None, Some(expected)) => (value, Some(PrefixIssue::Missing(expected))),
        (None, None) => (value, None),
    }
}

fn decode_tag(s: &str, encoding: Encoding) -> Option<([u8; TAG_LEN], Option<EncodingIssue>)> {
    let is_hex = s.len() == 2 * TAG_LEN && s.bytes().all(|b| b.is_ascii_hexdigit());
    let lower = is_hex && !s.bytes().any(|b| b.is_ascii_uppercase());
    let as_tag = |bytes: Vec<u8>| <[u8; TAG_LEN]>::try_from(bytes).ok();
    match encoding {
        Encoding::Hex if lower => Some((as_tag(hex::decode(s).ok()?)?, None)),
        Encoding::Hex if is_hex => {
            Some((as_tag(hex::decode(s).ok()?)?, Some(EncodingIssue::UpperHex)))
        }
        Encoding::Hex => {
            let bytes = mac::b64_decode_loose(s)?;
            Some((as_tag(bytes)?, Some(EncodingIssue::Base64ForHex)))
        }
        Encoding::Base64 => {
            if let Some(tag) = mac::b64_decode_strict(s).and_then(as_tag) {
                Some((tag, None))
            } else if is_hex {
                Some((
                    as_tag(hex::decode(s).ok()?)?,
                    Some(EncodingIssue::HexForBase64),
                ))
            } else {
                let tag = as_tag(mac::b64_decode_loose(s)?)?;
                Some((tag, Some(EncodingIssue::LooseBase64)))
            }
        }
    }
}

/// Reason and hint for a value that is no HMAC-SHA256 tag, saying what it looks like instead.
/// The value itself is not echoed: it can be long, and it is the sender's business.
fn describe_bad_value(header: &str, value: &str, encoding: Encoding) -> (String, String) {
    let expected = match encoding {
        Encoding::Hex => "64 hex characters (HMAC-SHA256)",
        Encoding::Base64 => "base64 of a 32-byte HMAC-SHA256",
    };
    let (_, prefix) = split_prefix(value.trim(), None);
    let bare = match prefix {
        Some(PrefixIssue::Extra(p)) => &value.trim()[p.len()..],
        _ => value.trim(),
    };
    let all_hex = !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_hexdigit());
    let reason = if value.trim().is_empty() {
        format!("{header} is empty")
    } else if value.contains("t=") && value.contains("v1=") {
        format!("{header} holds a stripe-signature style value (t=...,v1=...), not {expected}")
    } else if all_hex && bare.len() == 40 {
        format!("{header} holds a SHA-1 signature (40 hex characters); ocw verifies HMAC-SHA256")
    } else if all_hex && bare.len() == 128 {
        format!("{header} holds a SHA-512 signature (128 hex characters); ocw verifies HMAC-SHA256")
    } else if all_hex {
        format!(
            "{header} holds {} hex characters, not {expected}",
            bare.len()
        )
    } else {
        format!("{header} is not {expected}")
    };
    let hint = match prefix {
        Some(PrefixIssue::Extra(p)) => format!(
            "the value starts with `{p}` ({}); check that the sender and the verifier use the \
             same scheme",
            prefix_origin(p)
        ),
        _ => "check that the sender and the verifier use the same scheme".to_owned(),
    };
    (reason, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    fn tag() -> [u8; TAG_LEN] {
        hex::decode(HEX).unwrap().try_into().unwrap()
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn get_is_case_insensitive_and_trims() {
        let headers = h(&[("X-Hub-Signature-256", " sha256=ab ")]);
        assert_eq!(get(&headers, "x-hub-signature-256"), Some("sha256=ab"));
        assert_eq!(get(&headers, "x-hub-signature"), None);
    }

    #[test]
    fn decode_records_each_deviation() {
        let ok = decode(HEX, None, Encoding::Hex).unwrap();
        assert_eq!((ok.tag, ok.prefix, ok.encoding), (tag(), None, None));

        let prefixed = decode(&format!("sha256={HEX}"), None, Encoding::Hex).unwrap();
        assert_eq!(prefixed.prefix, Some(PrefixIssue::Extra("sha256=")));

        let bare = decode(HEX, Some("sha256="), Encoding::Hex).unwrap();
        assert_eq!(bare.prefix, Some(PrefixIssue::Missing("sha256=")));

        let slack_as_github = decode(&format!("v0={HEX}"), Some("sha256="), Encoding::Hex).unwrap();
        assert_eq!(
            slack_as_github.prefix,
            Some(PrefixIssue::Wrong {
                found: "v0=",
                expected: "sha256="
            })
        );

        let upper = decode(&HEX.to_uppercase(), None, Encoding::Hex).unwrap();
        assert_eq!(
            (upper.tag, upper.encoding),
            (tag(), Some(EncodingIssue::UpperHex))
        );

        let b64 = mac::b64_encode(&tag());
        let as_hex = decode(&b64, None, Encoding::Hex).unwrap();
        assert_eq!(
            (as_hex.tag, as_hex.encoding),
            (tag(), Some(EncodingIssue::Base64ForHex))
        );
        let ok_b64 = decode(&b64, None, Encoding::Base64).unwrap();
        assert_eq!(ok_b64.encoding, None);
        let hex_for_b64 = decode(HEX, None, Encoding::Base64).unwrap();
        assert_eq!(hex_for_b64.encoding, Some(EncodingIssue::HexForBase64));
        let unpadded = decode(b64.trim_end_matches('='), None, Encoding::Base64).unwrap();
        assert_eq!(unpadded.encoding, Some(EncodingIssue::LooseBase64));
        assert_eq!(unpadded.deviations(), 1);

        assert_eq!(decode("zz", None, Encoding::Hex), None);
        assert_eq!(decode(&HEX[..40], None, Encoding::Hex), None);
    }

    #[test]
    fn malformed_values_say_what_they_look_like() {
        let reason = |value: &str, encoding| describe_bad_value("x-sig", value, encoding).0;
        assert_eq!(reason("", Encoding::Hex), "x-sig is empty");
        assert!(reason(&HEX[..40], Encoding::Hex).contains("SHA-1"));
        assert!(reason(&format!("sha1={}", &HEX[..40]), Encoding::Hex).contains("SHA-1"));
        assert!(reason(&format!("{HEX}{HEX}"), Encoding::Hex).contains("SHA-512"));
        assert!(reason("abc", Encoding::Hex).contains("3 hex characters"));
        assert!(reason("t=1,v1=zz", Encoding::Hex).contains("stripe-signature style"));
        assert!(reason("not a tag!", Encoding::Base64).contains("base64"));
    }

    #[test]
    fn stripe_header_parsing() {
        let p = parse(
            Scheme::Stripe,
            &h(&[(
                "Stripe-Signature",
                &format!("t=1649367553, v1=zz,v0={HEX},v1={HEX},scheme=x"),
            )]),
        )
        .unwrap();
        assert_eq!(p.timestamp.unwrap().secs, 1_649_367_553);
        assert_eq!(p.candidates.len(), 1, "the undecodable v1 is skipped");

        let problem = |value: &str| match parse(Scheme::Stripe, &h(&[("stripe-signature", value)]))
        {
            Err(Flaw::Malformed { reason, .. }) => reason,
            other => panic!("{other:?}"),
        };
        assert!(problem(&format!("v1={HEX}")).contains("no t="));
        assert!(problem(&format!("t=soon,v1={HEX}")).contains("not a unix timestamp"));
        assert!(problem("t=1").contains("no v1="));
        assert!(problem(&format!("t=1,v0={HEX}")).contains("only a v0="));
        assert!(problem("t=1,v1=abc").contains("3 hex characters"));
    }

    #[test]
    fn standard_webhooks_header_parsing() {
        let b64 = mac::b64_encode(&tag());
        let p = parse(
            Scheme::StandardWebhooks,
            &h(&[
                ("svix-id", "msg_1"),
                ("svix-timestamp", "17"),
                ("svix-signature", &format!("v1a,xyz v1,bad v1,{b64}")),
            ]),
        )
        .unwrap();
        assert_eq!(p.header, "svix-signature");
        assert_eq!(p.msg_id.as_deref(), Some("msg_1"));
        assert_eq!(p.candidates.len(), 1);

        let problem = |pairs: &[(&str, &str)]| match parse(Scheme::StandardWebhooks, &h(pairs)) {
            Err(Flaw::Malformed { reason, .. }) => reason,
            other => panic!("{other:?}"),
        };
        let sig = format!("v1,{b64}");
        assert_eq!(
            problem(&[("webhook-timestamp", "1"), ("webhook-signature", &sig)]),
            "webhook-signature is present but webhook-id is missing"
        );
        assert_eq!(
            problem(&[("webhook-id", "m"), ("webhook-signature", &sig)]),
            "webhook-signature is present but webhook-timestamp is missing"
        );
        assert!(
            problem(&[
                ("webhook-id", "m"),
                ("webhook-timestamp", "1.5"),
                ("webhook-signature", &sig)
            ])
            .contains("not a unix timestamp")
        );
        assert!(
            problem(&[
                ("webhook-id", "m"),
                ("webhook-timestamp", "1"),
                ("webhook-signature", "v1a,only-asymmetric")
            ])
            .contains("no v1,")
        );
        assert_eq!(
            parse(Scheme::StandardWebhooks, &[]).unwrap_err(),
            Flaw::Missing {
                header: "webhook-signature"
            }
        );
    }

    #[test]
    fn slack_needs_its_timestamp() {
        let sig = format!("v0={HEX}");
        match parse(Scheme::Slack, &h(&[("X-Slack-Signature", &sig)])) {
            Err(Flaw::Malformed { reason, .. }) => assert_eq!(
                reason,
                "x-slack-signature is present but x-slack-request-timestamp is missing"
            ),
            other => panic!("{other:?}"),
        }
        let p = parse(
            Scheme::Slack,
            &h(&[
                ("X-Slack-Signature", &sig),
                ("X-Slack-Request-Timestamp", "-5"),
            ]),
        )
        .unwrap();
        assert_eq!(p.timestamp.unwrap().secs, -5);
    }
}
