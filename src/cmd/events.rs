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
        Some(EventsCommand::Scenarios { name }) => {
            scenarios(name.as_deref(), args.fixtures.as_ref(), ctx)
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

/// `ocw events scenarios [NAME]`: the built-in scenarios, or one's YAML (to copy and extend).
fn scenarios(
    name: Option<&str>,
    fixtures: Option<&std::path::PathBuf>,
    ctx: &Ctx,
) -> anyhow::Result<ExitStatus> {
    use crate::payload::scenario;
    let p = &ctx.printer;
    let catalog = catalog(fixtures)?;
    if let Some(name) = name
        && !p.json()
    {
        p.out_bytes(scenario::text(name)?.as_bytes())?;
        return Ok(ExitStatus::Success);
    }
    let names: Vec<&str> = match name {
        Some(name) => {
            scenario::text(name)?;
            vec![name]
        }
        None => scenario::names(),
    };
    let mut all = Vec::new();
    for name in names {
        all.push(scenario::parse(
            name,
            name,
            scenario::text(name)?,
            &catalog,
        )?);
    }
    if p.json() {
        let list: Vec<ScenarioJson<'_>> = all
            .iter()
            .map(|s| ScenarioJson {
                kind: "scenario",
                name: &s.name,
                description: &s.description,
                steps: s.steps.iter().map(|st| st.event.as_str()).collect(),
            })
            .collect();
        p.out_json(&list)?;
        return Ok(ExitStatus::Success);
    }
    let width = all.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for s in &all {
        p.out(format!(
            "{}  {} ({} steps)",
            format!("{:<width$}", s.name).bold(),
            s.description,
            s.steps.len()
        ))?;
    }
    p.info(format!(
        "\n{} `ocw send --scenario NAME --to URL` sends one; `ocw events scenarios NAME > my.yaml` copies one to extend",
        "tip:".dimmed()
    ));
    Ok(ExitStatus::Success)
}

/// One entry of `ocw events scenarios --json` (an array of them).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct ScenarioJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
    description: &'a str,
    /// The events, in order.
    steps: Vec<&'a str>,
}
