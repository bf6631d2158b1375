//! `ocw retry`: one delivery played under the retry policy, with a live countdown between
//! attempts and a line per attempt showing policy time and real time.

use std::time::Duration;

use anyhow::Context;
use colored::Colorize;
use indicatif::ProgressBar;
use reqwest::header::HeaderValue;
use serde_json::json;

use super::{Ctx, Target, templates};
use crate::cli::{PolicyArgs, RetryArgs};
use crate::delivery::request::RequestBuilder;
use crate::delivery::retry::{self, Attempt, Policy, Step};
use crate::delivery::{self, Request};
use crate::exit::ExitStatus;
use crate::output::Printer;

pub async fn run(args: RetryArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let target = Target::resolve(
        ctx,
        args.to.as_ref(),
        args.webhook.as_deref(),
        &args.secret,
        &args.headers,
    )?;
    let template = templates(std::slice::from_ref(&args.event), false, &args.payload)?
        .pop()
        .context("no payload to deliver")?;
    target.warn_if_unsubscribed(p, &template.event);
    target.warn_if_unsigned(p);
    let policy = policy(&args.policy, args.timeout);
    let signer = RequestBuilder::new(target.secret.clone(), &target.headers)?;
    // Rendered and signed once: every attempt carries the same bytes and signature.
    let (request, conversation_id) = signer.request(&target.url, &template);
    p.info(format!(
        "delivering {} ({}) to {} under the schedule {} at speed ×{}",
        template.event.bold(),
        conversation_id.as_deref().unwrap_or("-"),
        crate::redact::url(&target.url),
        schedule_text(&policy.schedule),
        policy.speed
    ));
    let verdict = play(&policy, &request, p).await?;
    let url = crate::redact::url(&target.url);
    if p.json() {
        p.out_json(&json!({
            "type": "summary",
            "event": template.event,
            "url": url,
            "conversation_id": conversation_id,
            "delivered": verdict.delivered,
            "attempts": verdict.attempts,
        }))?;
    } else if p.shows_results() {
        p.out(verdict_line(&verdict))?;
    }
    Ok(ExitStatus::from_ok(verdict.delivered))
}

/// The policy from its flags.
pub fn policy(args: &PolicyArgs, timeout: Duration) -> Policy {
    Policy {
        schedule: args.schedule.0.clone(),
        speed: args.speed,
        timeout,
    }
}

/// Play `request` under `policy`, printing a line per attempt (or a JSON object) and a
/// countdown between attempts. Shared with `send --retry`.
pub async fn play(
    policy: &Policy,
    request: &Request,
    p: &Printer,
) -> anyhow::Result<retry::Verdict> {
    let client = delivery::client(policy.timeout, 1)?;
    let mut countdown: Option<Countdown> = None;
    let mut io_error = None;
    let verdict = retry::play(
        policy,
        |k| deliver_attempt(&client, request, k),
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
pub fn verdict_line(v: &retry::Verdict) -> String {
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

/// The `--json` object for one attempt.
pub fn attempt_json(a: &Attempt, policy: &Policy) -> serde_json::Value {
    let (status, error) = match &a.outcome.result {
        Ok(r) => (Some(r.status.as_u16()), None),
        Err(e) => (None, Some(json!({"kind": e.kind, "message": e.message}))),
    };
    json!({
        "type": "attempt",
        "attempt": a.number,
        "of": policy.max_attempts(),
        "policy_offset_s": a.policy_offset.as_secs_f64(),
        "real_offset_s": a.real_offset.as_secs_f64(),
        "scheduled_wait_s": a.waited.map(|w| w.0.as_secs_f64()),
        "waited_s": a.waited.map(|w| w.1.as_secs_f64()),
        "status": status,
        "ok": a.outcome.is_success(),
        "error": error,
        "latency_ms": a.outcome.latency.as_secs_f64() * 1000.0,
    })
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

fn schedule_text(schedule: &[Duration]) -> String {
    schedule
        .iter()
        .map(|d| humantime::format_duration(*d).to_string())
        .collect::<Vec<_>>()
        .join(", ")
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

/// Deliver attempt `k` of `request`: the same bytes and signature every time, plus the
/// informational `x-ocw-attempt` header. The future owns what it needs.
pub fn deliver_attempt(
    client: &reqwest::Client,
    request: &Request,
    attempt: u32,
) -> impl std::future::Future<Output = delivery::Outcome> + Send + 'static {
    let client = client.clone();
    let mut req = request.clone();
    req.headers
        .insert("x-ocw-attempt", HeaderValue::from(attempt));
    async move { delivery::deliver(&client, &req, true).await }
}
