//! `ocw test URL`: the conformance suite against a webhook receiver. The cases and
//! the grading live in `conformance`; this file resolves the target (URL or configured
//! webhook, secret, headers), selects the cases, and prints the table, `--json` lines and the
//! JUnit report.

use std::time::Instant;

use anyhow::Context;
use colored::Colorize;

use super::{Ctx, Target as Destination};
use crate::cli::TestArgs;
use crate::conformance::{self, Case, CaseResult, Grade};
use crate::exit::ExitStatus;
use crate::output::Printer;

pub async fn run(args: TestArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let cases = cases(&args)?;
    let (cases, not_applicable): (Vec<Case>, Vec<Case>) =
        cases.into_iter().partition(|c| c.applies_to(args.scheme));
    if args.list {
        return list(p, &args, &cases, &not_applicable);
    }
    let target = target(ctx, &args)?;
    let shown_url = crate::redact::url(&target.url);
    if cases.is_empty() {
        anyhow::bail!(
            "no case to run for the {} scheme with these --only/--skip",
            args.scheme
        );
    }
    let settings = conformance::Settings {
        timeout: args.timeout,
        budget: args.budget,
        effects: args.effects.clone().map(|command| conformance::Effects {
            command,
            // The counter is the user's own tool: as long as a request may take, at least 5 s.
            timeout: args.timeout.max(std::time::Duration::from_secs(5)),
        }),
        effects_wait: args.effects_wait,
    };
    notes(p, &args, &not_applicable);

    let table = Table::new(&cases);
    if !p.json() && p.shows_results() {
        p.out(format!(
            "{} {} (scheme {}, {})",
            "ocw test".bold(),
            shown_url,
            args.scheme,
            plural(cases.len(), "case")
        ))?;
    }
    let started = Instant::now();
    let run = conformance::run::run(&target, &cases, &settings, &mut |r| {
        if p.json() {
            p.out_json(&CaseJson::new(r, args.scheme.name()))
        } else if p.shows_results() {
            table.print(p, r)
        } else {
            Ok(())
        }
    })
    .await
    .map_err(|e| match e {
        conformance::RunError::Report(io) => anyhow::Error::new(io),
        other => anyhow::Error::new(other),
    })?;
    let elapsed = started.elapsed();

    let not_run: Vec<&str> = cases[run.results.len()..]
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let summary = SummaryJson::new(&shown_url, args.scheme.name(), &run, cases.len(), elapsed);
    if p.json() {
        p.out_json(&summary)?;
    } else if p.shows_results() {
        p.out(summary.line())?;
    }
    if let Some(path) = &args.junit {
        let xml = conformance::junit::report(
            &shown_url,
            args.scheme.name(),
            &run.results,
            &not_run,
            elapsed.as_secs_f64(),
        );
        std::fs::write(path, xml)
            .with_context(|| format!("writing the JUnit report {}", path.display()))?;
    }
    Ok(ExitStatus::from_ok(summary.ok))
}

/// What the run leaves out, on stderr: cases not for this scheme, and effects without --effects.
fn notes(p: &Printer, args: &TestArgs, not_applicable: &[Case]) {
    if let Some(line) = not_for_scheme(args, not_applicable) {
        p.info(line);
    }
    if args.effects.is_none() {
        p.info("effects not checked (pass --effects CMD to check that each delivery is processed once)");
    }
}

/// The built-in cases and the user's, selected.
fn cases(args: &TestArgs) -> anyhow::Result<Vec<Case>> {
    let mut user = Vec::new();
    for dir in &args.cases {
        user.extend(conformance::case::load_dir(dir)?);
    }
    let all = conformance::case::combine(conformance::case::builtin(), user)?;
    Ok(conformance::case::select(all, &args.only, &args.skip)?)
}

/// Where the suite sends, signed how: URL and flags, or a configured webhook.
fn target(ctx: &Ctx, args: &TestArgs) -> anyhow::Result<conformance::Target> {
    let flag_secret = args.secret.load()?;
    let dest = match (&args.url, &args.webhook) {
        (Some(url), _) => Destination {
            url: url.clone(),
            secret: flag_secret,
            headers: args
                .headers
                .iter()
                .map(|h| (h.name.clone(), h.value.clone()))
                .collect(),
            webhook: None,
        },
        (None, Some(name)) => {
            let cfg = ctx.require_webhook_config()?;
            Destination::from_webhook(cfg.webhook(name)?, flag_secret, &args.headers)
        }
        (None, None) => anyhow::bail!("pass the receiver's URL, or --webhook NAME from the config"),
    };
    let Some(secret) = dest.secret else {
        return Err(crate::error_reporting::Hinted::error(
            "no signing secret: every case is signed with the receiver's secret",
            "pass --secret, --secret-file or set OCW_SECRET (or give the webhook a secret in ocw.yaml)",
        ));
    };
    // The suite writes the signature headers itself; one given by hand would be sent twice.
    let given: Vec<&str> = dest
        .headers
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| crate::signing::is_signature_header(n))
        .collect();
    if let Some(name) = given.first() {
        anyhow::bail!(
            "header {:?} is written by each case; leave it out of -H and the webhook's headers",
            crate::sanitize::shown(name).to_string()
        );
    }
    Ok(conformance::Target {
        url: dest.url,
        scheme: args.scheme,
        secret,
        headers: dest.headers,
    })
}

/// `--list`: the cases that would run (and those not for this scheme), one per line.
fn list(
    p: &Printer,
    args: &TestArgs,
    cases: &[Case],
    not_applicable: &[Case],
) -> anyhow::Result<ExitStatus> {
    let width = cases.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for case in cases {
        if p.json() {
            p.out_json(&ListedJson {
                tag: "listed_case",
                name: &case.name,
                about: &case.about(),
                required: case.required,
            })?;
            continue;
        }
        let mark = if case.required { "" } else { " (warning only)" };
        p.out(format!(
            "{:<width$}  {}{mark}",
            case.name,
            crate::sanitize::shown(&case.about())
        ))?;
    }
    if let Some(line) = not_for_scheme(args, not_applicable) {
        p.info(line);
    }
    Ok(ExitStatus::Success)
}

/// "2 cases not for the ocw scheme: stale-timestamp, future-timestamp"; `None` when all apply.
fn not_for_scheme(args: &TestArgs, not_applicable: &[Case]) -> Option<String> {
    (!not_applicable.is_empty()).then(|| {
        format!(
            "{} not for the {} scheme: {}",
            plural(not_applicable.len(), "case"),
            args.scheme,
            not_applicable
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The human table: one line per case, and under a failure or warning its explanation and
/// what the receiver answered (escaped).
struct Table {
    name_width: usize,
    expected_width: usize,
    /// The columns explanations are wrapped to.
    width: usize,
}

impl Table {
    fn new(cases: &[Case]) -> Self {
        Self {
            name_width: cases.iter().map(|c| c.name.len()).max().unwrap_or(0),
            expected_width: cases.iter().map(|c| c.expected().len()).max().unwrap_or(0),
            width: width(),
        }
    }

    fn print(&self, p: &Printer, r: &CaseResult) -> std::io::Result<()> {
        let grade = match r.grade {
            Grade::Pass => "pass".green(),
            Grade::Fail => "FAIL".red().bold(),
            Grade::Warn => "warn".yellow().bold(),
        };
        let ms = r.elapsed.as_secs_f64() * 1e3;
        let time = if ms < 10.0 {
            format!("{ms:.1} ms")
        } else {
            format!("{ms:.0} ms")
        };
        p.out(format!(
            "  {grade}  {:<w$}  expected {:<we$}  got {}  {}",
            r.name,
            r.expected,
            crate::sanitize::shown(&r.got),
            format!("({time})").dimmed(),
            w = self.name_width,
            we = self.expected_width,
        ))?;
        if r.grade == Grade::Pass {
            return Ok(());
        }
        let indent = " ".repeat(8);
        if let Some(why) = &r.explanation {
            let why = crate::sanitize::line(why);
            for line in wrap(&why, self.width.saturating_sub(indent.len()).max(40)) {
                p.out(format!("{indent}{line}"))?;
            }
        }
        if let Some(answer) = &r.answer {
            p.out(format!(
                "{indent}{} {}",
                "answer:".dimmed(),
                crate::sanitize::shown(answer)
            ))?;
        }
        if let Some(error) = &r.error {
            p.out(format!(
                "{indent}{} {}",
                "error:".dimmed(),
                crate::sanitize::shown(error)
            ))?;
        }
        Ok(())
    }
}

/// `ocw test --list --json`: one per case that would run.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct ListedJson<'a> {
    #[serde(rename = "type")]
    tag: &'static str,
    name: &'a str,
    about: &'a str,
    /// A failed case that is not required is a warning.
    required: bool,
}

/// `ocw test --json`: one per case, as it is graded.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct CaseJson<'a> {
    #[serde(rename = "type")]
    tag: &'static str,
    name: &'a str,
    /// What the case sends.
    about: &'a str,
    scheme: &'a str,
    /// A failed case that is not required is a warning.
    required: bool,
    /// Whether the case passed (a warning is not a pass).
    passed: bool,
    result: Grade,
    /// `2xx`, `4xx`, a code, with `, then 2xx` when a valid delivery follows.
    expected: &'a str,
    /// What came back, e.g. `401`, `200, then 409`, `timeout`, `connection closed`.
    got: &'a str,
    /// The status of the deciding answer, when there was one.
    status: Option<u16>,
    elapsed_ms: f64,
    /// Why the case failed, naming the flaw.
    explanation: Option<&'a str>,
    /// The first bytes of the deciding answer's body.
    answer: Option<&'a str>,
    /// What went wrong on the wire, when no answer came.
    error: Option<&'a str>,
    /// With --effects: how much the count had to grow and how much it did.
    effects: Option<&'a conformance::EffectsSeen>,
}

impl<'a> CaseJson<'a> {
    fn new(r: &'a CaseResult, scheme: &'a str) -> Self {
        Self {
            tag: "case",
            name: &r.name,
            about: &r.about,
            scheme,
            required: r.required,
            passed: r.grade == Grade::Pass,
            result: r.grade,
            expected: &r.expected,
            got: &r.got,
            status: r.status,
            elapsed_ms: (r.elapsed.as_secs_f64() * 1e6).round() / 1e3,
            explanation: r.explanation.as_deref(),
            answer: r.answer.as_deref(),
            error: r.error.as_deref(),
            effects: r.effects.as_ref(),
        }
    }
}

/// `ocw test --json`: the last line.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct SummaryJson<'a> {
    #[serde(rename = "type")]
    tag: &'static str,
    /// The receiver's URL (credentials redacted).
    url: &'a str,
    scheme: &'a str,
    cases: usize,
    passed: usize,
    failed: usize,
    warnings: usize,
    /// Cases not run because the receiver could not be reached.
    not_run: usize,
    /// Why the run stopped early (the receiver could not be reached), if it did.
    stopped: Option<&'a str>,
    /// Every required case passed: the exit code is 0.
    ok: bool,
    elapsed_ms: f64,
}

impl<'a> SummaryJson<'a> {
    fn new(
        url: &'a str,
        scheme: &'a str,
        run: &'a conformance::Run,
        cases: usize,
        elapsed: std::time::Duration,
    ) -> Self {
        let count = |g: Grade| run.results.iter().filter(|r| r.grade == g).count();
        let not_run = cases - run.results.len();
        Self {
            tag: "summary",
            url,
            scheme,
            cases,
            passed: count(Grade::Pass),
            failed: count(Grade::Fail),
            warnings: count(Grade::Warn),
            not_run,
            stopped: run.stopped.as_deref(),
            ok: count(Grade::Fail) == 0 && not_run == 0,
            elapsed_ms: (elapsed.as_secs_f64() * 1e6).round() / 1e3,
        }
    }

    fn line(&self) -> String {
        let verdict = if self.ok {
            "ok".green().bold()
        } else {
            "FAILED".red().bold()
        };
        let mut parts = vec![format!("{} passed", self.passed)];
        if self.failed > 0 {
            parts.push(format!("{} failed", self.failed));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if self.not_run > 0 {
            parts.push(format!(
                "{} not run (the receiver could not be reached)",
                self.not_run
            ));
        }
        format!(
            "{verdict}: {}, {} ({:.2} s)",
            plural(self.cases, "case"),
            parts.join(", "),
            self.elapsed_ms / 1e3
        )
    }
}

/// Columns to wrap to: `COLUMNS` when set, else the terminal's width, else 80 (as `listen`).
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
        .or_else(
            || match terminal_size::terminal_size_of(std::io::stdout()) {
                Some((terminal_size::Width(w), _)) if w > 0 => Some(usize::from(w)),
                _ => None,
            },
        )
        .unwrap_or(80)
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word gets a line
/// of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(super::wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
        assert_eq!(super::wrap("abcdefgh ij", 5), ["abcdefgh", "ij"]);
        assert!(super::wrap("", 5).is_empty());
    }
}
