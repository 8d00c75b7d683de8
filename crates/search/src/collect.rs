//! One pass over the documents of a query that computes everything a results page shows:
//! the total, the counts per group (CAT-112, CAT-113), the attribute facets with OR within an
//! attribute and AND across attributes (CAT-117), and the page of hits in rank order
//! (CAT-116). Groups, facets and ranks are read from fast fields, never from stored documents.
//!
//! Facet counts are disjunctive: the counts of attribute A are computed with every selection
//! applied except A's own, so a user who picked «Диаметр = 57 мм» still sees «108 мм» to add
//! (AS-33). A document that fails exactly one attribute's selection counts only towards that
//! attribute's values.

use crate::order::{RankOrder, RankRuns, TopRanks};
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// Separates an attribute's name from its value inside the facet fast field.
pub const FACET_SEP: char = '\u{1f}';

/// What to compute.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Fast field to count groups by.
    pub group_field: Option<String>,
    /// The chosen group: limits the total, the hits and the facets, not the group counts.
    pub group: Option<String>,
    /// Multi-valued fast field of `name\u{1f}value` pairs.
    pub facet_field: Option<String>,
    /// Selected values per attribute name.
    pub attrs: Vec<(String, Vec<String>)>,
    pub want_facets: bool,
    /// Fast u64 field giving the order of hits.
    pub rank_field: String,
    /// Hits to keep: offset + limit.
    pub top: usize,
    /// Keep the matching documents themselves (up to [`KEEP_MAX`]): the suggestion checks of a
    /// typo query look for each fuzzy word among them (CAT-110).
    pub keep_docs: bool,
    /// The segments' rank runs: where they are known, ranks past the top are not read.
    pub order: Option<Arc<RankOrder>>,
}

/// Most matching documents kept for the suggestion checks (16 MB); past it the checks run
/// their own queries.
pub const KEEP_MAX: usize = 4_000_000;

/// The merged result.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub total: u64,
    /// Hits in rank order (the first `top`).
    pub top: Vec<(u64, DocAddress)>,
    pub groups: Vec<(String, u64)>,
    /// (attribute, value) → count.
    pub facets: Vec<((String, String), u64)>,
    /// With [`Plan::keep_docs`]: every counted document, per segment, in document order;
    /// `None` when there were more than [`KEEP_MAX`].
    pub docs: Option<Vec<(SegmentOrdinal, Vec<DocId>)>>,
}

pub struct StatsCollector {
    pub plan: Plan,
}

pub struct SegmentStats {
    segment: SegmentOrdinal,
    ranks: Column<u64>,
    /// This segment's rank runs, and the document before which no rank can enter the top
    /// (the end of a run whose ranks reached the worst kept hit).
    runs: Option<Arc<RankRuns>>,
    ranked_from: DocId,
    group: Option<StrColumn>,
    /// `None`: no group chosen. `Some(None)`: the chosen group is absent from this segment.
    group_sel: Option<Option<u64>>,
    facets: Option<StrColumn>,
    /// Per selected attribute: the ords of its selected values in this segment (sorted).
    attr_sel: Vec<Vec<u64>>,
    attr_names: Vec<String>,
    want_facets: bool,
    total: u64,
    group_counts: Vec<u64>,
    facet_full: Vec<u64>,
    facet_except: Vec<Vec<u64>>,
    top: TopRanks,
    /// Per-block buffers of [`SegmentStats::collect_faceted`]: the document of each facet
    /// row, the rows, and their ords.
    owners_buf: Vec<DocId>,
    rows_buf: Vec<u32>,
    ords_buf: Vec<u64>,
    keep_docs: bool,
    docs: Vec<DocId>,
    docs_overflow: bool,
    /// Per-block buffers of [`SegmentCollector::collect_block`]: group ords and ranks.
    group_block: [Option<u64>; BLOCK],
    rank_block: [Option<u64>; BLOCK],
}

/// Documents read from the fast fields at once in the plain case (no attribute selections,
/// no facets): one batched column read per block instead of one lookup per document.
const BLOCK: usize = 64;

pub struct SegmentFruit {
    segment: SegmentOrdinal,
    total: u64,
    top: Vec<(u64, DocId)>,
    groups: Vec<(String, u64)>,
    facets: Vec<((String, String), u64)>,
    docs: Vec<DocId>,
    /// More than [`KEEP_MAX`] documents matched in this segment.
    docs_overflow: bool,
}

fn str_column(reader: &SegmentReader, field: &str) -> tantivy::Result<Option<StrColumn>> {
    reader.fast_fields().str(field)
}

fn ord_of(col: &StrColumn, value: &str) -> tantivy::Result<Option<u64>> {
    Ok(col.dictionary().term_ord(value.as_bytes())?)
}

fn ord_to_string(col: &StrColumn, ord: u64) -> String {
    let mut s = String::new();
    match col.ord_to_str(ord, &mut s) {
        Ok(true) => s,
        _ => String::new(),
    }
}

impl Collector for StatsCollector {
    type Fruit = Stats;
    type Child = SegmentStats;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentStats> {
        let plan = &self.plan;
        let ranks: Column<u64> = reader.fast_fields().u64(&plan.rank_field)?;
        let group = match &plan.group_field {
            Some(f) => str_column(reader, f)?,
            None => None,
        };
        let group_sel = match (&plan.group, &group) {
            (None, _) => None,
            (Some(g), Some(col)) => Some(ord_of(col, g)?),
            (Some(_), None) => Some(None),
        };
        let facets = match &plan.facet_field {
            Some(f) => str_column(reader, f)?,
            None => None,
        };
        let mut attr_sel = Vec::with_capacity(plan.attrs.len());
        for (name, values) in &plan.attrs {
            let mut ords = Vec::new();
            if let Some(col) = &facets {
                for v in values {
                    if let Some(o) = ord_of(col, &format!("{name}{FACET_SEP}{v}"))? {
                        ords.push(o);
                    }
                }
            }
            ords.sort_unstable();
            attr_sel.push(ords);
        }
        let group_counts = vec![0; group.as_ref().map_or(0, |g| g.num_terms())];
        let nfacet = facets.as_ref().map_or(0, |f| f.num_terms());
        let want_facets = plan.want_facets && facets.is_some();
        Ok(SegmentStats {
            segment,
            ranks,
            runs: plan
                .order
                .as_ref()
                .and_then(|o| o.runs(reader.segment_id())),
            ranked_from: 0,
            group,
            group_sel,
            facet_full: if want_facets {
                vec![0; nfacet]
            } else {
                Vec::new()
            },
            facet_except: if want_facets {
                vec![vec![0; nfacet]; plan.attrs.len()]
            } else {
                Vec::new()
            },
            facets,
            attr_sel,
            attr_names: plan.attrs.iter().map(|(n, _)| n.clone()).collect(),
            want_facets,
            total: 0,
            group_counts,
            top: TopRanks::new(plan.top),
            owners_buf: Vec::new(),
            rows_buf: Vec::new(),
            ords_buf: Vec::new(),
            keep_docs: plan.keep_docs,
            docs: Vec::new(),
            docs_overflow: false,
            group_block: [None; BLOCK],
            rank_block: [None; BLOCK],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Stats> {
        let mut total = 0;
        let mut docs = Vec::new();
        let mut kept = 0usize;
        let mut overflow = false;
        let mut top: Vec<(u64, DocAddress)> = Vec::new();
        let mut groups: HashMap<String, u64> = HashMap::new();
        let mut facets: HashMap<(String, String), u64> = HashMap::new();
        for f in fruits {
            total += f.total;
            kept += f.docs.len();
            overflow |= f.docs_overflow || kept > KEEP_MAX;
            if !f.docs.is_empty() && !overflow {
                docs.push((f.segment, f.docs));
            }
            top.extend(
                f.top
                    .into_iter()
                    .map(|(r, d)| (r, DocAddress::new(f.segment, d))),
            );
            for (g, c) in f.groups {
                *groups.entry(g).or_default() += c;
            }
            for (k, c) in f.facets {
                *facets.entry(k).or_default() += c;
            }
        }
        top.sort_unstable_by_key(|(r, a)| (*r, a.segment_ord, a.doc_id));
        top.truncate(self.plan.top);
        let mut groups: Vec<(String, u64)> = groups.into_iter().collect();
        groups.sort();
        let mut facets: Vec<((String, String), u64)> = facets.into_iter().collect();
        facets.sort();
        Ok(Stats {
            total,
            top,
            groups,
            facets,
            docs: (self.plan.keep_docs && !overflow).then_some(docs),
        })
    }
}

impl SegmentStats {
    /// Whether a document was counted so far (the suggestion checks stop at the first).
    pub fn matched(&self) -> bool {
        self.total > 0
    }

    /// Counts a document of the result: the total, its rank, and the document when kept.
    fn count(&mut self, rank: Option<u64>, doc: DocId) {
        self.total += 1;
        if self.keep_docs && !self.docs_overflow {
            if self.docs.len() < KEEP_MAX {
                self.docs.push(doc);
            } else {
                self.docs_overflow = true;
                self.docs = Vec::new();
            }
        }
        if let Some(rank) = rank {
            self.top.offer(rank, doc);
            // This rank can no longer enter the top: the rest of its run ranks later still.
            if let Some(runs) = &self.runs
                && self.top.refuses(rank)
            {
                self.ranked_from = runs.run_end(doc);
            }
        }
    }

    /// The rank of a document, unless it cannot enter the top.
    fn rank(&self, doc: DocId) -> Option<u64> {
        if doc < self.ranked_from {
            None
        } else {
            self.ranks.first(doc)
        }
    }

    /// The plain case of [`SegmentCollector::collect_block`]: every document passes (no
    /// attribute selections), no facet counts; only groups, the total and the ranks.
    fn collect_plain(&mut self, docs: &[DocId]) {
        let n = docs.len();
        let groups = &mut self.group_block[..n];
        groups.fill(None);
        if let Some(g) = &self.group {
            g.ords().first_vals(docs, groups);
        }
        for g in groups.iter().flatten() {
            if let Some(c) = self.group_counts.get_mut(*g as usize) {
                *c += 1;
            }
        }
        let sel = match self.group_sel {
            None => None,
            Some(None) => return,
            Some(Some(sel)) => Some(sel),
        };
        let ranks = &mut self.rank_block[..n];
        ranks.fill(None);
        if docs.last().is_some_and(|&last| last >= self.ranked_from) {
            self.ranks.first_vals(docs, ranks);
        }
        for (i, &doc) in docs.iter().enumerate() {
            if sel.is_some() && self.group_block[i] != sel {
                continue;
            }
            let rank = self.rank_block[i].filter(|_| doc >= self.ranked_from);
            self.count(rank, doc);
        }
    }
}

impl SegmentStats {
    fn in_group(&self, group_ord: Option<u64>) -> bool {
        match self.group_sel {
            None => true,
            Some(None) => false,
            Some(Some(sel)) => group_ord == Some(sel),
        }
    }

    /// The general case of [`SegmentCollector::collect_block`] (attribute selections or facet
    /// counts): the group ords and the facet ords of a block are read in batches before any
    /// document is accounted. The reads are independent, so their cache misses overlap: one
    /// document at a time, two columns cost 250 ns per document at 16 M goods.
    fn collect_faceted(&mut self, docs: &[DocId]) {
        let n = docs.len();
        let mut groups = [None; BLOCK];
        let groups = &mut groups[..n];
        if let Some(g) = &self.group {
            g.ords().first_vals(docs, groups);
        }
        let mut owners = std::mem::take(&mut self.owners_buf);
        let mut rows = std::mem::take(&mut self.rows_buf);
        let mut ords = std::mem::take(&mut self.ords_buf);
        owners.clear();
        rows.clear();
        ords.clear();
        if let Some(f) = &self.facets {
            // Documents outside the chosen group need their ords only to be filtered.
            let mut need = [0; BLOCK];
            let mut k = 0;
            for (i, &doc) in docs.iter().enumerate() {
                if !self.attr_sel.is_empty() || (self.want_facets && self.in_group(groups[i])) {
                    need[k] = doc;
                    k += 1;
                }
            }
            f.ords()
                .row_ids_for_docs(&need[..k], &mut owners, &mut rows);
            ords.resize(rows.len(), 0);
            f.ords().values.get_vals(&rows, &mut ords);
        }
        let mut at = 0;
        for (i, &doc) in docs.iter().enumerate() {
            let from = at;
            while owners.get(at) == Some(&doc) {
                at += 1;
            }
            self.account(doc, groups[i], &ords[from..at]);
        }
        self.owners_buf = owners;
        self.rows_buf = rows;
        self.ords_buf = ords;
    }

    /// Counts one document with its group ord and facet ords: towards its group when it passes
    /// every attribute selection; towards the total, the page and the facets when it is also
    /// in the chosen group; towards one attribute's facet values when it fails only that
    /// attribute's selection (disjunctive facets, AS-33).
    fn account(&mut self, doc: DocId, group_ord: Option<u64>, ords: &[u64]) {
        let mut failed = 0usize;
        let mut failed_at = 0usize;
        for (i, sel) in self.attr_sel.iter().enumerate() {
            let pass = ords.iter().any(|o| sel.binary_search(o).is_ok());
            if !pass {
                failed += 1;
                failed_at = i;
            }
        }
        if failed == 0
            && let Some(g) = group_ord
            && let Some(c) = self.group_counts.get_mut(g as usize)
        {
            *c += 1;
        }
        if !self.in_group(group_ord) {
            return;
        }
        if failed == 0 {
            self.count(self.rank(doc), doc);
            if self.want_facets {
                for &o in ords {
                    if let Some(c) = self.facet_full.get_mut(o as usize) {
                        *c += 1;
                    }
                }
            }
        } else if failed == 1 && self.want_facets {
            for &o in ords {
                if let Some(c) = self.facet_except[failed_at].get_mut(o as usize) {
                    *c += 1;
                }
            }
        }
    }
}

impl SegmentCollector for SegmentStats {
    type Fruit = SegmentFruit;

    fn collect_block(&mut self, docs: &[DocId]) {
        if self.attr_sel.is_empty() && !self.want_facets {
            for chunk in docs.chunks(BLOCK) {
                self.collect_plain(chunk);
            }
        } else {
            for chunk in docs.chunks(BLOCK) {
                self.collect_faceted(chunk);
            }
        }
    }

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.collect_faceted(&[doc]);
    }

    fn harvest(self) -> SegmentFruit {
        let mut groups = Vec::new();
        if let Some(col) = &self.group {
            for (ord, &c) in self.group_counts.iter().enumerate() {
                if c > 0 {
                    groups.push((ord_to_string(col, ord as u64), c));
                }
            }
        }
        let mut facets = Vec::new();
        if let (Some(col), true) = (&self.facets, self.want_facets) {
            let mut add = |ord: usize, c: u64, only_attr: Option<&str>| {
                if c == 0 {
                    return;
                }
                let s = ord_to_string(col, ord as u64);
                if let Some((name, value)) = s.split_once(FACET_SEP)
                    && only_attr.is_none_or(|a| a == name)
                {
                    facets.push(((name.to_string(), value.to_string()), c));
                }
            };
            for (ord, &c) in self.facet_full.iter().enumerate() {
                add(ord, c, None);
            }
            // A document failing only attribute A's selection counts towards A's values only.
            for (counts, name) in self.facet_except.iter().zip(&self.attr_names) {
                for (ord, &c) in counts.iter().enumerate() {
                    add(ord, c, Some(name));
                }
            }
        }
        SegmentFruit {
            segment: self.segment,
            docs_overflow: self.docs_overflow,
            total: self.total,
            top: self.top.into_vec(),
            groups,
            facets,
            docs: self.docs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{FAST, IndexRecordOption, STRING, Schema, TextOptions};
    use tantivy::{Index, TantivyDocument, Term};

    /// The facet values of document i: a colour, a size (none on every 7th, two on every
    /// 11th).
    fn facet_values(i: u64) -> Vec<String> {
        let mut v = vec![format!("color{FACET_SEP}{}", i % 3)];
        if !i.is_multiple_of(7) {
            v.push(format!("size{FACET_SEP}{}", i % 5));
        }
        if i.is_multiple_of(11) {
            v.push(format!("size{FACET_SEP}{}", (i + 1) % 5));
        }
        v
    }

    /// CAT-117, AS-33: facet counts, group counts, the total and the top from the block path
    /// are the ones the rules give, document by document: over two segments with deletes,
    /// with and without a chosen group, with OR within an attribute and AND across.
    #[test]
    fn cat_117_disjunctive_facets_in_blocks_match_the_rules() {
        let mut schema = Schema::builder();
        let raw_fast = || {
            TextOptions::default()
                .set_indexing_options(
                    tantivy::schema::TextFieldIndexing::default().set_tokenizer("raw"),
                )
                .set_fast("raw")
        };
        let group = schema.add_text_field("g", raw_fast());
        let facet = schema.add_text_field("f", raw_fast());
        let rank = schema.add_u64_field("r", FAST);
        let id = schema.add_u64_field("id", tantivy::schema::INDEXED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let n = 2000u64;
        for i in 0..n {
            let mut doc = TantivyDocument::default();
            doc.add_text(group, format!("g{}", i % 4));
            for v in facet_values(i) {
                doc.add_text(facet, v);
            }
            doc.add_u64(rank, shuffled(i));
            doc.add_u64(id, i);
            writer.add_document(doc).unwrap();
            if i == 999 {
                writer.commit().unwrap();
            }
        }
        let deleted = |i: u64| i.is_multiple_of(13);
        for i in (0..n).filter(|&i| deleted(i)) {
            writer.delete_term(Term::from_field_u64(id, i));
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let sel = |a: &str, v: &[u64]| (a.to_string(), v.iter().map(u64::to_string).collect());
        for attrs in [
            vec![],
            vec![sel("color", &[0])],
            vec![sel("color", &[0, 1]), sel("size", &[2])],
            vec![sel("size", &[9])],
        ] {
            for chosen in [None, Some(1u64)] {
                let plan = Plan {
                    group_field: Some("g".into()),
                    group: chosen.map(|g| format!("g{g}")),
                    facet_field: Some("f".into()),
                    attrs: attrs.clone(),
                    want_facets: true,
                    rank_field: "r".into(),
                    top: 10,
                    keep_docs: false,
                    order: None,
                };
                let stats = searcher
                    .search(&AllQuery, &StatsCollector { plan })
                    .unwrap();
                // The rules, one document at a time.
                let mut total = 0;
                let mut groups: HashMap<String, u64> = HashMap::new();
                let mut facets: HashMap<(String, String), u64> = HashMap::new();
                let mut ranks = Vec::new();
                for i in (0..n).filter(|&i| !deleted(i)) {
                    let values = facet_values(i);
                    let failing: Vec<&String> = attrs
                        .iter()
                        .filter(|(a, vs)| {
                            !vs.iter()
                                .any(|v| values.contains(&format!("{a}{FACET_SEP}{v}")))
                        })
                        .map(|(a, _)| a)
                        .collect();
                    if failing.is_empty() {
                        *groups.entry(format!("g{}", i % 4)).or_default() += 1;
                    }
                    if chosen.is_some_and(|g| g != i % 4) {
                        continue;
                    }
                    let split = |v: &String| {
                        let (a, b) = v.split_once(FACET_SEP).unwrap();
                        (a.to_string(), b.to_string())
                    };
                    if failing.is_empty() {
                        total += 1;
                        ranks.push(shuffled(i));
                        for v in &values {
                            *facets.entry(split(v)).or_default() += 1;
                        }
                    } else if failing.len() == 1 {
                        for v in values.iter().filter(|v| split(v).0 == *failing[0]) {
                            *facets.entry(split(v)).or_default() += 1;
                        }
                    }
                }
                ranks.sort_unstable();
                ranks.truncate(10);
                let what = format!("attrs {attrs:?}, group {chosen:?}");
                assert_eq!(stats.total, total, "total, {what}");
                let mut groups: Vec<(String, u64)> = groups.into_iter().collect();
                groups.sort();
                assert_eq!(stats.groups, groups, "groups, {what}");
                let mut facets: Vec<((String, String), u64)> = facets.into_iter().collect();
                facets.sort();
                assert_eq!(stats.facets, facets, "facets, {what}");
                let top: Vec<u64> = stats.top.iter().map(|(r, _)| *r).collect();
                assert_eq!(top, ranks, "top, {what}");
            }
        }
    }

    /// A permutation of i.
    fn shuffled(i: u64) -> u64 {
        (i * 7919) % 3001
    }

    /// Rank runs as merged segments have them: ascending within 0..1200, 1200..2100 (lower
    /// ranks, in equal pairs) and 2100..3000 (ranks interleaved with the second run's).
    fn in_runs(i: u64) -> u64 {
        match i {
            0..1200 => 5000 + i,
            1200..2100 => (i - 1200) / 2 * 4,
            _ => (i - 2100) * 2 + 1,
        }
    }

    /// 3 000 documents in three segments: group `g{i % 7}`, the given rank, word `even` on
    /// even i; every 11th document of the first segment deleted afterwards.
    fn index(rank_of: fn(u64) -> u64) -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let word = schema.add_text_field("w", STRING);
        let group = schema.add_text_field(
            "g",
            TextOptions::default()
                .set_indexing_options(
                    tantivy::schema::TextFieldIndexing::default().set_tokenizer("raw"),
                )
                .set_fast("raw"),
        );
        let rank = schema.add_u64_field("r", FAST);
        let id = schema.add_u64_field("id", tantivy::schema::INDEXED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..3000u64 {
            let mut doc = TantivyDocument::default();
            doc.add_text(group, format!("g{}", i % 7));
            doc.add_u64(rank, rank_of(i));
            doc.add_u64(id, i);
            if i % 2 == 0 {
                doc.add_text(word, "even");
            }
            writer.add_document(doc).unwrap();
            if i % 1000 == 999 {
                writer.commit().unwrap();
            }
        }
        // Deletes in the first segment only: the others go through `collect_block`.
        for i in (0..1000u64).step_by(11) {
            writer.delete_term(Term::from_field_u64(id, i));
        }
        writer.commit().unwrap();
        (index, word)
    }

    fn plan(group: Option<&str>, top: usize) -> Plan {
        Plan {
            group_field: Some("g".into()),
            group: group.map(str::to_string),
            facet_field: None,
            attrs: Vec::new(),
            want_facets: false,
            rank_field: "r".into(),
            top,
            keep_docs: true,
            order: None,
        }
    }

    /// What a page must show, computed naively from the generator's rules.
    fn expected(
        rank_of: fn(u64) -> u64,
        even_only: bool,
        group: Option<u64>,
        top: usize,
    ) -> (u64, Vec<u64>, Vec<u64>) {
        let live =
            (0..3000u64).filter(|i| (*i >= 1000 || i % 11 != 0) && (!even_only || i % 2 == 0));
        let mut groups = vec![0u64; 7];
        let mut ranks = Vec::new();
        for i in live {
            groups[(i % 7) as usize] += 1;
            if group.is_none_or(|g| g == i % 7) {
                ranks.push(rank_of(i));
            }
        }
        ranks.sort_unstable();
        let total = ranks.len() as u64;
        ranks.truncate(top);
        (total, groups, ranks)
    }

    /// Checks the total, the group counts, the top and the kept documents of every
    /// combination of query, chosen group and depth against [`expected`].
    fn check_pages(
        index: &Index,
        word: tantivy::schema::Field,
        rank_of: fn(u64) -> u64,
        order: Option<Arc<RankOrder>>,
        merge: bool,
    ) {
        let searcher = index.reader().unwrap().searcher();
        if let Some(o) = &order {
            o.refresh(&searcher, "r").unwrap();
        }
        assert!(merge || searcher.segment_readers().len() > 1);
        let even = TermQuery::new(
            Term::from_field_text(word, "even"),
            IndexRecordOption::Basic,
        );
        let queries: [(&dyn tantivy::query::Query, bool); 2] = [(&AllQuery, false), (&even, true)];
        for (query, even_only) in queries {
            for group in [None, Some(3u64)] {
                for depth in [0, 1, 25, 700, 5000] {
                    let name = group.map(|g| format!("g{g}"));
                    let mut p = plan(name.as_deref(), depth);
                    p.order = order.clone();
                    let stats = searcher.search(query, &StatsCollector { plan: p }).unwrap();
                    let (total, groups, top) = expected(rank_of, even_only, group, depth);
                    let what = format!("group {group:?}, depth {depth}, even {even_only}");
                    assert_eq!(stats.total, total, "total, {what}");
                    let counts: Vec<u64> = stats.groups.iter().map(|(_, c)| *c).collect();
                    assert_eq!(counts, groups, "groups, {what}");
                    let got: Vec<u64> = stats.top.iter().map(|(r, _)| *r).collect();
                    assert_eq!(got, top, "top, {what}");
                    let kept: usize = stats.docs.iter().flatten().map(|(_, d)| d.len()).sum();
                    assert_eq!(kept as u64, total, "kept documents, {what}");
                }
            }
        }
        // A chosen group that no document has: the groups still count, nothing else.
        let stats = searcher
            .search(
                &AllQuery,
                &StatsCollector {
                    plan: plan(Some("g9"), 5),
                },
            )
            .unwrap();
        assert_eq!(stats.total, 0);
        assert!(stats.top.is_empty());
        assert_eq!(stats.groups.len(), 7);
    }

    #[test]
    fn cat_113_block_collection_counts_groups_total_and_top() {
        let (index, word) = index(shuffled);
        check_pages(&index, word, shuffled, None, false);
        // Shuffled ranks have no usable runs: the same pages with the order known.
        check_pages(&index, word, shuffled, Some(Arc::default()), false);
    }

    /// CAT-116: skipping the ranks of runs that cannot reach the top changes no page, in
    /// separate segments and in one merged segment of three runs.
    #[test]
    fn cat_116_pages_in_rank_order_skip_what_cannot_enter_the_top() {
        let (index, word) = index(in_runs);
        check_pages(&index, word, in_runs, None, false);
        check_pages(&index, word, in_runs, Some(Arc::default()), false);
        let ids = index.searchable_segment_ids().unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.merge(&ids).wait().unwrap();
        writer.wait_merging_threads().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        let order = Arc::new(RankOrder::default());
        order.refresh(&searcher, "r").unwrap();
        let runs = order.runs(searcher.segment_reader(0).segment_id());
        assert!(runs.is_some_and(|r| r.len() >= 3), "merged runs found");
        check_pages(&index, word, in_runs, Some(order), true);
    }
}
