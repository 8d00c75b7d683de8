//! Types of the reference dictionaries: which dictionaries exist ([`Dict`]), one entry of a
//! dictionary ([`Entry`]), pages of entries, and what loading reports.

use kernel::{Lang, Millis};
use serde::{Serialize, Serializer};

/// A reference dictionary shipped in `data/` (PROVENANCE.md, "How Tauar uses these files").
///
/// The [`name`](Dict::name) is URL-safe and stable: it is the `dict` column of `dict_entries`
/// and the path segment of `/dict/<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dict {
    /// КАТО — administrative-territorial objects (NK RK 11-2025).
    Kato,
    /// ОКЭД — types of economic activity (NK RK 03-2019).
    Oked,
    /// КПВЭД — products by economic activity (CPA 2008 based).
    Kpved,
    /// ТН ВЭД ЕАЭС — the EAEU commodity nomenclature (HS 2022).
    Tnved,
    /// МКЕИ — units of measure (OKEI numbering).
    Mkei,
    /// Banks and payment participants of Kazakhstan, code = BIC.
    Banks,
    /// BICs seen in older lists and no longer in use (for labelling old data only).
    BanksHistorical,
    /// КОПФ — organisational-legal forms (2-digit groups).
    Kopf,
    /// КФС — forms of ownership.
    Kfs,
    /// КСЕ — sectors of the economy.
    Kse,
    /// КБе / КОд — residency and sector of economy codes of payments.
    Kbe,
    /// Countries (ISO 3166-1 alpha-2), Kazakhstan first (accounts.md §2.11).
    Countries,
    /// Types of bank accounts (accounts.md §2.11 `AccountType`).
    BankAccountTypes,
}

impl Dict {
    /// Every dictionary, in the order they are loaded and listed.
    pub const ALL: [Dict; 13] = [
        Dict::Kato,
        Dict::Oked,
        Dict::Kpved,
        Dict::Tnved,
        Dict::Mkei,
        Dict::Banks,
        Dict::BanksHistorical,
        Dict::Kopf,
        Dict::Kfs,
        Dict::Kse,
        Dict::Kbe,
        Dict::Countries,
        Dict::BankAccountTypes,
    ];

    /// The stable, URL-safe name (`kato`, `banks-historical`, …).
    pub fn name(self) -> &'static str {
        match self {
            Dict::Kato => "kato",
            Dict::Oked => "oked",
            Dict::Kpved => "kpved",
            Dict::Tnved => "tnved",
            Dict::Mkei => "mkei",
            Dict::Banks => "banks",
            Dict::BanksHistorical => "banks-historical",
            Dict::Kopf => "kopf",
            Dict::Kfs => "kfs",
            Dict::Kse => "kse",
            Dict::Kbe => "kbe",
            Dict::Countries => "countries",
            Dict::BankAccountTypes => "bank-account-types",
        }
    }

    /// The dictionary with this [`name`](Dict::name) (exact, lower case).
    pub fn parse(name: &str) -> Option<Dict> {
        Dict::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The Fluent message id of the dictionary's title: `dict-` + its name (`dict-kato`,
    /// `dict-banks-historical`).
    pub fn title_id(self) -> String {
        format!("dict-{}", self.name())
    }
}

impl std::fmt::Display for Dict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Dict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One entry of a dictionary, as browsed and searched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The code as the source writes it (`751110000`, `01.11.1`, `0101210000`, `KCJBKZKX`).
    /// Synthetic tree nodes carry a prefix: ТН ВЭД sections `S01`…, МКЕИ sections `S1`… and
    /// groups `G1`….
    pub code: String,
    /// The parent's code; `None` for a root.
    pub parent_code: Option<String>,
    /// The level within the dictionary (`oblast`, `subclass`, `heading`, `unit`, …), when the
    /// dictionary has levels.
    pub level: Option<String>,
    pub name_ru: String,
    /// `None` where the source has no Kazakh name.
    pub name_kk: Option<String>,
    /// `None` where the source has no English name (the UI falls back to Russian and says so).
    pub name_en: Option<String>,
    /// The other columns of the source row, as a JSON object (`Null` when there are none).
    pub extra: serde_json::Value,
    /// Whether any entry names this one as its parent.
    pub has_children: bool,
}

impl Entry {
    /// The name in `lang`, falling back to Russian when the source has none.
    pub fn name(&self, lang: Lang) -> &str {
        self.name_exact(lang).unwrap_or(&self.name_ru)
    }

    /// The name in `lang` only if the source has one (to tell the user about a fallback).
    pub fn name_exact(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Ru => Some(&self.name_ru),
            Lang::Kk => self.name_kk.as_deref(),
            Lang::En => self.name_en.as_deref(),
        }
    }
}

/// One page of a list and the number of rows of the whole list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub total: u64,
    pub items: Vec<T>,
}

/// Progress of [`load_all`](crate::load_all) within one dictionary: `done` of `total` rows
/// written. Reported at the start (`done` = 0), after every batch and at the end
/// (`done` = `total`); a skipped dictionary reports once with `done` = `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadProgress {
    pub dict: Dict,
    pub done: u64,
    pub total: u64,
}

/// What [`load_all`](crate::load_all) did with one dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LoadReport {
    pub dict: Dict,
    /// Rows now stored for the dictionary.
    pub rows: u64,
    /// True when the stored data already came from the same source bytes and nothing was
    /// written.
    pub skipped: bool,
}

/// A loaded dictionary, as listed on the dictionaries page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DictSummary {
    pub dict: Dict,
    pub rows: u64,
    pub imported_at: Millis,
    /// The source files under `data/` (and the loader format, see `load.rs`).
    pub source: String,
    /// sha256 of the source bytes (several files: concatenated in the order of `source`).
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_url_safe() {
        for d in Dict::ALL {
            assert_eq!(Dict::parse(d.name()), Some(d));
            assert!(d.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert_eq!(d.title_id(), format!("dict-{}", d.name()));
        }
        assert_eq!(Dict::parse("KATO"), None);
        assert_eq!(Dict::parse("nope"), None);
        assert_eq!(
            serde_json::to_value(Dict::BanksHistorical).unwrap(),
            "banks-historical"
        );
    }

    #[test]
    fn name_falls_back_to_russian() {
        let e = Entry {
            code: "1".into(),
            parent_code: None,
            level: None,
            name_ru: "Ру".into(),
            name_kk: Some("Қаз".into()),
            name_en: None,
            extra: serde_json::Value::Null,
            has_children: false,
        };
        assert_eq!(e.name(Lang::Kk), "Қаз");
        assert_eq!(e.name(Lang::En), "Ру");
        assert_eq!(e.name_exact(Lang::En), None);
        assert_eq!(e.name(Lang::Ru), "Ру");
    }
}
