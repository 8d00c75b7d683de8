//! The shipped source files (compiled in with `include_bytes!`) and how each becomes the rows
//! of its dictionary. Pure: no database here.
//!
//! The data live in the repository's `data/` (provenance in `data/PROVENANCE.md`). They are
//! compiled into the binary because `tauar serve` on a fresh machine has no `data/` beside it.
//! A file that does not parse fails with its path and row, and [`build`] checks what browsing
//! needs (unique codes, every parent present) rather than store a broken tree.
//!
//! Tree rules (also in PROVENANCE.md, "How Tauar uses these files"):
//!
//! * КАТО: no parent column; the parent is the nearest existing code among AB-CD-EF-000,
//!   AB-CD-00-000, AB-00-00-000 (some settlements hang directly under a district, the districts
//!   of the republican cities directly under the city).
//! * ОКЭД, КПВЭД, КОПФ, КФС: the parent column. A parent missing from the file (ОКЭД 27120,
//!   whose class 2712 the source lost) is replaced by the nearest existing code prefix, and the
//!   declared one is kept in `extra.source_parent`.
//! * ТН ВЭД: one tree of four files, section `S01`… → chapter `01`… → heading `0101`… →
//!   10-digit code, in depth-first order.
//! * МКЕИ: section `S1`… → group `G1`… (group names repeat between sections) → unit; English
//!   names from UNECE Rec 20 by the unit's first international letter code.

mod rows;

use crate::RefdataError;
use crate::key::search_key;
use crate::model::Dict;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The version of the rules above. It is part of the stored `source`, so a change to how rows
/// are built from unchanged files reloads them: bump it whenever keys, extras or parents change.
pub(crate) const FORMAT: u32 = 1;

/// One embedded source file: its path under `data/` and its bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceFile {
    pub path: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! data_file {
    ($path:literal) => {
        SourceFile {
            path: $path,
            bytes: include_bytes!(concat!("../../../data/", $path)),
        }
    };
}

const KATO: SourceFile = data_file!("kato/kato.csv");
const OKED: SourceFile = data_file!("oked/oked_kz_nkrk_03_2019.csv");
const KPVED: SourceFile = data_file!("kpved/kpved_kz.csv");
const TNVED_SECTIONS: SourceFile = data_file!("tnved/tnved_sections.csv");
const TNVED_CHAPTERS: SourceFile = data_file!("tnved/tnved_chapters.csv");
const TNVED_HEADINGS: SourceFile = data_file!("tnved/tnved_headings.csv");
const TNVED_CODES: SourceFile = data_file!("tnved/tnved_codes.csv");
const OKEI_SECTIONS: SourceFile = data_file!("units/okei_sections.csv");
const OKEI_GROUPS: SourceFile = data_file!("units/okei_groups.csv");
const OKEI_UOMS: SourceFile = data_file!("units/okei_uoms.csv");
const UNECE_REC20: SourceFile = data_file!("units/unece_rec20_all.csv");
const BANKS: SourceFile = data_file!("banks/kz_banks_bic.csv");
const BANKS_HISTORICAL: SourceFile = data_file!("banks/kz_banks_bic_historical.csv");
const KOPF: SourceFile = data_file!("org_forms/kopf_groups_kz.csv");
const KFS: SourceFile = data_file!("org_forms/kfs_kz.csv");
const KSE: SourceFile = data_file!("org_forms/kse_kz.csv");
const KBE: SourceFile = data_file!("org_forms/kbe_kod_kz.csv");
const COUNTRIES: SourceFile = data_file!("countries/iso3166_1.csv");
const BANK_ACCOUNT_TYPES: SourceFile = data_file!("bank_account_types/bank_account_types.csv");

/// The files a dictionary is built from, in the order they are hashed.
pub(crate) fn files(dict: Dict) -> &'static [SourceFile] {
    match dict {
        Dict::Kato => &[KATO],
        Dict::Oked => &[OKED],
        Dict::Kpved => &[KPVED],
        Dict::Tnved => &[TNVED_SECTIONS, TNVED_CHAPTERS, TNVED_HEADINGS, TNVED_CODES],
        Dict::Mkei => &[OKEI_SECTIONS, OKEI_GROUPS, OKEI_UOMS, UNECE_REC20],
        Dict::Banks => &[BANKS],
        Dict::BanksHistorical => &[BANKS_HISTORICAL],
        Dict::Kopf => &[KOPF],
        Dict::Kfs => &[KFS],
        Dict::Kse => &[KSE],
        Dict::Kbe => &[KBE],
        Dict::Countries => &[COUNTRIES],
        Dict::BankAccountTypes => &[BANK_ACCOUNT_TYPES],
    }
}

/// The `source` stored in `dict_imports`: the files under `data/` and the [`FORMAT`].
pub(crate) fn source_label(dict: Dict) -> String {
    let paths: Vec<&str> = files(dict).iter().map(|f| f.path).collect();
    format!("{}; format {FORMAT}", paths.join(", "))
}

/// Lower-case hex sha256 of the dictionary's files concatenated in order (for one file, what
/// `sha256sum data/<path>` prints).
pub(crate) fn source_sha256(dict: Dict) -> String {
    let mut hasher = Sha256::new();
    for f in files(dict) {
        hasher.update(f.bytes);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A row to insert into `dict_entries` (its position is its index in the built list).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NewEntry {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: Option<String>,
    pub name_ru: String,
    pub name_kk: Option<String>,
    pub name_en: Option<String>,
    pub extra: Map<String, Value>,
    /// Filled by [`build`] (see `key.rs`).
    pub search_key: String,
}

impl NewEntry {
    fn new(code: impl Into<String>, name_ru: impl Into<String>) -> NewEntry {
        NewEntry {
            code: code.into(),
            parent_code: None,
            level: None,
            name_ru: name_ru.into(),
            name_kk: None,
            name_en: None,
            extra: Map::new(),
            search_key: String::new(),
        }
    }

    fn parent(mut self, parent: Option<String>) -> NewEntry {
        self.parent_code = parent;
        self
    }

    fn level(mut self, level: &str) -> NewEntry {
        self.level = non_empty(level);
        self
    }

    fn kk(mut self, name: &str) -> NewEntry {
        self.name_kk = non_empty(name);
        self
    }

    fn en(mut self, name: &str) -> NewEntry {
        self.name_en = non_empty(name);
        self
    }

    /// Adds a text column to `extra` unless it is empty.
    fn text(mut self, key: &str, value: &str) -> NewEntry {
        if let Some(v) = non_empty(value) {
            self.extra.insert(key.to_string(), Value::String(v));
        }
        self
    }

    fn value(mut self, key: &str, value: Value) -> NewEntry {
        self.extra.insert(key.to_string(), value);
        self
    }

    /// The `extra` column: the JSON object, or `None` when empty.
    pub(crate) fn extra_json(&self) -> Option<String> {
        (!self.extra.is_empty()).then(|| serde_json::to_string(&self.extra).unwrap_or_default())
    }
}

/// Trimmed text, `None` when empty.
fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn format_error(file: &SourceFile, row: usize, message: impl Into<String>) -> RefdataError {
    RefdataError::Format {
        file: file.path,
        row,
        message: message.into(),
    }
}

/// The data rows of a CSV file (header row first; fields may span lines).
fn read<T: DeserializeOwned>(file: &SourceFile) -> Result<Vec<T>, RefdataError> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(file.bytes)
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|source| RefdataError::Csv {
            file: file.path,
            source,
        })
}

/// Builds the rows of `dict` from its embedded files, in source (or depth-first) order.
pub(crate) fn build(dict: Dict) -> Result<Vec<NewEntry>, RefdataError> {
    let mut entries = match dict {
        Dict::Kato => rows::kato()?,
        Dict::Oked => rows::oked()?,
        Dict::Kpved => rows::kpved()?,
        Dict::Tnved => rows::tnved()?,
        Dict::Mkei => rows::mkei()?,
        Dict::Banks => rows::banks()?,
        Dict::BanksHistorical => rows::banks_historical()?,
        Dict::Kopf => rows::org_forms(&KOPF)?,
        Dict::Kfs => rows::org_forms(&KFS)?,
        Dict::Kse => rows::kse()?,
        Dict::Kbe => rows::kbe()?,
        Dict::Countries => rows::named(&COUNTRIES)?,
        Dict::BankAccountTypes => rows::named(&BANK_ACCOUNT_TYPES)?,
    };
    check_tree(dict, &entries)?;
    fill_search_keys(&mut entries);
    Ok(entries)
}

/// Builds dictionaries on a background thread, in order, at most two ahead of the caller.
pub(crate) struct Prefetch {
    /// `None` when no thread could be started: then [`Prefetch::next`] builds in place.
    built: Option<tokio::sync::mpsc::Receiver<Result<Vec<NewEntry>, RefdataError>>>,
}

impl Prefetch {
    /// Starts building `dicts` in this order.
    pub(crate) fn spawn(dicts: Vec<Dict>) -> Prefetch {
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let thread = std::thread::Builder::new()
            .name("refdata-build".into())
            .spawn(move || {
                for dict in dicts {
                    // The receiver is gone when the writer stopped at an error: stop too.
                    if tx.blocking_send(build(dict)).is_err() {
                        break;
                    }
                }
            });
        if let Err(e) = &thread {
            tracing::warn!(error = %e, "cannot start a thread; building dictionaries in place");
        }
        Prefetch {
            built: thread.ok().map(|_| rx),
        }
    }

    /// The rows of `dict`, which must be the next of the list given to [`Prefetch::spawn`].
    pub(crate) async fn next(&mut self, dict: Dict) -> Result<Vec<NewEntry>, RefdataError> {
        match &mut self.built {
            Some(rx) => match rx.recv().await {
                Some(built) => built,
                // The thread ended early (it panicked): build here, which reports the cause.
                None => build(dict),
            },
            None => build(dict),
        }
    }
}

/// Computes every `search_key`, on all cores: Unicode normalisation is most of the CPU time of
/// a load in a debug build.
fn fill_search_keys(entries: &mut [NewEntry]) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = entries.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in entries.chunks_mut(chunk) {
            scope.spawn(move || {
                for e in part {
                    e.search_key = search_key(&e.code, &[Some(&e.name_ru), e.name_kk.as_deref()]);
                }
            });
        }
    });
}

/// Unique codes, and every parent present: what browsing relies on.
fn check_tree(dict: Dict, entries: &[NewEntry]) -> Result<(), RefdataError> {
    let tree_error = |message: String| RefdataError::Tree { dict, message };
    let mut seen = HashSet::with_capacity(entries.len());
    for e in entries {
        if e.code.is_empty() || !seen.insert(e.code.as_str()) {
            return Err(tree_error(format!("empty or repeated code {:?}", e.code)));
        }
    }
    for e in entries {
        if let Some(p) = &e.parent_code
            && (!seen.contains(p.as_str()) || p == &e.code)
        {
            return Err(tree_error(format!("code {} has no parent {p}", e.code)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dictionary_builds_a_sound_tree() {
        for d in Dict::ALL {
            let entries = build(d).unwrap_or_else(|e| panic!("{d}: {e}"));
            assert!(!entries.is_empty(), "{d}");
        }
    }

    fn hex(bytes: &[u8]) -> String {
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn sha256_is_that_of_the_files_concatenated() {
        // What `sha256sum data/org_forms/kse_kz.csv` and `cat data/tnved/… | sha256sum` print.
        assert_eq!(source_sha256(Dict::Kse), hex(KSE.bytes));
        let tnved: Vec<u8> = files(Dict::Tnved)
            .iter()
            .flat_map(|f| f.bytes.iter().copied())
            .collect();
        assert_eq!(source_sha256(Dict::Tnved), hex(&tnved));
        assert_ne!(source_sha256(Dict::Kse), source_sha256(Dict::Kbe));
        assert_eq!(
            source_label(Dict::Tnved),
            "tnved/tnved_sections.csv, tnved/tnved_chapters.csv, tnved/tnved_headings.csv, \
             tnved/tnved_codes.csv; format 1"
        );
    }
}
