//! SQL of the mail outbox (table `mail_outbox`, migration 0006; ACC-154, ACC-160). Nothing
//! else in the workspace names the table. Common subset of `crates/db/README.md`: `$n`
//! placeholders, BIGINT unix-ms times, writes inside `Db::write_tx()`; the one exception is
//! PostgreSQL's `FOR UPDATE SKIP LOCKED` in [`claim_due`].

use crate::{NotifyError, OutboxEntry, OutgoingMail};
use db::sqlx::{self, Row, any::AnyRow};
use db::{Backend, Db, Tx};
use kernel::Millis;

/// A row claimed for sending: what the mailer needs, nothing more.
#[derive(Debug, Clone)]
pub(crate) struct Claimed {
    pub id: i64,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body_text: String,
    pub account_id: Option<String>,
    pub created_at: i64,
    pub attempts: i64,
}

const COLUMNS: &str = "id, kind, to_addr, subject, body_text, account_id, created_at, attempts, \
                       next_attempt_at, sent_at, failed_at, last_error";

pub(crate) async fn insert(
    tx: &mut Tx,
    id: i64,
    now: Millis,
    mail: &OutgoingMail,
) -> Result<(), NotifyError> {
    sqlx::query(
        "INSERT INTO mail_outbox (id, kind, to_addr, subject, body_text, account_id, created_at, \
         attempts, next_attempt_at, sent_at, failed_at, last_error) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $7, NULL, NULL, NULL)",
    )
    .bind(id)
    .bind(&mail.kind)
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(mail.account_id.as_deref())
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Claims up to `limit` due rows by moving their `next_attempt_at` to `lease_until` and
/// returns them (oldest first). Runs in its own write transaction, committed before anything
/// is sent, so another server sees the lease.
///
/// Why two servers never claim one row: on PostgreSQL the ids are first selected with
/// `FOR UPDATE SKIP LOCKED` (ARCHITECTURE "Jobs"; STACK.md "jobs"): a concurrent pass skips
/// the rows another pass holds and takes the next ones, and READ COMMITTED re-checks the due
/// condition on the newest version of each row it locks, so a row whose lease was committed
/// meanwhile is not taken. The `UPDATE` then names exactly those ids (a `LIMIT` subquery
/// inside the `UPDATE` is not enough: PostgreSQL may run it again while re-checking a
/// concurrently updated row, and with `SKIP LOCKED` each run returns other rows — measured
/// here: 170 rows claimed by one `LIMIT 10` statement). SQLite has no `FOR UPDATE` and needs
/// none: one writer at a time (`BEGIN IMMEDIATE`) serialises the claims. This suffix is the
/// only statement of the crate that differs between the backends.
pub(crate) async fn claim_due(
    db: &Db,
    now: Millis,
    lease_until: Millis,
    limit: i64,
) -> Result<Vec<Claimed>, NotifyError> {
    let lock = match db.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let pick = format!(
        "SELECT id FROM mail_outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at, id LIMIT $2{lock}"
    );
    let mut tx = db.write_tx().await?;
    let ids = sqlx::query(db::AssertSqlSafe(pick))
        .bind(now.0)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>("id"))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        tx.rollback().await.map_err(db::DbError::from)?;
        return Ok(Vec::new());
    }
    let list = (0..ids.len())
        .map(|i| format!("${}", i + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let update = format!(
        "UPDATE mail_outbox SET next_attempt_at = $1 \
         WHERE id IN ({list}) \
           AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2 \
         RETURNING id, kind, to_addr, subject, body_text, account_id, created_at, attempts"
    );
    let mut query = sqlx::query(db::AssertSqlSafe(update))
        .bind(lease_until.0)
        .bind(now.0);
    for id in &ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(&mut *tx).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    let mut claimed = rows
        .iter()
        .map(|r| {
            Ok(Claimed {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                to: r.try_get("to_addr")?,
                subject: r.try_get("subject")?,
                body_text: r.try_get("body_text")?,
                account_id: r.try_get("account_id")?,
                created_at: r.try_get("created_at")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// The message was handed over: record it and blank the body (it may hold an activation
/// link or a temporary password, ACC-160).
pub(crate) async fn mark_sent(db: &Db, id: i64, now: Millis) -> Result<(), NotifyError> {
    let mut tx = db.write_tx().await?;
    sqlx::query(
        "UPDATE mail_outbox SET sent_at = $2, body_text = '' WHERE id = $1 AND sent_at IS NULL",
    )
    .bind(id)
    .bind(now.0)
    .execute(&mut *tx)
    .await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(())
}

/// A failed attempt that will be retried at `next_attempt_at`.
pub(crate) async fn mark_retry(
    db: &Db,
    id: i64,
    attempts: i64,
    error: &str,
    next_attempt_at: Millis,
) -> Result<(), NotifyError> {
    let mut tx = db.write_tx().await?;
    sqlx::query(
        "UPDATE mail_outbox SET attempts = $2, last_error = $3, next_attempt_at = $4 \
         WHERE id = $1 AND sent_at IS NULL",
    )
    .bind(id)
    .bind(attempts)
    .bind(error)
    .bind(next_attempt_at.0)
    .execute(&mut *tx)
    .await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(())
}

/// The last attempt failed, or the message can never be sent: give up. The body is blanked
/// too, since nothing will read it again (ACC-160).
pub(crate) async fn mark_failed(
    db: &Db,
    id: i64,
    attempts: i64,
    error: &str,
    now: Millis,
) -> Result<(), NotifyError> {
    let mut tx = db.write_tx().await?;
    sqlx::query(
        "UPDATE mail_outbox SET attempts = $2, last_error = $3, failed_at = $4, body_text = '' \
         WHERE id = $1 AND sent_at IS NULL",
    )
    .bind(id)
    .bind(attempts)
    .bind(error)
    .bind(now.0)
    .execute(&mut *tx)
    .await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(())
}

/// Gives claimed rows that were not tried back to the queue at `at` (the server is down;
/// attempts unchanged).
pub(crate) async fn release(db: &Db, ids: &[i64], at: Millis) -> Result<(), NotifyError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut tx = db.write_tx().await?;
    for id in ids {
        sqlx::query(
            "UPDATE mail_outbox SET next_attempt_at = $2 \
             WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL",
        )
        .bind(*id)
        .bind(at.0)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(())
}

fn entry(r: &AnyRow) -> Result<OutboxEntry, sqlx::Error> {
    Ok(OutboxEntry {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        to: r.try_get("to_addr")?,
        subject: r.try_get("subject")?,
        body_text: r.try_get("body_text")?,
        account_id: r.try_get("account_id")?,
        created_at: Millis(r.try_get("created_at")?),
        attempts: r.try_get("attempts")?,
        next_attempt_at: Millis(r.try_get("next_attempt_at")?),
        sent_at: r.try_get::<Option<i64>, _>("sent_at")?.map(Millis),
        failed_at: r.try_get::<Option<i64>, _>("failed_at")?.map(Millis),
        last_error: r.try_get("last_error")?,
    })
}

pub(crate) async fn get(db: &Db, id: i64) -> Result<Option<OutboxEntry>, NotifyError> {
    let sql = format!("SELECT {COLUMNS} FROM mail_outbox WHERE id = $1");
    let row = sqlx::query(db::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(entry).transpose()?)
}

pub(crate) async fn for_account(
    db: &Db,
    account_id: &str,
) -> Result<Vec<OutboxEntry>, NotifyError> {
    let sql =
        format!("SELECT {COLUMNS} FROM mail_outbox WHERE account_id = $1 ORDER BY created_at, id");
    let rows = sqlx::query(db::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(entry).collect::<Result<Vec<_>, _>>()?)
}

pub(crate) async fn count_since(
    tx: &mut Tx,
    account_id: &str,
    kind: &str,
    since: Millis,
) -> Result<i64, NotifyError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM mail_outbox \
         WHERE account_id = $1 AND kind = $2 AND created_at >= $3",
    )
    .bind(account_id)
    .bind(kind)
    .bind(since.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("n")?)
}
