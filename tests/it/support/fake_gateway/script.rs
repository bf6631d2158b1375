//! A run's script: the sequence of `agent`/`chat` events and `res` frames for one run, with the
//! failure scripts selected by [`markers`](super::markers), delays and `chat.abort`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::watch;

use super::config::{GatewayConfig, markers};
use super::records::RunStatus;
use super::runs::{marker_value, split_cumulative};
use super::state::{Inner, Out, mark_not_running};
use super::util::{error_frame, now_ms, ok_frame};

/// One run being played.
pub(super) struct Script {
    pub(super) inner: Arc<Inner>,
    pub(super) conn_id: u64,
    pub(super) req_id: Value,
    pub(super) method: String,
    pub(super) run_id: String,
    pub(super) key: String,
    pub(super) agent: String,
    pub(super) seq: u64,
    pub(super) abort: watch::Receiver<bool>,
}

enum Step {
    Go,
    Aborted,
}

impl Script {
    fn agent(&mut self, stream: &str, data: Value) {
        self.seq += 1;
        self.inner.broadcast(
            "agent",
            json!({"runId": self.run_id, "sessionKey": self.key, "agentId": self.agent,
                   "stream": stream, "data": data, "seq": self.seq, "ts": now_ms()}),
        );
    }

    fn chat(&mut self, state: &str, extra: Value) {
        self.seq += 1;
        let mut p = json!({"runId": self.run_id, "sessionKey": self.key, "agentId": self.agent,
                           "seq": self.seq, "state": state});
        if let (Some(p), Some(e)) = (p.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                p.insert(k.clone(), v.clone());
            }
        }
        self.inner.broadcast("chat", p);
    }

    fn message(text: &str) -> Value {
        json!({"role": "assistant", "content": [{"type": "text", "text": text}], "timestamp": now_ms()})
    }

    fn final_res(&mut self, ok: bool, payload: Value, error: Option<(&str, &str)>) {
        let frame = if ok {
            ok_frame(&self.req_id, payload.clone())
        } else {
            let (code, msg) = error.unwrap_or(("UNAVAILABLE", "run failed"));
            let mut f = error_frame(&self.req_id, code, msg, None);
            f["payload"] = payload.clone();
            f
        };
        self.inner.update_run(&self.run_id, |r| {
            r.final_payload = Some(payload);
            r.final_ok = ok;
        });
        if self.method == "agent" {
            self.inner.send_json(self.conn_id, &frame);
        }
    }

    fn finish(&mut self, status: RunStatus, text: &str) {
        let key = self.key.clone();
        let mut st = self.inner.state.lock().unwrap();
        let mut release = false;
        if let Some(r) = st.runs.get_mut(&self.run_id) {
            if r.status == RunStatus::Running {
                r.status = status;
                r.ended_at = Some(Instant::now());
                release = !r.lane_released;
                r.lane_released = true;
            }
            r.text = text.to_string();
            r.abort = None;
        }
        if release {
            mark_not_running(&mut st, &key);
        }
        if let Some(row) = st.sessions.get_mut(&key) {
            row["status"] = json!("done");
            row["updatedAt"] = json!(now_ms());
        }
        drop(st);
        self.inner.bump();
    }

    /// The run is ending (its first terminal signal goes out now): for overlap accounting it no
    /// longer occupies its session, since a client may start the next run on this signal.
    fn release_lane(&mut self) {
        let mut st = self.inner.state.lock().unwrap();
        let key = self.key.clone();
        let release = st
            .runs
            .get_mut(&self.run_id)
            .is_some_and(|r| !std::mem::replace(&mut r.lane_released, true));
        if release {
            mark_not_running(&mut st, &key);
        }
    }

    async fn pause(&mut self, d: Duration) -> Step {
        if *self.abort.borrow() {
            return Step::Aborted;
        }
        if d.is_zero() {
            return Step::Go;
        }
        tokio::select! {
            _ = tokio::time::sleep(d) => Step::Go,
            _ = self.abort.wait_for(|a| *a) => Step::Aborted,
        }
    }

    fn ok_payload(&self, text: &str) -> Value {
        let payloads = if text.is_empty() {
            json!([])
        } else {
            json!([{"text": text, "mediaUrl": null}])
        };
        json!({"runId": self.run_id, "status": "ok", "summary": "completed",
               "result": {"payloads": payloads, "meta": {"durationMs": 12, "aborted": false,
                          "agentMeta": {"sessionId": "fake", "provider": "fake", "model": "echo-model"}}}})
    }

    pub(super) fn instant(&mut self, text: &str) {
        self.agent("assistant", json!({"text": text, "delta": text}));
        self.release_lane();
        self.chat(
            "final",
            json!({"stopReason": "stop", "message": Self::message(text)}),
        );
        let payload = self.ok_payload(text);
        self.final_res(true, payload, None);
        self.finish(RunStatus::Ok, text);
    }

    async fn aborted(&mut self, text: &str) {
        // A restart marks the run lost itself; nothing more is sent for it.
        if self
            .inner
            .state
            .lock()
            .unwrap()
            .runs
            .get(&self.run_id)
            .is_some_and(|r| r.status == RunStatus::Lost)
        {
            return;
        }
        self.release_lane();
        self.chat(
            "aborted",
            json!({"stopReason": "rpc", "message": Self::message(text)}),
        );
        self.agent(
            "lifecycle",
            json!({"phase": "end", "status": "cancelled", "aborted": true, "endedAt": now_ms()}),
        );
        let payload = json!({"runId": self.run_id, "status": "timeout", "summary": "aborted",
                             "stopReason": "rpc"});
        self.final_res(true, payload, None);
        self.finish(RunStatus::Aborted, text);
    }

    /// Play the run as selected by the markers in `message`: the start, the assistant deltas,
    /// then the ending the markers ask for (payload-only, hang, timeout, lifecycle or chat error,
    /// or the normal end). One function on purpose: a script, read top to bottom in the order
    /// its frames go out, where every pause may end in an abort.
    pub(super) async fn play(mut self, cfg: GatewayConfig, message: String, text: String) {
        let mut delay = if message.contains(markers::SLOW) {
            cfg.slow_event_delay
        } else {
            cfg.event_delay
        };
        if let Some(ms) = marker_value(&message, markers::DELAY_PREFIX) {
            delay = Duration::from_millis(ms);
        }
        let events = marker_value(&message, markers::EVENTS_PREFIX)
            .map(|n| n as usize)
            .unwrap_or(cfg.assistant_events);
        macro_rules! step {
            ($d:expr, $partial:expr) => {
                if let Step::Aborted = self.pause($d).await {
                    self.aborted($partial).await;
                    return;
                }
            };
        }

        step!(delay, "");
        let started = now_ms();
        self.agent("lifecycle", json!({"phase": "start", "startedAt": started}));
        if self.method == "chat.send" {
            self.chat("status", json!({"phase": "preparing_workspace"}));
        }

        if message.contains(markers::PAYLOAD_ONLY) {
            step!(delay, "");
            self.release_lane();
            self.agent(
                "lifecycle",
                json!({"phase": "end", "startedAt": started, "endedAt": now_ms(),
                       "aborted": false, "stopReason": "stop"}),
            );
            step!(delay, "");
            let payload = self.ok_payload(&text);
            self.final_res(true, payload, None);
            self.finish(RunStatus::Ok, &text);
            return;
        }

        let chunks = if message.contains(markers::SILENT) {
            Vec::new()
        } else {
            split_cumulative(&text, events)
        };
        let failing = message.contains(markers::LIFECYCLE_ERROR)
            || message.contains(markers::CHAT_ERROR)
            || message.contains(markers::TIMEOUT)
            || message.contains(markers::HANG);
        let chunks: Vec<String> = if failing {
            chunks.into_iter().take(1).collect()
        } else {
            chunks
        };
        let mut prev = String::new();
        for (i, cumulative) in chunks.iter().enumerate() {
            step!(delay, &prev);
            let delta: String = cumulative.chars().skip(prev.chars().count()).collect();
            self.agent(
                "assistant",
                json!({"text": cumulative, "delta": delta, "itemId": format!("{}:1", self.run_id)}),
            );
            self.chat(
                "delta",
                json!({"deltaText": delta, "message": Self::message(cumulative)}),
            );
            let so_far = cumulative.clone();
            self.inner.update_run(&self.run_id, |r| r.text = so_far);
            prev = cumulative.clone();
            if i == 0 && message.contains(markers::DROP) {
                self.inner.send_to(self.conn_id, Out::Drop);
                step!(Duration::from_millis(300), &prev);
            }
        }

        if message.contains(markers::HANG) {
            // Nothing more until aborted (or lost in a restart).
            let _ = self.abort.wait_for(|a| *a).await;
            self.aborted(&prev).await;
            return;
        }
        if message.contains(markers::TIMEOUT) {
            step!(delay, &prev);
            self.release_lane();
            let payload = json!({"runId": self.run_id, "status": "timeout", "summary": "aborted",
                                 "stopReason": "timeout", "timeoutPhase": "model"});
            self.final_res(true, payload, None);
            self.finish(RunStatus::Timeout, &prev);
            return;
        }
        if message.contains(markers::LIFECYCLE_ERROR) || message.contains(markers::CHAT_ERROR) {
            let err = if message.contains(markers::CHAT_ERROR) {
                "429 rate limited"
            } else {
                "LLM request failed: connection refused by the provider endpoint."
            };
            step!(delay, &prev);
            self.release_lane();
            self.agent(
                "lifecycle",
                json!({"phase": "error", "error": err, "endedAt": now_ms()}),
            );
            if message.contains(markers::CHAT_ERROR) {
                step!(delay, &prev);
                self.chat(
                    "error",
                    json!({"errorMessage": err, "errorKind": "rate_limit"}),
                );
            }
            step!(delay, &prev);
            let payload = json!({"runId": self.run_id, "status": "error", "summary": err});
            self.final_res(false, payload, Some(("UNAVAILABLE", err)));
            self.finish(RunStatus::Error(err.to_string()), &prev);
            return;
        }

        // The normal ending: lifecycle end, [chat final, final res] in the configured order.
        let final_text = if message.contains(markers::SILENT) {
            String::new()
        } else {
            text.clone()
        };
        step!(delay, &prev);
        self.release_lane();
        self.agent(
            "lifecycle",
            json!({"phase": "end", "startedAt": started, "endedAt": now_ms(), "aborted": false,
                   "stopReason": "stop", "livenessState": "working",
                   "terminalReply": {"disposition": if final_text.is_empty() { "silent" } else { "visible" },
                                     "text": final_text}}),
        );
        let chat_final = if final_text.is_empty() {
            json!({"stopReason": "stop"})
        } else {
            json!({"stopReason": "stop", "message": Self::message(&final_text)})
        };
        let payload = self.ok_payload(&final_text);
        if cfg.final_res_first && self.method == "agent" {
            self.final_res(true, payload, None);
            self.chat("final", chat_final);
        } else {
            self.chat("final", chat_final);
            step!(Duration::from_millis(2), &prev);
            self.final_res(true, payload, None);
        }
        self.finish(RunStatus::Ok, &final_text);
    }
}
