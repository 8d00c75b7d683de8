//! SQL of the goods catalog (tables `suppliers` and `goods`, migration 0004), in the common
//! subset of `crates/db/README.md`.
//!
//! Change sequence: every insert, update or (soft) delete of a good takes a new number from
//! the `change_seq` counter (`db::allocate`), so the goods search index (CAT-130) can follow
//! [`goods_changed_since`] and catch up after a restart. Deleted goods keep their row with
//! `status = 'deleted'` and a new `seq`, so the index learns to drop them.
//!
//! Bulk writes are multi-row `INSERT`s kept under SQLite's 32 766 bound values per statement.
//! Two deliberate exceptions to the common subset, both for bulk loads and both measured:
//! bulk `VALUES` lists use anonymous `?` placeholders on SQLite (`bulk_placeholders`), and a
//! large demo load may drop and rebuild two goods indexes ([`defer_goods_indexes`]).

use crate::CatalogError;
use crate::model::{
    AttributeValue, Good, GoodStatus, GoodsStatistics, NewGood, Supplier, SupplierName,
};
use db::sqlx::{self, Row, any::AnyRow};
use db::{AssertSqlSafe, Db, Tx};
use kernel::Millis;
use kernel::values::Bin;
use std::collections::HashMap;

type Result<T> = std::result::Result<T, CatalogError>;

/// The name of the counter every change of a good takes its `seq` from.
pub const CHANGE_SEQ: &str = "change_seq";

/// SQLite's limit of bound values in one statement (SQLITE_MAX_VARIABLE_NUMBER); PostgreSQL's
/// (65 535) is higher, so one bound serves both.
pub const MAX_BOUND_VALUES: usize = 32_766;

/// Columns of one `goods` row as inserted.
pub const GOODS_COLUMNS: usize = 17;

/// Rows of `goods` per INSERT statement: 1 927 (× 17 = 32 759 values).
pub const GOODS_ROWS_PER_STATEMENT: usize = MAX_BOUND_VALUES / GOODS_COLUMNS;

/// Rows per INSERT statement that [`insert_goods`] uses (measured fastest on SQLite; see
/// `bulk_placeholders`).
pub const GOODS_ROWS_PER_INSERT: usize = 100;

/// Columns of one `suppliers` row.
pub const SUPPLIER_COLUMNS: usize = 5;

/// Rows of `suppliers` per INSERT statement.
pub const SUPPLIER_ROWS_PER_STATEMENT: usize = MAX_BOUND_VALUES / SUPPLIER_COLUMNS;

/// Ids per `IN (…)` list when reading goods by id.
const IDS_PER_QUERY: usize = 500;

const INSERT_GOODS_HEAD: &str = "INSERT INTO goods (id, name_ru, name_kk, oktru_code, attributes, supplier_bin, unit, \
     kztin, ntin, is_otp, is_szpt, in_procurement, status, is_demo, seq, created_at, updated_at) VALUES ";

const SELECT_GOODS: &str = "SELECT id, name_ru, name_kk, oktru_code, attributes, supplier_bin, unit, kztin, ntin, \
     is_otp, is_szpt, in_procurement, status, is_demo, seq, created_at, updated_at FROM goods";

fn flag(b: bool) -> i64 {
    i64::from(b)
}

/// `$from, $from+1, …` for an `IN (…)` list of `count` values.
fn in_list(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts goods (status `active`), allocating one `seq` per good in slice order, in
/// statements of [`GOODS_ROWS_PER_INSERT`] rows; all statements run inside the caller's
/// transaction.
pub async fn insert_goods(tx: &mut Tx, goods: &[NewGood]) -> Result<()> {
    insert_goods_in_statements_of(tx, goods, GOODS_ROWS_PER_INSERT).await
}

/// [`insert_goods`] with `rows` rows per INSERT statement (clamped to
/// 1…[`GOODS_ROWS_PER_STATEMENT`], the bound-value limit).
pub async fn insert_goods_in_statements_of(
    tx: &mut Tx,
    goods: &[NewGood],
    rows: usize,
) -> Result<()> {
    if goods.is_empty() {
        return Ok(());
    }
    let rows = rows.clamp(1, GOODS_ROWS_PER_STATEMENT);
    let first_seq = db::allocate(tx, CHANGE_SEQ, goods.len() as i64).await?;
    let full_sql = format!(
        "{INSERT_GOODS_HEAD}{}",
        db::bulk_placeholders(tx, rows, GOODS_COLUMNS)
    );
    let mut seq = first_seq;
    for chunk in goods.chunks(rows) {
        let sql = if chunk.len() == rows {
            full_sql.clone()
        } else {
            format!(
                "{INSERT_GOODS_HEAD}{}",
                db::bulk_placeholders(tx, chunk.len(), GOODS_COLUMNS)
            )
        };
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for g in chunk {
            q = q
                .bind(g.id)
                .bind(g.name_ru.as_str())
                .bind(g.name_kk.as_deref())
                .bind(g.oktru_code.as_str())
                .bind(serde_json::to_string(&g.attributes)?)
                .bind(g.supplier_bin.as_str())
                .bind(g.unit.as_deref())
                .bind(g.kztin.as_deref())
                .bind(g.ntin.as_deref())
                .bind(flag(g.is_otp))
                .bind(flag(g.is_szpt))
                .bind(flag(g.in_procurement))
                .bind(GoodStatus::Active.as_str())
                .bind(flag(g.is_demo))
                .bind(seq)
                .bind(g.created_at.0)
                .bind(g.updated_at.0);
            seq += 1;
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Soft-deletes goods: `status = 'deleted'`, a new `seq` each, `updated_at = now`. Goods that
/// are missing or already deleted are left alone. Returns how many were deleted.
pub async fn delete_goods(tx: &mut Tx, ids: &[i64], now: Millis) -> Result<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    // One number per id; ids that turn out not to be active leave gaps, which the index
    // does not mind (it only needs the order).
    let first_seq = db::allocate(tx, CHANGE_SEQ, ids.len() as i64).await?;
    let mut deleted = 0;
    for (k, id) in ids.iter().enumerate() {
        let r = sqlx::query(
            "UPDATE goods SET status = 'deleted', seq = $1, updated_at = $2 WHERE id = $3 AND status = 'active'",
        )
        .bind(first_seq + k as i64)
        .bind(now.0)
        .bind(*id)
        .execute(&mut **tx)
        .await?;
        deleted += r.rows_affected();
    }
    Ok(deleted)
}

/// Inserts suppliers or updates the ones whose BIN is already stored. When the same BIN occurs
/// twice in `suppliers`, the last one wins.
pub async fn upsert_suppliers(tx: &mut Tx, suppliers: &[Supplier]) -> Result<()> {
    // PostgreSQL refuses to update one row twice in a statement: keep the last per BIN.
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(suppliers.len());
    for (i, s) in suppliers.iter().enumerate() {
        last.insert(s.bin.as_str(), i);
    }
    let unique: Vec<&Supplier> = suppliers
        .iter()
        .enumerate()
        .filter(|(i, s)| last.get(s.bin.as_str()) == Some(i))
        .map(|(_, s)| s)
        .collect();
    for chunk in unique.chunks(SUPPLIER_ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO suppliers (bin, name_ru, name_kk, kato, is_demo) VALUES {} \
             ON CONFLICT (bin) DO UPDATE SET name_ru = excluded.name_ru, name_kk = excluded.name_kk, \
             kato = excluded.kato, is_demo = excluded.is_demo",
            db::bulk_placeholders(tx, chunk.len(), SUPPLIER_COLUMNS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for s in chunk {
            q = q
                .bind(s.bin.as_str())
                .bind(s.name_ru.as_str())
                .bind(s.name_kk.as_deref())
                .bind(s.kato.as_deref())
                .bind(flag(s.is_demo));
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

fn corrupt(what: String, detail: impl ToString) -> CatalogError {
    CatalogError::CorruptRow {
        what,
        detail: detail.to_string(),
    }
}

fn good_from_row(row: &AnyRow) -> Result<Good> {
    let id: i64 = row.try_get("id")?;
    let what = || format!("good {id}");
    let attributes: String = row.try_get("attributes")?;
    let attributes: Vec<AttributeValue> =
        serde_json::from_str(&attributes).map_err(|e| corrupt(what(), e))?;
    let bin: String = row.try_get("supplier_bin")?;
    let supplier_bin =
        Bin::parse(&bin).map_err(|e| corrupt(what(), format!("supplier BIN {bin}: {e}")))?;
    let status: String = row.try_get("status")?;
    let status =
        GoodStatus::parse(&status).ok_or_else(|| corrupt(what(), format!("status {status}")))?;
    Ok(Good {
        id,
        name_ru: row.try_get("name_ru")?,
        name_kk: row.try_get("name_kk")?,
        oktru_code: row.try_get("oktru_code")?,
        attributes,
        supplier_bin,
        unit: row.try_get("unit")?,
        kztin: row.try_get("kztin")?,
        ntin: row.try_get("ntin")?,
        is_otp: db::flag(row, "is_otp")?,
        is_szpt: db::flag(row, "is_szpt")?,
        in_procurement: db::flag(row, "in_procurement")?,
        status,
        is_demo: db::flag(row, "is_demo")?,
        seq: row.try_get("seq")?,
        created_at: Millis(row.try_get("created_at")?),
        updated_at: Millis(row.try_get("updated_at")?),
    })
}

/// The secondary indexes of `goods` whose keys arrive in random order during a bulk load
/// (migration 0004 defines them; keep these texts identical). `ix_goods_seq` is not among them:
/// seqs only grow, and the search indexer needs it at all times.
const DEFERRABLE_GOODS_INDEXES: &[(&str, &str)] = &[
    (
        "ix_goods_supplier",
        "CREATE INDEX IF NOT EXISTS ix_goods_supplier ON goods (supplier_bin)",
    ),
    (
        "ix_goods_oktru",
        "CREATE INDEX IF NOT EXISTS ix_goods_oktru ON goods (oktru_code)",
    ),
];

/// Drops the goods indexes that a bulk load would update in random order
/// (`ix_goods_supplier`, `ix_goods_oktru`); [`restore_goods_indexes`] builds them again in one
/// sorted pass. Measured on SQLite with 2 M demo goods: 22 900 goods/s with the indexes kept,
/// 85 700 without plus 12 s to rebuild them. Until they are restored, lookups by supplier or
/// kind scan the table.
pub async fn defer_goods_indexes(db: &Db) -> Result<()> {
    for (name, _) in DEFERRABLE_GOODS_INDEXES {
        sqlx::query(AssertSqlSafe(format!("DROP INDEX IF EXISTS {name}")))
            .execute(db.pool())
            .await?;
    }
    Ok(())
}

/// Creates the goods indexes of [`defer_goods_indexes`] when they are missing (a no-op when
/// they exist). Safe to call at every start.
pub async fn restore_goods_indexes(db: &Db) -> Result<()> {
    for (_, create) in DEFERRABLE_GOODS_INDEXES {
        sqlx::query(*create).execute(db.pool()).await?;
    }
    Ok(())
}

/// One good by id (deleted ones too: the card says so).
pub async fn good(db: &Db, id: i64) -> Result<Option<Good>> {
    let sql = format!("{SELECT_GOODS} WHERE id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(good_from_row).transpose()
}

/// Goods by id, in the order of `ids` (the order of search results). Ids that do not exist are
/// skipped; an id given twice appears twice. Deleted goods are returned too — the search index
/// may lag a moment behind, and the caller decides what to show.
pub async fn goods_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<Good>> {
    let mut found: HashMap<i64, Good> = HashMap::with_capacity(ids.len());
    let mut unique: Vec<i64> = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    for chunk in unique.chunks(IDS_PER_QUERY) {
        let sql = format!("{SELECT_GOODS} WHERE id IN ({})", in_list(1, chunk.len()));
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        for row in q.fetch_all(db.pool()).await? {
            let g = good_from_row(&row)?;
            found.insert(g.id, g);
        }
    }
    Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
}

/// The names of the suppliers with these BINs (unknown BINs are absent from the map).
pub async fn supplier_names(db: &Db, bins: &[Bin]) -> Result<HashMap<Bin, SupplierName>> {
    let mut unique: Vec<&str> = bins.iter().map(Bin::as_str).collect();
    unique.sort_unstable();
    unique.dedup();
    let mut out = HashMap::with_capacity(unique.len());
    for chunk in unique.chunks(IDS_PER_QUERY) {
        let sql = format!(
            "SELECT bin, name_ru, name_kk FROM suppliers WHERE bin IN ({})",
            in_list(1, chunk.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for bin in chunk {
            q = q.bind(*bin);
        }
        for row in q.fetch_all(db.pool()).await? {
            let bin: String = row.try_get("bin")?;
            let bin = Bin::parse(&bin).map_err(|e| corrupt(format!("supplier {bin}"), e))?;
            out.insert(
                bin,
                SupplierName {
                    name_ru: row.try_get("name_ru")?,
                    name_kk: row.try_get("name_kk")?,
                },
            );
        }
    }
    Ok(out)
}

/// One supplier by BIN.
pub async fn supplier(db: &Db, bin: &Bin) -> Result<Option<Supplier>> {
    let row =
        sqlx::query("SELECT bin, name_ru, name_kk, kato, is_demo FROM suppliers WHERE bin = $1")
            .bind(bin.as_str())
            .fetch_optional(db.pool())
            .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Supplier {
        bin: bin.clone(),
        name_ru: row.try_get("name_ru")?,
        name_kk: row.try_get("name_kk")?,
        kato: row.try_get("kato")?,
        is_demo: db::flag(&row, "is_demo")?,
    }))
}

/// Suppliers in BIN order, after `after` (keyset paging), at most `limit`.
pub async fn list_suppliers(db: &Db, after: Option<&Bin>, limit: u32) -> Result<Vec<Supplier>> {
    let rows = sqlx::query(
        "SELECT bin, name_ru, name_kk, kato, is_demo FROM suppliers WHERE bin > $1 ORDER BY bin LIMIT $2",
    )
    .bind(after.map(Bin::as_str).unwrap_or(""))
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let bin: String = row.try_get("bin")?;
            Ok(Supplier {
                bin: Bin::parse(&bin).map_err(|e| corrupt(format!("supplier {bin}"), e))?,
                name_ru: row.try_get("name_ru")?,
                name_kk: row.try_get("name_kk")?,
                kato: row.try_get("kato")?,
                is_demo: db::flag(row, "is_demo")?,
            })
        })
        .collect()
}

/// The search indexer's feed: goods whose `seq` is greater than `after_seq`, in `seq` order,
/// at most `limit`. Deleted goods are included, so the index removes them.
pub async fn goods_changed_since(db: &Db, after_seq: i64, limit: u32) -> Result<Vec<Good>> {
    let sql = format!("{SELECT_GOODS} WHERE seq > $1 ORDER BY seq LIMIT $2");
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(after_seq)
        .bind(i64::from(limit))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(good_from_row).collect()
}

/// The highest `seq` of any good (0 when there are none).
pub async fn max_seq(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT MAX(seq) AS m FROM goods")
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get::<Option<i64>, _>("m")?.unwrap_or(0))
}

/// The highest good id (0 when there are none).
pub async fn max_good_id(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT MAX(id) AS m FROM goods")
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get::<Option<i64>, _>("m")?.unwrap_or(0))
}

/// The highest id of a demo good (0 when there are none). Walks the primary key from the top,
/// so it is instant when the demo goods are the last ones.
pub async fn max_demo_good_id(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT id FROM goods WHERE is_demo = 1 ORDER BY id DESC LIMIT 1")
        .fetch_optional(db.pool())
        .await?;
    Ok(match row {
        Some(r) => r.try_get("id")?,
        None => 0,
    })
}

/// Stored goods rows, deleted ones included.
pub async fn count_goods(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM goods")
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("n")?)
}

/// Stored suppliers.
pub async fn count_suppliers(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM suppliers")
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("n")?)
}

/// The goods figures of the home page (§2.2.6, CAT-21, CAT-129), computed from the data: one
/// aggregate pass over the active goods, and the suppliers that have at least one active good
/// (an `EXISTS` per supplier over `ix_goods_supplier`, not a `COUNT(DISTINCT)` over every good).
///
/// At the full scale (16 M goods) the aggregate pass takes seconds: callers cache the result
/// (the home page must not run it per request).
pub async fn statistics(db: &Db) -> Result<GoodsStatistics> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS goods, \
                CAST(COALESCE(SUM(in_procurement), 0) AS BIGINT) AS in_procurement, \
                CAST(COALESCE(SUM(CASE WHEN kztin IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT) AS with_kztin, \
                CAST(COALESCE(SUM(is_otp), 0) AS BIGINT) AS otp, \
                CAST(COALESCE(SUM(is_szpt), 0) AS BIGINT) AS szpt \
         FROM goods WHERE status = 'active'",
    )
    .fetch_one(db.pool())
    .await?;
    let suppliers = sqlx::query(
        "SELECT COUNT(*) AS n FROM suppliers s \
         WHERE EXISTS (SELECT 1 FROM goods g WHERE g.supplier_bin = s.bin AND g.status = 'active')",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(GoodsStatistics {
        goods: row.try_get("goods")?,
        in_procurement: row.try_get("in_procurement")?,
        with_kztin: row.try_get("with_kztin")?,
        suppliers: suppliers.try_get("n")?,
        otp: row.try_get("otp")?,
        szpt: row.try_get("szpt")?,
    })
}
