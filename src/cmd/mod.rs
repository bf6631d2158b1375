//! One module per subcommand: each turns parsed arguments into calls on the domain modules and
//! results into output. Shared plumbing for them (reading inputs, secrets, building payloads)
//! lives here so every command reads files and secrets the same way.

pub mod bridge;
pub mod completions;
pub mod config;
pub mod demo;
pub mod events;
pub mod hook;
pub mod listen;
pub mod replay;
pub mod report;
pub mod retry;
pub mod send;
pub mod shapes;
pub mod sign;
pub mod taskflow;
pub mod test;
pub mod verify;

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use bytes::Bytes;
use serde_json::Value;

use crate::cli::{HeaderArg, KeyRingArgs, PayloadArgs, SecretArgs, TargetArgs};
use crate::output::Printer;
use crate::payload::{self, Catalog, Stamp, Template, TemplateBody};
use crate::secret::Secret;
use crate::webhooks::{Webhook, WebhookConfig};

/// What every command gets besides its own arguments.
pub struct Ctx {
    pub printer: Printer,
    /// `--config` / `OCW_CONFIG`, when given.
    pub config_path: Option<PathBuf>,
}

impl Ctx {
    /// The webhook config: the explicit file (which must exist), else `./ocw.yaml`, else the
    /// user config dir's `ocw/ocw.yaml`; `None` when there is none.
    pub fn webhook_config(&self) -> anyhow::Result<Option<WebhookConfig>> {
        let cwd = std::env::current_dir().context("reading the current directory")?;
        let Some(path) = crate::webhooks::discover(self.config_path.as_deref(), &cwd) else {
            return Ok(None);
        };
        let catalog = Catalog::embedded();
        let known = catalog.names();
        let loaded = crate::webhooks::load(&path, &|k| std::env::var(k).ok(), &known)?;
        Ok(Some(loaded))
    }

    /// Like [`Ctx::webhook_config`], but a missing config is an error that says how to make one.
    pub fn require_webhook_config(&self) -> anyhow::Result<WebhookConfig> {
        self.webhook_config()?.ok_or_else(|| {
            anyhow::anyhow!(
                "no webhook config found (looked for --config, OCW_CONFIG, ./ocw.yaml and the user config dir); create one with `ocw config init` or pass --to URL"
            )
        })
    }
}

/// Where one delivery goes, with what secret and headers: from `--to` and flags, or from a
/// configured webhook (flags still override its secret and add headers).
#[derive(Debug, Clone)]
pub struct Target {
    pub url: url::Url,
    pub secret: Option<Secret>,
    /// `(name, value)` in sending order: the webhook's, then the flags'.
    pub headers: Vec<(String, String)>,
    pub webhook: Option<Webhook>,
}

impl Target {
    pub fn resolve(ctx: &Ctx, args: &TargetArgs) -> anyhow::Result<Self> {
        let flag_secret = args.secret.load()?;
        let headers = &args.headers;
        match (&args.to, &args.webhook) {
            (Some(url), _) => Ok(Self {
                url: url.clone(),
                secret: flag_secret,
                headers: header_pairs(headers).collect(),
                webhook: None,
            }),
            (None, Some(name)) => {
                let cfg = ctx.require_webhook_config()?;
                Ok(Self::from_webhook(cfg.webhook(name)?, flag_secret, headers))
            }
            (None, None) => bail!("pass --to URL, or --webhook NAME from the config"),
        }
    }

    /// Sending unsigned is allowed, but never silently.
    pub fn warn_if_unsigned(&self, p: &Printer) {
        if self.secret.is_none() {
            let whom = self
                .webhook
                .as_ref()
                .map(|w| format!(" to webhook {:?}", w.name))
                .unwrap_or_default();
            p.warn(format!(
                "no signing secret: sending unsigned{whom} (pass --secret, --secret-file or set OCW_SECRET)"
            ));
        }
    }

    /// A webhook named explicitly gets `event` even when not subscribed to it, but not silently.
    pub fn warn_if_unsubscribed(&self, p: &Printer, event: &str) {
        if let Some(hook) = &self.webhook
            && !hook.subscribes(event)
        {
            p.warn(format!(
                "webhook {:?} is not subscribed to {event}; delivering anyway (you named it)",
                hook.name
            ));
        }
    }

    /// The line that heads a webhook's results: `webhook NAME → URL`.
    pub fn heading(&self) -> String {
        use colored::Colorize;
        let name = self.webhook.as_ref().map(|w| w.name.as_str()).unwrap_or("");
        format!(
            "{} {} → {}",
            "webhook".dimmed(),
            crate::sanitize::shown(name).to_string().bold(),
            crate::redact::url(&self.url)
        )
    }

    /// Whether this target takes `event` (a `--to` URL takes everything).
    pub fn wants(&self, event: &str) -> bool {
        self.webhook.as_ref().is_none_or(|w| w.subscribes(event))
    }

    pub fn from_webhook(
        hook: &Webhook,
        flag_secret: Option<Secret>,
        headers: &[HeaderArg],
    ) -> Self {
        let mut all = hook.headers.clone();
        all.extend(header_pairs(headers));
        Self {
            url: hook.url.clone(),
            secret: flag_secret.or_else(|| hook.secret.clone()),
            headers: all,
            webhook: Some(hook.clone()),
        }
    }
}

/// `-H` flags as `(name, value)` pairs.
fn header_pairs(headers: &[HeaderArg]) -> impl Iterator<Item = (String, String)> + '_ {
    headers.iter().map(|h| (h.name.clone(), h.value.clone()))
}

/// Read FILE, or stdin for `-` / no argument. With no argument, a terminal on stdin is an
/// error (a person would wait on a silent prompt); `-` reads what they type, after a note.
/// Stdin is read on a blocking thread, so Ctrl-C still ends the command while it waits.
pub async fn read_input(path: Option<&Path>, p: &Printer) -> anyhow::Result<Vec<u8>> {
    use std::io::IsTerminal;
    match path {
        Some(path) if path != Path::new("-") => {
            std::fs::read(path).with_context(|| format!("reading {}", path.display()))
        }
        _ if !std::io::stdin().is_terminal() => read_stdin().await,
        Some(_) => {
            p.info(
                "reading the body from the terminal; end it with Ctrl-D (Ctrl-Z Enter on Windows)",
            );
            read_stdin().await
        }
        None => Err(crate::error_reporting::Hinted::error(
            "no body to read: stdin is a terminal",
            "give a FILE, pipe the body in (`cat body.json | ocw ...`), or pass `-` to type it",
        )),
    }
}

async fn read_stdin() -> anyhow::Result<Vec<u8>> {
    tokio::task::spawn_blocking(|| {
        let mut buf = Vec::new();
        std::io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
    })
    .await
    .context("reading stdin")?
    .context("reading stdin")
}

/// A credential from its flag (or env) or its file, with where it came from (for messages that
/// must name the source, never the value). The file wins: it is always given on purpose, while
/// the env variable may just be exported.
pub fn given_secret(
    flag: Option<&Secret>,
    file: Option<&Path>,
    flag_source: &str,
    file_flag: &str,
) -> anyhow::Result<Option<crate::hooks::GivenSecret>> {
    Ok(match (flag, file) {
        (_, Some(path)) => Some(crate::hooks::GivenSecret {
            secret: read_secret_file(path)?,
            source: format!("{file_flag} {}", path.display()),
        }),
        (Some(s), None) => Some(crate::hooks::GivenSecret {
            secret: s.clone(),
            source: flag_source.to_owned(),
        }),
        (None, None) => None,
    })
}

/// A secret from a file: the file's text with one trailing newline (LF or CRLF) removed, the
/// way `echo secret > file` writes it.
pub fn read_secret_file(path: &Path) -> anyhow::Result<Secret> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading secret file {}", path.display()))?;
    let text = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    if text.is_empty() {
        bail!("secret file {} is empty", path.display());
    }
    Ok(Secret::new(text))
}

impl SecretArgs {
    /// The secret from --secret-file, else --secret / OCW_SECRET, if any. The file wins: it is
    /// always given on purpose, while OCW_SECRET may just be exported in the shell.
    pub fn load(&self) -> anyhow::Result<Option<Secret>> {
        match (&self.secret, &self.secret_file) {
            (_, Some(path)) => read_secret_file(path).map(Some),
            (Some(s), None) if s.expose().is_empty() => {
                bail!("the signing secret is empty; pass --secret or set OCW_SECRET")
            }
            (Some(s), None) => Ok(Some(s.clone())),
            (None, None) => Ok(None),
        }
    }
}

impl KeyRingArgs {
    /// Every secret from --secret / OCW_SECRET and --secret-file, in order; none may be empty.
    pub fn load(&self) -> anyhow::Result<Vec<Secret>> {
        let mut secrets = self.secret.clone();
        for path in &self.secret_file {
            secrets.push(read_secret_file(path)?);
        }
        if let Some(empty) = secrets.iter().position(|s| s.expose().is_empty()) {
            bail!(
                "signing secret #{} is empty; pass a non-empty --secret or unset OCW_SECRET",
                empty + 1
            );
        }
        Ok(secrets)
    }
}

/// The catalog the user asked for: their folder, or the built-ins.
pub fn catalog(fixtures: Option<&PathBuf>) -> anyhow::Result<Catalog> {
    match fixtures {
        Some(dir) => Catalog::from_dir(dir).map_err(Into::into),
        None => Ok(Catalog::embedded()),
    }
}

/// Build the templates for `events` (or every event with `all`) from the payload options.
pub async fn templates(
    events: &[String],
    all: bool,
    args: &PayloadArgs,
    p: &Printer,
) -> anyhow::Result<Vec<Template>> {
    if let Some(path) = &args.raw_body {
        let bytes = Bytes::from(read_input(Some(path), p).await?);
        let label = |e: Option<&String>| {
            e.cloned()
                .or_else(|| payload::ids::inspect(&bytes).event)
                .unwrap_or_else(|| "(raw body)".into())
        };
        if events.is_empty() {
            return Ok(vec![Template {
                event: label(None),
                body: TemplateBody::Raw(bytes.clone()),
            }]);
        }
        return Ok(events
            .iter()
            .map(|e| Template {
                event: label(Some(e)),
                body: TemplateBody::Raw(bytes.clone()),
            })
            .collect());
    }

    let pinned = |field: &str| {
        args.set
            .iter()
            .filter_map(|a| a.split_once('='))
            .any(|(p, _)| p.trim() == field)
            || args.unset.iter().any(|p| p.trim() == field)
    };

    let sources: Vec<(String, Value, bool)> = if let Some(path) = &args.data {
        let bytes = read_input(Some(path), p).await?;
        let doc: Value = serde_json::from_slice(&bytes)
            .with_context(|| format!("--data {}: not valid JSON", path.display()))?;
        // Canonicalize once so --data gets exactly the JavaScript bytes (and errors early).
        payload::js::canonical_bytes(&bytes)
            .with_context(|| format!("--data {}", path.display()))?;
        let name = events
            .first()
            .cloned()
            .or_else(|| doc.get("event").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| "(data)".into());
        vec![(name, doc, false)]
    } else {
        let catalog = catalog(args.fixtures.as_ref())?;
        let names: Vec<String> = if all {
            catalog.names().into_iter().map(str::to_owned).collect()
        } else {
            events.to_vec()
        };
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let fixture = catalog.get(&name)?;
            out.push((fixture.event.clone(), fixture.payload.clone(), true));
        }
        out
    };

    let mut templates = Vec::with_capacity(sources.len());
    for (event, mut doc, stampable) in sources {
        for path in &args.unset {
            payload::edit::unset(&mut doc, path)?;
        }
        for assignment in &args.set {
            payload::edit::set(&mut doc, assignment)?;
        }
        let stamp = Stamp {
            timestamp: stampable && !pinned("timestamp"),
            conversation_id: stampable && !pinned("conversation_id"),
        };
        templates.push(Template::json(event, doc, stamp));
    }
    Ok(templates)
}

/// The policy from its flags.
pub fn policy(
    args: &crate::cli::PolicyArgs,
    timeout: std::time::Duration,
) -> crate::delivery::retry::Policy {
    crate::delivery::retry::Policy {
        schedule: args.schedule.0.clone(),
        speed: args.speed,
        timeout,
    }
}

/// SIGINT and SIGTERM (Ctrl-C alone off Unix), listened to for the whole run (a signal between
/// two waits is kept). Used by the long-running commands, `listen` and `bridge run`.
pub(crate) struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    pub(crate) fn install() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                int: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    pub(crate) async fn recv(&mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.term.recv() => {}
                _ = self.int.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// A `--data` value: inline JSON, `@FILE`, or `-` for stdin (hook post, taskflow).
pub async fn read_data_arg(arg: &str, p: &Printer) -> anyhow::Result<Vec<u8>> {
    if arg == "-" {
        return read_input(Some(Path::new("-")), p).await;
    }
    if let Some(path) = arg.strip_prefix('@') {
        return std::fs::read(path).with_context(|| format!("reading --data file {path}"));
    }
    Ok(arg.as_bytes().to_vec())
}
