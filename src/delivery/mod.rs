//! One HTTP delivery: the POST, its timing, and a classification of what went wrong.
//!
//! `send` (and later `retry`) deliver through here, so a delivery is measured and its errors
//! are worded the same way everywhere. Error kinds are coarse on purpose (refused, dns, tls,
//! timeout, ...): they are what a user acts on and what a storm summary counts.

pub mod conn;
pub mod request;
pub mod retry;
pub mod show;
pub mod storm;

use std::error::Error as _;
use std::fmt;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::Serialize;
use url::Url;

/// How much of a response body is kept for display; the rest is read and dropped.
pub const RESPONSE_KEEP: usize = 64 * 1024;

/// A request ready to go.
#[derive(Debug, Clone)]
pub struct Request {
    pub url: Url,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What the endpoint answered, or why it did not.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub latency: Duration,
    pub result: Result<Response, DeliveryError>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: reqwest::StatusCode,
    pub content_type: Option<String>,
    /// Up to [`RESPONSE_KEEP`] bytes of the body (empty when the caller asked for none).
    pub body: Bytes,
    pub truncated: bool,
}

impl Outcome {
    /// A 2xx answer.
    pub fn is_success(&self) -> bool {
        matches!(&self.result, Ok(r) if r.status.is_success())
    }
}

/// Why a delivery got no HTTP answer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Nothing listens on the port.
    Refused,
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// No complete answer within the timeout.
    Timeout,
    /// Could not connect for another reason (unreachable, reset during connect).
    Connect,
    /// The connection broke after the request was sent.
    Closed,
    /// Anything else (invalid response, body error).
    Other,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Refused => "connection refused",
            Self::Dns => "dns error",
            Self::Tls => "tls error",
            Self::Timeout => "timeout",
            Self::Connect => "connect error",
            Self::Closed => "connection closed",
            Self::Other => "error",
        }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DeliveryError {
    pub kind: ErrorKind,
    pub message: String,
    /// What to do about it, when ocw knows better than the message says (e.g. `https://` to a
    /// plain-HTTP server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// For people: the message with anything a peer put in it (a TLS name, a cause's text)
/// escaped for the terminal; `--json` carries `message` as it is.
impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&crate::sanitize::shown(&self.message), f)
    }
}

/// The one HTTP client configuration: explicit timeouts, a `ocw/<version>` user agent, no
/// redirects (a webhook sender does not follow them, and a 3xx is worth seeing).
pub fn client(timeout: Duration, pool_size: usize) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(pool_size)
        .tcp_nodelay(true)
        .build()
}

/// Every header `req` goes out with through [`client`], in sending order: its own, then the ones
/// the client adds (as reqwest writes them). What `send --dry-run` shows.
pub fn wire_headers(req: &Request) -> Vec<(String, String)> {
    let mut out = request::header_pairs(&req.headers);
    let has = |name: &str| req.headers.contains_key(name);
    if !has("accept") {
        out.push(("accept".into(), "*/*".into()));
    }
    if !has("user-agent") {
        out.push(("user-agent".into(), USER_AGENT.into()));
    }
    if !has("host") {
        let host = req.url.host_str().unwrap_or_default();
        let host = match req.url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        };
        out.push(("host".into(), host));
    }
    out.push(("content-length".into(), req.body.len().to_string()));
    out
}

/// The `user-agent` of every request ocw sends.
pub const USER_AGENT: &str = concat!("ocw/", env!("CARGO_PKG_VERSION"));

/// POST the request once. `keep_body` decides whether up to [`RESPONSE_KEEP`] bytes of the
/// answer are kept and the rest read through; without it (storms only count) at most
/// [`RESPONSE_KEEP`] bytes are read and the rest dropped, which closes that connection.
pub async fn deliver(client: &reqwest::Client, req: &Request, keep_body: bool) -> Outcome {
    let start = Instant::now();
    let sent = client
        .post(req.url.clone())
        .headers(req.headers.clone())
        .body(req.body.clone())
        .send()
        .await;
    let result = match sent {
        Ok(resp) => read_response(resp, keep_body).await,
        Err(e) => Err(classify(&e, &req.url)),
    };
    let outcome = Outcome {
        latency: start.elapsed(),
        result: result.map_err(|e| e.with_url(&req.url)),
    };
    match &outcome.result {
        Ok(r) => {
            tracing::info!(url = %crate::redact::url(&req.url), status = r.status.as_u16(), latency_ms = outcome.latency.as_secs_f64() * 1e3, bytes = req.body.len(), "delivered")
        }
        Err(e) => {
            tracing::info!(url = %crate::redact::url(&req.url), kind = ?e.kind, latency_ms = outcome.latency.as_secs_f64() * 1e3, "delivery failed")
        }
    }
    outcome
}

async fn read_response(
    mut resp: reqwest::Response,
    keep_body: bool,
) -> Result<Response, DeliveryError> {
    let status = resp.status();
    let content_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let url = resp.url().clone();
    let mut body = Vec::new();
    let mut truncated = false;
    let mut read = 0;
    // Read the whole answer (the latency covers it, and the connection can be reused) but keep
    // only a bounded prefix. A storm reads no more than a send keeps: dropping the rest of a
    // huge answer is cheaper than reading it through, N times over.
    while keep_body || read < RESPONSE_KEEP {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                read += chunk.len();
                if keep_body && body.len() < RESPONSE_KEEP {
                    let room = RESPONSE_KEEP - body.len();
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    truncated |= chunk.len() > room;
                } else if keep_body {
                    truncated = true;
                }
            }
            Ok(None) => break,
            Err(e) => return Err(classify(&e, &url)),
        }
    }
    Ok(Response {
        status,
        content_type,
        body: Bytes::from(body),
        truncated,
    })
}

impl DeliveryError {
    /// The error of `kind` at `place` (`host:port`; the host alone for DNS), in the one wording
    /// every delivery path uses. `detail` is the cause's text, where the sentence has room for it.
    pub fn new(kind: ErrorKind, place: &str, detail: &str) -> Self {
        let message = match kind {
            ErrorKind::Timeout => format!("no answer from {place} within the timeout"),
            ErrorKind::Refused => format!("connection refused by {place}: is the server running?"),
            ErrorKind::Dns => format!("could not resolve host {place:?}: {detail}"),
            ErrorKind::Tls => format!("tls handshake with {place} failed: {detail}"),
            ErrorKind::Connect => format!("could not connect to {place}: {detail}"),
            ErrorKind::Closed => format!("{place} closed the connection without a complete answer"),
            ErrorKind::Other => format!("request to {place} failed: {detail}"),
        };
        Self {
            kind,
            message,
            hint: None,
        }
    }

    /// Name the URL (redacted: no user-info or credential query values) in the message.
    pub fn with_url(mut self, url: &Url) -> Self {
        let shown = crate::redact::url(url);
        if !self.message.contains(&shown) {
            self.message = format!("{} ({shown})", self.message);
        }
        self
    }
}

/// Turn a reqwest error into a kind and a sentence that says what happened and where.
pub fn classify(err: &reqwest::Error, url: &Url) -> DeliveryError {
    let host = match (url.host_str(), url.port_or_known_default()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => crate::redact::url(url),
    };
    // Causes can quote the URL (and with it a password or token): redact any they hold.
    let chain = crate::redact::text(&error_chain(err)).into_owned();
    let lower = chain.to_lowercase();
    let io_kind = io_error_kind(err);
    // rustls's words for a first answer that is no TLS record: a plain-HTTP server answering a
    // handshake with `HTTP/1.1 400 ...`.
    if lower.contains("invalidcontenttype") || lower.contains("corrupt message") {
        let mut plain = url.clone();
        let _ = plain.set_scheme("http");
        let mut e = DeliveryError::new(
            ErrorKind::Tls,
            &host,
            "the server answered in plain HTTP, not TLS",
        );
        e.hint = Some(format!(
            "this endpoint speaks plain HTTP: use http://, e.g. --to {}",
            crate::redact::url(&plain)
        ));
        return e;
    }
    let kind = if err.is_timeout() || io_kind == Some(std::io::ErrorKind::TimedOut) {
        ErrorKind::Timeout
    } else if io_kind == Some(std::io::ErrorKind::ConnectionRefused) {
        ErrorKind::Refused
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        return DeliveryError::new(ErrorKind::Dns, url.host_str().unwrap_or("?"), &chain);
    } else if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("handshake")
        || lower.contains("invalidcontenttype")
    {
        ErrorKind::Tls
    } else if err.is_connect() {
        ErrorKind::Connect
    } else if matches!(
        io_kind,
        Some(
            std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::BrokenPipe
        )
    ) || lower.contains("connection closed")
        || lower.contains("incomplete message")
    {
        ErrorKind::Closed
    } else {
        ErrorKind::Other
    };
    DeliveryError::new(kind, &host, &chain)
}

/// The error's causes joined with `: `, skipping reqwest's own URL-bearing top line.
fn error_chain(err: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = err.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = e.source();
    }
    if parts.is_empty() {
        err.to_string()
    } else {
        parts.join(": ")
    }
}

fn io_error_kind(err: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut source = err.source();
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refused_is_classified_and_names_the_url() {
        // Bind then drop a listener: the port is free and nothing listens on it.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let url: Url = format!("http://127.0.0.1:{port}/hook").parse().unwrap();
        let req = Request {
            url: url.clone(),
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"{}"),
        };
        let out = deliver(&client(Duration::from_secs(5), 1).unwrap(), &req, true).await;
        let err = out.result.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Refused);
        assert!(err.message.contains(url.as_str()), "{}", err.message);
        // With credentials in the URL, the message names it without them.
        let url: Url = format!("http://u:PWMARK@127.0.0.1:{port}/hook?api_key=KEYMARK")
            .parse()
            .unwrap();
        let req = Request { url, ..req };
        let out = deliver(&client(Duration::from_secs(5), 1).unwrap(), &req, true).await;
        let msg = out.result.unwrap_err().message;
        assert!(!msg.contains("PWMARK") && !msg.contains("KEYMARK"), "{msg}");
        assert!(msg.contains("127.0.0.1"), "{msg}");
    }
}
