//! SQL of platform administration (ACC-114): the account search, blocking and unblocking,
//! and the role grants with their ids.

use crate::store::{ACCOUNT_COLS, Account, account_from};
use db::Tx;
use kernel::Millis;
use serde::Serialize;
use sqlx::{Any, Executor, Row};

/// One page of accounts whose ИИН, name or e-mail contains `q` (all accounts for an empty
/// `q`), newest first, and the number of matches.
pub async fn search_accounts<'e, E: Executor<'e, Database = Any> + Copy>(
    ex: E,
    q: &str,
    offset: i64,
    limit: i64,
) -> Result<(i64, Vec<Account>), sqlx::Error> {
    let like = format!(
        "%{}%",
        q.trim()
            .to_uppercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let filter = "(iin LIKE $1 ESCAPE '\\' OR UPPER(last_name || ' ' || first_name || ' ' || \
                  COALESCE(middle_name, '')) LIKE $1 ESCAPE '\\' OR UPPER(email_key) LIKE $1 \
                  ESCAPE '\\')";
    let total: i64 = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM accounts WHERE {filter}"
    )))
    .bind(&like)
    .fetch_one(ex)
    .await?
    .try_get(0)?;
    let rows = sqlx::query(db::AssertSqlSafe(format!(
        "SELECT {ACCOUNT_COLS} FROM accounts WHERE {filter} \
         ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"
    )))
    .bind(&like)
    .bind(limit)
    .bind(offset)
    .fetch_all(ex)
    .await?;
    Ok((
        total,
        rows.iter().map(account_from).collect::<Result<_, _>>()?,
    ))
}

/// A6: blocked with a reason; the status before is kept for A7.
pub async fn block(
    tx: &mut Tx,
    id: &str,
    reason: &str,
    by: &str,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE accounts SET status_before_block = status, status = 'BLOCKED', \
         blocked_reason = $2, blocked_by = $3, blocked_at = $4, updated_at = $4, updated_by = $3 \
         WHERE id = $1 AND status <> 'BLOCKED'",
    )
    .bind(id)
    .bind(reason)
    .bind(by)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A7: back to the status before the block.
pub async fn unblock(tx: &mut Tx, id: &str, by: &str, now: Millis) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE accounts SET status = COALESCE(status_before_block, 'ACTIVE'), \
         status_before_block = NULL, blocked_reason = NULL, blocked_by = NULL, blocked_at = NULL, \
         updated_at = $3, updated_by = $2 WHERE id = $1 AND status = 'BLOCKED'",
    )
    .bind(id)
    .bind(by)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// One effective grant of §2.17.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleGrant {
    pub id: i64,
    pub role: String,
    pub scope_participant_id: Option<String>,
    pub granted_by: Option<String>,
    pub granted_at: i64,
    pub reason: String,
}

pub async fn grants_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    account_id: &str,
) -> Result<Vec<RoleGrant>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, role, scope_participant_id, granted_by, granted_at, reason FROM role_grants \
         WHERE account_id = $1 AND revoked_at IS NULL ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RoleGrant {
                id: r.try_get("id")?,
                role: r.try_get("role")?,
                scope_participant_id: r.try_get("scope_participant_id")?,
                granted_by: r.try_get("granted_by")?,
                granted_at: r.try_get("granted_at")?,
                reason: r.try_get("reason")?,
            })
        })
        .collect()
}

/// ACC-13: revokes an effective grant of the account; false when there is none.
pub async fn revoke(
    tx: &mut Tx,
    account_id: &str,
    grant_id: i64,
    by: &str,
    reason: &str,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE role_grants SET revoked_by = $3, revoked_at = $4, revoke_reason = $5 \
         WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL",
    )
    .bind(account_id)
    .bind(grant_id)
    .bind(by)
    .bind(now.0)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Revokes the effective grants of `role` scoped to `participant_id` (ACC-96: an ended
/// membership ends the ЕНС ТРУ access there). Returns how many were revoked.
pub async fn revoke_scoped(
    tx: &mut Tx,
    account_id: &str,
    role: &str,
    participant_id: &str,
    by: &str,
    reason: &str,
    now: Millis,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE role_grants SET revoked_by = $4, revoked_at = $5, revoke_reason = $6 \
         WHERE account_id = $1 AND role = $2 AND scope_participant_id = $3 AND revoked_at IS NULL",
    )
    .bind(account_id)
    .bind(role)
    .bind(participant_id)
    .bind(by)
    .bind(now.0)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected())
}
