//! `ocw send`: build, sign and POST sample webhooks, one by one or as a storm.

use std::io::{BufWriter, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::bail;
use bytes::Bytes;
use colored::Colorize;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};

use super::{Ctx, Template, templates};
use crate::cli::{HeaderArg, SendArgs};
use crate::delivery::{self, Outcome, Request, storm};
use crate::exit::ExitStatus;
use crate::output::Printer;
use crate::secret::Secret;
use crate::signing;

/// Lines of a response body shown under a human delivery line.
const BODY_PREVIEW_LINES: usize = 20;
/// Characters of a response body kept in `--json` output.
const BODY_JSON_CHARS: usize = 4096;

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
    let templates = templates(&args.events, args.all, &args.payload)?;
    let secret = args.secret.load()?;
    if secret.is_none() {
        p.warn(
            "no signing secret: sending unsigned (pass --secret, --secret-file or set OCW_SECRET)",
        );
    }
    let signer = Signer::new(secret, &args.headers)?;
    let client = delivery::client(args.timeout, args.concurrency as usize)?;

    if args.count == 1 {
        let mut ok = true;
        for template in &templates {
            let (req, conversation_id) = signer.request(&args.to, template);
            let outcome = delivery::deliver(&client, &req, true).await;
            ok &= outcome.is_success();
            print_delivery(
                p,
                &template.event,
                &args.to,
                conversation_id.as_deref(),
                &outcome,
            )?;
        }
        return Ok(ExitStatus::from_ok(ok));
    }
    storm_run(args, templates, signer, client, ctx).await
}

async fn storm_run(
    args: SendArgs,
    templates: Vec<Template>,
    signer: Signer,
    client: reqwest::Client,
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let total = args.count * templates.len() as u64;
    p.info(format!(
        "sending {total} deliveries to {} with {} in flight",
        args.to, args.concurrency
    ));
    let templates = Arc::new(templates);
    let signer = Arc::new(signer);
    let url = args.to.clone();
    let build = {
        let templates = Arc::clone(&templates);
        move |i: u64| signer.request(&url, &templates[(i % templates.len() as u64) as usize])
    };
    // NDJSON lines go through one buffer: a write per line would cost more than a delivery.
    let sink = p
        .json()
        .then(|| Arc::new(Mutex::new(BufWriter::new(std::io::stdout()))));
    let on_done = {
        let templates = Arc::clone(&templates);
        let url = args.to.clone();
        let sink = sink.clone();
        move |i: u64, conversation_id: Option<String>, outcome: &Outcome| {
            if let Some(sink) = &sink {
                let t = &templates[(i % templates.len() as u64) as usize];
                let line = delivery_json(&t.event, &url, conversation_id.as_deref(), outcome);
                let mut w = sink.lock().unwrap_or_else(|e| e.into_inner());
                // A closed stdout ends the storm's output, not the storm's bookkeeping.
                if serde_json::to_writer(&mut *w, &line).is_ok() {
                    let _ = w.write_all(b"\n");
                }
            }
        }
    };
    let plan = storm::Plan {
        url: args.to.clone(),
        count: total,
        concurrency: args.concurrency,
        timeout: args.timeout,
    };
    let summary = storm::run(client, plan, build, on_done, p.progress_bar(total)).await;
    if let Some(sink) = sink {
        sink.lock().unwrap_or_else(|e| e.into_inner()).flush()?;
    }
    if p.json() {
        let mut v = serde_json::to_value(&summary)?;
        v.as_object_mut()
            .expect("summary serializes to an object")
            .insert("type".into(), json!("summary"));
        p.out_json(&v)?;
    } else if p.shows_results() {
        print_summary(p, &summary)?;
    }
    Ok(ExitStatus::from_ok(summary.success == summary.sent))
}

/// Signs bodies and assembles requests with the user's headers.
pub struct Signer {
    signer: Option<signing::OcwSigner>,
    base_headers: HeaderMap,
}

impl Signer {
    pub fn new(secret: Option<Secret>, headers: &[HeaderArg]) -> anyhow::Result<Self> {
        let mut base = HeaderMap::new();
        base.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for h in headers {
            let name = HeaderName::from_bytes(h.name.as_bytes())
                .map_err(|_| anyhow::anyhow!("invalid header name {:?}", h.name))?;
            let value = HeaderValue::from_str(&h.value)
                .map_err(|_| anyhow::anyhow!("invalid value for header {:?}", h.name))?;
            // Repeating a header on the command line sends it repeatedly, like curl.
            if headers
                .iter()
                .filter(|o| o.name.eq_ignore_ascii_case(&h.name))
                .count()
                > 1
            {
                base.append(name, value);
            } else {
                base.insert(name, value);
            }
        }
        Ok(Self {
            signer: secret.as_ref().map(|s| signing::OcwSigner::new(s.expose())),
            base_headers: base,
        })
    }

    /// The signed request for one rendering of `template`, and its conversation id.
    pub fn request(&self, url: &url::Url, template: &Template) -> (Request, Option<String>) {
        let rendered = template.render(jiff::Timestamp::now());
        (self.sign(url, rendered.body), rendered.conversation_id)
    }

    /// A request for exactly these body bytes, signed when a secret is set.
    pub fn sign(&self, url: &url::Url, body: Bytes) -> Request {
        let mut headers = self.base_headers.clone();
        if let Some(signer) = &self.signer {
            let sig = signer.sign(&body);
            headers.insert(
                signing::OCW_HEADER,
                HeaderValue::from_str(&sig).expect("hex is a valid header value"),
            );
        }
        Request {
            url: url.clone(),
            headers,
            body,
        }
    }
}

/// The `--json` object for one delivery (documented in the README).
pub fn delivery_json(
    event: &str,
    url: &url::Url,
    conversation_id: Option<&str>,
    outcome: &Outcome,
) -> Value {
    let mut v = json!({
        "type": "delivery",
        "event": event,
        "url": url.as_str(),
        "conversation_id": conversation_id,
        "ok": outcome.is_success(),
        "latency_ms": round3(outcome.latency),
    });
    let obj = v.as_object_mut().expect("object literal");
    match &outcome.result {
        Ok(resp) => {
            let text = String::from_utf8_lossy(&resp.body);
            let cut: String = text.chars().take(BODY_JSON_CHARS).collect();
            obj.insert("status".into(), json!(resp.status.as_u16()));
            obj.insert(
                "response".into(),
                json!({
                    "content_type": resp.content_type,
                    "body": cut,
                    "truncated": resp.truncated || cut.len() < text.len(),
                }),
            );
            obj.insert("error".into(), Value::Null);
        }
        Err(e) => {
            obj.insert("status".into(), Value::Null);
            obj.insert(
                "error".into(),
                json!({"kind": e.kind, "message": e.message}),
            );
        }
    }
    v
}

fn round3(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// Human (or `--json`) report of one delivery on stdout.
pub fn print_delivery(
    p: &Printer,
    event: &str,
    url: &url::Url,
    conversation_id: Option<&str>,
    outcome: &Outcome,
) -> std::io::Result<()> {
    if p.json() {
        return p.out_json(&delivery_json(event, url, conversation_id, outcome));
    }
    if !p.shows_results() {
        return Ok(());
    }
    let latency = format_latency(outcome.latency);
    let conv = conversation_id
        .map(|c| format!("  {}", c.dimmed()))
        .unwrap_or_default();
    match &outcome.result {
        Ok(resp) => {
            let ok = resp.status.is_success();
            let mark = if ok { "✓".green() } else { "✗".red() };
            let status = resp.status.to_string();
            let status = if ok { status.green() } else { status.red() };
            p.out(format!(
                "{mark} {}  {status}  {latency}{conv}",
                event.bold()
            ))?;
            for line in body_preview(p, &resp.body, resp.truncated) {
                p.out(format!("    {line}"))?;
            }
        }
        Err(e) => {
            p.out(format!(
                "{} {}  {}  {latency}{conv}",
                "✗".red(),
                event.bold(),
                e.kind.as_str().red()
            ))?;
            p.out(format!("    {e}"))?;
        }
    }
    Ok(())
}

/// A response body for humans: indented JSON when it parses, else text; bounded either way.
fn body_preview(p: &Printer, body: &[u8], truncated: bool) -> Vec<String> {
    if body.is_empty() {
        return vec![];
    }
    let text = match serde_json::from_slice::<Value>(body) {
        Ok(v) => p.pretty_json(&v),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let more = lines.len().saturating_sub(BODY_PREVIEW_LINES);
    lines.truncate(BODY_PREVIEW_LINES);
    if more > 0 || truncated {
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
