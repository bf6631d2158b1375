//! The one integration-test binary (one link step on CI).
mod bridge;
mod bridge_cli;
mod cli;
mod common;
mod config;
mod hostile;
mod js_compat;
mod listen;
mod real_gateway;
mod retry;
mod send;
mod support;
mod verify;
