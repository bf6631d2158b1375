//! Reconnect backoff: doubling from an initial delay up to a cap, with jitter, reset after a
//! connection that stayed healthy long enough: a link that keeps failing is retried ever more
//! slowly, one that drops after a long healthy run is retried soon.

use std::time::{Duration, Instant};

/// The shortest wait after a refusal that needs a human (15 to 30 s with the jitter).
pub const SLOW_FLOOR: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
    healthy_after: Duration,
    failures: u32,
}

impl Backoff {
    pub fn new(initial: Duration, max: Duration, healthy_after: Duration) -> Self {
        Self {
            initial,
            max: max.max(initial),
            healthy_after,
            failures: 0,
        }
    }

    /// The delay before the next attempt: `initial * 2^failures` capped at `max`, drawn
    /// uniformly from its upper half ("equal jitter": never a tight loop, never in lockstep).
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = self
            .initial
            .saturating_mul(1u32 << self.failures.min(20))
            .min(self.max);
        self.failures = self.failures.saturating_add(1);
        let half = ceiling / 2;
        half + half.mul_f64(fastrand::f64())
    }

    /// A connection that was up since `since` ended: forget past failures if it was healthy.
    pub fn connection_ended(&mut self, since: Instant) {
        if since.elapsed() >= self.healthy_after {
            self.reset();
        }
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }

    /// The delay for failures a retry will not fix soon (bad token, wrong protocol): the cap,
    /// and never less than [`SLOW_FLOOR`], whatever the tuning.
    pub fn slow(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let half = self.max.max(SLOW_FLOOR) / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_with_jitter_up_to_the_cap_and_resets() {
        let mut b = Backoff::new(
            Duration::from_secs(1),
            Duration::from_secs(30),
            Duration::from_secs(60),
        );
        let first = b.next_delay();
        assert!(first >= Duration::from_millis(500) && first <= Duration::from_secs(1));
        let second = b.next_delay();
        assert!(second >= Duration::from_secs(1) && second <= Duration::from_secs(2));
        for _ in 0..10 {
            assert!(b.next_delay() <= Duration::from_secs(30));
        }
        b.reset();
        assert!(b.next_delay() <= Duration::from_secs(1));
    }

    #[test]
    fn a_short_connection_keeps_the_backoff() {
        let mut b = Backoff::new(
            Duration::from_secs(1),
            Duration::from_secs(30),
            Duration::from_secs(60),
        );
        b.next_delay();
        b.next_delay();
        b.connection_ended(Instant::now());
        assert!(b.next_delay() >= Duration::from_secs(2));
    }
}
