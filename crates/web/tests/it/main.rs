//! Integration tests of the HTTP app: the real server on a random port, on SQLite — and on
//! PostgreSQL as well when `TAUAR_TEST_DATABASE_URL` is set (.ci/run sets it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api_accounts;
mod api_admin_participants;
mod api_agreements;
mod api_audit;
mod api_codes;
mod api_ens;
mod api_goods;
mod api_matrix;
mod api_misc;
mod api_signatures;
mod api_signed_acts;
mod browser_session;
mod helpers;
mod pages;
mod pages_accounts;
mod pages_admin;
mod pages_admin_participants;
mod pages_agreements;
mod pages_cabinet;
mod pages_ens;
mod pages_ens_admin;
mod pages_org;
mod pages_profile;
