//! Scenarios: a conversation's worth of events, sent as one coherent sequence (one
//! `conversation_id`, timestamps that advance step by step), for testing a receiver's handling
//! of order and of repeats. A scenario is a small YAML file: the built-in ones are embedded
//! from `scenarios/` and can be printed (`ocw events scenarios NAME`), copied and extended
//! (`ocw send --scenario-file FILE`).
//!
//! ```yaml
//! description: one question, one answer
//! steps:
//!   - event: conversation.started
//!   - event: message.received
//!     after: 3s                 # its timestamp, 3 s after the previous step's
//!     set:                      # edits, as with --set (typed YAML values)
//!       message.text: "Hi!"
//! ```

use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;

use super::{Catalog, Template, TemplateBody, edit};

/// The built-in scenarios: (name, file text).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "lead-funnel",
        include_str!("../../scenarios/lead-funnel.yaml"),
    ),
    (
        "support-handoff",
        include_str!("../../scenarios/support-handoff.yaml"),
    ),
    (
        "quick-chat",
        include_str!("../../scenarios/quick-chat.yaml"),
    ),
];

/// The longest scenario file read: a scenario is a page of YAML, not data.
pub const MAX_FILE: u64 = 1024 * 1024;

/// The most steps a scenario may have (each is a delivery to every target).
pub const MAX_STEPS: usize = 1000;

/// One scenario, checked.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub event: String,
    /// Time since the previous step (its payload's timestamp advances by this).
    pub after: Duration,
    /// `set:` edits in file order.
    pub set: Vec<(String, Value)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    description: String,
    steps: Vec<StepDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepDoc {
    event: String,
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    set: serde_json::Map<String, Value>,
}

/// Why a scenario cannot be used; every message names the scenario (file or built-in name).
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("no scenario named {name:?}{}; the scenarios: {}", did_you_mean(.suggestion), .known.join(", "))]
    Unknown {
        name: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
}

fn did_you_mean(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!("; did you mean {s:?}?"))
        .unwrap_or_default()
}

/// The names of the built-in scenarios.
pub fn names() -> Vec<&'static str> {
    EMBEDDED.iter().map(|(n, _)| *n).collect()
}

/// A built-in scenario's file text.
pub fn text(name: &str) -> Result<&'static str, ScenarioError> {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| ScenarioError::Unknown {
            name: name.to_owned(),
            suggestion: crate::suggest::did_you_mean(name, &names()).map(str::to_owned),
            known: names().iter().map(|n| (*n).to_owned()).collect(),
        })
}

/// Parse and check a scenario: YAML shape, step count, `after` durations, and that every
/// event is in `catalog`. `origin` names it in messages (a file path or a built-in name).
pub fn parse(
    name: &str,
    origin: &str,
    text: &str,
    catalog: &Catalog,
) -> Result<Scenario, ScenarioError> {
    let invalid = |message: String| ScenarioError::Invalid {
        origin: origin.to_owned(),
        message,
    };
    let doc: FileDoc =
        serde_saphyr::from_str_with_options(text, crate::yaml::options()).map_err(|e| {
            let rendered = crate::yaml::message(&e.without_snippet().to_string());
            invalid(crate::sanitize::line(&rendered).into_owned())
        })?;
    if doc.steps.is_empty() {
        return Err(invalid("it has no steps".into()));
    }
    if doc.steps.len() > MAX_STEPS {
        return Err(invalid(format!(
            "{} steps; a scenario has at most {MAX_STEPS}",
            doc.steps.len()
        )));
    }
    let known = catalog.names();
    let mut steps = Vec::with_capacity(doc.steps.len());
    for (i, s) in doc.steps.into_iter().enumerate() {
        let at = format!("step {}", i + 1);
        if !known.contains(&s.event.as_str()) {
            let hint = crate::suggest::did_you_mean(&s.event, &known)
                .map(|k| format!("; did you mean {k:?}?"))
                .unwrap_or_default();
            return Err(invalid(format!(
                "{at}: unknown event {:?}{hint}",
                crate::sanitize::line(&s.event)
            )));
        }
        let after = match s.after.as_deref() {
            None => Duration::ZERO,
            Some(text) => humantime::parse_duration(text).map_err(|e| {
                invalid(format!(
                    "{at}: after: {:?} is not a duration ({e}); e.g. 5s, 2m",
                    crate::sanitize::line(text)
                ))
            })?,
        };
        steps.push(Step {
            event: s.event,
            after,
            set: s.set.into_iter().collect(),
        });
    }
    Ok(Scenario {
        name: name.to_owned(),
        description: doc.description,
        steps,
    })
}

/// How a scenario is sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plan {
    /// Send in a shuffled order (seeded), timestamps unchanged: the receiver sees events out of
    /// order, as it will when deliveries are retried.
    pub shuffle: Option<u64>,
    /// Send this many of the deliveries twice (chosen with the seed): the same bytes again,
    /// as a retry would.
    pub duplicate: usize,
    /// The seed for both (also given when only `duplicate` is).
    pub seed: u64,
}

/// The scenario rendered: one template of fixed bytes per delivery, in sending order, all
/// with one conversation id, timestamps from `start` advancing by each step's `after`.
pub fn render(
    scenario: &Scenario,
    catalog: &Catalog,
    start: jiff::Timestamp,
    plan: Plan,
) -> Result<Vec<Template>, ScenarioError> {
    let invalid = |message: String| ScenarioError::Invalid {
        origin: scenario.name.clone(),
        message,
    };
    let conversation_id = super::new_conversation_id();
    let mut at = start;
    let mut out = Vec::with_capacity(scenario.steps.len() + plan.duplicate);
    for (i, step) in scenario.steps.iter().enumerate() {
        at = at
            .checked_add(jiff::SignedDuration::try_from(step.after).unwrap_or_default())
            .map_err(|e| invalid(format!("step {}: {e}", i + 1)))?;
        let mut doc = catalog
            .get(&step.event)
            .map_err(|e| invalid(e.to_string()))?
            .payload
            .clone();
        if let Value::Object(map) = &mut doc {
            map.insert(
                "timestamp".into(),
                Value::String(super::rfc3339_seconds(at)),
            );
            map.insert(
                "conversation_id".into(),
                Value::String(conversation_id.clone()),
            );
        }
        for (path, value) in &step.set {
            edit::set_path(&mut doc, path, value.clone())
                .map_err(|e| invalid(format!("step {}: {e}", i + 1)))?;
        }
        let bytes = super::js::canonical_bytes(&serde_json::to_vec(&doc).unwrap_or_default())
            .map_err(|e| invalid(format!("step {}: {e}", i + 1)))?;
        out.push(Template {
            event: step.event.clone(),
            body: TemplateBody::Raw(Bytes::from(bytes)),
        });
    }
    let mut rng = fastrand::Rng::with_seed(plan.shuffle.unwrap_or(plan.seed));
    if plan.duplicate > 0 {
        let mut picks: Vec<usize> = (0..out.len()).collect();
        rng.shuffle(&mut picks);
        picks.truncate(plan.duplicate.min(out.len()));
        // Each repeat right after its original (the shuffle below may move it).
        picks.sort_unstable_by(|a, b| b.cmp(a));
        for i in picks {
            let again = out[i].clone();
            out.insert(i + 1, again);
        }
    }
    if plan.shuffle.is_some() {
        rng.shuffle(&mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(name: &str) -> Scenario {
        parse(name, name, text(name).unwrap(), &Catalog::embedded()).unwrap()
    }

    fn rendered(s: &Scenario, plan: Plan) -> Vec<Value> {
        let start: jiff::Timestamp = "2026-11-29T10:00:00Z".parse().unwrap();
        render(s, &Catalog::embedded(), start, plan)
            .unwrap()
            .iter()
            .map(|t| match &t.body {
                TemplateBody::Raw(b) => serde_json::from_slice(b).unwrap(),
                _ => panic!("scenarios render fixed bytes"),
            })
            .collect()
    }

    #[test]
    fn every_builtin_parses_and_is_one_conversation() {
        for name in names() {
            let s = builtin(name);
            let docs = rendered(&s, Plan::default());
            assert_eq!(docs.len(), s.steps.len(), "{name}");
            let conv = &docs[0]["conversation_id"];
            assert!(docs.iter().all(|d| &d["conversation_id"] == conv), "{name}");
            let times: Vec<&str> = docs
                .iter()
                .map(|d| d["timestamp"].as_str().unwrap())
                .collect();
            assert!(times.windows(2).all(|w| w[0] <= w[1]), "{name}: {times:?}");
        }
    }

    #[test]
    fn timestamps_advance_and_sets_apply() {
        let docs = rendered(&builtin("lead-funnel"), Plan::default());
        assert_eq!(docs[0]["timestamp"], "2026-11-29T10:00:00Z");
        assert_eq!(docs[1]["timestamp"], "2026-11-29T10:00:05Z");
        assert_eq!(
            docs[1]["message"]["text"],
            "Hi! How much does the Pro plan cost for a team of 80?"
        );
        assert_eq!(docs[6]["event"], "conversation.ended");
        assert_eq!(
            docs[6]["timestamp"], "2026-11-29T10:02:51Z",
            "5+1+2+40+3+120 s"
        );
    }

    #[test]
    fn shuffle_and_duplicates_are_seeded() {
        let s = builtin("lead-funnel");
        let plan = Plan {
            shuffle: Some(7),
            duplicate: 2,
            seed: 7,
        };
        let a = rendered(&s, plan);
        let b = rendered(&s, plan);
        let order = |docs: &[Value]| -> Vec<(Value, Value)> {
            docs.iter()
                .map(|d| (d["event"].clone(), d["timestamp"].clone()))
                .collect()
        };
        assert_eq!(order(&a), order(&b), "the same seed, the same order");
        assert_eq!(a.len(), 9);
        let mut events: Vec<&str> = a.iter().map(|d| d["event"].as_str().unwrap()).collect();
        assert_ne!(events[0], "conversation.started", "shuffled (for seed 7)");
        events.sort_unstable();
        events.dedup();
        assert_eq!(events.len(), 7, "every step is there");
        let dup = rendered(
            &s,
            Plan {
                duplicate: 1,
                ..Plan::default()
            },
        );
        let i = dup
            .windows(2)
            .position(|w| w[0] == w[1])
            .expect("a repeat right after its original");
        assert!(i < 7);
    }

    #[test]
    fn bad_files_are_explained() {
        let c = Catalog::embedded();
        let err = |t: &str| parse("x", "my.yaml", t, &c).unwrap_err().to_string();
        assert!(err("description: d\nsteps: []\n").contains("my.yaml: it has no steps"));
        let e = err("description: d\nsteps:\n  - event: lead.qualifed\n");
        assert!(
            e.contains("step 1: unknown event \"lead.qualifed\"; did you mean \"lead.qualified\"?"),
            "{e}"
        );
        let e = err("description: d\nsteps:\n  - event: lead.qualified\n    after: soon\n");
        assert!(e.contains("after: \"soon\" is not a duration"), "{e}");
        let e = err("description: d\nsteps:\n  - event: lead.qualified\n    delay: 1s\n");
        assert!(e.contains("my.yaml:") && e.contains("delay"), "{e}");
        assert!(
            text("lead-funel")
                .unwrap_err()
                .to_string()
                .contains("did you mean \"lead-funnel\"?")
        );
    }
}
