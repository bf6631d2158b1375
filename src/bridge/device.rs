//! The bridge's device identity: an Ed25519 key pair the Gateway pairs like any other device.
//!
//! Gateways that grant a device-less backend client no scopes (about 2026.2.14-2026.4.x, and
//! hardened builds), or that demand a device, accept a `connect` that carries a signed `device`
//! block instead. The identity lives in `bridge-identity.json` in the state dir, written 0600
//! and atomically, as JSON: the 32-byte private seed and the raw public key (both base64url,
//! no padding), and the `deviceToken` the Gateway issues in `hello-ok.auth.deviceToken`.
//!
//! * `device.id` is the lowercase hex SHA-256 of the raw public key;
//! * `device.publicKey` is base64url(raw key), no padding;
//! * `device.signature` is base64url(Ed25519 signature) over the v3 payload
//!   `v3|<deviceId>|<client.id>|<client.mode>|<role>|<scopes,csv>|<signedAt>|<token>|<nonce>|<platform>|<deviceFamily>`,
//!   where `signedAt` and `nonce` come from the `connect.challenge` event and `token` is the
//!   `auth.token` sent (else `auth.deviceToken`, else empty).
//!
//! The seed and the device token are secrets: they are never printed (`Debug` redacts them).

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde_json::{Map, Value, json};
use sha2::Digest as _;

use crate::secret::Secret;

/// The identity file's name in the state directory.
pub const IDENTITY_FILE: &str = "bridge-identity.json";

/// `device.id`: lowercase hex SHA-256 of the raw 32-byte public key.
pub fn device_id(public_key: &[u8; 32]) -> String {
    hex::encode(sha2::Sha256::digest(public_key))
}

/// The fields the v3 signature covers, as they appear in the `connect` frame.
#[derive(Debug, Clone, Copy)]
pub struct SignedFields<'a> {
    pub client_id: &'a str,
    pub client_mode: &'a str,
    pub role: &'a str,
    pub scopes: &'a [&'a str],
    pub signed_at_ms: u64,
    /// `auth.token`, else `auth.deviceToken`, else `None` (signed as "").
    pub token: Option<&'a str>,
    pub nonce: &'a str,
    pub platform: &'a str,
    pub device_family: Option<&'a str>,
}

/// The v3 payload string (OpenClaw's `buildDeviceAuthPayloadV3`): platform and device family
/// are trimmed and ASCII-lowercased.
pub fn v3_payload(device_id: &str, f: &SignedFields<'_>) -> String {
    let norm = |s: Option<&str>| s.map(|s| s.trim().to_ascii_lowercase()).unwrap_or_default();
    [
        "v3".to_owned(),
        device_id.to_owned(),
        f.client_id.to_owned(),
        f.client_mode.to_owned(),
        f.role.to_owned(),
        f.scopes.join(","),
        f.signed_at_ms.to_string(),
        f.token.unwrap_or("").to_owned(),
        f.nonce.to_owned(),
        norm(Some(f.platform)),
        norm(f.device_family),
    ]
    .join("|")
}

/// An Ed25519 device identity and the device token the Gateway issued for it.
pub struct Identity {
    key: SigningKey,
    device_token: Option<Secret>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("device_id", &self.device_id())
            .field(
                "device_token",
                &self.device_token.as_ref().map(|_| "[redacted]"),
            )
            .finish_non_exhaustive()
    }
}

impl Identity {
    /// A new identity from 32 bytes of the OS RNG.
    pub fn generate() -> anyhow::Result<Self> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|e| anyhow!("cannot get random bytes for the device key: {e}"))?;
        Ok(Self::from_seed(seed))
    }

    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self {
            key: SigningKey::from_bytes(&seed),
            device_token: None,
        }
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    pub fn device_id(&self) -> String {
        device_id(&self.public_key())
    }

    /// `device.publicKey`: base64url of the raw key, no padding.
    pub fn public_key_b64(&self) -> String {
        B64.encode(self.public_key())
    }

    pub fn device_token(&self) -> Option<&Secret> {
        self.device_token.as_ref()
    }

    /// Remember (or with `None`, forget) the device token; true when it changed.
    pub fn set_device_token(&mut self, token: Option<&str>) -> bool {
        let new = token.filter(|t| !t.is_empty()).map(Secret::new);
        if new == self.device_token {
            return false;
        }
        self.device_token = new;
        true
    }

    /// base64url(Ed25519 signature of `payload`).
    pub fn sign(&self, payload: &str) -> String {
        B64.encode(self.key.sign(payload.as_bytes()).to_bytes())
    }

    /// The `device` block for a `connect` whose other fields are `f`.
    fn connect_block(&self, f: &SignedFields<'_>) -> Value {
        let id = self.device_id();
        let signature = self.sign(&v3_payload(&id, f));
        json!({
            "id": id,
            "publicKey": self.public_key_b64(),
            "signature": signature,
            "signedAt": f.signed_at_ms,
            "nonce": f.nonce,
        })
    }

    /// The `device` block for the `connect` parameters `params` (client, role, scopes and auth
    /// are read from them, so the signature covers exactly what is sent). `None` when `params`
    /// lacks a field the signature needs.
    pub fn sign_connect(&self, params: &Value, nonce: &str, signed_at_ms: u64) -> Option<Value> {
        let client = params.get("client")?;
        let scopes: Vec<&str> = params
            .get("scopes")?
            .as_array()?
            .iter()
            .map(Value::as_str)
            .collect::<Option<_>>()?;
        let auth = params.get("auth");
        let token = ["token", "deviceToken", "bootstrapToken"]
            .iter()
            .find_map(|k| auth.and_then(|a| a.get(*k)).and_then(Value::as_str));
        Some(self.connect_block(&SignedFields {
            client_id: client.get("id")?.as_str()?,
            client_mode: client.get("mode")?.as_str()?,
            role: params.get("role")?.as_str()?,
            scopes: &scopes,
            signed_at_ms,
            token,
            nonce,
            platform: client.get("platform").and_then(Value::as_str).unwrap_or(""),
            device_family: client.get("deviceFamily").and_then(Value::as_str),
        }))
    }

    /// Read an identity file; `Ok(None)` when there is none. A file that is not a valid
    /// identity is an error naming the file.
    pub fn load(path: &Path) -> anyhow::Result<Option<Self>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        Self::parse(&text)
            .map(Some)
            .map_err(|e| anyhow!("{} is not a valid device identity: {e}; remove it to create a new one (the Gateway then sees a new device)", path.display()))
    }

    fn parse(text: &str) -> Result<Self, String> {
        let doc: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        let field = |k: &str| doc.get(k).and_then(Value::as_str);
        let bytes32 = |k: &str| -> Result<[u8; 32], String> {
            let s = field(k).ok_or_else(|| format!("{k} is missing"))?;
            let raw = B64
                .decode(s.trim().trim_end_matches('='))
                .map_err(|_| format!("{k} is not base64url"))?;
            raw.try_into()
                .map_err(|_| format!("{k} is not 32 bytes long"))
        };
        let seed = bytes32("privateKey")?;
        let public = bytes32("publicKey")?;
        let identity = Self::from_seed(seed);
        if identity.public_key() != public {
            return Err("publicKey does not belong to privateKey".into());
        }
        if VerifyingKey::from_bytes(&public).is_err() {
            return Err("publicKey is not an Ed25519 key".into());
        }
        if let Some(id) = field("deviceId")
            && id != identity.device_id()
        {
            return Err("deviceId does not match publicKey".into());
        }
        let mut identity = identity;
        identity.set_device_token(field("deviceToken"));
        Ok(identity)
    }

    /// Write the identity: 0600, via a temporary file renamed over the old one.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let mut doc = Map::new();
        doc.insert("version".into(), json!(1));
        doc.insert("deviceId".into(), json!(self.device_id()));
        doc.insert("publicKey".into(), json!(self.public_key_b64()));
        doc.insert("privateKey".into(), json!(B64.encode(self.key.to_bytes())));
        if let Some(t) = &self.device_token {
            doc.insert("deviceToken".into(), json!(t.expose()));
        }
        let mut text = serde_json::to_string_pretty(&Value::Object(doc))
            .context("serializing the device identity")?;
        text.push('\n');
        super::state::replace_private(path, text.as_bytes())
    }

    /// The identity in `path`, or a new one saved there.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        if let Some(identity) = Self::load(path)? {
            return Ok(identity);
        }
        let identity = Self::generate()?;
        identity.save(path)?;
        Ok(identity)
    }
}

/// Where the identity of a bridge with state dir `state` lives.
pub fn identity_path(state: &Path) -> PathBuf {
    state.join(IDENTITY_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signature, Verifier};

    const SEED: [u8; 32] = [7u8; 32];

    fn fields<'a>(scopes: &'a [&'a str], token: Option<&'a str>) -> SignedFields<'a> {
        SignedFields {
            client_id: "gateway-client",
            client_mode: "backend",
            role: "operator",
            scopes,
            signed_at_ms: 1_760_000_000_000,
            token,
            nonce: "b3c1-nonce",
            platform: "Linux",
            device_family: None,
        }
    }

    #[test]
    fn device_id_is_sha256_hex_of_the_raw_public_key() {
        let id = Identity::from_seed(SEED);
        let pk = id.public_key();
        let expected = hex::encode(sha2::Sha256::digest(pk));
        assert_eq!(id.device_id(), expected);
        assert_eq!(id.device_id().len(), 64);
        assert!(
            id.device_id()
                .chars()
                .all(|c| matches!(c, '0'..='9' | 'a'..='f'))
        );
        assert_eq!(B64.decode(id.public_key_b64()).unwrap(), pk);
        assert!(!id.public_key_b64().contains('='));
        // RFC 8032 test vector 1: the public key of this seed.
        let rfc = Identity::from_seed(
            hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                .unwrap()
                .try_into()
                .unwrap(),
        );
        assert_eq!(
            hex::encode(rfc.public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
    }

    #[test]
    fn v3_payload_joins_the_fields_in_order() {
        let scopes = ["operator.read", "operator.write"];
        let p = v3_payload("abc", &fields(&scopes, Some("tok")));
        assert_eq!(
            p,
            "v3|abc|gateway-client|backend|operator|operator.read,operator.write|1760000000000|tok|b3c1-nonce|linux|"
        );
        let mut f = fields(&[], None);
        f.device_family = Some(" iPhone ");
        assert_eq!(
            v3_payload("abc", &f),
            "v3|abc|gateway-client|backend|operator||1760000000000||b3c1-nonce|linux|iphone"
        );
    }

    #[test]
    fn signature_verifies_with_the_public_key() {
        let id = Identity::from_seed(SEED);
        let params = json!({
            "client": {"id": "gateway-client", "mode": "backend", "platform": "linux"},
            "role": "operator",
            "scopes": ["operator.read", "operator.write"],
            "auth": {"token": "shared"},
        });
        let block = id.sign_connect(&params, "n-1", 42).unwrap();
        assert_eq!(block["id"], id.device_id());
        assert_eq!(block["signedAt"], 42);
        assert_eq!(block["nonce"], "n-1");
        let payload = format!(
            "v3|{}|gateway-client|backend|operator|operator.read,operator.write|42|shared|n-1|linux|",
            id.device_id()
        );
        let key = VerifyingKey::from_bytes(
            &B64.decode(block["publicKey"].as_str().unwrap())
                .unwrap()
                .try_into()
                .unwrap(),
        )
        .unwrap();
        let sig: [u8; 64] = B64
            .decode(block["signature"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap();
        let sig = Signature::from_bytes(&sig);
        assert!(key.verify(payload.as_bytes(), &sig).is_ok());
        assert!(key.verify(b"v3|other", &sig).is_err());
        // Missing fields: no block rather than a panic.
        assert!(
            id.sign_connect(&json!({"role": "operator"}), "n", 1)
                .is_none()
        );
    }

    #[cfg(unix)]
    #[test]
    fn identity_round_trips_through_a_private_file() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = identity_path(tmp.path());
        assert!(Identity::load(&path).unwrap().is_none());
        let mut first = Identity::load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(first.set_device_token(Some("dev-token-1")));
        assert!(!first.set_device_token(Some("dev-token-1")));
        first.save(&path).unwrap();
        let back = Identity::load_or_create(&path).unwrap();
        assert_eq!(back.device_id(), first.device_id());
        assert_eq!(back.public_key(), first.public_key());
        assert_eq!(back.device_token().map(Secret::expose), Some("dev-token-1"));
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["deviceId"], first.device_id());
        assert!(!format!("{back:?}").contains("dev-token-1"));
        // Only the identity file is left behind (no temporary file).
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [IDENTITY_FILE]);
    }

    #[test]
    fn a_broken_file_is_an_error_naming_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = identity_path(tmp.path());
        let good = Identity::from_seed(SEED);
        let other = Identity::from_seed([9u8; 32]);
        let cases = [
            "{nope".to_owned(),
            "[]".to_owned(),
            "{}".to_owned(),
            json!({"privateKey": "!!", "publicKey": good.public_key_b64()}).to_string(),
            json!({"privateKey": B64.encode([1u8; 5]), "publicKey": good.public_key_b64()})
                .to_string(),
            json!({"privateKey": B64.encode(SEED), "publicKey": other.public_key_b64()})
                .to_string(),
            json!({"privateKey": B64.encode(SEED), "publicKey": good.public_key_b64(),
                   "deviceId": other.device_id()})
            .to_string(),
        ];
        for text in cases {
            std::fs::write(&path, &text).unwrap();
            let e = format!("{:#}", Identity::load(&path).unwrap_err());
            assert!(e.contains(IDENTITY_FILE), "{text}: {e}");
            assert!(!e.contains(&B64.encode(SEED)), "the seed leaked: {e}");
            assert!(Identity::load_or_create(&path).is_err());
        }
        std::fs::write(
            &path,
            json!({"privateKey": B64.encode(SEED), "publicKey": good.public_key_b64()}).to_string(),
        )
        .unwrap();
        assert_eq!(
            Identity::load(&path).unwrap().unwrap().device_id(),
            good.device_id()
        );
    }
}
