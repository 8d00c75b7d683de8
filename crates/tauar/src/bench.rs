//! `tauar bench search`: replays a fixed query mix through the real HTTP API of a running
//! server at several concurrency levels, after a warm-up, and reports latency percentiles and
//! throughput (a table on the terminal and a JSON file). Timings are measured, never asserted.

use anyhow::{Context, bail};
use clap::Subcommand;
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Subcommand, Debug)]
pub enum BenchWhat {
    /// Search latency and throughput of a running server.
    Search {
        /// Base URL of the server.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        /// Concurrency levels to run, comma-separated.
        #[arg(long, default_value = "1,2,4,8", value_delimiter = ',')]
        concurrency: Vec<usize>,
        /// Requests per concurrency level.
        #[arg(long, default_value_t = 2000)]
        requests: usize,
        /// Warm-up requests before measuring.
        #[arg(long, default_value_t = 200)]
        warmup: usize,
        /// Where to write the JSON report.
        #[arg(long, default_value = "bench-search.json")]
        out: std::path::PathBuf,
    },
}

/// The committed query mix: API paths relative to the base URL. Each kind of query of spec
/// §4.2 is present: exact words, fragments, typos within the budget, AND of tokens, Kazakh
/// letters, codes, name-only, type filter, facets, groups, deep pages and no-match queries.
pub const QUERY_MIX: &[&str] = &[
    "/api/v1/goods?q=молоко",
    "/api/v1/goods?q=смартфон",
    "/api/v1/goods?q=мол",
    "/api/v1/goods?q=ноутб",
    "/api/v1/goods?q=молако",
    "/api/v1/goods?q=смартфно",
    "/api/v1/goods?q=молоко%203,2",
    "/api/v1/goods?q=сүт",
    "/api/v1/goods?q=қазақ",
    "/api/v1/goods?q=труба&per_page=100&page=20",
    "/api/v1/goods?q=ыыыщщщ",
    "/api/v1/goods?q=болт&name_only=true",
    "/api/v1/goods?otp=true&per_page=50",
    "/api/v1/codes?q=труба&mode=15",
    "/api/v1/codes?q=труб%20стал&mode=15",
    "/api/v1/codes?q=молако&mode=15",
    "/api/v1/codes?q=011111&mode=15",
    "/api/v1/codes?q=услуги&mode=15&type=services",
    "/api/v1/codes?q=мука&mode=15&kpved=true",
    "/api/v1/codes?q=работы&mode=15&type=works&per_page=50",
    "/api/v1/codes?q=зерно&mode=30",
    "/api/v1/codes?q=ыыыщщщ&mode=15",
];

#[derive(Debug, Serialize)]
pub struct LevelReport {
    pub concurrency: usize,
    pub requests: usize,
    pub errors: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub throughput_rps: f64,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub url: String,
    pub queries: usize,
    pub levels: Vec<LevelReport>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

async fn run_level(
    client: &reqwest::Client,
    base: &str,
    concurrency: usize,
    requests: usize,
) -> LevelReport {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let next = Arc::clone(&next);
        let base = base.to_string();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= requests {
                    break;
                }
                let url = format!("{base}{}", QUERY_MIX[i % QUERY_MIX.len()]);
                let t = Instant::now();
                match client.get(&url).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                    }
                    _ => errors += 1,
                }
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            (lat, errors)
        }));
    }
    let mut all = Vec::with_capacity(requests);
    let mut errors = 0;
    for t in tasks {
        if let Ok((lat, e)) = t.await {
            all.extend(lat);
            errors += e;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.total_cmp(b));
    LevelReport {
        concurrency,
        requests,
        errors,
        p50_ms: percentile(&all, 50.0),
        p95_ms: percentile(&all, 95.0),
        p99_ms: percentile(&all, 99.0),
        max_ms: all.last().copied().unwrap_or(0.0),
        throughput_rps: if elapsed > 0.0 {
            requests as f64 / elapsed
        } else {
            0.0
        },
    }
}

pub async fn run(what: BenchWhat) -> anyhow::Result<()> {
    let BenchWhat::Search {
        url,
        concurrency,
        requests,
        warmup,
        out,
    } = what;
    let base = url.trim_end_matches('/').to_string();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let health = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .with_context(|| format!("no server at {base}"))?;
    if !health.status().is_success() {
        bail!("the server at {base} is not ready ({})", health.status());
    }
    run_level(&client, &base, 2, warmup).await;
    let mut levels = Vec::new();
    println!(
        "{:>11} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "concurrency", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s"
    );
    for c in concurrency {
        let r = run_level(&client, &base, c.max(1), requests).await;
        println!(
            "{:>11} {:>9} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>10.1}",
            r.concurrency,
            r.requests,
            r.errors,
            r.p50_ms,
            r.p95_ms,
            r.p99_ms,
            r.max_ms,
            r.throughput_rps
        );
        levels.push(r);
    }
    let report = Report {
        url: base,
        queries: QUERY_MIX.len(),
        levels,
    };
    std::fs::write(&out, serde_json::to_vec_pretty(&report)?)
        .with_context(|| format!("writing {}", out.display()))?;
    println!("report written to {}", out.display());
    if report.levels.iter().any(|l| l.errors > 0) {
        bail!("some requests failed");
    }
    Ok(())
}
