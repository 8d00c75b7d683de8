//! `tauar` — the one binary: `serve`, `import`, `demo`, `bench`, `pki`, `signer`, `audit`. The
//! local test services (`pki serve`, `signer`) are in the library part (`lib.rs`).

mod audit_cli;
mod bench;
mod cli;
#[cfg(feature = "testkit")]
mod pki_cli;
mod progress;

use clap::Parser;

/// mimalloc instead of the system allocator: indexing and search allocate many small strings,
/// and glibc's malloc took about a quarter of the goods indexer's time (perf, docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("TAUAR_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tantivy=warn,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // Structured JSON logs when stderr is not a terminal (servers, CI); readable text otherwise.
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        builder.init();
    } else {
        builder.json().init();
    }
}

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
