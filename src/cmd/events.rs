//! `ocw events`: the catalog of event types, and the payload `send` would send for one.

use colored::Colorize;

use super::{Ctx, catalog, templates};
use crate::cli::{EventsArgs, EventsCommand, ShowArgs};
use crate::exit::ExitStatus;
use crate::payload;

pub async fn run(args: EventsArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    match args.command {
        None | Some(EventsCommand::List) => list(args.fixtures.as_ref(), ctx),
        Some(EventsCommand::Show(mut show)) => {
            show.payload.fixtures = show.payload.fixtures.or(args.fixtures);
            self::show(show, ctx).await
        }
    }
}

fn list(fixtures: Option<&std::path::PathBuf>, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let catalog = catalog(fixtures)?;
    if p.json() {
        let list: Vec<_> = catalog
            .fixtures()
            .iter()
            .map(|f| EventJson {
                kind: "event_type",
                event: &f.event,
                description: &f.description,
            })
            .collect();
        p.out_json(&list)?;
        return Ok(ExitStatus::Success);
    }
    let width = catalog.names().iter().map(|n| n.len()).max().unwrap_or(0);
    for f in catalog.fixtures() {
        let name = format!("{:<width$}", f.event);
        p.out(format!("{}  {}", name.bold(), f.description))?;
    }
    p.info(format!(
        "\n{} `ocw events show <event>` prints a payload; `ocw send <event> --to URL` sends it",
        "tip:".dimmed()
    ));
    Ok(ExitStatus::Success)
}

async fn show(args: ShowArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let template = templates(std::slice::from_ref(&args.event), false, &args.payload, p)
        .await?
        .pop()
        .expect("one event in, one template out");
    let rendered = template.render(jiff::Timestamp::now());
    if args.compact || p.json() || template.doc().is_none() {
        // The wire bytes, exactly; a newline only when a person is reading.
        p.out_bytes(&rendered.body)?;
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            p.out_bytes(b"\n")?;
        }
    } else {
        let value: serde_json::Value = serde_json::from_slice(&rendered.body)?;
        if p.color() {
            p.out(p.pretty_json(&value))?;
        } else {
            p.out_bytes(&payload::js::to_js_pretty(&value, 2))?;
            p.out_bytes(b"\n")?;
        }
    }
    Ok(ExitStatus::Success)
}

/// One entry of `ocw events --json` (an array of them).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct EventJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    event: &'a str,
    description: &'a str,
}
