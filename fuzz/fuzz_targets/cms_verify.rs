//! The whole verification pipeline on arbitrary bytes, as the server runs it on what a browser
//! posts: transport decoding (base64/PEM), parsing, content binding, signer and chain checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let trust = pki::TrustStore::default();
    if let Ok(der) = pki::decode_transport(data) {
        let _ = pki::verify_cms(
            &der,
            pki::Expected::Tbs(b"test123"),
            &trust,
            kernel::Millis(1_700_000_000_000),
            &pki::Policy::document(),
        );
    }
});
