//! SIG-39 signed attributes on the one fixture that carries signingCertificateV2
//! (`cms/gost2004_attached_test.cms`), and the trailing byte of that file.

use crate::fixtures::{cert, read, utc_time};
use pki::SignedCms;

const FILE: &str = "cms/gost2004_attached_test.cms";

#[test]
fn sig_39_signing_certificate_v2_names_the_signer() {
    let cms = SignedCms::parse(&read(FILE)).unwrap();
    let attrs = cms.signers[0].signed_attrs.clone().unwrap();
    assert_eq!(attrs.signing_time, Some(utc_time("220513095032Z")));
    let ids = attrs.signing_certificate_v2.unwrap();
    assert_eq!(ids[0].hash_algorithm, pki::oid::SHA256, "DEFAULT sha256");
    let signer = cert("certs/exported/gost2004_attached_test_cert1.cer");
    assert_eq!(ids[0].matches(signer.der()), Some(true));
    assert_eq!(
        cms.signers[0].signature_algorithm,
        pki::oid::GOST2004_KEY,
        "SIG-42: the key OID as signature algorithm"
    );
    assert!(cms.check_signer(0, b"test").is_ok());
}

#[test]
fn sig_39_signing_certificate_v2_of_another_certificate_is_invalid() {
    let mut cms = SignedCms::parse(&read(FILE)).unwrap();
    // Only the parsed value changes: the signature over the received bytes still verifies, so
    // the refusal comes from the attribute check itself.
    let attrs = cms.signers[0].signed_attrs.as_mut().unwrap();
    attrs.signing_certificate_v2.as_mut().unwrap()[0].hash[0] ^= 1;
    let e = cms.check_signer(0, b"test").unwrap_err();
    assert_eq!(e.code(), "SIG_INVALID_SIGNATURE");
    let attrs = cms.signers[0].signed_attrs.as_mut().unwrap();
    attrs.signing_certificate_v2.as_mut().unwrap()[0].hash_algorithm =
        const_oid::ObjectIdentifier::new_unwrap("1.2.3.4");
    let e = cms.check_signer(0, b"test").unwrap_err();
    assert_eq!(e.code(), "SIG_ALGORITHM_UNSUPPORTED");
}

#[test]
fn sig_37_trailing_zero_byte_is_ignored_other_trailing_data_is_not() {
    let bytes = read(FILE);
    assert_eq!(bytes.last(), Some(&0), "the source's trailing 0x00");
    assert!(SignedCms::parse(&bytes).is_ok());
    let mut bad = bytes.clone();
    *bad.last_mut().unwrap() = 1;
    assert_eq!(SignedCms::parse(&bad).unwrap_err().code(), "SIG_MALFORMED");
}

#[test]
fn sig_39_content_type_attribute_must_equal_econtent_type() {
    let mut cms = SignedCms::parse(&read(FILE)).unwrap();
    cms.signers[0].signed_attrs.as_mut().unwrap().content_type = Some(pki::oid::CT_SIGNED_DATA);
    assert_eq!(
        cms.check_signer(0, b"test").unwrap_err().code(),
        "SIG_MALFORMED"
    );
}
