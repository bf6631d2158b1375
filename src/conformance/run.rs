//! Running cases one at a time against the receiver and grading each answer: the expected
//! status for every copy sent, the valid delivery after the case when it asks for one, and with
//! `--effects` how much the effects count grew. Every request has a timeout, the run a total
//! budget; a receiver that hangs, resets or streams forever fails its case, never the run.

use std::time::{Duration, Instant};

use super::case::{Case, Recipe};
use super::effects::{Effects, EffectsError};
use super::recipe::{RecipeError, Target};
use crate::delivery::{self, ErrorKind, Outcome};

/// How much of an answer's body a result keeps (for the explanation, escaped when shown).
const ANSWER_KEEP: usize = 200;
/// How often the effects count is read again while it has not yet grown as expected (a
/// receiver may do its work just after answering).
const EFFECTS_POLL: Duration = Duration::from_millis(50);

/// How a run is done.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Each request's time limit (the sender's: 5 s for OpenClaw).
    pub timeout: Duration,
    /// The whole run's time limit; cases not started by then fail as not run.
    pub budget: Duration,
    pub effects: Option<Effects>,
    /// How long the effects count may take to grow after a case's last answer.
    pub effects_wait: Duration,
}

/// A case's grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Pass,
    Fail,
    /// A case that is not required failed.
    Warn,
}

/// What the effects count did over a case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct EffectsSeen {
    /// How much it had to grow.
    pub expected: u64,
    /// How much it grew (`null` when it could not be read).
    pub got: Option<u64>,
}

/// One graded case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub name: String,
    pub about: String,
    pub required: bool,
    pub grade: Grade,
    /// `2xx`, `4xx`, `413`, with `then 2xx` when a valid delivery follows.
    pub expected: String,
    /// What came back, e.g. `401`, `200, then 409`, `timeout`, `connection closed`.
    pub got: String,
    /// The status of the answer that decided the grade, when there was one.
    pub status: Option<u16>,
    /// Time spent waiting for answers.
    pub elapsed: Duration,
    /// Why it failed, naming the flaw.
    pub explanation: Option<String>,
    /// The first bytes of the deciding answer's body (as received: escape before showing).
    pub answer: Option<String>,
    /// What went wrong on the wire, when no answer came (as received: escape before showing).
    pub error: Option<String>,
    pub effects: Option<EffectsSeen>,
    /// No connection could be made (refused, DNS, TLS): the run stops after this case.
    pub unreachable: bool,
}

/// A run: the graded cases, in order, and why it stopped early, if it did.
#[derive(Debug, Clone)]
pub struct Run {
    pub results: Vec<CaseResult>,
    /// The receiver could not be reached: the cases after the last result were not run.
    pub stopped: Option<String>,
}

impl CaseResult {
    fn new(case: &Case) -> Self {
        let expected = case.expected();
        Self {
            name: case.name.clone(),
            about: case.about(),
            required: case.required,
            grade: Grade::Pass,
            expected,
            got: String::new(),
            status: None,
            elapsed: Duration::ZERO,
            explanation: None,
            answer: None,
            error: None,
            effects: None,
            unreachable: false,
        }
    }

    fn fail(&mut self, explanation: String) {
        self.grade = if self.required {
            Grade::Fail
        } else {
            Grade::Warn
        };
        self.explanation = Some(explanation);
    }
}

/// Why a run stopped before grading every case: the user's input, not the receiver.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Recipe(#[from] RecipeError),
    #[error(transparent)]
    Effects(#[from] EffectsError),
    #[error("building the HTTP client: {0}")]
    Client(String),
    #[error(transparent)]
    Report(#[from] std::io::Error),
}

/// Run `cases` in order, handing each result to `report` as soon as it is graded (so output
/// streams). The effects command, when set, is tried once first: a command that does not work
/// stops the run before anything is sent. A receiver that cannot be reached (nothing listens,
/// the name does not resolve, TLS fails) stops the run: every later case would fail the same
/// way, and the one error says more than twenty.
pub async fn run(
    target: &Target,
    cases: &[Case],
    settings: &Settings,
    report: &mut dyn FnMut(&CaseResult) -> std::io::Result<()>,
) -> Result<Run, RunError> {
    target.check()?;
    if let Some(effects) = &settings.effects {
        effects.count().await?;
    }
    // No connection is reused: each request gets its own, so what one case did to a connection
    // (a 5 MiB body the receiver stopped reading, a timeout) cannot fail the next case. On
    // loopback a connection costs a few tens of microseconds.
    let client =
        delivery::client(settings.timeout, 0).map_err(|e| RunError::Client(e.to_string()))?;
    let runner = Runner {
        target,
        settings,
        client,
        deadline: Instant::now() + settings.budget,
    };
    let mut results = Vec::with_capacity(cases.len());
    for case in cases {
        let result = runner.case(case).await?;
        report(&result)?;
        let stop = result
            .unreachable
            .then(|| result.error.clone().unwrap_or_default());
        results.push(result);
        if stop.is_some() {
            return Ok(Run {
                results,
                stopped: stop,
            });
        }
    }
    Ok(Run {
        results,
        stopped: None,
    })
}

struct Runner<'a> {
    target: &'a Target,
    settings: &'a Settings,
    client: reqwest::Client,
    deadline: Instant,
}

/// The kind of answer, as `explain` keys name them.
fn kind_of(outcome: &Outcome) -> &'static str {
    match &outcome.result {
        Ok(r) => match r.status.as_u16() / 100 {
            1 => "1xx",
            2 => "2xx",
            3 => "3xx",
            4 => "4xx",
            _ => "5xx",
        },
        Err(e) if e.kind == ErrorKind::Timeout => "timeout",
        Err(_) => "error",
    }
}

/// An outcome in a word or two: the status, `timeout`, or the error's kind.
fn got_of(outcome: &Outcome) -> String {
    match &outcome.result {
        Ok(r) => r.status.as_u16().to_string(),
        Err(e) => e.kind.as_str().to_owned(),
    }
}

impl Runner<'_> {
    fn timeout_words(&self) -> String {
        humantime::format_duration(self.settings.timeout).to_string()
    }

    /// One delivery, within the request timeout and what is left of the budget.
    async fn send(&self, request: &delivery::Request) -> Option<Outcome> {
        let left = self.deadline.checked_duration_since(Instant::now())?;
        // The client's own timeout covers the request; this one only adds the budget's edge.
        let limit = left.min(self.settings.timeout + Duration::from_millis(500));
        let started = Instant::now();
        match tokio::time::timeout(limit, delivery::deliver(&self.client, request, true)).await {
            Ok(outcome) => Some(outcome),
            Err(_) => Some(Outcome {
                latency: started.elapsed(),
                result: Err(delivery::DeliveryError::new(
                    ErrorKind::Timeout,
                    request.url.host_str().unwrap_or("?"),
                    "",
                )),
            }),
        }
    }

    /// Run and grade one case.
    // Long: the steps of a case in order (effects before, copies, the delivery after, effects
    // after), each of which can end the grading with its own sentence.
    async fn case(&self, case: &Case) -> Result<CaseResult, RunError> {
        let mut result = CaseResult::new(case);
        let timeout = self.timeout_words();
        if Instant::now() >= self.deadline {
            result.got = "not run".into();
            result.fail(format!(
                "not run: the total budget of {} ran out (--budget)",
                humantime::format_duration(self.settings.budget)
            ));
            return Ok(result);
        }
        let effects = match (&self.settings.effects, case.expect.effects) {
            // The valid delivery after the case (alive_after) is one effect more.
            (Some(cmd), Some(expected)) => Some((
                cmd,
                expected + u64::from(case.expect.alive_after),
                cmd.count().await,
            )),
            _ => None,
        };

        let request = self.target.build(&case.request)?;
        let mut got = Vec::new();
        let copies = usize::from(case.request.repeat);
        for copy in 0..copies {
            let Some(outcome) = self.send(&request).await else {
                got.push("not run".to_owned());
                result.got = got.join(", then ");
                result.fail(format!(
                    "the total budget of {} ran out during the case (--budget)",
                    humantime::format_duration(self.settings.budget)
                ));
                return Ok(result);
            };
            result.elapsed += outcome.latency;
            got.push(got_of(&outcome));
            result.got = got.join(", then ");
            keep_answer(&mut result, &outcome);
            let closed_ok = case.expect.closed_is_refusal
                && matches!(&outcome.result, Err(e) if e.kind == ErrorKind::Closed);
            let ok = closed_ok
                || matches!(&outcome.result, Ok(r) if case.expect.status.admits(r.status.as_u16()));
            if closed_ok {
                got.pop();
                got.push("connection closed (a refusal)".into());
                result.got = got.join(", then ");
                result.error = None;
            }
            if !ok {
                let kind = kind_of(&outcome);
                result.fail(if copy > 0 || copies == 1 {
                    case.explain(kind, &timeout)
                } else {
                    format!(
                        "the first copy already got {}, not {}, so the copies after it were not \
                         graded (the single-delivery cases say why)",
                        got_of(&outcome),
                        case.expect.status
                    )
                });
                return Ok(result);
            }
        }

        if case.expect.alive_after {
            let valid = self.target.build(&Recipe {
                repeat: 1,
                ..Recipe::default()
            })?;
            let Some(outcome) = self.send(&valid).await else {
                result.got.push_str(", then not run");
                result.fail(case.explain("alive", &timeout));
                return Ok(result);
            };
            result.elapsed += outcome.latency;
            result.got = format!(
                "{}, then {} to a valid delivery",
                result.got,
                got_of(&outcome)
            );
            if !outcome.is_success() {
                keep_answer(&mut result, &outcome);
                result.fail(case.explain("alive", &timeout));
                return Ok(result);
            }
        }

        if let Some((cmd, expected, before)) = effects {
            self.grade_effects(case, &mut result, cmd, expected, before)
                .await;
        }
        Ok(result)
    }

    /// Compare how much the effects count grew with what the case expects, waiting (bounded)
    /// for work a receiver does after answering.
    async fn grade_effects(
        &self,
        case: &Case,
        result: &mut CaseResult,
        cmd: &Effects,
        expected: u64,
        before: Result<u64, EffectsError>,
    ) {
        let mut seen = EffectsSeen {
            expected,
            got: None,
        };
        let before = match before {
            Ok(n) => n,
            Err(e) => {
                result.effects = Some(seen);
                result.fail(e.to_string());
                return;
            }
        };
        let wait_until = (Instant::now() + self.settings.effects_wait).min(self.deadline);
        let grown = loop {
            match cmd.count().await {
                Ok(after) => {
                    let grown = after.saturating_sub(before);
                    if grown >= expected || Instant::now() >= wait_until {
                        break grown;
                    }
                }
                Err(e) => {
                    result.effects = Some(seen);
                    result.fail(e.to_string());
                    return;
                }
            }
            tokio::time::sleep(EFFECTS_POLL).await;
        };
        seen.got = Some(grown);
        result.effects = Some(seen);
        if grown == expected {
            return;
        }
        let sentence = match (expected, grown) {
            (0, n) => format!(
                "the receiver refused the delivery but acted on it anyway (the --effects count \
                 grew by {n}): check the signature before doing any work"
            ),
            (e, g) if g < e => format!(
                "the delivery was acknowledged but the --effects count grew by {g}, not {e}, \
                 within {}: the work is not done, or --effects counts something else",
                humantime::format_duration(self.settings.effects_wait)
            ),
            (e, g) if case.explains("effects") => {
                format!(
                    "{} (the --effects count grew by {g}, not {e})",
                    case.explain("effects", "")
                )
            }
            (e, g) => format!(
                "the --effects count grew by {g}, not {e}: one delivery was processed more than once"
            ),
        };
        result.fail(sentence);
    }
}

/// Keeps the first bytes of the answer (or the error) that decided the case.
fn keep_answer(result: &mut CaseResult, outcome: &Outcome) {
    match &outcome.result {
        Ok(r) => {
            result.status = Some(r.status.as_u16());
            result.error = None;
            let text = String::from_utf8_lossy(&r.body[..r.body.len().min(ANSWER_KEEP)]);
            let mut text = crate::redact::text(text.trim()).into_owned();
            if r.body.len() > ANSWER_KEEP || r.truncated {
                text.push('…');
            }
            result.answer = (!text.is_empty()).then_some(text);
        }
        Err(e) => {
            result.status = None;
            result.answer = None;
            result.error = Some(e.message.clone());
            result.unreachable = matches!(
                e.kind,
                ErrorKind::Refused | ErrorKind::Dns | ErrorKind::Tls | ErrorKind::Connect
            );
        }
    }
}
