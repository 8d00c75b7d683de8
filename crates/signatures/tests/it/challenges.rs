//! SIG-9, SIG-52, SIG-53: challenges are single-use, short-lived, bound to the session, the
//! purpose and the deployment. The checks that need a signature made over a challenge are in
//! the web suite, with the test PKI.

use crate::support::{T0, signing};
use db::testing::TestDb;
use kernel::{FixedClock, Lang};
use pki::PkiError;
use signatures::store;
use signatures::{Binding, Purpose, SignaturesError, TbsInput};
use std::sync::Arc;

fn code(e: SignaturesError) -> &'static str {
    match e {
        SignaturesError::Refused(p) => p.code(),
        other => panic!("not a refusal: {other:?}"),
    }
}

#[tokio::test]
async fn sig_9_issued_challenge_holds_the_canonical_tbs() {
    let t = TestDb::new().await.unwrap();
    let clock = Arc::new(FixedClock::new(T0));
    let s = signing(&t.db, clock.clone(), pki::TrustStore::default());
    let issued = s
        .issue(
            &TbsInput::login(Lang::Kk, "Tauar-ға кіру"),
            "sess-1",
            &Binding::none(),
        )
        .await
        .unwrap();
    let tbs: serde_json::Value = serde_json::from_slice(&issued.tbs).unwrap();
    assert_eq!(tbs["purpose"], "login");
    assert_eq!(tbs["origin"], "https://tauar.test");
    assert_eq!(tbs["lang"], "kk");
    assert_eq!(tbs["summary"], "Tauar-ға кіру");
    assert_eq!(tbs["challenge"].as_str().unwrap().len(), 43); // 32 bytes, base64url
    assert_eq!(issued.expires_at.0 - T0.0, 300_000);
    assert_eq!(issued.key_kind.as_str(), "ANY");
    assert_eq!(issued.filters["extKeyUsageOids"], serde_json::json!([]));
    let row = store::load_challenge(&t.db, &issued.challenge_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.tbs, issued.tbs);
    assert_eq!(row.session_id, "sess-1");
    // Two challenges never share bytes.
    let other = s
        .issue(
            &TbsInput::login(Lang::Kk, "Tauar-ға кіру"),
            "sess-1",
            &Binding::none(),
        )
        .await
        .unwrap();
    assert_ne!(other.tbs, issued.tbs);
    t.cleanup().await;
}

#[tokio::test]
async fn sig_52_53_challenge_refusals_come_before_any_crypto() {
    let t = TestDb::new().await.unwrap();
    let clock = Arc::new(FixedClock::new(T0));
    let s = signing(&t.db, clock.clone(), pki::TrustStore::default());
    let login = Purpose::login();
    let issued = s
        .issue(
            &TbsInput::login(Lang::Ru, "Вход"),
            "sess-1",
            &Binding::none(),
        )
        .await
        .unwrap();
    let cms = b"MIIBAAAA";
    let verify = |id: &str, sess: &str, p: &Purpose| {
        let s = &s;
        let id = id.to_string();
        let sess = sess.to_string();
        let p = p.clone();
        async move { s.verify(&id, cms, &sess, &p, &Binding::none()).await }
    };
    // Unknown id, another session, another purpose → SIG_CHALLENGE_UNKNOWN.
    assert_eq!(
        code(verify("ch_nope", "sess-1", &login).await.unwrap_err()),
        "SIG_CHALLENGE_UNKNOWN"
    );
    assert_eq!(
        code(
            verify(&issued.challenge_id, "sess-2", &login)
                .await
                .unwrap_err()
        ),
        "SIG_CHALLENGE_UNKNOWN"
    );
    let agreement = Purpose::parse("register.agreement").unwrap();
    assert_eq!(
        code(
            verify(&issued.challenge_id, "sess-1", &agreement)
                .await
                .unwrap_err()
        ),
        "SIG_CHALLENGE_UNKNOWN"
    );
    // The right challenge reaches the CMS parser: random bytes are SIG_MALFORMED.
    assert_eq!(
        code(
            verify(&issued.challenge_id, "sess-1", &login)
                .await
                .unwrap_err()
        ),
        "SIG_MALFORMED"
    );
    // After 5 minutes → SIG_CHALLENGE_EXPIRED.
    clock.advance_ms(300_000);
    assert_eq!(
        code(
            verify(&issued.challenge_id, "sess-1", &login)
                .await
                .unwrap_err()
        ),
        "SIG_CHALLENGE_EXPIRED"
    );
    t.cleanup().await;
}

#[tokio::test]
async fn sig_52_consuming_twice_is_a_replay_and_other_sessions_cannot_consume() {
    let t = TestDb::new().await.unwrap();
    let clock = Arc::new(FixedClock::new(T0));
    let s = signing(&t.db, clock.clone(), pki::TrustStore::default());
    let issued = s
        .issue(
            &TbsInput::login(Lang::En, "Sign in"),
            "sess-1",
            &Binding::none(),
        )
        .await
        .unwrap();
    let consume = |sess: &'static str, at| {
        let db = t.db.clone();
        let id = issued.challenge_id.clone();
        async move {
            let mut tx = db.write_tx().await.unwrap();
            let r = store::consume_challenge(&mut tx, &id, sess, at).await;
            tx.commit().await.unwrap();
            r
        }
    };
    assert_eq!(consume("sess-2", T0).await, Err(PkiError::ChallengeUnknown));
    assert_eq!(consume("sess-1", T0).await, Ok(()));
    assert_eq!(
        consume("sess-1", T0).await,
        Err(PkiError::ChallengeReplayed)
    );
    let late = s
        .issue(
            &TbsInput::login(Lang::En, "Sign in"),
            "sess-1",
            &Binding::none(),
        )
        .await
        .unwrap();
    let mut tx = t.db.write_tx().await.unwrap();
    let r = store::consume_challenge(
        &mut tx,
        &late.challenge_id,
        "sess-1",
        kernel::Millis(T0.0 + 300_000),
    )
    .await;
    tx.commit().await.unwrap();
    assert_eq!(r, Err(PkiError::ChallengeExpired));
    t.cleanup().await;
}
