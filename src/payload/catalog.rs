//! The event catalog: the eight built-in example payloads (embedded in the binary, so ocw works
//! from any directory) or a directory of user fixtures, looked up by event name with a
//! "did you mean" for typos.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One example payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixture {
    /// The event name, e.g. `lead.qualified` (for user fixtures, the file stem).
    pub event: String,
    /// One line saying when the event fires (for user fixtures, where it came from).
    pub description: String,
    /// The payload, in its file's key order.
    pub payload: Value,
}

/// A set of fixtures, in a fixed order (the event table of docs/webhook-contract.md for the
/// built-ins, by name for a directory).
#[derive(Debug, Clone)]
pub struct Catalog {
    fixtures: Vec<Fixture>,
}

/// Why a catalog could not be loaded, or an event not found in it.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{}", unknown_event_message(name, suggestion.as_deref(), known))]
    UnknownEvent {
        name: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    #[error("reading fixture directory {}: {source}", dir.display())]
    ReadDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("reading fixture {}: {source}", path.display())]
    ReadFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("fixture {} is not valid JSON: {message} at line {line}, column {column}", path.display())]
    BadJson {
        path: PathBuf,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("fixture {} must hold a JSON object, found {found}", path.display())]
    NotAnObject { path: PathBuf, found: &'static str },
    #[error("fixture file name {} is not valid UTF-8", path.display())]
    BadFileName { path: PathBuf },
    #[error("no *.json fixtures in {}", dir.display())]
    Empty { dir: PathBuf },
}

fn unknown_event_message(name: &str, suggestion: Option<&str>, known: &[String]) -> String {
    let mut msg = format!("unknown event {name:?}");
    match suggestion {
        Some(s) => msg.push_str(&format!("; did you mean {s:?}? ")),
        None => msg.push_str("; "),
    }
    msg.push_str("known events: ");
    msg.push_str(&known.join(", "));
    msg
}

/// The eight built-in event names, in catalog order: the one list of them in the code.
pub const EVENT_NAMES: [&str; 8] = {
    let mut names = [""; 8];
    let mut i = 0;
    while i < names.len() {
        names[i] = EMBEDDED[i].0;
        i += 1;
    }
    names
};

/// The built-in fixtures, in the order of the event table of docs/webhook-contract.md (section 2).
const EMBEDDED: [(&str, &str, &str); 8] = [
    (
        "conversation.started",
        "a new conversation begins",
        include_str!("../../fixtures/conversation.started.json"),
    ),
    (
        "conversation.ended",
        "a conversation ends (timeout or user closes)",
        include_str!("../../fixtures/conversation.ended.json"),
    ),
    (
        "message.received",
        "the user sends any message",
        include_str!("../../fixtures/message.received.json"),
    ),
    (
        "message.sent",
        "the agent sends a response",
        include_str!("../../fixtures/message.sent.json"),
    ),
    (
        "lead.qualified",
        "the agent marks the conversation as a qualified lead",
        include_str!("../../fixtures/lead.qualified.json"),
    ),
    (
        "intent.detected",
        "a configured intent is detected",
        include_str!("../../fixtures/intent.detected.json"),
    ),
    (
        "handoff.requested",
        "the user asks for a human agent",
        include_str!("../../fixtures/handoff.requested.json"),
    ),
    (
        "custom.triggered",
        "the agent explicitly fires a named custom event",
        include_str!("../../fixtures/custom.triggered.json"),
    ),
];

impl Catalog {
    /// The eight built-in events with their one-line descriptions.
    pub fn embedded() -> Catalog {
        let fixtures = EMBEDDED
            .iter()
            .map(|(event, description, text)| Fixture {
                event: (*event).to_owned(),
                description: (*description).to_owned(),
                // The files are checked by this module's tests; a broken one is a build bug.
                payload: serde_json::from_str(text)
                    .unwrap_or_else(|e| panic!("embedded fixture {event}.json: {e}")),
            })
            .collect();
        Catalog { fixtures }
    }

    /// Every `*.json` file directly in `dir` (subdirectories and other files are ignored). The
    /// event name is the file stem (`bug_report.json` → `bug_report`); fixtures are sorted by
    /// name. Each file must hold a JSON object; an empty directory is an error.
    pub fn from_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        let read_dir_err = |source| CatalogError::ReadDir {
            dir: dir.to_owned(),
            source,
        };
        let mut fixtures = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(read_dir_err)? {
            let path = entry.map_err(read_dir_err)?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") || path.is_dir() {
                continue;
            }
            let (Some(stem), Some(file_name)) = (
                path.file_stem().and_then(|s| s.to_str()),
                path.file_name().and_then(|s| s.to_str()),
            ) else {
                return Err(CatalogError::BadFileName { path });
            };
            let (event, description) = (stem.to_owned(), format!("(user fixture {file_name})"));
            let bytes = std::fs::read(&path).map_err(|source| CatalogError::ReadFile {
                path: path.clone(),
                source,
            })?;
            let payload: Value = serde_json::from_slice(&bytes).map_err(|e| {
                let full = e.to_string();
                let suffix = format!(" at line {} column {}", e.line(), e.column());
                CatalogError::BadJson {
                    path: path.clone(),
                    message: full.strip_suffix(&suffix).unwrap_or(&full).to_owned(),
                    line: e.line(),
                    column: e.column(),
                }
            })?;
            if !payload.is_object() {
                return Err(CatalogError::NotAnObject {
                    found: super::edit::kind(&payload),
                    path,
                });
            }
            fixtures.push(Fixture {
                event,
                description,
                payload,
            });
        }
        if fixtures.is_empty() {
            return Err(CatalogError::Empty {
                dir: dir.to_owned(),
            });
        }
        fixtures.sort_by(|a, b| a.event.cmp(&b.event));
        Ok(Catalog { fixtures })
    }

    /// The fixture for `event`, or [`CatalogError::UnknownEvent`] with a suggestion when the
    /// name is close to a known one.
    pub fn get(&self, event: &str) -> Result<&Fixture, CatalogError> {
        self.fixtures
            .iter()
            .find(|f| f.event == event)
            .ok_or_else(|| CatalogError::UnknownEvent {
                name: event.to_owned(),
                suggestion: crate::suggest::did_you_mean(event, &self.names()).map(str::to_owned),
                known: self.names().into_iter().map(str::to_owned).collect(),
            })
    }

    /// All fixtures, in catalog order.
    pub fn fixtures(&self) -> &[Fixture] {
        &self.fixtures
    }

    /// All event names, in catalog order.
    pub fn names(&self) -> Vec<&str> {
        self.fixtures.iter().map(|f| f.event.as_str()).collect()
    }
}

/// The built-in events in the order a conversation produces them: it starts, the user writes,
/// an intent is found, the agent answers, a lead qualifies, a human is asked for, a custom event
/// fires, and it ends. `send --all` sends in this order.
const CONVERSATION_ORDER: [&str; 8] = [
    "conversation.started",
    "message.received",
    "intent.detected",
    "message.sent",
    "lead.qualified",
    "handoff.requested",
    "custom.triggered",
    "conversation.ended",
];

/// Where `event` falls in a conversation, for sorting: the built-ins by
/// [`CONVERSATION_ORDER`], any other (a user fixture) just before `conversation.ended`.
pub fn conversation_rank(event: &str) -> usize {
    match CONVERSATION_ORDER.iter().position(|e| *e == event) {
        Some(i) => 2 * i,
        None => 2 * (CONVERSATION_ORDER.len() - 1) - 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conversations_start_first_and_end_last() {
        let catalog = Catalog::embedded();
        let mut names = catalog.names();
        names.push("order.shipped");
        names.sort_by_key(|e| conversation_rank(e));
        assert_eq!(names.first(), Some(&"conversation.started"));
        assert_eq!(names.last(), Some(&"conversation.ended"));
        assert_eq!(names[names.len() - 2], "order.shipped");
        assert_eq!(names.len(), 9);
    }

    const ORDER: [&str; 8] = [
        "conversation.started",
        "conversation.ended",
        "message.received",
        "message.sent",
        "lead.qualified",
        "intent.detected",
        "handoff.requested",
        "custom.triggered",
    ];

    #[test]
    fn embedded_has_the_eight_events_in_table_order() {
        let c = Catalog::embedded();
        assert_eq!(c.names(), ORDER);
        assert_eq!(EVENT_NAMES, ORDER);
        assert_eq!(c.fixtures().len(), 8);
        for f in c.fixtures() {
            assert_eq!(f.payload["event"], json!(f.event), "{}", f.event);
            assert!(!f.description.is_empty());
            let ts = f.payload["timestamp"].as_str().unwrap();
            assert!(
                ts.len() == 20 && ts.ends_with('Z') && ts.parse::<jiff::Timestamp>().is_ok(),
                "{ts}"
            );
            let id = f.payload["conversation_id"].as_str().unwrap();
            assert!(id.starts_with("conv_"), "{id}");
        }
        assert_eq!(
            c.get("lead.qualified").unwrap().description,
            "the agent marks the conversation as a qualified lead"
        );
    }

    #[test]
    fn article_examples_are_verbatim() {
        let c = Catalog::embedded();
        // Compared as text so that key order counts too.
        let started = json!({"event":"conversation.started","timestamp":"2026-03-10T14:22:01Z",
            "conversation_id":"conv_abc123","channel":"telegram",
            "user":{"id":"user_xyz789","username":"johndoe","first_name":"John"},
            "metadata":{"referrer":"https://yoursite.com/pricing","utm_source":"google",
                "utm_campaign":"spring-2026"}});
        let lead = json!({"event":"lead.qualified","timestamp":"2026-03-10T14:25:44Z",
            "conversation_id":"conv_abc123",
            "user":{"id":"user_xyz789","email":"john@acme.com","company":"Acme Corp"},
            "lead_data":{"name":"John Doe","email":"john@acme.com","company":"Acme Corp",
                "team_size":"50-200","use_case":"customer support automation","urgency":"high",
                "score":87}});
        let custom = json!({"event":"custom.triggered","event_name":"cancellation_intent",
            "timestamp":"2026-03-10T15:01:22Z","conversation_id":"conv_def456",
            "trigger_message":"I want to cancel my subscription",
            "context":{"last_5_messages":["..."],"sentiment":"frustrated","account_age_days":45}});
        for want in [started, lead, custom] {
            let event = want["event"].as_str().unwrap();
            assert_eq!(
                c.get(event).unwrap().payload.to_string(),
                want.to_string(),
                "{event}"
            );
        }
    }

    #[test]
    fn fixture_files_are_pretty_printed_with_two_spaces() {
        for (event, _, text) in EMBEDDED {
            assert!(text.starts_with("{\n  \"event\": "), "{event}");
            assert!(text.ends_with("}\n"), "{event}");
            for line in text.lines() {
                let indent = line.len() - line.trim_start().len();
                assert_eq!(indent % 2, 0, "{event}: {line:?}");
                assert!(
                    !line.contains('\t') && !line.ends_with(' '),
                    "{event}: {line:?}"
                );
            }
        }
    }

    #[test]
    fn did_you_mean() {
        let c = Catalog::embedded();
        let err = c.get("lead.qualifed").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown event \"lead.qualifed\"; did you mean \"lead.qualified\"? known events: \
             conversation.started, conversation.ended, message.received, message.sent, \
             lead.qualified, intent.detected, handoff.requested, custom.triggered"
        );
        let CatalogError::UnknownEvent {
            name,
            suggestion,
            known,
        } = err
        else {
            panic!("wrong variant")
        };
        assert_eq!(name, "lead.qualifed");
        assert_eq!(suggestion.as_deref(), Some("lead.qualified"));
        assert_eq!(known, ORDER);

        let suggestion = |s: &str| match c.get(s) {
            Err(CatalogError::UnknownEvent { suggestion, .. }) => suggestion,
            other => panic!("{other:?}"),
        };
        assert_eq!(suggestion("mesage.sent").as_deref(), Some("message.sent"));
        assert_eq!(
            suggestion("message.recieved").as_deref(),
            Some("message.received")
        );
        assert_eq!(
            suggestion("conversation.start").as_deref(),
            Some("conversation.started")
        );
        assert_eq!(
            suggestion("Lead.Qualified").as_deref(),
            Some("lead.qualified")
        );
        assert_eq!(
            suggestion("lead.qualified.json").as_deref(),
            Some("lead.qualified")
        );
        assert_eq!(suggestion("qualified").as_deref(), Some("lead.qualified"));
        assert_eq!(suggestion("handoff").as_deref(), Some("handoff.requested"));
        assert_eq!(suggestion("conversation"), None); // two events start with it
        assert_eq!(suggestion("message"), None);
        assert_eq!(suggestion("bug_report"), None);
        assert_eq!(suggestion("foo"), None);
        assert_eq!(suggestion(""), None);
        assert_eq!(
            c.get("foo").unwrap_err().to_string(),
            "unknown event \"foo\"; known events: conversation.started, conversation.ended, \
             message.received, message.sent, lead.qualified, intent.detected, \
             handoff.requested, custom.triggered"
        );
    }

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn from_dir_loads_sorted_json_files() {
        let dir = dir_with(&[
            ("zeta.json", r#"{"event":"zeta","b":1,"a":2}"#),
            ("bug_report.json", r#"{"event":"custom.triggered"}"#),
            ("notes.txt", "not a fixture"),
            ("README", "x"),
        ]);
        std::fs::create_dir(dir.path().join("sub.json")).unwrap();
        let c = Catalog::from_dir(dir.path()).unwrap();
        assert_eq!(c.names(), ["bug_report", "zeta"]);
        let z = c.get("zeta").unwrap();
        assert_eq!(z.description, "(user fixture zeta.json)");
        assert_eq!(z.payload.to_string(), r#"{"event":"zeta","b":1,"a":2}"#);
        let err = c.get("zeta.json").unwrap_err().to_string();
        assert!(err.contains("did you mean \"zeta\"?"), "{err}");
    }

    #[test]
    fn from_dir_errors_name_the_file() {
        let dir = dir_with(&[("good.json", "{}"), ("bad.json", "{\n  \"a\": 1,\n}\n")]);
        let err = Catalog::from_dir(dir.path()).unwrap_err();
        let path = dir.path().join("bad.json");
        assert_eq!(
            err.to_string(),
            format!(
                "fixture {} is not valid JSON: trailing comma at line 3, column 1",
                path.display()
            )
        );
        assert!(matches!(
            err,
            CatalogError::BadJson {
                line: 3,
                column: 1,
                ..
            }
        ));

        let dir = dir_with(&[("list.json", "[1, 2]")]);
        let err = Catalog::from_dir(dir.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "fixture {} must hold a JSON object, found an array",
                dir.path().join("list.json").display()
            )
        );

        let dir = dir_with(&[("notes.txt", "{}")]);
        let err = Catalog::from_dir(dir.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("no *.json fixtures in {}", dir.path().display())
        );

        let missing = dir.path().join("nope");
        let err = Catalog::from_dir(&missing).unwrap_err();
        assert!(matches!(err, CatalogError::ReadDir { .. }), "{err:?}");
        assert!(
            err.to_string().starts_with(&format!(
                "reading fixture directory {}: ",
                missing.display()
            )),
            "{err}"
        );
    }
}
