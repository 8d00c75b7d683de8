//! AS-25 / SIG-37: no input makes the parsers panic (random bytes, truncated and mutated real
//! CMS, timestamp tokens, certificates and CRLs).

use crate::fixtures::read;
use pki::{Cert, Crl, parse_cms_for_fuzzing};
use proptest::prelude::*;

const SAMPLES: [&str; 4] = [
    "cms/signed_attached_one_signer_test123.cms",
    "cms/gost2004_attached_test.cms",
    "cms/signed_detached_test123.cms",
    // A real НУЦ TimeStampToken (SIG-45): SignedData over a TSTInfo.
    "tsp/tsp_token.bin",
];

fn everything(bytes: &[u8]) {
    parse_cms_for_fuzzing(bytes);
    let _ = Cert::parse(bytes);
    let _ = Crl::from_der(bytes);
    let _ = pki::ocsp::OcspResponse::from_der(bytes);
    let _ = pki::open_pkcs12(bytes, "Qwerty12");
    let _ = pki::ber_to_der(bytes);
    let _ = pki::decode_transport(bytes);
    let _ = pki::TstInfo::from_der(bytes);
    let _ = pki::TstInfo::from_token(bytes);
}

#[test]
fn as_25_every_truncation_of_real_cms_is_refused_without_panic() {
    for f in SAMPLES {
        let full = read(f);
        for n in (0..full.len()).step_by(7) {
            everything(&full[..n]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn as_25_random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        everything(&bytes);
    }

    #[test]
    fn as_25_der_like_headers_never_panic(
        tag in any::<u8>(),
        len in prop::sample::select(vec![0x80u8, 0x81, 0x82, 0x84, 0x85, 0x7f, 0x00]),
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut bytes = vec![0x30, 0x80, tag, len];
        bytes.extend(body);
        everything(&bytes);
    }

    #[test]
    fn as_25_mutated_real_cms_never_panics(
        which in 0usize..SAMPLES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
    ) {
        let mut bytes = read(SAMPLES[which]);
        for (i, b) in edits {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        parse_cms_for_fuzzing(&bytes);
    }
}
