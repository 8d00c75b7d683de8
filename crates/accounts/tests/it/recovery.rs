//! §9.2 Recovery (AS-24…AS-26).

use crate::support::*;
use accounts::{EntryPoint, NextStep, store};
use kernel::ErrorCode;

fn temp_password(body: &str) -> String {
    let i = body.find(": ").unwrap() + 2;
    body[i..].chars().take_while(|c| *c != '.').collect()
}

#[tokio::test]
async fn as_24_recovery_link_temporary_password_and_forced_change() {
    let w = World::new().await;
    let (id, email) = w.active_account().await;
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    for _ in 0..5 {
        let _ = w
            .accounts
            .login_password(&token, "wrong", &origin("s"))
            .await;
    }
    let masked = w
        .accounts
        .request_recovery(&token, &origin("s"))
        .await
        .unwrap();
    assert_eq!(masked, accounts::values::masked_email(&email));
    let mails = w.wait_mails(&email, 3).await;
    let recovery = mails
        .iter()
        .find(|m| m.subject == "Восстановление пароля")
        .expect("E-RECOVERY");
    w.advance(18 * 60_000);
    w.accounts
        .complete_recovery(&link_token(&recovery.body), &origin("s"))
        .await
        .unwrap();
    let a = store::account_by_id(w.t.db.pool(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.lock.locked_until, None, "the lock is cleared");
    assert!(a.password_temporary);
    let mails = w.wait_mails(&email, 4).await;
    let temp_mail = mails
        .iter()
        .find(|m| m.subject == "Временный пароль")
        .expect("E-TEMP-PASSWORD");
    let temp = temp_password(&temp_mail.body);
    assert_eq!(temp.chars().count(), 12, "{}", temp_mail.body);
    assert!(accounts::password::satisfies_policy(&temp));
    // The old password no longer works; the temporary one leads to the forced change.
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    let r = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await;
    assert_eq!(code(r), ErrorCode::AccWrongPassword);
    let done = w
        .accounts
        .login_password(&token, &temp, &origin("s"))
        .await
        .unwrap();
    assert_eq!(done.next, NextStep::ChangePassword);
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    let r = w
        .accounts
        .change_password(&s, None, &temp, &temp, &origin("s"))
        .await;
    assert_eq!(code(r), ErrorCode::AccPwdSame, "AS-25: must differ");
    w.accounts
        .change_password(&s, None, "Tauar2027", "Tauar2027", &origin("s"))
        .await
        .unwrap();
    let a = store::account_by_id(w.t.db.pool(), &id)
        .await
        .unwrap()
        .unwrap();
    assert!(!a.password_temporary);
    let mails = w.wait_mails(&email, 5).await;
    assert!(mails.iter().any(|m| m.subject == "Пароль изменен"));
    w.done().await;
}

#[tokio::test]
async fn as_25_recovery_refusals() {
    let w = World::new().await;
    let (_, email) = w.active_account().await;
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    w.accounts
        .request_recovery(&token, &origin("s"))
        .await
        .unwrap();
    let first = link_token(
        &w.wait_mails(&email, 2)
            .await
            .iter()
            .find(|m| m.subject == "Восстановление пароля")
            .unwrap()
            .body,
    );
    // An expired link leaves the password as it was.
    w.advance(3_600_000 + 1_000);
    assert_eq!(
        code(w.accounts.complete_recovery(&first, &origin("s")).await),
        ErrorCode::AccLinkInvalid
    );
    // Three a hour; the fourth is refused and sends nothing. Only the last link works.
    let mut links = Vec::new();
    for _ in 0..3 {
        let token = login_token(
            w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
                .await,
        );
        w.accounts
            .request_recovery(&token, &origin("s"))
            .await
            .unwrap();
        w.advance(10 * 60_000);
    }
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    assert_eq!(
        code(w.accounts.request_recovery(&token, &origin("s")).await),
        ErrorCode::AccRateLimit
    );
    for m in w.wait_mails(&email, 5).await {
        if m.subject == "Восстановление пароля" {
            links.push(link_token(&m.body));
        }
    }
    assert_eq!(links.len(), 4, "no fourth e-mail in the hour");
    let last = links.pop().unwrap();
    // Delivery order is not creation order on every receiver: find the one that works.
    let mut worked = 0;
    for l in links.iter().chain(std::iter::once(&last)) {
        if w.accounts.complete_recovery(l, &origin("s")).await.is_ok() {
            worked += 1;
        }
    }
    assert_eq!(
        worked, 1,
        "only the newest link works; older ones are superseded"
    );
    w.done().await;
}

#[tokio::test]
async fn as_25_an_expired_temporary_password_is_refused() {
    let w = World::new().await;
    let (_, email) = w.active_account().await;
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    w.accounts
        .request_recovery(&token, &origin("s"))
        .await
        .unwrap();
    let mails = w.wait_mails(&email, 2).await;
    let link = link_token(
        &mails
            .iter()
            .find(|m| m.subject == "Восстановление пароля")
            .unwrap()
            .body,
    );
    w.accounts
        .complete_recovery(&link, &origin("s"))
        .await
        .unwrap();
    let mails = w.wait_mails(&email, 3).await;
    let temp = temp_password(
        &mails
            .iter()
            .find(|m| m.subject == "Временный пароль")
            .unwrap()
            .body,
    );
    w.advance(24 * 3_600_000 + 1_000);
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    assert_eq!(
        code(w.accounts.login_password(&token, &temp, &origin("s")).await),
        ErrorCode::AccTempExpired
    );
    w.done().await;
}

#[tokio::test]
async fn as_26_recovery_of_a_pending_account_activates_it() {
    let w = World::new().await;
    let (r, email) = w.register("ind-auth", "ind-sign", "s", "Tauar2026").await;
    let token = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    w.accounts
        .request_recovery(&token, &origin("s"))
        .await
        .unwrap();
    let mails = w.wait_mails(&email, 2).await;
    let link = link_token(
        &mails
            .iter()
            .find(|m| m.subject == "Восстановление пароля")
            .unwrap()
            .body,
    );
    w.accounts
        .complete_recovery(&link, &origin("s"))
        .await
        .unwrap();
    let a = store::account_by_id(w.t.db.pool(), &r.account_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, accounts::flow::AccountStatus::Active);
    assert!(a.email_confirmed);
    w.done().await;
}

#[tokio::test]
async fn as_27_recovery_by_email_does_not_reveal_accounts() {
    let w = World::new().await;
    let (_, email) = w.active_account().await;
    let nobody = notify::testing::unique_address("nobody");
    w.accounts
        .request_recovery_by_email(&nobody, &origin("e"))
        .await
        .unwrap();
    w.accounts
        .request_recovery_by_email(&email.to_uppercase(), &origin("e"))
        .await
        .unwrap();
    assert!(w.mails_to(&nobody).await.is_empty());
    let mails = w.wait_mails(&email, 2).await;
    assert!(mails.iter().any(|m| m.subject == "Восстановление пароля"));
    w.done().await;
}
