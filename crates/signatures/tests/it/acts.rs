//! SIG-52, SIG-70…SIG-72 with the test PKI: an act signed by a persona is recorded with its
//! signature and audit row in one transaction; `verify_all` re-checks everything and reports a
//! changed byte in any stored signature.

use db::testing::TestDb;
use kernel::{FixedClock, Lang, Millis};
use pki::testkit::{CmsOptions, InitOptions, TestPki, init, sign_cms};
use serde_json::json;
use signatures::audit;
use signatures::{Binding, Purpose, Revocation, RevocationMode, Signing, SigningConfig, TbsInput};
use std::sync::{Arc, OnceLock};

pub const NOW: i64 = 1_796_097_600_000; // 2026-12-01T04:00:00Z

/// One test PKI for the whole test binary (key generation takes seconds in debug builds).
pub fn test_pki() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        init(
            d.path(),
            &InitOptions {
                now: Some(Millis(NOW)),
                seed: 3,
                base_url: pki::testkit::DEFAULT_BASE_URL.into(),
                force: false,
            },
        )
        .unwrap();
        d
    })
    .path()
}

fn service(db: &db::Db, clock: Arc<FixedClock>) -> Signing {
    service_with(db, clock, RevocationMode::CrlOnly, None)
}

/// A signing service over the shared test PKI: its trust store, its CRL directory and, when
/// given, an OCSP responder.
pub fn service_with(
    db: &db::Db,
    clock: Arc<FixedClock>,
    mode: RevocationMode,
    ocsp: Option<signatures::OcspConfig>,
) -> Signing {
    let dir = test_pki();
    let trust = TestPki::open(dir).unwrap().trust_store().unwrap();
    let revocation = Revocation::new(mode, Some(dir.join("crl")), trust.clone(), ocsp).unwrap();
    Signing::new(
        db.clone(),
        trust,
        revocation,
        SigningConfig {
            origin: "https://tauar.test".into(),
            challenge_ttl_ms: 300_000,
        },
        clock,
    )
}

/// Issues, signs with `persona`, verifies and records one demo act; returns the signature id.
async fn act(s: &Signing, db: &db::Db, persona: &str, text: &str) -> i64 {
    let mut input = TbsInput::login(Lang::Ru, text);
    input.purpose = Purpose::parse("demo.document").unwrap();
    input.content = Some(json!({ "text": text }));
    let issued = s.issue(&input, "sess", &Binding::none()).await.unwrap();
    let signer = TestPki::open(test_pki()).unwrap().signer(persona).unwrap();
    let cms = sign_cms(&signer, &issued.tbs, &CmsOptions::default()).unwrap();
    let verified = s
        .verify(
            &issued.challenge_id,
            &cms,
            "sess",
            &input.purpose,
            &Binding::none(),
        )
        .await
        .unwrap();
    let mut tx = db.write_tx().await.unwrap();
    let (id, _) = s
        .record(
            &mut tx,
            &verified,
            "sess",
            Some("127.0.0.1"),
            json!({"text": text}),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn sig_72_stored_acts_reverify_and_a_changed_byte_is_reported() {
    let t = TestDb::new().await.unwrap();
    let clock = Arc::new(FixedClock::new(Millis(NOW + 600_000)));
    let s = service(&t.db, clock.clone());
    let a = act(&s, &t.db, "ind-sign", "бірінші").await;
    let b = act(&s, &t.db, "gost-ind-dual", "екінші").await;
    let trust = TestPki::open(test_pki()).unwrap().trust_store().unwrap();
    let report = audit::verify_all(&t.db, &trust).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.rows, report.signatures), (2, 2));

    // The stored row keeps the exact TBS, the CMS, the certificate and the CRL evidence.
    let row = signatures::store::load_signature(&t.db, b)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.algorithm, "GOST2015_512");
    assert_eq!(row.revocation_source, "crl");
    // SIG-49 step 4: the signer's CA was checked against the root CRL of the CRL directory.
    let root: serde_json::Value =
        serde_json::from_str(row.revocation_root_crl.as_deref().unwrap()).unwrap();
    // The root of the test PKI: «… НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)».
    assert!(
        root["issuer"].as_str().unwrap().contains("НЕГІЗГІ"),
        "{root}"
    );
    assert_eq!(row.purpose_kind, "DUAL");
    assert!(
        String::from_utf8(row.tbs.clone())
            .unwrap()
            .contains("екінші")
    );

    // Somebody edits one byte of the first signature's document.
    let drop = match t.db.backend() {
        db::Backend::Sqlite => "DROP TRIGGER tg_signatures_no_update",
        db::Backend::Postgres => "DROP TRIGGER tg_signatures_append_only ON signatures",
    };
    sqlx::query(drop).execute(t.db.pool()).await.unwrap();
    let mut tbs = signatures::store::load_signature(&t.db, a)
        .await
        .unwrap()
        .unwrap()
        .tbs;
    let i = tbs.len() - 3;
    tbs[i] ^= 0x01;
    sqlx::query("UPDATE signatures SET tbs = $1, tbs_sha256 = $2 WHERE id = $3")
        .bind(&tbs)
        .bind(signatures::sha256_hex(&tbs))
        .bind(a)
        .execute(t.db.pool())
        .await
        .unwrap();
    let report = audit::verify_all(&t.db, &trust).await.unwrap();
    assert!(report.breaks.is_empty(), "the chain itself is untouched");
    assert_eq!(report.signature_faults.len(), 1, "{report:?}");
    assert_eq!(report.signature_faults[0].signature_id, a);
    t.cleanup().await;
}

#[tokio::test]
async fn sig_52_a_refused_act_stores_no_signature_but_an_audit_row() {
    let t = TestDb::new().await.unwrap();
    let clock = Arc::new(FixedClock::new(Millis(NOW + 600_000)));
    let s = service(&t.db, clock);
    let mut input = TbsInput::login(Lang::En, "doc");
    input.purpose = Purpose::parse("demo.document").unwrap();
    let issued = s.issue(&input, "sess", &Binding::none()).await.unwrap();
    let signer = TestPki::open(test_pki())
        .unwrap()
        .signer("expired-sign")
        .unwrap();
    let cms = sign_cms(&signer, &issued.tbs, &CmsOptions::default()).unwrap();
    let err = s
        .verify(
            &issued.challenge_id,
            &cms,
            "sess",
            &input.purpose,
            &Binding::none(),
        )
        .await
        .unwrap_err();
    let signatures::SignaturesError::Refused(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.code(), "SIG_CERT_EXPIRED");
    s.record_refusal("demo.document", &e, &cms, None, Some("10.0.0.1"))
        .await
        .unwrap();
    let rows = audit::rows_after(&t.db, 0, 10).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].entry.error_code.as_deref(),
        Some("SIG_CERT_EXPIRED")
    );
    assert_eq!(rows[0].entry.iin.as_deref(), Some("850314301234"));
    assert!(rows[0].entry.cert_serial.is_some());
    assert!(
        signatures::store::signatures_after(&t.db, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // The challenge is still unused: the user can retry with another key.
    let ch = signatures::store::load_challenge(&t.db, &issued.challenge_id)
        .await
        .unwrap()
        .unwrap();
    assert!(ch.used_at.is_none());
    t.cleanup().await;
}

/// One demo act by `persona` through `s`: the stored row, or the refusal's code.
pub async fn act_result(
    s: &Signing,
    db: &db::Db,
    persona: &str,
) -> Result<signatures::store::SignatureRow, &'static str> {
    let mut input = TbsInput::login(Lang::Ru, "OCSP");
    input.purpose = Purpose::parse("demo.document").unwrap();
    let issued = s.issue(&input, "sess", &Binding::none()).await.unwrap();
    let signer = TestPki::open(test_pki()).unwrap().signer(persona).unwrap();
    let cms = sign_cms(&signer, &issued.tbs, &CmsOptions::default()).unwrap();
    let verified = match s
        .verify(
            &issued.challenge_id,
            &cms,
            "sess",
            &input.purpose,
            &Binding::none(),
        )
        .await
    {
        Ok(v) => v,
        Err(signatures::SignaturesError::Refused(e)) => return Err(e.code()),
        Err(e) => panic!("{e:?}"),
    };
    let mut tx = db.write_tx().await.unwrap();
    let (id, _) = s
        .record(&mut tx, &verified, "sess", None, json!({}))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Ok(signatures::store::load_signature(db, id)
        .await
        .unwrap()
        .unwrap())
}
