//! The one error type of the catalog crate.

/// What can go wrong in the catalog.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// A stored row that the catalog itself could not have written (bad BIN, bad JSON, unknown
    /// status): the database was edited by hand or is corrupt.
    #[error("stored {what} is invalid ({detail})")]
    CorruptRow { what: String, detail: String },
    #[error("cannot encode attributes as JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Unreachable in practice (a valid check digit exists for most months): no valid BIN was
    /// found for a demo supplier.
    #[error("no valid BIN for demo supplier {0}")]
    NoDemoBin(u64),
    /// The thread that makes demo goods failed.
    #[error("the demo generator stopped: {0}")]
    DemoGenerator(String),
    /// The demo generator needs at least one kind to put goods into.
    #[error("the demo generator was given no goods kinds")]
    NoKinds,
}

impl From<db::sqlx::Error> for CatalogError {
    fn from(e: db::sqlx::Error) -> Self {
        CatalogError::Db(db::DbError::Sqlx(e))
    }
}
