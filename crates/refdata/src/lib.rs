//! The reference dictionaries of Tauar: КАТО, ОКЭД, КПВЭД, ТН ВЭД, МКЕИ, banks, КОПФ, КФС,
//! КСЕ, КБе (ARCHITECTURE "Data": reference data ships in `data/`, provenance in
//! `data/PROVENANCE.md`). Implements ACC-31 (dictionaries loaded from the
//! collected official reference data, with provenance; the administrator's changes in
//! [`admin`]) and ACC-32 (the nine КСЕ sectors), and the reference data behind accounts.md
//! §2.11 and catalog.md §2.3.3 (КПВЭД) and §2.3.7 (МКЕИ).
//!
//! The source files are compiled into the binary (`load.rs`), loaded into the shared table
//! `dict_entries` by [`load_all`] (idempotent: a dictionary whose stored sha256 and format match
//! the embedded files is skipped), and browsed as trees ([`children`], [`ancestors`]), searched
//! by a normalised substring or code prefix ([`search`]), and looked up for labels ([`get`],
//! [`names`]).
//!
//! Not here: the ОКТРУ / ЕНС ТРУ classifier and КПВЭД grouping rules (crate `classifier`), HTTP
//! routes and the titles of dictionaries (the Fluent ids of [`Dict::title_id`] are written by
//! `web`), and ACC-31's editing by `PLATFORM_ADMIN` with inactive entries (`dict_entries` has
//! no `active` column, and a changed source file replaces a dictionary's rows wholesale).
//!
//! ```text
//! data/*.csv ──include_bytes!──▶ load::build ──▶ store::replace_entries ──▶ dict_entries
//!                                                                      └──▶ dict_imports (sha256)
//! ```

pub mod admin;
mod key;
mod load;
pub mod model;
mod store;

pub use model::{Dict, DictSummary, Entry, LoadProgress, LoadReport, Page};

use db::Db;
use kernel::PageRequest;
use std::collections::HashMap;
use std::time::Instant;

/// Errors of the reference dictionaries.
#[derive(Debug, thiserror::Error)]
pub enum RefdataError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// An embedded file is not valid CSV for its columns (a build-time data bug).
    #[error("cannot read data/{file}: {source}")]
    Csv {
        file: &'static str,
        #[source]
        source: csv::Error,
    },
    /// A row of an embedded file breaks a rule of its dictionary (`row` counts data rows from 1).
    #[error("data/{file}, row {row}: {message}")]
    Format {
        file: &'static str,
        row: usize,
        message: String,
    },
    /// The rows built for a dictionary do not form a tree (repeated code, missing parent).
    #[error("dictionary {dict}: {message}")]
    Tree { dict: Dict, message: String },
}

impl From<db::sqlx::Error> for RefdataError {
    fn from(e: db::sqlx::Error) -> Self {
        RefdataError::Db(db::DbError::from(e))
    }
}

/// Loads every dictionary of [`Dict::ALL`] (see [`load_dict`]), reports in that order.
///
/// Dictionaries whose stored import matches are skipped first; the rest are built on a
/// background thread one ahead of the writer, so parsing and normalising the next dictionary
/// overlaps with writing the current one.
pub async fn load_all(
    db: &Db,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<Vec<LoadReport>, RefdataError> {
    let mut reports: Vec<Option<LoadReport>> = vec![None; Dict::ALL.len()];
    let mut todo = Vec::new();
    for (i, dict) in Dict::ALL.into_iter().enumerate() {
        let wanted = Wanted::of(dict);
        match wanted.unchanged(db).await? {
            Some(rows) => reports[i] = Some(skipped(dict, rows, progress)),
            None => todo.push((i, dict, wanted)),
        }
    }
    let mut prefetch = load::Prefetch::spawn(todo.iter().map(|&(_, dict, _)| dict).collect());
    for (i, dict, wanted) in todo {
        let entries = prefetch.next(dict).await?;
        reports[i] = Some(write(db, dict, &entries, &wanted, progress).await?);
    }
    Ok(reports.into_iter().flatten().collect())
}

/// Loads one dictionary from the embedded files, unless the stored import has the same sha256
/// and source (files and loader format): then nothing is written and the report says skipped.
/// Otherwise one write transaction deletes the old rows, inserts the new ones in multi-row
/// batches and records the import.
pub async fn load_dict(
    db: &Db,
    dict: Dict,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<LoadReport, RefdataError> {
    let wanted = Wanted::of(dict);
    if let Some(rows) = wanted.unchanged(db).await? {
        return Ok(skipped(dict, rows, progress));
    }
    let entries = load::build(dict)?;
    write(db, dict, &entries, &wanted, progress).await
}

/// What the embedded files of a dictionary would be recorded as.
struct Wanted {
    dict: Dict,
    sha256: String,
    source: String,
}

impl Wanted {
    fn of(dict: Dict) -> Wanted {
        Wanted {
            dict,
            sha256: load::source_sha256(dict),
            source: load::source_label(dict),
        }
    }

    /// The stored row count when the stored import came from the same files and format.
    async fn unchanged(&self, db: &Db) -> Result<Option<u64>, RefdataError> {
        Ok(store::stored_import(db, self.dict)
            .await?
            .filter(|s| s.sha256 == self.sha256 && s.source == self.source)
            .map(|s| s.rows))
    }
}

fn skipped(dict: Dict, rows: u64, progress: &(dyn Fn(LoadProgress) + Sync)) -> LoadReport {
    progress(LoadProgress {
        dict,
        done: rows,
        total: rows,
    });
    tracing::debug!(dict = dict.name(), rows, "dictionary unchanged, not loaded");
    LoadReport {
        dict,
        rows,
        skipped: true,
    }
}

/// Writes built rows (or finds that a concurrent loader just did).
async fn write(
    db: &Db,
    dict: Dict,
    entries: &[load::NewEntry],
    wanted: &Wanted,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<LoadReport, RefdataError> {
    let started = Instant::now();
    match store::replace_entries(db, dict, entries, &wanted.sha256, &wanted.source, progress)
        .await?
    {
        Ok(rows) => {
            let ms = started.elapsed().as_millis() as u64;
            tracing::info!(dict = dict.name(), rows, ms, "dictionary loaded");
            Ok(LoadReport {
                dict,
                rows,
                skipped: false,
            })
        }
        Err(stored) => Ok(skipped(dict, stored.rows, progress)),
    }
}

/// Whether `dict` has been loaded (from any version of its files).
pub async fn is_loaded(db: &Db, dict: Dict) -> Result<bool, RefdataError> {
    Ok(store::stored_import(db, dict).await?.is_some())
}

/// One page of the children of `parent` — the roots when `None` — in the dictionary's own
/// order. `total` counts all children.
pub async fn children(
    db: &Db,
    dict: Dict,
    parent: Option<&str>,
    page: PageRequest,
) -> Result<Page<Entry>, RefdataError> {
    store::children(db, dict, parent, page).await
}

/// One page of the entries matching `q`: a substring of the Russian or Kazakh name in any case
/// (Kazakh letters may be typed as their Russian look-alikes), or a part of the code (code-like
/// queries also without dots or spaces: `105152` finds КПВЭД `10.51.52`). The exact code comes
/// first, then code prefixes, then the dictionary's order. A blank `q` finds nothing.
pub async fn search(
    db: &Db,
    dict: Dict,
    q: &str,
    page: PageRequest,
) -> Result<Page<Entry>, RefdataError> {
    store::search(db, dict, q, page).await
}

/// The entry with this code.
pub async fn get(db: &Db, dict: Dict, code: &str) -> Result<Option<Entry>, RefdataError> {
    store::get(db, dict, code).await
}

/// The breadcrumb of `code`: the root first, then each level down, ending with the entry
/// itself (just the entry for a root; empty for an unknown code).
pub async fn ancestors(db: &Db, dict: Dict, code: &str) -> Result<Vec<Entry>, RefdataError> {
    store::ancestors(db, dict, code).await
}

/// The entries with these codes, keyed by code, for labelling lists; unknown codes are absent.
/// Any number of codes (queried in chunks).
pub async fn names(
    db: &Db,
    dict: Dict,
    codes: &[&str],
) -> Result<HashMap<String, Entry>, RefdataError> {
    store::names(db, dict, codes).await
}

/// Every loaded dictionary with its row count, import time and source, in [`Dict::ALL`] order.
pub async fn summaries(db: &Db) -> Result<Vec<DictSummary>, RefdataError> {
    store::summaries(db).await
}
