//! The OpenClaw Gateway's HTTP webhook surfaces, as a sender sees them: inbound hooks
//! (`POST <hooks.path>/agent|wake|<mapping>`, [`request`]), the webhooks plugin's TaskFlow routes
//! ([`taskflow`]), and what each answer status means ([`explain`]). Discovery lives here too:
//! the Gateway's HTTP base URL and the credentials come from `openclaw.json` (through
//! [`crate::openclaw`], the bridge's reader), the env and the flags, in that order of increasing
//! precedence.
//!
//! Every answer is untrusted: [`http::post`] reads at most [`http::ANSWER_KEEP`] bytes of it, and
//! the sentences built from it escape what the peer wrote. Tokens and secrets travel as
//! [`Secret`]s and never appear in a message.

pub mod explain;
pub mod http;
pub mod request;
pub mod taskflow;

use std::path::PathBuf;

use anyhow::{anyhow, bail};
use serde_json::Value;

use crate::openclaw::{self, Env, non_empty};
use crate::secret::Secret;

/// The hooks base path when `hooks.path` is not set.
pub const DEFAULT_HOOKS_PATH: &str = "/hooks";

/// The body limit of hooks and plugin routes (the Gmail mapping gets more; see config-hooks.md).
pub const BODY_LIMIT: usize = 256 * 1024;

/// A credential given on the command line or in the env, and what to call its source.
pub struct GivenSecret {
    pub secret: Secret,
    pub source: String,
}

/// OpenClaw's config as the HTTP commands need it: the file, when there is one.
pub struct OpenClawConfig {
    pub path: PathBuf,
    pub doc: Option<Value>,
}

impl OpenClawConfig {
    /// Find and read `openclaw.json` the way the bridge does (`OPENCLAW_CONFIG_PATH`, else the
    /// state dir's); a missing file is fine.
    pub fn load(env: Env<'_>) -> anyhow::Result<Self> {
        let state = openclaw::state_dir(env)?;
        let path = openclaw::config_path(&state, env);
        let doc = openclaw::read(&path)?;
        Ok(Self { path, doc })
    }

    pub fn file(&self) -> String {
        self.path.display().to_string()
    }

    fn object(&self, key: &str) -> anyhow::Result<Option<&Value>> {
        openclaw::object(self.doc.as_ref(), key, &self.path)
    }
}

/// The Gateway's HTTP origin (`http://127.0.0.1:18789`) and where it came from: `--url`, else
/// `OPENCLAW_GATEWAY_URL` (its `ws://` turned into `http://`, `wss://` into `https://`), else
/// `127.0.0.1` with the port of `OPENCLAW_GATEWAY_PORT`, `gateway.port` or 18789.
pub fn gateway_base(
    cfg: &OpenClawConfig,
    url_flag: Option<&url::Url>,
    env: Env<'_>,
) -> anyhow::Result<(url::Url, String)> {
    if let Some(u) = url_flag {
        return Ok((u.clone(), "--url".to_string()));
    }
    if let Some(raw) = non_empty(env, "OPENCLAW_GATEWAY_URL") {
        let ws = url::Url::parse(raw.trim())
            .map_err(|e| anyhow!("OPENCLAW_GATEWAY_URL: {e} (expected ws://HOST:PORT)"))?;
        let scheme = match ws.scheme() {
            "ws" | "http" => "http",
            "wss" | "https" => "https",
            other => {
                bail!("OPENCLAW_GATEWAY_URL: unsupported scheme {other:?} (use ws:// or wss://)")
            }
        };
        let host = ws
            .host_str()
            .ok_or_else(|| anyhow!("OPENCLAW_GATEWAY_URL has no host"))?;
        let port = ws.port().map(|p| format!(":{p}")).unwrap_or_default();
        let host = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        let base = url::Url::parse(&format!("{scheme}://{host}{port}/"))
            .map_err(|e| anyhow!("OPENCLAW_GATEWAY_URL: {e}"))?;
        return Ok((base, "OPENCLAW_GATEWAY_URL".to_string()));
    }
    let gateway = cfg.object("gateway")?;
    let (port, source) = openclaw::gateway_port(gateway, &cfg.path, env)?;
    let base = url::Url::parse(&format!("http://127.0.0.1:{port}/"))
        .map_err(|e| anyhow!("building the Gateway URL: {e}"))?;
    Ok((base, source))
}

/// `path` joined onto `base`'s origin (any path `base` has is replaced).
pub fn at_path(base: &url::Url, path: &str) -> url::Url {
    let mut u = base.clone();
    u.set_path(path);
    u.set_query(None);
    u.set_fragment(None);
    u
}

/// Where the hooks are and how to authenticate, with the sources for messages.
#[derive(Debug)]
pub struct HooksTarget {
    /// The hooks base, e.g. `http://127.0.0.1:18789/hooks` (no trailing slash).
    pub base: url::Url,
    pub token: Secret,
    /// "url from …; token from …" (never the token).
    pub source: String,
    /// Where the token came from, for the 401 sentence.
    pub token_source: String,
    /// The `openclaw.json` consulted (it may not exist).
    pub config_file: String,
    /// `hooks.enabled` as the file says, when it says (`None`: no file or no key).
    pub enabled_in_file: Option<bool>,
    /// Whether the base URL came from `--url` (then the file may describe another Gateway).
    pub url_given: bool,
}

impl HooksTarget {
    /// The URL of one hook: `agent`, `wake` or a mapping's name.
    pub fn url(&self, name: &str) -> url::Url {
        let mut u = self.base.clone();
        let path = format!(
            "{}/{}",
            self.base.path().trim_end_matches('/'),
            name.trim_matches('/')
        );
        u.set_path(&path);
        u
    }

    /// The hooks path in use, e.g. `/hooks`.
    pub fn path(&self) -> &str {
        self.base.path()
    }
}

/// Find the hooks: the base from `--url` (taken whole when it has a path, else with
/// `hooks.path` appended) or the Gateway's base plus `hooks.path` (default `/hooks`); the token
/// from `--token`/`--token-file`/`OCW_HOOKS_TOKEN`, else `hooks.token` in `openclaw.json`.
/// (Kept whole so the precedence of each value reads top to bottom.)
pub fn discover_hooks(
    cfg: &OpenClawConfig,
    url_flag: Option<&url::Url>,
    token: Option<GivenSecret>,
    env: Env<'_>,
) -> anyhow::Result<HooksTarget> {
    let file = cfg.file();
    let hooks = cfg.object("hooks")?;
    let enabled_in_file = match hooks.and_then(|h| h.get("enabled")) {
        None | Some(Value::Null) => hooks.map(|_| false),
        Some(Value::Bool(b)) => Some(*b),
        Some(v) => bail!(
            "{file}: hooks.enabled must be true or false, got {}",
            openclaw::short(v)
        ),
    };
    let path = match hooks.and_then(|h| h.get("path")) {
        None | Some(Value::Null) => DEFAULT_HOOKS_PATH.to_string(),
        Some(Value::String(p)) => {
            normalize_hooks_path(p).map_err(|e| anyhow!("{file}: hooks.path {e}"))?
        }
        Some(v) => bail!(
            "{file}: hooks.path must be a string like \"/hooks\", got {}",
            openclaw::short(v)
        ),
    };
    let (base, url_source) = match url_flag {
        Some(u) if u.path() != "/" && !u.path().is_empty() => {
            let mut u = u.clone();
            let p = u.path().trim_end_matches('/').to_string();
            u.set_path(&p);
            (u, "--url".to_string())
        }
        _ => {
            let (origin, source) = gateway_base(cfg, url_flag, env)?;
            let source = if hooks.and_then(|h| h.get("path")).is_some() {
                format!("{source} and hooks.path in {file}")
            } else {
                source
            };
            (at_path(&origin, &path), source)
        }
    };
    let (token, token_source) = match token {
        Some(given) => {
            if given.secret.expose().trim().is_empty() {
                bail!("the hooks token from {} is empty", given.source);
            }
            (given.secret, given.source)
        }
        None => {
            let from_file = match hooks.and_then(|h| h.get("token")) {
                None | Some(Value::Null) => None,
                Some(v @ Value::String(_)) => openclaw::resolve_secret(
                    v,
                    "hooks.token",
                    &cfg.path,
                    env,
                    "pass --token/--token-file or set OCW_HOOKS_TOKEN",
                )?,
                Some(_) => bail!(
                    "{file}: hooks.token must be a string (OpenClaw takes no SecretRef there); or pass --token/--token-file, or set OCW_HOOKS_TOKEN"
                ),
            };
            match from_file {
                Some(t) => (t, format!("hooks.token in {file}")),
                None => bail!(
                    "no hooks token: pass --token-file FILE or set OCW_HOOKS_TOKEN (or --token), or set hooks.token in {file}"
                ),
            }
        }
    };
    Ok(HooksTarget {
        source: format!("url from {url_source}; token from {token_source}"),
        base,
        token,
        token_source,
        config_file: file,
        enabled_in_file,
        url_given: url_flag.is_some(),
    })
}

/// OpenClaw's rule for `hooks.path`: a leading slash added, trailing slashes removed, `/`
/// refused.
pub fn normalize_hooks_path(raw: &str) -> Result<String, String> {
    let t = raw.trim().trim_end_matches('/');
    if t.is_empty() {
        return Err(format!(
            "{raw:?} is refused by OpenClaw: use a dedicated path like \"/hooks\""
        ));
    }
    Ok(if t.starts_with('/') {
        t.to_string()
    } else {
        format!("/{t}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(json5: &str) -> OpenClawConfig {
        OpenClawConfig {
            path: PathBuf::from("/x/openclaw.json"),
            doc: Some(openclaw::parse_json5(json5).unwrap()),
        }
    }

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn given(t: &str) -> Option<GivenSecret> {
        Some(GivenSecret {
            secret: Secret::new(t),
            source: "--token".into(),
        })
    }

    #[test]
    fn hooks_from_the_file() {
        let c =
            cfg(r#"{gateway: {port: 19001}, hooks: {enabled: true, token: "${HT}", path: "in/"}}"#);
        let t = discover_hooks(&c, None, None, &env_of(&[("HT", "tok")])).unwrap();
        assert_eq!(t.base.as_str(), "http://127.0.0.1:19001/in");
        assert_eq!(t.url("agent").as_str(), "http://127.0.0.1:19001/in/agent");
        assert_eq!(t.token.expose(), "tok");
        assert_eq!(t.enabled_in_file, Some(true));
        assert!(
            t.source.contains("hooks.token in /x/openclaw.json"),
            "{}",
            t.source
        );
        assert!(!t.source.contains("tok;"));
    }

    #[test]
    fn flags_and_env_win() {
        let c = cfg(r#"{hooks: {token: "file"}}"#);
        let env = env_of(&[("OPENCLAW_GATEWAY_URL", "wss://gw.example:8443/ws")]);
        let t = discover_hooks(&c, None, given("flag"), &env).unwrap();
        assert_eq!(t.base.as_str(), "https://gw.example:8443/hooks");
        assert_eq!(t.token.expose(), "flag");
        assert_eq!(t.enabled_in_file, Some(false));
        let u = url::Url::parse("http://10.0.0.1:1/custom/").unwrap();
        let t = discover_hooks(&c, Some(&u), None, &env).unwrap();
        assert_eq!(t.url("wake").as_str(), "http://10.0.0.1:1/custom/wake");
        let u = url::Url::parse("http://10.0.0.1:1").unwrap();
        let t = discover_hooks(&c, Some(&u), None, &env).unwrap();
        assert_eq!(t.url("wake").as_str(), "http://10.0.0.1:1/hooks/wake");
        let env = env_of(&[("OPENCLAW_GATEWAY_PORT", "4242")]);
        let t = discover_hooks(&c, None, None, &env).unwrap();
        assert_eq!(t.base.as_str(), "http://127.0.0.1:4242/hooks");
    }

    #[test]
    fn no_token_says_where_to_put_one() {
        let err = discover_hooks(&cfg("{}"), None, None, &env_of(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("OCW_HOOKS_TOKEN") && err.contains("hooks.token"),
            "{err}"
        );
        let err = discover_hooks(
            &cfg(r#"{hooks: {token: {source: "env", id: "X"}}}"#),
            None,
            None,
            &env_of(&[]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("no SecretRef"), "{err}");
    }

    #[test]
    fn hooks_path_rules() {
        assert_eq!(normalize_hooks_path("hooks/").unwrap(), "/hooks");
        assert_eq!(normalize_hooks_path("/a/b").unwrap(), "/a/b");
        assert!(normalize_hooks_path("/").is_err());
        let err = discover_hooks(
            &cfg(r#"{hooks: {path: "/"}}"#),
            None,
            given("t"),
            &env_of(&[]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("hooks.path"), "{err}");
    }
}
