//! The command-line surface: clap types only, no I/O and no network.
//!
//! clap conventions used here (so the help reads the same everywhere):
//! - doc comments are the help: the first line is the short help (no trailing period), the
//!   paragraph after it is the long help shown by `--help`;
//! - value names are upper-case nouns (`URL`, `FILE`, `SECRET`); `-` means stdin;
//! - every setting that can come from the environment names its `OCW_*` variable, and secrets
//!   hide their env values;
//! - values are parsed at the edge into typed values (`HeaderArg`, durations) with messages that
//!   name the expected syntax.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::styling::{AnsiColor, Effects, Styles};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::secret::Secret;

/// One palette for help output, shared by every command.
pub const STYLES: Styles = Styles::styled()
    .header(AnsiColor::Green.on_default().effects(Effects::BOLD))
    .usage(AnsiColor::Green.on_default().effects(Effects::BOLD))
    .literal(AnsiColor::Cyan.on_default().effects(Effects::BOLD))
    .placeholder(AnsiColor::Cyan.on_default());

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  negative result: invalid signature, a non-2xx answer, a timeout or a connection failure
  2  usage, configuration or I/O error
  130 interrupted (Ctrl-C)";

/// The OpenClaw webhooks toolkit: send, sign, verify and receive OpenClaw webhooks
///
/// ocw builds correctly signed sample webhooks for every OpenClaw event type, posts them to an
/// endpoint, and checks (and explains) signatures. Everything works offline: try `ocw demo`.
#[derive(Debug, Parser)]
#[command(name = "ocw", version, styles = STYLES, after_long_help = EXIT_CODES)]
#[command(propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Flags every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Global options")]
    pub verbose: u8,

    /// Less chatter on stderr (-q: results only, -qq: nothing but the exit code)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Global options", conflicts_with = "verbose")]
    pub quiet: u8,

    /// When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = "Global options")]
    pub color: ColorChoice,

    /// Machine-readable JSON on stdout (NDJSON for streams) and nothing else there
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,

    /// Never draw progress bars
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_progress: bool,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal and NO_COLOR is unset
    Auto,
    /// Always colour, even into a pipe
    Always,
    /// Never colour
    Never,
}

// Order: the everyday loop first (send, then the tools to check signatures), then the catalog,
// then the offline tour, then shell plumbing.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build, sign and POST sample webhooks to an endpoint
    ///
    /// Each delivery gets the event's sample payload with a fresh `timestamp` and
    /// `conversation_id` (pin them with --set), signed with HMAC-SHA256 in the
    /// `x-openclaw-signature` header. The body bytes are exactly what JavaScript's
    /// `JSON.stringify(JSON.parse(body))` produces, so both raw-body verifiers and the article's
    /// Express verifier accept them.
    ///
    /// Examples:
    ///   ocw send lead.qualified --to http://127.0.0.1:3000/webhooks --secret "$SECRET"
    ///   ocw send --all --to "$URL"
    ///   ocw send message.received --to "$URL" --set message.text='hi there' --unset user.username
    ///   ocw send lead.qualified --to "$URL" --count 1000 --concurrency 16
    #[command(after_long_help = EXIT_CODES, verbatim_doc_comment)]
    Send(SendArgs),

    /// Print the x-openclaw-signature value for a body
    ///
    /// Reads FILE (or stdin with `-` or no argument) and signs its exact bytes. With --scheme it
    /// prints the headers another scheme would send (one `name: value` per line).
    ///
    /// Examples:
    ///   ocw sign body.json --secret "$SECRET"
    ///   ocw events show lead.qualified --compact | ocw sign
    #[command(verbatim_doc_comment)]
    Sign(SignArgs),

    /// Check a webhook signature, and explain why one fails
    ///
    /// Give the signature with --signature (the x-openclaw-signature value), or the request's
    /// headers with -H (the scheme is detected: ocw, OpenClaw webhooks plugin, GitHub, Stripe,
    /// Standard Webhooks/Svix, Slack, Shopify). When the signature does not match, ocw tries the
    /// usual mistakes (re-serialized JSON, pretty vs compact, trailing newline, CRLF, `sha256=`
    /// prefix, upper-case hex, base64, whitespace around the secret) and says which one would
    /// have matched.
    ///
    /// Examples:
    ///   ocw verify body.json --secret "$SECRET" --signature 5d41402abc4b2a76...
    ///   ocw verify body.json --secret "$SECRET" -H 'X-Hub-Signature-256: sha256=7571...'
    ///   ocw verify - --secret old --secret new -H "x-openclaw-signature: $SIG" < body.json
    #[command(after_long_help = EXIT_CODES, verbatim_doc_comment)]
    Verify(VerifyArgs),

    /// List the webhook event types, or show one's payload
    Events(EventsArgs),

    /// Run an offline tour: a local receiver, every event sent signed and verified
    Demo(DemoArgs),

    /// Print a shell completion script
    ///
    /// Examples:
    ///   ocw completions bash > ~/.local/share/bash-completion/completions/ocw
    ///   ocw completions zsh > "${fpath[1]}/_ocw"
    ///   ocw completions fish > ~/.config/fish/completions/ocw.fish
    #[command(verbatim_doc_comment)]
    Completions(CompletionsArgs),
}

/// Where the signing secret comes from.
#[derive(Debug, Clone, Args)]
pub struct SecretArgs {
    /// Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)
    #[arg(
        long,
        env = "OCW_SECRET",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub secret: Option<Secret>,

    /// Read the signing secret from a file (one trailing newline is stripped)
    #[arg(long, value_name = "FILE", conflicts_with = "secret")]
    pub secret_file: Option<PathBuf>,
}

/// How the sample payload is chosen and edited.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Payload")]
pub struct PayloadArgs {
    /// Load event fixtures from this folder (one <event>.json each) instead of the built-ins
    #[arg(long, env = "OCW_FIXTURES", value_name = "DIR")]
    pub fixtures: Option<PathBuf>,

    /// Set a field: dot path, `[N]` indices; the value is JSON if it parses, else a string
    ///
    /// Missing objects on the way are created. Quote JSON strings to keep them strings:
    /// `--set 'user.id="42"'`. Setting `timestamp` or `conversation_id` pins them.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,

    /// Remove a field (dot path)
    #[arg(long = "unset", value_name = "PATH")]
    pub unset: Vec<String>,

    /// Use this JSON document as the payload instead of the fixture (`-` for stdin)
    ///
    /// The document is sent as given (re-serialized compactly), without a fresh timestamp or
    /// conversation id; --set and --unset still apply.
    #[arg(long, value_name = "FILE", conflicts_with = "raw_body")]
    pub data: Option<PathBuf>,

    /// Send this file's bytes untouched, whatever they are (no parsing, stamping or editing)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["set", "unset"])]
    pub raw_body: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Event types to send (see `ocw events`)
    #[arg(value_name = "EVENT", required_unless_present_any = ["all", "data", "raw_body"])]
    pub events: Vec<String>,

    /// Send every event type of the catalog
    #[arg(long, conflicts_with = "events")]
    pub all: bool,

    /// Endpoint URL to POST to
    #[arg(long, value_name = "URL", env = "OCW_URL", value_parser = parse_http_url)]
    pub to: url::Url,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// Extra request header, `Name: value` (repeatable)
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<HeaderArg>,

    /// Give up on an answer after this long (e.g. 500ms, 5s)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Send each event this many times, each with its own conversation_id (a webhook storm)
    #[arg(long, short = 'n', value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub count: u64,

    /// Deliveries in flight at once during a storm
    #[arg(long, short = 'c', value_name = "C", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub concurrency: u64,

    #[command(flatten)]
    pub payload: PayloadArgs,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The body to sign (`-` or nothing for stdin)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// Signature scheme to produce (ocw, openclaw-plugin, github, stripe, standard-webhooks, slack, shopify)
    #[arg(long, value_name = "SCHEME", default_value = "ocw")]
    pub scheme: String,

    /// Unix timestamp for timestamped schemes (default: now)
    #[arg(long, value_name = "UNIX")]
    pub timestamp: Option<i64>,

    /// Message id for Standard Webhooks (default: a fresh msg_ id)
    #[arg(long, value_name = "ID")]
    pub msg_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The body exactly as received (`-` or nothing for stdin)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Signing secret; repeat for key rotation (valid if any matches)
    #[arg(
        long,
        env = "OCW_SECRET",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub secret: Vec<Secret>,

    /// Read a signing secret from a file (repeatable; one trailing newline is stripped)
    #[arg(long, value_name = "FILE")]
    pub secret_file: Vec<PathBuf>,

    /// The x-openclaw-signature value
    #[arg(long, value_name = "SIG", required_unless_present = "headers")]
    pub signature: Option<String>,

    /// A request header, `Name: value` (repeatable); the scheme is detected from them
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<HeaderArg>,

    /// Force a scheme instead of detecting it
    #[arg(long, value_name = "SCHEME")]
    pub scheme: Option<String>,

    /// Accepted clock difference for timestamped schemes (Stripe, Standard Webhooks, Slack)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub tolerance: Duration,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, flatten_help = true)]
pub struct EventsArgs {
    #[command(subcommand)]
    pub command: Option<EventsCommand>,

    /// Load event fixtures from this folder instead of the built-ins
    #[arg(long, env = "OCW_FIXTURES", value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// List the event types with a one-line description (the default)
    List,
    /// Print the payload `ocw send` would send for an event
    ///
    /// Takes the same payload options as `send`, so you can preview an edit:
    ///   ocw events show lead.qualified --set lead_data.score=99
    #[command(verbatim_doc_comment)]
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The event type
    #[arg(value_name = "EVENT")]
    pub event: String,

    #[command(flatten)]
    pub payload: PayloadArgs,

    /// Print exactly the bytes that go on the wire instead of indented JSON
    ///
    /// No newline is added when stdout is not a terminal, so `> body.json` holds the exact body.
    #[arg(long)]
    pub compact: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A `Name: value` header given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderArg {
    pub name: String,
    pub value: String,
}

impl std::str::FromStr for HeaderArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, value) = s
            .split_once(':')
            .ok_or_else(|| format!("expected `Name: value`, got {s:?}"))?;
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(format!("{name:?} is not a valid header name (in {s:?})"));
        }
        Ok(Self {
            name: name.to_string(),
            value: value.trim().to_string(),
        })
    }
}

/// RFC 9110 token characters, the ones allowed in a header name.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// An absolute `http://` or `https://` URL.
pub fn parse_http_url(s: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(s).map_err(|e| {
        format!("{e} in {s:?} (expected an absolute URL such as http://127.0.0.1:3000/webhooks)")
    })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!(
            "unsupported scheme {other:?} in {s:?} (use http:// or https://)"
        )),
    }
}

/// Durations like `500ms`, `5s`, `2m`, `1h30m`; a bare number means seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if let Ok(secs) = t.parse::<f64>()
        && secs.is_finite()
        && secs >= 0.0
    {
        return Ok(Duration::from_secs_f64(secs));
    }
    humantime::parse_duration(t)
        .map_err(|e| format!("{e} in {s:?} (expected e.g. 500ms, 5s, 2m, 1h30m)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn header_parsing() {
        let h: HeaderArg = "Authorization: Bearer x:y".parse().unwrap();
        assert_eq!(h.name, "Authorization");
        assert_eq!(h.value, "Bearer x:y");
        assert!("no colon".parse::<HeaderArg>().is_err());
        assert!("bad name: v".parse::<HeaderArg>().is_err());
        assert!(": v".parse::<HeaderArg>().is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5s").unwrap(), Duration::from_secs(5));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2").unwrap(), Duration::from_secs(2));
        assert_eq!(parse_duration("0.5").unwrap(), Duration::from_millis(500));
        assert!(parse_duration("soon").unwrap_err().contains("expected"));
        assert!(parse_duration("-1").is_err());
    }
}
