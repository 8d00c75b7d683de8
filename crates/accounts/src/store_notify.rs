//! SQL of the in-app notifications (migration 0012, ACC-155).

use db::Tx;
use kernel::Millis;
use sqlx::{Any, Executor, Row};

/// One in-app notification as stored: the Fluent message and its arguments (JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub message: String,
    pub args: String,
    pub created_at: Millis,
    pub read_at: Option<Millis>,
}

pub async fn insert(
    tx: &mut Tx,
    account_id: &str,
    kind: &str,
    message: &str,
    args: &str,
    now: Millis,
) -> Result<i64, db::DbError> {
    let id = db::allocate(tx, "notification", 1).await?;
    sqlx::query(
        "INSERT INTO notifications (id, account_id, kind, message, args, created_at, read_at) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL)",
    )
    .bind(id)
    .bind(account_id)
    .bind(kind)
    .bind(message)
    .bind(args)
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A page of the account's notifications, newest first, and how many there are in all and
/// unread.
pub async fn page<'e, E>(
    e: E,
    account_id: &str,
    offset: i64,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT id, kind, message, args, created_at, read_at FROM notifications \
         WHERE account_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
    )
    .bind(account_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(e)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(NotificationRow {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                message: r.try_get("message")?,
                args: r.try_get("args")?,
                created_at: Millis(r.try_get("created_at")?),
                read_at: r.try_get::<Option<i64>, _>("read_at")?.map(Millis),
            })
        })
        .collect()
}

/// (all, unread) of the account.
pub async fn counts<'e, E>(e: E, account_id: &str) -> Result<(i64, i64), sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    let r = sqlx::query(
        "SELECT COUNT(*) AS total, \
         COALESCE(SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0) AS unread \
         FROM notifications WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_one(e)
    .await?;
    Ok((r.try_get("total")?, r.try_get("unread")?))
}

/// Marks one notification of the account read; `false` when the account has no such one.
pub async fn mark_read(
    tx: &mut Tx,
    account_id: &str,
    id: i64,
    now: Millis,
) -> Result<bool, sqlx::Error> {
    let found: Option<Option<i64>> =
        sqlx::query_scalar("SELECT read_at FROM notifications WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account_id)
            .fetch_optional(&mut **tx)
            .await?;
    match found {
        None => Ok(false),
        Some(Some(_)) => Ok(true),
        Some(None) => {
            sqlx::query("UPDATE notifications SET read_at = $3 WHERE id = $1 AND account_id = $2")
                .bind(id)
                .bind(account_id)
                .bind(now.0)
                .execute(&mut **tx)
                .await?;
            Ok(true)
        }
    }
}

/// Marks every unread notification of the account read; returns how many.
pub async fn mark_all_read(tx: &mut Tx, account_id: &str, now: Millis) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE notifications SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL",
    )
    .bind(account_id)
    .bind(now.0)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}
