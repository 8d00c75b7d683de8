//! `tauar pki serve` (SIG-64) started in-process: OCSP answers that
//! `pki::OcspResponse::check` accepts (good, revoked with reason and time, unknown), every
//! fault mode observable from a client, CRLs served and their fault modes, RFC 3161 tokens
//! and the one-shot back-dated genTime, and a revocation seen without a restart.

use crate::test_pki;
use pki::ocsp::OcspCertStatus;
use pki::testkit::TestPki;
use pki::testkit::tsp::{TspRequest, TstInfo, token_of_response};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;
use tauar::pki_serve::{self, PkiServer};
use tokio::net::TcpListener;

async fn start(dir: &Path) -> PkiServer {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    pki_serve::spawn(dir, l).unwrap()
}

async fn post(s: &PkiServer, path: &str, content_type: &str, body: Vec<u8>) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}{path}", s.url()))
        .header("content-type", content_type)
        .body(body)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap()
}

async fn control(s: &PkiServer, what: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/control/{what}", s.url()))
        .json(&body)
        .send()
        .await
        .unwrap()
}

struct Asked {
    cert: pki::Cert,
    issuer: pki::Cert,
    nonce: Vec<u8>,
    req: Vec<u8>,
}

fn ask(pki: &TestPki, persona: &str) -> Asked {
    let cert = pki.signer(persona).unwrap().cert().clone();
    let issuer = pki.authority("ca-rsa").unwrap().cert().clone();
    let nonce = format!("nonce-{persona}").into_bytes();
    let req = pki::ocsp::build_request(&cert, &issuer, &nonce).unwrap();
    Asked {
        cert,
        issuer,
        nonce,
        req,
    }
}

async fn ocsp_bytes(s: &PkiServer, a: &Asked) -> (u16, Vec<u8>) {
    let r = post(s, "/ocsp/", "application/ocsp-request", a.req.clone()).await;
    let status = r.status().as_u16();
    if status == 200 {
        assert_eq!(r.headers()["content-type"], "application/ocsp-response");
    }
    (status, r.bytes().await.unwrap().to_vec())
}

async fn ocsp_status(
    s: &PkiServer,
    pki: &TestPki,
    a: &Asked,
) -> Result<OcspCertStatus, pki::PkiError> {
    let (status, body) = ocsp_bytes(s, a).await;
    assert_eq!(status, 200);
    pki::OcspResponse::from_der(&body)?.check(
        &a.cert,
        &a.issuer,
        Some(&a.nonce),
        pki.clock().unwrap(),
    )
}

#[tokio::test]
async fn sig_64_ocsp_good_revoked_unknown() {
    let dir = test_pki::shared();
    let pki = TestPki::open(dir).unwrap();
    let s = start(dir).await;
    let good = ask(&pki, "ind-sign");
    assert_eq!(
        ocsp_status(&s, &pki, &good).await.unwrap(),
        OcspCertStatus::Good
    );
    let revoked = ask(&pki, "revoked-sign");
    match ocsp_status(&s, &pki, &revoked).await.unwrap() {
        OcspCertStatus::Revoked { reason, at } => {
            assert_eq!(reason, Some(pki::CrlReason::KeyCompromise));
            assert!(at.0 < pki.clock().unwrap().0);
        }
        other => panic!("{other:?}"),
    }
    let hold = ask(&pki, "hold-sign");
    assert!(matches!(
        ocsp_status(&s, &pki, &hold).await.unwrap(),
        OcspCertStatus::Revoked {
            reason: Some(pki::CrlReason::CertificateHold),
            ..
        }
    ));
    // The rogue CA's certificate asked of ca-rsa: a serial ca-rsa never issued.
    let rogue = ask(&pki, "rogue-sign");
    assert_eq!(
        ocsp_status(&s, &pki, &rogue).await.unwrap(),
        OcspCertStatus::Unknown
    );
    s.stop().await;
}

#[tokio::test]
async fn sig_64_ocsp_fault_modes() {
    let dir = test_pki::shared();
    let pki = TestPki::open(dir).unwrap();
    let s = start(dir).await;
    let a = ask(&pki, "ind-sign");

    assert_eq!(
        control(&s, "ocsp", json!({"mode":"down"})).await.status(),
        200
    );
    assert_eq!(ocsp_bytes(&s, &a).await.0, 503);

    control(&s, "ocsp", json!({"mode":"garbage"})).await;
    let (status, body) = ocsp_bytes(&s, &a).await;
    assert_eq!(status, 200);
    assert!(pki::OcspResponse::from_der(&body).is_err());

    control(&s, "ocsp", json!({"mode":"bad_signature"})).await;
    assert!(ocsp_status(&s, &pki, &a).await.is_err());

    control(&s, "ocsp", json!({"mode":"wrong_nonce"})).await;
    let err = ocsp_status(&s, &pki, &a).await.unwrap_err();
    assert!(err.to_string().contains("nonce"), "{err}");

    control(&s, "ocsp", json!({"mode":"unknown"})).await;
    assert_eq!(
        ocsp_status(&s, &pki, &a).await.unwrap(),
        OcspCertStatus::Unknown
    );

    // timeout: no answer within a client's patience.
    control(&s, "ocsp", json!({"mode":"timeout"})).await;
    let err = reqwest::Client::new()
        .post(format!("{}/ocsp/", s.url()))
        .body(a.req.clone())
        .timeout(Duration::from_millis(1500))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");

    let modes: Value = reqwest::get(format!("{}/control", s.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(modes["ocsp"], "timeout");
    assert_eq!(
        control(&s, "ocsp", json!({"mode":"sideways"}))
            .await
            .status(),
        400
    );

    control(&s, "ocsp", json!({"mode":"ok"})).await;
    assert_eq!(
        ocsp_status(&s, &pki, &a).await.unwrap(),
        OcspCertStatus::Good
    );
    s.stop().await;
}

async fn get_crl(s: &PkiServer, file: &str) -> (u16, Vec<u8>) {
    let r = reqwest::get(format!("{}/crl/{file}", s.url()))
        .await
        .unwrap();
    let status = r.status().as_u16();
    if status == 200 {
        assert_eq!(r.headers()["content-type"], "application/pkix-crl");
    }
    (status, r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn sig_64_crls_served_with_fault_modes() {
    let dir = test_pki::shared();
    let pki = TestPki::open(dir).unwrap();
    let ca = pki.authority("ca-rsa").unwrap().cert().clone();
    let s = start(dir).await;
    for file in [
        "ca-rsa.crl",
        "ca-rsa_d.crl",
        "root-rsa.crl",
        "ca-gost_d.crl",
    ] {
        let (status, body) = get_crl(&s, file).await;
        assert_eq!(status, 200, "{file}");
        assert_eq!(body, std::fs::read(dir.join("crl").join(file)).unwrap());
    }
    let (_, full) = get_crl(&s, "ca-rsa.crl").await;
    let mut crl = pki::Crl::from_der(&full).unwrap();
    crl.verify_signature(&ca).unwrap();
    assert!(crl.delta_base.is_none());
    let (_, delta) = get_crl(&s, "ca-rsa_d.crl").await;
    assert!(pki::Crl::from_der(&delta).unwrap().delta_base.is_some());
    assert_eq!(get_crl(&s, "rogue-ca.crl").await.0, 404);
    assert_eq!(get_crl(&s, "ca-rsa.pem").await.0, 404);

    control(&s, "crl", json!({"mode":"down"})).await;
    assert_eq!(get_crl(&s, "ca-rsa.crl").await.0, 503);

    control(&s, "crl", json!({"mode":"stale"})).await;
    let (status, stale) = get_crl(&s, "ca-rsa.crl").await;
    assert_eq!(status, 200);
    let mut crl = pki::Crl::from_der(&stale).unwrap();
    crl.verify_signature(&ca).unwrap();
    assert!(
        crl.next_update.unwrap().0 < pki.clock().unwrap().0,
        "nextUpdate has passed"
    );

    assert_eq!(
        control(&s, "crl", json!({"mode":"garbage"})).await.status(),
        400
    );
    control(&s, "crl", json!({"mode":"ok"})).await;
    assert_eq!(get_crl(&s, "ca-rsa.crl").await.1, full);
    s.stop().await;
}

#[tokio::test]
async fn sig_64_tsp_token_and_one_shot_back_date() {
    let dir = test_pki::shared();
    let pki = TestPki::open(dir).unwrap();
    let s = start(dir).await;
    let req = TspRequest {
        nonce: Some(vec![0x01, 0x02, 0x03]),
        ..TspRequest::sha256_of(b"signature value")
    };
    let tsp = |s: &PkiServer| {
        let body = req.to_der();
        let url = format!("{}/tsp/", s.url());
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .header("content-type", "application/timestamp-query")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.headers()["content-type"], "application/timestamp-reply");
            let token = token_of_response(&r.bytes().await.unwrap()).unwrap();
            TstInfo::from_token(&token).unwrap()
        }
    };
    let now = pki.clock().unwrap();
    let info = tsp(&s).await;
    assert_eq!(info.hashed_message, req.hashed_message);
    assert_eq!(info.nonce, req.nonce);
    assert!((info.gen_time.0 - now.0).abs() < 120_000, "genTime is now");

    let back = "2026-01-02T03:04:05Z";
    assert_eq!(
        control(&s, "tsp", json!({"gen_time": back})).await.status(),
        200
    );
    let info = tsp(&s).await;
    assert_eq!(
        info.gen_time,
        pki::testkit::state::parse_time(back).unwrap()
    );
    // Only the next token is back-dated.
    let info = tsp(&s).await;
    assert!((info.gen_time.0 - now.0).abs() < 120_000);
    assert_eq!(
        control(&s, "tsp", json!({"gen_time": "yesterday"}))
            .await
            .status(),
        400
    );

    // A request that is not a TimeStampReq is rejected in RFC 3161 terms.
    let r = reqwest::Client::new()
        .post(format!("{}/tsp/", s.url()))
        .body(b"nonsense".to_vec())
        .send()
        .await
        .unwrap();
    assert!(token_of_response(&r.bytes().await.unwrap()).is_err());
    s.stop().await;
}

#[tokio::test]
async fn sig_64_revocation_is_seen_without_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = test_pki::copy(tmp.path());
    let s = start(&dir).await;
    let pki = TestPki::open(&dir).unwrap();
    let a = ask(&pki, "superseded-sign");
    assert_eq!(
        ocsp_status(&s, &pki, &a).await.unwrap(),
        OcspCertStatus::Good
    );
    let mut pki = pki;
    pki.revoke("superseded-sign", pki::CrlReason::Superseded, None, None)
        .unwrap();
    assert!(matches!(
        ocsp_status(&s, &pki, &a).await.unwrap(),
        OcspCertStatus::Revoked {
            reason: Some(pki::CrlReason::Superseded),
            ..
        }
    ));
    let (_, body) = get_crl(&s, "ca-rsa_d.crl").await;
    let delta = pki::Crl::from_der(&body).unwrap();
    let serial = pki.signer("superseded-sign").unwrap().cert().clone();
    let serial = serial
        .x509()
        .tbs_certificate
        .serial_number
        .as_bytes()
        .to_vec();
    let trimmed: Vec<u8> = serial.iter().skip_while(|b| **b == 0).copied().collect();
    assert!(delta.entries.iter().any(|e| *e.serial == *trimmed));
    s.stop().await;
}

#[tokio::test]
async fn as_36_pki_serve_refuses_a_non_loopback_listener() {
    // A listener the caller bound beyond loopback is refused before serving anything.
    let Ok(l) = TcpListener::bind("0.0.0.0:0").await else {
        return;
    };
    let err = pki_serve::spawn(test_pki::shared(), l)
        .err()
        .expect("refused");
    assert!(
        matches!(err, tauar::ServiceError::NotLoopback { .. }),
        "{err}"
    );
}
