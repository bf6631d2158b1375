//! The webhook config file: the YAML `webhooks:` block of docs/webhook-contract.md (section 4),
//! where it is found, how it is read and validated, and the example `ocw config init` writes.
//!
//! Reading happens in two steps. The YAML is parsed (with `serde-saphyr`) into a small tree of
//! nodes that remember their line, and that tree is then checked by hand: doing the schema
//! ourselves rather than through `#[serde(deny_unknown_fields)]` lets every message name the
//! file, the line and the webhook entry, and suggest the fix. (Tried: typed structs with
//! serde-saphyr report `unknown field `evnts`, expected one of name, url, events` with no
//! did-you-mean and no entry name, and silently turn `name: 123` into `"123"`, where the check
//! below says "a string (put it in quotes)".) Only after parsing are `${VAR}` and
//! `${VAR:-default}` expanded, and only inside string values, so a value from the environment can
//! never inject YAML (house style 24; the svix bridge expands the raw text and can).
//!
//! No error message carries a secret: values are never echoed except for names, event names and
//! URLs as written in the file (never after expansion, and never a URL with `@` userinfo), and
//! the YAML parser's messages are rendered without its source snippet.

use std::collections::HashMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use serde_saphyr::Spanned;
use url::Url;

use crate::secret::Secret;

/// The file name looked for in the working directory and in the user config dir's `ocw/`.
pub const FILE_NAME: &str = "ocw.yaml";

/// The keys of a webhook entry, in the order the example writes them.
const ENTRY_KEYS: &[&str] = &["name", "url", "secret", "events", "headers"];
/// The keys allowed at the top level.
const TOP_KEYS: &[&str] = &["webhooks"];
/// Headers ocw sets itself on every delivery (docs/webhook-contract.md section 1) or that describe the
/// message framing: a config value would conflict with them or corrupt the request.
const RESERVED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "transfer-encoding",
    "host",
    "connection",
    "x-openclaw-signature",
];

/// A validated webhook config.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// The file it was read from (as given; shown in messages).
    pub path: PathBuf,
    /// The webhooks, in file order.
    pub webhooks: Vec<Webhook>,
}

/// One configured endpoint, after `${VAR}` expansion.
///
/// `Debug` is written by hand so that a `{:?}` never shows a credential header's value or a
/// password in the URL; the secret is a [`Secret`].
#[derive(Clone)]
pub struct Webhook {
    /// Unique, non-empty.
    pub name: String,
    /// An `http` or `https` URL.
    pub url: Url,
    /// The signing secret (non-empty) or `None` for unsigned deliveries.
    pub secret: Option<Secret>,
    /// Known event names or `"*"` (all events), in file order without duplicates.
    pub events: Vec<String>,
    /// Extra request headers in file order; names are valid HTTP header names (unique ignoring
    /// case) and values are valid header values (visible ASCII, space and tab).
    pub headers: Vec<(String, String)>,
}

impl Webhook {
    /// Whether this webhook receives `event` (it lists it, or lists `"*"`).
    pub fn subscribes(&self, event: &str) -> bool {
        self.events.iter().any(|e| e == "*" || e == event)
    }

    /// The headers with credential values replaced by `[redacted]` (the one rule in
    /// [`crate::redact`]), for display.
    pub fn redacted_headers(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(name, value)| (name.as_str(), crate::redact::header_value(name, value)))
            .collect()
    }

    /// The URL for display: a password in it, and query parameters whose names look like
    /// credentials, are replaced by `redacted`.
    pub fn redacted_url(&self) -> String {
        crate::redact::url(&self.url)
    }

    /// This webhook as shown: credential header values and URL passwords redacted.
    pub fn redacted(&self) -> RedactedWebhook<'_> {
        RedactedWebhook {
            name: &self.name,
            url: self.redacted_url(),
            secret: self.secret.as_ref().map(|_| REDACTED),
            events: &self.events,
            headers: self
                .redacted_headers()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Value::from(v)))
                .collect(),
        }
    }
}

/// A webhook as `ocw config check` shows it (and its `--json` prints it).
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct RedactedWebhook<'a> {
    pub name: &'a str,
    pub url: String,
    /// `"[redacted]"` when a secret is set, `null` when the webhook is unsigned.
    pub secret: Option<&'static str>,
    pub events: &'a [String],
    /// In file order; credential values redacted.
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub headers: Map<String, Value>,
}

/// `ocw config check --json`: the file and its webhooks, redacted.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct RedactedConfig<'a> {
    pub path: String,
    pub webhooks: Vec<RedactedWebhook<'a>>,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("name", &self.name)
            .field("url", &self.redacted_url())
            .field("secret", &self.secret)
            .field("events", &self.events)
            .field("headers", &self.redacted_headers())
            .finish()
    }
}

impl WebhookConfig {
    /// The webhook called `name`; otherwise an error listing the configured names, with a
    /// suggestion when one is close.
    pub fn webhook(&self, name: &str) -> Result<&Webhook, ConfigError> {
        if let Some(w) = self.webhooks.iter().find(|w| w.name == name) {
            return Ok(w);
        }
        let known: Vec<&str> = self.webhooks.iter().map(|w| w.name.as_str()).collect();
        Err(ConfigError::UnknownWebhook {
            path: self.path.clone(),
            name: name.to_owned(),
            suggestion: crate::suggest::did_you_mean(name, &known).map(str::to_owned),
            known: known.into_iter().map(str::to_owned).collect(),
        })
    }

    /// The webhooks that receive `event`, in file order.
    pub fn subscribed(&self, event: &str) -> Vec<&Webhook> {
        self.webhooks
            .iter()
            .filter(|w| w.subscribes(event))
            .collect()
    }

    /// The config as shown: credential header values and URL passwords redacted.
    pub fn redacted(&self) -> RedactedConfig<'_> {
        RedactedConfig {
            path: self.path.display().to_string(),
            webhooks: self.webhooks.iter().map(Webhook::redacted).collect(),
        }
    }
}

use crate::redact::REDACTED;

/// Where the config comes from: `explicit` (the `--config` flag or `OCW_CONFIG`, resolved by
/// the caller) wins and is returned even if it does not exist, so that [`load`] reports it;
/// else `ocw.yaml` in `cwd`; else `ocw/ocw.yaml` in the user config dir (`dirs::config_dir()`).
/// `None` when neither implicit file exists: running without a config is fine.
pub fn discover(explicit: Option<&Path>, cwd: &Path) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    let local = cwd.join(FILE_NAME);
    if local.exists() {
        return Some(local);
    }
    user_config_path().filter(|p| p.exists())
}

/// `ocw/ocw.yaml` in the user config dir (where `ocw config init` could write a global config).
pub fn user_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("ocw").join(FILE_NAME))
}

/// Read and validate the config at `path`. `env` looks variables up (callers pass
/// `|k| std::env::var(k).ok()`; tests inject a map); `known_events` are the catalog's names.
pub fn load(
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
    known_events: &[&str],
) -> Result<WebhookConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            ConfigError::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    parse(&text, path, env, known_events)
}

/// Validate config `text`; `path` is only used in messages and kept in the result.
pub fn parse(
    text: &str,
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
    known_events: &[&str],
) -> Result<WebhookConfig, ConfigError> {
    let root = parse_yaml(text, path)?;
    Checker {
        path,
        env,
        known_events,
    }
    .config(root)
}

/// A commented example config: the block of docs/webhook-contract.md, with the URL given a default so
/// it parses with only `WEBHOOK_SECRET` and `CRM_API_KEY` set.
pub const EXAMPLE: &str = r#"# ocw webhook config: the endpoints `ocw send` delivers OpenClaw events to.
# Written by `ocw config init`; `ocw config check` validates it and prints the webhooks.
# ocw reads --config / OCW_CONFIG, else ./ocw.yaml, else ocw/ocw.yaml in your config dir.
#
# Values (never keys) may use environment variables, expanded after the YAML is parsed:
#   ${VAR}            the value of VAR; it is an error if VAR is not set
#   ${VAR:-default}   the value of VAR, or `default` when VAR is unset or empty
#   $${               a literal "${"
# Keep secrets in the environment rather than in this file. Quote every value.

webhooks:
    # A unique name: `ocw send --webhook crm-lead-capture` delivers to this entry only.
  - name: "crm-lead-capture"
    # Where events are POSTed: an http:// or https:// URL. Here CRM_WEBHOOK_URL wins when set.
    url: "${CRM_WEBHOOK_URL:-https://your-app.com/webhooks/openclaw}"
    # Signing secret (optional): each request carries x-openclaw-signature, the lowercase hex
    # HMAC-SHA256 of the body keyed with it. Without a secret, requests are unsigned.
    secret: "${WEBHOOK_SECRET}"
    # The events this endpoint receives, or ["*"] for all of them. Known events:
    #   conversation.started, conversation.ended, message.received, message.sent,
    #   lead.qualified, intent.detected, handoff.requested, custom.triggered
    events: ["conversation.started", "lead.qualified", "message.received"]
    # Extra HTTP headers sent with every request (optional). Output redacts credentials.
    headers:
      Authorization: "Bearer ${CRM_API_KEY}"

  # Another endpoint, receiving every event:
  # - name: "slack-alerts"
  #   url: "https://hooks.example.com/openclaw"
  #   secret: "${SLACK_WEBHOOK_SECRET}"
  #   events: ["*"]
"#;

/// Write [`EXAMPLE`] to `path` with mode 0600 on unix (the file is meant to hold secrets, house
/// style 25), creating parent directories. An existing file is an error unless `force`.
pub fn write_example(path: &Path, force: bool) -> Result<(), ConfigError> {
    let write_err = |source| ConfigError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(write_err)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        // create_new: no window between checking for the file and creating it.
        options.create_new(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            ConfigError::Exists {
                path: path.to_path_buf(),
            }
        } else {
            write_err(source)
        }
    })?;
    // `mode` only applies to new files; an overwritten one keeps its old permissions otherwise.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(write_err)?;
    }
    file.write_all(EXAMPLE.as_bytes()).map_err(write_err)
}

/// Why a config could not be found, read, validated or written.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// An explicitly given config file does not exist.
    #[error(
        "config file {} does not exist; check the --config / OCW_CONFIG path, or create it with `ocw config init`",
        path.display()
    )]
    NotFound { path: PathBuf },
    #[error("reading config file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Not YAML (or YAML the parser refuses: duplicate keys, bad tags, several documents).
    #[error("{}:{line}:{column}: invalid YAML: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },
    /// Valid YAML that is not a valid config.
    #[error("{site}: {problem}")]
    Invalid { site: Site, problem: Box<Problem> },
    /// A webhook name looked up with [`WebhookConfig::webhook`] is not configured.
    #[error("{}", unknown_webhook_message(path, name, suggestion.as_deref(), known))]
    UnknownWebhook {
        path: PathBuf,
        name: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    /// [`write_example`] without `force` found a file in the way.
    #[error("{} already exists; pass --force to overwrite it", path.display())]
    Exists { path: PathBuf },
    #[error("writing {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ConfigError {
    /// The config file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ConfigError::NotFound { path }
            | ConfigError::Read { path, .. }
            | ConfigError::Syntax { path, .. }
            | ConfigError::UnknownWebhook { path, .. }
            | ConfigError::Exists { path }
            | ConfigError::Write { path, .. } => path,
            ConfigError::Invalid { site, .. } => &site.path,
        }
    }
}

fn unknown_webhook_message(
    path: &Path,
    name: &str,
    suggestion: Option<&str>,
    known: &[String],
) -> String {
    let mut msg = format!("no webhook named {name:?} in {}", path.display());
    match suggestion {
        Some(s) => msg.push_str(&format!("; did you mean {s:?}? ")),
        None => msg.push_str("; "),
    }
    if known.is_empty() {
        msg.push_str("it defines no webhooks");
    } else {
        msg.push_str(&format!("configured webhooks: {}", known.join(", ")));
    }
    msg
}

/// Where in the file a problem is: path, line, and the webhook entry when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub path: PathBuf,
    /// 1-based; `None` only for an empty file.
    pub line: Option<u64>,
    /// `webhook "name"` (the name as written, before expansion) or `webhooks[2]` (0-based) for
    /// an entry without a usable name.
    pub entry: Option<String>,
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(entry) = &self.entry {
            write!(f, ": {entry}")?;
        }
        Ok(())
    }
}

/// What is wrong at a [`Site`]. Messages never contain a secret or an expanded value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error(
        "the file is empty; it needs a top-level `webhooks:` list (`ocw config init` writes an example)"
    )]
    Empty,
    #[error("{what} must be {expected}, found {found}")]
    WrongType {
        what: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("{}", unknown_key_message(key, suggestion.as_deref(), expected))]
    UnknownKey {
        key: String,
        suggestion: Option<String>,
        expected: &'static [&'static str],
    },
    #[error("missing required key `{key}`")]
    MissingKey { key: &'static str },
    #[error("name is empty; give the webhook a unique name")]
    EmptyName,
    #[error(
        "name {name:?} is already used by the entry at line {first_line}; names must be unique"
    )]
    DuplicateName {
        /// As written in the file.
        name: String,
        first_line: u64,
    },
    #[error("{}", bad_url_message(shown.as_deref(), reason))]
    BadUrl {
        /// The URL as written in the file, unless it may hold credentials.
        shown: Option<String>,
        reason: String,
    },
    #[error("url scheme {scheme:?} is not supported; use an http:// or https:// URL")]
    UnsupportedScheme { scheme: String },
    #[error("secret is empty; set a value, or remove the key to send unsigned requests")]
    EmptySecret,
    #[error("events is empty; list at least one event, or \"*\" for all of them")]
    NoEvents,
    #[error("{}", unknown_event_message(event, suggestion.as_deref(), known))]
    UnknownEvent {
        /// As written in the file.
        event: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    #[error(
        "environment variable {var} is not set (used in {field}); set it, or write ${{{var}:-default}}"
    )]
    UnsetVariable { var: String, field: String },
    #[error(
        "{field} has an unterminated `${{`; close it with `}}`, or write `$${{` for a literal `${{`"
    )]
    Unterminated { field: String },
    #[error(
        "{field} has a `${{...}}` that is not a variable reference (names are letters, digits and `_`, not starting with a digit); write `$${{` for a literal `${{`"
    )]
    BadReference { field: String },
    #[error(
        "header name {header:?} is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)"
    )]
    BadHeaderName { header: String },
    #[error(
        "header {header:?} has an invalid value: only visible ASCII, spaces and tabs are allowed (no line breaks or control characters)"
    )]
    BadHeaderValue { header: String },
    #[error("header {header:?} repeats {first:?} (header names ignore case)")]
    DuplicateHeader { header: String, first: String },
    #[error("header {header:?} is set by ocw itself and cannot be configured")]
    ReservedHeader { header: String },
}

fn unknown_key_message(key: &str, suggestion: Option<&str>, expected: &[&str]) -> String {
    let mut msg = format!("unknown key {key:?}");
    if let Some(s) = suggestion {
        msg.push_str(&format!("; did you mean {s:?}?"));
    }
    msg.push_str(&format!(" (expected {})", expected.join(", ")));
    msg
}

fn bad_url_message(shown: Option<&str>, reason: &str) -> String {
    let what = match shown {
        Some(url) => format!("url {url:?}"),
        None => "url".to_owned(),
    };
    format!(
        "{what} is not a valid URL ({reason}); expected e.g. https://your-app.com/webhooks/openclaw"
    )
}

fn unknown_event_message(event: &str, suggestion: Option<&str>, known: &[String]) -> String {
    let mut msg = format!("unknown event {event:?}");
    match suggestion {
        Some(s) => msg.push_str(&format!("; did you mean {s:?}? ")),
        None => msg.push_str("; "),
    }
    msg.push_str(&format!(
        "known events: {}, or \"*\" for all",
        known.join(", ")
    ));
    msg
}

// ---------------------------------------------------------------------------------------------
// YAML → Node tree

/// A YAML node. Non-string scalars keep only their kind: the config wants strings everywhere,
/// and an unquoted `123` or `true` is reported (with a "quote it" hint) rather than guessed at.
#[derive(Debug)]
enum Node {
    Str(String),
    Scalar(&'static str),
    Null,
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl Node {
    /// For "found ..." in messages.
    fn kind(&self) -> &'static str {
        match self {
            Node::Str(_) => "a string",
            Node::Scalar(kind) => kind,
            Node::Null => "nothing",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a map",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar("binary data"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar("a number"))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Scalar("a number"))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Scalar("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar("a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

fn line_of(node: &Spanned<Node>) -> u64 {
    node.referenced.line()
}

fn parse_yaml(text: &str, path: &Path) -> Result<Option<Spanned<Node>>, ConfigError> {
    let mut options = crate::yaml::options();
    // YAML 1.2 booleans only: `y`, `yes`, `on` stay strings.
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options.underscored_numbers_as_strings = true;
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    // The snippet would quote the file's lines, secrets included.
    options.with_snippet = false;
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
        let rendered = e
            .without_snippet()
            .render_with_options(serde_saphyr::render_options! {
                formatter: &serde_saphyr::UserMessageFormatter,
                snippets: serde_saphyr::SnippetMode::Off,
            });
        let suffix = format!(" at line {line}, column {column}");
        let mut message = crate::yaml::message(rendered.strip_suffix(&suffix).unwrap_or(&rendered));
        let on_line = text.lines().nth((line - 1) as usize).unwrap_or("");
        if message.contains("alias") && on_line.contains('*') {
            // `events: [*]`: "all events" needs quotes in YAML.
            message.push_str(" (a bare * starts a YAML alias; write \"*\" in quotes)");
        }
        ConfigError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Node tree → WebhookConfig

struct Checker<'a> {
    path: &'a Path,
    env: &'a dyn Fn(&str) -> Option<String>,
    known_events: &'a [&'a str],
}

/// The fields of one entry, as found.
#[derive(Default)]
struct RawEntry<'n> {
    name: Option<&'n Spanned<Node>>,
    url: Option<&'n Spanned<Node>>,
    secret: Option<&'n Spanned<Node>>,
    events: Option<&'n Spanned<Node>>,
    headers: Option<&'n Spanned<Node>>,
    /// The first key that is not a string.
    bad_key: Option<&'n Spanned<Node>>,
    /// The first key that is not one of [`ENTRY_KEYS`].
    unknown: Option<(&'n Spanned<Node>, &'n str)>,
}

impl<'n> RawEntry<'n> {
    fn collect(fields: &'n [(Spanned<Node>, Spanned<Node>)]) -> Self {
        let mut raw = RawEntry::default();
        for (key, value) in fields {
            let Node::Str(name) = &key.value else {
                raw.bad_key = raw.bad_key.or(Some(key));
                continue;
            };
            let slot = match name.as_str() {
                "name" => &mut raw.name,
                "url" => &mut raw.url,
                "secret" => &mut raw.secret,
                "events" => &mut raw.events,
                "headers" => &mut raw.headers,
                _ => {
                    raw.unknown = raw.unknown.or(Some((key, name)));
                    continue;
                }
            };
            *slot = Some(value);
        }
        raw
    }

    /// How messages name the entry: by its name as written (a name from the environment is not
    /// echoed), or by its index when it has no usable name.
    fn label(&self, by_index: String) -> String {
        match self.name.map(|n| &n.value) {
            Some(Node::Str(s)) if !s.is_empty() => format!("webhook {s:?}"),
            _ => by_index,
        }
    }
}

impl Checker<'_> {
    fn err(&self, line: u64, entry: Option<&str>, problem: Problem) -> ConfigError {
        ConfigError::Invalid {
            site: Site {
                path: self.path.to_path_buf(),
                line: Some(line),
                entry: entry.map(str::to_owned),
            },
            problem: Box::new(problem),
        }
    }

    fn wrong_type(
        &self,
        node: &Spanned<Node>,
        entry: Option<&str>,
        what: impl Into<String>,
        expected: &'static str,
    ) -> ConfigError {
        let found = node.value.kind();
        // A number or boolean where a string belongs only needs quotes.
        let expected = match (&node.value, expected) {
            (Node::Scalar(_), "a string") => "a string (put it in quotes)",
            _ => expected,
        };
        self.err(
            line_of(node),
            entry,
            Problem::WrongType {
                what: what.into(),
                expected,
                found,
            },
        )
    }

    fn config(&self, root: Option<Spanned<Node>>) -> Result<WebhookConfig, ConfigError> {
        let Some(root) = root else {
            return Err(ConfigError::Invalid {
                site: Site {
                    path: self.path.to_path_buf(),
                    line: None,
                    entry: None,
                },
                problem: Box::new(Problem::Empty),
            });
        };
        let Node::Map(top) = &root.value else {
            return Err(self.wrong_type(
                &root,
                None,
                "the top level",
                "a map with a `webhooks:` list",
            ));
        };
        let mut list = None;
        for (key, value) in top {
            let name = self.key(key, None)?;
            if name == "webhooks" {
                list = Some(value);
            } else {
                return Err(self.unknown_key(key, name, None, TOP_KEYS));
            }
        }
        let Some(list) = list else {
            return Err(self.err(
                line_of(&root),
                None,
                Problem::MissingKey { key: "webhooks" },
            ));
        };
        let entries: &[Spanned<Node>] = match &list.value {
            Node::Seq(items) => items,
            // `webhooks:` with every entry commented out.
            Node::Null => &[],
            _ => return Err(self.wrong_type(list, None, "webhooks", "a list of webhook entries")),
        };
        let mut webhooks: Vec<Webhook> = Vec::with_capacity(entries.len());
        let mut first_lines: HashMap<String, u64> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            let webhook = self.entry(index, entry, &first_lines)?;
            first_lines.insert(webhook.name.clone(), line_of(entry));
            webhooks.push(webhook);
        }
        Ok(WebhookConfig {
            path: self.path.to_path_buf(),
            webhooks,
        })
    }

    /// A mapping key, which must be a string.
    fn key<'n>(&self, key: &'n Spanned<Node>, entry: Option<&str>) -> Result<&'n str, ConfigError> {
        match &key.value {
            Node::Str(s) => Ok(s),
            _ => Err(self.wrong_type(key, entry, "a key", "a string")),
        }
    }

    fn unknown_key(
        &self,
        key: &Spanned<Node>,
        name: &str,
        entry: Option<&str>,
        expected: &'static [&'static str],
    ) -> ConfigError {
        self.err(
            line_of(key),
            entry,
            Problem::UnknownKey {
                key: name.to_owned(),
                suggestion: crate::suggest::did_you_mean(name, expected).map(str::to_owned),
                expected,
            },
        )
    }

    /// One `webhooks:` entry, its keys checked in a fixed order (unknown keys first, then name,
    /// url, secret, events, headers), so the first problem reported is always the same one.
    fn entry(
        &self,
        index: usize,
        node: &Spanned<Node>,
        first_lines: &HashMap<String, u64>,
    ) -> Result<Webhook, ConfigError> {
        let by_index = format!("webhooks[{index}]");
        let Node::Map(fields) = &node.value else {
            return Err(self.wrong_type(
                node,
                None,
                by_index,
                "a map with name, url, events (and optionally secret, headers)",
            ));
        };
        let raw = RawEntry::collect(fields);
        let label = raw.label(by_index);
        let at = Some(label.as_str());
        if let Some(key) = raw.bad_key {
            return Err(self.wrong_type(key, at, "a key", "a string"));
        }
        if let Some((key, name)) = raw.unknown {
            return Err(self.unknown_key(key, name, at, ENTRY_KEYS));
        }
        let missing = |key| self.err(line_of(node), at, Problem::MissingKey { key });
        let name = self.name(raw.name.ok_or_else(|| missing("name"))?, at, first_lines)?;
        let url = self.url(raw.url.ok_or_else(|| missing("url"))?, at)?;
        let secret = raw.secret.map(|node| self.secret(node, at)).transpose()?;
        let events = self.events(raw.events.ok_or_else(|| missing("events"))?, at)?;
        let headers = match raw.headers {
            None => Vec::new(),
            Some(node) => self.headers(node, at)?,
        };
        Ok(Webhook {
            name,
            url,
            secret,
            events,
            headers,
        })
    }

    /// A webhook's name: a non-empty string not used by an earlier entry.
    fn name(
        &self,
        node: &Spanned<Node>,
        entry: Option<&str>,
        first_lines: &HashMap<String, u64>,
    ) -> Result<String, ConfigError> {
        let name = self.string(node, entry, "name")?;
        if name.is_empty() {
            return Err(self.err(line_of(node), entry, Problem::EmptyName));
        }
        if let Some(&first_line) = first_lines.get(&name) {
            let Node::Str(written) = &node.value else {
                unreachable!("string() accepted it")
            };
            return Err(self.err(
                line_of(node),
                entry,
                Problem::DuplicateName {
                    name: written.clone(),
                    first_line,
                },
            ));
        }
        Ok(name)
    }

    /// A `secret:` that is present must be a non-empty string (after expansion).
    fn secret(&self, node: &Spanned<Node>, entry: Option<&str>) -> Result<Secret, ConfigError> {
        if matches!(node.value, Node::Null) {
            return Err(self.err(line_of(node), entry, Problem::EmptySecret));
        }
        let secret = self.string(node, entry, "secret")?;
        if secret.is_empty() {
            return Err(self.err(line_of(node), entry, Problem::EmptySecret));
        }
        Ok(Secret::new(secret))
    }

    /// A string value, expanded. `field` names it in messages.
    fn string(
        &self,
        node: &Spanned<Node>,
        entry: Option<&str>,
        field: &str,
    ) -> Result<String, ConfigError> {
        let Node::Str(raw) = &node.value else {
            return Err(self.wrong_type(node, entry, field, "a string"));
        };
        expand(raw, self.env).map_err(|e| {
            let field = field.to_owned();
            let problem = match e {
                ExpandError::Unset(var) => Problem::UnsetVariable { var, field },
                ExpandError::Unterminated => Problem::Unterminated { field },
                ExpandError::BadName => Problem::BadReference { field },
            };
            self.err(line_of(node), entry, problem)
        })
    }

    fn url(&self, node: &Spanned<Node>, entry: Option<&str>) -> Result<Url, ConfigError> {
        let text = self.string(node, entry, "url")?;
        let Node::Str(raw) = &node.value else {
            unreachable!("string() accepted it")
        };
        let url = Url::parse(&text).map_err(|e| {
            self.err(
                line_of(node),
                entry,
                Problem::BadUrl {
                    // As written: never the expanded text, nor anything that may hold a password.
                    shown: (!raw.contains('@')).then(|| raw.clone()),
                    reason: e.to_string(),
                },
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(self.err(
                line_of(node),
                entry,
                Problem::UnsupportedScheme {
                    scheme: url.scheme().to_owned(),
                },
            ));
        }
        Ok(url)
    }

    fn events(
        &self,
        node: &Spanned<Node>,
        entry: Option<&str>,
    ) -> Result<Vec<String>, ConfigError> {
        let items: &[Spanned<Node>] = match &node.value {
            Node::Seq(items) => items,
            Node::Null => &[],
            _ => {
                return Err(self.wrong_type(
                    node,
                    entry,
                    "events",
                    "a list of event names, e.g. [\"lead.qualified\"]",
                ));
            }
        };
        if items.is_empty() {
            return Err(self.err(line_of(node), entry, Problem::NoEvents));
        }
        let mut events: Vec<String> = Vec::with_capacity(items.len());
        for item in items {
            let event = self.string(item, entry, "events")?;
            if event != "*" && !self.known_events.contains(&event.as_str()) {
                let Node::Str(raw) = &item.value else {
                    unreachable!("string() accepted it")
                };
                return Err(self.err(
                    line_of(item),
                    entry,
                    Problem::UnknownEvent {
                        event: raw.clone(),
                        suggestion: crate::suggest::did_you_mean(&event, self.known_events)
                            .map(str::to_owned),
                        known: self.known_events.iter().map(|e| (*e).to_owned()).collect(),
                    },
                ));
            }
            // Listing an event twice means nothing more than listing it once.
            if !events.contains(&event) {
                events.push(event);
            }
        }
        Ok(events)
    }

    fn headers(
        &self,
        node: &Spanned<Node>,
        entry: Option<&str>,
    ) -> Result<Vec<(String, String)>, ConfigError> {
        let fields: &[(Spanned<Node>, Spanned<Node>)] = match &node.value {
            Node::Map(fields) => fields,
            Node::Null => &[],
            _ => {
                return Err(self.wrong_type(
                    node,
                    entry,
                    "headers",
                    "a map of header name to value, e.g. {Authorization: \"Bearer ...\"}",
                ));
            }
        };
        let mut headers: Vec<(String, String)> = Vec::with_capacity(fields.len());
        for (key, value) in fields {
            let name = self.key(key, entry)?;
            let line = line_of(key);
            if !crate::delivery::request::header_name_ok(name) {
                return Err(self.err(
                    line,
                    entry,
                    Problem::BadHeaderName {
                        header: name.to_owned(),
                    },
                ));
            }
            if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                return Err(self.err(
                    line,
                    entry,
                    Problem::ReservedHeader {
                        header: name.to_owned(),
                    },
                ));
            }
            if let Some((first, _)) = headers.iter().find(|(h, _)| h.eq_ignore_ascii_case(name)) {
                return Err(self.err(
                    line,
                    entry,
                    Problem::DuplicateHeader {
                        header: name.to_owned(),
                        first: first.clone(),
                    },
                ));
            }
            let field = format!("header {name:?}");
            let text = self.string(value, entry, &field)?;
            if !crate::delivery::request::header_value_ok(&text) {
                return Err(self.err(
                    line_of(value),
                    entry,
                    Problem::BadHeaderValue {
                        header: name.to_owned(),
                    },
                ));
            }
            headers.push((name.to_owned(), text));
        }
        Ok(headers)
    }
}

// ---------------------------------------------------------------------------------------------
// ${VAR} expansion

use crate::expand::ExpandError;

fn expand(raw: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, ExpandError> {
    crate::expand::expand(raw, env, crate::expand::Dialect::Ocw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EVENTS: &[&str] = &crate::payload::EVENT_NAMES;

    /// The secret the tests plant, to check it never shows up in a message.
    const SECRET: &str = "s3cr3t-Xq9-VALUE";
    const API_KEY: &str = "ak-Zz81-KEYVALUE";

    const ARTICLE: &str = r#"webhooks:
  - name: "crm-lead-capture"
    url: "https://your-app.com/webhooks/openclaw"
    secret: "${WEBHOOK_SECRET}"
    events: ["conversation.started", "lead.qualified", "message.received"]
    headers:
      Authorization: "Bearer ${CRM_API_KEY}"
"#;

    fn env_with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn std_env() -> impl Fn(&str) -> Option<String> {
        env_with(&[("WEBHOOK_SECRET", SECRET), ("CRM_API_KEY", API_KEY)])
    }

    fn try_parse(text: &str) -> Result<WebhookConfig, ConfigError> {
        parse(text, Path::new("conf/ocw.yaml"), &std_env(), EVENTS)
    }

    /// Parse `text`, expect an error, check it names the file and leaks nothing, return it.
    fn fail(text: &str) -> ConfigError {
        let err = try_parse(text).expect_err("should not parse");
        let msg = err.to_string();
        assert!(msg.contains("conf/ocw.yaml"), "no path in: {msg}");
        assert_no_secret(&msg);
        err
    }

    fn assert_no_secret(msg: &str) {
        for leak in [SECRET, API_KEY, "Bearer ak-"] {
            assert!(!msg.contains(leak), "leaked {leak:?} in: {msg}");
        }
    }

    fn problem(err: &ConfigError) -> &Problem {
        match err {
            ConfigError::Invalid { problem, .. } => problem,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    fn site(err: &ConfigError) -> &Site {
        match err {
            ConfigError::Invalid { site, .. } => site,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    /// The article's block with `webhooks[0]`'s `key: value` line replaced (or appended).
    fn article_with(line: &str) -> String {
        format!("{ARTICLE}    {line}\n")
    }

    #[test]
    fn the_articles_block_parses() {
        let config = try_parse(ARTICLE).unwrap();
        assert_eq!(config.path, Path::new("conf/ocw.yaml"));
        let [w] = &config.webhooks[..] else {
            panic!("one webhook expected")
        };
        assert_eq!(w.name, "crm-lead-capture");
        assert_eq!(w.url.as_str(), "https://your-app.com/webhooks/openclaw");
        assert_eq!(w.secret.as_ref().unwrap().expose(), SECRET);
        assert_eq!(
            w.events,
            ["conversation.started", "lead.qualified", "message.received"]
        );
        assert_eq!(
            w.headers,
            [("Authorization".to_owned(), format!("Bearer {API_KEY}"))]
        );
        assert!(w.subscribes("lead.qualified"));
        assert!(!w.subscribes("message.sent"));
        assert_eq!(config.subscribed("message.received").len(), 1);
        assert!(config.subscribed("handoff.requested").is_empty());
        assert_no_secret(&format!("{w:?} {config:?}"));
    }

    #[test]
    fn optional_parts_and_star() {
        let text = "webhooks:\n  - name: a\n    url: http://localhost:9000/hook\n    events: [\"*\"]\n  - name: b\n    url: https://b.example/x\n    events: [lead.qualified, lead.qualified]\n    headers:\n";
        let config = try_parse(text).unwrap();
        let a = config.webhook("a").unwrap();
        assert!(a.secret.is_none() && a.headers.is_empty());
        assert!(a.subscribes("custom.triggered"));
        let b = config.webhook("b").unwrap();
        assert_eq!(b.events, ["lead.qualified"], "duplicates dropped");
        let names: Vec<&str> = config
            .subscribed("lead.qualified")
            .iter()
            .map(|w| w.name.as_str())
            .collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn empty_or_null_webhooks_list_is_fine() {
        assert!(try_parse("webhooks: []\n").unwrap().webhooks.is_empty());
        assert!(try_parse("webhooks:\n").unwrap().webhooks.is_empty());
    }

    #[test]
    fn unknown_webhook_lists_names_and_suggests() {
        let config = try_parse(ARTICLE).unwrap();
        let msg = config.webhook("crm-lead-captur").unwrap_err().to_string();
        assert_eq!(
            msg,
            "no webhook named \"crm-lead-captur\" in conf/ocw.yaml; did you mean \
             \"crm-lead-capture\"? configured webhooks: crm-lead-capture"
        );
        let empty = try_parse("webhooks: []").unwrap();
        let msg = empty.webhook("x").unwrap_err().to_string();
        assert!(msg.contains("defines no webhooks"), "{msg}");
    }

    #[test]
    fn yaml_syntax_error_names_path_and_line() {
        let err = fail("webhooks:\n  - name: \"x\n    secret: hunter2\n");
        let ConfigError::Syntax { line, message, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*line, 2);
        let msg = err.to_string();
        assert!(msg.starts_with("conf/ocw.yaml:2:"), "{msg}");
        assert!(!msg.contains("hunter2"), "{msg}");
        assert!(
            !message.contains(" at line "),
            "location not duplicated: {msg}"
        );

        let err = fail(&format!("{ARTICLE}  - name: [oops\n"));
        assert!(matches!(err, ConfigError::Syntax { line: 8, .. }), "{err}");
    }

    #[test]
    fn duplicate_yaml_keys_are_syntax_errors() {
        let err = fail(&article_with("name: again"));
        assert!(matches!(err, ConfigError::Syntax { line: 8, .. }), "{err}");
        assert!(err.to_string().contains("duplicate"), "{err}");
    }

    #[test]
    fn empty_file_and_wrong_top_level() {
        let err = fail("# nothing here\n");
        assert_eq!(problem(&err), &Problem::Empty);
        assert!(err.to_string().contains("ocw config init"));
        let err = fail("- a\n- b\n");
        assert!(matches!(
            problem(&err),
            Problem::WrongType {
                found: "a list",
                ..
            }
        ));
        let err = fail("webhooks: {a: b}\n");
        assert!(err.to_string().contains("webhooks must be a list"), "{err}");
        let err = fail("webhooks:\n  - just-a-string\n");
        assert_eq!(site(&err).entry, None);
        assert!(
            err.to_string().contains("webhooks[0] must be a map"),
            "{err}"
        );
    }

    #[test]
    fn unknown_top_level_key() {
        let err = fail(&format!("{ARTICLE}retries: 3\n"));
        let msg = err.to_string();
        assert_eq!(
            msg,
            "conf/ocw.yaml:8: unknown key \"retries\" (expected webhooks)"
        );
        let err = fail("webhook:\n  - name: x\n");
        assert!(
            err.to_string().contains("did you mean \"webhooks\""),
            "{err}"
        );
        let err = fail("other: 1\n");
        assert!(matches!(problem(&err), Problem::UnknownKey { .. }), "{err}");
        let err = fail("{}\n");
        assert_eq!(problem(&err), &Problem::MissingKey { key: "webhooks" });
    }

    #[test]
    fn unknown_entry_key_names_key_entry_and_file() {
        let err = fail(&article_with("secrets: x"));
        assert_eq!(
            err.to_string(),
            "conf/ocw.yaml:8: webhook \"crm-lead-capture\": unknown key \"secrets\"; \
             did you mean \"secret\"? (expected name, url, secret, events, headers)"
        );
        // Without a name the entry is named by index.
        let err = fail("webhooks:\n  - url: https://a.example\n    bogus: 1\n");
        assert!(
            err.to_string()
                .contains("webhooks[0]: unknown key \"bogus\""),
            "{err}"
        );
    }

    #[test]
    fn missing_required_keys() {
        let err = fail(
            "webhooks:\n  - name: a\n    url: https://a.example\n    events: ['*']\n  - url: https://b.example\n    events: ['*']\n",
        );
        assert_eq!(
            err.to_string(),
            "conf/ocw.yaml:5: webhooks[1]: missing required key `name`"
        );
        let err = fail("webhooks:\n  - name: a\n    events: ['*']\n");
        assert_eq!(problem(&err), &Problem::MissingKey { key: "url" });
        assert_eq!(site(&err).entry.as_deref(), Some("webhook \"a\""));
        let err = fail("webhooks:\n  - name: a\n    url: https://a.example\n");
        assert_eq!(problem(&err), &Problem::MissingKey { key: "events" });
    }

    #[test]
    fn empty_name_and_non_string_values() {
        let err = fail("webhooks:\n  - name: ''\n    url: https://a.example\n    events: ['*']\n");
        assert_eq!(problem(&err), &Problem::EmptyName);
        assert_eq!(site(&err).entry.as_deref(), Some("webhooks[0]"));
        let err = fail("webhooks:\n  - name: 42\n    url: https://a.example\n    events: ['*']\n");
        assert!(
            err.to_string()
                .contains("name must be a string (put it in quotes), found a number"),
            "{err}"
        );
        let err = fail(&article_with("").replace(
            "events: [\"conversation.started\", \"lead.qualified\", \"message.received\"]",
            "events: lead.qualified",
        ));
        assert!(err.to_string().contains("events must be a list"), "{err}");
        let err = fail(&ARTICLE.replace("\"${WEBHOOK_SECRET}\"", "[a, b]"));
        assert!(err.to_string().contains("secret must be a string"), "{err}");
        let err = fail(&article_with("[a, b]: 1"));
        assert_eq!(
            err.to_string(),
            "conf/ocw.yaml:8: webhook \"crm-lead-capture\": a key must be a string, found a list"
        );
    }

    #[test]
    fn duplicate_names() {
        let entry = "  - name: dup\n    url: https://a.example\n    events: ['*']\n";
        let err = fail(&format!("webhooks:\n{entry}{entry}"));
        assert_eq!(
            err.to_string(),
            "conf/ocw.yaml:5: webhook \"dup\": name \"dup\" is already used by the entry \
             at line 2; names must be unique"
        );
    }

    #[test]
    fn bad_urls() {
        let err = fail(&ARTICLE.replace("https://your-app.com/webhooks/openclaw", "not a url"));
        let msg = err.to_string();
        assert!(msg.starts_with("conf/ocw.yaml:3: webhook \"crm-lead-capture\": url \"not a url\" is not a valid URL"), "{msg}");
        let err = fail(&ARTICLE.replace("https://your-app.com", "ftp://your-app.com"));
        assert_eq!(
            problem(&err),
            &Problem::UnsupportedScheme {
                scheme: "ftp".into()
            }
        );
        // A URL that may hold credentials is not echoed.
        let err = fail(&ARTICLE.replace("https://your-app.com", "https://u:pw@"));
        assert!(
            matches!(problem(&err), Problem::BadUrl { shown: None, .. }),
            "{err}"
        );
        assert!(!err.to_string().contains("pw@"));
        // Nor is an expanded value.
        let env = env_with(&[
            ("WEBHOOK_SECRET", SECRET),
            ("CRM_API_KEY", API_KEY),
            ("U", "zz top"),
        ]);
        let text = ARTICLE.replace("https://your-app.com/webhooks/openclaw", "${U}");
        let msg = parse(&text, Path::new("c.yaml"), &env, EVENTS)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("url \"${U}\"") && !msg.contains("zz top"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_event_suggests_and_lists() {
        let err = fail(&ARTICLE.replace("\"lead.qualified\"", "\"lead.qualifed\""));
        let msg = err.to_string();
        assert!(msg.starts_with("conf/ocw.yaml:5: webhook \"crm-lead-capture\": unknown event \"lead.qualifed\"; did you mean \"lead.qualified\"?"), "{msg}");
        assert!(
            msg.contains("handoff.requested") && msg.contains("\"*\" for all"),
            "{msg}"
        );
        let err = fail(&ARTICLE.replace("\"lead.qualified\"", "\"zzz\""));
        assert!(matches!(
            problem(&err),
            Problem::UnknownEvent {
                suggestion: None,
                ..
            }
        ));
        let err = fail(&ARTICLE.replace(
            "[\"conversation.started\", \"lead.qualified\", \"message.received\"]",
            "[]",
        ));
        assert_eq!(problem(&err), &Problem::NoEvents);
        // The article's "all events" unquoted is YAML alias syntax: say so.
        let err = fail("webhooks:\n  - name: a\n    url: https://a.example\n    events: [*]\n");
        assert!(matches!(err, ConfigError::Syntax { line: 4, .. }), "{err}");
        assert!(err.to_string().contains("write \"*\" in quotes"), "{err}");
    }

    #[test]
    fn unset_variable_names_var_and_webhook() {
        let err = parse(
            ARTICLE,
            Path::new("ocw.yaml"),
            &env_with(&[("CRM_API_KEY", "k")]),
            EVENTS,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "ocw.yaml:4: webhook \"crm-lead-capture\": environment variable WEBHOOK_SECRET is not \
             set (used in secret); set it, or write ${WEBHOOK_SECRET:-default}"
        );
        let err = parse(
            ARTICLE,
            Path::new("ocw.yaml"),
            &env_with(&[("WEBHOOK_SECRET", SECRET)]),
            EVENTS,
        )
        .unwrap_err();
        assert_eq!(
            problem(&err),
            &Problem::UnsetVariable {
                var: "CRM_API_KEY".into(),
                field: "header \"Authorization\"".into()
            }
        );
        assert_no_secret(&err.to_string());
    }

    #[test]
    fn empty_secret_is_an_error() {
        let env = env_with(&[("WEBHOOK_SECRET", ""), ("CRM_API_KEY", API_KEY)]);
        let err = parse(ARTICLE, Path::new("ocw.yaml"), &env, EVENTS).unwrap_err();
        assert_eq!(problem(&err), &Problem::EmptySecret);
        assert_eq!(site(&err).line, Some(4));
        let err = fail(&ARTICLE.replace("\"${WEBHOOK_SECRET}\"", "\"\""));
        assert_eq!(problem(&err), &Problem::EmptySecret);
        let err = fail(&ARTICLE.replace("\"${WEBHOOK_SECRET}\"", ""));
        assert_eq!(problem(&err), &Problem::EmptySecret);
    }

    #[test]
    fn header_validation() {
        let with_header = |h: &str| {
            ARTICLE.replace(
                "Authorization: \"Bearer ${CRM_API_KEY}\"",
                &format!("Authorization: \"Bearer ${{CRM_API_KEY}}\"\n      {h}"),
            )
        };
        let err = fail(&with_header("\"Bad Header\": x"));
        assert_eq!(
            problem(&err),
            &Problem::BadHeaderName {
                header: "Bad Header".into()
            }
        );
        assert_eq!(site(&err).line, Some(8));
        let err = fail(&with_header("authorization: again"));
        assert!(
            matches!(problem(&err), Problem::DuplicateHeader { .. }),
            "{err}"
        );
        let err = fail(&with_header("Content-Length: \"5\""));
        assert!(
            matches!(problem(&err), Problem::ReservedHeader { .. }),
            "{err}"
        );
        let err = fail(&with_header("X-Count: 3"));
        assert!(err.to_string().contains("put it in quotes"), "{err}");
        // A line break from the environment cannot smuggle in a header.
        let env = env_with(&[
            ("WEBHOOK_SECRET", SECRET),
            ("CRM_API_KEY", "k\r\nX-Evil: 1"),
        ]);
        let err = parse(ARTICLE, Path::new("ocw.yaml"), &env, EVENTS).unwrap_err();
        assert_eq!(
            problem(&err),
            &Problem::BadHeaderValue {
                header: "Authorization".into()
            }
        );
        assert!(!err.to_string().contains("X-Evil"));
        let ok = try_parse(&with_header("X-Trace_Id.v2: \"a b\tc\"")).unwrap();
        assert_eq!(
            ok.webhooks[0].headers[1],
            ("X-Trace_Id.v2".into(), "a b\tc".into())
        );
    }

    #[test]
    fn expansion_errors_in_a_config() {
        let err = fail(&ARTICLE.replace("${WEBHOOK_SECRET}", "${WEBHOOK_SECRET"));
        assert_eq!(
            problem(&err),
            &Problem::Unterminated {
                field: "secret".into()
            }
        );
        let err = fail(&ARTICLE.replace("crm-lead-capture", "crm-${BAD NAME}"));
        assert_eq!(
            problem(&err),
            &Problem::BadReference {
                field: "name".into()
            }
        );
        // Keys are not expanded: a header named `${X}` is simply an invalid name.
        let err = fail(&ARTICLE.replace("Authorization:", "\"${CRM_API_KEY}\":"));
        assert!(matches!(problem(&err), Problem::BadHeaderName { .. }));
        // Values only: a default and the escape in a real config.
        let text = ARTICLE
            .replace(
                "https://your-app.com/webhooks/openclaw",
                "${URL:-http://127.0.0.1:8080/x}",
            )
            .replace("Bearer ${CRM_API_KEY}", "literal $${CRM_API_KEY}");
        let w = &try_parse(&text).unwrap().webhooks[0];
        assert_eq!(w.url.as_str(), "http://127.0.0.1:8080/x");
        assert_eq!(w.headers[0].1, "literal ${CRM_API_KEY}");
    }

    #[test]
    fn env_values_cannot_inject_yaml() {
        let env = env_with(&[
            (
                "WEBHOOK_SECRET",
                "x\"\n  - name: evil\n    url: https://evil.example",
            ),
            ("CRM_API_KEY", API_KEY),
        ]);
        let config = parse(ARTICLE, Path::new("ocw.yaml"), &env, EVENTS).unwrap();
        assert_eq!(config.webhooks.len(), 1);
        assert!(
            config.webhooks[0]
                .secret
                .as_ref()
                .unwrap()
                .expose()
                .contains("evil")
        );
    }

    #[test]
    fn no_error_message_contains_a_secret() {
        // Each variant of the article's block with one mistake, the secret in play both as a
        // literal in the file and from the environment.
        let literal = ARTICLE.replace("${WEBHOOK_SECRET}", SECRET);
        let cases = [
            literal.replace("\"crm-lead-capture\"", "\"\""),
            literal.replace("https://your-app.com", "ftp://x"),
            literal.replace("\"lead.qualified\"", "\"nope\""),
            literal.replace("Authorization", "Bad Header"),
            literal.replace(&format!("\"{SECRET}\""), &format!("\"{SECRET}${{\"")),
            literal.replace(&format!("\"{SECRET}\""), &format!("\"{SECRET}${{X Y}}\"")),
            literal.replace(&format!("\"{SECRET}\""), &format!("\"{SECRET}\"x")),
            literal.replace(&format!("\"{SECRET}\""), &format!("!!int {SECRET}")),
            literal.replace(&format!("\"{SECRET}\""), &format!("[{SECRET}")),
            literal.replace(&format!("\"{SECRET}\""), &format!("{{{SECRET}: 1}}")),
            literal.replace(&format!("\"{SECRET}\""), &format!("{SECRET}\n\tx: 1")),
            ARTICLE.replace("\"${WEBHOOK_SECRET}\"", "\"${WEBHOOK_SECRET}${\""),
            ARTICLE.replace("Bearer ${CRM_API_KEY}", "${CRM_API_KEY}\\r\\nX: y"),
            ARTICLE.replace(
                "https://your-app.com/webhooks/openclaw",
                "${WEBHOOK_SECRET}",
            ),
            ARTICLE.replace("lead.qualified", "${CRM_API_KEY}"),
            ARTICLE.replace("\"crm-lead-capture\"", "\"${WEBHOOK_SECRET}\"")
                + &ARTICLE[10..].replace("\"crm-lead-capture\"", "\"${WEBHOOK_SECRET}\""),
        ];
        for (i, text) in cases.iter().enumerate() {
            let err = try_parse(text).expect_err(&format!("case {i} should fail"));
            let msg = err.to_string();
            assert!(
                !msg.contains(SECRET) && !msg.contains(API_KEY),
                "case {i} leaked: {msg}"
            );
            assert!(
                !format!("{err:?}").contains(SECRET),
                "case {i} leaked in Debug"
            );
        }
    }

    #[test]
    fn redacted_json_hides_credentials() {
        let text = ARTICLE.replace(
            "Authorization: \"Bearer ${CRM_API_KEY}\"",
            "Authorization: \"Bearer ${CRM_API_KEY}\"\n      X-Api-Key: \"${CRM_API_KEY}\"\n      X-Team: \"growth\"",
        )
        .replace("https://your-app.com/webhooks/openclaw", "https://bob:pw@your-app.com/h?token=abc&page=2");
        let config = try_parse(&text).unwrap();
        let json = serde_json::to_value(config.redacted()).unwrap();
        let rendered = json.to_string();
        assert!(
            !rendered.contains(SECRET) && !rendered.contains(API_KEY),
            "{rendered}"
        );
        assert!(
            !rendered.contains("pw@") && !rendered.contains("abc"),
            "{rendered}"
        );
        assert_eq!(json["path"], "conf/ocw.yaml");
        let w = &json["webhooks"][0];
        assert_eq!(w["name"], "crm-lead-capture");
        assert_eq!(w["secret"], "[redacted]");
        assert_eq!(
            w["url"],
            "https://redacted:redacted@your-app.com/h?token=redacted&page=2"
        );
        assert_eq!(w["events"][1], "lead.qualified");
        assert_eq!(
            w["headers"],
            json!({"Authorization": "[redacted]", "X-Api-Key": "[redacted]", "X-Team": "growth"})
        );
        let keys: Vec<&String> = w["headers"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["Authorization", "X-Api-Key", "X-Team"], "file order");
        let unsigned =
            try_parse("webhooks: [{name: a, url: 'https://a.example', events: ['*']}]").unwrap();
        let unsigned = serde_json::to_value(unsigned.redacted()).unwrap();
        assert_eq!(unsigned["webhooks"][0]["secret"], Value::Null);
        assert_eq!(unsigned["webhooks"][0]["url"], "https://a.example/");
    }

    #[test]
    fn example_parses_and_lists_the_catalog() {
        let config = parse(EXAMPLE, Path::new("ocw.yaml"), &std_env(), EVENTS).unwrap();
        let w = config.webhook("crm-lead-capture").unwrap();
        assert_eq!(w.url.as_str(), "https://your-app.com/webhooks/openclaw");
        assert_eq!(w.secret.as_ref().unwrap().expose(), SECRET);
        assert_eq!(w.headers[0].1, format!("Bearer {API_KEY}"));
        // The URL default can be overridden.
        let env = env_with(&[
            ("WEBHOOK_SECRET", SECRET),
            ("CRM_API_KEY", API_KEY),
            ("CRM_WEBHOOK_URL", "http://localhost:3000/hook"),
        ]);
        let config = parse(EXAMPLE, Path::new("ocw.yaml"), &env, EVENTS).unwrap();
        assert_eq!(
            config.webhooks[0].url.as_str(),
            "http://localhost:3000/hook"
        );
        // Its comment lists exactly the real catalog.
        let catalog = crate::payload::Catalog::embedded();
        assert_eq!(catalog.names(), EVENTS);
        for event in EVENTS {
            assert!(
                EXAMPLE.contains(&format!("{event},")) || EXAMPLE.contains(&format!("{event}\n")),
                "{event}"
            );
        }
    }

    #[test]
    fn discover_order() {
        let dir = tempfile::tempdir().unwrap();
        let explicit = dir.path().join("elsewhere.yaml");
        // An explicit path wins, even when it does not exist (load then reports it).
        assert_eq!(
            discover(Some(&explicit), dir.path()),
            Some(explicit.clone())
        );
        let err = load(&explicit, &std_env(), EVENTS).unwrap_err();
        assert!(matches!(err, ConfigError::NotFound { .. }));
        assert!(err.to_string().contains("elsewhere.yaml"), "{err}");
        // Without ./ocw.yaml: nothing, or the user config dir's file (not ./ocw.yaml).
        let local = dir.path().join(FILE_NAME);
        match discover(None, dir.path()) {
            None => {}
            Some(p) => assert_eq!(Some(p), user_config_path()),
        }
        std::fs::write(&local, ARTICLE).unwrap();
        assert_eq!(discover(None, dir.path()), Some(local.clone()));
        assert_eq!(discover(Some(&explicit), dir.path()), Some(explicit));
        let config = load(&local, &std_env(), EVENTS).unwrap();
        assert_eq!(config.path, local);
    }

    #[cfg(unix)]
    #[test]
    fn write_example_is_private_and_does_not_clobber() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/dir/ocw.yaml");
        write_example(&path, false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);

        std::fs::write(&path, "mine").unwrap();
        let err = write_example(&path, false).unwrap_err();
        assert!(matches!(err, ConfigError::Exists { .. }));
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_example(&path, true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "forced overwrite tightens the mode");
    }

    #[test]
    fn load_reports_unreadable_files() {
        let dir = tempfile::tempdir().unwrap();
        let err = load(dir.path(), &std_env(), EVENTS).unwrap_err();
        assert!(matches!(err, ConfigError::Read { .. }), "{err:?}");
        assert_eq!(err.path(), dir.path());
    }

    #[test]
    fn aliases_and_yes_no_strings() {
        // YAML 1.1 booleans stay strings under the 1.2 rules, and anchors work.
        let text = "webhooks:\n  - name: yes\n    url: https://a.example\n    events: &all ['*']\n  - name: on\n    url: https://b.example\n    events: *all\n";
        let config = try_parse(text).unwrap();
        assert_eq!(config.webhooks[0].name, "yes");
        assert_eq!(config.webhooks[1].name, "on");
        assert_eq!(config.webhooks[1].events, ["*"]);
    }
}
