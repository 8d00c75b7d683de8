//! The account workflows against a real database (SQLite, or PostgreSQL with
//! `TAUAR_TEST_DATABASE_URL`), real signatures of the test PKI and a real mail sink (a file
//! mailbox, or the SMTP receiver of `.ci/run` with `TAUAR_TEST_SMTP_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod agreements;
mod authz;
mod context_banner;
mod dictionaries;
mod employees;
mod ens;
mod inis;
mod login;
mod new_banks;
mod participant_admin;
mod participants;
mod profile;
mod recovery;
mod registration;
mod support;
mod workspace_audit;
