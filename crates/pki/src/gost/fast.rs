//! The verification equation of GOST R 34.10 over fixed-size field elements (SIG-43, SIG-56).
//!
//! [`super::ec`] computes with `num-bigint-dig` numbers, which allocate at every operation:
//! about 5 ms per GOST 2015-512 check. Here coordinates are at most eight 64-bit limbs in
//! Montgomery form modulo p (any odd p up to 512 bits, so the standard's example curves work
//! too), the point formulas are the same Jacobian ones as in `ec`, and the final comparison
//! needs no inversion: with C = (X : Y : Z), x_C = X / Z², so x_C ≡ r (mod q) exactly when
//! X = (r + k·q)·Z² for some r + k·q < p. Only public data passes through here, so nothing is
//! constant time.

use super::ec::CurveParams;
use num_bigint_dig::BigUint;

/// Up to eight limbs, least significant first; limbs above the field's length are zero.
type Fe = [u64; 8];

const ZERO: Fe = [0; 8];

/// GF(p) in Montgomery form with R = 2^(64·n).
#[derive(Debug, Clone)]
pub(crate) struct Field {
    p: Fe,
    p_big: BigUint,
    n: usize,
    /// −p⁻¹ mod 2⁶⁴.
    p0: u64,
    /// R² mod p, to enter Montgomery form.
    r2: Fe,
    /// 1 in Montgomery form (R mod p).
    one: Fe,
}

fn limbs(x: &BigUint) -> Option<Fe> {
    let bytes = x.to_bytes_le();
    if bytes.len() > 64 {
        return None;
    }
    let mut out = ZERO;
    for (i, chunk) in bytes.chunks(8).enumerate() {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        out[i] = u64::from_le_bytes(w);
    }
    Some(out)
}

/// a ≥ b over the first `n` limbs.
fn geq(a: &Fe, b: &Fe, n: usize) -> bool {
    for i in (0..n).rev() {
        if a[i] != b[i] {
            return a[i] > b[i];
        }
    }
    true
}

/// a − b over the first `n` limbs; the borrow out.
fn sub_in_place(a: &mut Fe, b: &Fe, n: usize) -> bool {
    let mut borrow = false;
    for i in 0..n {
        let (d1, b1) = a[i].overflowing_sub(b[i]);
        let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
        a[i] = d2;
        borrow = b1 || b2;
    }
    borrow
}

/// Montgomery product over `N` limbs (CIOS, multiplication and reduction in one pass).
#[inline(always)]
fn mont<const N: usize>(p: &Fe, p0: u64, a: &Fe, b: &Fe) -> Fe {
    let mut t = [0u64; 9];
    for &bi in &b[..N] {
        let s = u128::from(t[0]) + u128::from(a[0]) * u128::from(bi);
        let low = s as u64;
        let mut c = (s >> 64) as u64;
        let m = low.wrapping_mul(p0);
        let mut d = ((u128::from(low) + u128::from(m) * u128::from(p[0])) >> 64) as u64;
        for j in 1..N {
            let s = u128::from(t[j]) + u128::from(a[j]) * u128::from(bi) + u128::from(c);
            c = (s >> 64) as u64;
            let r = u128::from(s as u64) + u128::from(m) * u128::from(p[j]) + u128::from(d);
            d = (r >> 64) as u64;
            t[j - 1] = r as u64;
        }
        let s = u128::from(t[N]) + u128::from(c) + u128::from(d);
        t[N - 1] = s as u64;
        t[N] = (s >> 64) as u64;
    }
    let mut out = ZERO;
    out[..N].copy_from_slice(&t[..N]);
    if t[N] != 0 || geq(&out, p, N) {
        sub_in_place(&mut out, p, N);
    }
    out
}

/// [`mont`] for a length known only at run time (curves of other sizes).
fn mont_n(p: &Fe, p0: u64, a: &Fe, b: &Fe, n: usize) -> Fe {
    let mut t = [0u64; 9];
    for &bi in &b[..n] {
        let s = u128::from(t[0]) + u128::from(a[0]) * u128::from(bi);
        let low = s as u64;
        let mut c = (s >> 64) as u64;
        let m = low.wrapping_mul(p0);
        let mut d = ((u128::from(low) + u128::from(m) * u128::from(p[0])) >> 64) as u64;
        for j in 1..n {
            let s = u128::from(t[j]) + u128::from(a[j]) * u128::from(bi) + u128::from(c);
            c = (s >> 64) as u64;
            let r = u128::from(s as u64) + u128::from(m) * u128::from(p[j]) + u128::from(d);
            d = (r >> 64) as u64;
            t[j - 1] = r as u64;
        }
        let s = u128::from(t[n]) + u128::from(c) + u128::from(d);
        t[n - 1] = s as u64;
        t[n] = (s >> 64) as u64;
    }
    let mut out = ZERO;
    out[..n].copy_from_slice(&t[..n]);
    if t[n] != 0 || geq(&out, p, n) {
        sub_in_place(&mut out, p, n);
    }
    out
}

impl Field {
    /// `None` for an even p or one longer than 512 bits (then the generic code is used).
    pub(crate) fn new(p: &BigUint) -> Option<Field> {
        let pl = limbs(p)?;
        let n = pl.iter().rposition(|w| *w != 0)? + 1;
        if pl[0] & 1 == 0 {
            return None;
        }
        let mut inv = pl[0];
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(pl[0].wrapping_mul(inv)));
        }
        let r2 = limbs(&((BigUint::from(1u32) << (128 * n)) % p))?;
        let one = limbs(&((BigUint::from(1u32) << (64 * n)) % p))?;
        Some(Field {
            p: pl,
            p_big: p.clone(),
            n,
            p0: inv.wrapping_neg(),
            r2,
            one,
        })
    }

    /// a·b·R⁻¹ mod p for a, b < p.
    fn mul(&self, a: &Fe, b: &Fe) -> Fe {
        // The named curves have 4 and 8 limbs: with the length a constant the loops unroll.
        match self.n {
            8 => mont::<8>(&self.p, self.p0, a, b),
            4 => mont::<4>(&self.p, self.p0, a, b),
            n => mont_n(&self.p, self.p0, a, b, n),
        }
    }

    fn sqr(&self, a: &Fe) -> Fe {
        self.mul(a, a)
    }

    /// a + b mod p for a, b < p.
    fn add(&self, a: &Fe, b: &Fe) -> Fe {
        let mut out = ZERO;
        let mut carry = false;
        for ((o, &x), &y) in out[..self.n].iter_mut().zip(a).zip(b) {
            let (s1, c1) = x.overflowing_add(y);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            *o = s2;
            carry = c1 || c2;
        }
        if carry || geq(&out, &self.p, self.n) {
            sub_in_place(&mut out, &self.p, self.n);
        }
        out
    }

    /// a − b mod p for a, b < p.
    fn sub(&self, a: &Fe, b: &Fe) -> Fe {
        let mut out = *a;
        if sub_in_place(&mut out, b, self.n) {
            // Wrapped below zero: add p back (the carry out cancels the borrow).
            let mut carry = false;
            for (o, &p) in out[..self.n].iter_mut().zip(&self.p) {
                let (s1, c1) = o.overflowing_add(p);
                let (s2, c2) = s1.overflowing_add(u64::from(carry));
                *o = s2;
                carry = c1 || c2;
            }
        }
        out
    }

    /// x (reduced mod p) in Montgomery form.
    fn enter(&self, x: &BigUint) -> Option<Fe> {
        Some(self.mul(&limbs(&(x % &self.p_big))?, &self.r2))
    }

    fn is_zero(&self, a: &Fe) -> bool {
        a[..self.n].iter().all(|w| *w == 0)
    }
}

/// A Jacobian point in Montgomery form; z = 0 is the point at infinity.
#[derive(Debug, Clone, Copy)]
struct Jac {
    x: Fe,
    y: Fe,
    z: Fe,
}

/// The curve's constants in Montgomery form.
#[derive(Debug, Clone)]
pub(crate) struct FastCurve {
    f: Field,
    a: Fe,
    /// a = −3 (both named curves): the doubling needs two products fewer.
    a_is_minus_3: bool,
}

impl FastCurve {
    pub(crate) fn new(c: &CurveParams) -> Option<FastCurve> {
        let f = Field::new(&c.p)?;
        let a = f.enter(&c.a)?;
        let a_is_minus_3 = &c.a + 3u32 == c.p;
        Some(FastCurve { f, a, a_is_minus_3 })
    }

    fn infinity(&self) -> Jac {
        Jac {
            x: self.f.one,
            y: self.f.one,
            z: ZERO,
        }
    }

    fn affine(&self, x: &BigUint, y: &BigUint) -> Option<Jac> {
        Some(Jac {
            x: self.f.enter(x)?,
            y: self.f.enter(y)?,
            z: self.f.one,
        })
    }

    fn double(&self, pt: &Jac) -> Jac {
        let f = &self.f;
        if f.is_zero(&pt.z) || f.is_zero(&pt.y) {
            return self.infinity();
        }
        let yy = f.sqr(&pt.y);
        let yyyy = f.sqr(&yy);
        let zz = f.sqr(&pt.z);
        let xyy = f.mul(&pt.x, &yy);
        let s2 = f.add(&xyy, &xyy);
        let s = f.add(&s2, &s2);
        let m = if self.a_is_minus_3 {
            // 3·x² − 3·z⁴ = 3·(x − z²)·(x + z²)
            let t = f.mul(&f.sub(&pt.x, &zz), &f.add(&pt.x, &zz));
            f.add(&f.add(&t, &t), &t)
        } else {
            let xx = f.sqr(&pt.x);
            f.add(&f.add(&f.add(&xx, &xx), &xx), &f.mul(&self.a, &f.sqr(&zz)))
        };
        let x3 = f.sub(&f.sqr(&m), &f.add(&s, &s));
        let y4 = f.add(&yyyy, &yyyy);
        let y8 = f.add(&f.add(&y4, &y4), &f.add(&y4, &y4));
        let y3 = f.sub(&f.mul(&m, &f.sub(&s, &x3)), &y8);
        let yz = f.mul(&pt.y, &pt.z);
        let z3 = f.add(&yz, &yz);
        Jac {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    fn add(&self, p1: &Jac, p2: &Jac) -> Jac {
        let f = &self.f;
        if f.is_zero(&p1.z) {
            return *p2;
        }
        if f.is_zero(&p2.z) {
            return *p1;
        }
        let z1z1 = f.sqr(&p1.z);
        // p2 affine (z = 1, the points G and Q): u1 = x1, s1 = y1 (four products fewer).
        let affine = p2.z == f.one;
        let (u1, s1) = if affine {
            (p1.x, p1.y)
        } else {
            let z2z2 = f.sqr(&p2.z);
            (f.mul(&p1.x, &z2z2), f.mul(&p1.y, &f.mul(&p2.z, &z2z2)))
        };
        let u2 = f.mul(&p2.x, &z1z1);
        let s2 = f.mul(&p2.y, &f.mul(&p1.z, &z1z1));
        if u1 == u2 {
            return if s1 == s2 {
                self.double(p1)
            } else {
                self.infinity()
            };
        }
        let h = f.sub(&u2, &u1);
        let r = f.sub(&s2, &s1);
        let hh = f.sqr(&h);
        let hhh = f.mul(&h, &hh);
        let v = f.mul(&u1, &hh);
        let x3 = f.sub(&f.sub(&f.sqr(&r), &hhh), &f.add(&v, &v));
        let y3 = f.sub(&f.mul(&r, &f.sub(&v, &x3)), &f.mul(&s1, &hhh));
        let z3 = if affine {
            f.mul(&p1.z, &h)
        } else {
            f.mul(&f.mul(&p1.z, &p2.z), &h)
        };
        Jac {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// Whether the x coordinate of k1·G + k2·Q is ≡ r (mod q) — the last step of the GOST
    /// check. `None` when a value does not fit the fixed-size field (never for the named
    /// curves; the caller then uses the generic code).
    pub(crate) fn combination_x_is(
        &self,
        c: &CurveParams,
        (k1, g): (&BigUint, (&BigUint, &BigUint)),
        (k2, q): (&BigUint, (&BigUint, &BigUint)),
        r: &BigUint,
    ) -> Option<bool> {
        let p1 = self.affine(g.0, g.1)?;
        let p2 = self.affine(q.0, q.1)?;
        let both = self.add(&p1, &p2);
        let (b1, b2) = (k1.to_bytes_le(), k2.to_bytes_le());
        let bit = |b: &[u8], i: usize| b.get(i / 8).is_some_and(|v| (v >> (i % 8)) & 1 == 1);
        let mut acc = self.infinity();
        for i in (0..k1.bits().max(k2.bits())).rev() {
            acc = self.double(&acc);
            match (bit(&b1, i), bit(&b2, i)) {
                (true, true) => acc = self.add(&acc, &both),
                (true, false) => acc = self.add(&acc, &p1),
                (false, true) => acc = self.add(&acc, &p2),
                (false, false) => {}
            }
        }
        let f = &self.f;
        if f.is_zero(&acc.z) {
            return Some(false);
        }
        let zz = f.sqr(&acc.z);
        // x_C ∈ [0, p) and x_C mod q = r ⇔ x_C = r + k·q for some r + k·q < p.
        let mut candidate = r.clone();
        while candidate < c.p {
            if f.mul(&f.enter(&candidate)?, &zz) == acc.x {
                return Some(true);
            }
            candidate += &c.q;
        }
        Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Curve;
    use super::*;
    use proptest::prelude::*;

    /// The x coordinate of k1·G + k2·Q mod q with the generic `num-bigint-dig` arithmetic.
    fn generic_x(
        c: &CurveParams,
        k1: &BigUint,
        k2: &BigUint,
        q: (&BigUint, &BigUint),
    ) -> Option<BigUint> {
        let g = c.affine_point(&c.gx, &c.gy);
        let qp = c.affine_point(q.0, q.1);
        c.to_affine(&c.mul2(k1, &g, k2, &qp)).map(|(x, _)| x % &c.q)
    }

    fn check(curve: Curve, d: &[u8], k1: &[u8], k2: &[u8]) -> Result<(), TestCaseError> {
        let c = curve.params();
        let fixed = c
            .fixed
            .as_ref()
            .ok_or_else(|| TestCaseError::fail("no fixed field"))?;
        let d = BigUint::from_bytes_le(d) % &c.q + 1u32;
        let g = c.affine_point(&c.gx, &c.gy);
        let (qx, qy) = c
            .to_affine(&c.mul(&d, &g))
            .ok_or_else(|| TestCaseError::fail("d·G"))?;
        let (k1, k2) = (
            BigUint::from_bytes_le(k1) % &c.q,
            BigUint::from_bytes_le(k2) % &c.q,
        );
        let gq = ((&c.gx, &c.gy), (&qx, &qy));
        match generic_x(c, &k1, &k2, (&qx, &qy)) {
            Some(x) => {
                prop_assert_eq!(
                    fixed.combination_x_is(c, (&k1, gq.0), (&k2, gq.1), &x),
                    Some(true)
                );
                let other = (&x + 1u32) % &c.q;
                prop_assert_eq!(
                    fixed.combination_x_is(c, (&k1, gq.0), (&k2, gq.1), &other),
                    Some(false)
                );
            }
            None => prop_assert_eq!(
                fixed.combination_x_is(c, (&k1, gq.0), (&k2, gq.1), &BigUint::from(1u32)),
                Some(false)
            ),
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]
        /// SIG-43: the fixed-size arithmetic gives the generic code's answer on both named
        /// curves, for random keys and scalars.
        #[test]
        fn sig_43_fixed_size_arithmetic_equals_the_generic(
            d in proptest::collection::vec(any::<u8>(), 64),
            k1 in proptest::collection::vec(any::<u8>(), 64),
            k2 in proptest::collection::vec(any::<u8>(), 64),
        ) {
            check(Curve::Tc26Gost512A, &d, &k1, &k2)?;
            check(Curve::CryptoProA, &d[..32], &k1[..32], &k2[..32])?;
        }
    }

    #[test]
    fn sig_43_fixed_size_edge_scalars() {
        for curve in [Curve::CryptoProA, Curve::Tc26Gost512A] {
            let one = [1u8];
            check(curve, &one, &one, &one).unwrap();
            check(curve, &one, &[0], &one).unwrap();
            check(curve, &one, &one, &[0]).unwrap();
            // k1·G + k2·Q at infinity: Q = G and k2 = q − k1.
            let c = curve.params();
            let fixed = c.fixed.as_ref().unwrap();
            let k1 = BigUint::from(5u32);
            let k2 = &c.q - 5u32;
            let g = (&c.gx, &c.gy);
            assert_eq!(
                fixed.combination_x_is(c, (&k1, g), (&k2, g), &BigUint::from(1u32)),
                Some(false)
            );
            // Doubling through the sum: Q = G, k1 = k2.
            let two_g = c
                .to_affine(&c.mul(&BigUint::from(6u32), &c.affine_point(&c.gx, &c.gy)))
                .unwrap();
            assert_eq!(
                fixed.combination_x_is(
                    c,
                    (&BigUint::from(3u32), g),
                    (&BigUint::from(3u32), g),
                    &(two_g.0 % &c.q)
                ),
                Some(true)
            );
        }
    }
}
