//! One WebSocket connection: the accept loop, the upgrade, the connection task (handshake, then
//! the read loop), the writer that adds per-connection `seq`s, and the health/tick timers.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::config::GatewayConfig;
use super::handshake::handshake;
use super::methods::handle_text;
use super::records::{CloseRecord, ConnectRecord};
use super::state::{ConnState, EventFrame, Inner, Out};
use super::util::now_ms;

pub(super) async fn accept_loop(listener: tokio::net::TcpListener, inner: Arc<Inner>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_conn(stream, Arc::clone(&inner)));
    }
}

pub(super) type Ws = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

pub(super) async fn send_close(ws: &mut Ws, code: u16, reason: &str) {
    let _ = ws
        .send(Message::Close(Some(CloseFrame {
            code: CloseCode::from(code),
            reason: reason.to_string().into(),
        })))
        .await;
    // Let the client answer the close, bounded.
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while let Some(Ok(_)) = ws.next().await {}
    })
    .await;
}

/// One client connection: the handshake, then frames both ways until either side closes.
async fn serve_conn(stream: tokio::net::TcpStream, inner: Arc<Inner>) {
    let Some((mut ws, uri, headers)) = accept(stream).await else {
        return;
    };
    let conn_id = inner.next_conn.fetch_add(1, Ordering::SeqCst);
    let cfg = inner.cfg();
    let record = ConnectRecord {
        conn_id,
        uri,
        headers,
        frame: None,
        outcome: "no-connect".into(),
        protocol: None,
        granted_scopes: Vec::new(),
        device_id: None,
        auth_method: None,
        at: Instant::now(),
    };
    let Some(scopes) = handshake(&mut ws, &inner, &cfg, record).await else {
        return;
    };

    let (tx, rx) = mpsc::unbounded_channel::<Out>();
    inner.state.lock().unwrap().conns.insert(
        conn_id,
        ConnState {
            tx: tx.clone(),
            authed: true,
            scopes,
        },
    );
    inner.bump();
    spawn_health_and_ticks(&inner, &cfg, &tx);
    drop(tx);

    let (close, mut source) = pump(ws, rx, &inner, conn_id).await;
    {
        let mut st = inner.state.lock().unwrap();
        st.conns.remove(&conn_id);
        st.closes.push(close);
    }
    inner.bump();
    // A close frame we sent: give the client a moment to answer, bounded.
    let _ = tokio::time::timeout(Duration::from_millis(500), async {
        while let Some(Ok(_)) = source.next().await {}
    })
    .await;
}

/// The WebSocket upgrade, with the request's URI and headers (names lowercased).
async fn accept(stream: tokio::net::TcpStream) -> Option<(Ws, String, Vec<(String, String)>)> {
    let mut upgrade: Option<(String, Vec<(String, String)>)> = None;
    #[allow(clippy::result_large_err)]
    let callback = |req: &Request, resp: Response| -> Result<Response, ErrorResponse> {
        upgrade = Some((
            req.uri().to_string(),
            super::util::header_pairs(req.headers()),
        ));
        Ok(resp)
    };
    let ws = match tokio::time::timeout(
        Duration::from_secs(10),
        tokio_tungstenite::accept_hdr_async(stream, callback),
    )
    .await
    {
        Ok(Ok(ws)) => ws,
        _ => return None,
    };
    let (uri, headers) = upgrade.unwrap_or_default();
    Some((ws, uri, headers))
}

/// A `health` event shortly after `hello-ok` and `tick`s every `tick_interval_ms`, as
/// configured.
fn spawn_health_and_ticks(
    inner: &Arc<Inner>,
    cfg: &GatewayConfig,
    tx: &mpsc::UnboundedSender<Out>,
) {
    if cfg.send_health {
        let tx = tx.clone();
        let inner = Arc::clone(inner);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            inner.queued.fetch_add(1, Ordering::Relaxed);
            let _ = tx.send(Out::Event(EventFrame::new(
                "health",
                &json!({"ok": true, "ts": now_ms(), "durationMs": 2, "defaultAgentId": "main"}),
            )));
        });
    }
    if cfg.send_ticks && cfg.tick_interval_ms > 0 {
        let tx = tx.clone();
        let every = Duration::from_millis(cfg.tick_interval_ms);
        let inner = Arc::clone(inner);
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(every);
            interval.tick().await;
            loop {
                interval.tick().await;
                if !inner.cfg().send_ticks {
                    continue;
                }
                let tick = EventFrame::new("tick", &json!({"ts": now_ms()}));
                inner.queued.fetch_add(1, Ordering::Relaxed);
                if tx.send(Out::Event(tick)).is_err() {
                    return;
                }
            }
        });
    }
}

/// Frames both ways until the connection ends: what the gateway queued for this connection is
/// written (each event with its per-connection `seq`), what the client sends is handled. The
/// close as recorded, and the read half (to drain after a close we sent).
async fn pump(
    ws: Ws,
    mut rx: mpsc::UnboundedReceiver<Out>,
    inner: &Arc<Inner>,
    conn_id: u64,
) -> (CloseRecord, futures_util::stream::SplitStream<Ws>) {
    let mut seq: u64 = 0;
    let (mut sink, mut source) = ws.split();
    let close: CloseRecord = loop {
        tokio::select! {
            out = rx.recv() => {
                if let Some(c) = write_batch(&mut sink, out, &mut rx, &mut seq, inner, conn_id).await {
                    break c;
                }
            }
            msg = source.next() => match msg {
                Some(Ok(Message::Text(t))) => {
                    handle_text(inner, conn_id, t.as_str());
                }
                Some(Ok(Message::Binary(b))) => {
                    handle_text(inner, conn_id, &String::from_utf8_lossy(&b));
                }
                Some(Ok(Message::Close(frame))) => {
                    let (code, reason) = frame
                        .map(|f| (Some(u16::from(f.code)), f.reason.as_str().to_string()))
                        .unwrap_or((None, String::new()));
                    break CloseRecord { conn_id, by_client: true, code, reason, at: Instant::now() };
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    break CloseRecord { conn_id, by_client: true, code: None,
                                        reason: e.to_string(), at: Instant::now() };
                }
                None => {
                    break CloseRecord { conn_id, by_client: true, code: None,
                                        reason: "eof".into(), at: Instant::now() };
                }
            }
        }
    };
    (close, source)
}

/// Write `first` and everything else already queued (at most 256 frames), then flush once.
/// `Some` when the connection ended (a close or drop was asked for, or a write failed).
async fn write_batch(
    sink: &mut futures_util::stream::SplitSink<Ws, Message>,
    first: Option<Out>,
    rx: &mut mpsc::UnboundedReceiver<Out>,
    seq: &mut u64,
    inner: &Inner,
    conn_id: u64,
) -> Option<CloseRecord> {
    let mut next = first;
    let mut batch = 0;
    loop {
        let msg = match next.take() {
            Some(Out::Text(t)) => Message::text(t),
            Some(Out::Event(ev)) => {
                *seq += 1;
                Message::text(ev.with_seq(*seq))
            }
            Some(Out::Close(code, reason)) => {
                let _ = sink.flush().await;
                let _ = sink
                    .send(Message::Close(Some(CloseFrame {
                        code: CloseCode::from(code),
                        reason: reason.clone().into(),
                    })))
                    .await;
                return Some(CloseRecord {
                    conn_id,
                    by_client: false,
                    code: Some(code),
                    reason,
                    at: Instant::now(),
                });
            }
            Some(Out::Drop) | None => {
                return Some(CloseRecord {
                    conn_id,
                    by_client: false,
                    code: None,
                    reason: "dropped".into(),
                    at: Instant::now(),
                });
            }
        };
        if sink.feed(msg).await.is_err() {
            return Some(CloseRecord {
                conn_id,
                by_client: true,
                code: None,
                reason: "write failed".into(),
                at: Instant::now(),
            });
        }
        inner.written.fetch_add(1, Ordering::Relaxed);
        batch += 1;
        if batch >= 256 {
            break;
        }
        match rx.try_recv() {
            Ok(o) => next = Some(o),
            Err(_) => break,
        }
    }
    if sink.flush().await.is_err() {
        return Some(CloseRecord {
            conn_id,
            by_client: true,
            code: None,
            reason: "write failed".into(),
            at: Instant::now(),
        });
    }
    None
}
