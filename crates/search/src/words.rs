//! A query for "any of these indexed words" — what every token of §4.2 becomes after the
//! vocabulary expansion.
//!
//! Tantivy's `TermSetQuery` builds an FST of the terms for every query (with a 10 000-cell
//! registry allocated each time); on typo queries with many tokens that allocation was two
//! thirds of the time (perf, docs/PERFORMANCE.md). Here the terms' postings are looked up
//! directly: one term reads its posting list as it is, several are unioned into one bit set
//! per segment.

use tantivy::query::{
    BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

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
        let mut bits = tantivy::BitSet::with_max_value(reader.max_doc());
        let mut any = false;
        for (field, terms) in &self.query.terms {
            let inverted = reader.inverted_index(*field)?;
            for term in terms {
                let Some(info) = inverted.get_term_info(term)? else {
                    continue;
                };
                let mut block =
                    inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
                loop {
                    let docs = block.docs();
                    if docs.is_empty() {
                        break;
                    }
                    for &d in docs {
                        bits.insert(d);
                    }
                    any = true;
                    block.advance();
                }
            }
        }
        if !any {
            return Ok(Box::new(EmptyScorer));
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
