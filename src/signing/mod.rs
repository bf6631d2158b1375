//! Webhook signatures: the seven schemes ocw signs and verifies (docs/webhook-contract.md, sections 1
//! and 6), scheme detection from request headers, and the verifier that explains a mismatch.
//!
//! Layout: this file owns [`Scheme`], [`sign`] and [`detect`]; `verify` owns the verdict,
//! `headers` parses what a request presents, `mutations` lists the ways a signer's bytes, key
//! or encoding commonly differ from the receiver's, `json` re-serializes bodies the way
//! JavaScript and Python do, and `mac` holds the HMAC and constant-time helpers.
//!
//! Everything here signs the raw body bytes; nothing re-serializes JSON except the diagnosis,
//! which does so only to tell the user why a signature failed (house style 29).

mod headers;
mod json;
mod mac;
mod mutations;
mod verify;

use std::fmt;

pub use verify::{Verdict, VerdictKind, VerifyRequest, verify};

/// The header that carries ocw's default signature: lowercase hex HMAC-SHA256 of the body.
pub const OCW_HEADER: &str = "x-openclaw-signature";

/// What a receiver's author does when their verifier hashed JSON it parsed and re-serialized:
/// the one wording, used by the diagnosis of `verify` (and `listen`) and by `send` when a
/// receiver rejects a delivery. Free of semicolons: hints join advice with them.
/// (`express.raw()` alone only takes `application/octet-stream`, hence the `type`.)
pub const RAW_BODY_FIX: &str = "hash the raw body, e.g. `request.get_data()` in Flask, \
     `express.raw({ type: 'application/json' })` in Express";

/// A signature scheme a webhook verifier meets in the wild (docs/webhook-contract.md, section 6).
///
/// The order of the variants is the order of [`Scheme::ALL`], which lists ocw's own schemes
/// first and then the third-party ones, for help text and `--json` listings.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// `x-openclaw-signature: <hex>`, the article's scheme and ocw's default.
    Ocw,
    /// `X-Hub-Signature-256: sha256=<hex>`.
    Github,
    /// `Stripe-Signature: t=<unix>,v1=<hex>`.
    Stripe,
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` (also Svix).
    #[serde(alias = "svix")]
    StandardWebhooks,
    /// `X-Slack-Signature: v0=<hex>` with `X-Slack-Request-Timestamp`.
    Slack,
    /// `X-Shopify-Hmac-Sha256: <base64>`.
    Shopify,
}

impl Scheme {
    pub const ALL: [Scheme; 6] = [
        Scheme::Ocw,
        Scheme::Github,
        Scheme::Stripe,
        Scheme::StandardWebhooks,
        Scheme::Slack,
        Scheme::Shopify,
    ];

    /// The scheme's name on the command line and in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Ocw => "ocw",
            Scheme::Github => "github",
            Scheme::Stripe => "stripe",
            Scheme::StandardWebhooks => "standard-webhooks",
            Scheme::Slack => "slack",
            Scheme::Shopify => "shopify",
        }
    }

    /// Parses a name from [`Scheme::name`]; `svix` is accepted for Standard Webhooks because
    /// Svix is where most people meet that scheme.
    pub fn from_name(s: &str) -> Option<Scheme> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("svix") {
            return Some(Scheme::StandardWebhooks);
        }
        Scheme::ALL
            .into_iter()
            .find(|scheme| scheme.name().eq_ignore_ascii_case(s))
    }

    /// Whether the signed bytes include a timestamp, which the verifier then checks against
    /// a tolerance window to stop replays.
    pub fn is_timestamped(self) -> bool {
        matches!(
            self,
            Scheme::Stripe | Scheme::StandardWebhooks | Scheme::Slack
        )
    }

    /// The header whose presence identifies the scheme (lowercase). Standard Webhooks also
    /// accepts the `svix-` names.
    pub fn signature_header(self) -> &'static str {
        match self {
            Scheme::Ocw => OCW_HEADER,
            Scheme::Github => "x-hub-signature-256",
            Scheme::Stripe => "stripe-signature",
            Scheme::StandardWebhooks => "webhook-signature",
            Scheme::Slack => "x-slack-signature",
            Scheme::Shopify => "x-shopify-hmac-sha256",
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing an unknown scheme name; its message lists the known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown signature scheme `{0}`; expected one of ocw, github, stripe, \
     standard-webhooks (or svix), slack, shopify"
)]
pub struct UnknownScheme(pub String);

impl std::str::FromStr for Scheme {
    type Err = UnknownScheme;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scheme::from_name(s).ok_or_else(|| UnknownScheme(s.to_owned()))
    }
}

/// Why [`sign`] could not sign. Messages never contain the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// Standard Webhooks keys are the base64-decoded bytes after `whsec_`.
    #[error(
        "the standard-webhooks secret is not valid base64 after its whsec_ prefix; Standard \
         Webhooks secrets look like whsec_ followed by base64 (e.g. 24 to 64 random bytes)"
    )]
    InvalidBase64Secret,
    /// Standard Webhooks signs `{id}.{ts}.{body}`, and receivers de-duplicate on the id.
    #[error("standard-webhooks needs a message id for the webhook-id header")]
    MissingMessageId,
}

/// Lowercase hex HMAC-SHA256(secret bytes, body): the ocw default signature value.
pub fn sign_ocw(secret: &str, body: &[u8]) -> String {
    OcwSigner::new(secret).sign(body)
}

/// The ocw default signer with its key schedule done once: storms sign every delivery, and
/// keying HMAC costs as much as hashing a small body.
#[derive(Clone)]
pub struct OcwSigner {
    mac: hmac::Hmac<sha2::Sha256>,
}

impl OcwSigner {
    pub fn new(secret: &str) -> Self {
        use hmac::KeyInit;
        Self {
            mac: hmac::Hmac::new_from_slice(secret.as_bytes())
                .expect("HMAC accepts keys of any length"),
        }
    }

    /// Lowercase hex HMAC-SHA256 of `body`, the `x-openclaw-signature` value.
    pub fn sign(&self, body: &[u8]) -> String {
        use hmac::Mac;
        let mut mac = self.mac.clone();
        mac.update(body);
        let tag = mac.finalize().into_bytes();
        let mut out = [0u8; 64];
        hex::encode_to_slice(tag, &mut out).expect("64 hex digits for 32 bytes");
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl std::fmt::Debug for OcwSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OcwSigner([redacted])")
    }
}

/// Everything a signer for any scheme needs.
#[derive(Clone, Copy)]
pub struct SignRequest<'a> {
    pub scheme: Scheme,
    pub secret: &'a str,
    pub body: &'a [u8],
    /// Unix seconds, used by the timestamped schemes.
    pub timestamp: i64,
    /// Used by Standard Webhooks (`webhook-id`).
    pub msg_id: &'a str,
}

// Hand-written so a `{:?}` of a request cannot leak the secret.
impl fmt::Debug for SignRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignRequest")
            .field("scheme", &self.scheme)
            .field("secret", &"[redacted]")
            .field("body_len", &self.body.len())
            .field("timestamp", &self.timestamp)
            .field("msg_id", &self.msg_id)
            .finish()
    }
}

/// The headers (lowercase names, in a stable order) that carry the signature for the scheme.
pub fn sign(req: &SignRequest<'_>) -> Result<Vec<(String, String)>, SignError> {
    let header = req.scheme.signature_header().to_owned();
    let ts = req.timestamp.to_string();
    let key = req.secret.as_bytes();
    let headers = match req.scheme {
        Scheme::Ocw => vec![(header, sign_ocw(req.secret, req.body))],
        Scheme::Github => {
            let mac = mac::hmac_sha256(key, &[req.body]);
            vec![(header, format!("sha256={}", hex::encode(mac)))]
        }
        Scheme::Stripe => {
            let mac = mac::hmac_sha256(key, &[ts.as_bytes(), b".", req.body]);
            vec![(header, format!("t={ts},v1={}", hex::encode(mac)))]
        }
        Scheme::StandardWebhooks => {
            if req.msg_id.is_empty() {
                return Err(SignError::MissingMessageId);
            }
            let key =
                mac::standard_webhooks_key(req.secret).ok_or(SignError::InvalidBase64Secret)?;
            let mac = mac::hmac_sha256(
                &key,
                &[req.msg_id.as_bytes(), b".", ts.as_bytes(), b".", req.body],
            );
            vec![
                ("webhook-id".to_owned(), req.msg_id.to_owned()),
                ("webhook-timestamp".to_owned(), ts),
                (header, format!("v1,{}", mac::b64_encode(&mac))),
            ]
        }
        Scheme::Slack => {
            let mac = mac::hmac_sha256(key, &[b"v0:", ts.as_bytes(), b":", req.body]);
            vec![
                (header, format!("v0={}", hex::encode(mac))),
                ("x-slack-request-timestamp".to_owned(), ts),
            ]
        }
        Scheme::Shopify => {
            let mac = mac::hmac_sha256(key, &[req.body]);
            vec![(header, mac::b64_encode(&mac))]
        }
    };
    Ok(headers)
}

/// Every header a scheme's signature travels in, with the timestamps and message ids signed
/// along with it: what `replay --re-sign` removes before signing again.
const SIGNATURE_HEADERS: &[&str] = &[
    OCW_HEADER,
    "x-hub-signature-256",
    "x-hub-signature",
    "stripe-signature",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "svix-id",
    "svix-timestamp",
    "svix-signature",
    "x-slack-signature",
    "x-slack-request-timestamp",
    "x-shopify-hmac-sha256",
];

/// The first header named `name` in a `(name, value)` list, case-insensitive, value trimmed.
pub use headers::get as header;

/// Whether `name` (any case) carries a signature or what is signed with it.
pub fn is_signature_header(name: &str) -> bool {
    SIGNATURE_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
}

/// When the signature in `headers` says it was made (Unix seconds), for the timestamped
/// schemes; `None` when the scheme has no timestamp or none can be read.
pub fn signed_at(scheme: Scheme, headers: &[(String, String)]) -> Option<i64> {
    headers::parse(scheme, headers)
        .ok()?
        .timestamp
        .map(|t| t.secs)
}

/// Detects the scheme from request headers (names case-insensitive).
///
/// When several signature headers are present, the most specific scheme wins: the
/// timestamped ones first (their headers are unambiguous and carry more), then GitHub and
/// Shopify, and ocw's bare `x-openclaw-signature` last.
pub fn detect(headers: &[(String, String)]) -> Option<Scheme> {
    const PREFERENCE: [(Scheme, &[&str]); 6] = [
        (
            Scheme::StandardWebhooks,
            &["webhook-signature", "svix-signature"],
        ),
        (Scheme::Stripe, &["stripe-signature"]),
        (Scheme::Slack, &["x-slack-signature"]),
        (Scheme::Github, &["x-hub-signature-256"]),
        (Scheme::Shopify, &["x-shopify-hmac-sha256"]),
        (Scheme::Ocw, &[OCW_HEADER]),
    ];
    // One pass over the headers (a listener asks for every request): the most preferred
    // scheme whose header is there.
    headers
        .iter()
        .filter_map(|(name, _)| {
            let name = name.trim_ascii();
            PREFERENCE
                .iter()
                .position(|(_, names)| names.iter().any(|n| name.eq_ignore_ascii_case(n)))
        })
        .min()
        .map(|i| PREFERENCE[i].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn req<'a>(scheme: Scheme, secret: &'a str, body: &'a [u8]) -> SignRequest<'a> {
        SignRequest {
            scheme,
            secret,
            body,
            timestamp: 1_649_367_553,
            msg_id: "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
        }
    }

    #[test]
    fn names_round_trip_and_svix_is_an_alias() {
        for scheme in Scheme::ALL {
            assert_eq!(Scheme::from_name(scheme.name()), Some(scheme));
            assert_eq!(scheme.name().parse::<Scheme>(), Ok(scheme));
            assert_eq!(scheme.to_string(), scheme.name());
            assert_eq!(
                serde_json::to_value(scheme).unwrap(),
                serde_json::json!(scheme.name())
            );
        }
        assert_eq!(Scheme::from_name("svix"), Some(Scheme::StandardWebhooks));
        assert_eq!(Scheme::from_name("GitHub"), Some(Scheme::Github));
        assert_eq!(Scheme::from_name("sha1"), None);
        let err = "nope".parse::<Scheme>().unwrap_err().to_string();
        assert!(err.contains("`nope`") && err.contains("standard-webhooks"));
    }

    #[test]
    fn timestamped_schemes() {
        let timestamped: Vec<_> = Scheme::ALL
            .into_iter()
            .filter(|s| s.is_timestamped())
            .collect();
        assert_eq!(
            timestamped,
            [Scheme::Stripe, Scheme::StandardWebhooks, Scheme::Slack]
        );
    }

    #[test]
    fn github_test_vector() {
        let headers = sign(&req(
            Scheme::Github,
            "It's a Secret to Everybody",
            b"Hello, World!",
        ))
        .unwrap();
        assert_eq!(
            headers,
            h(&[(
                "x-hub-signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
            )])
        );
        // ocw's scheme is the same HMAC as bare hex.
        assert_eq!(
            sign_ocw("It's a Secret to Everybody", b"Hello, World!"),
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
    }

    #[test]
    fn standard_webhooks_test_vector() {
        let body = br#"{"email":"test@example.com","username":"test_user"}"#;
        let headers = sign(&req(
            Scheme::StandardWebhooks,
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            body,
        ))
        .unwrap();
        assert_eq!(
            headers,
            h(&[
                ("webhook-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"),
                ("webhook-timestamp", "1649367553"),
                (
                    "webhook-signature",
                    "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
                ),
            ])
        );
        // The key may also be given without its prefix.
        let bare = sign(&req(
            Scheme::StandardWebhooks,
            "C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            body,
        ))
        .unwrap();
        assert_eq!(bare, headers);
    }

    #[test]
    fn standard_webhooks_agrees_with_the_reference_crate() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"event":"lead.qualified","score":87}"#;
        let reference = standardwebhooks::Webhook::new(secret).unwrap();
        let expected = reference.sign("msg_1", 1_700_000_000, body).unwrap();
        let ours = sign(&SignRequest {
            scheme: Scheme::StandardWebhooks,
            secret,
            body,
            timestamp: 1_700_000_000,
            msg_id: "msg_1",
        })
        .unwrap();
        assert_eq!(ours[2], ("webhook-signature".to_owned(), expected));
    }

    #[test]
    fn our_standard_webhooks_headers_pass_the_reference_verifier() {
        // The reference crate checks the timestamp against the real clock, so sign "now".
        let now = jiff::Timestamp::now().as_second();
        let secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
        let body = br#"{"event":"message.sent"}"#;
        let signed = sign(&SignRequest {
            scheme: Scheme::StandardWebhooks,
            secret,
            body,
            timestamp: now,
            msg_id: "msg_cross_check",
        })
        .unwrap();
        let mut map = axum::http::HeaderMap::new();
        for (name, value) in &signed {
            map.insert(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        let reference = standardwebhooks::Webhook::new(secret).unwrap();
        reference.verify(body, &map).unwrap();
        assert!(reference.verify(b"{}", &map).is_err());
    }

    #[test]
    fn header_shapes_for_every_scheme() {
        let body = b"{\"a\":1}";
        let secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
        for scheme in Scheme::ALL {
            let headers = sign(&req(scheme, secret, body)).unwrap();
            let names: Vec<_> = headers.iter().map(|(n, _)| n.as_str()).collect();
            let (_, sig) = headers
                .iter()
                .find(|(n, _)| n == scheme.signature_header())
                .unwrap();
            match scheme {
                Scheme::Ocw => {
                    assert_eq!(names, [OCW_HEADER]);
                    assert_eq!(sig.len(), 64);
                    assert!(
                        sig.bytes()
                            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
                    );
                }
                Scheme::Github => {
                    assert!(sig.starts_with("sha256=") && sig.len() == 71);
                }
                Scheme::Stripe => assert!(sig.starts_with("t=1649367553,v1=")),
                Scheme::StandardWebhooks => {
                    assert_eq!(
                        names,
                        ["webhook-id", "webhook-timestamp", "webhook-signature"]
                    );
                }
                Scheme::Slack => {
                    assert_eq!(names, ["x-slack-signature", "x-slack-request-timestamp"]);
                    assert!(sig.starts_with("v0="));
                }
                Scheme::Shopify => assert_eq!(sig.len(), 44),
            }
            assert_eq!(detect(&headers), Some(scheme));
        }
    }

    #[test]
    fn sign_errors_never_contain_the_secret() {
        let secret = "whsec_not base64 at all!";
        let err = sign(&req(Scheme::StandardWebhooks, secret, b"{}")).unwrap_err();
        assert_eq!(err, SignError::InvalidBase64Secret);
        assert!(!err.to_string().contains("not base64 at all"));

        let mut no_id = req(
            Scheme::StandardWebhooks,
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            b"{}",
        );
        no_id.msg_id = "";
        assert_eq!(sign(&no_id).unwrap_err(), SignError::MissingMessageId);

        let debug = format!("{:?}", req(Scheme::Ocw, "hunter2", b"{}"));
        assert!(!debug.contains("hunter2"), "{debug}");
    }

    #[test]
    fn detect_prefers_the_most_specific_scheme() {
        assert_eq!(detect(&[]), None);
        assert_eq!(detect(&h(&[("Content-Type", "application/json")])), None);
        assert_eq!(
            detect(&h(&[("X-OpenClaw-Signature", "ab")])),
            Some(Scheme::Ocw)
        );
        assert_eq!(
            detect(&h(&[("Svix-Signature", "v1,x")])),
            Some(Scheme::StandardWebhooks)
        );
        let all = h(&[
            ("x-openclaw-signature", "a"),
            ("x-shopify-hmac-sha256", "a"),
            ("x-hub-signature-256", "a"),
            ("x-slack-signature", "a"),
            ("stripe-signature", "a"),
            ("webhook-signature", "a"),
        ]);
        let expected = [
            Scheme::StandardWebhooks,
            Scheme::Stripe,
            Scheme::Slack,
            Scheme::Github,
            Scheme::Shopify,
            Scheme::Ocw,
        ];
        // Dropping the winner each time walks the whole preference order.
        for (i, scheme) in expected.into_iter().enumerate() {
            assert_eq!(detect(&all[..all.len() - i]), Some(scheme));
        }
    }
}
