//! `tauar audit verify` (SIG-72): re-checks the hash chain of the audit log and every stored
//! signature against the trust store; exit code 0 only when everything passes, and the report
//! names the first broken row.

use anyhow::Context;
use std::path::Path;

/// Runs the check on the database of `settings`; returns whether everything passed.
pub async fn verify(settings: web::Settings, trust_dir: Option<&Path>) -> anyhow::Result<bool> {
    let db = db::Db::connect(&settings.database_url())
        .await
        .context("opening the database")?;
    db.migrate().await.context("migrating")?;
    let trust = match trust_dir
        .map(Path::to_path_buf)
        .or_else(|| settings.pki.trust())
    {
        Some(dir) => pki::TrustStore::load_dir(&dir)
            .map_err(|e| anyhow::anyhow!("trust store {}: {e}", dir.display()))?,
        None => {
            eprintln!(
                "warning: no trust store (--trust-dir or --pki-dir): signatures are checked \
                 without their chains and will be reported as untrusted"
            );
            pki::TrustStore::default()
        }
    };
    let started = std::time::Instant::now();
    let report = signatures::audit::verify_all(&db, &trust).await?;
    println!(
        "audit log: {} rows, last #{} ({}…); signatures: {}; {:.1} s",
        report.rows,
        report.last_seq,
        report.last_hash.get(..16).unwrap_or(""),
        report.signatures,
        started.elapsed().as_secs_f64()
    );
    for b in &report.breaks {
        println!("BROKEN audit row #{}: {}", b.seq, b.reason);
    }
    for f in &report.signature_faults {
        println!("BROKEN signature #{}: {}", f.signature_id, f.reason);
    }
    if report.is_intact() {
        println!("OK: the chain is intact and every signature proves its act");
    } else if let Some(b) = report.breaks.first() {
        println!("first broken audit row: #{}", b.seq);
    }
    db.close().await;
    Ok(report.is_intact())
}
