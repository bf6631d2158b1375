//! A scriptable fake OpenClaw Gateway on 127.0.0.1 (OS-chosen port) that speaks the real
//! protocol as captured in `shared/gateway/` (README and `frames/*.jsonl`):
//!
//! * handshake: `connect.challenge {nonce, ts}` first; the first client frame must be a
//!   `connect` request (else `INVALID_REQUEST` + close 1008 "invalid handshake: first request
//!   must be connect"); closed-object validation of the connect params, `client.id`/`mode` sets;
//!   protocol gate (v4: `maxProtocol >= 4 && minProtocol <= 4`, or a v3-only gateway), shared
//!   token/password check, `UNAVAILABLE` + `retryAfterMs` + close 1013 for the first N connects,
//!   granted scopes (cleared to `[]` for identities that do not keep them, or as configured),
//!   then `hello-ok` with `policy.tickIntervalMs`, a `health` event and periodic `tick`s;
//! * device identity: a `device` block is verified (device id = sha256(public key), the
//!   challenge nonce, an Ed25519 signature over the v3 payload; else `DEVICE_AUTH_*` + close
//!   1008), a verified device gets a `deviceToken` in `hello-ok.auth` (accepted later as
//!   `auth.token`/`auth.deviceToken` in place of the shared token), and with
//!   [`GatewayConfig::require_device`] device-less connects get `auth.scopes: []`;
//! * `agent` runs (two `res` frames on one id, `agent`/`chat` events broadcast to every
//!   connection, canonical session keys, duplicate `idempotencyKey` handling) with failure
//!   scripts selected by markers in the message (see [`markers`]);
//! * `agent.wait`, `chat.send`, `chat.abort`, `sessions.list|reset|delete`,
//!   `exec.approval.resolve`, scope checks (`FORBIDDEN missing scope: …`);
//! * outages: [`FakeGateway::disconnect_all`], [`FakeGateway::restart`] (same port),
//!   [`FakeGateway::send_shutdown`]; foreign traffic: [`FakeGateway::inject_foreign_run`].
//!
//! Everything received is recorded for assertions. The server runs on its own runtime thread
//! and is stopped on drop. Self-contained (tokio, tokio-tungstenite, futures-util, serde_json,
//! ed25519-dalek, sha2, hex, base64, std) so the benchmark can include it with
//! `#[path = "../tests/it/support/fake_gateway/mod.rs"] mod fake_gateway;`.
//!
//! Modules: [`config`] (what the fake does, failure [`markers`]), [`control`] (the
//! [`FakeGateway`] API the tests drive), [`records`] (what it saw), [`state`] (shared state and
//! sending), [`connection`] (accept, per-connection read/write tasks, ticks), [`handshake`]
//! (`connect` validation and `hello-ok`), [`device`] (device identity verification), [`methods`]
//! (request dispatch, `agent.wait`, `chat.abort`), [`sessions`], [`runs`] (starting and
//! registering runs), [`script`] (the events and `res` frames of one run), [`util`] (frame
//! builders, ids, time).
#![allow(dead_code)]

mod config;
mod connection;
mod control;
mod device;
mod handshake;
mod methods;
mod records;
mod runs;
mod script;
mod sessions;
mod state;
mod util;

// For the fake relay (support/relay.rs); the bridge bench, which includes this folder alone, has none.
#[allow(unused_imports)]
pub(crate) use util::header_pairs;

// The API the tests and the benchmark use; not every user names every item.
#[allow(unused_imports)]
pub use config::{DEFAULT_TOKEN, GatewayConfig, ProtocolMode, ReplyFn, markers};
pub use control::FakeGateway;
#[allow(unused_imports)]
pub use records::{CloseRecord, ConnectRecord, RunInfo, RunStatus};
#[allow(unused_imports)]
pub use sessions::canonical_key;
#[allow(unused_imports)]
pub use util::obj;
