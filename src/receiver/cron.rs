//! OpenClaw cron deliveries: a job with `delivery.mode: "webhook"` POSTs its `finished` event
//! (docs/automation/cron-jobs/delivery.md; `buildCronFinishedWebhookPayload` in the npm
//! package): `{"jobId", "action":"finished", "status", "summary"?, "error"?, "runAtMs",
//! "durationMs", "sessionKey"?, "sessionId"?, "delivered"?, "deliveryStatus"?, "job"?: {...},
//! ...}`, unsigned, with `Authorization: Bearer <cron.webhookToken>` when one is set, never
//! retried. This module recognises such a body and picks out what a person wants to see; the
//! body itself is kept whole by the record (`--json`, `--record`).
//!
//! Everything here came from outside: the lines it returns are escaped with
//! [`crate::sanitize`], and long texts are cut.

use serde_json::Value;

use crate::sanitize::shown;

/// A summary longer than this is cut on the terminal (the record keeps it whole).
const SUMMARY_CHARS: usize = 300;

/// The facts of one cron `finished` event.
#[derive(Debug, Clone, PartialEq)]
pub struct CronFinished {
    pub job_id: String,
    pub job_name: Option<String>,
    /// `ok`, `error` or `skipped`.
    pub status: Option<String>,
    /// `succeeded`, `failed`, `unknown` (the whole run, delivery included).
    pub completion_status: Option<String>,
    pub summary: Option<String>,
    pub error: Option<String>,
    pub duration_ms: Option<f64>,
    pub run_at_ms: Option<i64>,
    pub next_run_at_ms: Option<i64>,
    pub run_id: Option<String>,
    pub session_key: Option<String>,
    pub session_id: Option<String>,
    pub model: Option<String>,
    pub provider: Option<String>,
    pub delivered: Option<bool>,
    pub delivery_status: Option<String>,
    pub delivery_error: Option<String>,
}

/// The cron event in `body`, when it is one: a JSON object with `action: "finished"` and a
/// string `jobId`.
pub fn finished(body: &[u8]) -> Option<CronFinished> {
    // A cron event is a few KiB; anything far bigger is not worth parsing for a view.
    if body.len() > 4 << 20 || !body.trim_ascii_start().starts_with(b"{") {
        return None;
    }
    let v: Value = serde_json::from_slice(body).ok()?;
    if v.get("action")?.as_str()? != "finished" {
        return None;
    }
    let job_id = v.get("jobId")?.as_str()?.to_string();
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let i = |k: &str| v.get(k).and_then(Value::as_i64);
    let job = v.get("job");
    Some(CronFinished {
        job_id,
        job_name: job
            .and_then(|j| j.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string),
        status: s("status"),
        completion_status: s("completionStatus"),
        summary: s("summary"),
        error: s("error"),
        duration_ms: v.get("durationMs").and_then(Value::as_f64),
        run_at_ms: i("runAtMs"),
        next_run_at_ms: i("nextRunAtMs"),
        run_id: s("runId"),
        session_key: s("sessionKey"),
        session_id: s("sessionId"),
        model: s("model"),
        provider: s("provider"),
        delivered: v.get("delivered").and_then(Value::as_bool),
        delivery_status: s("deliveryStatus"),
        delivery_error: s("deliveryError"),
    })
}

impl CronFinished {
    /// Whether the run went well (`status: ok`, and the whole run did not fail).
    pub fn ok(&self) -> bool {
        self.status.as_deref() == Some("ok") && self.completion_status.as_deref() != Some("failed")
    }

    /// The short form for a request line: `cron ok "Nightly report"`.
    pub fn headline(&self) -> String {
        let status = self.status.as_deref().unwrap_or("finished");
        match &self.job_name {
            Some(n) => format!("cron {} {:?}", shown(status), shown(n).to_string()),
            None => format!("cron {} job {}", shown(status), shown(&self.job_id)),
        }
    }

    /// The facts, one line each, escaped: the job and its outcome, the summary (or error), the
    /// session, the delivery, the next run.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let name = match &self.job_name {
            Some(n) => format!("{:?} ({})", shown(n).to_string(), shown(&self.job_id)),
            None => shown(&self.job_id).to_string(),
        };
        let mut head = format!(
            "cron job {name} finished: {}",
            shown(self.status.as_deref().unwrap_or("?"))
        );
        if let Some(c) = &self.completion_status {
            head.push_str(&format!(", run {}", shown(c)));
        }
        if let Some(ms) = self.duration_ms {
            head.push_str(&format!(" in {:.1} s", ms / 1000.0));
        }
        if let Some(at) = self.run_at_ms.and_then(time_of) {
            head.push_str(&format!(", started {at}"));
        }
        out.push(head);
        if let Some(s) = &self.summary {
            out.push(format!("summary: {}", cut(s)));
        }
        if let Some(e) = &self.error {
            out.push(format!("error: {}", cut(e)));
        }
        let mut session = Vec::new();
        if let Some(k) = &self.session_key {
            session.push(format!("session {}", shown(k)));
        }
        if let Some(id) = &self.session_id {
            session.push(format!("id {}", shown(id)));
        }
        if let Some(r) = &self.run_id {
            session.push(format!("run {}", shown(r)));
        }
        match (&self.provider, &self.model) {
            (Some(p), Some(m)) => session.push(format!("model {}/{}", shown(p), shown(m))),
            (None, Some(m)) => session.push(format!("model {}", shown(m))),
            _ => {}
        }
        if !session.is_empty() {
            out.push(session.join(", "));
        }
        let mut delivery = Vec::new();
        match self.delivered {
            Some(true) => delivery.push("delivered".to_string()),
            Some(false) => delivery.push("not delivered".to_string()),
            None => {}
        }
        if let Some(s) = &self.delivery_status {
            delivery.push(format!("status {}", shown(s)));
        }
        if let Some(e) = &self.delivery_error {
            delivery.push(format!("error {}", cut(e)));
        }
        if !delivery.is_empty() {
            out.push(format!("delivery: {}", delivery.join(", ")));
        }
        if let Some(next) = self.next_run_at_ms.and_then(time_of) {
            out.push(format!("next run {next}"));
        }
        out
    }
}

/// Epoch milliseconds as `2026-11-29 13:05:01 UTC`.
fn time_of(ms: i64) -> Option<String> {
    let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
    Some(ts.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
}

/// One line of untrusted text, escaped and cut.
fn cut(s: &str) -> String {
    let one = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = if one.chars().count() > SUMMARY_CHARS {
        format!("{}…", one.chars().take(SUMMARY_CHARS).collect::<String>())
    } else {
        one
    };
    crate::sanitize::line(&shown).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = r#"{"jobId":"j-1","action":"finished","job":{"id":"j-1","name":"Nightly"},
        "status":"ok","completionStatus":"succeeded","summary":"echo: all\ngood","runId":"r-9",
        "runAtMs":1795379729652,"durationMs":4210,"sessionKey":"agent:main:cron:j-1",
        "sessionId":"s-1","delivered":true,"deliveryStatus":"delivered","nextRunAtMs":1795466129652}"#;

    #[test]
    fn a_finished_event_is_recognised() {
        let c = finished(EVENT.as_bytes()).unwrap();
        assert_eq!(c.job_id, "j-1");
        assert!(c.ok());
        assert_eq!(c.headline(), "cron ok \"Nightly\"");
        let lines = c.lines();
        assert!(
            lines[0].starts_with(
                "cron job \"Nightly\" (j-1) finished: ok, run succeeded in 4.2 s, started 2026-11-"
            ),
            "{lines:?}"
        );
        assert_eq!(lines[1], "summary: echo: all good");
        assert_eq!(lines[2], "session agent:main:cron:j-1, id s-1, run r-9");
        assert_eq!(lines[3], "delivery: delivered, status delivered");
        assert!(lines[4].starts_with("next run 2026-11-"));
    }

    #[test]
    fn other_bodies_are_not_cron() {
        assert!(finished(br#"{"event":"lead.qualified"}"#).is_none());
        assert!(finished(br#"{"action":"started","jobId":"x"}"#).is_none());
        assert!(finished(br#"{"action":"finished"}"#).is_none());
        assert!(finished(b"not json").is_none());
    }

    #[test]
    fn hostile_fields_are_escaped() {
        let c = finished(
            br#"{"jobId":"j\u001b[2J","action":"finished","status":"error","error":"boom\u0007","job":{"name":"n\u009b"}}"#,
        )
        .unwrap();
        assert!(!c.ok());
        for l in c.lines().iter().chain([&c.headline()]) {
            assert!(!l.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{l:?}");
        }
    }
}
