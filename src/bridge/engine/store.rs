//! `bridge-sessions.json`: the sessions this bridge used, by canonical key, so `session.list`
//! survives a restart. Written 0600 and atomically; a broken or unreadable file is logged and
//! replaced by an empty list, never fatal.

use std::collections::HashMap;
use std::time::Duration;

use tracing::warn;

use crate::bridge::state::replace_private;

/// Most sessions remembered for `session.list` (the oldest are forgotten beyond this).
pub(super) const STORE_LIMIT: usize = 100_000;

/// What the bridge remembers about a session it used (for `session.list`/`session.get`).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SessionMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) session_id: Option<String>,
    #[serde(default)]
    pub(super) updated_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) thread_id: Option<String>,
}

/// `bridge-sessions.json`: the sessions this bridge used, by canonical key.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct SessionsFile {
    version: u32,
    sessions: HashMap<String, SessionMeta>,
}

/// How often a changed session store is written.
pub(super) const STORE_FLUSH: Duration = Duration::from_secs(1);

pub(super) fn load_sessions(path: &std::path::Path) -> HashMap<String, SessionMeta> {
    match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice::<SessionsFile>(&bytes) {
            Ok(f) => f.sessions,
            Err(e) => {
                warn!(path = %path.display(), error = %e, "unreadable session list ignored; starting a new one");
                HashMap::new()
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
        Err(e) => {
            warn!(path = %path.display(), error = %e, "cannot read the session list; starting a new one");
            HashMap::new()
        }
    }
}

/// Write the store atomically (temp file, then rename), private to the user.
pub(super) fn save_sessions(
    path: &std::path::Path,
    sessions: HashMap<String, SessionMeta>,
) -> anyhow::Result<()> {
    let bytes = serde_json::to_vec(&SessionsFile {
        version: 1,
        sessions,
    })?;
    replace_private(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_list_survives_a_restart_and_stays_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bridge-sessions.json");
        assert!(load_sessions(&path).is_empty(), "no file yet");
        let mut sessions = HashMap::new();
        sessions.insert(
            "agent:main:webhook:dm:u1".to_owned(),
            SessionMeta {
                session_id: Some("s-1".into()),
                updated_at: 42,
                to: Some("u1".into()),
                thread_id: None,
            },
        );
        save_sessions(&path, sessions).unwrap();
        let loaded = load_sessions(&path);
        assert_eq!(
            loaded["agent:main:webhook:dm:u1"].session_id.as_deref(),
            Some("s-1")
        );
        assert_eq!(loaded["agent:main:webhook:dm:u1"].updated_at, 42);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "{not json").unwrap();
        assert!(
            load_sessions(&path).is_empty(),
            "a broken file is not fatal"
        );
    }
}
