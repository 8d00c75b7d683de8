//! The platform administrator's changes to the account dictionaries of spec/accounts.md §2.11
//! (ACC-31, ACC-116): add an entry, rename it, set it inactive or active again. Nothing is
//! deleted: an inactive entry keeps showing on the records that use it and is no longer offered
//! for new choices ([`choices`]; the account services accept it only as the value a record
//! already holds).
//!
//! Each change is stored twice in the caller's transaction: in `dict_edits`, which survives a
//! reload of newer shipped files (the loader applies the edits again after replacing the rows),
//! and in `dict_entries`, which every reader uses. Banks have their own table and are not here.

use crate::key::search_key;
use crate::model::{Dict, Entry};
use crate::{RefdataError, store};
use db::sqlx::{self, Any, Executor, Row};
use db::{Db, Tx};
use kernel::Millis;
use serde::Serialize;

/// The dictionaries an administrator maintains through [`save`].
pub const EDITABLE: [Dict; 5] = [
    Dict::Countries,
    Dict::Kopf,
    Dict::Kse,
    Dict::Kfs,
    Dict::BankAccountTypes,
];

/// One entry as the administrator saves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryEdit {
    pub code: String,
    pub parent_code: Option<String>,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub name_en: Option<String>,
    pub active: bool,
}

/// An entry with its flags, for the administrator's list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdminEntry {
    #[serde(flatten)]
    pub entry: Entry,
    pub active: bool,
    /// Whether an administrator added or changed it (`dict_edits`).
    pub edited: bool,
}

/// Every entry of `dict` in the dictionary's order, active or not, with the flags.
pub async fn entries(db: &Db, dict: Dict) -> Result<Vec<AdminEntry>, RefdataError> {
    let rows = sqlx::query(
        "SELECT e.code, e.parent_code, e.level, e.name_ru, e.name_kk, e.name_en, e.extra, \
         0 AS has_children, e.active, \
         CASE WHEN EXISTS (SELECT 1 FROM dict_edits d WHERE d.dict = e.dict AND d.code = e.code) \
         THEN 1 ELSE 0 END AS edited \
         FROM dict_entries e WHERE e.dict = $1 ORDER BY e.position",
    )
    .bind(dict.name())
    .fetch_all(db.pool())
    .await
    .map_err(db::DbError::from)?;
    rows.iter()
        .map(|r| {
            Ok(AdminEntry {
                entry: store::entry_from_row(r)?,
                active: db::flag(r, "active")?,
                edited: db::flag(r, "edited")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(|e| RefdataError::Db(e.into()))
}

/// The entry of `dict` with `code` and whether it is active, read in `e` (a transaction when
/// the caller is about to change it).
pub async fn stored<'e, E: Executor<'e, Database = Any>>(
    e: E,
    dict: Dict,
    code: &str,
) -> Result<Option<(EntryEdit, bool)>, RefdataError> {
    let row = sqlx::query(
        "SELECT code, parent_code, name_ru, name_kk, name_en, active FROM dict_entries \
         WHERE dict = $1 AND code = $2",
    )
    .bind(dict.name())
    .bind(code)
    .fetch_optional(e)
    .await
    .map_err(db::DbError::from)?;
    row.map(|r| -> Result<_, sqlx::Error> {
        let active = db::flag(&r, "active")?;
        Ok((
            EntryEdit {
                code: r.try_get("code")?,
                parent_code: r.try_get("parent_code")?,
                name_ru: r.try_get("name_ru")?,
                name_kk: r.try_get("name_kk")?,
                name_en: r.try_get("name_en")?,
                active,
            },
            active,
        ))
    })
    .transpose()
    .map_err(|e| RefdataError::Db(e.into()))
}

/// Stores the administrator's version of an entry (added or changed) in `tx`.
pub async fn save(
    tx: &mut Tx,
    dict: Dict,
    edit: &EntryEdit,
    by: &str,
    now: Millis,
) -> Result<(), RefdataError> {
    sqlx::query(
        "INSERT INTO dict_edits (dict, code, parent_code, name_ru, name_kk, name_en, active, \
         edited_at, edited_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (dict, code) DO UPDATE SET parent_code = excluded.parent_code, \
         name_ru = excluded.name_ru, name_kk = excluded.name_kk, name_en = excluded.name_en, \
         active = excluded.active, edited_at = excluded.edited_at, edited_by = excluded.edited_by",
    )
    .bind(dict.name())
    .bind(&edit.code)
    .bind(edit.parent_code.as_deref())
    .bind(&edit.name_ru)
    .bind(edit.name_kk.as_deref())
    .bind(edit.name_en.as_deref())
    .bind(i32::from(edit.active))
    .bind(now.0)
    .bind(by)
    .execute(&mut **tx)
    .await
    .map_err(db::DbError::from)?;
    apply(tx, dict, edit).await
}

/// Writes one edit into `dict_entries`: the row of the code, or a new row at the end.
async fn apply(tx: &mut Tx, dict: Dict, edit: &EntryEdit) -> Result<(), RefdataError> {
    let key = search_key(&edit.code, &[Some(&edit.name_ru), edit.name_kk.as_deref()]);
    let updated = sqlx::query(
        "UPDATE dict_entries SET parent_code = $3, name_ru = $4, name_kk = $5, name_en = $6, \
         active = $7, search_key = $8 WHERE dict = $1 AND code = $2",
    )
    .bind(dict.name())
    .bind(&edit.code)
    .bind(edit.parent_code.as_deref())
    .bind(&edit.name_ru)
    .bind(edit.name_kk.as_deref())
    .bind(edit.name_en.as_deref())
    .bind(i32::from(edit.active))
    .bind(&key)
    .execute(&mut **tx)
    .await
    .map_err(db::DbError::from)?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO dict_entries (dict, code, parent_code, level, name_ru, name_kk, name_en, \
             extra, search_key, position, active) SELECT $1, $2, $3, NULL, $4, $5, $6, NULL, $7, \
             COALESCE(MAX(position), -1) + 1, $8 FROM dict_entries WHERE dict = $1",
        )
        .bind(dict.name())
        .bind(&edit.code)
        .bind(edit.parent_code.as_deref())
        .bind(&edit.name_ru)
        .bind(edit.name_kk.as_deref())
        .bind(edit.name_en.as_deref())
        .bind(&key)
        .bind(i32::from(edit.active))
        .execute(&mut **tx)
        .await
        .map_err(db::DbError::from)?;
    }
    Ok(())
}

/// Applies every stored edit of `dict` again (after the loader replaced its rows).
pub(crate) async fn reapply(tx: &mut Tx, dict: Dict) -> Result<usize, RefdataError> {
    let rows = sqlx::query(
        "SELECT code, parent_code, name_ru, name_kk, name_en, active FROM dict_edits \
         WHERE dict = $1 ORDER BY edited_at, code",
    )
    .bind(dict.name())
    .fetch_all(&mut **tx)
    .await
    .map_err(db::DbError::from)?;
    let edits = rows
        .iter()
        .map(|r| -> Result<EntryEdit, sqlx::Error> {
            Ok(EntryEdit {
                code: r.try_get("code")?,
                parent_code: r.try_get("parent_code")?,
                name_ru: r.try_get("name_ru")?,
                name_kk: r.try_get("name_kk")?,
                name_en: r.try_get("name_en")?,
                active: db::flag(r, "active")?,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| RefdataError::Db(e.into()))?;
    for e in &edits {
        apply(tx, dict, e).await?;
    }
    Ok(edits.len())
}

/// The entries offered for a new choice: the active ones, in the dictionary's order.
pub async fn choices(db: &Db, dict: Dict) -> Result<Vec<Entry>, RefdataError> {
    Ok(entries(db, dict)
        .await?
        .into_iter()
        .filter(|e| e.active)
        .map(|e| e.entry)
        .collect())
}
