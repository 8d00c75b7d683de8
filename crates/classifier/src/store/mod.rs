//! Every SQL statement on the classifier tables (migration `0003_classifier.sql`): versions,
//! the versioned rows of both classifiers, and what the code page (§4.6), the browse trees
//! (§4.5) and the search indexes (change feed by `seq`) read.
//!
//! Rows carry the range of versions they belong to: `version_to IS NULL` is the current
//! row; a closed row is the last state of a code that was later changed or removed, so old
//! codes stay resolvable. The common SQL subset of `crates/db/README.md` throughout.

mod enstru;
mod oktru;

pub use enstru::{
    CodeDetail, CodeRef, TreeNode, TreeNodeKind, code_detail, codes_changed_since, current_code,
    current_codes_page, ens_classes, enstru_children, load_current_codes,
};
pub(crate) use enstru::{
    EnsCodeRow, insert_ens_codes, replace_replacements, upsert_classes, upsert_sections,
};
pub use oktru::{
    OktruChild, OktruKindSpec, OktruLevelCounts, current_oktru_nodes_page,
    load_current_oktru_nodes, oktru_ancestors, oktru_changed_since, oktru_children,
    oktru_count_by_level, oktru_kinds, oktru_node,
};
pub(crate) use oktru::{OktruNodeRow, insert_oktru_nodes};

use crate::ClassifierError;
use crate::model::{ClassifierKind, ClassifierVersion};
use db::sqlx::{self, Row, any::AnyRow};
use db::{AssertSqlSafe, Db, Tx};
use std::collections::HashMap;

/// Rows per progress report of a write.
pub(crate) const PROGRESS_BATCH: usize = 1000;
/// Codes per `IN (…)` list.
const IN_BATCH: usize = 1000;
/// Rows per page when reading all current hashes.
const HASH_PAGE: i64 = 50_000;

/// Rows per multi-row statement. sqlx-sqlite's cost per statement grows faster than linearly
/// with the number of bound values (measured: 5 000 rows × 10 columns take 0.13 s in
/// statements of 100 values and 1.5 s in statements of 10 000), so SQLite gets ~200 values
/// per statement; PostgreSQL, where each statement is a round trip, ~4 000.
fn rows_per_statement(tx: &Tx, columns: usize) -> usize {
    let values = if tx.backend_name().eq_ignore_ascii_case("sqlite") {
        200
    } else {
        4000
    };
    (values / columns).max(1)
}

/// The two versioned tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VersionedTable {
    EnsCodes,
    OktruNodes,
}

impl VersionedTable {
    fn name(self) -> &'static str {
        match self {
            VersionedTable::EnsCodes => "ens_codes",
            VersionedTable::OktruNodes => "oktru_nodes",
        }
    }
}

const VERSION_COLUMNS: &str =
    "kind, number, label, source, sha256, is_demo, created_at, added, changed, removed, unchanged";

fn version_from_row(
    kind: ClassifierKind,
    r: &AnyRow,
) -> Result<ClassifierVersion, ClassifierError> {
    Ok(ClassifierVersion {
        kind,
        number: r.try_get("number")?,
        label: r.try_get("label")?,
        source: r.try_get("source")?,
        sha256: r.try_get("sha256")?,
        is_demo: db::flag(r, "is_demo")?,
        created_at: r.try_get("created_at")?,
        added: r.try_get("added")?,
        changed: r.try_get("changed")?,
        removed: r.try_get("removed")?,
        unchanged: r.try_get("unchanged")?,
    })
}

/// The versions of a classifier, newest first.
pub async fn versions(
    db: &Db,
    kind: ClassifierKind,
) -> Result<Vec<ClassifierVersion>, ClassifierError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM classifier_versions WHERE kind = $1 ORDER BY number DESC"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(kind.as_str())
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| version_from_row(kind, r)).collect()
}

/// The latest version of a classifier.
pub async fn latest_version(
    db: &Db,
    kind: ClassifierKind,
) -> Result<Option<ClassifierVersion>, ClassifierError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM classifier_versions WHERE kind = $1 ORDER BY number DESC LIMIT 1"
    );
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(kind.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| version_from_row(kind, &r)).transpose()
}

pub(crate) async fn latest_version_in(
    tx: &mut Tx,
    kind: ClassifierKind,
) -> Result<Option<ClassifierVersion>, ClassifierError> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM classifier_versions WHERE kind = $1 ORDER BY number DESC LIMIT 1"
    );
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(kind.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| version_from_row(kind, &r)).transpose()
}

pub(crate) async fn insert_version(
    tx: &mut Tx,
    v: &ClassifierVersion,
) -> Result<(), ClassifierError> {
    let sql = format!(
        "INSERT INTO classifier_versions ({VERSION_COLUMNS}) VALUES {}",
        db::values_placeholders(1, 11)
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(v.kind.as_str())
        .bind(v.number)
        .bind(&v.label)
        .bind(&v.source)
        .bind(&v.sha256)
        .bind(i32::from(v.is_demo))
        .bind(v.created_at)
        .bind(v.added)
        .bind(v.changed)
        .bind(v.removed)
        .bind(v.unchanged)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Does the classifier have any version (demo or imported)?
pub async fn has_any_version(db: &Db, kind: ClassifierKind) -> Result<bool, ClassifierError> {
    Ok(latest_version(db, kind).await?.is_some())
}

/// The highest change sequence number among a classifier's rows (0 when empty): where a
/// search index that is up to date stands.
pub async fn max_seq(db: &Db, kind: ClassifierKind) -> Result<i64, ClassifierError> {
    let table = match kind {
        ClassifierKind::Enstru => VersionedTable::EnsCodes,
        ClassifierKind::Oktru => VersionedTable::OktruNodes,
    };
    let sql = format!("SELECT MAX(seq) AS m FROM {}", table.name());
    let row = sqlx::query(AssertSqlSafe(sql)).fetch_one(db.pool()).await?;
    Ok(row.try_get::<Option<i64>, _>("m")?.unwrap_or(0))
}

/// code → row_hash of every current row, read in pages.
pub(crate) async fn current_row_hashes(
    tx: &mut Tx,
    table: VersionedTable,
) -> Result<HashMap<String, String>, ClassifierError> {
    let sql = format!(
        "SELECT code, row_hash FROM {} WHERE version_to IS NULL AND code > $1 ORDER BY code LIMIT $2",
        table.name()
    );
    let mut out = HashMap::new();
    let mut after = String::new();
    loop {
        let rows = sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(&after)
            .bind(HASH_PAGE)
            .fetch_all(&mut **tx)
            .await?;
        let n = rows.len();
        for r in rows {
            let code: String = r.try_get("code")?;
            after.clone_from(&code);
            out.insert(code, r.try_get("row_hash")?);
        }
        if (n as i64) < HASH_PAGE {
            return Ok(out);
        }
    }
}

/// Closes current rows: `version_to = version_to`, each with its new seq. One UPDATE per
/// batch, joining a VALUES list (`UPDATE … FROM` works on both backends; VALUES columns are
/// `column1`, `column2` on both).
pub(crate) async fn close_rows(
    tx: &mut Tx,
    table: VersionedTable,
    rows: &[(String, i64)],
    version_to: i64,
) -> Result<(), ClassifierError> {
    let t = table.name();
    let per_statement = rows_per_statement(tx, 2);
    for chunk in rows.chunks(per_statement) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${})", 2 * i + 2, 2 * i + 3))
            .collect();
        let sql = format!(
            "UPDATE {t} SET version_to = $1, seq = v.column2 FROM (VALUES {}) AS v \
             WHERE {t}.code = v.column1 AND {t}.version_to IS NULL",
            values.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(version_to);
        for (code, seq) in chunk {
            q = q.bind(code.as_str()).bind(*seq);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// `$first, $first+1, …` for an `IN (…)` list of `n` values.
fn in_list(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a JSON TEXT column.
fn json_column<T: serde::de::DeserializeOwned>(
    r: &AnyRow,
    col: &str,
) -> Result<T, ClassifierError> {
    let text: String = r.try_get(col)?;
    Ok(serde_json::from_str(&text)?)
}

/// Reads a nullable JSON TEXT column, `T::default()` for NULL.
fn json_column_or_default<T: serde::de::DeserializeOwned + Default>(
    r: &AnyRow,
    col: &str,
) -> Result<T, ClassifierError> {
    match r.try_get::<Option<String>, _>(col)? {
        Some(text) if !text.is_empty() => Ok(serde_json::from_str(&text)?),
        _ => Ok(T::default()),
    }
}
