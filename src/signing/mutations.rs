//! The common ways a signer's bytes, key or encoding differ from what the verifier holds
//! (docs/webhook-contract.md, section 1), as variants to try and as words to explain them.
//!
//! Each variant is a list of [`Mutation`]s applied to the received body or to a secret; the
//! empty list is the strict, canonical form. The verifier tries combinations with at most
//! [`MAX_EDITS`] edits, fewest first, so the hint names the smallest explanation.

use std::ops::ControlFlow;

use super::Scheme;
use super::headers::{EncodingIssue, PrefixIssue, prefix_origin};
use super::json;
use super::mac;

/// The most edits (to body, secret and signed form together) one explanation may combine.
/// Two covers the real cases seen in the wild (`jq . > file` both pretty-prints and adds a
/// newline) while keeping the number of HMACs per secret in the tens.
pub(super) const MAX_EDITS: usize = 2;

/// One difference between what the signer hashed and what the verifier holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mutation {
    Body(BodyEdit),
    Secret(SecretEdit),
    Key(KeyEdit),
    /// Only the body was signed, without a timestamped scheme's `{t}.` prefix.
    BodyOnly,
    Prefix(PrefixIssue),
    Encoding(EncodingIssue),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BodyEdit {
    JsCompact,
    JsPretty,
    Python,
    AddNewline,
    StripNewline,
    CrlfToLf,
    LfToCrlf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SecretEdit {
    /// The signer's secret is the given one without surrounding whitespace.
    Trim,
    /// The signer's secret is the given one plus a newline (read from a file, not trimmed).
    AddNewline,
}

/// A different way of turning the secret's text into the HMAC key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyEdit {
    /// Standard Webhooks: the whole text as the key, nothing decoded.
    RawText,
    /// Standard Webhooks: the text after `whsec_` as the key, not base64-decoded.
    RawAfterPrefix,
    /// Stripe: the key without its `whsec_` prefix.
    DropPrefix,
    /// Stripe: `whsec_` + the given secret.
    AddPrefix,
    /// Any other scheme: the base64 after `whsec_` decoded, the Standard Webhooks way.
    Base64AfterPrefix,
}

/// The largest body the variation search runs on; a larger one gets the strict verdict and
/// a [`SearchLimit::BodyTooLarge`] note. OpenClaw's payloads are a few KiB, and the Gateway
/// refuses bodies over 256 KiB on its hooks and webhook routes (docs/webhook-contract.md, section 7),
/// so no real OpenClaw delivery is skipped, while a hostile or mistaken 50 MB body costs one
/// HMAC per secret and no copies.
pub(super) const SEARCH_MAX_BODY: usize = 256 * 1024;

/// The largest re-serialized body tried. Pretty-printing indents (a deeply nested body grows
/// ~130 times) and Python escapes non-ASCII (up to six times), so a form longer than four
/// times the largest searched body is skipped rather than built: real pretty-printed
/// payloads are under twice their compact size.
pub(super) const SEARCH_MAX_VARIANT: usize = 4 * SEARCH_MAX_BODY;

/// Bytes the search may feed to HMAC per verification, all secrets together. A full search
/// of a 256 KiB JSON body with one Standard Webhooks secret (the widest search) hashes about
/// 8 MiB (`a_body_at_the_search_limit_is_searched_within_half_the_budget` keeps it under
/// half of this); 32 MiB leaves room for a few rotated secrets, and is ~20 ms of one core with
/// SHA extensions (~80 ms without): the most a bad request to `listen --secret` can cost.
pub(super) const SEARCH_BUDGET: usize = 32 * 1024 * 1024;

/// Why the variation search did not run to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SearchLimit {
    /// The body is larger than [`SEARCH_MAX_BODY`]; nothing was tried.
    BodyTooLarge { len: usize },
    /// [`SEARCH_BUDGET`] was spent before a variation matched.
    BudgetSpent,
}

impl SearchLimit {
    /// The one wording of a skipped or cut-short search, appended to the mismatch hint.
    pub(super) fn note(self) -> String {
        match self {
            SearchLimit::BodyTooLarge { len } => format!(
                "body too large for the variation search ({len} bytes; the search runs on \
                 bodies up to {SEARCH_MAX_BODY} bytes)"
            ),
            SearchLimit::BudgetSpent => format!(
                "the variation search stopped after hashing {SEARCH_BUDGET} bytes, its limit \
                 per request, so some variations were not tried"
            ),
        }
    }
}

/// A byte string with the edits that produced it.
pub(super) struct Variant {
    pub bytes: Vec<u8>,
    pub edits: Vec<Mutation>,
}

/// One form of the received body, borrowed for the time of one visit.
pub(super) struct BodyVariant<'a> {
    pub bytes: &'a [u8],
    pub edits: &'a [Mutation],
}

/// Visits the received body and its edited forms, fewest edits first: the body itself, then
/// its line-ending edits and its re-serializations (compact, pretty, Python), then the
/// line-ending edits of each re-serialization. A re-serialization equal to the body, and an
/// edit of one equal to the body or to a re-serialization, is skipped: fewer edits already
/// gave the same bytes (compacting an already compact body changes nothing).
///
/// Memory stays a small multiple of the body: the parsed tree and the three
/// re-serializations (each at most [`SEARCH_MAX_VARIANT`]) are held, and only one
/// line-ending edit exists at a time. Callers check [`SEARCH_MAX_BODY`] first. Stops at the
/// first `Break`, which it returns.
pub(super) fn visit_body_variants<B>(
    body: &[u8],
    mut visit: impl FnMut(BodyVariant<'_>) -> ControlFlow<B>,
) -> ControlFlow<B> {
    const LINES: [BodyEdit; 4] = [
        BodyEdit::AddNewline,
        BodyEdit::StripNewline,
        BodyEdit::CrlfToLf,
        BodyEdit::LfToCrlf,
    ];
    let mut bases: Vec<(Vec<u8>, [Mutation; 1])> = Vec::new();
    if let Some(value) = json::parse(body) {
        let compact = json::js_compact(&value);
        let pretty = json::js_pretty(&value, compact.len(), SEARCH_MAX_VARIANT);
        let python = json::python_dumps(&value, SEARCH_MAX_VARIANT);
        drop(value);
        let reserialized = [
            (Some(compact), BodyEdit::JsCompact),
            (pretty, BodyEdit::JsPretty),
            (python, BodyEdit::Python),
        ];
        for (bytes, edit) in reserialized {
            let Some(bytes) = bytes.filter(|b| b.len() <= SEARCH_MAX_VARIANT) else {
                continue;
            };
            if bytes != body && bases.iter().all(|(seen, _)| *seen != bytes) {
                bases.push((bytes, [Mutation::Body(edit)]));
            }
        }
    }
    let seen = |bytes: &[u8]| bytes == body || bases.iter().any(|(b, _)| b == bytes);

    visit(BodyVariant {
        bytes: body,
        edits: &[],
    })?;
    // Not checked against the re-serializations: when one equals a line edit of the body
    // (a compact body plus a newline, stripped), both are tried and the earlier, the line
    // edit, is the one named.
    for edit in LINES {
        if let Some(bytes) = edit_lines(body, edit) {
            visit(BodyVariant {
                bytes: &bytes,
                edits: &[Mutation::Body(edit)],
            })?;
        }
    }
    for (bytes, edits) in &bases {
        visit(BodyVariant { bytes, edits })?;
    }
    for (base, base_edits) in &bases {
        for edit in LINES {
            if let Some(bytes) = edit_lines(base, edit).filter(|b| !seen(b)) {
                visit(BodyVariant {
                    bytes: &bytes,
                    edits: &[base_edits[0], Mutation::Body(edit)],
                })?;
            }
        }
    }
    ControlFlow::Continue(())
}

fn edit_lines(body: &[u8], edit: BodyEdit) -> Option<Vec<u8>> {
    let has_crlf = body.windows(2).any(|w| w == b"\r\n");
    match edit {
        BodyEdit::AddNewline if !body.ends_with(b"\n") => Some([body, b"\n"].concat()),
        BodyEdit::StripNewline if body.ends_with(b"\r\n") => Some(body[..body.len() - 2].to_vec()),
        BodyEdit::StripNewline if body.ends_with(b"\n") => Some(body[..body.len() - 1].to_vec()),
        BodyEdit::CrlfToLf if has_crlf => {
            let mut out = Vec::with_capacity(body.len());
            let mut i = 0;
            while i < body.len() {
                if body[i..].starts_with(b"\r\n") {
                    i += 1;
                    continue;
                }
                out.push(body[i]);
                i += 1;
            }
            Some(out)
        }
        BodyEdit::LfToCrlf if body.contains(&b'\n') => {
            let mut out = Vec::with_capacity(body.len() + body.len() / 16);
            for (i, &b) in body.iter().enumerate() {
                if b == b'\n' && (i == 0 || body[i - 1] != b'\r') {
                    out.push(b'\r');
                }
                out.push(b);
            }
            (out.len() != body.len()).then_some(out)
        }
        _ => None,
    }
}

/// The HMAC keys to try for one secret: the canonical key first (absent when the secret
/// cannot be a key for the scheme, e.g. bad base64 for Standard Webhooks), then edited keys.
pub(super) fn key_variants(scheme: Scheme, secret: &str) -> Vec<Variant> {
    let mut texts: Vec<(String, Vec<Mutation>)> = vec![(secret.to_owned(), Vec::new())];
    if secret.trim() != secret {
        texts.push((
            secret.trim().to_owned(),
            vec![Mutation::Secret(SecretEdit::Trim)],
        ));
    } else {
        texts.push((
            format!("{secret}\n"),
            vec![Mutation::Secret(SecretEdit::AddNewline)],
        ));
    }
    let mut out = Vec::new();
    for (text, edits) in texts {
        for (key, key_edit) in derive_keys(scheme, &text) {
            let mut edits = edits.clone();
            edits.extend(key_edit.map(Mutation::Key));
            out.push(Variant { bytes: key, edits });
        }
    }
    dedupe(out)
}

/// The key the scheme derives from `secret`, or `None` when the secret cannot be one (a
/// Standard Webhooks secret that is not base64).
pub(super) fn canonical_key(scheme: Scheme, secret: &str) -> Option<Vec<u8>> {
    derive_keys(scheme, secret)
        .into_iter()
        .find_map(|(key, edit)| edit.is_none().then_some(key))
}

/// The canonical key for `text` (edit `None`) and the alternative derivations.
fn derive_keys(scheme: Scheme, text: &str) -> Vec<(Vec<u8>, Option<KeyEdit>)> {
    let after_prefix = text.strip_prefix("whsec_");
    let mut keys = Vec::new();
    match scheme {
        Scheme::StandardWebhooks => {
            if let Some(key) = mac::standard_webhooks_key(text) {
                keys.push((key, None));
            }
            keys.push((text.as_bytes().to_vec(), Some(KeyEdit::RawText)));
            if let Some(rest) = after_prefix {
                keys.push((rest.as_bytes().to_vec(), Some(KeyEdit::RawAfterPrefix)));
            }
        }
        Scheme::Stripe => {
            keys.push((text.as_bytes().to_vec(), None));
            match after_prefix {
                Some(rest) => keys.push((rest.as_bytes().to_vec(), Some(KeyEdit::DropPrefix))),
                None => keys.push((
                    format!("whsec_{text}").into_bytes(),
                    Some(KeyEdit::AddPrefix),
                )),
            }
        }
        _ => {
            keys.push((text.as_bytes().to_vec(), None));
            if after_prefix.is_some()
                && let Some(key) = mac::standard_webhooks_key(text)
            {
                keys.push((key, Some(KeyEdit::Base64AfterPrefix)));
            }
        }
    }
    keys
}

/// Sorts by number of edits (stably, so list order breaks ties) and drops later duplicates.
fn dedupe(mut variants: Vec<Variant>) -> Vec<Variant> {
    variants.retain(|v| v.edits.len() <= MAX_EDITS);
    variants.sort_by_key(|v| v.edits.len());
    let mut out: Vec<Variant> = Vec::with_capacity(variants.len());
    for v in variants {
        if !out.iter().any(|seen| seen.bytes == v.bytes) {
            out.push(v);
        }
    }
    out
}

/// Context the explanations need.
pub(super) struct Subject<'a> {
    pub scheme: Scheme,
    /// The header the signature came from.
    pub header: &'a str,
    /// How many secrets were tried, and which one matched.
    pub secrets: usize,
    pub secret_index: usize,
}

/// One hint explaining a match found under `edits`: which bytes, key and reading of the
/// signature match, then what to do about each difference.
pub(super) fn explain(edits: &[Mutation], ctx: &Subject<'_>) -> String {
    let mut body = Vec::new();
    let mut key = Vec::new();
    let mut sig = Vec::new();
    let mut body_only = false;
    for edit in edits {
        match edit {
            Mutation::Body(e) => body.push(body_phrase(*e)),
            Mutation::Secret(e) => key.push(secret_phrase(*e)),
            Mutation::Key(e) => key.push(key_phrase(*e)),
            Mutation::BodyOnly => body_only = true,
            Mutation::Prefix(p) => sig.push(prefix_phrase(*p)),
            Mutation::Encoding(e) => sig.push(encoding_phrase(*e).to_owned()),
        }
    }
    let mut out = String::from("the signature matches ");
    out.push_str(if body_only {
        "the body alone, without the timestamp part of the signed bytes"
    } else {
        "the body"
    });
    if !body.is_empty() {
        out.push(' ');
        out.push_str(&body.join(" and "));
    }
    if !key.is_empty() || ctx.secrets > 1 {
        out.push_str(", keyed with ");
        if ctx.secrets > 1 {
            out.push_str(&format!(
                "secret {} of {}",
                ctx.secret_index + 1,
                ctx.secrets
            ));
        } else {
            out.push_str("the secret");
        }
        if !key.is_empty() {
            out.push(' ');
            out.push_str(&key.join(" and "));
        }
    }
    if !sig.is_empty() {
        out.push_str(", reading the signature ");
        out.push_str(&sig.join(" and "));
    }
    out.push_str(": ");
    let advice: Vec<String> = edits.iter().map(|e| advice(*e, ctx)).collect();
    out.push_str(&advice.join("; "));
    out
}

fn body_phrase(edit: BodyEdit) -> &'static str {
    match edit {
        BodyEdit::JsCompact => "re-serialized as compact JSON (JSON.stringify(JSON.parse(body)))",
        BodyEdit::JsPretty => "pretty-printed with a 2-space indent (JSON.stringify(x, null, 2))",
        BodyEdit::Python => {
            "re-serialized the way Python's json.dumps does (\", \" and \": \" separators)"
        }
        BodyEdit::AddNewline => "with a trailing newline added",
        BodyEdit::StripNewline => "without its trailing newline",
        BodyEdit::CrlfToLf => "with CRLF line endings turned into LF",
        BodyEdit::LfToCrlf => "with LF line endings turned into CRLF",
    }
}

fn secret_phrase(edit: SecretEdit) -> &'static str {
    match edit {
        SecretEdit::Trim => "trimmed of surrounding whitespace",
        SecretEdit::AddNewline => "plus a trailing newline",
    }
}

fn key_phrase(edit: KeyEdit) -> &'static str {
    match edit {
        KeyEdit::RawText => "used as raw text instead of base64-decoding the part after whsec_",
        KeyEdit::RawAfterPrefix => {
            "with the part after whsec_ used as raw text instead of base64-decoded"
        }
        KeyEdit::DropPrefix => "without its whsec_ prefix",
        KeyEdit::AddPrefix => "with a whsec_ prefix added",
        KeyEdit::Base64AfterPrefix => "base64-decoded after whsec_ (the Standard Webhooks way)",
    }
}

fn prefix_phrase(issue: PrefixIssue) -> String {
    match issue {
        PrefixIssue::Extra(p) => format!("without its `{p}` prefix"),
        PrefixIssue::Missing(p) => format!("as if it had the `{p}` prefix it lacks"),
        PrefixIssue::Wrong { found, expected } => {
            format!("with `{expected}` in place of its `{found}` prefix")
        }
    }
}

fn encoding_phrase(issue: EncodingIssue) -> &'static str {
    match issue {
        EncodingIssue::UpperHex => "as upper-case hex",
        EncodingIssue::Base64ForHex => "as base64 instead of hex",
        EncodingIssue::HexForBase64 => "as hex instead of base64",
        EncodingIssue::LooseBase64 => "as unpadded or URL-safe base64",
    }
}

fn signed_form(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Stripe => "\"{t}.{body}\"",
        Scheme::StandardWebhooks => "\"{id}.{timestamp}.{body}\"",
        Scheme::Slack => "\"v0:{timestamp}:{body}\"",
        _ => "the body",
    }
}

/// Why the difference arises and what to do, without semicolons: [`explain`] joins several
/// pieces of advice with them.
// Long: one match arm per mutation, each a sentence; splitting it would scatter the wording.
fn advice(edit: Mutation, ctx: &Subject<'_>) -> String {
    let header = ctx.header;
    let scheme = ctx.scheme.name();
    match edit {
        Mutation::Body(BodyEdit::JsCompact | BodyEdit::JsPretty | BodyEdit::Python) => format!(
            "the signer hashed re-serialized JSON rather than the bytes it sent, or the body was \
             reformatted after signing (sign and verify the raw body bytes). If this is the body \
             your receiver hashed, your verifier hashed re-serialized JSON: {}",
            super::RAW_BODY_FIX
        ),
        Mutation::Body(BodyEdit::AddNewline) => {
            "the signer hashed a trailing newline that is not in the body you verify (sign \
             exactly the bytes sent, verify exactly the bytes received)"
                .to_owned()
        }
        Mutation::Body(BodyEdit::StripNewline) => {
            "the body you verify ends with a newline the signer did not hash, as editors and \
             `echo` add one (verify the bytes exactly as received)"
                .to_owned()
        }
        Mutation::Body(BodyEdit::CrlfToLf | BodyEdit::LfToCrlf) => {
            "line endings changed between signing and verifying, e.g. by a Windows editor or git \
             autocrlf (keep the body bytes untouched)"
                .to_owned()
        }
        Mutation::Secret(SecretEdit::Trim) => {
            "the secret you gave has leading or trailing whitespace, often a newline from a file \
             (remove it)"
                .to_owned()
        }
        Mutation::Secret(SecretEdit::AddNewline) => {
            "the signer's secret ends with a newline, probably read from a file without trimming \
             (trim it where the signer loads it)"
                .to_owned()
        }
        Mutation::Key(KeyEdit::RawText | KeyEdit::RawAfterPrefix) => {
            "Standard Webhooks keys the HMAC with the base64-decoded bytes after whsec_, but the \
             signer used the text itself"
                .to_owned()
        }
        Mutation::Key(KeyEdit::DropPrefix) => {
            "Stripe keys the HMAC with the whole whsec_ string, prefix included, but the signer \
             dropped the prefix"
                .to_owned()
        }
        Mutation::Key(KeyEdit::AddPrefix) => {
            "the signer's secret carries a whsec_ prefix that the secret you gave lacks (use the \
             full whsec_ string)"
                .to_owned()
        }
        Mutation::Key(KeyEdit::Base64AfterPrefix) => format!(
            "{scheme} keys the HMAC with the secret's text as is, but the signer decoded it like \
             a Standard Webhooks secret"
        ),
        Mutation::BodyOnly => format!(
            "{scheme} signs {}, but the signer hashed the body alone",
            signed_form(ctx.scheme)
        ),
        Mutation::Prefix(PrefixIssue::Extra(p)) => format!(
            "{header} takes the bare value, but the signer used {} (`{p}`)",
            prefix_origin(p)
        ),
        Mutation::Prefix(PrefixIssue::Missing(p)) => {
            format!("{header} values start with `{p}`, which the signer left out")
        }
        Mutation::Prefix(PrefixIssue::Wrong { found, expected }) => format!(
            "{header} values start with `{expected}`, but the signer used {} (`{found}`)",
            prefix_origin(found)
        ),
        Mutation::Encoding(EncodingIssue::UpperHex) => format!(
            "{header} takes lowercase hex, and verifiers that compare strings reject upper case"
        ),
        Mutation::Encoding(EncodingIssue::Base64ForHex) => {
            format!("{header} takes hex, but the signer encoded the HMAC as base64")
        }
        Mutation::Encoding(EncodingIssue::HexForBase64) => {
            format!("{header} takes base64, but the signer encoded the HMAC as hex")
        }
        Mutation::Encoding(EncodingIssue::LooseBase64) => {
            format!("{header} takes standard, padded base64")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every form [`visit_body_variants`] visits, in order.
    fn body_variants(body: &[u8]) -> Vec<Variant> {
        let mut out = Vec::new();
        let _ = visit_body_variants::<()>(body, |v| {
            out.push(Variant {
                bytes: v.bytes.to_vec(),
                edits: v.edits.to_vec(),
            });
            ControlFlow::Continue(())
        });
        out
    }

    fn edits_of(variants: &[Variant], bytes: &[u8]) -> Option<Vec<Mutation>> {
        variants
            .iter()
            .find(|v| v.bytes == bytes)
            .map(|v| v.edits.clone())
    }

    #[test]
    fn body_variants_start_canonical_and_skip_no_ops() {
        let body = b"{\"a\":1}";
        let variants = body_variants(body);
        assert_eq!(variants[0].bytes, body);
        assert!(variants[0].edits.is_empty());
        // Already compact: JsCompact is a no-op and must not appear.
        assert!(
            variants
                .iter()
                .all(|v| !v.edits.contains(&Mutation::Body(BodyEdit::JsCompact)))
        );
        assert_eq!(
            edits_of(&variants, b"{\n  \"a\": 1\n}\n"),
            Some(vec![
                Mutation::Body(BodyEdit::JsPretty),
                Mutation::Body(BodyEdit::AddNewline)
            ])
        );
        assert_eq!(
            edits_of(&variants, b"{\"a\": 1}"),
            Some(vec![Mutation::Body(BodyEdit::Python)])
        );
        assert!(variants.iter().all(|v| v.edits.len() <= MAX_EDITS));
        // Sorted by number of edits.
        assert!(
            variants
                .windows(2)
                .all(|w| w[0].edits.len() <= w[1].edits.len())
        );
        // Without duplicates here (no form equals another).
        for (i, v) in variants.iter().enumerate() {
            assert!(variants[..i].iter().all(|w| w.bytes != v.bytes));
        }
    }

    #[test]
    fn a_line_edit_of_the_body_is_named_before_an_equal_reserialization() {
        // The body is compact JSON plus a newline: stripping the newline and compacting give
        // the same bytes; the line edit comes first, so it is the one a match names.
        let variants = body_variants(b"{\"a\":1}\n");
        assert_eq!(
            edits_of(&variants, b"{\"a\":1}"),
            Some(vec![Mutation::Body(BodyEdit::StripNewline)])
        );
    }

    #[test]
    fn the_visit_stops_at_the_first_break() {
        let mut seen = 0;
        let flow = visit_body_variants(b"{\"a\":1}", |_| {
            seen += 1;
            if seen == 3 {
                ControlFlow::Break("stop")
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!((flow, seen), (ControlFlow::Break("stop"), 3));
    }

    #[test]
    fn oversized_reserializations_are_not_tried() {
        // 120 levels of nesting around numbers, under the body limit: its pretty form would
        // be far past SEARCH_MAX_VARIANT, so it is left out; compact and Python remain.
        let mut body = "[".repeat(120);
        body.push_str(&vec!["1"; 60_000].join(","));
        body.push_str(&"]".repeat(120));
        body.push(' '); // so the compact form differs from the body
        assert!(body.len() <= SEARCH_MAX_BODY);
        let variants = body_variants(body.as_bytes());
        assert!(variants.iter().all(|v| v.bytes.len() <= SEARCH_MAX_VARIANT));
        let has = |edit| variants.iter().any(|v| v.edits == [Mutation::Body(edit)]);
        assert!(has(BodyEdit::JsCompact) && has(BodyEdit::Python));
        assert!(!has(BodyEdit::JsPretty));
    }

    #[test]
    fn line_edits() {
        assert_eq!(
            edit_lines(b"a\r\nb\r\n", BodyEdit::CrlfToLf).unwrap(),
            b"a\nb\n"
        );
        assert_eq!(
            edit_lines(b"a\nb\r\n", BodyEdit::LfToCrlf).unwrap(),
            b"a\r\nb\r\n"
        );
        assert_eq!(edit_lines(b"a\r\n", BodyEdit::LfToCrlf), None);
        assert_eq!(edit_lines(b"a\r\n", BodyEdit::StripNewline).unwrap(), b"a");
        assert_eq!(edit_lines(b"a\n", BodyEdit::AddNewline), None);
        assert_eq!(edit_lines(b"ab", BodyEdit::CrlfToLf), None);
    }

    #[test]
    fn non_json_bodies_still_get_line_variants() {
        let variants = body_variants(b"plain text");
        assert!(edits_of(&variants, b"plain text\n").is_some());
        assert_eq!(variants.len(), 2);
    }

    #[test]
    fn key_variants_per_scheme() {
        let sw = key_variants(Scheme::StandardWebhooks, "whsec_YWJj");
        assert_eq!(sw[0].bytes, b"abc");
        assert!(sw[0].edits.is_empty());
        assert_eq!(
            edits_of(&sw, b"whsec_YWJj"),
            Some(vec![Mutation::Key(KeyEdit::RawText)])
        );
        assert_eq!(
            edits_of(&sw, b"YWJj"),
            Some(vec![Mutation::Key(KeyEdit::RawAfterPrefix)])
        );

        let bad = key_variants(Scheme::StandardWebhooks, "whsec_!!");
        assert!(bad.iter().all(|v| !v.edits.is_empty()), "no canonical key");

        let stripe = key_variants(Scheme::Stripe, "whsec_abc");
        assert_eq!(
            edits_of(&stripe, b"abc"),
            Some(vec![Mutation::Key(KeyEdit::DropPrefix)])
        );
        let stripe = key_variants(Scheme::Stripe, "abc");
        assert_eq!(
            edits_of(&stripe, b"whsec_abc"),
            Some(vec![Mutation::Key(KeyEdit::AddPrefix)])
        );

        let padded = key_variants(Scheme::Ocw, "s3cret\n");
        assert_eq!(
            edits_of(&padded, b"s3cret"),
            Some(vec![Mutation::Secret(SecretEdit::Trim)])
        );
        let plain = key_variants(Scheme::Ocw, "s3cret");
        assert_eq!(
            edits_of(&plain, b"s3cret\n"),
            Some(vec![Mutation::Secret(SecretEdit::AddNewline)])
        );
    }

    #[test]
    fn a_reserialized_body_hint_speaks_to_the_receivers_author() {
        let ctx = Subject {
            scheme: Scheme::Ocw,
            header: "x-openclaw-signature",
            secrets: 1,
            secret_index: 0,
        };
        for edit in [BodyEdit::JsCompact, BodyEdit::JsPretty, BodyEdit::Python] {
            let hint = explain(&[Mutation::Body(edit)], &ctx);
            assert!(
                hint.contains("your verifier hashed re-serialized JSON: hash the raw body"),
                "{hint}"
            );
            assert!(hint.contains("`request.get_data()` in Flask"), "{hint}");
            assert!(
                hint.contains("`express.raw({ type: 'application/json' })`"),
                "{hint}"
            );
            assert!(!hint.contains(';'), "one piece of advice: {hint}");
        }
    }

    #[test]
    fn explanations_read_as_one_sentence() {
        let ctx = Subject {
            scheme: Scheme::Github,
            header: "x-hub-signature-256",
            secrets: 2,
            secret_index: 1,
        };
        let hint = explain(
            &[
                Mutation::Body(BodyEdit::JsPretty),
                Mutation::Prefix(PrefixIssue::Missing("sha256=")),
            ],
            &ctx,
        );
        assert!(
            hint.starts_with(
                "the signature matches the body pretty-printed with a 2-space indent \
                 (JSON.stringify(x, null, 2)), keyed with secret 2 of 2, reading the signature \
                 as if it had the `sha256=` prefix it lacks: "
            ),
            "{hint}"
        );
        assert!(hint.contains("x-hub-signature-256 values start with `sha256=`"));
        // Each piece of advice is free of semicolons, so the joined hint splits cleanly.
        assert_eq!(hint.split("; ").count(), 2, "{hint}");
    }
}
