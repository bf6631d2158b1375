//! The primitives under every scheme: HMAC-SHA256 over a message given in parts, constant-time
//! comparison, and the base64 flavours the schemes use.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit, Mac};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<sha2::Sha256>;

/// Length of an HMAC-SHA256 tag in bytes.
pub(super) const TAG_LEN: usize = 32;

/// Standard base64 as the schemes write it (padded).
const STANDARD: GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// Standard alphabet, padding optional: secrets are often copied without their `=`.
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// URL-safe alphabet, padding optional: only used to diagnose a wrongly encoded signature.
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// HMAC-SHA256 of the concatenation of `parts`, so callers never build `{t}.{body}` copies.
pub(super) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; TAG_LEN] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Constant-time equality, so a verifier does not leak how many leading bytes matched.
pub(super) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

pub(super) fn b64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Strict standard base64 (padding required), the form Standard Webhooks and Shopify send.
pub(super) fn b64_decode_strict(s: &str) -> Option<Vec<u8>> {
    STANDARD.decode(s).ok()
}

/// Any other base64 a sender might produce: unpadded, or the URL-safe alphabet.
pub(super) fn b64_decode_loose(s: &str) -> Option<Vec<u8>> {
    STANDARD_LENIENT
        .decode(s)
        .or_else(|_| URL_SAFE_LENIENT.decode(s))
        .ok()
}

/// The Standard Webhooks key: the base64 after `whsec_` (or the whole string when the prefix
/// is missing, as the reference implementation does).
pub(super) fn standard_webhooks_key(secret: &str) -> Option<Vec<u8>> {
    let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
    STANDARD_LENIENT.decode(encoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_concatenated() {
        assert_eq!(
            hmac_sha256(b"k", &[b"a", b".", b"b"]),
            hmac_sha256(b"k", &[b"a.b"])
        );
    }

    #[test]
    fn rfc4231_case_2() {
        let tag = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            hex::encode(tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn ct_eq_compares_length_and_content() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }

    #[test]
    fn base64_flavours() {
        assert_eq!(b64_decode_strict("YQ=="), Some(b"a".to_vec()));
        assert_eq!(b64_decode_strict("YQ"), None);
        assert_eq!(b64_decode_loose("YQ"), Some(b"a".to_vec()));
        assert_eq!(b64_decode_loose("-_8"), Some(vec![0xfb, 0xff]));
        assert_eq!(standard_webhooks_key("whsec_YWJj"), Some(b"abc".to_vec()));
        assert_eq!(standard_webhooks_key("YWJj"), Some(b"abc".to_vec()));
        assert_eq!(standard_webhooks_key("whsec_not base64"), None);
    }
}
