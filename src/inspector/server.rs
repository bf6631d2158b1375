//! The inspector's HTTP side: the page (embedded), its JSON API, the live feed (server-sent
//! events) and replay, behind one guard that refuses requests from other origins.
//!
//! Security model: the page is served with a strict Content-Security-Policy (scripts and styles
//! from the page's own origin only, nothing inline) and `nosniff`; it builds its DOM with
//! `textContent`, so request data never becomes markup. Every request must name the
//! inspector itself in `Host` (a DNS-rebinding page under another name is refused), and any
//! `Origin` or `Sec-Fetch-Site` must say the same origin; a POST must carry its `Origin`. So a
//! page the user visits elsewhere can neither read the history nor make ocw send a replay.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Request, State as AxState};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::state::State;
use crate::delivery;
use crate::replay::{self, Recorded};

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// Everything the page loads comes from the inspector itself; nothing inline, no frames.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// How long a replay may take.
const REPLAY_TIMEOUT: Duration = Duration::from_secs(10);

/// The server's shared parts.
pub struct App {
    pub state: Arc<State>,
    /// The listener's `--forward-to`: the one URL replay may use without the user typing one.
    pub forward_to: Option<url::Url>,
    /// `host:port` values a request's `Host` may carry; empty means any (bound to a wildcard
    /// address on purpose: then `Origin` must still match `Host`).
    pub hosts: Vec<String>,
    pub client: reqwest::Client,
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/app.css",
            get(|| async { asset("text/css; charset=utf-8", APP_CSS) }),
        )
        .route("/api/info", get(info))
        .route("/api/requests", get(list))
        .route("/api/requests/{seq}", get(detail))
        .route("/api/requests/{seq}/replay", post(replay_one))
        .route("/api/stream", get(stream))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            guard,
        ))
        .with_state(app)
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

/// Same-origin only (see the module doc), and the security headers on every answer.
async fn guard(AxState(app): AxState<Arc<App>>, req: Request, next: Next) -> Response {
    let mut resp = match refusal(&app, req.method(), req.headers()) {
        Some(why) => (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            why,
        )
            .into_response(),
        None => next.run(req).await,
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Why a request is refused, if it is.
fn refusal(app: &App, method: &Method, headers: &HeaderMap) -> Option<&'static str> {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(host) = text(header::HOST) else {
        return Some("refused: no Host header\n");
    };
    let host = host.to_ascii_lowercase();
    if !app.hosts.is_empty() && !app.hosts.contains(&host) {
        return Some("refused: this inspector answers only to its own address\n");
    }
    if let Some(site) = text(axum::http::HeaderName::from_static("sec-fetch-site"))
        && site != "same-origin"
        && site != "none"
    {
        return Some("refused: a request from another site\n");
    }
    match text(header::ORIGIN) {
        Some(origin) if !origin.eq_ignore_ascii_case(&format!("http://{host}")) => {
            Some("refused: a request from another origin\n")
        }
        None if method != Method::GET && method != Method::HEAD => {
            Some("refused: a request that changes something must carry its Origin\n")
        }
        _ => None,
    }
}

async fn info(AxState(app): AxState<Arc<App>>) -> Response {
    let (history, budget) = app.state.limits();
    Json(json!({
        "forward_to": app.forward_to.as_ref().map(crate::redact::url),
        "history": history,
        "body_budget": budget,
    }))
    .into_response()
}

async fn list(AxState(app): AxState<Arc<App>>) -> Response {
    let (entries, evicted) = app.state.list();
    let rows: Vec<_> = entries.iter().map(|e| e.summary()).collect();
    Json(json!({ "requests": rows, "evicted": evicted })).into_response()
}

fn not_kept(seq: u64) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "error": format!("request #{seq} is not in the history") })),
    )
        .into_response()
}

async fn detail(AxState(app): AxState<Arc<App>>, Path(seq): Path<u64>) -> Response {
    let Some(entry) = app.state.get(seq) else {
        return not_kept(seq);
    };
    let original_kept = entry
        .record
        .duplicate_of
        .is_some_and(|o| app.state.get(o).is_some());
    Json(entry.detail(original_kept)).into_response()
}

/// The live feed: one `request` event per new request (its list row); `reset` when this page
/// fell behind and should fetch the list again.
async fn stream(AxState(app): AxState<Arc<App>>) -> Response {
    let rx = app.state.subscribe();
    let events = futures_util::stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok(entry) => Event::default()
                .event("request")
                .json_data(entry.summary())
                .unwrap_or_else(|_| Event::default().event("reset").data("")),
            Err(RecvError::Lagged(_)) => Event::default().event("reset").data(""),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok::<_, Infallible>(event), rx))
    });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

#[derive(Deserialize)]
struct ReplayBody {
    /// Typed in the page; `None` (or empty) means the listener's `--forward-to`.
    #[serde(default)]
    url: Option<String>,
}

fn bad(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// Send one kept request again, as `ocw replay` would without --re-sign: same body, same
/// headers (minus connection and redacted ones), to the URL typed in or `--forward-to`.
async fn replay_one(
    AxState(app): AxState<Arc<App>>,
    Path(seq): Path<u64>,
    body: Option<Json<ReplayBody>>,
) -> Response {
    let Some(entry) = app.state.get(seq) else {
        return not_kept(seq);
    };
    if !entry.body_kept {
        return bad(
            StatusCode::CONFLICT,
            format!("request #{seq}'s body was over the inspector's byte budget: not kept"),
        );
    }
    let typed = body
        .and_then(|Json(b)| b.url)
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    let to = match typed {
        Some(text) => match url::Url::parse(&text) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => u,
            _ => {
                return bad(
                    StatusCode::BAD_REQUEST,
                    "the URL must be http:// or https:// with a host",
                );
            }
        },
        None => match &app.forward_to {
            Some(u) => u.clone(),
            None => {
                return bad(
                    StatusCode::BAD_REQUEST,
                    "type a URL to replay to (this listener has no --forward-to)",
                );
            }
        },
    };
    let r = recorded(&entry.record, entry.body.clone());
    let mut dropped = Vec::new();
    let headers = replay::replayed_headers(&r, false, &mut dropped);
    let req = delivery::Request {
        url: replay::target_url(&to, &r),
        headers,
        body: r.body.clone(),
    };
    let outcome = delivery::deliver(&app.client, &req, true).await;
    let latency_ms = (outcome.latency.as_secs_f64() * 1e6).round() / 1e3;
    let result = match &outcome.result {
        Ok(resp) => json!({
            "status": resp.status.as_u16(),
            "content_type": resp.content_type,
            "body": String::from_utf8_lossy(&resp.body),
            "truncated": resp.truncated,
        }),
        Err(e) => json!({ "error": e }),
    };
    Json(json!({
        "seq": seq,
        "url": crate::redact::url(&req.url),
        "latency_ms": latency_ms,
        "not_sent_headers": dropped,
        "result": result,
    }))
    .into_response()
}

/// The kept record in the shape replay reads from a record file.
fn recorded(record: &crate::receiver::record::RequestRecord, body: bytes::Bytes) -> Recorded {
    Recorded {
        line: 0,
        seq: record.seq,
        method: record.method.clone(),
        path: record.path.clone(),
        query: record.query.clone(),
        headers: record
            .headers
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        body,
        event: record.event.clone(),
        conversation_id: record.conversation_id.clone(),
    }
}

/// The replay client: ocw's one client configuration.
pub fn client() -> reqwest::Result<reqwest::Client> {
    delivery::client(REPLAY_TIMEOUT, 1)
}
