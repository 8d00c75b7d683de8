//! Test keys: RSA (2048, and the 1024-bit key of `rsa1024-sign`) and GOST 2015-512, generated
//! from a ChaCha20 RNG seeded by `--seed` and a label, so that every key, serial and file name
//! of `tauar pki init` is reproducible (SIG-59); signing with the algorithms of SIG-41; the
//! SPKI and PKCS#8 encodings written into certificates, `DIR/ca/*.p8` and key stores.
//!
//! The RSA-2048 keys of `init` come from a **prime pool** (`pool_prime`, `pool_pair`,
//! [`PrivateKey::rsa_from_primes`]): key *i* is the product of two of a few seeded 1024-bit
//! primes, so the 54 RSA-2048 keys of the PKI cost 11 primes instead of 108 (`init` runs in
//! many test binaries). The moduli all differ; that they share factors does not matter for
//! test keys whose private halves are written next to them.

use super::asn1;
use super::gost_sign::GostPrivateKey;
use crate::algo::Algorithm;
use crate::error::PkiError;
use crate::oid;
use const_oid::ObjectIdentifier as Oid;
use num_bigint_dig::{BigUint, RandPrime};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use sha2::{Digest, Sha256};

/// The RNG of one labelled item (a key, a serial, a key store's salts): ChaCha20 seeded with
/// SHA-256("tauar-test-pki/1" ‖ seed ‖ label). Items are independent of the order in which they
/// are made, so keys can be generated in parallel and a new persona changes no other file.
pub fn seeded_rng(seed: u64, label: &str) -> ChaCha20Rng {
    let mut h = Sha256::new();
    h.update(b"tauar-test-pki/1");
    h.update(seed.to_be_bytes());
    h.update(label.as_bytes());
    ChaCha20Rng::from_seed(h.finalize().into())
}

/// The public exponent of every RSA key (as `rsa::RsaPrivateKey::new` uses).
const RSA_EXPONENT: u32 = 65_537;

/// One prime of the pool: 1024 bits with the top two bits set (so that the product of two is
/// exactly 2048 bits), with p − 1 prime to the exponent 65537 (a prime, so p ≢ 1 mod 65537).
pub fn pool_prime(rng: &mut ChaCha20Rng) -> BigUint {
    loop {
        let p = rng.gen_prime(1024);
        if (&p % RSA_EXPONENT) != BigUint::from(1u32) {
            return p;
        }
    }
}

/// The two pool primes of the `i`-th pooled key, in the order (0,1), (0,2), (1,2), (0,3),
/// (1,3), (2,3), …: a key keeps its primes when the pool grows.
pub fn pool_pair(i: usize) -> (usize, usize) {
    let (mut start, mut b) = (0, 1);
    while start + b <= i {
        start += b;
        b += 1;
    }
    (i - start, b)
}

/// How many pool primes `keys` pooled keys need.
pub fn pool_size(keys: usize) -> usize {
    match keys {
        0 => 0,
        n => pool_pair(n - 1).1 + 1,
    }
}

/// What kind of key an item gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa2048,
    /// Refused by the verifier (SIG-41); the `rsa1024-sign` persona.
    Rsa1024,
    Gost512,
}

impl KeyKind {
    pub fn algorithm(self) -> Algorithm {
        match self {
            KeyKind::Rsa2048 | KeyKind::Rsa1024 => Algorithm::Rsa,
            KeyKind::Gost512 => Algorithm::Gost2015_512,
        }
    }
}

/// A private key of the test PKI.
#[derive(Debug, Clone)]
pub enum PrivateKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    Gost(GostPrivateKey),
}

/// DigestInfo prefix of SHA-1 (RFC 8017 §9.2 note 1), for the SHA-1 test CMS of AS-19.
const SHA1_DIGEST_INFO: [u8; 15] = [
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];

fn rsa_err(e: impl std::fmt::Display) -> PkiError {
    PkiError::testkit(format!("RSA: {e}"))
}

impl PrivateKey {
    /// Generates a key of `kind` from `rng`.
    pub fn generate(kind: KeyKind, rng: &mut ChaCha20Rng) -> Result<PrivateKey, PkiError> {
        Ok(match kind {
            KeyKind::Rsa2048 => PrivateKey::Rsa(Box::new(
                rsa::RsaPrivateKey::new(rng, 2048).map_err(rsa_err)?,
            )),
            KeyKind::Rsa1024 => PrivateKey::Rsa(Box::new(
                rsa::RsaPrivateKey::new(rng, 1024).map_err(rsa_err)?,
            )),
            KeyKind::Gost512 => PrivateKey::Gost(GostPrivateKey::generate(rng)?),
        })
    }

    /// The RSA key of two distinct primes (exponent 65537); two pool primes give RSA-2048.
    pub fn rsa_from_primes(p: &BigUint, q: &BigUint) -> Result<PrivateKey, PkiError> {
        let mut key =
            rsa::RsaPrivateKey::from_p_q(p.clone(), q.clone(), BigUint::from(RSA_EXPONENT))
                .map_err(rsa_err)?;
        key.validate().map_err(rsa_err)?;
        key.precompute().map_err(rsa_err)?;
        Ok(PrivateKey::Rsa(Box::new(key)))
    }

    /// Reads PKCS#8 DER (RSA, or GOST 2015-512 in the НУЦ layout).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<PrivateKey, PkiError> {
        let (_, f) = crate::raw::children(der)?;
        let (Some(alg), Some(key)) = (f.get(1), f.get(2)) else {
            return Err(PkiError::testkit(
                "PrivateKeyInfo is not version, algorithm, key",
            ));
        };
        let alg = <spki::AlgorithmIdentifierOwned as der::Decode>::from_der(alg)?;
        if alg.oid == oid::RSA_ENCRYPTION {
            return Ok(PrivateKey::Rsa(Box::new(
                rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(rsa_err)?,
            )));
        }
        if alg.oid == oid::GOST2015_512_KEY {
            let outer = crate::raw::tlv(key)?;
            let inner = crate::raw::tlv(outer.value)?;
            if inner.tag_byte != 0x04 || inner.value.len() != 64 {
                return Err(PkiError::testkit("GOST private key is not 64 bytes"));
            }
            let d = num_bigint_dig::BigUint::from_bytes_le(inner.value);
            return Ok(PrivateKey::Gost(GostPrivateKey::from_scalar(d)?));
        }
        Err(PkiError::testkit(format!(
            "private key algorithm {}",
            alg.oid
        )))
    }

    /// The private key of an opened key store.
    pub fn from_keystore(ks: &crate::KeyStore) -> Result<PrivateKey, PkiError> {
        PrivateKey::from_pkcs8_der(&ks.private_key)
    }

    pub fn algorithm(&self) -> Algorithm {
        match self {
            PrivateKey::Rsa(_) => Algorithm::Rsa,
            PrivateKey::Gost(_) => Algorithm::Gost2015_512,
        }
    }

    /// SubjectPublicKeyInfo DER.
    pub fn spki_der(&self) -> Result<Vec<u8>, PkiError> {
        match self {
            PrivateKey::Rsa(k) => Ok(k
                .to_public_key()
                .to_public_key_der()
                .map_err(rsa_err)?
                .as_bytes()
                .to_vec()),
            PrivateKey::Gost(k) => Ok(k.spki_der()),
        }
    }

    /// PKCS#8 PrivateKeyInfo DER.
    pub fn pkcs8_der(&self) -> Result<Vec<u8>, PkiError> {
        match self {
            PrivateKey::Rsa(k) => Ok(k.to_pkcs8_der().map_err(rsa_err)?.as_bytes().to_vec()),
            PrivateKey::Gost(k) => Ok(k.pkcs8_der()),
        }
    }

    /// The signature algorithm this key signs certificates, CRLs, OCSP answers and CMS with:
    /// sha256WithRSAEncryption or GOST 34.10-2015-512 with Streebog-512 (SIG-41).
    pub fn signature_oid(&self) -> Oid {
        match self {
            PrivateKey::Rsa(_) => oid::SHA256_WITH_RSA,
            PrivateKey::Gost(_) => oid::GOST2015_512_SIGN,
        }
    }

    /// AlgorithmIdentifier of [`PrivateKey::signature_oid`] with NULL parameters (as НУЦ writes
    /// both).
    pub fn signature_algorithm(&self) -> Vec<u8> {
        asn1::alg(&self.signature_oid(), true)
    }

    /// Signs `data`: RSA PKCS#1 v1.5 over SHA-256, GOST over Streebog-512 (r‖s little-endian).
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>, PkiError> {
        self.sign_digest(&self.algorithm().digest(data))
    }

    /// Signs a digest of this key's family (SHA-256 for RSA, Streebog-512 for GOST).
    pub fn sign_digest(&self, digest: &[u8]) -> Result<Vec<u8>, PkiError> {
        match self {
            PrivateKey::Rsa(k) => k
                .sign(Pkcs1v15Sign::new::<Sha256>(), digest)
                .map_err(rsa_err),
            PrivateKey::Gost(k) => k.sign_hash(digest),
        }
    }

    /// RSA over a SHA-1 digest (only to build the refused SHA-1 CMS of AS-19).
    pub fn sign_sha1_digest(&self, digest: &[u8]) -> Result<Vec<u8>, PkiError> {
        let PrivateKey::Rsa(k) = self else {
            return Err(PkiError::testkit(
                "SHA-1 signatures exist only for RSA keys",
            ));
        };
        let scheme = Pkcs1v15Sign {
            hash_len: Some(20),
            prefix: SHA1_DIGEST_INFO.to_vec().into_boxed_slice(),
        };
        k.sign(scheme, digest).map_err(rsa_err)
    }

    /// Key identifier (RFC 5280 §4.2.1.2 method 1): SHA-1 of the subjectPublicKey bits.
    pub fn key_id(&self) -> Result<Vec<u8>, PkiError> {
        let spki = self.spki_der()?;
        let (_, parts) = crate::raw::children(&spki)?;
        let bits = parts
            .get(1)
            .ok_or_else(|| PkiError::testkit("SPKI without key"))?;
        let value = crate::raw::tlv(bits)?.value;
        let key = value.get(1..).unwrap_or_default();
        Ok(<sha1::Sha1 as sha2::Digest>::digest(key).to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::PublicKey;
    use der::Decode;

    #[test]
    fn sig_59_same_seed_and_label_give_the_same_key() {
        let a = PrivateKey::generate(KeyKind::Gost512, &mut seeded_rng(7, "x")).unwrap();
        let b = PrivateKey::generate(KeyKind::Gost512, &mut seeded_rng(7, "x")).unwrap();
        let c = PrivateKey::generate(KeyKind::Gost512, &mut seeded_rng(7, "y")).unwrap();
        assert_eq!(a.pkcs8_der().unwrap(), b.pkcs8_der().unwrap());
        assert_ne!(a.pkcs8_der().unwrap(), c.pkcs8_der().unwrap());
    }

    #[test]
    fn sig_59_pool_pairs_are_distinct_and_stable() {
        let pairs: Vec<_> = (0..28).map(pool_pair).collect();
        assert_eq!(&pairs[..4], &[(0, 1), (0, 2), (1, 2), (0, 3)]);
        for (i, (a, b)) in pairs.iter().enumerate() {
            assert!(a < b && *b < pool_size(i + 1), "{i}: {a} {b}");
            assert!(!pairs[..i].contains(&(*a, *b)));
        }
        assert_eq!(pool_size(0), 0);
        assert_eq!(pool_size(1), 2);
        assert_eq!(pool_size(24), 8);
        assert_eq!(pool_size(28), 8);
        assert_eq!(pool_size(29), 9);
    }

    #[test]
    fn sig_41_pooled_rsa_keys_are_2048_bit_and_verify() {
        use rsa::traits::PublicKeyParts;
        let p = pool_prime(&mut seeded_rng(3, "p"));
        let q = pool_prime(&mut seeded_rng(3, "q"));
        assert_eq!(p, pool_prime(&mut seeded_rng(3, "p")), "seeded");
        let k = PrivateKey::rsa_from_primes(&p, &q).unwrap();
        let PrivateKey::Rsa(rsa_key) = &k else {
            panic!("not RSA")
        };
        assert_eq!(rsa_key.n().bits(), 2048);
        let sig = k.sign(b"data").unwrap();
        let spki = spki::SubjectPublicKeyInfoOwned::from_der(&k.spki_der().unwrap()).unwrap();
        PublicKey::from_spki(&spki)
            .unwrap()
            .verify(&k.signature_oid(), b"data", &sig)
            .unwrap();
        let back = PrivateKey::from_pkcs8_der(&k.pkcs8_der().unwrap()).unwrap();
        assert_eq!(back.spki_der().unwrap(), k.spki_der().unwrap());
        assert!(PrivateKey::rsa_from_primes(&p, &p).is_err());
    }

    #[test]
    fn sig_41_both_families_sign_what_the_verifier_accepts() {
        for kind in [KeyKind::Rsa2048, KeyKind::Gost512] {
            let k = PrivateKey::generate(kind, &mut seeded_rng(1, "k")).unwrap();
            let sig = k.sign(b"data").unwrap();
            let spki = spki::SubjectPublicKeyInfoOwned::from_der(&k.spki_der().unwrap()).unwrap();
            let public = PublicKey::from_spki(&spki).unwrap();
            public.verify(&k.signature_oid(), b"data", &sig).unwrap();
            let back = PrivateKey::from_pkcs8_der(&k.pkcs8_der().unwrap()).unwrap();
            assert_eq!(back.spki_der().unwrap(), k.spki_der().unwrap());
            assert_eq!(k.key_id().unwrap().len(), 20);
        }
    }
}
