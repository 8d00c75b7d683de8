//! The documents of broad tokens, kept between searches.
//!
//! At national scale a few words are in a large share of all goods («для» in 6 M of 16 M,
//! «оборудование» in 0.6 M). Every query with such a token walked and merged the same posting
//! lists again: the AND of «Оборудование для» cost 60 ms. A token whose postings cover at
//! least 1/[`DENSE_SHARE`] of a segment is kept here, per segment, as a bit set built once;
//! an AND then reads one bit per candidate. This is the term-expansion cache of issue 4 §4,
//! in the manner of Lucene's query cache: the query still runs in full, only the doc set of
//! one token is reused.
//!
//! Segments never change their documents (deletes are applied by the collector), so an entry
//! stays right for as long as its segment exists; entries of merged-away segments are dropped
//! at the next commit and the least recently used go first when the memory budget is full.
//!
//! A token is kept at its second use in a segment, not its first: building the bits of a
//! token seen once cost a cold pass over the query mix a third more than walking its lists,
//! and most broad tokens of a one-off query never come back.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::query::Scorer;
use tantivy::{COLLECT_BLOCK_BUFFER_LEN, DocId, DocSet, Score, TERMINATED};

/// A token is dense in a segment when its postings number at least max_doc / `DENSE_SHARE`.
pub const DENSE_SHARE: u32 = 64;

/// Memory for kept doc sets: 256 MB (128 broad tokens at 16 M goods).
const BUDGET_BYTES: usize = 256 << 20;

/// How many (segment, token) first uses are remembered for the admission; the memory is
/// cleared when it is full (a few hundred KB at most).
const SEEN_MAX: usize = 8192;

/// The documents of one token in one segment, as bits.
#[derive(Debug)]
pub struct DenseDocs {
    words: Vec<u64>,
    len: u32,
}

impl DenseDocs {
    pub fn with_max_doc(max_doc: DocId) -> DenseDocs {
        DenseDocs {
            words: vec![0; (max_doc as usize).div_ceil(64)],
            len: 0,
        }
    }

    pub fn insert_all(&mut self, docs: &[DocId]) {
        for &d in docs {
            if let Some(w) = self.words.get_mut((d / 64) as usize) {
                *w |= 1u64 << (d % 64);
            }
        }
    }

    /// The documents in every one of `sets` (of one segment).
    pub fn and(sets: &[&DenseDocs]) -> DenseDocs {
        let Some((first, rest)) = sets.split_first() else {
            return DenseDocs {
                words: Vec::new(),
                len: 0,
            };
        };
        let mut words = first.words.clone();
        for set in rest {
            for (w, other) in words.iter_mut().zip(&set.words) {
                *w &= *other;
            }
            // A shorter set (never, within one segment) has no documents past its end.
            let len = set.words.len().min(words.len());
            words[len..].fill(0);
        }
        let mut docs = DenseDocs { words, len: 0 };
        docs.seal();
        docs
    }

    /// Counts the documents (after the inserts).
    pub fn seal(&mut self) {
        self.len = self.words.iter().map(|w| w.count_ones()).sum();
    }

    fn bytes(&self) -> usize {
        self.words.len() * 8
    }
}

/// Walks a shared [`DenseDocs`]. It is its own scorer (every document scores 1: the
/// collector does not score) so that an AND can recognise it and combine the bits
/// ([`crate::and`]).
impl Scorer for DenseDocSet {
    fn score(&mut self) -> Score {
        1.0
    }
}

/// Walks a shared [`DenseDocs`].
pub struct DenseDocSet {
    docs: Arc<DenseDocs>,
    doc: DocId,
}

impl DenseDocSet {
    pub fn new(docs: Arc<DenseDocs>) -> DenseDocSet {
        let mut set = DenseDocSet { docs, doc: 0 };
        set.doc = set.first_from(0);
        set
    }

    /// The bits it walks.
    pub fn docs(&self) -> &Arc<DenseDocs> {
        &self.docs
    }

    /// The first document at `target` or later.
    fn first_from(&self, target: DocId) -> DocId {
        next_set_bit(&self.docs.words, target).unwrap_or(TERMINATED)
    }
}

/// The first set bit at position `from` or later in `words` (bit i of word w is w·64 + i).
pub fn next_set_bit(words: &[u64], from: u32) -> Option<u32> {
    let mut w = (from / 64) as usize;
    let mut word = words.get(w)? & (!0u64 << (from % 64));
    loop {
        if word != 0 {
            return Some(w as u32 * 64 + word.trailing_zeros());
        }
        w += 1;
        word = *words.get(w)?;
    }
}

impl DocSet for DenseDocSet {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.first_from(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = self.first_from(target);
        }
        self.doc
    }

    /// Bits to documents a word at a time: the collector takes its documents in blocks, and
    /// one `advance` per document was a third of a broad query.
    fn fill_buffer(&mut self, buffer: &mut [DocId; COLLECT_BLOCK_BUFFER_LEN]) -> usize {
        let words = &self.docs.words;
        let mut n = 0;
        let mut doc = self.doc;
        while doc != TERMINATED && n < buffer.len() {
            let w = doc / 64;
            let mut word = words
                .get(w as usize)
                .map_or(0, |x| x & (!0u64 << (doc % 64)));
            while word != 0 && n < buffer.len() {
                buffer[n] = w * 64 + word.trailing_zeros();
                n += 1;
                word &= word - 1;
            }
            doc = if word != 0 {
                w * 64 + word.trailing_zeros()
            } else {
                next_set_bit(words, (w + 1) * 64).unwrap_or(TERMINATED)
            };
        }
        self.doc = doc;
        n
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.docs.len
    }
}

#[derive(Default)]
struct Entries {
    map: HashMap<(SegmentId, Vec<u8>), (Arc<DenseDocs>, u64)>,
    bytes: usize,
    clock: u64,
    /// Broad tokens used once and not yet kept.
    seen: HashSet<(SegmentId, Vec<u8>)>,
}

/// The kept doc sets of one index. Keys are a segment and a token's terms (serialised).
#[derive(Default)]
pub struct DenseCache {
    entries: Mutex<Entries>,
}

impl std::fmt::Debug for DenseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DenseCache")
    }
}

impl DenseCache {
    pub fn get(&self, segment: SegmentId, key: &[u8]) -> Option<Arc<DenseDocs>> {
        let mut e = self.entries.lock().ok()?;
        e.clock += 1;
        let now = e.clock;
        let (docs, used) = e.map.get_mut(&(segment, key.to_vec()))?;
        *used = now;
        Some(Arc::clone(docs))
    }

    /// Whether a broad token should be kept now: true at its second use in the segment.
    pub fn admit(&self, segment: SegmentId, key: &[u8]) -> bool {
        let Ok(mut e) = self.entries.lock() else {
            return false;
        };
        let entry = (segment, key.to_vec());
        if e.seen.remove(&entry) {
            return true;
        }
        if e.seen.len() >= SEEN_MAX {
            e.seen.clear();
        }
        e.seen.insert(entry);
        false
    }

    pub fn put(&self, segment: SegmentId, key: Vec<u8>, docs: Arc<DenseDocs>) {
        let Ok(mut e) = self.entries.lock() else {
            return;
        };
        if docs.bytes() > BUDGET_BYTES {
            return;
        }
        e.clock += 1;
        let now = e.clock;
        e.bytes += docs.bytes();
        if let Some((old, _)) = e.map.insert((segment, key), (docs, now)) {
            e.bytes -= old.bytes();
        }
        while e.bytes > BUDGET_BYTES {
            let Some(oldest) = e
                .map
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((gone, _)) = e.map.remove(&oldest) {
                e.bytes -= gone.bytes();
            }
        }
    }

    /// Drops the entries of segments that are gone (after a commit).
    pub fn retain_segments(&self, live: &[SegmentId]) {
        if let Ok(mut e) = self.entries.lock() {
            let mut freed = 0;
            e.seen.retain(|(s, _)| live.contains(s));
            e.map.retain(|(s, _), (docs, _)| {
                let keep = live.contains(s);
                if !keep {
                    freed += docs.bytes();
                }
                keep
            });
            e.bytes -= freed;
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.map.len())
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_doc_set_walks_and_seeks_its_bits() {
        let mut d = DenseDocs::with_max_doc(1000);
        d.insert_all(&[3, 64, 65, 127, 128, 999]);
        d.seal();
        let mut s = DenseDocSet::new(Arc::new(d));
        assert_eq!(s.size_hint(), 6);
        assert_eq!(s.doc(), 3);
        assert_eq!(s.advance(), 64);
        assert_eq!(s.seek(66), 127);
        assert_eq!(s.seek(127), 127);
        assert_eq!(s.advance(), 128);
        assert_eq!(s.seek(500), 999);
        assert_eq!(s.advance(), TERMINATED);
        assert_eq!(s.advance(), TERMINATED);
        let empty = DenseDocSet::new(Arc::new(DenseDocs::with_max_doc(10)));
        assert_eq!(empty.doc(), TERMINATED);
    }

    /// Blocks of documents as the collector takes them: the same documents as `advance`,
    /// across word boundaries, after a seek, and at the end.
    #[test]
    fn dense_doc_set_fills_blocks_as_it_advances() {
        let max_doc = 20_000;
        let mut d = DenseDocs::with_max_doc(max_doc);
        let docs: Vec<DocId> = (0..max_doc)
            .filter(|i| i % 3 == 0 || (5000..5200).contains(i) || i % 997 == 1)
            .collect();
        d.insert_all(&docs);
        d.seal();
        let d = Arc::new(d);
        for from in [0, 1, 63, 64, 4999, 19_990] {
            let mut set = DenseDocSet::new(Arc::clone(&d));
            set.seek(from);
            let mut got = Vec::new();
            let mut buffer = [0; COLLECT_BLOCK_BUFFER_LEN];
            loop {
                let n = set.fill_buffer(&mut buffer);
                got.extend_from_slice(&buffer[..n]);
                if n < buffer.len() {
                    break;
                }
            }
            let want: Vec<DocId> = docs.iter().copied().filter(|&x| x >= from).collect();
            assert_eq!(got, want, "from {from}");
            assert_eq!(set.doc(), TERMINATED);
        }
    }

    #[test]
    fn cache_keeps_live_segments_within_its_budget() {
        let cache = DenseCache::default();
        let (a, b) = (SegmentId::generate_random(), SegmentId::generate_random());
        let small = Arc::new(DenseDocs::with_max_doc(1000));
        cache.put(a, b"x".to_vec(), Arc::clone(&small));
        cache.put(b, b"x".to_vec(), Arc::clone(&small));
        assert!(cache.get(a, b"x").is_some());
        assert!(cache.get(a, b"y").is_none());
        // A commit merged segment b away.
        cache.retain_segments(&[a]);
        assert!(cache.get(b, b"x").is_none());
        assert_eq!(cache.len(), 1);
        // Three sets of 128 MB do not fit in 256 MB: the least recently used goes.
        let big = || Arc::new(DenseDocs::with_max_doc(1 << 30));
        cache.put(a, b"1".to_vec(), big());
        cache.put(a, b"2".to_vec(), big());
        assert!(cache.get(a, b"1").is_some());
        cache.put(a, b"3".to_vec(), big());
        assert!(cache.get(a, b"2").is_none());
        assert!(cache.get(a, b"1").is_some() && cache.get(a, b"3").is_some());
        assert!(!cache.is_empty());
    }

    #[test]
    fn a_token_is_kept_at_its_second_use() {
        let cache = DenseCache::default();
        let (a, b) = (SegmentId::generate_random(), SegmentId::generate_random());
        assert!(!cache.admit(a, b"x"));
        assert!(
            !cache.admit(b, b"x"),
            "a use in another segment is a first use there"
        );
        assert!(!cache.admit(a, b"y"));
        assert!(cache.admit(a, b"x"));
        assert!(cache.admit(b, b"x"));
        // A commit merged segment a away: what was seen there is forgotten.
        cache.retain_segments(&[b]);
        assert!(!cache.admit(a, b"y"));
        assert!(cache.admit(a, b"y"));
    }
}
