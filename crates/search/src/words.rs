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

use tantivy::query::{
    BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// At most this many posting lists stay lazy in a union (each seek visits every list).
const LAZY_MAX_LISTS: usize = 12;
/// More lists holding at most 1/`SMALL_SHARE` of the segment's documents are merged into a
/// sorted vector (a bit set would cost max_doc/8 bytes — 2 MB at 16 M goods — per token).
const SMALL_SHARE: u32 = 64;

/// Documents holding at least one of the terms (terms of several fields allowed).
#[derive(Debug, Clone)]
pub struct WordsQuery {
    terms: Vec<(Field, Vec<Term>)>,
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
        WordsQuery { terms: by_field }
    }

    fn count(&self) -> usize {
        self.terms.iter().map(|(_, v)| v.len()).sum()
    }
}

impl Query for WordsQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(WordsWeight {
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
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.query.count() == 1
            && let Some((field, terms)) = self.query.terms.first()
        {
            let inverted = reader.inverted_index(*field)?;
            return Ok(
                match inverted.read_postings(&terms[0], IndexRecordOption::Basic)? {
                    Some(postings) => Box::new(ConstScorer::new(postings, boost)),
                    None => Box::new(EmptyScorer),
                },
            );
        }
        // Look the terms up first: their document counts decide the union's form.
        let mut infos = Vec::new();
        for (field, terms) in &self.query.terms {
            let inverted = reader.inverted_index(*field)?;
            for term in terms {
                if let Some(info) = inverted.get_term_info(term)? {
                    infos.push((std::sync::Arc::clone(&inverted), info));
                }
            }
        }
        if infos.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        // The largest lists stay lazy (seekable through their skip data, nothing read up
        // front); whatever is left is merged into one sorted vector when small, or a bit set.
        infos.sort_by_key(|(_, i)| std::cmp::Reverse(i.doc_freq));
        let rest = infos.split_off(infos.len().min(LAZY_MAX_LISTS));
        let mut parts: Vec<Box<dyn DocSet>> = Vec::with_capacity(infos.len() + 1);
        for (inverted, info) in &infos {
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
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("WordsQuery", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(
                "document does not match".into(),
            ))
        }
    }
}

/// The documents of many term lists in one doc set: a sorted vector when they are few (a bit
/// set would cost max_doc/8 bytes — 2 MB at 16 M goods — per token), else a bit set.
fn merged(
    lists: &[(
        std::sync::Arc<tantivy::InvertedIndexReader>,
        tantivy::postings::TermInfo,
    )],
    max_doc: DocId,
) -> tantivy::Result<Box<dyn DocSet>> {
    let postings: u64 = lists.iter().map(|(_, i)| u64::from(i.doc_freq)).sum();
    let small = postings <= u64::from(max_doc / SMALL_SHARE);
    let mut docs = Vec::new();
    let mut bits = if small {
        None
    } else {
        Some(tantivy::BitSet::with_max_value(max_doc))
    };
    for (inverted, info) in lists {
        let mut block =
            inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
        while !block.docs().is_empty() {
            match bits.as_mut() {
                Some(b) => {
                    for &d in block.docs() {
                        b.insert(d);
                    }
                }
                None => docs.extend_from_slice(block.docs()),
            }
            block.advance();
        }
    }
    Ok(match bits {
        Some(b) => Box::new(BitSetDocSet::from(b)),
        None => {
            docs.sort_unstable();
            docs.dedup();
            Box::new(SortedDocs::new(docs))
        }
    })
}

/// The union of a few doc sets (posting lists, and at most one merged rest), advanced lazily:
/// `seek` moves each list through its skip data, so an intersection led by a rarer token reads
/// only the blocks around its candidates.
struct LazyUnion {
    lists: Vec<Box<dyn DocSet>>,
    doc: DocId,
    hint: u32,
}

impl LazyUnion {
    fn new(lists: Vec<Box<dyn DocSet>>) -> LazyUnion {
        let hint = lists
            .iter()
            .map(|p| p.size_hint())
            .fold(0u32, u32::saturating_add);
        let doc = lists.iter().map(|p| p.doc()).min().unwrap_or(TERMINATED);
        LazyUnion { lists, doc, hint }
    }
}

impl DocSet for LazyUnion {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let current = self.doc;
        let mut next = TERMINATED;
        for p in &mut self.lists {
            let d = if p.doc() == current {
                p.advance()
            } else {
                p.doc()
            };
            next = next.min(d);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for p in &mut self.lists {
            let d = if p.doc() < target {
                p.seek(target)
            } else {
                p.doc()
            };
            next = next.min(d);
        }
        self.doc = next;
        next
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
