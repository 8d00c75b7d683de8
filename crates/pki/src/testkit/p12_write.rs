//! Writing PKCS#12 key stores exactly as НУЦ РК lays them out (read from the real key stores of
//! `pki-fixtures/keys/`, SIG-62): a data safe with one pkcs8ShroudedKeyBag under
//! pbeWithSHAAnd3-KeyTripleDES-CBC, an encrypted-data safe with one certBag under
//! pbeWithSHAAnd40BitRC2-CBC (only the holder's certificate, no chain), both bags carrying
//! localKeyId and friendlyName (the lower-case hex of the key id), 1024 iterations, and an
//! HMAC-SHA1 MAC. NCALayer and `keystore::open_pkcs12` read this layout for RSA and GOST keys.
//!
//! Written with the workspace's `pkcs12` KDF, `cbc`, `des`, `rc2` and `hmac` rather than the
//! `p12-keystore` crate the spec suggests: that crate is built on `der` 0.8 / `cms` 0.3
//! pre-releases (a second ASN.1 stack) and writes PBES2/AES by default, not НУЦ's legacy PBE.
//! Salts come from the caller's seeded RNG, so a key store is byte-for-byte reproducible.

use super::asn1;
use crate::error::PkiError;
use crate::oid;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockEncryptMut, InnerIvInit, KeyIvInit};
use hmac::{Hmac, Mac};
use pkcs12::kdf::{Pkcs12KeyType, derive_key_utf8};
use rand_chacha::rand_core::RngCore;

/// PBE and MAC iterations of НУЦ key stores.
pub const ITERATIONS: u16 = 1024;

fn kdf(password: &str, salt: &[u8], kind: Pkcs12KeyType, len: usize) -> Result<Vec<u8>, PkiError> {
    derive_key_utf8::<sha1::Sha1>(password, salt, kind, i32::from(ITERATIONS), len)
        .map_err(|e| PkiError::testkit(format!("PKCS#12 KDF: {e}")))
}

fn padded(data: &[u8]) -> (Vec<u8>, usize) {
    let mut buf = data.to_vec();
    buf.extend_from_slice(&[0u8; 8]);
    (buf, data.len())
}

fn encrypt_3des(password: &str, salt: &[u8], data: &[u8]) -> Result<Vec<u8>, PkiError> {
    let key = kdf(password, salt, Pkcs12KeyType::EncryptionKey, 24)?;
    let iv = kdf(password, salt, Pkcs12KeyType::Iv, 8)?;
    let (mut buf, len) = padded(data);
    let out = cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
        .map_err(|e| PkiError::testkit(format!("3DES: {e}")))?
        .encrypt_padded_mut::<Pkcs7>(&mut buf, len)
        .map_err(|e| PkiError::testkit(format!("3DES: {e}")))?;
    Ok(out.to_vec())
}

fn encrypt_rc2_40(password: &str, salt: &[u8], data: &[u8]) -> Result<Vec<u8>, PkiError> {
    let key = kdf(password, salt, Pkcs12KeyType::EncryptionKey, 5)?;
    let iv = kdf(password, salt, Pkcs12KeyType::Iv, 8)?;
    let cipher = rc2::Rc2::new_with_eff_key_len(&key, 40);
    let (mut buf, len) = padded(data);
    let out = cbc::Encryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
        .map_err(|e| PkiError::testkit(format!("RC2: {e}")))?
        .encrypt_padded_mut::<Pkcs7>(&mut buf, len)
        .map_err(|e| PkiError::testkit(format!("RC2: {e}")))?;
    Ok(out.to_vec())
}

fn pbe_alg(o: &const_oid::ObjectIdentifier, salt: &[u8]) -> Vec<u8> {
    asn1::seq(&[
        &asn1::oid(o),
        &asn1::seq(&[&asn1::octets(salt), &asn1::int(u64::from(ITERATIONS))]),
    ])
}

fn bag_attributes(key_id: &[u8]) -> Vec<u8> {
    let hex: String = key_id.iter().map(|b| format!("{b:02x}")).collect();
    let local = asn1::seq(&[
        &asn1::oid(&oid::ATTR_LOCAL_KEY_ID),
        &asn1::set_of(&[&asn1::octets(key_id)]),
    ]);
    let friendly = asn1::seq(&[
        &asn1::oid(&oid::ATTR_FRIENDLY_NAME),
        &asn1::set_of(&[&asn1::bmp(&hex)]),
    ]);
    asn1::set_of(&[&local, &friendly])
}

fn salt(rng: &mut impl RngCore) -> [u8; 20] {
    let mut s = [0u8; 20];
    rng.fill_bytes(&mut s);
    s
}

/// A PKCS#12 store with one private key (PKCS#8 DER) and its certificate, protected by
/// `password`; `key_id` is the localKeyId (НУЦ uses 20 bytes close to the serial).
pub fn write_pkcs12(
    cert_der: &[u8],
    pkcs8_der: &[u8],
    password: &str,
    key_id: &[u8],
    rng: &mut impl RngCore,
) -> Result<Vec<u8>, PkiError> {
    let attrs = bag_attributes(key_id);

    let key_salt = salt(rng);
    let epki = asn1::seq(&[
        &pbe_alg(&oid::PBE_SHA1_3DES, &key_salt),
        &asn1::octets(&encrypt_3des(password, &key_salt, pkcs8_der)?),
    ]);
    let key_bag = asn1::seq(&[
        &asn1::oid(&oid::BAG_SHROUDED_KEY),
        &asn1::ctx(0, &epki),
        &attrs,
    ]);
    let key_safe = asn1::seq(&[
        &asn1::oid(&oid::CT_DATA),
        &asn1::ctx(0, &asn1::octets(&asn1::seq(&[&key_bag]))),
    ]);

    let cert_bag_value = asn1::seq(&[
        &asn1::oid(&oid::CERT_TYPE_X509),
        &asn1::ctx(0, &asn1::octets(cert_der)),
    ]);
    let cert_bag = asn1::seq(&[
        &asn1::oid(&oid::BAG_CERT),
        &asn1::ctx(0, &cert_bag_value),
        &attrs,
    ]);
    let cert_salt = salt(rng);
    let encrypted = encrypt_rc2_40(password, &cert_salt, &asn1::seq(&[&cert_bag]))?;
    let encrypted_data = asn1::seq(&[
        &asn1::int(0),
        &asn1::seq(&[
            &asn1::oid(&oid::CT_DATA),
            &pbe_alg(&oid::PBE_SHA1_RC2_40, &cert_salt),
            &asn1::ctx_prim(0, &encrypted),
        ]),
    ]);
    let cert_safe = asn1::seq(&[
        &asn1::oid(&oid::CT_ENCRYPTED_DATA),
        &asn1::ctx(0, &encrypted_data),
    ]);

    let auth_safe = asn1::seq(&[&key_safe, &cert_safe]);
    let mac_salt = salt(rng);
    let mac_key = kdf(password, &mac_salt, Pkcs12KeyType::Mac, 20)?;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&mac_key)
        .map_err(|e| PkiError::testkit(format!("HMAC: {e}")))?;
    mac.update(&auth_safe);
    let digest = mac.finalize().into_bytes();
    let mac_data = asn1::seq(&[
        &asn1::seq(&[&asn1::alg(&oid::SHA1, true), &asn1::octets(&digest)]),
        &asn1::octets(&mac_salt),
        &asn1::int(u64::from(ITERATIONS)),
    ]);
    Ok(asn1::seq(&[
        &asn1::int(3),
        &asn1::seq(&[
            &asn1::oid(&oid::CT_DATA),
            &asn1::ctx(0, &asn1::octets(&auth_safe)),
        ]),
        &mac_data,
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::keys::{KeyKind, PrivateKey, seeded_rng};
    use crate::{PkiError, open_pkcs12};

    #[test]
    fn sig_62_written_stores_open_with_the_crates_reader() {
        for kind in [KeyKind::Gost512, KeyKind::Rsa2048] {
            let key = PrivateKey::generate(kind, &mut seeded_rng(5, "k")).unwrap();
            let pkcs8 = key.pkcs8_der().unwrap();
            let fake_cert = asn1::seq(&[&asn1::int(1)]);
            let p12 = write_pkcs12(
                &fake_cert,
                &pkcs8,
                "Tauar2026",
                &[0xAB; 20],
                &mut seeded_rng(5, "s"),
            )
            .unwrap();
            // The reader needs a certificate it can parse only to pick one; a single cert
            // bag is taken by its localKeyId.
            let ks = open_pkcs12(&p12, "Tauar2026").unwrap();
            assert_eq!(ks.private_key, pkcs8);
            assert_eq!(ks.certificate, fake_cert);
            assert_eq!(
                open_pkcs12(&p12, "tauar2026").unwrap_err(),
                PkiError::KeystorePassword
            );
        }
    }
}
