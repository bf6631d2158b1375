//! OpenClaw's own configuration as ocw reads it: where the state directory and `openclaw.json`
//! are, the file's JSON5, OpenClaw's `${VAR}` substitution and env SecretRefs, and the Gateway's
//! port. The one reader of `openclaw.json`: the bridge (`bridge::discovery`, the WebSocket side)
//! and the Gateway's HTTP surfaces (`hooks`: inbound hooks, the webhooks plugin, cron
//! deliveries) both find the Gateway through here, so they agree on the file, the env overrides
//! and the error wording.
//!
//! Nothing here prints; secrets come back as [`Secret`]s and are never part of a message.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use serde_json::Value;

use crate::secret::Secret;

/// The environment, as a lookup (tests pass a map instead of touching the process env).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment as an [`Env`]; empty values count as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// OpenClaw's default Gateway port (WebSocket and HTTP share it).
pub const DEFAULT_PORT: u16 = 18789;

/// OpenClaw's state directory: `$OPENCLAW_STATE_DIR` (a leading `~/` is expanded), else
/// `~/.openclaw`.
pub fn state_dir(env: Env<'_>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = non_empty(env, "OPENCLAW_STATE_DIR") {
        return Ok(expand_home(&dir));
    }
    let home = env("HOME")
        .filter(|h| !h.trim().is_empty())
        .map(PathBuf::from)
        .or_else(dirs::home_dir)
        .ok_or_else(|| {
            anyhow!("cannot find the home directory; set OPENCLAW_STATE_DIR to a directory")
        })?;
    Ok(home.join(".openclaw"))
}

/// `~/x` → `$HOME/x`; anything else unchanged.
pub fn expand_home(s: &str) -> PathBuf {
    let s = s.trim();
    if (s == "~" || s.starts_with("~/"))
        && let Some(home) = dirs::home_dir()
    {
        return home.join(s.trim_start_matches('~').trim_start_matches('/'));
    }
    PathBuf::from(s)
}

/// Where OpenClaw's config lives: `$OPENCLAW_CONFIG_PATH`, else `<state dir>/openclaw.json`.
pub fn config_path(state_dir: &Path, env: Env<'_>) -> PathBuf {
    match non_empty(env, "OPENCLAW_CONFIG_PATH") {
        Some(p) => expand_home(&p),
        None => state_dir.join("openclaw.json"),
    }
}

/// Parse `openclaw.json`; `None` when the file does not exist. The top level must be an object.
pub fn read(path: &Path) -> anyhow::Result<Option<Value>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let doc =
        parse_json5(&text).with_context(|| format!("{} is not valid JSON5", path.display()))?;
    if !doc.is_object() {
        bail!(
            "{}: expected a JSON5 object at the top level",
            path.display()
        );
    }
    Ok(Some(doc))
}

/// The deepest nesting of objects and arrays `parse_json5` accepts. The parser and the
/// conversion to a value recurse once per level and overflow a 2 MB thread at about 2,000
/// levels (700 in a debug build); OpenClaw's own config nests about six.
pub const MAX_JSON5_DEPTH: usize = 64;

/// JSON5 text to a JSON value, with the error reduced to "line L, column C: what was expected".
pub fn parse_json5(text: &str) -> anyhow::Result<Value> {
    if let Some((line, column)) = too_deep(text, MAX_JSON5_DEPTH) {
        bail!("line {line}, column {column}: nested deeper than {MAX_JSON5_DEPTH} levels");
    }
    json5::from_str::<Value>(text).map_err(|e| {
        let json5::Error::Message { msg, location } = e;
        // pest's message is a multi-line drawing; its last line says what was expected.
        let what = msg
            .lines()
            .rev()
            .map(|l| l.trim().trim_start_matches("= ").trim())
            .find(|l| !l.is_empty())
            .unwrap_or("syntax error")
            .to_string();
        match location {
            Some(l) => anyhow!("line {}, column {}: {what}", l.line, l.column),
            None => anyhow!("{what}"),
        }
    })
}

/// Where JSON5 `text` first opens more than `max` objects and arrays at once (line, column),
/// not counting brackets inside strings and comments.
fn too_deep(text: &str, max: usize) -> Option<(usize, usize)> {
    enum In {
        Code,
        Str(char),
        LineComment,
        BlockComment,
    }
    let (mut depth, mut line, mut column) = (0usize, 1, 0);
    let mut state = In::Code;
    let mut chars = text.chars().peekable();
    let mut advance = |c: char| {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        (line, column)
    };
    while let Some(c) = chars.next() {
        let at = advance(c);
        match state {
            In::Code => match c {
                '"' | '\'' => state = In::Str(c),
                '/' if chars.peek() == Some(&'/') => state = In::LineComment,
                '/' if chars.peek() == Some(&'*') => {
                    advance(chars.next().unwrap_or('*'));
                    state = In::BlockComment;
                }
                '[' | '{' => {
                    depth += 1;
                    if depth > max {
                        return Some(at);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
            In::Str(quote) => {
                if c == '\\' {
                    if let Some(escaped) = chars.next() {
                        advance(escaped);
                    }
                } else if c == quote {
                    state = In::Code;
                }
            }
            In::LineComment => {
                if c == '\n' {
                    state = In::Code;
                }
            }
            In::BlockComment => {
                if c == '*' && chars.peek() == Some(&'/') {
                    advance(chars.next().unwrap_or('/'));
                    state = In::Code;
                }
            }
        }
    }
    None
}

/// The object at a dotted `key` (`gateway.auth`), `None` when it or a parent is absent or null;
/// an error naming the key when something else stands there.
pub fn object<'a>(
    doc: Option<&'a Value>,
    key: &str,
    path: &Path,
) -> anyhow::Result<Option<&'a Value>> {
    let mut cur = doc;
    for part in key.split('.') {
        cur = match cur.and_then(|v| v.get(part)) {
            None | Some(Value::Null) => return Ok(None),
            Some(v) => Some(v),
        };
    }
    match cur {
        Some(v @ Value::Object(_)) => Ok(Some(v)),
        Some(_) => bail!("{}: `{key}` must be an object", path.display()),
        None => Ok(None),
    }
}

/// The Gateway's port and where it came from: `OPENCLAW_GATEWAY_PORT`, else `gateway.port` of
/// the file (`gateway` is that object, when there is one), else [`DEFAULT_PORT`].
pub fn gateway_port(
    gateway: Option<&Value>,
    path: &Path,
    env: Env<'_>,
) -> anyhow::Result<(u16, String)> {
    let file = path.display();
    if let Some(raw) = non_empty(env, "OPENCLAW_GATEWAY_PORT") {
        let port = raw
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| {
                anyhow!("OPENCLAW_GATEWAY_PORT={raw:?} is not a port number (1-65535)")
            })?;
        return Ok((port, "OPENCLAW_GATEWAY_PORT".to_string()));
    }
    Ok(match gateway.and_then(|g| g.get("port")) {
        None | Some(Value::Null) => (DEFAULT_PORT, "default port".to_string()),
        Some(v) => match as_port(v) {
            Some(0) => (DEFAULT_PORT, "default port".to_string()),
            Some(p) => (p, file.to_string()),
            None => bail!(
                "{file}: gateway.port must be a port number (1-65535), got {}",
                short(v)
            ),
        },
    })
}

/// A secret value from `openclaw.json` at `key`: a string (with `${VAR}` substitution) or an env
/// SecretRef `{"source":"env","provider":"default","id":"VAR"}`. `None` for an empty string.
/// `instead` is the sentence that says how to give the secret another way, for references ocw
/// cannot resolve (file, exec and store SecretRefs, or an unset variable).
pub fn resolve_secret(
    v: &Value,
    key: &str,
    path: &Path,
    env: Env<'_>,
    instead: &str,
) -> anyhow::Result<Option<Secret>> {
    let file = path.display();
    match v {
        Value::String(s) => {
            let s = substitute_env(s, env).map_err(|e| anyhow!("{file}: {key}: {e}"))?;
            Ok((!s.is_empty()).then(|| Secret::new(s)))
        }
        Value::Object(obj) => {
            let source = obj.get("source").and_then(Value::as_str).unwrap_or("");
            let id = obj.get("id").and_then(Value::as_str).unwrap_or("").trim();
            match source {
                "env" if !id.is_empty() => match non_empty(env, id) {
                    Some(value) => Ok(Some(Secret::new(value))),
                    None => bail!(
                        "{file}: {key} refers to the environment variable {id}, which is not set; set it, or {instead}"
                    ),
                },
                "env" => bail!("{file}: {key} is an env SecretRef without an `id`"),
                "file" | "exec" | "store" => bail!(
                    "{file}: {key} is a {source:?} SecretRef, which ocw cannot resolve; {instead}"
                ),
                "" => bail!(
                    "{file}: {key} must be a string or a SecretRef like {{\"source\":\"env\",\"id\":\"VAR\"}}"
                ),
                other => bail!(
                    "{file}: {key} has an unknown SecretRef source {other:?} (expected env, file, exec or store)"
                ),
            }
        }
        other => bail!(
            "{file}: {key} must be a string or a SecretRef object, got {}",
            crate::payload::edit::kind(other)
        ),
    }
}

/// `${VAR}` in a string of `openclaw.json`, the way OpenClaw expands it: upper-case names,
/// `$${` escapes, and an unset variable is an error.
pub fn substitute_env(s: &str, env: Env<'_>) -> Result<String, String> {
    crate::expand::expand(s, env, crate::expand::Dialect::OpenClaw).map_err(|e| e.to_string())
}

fn as_port(v: &Value) -> Option<u16> {
    match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return u16::try_from(u).ok();
            }
            let f = n.as_f64()?;
            (f.fract() == 0.0 && (0.0..=65535.0).contains(&f)).then_some(f as u16)
        }
        _ => None,
    }
}

/// An env value with something in it.
pub fn non_empty(env: Env<'_>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.trim().is_empty())
}

/// A non-secret value, shortened for an error message.
pub fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn nesting_is_bounded_but_brackets_in_strings_and_comments_do_not_count() {
        let deep = |n: usize| format!("{{x: {}{}}}", "[".repeat(n), "]".repeat(n));
        assert!(parse_json5(&deep(MAX_JSON5_DEPTH - 1)).is_ok());
        let err = parse_json5(&deep(100_000)).unwrap_err().to_string();
        assert_eq!(err, "line 1, column 68: nested deeper than 64 levels");
        let brackets = "[".repeat(200);
        let text = format!(
            "{{a: '{brackets}', b: \"\\\"{brackets}\", // {brackets}\n /* {brackets} */ c: [[1]]}}"
        );
        let doc = parse_json5(&text).unwrap();
        assert_eq!(doc["a"].as_str().unwrap(), brackets);
        assert_eq!(doc["b"].as_str().unwrap(), format!("\"{brackets}"));
        assert_eq!(doc["c"], serde_json::json!([[1]]));
    }

    #[test]
    fn object_walks_dotted_keys() {
        let doc = parse_json5("{a: {b: {c: 1}}, n: null, s: 'x'}").unwrap();
        let p = Path::new("o.json");
        assert!(object(Some(&doc), "a.b", p).unwrap().is_some());
        assert!(object(Some(&doc), "a.z", p).unwrap().is_none());
        assert!(object(Some(&doc), "n.x", p).unwrap().is_none());
        assert!(object(None, "a", p).unwrap().is_none());
        let err = object(Some(&doc), "s", p).unwrap_err().to_string();
        assert!(err.contains("`s` must be an object"), "{err}");
    }

    #[test]
    fn secrets_resolve_or_say_what_to_do_instead() {
        let p = Path::new("o.json");
        let env = env_of(&[("TOK", "t1")]);
        let v = serde_json::json!("${TOK}");
        assert_eq!(
            resolve_secret(&v, "k", p, &env, "pass --token").unwrap(),
            Some(Secret::new("t1"))
        );
        let v = serde_json::json!({"source": "file", "provider": "default", "id": "x"});
        let err = resolve_secret(&v, "k", p, &env, "pass --token")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("pass --token") && err.contains("\"file\""),
            "{err}"
        );
        let v = serde_json::json!({"source": "env", "id": "UNSET"});
        let err = resolve_secret(&v, "k", p, &env, "pass --token")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("UNSET") && err.contains("pass --token"),
            "{err}"
        );
        assert_eq!(
            resolve_secret(&serde_json::json!(""), "k", p, &env, "").unwrap(),
            None
        );
    }

    #[test]
    fn state_dir_and_config_path() {
        let env = env_of(&[("OPENCLAW_STATE_DIR", "/tmp/oc")]);
        assert_eq!(state_dir(&env).unwrap(), PathBuf::from("/tmp/oc"));
        let env = env_of(&[("HOME", "/home/u")]);
        assert_eq!(state_dir(&env).unwrap(), PathBuf::from("/home/u/.openclaw"));
        let env = env_of(&[("OPENCLAW_CONFIG_PATH", "/etc/oc.json5")]);
        assert_eq!(
            config_path(Path::new("/s"), &env),
            PathBuf::from("/etc/oc.json5")
        );
    }
}
