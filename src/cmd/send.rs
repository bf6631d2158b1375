//! `ocw send`: build, sign and POST sample webhooks, one by one or as a storm, or show them
//! without sending (`--dry-run`, `--curl`).
//!
//! An event sent to several webhooks is rendered once: every webhook gets the same body (the
//! same `conversation_id` and timestamp), signed with its own secret, as OpenClaw delivers one
//! event. Webhooks not subscribed to an event are listed as skipped, and a total line ends a
//! run of several deliveries.

use std::io::{BufWriter, IsTerminal, Write};
use std::sync::{Arc, Mutex};

use anyhow::bail;
use colored::Colorize;

use anyhow::Context as _;

use super::report::{
    Delivered, Expect, SignedBy, Totals, delivery_json, print_delivery, skipped_line,
};
use super::{Ctx, Target, templates};
use crate::cli::{SendArgs, TamperArg};
use crate::delivery::request::{self, RequestBuilder, Tamper};
use crate::delivery::{self, Outcome, retry, show, storm};
use crate::exit::ExitStatus;
use crate::output::Printer;
use crate::payload::{Rendered, Template};

/// One destination with its request builder (its secret and headers).
struct Lane {
    target: Target,
    builder: RequestBuilder,
}

impl Lane {
    /// What this lane's deliveries should get.
    fn expect(&self, tamper: Option<Tamper>) -> Expect {
        match tamper {
            Some(_) => Expect::Rejected,
            None => Expect::Accepted(SignedBy::of(&self.builder)),
        }
    }

    fn name(&self) -> Option<&str> {
        self.target.webhook.as_ref().map(|w| w.name.as_str())
    }
}

pub async fn run(args: SendArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    check_flags(&args)?;
    let tamper = args.tamper.map(|t| match t {
        TamperArg::Signature => Tamper::Signature,
        TamperArg::Body => Tamper::Body,
        TamperArg::Timestamp => Tamper::Timestamp,
    });
    let mut templates = match scenario_templates(&args, p)? {
        Some(templates) => templates,
        None => templates(&args.events, args.all, &args.payload, p).await?,
    };
    if args.all {
        // A realistic sequence: conversation.started first, conversation.ended last.
        templates.sort_by_key(|t| crate::payload::conversation_rank(&t.event));
    }
    if tamper == Some(Tamper::Timestamp)
        && let Some(t) = templates.iter().find(|t| !t.stamps_timestamp())
    {
        bail!(
            "--tamper timestamp backdates the fresh timestamp ocw writes, but {}'s timestamp is \
             fixed (--data, --raw-body and --set timestamp=... keep it as given)",
            t.event
        );
    }
    let lanes = lanes(&args, &templates, ctx, tamper)?;
    announce(p, &lanes, &templates, tamper)?;
    if args.dry_run || args.curl {
        return dry_run(&args, &lanes, &templates, tamper, p);
    }
    if args.count > 1 {
        let mut sending = lanes
            .into_iter()
            .filter(|l| templates.iter().any(|t| l.target.wants(&t.event)));
        let (Some(lane), None) = (sending.next(), sending.next()) else {
            bail!("a storm goes to one endpoint: pass --to URL or --webhook NAME");
        };
        let client = delivery::client(args.timeout, args.concurrency as usize)?;
        return storm_run(args, lane, templates, client, tamper, ctx).await;
    }
    // Rendered once per event: every webhook gets the same body.
    let bodies: Vec<Rendered> = templates
        .iter()
        .map(|t| request::render(t, tamper))
        .collect();
    if args.retry {
        return fan_out_retry(&args, lanes, &templates, bodies, ctx).await;
    }
    fan_out(&args, &lanes, &templates, &bodies, tamper, p).await
}

/// With `--scenario` / `--scenario-file`: its deliveries, rendered once (fixed bytes, one
/// conversation id, timestamps ending now), in sending order. `None` without a scenario.
fn scenario_templates(args: &SendArgs, p: &Printer) -> anyhow::Result<Option<Vec<Template>>> {
    use crate::payload::scenario;
    let (name, origin, text) = match (&args.scenario, &args.scenario_file) {
        (Some(name), _) => (name.clone(), name.clone(), scenario::text(name)?.to_owned()),
        (None, Some(path)) => {
            let shown = path.display().to_string();
            let file = std::fs::File::open(path).with_context(|| format!("reading {shown}"))?;
            let mut text = String::new();
            std::io::Read::read_to_string(
                &mut std::io::Read::take(file, scenario::MAX_FILE + 1),
                &mut text,
            )
            .with_context(|| format!("reading {shown}"))?;
            if text.len() as u64 > scenario::MAX_FILE {
                bail!(
                    "{shown}: over {}; a scenario is a page of YAML",
                    crate::units::bytes(scenario::MAX_FILE as usize)
                );
            }
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            (stem.unwrap_or_else(|| shown.clone()), shown, text)
        }
        (None, None) => return Ok(None),
    };
    let catalog = super::catalog(args.payload.fixtures.as_ref())?;
    let plan_of = scenario::parse(&name, &origin, &text, &catalog)?;
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    if args.shuffle || args.duplicate.is_some() {
        p.info(format!(
            "{} seed {seed} (--seed {seed} sends the same order again)",
            "note:".bold()
        ));
    }
    let plan = scenario::Plan {
        shuffle: args.shuffle.then_some(seed),
        duplicate: args.duplicate.unwrap_or(0),
        seed,
    };
    // The conversation ends now: every timestamp is in the past, as a receiver that checks
    // them expects.
    let total: std::time::Duration = plan_of.steps.iter().map(|s| s.after).sum();
    let start = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::try_from(total).unwrap_or_default())
        .unwrap_or_else(|_| jiff::Timestamp::now());
    let templates = scenario::render(&plan_of, &catalog, start, plan)?;
    p.info(format!(
        "scenario {}: {} ({} deliveries, one conversation)",
        crate::sanitize::shown(&plan_of.name),
        crate::sanitize::shown(&plan_of.description),
        templates.len()
    ));
    Ok(Some(templates))
}

fn check_flags(args: &SendArgs) -> anyhow::Result<()> {
    if args.all && (args.payload.data.is_some() || args.payload.raw_body.is_some()) {
        bail!(
            "--all sends the catalog's payloads; it cannot be combined with --data or --raw-body"
        );
    }
    if args.events.is_empty()
        && !args.all
        && args.payload.data.is_none()
        && args.payload.raw_body.is_none()
        && args.scenario.is_none()
        && args.scenario_file.is_none()
    {
        bail!("name at least one event to send (see `ocw events`), or pass --all");
    }
    if args.show_secrets && !(args.dry_run || args.curl) {
        bail!("--show-secrets only applies to --dry-run and --curl, which print the request");
    }
    Ok(())
}

/// Warnings and notes before anything goes out: unsigned deliveries, signatures sent as the
/// user gave them, and what `--tamper` gets wrong.
fn announce(
    p: &Printer,
    lanes: &[Lane],
    templates: &[Template],
    tamper: Option<Tamper>,
) -> anyhow::Result<()> {
    let mut seen = Vec::new();
    // Only the webhooks something goes to: the others are listed as skipped.
    let sending = lanes
        .iter()
        .filter(|l| templates.iter().any(|t| l.target.wants(&t.event)));
    for lane in sending {
        super::report::note_given_signatures(p, &lane.builder, &lane.target, &mut seen);
        if tamper.is_some() && !lane.builder.signs() {
            bail!(
                "--tamper sends a wrongly signed delivery, so it needs a signing secret (pass \
                 --secret, --secret-file or set OCW_SECRET) and no signature of your own"
            );
        }
    }
    let what = match tamper {
        None => return Ok(()),
        Some(Tamper::Signature) => {
            "each delivery carries a wrong x-openclaw-signature; a correct receiver answers 4xx"
        }
        Some(Tamper::Body) => {
            "each body is changed by one byte after it is signed; a correct receiver answers 4xx"
        }
        Some(Tamper::Timestamp) => {
            "each payload's timestamp is an hour old, correctly signed; a receiver that checks \
             for replays answers 4xx"
        }
    };
    p.info(format!("{} --tamper: {what}", "note:".bold()));
    Ok(())
}

/// Where `send` delivers, as lanes: `--to`, one `--webhook`, or every configured webhook (those
/// subscribed to none of the events are kept, to be listed as skipped).
fn lanes(
    args: &SendArgs,
    templates: &[Template],
    ctx: &Ctx,
    tamper: Option<Tamper>,
) -> anyhow::Result<Vec<Lane>> {
    let lane = |target: Target| -> anyhow::Result<Lane> {
        let builder =
            RequestBuilder::new(target.secret.clone(), &target.headers)?.tampering(tamper);
        Ok(Lane { target, builder })
    };
    if args.target.to.is_some() || args.target.webhook.is_some() {
        let target = Target::resolve(ctx, &args.target)?;
        for t in templates {
            target.warn_if_unsubscribed(&ctx.printer, &t.event);
        }
        // An explicitly chosen target gets every event, subscribed or not.
        let webhook = target.webhook.clone().map(|mut w| {
            w.events = vec!["*".into()];
            w
        });
        return Ok(vec![lane(Target { webhook, ..target })?]);
    }
    let config = ctx.webhook_config()?.ok_or_else(|| {
        anyhow::anyhow!(
            "no --to URL and no webhook config; pass --to URL, or create ocw.yaml with `ocw config init`"
        )
    })?;
    for t in templates {
        if config.subscribed(&t.event).is_empty() {
            ctx.printer.warn(format!(
                "no webhook in {} subscribes to {}; not sent",
                config.path.display(),
                t.event
            ));
        }
    }
    if !templates
        .iter()
        .any(|t| !config.subscribed(&t.event).is_empty())
    {
        bail!(
            "no webhook in {} subscribes to these events",
            config.path.display()
        );
    }
    let flag_secret = args.target.secret.load()?;
    config
        .webhooks
        .iter()
        .map(|hook| {
            lane(Target::from_webhook(
                hook,
                flag_secret.clone(),
                &args.target.headers,
            ))
        })
        .collect()
}

/// Deliver every event to every lane that wants it, one at a time, grouped by webhook.
async fn fan_out(
    args: &SendArgs,
    lanes: &[Lane],
    templates: &[Template],
    bodies: &[Rendered],
    tamper: Option<Tamper>,
    p: &Printer,
) -> anyhow::Result<ExitStatus> {
    let client = delivery::client(args.timeout, 1)?;
    let grouped = lanes.iter().any(|l| l.target.webhook.is_some());
    let human = !p.json() && p.shows_results();
    let expect = lanes.first().map(|l| l.expect(tamper));
    let mut totals = Totals::default();
    for lane in lanes {
        if grouped && human {
            p.out(lane.target.heading())?;
        }
        let indent = if grouped { "  " } else { "" };
        let mut skipped = Vec::new();
        let mut first = true;
        for (template, body) in templates.iter().zip(bodies) {
            if !lane.target.wants(&template.event) {
                skipped.push(template.event.as_str());
                continue;
            }
            if let Some(gap) = args.gap
                && !std::mem::take(&mut first)
            {
                tokio::time::sleep(gap).await;
            }
            let req = lane.builder.sign(&lane.target.url, body.body.clone());
            let outcome = delivery::deliver(&client, &req, true).await;
            totals.add(lane.expect(tamper).met(&outcome));
            let d = Delivered {
                seq: None,
                event: &template.event,
                url: &lane.target.url,
                webhook: lane.name(),
                conversation_id: body.conversation_id.as_deref(),
                outcome: &outcome,
            };
            print_delivery(p, &d, indent, lane.expect(tamper))?;
        }
        totals.skipped += skipped.len() as u64;
        if human && !skipped.is_empty() {
            p.out(format!("{indent}{}", skipped_line(&skipped)))?;
        }
    }
    if human && totals.ok + totals.failed + totals.skipped > 1 {
        p.out(totals.line(expect.unwrap_or(Expect::Accepted(SignedBy::Ocw))))?;
    }
    Ok(ExitStatus::from_ok(totals.failed == 0))
}

/// `--dry-run` / `--curl`: every request that would go out, on stdout, and nothing sent.
fn dry_run(
    args: &SendArgs,
    lanes: &[Lane],
    templates: &[Template],
    tamper: Option<Tamper>,
    p: &Printer,
) -> anyhow::Result<ExitStatus> {
    let show = show::Show {
        secrets: args.show_secrets,
        escape_body: std::io::stdout().is_terminal(),
    };
    let bodies: Vec<Rendered> = templates
        .iter()
        .map(|t| request::render(t, tamper))
        .collect();
    let mut redacted = false;
    let mut first = true;
    for lane in lanes {
        for (template, body) in templates.iter().zip(&bodies) {
            if !lane.target.wants(&template.event) {
                continue;
            }
            let mut req = lane.builder.sign(&lane.target.url, body.body.clone());
            if args.retry {
                req = retry::numbered(&req, 1);
            }
            let curl = args.curl.then(|| show.curl(&req));
            if p.json() {
                let mut shown = show::Shown::default();
                p.out_json(&dry_run_json(
                    template,
                    lane,
                    &req,
                    show,
                    curl.as_ref(),
                    &mut shown,
                ))?;
                redacted |= shown.redacted;
                continue;
            }
            let mut text = Vec::new();
            if !first {
                text.push(b'\n');
            }
            first = false;
            redacted |= shown_request(&mut text, template, lane, &req, show, curl);
            if p.shows_results() {
                p.out_bytes(&text)?;
            }
        }
    }
    dry_run_notes(args, redacted, p);
    Ok(ExitStatus::Success)
}

/// One request of a dry run for a person: a `# event → webhook` line, then the HTTP request or
/// the curl command. True when something in it was redacted.
fn shown_request(
    text: &mut Vec<u8>,
    template: &Template,
    lane: &Lane,
    req: &delivery::Request,
    show: show::Show,
    curl: Option<(String, show::Shown)>,
) -> bool {
    let about = match lane.name() {
        Some(name) => format!(
            "# {} → webhook {}\n",
            template.event,
            crate::sanitize::shown(name)
        ),
        None => format!("# {}\n", template.event),
    };
    text.extend_from_slice(about.as_bytes());
    match curl {
        Some((cmd, shown)) => {
            text.extend_from_slice(cmd.as_bytes());
            text.push(b'\n');
            shown.redacted
        }
        None => show.http(req, text).redacted,
    }
}

/// What a dry run leaves out, on stderr.
fn dry_run_notes(args: &SendArgs, redacted: bool, p: &Printer) {
    if redacted {
        p.info(format!(
            "{} credential headers and URL credentials are shown as [redacted]; add --show-secrets to print them as sent",
            "note:".bold()
        ));
    }
    if args.retry {
        p.info(format!(
            "{} under --retry, a retry resends the same bytes and signature with x-ocw-attempt: 2, 3, ...",
            "note:".bold()
        ));
    }
    if args.count > 1 {
        p.info(format!(
            "{} a storm sends {} deliveries like this, each with its own conversation_id and signature",
            "note:".bold(),
            args.count
        ));
    }
    p.info("dry run: nothing was sent");
}

/// `send --dry-run --json`: one object per request that would go out.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct DryRunJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    event: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    webhook: Option<&'a str>,
    method: &'static str,
    url: String,
    /// `[name, value]` pairs in the order they go out.
    headers: Vec<(String, String)>,
    body: String,
    #[schemars(extend("enum" = ["utf8", "base64"]))]
    body_encoding: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    curl: Option<&'a str>,
}

fn dry_run_json<'a>(
    template: &'a Template,
    lane: &'a Lane,
    req: &delivery::Request,
    show: show::Show,
    curl: Option<&'a (String, show::Shown)>,
    shown: &mut show::Shown,
) -> DryRunJson<'a> {
    let url = if show.secrets {
        req.url.to_string()
    } else {
        crate::redact::url(&req.url)
    };
    shown.redacted |= url != req.url.as_str();
    let headers = delivery::wire_headers(req)
        .into_iter()
        .map(|(name, value)| {
            let shown_value = if show.secrets {
                value.clone()
            } else {
                crate::redact::header_value(&name, &value).to_owned()
            };
            shown.redacted |= shown_value != value;
            (name, shown_value)
        })
        .collect();
    let (body, body_encoding) = match std::str::from_utf8(&req.body) {
        Ok(text) => (text.to_owned(), "utf8"),
        Err(_) => {
            use base64::Engine as _;
            (
                base64::engine::general_purpose::STANDARD.encode(&req.body),
                "base64",
            )
        }
    };
    if let Some((_, s)) = curl {
        shown.redacted |= s.redacted;
    }
    DryRunJson {
        kind: "dry_run",
        event: &template.event,
        webhook: lane.name(),
        method: "POST",
        url,
        headers,
        body,
        body_encoding,
        curl: curl.map(|(c, _)| c.as_str()),
    }
}

/// `send --retry`: every delivery of every webhook played under the retry policy, the webhooks
/// in parallel; results are reported grouped by webhook once all are settled.
async fn fan_out_retry(
    args: &SendArgs,
    lanes: Vec<Lane>,
    templates: &[Template],
    bodies: Vec<Rendered>,
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let policy = super::policy(&args.policy, args.timeout);
    let client = delivery::client(args.timeout, 1)?;
    let spinner = p.spinner();
    spinner.set_message(format!(
        "delivering to {} endpoint(s) under the retry policy (speed ×{})",
        lanes.len(),
        policy.speed
    ));
    let bodies = Arc::new(bodies);
    let mut tasks = tokio::task::JoinSet::new();
    for (index, lane) in lanes.into_iter().enumerate() {
        let jobs: Vec<usize> = (0..templates.len())
            .filter(|i| lane.target.wants(&templates[*i].event))
            .collect();
        let policy = policy.clone();
        let client = client.clone();
        let bodies = Arc::clone(&bodies);
        tasks.spawn(async move {
            let mut results = Vec::new();
            for i in jobs {
                let request = lane.builder.sign(&lane.target.url, bodies[i].body.clone());
                let verdict = retry::play(
                    &policy,
                    |k| crate::delivery::retry::attempt(&client, &request, k),
                    |_| {},
                )
                .await;
                results.push((i, verdict));
            }
            (index, lane, results)
        });
    }
    let mut done = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        done.push(joined?);
    }
    spinner.finish_and_clear();
    done.sort_by_key(|(i, ..)| *i);
    let mut totals = Totals::default();
    for (_, lane, results) in &done {
        report_retried(p, lane, results, templates, &bodies, &policy, &mut totals)?;
    }
    if !p.json() && p.shows_results() && totals.ok + totals.failed + totals.skipped > 1 {
        p.out(totals.line(Expect::Accepted(SignedBy::Ocw)))?;
    }
    Ok(ExitStatus::from_ok(totals.failed == 0))
}

/// One webhook's part of `send --retry`: its heading, each delivery with its attempts, and the
/// events it is not subscribed to.
fn report_retried(
    p: &Printer,
    lane: &Lane,
    results: &[(usize, retry::Conclusion)],
    templates: &[Template],
    bodies: &[Rendered],
    policy: &retry::Policy,
    totals: &mut Totals,
) -> anyhow::Result<()> {
    let human = !p.json() && p.shows_results();
    if human {
        p.out(lane.target.heading())?;
    }
    for (i, verdict) in results {
        totals.add(verdict.delivered);
        let last = verdict
            .history
            .last()
            .context("a played delivery has at least one attempt")?;
        let d = Delivered {
            seq: None,
            event: &templates[*i].event,
            url: &lane.target.url,
            webhook: lane.name(),
            conversation_id: bodies[*i].conversation_id.as_deref(),
            outcome: &last.outcome,
        };
        super::report::print_retried(p, &d, verdict, policy, SignedBy::of(&lane.builder))?;
    }
    let skipped: Vec<&str> = templates
        .iter()
        .filter(|t| !lane.target.wants(&t.event))
        .map(|t| t.event.as_str())
        .collect();
    totals.skipped += skipped.len() as u64;
    if human && !skipped.is_empty() {
        p.out(format!("  {}", skipped_line(&skipped)))?;
    }
    Ok(())
}

async fn storm_run(
    args: SendArgs,
    lane: Lane,
    templates: Vec<Template>,
    client: reqwest::Client,
    tamper: Option<Tamper>,
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let expect = lane.expect(tamper);
    let url = lane.target.url.clone();
    let total = args.count * templates.len() as u64;
    p.info(format!(
        "sending {total} deliveries to {} with {} in flight",
        crate::redact::url(&url),
        args.concurrency
    ));
    let templates = Arc::new(templates);
    let signer = Arc::new(lane.builder);
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
    let bar = p.progress_bar(total);
    let watcher = tokio::spawn(cancel_on_ctrl_c(
        stop.clone(),
        Arc::clone(&interrupted),
        bar.clone(),
    ));
    let plan = storm::Plan {
        url,
        count: total,
        concurrency: args.concurrency,
        timeout: args.timeout,
        stop,
    };
    let summary = storm::run(client, plan, build, on_done, bar).await;
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
    let verdict = StormVerdict::of(&summary, expect);
    if p.json() {
        p.out_json(&crate::output::Tagged {
            kind: "summary",
            value: &summary,
        })?;
    } else if p.shows_results() {
        print_summary(p, &summary)?;
        p.out(verdict.line(&summary))?;
    }
    if interrupted {
        return Ok(ExitStatus::Interrupted);
    }
    Ok(ExitStatus::from_ok(verdict.failed == 0))
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
            seq: None,
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

/// Cancel `stop` on Ctrl-C, remember that it happened, and take the progress bar off the
/// screen at once (the deliveries in flight may take up to the timeout to finish).
async fn cancel_on_ctrl_c(
    stop: tokio_util::sync::CancellationToken,
    interrupted: Arc<std::sync::atomic::AtomicBool>,
    bar: indicatif::ProgressBar,
) {
    if tokio::signal::ctrl_c().await.is_ok() {
        interrupted.store(true, std::sync::atomic::Ordering::Relaxed);
        stop.cancel();
        bar.finish_and_clear();
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
}

/// How a storm went against what was expected: `failed` counts the deliveries that did not
/// get it (a non-2xx answer or an error; under `--tamper`, anything but a 4xx).
struct StormVerdict {
    expect: Expect,
    failed: u64,
}

impl StormVerdict {
    fn of(s: &storm::Summary, expect: Expect) -> Self {
        let failed = match expect {
            Expect::Accepted(_) => s.sent - s.success,
            Expect::Rejected => {
                let rejected: u64 = s
                    .statuses
                    .iter()
                    .filter(|(code, _)| (400..500).contains(*code))
                    .map(|(_, n)| n)
                    .sum();
                s.sent - rejected
            }
        };
        Self { expect, failed }
    }

    /// `✓ all 200 deliveries answered 2xx`, or `✗ 37 of 200 deliveries failed: 30 × 503, ...`.
    fn line(&self, s: &storm::Summary) -> String {
        let (good, bad) = match self.expect {
            Expect::Accepted(_) => ("answered 2xx", "failed"),
            Expect::Rejected => ("rejected with 4xx, as they should be", "not rejected"),
        };
        let noun = if s.sent == 1 {
            "delivery"
        } else {
            "deliveries"
        };
        if s.sent == 0 {
            return format!("{} no deliveries were sent", "✗".red());
        }
        if self.failed == 0 {
            return format!("{} all {} {noun} {good}", "✓".green(), s.sent);
        }
        let mut why: Vec<String> = Vec::new();
        if self.expect == Expect::Rejected && s.success > 0 {
            why.push(format!("{} × 2xx", s.success));
        }
        for (code, n) in &s.statuses {
            let counts = match self.expect {
                Expect::Accepted(_) => true,
                Expect::Rejected => !(400..500).contains(code),
            };
            if counts {
                why.push(format!("{n} × HTTP {code}"));
            }
        }
        for (kind, n) in &s.errors {
            why.push(format!("{n} × {}", kind.as_str()));
        }
        format!(
            "{} {} of {} {noun} {bad}: {}",
            "✗".red(),
            self.failed,
            s.sent,
            why.join(", ")
        )
    }
}

/// The storm's summary table: labels in one column wide enough for the longest (an error kind
/// such as `connection refused` included), values after it.
fn print_summary(p: &Printer, s: &storm::Summary) -> std::io::Result<()> {
    let mut rows: Vec<(String, String)> = Vec::new();
    rows.push(("sent".into(), s.sent.to_string()));
    rows.push(("2xx".into(), s.success.to_string().green().to_string()));
    let non = s.non_success.to_string();
    let non = if s.non_success > 0 {
        non.red()
    } else {
        non.normal()
    };
    rows.push(("non-2xx".into(), non.to_string()));
    for (code, n) in &s.statuses {
        rows.push((format!("  [{code}]"), n.to_string()));
    }
    let errors: u64 = s.errors.values().sum();
    rows.push(("errors".into(), errors.to_string()));
    for (kind, n) in &s.errors {
        rows.push((format!("  {}", kind.as_str()), n.to_string()));
    }
    rows.push((
        "elapsed".into(),
        format!("{:.3} s", s.elapsed.as_secs_f64()),
    ));
    rows.push(rate_row(s));
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    p.out(format!("{}", "Summary".bold()))?;
    for (label, value) in rows {
        p.out(format!("  {label:<width$}{value}"))?;
    }
    let l = &s.latency;
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

/// Throughput counts HTTP answers only: 200 refused connections a millisecond each are not a
/// rate worth reporting.
fn rate_row(s: &storm::Summary) -> (String, String) {
    let answered = s.success + s.non_success;
    let errors = s.sent - answered;
    let secs = s.elapsed.as_secs_f64();
    if answered == 0 {
        return ("requests/s".into(), "- (no HTTP answers)".into());
    }
    let rate = if secs > 0.0 {
        answered as f64 / secs
    } else {
        0.0
    };
    if errors == 0 {
        ("requests/s".into(), format!("{rate:.1}"))
    } else {
        (
            "answers/s".into(),
            format!("{rate:.1} ({errors} without an answer not counted)"),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use super::*;
    use crate::delivery::ErrorKind;

    fn summary(
        success: u64,
        statuses: &[(u16, u64)],
        errors: &[(ErrorKind, u64)],
    ) -> storm::Summary {
        let statuses: BTreeMap<u16, u64> = statuses.iter().copied().collect();
        let errors: BTreeMap<ErrorKind, u64> = errors.iter().copied().collect();
        let non_success = statuses.values().sum();
        storm::Summary {
            sent: success + non_success + errors.values().sum::<u64>(),
            success,
            non_success,
            statuses,
            errors,
            elapsed: Duration::from_secs(2),
            requests_per_sec: 0.0,
            latency: storm::Latency::default(),
        }
    }

    /// `line` without colour codes, whatever colour decision another test made.
    fn plain(line: String) -> String {
        let mut out = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                chars.by_ref().find(|c| *c == 'm');
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn storm_verdicts_name_what_failed() {
        let ok = Expect::Accepted(SignedBy::Ocw);
        let s = summary(200, &[], &[]);
        assert_eq!(
            plain(StormVerdict::of(&s, ok).line(&s)),
            "✓ all 200 deliveries answered 2xx"
        );
        let s = summary(163, &[(503, 30)], &[(ErrorKind::Timeout, 7)]);
        let v = StormVerdict::of(&s, ok);
        assert_eq!(v.failed, 37);
        assert_eq!(
            plain(v.line(&s)),
            "✗ 37 of 200 deliveries failed: 30 × HTTP 503, 7 × timeout"
        );
        // Under --tamper, 4xx is the right answer and 2xx the failure.
        let s = summary(2, &[(401, 8)], &[]);
        let v = StormVerdict::of(&s, Expect::Rejected);
        assert_eq!(
            plain(v.line(&s)),
            "✗ 2 of 10 deliveries not rejected: 2 × 2xx"
        );
        let s = summary(0, &[(401, 10)], &[]);
        assert_eq!(
            plain(StormVerdict::of(&s, Expect::Rejected).line(&s)),
            "✓ all 10 deliveries rejected with 4xx, as they should be"
        );
    }

    #[test]
    fn the_rate_counts_answers_only() {
        let row = |s: &storm::Summary| {
            let (label, value) = rate_row(s);
            format!("{label} {value}")
        };
        assert_eq!(row(&summary(100, &[], &[])), "requests/s 50.0");
        assert_eq!(
            row(&summary(0, &[], &[(ErrorKind::Refused, 200)])),
            "requests/s - (no HTTP answers)"
        );
        assert_eq!(
            row(&summary(90, &[(500, 10)], &[(ErrorKind::Refused, 100)])),
            "answers/s 50.0 (100 without an answer not counted)"
        );
    }
}
