//! The case model: what a case file says (a request recipe, an expectation, the sentences that
//! explain a failure), loading the built-in cases and a user's folder, expanding `event: each`
//! into one case per event type, and selecting cases by name (`--only`, `--skip`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::signing::Scheme;

/// The schemes `ocw test` signs with. The OpenClaw webhooks plugin's scheme is not offered: it
/// is not an OpenClaw scheme.
pub const SCHEMES: [&str; 6] = [
    "ocw",
    "github",
    "stripe",
    "standard-webhooks",
    "slack",
    "shopify",
];

macro_rules! builtin {
    ($file:literal) => {
        ($file, include_str!(concat!("cases/", $file)))
    };
}

/// The built-in cases, in running order (the file names' order), embedded in the binary.
const BUILTIN: &[(&str, &str)] = &[
    builtin!("01-valid-event.yaml"),
    builtin!("02-wrong-signature.yaml"),
    builtin!("03-truncated-signature.yaml"),
    builtin!("04-missing-signature.yaml"),
    builtin!("05-signature-of-another-body.yaml"),
    builtin!("06-signature-with-another-secret.yaml"),
    builtin!("07-pretty-json.yaml"),
    builtin!("08-json-escapes.yaml"),
    builtin!("09-stale-timestamp.yaml"),
    builtin!("10-future-timestamp.yaml"),
    builtin!("11-rotated-signatures.yaml"),
    builtin!("12-malformed-json.yaml"),
    builtin!("13-empty-body.yaml"),
    builtin!("14-oversized-body.yaml"),
    builtin!("15-retry.yaml"),
    builtin!("16-unknown-event.yaml"),
    builtin!("99-survived.yaml"),
];

/// The largest body a recipe may ask for (`pad_to`): the suite must stay quick and bounded.
pub const MAX_PAD: usize = 64 * 1024 * 1024;
/// The most copies of one delivery a case may send (`repeat`).
pub const MAX_REPEAT: u8 = 5;

/// One case file, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    name: String,
    about: String,
    #[serde(default)]
    schemes: Vec<String>,
    #[serde(default = "yes")]
    required: bool,
    #[serde(default)]
    last: bool,
    #[serde(default)]
    request: Recipe,
    expect: Expect,
    explain: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

/// How the request of a case is made: the body, then its signature.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// A catalog event whose sample payload is the body (fresh `timestamp` and
    /// `conversation_id`), or `each` for one case per event type; default `lead.qualified`.
    #[serde(default)]
    pub event: Option<String>,
    /// The body's exact text instead of a sample payload; `{{now}}` becomes the time (RFC 3339)
    /// and `{{id}}` a fresh unique id, so each run's deliveries are new ones.
    #[serde(default)]
    pub body: Option<String>,
    /// How a sample payload is written: `compact` (JavaScript's JSON.stringify) or `pretty`.
    #[serde(default)]
    pub format: Format,
    /// Pad a sample payload with a `padding` member up to this size, e.g. `5MiB`.
    #[serde(default)]
    pub pad_to: Option<String>,
    /// What the signature gets wrong, if anything.
    #[serde(default)]
    pub signature: SignatureRecipe,
    /// Seconds added to the signed timestamp (timestamped schemes only).
    #[serde(default)]
    pub timestamp_offset: i64,
    /// Copies of the same delivery sent one after the other (same bytes and headers).
    #[serde(default = "one")]
    pub repeat: u8,
    /// The `content-type` header (default `application/json`).
    #[serde(default)]
    pub content_type: Option<String>,
}

fn one() -> u8 {
    1
}

/// A case without `request:` sends one correctly signed `lead.qualified` delivery.
impl Default for Recipe {
    fn default() -> Self {
        Self {
            event: None,
            body: None,
            format: Format::Compact,
            pad_to: None,
            signature: SignatureRecipe::Valid,
            timestamp_offset: 0,
            repeat: 1,
            content_type: None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    #[default]
    Compact,
    Pretty,
}

/// The signature a case sends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureRecipe {
    /// The body's signature with the receiver's secret.
    #[default]
    Valid,
    /// The right length, one character changed.
    Wrong,
    /// Cut to its first 16 characters.
    Truncated,
    /// No signature header (a timestamped scheme's id and timestamp are still sent).
    Missing,
    /// A valid signature of a different body.
    OtherBody,
    /// The body signed with a secret that is not the receiver's.
    OtherSecret,
    /// Two signatures in the header: another secret's, then the valid one (Stripe, Standard
    /// Webhooks: the schemes whose header carries several).
    Rotated,
}

/// What a case expects.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `2xx`, `4xx` (a class) or a code such as `413`, for every copy sent.
    pub status: StatusRule,
    /// With `--effects`: how much the effects count must grow over the case.
    #[serde(default)]
    pub effects: Option<u64>,
    /// After the case, a valid delivery must still be acknowledged.
    #[serde(default)]
    pub alive_after: bool,
    /// A connection closed before the answer counts as a refusal: a server that answers 413
    /// and closes while a large body is still arriving makes the kernel reset the connection,
    /// which can destroy the 413 before the sender reads it.
    #[serde(default)]
    pub closed_is_refusal: bool,
}

/// An expected status: a class (`4xx`) or one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusRule {
    Class(u16),
    Code(u16),
}

impl StatusRule {
    pub fn admits(self, status: u16) -> bool {
        match self {
            StatusRule::Class(c) => status / 100 == c,
            StatusRule::Code(c) => status == c,
        }
    }
}

impl std::fmt::Display for StatusRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusRule::Class(c) => write!(f, "{c}xx"),
            StatusRule::Code(c) => write!(f, "{c}"),
        }
    }
}

impl std::str::FromStr for StatusRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().to_ascii_lowercase();
        let bad =
            || format!("invalid status {s:?} (expected a class such as 2xx or a code such as 413)");
        if let Some(class) = t.strip_suffix("xx") {
            return match class.parse::<u16>() {
                Ok(c @ 1..=5) if class.len() == 1 => Ok(StatusRule::Class(c)),
                _ => Err(bad()),
            };
        }
        match t.parse::<u16>() {
            Ok(c @ 100..=599) => Ok(StatusRule::Code(c)),
            _ => Err(bad()),
        }
    }
}

impl<'de> Deserialize<'de> for StatusRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // `413` arrives as a number, `2xx` as a string.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Number(n) => n.to_string(),
            Raw::Text(s) => s,
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The keys of `explain`: the kind of answer that failed the case, plus `effects` (the effects
/// count did not grow as expected), `alive` (the valid delivery after the case failed) and
/// `default` (required: for anything without its own sentence).
pub const EXPLAIN_KEYS: [&str; 10] = [
    "1xx", "2xx", "3xx", "4xx", "5xx", "timeout", "error", "effects", "alive", "default",
];

/// Where a case comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

/// Which schemes a case applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schemes {
    All,
    Only(Vec<Scheme>),
    Timestamped,
}

/// One case, ready to run.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub about: String,
    /// A failed case that is not required is a warning, and does not fail the run.
    pub required: bool,
    /// Runs after every other case (built-in and the user's).
    pub last: bool,
    pub schemes: Schemes,
    pub request: Recipe,
    pub expect: Expect,
    explain: BTreeMap<String, String>,
    pub origin: Origin,
    /// The event of an `event: each` expansion (for `{event}` in sentences).
    pub event: Option<String>,
}

/// Why cases could not be loaded or selected.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("{place}: {message}")]
    Invalid { place: String, message: String },
    #[error("reading cases from {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("two cases are named `{0}`; case names must be unique")]
    Duplicate(String),
    #[error("{}", unknown_message(.pattern, .suggestion.as_deref()))]
    Unknown {
        pattern: String,
        suggestion: Option<String>,
    },
}

fn unknown_message(pattern: &str, suggestion: Option<&str>) -> String {
    let what = if crate::pattern::is_wild(pattern) {
        format!("no case matches `{pattern}`")
    } else {
        format!("no case named `{pattern}`")
    };
    match suggestion {
        Some(s) => format!("{what}; did you mean `{s}`? (`ocw test --list` lists the cases)"),
        None => format!("{what} (`ocw test --list` lists the cases)"),
    }
}

impl Case {
    /// Whether the case means anything for `scheme`: timestamps only for the timestamped
    /// schemes, two signatures in one header only where the header carries several.
    pub fn applies_to(&self, scheme: Scheme) -> bool {
        let listed = match &self.schemes {
            Schemes::All => true,
            Schemes::Timestamped => scheme.is_timestamped(),
            Schemes::Only(list) => list.contains(&scheme),
        };
        let timestamps = self.request.timestamp_offset == 0 || scheme.is_timestamped();
        let rotation = self.request.signature != SignatureRecipe::Rotated || rotates(scheme);
        listed && timestamps && rotation
    }

    /// The sentence for a failure of kind `key` (see [`EXPLAIN_KEYS`]), else the default, with
    /// `{event}`, `{timeout}` and `{raw_body_fix}` filled in.
    pub fn explain(&self, key: &str, timeout: &str) -> String {
        let text = self
            .explain
            .get(key)
            .or_else(|| self.explain.get("default"))
            .map(String::as_str)
            .unwrap_or("the answer did not meet the expectation");
        text.replace("{event}", self.event.as_deref().unwrap_or("sample"))
            .replace("{timeout}", timeout)
            .replace("{raw_body_fix}", crate::signing::RAW_BODY_FIX)
    }

    /// Whether the case has its own sentence for `key` (not the default).
    pub fn explains(&self, key: &str) -> bool {
        self.explain.contains_key(key)
    }

    /// What the case expects, in words: `2xx`, `4xx, then 2xx`.
    pub fn expected(&self) -> String {
        let mut expected = self.expect.status.to_string();
        if self.expect.alive_after {
            expected.push_str(", then 2xx");
        }
        expected
    }

    /// The `about` line with `{event}` filled in.
    pub fn about(&self) -> String {
        self.about
            .replace("{event}", self.event.as_deref().unwrap_or("sample"))
    }
}

/// Whether the scheme's signature header carries several signatures (key rotation).
pub fn rotates(scheme: Scheme) -> bool {
    matches!(scheme, Scheme::Stripe | Scheme::StandardWebhooks)
}

/// The built-in cases, with `event: each` expanded over the embedded catalog.
pub fn builtin() -> Vec<Case> {
    BUILTIN
        .iter()
        .flat_map(|(file, text)| {
            parse(text, &format!("built-in case {file}"), Origin::BuiltIn)
                .unwrap_or_else(|e| panic!("built-in case {file} is invalid: {e}"))
        })
        .collect()
}

/// The cases in `dir` (every `*.yaml` and `*.yml`, by file name).
pub fn load_dir(dir: &Path) -> Result<Vec<Case>, CaseError> {
    let io = |source| CaseError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")
                })
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CaseError::Invalid {
            place: dir.display().to_string(),
            message: "no case files (*.yaml) in this folder".into(),
        });
    }
    let mut out = Vec::new();
    for path in files {
        // Case files are a few hundred bytes: a huge file is a mistake, not a case.
        let meta = std::fs::metadata(&path).map_err(|source| CaseError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.len() > 1024 * 1024 {
            return Err(CaseError::Invalid {
                place: path.display().to_string(),
                message: "over 1 MiB: not a case file".into(),
            });
        }
        let text = std::fs::read_to_string(&path).map_err(|source| CaseError::Io {
            path: path.clone(),
            source,
        })?;
        out.extend(parse(
            &text,
            &path.display().to_string(),
            Origin::File(path.clone()),
        )?);
    }
    Ok(out)
}

/// One case file's text into its cases (several for `event: each`).
pub fn parse(text: &str, place: &str, origin: Origin) -> Result<Vec<Case>, CaseError> {
    let invalid = |message: String| CaseError::Invalid {
        place: place.to_owned(),
        message,
    };
    let file: CaseFile = serde_saphyr::from_str_with_options(text, crate::yaml::options())
        .map_err(|e| invalid(crate::yaml::message(&e.to_string())))?;
    validate(&file).map_err(invalid)?;
    let schemes = schemes_of(&file.schemes).map_err(invalid)?;
    let events: Vec<Option<String>> = match file.request.event.as_deref() {
        Some("each") => crate::payload::EVENT_NAMES
            .iter()
            .map(|e| Some((*e).to_owned()))
            .collect(),
        Some(event) => {
            crate::payload::Catalog::embedded()
                .get(event)
                .map_err(|e| invalid(e.to_string()))?;
            vec![None]
        }
        None => vec![None],
    };
    Ok(events
        .into_iter()
        .map(|event| {
            let mut request = file.request.clone();
            if let Some(e) = &event {
                request.event = Some(e.clone());
            }
            Case {
                name: match &event {
                    Some(e) => format!("{}/{e}", file.name),
                    None => file.name.clone(),
                },
                about: file.about.clone(),
                required: file.required,
                last: file.last,
                schemes: schemes.clone(),
                request,
                expect: file.expect.clone(),
                explain: file.explain.clone(),
                origin: origin.clone(),
                event: event.or_else(|| file.request.event.clone()),
            }
        })
        .collect())
}

/// The checks serde cannot make: names, sizes, the explain keys.
fn validate(file: &CaseFile) -> Result<(), String> {
    let name_ok = !file.name.is_empty()
        && file.name.len() <= 64
        && file
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !name_ok {
        return Err(format!(
            "invalid case name {:?}: use up to 64 letters, digits, `-`, `_` and `.`",
            file.name
        ));
    }
    if let Some(key) = file
        .explain
        .keys()
        .find(|k| !EXPLAIN_KEYS.contains(&k.as_str()))
    {
        return Err(format!(
            "unknown explain key `{key}`; expected one of {}",
            EXPLAIN_KEYS.join(", ")
        ));
    }
    if !file.explain.contains_key("default") {
        return Err(
            "explain needs a `default` sentence (used for any failure without its own)".into(),
        );
    }
    let r = &file.request;
    if r.repeat == 0 || r.repeat > MAX_REPEAT {
        return Err(format!("repeat must be from 1 to {MAX_REPEAT}"));
    }
    if r.body.is_some() && (r.event.is_some() || r.pad_to.is_some() || r.format != Format::Compact)
    {
        return Err(
            "`body` replaces the sample payload: it cannot go with event, format or pad_to".into(),
        );
    }
    if let Some(size) = &r.pad_to {
        let n = crate::units::parse_size(size)?;
        if n > MAX_PAD {
            return Err(format!("pad_to is over {}", crate::units::bytes(MAX_PAD)));
        }
    }
    if let Some(ct) = &r.content_type
        && !crate::delivery::request::header_value_ok(ct)
    {
        return Err(format!("invalid content_type {ct:?}"));
    }
    Ok(())
}

fn schemes_of(names: &[String]) -> Result<Schemes, String> {
    if names.is_empty() {
        return Ok(Schemes::All);
    }
    if let [only] = names
        && only == "timestamped"
    {
        return Ok(Schemes::Timestamped);
    }
    names
        .iter()
        .map(|n| {
            SCHEMES
                .contains(&n.as_str())
                .then(|| Scheme::from_name(n))
                .flatten()
                .ok_or_else(|| {
                    format!(
                        "unknown scheme `{n}` in schemes; expected `timestamped` or some of {}",
                        SCHEMES.join(", ")
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Schemes::Only)
}

/// Adds the user's cases to the built-in ones: in their order, before the `last` cases.
pub fn combine(builtin: Vec<Case>, user: Vec<Case>) -> Result<Vec<Case>, CaseError> {
    let (last, mut all): (Vec<Case>, Vec<Case>) =
        builtin.into_iter().chain(user).partition(|c| c.last);
    all.extend(last);
    let mut seen = std::collections::HashSet::new();
    for case in &all {
        if !seen.insert(case.name.as_str()) {
            return Err(CaseError::Duplicate(case.name.clone()));
        }
    }
    Ok(all)
}

/// Whether `name` is selected by `pattern`: a glob (`valid-event/*`), an exact name, or the
/// name of an expanded family (`valid-event` selects every `valid-event/<event>`).
fn selects(pattern: &str, name: &str) -> bool {
    crate::pattern::matches(pattern, name)
        || name
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The cases `--only` keeps (all when empty) minus those `--skip` names. A pattern that selects
/// nothing is an error, with a did-you-mean for a mistyped name.
pub fn select(cases: Vec<Case>, only: &[String], skip: &[String]) -> Result<Vec<Case>, CaseError> {
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    for pattern in only.iter().chain(skip) {
        if !names.iter().any(|n| selects(pattern, n)) {
            let mut candidates = names.clone();
            let families: Vec<&str> = names
                .iter()
                .filter_map(|n| n.split_once('/'))
                .map(|(f, _)| f)
                .collect();
            candidates.extend(families);
            return Err(CaseError::Unknown {
                pattern: pattern.clone(),
                suggestion: (!crate::pattern::is_wild(pattern))
                    .then(|| crate::suggest::did_you_mean(pattern, &candidates))
                    .flatten()
                    .map(str::to_owned),
            });
        }
    }
    Ok(cases
        .into_iter()
        .filter(|c| only.is_empty() || only.iter().any(|p| selects(p, &c.name)))
        .filter(|c| !skip.iter().any(|p| selects(p, &c.name)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_cases_load_and_cover_the_issue() {
        let cases = builtin();
        let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
        for event in crate::payload::EVENT_NAMES {
            assert!(names.contains(&format!("valid-event/{event}").as_str()));
        }
        for name in [
            "wrong-signature",
            "truncated-signature",
            "missing-signature",
            "signature-of-another-body",
            "signature-with-another-secret",
            "pretty-json",
            "json-escapes",
            "stale-timestamp",
            "future-timestamp",
            "rotated-signatures",
            "malformed-json",
            "empty-body",
            "oversized-body",
            "retry-acknowledged",
            "unknown-event",
            "survived",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
        assert_eq!(names.last(), Some(&"survived"));
        let unknown = cases.iter().find(|c| c.name == "unknown-event").unwrap();
        assert!(!unknown.required);
    }

    #[test]
    fn applicability_follows_the_scheme() {
        let cases = builtin();
        let applies = |name: &str, scheme: Scheme| {
            cases
                .iter()
                .find(|c| c.name == name)
                .unwrap()
                .applies_to(scheme)
        };
        assert!(!applies("stale-timestamp", Scheme::Ocw));
        assert!(applies("stale-timestamp", Scheme::Slack));
        assert!(!applies("rotated-signatures", Scheme::Slack));
        assert!(applies("rotated-signatures", Scheme::StandardWebhooks));
        assert!(applies("pretty-json", Scheme::Shopify));
    }

    #[test]
    fn bad_case_files_are_refused_with_the_reason() {
        let err = |text: &str| {
            parse(text, "x.yaml", Origin::BuiltIn)
                .unwrap_err()
                .to_string()
        };
        let base = "name: a\nabout: b\nexpect: {status: 2xx}\nexplain: {default: c}\n";
        assert!(parse(base, "x.yaml", Origin::BuiltIn).is_ok());
        assert!(err(&format!("{base}surprise: 1\n")).contains("surprise"));
        assert!(
            err("name: a\nabout: b\nexpect: {status: 2xx}\nexplain: {4xx: c}\n")
                .contains("default")
        );
        assert!(
            err("name: a\nabout: b\nexpect: {status: 7xx}\nexplain: {default: c}\n")
                .contains("7xx")
        );
        assert!(
            err("name: a b\nabout: b\nexpect: {status: 2xx}\nexplain: {default: c}\n")
                .contains("invalid case name")
        );
        assert!(err(&format!("{base}schemes: [openclaw-plugin]\n")).contains("unknown scheme"));
        assert!(
            err(&format!("{base}request: {{event: lead.qualifed}}\n")).contains("lead.qualified")
        );
        assert!(err(&format!("{base}request: {{signature: forged}}\n")).contains("forged"));
        let code = parse(&base.replace("2xx", "413"), "x", Origin::BuiltIn).unwrap();
        assert_eq!(code[0].expect.status, StatusRule::Code(413));
    }

    #[test]
    fn selection_by_glob_family_and_name_with_did_you_mean() {
        let cases = builtin();
        let names = |c: Vec<Case>| c.into_iter().map(|c| c.name).collect::<Vec<_>>();
        let only = select(cases.clone(), &["valid-event".into()], &[]).unwrap();
        assert_eq!(only.len(), crate::payload::EVENT_NAMES.len());
        let globbed = select(cases.clone(), &["*-timestamp".into()], &[]).unwrap();
        assert_eq!(names(globbed), ["stale-timestamp", "future-timestamp"]);
        let skipped = select(
            cases.clone(),
            &[],
            &["valid-event/*".into(), "survived".into()],
        )
        .unwrap();
        assert!(
            skipped
                .iter()
                .all(|c| !c.name.starts_with("valid-event") && c.name != "survived")
        );
        let err = select(cases.clone(), &["wrong-signatur".into()], &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `wrong-signature`"), "{err}");
        let err = select(cases, &[], &["nothing*".into()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("no case matches `nothing*`"), "{err}");
    }

    #[test]
    fn user_cases_run_before_the_last_ones_and_names_are_unique() {
        let user = parse(
            "name: mine\nabout: b\nexpect: {status: 2xx}\nexplain: {default: c}\n",
            "mine.yaml",
            Origin::File("mine.yaml".into()),
        )
        .unwrap();
        let all = combine(builtin(), user.clone()).unwrap();
        let n = all.len();
        assert_eq!(all[n - 2].name, "mine");
        assert_eq!(all[n - 1].name, "survived");
        let twice = combine(builtin(), [user.clone(), user].concat()).unwrap_err();
        assert!(twice.to_string().contains("`mine`"));
    }
}
