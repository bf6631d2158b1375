//! `ocw listen --ui`: a small web page over the listener's requests, served on its own
//! (loopback, unless asked) port: a live list (server-sent events), a detail view, filters, a
//! body diff, and replay through `replay` and `delivery` (the code behind `ocw replay`).
//!
//! It keeps the receiver's own [`RequestRecord`]s (the ones `--json` and `--record` write) and
//! their body bytes, bounded by count and by body bytes (`state`). The page, its script and
//! style are embedded (`assets/`); `server` has the API and its same-origin guard. Nothing
//! of this exists when `--ui` is not given: the listener holds an `Option<Inspector>`.

mod server;
pub mod state;

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;

pub use server::CSP;
pub use state::{DEFAULT_BODY_BUDGET, DEFAULT_HISTORY};

use crate::receiver::record::RequestRecord;

/// What the inspector is started with.
pub struct Options {
    pub addr: SocketAddr,
    pub history: usize,
    pub body_budget: usize,
    /// The listener's `--forward-to`: replay's target when the user types none.
    pub forward_to: Option<url::Url>,
}

/// A running inspector; stops when dropped.
pub struct Inspector {
    pub addr: SocketAddr,
    state: Arc<state::State>,
    task: tokio::task::JoinHandle<()>,
}

impl Inspector {
    /// Bind and serve in the background.
    pub async fn start(opts: Options) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(opts.addr).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(state::State::new(opts.history, opts.body_budget));
        let app = Arc::new(server::App {
            state: Arc::clone(&state),
            forward_to: opts.forward_to,
            hosts: allowed_hosts(addr),
            client: server::client().map_err(std::io::Error::other)?,
        });
        let router = server::router(app);
        let task = tokio::spawn(async move {
            // Errors here are per connection (axum logs none): the listener goes on without
            // its page rather than stopping.
            let _ = axum::serve(listener, router).await;
        });
        Ok(Self { addr, state, task })
    }

    /// The page's address.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Keep one request (moved in: no copy of the record or the body).
    pub fn push(&self, record: RequestRecord, body: Bytes) {
        self.state.push(record, body);
    }
}

impl Drop for Inspector {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The `Host` values the inspector answers to: its own address under the names a browser uses
/// for loopback, or any (empty) when bound to a wildcard address on purpose.
fn allowed_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    if addr.ip().is_unspecified() {
        return Vec::new();
    }
    let mut hosts = vec![addr.to_string()];
    if addr.ip().is_loopback() {
        hosts.extend([
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ]);
    }
    hosts
}
