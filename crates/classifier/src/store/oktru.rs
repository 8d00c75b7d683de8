//! ОКТРУ rows (versioned): the tree (§2.2.2, CAT-18), kinds for the goods generator, the
//! change feed.

use super::{IN_BATCH, in_list, json_column_or_default, rows_per_statement};
use crate::ClassifierError;
use crate::model::{AttributeDef, OktruCode, OktruLevel, OktruNode, Versioned};
use db::sqlx::{self, Row, any::AnyRow};
use db::{AssertSqlSafe, Db, Tx};
use serde::Serialize;

const NODE_COLUMNS: &str = "code, level, parent_code, name_ru, name_kk, attributes, tnved, is_demo, version_from, version_to, seq";

fn node_from_row(r: &AnyRow) -> Result<Versioned<OktruNode>, ClassifierError> {
    let level: String = r.try_get("level")?;
    let node = OktruNode {
        code: r.try_get("code")?,
        level: OktruLevel::parse(&level)
            .ok_or_else(|| ClassifierError::StoredValue(format!("level {level}")))?,
        parent_code: r.try_get("parent_code")?,
        name_ru: r.try_get("name_ru")?,
        name_kk: r.try_get("name_kk")?,
        attributes: json_column_or_default(r, "attributes")?,
        tnved: r.try_get("tnved")?,
        is_demo: db::flag(r, "is_demo")?,
    };
    Ok(Versioned {
        item: node,
        version_from: r.try_get("version_from")?,
        version_to: r.try_get("version_to")?,
        seq: r.try_get("seq")?,
    })
}

/// A child in the ОКТРУ tree with the number of its own current children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OktruChild {
    pub node: OktruNode,
    pub child_count: i64,
}

/// The current children of a node (`None`: the categories), ordered by code.
pub async fn oktru_children(
    db: &Db,
    parent: Option<&OktruCode>,
) -> Result<Vec<OktruChild>, ClassifierError> {
    let parent_filter = if parent.is_some() {
        "n.parent_code = $1"
    } else {
        "n.parent_code IS NULL AND $1 = ''"
    };
    let sql = format!(
        "SELECT {}, (SELECT COUNT(*) FROM oktru_nodes c WHERE c.parent_code = n.code AND c.version_to IS NULL) AS child_count \
         FROM oktru_nodes n WHERE {parent_filter} AND n.version_to IS NULL ORDER BY n.code",
        prefixed("n")
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(parent.map_or("", OktruCode::as_str))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(OktruChild {
                node: node_from_row(r)?.item,
                child_count: r.try_get("child_count")?,
            })
        })
        .collect()
}

fn prefixed(alias: &str) -> String {
    NODE_COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A node as it is now, or its last state when it is no longer current (`version_to` set).
pub async fn oktru_node(
    db: &Db,
    code: &OktruCode,
) -> Result<Option<Versioned<OktruNode>>, ClassifierError> {
    let sql = format!(
        "SELECT {NODE_COLUMNS} FROM oktru_nodes WHERE code = $1 ORDER BY version_from DESC LIMIT 1"
    );
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(code.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| node_from_row(&r)).transpose()
}

/// The current ancestors of a node, category first (the node itself not included).
pub async fn oktru_ancestors(db: &Db, code: &OktruCode) -> Result<Vec<OktruNode>, ClassifierError> {
    let mut path = code.path();
    path.pop();
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {NODE_COLUMNS} FROM oktru_nodes WHERE version_to IS NULL AND code IN ({}) ORDER BY code",
        in_list(1, path.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for c in &path {
        q = q.bind(c.as_str());
    }
    let rows = q.fetch_all(db.pool()).await?;
    // Code order is depth order: each ancestor's code is a prefix of the next one's.
    rows.iter().map(|r| Ok(node_from_row(r)?.item)).collect()
}

/// A kind («Вид») with its path and its class's attribute set: what the demo goods generator
/// needs to make goods of that kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OktruKindSpec {
    pub code: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    /// Category, group, class and kind codes.
    pub path: [String; 4],
    pub class_attributes: Vec<AttributeDef>,
    pub tnved: Option<String>,
}

/// Every current kind, ordered by code.
pub async fn oktru_kinds(db: &Db) -> Result<Vec<OktruKindSpec>, ClassifierError> {
    let rows = sqlx::query(
        "SELECT k.code, k.name_ru, k.name_kk, k.tnved, c.attributes FROM oktru_nodes k \
         LEFT JOIN oktru_nodes c ON c.code = k.parent_code AND c.version_to IS NULL \
         WHERE k.level = 'kind' AND k.version_to IS NULL ORDER BY k.code",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let code: String = r.try_get("code")?;
            let path = OktruCode::parse(&code)
                .map_err(|_| ClassifierError::StoredValue(format!("oktru code {code}")))?
                .path();
            let path: [String; 4] = path
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .try_into()
                .map_err(|_| {
                    ClassifierError::StoredValue(format!("kind {code} is not at depth 4"))
                })?;
            Ok(OktruKindSpec {
                code,
                name_ru: r.try_get("name_ru")?,
                name_kk: r.try_get("name_kk")?,
                path,
                class_attributes: json_column_or_default(r, "attributes")?,
                tnved: r.try_get("tnved")?,
            })
        })
        .collect()
}

/// Number of current nodes per level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OktruLevelCounts {
    pub categories: i64,
    pub groups: i64,
    pub classes: i64,
    pub kinds: i64,
}

pub async fn oktru_count_by_level(db: &Db) -> Result<OktruLevelCounts, ClassifierError> {
    let rows = sqlx::query(
        "SELECT level, COUNT(*) AS n FROM oktru_nodes WHERE version_to IS NULL GROUP BY level",
    )
    .fetch_all(db.pool())
    .await?;
    let mut out = OktruLevelCounts::default();
    for r in &rows {
        let level: String = r.try_get("level")?;
        let n: i64 = r.try_get("n")?;
        match OktruLevel::parse(&level) {
            Some(OktruLevel::Category) => out.categories = n,
            Some(OktruLevel::Group) => out.groups = n,
            Some(OktruLevel::Class) => out.classes = n,
            Some(OktruLevel::Kind) => out.kinds = n,
            None => return Err(ClassifierError::StoredValue(format!("level {level}"))),
        }
    }
    Ok(out)
}

/// The change feed of ОКТРУ nodes: `(seq, code)` after `after_seq`, in seq order (see
/// [`super::codes_changed_since`]).
pub async fn oktru_changed_since(
    db: &Db,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<(i64, String)>, ClassifierError> {
    let rows =
        sqlx::query("SELECT seq, code FROM oktru_nodes WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(after_seq)
            .bind(limit)
            .fetch_all(db.pool())
            .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("seq")?, r.try_get("code")?)))
        .collect()
}

/// The current rows of the given nodes, ordered by code.
pub async fn load_current_oktru_nodes(
    db: &Db,
    codes: &[String],
) -> Result<Vec<OktruNode>, ClassifierError> {
    let mut out = Vec::with_capacity(codes.len());
    for chunk in codes.chunks(IN_BATCH) {
        let sql = format!(
            "SELECT {NODE_COLUMNS} FROM oktru_nodes WHERE version_to IS NULL AND code IN ({}) ORDER BY code",
            in_list(1, chunk.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for c in chunk {
            q = q.bind(c.as_str());
        }
        for r in q.fetch_all(db.pool()).await? {
            out.push(node_from_row(&r)?.item);
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// One page of all current nodes in code order after `after` (keyset paging).
pub async fn current_oktru_nodes_page(
    db: &Db,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<Versioned<OktruNode>>, ClassifierError> {
    let sql = format!(
        "SELECT {NODE_COLUMNS} FROM oktru_nodes WHERE version_to IS NULL AND code > $1 ORDER BY code LIMIT $2"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(after.unwrap_or(""))
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(node_from_row).collect()
}

/// A node ready to be written: its attribute JSON serialised once.
pub(crate) struct OktruNodeRow<'a> {
    pub node: &'a OktruNode,
    pub attributes: Option<String>,
    pub row_hash: String,
}

/// Inserts rows `(row, seq)` as current rows of version `version_from`.
pub(crate) async fn insert_oktru_nodes(
    tx: &mut Tx,
    rows: &[(&OktruNodeRow<'_>, i64)],
    version_from: i64,
) -> Result<(), ClassifierError> {
    const COLS: usize = 11;
    let per_statement = rows_per_statement(tx, COLS);
    for chunk in rows.chunks(per_statement) {
        let sql = format!(
            "INSERT INTO oktru_nodes (code, version_from, level, parent_code, name_ru, name_kk, attributes, tnved, is_demo, row_hash, seq) \
             VALUES {}",
            db::values_placeholders(chunk.len(), COLS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (r, seq) in chunk {
            let n = r.node;
            q = q
                .bind(n.code.as_str())
                .bind(version_from)
                .bind(n.level.as_str())
                .bind(n.parent_code.as_deref())
                .bind(n.name_ru.as_str())
                .bind(n.name_kk.as_deref())
                .bind(r.attributes.as_deref())
                .bind(n.tnved.as_deref())
                .bind(i32::from(n.is_demo))
                .bind(r.row_hash.as_str())
                .bind(*seq);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
