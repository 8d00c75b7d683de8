//! SIG-62 acceptance: every persona of the manifest signs with `sign_cms`, the existing
//! pipeline verifies (`verify_cms` with `DIR/trust`, then `check_crl` + `apply_revocation`
//! with the CRLs of `DIR/crl`), and the outcome of every reference act is the manifest's.

use crate::testkit_common::{copy_of_shared, now, shared};
use kernel::Millis;
use pki::testkit::{CmsOptions, Signer, TestPki, sign_cms};
use pki::{Cert, Crl, Expected, HolderKind, PkiError, Policy, TimeSource, TrustStore};

/// The TBS of an act (SIG-8 shape; the bytes only need to be the ones signed).
fn tbs(act: &str, persona: &str) -> Vec<u8> {
    format!(
        r#"{{"challenge":"{persona}","origin":"https://tauar.test","purpose":"{act}","tauar":"tauar-sig/1"}}"#
    )
    .into_bytes()
}

/// SIG-24 in its simplest form for `participant.register`, after the certificate checks: a
/// legal-entity key needs the right to sign (FIRST_HEAD or SIGNING_RIGHT); an individual
/// registers as ИП. (The full act rules live in the `signatures` crate.)
fn role_rule(act: &str, id: &pki::CertIdentity) -> Result<(), PkiError> {
    if act == "participant.register"
        && id.holder_kind == HolderKind::LegalEntity
        && !id.signing_right
    {
        return Err(PkiError::RoleNotAllowed {
            detail: "no right to sign".into(),
        });
    }
    Ok(())
}

/// The whole pipeline for one act at `at`; `"OK"` or the §7.1 code.
pub fn outcome(
    signer: &Signer,
    act: &str,
    trust: &TrustStore,
    crls: &[Crl],
    at: Millis,
    detached: bool,
) -> Result<pki::Verified, PkiError> {
    let data = tbs(
        act,
        signer.cert().info().subject.cn.as_deref().unwrap_or(""),
    );
    let cms = sign_cms(
        signer,
        &data,
        &CmsOptions {
            detached,
            signing_time: Some(at),
            ..CmsOptions::default()
        },
    )?;
    let policy = if act == "login" {
        Policy::login()
    } else {
        Policy::document()
    };
    let v = pki::verify_cms(&cms, Expected::Tbs(&data), trust, at, &policy)?;
    let cert = Cert::from_der(&v.signer_cert_der)?;
    let status = pki::check_crl(&cert, crls, at)?;
    pki::apply_revocation(&status, at, TimeSource::Server)?;
    if let Some(id) = &v.identity {
        role_rule(act, id)?;
    }
    Ok(v)
}

fn code(r: &Result<pki::Verified, PkiError>) -> String {
    match r {
        Ok(_) => "OK".to_string(),
        Err(e) => e.code().to_string(),
    }
}

const ACTS: [&str; 4] = [
    "login",
    "register.agreement",
    "participant.register",
    "document",
];

fn check_all(pki: &TestPki, after_unhold: bool) -> usize {
    let trust = pki.trust_store().unwrap();
    let crls = pki.crls().unwrap();
    let mut checked = 0;
    for p in &pki.manifest().personas {
        let expected = match (&p.expected_after_unhold, after_unhold) {
            (Some(e), true) => e,
            _ => &p.expected,
        };
        let signer = pki.signer(&p.name).unwrap();
        for (i, act) in ACTS.iter().enumerate() {
            let got = code(&outcome(&signer, act, &trust, &crls, now(), i % 2 == 1));
            assert_eq!(got, expected.of(act).unwrap(), "{} / {act}", p.name);
            checked += 1;
        }
    }
    checked
}

#[test]
fn sig_62_every_persona_has_its_expected_outcome() {
    let pki = shared();
    assert_eq!(
        check_all(&pki, false),
        crate::testkit_common::PERSONA_COUNT * 4
    );
    // Spot checks named by the brief and §9.
    let m = pki.manifest();
    for (persona, code) in [
        ("expired-sign", "SIG_CERT_EXPIRED"),
        ("notyet-sign", "SIG_CERT_NOT_YET_VALID"),
        ("rogue-sign", "SIG_UNTRUSTED_ISSUER"),
        ("not-personal", "SIG_NOT_PERSONAL_CERT"),
        ("rsa1024-sign", "SIG_ALGORITHM_UNSUPPORTED"),
        ("revoked-sign", "SIG_CERT_REVOKED"),
        ("hold-sign", "SIG_CERT_REVOKED"),
        ("ca-as-signer", "SIG_WRONG_KEY_USAGE"),
        ("no-digsig", "SIG_WRONG_KEY_USAGE"),
        ("gost-ind-dual", "OK"),
        ("gost-head-dual", "OK"),
    ] {
        assert_eq!(
            m.persona(persona).unwrap().expected.document,
            code,
            "{persona}"
        );
    }
    assert_eq!(
        m.persona("ind-auth").unwrap().expected.document,
        "SIG_WRONG_KEY_USAGE"
    );
    assert_eq!(m.persona("ind-auth").unwrap().expected.login, "OK");
    assert_eq!(
        m.persona("org1-employee-sign")
            .unwrap()
            .expected
            .participant_register,
        "SIG_ROLE_NOT_ALLOWED"
    );
}

#[test]
fn sig_62_expired_and_not_yet_valid_dates_are_the_specs() {
    // AS-8 / AS-9: the messages show 30.11.2026 and 03.12.2026.
    let pki = shared();
    let (trust, crls) = (pki.trust_store().unwrap(), pki.crls().unwrap());
    let e = outcome(
        &pki.signer("expired-sign").unwrap(),
        "login",
        &trust,
        &crls,
        now(),
        false,
    )
    .unwrap_err();
    assert_eq!(e.args(), vec![("date", "30.11.2026".to_string())]);
    let e = outcome(
        &pki.signer("notyet-sign").unwrap(),
        "login",
        &trust,
        &crls,
        now(),
        false,
    )
    .unwrap_err();
    assert_eq!(e.args(), vec![("date", "03.12.2026".to_string())]);
    let e = outcome(
        &pki.signer("hold-sign").unwrap(),
        "document",
        &trust,
        &crls,
        now(),
        false,
    )
    .unwrap_err();
    assert_eq!(e.args()[0], ("reason", "suspended".to_string()));
}

#[test]
fn sig_62_context_cases_of_the_table() {
    // ind2-sign on P1's account → IIN mismatch; org2-head-sign acting for org1 → BIN mismatch
    // (the binding checks of SIG-24 run after verification).
    let pki = shared();
    let (trust, crls) = (pki.trust_store().unwrap(), pki.crls().unwrap());
    let mut n = 0;
    for p in &pki.manifest().personas {
        for c in &p.context {
            let v = outcome(
                &pki.signer(&p.name).unwrap(),
                &c.act,
                &trust,
                &crls,
                now(),
                false,
            )
            .unwrap();
            let id = v.identity.unwrap();
            let got = if c.account_iin.as_deref().is_some_and(|a| a != id.iin) {
                "SIG_IIN_MISMATCH"
            } else if c
                .participant_bin
                .as_deref()
                .is_some_and(|b| id.bin.as_deref() != Some(b))
            {
                "SIG_BIN_MISMATCH"
            } else {
                "OK"
            };
            assert_eq!(got, c.expected, "{}", p.name);
            n += 1;
        }
    }
    assert_eq!(n, 2);
}

#[test]
fn sig_63_hold_is_lifted_through_the_delta_crl() {
    let (_guard, mut pki) = copy_of_shared();
    let serial = pki.persona("hold-sign").unwrap().serial.clone();
    pki.unhold("hold-sign", None).unwrap();
    let crls = pki.crls().unwrap();
    let (full, delta): (Vec<&Crl>, Vec<&Crl>) = crls
        .iter()
        .filter(|c| c.issuer_dn == pki.authority("ca-rsa").unwrap().cert().info().subject_dn)
        .partition(|c| !c.is_delta());
    let (full, delta) = (full[0], delta[0]);
    assert!(
        full.find_hex(&serial).is_none(),
        "the full CRL drops the hold"
    );
    assert_eq!(
        delta.find_hex(&serial).unwrap().reason,
        Some(pki::CrlReason::RemoveFromCrl)
    );
    assert_eq!(delta.delta_base, full.crl_number);
    // init numbered 1/2; unhold issued 3 (full) and 4 (delta, base 3).
    assert_eq!(full.crl_number, Some(3u32.into()));
    assert_eq!(delta.crl_number, Some(4u32.into()));
    // Every persona now has its after-unhold outcome (hold-sign: OK).
    assert_eq!(
        check_all(&pki, true),
        crate::testkit_common::PERSONA_COUNT * 4
    );
    // Unholding twice is refused.
    assert_eq!(
        pki.unhold("hold-sign", None).unwrap_err().code(),
        "PKI_TESTKIT"
    );
}

#[test]
fn sig_63_revocation_after_a_timestamped_signature() {
    // AS-16: superseded-sign signs at 04:00 with a TSA timestamp; it is revoked at 04:30.
    // A timestamped act before the revocation stays valid for `superseded`, not for
    // keyCompromise; a new act (T = server time 05:00) is refused.
    let t0 = now();
    let t_revoke = Millis(t0.0 + 30 * 60_000);
    let t_check = Millis(t0.0 + 60 * 60_000);
    for (reason, tsp_valid) in [
        (pki::CrlReason::Superseded, true),
        (pki::CrlReason::KeyCompromise, false),
    ] {
        let (_guard, mut pki) = copy_of_shared();
        pki.revoke("superseded-sign", reason, Some(t_revoke), None)
            .unwrap();
        let (trust, crls) = (pki.trust_store().unwrap(), pki.crls().unwrap());
        let signer = pki.signer("superseded-sign").unwrap();
        let cert = signer.cert().clone();
        let status = pki::check_crl(&cert, &crls, t_check).unwrap();
        assert_eq!(
            pki::apply_revocation(&status, t0, TimeSource::Tsp).is_ok(),
            tsp_valid,
            "{reason:?}"
        );
        let e = outcome(&signer, "document", &trust, &crls, t_check, false).unwrap_err();
        assert_eq!(e.code(), "SIG_CERT_REVOKED");
        // Revoking again is refused; the state lists it once.
        assert!(pki.revoke("superseded-sign", reason, None, None).is_err());
        let again = TestPki::open(pki.dir()).unwrap();
        assert_eq!(
            again
                .state()
                .revocations
                .iter()
                .filter(|r| r.persona == "superseded-sign")
                .count(),
            1
        );
    }
}

#[test]
fn sig_41_sha1_cms_of_the_harness_is_refused() {
    // AS-19: ind-sign with digest SHA-1 → SIG_ALGORITHM_UNSUPPORTED.
    let pki = shared();
    let signer = pki.signer("ind-sign").unwrap();
    let data = tbs("document", "sha1");
    let cms = sign_cms(
        &signer,
        &data,
        &CmsOptions {
            signing_time: Some(now()),
            digest: pki::testkit::CmsDigest::Sha1,
            ..CmsOptions::default()
        },
    )
    .unwrap();
    let e = pki::verify_cms(
        &cms,
        Expected::Tbs(&data),
        &pki.trust_store().unwrap(),
        now(),
        &Policy::document(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "SIG_ALGORITHM_UNSUPPORTED");
}

#[test]
fn sig_66_cms_is_kalkan_shaped() {
    // Exactly contentType, signingTime, messageDigest; the signer certificate; DER; attached
    // or detached; GOST signers use Streebog-512.
    let pki = shared();
    for persona in ["ind-sign", "gost-ind-dual"] {
        let signer = pki.signer(persona).unwrap();
        for detached in [false, true] {
            let cms = sign_cms(
                &signer,
                b"tbs",
                &CmsOptions {
                    detached,
                    signing_time: Some(now()),
                    ..CmsOptions::default()
                },
            )
            .unwrap();
            assert_eq!(pki::ber_to_der(&cms).unwrap(), cms, "DER");
            let parsed = pki::SignedCms::parse(&cms).unwrap();
            assert_eq!(parsed.content.is_none(), detached);
            assert_eq!(parsed.certificates.len(), 1);
            let s = &parsed.signers[0];
            let attrs = s.signed_attrs.as_ref().unwrap();
            let mut oids: Vec<String> = attrs.oids.iter().map(|o| o.to_string()).collect();
            oids.sort();
            assert_eq!(
                oids,
                [
                    "1.2.840.113549.1.9.3",
                    "1.2.840.113549.1.9.4",
                    "1.2.840.113549.1.9.5"
                ]
            );
            assert_eq!(attrs.signing_time, Some(now()));
            let digest = if persona == "gost-ind-dual" {
                pki::oid::STREEBOG512
            } else {
                pki::oid::SHA256
            };
            assert_eq!(s.digest_algorithm, digest);
            parsed.check_signer(0, b"tbs").unwrap();
        }
    }
}

/// spec/accounts.md §9.0 F-CERT (and the F-BASE staff keys), as the verifier must read each
/// certificate: ФИО, birth date, e-mail, organisation, purpose, right to sign.
type FCert = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    bool,
);

const F_CERT: &[FCert] = &[
    // (persona, ФИО, birth date, e-mail, organisation, purpose, right to sign)
    (
        "C-AHM-A",
        "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ",
        "01.01.1990",
        Some("ahmetov@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-AHM-S",
        "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ",
        "01.01.1990",
        Some("ahmetov@example.kz"),
        None,
        "SIGN",
        false,
    ),
    (
        "C-AHM-A2",
        "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ",
        "01.01.1990",
        Some("ahmetov@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-AHM-A3",
        "АХМЕТОВ ЕРЛАН СЕРИКҰЛЫ",
        "01.01.1990",
        Some("ahmetov@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-AHM-EXP",
        "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ",
        "01.01.1990",
        Some("ahmetov@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-AHM-REV",
        "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ",
        "01.01.1990",
        Some("ahmetov@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-SER-A",
        "СЕРИКОВА АЙГЕРИМ МАРАТОВНА",
        "05.05.1985",
        Some("serikova@tauar-servis.kz"),
        Some("ТОО «Тауар Сервис»"),
        "AUTH",
        true,
    ),
    (
        "C-SER-S",
        "СЕРИКОВА АЙГЕРИМ МАРАТОВНА",
        "05.05.1985",
        Some("serikova@tauar-servis.kz"),
        Some("ТОО «Тауар Сервис»"),
        "SIGN",
        true,
    ),
    (
        "C-NUR-A",
        "НУРЛАНОВ ДАНИЯР АСХАТОВИЧ",
        "03.02.2001",
        Some("nurlanov@tauar-servis.kz"),
        Some("ТОО «Тауар Сервис»"),
        "AUTH",
        false,
    ),
    (
        "C-NUR-S",
        "НУРЛАНОВ ДАНИЯР АСХАТОВИЧ",
        "03.02.2001",
        Some("nurlanov@tauar-servis.kz"),
        Some("ТОО «Тауар Сервис»"),
        "SIGN",
        false,
    ),
    (
        "C-KIM-A",
        "КИМ ВИКТОР ПАВЛОВИЧ",
        "07.07.1977",
        Some("kim@tauar-servis.kz"),
        Some("ТОО «Тауар Сервис»"),
        "AUTH",
        true,
    ),
    (
        "C-OMA-A",
        "ОМАРОВА САУЛЕ БЕКЕНОВНА",
        "02.12.1987",
        Some("omarova@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-OMA-S",
        "ОМАРОВА САУЛЕ БЕКЕНОВНА",
        "02.12.1987",
        Some("omarova@example.kz"),
        None,
        "SIGN",
        false,
    ),
    (
        "C-ZHA-A",
        "ЖАНАЕВ БАУЫРЖАН ЕРИКОВИЧ",
        "11.11.1995",
        None,
        None,
        "AUTH",
        false,
    ),
    (
        "C-ZHA-S",
        "ЖАНАЕВ БАУЫРЖАН ЕРИКОВИЧ",
        "11.11.1995",
        None,
        None,
        "SIGN",
        false,
    ),
    (
        "C-DOS-A",
        "ДОСОВА МАДИНА ЕРЛАНОВНА",
        "18.07.1988",
        Some("dosova@dzo-test.kz"),
        Some("АО «ДЗО-Тест»"),
        "AUTH",
        true,
    ),
    (
        "C-DOS-S",
        "ДОСОВА МАДИНА ЕРЛАНОВНА",
        "18.07.1988",
        Some("dosova@dzo-test.kz"),
        Some("АО «ДЗО-Тест»"),
        "SIGN",
        true,
    ),
    (
        "C-DOS-IND",
        "ДОСОВА МАДИНА ЕРЛАНОВНА",
        "18.07.1988",
        Some("dosova@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-DOS-OTHERMAIL",
        "ДОСОВА МАДИНА ЕРЛАНОВНА",
        "18.07.1988",
        Some("dosova.m@dzo-test.kz"),
        Some("АО «ДЗО-Тест»"),
        "AUTH",
        true,
    ),
    (
        "C-GM-A",
        "ШМИДТ АННА",
        "12.12.1991",
        Some("anna@globalmed.kz"),
        Some("Филиал Global Medical GmbH"),
        "AUTH",
        true,
    ),
    (
        "C-PADM-A",
        "ТЕМИРХАНОВ АЙДОС ЕРБОЛОВИЧ",
        "01.01.1980",
        Some("temirkhanov@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-ENSADM-A",
        "ЖАКСЫЛЫКОВ НУРЖАН САБИТОВИЧ",
        "02.03.1966",
        Some("zhaksylykov@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-AUTH-A",
        "КАСЫМОВ ТИМУР АСКАРОВИЧ",
        "15.08.1975",
        Some("kasymov@example.kz"),
        None,
        "AUTH",
        false,
    ),
    (
        "C-SEC-A",
        "БАЙМУХАНОВА ГУЛЬНАРА ТАЛГАТОВНА",
        "20.09.1982",
        Some("baimukhanova@example.kz"),
        None,
        "AUTH",
        false,
    ),
    // AS-45: U-SER's later certificate, P-TS under its new name.
    (
        "C-SER-A2",
        "СЕРИКОВА АЙГЕРИМ МАРАТОВНА",
        "05.05.1985",
        Some("serikova@tauar-servis.kz"),
        Some("ТОО «Тауар Сервис Плюс»"),
        "AUTH",
        true,
    ),
];

#[test]
fn acc_f_cert_certificates_read_as_the_accounts_fixtures_say() {
    let pki = shared();
    let m = pki.manifest();
    // SIG-62 first, in its order (the signer's first match, SIG-67), then F-CERT.
    let names: Vec<&str> = m.personas.iter().map(|p| p.name.as_str()).collect();
    let sig62: Vec<&str> = pki::testkit::persona::PERSONAS
        .iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names[..sig62.len()], sig62[..]);
    let accounts: Vec<&str> = F_CERT.iter().map(|f| f.0).collect();
    assert_eq!(names[sig62.len()..], accounts[..]);
    for (name, fio, birth, email, org, purpose, right) in F_CERT {
        let entry = m.persona(name).unwrap();
        let id = pki.signer(name).unwrap().cert().identity().unwrap();
        let full = [
            Some(id.last_name.as_str()),
            Some(id.first_name.as_str()),
            id.middle_name.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        assert_eq!(&full, fio, "{name}");
        let d = id.birth_date.unwrap();
        assert_eq!(
            &format!("{:02}.{:02}.{}", d.day(), d.month(), d.year()),
            birth,
            "{name}"
        );
        assert_eq!(id.email.as_deref(), *email, "{name}");
        assert_eq!(id.org_name.as_deref(), *org, "{name}");
        assert_eq!(id.purpose.as_str(), *purpose, "{name}");
        assert_eq!(id.signing_right, *right, "{name}");
        let kind = if org.is_some() {
            HolderKind::LegalEntity
        } else {
            HolderKind::Individual
        };
        assert_eq!(id.holder_kind, kind, "{name}");
        // The manifest says the same.
        assert_eq!(Some(id.iin.as_str()), entry.iin.as_deref(), "{name}");
        assert_eq!(id.bin, entry.bin, "{name}");
        assert_eq!(entry.purpose, *purpose, "{name}");
        assert_eq!(entry.key_bits, 2048, "{name}");
        assert!(entry.note.contains("F-CERT") || entry.note.contains("F-BASE staff"));
    }
    // A renewal: the same person, another serial; C-AHM-A3 only changes the patronymic.
    let serial = |n: &str| m.persona(n).unwrap().serial.clone();
    assert_ne!(serial("C-AHM-A"), serial("C-AHM-A2"));
    let a = m.persona("C-AHM-A").unwrap();
    let a3 = m.persona("C-AHM-A3").unwrap();
    assert_eq!(
        (&a.iin, &a.last_name, &a.first_name),
        (&a3.iin, &a3.last_name, &a3.first_name)
    );
    assert_eq!(a3.middle_name.as_deref(), Some("СЕРИКҰЛЫ"));
    // States: expired and revoked like expired-sign and revoked-sign.
    assert_eq!(m.persona("C-AHM-EXP").unwrap().status, "expired");
    let rev = m.persona("C-AHM-REV").unwrap();
    assert_eq!(rev.status, "revoked");
    assert_eq!(rev.revocation.as_ref().unwrap().reason, "keyCompromise");
    for (persona, login, document) in [
        ("C-AHM-A", "OK", "SIG_WRONG_KEY_USAGE"),
        ("C-AHM-S", "OK", "OK"),
        ("C-AHM-EXP", "SIG_CERT_EXPIRED", "SIG_WRONG_KEY_USAGE"),
        ("C-AHM-REV", "SIG_CERT_REVOKED", "SIG_WRONG_KEY_USAGE"),
        ("C-NUR-S", "OK", "OK"),
    ] {
        let e = &m.persona(persona).unwrap().expected;
        assert_eq!((e.login.as_str(), e.document.as_str()), (login, document));
    }
    assert_eq!(
        m.persona("C-NUR-S").unwrap().expected.participant_register,
        "SIG_ROLE_NOT_ALLOWED"
    );
    assert_eq!(
        m.persona("C-SER-S").unwrap().expected.participant_register,
        "OK"
    );
}

#[test]
fn acc_f_cert_expired_and_revoked_logins_fail_before_the_password() {
    // AS-18: login with C-AHM-EXP and C-AHM-REV stops at the certificate.
    let pki = shared();
    let (trust, crls) = (pki.trust_store().unwrap(), pki.crls().unwrap());
    for (persona, code) in [
        ("C-AHM-EXP", "SIG_CERT_EXPIRED"),
        ("C-AHM-REV", "SIG_CERT_REVOKED"),
    ] {
        let e = outcome(
            &pki.signer(persona).unwrap(),
            "login",
            &trust,
            &crls,
            now(),
            false,
        )
        .unwrap_err();
        assert_eq!(e.code(), code, "{persona}");
    }
    let ok = outcome(
        &pki.signer("C-AHM-A").unwrap(),
        "login",
        &trust,
        &crls,
        now(),
        false,
    )
    .unwrap();
    assert_eq!(ok.identity.unwrap().iin, "900101300126");
}
