//! Identification numbers of demo goods and suppliers: KZTIN (a GTIN-13 with the GS1
//! Kazakhstan prefix 487), NTIN (a national 13-digit number starting with 2) and BINs.
//!
//! KZTIN and NTIN are affine permutations of the good id, so they never repeat within a seed;
//! the BIN serial is a permutation of the supplier number, so BINs never repeat either.

use super::rng::hash3;
use kernel::values::Bin;

/// The GS1 prefix of Kazakhstan.
pub const KZ_GS1_PREFIX: &str = "487";

/// The check digit of a GTIN-13 body of twelve digits (weights 1, 3, 1, 3, … from the left).
pub fn gtin13_check_digit(body12: &str) -> Option<u8> {
    if body12.len() != 12 || !body12.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = body12
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    Some(((10 - sum % 10) % 10) as u8)
}

/// True when `code` is 13 digits with a valid GTIN check digit.
pub fn is_valid_gtin13(code: &str) -> bool {
    code.len() == 13
        && code.is_ascii()
        && gtin13_check_digit(&code[..12]).is_some_and(|c| code.as_bytes()[12] == b'0' + c)
}

fn with_check(body12: String) -> String {
    // `body12` is built from digits only, so the check digit exists.
    let c = gtin13_check_digit(&body12).unwrap_or(0);
    format!("{body12}{c}")
}

/// The KZTIN of demo good `id`: 487 + nine digits + check digit.
pub fn kztin(seed: u64, id: u64) -> String {
    const M: u128 = 1_000_000_000;
    let offset = u128::from(hash3(seed, 0x4B5A, 0)) % M;
    // 3^18 is coprime to 10^9, so ids below 10^9 map to distinct item numbers.
    let item = (u128::from(id) * 387_420_489 + offset) % M;
    with_check(format!("{KZ_GS1_PREFIX}{item:09}"))
}

/// The NTIN of demo good `id`: 2 + eleven digits + check digit.
pub fn ntin(seed: u64, id: u64) -> String {
    const M: u128 = 100_000_000_000;
    let offset = u128::from(hash3(seed, 0x4E54, 0)) % M;
    // 3^23 is coprime to 10^11.
    let item = (u128::from(id) * 94_143_178_827 + offset) % M;
    with_check(format!("2{item:011}"))
}

/// The BIN of demo supplier `j` (1-based): registration YYMM between 9901 and 2512, kind digit
/// 4 (resident legal entity), sign digit 0 (head office), a five-digit serial that is a
/// permutation of `j`, and the check digit. When the two-pass check digit does not exist for a
/// month, the next month is tried: among months 01…09 at most one can fail the first pass, so
/// a BIN is always found.
pub fn supplier_bin(seed: u64, j: u64) -> Option<Bin> {
    let h = hash3(seed, 0x4249, j);
    let year_index = h % 27; // 1999, 2000, …, 2025
    let yy = (99 + year_index) % 100;
    let month0 = (h >> 8) % 12;
    let offset = (hash3(seed, 0x4249, 0) % 100_000) as u128;
    let serial = ((u128::from(j) * 7_919 + offset) % 100_000) as u64;
    (0..12).find_map(|k| {
        let month = (month0 + k) % 12 + 1;
        Bin::with_check_digit(&format!("{yy:02}{month:02}40{serial:05}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn gtin_check_digit_matches_known_codes() {
        // Real GTIN-13s.
        assert!(is_valid_gtin13("4006381333931"));
        assert!(is_valid_gtin13("5901234123457"));
        assert!(!is_valid_gtin13("5901234123458"));
    }

    #[test]
    fn kztin_and_ntin_are_valid_and_unique() {
        let mut seen = HashSet::new();
        for id in 1..20_000 {
            let k = kztin(42, id);
            assert!(k.starts_with("487") && is_valid_gtin13(&k), "{k}");
            let n = ntin(42, id);
            assert!(n.starts_with('2') && is_valid_gtin13(&n), "{n}");
            assert!(seen.insert(k));
            assert!(seen.insert(n));
        }
    }

    #[test]
    fn supplier_bins_are_valid_unique_and_in_range() {
        for seed in [0, 1, 42, u64::MAX] {
            let mut seen = HashSet::new();
            for j in 1..=19_169 {
                let bin = supplier_bin(seed, j).unwrap();
                let s = bin.as_str();
                assert!(Bin::parse(s).is_ok());
                let yymm: u32 = s[..4].parse().unwrap();
                let month = yymm % 100;
                assert!((1..=12).contains(&month));
                assert!(yymm >= 9901 || yymm <= 2512, "{s}");
                assert_eq!(&s[4..6], "40");
                assert!(seen.insert(s.to_string()), "duplicate {s}");
            }
        }
    }
}
