//! §4.8 (SIG-46, SIG-48…SIG-50) on the fixture CRLs: numbers, entry counts and reasons from the
//! manifest's notes, `listed_in_crl` for every certificate, signatures under the issuers.

use crate::fixtures::{cert, date, manifest, read};
use kernel::Millis;
use pki::{
    Cert, Crl, CrlReason, PkiError, RevocationStatus, TimeSource, apply_revocation, check_crl,
};
use std::collections::HashMap;

fn crl(file: &str) -> Crl {
    Crl::from_der(&read(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The issuer certificate named by "OK (signed by ca/…)".
fn signer_of(answer: &str) -> Option<String> {
    answer
        .strip_prefix("OK (signed by ")?
        .strip_suffix(')')
        .map(str::to_string)
}

fn verified(file: &str) -> Crl {
    let row = manifest().into_iter().find(|r| r["file"] == file).unwrap();
    let issuer = signer_of(&row["verify_openssl"])
        .or_else(|| signer_of(&row["verify_gost_scratch"]))
        .unwrap();
    let mut c = crl(file);
    c.verify_signature(&cert(&issuer)).unwrap();
    c
}

/// "CRL number 9; 126 entries (Affiliation Changed 12, …, no reason code 77)".
fn notes_counts(notes: &str) -> (String, usize, HashMap<String, usize>) {
    let number = notes
        .split("CRL number ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let after = notes.split("; ").find(|p| p.contains(" entries")).unwrap();
    let entries: usize = after.split_whitespace().next().unwrap().parse().unwrap();
    let mut reasons = HashMap::new();
    if let Some(list) = after.split('(').nth(1) {
        for part in list.trim_end_matches(')').split(", ") {
            let (name, n) = part.rsplit_once(' ').unwrap();
            reasons.insert(name.to_string(), n.parse().unwrap());
        }
    }
    (number, entries, reasons)
}

#[test]
fn sig_48_every_crl_parses_and_verifies_under_its_issuer() {
    let mut n = 0;
    for row in manifest() {
        if !matches!(row["kind"].as_str(), "crl" | "delta-crl") {
            continue;
        }
        let file = &row["file"];
        let c = verified(file);
        assert!(c.is_verified());
        assert!(c.usable, "{file}");
        let (number, entries, reasons) = notes_counts(&row["notes"]);
        assert_eq!(
            c.crl_number.as_ref().unwrap().to_str_radix(10),
            number,
            "{file}"
        );
        assert_eq!(c.entries.len(), entries, "{file}");
        let mut got: HashMap<String, usize> = HashMap::new();
        for e in &c.entries {
            let name = e.reason.map_or("no reason code", |r| r.display_name());
            *got.entry(name.to_string()).or_default() += 1;
        }
        assert_eq!(got, reasons, "{file}");
        assert_eq!(c.is_delta(), row["kind"] == "delta-crl", "{file}");
        assert_eq!(
            c.this_update,
            crate::fixtures::openssl_time(&row["not_before"])
        );
        assert_eq!(
            c.next_update,
            Some(crate::fixtures::openssl_time(&row["not_after"]))
        );
        n += 1;
    }
    assert_eq!(n, 11);
}

#[test]
fn sig_48_delta_crl_indicators() {
    assert_eq!(
        crl("crl/nca_d_gost2022_test_2023-11.crl")
            .delta_base
            .unwrap()
            .to_str_radix(10),
        "10"
    );
    assert_eq!(
        crl("crl/nca_d_rsa_test_2023-11.crl")
            .delta_base
            .unwrap()
            .to_str_radix(10),
        "1"
    );
}

#[test]
fn sig_42_crl_with_differing_algorithm_parameters_verifies() {
    // The 2026 CRL's inner AlgorithmIdentifier has no parameters, the outer one NULL.
    let c = verified("crl/nca_gost2022_test_2026-08.crl");
    assert_eq!(c.entries.len(), 195);
}

#[test]
fn sig_48_crl_does_not_verify_under_another_ca() {
    let mut c = crl("crl/nca_gost_test.crl");
    assert!(
        c.verify_signature(&cert("ca/nca_gost_test_2023.cer"))
            .is_err()
    );
    let mut c = crl("crl/nca_rsa_test.crl");
    assert!(c.verify_signature(&cert("ca/nca_gost_test.crt")).is_err());
    assert!(!c.is_verified());
}

/// "nca_rsa_test.crl: Superseded 2022-01-18" → (file, reason, date).
fn listed(column: &str) -> Option<(String, String, String)> {
    let (file, rest) = column.split_once(": ")?;
    if file.starts_with("not listed") {
        return None;
    }
    let (reason, day) = rest.rsplit_once(' ')?;
    Some((file.to_string(), reason.to_string(), day.to_string()))
}

#[test]
fn sig_48_listed_in_crl_known_answers() {
    let mut listed_n = 0;
    let mut absent_n = 0;
    for row in manifest() {
        let col = &row["listed_in_crl"];
        if col.is_empty() || col.starts_with("no CRL") {
            continue;
        }
        let serial = &row["serial"];
        if let Some((file, reason, day)) = listed(col) {
            let c = crl(&format!("crl/{file}"));
            let e = c
                .find_hex(serial)
                .unwrap_or_else(|| panic!("{} not in {file}", row["file"]));
            assert_eq!(e.reason.unwrap().display_name(), reason, "{}", row["file"]);
            let start = date(&day);
            assert!(
                e.revoked_at.0 >= start.0 && e.revoked_at.0 < start.0 + 86_400_000,
                "{}: revoked {:?}",
                row["file"],
                e.revoked_at
            );
            listed_n += 1;
        } else {
            let files = col.trim_start_matches("not listed in: ");
            for f in files.split(", ") {
                assert!(
                    crl(&format!("crl/{f}")).find_hex(serial).is_none(),
                    "{} in {f}",
                    row["file"]
                );
            }
            absent_n += 1;
        }
    }
    assert_eq!((listed_n, absent_n), (24, 48));
}

fn gost2022_crls() -> Vec<Crl> {
    [
        "crl/nca_gost2022_test.crl",
        "crl/nca_gost2022_test_2023-10.crl",
        "crl/nca_gost2022_test_2023-11.crl",
        "crl/nca_d_gost2022_test_2023-11.crl",
        "crl/nca_gost2022_test_2026-08.crl",
    ]
    .iter()
    .map(|f| verified(f))
    .collect()
}

#[test]
fn sig_49_check_crl_revoked_and_good_in_2026() {
    let crls = gost2022_crls();
    let at = date("2026-11-23");
    let revoked = cert("certs/exported/ceo_revoked_2026_gost512.cer");
    match check_crl(&revoked, &crls, at).unwrap() {
        RevocationStatus::Revoked {
            reason, evidence, ..
        } => {
            assert_eq!(reason, Some(CrlReason::CertificateHold));
            assert_eq!(evidence.crl_number.as_deref(), Some("166"));
            assert_eq!(evidence.delta_crl_number, None);
        }
        other => panic!("{other:?}"),
    }
    // SIG-21: the 2026 "employee_valid" key is on the CRL too (superseded 2026-06-02).
    let emp = cert("certs/exported/employee_valid_2026_gost512.cer");
    let status = check_crl(&emp, &crls, at).unwrap();
    assert!(matches!(
        status,
        RevocationStatus::Revoked {
            reason: Some(CrlReason::Superseded),
            ..
        }
    ));
    let good = cert("certs/exported/ceo_valid_2026_gost512.cer");
    assert!(matches!(
        check_crl(&good, &crls, at).unwrap(),
        RevocationStatus::Good { .. }
    ));
}

#[test]
fn sig_49_no_fresh_crl_is_unavailable() {
    let crls = gost2022_crls();
    let good = cert("certs/exported/ceo_valid_2026_gost512.cer");
    // After the newest CRL's nextUpdate (2027-02-07).
    let e = check_crl(&good, &crls, date("2027-03-01")).unwrap_err();
    assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE");
    // An unverified CRL is never used.
    let unverified = vec![crl("crl/nca_gost2022_test_2026-08.crl")];
    let e = check_crl(&good, &unverified, date("2026-11-23")).unwrap_err();
    assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE");
    // CRLs of another issuer do not answer.
    let other = vec![verified("crl/nca_rsa_test.crl")];
    assert!(check_crl(&good, &other, date("2022-06-01")).is_err());
}

#[test]
fn sig_48_delta_is_merged_with_its_base() {
    // The 2023 state of the issuer (the 2026 CRL, number 166, would be preferred as newer).
    let crls: Vec<Crl> = gost2022_crls()
        .into_iter()
        .filter(|c| c.this_update < date("2024-01-01"))
        .collect();
    let c = cert("certs/individual_2023_gost512.cer");
    match check_crl(&c, &crls, date("2023-12-01")).unwrap() {
        RevocationStatus::Good { evidence } => {
            assert_eq!(evidence.crl_number.as_deref(), Some("10"));
            assert_eq!(evidence.delta_crl_number.as_deref(), Some("5"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn sig_49_revoked_2004_rsa_certificate_by_the_2022_crl() {
    let crls = vec![verified("crl/nca_rsa_test.crl")];
    let c = cert("certs/exported/individual_revoked_sign_2004_rsa.cer");
    let status = check_crl(&c, &crls, date("2022-06-01")).unwrap();
    let RevocationStatus::Revoked { revoked_at, .. } = status.clone() else {
        panic!("{status:?}");
    };
    assert_eq!(
        apply_revocation(&status, date("2022-06-01"), TimeSource::Server),
        Err(PkiError::CertRevoked {
            reason: Some(CrlReason::Superseded),
            at: revoked_at
        })
    );
    let good: Cert = cert("certs/exported/individual_valid_sign_2004_rsa.cer");
    let status = check_crl(&good, &crls, date("2022-06-01")).unwrap();
    assert!(apply_revocation(&status, date("2022-06-01"), TimeSource::Server).is_ok());
}

#[test]
fn sig_50_revocation_relative_to_the_signing_time() {
    let crls = vec![verified("crl/nca_rsa_test.crl")];
    let c = cert("certs/exported/individual_revoked_sign_2004_rsa.cer");
    let status = check_crl(&c, &crls, date("2022-06-01")).unwrap();
    let RevocationStatus::Revoked { revoked_at, .. } = status else {
        panic!();
    };
    let before = Millis(revoked_at.0 - 60_000);
    // Superseded after a timestamped signing time: the signature stays valid.
    assert!(apply_revocation(&status, before, TimeSource::Tsp).is_ok());
    // Without a timestamp T is now: any present revocation refuses.
    assert!(apply_revocation(&status, before, TimeSource::Server).is_err());
    // Revoked at or before T: refused whatever the source.
    assert!(apply_revocation(&status, revoked_at, TimeSource::Tsp).is_err());
    // A hold after a timestamped T still refuses (SIG-50).
    let hold = match status {
        RevocationStatus::Revoked {
            revoked_at,
            invalidity_date,
            evidence,
            ..
        } => RevocationStatus::Revoked {
            revoked_at,
            reason: Some(CrlReason::CertificateHold),
            invalidity_date,
            evidence,
        },
        other => other,
    };
    let e = apply_revocation(&hold, before, TimeSource::Tsp).unwrap_err();
    assert_eq!(e.args()[0], ("reason", "suspended".to_string()));
}
