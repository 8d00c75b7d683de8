//! A query for "any of these indexed words" — what every token of §4.2 becomes after the
//! vocabulary expansion.
//!
//! Tantivy's `TermSetQuery` builds an FST of the terms for every query (with a 10 000-cell
//! registry allocated each time); on typo queries with many tokens that allocation was two
//! thirds of the time (perf, docs/PERFORMANCE.md). Here the terms' postings are looked up
//! directly: one term reads its posting list as it is; several narrow ones are unioned into one
//! bit set per segment; a few broad ones (common words: at 16 M goods «для» or «или» hold
//! millions of postings) stay posting lists behind a lazy union, so that the AND of the query's
//! tokens seeks them to its candidates through their skip data instead of reading them whole.

use tantivy::postings::SegmentPostings;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// At most this many posting lists go into a lazy union (each seek visits every list).
const LAZY_MAX_LISTS: usize = 16;
/// A union is broad when its lists hold more than 1/`BROAD_SHARE` of the segment's documents.
const BROAD_SHARE: u32 = 32;

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
        let postings: u64 = infos.iter().map(|(_, i)| u64::from(i.doc_freq)).sum();
        if infos.len() <= LAZY_MAX_LISTS && postings > u64::from(reader.max_doc() / BROAD_SHARE) {
            let mut lists = Vec::with_capacity(infos.len());
            for (inverted, info) in &infos {
                lists.push(inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?);
            }
            return Ok(Box::new(ConstScorer::new(LazyUnion::new(lists), boost)));
        }
        let mut bits = tantivy::BitSet::with_max_value(reader.max_doc());
        for (inverted, info) in &infos {
            let mut block =
                inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            loop {
                let docs = block.docs();
                if docs.is_empty() {
                    break;
                }
                for &d in docs {
                    bits.insert(d);
                }
                block.advance();
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(bits), boost)))
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

/// The union of a few posting lists, advanced lazily: `seek` moves each list through its skip
/// data, so an intersection led by a rarer token reads only the blocks around its candidates.
struct LazyUnion {
    lists: Vec<SegmentPostings>,
    doc: DocId,
    hint: u32,
}

impl LazyUnion {
    fn new(lists: Vec<SegmentPostings>) -> LazyUnion {
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
        // Narrow union (bit set path) gives the same answers.
        let narrow = WordsQuery::new(vec![t("id5"), t("id1999"), t("id0")]);
        assert_eq!(ids(&index, &narrow), vec![0, 5, 1999]);
    }
}
