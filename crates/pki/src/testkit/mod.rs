//! The test PKI of spec §5 (SIG-59…SIG-64), behind the `testkit` feature: never part of a
//! production build (SIG-57, SIG-61).
//!
//! - [`init()`] — `tauar pki init`: the RSA and GOST hierarchies in the НУЦ РК profile, the rogue
//!   hierarchy, OCSP and TSA certificates (and the fault TSA [`FAULT_TSA`]), every persona of
//!   SIG-62 and the account test
//!   certificates of spec/accounts.md §9.0 (F-CERT) with their PKCS#12 key stores, CRLs,
//!   loopback TLS, `manifest.json` (SIG-59…SIG-62);
//! - [`dir`] — an initialised directory: `revoke`, `unhold`, `crl` (SIG-63) and the material
//!   of the local services (SIG-64);
//! - [`persona`] — the persona tables (SIG-62, F-CERT) with the expected outcomes;
//!   [`manifest`], [`state`] — the JSON files;
//! - `profile` — what each certificate looks like (CA table, persona subject and usages);
//! - [`issue`], [`crl_write`], [`p12_write`], [`asn1`] — writing certificates, CRLs, key stores
//!   and DER;
//! - [`keys`], [`gost_sign`] — seeded RSA (from a prime pool) and GOST 2015-512 keys and
//!   test-only GOST signing (SIG-43);
//! - [`cms_sign`] — the Kalkan-like CAdES-BES/-T signer [`sign_cms`] (SIG-66);
//! - [`ocsp_respond`], [`tsp`] — the OCSP responder and the TSA as pure functions with their
//!   fault modes (SIG-64);
//! - [`tls`] — the loopback TLS certificate of `tauar signer` (SIG-69).
//!
//! Every certificate carries the marker policy [`crate::oid::TEST_PKI_MARKER`] and the CN
//! prefix `TAUAR TEST` (SIG-61).

pub mod asn1;
pub mod cms_sign;
pub mod crl_write;
pub mod dir;
pub mod gost_sign;
pub mod init;
pub mod issue;
pub mod keys;
pub mod manifest;
pub mod ocsp_respond;
pub mod p12_write;
pub mod persona;
mod profile;
pub mod state;
pub mod tls;
pub mod tsp;

pub use cms_sign::{CmsDigest, CmsOptions, Signer, Timestamp, sign_cms};
pub use dir::{CrlMode, TestPki};
pub use gost_sign::GostPrivateKey;
pub use init::{InitOptions, InitOutcome, init};
pub use keys::{KeyKind, PrivateKey};
pub use manifest::{Expected, Manifest, PersonaEntry};
pub use ocsp_respond::{OcspMode, OcspReply, OcspResponder};
pub use tsp::{FAULT_TSA, Tsa, TspMode, TspRequest, TstInfo};

/// The password of every key store (satisfies the НУЦ rule, SIG-62).
pub const PASSWORD: &str = "Tauar2026";

/// Default `--base-url` of `tauar pki init`.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:13590";
