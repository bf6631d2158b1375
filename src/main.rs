//! The `ocw` binary: parse, install the TLS provider, hand over to the library.

use std::process::ExitCode;

// A listener under load allocates a little for every request on two threads at once; mimalloc
// handles that pattern markedly better than glibc's malloc (benches/listen.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = ocw::cli::parse();
    // reqwest (and later tokio-tungstenite) need one process-wide rustls provider; installing it
    // first avoids a panic on the first https:// connection. An error means one is already set.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    ocw::main(cli)
}
