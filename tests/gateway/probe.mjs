// A minimal OpenClaw Gateway client for gateway.sh and for checking a gateway by hand.
// Runs on Node >= 22 (the global WebSocket); no packages needed.
//
//   node probe.mjs hello URL TOKEN              exit 0 once connect is answered with hello-ok
//   node probe.mjs agent URL TOKEN MESSAGE [SESSION_KEY]
//                                               also run one agent turn, print the streamed
//                                               text, exit 0 when the final reply arrived
//
// Exit codes: 0 ok; 1 connect rejected (the error is printed; "retryable" for UNAVAILABLE while
// the gateway starts); 2 timed out (OCW_PROBE_TIMEOUT_MS, default 5000 for hello, 90000 for
// agent); 3 the agent run failed; 4 usage; 5 socket error or closed early.
const [mode, url, token, message, sessionKey = "agent:main:ocw-probe"] = process.argv.slice(2);
if (!["hello", "agent"].includes(mode) || !url || !token || (mode === "agent" && !message)) {
  console.error("usage: probe.mjs hello URL TOKEN | probe.mjs agent URL TOKEN MESSAGE [SESSION_KEY]");
  process.exit(4);
}
const timeoutMs = Number(process.env.OCW_PROBE_TIMEOUT_MS ?? (mode === "hello" ? 5000 : 90000));
const started = Date.now();
const since = () => `${((Date.now() - started) / 1000).toFixed(2)} s`;

let done = false;
function finish(code, text) {
  if (done) return;
  done = true;
  if (text) (code === 0 ? console.log : console.error)(text);
  try { socket.close(); } catch {}
  process.exit(code);
}
setTimeout(() => finish(2, `probe: no answer within ${timeoutMs} ms`), timeoutMs).unref();

const socket = new WebSocket(url);
const runId = `ocw-probe-${process.pid}-${started}`;
socket.addEventListener("error", (e) => finish(5, `probe: socket error: ${e.message ?? e.type}`));
socket.addEventListener("close", (e) => finish(5, `probe: socket closed (${e.code} ${e.reason})`));
socket.addEventListener("message", (msg) => {
  let frame;
  try { frame = JSON.parse(String(msg.data)); } catch { return; }
  if (frame.type === "event" && frame.event === "connect.challenge") {
    socket.send(JSON.stringify({
      type: "req", id: "c1", method: "connect",
      params: {
        minProtocol: 3, maxProtocol: 4,
        client: { id: "gateway-client", version: "0.0.0", platform: process.platform, mode: "backend" },
        role: "operator", scopes: ["operator.read", "operator.write", "operator.admin"], caps: [],
        auth: { token }, locale: "en-US", userAgent: "ocw-gateway-probe",
      },
    }));
  } else if (frame.type === "res" && frame.id === "c1") {
    if (!frame.ok) {
      const e = frame.error ?? {};
      return finish(1, `probe: connect rejected: ${e.code} ${e.message}${e.retryable ? " (retryable)" : ""}`);
    }
    const p = frame.payload ?? {};
    const hello = `hello-ok protocol=${p.protocol} server=${p.server?.version} scopes=${(p.auth?.scopes ?? []).join(",")} after ${since()}`;
    if (mode === "hello") return finish(0, hello);
    console.log(hello);
    socket.send(JSON.stringify({
      type: "req", id: "a1", method: "agent",
      params: { message, agentId: "main", sessionKey, deliver: false, idempotencyKey: runId },
    }));
  } else if (frame.type === "res" && frame.id === "a1") {
    if (!frame.ok) return finish(3, `probe: agent rejected: ${JSON.stringify(frame.error)}`);
    if (frame.payload?.status === "accepted") return console.log(`accepted after ${since()}`);
    const text = frame.payload?.result?.payloads?.map((x) => x.text).join("") ?? "";
    finish(frame.payload?.status === "ok" ? 0 : 3, `final after ${since()}: ${JSON.stringify(text)}`);
  } else if (frame.type === "event" && frame.event === "chat" && frame.payload?.runId === runId) {
    const p = frame.payload;
    if (p.state === "delta") console.log(`delta ${JSON.stringify(p.message?.content?.[0]?.text ?? "")}`);
    else if (p.state === "error" || p.state === "aborted") finish(3, `probe: run ${p.state}: ${JSON.stringify(p)}`);
  }
});
