//! Scripted answers, for testing senders: a fixed status, a delay, the first N attempts of each
//! delivery failing, a random failure rate (seeded for repeatability), per-event statuses.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// What the user scripted. The default answers 200 at once.
#[derive(Debug, Clone)]
pub struct Script {
    pub status: u16,
    pub delay: Option<Duration>,
    pub fail_first: u32,
    pub fail_rate: Option<f64>,
    pub seed: Option<u64>,
    pub respond: HashMap<String, u16>,
}

impl Default for Script {
    fn default() -> Self {
        Self {
            status: 200,
            delay: None,
            fail_first: 0,
            fail_rate: None,
            seed: None,
            respond: HashMap::new(),
        }
    }
}

/// Why a scripted answer was chosen, for the request's note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub status: u16,
    pub note: Option<String>,
}

/// The script plus its random state.
pub struct Scripter {
    script: Script,
    rng: Mutex<fastrand::Rng>,
}

impl Scripter {
    pub fn new(script: Script) -> Self {
        let rng = match script.seed {
            Some(seed) => fastrand::Rng::with_seed(seed),
            None => fastrand::Rng::new(),
        };
        Self {
            script,
            rng: Mutex::new(rng),
        }
    }

    pub fn delay(&self) -> Option<Duration> {
        self.script.delay
    }

    /// A scripted failure or per-event status, if one applies to this attempt; `None` means
    /// "answer normally" (forward, or the default status).
    pub fn decide(&self, attempt: u64, event: Option<&str>) -> Option<Decision> {
        if attempt <= u64::from(self.script.fail_first) {
            return Some(Decision {
                status: 500,
                note: Some(format!(
                    "scripted failure: attempt {attempt} of the first {} (--fail-first)",
                    self.script.fail_first
                )),
            });
        }
        if let Some(p) = self.script.fail_rate {
            // Draw for every request, so a seeded run gives the same sequence of answers.
            let roll = self.rng.lock().unwrap_or_else(|e| e.into_inner()).f64();
            if roll < p {
                return Some(Decision {
                    status: 500,
                    note: Some(format!("scripted failure (--fail-rate {p})")),
                });
            }
        }
        if let Some(code) = event.and_then(|e| self.script.respond.get(e)) {
            return Some(Decision {
                status: *code,
                note: Some(format!("scripted --respond {}={code}", event.unwrap_or(""))),
            });
        }
        None
    }

    pub fn default_status(&self) -> u16 {
        self.script.status
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_first_then_normal() {
        let s = Scripter::new(Script {
            fail_first: 2,
            ..Default::default()
        });
        assert_eq!(s.decide(1, None).unwrap().status, 500);
        assert_eq!(s.decide(2, None).unwrap().status, 500);
        assert_eq!(s.decide(3, None), None);
    }

    #[test]
    fn seeded_fail_rate_repeats() {
        let run = || {
            let s = Scripter::new(Script {
                fail_rate: Some(0.5),
                seed: Some(7),
                ..Default::default()
            });
            (0..32)
                .map(|_| s.decide(1, None).is_some())
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        assert!(a.iter().any(|f| *f) && a.iter().any(|f| !*f));
    }

    #[test]
    fn per_event_status() {
        let s = Scripter::new(Script {
            respond: [("lead.qualified".to_string(), 202)].into(),
            ..Default::default()
        });
        assert_eq!(s.decide(1, Some("lead.qualified")).unwrap().status, 202);
        assert_eq!(s.decide(1, Some("message.sent")), None);
    }
}
