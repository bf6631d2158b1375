//! `ocw hook agent|wake|post`: one request to the Gateway's inbound hooks, checked before it
//! goes (`hooks::request`), its answer explained (`hooks::explain`). The Gateway and the token
//! are found by `hooks::discover_hooks`; the token is never printed.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use super::{Ctx, read_data_arg};
use crate::cli::{
    GatewayHttpArgs, HookAgentArgs, HookArgs, HookCommand, HookPostArgs, HookTokenArgs,
    HookWakeArgs, SessionModeArg, WakeModeArg,
};
use crate::delivery::DeliveryError;
use crate::exit::ExitStatus;
use crate::hooks::explain::{self, Context};
use crate::hooks::http::{self, Answer};
use crate::hooks::request::{self, AgentFields, WakeMode};
use crate::hooks::{HooksTarget, OpenClawConfig, discover_hooks};
use crate::output::Printer;
use crate::sanitize;

/// The default wait for an answer: admission takes up to 15 s.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// With `--wait` the answer comes when the run settles.
const WAIT_TIMEOUT: Duration = Duration::from_secs(600);

pub async fn run(args: HookArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    match args.command {
        HookCommand::Agent(a) => agent(a, ctx).await,
        HookCommand::Wake(a) => wake(a, ctx).await,
        HookCommand::Post(a) => post(a, ctx).await,
    }
}

async fn agent(a: HookAgentArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let message = text_arg(a.message, p).await?;
    let fields = AgentFields {
        message,
        name: a.name,
        agent_id: a.agent,
        session_key: a.session_key,
        persistent: a.session_mode.map(|m| m == SessionModeArg::Persistent),
        deliver: if a.no_deliver {
            Some(false)
        } else if a.deliver {
            Some(true)
        } else {
            None
        },
        channel: a.channel,
        to: a.to,
        account_id: a.account,
        model: a.model,
        thinking: a.thinking,
        timeout_seconds: a.timeout_seconds,
        wake_mode: a.wake_mode.map(wake_mode),
        wait: a.wait,
    };
    let built = request::agent(&fields)?;
    let key = match a.idempotency_key {
        Some(k) => {
            request::check_idempotency_key(&k)?;
            k.trim().to_string()
        }
        None => format!("ocw-{}", ulid::Ulid::new()),
    };
    let target = target(&a.token, &a.gateway, p)?;
    for note in &built.notes {
        p.warn(note);
    }
    let timeout = a.gateway.timeout.unwrap_or(if a.wait {
        WAIT_TIMEOUT
    } else {
        DEFAULT_TIMEOUT
    });
    let spinner = a.wait.then(|| {
        let s = p.spinner();
        s.set_message("waiting for the run to settle (--wait)");
        s
    });
    let sent = send(&target, "agent", built.body, Some(&key), timeout).await;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    report(p, &target, "agent", None, Some(&key), sent)
}

async fn wake(a: HookWakeArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let text = text_arg(a.text, p).await?;
    let built = request::wake(
        &text,
        a.mode.map(wake_mode),
        a.agent.as_deref(),
        a.session_key.as_deref(),
    )?;
    let target = target(&a.token, &a.gateway, p)?;
    let timeout = a.gateway.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let sent = send(&target, "wake", built.body, None, timeout).await;
    report(p, &target, "wake", None, None, sent)
}

async fn post(a: HookPostArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let p = &ctx.printer;
    let data = read_data_arg(&a.data, p).await?;
    let built = request::mapped(&a.name, &data)?;
    if let Some(k) = &a.idempotency_key {
        request::check_idempotency_key(k)?;
    }
    let target = target(&a.token, &a.gateway, p)?;
    for note in &built.notes {
        p.warn(note);
    }
    let timeout = a.gateway.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let name = a.name.trim_matches('/').to_string();
    let key = a.idempotency_key.as_deref().map(str::trim);
    let sent = send(&target, &name, built.body, key, timeout).await;
    report(p, &target, &name, Some(&name), key, sent)
}

/// MESSAGE or TEXT: `-` reads it from stdin (for long or multi-line text).
async fn text_arg(arg: String, p: &Printer) -> anyhow::Result<String> {
    if arg != "-" {
        return Ok(arg);
    }
    let bytes = super::read_input(Some(std::path::Path::new("-")), p).await?;
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("the text read from stdin is not UTF-8"))
}

fn wake_mode(m: WakeModeArg) -> WakeMode {
    match m {
        WakeModeArg::Now => WakeMode::Now,
        WakeModeArg::NextHeartbeat => WakeMode::NextHeartbeat,
    }
}

/// The hooks and the token, with a warning when openclaw.json says hooks are off.
fn target(
    token: &HookTokenArgs,
    gateway: &GatewayHttpArgs,
    p: &Printer,
) -> anyhow::Result<HooksTarget> {
    let given = super::given_secret(
        token.token.as_ref(),
        token.token_file.as_deref(),
        "--token or OCW_HOOKS_TOKEN",
        "--token-file",
    )?;
    let env = crate::openclaw::process_env;
    let cfg = OpenClawConfig::load(&env)?;
    let t = discover_hooks(&cfg, gateway.url.as_ref(), given, &env)?;
    if t.enabled_in_file == Some(false) && !t.url_given {
        p.warn(format!(
            "hooks.enabled is not true in {}: the Gateway answers 404 until it is (and restarts)",
            t.config_file
        ));
    }
    tracing::info!(source = %t.source, "hooks target");
    Ok(t)
}

/// What one request gave: the answer, or why there was none; and the body size sent.
struct Sent {
    url: url::Url,
    body_len: usize,
    result: Result<Answer, DeliveryError>,
}

async fn send(
    target: &HooksTarget,
    name: &str,
    body: Vec<u8>,
    idempotency_key: Option<&str>,
    timeout: Duration,
) -> Sent {
    let url = target.url(name);
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let bearer = format!("Bearer {}", target.token.expose());
    match HeaderValue::from_str(&bearer) {
        Ok(mut v) => {
            v.set_sensitive(true);
            headers.insert(reqwest::header::AUTHORIZATION, v);
        }
        Err(_) => {
            return Sent {
                url,
                body_len: body.len(),
                result: Err(DeliveryError {
                    kind: crate::delivery::ErrorKind::Other,
                    message: format!(
                        "the hooks token from {} holds characters a header cannot carry",
                        target.token_source
                    ),
                    hint: None,
                }),
            };
        }
    }
    if let Some(k) = idempotency_key
        && let Ok(v) = HeaderValue::from_str(k)
    {
        headers.insert(HeaderName::from_static("idempotency-key"), v);
    }
    let body_len = body.len();
    let result = http::post(&url, headers, Bytes::from(body), timeout).await;
    Sent {
        url,
        body_len,
        result,
    }
}

/// `ocw hook --json`: one object per request.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct HookJson {
    #[serde(rename = "type")]
    kind: &'static str,
    /// `agent`, `wake`, or the mapped hook's name.
    endpoint: String,
    /// The URL posted to (credentials redacted).
    url: String,
    /// A 2xx answer (and, with --wait, a completion whose status is `ok`).
    ok: bool,
    /// The HTTP status, when there was an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    latency_ms: f64,
    /// The Idempotency-Key sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    idempotency_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    run_id: Option<String>,
    /// A fan-out mapping's admitted runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    run_ids: Option<Vec<String>>,
    /// `queued` or `coalesced` (wakes).
    #[serde(skip_serializing_if = "Option::is_none")]
    event_outcome: Option<String>,
    /// With --wait: the Gateway's `completion` object as it came (`status`, `replyDisposition`,
    /// `delivered`, `deliveryAttempted`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    completion: Option<Value>,
    /// What the answer means and what to change.
    explanation: String,
    /// The answer's body: its JSON, or its text (at most 64 KiB).
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<Value>,
    /// Why there was no answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<DeliveryError>,
}

/// Print the outcome (stdout: the result; stderr: a failure's sentence) and decide the exit.
/// (The --json object is built field by field here, next to the human line it matches.)
fn report(
    p: &Printer,
    target: &HooksTarget,
    endpoint: &str,
    mapping: Option<&str>,
    key: Option<&str>,
    sent: Sent,
) -> anyhow::Result<ExitStatus> {
    let url = crate::redact::url(&sent.url);
    let answer = match sent.result {
        Ok(a) => a,
        Err(e) => {
            if p.json() {
                p.out_json(&HookJson {
                    kind: "hook",
                    endpoint: endpoint.into(),
                    url,
                    ok: false,
                    status: None,
                    latency_ms: 0.0,
                    idempotency_key: key.map(str::to_string),
                    run_id: None,
                    run_ids: None,
                    event_outcome: None,
                    completion: None,
                    explanation: e.message.clone(),
                    answer: None,
                    error: Some(e),
                })?;
            } else {
                p.failure(&e.to_string(), e.hint.as_deref());
            }
            return Ok(ExitStatus::Failure);
        }
    };
    let c = Context {
        url: &url,
        credential_source: &target.token_source,
        config_file: &target.config_file,
        path: target.path(),
        body_len: sent.body_len,
    };
    let verdict = explain::hook(&answer, &c, mapping);
    let json = answer.json();
    let get = |k: &str| json.as_ref().and_then(|v| v.get(k));
    let str_of = |k: &str| get(k).and_then(Value::as_str).map(str::to_string);
    let completion = get("completion").cloned();
    let completion_ok = completion
        .as_ref()
        .is_none_or(|c| c.get("status").and_then(Value::as_str) == Some("ok"));
    let ok = verdict.ok && completion_ok;
    let out = HookJson {
        kind: "hook",
        endpoint: endpoint.into(),
        url: url.clone(),
        ok,
        status: Some(answer.status),
        latency_ms: answer.latency.as_secs_f64() * 1e3,
        idempotency_key: key.map(str::to_string),
        run_id: str_of("runId"),
        run_ids: get("runIds").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        }),
        event_outcome: str_of("eventOutcome"),
        completion,
        explanation: verdict.sentence.clone(),
        answer: json.clone().or_else(|| {
            (!answer.body.is_empty())
                .then(|| Value::String(String::from_utf8_lossy(&answer.body).into_owned()))
        }),
        error: None,
    };
    if p.json() {
        p.out_json(&out)?;
    } else if verdict.ok {
        p.out(success_line(&out, answer.latency))?;
    } else {
        p.failure(
            &format!("HTTP {} from {url}: {}", answer.status, verdict.sentence),
            None,
        );
    }
    Ok(ExitStatus::from_ok(ok))
}

/// The one line a successful request prints.
fn success_line(o: &HookJson, latency: Duration) -> String {
    let took = format!("{:.2} s", latency.as_secs_f64());
    let shown = |s: &str| sanitize::line(s).into_owned();
    let key = o
        .idempotency_key
        .as_deref()
        .map(|k| format!(", idempotency key {}", shown(k)))
        .unwrap_or_default();
    if let Some(c) = &o.completion {
        let f = |k: &str| c.get(k).and_then(Value::as_str).map(shown);
        let b = |k: &str| c.get(k).and_then(Value::as_bool);
        let mut facts = vec![format!(
            "status {}",
            f("status").unwrap_or_else(|| "?".into())
        )];
        if let Some(d) = f("replyDisposition") {
            facts.push(format!("reply {d}"));
        }
        match b("delivered") {
            Some(true) => facts.push("delivered".into()),
            Some(false) => facts.push("not delivered".into()),
            None => {}
        }
        if b("deliveryAttempted") == Some(true) {
            facts.push("delivery attempted".into());
        }
        if let Some(r) = f("deliverySuppressionReason") {
            facts.push(format!("suppressed: {r}"));
        }
        if let Some(e) = f("deliveryError") {
            facts.push(format!("delivery error: {e}"));
        }
        let run = o.run_id.as_deref().map(shown).unwrap_or_default();
        return format!("run {run} finished: {} ({took}{key})", facts.join(", "));
    }
    if let Some(outcome) = &o.event_outcome {
        let what = match outcome.as_str() {
            "queued" => "wake queued".to_string(),
            "coalesced" => "wake coalesced with an identical pending one".to_string(),
            other => format!("wake {}", shown(other)),
        };
        let run = o
            .run_id
            .as_deref()
            .map(|r| format!("; run {} accepted", shown(r)))
            .unwrap_or_default();
        let mode = o
            .answer
            .as_ref()
            .and_then(|a| a.get("mode"))
            .and_then(Value::as_str)
            .map(|m| format!(", mode {}", shown(m)))
            .unwrap_or_default();
        return format!("{what}{run} ({took}{mode})");
    }
    if let Some(ids) = o.run_ids.as_ref().filter(|ids| ids.len() > 1) {
        let ids: Vec<String> = ids.iter().map(|i| shown(i)).collect();
        return format!("runs {} accepted ({took}{key})", ids.join(", "));
    }
    if let Some(run) = &o.run_id {
        return format!("run {} accepted ({took}{key})", shown(run));
    }
    if o.status == Some(204) {
        return o.explanation.clone();
    }
    format!("HTTP {} {} ({took})", o.status.unwrap_or(0), o.explanation)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(status: u16) -> HookJson {
        HookJson {
            kind: "hook",
            endpoint: "agent".into(),
            url: "u".into(),
            ok: true,
            status: Some(status),
            latency_ms: 0.0,
            idempotency_key: Some("k".into()),
            run_id: Some("r\u{1b}1".into()),
            run_ids: None,
            event_outcome: None,
            completion: None,
            explanation: "accepted".into(),
            answer: None,
            error: None,
        }
    }

    #[test]
    fn lines_escape_what_the_gateway_sent() {
        let line = success_line(&out(200), Duration::from_millis(310));
        assert!(
            line.starts_with("run r\\u{1b}1 accepted (0.31 s, idempotency key k)")
                || !line.contains('\u{1b}'),
            "{line}"
        );
        assert!(!line.contains('\u{1b}'));
        let mut o = out(200);
        o.completion = Some(
            serde_json::json!({"status": "ok", "replyDisposition": "visible", "delivered": false, "deliveryAttempted": true}),
        );
        let line = success_line(&o, Duration::ZERO);
        assert!(
            line.contains("finished: status ok, reply visible, not delivered, delivery attempted"),
            "{line}"
        );
    }
}
