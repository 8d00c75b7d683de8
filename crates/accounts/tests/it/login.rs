//! §9.2 Login and lockout (AS-14…AS-23) from the baseline F-BASE with the F-CERT keys of
//! `U-AHM` (`C-AHM-A`, `C-AHM-A2`, `C-AHM-A3`, `C-AHM-EXP`, `C-AHM-REV`) and `C-ZHA-A` (no
//! account), the clock at the scenarios' times of day (see `scenario_time`).

use crate::support::*;
use accounts::{EntryPoint, NextStep, StepOutcome};
use kernel::ErrorCode;

#[tokio::test]
async fn as_14_certificate_then_password_opens_a_session() {
    // Given U-AHM (F-BASE), at 17.02.2026 10:00.
    let w = World::new().await.f_base().await;
    let id = w.account(U_AHM).await.id;
    // «Войти», signed with C-AHM-A: the password page with his name.
    let out = w
        .cert_step("C-AHM-A", EntryPoint::Portal, false, "s")
        .await
        .unwrap();
    let StepOutcome::Password {
        login_token,
        full_name,
        ..
    } = out
    else {
        panic!("the password page, got {out:?}")
    };
    assert_eq!(full_name, "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ");
    // `Tauar2026`, «Войти».
    let done = w
        .accounts
        .login_password(&login_token, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    assert_eq!(done.next, NextStep::Cabinet, "the main page with the menu");
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    assert_eq!(s.assurance, "CERT_PASSWORD");
    assert_eq!(s.context_participant_id, None, "the personal context");
    assert_eq!(s.account.id, id);
    assert_eq!(
        s.account.last_login_at,
        Some(scenario_time("17.02.2026 10:00:00"))
    );
    assert_eq!(s.account.lock.failed, 0);
    let a = w.account(U_AHM).await;
    assert_eq!(a.last_login_at, Some(scenario_time("17.02.2026 10:00:00")));
    assert_eq!(a.lock.failed, 0, "failed_password_count");
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
async fn as_15_renewed_and_renamed_certificates_find_the_same_account() {
    // Given U-AHM, who logged in with C-AHM-A before.
    let w = World::new().await.f_base().await;
    let id = w.account(U_AHM).await.id;
    w.login("C-AHM-A").await;
    // C-AHM-A2 (renewed, other serial) and `Tauar2026`: the same account, both certificates.
    let s = w.login("C-AHM-A2").await;
    assert_eq!(s.account.id, id);
    let certs = w.accounts.certificates(&id).await.unwrap();
    assert_eq!(certs.len(), 2, "«Сертификаты ЭЦП» lists both");
    assert!(w.audit_details("usr.identity-refresh").await.is_empty());
    // C-AHM-A3: «ФИО» becomes АХМЕТОВ ЕРЛАН СЕРИКҰЛЫ, one audit event with both values.
    let s = w.login("C-AHM-A3").await;
    assert_eq!(s.account.id, id);
    assert_eq!(w.account(U_AHM).await.full_name(), "АХМЕТОВ ЕРЛАН СЕРИКҰЛЫ");
    let events = w.audit_details("usr.identity-refresh").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["before"]["full_name"], "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ");
    assert_eq!(events[0]["after"]["full_name"], "АХМЕТОВ ЕРЛАН СЕРИКҰЛЫ");
    assert_eq!(w.accounts.certificates(&id).await.unwrap().len(), 3);
    w.done().await;
}

#[tokio::test]
async fn as_16_as_17_nct_login_and_an_unknown_certificate() {
    // AS-16: given U-AHM; НКТ «Авторизация» with C-AHM-A and `Tauar2026`.
    let w = World::new().await.f_base().await;
    let token = login_token(w.cert_step("C-AHM-A", EntryPoint::Nct, false, "n").await);
    let done = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("n"))
        .await
        .unwrap();
    // F-BASE holds no USER_NCT acceptance, so the first НКТ entry asks it first (AS-12) and
    // the cabinet «Заявки на внесение изменений в ОКТРУ» opens after it.
    assert_eq!(done.next, NextStep::Agreement);
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    assert_eq!(s.entry_point, "NCT");
    // The same with C-ZHA-A (no account): no password step.
    let steps = w.count("auth_steps").await;
    let r = w.cert_step("C-ZHA-A", EntryPoint::Nct, false, "n").await;
    assert_eq!(code_ref(&r), ErrorCode::AccNotRegistered);
    assert_eq!(
        msg(r),
        "Пользователь с данной ЭЦП не зарегистрирован. Пройдите регистрацию"
    );
    assert_eq!(w.count("auth_steps").await, steps, "no password step");
    // AS-17: on the portal the same certificate opens the registration page, no error.
    let out = w
        .cert_step("C-ZHA-A", EntryPoint::Portal, false, "p")
        .await
        .unwrap();
    let StepOutcome::Register { identity, .. } = out else {
        panic!("the registration page, got {out:?}")
    };
    assert_eq!(identity.iin, "951111300231");
    w.done().await;
}

#[tokio::test]
async fn as_19_as_20_five_wrong_passwords_lock_for_ten_minutes() {
    // Given U-AHM (his mail is read: an address of his own, see `own_address`).
    let w = World::new().await.f_base().await;
    let email = w.own_address(U_AHM).await;
    let sessions = w.count("sessions").await;
    // One certificate step at 10:00:00.
    let token = w.password_page("C-AHM-A", "s").await;
    // AS-19: `Tauar2025` at 10:00:10.
    w.at("17.02.2026 10:00:10");
    let r = w
        .accounts
        .login_password(&token, "Tauar2025", &origin("s"))
        .await;
    let Err(accounts::AccountsError::Refused { code, ref args }) = r else {
        panic!("{r:?}")
    };
    assert_eq!(code, ErrorCode::AccWrongPassword);
    assert_eq!(*args, vec![("n", "4".to_string())]);
    assert_eq!(msg(r), "Неверный пароль. Осталось попыток: 4");
    assert_eq!(w.count("sessions").await, sessions, "no session");
    assert_eq!(w.account(U_AHM).await.lock.failed, 1);
    // AS-20: wrong passwords at 10:00:20, 10:00:30, 10:00:40 …
    for (at, left) in [
        ("17.02.2026 10:00:20", "3"),
        ("17.02.2026 10:00:30", "2"),
        ("17.02.2026 10:00:40", "1"),
    ] {
        w.at(at);
        let r = w
            .accounts
            .login_password(&token, "Tauar2025", &origin("s"))
            .await;
        assert_eq!(msg(r), format!("Неверный пароль. Осталось попыток: {left}"));
    }
    // … and 10:00:50: locked until 10:10:50.
    w.at("17.02.2026 10:00:50");
    let r = w
        .accounts
        .login_password(&token, "Tauar2025", &origin("s"))
        .await;
    assert_eq!(code_ref(&r), ErrorCode::AccLocked);
    let locked = "Вход заблокирован на 10 минут после 5 неверных попыток ввода пароля. Повторите \
                  вход после 10:11 или воспользуйтесь ссылкой «Забыли пароль?»";
    assert_eq!(msg(r), locked);
    let a = w.account(U_AHM).await;
    let until = Some(scenario_time("17.02.2026 10:10:50"));
    assert_eq!(a.lock.locked_until, until);
    // E-LOCKED to his address.
    let mails = w.wait_mails(&email, 1).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Вход временно заблокирован", "E-LOCKED");
    assert!(
        mails[0].body.contains("заблокирован до 10:11"),
        "{}",
        mails[0].body
    );
    // At 10:05:00 the correct password through the API (a new certificate step: the first
    // one has expired): refused the same way, no session, the lock not extended.
    w.at("17.02.2026 10:05:00");
    let token = w.password_page("C-AHM-A", "s").await;
    let r = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await;
    assert_eq!(msg(r), locked);
    assert_eq!(w.account(U_AHM).await.lock.locked_until, until);
    assert_eq!(w.count("sessions").await, sessions, "no session");
    // At 10:10:51 he logs in with `Tauar2026`.
    w.at("17.02.2026 10:10:51");
    let token = w.password_page("C-AHM-A", "s").await;
    w.accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    let c = w.account(U_AHM).await;
    assert_eq!(c.lock.failed, 0);
    assert_eq!(c.lock.locked_until, None);
    w.done().await;
}

#[tokio::test]
async fn as_21_only_failures_in_a_row_count() {
    // Given U-AHM: 4 wrong passwords, the correct one, 4 wrong passwords.
    let w = World::new().await.f_base().await;
    let token = w.password_page("C-AHM-A", "s").await;
    for _ in 0..4 {
        let r = w.accounts.login_password(&token, "x", &origin("s")).await;
        assert_eq!(code(r), ErrorCode::AccWrongPassword);
    }
    w.accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    assert_eq!(w.account(U_AHM).await.lock.failed, 0);
    let token = w.password_page("C-AHM-A", "s").await;
    for _ in 0..4 {
        let r = w.accounts.login_password(&token, "x", &origin("s")).await;
        assert_eq!(code(r), ErrorCode::AccWrongPassword);
    }
    let a = w.account(U_AHM).await;
    assert_eq!(
        (a.lock.failed, a.lock.locked_until),
        (4, None),
        "not locked"
    );
    // A 5th wrong password locks.
    let r = w.accounts.login_password(&token, "x", &origin("s")).await;
    assert_eq!(code(r), ErrorCode::AccLocked);
    assert!(w.account(U_AHM).await.lock.locked_until.is_some());
    w.done().await;
}

#[tokio::test]
async fn as_23_the_certificate_step_expires_after_five_minutes_and_is_single_use() {
    // Given U-AHM passed the certificate step at 10:00:00.
    let w = World::new().await.f_base().await;
    let token = w.password_page("C-AHM-A", "s").await;
    // `Tauar2026` at 10:05:01.
    w.at("17.02.2026 10:05:01");
    let r = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("s"))
        .await;
    assert_eq!(code_ref(&r), ErrorCode::AccStepExpired);
    assert_eq!(msg(r), "Время ожидания истекло. Выберите ключ ЭЦП еще раз");
    assert_eq!(
        w.account(U_AHM).await.lock.failed,
        0,
        "the counter is unchanged"
    );
    // A new step, logged in; the same LoginAttempt submitted again is refused the same way.
    let token = w.password_page("C-AHM-A", "s").await;
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
    let token = w.password_page("C-AHM-A", "s").await;
    let r = w
        .accounts
        .login_password(&token, "Tauar2026", &origin("other"))
        .await;
    assert_eq!(code(r), ErrorCode::AccStepExpired);
    w.done().await;
}

#[tokio::test]
async fn as_18_certificate_errors_stop_before_the_password() {
    // Given U-AHM with `failed_password_count` = 0.
    let w = World::new().await.f_base().await;
    assert_eq!(w.account(U_AHM).await.lock.failed, 0);
    // «Войти» with C-AHM-EXP, then with C-AHM-REV: the messages of spec/signatures.md.
    assert_eq!(
        code(
            w.cert_step("C-AHM-EXP", EntryPoint::Portal, false, "s")
                .await
        ),
        ErrorCode::SigCertExpired
    );
    assert_eq!(
        code(
            w.cert_step("C-AHM-REV", EntryPoint::Portal, false, "s")
                .await
        ),
        ErrorCode::SigCertRevoked
    );
    assert_eq!(w.account(U_AHM).await.lock.failed, 0);
    assert_eq!(w.count("auth_steps").await, 0, "no password page");
    w.done().await;
}
