//! The vocabulary of an index: every distinct (folded) word of its word fields, with the set
//! of fields it occurs in. It answers the two questions of CAT-106 and CAT-109 without touching
//! the documents:
//!
//! * which words contain a token as a substring (a trigram index over the words), and
//! * which words are within the typo budget of a token, either as a whole word or by their
//!   prefix of the token's length (a Levenshtein automaton walked over an FST of the words).
//!
//! The vocabulary is derived from the index's term dictionaries after every reload, so it can
//! never disagree with what the index holds.

use fst::raw::{Fst, Node};
use kernel::text::osa_distance;
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A set of word fields as bits (bit i = the i-th word field of the index).
pub type FieldMask = u16;

/// Most words one fuzzy token may expand to; past this the expansion stops (a token so vague
/// that thousands of words are "one typo away" is not a useful query).
pub const MAX_FUZZY_WORDS: usize = 2_000;

/// A word of the vocabulary matched fuzzily, with its distance to the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzyMatch {
    pub word: u32,
    pub distance: u8,
}

/// The vocabulary.
pub struct Vocabulary {
    /// All words, concatenated; word i is `text[offsets[i]..offsets[i + 1]]`, sorted by bytes.
    text: String,
    offsets: Vec<u32>,
    masks: Vec<FieldMask>,
    /// Word → its number, for the automaton walk.
    fst: Fst<Vec<u8>>,
    /// Trigram (three chars packed into a u64) → numbers of the words containing it.
    trigrams: HashMap<u64, Vec<u32>>,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vocabulary({} words)", self.len())
    }
}

fn pack(a: char, b: char, c: char) -> u64 {
    ((a as u64) << 42) | ((b as u64) << 21) | c as u64
}

fn builders() -> &'static [LevenshteinAutomatonBuilder; 2] {
    static B: OnceLock<[LevenshteinAutomatonBuilder; 2]> = OnceLock::new();
    B.get_or_init(|| {
        [
            LevenshteinAutomatonBuilder::new(1, true),
            LevenshteinAutomatonBuilder::new(2, true),
        ]
    })
}

impl Vocabulary {
    pub fn empty() -> Vocabulary {
        Vocabulary::build(std::iter::empty())
    }

    /// Builds the vocabulary from (word, mask) pairs in any order; masks of equal words merge.
    pub fn build(words: impl Iterator<Item = (String, FieldMask)>) -> Vocabulary {
        let mut merged: HashMap<String, FieldMask> = HashMap::new();
        for (w, m) in words {
            if !w.is_empty() {
                *merged.entry(w).or_insert(0) |= m;
            }
        }
        let mut sorted: Vec<(String, FieldMask)> = merged.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));

        let mut text = String::with_capacity(sorted.iter().map(|(w, _)| w.len()).sum());
        let mut offsets = Vec::with_capacity(sorted.len() + 1);
        let mut masks = Vec::with_capacity(sorted.len());
        let mut trigrams: HashMap<u64, Vec<u32>> = HashMap::new();
        offsets.push(0u32);
        for (i, (w, m)) in sorted.iter().enumerate() {
            text.push_str(w);
            offsets.push(text.len() as u32);
            masks.push(*m);
            let chars: Vec<char> = w.chars().collect();
            let mut seen: Vec<u64> = Vec::new();
            for win in chars.windows(3) {
                let key = pack(win[0], win[1], win[2]);
                if !seen.contains(&key) {
                    seen.push(key);
                    trigrams.entry(key).or_default().push(i as u32);
                }
            }
        }
        // Keys are sorted and unique, so building cannot fail; an empty FST is the fallback.
        let fst = Fst::from_iter_map(
            sorted
                .iter()
                .enumerate()
                .map(|(i, (w, _))| (w.as_bytes(), i as u64)),
        )
        .or_else(|_| Fst::from_iter_map(std::iter::empty::<(&[u8], u64)>()))
        .unwrap_or_else(|_| unreachable_empty_fst());
        Vocabulary {
            text,
            offsets,
            masks,
            fst,
            trigrams,
        }
    }

    pub fn len(&self) -> usize {
        self.masks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.masks.is_empty()
    }

    /// The word with this number.
    pub fn word(&self, id: u32) -> &str {
        let i = id as usize;
        &self.text[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    pub fn mask(&self, id: u32) -> FieldMask {
        self.masks[id as usize]
    }

    /// Approximate heap size in bytes (for metrics).
    pub fn heap_bytes(&self) -> usize {
        self.text.len()
            + self.offsets.len() * 4
            + self.masks.len() * 2
            + self.fst.as_bytes().len()
            + self
                .trigrams
                .values()
                .map(|v| v.len() * 4 + 32)
                .sum::<usize>()
    }

    /// CAT-106: the words (in `mask`'s fields) that contain `token` as a substring. `token` has
    /// at least 3 characters (CAT-105).
    pub fn containing(&self, token: &str, mask: FieldMask) -> Vec<u32> {
        let chars: Vec<char> = token.chars().collect();
        if chars.len() < 3 {
            return Vec::new();
        }
        // The rarest trigram of the token bounds the candidates; every candidate is checked.
        let mut rarest: Option<&Vec<u32>> = None;
        for win in chars.windows(3) {
            match self.trigrams.get(&pack(win[0], win[1], win[2])) {
                None => return Vec::new(),
                Some(list) => {
                    if rarest.is_none_or(|r| list.len() < r.len()) {
                        rarest = Some(list);
                    }
                }
            }
        }
        let Some(candidates) = rarest else {
            return Vec::new();
        };
        candidates
            .iter()
            .copied()
            .filter(|&id| {
                self.mask(id) & mask != 0 && (chars.len() == 3 || self.word(id).contains(token))
            })
            .collect()
    }

    /// CAT-109 (3): the words `w` (in `mask`'s fields) with `DL(t, w) ≤ k` or
    /// `DL(t, prefix(w, len(t))) ≤ k`, with their distance (the smaller of the two), at most
    /// [`MAX_FUZZY_WORDS`]. `k` is 1 or 2.
    pub fn fuzzy(&self, token: &str, k: u8, mask: FieldMask) -> Vec<FuzzyMatch> {
        let k = k.clamp(1, 2);
        let dfa = builders()[(k - 1) as usize].build_dfa(token);
        let len = token.chars().count();
        let mut out: Vec<FuzzyMatch> = Vec::new();
        // Depth-first walk: (node, automaton state, characters completed, word number so far,
        // continuation bytes still expected for the current character).
        let mut stack: Vec<(Node<'_>, u32, usize, u64, u8)> =
            vec![(self.fst.root(), dfa.initial_state(), 0, 0, 0)];
        while let Some((node, state, depth, output, pending)) = stack.pop() {
            if out.len() >= MAX_FUZZY_WORDS {
                break;
            }
            if pending == 0
                && depth == len
                && let Distance::Exact(_) = dfa.distance(state)
            {
                // The prefix rule holds: every word below this node matches.
                self.collect_below(node, output, token, k, mask, &mut out);
                continue;
            }
            if pending == 0
                && node.is_final()
                && let Distance::Exact(d) = dfa.distance(state)
            {
                let id = (output + node.final_output().value()) as u32;
                if self.mask(id) & mask != 0 && d <= k {
                    self.push_checked(id, token, k, &mut out);
                }
            }
            if depth > len + k as usize {
                continue;
            }
            for t in node.transitions() {
                let next = dfa.transition(state, t.inp);
                if next == SINK_STATE {
                    continue;
                }
                let b = t.inp;
                let (next_pending, completes) = if b < 0x80 {
                    (0, true)
                } else if b & 0xC0 == 0x80 {
                    let p = pending.saturating_sub(1);
                    (p, p == 0)
                } else if b & 0xE0 == 0xC0 {
                    (1, false)
                } else if b & 0xF0 == 0xE0 {
                    (2, false)
                } else {
                    (3, false)
                };
                let d = if completes { depth + 1 } else { depth };
                stack.push((
                    self.fst.node(t.addr),
                    next,
                    d,
                    output + t.out.value(),
                    next_pending,
                ));
            }
        }
        out.sort_by(|a, b| {
            a.distance
                .cmp(&b.distance)
                .then_with(|| self.word(a.word).cmp(self.word(b.word)))
        });
        out.dedup_by_key(|m| m.word);
        out
    }

    fn collect_below(
        &self,
        node: Node<'_>,
        output: u64,
        token: &str,
        k: u8,
        mask: FieldMask,
        out: &mut Vec<FuzzyMatch>,
    ) {
        let mut stack = vec![(node, output)];
        while let Some((n, o)) = stack.pop() {
            if out.len() >= MAX_FUZZY_WORDS {
                return;
            }
            if n.is_final() {
                let id = (o + n.final_output().value()) as u32;
                if self.mask(id) & mask != 0 {
                    self.push_checked(id, token, k, out);
                }
            }
            for t in n.transitions() {
                stack.push((self.fst.node(t.addr), o + t.out.value()));
            }
        }
    }

    /// Adds `id` if the exact CAT-109 rule holds (the automaton is only the filter).
    fn push_checked(&self, id: u32, token: &str, k: u8, out: &mut Vec<FuzzyMatch>) {
        let w = self.word(id);
        let whole = osa_distance(token, w, k as usize);
        let len = token.chars().count();
        let prefix: String = w.chars().take(len).collect();
        let pre = osa_distance(token, &prefix, k as usize);
        let d = whole.min(pre);
        if d <= k as usize {
            out.push(FuzzyMatch {
                word: id,
                distance: d as u8,
            });
        }
    }
}

#[cold]
fn unreachable_empty_fst() -> Fst<Vec<u8>> {
    // Building an empty FST into memory cannot fail; this keeps the signature total.
    match Fst::new(Vec::new()) {
        Ok(f) => f,
        Err(_) => panic!("an empty FST can always be built"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> Vocabulary {
        Vocabulary::build(words.iter().map(|w| (w.to_string(), 1)))
    }

    fn names(v: &Vocabulary, ids: &[u32]) -> Vec<String> {
        let mut out: Vec<String> = ids.iter().map(|&i| v.word(i).to_string()).collect();
        out.sort();
        out
    }

    #[test]
    fn cat_106_substrings() {
        let v = vocab(&["трубопроводов", "труба", "стальная", "сталь", "нержавеющая"]);
        assert_eq!(
            names(&v, &v.containing("труб", 1)),
            ["труба", "трубопроводов"]
        );
        assert_eq!(names(&v, &v.containing("сталь", 1)), ["сталь", "стальная"]);
        assert_eq!(names(&v, &v.containing("але", 1)), Vec::<String>::new());
        assert_eq!(names(&v, &v.containing("жав", 1)), ["нержавеющая"]);
        assert!(v.containing("труб", 2).is_empty(), "other fields only");
    }

    #[test]
    fn cat_109_fuzzy_examples() {
        let v = vocab(&["труба", "трубы", "молоко", "молочный", "мука", "стальная"]);
        let f = |t: &str, k| {
            v.fuzzy(t, k, 1)
                .into_iter()
                .map(|m| (v.word(m.word).to_string(), m.distance))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            f("трбуа", 2),
            [("труба".to_string(), 1), ("трубы".to_string(), 2)]
        );
        assert_eq!(f("молако", 2), [("молоко".to_string(), 1)]);
        assert!(f("малака", 2).is_empty(), "3 edits from молоко");
        // The prefix rule: «малоч» is one edit from «молоч», the prefix of «молочный», and two
        // from «молок», the prefix of «молоко».
        assert_eq!(
            f("малоч", 2),
            [("молочный".to_string(), 1), ("молоко".to_string(), 2)]
        );
    }

    #[test]
    fn fuzzy_handles_multibyte_prefix_depth() {
        let v = vocab(&["қазақстан", "казахстан"]);
        let got: Vec<String> = v
            .fuzzy("казак", 2, 1)
            .into_iter()
            .map(|m| v.word(m.word).to_string())
            .collect();
        assert!(got.contains(&"казахстан".to_string()), "{got:?}");
        assert!(got.contains(&"қазақстан".to_string()), "{got:?}");
    }

    #[test]
    fn masks_merge() {
        let v = Vocabulary::build(vec![("труба".into(), 1), ("труба".into(), 4)].into_iter());
        assert_eq!(v.len(), 1);
        assert_eq!(v.mask(0), 5);
    }
}
