//! Acceptance scenarios of spec/catalog.md §9.5 (AS-24 … AS-34, AS-36) against the code index
//! with the F-ENS fixture of §9.0, and the goods index.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod codes;
mod fixture;
mod goods;
