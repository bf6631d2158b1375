//! One run's state: turns the Gateway's `res` frames and `agent`/`chat` events for a run into
//! the bridge's outbound stream, and decides when the run is over (exactly once).
//!
//! The Gateway sends the same text several ways (agent `assistant` events with cumulative
//! `data.text`, chat `delta` events with the cumulative message, the chat `final`, and the
//! final `res` with `result.payloads`), in an order that is not guaranteed. The rules, best
//! signal first: a chat `final`/`error`/`aborted` ends the run; a failed or timed-out final
//! `res` ends it with an error; a successful final `res` or a lifecycle `end` arms a short
//! fallback that completes with the text seen so far if no chat `final` follows; a lifecycle
//! `error` arms a longer one (the Gateway holds the chat error back while it may retry).
//! No I/O here: the engine feeds inputs and timers and writes what comes out.

use std::time::Duration;

use serde_json::{Value, json};

use super::FrameFormat;
use super::protocol::{self, Event, Outbound, Reply, Response};

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Terminal {
    Complete(String),
    Error(String),
}

/// Wait this long after a successful final `res` or a lifecycle `end` for the chat `final`.
pub const FINAL_FALLBACK: Duration = Duration::from_secs(2);

/// What the engine should do after an input.
#[derive(Debug, Default, PartialEq)]
pub struct Step {
    /// Gateway-format frames to forward now (own-run events with `uid` added).
    pub forward: Vec<String>,
    /// The run is over.
    pub terminal: Option<Terminal>,
    /// Complete or fail with the best text so far unless something better arrives within this.
    pub arm_fallback: Option<Duration>,
}

#[derive(Debug)]
pub struct RunState {
    pub run_id: String,
    /// The session key: as sent, then the canonical one from the ack or the events.
    pub session: String,
    pub reply_to: Option<String>,
    /// `payload.sessionId` seen in the run's events (for `session.get`).
    pub session_id: Option<String>,
    /// How the run ended, once it has (kept for the log line).
    pub outcome: Option<Terminal>,
    format: FrameFormat,
    uid: String,
    text: String,
    progress_sent: usize,
    dirty: bool,
    accepted: bool,
    res_text: Option<String>,
    lifecycle_error: Option<String>,
    /// The terminal came from a forwarded chat event (gateway format needs nothing more).
    terminal_forwarded: bool,
    done: bool,
}

impl RunState {
    pub fn new(
        run_id: String,
        session: String,
        reply_to: Option<String>,
        format: FrameFormat,
        uid: &str,
    ) -> Self {
        Self {
            run_id,
            session,
            reply_to,
            session_id: None,
            outcome: None,
            format,
            uid: uid.to_owned(),
            text: String::new(),
            progress_sent: 0,
            dirty: false,
            accepted: false,
            res_text: None,
            lifecycle_error: None,
            terminal_forwarded: false,
            done: false,
        }
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The Gateway acknowledged the request (so a resend after a reconnect is safe to dedupe).
    pub fn accepted(&self) -> bool {
        self.accepted
    }

    /// A `res` to the run's request: the ack or the final result.
    pub fn on_res(&mut self, res: &Response) -> Step {
        if self.done {
            return Step::default();
        }
        if !res.ok {
            return self.finish(Terminal::Error(res.error_text()), false);
        }
        if let Some(key) = res.payload.get("sessionKey").and_then(Value::as_str) {
            self.session = key.to_owned();
        }
        match res.status() {
            Some("accepted" | "in_flight" | "started") => {
                self.accepted = true;
                Step::default()
            }
            Some("timeout") => {
                let why = res
                    .payload
                    .get("stopReason")
                    .and_then(Value::as_str)
                    .or_else(|| res.payload.get("summary").and_then(Value::as_str))
                    .unwrap_or("aborted");
                self.finish(
                    Terminal::Error(format!("timeout: the run ended ({why})")),
                    false,
                )
            }
            Some("error") => self.finish(Terminal::Error(res.error_text()), false),
            _ => {
                // A successful final result: its text is the fallback for a missing chat final.
                self.accepted = true;
                self.res_text = Some(payloads_text(&res.payload));
                Step {
                    arm_fallback: Some(FINAL_FALLBACK),
                    ..Step::default()
                }
            }
        }
    }

    /// An `agent` or `chat` event of this run.
    pub fn on_event(&mut self, ev: &Event, error_grace: Duration) -> Step {
        if self.done {
            return Step::default();
        }
        let p = &ev.payload;
        if let Some(key) = p.get("sessionKey").and_then(Value::as_str)
            && key != self.session
        {
            self.session = key.to_owned();
        }
        if self.session_id.is_none()
            && let Some(id) = p.get("sessionId").and_then(Value::as_str)
        {
            self.session_id = Some(id.to_owned());
        }
        let mut step = Step::default();
        if self.format == FrameFormat::Gateway {
            step.forward.push(self.forwarded(ev));
        }
        match ev.event.as_str() {
            "chat" => match p.get("state").and_then(Value::as_str) {
                Some("delta") => {
                    if let Some(t) = p.get("message").and_then(protocol::message_text) {
                        let replace = p.get("replace").and_then(Value::as_bool) == Some(true);
                        self.update_text(t, replace);
                    }
                }
                Some("final") => {
                    let text = p
                        .get("message")
                        .and_then(protocol::message_text)
                        .unwrap_or_default();
                    let mut end = self.finish(Terminal::Complete(text), true);
                    end.forward = step.forward;
                    return end;
                }
                Some("error") => {
                    let msg = p
                        .get("errorMessage")
                        .and_then(Value::as_str)
                        .unwrap_or("the run failed")
                        .to_owned();
                    let mut end = self.finish(Terminal::Error(msg), true);
                    end.forward = step.forward;
                    return end;
                }
                Some("aborted") => {
                    let mut end = self.finish(Terminal::Error("aborted".into()), true);
                    end.forward = step.forward;
                    return end;
                }
                _ => {}
            },
            "agent" => match p.get("stream").and_then(Value::as_str) {
                Some("assistant") => {
                    if let Some(t) = p.pointer("/data/text").and_then(Value::as_str) {
                        self.update_text(t.to_owned(), false);
                    } else if let Some(d) = p.pointer("/data/delta").and_then(Value::as_str) {
                        let t = format!("{}{d}", self.text);
                        self.update_text(t, false);
                    }
                }
                Some("lifecycle") => match p.pointer("/data/phase").and_then(Value::as_str) {
                    Some("end") => step.arm_fallback = Some(FINAL_FALLBACK),
                    Some("error") => {
                        let msg = p
                            .pointer("/data/error")
                            .and_then(Value::as_str)
                            .unwrap_or("the run failed");
                        self.lifecycle_error = Some(msg.to_owned());
                        step.arm_fallback = Some(error_grace);
                    }
                    _ => {}
                },
                _ => {}
            },
            _ => {}
        }
        step
    }

    /// The armed fallback fired: end with the best signal so far.
    pub fn on_fallback(&mut self) -> Step {
        if self.done {
            return Step::default();
        }
        let terminal = if let Some(t) = self.res_text.take() {
            Terminal::Complete(if t.is_empty() { self.text.clone() } else { t })
        } else if let Some(e) = self.lifecycle_error.take() {
            Terminal::Error(e)
        } else {
            Terminal::Complete(self.text.clone())
        };
        self.finish(terminal, false)
    }

    /// End the run from outside (timeout, Gateway lost, rejected before sending).
    pub fn fail(&mut self, message: impl Into<String>) -> Step {
        if self.done {
            return Step::default();
        }
        self.finish(Terminal::Error(message.into()), false)
    }

    /// End the run from an `agent.wait` snapshot, if it is terminal.
    pub fn on_wait(&mut self, res: &Response) -> Option<Step> {
        if self.done || !res.ok {
            return None;
        }
        match res.status() {
            Some("ok") => {
                let text = res
                    .payload
                    .pointer("/terminalReply/text")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| self.text.clone());
                Some(self.finish(Terminal::Complete(text), false))
            }
            Some("error") => Some(self.finish(Terminal::Error(res.error_text()), false)),
            _ => None,
        }
    }

    /// A progress frame with the newest text, if it changed since the last one.
    pub fn take_progress(&mut self) -> Option<String> {
        if !self.dirty || self.done || self.format != FrameFormat::Legacy {
            return None;
        }
        self.dirty = false;
        self.progress_sent = self.text.len();
        Some(
            Outbound::Progress(Reply {
                content: self.text.clone(),
                session: self.session.clone(),
                reply_to: self.reply_to.clone(),
                run_id: Some(self.run_id.clone()),
            })
            .to_text(),
        )
    }

    pub fn has_progress(&self) -> bool {
        self.dirty && !self.done && self.format == FrameFormat::Legacy
    }

    /// The frame that ends the run on the relay, if one is needed: always in the legacy
    /// format; in the gateway format only when the end was not itself a forwarded chat event.
    pub fn terminal_frame(&self, terminal: &Terminal) -> Option<String> {
        if self.format == FrameFormat::Gateway && self.terminal_forwarded {
            return None;
        }
        let frame = match terminal {
            Terminal::Complete(text) if self.format == FrameFormat::Gateway => {
                // Gateway-format clients expect a chat final, not a legacy frame.
                return Some(protocol::chat_final_event(
                    &self.run_id,
                    &self.session,
                    text,
                    &self.uid,
                ));
            }
            Terminal::Complete(text) => Outbound::complete(
                text.clone(),
                &self.session,
                self.reply_to.as_deref(),
                Some(&self.run_id),
            ),
            Terminal::Error(msg) => Outbound::error(
                msg.clone(),
                &self.session,
                self.reply_to.as_deref(),
                Some(&self.run_id),
            ),
        };
        Some(frame.to_text())
    }

    fn update_text(&mut self, text: String, replace: bool) {
        // Progress is cumulative: only take text that extends what was shown, unless the
        // Gateway says it replaces it.
        if text.len() > self.text.len() && (replace || text.starts_with(&self.text))
            || (replace && text != self.text)
        {
            self.text = text;
            self.dirty = self.text.len() != self.progress_sent || replace;
        }
    }

    fn finish(&mut self, terminal: Terminal, forwarded: bool) -> Step {
        self.done = true;
        self.terminal_forwarded = forwarded;
        Step {
            terminal: Some(terminal),
            ..Step::default()
        }
    }

    fn forwarded(&self, ev: &Event) -> String {
        json!({"type": "event", "event": ev.event, "payload": ev.payload, "uid": self.uid})
            .to_string()
    }
}

/// The text of a final `res`: `result.payloads[].text` joined by blank lines.
fn payloads_text(payload: &Value) -> String {
    payload
        .pointer("/result/payloads")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join("\n\n")
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(v: Value) -> Event {
        serde_json::from_value(v).unwrap()
    }
    fn res(v: Value) -> Response {
        serde_json::from_value(v).unwrap()
    }
    fn run() -> RunState {
        RunState::new(
            "R".into(),
            "webhook:m1".into(),
            Some("m1".into()),
            FrameFormat::Legacy,
            "u",
        )
    }
    fn assistant(text: &str) -> Event {
        ev(
            json!({"event":"agent","payload":{"runId":"R","stream":"assistant","sessionKey":"agent:main:webhook:m1","data":{"text":text}}}),
        )
    }
    fn chat(state: &str, text: Option<&str>) -> Event {
        let mut p = json!({"runId":"R","sessionKey":"agent:main:webhook:m1","state":state});
        if let Some(t) = text {
            p["message"] = json!({"role":"assistant","content":[{"type":"text","text":t}]});
        }
        ev(json!({"event":"chat","payload":p}))
    }
    const GRACE: Duration = Duration::from_secs(16);

    #[test]
    fn streams_cumulative_progress_then_exactly_one_complete() {
        let mut r = run();
        r.on_res(&res(
            json!({"id":"1","ok":true,"payload":{"runId":"R","status":"accepted","sessionKey":"agent:main:webhook:m1"}}),
        ));
        assert_eq!(r.session, "agent:main:webhook:m1");
        r.on_event(&assistant("Hel"), GRACE);
        let p1 = r.take_progress().unwrap();
        assert!(p1.contains(r#""content":"Hel""#), "{p1}");
        assert!(r.take_progress().is_none(), "no change, no frame");
        r.on_event(&chat("delta", Some("He")), GRACE); // lagging delta: ignored
        r.on_event(&assistant("Hello"), GRACE);
        assert!(r.take_progress().unwrap().contains(r#""content":"Hello""#));
        let step = r.on_event(&chat("final", Some("Hello!")), GRACE);
        assert_eq!(step.terminal, Some(Terminal::Complete("Hello!".into())));
        let frame = r.terminal_frame(step.terminal.as_ref().unwrap()).unwrap();
        assert!(frame.contains(r#""type":"complete""#) && frame.contains(r#""replyTo":"m1""#));
        // Nothing after the end: no second terminal, no progress.
        assert_eq!(
            r.on_res(&res(
                json!({"id":"1","ok":true,"payload":{"status":"ok","result":{"payloads":[{"text":"Hello!"}]}}})
            )),
            Step::default()
        );
        assert!(r.take_progress().is_none());
    }

    #[test]
    fn a_silent_run_completes_with_empty_text() {
        let mut r = run();
        let step = r.on_event(&chat("final", None), GRACE);
        assert_eq!(step.terminal, Some(Terminal::Complete(String::new())));
    }

    #[test]
    fn final_res_without_chat_final_completes_from_payloads_after_the_fallback() {
        let mut r = run();
        let step = r.on_res(&res(
            json!({"id":"1","ok":true,"payload":{"status":"ok","result":{"payloads":[{"text":"A"},{"text":"B"}]}}}),
        ));
        assert_eq!(step.arm_fallback, Some(FINAL_FALLBACK));
        assert_eq!(
            r.on_fallback().terminal,
            Some(Terminal::Complete("A\n\nB".into()))
        );
    }

    #[test]
    fn every_failure_kind_ends_in_one_error() {
        let mut r = run();
        let s = r.on_res(&res(
            json!({"id":"1","ok":false,"error":{"code":"INVALID_REQUEST","message":"malformed session key"}}),
        ));
        assert_eq!(
            s.terminal,
            Some(Terminal::Error("malformed session key".into()))
        );

        let mut r = run();
        let s = r.on_res(&res(
            json!({"id":"1","ok":true,"payload":{"status":"timeout","summary":"aborted","stopReason":"timeout"}}),
        ));
        assert!(matches!(s.terminal, Some(Terminal::Error(e)) if e.contains("timeout")));

        let mut r = run();
        let s = r.on_event(
            &ev(
                json!({"event":"agent","payload":{"runId":"R","stream":"lifecycle","data":{"phase":"error","error":"boom"}}}),
            ),
            GRACE,
        );
        assert_eq!(s.arm_fallback, Some(GRACE));
        let s = r.on_event(
            &ev(
                json!({"event":"chat","payload":{"runId":"R","state":"error","errorMessage":"429 rate limited"}}),
            ),
            GRACE,
        );
        assert_eq!(s.terminal, Some(Terminal::Error("429 rate limited".into())));
        assert_eq!(r.on_fallback(), Step::default());

        let mut r = run();
        r.on_event(
            &ev(
                json!({"event":"agent","payload":{"runId":"R","stream":"lifecycle","data":{"phase":"error","error":"boom"}}}),
            ),
            GRACE,
        );
        assert_eq!(
            r.on_fallback().terminal,
            Some(Terminal::Error("boom".into()))
        );
    }

    #[test]
    fn gateway_format_forwards_events_and_adds_nothing_after_a_chat_final() {
        let mut r = RunState::new("R".into(), "k".into(), None, FrameFormat::Gateway, "uid-1");
        let s = r.on_event(&assistant("Hi"), GRACE);
        assert_eq!(s.forward.len(), 1);
        assert!(s.forward[0].contains(r#""uid":"uid-1""#));
        assert!(r.take_progress().is_none());
        let s = r.on_event(&chat("final", Some("Hi")), GRACE);
        assert_eq!(s.forward.len(), 1);
        assert_eq!(r.terminal_frame(s.terminal.as_ref().unwrap()), None);
        // An error the bridge detects still produces a frame.
        let mut r = RunState::new("R".into(), "k".into(), None, FrameFormat::Gateway, "uid-1");
        let s = r.fail("the Gateway disconnected");
        assert!(
            r.terminal_frame(s.terminal.as_ref().unwrap())
                .unwrap()
                .contains(r#""type":"error""#)
        );
    }

    #[test]
    fn agent_wait_snapshot_ends_a_run() {
        let mut r = run();
        let s = r
            .on_wait(&res(
                json!({"id":"w","ok":true,"payload":{"runId":"R","status":"ok","terminalReply":{"text":"done"}}}),
            ))
            .unwrap();
        assert_eq!(s.terminal, Some(Terminal::Complete("done".into())));
        let mut r = run();
        assert!(
            r.on_wait(&res(
                json!({"id":"w","ok":true,"payload":{"runId":"R","status":"timeout"}})
            ))
            .is_none()
        );
    }
}
