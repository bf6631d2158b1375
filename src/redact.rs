//! The one redaction rule: which headers, URL parts and settings are credentials, and how
//! they are shown. Every path that shows or stores a header, a URL or a setting goes through
//! here: `send`, `retry`, `listen` (pretty, `--json`, `--record`, `--forward-to`), `config
//! check`, `bridge`, error messages and logs.
//!
//! - A header (or setting, or query parameter) whose name contains `auth`, `token`, `secret`,
//!   `key`, `password`, `passwd`, `credential`, `cookie` or `session` is a credential. The
//!   exceptions are names that only look like one: `idempotency-key` (a delivery id users
//!   debug). Signature headers stay visible: they are what users debug, and a signature does not
//!   let anyone sign another body.
//! - In a query, `signature`, `sig`, `pass`, `pwd` and `code` also count: a pre-signed URL's
//!   signature or an OAuth code is a bearer credential in a link.
//! - A URL's user-info (user name and password) is always redacted.

use std::borrow::Cow;

use url::Url;

/// What replaces a credential in output.
pub const REDACTED: &str = "[redacted]";

/// What replaces a credential inside a URL (brackets would be percent-encoded there).
const REDACTED_IN_URL: &str = "redacted";

const CREDENTIAL_WORDS: [&str; 9] = [
    "auth",
    "token",
    "secret",
    "key",
    "password",
    "passwd",
    "credential",
    "cookie",
    "session",
];

/// Names that contain a credential word but carry none.
const NOT_CREDENTIALS: [&str; 1] = ["idempotency-key"];

/// Extra query parameter names that are credentials in a URL.
const QUERY_CREDENTIALS: [&str; 5] = ["signature", "sig", "pass", "pwd", "code"];

/// Whether a header or setting called `name` holds a credential (case-insensitive).
pub fn is_credential_name(name: &str) -> bool {
    // Asked for every header of every request a listener takes: one automaton over all the
    // words, case-insensitive, instead of a lower-case copy and nine substring searches.
    static WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(CREDENTIAL_WORDS)
            .expect("fixed words build an automaton")
    });
    !NOT_CREDENTIALS.iter().any(|n| n.eq_ignore_ascii_case(name)) && WORDS.is_match(name)
}

/// Whether a URL query parameter called `name` holds a credential.
fn is_credential_query(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    is_credential_name(&lower)
        || lower.contains("signature")
        || QUERY_CREDENTIALS.contains(&lower.as_str())
}

/// A header value as shown: the value itself, or [`REDACTED`] for a credential header.
pub fn header_value<'a>(name: &str, value: &'a str) -> &'a str {
    if is_credential_name(name) {
        REDACTED
    } else {
        value
    }
}

/// A URL query for display and storage: the values of credential parameters redacted, every
/// other byte kept as it was (no re-encoding).
pub fn query(q: &str) -> Cow<'_, str> {
    let secret = |pair: &str| {
        let name = pair.split_once('=').map_or(pair, |(k, _)| k);
        pair.contains('=') && is_credential_query(&percent_decoded(name))
    };
    if !q.split('&').any(secret) {
        return Cow::Borrowed(q);
    }
    let parts: Vec<Cow<'_, str>> = q
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if secret(pair) => Cow::Owned(format!("{k}={REDACTED_IN_URL}")),
            _ => Cow::Borrowed(pair),
        })
        .collect();
    Cow::Owned(parts.join("&"))
}

fn percent_decoded(s: &str) -> String {
    url::form_urlencoded::parse(format!("{s}=").as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default()
}

/// Whether showing `url` would reveal a credential.
fn url_has_credentials(url: &Url) -> bool {
    !url.username().is_empty()
        || url.password().is_some()
        || url.query_pairs().any(|(k, _)| is_credential_query(&k))
}

/// A URL for display and storage: user-info and credential query values redacted.
pub fn url(url: &Url) -> String {
    if !url_has_credentials(url) {
        return url.to_string();
    }
    let mut u = url.clone();
    if !u.username().is_empty() {
        let _ = u.set_username(REDACTED_IN_URL);
    }
    if u.password().is_some() {
        let _ = u.set_password(Some(REDACTED_IN_URL));
    }
    if let Some(q) = url.query() {
        u.set_query(Some(&query(q)));
    }
    u.to_string()
}

/// A URL given as text (it may not parse): redacted like [`url()`]; text that does not parse as a
/// URL keeps nothing after a `@` in its authority and no query values.
pub fn url_str(s: &str) -> String {
    match Url::parse(s) {
        Ok(u) => url(&u),
        Err(_) => redact_unparsed(s),
    }
}

/// Best effort for a string that looks like a URL but does not parse.
fn redact_unparsed(s: &str) -> String {
    let (before_query, query) = match s.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (s, None),
    };
    let mut out = match before_query.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) => format!("{scheme}://{REDACTED_IN_URL}@{}", &rest[at + 1..]),
                None => before_query.to_owned(),
            }
        }
        None => before_query.to_owned(),
    };
    if let Some(q) = query {
        out.push('?');
        out.push_str(&self::query(q));
    }
    out
}

/// Free text that may embed URLs (an error chain from an HTTP client, a log message): every
/// `scheme://...` token in it is redacted like [`url_str`].
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.contains("://") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find("://") {
        // The token starts after the last delimiter before "://" and ends at the next one.
        let start = rest[..pos]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |i| i + 1);
        let end = rest[pos..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>' | ','))
            .map_or(rest.len(), |i| pos + i);
        out.push_str(&rest[..start]);
        out.push_str(&url_str(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_header_names() {
        for name in [
            "Authorization",
            "Proxy-Authorization",
            "Authentication",
            "Cookie",
            "Set-Cookie",
            "X-Api-Key",
            "X-Private-Key",
            "X-Access-Key",
            "X-Credentials",
            "X-OpenClaw-Token",
            "x-openclaw-webhook-secret",
            "X-Session-Id",
            "DB_PASSWORD",
        ] {
            assert!(is_credential_name(name), "{name}");
        }
        for name in [
            "x-openclaw-signature",
            "Stripe-Signature",
            "X-Hub-Signature-256",
            "webhook-signature",
            "webhook-id",
            "x-shopify-hmac-sha256",
            "Idempotency-Key",
            "Content-Type",
            "Keep-Alive",
        ] {
            assert!(!is_credential_name(name), "{name}");
        }
        assert_eq!(header_value("X-Api-Key", "k"), REDACTED);
        assert_eq!(header_value("Accept", "a"), "a");
    }

    #[test]
    fn urls_lose_user_info_and_query_credentials() {
        let shown = url_str("http://u:pw@host/h?api_key=K&x=1&token=T&sig=S&auth=A");
        for leak in ["u:", "pw", "=K", "=T", "=S", "=A"] {
            assert!(!shown.contains(leak), "{shown} leaks {leak}");
        }
        assert!(
            shown.starts_with("http://redacted:redacted@host/h?"),
            "{shown}"
        );
        assert!(shown.contains("x=1"), "{shown}");
        assert_eq!(
            url_str("https://a.example/h?x=1"),
            "https://a.example/h?x=1"
        );
        assert_eq!(url_str("http://user@h/"), "http://redacted@h/");
    }

    #[test]
    fn queries_keep_their_bytes() {
        assert_eq!(query("a=%20b&token=x&c"), "a=%20b&token=redacted&c");
        assert_eq!(query("api%5Fkey=x"), "api%5Fkey=redacted");
        assert!(matches!(query("page=2&q=a+b"), Cow::Borrowed(_)));
    }

    #[test]
    fn unparsable_and_embedded_urls() {
        assert_eq!(
            url_str("http://u:pw@[bad/h?token=x&a=b"),
            "http://redacted@[bad/h?token=redacted&a=b"
        );
        let msg = "error sending request for url (http://u:pw@127.0.0.1:9/h?api_key=K): refused";
        let shown = text(msg);
        assert!(!shown.contains("pw") && !shown.contains("=K"), "{shown}");
        assert!(shown.starts_with("error sending request for url (http://redacted"));
        assert!(shown.ends_with("): refused"), "{shown}");
        assert!(matches!(text("no urls here"), Cow::Borrowed(_)));
    }
}
