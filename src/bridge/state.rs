//! The bridge's state directory and the private files in it.
//!
//! The state directory is `$OPENCLAW_STATE_DIR`, else `~/.openclaw` (OpenClaw's own), created
//! 0700 when missing. Every file the bridge writes there may hold a secret (the UID, the device
//! key, what the relay and the Gateway said), so each is written 0600 and atomically: a
//! temporary file renamed over the old one.
//!
//! This module is the bottom of `bridge/`: it uses no other bridge module, and the others that
//! touch the disk or the env (`file`, `settings`, `discovery`, `device`, `daemon`, `status_file`,
//! the engine's session store) point down to it.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// The settings file's name in the state directory.
pub const BRIDGE_JSON: &str = "bridge.json";

// The env lookup, the home expansion and OpenClaw's state-dir rule are OpenClaw's, shared with
// the Gateway's HTTP surfaces (`hooks`).
pub use crate::openclaw::{Env, expand_home, process_env};

/// Where the bridge keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateDir {
    path: PathBuf,
}

impl StateDir {
    /// `$OPENCLAW_STATE_DIR` (a leading `~/` is expanded), else `~/.openclaw`.
    pub fn resolve(env: Env<'_>) -> anyhow::Result<Self> {
        crate::openclaw::state_dir(env).map(Self::at)
    }

    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Create the directory (mode 0700) when it is missing. An existing one is left as it is.
    pub fn ensure(&self) -> anyhow::Result<()> {
        match std::fs::metadata(&self.path) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => bail!(
                "state directory {} exists but is not a directory",
                self.path.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("checking {}", self.path.display()));
            }
        }
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&self.path)
            .with_context(|| format!("creating the state directory {}", self.path.display()))
    }

    pub fn bridge_json(&self) -> PathBuf {
        self.path.join(BRIDGE_JSON)
    }

    pub fn pid_file(&self) -> PathBuf {
        self.path.join("bridge.pid")
    }

    pub fn log_file(&self) -> PathBuf {
        self.path.join("bridge.log")
    }

    /// The running bridge's last connection events (`bridge.status.json`), for `status`.
    pub fn status_file(&self) -> PathBuf {
        self.path.join("bridge.status.json")
    }
}

/// Replace `path` with `bytes`, readable by its owner only (0600): written to a temporary file
/// in the same directory (created 0700 when missing) and renamed over the old one, so a crash
/// never leaves half a file and the contents are never readable by others, not even briefly.
pub fn replace_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    StateDir::at(dir).ensure()?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    write_private(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("replacing {}", path.display()));
    }
    Ok(())
}

/// Write a new file readable by its owner only (0600), replacing a leftover of the same name.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::env_of;

    #[test]
    fn state_dir_from_env_or_home() {
        let s = StateDir::resolve(&env_of(&[("OPENCLAW_STATE_DIR", "/tmp/oc")])).unwrap();
        assert_eq!(s.path(), Path::new("/tmp/oc"));
        assert_eq!(s.pid_file(), Path::new("/tmp/oc/bridge.pid"));
        let s = StateDir::resolve(&env_of(&[("HOME", "/home/u")])).unwrap();
        assert_eq!(s.bridge_json(), Path::new("/home/u/.openclaw/bridge.json"));
    }

    #[cfg(unix)]
    #[test]
    fn state_dir_created_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let s = StateDir::at(tmp.path().join("a/.openclaw"));
        s.ensure().unwrap();
        let mode = std::fs::metadata(s.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        s.ensure().unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn replace_private_is_0600_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("d/secret.json");
        replace_private(&path, b"one").unwrap();
        replace_private(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let names: Vec<_> = std::fs::read_dir(tmp.path().join("d"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["secret.json"]);
    }
}
