//! The bodies of the Gateway's hook requests, checked before anything is sent: `POST
//! <hooks>/agent` (an agent turn), `<hooks>/wake` (a system event for the main session), and
//! `<hooks>/<name>` (a mapped hook, any JSON object). The rules are those of
//! `docs/gateway/config-hooks.md` in the npm package: what the Gateway would refuse with a 400,
//! ocw refuses first, saying which flag to change.

use anyhow::bail;
use serde_json::{Map, Value};

use super::BODY_LIMIT;

/// Idempotency keys longer than this are ignored by the Gateway (config-hooks.md "Hook retries").
pub const IDEMPOTENCY_KEY_MAX: usize = 256;

/// `wakeMode` / wake `mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakeMode {
    Now,
    NextHeartbeat,
}

impl WakeMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Now => "now",
            Self::NextHeartbeat => "next-heartbeat",
        }
    }
}

/// The fields of `POST /hooks/agent`, as the flags give them.
#[derive(Debug, Clone, Default)]
pub struct AgentFields {
    pub message: String,
    pub name: Option<String>,
    pub agent_id: Option<String>,
    pub session_key: Option<String>,
    /// `Some(true)` for `persistent`.
    pub persistent: Option<bool>,
    /// `None`: the Gateway's default (true).
    pub deliver: Option<bool>,
    pub channel: Option<String>,
    pub to: Option<String>,
    pub account_id: Option<String>,
    pub model: Option<String>,
    pub thinking: Option<String>,
    pub timeout_seconds: Option<u64>,
    pub wake_mode: Option<WakeMode>,
    pub wait: bool,
}

/// A request ready to go: the body bytes, and notes worth telling the sender (not errors).
#[derive(Debug, Clone)]
pub struct Built {
    pub body: Vec<u8>,
    pub notes: Vec<String>,
}

/// The `/hooks/agent` body, or why the Gateway would refuse it.
pub fn agent(f: &AgentFields) -> anyhow::Result<Built> {
    if f.message.trim().is_empty() {
        bail!(
            "the message is empty; the Gateway requires a non-empty `message` (ocw hook agent \"TEXT\")"
        );
    }
    let mut notes = Vec::new();
    let no_deliver = f.deliver == Some(false);
    match (&f.channel, &f.to) {
        (Some(c), _) if c.trim().eq_ignore_ascii_case("last") => bail!(
            "--channel last is refused by /hooks/agent (direct hooks do not inherit the main session's last recipient): name a concrete channel id and --to"
        ),
        (Some(_), None) if !no_deliver => {
            bail!(
                "--channel needs --to: direct delivery takes both (the Gateway answers 400 otherwise)"
            )
        }
        (None, Some(_)) if !no_deliver => {
            bail!(
                "--to needs --channel: direct delivery takes both (the Gateway answers 400 otherwise)"
            )
        }
        _ => {}
    }
    if f.account_id.is_some() && (f.channel.is_none() || f.to.is_none()) && !no_deliver {
        bail!("--account needs --channel and --to (it selects the channel's account)");
    }
    if no_deliver && (f.channel.is_some() || f.to.is_some() || f.account_id.is_some()) {
        notes.push(
            "--no-deliver: the Gateway ignores --channel, --to and --account (nothing is announced)"
                .to_string(),
        );
    }
    if f.persistent == Some(true) && f.session_key.is_none() {
        bail!(
            "--session-mode persistent needs --session-key (and hooks.allowRequestSessionKey: true with hooks.allowedSessionKeyPrefixes in openclaw.json)"
        );
    }
    if f.timeout_seconds == Some(0) {
        bail!("--timeout-seconds must be positive (the Gateway ignores 0)");
    }
    let mut body = Map::new();
    body.insert("message".into(), f.message.clone().into());
    let mut put = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            body.insert(k.into(), Value::String(v.clone()));
        }
    };
    put("name", &f.name);
    put("agentId", &f.agent_id);
    put("sessionKey", &f.session_key);
    put("channel", &f.channel);
    put("to", &f.to);
    put("accountId", &f.account_id);
    put("model", &f.model);
    put("thinking", &f.thinking);
    if let Some(p) = f.persistent {
        let mode = if p { "persistent" } else { "isolated" };
        body.insert("sessionMode".into(), mode.into());
    }
    if let Some(d) = f.deliver {
        body.insert("deliver".into(), d.into());
    }
    if let Some(t) = f.timeout_seconds {
        body.insert("timeoutSeconds".into(), t.into());
    }
    if let Some(m) = f.wake_mode {
        body.insert("wakeMode".into(), m.as_str().into());
    }
    if f.wait {
        body.insert("waitForCompletion".into(), true.into());
    }
    finish(Value::Object(body), notes, "the message")
}

/// The `/hooks/wake` body, or why the Gateway would refuse it.
pub fn wake(
    text: &str,
    mode: Option<WakeMode>,
    agent_id: Option<&str>,
    session_key: Option<&str>,
) -> anyhow::Result<Built> {
    if text.trim().is_empty() {
        bail!(
            "the wake text is empty; the Gateway requires a non-empty `text` (ocw hook wake \"TEXT\")"
        );
    }
    if session_key.is_some() && mode == Some(WakeMode::NextHeartbeat) {
        bail!(
            "--session-key needs --mode now: a deferred wake always goes to the agent's main session"
        );
    }
    let mut body = Map::new();
    body.insert("text".into(), text.into());
    if let Some(m) = mode {
        body.insert("mode".into(), m.as_str().into());
    }
    if let Some(a) = agent_id {
        body.insert("agentId".into(), a.into());
    }
    if let Some(s) = session_key {
        body.insert("sessionKey".into(), s.into());
    }
    finish(Value::Object(body), Vec::new(), "the text")
}

/// A mapped hook's body: the JSON object given, re-serialized compactly. `name` is checked to be
/// a path below the hooks base.
pub fn mapped(name: &str, data: &[u8]) -> anyhow::Result<Built> {
    check_mapping_name(name)?;
    let value: Value = serde_json::from_slice(data).map_err(|e| {
        anyhow::anyhow!("--data is not JSON: {e} (give a JSON object, @FILE or - for stdin)")
    })?;
    if !value.is_object() {
        bail!(
            "--data must be a JSON object (mappings read its fields), got {}",
            crate::payload::edit::kind(&value)
        );
    }
    let mut notes = Vec::new();
    if matches!(name.trim_matches('/'), "agent" | "wake") {
        notes.push(format!(
            "`{name}` is the direct endpoint, not a mapping: use `ocw hook {name}` for its flags and checks"
        ));
    }
    // The Gmail preset's path gets a larger allowance (config-hooks.md "Gmail integration").
    if name.trim_matches('/') == "gmail" {
        let body = serde_json::to_vec(&value)?;
        return Ok(Built { body, notes });
    }
    finish(value, notes, "--data")
}

/// A mapping name: one or more path segments, no query, nothing empty.
pub fn check_mapping_name(name: &str) -> anyhow::Result<()> {
    let t = name.trim_matches('/');
    if t.is_empty() {
        bail!("the hook name is empty: give the mapping's path below hooks.path, e.g. `github`");
    }
    if t.contains(['?', '#'])
        || t.split('/').any(|s| s.is_empty() || s == "." || s == "..")
        || t.chars().any(char::is_whitespace)
    {
        bail!(
            "{name:?} is not a hook path: use the mapping's path below hooks.path, e.g. `github` or `ci/deploy`"
        );
    }
    Ok(())
}

/// An idempotency key the Gateway will use (trimmed, non-empty, at most 256 characters).
pub fn check_idempotency_key(key: &str) -> anyhow::Result<()> {
    let t = key.trim();
    if t.is_empty() {
        bail!("--idempotency-key is empty");
    }
    if t.chars().count() > IDEMPOTENCY_KEY_MAX {
        bail!(
            "--idempotency-key is {} characters; the Gateway ignores keys over {IDEMPOTENCY_KEY_MAX}",
            t.chars().count()
        );
    }
    Ok(())
}

fn finish(value: Value, notes: Vec<String>, what: &str) -> anyhow::Result<Built> {
    let body = serde_json::to_vec(&value)?;
    if body.len() > BODY_LIMIT {
        bail!(
            "the request body is {}, over the Gateway's {} limit for hooks: shorten {what}",
            crate::units::bytes(body.len()),
            crate::units::bytes(BODY_LIMIT)
        );
    }
    Ok(Built { body, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(msg: &str) -> AgentFields {
        AgentFields {
            message: msg.into(),
            ..AgentFields::default()
        }
    }

    fn body(b: &Built) -> Value {
        serde_json::from_slice(&b.body).unwrap()
    }

    #[test]
    fn agent_body_uses_the_gateway_names() {
        let mut f = fields("hi");
        f.agent_id = Some("main".into());
        f.deliver = Some(false);
        f.wait = true;
        f.timeout_seconds = Some(30);
        f.wake_mode = Some(WakeMode::NextHeartbeat);
        f.persistent = Some(false);
        let b = body(&agent(&f).unwrap());
        assert_eq!(
            b,
            serde_json::json!({"message": "hi", "agentId": "main", "sessionMode": "isolated",
                "deliver": false, "timeoutSeconds": 30, "wakeMode": "next-heartbeat",
                "waitForCompletion": true})
        );
    }

    #[test]
    fn agent_refusals_name_the_flag() {
        let err = |f: &AgentFields| agent(f).unwrap_err().to_string();
        assert!(err(&fields("  ")).contains("message is empty"));
        let mut f = fields("x");
        f.channel = Some("telegram".into());
        assert!(err(&f).contains("--channel needs --to"));
        f.channel = None;
        f.to = Some("123".into());
        assert!(err(&f).contains("--to needs --channel"));
        f.channel = Some("last".into());
        assert!(err(&f).contains("--channel last"));
        let mut f = fields("x");
        f.account_id = Some("a".into());
        assert!(err(&f).contains("--account needs"));
        let mut f = fields("x");
        f.persistent = Some(true);
        assert!(err(&f).contains("--session-key"));
        let mut f = fields("x");
        f.timeout_seconds = Some(0);
        assert!(err(&f).contains("positive"));
        let big = "x".repeat(BODY_LIMIT);
        assert!(
            err(&fields(&big)).contains("over the Gateway's 256 KiB limit"),
            "{}",
            err(&fields(&big))
        );
    }

    #[test]
    fn no_deliver_ignores_the_destination_with_a_note() {
        let mut f = fields("x");
        f.deliver = Some(false);
        f.channel = Some("telegram".into());
        let b = agent(&f).unwrap();
        assert_eq!(b.notes.len(), 1);
    }

    #[test]
    fn wake_rules() {
        let b = wake("ping", Some(WakeMode::Now), Some("main"), None).unwrap();
        assert_eq!(
            body(&b),
            serde_json::json!({"text": "ping", "mode": "now", "agentId": "main"})
        );
        assert!(wake("", None, None, None).is_err());
        let err = wake("x", Some(WakeMode::NextHeartbeat), None, Some("k")).unwrap_err();
        assert!(err.to_string().contains("--mode now"));
    }

    #[test]
    fn mapped_rules() {
        assert!(mapped("github", br#"{"a":1}"#).is_ok());
        assert!(mapped("ci/deploy", br#"{}"#).is_ok());
        assert!(mapped("", b"{}").is_err());
        assert!(mapped("a/../b", b"{}").is_err());
        assert!(mapped("a?x=1", b"{}").is_err());
        let err = mapped("x", b"[1]").unwrap_err().to_string();
        assert!(err.contains("JSON object"), "{err}");
        let err = mapped("x", b"{").unwrap_err().to_string();
        assert!(err.contains("not JSON"), "{err}");
        assert_eq!(mapped("agent", b"{}").unwrap().notes.len(), 1);
    }

    #[test]
    fn idempotency_keys() {
        assert!(check_idempotency_key("k-1").is_ok());
        assert!(check_idempotency_key(" ").is_err());
        assert!(check_idempotency_key(&"k".repeat(257)).is_err());
    }
}
