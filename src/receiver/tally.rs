//! What a listener tallies from the requests it reports, and its CI-mode decision: stop when
//! N requests or every expected event arrived, and exit 0 or 1 with a one-line reason.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde::Serialize;

use super::Received;
use super::record::{SignatureStatus, TokenCheck};

/// Why the listener stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The CI condition (exit-after / all expected events) was met.
    Done,
    Timeout,
    Signal,
    Closed,
}

/// Running counts, also the `--json` summary line.
#[derive(Debug, Default, Serialize, schemars::JsonSchema)]
pub struct Tally {
    pub received: u64,
    pub valid: u64,
    pub invalid: u64,
    pub unsigned: u64,
    pub duplicates: u64,
    pub token_failures: u64,
    pub non_2xx: u64,
    /// Requests whose client left before the body was complete (not counted as received).
    pub aborted: u64,
    pub by_event: BTreeMap<String, u64>,
}

impl Tally {
    /// Count one request the receiver reported.
    pub fn add(&mut self, r: &Received) {
        let rec = &r.record;
        let Some(status) = rec.status else {
            // Cut off before the request was complete: shown, but not a webhook received.
            self.aborted += 1;
            return;
        };
        self.received += 1;
        match rec.signature.status {
            SignatureStatus::Valid => self.valid += 1,
            SignatureStatus::Invalid => self.invalid += 1,
            SignatureStatus::Unsigned => self.unsigned += 1,
            SignatureStatus::Unchecked => {}
        }
        if rec.duplicate_of.is_some() {
            self.duplicates += 1;
        }
        if matches!(rec.token, Some(TokenCheck::Invalid | TokenCheck::Missing)) {
            self.token_failures += 1;
        }
        if !(200..300).contains(&status) {
            self.non_2xx += 1;
        }
        let event = rec.event.clone().unwrap_or_else(|| "(none)".into());
        *self.by_event.entry(event).or_default() += 1;
    }
}

/// The CI-mode conditions (`--exit-after`, `--expect`, `--timeout`) and the exit decision.
pub struct Expectations {
    pub enabled: bool,
    exit_after: Option<u64>,
    expect: BTreeSet<String>,
    timeout: Option<Duration>,
}

impl Expectations {
    /// CI mode is on when any of the three is given.
    pub fn new(exit_after: Option<u64>, expect: &[String], timeout: Option<Duration>) -> Self {
        Self {
            enabled: exit_after.is_some() || !expect.is_empty() || timeout.is_some(),
            exit_after,
            expect: expect.iter().cloned().collect(),
            timeout,
        }
    }

    fn missing(&self, stats: &Tally) -> Vec<String> {
        self.expect
            .iter()
            .filter(|e| !stats.by_event.contains_key(*e))
            .cloned()
            .collect()
    }

    /// Whether to stop now: N requests arrived, or (without --exit-after) every expected event.
    pub fn done(&self, stats: &Tally) -> bool {
        match self.exit_after {
            Some(n) => stats.received >= n,
            None => !self.expect.is_empty() && self.missing(stats).is_empty(),
        }
    }

    /// The exit decision, with a one-line reason on failure.
    pub fn verdict(
        &self,
        stats: &Tally,
        stop: Stop,
        checking: bool,
        token: bool,
        ran: Duration,
    ) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        let missing = self.missing(stats);
        if !missing.is_empty() {
            return Err(format!(
                "expected events did not arrive: {} ({} requests received in {:.1} s)",
                missing.join(", "),
                stats.received,
                ran.as_secs_f64()
            ));
        }
        if let Some(n) = self.exit_after
            && stats.received < n
        {
            let why = match (stop, self.timeout) {
                (Stop::Timeout, Some(t)) => {
                    format!("timeout after {}", humantime::format_duration(t))
                }
                _ => "stopped".into(),
            };
            return Err(format!("{why}: {} of {n} requests arrived", stats.received));
        }
        if checking && stats.invalid + stats.unsigned > 0 {
            return Err(format!(
                "{} request(s) had an invalid signature and {} none",
                stats.invalid, stats.unsigned
            ));
        }
        if token && stats.token_failures > 0 {
            return Err(format!(
                "{} request(s) had a missing or wrong token",
                stats.token_failures
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(events: &[&str]) -> Tally {
        let mut t = Tally::default();
        for e in events {
            t.received += 1;
            *t.by_event.entry((*e).to_owned()).or_default() += 1;
        }
        t
    }

    #[test]
    fn expected_events_decide_when_to_stop_and_how_to_exit() {
        let ci = Expectations::new(None, &["lead.qualified".into()], None);
        assert!(ci.enabled);
        assert!(!ci.done(&tally(&["message.sent"])));
        assert!(ci.done(&tally(&["lead.qualified"])));
        let err = ci
            .verdict(
                &tally(&["message.sent"]),
                Stop::Signal,
                false,
                false,
                Duration::from_secs(2),
            )
            .unwrap_err();
        assert!(
            err.starts_with("expected events did not arrive: lead.qualified"),
            "{err}"
        );
    }

    #[test]
    fn exit_after_counts_requests_and_names_the_timeout() {
        let ci = Expectations::new(Some(3), &[], Some(Duration::from_secs(30)));
        assert!(!ci.done(&tally(&["a", "b"])));
        assert!(ci.done(&tally(&["a", "b", "c"])));
        let err = ci
            .verdict(
                &tally(&["a"]),
                Stop::Timeout,
                false,
                false,
                Duration::from_secs(30),
            )
            .unwrap_err();
        assert_eq!(err, "timeout after 30s: 1 of 3 requests arrived");
        assert!(
            Expectations::new(None, &[], None)
                .verdict(&Tally::default(), Stop::Signal, true, true, Duration::ZERO)
                .is_ok()
        );
    }
}
