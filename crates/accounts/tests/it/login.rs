//! §9.2 Login and lockout (AS-14…AS-23).

use crate::support::*;
use accounts::{EntryPoint, NextStep, store};
use kernel::ErrorCode;

#[tokio::test]
async fn as_14_certificate_then_password_opens_a_session() {
    let w = World::new().await;
    let (id, _) = w.active_account().await;
    let out = w
        .cert_step("ind-auth", EntryPoint::Portal, false, "s")
        .await
        .unwrap();
    let accounts::StepOutcome::Password {
        login_token,
        full_name,
        ..
    } = out
    else {
        panic!()
    };
    assert_eq!(full_name, "ИСАЕВ АРМАН НУРЛАНОВИЧ");
    let done = w
        .accounts
        .login_password(&login_token, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    assert_eq!(done.next, NextStep::Cabinet);
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    assert_eq!(s.assurance, "CERT_PASSWORD");
    assert_eq!(s.context_participant_id, None, "the personal context");
    assert_eq!(s.account.id, id);
    assert_eq!(s.account.last_login_at, Some(w.now()));
    assert_eq!(s.account.lock.failed, 0);
    assert_eq!(w.accounts.certificates(&id).await.unwrap().len(), 1);
    // ACC-161: logout ends the session.
    w.accounts.logout(&s, &origin("s")).await.unwrap();
    assert!(
        w.accounts
            .session(&done.session_id)
            .await
            .unwrap()
            .is_none()
    );
    w.done().await;
}

#[tokio::test]
async fn as_19_as_20_five_wrong_passwords_lock_for_ten_minutes() {
    let w = World::new().await;
    let (id, email) = w.active_account().await;
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    let r = w
        .accounts
        .login_password(&token, "Tauar2025", &origin("s"))
        .await;
    let Err(accounts::AccountsError::Refused { code, args }) = r else {
        panic!()
    };
    assert_eq!(code, ErrorCode::AccWrongPassword);
    assert_eq!(args, vec![("n", "4".to_string())]);
    for _ in 0..3 {
        w.advance(10_000);
        let r = w.accounts.login_password(&token, "x", &origin("s")).await;
        assert_eq!(code_of(r), ErrorCode::AccWrongPassword);
    }
    w.advance(10_000);
    let fifth = w.now();
    let r = w.accounts.login_password(&token, "x", &origin("s")).await;
    assert_eq!(code_of(r), ErrorCode::AccLocked);
    let a = store::account_by_id(w.t.db.pool(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.lock.locked_until, Some(kernel::Millis(fifth.0 + 600_000)));
    let locked = w.wait_mails(&email, 2).await;
    assert!(
        locked
            .iter()
            .any(|m| m.subject == "Вход временно заблокирован"),
        "E-LOCKED is sent"
    );
    // The right password during the lock is refused and does not extend it.
    w.advance(4 * 60_000);
    let r = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await;
    assert_eq!(code_of(r), ErrorCode::AccLocked);
    let b = store::account_by_id(w.t.db.pool(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b.lock.locked_until, a.lock.locked_until);
    // After the lock (a new certificate step: the first one has expired) it logs in.
    w.advance(6 * 60_000 + 1_000);
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    w.accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    let c = store::account_by_id(w.t.db.pool(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.lock.failed, 0);
    w.done().await;
}

fn code_of<T: std::fmt::Debug>(r: Result<T, accounts::AccountsError>) -> ErrorCode {
    code(r)
}

#[tokio::test]
async fn as_23_the_certificate_step_expires_after_five_minutes_and_is_single_use() {
    let w = World::new().await;
    let (id, _) = w.active_account().await;
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    w.advance(5 * 60_000 + 1_000);
    let r = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await;
    assert_eq!(code(r), ErrorCode::AccStepExpired);
    let a = store::account_by_id(w.t.db.pool(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.lock.failed, 0, "the counter is unchanged");
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    w.accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    let r = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await;
    assert_eq!(code(r), ErrorCode::AccStepExpired);
    // A step made in another browser session cannot be used here (SIG-9 spirit, ACC-55).
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    let r = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("other"))
        .await;
    assert_eq!(code(r), ErrorCode::AccStepExpired);
    w.done().await;
}

#[tokio::test]
async fn as_18_certificate_errors_stop_before_the_password() {
    let w = World::new().await;
    let (id, _) = w.active_account().await;
    assert_eq!(
        code(
            w.cert_step("expired-sign", EntryPoint::Portal, false, "s")
                .await
        ),
        ErrorCode::SigCertExpired
    );
    let a = store::account_by_id(w.t.db.pool(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.lock.failed, 0);
    assert_eq!(
        w.count("auth_steps").await,
        2,
        "only the registration's steps"
    );
    w.done().await;
}
