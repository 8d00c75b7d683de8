//! Databases for tests: a SQLite file in a fresh temporary directory, or — when
//! `TAUAR_TEST_DATABASE_URL` names a PostgreSQL server — a new database with a unique name on
//! it, dropped afterwards unless `TAUAR_TEST_KEEP_DB` is set (atuin's approach).

use crate::{Db, DbError, sqlite_url_in};
use std::sync::atomic::{AtomicU32, Ordering};

/// A migrated, empty database that cleans up after itself.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    /// Keeps the SQLite directory alive.
    pub dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The PostgreSQL server for tests, if any.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("TAUAR_TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

/// Creates a fresh PostgreSQL database with byte-order collation (STACK.md §a) and returns
/// its URL.
pub async fn create_pg_database(admin_url: &str) -> Result<(String, String), DbError> {
    let name = format!(
        "tauar_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        crate::now_nanos() % 1_000_000
    );
    let admin = Db::connect(admin_url).await?;
    let sql = format!(
        "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(admin.pool())
        .await?;
    admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(admin_url);
    Ok((format!("{base}/{name}"), name))
}

impl TestDb {
    /// SQLite unless `TAUAR_TEST_DATABASE_URL` is set.
    pub async fn new() -> Result<TestDb, DbError> {
        match postgres_admin_url() {
            Some(admin) => TestDb::postgres(&admin).await,
            None => TestDb::sqlite().await,
        }
    }

    pub async fn sqlite() -> Result<TestDb, DbError> {
        let dir = tempfile::tempdir().map_err(|source| DbError::DataDir {
            path: "tmp".into(),
            source,
        })?;
        let url = sqlite_url_in(dir.path());
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(TestDb {
            db,
            url,
            dir: Some(dir),
            pg_admin: None,
        })
    }

    pub async fn postgres(admin_url: &str) -> Result<TestDb, DbError> {
        let (url, name) = create_pg_database(admin_url).await?;
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        Ok(TestDb {
            db,
            url,
            dir: None,
            pg_admin: Some((admin_url.to_string(), name)),
        })
    }

    /// Closes the pool and drops the PostgreSQL database.
    pub async fn cleanup(self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.pg_admin {
            if std::env::var_os("TAUAR_TEST_KEEP_DB").is_some() {
                return;
            }
            if let Ok(admin) = Db::connect(&admin_url).await {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(admin.pool())
                    .await;
                admin.close().await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{allocate, counter_value, values_placeholders};
    use sqlx::Row;

    async fn common_subset_works(t: &TestDb) {
        let db = &t.db;
        // Counters allocate disjoint ranges.
        let mut tx = db.write_tx().await.unwrap();
        let a = allocate(&mut tx, "change_seq", 10).await.unwrap();
        let b = allocate(&mut tx, "change_seq", 5).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!((a, b), (1, 11));
        assert_eq!(counter_value(db, "change_seq").await.unwrap(), 15);

        // $n placeholders, multi-row insert, Cyrillic text, NULLs.
        let sql = format!(
            "INSERT INTO dict_entries (dict, code, parent_code, level, name_ru, name_kk, name_en, extra, search_key, position) VALUES {}",
            values_placeholders(2, 10)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (code, name) in [("1", "Қазақстан"), ("2", "Ёлка")] {
            q = q
                .bind("t")
                .bind(code)
                .bind(None::<String>)
                .bind("x")
                .bind(name)
                .bind(None::<String>);
            q = q
                .bind(None::<String>)
                .bind(None::<String>)
                .bind(name.to_lowercase())
                .bind(code.parse::<i64>().unwrap());
        }
        let mut tx = db.write_tx().await.unwrap();
        q.execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();

        let rows =
            sqlx::query("SELECT code, name_ru FROM dict_entries WHERE dict = $1 ORDER BY code")
                .bind("t")
                .fetch_all(db.pool())
                .await
                .unwrap();
        let names: Vec<String> = rows.iter().map(|r| r.get::<String, _>("name_ru")).collect();
        assert_eq!(names, ["Қазақстан", "Ёлка"]);

        // The same unique constraint name on both backends.
        let mut tx = db.write_tx().await.unwrap();
        let err = sqlx::query("INSERT INTO dict_entries (dict, code, name_ru, search_key, position) VALUES ('t', '1', 'x', 'x', 3)")
            .execute(&mut *tx)
            .await
            .map_err(crate::DbError::from)
            .unwrap_err();
        assert_eq!(err.unique_violation(), Some("pk_dict_entries"));
        tx.rollback().await.unwrap();

        // CAST(SUM(…) AS BIGINT) decodes on both.
        let row = sqlx::query(
            "SELECT CAST(SUM(position) AS BIGINT) AS s, COUNT(*) AS n FROM dict_entries",
        )
        .fetch_one(db.pool())
        .await
        .unwrap();
        assert_eq!((row.get::<i64, _>("s"), row.get::<i64, _>("n")), (3, 2));
    }

    #[tokio::test]
    async fn sqlite_common_subset() {
        let t = TestDb::sqlite().await.unwrap();
        common_subset_works(&t).await;
        t.cleanup().await;
    }

    #[tokio::test]
    async fn postgres_common_subset() {
        let Some(admin) = postgres_admin_url() else {
            eprintln!("skipped: TAUAR_TEST_DATABASE_URL is not set");
            return;
        };
        let t = TestDb::postgres(&admin).await.unwrap();
        common_subset_works(&t).await;
        t.cleanup().await;
    }

    #[tokio::test]
    async fn migrations_are_idempotent() {
        let t = TestDb::sqlite().await.unwrap();
        t.db.migrate().await.unwrap();
        t.cleanup().await;
    }
}
