//! The real data the demo is derived from, compiled into the binary (provenance in
//! `data/PROVENANCE.md` §3–§6), and a small reader for its CSV files.

use crate::ClassifierError;
use std::collections::HashMap;

pub(super) const KPVED: &str = include_str!("../../../../data/kpved/kpved_kz.csv");
pub(super) const OKPD2: &str =
    include_str!("../../../../data/kpved/okpd2_ru_2022_cpa2008_proxy.csv");
pub(super) const KTRU_OBSERVED: &str =
    include_str!("../../../../data/ktru_samples/ktru_codes_observed.csv");
pub(super) const KTRU_OOI: &str =
    include_str!("../../../../data/ktru_samples/ktru_ooi_order345_2024.csv");
pub(super) const KTRU_LOTS: &str =
    include_str!("../../../../data/ktru_samples/goszakup_lots_2026_02_sample.csv");
pub(super) const KTRU_LOT_DETAILS: &str =
    include_str!("../../../../data/ktru_samples/goszakup_lot_details_sample_2026.csv");
pub(super) const UNITS_SEEN: &str = include_str!("../../../../data/units/goszakup_units_seen.csv");
pub(super) const TNVED_CHAPTERS: &str = include_str!("../../../../data/tnved/tnved_chapters.csv");
pub(super) const TNVED_HEADINGS: &str = include_str!("../../../../data/tnved/tnved_headings.csv");
pub(super) const TNVED_CODES: &str = include_str!("../../../../data/tnved/tnved_codes.csv");

/// Every source, for the demo version's sha256.
pub(super) const ALL: &[&str] = &[
    KPVED,
    OKPD2,
    KTRU_OBSERVED,
    KTRU_OOI,
    KTRU_LOTS,
    KTRU_LOT_DETAILS,
    UNITS_SEEN,
    TNVED_CHAPTERS,
    TNVED_HEADINGS,
    TNVED_CODES,
];

/// A parsed CSV file whose fields are read by column name.
pub(super) struct Table {
    columns: HashMap<String, usize>,
    pub rows: Vec<csv::StringRecord>,
}

impl Table {
    pub fn parse(name: &str, text: &str) -> Result<Table, ClassifierError> {
        let bad = |e: csv::Error| ClassifierError::DemoData(format!("{name}: {e}"));
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let columns = reader
            .headers()
            .map_err(bad)?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(bad)?;
        Ok(Table { columns, rows })
    }

    /// The column's index; a missing column is an error of the embedded data.
    pub fn col(&self, name: &str) -> Result<usize, ClassifierError> {
        self.columns
            .get(name)
            .copied()
            .ok_or_else(|| ClassifierError::DemoData(format!("no column {name}")))
    }
}

/// The trimmed field `i` of a record ("" when short).
pub(super) fn field(r: &csv::StringRecord, i: usize) -> &str {
    r.get(i).map_or("", str::trim)
}
