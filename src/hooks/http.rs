//! One POST to the Gateway and its answer, read with a bound: the status, the headers a
//! sentence needs (`Retry-After`, `Allow`, `Content-Type`) and at most [`ANSWER_KEEP`] bytes of
//! the body. Connection errors get the delivery module's wording ([`crate::delivery::classify`]).

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::delivery::DeliveryError;

/// How much of an answer is kept; a Gateway answer is a small JSON object, anything beyond this
/// is read no further.
pub const ANSWER_KEEP: usize = 64 * 1024;

/// What the Gateway answered.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub allow: Option<String>,
    pub content_type: Option<String>,
    /// Up to [`ANSWER_KEEP`] bytes.
    pub body: Bytes,
    pub truncated: bool,
    pub latency: Duration,
}

impl Answer {
    /// The body as JSON, when it is a whole JSON document.
    pub fn json(&self) -> Option<Value> {
        if self.truncated {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }

    /// A string field of the JSON body (`error`, `code`, `runId`).
    pub fn field(&self, name: &str) -> Option<String> {
        self.json()?.get(name)?.as_str().map(str::to_string)
    }

    /// What the Gateway said went wrong, unescaped: the JSON `error` field, else the plain-text
    /// body (early failures are plain text), at most 300 characters.
    pub fn error_text(&self) -> Option<String> {
        let text = match self.json() {
            Some(v) => v.get("error").and_then(Value::as_str).map(str::to_string),
            None => Some(String::from_utf8_lossy(&self.body).trim().to_string()),
        }?;
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        Some(if text.chars().count() > 300 {
            format!("{}…", text.chars().take(300).collect::<String>())
        } else {
            text.to_string()
        })
    }
}

/// POST `body` to `url` with `headers`, within `timeout` for the whole exchange.
pub async fn post(
    url: &url::Url,
    headers: HeaderMap,
    body: Bytes,
    timeout: Duration,
) -> Result<Answer, DeliveryError> {
    let client =
        crate::delivery::client(timeout, 1).map_err(|e| crate::delivery::classify(&e, url))?;
    let start = Instant::now();
    let resp = client
        .post(url.clone())
        .headers(headers)
        .body(body)
        .send()
        .await
        .map_err(|e| crate::delivery::classify(&e, url).with_url(url))?;
    let header = |name: reqwest::header::HeaderName| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let status = resp.status().as_u16();
    let retry_after = header(reqwest::header::RETRY_AFTER);
    let allow = header(reqwest::header::ALLOW);
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let (body, truncated) = read_bounded(resp, url).await?;
    Ok(Answer {
        status,
        retry_after,
        allow,
        content_type,
        body,
        truncated,
        latency: start.elapsed(),
    })
}

/// At most [`ANSWER_KEEP`] bytes of the body; the connection is dropped after that.
async fn read_bounded(
    mut resp: reqwest::Response,
    url: &url::Url,
) -> Result<(Bytes, bool), DeliveryError> {
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let room = ANSWER_KEEP - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    return Ok((Bytes::from(body), true));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok((Bytes::from(body), false)),
            Err(e) => return Err(crate::delivery::classify(&e, url).with_url(url)),
        }
    }
}
