//! Duplicate detection: the same body bytes again is a retry of one delivery; the same event
//! and conversation id with different bytes is a second delivery about the same thing (what an
//! idempotent receiver keyed on `conversation_id` would wrongly drop, or double-process).

use std::collections::HashMap;
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

#[derive(Default)]
pub struct Tracker {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    by_body: HashMap<[u8; 32], (u64, u64)>,
    by_key: HashMap<(String, String), ([u8; 32], u64)>,
}

impl Tracker {
    pub fn observe(
        &self,
        seq: u64,
        body: &[u8],
        event: Option<&str>,
        conversation_id: Option<&str>,
    ) -> Seen {
        let digest: [u8; 32] = Sha256::digest(body).into();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let entry = inner.by_body.entry(digest).or_insert((seq, 0));
        entry.1 += 1;
        let (first, attempt) = *entry;
        let mut conflicts_with = None;
        if let (Some(e), Some(c)) = (event, conversation_id) {
            match inner.by_key.get(&(e.to_owned(), c.to_owned())) {
                Some((other, other_seq)) if *other != digest => conflicts_with = Some(*other_seq),
                Some(_) => {}
                None => {
                    inner
                        .by_key
                        .insert((e.to_owned(), c.to_owned()), (digest, seq));
                }
            }
        }
        Seen {
            attempt,
            duplicate_of: (first != seq).then_some(first),
            conflicts_with,
        }
    }
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
}
