//! Reading the fixtures and the manifest.

use kernel::Millis;
use pki::{Cert, TrustStore};
use std::collections::HashMap;
use std::path::PathBuf;

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/pki-fixtures")
}

pub fn read(rel: &str) -> Vec<u8> {
    std::fs::read(dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn cert(rel: &str) -> Cert {
    Cert::parse(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub type Row = HashMap<String, String>;

pub fn manifest() -> Vec<Row> {
    let mut r = csv::Reader::from_path(dir().join("manifest.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

pub fn row(file: &str) -> Row {
    manifest()
        .into_iter()
        .find(|r| r["file"] == file)
        .unwrap_or_else(|| panic!("{file} not in the manifest"))
}

/// "Jul  5 05:16:05 2018 GMT" (OpenSSL) → Millis.
pub fn openssl_time(s: &str) -> Millis {
    let compact = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let dt = jiff::civil::DateTime::strptime("%b %d %H:%M:%S %Y GMT", &compact)
        .unwrap_or_else(|e| panic!("{s}: {e}"));
    Millis(
        dt.to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_millisecond(),
    )
}

/// "220927211759Z" (UTCTime) → Millis.
pub fn utc_time(s: &str) -> Millis {
    let dt = jiff::civil::DateTime::strptime("%y%m%d%H%M%SZ", s).unwrap();
    Millis(
        dt.to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_millisecond(),
    )
}

/// "2026-05-08" → midnight UTC.
pub fn date(s: &str) -> Millis {
    let d: jiff::civil::Date = s.parse().unwrap();
    Millis(
        d.to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_millisecond(),
    )
}

/// Every test CA of the set (never `ca/production/`), built once.
pub fn test_trust() -> &'static TrustStore {
    static STORE: std::sync::OnceLock<TrustStore> = std::sync::OnceLock::new();
    STORE.get_or_init(build_test_trust)
}

fn build_test_trust() -> TrustStore {
    let files = [
        "ca/root_rsa_test.crt",
        "ca/nca_rsa_test.crt",
        "ca/root_gost_test.crt",
        "ca/nca_gost_test.crt",
        "ca/root_test_gost_2022.cer",
        "ca/nca_gost2015_test.cer",
        "ca/kuc_rsa_test.cer",
        "ca/kuc_gost_test.cer",
        "ca/nca_rsa_test_2023.cer",
        "ca/nca_gost_test_2023.cer",
    ];
    TrustStore::from_certs(files.iter().map(|f| cert(f)).collect())
}

/// The trust store of the expired production CAs that issued the 2018 SDK keys.
pub fn production_trust() -> TrustStore {
    TrustStore::from_certs(
        [
            "ca/production/root_rsa.crt",
            "ca/production/nca_rsa.crt",
            "ca/production/root_gost.crt",
            "ca/production/nca_gost.crt",
        ]
        .iter()
        .map(|f| cert(f))
        .collect(),
    )
}
