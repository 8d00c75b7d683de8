//! Integration tests of the mail outbox (ACC-154, ACC-160). Each test runs on SQLite, or on a
//! fresh PostgreSQL database when `TAUAR_TEST_DATABASE_URL` is set; mail goes to a temporary
//! `Mailer::dir`, or to the real SMTP receiver of `.ci/smtp.sh` when `TAUAR_TEST_SMTP_URL`
//! and `TAUAR_TEST_MAILDIR` are set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod outbox;
mod retry;
mod worker;

use db::testing::TestDb;
use kernel::Millis;
use notify::OutgoingMail;

pub const T0: Millis = Millis(1_790_000_000_000);

pub async fn test_db() -> TestDb {
    TestDb::new().await.unwrap()
}

pub fn mail(to: &str, subject: &str, body: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "E-ACTIVATION".into(),
        to: to.into(),
        subject: subject.into(),
        body_text: body.into(),
        account_id: Some("acc-1".into()),
    }
}

/// Queues one message in its own committed transaction.
pub async fn enqueue_committed(db: &db::Db, now: Millis, m: &OutgoingMail) -> i64 {
    let mut tx = db.write_tx().await.unwrap();
    let id = notify::enqueue(&mut tx, now, m).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// A mailer whose SMTP server is not there: a loopback port nobody listens on.
pub fn dead_smtp() -> notify::Mailer {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    notify::Mailer::smtp(&format!("smtp://127.0.0.1:{port}")).unwrap()
}
