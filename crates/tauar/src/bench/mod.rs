//! `tauar bench search`: search at national scale, measured side by side (issue 4).
//!
//! 1. Dataset: `tauar demo` at the given size and seed, reused when the data directory already
//!    holds it.
//! 2. Index build: the goods index is deleted and rebuilt from the database by a fresh
//!    `tauar serve`; the time until it answers `/healthz` is the index build time.
//! 3. Quality: every query of the committed mix that names an expected item must have it on
//!    its first page — for Tauar and for each baseline.
//! 4. Latency: the mix replayed through the real HTTP API at each concurrency level after a
//!    warm-up; p50/p95/p99/max, throughput, the server's peak RSS, the index size.
//! 5. Baselines on the same data and queries: PostgreSQL (full-text + pg_trgm) and SQLite
//!    FTS5 (trigram), see [`engines`].
//!
//! Output: a table on the terminal and a JSON report. Timings are reported, never asserted;
//! `--check-quality` makes failed quality checks an error (the small run in `.ci/run`).

mod engines;
pub mod make_mix;
pub mod mix;
#[cfg(feature = "testkit")]
mod signatures;
mod stats;

use anyhow::{Context, bail};
use clap::Subcommand;
use engines::{Answer, Fts5, Postgres, Tauar, baseline_supports};
use mix::Entry;
use serde::Serialize;
use stats::{Level, dir_size, load, rss};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Subcommand, Debug)]
pub enum BenchWhat {
    /// Search latency, throughput, index build, memory and result quality, with baselines.
    Search {
        /// Dataset directory (created or reused).
        #[arg(long, default_value = "bench-data")]
        data_dir: PathBuf,
        /// Goods in the dataset.
        #[arg(long, default_value_t = 1_000_000)]
        goods: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Concurrency levels, comma-separated.
        #[arg(long, default_value = "1,2,4,8", value_delimiter = ',')]
        concurrency: Vec<usize>,
        /// Requests per concurrency level.
        #[arg(long, default_value_t = 2000)]
        requests: usize,
        /// Warm-up requests before measuring.
        #[arg(long, default_value_t = 300)]
        warmup: usize,
        /// Longest time one concurrency level may take, in seconds (fewer requests are made
        /// when an engine is slow).
        #[arg(long, default_value_t = 120)]
        level_seconds: u64,
        /// Engines: tauar, postgres, sqlite-fts5 (comma-separated).
        #[arg(
            long,
            default_value = "tauar,postgres,sqlite-fts5",
            value_delimiter = ','
        )]
        engines: Vec<String>,
        /// PostgreSQL server for the baseline (admin URL); the benchmark creates its database.
        #[arg(long, env = "TAUAR_BENCH_PG_URL")]
        pg_url: Option<String>,
        /// Keep the existing goods index instead of rebuilding it (no index build time).
        #[arg(long)]
        keep_index: bool,
        /// Fail when a quality check fails.
        #[arg(long)]
        check_quality: bool,
        /// Where to write the JSON report.
        #[arg(long, default_value = "bench-search.json")]
        out: PathBuf,
    },
    /// Signed acts per second: verify + chain + revocation (warm cache) + commit with the audit
    /// row, RSA-2048 and GOST 2015-512 keys of a fresh test PKI (SIG-56).
    #[cfg(feature = "testkit")]
    Signatures {
        /// Concurrency levels, comma-separated.
        #[arg(long, default_value = "1,2,4,8", value_delimiter = ',')]
        concurrency: Vec<usize>,
        /// Acts per concurrency level.
        #[arg(long, default_value_t = 1000)]
        acts: usize,
        /// Run on this PostgreSQL database (empty or a Tauar database) instead of SQLite.
        #[arg(long)]
        database_url: Option<String>,
        /// Where to write the JSON report.
        #[arg(long, default_value = "bench-signatures.json")]
        out: PathBuf,
    },
    /// Write the query mix from two demo datasets of the same seed (sizes ≥ 50 000).
    Mix {
        #[arg(long)]
        a: PathBuf,
        #[arg(long)]
        b: PathBuf,
        #[arg(long, default_value = "crates/tauar/bench/query_mix.json")]
        out: PathBuf,
    },
}

/// One failed quality check.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub kind: String,
    pub query: String,
    pub expected: String,
    pub total: u64,
}

/// A query's best time of three sequential runs.
#[derive(Debug, Clone, Serialize)]
pub struct Slow {
    pub kind: String,
    pub query: String,
    pub ms: f64,
}

/// Everything measured for one engine.
#[derive(Debug, Clone, Serialize, Default)]
pub struct EngineReport {
    pub engine: String,
    pub queries: usize,
    pub index_build_s: Option<f64>,
    pub index_bytes: Option<u64>,
    pub peak_rss_bytes: Option<u64>,
    pub quality_checked: usize,
    pub quality_passed: usize,
    pub misses: Vec<Miss>,
    /// The ten slowest queries of the mix, run one at a time.
    pub slowest: Vec<Slow>,
    pub levels: Vec<Level>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub date: String,
    pub goods: u64,
    pub seed: u64,
    pub generation_s: Option<f64>,
    pub engines: Vec<EngineReport>,
}

fn exe() -> anyhow::Result<PathBuf> {
    std::env::current_exe().context("the path of this program")
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A `tauar serve` child process.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_server(dir: &Path, db_url: Option<&str>) -> anyhow::Result<(Server, f64)> {
    let port = free_port()?;
    let mut cmd = Command::new(exe()?);
    cmd.arg("serve")
        .arg("--data-dir")
        .arg(dir)
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"));
    if let Some(u) = db_url {
        cmd.arg("--database-url").arg(u);
    }
    cmd.env("TAUAR_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    let started = Instant::now();
    let server = Server {
        child: cmd.spawn().context("starting tauar serve")?,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    loop {
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await
            && r.status().is_success()
        {
            return Ok((server, started.elapsed().as_secs_f64()));
        }
        if started.elapsed() > Duration::from_secs(4 * 3600) {
            bail!("the server did not become ready");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Makes sure `dir` holds `goods` demo goods of `seed` (runs `tauar demo` otherwise).
fn ensure_dataset(
    dir: &Path,
    goods: u64,
    seed: u64,
    db_url: Option<&str>,
) -> anyhow::Result<Option<f64>> {
    let marker = dir.join(format!("bench-dataset-{goods}-{seed}"));
    if marker.exists() {
        return Ok(None);
    }
    println!(
        "generating {goods} demo goods (seed {seed}) in {} …",
        dir.display()
    );
    let started = Instant::now();
    let mut cmd = Command::new(exe()?);
    cmd.arg("demo")
        .arg("--data-dir")
        .arg(dir)
        .arg("--goods")
        .arg(goods.to_string())
        .arg("--seed")
        .arg(seed.to_string());
    if let Some(u) = db_url {
        cmd.arg("--database-url").arg(u);
    }
    let status = cmd
        .env("TAUAR_LOG", "warn")
        .status()
        .context("running tauar demo")?;
    if !status.success() {
        bail!("tauar demo failed");
    }
    std::fs::write(&marker, b"")?;
    Ok(Some(started.elapsed().as_secs_f64()))
}

fn expected_on_page(e: &Entry, a: &Answer) -> bool {
    match &e.expect {
        None => true,
        Some(x) => a.page.iter().any(|p| p == x),
    }
}

/// Checks quality and measures latency for one engine.
async fn measure<F, Fut>(
    name: &str,
    mix: Arc<Vec<Entry>>,
    ask: F,
    concurrency: &[usize],
    requests: usize,
    warmup: usize,
    budget: Duration,
) -> EngineReport
where
    F: Fn(Entry) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = anyhow::Result<Answer>> + Send,
{
    let mut report = EngineReport {
        engine: name.to_string(),
        queries: mix.len(),
        ..EngineReport::default()
    };
    let mut timed = Vec::new();
    for e in mix.iter() {
        let mut best = f64::MAX;
        let mut answer = Err(anyhow::anyhow!("not run"));
        for _ in 0..3 {
            let t = Instant::now();
            answer = ask(e.clone()).await;
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        }
        timed.push(Slow {
            kind: e.kind.clone(),
            query: e.path(),
            ms: best,
        });
        if let Some(expected) = &e.expect {
            report.quality_checked += 1;
            match &answer {
                Ok(a) if expected_on_page(e, a) => report.quality_passed += 1,
                Ok(a) => report.misses.push(Miss {
                    kind: e.kind.clone(),
                    query: e.path(),
                    expected: expected.clone(),
                    total: a.total,
                }),
                Err(err) => report.misses.push(Miss {
                    kind: e.kind.clone(),
                    query: e.path(),
                    expected: format!("{expected} (error: {err:#})"),
                    total: 0,
                }),
            }
        }
    }
    timed.sort_by(|a, b| b.ms.total_cmp(&a.ms));
    timed.truncate(10);
    report.slowest = timed;
    let run = |mix: Arc<Vec<Entry>>, ask: F| {
        move |i: usize| {
            let e = mix[i % mix.len()].clone();
            let ask = ask.clone();
            async move { ask(e).await.is_ok() }
        }
    };
    load(2, warmup, budget, run(Arc::clone(&mix), ask.clone())).await;
    for &c in concurrency {
        let level = load(c, requests, budget, run(Arc::clone(&mix), ask.clone())).await;
        println!(
            "{name:>12} c={:<2} p50 {:>7.2} ms  p95 {:>7.2}  p99 {:>7.2}  max {:>8.2}  {:>7.1} q/s  errors {}",
            level.concurrency,
            level.p50_ms,
            level.p95_ms,
            level.p99_ms,
            level.max_ms,
            level.throughput_rps,
            level.errors
        );
        report.levels.push(level);
    }
    report
}

fn print_summary(r: &Report) {
    println!();
    println!(
        "{:<12} {:>9} {:>9} {:>9} {:>10} {:>10} {:>9} {:>11} {:>12}",
        "engine",
        "p50 c=4",
        "p99 c=4",
        "q/s c=4",
        "p99 ratio",
        "quality",
        "build s",
        "index MB",
        "peak RSS MB"
    );
    let tauar_p99 = r
        .engines
        .iter()
        .find(|e| e.engine == "tauar")
        .and_then(|e| e.levels.iter().find(|l| l.concurrency == 4))
        .map(|l| l.p99_ms);
    for e in &r.engines {
        let l4 = e
            .levels
            .iter()
            .find(|l| l.concurrency == 4)
            .or(e.levels.last());
        let ratio = match (l4, tauar_p99) {
            (Some(l), Some(t)) if t > 0.0 => format!("{:.1}×", l.p99_ms / t),
            _ => "-".into(),
        };
        println!(
            "{:<12} {:>9.2} {:>9.2} {:>9.1} {:>10} {:>10} {:>9} {:>11} {:>12}",
            e.engine,
            l4.map_or(0.0, |l| l.p50_ms),
            l4.map_or(0.0, |l| l.p99_ms),
            l4.map_or(0.0, |l| l.throughput_rps),
            ratio,
            format!("{}/{}", e.quality_passed, e.quality_checked),
            e.index_build_s.map_or("-".into(), |s| format!("{s:.1}")),
            e.index_bytes
                .map_or("-".into(), |b| format!("{:.0}", b as f64 / 1e6)),
            e.peak_rss_bytes
                .map_or("-".into(), |b| format!("{:.0}", b as f64 / 1e6)),
        );
        for m in &e.misses {
            println!(
                "    miss [{}] {} — expected «{}» (total {})",
                m.kind, m.query, m.expected, m.total
            );
        }
    }
}

pub async fn run(what: BenchWhat) -> anyhow::Result<()> {
    match what {
        BenchWhat::Mix { a, b, out } => make_mix::make_mix(&a, &b, &out).await,
        #[cfg(feature = "testkit")]
        BenchWhat::Signatures {
            concurrency,
            acts,
            database_url,
            out,
        } => signatures::run(concurrency, acts, database_url, out).await,
        BenchWhat::Search {
            data_dir,
            goods,
            seed,
            concurrency,
            requests,
            warmup,
            level_seconds,
            engines,
            pg_url,
            keep_index,
            check_quality,
            out,
        } => {
            let budget = Duration::from_secs(level_seconds);
            let mix = Arc::new(mix::committed()?);
            std::fs::create_dir_all(&data_dir)?;
            let generation_s = ensure_dataset(&data_dir, goods, seed, None)?;
            let mut report = Report {
                date: kernel::Millis::now().rfc3339_local(),
                goods,
                seed,
                generation_s,
                engines: Vec::new(),
            };
            let goods_mix: Arc<Vec<Entry>> = Arc::new(
                mix.iter()
                    .filter(|e| baseline_supports(e))
                    .cloned()
                    .collect(),
            );

            if engines.iter().any(|e| e == "tauar") {
                if !keep_index {
                    let _ = std::fs::remove_dir_all(data_dir.join("index").join("goods"));
                }
                println!(
                    "starting tauar (rebuilding the goods index: {}) …",
                    !keep_index
                );
                let (server, ready_s) = start_server(&data_dir, None).await?;
                let tauar = Arc::new(Tauar {
                    base: server.base.clone(),
                    client: reqwest::Client::builder()
                        .timeout(Duration::from_secs(120))
                        .build()?,
                });
                let ask = move |e: Entry| {
                    let t = Arc::clone(&tauar);
                    async move { t.ask(&e).await }
                };
                // The full mix (codes too) for Tauar, and the goods-only mix for the comparison.
                let mut r = measure(
                    "tauar",
                    Arc::clone(&mix),
                    ask.clone(),
                    &concurrency,
                    requests,
                    warmup,
                    budget,
                )
                .await;
                let goods_only = measure(
                    "tauar-goods",
                    Arc::clone(&goods_mix),
                    ask,
                    &concurrency,
                    requests,
                    warmup,
                    budget,
                )
                .await;
                let pid = server.child.id();
                let (peak, _) = rss(pid);
                r.index_build_s = (!keep_index).then_some(ready_s);
                r.index_bytes = Some(dir_size(&data_dir.join("index")));
                r.peak_rss_bytes = Some(peak);
                report.engines.push(r);
                report.engines.push(EngineReport {
                    peak_rss_bytes: Some(peak),
                    ..goods_only
                });
                drop(server);
            }

            if engines.iter().any(|e| e == "sqlite-fts5") {
                println!("sqlite-fts5: building the FTS5 trigram index if absent …");
                let (fts, build_s) = Fts5::open(&data_dir).await?;
                let fts = Arc::new(fts);
                let ask = move |e: Entry| {
                    let f = Arc::clone(&fts);
                    async move { f.ask(&e).await }
                };
                let mut r = measure(
                    "sqlite-fts5",
                    Arc::clone(&goods_mix),
                    ask,
                    &concurrency,
                    requests,
                    warmup,
                    budget,
                )
                .await;
                r.index_build_s = (build_s > 0.0).then_some(build_s);
                r.index_bytes = std::fs::metadata(data_dir.join("fts5.db"))
                    .ok()
                    .map(|m| m.len());
                report.engines.push(r);
            }

            if engines.iter().any(|e| e == "postgres") {
                let Some(admin) = pg_url.clone() else {
                    bail!(
                        "the postgres baseline needs --pg-url (or TAUAR_BENCH_PG_URL); bench/run-search.sh starts a server"
                    );
                };
                let name = format!("tauar_bench_{goods}_{seed}");
                let url = ensure_pg_database(&admin, &name).await?;
                let pg_dir = data_dir.join("pg");
                std::fs::create_dir_all(&pg_dir)?;
                if let Some(s) = ensure_dataset(&pg_dir, goods, seed, Some(&url))? {
                    println!("postgres dataset generated in {s:.0} s");
                }
                let pool = db::sqlx::any::AnyPoolOptions::new()
                    .max_connections(16)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // Typo matching needs a lower threshold than the default 0.6.
                            db::sqlx::query("SET pg_trgm.word_similarity_threshold = 0.45")
                                .execute(&mut *conn)
                                .await
                                .map(|_| ())
                        })
                    })
                    .connect(&url)
                    .await?;
                db::sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    .execute(&pool)
                    .await?;
                let pg = Postgres { pool };
                println!("postgres: building the full-text and trigram indexes if absent …");
                let build_s = pg.prepare().await?;
                let pg = Arc::new(pg);
                let size: i64 = {
                    use db::sqlx::Row;
                    db::sqlx::query("SELECT CAST(pg_relation_size('bench_goods_trgm') + pg_relation_size('bench_goods_fts') AS BIGINT)")
                        .fetch_one(&pg.pool)
                        .await?
                        .try_get(0)?
                };
                let ask = move |e: Entry| {
                    let p = Arc::clone(&pg);
                    async move { p.ask(&e).await }
                };
                let mut r = measure(
                    "postgres",
                    Arc::clone(&goods_mix),
                    ask,
                    &concurrency,
                    requests,
                    warmup,
                    budget,
                )
                .await;
                r.index_build_s = Some(build_s);
                r.index_bytes = Some(size.max(0) as u64);
                report.engines.push(r);
            }

            print_summary(&report);
            std::fs::write(&out, serde_json::to_vec_pretty(&report)?)
                .with_context(|| format!("writing {}", out.display()))?;
            println!("report written to {}", out.display());
            let failed: usize = report
                .engines
                .iter()
                .filter(|e| e.engine.starts_with("tauar"))
                .map(|e| e.misses.len())
                .sum();
            let errors: usize = report
                .engines
                .iter()
                .filter(|e| e.engine.starts_with("tauar"))
                .flat_map(|e| &e.levels)
                .map(|l| l.errors)
                .sum();
            if check_quality && (failed > 0 || errors > 0) {
                bail!("{failed} quality checks failed and {errors} requests failed for Tauar");
            }
            Ok(())
        }
    }
}

/// Creates the baseline database (byte-order collation) when absent; returns its URL.
async fn ensure_pg_database(admin: &str, name: &str) -> anyhow::Result<String> {
    use db::sqlx::Row;
    let adm = db::Db::connect(admin).await?;
    let exists: i64 = db::sqlx::query("SELECT COUNT(*) FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_one(adm.pool())
        .await?
        .try_get(0)?;
    if exists == 0 {
        // C.UTF-8 character classes, so that lower() and the russian text search configuration
        // handle Cyrillic (Tauar itself does not need them; a baseline with lower() does).
        let sql = format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
        );
        db::sqlx::query(db::AssertSqlSafe(sql))
            .execute(adm.pool())
            .await?;
    }
    adm.close().await;
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin);
    Ok(format!("{base}/{name}"))
}
