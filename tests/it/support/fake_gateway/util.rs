//! Frame builders (`res` ok/error) and small helpers: time, random ids, `obj`.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

pub(super) fn error_frame(id: &Value, code: &str, message: &str, details: Option<Value>) -> Value {
    let mut err = json!({"code": code, "message": message});
    if let Some(d) = details {
        err["details"] = d;
    }
    json!({"type": "res", "id": id, "ok": false, "error": err})
}

pub(super) fn forbidden(id: &Value, scope: &str) -> Value {
    error_frame(
        id,
        "FORBIDDEN",
        &format!("missing scope: {scope}"),
        Some(json!({"code": "MISSING_SCOPE", "missingScope": scope, "requiredScopes": [scope]})),
    )
}

pub(super) fn ok_frame(id: &Value, payload: Value) -> Value {
    json!({"type": "res", "id": id, "ok": true, "payload": payload})
}

/// Unknown keys of a closed object, for `invalid … params` errors.
pub(super) fn unknown_key(obj: &Value, allowed: &[&str]) -> Option<String> {
    obj.as_object()?
        .keys()
        .find(|k| !allowed.contains(&k.as_str()))
        .cloned()
}

pub(super) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}

fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(now_ms());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

pub(super) fn random_hex(len: usize) -> String {
    let mut s = String::new();
    while s.len() < len {
        s.push_str(&format!("{:016x}", random_u64()));
    }
    s.truncate(len);
    s
}

pub(super) fn uuid_like() -> String {
    let h = random_hex(32);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Helpers for tests: an object with only the keys that exist.
pub fn obj(pairs: &[(&str, Value)]) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert((*k).to_string(), v.clone());
    }
    Value::Object(m)
}

/// A WebSocket upgrade request's headers as (lowercase name, value) pairs, for the fake peers'
/// records of what the bridge sent.
pub(crate) fn header_pairs(
    headers: &tokio_tungstenite::tungstenite::http::HeaderMap,
) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}
