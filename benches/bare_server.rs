//! A bare HTTP server for benchmarks: answers every request 200 with an empty body and does
//! nothing else. It is the "fast receiver" `benches/send.sh` points both load generators at, and
//! the baseline `benches/listen.sh` compares `ocw listen` with.
//!
//! Usage: bare-server [ADDR]   (default 127.0.0.1:0; prints `listening on http://ADDR` once bound)

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".to_string());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    // Read the body (so the connection stays reusable), then answer.
    let app = Router::new().fallback(|_body: Bytes| async { StatusCode::OK });
    axum::serve(listener, app).await
}
