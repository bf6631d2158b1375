//! `ocw hook` and `ocw taskflow` against a small fake Gateway: the requests they send (path,
//! headers, body), discovery from openclaw.json, every documented status turned into its
//! sentence (snapshotted), the checks that refuse a request before it is sent, and hostile
//! answers (escaped, bounded). The real Gateway is in real_gateway.rs.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::json_shapes::validate;
use crate::support::cli::{ServerThread, closed_port, json_lines, ocw, stderr_of, stdout_of};

/// What the fake Gateway answers, and what it saw.
#[derive(Clone)]
struct Script {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

/// A request the fake Gateway saw: path, headers, body.
type Seen = (String, axum::http::HeaderMap, Vec<u8>);
/// A scripted answer: status, headers, body.
type Case = (u16, Vec<(&'static str, &'static str)>, &'static str);

#[derive(Clone)]
struct Shared {
    script: Arc<Mutex<Script>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

struct FakeGateway {
    shared: Shared,
    server: ServerThread,
}

impl FakeGateway {
    fn start(status: u16, body: &str) -> Self {
        let shared = Shared {
            script: Arc::new(Mutex::new(Script {
                status,
                headers: vec![("content-type", "application/json; charset=utf-8".into())],
                body: body.into(),
            })),
            seen: Arc::default(),
        };
        let app_state = shared.clone();
        let server = ServerThread::start(move |listener, stop| async move {
            let app = Router::new().fallback(answer).with_state(app_state);
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop.await;
                })
                .await
                .unwrap();
        });
        Self { shared, server }
    }

    fn answer(&self, status: u16, headers: &[(&'static str, &str)], body: &str) {
        let mut s = self.shared.script.lock().unwrap();
        s.status = status;
        s.headers = headers.iter().map(|(k, v)| (*k, v.to_string())).collect();
        s.body = body.into();
    }

    fn base(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    fn port(&self) -> u16 {
        self.server.addr.port()
    }

    fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    fn last_json(&self) -> Value {
        let seen = self.seen();
        let (_, _, body) = seen.last().expect("a request reached the fake Gateway");
        serde_json::from_slice(body).unwrap()
    }
}

async fn answer(State(s): State<Shared>, req: Request) -> impl IntoResponse {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    s.seen
        .lock()
        .unwrap()
        .push((parts.uri.to_string(), parts.headers, body.to_vec()));
    let script = s.script.lock().unwrap().clone();
    let mut resp = (StatusCode::from_u16(script.status).unwrap(), script.body).into_response();
    for (k, v) in script.headers {
        resp.headers_mut().insert(k, v.parse().unwrap());
    }
    resp
}

const TOKEN: &str = "hook-token-7f3e9a";

/// `ocw hook ...` with the token in the env and the fake Gateway's URL.
fn hook(gw: &FakeGateway, args: &[&str]) -> std::process::Output {
    ocw()
        .arg("hook")
        .args(args)
        .args(["--url", &gw.base()])
        .env("OCW_HOOKS_TOKEN", TOKEN)
        .output()
        .unwrap()
}

fn assert_no_secret(out: &std::process::Output, secret: &str) {
    assert!(
        !stdout_of(out).contains(secret) && !stderr_of(out).contains(secret),
        "the secret was printed:\n{}{}",
        stdout_of(out),
        stderr_of(out)
    );
}

#[test]
fn agent_sends_the_documented_request() {
    let gw = FakeGateway::start(200, r#"{"ok":true,"runId":"run-1"}"#);
    let out = hook(
        &gw,
        &[
            "agent",
            "Summarize the import",
            "--agent",
            "main",
            "--no-deliver",
            "--name",
            "Nightly",
            "--timeout-seconds",
            "30",
            "--idempotency-key",
            "import-1",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let line = stdout_of(&out);
    assert!(
        line.starts_with("run run-1 accepted (") && line.contains("idempotency key import-1"),
        "{line}"
    );
    let seen = gw.seen();
    let (path, headers, _) = &seen[0];
    assert_eq!(path, "/hooks/agent");
    assert_eq!(headers["authorization"], format!("Bearer {TOKEN}").as_str());
    assert_eq!(headers["idempotency-key"], "import-1");
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(
        gw.last_json(),
        json!({"message": "Summarize the import", "name": "Nightly", "agentId": "main",
               "deliver": false, "timeoutSeconds": 30})
    );
    assert_no_secret(&out, TOKEN);
}

#[test]
fn agent_generates_an_idempotency_key_and_prints_it() {
    let gw = FakeGateway::start(200, r#"{"ok":true,"runId":"run-2"}"#);
    let out = hook(&gw, &["agent", "hi", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let v = &json_lines(&out)[0];
    validate("hook", v);
    let key = v["idempotency_key"].as_str().unwrap();
    assert!(key.starts_with("ocw-"), "{v}");
    assert_eq!(gw.seen()[0].1["idempotency-key"], key);
    assert_eq!(v["run_id"], "run-2");
    assert_eq!(v["ok"], true);
}

#[test]
fn wait_shows_the_completion_and_fails_on_a_failed_run() {
    let gw = FakeGateway::start(
        200,
        r#"{"ok":true,"runId":"run-3","completion":{"status":"ok","replyDisposition":"visible","delivered":false,"deliveryAttempted":true,"deliverySuppressionReason":"silent"}}"#,
    );
    let out = hook(&gw, &["agent", "check", "--wait"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(gw.last_json()["waitForCompletion"], true);
    let line = stdout_of(&out);
    assert!(
        line.contains(
            "run run-3 finished: status ok, reply visible, not delivered, delivery attempted, suppressed: silent"
        ),
        "{line}"
    );
    gw.answer(
        200,
        &[("content-type", "application/json")],
        r#"{"ok":true,"runId":"run-4","completion":{"status":"error","replyDisposition":"empty","deliveryError":"delivery-failed"}}"#,
    );
    let out = hook(&gw, &["agent", "check", "--wait", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed run is a negative result"
    );
    let v = &json_lines(&out)[0];
    validate("hook", v);
    assert_eq!(v["completion"]["status"], "error");
    assert_eq!(v["ok"], false);
}

#[test]
fn wake_and_mapped_hooks() {
    let gw = FakeGateway::start(
        200,
        r#"{"ok":true,"mode":"next-heartbeat","eventOutcome":"queued"}"#,
    );
    let out = hook(
        &gw,
        &[
            "wake",
            "Deploy finished",
            "--mode",
            "next-heartbeat",
            "--agent",
            "main",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).starts_with("wake queued ("),
        "{}",
        stdout_of(&out)
    );
    assert!(stdout_of(&out).contains("mode next-heartbeat"));
    assert_eq!(gw.seen()[0].0, "/hooks/wake");
    assert_eq!(
        gw.last_json(),
        json!({"text": "Deploy finished", "mode": "next-heartbeat", "agentId": "main"})
    );

    gw.answer(
        200,
        &[],
        r#"{"ok":true,"runId":"a","runIds":["a","b"],"dispatched":2}"#,
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("push.json");
    std::fs::write(&file, r#"{"source": "ci", "items": [1, 2]}"#).unwrap();
    let out = hook(
        &gw,
        &[
            "post",
            "ci/deploy",
            "--data",
            &format!("@{}", file.display()),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).starts_with("runs a, b accepted"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(gw.seen()[1].0, "/hooks/ci/deploy");
    assert_eq!(gw.last_json(), json!({"source": "ci", "items": [1, 2]}));

    gw.answer(204, &[], "");
    let out = hook(&gw, &["post", "ci", "--data", "{}"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout_of(&out).contains("nothing was run"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn discovery_from_openclaw_json() {
    let gw = FakeGateway::start(200, r#"{"ok":true,"runId":"r"}"#);
    let state = tempfile::tempdir().unwrap();
    std::fs::write(
        state.path().join("openclaw.json"),
        format!(
            "// JSON5, as OpenClaw writes it\n{{gateway: {{port: {}}}, hooks: {{enabled: true, token: '${{HOOK_TOKEN}}', path: 'in/'}},}}",
            gw.port()
        ),
    )
    .unwrap();
    let out = ocw()
        .args(["hook", "agent", "from the file"])
        .env("OPENCLAW_STATE_DIR", state.path())
        .env("HOOK_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let seen = gw.seen();
    assert_eq!(seen[0].0, "/in/agent");
    assert_eq!(
        seen[0].1["authorization"],
        format!("Bearer {TOKEN}").as_str()
    );
    assert_no_secret(&out, TOKEN);

    // Hooks disabled in the file: a warning before the Gateway's 404.
    std::fs::write(
        state.path().join("openclaw.json"),
        format!(
            "{{gateway: {{port: {}}}, hooks: {{token: 'x'}}}}",
            gw.port()
        ),
    )
    .unwrap();
    gw.answer(404, &[("content-type", "text/plain")], "Not Found");
    let out = ocw()
        .args(["hook", "wake", "x"])
        .env("OPENCLAW_STATE_DIR", state.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("hooks.enabled is not true in"), "{err}");
    assert!(err.contains("set hooks.enabled: true in"), "{err}");

    // No token anywhere: said before anything is sent.
    let empty = tempfile::tempdir().unwrap();
    let out = ocw()
        .args(["hook", "agent", "x", "--url", &gw.base()])
        .env("OPENCLAW_STATE_DIR", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("no hooks token: pass --token-file FILE or set OCW_HOOKS_TOKEN")
    );
}

/// One line per documented status: the sentence `ocw hook agent` prints for it.
#[test]
fn every_hook_status_has_a_sentence() {
    let gw = FakeGateway::start(200, "{}");
    let text = [("content-type", "text/plain; charset=utf-8")];
    let json_ct = [("content-type", "application/json; charset=utf-8")];
    let cases: Vec<Case> = vec![
        (
            400,
            json_ct.to_vec(),
            r#"{"ok":false,"error":"agentId \"ops\" is not configured"}"#,
        ),
        (401, text.to_vec(), "Unauthorized"),
        (404, text.to_vec(), "Not Found"),
        (
            405,
            vec![("content-type", "text/plain"), ("allow", "POST")],
            "Method Not Allowed",
        ),
        (
            408,
            json_ct.to_vec(),
            r#"{"ok":false,"error":"request body timeout"}"#,
        ),
        (
            409,
            json_ct.to_vec(),
            r#"{"ok":false,"error":"hook agent session conflict","runId":"r"}"#,
        ),
        (
            409,
            json_ct.to_vec(),
            r#"{"ok":false,"error":"hook configuration changed; retry request"}"#,
        ),
        (
            413,
            json_ct.to_vec(),
            r#"{"ok":false,"error":"payload too large"}"#,
        ),
        (
            429,
            vec![("content-type", "text/plain"), ("retry-after", "17")],
            "Too Many Requests",
        ),
        (
            500,
            json_ct.to_vec(),
            r#"{"ok":false,"error":"hook mapping failed"}"#,
        ),
        (
            502,
            json_ct.to_vec(),
            r#"{"ok":false,"error":"hook agent preparation failed"}"#,
        ),
        (
            503,
            json_ct.to_vec(),
            r#"{"ok":false,"error":"hook agent admission timed out"}"#,
        ),
        (
            503,
            vec![("content-type", "application/json"), ("retry-after", "5")],
            r#"{"ok":false,"error":"gateway_unavailable"}"#,
        ),
        (418, text.to_vec(), "I'm a teapot"),
    ];
    let mut lines = Vec::new();
    for (status, headers, body) in &cases {
        gw.answer(*status, headers, body);
        let out = hook(&gw, &["agent", "hello"]);
        assert_eq!(out.status.code(), Some(1), "HTTP {status} must exit 1");
        assert!(
            stdout_of(&out).is_empty(),
            "nothing on stdout for a failure"
        );
        assert_no_secret(&out, TOKEN);
        lines.push(stderr_of(&out).trim().to_string());
    }
    let port = gw.port().to_string();
    let text = lines.join("\n").replace(&port, "PORT");
    let text = text.replace(&tmp(), "TMP");
    insta::assert_snapshot!("hook_status_sentences", text);
}

/// Refusals before sending: exit 2, nothing reaches the Gateway.
#[test]
fn requests_are_checked_before_sending() {
    let gw = FakeGateway::start(200, "{}");
    let cases: &[(&[&str], &str)] = &[
        (
            &["agent", "x", "--channel", "telegram"],
            "--channel needs --to",
        ),
        (&["agent", "x", "--to", "123"], "--to needs --channel"),
        (
            &["agent", "x", "--channel", "last", "--to", "1"],
            "--channel last is refused",
        ),
        (
            &["agent", "x", "--account", "a"],
            "--account needs --channel and --to",
        ),
        (&["agent", "  "], "the message is empty"),
        (
            &["agent", "x", "--session-mode", "persistent"],
            "needs --session-key",
        ),
        (
            &["agent", "x", "--timeout-seconds", "0"],
            "must be positive",
        ),
        (
            &["agent", "x", "--idempotency-key", " "],
            "--idempotency-key is empty",
        ),
        (&["wake", ""], "the wake text is empty"),
        (
            &[
                "wake",
                "x",
                "--session-key",
                "k",
                "--mode",
                "next-heartbeat",
            ],
            "needs --mode now",
        ),
        (&["post", "a/../b", "--data", "{}"], "is not a hook path"),
        (&["post", "ci", "--data", "[1]"], "must be a JSON object"),
        (&["post", "ci", "--data", "{"], "is not JSON"),
    ];
    for (args, expected) in cases {
        let out = hook(&gw, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(expected),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    // 256 KiB: the Gateway's limit, checked on the body ocw would send (message from stdin).
    let big = "x".repeat(256 * 1024);
    let out = ocw()
        .args(["hook", "agent", "-", "--url", &gw.base()])
        .env("OCW_HOOKS_TOKEN", TOKEN)
        .write_stdin(big)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("over the Gateway's 256 KiB limit for hooks"),
        "{}",
        stderr_of(&out)
    );
    assert!(
        gw.seen().is_empty(),
        "a refused request reached the Gateway"
    );
}

#[test]
fn hostile_answers_are_escaped_and_bounded() {
    let gw = FakeGateway::start(200, "{}");
    gw.answer(
        400,
        &[("content-type", "application/json")],
        "{\"ok\":false,\"error\":\"bad \\u001b]0;owned\\u0007 \\u001b[2J field\"}",
    );
    let out = hook(&gw, &["agent", "x"]);
    let err = stderr_of(&out);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("field"), "{err}");
    // A huge answer: read no further than 64 KiB, still explained.
    let huge = "y".repeat(2 << 20);
    gw.answer(502, &[("content-type", "text/plain")], &huge);
    let out = hook(&gw, &["agent", "x", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = &json_lines(&out)[0];
    validate("hook", v);
    assert!(v["answer"].as_str().unwrap().len() <= 64 * 1024);
    // A run id with control characters is escaped in the human line.
    gw.answer(
        200,
        &[("content-type", "application/json")],
        "{\"ok\":true,\"runId\":\"r\\u001b[31m\"}",
    );
    let out = hook(&gw, &["agent", "x"]);
    assert!(!stdout_of(&out).contains('\u{1b}'), "{:?}", stdout_of(&out));
}

#[test]
fn no_gateway_is_a_connection_failure() {
    let out = ocw()
        .args([
            "hook",
            "agent",
            "x",
            "--url",
            &format!(":{}", closed_port()),
        ])
        .env("OCW_HOOKS_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("connection refused"),
        "{}",
        stderr_of(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// ocw taskflow

const SECRET: &str = "route-secret-19ab";

fn taskflow(gw: &FakeGateway, args: &[&str]) -> std::process::Output {
    ocw()
        .arg("taskflow")
        .args(args)
        .args(["--route", &format!("{}/plugins/webhooks/zapier", gw.base())])
        .env("OCW_TASKFLOW_SECRET", SECRET)
        .output()
        .unwrap()
}

#[test]
fn taskflow_sends_actions_with_the_route_secret() {
    let gw = FakeGateway::start(
        200,
        r#"{"ok":true,"routeId":"zapier","result":{"created":true,"flow":{"flowId":"f-1","revision":0,"status":"queued","goal":"Review"}}}"#,
    );
    let out = taskflow(
        &gw,
        &[
            "create_flow",
            "goal=Review inbound queue",
            "notifyPolicy=silent",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(
        text.starts_with("create_flow: flow f-1 revision 0 status queued ("),
        "{text}"
    );
    let seen = gw.seen();
    assert_eq!(seen[0].0, "/plugins/webhooks/zapier");
    assert_eq!(
        seen[0].1["authorization"],
        format!("Bearer {SECRET}").as_str()
    );
    assert_eq!(seen[0].1["content-type"], "application/json");
    assert_eq!(
        gw.last_json(),
        json!({"action": "create_flow", "goal": "Review inbound queue", "notifyPolicy": "silent"})
    );
    assert_no_secret(&out, SECRET);

    let out = taskflow(
        &gw,
        &[
            "finish_flow",
            "--flow-id",
            "f-1",
            "--revision",
            "2",
            "stateJson:={\"done\":true}",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let v = &json_lines(&out)[0];
    validate("taskflow", v);
    assert_eq!(v["result"]["flow"]["flowId"], "f-1");
    assert_eq!(
        gw.last_json(),
        json!({"action": "finish_flow", "stateJson": {"done": true}, "flowId": "f-1", "expectedRevision": 2})
    );
}

#[test]
fn taskflow_answers_are_escaped() {
    let gw = FakeGateway::start(
        200,
        "{\"ok\":true,\"result\":{\"flow\":{\"flowId\":\"f\\u001b[2J\",\"revision\":1,\"status\":\"queued\",\"goal\":\"g\\u001b]0;x\\u0007\"}}}",
    );
    let out = taskflow(&gw, &["get_flow", "--flow-id", "f"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.starts_with("get_flow: flow f"), "{text}");
    gw.answer(
        200,
        &[("content-type", "application/json")],
        r#"{"ok":true,"result":{"flow":null}}"#,
    );
    let out = taskflow(&gw, &["get_flow", "--flow-id", "f"]);
    assert!(
        stdout_of(&out).contains("no such flow in the route's session"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn taskflow_checks_fields_before_sending() {
    let gw = FakeGateway::start(200, "{}");
    let cases: &[(&[&str], &str)] = &[
        (&["create_flow"], "create_flow needs goal"),
        (&["get_flow"], "needs flowId (--flow-id ID)"),
        (
            &["finish_flow", "--flow-id", "f"],
            "needs expectedRevision (--revision N",
        ),
        (
            &["get_flow", "--flow-id", "f", "flowid=g"],
            "did you mean flowId",
        ),
        (
            &["create_flow", "goal=g", "status=done"],
            "status must be one of queued",
        ),
        (
            &[
                "run_task",
                "--flow-id",
                "f",
                "runtime=acp",
                "task=t",
                "startedAt=1",
            ],
            "status=running",
        ),
        (&["list_flows", "x"], "is not a field"),
        (&["create_flow", "--data", "[1]"], "must be a JSON object"),
    ];
    for (args, expected) in cases {
        let out = taskflow(&gw, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(expected),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    let out = taskflow(&gw, &["create_flw"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("create_flow"),
        "{}",
        stderr_of(&out)
    );
    assert!(gw.seen().is_empty());
}

#[test]
fn taskflow_route_from_openclaw_json() {
    let gw = FakeGateway::start(
        200,
        r#"{"ok":true,"routeId":"zapier","result":{"flows":[]}}"#,
    );
    let state = tempfile::tempdir().unwrap();
    std::fs::write(
        state.path().join("openclaw.json"),
        format!(
            r#"{{gateway: {{port: {}}}, plugins: {{entries: {{webhooks: {{enabled: true, config: {{routes: {{
                zapier: {{path: "/in/zapier", sessionKey: "agent:main:hook:automation", secret: {{source: "env", provider: "default", id: "ZAP_SECRET"}}}},
            }}}}}}}}}}}}"#,
            gw.port()
        ),
    )
    .unwrap();
    let out = ocw()
        .args(["taskflow", "list_flows", "--route", "zapier"])
        .env("OPENCLAW_STATE_DIR", state.path())
        .env("ZAP_SECRET", SECRET)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).starts_with("list_flows: 0 flow(s)"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(gw.seen()[0].0, "/in/zapier");
    assert_eq!(
        gw.seen()[0].1["authorization"],
        format!("Bearer {SECRET}").as_str()
    );
    let out = ocw()
        .args(["taskflow", "list_flows", "--route", "zapper"])
        .env("OPENCLAW_STATE_DIR", state.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("did you mean zapier"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn every_taskflow_status_has_a_sentence() {
    let gw = FakeGateway::start(200, "{}");
    let text = [("content-type", "text/plain; charset=utf-8")];
    let json_ct = [("content-type", "application/json; charset=utf-8")];
    let cases: Vec<Case> = vec![
        (
            400,
            json_ct.to_vec(),
            r#"{"ok":false,"code":"invalid_request","error":"goal: Required"}"#,
        ),
        (401, text.to_vec(), "Unauthorized"),
        (404, text.to_vec(), "Not Found"),
        (
            404,
            json_ct.to_vec(),
            r#"{"ok":false,"routeId":"zapier","code":"not_found","error":"TaskFlow not found.","result":{}}"#,
        ),
        (405, text.to_vec(), "Method Not Allowed"),
        (408, text.to_vec(), "Request Timeout"),
        (
            409,
            json_ct.to_vec(),
            r#"{"ok":false,"routeId":"zapier","code":"revision_conflict","error":"TaskFlow changed since the caller's expected revision.","result":{"applied":false,"code":"revision_conflict","current":{"flowId":"f","revision":4}}}"#,
        ),
        (
            409,
            json_ct.to_vec(),
            r#"{"ok":false,"routeId":"zapier","code":"terminal","error":"Flow is already succeeded.","result":{}}"#,
        ),
        (413, text.to_vec(), "Payload Too Large"),
        (415, text.to_vec(), "Unsupported Media Type"),
        (
            429,
            vec![("content-type", "text/plain"), ("retry-after", "60")],
            "Too Many Requests",
        ),
        (
            503,
            json_ct.to_vec(),
            r#"{"ok":false,"routeId":"zapier","code":"persist_failed","error":"TaskFlow persistence failed.","result":{}}"#,
        ),
    ];
    let mut lines = Vec::new();
    for (status, headers, body) in &cases {
        gw.answer(*status, headers, body);
        let out = taskflow(&gw, &["get_flow", "--flow-id", "f"]);
        assert_eq!(out.status.code(), Some(1), "HTTP {status} must exit 1");
        assert_no_secret(&out, SECRET);
        lines.push(stderr_of(&out).trim().to_string());
    }
    // 202: cancellation pending is a success with a note.
    gw.answer(
        202,
        &json_ct,
        r#"{"ok":true,"routeId":"zapier","code":"cancel_pending","result":{"found":true,"cancelled":false}}"#,
    );
    let out = taskflow(&gw, &["cancel_flow", "--flow-id", "f"]);
    assert_eq!(out.status.code(), Some(0));
    lines.push(
        stdout_of(&out)
            .lines()
            .take(2)
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let port = gw.port().to_string();
    let text = lines.join("\n").replace(&port, "PORT");
    let text = regex_free_times(&text).replace(&tmp(), "TMP");
    insta::assert_snapshot!("taskflow_status_sentences", text);
}

/// The temp dir the hermetic HOME lives in (without a trailing slash).
fn tmp() -> String {
    std::env::temp_dir()
        .display()
        .to_string()
        .trim_end_matches('/')
        .to_string()
}

/// `(0.01 s)` → `(T s)`, so snapshots don't depend on timing.
fn regex_free_times(s: &str) -> String {
    s.lines()
        .map(|l| match (l.rfind('('), l.rfind(" s)")) {
            (Some(a), Some(b)) if b > a && l[a + 1..b].parse::<f64>().is_ok() => {
                format!("{}(T s){}", &l[..a], &l[b + 3..])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// OpenClaw cron deliveries into `ocw listen`

const CRON_EVENT: &str = r#"{"jobId":"job-7","action":"finished","job":{"id":"job-7","name":"Morning brief"},"status":"ok","completionStatus":"succeeded","summary":"echo: Summarize overnight updates.","runId":"run-7","runAtMs":1795379729652,"durationMs":2340,"sessionKey":"agent:main:cron:job-7:run:run-7","sessionId":"s-7","delivered":false,"deliveryStatus":"not-requested"}"#;

/// `ocw listen ARGS --exit-after 1 --timeout 20s` fed one cron event with `auth`; its output.
fn listen_to_one_cron(args: &[&str], auth: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("url");
    let event = dir.path().join("event.json");
    std::fs::write(&event, CRON_EVENT).unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("ocw"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir().join("ocw-test-home"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .env("OCW_TOKEN", "cron-token-1")
        .args([
            "listen",
            "127.0.0.1:0",
            "--exit-after",
            "1",
            "--timeout",
            "20s",
        ])
        .args(["--ready-file", ready.to_str().unwrap()])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    let start = std::time::Instant::now();
    let url = loop {
        if let Ok(u) = std::fs::read_to_string(&ready)
            && u.ends_with('\n')
        {
            break u.trim().to_string();
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "listen never got ready"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let sent = ocw()
        .args([
            "send",
            "--data",
            event.to_str().unwrap(),
            "--to",
            &format!("{url}/cron"),
        ])
        .args(["-H", &format!("Authorization: {auth}")])
        .output()
        .unwrap();
    assert_eq!(sent.status.code(), Some(0), "{}", stderr_of(&sent));
    // --exit-after 1 (or at worst --timeout 20s) ends it.
    child.wait_with_output().unwrap()
}

#[test]
fn listen_shows_a_cron_delivery_readably() {
    let out = listen_to_one_cron(&[], "Bearer cron-token-1");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("/cron  cron ok \"Morning brief\""),
        "{text}"
    );
    assert_eq!(
        lines[1],
        "  cron job \"Morning brief\" (job-7) finished: ok, run succeeded in 2.3 s, started 2026-11-22 20:35:29 UTC"
    );
    assert_eq!(lines[2], "  summary: echo: Summarize overnight updates.");
    assert_eq!(
        lines[3],
        "  session agent:main:cron:job-7:run:run-7, id s-7, run run-7"
    );
    assert_eq!(lines[4], "  delivery: not delivered, status not-requested");
    assert_eq!(lines[5], "  ✓ token valid");
    let err = stderr_of(&out);
    assert!(err.contains("OpenClaw cron: a Gateway delivers to loopback only when cron.webhookSsrfPolicy.allowedHostnames lists the host"), "{err}");
    assert!(!text.contains("cron-token-1") && !err.contains("cron-token-1"));
    assert!(err.contains("by event: (cron finished) 1"), "{err}");

    // --json keeps the event whole; a wrong token is flagged.
    let out = listen_to_one_cron(&["--json", "--openclaw-cron"], "Bearer wrong");
    let lines = json_lines(&out);
    let request = lines.iter().find(|v| v["type"] == "request").unwrap();
    validate("listen", request);
    assert_eq!(request["token"], "invalid");
    let body: Value = serde_json::from_str(request["body"].as_str().unwrap()).unwrap();
    assert_eq!(body, serde_json::from_str::<Value>(CRON_EVENT).unwrap());
    let err = stderr_of(&out);
    assert!(err.contains("webhookToken: \"${OCW_TOKEN}\""), "{err}");
    assert!(err.contains("allowedHostnames: [\"127.0.0.1\"]"), "{err}");
    assert!(err.contains("--webhook http://127.0.0.1:"), "{err}");
    assert!(!err.contains("cron-token-1"));
}
