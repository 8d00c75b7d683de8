//! The one error type of the classifier crate, and its mapping onto the public error codes
//! of `kernel::ErrorCode`.

use crate::import::RowError;
use kernel::ErrorCode;

/// Errors of the classifier crate.
#[derive(Debug, thiserror::Error)]
pub enum ClassifierError {
    /// A code that cannot be a code of its classifier (`kind` is `enstru` or `oktru`).
    #[error("malformed {kind} code: {input:?}")]
    MalformedCode { kind: &'static str, input: String },
    /// The import file cannot be read at all: not CSV/XLSX, a missing column, bad encoding.
    #[error("the import file cannot be read: {0}")]
    ImportUnreadable(String),
    /// The import file is over a limit (size in bytes or number of rows).
    #[error("the import file is too large: {0}")]
    ImportTooLarge(String),
    /// Rows of the import file are invalid; nothing was written. `errors` holds at most
    /// [`crate::import::MAX_REPORTED_ERRORS`] of them, `total` counts all.
    #[error("{total} invalid row(s) in the import file; nothing was written")]
    ImportInvalid { errors: Vec<RowError>, total: usize },
    /// A stored JSON column cannot be read (the database was edited by hand).
    #[error("stored JSON cannot be read: {0}")]
    StoredJson(#[from] serde_json::Error),
    /// A stored value outside its domain (the database was edited by hand).
    #[error("stored value out of its domain: {0}")]
    StoredValue(String),
    /// The data compiled in for the demo cannot be read (a build problem, not a user's).
    #[error("demo source data: {0}")]
    DemoData(String),
    #[error(transparent)]
    Db(#[from] db::DbError),
}

impl From<db::sqlx::Error> for ClassifierError {
    fn from(e: db::sqlx::Error) -> Self {
        ClassifierError::Db(db::DbError::Sqlx(e))
    }
}

impl ClassifierError {
    /// The public code of the error (problem documents, CLI exit messages).
    pub fn code(&self) -> ErrorCode {
        match self {
            ClassifierError::MalformedCode { .. } => ErrorCode::CodeMalformed,
            ClassifierError::ImportUnreadable(_) => ErrorCode::ImportUnreadable,
            ClassifierError::ImportTooLarge(_) => ErrorCode::PayloadTooLarge,
            ClassifierError::ImportInvalid { .. } => ErrorCode::ImportInvalid,
            ClassifierError::StoredJson(_)
            | ClassifierError::StoredValue(_)
            | ClassifierError::DemoData(_)
            | ClassifierError::Db(_) => ErrorCode::Internal,
        }
    }
}
