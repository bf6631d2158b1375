//! The inspector's history: the last requests (records and body bytes), bounded by count and by
//! body bytes, oldest evicted first, and the live feed the page listens to.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::receiver::record::{RequestRecord, SignatureStatus, encode_body};

/// Requests kept by default (`--ui-history`).
pub const DEFAULT_HISTORY: usize = 1000;
/// Body bytes kept by default, all requests together (`--ui-body-budget`).
pub const DEFAULT_BODY_BUDGET: usize = 64 * 1024 * 1024;
/// New requests waiting for a slow page before it is told to reload the list instead.
const FEED_QUEUE: usize = 256;

/// One request as the inspector keeps it.
#[derive(Debug)]
pub struct Entry {
    /// As built by the receiver (its `body` is empty: the bytes are in `body`).
    pub record: RequestRecord,
    pub body: Bytes,
    /// False when the body alone was over the byte budget: the record is kept, the bytes not.
    pub body_kept: bool,
}

/// A row of the live list.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    pub seq: u64,
    pub received_at: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub event: Option<&'a str>,
    pub verdict: SignatureStatus,
    pub duplicate_of: Option<u64>,
    pub conflicts_with: Option<u64>,
    pub attempt: u64,
    pub status: Option<u16>,
    pub body_bytes: usize,
    pub elapsed_ms: f64,
}

impl Entry {
    pub fn summary(&self) -> Summary<'_> {
        let r = &self.record;
        Summary {
            seq: r.seq,
            received_at: &r.received_at,
            method: &r.method,
            path: &r.path,
            event: r.event.as_deref(),
            verdict: r.signature.status,
            duplicate_of: r.duplicate_of,
            conflicts_with: r.conflicts_with,
            attempt: r.attempt,
            status: r.status,
            body_bytes: r.body_bytes,
            elapsed_ms: r.elapsed_ms,
        }
    }

    /// The detail view: the whole record, its body as in `--json` (text, or base64 when not
    /// UTF-8), and always base64 too (for the hex view).
    pub fn detail(&self, original_kept: bool) -> serde_json::Value {
        let mut v = serde_json::to_value(&self.record).unwrap_or_default();
        let (text, encoding) = encode_body(&self.body, false);
        let (b64, _) = encode_body(&self.body, true);
        if let Some(map) = v.as_object_mut() {
            map.insert("body".into(), text.into());
            map.insert(
                "body_encoding".into(),
                serde_json::to_value(encoding).unwrap_or_default(),
            );
            map.insert("body_base64".into(), b64.into());
            map.insert("body_kept".into(), self.body_kept.into());
            map.insert("original_kept".into(), original_kept.into());
        }
        v
    }
}

/// The bounded list of requests.
struct History {
    entries: VecDeque<Arc<Entry>>,
    bytes: usize,
    evicted: u64,
}

/// What the server and the listener share.
pub struct State {
    history: Mutex<History>,
    max_entries: usize,
    body_budget: usize,
    feed: broadcast::Sender<Arc<Entry>>,
}

impl State {
    pub fn new(max_entries: usize, body_budget: usize) -> Self {
        let (feed, _) = broadcast::channel(FEED_QUEUE);
        Self {
            history: Mutex::new(History {
                entries: VecDeque::new(),
                bytes: 0,
                evicted: 0,
            }),
            max_entries: max_entries.max(1),
            body_budget,
            feed,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, History> {
        self.history.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keep a request (evicting the oldest past either bound) and tell the open pages.
    pub fn push(&self, record: RequestRecord, body: Bytes) {
        let body_kept = body.len() <= self.body_budget;
        // A copy of its own: the received body is a slice of the connection's read buffer,
        // and keeping the slice would keep that whole buffer (and hyper from reusing it) for as
        // long as the entry lives.
        let body = if body_kept {
            Bytes::copy_from_slice(&body)
        } else {
            Bytes::new()
        };
        let entry = Arc::new(Entry {
            record,
            body,
            body_kept,
        });
        {
            let mut h = self.lock();
            h.bytes += entry.body.len();
            h.entries.push_back(Arc::clone(&entry));
            while h.entries.len() > self.max_entries || h.bytes > self.body_budget {
                let Some(old) = h.entries.pop_front() else {
                    break;
                };
                h.bytes -= old.body.len();
                h.evicted += 1;
            }
        }
        // No page open: nobody to tell.
        let _ = self.feed.send(entry);
    }

    /// Every request kept, oldest first, and how many were evicted.
    pub fn list(&self) -> (Vec<Arc<Entry>>, u64) {
        let h = self.lock();
        (h.entries.iter().cloned().collect(), h.evicted)
    }

    pub fn get(&self, seq: u64) -> Option<Arc<Entry>> {
        // Not sorted by seq (a held-back request is kept when its answer is decided), and small:
        // a scan from the newest.
        self.lock()
            .entries
            .iter()
            .rev()
            .find(|e| e.record.seq == seq)
            .cloned()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Entry>> {
        self.feed.subscribe()
    }

    pub fn limits(&self) -> (usize, usize) {
        (self.max_entries, self.body_budget)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(seq: u64, body_bytes: usize) -> RequestRecord {
        RequestRecord {
            body_bytes,
            ..crate::receiver::record::sample(seq)
        }
    }

    fn push(s: &State, seq: u64, n: usize) {
        s.push(record(seq, n), Bytes::from(vec![b'x'; n]));
    }

    fn seqs(s: &State) -> Vec<u64> {
        s.list().0.iter().map(|e| e.record.seq).collect()
    }

    #[test]
    fn oldest_go_first_past_the_count_or_the_bytes() {
        let s = State::new(3, 100);
        for seq in 1..=4 {
            push(&s, seq, 10);
        }
        assert_eq!(seqs(&s), [2, 3, 4]);
        push(&s, 5, 85);
        assert_eq!(seqs(&s), [4, 5], "10 + 85 fit, 10 + 10 + 85 do not");
        assert_eq!(s.list().1, 3);
        push(&s, 6, 101);
        assert_eq!(seqs(&s), [4, 5, 6], "a body over the budget is not kept");
        assert!(!s.get(6).unwrap().body_kept);
        assert!(s.get(6).unwrap().body.is_empty());
        assert!(s.get(1).is_none());
    }

    #[test]
    fn open_pages_hear_of_each_request() {
        let s = State::new(10, 100);
        let mut rx = s.subscribe();
        push(&s, 7, 1);
        assert_eq!(rx.try_recv().unwrap().record.seq, 7);
    }
}
