//! SQL of the reference dictionaries (tables `dict_entries` and `dict_imports`, migration
//! 0002). Nothing else in the crate knows table or column names.
//!
//! Searching is a plain `LIKE` on `search_key`, which `load.rs`/`key.rs` compute in Rust, so it
//! is case-insensitive for Cyrillic and Kazakh on both backends (db README: never `lower()`).

use crate::RefdataError;
use crate::key::{LIKE_ESCAPE, query_patterns};
use crate::load::NewEntry;
use crate::model::{Dict, DictSummary, Entry, LoadProgress, Page};
use db::sqlx::any::AnyRow;
use db::sqlx::{self, Row};
use db::{AssertSqlSafe, Db, values_placeholders};
use kernel::{Millis, PageRequest};
use std::collections::HashMap;

/// Columns per `dict_entries` row inserted.
const INSERT_COLUMNS: usize = 10;
/// Rows per multi-row INSERT: 50 × 10 = 500 bound values, far under SQLite's 32 766.
/// Not more: SQLite looks `$n` parameter names up linearly when parsing and sqlx again when
/// binding, so a statement costs O(parameters²) — 1 000-row batches made loading ~15× slower
/// (70 s instead of ~4 s in a debug build). Full batches share one SQL text and so one cached
/// prepared statement.
const INSERT_BATCH: usize = 50;
/// Codes per `IN (…)` list of [`names`].
const IN_CHUNK: usize = 500;

/// The columns of an [`Entry`], selected from `dict_entries e`. `has_children` is an indexed
/// EXISTS (`ix_dict_entries_parent`), as INTEGER 0/1 (no BOOLEAN in the common subset).
const ENTRY_COLUMNS: &str = "e.code, e.parent_code, e.level, e.name_ru, e.name_kk, e.name_en, e.extra, \
     CASE WHEN EXISTS (SELECT 1 FROM dict_entries c WHERE c.dict = e.dict AND c.parent_code = e.code) \
     THEN 1 ELSE 0 END AS has_children";

/// What `dict_imports` says about one dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredImport {
    pub sha256: String,
    pub source: String,
    pub rows: u64,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

pub(crate) fn entry_from_row(row: &AnyRow) -> Result<Entry, sqlx::Error> {
    let extra: Option<String> = row.try_get("extra")?;
    let extra = match extra {
        None => serde_json::Value::Null,
        Some(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "dict_entries.extra is not JSON; shown as empty");
            serde_json::Value::Null
        }),
    };
    Ok(Entry {
        code: row.try_get("code")?,
        parent_code: row.try_get("parent_code")?,
        level: row.try_get("level")?,
        name_ru: row.try_get("name_ru")?,
        name_kk: row.try_get("name_kk")?,
        name_en: row.try_get("name_en")?,
        extra,
        has_children: db::flag(row, "has_children")?,
    })
}

fn entries_from_rows(rows: &[AnyRow]) -> Result<Vec<Entry>, RefdataError> {
    Ok(rows
        .iter()
        .map(entry_from_row)
        .collect::<Result<Vec<_>, _>>()?)
}

/// The import record of `dict`, if it was ever loaded.
pub(crate) async fn stored_import(
    db: &Db,
    dict: Dict,
) -> Result<Option<StoredImport>, RefdataError> {
    let row = sqlx::query("SELECT sha256, source, row_count FROM dict_imports WHERE dict = $1")
        .bind(dict.name())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| -> Result<StoredImport, RefdataError> {
        Ok(StoredImport {
            sha256: r.try_get("sha256")?,
            source: r.try_get("source")?,
            rows: count(r.try_get("row_count")?),
        })
    })
    .transpose()
}

/// Replaces the rows of `dict` with `entries` in one write transaction and records the import.
///
/// Returns the stored import instead, writing nothing, when another process finished loading
/// the same source while this one waited for the lock: the import row is locked first
/// (`UPDATE … RETURNING` blocks a concurrent loader on PostgreSQL; SQLite's `BEGIN IMMEDIATE`
/// already serialises writers), then compared again.
pub(crate) async fn replace_entries(
    db: &Db,
    dict: Dict,
    entries: &[NewEntry],
    sha256: &str,
    source: &str,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<Result<u64, StoredImport>, RefdataError> {
    let total = entries.len() as u64;
    let mut tx = db.write_tx().await?;
    sqlx::query(
        "INSERT INTO dict_imports (dict, source, sha256, row_count, imported_at) VALUES ($1, '', '', 0, 0) \
         ON CONFLICT (dict) DO NOTHING",
    )
    .bind(dict.name())
    .execute(&mut *tx)
    .await?;
    let locked = sqlx::query("UPDATE dict_imports SET row_count = row_count WHERE dict = $1 RETURNING sha256, source, row_count")
        .bind(dict.name())
        .fetch_one(&mut *tx)
        .await?;
    let current = StoredImport {
        sha256: locked.try_get("sha256")?,
        source: locked.try_get("source")?,
        rows: count(locked.try_get("row_count")?),
    };
    if current.sha256 == sha256 && current.source == source {
        tx.rollback().await?;
        return Ok(Err(current));
    }

    sqlx::query("DELETE FROM dict_entries WHERE dict = $1")
        .bind(dict.name())
        .execute(&mut *tx)
        .await?;
    progress(LoadProgress {
        dict,
        done: 0,
        total,
    });
    let mut done = 0u64;
    for (chunk_no, chunk) in entries.chunks(INSERT_BATCH).enumerate() {
        let sql = format!(
            "INSERT INTO dict_entries (dict, code, parent_code, level, name_ru, name_kk, name_en, extra, search_key, position) VALUES {}",
            values_placeholders(chunk.len(), INSERT_COLUMNS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (i, e) in chunk.iter().enumerate() {
            let position = (chunk_no * INSERT_BATCH + i) as i64;
            q = q
                .bind(dict.name())
                .bind(e.code.as_str())
                .bind(e.parent_code.as_deref())
                .bind(e.level.as_deref())
                .bind(e.name_ru.as_str())
                .bind(e.name_kk.as_deref())
                .bind(e.name_en.as_deref())
                .bind(e.extra_json())
                .bind(e.search_key.as_str())
                .bind(position);
        }
        q.execute(&mut *tx).await?;
        done += chunk.len() as u64;
        progress(LoadProgress { dict, done, total });
    }

    // ACC-31: the administrator's additions and changes outlive the reload.
    crate::admin::reapply(&mut tx, dict).await?;
    sqlx::query("UPDATE dict_imports SET source = $2, sha256 = $3, row_count = $4, imported_at = $5 WHERE dict = $1")
        .bind(dict.name())
        .bind(source)
        .bind(sha256)
        .bind(total as i64)
        .bind(Millis::now().0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(total))
}

/// One page of the children of `parent` (the roots when `None`), in source order.
pub(crate) async fn children(
    db: &Db,
    dict: Dict,
    parent: Option<&str>,
    page: PageRequest,
) -> Result<Page<Entry>, RefdataError> {
    // Parameters: $1 dict, [$2 parent], then limit and offset.
    let (filter, next) = match parent {
        Some(_) => ("e.parent_code = $2", 3),
        None => ("e.parent_code IS NULL", 2),
    };
    let mut count_q = sqlx::query(AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM dict_entries e WHERE e.dict = $1 AND {filter}"
    )))
    .bind(dict.name());
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM dict_entries e WHERE e.dict = $1 AND {filter} ORDER BY e.position LIMIT ${} OFFSET ${}",
        next,
        next + 1
    );
    let mut page_q = sqlx::query(AssertSqlSafe(sql)).bind(dict.name());
    if let Some(p) = parent {
        count_q = count_q.bind(p);
        page_q = page_q.bind(p);
    }
    let total: i64 = count_q.fetch_one(db.pool()).await?.try_get(0)?;
    let rows = page_q
        .bind(i64::from(page.per_page))
        .bind(page.offset() as i64)
        .fetch_all(db.pool())
        .await?;
    Ok(Page {
        total: count(total),
        items: entries_from_rows(&rows)?,
    })
}

/// One page of the entries whose search key contains the query (see `key.rs`): an exact code
/// first, then code prefixes, then source order.
pub(crate) async fn search(
    db: &Db,
    dict: Dict,
    query: &str,
    page: PageRequest,
) -> Result<Page<Entry>, RefdataError> {
    let Some(p) = query_patterns(query) else {
        return Ok(Page {
            total: 0,
            items: Vec::new(),
        });
    };
    let esc = LIKE_ESCAPE;
    let filter = format!(
        "e.dict = $1 AND (e.search_key LIKE $2 ESCAPE '{esc}' OR e.search_key LIKE $3 ESCAPE '{esc}' \
         OR e.search_key LIKE $4 ESCAPE '{esc}')"
    );
    let [a, b, c] = &p.any_of;
    let total: i64 = sqlx::query(AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM dict_entries e WHERE {filter}"
    )))
    .bind(dict.name())
    .bind(a.as_str())
    .bind(b.as_str())
    .bind(c.as_str())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM dict_entries e WHERE {filter} \
         ORDER BY CASE WHEN e.code = $5 THEN 0 WHEN e.search_key LIKE $6 ESCAPE '{esc}' THEN 1 ELSE 2 END, e.position \
         LIMIT $7 OFFSET $8"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(dict.name())
        .bind(a.as_str())
        .bind(b.as_str())
        .bind(c.as_str())
        .bind(query.trim())
        .bind(p.code_prefix.as_str())
        .bind(i64::from(page.per_page))
        .bind(page.offset() as i64)
        .fetch_all(db.pool())
        .await?;
    Ok(Page {
        total: count(total),
        items: entries_from_rows(&rows)?,
    })
}

/// The entry with this code.
pub(crate) async fn get(db: &Db, dict: Dict, code: &str) -> Result<Option<Entry>, RefdataError> {
    let sql =
        format!("SELECT {ENTRY_COLUMNS} FROM dict_entries e WHERE e.dict = $1 AND e.code = $2");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(dict.name())
        .bind(code)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(entry_from_row).transpose()?)
}

/// The path from the root down to `code`, the entry itself last; empty for an unknown code.
/// One recursive query; depth capped against a cycle in bad data.
pub(crate) async fn ancestors(db: &Db, dict: Dict, code: &str) -> Result<Vec<Entry>, RefdataError> {
    let sql = format!(
        "WITH RECURSIVE chain (code, parent_code, depth) AS ( \
             SELECT code, parent_code, 0 FROM dict_entries WHERE dict = $1 AND code = $2 \
             UNION ALL \
             SELECT p.code, p.parent_code, chain.depth + 1 FROM dict_entries p \
             JOIN chain ON p.dict = $1 AND p.code = chain.parent_code WHERE chain.depth < 32 \
         ) \
         SELECT {ENTRY_COLUMNS} FROM chain JOIN dict_entries e ON e.dict = $1 AND e.code = chain.code \
         ORDER BY chain.depth DESC"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(dict.name())
        .bind(code)
        .fetch_all(db.pool())
        .await?;
    entries_from_rows(&rows)
}

/// The entries with these codes, by code; unknown codes are absent.
pub(crate) async fn names(
    db: &Db,
    dict: Dict,
    codes: &[&str],
) -> Result<HashMap<String, Entry>, RefdataError> {
    let mut unique: Vec<&str> = codes.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let mut out = HashMap::with_capacity(unique.len());
    for chunk in unique.chunks(IN_CHUNK) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM dict_entries e WHERE e.dict = $1 AND e.code IN ({})",
            list.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql))
            .persistent(false)
            .bind(dict.name());
        for code in chunk {
            q = q.bind(*code);
        }
        for row in q.fetch_all(db.pool()).await? {
            let e = entry_from_row(&row)?;
            out.insert(e.code.clone(), e);
        }
    }
    Ok(out)
}

/// Every loaded dictionary, in [`Dict::ALL`] order (rows of dictionaries this build does not
/// know are ignored).
pub(crate) async fn summaries(db: &Db) -> Result<Vec<DictSummary>, RefdataError> {
    let rows = sqlx::query("SELECT dict, source, sha256, row_count, imported_at FROM dict_imports")
        .fetch_all(db.pool())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let name: String = r.try_get("dict")?;
        let Some(dict) = Dict::parse(&name) else {
            continue;
        };
        out.push(DictSummary {
            dict,
            rows: count(r.try_get("row_count")?),
            imported_at: Millis(r.try_get("imported_at")?),
            source: r.try_get("source")?,
            sha256: r.try_get("sha256")?,
        });
    }
    out.sort_by_key(|s| s.dict);
    Ok(out)
}
