//! `ocw retry`: one delivery played under the retry policy, with a live countdown between
//! attempts and a line per attempt showing policy time and real time.

use std::time::Duration;

use anyhow::Context;
use colored::Colorize;
use serde_json::json;

use super::report::{play_live, verdict_line};
use super::{Ctx, Target, templates};
use crate::cli::RetryArgs;
use crate::delivery::request::RequestBuilder;
use crate::exit::ExitStatus;

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
    let policy = super::policy(&args.policy, args.timeout);
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
    let verdict = play_live(&policy, &request, p).await?;
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

fn schedule_text(schedule: &[Duration]) -> String {
    schedule
        .iter()
        .map(|d| humantime::format_duration(*d).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
