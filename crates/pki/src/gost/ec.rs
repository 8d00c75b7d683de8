//! Short Weierstrass curve arithmetic y² = x³ + ax + b over GF(p) in Jacobian coordinates,
//! for GOST R 34.10 verification (SIG-43 item 1). Only public data passes through here, so
//! nothing is constant time.

use num_bigint_dig::BigUint;

/// Curve parameters; `len` is the byte length of one coordinate (32 or 64).
#[derive(Debug, Clone)]
pub struct CurveParams {
    pub name: &'static str,
    pub p: BigUint,
    pub a: BigUint,
    pub b: BigUint,
    pub q: BigUint,
    pub gx: BigUint,
    pub gy: BigUint,
    pub len: usize,
    /// For p = 2^(8·len) − c with a small c (the НУЦ curves): c, for fast reduction.
    fast: Option<BigUint>,
    mask: BigUint,
    /// The same curve over fixed-size field elements, for verification.
    pub(crate) fixed: Option<super::fast::FastCurve>,
}

/// A point in Jacobian coordinates; z = 0 is the point at infinity.
#[derive(Debug, Clone)]
pub(crate) struct Jac {
    x: BigUint,
    y: BigUint,
    z: BigUint,
}

pub(crate) fn is_zero(v: &BigUint) -> bool {
    v.bits() == 0
}

fn hex(s: &str) -> BigUint {
    // The constants are literals of this crate; a bad one fails every verification and the
    // self-check tests, it cannot be influenced by input.
    BigUint::parse_bytes(s.as_bytes(), 16).unwrap_or_default()
}

impl CurveParams {
    pub(crate) fn from_hex(
        name: &'static str,
        [p, a, b, q, gx, gy]: [&str; 6],
        len: usize,
    ) -> CurveParams {
        let p = hex(p);
        let two_n = BigUint::from(1u32) << (8 * len);
        let mask = &two_n - BigUint::from(1u32);
        let fast = (p.bits() == 8 * len)
            .then(|| &two_n - &p)
            .filter(|c| c.bits() <= 32);
        let mut c = CurveParams {
            name,
            p,
            a: hex(a),
            b: hex(b),
            q: hex(q),
            gx: hex(gx),
            gy: hex(gy),
            len,
            fast,
            mask,
            fixed: None,
        };
        c.fixed = super::fast::FastCurve::new(&c);
        c
    }

    /// x mod p; for p = 2^n − c folds the high part (x = h·2^n + l ≡ h·c + l).
    fn reduce(&self, mut x: BigUint) -> BigUint {
        let Some(c) = &self.fast else {
            return x % &self.p;
        };
        let n = 8 * self.len;
        while x.bits() > n {
            let hi = &x >> n;
            x = (&x & &self.mask) + hi * c;
        }
        if x >= self.p { x - &self.p } else { x }
    }

    fn add_m(&self, x: &BigUint, y: &BigUint) -> BigUint {
        let s = x + y;
        if s >= self.p { s - &self.p } else { s }
    }

    fn sub_m(&self, x: &BigUint, y: &BigUint) -> BigUint {
        if x >= y { x - y } else { (x + &self.p) - y }
    }

    fn mul_m(&self, x: &BigUint, y: &BigUint) -> BigUint {
        self.reduce(x * y)
    }

    /// True when the affine point (x, y) satisfies the curve equation with 0 ≤ x, y < p.
    pub fn on_curve(&self, x: &BigUint, y: &BigUint) -> bool {
        if x >= &self.p || y >= &self.p {
            return false;
        }
        let lhs = self.mul_m(y, y);
        let x3 = self.mul_m(&self.mul_m(x, x), x);
        let rhs = self.add_m(&self.add_m(&x3, &self.mul_m(&self.a, x)), &self.b);
        lhs == rhs
    }

    pub(crate) fn infinity(&self) -> Jac {
        Jac {
            x: BigUint::from(1u32),
            y: BigUint::from(1u32),
            z: BigUint::default(),
        }
    }

    pub(crate) fn affine_point(&self, x: &BigUint, y: &BigUint) -> Jac {
        Jac {
            x: x.clone(),
            y: y.clone(),
            z: BigUint::from(1u32),
        }
    }

    /// The affine coordinates, or `None` for the point at infinity.
    pub(crate) fn to_affine(&self, pt: &Jac) -> Option<(BigUint, BigUint)> {
        if is_zero(&pt.z) {
            return None;
        }
        let two = BigUint::from(2u32);
        let zinv = pt.z.modpow(&(&self.p - &two), &self.p);
        let zinv2 = self.mul_m(&zinv, &zinv);
        let x = self.mul_m(&pt.x, &zinv2);
        let y = self.mul_m(&pt.y, &self.mul_m(&zinv2, &zinv));
        Some((x, y))
    }

    pub(crate) fn double(&self, pt: &Jac) -> Jac {
        if is_zero(&pt.z) || is_zero(&pt.y) {
            return self.infinity();
        }
        let xx = self.mul_m(&pt.x, &pt.x);
        let yy = self.mul_m(&pt.y, &pt.y);
        let yyyy = self.mul_m(&yy, &yy);
        let zz = self.mul_m(&pt.z, &pt.z);
        let s = self.mul_m(&BigUint::from(4u32), &self.mul_m(&pt.x, &yy));
        let m = self.add_m(
            &self.mul_m(&BigUint::from(3u32), &xx),
            &self.mul_m(&self.a, &self.mul_m(&zz, &zz)),
        );
        let x3 = self.sub_m(&self.mul_m(&m, &m), &self.add_m(&s, &s));
        let y3 = self.sub_m(
            &self.mul_m(&m, &self.sub_m(&s, &x3)),
            &self.mul_m(&BigUint::from(8u32), &yyyy),
        );
        let z3 = self.mul_m(&BigUint::from(2u32), &self.mul_m(&pt.y, &pt.z));
        Jac {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    pub(crate) fn add(&self, p1: &Jac, p2: &Jac) -> Jac {
        if is_zero(&p1.z) {
            return p2.clone();
        }
        if is_zero(&p2.z) {
            return p1.clone();
        }
        let z1z1 = self.mul_m(&p1.z, &p1.z);
        let z2z2 = self.mul_m(&p2.z, &p2.z);
        let u1 = self.mul_m(&p1.x, &z2z2);
        let u2 = self.mul_m(&p2.x, &z1z1);
        let s1 = self.mul_m(&p1.y, &self.mul_m(&p2.z, &z2z2));
        let s2 = self.mul_m(&p2.y, &self.mul_m(&p1.z, &z1z1));
        if u1 == u2 {
            return if s1 == s2 {
                self.double(p1)
            } else {
                self.infinity()
            };
        }
        let h = self.sub_m(&u2, &u1);
        let r = self.sub_m(&s2, &s1);
        let hh = self.mul_m(&h, &h);
        let hhh = self.mul_m(&h, &hh);
        let v = self.mul_m(&u1, &hh);
        let x3 = self.sub_m(&self.sub_m(&self.mul_m(&r, &r), &hhh), &self.add_m(&v, &v));
        let y3 = self.sub_m(
            &self.mul_m(&r, &self.sub_m(&v, &x3)),
            &self.mul_m(&s1, &hhh),
        );
        let z3 = self.mul_m(&self.mul_m(&p1.z, &p2.z), &h);
        Jac {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// k·P by double-and-add.
    pub(crate) fn mul(&self, k: &BigUint, pt: &Jac) -> Jac {
        let kb = k.to_bytes_le();
        let mut acc = self.infinity();
        for i in (0..k.bits()).rev() {
            acc = self.double(&acc);
            if bit(&kb, i) {
                acc = self.add(&acc, pt);
            }
        }
        acc
    }

    /// k1·P1 + k2·P2 with one shared doubling chain (Shamir's trick).
    pub(crate) fn mul2(&self, k1: &BigUint, p1: &Jac, k2: &BigUint, p2: &Jac) -> Jac {
        let both = self.add(p1, p2);
        let (b1, b2) = (k1.to_bytes_le(), k2.to_bytes_le());
        let mut acc = self.infinity();
        for i in (0..k1.bits().max(k2.bits())).rev() {
            acc = self.double(&acc);
            match (bit(&b1, i), bit(&b2, i)) {
                (true, true) => acc = self.add(&acc, &both),
                (true, false) => acc = self.add(&acc, p1),
                (false, true) => acc = self.add(&acc, p2),
                (false, false) => {}
            }
        }
        acc
    }
}

fn bit(le_bytes: &[u8], i: usize) -> bool {
    le_bytes.get(i / 8).is_some_and(|b| (b >> (i % 8)) & 1 == 1)
}
