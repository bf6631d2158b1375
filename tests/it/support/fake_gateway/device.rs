//! Device identity: verification of a `connect`'s `device` block (id, nonce, Ed25519 signature
//! over the v3 payload).

use serde_json::Value;

use super::util::now_ms;

/// Check a `connect`'s `device` block like the real Gateway: `Ok(None)` without one,
/// `Ok(Some(device id))` when it verifies, else `(details.code, message, details.reason)`.
/// One function on purpose: the checks in the real Gateway's order, each with its own error.
pub(super) fn verify_device(
    params: &Value,
    challenge_nonce: &str,
) -> Result<Option<String>, (&'static str, &'static str, &'static str)> {
    use base64::Engine as _;
    use ed25519_dalek::Verifier as _;
    use sha2::Digest as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Some(device) = params.get("device") else {
        return Ok(None);
    };
    let (Some(id), Some(public_key), Some(signature), Some(signed_at), Some(nonce)) = (
        device["id"].as_str(),
        device["publicKey"].as_str(),
        device["signature"].as_str(),
        device["signedAt"].as_u64(),
        device["nonce"].as_str(),
    ) else {
        return Err((
            "DEVICE_AUTH_INVALID",
            "device auth invalid",
            "device-invalid",
        ));
    };
    let key = b64
        .decode(public_key)
        .ok()
        .and_then(|raw| <[u8; 32]>::try_from(raw).ok())
        .and_then(|raw| {
            ed25519_dalek::VerifyingKey::from_bytes(&raw)
                .ok()
                .map(|k| (raw, k))
        });
    let Some((raw_key, key)) = key else {
        return Err((
            "DEVICE_AUTH_PUBLIC_KEY_INVALID",
            "device public key invalid",
            "device-public-key",
        ));
    };
    if hex::encode(sha2::Sha256::digest(raw_key)) != id {
        return Err((
            "DEVICE_AUTH_DEVICE_ID_MISMATCH",
            "device identity mismatch",
            "device-id-mismatch",
        ));
    }
    if now_ms().abs_diff(signed_at) > 10 * 60 * 1000 {
        return Err((
            "DEVICE_AUTH_SIGNATURE_EXPIRED",
            "device signature expired",
            "device-signature-stale",
        ));
    }
    if nonce != challenge_nonce {
        return Err((
            "DEVICE_AUTH_NONCE_MISMATCH",
            "device nonce mismatch",
            "device-nonce-mismatch",
        ));
    }
    let auth = &params["auth"];
    let token = ["token", "deviceToken", "bootstrapToken"]
        .iter()
        .find_map(|k| auth[*k].as_str())
        .unwrap_or("");
    let scopes: Vec<&str> = params["scopes"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let lower = |v: &Value| v.as_str().unwrap_or("").trim().to_ascii_lowercase();
    let payload = [
        "v3".to_string(),
        id.to_string(),
        params["client"]["id"].as_str().unwrap_or("").to_string(),
        params["client"]["mode"].as_str().unwrap_or("").to_string(),
        params["role"].as_str().unwrap_or("").to_string(),
        scopes.join(","),
        signed_at.to_string(),
        token.to_string(),
        nonce.to_string(),
        lower(&params["client"]["platform"]),
        lower(&params["client"]["deviceFamily"]),
    ]
    .join("|");
    let signature = b64
        .decode(signature)
        .ok()
        .and_then(|raw| <[u8; 64]>::try_from(raw).ok())
        .map(|raw| ed25519_dalek::Signature::from_bytes(&raw));
    match signature {
        Some(sig) if key.verify(payload.as_bytes(), &sig).is_ok() => Ok(Some(id.to_string())),
        _ => Err((
            "DEVICE_AUTH_SIGNATURE_INVALID",
            "device signature invalid",
            "device-signature",
        )),
    }
}
