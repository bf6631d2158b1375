//! `ocw demo`: the offline tour. Starts the receiver on an OS-chosen loopback port inside this
//! process, sends every event type signed through the normal delivery path, verifies each on
//! arrival, then shows what `verify` says about a body that a framework re-formatted.

use std::time::Duration;

use anyhow::Context;
use colored::Colorize;
use tokio::sync::mpsc;

use super::{Ctx, templates};
use crate::cli::PayloadArgs;
use crate::delivery;
use crate::delivery::request::RequestBuilder;
use crate::exit::ExitStatus;
use crate::output::Printer;
use crate::receiver;
use crate::secret::Secret;
use crate::signing;

/// How long the demo waits for its own receiver to report a request: generous, it is local.
const ARRIVAL_WAIT: Duration = Duration::from_secs(10);

pub async fn run(_args: crate::cli::DemoArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    // A fresh random secret each run; it is used, never shown.
    let secret = Secret::new(format!("demo_{}", ulid::Ulid::new()));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let config = receiver::Settings {
        secrets: vec![secret.clone()],
        ..Default::default()
    };
    let server = receiver::start(([127, 0, 0, 1], 0).into(), config, tx)
        .await
        .context("starting the demo receiver on 127.0.0.1")?;
    let url: url::Url = format!("{}/webhooks/openclaw", server.url()).parse()?;
    p.info(format!(
        "{} receiver listening on {} (loopback only, offline)",
        "ocw demo:".bold(),
        url
    ));
    p.info("sending every event type, signed with HMAC-SHA256, and verifying each on arrival\n");

    let templates = templates(&[], true, &no_edits(), p).await?;
    let signer = RequestBuilder::new(Some(secret.clone()), &[])?;
    let client = delivery::client(Duration::from_secs(5), 1)?;
    let mut all_ok = true;
    let mut last_body = None;
    for template in &templates {
        let (req, conversation_id) = signer.request(&url, template);
        let outcome = delivery::deliver(&client, &req, true).await;
        let arrived = if outcome.result.is_ok() {
            next_request(&mut rx).await
        } else {
            None
        };
        let verdict = arrived.as_ref().and_then(|r| r.verdict.clone());
        all_ok &= outcome.is_success() && verdict.as_ref().is_some_and(|v| v.valid);
        let delivery = Delivery {
            event: &template.event,
            url: &url,
            conversation_id: conversation_id.as_deref(),
            outcome: &outcome,
            bytes: req.body.len(),
            verdict: verdict.as_ref(),
        };
        delivery.print(p)?;
        last_body = Some(req.body);
    }
    server
        .shutdown(Duration::from_secs(5))
        .await
        .context("stopping the demo receiver")?;

    if let Some(body) = last_body {
        // The diagnosis is part of what the demo proves.
        all_ok &= !altered_body(&body, &secret, p)?;
    }
    all_ok &= retry_pairing(&secret, ctx).await?;

    if all_ok {
        p.info(format!(
            "\n{} {} events delivered and verified. Next: `ocw events`, `ocw listen`, `ocw send <event> --to URL`, `ocw test URL` (your receiver)",
            "done:".green().bold(),
            templates.len()
        ));
    } else {
        p.info(format!(
            "\n{} some deliveries failed (see above)",
            "demo failed:".red().bold()
        ));
    }
    Ok(ExitStatus::from_ok(all_ok))
}

/// One demo delivery and what the receiver made of it.
struct Delivery<'a> {
    event: &'a str,
    url: &'a url::Url,
    conversation_id: Option<&'a str>,
    outcome: &'a delivery::Outcome,
    bytes: usize,
    verdict: Option<&'a signing::Verdict>,
}

impl Delivery<'_> {
    fn print(&self, p: &Printer) -> std::io::Result<()> {
        let outcome = self.outcome;
        if p.json() {
            // The same delivery object as `send`, plus the receiver's verdict.
            let mut line = super::report::delivery_json(&super::report::Delivered {
                seq: None,
                event: self.event,
                url: self.url,
                webhook: None,
                conversation_id: self.conversation_id,
                outcome,
            });
            line.signature = self.verdict.map(|v| v.kind);
            return p.out_json(&line);
        }
        if !p.shows_results() {
            return Ok(());
        }
        let valid = self.verdict.is_some_and(|v| v.valid);
        let mark = if outcome.is_success() && valid {
            "✓".green()
        } else {
            "✗".red()
        };
        let status = match &outcome.result {
            Ok(r) => r.status.to_string(),
            Err(e) => e.to_string(),
        };
        let sig = match self.verdict {
            Some(v) if v.valid => "signature valid".green(),
            Some(v) => format!("signature invalid: {}", v.reason).red(),
            None => "not received".red(),
        };
        p.out(format!(
            "{mark} {:<22} {status:<8} {:>7.1} ms  {:>4} B  {sig}  {}",
            self.event.bold(),
            outcome.latency.as_secs_f64() * 1000.0,
            self.bytes,
            self.conversation_id.unwrap_or_default().dimmed(),
        ))
    }
}

/// The most common real-world failure: something between sender and verifier re-formatted the
/// JSON. Shows that verify names the cause instead of a bare "invalid"; returns whether the
/// altered body (wrongly) verified.
fn altered_body(body: &[u8], secret: &Secret, p: &Printer) -> anyhow::Result<bool> {
    let value: serde_json::Value = serde_json::from_slice(body)?;
    let pretty = crate::payload::js::to_js_pretty(&value, 2);
    let sig = signing::sign_ocw(secret.expose(), body);
    let headers = vec![(signing::OCW_HEADER.to_string(), sig)];
    let verdict = signing::verify(&signing::VerifyRequest {
        headers: &headers,
        body: &pretty,
        secrets: std::slice::from_ref(secret),
        scheme: None,
        tolerance_secs: 300,
        now: jiff::Timestamp::now().as_second(),
    });
    if p.json() {
        p.out_json(&TamperedJson {
            kind: "tampered",
            valid: verdict.valid,
            reason: &verdict.reason,
            hint: verdict.hint.as_deref(),
        })?;
    } else if p.shows_results() {
        p.out("")?;
        p.out(format!(
            "{} the same webhook, re-indented by a framework before verification:",
            "and when a body is altered:".bold()
        ))?;
        p.out(format!("  {} {}", "✗".red(), verdict.reason))?;
        if let Some(hint) = verdict.hint {
            p.out(format!("  {} {hint}", "hint:".yellow()))?;
        }
    }
    Ok(verdict.valid)
}

/// The next request the demo receiver reports (other events, such as a stray `GET /`, are
/// skipped), or `None` if nothing arrives in time.
async fn next_request(
    rx: &mut mpsc::UnboundedReceiver<receiver::Event>,
) -> Option<receiver::Received> {
    let wait = async {
        while let Some(event) = rx.recv().await {
            if let receiver::Event::Request(r, _) = event {
                return Some(*r);
            }
        }
        None
    };
    tokio::time::timeout(ARRIVAL_WAIT, wait)
        .await
        .ok()
        .flatten()
}

/// The retry policy against a receiver that fails the first two attempts of every delivery
/// (`ocw listen --fail-first 2` + `ocw retry`), compressed: the 30 s / 5 min / 30 min schedule
/// at speed ×1000 takes about a third of a second. Returns whether it went as it should:
/// delivered on attempt 3, with attempts 2 and 3 flagged as duplicates of the first.
async fn retry_pairing(secret: &Secret, ctx: &Ctx) -> anyhow::Result<bool> {
    let p = &ctx.printer;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let config = receiver::Settings {
        secrets: vec![secret.clone()],
        script: receiver::script::Script {
            fail_first: 2,
            ..Default::default()
        },
        ..Default::default()
    };
    let server = receiver::start(([127, 0, 0, 1], 0).into(), config, tx)
        .await
        .context("starting the demo retry receiver on 127.0.0.1")?;
    let url: url::Url = format!("{}/webhooks/openclaw", server.url()).parse()?;
    let template = templates(
        &["lead.qualified".to_string()],
        false,
        &no_edits(),
        &ctx.printer,
    )
    .await?
    .pop()
    .context("lead.qualified is in the catalog")?;
    let (request, _) = RequestBuilder::new(Some(secret.clone()), &[])?.request(&url, &template);
    let policy = crate::delivery::retry::Policy {
        speed: 1000.0,
        ..Default::default()
    };
    if !p.json() && p.shows_results() {
        p.out("")?;
        p.out(format!(
            "{} an endpoint that fails twice (ocw listen --fail-first 2), the policy at speed ×1000:",
            "and when an endpoint fails:".bold()
        ))?;
    }
    let verdict = super::report::play_live(&policy, &request, p).await?;
    server.shutdown(Duration::from_secs(5)).await?;
    let mut duplicates = 0;
    while let Ok(event) = rx.try_recv() {
        if let receiver::Event::Request(r, _) = event
            && r.record.duplicate_of.is_some()
        {
            duplicates += 1;
        }
    }
    if p.json() {
        p.out_json(&RetryJson {
            kind: "retry",
            delivered: verdict.delivered,
            attempts: verdict.attempts,
            duplicates_flagged: duplicates,
        })?;
    } else if p.shows_results() {
        p.out(format!(
            "  {}; the receiver flagged {duplicates} retries as duplicates of one delivery",
            super::report::verdict_line(&verdict)
        ))?;
    }
    Ok(verdict.delivered && verdict.attempts == 3 && duplicates == 2)
}

fn no_edits() -> PayloadArgs {
    PayloadArgs {
        fixtures: None,
        set: vec![],
        unset: vec![],
        data: None,
        raw_body: None,
    }
}

/// `ocw demo --json`: what verify said of the re-indented body.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct TamperedJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    valid: bool,
    reason: &'a str,
    hint: Option<&'a str>,
}

/// `ocw demo --json`: the retry policy against an endpoint that fails twice.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct RetryJson {
    #[serde(rename = "type")]
    kind: &'static str,
    delivered: bool,
    attempts: u32,
    duplicates_flagged: u32,
}
