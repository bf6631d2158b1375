//! `ocw replay FILE`: recorded requests sent again to another receiver, byte for byte (or
//! signed anew with `--re-sign`), reported like `send`.

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use colored::Colorize;
use reqwest::header::{HeaderName, HeaderValue};
use tokio::sync::mpsc;

use super::report::{self, Delivered, Expect, SignedBy, Totals};
use super::{Ctx, Target};
use crate::cli::ReplayArgs;
use crate::delivery::{self, Request};
use crate::error_reporting::Hinted;
use crate::exit::ExitStatus;
use crate::output::Printer;
use crate::replay::{self, Item, Recorded, Selection};
use crate::secret::Secret;
use crate::signing::{self, Scheme};

pub async fn run(args: ReplayArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let target = Target::resolve(ctx, &args.target)?;
    let resign = match (args.re_sign, &target.secret) {
        (false, _) => None,
        (true, Some(secret)) => Some(secret.clone()),
        (true, None) => {
            return Err(Hinted::error(
                "--re-sign needs a secret to sign with",
                "pass --secret-file FILE, set OCW_SECRET, or name a --webhook that has one",
            ));
        }
    };
    let mut items = read_in_background(&args)?;
    let client = delivery::client(args.timeout, 1)?;
    let replayer = Replayer {
        args: &args,
        target: &target,
        resign,
        p,
        now: jiff::Timestamp::now().as_second(),
    };
    let mut totals = Totals::default();
    let mut skipped = 0u64;
    while let Some(item) = items.recv().await {
        match item? {
            Item::Skipped(s) => {
                skipped += 1;
                p.warn(format!(
                    "{}: line {}: {}: skipped",
                    crate::sanitize::shown(&args.file.display().to_string()),
                    s.line,
                    s.why
                ));
            }
            Item::Request(r) => {
                let req = replayer.request(&r);
                let outcome = delivery::deliver(&client, &req, true).await;
                let delivered = Delivered {
                    seq: Some(r.seq),
                    event: r.event.as_deref().unwrap_or("(no event)"),
                    url: &req.url,
                    webhook: target.webhook.as_ref().map(|w| w.name.as_str()),
                    conversation_id: r.conversation_id.as_deref(),
                    outcome: &outcome,
                };
                let expect = Expect::Accepted(replayer.signed_by());
                report::print_delivery(p, &delivered, "", expect)?;
                totals.add(expect.met(&outcome));
            }
        }
    }
    let sent = totals.ok + totals.failed;
    if sent == 0 {
        p.warn(format!(
            "no request in {} was selected{}",
            crate::sanitize::shown(&args.file.display().to_string()),
            if skipped > 0 {
                format!(" ({skipped} lines skipped)")
            } else {
                String::new()
            }
        ));
        return Ok(ExitStatus::Failure);
    }
    if sent > 1 && p.shows_results() && !p.json() {
        p.out(totals.line(Expect::Accepted(replayer.signed_by())))?;
    }
    Ok(ExitStatus::from_ok(totals.failed == 0))
}

/// The record file read and selected on a blocking thread, its items handed over one at a
/// time (a bounded channel: memory stays at a request or two, and Ctrl-C is never stuck
/// behind a read).
fn read_in_background(args: &ReplayArgs) -> anyhow::Result<mpsc::Receiver<anyhow::Result<Item>>> {
    let input: Box<dyn BufRead + Send> = if args.file.as_os_str() == "-" {
        if std::io::stdin().is_terminal() {
            return Err(Hinted::error(
                "no record to read: stdin is a terminal",
                "give the record FILE (`ocw listen --record FILE` writes one), or pipe it in",
            ));
        }
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(&args.file).map_err(|e| {
            anyhow::Error::new(e).context(format!("reading {}", args.file.display()))
        })?;
        Box::new(std::io::BufReader::new(file))
    };
    let selection = Selection {
        seqs: args.seq.clone(),
        events: args.event.clone(),
        last: args.last,
    };
    let (tx, rx) = mpsc::channel(2);
    std::thread::spawn(move || {
        let reader = replay::Reader::new(input);
        let sent = replay::select(reader, &selection, |item| {
            tx.blocking_send(Ok(item))
                .map_err(|_| anyhow::anyhow!("the sender stopped"))
        });
        if let Err(e) = sent {
            let _ = tx.blocking_send(Err(e.context("reading the record")));
        }
    });
    Ok(rx)
}

/// Turns recorded requests into requests for the target.
struct Replayer<'a> {
    args: &'a ReplayArgs,
    target: &'a Target,
    resign: Option<Secret>,
    p: &'a Printer,
    /// Unix seconds: the timestamp of fresh signatures, and "now" for stale ones.
    now: i64,
}

impl Replayer<'_> {
    fn signed_by(&self) -> SignedBy {
        if self.resign.is_some() {
            SignedBy::Ocw
        } else {
            SignedBy::User
        }
    }

    /// The request for `r`: its body and headers, the target's extra headers, and a signature
    /// (the recorded one, or a fresh one with --re-sign). Warns about what will not go as
    /// recorded.
    fn request(&self, r: &Recorded) -> Request {
        let mut dropped = Vec::new();
        let mut headers = replay::replayed_headers(r, self.resign.is_some(), &mut dropped);
        if !dropped.is_empty() {
            self.p.warn(format!(
                "#{}: {} redacted in the record (or not valid HTTP): not sent; add it with -H",
                r.seq,
                dropped
                    .iter()
                    .map(|h| crate::sanitize::line(h))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        for (name, value) in &self.target.headers {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.insert(n, v);
            }
        }
        match &self.resign {
            Some(secret) => self.sign(r, secret, &mut headers),
            None => self.warn_if_stale(r),
        }
        Request {
            url: replay::target_url(&self.target.url, r),
            headers,
            body: r.body.clone(),
        }
    }

    /// Replace the signature with a fresh one: the scheme asked for, else the recorded one,
    /// else ocw's; a Standard Webhooks id is kept (it names the delivery, not the attempt).
    fn sign(&self, r: &Recorded, secret: &Secret, headers: &mut reqwest::header::HeaderMap) {
        let scheme = self
            .args
            .scheme
            .or_else(|| signing::detect(&r.headers))
            .unwrap_or(Scheme::Ocw);
        let msg_id = signing::header(&r.headers, "webhook-id")
            .or_else(|| signing::header(&r.headers, "svix-id"))
            .map(str::to_owned)
            .unwrap_or_else(|| format!("msg_{}", ulid::Ulid::new().to_string().to_lowercase()));
        let signed = signing::sign(&signing::SignRequest {
            scheme,
            secret: secret.expose(),
            body: &r.body,
            timestamp: self.now,
            msg_id: &msg_id,
        });
        match signed {
            Ok(pairs) => {
                for (name, value) in pairs {
                    if let (Ok(n), Ok(v)) = (
                        HeaderName::from_bytes(name.as_bytes()),
                        HeaderValue::from_str(&value),
                    ) {
                        headers.insert(n, v);
                    }
                }
            }
            Err(e) => self.p.warn(format!(
                "#{}: not signed ({} scheme: {e}); sent without a signature",
                r.seq,
                scheme.name()
            )),
        }
    }

    /// Say so before sending a recorded signature a timestamp-checking receiver will refuse.
    fn warn_if_stale(&self, r: &Recorded) {
        let Some(scheme) = signing::detect(&r.headers) else {
            return;
        };
        let Some(at) = signing::signed_at(scheme, &r.headers) else {
            return;
        };
        let age = self.now - at;
        if age > self.args.tolerance.as_secs() as i64 {
            self.p.warn(format!(
                "#{}: its {} signature is {} old: a receiver allowing {} refuses it ({}); --re-sign signs it anew",
                r.seq,
                scheme.name(),
                humantime::format_duration(Duration::from_secs(age as u64)),
                humantime::format_duration(self.args.tolerance),
                "replayed as recorded".dimmed()
            ));
        }
    }
}
