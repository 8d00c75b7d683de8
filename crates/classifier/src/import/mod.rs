//! Import of a classifier from CSV or XLSX: one documented column layout per classifier
//! (`docs/import-formats.md`), per-row validation, and the versioned write.
//!
//! An import is a **full snapshot** of the classifier. If any row is invalid, nothing is
//! written and every error is returned ([`ClassifierError::ImportInvalid`], at most
//! [`MAX_REPORTED_ERRORS`] listed, all counted). A valid file becomes a new version in one
//! write transaction ([`apply`]): rows whose content hash is unchanged stay as they are;
//! changed rows are closed and written anew; rows missing from the file are closed; new rows
//! are inserted. Every written or closed row gets a new change sequence number, which the
//! search indexes follow.
//!
//! A file whose sha256 equals the latest version's is refused as identical before it is
//! parsed, and a file that parses to exactly the current content creates no version either
//! (both come back as an [`ImportReport`] that says so, not as an error): re-importing the
//! same export is then harmless, and the version list only shows imports that changed
//! something.
//!
//! Spec: §2.2.2, §2.3.4–§2.3.7 (fields and limits), CAT-18 / G-20 (strict levels), G-9,
//! G-10, G-21.

pub mod apply;
mod enstru;
mod json;
mod oktru;
pub mod table;

pub use apply::{
    EnsSnapshot, OktruSnapshot, VersionMeta, apply_enstru_snapshot, apply_oktru_snapshot,
};
pub use enstru::{ENSTRU_COLUMNS, read_enstru_file, validate_enstru_snapshot};
pub use oktru::{OKTRU_COLUMNS, read_oktru_file, validate_oktru_snapshot};
pub use table::{FileFormat, ImportLimits};

use crate::ClassifierError;
use crate::model::ClassifierKind;
use db::Db;
use kernel::Millis;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// At most this many row errors are listed; the total is always counted.
pub const MAX_REPORTED_ERRORS: usize = 1000;

/// Text limits of spec §2 (characters).
pub(crate) mod limits {
    pub const ENS_NAME: usize = 1000;
    pub const CHARACTERISTICS: usize = 4000;
    pub const CLASS_NAME: usize = 500;
    pub const SECTION_NAME: usize = 1000;
    pub const CODE_REF: usize = 30;
    pub const ATTRIBUTE_NAME: usize = 200;
    pub const ATTRIBUTE_UNIT: usize = 50;
    pub const ATTRIBUTE_VALUE: usize = 1000;
    pub const SYNONYM: usize = 500;
    pub const UNIT_CODE: usize = 10;
    pub const OKTRU_NAME: usize = 500;
    pub const TNVED: usize = 20;
}

/// One invalid value of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based, as a spreadsheet program shows it, the header row included.
    pub row: usize,
    /// The column's name from the layout, when the error is about one column.
    pub column: Option<String>,
    /// A stable reason code (`code_duplicate`, `parent_missing`, …; the list is in
    /// `docs/import-formats.md`).
    pub reason: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

/// Collects row errors, listing at most [`MAX_REPORTED_ERRORS`].
#[derive(Debug, Default)]
pub(crate) struct RowErrors {
    list: Vec<RowError>,
    total: usize,
}

impl RowErrors {
    pub fn push(
        &mut self,
        row: usize,
        column: Option<&str>,
        reason: &'static str,
        message: impl Into<String>,
    ) {
        self.total += 1;
        if self.list.len() < MAX_REPORTED_ERRORS {
            self.list.push(RowError {
                row,
                column: column.map(str::to_string),
                reason,
                message: message.into(),
            });
        }
    }

    pub fn into_result<T>(mut self, ok: T) -> Result<T, ClassifierError> {
        if self.total == 0 {
            return Ok(ok);
        }
        self.list
            .sort_by(|a, b| a.row.cmp(&b.row).then_with(|| a.column.cmp(&b.column)));
        Err(ClassifierError::ImportInvalid {
            errors: self.list,
            total: self.total,
        })
    }

    pub fn into_list(mut self) -> Vec<RowError> {
        self.list
            .sort_by(|a, b| a.row.cmp(&b.row).then_with(|| a.column.cmp(&b.column)));
        self.list
    }
}

/// What an import is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportPhase {
    Reading,
    Validating,
    Comparing,
    Writing,
    Done,
}

/// A progress report: `done` of `total` units of the phase (rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportProgress {
    pub kind: ClassifierKind,
    pub phase: ImportPhase,
    pub done: u64,
    pub total: u64,
}

/// How an import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// A new version was written.
    Applied,
    /// The file is byte-for-byte the file of the latest version; nothing was written.
    Identical,
    /// The file's content equals the current classifier; nothing was written.
    NoChanges,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub kind: ClassifierKind,
    pub status: ImportStatus,
    /// The current version after the import (the new one when `Applied`); 0 when the
    /// classifier has no version.
    pub version: i64,
    pub rows: u64,
    pub added: u64,
    pub changed: u64,
    pub removed: u64,
    pub unchanged: u64,
}

/// What the caller says about an uploaded file.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The original file name (stored as the version's source; its extension picks the
    /// format unless `format` is set).
    pub file_name: String,
    pub format: Option<FileFormat>,
    /// The version's label; default «Импорт <file name>».
    pub label: Option<String>,
    pub now: Millis,
    pub limits: ImportLimits,
}

impl ImportOptions {
    pub fn new(file_name: &str, now: Millis) -> ImportOptions {
        ImportOptions {
            file_name: file_name.to_string(),
            format: None,
            label: None,
            now,
            limits: ImportLimits::default(),
        }
    }

    fn meta(&self, sha256: String) -> VersionMeta {
        VersionMeta {
            label: self
                .label
                .clone()
                .unwrap_or_else(|| format!("Импорт {}", self.file_name)),
            source: self.file_name.clone(),
            sha256,
            is_demo: false,
            created_at: self.now,
        }
    }

    fn format_of(&self, bytes: &[u8]) -> FileFormat {
        self.format
            .unwrap_or_else(|| FileFormat::detect(&self.file_name, bytes))
    }
}

/// Hex sha256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Imports an ЕНС ТРУ file (layout [`ENSTRU_COLUMNS`]) as a new version.
pub async fn import_enstru(
    db: &Db,
    file: &[u8],
    opts: &ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport, ClassifierError> {
    let sha = sha256_hex(file);
    if let Some(report) = apply::identical_report(db, ClassifierKind::Enstru, &sha).await? {
        return Ok(report);
    }
    let snapshot = read_enstru_file(file, opts.format_of(file), opts.limits, progress)?;
    apply_enstru_snapshot(db, &snapshot, &opts.meta(sha), progress).await
}

/// Imports an ОКТРУ file (layout [`OKTRU_COLUMNS`]) as a new version.
pub async fn import_oktru(
    db: &Db,
    file: &[u8],
    opts: &ImportOptions,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport, ClassifierError> {
    let sha = sha256_hex(file);
    if let Some(report) = apply::identical_report(db, ClassifierKind::Oktru, &sha).await? {
        return Ok(report);
    }
    let snapshot = read_oktru_file(file, opts.format_of(file), opts.limits, progress)?;
    apply_oktru_snapshot(db, &snapshot, &opts.meta(sha), progress).await
}

/// The column layout of a file: which known column sits at which index.
pub(crate) struct Columns {
    index: Vec<(&'static str, usize)>,
}

impl Columns {
    /// Maps the header onto `known` (case-insensitive). Unknown, duplicate or missing required
    /// columns make the file unreadable: a typo in a column name must not drop its data.
    pub fn from_header(
        header: &[String],
        known: &[&'static str],
        required: &[&'static str],
    ) -> Result<Columns, ClassifierError> {
        let mut index = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim().to_lowercase();
            if name.is_empty() {
                continue;
            }
            let Some(k) = known.iter().find(|k| **k == name) else {
                return Err(ClassifierError::ImportUnreadable(format!(
                    "unknown column {raw:?} in the header; the columns are: {}",
                    known.join(", ")
                )));
            };
            if index.iter().any(|(n, _)| n == k) {
                return Err(ClassifierError::ImportUnreadable(format!(
                    "column {raw:?} appears twice"
                )));
            }
            index.push((*k, i));
        }
        let missing: Vec<&str> = required
            .iter()
            .filter(|r| !index.iter().any(|(n, _)| n == *r))
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(ClassifierError::ImportUnreadable(format!(
                "required column(s) missing: {}",
                missing.join(", ")
            )));
        }
        Ok(Columns { index })
    }

    /// The trimmed cell of a column ("" when the column is absent).
    pub fn get<'r>(&self, row: &'r [String], name: &str) -> &'r str {
        self.index
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, i)| row.get(*i))
            .map(|s| s.trim())
            .unwrap_or("")
    }
}

/// `None` for an empty cell.
pub(crate) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Splits a `;`-separated list, dropping empty items.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Checks a text against its limit, pushing `text_too_long`.
pub(crate) fn check_len(
    errors: &mut RowErrors,
    row: usize,
    column: &str,
    text: &str,
    limit: usize,
) {
    let n = kernel::text::char_len(text);
    if n > limit {
        errors.push(
            row,
            Some(column),
            "text_too_long",
            format!("{n} characters, at most {limit} allowed"),
        );
    }
}
