//! The per-session queues: a message joins its session's queue (bounded in messages and bytes
//! across all sessions), one worker per busy session runs them one at a time, in order, and a
//! message waits for a Gateway that is down at most `gateway_grace` of downtime.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use tracing::warn;

use super::{Engine, Job, Queued, Waited};
use crate::bridge::lock;

impl Engine {
    pub(super) fn enqueue(self: &Arc<Self>, key: String, job: Job, bytes: usize) {
        let t = &self.settings.tuning;
        let limit = t.queue_limit;
        if self.waiting.load(Ordering::Relaxed) >= limit {
            let msg = job.msg();
            warn!(limit, "message refused: the queue is full");
            self.forget(msg);
            return self.reply_error(
                msg,
                &key,
                format!(
                    "the bridge already has {limit} messages waiting (is the Gateway down?); try again later"
                ),
            );
        }
        // Checked and counted in one step, so two messages arriving together cannot both
        // slip under the bound.
        let max = t.queue_bytes;
        let admitted = self
            .held_bytes
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |held| {
                held.checked_add(bytes).filter(|&n| n <= max)
            });
        if let Err(held) = admitted {
            let msg = job.msg();
            warn!(
                held,
                bytes,
                limit = max,
                "message refused: the queue holds too many bytes"
            );
            self.forget(msg);
            return self.reply_error(
                msg,
                &key,
                format!(
                    "the bridge already holds {} of messages waiting, and this one ({bytes} bytes) would pass its limit of {} (queue_bytes; is the Gateway down?); try again later",
                    crate::units::bytes(held),
                    crate::units::bytes(max)
                ),
            );
        }
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let queued = Queued {
            job,
            bytes,
            received: Instant::now(),
        };
        let mut sessions = lock(&self.sessions);
        if let Some(queue) = sessions.get_mut(&key) {
            queue.push_back(queued);
            return;
        }
        sessions.insert(key.clone(), VecDeque::from([queued]));
        drop(sessions);
        let engine = Arc::clone(self);
        tokio::spawn(async move { engine.session_worker(key).await });
    }

    /// Run a session's jobs one at a time until its queue is empty.
    pub(super) async fn session_worker(self: Arc<Self>, key: String) {
        loop {
            let queued = {
                let mut sessions = lock(&self.sessions);
                let Some(queue) = sessions.get_mut(&key) else {
                    return;
                };
                match queue.pop_front() {
                    Some(q) => q,
                    None => {
                        sessions.remove(&key);
                        return;
                    }
                }
            };
            let Queued {
                job,
                bytes,
                received,
            } = queued;
            match job {
                Job::Message(msg) => self.run_message(&key, msg, received).await,
                Job::Reset { msg, new } => self.reset_command(&key, msg, new, received).await,
            }
            // Counted until answered, so `queue_limit` and `queue_bytes` bound what the bridge
            // holds, running or waiting (for the Gateway, or behind the session's previous
            // message).
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            self.held_bytes.fetch_sub(bytes, Ordering::Relaxed);
        }
    }

    /// Wait for the Gateway for a job that arrived at `received`: at most `gateway_grace` of
    /// downtime since it arrived (or since the Gateway went away, if that was later), so every
    /// message queued in an outage is answered about `gateway_grace` after it came, wherever it
    /// stands in its session's queue, and a message that waited behind a long run still gets
    /// the whole grace when the Gateway drops just before its turn.
    pub(super) async fn gateway_for(&self, received: Instant) -> Waited {
        let grace = self.settings.tuning.gateway_grace;
        loop {
            if let Some(conn) = self.gateway.current() {
                return Waited::Up(conn);
            }
            let since = self
                .gateway
                .down_since()
                .map_or(received, |down| down.max(received));
            let left = (since + grace).saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Waited::Down(received.elapsed());
            }
            let conn = tokio::select! {
                c = self.gateway.connected(Some(left)) => c,
                _ = self.shutdown.cancelled() => return Waited::Shutdown,
            };
            match conn {
                Some(conn) => return Waited::Up(conn),
                None if self.shutdown.is_cancelled() => return Waited::Shutdown,
                // Back before the timeout without a connection: the Gateway task is gone, so
                // there is nothing to wait for (and no reason to spin until the deadline).
                None if Instant::now() < since + grace => {
                    return Waited::Down(received.elapsed());
                }
                // Timed out: look again (the Gateway may have come and gone in between, which
                // moves `down_since`); the end of the grace answers the message.
                None => {}
            }
        }
    }
}
