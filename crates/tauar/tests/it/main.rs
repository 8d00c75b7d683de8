//! Tests of the `tauar` binary as users run it: a real server process, killed and restarted;
//! the classifier import command; and the browser smoke test in headless Chromium.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;
mod crash;
mod import;
mod pki_cli;
mod process;
