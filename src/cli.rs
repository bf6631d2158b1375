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

// Doc comments in this file are `--help` text, written for a terminal, not rustdoc.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::styling::{AnsiColor, Effects, Styles};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::secret::Secret;
use crate::signing::Scheme;

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

const LISTEN_EXIT_CODES: &str = "\
Exit codes:
  0  stopped by Ctrl-C, or (CI mode) every expectation met and every signature valid
  1  (CI mode) an expectation not met, an invalid signature, or --timeout reached
  2  usage or I/O error, e.g. the port is in use
  130 interrupted before CI expectations were met";

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

/// What `-h` says instead of listing the global options under every command.
const GLOBAL_NOTE: &str =
    "Global options (-v, -q, --color, --json, --no-progress, --config): see --help";

/// The command line as clap sees it, with two adjustments the derive cannot express:
/// - an error's usage line is the command's general one (clap's default echoes the flags that
///   were given as if they were required, e.g. `ocw send --to <URL> --secret <SECRET>`);
/// - every command's `-h` ends with [`GLOBAL_NOTE`] instead of the global options block.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let mut built = Cli::command();
    built.build();
    adjust(Cli::command(), &built)
}

/// [`command`]'s adjustments for `cmd` and its subcommands; `built` is the same command, built,
/// whose general usage lines are taken.
fn adjust(cmd: clap::Command, built: &clap::Command) -> clap::Command {
    let mut usage_of = built.clone();
    let usage = usage_of.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).to_owned();
    let mut cmd = cmd.override_usage(usage);
    if cmd.get_after_help().is_none() {
        cmd = cmd.after_help(GLOBAL_NOTE);
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let Some(built_sub) = built.find_subcommand(&name) else {
            continue;
        };
        let built_sub = built_sub.clone();
        cmd = cmd.mut_subcommand(&name, |sub| adjust(sub, &built_sub));
    }
    cmd
}

/// Parse the process's arguments (exits with clap's message and code on a usage error).
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Flags every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// More diagnostics on stderr (-v info, -vv debug, -vvv trace; RUST_LOG wins)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Global options", hide_short_help = true)]
    pub verbose: u8,

    /// Less chatter on stderr (-q: results only, -qq: nothing but the exit code)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = "Global options", hide_short_help = true, conflicts_with = "verbose")]
    pub quiet: u8,

    /// When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = "Global options", hide_short_help = true)]
    pub color: ColorChoice,

    /// Machine-readable JSON on stdout (NDJSON for streams) and nothing else there
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        hide_short_help = true
    )]
    pub json: bool,

    /// Never draw progress bars (send's storms draw one on a terminal)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        hide_short_help = true
    )]
    pub no_progress: bool,

    /// Webhook config file, for send, retry and config (default: ./ocw.yaml, then the user
    /// config dir's ocw/ocw.yaml)
    #[arg(
        long,
        global = true,
        env = "OCW_CONFIG",
        value_name = "FILE",
        help_heading = "Global options",
        hide_short_help = true
    )]
    pub config: Option<PathBuf>,
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

// Order: the everyday loop first (send, then the tools to check signatures), then the
// receiver's own check (`test`, after `listen`), then the bridge to the Gateway (a service like
// `listen`), then the catalog, then the offline tour, then shell plumbing.
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
    /// An event sent to several configured webhooks goes out as the same body (one
    /// `conversation_id`), each webhook signing it with its own secret; webhooks not subscribed
    /// to it are listed as skipped. `--all` sends the events in the order of a conversation.
    ///
    /// Examples:
    ///   ocw send lead.qualified --to :3000/webhooks     # http://127.0.0.1:3000/webhooks
    ///   ocw send --all --to "$URL"
    ///   ocw send message.received --to "$URL" --set message.text='hi there' --unset user.username
    ///   ocw send lead.qualified --to "$URL" --dry-run   # print the request, send nothing
    ///   ocw send lead.qualified --to "$URL" --curl      # the same request as a curl command
    ///   ocw send lead.qualified --to "$URL" --tamper signature   # must be rejected (4xx)
    ///   ocw send lead.qualified --to "$URL" --count 1000 --concurrency 16
    ///   ocw send lead.qualified                  # every webhook in ocw.yaml subscribed to it
    ///   ocw send lead.qualified --retry --speed 100   # failed deliveries follow the retry policy
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
    /// headers with -H (the scheme is detected: ocw, GitHub, Stripe, Standard Webhooks/Svix,
    /// Slack, Shopify). When the signature does not match, ocw tries the
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

    /// Play one delivery under OpenClaw's retry policy (30 s, 5 min, 30 min, then failed)
    ///
    /// Attempt 1 goes at once; a non-2xx answer, a connection error or no answer within
    /// --timeout is retried after each delay of --schedule; after the last failure the delivery
    /// is marked failed. --speed divides every delay so CI can play the whole policy in seconds;
    /// the output shows both the policy time and the real time. Every attempt sends the same
    /// bytes and signature, plus an informational `x-ocw-attempt: K` header.
    ///
    /// Examples:
    ///   ocw retry lead.qualified --to http://127.0.0.1:3000/hook --speed 100
    ///   ocw listen :3000 --fail-first 2 &  ocw retry --to http://127.0.0.1:3000/ --speed 100
    ///   ocw retry --webhook crm-lead-capture --schedule 1s,2s --json
    #[command(after_long_help = EXIT_CODES, verbatim_doc_comment)]
    Retry(RetryArgs),

    /// Send recorded requests again, byte for byte (from `listen --record` or `listen --json`)
    ///
    /// Each selected request goes to --to with its body and headers as recorded, minus the
    /// connection's own headers and the ones the record redacted (credentials: add them back
    /// with -H). When --to has no path of its own (`--to :4000`), the recorded path and query
    /// are kept. Signature headers go as they were, so a receiver that checks timestamps may
    /// reject an old one (ocw says so before sending); --re-sign signs each body anew, with a
    /// fresh timestamp, with --secret / OCW_SECRET / the --webhook's secret. Lines that are not
    /// request records, and requests that never arrived whole, are skipped with a warning that
    /// names the line. Only POST requests are replayed.
    ///
    /// Examples:
    ///   ocw listen :3000 --record hooks.ndjson          # record what arrives
    ///   ocw replay hooks.ndjson --to :4000              # everything, to another receiver
    ///   ocw replay hooks.ndjson --to :4000 --seq 3,7
    ///   ocw replay hooks.ndjson --to :4000 --event 'lead.*' --last 1
    ///   ocw replay hooks.ndjson --webhook staging --re-sign
    #[command(after_long_help = EXIT_CODES, verbatim_doc_comment)]
    Replay(ReplayArgs),

    /// Check or create the webhook config file (the article's `webhooks:` block)
    Config(ConfigArgs),

    /// Receive webhooks locally: pretty-print, verify, record, forward, script answers
    ///
    /// Binds loopback only unless you name a host (`0.0.0.0:3000` exposes it, with a warning).
    /// Every request is shown with its number `#N`, event, conversation id, signature verdict,
    /// duplicate markers and the answer ocw gave, in lines that fit the terminal (COLUMNS, else
    /// 80 when not a terminal); more than 20 requests within 2 s switch to one line per request
    /// (--compact). --json prints one JSON object per request instead.
    /// A request is answered only once it is shown (and recorded): when stdout is not read,
    /// the listener holds new requests back instead of buffering them. Everything a peer
    /// sends is shown with control characters escaped, and credentials redacted.
    ///
    /// Examples:
    ///   ocw listen                          # http://127.0.0.1:3000, accept everything
    ///   ocw listen :4000 --secret "$SECRET" --reject-invalid
    ///   ocw listen 0 --ready-file url.txt --json --record run.ndjson
    ///   ocw listen --fail-first 2           # every delivery fails twice, then succeeds
    ///   ocw listen --forward-to http://127.0.0.1:8080/webhooks
    ///   ocw listen --compact --event 'lead.*' # one line per lead event, others hidden
    ///   ocw listen --expect lead.qualified --timeout 30s --secret "$SECRET"   # CI gate
    ///   OCW_TOKEN=... ocw listen :4000 --openclaw-cron   # OpenClaw cron deliveries
    #[command(after_long_help = LISTEN_EXIT_CODES, verbatim_doc_comment)]
    Listen(ListenArgs),

    /// Run a conformance suite against a webhook receiver, and say what it gets wrong
    ///
    /// Sends a battery of deliveries to URL, one at a time, each signed with --secret in the
    /// --scheme's headers, and grades every answer: correctly signed deliveries of every event
    /// type, pretty-printed JSON and JSON escapes (which a receiver that hashes re-serialized
    /// JSON refuses) must get 2xx; wrong, truncated, missing, another body's or another
    /// secret's signatures, stale or future timestamps, malformed JSON, an empty body and a
    /// 5 MiB body must get 4xx (not 5xx); a retry of the same delivery must get 2xx again, and
    /// with --effects be processed once; the receiver must still answer at the end. Each
    /// failure is explained. Only URL is contacted; redirects are not followed.
    ///
    /// Cases are small YAML files (`ocw test --list` names them); --cases DIR adds your own
    /// (the built-in ones are the format's examples: see the README).
    ///
    /// Examples:
    ///   ocw test http://127.0.0.1:3000/webhooks --secret "$SECRET"
    ///   ocw test :3000/webhooks --scheme stripe --secret "$STRIPE_SECRET"
    ///   ocw test --webhook crm-lead-capture            # URL, secret, headers from ocw.yaml
    ///   ocw test "$URL" --only 'valid-event/*' --skip oversized-body
    ///   ocw test "$URL" --effects 'psql -tAc "select count(*) from processed"'
    ///   ocw test "$URL" --junit ocw-test.xml --json > ocw-test.ndjson
    ///   ocw test --list
    #[command(after_long_help = TEST_EXIT_CODES, verbatim_doc_comment)]
    Test(TestArgs),

    /// Bridge a WebSocket relay to the OpenClaw Gateway (start, run, stop, restart, status)
    ///
    /// The bridge connects to your relay (`webhook_url`, with `?uid=<uid>` added) and to the
    /// local OpenClaw Gateway (found from openclaw.json), turns every user message from the relay
    /// into an agent run, and streams the reply back as `progress` frames and one `complete` or
    /// `error` frame. Settings live in bridge.json; `start` runs the bridge in the background.
    ///
    /// Examples:
    ///   ocw bridge start webhook_url=ws://127.0.0.1:8080/ws
    ///   ocw bridge status
    ///   ocw bridge run --json                  # foreground, one JSON status event per line
    ///   ocw bridge restart session_scope=global
    ///   ocw bridge stop
    ///
    /// `ocw bridge start --help` lists every setting.
    #[command(verbatim_doc_comment, after_long_help = bridge_files_help(BRIDGE_EXIT_CODES))]
    Bridge(BridgeArgs),

    /// Call the Gateway's inbound hooks: an agent turn, a wake, or a mapped hook
    ///
    /// POSTs to a real OpenClaw Gateway's HTTP hooks (`hooks.enabled: true` in openclaw.json):
    /// `agent` submits an agent turn and prints its run id, `wake` queues a system event for the
    /// main session, `post` sends JSON to a mapped hook (`hooks.mappings`). The Gateway's URL and
    /// the hooks token are found like the bridge finds the Gateway: openclaw.json
    /// (`gateway.port`, `hooks.path`, `hooks.token`; $OPENCLAW_CONFIG_PATH, else
    /// $OPENCLAW_STATE_DIR or ~/.openclaw), then OPENCLAW_GATEWAY_URL/_PORT, then --url and
    /// --token/--token-file/OCW_HOOKS_TOKEN. The request is checked before it is sent, and every
    /// status the Gateway documents is explained with what to change. The token is never printed.
    ///
    /// Examples:
    ///   ocw hook agent "Summarize the nightly import" --agent main --no-deliver
    ///   ocw hook agent "Check the build" --wait            # waits for the run's completion
    ///   ocw hook wake "Deploy finished" --mode next-heartbeat
    ///   ocw hook post github --data @push.json
    ///   ocw hook agent "hi" --url http://gw.example:18789 --token-file ~/.hooks-token --json
    #[command(verbatim_doc_comment, after_long_help = EXIT_CODES)]
    Hook(HookArgs),

    /// Drive TaskFlow records through the Gateway's webhooks plugin
    ///
    /// The bundled webhooks plugin (`plugins.entries.webhooks`) gives each configured route an
    /// HTTP endpoint that takes one TaskFlow action per request, authenticated by the route's
    /// shared secret (`Authorization: Bearer`; the plugin takes no HMAC signature). ACTION is one
    /// of the plugin's actions; fields are FIELD=VALUE (a string; numbers and booleans are
    /// converted where the action wants them) or FIELD:=JSON, plus --flow-id, --revision and
    /// --data. Fields are checked against the plugin's schema before sending. --route names a
    /// route of openclaw.json (its path and secret are read from there) or is the route's URL.
    ///
    /// Actions: create_flow (goal=), get_flow, list_flows, find_latest_flow, resolve_flow
    /// (token=), get_task_summary, set_waiting, resume_flow, finish_flow, fail_flow,
    /// request_cancel (these five need --revision), cancel_flow, run_task (runtime=, task=).
    ///
    /// Examples:
    ///   ocw taskflow create_flow goal="Review inbound queue" --route zapier
    ///   ocw taskflow get_flow --flow-id "$FLOW" --route zapier
    ///   ocw taskflow finish_flow --flow-id "$FLOW" --revision 1 stateJson:='{"done":true}' --route zapier
    ///   ocw taskflow list_flows --route https://gw.example/plugins/webhooks/zapier --secret-file s.txt
    #[command(verbatim_doc_comment, after_long_help = EXIT_CODES)]
    Taskflow(TaskflowArgs),

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

/// Where `send` and `retry` deliver, and what they add to the request: an endpoint URL or a
/// configured webhook, the signing secret, extra headers.
#[derive(Debug, Args)]
#[command(next_help_heading = "Destination")]
pub struct TargetArgs {
    /// Endpoint URL to POST to
    ///
    /// `:3000/hook` (or `3000/hook`) means http://127.0.0.1:3000/hook, and a URL without a
    /// scheme is http:// (`localhost:3000/hook`), as with xh and `ocw listen`. Without --to or
    /// --webhook, `send` delivers to every configured webhook subscribed to the event.
    #[arg(long, value_name = "URL", env = "OCW_URL", hide_env_values = true, value_parser = parse_http_url)]
    pub to: Option<url::Url>,

    /// Deliver to this configured webhook: its URL, secret and headers (see `ocw config check`)
    #[arg(long, value_name = "NAME", conflicts_with = "to")]
    pub webhook: Option<String>,

    /// Extra request header, `Name: value` (repeatable)
    ///
    /// A signature header you set (x-openclaw-signature, or another scheme's) is sent as given,
    /// with a note: to test how your receiver treats a signature of your choosing.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<HeaderArg>,

    #[command(flatten)]
    pub secret: SecretArgs,
}

/// Where the signing secret comes from.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Signing")]
pub struct SecretArgs {
    /// Signing secret (prefer OCW_SECRET or --secret-file: argv is visible to other users)
    #[arg(
        long,
        env = "OCW_SECRET",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub secret: Option<Secret>,

    /// Read the signing secret from a file (one trailing newline is stripped; wins over
    /// --secret and OCW_SECRET)
    // No `conflicts_with = "secret"`: clap counts OCW_SECRET from the environment as given, so a
    // user with it exported could not pass a file at all.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
}

/// The secrets a signature is checked against: a key ring, valid if any of them matches.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Verification")]
pub struct KeyRingArgs {
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
#[command(group(clap::ArgGroup::new("scenario_source").args(["scenario", "scenario_file"])))]
pub struct SendArgs {
    /// Event types to send (see `ocw events`)
    #[arg(value_name = "EVENT", required_unless_present_any = ["all", "data", "raw_body", "scenario", "scenario_file"])]
    pub events: Vec<String>,

    /// Send every event type of the catalog
    #[arg(long, conflicts_with = "events")]
    pub all: bool,

    #[command(flatten)]
    pub target: TargetArgs,

    /// Give up on an answer after this long (e.g. 500ms, 5s)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration, help_heading = "Destination")]
    pub timeout: Duration,

    /// Send each event this many times, each with its own conversation_id (a webhook storm)
    #[arg(long, short = 'n', value_name = "N", default_value_t = 1, value_parser = |s: &str| whole_number(s, 1, u64::MAX), help_heading = "Storm")]
    pub count: u64,

    /// Deliveries in flight at once during a storm (1 to 10000)
    #[arg(long, short = 'c', value_name = "C", default_value_t = 1, value_parser = |s: &str| whole_number(s, 1, MAX_CONCURRENCY), help_heading = "Storm")]
    pub concurrency: u64,

    /// Retry failed deliveries under the retry policy (--schedule, --speed), webhooks in parallel
    #[arg(long, conflicts_with = "count", help_heading = "Retry policy")]
    pub retry: bool,

    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Print the request instead of sending it: method, URL, every header, the body bytes
    ///
    /// Shows exactly what would go on the wire, the signature included (it is not the secret,
    /// and it only fits this body). Credential headers (Authorization, API keys, cookies, from
    /// -H or the config) and credentials in the URL are shown as [redacted] unless
    /// --show-secrets is given. The body is printed byte for byte when stdout is not a terminal;
    /// on a terminal, control characters are escaped. With --count, the first delivery is shown.
    #[arg(long, help_heading = "Inspect and test")]
    pub dry_run: bool,

    /// Print an equivalent curl command instead of sending (implies --dry-run)
    ///
    /// The command is shell-quoted and sends the body with --data-binary, so the bytes (and so
    /// the signature) are exact; a body curl cannot take as an argument is piped in with printf.
    /// Credential headers are redacted as with --dry-run unless --show-secrets is given.
    #[arg(long, help_heading = "Inspect and test")]
    pub curl: bool,

    /// With --dry-run or --curl: print credential headers and URL credentials as sent
    #[arg(long, help_heading = "Inspect and test")]
    pub show_secrets: bool,

    /// Send a deliberately wrong delivery, to test the receiver's rejection path
    ///
    /// `signature`: a wrong x-openclaw-signature for the body; `body`: the body changed (one
    /// byte) after signing; `timestamp`: the payload's `timestamp` an hour old, correctly signed
    /// (a receiver with a replay window rejects it). A correct receiver answers 4xx: that counts
    /// as success (exit 0), and any other answer as a failure (exit 1). To send a signature of
    /// your own instead, pass it with -H 'x-openclaw-signature: VALUE': ocw sends it as given.
    #[arg(
        long,
        value_enum,
        value_name = "WHAT",
        conflicts_with = "retry",
        help_heading = "Inspect and test"
    )]
    pub tamper: Option<TamperArg>,

    /// Send a built-in scenario: a conversation's events in order, one conversation_id,
    /// timestamps advancing step by step (`ocw events scenarios` lists them)
    #[arg(long, value_name = "NAME", conflicts_with_all = ["events", "all", "scenario_file", "count", "data", "raw_body", "set", "unset"], help_heading = "Scenarios")]
    pub scenario: Option<String>,

    /// Send a scenario from a YAML file (copy one with `ocw events scenarios NAME > my.yaml`)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["events", "all", "count", "data", "raw_body", "set", "unset"], help_heading = "Scenarios")]
    pub scenario_file: Option<PathBuf>,

    /// Wait this long between deliveries (real time; the payloads' timestamps follow the
    /// scenario's own steps)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Scenarios")]
    pub gap: Option<Duration>,

    /// Send the scenario's deliveries in a shuffled order (timestamps unchanged): ordering test
    #[arg(long, requires = "scenario_source", help_heading = "Scenarios")]
    pub shuffle: bool,

    /// Send N of the scenario's deliveries twice, the same bytes, as retries do: idempotency test
    #[arg(
        long,
        value_name = "N",
        requires = "scenario_source",
        help_heading = "Scenarios"
    )]
    pub duplicate: Option<usize>,

    /// The seed for --shuffle and --duplicate (default: a random one, printed so a run can be
    /// repeated)
    #[arg(
        long,
        value_name = "N",
        requires = "scenario_source",
        help_heading = "Scenarios"
    )]
    pub seed: Option<u64>,

    #[command(flatten)]
    pub payload: PayloadArgs,
}

/// The most deliveries a storm keeps in flight at once.
pub const MAX_CONCURRENCY: u64 = 10_000;

/// What `send --tamper` gets wrong on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TamperArg {
    /// A wrong signature for the body
    Signature,
    /// The body changed after signing
    Body,
    /// The payload's timestamp an hour old, correctly signed
    Timestamp,
}

/// A whole number from `min` to `max`, refused in words: clap's own range check says
/// `0 is not in 1..18446744073709551615`.
pub fn whole_number(s: &str, min: u64, max: u64) -> Result<u64, String> {
    let allowed = if max == u64::MAX {
        format!("must be at least {min}")
    } else {
        format!("must be from {min} to {max}")
    };
    match s.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(_) => Err(allowed),
        Err(_) => Err(format!("not a whole number; {allowed}")),
    }
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The body to sign (`-` or nothing for stdin)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// Signature scheme to produce (ocw, github, stripe, standard-webhooks, slack, shopify)
    #[arg(long, value_name = "SCHEME", default_value = "ocw")]
    pub scheme: Scheme,

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

    #[command(flatten)]
    pub keys: KeyRingArgs,

    /// The x-openclaw-signature value
    #[arg(long, value_name = "SIG", required_unless_present = "headers")]
    pub signature: Option<String>,

    /// A request header, `Name: value` (repeatable); the scheme is detected from them
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<HeaderArg>,

    /// Force a scheme instead of detecting it
    #[arg(long, value_name = "SCHEME")]
    pub scheme: Option<Scheme>,

    /// Accepted clock difference for timestamped schemes (Stripe, Standard Webhooks, Slack)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub tolerance: Duration,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the config and print its webhooks (secrets redacted)
    Check,
    /// Write a commented example config (mode 0600)
    ///
    /// Writes to PATH, else --config / OCW_CONFIG, else ./ocw.yaml. Refuses to overwrite an
    /// existing file unless --force.
    Init {
        /// Where to write it
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
}

const TEST_EXIT_CODES: &str = "\
Exit codes:
  0  every required case passed (warnings allowed)
  1  a required case failed
  2  usage, configuration or I/O error, e.g. no secret, an unknown case name, a bad case file";

/// `ocw test`: the receiver, how to sign for it, which cases, and the reports.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The receiver's URL (`:3000/hook` means http://127.0.0.1:3000/hook)
    #[arg(value_name = "URL", value_parser = parse_http_url, required_unless_present_any = ["webhook", "list"])]
    pub url: Option<url::Url>,

    /// Test this configured webhook: its URL, secret and headers (see `ocw config check`)
    #[arg(long, value_name = "NAME", conflicts_with = "url")]
    pub webhook: Option<String>,

    /// Extra request header, `Name: value` (repeatable), e.g. the receiver's own auth
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<HeaderArg>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// Signature scheme the receiver verifies (ocw, github, stripe, standard-webhooks, slack, shopify)
    #[arg(long, value_name = "SCHEME", default_value = "ocw", value_parser = parse_test_scheme, help_heading = "Signing")]
    pub scheme: Scheme,

    /// Run only the cases these names or patterns select (`*`, `?`; repeatable or comma-separated)
    #[arg(
        long,
        value_name = "CASE",
        value_delimiter = ',',
        help_heading = "Cases"
    )]
    pub only: Vec<String>,

    /// Leave out the cases these names or patterns select (repeatable or comma-separated)
    #[arg(
        long,
        value_name = "CASE",
        value_delimiter = ',',
        help_heading = "Cases"
    )]
    pub skip: Vec<String>,

    /// Add the cases in this folder (one *.yaml file each; repeatable)
    #[arg(long = "cases", value_name = "DIR", help_heading = "Cases")]
    pub cases: Vec<PathBuf>,

    /// List the cases (for --scheme) instead of running them
    #[arg(long, help_heading = "Cases")]
    pub list: bool,

    /// Each request's time limit: the sender's (OpenClaw waits 5 s)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration, help_heading = "Limits")]
    pub timeout: Duration,

    /// The whole run's time limit; cases not started by then fail
    #[arg(long, value_name = "DURATION", default_value = "2m", value_parser = parse_duration, help_heading = "Limits")]
    pub budget: Duration,

    /// A command that prints how many deliveries the receiver has processed
    ///
    /// Run through the shell before and after each case that expects an effect (or none): a
    /// valid delivery must add exactly one, a refused one none, and a retry of a delivery
    /// nothing more. Its first word must be a whole number.
    #[arg(long, value_name = "CMD", help_heading = "Effects")]
    pub effects: Option<String>,

    /// How long the effects count may take to grow after an answer (work done after answering)
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = parse_duration, requires = "effects", help_heading = "Effects")]
    pub effects_wait: Duration,

    /// Also write the results as a JUnit XML report to FILE, for CI test reporters
    #[arg(long, value_name = "FILE", help_heading = "Reports")]
    pub junit: Option<PathBuf>,
}

/// A scheme `ocw test` signs with (not the OpenClaw webhooks plugin's: it is not an OpenClaw
/// scheme).
fn parse_test_scheme(s: &str) -> Result<Scheme, String> {
    let known = crate::conformance::case::SCHEMES;
    Scheme::from_name(s)
        .filter(|scheme| known.contains(&scheme.name()))
        .ok_or_else(|| format!("unknown scheme {s:?}; expected one of {}", known.join(", ")))
}

const BRIDGE_EXIT_CODES: &str = "\
Exit codes:
  0  success (status: the bridge is running)
  1  negative answer: start: already running; stop and status: not running
  2  usage or configuration error, e.g. no webhook_url, a bad URL or an unknown setting";

const BRIDGE_RUN_EXIT_CODES: &str = "\
Exit codes:
  0  stopped by SIGINT or SIGTERM (Ctrl-C)
  2  usage or configuration error, e.g. no webhook_url, a bad URL or an unknown setting";

/// The settings table, files and environment shown under the bridge commands' `--help`, built
/// from the one table of keys so the help never disagrees with what is accepted.
pub fn bridge_help_footer(exit_codes: &str) -> String {
    use std::fmt::Write;
    let mut s =
        String::from("Settings (bridge.json keys; KEY=VALUE saves one, KEY= removes it):\n");
    for k in crate::bridge::config::KEYS {
        let _ = writeln!(s, "  {:<21} {}", k.name, k.help);
    }
    s.push('\n');
    s.push_str(&bridge_files_help(exit_codes));
    s
}

/// Files, environment and exit codes of the bridge commands.
pub fn bridge_files_help(exit_codes: &str) -> String {
    let mut s = String::from(
        "Files, in $OPENCLAW_STATE_DIR (default ~/.openclaw, created 0700):
  bridge.json    the settings (0600; keys ocw does not know are kept)
  bridge.pid     the background bridge's process id
  bridge.log     the background bridge's output (metadata only unless -v)
  bridge.status.json    the running bridge's last relay and Gateway event (for status)
  bridge-sessions.json  the sessions the bridge used, for session.list (0600)
  bridge-identity.json  the device key the Gateway pairs, when device_auth needs one (0600)
  openclaw.json  OpenClaw's config ($OPENCLAW_CONFIG_PATH): gateway.port, gateway.auth

Environment (overrides openclaw.json): OPENCLAW_GATEWAY_URL, OPENCLAW_GATEWAY_PORT,
OPENCLAW_GATEWAY_TOKEN, OPENCLAW_GATEWAY_PASSWORD.

",
    );
    s.push_str(exit_codes);
    s
}

#[derive(Debug, Args)]
pub struct BridgeArgs {
    #[command(subcommand)]
    pub command: BridgeCommand,
}

// Order: the everyday pair (start, run), then stop, restart and status, as `--help` lists them.
#[derive(Debug, Subcommand)]
pub enum BridgeCommand {
    /// Save the settings, then run the bridge in the background
    ///
    /// KEY=VALUE pairs and flags are saved to bridge.json first (a UID is generated the first
    /// time), then the bridge is started as a background process (`ocw bridge run`) with its pid
    /// in bridge.pid and its output in bridge.log. Prints the bridge's UID, and on a terminal a
    /// QR code of {"uid":..,"wsUrl":..} for a client app to scan. Never prompts: a missing
    /// webhook_url is an error.
    ///
    /// Examples:
    ///   ocw bridge start webhook_url=ws://127.0.0.1:8080/ws
    ///   ocw bridge start webhook_url=wss://relay.example.com/ws agent_id=ops
    ///   ocw bridge start --webhook-url wss://relay.example.com/ws --session-scope global
    ///   ocw bridge start                       # again, with the saved settings
    #[command(verbatim_doc_comment, after_long_help = bridge_help_footer(BRIDGE_EXIT_CODES))]
    Start(BridgeSettingsArgs),

    /// Run the bridge in the foreground until Ctrl-C or SIGTERM
    ///
    /// Uses bridge.json; KEY=VALUE pairs and flags, when given, are saved there first. Status
    /// events (connected, disconnected, rejected with a hint, stopped) go to stderr, or to stdout
    /// as one JSON object per line with --json, e.g.
    /// {"event":"gateway_connected","url":"ws://127.0.0.1:18789/","protocol":4,...}.
    /// Connection failures are retried forever with backoff; only a bad configuration ends it.
    ///
    /// Examples:
    ///   ocw bridge run
    ///   ocw bridge run webhook_url=ws://127.0.0.1:8080/ws --json
    ///   ocw -v bridge run                      # also log message text (never secrets)
    #[command(
        verbatim_doc_comment,
        after_long_help = bridge_help_footer(BRIDGE_RUN_EXIT_CODES)
    )]
    Run(BridgeSettingsArgs),

    /// Stop the background bridge (SIGTERM, then wait up to 10 s)
    ///
    /// Signals only a process that really is the ocw bridge recorded in bridge.pid; a stale pid
    /// file naming another process is removed without signalling anything.
    ///
    /// Examples:
    ///   ocw bridge stop
    #[command(verbatim_doc_comment, after_long_help = BRIDGE_EXIT_CODES)]
    Stop,

    /// Save the settings, stop the background bridge (if running) and start it again
    ///
    /// Examples:
    ///   ocw bridge restart
    ///   ocw bridge restart frames=gateway
    #[command(verbatim_doc_comment, after_long_help = bridge_help_footer(BRIDGE_EXIT_CODES))]
    Restart(BridgeSettingsArgs),

    /// Tell whether the background bridge is running (exit 0) or not (exit 1), and how it is doing
    ///
    /// The first line is the verdict: "Running (PID n), connected", "..., connecting", or
    /// "..., not connected: relay refused; Gateway rejected (AUTH_TOKEN_MISMATCH)". Then one line
    /// per side ("connected since ...", "never connected; last try ...", "disconnected since ...
    /// (was connected at ...)"), with a hint when ocw knows what to do about it.
    /// With --json: {"running":true,"pid":1234,"log":"...","config":"...","uid":"...",
    /// "webhook_url":"...","relay":{...},"gateway":{...}} (the last event of each side, as
    /// `run --json` prints it, plus "at"; never a Gateway secret).
    ///
    /// Examples:
    ///   ocw bridge status
    ///   ocw bridge status --json
    #[command(verbatim_doc_comment, after_long_help = BRIDGE_EXIT_CODES)]
    Status,

    /// Print the background bridge's log (bridge.log in the state dir)
    ///
    /// Text from the relay and the Gateway in it is shown escaped. With -f, new lines are printed
    /// as they are written, until Ctrl-C or the bridge stops.
    ///
    /// Examples:
    ///   ocw bridge logs
    ///   ocw bridge logs -n 20
    ///   ocw bridge logs -f
    #[command(verbatim_doc_comment)]
    Logs(BridgeLogsArgs),
}

/// `ocw bridge logs` options.
#[derive(Debug, Clone, Args)]
pub struct BridgeLogsArgs {
    /// Keep printing new lines as they are written (until Ctrl-C or the bridge stops)
    #[arg(short = 'f', long)]
    pub follow: bool,

    /// Only the last N lines
    #[arg(short = 'n', long, value_name = "N")]
    pub lines: Option<usize>,
}

/// Settings for `bridge start|run|restart`, saved to bridge.json: any key as KEY=VALUE, the
/// common ones also as flags (a flag wins over the same key given as KEY=VALUE).
#[derive(Debug, Clone, Args)]
pub struct BridgeSettingsArgs {
    /// Settings to save first, e.g. webhook_url=ws://127.0.0.1:8080/ws (keys listed below)
    #[arg(value_name = "KEY=VALUE", value_parser = crate::bridge::config::parse_assignment)]
    pub set: Vec<crate::bridge::config::Assignment>,

    /// The relay's WebSocket URL, ws:// or wss:// (webhook_url=)
    #[arg(long, value_name = "URL", value_parser = |s: &str| crate::bridge::config::assign("webhook_url", s), help_heading = "Settings")]
    pub webhook_url: Option<crate::bridge::config::Assignment>,

    /// The OpenClaw agent that answers (agent_id=; default main)
    #[arg(long, value_name = "ID", value_parser = |s: &str| crate::bridge::config::assign("agent_id", s), help_heading = "Settings")]
    pub agent_id: Option<crate::bridge::config::Assignment>,

    /// This bridge's room on the relay, 16+ characters (uid=; default: generated once)
    #[arg(long, value_name = "UID", value_parser = |s: &str| crate::bridge::config::assign("uid", s), help_heading = "Settings")]
    pub uid: Option<crate::bridge::config::Assignment>,

    /// How messages without a `session` are keyed (session_scope=)
    #[arg(long, value_name = "SCOPE", value_parser = ["per-sender", "global", "explicit"], help_heading = "Settings")]
    pub session_scope: Option<String>,

    /// What is sent back to the relay: progress/complete/error, or raw Gateway events (frames=)
    #[arg(long, value_name = "FORMAT", value_parser = ["legacy", "gateway"], help_heading = "Settings")]
    pub frames: Option<String>,
}

/// Where the Gateway's HTTP side is, and how long to wait for it (hook and taskflow).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Gateway")]
pub struct GatewayHttpArgs {
    /// The Gateway's URL (default: 127.0.0.1 and the port of openclaw.json or OPENCLAW_GATEWAY_PORT)
    ///
    /// `:18789` means http://127.0.0.1:18789. A URL with a path is taken as the hooks base
    /// (`http://gw:18789/hooks`); without one, `hooks.path` from openclaw.json (default /hooks)
    /// is appended.
    #[arg(long, value_name = "URL", env = "OCW_GATEWAY_HTTP_URL", value_parser = parse_http_url)]
    pub url: Option<url::Url>,

    /// Give up when the whole answer has not arrived after this long (default 30s; 10m with --wait)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
}

/// The hooks token: flag, env or file (else `hooks.token` in openclaw.json).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Gateway")]
pub struct HookTokenArgs {
    /// The hooks token (prefer OCW_HOOKS_TOKEN or --token-file: argv is visible to other users)
    #[arg(
        long,
        env = "OCW_HOOKS_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<Secret>,

    /// Read the hooks token from a file (one trailing newline is stripped; wins over --token
    /// and OCW_HOOKS_TOKEN, which may just be exported)
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HookArgs {
    #[command(subcommand)]
    pub command: HookCommand,
}

// Order: the two direct endpoints the Gateway documents first (agent, then wake), then mapped
// hooks.
#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Submit an agent turn (POST <hooks>/agent) and print its run id
    ///
    /// The Gateway answers once the run is admitted (up to 15 s), not when it is done; --wait
    /// keeps the request open until the run settles and prints its completion (status, whether
    /// the reply was visible, delivery facts; never the reply text). Each request carries an
    /// Idempotency-Key (generated unless given, and printed), so sending it again with the same
    /// key and message replays the same run instead of starting another.
    ///
    /// Examples:
    ///   ocw hook agent "Summarize the nightly import" --agent main --no-deliver
    ///   ocw hook agent "Check the build" --wait --json
    ///   ocw hook agent "Post the summary" --channel telegram --to -1001234567890
    ///   ocw hook agent "retry me" --idempotency-key import-2026-11-29
    #[command(verbatim_doc_comment, after_long_help = EXIT_CODES)]
    Agent(HookAgentArgs),

    /// Queue a system event for the agent's main session (POST <hooks>/wake)
    ///
    /// Prints whether the wake was queued or coalesced with an identical pending one. `--mode now`
    /// (the default) also asks for an immediate heartbeat; the answer does not mean it ran.
    ///
    /// Examples:
    ///   ocw hook wake "Deploy finished"
    ///   ocw hook wake "Nightly report ready" --mode next-heartbeat --agent main
    #[command(verbatim_doc_comment, after_long_help = EXIT_CODES)]
    Wake(HookWakeArgs),

    /// POST a JSON object to a mapped hook (POST <hooks>/NAME, see hooks.mappings)
    ///
    /// Examples:
    ///   ocw hook post github --data @push.json
    ///   echo '{"source":"ci","status":"green"}' | ocw hook post ci --data -
    #[command(verbatim_doc_comment, after_long_help = EXIT_CODES)]
    Post(HookPostArgs),
}

/// `isolated` or `persistent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SessionModeArg {
    /// A fresh run session every time (the Gateway's default)
    Isolated,
    /// Reuse the session of --session-key (needs hooks.allowRequestSessionKey)
    Persistent,
}

/// `now` or `next-heartbeat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WakeModeArg {
    /// Right away
    Now,
    /// At the next scheduled heartbeat
    NextHeartbeat,
}

#[derive(Debug, Args)]
pub struct HookAgentArgs {
    /// What the agent is asked (the hook's `message`; `-` reads it from stdin)
    #[arg(value_name = "MESSAGE")]
    pub message: String,

    /// The configured agent that runs it (`agentId`; must pass hooks.allowedAgentIds)
    #[arg(long, value_name = "ID")]
    pub agent: Option<String>,

    /// A label for logs and completion events (`name`; the Gateway's default is "Hook")
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// The logical session key (`sessionKey`; needs hooks.allowRequestSessionKey: true)
    #[arg(long, value_name = "KEY")]
    pub session_key: Option<String>,

    /// Fresh session or reuse (`sessionMode`)
    #[arg(long, value_name = "MODE", value_enum)]
    pub session_mode: Option<SessionModeArg>,

    /// Announce the result (`deliver: true`, the Gateway's default)
    #[arg(long, overrides_with = "no_deliver")]
    pub deliver: bool,

    /// Do not announce a successful result (`deliver: false`; completion is logged only)
    #[arg(long, overrides_with = "deliver")]
    pub no_deliver: bool,

    /// Deliver to this channel id (`channel`; needs --to)
    #[arg(long, value_name = "CHANNEL", help_heading = "Delivery")]
    pub channel: Option<String>,

    /// The recipient on --channel (`to`; needs --channel)
    #[arg(long, value_name = "RECIPIENT", help_heading = "Delivery")]
    pub to: Option<String>,

    /// The channel account (`accountId`; needs --channel and --to)
    #[arg(long, value_name = "ID", help_heading = "Delivery")]
    pub account: Option<String>,

    /// Model id or alias for this run (`model`)
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,

    /// Thinking level for this run (`thinking`)
    #[arg(long, value_name = "LEVEL")]
    pub thinking: Option<String>,

    /// The agent turn's timeout in whole seconds (`timeoutSeconds`)
    #[arg(long, value_name = "N")]
    pub timeout_seconds: Option<u64>,

    /// When completion events wake the agent (`wakeMode`)
    #[arg(long, value_name = "MODE", value_enum)]
    pub wake_mode: Option<WakeModeArg>,

    /// Wait for the run to settle and print its completion (`waitForCompletion: true`)
    #[arg(long)]
    pub wait: bool,

    /// Replay key: the same key and message give the same run (default: a fresh ocw-<ulid>)
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,

    #[command(flatten)]
    pub token: HookTokenArgs,

    #[command(flatten)]
    pub gateway: GatewayHttpArgs,
}

#[derive(Debug, Args)]
pub struct HookWakeArgs {
    /// The notification text (the wake's `text`, `-` for stdin; keep it short and trusted)
    #[arg(value_name = "TEXT")]
    pub text: String,

    /// Heartbeat now (default) or at the next scheduled one (`mode`)
    #[arg(long, value_name = "MODE", value_enum)]
    pub mode: Option<WakeModeArg>,

    /// The configured agent whose main session gets it (`agentId`)
    #[arg(long, value_name = "ID")]
    pub agent: Option<String>,

    /// Another session (`sessionKey`; needs --mode now and hooks.allowRequestSessionKey)
    #[arg(long, value_name = "KEY")]
    pub session_key: Option<String>,

    #[command(flatten)]
    pub token: HookTokenArgs,

    #[command(flatten)]
    pub gateway: GatewayHttpArgs,
}

#[derive(Debug, Args)]
pub struct HookPostArgs {
    /// The mapping's path below hooks.path (`github` posts to /hooks/github)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The JSON object to send: inline JSON, @FILE, or - for stdin
    #[arg(long, value_name = "JSON|@FILE|-")]
    pub data: String,

    /// Replay key for the agent runs it starts (sent as Idempotency-Key)
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,

    #[command(flatten)]
    pub token: HookTokenArgs,

    #[command(flatten)]
    pub gateway: GatewayHttpArgs,
}

#[derive(Debug, Args)]
pub struct TaskflowArgs {
    /// The plugin action
    #[arg(value_name = "ACTION", value_parser = clap::builder::PossibleValuesParser::new(crate::hooks::taskflow::ACTION_NAMES), hide_possible_values = true)]
    pub action: String,

    /// Action fields: FIELD=VALUE (string, converted for numbers and booleans) or FIELD:=JSON
    #[arg(value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,

    /// The route: an id of plugins.entries.webhooks.config.routes, or its http(s):// URL
    #[arg(long, value_name = "ID|URL", env = "OCW_TASKFLOW_ROUTE")]
    pub route: String,

    /// The flow (`flowId`)
    #[arg(long, value_name = "ID")]
    pub flow_id: Option<String>,

    /// The revision you last saw (`expectedRevision`, for set_waiting, resume_flow, finish_flow, fail_flow, request_cancel)
    #[arg(long, value_name = "N")]
    pub revision: Option<u64>,

    /// Fields as a JSON object: inline JSON, @FILE, or - for stdin (FIELD=VALUE pairs win)
    #[arg(long, value_name = "JSON|@FILE|-")]
    pub data: Option<String>,

    /// The route secret (prefer OCW_TASKFLOW_SECRET or --secret-file: argv is visible to other users)
    #[arg(
        long,
        env = "OCW_TASKFLOW_SECRET",
        hide_env_values = true,
        value_name = "SECRET",
        help_heading = "Gateway"
    )]
    pub secret: Option<Secret>,

    /// Read the route secret from a file (one trailing newline is stripped; wins over --secret
    /// and OCW_TASKFLOW_SECRET, which may just be exported)
    #[arg(long, value_name = "FILE", help_heading = "Gateway")]
    pub secret_file: Option<PathBuf>,

    #[command(flatten)]
    pub gateway: GatewayHttpArgs,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("destination").args(["to", "webhook"]).required(true)))]
pub struct RetryArgs {
    /// The event to deliver
    #[arg(value_name = "EVENT", default_value = "lead.qualified")]
    pub event: String,

    #[command(flatten)]
    pub target: TargetArgs,

    /// An attempt with no answer after this long counts as failed (real time, not scaled)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration, help_heading = "Destination")]
    pub timeout: Duration,

    #[command(flatten)]
    pub policy: PolicyArgs,

    #[command(flatten)]
    pub payload: PayloadArgs,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("destination").args(["to", "webhook"]).required(true)))]
pub struct ReplayArgs {
    /// The record file: `listen --record` NDJSON or `listen --json` output (`-` for stdin)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    #[command(flatten)]
    pub target: TargetArgs,

    /// Give up on an answer after this long (e.g. 500ms, 5s)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration, help_heading = "Destination")]
    pub timeout: Duration,

    /// Only the requests with these sequence numbers (`--seq 3,7` or repeated)
    #[arg(
        long,
        value_name = "N",
        value_delimiter = ',',
        help_heading = "Selection"
    )]
    pub seq: Vec<u64>,

    /// Only requests whose event matches (`*` and `?`, e.g. 'lead.*'; repeatable)
    #[arg(long, value_name = "PATTERN", help_heading = "Selection")]
    pub event: Vec<String>,

    /// Only the last N of the requests selected
    #[arg(long, value_name = "N", help_heading = "Selection")]
    pub last: Option<usize>,

    /// Sign each body anew (fresh timestamp) instead of sending the recorded signature
    #[arg(long, help_heading = "Signing")]
    pub re_sign: bool,

    /// The scheme --re-sign signs with (default: the one the request was signed with, else ocw)
    #[arg(
        long,
        value_name = "SCHEME",
        requires = "re_sign",
        help_heading = "Signing"
    )]
    pub scheme: Option<Scheme>,

    /// Warn before sending a recorded signature whose timestamp is older than this
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration, help_heading = "Signing")]
    pub tolerance: Duration,
}

/// The retry policy's knobs, shared by `retry` and `send --retry`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Retry policy")]
pub struct PolicyArgs {
    /// Delays before each retry, in policy time
    #[arg(long, value_name = "DELAYS", default_value = "30s,5m,30m", value_parser = parse_schedule)]
    pub schedule: Schedule,

    /// Divide every delay by N (e.g. 100 plays 30s/5m/30m as 0.3s/3s/18s)
    #[arg(long, value_name = "N", default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f64,
}

/// Retry delays, e.g. `30s,5m,30m`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule(pub Vec<Duration>);

/// `30s,5m,30m`: at least one delay, each as [`parse_duration`] reads it.
pub fn parse_schedule(s: &str) -> Result<Schedule, String> {
    if s.trim().is_empty() {
        return Err("the schedule needs at least one delay, e.g. 30s,5m,30m".into());
    }
    s.split(',')
        .map(|part| parse_duration(part.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map(Schedule)
}

fn parse_speed(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!(
            "{s:?} is not a positive speed factor (e.g. 1, 60, 100)"
        )),
    }
}

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Address to bind: `:3000`, `3000` and `127.0.0.1:3000` are loopback; port 0 picks one
    #[arg(value_name = "ADDR", default_value = "127.0.0.1:3000", value_parser = parse_listen_addr)]
    pub addr: ListenAddr,

    #[command(flatten)]
    pub keys: KeyRingArgs,

    /// Expect `Authorization: Bearer T` or `x-openclaw-token: T` (what OpenClaw cron deliveries send)
    #[arg(
        long,
        env = "OCW_TOKEN",
        hide_env_values = true,
        value_name = "T",
        help_heading = "Verification"
    )]
    pub token: Option<Secret>,

    /// Print the openclaw.json snippet that lets a Gateway's cron jobs deliver here
    ///
    /// OpenClaw refuses loopback webhook targets unless cron.webhookSsrfPolicy.allowedHostnames
    /// lists the host; the snippet does, and sets cron.webhookToken from OCW_TOKEN (the token
    /// --token checks), then shows the commands that create a job with webhook delivery and run
    /// it at once. Deliveries are shown as `cron ok "JOB"` with the job's outcome, summary,
    /// duration, session and delivery facts.
    #[arg(long, help_heading = "Verification")]
    pub openclaw_cron: bool,

    /// Answer 401 to a bad signature or token instead of accepting and flagging it (and 400 to
    /// an empty body)
    #[arg(long, help_heading = "Verification")]
    pub reject_invalid: bool,

    /// Accepted clock difference for timestamped signature schemes
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration, help_heading = "Verification")]
    pub tolerance: Duration,

    /// Status code to answer with
    #[arg(long, value_name = "CODE", default_value_t = 200, value_parser = |s: &str| whole_number(s, 100, 599).map(|n| n as u16), help_heading = "Scripted responses")]
    pub status: u16,

    /// Wait this long before answering (e.g. 6s to look like a handler over the 5 s limit)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Scripted responses")]
    pub delay: Option<Duration>,

    /// Answer 500 to the first N attempts of each delivery (same body bytes), then normally
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0,
        help_heading = "Scripted responses"
    )]
    pub fail_first: u32,

    /// Answer 500 to this fraction of requests at random (0.0 to 1.0; see --seed)
    #[arg(long, value_name = "P", value_parser = parse_probability, help_heading = "Scripted responses")]
    pub fail_rate: Option<f64>,

    /// Seed for --fail-rate, for a repeatable sequence
    #[arg(
        long,
        value_name = "N",
        requires = "fail_rate",
        help_heading = "Scripted responses"
    )]
    pub seed: Option<u64>,

    /// Answer this status to this event, `EVENT=CODE` (repeatable)
    #[arg(long, value_name = "EVENT=CODE", value_parser = parse_respond, help_heading = "Scripted responses")]
    pub respond: Vec<(String, u16)>,

    /// Append every request to this file as NDJSON (exact body, redacted headers), flushed
    /// before the answer is sent
    #[arg(long, value_name = "FILE", help_heading = "Record and forward")]
    pub record: Option<PathBuf>,

    /// Forward each request byte-exact to your app and pass its status back (502 if it is down)
    #[arg(long, value_name = "URL", value_parser = parse_http_url, help_heading = "Record and forward")]
    pub forward_to: Option<url::Url>,

    /// In --json and --record, always give the body as base64 (default: text when it is UTF-8)
    #[arg(long, help_heading = "Record and forward")]
    pub base64_body: bool,

    /// Exit once N requests have arrived
    #[arg(long, value_name = "N", help_heading = "CI mode")]
    pub exit_after: Option<u64>,

    /// Give up after this long (exit 1 unless expectations are met)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "CI mode")]
    pub timeout: Option<Duration>,

    /// An event that must arrive (repeatable); without --exit-after, exit once all have
    #[arg(long, value_name = "EVENT", help_heading = "CI mode")]
    pub expect: Vec<String>,

    /// Write the listener's URL to this file once it is ready
    #[arg(long, value_name = "PATH", help_heading = "CI mode")]
    pub ready_file: Option<PathBuf>,

    /// Largest body accepted (bigger ones get 413), e.g. 1MiB, 512KiB, 65536
    #[arg(long, value_name = "SIZE", default_value = "1MiB", value_parser = parse_size, help_heading = "Limits")]
    pub max_body: usize,

    /// Accept webhooks only on this path (others get 404)
    #[arg(long, value_name = "PATH", help_heading = "Limits")]
    pub path: Option<String>,

    /// Also know the events of this fixtures folder (one <event>.json each) in --expect, --respond, --event
    #[arg(
        long,
        env = "OCW_FIXTURES",
        value_name = "DIR",
        help_heading = "CI mode"
    )]
    pub fixtures: Option<PathBuf>,

    /// One line per request (switched on by itself when more than 20 requests arrive within 2 s)
    #[arg(long, overrides_with = "no_compact", help_heading = "Display")]
    pub compact: bool,

    /// Always show requests in full, however fast they arrive
    #[arg(long, overrides_with = "compact", help_heading = "Display")]
    pub no_compact: bool,

    /// Do not show bodies (the record and --json keep them)
    #[arg(long, help_heading = "Display")]
    pub no_body: bool,

    /// Serve a web inspector of the requests (live list, detail, diff, replay) on its own port
    ///
    /// `--ui` alone: loopback and a port the OS picks, printed at start. `--ui=ADDR` (same
    /// forms as the listener's ADDR) to choose; an address other than loopback exposes the
    /// history and replay to other machines.
    #[arg(
        long,
        value_name = "ADDR",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "127.0.0.1:0",
        value_parser = parse_listen_addr,
        help_heading = "Inspector"
    )]
    pub ui: Option<ListenAddr>,

    /// Requests the inspector keeps (oldest evicted first)
    #[arg(long, value_name = "N", default_value_t = crate::inspector::DEFAULT_HISTORY, value_parser = |s: &str| whole_number(s, 1, 1_000_000).map(|n| n as usize), requires = "ui", help_heading = "Inspector")]
    pub ui_history: usize,

    /// Body bytes the inspector keeps, all requests together (oldest evicted first)
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size, requires = "ui", help_heading = "Inspector")]
    pub ui_body_budget: usize,

    /// Show only requests whose event matches, e.g. `lead.*` (repeatable; `*` and `?` match)
    ///
    /// Only what is shown: every request is still answered, recorded and counted in the
    /// summary, which says how many were not shown. Applies to --json request lines too.
    #[arg(long = "event", value_name = "PATTERN", value_parser = parse_event_pattern, help_heading = "Display")]
    pub events: Vec<String>,
}

/// An `--event` pattern: an event name, with `*` and `?` wildcards.
fn parse_event_pattern(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("an empty pattern matches no event; e.g. lead.* or message.sent".into());
    }
    Ok(t.to_owned())
}

/// Where `ocw listen` binds, and whether the user asked for a non-loopback host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListenAddr {
    pub addr: std::net::SocketAddr,
    pub exposed: bool,
}

/// `:3000`, `3000`, `127.0.0.1:3000`, `localhost:3000`, `0.0.0.0:3000`, `[::1]:3000`.
pub fn parse_listen_addr(s: &str) -> Result<ListenAddr, String> {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};
    let t = s.trim();
    let port_of = |p: &str| {
        p.parse::<u16>()
            .map_err(|_| format!("invalid port {p:?} in {s:?} (expected 0-65535)"))
    };
    let loopback = |port| SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port);
    if let Some(port) = t.strip_prefix(':') {
        return Ok(ListenAddr {
            addr: loopback(port_of(port)?),
            exposed: false,
        });
    }
    if !t.contains(':') {
        return Ok(ListenAddr {
            addr: loopback(port_of(t)?),
            exposed: false,
        });
    }
    if let Some(port) = t.strip_prefix("localhost:") {
        return Ok(ListenAddr {
            addr: loopback(port_of(port)?),
            exposed: false,
        });
    }
    let addr: SocketAddr = t.parse().map_err(|_| {
        format!("invalid address {s:?} (expected :3000, 3000, 127.0.0.1:3000 or 0.0.0.0:3000)")
    })?;
    Ok(ListenAddr {
        exposed: !addr.ip().is_loopback(),
        addr,
    })
}

fn parse_probability(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("{s:?} is not a probability between 0.0 and 1.0")),
    }
}

fn parse_respond(s: &str) -> Result<(String, u16), String> {
    let (event, code) = s
        .split_once('=')
        .ok_or_else(|| format!("expected EVENT=CODE, got {s:?}"))?;
    let code: u16 = code
        .trim()
        .parse()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .ok_or_else(|| format!("invalid status code in {s:?} (expected 100-599)"))?;
    if event.trim().is_empty() {
        return Err(format!("missing event name in {s:?}"));
    }
    Ok((event.trim().to_string(), code))
}

/// Sizes like `1MiB`, `512KiB`, `64kb`, `1048576` ([`crate::units::parse_size`]).
pub fn parse_size(s: &str) -> Result<usize, String> {
    crate::units::parse_size(s)
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
    /// List the built-in scenarios, or print one's YAML to copy and extend
    ///
    /// Examples:
    ///   ocw events scenarios
    ///   ocw events scenarios lead-funnel > my-funnel.yaml
    ///   ocw send --scenario-file my-funnel.yaml --to :3000/hook
    #[command(verbatim_doc_comment)]
    Scenarios {
        /// The scenario to print
        #[arg(value_name = "NAME")]
        name: Option<String>,
    },
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
        if !crate::delivery::request::header_name_ok(name) {
            return Err(format!("{name:?} is not a valid header name (in {s:?})"));
        }
        Ok(Self {
            name: name.to_string(),
            value: value.trim().to_string(),
        })
    }
}

/// An `http://` or `https://` URL, with the shorthands of xh (and of `listen`'s addresses):
/// `:3000/hook` and `3000/hook` mean http://127.0.0.1:3000/hook, and a URL without a scheme
/// is `http://` (`localhost:3000/hook`, `example.com/hook`). The one URL parser of `send`,
/// `retry` and `listen --forward-to`.
pub fn parse_http_url(s: &str) -> Result<url::Url, String> {
    const EXPECTED: &str =
        "expected a URL such as http://127.0.0.1:3000/webhooks, or :3000/webhooks for 127.0.0.1";
    let t = s.trim();
    let authority = t.split('/').next().unwrap_or_default();
    let full = if t.contains("://") {
        t.to_owned()
    } else if let Some(rest) = t.strip_prefix(':') {
        format!("http://127.0.0.1:{rest}")
    } else if !authority.is_empty() && authority.bytes().all(|b| b.is_ascii_digit()) {
        format!("http://127.0.0.1:{t}")
    } else if authority.contains('@') || authority.is_empty() {
        // `mailto:a@b` would otherwise read as user info: spell such URLs out.
        return Err(format!("{s:?} is not an http:// URL ({EXPECTED})"));
    } else {
        format!("http://{t}")
    };
    let url = url::Url::parse(&full).map_err(|e| format!("{e} in {s:?} ({EXPECTED})"))?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(url),
        "http" | "https" => Err(format!("no host in {s:?} ({EXPECTED})")),
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
    fn listen_addresses() {
        let a = parse_listen_addr(":3000").unwrap();
        assert_eq!(a.addr.to_string(), "127.0.0.1:3000");
        assert!(!a.exposed);
        assert_eq!(parse_listen_addr("3000").unwrap(), a);
        assert_eq!(parse_listen_addr("127.0.0.1:3000").unwrap(), a);
        assert_eq!(parse_listen_addr("localhost:3000").unwrap(), a);
        assert_eq!(parse_listen_addr("0").unwrap().addr.port(), 0);
        assert!(parse_listen_addr("0.0.0.0:3000").unwrap().exposed);
        assert!(!parse_listen_addr("[::1]:3000").unwrap().exposed);
        assert!(
            parse_listen_addr("99999")
                .unwrap_err()
                .contains("invalid port")
        );
        assert!(parse_listen_addr("nope:1:2").is_err());
    }

    #[test]
    fn sizes_and_scripted_values() {
        assert_eq!(parse_size("1MiB").unwrap(), 1 << 20);
        assert_eq!(parse_size("512KiB").unwrap(), 512 << 10);
        assert_eq!(parse_size("100").unwrap(), 100);
        assert!(parse_size("1 parsec").is_err());
        assert_eq!(
            parse_respond("lead.qualified=503").unwrap(),
            ("lead.qualified".into(), 503)
        );
        assert!(parse_respond("lead.qualified").is_err());
        assert!(parse_respond("x=700").is_err());
        assert!(parse_probability("1.5").is_err());
        assert_eq!(parse_probability("0.25").unwrap(), 0.25);
    }

    #[test]
    fn schedules() {
        let s = |v: &[u64]| Schedule(v.iter().map(|x| Duration::from_secs(*x)).collect());
        assert_eq!(parse_schedule("30s,5m,30m").unwrap(), s(&[30, 300, 1800]));
        assert_eq!(parse_schedule("1, 2").unwrap(), s(&[1, 2]));
        assert!(parse_schedule("").is_err());
        assert!(parse_schedule("30s,,5m").is_err());
        assert!(parse_schedule("soon").is_err());
        assert!(parse_speed("0").is_err());
        assert_eq!(parse_speed("100").unwrap(), 100.0);
    }

    #[test]
    fn url_shorthands() {
        let u = |s: &str| parse_http_url(s).map(|u| u.to_string());
        assert_eq!(u(":3000/hook").unwrap(), "http://127.0.0.1:3000/hook");
        assert_eq!(u("3000/hook").unwrap(), "http://127.0.0.1:3000/hook");
        assert_eq!(u(":3000").unwrap(), "http://127.0.0.1:3000/");
        assert_eq!(
            u("localhost:3000/hook").unwrap(),
            "http://localhost:3000/hook"
        );
        assert_eq!(
            u("127.0.0.1:3000/h?a=1").unwrap(),
            "http://127.0.0.1:3000/h?a=1"
        );
        assert_eq!(u("example.com/hook").unwrap(), "http://example.com/hook");
        assert_eq!(u("https://example.com/h").unwrap(), "https://example.com/h");
        assert!(
            u("ftp://example.com/")
                .unwrap_err()
                .contains("unsupported scheme")
        );
        assert!(u("mailto:a@b").unwrap_err().contains("not an http:// URL"));
        assert!(u(":99999/hook").unwrap_err().contains("expected a URL"));
        assert!(u("").is_err() && u("http://").is_err());
    }

    #[test]
    fn whole_numbers_say_what_is_allowed() {
        assert_eq!(whole_number("3", 1, u64::MAX), Ok(3));
        assert_eq!(
            whole_number("0", 1, u64::MAX).unwrap_err(),
            "must be at least 1"
        );
        assert_eq!(
            whole_number("10001", 1, 10_000).unwrap_err(),
            "must be from 1 to 10000"
        );
        assert_eq!(
            whole_number("many", 1, 10).unwrap_err(),
            "not a whole number; must be from 1 to 10"
        );
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
