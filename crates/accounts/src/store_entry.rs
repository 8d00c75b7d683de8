//! SQL of a session's entry into a system (migration 0006, no new table): the versions of an
//! agreement kind with whether an account accepted each (ACC-24), the versions an administrator
//! publishes (ACC-116), and the session's workspace (ACC-118).

use db::Tx;
use kernel::Millis;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

/// One published version of an agreement kind, and whether the account accepted it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionAccepted {
    pub version: String,
    pub published_at: Millis,
    pub requires_reacceptance: bool,
    /// The account's latest acceptance of this version (unix ms).
    pub accepted_at: Option<Millis>,
}

/// Every version of `kind` published up to `now`, oldest first, with the account's acceptance.
pub async fn versions_accepted<'e, E: Executor<'e, Database = Any>>(
    e: E,
    account_id: &str,
    kind: &str,
    now: Millis,
) -> Result<Vec<VersionAccepted>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.version, d.published_at, d.requires_reacceptance, \
         (SELECT MAX(a.accepted_at) FROM agreement_acceptances a WHERE a.account_id = $1 \
          AND a.kind = d.kind AND a.version = d.version) AS accepted_at \
         FROM agreement_documents d WHERE d.kind = $2 AND d.published_at <= $3 \
         ORDER BY d.published_at, d.version",
    )
    .bind(account_id)
    .bind(kind)
    .bind(now.0)
    .fetch_all(e)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(VersionAccepted {
                version: r.try_get("version")?,
                published_at: Millis(r.try_get("published_at")?),
                requires_reacceptance: db::flag(r, "requires_reacceptance")?,
                accepted_at: r.try_get::<Option<i64>, _>("accepted_at")?.map(Millis),
            })
        })
        .collect()
}

/// A stored version as the administrator lists it (no texts).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRow {
    pub kind: String,
    pub version: String,
    pub title_ru: String,
    pub title_kk: String,
    pub text_sha256: String,
    pub signature_required: bool,
    pub published_at: Millis,
    pub requires_reacceptance: bool,
    pub created_by: Option<String>,
    /// How many acceptances refer to this version.
    pub acceptances: i64,
}

const VERSION_COLS: &str = "d.kind, d.version, d.title_ru, d.title_kk, d.text_sha256, \
    d.acceptance_mode, d.published_at, d.requires_reacceptance, d.created_by, \
    (SELECT COUNT(*) FROM agreement_acceptances a WHERE a.kind = d.kind \
     AND a.version = d.version) AS acceptances";

fn version_from(r: &AnyRow) -> Result<VersionRow, sqlx::Error> {
    Ok(VersionRow {
        kind: r.try_get("kind")?,
        version: r.try_get("version")?,
        title_ru: r.try_get("title_ru")?,
        title_kk: r.try_get("title_kk")?,
        text_sha256: r.try_get("text_sha256")?,
        signature_required: r.try_get::<String, _>("acceptance_mode")? == "SIGNATURE",
        published_at: Millis(r.try_get("published_at")?),
        requires_reacceptance: db::flag(r, "requires_reacceptance")?,
        created_by: r.try_get("created_by")?,
        acceptances: r.try_get("acceptances")?,
    })
}

/// Every stored version of every kind: by kind, newest first.
pub async fn all_versions<'e, E: Executor<'e, Database = Any>>(
    e: E,
) -> Result<Vec<VersionRow>, sqlx::Error> {
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {VERSION_COLS} FROM agreement_documents d \
         ORDER BY d.kind, d.published_at DESC, d.version DESC"
    )))
    .fetch_all(e)
    .await?;
    rows.iter().map(version_from).collect()
}

/// One version with its texts (any version, also superseded ones: acceptances refer to them).
pub async fn agreement_version<'e, E: Executor<'e, Database = Any>>(
    e: E,
    kind: &str,
    version: &str,
) -> Result<Option<crate::store::Agreement>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT kind, version, title_ru, title_kk, text_ru, text_kk, text_sha256, \
         acceptance_mode, published_at, requires_reacceptance FROM agreement_documents \
         WHERE kind = $1 AND version = $2",
    )
    .bind(kind)
    .bind(version)
    .fetch_optional(e)
    .await?;
    row.map(|r| {
        Ok(crate::store::Agreement {
            kind: r.try_get("kind")?,
            version: r.try_get("version")?,
            title_ru: r.try_get("title_ru")?,
            title_kk: r.try_get("title_kk")?,
            text_ru: r.try_get("text_ru")?,
            text_kk: r.try_get("text_kk")?,
            text_sha256: r.try_get("text_sha256")?,
            signature_required: r.try_get::<String, _>("acceptance_mode")? == "SIGNATURE",
            published_at: Millis(r.try_get("published_at")?),
            requires_reacceptance: db::flag(&r, "requires_reacceptance")?,
        })
    })
    .transpose()
}

/// (versions, latest publication time) of a kind, read inside the publishing transaction.
pub async fn kind_versions(
    tx: &mut Tx,
    kind: &str,
) -> Result<(Vec<String>, Option<Millis>), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT version, published_at FROM agreement_documents WHERE kind = $1 \
         ORDER BY published_at",
    )
    .bind(kind)
    .fetch_all(&mut **tx)
    .await?;
    let mut versions = Vec::with_capacity(rows.len());
    let mut last = None;
    for r in &rows {
        versions.push(r.try_get::<String, _>("version")?);
        last = Some(Millis(r.try_get("published_at")?));
    }
    Ok((versions, last))
}

/// ACC-118: the session's workspace (`DEFAULT` or `SECRETARY`).
pub async fn set_workspace(
    tx: &mut Tx,
    session_sha256: &str,
    workspace: &str,
) -> Result<bool, sqlx::Error> {
    let r =
        sqlx::query("UPDATE sessions SET workspace = $2 WHERE id_sha256 = $1 AND ended_at IS NULL")
            .bind(session_sha256)
            .bind(workspace)
            .execute(&mut **tx)
            .await?;
    Ok(r.rows_affected() == 1)
}
