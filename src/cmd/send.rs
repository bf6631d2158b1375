//! `ocw send`: build, sign and POST sample webhooks, one by one or as a storm.

use std::io::{BufWriter, Write};
use std::sync::{Arc, Mutex};

use anyhow::bail;
use colored::Colorize;

use anyhow::Context as _;

use super::report::{Delivered, delivery_json, print_delivery};
use super::{Ctx, Target, templates};
use crate::cli::SendArgs;
use crate::delivery::request::RequestBuilder;
use crate::delivery::{self, Outcome, retry, storm};
use crate::exit::ExitStatus;
use crate::output::Printer;
use crate::payload::Template;

pub async fn run(args: SendArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    if args.all && (args.payload.data.is_some() || args.payload.raw_body.is_some()) {
        bail!(
            "--all sends the catalog's payloads; it cannot be combined with --data or --raw-body"
        );
    }
    if args.events.is_empty()
        && !args.all
        && args.payload.data.is_none()
        && args.payload.raw_body.is_none()
    {
        bail!("name at least one event to send (see `ocw events`), or pass --all");
    }
    let templates = templates(&args.events, args.all, &args.payload, &ctx.printer).await?;
    let targets = targets(&args, &templates, ctx)?;
    for t in &targets {
        t.warn_if_unsigned(p);
    }
    if args.count > 1 {
        let [target] = targets.as_slice() else {
            bail!("a storm goes to one endpoint: pass --to URL or --webhook NAME");
        };
        let signer = RequestBuilder::new(target.secret.clone(), &target.headers)?;
        let client = delivery::client(args.timeout, args.concurrency as usize)?;
        let url = target.url.clone();
        return storm_run(args, url, templates, signer, client, ctx).await;
    }
    if args.retry {
        return fan_out_retry(&args, targets, &templates, ctx).await;
    }
    let client = delivery::client(args.timeout, 1)?;
    let grouped = targets.iter().any(|t| t.webhook.is_some());
    let mut ok = true;
    for target in &targets {
        let signer = RequestBuilder::new(target.secret.clone(), &target.headers)?;
        let name = target.webhook.as_ref().map(|w| w.name.as_str());
        if grouped && !p.json() && p.shows_results() {
            p.out(target.heading())?;
        }
        for template in templates.iter().filter(|t| target.wants(&t.event)) {
            let (req, conversation_id) = signer.request(&target.url, template);
            let outcome = delivery::deliver(&client, &req, true).await;
            ok &= outcome.is_success();
            let d = Delivered {
                event: &template.event,
                url: &target.url,
                webhook: name,
                conversation_id: conversation_id.as_deref(),
                outcome: &outcome,
            };
            print_delivery(p, &d, if grouped { "  " } else { "" })?;
        }
    }
    Ok(ExitStatus::from_ok(ok))
}

/// Where `send` delivers: `--to`, one `--webhook`, or every configured webhook subscribed to
/// at least one of the events.
fn targets(args: &SendArgs, templates: &[Template], ctx: &Ctx) -> anyhow::Result<Vec<Target>> {
    if args.to.is_some() || args.webhook.is_some() {
        let target = Target::resolve(
            ctx,
            args.to.as_ref(),
            args.webhook.as_deref(),
            &args.secret,
            &args.headers,
        )?;
        for t in templates {
            target.warn_if_unsubscribed(&ctx.printer, &t.event);
        }
        // An explicitly chosen target gets every event, subscribed or not.
        let webhook = target.webhook.clone().map(|mut w| {
            w.events = vec!["*".into()];
            w
        });
        return Ok(vec![Target { webhook, ..target }]);
    }
    let config = ctx.webhook_config()?.ok_or_else(|| {
        anyhow::anyhow!(
            "no --to URL and no webhook config; pass --to URL, or create ocw.yaml with `ocw config init`"
        )
    })?;
    let flag_secret = args.secret.load()?;
    let mut out = Vec::new();
    for hook in &config.webhooks {
        if templates.iter().any(|t| hook.subscribes(&t.event)) {
            out.push(Target::from_webhook(
                hook,
                flag_secret.clone(),
                &args.headers,
            ));
        }
    }
    for t in templates {
        if config.subscribed(&t.event).is_empty() {
            ctx.printer.warn(format!(
                "no webhook in {} subscribes to {}; not sent",
                config.path.display(),
                t.event
            ));
        }
    }
    if out.is_empty() {
        bail!(
            "no webhook in {} subscribes to these events",
            config.path.display()
        );
    }
    Ok(out)
}

/// `send --retry`: every delivery of every webhook played under the retry policy, the webhooks
/// in parallel; results are reported grouped by webhook once all are settled.
async fn fan_out_retry(
    args: &SendArgs,
    targets: Vec<Target>,
    templates: &[Template],
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let policy = super::policy(&args.policy, args.timeout);
    let client = delivery::client(args.timeout, 1)?;
    let spinner = p.spinner();
    spinner.set_message(format!(
        "delivering to {} endpoint(s) under the retry policy (speed ×{})",
        targets.len(),
        policy.speed
    ));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, target) in targets.into_iter().enumerate() {
        let signer = RequestBuilder::new(target.secret.clone(), &target.headers)?;
        let jobs: Vec<Template> = templates
            .iter()
            .filter(|t| target.wants(&t.event))
            .cloned()
            .collect();
        let policy = policy.clone();
        let client = client.clone();
        tasks.spawn(async move {
            let mut results = Vec::new();
            for template in jobs {
                let (request, conversation_id) = signer.request(&target.url, &template);
                let verdict = retry::play(
                    &policy,
                    |k| crate::delivery::retry::attempt(&client, &request, k),
                    |_| {},
                )
                .await;
                results.push((template.event, conversation_id, verdict));
            }
            (index, target, results)
        });
    }
    let mut done = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        done.push(joined?);
    }
    spinner.finish_and_clear();
    done.sort_by_key(|(i, _, _)| *i);
    let mut ok = true;
    for (_, target, results) in &done {
        let name = target.webhook.as_ref().map(|w| w.name.as_str());
        if !p.json() && p.shows_results() {
            p.out(target.heading())?;
        }
        for (event, conversation_id, verdict) in results {
            ok &= verdict.delivered;
            let last = verdict
                .history
                .last()
                .context("a played delivery has at least one attempt")?;
            let d = Delivered {
                event,
                url: &target.url,
                webhook: name,
                conversation_id: conversation_id.as_deref(),
                outcome: &last.outcome,
            };
            super::report::print_retried(p, &d, verdict, &policy)?;
        }
    }
    Ok(ExitStatus::from_ok(ok))
}

async fn storm_run(
    args: SendArgs,
    url: url::Url,
    templates: Vec<Template>,
    signer: RequestBuilder,
    client: reqwest::Client,
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let total = args.count * templates.len() as u64;
    p.info(format!(
        "sending {total} deliveries to {} with {} in flight",
        crate::redact::url(&url),
        args.concurrency
    ));
    let templates = Arc::new(templates);
    let signer = Arc::new(signer);
    let build = {
        let templates = Arc::clone(&templates);
        let url = url.clone();
        move |i: u64| signer.request(&url, &templates[(i % templates.len() as u64) as usize])
    };
    // NDJSON lines go through one buffer: a write per line would cost more than a delivery.
    let sink = p
        .json()
        .then(|| Arc::new(Mutex::new(BufWriter::new(std::io::stdout()))));
    let on_done = line_per_delivery(sink.clone(), Arc::clone(&templates), url.clone());
    // Ctrl-C ends a storm early but still reports what was sent: the deliveries in flight
    // finish and the summary covers everything that went out.
    let stop = tokio_util::sync::CancellationToken::new();
    let interrupted = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = tokio::spawn(cancel_on_ctrl_c(stop.clone(), Arc::clone(&interrupted)));
    let plan = storm::Plan {
        url,
        count: total,
        concurrency: args.concurrency,
        timeout: args.timeout,
        stop,
    };
    let summary = storm::run(client, plan, build, on_done, p.progress_bar(total)).await;
    watcher.abort();
    let interrupted = interrupted.load(std::sync::atomic::Ordering::Relaxed);
    if interrupted {
        p.warn(format!(
            "interrupted: {} of {total} deliveries sent",
            summary.sent
        ));
    }
    if let Some(sink) = sink {
        sink.lock().unwrap_or_else(|e| e.into_inner()).flush()?;
    }
    if p.json() {
        p.out_json(&crate::output::Tagged {
            kind: "summary",
            value: &summary,
        })?;
    } else if p.shows_results() {
        print_summary(p, &summary)?;
    }
    if interrupted {
        return Ok(ExitStatus::Interrupted);
    }
    Ok(ExitStatus::from_ok(summary.success == summary.sent))
}

/// The storm's per-delivery callback: with `--json`, one delivery line into `sink`.
fn line_per_delivery(
    sink: Option<Arc<Mutex<BufWriter<std::io::Stdout>>>>,
    templates: Arc<Vec<Template>>,
    url: url::Url,
) -> impl Fn(u64, Option<String>, &Outcome) + Send + Sync + 'static {
    move |i: u64, conversation_id: Option<String>, outcome: &Outcome| {
        let Some(sink) = &sink else { return };
        let t = &templates[(i % templates.len() as u64) as usize];
        let line = delivery_json(&Delivered {
            event: &t.event,
            url: &url,
            webhook: None,
            conversation_id: conversation_id.as_deref(),
            outcome,
        });
        let mut w = sink.lock().unwrap_or_else(|e| e.into_inner());
        // A closed stdout ends the storm's output, not the storm's bookkeeping.
        if serde_json::to_writer(&mut *w, &line).is_ok() {
            let _ = w.write_all(b"\n");
        }
    }
}

/// Cancel `stop` on Ctrl-C and remember that it happened.
async fn cancel_on_ctrl_c(
    stop: tokio_util::sync::CancellationToken,
    interrupted: Arc<std::sync::atomic::AtomicBool>,
) {
    if tokio::signal::ctrl_c().await.is_ok() {
        interrupted.store(true, std::sync::atomic::Ordering::Relaxed);
        stop.cancel();
    }
}

fn print_summary(p: &Printer, s: &storm::Summary) -> std::io::Result<()> {
    let l = &s.latency;
    p.out(format!("{}", "Summary".bold()))?;
    p.out(format!("  sent          {}", s.sent))?;
    p.out(format!("  2xx           {}", s.success.to_string().green()))?;
    let non = if s.non_success > 0 {
        s.non_success.to_string().red()
    } else {
        s.non_success.to_string().normal()
    };
    p.out(format!("  non-2xx       {non}"))?;
    for (code, n) in &s.statuses {
        p.out(format!("    [{code}]      {n}"))?;
    }
    let errors: u64 = s.errors.values().sum();
    p.out(format!("  errors        {errors}"))?;
    for (kind, n) in &s.errors {
        p.out(format!("    {:<12}{n}", kind.as_str()))?;
    }
    p.out(format!("  elapsed       {:.3} s", s.elapsed.as_secs_f64()))?;
    p.out(format!("  requests/s    {:.1}", s.requests_per_sec))?;
    if !l.histogram.is_empty() {
        p.out(format!("{}", "Latency".bold()))?;
        p.out(format!(
            "  p50 {:.3} ms  p90 {:.3} ms  p99 {:.3} ms  max {:.3} ms  (min {:.3} ms, mean {:.3} ms)",
            l.p50_ms, l.p90_ms, l.p99_ms, l.max_ms, l.min_ms, l.mean_ms
        ))?;
        p.out(format!("{}", "Histogram".bold()))?;
        for line in storm::histogram_lines(&l.histogram, 40) {
            p.out(format!("  {line}"))?;
        }
    }
    Ok(())
}
