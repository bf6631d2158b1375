//! Gateway discovery: where the OpenClaw Gateway listens and how to log in to it, from
//! OpenClaw's own `openclaw.json` and the environment.
//!
//! `openclaw.json` is JSON5 (comments, trailing commas, unquoted keys). Only three things are
//! read from it: `gateway.port` (default 18789), `gateway.auth.mode` and the secret that mode
//! uses, `gateway.auth.token` or `gateway.auth.password`. A secret may be a plain string, a
//! string with `${VAR}` references (OpenClaw substitutes env vars in config strings), or a
//! SecretRef object `{"source":"env","provider":"default","id":"VAR"}`. Secrets are resolved only
//! when they are the ones used, so an env override makes a broken reference in the file harmless
//! (OpenClaw treats such a reference as an inactive surface too).
//!
//! Precedence, highest first: `OPENCLAW_GATEWAY_URL` (a whole `ws://` URL), then the bridge's own
//! `gateway_url` key, then `OPENCLAW_GATEWAY_PORT`, then `gateway.port`, then 18789; for the
//! secret, `OPENCLAW_GATEWAY_TOKEN` / `OPENCLAW_GATEWAY_PASSWORD`, then the file. A missing
//! `openclaw.json` is fine: the defaults are `ws://127.0.0.1:18789` with no auth.

use std::path::Path;

use anyhow::{Context, anyhow, bail};
use serde_json::Value;

use super::state::Env;
use super::{GatewayAuth, GatewayTarget};
pub use crate::openclaw::{DEFAULT_PORT, config_path};
use crate::openclaw::{non_empty, short};
use crate::secret::Secret;

/// What to do when a Gateway secret in `openclaw.json` is a reference ocw cannot follow.
const INSTEAD: &str =
    "set OPENCLAW_GATEWAY_TOKEN (or OPENCLAW_GATEWAY_PASSWORD) in the bridge's environment instead";

/// Find the Gateway: read `openclaw.json` (when it exists) and apply the env overrides and the
/// bridge's own `gateway_url` override.
pub fn discover(
    state_dir: &Path,
    gateway_url: Option<&url::Url>,
    env: Env<'_>,
) -> anyhow::Result<GatewayTarget> {
    let path = config_path(state_dir, env);
    let doc = crate::openclaw::read(&path)?;
    resolve(doc.as_ref(), &path, gateway_url, env)
}

/// The Gateway target from a parsed `openclaw.json` (or none) and the env. `path` names the file
/// in messages.
pub fn resolve(
    doc: Option<&Value>,
    path: &Path,
    gateway_url: Option<&url::Url>,
    env: Env<'_>,
) -> anyhow::Result<GatewayTarget> {
    let file = path.display();
    if let Some(doc) = doc
        && !doc.is_object()
    {
        bail!("{file}: expected a JSON5 object at the top level");
    }
    let gateway = match doc.and_then(|d| d.get("gateway")) {
        None | Some(Value::Null) => None,
        Some(g @ Value::Object(_)) => Some(g),
        Some(_) => bail!("{file}: `gateway` must be an object"),
    };
    let auth = match gateway.and_then(|g| g.get("auth")) {
        None | Some(Value::Null) => None,
        Some(a @ Value::Object(_)) => Some(a),
        Some(_) => bail!("{file}: `gateway.auth` must be an object"),
    };
    let (url, url_source) = gateway_url_of(gateway, path, gateway_url, env)?;
    let (auth, auth_source) = gateway_auth_of(auth, path, env)?;
    let auth_desc = match auth {
        GatewayAuth::None => auth_source,
        GatewayAuth::Token(_) => format!("token from {auth_source}"),
        GatewayAuth::Password(_) => format!("password from {auth_source}"),
    };
    Ok(GatewayTarget {
        url,
        auth,
        source: format!("url from {url_source}; {auth_desc}"),
    })
}

/// Where the Gateway listens, and where that came from: `OPENCLAW_GATEWAY_URL`, else the
/// bridge's `gateway_url`, else `ws://127.0.0.1:<port>` with the port from
/// `OPENCLAW_GATEWAY_PORT`, else `gateway.port`, else the default.
fn gateway_url_of(
    gateway: Option<&Value>,
    path: &Path,
    gateway_url: Option<&url::Url>,
    env: Env<'_>,
) -> anyhow::Result<(url::Url, String)> {
    Ok(if let Some(raw) = non_empty(env, "OPENCLAW_GATEWAY_URL") {
        let url = parse_ws_url(&raw).map_err(|e| anyhow!("OPENCLAW_GATEWAY_URL: {e}"))?;
        (url, "OPENCLAW_GATEWAY_URL".to_string())
    } else if let Some(url) = gateway_url {
        (url.clone(), "gateway_url in bridge.json".to_string())
    } else {
        let (port, source) = crate::openclaw::gateway_port(gateway, path, env)?;
        let url = url::Url::parse(&format!("ws://127.0.0.1:{port}"))
            .context("building the Gateway URL")?;
        (url, source)
    })
}

/// How to log in to the Gateway (from `gateway.auth`, the object or none, and the env), and
/// where the secret came from.
fn gateway_auth_of(
    auth: Option<&Value>,
    path: &Path,
    env: Env<'_>,
) -> anyhow::Result<(GatewayAuth, String)> {
    let file = path.display();
    let mode = match auth.and_then(|a| a.get("mode")) {
        None | Some(Value::Null) => None,
        Some(Value::String(m)) => Some(m.trim().to_ascii_lowercase()),
        Some(v) => bail!(
            "{file}: gateway.auth.mode must be a string (token, password or none), got {}",
            short(v)
        ),
    };
    // Each candidate is the login and where its secret came from; the file's secrets are
    // resolved only when they are the ones used.
    let env_token = non_empty(env, "OPENCLAW_GATEWAY_TOKEN").map(|t| {
        (
            GatewayAuth::Token(Secret::new(t)),
            "OPENCLAW_GATEWAY_TOKEN".to_string(),
        )
    });
    let env_password = non_empty(env, "OPENCLAW_GATEWAY_PASSWORD").map(|p| {
        (
            GatewayAuth::Password(Secret::new(p)),
            "OPENCLAW_GATEWAY_PASSWORD".to_string(),
        )
    });
    let from_file = |name: &str| -> anyhow::Result<Option<(GatewayAuth, String)>> {
        let Some(v) = auth.and_then(|a| a.get(name)).filter(|v| !v.is_null()) else {
            return Ok(None);
        };
        let secret = crate::openclaw::resolve_secret(
            v,
            &format!("gateway.auth.{name}"),
            path,
            env,
            INSTEAD,
        )?;
        Ok(secret.map(|secret| {
            let auth = if name == "password" {
                GatewayAuth::Password(secret)
            } else {
                GatewayAuth::Token(secret)
            };
            (auth, format!("gateway.auth.{name} in {file}"))
        }))
    };
    let none = |why: &str| (GatewayAuth::None, why.to_string());

    Ok(match mode.as_deref() {
        Some("password") => match env_password {
            Some(a) => a,
            None => from_file("password")?.unwrap_or_else(|| none("no password configured")),
        },
        Some("token") => match env_token {
            Some(a) => a,
            None => from_file("token")?.unwrap_or_else(|| none("no token configured")),
        },
        // `none` ignores the file's secrets; an explicit env secret is still sent.
        Some("none") => env_token
            .or(env_password)
            .unwrap_or_else(|| none("auth mode none")),
        // No mode (or one the bridge cannot speak, like trusted-proxy): whatever secret there is,
        // env first, token before password, and let the Gateway judge.
        _ => match env_token.or(env_password) {
            Some(a) => a,
            None => match from_file("token")? {
                Some(a) => a,
                None => from_file("password")?.unwrap_or_else(|| none("no secret configured")),
            },
        },
    })
}

/// A `ws://` or `wss://` URL with a host.
pub fn parse_ws_url(raw: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(raw.trim()).map_err(|e| {
        format!("{e} in {raw:?} (expected a WebSocket URL such as ws://127.0.0.1:18789)")
    })?;
    match url.scheme() {
        "ws" | "wss" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(url),
        "ws" | "wss" => Err(format!("{raw:?} has no host")),
        other => Err(format!(
            "unsupported scheme {other:?} in {raw:?} (use ws:// or wss://)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::env_of;
    use crate::openclaw::parse_json5;

    fn target(json5: &str, env: &[(&str, &str)]) -> anyhow::Result<GatewayTarget> {
        let doc = parse_json5(json5)?;
        let env = env_of(env);
        resolve(Some(&doc), Path::new("/x/openclaw.json"), None, &env)
    }

    fn token(t: &GatewayTarget) -> Option<&str> {
        match &t.auth {
            GatewayAuth::Token(s) => Some(s.expose()),
            _ => None,
        }
    }

    #[test]
    fn comments_and_trailing_commas() {
        let t = target(
            r#"{
              // OpenClaw writes comments
              gateway: {
                port: 19001, /* inline */
                auth: { mode: "token", token: 'abc', },
              },
            }"#,
            &[],
        )
        .unwrap();
        assert_eq!(t.url.as_str(), "ws://127.0.0.1:19001/");
        assert_eq!(token(&t), Some("abc"));
        assert!(t.source.contains("/x/openclaw.json"), "{}", t.source);
    }

    #[test]
    fn missing_port_is_the_default() {
        let t = target(r#"{gateway: {auth: {token: "t"}}}"#, &[]).unwrap();
        assert_eq!(t.url.port(), Some(DEFAULT_PORT));
        let t = target(r#"{gateway: {port: 0}}"#, &[]).unwrap();
        assert_eq!(t.url.port(), Some(DEFAULT_PORT));
        assert_eq!(t.auth, GatewayAuth::None);
    }

    #[test]
    fn password_mode() {
        let t = target(
            r#"{gateway: {auth: {mode: "password", token: "not-this", password: "pw"}}}"#,
            &[("OPENCLAW_GATEWAY_TOKEN", "nor-this")],
        )
        .unwrap();
        assert_eq!(t.auth, GatewayAuth::Password(Secret::new("pw")));
        let t = target(
            r#"{gateway: {auth: {mode: "password"}}}"#,
            &[("OPENCLAW_GATEWAY_PASSWORD", "envpw")],
        )
        .unwrap();
        assert_eq!(t.auth, GatewayAuth::Password(Secret::new("envpw")));
        // No mode but only a password: the password is used.
        let t = target(r#"{gateway: {auth: {password: "p2"}}}"#, &[]).unwrap();
        assert_eq!(t.auth, GatewayAuth::Password(Secret::new("p2")));
    }

    #[test]
    fn env_token_overrides_the_file() {
        let t = target(
            r#"{gateway: {auth: {mode: "token", token: "file"}}}"#,
            &[("OPENCLAW_GATEWAY_TOKEN", "env")],
        )
        .unwrap();
        assert_eq!(token(&t), Some("env"));
        assert!(t.source.contains("OPENCLAW_GATEWAY_TOKEN"));
        // The file's reference is never resolved when the env wins.
        let t = target(
            r#"{gateway: {auth: {token: {source: "env", id: "UNSET_VAR"}}}}"#,
            &[("OPENCLAW_GATEWAY_TOKEN", "env")],
        )
        .unwrap();
        assert_eq!(token(&t), Some("env"));
    }

    #[test]
    fn env_url_and_port_overrides() {
        let t = target(
            r#"{gateway: {port: 1}}"#,
            &[("OPENCLAW_GATEWAY_PORT", "4242")],
        )
        .unwrap();
        assert_eq!(t.url.as_str(), "ws://127.0.0.1:4242/");
        let t = target(
            r#"{gateway: {port: 1}}"#,
            &[
                ("OPENCLAW_GATEWAY_PORT", "4242"),
                ("OPENCLAW_GATEWAY_URL", "wss://gw.example:443/x"),
            ],
        )
        .unwrap();
        assert_eq!(t.url.as_str(), "wss://gw.example/x");
        let err = target("{}", &[("OPENCLAW_GATEWAY_PORT", "http")]).unwrap_err();
        assert!(err.to_string().contains("OPENCLAW_GATEWAY_PORT"), "{err}");
        let err = target("{}", &[("OPENCLAW_GATEWAY_URL", "http://x")]).unwrap_err();
        assert!(err.to_string().contains("ws://"), "{err}");
        // The bridge's own gateway_url beats the port but not OPENCLAW_GATEWAY_URL.
        let own = url::Url::parse("ws://10.0.0.1:1/").unwrap();
        let doc = parse_json5("{}").unwrap();
        let t = resolve(Some(&doc), Path::new("o.json"), Some(&own), &env_of(&[])).unwrap();
        assert_eq!(t.url, own);
    }

    #[test]
    fn secret_ref_env_token() {
        let t = target(
            r#"{gateway: {auth: {mode: "token", token: {source: "env", provider: "default", id: "GW_TOKEN"}}}}"#,
            &[("GW_TOKEN", "from-ref")],
        )
        .unwrap();
        assert_eq!(token(&t), Some("from-ref"));
        let err = target(
            r#"{gateway: {auth: {token: {source: "env", id: "GW_TOKEN"}}}}"#,
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("GW_TOKEN") && err.contains("/x/openclaw.json"),
            "{err}"
        );
        let err = target(
            r#"{gateway: {auth: {token: {source: "exec", provider: "vault", id: "x"}}}}"#,
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("OPENCLAW_GATEWAY_TOKEN"), "{err}");
    }

    #[test]
    fn dollar_substitution_in_strings() {
        let t = target(
            r#"{gateway: {auth: {token: "${GW_TOKEN}"}}}"#,
            &[("GW_TOKEN", "sub")],
        )
        .unwrap();
        assert_eq!(token(&t), Some("sub"));
        let missing = target(r#"{gateway: {auth: {token: "${GW_MISSING}"}}}"#, &[]);
        assert!(format!("{:#}", missing.unwrap_err()).contains("${GW_MISSING}, which is not set"));
    }

    #[test]
    fn missing_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let t = discover(dir.path(), None, &env_of(&[])).unwrap();
        assert_eq!(t.url.as_str(), "ws://127.0.0.1:18789/");
        assert_eq!(t.auth, GatewayAuth::None);
    }

    #[test]
    fn config_path_env_and_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let custom = dir.path().join("custom.json5");
        std::fs::write(&custom, "{gateway: {port: 'nope'}}").unwrap();
        let path = custom.to_str().unwrap().to_string();
        let env = env_of(&[("OPENCLAW_CONFIG_PATH", &path)]);
        assert_eq!(config_path(dir.path(), &env), custom);
        let err = format!("{:#}", discover(dir.path(), None, &env).unwrap_err());
        assert!(
            err.contains("custom.json5") && err.contains("gateway.port"),
            "{err}"
        );
        std::fs::write(&custom, "{gateway: {port: 1,,}}").unwrap();
        let err = format!("{:#}", discover(dir.path(), None, &env).unwrap_err());
        assert!(
            err.contains("custom.json5") && err.contains("line 1"),
            "{err}"
        );
        std::fs::write(&custom, "[1]").unwrap();
        assert!(discover(dir.path(), None, &env).is_err());
        std::fs::write(&custom, "{gateway: {auth: {token: 5}}}").unwrap();
        let err = format!("{:#}", discover(dir.path(), None, &env).unwrap_err());
        assert!(err.contains("gateway.auth.token"), "{err}");
    }

    #[test]
    fn secrets_never_in_the_source_label() {
        let t = target(r#"{gateway: {auth: {token: "hunter2"}}}"#, &[]).unwrap();
        assert!(!t.source.contains("hunter2"));
        assert!(!format!("{t:?}").contains("hunter2"));
    }
}
