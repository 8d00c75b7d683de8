//! Integration tests of the classifier crate: one binary (STYLE.md "Tests"). Every database
//! test runs on SQLite, or on a fresh PostgreSQL database when `TAUAR_TEST_DATABASE_URL` is
//! set (`source /tmp/pgenv`).

// Test helpers may panic: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod demo;
mod fixtures;
mod import_enstru;
mod import_oktru;

use classifier::import::ImportProgress;
use db::testing::TestDb;

pub async fn test_db() -> TestDb {
    TestDb::new().await.expect("test database")
}

/// A progress callback that ignores reports.
pub fn quiet() -> impl Fn(ImportProgress) + Sync {
    |_| {}
}

/// A CSV file from rows of cells, every cell quoted.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// `vec!["a", "b"]` → `vec![String]`.
#[macro_export]
macro_rules! row {
    ($($c:expr),* $(,)?) => { vec![$($c.to_string()),*] };
}
