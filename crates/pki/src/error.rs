//! The one error type of the crate: the server codes of spec §7.1 (SIG-55).
//!
//! Every variant is one code of the §7.1 table; `code()` returns it verbatim, `status()` its
//! HTTP status and `error_code()` the same code in the kernel's registry, whose title is the
//! Fluent message `error-sig-<kebab>`. The placeholders of the messages (`{alg}`, `{date}`,
//! `{reason}`, `{iin}`, `{bin}`) come from `args()`. Free-text `detail` fields are for logs
//! only and never shown to users (SIG-5).
//!
//! Three variants are not in §7.1 and never reach a user of the server: the test key-store
//! errors of the `keystore` module (they serve `tauar signer`, SIG-66/67) and the errors of the
//! test PKI tools (`testkit` feature: files, state, arguments; SIG-59…SIG-64).

use crate::crl::CrlReason;
use kernel::Millis;

/// A refusal with its §7.1 code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkiError {
    /// `SIG_MALFORMED` — the input is not a CMS / certificate / CRL we can read (SIG-36, SIG-37).
    #[error("malformed: {detail}")]
    Malformed { detail: String },
    /// `SIG_SIGNER_CERT_MISSING` — no certificate in the CMS matches the SignerInfo (SIG-37.3).
    #[error("the signer certificate is not in the CMS")]
    SignerCertMissing,
    /// `SIG_INVALID_SIGNATURE` — a signature does not verify, or a signed attribute that binds
    /// the certificate does not match (SIG-39, SIG-4.1).
    #[error("invalid signature: {detail}")]
    InvalidSignature { detail: String },
    /// `SIG_CONTENT_MISMATCH` — the signed content is not the expected bytes (SIG-38, SIG-39).
    #[error("content mismatch: {detail}")]
    ContentMismatch { detail: String },
    /// `SIG_ALGORITHM_UNSUPPORTED` — an algorithm outside the SIG-41 table.
    #[error("algorithm not supported: {alg}")]
    AlgorithmUnsupported { alg: String },
    /// `SIG_NOT_PERSONAL_CERT` — no ИИН, or the holder kind cannot be decided (SIG-16, SIG-18).
    #[error("not a personal certificate: {detail}")]
    NotPersonalCert { detail: String },
    /// `SIG_UNTRUSTED_ISSUER` — no path to a configured root (SIG-44).
    #[error("untrusted issuer: {detail}")]
    UntrustedIssuer { detail: String },
    /// `SIG_CERT_EXPIRED` — notAfter is before the signing time (SIG-45).
    #[error("certificate expired at {not_after:?}")]
    CertExpired { not_after: Millis },
    /// `SIG_CERT_NOT_YET_VALID` — notBefore is after the signing time (SIG-45).
    #[error("certificate not valid before {not_before:?}")]
    CertNotYetValid { not_before: Millis },
    /// `SIG_CERT_REVOKED` — revoked or on hold at the signing time (SIG-49, SIG-50).
    #[error("certificate revoked at {at:?} ({reason:?})")]
    CertRevoked {
        reason: Option<CrlReason>,
        at: Millis,
    },
    /// `SIG_REVOCATION_UNAVAILABLE` — no trustworthy, fresh revocation answer (SIG-49).
    #[error("revocation status unavailable: {detail}")]
    RevocationUnavailable { detail: String },
    /// `SIG_WRONG_KEY_USAGE` — key purpose does not fit (SIG-22, SIG-23, SIG-40).
    #[error("wrong key usage: {detail}")]
    WrongKeyUsage { detail: String },
    /// `SIG_ROLE_NOT_ALLOWED` — the role OIDs do not fit the act (SIG-17, SIG-24).
    #[error("role not allowed: {detail}")]
    RoleNotAllowed { detail: String },
    /// `SIG_IIN_MISMATCH` — the certificate's ИИН is not the account's (SIG-24).
    #[error("IIN mismatch: certificate has {iin}")]
    IinMismatch { iin: String },
    /// `SIG_BIN_MISMATCH` — the certificate's БИН is not the organisation's (SIG-24).
    #[error("BIN mismatch: certificate has {bin}")]
    BinMismatch { bin: String },
    /// `SIG_EMAIL_MISMATCH` — e-mail differs or is absent (SIG-24, SIG-26).
    #[error("e-mail mismatch")]
    EmailMismatch,
    /// `SIG_CHALLENGE_REPLAYED` (SIG-52).
    #[error("challenge already used")]
    ChallengeReplayed,
    /// `SIG_CHALLENGE_EXPIRED` (SIG-52).
    #[error("challenge expired")]
    ChallengeExpired,
    /// `SIG_CHALLENGE_UNKNOWN` (SIG-52, SIG-53).
    #[error("challenge unknown")]
    ChallengeUnknown,
    /// Not in §7.1 (test key stores only): the PKCS#12 password is wrong (MAC mismatch).
    #[error("wrong key-store password")]
    KeystorePassword,
    /// Not in §7.1 (test key stores only): the PKCS#12 file cannot be read.
    #[error("key store unreadable: {detail}")]
    KeystoreMalformed { detail: String },
    /// Not in §7.1 (test PKI tools only): a file, state or argument problem of `tauar pki …`.
    #[error("test PKI: {detail}")]
    Testkit { detail: String },
}

impl PkiError {
    /// Every code, in §7.1 order, then the key-store and test-PKI codes.
    pub const CODES: &'static [&'static str] = &[
        "SIG_MALFORMED",
        "SIG_SIGNER_CERT_MISSING",
        "SIG_INVALID_SIGNATURE",
        "SIG_CONTENT_MISMATCH",
        "SIG_ALGORITHM_UNSUPPORTED",
        "SIG_NOT_PERSONAL_CERT",
        "SIG_UNTRUSTED_ISSUER",
        "SIG_CERT_EXPIRED",
        "SIG_CERT_NOT_YET_VALID",
        "SIG_CERT_REVOKED",
        "SIG_REVOCATION_UNAVAILABLE",
        "SIG_WRONG_KEY_USAGE",
        "SIG_ROLE_NOT_ALLOWED",
        "SIG_IIN_MISMATCH",
        "SIG_BIN_MISMATCH",
        "SIG_EMAIL_MISMATCH",
        "SIG_CHALLENGE_REPLAYED",
        "SIG_CHALLENGE_EXPIRED",
        "SIG_CHALLENGE_UNKNOWN",
        "PKI_KEYSTORE_PASSWORD",
        "PKI_KEYSTORE_MALFORMED",
        "PKI_TESTKIT",
    ];

    /// The stable code exactly as in spec §7.1.
    pub fn code(&self) -> &'static str {
        match self {
            PkiError::Malformed { .. } => "SIG_MALFORMED",
            PkiError::SignerCertMissing => "SIG_SIGNER_CERT_MISSING",
            PkiError::InvalidSignature { .. } => "SIG_INVALID_SIGNATURE",
            PkiError::ContentMismatch { .. } => "SIG_CONTENT_MISMATCH",
            PkiError::AlgorithmUnsupported { .. } => "SIG_ALGORITHM_UNSUPPORTED",
            PkiError::NotPersonalCert { .. } => "SIG_NOT_PERSONAL_CERT",
            PkiError::UntrustedIssuer { .. } => "SIG_UNTRUSTED_ISSUER",
            PkiError::CertExpired { .. } => "SIG_CERT_EXPIRED",
            PkiError::CertNotYetValid { .. } => "SIG_CERT_NOT_YET_VALID",
            PkiError::CertRevoked { .. } => "SIG_CERT_REVOKED",
            PkiError::RevocationUnavailable { .. } => "SIG_REVOCATION_UNAVAILABLE",
            PkiError::WrongKeyUsage { .. } => "SIG_WRONG_KEY_USAGE",
            PkiError::RoleNotAllowed { .. } => "SIG_ROLE_NOT_ALLOWED",
            PkiError::IinMismatch { .. } => "SIG_IIN_MISMATCH",
            PkiError::BinMismatch { .. } => "SIG_BIN_MISMATCH",
            PkiError::EmailMismatch => "SIG_EMAIL_MISMATCH",
            PkiError::ChallengeReplayed => "SIG_CHALLENGE_REPLAYED",
            PkiError::ChallengeExpired => "SIG_CHALLENGE_EXPIRED",
            PkiError::ChallengeUnknown => "SIG_CHALLENGE_UNKNOWN",
            PkiError::KeystorePassword => "PKI_KEYSTORE_PASSWORD",
            PkiError::KeystoreMalformed { .. } => "PKI_KEYSTORE_MALFORMED",
            PkiError::Testkit { .. } => "PKI_TESTKIT",
        }
    }

    /// The HTTP status of §7.1 (SIG-55).
    pub fn status(&self) -> u16 {
        match self {
            PkiError::Malformed { .. } | PkiError::ChallengeUnknown => 400,
            PkiError::RevocationUnavailable { .. } => 503,
            PkiError::WrongKeyUsage { .. }
            | PkiError::RoleNotAllowed { .. }
            | PkiError::IinMismatch { .. }
            | PkiError::BinMismatch { .. }
            | PkiError::EmailMismatch => 403,
            PkiError::ChallengeReplayed => 409,
            PkiError::ChallengeExpired => 410,
            PkiError::KeystorePassword | PkiError::KeystoreMalformed { .. } => 400,
            PkiError::Testkit { .. } => 500,
            _ => 422,
        }
    }

    /// The public error code of the kernel registry (its title is the Fluent message
    /// `error-sig-…`); `None` for the key-store and test-PKI errors of the test tools, which the
    /// server never returns.
    pub fn error_code(&self) -> Option<kernel::ErrorCode> {
        kernel::ErrorCode::parse(self.code())
    }

    /// The values of the message placeholders of §7.1, by name. Dates are `DD.MM.YYYY` in
    /// local time; `reason` is a kebab-case key (`revoked`, `suspended`, `key-compromise`,
    /// `superseded`, …) that the message selects its words with.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            PkiError::AlgorithmUnsupported { alg } => vec![("alg", alg.clone())],
            PkiError::CertExpired { not_after } => vec![("date", not_after.format_local_date())],
            PkiError::CertNotYetValid { not_before } => {
                vec![("date", not_before.format_local_date())]
            }
            PkiError::CertRevoked { reason, at } => vec![
                (
                    "reason",
                    reason.map_or("revoked", CrlReason::message_key).to_string(),
                ),
                ("date", at.format_local_date()),
            ],
            PkiError::IinMismatch { iin } => vec![("iin", iin.clone())],
            PkiError::BinMismatch { bin } => vec![("bin", bin.clone())],
            _ => Vec::new(),
        }
    }

    pub(crate) fn malformed(detail: impl Into<String>) -> PkiError {
        PkiError::Malformed {
            detail: detail.into(),
        }
    }

    pub(crate) fn invalid(detail: impl Into<String>) -> PkiError {
        PkiError::InvalidSignature {
            detail: detail.into(),
        }
    }

    pub(crate) fn untrusted(detail: impl Into<String>) -> PkiError {
        PkiError::UntrustedIssuer {
            detail: detail.into(),
        }
    }

    pub(crate) fn unsupported(alg: impl Into<String>) -> PkiError {
        PkiError::AlgorithmUnsupported { alg: alg.into() }
    }

    /// A test-PKI tool error (`testkit`).
    pub fn testkit(detail: impl Into<String>) -> PkiError {
        PkiError::Testkit {
            detail: detail.into(),
        }
    }
}

impl From<der::Error> for PkiError {
    fn from(e: der::Error) -> Self {
        PkiError::malformed(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_55_every_server_code_is_in_the_kernel_registry() {
        for code in PkiError::CODES {
            let registered = kernel::ErrorCode::parse(code);
            if code.starts_with("SIG_") {
                let c = registered.unwrap_or_else(|| panic!("{code} is not in kernel::ErrorCode"));
                assert_eq!(
                    c.title_id(),
                    format!("error-{}", code.to_ascii_lowercase().replace('_', "-"))
                );
            } else {
                assert!(registered.is_none(), "{code} is a test-tool error");
            }
        }
        assert_eq!(
            PkiError::ChallengeExpired.error_code().map(|c| c.status()),
            Some(410)
        );
    }

    #[test]
    fn sig_55_statuses_of_the_table() {
        assert_eq!(PkiError::malformed("x").status(), 400);
        assert_eq!(PkiError::ChallengeReplayed.status(), 409);
        assert_eq!(PkiError::ChallengeExpired.status(), 410);
        assert_eq!(PkiError::EmailMismatch.status(), 403);
        assert_eq!(PkiError::untrusted("x").status(), 422);
        let e = PkiError::RevocationUnavailable { detail: "x".into() };
        assert_eq!((e.code(), e.status()), ("SIG_REVOCATION_UNAVAILABLE", 503));
    }
}
