//! §9.1 Registration and activation (AS-1…AS-11) with the scenarios' own fixtures: the F-CERT
//! keys of the test PKI (`C-AHM-A`, `C-AHM-S`, `C-ZHA-A`, …) and the baseline F-BASE
//! (`accounts::demo::seed`), the clock at the scenarios' times of day (see `scenario_time`).
//!
//! Addresses the visitor types are unique per test (`notify::testing::unique_address`) where
//! the test reads the mail sent to them: under the SMTP receiver of CI all tests share one
//! mailbox, and the scenario's ahmetov@example.kz would collect every test's mail.

use crate::support::*;
use accounts::{EntryPoint, StepOutcome, store};
use kernel::{ErrorCode, Lang};

/// The registration form after the certificate step of `persona` on the portal.
async fn registration_page(
    w: &World,
    persona: &str,
    sid: &str,
) -> (String, Box<accounts::model::CertView>) {
    match w
        .cert_step(persona, EntryPoint::Portal, false, sid)
        .await
        .unwrap()
    {
        StepOutcome::Register {
            registration_token,
            identity,
            ..
        } => (registration_token, identity),
        other => panic!("an unknown certificate leads to registration (ACC-37), got {other:?}"),
    }
}

/// `YYYY-MM-DD` as the form shows it, `DD.MM.YYYY`.
fn shown_date(iso: &str) -> String {
    let d = jiff::civil::Date::strptime("%Y-%m-%d", iso).unwrap();
    d.strftime("%d.%m.%Y").to_string()
}

#[tokio::test]
async fn as_1_portal_registration_creates_a_pending_account_and_mails_the_link() {
    // Given F-BASE without U-AHM.
    let w = World::new().await.f_base_without(U_AHM).await;
    let before = w.counts().await;
    // When the visitor presses «Войти» and signs the challenge with C-AHM-A …
    let (token, identity) = registration_page(&w, "C-AHM-A", "s1").await;
    // … then the registration page shows «ИИН», «ФИО», «Дата рождения» and the e-mail.
    assert_eq!(identity.iin, "900101300126");
    assert_eq!(identity.full_name(), "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ");
    assert_eq!(shown_date(&identity.birth_date), "01.01.1990");
    assert_eq!(identity.email.as_deref(), Some("ahmetov@example.kz"));
    // «Подписать» with C-AHM-S, then «Подтверждаю данные». The scenario keeps the pre-filled
    // ahmetov@example.kz; the test types a unique address (see the module docs).
    w.sign_agreement(&token, "C-AHM-S", "s1").await.unwrap();
    let email = notify::testing::unique_address("ahmetov");
    let r = w
        .accounts
        .register(
            &token,
            &form(&email, "+7 (701) 123 45 67", "Tauar2026", "Tauar2026"),
            Lang::Ru,
            &origin("s1"),
        )
        .await
        .unwrap();
    // Then one account exists with ИИН 900101300126, PENDING_ACTIVATION, …
    let a = w.account("900101300126").await;
    assert_eq!(a.id, r.account_id);
    assert_eq!(a.status, accounts::flow::AccountStatus::PendingActivation);
    assert!(!a.email_confirmed, "«Не подтвержден»");
    assert_eq!(a.mobile_phone, "+77011234567");
    assert_eq!(a.created_via, "PORTAL");
    assert_eq!(a.full_name(), "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ");
    assert_eq!(a.birth_date, "1990-01-01");
    // … and a USER_PORTAL acceptance carrying the signature of C-AHM-S.
    let acc = store::acceptances_of(w.t.db.pool(), &a.id).await.unwrap();
    assert_eq!(acc.len(), 1);
    assert_eq!(acc[0].0, "USER_PORTAL");
    let signature = acc[0].2.expect("the acceptance carries the signature");
    assert_eq!(
        w.signer_of(signature).await,
        ("900101300126".to_string(), "SIGN".to_string()),
        "signed by C-AHM-S, the signing key of АХМЕТОВ"
    );
    // And exactly one e-mail is sent, the activation mail with one link.
    assert_eq!(
        w.counts().await,
        before.plus("accounts", 1).plus("mail_outbox", 1)
    );
    let mails = w.wait_mails(&email, 1).await;
    assert_eq!(mails.len(), 1, "exactly one e-mail");
    assert_eq!(mails[0].subject, "Активация учетной записи");
    assert!(
        mails[0].body.starts_with(
            "Уважаемый(ая) АХМЕТОВ ЕРЛАН СЕРИКОВИЧ! Вы зарегистрировались на веб-портале. Для \
             того, чтобы активировать Вашу учетную запись просим перейти по следующей ссылке."
        ),
        "{}",
        mails[0].body
    );
    assert_eq!(
        mails[0]
            .body
            .matches("https://tauar.test/auth/activate/")
            .count(),
        1
    );
    // And «Авторизуйтесь»: the password step of the registration certificate; AS-9: a not
    // activated account gets only the activation message.
    let done = w
        .accounts
        .login_password(&r.login_token, "Tauar2026", &origin("s1"))
        .await
        .unwrap();
    assert_eq!(done.next, accounts::NextStep::Activation);
    // AS-9: at 17.02.2026 12:00 the link activates the account, once.
    w.at("17.02.2026 12:00:00");
    let link = link_token(&mails[0].body);
    w.accounts.activate(&link, &origin("x")).await.unwrap();
    let a = w.account("900101300126").await;
    assert_eq!(a.status, accounts::flow::AccountStatus::Active);
    assert!(a.email_confirmed, "«Подтвержден»");
    assert_eq!(a.activated_at, Some(scenario_time("17.02.2026 12:00:00")));
    let again = w.accounts.activate(&link, &origin("x")).await;
    assert_eq!(
        msg(again),
        "Ссылка недействительна: срок ее действия истек или она уже использована"
    );
    assert_eq!(w.account("900101300126").await, a, "nothing changes");
    w.done().await;
}

#[tokio::test]
async fn as_2_password_policy_and_confirmation_at_registration() {
    // Given the registration page after C-AHM-A (no account yet), with a valid e-mail and
    // phone and the agreement signed.
    let w = World::new().await.f_base_without(U_AHM).await;
    let before = w.counts().await;
    let (token, _) = registration_page(&w, "C-AHM-A", "s").await;
    w.sign_agreement(&token, "C-AHM-S", "s").await.unwrap();
    let email = notify::testing::unique_address("ahmetov");
    for bad in [
        "tauar2026",
        "TAUAR2026",
        "TauarTauar",
        "Tau2026",
        "Tauar2026Tauar2026Abc",
        "Tau 2026ar",
    ] {
        let r = w
            .accounts
            .register(
                &token,
                &form(&email, "+7 (701) 123 45 67", bad, bad),
                Lang::Ru,
                &origin("s"),
            )
            .await;
        let Err(accounts::AccountsError::Fields(ref errors)) = r else {
            panic!("{bad}: {r:?}")
        };
        assert_eq!(errors[0].field, "password", "{bad}");
        assert_eq!(errors[0].code, ErrorCode::AccPwdPolicy, "{bad}");
        assert_eq!(
            msg(r),
            "Длина пароля должна быть от 8 до 20 символов. Пароль должен содержать строчные, \
             заглавные буквы и цифры",
            "{bad}"
        );
    }
    let r = w
        .accounts
        .register(
            &token,
            &form(&email, "+7 (701) 123 45 67", "Tauar2026", "Tauar2027"),
            Lang::Ru,
            &origin("s"),
        )
        .await;
    assert_eq!(code_ref(&r), ErrorCode::AccPwdMismatch);
    assert_eq!(msg(r), "Пароли не совпадают");
    assert_eq!(w.counts().await, before, "no account, nothing sent");
    assert!(
        store::account_by_iin(w.t.db.pool(), "900101300126")
            .await
            .unwrap()
            .is_none()
    );
    // 20 characters: the account is created.
    let ok = "Tauar2026Tauar2026Ab";
    assert_eq!(ok.chars().count(), 20);
    w.accounts
        .register(
            &token,
            &form(&email, "+7 (701) 123 45 67", ok, ok),
            Lang::Ru,
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(w.account("900101300126").await.iin, "900101300126");
    assert_eq!(w.counts().await.0["accounts"], before.0["accounts"] + 1);
    w.done().await;
}

#[tokio::test]
async fn as_3_the_agreement_is_signed_by_the_same_person_with_a_signing_key() {
    // Given the registration page after C-AHM-A with every field valid.
    let w = World::new().await.f_base_without(U_AHM).await;
    let before = w.counts().await;
    let (token, _) = registration_page(&w, "C-AHM-A", "s").await;
    let email = notify::testing::unique_address("ahmetov");
    let f = form(&email, "+7 (701) 123 45 67", "Tauar2026", "Tauar2026");
    // «Подтверждаю данные» without signing.
    let r = w
        .accounts
        .register(&token, &f, Lang::Ru, &origin("s"))
        .await;
    assert_eq!(code_ref(&r), ErrorCode::AccAgreementUnsigned);
    assert_eq!(msg(r), "Необходимо подписать пользовательское соглашение");
    // «Подписать» with C-SER-S (ИИН 850505400905): another person.
    let r = w.sign_agreement(&token, "C-SER-S", "s").await;
    assert_eq!(code_ref(&r), ErrorCode::AccAgreementOtherPerson);
    assert_eq!(
        msg(r),
        "Соглашение должно быть подписано ЭЦП того же лица, которое проходит регистрацию"
    );
    // With the authentication certificate C-AHM-A: the key-purpose error of signatures.md.
    assert_eq!(
        code(w.sign_agreement(&token, "C-AHM-A", "s").await),
        ErrorCode::SigWrongKeyUsage
    );
    // The agreement stays unsigned.
    assert_eq!(
        code(
            w.accounts
                .register(&token, &f, Lang::Ru, &origin("s"))
                .await
        ),
        ErrorCode::AccAgreementUnsigned,
        "the agreement stays unsigned"
    );
    assert_eq!(w.counts().await, before);
    // With C-AHM-S: «Соглашение подписано», and the registration goes through. (The key store's
    // file name, `AUTH_RSA256_test.p12` in the scenario, never reaches the server: the purpose is
    // read from the certificate.)
    w.sign_agreement(&token, "C-AHM-S", "s").await.unwrap();
    w.accounts
        .register(&token, &f, Lang::Ru, &origin("s"))
        .await
        .unwrap();
    assert_eq!(w.account("900101300126").await.email, email);
    w.done().await;
}

#[tokio::test]
async fn as_4_as_5_email_and_phone_errors_are_all_reported_and_nothing_is_stored() {
    // F-BASE: U-AHM holds ahmetov@example.kz.
    let w = World::new().await.f_base().await;
    let before = w.counts().await;
    // Given the visitor passed the certificate step with C-ZHA-A (no e-mail in it).
    let (token, identity) = registration_page(&w, "C-ZHA-A", "b").await;
    assert_eq!(identity.iin, "951111300231");
    assert_eq!(identity.full_name(), "ЖАНАЕВ БАУЫРЖАН ЕРИКОВИЧ");
    assert_eq!(identity.email, None, "«Электронная почта» is empty");
    // Submitted empty: every error of the form at once (ACC-41), AS-5's empty phone included.
    let mut f = form("", "", "Zhanaev2026", "Zhanaev2026");
    let Err(accounts::AccountsError::Fields(errs)) = w
        .accounts
        .register(&token, &f, Lang::Ru, &origin("b"))
        .await
    else {
        panic!("field errors")
    };
    let codes: Vec<_> = errs.iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(
        codes,
        vec![
            ("email", ErrorCode::AccRequired),
            ("mobile_phone", ErrorCode::AccRequired),
            ("agreement", ErrorCode::AccAgreementUnsigned),
        ]
    );
    assert_eq!(
        msg::<()>(Err(accounts::AccountsError::Fields(errs))),
        "Поле обязательно для заполнения"
    );
    // The rest valid: agreement signed with C-ZHA-S, phone +7 (705) 000 11 22.
    w.sign_agreement(&token, "C-ZHA-S", "b").await.unwrap();
    f.mobile_phone = Some("+7 (705) 000 11 22".into());
    for (email, expected, text) in [
        (
            "zhanaev@",
            ErrorCode::AccEmailInvalid,
            "Введите корректный адрес электронной почты",
        ),
        // Used by U-AHM, in another case.
        (
            "AHMETOV@example.kz",
            ErrorCode::AccEmailTaken,
            "Пользователь с таким e-mail уже зарегистрирован",
        ),
    ] {
        f.email = Some(email.into());
        let r = w
            .accounts
            .register(&token, &f, Lang::Ru, &origin("b"))
            .await;
        assert_eq!(code_ref(&r), expected, "{email}");
        assert_eq!(msg(r), text, "{email}");
    }
    // zhanaev@example.kz in the scenario; unique here, as the test reads its mail.
    let zhanaev = notify::testing::unique_address("zhanaev");
    f.email = Some(zhanaev.clone());
    // AS-5: the phone in another format.
    for phone in ["+7 (705) 000 11", "8 705 000 11 22"] {
        f.mobile_phone = Some(phone.into());
        let r = w
            .accounts
            .register(&token, &f, Lang::Ru, &origin("b"))
            .await;
        assert_eq!(code_ref(&r), ErrorCode::AccPhoneInvalid, "{phone}");
        assert_eq!(
            msg(r),
            "Введите номер в формате +7 (777) 777 77 77",
            "{phone}"
        );
    }
    assert_eq!(w.counts().await, before, "nothing stored, nothing sent");
    f.mobile_phone = Some("+7 (705) 000 11 22".into());
    let r = w
        .accounts
        .register(&token, &f, Lang::Ru, &origin("b"))
        .await
        .unwrap();
    let a = w.account("951111300231").await;
    assert_eq!(a.id, r.account_id);
    assert_eq!(a.mobile_phone, "+77050001122");
    assert_eq!(a.email, zhanaev);
    assert!(accounts::password::verify("Zhanaev2026", &a.password_hash));
    let mails = w.wait_mails(&zhanaev, 1).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Активация учетной записи", "E-ACTIVATION");
    w.done().await;
}

#[tokio::test]
async fn as_4_the_pre_filled_certificate_address_can_be_replaced() {
    // Given F-BASE without U-AHM.
    let w = World::new().await.f_base_without(U_AHM).await;
    let (token, identity) = registration_page(&w, "C-AHM-A", "s").await;
    assert_eq!(identity.email.as_deref(), Some("ahmetov@example.kz"));
    w.sign_agreement(&token, "C-AHM-S", "s").await.unwrap();
    // He replaces the pre-filled ahmetov@example.kz by erlan.a@example.kz (unique here).
    let erlan = notify::testing::unique_address("erlan.a");
    w.accounts
        .register(
            &token,
            &form(&erlan, "+7 (701) 123 45 67", "Tauar2026", "Tauar2026"),
            Lang::Ru,
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(w.account("900101300126").await.email, erlan);
    assert_eq!(w.outbox_to(&erlan).await, ["E-ACTIVATION"]);
    assert!(
        w.outbox_to("ahmetov@example.kz").await.is_empty(),
        "not to the certificate address"
    );
    assert_eq!(w.wait_mails(&erlan, 1).await.len(), 1);
    w.done().await;
}

#[tokio::test]
async fn as_6_nct_registration_creates_the_one_account() {
    // Given F-BASE without U-OMA.
    let w = World::new().await.f_base_without(U_OMA).await;
    let before = w.counts().await;
    // НКТ «Войти» → «Регистрация» → «Выбрать ЭЦП-ключ», signed with C-OMA-A.
    let out = w
        .cert_step("C-OMA-A", EntryPoint::Nct, true, "n")
        .await
        .unwrap();
    let StepOutcome::Register {
        registration_token: token,
        identity,
        ..
    } = out
    else {
        panic!("the window «Контактные данные»")
    };
    assert_eq!(identity.email.as_deref(), Some("omarova@example.kz"));
    // Without the agreement signed «Зарегистрироваться» is refused.
    let email = notify::testing::unique_address("omarova");
    let f = form(&email, "+7 (702) 555 66 77", "Omarova2026", "Omarova2026");
    assert_eq!(
        code(
            w.accounts
                .register(&token, &f, Lang::Ru, &origin("n"))
                .await
        ),
        ErrorCode::AccAgreementUnsigned
    );
    assert_eq!(w.counts().await, before);
    // «Пользовательское соглашение» → «Подписать» with C-OMA-S, then «Зарегистрироваться».
    w.sign_agreement(&token, "C-OMA-S", "n").await.unwrap();
    w.accounts
        .register(&token, &f, Lang::Ru, &origin("n"))
        .await
        .unwrap();
    let a = w.account("871202400552").await;
    assert_eq!(a.created_via, "NCT");
    assert_eq!(a.status, accounts::flow::AccountStatus::PendingActivation);
    assert_eq!(a.mobile_phone, "+77025556677");
    let acc = store::acceptances_of(w.t.db.pool(), &a.id).await.unwrap();
    assert_eq!(acc.len(), 1);
    assert_eq!(acc[0].0, "USER_NCT");
    assert_eq!(
        w.signer_of(acc[0].2.unwrap()).await,
        ("871202400552".to_string(), "SIGN".to_string())
    );
    assert_eq!(w.outbox_to(&email).await, ["E-ACTIVATION"]);
    // The same person on the portal: the password page, not the registration page (ACC-12).
    let out = w
        .cert_step("C-OMA-A", EntryPoint::Portal, false, "p")
        .await
        .unwrap();
    let StepOutcome::Password { full_name, .. } = out else {
        panic!("the password page, got {out:?}")
    };
    assert_eq!(full_name, "ОМАРОВА САУЛЕ БЕКЕНОВНА");
    w.done().await;
}

#[tokio::test]
async fn as_7_as_8_nct_registration_rules() {
    // AS-8: given F-BASE without U-NUR (U-AHM is there for AS-7).
    let w = World::new().await.f_base_without(U_NUR).await;
    let before = w.counts().await;
    // ACC-43: a legal-entity key without the right to sign is refused at НКТ registration …
    let r = w.cert_step("C-NUR-A", EntryPoint::Nct, true, "n").await;
    assert_eq!(code_ref(&r), ErrorCode::AccNctSigningRight);
    assert_eq!(
        msg(r),
        "Для регистрации требуется ЭЦП сотрудника юридического лица, обладающего правом подписи"
    );
    assert_eq!(
        w.count("auth_steps").await,
        0,
        "the contact window does not open"
    );
    // … but the portal accepts it: agreement signed with C-NUR-S, phone +7 (707) 123 00 00,
    // password Nurlanov2026, e-mail nurlanov@tauar-servis.kz (unique here).
    let (token, identity) = registration_page(&w, "C-NUR-A", "n").await;
    assert_eq!(identity.email.as_deref(), Some("nurlanov@tauar-servis.kz"));
    w.sign_agreement(&token, "C-NUR-S", "n").await.unwrap();
    let nurlanov = notify::testing::unique_address("nurlanov");
    w.accounts
        .register(
            &token,
            &form(
                &nurlanov,
                "+7 (707) 123 00 00",
                "Nurlanov2026",
                "Nurlanov2026",
            ),
            Lang::Ru,
            &origin("n"),
        )
        .await
        .unwrap();
    let a = w.account("010203500018").await;
    assert_eq!(a.status, accounts::flow::AccountStatus::PendingActivation);
    assert_eq!(a.mobile_phone, "+77071230000");
    // AS-7: U-AHM, registered on the portal, cannot register again in НКТ with C-AHM-A2.
    let accounts_now = w.count("accounts").await;
    assert_eq!(accounts_now, before.0["accounts"] + 1);
    let r = w.cert_step("C-AHM-A2", EntryPoint::Nct, true, "n").await;
    assert_eq!(code_ref(&r), ErrorCode::AccAlreadyRegistered);
    assert_eq!(msg(r), "Пользователь с данной ЭЦП уже зарегистрирован");
    assert_eq!(w.count("accounts").await, accounts_now, "unchanged");
    // «Авторизация»: the password step of U-AHM.
    let out = w
        .cert_step("C-AHM-A2", EntryPoint::Nct, false, "n")
        .await
        .unwrap();
    let StepOutcome::Password { full_name, .. } = out else {
        panic!("the password step, got {out:?}")
    };
    assert_eq!(full_name, "АХМЕТОВ ЕРЛАН СЕРИКОВИЧ");
    w.done().await;
}

/// U-AHM registered on the portal with C-AHM-A / C-AHM-S at the scenario's start (F-BASE
/// without U-AHM), still `PENDING_ACTIVATION`: (account id, the address he typed — unique here).
async fn pending_ahmetov(w: &World) -> (String, String) {
    let (r, email) = w.register("C-AHM-A", "C-AHM-S", "s", "Tauar2026").await;
    assert_eq!(w.now(), scenario_time("17.02.2026 10:00:00"));
    (r.account_id, email)
}

/// A not activated account after «Войти» with `persona` and `Tauar2026`: the session id (the
/// activation message only, AS-9).
async fn pending_session(w: &World, persona: &str) -> String {
    let login = w.password_page(persona, "s").await;
    let done = w
        .accounts
        .login_password(&login, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    assert_eq!(done.next, accounts::NextStep::Activation);
    done.session_id
}

/// The session as the next request sees it.
async fn session(w: &World, id: &str) -> accounts::SessionInfo {
    w.accounts.session(id).await.unwrap().unwrap()
}

#[tokio::test]
async fn as_10_activation_link_expires_and_resends_supersede_older_links() {
    // Given U-AHM registered at 17.02.2026 10:00:00, PENDING_ACTIVATION.
    let w = World::new().await.f_base_without(U_AHM).await;
    let (id, email) = pending_ahmetov(&w).await;
    let first = link_token(&w.wait_mails(&email, 1).await[0].body);
    // The link opened at 20.02.2026 10:00:01 (72 hours and 1 second later).
    w.at("20.02.2026 10:00:01");
    let r = w.accounts.activate(&first, &origin("s")).await;
    assert_eq!(
        msg(r),
        "Ссылка недействительна: срок ее действия истек или она уже использована"
    );
    assert_eq!(
        w.account("900101300126").await.status,
        accounts::flow::AccountStatus::PendingActivation
    );
    // He logs in and presses «Отправить письмо повторно»: a new E-ACTIVATION.
    let s = session(&w, &pending_session(&w, "C-AHM-A").await).await;
    w.accounts
        .resend_activation(&s, &origin("s"))
        .await
        .unwrap();
    let mails = w.wait_mails(&email, 2).await;
    assert_eq!(mails.len(), 2);
    let second = mails
        .iter()
        .map(|m| link_token(&m.body))
        .find(|t| *t != first)
        .unwrap();
    // The older link is refused the same way; the new one activates the account.
    assert_eq!(
        code(w.accounts.activate(&first, &origin("s")).await),
        ErrorCode::AccLinkInvalid
    );
    w.accounts.activate(&second, &origin("s")).await.unwrap();
    let a = store::account_by_id(w.t.db.pool(), &id)
        .await
        .unwrap()
        .unwrap();
    assert!(a.email_confirmed);
    assert_eq!(a.status, accounts::flow::AccountStatus::Active);
    w.done().await;
}

#[tokio::test]
async fn as_10_a_sixth_resend_in_a_day_is_refused() {
    // «Another pending account»: Жанаев (no account in F-BASE) registers with C-ZHA-A.
    let w = World::new().await.f_base().await;
    let (_, email) = w.register("C-ZHA-A", "C-ZHA-S", "s", "Tauar2026").await;
    let s = session(&w, &pending_session(&w, "C-ZHA-A").await).await;
    for _ in 0..5 {
        w.advance(60_000);
        w.accounts
            .resend_activation(&s, &origin("s"))
            .await
            .unwrap();
    }
    let before = w.counts().await;
    w.advance(60_000);
    let r = w.accounts.resend_activation(&s, &origin("s")).await;
    assert_eq!(code_ref(&r), ErrorCode::AccRateLimit);
    assert_eq!(msg(r), "Слишком много запросов. Повторите попытку позже");
    assert_eq!(w.counts().await, before, "no e-mail");
    assert_eq!(w.wait_mails(&email, 6).await.len(), 6);
    w.done().await;
}

#[tokio::test]
async fn as_11_a_mistyped_address_is_corrected_before_activation() {
    // Given U-AHM PENDING_ACTIVATION (his address, ahmetov@example.kz in the scenario, is
    // unique here).
    let w = World::new().await.f_base_without(U_AHM).await;
    let (_, old) = pending_ahmetov(&w).await;
    let old_link = link_token(&w.wait_mails(&old, 1).await[0].body);
    let sid = pending_session(&w, "C-AHM-A").await;
    let s = session(&w, &sid).await;
    // «Изменить адрес электронной почты» with erlan.a@example.kz (unique here).
    let new = notify::testing::unique_address("erlan.a");
    w.accounts
        .change_pending_email(&s, &new, &origin("s"))
        .await
        .unwrap();
    assert_eq!(w.account("900101300126").await.email, new);
    let mails = w.wait_mails(&new, 1).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Активация учетной записи", "E-ACTIVATION");
    assert_eq!(
        code(w.accounts.activate(&old_link, &origin("s")).await),
        ErrorCode::AccLinkInvalid
    );
    // serikova@tauar-servis.kz belongs to U-SER of F-BASE.
    let before = w.counts().await;
    let s = session(&w, &sid).await;
    let r = w
        .accounts
        .change_pending_email(&s, "serikova@tauar-servis.kz", &origin("s"))
        .await;
    assert_eq!(code_ref(&r), ErrorCode::AccEmailTaken);
    assert_eq!(msg(r), "Пользователь с таким e-mail уже зарегистрирован");
    assert_eq!(w.account("900101300126").await.email, new);
    assert_eq!(w.counts().await, before);
    w.done().await;
}
