//! The one error type of the crate.

use std::path::PathBuf;
use std::time::Duration;

/// Everything that can go wrong while queueing or delivering mail.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// The recipient or sender is not a valid address (permanent: retrying cannot help).
    #[error("invalid e-mail address {0:?}")]
    InvalidAddress(String),
    /// The message itself cannot be sent as given (permanent).
    #[error("invalid mail: {0}")]
    InvalidMail(String),
    /// A mailer URL that is neither `smtp://`, `smtps://` nor `dir:`/`file://`.
    #[error("invalid mailer URL {url}: {reason}")]
    MailerUrl { url: String, reason: String },
    /// Building the RFC 5322 message failed (permanent).
    #[error("cannot build the message: {0}")]
    Build(#[from] lettre::error::Error),
    /// The SMTP conversation failed (connection refused, TLS, 4xx/5xx replies).
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    /// The SMTP server did not finish within the send timeout (lettre issue #1027).
    #[error("SMTP: no answer within {0:?}")]
    Timeout(Duration),
    /// Writing to or reading from a mail directory failed.
    #[error("mail directory {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A delivered message could not be read back (test support).
    #[error("cannot parse the message {path}: {reason}")]
    Parse { path: PathBuf, reason: String },
}

impl From<db::sqlx::Error> for NotifyError {
    fn from(e: db::sqlx::Error) -> Self {
        NotifyError::Db(db::DbError::from(e))
    }
}

impl NotifyError {
    /// True when sending this message again can never succeed: a bad address or a message that
    /// cannot be built. Such rows fail at once instead of being retried.
    ///
    /// A 5xx SMTP reply is *not* permanent here: lettre does not say which command it answered,
    /// and a relay that refuses the sender or wants authentication (530, 554) would otherwise
    /// fail the whole outbox at once because of one configuration mistake. Those rows go
    /// through the normal backoff (about a day) instead.
    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            NotifyError::InvalidAddress(_) | NotifyError::InvalidMail(_) | NotifyError::Build(_)
        )
    }

    /// True when the error is about the mail server or directory rather than this message
    /// (connection refused, TLS, timeout, I/O): the rest of a batch would fail the same way.
    pub fn is_unavailable(&self) -> bool {
        match self {
            NotifyError::Smtp(e) => !e.is_permanent() && !e.is_transient(),
            NotifyError::Timeout(_) | NotifyError::Io { .. } => true,
            _ => false,
        }
    }
}
