//! SIG-42/43, AS-38: GOST certificate signatures on the real НУЦ test material.

use crate::fixtures::{cert, manifest, read};
use pki::Cert;

/// The issuer file named by a `verify_gost_scratch` chain, e.g.
/// "OK (ca/root_gost_test.crt > ca/nca_gost_test.crt > this)" → the element before "this".
fn issuer_in_chain(answer: &str, this: &str) -> Option<String> {
    let inner = answer.strip_prefix("OK (")?.strip_suffix(')')?;
    if inner == "self-signed" {
        return Some(this.to_string());
    }
    let parts: Vec<&str> = inner.split(" > ").map(str::trim).collect();
    let pos = parts.iter().position(|p| *p == "this")?;
    Some(parts[pos.checked_sub(1)?].to_string())
}

#[test]
fn sig_43_every_gost_certificate_verifies_under_its_issuer() {
    let mut checked = 0;
    for row in manifest() {
        let file = &row["file"];
        let answer = &row["verify_gost_scratch"];
        if !(file.starts_with("ca/") || file.starts_with("certs/")) || !answer.starts_with("OK") {
            continue;
        }
        let issuer = issuer_in_chain(answer, file).unwrap_or_else(|| panic!("{file}: {answer}"));
        let c = cert(file);
        let i = cert(&issuer);
        c.verify_signed_by(&i)
            .unwrap_or_else(|e| panic!("{file} under {issuer}: {e}"));
        assert!(
            c.info().algorithm.unwrap().as_str().starts_with("GOST"),
            "{file}"
        );
        checked += 1;
    }
    // 8 GOST CA certificates (2 of them production) + 28 GOST end-entity certificates.
    assert_eq!(checked, 36);
}

/// Flips one byte of the DER at `pos`.
fn flipped(der: &[u8], pos: usize) -> Vec<u8> {
    let mut d = der.to_vec();
    d[pos] ^= 0x01;
    d
}

/// Reverses each half of the signature value at the end of the DER (little ↔ big endian) or
/// swaps the halves (r ↔ s).
fn with_signature(der: &[u8], half: usize, f: impl Fn(&[u8], &[u8]) -> Vec<u8>) -> Vec<u8> {
    let n = der.len();
    let (r, s) = (&der[n - 2 * half..n - half], &der[n - half..]);
    let mut d = der[..n - 2 * half].to_vec();
    d.extend(f(r, s));
    d
}

fn negative_cases(leaf: &str, issuer: &str, half: usize) {
    let i = cert(issuer);
    let der = cert(leaf).der().to_vec();
    Cert::from_der(&der).unwrap().verify_signed_by(&i).unwrap();
    // A changed byte inside the TBS (the subject area) breaks the signature.
    let tbs_byte = 200;
    let c = Cert::from_der(&flipped(&der, tbs_byte)).unwrap();
    assert!(c.verify_signed_by(&i).is_err(), "{leaf}: TBS byte changed");
    // One bit of the signature value.
    let c = Cert::from_der(&flipped(&der, der.len() - 3)).unwrap();
    assert!(c.verify_signed_by(&i).is_err(), "{leaf}: signature bit");
    // r and s swapped.
    let swapped = with_signature(&der, half, |r, s| [s, r].concat());
    assert!(
        Cert::from_der(&swapped)
            .unwrap()
            .verify_signed_by(&i)
            .is_err()
    );
    // Read big-endian.
    let be = with_signature(&der, half, |r, s| {
        let (mut r, mut s) = (r.to_vec(), s.to_vec());
        r.reverse();
        s.reverse();
        [r, s].concat()
    });
    assert!(Cert::from_der(&be).unwrap().verify_signed_by(&i).is_err());
    // The RFC 4491 order s‖r big-endian (the byte-reverse of the whole value).
    let rfc = with_signature(&der, half, |r, s| {
        let mut all = [r, s].concat();
        all.reverse();
        all
    });
    assert!(Cert::from_der(&rfc).unwrap().verify_signed_by(&i).is_err());
}

#[test]
fn as_38_gost2015_individual_under_nca_gost2015_test_and_tampering_fails() {
    negative_cases(
        "certs/exported/individual_valid_2015_gost512.cer",
        "ca/nca_gost2015_test.cer",
        64,
    );
}

#[test]
fn as_38_gost2004_head_under_nca_gost_test_and_tampering_fails() {
    negative_cases(
        "certs/ceo_valid_sign_2004_gost.cer",
        "ca/nca_gost_test.crt",
        32,
    );
}

#[test]
fn sig_44_gost_certificate_does_not_verify_under_another_gost_ca() {
    let leaf = cert("certs/exported/individual_valid_2015_gost512.cer");
    assert!(
        leaf.verify_signed_by(&cert("ca/root_test_gost_2022.cer"))
            .is_err()
    );
    let old = cert("certs/ceo_valid_sign_2004_gost.cer");
    assert!(old.verify_signed_by(&cert("ca/kuc_gost_test.cer")).is_err());
    // A GOST certificate under an RSA CA key: another family, refused.
    assert!(old.verify_signed_by(&cert("ca/nca_rsa_test.crt")).is_err());
}

#[test]
fn sig_42_gost_public_keys_are_on_their_curves() {
    use pki::algo::PublicKey;
    for f in [
        "ca/nca_gost2015_test.cer",
        "ca/nca_gost_test.crt",
        "certs/exported/signright_valid_2026_gost512.cer",
    ] {
        assert!(
            matches!(cert(f).public_key().unwrap(), PublicKey::Gost(..)),
            "{f}"
        );
    }
    assert!(read("ca/nca_gost2015_test.cer").len() > 900);
}
