//! The PKCS#12 test key stores (`key_check` column of the manifest): each opens with its
//! password, refuses a wrong one, and holds the key of its certificate.

use crate::fixtures::{cert, manifest, read};
use pki::{PkiError, open_pkcs12};

#[test]
fn sig_66_every_key_store_opens_with_its_password_and_matches_its_certificate() {
    let mut n = 0;
    for row in manifest() {
        let file = &row["file"];
        if !file.starts_with("keys/") {
            continue;
        }
        let ks =
            open_pkcs12(&read(file), &row["password"]).unwrap_or_else(|e| panic!("{file}: {e}"));
        let c = ks.cert().unwrap();
        assert_eq!(c.info().serial_hex, row["serial"], "{file}");
        // The manifest names the exported copy of the certificate.
        if let Some(exported) = row["key_check"].split("certificate = ").nth(1) {
            assert_eq!(c.der(), cert(exported.trim()).der(), "{file}");
        }
        assert!(
            ks.key_matches_certificate().unwrap(),
            "{file}: key does not match"
        );
        n += 1;
    }
    assert_eq!(n, 37);
}

#[test]
fn sig_66_wrong_password_is_refused() {
    for file in [
        "keys/individual_valid_sign_2004_rsa.p12",
        "keys/individual_valid_2015_gost512.p12",
        "keys/ceo_valid_sign_2004_gost.p12",
    ] {
        let e = open_pkcs12(&read(file), "Qwerty13").unwrap_err();
        assert_eq!(e, PkiError::KeystorePassword, "{file}");
        assert_eq!(e.code(), "PKI_KEYSTORE_PASSWORD");
    }
    assert_eq!(
        open_pkcs12(b"garbage", "x").unwrap_err().code(),
        "PKI_KEYSTORE_MALFORMED"
    );
}

#[test]
fn sig_66_pbes2_key_store_opens() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/individual_valid_sign_2004_rsa_pbes2.p12");
    let bytes = std::fs::read(p).unwrap();
    let ks = open_pkcs12(&bytes, "Tauar2026").unwrap();
    assert_eq!(
        ks.certificate,
        read("certs/exported/individual_valid_sign_2004_rsa.cer")
    );
    assert!(ks.key_matches_certificate().unwrap());
    assert_eq!(
        open_pkcs12(&bytes, "Qwerty12").unwrap_err(),
        PkiError::KeystorePassword
    );
}

#[test]
fn sig_42_gost_private_key_formats() {
    // GOST 2004: INTEGER big-endian; GOST 2015: OCTET STRING of 64 little-endian bytes.
    let old = open_pkcs12(&read("keys/ceo_valid_sign_2004_gost.p12"), "Qwerty12").unwrap();
    let (alg, key) = old.key_parts().unwrap();
    assert_eq!(alg, pki::oid::GOST2004_KEY);
    assert_eq!(key[0], 0x02);
    let new = open_pkcs12(&read("keys/individual_valid_2015_gost512.p12"), "Aa123456").unwrap();
    let (alg, key) = new.key_parts().unwrap();
    assert_eq!(alg, pki::oid::GOST2015_512_KEY);
    assert_eq!(&key[..2], &[0x04, 0x40]);
    assert!(
        format!("{new:?}").contains("<PKCS#8>"),
        "Debug never prints the key"
    );
}
