//! The versioned write of a classifier snapshot, shared by file imports and the demo.
//!
//! In one write transaction: a new `classifier_versions` row (number = previous + 1), then a
//! diff of every row's content hash (`row_hash`) against the current rows:
//!
//! ```text
//!   in file, not current          → insert (version_from = new)                 1 seq
//!   in file, same hash            → untouched                                   no seq
//!   in file, different hash       → close old (version_to = previous) + insert  2 seqs
//!   current, not in file          → close (version_to = previous)               1 seq
//! ```
//!
//! Sequence numbers come from `db::allocate(tx, "change_seq", n)` in one call. Rows are
//! written and closed in multi-row statements (about 200 bound values each on SQLite, 4 000 on
//! PostgreSQL; see `store::rows_per_statement`), never one round trip per row.
//!
//! The hash of an ЕНС ТРУ code covers its own values, its replacement partners and the
//! content of its class and section: a renamed class or a new replacement pair is a change of
//! the codes it touches, which the search index then picks up through their new seq.

use super::{ImportPhase, ImportProgress, ImportReport, ImportStatus, hex};
use crate::ClassifierError;
use crate::model::{
    AttributeDef, ClassifierKind, ClassifierVersion, CodeReplacement, EnsClass, EnsCode,
    EnsSection, OktruNode,
};
use crate::store::{self, EnsCodeRow, OktruNodeRow, VersionedTable};
use db::Db;
use kernel::Millis;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A whole ЕНС ТРУ classifier: codes sorted by code, classes, sections, replacement pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EnsSnapshot {
    pub codes: Vec<EnsCode>,
    pub classes: Vec<EnsClass>,
    pub sections: Vec<EnsSection>,
    pub replacements: Vec<CodeReplacement>,
}

/// A whole ОКТРУ classifier, nodes sorted by code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OktruSnapshot {
    pub nodes: Vec<OktruNode>,
}

/// What the new version row says about where the snapshot came from.
#[derive(Debug, Clone)]
pub struct VersionMeta {
    pub label: String,
    /// The file name, or `demo`.
    pub source: String,
    pub sha256: String,
    pub is_demo: bool,
    pub created_at: Millis,
}

/// The outcome of comparing the snapshot with the current rows.
#[derive(Debug, Default)]
struct Diff {
    /// Indexes of snapshot rows to insert (added and changed), in code order.
    insert: Vec<usize>,
    /// Codes of current rows to close (changed and removed), in code order.
    close: Vec<String>,
    added: u64,
    changed: u64,
    removed: u64,
    unchanged: u64,
}

fn diff(
    codes: impl Iterator<Item = (usize, String)>,
    hashes: &[&str],
    mut current: HashMap<String, String>,
) -> Diff {
    let mut d = Diff::default();
    for (i, code) in codes {
        match current.remove(&code) {
            None => {
                d.added += 1;
                d.insert.push(i);
            }
            Some(h) if h == hashes[i] => d.unchanged += 1,
            Some(_) => {
                d.changed += 1;
                d.insert.push(i);
                d.close.push(code);
            }
        }
    }
    d.removed = current.len() as u64;
    d.close.extend(current.into_keys());
    d.close.sort_unstable();
    d
}

/// sha256 over length-prefixed parts (no part can run into the next), hashed in one call.
fn parts_hash(parts: &[&[u8]]) -> String {
    let mut buf = Vec::with_capacity(parts.iter().map(|p| p.len() + 4).sum());
    for p in parts {
        buf.extend_from_slice(&(p.len() as u32).to_le_bytes());
        buf.extend_from_slice(p);
    }
    hex(&Sha256::digest(&buf))
}

fn opt(s: &Option<String>) -> &[u8] {
    s.as_deref().map_or(b"\0", str::as_bytes)
}

/// The codes ready to be written, with their content hashes (see the module doc for what a
/// hash covers).
pub(crate) fn enstru_rows(s: &EnsSnapshot) -> Result<Vec<EnsCodeRow<'_>>, ClassifierError> {
    // A class or section enters a code's hash as the hash of its content.
    let content_hash = |json: String| parts_hash(&[json.as_bytes()]);
    let classes: HashMap<&str, String> = s
        .classes
        .iter()
        .map(|c| Ok((c.code.as_str(), content_hash(serde_json::to_string(c)?))))
        .collect::<Result<_, ClassifierError>>()?;
    let sections: HashMap<&str, String> = s
        .sections
        .iter()
        .map(|c| Ok((c.code.as_str(), content_hash(serde_json::to_string(c)?))))
        .collect::<Result<_, ClassifierError>>()?;
    let mut partners: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &s.replacements {
        partners
            .entry(r.code_v15.as_str())
            .or_default()
            .push(&r.code_v30);
        partners
            .entry(r.code_v30.as_str())
            .or_default()
            .push(&r.code_v15);
    }
    let mut out = Vec::with_capacity(s.codes.len());
    for c in &s.codes {
        let attributes = serde_json::to_string(&c.attributes)?;
        let units = serde_json::to_string(&c.units)?;
        let synonyms = serde_json::to_string(&c.synonyms)?;
        let mut p = partners.get(c.code.as_str()).cloned().unwrap_or_default();
        p.sort_unstable();
        let p = p.join(";");
        let class = c
            .class_code
            .as_deref()
            .and_then(|k| classes.get(k))
            .map_or("", String::as_str);
        let section = c
            .section_code
            .as_deref()
            .and_then(|k| sections.get(k))
            .map_or("", String::as_str);
        let row_hash = parts_hash(&[
            c.code.as_bytes(),
            c.subject_type.as_str().as_bytes(),
            c.name_ru.as_bytes(),
            opt(&c.name_kk),
            opt(&c.characteristics),
            c.kpved.as_bytes(),
            opt(&c.section_code),
            opt(&c.class_code),
            attributes.as_bytes(),
            units.as_bytes(),
            synonyms.as_bytes(),
            c.status.as_str().as_bytes(),
            &[u8::from(c.is_demo)],
            p.as_bytes(),
            class.as_bytes(),
            section.as_bytes(),
        ]);
        out.push(EnsCodeRow {
            code: c,
            attributes,
            units,
            synonyms,
            row_hash,
        });
    }
    Ok(out)
}

/// The nodes ready to be written, with their content hashes.
pub(crate) fn oktru_rows(s: &OktruSnapshot) -> Result<Vec<OktruNodeRow<'_>>, ClassifierError> {
    // Neighbouring classes often share one attribute set: serialise and hash it once (the
    // row hash takes the set's hash).
    let mut last: Option<(&[AttributeDef], String, String)> = None;
    s.nodes
        .iter()
        .map(|n| {
            let (attributes, attributes_hash) = if n.attributes.is_empty() {
                (None, String::new())
            } else {
                match &last {
                    Some((defs, json, hash)) if *defs == n.attributes.as_slice() => {
                        (Some(json.clone()), hash.clone())
                    }
                    _ => {
                        let json = serde_json::to_string(&n.attributes)?;
                        let hash = parts_hash(&[json.as_bytes()]);
                        last = Some((&n.attributes, json.clone(), hash.clone()));
                        (Some(json), hash)
                    }
                }
            };
            let row_hash = parts_hash(&[
                n.code.as_bytes(),
                n.level.as_str().as_bytes(),
                opt(&n.parent_code),
                n.name_ru.as_bytes(),
                opt(&n.name_kk),
                attributes_hash.as_bytes(),
                opt(&n.tnved),
                &[u8::from(n.is_demo)],
            ]);
            Ok(OktruNodeRow {
                node: n,
                attributes,
                row_hash,
            })
        })
        .collect()
}

/// The report for a file identical to the latest version's, if it is.
pub(crate) async fn identical_report(
    db: &Db,
    kind: ClassifierKind,
    sha256: &str,
) -> Result<Option<ImportReport>, ClassifierError> {
    let latest = store::latest_version(db, kind).await?;
    Ok(latest
        .filter(|v| v.sha256 == sha256)
        .map(|v| unchanged_report(kind, ImportStatus::Identical, &v)))
}

fn unchanged_report(
    kind: ClassifierKind,
    status: ImportStatus,
    v: &ClassifierVersion,
) -> ImportReport {
    let rows = (v.added + v.changed + v.unchanged) as u64;
    ImportReport {
        kind,
        status,
        version: v.number,
        rows,
        added: 0,
        changed: 0,
        removed: 0,
        unchanged: rows,
    }
}

/// Writes an ЕНС ТРУ snapshot as a new version (module doc).
pub async fn apply_enstru_snapshot(
    db: &Db,
    s: &EnsSnapshot,
    meta: &VersionMeta,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport, ClassifierError> {
    let kind = ClassifierKind::Enstru;
    let rows = enstru_rows(s)?;
    let hashes: Vec<&str> = rows.iter().map(|r| r.row_hash.as_str()).collect();
    let codes = s.codes.iter().enumerate().map(|(i, c)| (i, c.code.clone()));
    let (mut tx, number, d) = match begin_version(
        db,
        kind,
        VersionedTable::EnsCodes,
        meta,
        codes,
        &hashes,
        progress,
    )
    .await?
    {
        Begin::Write(tx, number, d) => (tx, number, d),
        Begin::Nothing(status, version) => {
            return Ok(nothing_written(kind, status, version, s.codes.len()));
        }
    };
    let (first, close) = allocate_seqs(&mut tx, &d).await?;
    store::close_rows(&mut tx, VersionedTable::EnsCodes, &close, number - 1).await?;
    let first_insert = first + close.len() as i64;
    let total = d.insert.len() as u64;
    for (n, chunk) in d.insert.chunks(store::PROGRESS_BATCH).enumerate() {
        let offset = first_insert + (n * store::PROGRESS_BATCH) as i64;
        let batch: Vec<(&EnsCodeRow<'_>, i64)> = chunk
            .iter()
            .zip(offset..)
            .map(|(&i, seq)| (&rows[i], seq))
            .collect();
        store::insert_ens_codes(&mut tx, &batch, number).await?;
        report_written(
            progress,
            kind,
            n * store::PROGRESS_BATCH + chunk.len(),
            total,
        );
    }
    store::upsert_classes(&mut tx, &s.classes).await?;
    store::upsert_sections(&mut tx, &s.sections).await?;
    store::replace_replacements(&mut tx, &s.replacements).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    finish(kind, number, s.codes.len(), &d, progress)
}

/// Writes an ОКТРУ snapshot as a new version (module doc).
pub async fn apply_oktru_snapshot(
    db: &Db,
    s: &OktruSnapshot,
    meta: &VersionMeta,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport, ClassifierError> {
    let kind = ClassifierKind::Oktru;
    let rows = oktru_rows(s)?;
    let hashes: Vec<&str> = rows.iter().map(|r| r.row_hash.as_str()).collect();
    let codes = s.nodes.iter().enumerate().map(|(i, n)| (i, n.code.clone()));
    let (mut tx, number, d) = match begin_version(
        db,
        kind,
        VersionedTable::OktruNodes,
        meta,
        codes,
        &hashes,
        progress,
    )
    .await?
    {
        Begin::Write(tx, number, d) => (tx, number, d),
        Begin::Nothing(status, version) => {
            return Ok(nothing_written(kind, status, version, s.nodes.len()));
        }
    };
    let (first, close) = allocate_seqs(&mut tx, &d).await?;
    store::close_rows(&mut tx, VersionedTable::OktruNodes, &close, number - 1).await?;
    let first_insert = first + close.len() as i64;
    let total = d.insert.len() as u64;
    for (n, chunk) in d.insert.chunks(store::PROGRESS_BATCH).enumerate() {
        let offset = first_insert + (n * store::PROGRESS_BATCH) as i64;
        let batch: Vec<(&OktruNodeRow<'_>, i64)> = chunk
            .iter()
            .zip(offset..)
            .map(|(&i, seq)| (&rows[i], seq))
            .collect();
        store::insert_oktru_nodes(&mut tx, &batch, number).await?;
        report_written(
            progress,
            kind,
            n * store::PROGRESS_BATCH + chunk.len(),
            total,
        );
    }
    tx.commit().await.map_err(db::DbError::from)?;
    finish(kind, number, s.nodes.len(), &d, progress)
}

fn report_written(
    progress: &(dyn Fn(ImportProgress) + Sync),
    kind: ClassifierKind,
    done: usize,
    total: u64,
) {
    progress(ImportProgress {
        kind,
        phase: ImportPhase::Writing,
        done: done as u64,
        total,
    });
}

/// What [`begin_version`] found.
enum Begin {
    /// Write: the open transaction, the new version number, the diff.
    Write(db::Tx, i64, Diff),
    /// Nothing to write (the transaction is rolled back): why, and the current version.
    Nothing(ImportStatus, i64),
}

/// Opens the write transaction, compares, and writes the version row.
async fn begin_version(
    db: &Db,
    kind: ClassifierKind,
    table: VersionedTable,
    meta: &VersionMeta,
    codes: impl Iterator<Item = (usize, String)>,
    hashes: &[&str],
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<Begin, ClassifierError> {
    let mut tx = db.write_tx().await?;
    let latest = store::latest_version_in(&mut tx, kind).await?;
    let current_number = latest.as_ref().map_or(0, |v| v.number);
    if latest.as_ref().is_some_and(|v| v.sha256 == meta.sha256) {
        tx.rollback().await.map_err(db::DbError::from)?;
        return Ok(Begin::Nothing(ImportStatus::Identical, current_number));
    }
    progress(ImportProgress {
        kind,
        phase: ImportPhase::Comparing,
        done: 0,
        total: hashes.len() as u64,
    });
    let current = store::current_row_hashes(&mut tx, table).await?;
    let d = diff(codes, hashes, current);
    if d.insert.is_empty() && d.close.is_empty() {
        tx.rollback().await.map_err(db::DbError::from)?;
        return Ok(Begin::Nothing(ImportStatus::NoChanges, current_number));
    }
    let number = current_number + 1;
    let version = ClassifierVersion {
        kind,
        number,
        label: meta.label.clone(),
        source: meta.source.clone(),
        sha256: meta.sha256.clone(),
        is_demo: meta.is_demo,
        created_at: meta.created_at.0,
        added: d.added as i64,
        changed: d.changed as i64,
        removed: d.removed as i64,
        unchanged: d.unchanged as i64,
    };
    store::insert_version(&mut tx, &version).await?;
    Ok(Begin::Write(tx, number, d))
}

/// One block of seq numbers: the closed rows first, then the inserted ones.
async fn allocate_seqs(
    tx: &mut db::Tx,
    d: &Diff,
) -> Result<(i64, Vec<(String, i64)>), ClassifierError> {
    let n = (d.close.len() + d.insert.len()) as i64;
    let first = db::allocate(tx, "change_seq", n).await?;
    let close = d
        .close
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), first + i as i64))
        .collect();
    Ok((first, close))
}

/// The report when nothing was written: identical file or identical content.
fn nothing_written(
    kind: ClassifierKind,
    status: ImportStatus,
    version: i64,
    rows: usize,
) -> ImportReport {
    let rows = rows as u64;
    ImportReport {
        kind,
        status,
        version,
        rows,
        added: 0,
        changed: 0,
        removed: 0,
        unchanged: rows,
    }
}

fn finish(
    kind: ClassifierKind,
    number: i64,
    rows: usize,
    d: &Diff,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport, ClassifierError> {
    tracing::info!(
        kind = kind.as_str(),
        version = number,
        added = d.added,
        changed = d.changed,
        removed = d.removed,
        unchanged = d.unchanged,
        "classifier version written"
    );
    progress(ImportProgress {
        kind,
        phase: ImportPhase::Done,
        done: rows as u64,
        total: rows as u64,
    });
    Ok(ImportReport {
        kind,
        status: ImportStatus::Applied,
        version: number,
        rows: rows as u64,
        added: d.added,
        changed: d.changed,
        removed: d.removed,
        unchanged: d.unchanged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_classifies_rows() {
        let current: HashMap<String, String> = [("a", "1"), ("b", "2"), ("c", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let codes = ["a", "b", "d"]
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.to_string()));
        let hashes = ["1", "changed", "4"];
        let d = diff(codes, &hashes, current);
        assert_eq!((d.added, d.changed, d.removed, d.unchanged), (1, 1, 1, 1));
        assert_eq!(d.insert, [1, 2]);
        assert_eq!(d.close, ["b", "c"]);
    }
}
