//! SIG-71, SIG-72: the hash chain.

use db::testing::TestDb;
use kernel::Millis;
use serde_json::json;
use signatures::audit::{self, AuditEntry, AuditKind};

fn entry(i: i64) -> AuditEntry {
    AuditEntry {
        kind: Some(AuditKind::Event),
        purpose: "demo.document".into(),
        object_type: Some("demo".into()),
        object_id: Some(i.to_string()),
        detail: json!({"n": i, "text": "Құжат №"}),
        ..AuditEntry::default()
    }
}

#[tokio::test]
async fn sig_71_chain_verifies_and_rows_are_append_only() {
    let t = TestDb::new().await.unwrap();
    for i in 1..=5 {
        let seq = audit::append_alone(&t.db, Millis(1000 + i), &entry(i))
            .await
            .unwrap();
        assert_eq!(seq, i);
    }
    let report = audit::verify_chain(&t.db).await.unwrap();
    assert_eq!(report.rows, 5);
    assert!(report.breaks.is_empty(), "{report:?}");

    // The database itself refuses to change or delete an audit row.
    for sql in [
        "UPDATE audit_log SET purpose = 'x' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 5",
    ] {
        let e = sqlx::query(sql).execute(t.db.pool()).await;
        assert!(e.is_err(), "{sql} was allowed");
    }
    assert!(audit::verify_chain(&t.db).await.unwrap().breaks.is_empty());
    t.cleanup().await;
}

#[tokio::test]
async fn sig_72_a_changed_byte_names_the_first_broken_row() {
    let t = TestDb::new().await.unwrap();
    for i in 1..=4 {
        audit::append_alone(&t.db, Millis(1000 + i), &entry(i))
            .await
            .unwrap();
    }
    // Someone with database access removes the guard and edits row 3.
    let drop = match t.db.backend() {
        db::Backend::Sqlite => "DROP TRIGGER tg_audit_log_no_update",
        db::Backend::Postgres => "DROP TRIGGER tg_audit_log_append_only ON audit_log",
    };
    sqlx::query(drop).execute(t.db.pool()).await.unwrap();
    sqlx::query("UPDATE audit_log SET detail = '{\"n\":3,\"text\":\"Құжат №!\"}' WHERE seq = 3")
        .execute(t.db.pool())
        .await
        .unwrap();
    let report = audit::verify_chain(&t.db).await.unwrap();
    assert_eq!(report.breaks.first().map(|b| b.seq), Some(3), "{report:?}");
    assert_eq!(report.breaks.len(), 1, "{report:?}");
    t.cleanup().await;
}

#[tokio::test]
async fn sig_71_concurrent_appends_keep_one_chain() {
    let t = TestDb::new().await.unwrap();
    let mut tasks = Vec::new();
    for w in 0..4 {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                audit::append_alone(&db, Millis(5000 + i), &entry(w * 100 + i))
                    .await
                    .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let report = audit::verify_chain(&t.db).await.unwrap();
    assert_eq!(report.rows, 40);
    assert!(report.breaks.is_empty(), "{report:?}");
    t.cleanup().await;
}
