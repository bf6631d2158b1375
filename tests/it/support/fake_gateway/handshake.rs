//! The `connect` handshake: challenge, first-frame and params validation, protocol gate, shared
//! token/password check, scheduled `UNAVAILABLE`s, granted scopes and `hello-ok`.

use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::config::{GatewayConfig, ProtocolMode};
use super::connection::{Ws, send_close};
use super::device::verify_device;
use super::methods::METHODS;
use super::records::ConnectRecord;
use super::state::{Inner, push_connect, record_frame};
use super::util::{error_frame, now_ms, ok_frame, random_hex, unknown_key, uuid_like};

const CLIENT_IDS: &[&str] = &[
    "webchat-ui",
    "openclaw-control-ui",
    "openclaw-browser-copilot",
    "openclaw-tui",
    "webchat",
    "cli",
    "gateway-client",
    "openclaw-macos",
    "openclaw-linux",
    "openclaw-ios",
    "openclaw-watchos",
    "openclaw-android",
    "node-host",
    "openclaw-worker",
    "test",
    "fingerprint",
    "openclaw-probe",
];
const CLIENT_MODES: &[&str] = &[
    "webchat", "cli", "ui", "backend", "node", "worker", "probe", "test",
];
const CONNECT_KEYS: &[&str] = &[
    "minProtocol",
    "maxProtocol",
    "client",
    "caps",
    "commands",
    "permissions",
    "pathEnv",
    "role",
    "scopes",
    "device",
    "auth",
    "locale",
    "userAgent",
];
const CLIENT_KEYS: &[&str] = &[
    "id",
    "displayName",
    "version",
    "platform",
    "deviceFamily",
    "modelIdentifier",
    "mode",
    "instanceId",
];
const AUTH_KEYS: &[&str] = &["token", "bootstrapToken", "deviceToken", "password"];

/// `connect.challenge`, the client's `connect`, and `hello-ok` or a refusal (recorded, sent, and
/// the socket closed). The scopes granted, or `None` when the connection is over.
pub(super) async fn handshake(
    ws: &mut Ws,
    inner: &Arc<Inner>,
    cfg: &GatewayConfig,
    record: ConnectRecord,
) -> Option<Vec<String>> {
    let nonce = uuid_like();
    let challenge = json!({"type": "event", "event": "connect.challenge",
        "payload": {"nonce": nonce, "ts": now_ms(), "capabilities": ["model-catalog-snapshot"]}});
    if ws.send(Message::text(challenge.to_string())).await.is_err() {
        return None;
    }

    let (frame, mut record) = read_connect(ws, inner, cfg, record).await?;
    record.frame = Some(frame.clone());
    let id = frame["id"].clone();
    let params = &frame["params"];

    let attempt = {
        let mut st = inner.state.lock().unwrap();
        st.connect_attempts += 1;
        st.connect_attempts
    };
    // The device block, checked against this socket's challenge; a verified device may log in
    // with the device token it was issued instead of the shared secret.
    let device = verify_device(params, &nonce);
    let device_token_used = match &device {
        Ok(Some(device_id)) => {
            let st = inner.state.lock().unwrap();
            let issued = st.device_tokens.get(device_id);
            ["token", "deviceToken"]
                .iter()
                .any(|k| issued.is_some_and(|t| params["auth"][*k].as_str() == Some(t.as_str())))
        }
        _ => false,
    };

    // Rejections, in the order the real gateway checks them.
    let rejection = connect_rejection(cfg, &id, params, attempt, &record, &device).or_else(|| {
        if device_token_used {
            None
        } else {
            auth_rejection(cfg, &id, params)
        }
    });
    if let Some(Rejection {
        frame: err,
        code,
        reason,
        outcome,
    }) = rejection
    {
        record.outcome = outcome;
        push_connect(inner, record);
        let _ = ws.send(Message::text(err.to_string())).await;
        send_close(ws, code, &reason).await;
        return None;
    }

    let device_id = device.ok().flatten();
    let (hello, scopes) = hello_ok(
        inner,
        cfg,
        &id,
        params,
        record,
        device_id,
        device_token_used,
    );
    if ws.send(Message::text(hello.to_string())).await.is_err() {
        return None;
    }
    Some(scopes)
}

/// The client's first frame, which must be a `connect` request (recorded, like every frame);
/// anything else is recorded as a failed connect, answered and closed, and gives `None`.
async fn read_connect(
    ws: &mut Ws,
    inner: &Arc<Inner>,
    cfg: &GatewayConfig,
    mut record: ConnectRecord,
) -> Option<(Value, ConnectRecord)> {
    let conn_id = record.conn_id;
    // The first frame must be a connect request.
    let first = tokio::time::timeout(cfg.handshake_timeout, async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => return Some(t.as_str().to_string()),
                Some(Ok(Message::Binary(b))) => {
                    return Some(String::from_utf8_lossy(&b).into_owned());
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                _ => return None,
            }
        }
    })
    .await;
    let first = match first {
        Err(_) => {
            push_connect(inner, record);
            send_close(ws, 1000, "").await;
            return None;
        }
        Ok(None) => {
            push_connect(inner, record);
            return None;
        }
        Ok(Some(t)) => t,
    };
    let frame: Value = serde_json::from_str(&first).unwrap_or(Value::Null);
    if frame != Value::Null {
        record_frame(inner, conn_id, &frame);
    }
    let handshake_error = "invalid handshake: first request must be connect";
    if frame["type"] != "req" || frame["method"] != "connect" {
        record.frame = None;
        record.outcome = "INVALID_HANDSHAKE".into();
        push_connect(inner, record);
        if frame["type"] == "req" {
            let err = error_frame(&frame["id"], "INVALID_REQUEST", handshake_error, None);
            let _ = ws.send(Message::text(err.to_string())).await;
        }
        send_close(ws, 1008, handshake_error).await;
        return None;
    }
    Some((frame, record))
}

/// An accepted `connect`: the scopes granted, recorded, and the `hello-ok` frame (with a
/// device token for a verified device).
fn hello_ok(
    inner: &Inner,
    cfg: &GatewayConfig,
    id: &Value,
    params: &Value,
    mut record: ConnectRecord,
    device_id: Option<String>,
    device_token_used: bool,
) -> (Value, Vec<String>) {
    let scopes = granted_scopes(cfg, params, &record, device_id.is_some());
    let protocol = match cfg.protocol {
        ProtocolMode::V3Only => 3,
        ProtocolMode::V4 => 4,
    };
    let auth_method = if device_token_used {
        "device-token"
    } else if cfg.token.is_some() {
        "token"
    } else if cfg.password.is_some() {
        "password"
    } else {
        "none"
    };
    let mut hello_auth = json!({"method": auth_method, "role": "operator", "scopes": scopes});
    if let Some(device_id) = &device_id {
        let token = inner
            .state
            .lock()
            .unwrap()
            .device_tokens
            .entry(device_id.clone())
            .or_insert_with(|| format!("devtok-{}", random_hex(40)))
            .clone();
        hello_auth["deviceToken"] = json!(token);
        hello_auth["issuedAtMs"] = json!(now_ms());
    }
    record.outcome = "hello-ok".into();
    record.protocol = Some(protocol);
    record.granted_scopes = scopes.clone();
    record.device_id = device_id.clone();
    record.auth_method = Some(auth_method.to_string());
    push_connect(inner, record);

    let hello = ok_frame(
        id,
        json!({
            "type": "hello-ok",
            "protocol": protocol,
            "server": {"version": cfg.server_version, "buildId": "fake", "bootId": uuid_like(),
                       "connId": uuid_like()},
            "features": {"methods": METHODS, "events": ["agent", "chat", "tick", "presence", "health",
                         "shutdown", "heartbeat", "sessions.changed", "exec.approval.requested"],
                         "capabilities": []},
            "snapshot": {"presence": [], "health": {"ok": true}, "stateVersion": {"presence": 1, "health": 1},
                         "uptimeMs": 1234, "sessionDefaults": {"defaultAgentId": "main", "mainKey": "main"},
                         "authMode": auth_method},
            "auth": hello_auth,
            "policy": {"maxPayload": 26_214_400, "maxBufferedBytes": 52_428_800,
                       "tickIntervalMs": cfg.tick_interval_ms},
        }),
    );
    (hello, scopes)
}

/// The scopes granted: as configured, else the requested ones when the identity keeps them,
/// else none. Device-less identities keep theirs only as gateway-client/backend or cli/cli on a
/// direct local socket (no X-Forwarded-*), and not when the gateway requires a device.
fn granted_scopes(
    cfg: &GatewayConfig,
    params: &Value,
    record: &ConnectRecord,
    device: bool,
) -> Vec<String> {
    let client_id = params["client"]["id"].as_str().unwrap_or("");
    let mode = params["client"]["mode"].as_str().unwrap_or("");
    let proxied = record
        .headers
        .iter()
        .any(|(k, _)| k.starts_with("x-forwarded") || k == "forwarded" || k == "x-real-ip");
    let keeps = if device {
        !proxied
    } else {
        ((client_id == "gateway-client" && mode == "backend")
            || (client_id == "cli" && mode == "cli"))
            && !proxied
            && !cfg.require_device
    };
    let requested: Vec<String> = params["scopes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    match &cfg.granted_scopes {
        Some(s) => s.clone(),
        None if keeps => requested,
        None => Vec::new(),
    }
}

/// A refused `connect`: the error frame, the close code and reason, and the outcome recorded.
struct Rejection {
    frame: Value,
    code: u16,
    reason: String,
    outcome: String,
}

impl Rejection {
    fn new(
        frame: Value,
        code: u16,
        reason: impl Into<String>,
        outcome: impl Into<String>,
    ) -> Option<Self> {
        Some(Self {
            frame,
            code,
            reason: reason.into(),
            outcome: outcome.into(),
        })
    }
}

/// The checks before the shared secret: startup, closed-object params, client id and mode,
/// protocol, origin, and the device block.
// One function on purpose: the checks run in the real gateway's order, and reading them top to
// bottom is the point.
fn connect_rejection(
    cfg: &GatewayConfig,
    id: &Value,
    params: &Value,
    attempt: usize,
    record: &ConnectRecord,
    device: &Result<Option<String>, (&'static str, &'static str, &'static str)>,
) -> Option<Rejection> {
    if attempt <= cfg.unavailable_connects {
        let mut err = error_frame(
            id,
            "UNAVAILABLE",
            "gateway starting; retry shortly",
            Some(json!({"reason": "startup-sidecars"})),
        );
        err["error"]["retryable"] = json!(true);
        err["error"]["retryAfterMs"] = json!(cfg.retry_after_ms);
        return Rejection::new(err, 1013, "gateway starting", "UNAVAILABLE");
    }
    let invalid = |msg: String| {
        let err = error_frame(id, "INVALID_REQUEST", &msg, None);
        Rejection::new(err, 1008, msg, "INVALID_REQUEST".to_string())
    };
    if let Some(k) = unknown_key(params, CONNECT_KEYS) {
        return invalid(format!(
            "invalid connect params: at root: unexpected property '{k}'"
        ));
    }
    if let Some(k) = unknown_key(&params["client"], CLIENT_KEYS) {
        return invalid(format!(
            "invalid connect params: at /client: unexpected property '{k}'"
        ));
    }
    if let Some(k) = unknown_key(&params["auth"], AUTH_KEYS) {
        return invalid(format!(
            "invalid connect params: at /auth: unexpected property '{k}'"
        ));
    }
    let client_id = params["client"]["id"].as_str().unwrap_or("");
    let mode = params["client"]["mode"].as_str().unwrap_or("");
    if !CLIENT_IDS.contains(&client_id) {
        return invalid(
            "invalid connect params: at /client/id: must be equal to one of the allowed values"
                .into(),
        );
    }
    if !CLIENT_MODES.contains(&mode) {
        return invalid(
            "invalid connect params: at /client/mode: must be equal to one of the allowed values"
                .into(),
        );
    }
    let (Some(min), Some(max)) = (
        params["minProtocol"].as_u64(),
        params["maxProtocol"].as_u64(),
    ) else {
        return invalid("invalid connect params: must have required property 'minProtocol'".into());
    };
    let expected = match cfg.protocol {
        ProtocolMode::V3Only => 3,
        ProtocolMode::V4 => 4,
    };
    if !(min <= expected && max >= expected) {
        let err = error_frame(
            id,
            "INVALID_REQUEST",
            "protocol mismatch",
            Some(
                json!({"code": "PROTOCOL_MISMATCH", "clientMinProtocol": min,
                "clientMaxProtocol": max, "expectedProtocol": expected,
                "minimumProbeProtocol": 3}),
            ),
        );
        return Rejection::new(err, 1002, "protocol mismatch", "PROTOCOL_MISMATCH");
    }
    if record.header("origin").is_some() {
        let msg = "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)";
        let err = error_frame(
            id,
            "INVALID_REQUEST",
            msg,
            Some(json!({"code": "CONTROL_UI_ORIGIN_NOT_ALLOWED", "reason": "origin not allowed"})),
        );
        return Rejection::new(err, 1008, msg, "CONTROL_UI_ORIGIN_NOT_ALLOWED");
    }
    if let Err((code, msg, reason)) = device {
        let err = error_frame(
            id,
            "INVALID_REQUEST",
            msg,
            Some(json!({"code": code, "reason": reason})),
        );
        return Rejection::new(err, 1008, msg.to_string(), code.to_string());
    }
    None
}

/// The shared token or password check (skipped for a device logging in with its token).
fn auth_rejection(cfg: &GatewayConfig, id: &Value, params: &Value) -> Option<Rejection> {
    let auth = &params["auth"];
    let auth_fail = |kind: &str, what: &str, code: &str, reason: &str, next: &str| {
        let msg = format!(
            "unauthorized: gateway {kind} {what} (use this gateway's gateway.auth.{kind} or pair the device)"
        );
        let err = error_frame(
            id,
            "INVALID_REQUEST",
            &msg,
            Some(json!({"code": code, "authReason": reason,
                "canRetryWithDeviceToken": what == "mismatch",
                "recommendedNextStep": next})),
        );
        Rejection::new(err, 1008, msg, code.to_string())
    };
    if let Some(token) = &cfg.token {
        match auth["token"].as_str() {
            None | Some("") => {
                return auth_fail(
                    "token",
                    "missing",
                    "AUTH_TOKEN_MISSING",
                    "token_missing",
                    "update_auth_configuration",
                );
            }
            Some(t) if t != token => {
                return auth_fail(
                    "token",
                    "mismatch",
                    "AUTH_TOKEN_MISMATCH",
                    "token_mismatch",
                    "retry_with_device_token",
                );
            }
            _ => {}
        }
    } else if let Some(password) = &cfg.password {
        match auth["password"].as_str() {
            None | Some("") => {
                return auth_fail(
                    "password",
                    "missing",
                    "AUTH_PASSWORD_MISSING",
                    "password_missing",
                    "update_auth_configuration",
                );
            }
            Some(p) if p != password => {
                return auth_fail(
                    "password",
                    "mismatch",
                    "AUTH_PASSWORD_MISMATCH",
                    "password_mismatch",
                    "update_auth_credentials",
                );
            }
            _ => {}
        }
    }
    None
}
