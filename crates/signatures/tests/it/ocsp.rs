//! SIG-47, SIG-49, SIG-51 over real HTTP: the test PKI's OCSP responder behind a loopback
//! server, in every fault mode of SIG-64 — down and slow fall back to the CRLs; lying (bad
//! signature, wrong nonce), garbage and `unknown` refuse the act with no fallback.

use crate::acts::{NOW, act_result, service_with, test_pki};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use db::testing::TestDb;
use kernel::{FixedClock, Millis};
use pki::testkit::{OcspMode, OcspReply, OcspResponder, TestPki};
use signatures::{OcspConfig, RevocationMode, Signing};
use std::sync::{Arc, Mutex};

struct Responder {
    inner: OcspResponder,
    mode: Mutex<OcspMode>,
}

async fn answer(State(r): State<Arc<Responder>>, body: Bytes) -> axum::response::Response {
    let mode = *r.mode.lock().unwrap();
    match r.inner.respond(&body, Millis(NOW + 600_000), mode) {
        OcspReply::Response(der) => {
            ([(header::CONTENT_TYPE, "application/ocsp-response")], der).into_response()
        }
        OcspReply::Down => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        OcspReply::Timeout => {
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
    }
}

/// A responder on a loopback port: (its URL, the mode switch).
async fn responder() -> (String, Arc<Responder>) {
    let r = Arc::new(Responder {
        inner: TestPki::open(test_pki()).unwrap().ocsp_responder().unwrap(),
        mode: Mutex::new(OcspMode::Ok),
    });
    let app = axum::Router::new()
        .route("/ocsp/", axum::routing::post(answer))
        .with_state(Arc::clone(&r));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/ocsp/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, r)
}

fn service(db: &db::Db, ocsp_url: &str, mode: RevocationMode) -> Signing {
    let mut cfg = OcspConfig::new(ocsp_url);
    cfg.timeout_ms = 500;
    service_with(
        db,
        Arc::new(FixedClock::new(Millis(NOW + 600_000))),
        mode,
        Some(cfg),
    )
}

#[tokio::test]
async fn sig_49_ocsp_decides_and_its_faults_fall_back_or_refuse() {
    let t = TestDb::new().await.unwrap();
    let (url, r) = responder().await;
    let set = |m| *r.mode.lock().unwrap() = m;

    // good → accepted with the OCSP response as evidence; revoked → refused.
    let s = service(&t.db, &url, RevocationMode::OcspThenCrl);
    let row = act_result(&s, &t.db, "ind-sign").await.unwrap();
    assert_eq!(row.revocation_source, "ocsp");
    let ev = pki::OcspResponse::from_der(row.revocation_evidence.as_deref().unwrap()).unwrap();
    assert!(!ev.der().is_empty());
    // The root-CRL check of the signer's CA is kept beside the OCSP response (SIG-49 step 4).
    let root: serde_json::Value =
        serde_json::from_str(row.revocation_root_crl.as_deref().unwrap()).unwrap();
    assert!(root["crl_number"].is_string(), "{root}");
    assert_eq!(
        act_result(&s, &t.db, "revoked-sign").await.unwrap_err(),
        "SIG_CERT_REVOKED"
    );

    // Down and slow: the CRL cache decides (SIG-49 step 3).
    for m in [OcspMode::Down, OcspMode::Timeout] {
        set(m);
        let s = service(&t.db, &url, RevocationMode::OcspThenCrl);
        let row = act_result(&s, &t.db, "ind-dual").await.unwrap();
        assert_eq!(row.revocation_source, "crl", "{m:?}");
        assert_eq!(
            act_result(&s, &t.db, "revoked-sign").await.unwrap_err(),
            "SIG_CERT_REVOKED"
        );
    }
    // …but not in ocsp_only mode.
    set(OcspMode::Down);
    let s = service(&t.db, &url, RevocationMode::OcspOnly);
    assert_eq!(
        act_result(&s, &t.db, "ind-sign").await.unwrap_err(),
        "SIG_REVOCATION_UNAVAILABLE"
    );

    // Lying or useless answers: refused, no fallback (fail closed).
    for m in [
        OcspMode::BadSignature,
        OcspMode::WrongNonce,
        OcspMode::Garbage,
        OcspMode::Unknown,
    ] {
        set(m);
        let s = service(&t.db, &url, RevocationMode::OcspThenCrl);
        assert_eq!(
            act_result(&s, &t.db, "ind-sign").await.unwrap_err(),
            "SIG_REVOCATION_UNAVAILABLE",
            "{m:?}"
        );
    }

    // SIG-51: a good answer is reused for 5 minutes, even while the responder is down.
    set(OcspMode::Ok);
    let s = service(&t.db, &url, RevocationMode::OcspOnly);
    act_result(&s, &t.db, "ind-sign").await.unwrap();
    set(OcspMode::Down);
    let row = act_result(&s, &t.db, "ind-sign").await.unwrap();
    assert_eq!(row.revocation_source, "ocsp");

    // SIG-72: the stored OCSP answers are re-checked offline with everything else.
    let trust = TestPki::open(test_pki()).unwrap().trust_store().unwrap();
    let report = signatures::audit::verify_all(&t.db, &trust).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert!(report.signatures >= 5, "{report:?}");
    t.cleanup().await;
}
