//! GOST R 34.10-2015 512-bit test keys (SIG-43, SIG-60, SIG-62): generation from the seeded
//! RNG, signing in НУЦ's byte order, and the key encodings НУЦ uses — SPKI
//! `1.2.398.3.10.1.1.2.2 { paramSetA, Streebog-512 }` with the 128-byte x‖y OCTET STRING, and a
//! PKCS#8 PrivateKeyInfo whose privateKey holds an OCTET STRING of the 64 little-endian bytes of
//! d (read from the real НУЦ GOST512 key stores, SIG-42).
//!
//! The nonce k of each signature is derived from d and the hash (Streebog-512 of both and a
//! counter), so signing needs no RNG and is reproducible; that is fine for test keys and would
//! not be for real ones.

use super::asn1;
use crate::error::PkiError;
use crate::gost::{self, Curve, GostHash, PublicKey};
use crate::oid;
use num_bigint_dig::BigUint;
use rand_chacha::rand_core::RngCore;

/// A GOST 2015-512 private key (curve id-tc26-gost-3410-12-512-paramSetA).
#[derive(Clone)]
pub struct GostPrivateKey {
    d: BigUint,
    public: PublicKey,
}

impl std::fmt::Debug for GostPrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GostPrivateKey(<secret>)")
    }
}

const CURVE: Curve = Curve::Tc26Gost512A;

impl GostPrivateKey {
    /// A key with d uniform enough in [1, q − 1] (64 random bytes reduced mod q − 1, plus 1).
    pub fn generate(rng: &mut impl RngCore) -> Result<GostPrivateKey, PkiError> {
        let q = &CURVE.params().q;
        let mut bytes = [0u8; 64];
        rng.fill_bytes(&mut bytes);
        let d = BigUint::from_bytes_le(&bytes) % (q - BigUint::from(1u32)) + BigUint::from(1u32);
        GostPrivateKey::from_scalar(d)
    }

    /// From the private scalar d.
    pub fn from_scalar(d: BigUint) -> Result<GostPrivateKey, PkiError> {
        let public = PublicKey::from_private(CURVE, &d)
            .ok_or_else(|| PkiError::testkit("GOST private scalar out of range"))?;
        Ok(GostPrivateKey { d, public })
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Signs a Streebog-512 hash (as the hash function outputs it): r‖s, each 64 bytes
    /// little-endian (SIG-42).
    pub fn sign_hash(&self, hash: &[u8]) -> Result<Vec<u8>, PkiError> {
        let c = CURVE.params();
        let e = BigUint::from_bytes_le(hash);
        let d_le = gost::le_fixed(&self.d, c.len);
        for counter in 0u32..64 {
            let seed = [d_le.as_slice(), hash, &counter.to_be_bytes()].concat();
            let k = BigUint::from_bytes_le(&GostHash::Streebog512.digest(&seed)) % &c.q;
            if let Some((r, s)) = gost::sign_numbers(c, &self.d, &e, &k) {
                let mut out = gost::le_fixed(&r, c.len);
                out.extend(gost::le_fixed(&s, c.len));
                return Ok(out);
            }
        }
        Err(PkiError::testkit("no GOST nonce found"))
    }

    /// Hashes `data` with Streebog-512 and signs it.
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>, PkiError> {
        self.sign_hash(&GostHash::Streebog512.digest(data))
    }

    /// AlgorithmIdentifier of the key: OID with SEQUENCE { curve, digest } (as НУЦ writes it).
    pub fn key_algorithm() -> Vec<u8> {
        asn1::seq(&[
            &asn1::oid(&oid::GOST2015_512_KEY),
            &asn1::seq(&[
                &asn1::oid(&oid::GOST2015_512_CURVE),
                &asn1::oid(&oid::STREEBOG512),
            ]),
        ])
    }

    /// SubjectPublicKeyInfo DER.
    pub fn spki_der(&self) -> Vec<u8> {
        let xy = asn1::octets(&self.public.to_le_bytes());
        asn1::seq(&[&GostPrivateKey::key_algorithm(), &asn1::bits(&xy)])
    }

    /// PKCS#8 PrivateKeyInfo as in НУЦ key stores: privateKey = OCTET STRING { OCTET STRING
    /// (64 little-endian bytes of d) }.
    pub fn pkcs8_der(&self) -> Vec<u8> {
        let inner = asn1::octets(&gost::le_fixed(&self.d, CURVE.params().len));
        asn1::seq(&[
            &asn1::int(0),
            &GostPrivateKey::key_algorithm(),
            &asn1::octets(&inner),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::{Algorithm, PublicKey as AnyKey};
    use der::Decode;
    use rand_chacha::rand_core::SeedableRng;

    #[test]
    fn sig_43_test_signatures_verify_with_the_crates_verifier() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
        let key = GostPrivateKey::generate(&mut rng).unwrap();
        let sig = key.sign(b"tauar").unwrap();
        assert_eq!(sig.len(), 128);
        assert!(
            key.public_key()
                .verify(GostHash::Streebog512, b"tauar", &sig)
        );
        assert!(
            !key.public_key()
                .verify(GostHash::Streebog512, b"tauaR", &sig)
        );
        // Swapped halves fail, as the НУЦ conventions require (AS-38).
        let swapped = [&sig[64..], &sig[..64]].concat();
        assert!(
            !key.public_key()
                .verify(GostHash::Streebog512, b"tauar", &swapped)
        );
        // The same key through the SPKI path of certificates and CMS.
        let spki = spki::SubjectPublicKeyInfoOwned::from_der(&key.spki_der()).unwrap();
        let any = AnyKey::from_spki(&spki).unwrap();
        assert_eq!(any.algorithm(), Algorithm::Gost2015_512);
        any.verify(&oid::GOST2015_512_SIGN, b"tauar", &sig).unwrap();
        // Deterministic nonce: same input, same signature.
        assert_eq!(key.sign(b"tauar").unwrap(), sig);
    }
}
