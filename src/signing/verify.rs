//! Verifying a received request and explaining the result: a [`Verdict`] that says whether
//! the signature is valid and, when it is not, which common mistake would explain it.
//!
//! The strict check comes first and alone decides validity: the raw body, the scheme's own
//! key derivation and encoding, constant-time comparison against every offered signature and
//! every secret (key rotation). Only when that fails does the diagnosis try the mutations of
//! docs/webhook-contract.md (section 1); a mutated match is still a mismatch, reported with a hint.
//!
//! The diagnosis is bounded, since `listen` runs it on every bad request from anyone: it
//! skips bodies over [`SEARCH_MAX_BODY`] and hashes at most [`SEARCH_BUDGET`] bytes, and the
//! hint says when it did not run to its end. The strict check has no such limit.

use std::ops::ControlFlow;

use super::headers::{self, Flaw, Presented};
use super::mac;
use super::mutations::{
    self, MAX_EDITS, Mutation, SEARCH_BUDGET, SEARCH_MAX_BODY, SearchLimit, Subject,
};
use super::{Scheme, detect};
use crate::secret::Secret;

/// Everything [`verify`] looks at.
#[derive(Debug, Clone, Copy)]
pub struct VerifyRequest<'a> {
    /// As received; names in any case.
    pub headers: &'a [(String, String)],
    /// The raw body bytes.
    pub body: &'a [u8],
    /// Valid if any one matches (key rotation). Empty gives a [`VerdictKind::NoSecret`].
    pub secrets: &'a [Secret],
    /// `None` detects the scheme from the headers.
    pub scheme: Option<Scheme>,
    /// How far a timestamped scheme's timestamp may be from `now`, either way (callers
    /// default to 300, the five minutes every timestamped scheme recommends).
    pub tolerance_secs: u64,
    /// Unix seconds; injected so tests control the clock.
    pub now: i64,
}

/// The outcome of [`verify`], shaped for both human output and `--json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Verdict {
    pub valid: bool,
    pub scheme: Option<Scheme>,
    pub kind: VerdictKind,
    /// One lowercase sentence saying what happened.
    pub reason: String,
    /// What to do, or which mutation of body, secret or encoding matched.
    pub hint: Option<String>,
    /// Which secret matched (0-based). Also set for a mismatch that a mutation explains, to
    /// say which secret the explanation is about.
    pub secret_index: Option<usize>,
    /// For timestamped schemes: `now - timestamp` (negative = in the future).
    pub age_secs: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Valid,
    /// The signature matches but the timestamp is outside the tolerance.
    Stale,
    Mismatch,
    /// No known signature header.
    MissingSignature,
    /// A signature header is present but unreadable: bad hex, no `v1=`, bad timestamp.
    Malformed,
    NoSecret,
}

/// Verifies a request; see [`Verdict`].
pub fn verify(req: &VerifyRequest<'_>) -> Verdict {
    let scheme = req.scheme.or_else(|| detect(req.headers));
    if req.secrets.is_empty() {
        return verdict(
            scheme,
            VerdictKind::NoSecret,
            "no secret to verify the signature with".to_owned(),
            Some(
                "provide the signing secret; give several to accept any of them during key \
                 rotation"
                    .to_owned(),
            ),
        );
    }
    let Some(scheme) = scheme else {
        return missing_any(req.headers);
    };
    let presented = match headers::parse(scheme, req.headers) {
        Ok(presented) => presented,
        Err(Flaw::Missing { header }) => return missing(scheme, header, req.headers),
        Err(Flaw::Malformed { reason, hint }) => {
            return verdict(Some(scheme), VerdictKind::Malformed, reason, Some(hint));
        }
    };

    let age = presented
        .timestamp
        .as_ref()
        .map(|ts| req.now.saturating_sub(ts.secs));
    let prefix = signed_prefix(scheme, &presented);
    let mut v = match strict_match(scheme, &presented, &prefix, req.body, req.secrets) {
        Some(index) => matched(req, scheme, &presented, age, index),
        None => mismatched(req, scheme, &presented, &prefix, age),
    };
    v.age_secs = age;
    v
}

/// Whether the timestamp's `age` is outside the tolerance.
fn stale_age(req: &VerifyRequest<'_>, age: Option<i64>) -> Option<i64> {
    age.filter(|age| age.unsigned_abs() > req.tolerance_secs)
}

/// The verdict when secret `index` signed the body as received: valid, or stale.
fn matched(
    req: &VerifyRequest<'_>,
    scheme: Scheme,
    presented: &Presented,
    age: Option<i64>,
    index: usize,
) -> Verdict {
    let n = req.secrets.len();
    let which = if n > 1 {
        format!(" with secret {} of {n}", index + 1)
    } else {
        String::new()
    };
    let mut v = match (age, stale_age(req, age)) {
        (_, Some(age)) => verdict(
            Some(scheme),
            VerdictKind::Stale,
            format!(
                "signature matches{which} but the timestamp is {} (tolerance {} s)",
                age_words(age),
                req.tolerance_secs
            ),
            Some(stale_hint(scheme, presented)),
        ),
        (Some(age), None) => verdict(
            Some(scheme),
            VerdictKind::Valid,
            format!(
                "signature matches{which} and the timestamp is {} (tolerance {} s)",
                age_words(age),
                req.tolerance_secs
            ),
            None,
        ),
        (None, None) => verdict(
            Some(scheme),
            VerdictKind::Valid,
            format!("signature matches{which}"),
            None,
        ),
    };
    v.secret_index = Some(index);
    v
}

/// The verdict when no secret signed the body as received: a mismatch, with the variation
/// that would have matched when the (bounded) search finds one.
fn mismatched(
    req: &VerifyRequest<'_>,
    scheme: Scheme,
    presented: &Presented,
    prefix: &[u8],
    age: Option<i64>,
) -> Verdict {
    let n = req.secrets.len();
    let stale_note = stale_age(req, age).map(|age| {
        format!(
            "; the timestamp is also {} (tolerance {} s)",
            age_words(age),
            req.tolerance_secs
        )
    });
    let search = diagnose(
        scheme,
        presented,
        prefix,
        req.body,
        req.secrets,
        SEARCH_BUDGET,
    );
    let (found, limit) = match search {
        Ok(found) => (found, None),
        Err(limit) => (None, Some(limit)),
    };
    if let Some(found) = found {
        let subject = Subject {
            scheme,
            header: presented.header,
            secrets: n,
            secret_index: found.secret_index,
        };
        let mut hint = mutations::explain(&found.edits, &subject);
        hint.push_str(stale_note.as_deref().unwrap_or_default());
        let mut v = verdict(
            Some(scheme),
            VerdictKind::Mismatch,
            "signature does not match the body as received, but a common variation of it does"
                .to_owned(),
            Some(hint),
        );
        v.secret_index = Some(found.secret_index);
        return v;
    }
    let reason = if n == 1 {
        "signature does not match the body with the secret".to_owned()
    } else {
        format!("signature does not match the body with any of the {n} secrets")
    };
    let mut hint = no_match_hint(scheme, req.secrets);
    if let Some(limit) = limit {
        hint.push_str("; ");
        hint.push_str(&limit.note());
    }
    verdict(Some(scheme), VerdictKind::Mismatch, reason, Some(hint))
}

fn verdict(
    scheme: Option<Scheme>,
    kind: VerdictKind,
    reason: String,
    hint: Option<String>,
) -> Verdict {
    Verdict {
        valid: kind == VerdictKind::Valid,
        scheme,
        kind,
        reason,
        hint,
        secret_index: None,
        age_secs: None,
    }
}

/// What the scheme puts before the body in the signed bytes.
fn signed_prefix(scheme: Scheme, presented: &Presented) -> Vec<u8> {
    let ts = presented
        .timestamp
        .as_ref()
        .map_or("", |ts| ts.raw.as_str());
    match scheme {
        Scheme::Stripe => format!("{ts}."),
        Scheme::StandardWebhooks => {
            format!("{}.{ts}.", presented.msg_id.as_deref().unwrap_or_default())
        }
        Scheme::Slack => format!("v0:{ts}:"),
        Scheme::Ocw | Scheme::Github | Scheme::Shopify => String::new(),
    }
    .into_bytes()
}

/// The index of the first secret whose canonical key signs the raw body to a strictly
/// formatted offered signature. Every offered signature is compared, without short-circuit.
fn strict_match(
    scheme: Scheme,
    presented: &Presented,
    prefix: &[u8],
    body: &[u8],
    secrets: &[Secret],
) -> Option<usize> {
    secrets.iter().position(|secret| {
        let Some(key) = mutations::canonical_key(scheme, secret.expose()) else {
            return false;
        };
        let tag = mac::hmac_sha256(&key, &[prefix, body]);
        presented
            .candidates
            .iter()
            .filter(|c| c.deviations() == 0)
            .fold(false, |any, c| any | mac::ct_eq(&tag, &c.tag))
    })
}

struct Found {
    secret_index: usize,
    edits: Vec<Mutation>,
}

/// Where a match sits in the search: fewest edits first, then the order secrets, keys,
/// signed forms, bodies and offered signatures are listed in. The smallest wins, so the
/// hint names the simplest explanation and ties go to the first secret.
type Rank = (usize, usize, usize, usize, usize, usize);

/// The explanation with the fewest edits, if any combination of at most [`MAX_EDITS`] edits
/// to body, key and signed form (plus any reading of the offered signatures) matches; or why
/// the search did not run to its end without one.
///
/// Bounded: nothing is tried on a body over [`SEARCH_MAX_BODY`], and at most `budget` bytes
/// ([`SEARCH_BUDGET`] outside tests) are hashed. Bodies are the outer loop, so each edited body is
/// built once and dropped before the next.
fn diagnose(
    scheme: Scheme,
    presented: &Presented,
    prefix: &[u8],
    body: &[u8],
    secrets: &[Secret],
    budget: usize,
) -> Result<Option<Found>, SearchLimit> {
    if body.len() > SEARCH_MAX_BODY {
        return Err(SearchLimit::BodyTooLarge { len: body.len() });
    }
    let mut forms: Vec<(&[u8], Vec<Mutation>)> = vec![(prefix, Vec::new())];
    if scheme.is_timestamped() {
        forms.push((&[], vec![Mutation::BodyOnly]));
    }
    let keys: Vec<Vec<_>> = secrets
        .iter()
        .map(|secret| mutations::key_variants(scheme, secret.expose()))
        .collect();
    let mut best: Option<(Rank, Found)> = None;
    let mut spent = 0usize;
    let mut body_index = 0;
    let flow = mutations::visit_body_variants(body, |variant| {
        let b = body_index;
        body_index += 1;
        for (secret_index, keys) in keys.iter().enumerate() {
            for (k, key) in keys.iter().enumerate() {
                for (f, (form, form_edits)) in forms.iter().enumerate() {
                    let base = key.edits.len() + form_edits.len() + variant.edits.len();
                    // Skip what cannot beat the best find: every match here ranks at least
                    // (base, secret_index, k, f, b, 0).
                    if base > MAX_EDITS
                        || best.as_ref().is_some_and(|(rank, _)| {
                            (base, secret_index, k, f, b) > (rank.0, rank.1, rank.2, rank.3, rank.4)
                        })
                    {
                        continue;
                    }
                    spent = spent.saturating_add(form.len() + variant.bytes.len());
                    if spent > budget {
                        return ControlFlow::Break(());
                    }
                    let tag = mac::hmac_sha256(&key.bytes, &[form, variant.bytes]);
                    for (c, candidate) in presented.candidates.iter().enumerate() {
                        let rank = (base + candidate.deviations(), secret_index, k, f, b, c);
                        if !mac::ct_eq(&tag, &candidate.tag)
                            || best.as_ref().is_some_and(|(best, _)| rank >= *best)
                        {
                            continue;
                        }
                        let mut edits = variant.edits.to_vec();
                        edits.extend_from_slice(&key.edits);
                        edits.extend_from_slice(form_edits);
                        edits.extend(candidate.prefix.map(Mutation::Prefix));
                        edits.extend(candidate.encoding.map(Mutation::Encoding));
                        best = Some((
                            rank,
                            Found {
                                secret_index,
                                edits,
                            },
                        ));
                    }
                }
            }
        }
        ControlFlow::Continue(())
    });
    // A zero-cost find would be a strict match, which the caller has ruled out.
    let found = best.filter(|(rank, _)| rank.0 > 0).map(|(_, found)| found);
    match (found, flow) {
        (None, ControlFlow::Break(())) => Err(SearchLimit::BudgetSpent),
        (found, _) => Ok(found),
    }
}

fn age_words(age: i64) -> String {
    if age >= 0 {
        format!("{age} s old")
    } else {
        format!("{} s in the future", age.unsigned_abs())
    }
}

fn stale_hint(scheme: Scheme, presented: &Presented) -> String {
    // Unix seconds reach 10^10 in the year 2286; anything larger is almost surely milliseconds.
    const MILLIS_THRESHOLD: i64 = 10_000_000_000;
    if presented
        .timestamp
        .as_ref()
        .is_some_and(|ts| ts.secs.unsigned_abs() >= MILLIS_THRESHOLD as u64)
    {
        return format!(
            "the timestamp looks like milliseconds; {scheme} timestamps are unix seconds"
        );
    }
    "the request is outside the replay window: if it is an old delivery being replayed, re-sign \
     it with a fresh timestamp; otherwise check the sender's and receiver's clocks"
        .to_owned()
}

fn no_match_hint(scheme: Scheme, secrets: &[Secret]) -> String {
    let mut hint = String::new();
    if scheme == Scheme::StandardWebhooks {
        let bad: Vec<String> = secrets
            .iter()
            .enumerate()
            .filter(|(_, s)| mutations::canonical_key(scheme, s.expose()).is_none())
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        if !bad.is_empty() {
            let which = if secrets.len() == 1 {
                "the secret is".to_owned()
            } else {
                format!("secret {} is", bad.join(", "))
            };
            hint.push_str(&format!(
                "{which} not valid base64 after whsec_ (Standard Webhooks secrets are whsec_ \
                 followed by base64); "
            ));
        }
    }
    hint.push_str(
        "check that the secret is the one the sender signs with, and that the body is exactly \
         the bytes received (not re-serialized, re-encoded or reformatted)",
    );
    hint
}

/// The header of an unreleased draft: `x-openclaw-webhook-signature-256: sha256=<hex>` was
/// proposed for OpenClaw's webhooks plugin (openclaw/openclaw PR #87529) and closed without
/// being merged. No released OpenClaw sends it, so ocw knows it only to say so.
pub const DRAFT_PLUGIN_HEADER: &str = "x-openclaw-webhook-signature-256";

/// What to say when the only signature is the unreleased draft's header.
fn draft_plugin(headers: &[(String, String)]) -> Option<String> {
    headers::get(headers, DRAFT_PLUGIN_HEADER)?;
    Some(format!(
        "{DRAFT_PLUGIN_HEADER} is from an unreleased draft (openclaw PR #87529, closed unmerged), \
         not a scheme OpenClaw sends: the released webhooks plugin authenticates callers with a \
         route secret (see `ocw taskflow`), and cron deliveries carry `Authorization: Bearer \
         <cron.webhookToken>` (check it with `ocw listen --token`)"
    ))
}

/// No scheme was given and no known signature header is present.
fn missing_any(headers: &[(String, String)]) -> Verdict {
    let looked_for = "looked for webhook-signature, svix-signature, stripe-signature, \
                      x-slack-signature, x-hub-signature-256, x-shopify-hmac-sha256 and \
                      x-openclaw-signature";
    let hint = match (legacy_github(headers), draft_plugin(headers)) {
        (Some(legacy), _) => format!("{legacy}; {looked_for}"),
        (None, Some(draft)) => format!("{draft}; {looked_for}"),
        (None, None) => format!(
            "{looked_for}; the sender did not sign this request, or a proxy dropped the header"
        ),
    };
    verdict(
        None,
        VerdictKind::MissingSignature,
        "no signature header found".to_owned(),
        Some(hint),
    )
}

/// The scheme was given but its header is absent.
fn missing(scheme: Scheme, header: &str, headers: &[(String, String)]) -> Verdict {
    let hint = match detect(headers) {
        Some(other) if other != scheme => format!(
            "the request carries {}, the {other} scheme's header; verify it with that scheme",
            other.signature_header()
        ),
        _ => legacy_github(headers)
            .filter(|_| scheme == Scheme::Github)
            .unwrap_or_else(|| {
                "the sender did not sign this request, or a proxy dropped the header".to_owned()
            }),
    };
    verdict(
        Some(scheme),
        VerdictKind::MissingSignature,
        format!("no {header} header ({scheme} scheme)"),
        Some(hint),
    )
}

fn legacy_github(headers: &[(String, String)]) -> Option<String> {
    headers::get(headers, "x-hub-signature").map(|_| {
        "only GitHub's legacy SHA-1 x-hub-signature is present; ocw verifies \
         x-hub-signature-256, which GitHub sends alongside it"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::super::{SignRequest, sign};
    use super::*;

    const NOW: i64 = 1_700_000_000;
    const SECRET: &str = "s3cr3t-Value-xyz";
    /// Standard Webhooks secrets must be base64 after `whsec_`.
    const SW_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const BODY: &[u8] =
        r#"{"event":"lead.qualified","lead_data":{"score":87,"name":"Jöhn"}}"#.as_bytes();

    fn secret_for(scheme: Scheme) -> &'static str {
        if scheme == Scheme::StandardWebhooks {
            SW_SECRET
        } else {
            SECRET
        }
    }

    fn signed_at(scheme: Scheme, secret: &str, body: &[u8], ts: i64) -> Vec<(String, String)> {
        sign(&SignRequest {
            scheme,
            secret,
            body,
            timestamp: ts,
            msg_id: "msg_2Kj",
        })
        .unwrap()
    }

    fn signed(scheme: Scheme, secret: &str, body: &[u8]) -> Vec<(String, String)> {
        signed_at(scheme, secret, body, NOW)
    }

    fn check(
        headers: &[(String, String)],
        body: &[u8],
        secrets: &[&str],
        scheme: Option<Scheme>,
    ) -> Verdict {
        let secrets: Vec<Secret> = secrets.iter().map(|s| Secret::new(*s)).collect();
        let v = verify(&VerifyRequest {
            headers,
            body,
            secrets: &secrets,
            scheme,
            tolerance_secs: 300,
            now: NOW,
        });
        assert_no_leak(&v, &secrets);
        v
    }

    /// No secret, nor its trimmed form or the part after `whsec_`, appears in the verdict.
    fn assert_no_leak(v: &Verdict, secrets: &[Secret]) {
        let text = serde_json::to_string(v).unwrap();
        for secret in secrets {
            let s = secret.expose();
            for needle in [s, s.trim(), s.trim_start_matches("whsec_")] {
                if needle.len() >= 4 {
                    assert!(!text.contains(needle), "secret leaked into {text}");
                }
            }
        }
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// Replaces the value of header `name` in `headers`.
    fn with(mut headers: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
        for (n, v) in &mut headers {
            if n == name {
                *v = value.to_owned();
            }
        }
        headers
    }

    fn value<'h>(headers: &'h [(String, String)], name: &str) -> &'h str {
        headers::get(headers, name).unwrap()
    }

    fn hint(v: &Verdict) -> &str {
        v.hint.as_deref().unwrap_or_default()
    }

    /// Asserts a mismatch explained by a hint containing every one of `phrases`.
    #[track_caller]
    fn assert_diagnosed(v: &Verdict, phrases: &[&str]) {
        assert_eq!(v.kind, VerdictKind::Mismatch, "{v:#?}");
        assert!(!v.valid);
        assert!(v.reason.contains("a common variation of it does"), "{v:#?}");
        for phrase in phrases {
            assert!(hint(v).contains(phrase), "{phrase:?} not in {:?}", hint(v));
        }
    }

    #[test]
    fn round_trip_for_every_scheme() {
        for scheme in Scheme::ALL {
            let secret = secret_for(scheme);
            let headers = signed(scheme, secret, BODY);
            for given in [None, Some(scheme)] {
                let v = check(&headers, BODY, &[secret], given);
                assert_eq!(v.kind, VerdictKind::Valid, "{scheme}: {v:#?}");
                assert!(v.valid);
                assert_eq!(v.scheme, Some(scheme));
                assert_eq!(v.secret_index, Some(0));
                assert_eq!(v.hint, None);
                if scheme.is_timestamped() {
                    assert_eq!(v.age_secs, Some(0));
                    assert_eq!(
                        v.reason,
                        "signature matches and the timestamp is 0 s old (tolerance 300 s)"
                    );
                } else {
                    assert_eq!(v.age_secs, None);
                    assert_eq!(v.reason, "signature matches");
                }
            }
            // One flipped byte in the body is a plain mismatch.
            let v = check(&headers, b"{\"event\":\"lead.qualifiet\"}", &[secret], None);
            assert_eq!(v.kind, VerdictKind::Mismatch, "{scheme}");
        }
    }

    #[test]
    fn header_names_are_case_insensitive() {
        let headers: Vec<_> = signed(Scheme::Slack, SECRET, BODY)
            .into_iter()
            .map(|(n, v)| (n.to_uppercase(), v))
            .collect();
        assert!(check(&headers, BODY, &[SECRET], None).valid);
    }

    #[test]
    fn spec_test_vectors_verify() {
        let github = h(&[(
            "X-Hub-Signature-256",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        )]);
        let v = check(
            &github,
            b"Hello, World!",
            &["It's a Secret to Everybody"],
            None,
        );
        assert_eq!(
            (v.kind, v.scheme),
            (VerdictKind::Valid, Some(Scheme::Github))
        );

        let sw = h(&[
            ("webhook-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"),
            ("webhook-timestamp", "1649367553"),
            (
                "webhook-signature",
                "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
            ),
        ]);
        let secrets = [Secret::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")];
        let v = verify(&VerifyRequest {
            headers: &sw,
            body: br#"{"email":"test@example.com","username":"test_user"}"#,
            secrets: &secrets,
            scheme: None,
            tolerance_secs: 300,
            now: 1_649_367_553 + 10,
        });
        assert_eq!(v.kind, VerdictKind::Valid, "{v:#?}");
        assert_eq!(v.age_secs, Some(10));
    }

    #[test]
    fn reference_crate_signatures_verify_including_svix_names_and_several_entries() {
        let reference = standardwebhooks::Webhook::new(SW_SECRET).unwrap();
        let sig = reference.sign("msg_ref", NOW, BODY).unwrap();
        let other = standardwebhooks::Webhook::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")
            .unwrap()
            .sign("msg_ref", NOW, BODY)
            .unwrap();
        let headers = h(&[
            ("Svix-Id", "msg_ref"),
            ("Svix-Timestamp", &NOW.to_string()),
            ("Svix-Signature", &format!("{other} v1a,ignored {sig}")),
        ]);
        let v = check(&headers, BODY, &[SW_SECRET], None);
        assert_eq!(
            (v.kind, v.scheme),
            (VerdictKind::Valid, Some(Scheme::StandardWebhooks))
        );
    }

    #[test]
    fn stripe_accepts_any_v1() {
        let headers = signed(Scheme::Stripe, SECRET, BODY);
        let real = value(&headers, "stripe-signature");
        let v1 = real.split_once(",v1=").unwrap().1;
        let header = format!("t={NOW},v0={v1},v1={},v1={v1}", "0".repeat(64));
        let v = check(&h(&[("stripe-signature", &header)]), BODY, &[SECRET], None);
        assert!(v.valid, "{v:#?}");
    }

    #[test]
    fn key_rotation_accepts_any_secret_and_says_which() {
        let headers = signed(Scheme::Ocw, SECRET, BODY);
        let v = check(&headers, BODY, &["old-secret-abc", SECRET], None);
        assert!(v.valid);
        assert_eq!(v.secret_index, Some(1));
        assert_eq!(v.reason, "signature matches with secret 2 of 2");

        let headers = signed(Scheme::StandardWebhooks, SW_SECRET, BODY);
        let v = check(
            &headers,
            BODY,
            &["whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", SW_SECRET],
            None,
        );
        assert_eq!((v.valid, v.secret_index), (true, Some(1)));
    }

    #[test]
    fn stale_and_future_timestamps() {
        for scheme in Scheme::ALL.into_iter().filter(|s| s.is_timestamped()) {
            let secret = secret_for(scheme);
            let old = signed_at(scheme, secret, BODY, NOW - 412);
            let v = check(&old, BODY, &[secret], None);
            assert_eq!(v.kind, VerdictKind::Stale, "{scheme}");
            assert!(!v.valid);
            assert_eq!(
                v.reason,
                "signature matches but the timestamp is 412 s old (tolerance 300 s)"
            );
            assert_eq!(v.age_secs, Some(412));
            assert!(hint(&v).contains("replay window"));

            let future = signed_at(scheme, secret, BODY, NOW + 412);
            let v = check(&future, BODY, &[secret], None);
            assert_eq!(v.kind, VerdictKind::Stale);
            assert_eq!(
                v.reason,
                "signature matches but the timestamp is 412 s in the future (tolerance 300 s)"
            );
            assert_eq!(v.age_secs, Some(-412));

            // The tolerance is inclusive at both edges.
            for ts in [NOW - 300, NOW + 300] {
                let edge = signed_at(scheme, secret, BODY, ts);
                assert!(
                    check(&edge, BODY, &[secret], None).valid,
                    "{scheme} at {ts}"
                );
            }
        }
    }

    #[test]
    fn millisecond_timestamps_are_called_out() {
        let headers = signed_at(Scheme::Stripe, SECRET, BODY, NOW * 1000);
        let v = check(&headers, BODY, &[SECRET], None);
        assert_eq!(v.kind, VerdictKind::Stale);
        assert!(hint(&v).contains("looks like milliseconds"), "{v:#?}");
    }

    #[test]
    fn stale_and_mutated_says_both() {
        let headers = signed_at(Scheme::Stripe, SECRET, b"{\"a\":1}", NOW - 1000);
        let v = check(&headers, b"{\"a\":1}\n", &[SECRET], None);
        assert_diagnosed(
            &v,
            &[
                "without its trailing newline",
                "the timestamp is also 1000 s old",
            ],
        );
        assert_eq!(v.age_secs, Some(1000));
    }

    #[test]
    fn json_reserialization_is_diagnosed() {
        let pretty = b"{\n  \"event\": \"lead.qualified\",\n  \"score\": 87.0\n}";
        let compact = b"{\"event\":\"lead.qualified\",\"score\":87}";
        let python = b"{\"event\": \"lead.qualified\", \"score\": 87}";

        // Signed JSON.stringify(JSON.parse(body)), sent pretty bytes: the article's verifier.
        let headers = signed(Scheme::Ocw, SECRET, compact);
        let v = check(&headers, pretty, &[SECRET], None);
        assert_diagnosed(
            &v,
            &[
                "re-serialized as compact JSON (JSON.stringify(JSON.parse(body)))",
                "sign and verify the raw body bytes",
            ],
        );
        assert_eq!(v.secret_index, Some(0));

        // Signed pretty, sent compact.
        let pretty_87 = b"{\n  \"event\": \"lead.qualified\",\n  \"score\": 87\n}";
        let headers = signed(Scheme::Github, SECRET, pretty_87);
        let v = check(&headers, compact, &[SECRET], None);
        assert_diagnosed(&v, &["pretty-printed with a 2-space indent"]);

        // Signed Python's json.dumps output.
        let headers = signed(Scheme::Github, SECRET, python);
        let v = check(&headers, compact, &[SECRET], None);
        assert_diagnosed(&v, &["Python's json.dumps"]);

        // Pretty plus a trailing newline: `jq . > file`.
        let jq = [pretty_87.as_slice(), b"\n"].concat();
        let headers = signed(Scheme::Shopify, SECRET, &jq);
        let v = check(&headers, compact, &[SECRET], None);
        assert_diagnosed(&v, &["pretty-printed", "and with a trailing newline added"]);
    }

    #[test]
    fn body_mutations_are_diagnosed_for_timestamped_schemes() {
        let compact = b"{\"a\":[1,2]}";
        let pretty = b"{\n  \"a\": [\n    1,\n    2\n  ]\n}";
        for scheme in Scheme::ALL.into_iter().filter(|s| s.is_timestamped()) {
            let secret = secret_for(scheme);
            let headers = signed(scheme, secret, compact);
            let v = check(&headers, pretty, &[secret], None);
            assert_diagnosed(&v, &["compact JSON"]);
            assert_eq!(v.age_secs, Some(0));
        }
    }

    #[test]
    fn newline_and_line_ending_mutations_are_diagnosed() {
        let cases: [(&[u8], &[u8], &str); 4] = [
            (
                b"{\"a\":1}\n",
                b"{\"a\":1}",
                "with a trailing newline added",
            ),
            (b"{\"a\":1}", b"{\"a\":1}\n", "without its trailing newline"),
            (
                b"a\nb\n",
                b"a\r\nb\r\n",
                "with CRLF line endings turned into LF",
            ),
            (
                b"a\r\nb\r\n",
                b"a\nb\n",
                "with LF line endings turned into CRLF",
            ),
        ];
        for (signed_body, received, phrase) in cases {
            let headers = signed(Scheme::Ocw, SECRET, signed_body);
            assert_diagnosed(&check(&headers, received, &[SECRET], None), &[phrase]);
        }
    }

    #[test]
    fn signature_format_mutations_are_diagnosed() {
        let ocw = signed(Scheme::Ocw, SECRET, BODY);
        let hex = value(&ocw, OCW_HEADER_NAME).to_owned();
        let tag = hex::decode(&hex).unwrap();
        let b64 = mac::b64_encode(&tag);

        // GitHub's `sha256=` value in x-openclaw-signature: another scheme's format.
        let v = check(
            &h(&[(OCW_HEADER_NAME, &format!("sha256={hex}"))]),
            BODY,
            &[SECRET],
            None,
        );
        assert_diagnosed(
            &v,
            &[
                "reading the signature without its `sha256=` prefix",
                "the github format",
            ],
        );

        // GitHub without its prefix.
        let v = check(&h(&[("x-hub-signature-256", &hex)]), BODY, &[SECRET], None);
        assert_diagnosed(
            &v,
            &[
                "as if it had the `sha256=` prefix it lacks",
                "x-hub-signature-256 values start with `sha256=`",
            ],
        );

        // Slack's prefix on the GitHub header.
        let v = check(
            &h(&[("x-hub-signature-256", &format!("v0={hex}"))]),
            BODY,
            &[SECRET],
            None,
        );
        assert_diagnosed(
            &v,
            &[
                "with `sha256=` in place of its `v0=` prefix",
                "the slack format",
            ],
        );

        let v = check(
            &h(&[(OCW_HEADER_NAME, &hex.to_uppercase())]),
            BODY,
            &[SECRET],
            None,
        );
        assert_diagnosed(&v, &["as upper-case hex", "takes lowercase hex"]);

        let v = check(&h(&[(OCW_HEADER_NAME, &b64)]), BODY, &[SECRET], None);
        assert_diagnosed(&v, &["as base64 instead of hex"]);

        let v = check(
            &h(&[("x-shopify-hmac-sha256", &hex)]),
            BODY,
            &[SECRET],
            None,
        );
        assert_diagnosed(&v, &["as hex instead of base64"]);

        let url_safe = b64.replace('+', "-").replace('/', "_");
        let v = check(
            &h(&[("x-shopify-hmac-sha256", url_safe.trim_end_matches('='))]),
            BODY,
            &[SECRET],
            None,
        );
        assert_diagnosed(&v, &["as unpadded or URL-safe base64"]);

        // Standard Webhooks entry without its `v1,`.
        let sw = signed(Scheme::StandardWebhooks, SW_SECRET, BODY);
        let entry = value(&sw, "webhook-signature").to_owned();
        let bare = with(sw, "webhook-signature", entry.trim_start_matches("v1,"));
        let v = check(&bare, BODY, &[SW_SECRET], None);
        assert_diagnosed(&v, &["the `v1,` prefix it lacks"]);
    }

    const OCW_HEADER_NAME: &str = super::super::OCW_HEADER;

    #[test]
    fn secret_whitespace_is_diagnosed() {
        // Our secret came from a file with a trailing newline; the signer's did not.
        let headers = signed(Scheme::Ocw, SECRET, BODY);
        let padded = format!("{SECRET}\n");
        let v = check(&headers, BODY, &[&padded], None);
        assert_diagnosed(
            &v,
            &["keyed with the secret trimmed of surrounding whitespace"],
        );

        let spaced = format!("  {SECRET} ");
        let v = check(&headers, BODY, &[&spaced], None);
        assert_diagnosed(&v, &["trimmed of surrounding whitespace"]);

        // The signer's secret had the newline.
        let headers = signed(Scheme::Github, &format!("{SECRET}\n"), BODY);
        let v = check(&headers, BODY, &[SECRET], None);
        assert_diagnosed(
            &v,
            &[
                "plus a trailing newline",
                "trim it where the signer loads it",
            ],
        );

        // Standard Webhooks: a newline makes the base64 invalid, trimmed it verifies.
        let headers = signed(Scheme::StandardWebhooks, SW_SECRET, BODY);
        let v = check(&headers, BODY, &[&format!("{SW_SECRET}\n")], None);
        assert_diagnosed(&v, &["trimmed of surrounding whitespace"]);
    }

    #[test]
    fn key_derivation_mutations_are_diagnosed() {
        // Standard Webhooks keyed with the text instead of the decoded bytes.
        let body = BODY;
        let prefix = format!("msg_2Kj.{NOW}.");
        let raw_tag = mac::hmac_sha256(SW_SECRET.as_bytes(), &[prefix.as_bytes(), body]);
        let headers = with(
            signed(Scheme::StandardWebhooks, SW_SECRET, body),
            "webhook-signature",
            &format!("v1,{}", mac::b64_encode(&raw_tag)),
        );
        let v = check(&headers, body, &[SW_SECRET], None);
        assert_diagnosed(&v, &["used as raw text instead of base64-decoding"]);

        let after = SW_SECRET.trim_start_matches("whsec_");
        let raw_tag = mac::hmac_sha256(after.as_bytes(), &[prefix.as_bytes(), body]);
        let headers = with(
            headers,
            "webhook-signature",
            &format!("v1,{}", mac::b64_encode(&raw_tag)),
        );
        assert_diagnosed(
            &check(&headers, body, &[SW_SECRET], None),
            &["the part after whsec_ used as raw text"],
        );

        // Stripe signed with the prefix stripped, or with one the verifier's secret lacks.
        let stripe_secret = "whsec_stripe-test-key-123";
        let headers = signed(Scheme::Stripe, "stripe-test-key-123", body);
        assert_diagnosed(
            &check(&headers, body, &[stripe_secret], None),
            &["without its whsec_ prefix", "prefix included"],
        );
        let headers = signed(Scheme::Stripe, stripe_secret, body);
        assert_diagnosed(
            &check(&headers, body, &["stripe-test-key-123"], None),
            &["with a whsec_ prefix added"],
        );

        // A Svix secret used the Standard Webhooks way for the ocw scheme.
        let key = mac::standard_webhooks_key(SW_SECRET).unwrap();
        let ocw = hex::encode(mac::hmac_sha256(&key, &[body]));
        assert_diagnosed(
            &check(&h(&[(OCW_HEADER_NAME, &ocw)]), body, &[SW_SECRET], None),
            &["base64-decoded after whsec_"],
        );
    }

    #[test]
    fn timestamp_left_out_of_the_signed_bytes_is_diagnosed() {
        let tag = hex::encode(mac::hmac_sha256(b"slack-secret-1", &[BODY]));
        let headers = h(&[
            ("x-slack-signature", &format!("v0={tag}")),
            ("x-slack-request-timestamp", &NOW.to_string()),
        ]);
        let v = check(&headers, BODY, &["slack-secret-1"], None);
        assert_diagnosed(
            &v,
            &["the body alone", "slack signs \"v0:{timestamp}:{body}\""],
        );
    }

    #[test]
    fn the_fewest_edits_win_and_name_the_secret() {
        // Secret 2 matches with one edit; secret 1 would need two.
        let headers = signed(Scheme::Ocw, SECRET, b"{\"a\":1}\n");
        let v = check(
            &headers,
            b"{\"a\":1}",
            &[&format!("{SECRET} "), SECRET],
            None,
        );
        assert_diagnosed(
            &v,
            &["keyed with secret 2 of 2", "with a trailing newline added"],
        );
        assert_eq!(v.secret_index, Some(1));
        assert!(!hint(&v).contains("trimmed"), "{}", hint(&v));
    }

    #[test]
    fn no_match_at_all() {
        let headers = signed(Scheme::Ocw, "another-secret-1", BODY);
        let v = check(&headers, BODY, &[SECRET, "third-secret-x"], None);
        assert_eq!(v.kind, VerdictKind::Mismatch);
        assert_eq!(
            v.reason,
            "signature does not match the body with any of the 2 secrets"
        );
        assert!(hint(&v).contains("not re-serialized"));
        assert_eq!(v.secret_index, None);

        let v = check(&headers, BODY, &[SECRET], None);
        assert_eq!(
            v.reason,
            "signature does not match the body with the secret"
        );
    }

    #[test]
    fn invalid_standard_webhooks_secret_is_named_not_shown() {
        let headers = signed(Scheme::StandardWebhooks, SW_SECRET, BODY);
        let v = check(
            &headers,
            BODY,
            &["whsec_not*base64!secret", "whsec_other%bad"],
            None,
        );
        assert_eq!(v.kind, VerdictKind::Mismatch);
        assert!(
            hint(&v).starts_with("secret 1, 2 is not valid base64 after whsec_"),
            "{}",
            hint(&v)
        );
    }

    #[test]
    fn malformed_headers() {
        let cases: Vec<(Vec<(String, String)>, &str)> = vec![
            (
                h(&[(OCW_HEADER_NAME, "zz")]),
                "x-openclaw-signature is not 64 hex characters",
            ),
            (h(&[(OCW_HEADER_NAME, "")]), "x-openclaw-signature is empty"),
            (
                h(&[(
                    "x-hub-signature-256",
                    "sha1=0123456789012345678901234567890123456789",
                )]),
                "SHA-1",
            ),
            (
                h(&[("stripe-signature", "t=1700000000")]),
                "stripe-signature has no v1= signature",
            ),
            (
                h(&[(
                    "stripe-signature",
                    &format!("t=yesterday,v1={}", "a".repeat(64)),
                )]),
                "stripe-signature's t= is not a unix timestamp in seconds",
            ),
            (
                h(&[("webhook-signature", "v1,AAAA"), ("webhook-timestamp", "1")]),
                "webhook-signature is present but webhook-id is missing",
            ),
            (
                h(&[("x-slack-signature", &format!("v0={}", "a".repeat(64)))]),
                "x-slack-signature is present but x-slack-request-timestamp is missing",
            ),
            (
                h(&[
                    ("x-slack-signature", &format!("v0={}", "a".repeat(64))),
                    ("x-slack-request-timestamp", "12:00"),
                ]),
                "x-slack-request-timestamp is not a unix timestamp in seconds",
            ),
        ];
        for (headers, expected) in cases {
            let v = check(&headers, BODY, &[SECRET], None);
            assert_eq!(v.kind, VerdictKind::Malformed, "{expected}: {v:#?}");
            assert!(!v.valid);
            assert!(
                v.reason.contains(expected),
                "{expected:?} not in {:?}",
                v.reason
            );
            assert!(v.hint.is_some());
            assert!(v.scheme.is_some());
        }
    }

    #[test]
    fn missing_signature() {
        let v = check(
            &h(&[("content-type", "application/json")]),
            BODY,
            &[SECRET],
            None,
        );
        assert_eq!(v.kind, VerdictKind::MissingSignature);
        assert_eq!((v.valid, v.scheme), (false, None));
        assert_eq!(v.reason, "no signature header found");
        assert!(hint(&v).contains("x-openclaw-signature"));

        // The unreleased draft's header is named as such, never verified as an OpenClaw scheme.
        let draft = h(&[(DRAFT_PLUGIN_HEADER, "sha256=00")]);
        let v = check(&draft, BODY, &[SECRET], None);
        assert_eq!(v.kind, VerdictKind::MissingSignature);
        assert!(
            hint(&v).contains("unreleased draft (openclaw PR #87529"),
            "{}",
            hint(&v)
        );
        assert!(hint(&v).contains("route secret"));

        // The wrong scheme was asked for: name the header that is there.
        let github = signed(Scheme::Github, SECRET, BODY);
        let v = check(&github, BODY, &[SECRET], Some(Scheme::Ocw));
        assert_eq!(v.kind, VerdictKind::MissingSignature);
        assert_eq!(v.reason, "no x-openclaw-signature header (ocw scheme)");
        assert!(hint(&v).contains("carries x-hub-signature-256, the github scheme's header"));

        // Only GitHub's legacy SHA-1 header.
        let legacy = h(&[(
            "X-Hub-Signature",
            "sha1=0123456789abcdef0123456789abcdef01234567",
        )]);
        for scheme in [None, Some(Scheme::Github)] {
            let v = check(&legacy, BODY, &[SECRET], scheme);
            assert_eq!(v.kind, VerdictKind::MissingSignature);
            assert!(hint(&v).contains("legacy SHA-1"), "{v:#?}");
        }
    }

    #[test]
    fn no_secret() {
        let headers = signed(Scheme::Github, SECRET, BODY);
        let v = check(&headers, BODY, &[], None);
        assert_eq!(v.kind, VerdictKind::NoSecret);
        assert!(!v.valid);
        assert_eq!(v.scheme, Some(Scheme::Github));
        assert!(hint(&v).contains("key rotation"));
    }

    #[test]
    fn json_shape() {
        let headers = signed(Scheme::StandardWebhooks, SW_SECRET, BODY);
        let v = check(&headers, b"{}", &[SW_SECRET], None);
        let json = serde_json::to_value(&v).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            [
                "valid",
                "scheme",
                "kind",
                "reason",
                "hint",
                "secret_index",
                "age_secs"
            ]
        );
        assert_eq!(json["scheme"], "standard-webhooks");
        assert_eq!(json["kind"], "mismatch");
        assert_eq!(json["age_secs"], 0);
        assert_eq!(
            serde_json::to_value(VerdictKind::MissingSignature).unwrap(),
            "missing_signature"
        );
    }

    #[test]
    fn diagnosis_never_leaks_secrets() {
        // Every path above runs through `check`, which asserts this; here the secrets are
        // short and made of words that also appear in hints, the hardest case for a leak
        // check, so use distinctive ones across every scheme and a mutated body.
        for scheme in Scheme::ALL {
            let secret = secret_for(scheme);
            let headers = signed(scheme, secret, b"{\"a\":1}");
            for body in [b"{\"a\":1}".as_slice(), b"{\"a\": 1}", b"{\"a\":2}"] {
                for secrets in [
                    vec![secret],
                    vec![" padded-secret-q ", secret],
                    vec!["whsec_!!!bad", secret],
                ] {
                    check(&headers, body, &secrets, Some(scheme));
                }
            }
        }
    }

    /// A JSON body of exactly `len` bytes shaped like a real payload: nested objects,
    /// arrays, numbers, escapes and non-ASCII text, padded with a final string field.
    fn payload_of_len(len: usize) -> Vec<u8> {
        let mut out = String::from(r#"{"event":"lead.qualified","items":["#);
        let tail = r#"],"pad":""#;
        for i in 0.. {
            let item = format!(
                r#"{{"id":{i},"name":"Jöhn Dœ","note":"line\nline","score":87.5,{}}},"#,
                r#""tags":["a","b"],"meta":{"ok":true,"n":null}"#
            );
            if out.len() + item.len() + tail.len() + 2 > len {
                break;
            }
            out.push_str(&item);
        }
        out.pop(); // the last comma
        out.push_str(tail);
        out.push_str(&"x".repeat(len - out.len() - 2));
        out.push_str("\"}");
        assert_eq!(out.len(), len);
        assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
        out.into_bytes()
    }

    /// Runs the search alone, with the verifier's own prefix and parsing.
    fn search(
        headers: &[(String, String)],
        body: &[u8],
        secrets: &[&str],
        budget: usize,
    ) -> Result<Option<Found>, SearchLimit> {
        let scheme = detect(headers).unwrap();
        let presented = headers::parse(scheme, headers).unwrap();
        let prefix = signed_prefix(scheme, &presented);
        let secrets: Vec<Secret> = secrets.iter().map(|s| Secret::new(*s)).collect();
        diagnose(scheme, &presented, &prefix, body, &secrets, budget)
    }

    #[test]
    fn a_body_over_the_search_limit_gets_the_strict_verdict_and_says_so() {
        let body = payload_of_len(SEARCH_MAX_BODY + 1);
        // Signed with a trailing newline, which the search would name on a smaller body.
        let headers = signed(Scheme::Ocw, SECRET, &[&body[..], b"\n"].concat());
        let v = check(&headers, &body, &[SECRET], None);
        assert_eq!(v.kind, VerdictKind::Mismatch);
        assert!(!v.valid);
        assert_eq!(
            v.reason,
            "signature does not match the body with the secret"
        );
        let expected = format!(
            "; body too large for the variation search ({} bytes; the search runs on bodies \
             up to 262144 bytes)",
            SEARCH_MAX_BODY + 1
        );
        assert!(hint(&v).ends_with(&expected), "{}", hint(&v));
        assert!(hint(&v).contains("not re-serialized"), "{}", hint(&v));
        assert_eq!(v.secret_index, None);

        // Validity itself has no size limit.
        for scheme in Scheme::ALL {
            let secret = secret_for(scheme);
            let v = check(&signed(scheme, secret, &body), &body, &[secret], None);
            assert_eq!(v.kind, VerdictKind::Valid, "{scheme}: {v:#?}");
        }
    }

    #[test]
    fn a_body_at_the_search_limit_is_searched_within_half_the_budget() {
        let body = payload_of_len(SEARCH_MAX_BODY);
        // Standard Webhooks is the widest search: two signed forms, three key derivations.
        let other = "whsec_dGhlIG90aGVyIHNlY3JldCBrZXk=";
        let headers = signed(Scheme::StandardWebhooks, other, &body);
        // No match at all: every variation is tried, and the whole search fits.
        assert!(matches!(
            search(&headers, &body, &[SW_SECRET], SEARCH_BUDGET / 2),
            Ok(None)
        ));
        // And it still finds what it is for: the body pretty-printed by the signer.
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let pretty = crate::payload::js::to_js_pretty(&value, 2);
        let headers = signed(Scheme::StandardWebhooks, SW_SECRET, &pretty);
        assert_diagnosed(
            &check(&headers, &body, &[SW_SECRET], None),
            &["pretty-printed with a 2-space indent"],
        );
    }

    #[test]
    fn the_search_stops_at_its_budget_and_says_so() {
        let headers = signed(Scheme::Ocw, "another-secret-1", BODY);
        // Room for two HMACs of the body, not for the whole search.
        let budget = 2 * BODY.len() + 1;
        assert!(matches!(
            search(&headers, BODY, &[SECRET], budget),
            Err(SearchLimit::BudgetSpent)
        ));
        assert!(search(&headers, BODY, &[SECRET], SEARCH_BUDGET).is_ok());
        assert_eq!(
            SearchLimit::BudgetSpent.note(),
            format!(
                "the variation search stopped after hashing {SEARCH_BUDGET} bytes, its limit \
                 per request, so some variations were not tried"
            )
        );

        // A match found before the budget runs out is still reported: the signer's secret
        // had a trailing newline, found on the first body with the second key.
        let headers = signed(Scheme::Ocw, &format!("{SECRET}\n"), BODY);
        let found = search(&headers, BODY, &[SECRET], budget).unwrap().unwrap();
        assert_eq!(
            found.edits,
            [Mutation::Secret(mutations::SecretEdit::AddNewline)]
        );
    }
}
