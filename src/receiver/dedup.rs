//! Duplicate detection: the same body bytes again is a retry of one delivery; the same event
//! and conversation id with different bytes is a second delivery about the same thing (what an
//! idempotent receiver keyed on `conversation_id` would wrongly drop, or double-process).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// What the tracker knows about one arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// How many times these exact bytes have arrived, this one included.
    pub attempt: u64,
    /// The first request with identical bytes, when this is a repeat.
    pub duplicate_of: Option<u64>,
    /// An earlier request with the same event and conversation id but other bytes.
    pub conflicts_with: Option<u64>,
}

impl Seen {
    /// A request that is the first of its kind (or one that takes no part in the comparison).
    pub fn first() -> Seen {
        Seen {
            attempt: 1,
            duplicate_of: None,
            conflicts_with: None,
        }
    }
}

/// How many distinct bodies (and event/conversation pairs) are remembered. A listener left
/// running for days must not grow without bound; the oldest entries are forgotten first, so a
/// retry is still recognised unless 100,000 other deliveries arrived in between.
pub const REMEMBERED: usize = 100_000;

pub struct Tracker {
    inner: Mutex<Inner>,
    capacity: usize,
}

impl Default for Tracker {
    fn default() -> Self {
        Self::with_capacity(REMEMBERED)
    }
}

#[derive(Default)]
struct Inner {
    /// Body digest → (first seq, attempts so far).
    by_body: HashMap<[u8; 32], (u64, u64)>,
    body_order: VecDeque<[u8; 32]>,
    /// Digest of (event, conversation id) → (body digest, seq) of the first such request.
    by_key: HashMap<[u8; 32], ([u8; 32], u64)>,
    key_order: VecDeque<[u8; 32]>,
}

impl Tracker {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            inner: Mutex::default(),
            capacity: capacity.max(1),
        }
    }

    pub fn observe(
        &self,
        seq: u64,
        body: &[u8],
        event: Option<&str>,
        conversation_id: Option<&str>,
    ) -> Seen {
        let digest: [u8; 32] = Sha256::digest(body).into();
        // A digest of the pair, so lookups need no owned strings; the separator keeps
        // ("a.b", "c") and ("a", "b.c") apart.
        let key: Option<[u8; 32]> = event.zip(conversation_id).map(|(e, c)| {
            let mut h = Sha256::new();
            h.update(e.as_bytes());
            h.update([0]);
            h.update(c.as_bytes());
            h.finalize().into()
        });
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let inner = &mut *inner;
        let (first, attempt) = match inner.by_body.get_mut(&digest) {
            Some(entry) => {
                entry.1 += 1;
                *entry
            }
            None => {
                remember(
                    &mut inner.by_body,
                    &mut inner.body_order,
                    digest,
                    (seq, 1),
                    self.capacity,
                );
                (seq, 1)
            }
        };
        let mut conflicts_with = None;
        if let Some(key) = key {
            match inner.by_key.get(&key) {
                Some((other, other_seq)) if *other != digest => conflicts_with = Some(*other_seq),
                Some(_) => {}
                None => remember(
                    &mut inner.by_key,
                    &mut inner.key_order,
                    key,
                    (digest, seq),
                    self.capacity,
                ),
            }
        }
        Seen {
            attempt,
            duplicate_of: (first != seq).then_some(first),
            conflicts_with,
        }
    }
}

/// Insert, forgetting the oldest entry once `capacity` is reached.
fn remember<V>(
    map: &mut HashMap<[u8; 32], V>,
    order: &mut VecDeque<[u8; 32]>,
    key: [u8; 32],
    value: V,
    capacity: usize,
) {
    if order.len() >= capacity
        && let Some(oldest) = order.pop_front()
    {
        map.remove(&oldest);
    }
    map.insert(key, value);
    order.push_back(key);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_and_conflicts() {
        let t = Tracker::default();
        let a = t.observe(1, b"A", Some("e"), Some("c"));
        assert_eq!(
            a,
            Seen {
                attempt: 1,
                duplicate_of: None,
                conflicts_with: None
            }
        );
        let a2 = t.observe(2, b"A", Some("e"), Some("c"));
        assert_eq!(
            a2,
            Seen {
                attempt: 2,
                duplicate_of: Some(1),
                conflicts_with: None
            }
        );
        let b = t.observe(3, b"B", Some("e"), Some("c"));
        assert_eq!(
            b,
            Seen {
                attempt: 1,
                duplicate_of: None,
                conflicts_with: Some(1)
            }
        );
        let other = t.observe(4, b"C", Some("e"), Some("other"));
        assert_eq!(other.conflicts_with, None);
    }

    #[test]
    fn memory_is_bounded_and_oldest_forgotten_first() {
        let t = Tracker::with_capacity(2);
        t.observe(1, b"A", None, None);
        t.observe(2, b"B", None, None);
        assert_eq!(t.observe(3, b"B", None, None).duplicate_of, Some(2));
        t.observe(4, b"C", None, None);
        // A was the oldest: forgotten, so it counts as new again.
        assert_eq!(t.observe(5, b"A", None, None).duplicate_of, None);
        let inner = t.inner.lock().unwrap();
        assert!(inner.by_body.len() <= 2 && inner.body_order.len() <= 2);
    }
}
