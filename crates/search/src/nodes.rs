//! A small index of classifier nodes by name: the ОКТРУ nodes offered beside the goods on the
//! home-page search (CAT-130) and in the ОКТРУ browser's search. Same query language (§4.2).

use crate::engine::{Engine, IndexDoc, IndexSpec, Request, SearchError};
use crate::query::ParsedQuery;
use std::path::Path;

static SPEC: IndexSpec = IndexSpec {
    word_fields: &["name"],
    term_fields: &["level"],
    group_fields: &["lvl"],
    facet_field: None,
    key_field: "code",
    rank_field: "rank",
    stored_field: None,
};

/// A node to index.
#[derive(Debug, Clone)]
pub struct NodeDoc {
    pub code: String,
    pub level: String,
    pub names: Vec<String>,
    /// Order of results (code order).
    pub rank: u64,
}

/// The result: matching node codes in rank order, and counts per level.
#[derive(Debug, Clone, Default)]
pub struct NodeResults {
    pub total: u64,
    pub codes: Vec<String>,
    pub levels: Vec<(String, u64)>,
}

#[derive(Debug)]
pub struct NodeIndex {
    engine: Engine,
}

impl NodeIndex {
    pub fn open(dir: &Path) -> Result<NodeIndex, SearchError> {
        Ok(NodeIndex {
            engine: Engine::open(dir, &SPEC, 32_000_000)?,
        })
    }

    pub fn in_ram() -> Result<NodeIndex, SearchError> {
        Ok(NodeIndex {
            engine: Engine::in_ram(&SPEC)?,
        })
    }

    pub fn committed_seq(&self) -> i64 {
        self.engine.committed_seq()
    }

    pub fn num_docs(&self) -> u64 {
        self.engine.num_docs()
    }

    /// Replaces the whole index and commits at `seq`.
    pub fn rebuild(
        &self,
        docs: impl Iterator<Item = NodeDoc>,
        seq: i64,
    ) -> Result<u64, SearchError> {
        self.engine.delete_all()?;
        let docs: Vec<IndexDoc> = docs
            .map(|d| IndexDoc {
                key: d.code,
                rank: d.rank,
                words: vec![(0, kernel::text::match_keys(&d.names.join(" ")))],
                terms: vec![(0, d.level.clone())],
                groups: vec![(0, d.level)],
                facets: Vec::new(),
                stored: None,
            })
            .collect();
        let n = docs.len() as u64;
        self.engine.add(&docs, false)?;
        self.engine.commit(seq)?;
        Ok(n)
    }

    /// Nodes whose names match `q`, optionally of one level.
    pub fn search(
        &self,
        q: &ParsedQuery,
        level: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<NodeResults, SearchError> {
        let req = Request {
            query: Some(q.clone()),
            word_mask: 1,
            filters: level.map(|l| vec![(0, l.to_string())]).unwrap_or_default(),
            group_by: Some(0),
            offset,
            limit,
            ..Request::default()
        };
        let resp = self.engine.search(&req)?;
        let mut codes = Vec::with_capacity(resp.hits.len());
        for (_, addr) in &resp.hits {
            if let Some(k) = self.engine.key(*addr)? {
                codes.push(k);
            }
        }
        Ok(NodeResults {
            total: resp.total,
            codes,
            levels: resp.groups,
        })
    }
}
