//! The one integration-test binary (one link step on CI).
mod cli;
mod common;
mod js_compat;
mod listen;
mod retry;
mod send;
mod verify;
