//! The one integration-test binary (one link step on CI).
mod bridge;
mod bridge_cli;
mod cli;
mod config;
mod conformance;
mod fuzz_corpus;
mod hook;
mod hostile;
mod inspector;
mod js_compat;
mod json_shapes;
mod listen;
// Runs bash and signals process groups: Unix only.
#[cfg(unix)]
mod readme;
mod real_gateway;
mod replay;
mod retry;
mod scenario;
mod send;
mod support;
mod verify;
