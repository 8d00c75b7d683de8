//! The algorithm table of SIG-41: which keys and signature algorithms Tauar verifies, and one
//! entry point that checks a signature over bytes with a certificate's key (certificates, CRLs,
//! OCSP responses and CMS signed attributes all go through it).
//!
//! Everything outside the table (SHA-1, RSA below 2048 bits, ECDSA, …) is refused with
//! `SIG_ALGORITHM_UNSUPPORTED`. Signature algorithm OIDs are compared without their parameters
//! (SIG-42: the 2026 test CRL's inner and outer AlgorithmIdentifiers differ in NULL parameters).

use crate::error::PkiError;
use crate::gost::{self, Curve, GostHash};
use crate::oid;
use crate::raw;
use const_oid::ObjectIdentifier as Oid;
use der::Decode;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;

/// The key families of SIG-27 (`algorithm` of `CertIdentity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    Rsa,
    Gost2015_512,
    Gost2015_256,
    Gost2004,
}

impl Algorithm {
    /// The name stored in `signatures.algorithm` (SIG-70).
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Rsa => "RSA",
            Algorithm::Gost2015_512 => "GOST2015_512",
            Algorithm::Gost2015_256 => "GOST2015_256",
            Algorithm::Gost2004 => "GOST2004",
        }
    }

    /// The one digest algorithm a CMS SignerInfo of this family may use (SIG-39, SIG-41).
    pub fn digest_oid(self) -> Oid {
        match self {
            Algorithm::Rsa => oid::SHA256,
            Algorithm::Gost2015_512 => oid::STREEBOG512,
            Algorithm::Gost2015_256 => oid::STREEBOG256,
            Algorithm::Gost2004 => oid::GOST34311,
        }
    }

    /// The hash of `data` with this family's digest.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Rsa => Sha256::digest(data).to_vec(),
            Algorithm::Gost2015_512 => GostHash::Streebog512.digest(data),
            Algorithm::Gost2015_256 => GostHash::Streebog256.digest(data),
            Algorithm::Gost2004 => GostHash::Gost34311.digest(data),
        }
    }

    /// The family a signature-algorithm OID belongs to, if it is in the table. A SignerInfo
    /// may also name the key OID (rsaEncryption; GOST 2004 key OID, SIG-42).
    pub fn of_signature_oid(o: &Oid) -> Option<Algorithm> {
        match *o {
            x if x == oid::SHA256_WITH_RSA || x == oid::RSA_ENCRYPTION => Some(Algorithm::Rsa),
            x if x == oid::GOST2015_512_SIGN => Some(Algorithm::Gost2015_512),
            x if x == oid::GOST2015_256_SIGN => Some(Algorithm::Gost2015_256),
            x if x == oid::GOST2004_SIGN || x == oid::GOST2004_KEY => Some(Algorithm::Gost2004),
            _ => None,
        }
    }
}

/// A verification key taken from a SubjectPublicKeyInfo.
#[derive(Debug, Clone)]
pub enum PublicKey {
    Rsa(rsa::RsaPublicKey),
    Gost(gost::PublicKey, Algorithm),
}

/// Smallest RSA modulus accepted (SIG-41).
pub const MIN_RSA_BITS: usize = 2048;

impl PublicKey {
    /// Reads a key of the SIG-41 table; anything else → `SIG_ALGORITHM_UNSUPPORTED`.
    pub fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<PublicKey, PkiError> {
        let alg = spki.algorithm.oid;
        if alg == oid::RSA_ENCRYPTION {
            let der = der::Encode::to_der(spki)?;
            let key = rsa::RsaPublicKey::from_public_key_der(&der)
                .map_err(|e| PkiError::malformed(format!("RSA key: {e}")))?;
            if key.n().bits() < MIN_RSA_BITS {
                return Err(PkiError::unsupported(format!("RSA-{}", key.n().bits())));
            }
            return Ok(PublicKey::Rsa(key));
        }
        let (family, default_curve) = match alg {
            x if x == oid::GOST2004_KEY => (Algorithm::Gost2004, Curve::CryptoProA),
            x if x == oid::GOST2015_512_KEY => (Algorithm::Gost2015_512, Curve::Tc26Gost512A),
            x if x == oid::GOST2015_256_KEY => (Algorithm::Gost2015_256, Curve::CryptoProA),
            other => return Err(PkiError::unsupported(oid::algorithm_name(&other))),
        };
        let curve = match gost_curve_param(spki)? {
            Some(c) => Curve::from_oid(&c)
                .ok_or_else(|| PkiError::unsupported(format!("{} curve {c}", family.as_str())))?,
            None => default_curve,
        };
        let bits = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| PkiError::malformed("GOST key BIT STRING has unused bits"))?;
        // The BIT STRING holds an OCTET STRING with x‖y; accept the bare bytes too.
        let xy = match der::asn1::OctetStringRef::from_der(bits) {
            Ok(o) => o.as_bytes().to_vec(),
            Err(_) => bits.to_vec(),
        };
        Ok(PublicKey::Gost(
            gost::PublicKey::from_le_bytes(curve, &xy)?,
            family,
        ))
    }

    pub fn algorithm(&self) -> Algorithm {
        match self {
            PublicKey::Rsa(_) => Algorithm::Rsa,
            PublicKey::Gost(_, a) => *a,
        }
    }

    /// Checks `signature` over `data` made with `sig_alg`; the algorithm must belong to this
    /// key's family (RSA certificates only from RSA CAs, GOST from GOST, SIG-44).
    pub fn verify(&self, sig_alg: &Oid, data: &[u8], signature: &[u8]) -> Result<(), PkiError> {
        let family = Algorithm::of_signature_oid(sig_alg)
            .ok_or_else(|| PkiError::unsupported(oid::algorithm_name(sig_alg)))?;
        if family != self.algorithm() {
            return Err(PkiError::invalid(format!(
                "{} signature with a {} key",
                family.as_str(),
                self.algorithm().as_str()
            )));
        }
        self.verify_hash(&family.digest(data), signature)
    }

    /// Checks `signature` over a precomputed hash of this key's family.
    pub fn verify_hash(&self, hash: &[u8], signature: &[u8]) -> Result<(), PkiError> {
        let ok = match self {
            PublicKey::Rsa(key) => crate::rsa_pub::verify_pkcs1v15_sha256(key, hash, signature),
            PublicKey::Gost(key, _) => key.verify_hash(hash, signature),
        };
        if ok {
            Ok(())
        } else {
            Err(PkiError::invalid("signature does not verify"))
        }
    }
}

/// The curve OID of GOST key parameters: SEQUENCE { curve OID, digest OID, … } or a bare OID.
fn gost_curve_param(spki: &SubjectPublicKeyInfoOwned) -> Result<Option<Oid>, PkiError> {
    let Some(params) = &spki.algorithm.parameters else {
        return Ok(None);
    };
    let bytes = der::Encode::to_der(params)?;
    if let Ok(o) = Oid::from_der(&bytes) {
        return Ok(Some(o));
    }
    if bytes.first() == Some(&0x05) {
        return Ok(None);
    }
    let (_, items) = raw::children(&bytes)?;
    match items.first() {
        Some(first) => Ok(Some(Oid::from_der(first)?)),
        None => Ok(None),
    }
}
