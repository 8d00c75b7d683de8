//! The CMS parser on arbitrary bytes (issue 5 §4): parse, read every certificate's profile and
//! run the signer checks; any panic, overflow or hang is a finding.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    pki::parse_cms_for_fuzzing(data);
});
