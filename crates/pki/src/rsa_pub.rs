//! The RSA public-key operation of signature verification (SIG-41, SIG-56), in Montgomery form
//! over 64-bit limbs.
//!
//! `rsa` 0.9 computes `s^e mod n` with `num-bigint-dig`'s generic `modpow`, which walks the
//! exponent's whole 64-bit word in 4-bit windows (≈ 100 Montgomery products and a 4096-bit
//! division for e = 65537) — about 0.3 ms per RSA-2048 check, the largest single cost of a
//! signed act. Here the exponent is walked bit by bit from its top bit (16 squarings and one
//! product for 65537), about ten times faster.
//!
//! Only public data goes through this code (the signature, the key, the digest), so it need
//! not run in constant time. The padding check is the one of `rsa`'s `Pkcs1v15Sign::verify`:
//! the signature has the modulus' length and is below it, and the recovered block equals
//! `00 01 FF…FF 00 ‖ DigestInfo(SHA-256) ‖ hash` byte for byte.

use num_bigint_dig::BigUint;
use rsa::RsaPublicKey;
use rsa::traits::PublicKeyParts;

/// DER of `DigestInfo { sha256, NULL }` without the digest (RFC 8017 §9.2 note 1).
const SHA256_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// An odd modulus in 64-bit limbs (least significant first) with `-n⁻¹ mod 2⁶⁴`.
struct Modulus {
    n: Vec<u64>,
    n0: u64,
}

impl Modulus {
    /// `None` for an even modulus (never an RSA key; the caller falls back to `rsa`).
    fn new(n: &BigUint) -> Option<Modulus> {
        let n = limbs(n, 0);
        let low = *n.first()?;
        if low & 1 == 0 {
            return None;
        }
        // Newton's iteration for the inverse of an odd number mod 2⁶⁴: `low` is its own
        // inverse mod 8 (3 bits); each step doubles the correct bits (3 → 6 → … → 96).
        let mut inv = low;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(low.wrapping_mul(inv)));
        }
        Some(Modulus {
            n,
            n0: inv.wrapping_neg(),
        })
    }

    fn len(&self) -> usize {
        self.n.len()
    }

    /// `out = a·b·R⁻¹ mod n` with R = 2^(64·k), for a, b < n (Montgomery product, the
    /// multiplication and the reduction of each step in one pass). `t` is scratch space of
    /// k + 1 limbs.
    fn mul(&self, a: &[u64], b: &[u64], t: &mut [u64], out: &mut [u64]) {
        let k = self.len();
        // Equal lengths up front let the compiler drop the bounds checks of the loops.
        let (n, a, b, t) = (&self.n[..k], &a[..k], &b[..k], &mut t[..k + 1]);
        t.fill(0);
        for &bi in b {
            // t = (t + a·bᵢ + m·n) / 2⁶⁴, m chosen so that the low limb is zero; t < 2n.
            let s = u128::from(t[0]) + u128::from(a[0]) * u128::from(bi);
            let low = s as u64;
            let mut c = (s >> 64) as u64;
            let m = low.wrapping_mul(self.n0);
            let mut d = ((u128::from(low) + u128::from(m) * u128::from(n[0])) >> 64) as u64;
            for j in 1..k {
                let s = u128::from(t[j]) + u128::from(a[j]) * u128::from(bi) + u128::from(c);
                c = (s >> 64) as u64;
                let r = u128::from(s as u64) + u128::from(m) * u128::from(n[j]) + u128::from(d);
                d = (r >> 64) as u64;
                t[j - 1] = r as u64;
            }
            let s = u128::from(t[k]) + u128::from(c) + u128::from(d);
            t[k - 1] = s as u64;
            t[k] = (s >> 64) as u64;
        }
        // t < 2n: one conditional subtraction.
        if t[k] != 0 || !less_than(&t[..k], n) {
            let mut borrow = 0u64;
            for (tj, &nj) in t[..k].iter_mut().zip(n) {
                let (d1, b1) = tj.overflowing_sub(nj);
                let (d2, b2) = d1.overflowing_sub(borrow);
                *tj = d2;
                borrow = u64::from(b1 || b2);
            }
        }
        out.copy_from_slice(&t[..k]);
    }
}

/// a < b for equal-length limb slices.
fn less_than(a: &[u64], b: &[u64]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// The limbs of `x`, padded with zeros to at least `min` limbs.
fn limbs(x: &BigUint, min: usize) -> Vec<u64> {
    let bytes = x.to_bytes_le();
    let mut out: Vec<u64> = bytes
        .chunks(8)
        .map(|c| {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            u64::from_le_bytes(w)
        })
        .collect();
    if out.len() < min {
        out.resize(min, 0);
    }
    out
}

/// `base^e mod n` for `base < n`; `None` when the fast path does not apply (even modulus,
/// exponent 0) and the caller must use the generic code.
pub(crate) fn modpow(base: &BigUint, e: u64, n: &BigUint) -> Option<BigUint> {
    if e == 0 || base >= n {
        return None;
    }
    let m = Modulus::new(n)?;
    let k = m.len();
    // base·R mod n: the base in Montgomery form.
    let x = limbs(&((base << (64 * k)) % n), k);
    let mut z = x.clone();
    let (mut t, mut tmp) = (vec![0u64; k + 1], vec![0u64; k]);
    for bit in (0..63 - e.leading_zeros()).rev() {
        m.mul(&z, &z, &mut t, &mut tmp);
        if (e >> bit) & 1 == 1 {
            m.mul(&tmp, &x, &mut t, &mut z);
        } else {
            std::mem::swap(&mut z, &mut tmp);
        }
    }
    // Out of Montgomery form: z·1·R⁻¹.
    let mut one = vec![0u64; k];
    one[0] = 1;
    m.mul(&z, &one, &mut t, &mut tmp);
    let bytes: Vec<u8> = tmp.iter().flat_map(|w| w.to_le_bytes()).collect();
    Some(BigUint::from_bytes_le(&bytes))
}

/// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2.2): whether `signature` is valid for the
/// 32-byte `hash` under `key`. Same verdicts as `key.verify(Pkcs1v15Sign::new::<Sha256>(), …)`.
pub(crate) fn verify_pkcs1v15_sha256(key: &RsaPublicKey, hash: &[u8], signature: &[u8]) -> bool {
    let size = key.size();
    if hash.len() != 32 || signature.len() != size || size < SHA256_PREFIX.len() + 32 + 11 {
        return false;
    }
    let s = BigUint::from_bytes_be(signature);
    if &s >= key.n() {
        return false;
    }
    let Some(e) = exponent_u64(key.e()) else {
        return generic(key, hash, signature);
    };
    let Some(m) = modpow(&s, e, key.n()) else {
        return generic(key, hash, signature);
    };
    let em = m.to_bytes_be();
    if em.len() > size {
        return false;
    }
    // EM = 00 01 FF…FF 00 ‖ prefix ‖ hash, compared as a whole (leading zero bytes of the
    // integer are the first bytes of EM).
    let mut expected = vec![0xffu8; size];
    expected[0] = 0;
    expected[1] = 1;
    let t_len = SHA256_PREFIX.len() + hash.len();
    expected[size - t_len - 1] = 0;
    expected[size - t_len..size - hash.len()].copy_from_slice(&SHA256_PREFIX);
    expected[size - hash.len()..].copy_from_slice(hash);
    let pad = size - em.len();
    expected[..pad].iter().all(|b| *b == 0) && expected[pad..] == em[..]
}

/// `rsa`'s own check, for keys the fast path does not take.
fn generic(key: &RsaPublicKey, hash: &[u8], signature: &[u8]) -> bool {
    key.verify(
        rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>(),
        hash,
        signature,
    )
    .is_ok()
}

fn exponent_u64(x: &BigUint) -> Option<u64> {
    let b = x.to_bytes_le();
    if b.len() > 8 {
        return None;
    }
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(&b);
    Some(u64::from_le_bytes(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn big(bytes: &[u8]) -> BigUint {
        BigUint::from_bytes_be(bytes)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// SIG-41: the fast public operation equals `num-bigint-dig`'s `modpow` for odd moduli
        /// of RSA sizes and the exponents keys use.
        #[test]
        fn sig_41_fast_modpow_equals_generic(
            n in proptest::collection::vec(any::<u8>(), 256),
            x in proptest::collection::vec(any::<u8>(), 256),
            e in prop_oneof![Just(65537u64), Just(3u64), Just(17u64), 2u64..(1u64 << 33)],
        ) {
            let mut n = n;
            n[0] |= 0x80;
            n[255] |= 1;
            let n = big(&n);
            let x = big(&x) % &n;
            let want = x.modpow(&BigUint::from(e), &n);
            prop_assert_eq!(modpow(&x, e, &n), Some(want));
        }
    }

    #[test]
    fn sig_41_fast_modpow_edge_values() {
        // Small and all-ones moduli, bases 0, 1 and n − 1.
        for n in [
            big(&[0x0b]),
            big(&[0xff; 8]),
            big(&[0xff; 9]),
            big(&[0xff; 256]),
            big(&[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01]),
        ] {
            for x in [BigUint::from(0u8), BigUint::from(1u8), &n - 1u8] {
                for e in [1u64, 2, 3, 65537, u64::MAX] {
                    assert_eq!(
                        modpow(&x, e, &n),
                        Some(x.modpow(&BigUint::from(e), &n)),
                        "{x} ^ {e} mod {n}"
                    );
                }
            }
        }
        assert_eq!(modpow(&BigUint::from(2u8), 3, &BigUint::from(10u8)), None);
        assert_eq!(modpow(&BigUint::from(12u8), 3, &BigUint::from(11u8)), None);
    }
}
