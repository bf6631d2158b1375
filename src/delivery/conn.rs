//! One kept-alive HTTP/1.1 connection, driven with hyper directly, for storms to `http://`
//! endpoints.
//!
//! A storm worker owns one connection and sends its deliveries on it one after another, the
//! way wrk and oha drive load: no pool checkout, no shared state between workers. Measured in
//! `benches/send.sh`, this costs about half the CPU per request of reqwest's pooled client,
//! which matters because on loopback the sender and the endpoint share the same cores. A broken
//! connection is dropped and the next delivery reconnects; errors are classified with the same
//! kinds and wording as [`super::deliver`]. At most [`RESPONSE_KEEP`] bytes of an answer are
//! read; a connection whose answer was longer is closed rather than read to its end.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Body as _;
use hyper::client::conn::http1::{self, SendRequest};
use reqwest::header::{ACCEPT, HOST, HeaderValue, USER_AGENT};
use url::Url;

use super::{DeliveryError, ErrorKind, Outcome, RESPONSE_KEEP, Request, Response};

/// Where a worker's requests go, parsed once.
#[derive(Debug, Clone)]
pub struct Destination {
    host: String,
    port: u16,
    authority: HeaderValue,
    path: hyper::Uri,
    url: Url,
}

impl Destination {
    /// `None` for URLs this path does not handle (anything but plain `http://`).
    pub fn new(url: &Url) -> Option<Self> {
        if url.scheme() != "http" {
            return None;
        }
        let host = url.host_str()?.to_string();
        let port = url.port_or_known_default()?;
        let authority = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        Some(Self {
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port,
            authority: HeaderValue::from_str(&authority).ok()?,
            path: path.parse().ok()?,
            url: url.clone(),
        })
    }

    fn place(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// A worker's connection slot: empty until the first delivery, emptied again on any error.
#[derive(Default)]
pub struct Slot {
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Slot {
    /// Deliver `req` on this slot's connection (connecting first if needed) within `timeout`.
    pub async fn deliver(
        &mut self,
        target: &Destination,
        req: &Request,
        timeout: Duration,
    ) -> Outcome {
        let start = Instant::now();
        let result = match tokio::time::timeout(timeout, self.exchange(target, req)).await {
            Ok(r) => r,
            Err(_) => Err(DeliveryError::new(ErrorKind::Timeout, &target.place(), "")),
        };
        let result = match result {
            Ok((response, Reuse::Yes)) => Ok(response),
            Ok((response, Reuse::No)) => {
                // The rest of the answer is still on the wire: closing is cheaper than reading
                // it, and the connection cannot carry a request until it is read.
                self.sender = None;
                Ok(response)
            }
            Err(e) => {
                // Whatever state the connection is in, it is not fit for the next request.
                self.sender = None;
                Err(e)
            }
        };
        Outcome {
            latency: start.elapsed(),
            result: result.map_err(|e| e.with_url(&target.url)),
        }
    }

    async fn exchange(
        &mut self,
        target: &Destination,
        req: &Request,
    ) -> Result<(Response, Reuse), DeliveryError> {
        let sender = match &mut self.sender {
            Some(s) if !s.is_closed() => s,
            slot => slot.insert(connect(target).await?),
        };
        sender.ready().await.map_err(|e| hyper_error(&e, target))?;
        let mut request = hyper::Request::post(target.path.clone())
            .body(Full::new(req.body.clone()))
            .map_err(|e| DeliveryError {
                kind: ErrorKind::Other,
                message: format!("building the request: {e}"),
                hint: None,
            })?;
        let headers = request.headers_mut();
        headers.insert(HOST, target.authority.clone());
        headers.insert(USER_AGENT, HeaderValue::from_static(super::USER_AGENT));
        // The header reqwest adds too, so both paths send what `send --dry-run` shows.
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
        for (name, value) in &req.headers {
            headers.append(name.clone(), value.clone());
        }
        let resp = sender
            .send_request(request)
            .await
            .map_err(|e| hyper_error(&e, target))?;
        let status = resp.status();
        let reuse = skim(resp.into_body())
            .await
            .map_err(|e| hyper_error(&e, target))?;
        let response = Response {
            status,
            content_type: None,
            body: Bytes::new(),
            truncated: false,
        };
        Ok((response, reuse))
    }
}

/// Whether a connection can carry the next request after an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reuse {
    Yes,
    No,
}

/// Reads at most [`RESPONSE_KEEP`] bytes of an answer's body (what a single send keeps) and
/// keeps none of it, so a storm's memory and time do not depend on what the endpoint answers
/// (a 1 GB answer used to be held whole by every worker). An answer that ends within that is
/// read to its end and the connection is reused; a longer one is left unread, and its
/// connection must be closed.
async fn skim(mut body: hyper::body::Incoming) -> Result<Reuse, hyper::Error> {
    let mut read = 0;
    while read < RESPONSE_KEEP {
        match body.frame().await {
            None => return Ok(Reuse::Yes),
            Some(frame) => read += frame?.data_ref().map_or(0, Bytes::len),
        }
    }
    // A body whose length was declared is known to be over once its last byte is read.
    Ok(if body.is_end_stream() {
        Reuse::Yes
    } else {
        Reuse::No
    })
}

async fn connect(target: &Destination) -> Result<SendRequest<Full<Bytes>>, DeliveryError> {
    let stream = tokio::net::TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|e| io_error(&e, target))?;
    // Small request/response pairs: don't let Nagle hold the request back.
    let _ = stream.set_nodelay(true);
    let (sender, conn) = http1::handshake(hyper_util::rt::TokioIo::new(stream))
        .await
        .map_err(|e| hyper_error(&e, target))?;
    tokio::spawn(async move {
        // The connection ends when the sender is dropped or the peer closes; the error, if any,
        // reaches the worker through its next send.
        let _ = conn.await;
    });
    Ok(sender)
}

fn io_error(e: &std::io::Error, target: &Destination) -> DeliveryError {
    let text = e.to_string();
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => {
            DeliveryError::new(ErrorKind::Refused, &target.place(), &text)
        }
        std::io::ErrorKind::TimedOut => {
            DeliveryError::new(ErrorKind::Timeout, &target.place(), &text)
        }
        _ if text.contains("lookup address") || text.contains("Name or service not known") => {
            DeliveryError::new(ErrorKind::Dns, &target.host, &text)
        }
        _ => DeliveryError::new(ErrorKind::Connect, &target.place(), &text),
    }
}

fn hyper_error(e: &hyper::Error, target: &Destination) -> DeliveryError {
    let kind = if e.is_closed() || e.is_incomplete_message() || e.is_canceled() {
        ErrorKind::Closed
    } else {
        ErrorKind::Other
    };
    DeliveryError::new(kind, &target.place(), &e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_handles_plain_http_only() {
        let t = Destination::new(&"http://127.0.0.1:8080/a/b?x=1".parse().unwrap()).unwrap();
        assert_eq!(t.authority, "127.0.0.1:8080");
        assert_eq!(t.path, "/a/b?x=1");
        assert_eq!(t.place(), "127.0.0.1:8080");
        let t = Destination::new(&"http://[::1]/".parse().unwrap()).unwrap();
        assert_eq!(t.place(), "::1:80");
        assert!(Destination::new(&"https://example.com/".parse().unwrap()).is_none());
    }

    #[tokio::test]
    async fn refused_connection_is_classified() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let url: Url = format!("http://127.0.0.1:{port}/x").parse().unwrap();
        let target = Destination::new(&url).unwrap();
        let req = Request {
            url,
            headers: Default::default(),
            body: Bytes::from_static(b"{}"),
        };
        let out = Slot::default()
            .deliver(&target, &req, Duration::from_secs(5))
            .await;
        let err = out.result.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Refused);
        assert!(err.message.contains("/x"), "{}", err.message);
    }
}
