//! SIG-64: the local OCSP responder and TSA as pure functions — their answers parse with the
//! crate's readers and pass (or, in the fault modes, fail) the crate's checks.

use crate::testkit_common::{now, shared};
use kernel::Millis;
use pki::ocsp::{OcspCertStatus, OcspResponse, build_request};
use pki::testkit::tsp::token_of_response;
use pki::testkit::{
    CmsOptions, CrlMode, OcspMode, OcspReply, Timestamp, TspMode, TspRequest, TstInfo, sign_cms,
};
use pki::{Cert, CrlReason, SignedCms};

const NONCE: &[u8] = b"0123456789abcdef";

fn ask(persona_cert: &Cert, issuer: &Cert, mode: OcspMode) -> OcspReply {
    let pki = shared();
    let req = build_request(persona_cert, issuer, NONCE).unwrap();
    pki.ocsp_responder().unwrap().respond(&req, now(), mode)
}

fn checked(persona: &str, mode: OcspMode) -> Result<OcspCertStatus, pki::PkiError> {
    let pki = shared();
    let cert = pki.signer(persona).unwrap().cert().clone();
    let issuer_name = &pki.persona(persona).unwrap().issuer;
    let issuer = pki.authority(issuer_name).unwrap().cert().clone();
    let OcspReply::Response(der) = ask(&cert, &issuer, mode) else {
        panic!("no response in {mode:?}");
    };
    OcspResponse::from_der(&der)?.check(&cert, &issuer, Some(NONCE), now())
}

#[test]
fn sig_64_ocsp_good_revoked_hold_and_unknown_verify() {
    assert_eq!(
        checked("ind-sign", OcspMode::Ok).unwrap(),
        OcspCertStatus::Good
    );
    assert_eq!(
        checked("gost-ind-dual", OcspMode::Ok).unwrap(),
        OcspCertStatus::Good
    );
    let hour_ago = Millis(now().0 - 3_600_000);
    assert_eq!(
        checked("revoked-sign", OcspMode::Ok).unwrap(),
        OcspCertStatus::Revoked {
            at: hour_ago,
            reason: Some(CrlReason::KeyCompromise)
        }
    );
    assert_eq!(
        checked("hold-sign", OcspMode::Ok).unwrap(),
        OcspCertStatus::Revoked {
            at: hour_ago,
            reason: Some(CrlReason::CertificateHold)
        }
    );
    assert_eq!(
        checked("ind-sign", OcspMode::Unknown).unwrap(),
        OcspCertStatus::Unknown
    );
    // A serial ca-rsa never issued (rogue-sign has the same issuer name) is unknown.
    let pki = shared();
    let rogue = pki.signer("rogue-sign").unwrap().cert().clone();
    let ca = pki.authority("ca-rsa").unwrap().cert().clone();
    let OcspReply::Response(der) = ask(&rogue, &ca, OcspMode::Ok) else {
        panic!()
    };
    assert_eq!(
        OcspResponse::from_der(&der)
            .unwrap()
            .check(&rogue, &ca, Some(NONCE), now())
            .unwrap(),
        OcspCertStatus::Unknown
    );
}

#[test]
fn sig_64_ocsp_signers_delegated_for_ca_rsa_direct_for_others() {
    let pki = shared();
    let ind = pki.signer("ind-sign").unwrap().cert().clone();
    let ca_rsa = pki.authority("ca-rsa").unwrap().cert().clone();
    let OcspReply::Response(der) = ask(&ind, &ca_rsa, OcspMode::Ok) else {
        panic!()
    };
    let r = OcspResponse::from_der(&der).unwrap();
    assert_eq!(
        r.verify_signature(&ca_rsa).unwrap().info().subject_dn,
        "C=KZ,CN=TAUAR TEST OCSP (RSA)"
    );
    assert!(r.nonce.is_some());
    // ca-rsa's own status, answered and signed by root-rsa.
    let root = pki.authority("root-rsa").unwrap().cert().clone();
    let OcspReply::Response(der) = ask(&ca_rsa, &root, OcspMode::Ok) else {
        panic!()
    };
    let r = OcspResponse::from_der(&der).unwrap();
    assert_eq!(
        r.check(&ca_rsa, &root, Some(NONCE), now()).unwrap(),
        OcspCertStatus::Good
    );
    assert!(r.certs.is_empty());
}

#[test]
fn sig_64_ocsp_fault_modes_are_refused_by_the_crates_checks() {
    for mode in [OcspMode::WrongNonce, OcspMode::BadSignature] {
        let e = checked("ind-sign", mode).unwrap_err();
        assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE", "{mode:?}");
    }
    assert_eq!(
        checked("ind-sign", OcspMode::Garbage).unwrap_err().code(),
        "SIG_MALFORMED"
    );
    let pki = shared();
    let ind = pki.signer("ind-sign").unwrap().cert().clone();
    let ca = pki.authority("ca-rsa").unwrap().cert().clone();
    assert_eq!(ask(&ind, &ca, OcspMode::Down), OcspReply::Down);
    assert_eq!(ask(&ind, &ca, OcspMode::Timeout), OcspReply::Timeout);
    // A response checked for another certificate, or far from its time, is untrusted too.
    let OcspReply::Response(der) = ask(&ind, &ca, OcspMode::Ok) else {
        panic!()
    };
    let r = OcspResponse::from_der(&der).unwrap();
    let other = pki.signer("ind-auth").unwrap().cert().clone();
    assert_eq!(
        r.check(&other, &ca, Some(NONCE), now()).unwrap_err().code(),
        "SIG_REVOCATION_UNAVAILABLE"
    );
    let early = Millis(now().0 - 3_600_000);
    assert_eq!(
        r.check(&ind, &ca, Some(NONCE), early).unwrap_err().code(),
        "SIG_REVOCATION_UNAVAILABLE"
    );
    assert_eq!(
        pki.ocsp_responder()
            .unwrap()
            .respond(b"\x30\x00", now(), OcspMode::Ok),
        OcspReply::Response(vec![0x30, 0x03, 0x0A, 0x01, 0x01])
    );
    assert_eq!(
        OcspMode::parse("bad_signature"),
        Some(OcspMode::BadSignature)
    );
}

#[test]
fn sig_64_crl_fault_modes() {
    let pki = shared();
    let at = now();
    assert!(
        pki.crl_bytes("ca-rsa", false, CrlMode::Down, at)
            .unwrap()
            .is_none()
    );
    let ok = pki
        .crl_bytes("ca-rsa", true, CrlMode::Ok, at)
        .unwrap()
        .unwrap();
    assert!(pki::Crl::from_der(&ok).unwrap().is_delta());
    let stale = pki
        .crl_bytes("ca-rsa", false, CrlMode::Stale, at)
        .unwrap()
        .unwrap();
    let mut stale = pki::Crl::from_der(&stale).unwrap();
    stale
        .verify_signature(pki.authority("ca-rsa").unwrap().cert())
        .unwrap();
    assert!(!stale.is_fresh(at));
    let cert = pki.signer("ind-sign").unwrap().cert().clone();
    assert_eq!(
        pki::check_crl(&cert, &[stale], at).unwrap_err().code(),
        "SIG_REVOCATION_UNAVAILABLE"
    );
}

#[test]
fn sig_64_tsa_tokens_verify_and_can_be_back_dated() {
    let pki = shared();
    let tsa = pki.tsa().unwrap();
    let trust = pki.trust_store().unwrap();
    let req = TspRequest {
        nonce: Some(vec![0x01, 0x02]),
        ..TspRequest::sha256_of(b"signature value")
    };
    assert_eq!(TspRequest::from_der(&req.to_der()).unwrap(), req);
    for (mode, gen_time) in [
        (TspMode::Ok, now()),
        (
            TspMode::BackDate(Millis(now().0 - 2 * 3_600_000)),
            Millis(now().0 - 2 * 3_600_000),
        ),
    ] {
        let resp = tsa.respond(&req.to_der(), now(), mode);
        let token = token_of_response(&resp).unwrap();
        let info = TstInfo::from_token(&token).unwrap();
        assert_eq!(info.gen_time, gen_time);
        assert_eq!(info.hashed_message, req.hashed_message);
        assert_eq!(info.nonce.as_deref(), Some(&[0x01, 0x02][..]));
        assert_eq!(info.policy, pki::oid::TEST_PKI_MARKER);
        // The token is a SignedData over the TSTInfo by tsa-rsa, with signingCertificateV2.
        let cms = SignedCms::parse(&token).unwrap();
        let content = cms.content().unwrap().to_vec();
        let check = cms.check_signer(0, &content).unwrap();
        let tsa_cert = &cms.certificates[check.cert_index];
        assert_eq!(tsa_cert.info().ext_key_usage, ["1.3.6.1.5.5.7.3.8"]);
        let attrs = cms.signers[0].signed_attrs.as_ref().unwrap();
        assert!(attrs.signing_certificate_v2.is_some());
        trust.build_chain(tsa_cert, &[], gen_time).unwrap();
    }
    // Garbage and non-SHA-256 requests are rejected.
    assert!(token_of_response(&tsa.respond(b"junk", now(), TspMode::Ok)).is_err());
}

#[test]
fn sig_45_cms_with_a_signature_timestamp() {
    // CAdES-T: the token's imprint is SHA-256 of the signature value (SIG-45); the CMS still
    // passes the pipeline.
    let pki = shared();
    let tsa = pki.tsa().unwrap();
    for persona in ["ind-sign", "gost-head-dual"] {
        let signer = pki.signer(persona).unwrap();
        let cms = sign_cms(
            &signer,
            b"tbs",
            &CmsOptions {
                signing_time: Some(now()),
                timestamp: Some(Timestamp {
                    tsa: &tsa,
                    gen_time: now(),
                }),
                ..CmsOptions::default()
            },
        )
        .unwrap();
        let parsed = SignedCms::parse(&cms).unwrap();
        let s = &parsed.signers[0];
        let [token] = &s.timestamp_tokens[..] else {
            panic!("one token expected");
        };
        let info = TstInfo::from_token(token).unwrap();
        use sha2::Digest;
        assert_eq!(
            info.hashed_message,
            sha2::Sha256::digest(&s.signature).to_vec()
        );
        let v = pki::verify_cms(
            &cms,
            pki::Expected::Tbs(b"tbs"),
            &pki.trust_store().unwrap(),
            now(),
            &pki::Policy::document(),
        )
        .unwrap();
        assert_eq!(
            (v.time_source, v.signing_time),
            (pki::TimeSource::Tsp, now())
        );
    }
}
