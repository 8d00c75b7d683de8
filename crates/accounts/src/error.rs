//! The one error type of the accounts slice. Every refusal carries the spec's message id
//! (§5.10 `MSG-…`) as its public code, so the API and the pages show the same text.

use kernel::ErrorCode;

/// A field of a form and what is wrong with it (ACC-41: every error of the form at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's API name (`email`, `mobile_phone`, `password`, …).
    pub field: &'static str,
    pub code: ErrorCode,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// A refusal with its code and the arguments of its message (`{n}`, `{email}`, …).
    #[error("refused: {code}")]
    Refused {
        code: ErrorCode,
        args: Vec<(&'static str, String)>,
    },
    /// Invalid fields of a form; nothing was stored.
    #[error("invalid fields: {0:?}")]
    Fields(Vec<FieldError>),
    /// The certificate step or a signature was refused (spec/signatures.md §7.1).
    #[error(transparent)]
    Signature(#[from] pki::PkiError),
    #[error(transparent)]
    Signing(signatures::SignaturesError),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error(transparent)]
    Mail(#[from] notify::NotifyError),
    #[error("internal: {0}")]
    Internal(String),
}

impl AccountsError {
    pub fn refused(code: ErrorCode) -> AccountsError {
        AccountsError::Refused {
            code,
            args: Vec::new(),
        }
    }

    pub fn with(code: ErrorCode, args: Vec<(&'static str, String)>) -> AccountsError {
        AccountsError::Refused { code, args }
    }

    /// The public code of the error (`INTERNAL` for faults).
    pub fn code(&self) -> ErrorCode {
        match self {
            AccountsError::Refused { code, .. } => *code,
            AccountsError::Fields(f) => f.first().map(|f| f.code).unwrap_or(ErrorCode::BadRequest),
            AccountsError::Signature(e)
            | AccountsError::Signing(signatures::SignaturesError::Refused(e)) => {
                e.error_code().unwrap_or(ErrorCode::Internal)
            }
            AccountsError::Signing(signatures::SignaturesError::Invalid(_)) => {
                ErrorCode::BadRequest
            }
            _ => ErrorCode::Internal,
        }
    }
}

impl From<signatures::SignaturesError> for AccountsError {
    fn from(e: signatures::SignaturesError) -> Self {
        match e {
            signatures::SignaturesError::Refused(p) => AccountsError::Signature(p),
            other => AccountsError::Signing(other),
        }
    }
}

impl From<sqlx::Error> for AccountsError {
    fn from(e: sqlx::Error) -> Self {
        AccountsError::Db(db::DbError::from(e))
    }
}
