//! SIG-52, SIG-56: the group commit. Acts completed concurrently share transactions and still
//! form one valid audit chain; an act that fails inside a batch (a replayed challenge, a failing
//! step) gets its own error and leaves nothing stored while the others of the batch commit.

use crate::acts::{NOW, service_with, test_pki};
use db::testing::TestDb;
use kernel::{FixedClock, Lang, Millis};
use pki::testkit::{CmsOptions, TestPki, sign_cms};
use serde_json::json;
use signatures::{
    Binding, Purpose, RevocationMode, SignaturesError, Signing, TbsInput, VerifiedAct, audit, store,
};
use sqlx::Row;
use std::sync::Arc;
use std::time::Duration;

fn service(db: &db::Db) -> Arc<Signing> {
    let clock = Arc::new(FixedClock::new(Millis(NOW + 600_000)));
    Arc::new(service_with(db, clock, RevocationMode::CrlOnly, None))
}

/// Issues a demo challenge in session `sess`, signs it with `persona` and verifies it.
async fn verified(s: &Signing, persona: &str, text: &str) -> (VerifiedAct, Vec<u8>) {
    let mut input = TbsInput::login(Lang::Ru, text);
    input.purpose = Purpose::parse("demo.document").unwrap();
    input.content = Some(json!({ "text": text }));
    let issued = s.issue(&input, "sess", &Binding::none()).await.unwrap();
    let signer = TestPki::open(test_pki()).unwrap().signer(persona).unwrap();
    let cms = sign_cms(&signer, &issued.tbs, &CmsOptions::default()).unwrap();
    let act = s
        .verify(
            &issued.challenge_id,
            &cms,
            "sess",
            &input.purpose,
            &Binding::none(),
        )
        .await
        .unwrap();
    (act, cms)
}

fn code(e: &SignaturesError) -> &'static str {
    match e {
        SignaturesError::Refused(p) => p.code(),
        other => panic!("not a refusal: {other:?}"),
    }
}

async fn count(db: &db::Db, sql: &str) -> i64 {
    sqlx::query(db::AssertSqlSafe(sql.to_string()))
        .fetch_one(db.pool())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

/// Holds the database's write lock (and, on PostgreSQL, the audit head's row lock) so that the
/// acts submitted meanwhile queue up and are committed as one batch when it is released.
async fn hold_writer(db: &db::Db) -> db::Tx {
    let mut tx = db.write_tx().await.unwrap();
    sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx
}

#[tokio::test]
async fn sig_56_concurrent_acts_by_group_commit_form_one_valid_chain() {
    let t = TestDb::new().await.unwrap();
    let s = service(&t.db);
    let mut acts = Vec::new();
    for i in 0..24 {
        let persona = if i % 2 == 0 { "ind-sign" } else { "ind-dual" };
        acts.push(verified(&s, persona, &format!("акт {i}")).await.0);
    }
    let mut tasks = Vec::new();
    for (i, act) in acts.into_iter().enumerate() {
        let s = Arc::clone(&s);
        tasks.push(tokio::spawn(async move {
            s.complete(&act, "sess", Some("127.0.0.1"), json!({ "n": i }))
                .await
                .unwrap()
        }));
    }
    let mut ids = Vec::new();
    let mut seqs = Vec::new();
    for task in tasks {
        let r = task.await.unwrap();
        ids.push(r.signature_id);
        seqs.push(r.audit_seq);
    }
    ids.sort_unstable();
    seqs.sort_unstable();
    assert_eq!(ids, (1..=24).collect::<Vec<_>>());
    assert_eq!(seqs, (1..=24).collect::<Vec<_>>());
    // Each audit row names its own signature, and the chain re-verifies end to end.
    for r in audit::rows_after(&t.db, 0, 100).await.unwrap() {
        let sig = store::load_signature(&t.db, r.entry.signature_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.entry.cms_sha256.as_deref(), Some(sig.cms_sha256.as_str()));
    }
    let trust = TestPki::open(test_pki()).unwrap().trust_store().unwrap();
    let report = audit::verify_all(&t.db, &trust).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.rows, report.signatures), (24, 24));
    assert_eq!(db::counter_value(&t.db, "signatures").await.unwrap(), 24);
    drop(s);
    t.cleanup().await;
}

#[tokio::test]
async fn sig_52_a_failing_act_in_a_batch_gets_its_error_and_the_others_commit() {
    let t = TestDb::new().await.unwrap();
    let s = service(&t.db);
    let mut acts = Vec::new();
    for i in 0..5 {
        acts.push(verified(&s, "ind-sign", &format!("партия {i}")).await.0);
    }
    // The same challenge and CMS once more (a replay racing the original: the batch's
    // one-statement path fails and the acts are taken one by one), and an act whose step
    // fails after its signature was inserted.
    let replay = acts[2].clone();
    let (failing, _) = verified(&s, "ind-dual", "шаг не прошёл").await;
    let failing_challenge = failing.challenge.id.clone();

    let blocker = hold_writer(&t.db).await;
    let mut tasks = Vec::new();
    for (i, act) in acts.into_iter().chain([replay]).enumerate() {
        let s = Arc::clone(&s);
        tasks.push(tokio::spawn(async move {
            if i < 2 {
                // Acts with a step that applies them.
                return s
                    .complete_with(&act, "sess", None, json!({ "n": i }), move |tx, id| {
                        Box::pin(async move {
                            sqlx::query("INSERT INTO counters (name, value) VALUES ($1, $2)")
                                .bind(format!("effect-{i}"))
                                .bind(id)
                                .execute(&mut **tx)
                                .await?;
                            Ok::<_, SignaturesError>(id)
                        })
                    })
                    .await;
            }
            // Acts without a step, among them the replay.
            let rec = s.complete(&act, "sess", None, json!({ "n": i })).await?;
            Ok((rec, rec.signature_id))
        }));
    }
    let s2 = Arc::clone(&s);
    let failing_task = tokio::spawn(async move {
        s2.complete_with(&failing, "sess", None, json!({}), |tx, _id| {
            Box::pin(async move {
                sqlx::query("INSERT INTO counters (name, value) VALUES ('effect-failing', 1)")
                    .execute(&mut **tx)
                    .await?;
                Err::<(), _>(SignaturesError::Invalid(
                    "the content no longer passes".into(),
                ))
            })
        })
        .await
    });
    // Let every act reach the writer's queue, then release the lock: one batch.
    tokio::time::sleep(Duration::from_millis(300)).await;
    blocker.rollback().await.unwrap();

    let mut ok = Vec::new();
    let mut replayed = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok((rec, id)) => {
                assert_eq!(rec.signature_id, id, "the step saw the act's signature id");
                ok.push(rec.signature_id);
            }
            Err(e) => {
                assert_eq!(code(&e), "SIG_CHALLENGE_REPLAYED");
                replayed += 1;
            }
        }
    }
    let failed = failing_task.await.unwrap().unwrap_err();
    assert!(
        matches!(&failed, SignaturesError::Invalid(d) if d.contains("no longer passes")),
        "{failed:?}"
    );
    assert_eq!(
        replayed, 1,
        "exactly one of the two submissions of a challenge"
    );
    ok.sort_unstable();
    // No gap in the ids: the refused acts gave theirs back.
    assert_eq!(ok, (1..=5).collect::<Vec<_>>());
    assert_eq!(db::counter_value(&t.db, "signatures").await.unwrap(), 5);
    // Nothing of the failed acts is stored: no signature, no effect, no audit row, and the
    // failing act's challenge is still unused (the user may retry).
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM signatures").await, 5);
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM audit_log").await, 5);
    assert_eq!(
        count(
            &t.db,
            "SELECT COUNT(*) FROM counters WHERE name LIKE 'effect-%'"
        )
        .await,
        2
    );
    let ch = store::load_challenge(&t.db, &failing_challenge)
        .await
        .unwrap()
        .unwrap();
    assert!(ch.used_at.is_none());
    let trust = TestPki::open(test_pki()).unwrap().trust_store().unwrap();
    let report = audit::verify_all(&t.db, &trust).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.rows, report.signatures), (5, 5));
    drop(s);
    t.cleanup().await;
}

#[tokio::test]
async fn sig_74_refusals_and_acts_share_the_chain() {
    let t = TestDb::new().await.unwrap();
    let s = service(&t.db);
    let (a, cms) = verified(&s, "ind-sign", "первый").await;
    let blocker = hold_writer(&t.db).await;
    let (s1, s2) = (Arc::clone(&s), Arc::clone(&s));
    let act = tokio::spawn(async move { s1.complete(&a, "sess", None, json!({})).await });
    let refusal = tokio::spawn(async move {
        s2.record_refusal(
            "demo.document",
            &pki::PkiError::ChallengeExpired,
            &cms,
            None,
            Some("10.0.0.2"),
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    blocker.rollback().await.unwrap();
    let rec = act.await.unwrap().unwrap();
    let seq = refusal.await.unwrap().unwrap();
    let mut seqs = [rec.audit_seq, seq];
    seqs.sort_unstable();
    assert_eq!(seqs, [1, 2]);
    let rows = audit::rows_after(&t.db, 0, 10).await.unwrap();
    assert_eq!(rows.len(), 2);
    let refused = rows.iter().find(|r| r.seq == seq).unwrap();
    assert_eq!(
        refused.entry.error_code.as_deref(),
        Some("SIG_CHALLENGE_EXPIRED")
    );
    assert_eq!(refused.entry.signature_id, None);
    assert!(audit::verify_chain(&t.db).await.unwrap().breaks.is_empty());
    // Completing the same act again is a replay (SIG-52), and stores nothing more.
    let (again, _) = verified(&s, "ind-sign", "второй").await;
    s.complete(&again, "sess", None, json!({})).await.unwrap();
    let e = s
        .complete(&again, "sess", None, json!({}))
        .await
        .unwrap_err();
    assert_eq!(code(&e), "SIG_CHALLENGE_REPLAYED");
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM signatures").await, 2);
    drop(s);
    t.cleanup().await;
}

#[tokio::test]
async fn sig_71_group_commit_follows_appends_of_other_writers() {
    let t = TestDb::new().await.unwrap();
    let s = service(&t.db);
    let other = |n: i64| audit::AuditEntry {
        kind: Some(audit::AuditKind::Event),
        purpose: "account.event".into(),
        detail: json!({ "n": n }),
        ..audit::AuditEntry::default()
    };
    let mut seqs = Vec::new();
    for i in 0..3 {
        // The writer remembers the head it committed; another writer moves it meanwhile.
        let (a, _) = verified(&s, "ind-sign", &format!("чередование {i}")).await;
        seqs.push(
            s.complete(&a, "sess", None, json!({}))
                .await
                .unwrap()
                .audit_seq,
        );
        let mut tx = t.db.write_tx().await.unwrap();
        seqs.push(
            audit::append(&mut tx, Millis(NOW), &other(i))
                .await
                .unwrap(),
        );
        tx.commit().await.unwrap();
    }
    assert_eq!(seqs, (1..=6).collect::<Vec<_>>());
    let report = audit::verify_chain(&t.db).await.unwrap();
    assert!(report.breaks.is_empty(), "{report:?}");
    assert_eq!(report.rows, 6);
    drop(s);
    t.cleanup().await;
}
