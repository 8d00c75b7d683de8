//! `tauar bench signatures` (issue 5 §5, SIG-56): signed acts per second and their latency —
//! verify the CMS, build and check the chain, revocation with a warm OCSP cache (the test PKI's
//! responder on loopback, as in production), then one write transaction that consumes the
//! challenge, stores the signature and appends the audit row — for RSA-2048 and GOST 2015-512
//! keys at each concurrency level. In-process (no HTTP), on SQLite by default or on
//! PostgreSQL. Challenges and CMS are prepared before the clock starts: signing happens in the
//! user's NCALayer, not on the server. The timed path is the server's whole work for an act:
//! `Signing::verify` (challenge lookup, CMS, chain, validity, revocation from the warm cache)
//! then `Signing::complete` (the group commit of SIG-52, acknowledged once durable). Beside
//! the latencies the report gives the mean time of each of the two phases.

use super::stats::{Level, load};
use anyhow::{Context, anyhow};
use kernel::{Lang, SystemClock};
use pki::testkit::{CmsOptions, InitOptions, TestPki, init, sign_cms};
use serde::Serialize;
use signatures::{Binding, OcspConfig, Purpose, Revocation, RevocationMode, Signing, TbsInput};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The personas measured: (label, persona of SIG-62).
const KEYS: [(&str, &str); 2] = [("RSA-2048", "ind-sign"), ("GOST-512", "gost-ind-dual")];

#[derive(Debug, Serialize)]
pub struct AlgorithmReport {
    pub algorithm: String,
    pub persona: String,
    pub levels: Vec<Level>,
    /// Per level: mean milliseconds of the verification and of the commit phase of an act.
    pub phases: Vec<Phases>,
}

/// Where an act's time went, on average, at one concurrency level.
#[derive(Debug, Clone, Serialize)]
pub struct Phases {
    pub concurrency: usize,
    /// `Signing::verify`: challenge lookup, CMS, chain, validity, revocation (warm cache).
    pub verify_ms: f64,
    /// `Signing::complete`: waiting for and running the group commit until it is durable.
    pub commit_ms: f64,
    /// CPU time of this process (all threads, user + system) per act: the server's work
    /// whatever else runs on the machine (SQLite runs inside; a PostgreSQL server does not).
    /// 0 where `/proc` is not available.
    pub cpu_ms_per_act: f64,
    /// The machine's 1-minute load average at the end of the level (other work competes for
    /// the same cores).
    pub load1: f64,
}

/// CPU seconds (user + system) of this process so far, from `/proc/self/stat`.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat
        .get(stat.rfind(')')? + 2..)?
        .split_whitespace()
        .collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
    // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// Sums of the phase times of one level, in microseconds.
#[derive(Debug, Default)]
struct PhaseSums {
    verify_us: AtomicU64,
    commit_us: AtomicU64,
    acts: AtomicU64,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub date: String,
    pub database: String,
    pub acts_per_level: usize,
    pub algorithms: Vec<AlgorithmReport>,
}

/// One prepared act: the challenge id and the CMS over its TBS.
struct Prepared {
    challenge_id: String,
    cms: Vec<u8>,
}

pub async fn run(
    concurrency: Vec<usize>,
    acts: usize,
    database_url: Option<String>,
    out: PathBuf,
) -> anyhow::Result<()> {
    let tmp = std::env::temp_dir().join(format!("tauar-bench-sig-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let pki_dir = tmp.join("pki");
    init(&pki_dir, &InitOptions::default()).map_err(|e| anyhow!("test PKI: {e}"))?;
    let test_pki = TestPki::open(&pki_dir).map_err(|e| anyhow!("{e}"))?;
    let trust = test_pki.trust_store().map_err(|e| anyhow!("{e}"))?;

    // The OCSP responder of the test PKI, on loopback (SIG-64).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let responder = tauar::pki_serve::spawn(&pki_dir, listener).map_err(|e| anyhow!("{e}"))?;
    let ocsp = OcspConfig::new(format!("{}/ocsp/", responder.url()));

    let url = database_url.unwrap_or_else(|| db::sqlite_url_in(&tmp.join("data")));
    let db = db::Db::connect(&url).await.context("database")?;
    db.migrate().await?;
    let revocation = Revocation::new(
        RevocationMode::OcspThenCrl,
        Some(pki_dir.join("crl")),
        trust.clone(),
        Some(ocsp),
    )
    .map_err(|e| anyhow!("{e}"))?;
    let signing = Arc::new(Signing::new(
        db.clone(),
        trust,
        revocation,
        signatures::SigningConfig::default(),
        Arc::new(SystemClock),
    ));
    let purpose = Purpose::parse("demo.document").ok_or_else(|| anyhow!("purpose"))?;

    let mut report = Report {
        date: kernel::Millis::now().rfc3339_local(),
        database: db::redact_url(&url),
        acts_per_level: acts,
        algorithms: Vec::new(),
    };
    for (label, persona) in KEYS {
        let signer = test_pki.signer(persona).map_err(|e| anyhow!("{e}"))?;
        let mut levels = Vec::new();
        let mut phases = Vec::new();
        for &c in &concurrency {
            // Prepare (not measured): challenges issued and signed like NCALayer would.
            let mut prepared = Vec::with_capacity(acts + 1);
            for i in 0..=acts {
                let mut input = TbsInput::login(Lang::Ru, format!("bench {label} c={c} #{i}"));
                input.purpose = purpose.clone();
                input.content = Some(serde_json::json!({ "n": i }));
                let issued = signing
                    .issue(&input, "bench", &Binding::none())
                    .await
                    .map_err(|e| anyhow!("{e}"))?;
                let cms = sign_cms(&signer, &issued.tbs, &CmsOptions::default())
                    .map_err(|e| anyhow!("{e}"))?;
                prepared.push(Prepared {
                    challenge_id: issued.challenge_id,
                    cms,
                });
            }
            // The first act warms the OCSP cache (SIG-51); it is not measured.
            let warm = prepared.pop().ok_or_else(|| anyhow!("no act"))?;
            act(&signing, &purpose, &warm, &PhaseSums::default()).await?;
            let prepared = Arc::new(prepared);
            let sums = Arc::new(PhaseSums::default());
            let cpu_before = process_cpu_seconds();
            let (s, p, sm) = (Arc::clone(&signing), purpose.clone(), Arc::clone(&sums));
            let level = load(c, acts, Duration::from_secs(120), move |i| {
                let (s, p, prepared, sm) = (
                    Arc::clone(&s),
                    p.clone(),
                    Arc::clone(&prepared),
                    Arc::clone(&sm),
                );
                async move {
                    match prepared.get(i) {
                        Some(a) => act(&s, &p, a, &sm).await.is_ok(),
                        None => false,
                    }
                }
            })
            .await;
            let n = sums.acts.load(Ordering::Relaxed).max(1) as f64;
            let cpu = match (cpu_before, process_cpu_seconds()) {
                (Some(a), Some(b)) => (b - a) * 1000.0 / n,
                _ => 0.0,
            };
            let phase = Phases {
                concurrency: c,
                verify_ms: sums.verify_us.load(Ordering::Relaxed) as f64 / n / 1000.0,
                commit_ms: sums.commit_us.load(Ordering::Relaxed) as f64 / n / 1000.0,
                cpu_ms_per_act: cpu,
                load1: load_average(),
            };
            println!(
                "{label:>9} c={c}  p50 {:7.2} ms  p95 {:7.2}  p99 {:7.2}  max {:8.2}  {:8.1} acts/s  errors {}  (verify {:.2} ms, commit {:.2} ms; cpu {:.2} ms/act; load {:.1})",
                level.p50_ms,
                level.p95_ms,
                level.p99_ms,
                level.max_ms,
                level.throughput_rps,
                level.errors,
                phase.verify_ms,
                phase.commit_ms,
                phase.cpu_ms_per_act,
                phase.load1,
            );
            levels.push(level);
            phases.push(phase);
        }
        report.algorithms.push(AlgorithmReport {
            algorithm: label.to_string(),
            persona: persona.to_string(),
            levels,
            phases,
        });
    }
    // Every recorded act still verifies, and the chain is intact.
    let trust = test_pki.trust_store().map_err(|e| anyhow!("{e}"))?;
    let audit = signatures::audit::verify_all(&db, &trust).await?;
    println!(
        "audit verify: {} rows, {} signatures, intact: {}",
        audit.rows,
        audit.signatures,
        audit.is_intact()
    );
    std::fs::write(&out, serde_json::to_vec_pretty(&report)?)?;
    println!("report written to {}", out.display());
    responder.stop().await;
    db.close().await;
    let _ = std::fs::remove_dir_all(&tmp);
    if !audit.is_intact() {
        anyhow::bail!("the audit check failed after the benchmark");
    }
    Ok(())
}

/// One measured act: verification outside any transaction, then the act's commit (SIG-52),
/// which returns once the act is durably stored.
async fn act(s: &Signing, purpose: &Purpose, a: &Prepared, sums: &PhaseSums) -> anyhow::Result<()> {
    let started = Instant::now();
    let v = s
        .verify(&a.challenge_id, &a.cms, "bench", purpose, &Binding::none())
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let verified = Instant::now();
    s.complete(&v, "bench", None, serde_json::Value::Null)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let micros = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
    sums.verify_us
        .fetch_add(micros(verified - started), Ordering::Relaxed);
    sums.commit_us
        .fetch_add(micros(verified.elapsed()), Ordering::Relaxed);
    sums.acts.fetch_add(1, Ordering::Relaxed);
    Ok(())
}
