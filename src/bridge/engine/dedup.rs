//! De-duplication of user messages by id: a repeated id within the window is not run again;
//! while its first run is going it is dropped, after it, the first run's terminal frame is sent
//! again. Bounded in ids as well as in time.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What the de-duplication window says about a message id.
#[derive(Debug, PartialEq)]
pub(super) enum Seen {
    New,
    InFlight,
    /// Finished: its terminal frame (to send again).
    Done(Arc<str>),
}

/// Message ids seen within the window, bounded in number.
pub(super) struct Dedup {
    window: Duration,
    capacity: usize,
    entries: HashMap<String, (Instant, Option<Arc<str>>)>,
    order: VecDeque<(Instant, String)>,
}

impl Dedup {
    pub(super) fn new(window: Duration, capacity: usize) -> Self {
        Self {
            window,
            capacity: capacity.max(1),
            entries: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    fn expire(&mut self, now: Instant) {
        while let Some((at, _)) = self.order.front() {
            if now.duration_since(*at) < self.window && self.order.len() <= self.capacity {
                break;
            }
            let Some((at, id)) = self.order.pop_front() else {
                break;
            };
            if self.entries.get(&id).is_some_and(|(t, _)| *t == at) {
                self.entries.remove(&id);
            }
        }
    }

    /// Look `id` up; a new id is recorded as in flight.
    pub(super) fn check(&mut self, id: &str) -> Seen {
        let now = Instant::now();
        self.expire(now);
        match self.entries.get(id) {
            Some((_, None)) => Seen::InFlight,
            Some((_, Some(frame))) => Seen::Done(Arc::clone(frame)),
            None => {
                self.entries.insert(id.to_owned(), (now, None));
                self.order.push_back((now, id.to_owned()));
                Seen::New
            }
        }
    }

    /// The run of `id` ended with `frame` (none in the gateway format after a chat final).
    pub(super) fn done(&mut self, id: &str, frame: Option<String>) {
        match (self.entries.get_mut(id), frame) {
            (Some(entry), Some(frame)) => entry.1 = Some(frame.into()),
            (Some(_), None) => {
                self.entries.remove(id);
            }
            _ => {}
        }
    }

    pub(super) fn forget(&mut self, id: &str) {
        self.entries.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_tracks_in_flight_and_done_and_forgets_after_the_window() {
        let mut d = Dedup::new(Duration::from_secs(600), 3);
        assert_eq!(d.check("a"), Seen::New);
        assert_eq!(d.check("a"), Seen::InFlight);
        d.done("a", Some("frame".into()));
        assert_eq!(d.check("a"), Seen::Done("frame".into()));
        for id in ["b", "c", "d", "e"] {
            assert_eq!(d.check(id), Seen::New);
        }
        assert_eq!(d.check("a"), Seen::New, "evicted beyond the capacity");
        let mut d = Dedup::new(Duration::ZERO, 10);
        assert_eq!(d.check("x"), Seen::New);
        assert_eq!(d.check("x"), Seen::New, "outside the window");
    }
}
