//! `ocw taskflow ACTION`: one action to a route of the Gateway's webhooks plugin, its fields
//! checked against the plugin's schema (`hooks::taskflow`), its answer explained
//! (`hooks::explain::taskflow`). The route secret is never printed.

use std::time::Duration;

use anyhow::bail;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Map, Value};

use super::{Ctx, read_data_arg};
use crate::cli::TaskflowArgs;
use crate::exit::ExitStatus;
use crate::hooks::explain::{self, Context};
use crate::hooks::taskflow::{self, RouteTarget};
use crate::hooks::{BODY_LIMIT, OpenClawConfig, http};
use crate::output::Printer;
use crate::sanitize;

/// Plugin actions answer at once (`run_task` waits for a SQLite write).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn run(args: TaskflowArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let fields = fields(&args, p).await?;
    let body = taskflow::body(&args.action, fields)?;
    let body = serde_json::to_vec(&body)?;
    if body.len() > BODY_LIMIT {
        bail!(
            "the request body is {}, over the plugin's {} limit",
            crate::units::bytes(body.len()),
            crate::units::bytes(BODY_LIMIT)
        );
    }
    let given = super::given_secret(
        args.secret.as_ref(),
        args.secret_file.as_deref(),
        "--secret or OCW_TASKFLOW_SECRET",
        "--secret-file",
    )?;
    let env = crate::openclaw::process_env;
    let cfg = OpenClawConfig::load(&env)?;
    // `:18789/plugins/webhooks/x` and other shorthands of --url work for a route URL too.
    let route = if args.route.starts_with(':') || args.route.contains("://") {
        crate::cli::parse_http_url(&args.route)
            .map_err(|e| anyhow::anyhow!("--route {e}"))?
            .to_string()
    } else {
        args.route.clone()
    };
    let target = taskflow::discover_route(&cfg, &route, args.gateway.url.as_ref(), given, &env)?;
    for note in &target.notes {
        p.warn(note);
    }
    tracing::info!(source = %target.source, "taskflow route");
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let Ok(mut auth) = HeaderValue::from_str(&format!("Bearer {}", target.secret.expose())) else {
        bail!(
            "the route secret from {} holds characters a header cannot carry",
            target.secret_source
        );
    };
    auth.set_sensitive(true);
    headers.insert(reqwest::header::AUTHORIZATION, auth);
    let timeout = args.gateway.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let body_len = body.len();
    let result = http::post(&target.url, headers, Bytes::from(body), timeout).await;
    report(p, &args.action, &target, body_len, result)
}

/// The action's fields: --data first, then FIELD=VALUE / FIELD:=JSON pairs, then --flow-id and
/// --revision.
async fn fields(args: &TaskflowArgs, p: &Printer) -> anyhow::Result<Map<String, Value>> {
    let mut fields = match &args.data {
        Some(d) => {
            let bytes = read_data_arg(d, p).await?;
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(m)) => m,
                Ok(other) => bail!(
                    "--data must be a JSON object of the action's fields, got {}",
                    crate::payload::edit::kind(&other)
                ),
                Err(e) => bail!("--data is not JSON: {e}"),
            }
        }
        None => Map::new(),
    };
    for pair in &args.fields {
        let (key, value) = parse_field(pair)?;
        fields.insert(key, value);
    }
    if let Some(id) = &args.flow_id {
        fields.insert("flowId".into(), id.clone().into());
    }
    if let Some(r) = args.revision {
        fields.insert("expectedRevision".into(), r.into());
    }
    Ok(fields)
}

/// `key=value` (a string) or `key:=json`.
fn parse_field(pair: &str) -> anyhow::Result<(String, Value)> {
    let raw_json = pair.find(":=");
    let eq = pair.find('=');
    match (raw_json, eq) {
        (Some(i), Some(j)) if i + 1 == j => {
            let key = &pair[..i];
            let text = &pair[i + 2..];
            let value = serde_json::from_str(text).map_err(|e| {
                anyhow::anyhow!("{key}:= takes JSON: {e} (use {key}=TEXT for a string)")
            })?;
            Ok((check_key(key)?, value))
        }
        (_, Some(j)) => Ok((
            check_key(&pair[..j])?,
            Value::String(pair[j + 1..].to_string()),
        )),
        _ => bail!(
            "{pair:?} is not a field: write FIELD=VALUE or FIELD:=JSON (e.g. goal=\"Review\")"
        ),
    }
}

fn check_key(k: &str) -> anyhow::Result<String> {
    if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        bail!(
            "{:?} is not a field name (letters, digits and _)",
            sanitize::line(k)
        );
    }
    Ok(k.to_string())
}

/// `ocw taskflow --json`: the action's answer.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct TaskflowJson {
    #[serde(rename = "type")]
    kind: &'static str,
    action: String,
    /// The route id, when ocw found it in openclaw.json.
    #[serde(skip_serializing_if = "Option::is_none")]
    route: Option<String>,
    /// The URL posted to (credentials redacted).
    url: String,
    /// A 2xx answer.
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    latency_ms: f64,
    /// The plugin's `code` (`not_found`, `revision_conflict`, `cancel_pending`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    /// The plugin's `result` object as it came (`flow`, `flows`, `summary`, `created`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<Value>,
    /// What the answer means and what to change.
    explanation: String,
    /// The whole answer body when it was not the plugin's JSON envelope (at most 64 KiB).
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<crate::delivery::DeliveryError>,
}

fn report(
    p: &Printer,
    action: &str,
    target: &RouteTarget,
    body_len: usize,
    result: Result<http::Answer, crate::delivery::DeliveryError>,
) -> anyhow::Result<ExitStatus> {
    let url = crate::redact::url(&target.url);
    let mut out = TaskflowJson {
        kind: "taskflow",
        action: action.into(),
        route: target.route_id.clone(),
        url: url.clone(),
        ok: false,
        status: None,
        latency_ms: 0.0,
        code: None,
        result: None,
        explanation: String::new(),
        answer: None,
        error: None,
    };
    let a = match result {
        Ok(a) => a,
        Err(e) => {
            out.explanation = e.message.clone();
            if p.json() {
                out.error = Some(e);
                p.out_json(&out)?;
            } else {
                p.failure(&e.to_string(), e.hint.as_deref());
            }
            return Ok(ExitStatus::Failure);
        }
    };
    let c = Context {
        url: &url,
        credential_source: &target.secret_source,
        config_file: &target.config_file,
        path: &target.path,
        body_len,
    };
    let verdict = explain::taskflow(&a, &c, target.route_id.as_deref());
    let json = a.json();
    out.ok = verdict.ok;
    out.status = Some(a.status);
    out.latency_ms = a.latency.as_secs_f64() * 1e3;
    out.code = a.field("code");
    out.result = json.as_ref().and_then(|v| v.get("result")).cloned();
    out.explanation = verdict.sentence.clone();
    if out.result.is_none() {
        out.answer = json.or_else(|| {
            (!a.body.is_empty())
                .then(|| Value::String(String::from_utf8_lossy(&a.body).into_owned()))
        });
    }
    if p.json() {
        p.out_json(&out)?;
    } else if verdict.ok {
        p.out(human_result(&out, a.latency))?;
    } else {
        p.failure(
            &format!("HTTP {} from {url}: {}", a.status, verdict.sentence),
            None,
        );
    }
    Ok(ExitStatus::from_ok(verdict.ok))
}

/// A successful answer for people: a summary line for a flow, then the result as indented
/// JSON (escaped).
fn human_result(o: &TaskflowJson, latency: Duration) -> String {
    let took = format!("{:.2} s", latency.as_secs_f64());
    let result = o.result.clone().unwrap_or(Value::Null);
    let flow = result.get("flow").filter(|f| f.is_object());
    let mut head = match flow {
        Some(f) => {
            let s = |k: &str| {
                f.get(k).map(|v| match v {
                    Value::String(s) => sanitize::line(s).into_owned(),
                    other => sanitize::line(&other.to_string()).into_owned(),
                })
            };
            format!(
                "{}: flow {} revision {} status {} ({took})",
                o.action,
                s("flowId").unwrap_or_else(|| "?".into()),
                s("revision").unwrap_or_else(|| "?".into()),
                s("status").unwrap_or_else(|| "?".into()),
            )
        }
        None => match result.get("flows").and_then(Value::as_array) {
            Some(flows) => format!("{}: {} flow(s) ({took})", o.action, flows.len()),
            // Reads answer 200 with null for a flow that is absent or outside the session.
            None if result.get("flow").is_some_and(Value::is_null)
                || result.get("summary").is_some_and(Value::is_null) =>
            {
                format!(
                    "{}: no such flow in the route's session (the plugin answers null for an absent flow) ({took})",
                    o.action
                )
            }
            None => format!("{}: done ({took})", o.action),
        },
    };
    if o.status == Some(202) {
        head = format!("{head}\n{}", o.explanation);
    }
    let pretty = serde_json::to_string_pretty(&result).unwrap_or_default();
    format!("{head}\n{}", sanitize::text(&pretty))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_parse_like_httpie() {
        assert_eq!(
            parse_field("goal=a=b").unwrap(),
            ("goal".into(), Value::from("a=b"))
        );
        assert_eq!(
            parse_field("stateJson:={\"x\":1}").unwrap(),
            ("stateJson".into(), serde_json::json!({"x": 1}))
        );
        assert!(parse_field("nope").is_err());
        assert!(parse_field("a b=c").is_err());
        assert!(
            parse_field("x:=nojson")
                .unwrap_err()
                .to_string()
                .contains("takes JSON")
        );
    }
}
