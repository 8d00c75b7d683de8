//! The worker sends on a wake-up (ACC-154).

use crate::{T0, mail, test_db};
use kernel::FixedClock;
use notify::testing::{sink_from_env, unique_address};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

#[tokio::test]
async fn acc_154_worker_sends_after_a_wake_up() {
    let t = test_db().await;
    let (mailer, mailbox) = sink_from_env();
    let clock = Arc::new(FixedClock::new(T0));
    let wake = Arc::new(Notify::new());
    // A long tick: only the wake-up can explain a prompt delivery.
    let handle = notify::Worker::new(t.db.clone(), mailer, clock.clone(), wake.clone())
        .with_tick(Duration::from_secs(3600))
        .spawn();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let to = unique_address("worker");
    let mut tx = t.db.write_tx().await.unwrap();
    let id = notify::enqueue(&mut tx, T0, &mail(&to, "Пароль изменен", "Пароль изменен."))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    wake.notify_one();

    let got = mailbox
        .wait_for(&to, 1, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].subject, "Пароль изменен");
    // The row is marked right after the hand-over; give the worker a moment.
    let mut sent = None;
    for _ in 0..100 {
        sent = notify::entry(&t.db, id).await.unwrap().unwrap().sent_at;
        if sent.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(sent, Some(T0));
    handle.abort();
    let _ = handle.await;
    t.cleanup().await;
}
