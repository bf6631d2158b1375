//! The bundled webhooks plugin (docs/plugins/webhooks.md): a TaskFlow ingress, one route per
//! `plugins.entries.webhooks.config.routes.<id>`, authenticated by the route's shared secret in
//! `Authorization: Bearer` (no HMAC). Its body is one action; the table below is the plugin's own
//! schema (`dist/extensions/webhooks/index.js` of openclaw 2026.9.6), so a missing or unknown
//! field is refused here, before sending, with the field named.

use anyhow::{anyhow, bail};
use serde_json::{Map, Value};

use super::{GivenSecret, OpenClawConfig, at_path, gateway_base};
use crate::openclaw::{self, Env};
use crate::secret::Secret;

/// What a field accepts.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A non-empty string (after trimming).
    Str,
    /// A non-empty string or null (null clears it).
    NullableStr,
    /// Any JSON value.
    Json,
    /// A non-negative integer.
    Int,
    Bool,
    /// One of these strings.
    OneOf(&'static [&'static str]),
}

struct Action {
    name: &'static str,
    required: &'static [(&'static str, Kind)],
    optional: &'static [(&'static str, Kind)],
}

const NOTIFY: Kind = Kind::OneOf(&["done_only", "state_changes", "silent"]);
const FLOW: (&str, Kind) = ("flowId", Kind::Str);
const REVISION: (&str, Kind) = ("expectedRevision", Kind::Int);

/// Every action of the plugin, in its documentation's order.
const ACTIONS: &[Action] = &[
    Action {
        name: "create_flow",
        required: &[("goal", Kind::Str)],
        optional: &[
            ("controllerId", Kind::Str),
            (
                "status",
                Kind::OneOf(&["queued", "running", "waiting", "blocked"]),
            ),
            ("notifyPolicy", NOTIFY),
            ("currentStep", Kind::NullableStr),
            ("stateJson", Kind::Json),
            ("waitJson", Kind::Json),
        ],
    },
    Action {
        name: "get_flow",
        required: &[FLOW],
        optional: &[],
    },
    Action {
        name: "list_flows",
        required: &[],
        optional: &[],
    },
    Action {
        name: "find_latest_flow",
        required: &[],
        optional: &[],
    },
    Action {
        name: "resolve_flow",
        required: &[("token", Kind::Str)],
        optional: &[],
    },
    Action {
        name: "get_task_summary",
        required: &[FLOW],
        optional: &[],
    },
    Action {
        name: "set_waiting",
        required: &[FLOW, REVISION],
        optional: &[
            ("currentStep", Kind::NullableStr),
            ("stateJson", Kind::Json),
            ("waitJson", Kind::Json),
            ("blockedTaskId", Kind::NullableStr),
            ("blockedSummary", Kind::NullableStr),
        ],
    },
    Action {
        name: "resume_flow",
        required: &[FLOW, REVISION],
        optional: &[
            ("status", Kind::OneOf(&["queued", "running"])),
            ("currentStep", Kind::NullableStr),
            ("stateJson", Kind::Json),
        ],
    },
    Action {
        name: "finish_flow",
        required: &[FLOW, REVISION],
        optional: &[("stateJson", Kind::Json)],
    },
    Action {
        name: "fail_flow",
        required: &[FLOW, REVISION],
        optional: &[
            ("stateJson", Kind::Json),
            ("blockedTaskId", Kind::NullableStr),
            ("blockedSummary", Kind::NullableStr),
        ],
    },
    Action {
        name: "request_cancel",
        required: &[FLOW, REVISION],
        optional: &[],
    },
    Action {
        name: "cancel_flow",
        required: &[FLOW],
        optional: &[],
    },
    Action {
        name: "run_task",
        required: &[
            FLOW,
            ("runtime", Kind::OneOf(&["subagent", "acp"])),
            ("task", Kind::Str),
        ],
        optional: &[
            ("sourceId", Kind::Str),
            ("childSessionKey", Kind::Str),
            ("parentTaskId", Kind::Str),
            ("agentId", Kind::Str),
            ("runId", Kind::Str),
            ("label", Kind::Str),
            ("preferMetadata", Kind::Bool),
            ("notifyPolicy", NOTIFY),
            ("status", Kind::OneOf(&["queued", "running"])),
            ("startedAt", Kind::Int),
            ("lastEventAt", Kind::Int),
            ("progressSummary", Kind::NullableStr),
        ],
    },
];

/// The action names, for the command line's choices and completion (the order of [`ACTIONS`]).
pub const ACTION_NAMES: &[&str] = &[
    "create_flow",
    "get_flow",
    "list_flows",
    "find_latest_flow",
    "resolve_flow",
    "get_task_summary",
    "set_waiting",
    "resume_flow",
    "finish_flow",
    "fail_flow",
    "request_cancel",
    "cancel_flow",
    "run_task",
];

/// The action names, for did-you-mean.
pub fn action_names() -> Vec<&'static str> {
    ACTIONS.iter().map(|a| a.name).collect()
}

/// The request body for `action` with `fields`, checked against the plugin's schema. String
/// values given for number and boolean fields (`expectedRevision=3`) are converted.
pub fn body(action: &str, fields: Map<String, Value>) -> anyhow::Result<Value> {
    let Some(spec) = ACTIONS.iter().find(|a| a.name == action) else {
        let names = action_names();
        let hint = crate::suggest::did_you_mean(action, &names)
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        bail!(
            "unknown action {:?}{hint}; the webhooks plugin takes: {}",
            crate::sanitize::line(action),
            names.join(", ")
        );
    };
    let mut out = Map::new();
    out.insert("action".into(), action.into());
    let known: Vec<&str> = spec
        .required
        .iter()
        .chain(spec.optional)
        .map(|(k, _)| *k)
        .collect();
    for (key, value) in fields {
        if key == "action" {
            bail!("give the action as the first argument, not as a field");
        }
        let Some((_, kind)) = spec
            .required
            .iter()
            .chain(spec.optional)
            .find(|(k, _)| *k == key)
        else {
            let hint = crate::suggest::did_you_mean(&key, &known)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            let allowed = if known.is_empty() {
                "it takes no fields".to_string()
            } else {
                format!("it takes {}", known.join(", "))
            };
            bail!(
                "{action} has no field {:?}{hint}: {allowed} (the plugin refuses unknown fields)",
                crate::sanitize::line(&key)
            );
        };
        let value = check(action, &key, *kind, value)?;
        out.insert(key, value);
    }
    let missing: Vec<&str> = spec
        .required
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !out.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        let how: Vec<String> = missing.iter().map(|k| field_hint(k)).collect();
        bail!("{action} needs {}", how.join(" and "));
    }
    if action == "run_task" && out.get("status").and_then(Value::as_str) != Some("running") {
        for k in ["startedAt", "lastEventAt", "progressSummary"] {
            if out.contains_key(k) {
                bail!("run_task takes {k} only with status=running");
            }
        }
    }
    Ok(Value::Object(out))
}

/// How to give a field on the command line.
fn field_hint(k: &str) -> String {
    match k {
        "flowId" => "flowId (--flow-id ID)".into(),
        "expectedRevision" => "expectedRevision (--revision N; get_flow shows it)".into(),
        other => format!("{other} ({other}=VALUE)"),
    }
}

fn check(action: &str, key: &str, kind: Kind, v: Value) -> anyhow::Result<Value> {
    let wrong = |what: &str| anyhow!("{action}: {key} must be {what}");
    Ok(match (kind, v) {
        (Kind::Json, v) => v,
        (Kind::NullableStr, Value::Null) => Value::Null,
        (Kind::Str | Kind::NullableStr, Value::String(s)) if !s.trim().is_empty() => {
            Value::String(s)
        }
        (Kind::Str, _) => return Err(wrong("a non-empty string")),
        (Kind::NullableStr, _) => return Err(wrong("a non-empty string or null")),
        (Kind::Int, Value::Number(n)) if n.as_u64().is_some() => Value::Number(n),
        (Kind::Int, Value::String(s)) if s.trim().parse::<u64>().is_ok() => {
            Value::from(s.trim().parse::<u64>().unwrap_or_default())
        }
        (Kind::Int, _) => return Err(wrong("a whole number, 0 or more")),
        (Kind::Bool, Value::Bool(b)) => Value::Bool(b),
        (Kind::Bool, Value::String(s)) if s == "true" || s == "false" => Value::Bool(s == "true"),
        (Kind::Bool, _) => return Err(wrong("true or false")),
        (Kind::OneOf(options), Value::String(s)) if options.contains(&s.as_str()) => {
            Value::String(s)
        }
        (Kind::OneOf(options), _) => return Err(wrong(&format!("one of {}", options.join(", ")))),
    })
}

/// Where a route is and its secret, with the sources for messages.
#[derive(Debug)]
pub struct RouteTarget {
    pub url: url::Url,
    pub secret: Secret,
    pub secret_source: String,
    /// "url from …; secret from …" (never the secret).
    pub source: String,
    /// The route id, when known.
    pub route_id: Option<String>,
    pub path: String,
    pub config_file: String,
    /// Things worth a warning (a disabled plugin or route).
    pub notes: Vec<String>,
}

/// Find a route: `route` is a route id of `plugins.entries.webhooks.config.routes` (its `path`,
/// default `/plugins/webhooks/<id>`, on the Gateway's base URL) or a whole `http(s)://` URL. The
/// secret is the flag's, else the route's `secret` (a string or an env SecretRef).
pub fn discover_route(
    cfg: &OpenClawConfig,
    route: &str,
    url_flag: Option<&url::Url>,
    secret: Option<GivenSecret>,
    env: Env<'_>,
) -> anyhow::Result<RouteTarget> {
    let file = cfg.file();
    let plugin = cfg.object("plugins.entries.webhooks")?;
    let routes = cfg.object("plugins.entries.webhooks.config.routes")?;
    let as_url = (route.starts_with("http://") || route.starts_with("https://"))
        .then(|| url::Url::parse(route))
        .transpose()
        .map_err(|e| anyhow!("--route {route:?}: {e}"))?;
    // The route's config: by id, or (for a URL) the route whose path it is.
    let (route_id, entry) = find_route(routes, route, as_url.as_ref(), &file)?;
    if let Some(e) = entry
        && !e.is_object()
    {
        bail!(
            "{file}: plugins.entries.webhooks.config.routes.{} must be an object",
            route_id.as_deref().unwrap_or("?")
        );
    }
    let notes = route_notes(plugin, entry, route_id.as_deref(), &file);
    let (url, url_source) = match (&as_url, &route_id) {
        (Some(u), _) => (u.clone(), "--route".to_string()),
        (None, Some(id)) => {
            let path = match entry {
                Some(e) => route_path(id, e).map_err(|e| anyhow!("{file}: {e}"))?,
                None => format!("/plugins/webhooks/{id}"),
            };
            let (origin, source) = gateway_base(cfg, url_flag, env)?;
            (at_path(&origin, &path), source)
        }
        (None, None) => unreachable!("a route is an id or a URL"),
    };
    let (secret, secret_source) = route_secret(secret, entry, route_id.as_deref(), cfg, env)?;
    let path = url.path().to_string();
    Ok(RouteTarget {
        source: format!("url from {url_source}; secret from {secret_source}"),
        url,
        secret,
        secret_source,
        route_id,
        path,
        config_file: file,
        notes,
    })
}

/// The route's id and config entry: `route` as an id (an unknown one is an error with the ids
/// there are), or, for a URL, the configured route whose path it is (none is fine: a URL may
/// point at a Gateway whose file ocw cannot read).
fn find_route<'c>(
    routes: Option<&'c Value>,
    route: &str,
    as_url: Option<&url::Url>,
    file: &str,
) -> anyhow::Result<(Option<String>, Option<&'c Value>)> {
    Ok(match as_url {
        None => {
            let entry = routes.and_then(|r| r.get(route)).filter(|v| !v.is_null());
            if entry.is_none() && routes.is_some() {
                let ids: Vec<&str> = routes
                    .and_then(Value::as_object)
                    .map(|m| m.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let hint = crate::suggest::did_you_mean(route, &ids)
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                bail!(
                    "no route {:?} in plugins.entries.webhooks.config.routes of {file}{hint}; it has: {}",
                    crate::sanitize::line(route),
                    if ids.is_empty() {
                        "none".to_string()
                    } else {
                        ids.join(", ")
                    }
                );
            }
            (Some(route.to_string()), entry)
        }
        Some(u) => {
            let found = routes.and_then(Value::as_object).and_then(|m| {
                m.iter()
                    .find(|(id, r)| route_path(id, r).ok().as_deref() == Some(u.path()))
            });
            match found {
                Some((id, r)) => (Some(id.clone()), Some(r)),
                None => (None, None),
            }
        }
    })
}

/// Warnings for a plugin or route the file turns off (the Gateway then answers 404).
fn route_notes(
    plugin: Option<&Value>,
    entry: Option<&Value>,
    route_id: Option<&str>,
    file: &str,
) -> Vec<String> {
    let mut notes = Vec::new();
    if plugin.and_then(|p| p.get("enabled")) == Some(&Value::Bool(false)) {
        notes.push(format!("plugins.entries.webhooks.enabled is false in {file}: the route answers 404 until it is enabled"));
    }
    if entry.and_then(|e| e.get("enabled")) == Some(&Value::Bool(false)) {
        notes.push(format!(
            "route {} is disabled (enabled: false) in {file}: it answers 404",
            route_id.unwrap_or("?")
        ));
    }
    notes
}

/// The route secret and where it came from: the flag's, else the route's `secret` in the file
/// (a string or an env SecretRef).
fn route_secret(
    given: Option<GivenSecret>,
    entry: Option<&Value>,
    route_id: Option<&str>,
    cfg: &OpenClawConfig,
    env: Env<'_>,
) -> anyhow::Result<(Secret, String)> {
    if let Some(g) = given {
        if g.secret.expose().trim().is_empty() {
            bail!("the route secret from {} is empty", g.source);
        }
        return Ok((g.secret, g.source));
    }
    let file = cfg.file();
    let key = format!(
        "plugins.entries.webhooks.config.routes.{}.secret",
        route_id.unwrap_or("<id>")
    );
    let from_file = match entry.and_then(|e| e.get("secret")) {
        None | Some(Value::Null) => None,
        Some(v) => openclaw::resolve_secret(
            v,
            &key,
            &cfg.path,
            env,
            "pass --secret-file or set OCW_TASKFLOW_SECRET",
        )?,
    };
    match from_file {
        Some(s) => Ok((s, format!("{key} in {file}"))),
        None => bail!(
            "no route secret: pass --secret-file FILE or set OCW_TASKFLOW_SECRET (or --secret), or set {key} in {file}"
        ),
    }
}

/// A route's path: its `path` (a leading slash added, trailing ones removed), else
/// `/plugins/webhooks/<id>`.
fn route_path(id: &str, route: &Value) -> Result<String, String> {
    match route.get("path") {
        None | Some(Value::Null) => Ok(format!("/plugins/webhooks/{id}")),
        Some(Value::String(p)) => {
            let t = p.trim().trim_end_matches('/');
            Ok(if t.starts_with('/') {
                t.to_string()
            } else {
                format!("/{t}")
            })
        }
        Some(_) => Err(format!(
            "plugins.entries.webhooks.config.routes.{id}.path must be a string"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn action_names_match_the_table() {
        assert_eq!(ACTION_NAMES, action_names().as_slice());
    }

    #[test]
    fn bodies_follow_the_schema() {
        let b = body("create_flow", fields(json!({"goal": "Review"}))).unwrap();
        assert_eq!(b, json!({"action": "create_flow", "goal": "Review"}));
        let b = body(
            "finish_flow",
            fields(json!({"flowId": "f", "expectedRevision": "2"})),
        )
        .unwrap();
        assert_eq!(b["expectedRevision"], json!(2));
        assert!(body("list_flows", Map::new()).is_ok());
    }

    #[test]
    fn refusals_name_the_field() {
        let err = |a: &str, v: Value| body(a, fields(v)).unwrap_err().to_string();
        assert!(err("create_flow", json!({})).contains("needs goal"));
        assert!(err("finish_flow", json!({"flowId": "f"})).contains("--revision"));
        let e = err("get_flow", json!({"flowId": "f", "flowid": "g"}));
        assert!(
            e.contains("no field \"flowid\"") && e.contains("did you mean flowId"),
            "{e}"
        );
        assert!(
            err("create_flow", json!({"goal": "g", "status": "done"})).contains("one of queued")
        );
        assert!(
            err(
                "set_waiting",
                json!({"flowId": "f", "expectedRevision": -1})
            )
            .contains("whole number")
        );
        let e = err(
            "run_task",
            json!({"flowId": "f", "runtime": "acp", "task": "t", "startedAt": 1}),
        );
        assert!(e.contains("status=running"), "{e}");
        let e = body("create_flw", Map::new()).unwrap_err().to_string();
        assert!(e.contains("did you mean create_flow"), "{e}");
    }

    fn cfg(json5: &str) -> OpenClawConfig {
        OpenClawConfig {
            path: PathBuf::from("/x/openclaw.json"),
            doc: Some(openclaw::parse_json5(json5).unwrap()),
        }
    }

    #[test]
    fn routes_from_the_file() {
        let c = cfg(
            r#"{gateway: {port: 19001}, plugins: {entries: {webhooks: {enabled: true, config: {routes: {
            zapier: {sessionKey: "agent:main:x", secret: "${ZS}"},
            ci: {path: "hooks/ci/", sessionKey: "s", secret: "plain"},
        }}}}}}"#,
        );
        let env = |k: &str| (k == "ZS").then(|| "zsecret".to_string());
        let t = discover_route(&c, "zapier", None, None, &env).unwrap();
        assert_eq!(
            t.url.as_str(),
            "http://127.0.0.1:19001/plugins/webhooks/zapier"
        );
        assert_eq!(t.secret.expose(), "zsecret");
        assert!(!t.source.contains("zsecret"));
        let t = discover_route(&c, "ci", None, None, &env).unwrap();
        assert_eq!(t.url.path(), "/hooks/ci");
        let t = discover_route(&c, "http://127.0.0.1:19001/hooks/ci", None, None, &env).unwrap();
        assert_eq!(t.route_id.as_deref(), Some("ci"));
        assert_eq!(t.secret.expose(), "plain");
        let e = discover_route(&c, "zapeir", None, None, &env)
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean zapier"), "{e}");
        let e = discover_route(&cfg("{}"), "x", None, None, &env)
            .unwrap_err()
            .to_string();
        assert!(e.contains("OCW_TASKFLOW_SECRET"), "{e}");
    }
}
