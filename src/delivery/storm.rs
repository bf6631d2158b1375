//! Webhook storms: N deliveries with C in flight, and the statistics a load tool reports.
//!
//! Workers pull the next index from a shared counter (no per-request task spawn, no channel),
//! each keeps its own latency list, and the lists are merged at the end. For `http://` each
//! worker owns one kept-alive connection ([`super::conn`]); `https://` goes through the shared
//! reqwest client. The request for index
//! `i` is built by the caller's closure, so every delivery can carry its own conversation id
//! and signature.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use serde::Serialize;

use super::conn::{Destination, Slot};
use super::{ErrorKind, Outcome, Request, deliver};

/// What a storm reports once it is over.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Summary {
    pub sent: u64,
    pub success: u64,
    pub non_success: u64,
    /// Status code → count, for non-2xx answers.
    pub statuses: BTreeMap<u16, u64>,
    pub errors: BTreeMap<ErrorKind, u64>,
    /// Seconds.
    #[serde(serialize_with = "secs")]
    #[schemars(with = "f64")]
    pub elapsed: Duration,
    pub requests_per_sec: f64,
    pub latency: Latency,
}

/// Latency percentiles over every delivery that got an HTTP answer.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Latency {
    pub min_ms: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
    /// (upper bound in ms, count) for a small terminal histogram.
    pub histogram: Vec<(f64, u64)>,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// How a storm is run.
pub struct Plan {
    /// The endpoint every request goes to.
    pub url: url::Url,
    pub count: u64,
    pub concurrency: u64,
    /// Per delivery, connection included.
    pub timeout: Duration,
    /// Cancelled: start no new deliveries; those in flight finish and are counted.
    pub stop: tokio_util::sync::CancellationToken,
}

/// Run `count` deliveries, `concurrency` at a time. `build(i)` makes delivery `i` and a tag of
/// the caller's (e.g. its conversation id); `on_done` sees every outcome with its tag as it
/// arrives (for `--json` lines); the progress bar advances per delivery.
pub async fn run<B, F, T>(
    client: reqwest::Client,
    plan: Plan,
    build: B,
    on_done: F,
    progress: ProgressBar,
) -> Summary
where
    B: Fn(u64) -> (Request, T) + Send + Sync + 'static,
    F: Fn(u64, T, &Outcome) + Send + Sync + 'static,
    T: Send + 'static,
{
    let Plan {
        url,
        count,
        concurrency,
        timeout,
        stop,
    } = plan;
    let target = Destination::new(&url);
    let next = Arc::new(AtomicU64::new(0));
    let build = Arc::new(build);
    let on_done = Arc::new(on_done);
    let start = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency.min(count) {
        let next = Arc::clone(&next);
        let build = Arc::clone(&build);
        let on_done = Arc::clone(&on_done);
        let client = client.clone();
        let progress = progress.clone();
        let target = target.clone();
        let stop = stop.clone();
        workers.spawn(async move {
            let mut tally = Tally::default();
            let mut slot = Slot::default();
            loop {
                if stop.is_cancelled() {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let (req, tag) = build(i);
                let outcome = match &target {
                    Some(t) => slot.deliver(t, &req, timeout).await,
                    None => deliver(&client, &req, false).await,
                };
                on_done(i, tag, &outcome);
                tally.add(&outcome);
                progress.inc(1);
            }
            tally
        });
    }
    let mut total = Tally::default();
    while let Some(joined) = workers.join_next().await {
        // A worker only panics on a bug in `build`/`on_done`; count its work as lost rather
        // than taking the whole report down.
        if let Ok(t) = joined {
            total.merge(t);
        }
    }
    progress.finish_and_clear();
    total.summary(start.elapsed())
}

#[derive(Debug, Default)]
struct Tally {
    latencies: Vec<Duration>,
    success: u64,
    statuses: BTreeMap<u16, u64>,
    errors: BTreeMap<ErrorKind, u64>,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome) {
        match &outcome.result {
            Ok(resp) => {
                self.latencies.push(outcome.latency);
                if resp.status.is_success() {
                    self.success += 1;
                } else {
                    *self.statuses.entry(resp.status.as_u16()).or_default() += 1;
                }
            }
            Err(e) => *self.errors.entry(e.kind).or_default() += 1,
        }
    }

    fn merge(&mut self, other: Tally) {
        self.latencies.extend(other.latencies);
        self.success += other.success;
        for (k, v) in other.statuses {
            *self.statuses.entry(k).or_default() += v;
        }
        for (k, v) in other.errors {
            *self.errors.entry(k).or_default() += v;
        }
    }

    fn summary(mut self, elapsed: Duration) -> Summary {
        let non_success = self.statuses.values().sum();
        let sent = self.success + non_success + self.errors.values().sum::<u64>();
        self.latencies.sort_unstable();
        Summary {
            sent,
            success: self.success,
            non_success,
            statuses: self.statuses,
            errors: self.errors,
            elapsed,
            requests_per_sec: if elapsed.is_zero() {
                0.0
            } else {
                sent as f64 / elapsed.as_secs_f64()
            },
            latency: latency(&self.latencies),
        }
    }
}

/// Percentiles (nearest-rank) and a 10-bucket linear histogram of sorted latencies.
pub fn latency(sorted: &[Duration]) -> Latency {
    let Some((&min, &max)) = sorted.first().zip(sorted.last()) else {
        return Latency::default();
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |p: f64| {
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        ms(sorted[rank.clamp(1, sorted.len()) - 1])
    };
    const BUCKETS: usize = 10;
    let (lo, hi) = (ms(min), ms(max));
    let width = ((hi - lo) / BUCKETS as f64).max(f64::EPSILON);
    let mut counts = [0u64; BUCKETS];
    for d in sorted {
        let b = (((ms(*d) - lo) / width) as usize).min(BUCKETS - 1);
        counts[b] += 1;
    }
    let histogram = if hi - lo < 0.001 {
        vec![(hi, sorted.len() as u64)]
    } else {
        counts
            .iter()
            .enumerate()
            .map(|(i, c)| (lo + width * (i + 1) as f64, *c))
            .collect()
    };
    Latency {
        min_ms: lo,
        p50_ms: pct(50.0),
        p90_ms: pct(90.0),
        p99_ms: pct(99.0),
        max_ms: hi,
        mean_ms: sorted.iter().map(|d| ms(*d)).sum::<f64>() / sorted.len() as f64,
        histogram,
    }
}

/// The histogram as terminal lines: `  12.345 ms [  120] ■■■■■■`.
pub fn histogram_lines(h: &[(f64, u64)], width: usize) -> Vec<String> {
    let peak = h.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    let count_width = peak.to_string().len();
    h.iter()
        .map(|(upper, c)| {
            let bar = ((*c as f64 / peak as f64) * width as f64).round() as usize;
            format!("{upper:>10.3} ms [{c:>count_width$}] {}", "■".repeat(bar))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: &[u64]) -> Vec<Duration> {
        let mut d: Vec<_> = v.iter().map(|m| Duration::from_millis(*m)).collect();
        d.sort();
        d
    }

    #[test]
    fn percentiles_nearest_rank() {
        let l = latency(&ms(&(1..=100).collect::<Vec<_>>()));
        assert_eq!(l.min_ms, 1.0);
        assert_eq!(l.p50_ms, 50.0);
        assert_eq!(l.p90_ms, 90.0);
        assert_eq!(l.p99_ms, 99.0);
        assert_eq!(l.max_ms, 100.0);
        assert_eq!(l.histogram.len(), 10);
        assert_eq!(l.histogram.iter().map(|(_, c)| c).sum::<u64>(), 100);
    }

    #[test]
    fn single_value_and_empty() {
        let l = latency(&ms(&[7, 7, 7]));
        assert_eq!(l.histogram, vec![(7.0, 3)]);
        assert_eq!(l.p99_ms, 7.0);
        assert_eq!(latency(&[]).histogram.len(), 0);
    }

    #[test]
    fn histogram_bars_scale_to_peak() {
        let lines = histogram_lines(&[(1.0, 10), (2.0, 5), (3.0, 0)], 20);
        assert!(lines[0].ends_with(&"■".repeat(20)));
        assert!(lines[1].ends_with(&format!("] {}", "■".repeat(10))));
        assert!(lines[2].ends_with("] "));
    }
}
