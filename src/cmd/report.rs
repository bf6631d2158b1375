//! How deliveries and retry attempts are reported: one human line (or JSON object) per
//! delivery or attempt, the bounded answer preview, the verdict, and the live countdown between
//! attempts. Shared by `send`, `retry` and `demo`, so each is worded in one place.

use std::time::Duration;

use colored::Colorize;
use indicatif::ProgressBar;
use serde::Serialize;

use crate::delivery::retry::{self, Attempt, Policy, Step};
use crate::delivery::{self, Outcome, Request};
use crate::output::Printer;

/// Lines of a response body shown under a human delivery line.
const BODY_PREVIEW_LINES: usize = 20;
/// Characters of a response body kept in `--json` output.
const BODY_JSON_CHARS: usize = 4096;

/// Play `request` under `policy`, printing a line per attempt (or a JSON object) and a
/// countdown between attempts. Shared with `send --retry`.
pub async fn play_live(
    policy: &Policy,
    request: &Request,
    p: &Printer,
) -> anyhow::Result<retry::Conclusion> {
    let client = delivery::client(policy.timeout, 1)?;
    let mut countdown: Option<Countdown> = None;
    let mut io_error = None;
    let verdict = retry::play(
        policy,
        |k| retry::attempt(&client, request, k),
        |step| match step {
            Step::Waiting {
                next,
                policy_delay,
                until,
                ..
            } => {
                countdown = Some(Countdown::start(p, next, policy_delay, until));
            }
            Step::Attempted(a) => {
                if let Some(c) = countdown.take() {
                    c.finish();
                }
                if let Err(e) = print_attempt(p, a, policy) {
                    io_error.get_or_insert(e);
                }
            }
        },
    )
    .await;
    if let Some(e) = io_error {
        return Err(e.into());
    }
    Ok(verdict)
}

/// The one-line verdict.
pub fn verdict_line(v: &retry::Conclusion) -> String {
    if v.delivered {
        format!("{} delivered on attempt {}", "✓".green(), v.attempts)
    } else {
        format!("{} marked failed after {} attempts", "✗".red(), v.attempts)
    }
}

fn print_attempt(p: &Printer, a: &Attempt, policy: &Policy) -> std::io::Result<()> {
    if p.json() {
        return p.out_json(&attempt_json(a, policy));
    }
    if p.shows_results() {
        p.out(attempt_line(a, policy))?;
    }
    Ok(())
}

/// An error as `--json` shows it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ErrorJson<'a> {
    pub kind: delivery::ErrorKind,
    pub message: &'a str,
}

impl<'a> From<&'a delivery::DeliveryError> for ErrorJson<'a> {
    fn from(e: &'a delivery::DeliveryError) -> Self {
        Self {
            kind: e.kind,
            message: &e.message,
        }
    }
}

/// The `--json` object for one retry attempt: `{"type":"attempt",...}`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct AttemptJson<'a> {
    #[serde(rename = "type")]
    #[schemars(extend("const" = "attempt"))]
    pub kind: &'static str,
    pub attempt: u32,
    pub of: u32,
    pub policy_offset_s: f64,
    pub real_offset_s: f64,
    pub scheduled_wait_s: Option<f64>,
    pub waited_s: Option<f64>,
    pub status: Option<u16>,
    pub ok: bool,
    pub error: Option<ErrorJson<'a>>,
    pub latency_ms: f64,
}

/// The `--json` object for one attempt.
pub fn attempt_json<'a>(a: &'a Attempt, policy: &Policy) -> AttemptJson<'a> {
    let (status, error) = match &a.outcome.result {
        Ok(r) => (Some(r.status.as_u16()), None),
        Err(e) => (None, Some(ErrorJson::from(e))),
    };
    AttemptJson {
        kind: "attempt",
        attempt: a.number,
        of: policy.max_attempts(),
        policy_offset_s: a.policy_offset.as_secs_f64(),
        real_offset_s: a.real_offset.as_secs_f64(),
        scheduled_wait_s: a.waited.map(|w| w.0.as_secs_f64()),
        waited_s: a.waited.map(|w| w.1.as_secs_f64()),
        status,
        ok: a.outcome.is_success(),
        error,
        latency_ms: a.outcome.latency.as_secs_f64() * 1000.0,
    }
}

/// One attempt for people: policy time, real time, the wait, the answer, the latency.
pub fn attempt_line(a: &Attempt, policy: &Policy) -> String {
    let answer = match (&a.outcome.result, a.outcome.is_success()) {
        (Ok(r), true) => r.status.to_string().green(),
        (Ok(r), false) => r.status.to_string().red(),
        (Err(e), _) => e.to_string().red(),
    };
    let waited = a
        .waited
        .map(|(_, got)| format!(" (waited {})", secs(got)))
        .unwrap_or_default();
    format!(
        "attempt {}/{}  policy +{:<8} real +{:<9}{waited}  {answer}  {:.1} ms",
        a.number,
        policy.max_attempts(),
        humantime::format_duration(a.policy_offset).to_string(),
        secs(a.real_offset),
        a.outcome.latency.as_secs_f64() * 1000.0
    )
}

fn secs(d: Duration) -> String {
    format!("{:.3}s", d.as_secs_f64())
}

/// A live countdown on stderr to the next attempt (hidden when stderr is not a terminal).
struct Countdown {
    bar: ProgressBar,
    ticker: Option<tokio::task::JoinHandle<()>>,
}

impl Countdown {
    fn start(p: &Printer, next: u32, policy_delay: Duration, until: tokio::time::Instant) -> Self {
        let bar = p.spinner();
        if bar.is_hidden() {
            return Self { bar, ticker: None };
        }
        let policy = humantime::format_duration(policy_delay).to_string();
        let b = bar.clone();
        let ticker = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            loop {
                tick.tick().await;
                let left = until.saturating_duration_since(tokio::time::Instant::now());
                b.set_message(format!(
                    "attempt {next} in {:.1}s (policy delay {policy})",
                    left.as_secs_f64()
                ));
                if left.is_zero() {
                    break;
                }
            }
        });
        Self {
            bar,
            ticker: Some(ticker),
        }
    }

    fn finish(self) {
        if let Some(t) = self.ticker {
            t.abort();
        }
        self.bar.finish_and_clear();
    }
}

/// One delivery's facts, for printing.
pub struct Delivered<'a> {
    /// `replay`: the recorded request's sequence number.
    pub seq: Option<u64>,
    pub event: &'a str,
    pub url: &'a url::Url,
    pub webhook: Option<&'a str>,
    pub conversation_id: Option<&'a str>,
    pub outcome: &'a Outcome,
}

/// An endpoint's answer as `--json` shows it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ResponseJson<'a> {
    pub content_type: Option<&'a str>,
    pub body: String,
    pub truncated: bool,
}

/// The `--json` object for one delivery: `{"type":"delivery",...}` (documented in the README).
/// `send --retry` adds the retry fields.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DeliveryJson<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `ocw replay`: the sequence number of the recorded request this delivery replays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    pub event: &'a str,
    pub url: String,
    pub conversation_id: Option<&'a str>,
    pub ok: bool,
    pub latency_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<&'a str>,
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ResponseJson<'a>>,
    pub error: Option<ErrorJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<AttemptJson<'a>>>,
    /// `ocw demo`: what its receiver's verification said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<crate::signing::VerdictKind>,
}

/// The `--json` object for one delivery.
pub fn delivery_json<'a>(d: &Delivered<'a>) -> DeliveryJson<'a> {
    let outcome = d.outcome;
    let (status, response, error) = match &outcome.result {
        Ok(resp) => {
            let text = String::from_utf8_lossy(&resp.body);
            let cut: String = text.chars().take(BODY_JSON_CHARS).collect();
            let truncated = resp.truncated || cut.len() < text.len();
            let response = ResponseJson {
                content_type: resp.content_type.as_deref(),
                body: cut,
                truncated,
            };
            (Some(resp.status.as_u16()), Some(response), None)
        }
        Err(e) => (None, None, Some(ErrorJson::from(e))),
    };
    DeliveryJson {
        kind: "delivery",
        seq: d.seq,
        event: d.event,
        url: crate::redact::url(d.url),
        conversation_id: d.conversation_id,
        ok: outcome.is_success(),
        latency_ms: round3(outcome.latency),
        webhook: d.webhook,
        status,
        response,
        error,
        attempts: None,
        delivered: None,
        history: None,
        signature: None,
    }
}

fn round3(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// Human (or `--json`) report of one delivery played under the retry policy (`send --retry`):
/// the delivery with its attempts, or a verdict line and a line per attempt.
pub fn print_retried(
    p: &Printer,
    d: &Delivered<'_>,
    verdict: &retry::Conclusion,
    policy: &Policy,
    signed: SignedBy,
) -> std::io::Result<()> {
    if p.json() {
        let mut v = delivery_json(d);
        v.attempts = Some(verdict.attempts);
        v.delivered = Some(verdict.delivered);
        v.history = Some(
            verdict
                .history
                .iter()
                .map(|a| attempt_json(a, policy))
                .collect(),
        );
        return p.out_json(&v);
    }
    if p.shows_results() {
        p.out(format!(
            "  {} {}  {}",
            d.event.bold(),
            d.conversation_id.unwrap_or("").dimmed(),
            verdict_line(verdict)
        ))?;
        for a in &verdict.history {
            p.out(format!("    {}", attempt_line(a, policy)))?;
        }
        if let Some(hint) = outcome_hint(d.outcome, Expect::Accepted(signed)) {
            p.out(format!("    {}", hint_line(&hint)))?;
        }
    }
    Ok(())
}

/// What ocw advises about `outcome`, if anything: a 401/403 to an ordinary delivery, or what a
/// delivery error suggests (e.g. `http://` for a plain-HTTP server).
pub fn outcome_hint(outcome: &Outcome, expect: Expect) -> Option<String> {
    match &outcome.result {
        Ok(r) => rejection_hint(r.status, expect),
        Err(e) => e.hint.clone(),
    }
}

/// `hint: ...` for people (escaped: a delivery error's hint can quote what a peer sent).
pub fn hint_line(hint: &str) -> String {
    format!(
        "{} {}",
        "hint:".yellow().bold(),
        crate::sanitize::shown(hint)
    )
}

/// What a delivery should get. An ordinary one is accepted (2xx); a deliberately wrong one
/// (`send --tamper`) should be rejected with a 4xx, and a 2xx then means the receiver failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// 2xx; who signed the body decides the hint on a 401/403.
    Accepted(SignedBy),
    /// 4xx.
    Rejected,
}

/// Who signed a delivery's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedBy {
    Ocw,
    /// The user's own `x-openclaw-signature`, sent as given.
    User,
    Nobody,
}

impl SignedBy {
    /// How `builder`'s requests are signed.
    pub fn of(builder: &crate::delivery::request::RequestBuilder) -> Self {
        if builder.signs() {
            SignedBy::Ocw
        } else if builder
            .given_signature_headers()
            .contains(&crate::signing::OCW_HEADER)
        {
            SignedBy::User
        } else {
            SignedBy::Nobody
        }
    }
}

impl Expect {
    /// Whether `outcome` is what was expected.
    pub fn met(self, outcome: &Outcome) -> bool {
        match self {
            Expect::Accepted(_) => outcome.is_success(),
            Expect::Rejected => {
                matches!(&outcome.result, Ok(r) if r.status.is_client_error())
            }
        }
    }
}

/// Human (or `--json`) report of one delivery on stdout; `indent` prefixes human lines.
pub fn print_delivery(
    p: &Printer,
    d: &Delivered<'_>,
    indent: &str,
    expect: Expect,
) -> std::io::Result<()> {
    if p.json() {
        return p.out_json(&delivery_json(d));
    }
    if !p.shows_results() {
        return Ok(());
    }
    let outcome = d.outcome;
    let event = match d.seq {
        Some(seq) => format!("#{seq} {}", d.event),
        None => d.event.to_owned(),
    };
    let latency = format_latency(outcome.latency);
    let conv = d
        .conversation_id
        .map(|c| format!("  {}", c.dimmed()))
        .unwrap_or_default();
    let met = expect.met(outcome);
    let mark = if met { "✓".green() } else { "✗".red() };
    match &outcome.result {
        Ok(resp) => {
            let status = resp.status.to_string();
            let status = if met { status.green() } else { status.red() };
            let verdict = match (expect, met) {
                (Expect::Rejected, true) => format!("  {}", "rejected, as it should be".green()),
                (Expect::Rejected, false) => {
                    format!("  {}", "the receiver accepted a tampered delivery".red())
                }
                _ => String::new(),
            };
            p.out(format!(
                "{indent}{mark} {}  {status}  {latency}{conv}{verdict}",
                event.bold()
            ))?;
            for line in body_preview(p, &resp.body, resp.truncated) {
                p.out(format!("{indent}    {line}"))?;
            }
        }
        Err(e) => {
            p.out(format!(
                "{indent}{mark} {}  {}  {latency}{conv}",
                event.bold(),
                e.kind.as_str().red()
            ))?;
            p.out(format!("{indent}    {e}"))?;
        }
    }
    if let Some(hint) = outcome_hint(outcome, expect) {
        p.out(format!("{indent}    {}", hint_line(&hint)))?;
    }
    Ok(())
}

/// Before sending: warn about an unsigned target, and note the signature headers the user set,
/// which go out as given. Shared by `send` and `retry`; `seen` holds the notes
/// already printed, so several webhooks given the same `-H` say it once.
pub fn note_given_signatures(
    p: &Printer,
    builder: &crate::delivery::request::RequestBuilder,
    target: &super::Target,
    seen: &mut Vec<String>,
) {
    let ocw = crate::signing::OCW_HEADER;
    let given = builder.given_signature_headers();
    let mut notes = Vec::new();
    if given.contains(&ocw) {
        notes.push(format!(
            "sending your {ocw} as given; the body is not signed"
        ));
    } else {
        target.warn_if_unsigned(p);
    }
    for h in given.iter().filter(|h| **h != ocw) {
        notes.push(format!(
            "sending your {h} as given (ocw signs with {ocw} only)"
        ));
    }
    for note in notes {
        if !seen.contains(&note) {
            p.info(format!("{} {note}", "note:".bold()));
            seen.push(note);
        }
    }
}

/// What to check when a receiver answers 401 or 403 to an ordinary delivery: the receiver's
/// author is the one who acts on it.
pub fn rejection_hint(status: reqwest::StatusCode, expect: Expect) -> Option<String> {
    if !matches!(status.as_u16(), 401 | 403) {
        return None;
    }
    match expect {
        Expect::Accepted(SignedBy::Ocw) => Some(format!(
            "ocw signed the exact bytes it sent ({}): check that the receiver uses the same \
             secret, and if it parses the JSON before verifying, {}",
            crate::signing::OCW_HEADER,
            crate::signing::RAW_BODY_FIX
        )),
        Expect::Accepted(SignedBy::Nobody) => Some(
            "this delivery was not signed by ocw: pass the receiver's secret with --secret, \
             --secret-file or OCW_SECRET"
                .to_owned(),
        ),
        // The user chose the signature, and sees the answer to it.
        Expect::Accepted(SignedBy::User) | Expect::Rejected => None,
    }
}

/// How many deliveries of a run met their expectation, failed, or were skipped.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub ok: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl Totals {
    pub fn add(&mut self, met: bool) {
        if met {
            self.ok += 1;
        } else {
            self.failed += 1;
        }
    }

    /// The line that ends a run of several deliveries: `✓ 11 delivered, 0 failed`.
    pub fn line(&self, expect: Expect) -> String {
        let (ok, failed) = match expect {
            Expect::Accepted(_) => ("delivered", "failed"),
            Expect::Rejected => ("rejected", "accepted"),
        };
        let mark = if self.failed == 0 {
            "✓".green()
        } else {
            "✗".red()
        };
        let skipped = if self.skipped > 0 {
            format!(", {} skipped (not subscribed)", self.skipped)
        } else {
            String::new()
        };
        format!("{mark} {} {ok}, {} {failed}{skipped}", self.ok, self.failed)
    }
}

/// The line under a webhook's results naming the events it is not subscribed to.
pub fn skipped_line(events: &[&str]) -> String {
    format!(
        "{} skipped (not subscribed): {}",
        "–".dimmed(),
        events.join(", ")
    )
}

/// A response body for humans: the bounded, terminal-safe preview (indented JSON when it
/// parses, else text), with a note when it is cut.
fn body_preview(p: &Printer, body: &[u8], truncated: bool) -> Vec<String> {
    let preview = crate::preview::body(body, p.color(), BODY_PREVIEW_LINES);
    let mut lines = preview.lines;
    if preview.more_bytes > 0 || truncated {
        lines.push(format!("{}", "… (response truncated)".dimmed()));
    }
    lines
}

fn format_latency(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}
