//! Verify-only GOST R 34.10 signatures in НУЦ РК's conventions (SIG-41, SIG-42, SIG-43).
//!
//! - Curves (SIG-43 item 2): GOST 34.310-2004 keys use GostR3410-2001-CryptoPro-A; GOST
//!   34.10-2015 512-bit keys use id-tc26-gost-3410-12-512-paramSetA (RFC 7836). The 256-bit
//!   2015 curve OID 1.2.398.3.10.1.1.2.1.1 is unconfirmed (G-6); it is mapped to CryptoPro-A.
//! - Hashes (SIG-43 item 3): GOST 34.311-95 = GOST R 34.11-94 with the *test* S-boxes
//!   (`gost94::Gost94Test`), Streebog-256/512 for 2015 keys.
//! - Byte order (SIG-42): the hash is read as a little-endian integer e (mod q; 0 → 1); the
//!   public key is x‖y and the signature r‖s, each half little-endian.
//! - Equation of GOST R 34.10-2012: v = e⁻¹, z1 = s·v, z2 = −r·v (mod q), C = z1·G + z2·Q,
//!   valid iff x_C mod q = r.
//!
//! Signing exists only with the `testkit` feature ([`sign_numbers`], used by the test PKI's
//! GOST 2015-512 CA and personas, SIG-43, SIG-60); it is not constant time and never runs in a
//! production build.

mod ec;
mod fast;

pub use ec::CurveParams;

use crate::error::PkiError;
use crate::oid;
use const_oid::ObjectIdentifier as Oid;
use num_bigint_dig::BigUint;
use sha2::Digest;
use std::sync::OnceLock;

/// The named curves of SIG-41.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    /// GostR3410-2001-CryptoPro-A (RFC 4357): GOST 34.310-2004 keys.
    CryptoProA,
    /// id-tc26-gost-3410-12-512-paramSetA (RFC 7836): GOST 34.10-2015 512-bit keys.
    Tc26Gost512A,
}

impl Curve {
    /// The parameters, built once.
    pub fn params(self) -> &'static CurveParams {
        static A: OnceLock<CurveParams> = OnceLock::new();
        static B: OnceLock<CurveParams> = OnceLock::new();
        match self {
            Curve::CryptoProA => A.get_or_init(|| {
                CurveParams::from_hex(
                    "GostR3410-2001-CryptoPro-A",
                    [
                        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97",
                        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD94",
                        "A6",
                        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893",
                        "1",
                        "8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14",
                    ],
                    32,
                )
            }),
            Curve::Tc26Gost512A => B.get_or_init(|| {
                CurveParams::from_hex(
                    "id-tc26-gost-3410-12-512-paramSetA",
                    [
                        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
                         FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
                        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
                         FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC4",
                        "E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265\
                         EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760",
                        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
                         27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
                        "3",
                        "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921\
                         DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4",
                    ],
                    64,
                )
            }),
        }
    }

    /// The curve named by a parameter-set OID (НУЦ OIDs and the Russian aliases).
    pub fn from_oid(o: &Oid) -> Option<Curve> {
        if *o == oid::GOST2004_CURVE || *o == oid::GOST2015_256_CURVE || *o == oid::CRYPTOPRO_A_RU {
            Some(Curve::CryptoProA)
        } else if *o == oid::GOST2015_512_CURVE || *o == oid::TC26_512_A_RU {
            Some(Curve::Tc26Gost512A)
        } else {
            None
        }
    }

    /// SIG-43 item 2: G lies on the curve and q·G is the point at infinity.
    pub fn self_check(self) -> bool {
        let c = self.params();
        let g = c.affine_point(&c.gx, &c.gy);
        c.on_curve(&c.gx, &c.gy) && c.to_affine(&c.mul(&c.q, &g)).is_none()
    }
}

/// The GOST hash functions (SIG-43 item 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GostHash {
    /// GOST 34.311-95 (GOST R 34.11-94, test parameter set).
    Gost34311,
    /// GOST 34.11-2015, 256 bits.
    Streebog256,
    /// GOST 34.11-2015, 512 bits.
    Streebog512,
}

impl GostHash {
    /// The hash of `data`, bytes as the RustCrypto implementation outputs them.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            GostHash::Gost34311 => gost94::Gost94Test::digest(data).to_vec(),
            GostHash::Streebog256 => streebog::Streebog256::digest(data).to_vec(),
            GostHash::Streebog512 => streebog::Streebog512::digest(data).to_vec(),
        }
    }

    /// The hash named by a digest-algorithm OID.
    pub fn from_oid(o: &Oid) -> Option<GostHash> {
        match *o {
            x if x == oid::GOST34311 => Some(GostHash::Gost34311),
            x if x == oid::STREEBOG256 => Some(GostHash::Streebog256),
            x if x == oid::STREEBOG512 => Some(GostHash::Streebog512),
            _ => None,
        }
    }
}

/// A GOST public key Q on a named curve.
#[derive(Debug, Clone)]
pub struct PublicKey {
    curve: Curve,
    x: BigUint,
    y: BigUint,
}

impl PublicKey {
    /// From x‖y, each half little-endian (SIG-42); the point must lie on the curve.
    pub fn from_le_bytes(curve: Curve, xy: &[u8]) -> Result<PublicKey, PkiError> {
        let c = curve.params();
        if xy.len() != 2 * c.len {
            return Err(PkiError::malformed(format!(
                "GOST public key of {} bytes, expected {}",
                xy.len(),
                2 * c.len
            )));
        }
        let x = BigUint::from_bytes_le(&xy[..c.len]);
        let y = BigUint::from_bytes_le(&xy[c.len..]);
        if !c.on_curve(&x, &y) {
            return Err(PkiError::malformed("GOST public key is not on its curve"));
        }
        Ok(PublicKey { curve, x, y })
    }

    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// Verifies a signature r‖s (each half little-endian) over a hash value as output by the
    /// hash function (read little-endian).
    pub fn verify_hash(&self, hash: &[u8], signature: &[u8]) -> bool {
        let c = self.curve.params();
        if signature.len() != 2 * c.len {
            return false;
        }
        let r = BigUint::from_bytes_le(&signature[..c.len]);
        let s = BigUint::from_bytes_le(&signature[c.len..]);
        let e = BigUint::from_bytes_le(hash);
        verify_numbers(c, (&self.x, &self.y), &e, &r, &s)
    }

    /// Hashes `data` with `hash` and verifies `signature` over it.
    pub fn verify(&self, hash: GostHash, data: &[u8], signature: &[u8]) -> bool {
        self.verify_hash(&hash.digest(data), signature)
    }

    /// x‖y, each half little-endian (the SPKI form, SIG-42).
    pub fn to_le_bytes(&self) -> Vec<u8> {
        let len = self.curve.params().len;
        let mut out = le_fixed(&self.x, len);
        out.extend(le_fixed(&self.y, len));
        out
    }

    /// Q = d·G for a private scalar 0 < d < q (test key generation).
    #[cfg(feature = "testkit")]
    pub fn from_private(curve: Curve, d: &BigUint) -> Option<PublicKey> {
        let c = curve.params();
        if ec::is_zero(d) || d >= &c.q {
            return None;
        }
        let g = c.affine_point(&c.gx, &c.gy);
        let (x, y) = c.to_affine(&c.mul(d, &g))?;
        Some(PublicKey { curve, x, y })
    }

    /// True when d·G = Q: the private scalar belongs to this key (test key stores).
    pub fn matches_private(&self, d: &BigUint) -> bool {
        let c = self.curve.params();
        let g = c.affine_point(&c.gx, &c.gy);
        c.to_affine(&c.mul(d, &g))
            .is_some_and(|(x, y)| x == self.x && y == self.y)
    }
}

/// `v` as exactly `len` little-endian bytes (zero-padded; truncated values never occur for
/// numbers below p or q).
pub(crate) fn le_fixed(v: &BigUint, len: usize) -> Vec<u8> {
    let mut b = v.to_bytes_le();
    b.resize(len, 0);
    b
}

/// Test-only signing equation of GOST R 34.10-2012 (SIG-43, `testkit`): C = k·G,
/// r = x_C mod q, s = (r·d + k·e) mod q, with `e` the hash as an integer (mod q; 0 → 1).
/// `None` when r or s is 0 (the caller picks another k) or k is out of range.
#[cfg(feature = "testkit")]
pub fn sign_numbers(
    c: &CurveParams,
    d: &BigUint,
    e: &BigUint,
    k: &BigUint,
) -> Option<(BigUint, BigUint)> {
    if ec::is_zero(k) || k >= &c.q {
        return None;
    }
    let mut e = e % &c.q;
    if ec::is_zero(&e) {
        e = BigUint::from(1u32);
    }
    let g = c.affine_point(&c.gx, &c.gy);
    let (x, _) = c.to_affine(&c.mul(k, &g))?;
    let r = x % &c.q;
    let s = (&r * d + k * &e) % &c.q;
    (!ec::is_zero(&r) && !ec::is_zero(&s)).then_some((r, s))
}

/// The verification equation on numbers (SIG-42), for any curve: `e` is the hash as an
/// integer (reduced mod q here; 0 → 1).
pub fn verify_numbers(
    c: &CurveParams,
    q_point: (&BigUint, &BigUint),
    e: &BigUint,
    r: &BigUint,
    s: &BigUint,
) -> bool {
    if ec::is_zero(r) || ec::is_zero(s) || r >= &c.q || s >= &c.q {
        return false;
    }
    if !c.on_curve(q_point.0, q_point.1) {
        return false;
    }
    let mut e = e % &c.q;
    if ec::is_zero(&e) {
        e = BigUint::from(1u32);
    }
    let v = inverse_mod(&e, &c.q);
    let z1 = (s * &v) % &c.q;
    let z2 = (&c.q - ((r * &v) % &c.q)) % &c.q;
    if let Some(fixed) = &c.fixed
        && let Some(ok) = fixed.combination_x_is(c, (&z1, (&c.gx, &c.gy)), (&z2, q_point), r)
    {
        return ok;
    }
    let g = c.affine_point(&c.gx, &c.gy);
    let qp = c.affine_point(q_point.0, q_point.1);
    match c.to_affine(&c.mul2(&z1, &g, &z2, &qp)) {
        Some((x, _)) => &(x % &c.q) == r,
        None => false,
    }
}

/// e⁻¹ mod q for 0 < e < q, q prime: the extended Euclidean algorithm, checked; Fermat's
/// e^(q−2) (a hundred times slower) if that ever fails.
fn inverse_mod(e: &BigUint, q: &BigUint) -> BigUint {
    use num_bigint_dig::{BigInt, ModInverse, Sign};
    let qi = BigInt::from_biguint(Sign::Plus, q.clone());
    if let Some(v) = e
        .clone()
        .mod_inverse(q)
        .and_then(|v| (((v % &qi) + &qi) % &qi).to_biguint())
        && (&v * e) % q == BigUint::from(1u32)
    {
        return v;
    }
    e.modpow(&(q - BigUint::from(2u32)), q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_43_named_curves_pass_the_self_check() {
        assert!(Curve::CryptoProA.self_check());
        assert!(Curve::Tc26Gost512A.self_check());
    }

    fn h(s: &str) -> BigUint {
        BigUint::parse_bytes(s.as_bytes(), 16).unwrap()
    }

    /// GOST R 34.10-2012 appendix A.1 (RFC 7091 §7.1): the 256-bit example.
    fn example_256() -> (CurveParams, [BigUint; 5]) {
        let c = CurveParams::from_hex(
            "34.10-2012 example 1",
            [
                "8000000000000000000000000000000000000000000000000000000000000431",
                "7",
                "5FBFF498AA938CE739B8E022FBAFEF40563F6E6A3472FC2A514C0CE9DAE23B7E",
                "8000000000000000000000000000000150FE8A1892976154C59CFC193ACCF5B3",
                "2",
                "08E2A8A0E65147D4BD6316030E16D19C85C97F0A9CA267122B96ABBCEA7E8FC8",
            ],
            32,
        );
        let v = [
            h("7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B"),
            h("26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA"),
            h("2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5"),
            h("41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493"),
            h("01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40"),
        ];
        (c, v)
    }

    #[test]
    fn sig_43_rfc7091_example_256_verifies_and_tampering_fails() {
        let (c, [xq, yq, e, r, s]) = example_256();
        assert!(c.on_curve(&c.gx, &c.gy));
        assert!(verify_numbers(&c, (&xq, &yq), &e, &r, &s));
        assert!(!verify_numbers(&c, (&xq, &yq), &(&e + 1u32), &r, &s));
        assert!(
            !verify_numbers(&c, (&xq, &yq), &e, &s, &r),
            "swapped r and s"
        );
    }

    #[test]
    fn sig_43_rfc7091_example_512_verifies_and_tampering_fails() {
        let c = CurveParams::from_hex(
            "34.10-2012 example 2",
            [
                "4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15D\
                 F1D852741AF4704A0458047E80E4546D35B8336FAC224DD81664BBF528BE6373",
                "7",
                "1CFF0806A31116DA29D8CFA54E57EB748BC5F377E49400FDD788B649ECA1AC43\
                 61834013B2AD7322480A89CA58E0CF74BC9E540C2ADD6897FAD0A3084F302ADC",
                "4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15D\
                 A82F2D7ECB1DBAC719905C5EECC423F1D86E25EDBE23C595D644AAF187E6E6DF",
                "24D19CC64572EE30F396BF6EBBFD7A6C5213B3B3D7057CC825F91093A68CD762\
                 FD60611262CD838DC6B60AA7EEE804E28BC849977FAC33B4B530F1B120248A9A",
                "2BB312A43BD2CE6E0D020613C857ACDDCFBF061E91E5F2C3F32447C259F39B2C\
                 83AB156D77F1496BF7EB3351E1EE4E43DC1A18B91B24640B6DBB92CB1ADD371E",
            ],
            64,
        );
        let xq = h(
            "115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD\
                    5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1",
        );
        let yq = h(
            "37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61\
                    EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC",
        );
        let e = h(
            "3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C591\
                   7184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C",
        );
        let r = h(
            "2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD3\
                   5492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36",
        );
        let s = h(
            "1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5\
                   823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A",
        );
        assert!(verify_numbers(&c, (&xq, &yq), &e, &r, &s));
        assert!(!verify_numbers(&c, (&xq, &yq), &e, &(&r + 1u32), &s));
    }

    #[cfg(feature = "testkit")]
    #[test]
    fn sig_43_test_signing_verifies_on_the_rfc7091_curve() {
        // The 256-bit example of RFC 7091: with its d and k the signature is its (r, s).
        let (c, [xq, yq, e, r, s]) = example_256();
        let d = h("7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28");
        let k = h("77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3");
        assert_eq!(sign_numbers(&c, &d, &e, &k), Some((r.clone(), s.clone())));
        assert!(verify_numbers(&c, (&xq, &yq), &e, &r, &s));
        assert_eq!(sign_numbers(&c, &d, &e, &BigUint::default()), None);
    }

    #[test]
    fn sig_43_inverse_mod_q() {
        for curve in [Curve::CryptoProA, Curve::Tc26Gost512A] {
            let q = &curve.params().q;
            for e in [
                BigUint::from(1u32),
                BigUint::from(2u32),
                q - 1u32,
                BigUint::from_bytes_le(&[0xA7; 64]) % q,
                BigUint::from_bytes_le(&[0x3C; 31]) % q,
            ] {
                let v = inverse_mod(&e, q);
                assert_eq!((&v * &e) % q, BigUint::from(1u32), "{e}");
                assert!(&v < q);
                assert_eq!(v, e.modpow(&(q - 2u32), q));
            }
        }
    }

    #[test]
    fn sig_43_out_of_range_signatures_are_refused() {
        let (c, [xq, yq, e, _r, s]) = example_256();
        assert!(!verify_numbers(&c, (&xq, &yq), &e, &BigUint::default(), &s));
        assert!(!verify_numbers(&c, (&xq, &yq), &e, &c.q.clone(), &s));
        assert!(
            !verify_numbers(&c, (&xq, &(&yq + 1u32)), &e, &s, &s),
            "Q off the curve"
        );
    }
}
