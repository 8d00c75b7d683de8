//! The index of goods (product cards, CAT-9 product decision, CAT-130): the query language of
//! §4.2 over names and attribute values, filters by ОКТРУ node (any level), supplier and the
//! ОТП / СЗПТ / procurement / KZTIN flags, counts by ОКТРУ category, attribute facets.
//!
//! The index follows the goods table by its change sequence: the owner feeds it the rows
//! changed since `committed_seq()` and commits with the new sequence, so after a crash it
//! resumes where its last commit ended. Results carry good ids; the catalog loads the rows.

use crate::codes::{Facet, SuggestedWord, facet_text, facets_from_pairs};
use crate::engine::{Engine, IndexDoc, IndexSpec, Request, SearchError};
use crate::query::ParsedQuery;
use std::path::Path;
use tantivy::DocAddress;

const W_NAME: usize = 0;
const W_OTHER: usize = 1;
const T_OKTRU: usize = 0;
const T_SUPPLIER: usize = 1;
const T_FLAG: usize = 2;
const G_CATEGORY: usize = 0;

static SPEC: IndexSpec = IndexSpec {
    word_fields: &["name", "other"],
    term_fields: &["oktru", "supplier", "flag"],
    group_fields: &["cat"],
    facet_field: Some("attr"),
    key_field: "id",
    rank_field: "rank",
    stored_field: None,
};

/// A flag of a good that search can filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoodFlag {
    /// Domestic producer (ОТП).
    Otp,
    /// Socially significant food product (СЗПТ).
    Szpt,
    /// Takes part in public procurement.
    InProcurement,
    /// Has a KZTIN.
    Kztin,
}

impl GoodFlag {
    fn term(self) -> &'static str {
        match self {
            GoodFlag::Otp => "otp",
            GoodFlag::Szpt => "szpt",
            GoodFlag::InProcurement => "proc",
            GoodFlag::Kztin => "kztin",
        }
    }
}

/// A good to index.
#[derive(Debug, Clone, Default)]
pub struct GoodDoc {
    pub id: u64,
    pub name_ru: String,
    pub name_kk: Option<String>,
    /// Codes of the ОКТРУ path, category first, kind last.
    pub oktru_path: Vec<String>,
    /// The name of the ОКТРУ kind (searched with the other fields).
    pub kind_name: Option<String>,
    pub supplier_bin: String,
    pub attributes: Vec<(String, String)>,
    pub flags: Vec<GoodFlag>,
}

/// A search over goods.
#[derive(Debug, Clone, Default)]
pub struct GoodsQuery {
    pub text: Option<ParsedQuery>,
    pub name_only: bool,
    /// An ОКТРУ node of any level.
    pub oktru: Option<String>,
    pub supplier: Option<String>,
    pub flags: Vec<GoodFlag>,
    /// The chosen ОКТРУ category (the group).
    pub group: Option<String>,
    pub attrs: Vec<(String, Vec<String>)>,
    pub want_facets: bool,
    pub offset: usize,
    pub limit: usize,
}

/// The result of a goods search.
#[derive(Debug, Clone, Default)]
pub struct GoodsResults {
    pub total: u64,
    pub ids: Vec<u64>,
    /// (category code, count), ordered by code.
    pub groups: Vec<(String, u64)>,
    pub facets: Vec<Facet>,
    /// Suggested words with the id of a good holding each (the caller resolves how the word
    /// is written there, see [`crate::codes::display_word`]).
    pub suggestions: Vec<(SuggestedWord, u64)>,
}

/// The index of goods.
#[derive(Debug)]
pub struct GoodsIndex {
    engine: Engine,
}

impl GoodsIndex {
    /// `writer_memory`: bytes the indexer may buffer before it flushes a segment.
    pub fn open(dir: &Path, writer_memory: usize) -> Result<GoodsIndex, SearchError> {
        Ok(GoodsIndex {
            engine: Engine::open(dir, &SPEC, writer_memory)?,
        })
    }

    pub fn in_ram() -> Result<GoodsIndex, SearchError> {
        Ok(GoodsIndex {
            engine: Engine::in_ram(&SPEC)?,
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn committed_seq(&self) -> i64 {
        self.engine.committed_seq()
    }

    pub fn num_docs(&self) -> u64 {
        self.engine.num_docs()
    }

    /// Adds or replaces goods (`replace` = false only when the index is known to hold none of
    /// them, e.g. the first build). Call [`GoodsIndex::commit`] to make them visible.
    pub fn upsert(&self, docs: &[GoodDoc], replace: bool) -> Result<(), SearchError> {
        let docs: Vec<IndexDoc> = docs.iter().map(to_index_doc).collect();
        self.engine.add(&docs, replace)
    }

    pub fn delete(&self, id: u64) -> Result<(), SearchError> {
        self.engine.delete(&id.to_string())
    }

    pub fn delete_all(&self) -> Result<(), SearchError> {
        self.engine.delete_all()
    }

    pub fn commit(&self, seq: i64) -> Result<(), SearchError> {
        self.engine.commit(seq)
    }

    pub fn search(&self, q: &GoodsQuery) -> Result<GoodsResults, SearchError> {
        let mut mask = 1 << W_NAME;
        if !q.name_only {
            mask |= 1 << W_OTHER;
        }
        let mut filters = Vec::new();
        if let Some(o) = &q.oktru {
            filters.push((T_OKTRU, o.clone()));
        }
        if let Some(s) = &q.supplier {
            filters.push((T_SUPPLIER, s.clone()));
        }
        for f in &q.flags {
            filters.push((T_FLAG, f.term().to_string()));
        }
        let req = Request {
            query: q.text.clone(),
            word_mask: mask,
            filters,
            any_of: Vec::new(),
            group_filters: Vec::new(),
            group_by: Some(G_CATEGORY),
            group: q.group.clone(),
            attrs: q.attrs.clone(),
            want_facets: q.want_facets,
            offset: q.offset,
            limit: q.limit,
        };
        let resp = self.engine.search(&req)?;
        let mut suggestions = Vec::new();
        for s in resp.suggestions {
            let id = self.id_of(s.example)?;
            suggestions.push((
                SuggestedWord {
                    token: s.token,
                    word: s.word,
                    distance: s.distance,
                },
                id,
            ));
        }
        Ok(GoodsResults {
            total: resp.total,
            ids: resp.hits.iter().map(|(rank, _)| *rank).collect(),
            groups: resp.groups,
            facets: facets_from_pairs(resp.facets, &q.attrs),
            suggestions,
        })
    }

    fn id_of(&self, addr: DocAddress) -> Result<u64, SearchError> {
        Ok(self
            .engine
            .key(addr)?
            .and_then(|k| k.parse().ok())
            .unwrap_or(0))
    }
}

fn to_index_doc(d: &GoodDoc) -> IndexDoc {
    let mut name = d.name_ru.clone();
    if let Some(kk) = &d.name_kk {
        name.push(' ');
        name.push_str(kk);
    }
    let mut other = String::new();
    for t in d
        .kind_name
        .iter()
        .chain(d.attributes.iter().map(|(_, v)| v))
    {
        other.push_str(t);
        other.push(' ');
    }
    let mut terms: Vec<(usize, String)> =
        d.oktru_path.iter().map(|c| (T_OKTRU, c.clone())).collect();
    terms.push((T_SUPPLIER, d.supplier_bin.clone()));
    terms.extend(d.flags.iter().map(|f| (T_FLAG, f.term().to_string())));
    IndexDoc {
        key: d.id.to_string(),
        rank: d.id,
        words: vec![
            (W_NAME, kernel::text::match_keys(&name)),
            (W_OTHER, kernel::text::match_keys(&other)),
        ],
        terms,
        groups: vec![(
            G_CATEGORY,
            d.oktru_path.first().cloned().unwrap_or_default(),
        )],
        facets: d
            .attributes
            .iter()
            .map(|(n, v)| (facet_text(n), facet_text(v)))
            .collect(),
        stored: None,
    }
}
