//! One message's run: the Gateway `agent` request, its events turned into relay frames by a
//! [`RunState`], the idle watchdog and the hard deadline, and recovery when the Gateway
//! connection is lost mid-run.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::mpsc;
use tracing::info;

use super::{Engine, RPC_TIMEOUT, Waited, human, idempotency_key};
use crate::bridge::gateway::RunInput;
use crate::bridge::inbound::UserMessage;
use crate::bridge::lock;
use crate::bridge::runs::{RunState, Step, Terminal};
use crate::sanitize::shown;

impl Engine {
    /// One user message, start to end: exactly one terminal frame comes out.
    pub(super) async fn run_message(&self, key: &str, mut msg: UserMessage, received: Instant) {
        let s = &self.settings;
        let run_id = idempotency_key(&s.uid, msg.id.as_deref());
        // Frames carry the canonical key (what the Gateway stores and echoes in its events),
        // even when the run is refused before the Gateway says it.
        let mut state = RunState::new(
            run_id.clone(),
            self.canonical(key),
            msg.id.clone(),
            s.frames,
            &s.uid,
        );
        // The text moves into the request: held once while the message waits, not twice.
        let params = json!({
            "message": Value::String(std::mem::take(&mut msg.content)),
            "agentId": s.agent_id,
            "sessionKey": key,
            "deliver": false,
            "idempotencyKey": run_id,
            "timeout": s.tuning.run_timeout_secs,
        });
        let (tx, rx) = mpsc::unbounded_channel();
        self.runs.insert(&run_id, tx.clone());
        let active_key = state.session.clone();
        *lock(&self.active).entry(active_key.clone()).or_default() += 1;
        let started = Instant::now();
        match self.gateway_for(received).await {
            Waited::Shutdown => {
                let step = state.fail("the bridge stopped before the message was sent");
                self.apply(&mut state, step, &msg);
            }
            Waited::Down(waited) => {
                let step = state.fail(format!(
                    "the Gateway is not connected (waited {}); try again later",
                    human(waited)
                ));
                self.apply(&mut state, step, &msg);
            }
            Waited::Up(conn) => {
                if conn.start_run("agent", params.clone(), &run_id).is_err() {
                    let _ = tx.send(RunInput::Lost);
                }
            }
        }
        self.follow_run(&mut state, &msg, rx, &params, started)
            .await;
        self.runs.remove(&run_id);
        {
            let mut active = lock(&self.active);
            if let Some(n) = active.get_mut(&active_key) {
                *n -= 1;
                if *n == 0 {
                    active.remove(&active_key);
                }
            }
        }
        self.log_outcome(&mut state, &msg, started);
    }

    /// Follow a started run until it is done: its events become frames (progress at most once
    /// per `progress_interval`), and the idle watchdog, the hard deadline and shutdown end it.
    pub(super) async fn follow_run(
        &self,
        state: &mut RunState,
        msg: &UserMessage,
        mut rx: mpsc::UnboundedReceiver<RunInput>,
        params: &Value,
        started: Instant,
    ) {
        let t = &self.settings.tuning;
        let run_id = state.run_id.clone();
        let hard_deadline = tokio::time::Instant::now()
            + Duration::from_secs(t.run_timeout_secs)
            + Duration::from_secs(30);
        let mut idle_deadline = tokio::time::Instant::now() + t.run_idle_timeout;
        let mut fallback: Option<tokio::time::Instant> = None;
        let mut next_progress = tokio::time::Instant::now();
        while !state.is_done() {
            let watchdog = idle_deadline.min(hard_deadline);
            let progress_due = state.has_progress();
            // Inputs first: events that arrived together are folded into one progress frame,
            // and a run that ends in the same batch sends its terminal frame alone.
            tokio::select! {
                biased;
                input = rx.recv() => {
                    idle_deadline = tokio::time::Instant::now() + t.run_idle_timeout;
                    let step = match input {
                        Some(RunInput::Event(ev)) => state.on_event(&ev, t.error_grace),
                        Some(RunInput::Res(res)) => state.on_res(&res),
                        Some(RunInput::Lost) | None => self.recover(state, params, &run_id).await,
                    };
                    if let Some(d) = step.arm_fallback {
                        let at = tokio::time::Instant::now() + d;
                        fallback = Some(fallback.map_or(at, |f| f.min(at)));
                    }
                    self.apply(state, step, msg);
                }
                _ = tokio::time::sleep_until(next_progress), if progress_due => {
                    if let Some(frame) = state.take_progress() {
                        self.outbox.push_progress(&run_id, frame);
                    }
                    next_progress = tokio::time::Instant::now() + t.progress_interval;
                }
                _ = tokio::time::sleep_until(fallback.unwrap_or(hard_deadline)), if fallback.is_some() => {
                    fallback = None;
                    let step = state.on_fallback();
                    self.apply(state, step, msg);
                }
                _ = tokio::time::sleep_until(watchdog) => {
                    let step = self.watchdog(state, started).await;
                    self.apply(state, step, msg);
                }
                _ = self.shutdown.cancelled() => {
                    let step = state.fail("the bridge is shutting down; send the message again later");
                    self.apply(state, step, msg);
                }
            }
        }
    }

    /// One log line for a finished run (metadata; the reply text only with `log_content`).
    pub(super) fn log_outcome(&self, state: &mut RunState, msg: &UserMessage, started: Instant) {
        let ms = started.elapsed().as_millis() as u64;
        let id = shown(msg.id.as_deref().unwrap_or("-"));
        let session = shown(&state.session);
        match state.outcome.take() {
            Some(Terminal::Complete(text)) => {
                info!(%id, %session, ms, bytes = text.len(), "message answered");
                if self.settings.log_content {
                    info!(%id, text = %shown(&text), "reply text");
                }
            }
            Some(Terminal::Error(error)) => {
                info!(%id, %session, ms, error = %shown(&crate::redact::text(&error)), "message failed");
            }
            None => {}
        }
    }

    /// The Gateway connection of a run went away: wait (bounded) for a new one and send the
    /// same request again. The same idempotency key makes the Gateway answer `in_flight` (the
    /// run goes on, and its events keep coming), the cached result, or start it if it never
    /// arrived.
    pub(super) async fn recover(&self, state: &mut RunState, params: &Value, run_id: &str) -> Step {
        let grace = self.settings.tuning.gateway_grace;
        let conn = tokio::select! {
            c = self.gateway.connected(Some(grace)) => c,
            _ = self.shutdown.cancelled() => None,
        };
        let Some(conn) = conn else {
            return state.fail(format!(
                "the Gateway disconnected during the run and was not back within {}",
                human(grace)
            ));
        };
        info!(run_id, "gateway back: resuming the run");
        if conn.start_run("agent", params.clone(), run_id).is_err() {
            return state.fail("the Gateway disconnected during the run");
        }
        Step::default()
    }

    /// No event for too long (or the hard cap): ask `agent.wait`, else give up and abort.
    pub(super) async fn watchdog(&self, state: &mut RunState, started: Instant) -> Step {
        if let Some(conn) = self.gateway.current() {
            let params = json!({"runId": state.run_id, "timeoutMs": 1000});
            if let Ok(res) = conn.call("agent.wait", params, RPC_TIMEOUT).await
                && let Some(step) = state.on_wait(&res)
            {
                return step;
            }
            conn.notify(
                "chat.abort",
                json!({"sessionKey": state.session, "runId": state.run_id}),
            );
        }
        state.fail(format!(
            "timeout: no reply from the Gateway after {} s",
            started.elapsed().as_secs()
        ))
    }

    /// Write what a step produced; remember the terminal frame for repeated ids.
    pub(super) fn apply(&self, state: &mut RunState, step: Step, msg: &UserMessage) {
        for frame in step.forward {
            self.outbox.push(frame);
        }
        let Some(terminal) = step.terminal else {
            return;
        };
        let frame = state.terminal_frame(&terminal);
        if let Some(frame) = &frame {
            self.outbox.push(frame.clone());
        }
        if matches!(terminal, Terminal::Complete(_)) {
            self.remember(msg, &state.session, state.session_id.clone());
        }
        if let Some(id) = &msg.id {
            lock(&self.dedup).done(id, frame);
        }
        state.outcome = Some(terminal);
    }
}
