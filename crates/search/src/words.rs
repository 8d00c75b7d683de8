//! A query for "any of these indexed words" — what every token of §4.2 becomes after the
//! vocabulary expansion.
//!
//! Tantivy's `TermSetQuery` builds an FST of the terms for every query (with a 10 000-cell
//! registry allocated each time); on typo queries with many tokens that allocation was two
//! thirds of the time (perf, docs/PERFORMANCE.md). Here the terms' postings are looked up
//! directly: one term reads its posting list as it is; a few (a word in several fields, a
//! short prefix) stay posting lists behind a lazy union, so that the AND of the query's tokens
//! seeks them to its candidates through their skip data instead of reading them whole — at
//! 16 M goods «для» or «или» hold millions of postings; many small lists (the fuzzy expansions
//! of a typo) are merged into one sorted vector, many large ones into a bit set.

use crate::dense::{DENSE_SHARE, DenseCache, DenseDocSet, DenseDocs, next_set_bit};
use std::sync::Arc;
use tantivy::query::{ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// At most this many posting lists stay lazy in a union (each seek visits every list).
const LAZY_MAX_LISTS: usize = 12;
/// More lists holding at most 1/`SMALL_SHARE` of the segment's documents together are merged
/// into a sorted vector; more postings than that go into a bit set (max_doc/8 bytes, 2 MB at
/// 16 M goods, cheaper than sorting that many documents).
const SMALL_SHARE: u32 = 512;

/// Documents holding at least one of the terms (terms of several fields allowed).
#[derive(Debug, Clone)]
pub struct WordsQuery {
    terms: Vec<(Field, Vec<Term>)>,
    /// Where the doc sets of broad tokens are kept between searches (see [`crate::dense`]).
    cache: Option<Arc<DenseCache>>,
}

impl WordsQuery {
    pub fn new(terms: Vec<Term>) -> WordsQuery {
        let mut by_field: Vec<(Field, Vec<Term>)> = Vec::new();
        for t in terms {
            match by_field.iter_mut().find(|(f, _)| *f == t.field()) {
                Some((_, v)) => v.push(t),
                None => by_field.push((t.field(), vec![t])),
            }
        }
        for (_, v) in &mut by_field {
            v.sort_unstable();
            v.dedup();
        }
        WordsQuery {
            terms: by_field,
            cache: None,
        }
    }

    /// The same query, keeping its doc set in `cache` where it is broad.
    pub fn cached(mut self, cache: Arc<DenseCache>) -> WordsQuery {
        self.cache = Some(cache);
        self
    }

    /// The cache key of the terms.
    fn key(&self) -> Vec<u8> {
        let mut key = Vec::new();
        for (field, terms) in &self.terms {
            key.extend_from_slice(&field.field_id().to_le_bytes());
            for t in terms {
                let bytes = t.serialized_value_bytes();
                key.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
                key.extend_from_slice(bytes);
            }
        }
        key
    }
}

impl Query for WordsQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(WordsWeight {
            cache: self.cache.as_ref().map(|c| (Arc::clone(c), self.key())),
            query: self.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, terms) in &self.terms {
            for t in terms {
                visitor(t, false);
            }
        }
    }
}

struct WordsWeight {
    query: WordsQuery,
    /// The kept-bits cache and this token's key in it, computed once per search.
    cache: Option<(Arc<DenseCache>, Vec<u8>)>,
}

/// A term found in one segment: where its postings are.
type TermList = (
    Arc<tantivy::InvertedIndexReader>,
    tantivy::postings::TermInfo,
);

impl WordsWeight {
    /// The terms present in this segment, with their postings.
    fn lists(&self, reader: &SegmentReader) -> tantivy::Result<Vec<TermList>> {
        let mut lists = Vec::new();
        for (field, terms) in &self.query.terms {
            let inverted = reader.inverted_index(*field)?;
            for term in terms {
                if let Some(info) = inverted.get_term_info(term)? {
                    lists.push((Arc::clone(&inverted), info));
                }
            }
        }
        Ok(lists)
    }
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let segment = reader.segment_id();
        if let Some((cache, key)) = &self.cache
            && let Some(kept) = cache.get(segment, key)
        {
            return Ok(Box::new(DenseDocSet::new(kept)));
        }
        // The terms' document counts decide the form: kept bits, one list, or a union.
        let mut lists = self.lists(reader)?;
        let postings: u64 = lists.iter().map(|(_, i)| u64::from(i.doc_freq)).sum();
        if let Some((cache, key)) = &self.cache
            && postings >= u64::from(reader.max_doc() / DENSE_SHARE).max(1)
            && cache.admit(segment, key)
        {
            let kept = Arc::new(dense_docs(&lists, reader.max_doc())?);
            cache.put(segment, key.clone(), Arc::clone(&kept));
            return Ok(Box::new(DenseDocSet::new(kept)));
        }
        match lists.len() {
            0 => return Ok(Box::new(EmptyScorer)),
            1 => {
                let (inverted, info) = &lists[0];
                let postings =
                    inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                return Ok(Box::new(ConstScorer::new(postings, boost)));
            }
            _ => {}
        }
        // The largest lists stay lazy (seekable through their skip data, nothing read up
        // front); whatever is left is merged into one sorted vector when small, or a bit set.
        lists.sort_by_key(|(_, i)| std::cmp::Reverse(i.doc_freq));
        let rest = lists.split_off(lists.len().min(LAZY_MAX_LISTS));
        let mut parts: Vec<Box<dyn DocSet>> = Vec::with_capacity(lists.len() + 1);
        for (inverted, info) in &lists {
            parts.push(Box::new(
                inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?,
            ));
        }
        if !rest.is_empty() {
            parts.push(merged(&rest, reader.max_doc())?);
        }
        if parts.len() == 1
            && let Some(only) = parts.pop()
        {
            return Ok(Box::new(ConstScorer::new(only, boost)));
        }
        Ok(Box::new(ConstScorer::new(LazyUnion::new(parts), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_match(self, reader, doc, "WordsQuery")
    }
}

/// The explanation of a weight whose documents all score alike: whether `doc` matches.
pub(crate) fn explain_match(
    weight: &dyn Weight,
    reader: &SegmentReader,
    doc: DocId,
    name: &'static str,
) -> tantivy::Result<Explanation> {
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.seek(doc) == doc {
        Ok(Explanation::new(name, 1.0))
    } else {
        Err(TantivyError::InvalidArgument(
            "document does not match".into(),
        ))
    }
}

/// Every document of the lists as bits.
fn dense_docs(lists: &[TermList], max_doc: DocId) -> tantivy::Result<DenseDocs> {
    let mut docs = DenseDocs::with_max_doc(max_doc);
    each_block(lists, |block| docs.insert_all(block))?;
    docs.seal();
    Ok(docs)
}

/// Calls `f` with every decoded block of 128 documents of the lists.
fn each_block(lists: &[TermList], mut f: impl FnMut(&[DocId])) -> tantivy::Result<()> {
    for (inverted, info) in lists {
        let mut block =
            inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
        while !block.docs().is_empty() {
            f(block.docs());
            block.advance();
        }
    }
    Ok(())
}

/// The documents of many term lists in one doc set: a sorted vector when they are few, else
/// bits.
fn merged(lists: &[TermList], max_doc: DocId) -> tantivy::Result<Box<dyn DocSet>> {
    let postings: u64 = lists.iter().map(|(_, i)| u64::from(i.doc_freq)).sum();
    if postings > u64::from(max_doc / SMALL_SHARE) {
        return Ok(Box::new(DenseDocSet::new(Arc::new(dense_docs(
            lists, max_doc,
        )?))));
    }
    let mut docs = Vec::new();
    each_block(lists, |block| docs.extend_from_slice(block))?;
    // The lists are sorted runs: the stable sort merges runs (n log k), where an unstable sort
    // of a few hundred thousand documents was a quarter of a typo query.
    docs.sort();
    docs.dedup();
    Ok(Box::new(SortedDocs::new(docs)))
}

/// Documents of one window of [`LazyUnion`] (64 words of bits).
const WINDOW: u32 = 4096;
const WINDOW_WORDS: usize = (WINDOW / 64) as usize;
/// A seek at most this far goes windowed: its candidates are dense (an AND of broad tokens).
/// Farther seeks stay lazy — draining a window of a broad list for one candidate of a rare
/// leader cost three times more than the skip (perf at 16 M goods: long typo queries).
const NEAR: u32 = 64;

/// The union of a few doc sets (posting lists, and at most one merged rest) in two modes:
///
/// * lazy: each list sits on its own next document and the union's document is the least;
///   `seek` moves every list through its skip data, so an intersection led by a rarer token
///   reads only the blocks around its candidates;
/// * windowed: the lists' documents of the next `WINDOW` ids are drained into a bit set and
///   read from there, so walking the whole union (a token alone, or a leader) or seeking it to
///   nearby candidates costs one bit scan per document instead of a look at every list (perf
///   at 16 M goods: half of a broad fragment query was that look).
///
/// `advance` and near seeks (see [`NEAR`]) go windowed; far seeks go lazy.
struct LazyUnion {
    lists: Vec<Box<dyn DocSet>>,
    /// Windowed mode: every document of the union in `[start, start + WINDOW)` is a bit here
    /// and every list sits at `start + WINDOW` or later.
    windowed: bool,
    start: DocId,
    bits: [u64; WINDOW_WORDS],
    doc: DocId,
    hint: u32,
}

impl LazyUnion {
    fn new(lists: Vec<Box<dyn DocSet>>) -> LazyUnion {
        let hint = lists
            .iter()
            .map(|p| p.size_hint())
            .fold(0u32, u32::saturating_add);
        let mut union = LazyUnion {
            lists,
            windowed: false,
            start: 0,
            bits: [0; WINDOW_WORDS],
            doc: TERMINATED,
            hint,
        };
        union.doc = union.least();
        union
    }

    /// The least document the lists sit on.
    fn least(&self) -> DocId {
        self.lists
            .iter()
            .map(|p| p.doc())
            .min()
            .unwrap_or(TERMINATED)
    }

    /// Drains every list's documents of `[from, from + WINDOW)` into the bits; every list must
    /// sit at `from` or later.
    fn fill(&mut self, from: DocId) {
        self.start = from;
        self.bits = [0; WINDOW_WORDS];
        let end = from.saturating_add(WINDOW);
        for p in &mut self.lists {
            let mut d = p.doc();
            while d < end {
                let off = d - from;
                self.bits[(off / 64) as usize] |= 1u64 << (off % 64);
                d = p.advance();
            }
        }
        self.windowed = true;
    }

    /// The first document of the window at `target` or later.
    fn next_in_window(&self, target: DocId) -> Option<DocId> {
        let off = target.max(self.start) - self.start;
        next_set_bit(&self.bits, off).map(|b| self.start + b)
    }

    /// Windowed: the window holds nothing at `target` or later; fills the next window that
    /// holds a document (the lists sit past the old window) and stands on its first.
    fn next_window(&mut self) -> DocId {
        let next = self.least();
        self.doc = next;
        if next == TERMINATED {
            self.windowed = false;
        } else {
            self.fill(next);
        }
        next
    }
}

impl DocSet for LazyUnion {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        if !self.windowed {
            // Every list sits at `doc` or later: drain from here.
            self.fill(self.doc);
        }
        match self.next_in_window(self.doc + 1) {
            Some(d) => {
                self.doc = d;
                d
            }
            None => self.next_window(),
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if self.windowed && target < self.start + WINDOW {
            if let Some(d) = self.next_in_window(target) {
                self.doc = d;
                return d;
            }
            return self.next_window();
        }
        // Past the window: move every list through its skip data.
        for p in &mut self.lists {
            if p.doc() < target {
                p.seek(target);
            }
        }
        let near = target - self.doc <= NEAR;
        self.doc = self.least();
        self.windowed = false;
        if near && self.doc != TERMINATED {
            // Candidates come close together: read the lists in windows from here on.
            self.fill(self.doc);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.hint
    }
}

/// A sorted, deduplicated list of documents.
struct SortedDocs {
    docs: Vec<DocId>,
    pos: usize,
}

impl SortedDocs {
    fn new(docs: Vec<DocId>) -> SortedDocs {
        SortedDocs { docs, pos: 0 }
    }
}

impl DocSet for SortedDocs {
    fn advance(&mut self) -> DocId {
        if self.pos < self.docs.len() {
            self.pos += 1;
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() >= target {
            return self.doc();
        }
        let rest = self.docs.get(self.pos..).unwrap_or(&[]);
        self.pos += rest.partition_point(|&d| d < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.pos).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        u32::try_from(self.docs.len()).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The windowed union against a set, through every mix of advances and near and far seeks.
    #[test]
    fn union_modes_agree_with_a_set() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u32| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % u64::from(n)) as u32
        };
        for round in 0..200 {
            let lists = 1 + next(6) as usize;
            let span = 1 + next(40_000);
            let mut all = BTreeSet::new();
            let mut sets: Vec<Box<dyn DocSet>> = Vec::new();
            for _ in 0..lists {
                let density = 1 + next(300);
                let mut docs: Vec<u32> = (0..span).filter(|_| next(1000) < density).collect();
                docs.dedup();
                all.extend(docs.iter().copied());
                sets.push(Box::new(SortedDocs::new(docs)));
            }
            let mut union = LazyUnion::new(sets);
            let mut at = union.doc();
            assert_eq!(at, all.iter().next().copied().unwrap_or(TERMINATED));
            while at != TERMINATED {
                let (got, want) = match next(4) {
                    0 => (union.advance(), all.range(at + 1..).next()),
                    1 => {
                        let t = at + next(100);
                        (union.seek(t), all.range(t..).next())
                    }
                    2 => {
                        let t = at + next(3 * WINDOW);
                        (union.seek(t), all.range(t..).next())
                    }
                    _ => {
                        let t = at + next(20_000);
                        (union.seek(t), all.range(t..).next())
                    }
                };
                assert_eq!(got, want.copied().unwrap_or(TERMINATED), "round {round}");
                assert_eq!(union.doc(), got);
                at = got;
            }
        }
    }
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{STRING, Schema};
    use tantivy::{Index, TantivyDocument};

    /// 2 000 documents: every one holds `common`, one of `a0 a1 a2`, every 97th `rare`.
    fn index() -> (Index, Field) {
        let mut schema = Schema::builder();
        let w = schema.add_text_field("w", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..2000u32 {
            let mut doc = TantivyDocument::default();
            doc.add_text(w, "common");
            doc.add_text(w, format!("a{}", i % 3));
            if i % 97 == 0 {
                doc.add_text(w, "rare");
            }
            doc.add_text(w, format!("id{i}"));
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, w)
    }

    fn ids(index: &Index, q: &dyn Query) -> Vec<u32> {
        let searcher = index.reader().unwrap().searcher();
        let mut v: Vec<u32> = searcher
            .search(q, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|a| a.doc_id)
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn broad_unions_are_lazy_and_exact() {
        let (index, w) = index();
        let t = |s: &str| Term::from_field_text(w, s);
        // Broad (lazy) union alone: a0 or a1.
        let broad = WordsQuery::new(vec![t("a0"), t("a1"), t("missing")]);
        let got = ids(&index, &broad);
        assert_eq!(got.len(), (0..2000).filter(|i| i % 3 != 2).count());
        // The AND led by a rare token seeks the broad union.
        let and = BooleanQuery::new(vec![
            (Occur::Must, Box::new(broad.clone()) as Box<dyn Query>),
            (
                Occur::Must,
                Box::new(TermQuery::new(t("rare"), IndexRecordOption::Basic)),
            ),
            (
                Occur::Must,
                Box::new(WordsQuery::new(vec![t("common"), t("a2")])),
            ),
        ]);
        let want: Vec<u32> = (0..2000).filter(|i| i % 97 == 0 && i % 3 != 2).collect();
        assert_eq!(ids(&index, &and), want);
        // A few narrow lists (lazy), many narrow lists (sorted vector), many lists that are
        // broad together (bit set): the same answers.
        let narrow = WordsQuery::new(vec![t("id5"), t("id1999"), t("id0")]);
        assert_eq!(ids(&index, &narrow), vec![0, 5, 1999]);
        let many: Vec<Term> = (0..40).map(|i| t(&format!("id{}", i * 7))).collect();
        let want: Vec<u32> = (0..40).map(|i| i * 7).collect();
        assert_eq!(ids(&index, &WordsQuery::new(many.clone())), want);
        let and = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(WordsQuery::new(many)) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(t("a0"), IndexRecordOption::Basic)),
            ),
        ]);
        let want: Vec<u32> = (0..40).map(|i| i * 7).filter(|i| i % 3 == 0).collect();
        assert_eq!(ids(&index, &and), want);
        let mut broad_many: Vec<Term> = (0..20).map(|i| t(&format!("id{i}"))).collect();
        broad_many.extend([t("a0"), t("a1")]);
        let got = ids(&index, &WordsQuery::new(broad_many));
        assert_eq!(
            got.len(),
            (0..2000).filter(|i| i % 3 != 2 || *i < 20).count()
        );
    }
}
