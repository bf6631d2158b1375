//! Every `--json` shape ocw prints, listed in one place: the command that prints it, its `type`
//! tag, and its JSON Schema, generated from the output type itself. `docs/json-schema.json` and
//! the README's list of shapes are generated from this list; a test fails when either is stale
//! and validates every `--json` line the tests capture against it.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::output::Tagged;

/// One `--json` shape.
pub struct Shape {
    /// The command that prints it, as typed (`send`, `bridge status`).
    pub command: &'static str,
    /// Its `"type"` tag.
    pub tag: &'static str,
    /// When it is printed, for the README.
    pub about: &'static str,
    schema: fn(&mut SchemaGenerator) -> Schema,
}

fn of<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.root_schema_for::<T>()
}

/// Every shape, in the order the README lists them.
pub const SHAPES: &[Shape] = &[
    Shape {
        command: "send",
        tag: "delivery",
        about: "one per delivery (with `--retry`: per webhook and event, with its attempts)",
        schema: of::<super::report::DeliveryJson<'static>>,
    },
    Shape {
        command: "send",
        tag: "summary",
        about: "the last line of a storm (`--count`)",
        schema: of::<Tagged<'static, crate::delivery::storm::Summary>>,
    },
    Shape {
        command: "send",
        tag: "dry_run",
        about: "with `--dry-run` or `--curl`: one per request that would go out (credentials redacted unless `--show-secrets`)",
        schema: of::<super::send::DryRunJson<'static>>,
    },
    Shape {
        command: "listen",
        tag: "ready",
        about: "the first line: where the listener is",
        schema: of::<super::listen::ReadyJson<'static>>,
    },
    Shape {
        command: "listen",
        tag: "request",
        about: "one per request: the same object `--record` stores",
        schema: of::<crate::receiver::record::RequestRecord>,
    },
    Shape {
        command: "listen",
        tag: "summary",
        about: "the last line (`ok` and `reason` in CI mode)",
        schema: of::<super::listen::SummaryJson<'static>>,
    },
    Shape {
        command: "replay",
        tag: "delivery",
        about: "one per replayed request, with its recorded `seq`",
        schema: of::<super::report::DeliveryJson<'static>>,
    },
    Shape {
        command: "verify",
        tag: "verify",
        about: "the verdict",
        schema: of::<super::verify::VerifyJson<'static>>,
    },
    Shape {
        command: "retry",
        tag: "attempt",
        about: "one per attempt",
        schema: of::<super::report::AttemptJson<'static>>,
    },
    Shape {
        command: "retry",
        tag: "summary",
        about: "the last line",
        schema: of::<super::retry::RetrySummaryJson<'static>>,
    },
    Shape {
        command: "config check",
        tag: "config",
        about: "the webhook config, credentials redacted",
        schema: of::<Tagged<'static, crate::webhooks::RedactedConfig<'static>>>,
    },
    Shape {
        command: "sign",
        tag: "signature",
        about: "the headers the scheme sends",
        schema: of::<super::sign::SignJson>,
    },
    Shape {
        command: "events",
        tag: "event_type",
        about: "an array of these, one per event type",
        schema: of::<super::events::EventJson<'static>>,
    },
    Shape {
        command: "events scenarios",
        tag: "scenario",
        about: "an array of these, one per built-in scenario (or the one named)",
        schema: of::<super::events::ScenarioJson<'static>>,
    },
    Shape {
        command: "demo",
        tag: "delivery",
        about: "one per delivery, with what the demo receiver's verification said",
        schema: of::<super::report::DeliveryJson<'static>>,
    },
    Shape {
        command: "demo",
        tag: "attempt",
        about: "one per attempt of the retry demonstration",
        schema: of::<super::report::AttemptJson<'static>>,
    },
    Shape {
        command: "demo",
        tag: "tampered",
        about: "what verify said of the re-indented body",
        schema: of::<super::demo::TamperedJson<'static>>,
    },
    Shape {
        command: "demo",
        tag: "retry",
        about: "the retry policy against an endpoint that fails twice",
        schema: of::<super::demo::RetryJson>,
    },
    Shape {
        command: "hook",
        tag: "hook",
        about: "the answer of `hook agent`, `hook wake` or `hook post`: status, run id, `completion` with `--wait`, and what it means",
        schema: of::<super::hook::HookJson>,
    },
    Shape {
        command: "taskflow",
        tag: "taskflow",
        about: "the webhooks plugin's answer to one action: status, `code`, `result`, and what it means",
        schema: of::<super::taskflow::TaskflowJson>,
    },
    Shape {
        command: "test",
        tag: "case",
        about: "one per case, as it is graded (`result`: pass, fail or warn)",
        schema: of::<super::test::CaseJson<'static>>,
    },
    Shape {
        command: "test",
        tag: "listed_case",
        about: "with `--list`: one per case that would run",
        schema: of::<super::test::ListedJson<'static>>,
    },
    Shape {
        command: "test",
        tag: "summary",
        about: "the last line (`ok`: every required case passed)",
        schema: of::<super::test::SummaryJson<'static>>,
    },
    Shape {
        command: "bridge run",
        tag: "bridge_event",
        about: "one status event per line, told apart by `event`",
        schema: of::<Tagged<'static, crate::bridge::Status>>,
    },
    Shape {
        command: "bridge start",
        tag: "bridge_start",
        about: "the bridge started",
        schema: of::<super::bridge::StartedJson<'static>>,
    },
    Shape {
        command: "bridge start",
        tag: "bridge_start",
        about: "a bridge was already running",
        schema: of::<super::bridge::AlreadyRunningJson>,
    },
    Shape {
        command: "bridge stop",
        tag: "bridge_stop",
        about: "whether a bridge was stopped",
        schema: of::<super::bridge::StoppedJson>,
    },
    Shape {
        command: "bridge status",
        tag: "bridge_status",
        about: "the daemon, its files, and the last `bridge_event` of each side (with `at`)",
        schema: of::<super::bridge::StatusJson>,
    },
];

fn generator() -> SchemaGenerator {
    // `for_serialize`: a field is required unless serde may skip it (an `Option` without
    // `skip_serializing_if` is always there, as `null`).
    SchemaSettings::draft2020_12()
        .for_serialize()
        .with(|s| s.inline_subschemas = true)
        .into_generator()
}

impl Shape {
    /// Its JSON Schema: the type's own, with the `type` tag fixed and, on every object, no
    /// property beyond those listed (so an undocumented field fails validation).
    pub fn schema(&self) -> Value {
        let mut value = (self.schema)(&mut generator()).to_value();
        if let Some(root) = value.as_object_mut() {
            for key in ["$schema", "title"] {
                root.remove(key);
            }
            root.insert("description".into(), Value::from(self.about));
            if let Some(props) = root.get_mut("properties").and_then(Value::as_object_mut) {
                props.insert("type".into(), json!({ "const": self.tag }));
            }
        }
        close(&mut value);
        value
    }
}

/// `unevaluatedProperties: false` on every object schema that lists properties, unless it is one
/// branch of a composition (whose siblings' properties it cannot see).
fn close(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if map.contains_key("properties") && !map.contains_key("additionalProperties") {
        map.insert("unevaluatedProperties".into(), Value::Bool(false));
    }
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" => child
                .as_object_mut()
                .into_iter()
                .flat_map(|m| m.values_mut())
                .for_each(close),
            "items" | "additionalProperties" => close(child),
            "anyOf" | "oneOf" => child
                .as_array_mut()
                .into_iter()
                .flatten()
                .for_each(close_branch),
            _ => {}
        }
    }
}

/// A branch of `anyOf`/`oneOf`: only closed when it stands alone (an `Option`'s value, not a
/// flattened enum variant that shares the parent's properties).
fn close_branch(branch: &mut Value) {
    let flattened = branch
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| p.values().any(|v| v.get("const").is_some()));
    if !flattened {
        close(branch);
    }
}

/// The schema of what `command` prints with tag `tag` (several when one tag has several
/// shapes, as `bridge start` does), for validating captured output.
pub fn schemas_for(command: &str, tag: &str) -> Vec<Value> {
    SHAPES
        .iter()
        .filter(|s| s.command == command && s.tag == tag)
        .map(Shape::schema)
        .collect()
}

/// `docs/json-schema.json`: every shape, keyed `"<command>/<tag>"` (numbered when a tag has
/// several shapes).
pub fn document() -> Value {
    let mut defs = Map::new();
    for shape in SHAPES {
        let mut key = format!("{}/{}", shape.command, shape.tag);
        let mut n = 2;
        while defs.contains_key(&key) {
            key = format!("{}/{}#{n}", shape.command, shape.tag);
            n += 1;
        }
        defs.insert(key, shape.schema());
    }
    let refs: Vec<Value> = defs
        .keys()
        .map(|k| json!({ "$ref": format!("#/$defs/{}", pointer_escape(k)) }))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ocw --json output",
        "description": "Every JSON object ocw prints with --json, one definition per command and \"type\" tag. Generated from the output types (src/cmd/shapes.rs).",
        "anyOf": refs,
        "$defs": defs,
    })
}

/// A key as a JSON Pointer token (RFC 6901), percent-encoded for use in a URI fragment.
fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0")
        .replace('/', "~1")
        .replace('#', "%23")
        .replace(' ', "%20")
}

/// The README's list of shapes: per command, one line per shape in a compact notation
/// (`string`, `number`, `bool`, `"a"|"b"` for enumerations, `T|null`, `[T]` for arrays,
/// `{"<key>":T}` for maps, `?` after a key that may be absent).
pub fn readme_section() -> String {
    let mut out = String::new();
    let shapes = SHAPES;
    let mut commands: Vec<&str> = shapes.iter().map(|s| s.command).collect();
    commands.dedup();
    for command in commands {
        out.push_str(&format!("- `ocw {command} --json`:\n"));
        for shape in shapes.iter().filter(|s| s.command == command) {
            out.push_str(&format!(
                "  - {}:\n    `{}`\n",
                shape.about,
                render(&shape.schema())
            ));
        }
    }
    out
}

/// One schema in the compact notation of [`readme_section`].
fn render(schema: &Value) -> String {
    if let Some(c) = schema.get("const") {
        return c.to_string();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("|");
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            let own = object(schema, None);
            let parts: Vec<String> = branches
                .iter()
                .map(|b| match &own {
                    Some(_) if b.get("properties").is_some() => {
                        object(schema, Some(b)).unwrap_or_else(|| render(b))
                    }
                    _ => render(b),
                })
                .collect();
            // Objects are set apart; enumerations and `|null` stay tight.
            let apart = branches.iter().any(|b| b.get("properties").is_some());
            return parts.join(if apart { " | " } else { "|" });
        }
    }
    match schema.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .map(|t| {
                let mut one = schema.clone();
                one["type"] = t.clone();
                render(&one)
            })
            .collect::<Vec<_>>()
            .join("|"),
        Some(Value::String(t)) => match t.as_str() {
            "object" => object(schema, None).unwrap_or_else(|| {
                let pattern = schema
                    .get("patternProperties")
                    .and_then(Value::as_object)
                    .and_then(|p| p.values().next());
                match (schema.get("additionalProperties"), pattern) {
                    (_, Some(v)) => format!("{{\"<number>\":{}}}", render(v)),
                    (Some(v), _) if v.is_object() => format!("{{\"<key>\":{}}}", render(v)),
                    _ => "{..}".into(),
                }
            }),
            "array" => match schema.get("items") {
                Some(Value::Array(tuple)) => format!(
                    "[{}]",
                    tuple.iter().map(render).collect::<Vec<_>>().join(",")
                ),
                Some(items) => format!("[{}]", render(items)),
                None => match schema.get("prefixItems").and_then(Value::as_array) {
                    Some(tuple) => format!(
                        "[{}]",
                        tuple.iter().map(render).collect::<Vec<_>>().join(",")
                    ),
                    None => "[..]".into(),
                },
            },
            "integer" | "number" => "number".into(),
            "boolean" => "bool".into(),
            other => other.into(),
        },
        _ => "any".into(),
    }
}

/// An object schema's properties (with `extra`'s after them, for a flattened enum's variant),
/// or `None` when it lists none.
fn object(schema: &Value, extra: Option<&Value>) -> Option<String> {
    let mut fields = Vec::new();
    for part in std::iter::once(schema).chain(extra) {
        let Some(props) = part.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let required: Vec<&str> = part
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, sub) in props {
            let mark = if required.contains(&name.as_str()) {
                ""
            } else {
                "?"
            };
            fields.push(format!("\"{name}\"{mark}:{}", render(sub)));
        }
    }
    (!fields.is_empty()).then(|| format!("{{{}}}", fields.join(",")))
}
