//! Where a segment's documents already come in rank order.
//!
//! Hits are shown in rank order (CAT-116), and every result is counted for the total and the
//! groups (CAT-113), so a broad query at national scale used to read the rank of each of its
//! hundreds of thousands of results and offer it to the top-k heap. Goods are indexed in the
//! order of their ids and their rank is the id, so a segment is a few *runs* of documents
//! whose ranks never decrease (one per flushed segment that a merge put together, plus the
//! re-indexed goods). Once the heap is full and a result of a run ranks at or past the worst
//! kept hit, no later document of that run can enter: the collector stops reading ranks until
//! the run ends, and only counts.
//!
//! Runs are found once per segment, when the engine opens or commits (a scan of the rank
//! column: about 30 ms at 16 M goods), and dropped with their segment.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, TERMINATED};

/// A segment with more runs than max_doc / `MAX_RUN_SHARE` is treated as unordered: its runs
/// are too short to save anything.
const MAX_RUN_SHARE: u32 = 256;

/// The runs of one segment: the first document of each (the first is 0).
#[derive(Debug, PartialEq)]
pub struct RankRuns {
    starts: Vec<DocId>,
}

impl RankRuns {
    /// Scans the rank column of a segment; `None` when its order is too broken to use.
    /// Documents without a rank neither break nor continue a run.
    pub fn of(ranks: &Column<u64>, max_doc: DocId) -> Option<RankRuns> {
        let mut starts = vec![0];
        let limit = (max_doc / MAX_RUN_SHARE).max(16) as usize;
        let mut last: Option<u64> = None;
        let mut docs: Vec<DocId> = Vec::with_capacity(1024);
        let mut vals = vec![None; 1024];
        let mut from = 0;
        while from < max_doc {
            let to = from.saturating_add(1024).min(max_doc);
            docs.clear();
            docs.extend(from..to);
            let vals = &mut vals[..docs.len()];
            vals.fill(None);
            ranks.first_vals(&docs, vals);
            for (&doc, rank) in docs.iter().zip(vals.iter()) {
                let Some(rank) = *rank else { continue };
                if last.is_some_and(|l| rank < l) {
                    starts.push(doc);
                    if starts.len() > limit {
                        return None;
                    }
                }
                last = Some(rank);
            }
            from = to;
        }
        Some(RankRuns { starts })
    }

    /// The first document after the run of `doc` ([`TERMINATED`] for the last run).
    pub fn run_end(&self, doc: DocId) -> DocId {
        let next = self.starts.partition_point(|&s| s <= doc);
        self.starts.get(next).copied().unwrap_or(TERMINATED)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.starts.len()
    }
}

/// The `k` lowest (rank, document) pairs offered, documents offered in increasing order.
///
/// Candidates are gathered up to 2k and then cut to the k lowest by selection (amortised
/// O(1) per offer, as tantivy's `TopNComputer` does); a binary heap paid a sift per
/// replacement, 7 % of a deep page («изделия», page 50 of 100 rows).
#[derive(Debug)]
pub struct TopRanks {
    k: usize,
    kept: Vec<(u64, DocId)>,
    /// The k-th lowest rank at the last cut: nothing at or past it can enter.
    threshold: Option<u64>,
}

impl TopRanks {
    pub fn new(k: usize) -> TopRanks {
        TopRanks {
            k,
            kept: Vec::new(),
            threshold: None,
        }
    }

    /// Whether a rank can no longer enter the top (a later document of the same rank ranks
    /// after every kept one, so equal ranks are refused too).
    pub fn refuses(&self, rank: u64) -> bool {
        self.k == 0 || self.threshold.is_some_and(|t| rank >= t)
    }

    pub fn offer(&mut self, rank: u64, doc: DocId) {
        if self.refuses(rank) {
            return;
        }
        self.kept.push((rank, doc));
        if self.kept.len() >= self.k.saturating_mul(2).max(64) {
            self.cut();
        }
    }

    fn cut(&mut self) {
        if self.kept.len() > self.k {
            self.kept.select_nth_unstable(self.k - 1);
            self.kept.truncate(self.k);
        }
        if self.kept.len() == self.k {
            self.threshold = self.kept.iter().map(|(r, _)| *r).max();
        }
    }

    /// The k lowest, in no particular order.
    pub fn into_vec(mut self) -> Vec<(u64, DocId)> {
        self.cut();
        self.kept
    }
}

/// The runs of the live segments of one index.
#[derive(Default)]
pub struct RankOrder {
    segments: Mutex<HashMap<SegmentId, Option<Arc<RankRuns>>>>,
}

impl std::fmt::Debug for RankOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RankOrder")
    }
}

impl RankOrder {
    /// Finds the runs of segments not seen yet and forgets the segments that are gone.
    pub fn refresh(&self, searcher: &Searcher, rank_field: &str) -> tantivy::Result<()> {
        let known: Vec<SegmentId> = match self.segments.lock() {
            Ok(s) => s.keys().copied().collect(),
            Err(_) => return Ok(()),
        };
        let mut found = HashMap::new();
        for reader in searcher.segment_readers() {
            let id = reader.segment_id();
            if known.contains(&id) {
                continue;
            }
            let ranks: Column<u64> = reader.fast_fields().u64(rank_field)?;
            let runs = RankRuns::of(&ranks, reader.max_doc());
            tracing::debug!(
                segment = %id.short_uuid_string(),
                docs = reader.max_doc(),
                runs = runs.as_ref().map(|r| r.starts.len()),
                "rank runs"
            );
            found.insert(id, runs.map(Arc::new));
        }
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        if let Ok(mut s) = self.segments.lock() {
            s.retain(|id, _| live.contains(id));
            s.extend(found);
        }
        Ok(())
    }

    /// The runs of a segment, when it has usable ones.
    pub fn runs(&self, segment: SegmentId) -> Option<Arc<RankRuns>> {
        self.segments.lock().ok()?.get(&segment)?.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{FAST, Schema};
    use tantivy::{Index, TantivyDocument};

    fn column(ranks: &[Option<u64>]) -> (Column<u64>, DocId) {
        let mut schema = Schema::builder();
        let r = schema.add_u64_field("r", FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for rank in ranks {
            let mut doc = TantivyDocument::default();
            if let Some(rank) = rank {
                doc.add_u64(r, *rank);
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let reader = searcher.segment_reader(0);
        (reader.fast_fields().u64("r").unwrap(), reader.max_doc())
    }

    #[test]
    fn runs_start_where_the_rank_goes_down() {
        // 0..3000 ascending, then 10..20, then 5000.. with gaps and equal ranks.
        let mut ranks: Vec<Option<u64>> = (0..3000).map(Some).collect();
        ranks.extend((10..20).map(Some));
        ranks.extend([Some(15), None, Some(15), Some(5000), None, Some(5001)]);
        let (col, max_doc) = column(&ranks);
        let runs = RankRuns::of(&col, max_doc).unwrap();
        assert_eq!(runs.starts, vec![0, 3000, 3010]);
        assert_eq!(runs.run_end(0), 3000);
        assert_eq!(runs.run_end(2999), 3000);
        assert_eq!(runs.run_end(3000), 3010);
        assert_eq!(runs.run_end(3015), TERMINATED);
    }

    /// The kept pairs are the k lowest by (rank, document) whatever the order of ranks, and
    /// once it refuses a rank, no lower pair was refused.
    #[test]
    fn top_ranks_keeps_the_k_lowest() {
        for k in [0, 1, 5, 64, 100, 1000] {
            let ranks: Vec<u64> = (0..5000u64).map(|i| (i * 7919) % 1201).collect();
            let mut top = TopRanks::new(k);
            for (doc, &r) in ranks.iter().enumerate() {
                top.offer(r, doc as DocId);
            }
            let mut got = top.into_vec();
            got.sort_unstable();
            let mut want: Vec<(u64, DocId)> = ranks
                .iter()
                .enumerate()
                .map(|(d, &r)| (r, d as DocId))
                .collect();
            want.sort_unstable();
            want.truncate(k);
            assert_eq!(got, want, "k = {k}");
        }
    }

    #[test]
    fn a_shuffled_segment_has_no_usable_runs() {
        let ranks: Vec<Option<u64>> = (0..5000u64).map(|i| Some((i * 7919) % 5003)).collect();
        let (col, max_doc) = column(&ranks);
        assert_eq!(RankRuns::of(&col, max_doc), None);
        let sorted: Vec<Option<u64>> = (0..5000u64).map(Some).collect();
        let (col, max_doc) = column(&sorted);
        assert_eq!(RankRuns::of(&col, max_doc).map(|r| r.len()), Some(1));
    }
}
