//! The relay side: one WebSocket to the external relay (`webhook_url?uid=<uid>`), kept alive
//! forever.
//!
//! Everything the bridge writes goes through the [`Outbox`]: one writer task per connection
//! drains it, `progress` frames of one run are coalesced (the latest text wins), and frames
//! that are not progress stay queued while the relay is down and go out after reconnecting.
//! The reader hands every text frame to the engine and watches for silence: a ping goes out
//! every `ping_interval`, and a socket that stays silent (not even a pong) for
//! `idle_timeout` is treated as half-open and replaced.
//!
//! The socket takes frames up to [`socket_cap`] (16 x `max_message_bytes`, 16 MiB by default):
//! the engine answers a frame between the limit and the cap with an `error` frame (the frame is
//! read, answered and dropped: one at a time, never held), and a larger one is refused by the
//! socket before it is buffered: the bridge closes the connection with 1009 (message too big),
//! logs a warning and reconnects, so one peer cannot make it hold 64 MiB per frame.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio::sync::Notify;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Message, error::CapacityError};
use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

use super::backoff::Backoff;
use super::{Settings, Status, StatusSink};
use crate::sanitize::shown;

/// The relay socket's frame and message cap, as a multiple of `max_message_bytes`: a frame over
/// the limit (a client that does not know it) still reaches the engine and gets an `error`
/// frame naming the limit, which a client understands, where a closed socket would make it
/// send the same frame again after the reconnect. 16x (16 MiB by default) is read one frame
/// at a time and dropped once answered; beyond that it is not worth buffering to say so.
const SOCKET_CAP_FACTOR: usize = 16;

/// The largest frame (and message) the relay socket reads, for a `max_message_bytes` limit.
pub fn socket_cap(max_message_bytes: usize) -> usize {
    max_message_bytes.saturating_mul(SOCKET_CAP_FACTOR)
}

/// The relay socket's settings: the shared read buffer, and [`socket_cap`] on frames and
/// messages instead of tungstenite's 16 MiB and 64 MiB.
fn ws_config(
    max_message_bytes: usize,
) -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
    let cap = socket_cap(max_message_bytes);
    super::gateway::ws_config()
        .max_frame_size(Some(cap))
        .max_message_size(Some(cap))
}

/// The most frames queued while the relay is connected (it normally reads them at once).
const CONNECTED_BOUND: usize = 10_000;

/// One queued frame.
struct Out {
    text: String,
    /// `Some(run id)` for a progress frame, which a newer one for the same run replaces.
    progress_of: Option<String>,
}

struct OutboxState {
    queue: VecDeque<Out>,
    connected: bool,
    dropped: u64,
}

/// The bounded queue of frames for the relay.
pub struct Outbox {
    state: Mutex<OutboxState>,
    notify: Notify,
    limit: usize,
}

impl Outbox {
    pub fn new(limit: usize) -> Self {
        Self {
            state: Mutex::new(OutboxState {
                queue: VecDeque::new(),
                connected: false,
                dropped: 0,
            }),
            notify: Notify::new(),
            limit: limit.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, OutboxState> {
        super::lock(&self.state)
    }

    /// Queue a frame that must reach the relay (terminal frames, control answers). While the
    /// relay is down they wait; past the bound the oldest waiting frame is dropped, with a
    /// warning (only a relay down for a very long time with many runs finishing gets there).
    pub fn push(&self, text: String) {
        let mut s = self.lock();
        // While connected the writer keeps the queue short; a relay that stops reading (or a
        // peer flooding the bridge with frames it must answer) meets this hard bound instead
        // of growing memory without end.
        let bound = if s.connected {
            self.limit.max(CONNECTED_BOUND)
        } else {
            self.limit
        };
        if s.queue.len() >= bound {
            // Prefer dropping stale progress over a terminal frame.
            let victim = s
                .queue
                .iter()
                .position(|o| o.progress_of.is_some())
                .unwrap_or(0);
            s.queue.remove(victim);
            s.dropped += 1;
            warn!(
                limit = bound,
                dropped = s.dropped,
                "the outbound buffer is full (relay down or not reading): the oldest frame was dropped"
            );
        }
        s.queue.push_back(Out {
            text,
            progress_of: None,
        });
        drop(s);
        self.notify.notify_one();
    }

    /// Queue a progress frame for `run_id`, replacing one still waiting for the same run.
    /// Progress is dropped while the relay is down: the terminal frame carries the full text.
    pub fn push_progress(&self, run_id: &str, text: String) {
        let mut s = self.lock();
        if !s.connected {
            return;
        }
        if let Some(o) = s
            .queue
            .iter_mut()
            .rev()
            .find(|o| o.progress_of.as_deref() == Some(run_id))
        {
            o.text = text;
            return;
        }
        s.queue.push_back(Out {
            text,
            progress_of: Some(run_id.to_owned()),
        });
        drop(s);
        self.notify.notify_one();
    }

    /// Frames waiting to be written.
    pub fn len(&self) -> usize {
        self.lock().queue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn set_connected(&self, connected: bool) {
        let mut s = self.lock();
        s.connected = connected;
        if !connected {
            s.queue.retain(|o| o.progress_of.is_none());
        }
        drop(s);
        if connected {
            self.notify.notify_one();
        }
    }

    /// Wait for frames, then take up to `max` of them.
    async fn take(&self, max: usize) -> Vec<Out> {
        loop {
            {
                let mut s = self.lock();
                if s.connected && !s.queue.is_empty() {
                    let n = s.queue.len().min(max);
                    return s.queue.drain(..n).collect();
                }
            }
            self.notify.notified().await;
        }
    }

    /// Put frames that could not be written back at the front, in order.
    fn requeue(&self, frames: Vec<Out>) {
        let mut s = self.lock();
        for o in frames.into_iter().rev() {
            if o.progress_of.is_none() {
                s.queue.push_front(o);
            }
        }
    }
}

/// The relay URL with `uid=<uid>` set (replacing any `uid` already there).
pub fn relay_url(base: &url::Url, uid: &str) -> url::Url {
    let mut url = base.clone();
    let others: Vec<(String, String)> = base
        .query_pairs()
        .filter(|(k, _)| k != "uid")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.set_query(None);
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in &others {
            q.append_pair(k, v);
        }
        q.append_pair("uid", uid);
    }
    url
}

/// The relay URL for messages and logs: without the query (the uid is a bearer secret on a
/// shared relay) and with any user-info redacted (the one redaction rule).
pub fn display_url(base: &url::Url) -> String {
    let mut url = base.clone();
    url.set_query(None);
    crate::redact::url(&url)
}

/// Keep the relay connected until `shutdown`; every text frame read goes to `on_frame`.
pub async fn run<F>(
    settings: Arc<Settings>,
    outbox: Arc<Outbox>,
    status: StatusSink,
    shutdown: CancellationToken,
    on_frame: F,
) where
    F: Fn(&str) + Send + Sync + 'static,
{
    let t = &settings.tuning;
    let mut backoff = Backoff::new(t.backoff_initial, t.backoff_max, t.healthy_after);
    let url = relay_url(&settings.webhook_url, &settings.uid);
    let url_shown = display_url(&settings.webhook_url);
    loop {
        let connect = tokio::time::timeout(
            Duration::from_secs(15),
            tokio_tungstenite::connect_async_with_config(
                url.as_str(),
                Some(ws_config(t.max_message_bytes)),
                true,
            ),
        );
        let attempt = tokio::select! {
            r = connect => r,
            _ = shutdown.cancelled() => return,
        };
        let reason = match attempt {
            Err(_) => format!("connecting to the relay at {url_shown} timed out"),
            Ok(Err(e)) => format!("cannot connect to the relay at {url_shown}: {e}"),
            Ok(Ok((ws, _))) => {
                let since = Instant::now();
                debug!(url = %url_shown, "relay connected");
                let _ = status.send(Status::RelayConnected {
                    url: url_shown.clone(),
                });
                outbox.set_connected(true);
                let reason = serve(ws, &outbox, &settings, &shutdown, &on_frame).await;
                outbox.set_connected(false);
                backoff.connection_ended(since);
                match reason {
                    Some(r) => r,
                    None => return,
                }
            }
        };
        let delay = backoff.next_delay();
        debug!(reason = %shown(&reason), retry_in_ms = delay.as_millis() as u64, "relay disconnected");
        let _ = status.send(Status::RelayDisconnected {
            reason,
            retry_in_ms: delay.as_millis() as u64,
        });
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = shutdown.cancelled() => return,
        }
    }
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Serve one connection; `None` means shutdown, `Some(reason)` a lost connection.
async fn serve<F>(
    ws: Ws,
    outbox: &Arc<Outbox>,
    settings: &Settings,
    shutdown: &CancellationToken,
    on_frame: &F,
) -> Option<String>
where
    F: Fn(&str) + Send + Sync + 'static,
{
    let (sink, mut stream) = ws.split();
    let (ping_tx, ping_rx) = tokio::sync::mpsc::channel::<Message>(4);
    // Stop the writer, optionally after one last frame (the 1009 close).
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<Option<Message>>();
    // A write that cannot finish within this long means the socket is dead (half-open).
    let write_timeout = settings.tuning.idle_timeout.min(Duration::from_secs(10));
    let mut writer = tokio::spawn(write_loop(
        sink,
        Arc::clone(outbox),
        ping_rx,
        stop_rx,
        write_timeout,
    ));
    let mut writer_done = false;
    let mut closing: Option<Message> = None;
    let tuning = &settings.tuning;
    let mut last_rx = Instant::now();
    let mut next_ping = tokio::time::Instant::now() + tuning.ping_interval;
    let result = loop {
        let idle_at = tokio::time::Instant::from_std(last_rx + tuning.idle_timeout);
        tokio::select! {
            msg = stream.next() => {
                last_rx = Instant::now();
                if let Some(reason) = on_message(msg, on_frame, &mut closing) {
                    break Some(reason);
                }
            }
            _ = tokio::time::sleep_until(next_ping) => {
                next_ping += tuning.ping_interval;
                let _ = ping_tx.try_send(Message::Ping(Vec::new().into()));
            }
            _ = tokio::time::sleep_until(idle_at) => {
                break Some(format!("nothing from the relay for {} ms (half-open connection?)", tuning.idle_timeout.as_millis()));
            }
            reason = &mut writer => {
                writer_done = true;
                break Some(reason.unwrap_or_else(|_| "the relay writer stopped".to_owned()));
            }
            _ = shutdown.cancelled() => break None,
        }
    };
    if !writer_done {
        if result.is_none() {
            // Shutdown: runs still going are answering with an error frame right now; let
            // what is queued go out (bounded) before the socket closes.
            tokio::time::sleep(Duration::from_millis(50)).await;
            let deadline = Instant::now() + Duration::from_secs(2);
            while !outbox.is_empty() && !writer.is_finished() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        // Stop the writer between batches, so frames it took are written or put back, never
        // dropped; a write stuck on a dead socket gives up after `write_timeout`.
        let _ = stop_tx.send(closing);
        if tokio::time::timeout(write_timeout + Duration::from_secs(1), &mut writer)
            .await
            .is_err()
        {
            writer.abort();
        }
    }
    result
}

/// One read from the relay socket: a frame goes to `on_frame`; the end of the connection is
/// its reason (and for an oversized frame, the 1009 close to send in `closing`).
fn on_message<F>(
    msg: Option<Result<Message, tokio_tungstenite::tungstenite::Error>>,
    on_frame: &F,
    closing: &mut Option<Message>,
) -> Option<String>
where
    F: Fn(&str),
{
    match msg {
        None => Some("the relay closed the connection".to_owned()),
        Some(Err(tokio_tungstenite::tungstenite::Error::Capacity(
            CapacityError::MessageTooLong { size, max_size },
        ))) => {
            warn!(
                bytes = size,
                cap = max_size,
                "the relay sent a frame over the socket cap (16 x max_message_bytes): closing with 1009 and reconnecting"
            );
            *closing = Some(Message::Close(Some(CloseFrame {
                code: CloseCode::Size,
                reason: "frame too large".into(),
            })));
            Some(format!(
                "the relay sent a frame of {size} bytes, over the bridge's cap of {max_size} (16 x max_message_bytes); closed with 1009"
            ))
        }
        Some(Err(e)) => Some(format!("relay socket error: {e}")),
        Some(Ok(Message::Text(t))) => {
            on_frame(t.as_str());
            None
        }
        Some(Ok(Message::Binary(b))) => {
            match std::str::from_utf8(&b) {
                Ok(t) => on_frame(t),
                Err(_) => debug!(
                    bytes = b.len(),
                    "binary relay frame that is not UTF-8 ignored"
                ),
            }
            None
        }
        Some(Ok(Message::Close(frame))) => Some(match frame {
            Some(f) => format!(
                "the relay closed the connection ({} {})",
                u16::from(f.code),
                f.reason
            ),
            None => "the relay closed the connection".to_owned(),
        }),
        Some(Ok(_)) => None,
    }
}

/// The socket's writer: the outbox's frames in batches and the reader's pings, until told to
/// stop (after one last frame, if given) or a write fails; returns why it ended. A batch that
/// was not written whole goes back to the outbox.
async fn write_loop(
    mut sink: futures_util::stream::SplitSink<Ws, Message>,
    outbox: Arc<Outbox>,
    mut ping_rx: tokio::sync::mpsc::Receiver<Message>,
    mut stop_rx: tokio::sync::oneshot::Receiver<Option<Message>>,
    write_timeout: Duration,
) -> String {
    loop {
        tokio::select! {
            biased;
            last = &mut stop_rx => {
                if let Ok(Some(last)) = last {
                    let _ = tokio::time::timeout(write_timeout, sink.send(last)).await;
                }
                return "stopped".to_owned();
            }
            frames = outbox.take(64) => {
                let write = async {
                    for (i, o) in frames.iter().enumerate() {
                        sink.feed(Message::text(o.text.clone())).await.map_err(|e| (i, e))?;
                    }
                    // A failed flush may have written any part of the batch: send it all
                    // again (at least once beats never for terminal frames).
                    sink.flush().await.map_err(|e| (0, e))
                };
                match tokio::time::timeout(write_timeout, write).await {
                    Ok(Ok(())) => {}
                    Ok(Err((from, e))) => {
                        outbox.requeue(frames.into_iter().skip(from).collect());
                        return format!("writing to the relay: {e}");
                    }
                    Err(_) => {
                        outbox.requeue(frames);
                        return "writing to the relay timed out".to_owned();
                    }
                }
            }
            Some(ping) = ping_rx.recv() => {
                match tokio::time::timeout(write_timeout, sink.send(ping)).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => return format!("writing to the relay: {e}"),
                    Err(_) => return "writing to the relay timed out".to_owned(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_is_added_or_replaced() {
        let base: url::Url = "ws://h:1/ws".parse().unwrap();
        assert_eq!(relay_url(&base, "a b").as_str(), "ws://h:1/ws?uid=a+b");
        let base: url::Url = "ws://h:1/ws?x=1&uid=old".parse().unwrap();
        assert_eq!(relay_url(&base, "new").as_str(), "ws://h:1/ws?x=1&uid=new");
        assert_eq!(display_url(&base), "ws://h:1/ws");
        let secret: url::Url = "wss://me:pw@h/ws?uid=u".parse().unwrap();
        let shown = display_url(&secret);
        assert!(!shown.contains("pw") && !shown.contains("uid"), "{shown}");
    }

    #[test]
    fn a_relay_that_stops_reading_meets_a_hard_bound() {
        let outbox = Outbox::new(5);
        outbox.set_connected(true);
        for i in 0..CONNECTED_BOUND + 50 {
            outbox.push(format!("f{i}"));
        }
        assert_eq!(outbox.len(), CONNECTED_BOUND);
    }

    #[tokio::test]
    async fn progress_is_coalesced_and_terminal_frames_wait_for_the_relay() {
        let outbox = Outbox::new(2);
        outbox.push_progress("r1", "a".into()); // dropped: relay down
        outbox.push("t1".into());
        outbox.push("t2".into());
        outbox.push("t3".into()); // over the bound: t1 goes
        assert_eq!(outbox.len(), 2);
        outbox.set_connected(true);
        outbox.push_progress("r1", "p1".into());
        outbox.push_progress("r1", "p2".into());
        let taken: Vec<String> = outbox.take(10).await.into_iter().map(|o| o.text).collect();
        assert_eq!(taken, ["t2", "t3", "p2"]);
    }
}
