//! Signed acts of Tauar (spec/signatures.md §1, §4.9, §6): the challenges the server issues,
//! the verification of what NCALayer returns (through the `pki` crate), the signatures kept
//! forever beside the exact bytes signed, and the hash-chained audit log.
//!
//! Every workflow completes a signed act the same way (SIG-52):
//! 1. [`Signing::issue`] stores a challenge whose TBS (canonical JSON, SIG-8) names the act;
//! 2. the browser signs the TBS with NCALayer and posts `{challenge_id, cms_base64}`;
//! 3. [`Signing::verify`] runs the slow checks (CMS, chain, validity, revocation, binding)
//!    outside any transaction;
//! 4. [`Signing::complete`] (or [`Signing::complete_with`], whose step applies the act) consumes
//!    the challenge, stores the signature, applies the act and appends the audit row in one
//!    transaction — shared, each act in its own savepoint, with the other acts waiting at
//!    that moment ([`commit`], SIG-56). [`Signing::record`] does the same inside a transaction
//!    the caller owns and commits.
//!
//! Modules: [`purpose`] (SIG-10, SIG-23, SIG-24, SIG-30 filters), [`tbs`] (SIG-8), [`revocation`]
//! (SIG-46…SIG-51), [`store`] (SQL), [`audit`] (SIG-71, SIG-72, SIG-74), [`commit`] (group
//! commit, SIG-52, SIG-56), [`service`].

pub mod audit;
pub mod commit;
pub mod purpose;
pub mod revocation;
pub mod service;
pub mod store;
pub mod tbs;

pub use audit::{AuditEntry, AuditReport};
pub use commit::ApplyFuture;
pub use purpose::{Binding, KeyKind, Purpose};
pub use revocation::{
    AllowedHosts, OcspConfig, Revocation, RevocationAnswer, RevocationConfig, RevocationCounters,
    RevocationEvidence, RevocationMode, RootCrlEvidence,
};
pub use service::{ChallengeIssued, Recorded, Signing, SigningConfig, VerifiedAct};
pub use tbs::{ActObject, TbsInput};

/// The errors of the slice: a refusal with its §7.1 code, or a storage failure.
#[derive(Debug, thiserror::Error)]
pub enum SignaturesError {
    /// The signature is refused; nothing was stored but the audit row of the refusal (SIG-5).
    #[error(transparent)]
    Refused(#[from] pki::PkiError),
    /// A request the API cannot serve (unknown purpose, bad base64 …).
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The act's transaction could not commit (SIG-52: nothing of the act was stored; the
    /// challenge is still unused, so the user can retry).
    #[error("the act was not committed: {0}")]
    NotCommitted(String),
}

impl From<sqlx::Error> for SignaturesError {
    fn from(e: sqlx::Error) -> Self {
        SignaturesError::Db(db::DbError::from(e))
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in d {
        s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        s.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    s
}
