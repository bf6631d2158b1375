//! `ocw verify`: check a signature against a body, and explain a failure.

use anyhow::bail;
use colored::Colorize;

use super::{Ctx, read_input};
use crate::cli::VerifyArgs;
use crate::exit::ExitStatus;
use crate::signing::{self, VerdictKind};

pub async fn run(args: VerifyArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let scheme = args.scheme;
    let secrets = args.keys.load()?;
    if secrets.is_empty() {
        bail!("no signing secret; pass --secret, --secret-file or set OCW_SECRET");
    }
    let mut headers: Vec<(String, String)> = args
        .headers
        .iter()
        .map(|h| (h.name.clone(), h.value.clone()))
        .collect();
    if let Some(sig) = &args.signature {
        headers.push((signing::OCW_HEADER.to_string(), sig.trim().to_string()));
    }
    let body = read_input(args.file.as_deref(), p).await?;
    let verdict = signing::verify(&signing::VerifyRequest {
        headers: &headers,
        body: &body,
        secrets: &secrets,
        scheme,
        tolerance_secs: args.tolerance.as_secs(),
        now: jiff::Timestamp::now().as_second(),
    });
    if verdict.kind == VerdictKind::NoSecret {
        bail!("no signing secret; pass --secret, --secret-file or set OCW_SECRET");
    }

    if p.json() {
        p.out_json(&VerifyJson {
            tag: "verify",
            valid: verdict.valid,
            scheme: verdict.scheme.map(|s| s.name()),
            kind: verdict.kind,
            reason: &verdict.reason,
            hint: verdict.hint.as_deref(),
            secret_index: verdict.secret_index,
            age_secs: verdict.age_secs,
        })?;
    } else if p.shows_results() {
        let scheme = verdict.scheme.map(|s| s.name()).unwrap_or("unknown scheme");
        if verdict.valid {
            let which = match (verdict.secret_index, secrets.len()) {
                (Some(i), n) if n > 1 => format!(", secret #{}", i + 1),
                _ => String::new(),
            };
            p.out(format!("{} valid ({scheme}{which})", "✓".green()))?;
        } else {
            p.out(format!(
                "{} invalid ({scheme}): {}",
                "✗".red(),
                crate::sanitize::shown(&verdict.reason)
            ))?;
            if let Some(hint) = &verdict.hint {
                p.out(format!(
                    "  {} {}",
                    "hint:".yellow(),
                    crate::sanitize::shown(hint)
                ))?;
            }
        }
    }
    Ok(ExitStatus::from_ok(verdict.valid))
}

/// `ocw verify --json`: one document (documented in the README, pinned by json_shapes).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct VerifyJson<'a> {
    #[serde(rename = "type")]
    tag: &'static str,
    valid: bool,
    scheme: Option<&'static str>,
    kind: VerdictKind,
    reason: &'a str,
    hint: Option<&'a str>,
    secret_index: Option<usize>,
    age_secs: Option<i64>,
}
