//! ЕНС ТРУ rows: codes (versioned), classes, sections, replacements; the code page (§4.6,
//! CAT-122, CAT-123, G-10), the browse tree (§4.5, CAT-121) and the change feed.

use super::{IN_BATCH, in_list, json_column, rows_per_statement};
use crate::ClassifierError;
use crate::model::{
    CodeReplacement, CodeStatus, CodeVersion, EnsClass, EnsCode, EnsCodeStr, EnsSection,
    SubjectType, Versioned, kpved_group_key,
};
use db::sqlx::{self, Row, any::AnyRow};
use db::{AssertSqlSafe, Db, Tx};
use serde::Serialize;

const CODE_COLUMNS: &str = "code, code_length, subject_type, name_ru, name_kk, characteristics, kpved, section_code, \
     class_code, attributes, units, synonyms, status, is_demo, version_from, version_to, seq";

fn code_from_row(r: &AnyRow) -> Result<Versioned<EnsCode>, ClassifierError> {
    let len: i64 = r.try_get("code_length")?;
    let subject: String = r.try_get("subject_type")?;
    let status: String = r.try_get("status")?;
    let code = EnsCode {
        code: r.try_get("code")?,
        version: CodeVersion::from_length(len)
            .ok_or_else(|| ClassifierError::StoredValue(format!("code_length {len}")))?,
        subject_type: SubjectType::parse(&subject)
            .ok_or_else(|| ClassifierError::StoredValue(format!("subject_type {subject}")))?,
        name_ru: r.try_get("name_ru")?,
        name_kk: r.try_get("name_kk")?,
        characteristics: r.try_get("characteristics")?,
        kpved: r.try_get("kpved")?,
        section_code: r.try_get("section_code")?,
        class_code: r.try_get("class_code")?,
        attributes: json_column(r, "attributes")?,
        units: json_column(r, "units")?,
        synonyms: json_column(r, "synonyms")?,
        status: CodeStatus::parse(&status)
            .ok_or_else(|| ClassifierError::StoredValue(format!("status {status}")))?,
        is_demo: db::flag(r, "is_demo")?,
    };
    Ok(Versioned {
        item: code,
        version_from: r.try_get("version_from")?,
        version_to: r.try_get("version_to")?,
        seq: r.try_get("seq")?,
    })
}

/// A code as it is now, or — for a code that is no longer current — its last state, with the
/// version range it belonged to (`version_to` set). `None` for a code never imported.
pub async fn current_code(
    db: &Db,
    code: &EnsCodeStr,
) -> Result<Option<Versioned<EnsCode>>, ClassifierError> {
    // The current row, when there is one, has the highest version_from of the code.
    let sql = format!(
        "SELECT {CODE_COLUMNS} FROM ens_codes WHERE code = $1 ORDER BY version_from DESC LIMIT 1"
    );
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(code.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| code_from_row(&r)).transpose()
}

/// A code of the other version on the code page (G-10), with its latest name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeRef {
    pub code: String,
    pub version: CodeVersion,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub is_current: bool,
}

/// Everything the code page shows (CAT-123) apart from reference names (КПВЭД, МКЕИ), which
/// live in the reference dictionaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeDetail {
    pub code: Versioned<EnsCode>,
    pub class: Option<EnsClass>,
    pub section: Option<EnsSection>,
    /// For a V15 code its V30 counterparts («Заменяющие коды старой версии (30 знаков)»); for
    /// a V30 code its V15 counterparts («Коды новой версии (15 знаков)»). Ordered by code.
    pub replacements: Vec<CodeRef>,
}

/// The code page's data for a code (current or last known state).
pub async fn code_detail(
    db: &Db,
    code: &EnsCodeStr,
) -> Result<Option<CodeDetail>, ClassifierError> {
    let Some(found) = current_code(db, code).await? else {
        return Ok(None);
    };
    let class = match &found.item.class_code {
        Some(c) => class_by_code(db, c).await?,
        None => None,
    };
    let section = match &found.item.section_code {
        Some(c) => section_by_code(db, c).await?,
        None => None,
    };
    let replacements = replacements_of(db, code).await?;
    Ok(Some(CodeDetail {
        code: found,
        class,
        section,
        replacements,
    }))
}

fn class_from_row(r: &AnyRow) -> Result<EnsClass, ClassifierError> {
    Ok(EnsClass {
        code: r.try_get("code")?,
        name_ru: r.try_get("name_ru")?,
        name_kk: r.try_get("name_kk")?,
        attributes: json_column(r, "attributes")?,
        is_demo: db::flag(r, "is_demo")?,
    })
}

async fn class_by_code(db: &Db, code: &str) -> Result<Option<EnsClass>, ClassifierError> {
    let row = sqlx::query(
        "SELECT code, name_ru, name_kk, attributes, is_demo FROM ens_classes WHERE code = $1",
    )
    .bind(code)
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| class_from_row(&r)).transpose()
}

/// Every ЕНС ТРУ class, ordered by code (labels of the hierarchical search, CAT-121).
pub async fn ens_classes(db: &Db) -> Result<Vec<EnsClass>, ClassifierError> {
    let rows = sqlx::query(
        "SELECT code, name_ru, name_kk, attributes, is_demo FROM ens_classes ORDER BY code",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(class_from_row).collect()
}

async fn section_by_code(db: &Db, code: &str) -> Result<Option<EnsSection>, ClassifierError> {
    let row =
        sqlx::query("SELECT code, name_ru, name_kk, is_demo FROM ens_sections WHERE code = $1")
            .bind(code)
            .fetch_optional(db.pool())
            .await?;
    row.map(|r| {
        Ok(EnsSection {
            code: r.try_get("code")?,
            name_ru: r.try_get("name_ru")?,
            name_kk: r.try_get("name_kk")?,
            is_demo: db::flag(&r, "is_demo")?,
        })
    })
    .transpose()
}

/// The codes of the other version paired with `code`, each with its latest row's name.
async fn replacements_of(db: &Db, code: &EnsCodeStr) -> Result<Vec<CodeRef>, ClassifierError> {
    let (mine, theirs) = match code.version() {
        CodeVersion::V15 => ("code_v15", "code_v30"),
        CodeVersion::V30 => ("code_v30", "code_v15"),
    };
    let sql = format!(
        "SELECT e.code, e.code_length, e.name_ru, e.name_kk, e.version_to FROM ens_replacements r \
         JOIN ens_codes e ON e.code = r.{theirs} \
         WHERE r.{mine} = $1 AND e.version_from = (SELECT MAX(x.version_from) FROM ens_codes x WHERE x.code = e.code) \
         ORDER BY e.code"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(code.as_str())
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            let len: i64 = r.try_get("code_length")?;
            Ok(CodeRef {
                code: r.try_get("code")?,
                version: CodeVersion::from_length(len)
                    .ok_or_else(|| ClassifierError::StoredValue(format!("code_length {len}")))?,
                name_ru: r.try_get("name_ru")?,
                name_kk: r.try_get("name_kk")?,
                is_current: r.try_get::<Option<i64>, _>("version_to")?.is_none(),
            })
        })
        .collect()
}

/// What a node of the ЕНС ТРУ browse tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TreeNodeKind {
    Group,
    Class,
    Code,
}

/// A node of the ЕНС ТРУ browse tree (§4.5).
///
/// Ids: a group is its КПВЭД key `NN.NN`; a class is `NN.NN/<class code>` (a class is shown
/// under each group its codes fall in); a code is the code. Groups carry no label: their name
/// is the КПВЭД entry's, which the caller takes from the reference dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreeNode {
    pub id: String,
    pub label_ru: Option<String>,
    pub label_kk: Option<String>,
    pub kind: TreeNodeKind,
    /// Active current codes at or below the node (1 for a code).
    pub count: i64,
    pub has_children: bool,
}

/// The children of a browse-tree node, for active current codes of one version and,
/// optionally, one subject type (CAT-121: the version switch and «Вид ТРУ» apply at every
/// level). `None` lists the КПВЭД groups; a group lists its classes, then the codes that have
/// no class; a class lists its codes. Sections are not a level here (the real classifier's
/// section layout is unknown; CAT-121 skips levels without entries).
pub async fn enstru_children(
    db: &Db,
    parent: Option<&str>,
    version: CodeVersion,
    subject: Option<SubjectType>,
) -> Result<Vec<TreeNode>, ClassifierError> {
    let len = version.length() as i64;
    let subject = subject.map_or("", SubjectType::as_str);
    match parent {
        None => group_nodes(db, len, subject).await,
        Some(id) => match id.split_once('/') {
            Some((group, class)) => {
                let group =
                    kpved_group_key(group).ok_or_else(|| ClassifierError::MalformedCode {
                        kind: "tree",
                        input: id.to_string(),
                    })?;
                code_nodes(db, len, subject, &group, Some(class)).await
            }
            None => {
                let group = kpved_group_key(id).filter(|g| g == id).ok_or_else(|| {
                    ClassifierError::MalformedCode {
                        kind: "tree",
                        input: id.to_string(),
                    }
                })?;
                let mut out = class_nodes(db, len, subject, &group).await?;
                out.extend(code_nodes(db, len, subject, &group, None).await?);
                Ok(out)
            }
        },
    }
}

/// The filter every tree query shares: current, active, version ($1), optional subject type
/// ($2, '' for all), on the table alias `t`.
fn tree_filter(t: &str) -> String {
    format!(
        "{t}.version_to IS NULL AND {t}.status = 'active' AND {t}.code_length = $1 AND ($2 = '' OR {t}.subject_type = $2)"
    )
}

async fn group_nodes(db: &Db, len: i64, subject: &str) -> Result<Vec<TreeNode>, ClassifierError> {
    let sql = format!(
        "SELECT SUBSTR(e.kpved, 1, 5) AS grp, COUNT(*) AS n FROM ens_codes e WHERE {} \
         GROUP BY SUBSTR(e.kpved, 1, 5) ORDER BY SUBSTR(e.kpved, 1, 5)",
        tree_filter("e")
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(len)
        .bind(subject)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(TreeNode {
                id: r.try_get("grp")?,
                label_ru: None,
                label_kk: None,
                kind: TreeNodeKind::Group,
                count: r.try_get("n")?,
                has_children: true,
            })
        })
        .collect()
}

async fn class_nodes(
    db: &Db,
    len: i64,
    subject: &str,
    group: &str,
) -> Result<Vec<TreeNode>, ClassifierError> {
    let sql = format!(
        "SELECT e.class_code, MAX(k.name_ru) AS name_ru, MAX(k.name_kk) AS name_kk, COUNT(*) AS n \
         FROM ens_codes e LEFT JOIN ens_classes k ON k.code = e.class_code \
         WHERE {} AND e.kpved LIKE $3 AND e.class_code IS NOT NULL \
         GROUP BY e.class_code ORDER BY e.class_code",
        tree_filter("e")
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(len)
        .bind(subject)
        .bind(format!("{group}%"))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            let class: String = r.try_get("class_code")?;
            Ok(TreeNode {
                id: format!("{group}/{class}"),
                label_ru: r.try_get::<Option<String>, _>("name_ru")?.or(Some(class)),
                label_kk: r.try_get("name_kk")?,
                kind: TreeNodeKind::Class,
                count: r.try_get("n")?,
                has_children: true,
            })
        })
        .collect()
}

/// Codes of a group: those of one class, or (`class = None`) those without a class.
async fn code_nodes(
    db: &Db,
    len: i64,
    subject: &str,
    group: &str,
    class: Option<&str>,
) -> Result<Vec<TreeNode>, ClassifierError> {
    let class_filter = if class.is_some() {
        "class_code = $4"
    } else {
        "class_code IS NULL AND $4 = ''"
    };
    let sql = format!(
        "SELECT e.code, e.name_ru, e.name_kk FROM ens_codes e WHERE {} AND e.kpved LIKE $3 AND e.{class_filter} ORDER BY e.code",
        tree_filter("e")
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(len)
        .bind(subject)
        .bind(format!("{group}%"))
        .bind(class.unwrap_or(""))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(TreeNode {
                id: r.try_get("code")?,
                label_ru: r.try_get("name_ru")?,
                label_kk: r.try_get("name_kk")?,
                kind: TreeNodeKind::Code,
                count: 1,
                has_children: false,
            })
        })
        .collect()
}

/// The change feed for the code index: `(seq, code)` of every row written or closed after
/// `after_seq`, in seq order. A code may appear twice (its old row closed, its new row
/// written); the reader reloads its current state with [`load_current_codes`] and drops it
/// from the index when there is none.
pub async fn codes_changed_since(
    db: &Db,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<(i64, String)>, ClassifierError> {
    let rows = sqlx::query("SELECT seq, code FROM ens_codes WHERE seq > $1 ORDER BY seq LIMIT $2")
        .bind(after_seq)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("seq")?, r.try_get("code")?)))
        .collect()
}

/// The current rows of the given codes (codes with no current row are left out), ordered by
/// code.
pub async fn load_current_codes(
    db: &Db,
    codes: &[String],
) -> Result<Vec<EnsCode>, ClassifierError> {
    let mut out = Vec::with_capacity(codes.len());
    for chunk in codes.chunks(IN_BATCH) {
        let sql = format!(
            "SELECT {CODE_COLUMNS} FROM ens_codes WHERE version_to IS NULL AND code IN ({}) ORDER BY code",
            in_list(1, chunk.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for c in chunk {
            q = q.bind(c.as_str());
        }
        for r in q.fetch_all(db.pool()).await? {
            out.push(code_from_row(&r)?.item);
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// One page of all current codes in code order, after `after` (keyset paging; pass the last
/// code of the previous page). For a full rebuild of the index: read pages until one is
/// shorter than `limit`.
pub async fn current_codes_page(
    db: &Db,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<Versioned<EnsCode>>, ClassifierError> {
    let sql = format!(
        "SELECT {CODE_COLUMNS} FROM ens_codes WHERE version_to IS NULL AND code > $1 ORDER BY code LIMIT $2"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(after.unwrap_or(""))
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(code_from_row).collect()
}

/// A code ready to be written: its JSON columns serialised once, for the hash and the row.
pub(crate) struct EnsCodeRow<'a> {
    pub code: &'a EnsCode,
    pub attributes: String,
    pub units: String,
    pub synonyms: String,
    pub row_hash: String,
}

/// Inserts rows `(row, seq)` as current rows of version `version_from`.
pub(crate) async fn insert_ens_codes(
    tx: &mut Tx,
    rows: &[(&EnsCodeRow<'_>, i64)],
    version_from: i64,
) -> Result<(), ClassifierError> {
    const COLS: usize = 17;
    let per_statement = rows_per_statement(tx, COLS);
    for chunk in rows.chunks(per_statement) {
        let sql = format!(
            "INSERT INTO ens_codes (code, version_from, code_length, subject_type, name_ru, name_kk, characteristics, kpved, \
             section_code, class_code, attributes, units, synonyms, status, is_demo, row_hash, seq) VALUES {}",
            db::values_placeholders(chunk.len(), COLS)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (r, seq) in chunk {
            let c = r.code;
            q = q
                .bind(c.code.as_str())
                .bind(version_from)
                .bind(c.version.length() as i64)
                .bind(c.subject_type.as_str())
                .bind(c.name_ru.as_str())
                .bind(c.name_kk.as_deref())
                .bind(c.characteristics.as_deref())
                .bind(c.kpved.as_str())
                .bind(c.section_code.as_deref())
                .bind(c.class_code.as_deref())
                .bind(r.attributes.as_str())
                .bind(r.units.as_str())
                .bind(r.synonyms.as_str())
                .bind(c.status.as_str())
                .bind(i32::from(c.is_demo))
                .bind(r.row_hash.as_str())
                .bind(*seq);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes the classes of an import: new ones are added, existing ones take the new
/// definition; classes not in the import stay (old codes still name them).
pub(crate) async fn upsert_classes(
    tx: &mut Tx,
    classes: &[EnsClass],
) -> Result<(), ClassifierError> {
    for chunk in classes.chunks(rows_per_statement(tx, 5)) {
        let sql = format!(
            "INSERT INTO ens_classes (code, name_ru, name_kk, attributes, is_demo) VALUES {} \
             ON CONFLICT (code) DO UPDATE SET name_ru = excluded.name_ru, name_kk = excluded.name_kk, \
             attributes = excluded.attributes, is_demo = excluded.is_demo",
            db::values_placeholders(chunk.len(), 5)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for c in chunk {
            q = q
                .bind(c.code.as_str())
                .bind(c.name_ru.as_str())
                .bind(c.name_kk.as_deref())
                .bind(serde_json::to_string(&c.attributes)?)
                .bind(i32::from(c.is_demo));
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes the sections of an import (as classes: added or updated, never deleted).
pub(crate) async fn upsert_sections(
    tx: &mut Tx,
    sections: &[EnsSection],
) -> Result<(), ClassifierError> {
    for chunk in sections.chunks(rows_per_statement(tx, 4)) {
        let sql = format!(
            "INSERT INTO ens_sections (code, name_ru, name_kk, is_demo) VALUES {} \
             ON CONFLICT (code) DO UPDATE SET name_ru = excluded.name_ru, name_kk = excluded.name_kk, is_demo = excluded.is_demo",
            db::values_placeholders(chunk.len(), 4)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for c in chunk {
            q = q
                .bind(c.code.as_str())
                .bind(c.name_ru.as_str())
                .bind(c.name_kk.as_deref())
                .bind(i32::from(c.is_demo));
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Replaces the replacement pairs with those of the new version (the table keeps no history).
pub(crate) async fn replace_replacements(
    tx: &mut Tx,
    pairs: &[CodeReplacement],
) -> Result<(), ClassifierError> {
    sqlx::query("DELETE FROM ens_replacements")
        .execute(&mut **tx)
        .await?;
    for chunk in pairs.chunks(rows_per_statement(tx, 2)) {
        let sql = format!(
            "INSERT INTO ens_replacements (code_v15, code_v30) VALUES {}",
            db::values_placeholders(chunk.len(), 2)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for p in chunk {
            q = q.bind(p.code_v15.as_str()).bind(p.code_v30.as_str());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
