//! CAdES-T with the test PKI and its TSA (SIG-45, SIG-14, SIG-50, AS-16): a signature
//! timestamp gives T = genTime and the time source `tsp`; a token outside the challenge's
//! window, of another signature, damaged, from a TSA without the critical timeStamping EKU or
//! without a path at genTime refuses the signature with SIG_INVALID_SIGNATURE; revocation
//! after a timestamped T keeps the signature only for the benign reasons.

use crate::testkit_common::{copy_of_shared, now, shared};
use kernel::Millis;
use pki::crl::CrlEvidence;
use pki::testkit::{CmsOptions, Signer, Timestamp, Tsa, sign_cms};
use pki::{
    CrlReason, Expected, Policy, RevocationStatus, TimeSource, TrustStore, VerifyTime,
    apply_revocation,
};

const MIN: i64 = 60_000;
const TBS: &[u8] = br#"{"challenge":"ts","purpose":"demo.document","tauar":"tauar-sig/1"}"#;

fn at(offset_ms: i64) -> Millis {
    Millis(now().0 + offset_ms)
}

/// A CMS by `signer` over [`TBS`], signed at `now()`, with a token of `tsa` at `gen_time`.
fn cades_t(signer: &Signer, tsa: &Tsa, gen_time: Millis) -> Vec<u8> {
    sign_cms(
        signer,
        TBS,
        &CmsOptions {
            signing_time: Some(now()),
            timestamp: Some(Timestamp { tsa, gen_time }),
            ..CmsOptions::default()
        },
    )
    .unwrap()
}

/// The challenge was issued at `now()`; the server verifies 2 minutes later.
fn challenge_time() -> VerifyTime {
    VerifyTime::challenge(at(2 * MIN), now())
}

fn verify(cms: &[u8], trust: &TrustStore, time: VerifyTime) -> Result<pki::Verified, String> {
    pki::verify_cms(cms, Expected::Tbs(TBS), trust, time, &Policy::document())
        .map_err(|e| e.code().to_string())
}

#[test]
fn sig_45_cades_t_takes_t_from_the_timestamp() {
    let pki = shared();
    let trust = pki.trust_store().unwrap();
    let tsa = pki.tsa().unwrap();
    for persona in ["ind-sign", "gost-ind-dual"] {
        let signer = pki.signer(persona).unwrap();
        let gen_time = at(MIN + 500);
        let v = verify(&cades_t(&signer, &tsa, gen_time), &trust, challenge_time()).unwrap();
        assert_eq!(v.time_source, TimeSource::Tsp, "{persona}");
        assert_eq!(v.time_source.as_str(), "tsp");
        assert_eq!(
            v.signing_time,
            Millis(gen_time.0 / 1000 * 1000),
            "whole seconds"
        );
        let ts = v.timestamp.as_ref().unwrap();
        assert_eq!(ts.gen_time(), v.signing_time);
        assert_eq!(ts.tsa_cert_der, tsa.signer().cert().der());
        assert_eq!(ts.tsa_chain_der.len(), 3, "tsa-rsa → ca-rsa → root-rsa");
        assert_eq!(ts.info.policy, pki::oid::TEST_PKI_MARKER);
    }
    // No token: T is the server's clock (source `server`).
    let signer = pki.signer("ind-sign").unwrap();
    let plain = sign_cms(&signer, TBS, &CmsOptions::default()).unwrap();
    let v = verify(&plain, &trust, challenge_time()).unwrap();
    assert_eq!(
        (v.time_source, v.signing_time, v.timestamp.is_none()),
        (TimeSource::Server, at(2 * MIN), true)
    );
    assert_eq!(v.time_source.as_str(), "server");
}

#[test]
fn sig_45_gen_time_window_around_the_challenge() {
    let pki = shared();
    let trust = pki.trust_store().unwrap();
    let tsa = pki.tsa().unwrap();
    let signer = pki.signer("ind-sign").unwrap();
    let time = challenge_time();
    for (gen_time, ok) in [
        (at(-MIN), true),            // issued_at − 1 min: the edge
        (at(-MIN - 1000), false),    // a second earlier
        (at(3 * MIN), true),         // now + 1 min: the edge
        (at(3 * MIN + 1000), false), // a second later
        (at(-2 * 60 * MIN), false),  // AS-16: back-dated to 02:00 for a challenge of 04:00
        (at(24 * 60 * MIN), false),  // tomorrow
    ] {
        let r = verify(&cades_t(&signer, &tsa, gen_time), &trust, time);
        match (r, ok) {
            (Ok(v), true) => assert_eq!(v.signing_time, gen_time),
            (Err(code), false) => assert_eq!(code, "SIG_INVALID_SIGNATURE", "{gen_time:?}"),
            (r, _) => panic!("{gen_time:?}: {:?}", r.map(|v| v.signing_time)),
        }
    }
    // The public verification of any CMS has no challenge, hence no lower bound: the
    // back-dated token is T (the certificates were valid at 02:00).
    let back = cades_t(&signer, &tsa, at(-2 * 60 * MIN));
    let v = verify(&back, &trust, VerifyTime::from(at(2 * MIN))).unwrap();
    assert_eq!(
        (v.time_source, v.signing_time),
        (TimeSource::Tsp, at(-120 * MIN))
    );
}

#[test]
fn sig_45_token_of_another_signature_or_damaged_is_invalid() {
    let pki = shared();
    let trust = pki.trust_store().unwrap();
    let tsa = pki.tsa().unwrap();
    let signer = pki.signer("ind-sign").unwrap();
    // A genuine token of another signature of the same TBS (another signingTime, so another
    // signature value) spliced into this one.
    let other = sign_cms(
        &signer,
        TBS,
        &CmsOptions {
            signing_time: Some(at(-1000)),
            timestamp: Some(Timestamp {
                tsa: &tsa,
                gen_time: at(MIN),
            }),
            ..CmsOptions::default()
        },
    )
    .unwrap();
    let parsed = pki::SignedCms::parse(&other).unwrap();
    let foreign = parsed.signers[0].timestamp_tokens[0].clone();
    let spliced = sign_cms(
        &signer,
        TBS,
        &CmsOptions {
            signing_time: Some(now()),
            timestamp_token: Some(&foreign),
            ..CmsOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        verify(&spliced, &trust, challenge_time()).unwrap_err(),
        "SIG_INVALID_SIGNATURE"
    );
    // The genuine token plus a foreign one: every token must pass.
    let both = sign_cms(
        &signer,
        TBS,
        &CmsOptions {
            signing_time: Some(now()),
            timestamp: Some(Timestamp {
                tsa: &tsa,
                gen_time: at(MIN),
            }),
            timestamp_token: Some(&foreign),
            ..CmsOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        verify(&both, &trust, challenge_time()).unwrap_err(),
        "SIG_INVALID_SIGNATURE"
    );
    // Two genuine tokens over this signature value (RSA PKCS#1 v1.5 signs the same attributes
    // to the same value): T is the earlier genTime.
    let ours = cades_t(&signer, &tsa, at(MIN));
    let ours_token = pki::SignedCms::parse(&ours).unwrap().signers[0].timestamp_tokens[0].clone();
    let twice = sign_cms(
        &signer,
        TBS,
        &CmsOptions {
            signing_time: Some(now()),
            timestamp: Some(Timestamp {
                tsa: &tsa,
                gen_time: at(2 * MIN),
            }),
            timestamp_token: Some(&ours_token),
            ..CmsOptions::default()
        },
    )
    .unwrap();
    let parsed = pki::SignedCms::parse(&twice).unwrap();
    assert_eq!(parsed.signers[0].timestamp_tokens.len(), 2);
    let v = verify(&twice, &trust, challenge_time()).unwrap();
    assert_eq!(v.signing_time, at(MIN));
    // An attribute value that is not even DER: the CMS itself does not parse (SIG-37).
    let cms = sign_cms(
        &signer,
        TBS,
        &CmsOptions {
            signing_time: Some(now()),
            timestamp_token: Some(b"garbage"),
            ..CmsOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        verify(&cms, &trust, challenge_time()).unwrap_err(),
        "SIG_MALFORMED"
    );
    // Damaged tokens: not a SignedData, an empty SEQUENCE, a changed genTime (the TSA's
    // signature no longer verifies), a plain CMS over data instead of a TSTInfo.
    let changed_time = {
        let mut t = ours_token.clone();
        let stamp = asn1_gen_time(at(MIN));
        let i = t.windows(stamp.len()).position(|w| w == stamp).unwrap();
        t[i + 12] ^= 0x01; // the first digit of the seconds: 0 → 1
        t
    };
    let plain_cms = sign_cms(&signer, b"not a TSTInfo", &CmsOptions::default()).unwrap();
    for bad in [
        &[0x04, 0x03, 0x01, 0x02, 0x03][..],
        &[0x30, 0x00][..],
        &changed_time[..],
        &plain_cms[..],
    ] {
        let cms = sign_cms(
            &signer,
            TBS,
            &CmsOptions {
                signing_time: Some(now()),
                timestamp_token: Some(bad),
                ..CmsOptions::default()
            },
        )
        .unwrap();
        assert_eq!(
            verify(&cms, &trust, challenge_time()).unwrap_err(),
            "SIG_INVALID_SIGNATURE"
        );
    }
}

/// The GeneralizedTime contents the test TSA writes (`YYYYMMDDhhmmssZ`).
fn asn1_gen_time(t: Millis) -> Vec<u8> {
    let ts = jiff::Timestamp::from_millisecond(t.0).unwrap();
    ts.strftime("%Y%m%d%H%M%SZ").to_string().into_bytes()
}

#[test]
fn sig_14_tsa_without_the_critical_time_stamping_eku_is_refused() {
    let pki = shared();
    let trust = pki.trust_store().unwrap();
    let signer = pki.signer("ind-sign").unwrap();
    // The fault TSA of the test PKI: id-kp-timeStamping, but not critical.
    let fault = pki.fault_tsa().unwrap();
    let eku = fault
        .signer()
        .cert()
        .x509()
        .tbs_certificate
        .extensions
        .as_ref()
        .unwrap()
        .iter()
        .find(|e| e.extn_id == pki::oid::EXT_EXT_KEY_USAGE)
        .unwrap()
        .clone();
    assert!(!eku.critical);
    assert_eq!(
        fault.signer().cert().info().ext_key_usage,
        ["1.3.6.1.5.5.7.3.8"]
    );
    // It chains to the trusted root like tsa-rsa: only the criticality is wrong.
    trust
        .build_chain(fault.signer().cert(), &[], now())
        .unwrap();
    // Certificates that are no TSA at all: the OCSP responder (OCSPSigning) and a person's
    // signing key (emailProtection + role).
    let ocsp = Tsa::new(pki.authority("ocsp-rsa").unwrap());
    let person = Tsa::new(pki.signer("ind2-sign").unwrap());
    for tsa in [&fault, &ocsp, &person] {
        let cms = cades_t(&signer, tsa, at(MIN));
        assert_eq!(
            verify(&cms, &trust, challenge_time()).unwrap_err(),
            "SIG_INVALID_SIGNATURE",
            "{}",
            tsa.signer().cert().info().subject_dn
        );
    }
}

#[test]
fn sig_45_tsa_needs_a_path_valid_at_gen_time() {
    let pki = shared();
    let tsa = pki.tsa().unwrap();
    let signer = pki.signer("gost-ind-dual").unwrap();
    // A trust store with the GOST hierarchy only: the GOST signer chains, the RSA TSA does not.
    let gost_only = TrustStore::from_certs(vec![
        pki.authority("root-gost").unwrap().cert().clone(),
        pki.authority("ca-gost").unwrap().cert().clone(),
    ]);
    let cms = cades_t(&signer, &tsa, at(MIN));
    assert_eq!(
        verify(&cms, &gost_only, challenge_time()).unwrap_err(),
        "SIG_INVALID_SIGNATURE"
    );
    assert_eq!(
        verify(&cms, &pki.trust_store().unwrap(), challenge_time())
            .unwrap()
            .time_source,
        TimeSource::Tsp
    );
    // tsa-rsa was issued 30 days before `now()`: a genTime 31 days earlier is outside its
    // validity (no challenge here, so the window does not refuse it first).
    let early = at(-31 * 24 * 60 * MIN);
    let cms = cades_t(&signer, &tsa, early);
    assert_eq!(
        verify(&cms, &pki.trust_store().unwrap(), VerifyTime::from(now())).unwrap_err(),
        "SIG_INVALID_SIGNATURE"
    );
}

#[test]
fn sig_50_revocation_after_a_timestamped_t_as_16() {
    // AS-16: superseded-sign signs a document at 04:00 with a timestamp; the certificate is
    // revoked at 04:01 (within the challenge's 5 minutes); the server verifies at 04:02.
    let t_revoke = at(MIN);
    let check = challenge_time();
    for (reason, with_tsp_ok) in [
        (CrlReason::Superseded, true),
        (CrlReason::AffiliationChanged, true),
        (CrlReason::CessationOfOperation, true),
        (CrlReason::PrivilegeWithdrawn, true),
        (CrlReason::KeyCompromise, false),
        (CrlReason::CaCompromise, false),
        (CrlReason::Unspecified, false),
        (CrlReason::CertificateHold, false),
    ] {
        let (_guard, mut pki) = copy_of_shared();
        pki.revoke("superseded-sign", reason, Some(t_revoke), None)
            .unwrap();
        let (trust, crls) = (pki.trust_store().unwrap(), pki.crls().unwrap());
        let signer = pki.signer("superseded-sign").unwrap();
        let tsa = pki.tsa().unwrap();
        let status = pki::check_crl(signer.cert(), &crls, check.now).unwrap();
        assert!(matches!(status, RevocationStatus::Revoked { .. }));

        // With a timestamp at 04:00:30 (R > T).
        let v = verify(&cades_t(&signer, &tsa, at(MIN / 2)), &trust, check).unwrap();
        assert_eq!(v.time_source, TimeSource::Tsp);
        let r = apply_revocation(&status, v.signing_time, v.time_source);
        assert_eq!(r.is_ok(), with_tsp_ok, "{reason:?}");
        if let Err(e) = r {
            assert_eq!(e.code(), "SIG_CERT_REVOKED");
        }
        // A timestamp after the revocation (R ≤ T): refused whatever the reason.
        let v = verify(&cades_t(&signer, &tsa, at(MIN + 1000)), &trust, check).unwrap();
        assert_eq!(
            apply_revocation(&status, v.signing_time, v.time_source)
                .unwrap_err()
                .code(),
            "SIG_CERT_REVOKED"
        );
        // Without a timestamp T is now: any present revocation refuses.
        let plain = sign_cms(&signer, TBS, &CmsOptions::default()).unwrap();
        let v = verify(&plain, &trust, check).unwrap();
        assert_eq!(v.time_source, TimeSource::Server);
        assert_eq!(
            apply_revocation(&status, v.signing_time, v.time_source)
                .unwrap_err()
                .code(),
            "SIG_CERT_REVOKED",
            "{reason:?}"
        );
    }
}

#[test]
fn sig_50_invalidity_date_before_t_refuses_even_a_benign_reason() {
    // Revoked (superseded) after T, but the entry says the certificate was invalid since
    // before T (RFC 5280 invalidityDate): the signature is refused.
    let (_guard, mut pki) = copy_of_shared();
    pki.revoke(
        "superseded-sign",
        CrlReason::Superseded,
        Some(at(MIN)),
        Some(at(-60 * MIN)),
    )
    .unwrap();
    let signer = pki.signer("superseded-sign").unwrap();
    let status = pki::check_crl(signer.cert(), &pki.crls().unwrap(), at(2 * MIN)).unwrap();
    let e = apply_revocation(&status, at(MIN / 2), TimeSource::Tsp).unwrap_err();
    assert_eq!(e.code(), "SIG_CERT_REVOKED");
    // An invalidityDate after T changes nothing for superseded.
    let later = match status {
        RevocationStatus::Revoked {
            revoked_at,
            reason,
            evidence,
            ..
        } => RevocationStatus::Revoked {
            revoked_at,
            reason,
            invalidity_date: Some(at(MIN)),
            evidence,
        },
        other => other,
    };
    assert!(apply_revocation(&later, at(MIN / 2), TimeSource::Tsp).is_ok());
}

#[test]
fn sig_50_every_reason_after_a_timestamped_t() {
    let evidence = CrlEvidence {
        issuer_dn: "CN=x".into(),
        crl_number: None,
        delta_crl_number: None,
        this_update: now(),
    };
    let revoked = |reason: Option<CrlReason>| RevocationStatus::Revoked {
        revoked_at: at(MIN),
        reason,
        invalidity_date: None,
        evidence: evidence.clone(),
    };
    let t = now();
    for code in 0..=10u8 {
        let Some(reason) = CrlReason::from_code(code) else {
            continue;
        };
        let benign = matches!(
            reason,
            CrlReason::AffiliationChanged
                | CrlReason::Superseded
                | CrlReason::CessationOfOperation
                | CrlReason::PrivilegeWithdrawn
        );
        let status = revoked(Some(reason));
        assert_eq!(
            apply_revocation(&status, t, TimeSource::Tsp).is_ok(),
            benign,
            "{reason:?}"
        );
        assert!(apply_revocation(&status, t, TimeSource::Server).is_err());
        assert!(apply_revocation(&status, at(MIN), TimeSource::Tsp).is_err());
    }
    assert!(apply_revocation(&revoked(None), t, TimeSource::Tsp).is_err());
    let good = RevocationStatus::Good { evidence };
    assert!(apply_revocation(&good, t, TimeSource::Server).is_ok());
}

#[test]
fn as_25_damaged_cades_t_never_panics() {
    // Every truncation and many one-byte changes of a CAdES-T CMS go through the fuzzing body
    // (which runs the whole timestamp check) and the pipeline without a panic.
    let pki = shared();
    let trust = pki.trust_store().unwrap();
    let signer = pki.signer("ind-sign").unwrap();
    let cms = cades_t(&signer, &pki.tsa().unwrap(), at(MIN));
    for n in (0..cms.len()).step_by(13) {
        pki::parse_cms_for_fuzzing(&cms[..n]);
    }
    let token_at = cms.len() / 2;
    for i in (token_at..cms.len()).step_by(7) {
        let mut bad = cms.clone();
        bad[i] ^= 0x5A;
        pki::parse_cms_for_fuzzing(&bad);
        let _ = verify(&bad, &trust, challenge_time());
    }
}
