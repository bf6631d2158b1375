//! The HTTP receiver behind `ocw listen` and `ocw demo`: accepts webhooks, checks signatures
//! and tokens with the signing module, marks duplicates, answers as scripted (or as the app it
//! forwards to answers), records, and reports every request to its consumer over a channel.
//!
//! Nothing acknowledged is lost: each request is handled in a task of its own (a client that
//! hangs up cannot cancel it half-way), recorded and queued for the consumer before its answer
//! is sent, and shutdown waits for every such task. The channel is unbounded on purpose: a slow
//! terminal must never make the receiver drop what it was sent.
//!
//! Memory is bounded by settings, never by peers: request bodies being handled share a
//! budget of [`IN_FLIGHT_BYTES`] (or one `max_body`, when larger); a request that does not fit
//! waits before its body is read. With `Settings::wait_for_output`, a request is answered only
//! after the consumer says its output is written ([`Ack`]), so a consumer that cannot keep up
//! (a stdout nobody reads) holds requests back instead of piling them up, and never lets a
//! 2xx go out for a request that is not yet where the user asked for it.

pub mod cron;
pub mod dedup;
pub mod record;
pub mod render;
pub mod script;
pub mod tally;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::secret::Secret;
use crate::signing::{self, Verdict};
use record::{
    BodyEncoding, ForwardReport, Headers, Recorder, RequestRecord, SignatureReport,
    SignatureStatus, TokenCheck, encode_body, to_line,
};
use script::{Script, Scripter};

/// Default body limit: 1 MiB, far above any OpenClaw payload (the Gateway's own limit is 256 KiB).
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;
/// A client gets this long to send its headers (slowloris guard).
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// And this long for its body once the headers are in.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// Header bytes a request may carry before it is refused (431).
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// How long the app behind --forward-to has to answer.
const FORWARD_TIMEOUT: Duration = Duration::from_secs(30);
/// Request bodies held at once (read, or being read, and not yet answered). 32 MiB is thousands
/// of ordinary webhooks in flight, and with the copies a request makes on its way (record line,
/// preview) keeps a flooded listener near 100 MB.
pub const IN_FLIGHT_BYTES: usize = 32 * 1024 * 1024;
/// What a request costs against that budget at least: its headers, record and bookkeeping.
const MIN_REQUEST_COST: usize = 4 * 1024;

#[derive(Debug, Clone)]
pub struct Settings {
    /// Secrets to check signatures with; empty means "not checked".
    pub secrets: Vec<Secret>,
    pub tolerance_secs: u64,
    pub token: Option<Secret>,
    pub reject_invalid: bool,
    pub max_body: usize,
    /// Only this path takes webhooks; others get 404.
    pub path: Option<String>,
    pub script: Script,
    pub forward_to: Option<url::Url>,
    pub record: Option<std::path::PathBuf>,
    pub base64_body: bool,
    /// Hand the consumer each request's NDJSON line, serialized on the worker.
    pub json_lines: bool,
    /// Answer a request only once the consumer has written it out (see [`Ack`]).
    pub wait_for_output: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            secrets: Vec::new(),
            tolerance_secs: 300,
            token: None,
            reject_invalid: false,
            max_body: DEFAULT_MAX_BODY,
            path: None,
            script: Script::default(),
            forward_to: None,
            record: None,
            base64_body: false,
            json_lines: false,
            wait_for_output: false,
        }
    }
}

/// The client, attached to each request by the accept loop: its address, and (when answers
/// are held back by `--delay` or `--forward-to`) a second handle on its socket to notice a
/// sender that hangs up meanwhile: hyper, allowing half-closed connections, does not read from
/// a connection while its request is in flight, so it cannot tell.
#[derive(Debug, Clone)]
struct Peer {
    addr: SocketAddr,
    watch: Option<Arc<std::net::TcpStream>>,
}

/// What the consumer hears about.
#[derive(Debug)]
pub enum Event {
    /// A request, decided and recorded. With `Settings::wait_for_output` its answer waits for
    /// the [`Ack`]; otherwise it may already be answered.
    Request(Box<Received>, Ack),
    /// `GET /`: someone looked at the listener with a browser or curl.
    InfoPage { peer: Option<SocketAddr> },
    /// A connection that ended in a protocol error (oversized headers, garbage, timeouts).
    ConnectionError { peer: SocketAddr, message: String },
    /// The record file could not be written: the request was refused with 500.
    RecordError { seq: u64, message: String },
}

/// One request with what ocw made of it.
#[derive(Debug, Clone)]
pub struct Received {
    pub record: RequestRecord,
    /// The record's NDJSON line, when the consumer asked for lines (`Settings::json_lines`).
    pub line: Option<Vec<u8>>,
    /// The exact bytes received.
    pub body: Bytes,
    /// The full verdict, when a signature was checked.
    pub verdict: Option<Verdict>,
}

/// The consumer's word that a request's output is written: call [`Ack::written`] after the
/// write reached its destination. Dropping it unsaid (the output failed) makes the request's
/// answer a 503, so the sender tries again.
#[derive(Debug, Default)]
pub struct Ack(Option<tokio::sync::oneshot::Sender<()>>);

impl Ack {
    pub fn written(self) {
        if let Some(tx) = self.0 {
            let _ = tx.send(());
        }
    }
}

/// A running receiver.
pub struct Running {
    pub addr: SocketAddr,
    cancel: CancellationToken,
    abandon: CancellationToken,
    task: tokio::task::JoinHandle<()>,
    recorder: Option<Arc<Recorder>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A handle that, when cancelled, stops requests from waiting for their output (they are
    /// answered 503): for a consumer that cannot write any more.
    pub fn abandon_handle(&self) -> CancellationToken {
        self.abandon.clone()
    }

    /// Stop accepting, let in-flight requests finish (bounded by `grace`), and sync the record.
    pub async fn shutdown(self, grace: Duration) -> std::io::Result<()> {
        self.cancel.cancel();
        let _ = tokio::time::timeout(grace, self.task).await;
        if let Some(r) = &self.recorder {
            r.sync()?;
        }
        Ok(())
    }
}

struct App {
    config: Settings,
    scripter: Scripter,
    tracker: dedup::Tracker,
    recorder: Option<Arc<Recorder>>,
    client: Option<reqwest::Client>,
    seq: AtomicU64,
    tx: mpsc::UnboundedSender<Event>,
    tasks: TaskTracker,
    /// The in-flight body budget, in bytes.
    in_flight: Arc<tokio::sync::Semaphore>,
    /// Fired when the consumer gives up writing: waiting requests are answered 503.
    abandon: CancellationToken,
}

impl App {
    /// Whether answers are held back after a request is read (a `--delay`, or the app behind
    /// `--forward-to`): then connections are watched for senders that hang up meanwhile.
    fn holds_answers(&self) -> bool {
        self.config.script.delay.is_some() || self.config.forward_to.is_some()
    }
}

/// Bind `addr` and serve until shut down. Errors: the address can't be bound, or the record
/// file can't be opened.
pub async fn start(
    addr: SocketAddr,
    config: Settings,
    tx: mpsc::UnboundedSender<Event>,
) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let recorder = match &config.record {
        Some(path) => Some(Arc::new(Recorder::open(path).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("opening record file {}: {e}", path.display()),
            )
        })?)),
        None => None,
    };
    let client = match &config.forward_to {
        Some(_) => Some(
            reqwest::Client::builder()
                .timeout(FORWARD_TIMEOUT)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(std::io::Error::other)?,
        ),
        None => None,
    };
    let tasks = TaskTracker::new();
    let abandon = CancellationToken::new();
    let budget = IN_FLIGHT_BYTES.max(config.max_body.saturating_add(MIN_REQUEST_COST));
    let app = Arc::new(App {
        in_flight: Arc::new(tokio::sync::Semaphore::new(
            budget.min(tokio::sync::Semaphore::MAX_PERMITS),
        )),
        abandon: abandon.clone(),
        scripter: Scripter::new(config.script.clone()),
        config,
        tracker: dedup::Tracker::default(),
        recorder: recorder.clone(),
        client,
        seq: AtomicU64::new(0),
        tx,
        tasks: tasks.clone(),
    });
    let router = Router::new().fallback(handle).with_state(Arc::clone(&app));
    let cancel = CancellationToken::new();
    let task = tokio::spawn(serve(listener, router, app, cancel.clone()));
    Ok(Running {
        addr,
        cancel,
        abandon,
        task,
        recorder,
    })
}

/// The accept loop: one hyper HTTP/1.1 connection task per client, with header size and read
/// timeouts, watched for a graceful shutdown.
async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    app: Arc<App>,
    cancel: CancellationToken,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let (stream, peer) = tokio::select! {
            _ = cancel.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and similar: report, breathe, keep serving.
                    let _ = app.tx.send(Event::ConnectionError {
                        peer: ([0, 0, 0, 0], 0).into(),
                        message: format!("accept failed: {e}"),
                    });
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let (stream, watch) = if app.holds_answers() {
            watched(stream)
        } else {
            (Ok(stream), None)
        };
        let Ok(stream) = stream else { continue };
        let router = router.clone();
        let client = Peer { addr: peer, watch };
        let service =
            hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(client.clone());
                tower::ServiceExt::oneshot(router.clone(), req.map(Body::new))
            });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .max_buf_size(MAX_HEADER_BYTES)
            // A client may send its request and then shut down its write side (legal in
            // HTTP/1.1): it still gets its answer, and the request is recorded.
            .half_close(true)
            .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        let tx = app.tx.clone();
        tokio::spawn(async move {
            if let Err(e) = conn.await
                && let Some(message) = describe_conn_error(&e)
            {
                let _ = tx.send(Event::ConnectionError { peer, message });
            }
        });
    }
    drop(listener);
    // In-flight requests finish (their tasks are tracked), then idle connections close.
    app.tasks.close();
    app.tasks.wait().await;
    graceful.shutdown().await;
}

/// The connection, and a second handle on its socket for [`held`] (a duplicated descriptor:
/// one more file descriptor per connection, only while answers are held back). Without the
/// duplicate the connection is served unwatched.
fn watched(
    stream: tokio::net::TcpStream,
) -> (
    std::io::Result<tokio::net::TcpStream>,
    Option<Arc<std::net::TcpStream>>,
) {
    let std = match stream.into_std() {
        Ok(s) => s,
        Err(e) => return (Err(e), None),
    };
    // Non-blocking like the original (they share the flag; said again so that a peek can
    // never block a runtime thread).
    let watch = std
        .try_clone()
        .ok()
        .filter(|w| w.set_nonblocking(true).is_ok())
        .map(Arc::new);
    (tokio::net::TcpStream::from_std(std), watch)
}

/// Run `work` (the wait for a `--delay` or for the app behind `--forward-to`) while watching the
/// connection: when the sender hangs up before `work` is done, how long after `started` it did.
///
/// A connection whose read side closes right after its request (already when the wait begins,
/// or within [`HALF_CLOSE_GRACE`] of the request's start) is a sender that shut down its
/// sending side after its request (a half-close, legal in HTTP/1.1) and still reads the answer:
/// not a hang-up. One that closes later gave up on the answer (its timeout passed); one that
/// resets the connection is gone either way.
async fn held<F: std::future::Future>(
    watch: Option<&std::net::TcpStream>,
    started: Instant,
    work: F,
) -> (F::Output, Option<Duration>) {
    let mut probe = [0u8; 1];
    let stream = match watch.map(|w| w.peek(&mut probe)) {
        Some(Err(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
            watch.and_then(|w| w.try_clone().ok())
        }
        // Reset already: gone before the wait began.
        Some(Err(_)) => return (work.await, Some(started.elapsed())),
        // Half-closed (0), or bytes waiting that hyper has not read: nothing to learn.
        Some(Ok(_)) | None => None,
    };
    let Some(stream) = stream.and_then(|s| tokio::net::TcpStream::from_std(s).ok()) else {
        return (work.await, None);
    };
    tokio::pin!(work);
    let gone_at = tokio::select! {
        out = &mut work => return (out, None),
        reset = hung_up(&stream) => {
            let at = started.elapsed();
            if !reset && at < HALF_CLOSE_GRACE {
                // A half-close that came a moment after the request (the sender was slow to
                // call shutdown): it still reads the answer.
                return (work.await, None);
            }
            at
        }
    };
    (work.await, Some(gone_at))
}

/// How soon after its request starts a sender's clean close counts as a half-close rather than
/// a hang-up. Senders half-close right after writing (microseconds, or a scheduling delay);
/// a sender that gives up does so after its timeout, which for webhook senders is seconds.
const HALF_CLOSE_GRACE: Duration = Duration::from_millis(250);

/// Resolves when the peer closes (`false`) or resets (`true`) the connection; never when it
/// sends more bytes (a pipelined request: it is still there).
async fn hung_up(stream: &tokio::net::TcpStream) -> bool {
    let mut probe = [0u8; 1];
    loop {
        match stream.peek(&mut probe).await {
            Ok(0) => return false,
            Ok(_) => return std::future::pending().await,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return true,
        }
    }
}

/// A connection error worth a line, in words; `None` for ordinary hang-ups.
fn describe_conn_error(e: &hyper::Error) -> Option<String> {
    if e.is_incomplete_message() {
        return Some("client disconnected in the middle of a request".into());
    }
    if e.is_timeout() {
        return Some(format!(
            "client too slow: no complete headers within {} s, connection closed",
            HEADER_READ_TIMEOUT.as_secs()
        ));
    }
    if e.is_parse_too_large() {
        return Some(format!(
            "request headers over {} KiB: answered 431 and closed",
            MAX_HEADER_BYTES / 1024
        ));
    }
    if e.is_parse() {
        return Some(format!(
            "not a valid HTTP request ({e}): answered 400 and closed"
        ));
    }
    if e.is_canceled() || e.is_closed() {
        return None;
    }
    let text = e.to_string();
    if text.contains("connection reset") || text.contains("broken pipe") {
        return None;
    }
    Some(format!("connection error: {text}"))
}

async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    // A place in the in-flight budget before the body is read: a flood waits here, bounded,
    // instead of filling memory. The permit lives until the answer is decided.
    let cost = request_cost(&req, app.config.max_body);
    let permit = match Arc::clone(&app.in_flight).try_acquire_many_owned(cost) {
        Ok(p) => Some(p),
        // Waiting (a flood) ends with a place, or with the consumer giving up.
        Err(_) => tokio::select! {
            p = Arc::clone(&app.in_flight).acquire_many_owned(cost) => p.ok(),
            _ = app.abandon.cancelled() => None,
        },
    };
    let Some(permit) = permit else {
        return busy();
    };
    // Once the body is in, recording and reporting a request is synchronous, so a client that
    // hangs up cannot cut it short. Only a scripted delay or a forward waits after that point:
    // then the request runs in a tracked task of its own, which hyper dropping this future
    // cannot cancel (and shutdown waits for). Spawning every request would cost a cross-thread
    // wake-up each, a third of the listener's throughput.
    if !app.holds_answers() {
        let _guard = app.tasks.token();
        let resp = process(app, req).await;
        drop(permit);
        return resp;
    }
    let worker = Arc::clone(&app);
    match app
        .tasks
        .spawn(async move {
            let resp = process(worker, req).await;
            drop(permit);
            resp
        })
        .await
    {
        Ok(resp) => resp,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// What a request costs against the in-flight budget: its declared length (hyper holds the body
/// to it; over `max_body` it is refused anyway), else a whole `max_body`.
fn request_cost(req: &Request, max_body: usize) -> u32 {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let body = declared.map_or(max_body, |n| n.min(max_body));
    u32::try_from(body.saturating_add(MIN_REQUEST_COST)).unwrap_or(u32::MAX)
}

/// The answer for a request the listener could not see through (it is stopping and its output
/// is stuck): 503, so the sender tries again later.
fn busy() -> Response {
    respond(503, None)
}

const INFO_PAGE: &str = "ocw listen: a local webhook receiver (the OpenClaw webhooks toolkit).\n\
POST webhooks to any path here; each one is shown, checked and answered as configured.\n\
Try: ocw send lead.qualified --to http://<this address>/webhooks\n";

/// One request, start to end: read, check, decide, record, report, answer.
// Long: the steps in order, a third of it the one `RequestRecord` literal they fill.
async fn process(app: Arc<App>, req: Request) -> Response {
    let started = Instant::now();
    let received_at = jiff::Timestamp::now();
    let (parts, body) = req.into_parts();
    if parts.method == Method::GET && parts.uri.path() == "/" && parts.uri.query().is_none() {
        return info_page(&app, &parts);
    }

    let seq = app.seq.fetch_add(1, Ordering::Relaxed) + 1;
    let headers = crate::delivery::request::header_pairs(&parts.headers);
    let mut out = Decision::default();
    let body = read_body(&app, &parts, body, &mut out).await;
    let ids = crate::payload::ids::inspect(&body);

    let checked = if out.aborted {
        Err("not checked: the body never arrived in full")
    } else if out.status.is_some() {
        Err("not checked: the request was refused before its signature was")
    } else {
        Ok(received_at)
    };
    let (verdict, signature, token) = authenticate(&app, &headers, &body, checked);

    // Only complete bodies take part in duplicate detection: two refused or cut-off requests
    // are not "the same delivery" just because neither body was read.
    let body_complete = out.status.is_none() && !out.aborted;
    let seen = if body_complete {
        let (event, conversation) = (ids.event.as_deref(), ids.conversation_id.as_deref());
        app.tracker.observe(seq, &body, event, conversation)
    } else {
        dedup::Seen::first()
    };
    if body_complete {
        check_content(&parts, ids.is_json, &body, &mut out);
    }
    let bad_auth = signature.status == SignatureStatus::Invalid
        || signature.status == SignatureStatus::Unsigned
        || matches!(token, Some(TokenCheck::Invalid | TokenCheck::Missing));
    let watch = parts.extensions.get::<Peer>().and_then(|p| p.watch.clone());
    let waits = async {
        let forwarded = if body_complete && out.status.is_none() {
            answer(
                &app,
                &parts,
                &body,
                bad_auth,
                seen.attempt,
                ids.event.as_deref(),
                &mut out,
            )
            .await
        } else {
            (None, None)
        };
        if let Some(delay) = app.scripter.delay()
            && !out.aborted
        {
            tokio::time::sleep(delay).await;
        }
        forwarded
    };
    // Held answers wait on the heap: their future (the forward, the watch on the connection) is
    // twice the size of the rest, and every request would pay for moving it otherwise.
    let ((forward, forwarded_body), hung_up) = if app.holds_answers() {
        Box::pin(held(watch.as_deref(), started, waits)).await
    } else {
        (waits.await, None)
    };

    let record = RequestRecord {
        kind: "request",
        seq,
        received_at: received_at.to_string(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        // Credentials in the query (`?token=`) are never shown or recorded.
        query: parts
            .uri
            .query()
            .map(|q| crate::redact::query(q).into_owned()),
        headers: Headers::redacted(&headers),
        // Filled in only to serialize the record (record_and_report): a copy of the body for a
        // record nobody writes would be memory and work for nothing.
        body: String::new(),
        body_encoding: BodyEncoding::Utf8,
        body_bytes: body.len(),
        event: ids.event,
        conversation_id: ids.conversation_id,
        signature,
        token,
        attempt: seen.attempt,
        duplicate_of: seen.duplicate_of,
        conflicts_with: seen.conflicts_with,
        status: (!out.aborted).then(|| out.status.unwrap_or(500)),
        elapsed_ms: (started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
        note: out.notes(),
        forward,
        sender_hung_up_ms: hung_up.map(|d| (d.as_secs_f64() * 1e6).round() / 1e3),
    };
    record_and_report(&app, record, body, verdict, forwarded_body).await
}

/// The signature verdict (for a complete body received at `complete`, when secrets are set;
/// else why it was not checked) and the token check.
fn authenticate(
    app: &App,
    headers: &[(String, String)],
    body: &[u8],
    complete: Result<jiff::Timestamp, &'static str>,
) -> (Option<Verdict>, SignatureReport, Option<TokenCheck>) {
    let checking = !app.config.secrets.is_empty();
    let verdict = complete.ok().filter(|_| checking).map(|at| {
        signing::verify(&signing::VerifyRequest {
            headers,
            body,
            secrets: &app.config.secrets,
            scheme: None,
            tolerance_secs: app.config.tolerance_secs,
            now: at.as_second(),
        })
    });
    let signature = match (&verdict, complete) {
        (Some(v), _) => SignatureReport::from_verdict(v),
        (None, Err(why)) if checking => SignatureReport::not_reached(why),
        (None, _) => SignatureReport::unchecked(),
    };
    let token = app.config.token.as_ref().map(|t| check_token(headers, t));
    (verdict, signature, token)
}

/// `GET /`: a short text page, and a line for the consumer.
fn info_page(app: &App, parts: &axum::http::request::Parts) -> Response {
    let peer = parts.extensions.get::<Peer>().map(|p| p.addr);
    let _ = app.tx.send(Event::InfoPage { peer });
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        INFO_PAGE,
    )
        .into_response()
}

/// The body, within the path rule, the size limit and the time allowed; empty (with the
/// status and note set) when it was refused or cut off.
async fn read_body(
    app: &App,
    parts: &axum::http::request::Parts,
    body: Body,
    out: &mut Decision,
) -> Bytes {
    let path_ok = app
        .config
        .path
        .as_deref()
        .is_none_or(|p| p == parts.uri.path());
    if !path_ok {
        out.reject(
            404,
            format!(
                "path not accepted (only {})",
                app.config.path.as_deref().unwrap_or("")
            ),
        );
        return Bytes::new();
    }
    let limited = http_body_util::Limited::new(body, app.config.max_body);
    match tokio::time::timeout(BODY_READ_TIMEOUT, limited.collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            out.reject(
                413,
                format!(
                    "body over the {} limit",
                    crate::units::bytes(app.config.max_body)
                ),
            );
            Bytes::new()
        }
        Ok(Err(_)) => {
            out.aborted = true;
            out.note("client disconnected before the body was complete".into());
            Bytes::new()
        }
        Err(_) => {
            out.reject(
                408,
                format!("body not complete within {} s", BODY_READ_TIMEOUT.as_secs()),
            );
            Bytes::new()
        }
    }
}

/// Content checks for a complete body: malformed JSON under a JSON content type is refused
/// (400); a body that is not declared as JSON gets a note.
fn check_content(
    parts: &axum::http::request::Parts,
    is_json: bool,
    body: &[u8],
    out: &mut Decision,
) {
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let says_json = content_type.to_ascii_lowercase().contains("json");
    if says_json && !is_json && !body.is_empty() {
        out.reject(400, "malformed JSON: the body does not parse".into());
    } else if !says_json && !body.is_empty() {
        out.note(if content_type.is_empty() {
            "no content-type header".to_string()
        } else {
            format!("content-type {content_type}, not JSON")
        });
    }
}

/// What the app behind `--forward-to` answered: its report, and its body to pass back.
type Forwarded = (Option<ForwardReport>, Option<(Option<HeaderValue>, Bytes)>);

/// The answer to a complete, accepted body: verification (with `--reject-invalid`), then the
/// script, then the app behind `--forward-to`, then the default status.
async fn answer(
    app: &App,
    parts: &axum::http::request::Parts,
    body: &Bytes,
    bad_auth: bool,
    attempt: u64,
    event: Option<&str>,
    out: &mut Decision,
) -> Forwarded {
    if app.config.reject_invalid && bad_auth {
        out.reject(
            401,
            "rejected: invalid or missing signature/token (--reject-invalid)".into(),
        );
    } else if app.config.reject_invalid && body.is_empty() {
        // An empty body carries no event: a strict receiver refuses it (`ocw test`'s
        // empty-body case), however well it is signed.
        out.reject(400, "rejected: empty body (--reject-invalid)".into());
    } else if let Some(d) = app.scripter.decide(attempt, event) {
        out.status = Some(d.status);
        if let Some(n) = d.note {
            out.note(n);
        }
    } else if let (Some(url), Some(client)) = (&app.config.forward_to, &app.client) {
        let (report, answer) = Box::pin(forward_request(client, url, parts, body)).await;
        out.status = Some(report.status.unwrap_or(502));
        if let Some(err) = &report.error {
            out.note(format!("forward failed: {err}"));
        }
        return (Some(report), answer);
    } else {
        out.status = Some(app.scripter.default_status());
    }
    (None, None)
}

/// Record the request (before answering: a 2xx means "it is on disk"), hand it to the consumer,
/// and answer; with `wait_for_output`, only once the consumer has written it out.
async fn record_and_report(
    app: &App,
    mut record: RequestRecord,
    body: Bytes,
    verdict: Option<Verdict>,
    forwarded_body: Option<(Option<HeaderValue>, Bytes)>,
) -> Response {
    // Serialized once, here on a worker, for both the record file and the --json consumer; the
    // body's text lives in the line only, not also in the record that travels with it.
    let serialized = app.recorder.is_some() || app.config.json_lines;
    if serialized {
        (record.body, record.body_encoding) = encode_body(&body, app.config.base64_body);
    }
    let mut line = serialized.then(|| to_line(&record));
    if let (Some(recorder), Some(bytes)) = (&app.recorder, &line)
        && let Err(e) = recorder.append_line(bytes)
    {
        let _ = app.tx.send(Event::RecordError {
            seq: record.seq,
            message: e.to_string(),
        });
        record.status = Some(500);
        line = app.config.json_lines.then(|| to_line(&record));
    }
    record.body = String::new();
    // An aborted client gets no answer it could read; 400 keeps hyper happy.
    let status = record.status.unwrap_or(400);
    let received = Box::new(Received {
        line: line.filter(|_| app.config.json_lines),
        record,
        body,
        verdict,
    });
    if !app.config.wait_for_output {
        let _ = app.tx.send(Event::Request(received, Ack::default()));
        return respond(status, forwarded_body);
    }
    // A consumer that is gone or gives up gets the sender to try again (503), never a 2xx for
    // output that does not exist.
    let (ack, written) = tokio::sync::oneshot::channel();
    if app
        .tx
        .send(Event::Request(received, Ack(Some(ack))))
        .is_err()
    {
        return busy();
    }
    tokio::select! {
        r = written => match r {
            Ok(()) => respond(status, forwarded_body),
            Err(_) => busy(),
        },
        _ = app.abandon.cancelled() => busy(),
    }
}

/// The status being built up and the notes explaining it.
#[derive(Default)]
struct Decision {
    status: Option<u16>,
    /// The client went away before the request was complete.
    aborted: bool,
    notes: Vec<String>,
}

impl Decision {
    fn reject(&mut self, status: u16, note: String) {
        self.status = Some(status);
        self.notes.push(note);
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    fn notes(&self) -> Option<String> {
        (!self.notes.is_empty()).then(|| self.notes.join("; "))
    }
}

fn respond(status: u16, forwarded: Option<(Option<HeaderValue>, Bytes)>) -> Response {
    let code = StatusCode::from_u16(status.max(100)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some((content_type, body)) = forwarded {
        let mut resp = Response::new(Body::from(body));
        *resp.status_mut() = code;
        if let Some(ct) = content_type {
            resp.headers_mut().insert(header::CONTENT_TYPE, ct);
        }
        return resp;
    }
    let json = [(header::CONTENT_TYPE, "application/json")];
    if code.is_success() {
        return (code, json, r#"{"received":true}"#).into_response();
    }
    let body = serde_json::json!({"error": code.canonical_reason().unwrap_or("error")});
    (code, json, body.to_string()).into_response()
}

fn check_token(headers: &[(String, String)], token: &Secret) -> TokenCheck {
    use subtle::ConstantTimeEq;
    let presented = headers.iter().find_map(|(k, v)| {
        if k.eq_ignore_ascii_case("x-openclaw-token") {
            Some(v.trim())
        } else if k.eq_ignore_ascii_case("authorization") {
            v.trim()
                .strip_prefix("Bearer ")
                .or_else(|| v.trim().strip_prefix("bearer "))
                .map(str::trim)
        } else {
            None
        }
    });
    match presented {
        None => TokenCheck::Missing,
        Some(p) if bool::from(p.as_bytes().ct_eq(token.expose().as_bytes())) => TokenCheck::Valid,
        Some(_) => TokenCheck::Invalid,
    }
}

/// Send the request on to the app, byte-exact, and bring back its answer.
async fn forward_request(
    client: &reqwest::Client,
    base: &url::Url,
    parts: &axum::http::request::Parts,
    body: &Bytes,
) -> (ForwardReport, Option<(Option<HeaderValue>, Bytes)>) {
    let mut headers = parts.headers.clone();
    // Hop-by-hop and routing headers are the transport's business, not the webhook's.
    for h in [
        header::HOST,
        header::CONTENT_LENGTH,
        header::CONNECTION,
        header::TRANSFER_ENCODING,
    ] {
        headers.remove(h);
    }
    let result = client
        .request(parts.method.clone(), base.clone())
        .headers(headers)
        .body(body.clone())
        .send()
        .await;
    let mut report = ForwardReport {
        url: crate::redact::url(base),
        status: None,
        error: None,
    };
    match result {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let content_type = resp.headers().get(header::CONTENT_TYPE).cloned();
            match resp.bytes().await {
                Ok(bytes) => {
                    report.status = Some(status);
                    (report, Some((content_type, bytes)))
                }
                Err(e) => {
                    report.error = Some(crate::delivery::classify(&e, base).message);
                    (report, None)
                }
            }
        }
        Err(e) => {
            report.error = Some(crate::delivery::classify(&e, base).message);
            (report, None)
        }
    }
}

/// Per-event statuses from `--respond` pairs.
pub fn respond_map(pairs: &[(String, u16)]) -> HashMap<String, u16> {
    pairs.iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_from_either_header() {
        let t = Secret::new("tok");
        let h = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(
            check_token(&h("Authorization", "Bearer tok"), &t),
            TokenCheck::Valid
        );
        assert_eq!(
            check_token(&h("x-openclaw-token", "tok"), &t),
            TokenCheck::Valid
        );
        assert_eq!(
            check_token(&h("Authorization", "Bearer nope"), &t),
            TokenCheck::Invalid
        );
        assert_eq!(
            check_token(&h("Authorization", "Basic tok"), &t),
            TokenCheck::Missing
        );
        assert_eq!(check_token(&[], &t), TokenCheck::Missing);
    }

    /// POST `body` to the receiver; the status code, or `None` if no answer came in time.
    async fn post(addr: SocketAddr, body: &'static str) -> Option<u16> {
        let client = reqwest::Client::new();
        let sent = client
            .post(format!("http://{addr}/h"))
            .header("content-type", "application/json")
            .body(body)
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        sent.ok().map(|r| r.status().as_u16())
    }

    #[tokio::test]
    async fn answers_wait_for_the_output_ack() {
        let config = Settings {
            wait_for_output: true,
            ..Default::default()
        };
        let (tx, mut rx) = mpsc::unbounded_channel();
        let server = start(([127, 0, 0, 1], 0).into(), config, tx).await.unwrap();
        let addr = server.addr;
        let answer = tokio::spawn(post(addr, r#"{"event":"a"}"#));
        let Some(Event::Request(r, ack)) = rx.recv().await else {
            panic!("expected a request")
        };
        assert_eq!(r.record.event.as_deref(), Some("a"));
        // Not answered while its output is not written.
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!answer.is_finished());
        ack.written();
        assert_eq!(answer.await.unwrap(), Some(200));

        // An ack dropped unsaid (the output failed): 503, so the sender retries.
        let answer = tokio::spawn(post(addr, r#"{"event":"b"}"#));
        let Some(Event::Request(_, ack)) = rx.recv().await else {
            panic!("expected a request")
        };
        drop(ack);
        assert_eq!(answer.await.unwrap(), Some(503));

        // Abandoned while waiting (the consumer gave up): 503 as well.
        let answer = tokio::spawn(post(addr, r#"{"event":"c"}"#));
        let Some(Event::Request(_, _ack)) = rx.recv().await else {
            panic!("expected a request")
        };
        server.abandon_handle().cancel();
        assert_eq!(answer.await.unwrap(), Some(503));
        server.shutdown(Duration::from_secs(5)).await.unwrap();
    }

    #[test]
    fn a_request_costs_its_declared_length_within_max_body() {
        let req = |len: Option<&str>| {
            let mut b = axum::http::Request::builder();
            if let Some(l) = len {
                b = b.header(header::CONTENT_LENGTH, l);
            }
            b.body(Body::empty()).unwrap()
        };
        let k = MIN_REQUEST_COST as u32;
        assert_eq!(request_cost(&req(Some("100")), 1 << 20), 100 + k);
        assert_eq!(
            request_cost(&req(Some("999999999")), 1 << 20),
            (1 << 20) + k
        );
        assert_eq!(request_cost(&req(None), 1 << 20), (1 << 20) + k);
        assert_eq!(request_cost(&req(Some("junk")), 1000), 1000 + k);
    }
}
