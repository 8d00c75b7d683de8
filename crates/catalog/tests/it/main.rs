//! Integration tests of the catalog: one binary (STYLE.md), on SQLite, or on a fresh
//! PostgreSQL database when `TAUAR_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used)]

mod demo;
mod fixtures;
mod store;
