//! The one integration-test binary (one link step on CI).
mod bridge;
mod bridge_cli;
mod cli;
mod config;
mod conformance;
mod hostile;
mod js_compat;
mod json_shapes;
mod listen;
mod real_gateway;
mod retry;
mod send;
mod support;
mod verify;
