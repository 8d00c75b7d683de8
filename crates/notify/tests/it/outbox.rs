//! Enqueue in the caller's transaction, deliver, blank the body, encodings, concurrency.

use crate::{T0, enqueue_committed, mail, test_db};
use kernel::Millis;
use notify::testing::{real_smtp_receiver, sink_from_env, unique_address};
use notify::{DeliveryReport, deliver_due};
use std::collections::HashSet;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn acc_154_rolled_back_change_sends_nothing() {
    let t = test_db().await;
    let (mailer, mailbox) = sink_from_env();
    let to = unique_address("rollback");
    let mut tx = t.db.write_tx().await.unwrap();
    notify::enqueue(&mut tx, T0, &mail(&to, "Активация учетной записи", "x"))
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    let report = deliver_due(&t.db, &mailer, Millis(T0.0 + 60_000))
        .await
        .unwrap();
    assert_eq!(report, DeliveryReport::default());
    assert!(mailbox.messages_to(&to).unwrap().is_empty());
    t.cleanup().await;
}

#[tokio::test]
async fn acc_154_acc_160_committed_mail_is_delivered_once_and_body_blanked() {
    let t = test_db().await;
    let (mailer, mailbox) = sink_from_env();
    let to = unique_address("commit");
    let body = "Перейдите по ссылке: https://tauar.kz/activate/SECRET-TOKEN";
    let id = enqueue_committed(&t.db, T0, &mail(&to, "Активация учетной записи", body)).await;

    let queued = notify::entry(&t.db, id).await.unwrap().unwrap();
    assert_eq!(queued.attempts, 0);
    assert_eq!(queued.next_attempt_at, T0);
    assert_eq!(queued.created_at, T0);
    assert_eq!(queued.body_text, body);
    assert_eq!(queued.sent_at, None);

    // Not due before its time.
    let early = deliver_due(&t.db, &mailer, Millis(T0.0 - 1)).await.unwrap();
    assert_eq!(early.claimed, 0);

    let now = Millis(T0.0 + 1_000);
    let report = deliver_due(&t.db, &mailer, now).await.unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");

    let got = mailbox.wait_for(&to, 1, WAIT).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].subject, "Активация учетной записи");
    assert_eq!(got[0].body, body);
    assert_eq!(got[0].kind.as_deref(), Some("E-ACTIVATION"));
    assert!(
        got[0].from.contains("noreply@tauar.local"),
        "{}",
        got[0].from
    );

    let sent = notify::entry(&t.db, id).await.unwrap().unwrap();
    assert_eq!(sent.sent_at, Some(now));
    assert_eq!(
        sent.body_text, "",
        "ACC-160: the body is blanked after sending"
    );
    assert_eq!(sent.failed_at, None);

    // A second pass sends nothing again.
    let again = deliver_due(&t.db, &mailer, Millis(now.0 + 3_600_000))
        .await
        .unwrap();
    assert_eq!(again.claimed, 0);
    assert_eq!(mailbox.messages_to(&to).unwrap().len(), 1);
    t.cleanup().await;
}

#[tokio::test]
async fn acc_154_cyrillic_and_kazakh_arrive_intact() {
    let t = test_db().await;
    let (mailer, mailbox) = sink_from_env();
    let to = unique_address("kk");
    let subject =
        "Активация учетной записи — Тіркелгіні белсендіру (Құрметті пайдаланушы, ұзын тақырып)";
    let body = "Құрметті(ая) ТЕГІ АТЫ-ЖӨНІ ӘКЕСІНІҢ АТЫ! Сіз веб-порталда тіркелдіңіз.\n\
        Уважаемый(ая) Жанаев Нурлан! Вы зарегистрировались на веб-портале. Для того, чтобы \
        активировать Вашу учетную запись просим перейти по следующей ссылке.\n\
        https://tauar.kz/activate/abc_DEF-123=456\n\n\
        Ссылка действительна до 01.12.2026 14:30.\n\
        ӘәҒғҚқҢңӨөҰұҮүҺһІі ёЁ «кавычки» — тире, 100 %; .точка в начале строки\n\
        .\n\
        end";
    let id = enqueue_committed(&t.db, T0, &mail(&to, subject, body)).await;
    let report = deliver_due(&t.db, &mailer, T0).await.unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let got = mailbox.wait_for(&to, 1, WAIT).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].subject, subject);
    assert_eq!(got[0].body, body);
    assert_eq!(got[0].to, to);
    assert!(
        got[0]
            .message_id
            .as_deref()
            .unwrap()
            .contains(&format!("tauar.{id}.")),
        "{:?}",
        got[0].message_id
    );
    t.cleanup().await;
}

#[tokio::test]
async fn acc_154_two_concurrent_passes_never_send_a_message_twice() {
    let t = test_db().await;
    let (mailer, mailbox) = sink_from_env();
    // A second handle with its own pool, like a second server.
    let other = db::Db::connect(&t.url).await.unwrap();
    let to = unique_address("race");
    let n = 120;
    let mut tx = t.db.write_tx().await.unwrap();
    for i in 0..n {
        notify::enqueue(
            &mut tx,
            T0,
            &mail(&to, &format!("Письмо {i}"), &format!("Тело {i}")),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();

    let now = Millis(T0.0 + 1);
    let (a, b, c) = tokio::join!(
        deliver_due(&t.db, &mailer, now),
        deliver_due(&other, &mailer, now),
        deliver_due(&t.db, &mailer, now),
    );
    let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
    assert_eq!(a.sent + b.sent + c.sent, n, "{a:?} {b:?} {c:?}");
    assert_eq!(a.claimed + b.claimed + c.claimed, n, "{a:?} {b:?} {c:?}");

    let got = mailbox
        .wait_for(&to, n, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(got.len(), n);
    let subjects: HashSet<&str> = got.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects.len(), n, "every message exactly once");
    let ids: HashSet<&str> = got.iter().filter_map(|m| m.message_id.as_deref()).collect();
    assert_eq!(ids.len(), n);

    let after = deliver_due(&other, &mailer, Millis(now.0 + 86_400_000))
        .await
        .unwrap();
    assert_eq!(after.claimed, 0);
    other.close().await;
    t.cleanup().await;
}

#[tokio::test]
async fn acc_154_invalid_mail_is_refused_at_enqueue() {
    let t = test_db().await;
    let mut tx = t.db.write_tx().await.unwrap();
    for bad in [
        mail("not an address", "s", "b"),
        mail("a@b.kz", "two\r\nBcc: x@evil.kz", "b"),
    ] {
        let e = notify::enqueue(&mut tx, T0, &bad).await.unwrap_err();
        assert!(e.is_permanent(), "{e}");
    }
    tx.rollback().await.unwrap();
    t.cleanup().await;
}

#[tokio::test]
async fn acc_163_outbox_rows_of_an_account_are_counted() {
    let t = test_db().await;
    let to = unique_address("count");
    for i in 0..3 {
        enqueue_committed(&t.db, Millis(T0.0 + i * 1000), &mail(&to, "s", "b")).await;
    }
    let mut other = mail(&to, "s", "b");
    other.kind = "E-RECOVERY".into();
    enqueue_committed(&t.db, T0, &other).await;
    let mut tx = t.db.write_tx().await.unwrap();
    let n = notify::count_since(&mut tx, "acc-1", "E-ACTIVATION", Millis(T0.0 + 1000))
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(n, 2);
    let all = notify::entries_for_account(&t.db, "acc-1").await.unwrap();
    assert_eq!(all.len(), 4);
    t.cleanup().await;
}

#[tokio::test]
async fn the_sink_matches_the_environment() {
    let (mailer, _mailbox) = sink_from_env();
    assert_eq!(mailer.dir_path().is_none(), real_smtp_receiver());
}
