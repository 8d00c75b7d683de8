//! §4 on the real CMS fixtures (SIG-36…SIG-45): the manifest's `verify_gost_scratch` /
//! `verify_openssl` columns say every signer verifies; signing times are in `not_before`.

use crate::fixtures::{cert, manifest, read, row, test_trust, utc_time};
use kernel::Millis;
use pki::{
    Expected, HolderKind, KeyPurpose, PkiError, Policy, SignedCms, TrustStore, decode_transport,
    verify_cms, verify_cms_signers,
};

fn two_signers() -> Policy {
    Policy {
        max_signers: 2,
        ..Policy::document()
    }
}

/// T = the signing time the manifest gives (first one of "a + b").
fn signing_time(file: &str) -> Millis {
    let r = row(file);
    utc_time(r["not_before"].split(" + ").next().unwrap())
}

/// A moment inside a certificate's validity (one day after notBefore).
fn inside(c: &pki::Cert) -> Millis {
    Millis(c.info().valid_from.0 + 86_400_000)
}

/// Every signer of a multi-signer CMS: the signer checks of SIG-39 over `content`, and the
/// path to a root at a moment inside the signer certificate's validity (the two signers of the
/// test123 files were never valid at the same time, see below).
fn each_signer_verifies(file: &str, content: &[u8]) -> Vec<pki::Algorithm> {
    let cms = SignedCms::parse(&read(file)).unwrap();
    let trust = test_trust();
    (0..cms.signers.len())
        .map(|i| {
            let check = cms
                .check_signer(i, content)
                .unwrap_or_else(|e| panic!("{file} #{i}: {e}"));
            let c = &cms.certificates[check.cert_index];
            trust.build_chain(c, &cms.certificates, inside(c)).unwrap();
            check.algorithm
        })
        .collect()
}

#[test]
fn sig_43_both_signers_of_signed_attached_test123_verify() {
    let file = "cms/signed_attached_test123.cms";
    let tbs = read("cms/test123.txt");
    let algs = each_signer_verifies(file, &tbs);
    assert_eq!(
        algs.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        ["GOST2015_512", "RSA"]
    );
    let gost = cert("certs/exported/individual_valid_2015_gost512.cer");
    let rsa = cert("certs/exported/individual_valid_sign_2004_rsa.cer");
    // The whole pipeline at the signingTime (2022-09-27): the GOST signer passes, the RSA
    // signer's certificate had expired on 2022-01-18 → SIG_CERT_EXPIRED decides.
    let e = verify_cms_signers(
        &read(file),
        Expected::Tbs(&tbs),
        test_trust(),
        signing_time(file),
        &two_signers(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        PkiError::CertExpired {
            not_after: rsa.info().valid_to
        }
    );
    // The GOST signer alone, through the pipeline, is the DUAL key of ТЕСТТОВ ТЕСТТ.
    let v = verify_cms_signers(
        &read(file),
        Expected::Tbs(&tbs),
        test_trust(),
        inside(&gost),
        &two_signers(),
    );
    assert_eq!(
        v.unwrap_err().code(),
        "SIG_CERT_EXPIRED",
        "RSA signer still decides"
    );
    let parsed = SignedCms::parse(&read(file)).unwrap();
    let check = parsed.check_signer(0, &tbs).unwrap();
    let id = parsed.certificates[check.cert_index].identity().unwrap();
    assert_eq!(id.iin, "123456789012");
    assert_eq!(id.purpose, KeyPurpose::Dual);
    assert_eq!(
        parsed.signers[0]
            .signed_attrs
            .as_ref()
            .unwrap()
            .signing_time,
        Some(utc_time("220927211759Z"))
    );
}

#[test]
fn sig_43_gost2015_signer_of_test123_verifies_and_a_changed_byte_fails() {
    let cms = read("cms/signed_attached_test123.cms");
    let parsed = SignedCms::parse(&cms).unwrap();
    let content = parsed.content().unwrap().to_vec();
    assert_eq!(content, read("cms/test123.txt"));
    let check = parsed.check_signer(0, &content).unwrap();
    assert_eq!(check.algorithm.as_str(), "GOST2015_512");
    // The signature value of the GOST signer, one bit changed.
    let mut bad = parsed.clone();
    bad.signers[0].signature[10] ^= 1;
    assert_eq!(
        bad.check_signer(0, &content).unwrap_err().code(),
        "SIG_INVALID_SIGNATURE"
    );
}

#[test]
fn sig_38_both_signers_of_signed_detached_test123_verify() {
    let file = "cms/signed_detached_test123.cms";
    let tbs = read("cms/test123.txt");
    assert!(SignedCms::parse(&read(file)).unwrap().content().is_none());
    let algs = each_signer_verifies(file, &tbs);
    assert_eq!(algs.len(), 2);
    // The same CMS over other bytes: messageDigest differs.
    let e = verify_cms_signers(
        &read(file),
        Expected::Detached(b"test124"),
        test_trust(),
        signing_time(file),
        &two_signers(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_CONTENT_MISMATCH");
}

#[test]
fn sig_37_one_signer_attached_test123_verifies_and_two_signers_are_refused() {
    let file = "cms/signed_attached_one_signer_test123.cms";
    let tbs = read("cms/test123.txt");
    let (_, _, at) = one_signer();
    let v = verify_cms(
        &read(file),
        Expected::Attached(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap();
    assert_eq!(v.algorithm.as_str(), "RSA");
    assert_eq!(v.signing_time, at);
    // At its signingTime (2022-09-28) the signer certificate had expired (2022-01-18).
    let e = verify_cms(
        &read(file),
        Expected::Attached(&tbs),
        test_trust(),
        signing_time(file),
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_CERT_EXPIRED");
    assert_eq!(v.tbs_sha256, row("cms/test123.txt")["sha256"]);
    assert_eq!(v.cms_sha256, row(file)["sha256"]);
    // SIG-37.1: a Tauar act has exactly one signer.
    let e = verify_cms(
        &read("cms/signed_attached_test123.cms"),
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_MALFORMED");
}

#[test]
fn sig_43_gost2004_attached_test_verifies() {
    let file = "cms/gost2004_attached_test.cms";
    let tbs = read("cms/test.txt");
    let signer = cert("certs/exported/gost2004_attached_test_cert1.cer");
    // Within the signer certificate's validity everything verifies…
    let at = Millis(signer.info().valid_from.0 + 86_400_000);
    let v = verify_cms(
        &read(file),
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap();
    assert_eq!(v.algorithm.as_str(), "GOST2004");
    assert_eq!(v.identity.unwrap().holder_kind, HolderKind::LegalEntity);
    // …but its signingTime (2022-05-13) is after the certificate expired (2022-01-18).
    let e = verify_cms(
        &read(file),
        Expected::Tbs(&tbs),
        test_trust(),
        signing_time(file),
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        PkiError::CertExpired {
            not_after: signer.info().valid_to
        }
    );
}

#[test]
fn sig_41_every_asdasd_cms_verifies_over_asdasd_txt() {
    let tbs = read("cms/asdasd.txt");
    let mut n = 0;
    for r in manifest() {
        let file = &r["file"];
        if !file.ends_with("_asdasd.cms") {
            continue;
        }
        let at = signing_time(file);
        let v = verify_cms(
            &read(file),
            Expected::Tbs(&tbs),
            test_trust(),
            at,
            &Policy::login(),
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        let signer = if r["notes"].contains("GOST") {
            "GOST2004"
        } else {
            "RSA"
        };
        assert_eq!(v.algorithm.as_str(), signer, "{file}");
        let id = v.identity.unwrap();
        assert_eq!(id.iin, "123456789011", "{file}");
        let is_auth = file.contains("_auth_");
        assert_eq!(id.purpose == KeyPurpose::Auth, is_auth, "{file}");
        // SIG-23: a document act refuses AUTH keys.
        let doc = verify_cms(
            &read(file),
            Expected::Tbs(&tbs),
            test_trust(),
            at,
            &Policy::document(),
        );
        if is_auth {
            assert_eq!(doc.unwrap_err().code(), "SIG_WRONG_KEY_USAGE", "{file}");
        } else {
            assert!(doc.is_ok(), "{file}");
        }
        n += 1;
    }
    assert_eq!(n, 8);
}

#[test]
fn sig_38_changed_content_byte_is_content_mismatch() {
    let file = "cms/ceo_active_sign_2020_gost_asdasd.cms";
    let tbs = read("cms/asdasd.txt");
    let at = signing_time(file);
    let mut cms = read(file);
    let pos = cms.windows(6).position(|w| w == b"asdasd").unwrap();
    cms[pos] = b'A';
    // Against the TBS: the attached content is not the TBS.
    let e = verify_cms(
        &cms,
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_CONTENT_MISMATCH");
    // Against the changed bytes themselves: the messageDigest no longer matches.
    let e = verify_cms(
        &cms,
        Expected::Tbs(b"Asdasd"),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_CONTENT_MISMATCH");
    // Attached CMS where a detached one was required.
    let e = verify_cms(
        &read(file),
        Expected::Detached(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_CONTENT_MISMATCH");
}

#[test]
fn sig_39_changed_signed_attribute_is_invalid_signature() {
    let file = "cms/signed_attached_one_signer_test123.cms";
    let (_, tbs, at) = one_signer();
    let mut cms = read(file);
    // signingTime 220928144030Z: change the seconds.
    let pos = cms.windows(12).position(|w| w == b"220928144030").unwrap();
    cms[pos + 11] = b'1';
    let e = verify_cms(
        &cms,
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_INVALID_SIGNATURE");
    // The last byte is the end of the RSA signature value.
    let mut cms = read(file);
    let n = cms.len();
    cms[n - 1] ^= 0x01;
    let e = verify_cms(
        &cms,
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_INVALID_SIGNATURE");
}

#[test]
fn sig_44_signer_outside_the_trust_store_is_untrusted() {
    let file = "cms/signed_attached_one_signer_test123.cms";
    let tbs = read("cms/test123.txt");
    let gost_only = TrustStore::from_certs(vec![
        cert("ca/root_test_gost_2022.cer"),
        cert("ca/nca_gost2015_test.cer"),
    ]);
    let e = verify_cms(
        &read(file),
        Expected::Tbs(&tbs),
        &gost_only,
        one_signer().2,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_UNTRUSTED_ISSUER");
}

#[test]
fn sig_45_signer_certificate_not_yet_valid() {
    let file = "cms/individual_active_sign_2020_rsa_asdasd.cms";
    let tbs = read("cms/asdasd.txt");
    let e = verify_cms(
        &read(file),
        Expected::Tbs(&tbs),
        test_trust(),
        utc_time("200101000000Z"),
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_CERT_NOT_YET_VALID");
}

#[test]
fn sig_36_base64_with_line_breaks_and_pem_are_read() {
    use base64ct::Encoding;
    let der = read("cms/gost2004_attached_test.cms");
    let b64 = base64ct::Base64::encode_string(&der);
    let wrapped: String = b64
        .as_bytes()
        .chunks(64)
        .map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap()))
        .collect();
    assert_eq!(decode_transport(wrapped.as_bytes()).unwrap(), der);
    let pem = format!("-----BEGIN CMS-----\n{wrapped}-----END CMS-----\n");
    assert_eq!(decode_transport(pem.as_bytes()).unwrap(), der);
    assert_eq!(decode_transport(&der).unwrap(), der);
    assert!(decode_transport(b"@@not base64@@").is_err());
}

#[test]
fn sig_36_oversized_cms_is_malformed() {
    let big = vec![0x30u8; 70 * 1024];
    let e = verify_cms(
        &big,
        Expected::Tbs(b""),
        test_trust(),
        Millis(0),
        &Policy::login(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_MALFORMED");
}

#[test]
fn sig_37_tsa_token_signer_verifies() {
    // The RFC 3161 token is a SignedData over TSTInfo, signed with GOST 2004.
    let token = SignedCms::parse(&read("tsp/tsp_token.bin")).unwrap();
    assert_ne!(token.content_type, pki::oid::CT_DATA);
    let content = token.content().unwrap().to_vec();
    let check = token.check_signer(0, &content).unwrap();
    let tsa = &token.certificates[check.cert_index];
    assert_eq!(
        tsa.info().fingerprint_sha256,
        cert("certs/exported/tsp_token_cert1.cer")
            .info()
            .fingerprint_sha256
    );
    // As an act it is refused: eContentType is not id-data (SIG-37.2).
    let e = verify_cms(
        &read("tsp/tsp_token.bin"),
        Expected::Tbs(&content),
        test_trust(),
        utc_time("220918132014Z"),
        &Policy::login(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_MALFORMED");
}

// --- Re-assembled CMS (DER surgery) ------------------------------------------------------------

fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = body.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let b = n.to_be_bytes();
        let skip = b.iter().position(|x| *x != 0).unwrap();
        out.push(0x80 | (b.len() - skip) as u8);
        out.extend_from_slice(&b[skip..]);
    }
    out.extend_from_slice(body);
    out
}

/// (tag, element TLVs) of a constructed TLV.
fn split(bytes: &[u8]) -> (u8, Vec<Vec<u8>>) {
    use der::{Decode, Reader};
    let mut r = der::SliceReader::new(bytes).unwrap();
    let h = der::Header::decode(&mut r).unwrap();
    let body = r.read_slice(h.length).unwrap();
    let mut inner = der::SliceReader::new(body).unwrap();
    let mut out = Vec::new();
    while !inner.is_finished() {
        out.push(inner.tlv_bytes().unwrap().to_vec());
    }
    (bytes[0], out)
}

/// Rewrites the SignedData fields of a ContentInfo.
fn with_signed_data(cms: &[u8], f: impl Fn(&mut Vec<Vec<u8>>)) -> Vec<u8> {
    let (_, ci) = split(cms);
    let (_, explicit) = split(&ci[1]);
    let (_, mut sd) = split(&explicit[0]);
    f(&mut sd);
    let sd = tlv(0x30, &sd.concat());
    tlv(0x30, &[ci[0].clone(), tlv(0xA0, &sd)].concat())
}

/// Rewrites the fields of the only SignerInfo.
fn with_signer(cms: &[u8], f: impl Fn(&mut Vec<Vec<u8>>)) -> Vec<u8> {
    with_signed_data(cms, |sd| {
        let last = sd.len() - 1;
        let (_, infos) = split(&sd[last]);
        let (_, mut si) = split(&infos[0]);
        f(&mut si);
        sd[last] = tlv(0x31, &tlv(0x30, &si.concat()));
    })
}

/// The one-signer RSA CMS, its content, and a T inside its signer certificate's validity.
fn one_signer() -> (Vec<u8>, Vec<u8>, Millis) {
    let file = "cms/signed_attached_one_signer_test123.cms";
    let signer = cert("certs/exported/individual_valid_sign_2004_rsa.cer");
    (read(file), read("cms/test123.txt"), inside(&signer))
}

#[test]
fn sig_37_reassembly_helper_is_faithful() {
    let (cms, tbs, at) = one_signer();
    let same = with_signer(&cms, |_| {});
    assert_eq!(same, cms);
    assert!(
        verify_cms(
            &same,
            Expected::Tbs(&tbs),
            test_trust(),
            at,
            &Policy::document()
        )
        .is_ok()
    );
}

#[test]
fn sig_37_signer_certificate_missing() {
    let (cms, tbs, at) = one_signer();
    let stripped = with_signed_data(&cms, |sd| sd.retain(|f| f[0] != 0xA0));
    let e = verify_cms(
        &stripped,
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e, PkiError::SignerCertMissing);
}

#[test]
fn sig_39_no_signed_attributes_is_malformed() {
    let (cms, tbs, at) = one_signer();
    let bare = with_signer(&cms, |si| si.retain(|f| f[0] != 0xA0));
    let e = verify_cms(
        &bare,
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_MALFORMED");
}

#[test]
fn sig_41_sha1_digest_is_unsupported_and_a_gost_digest_with_rsa_is_malformed() {
    let (cms, tbs, at) = one_signer();
    let sha1 = tlv(
        0x30,
        &[tlv(0x06, &[0x2B, 0x0E, 0x03, 0x02, 0x1A]), vec![0x05, 0x00]].concat(),
    );
    let with_sha1 = with_signer(&cms, |si| si[2] = sha1.clone());
    let e = verify_cms(
        &with_sha1,
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_ALGORITHM_UNSUPPORTED");
    let streebog = tlv(
        0x30,
        &tlv(0x06, &[0x2A, 0x83, 0x0E, 0x03, 0x0A, 0x01, 0x03, 0x03]),
    );
    let mixed = with_signer(&cms, |si| si[2] = streebog.clone());
    let e = verify_cms(
        &mixed,
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_MALFORMED");
}

#[test]
fn sig_37_ber_cms_is_normalised_and_verifies() {
    let (cms, tbs, at) = one_signer();
    // ContentInfo and its [0] with indefinite lengths.
    let (_, ci) = split(&cms);
    let (_, explicit) = split(&ci[1]);
    let mut ber = vec![0x30, 0x80];
    ber.extend_from_slice(&ci[0]);
    ber.extend_from_slice(&[0xA0, 0x80]);
    ber.extend_from_slice(&explicit[0]);
    ber.extend_from_slice(&[0, 0, 0, 0]);
    let parsed = SignedCms::parse(&ber).unwrap();
    assert!(parsed.was_ber);
    let v = verify_cms(
        &ber,
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap();
    assert_eq!(v.algorithm.as_str(), "RSA");
}

#[test]
fn sig_37_zero_signers_is_malformed_not_valid() {
    let (cms, tbs, at) = one_signer();
    let none = with_signed_data(&cms, |sd| {
        let last = sd.len() - 1;
        sd[last] = vec![0x31, 0x00];
    });
    let e = verify_cms(
        &none,
        Expected::Tbs(&tbs),
        test_trust(),
        at,
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_MALFORMED");
}
