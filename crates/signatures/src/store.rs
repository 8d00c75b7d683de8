//! SQL of the slice (migration 0005): challenges, signatures, the audit log and its head.
//! Signatures and audit rows are only ever inserted (SIG-71; the database refuses UPDATE and
//! DELETE on them).

use crate::SignaturesError;
use db::{AssertSqlSafe, Db, Tx};
use kernel::Millis;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A challenge as stored (SIG-9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeRow {
    pub id: String,
    pub purpose: String,
    pub session_id: String,
    pub account_id: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub object_version: Option<i64>,
    pub tbs: Vec<u8>,
    pub tbs_sha256: String,
    pub issued_at: Millis,
    pub expires_at: Millis,
    pub used_at: Option<Millis>,
}

fn challenge_from(r: &AnyRow) -> Result<ChallengeRow, sqlx::Error> {
    Ok(ChallengeRow {
        id: r.try_get("id")?,
        purpose: r.try_get("purpose")?,
        session_id: r.try_get("session_id")?,
        account_id: r.try_get("account_id")?,
        object_type: r.try_get("object_type")?,
        object_id: r.try_get("object_id")?,
        object_version: r.try_get("object_version")?,
        tbs: r.try_get("tbs")?,
        tbs_sha256: r.try_get("tbs_sha256")?,
        issued_at: Millis(r.try_get("issued_at")?),
        expires_at: Millis(r.try_get("expires_at")?),
        used_at: r.try_get::<Option<i64>, _>("used_at")?.map(Millis),
    })
}

pub async fn insert_challenge(db: &Db, c: &ChallengeRow) -> Result<(), SignaturesError> {
    let mut tx = db.write_tx().await?;
    sqlx::query(
        "INSERT INTO sig_challenges (id, purpose, session_id, account_id, object_type, object_id, \
         object_version, tbs, tbs_sha256, issued_at, expires_at, used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL)",
    )
    .bind(&c.id)
    .bind(&c.purpose)
    .bind(&c.session_id)
    .bind(&c.account_id)
    .bind(&c.object_type)
    .bind(&c.object_id)
    .bind(c.object_version)
    .bind(&c.tbs)
    .bind(&c.tbs_sha256)
    .bind(c.issued_at.0)
    .bind(c.expires_at.0)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

const CHALLENGE_COLS: &str = "id, purpose, session_id, account_id, object_type, object_id, \
    object_version, tbs, tbs_sha256, issued_at, expires_at, used_at";

pub async fn load_challenge(db: &Db, id: &str) -> Result<Option<ChallengeRow>, SignaturesError> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {CHALLENGE_COLS} FROM sig_challenges WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(challenge_from).transpose()?)
}

/// SIG-52 (1): consumes the challenge inside the act's transaction; 0 rows → the reason.
pub async fn consume_challenge(
    tx: &mut Tx,
    id: &str,
    session_id: &str,
    now: Millis,
) -> Result<(), pki::PkiError> {
    let done = sqlx::query(
        "UPDATE sig_challenges SET used_at = $1 \
         WHERE id = $2 AND used_at IS NULL AND expires_at > $1 AND session_id = $3",
    )
    .bind(now.0)
    .bind(id)
    .bind(session_id)
    .execute(&mut **tx)
    .await
    .map_err(unavailable)?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let row =
        sqlx::query("SELECT used_at, expires_at, session_id FROM sig_challenges WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(unavailable)?;
    let Some(row) = row else {
        return Err(pki::PkiError::ChallengeUnknown);
    };
    let used: Option<i64> = row.try_get("used_at").map_err(unavailable)?;
    let expires: i64 = row.try_get("expires_at").map_err(unavailable)?;
    let session: String = row.try_get("session_id").map_err(unavailable)?;
    Err(if session != session_id {
        pki::PkiError::ChallengeUnknown
    } else if used.is_some() {
        pki::PkiError::ChallengeReplayed
    } else if expires <= now.0 {
        pki::PkiError::ChallengeExpired
    } else {
        pki::PkiError::ChallengeUnknown
    })
}

/// A database failure inside the refusal path is reported as "try again" — never as a verdict.
fn unavailable(e: sqlx::Error) -> pki::PkiError {
    tracing::error!(error = %e, "challenge store");
    pki::PkiError::RevocationUnavailable {
        detail: format!("database: {e}"),
    }
}

/// Drops challenges that expired more than a day ago and were never used (housekeeping).
pub async fn purge_challenges(db: &Db, now: Millis) -> Result<u64, SignaturesError> {
    let mut tx = db.write_tx().await?;
    let n = sqlx::query("DELETE FROM sig_challenges WHERE used_at IS NULL AND expires_at < $1")
        .bind(now.0 - 86_400_000)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(n)
}

/// One `signatures` row (SIG-70).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureRow {
    pub id: i64,
    pub purpose: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub object_version: Option<i64>,
    pub account_id: Option<String>,
    pub participant_id: Option<String>,
    pub tbs: Vec<u8>,
    pub tbs_sha256: String,
    pub cms: Vec<u8>,
    pub cms_sha256: String,
    pub signature_value_sha256: String,
    pub signer_cert: Vec<u8>,
    pub signer_cert_sha256: String,
    pub chain: Vec<u8>,
    pub iin: Option<String>,
    pub bin: Option<String>,
    pub holder_kind: Option<String>,
    pub purpose_kind: String,
    pub roles: String,
    pub cert_serial: String,
    pub cert_issuer: String,
    pub algorithm: String,
    pub signing_time: Millis,
    pub time_source: String,
    pub revocation_source: String,
    pub revocation_evidence: Option<Vec<u8>>,
    /// SIG-49 step 4: the root-CRL check of the signer's CA (JSON; NULL on older rows).
    pub revocation_root_crl: Option<String>,
    pub verified_at: Millis,
    pub verifier_version: String,
    pub challenge_id: String,
}

const SIGNATURE_COLS: &str = "id, purpose, object_type, object_id, object_version, account_id, \
    participant_id, tbs, tbs_sha256, cms, cms_sha256, signature_value_sha256, signer_cert, \
    signer_cert_sha256, chain, iin, bin, holder_kind, purpose_kind, roles, cert_serial, \
    cert_issuer, algorithm, signing_time, time_source, revocation_source, revocation_evidence, \
    revocation_root_crl, verified_at, verifier_version, challenge_id";

/// SIG-52 (2): inserts the signature with a new id; a CMS or signature value seen before →
/// `SIG_CHALLENGE_REPLAYED`.
pub async fn insert_signature(tx: &mut Tx, s: &mut SignatureRow) -> Result<i64, SignaturesError> {
    s.id = db::allocate(tx, "signatures", 1).await?;
    insert_signature_row(tx, s).await
}

/// Gives back the last `count` signature ids allocated in this transaction and not used (the
/// group commit allocates one id per act of a batch; refused acts leave theirs). The caller
/// holds the counter's row lock since its allocation, so nobody allocated after it.
pub async fn release_signature_ids(tx: &mut Tx, count: i64) -> Result<(), SignaturesError> {
    sqlx::query("UPDATE counters SET value = value - $1 WHERE name = 'signatures'")
        .bind(count)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// SIG-52 (2) with the id already in `s.id`.
pub async fn insert_signature_row(tx: &mut Tx, s: &SignatureRow) -> Result<i64, SignaturesError> {
    insert_signature_rows(tx, &[s]).await?;
    Ok(s.id)
}

/// Signature rows per INSERT statement (31 columns each).
const SIGNATURES_PER_INSERT: usize = 64;

/// SIG-52 (2) for several rows with their ids set, in multi-row statements (group commit).
/// A CMS, signature value or challenge seen before → `SIG_CHALLENGE_REPLAYED` (for the
/// statement: the caller does not learn which row).
pub async fn insert_signature_rows(
    tx: &mut Tx,
    rows: &[&SignatureRow],
) -> Result<(), SignaturesError> {
    for chunk in rows.chunks(SIGNATURES_PER_INSERT) {
        let placeholders = db::bulk_placeholders(tx, chunk.len(), 31);
        let mut q = sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO signatures ({SIGNATURE_COLS}) VALUES {placeholders}"
        )));
        for s in chunk {
            q = q
                .bind(s.id)
                .bind(&s.purpose)
                .bind(&s.object_type)
                .bind(&s.object_id)
                .bind(s.object_version)
                .bind(&s.account_id)
                .bind(&s.participant_id)
                .bind(&s.tbs)
                .bind(&s.tbs_sha256)
                .bind(&s.cms)
                .bind(&s.cms_sha256)
                .bind(&s.signature_value_sha256)
                .bind(&s.signer_cert)
                .bind(&s.signer_cert_sha256)
                .bind(&s.chain)
                .bind(&s.iin)
                .bind(&s.bin)
                .bind(&s.holder_kind)
                .bind(&s.purpose_kind)
                .bind(&s.roles)
                .bind(&s.cert_serial)
                .bind(&s.cert_issuer)
                .bind(&s.algorithm)
                .bind(s.signing_time.0)
                .bind(&s.time_source)
                .bind(&s.revocation_source)
                .bind(&s.revocation_evidence)
                .bind(&s.revocation_root_crl)
                .bind(s.verified_at.0)
                .bind(&s.verifier_version)
                .bind(&s.challenge_id);
        }
        if let Err(e) = q.execute(&mut **tx).await {
            let e = db::DbError::from(e);
            return Err(match e.unique_violation() {
                Some("uq_signatures_cms" | "uq_signatures_value" | "uq_signatures_challenge") => {
                    pki::PkiError::ChallengeReplayed.into()
                }
                _ => e.into(),
            });
        }
    }
    Ok(())
}

/// `count` new signature ids for a batch, the first returned (one statement once the counter
/// exists; the counter row stays locked until the transaction ends).
pub async fn allocate_signature_ids(tx: &mut Tx, count: i64) -> Result<i64, SignaturesError> {
    let row = sqlx::query(
        "UPDATE counters SET value = value + $1 WHERE name = 'signatures' RETURNING value",
    )
    .bind(count)
    .fetch_optional(&mut **tx)
    .await?;
    match row {
        Some(r) => Ok(r.try_get::<i64, _>(0)? - count + 1),
        None => Ok(db::allocate(tx, "signatures", count).await?),
    }
}

/// SIG-52 (1) for the acts of a batch at once: consumes every challenge of `items` (id,
/// session) that is unused and unexpired. True when each one was consumed, by its own
/// session; otherwise the caller rolls the transaction back (some challenges may have been
/// consumed) and consumes them one by one to learn each act's reason.
pub async fn consume_challenges(
    tx: &mut Tx,
    items: &[(&str, &str)],
    now: Millis,
) -> Result<bool, SignaturesError> {
    let list = (2..items.len() + 2)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut q = sqlx::query(AssertSqlSafe(format!(
        "UPDATE sig_challenges SET used_at = $1 \
         WHERE used_at IS NULL AND expires_at > $1 AND id IN ({list}) RETURNING id, session_id"
    )))
    .bind(now.0);
    for (id, _) in items {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(&mut **tx).await?;
    if rows.len() != items.len() {
        return Ok(false);
    }
    let mut consumed = std::collections::HashMap::with_capacity(rows.len());
    for r in &rows {
        consumed.insert(r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?);
    }
    Ok(items
        .iter()
        .all(|(id, session)| consumed.get(*id).is_some_and(|s| s == session)))
}

fn signature_from(r: &AnyRow) -> Result<SignatureRow, sqlx::Error> {
    Ok(SignatureRow {
        id: r.try_get("id")?,
        purpose: r.try_get("purpose")?,
        object_type: r.try_get("object_type")?,
        object_id: r.try_get("object_id")?,
        object_version: r.try_get("object_version")?,
        account_id: r.try_get("account_id")?,
        participant_id: r.try_get("participant_id")?,
        tbs: r.try_get("tbs")?,
        tbs_sha256: r.try_get("tbs_sha256")?,
        cms: r.try_get("cms")?,
        cms_sha256: r.try_get("cms_sha256")?,
        signature_value_sha256: r.try_get("signature_value_sha256")?,
        signer_cert: r.try_get("signer_cert")?,
        signer_cert_sha256: r.try_get("signer_cert_sha256")?,
        chain: r.try_get("chain")?,
        iin: r.try_get("iin")?,
        bin: r.try_get("bin")?,
        holder_kind: r.try_get("holder_kind")?,
        purpose_kind: r.try_get("purpose_kind")?,
        roles: r.try_get("roles")?,
        cert_serial: r.try_get("cert_serial")?,
        cert_issuer: r.try_get("cert_issuer")?,
        algorithm: r.try_get("algorithm")?,
        signing_time: Millis(r.try_get("signing_time")?),
        time_source: r.try_get("time_source")?,
        revocation_source: r.try_get("revocation_source")?,
        revocation_evidence: r.try_get("revocation_evidence")?,
        revocation_root_crl: r.try_get("revocation_root_crl")?,
        verified_at: Millis(r.try_get("verified_at")?),
        verifier_version: r.try_get("verifier_version")?,
        challenge_id: r.try_get("challenge_id")?,
    })
}

pub async fn load_signature(db: &Db, id: i64) -> Result<Option<SignatureRow>, SignaturesError> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {SIGNATURE_COLS} FROM signatures WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(signature_from).transpose()?)
}

/// Signatures with `id > after`, in id order, at most `limit` (for `tauar audit verify`).
pub async fn signatures_after(
    db: &Db,
    after: i64,
    limit: i64,
) -> Result<Vec<SignatureRow>, SignaturesError> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {SIGNATURE_COLS} FROM signatures WHERE id > $1 ORDER BY id LIMIT $2"
    )))
    .bind(after)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(signature_from).collect::<Result<_, _>>()?)
}
