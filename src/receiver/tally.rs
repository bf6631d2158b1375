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
    /// Requests whose sender hung up while ocw held the answer back (it counts them as failed).
    pub hung_up: u64,
    pub by_event: BTreeMap<String, u64>,
    /// Which requests failed a check, for the CI reason (not part of the summary line).
    #[serde(skip)]
    pub failed: Failures,
}

/// The first few requests that failed each check, so a CI reason can name them.
#[derive(Debug, Default)]
pub struct Failures {
    pub invalid_signature: Samples,
    pub no_signature: Samples,
    pub wrong_token: Samples,
    pub no_token: Samples,
}

/// How many requests, and the first [`Samples::KEPT`] of them as `#seq event`.
#[derive(Debug, Default)]
pub struct Samples {
    pub count: u64,
    pub first: Vec<String>,
}

impl Samples {
    /// Requests named in a reason at most; the rest are counted ("and 7 more").
    const KEPT: usize = 3;

    fn add(&mut self, seq: u64, event: Option<&str>) {
        self.count += 1;
        if self.first.len() < Self::KEPT {
            let event = crate::sanitize::shown(event.unwrap_or("(no event)")).to_string();
            self.first.push(format!("#{seq} {event}"));
        }
    }

    /// `1 request had an invalid signature (#2 message.sent)`; `None` when there were none.
    fn reason(&self, what: &str) -> Option<String> {
        if self.count == 0 {
            return None;
        }
        let more = self.count - self.first.len() as u64;
        let more = if more > 0 {
            format!(", and {more} more")
        } else {
            String::new()
        };
        Some(format!(
            "{} had {what} ({}{more})",
            count(self.count, "request", "requests"),
            self.first.join(", ")
        ))
    }
}

/// `1 request`, `3 requests`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
        let event = rec.event.as_deref();
        match rec.signature.status {
            SignatureStatus::Valid => self.valid += 1,
            SignatureStatus::Invalid => {
                self.invalid += 1;
                self.failed.invalid_signature.add(rec.seq, event);
            }
            SignatureStatus::Unsigned => {
                self.unsigned += 1;
                self.failed.no_signature.add(rec.seq, event);
            }
            SignatureStatus::Unchecked => {}
        }
        if rec.duplicate_of.is_some() {
            self.duplicates += 1;
        }
        match rec.token {
            Some(TokenCheck::Invalid) => {
                self.token_failures += 1;
                self.failed.wrong_token.add(rec.seq, event);
            }
            Some(TokenCheck::Missing) => {
                self.token_failures += 1;
                self.failed.no_token.add(rec.seq, event);
            }
            _ => {}
        }
        if !(200..300).contains(&status) {
            self.non_2xx += 1;
        }
        if rec.sender_hung_up_ms.is_some() {
            self.hung_up += 1;
        }
        // An OpenClaw cron delivery has no webhook event; it is counted under its own label.
        let label = match event {
            Some(e) => e,
            None if super::cron::finished(&r.body).is_some() => "(cron finished)",
            None => "(none)",
        };
        match self.by_event.get_mut(label) {
            Some(n) => *n += 1,
            None => {
                self.by_event.insert(label.to_owned(), 1);
            }
        }
    }

    /// `lead.qualified 2, message.sent 1`: what arrived, by event (the first few).
    pub fn events_line(&self, at_most: usize) -> String {
        let mut line = self
            .by_event
            .iter()
            .take(at_most)
            .map(|(e, n)| format!("{} {n}", crate::sanitize::shown(e)))
            .collect::<Vec<_>>()
            .join(", ");
        if self.by_event.len() > at_most {
            line.push_str(&format!(", and {} more", self.by_event.len() - at_most));
        }
        line
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

    /// The exit decision, with a one-line reason on failure: every condition that failed, each
    /// naming what failed.
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
        let mut failures = Vec::new();
        let missing = self.missing(stats);
        match missing.as_slice() {
            [] => {}
            [one] => failures.push(format!("expected event {one} did not arrive")),
            many => failures.push(format!(
                "{} expected events did not arrive: {}",
                many.len(),
                many.join(", ")
            )),
        }
        if let Some(n) = self.exit_after
            && stats.received < n
        {
            // An interruption is said by the caller, before the reason.
            let why = match (stop, self.timeout) {
                (Stop::Timeout, Some(t)) => {
                    format!("timed out after {}: ", humantime::format_duration(t))
                }
                (Stop::Signal, _) => String::new(),
                _ => "stopped: ".into(),
            };
            failures.push(format!(
                "{why}{} of {} arrived",
                stats.received,
                count(n, "request", "requests")
            ));
        }
        if checking {
            let f = &stats.failed;
            failures.extend(f.invalid_signature.reason("an invalid signature"));
            failures.extend(f.no_signature.reason("no signature"));
        }
        if token {
            let f = &stats.failed;
            failures.extend(f.wrong_token.reason("a wrong token"));
            failures.extend(f.no_token.reason("no token"));
        }
        if failures.is_empty() {
            return Ok(());
        }
        // What did arrive, when events were missing: the typo or the wrong sender shows here.
        if !missing.is_empty() {
            let arrived = match stats.received {
                0 => String::new(),
                _ => format!(": {}", stats.events_line(5)),
            };
            failures[0].push_str(&format!(
                " ({} received in {:.1} s{arrived})",
                count(stats.received, "request", "requests"),
                ran.as_secs_f64()
            ));
        }
        Err(failures.join("; "))
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
        assert_eq!(
            err,
            "expected event lead.qualified did not arrive (1 request received in 2.0 s: \
             message.sent 1)"
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
        assert_eq!(err, "timed out after 30s: 1 of 3 requests arrived");
        assert!(
            Expectations::new(None, &[], None)
                .verdict(&Tally::default(), Stop::Signal, true, true, Duration::ZERO)
                .is_ok()
        );
    }

    fn request(
        seq: u64,
        event: &str,
        signature: SignatureStatus,
        token: Option<TokenCheck>,
    ) -> Received {
        let mut rec = crate::receiver::record::RequestRecord {
            event: Some(event.into()),
            token,
            elapsed_ms: 0.1,
            ..crate::receiver::record::sample(seq)
        };
        rec.signature.status = signature;
        Received {
            record: rec,
            line: None,
            body: Default::default(),
            verdict: None,
        }
    }

    /// Singular and plural, and every failed check named with the requests that failed it.
    #[test]
    fn ci_reasons_are_grammatical_and_name_the_requests() {
        let ci = Expectations::new(Some(1), &[], None);
        let mut t = Tally::default();
        t.add(&request(
            1,
            "lead.qualified",
            SignatureStatus::Invalid,
            None,
        ));
        let reason = |t: &Tally| {
            ci.verdict(t, Stop::Done, true, true, Duration::ZERO)
                .unwrap_err()
        };
        assert_eq!(
            reason(&t),
            "1 request had an invalid signature (#1 lead.qualified)"
        );
        for seq in 2..=6 {
            t.add(&request(
                seq,
                "message.sent",
                SignatureStatus::Invalid,
                None,
            ));
        }
        t.add(&request(
            7,
            "message.received",
            SignatureStatus::Unsigned,
            Some(TokenCheck::Missing),
        ));
        t.add(&request(
            8,
            "lead.qualified",
            SignatureStatus::Valid,
            Some(TokenCheck::Invalid),
        ));
        assert_eq!(
            reason(&t),
            "6 requests had an invalid signature (#1 lead.qualified, #2 message.sent, \
             #3 message.sent, and 3 more); 1 request had no signature (#7 message.received); \
             1 request had a wrong token (#8 lead.qualified); 1 request had no token \
             (#7 message.received)"
        );

        let ci = Expectations::new(
            Some(1),
            &["a".into(), "b".into()],
            Some(Duration::from_secs(5)),
        );
        let err = ci
            .verdict(
                &Tally::default(),
                Stop::Timeout,
                false,
                false,
                Duration::from_secs(5),
            )
            .unwrap_err();
        assert_eq!(
            err,
            "2 expected events did not arrive: a, b (0 requests received in 5.0 s); \
             timed out after 5s: 0 of 1 request arrived"
        );
    }
}
