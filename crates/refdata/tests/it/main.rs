//! Integration tests of the reference dictionaries: loading (idempotent, counts, speed) and
//! browsing (trees, breadcrumbs, search, paging, labels) on a real database — SQLite, or
//! PostgreSQL when `TAUAR_TEST_DATABASE_URL` is set (`source /tmp/pgenv`).
//!
//! Loading is the slow part, so one test loads once and walks every check in turn.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose (STYLE.md "Errors")

mod browse;
mod loading;

use db::testing::TestDb;
use refdata::{Dict, LoadProgress};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A fresh database with every dictionary loaded, and how long the load took.
pub async fn loaded_db() -> (TestDb, Duration) {
    let t = TestDb::new().await.unwrap();
    let last: Mutex<Vec<LoadProgress>> = Mutex::new(Vec::new());
    let started = Instant::now();
    let reports = refdata::load_all(&t.db, &|p| last.lock().unwrap().push(p))
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(reports.len(), Dict::ALL.len());
    assert!(reports.iter().all(|r| !r.skipped));
    // Progress ends at done == total for every dictionary, and never goes past it.
    let seen = last.into_inner().unwrap();
    for d in Dict::ALL {
        let mine: Vec<_> = seen.iter().filter(|p| p.dict == d).collect();
        let end = mine.last().unwrap();
        assert_eq!(end.done, end.total, "{d}");
        assert!(mine.iter().all(|p| p.done <= p.total));
    }
    (t, elapsed)
}

pub fn backend(t: &TestDb) -> &'static str {
    match t.db.backend() {
        db::Backend::Sqlite => "SQLite",
        db::Backend::Postgres => "PostgreSQL",
    }
}
