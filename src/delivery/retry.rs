//! OpenClaw's delivery retry policy, played on a clock that can be sped up.
//!
//! Attempt 1 goes at once. A failed attempt (non-2xx, connection error, or no answer within the
//! timeout) is followed by a retry after 30 s, then 5 min, then 30 min (docs/webhook-contract.md, section 3);
//! after the last failure the delivery is marked failed. `speed` divides every delay, so CI can
//! play the whole policy in seconds; the per-attempt timeout is *not* scaled, because it is a
//! property of the endpoint under test, not of the schedule.
//!
//! Waits are measured from the end of the failed attempt, on tokio's clock, so tests run the
//! real schedule under a paused clock in no time.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use super::{DeliveryError, ErrorKind, Outcome};

/// The article's schedule: 1st retry after 30 s, 2nd after 5 min, 3rd after 30 min.
pub const DEFAULT_SCHEDULE: [Duration; 3] = [
    Duration::from_secs(30),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
];

/// Over this long, a handler counts as failed (the article's limit).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct Policy {
    /// Delay before each retry, in policy time.
    pub schedule: Vec<Duration>,
    /// Divides every delay (1 = real time).
    pub speed: f64,
    /// How long one attempt may take, in real time.
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            schedule: DEFAULT_SCHEDULE.to_vec(),
            speed: 1.0,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

impl Policy {
    /// Attempts in all: the first plus one per scheduled retry.
    pub fn max_attempts(&self) -> u32 {
        self.schedule.len() as u32 + 1
    }

    /// The real wait before retry `n` (1-based), i.e. the policy delay divided by the speed.
    pub fn real_delay(&self, retry: usize) -> Duration {
        self.schedule[retry - 1].div_f64(self.speed)
    }

    /// Policy time of attempt `k` (1-based) relative to attempt 1: the sum of the delays
    /// before it (`+30s`, `+5m30s`, `+35m30s` for the default schedule).
    pub fn policy_offset(&self, attempt: u32) -> Duration {
        self.schedule.iter().take(attempt as usize - 1).sum()
    }
}

/// One attempt as it happened.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub number: u32,
    /// When the policy says this attempt happens, relative to attempt 1.
    pub policy_offset: Duration,
    /// When it really started, relative to attempt 1.
    pub real_offset: Duration,
    /// For a retry: the wait the (scaled) schedule asked for, and the wait measured.
    pub waited: Option<(Duration, Duration)>,
    pub outcome: Outcome,
}

/// What the caller is told as the play goes on.
#[derive(Debug)]
pub enum Step<'a> {
    /// About to wait before attempt `next`; `until` is the real deadline.
    Waiting {
        next: u32,
        policy_delay: Duration,
        real_delay: Duration,
        until: Instant,
    },
    Attempted(&'a Attempt),
}

/// How the delivery ended.
#[derive(Debug, Clone)]
pub struct Conclusion {
    pub delivered: bool,
    /// Attempts made (the successful one included).
    pub attempts: u32,
    pub history: Vec<Attempt>,
}

/// Play the policy: call `attempt(k)` for k = 1, 2, ... until one succeeds or the schedule is
/// exhausted, waiting the scaled delays in between. Each attempt is bounded by the policy's
/// timeout; `observe` hears every step.
pub async fn play<F, Fut, O>(policy: &Policy, mut attempt: F, mut observe: O) -> Conclusion
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Outcome>,
    O: FnMut(Step<'_>),
{
    let start = Instant::now();
    let mut history = Vec::with_capacity(policy.max_attempts() as usize);
    for number in 1..=policy.max_attempts() {
        let mut waited = None;
        if number > 1 {
            let real_delay = policy.real_delay(number as usize - 1);
            let began = Instant::now();
            let until = began + real_delay;
            observe(Step::Waiting {
                next: number,
                policy_delay: policy.schedule[number as usize - 2],
                real_delay,
                until,
            });
            tokio::time::sleep_until(until).await;
            waited = Some((real_delay, began.elapsed()));
        }
        let real_offset = start.elapsed();
        let attempt_start = Instant::now();
        let outcome = match tokio::time::timeout(policy.timeout, attempt(number)).await {
            Ok(outcome) => outcome,
            Err(_) => Outcome {
                latency: attempt_start.elapsed(),
                result: Err(DeliveryError {
                    kind: ErrorKind::Timeout,
                    message: format!(
                        "no answer within {} (counts as failed)",
                        humantime::format_duration(policy.timeout)
                    ),
                    hint: None,
                }),
            },
        };
        let record = Attempt {
            number,
            policy_offset: policy.policy_offset(number),
            real_offset,
            waited,
            outcome,
        };
        observe(Step::Attempted(&record));
        let success = record.outcome.is_success();
        history.push(record);
        if success {
            return Conclusion {
                delivered: true,
                attempts: number,
                history,
            };
        }
    }
    Conclusion {
        delivered: false,
        attempts: policy.max_attempts(),
        history,
    }
}

/// Deliver attempt `k` of `request`: the same bytes and signature every time, plus the
/// informational `x-ocw-attempt` header. The future owns what it needs.
pub fn attempt(
    client: &reqwest::Client,
    request: &super::Request,
    attempt: u32,
) -> impl std::future::Future<Output = super::Outcome> + Send + 'static {
    let client = client.clone();
    let req = numbered(request, attempt);
    async move { super::deliver(&client, &req, true).await }
}

/// `request` as attempt `k` sends it: with `x-ocw-attempt: K` (what `send --retry --dry-run`
/// shows for the first attempt).
pub fn numbered(request: &super::Request, attempt: u32) -> super::Request {
    let mut req = request.clone();
    req.headers
        .insert("x-ocw-attempt", reqwest::header::HeaderValue::from(attempt));
    req
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::Response;
    use std::sync::{Arc, Mutex};

    fn ok(status: u16) -> Outcome {
        Outcome {
            latency: Duration::from_millis(1),
            result: Ok(Response {
                status: reqwest::StatusCode::from_u16(status).unwrap(),
                content_type: None,
                body: Default::default(),
                truncated: false,
            }),
        }
    }

    /// Play with an endpoint that fails the first `fails` attempts, recording when (on the
    /// paused clock) each attempt started.
    async fn play_failing(policy: &Policy, fails: u32) -> (Conclusion, Vec<Duration>) {
        let start = Instant::now();
        let times = Arc::new(Mutex::new(Vec::new()));
        let t = Arc::clone(&times);
        let verdict = play(
            policy,
            move |k| {
                t.lock().unwrap().push(start.elapsed());
                async move { if k <= fails { ok(500) } else { ok(200) } }
            },
            |_| {},
        )
        .await;
        let times = times.lock().unwrap().clone();
        (verdict, times)
    }

    #[tokio::test(start_paused = true)]
    async fn exact_policy_times_and_final_failure() {
        let (v, times) = play_failing(&Policy::default(), 99).await;
        assert!(!v.delivered);
        assert_eq!(v.attempts, 4);
        let s = Duration::from_secs;
        assert_eq!(times, vec![s(0), s(30), s(330), s(2130)]);
        assert_eq!(v.history[3].policy_offset, s(2130));
        for a in &v.history[1..] {
            let (asked, got) = a.waited.unwrap();
            assert_eq!(asked, got);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn success_on_each_attempt_number() {
        for k in 1..=4u32 {
            let (v, times) = play_failing(&Policy::default(), k - 1).await;
            assert!(v.delivered, "attempt {k}");
            assert_eq!(v.attempts, k);
            assert_eq!(times.len(), k as usize);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn speed_scales_waits_not_policy_times() {
        let policy = Policy {
            speed: 100.0,
            ..Default::default()
        };
        let (v, times) = play_failing(&policy, 99).await;
        let ms = Duration::from_millis;
        assert_eq!(times, vec![ms(0), ms(300), ms(3300), ms(21300)]);
        assert_eq!(v.history[1].policy_offset, Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn slow_attempt_times_out_and_counts_as_failed() {
        let policy = Policy {
            schedule: vec![Duration::from_secs(1)],
            speed: 1.0,
            timeout: Duration::from_secs(5),
        };
        let start = Instant::now();
        let v = play(
            &policy,
            |k| async move {
                if k == 1 {
                    tokio::time::sleep(Duration::from_secs(6)).await;
                }
                ok(200)
            },
            |_| {},
        )
        .await;
        assert!(v.delivered);
        assert_eq!(v.attempts, 2);
        let first = v.history[0].outcome.result.as_ref().unwrap_err();
        assert_eq!(first.kind, ErrorKind::Timeout);
        // 5 s timeout, then the 1 s wait.
        assert_eq!(v.history[1].real_offset, Duration::from_secs(6));
        assert_eq!(start.elapsed(), Duration::from_secs(6));
    }

    #[tokio::test(start_paused = true)]
    async fn observer_sees_waits_and_attempts_in_order() {
        let mut seen = Vec::new();
        let policy = Policy {
            schedule: vec![Duration::from_secs(2), Duration::from_secs(4)],
            ..Default::default()
        };
        play(
            &policy,
            |_| async { ok(503) },
            |step| {
                seen.push(match step {
                    Step::Waiting { next, .. } => format!("wait {next}"),
                    Step::Attempted(a) => format!("attempt {}", a.number),
                })
            },
        )
        .await;
        assert_eq!(
            seen,
            ["attempt 1", "wait 2", "attempt 2", "wait 3", "attempt 3"]
        );
    }
}
