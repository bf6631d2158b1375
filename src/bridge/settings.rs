//! The settings a bridge runs with, assembled: `bridge.json` checked key by key and as a whole
//! ([`FileSettings::check`]), then the Gateway found from `openclaw.json` and the env
//! ([`FileSettings::into_settings`]).

use std::time::Duration;

use anyhow::{anyhow, bail};
use serde_json::{Map, Value};

use super::config::{
    self, Assignment, DEFAULT_AGENT_ID, DEFAULT_MAX_PROTOCOL, DEFAULT_MIN_PROTOCOL, KEYS,
};
use super::file::BridgeFile;
use super::state::{Env, StateDir};
use super::{DeviceAuth, FrameFormat, SessionScope, Settings, Tuning, device, discovery};

/// `bridge.json` after every check: everything of [`Settings`] except the Gateway target.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub webhook_url: url::Url,
    /// The URL exactly as configured (the QR payload carries this form).
    pub webhook_url_raw: String,
    pub uid: String,
    pub agent_id: String,
    pub scope: SessionScope,
    pub frames: FrameFormat,
    pub gateway_url: Option<url::Url>,
    pub min_protocol: u32,
    pub max_protocol: u32,
    pub device_auth: DeviceAuth,
    pub tuning: Tuning,
}

impl FileSettings {
    /// Every known key checked, plus the rules between keys; `webhook_url` is required.
    pub fn check(bridge_file: &BridgeFile) -> anyhow::Result<Self> {
        let file = bridge_file.path().display().to_string();
        let values = CheckedValues::of(bridge_file, &file)?;
        let s = |k: &str| values.text(k);
        let n = |k: &str| values.number(k);

        let Some(raw_url) = s("webhook_url") else {
            bail!(
                "no relay URL: {file} has no webhook_url; give one, e.g. `ocw bridge start webhook_url=ws://127.0.0.1:8080/ws`"
            );
        };
        let webhook_url =
            discovery::parse_ws_url(&raw_url).map_err(|e| anyhow!("{file}: webhook_url: {e}"))?;
        let agent_id = s("agent_id").unwrap_or_else(|| DEFAULT_AGENT_ID.into());
        let Some(uid) = s("uid") else {
            bail!("{file} has no uid (it is generated when the bridge starts)");
        };
        if uid == agent_id {
            bail!(
                "{file}: uid equals agent_id; the UID must be a hard-to-guess secret of its own (leave uid out to get a generated one)"
            );
        }
        let scope = match s("session_scope").as_deref() {
            Some("global") => SessionScope::Global,
            Some("explicit") => SessionScope::Explicit,
            _ => SessionScope::PerSender,
        };
        let frames = match s("frames").as_deref() {
            Some("gateway") => FrameFormat::Gateway,
            _ => FrameFormat::Legacy,
        };
        let gateway_url = match s("gateway_url") {
            Some(u) => {
                Some(discovery::parse_ws_url(&u).map_err(|e| anyhow!("{file}: gateway_url: {e}"))?)
            }
            None => None,
        };
        let device_auth = match s("device_auth").as_deref() {
            Some("always") => DeviceAuth::Always,
            Some("never") => DeviceAuth::Never,
            _ => DeviceAuth::Auto,
        };
        let min_protocol = n("min_protocol").map_or(DEFAULT_MIN_PROTOCOL, |v| v as u32);
        let max_protocol = n("max_protocol").map_or(DEFAULT_MAX_PROTOCOL, |v| v as u32);
        if min_protocol > max_protocol {
            bail!(
                "{file}: min_protocol ({min_protocol}) is greater than max_protocol ({max_protocol})"
            );
        }

        Ok(Self {
            webhook_url,
            webhook_url_raw: raw_url,
            uid,
            agent_id,
            scope,
            frames,
            gateway_url,
            min_protocol,
            max_protocol,
            device_auth,
            tuning: values.tuning(&file)?,
        })
    }

    /// What a client app scans to join this bridge's room: `{"uid":"<uid>","wsUrl":"<url>"}`
    /// (the Go bridge's pairing payload), with the relay URL exactly as configured.
    pub fn pairing_payload(&self) -> String {
        serde_json::json!({"uid": self.uid, "wsUrl": self.webhook_url_raw}).to_string()
    }

    /// The full settings, with the Gateway found from `openclaw.json` and the env.
    pub fn into_settings(
        self,
        state: &StateDir,
        env: Env<'_>,
        log_content: bool,
    ) -> anyhow::Result<Settings> {
        let gateway = discovery::discover(state.path(), self.gateway_url.as_ref(), env)?;
        Ok(Settings {
            webhook_url: self.webhook_url,
            uid: self.uid,
            agent_id: self.agent_id,
            scope: self.scope,
            frames: self.frames,
            gateway,
            min_protocol: self.min_protocol,
            max_protocol: self.max_protocol,
            tuning: self.tuning,
            log_content,
            sessions_file: Some(state.path().join("bridge-sessions.json")),
            device_auth: self.device_auth,
            identity_file: Some(device::identity_path(state.path())),
        })
    }
}

/// The known keys of a `bridge.json`, each checked on its own and in the form it is stored
/// (strings for text keys, numbers for integers); unset and empty keys are absent.
struct CheckedValues(Map<String, Value>);

impl CheckedValues {
    /// Check every known key; `file` names the file in errors.
    fn of(bridge_file: &BridgeFile, file: &str) -> anyhow::Result<Self> {
        let mut values: Map<String, Value> = Map::new();
        // A nested "tuning" object is accepted too; top-level keys win over it.
        if let Some(nested) = bridge_file.get("tuning") {
            let Value::Object(nested) = nested else {
                bail!("{file}: tuning must be an object of integer settings");
            };
            for (k, v) in nested {
                match config::key_spec(k) {
                    Some(spec) if spec.is_int() => {
                        let v = config::check_value(spec, v)
                            .map_err(|e| anyhow!("{file}: tuning.{e}"))?;
                        values.insert(k.clone(), v);
                    }
                    _ => {}
                }
            }
        }
        for spec in KEYS {
            match bridge_file.get(spec.name) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if s.trim().is_empty() => {}
                Some(v) => {
                    let v = config::check_value(spec, v).map_err(|e| anyhow!("{file}: {e}"))?;
                    values.insert(spec.name.to_string(), v);
                }
            }
        }
        Ok(Self(values))
    }

    fn text(&self, key: &str) -> Option<String> {
        self.0.get(key).and_then(Value::as_str).map(str::to_string)
    }

    fn number(&self, key: &str) -> Option<u64> {
        self.0.get(key).and_then(Value::as_u64)
    }

    /// The timings and bounds: the defaults with the file's keys applied, and the rules between
    /// them checked.
    fn tuning(&self, file: &str) -> anyhow::Result<Tuning> {
        let n = |k: &str| self.number(k);
        let mut t = Tuning::default();
        let ms = |k: &str, d: &mut Duration| {
            if let Some(v) = n(k) {
                *d = Duration::from_millis(v);
            }
        };
        ms("reconnect_initial_ms", &mut t.backoff_initial);
        ms("reconnect_max_ms", &mut t.backoff_max);
        ms("healthy_after_ms", &mut t.healthy_after);
        ms("ping_interval_ms", &mut t.ping_interval);
        ms("idle_timeout_ms", &mut t.idle_timeout);
        ms("run_idle_timeout_ms", &mut t.run_idle_timeout);
        ms("gateway_grace_ms", &mut t.gateway_grace);
        ms("progress_interval_ms", &mut t.progress_interval);
        ms("error_grace_ms", &mut t.error_grace);
        ms("dedup_window_ms", &mut t.dedup_window);
        if let Some(v) = n("run_timeout_s") {
            t.run_timeout_secs = v;
        }
        let count = |k: &str, d: &mut usize| {
            if let Some(v) = n(k) {
                *d = usize::try_from(v).unwrap_or(usize::MAX);
            }
        };
        count("queue_limit", &mut t.queue_limit);
        count("queue_bytes", &mut t.queue_bytes);
        count("max_message_bytes", &mut t.max_message_bytes);
        count("outbound_buffer", &mut t.outbound_buffer);
        count("dedup_capacity", &mut t.dedup_capacity);
        if t.backoff_initial > t.backoff_max {
            bail!(
                "{file}: reconnect_initial_ms ({}) is greater than reconnect_max_ms ({})",
                t.backoff_initial.as_millis(),
                t.backoff_max.as_millis()
            );
        }
        if t.idle_timeout <= t.ping_interval {
            bail!(
                "{file}: idle_timeout_ms ({}) must be greater than ping_interval_ms ({}), or every quiet moment looks like a dead relay",
                t.idle_timeout.as_millis(),
                t.ping_interval.as_millis()
            );
        }
        Ok(t)
    }
}

/// What [`apply`] did to `bridge.json`, for the message that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// Nothing to report: no save was needed, or the file was rewritten as it was.
    Unchanged,
    /// Settings were changed, or the file was created.
    Settings,
    /// Only a generated UID was added to an existing file.
    GeneratedUid,
}

/// What a start or run works from, after the settings were applied, checked and saved.
#[derive(Debug, Clone)]
pub struct Applied {
    /// `bridge.json` as checked (the UID and the relay URL as configured, for the banner).
    pub file: FileSettings,
    /// The full settings, with the Gateway discovered.
    pub settings: Settings,
    pub saved: Saved,
}

/// Load `bridge.json`, apply `changes`, make sure there is a UID, check everything (Gateway
/// discovery included), and save when asked to (`always_save`) or when something changed.
/// Nothing is written when a check fails.
pub fn apply(
    state: &StateDir,
    changes: &[Assignment],
    always_save: bool,
    env: Env<'_>,
    log_content: bool,
) -> anyhow::Result<Applied> {
    let mut file = BridgeFile::load(&state.bridge_json())?;
    for change in changes {
        file.apply(change);
    }
    let generated = file.ensure_uid()?;
    let checked = FileSettings::check(&file)?;
    let settings = checked.clone().into_settings(state, env, log_content)?;
    let mut saved = Saved::Unchanged;
    if always_save || generated || !changes.is_empty() {
        state.ensure()?;
        let existed = file.existed();
        file.save()?;
        if !changes.is_empty() || !existed {
            saved = Saved::Settings;
        } else if generated {
            saved = Saved::GeneratedUid;
        }
    }
    Ok(Applied {
        file: checked,
        settings,
        saved,
    })
}

/// Build the bridge's settings from `bridge.json` and discovery (no writes).
pub fn settings(
    file: &BridgeFile,
    state: &StateDir,
    env: Env<'_>,
    log_content: bool,
) -> anyhow::Result<Settings> {
    FileSettings::check(file)?.into_settings(state, env, log_content)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::bridge::env_of;

    const UID: &str = "0123456789abcdef-uid";

    fn file(json: &str) -> BridgeFile {
        match serde_json::from_str(json).unwrap() {
            Value::Object(doc) => BridgeFile::from_doc(Path::new("/s/bridge.json"), doc),
            _ => unreachable!(),
        }
    }

    #[test]
    fn check_builds_settings_and_tuning() {
        let f = file(&format!(
            r#"{{"webhook_url":"ws://127.0.0.1:9/ws","uid":"{UID}","agent_id":"ops",
                "session_scope":"global","frames":"gateway","min_protocol":4,
                "reconnect_initial_ms":50,"run_timeout_s":"7","tuning":{{"queue_limit":3,"reconnect_initial_ms":999}},
                "something_else":true}}"#
        ));
        let c = FileSettings::check(&f).unwrap();
        assert_eq!(c.webhook_url_raw, "ws://127.0.0.1:9/ws");
        assert_eq!(c.agent_id, "ops");
        assert_eq!(c.scope, SessionScope::Global);
        assert_eq!(c.frames, FrameFormat::Gateway);
        assert_eq!((c.min_protocol, c.max_protocol), (4, 4));
        assert_eq!(c.tuning.backoff_initial, Duration::from_millis(50));
        assert_eq!(c.tuning.run_timeout_secs, 7);
        assert_eq!(c.tuning.queue_limit, 3);
        assert_eq!(c.tuning.queue_bytes, 64 << 20, "the default");
        assert_eq!(c.tuning.max_message_bytes, 1 << 20, "the default");
        let tmp = tempfile::tempdir().unwrap();
        let settings = c
            .into_settings(&StateDir::at(tmp.path()), &env_of(&[]), false)
            .unwrap();
        assert_eq!(settings.gateway.url.as_str(), "ws://127.0.0.1:18789/");
        assert_eq!(settings.uid, UID);
        assert_eq!(settings.device_auth, DeviceAuth::Auto);
        assert_eq!(
            settings.identity_file.as_deref(),
            Some(tmp.path().join("bridge-identity.json").as_path())
        );
        let never = file(&format!(
            r#"{{"webhook_url":"ws://127.0.0.1:9/ws","uid":"{UID}","device_auth":"never"}}"#
        ));
        assert_eq!(
            FileSettings::check(&never).unwrap().device_auth,
            DeviceAuth::Never
        );
    }

    #[test]
    fn apply_saves_only_what_changed_and_nothing_when_a_check_fails() {
        let tmp = tempfile::tempdir().unwrap();
        let state = StateDir::at(tmp.path().join("st"));
        let env = env_of(&[]);
        let url = config::parse_assignment("webhook_url=ws://127.0.0.1:9/ws").unwrap();
        let agent = config::parse_assignment("agent_id=ops").unwrap();

        let e = apply(&state, &[agent], false, &env, false).unwrap_err();
        assert!(format!("{e:#}").contains("no relay URL"), "{e:#}");
        assert!(
            !state.bridge_json().exists(),
            "nothing written when a check fails"
        );

        let a = apply(&state, std::slice::from_ref(&url), false, &env, false).unwrap();
        assert_eq!(a.saved, Saved::Settings);
        assert_eq!(a.settings.webhook_url.as_str(), "ws://127.0.0.1:9/ws");
        assert_eq!(a.file.uid, a.settings.uid);
        let a = apply(&state, &[], true, &env, false).unwrap();
        assert_eq!(a.saved, Saved::Unchanged);
        let a = apply(&state, &[], false, &env, false).unwrap();
        assert_eq!(a.saved, Saved::Unchanged);

        std::fs::write(
            state.bridge_json(),
            r#"{"webhook_url":"ws://127.0.0.1:9/ws"}"#,
        )
        .unwrap();
        let a = apply(&state, &[], false, &env, false).unwrap();
        assert_eq!(a.saved, Saved::GeneratedUid);
        let back = std::fs::read_to_string(state.bridge_json()).unwrap();
        assert!(back.contains(&a.settings.uid), "{back}");
    }

    #[test]
    fn pairing_payload_is_uid_and_the_url_as_configured() {
        let f = file(&format!(
            r#"{{"webhook_url":" wss://Relay.example/ws?room=1 ","uid":"{UID}"}}"#
        ));
        let c = FileSettings::check(&f).unwrap();
        assert_eq!(
            c.pairing_payload(),
            format!(r#"{{"uid":"{UID}","wsUrl":"wss://Relay.example/ws?room=1"}}"#)
        );
    }

    #[test]
    fn check_errors_name_the_file_and_key() {
        let msg = |json: &str| format!("{:#}", FileSettings::check(&file(json)).unwrap_err());
        let e = msg(r#"{"uid":"0123456789abcdef-uid"}"#);
        assert!(e.contains("webhook_url=ws://"), "{e}");
        let e = msg(r#"{"webhook_url":"http://x","uid":"0123456789abcdef-uid"}"#);
        assert!(
            e.contains("/s/bridge.json") && e.contains("webhook_url"),
            "{e}"
        );
        let e = msg(r#"{"webhook_url":"ws://x/","uid":"main"}"#);
        assert!(e.contains("at least 16"), "{e}");
        let e = msg(
            r#"{"webhook_url":"ws://x/","uid":"agent-0123456789ab","agent_id":"agent-0123456789ab"}"#,
        );
        assert!(e.contains("uid equals agent_id"), "{e}");
        let e = msg(&format!(
            r#"{{"webhook_url":"ws://x/","uid":"{UID}","queue_limit":"many"}}"#
        ));
        assert!(e.contains("queue_limit must be a whole number"), "{e}");
        let e = msg(&format!(
            r#"{{"webhook_url":"ws://x/","uid":"{UID}","min_protocol":5}}"#
        ));
        assert!(e.contains("min_protocol (5) is greater"), "{e}");
        let e = msg(&format!(
            r#"{{"webhook_url":"ws://x/","uid":"{UID}","ping_interval_ms":100,"idle_timeout_ms":100}}"#
        ));
        assert!(e.contains("idle_timeout_ms"), "{e}");
    }
}
