//! §2 (SIG-15…SIG-27) and §4.7 (SIG-44, SIG-45) on the fixtures: the manifest's columns are
//! the known answers.

use crate::fixtures::{cert, date, manifest, openssl_time, production_trust, read, test_trust};
use pki::{Cert, HolderKind, KeyPurpose, PkiError, Role, TrustStore};

fn roles_of(column: &str) -> (Vec<Role>, Vec<String>) {
    let mut roles = Vec::new();
    let mut raw = Vec::new();
    for tok in column.split_whitespace() {
        let role = match tok {
            "INDIVIDUAL" => Role::Individual,
            "LEGAL_ENTITY" => Role::LegalEntity,
            "FIRST_HEAD" => Role::FirstHead,
            "SIGNING_RIGHT" => Role::SigningRight,
            "EMPLOYEE" => Role::Employee,
            t if t.starts_with("1.2.398.") => {
                raw.push(t.to_string());
                if t == "1.2.398.5.19.1.2.2.1" {
                    Role::Employee
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    roles.sort();
    (roles, raw)
}

#[test]
fn sig_15_every_certificate_profile_matches_the_manifest() {
    let mut checked = 0;
    for row in manifest() {
        let file = &row["file"];
        if !(file.starts_with("ca/") || file.starts_with("certs/")) {
            continue;
        }
        let c = cert(file);
        let i = c.info();
        assert_eq!(i.serial_hex, row["serial"], "{file} serial");
        assert_eq!(i.valid_from, openssl_time(&row["not_before"]), "{file}");
        assert_eq!(i.valid_to, openssl_time(&row["not_after"]), "{file}");
        assert_eq!(i.iin.as_deref().unwrap_or(""), row["iin"], "{file} iin");
        assert_eq!(i.bin.as_deref().unwrap_or(""), row["bin"], "{file} bin");
        assert_eq!(i.version, 3, "{file}");
        if !read(file).starts_with(b"-----") {
            assert_eq!(i.fingerprint_sha256, row["sha256"], "{file} fingerprint");
        }
        let expected_purpose = match row["purpose"].as_str() {
            "AUTH" => KeyPurpose::Auth,
            "SIGN" => KeyPurpose::Sign,
            "DUAL" => KeyPurpose::Dual,
            _ => KeyPurpose::None,
        };
        assert_eq!(i.purpose, expected_purpose, "{file} purpose (SIG-22)");
        let hk = row["holder_kind"].as_str();
        if hk == "CA" {
            assert!(i.is_ca, "{file}");
            assert_eq!(i.holder_kind, None, "{file}");
        } else if hk == "individual" {
            assert_eq!(i.holder_kind, Some(HolderKind::Individual), "{file}");
        } else if hk.starts_with("legal entity") {
            assert_eq!(i.holder_kind, Some(HolderKind::LegalEntity), "{file}");
        }
        if hk != "CA" && !hk.starts_with("TSA") {
            let (roles, raw) = roles_of(&row["roles"]);
            assert_eq!(i.roles, roles, "{file} roles");
            for r in raw {
                assert!(i.roles_raw.contains(&r), "{file} roles_raw {r}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 55);
}

#[test]
fn sig_16_names_of_the_individual_test_person() {
    let c = cert("certs/individual_valid_sign_2004_rsa.cer");
    let i = c.info();
    assert_eq!(i.last_name.as_deref(), Some("ТЕСТОВ"));
    assert_eq!(i.first_name.as_deref(), Some("ТЕСТ"));
    assert_eq!(i.middle_name.as_deref(), Some("ТЕСТОВИЧ"));
    assert_eq!(i.subject.country.as_deref(), Some("KZ"));
    assert_eq!(
        i.email, None,
        "no test certificate carries an e-mail (SIG-15)"
    );
    // SIG-16.3/16.4: IIN123456789011 has a wrong check digit → warning, no birth date.
    assert!(!i.iin_check_digit_ok);
    assert!(i.warnings.iter().any(|w| w == "iin_check_digit"));
    assert_eq!(i.birth_date, None);
    let id = c.identity().unwrap();
    assert_eq!(id.iin, "123456789011");
    assert_eq!(id.holder_kind, HolderKind::Individual);
    assert_eq!(id.algorithm.as_str(), "RSA");
    assert!(!id.signing_right);
}

#[test]
fn sig_27_identity_of_a_legal_entity_head() {
    let id = cert("certs/ceo_active_sign_2020_gost.cer")
        .identity()
        .unwrap();
    assert_eq!(id.bin.as_deref(), Some("123456789021"));
    assert_eq!(id.org_name.as_deref(), Some("АО \"ТЕСТ\""));
    assert_eq!(id.holder_kind, HolderKind::LegalEntity);
    assert_eq!(id.roles, vec![Role::LegalEntity, Role::FirstHead]);
    assert!(id.signing_right, "SIG-19: first head has the right to sign");
    assert_eq!(id.purpose, KeyPurpose::Sign);
    assert_eq!(id.algorithm.as_str(), "GOST2004");
    assert!(
        id.policy_oids
            .iter()
            .any(|p| p.starts_with("1.2.398.3.3.2"))
    );
    let sr = cert("certs/exported/signright_valid_2026_gost512.cer")
        .identity()
        .unwrap();
    assert!(sr.signing_right);
    assert_eq!(sr.algorithm.as_str(), "GOST2015_512");
    let emp = cert("certs/exported/employee_valid_2026_gost512.cer")
        .identity()
        .unwrap();
    assert!(!emp.signing_right, "SIG-19: EMPLOYEE has no right to sign");
}

#[test]
fn sig_16_birth_date_from_a_valid_iin() {
    // ТЕСТОВ САБИТ, IIN940229400158: 1994-02-29 is not a date → empty, never refused.
    let c = cert("certs/exported/govbody_head_sign_2019_gost.cer");
    assert_eq!(c.info().iin.as_deref(), Some("940229400158"));
    assert_eq!(c.info().birth_date, None);
    assert!(c.identity().is_ok());
}

#[test]
fn sig_19_information_system_key_is_not_personal() {
    let c = cert("certs/exported/infosystem_valid_2026_gost512.cer");
    assert_eq!(c.info().iin, None);
    assert!(
        c.info()
            .roles_raw
            .contains(&"1.2.398.3.3.4.1.2.6".to_string())
    );
    assert_eq!(c.info().bin.as_deref(), Some("123456789021"));
    let e = c.identity().unwrap_err();
    assert_eq!(e.code(), "SIG_NOT_PERSONAL_CERT");
}

#[test]
fn sig_19_treasury_client_is_an_employee() {
    let c = cert("certs/exported/treasury_valid_2026_gost512.cer");
    let id = c.identity().unwrap();
    assert_eq!(id.roles, vec![Role::LegalEntity, Role::Employee]);
    assert!(!id.signing_right);
}

#[test]
fn sig_22_tsa_certificate_has_no_signing_purpose() {
    assert_eq!(
        cert("certs/exported/tsp_token_cert1.cer").info().purpose,
        KeyPurpose::None
    );
}

#[test]
fn sig_15_pem_and_der_give_the_same_certificate() {
    let pem = cert("ca/nca_rsa_test.crt");
    let der = Cert::from_der(pem.der()).unwrap();
    assert_eq!(pem.info(), der.info());
    assert!(Cert::parse(b"not a certificate").is_err());
    assert_eq!(
        Cert::parse(b"not a certificate").unwrap_err().code(),
        "SIG_MALFORMED"
    );
}

#[test]
fn sig_13_trust_store_classifies_roots_and_intermediates() {
    let t = test_trust();
    assert_eq!(t.roots().len(), 5);
    assert_eq!(t.intermediates().len(), 5);
    let dir = TrustStore::load_dir(&crate::fixtures::dir().join("ca")).unwrap();
    assert_eq!(dir.roots().len(), 5);
}

#[test]
fn sig_44_chains_of_every_end_entity_certificate() {
    let t = test_trust();
    let p = production_trust();
    for row in manifest() {
        let file = &row["file"];
        if !file.starts_with("certs/") {
            continue;
        }
        let c = cert(file);
        let at = c.info().valid_from;
        let store = if file.contains("prodca") { &p } else { t };
        let chain = store
            .build_chain(&c, &[], at)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(chain.certs.len(), 3, "{file}: leaf, issuing CA, root");
        assert!(chain.certs[2].is_self_issued());
    }
}

#[test]
fn sig_44_no_root_no_path() {
    let leaf = cert("certs/individual_valid_sign_2004_rsa.cer");
    let at = leaf.info().valid_from;
    // Only the intermediate: never trusted alone (SIG-13).
    let only_ca = TrustStore::from_certs(vec![cert("ca/nca_rsa_test.crt")]);
    let e = only_ca.build_chain(&leaf, &[], at).unwrap_err();
    assert_eq!(e.code(), "SIG_UNTRUSTED_ISSUER");
    // The GOST hierarchy does not vouch for an RSA certificate.
    let gost = TrustStore::from_certs(vec![
        cert("ca/root_gost_test.crt"),
        cert("ca/nca_gost_test.crt"),
    ]);
    assert!(gost.build_chain(&leaf, &[], at).is_err());
    // The intermediate may come from the CMS certificates instead of the store.
    let root_only = TrustStore::from_certs(vec![cert("ca/root_rsa_test.crt")]);
    let chain = root_only
        .build_chain(&leaf, &[cert("ca/nca_rsa_test.crt")], at)
        .unwrap();
    assert_eq!(chain.certs.len(), 3);
}

#[test]
fn sig_44_ca_must_be_valid_at_the_signing_time() {
    let leaf = cert("certs/individual_valid_sign_2004_rsa.cer");
    // nca_rsa_test.crt expired on 2024-03-13.
    let e = test_trust()
        .build_chain(&leaf, &[], date("2024-06-01"))
        .unwrap_err();
    assert_eq!(e.code(), "SIG_UNTRUSTED_ISSUER");
}

#[test]
fn sig_45_validity_boundaries() {
    let c = cert("certs/individual_valid_sign_2004_rsa.cer");
    let (from, to) = (c.info().valid_from, c.info().valid_to);
    assert!(c.check_validity(from, 0).is_ok());
    assert!(c.check_validity(to, 0).is_ok());
    let after = kernel::Millis(to.0 + 1);
    assert_eq!(
        c.check_validity(after, 0),
        Err(PkiError::CertExpired { not_after: to })
    );
    let before = kernel::Millis(from.0 - 4 * 60 * 1000);
    assert!(
        c.check_validity(before, 5 * 60 * 1000).is_ok(),
        "5 minutes on notBefore"
    );
    assert_eq!(
        c.check_validity(kernel::Millis(from.0 - 6 * 60 * 1000), 5 * 60 * 1000)
            .unwrap_err()
            .code(),
        "SIG_CERT_NOT_YET_VALID"
    );
}

#[test]
fn sig_44_path_search_is_bounded() {
    let leaf = cert("certs/individual_valid_sign_2004_rsa.cer");
    let at = leaf.info().valid_from;
    let root_only = TrustStore::from_certs(vec![cert("ca/root_rsa_test.crt")]);
    let genuine = cert("ca/nca_rsa_test.crt");
    // Look-alikes: the real CA certificate with one byte of its own signature changed, so the
    // leaf verifies under each but none links to the root.
    let fakes = |n: usize| -> Vec<Cert> {
        (0..n)
            .map(|i| {
                let mut der = genuine.der().to_vec();
                let last = der.len() - 1 - i;
                der[last] ^= 0x01;
                Cert::from_der(&der).unwrap()
            })
            .collect()
    };
    let mut few = fakes(5);
    few.push(genuine.clone());
    assert!(root_only.build_chain(&leaf, &few, at).is_ok());
    let mut many = fakes(20);
    many.push(genuine);
    let e = root_only.build_chain(&leaf, &many, at).unwrap_err();
    assert_eq!(e.code(), "SIG_UNTRUSTED_ISSUER");
    assert!(e.to_string().contains("too many"), "{e}");
}
