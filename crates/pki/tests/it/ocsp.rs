//! Reading the fixture OCSP responses (SIG-47 parts that need no client): status, times,
//! reasons, CertID matching and the responder signature.

use crate::fixtures::{cert, openssl_time, read, row};
use kernel::Millis;
use pki::CrlReason;
use pki::ocsp::{OcspCertStatus, OcspResponse};

fn check(file: &str, cert_file: &str, issuer_file: &str, expected: OcspCertStatus) {
    let r = OcspResponse::from_der(&read(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let m = row(file);
    assert_eq!(r.produced_at, openssl_time(&m["not_before"]), "{file}");
    assert_eq!(r.responses.len(), 1);
    assert_eq!(r.responses[0].serial_hex, m["serial"], "{file}");
    assert_eq!(r.responses[0].status, expected, "{file}");
    assert!(r.nonce.is_some(), "{file}: NCANode sends a nonce");
    let (c, issuer) = (cert(cert_file), cert(issuer_file));
    let single = r
        .status_for(&c, &issuer)
        .unwrap_or_else(|| panic!("{file}: CertID"));
    assert_eq!(single.serial_hex, c.info().serial_hex);
    // Signed by a delegated responder certificate that the issuing CA signed.
    let signer = r
        .verify_signature(&issuer)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(
        signer
            .info()
            .ext_key_usage
            .contains(&"1.3.6.1.5.5.7.3.9".to_string())
    );
    // Another CA does not vouch for it.
    let other = cert("ca/root_rsa_test.crt");
    assert!(r.verify_signature(&other).is_err());
    assert!(r.status_for(&c, &other).is_none());
    assert_eq!(r.der(), read(file).as_slice());
}

#[test]
fn sig_47_ocsp_good_individual_sign_2004() {
    check(
        "ocsp/ocsp_response_individual_sign_2004.bin",
        "certs/exported/individual_valid_sign_2004_rsa.cer",
        "ca/nca_rsa_test.crt",
        OcspCertStatus::Good,
    );
}

#[test]
fn sig_47_ocsp_revoked_ceo_sign_2004() {
    check(
        "ocsp/ocsp_response_ceo_sign_2004_revoked.bin",
        "certs/exported/ceo_revoked_sign_2004.cer",
        "ca/nca_gost_test.crt",
        OcspCertStatus::Revoked {
            at: openssl_time("Jan 18 06:30:55 2022 GMT"),
            reason: Some(CrlReason::Superseded),
        },
    );
}

#[test]
fn sig_47_ocsp_hold_individual_2015() {
    check(
        "ocsp/ocsp_response_individual_2015.bin",
        "certs/exported/individual_valid_2015_gost512.cer",
        "ca/nca_gost2015_test.cer",
        OcspCertStatus::Revoked {
            at: Millis(0),
            reason: Some(CrlReason::CertificateHold),
        },
    );
}

#[test]
fn sig_47_ocsp_hold_ceo_2015() {
    check(
        "ocsp/ocsp_response_ceo_2015_revoked.bin",
        "certs/exported/ceo_revoked_2015_gost512.cer",
        "ca/nca_gost2015_test.cer",
        OcspCertStatus::Revoked {
            at: openssl_time("Jul 27 10:25:30 2022 GMT"),
            reason: Some(CrlReason::CertificateHold),
        },
    );
}

#[test]
fn sig_47_garbage_is_not_an_ocsp_response() {
    assert_eq!(
        OcspResponse::from_der(b"\x30\x03\x0a\x01\x00")
            .unwrap_err()
            .code(),
        "SIG_MALFORMED"
    );
    // tryLater (3): a response that says nothing about the certificate.
    assert_eq!(
        OcspResponse::from_der(b"\x30\x03\x0a\x01\x03")
            .unwrap_err()
            .code(),
        "SIG_REVOCATION_UNAVAILABLE"
    );
}
