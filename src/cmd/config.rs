//! `ocw config check|init`: validate the webhook config and show it (secrets redacted), or
//! write a commented example.

use std::path::PathBuf;

use colored::Colorize;

use super::Ctx;
use crate::cli::{ConfigArgs, ConfigCommand};
use crate::exit::ExitStatus;
use crate::webhooks;

pub async fn run(args: ConfigArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    match args.command {
        ConfigCommand::Check => check(ctx),
        ConfigCommand::Init { path, force } => init(ctx, path, force),
    }
}

fn check(ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let cfg = ctx.require_webhook_config()?;
    if p.json() {
        p.out_json(&crate::output::Tagged {
            kind: "config",
            value: &cfg.redacted(),
        })?;
        return Ok(ExitStatus::Success);
    }
    p.info(format!(
        "{} {} ({} webhook{})",
        "ok:".green().bold(),
        cfg.path.display(),
        cfg.webhooks.len(),
        if cfg.webhooks.len() == 1 { "" } else { "s" }
    ));
    for hook in cfg.redacted().webhooks {
        // A config file is outside input too: its text is escaped for the terminal.
        let text = crate::sanitize::line;
        p.out(format!("{}  {}", text(hook.name).bold(), text(&hook.url)))?;
        let events: Vec<_> = hook.events.iter().map(|e| text(e)).collect();
        p.out(format!("  events   {}", events.join(", ")))?;
        let secret = match hook.secret {
            None => "none (unsigned)",
            Some(_) => "set",
        };
        p.out(format!("  secret   {secret}"))?;
        for (name, value) in &hook.headers {
            p.out(format!(
                "  header   {}: {}",
                crate::sanitize::shown(name),
                crate::sanitize::shown(value.as_str().unwrap_or(""))
            ))?;
        }
    }
    Ok(ExitStatus::Success)
}

fn init(ctx: &Ctx, path: Option<PathBuf>, force: bool) -> anyhow::Result<ExitStatus> {
    let path = path
        .or_else(|| ctx.config_path.clone())
        .unwrap_or_else(|| PathBuf::from("ocw.yaml"));
    webhooks::write_example(&path, force)?;
    ctx.printer.info(format!(
        "{} wrote {} (mode 0600); set WEBHOOK_SECRET and CRM_API_KEY or edit it, then run `ocw config check`",
        "ok:".green().bold(),
        path.display()
    ));
    Ok(ExitStatus::Success)
}
