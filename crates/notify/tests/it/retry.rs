//! A mail server that is down: the change stays, the row is retried with backoff (ACC-154,
//! AS-76), and given up after the last attempt.

use crate::{T0, dead_smtp, enqueue_committed, mail, test_db};
use kernel::Millis;
use notify::testing::{sink_from_env, unique_address};
use notify::{BACKOFF, MAX_ATTEMPTS, deliver_due};
use std::time::Duration;

#[tokio::test]
async fn acc_154_as_76_unreachable_smtp_is_retried_then_delivered_once() {
    let t = test_db().await;
    let dead = dead_smtp();
    let (mailer, mailbox) = sink_from_env();
    let to = unique_address("down");
    let body = "Ваш временный пароль: Q1w2e3r4";
    let id = enqueue_committed(&t.db, T0, &mail(&to, "Временный пароль", body)).await;

    let report = deliver_due(&t.db, &dead, T0).await.unwrap();
    assert_eq!(
        (report.claimed, report.sent, report.retrying),
        (1, 0, 1),
        "{report:?}"
    );
    let row = notify::entry(&t.db, id).await.unwrap().unwrap();
    assert_eq!(row.sent_at, None);
    assert_eq!(row.failed_at, None);
    assert_eq!(row.attempts, 1);
    assert_eq!(row.next_attempt_at, Millis(T0.0 + BACKOFF[0].0));
    assert!(
        row.last_error.as_deref().unwrap().contains("SMTP"),
        "{:?}",
        row.last_error
    );
    assert!(!row.last_error.as_deref().unwrap().contains("Q1w2e3r4"));
    assert_eq!(row.body_text, body, "kept for the retry");

    // The server is back, but the backoff has not passed: nothing happens.
    let early = deliver_due(&t.db, &mailer, Millis(T0.0 + 10_000))
        .await
        .unwrap();
    assert_eq!(early.claimed, 0);
    assert!(mailbox.messages_to(&to).unwrap().is_empty());

    let later = Millis(T0.0 + BACKOFF[0].0);
    let report = deliver_due(&t.db, &mailer, later).await.unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");
    let got = mailbox
        .wait_for(&to, 1, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].body, body);
    let row = notify::entry(&t.db, id).await.unwrap().unwrap();
    assert_eq!(row.sent_at, Some(later));
    assert_eq!(row.attempts, 1);
    assert_eq!(row.body_text, "");

    let again = deliver_due(&t.db, &mailer, Millis(later.0 + 86_400_000))
        .await
        .unwrap();
    assert_eq!(again.claimed, 0);
    assert_eq!(mailbox.messages_to(&to).unwrap().len(), 1, "exactly once");
    t.cleanup().await;
}

#[tokio::test]
async fn acc_154_a_down_server_is_probed_once_per_pass() {
    let t = test_db().await;
    let dead = dead_smtp();
    let to = unique_address("probe");
    let ids = [
        enqueue_committed(&t.db, T0, &mail(&to, "1", "b")).await,
        enqueue_committed(&t.db, T0, &mail(&to, "2", "b")).await,
        enqueue_committed(&t.db, T0, &mail(&to, "3", "b")).await,
    ];
    let report = deliver_due(&t.db, &dead, T0).await.unwrap();
    assert_eq!(
        (report.claimed, report.retrying, report.released),
        (3, 1, 2),
        "{report:?}"
    );
    let first = notify::entry(&t.db, ids[0]).await.unwrap().unwrap();
    assert_eq!(first.attempts, 1);
    for id in &ids[1..] {
        let row = notify::entry(&t.db, *id).await.unwrap().unwrap();
        assert_eq!(row.attempts, 0, "not tried");
        assert_eq!(row.next_attempt_at, Millis(T0.0 + BACKOFF[0].0));
    }
    t.cleanup().await;
}

#[tokio::test]
async fn acc_154_acc_160_given_up_after_the_last_attempt() {
    let t = test_db().await;
    let dead = dead_smtp();
    let to = unique_address("giveup");
    let id = enqueue_committed(&t.db, T0, &mail(&to, "s", "secret link")).await;
    let mut now = T0;
    for attempt in 1..=MAX_ATTEMPTS {
        let report = deliver_due(&t.db, &dead, now).await.unwrap();
        assert_eq!(report.claimed, 1, "attempt {attempt}: {report:?}");
        let row = notify::entry(&t.db, id).await.unwrap().unwrap();
        assert_eq!(row.attempts, attempt);
        if attempt < MAX_ATTEMPTS {
            assert_eq!(report.retrying, 1);
            assert_eq!(row.failed_at, None);
            now = row.next_attempt_at;
        } else {
            assert_eq!(report.failed, 1);
            assert_eq!(row.failed_at, Some(now));
            assert_eq!(row.body_text, "", "ACC-160: nothing will read it again");
        }
    }
    let report = deliver_due(&t.db, &dead, Millis(now.0 + 365 * 86_400_000))
        .await
        .unwrap();
    assert_eq!(report.claimed, 0);
    t.cleanup().await;
}
