//! `ocw retry`: one delivery played under the retry policy, with a live countdown between
//! attempts and a line per attempt showing policy time and real time.

use std::time::Duration;

use anyhow::Context;
use colored::Colorize;

use super::report::{play_live, verdict_line};
use super::{Ctx, Target, templates};
use crate::cli::RetryArgs;
use crate::delivery::request::RequestBuilder;
use crate::exit::ExitStatus;

pub async fn run(args: RetryArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let target = Target::resolve(ctx, &args.target)?;
    let template = templates(std::slice::from_ref(&args.event), false, &args.payload, p)
        .await?
        .pop()
        .context("no payload to deliver")?;
    target.warn_if_unsubscribed(p, &template.event);
    let policy = super::policy(&args.policy, args.timeout);
    let signer = RequestBuilder::new(target.secret.clone(), &target.headers)?;
    super::report::note_given_signatures(p, &signer, &target, &mut Vec::new());
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
    let verdict = play_live(&policy, &request, p).await?;
    let url = crate::redact::url(&target.url);
    if p.json() {
        p.out_json(&RetrySummaryJson {
            kind: "summary",
            event: &template.event,
            url: &url,
            conversation_id: conversation_id.as_deref(),
            delivered: verdict.delivered,
            attempts: verdict.attempts,
        })?;
    } else if p.shows_results() {
        p.out(verdict_line(&verdict))?;
        let signed = super::report::SignedBy::of(&signer);
        let hint = verdict.history.last().and_then(|a| {
            super::report::outcome_hint(&a.outcome, super::report::Expect::Accepted(signed))
        });
        if let Some(hint) = hint {
            p.out(super::report::hint_line(&hint))?;
        }
    }
    Ok(ExitStatus::from_ok(verdict.delivered))
}

fn schedule_text(schedule: &[Duration]) -> String {
    schedule
        .iter()
        .map(|d| humantime::format_duration(*d).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last line of `ocw retry --json`, after one `attempt` object per attempt.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct RetrySummaryJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    event: &'a str,
    url: &'a str,
    conversation_id: Option<&'a str>,
    delivered: bool,
    attempts: u32,
}
