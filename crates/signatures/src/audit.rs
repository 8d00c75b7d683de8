//! The hash-chained audit log (ARCHITECTURE "Audit", SIG-71, SIG-72, SIG-74): every signed act
//! and every refused attempt is one row whose `hash = SHA-256(prev_hash ‖ canonical JSON of the
//! row without hash)`. Rows are only inserted; the head row serialises appends on both backends.

use crate::{SignaturesError, sha256_hex, tbs::canonical};
use db::{Db, Tx};
use kernel::Millis;
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened (`kind`): a completed act, a refused attempt, or another recorded event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditKind {
    Act,
    Refusal,
    Event,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Act => "act",
            AuditKind::Refusal => "refusal",
            AuditKind::Event => "event",
        }
    }
}

/// One row before it is chained.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditEntry {
    pub kind: Option<AuditKind>,
    pub purpose: String,
    pub account_id: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub signature_id: Option<i64>,
    pub tbs_sha256: Option<String>,
    pub cms_sha256: Option<String>,
    /// SIG-74: the §7.1 code of a refusal.
    pub error_code: Option<String>,
    pub cert_serial: Option<String>,
    pub cert_issuer: Option<String>,
    pub iin: Option<String>,
    pub client_ip: Option<String>,
    /// A JSON object with whatever else the act records.
    pub detail: Value,
}

/// A stored row.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub seq: i64,
    pub at: Millis,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// The canonical JSON body that is hashed (everything but `hash`).
fn body(seq: i64, at: Millis, e: &AuditEntry, prev_hash: &str) -> Result<Vec<u8>, SignaturesError> {
    let kind = e.kind.unwrap_or(AuditKind::Event);
    canonical(&json!({
        "seq": seq,
        "at": at.0,
        "kind": kind.as_str(),
        "purpose": e.purpose,
        "account_id": e.account_id,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "signature_id": e.signature_id,
        "tbs_sha256": e.tbs_sha256,
        "cms_sha256": e.cms_sha256,
        "error_code": e.error_code,
        "cert_serial": e.cert_serial,
        "cert_issuer": e.cert_issuer,
        "iin": e.iin,
        "client_ip": e.client_ip,
        "detail": e.detail,
        "prev_hash": prev_hash,
    }))
}

fn chain_hash(prev_hash: &str, body: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(prev_hash.len() + body.len());
    bytes.extend_from_slice(prev_hash.as_bytes());
    bytes.extend_from_slice(body);
    sha256_hex(&bytes)
}

/// Appends one row inside the caller's transaction; returns its sequence number.
pub async fn append(tx: &mut Tx, at: Millis, e: &AuditEntry) -> Result<i64, SignaturesError> {
    append_many(tx, at, std::slice::from_ref(e))
        .await?
        .first()
        .copied()
        .ok_or_else(|| SignaturesError::Corrupt("no audit row appended".into()))
}

/// Takes the audit chain's head row for the rest of the transaction. A writer that will append
/// audit rows calls this first, so that every such writer takes its locks in one order — the
/// head, then whatever else (counters, rows) — and two of them cannot deadlock on PostgreSQL
/// (one allocating a counter then auditing, the other auditing then allocating). On SQLite the
/// write transaction already holds the database lock; the statement is harmless there.
pub async fn lock_head(tx: &mut Tx) -> Result<(), SignaturesError> {
    sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
        .execute(&mut **tx)
        .await
        .map_err(db::DbError::from)?;
    Ok(())
}

/// Rows per INSERT statement (18 columns; SQLite binds at most 32 766 values).
const ROWS_PER_INSERT: usize = 200;

/// Appends rows in order inside the caller's transaction, with one update of the head row
/// (group commit, SIG-56); returns their sequence numbers.
pub async fn append_many(
    tx: &mut Tx,
    at: Millis,
    entries: &[AuditEntry],
) -> Result<Vec<i64>, SignaturesError> {
    Ok(append_many_after(tx, at, entries, None).await?.0)
}

/// The head of the chain: the last sequence number and its hash.
pub type Head = (i64, String);

/// [`append_many`] for a writer that remembers the head it last committed (`known`): the rows
/// are chained onto it and the head row is moved by one conditional `UPDATE … WHERE seq = …
/// AND hash = …` (one statement fewer). When another writer appended since, that update
/// changes nothing and the head is read as usual. Returns the sequence numbers and the new
/// head (valid once the transaction commits).
pub async fn append_many_after(
    tx: &mut Tx,
    at: Millis,
    entries: &[AuditEntry],
    known: Option<&Head>,
) -> Result<(Vec<i64>, Option<Head>), SignaturesError> {
    if entries.is_empty() {
        return Ok((Vec::new(), known.cloned()));
    }
    let count = i64::try_from(entries.len())
        .map_err(|_| SignaturesError::Invalid("too many audit rows".into()))?;
    if let Some((seq, hash)) = known {
        let rows = chain_rows(seq + 1, hash, at, entries)?;
        let new_head = rows.last().map(|r| (r.seq, r.hash.clone()));
        if let Some((new_seq, new_hash)) = &new_head {
            // Takes the head row's lock on PostgreSQL, like the update below.
            let moved = sqlx::query(
                "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1 AND seq = $3 AND hash = $4",
            )
            .bind(new_seq)
            .bind(new_hash)
            .bind(seq)
            .bind(hash)
            .execute(&mut **tx)
            .await?
            .rows_affected();
            if moved == 1 {
                insert_rows(tx, &rows).await?;
                return Ok((rows.iter().map(|r| r.seq).collect(), new_head));
            }
        }
    }
    // Takes the head row's lock on PostgreSQL; SQLite already holds the write lock. `hash`
    // is still the previous row's: it is updated below.
    let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(count)
        .fetch_one(&mut **tx)
        .await?;
    let last: i64 = head.try_get("seq")?;
    let prev_hash: String = head.try_get("hash")?;
    let rows = chain_rows(last - count + 1, &prev_hash, at, entries)?;
    let new_head = rows.last().map(|r| (r.seq, r.hash.clone()));
    if let Some((_, hash)) = &new_head {
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(hash)
            .execute(&mut **tx)
            .await?;
    }
    insert_rows(tx, &rows).await?;
    Ok((rows.iter().map(|r| r.seq).collect(), new_head))
}

/// The rows of `entries` numbered from `first`, each hashed onto the previous one.
fn chain_rows(
    first: i64,
    prev_hash: &str,
    at: Millis,
    entries: &[AuditEntry],
) -> Result<Vec<AuditRow>, SignaturesError> {
    let mut prev_hash = prev_hash.to_string();
    let mut rows = Vec::with_capacity(entries.len());
    for (seq, e) in (first..).zip(entries) {
        let detail = if e.detail.is_null() {
            json!({})
        } else {
            e.detail.clone()
        };
        let entry = AuditEntry {
            detail,
            ..e.clone()
        };
        let hash = chain_hash(&prev_hash, &body(seq, at, &entry, &prev_hash)?);
        let prev = std::mem::replace(&mut prev_hash, hash.clone());
        rows.push(AuditRow {
            seq,
            at,
            entry,
            prev_hash: prev,
            hash,
        });
    }
    Ok(rows)
}

async fn insert_rows(tx: &mut Tx, rows: &[AuditRow]) -> Result<(), SignaturesError> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let placeholders = db::bulk_placeholders(tx, chunk.len(), 18);
        let sql = format!(
            "INSERT INTO audit_log (seq, at, kind, purpose, account_id, object_type, object_id, \
             signature_id, tbs_sha256, cms_sha256, error_code, cert_serial, cert_issuer, iin, \
             client_ip, detail, prev_hash, hash) VALUES {placeholders}"
        );
        let mut q = sqlx::query(db::AssertSqlSafe(sql));
        for r in chunk {
            let e = &r.entry;
            q = q
                .bind(r.seq)
                .bind(r.at.0)
                .bind(e.kind.unwrap_or(AuditKind::Event).as_str())
                .bind(&e.purpose)
                .bind(&e.account_id)
                .bind(&e.object_type)
                .bind(&e.object_id)
                .bind(e.signature_id)
                .bind(&e.tbs_sha256)
                .bind(&e.cms_sha256)
                .bind(&e.error_code)
                .bind(&e.cert_serial)
                .bind(&e.cert_issuer)
                .bind(&e.iin)
                .bind(&e.client_ip)
                .bind(e.detail.to_string())
                .bind(&r.prev_hash)
                .bind(&r.hash);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Appends a row in its own transaction (refusals, SIG-74: the act's transaction never ran).
pub async fn append_alone(db: &Db, at: Millis, e: &AuditEntry) -> Result<i64, SignaturesError> {
    let mut tx = db.write_tx().await?;
    let seq = append(&mut tx, at, e).await?;
    tx.commit().await?;
    Ok(seq)
}

fn row_from(r: &AnyRow) -> Result<AuditRow, SignaturesError> {
    let kind: String = r.try_get("kind")?;
    let detail: String = r.try_get("detail")?;
    Ok(AuditRow {
        seq: r.try_get("seq")?,
        at: Millis(r.try_get("at")?),
        entry: AuditEntry {
            kind: match kind.as_str() {
                "act" => Some(AuditKind::Act),
                "refusal" => Some(AuditKind::Refusal),
                "event" => Some(AuditKind::Event),
                other => return Err(SignaturesError::Corrupt(format!("audit kind {other}"))),
            },
            purpose: r.try_get("purpose")?,
            account_id: r.try_get("account_id")?,
            object_type: r.try_get("object_type")?,
            object_id: r.try_get("object_id")?,
            signature_id: r.try_get("signature_id")?,
            tbs_sha256: r.try_get("tbs_sha256")?,
            cms_sha256: r.try_get("cms_sha256")?,
            error_code: r.try_get("error_code")?,
            cert_serial: r.try_get("cert_serial")?,
            cert_issuer: r.try_get("cert_issuer")?,
            iin: r.try_get("iin")?,
            client_ip: r.try_get("client_ip")?,
            detail: serde_json::from_str(&detail)
                .map_err(|e| SignaturesError::Corrupt(format!("audit detail: {e}")))?,
        },
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// Rows with `seq > after`, in order, at most `limit`.
pub async fn rows_after(db: &Db, after: i64, limit: i64) -> Result<Vec<AuditRow>, SignaturesError> {
    let rows = sqlx::query(
        "SELECT seq, at, kind, purpose, account_id, object_type, object_id, signature_id, \
         tbs_sha256, cms_sha256, error_code, cert_serial, cert_issuer, iin, client_ip, detail, \
         prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_from).collect()
}

/// One problem found by [`verify_chain`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

/// The outcome of re-checking the chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    pub rows: u64,
    pub last_seq: i64,
    pub last_hash: String,
    /// Empty when the chain is intact; the first entry names the first broken row.
    pub breaks: Vec<ChainBreak>,
    /// Signatures re-checked by [`verify_all`].
    pub signatures: u64,
    /// Empty when every stored signature still proves its act.
    pub signature_faults: Vec<SignatureFault>,
}

/// A stored signature that no longer proves its act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureFault {
    pub signature_id: i64,
    pub reason: String,
}

impl AuditReport {
    pub fn is_intact(&self) -> bool {
        self.breaks.is_empty() && self.signature_faults.is_empty()
    }
}

/// SIG-72 (chain part): recomputes every hash from `GENESIS`, checks each `prev_hash`, the
/// sequence without gaps, and that the head row points at the last row.
pub async fn verify_chain(db: &Db) -> Result<AuditReport, SignaturesError> {
    Ok(chain_pass(db).await?.0)
}

/// The chain pass, also returning what each act row says of its signature:
/// signature id → (tbs_sha256, cms_sha256).
async fn chain_pass(
    db: &Db,
) -> Result<(AuditReport, HashMap<i64, (String, String)>), SignaturesError> {
    let mut refs = HashMap::new();
    let mut report = AuditReport {
        last_hash: GENESIS.to_string(),
        ..AuditReport::default()
    };
    // The head first: rows up to it are committed with it, and rows appended while we read
    // (seq above the head) belong to a later check, not to this one.
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(db.pool())
        .await?;
    let (hseq, hhash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
    let mut after = 0;
    'rows: loop {
        let rows = rows_after(db, after, 1000).await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            if r.seq > hseq {
                break 'rows;
            }
            report.rows += 1;
            if r.seq != report.last_seq + 1 {
                report.breaks.push(ChainBreak {
                    seq: r.seq,
                    reason: format!("sequence jumps from {} to {}", report.last_seq, r.seq),
                });
            }
            if r.prev_hash != report.last_hash {
                report.breaks.push(ChainBreak {
                    seq: r.seq,
                    reason: "prev_hash is not the previous row's hash".into(),
                });
            }
            let expected = chain_hash(&r.prev_hash, &body(r.seq, r.at, &r.entry, &r.prev_hash)?);
            if expected != r.hash {
                report.breaks.push(ChainBreak {
                    seq: r.seq,
                    reason: "the row's content does not match its hash".into(),
                });
            }
            if let Some(id) = r.entry.signature_id {
                refs.insert(
                    id,
                    (
                        r.entry.tbs_sha256.clone().unwrap_or_default(),
                        r.entry.cms_sha256.clone().unwrap_or_default(),
                    ),
                );
            }
            report.last_seq = r.seq;
            report.last_hash = r.hash.clone();
            after = r.seq;
        }
    }
    if hseq != report.last_seq || hhash != report.last_hash {
        report.breaks.push(ChainBreak {
            seq: hseq,
            reason: format!(
                "the chain head (row {hseq}) does not match the last row ({})",
                report.last_seq
            ),
        });
    }
    Ok((report, refs))
}

/// SIG-72 in full (offline): the chain, then every stored signature — its hashes, the audit
/// row that names it, the CMS over the stored TBS, the signature, the chain to `trust` and the
/// certificate's validity at the stored signing time. Revocation is taken from the stored
/// evidence, never asked again (an act stays valid after a later revocation, SIG-50).
pub async fn verify_all(db: &Db, trust: &pki::TrustStore) -> Result<AuditReport, SignaturesError> {
    // Signatures committed while the check runs are left for the next run: each signature and
    // its audit row commit together, so every signature seen here has its row in the chain.
    let last_signature: i64 =
        sqlx::query("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM signatures")
            .fetch_one(db.pool())
            .await?
            .try_get(0)?;
    let (mut report, refs) = chain_pass(db).await?;
    let mut after = 0;
    loop {
        let rows = crate::store::signatures_after(db, after, 200).await?;
        if rows.is_empty() || after >= last_signature {
            break;
        }
        after = rows.last().map_or(after, |r| r.id);
        for s in rows.iter().filter(|s| s.id <= last_signature) {
            report.signatures += 1;
            if let Some(reason) = signature_fault(s, refs.get(&s.id), trust) {
                report.signature_faults.push(SignatureFault {
                    signature_id: s.id,
                    reason,
                });
            }
        }
    }
    Ok(report)
}

fn signature_fault(
    s: &crate::store::SignatureRow,
    audit: Option<&(String, String)>,
    trust: &pki::TrustStore,
) -> Option<String> {
    if sha256_hex(&s.tbs) != s.tbs_sha256 {
        return Some("the stored document does not match its SHA-256".into());
    }
    if sha256_hex(&s.cms) != s.cms_sha256 {
        return Some("the stored CMS does not match its SHA-256".into());
    }
    match audit {
        None => return Some("no audit row names this signature".into()),
        Some((tbs, cms)) if *tbs != s.tbs_sha256 || *cms != s.cms_sha256 => {
            return Some("the audit row holds other hashes than the signature row".into());
        }
        Some(_) => {}
    }
    let policy = crate::Purpose::parse(&s.purpose)
        .map(|p| p.policy())
        .unwrap_or_else(pki::Policy::document);
    // SIG-45 again: a signature timestamp's genTime (= the stored signing time) within
    // [challenge issued_at − 1 min, signing time + 1 min].
    let time = pki::VerifyTime {
        now: s.signing_time,
        issued_at: crate::tbs::head(&s.tbs)
            .ok()
            .and_then(|h| h.issued_at_millis()),
    };
    match pki::verify_cms(&s.cms, pki::Expected::Tbs(&s.tbs), trust, time, &policy) {
        Ok(v) if v.time_source.as_str() != s.time_source || v.signing_time != s.signing_time => {
            Some(format!(
                "the CMS gives the signing time {} ({}), the row {} ({})",
                v.signing_time.0,
                v.time_source.as_str(),
                s.signing_time.0,
                s.time_source
            ))
        }
        Ok(v) if v.signer_cert_der != s.signer_cert => {
            Some("the CMS names another signer certificate than the row".into())
        }
        Ok(v) if s.revocation_source == "ocsp" => ocsp_evidence_fault(s, &v),
        Ok(_) => None,
        Err(e) => Some(format!("{}: {e}", e.code())),
    }
}

/// SIG-72: the stored OCSP response is signed by the issuer (or its responder), answers for
/// this certificate, and said it was not revoked at the signing time.
fn ocsp_evidence_fault(s: &crate::store::SignatureRow, v: &pki::Verified) -> Option<String> {
    let fault = |d: &str| Some(format!("stored OCSP evidence: {d}"));
    let Some(der) = s.revocation_evidence.as_deref() else {
        return fault("missing");
    };
    let (Ok(cert), Some(Ok(issuer))) = (
        pki::Cert::from_der(&v.signer_cert_der),
        v.chain_der.get(1).map(|d| pki::Cert::from_der(d)),
    ) else {
        return fault("the chain cannot be read");
    };
    let Ok(resp) = pki::OcspResponse::from_der(der) else {
        return fault("unreadable");
    };
    if resp.verify_signature(&issuer).is_err() {
        return fault("its signature does not verify");
    }
    match resp.status_for(&cert, &issuer).map(|one| one.status) {
        Some(pki::ocsp::OcspCertStatus::Good) => None,
        Some(pki::ocsp::OcspCertStatus::Revoked { at, .. }) if at > s.signing_time => None,
        Some(_) => fault("it does not say the certificate was good at the signing time"),
        None => fault("it does not answer for this certificate"),
    }
}
