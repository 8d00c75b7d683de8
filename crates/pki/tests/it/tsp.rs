//! SIG-45, SIG-14 on the real НУЦ РК test TSA token (`tsp/tsp_token.bin`, G-8): its TSTInfo
//! reads as the manifest says, its GOST 34.310-2004 TSA signature, critical timeStamping EKU
//! and path to the test GOST root pass, and its SHA-1 message imprint is refused.

use crate::fixtures::{cert, read};
use kernel::Millis;
use pki::tsp::TimestampToken;
use pki::{TrustStore, TstInfo, verify_timestamp};

fn gost_trust() -> TrustStore {
    TrustStore::from_certs(vec![
        cert("ca/root_gost_test.crt"),
        cert("ca/nca_gost_test.crt"),
    ])
}

fn ms(rfc3339: &str) -> Millis {
    Millis(rfc3339.parse::<jiff::Timestamp>().unwrap().as_millisecond())
}

#[test]
fn sig_45_real_nuc_token_reads_as_the_manifest_says() {
    let token = read("tsp/tsp_token.bin");
    let info = TstInfo::from_token(&token).unwrap();
    // manifest.csv: "TSTInfo policy 1.2.398.3.3.2.6.1, message imprint SHA-1, genTime Sep 18
    // 13:20:14 2022 GMT"; openssl ts -reply -text: serial, nonce.
    assert_eq!(info.policy, "1.2.398.3.3.2.6.1");
    assert_eq!(info.hash_algorithm, pki::oid::SHA1);
    assert_eq!(info.hashed_message.len(), 20);
    assert_eq!(info.gen_time, ms("2022-09-18T13:20:14Z"));
    assert_eq!(
        info.serial,
        [
            0x5E, 0x84, 0x6D, 0xD7, 0x5D, 0x86, 0x11, 0x54, 0xDB, 0x10, 0xF1, 0x3C, 0x54, 0xDC,
            0x1F, 0x8D, 0x33, 0xFE, 0x6A, 0xDC
        ]
    );
    assert_eq!(
        info.nonce.as_deref(),
        Some(&[0x01, 0x83, 0x50, 0xC0, 0x22, 0xD7][..])
    );
    assert!(!info.ordering);
    assert_eq!((info.accuracy, info.tsa_name), (None, None));
}

#[test]
fn sig_14_real_nuc_tsa_signature_and_certificate_pass() {
    let token = TimestampToken::parse(&read("tsp/tsp_token.bin")).unwrap();
    let (tsa, chain) = token.verify_tsa(&gost_trust()).unwrap();
    assert_eq!(tsa.info().ext_key_usage, ["1.3.6.1.5.5.7.3.8"]);
    assert_eq!(chain.len(), 3, "TSA → nca_gost_test → root_gost_test");
    assert_eq!(chain[0], tsa.der());
    // Without the НУЦ GOST CAs there is no path.
    assert_eq!(
        token.verify_tsa(&TrustStore::default()).unwrap_err().code(),
        "SIG_UNTRUSTED_ISSUER"
    );
}

#[test]
fn sig_45_sha1_imprint_is_refused_as_an_invalid_signature() {
    let token = read("tsp/tsp_token.bin");
    let parsed = TimestampToken::parse(&token).unwrap();
    assert_eq!(
        parsed.check_imprint(b"anything").unwrap_err().code(),
        "SIG_ALGORITHM_UNSUPPORTED"
    );
    // Through the whole check every failure is SIG_INVALID_SIGNATURE (SIG-45).
    let e = verify_timestamp(&token, b"anything", &gost_trust()).unwrap_err();
    assert_eq!(e.code(), "SIG_INVALID_SIGNATURE", "{e}");
}

#[test]
fn sig_45_damaged_real_tokens_are_invalid_never_a_panic() {
    let token = read("tsp/tsp_token.bin");
    let trust = gost_trust();
    for n in (0..token.len()).step_by(11) {
        let e = verify_timestamp(&token[..n], b"x", &trust).unwrap_err();
        assert_eq!(e.code(), "SIG_INVALID_SIGNATURE");
    }
    // One flipped byte in the TSTInfo's serial number: the TSA's signature fails.
    let serial = [0x5E, 0x84, 0x6D, 0xD7];
    let at = token.windows(4).position(|w| w == serial).unwrap();
    let mut damaged = token.clone();
    damaged[at] ^= 0x01;
    let parsed = TimestampToken::parse(&damaged).unwrap();
    let e = parsed.verify_tsa(&trust).unwrap_err();
    assert_eq!(e.code(), "SIG_CONTENT_MISMATCH", "{e}");
}
