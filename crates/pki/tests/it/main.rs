//! Known-answer tests of the `pki` crate on the real НУЦ РК test material in
//! `data/pki-fixtures` (its `manifest.csv` is the answer key; spec G-8), and, with the
//! `testkit` feature, the test PKI of spec §5 (`testkit_*`: SIG-59…SIG-64).
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
#[cfg(feature = "testkit")]
mod testkit_common;
#[cfg(feature = "testkit")]
mod testkit_init;
#[cfg(feature = "testkit")]
mod testkit_personas;
#[cfg(feature = "testkit")]
mod testkit_services;
#[cfg(feature = "testkit")]
mod testkit_timestamps;
mod tsp;
