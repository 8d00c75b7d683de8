//! The parts of the `tauar` binary that tests also start in-process (spec/signatures.md §5):
//! the test PKI's local revocation and time services ([`pki_serve`], `tauar pki serve`,
//! SIG-64) and the NCALayer-compatible local signer ([`signer`], `tauar signer`,
//! SIG-66…SIG-69). Both exist only with the `testkit` feature (SIG-57, SIG-61) and listen on
//! loopback only ([`loopback`]). The command line itself lives in the binary (`main.rs`).

#[cfg(feature = "testkit")]
pub mod error;
#[cfg(feature = "testkit")]
pub mod loopback;
#[cfg(feature = "testkit")]
pub mod pki_serve;
#[cfg(feature = "testkit")]
pub mod signer;

#[cfg(feature = "testkit")]
pub use error::ServiceError;
