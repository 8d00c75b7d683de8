//! SIG-45, SIG-50, SIG-70, AS-16 through the service: a CAdES-T act by a test-PKI persona with
//! a token of the test TSA is stored with time source `tsp` and T = genTime; a token back-dated
//! before the challenge, of another signature or from a TSA without the critical
//! timeStamping EKU refuses the act (SIG_INVALID_SIGNATURE); a certificate revoked after a
//! timestamped T stays valid for `superseded` only, and without a timestamp any revocation
//! refuses.

use crate::acts::{NOW, test_pki};
use db::testing::TestDb;
use kernel::{Clock, FixedClock, Lang, Millis};
use pki::CrlReason;
use pki::testkit::{CmsOptions, TestPki, Timestamp, Tsa, sign_cms};
use serde_json::json;
use signatures::store::SignatureRow;
use signatures::{
    Binding, ChallengeIssued, Purpose, Revocation, RevocationMode, Signing, SigningConfig,
    TbsInput, audit,
};
use std::path::Path;
use std::sync::Arc;

const MIN: i64 = 60_000;

/// A signing service over the test PKI in `dir` (its trust store and CRLs), at `clock`.
fn service(db: &db::Db, dir: &Path, clock: Arc<FixedClock>) -> Signing {
    let trust = TestPki::open(dir).unwrap().trust_store().unwrap();
    let revocation = Revocation::new(
        RevocationMode::CrlOnly,
        Some(dir.join("crl")),
        trust.clone(),
        None,
    )
    .unwrap();
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

fn purpose() -> Purpose {
    Purpose::parse("demo.document").unwrap()
}

async fn challenge(s: &Signing) -> ChallengeIssued {
    let mut input = TbsInput::login(Lang::Ru, "CAdES-T");
    input.purpose = purpose();
    input.content = Some(json!({ "text": "CAdES-T" }));
    s.issue(&input, "sess", &Binding::none()).await.unwrap()
}

/// `persona`'s CMS over the challenge's TBS, with a token of `tsa` at `gen_time` (or none),
/// and optionally a raw token spliced in.
fn sign(
    dir: &Path,
    persona: &str,
    issued: &ChallengeIssued,
    stamp: Option<(&Tsa, Millis)>,
    spliced: Option<&[u8]>,
) -> Vec<u8> {
    let signer = TestPki::open(dir).unwrap().signer(persona).unwrap();
    sign_cms(
        &signer,
        &issued.tbs,
        &CmsOptions {
            timestamp: stamp.map(|(tsa, gen_time)| Timestamp { tsa, gen_time }),
            timestamp_token: spliced,
            ..CmsOptions::default()
        },
    )
    .unwrap()
}

/// Verifies and records; the stored row, or the refusal's code.
async fn complete(
    s: &Signing,
    db: &db::Db,
    issued: &ChallengeIssued,
    cms: &[u8],
) -> Result<SignatureRow, &'static str> {
    let verified = match s
        .verify(
            &issued.challenge_id,
            cms,
            "sess",
            &purpose(),
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

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A private copy of the shared test PKI (for `revoke`).
fn copy_of_test_pki() -> (tempfile::TempDir, std::path::PathBuf) {
    let guard = tempfile::tempdir().unwrap();
    let dir = guard.path().join("pki");
    copy_tree(test_pki(), &dir);
    (guard, dir)
}

#[tokio::test]
async fn sig_45_cades_t_act_is_stored_with_time_source_tsp() {
    let t = TestDb::new().await.unwrap();
    let dir = test_pki();
    let clock = Arc::new(FixedClock::new(Millis(NOW + 10 * MIN)));
    let s = service(&t.db, dir, clock.clone());
    let tsa = TestPki::open(dir).unwrap().tsa().unwrap();

    let issued = challenge(&s).await;
    let issued_at = clock.now();
    let gen_time = Millis(issued_at.0 + 20_000);
    let cms = sign(dir, "ind-sign", &issued, Some((&tsa, gen_time)), None);
    clock.advance_ms(MIN);
    let row = complete(&s, &t.db, &issued, &cms).await.unwrap();
    assert_eq!(row.time_source, "tsp");
    assert_eq!(row.signing_time, gen_time);
    assert!(row.verified_at.0 > row.signing_time.0);

    // The same act without a timestamp: T is the server's clock.
    let issued = challenge(&s).await;
    let cms = sign(dir, "gost-ind-dual", &issued, None, None);
    let row = complete(&s, &t.db, &issued, &cms).await.unwrap();
    assert_eq!(row.time_source, "server");
    assert_eq!(row.signing_time, clock.now());

    // SIG-72: both re-verify, the timestamped one at its genTime.
    let trust = TestPki::open(dir).unwrap().trust_store().unwrap();
    let report = audit::verify_all(&t.db, &trust).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.signatures, 2);

    // A stored time source that the CMS does not bear out is reported.
    let drop = match t.db.backend() {
        db::Backend::Sqlite => "DROP TRIGGER tg_signatures_no_update",
        db::Backend::Postgres => "DROP TRIGGER tg_signatures_append_only ON signatures",
    };
    sqlx::query(drop).execute(t.db.pool()).await.unwrap();
    sqlx::query("UPDATE signatures SET time_source = 'server' WHERE time_source = 'tsp'")
        .execute(t.db.pool())
        .await
        .unwrap();
    let report = audit::verify_all(&t.db, &trust).await.unwrap();
    assert_eq!(report.signature_faults.len(), 1, "{report:?}");
    assert!(report.signature_faults[0].reason.contains("signing time"));
    t.cleanup().await;
}

#[tokio::test]
async fn sig_45_bad_tokens_refuse_the_act() {
    let t = TestDb::new().await.unwrap();
    let dir = test_pki();
    let pki = TestPki::open(dir).unwrap();
    let clock = Arc::new(FixedClock::new(Millis(NOW + 10 * MIN)));
    let s = service(&t.db, dir, clock.clone());
    let tsa = pki.tsa().unwrap();

    // AS-16: a token back-dated by the TSA to two hours before the challenge.
    let issued = challenge(&s).await;
    let back = Millis(clock.now().0 - 120 * MIN);
    let cms = sign(dir, "ind-sign", &issued, Some((&tsa, back)), None);
    assert_eq!(
        complete(&s, &t.db, &issued, &cms).await.unwrap_err(),
        "SIG_INVALID_SIGNATURE"
    );
    // …and one more than a minute before it.
    let cms = sign(
        dir,
        "ind-sign",
        &issued,
        Some((&tsa, Millis(clock.now().0 - MIN - 1000))),
        None,
    );
    assert_eq!(
        complete(&s, &t.db, &issued, &cms).await.unwrap_err(),
        "SIG_INVALID_SIGNATURE"
    );

    // A genuine token of another signature (another challenge's CMS) spliced in.
    let other = challenge(&s).await;
    let other_cms = sign(dir, "ind-sign", &other, Some((&tsa, clock.now())), None);
    let foreign = pki::SignedCms::parse(&other_cms).unwrap().signers[0].timestamp_tokens[0].clone();
    let cms = sign(dir, "ind-sign", &issued, None, Some(&foreign));
    assert_eq!(
        complete(&s, &t.db, &issued, &cms).await.unwrap_err(),
        "SIG_INVALID_SIGNATURE"
    );

    // A token from the fault TSA: timeStamping, but not critical (SIG-14).
    let fault = pki.fault_tsa().unwrap();
    let cms = sign(dir, "ind-sign", &issued, Some((&fault, clock.now())), None);
    assert_eq!(
        complete(&s, &t.db, &issued, &cms).await.unwrap_err(),
        "SIG_INVALID_SIGNATURE"
    );

    // Nothing was stored, the challenge is still unused: a good CAdES-T completes it.
    assert!(
        signatures::store::signatures_after(&t.db, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let cms = sign(dir, "ind-sign", &issued, Some((&tsa, clock.now())), None);
    let row = complete(&s, &t.db, &issued, &cms).await.unwrap();
    assert_eq!(row.time_source, "tsp");
    t.cleanup().await;
}

#[tokio::test]
async fn sig_50_as_16_revocation_after_a_timestamped_act() {
    let t = TestDb::new().await.unwrap();
    for (reason, timestamped_ok) in [
        (CrlReason::Superseded, true),
        (CrlReason::KeyCompromise, false),
    ] {
        let (_guard, dir) = copy_of_test_pki();
        let mut pki = TestPki::open(&dir).unwrap();
        let tsa = pki.tsa().unwrap();
        let clock = Arc::new(FixedClock::new(Millis(NOW + 10 * MIN)));
        let s = service(&t.db, &dir, clock.clone());
        // superseded-sign signs two challenges at 04:10: one with a timestamp, one without.
        let stamped = challenge(&s).await;
        let plain = challenge(&s).await;
        let issued_at = clock.now();
        let gen_time = Millis(issued_at.0 + 10_000);
        let stamped_cms = sign(
            &dir,
            "superseded-sign",
            &stamped,
            Some((&tsa, gen_time)),
            None,
        );
        let plain_cms = sign(&dir, "superseded-sign", &plain, None, None);
        // The certificate is revoked at 04:11; the server verifies at 04:12.
        pki.revoke(
            "superseded-sign",
            reason,
            Some(Millis(issued_at.0 + MIN)),
            None,
        )
        .unwrap();
        clock.set(Millis(issued_at.0 + 2 * MIN));
        let s = service(&t.db, &dir, clock.clone());
        let r = complete(&s, &t.db, &stamped, &stamped_cms).await;
        if timestamped_ok {
            let row = r.unwrap();
            assert_eq!(
                (row.time_source.as_str(), row.signing_time),
                ("tsp", gen_time)
            );
            assert_eq!(row.revocation_source, "crl");
        } else {
            assert_eq!(r.unwrap_err(), "SIG_CERT_REVOKED", "{reason:?}");
        }
        // Without a timestamp T is now: the revocation refuses whatever its reason.
        assert_eq!(
            complete(&s, &t.db, &plain, &plain_cms).await.unwrap_err(),
            "SIG_CERT_REVOKED",
            "{reason:?}"
        );
        // A new act with the key after the revocation, even timestamped, is refused.
        let later = challenge(&s).await;
        let later_cms = sign(
            &dir,
            "superseded-sign",
            &later,
            Some((&tsa, clock.now())),
            None,
        );
        assert_eq!(
            complete(&s, &t.db, &later, &later_cms).await.unwrap_err(),
            "SIG_CERT_REVOKED"
        );
    }
    // The accepted timestamped act re-verifies (SIG-72).
    let trust = TestPki::open(test_pki()).unwrap().trust_store().unwrap();
    let report = audit::verify_all(&t.db, &trust).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.signatures, 1);
    t.cleanup().await;
}
