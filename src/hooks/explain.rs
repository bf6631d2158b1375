//! Every status the Gateway's hooks and the webhooks plugin document, turned into one sentence
//! that says what happened and what to change (docs/automation/cron-jobs/webhooks.md "Verify and
//! troubleshoot", docs/gateway/config-hooks.md "Hook HTTP contract", docs/plugins/webhooks.md
//! "Errors and troubleshooting"). What the Gateway wrote is quoted escaped for the terminal.

use super::http::Answer;
use crate::sanitize;

/// What the caller knows that the sentences name: where the credential came from, the file,
/// the path that was used.
pub struct Context<'a> {
    /// The URL posted to (redacted form).
    pub url: &'a str,
    /// Where the token or secret came from (`hooks.token in /x/openclaw.json`, `--token`).
    pub credential_source: &'a str,
    /// The `openclaw.json` consulted.
    pub config_file: &'a str,
    /// The hooks path in use (`/hooks`), or the plugin route's path.
    pub path: &'a str,
    /// The body size sent.
    pub body_len: usize,
}

/// The verdict on one answer: whether it counts as success, and the sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub ok: bool,
    pub sentence: String,
}

fn bad(sentence: String) -> Verdict {
    Verdict {
        ok: false,
        sentence,
    }
}

/// `: <what the Gateway said>`, escaped, or nothing.
fn said(a: &Answer) -> String {
    match a.error_text() {
        Some(t) => format!(" (the Gateway said: {})", sanitize::line(&t)),
        None => String::new(),
    }
}

/// When to retry, from `Retry-After` (seconds or an HTTP date).
pub fn retry_after(a: &Answer) -> String {
    match a.retry_after.as_deref().map(str::trim) {
        Some(s) if s.parse::<u64>().is_ok() => format!("retry in {s} s (Retry-After)"),
        Some(s) if !s.is_empty() => format!("retry after {} (Retry-After)", sanitize::line(s)),
        _ => "wait a minute before retrying (no Retry-After given)".to_string(),
    }
}

/// A `/hooks/...` answer. `mapping` is the mapped hook's name for `ocw hook post`. (One arm per
/// documented status, in the docs' order: longer than most functions, read as a table.)
pub fn hook(a: &Answer, c: &Context<'_>, mapping: Option<&str>) -> Verdict {
    let s = a.status;
    match s {
        200..=299 if s == 204 => Verdict {
            ok: true,
            sentence: "the mapping produced no action (a transform returned null or the fan-out array was empty): nothing was run".into(),
        },
        200..=299 => Verdict {
            ok: true,
            sentence: "accepted".into(),
        },
        400 => bad(format!(
            "the Gateway refused the request{}: check the JSON, the agent (--agent must name a configured agent allowed by hooks.allowedAgentIds), the session policy (--session-key needs hooks.allowRequestSessionKey) and the delivery flags, then send again",
            said(a)
        )),
        401 => bad(format!(
            "the hook token was refused: ocw sent the one from {}; it must equal hooks.token in {} (a token of its own, not gateway.auth.token), and a proxy in between must forward the Authorization header",
            c.credential_source, c.config_file
        )),
        404 => {
            let what = match mapping {
                Some(name) => format!(
                    ", or no entry of hooks.mappings matches `{}` (match.path)",
                    sanitize::line(name)
                ),
                None => String::new(),
            };
            bad(format!(
                "no hook at this URL: hooks may be disabled (set hooks.enabled: true in {} and restart the Gateway), or hooks.path differs from {}{what}",
                c.config_file, c.path
            ))
        }
        405 => bad(format!(
            "the Gateway accepts only POST here (Allow: {}); ocw sent POST, so something in between changed the method, or this is not a hook URL",
            sanitize::line(a.allow.as_deref().unwrap_or("POST")),
        )),
        408 => bad(
            "the Gateway stopped waiting for the body (its body-read timeout is 30 s): a slow link or proxy held it back; send again".into(),
        ),
        409 => {
            if a.error_text().is_some_and(|e| e.contains("configuration changed")) {
                bad("the hooks configuration changed while the request was in flight: send it again".into())
            } else {
                bad(format!(
                    "the target session changed or cannot accept work{}: wait for its running turn to finish, or send to another session (--session-key), then retry with the same --idempotency-key",
                    said(a)
                ))
            }
        }
        413 => bad(format!(
            "the Gateway refused the request body ({}) as too large (the hooks limit is 256 KiB): send less",
            crate::units::bytes(c.body_len)
        )),
        429 => bad(format!(
            "too many failed authentications from this client (20 per minute): fix the token first (it came from {}), then {}",
            c.credential_source,
            retry_after(a)
        )),
        500 => bad(format!(
            "a hook mapping or its transform failed on the Gateway{}: see `openclaw logs --follow` and fix the mapping",
            said(a)
        )),
        502 => bad(format!(
            "the Gateway could not prepare the agent run{}: nothing was admitted; see `openclaw logs --follow` (agent, model or workspace preparation)",
            said(a)
        )),
        503 => {
            if a.error_text().is_some_and(|e| e.contains("unavailable")) {
                bad(format!(
                    "the Gateway is suspended or restarting{}: {}",
                    said(a),
                    retry_after(a)
                ))
            } else {
                bad(format!(
                    "the run was not admitted within 15 s{} and was cancelled: the agent's session is busy or the Gateway is at capacity; retry later with the same --idempotency-key",
                    said(a)
                ))
            }
        }
        _ => bad(format!("unexpected answer HTTP {s}{}", said(a))),
    }
}

/// A webhooks-plugin (TaskFlow) route's answer. `route` is the route id when ocw knows it.
pub fn taskflow(a: &Answer, c: &Context<'_>, route: Option<&str>) -> Verdict {
    let s = a.status;
    let code = a.field("code");
    let route_key = match route {
        Some(r) => format!(
            "plugins.entries.webhooks.config.routes.{}",
            sanitize::line(r)
        ),
        None => "plugins.entries.webhooks.config.routes.<id>".to_string(),
    };
    match (s, code.as_deref()) {
        (202, _) => Verdict {
            ok: true,
            sentence: "cancellation is pending: child tasks are still active; check again with get_flow and get_task_summary".into(),
        },
        (200..=299, _) => Verdict {
            ok: true,
            sentence: "done".into(),
        },
        (400, _) => bad(format!(
            "the plugin refused the action{}: check its fields and their types (unknown fields are refused)",
            said(a)
        )),
        (401, _) => bad(format!(
            "the route secret was refused: ocw sent the one from {}; it must equal {route_key}.secret in {} (not hooks.token or the Gateway token); a SecretRef the Gateway could not resolve gives 401 too (fix it, then `openclaw plugins reload webhooks`)",
            c.credential_source, c.config_file
        )),
        (404, Some("not_found")) => bad(format!(
            "no such TaskFlow in the route's session{}: check --flow-id (list_flows shows the route's flows)",
            said(a)
        )),
        (404, _) => bad(format!(
            "no webhooks-plugin route at this URL: enable the plugin (plugins.entries.webhooks.enabled) and give the route this path ({}) in {}, then let the Gateway reload",
            c.path, c.config_file
        )),
        (405 | 415, _) => bad(
            "the route takes POST with Content-Type: application/json; ocw sends both, so something in between changed them".into(),
        ),
        (408, _) => bad("the Gateway stopped waiting for the body (15 s body-read limit): send again".into()),
        (413, _) => bad(format!(
            "the request body ({}) is over the plugin's 256 KiB limit: send less",
            crate::units::bytes(c.body_len)
        )),
        (429, _) => bad(format!(
            "too many requests: a route takes 120 per 60 s and 8 at once per client; slow down and {}",
            retry_after(a)
        )),
        (409, Some("revision_conflict")) => {
            let current = a
                .json()
                .and_then(|v| v.pointer("/result/current/revision").cloned());
            let hint = match current {
                Some(r) => format!("the flow is at revision {}: reconcile, then retry with --revision {}", sanitize::line(&r.to_string()), sanitize::line(&r.to_string())),
                None => "read it with get_flow, reconcile, then retry with its current --revision".into(),
            };
            bad(format!("the flow changed since the revision you gave{}: {hint}", said(a)))
        }
        (409, Some("not_managed")) => bad(format!(
            "this flow is not managed by the webhooks surface{}: drive it where it was created",
            said(a)
        )),
        (409, Some("terminal")) => bad(format!(
            "the flow has already ended{}: create a new one for more work",
            said(a)
        )),
        (409, Some("cancel_requested")) => bad(format!(
            "cancellation was already requested for this flow{}: no new tasks are accepted",
            said(a)
        )),
        (409, _) => bad(format!(
            "the Gateway refused the change{}: read the flow with get_flow and reconcile",
            said(a)
        )),
        (503, _) => bad(format!(
            "the Gateway could not persist the record{}: check its storage and `openclaw logs --follow` before retrying",
            said(a)
        )),
        _ => bad(format!("unexpected answer HTTP {s}{}", said(a))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            retry_after: None,
            allow: None,
            content_type: None,
            body: bytes::Bytes::from(body.to_string()),
            truncated: false,
            latency: std::time::Duration::ZERO,
        }
    }

    const C: Context<'static> = Context {
        url: "http://127.0.0.1:18789/hooks/agent",
        credential_source: "--token",
        config_file: "/x/openclaw.json",
        path: "/hooks",
        body_len: 10,
    };

    #[test]
    fn hook_sentences_say_what_to_change() {
        let v = hook(&answer(401, "Unauthorized"), &C, None);
        assert!(
            !v.ok && v.sentence.contains("hooks.token in /x/openclaw.json"),
            "{}",
            v.sentence
        );
        let v = hook(&answer(404, "Not Found"), &C, Some("github"));
        assert!(v.sentence.contains("hooks.enabled") && v.sentence.contains("hooks.mappings"));
        let mut a = answer(429, "Too Many Requests");
        a.retry_after = Some("42".into());
        assert!(hook(&a, &C, None).sentence.contains("retry in 42 s"));
        let v = hook(
            &answer(400, r#"{"ok":false,"error":"bad \u001b[31m thing"}"#),
            &C,
            None,
        );
        assert!(
            v.sentence.contains("bad \\u{1b}[31m thing") || !v.sentence.contains('\u{1b}'),
            "{}",
            v.sentence
        );
        assert!(!v.sentence.contains('\u{1b}'));
        assert!(hook(&answer(204, ""), &C, None).ok);
        assert!(hook(&answer(200, "{}"), &C, None).ok);
    }

    #[test]
    fn taskflow_sentences() {
        let v = taskflow(
            &answer(
                409,
                r#"{"ok":false,"code":"revision_conflict","error":"x","result":{"current":{"revision":3}}}"#,
            ),
            &C,
            Some("zapier"),
        );
        assert!(v.sentence.contains("--revision 3"), "{}", v.sentence);
        let v = taskflow(&answer(401, "Unauthorized"), &C, Some("zapier"));
        assert!(
            v.sentence.contains("routes.zapier.secret"),
            "{}",
            v.sentence
        );
        assert!(taskflow(&answer(202, "{}"), &C, None).ok);
        let v = taskflow(&answer(404, r#"{"ok":false,"code":"not_found"}"#), &C, None);
        assert!(v.sentence.contains("no such TaskFlow"));
        let v = taskflow(&answer(404, "Not Found"), &C, None);
        assert!(v.sentence.contains("no webhooks-plugin route"));
    }
}
