//! Transactional e-mail of Tauar: the mail outbox and its delivery (spec/accounts.md §6
//! ACC-154, ACC-155; §7.2 ACC-160; ARCHITECTURE "notify").
//!
//! - [`enqueue`] writes a message into `mail_outbox` inside the caller's write transaction, so
//!   the change and its e-mail commit together or not at all (ACC-154). Which messages are
//!   sent (ACC-155: always, or only with «Дублировать уведомления на электронную почту») and
//!   in which language is the caller's decision; this crate sends what it is given.
//! - [`deliver_due`] is one delivery pass: it claims due rows with a lease (safe with several
//!   servers on PostgreSQL), sends them through a [`Mailer`], marks them sent and blanks the
//!   body, which may hold an activation link or a temporary password (ACC-160). A failed
//!   delivery is retried with exponential backoff ([`BACKOFF`]) and never touches the change
//!   that caused the mail.
//! - [`spawn_worker`] runs passes forever: on a wake-up or every 5 seconds.
//! - With the `testing` feature, [`testing`] reads delivered mail back (a `Mailer::dir`
//!   directory or the Maildir of the CI's aiosmtpd receiver, `.ci/smtp.sh`).
//!
//! Delivery is at-least-once: a server that dies between handing a message over and marking
//! it sent sends it again after the lease ([`CLAIM_BATCH`] × send timeout + 1 minute). The
//! Message-ID (`<tauar.{id}.{created_at}@…>`) is the same for every attempt of a row.
//! Logs name the row id and kind, never the body or the recipient's address.

mod error;
mod mailer;
mod store;
#[cfg(feature = "testing")]
pub mod testing;
mod worker;

pub use error::NotifyError;
pub use mailer::{DEFAULT_FROM, DEFAULT_SEND_TIMEOUT, Mailer};
pub use worker::{DEFAULT_TICK, Worker, spawn_worker};

use db::{Db, Tx};
use kernel::Millis;
use std::time::Instant;

/// One message to send. `kind` is the message id of spec/accounts.md §6 (`E-ACTIVATION`, …;
/// ASCII letters, digits and `-`); `to` is a bare address; the body is plain UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body_text: String,
    pub account_id: Option<String>,
}

/// A row of the outbox as stored (for tests, support screens and rate limits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub kind: String,
    pub to: String,
    pub subject: String,
    /// Empty once the message was sent or given up (ACC-160).
    pub body_text: String,
    pub account_id: Option<String>,
    pub created_at: Millis,
    /// Failed attempts so far.
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub sent_at: Option<Millis>,
    pub failed_at: Option<Millis>,
    pub last_error: Option<String>,
}

/// What one [`deliver_due`] pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Rows this pass claimed.
    pub claimed: usize,
    /// Handed to the SMTP server or written to the directory.
    pub sent: usize,
    /// Failed this time, retried later.
    pub retrying: usize,
    /// Given up (last attempt, or a message that can never be sent).
    pub failed: usize,
    /// Claimed but not tried because the server was unavailable; back in the queue.
    pub released: usize,
    /// The pass stopped at [`MAX_PER_PASS`] with more rows due: run another at once.
    pub more: bool,
}

/// The wait after the n-th failed attempt (index n − 1). After [`MAX_ATTEMPTS`] failures the
/// row is given up (`failed_at`): about 22 hours of retries in all.
pub const BACKOFF: [Millis; 7] = [
    Millis(30_000),
    Millis(2 * 60_000),
    Millis(10 * 60_000),
    Millis(60 * 60_000),
    Millis(3 * 60 * 60_000),
    Millis(6 * 60 * 60_000),
    Millis(12 * 60 * 60_000),
];

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 8;

/// Rows claimed at once; the lease covers sending all of them one after another.
pub const CLAIM_BATCH: i64 = 10;

/// Rows one pass handles at most before it returns (with `more = true`).
pub const MAX_PER_PASS: usize = 200;

/// Longest `last_error` kept, in characters.
const MAX_ERROR_CHARS: usize = 500;

/// The wait before the next attempt after `attempts` failures, or `None` to give up.
pub fn backoff_after(attempts: i64) -> Option<Millis> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let i = usize::try_from(attempts.max(1) - 1).unwrap_or(0);
    Some(BACKOFF[i.min(BACKOFF.len() - 1)])
}

/// Queues `mail` inside the caller's write transaction (ACC-154): it is sent only if the
/// transaction commits, and a later delivery failure never undoes the change. Returns the
/// outbox id. Refuses an invalid address or a subject with a line break.
pub async fn enqueue(tx: &mut Tx, now: Millis, mail: &OutgoingMail) -> Result<i64, NotifyError> {
    mailer::check(mail)?;
    let id = db::allocate(tx, "mail_outbox", 1).await?;
    store::insert(tx, id, now, mail).await?;
    Ok(id)
}

/// One delivery pass at `now`: claims due rows (not sent, not given up, `next_attempt_at <=
/// now`) in batches of [`CLAIM_BATCH`], sends each, and records the outcome. Several passes
/// may run at once, in one process or on several servers: a row is claimed by one of them
/// only. Errors are database errors; mail errors are recorded on the rows.
pub async fn deliver_due(
    db: &Db,
    mailer: &Mailer,
    now: Millis,
) -> Result<DeliveryReport, NotifyError> {
    let started = Instant::now();
    let lease_ms = i64::try_from(mailer.send_timeout().as_millis())
        .unwrap_or(i64::MAX / 4)
        .saturating_mul(CLAIM_BATCH)
        .saturating_add(60_000);
    let mut report = DeliveryReport::default();
    loop {
        if report.claimed >= MAX_PER_PASS {
            report.more = true;
            break;
        }
        // The lease counts from the real time of this claim, not only from the pass's `now`.
        let elapsed = i64::try_from(started.elapsed().as_millis()).unwrap_or(0);
        let lease_until = Millis(now.0.saturating_add(elapsed).saturating_add(lease_ms));
        let batch = store::claim_due(db, now, lease_until, CLAIM_BATCH).await?;
        if batch.is_empty() {
            break;
        }
        report.claimed += batch.len();
        let mut rest = batch.into_iter();
        let mut unavailable = false;
        for row in rest.by_ref() {
            let mail = OutgoingMail {
                kind: row.kind,
                to: row.to,
                subject: row.subject,
                body_text: row.body_text,
                account_id: row.account_id,
            };
            let sent = mailer
                .deliver(&mail, Some((row.id, row.created_at)), now)
                .await;
            match sent {
                Ok(()) => {
                    store::mark_sent(db, row.id, now).await?;
                    report.sent += 1;
                    tracing::info!(outbox_id = row.id, kind = %mail.kind, "mail sent");
                }
                Err(e) => {
                    let attempts = row.attempts + 1;
                    let error: String = e.to_string().chars().take(MAX_ERROR_CHARS).collect();
                    match backoff_after(attempts).filter(|_| !e.is_permanent()) {
                        Some(wait) => {
                            let next = Millis(now.0.saturating_add(wait.0));
                            store::mark_retry(db, row.id, attempts, &error, next).await?;
                            report.retrying += 1;
                            tracing::warn!(outbox_id = row.id, kind = %mail.kind, attempts,
                                retry_in_s = wait.0 / 1000, error = %error, "mail not sent, will retry");
                        }
                        None => {
                            store::mark_failed(db, row.id, attempts, &error, now).await?;
                            report.failed += 1;
                            tracing::error!(outbox_id = row.id, kind = %mail.kind, attempts,
                                error = %error, "mail given up");
                        }
                    }
                    if e.is_unavailable() {
                        unavailable = true;
                        break;
                    }
                }
            }
        }
        if unavailable {
            // The server is down: one probe per pass is enough. The untried rows go back to
            // the queue for the first backoff step, their attempts unchanged.
            let ids: Vec<i64> = rest.map(|r| r.id).collect();
            report.released += ids.len();
            store::release(db, &ids, Millis(now.0.saturating_add(BACKOFF[0].0))).await?;
            break;
        }
    }
    Ok(report)
}

/// One outbox row.
pub async fn entry(db: &Db, id: i64) -> Result<Option<OutboxEntry>, NotifyError> {
    store::get(db, id).await
}

/// The outbox rows of an account, oldest first.
pub async fn entries_for_account(
    db: &Db,
    account_id: &str,
) -> Result<Vec<OutboxEntry>, NotifyError> {
    store::for_account(db, account_id).await
}

/// How many messages of `kind` were queued for the account since `since` (inside the
/// caller's transaction: for resend limits such as ACC-163's activation resends).
pub async fn count_since(
    tx: &mut Tx,
    account_id: &str,
    kind: &str,
    since: Millis,
) -> Result<i64, NotifyError> {
    store::count_since(tx, account_id, kind, since).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_154_backoff_schedule() {
        assert_eq!(backoff_after(1), Some(Millis(30_000)));
        assert_eq!(backoff_after(2), Some(Millis(120_000)));
        assert_eq!(backoff_after(3), Some(Millis(600_000)));
        assert_eq!(backoff_after(4), Some(Millis(3_600_000)));
        assert_eq!(backoff_after(7), Some(Millis(12 * 3_600_000)));
        assert_eq!(backoff_after(8), None);
        assert_eq!(backoff_after(0), Some(Millis(30_000)));
    }
}
