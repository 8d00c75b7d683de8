//! Integration tests of the signatures slice on SQLite (and PostgreSQL when
//! `TAUAR_TEST_DATABASE_URL` is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod acts;
mod audit;
mod challenges;
mod commit;
mod ocsp;
mod revocation_sources;
mod root_crl;
mod support;
mod timestamps;
