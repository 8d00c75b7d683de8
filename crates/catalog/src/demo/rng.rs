//! The pseudo-random numbers of the demo generator: SplitMix64 (Steele, Lea, Flood 2014),
//! seeded per record from `hash(seed, stream, index)`. Every record is a pure function of
//! its seed and number, so a generation can resume anywhere and end identical. Only integer
//! arithmetic decides anything, so the output is the same on every platform.

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijective mix of 64 bits.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hash of a seed, a stream tag and a record number.
pub(crate) fn hash3(seed: u64, stream: u64, index: u64) -> u64 {
    mix(mix(seed ^ mix(stream.wrapping_mul(GOLDEN))).wrapping_add(index.wrapping_mul(GOLDEN)))
}

/// A hash of a string (FNV-1a, then mixed), for seeding by a code.
pub(crate) fn hash_str(seed: u64, s: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01B3);
    }
    mix(h ^ mix(seed))
}

/// SplitMix64.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    #[cfg(test)]
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator of record `index` of `stream`.
    pub(crate) fn for_record(seed: u64, stream: u64, index: u64) -> Rng {
        Rng(hash3(seed, stream, index))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n > 0`; 0 gives 0). Lemire's multiply-shift, bias below 2^-32 for
    /// the sizes used here.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p` (a [`Chance`]).
    pub(crate) fn chance(&mut self, p: Chance) -> bool {
        self.next_u64() < p.0
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A copy of one element of a non-empty slice.
    pub(crate) fn pick_copy<T: Copy>(&mut self, items: &[T]) -> T {
        *self.pick(items)
    }

    /// A number in `0..n` skewed towards 0 (density ∝ 1/√x): the product of two draws.
    pub(crate) fn skewed_below(&mut self, n: u64) -> u64 {
        let a = self.next_u64() >> 32;
        let b = self.next_u64() >> 32;
        ((u128::from(a * b) * u128::from(n)) >> 64) as u64
    }
}

/// A probability as a threshold on a 64-bit draw, computed once from a rational.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Chance(u64);

impl Chance {
    pub(crate) const NEVER: Chance = Chance(0);

    /// `num / den`, clamped to 1 (den 0 gives never).
    pub(crate) fn ratio(num: u128, den: u128) -> Chance {
        if den == 0 {
            return Chance::NEVER;
        }
        if num >= den {
            return Chance(u64::MAX);
        }
        Chance(((num << 64) / den) as u64)
    }

    /// `per_mille / 1000`.
    pub(crate) fn per_mille(p: u64) -> Chance {
        Chance::ratio(u128::from(p), 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_independent_of_order() {
        let a: Vec<u64> = (0..5)
            .map(|i| Rng::for_record(7, 1, i).next_u64())
            .collect();
        let b: Vec<u64> = (0..5)
            .rev()
            .map(|i| Rng::for_record(7, 1, i).next_u64())
            .collect();
        assert_eq!(a, b.into_iter().rev().collect::<Vec<_>>());
        assert_ne!(
            Rng::for_record(7, 1, 0).next_u64(),
            Rng::for_record(8, 1, 0).next_u64()
        );
        assert_ne!(
            Rng::for_record(7, 1, 0).next_u64(),
            Rng::for_record(7, 2, 0).next_u64()
        );
    }

    #[test]
    fn below_stays_in_range_and_chance_is_close() {
        let mut r = Rng::new(1);
        let mut hits = 0;
        let p = Chance::ratio(1, 4);
        for _ in 0..100_000 {
            assert!(r.below(10) < 10);
            assert!(r.skewed_below(10) < 10);
            if r.chance(p) {
                hits += 1;
            }
        }
        assert!((24_000..26_000).contains(&hits), "{hits}");
        assert!(!r.chance(Chance::NEVER));
        assert!(r.chance(Chance::ratio(5, 5)));
    }
}
