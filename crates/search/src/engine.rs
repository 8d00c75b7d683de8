//! A search index over tantivy with the query language of spec §4.2: the schema every Tauar
//! index shares (word fields, filter fields, group fields, a facet field, a rank), writing
//! with a change-sequence payload, and searching through the vocabulary.
//!
//! Word fields hold folded words (kernel::text::match_keys) separated by spaces, indexed
//! without frequencies or positions: matching is by vocabulary expansion, not by scoring.
//! Every commit stores the change sequence it reflects as its payload, so after a restart or
//! a crash the owner knows where to resume from the database.

use crate::and::AllOfQuery;
use crate::collect::{FACET_SEP, Plan, Stats, StatsCollector};
use crate::dense::DenseCache;
use crate::order::RankOrder;
use crate::query::ParsedQuery;
use crate::vocab::{FieldMask, Vocabulary};
use crate::words::WordsQuery;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{AllQuery, BooleanQuery, EmptyQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, TERMINATED, TantivyDocument,
    Term,
};

/// Errors of the search engine.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index lock poisoned")]
    Poisoned,
    #[error("unknown field {0}")]
    UnknownField(String),
}

/// The fields of one kind of index.
#[derive(Debug)]
pub struct IndexSpec {
    /// Fields of words; field i is bit i of a [`FieldMask`].
    pub word_fields: &'static [&'static str],
    /// Exact-value filter fields (indexed raw, multi-valued allowed).
    pub term_fields: &'static [&'static str],
    /// Single-valued fast fields that results can be counted by (also indexed raw).
    pub group_fields: &'static [&'static str],
    /// Multi-valued fast field of `name\u{1f}value` attribute pairs.
    pub facet_field: Option<&'static str>,
    /// Unique key of a document (indexed raw, stored): deletes and updates go by it.
    pub key_field: &'static str,
    /// Fast u64 giving the order of results.
    pub rank_field: &'static str,
    /// Stored JSON with what result pages need (optional).
    pub stored_field: Option<&'static str>,
}

/// A document to index.
#[derive(Debug, Clone, Default)]
pub struct IndexDoc {
    pub key: String,
    pub rank: u64,
    /// (word field index, words) — words already folded.
    pub words: Vec<(usize, Vec<String>)>,
    /// (term field index, value).
    pub terms: Vec<(usize, String)>,
    /// (group field index, value).
    pub groups: Vec<(usize, String)>,
    /// (attribute name, value).
    pub facets: Vec<(String, String)>,
    pub stored: Option<String>,
}

/// A search request in index terms.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: Option<ParsedQuery>,
    /// The word fields searched (name only, general, with КПВЭД …).
    pub word_mask: FieldMask,
    /// (term field index, value): all must hold.
    pub filters: Vec<(usize, String)>,
    /// (term field index, values): at least one of the values must hold.
    pub any_of: Vec<(usize, Vec<String>)>,
    /// (group field index, value): all must hold (narrowing a hierarchy level).
    pub group_filters: Vec<(usize, String)>,
    /// Group field to count by, and the chosen group.
    pub group_by: Option<usize>,
    pub group: Option<String>,
    pub attrs: Vec<(String, Vec<String>)>,
    pub want_facets: bool,
    pub offset: usize,
    pub limit: usize,
}

/// A word matched by a fuzzy token (CAT-110), with a document that holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub token: String,
    pub word: String,
    pub distance: u8,
    pub example: DocAddress,
}

/// The result of a search.
#[derive(Debug, Default, Clone)]
pub struct Response {
    pub total: u64,
    /// (rank, document) of the requested page.
    pub hits: Vec<(u64, DocAddress)>,
    pub groups: Vec<(String, u64)>,
    pub facets: Vec<((String, String), u64)>,
    pub suggestions: Vec<Suggestion>,
}

struct Fields {
    words: Vec<Field>,
    terms: Vec<Field>,
    groups: Vec<Field>,
    facet: Option<Field>,
    key: Field,
    rank: Field,
    stored: Option<Field>,
}

/// The queries of a request's tokens (see [`Engine::token_queries`]).
struct TokenQueries {
    queries: Vec<Box<dyn Query>>,
    /// (token index, token key, its fuzzy matches) of each fuzzily matched token.
    fuzzy: Vec<(usize, String, Vec<crate::vocab::FuzzyMatch>)>,
}

/// How a token was matched.
enum TokenMatch {
    /// Words containing the token (CAT-106).
    Exact(Vec<u32>),
    /// Words within the typo budget (CAT-109), with distances.
    Fuzzy(Vec<crate::vocab::FuzzyMatch>),
}

/// One tantivy index with its vocabulary.
pub struct Engine {
    spec: &'static IndexSpec,
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    writer_memory: usize,
    writer_threads: usize,
    fields: Fields,
    vocab: RwLock<Arc<Vocabulary>>,
    /// The unfiltered listing (no words, no filters) of the current commit: every document
    /// counts, so at national scale it is the one request that reads all fast fields; it only
    /// changes with a commit. (group field, depth of the kept top) → result.
    browse: Mutex<Option<(Option<usize>, Stats)>>,
    /// The doc sets of broad tokens, kept between searches.
    dense: Arc<DenseCache>,
    /// Where each segment's documents come in rank order.
    order: Arc<RankOrder>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("docs", &self.num_docs())
            .finish()
    }
}

const WS: &str = "ws";

/// Rows of the unfiltered listing kept in the cache (its first pages).
const BROWSE_DEPTH: usize = 1000;

fn build_schema(spec: &IndexSpec) -> Schema {
    let mut b = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(WS)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let raw = TextFieldIndexing::default()
        .set_tokenizer("raw")
        .set_index_option(IndexRecordOption::Basic)
        .set_fieldnorms(false);
    for f in spec.word_fields {
        b.add_text_field(f, words.clone());
    }
    for f in spec.term_fields {
        b.add_text_field(f, TextOptions::default().set_indexing_options(raw.clone()));
    }
    for f in spec.group_fields {
        b.add_text_field(
            f,
            TextOptions::default()
                .set_indexing_options(raw.clone())
                .set_fast("raw"),
        );
    }
    if let Some(f) = spec.facet_field {
        b.add_text_field(f, TextOptions::default().set_fast("raw"));
    }
    b.add_text_field(
        spec.key_field,
        TextOptions::default()
            .set_indexing_options(raw)
            .set_stored(),
    );
    b.add_u64_field(spec.rank_field, NumericOptions::default().set_fast());
    if let Some(f) = spec.stored_field {
        b.add_text_field(f, STORED);
    }
    b.build()
}

impl Engine {
    /// Opens the index in `dir`, creating it when absent. An index with another schema (an
    /// older Tauar) is derived data: it is wiped and rebuilt by the owner from the database.
    pub fn open(
        dir: &Path,
        spec: &'static IndexSpec,
        writer_memory: usize,
    ) -> Result<Engine, SearchError> {
        std::fs::create_dir_all(dir)?;
        let schema = build_schema(spec);
        let index = match Index::open_in_dir(dir) {
            Ok(idx) if idx.schema() == schema => idx,
            Ok(_) | Err(_) => {
                if dir.exists() {
                    for entry in std::fs::read_dir(dir)? {
                        let p = entry?.path();
                        if p.is_dir() {
                            std::fs::remove_dir_all(&p)?;
                        } else {
                            std::fs::remove_file(&p)?;
                        }
                    }
                }
                Index::create_in_dir(dir, schema.clone())?
            }
        };
        Engine::with_index(index, spec, writer_memory)
    }

    /// An index in memory (tests).
    pub fn in_ram(spec: &'static IndexSpec) -> Result<Engine, SearchError> {
        Engine::with_index(Index::create_in_ram(build_schema(spec)), spec, 50_000_000)
    }

    fn with_index(
        index: Index,
        spec: &'static IndexSpec,
        writer_memory: usize,
    ) -> Result<Engine, SearchError> {
        index
            .tokenizers()
            .register(WS, TextAnalyzer::from(WhitespaceTokenizer::default()));
        let schema = index.schema();
        let field = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| SearchError::UnknownField(name.to_string()))
        };
        let fields = Fields {
            words: spec
                .word_fields
                .iter()
                .map(|f| field(f))
                .collect::<Result<_, _>>()?,
            terms: spec
                .term_fields
                .iter()
                .map(|f| field(f))
                .collect::<Result<_, _>>()?,
            groups: spec
                .group_fields
                .iter()
                .map(|f| field(f))
                .collect::<Result<_, _>>()?,
            facet: spec.facet_field.map(field).transpose()?,
            key: field(spec.key_field)?,
            rank: field(spec.rank_field)?,
            stored: spec.stored_field.map(field).transpose()?,
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let engine = Engine {
            spec,
            index,
            reader,
            writer: Mutex::new(None),
            writer_memory: writer_memory.max(15_000_000),
            // One indexing thread per 64 MB of budget, at most the cores there are (max 4).
            writer_threads: (writer_memory / 64_000_000).clamp(
                1,
                std::thread::available_parallelism()
                    .map_or(1, |n| n.get())
                    .min(4),
            ),
            fields,
            vocab: RwLock::new(Arc::new(Vocabulary::empty())),
            browse: Mutex::new(None),
            dense: Arc::new(DenseCache::default()),
            order: Arc::new(RankOrder::default()),
        };
        engine
            .order
            .refresh(&engine.reader.searcher(), engine.spec.rank_field)?;
        engine.rebuild_vocabulary()?;
        Ok(engine)
    }

    /// The change sequence of the last commit (0 for a new index).
    pub fn committed_seq(&self) -> i64 {
        self.index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn vocabulary(&self) -> Arc<Vocabulary> {
        match self.vocab.read() {
            Ok(v) => Arc::clone(&v),
            Err(p) => Arc::clone(&p.into_inner()),
        }
    }

    fn with_writer<T>(
        &self,
        f: impl FnOnce(&mut IndexWriter) -> Result<T, SearchError>,
    ) -> Result<T, SearchError> {
        let mut guard = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        if guard.is_none() {
            *guard = Some(
                self.index
                    .writer_with_num_threads(self.writer_threads, self.writer_memory)?,
            );
        }
        match guard.as_mut() {
            Some(w) => f(w),
            None => Err(SearchError::Poisoned),
        }
    }

    fn to_document(&self, d: &IndexDoc) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.fields.key, &d.key);
        doc.add_u64(self.fields.rank, d.rank);
        for (i, words) in &d.words {
            if let Some(&f) = self.fields.words.get(*i)
                && !words.is_empty()
            {
                doc.add_text(f, words.join(" "));
            }
        }
        for (i, v) in &d.terms {
            if let Some(&f) = self.fields.terms.get(*i) {
                doc.add_text(f, v);
            }
        }
        for (i, v) in &d.groups {
            if let Some(&f) = self.fields.groups.get(*i) {
                doc.add_text(f, v);
            }
        }
        if let Some(f) = self.fields.facet {
            for (n, v) in &d.facets {
                doc.add_text(f, format!("{n}{FACET_SEP}{v}"));
            }
        }
        if let (Some(f), Some(s)) = (self.fields.stored, &d.stored) {
            doc.add_text(f, s);
        }
        doc
    }

    /// Adds documents (replacing documents with the same key when `replace`).
    pub fn add(&self, docs: &[IndexDoc], replace: bool) -> Result<(), SearchError> {
        self.with_writer(|w| {
            for d in docs {
                if replace {
                    w.delete_term(Term::from_field_text(self.fields.key, &d.key));
                }
                w.add_document(self.to_document(d))?;
            }
            Ok(())
        })
    }

    /// Removes the document with this key.
    pub fn delete(&self, key: &str) -> Result<(), SearchError> {
        self.with_writer(|w| {
            w.delete_term(Term::from_field_text(self.fields.key, key));
            Ok(())
        })
    }

    /// Removes every document (for a full rebuild; visible only after the next commit).
    pub fn delete_all(&self) -> Result<(), SearchError> {
        self.with_writer(|w| {
            w.delete_all_documents()?;
            Ok(())
        })
    }

    /// Commits what was written, recording `seq`; then reloads readers and the vocabulary.
    pub fn commit(&self, seq: i64) -> Result<(), SearchError> {
        self.with_writer(|w| {
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(&seq.to_string());
            prepared.commit()?;
            Ok(())
        })?;
        self.reader.reload()?;
        if let Ok(mut b) = self.browse.lock() {
            *b = None;
        }
        let live: Vec<tantivy::index::SegmentId> = self
            .reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        self.dense.retain_segments(&live);
        self.order
            .refresh(&self.reader.searcher(), self.spec.rank_field)?;
        self.rebuild_vocabulary()
    }

    /// Waits for background merges and releases the writer (before shutdown).
    pub fn close_writer(&self) -> Result<(), SearchError> {
        let mut guard = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        if let Some(w) = guard.take() {
            w.wait_merging_threads()?;
        }
        Ok(())
    }

    /// Rebuilds the vocabulary from the term dictionaries of the word fields.
    pub fn rebuild_vocabulary(&self) -> Result<(), SearchError> {
        let searcher = self.reader.searcher();
        let mut words: Vec<(String, FieldMask)> = Vec::new();
        for seg in searcher.segment_readers() {
            for (bit, &field) in self.fields.words.iter().enumerate() {
                let inv = seg.inverted_index(field)?;
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    if let Ok(w) = std::str::from_utf8(stream.key()) {
                        words.push((w.to_string(), 1 << bit));
                    }
                }
            }
        }
        let vocab = Arc::new(Vocabulary::build(words.into_iter()));
        match self.vocab.write() {
            Ok(mut v) => *v = vocab,
            Err(p) => *p.into_inner() = vocab,
        }
        Ok(())
    }

    /// The stored JSON of a document.
    pub fn stored(&self, addr: DocAddress) -> Result<Option<String>, SearchError> {
        let Some(f) = self.fields.stored else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.reader.searcher().doc(addr)?;
        Ok(doc
            .get_first(f)
            .and_then(|v| v.as_str())
            .map(str::to_string))
    }

    /// The key of a document.
    pub fn key(&self, addr: DocAddress) -> Result<Option<String>, SearchError> {
        let doc: TantivyDocument = self.reader.searcher().doc(addr)?;
        Ok(doc
            .get_first(self.fields.key)
            .and_then(|v| v.as_str())
            .map(str::to_string))
    }

    fn match_token(
        &self,
        vocab: &Vocabulary,
        key: &str,
        budget: Option<u8>,
        mask: FieldMask,
    ) -> TokenMatch {
        let exact = vocab.containing(key, mask);
        if !exact.is_empty() {
            return TokenMatch::Exact(exact);
        }
        match budget {
            Some(k) => TokenMatch::Fuzzy(vocab.fuzzy(key, k, mask)),
            None => TokenMatch::Exact(Vec::new()),
        }
    }

    /// The query for one token: any of its words, in any searched field that holds it.
    fn token_query(
        &self,
        vocab: &Vocabulary,
        ids: impl Iterator<Item = u32>,
        mask: FieldMask,
    ) -> Box<dyn Query> {
        let mut terms = Vec::new();
        for id in ids {
            let m = vocab.mask(id) & mask;
            for (bit, &field) in self.fields.words.iter().enumerate() {
                if m & (1 << bit) != 0 {
                    terms.push(Term::from_field_text(field, vocab.word(id)));
                }
            }
        }
        if terms.is_empty() {
            Box::new(EmptyQuery)
        } else {
            Box::new(WordsQuery::new(terms).cached(Arc::clone(&self.dense)))
        }
    }

    fn filter_clauses(&self, req: &Request) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, v) in &req.filters {
            if let Some(&f) = self.fields.terms.get(*i) {
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f, v),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
        }
        for (i, v) in &req.group_filters {
            if let Some(&f) = self.fields.groups.get(*i) {
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f, v),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
        }
        for (i, values) in &req.any_of {
            if let Some(&f) = self.fields.terms.get(*i) {
                let terms: Vec<Term> = values.iter().map(|v| Term::from_field_text(f, v)).collect();
                clauses.push((Occur::Must, Box::new(WordsQuery::new(terms))));
            }
        }
        clauses
    }

    /// The query of each token of the request (CAT-106, CAT-109), with the fuzzy matches kept
    /// for the suggestions (CAT-110); `None` when a token matches no word at all.
    fn token_queries(&self, vocab: &Vocabulary, req: &Request) -> Option<TokenQueries> {
        let mut out = TokenQueries {
            queries: Vec::new(),
            fuzzy: Vec::new(),
        };
        let Some(q) = &req.query else {
            return Some(out);
        };
        for (ti, t) in q.tokens.iter().enumerate() {
            let query = match self.match_token(vocab, &t.key, t.typo_budget, req.word_mask) {
                TokenMatch::Exact(ids) if ids.is_empty() => return None,
                TokenMatch::Exact(ids) => self.token_query(vocab, ids.into_iter(), req.word_mask),
                TokenMatch::Fuzzy(matches) if matches.is_empty() => return None,
                TokenMatch::Fuzzy(matches) => {
                    let q = self.token_query(vocab, matches.iter().map(|m| m.word), req.word_mask);
                    out.fuzzy.push((ti, t.key.clone(), matches));
                    q
                }
            };
            out.queries.push(query);
        }
        Some(out)
    }

    /// Runs a search (CAT-103 … CAT-117).
    pub fn search(&self, req: &Request) -> Result<Response, SearchError> {
        let vocab = self.vocabulary();
        let searcher = self.reader.searcher();
        let mut clauses = self.filter_clauses(req);
        let Some(TokenQueries {
            queries: token_queries,
            fuzzy,
        }) = self.token_queries(&vocab, req)
        else {
            return Ok(Response::default());
        };
        for q in &token_queries {
            clauses.push((Occur::Must, q.box_clone()));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else if clauses.iter().all(|(o, _)| *o == Occur::Must) {
            Box::new(AllOfQuery::new(
                clauses.into_iter().map(|(_, q)| q).collect(),
            ))
        } else {
            Box::new(BooleanQuery::new(clauses))
        };

        let plan = Plan {
            group_field: req
                .group_by
                .and_then(|i| self.spec.group_fields.get(i))
                .map(|s| s.to_string()),
            group: req.group.clone(),
            facet_field: self.spec.facet_field.map(str::to_string),
            attrs: req.attrs.clone(),
            want_facets: req.want_facets,
            rank_field: self.spec.rank_field.to_string(),
            top: req.offset + req.limit,
            keep_docs: !fuzzy.is_empty(),
            order: Some(Arc::clone(&self.order)),
        };
        let unfiltered = req.query.is_none()
            && req.filters.is_empty()
            && req.any_of.is_empty()
            && req.group_filters.is_empty()
            && req.attrs.is_empty()
            && req.group.is_none()
            && !req.want_facets;
        let stats: Stats = if unfiltered && plan.top <= BROWSE_DEPTH {
            self.browse_stats(plan, &searcher, query.as_ref())?
        } else {
            searcher.search(query.as_ref(), &StatsCollector { plan })?
        };
        let hits = stats
            .top
            .into_iter()
            .skip(req.offset)
            .take(req.limit)
            .collect();
        let docs = stats.docs;
        let mut response = Response {
            total: stats.total,
            hits,
            groups: stats.groups,
            facets: stats.facets,
            suggestions: Vec::new(),
        };
        if !fuzzy.is_empty() && response.total > 0 {
            response.suggestions =
                self.suggestions(req, &vocab, &fuzzy, &token_queries, docs.as_deref())?;
        }
        Ok(response)
    }

    fn browse_stats(
        &self,
        mut plan: Plan,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
    ) -> Result<Stats, SearchError> {
        let key = plan
            .group_field
            .as_ref()
            .and_then(|g| self.spec.group_fields.iter().position(|f| f == g));
        if let Ok(cache) = self.browse.lock()
            && let Some((k, stats)) = cache.as_ref()
            && *k == key
        {
            return Ok(stats.clone());
        }
        plan.top = BROWSE_DEPTH;
        let stats = searcher.search(query, &StatsCollector { plan })?;
        if let Ok(mut cache) = self.browse.lock() {
            *cache = Some((key, stats.clone()));
        }
        Ok(stats)
    }

    /// CAT-110: the fuzzily matched words that occur in at least one result, by distance then
    /// alphabetically, at most 10, each with a document that holds it. `results` are the
    /// result's documents when the search kept them: each word's postings are then looked up
    /// among them; otherwise (a huge result) each word runs the query narrowed to it.
    fn suggestions(
        &self,
        req: &Request,
        vocab: &Vocabulary,
        fuzzy: &[(usize, String, Vec<crate::vocab::FuzzyMatch>)],
        token_queries: &[Box<dyn Query>],
        results: Option<&[(tantivy::SegmentOrdinal, Vec<tantivy::DocId>)]>,
    ) -> Result<Vec<Suggestion>, SearchError> {
        const MAX_SUGGESTIONS: usize = 10;
        const MAX_CHECKS: usize = 60;
        let mut candidates: Vec<(u8, &str, usize, &str, u32)> = Vec::new();
        for (ti, token, matches) in fuzzy {
            for m in matches {
                candidates.push((m.distance, vocab.word(m.word), *ti, token.as_str(), m.word));
            }
        }
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        candidates.dedup_by(|a, b| a.1 == b.1);
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for (distance, word, ti, token, id) in candidates.into_iter().take(MAX_CHECKS) {
            if out.len() >= MAX_SUGGESTIONS {
                break;
            }
            if let Some(results) = results {
                if let Some(addr) =
                    self.word_in_results(&searcher, vocab, id, req.word_mask, results)?
                {
                    out.push(Suggestion {
                        token: token.to_string(),
                        word: word.to_string(),
                        distance,
                        example: addr,
                    });
                }
                continue;
            }
            // The request with this token narrowed to the one word; the other tokens keep the
            // queries the search built.
            let mut clauses = self.filter_clauses(req);
            for (i, tq) in token_queries.iter().enumerate() {
                let q = if i == ti {
                    self.token_query(vocab, std::iter::once(id), req.word_mask)
                } else {
                    tq.box_clone()
                };
                clauses.push((Occur::Must, q));
            }
            let plan = Plan {
                group_field: None,
                group: None,
                facet_field: self.spec.facet_field.map(str::to_string),
                attrs: req.attrs.clone(),
                want_facets: false,
                rank_field: self.spec.rank_field.to_string(),
                top: 1,
                keep_docs: false,
                order: Some(Arc::clone(&self.order)),
            };
            let query = BooleanQuery::new(clauses);
            if let Some(addr) = first_match(&searcher, &query, plan)? {
                out.push(Suggestion {
                    token: token.to_string(),
                    word: word.to_string(),
                    distance,
                    example: addr,
                });
            }
        }
        Ok(out)
    }
}

impl Engine {
    /// The first of the result's documents that holds word `id` in a searched field.
    fn word_in_results(
        &self,
        searcher: &tantivy::Searcher,
        vocab: &Vocabulary,
        id: u32,
        mask: FieldMask,
        results: &[(tantivy::SegmentOrdinal, Vec<tantivy::DocId>)],
    ) -> Result<Option<DocAddress>, SearchError> {
        let m = vocab.mask(id) & mask;
        for (ord, docs) in results {
            let reader = searcher.segment_reader(*ord);
            for (bit, &field) in self.fields.words.iter().enumerate() {
                if m & (1 << bit) == 0 {
                    continue;
                }
                let term = Term::from_field_text(field, vocab.word(id));
                let inverted = reader.inverted_index(field)?;
                if let Some(mut postings) =
                    inverted.read_postings(&term, IndexRecordOption::Basic)?
                    && let Some(doc) = first_common(&mut postings, docs)
                {
                    return Ok(Some(DocAddress::new(*ord, doc)));
                }
            }
        }
        Ok(None)
    }
}

/// The first document both in `postings` and in the sorted `docs`: each side jumps to the
/// other's current document (skip data on the postings, a binary search on the documents).
fn first_common(postings: &mut impl DocSet, docs: &[tantivy::DocId]) -> Option<tantivy::DocId> {
    let mut rest = docs;
    let mut p = postings.doc();
    while p != TERMINATED {
        rest = &rest[rest.partition_point(|&d| d < p)..];
        let &r = rest.first()?;
        if r == p {
            return Some(p);
        }
        p = postings.seek(r);
    }
    None
}

/// The first live document (in index order) that matches `query` and passes `plan`'s
/// attribute selections. A suggestion check needs one such document, not the whole result:
/// counting it all cost one full pass per fuzzy candidate (up to 60 per typo query).
fn first_match(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    plan: Plan,
) -> Result<Option<DocAddress>, SearchError> {
    let collector = StatsCollector { plan };
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let ord = ord as u32;
        let mut seg = collector.for_segment(ord, reader)?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                seg.collect(doc, 0.0);
                if seg.matched() {
                    return Ok(Some(DocAddress::new(ord, doc)));
                }
            }
            doc = scorer.advance();
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    static SPEC: IndexSpec = IndexSpec {
        word_fields: &["w", "x"],
        term_fields: &[],
        group_fields: &["g"],
        facet_field: None,
        key_field: "k",
        rank_field: "r",
        stored_field: None,
    };

    fn doc(i: u64, words: &str, other: &str) -> IndexDoc {
        IndexDoc {
            key: i.to_string(),
            rank: i,
            words: vec![
                (0, words.split(' ').map(str::to_string).collect()),
                (1, other.split(' ').map(str::to_string).collect()),
            ],
            groups: vec![(0, format!("g{}", i % 3))],
            ..IndexDoc::default()
        }
    }

    /// CAT-106, CAT-113: broad tokens answer alike at their first use (walked lists), their
    /// second (bits built and kept) and later (kept bits), across segments and with a group
    /// chosen.
    #[test]
    fn kept_broad_tokens_answer_as_the_unions_do() {
        let engine = Engine::in_ram(&SPEC).unwrap();
        let words = |i: u64| match i % 4 {
            0 => "труба для воды",
            1 => "трубка для газа",
            2 => "кабель медный",
            _ => "трубопровод для нефти",
        };
        for (seq, batch) in [(1, 0..400u64), (2, 400..700)] {
            let docs: Vec<IndexDoc> = batch.map(|i| doc(i, words(i), "прочее")).collect();
            engine.add(&docs, false).unwrap();
            engine.commit(seq).unwrap();
        }
        assert!(engine.reader.searcher().segment_readers().len() > 1);
        for (q, group, expected) in [
            ("для", None, (0..700).filter(|i| i % 4 != 2).count()),
            ("труб для", None, (0..700).filter(|i| i % 4 != 2).count()),
            ("для газа", None, (0..700).filter(|i| i % 4 == 1).count()),
            (
                "для",
                Some("g1"),
                (0..700).filter(|i| i % 4 != 2 && i % 3 == 1).count(),
            ),
        ] {
            let req = Request {
                query: Some(parse(q).unwrap()),
                word_mask: 0b11,
                group_by: Some(0),
                group: group.map(str::to_string),
                limit: 7,
                ..Request::default()
            };
            let uses: Vec<Response> = (0..3).map(|_| engine.search(&req).unwrap()).collect();
            assert_eq!(uses[0].total, expected as u64, "{q}");
            for later in &uses[1..] {
                assert_eq!(later.total, uses[0].total, "{q}");
                assert_eq!(later.hits, uses[0].hits, "{q}");
                assert_eq!(later.groups, uses[0].groups, "{q}");
            }
        }
        assert!(!engine.dense.is_empty(), "the broad tokens were kept");
    }

    /// CAT-110: the suggestions found among the kept result documents are the ones the
    /// narrowed queries find (the path taken when a result is too large to keep).
    #[test]
    fn cat_110_suggestions_from_kept_results_match_the_narrowed_queries() {
        let engine = Engine::in_ram(&SPEC).unwrap();
        let mut docs = Vec::new();
        for i in 0..300u64 {
            let (a, b) = match i % 5 {
                0 => ("труба стальная", "молоко"),
                1 => ("трубы стальные", "сталь"),
                2 => ("труда стальной", "молока"),
                3 => ("трубка медная", "медь"),
                _ => ("тумба стальная", "мебель"),
            };
            docs.push(doc(i, a, b));
        }
        engine.add(&docs, false).unwrap();
        engine.commit(1).unwrap();
        for (q, mask, group) in [
            ("трбуа стал", 0b11, None),
            ("трбуа стал", 0b01, None),
            ("трбуа стал", 0b11, Some("g1")),
            ("молако", 0b11, None),
            ("трбуа медная", 0b11, None),
        ] {
            let req = Request {
                query: Some(parse(q).unwrap()),
                word_mask: mask,
                group_by: Some(0),
                group: group.map(str::to_string),
                limit: 5,
                ..Request::default()
            };
            let kept = engine.search(&req).unwrap();
            assert!(!kept.suggestions.is_empty(), "{q}");
            // The same request through the narrowed queries (the path of huge results).
            let vocab = engine.vocabulary();
            let tq = engine.token_queries(&vocab, &req).unwrap();
            let narrowed = engine
                .suggestions(&req, &vocab, &tq.fuzzy, &tq.queries, None)
                .unwrap();
            let words =
                |s: &[Suggestion]| -> Vec<String> { s.iter().map(|s| s.word.clone()).collect() };
            if group.is_none() {
                assert_eq!(words(&kept.suggestions), words(&narrowed), "{q} {mask}");
            } else {
                // The chosen group's results are a subset: so are their words.
                for w in words(&kept.suggestions) {
                    assert!(words(&narrowed).contains(&w), "{q}: {w}");
                }
            }
            // Every example holds its word in a searched field.
            for s in &kept.suggestions {
                let key = engine.key(s.example).unwrap().unwrap();
                let d = &docs[key.parse::<usize>().unwrap()];
                assert!(
                    d.words
                        .iter()
                        .any(|(f, w)| mask & (1 << f) != 0 && w.contains(&s.word)),
                    "{q}: {} not in {key}",
                    s.word
                );
            }
        }
    }
}
