//! PKCS#12 key stores (RFC 7292) — **test material only**: the НУЦ test `.p12` files of
//! `pki-fixtures/keys/` and, later, the key stores `tauar signer` signs with (SIG-62, SIG-66).
//! The server never sees a private key.
//!
//! Every НУЦ store in the fixtures uses the legacy scheme: MAC HMAC-SHA1 (PKCS#12 KDF, 1024
//! iterations), the key bag under pbeWithSHAAnd3-KeyTripleDES-CBC and the certificates under
//! pbeWithSHAAnd40BitRC2-CBC. Also read: 2-key 3DES and 128-bit RC2 PBE, and PBES2
//! (PBKDF2 + AES-CBC, OpenSSL 3's default) with a SHA-256 MAC.
//!
//! A wrong password is `PKI_KEYSTORE_PASSWORD` (MAC mismatch, or a padding error when a store
//! has no MAC).

use crate::cert::Cert;
use crate::error::PkiError;
use crate::oid;
use crate::raw;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, BlockSizeUser, InnerIvInit, KeyIvInit};
use const_oid::ObjectIdentifier as Oid;
use der::{Decode, Encode};
use hmac::{Hmac, Mac};
use num_bigint_dig::BigUint;
use pkcs12::kdf::{Pkcs12KeyType, derive_key_utf8};
use rsa::traits::PublicKeyParts;
use spki::AlgorithmIdentifierOwned;

const LOCAL_KEY_ID: Oid = oid::ATTR_LOCAL_KEY_ID;

/// The content of an opened key store.
#[derive(Clone)]
pub struct KeyStore {
    /// DER of the certificate that belongs to the private key.
    pub certificate: Vec<u8>,
    /// DER of any other certificates in the store (CA certificates).
    pub other_certificates: Vec<Vec<u8>>,
    /// The private key as PKCS#8 PrivateKeyInfo DER.
    pub private_key: Vec<u8>,
}

impl std::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyStore")
            .field("certificate", &self.certificate.len())
            .field("other_certificates", &self.other_certificates.len())
            .field("private_key", &"<PKCS#8>")
            .finish()
    }
}

fn bad(detail: impl std::fmt::Display) -> PkiError {
    PkiError::KeystoreMalformed {
        detail: detail.to_string(),
    }
}

/// Opens a PKCS#12 store with its password.
pub fn open_pkcs12(p12: &[u8], password: &str) -> Result<KeyStore, PkiError> {
    // Java and Kalkan write BER (indefinite lengths) inside the store: normalise each layer.
    let pfx = pkcs12::pfx::Pfx::from_der(&der_of(p12)?).map_err(bad)?;
    if pfx.auth_safe.content_type != oid::CT_DATA {
        return Err(bad(
            "authSafe is not id-data (public-key integrity is not supported)",
        ));
    }
    let data = der::asn1::OctetString::from_der(&pfx.auth_safe.content.to_der().map_err(bad)?)
        .map_err(bad)?;
    let data = data.as_bytes();
    if let Some(mac) = &pfx.mac_data {
        verify_mac(mac, password, data)?;
    }
    let safes: Vec<cms::content_info::ContentInfo> = Vec::from_der(&der_of(data)?).map_err(bad)?;
    let mut keys: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
    let mut certs: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
    for ci in safes {
        let content = ci.content.to_der().map_err(bad)?;
        let bags_der = if ci.content_type == oid::CT_DATA {
            der::asn1::OctetString::from_der(&content)
                .map_err(bad)?
                .as_bytes()
                .to_vec()
        } else if ci.content_type == oid::CT_ENCRYPTED_DATA {
            let (alg, enc) = encrypted_data(&content)?;
            decrypt(&alg, &enc, password)?
        } else {
            continue;
        };
        let bags: Vec<pkcs12::safe_bag::SafeBag> =
            Vec::from_der(&der_of(&bags_der)?).map_err(bad)?;
        for bag in bags {
            let id = local_key_id(&bag);
            let inner = raw::tlv(&bag.bag_value)?.value.to_vec();
            match bag.bag_id {
                x if x == oid::BAG_SHROUDED_KEY => {
                    let epki = pkcs12::pbe_params::EncryptedPrivateKeyInfo::from_der(&inner)
                        .map_err(bad)?;
                    let key = decrypt(
                        &epki.encryption_algorithm,
                        epki.encrypted_data.as_bytes(),
                        password,
                    )?;
                    keys.push((der_of(&key)?, id));
                }
                x if x == oid::BAG_KEY => keys.push((inner, id)),
                x if x == oid::BAG_CERT => {
                    let cb = pkcs12::cert_type::CertBag::from_der(&inner).map_err(bad)?;
                    if cb.cert_id == oid::CERT_TYPE_X509 {
                        certs.push((cb.cert_value.as_bytes().to_vec(), id));
                    }
                }
                _ => {}
            }
        }
    }
    let (private_key, key_id) = match keys.len() {
        1 => keys.remove(0),
        0 => return Err(bad("no private key in the store")),
        _ => return Err(bad("more than one private key in the store")),
    };
    let pos = certs
        .iter()
        .position(|(_, id)| key_id.is_some() && *id == key_id)
        .or_else(|| {
            certs
                .iter()
                .position(|(der, _)| Cert::from_der(der).is_ok_and(|c| !c.info().is_ca))
        })
        .ok_or_else(|| bad("no certificate for the private key"))?;
    let (certificate, _) = certs.remove(pos);
    Ok(KeyStore {
        certificate,
        other_certificates: certs.into_iter().map(|(d, _)| d).collect(),
        private_key,
    })
}

fn der_of(bytes: &[u8]) -> Result<Vec<u8>, PkiError> {
    raw::ber_to_der(bytes).map_err(|e| bad(format!("BER: {e}")))
}

/// EncryptedData ::= SEQUENCE { version, EncryptedContentInfo ::= SEQUENCE { contentType,
/// contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT OCTET STRING } }; in BER the
/// `[0]` may be constructed from OCTET STRING chunks.
fn encrypted_data(der: &[u8]) -> Result<(AlgorithmIdentifierOwned, Vec<u8>), PkiError> {
    let (_, f) = raw::children(der)?;
    let eci = f
        .get(1)
        .ok_or_else(|| bad("EncryptedData without content info"))?;
    let (_, parts) = raw::children(eci)?;
    let (Some(alg), Some(enc)) = (parts.get(1), parts.get(2)) else {
        return Err(bad("EncryptedContentInfo without algorithm or content"));
    };
    let alg = AlgorithmIdentifierOwned::from_der(alg).map_err(bad)?;
    let t = raw::tlv(enc)?;
    let bytes = match t.tag_byte {
        0x80 => t.value.to_vec(),
        0xA0 => {
            let mut out = Vec::new();
            for chunk in raw::elements(t.value)? {
                out.extend_from_slice(raw::tlv(chunk)?.value);
            }
            out
        }
        _ => return Err(bad("encryptedContent is not [0]")),
    };
    Ok((alg, bytes))
}

fn local_key_id(bag: &pkcs12::safe_bag::SafeBag) -> Option<Vec<u8>> {
    bag.bag_attributes.as_ref()?.iter().find_map(|a| {
        (a.oid == LOCAL_KEY_ID)
            .then(|| a.values.iter().next().map(|v| v.value().to_vec()))
            .flatten()
    })
}

fn verify_mac(
    mac: &pkcs12::mac_data::MacData,
    password: &str,
    data: &[u8],
) -> Result<(), PkiError> {
    let salt = mac.mac_salt.as_bytes();
    let expected = mac.mac.digest.as_bytes();
    let ok = match mac.mac.algorithm.oid {
        x if x == oid::SHA1 => {
            let key = derive_key_utf8::<sha1::Sha1>(
                password,
                salt,
                Pkcs12KeyType::Mac,
                mac.iterations,
                20,
            )
            .map_err(bad)?;
            let mut m = Hmac::<sha1::Sha1>::new_from_slice(&key).map_err(bad)?;
            m.update(data);
            m.verify_slice(expected).is_ok()
        }
        x if x == oid::SHA256 => {
            let key = derive_key_utf8::<sha2::Sha256>(
                password,
                salt,
                Pkcs12KeyType::Mac,
                mac.iterations,
                32,
            )
            .map_err(bad)?;
            let mut m = Hmac::<sha2::Sha256>::new_from_slice(&key).map_err(bad)?;
            m.update(data);
            m.verify_slice(expected).is_ok()
        }
        other => return Err(bad(format!("MAC algorithm {other}"))),
    };
    if ok {
        Ok(())
    } else {
        Err(PkiError::KeystorePassword)
    }
}

/// Decrypts with a PKCS#12 PBE (RFC 7292 App. B + C) or PBES2 scheme.
fn decrypt(
    alg: &AlgorithmIdentifierOwned,
    data: &[u8],
    password: &str,
) -> Result<Vec<u8>, PkiError> {
    if alg.oid == oid::PBES2 {
        let der = alg.to_der().map_err(bad)?;
        let scheme = pkcs5::EncryptionScheme::try_from(der.as_slice()).map_err(bad)?;
        return scheme
            .decrypt(password.as_bytes(), data)
            .map_err(|_| PkiError::KeystorePassword);
    }
    let params = alg
        .parameters
        .as_ref()
        .ok_or_else(|| bad("PBE without parameters"))?
        .to_der()
        .map_err(bad)?;
    let p = pkcs12::pbe_params::Pkcs12PbeParams::from_der(&params).map_err(bad)?;
    let (salt, n) = (p.salt.as_bytes(), p.iterations);
    let derive =
        |kind, len| derive_key_utf8::<sha1::Sha1>(password, salt, kind, n, len).map_err(bad);
    let mut buf = data.to_vec();
    let out = match alg.oid {
        x if x == oid::PBE_SHA1_3DES => {
            let (key, iv) = (
                derive(Pkcs12KeyType::EncryptionKey, 24)?,
                derive(Pkcs12KeyType::Iv, 8)?,
            );
            cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(bad)?
                .decrypt_padded_mut::<Pkcs7>(&mut buf)
                .map(<[u8]>::to_vec)
        }
        x if x == oid::PBE_SHA1_2DES => {
            let (key, iv) = (
                derive(Pkcs12KeyType::EncryptionKey, 16)?,
                derive(Pkcs12KeyType::Iv, 8)?,
            );
            cbc::Decryptor::<des::TdesEde2>::new_from_slices(&key, &iv)
                .map_err(bad)?
                .decrypt_padded_mut::<Pkcs7>(&mut buf)
                .map(<[u8]>::to_vec)
        }
        x if x == oid::PBE_SHA1_RC2_40 || x == oid::PBE_SHA1_RC2_128 => {
            let len = if x == oid::PBE_SHA1_RC2_40 { 5 } else { 16 };
            let key = derive(Pkcs12KeyType::EncryptionKey, len)?;
            let iv = derive(Pkcs12KeyType::Iv, rc2::Rc2::block_size())?;
            let cipher = rc2::Rc2::new_with_eff_key_len(&key, len * 8);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
                .map_err(bad)?
                .decrypt_padded_mut::<Pkcs7>(&mut buf)
                .map(<[u8]>::to_vec)
        }
        other => return Err(bad(format!("encryption algorithm {other}"))),
    };
    out.map_err(|_| PkiError::KeystorePassword)
}

impl KeyStore {
    /// The key's certificate, parsed.
    pub fn cert(&self) -> Result<Cert, PkiError> {
        Cert::from_der(&self.certificate)
    }

    /// The PrivateKeyInfo algorithm OID and the privateKey OCTET STRING contents.
    pub fn key_parts(&self) -> Result<(Oid, Vec<u8>), PkiError> {
        let (_, f) = raw::children(&self.private_key)?;
        let (Some(alg), Some(key)) = (f.get(1), f.get(2)) else {
            return Err(bad("PrivateKeyInfo is not version, algorithm, key"));
        };
        let alg = AlgorithmIdentifierOwned::from_der(alg).map_err(bad)?;
        let key = der::asn1::OctetStringRef::from_der(key).map_err(bad)?;
        Ok((alg.oid, key.as_bytes().to_vec()))
    }

    /// The GOST private scalar d: an INTEGER (big-endian) for GOST 2004, an OCTET STRING of
    /// little-endian bytes for GOST 2015 (SIG-42); bare bytes are read little-endian too.
    pub fn gost_private_scalar(&self) -> Result<BigUint, PkiError> {
        let (_, key) = self.key_parts()?;
        if let Ok(i) = der::asn1::UintRef::from_der(&key) {
            return Ok(BigUint::from_bytes_be(i.as_bytes()));
        }
        if let Ok(o) = der::asn1::OctetStringRef::from_der(&key) {
            return Ok(BigUint::from_bytes_le(o.as_bytes()));
        }
        Ok(BigUint::from_bytes_le(&key))
    }

    /// True when the private key belongs to the certificate: RSA by modulus, GOST by d·G = Q.
    pub fn key_matches_certificate(&self) -> Result<bool, PkiError> {
        let cert = self.cert()?;
        let spki = &cert.x509().tbs_certificate.subject_public_key_info;
        if spki.algorithm.oid == oid::RSA_ENCRYPTION {
            // Read the RSA key directly, not through the SIG-41 table: a test key store may
            // hold a key the verifier refuses (the RSA-1024 persona of SIG-62).
            use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
            let public = rsa::RsaPublicKey::from_public_key_der(&spki.to_der().map_err(bad)?)
                .map_err(bad)?;
            let private = rsa::RsaPrivateKey::from_pkcs8_der(&self.private_key).map_err(bad)?;
            return Ok(private.n() == public.n());
        }
        match cert.public_key()? {
            crate::algo::PublicKey::Gost(public, _) => {
                Ok(public.matches_private(&self.gost_private_scalar()?))
            }
            crate::algo::PublicKey::Rsa(_) => Err(bad("RSA key under a non-RSA algorithm")),
        }
    }
}
