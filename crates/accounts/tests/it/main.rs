//! The account workflows against a real database (SQLite, or PostgreSQL with
//! `TAUAR_TEST_DATABASE_URL`), real signatures of the test PKI and a real mail sink (a file
//! mailbox, or the SMTP receiver of `.ci/run` with `TAUAR_TEST_SMTP_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod authz;
mod dictionaries;
mod employees;
mod ens;
mod login;
mod new_banks;
mod participants;
mod profile;
mod recovery;
mod registration;
mod support;
