//! `tauar bench signatures` (issue 5 §5, SIG-56): signed acts per second and their latency —
//! verify the CMS, build and check the chain, revocation with a warm OCSP cache (the test PKI's
//! responder on loopback, as in production), then one write transaction that consumes the
//! challenge, stores the signature and appends the audit row — for RSA-2048 and GOST 2015-512
//! keys at each concurrency level. In-process (no HTTP), on SQLite by default or on
//! PostgreSQL. Challenges and CMS are prepared before the clock starts: signing happens in the
//! user's NCALayer, not on the server.

use super::stats::{Level, load};
use anyhow::{Context, anyhow};
use kernel::{Lang, SystemClock};
use pki::testkit::{CmsOptions, InitOptions, TestPki, init, sign_cms};
use serde::Serialize;
use signatures::{Binding, OcspConfig, Purpose, Revocation, RevocationMode, Signing, TbsInput};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The personas measured: (label, persona of SIG-62).
const KEYS: [(&str, &str); 2] = [("RSA-2048", "ind-sign"), ("GOST-512", "gost-ind-dual")];

#[derive(Debug, Serialize)]
pub struct AlgorithmReport {
    pub algorithm: String,
    pub persona: String,
    pub levels: Vec<Level>,
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
            act(&signing, &db, &purpose, &warm).await?;
            let prepared = Arc::new(prepared);
            let (s, d, p) = (Arc::clone(&signing), db.clone(), purpose.clone());
            let level = load(c, acts, Duration::from_secs(120), move |i| {
                let (s, d, p, prepared) =
                    (Arc::clone(&s), d.clone(), p.clone(), Arc::clone(&prepared));
                async move {
                    match prepared.get(i) {
                        Some(a) => act(&s, &d, &p, a).await.is_ok(),
                        None => false,
                    }
                }
            })
            .await;
            println!(
                "{label:>9} c={c}  p50 {:7.2} ms  p95 {:7.2}  p99 {:7.2}  max {:8.2}  {:8.1} acts/s  errors {}",
                level.p50_ms,
                level.p95_ms,
                level.p99_ms,
                level.max_ms,
                level.throughput_rps,
                level.errors
            );
            levels.push(level);
        }
        report.algorithms.push(AlgorithmReport {
            algorithm: label.to_string(),
            persona: persona.to_string(),
            levels,
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

/// One measured act: verification outside the transaction, then the act's transaction.
async fn act(s: &Signing, db: &db::Db, purpose: &Purpose, a: &Prepared) -> anyhow::Result<()> {
    let v = s
        .verify(&a.challenge_id, &a.cms, "bench", purpose, &Binding::none())
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let mut tx = db.write_tx().await?;
    s.record(&mut tx, &v, "bench", None, serde_json::Value::Null)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    tx.commit().await?;
    Ok(())
}
