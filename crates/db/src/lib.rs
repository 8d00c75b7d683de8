//! One database handle over SQLite (the embedded default) or PostgreSQL, with the same SQL
//! and the same migrations on both (ARCHITECTURE "Data", STACK.md §a).
//!
//! The rules of the common SQL subset are in `crates/db/README.md`. This crate is the only
//! place that knows which backend runs: write transactions (`BEGIN IMMEDIATE` on SQLite),
//! constraint names, sequence allocation and the few statements that differ.

mod migrate;
#[cfg(feature = "testing")]
pub mod testing;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Row, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub use sqlx;
pub use sqlx::AssertSqlSafe;

/// A write transaction.
pub type Tx = Transaction<'static, Any>;

/// Which database is behind the handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL (use sqlite:// or postgres://): {0}")]
    UnsupportedUrl(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl DbError {
    /// The name of the violated unique constraint, the same on both backends: PostgreSQL
    /// reports it; for SQLite the column list of the message is looked up in
    /// [`migrate::SQLITE_UNIQUE_NAMES`].
    pub fn unique_violation(&self) -> Option<&'static str> {
        let DbError::Sqlx(sqlx::Error::Database(e)) = self else {
            return None;
        };
        if e.kind() != sqlx::error::ErrorKind::UniqueViolation {
            return None;
        }
        if let Some(name) = e.constraint() {
            return migrate::SQLITE_UNIQUE_NAMES
                .iter()
                .find(|(_, n)| *n == name)
                .map(|(_, n)| *n);
        }
        let msg = e.message();
        let cols = msg.split("UNIQUE constraint failed:").nth(1)?.trim();
        migrate::SQLITE_UNIQUE_NAMES
            .iter()
            .find(|(c, _)| *c == cols)
            .map(|(_, n)| *n)
    }
}

/// The database handle: a pool plus what the backend needs.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    redacted_url: String,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("url", &self.redacted_url)
            .finish()
    }
}

/// The URL of the embedded database inside a data directory.
pub fn sqlite_url_in(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("tauar.db").display())
}

/// A database URL with its password replaced by `***`, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Db {
    /// Connects (creating the SQLite file and its directory when needed). Does not migrate.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(DbError::UnsupportedUrl(redact_url(url)));
        };
        if backend == Backend::Sqlite {
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:");
            let path = path.split('?').next().unwrap_or(path);
            if let Some(parent) = Path::new(path)
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
            {
                std::fs::create_dir_all(parent).map_err(|source| DbError::DataDir {
                    path: parent.display().to_string(),
                    source,
                })?;
            }
            // WAL is a property of the file: set it once, with a single connection.
            let opts = sqlx::any::AnyConnectOptions::from_str(url)?;
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect_with(&opts).await?;
            sqlx::query("PRAGMA journal_mode=WAL")
                .fetch_optional(&mut conn)
                .await?;
            sqlx::Connection::close(conn).await?;
        }
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        options = match backend {
            Backend::Sqlite => options.max_connections(8).after_connect(|conn, _meta| {
                Box::pin(async move {
                    // FULL: a commit that a user was told about survives a power cut.
                    for pragma in [
                        "PRAGMA synchronous=FULL",
                        "PRAGMA busy_timeout=30000",
                        "PRAGMA foreign_keys=ON",
                        "PRAGMA temp_store=MEMORY",
                        "PRAGMA cache_size=-65536",
                    ] {
                        sqlx::query(pragma).execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            }),
            Backend::Postgres => options.max_connections(16),
        };
        let pool = options.connect(url).await?;
        Ok(Db {
            pool,
            backend,
            redacted_url: redact_url(url),
        })
    }

    /// Applies every migration that has not run yet.
    pub async fn migrate(&self) -> Result<(), DbError> {
        migrate::migrator().run(&self.pool).await?;
        for step in migrate::backend_steps(self.backend) {
            sqlx::query(*step).execute(&self.pool).await?;
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn redacted_url(&self) -> &str {
        &self.redacted_url
    }

    /// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`):
    /// a deferred transaction that reads and then writes fails with SQLITE_BUSY when another
    /// connection committed in between (STACK.md §a).
    pub async fn write_tx(&self) -> Result<Tx, DbError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Closes the pool (waits for connections to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Allocates `count` numbers of the named counter and returns the first; the numbers
/// `first..first + count` are this caller's. Atomic on both backends (no read-then-write).
pub async fn allocate(tx: &mut Tx, counter: &str, count: i64) -> Result<i64, DbError> {
    sqlx::query("INSERT INTO counters (name, value) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING")
        .bind(counter)
        .execute(&mut **tx)
        .await?;
    let row = sqlx::query("UPDATE counters SET value = value + $2 WHERE name = $1 RETURNING value")
        .bind(counter)
        .bind(count)
        .fetch_one(&mut **tx)
        .await?;
    let last: i64 = row.try_get(0)?;
    Ok(last - count + 1)
}

/// The current value of a counter (0 when never used).
pub async fn counter_value(db: &Db, counter: &str) -> Result<i64, DbError> {
    let row: Option<AnyRow> = sqlx::query("SELECT value FROM counters WHERE name = $1")
        .bind(counter)
        .fetch_optional(db.pool())
        .await?;
    Ok(match row {
        Some(r) => r.try_get(0)?,
        None => 0,
    })
}

/// `($1, $2, $3), ($4, $5, $6), …` for a multi-row INSERT of `rows` rows of `cols` columns.
/// Both backends cap bound values per statement (SQLite 32 766): keep rows × cols below it.
pub fn values_placeholders(rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    let mut n = 1;
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push('$');
            s.push_str(&n.to_string());
            n += 1;
        }
        s.push(')');
    }
    s
}

/// Nanoseconds since the epoch (unique names for test databases).
pub fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// The `VALUES` placeholders of a bulk INSERT of `rows` rows of `cols` columns, for the
/// backend of `tx`.
///
/// The one placeholder difference between the backends, and why: SQLite treats `$N` as a
/// *named* parameter and finds names by a linear scan, both when it parses a statement and when
/// sqlx binds each parameter, so a statement of P `$N` parameters costs O(P²) (measured in a
/// release build: 1 927 rows × 17 columns insert ~700 goods/s with `$N`, ~50 000–65 000 with
/// `?`). Anonymous `?` parameters, which sqlx binds by position, avoid it; PostgreSQL keeps the
/// common `$N`. A bulk statement must not mix in other `$N` parameters.
pub fn bulk_placeholders(tx: &Tx, rows: usize, cols: usize) -> String {
    let conn: &sqlx::AnyConnection = tx;
    if conn.backend_name() != "SQLite" {
        return values_placeholders(rows, cols);
    }
    let row = format!("({})", vec!["?"; cols].join(", "));
    vec![row.as_str(); rows].join(", ")
}

/// Reads an INTEGER 0/1 flag column (no BOOLEAN columns in the common subset).
pub fn flag(row: &AnyRow, col: &str) -> Result<bool, sqlx::Error> {
    Ok(row.try_get::<i64, _>(col)? != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert_eq!(values_placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }

    #[test]
    fn redacts_password() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("sqlite://x.db"), "sqlite://x.db");
    }
}
