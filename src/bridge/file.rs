//! `bridge.json` as a document: read, changed key by key, and written back. Every key this version
//! does not know is kept as it was, so a newer ocw or another tool can share the file. The file
//! is written 0600 and atomically ([`state::replace_private`]).
//!
//! The UID is generated once, a random 128-bit value in UUIDv4 form, and saved with the rest.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use serde_json::{Map, Value};

use super::config::Assignment;
use super::state;

/// `bridge.json`, as read: the whole object, unknown keys included.
#[derive(Debug, Clone)]
pub struct BridgeFile {
    path: PathBuf,
    doc: Map<String, Value>,
    existed: bool,
}

impl BridgeFile {
    /// A file with `doc` as its contents, as if loaded from `path` (for tests of what reads it).
    #[cfg(test)]
    pub(crate) fn from_doc(path: &Path, doc: Map<String, Value>) -> Self {
        Self {
            path: path.to_path_buf(),
            doc,
            existed: true,
        }
    }

    /// Read the file; a missing (or empty) file is an empty object.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    path: path.to_path_buf(),
                    doc: Map::new(),
                    existed: false,
                });
            }
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let doc = if text.trim().is_empty() {
            Map::new()
        } else {
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => bail!("{} must hold a JSON object", path.display()),
                Err(e) => bail!(
                    "{} is not valid JSON: {e}; fix it or remove it to start over",
                    path.display()
                ),
            }
        };
        Ok(Self {
            path: path.to_path_buf(),
            doc,
            existed: true,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file was there when loaded.
    pub fn existed(&self) -> bool {
        self.existed
    }

    /// The raw value of a key (known or not).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.doc.get(key)
    }

    /// A key's value when it is a non-empty string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.doc
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    pub fn uid(&self) -> Option<&str> {
        self.get_str("uid")
    }

    pub fn webhook_url(&self) -> Option<&str> {
        self.get_str("webhook_url")
    }

    /// Set (or with `None`, remove) a checked value. Keys keep their place in the file.
    pub fn apply(&mut self, a: &Assignment) {
        match &a.value {
            Some(v) => {
                self.doc.insert(a.key.to_string(), v.clone());
            }
            None => {
                self.doc.shift_remove(a.key);
            }
        }
    }

    /// Give the bridge a UID if it has none; true when one was generated.
    pub fn ensure_uid(&mut self) -> anyhow::Result<bool> {
        if self.uid().is_some() {
            return Ok(false);
        }
        self.doc.insert("uid".into(), Value::String(new_uid()?));
        Ok(true)
    }

    /// Write the file: 0600, via a temporary file renamed over the old one, so a crash never
    /// leaves half a file and the secrets are never readable by others, not even briefly.
    pub fn save(&mut self) -> anyhow::Result<()> {
        let mut text =
            serde_json::to_string_pretty(&self.doc).context("serializing bridge.json")?;
        text.push('\n');
        state::replace_private(&self.path, text.as_bytes())?;
        self.existed = true;
        Ok(())
    }
}

/// A fresh UID: 16 bytes from the OS's random source, in UUIDv4 form like the Go bridge's, so
/// existing relays and apps accept it.
pub fn new_uid() -> anyhow::Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| anyhow!("cannot get random bytes for the UID: {e}"))?;
    // Version 4 (random) in the high nibble of byte 6, variant 10 in the top bits of byte 8
    // (RFC 9562).
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex::encode(b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::config::parse_assignment;
    use crate::bridge::state::{BRIDGE_JSON, StateDir};

    #[test]
    fn uid_is_random_uuid_v4() {
        let a = new_uid().unwrap();
        let b = new_uid().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        for (i, c) in a.char_indices() {
            if [8, 13, 18, 23].contains(&i) {
                assert_eq!(c, '-', "{a}");
            } else {
                assert!(c.is_ascii_hexdigit() && !c.is_ascii_uppercase(), "{a}");
            }
        }
        assert!(parse_assignment(&format!("uid={a}")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn save_keeps_unknown_keys_private_and_atomic() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let state = StateDir::at(tmp.path().join("st"));
        let path = state.bridge_json();
        std::fs::create_dir_all(state.path()).unwrap();
        std::fs::write(
            &path,
            r#"{"future_key": {"x": [1, 2]}, "webhook_url": "ws://a/ws", "agent_id": "main"}"#,
        )
        .unwrap();
        let mut f = BridgeFile::load(&path).unwrap();
        f.apply(&parse_assignment("webhook_url=wss://b.example/ws").unwrap());
        assert!(f.ensure_uid().unwrap());
        assert!(!f.ensure_uid().unwrap());
        f.save().unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let back: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(back["future_key"], serde_json::json!({"x": [1, 2]}));
        assert_eq!(back["webhook_url"], "wss://b.example/ws");
        let keys: Vec<_> = back.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["future_key", "webhook_url", "agent_id", "uid"]);
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(state.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [BRIDGE_JSON]);
    }

    #[test]
    fn uid_persists_across_loads() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(BRIDGE_JSON);
        let mut f = BridgeFile::load(&path).unwrap();
        assert!(!f.existed());
        f.ensure_uid().unwrap();
        f.save().unwrap();
        let first = f.uid().unwrap().to_string();
        let mut g = BridgeFile::load(&path).unwrap();
        assert!(!g.ensure_uid().unwrap());
        assert_eq!(g.uid(), Some(first.as_str()));
    }
    #[test]
    fn bad_files_are_errors_not_panics() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(BRIDGE_JSON);
        std::fs::write(&path, "{nope").unwrap();
        let e = format!("{:#}", BridgeFile::load(&path).unwrap_err());
        assert!(
            e.contains("not valid JSON") && e.contains("bridge.json"),
            "{e}"
        );
        std::fs::write(&path, "[]").unwrap();
        assert!(BridgeFile::load(&path).is_err());
        std::fs::write(&path, "  \n").unwrap();
        assert!(BridgeFile::load(&path).unwrap().doc.is_empty());
    }
}
