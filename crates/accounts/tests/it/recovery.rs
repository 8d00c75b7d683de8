//! §9.2 Recovery (AS-24…AS-27) from the baseline F-BASE with the F-CERT keys of `U-AHM`
//! (`C-AHM-A`), Жанаев (`C-ZHA-A`, `C-ZHA-S`) and `U-DOS`, the clock at the scenarios' times of
//! day (see `scenario_time`). The accounts whose mail is read get an address of their own
//! (`own_address`): F-BASE's ahmetov@example.kz would be shared by every test under the SMTP
//! receiver of CI, so «a***@example.kz» is checked on the masking of that address.

use crate::support::*;
use accounts::{EntryPoint, NextStep, values::masked_email};
use kernel::{ErrorCode, Lang};
use notify::testing::ReceivedMail;

fn temp_password(body: &str) -> String {
    let i = body.find(": ").unwrap() + 2;
    body[i..].chars().take_while(|c| *c != '.').collect()
}

/// The one mail of `subject` among `mails`.
fn one<'a>(mails: &'a [ReceivedMail], subject: &str) -> &'a ReceivedMail {
    let found: Vec<_> = mails.iter().filter(|m| m.subject == subject).collect();
    assert_eq!(found.len(), 1, "{subject}: {mails:?}");
    found[0]
}

/// U-AHM locked at 10:00:50 as in AS-20: one certificate step at 10:00:00, five wrong passwords
/// at 10:00:10 … 10:00:50. Returns the (still live) login token.
async fn locked_at_10_00_50(w: &World) -> String {
    let token = w.password_page("C-AHM-A", "s").await;
    for at in ["10:00:10", "10:00:20", "10:00:30", "10:00:40", "10:00:50"] {
        w.at(&format!("17.02.2026 {at}"));
        let _ = w
            .accounts
            .login_password(&token, "Tauar2025", &origin("s"))
            .await;
    }
    let a = w.account(U_AHM).await;
    assert_eq!(
        a.lock.locked_until,
        Some(scenario_time("17.02.2026 10:10:50"))
    );
    token
}

#[tokio::test]
async fn as_24_recovery_link_temporary_password_and_forced_change() {
    // Given U-AHM locked at 10:00:50 (AS-20).
    let w = World::new().await.f_base().await;
    let email = w.own_address(U_AHM).await;
    let token = locked_at_10_00_50(&w).await;
    // At 10:02:00 «Забыли пароль?».
    w.at("17.02.2026 10:02:00");
    let masked = w
        .accounts
        .request_recovery(&token, &origin("s"))
        .await
        .unwrap();
    assert_eq!(masked, masked_email(&email));
    assert_eq!(masked_email("ahmetov@example.kz"), "a***@example.kz");
    let shown_text = |id: &str, masked: &str| {
        kernel::Messages::get().t_args(Lang::Ru, id, &[("email", masked.to_string().into())])
    };
    assert_eq!(
        shown_text("acc-msg-recovery-sent", "a***@example.kz"),
        "Ссылка для восстановления пароля отправлена на адрес электронной почты a***@example.kz"
    );
    // E-RECOVERY (after E-LOCKED).
    let mails = w.wait_mails(&email, 2).await;
    let recovery = one(&mails, "Восстановление пароля");
    one(&mails, "Вход временно заблокирован");
    // At 10:20:00 he follows the link.
    w.at("17.02.2026 10:20:00");
    let masked = w
        .accounts
        .complete_recovery(&link_token(&recovery.body), &origin("s"))
        .await
        .unwrap();
    assert_eq!(masked, masked_email(&email));
    assert_eq!(
        shown_text("acc-msg-temp-sent", "a***@example.kz"),
        "Временный пароль отправлен на адрес электронной почты a***@example.kz"
    );
    let a = w.account(U_AHM).await;
    assert_eq!(a.lock.locked_until, None, "the lock is cleared");
    assert_eq!(a.lock.failed, 0, "the counter is 0");
    assert!(a.password_temporary);
    // E-TEMP-PASSWORD: 12 characters that satisfy §4.2, «действует до 18.02.2026 10:20».
    let mails = w.wait_mails(&email, 3).await;
    let temp_mail = one(&mails, "Временный пароль");
    let temp = temp_password(&temp_mail.body);
    assert_eq!(temp.chars().count(), 12, "{}", temp_mail.body);
    assert!(accounts::password::satisfies_policy(&temp));
    assert!(
        temp_mail
            .body
            .contains(&format!("действует до {}", shown("18.02.2026 10:20"))),
        "{}",
        temp_mail.body
    );
    // `Tauar2026` no longer works: «Неверный пароль. Осталось попыток: 4».
    let token = w.password_page("C-AHM-A", "s").await;
    let r = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await;
    assert_eq!(msg(r), "Неверный пароль. Осталось попыток: 4");
    // The temporary password: only «Смена пароля».
    let done = w
        .accounts
        .login_password(&token, &temp, &origin("s"))
        .await
        .unwrap();
    assert_eq!(done.next, NextStep::ChangePassword);
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    // AS-25: the new password must differ from the temporary one.
    let r = w
        .accounts
        .change_password(&s, None, &temp, &temp, &origin("s"))
        .await;
    assert_eq!(code_ref(&r), ErrorCode::AccPwdSame, "AS-25: must differ");
    assert_eq!(msg(r), "Новый пароль должен отличаться от текущего");
    // `Tauar2027` twice: `password_kind` = USER_SET and E-PASSWORD-CHANGED.
    w.accounts
        .change_password(&s, None, "Tauar2027", "Tauar2027", &origin("s"))
        .await
        .unwrap();
    let a = w.account(U_AHM).await;
    assert!(!a.password_temporary, "USER_SET");
    assert!(accounts::password::verify("Tauar2027", &a.password_hash));
    let mails = w.wait_mails(&email, 4).await;
    one(&mails, "Пароль изменен");
    w.done().await;
}

/// «Забыли пароль?» of U-AHM now (a new certificate step) and the link of the mail it sends:
/// `seen` holds the links already read, so the new one is known whatever the delivery order.
async fn recovery_link(w: &World, email: &str, seen: &mut Vec<String>) -> String {
    let token = w.password_page("C-AHM-A", "s").await;
    w.accounts
        .request_recovery(&token, &origin("s"))
        .await
        .unwrap();
    let mails = w.wait_mails(email, seen.len() + 1).await;
    let mut new: Vec<String> = mails
        .iter()
        .filter(|m| m.subject == "Восстановление пароля")
        .map(|m| link_token(&m.body))
        .filter(|l| !seen.contains(l))
        .collect();
    assert_eq!(new.len(), 1, "one new E-RECOVERY");
    let link = new.pop().unwrap();
    seen.push(link.clone());
    link
}

#[tokio::test]
async fn as_25_recovery_refusals() {
    let w = World::new().await.f_base().await;
    let email = w.own_address(U_AHM).await;
    let mut seen = Vec::new();
    // Given U-AHM pressed «Забыли пароль?» at 10:00:00; the link followed at 11:00:01.
    let first = recovery_link(&w, &email, &mut seen).await;
    w.at("17.02.2026 11:00:01");
    let r = w.accounts.complete_recovery(&first, &origin("s")).await;
    assert_eq!(
        msg(r),
        "Ссылка недействительна: срок ее действия истек или она уже использована"
    );
    // `Tauar2026` still works.
    let token = w.password_page("C-AHM-A", "s").await;
    w.accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    assert!(!w.account(U_AHM).await.password_temporary);
    // Given he pressed it at 10:00:00, 10:10:00 and 10:20:00 (the next day here, so that the
    // hour of the first request is over) …
    let mut links = Vec::new();
    for at in ["10:00:00", "10:10:00", "10:20:00"] {
        w.at(&format!("18.02.2026 {at}"));
        links.push(recovery_link(&w, &email, &mut seen).await);
    }
    // … at 10:45:00 it is refused and no fourth e-mail is sent.
    w.at("18.02.2026 10:45:00");
    let before = w.counts().await;
    let token = w.password_page("C-AHM-A", "s").await;
    let r = w.accounts.request_recovery(&token, &origin("s")).await;
    assert_eq!(code_ref(&r), ErrorCode::AccRateLimit);
    assert_eq!(msg(r), "Слишком много запросов. Повторите попытку позже");
    assert_eq!(w.counts().await, before, "no fourth e-mail");
    assert_eq!(
        w.outbox_to(&email)
            .await
            .iter()
            .filter(|k| *k == "E-RECOVERY")
            .count(),
        4,
        "the one of 17.02 and three of 18.02"
    );
    // Only the link of 10:20:00 works; those of 10:00:00 and 10:10:00 are superseded.
    for old in &links[..2] {
        assert_eq!(
            code(w.accounts.complete_recovery(old, &origin("s")).await),
            ErrorCode::AccLinkInvalid
        );
    }
    w.accounts
        .complete_recovery(&links[2], &origin("s"))
        .await
        .unwrap();
    assert!(w.account(U_AHM).await.password_temporary);
    w.done().await;
}

#[tokio::test]
async fn as_25_an_expired_temporary_password_is_refused() {
    // Given a temporary password issued at 17.02.2026 10:20:00.
    let w = World::new().await.f_base().await;
    let email = w.own_address(U_AHM).await;
    let link = recovery_link(&w, &email, &mut Vec::new()).await;
    w.at("17.02.2026 10:20:00");
    w.accounts
        .complete_recovery(&link, &origin("s"))
        .await
        .unwrap();
    let mails = w.wait_mails(&email, 2).await;
    let temp = temp_password(&one(&mails, "Временный пароль").body);
    // Used at 18.02.2026 10:20:01.
    w.at("18.02.2026 10:20:01");
    let token = w.password_page("C-AHM-A", "s").await;
    let r = w.accounts.login_password(&token, &temp, &origin("s")).await;
    assert_eq!(code_ref(&r), ErrorCode::AccTempExpired);
    assert_eq!(
        msg(r),
        "Срок действия временного пароля истек. Воспользуйтесь ссылкой «Забыли пароль?» еще раз"
    );
    w.done().await;
}

#[tokio::test]
async fn as_26_recovery_of_a_pending_account_activates_it() {
    // Given Жанаев registered as in AS-4 (C-ZHA-A, agreement with C-ZHA-S, phone
    // +7 (705) 000 11 22, `Zhanaev2026`; zhanaev@example.kz is unique here) and still pending.
    let w = World::new().await.f_base().await;
    let token = registration_token(w.cert_step("C-ZHA-A", EntryPoint::Portal, false, "r").await);
    w.sign_agreement(&token, "C-ZHA-S", "r").await.unwrap();
    let email = notify::testing::unique_address("zhanaev");
    let r = w
        .accounts
        .register(
            &token,
            &form(&email, "+7 (705) 000 11 22", "Zhanaev2026", "Zhanaev2026"),
            Lang::Ru,
            &origin("r"),
        )
        .await
        .unwrap();
    let a = w.account("951111300231").await;
    assert_eq!(a.id, r.account_id);
    assert_eq!(a.status, accounts::flow::AccountStatus::PendingActivation);
    // «Забыли пароль?» after the certificate step, and the link.
    let token = w.password_page("C-ZHA-A", "s").await;
    w.accounts
        .request_recovery(&token, &origin("s"))
        .await
        .unwrap();
    let mails = w.wait_mails(&email, 2).await;
    let link = link_token(&one(&mails, "Восстановление пароля").body);
    w.accounts
        .complete_recovery(&link, &origin("s"))
        .await
        .unwrap();
    let a = w.account("951111300231").await;
    assert_eq!(a.status, accounts::flow::AccountStatus::Active);
    assert!(a.email_confirmed, "«Подтвержден»");
    // E-TEMP-PASSWORD to his address.
    let mails = w.wait_mails(&email, 3).await;
    one(&mails, "Временный пароль");
    w.done().await;
}

#[tokio::test]
async fn as_27_recovery_by_email_does_not_reveal_accounts() {
    let w = World::new().await.f_base().await;
    // dosova@dzo-test.kz of F-BASE, unique here (its mail is read).
    let dosova = w.own_address(U_DOS).await;
    // nobody@example.kz: the same answer, and no e-mail.
    let before = w.counts().await;
    w.accounts
        .request_recovery_by_email("nobody@example.kz", &origin("e"))
        .await
        .unwrap();
    assert_eq!(w.counts().await, before, "no e-mail is sent");
    // DOSOVA@dzo-test.kz (another case): E-RECOVERY to her address.
    w.accounts
        .request_recovery_by_email(&dosova.to_uppercase(), &origin("e"))
        .await
        .unwrap();
    assert_eq!(w.outbox_to(&dosova).await, ["E-RECOVERY"]);
    let mails = w.wait_mails(&dosova, 1).await;
    one(&mails, "Восстановление пароля");
    w.done().await;
}
