//! Tests of the `tauar` binary as users run it: a real server process, killed and restarted;
//! the classifier import command; the test PKI's local services and signer; and the browser
//! tests in headless Chromium.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;
mod crash;
mod import;
mod pki_cli;
mod pki_serve;
mod process;
mod security;
mod signer;
mod test_pki;
