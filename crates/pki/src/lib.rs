//! Server-side ЭЦП verification core of Tauar (spec/signatures.md §2, §4, §7.1): НУЦ РК
//! certificates, CMS SignedData, RSA and GOST signatures, trust chains, CRLs and OCSP answers.
//! No HTTP and no SQL: the web layer feeds bytes in and maps [`PkiError`] to problem documents.
//!
//! Modules, by spec section:
//! - [`gost`] — GOST R 34.10 verification in НУЦ's byte order (SIG-41…SIG-43);
//! - [`algo`] — the algorithm table (SIG-41) and one signature-check entry point;
//! - [`cert`] — X.509 profile, identity mapping, trust store and path building (SIG-12…SIG-27,
//!   SIG-40, SIG-44, SIG-45);
//! - [`cms`] — SignedData parsing and signer checks (SIG-36…SIG-39);
//! - [`crl`], [`ocsp`] — revocation data (SIG-46…SIG-50);
//! - [`tsp`] — RFC 3161 signature timestamps of CAdES-T: TSTInfo, the TSA's signature,
//!   certificate and path (SIG-14, SIG-45);
//! - [`verify`] — the pipeline `verify_cms` (SIG-36…SIG-45, SIG-50, SIG-54);
//! - [`keystore`] — PKCS#12 test key stores (for `tauar signer`, SIG-66);
//! - [`error`] — `PkiError`, the §7.1 codes (SIG-55);
//! - [`testkit`] (feature `testkit`) — the test PKI of §5: `tauar pki init/revoke/unhold/crl`,
//!   the CMS signer, the OCSP responder and the TSA (SIG-59…SIG-64).

pub mod algo;
pub mod cert;
pub mod cms;
pub mod crl;
pub mod error;
pub mod gost;
pub mod keystore;
pub mod ocsp;
pub mod oid;
mod raw;
mod rsa_pub;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod tsp;
pub mod verify;

pub use algo::Algorithm;
pub use cert::{Cert, CertIdentity, CertInfo, Chain, HolderKind, KeyPurpose, Role, TrustStore};
pub use cms::{SignedCms, decode_transport, parse_cms_for_fuzzing};
pub use crl::{Crl, CrlReason, RevocationStatus, check_crl};
pub use error::PkiError;
pub use keystore::{KeyStore, open_pkcs12};
/// The big-integer type in the GOST, key-store and CRL-number APIs.
pub use num_bigint_dig::BigUint;
pub use ocsp::OcspResponse;
pub use raw::ber_to_der;
pub use tsp::{TstInfo, VerifiedTimestamp, verify_timestamp};
pub use verify::{
    Expected, Policy, TimeSource, Verified, VerifyTime, apply_revocation, verify_cms,
    verify_cms_signers,
};
