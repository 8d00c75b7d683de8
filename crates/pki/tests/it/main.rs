//! Known-answer tests of the `pki` crate on the real НУЦ РК test material in
//! `data/pki-fixtures` (its `manifest.csv` is the answer key; spec G-8).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cert;
mod cms;
mod crl;
mod fixtures;
mod fuzz;
mod gost;
mod keystore;
mod ocsp;
mod signed_attrs;
