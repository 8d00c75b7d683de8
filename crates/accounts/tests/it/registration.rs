//! §9.1 Registration and activation (AS-1…AS-11) with the personas of the test PKI: `ind-auth`
//! and `ind-sign` are one person (P1), `ind2-sign` another.

use crate::support::*;
use accounts::{EntryPoint, store};
use kernel::{ErrorCode, Lang};

#[tokio::test]
async fn as_1_portal_registration_creates_a_pending_account_and_mails_the_link() {
    let w = World::new().await;
    let out = w
        .cert_step("ind-auth", EntryPoint::Portal, false, "s1")
        .await;
    let accounts::StepOutcome::Register {
        registration_token,
        identity,
        ..
    } = out.unwrap()
    else {
        panic!("an unknown certificate leads to registration (ACC-37)")
    };
    assert_eq!(identity.iin, "850314301234");
    assert_eq!(identity.last_name, "ИСАЕВ");
    assert_eq!(identity.email.as_deref(), Some("arman@example.kz"));
    assert_eq!(
        identity.birth_date, "1985-03-14",
        "from the ИИН or the certificate"
    );
    w.sign_agreement(&registration_token, "ind-sign", "s1")
        .await
        .unwrap();
    let email = notify::testing::unique_address("isaev");
    let r = w
        .accounts
        .register(
            &registration_token,
            &form(&email, "+7 (701) 123 45 67", "Tauar2026", "Tauar2026"),
            Lang::Ru,
            &origin("s1"),
        )
        .await
        .unwrap();
    let a = store::account_by_id(w.t.db.pool(), &r.account_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, accounts::flow::AccountStatus::PendingActivation);
    assert!(!a.email_confirmed);
    assert_eq!(a.mobile_phone, "+77011234567");
    assert_eq!(a.created_via, "PORTAL");
    let acc = store::acceptances_of(w.t.db.pool(), &a.id).await.unwrap();
    assert_eq!(acc.len(), 1);
    assert_eq!(acc[0].0, "USER_PORTAL");
    assert!(acc[0].2.is_some(), "the acceptance carries the signature");
    let mails = w.wait_mails(&email, 1).await;
    assert_eq!(mails.len(), 1, "exactly one e-mail");
    assert_eq!(mails[0].subject, "Активация учетной записи");
    assert!(
        mails[0].body.starts_with(
            "Уважаемый(ая) ИСАЕВ АРМАН НУРЛАНОВИЧ! Вы зарегистрировались на веб-портале. Для \
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
    // AS-9: the link activates once.
    let token = link_token(&mails[0].body);
    w.accounts.activate(&token, &origin("x")).await.unwrap();
    let a = store::account_by_id(w.t.db.pool(), &r.account_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.status, accounts::flow::AccountStatus::Active);
    assert!(a.email_confirmed);
    assert_eq!(
        code(w.accounts.activate(&token, &origin("x")).await),
        ErrorCode::AccLinkInvalid
    );
    w.done().await;
}

#[tokio::test]
async fn as_2_password_policy_and_confirmation_at_registration() {
    let w = World::new().await;
    let token = registration_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    w.sign_agreement(&token, "ind-sign", "s").await.unwrap();
    let email = notify::testing::unique_address("pw");
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
                &form(&email, "+77011234567", bad, bad),
                Lang::Ru,
                &origin("s"),
            )
            .await;
        assert_eq!(code(r), ErrorCode::AccPwdPolicy, "{bad}");
    }
    let r = w
        .accounts
        .register(
            &token,
            &form(&email, "+77011234567", "Tauar2026", "Tauar2027"),
            Lang::Ru,
            &origin("s"),
        )
        .await;
    assert_eq!(code(r), ErrorCode::AccPwdMismatch);
    assert_eq!(w.count("accounts").await, 0, "nothing stored");
    assert_eq!(w.count("mail_outbox").await, 0, "nothing sent");
    let ok = "Tauar2026Tauar2026Ab";
    w.accounts
        .register(
            &token,
            &form(&email, "+77011234567", ok, ok),
            Lang::Ru,
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(w.count("accounts").await, 1);
    w.done().await;
}

#[tokio::test]
async fn as_3_the_agreement_is_signed_by_the_same_person_with_a_signing_key() {
    let w = World::new().await;
    let token = registration_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    let email = notify::testing::unique_address("agr");
    let f = form(&email, "+77011234567", "Tauar2026", "Tauar2026");
    assert_eq!(
        code(
            w.accounts
                .register(&token, &f, Lang::Ru, &origin("s"))
                .await
        ),
        ErrorCode::AccAgreementUnsigned
    );
    assert_eq!(
        code(w.sign_agreement(&token, "ind2-sign", "s").await),
        ErrorCode::AccAgreementOtherPerson
    );
    assert_eq!(
        code(w.sign_agreement(&token, "ind-auth", "s").await),
        ErrorCode::SigWrongKeyUsage
    );
    assert_eq!(
        code(
            w.accounts
                .register(&token, &f, Lang::Ru, &origin("s"))
                .await
        ),
        ErrorCode::AccAgreementUnsigned,
        "the agreement stays unsigned"
    );
    w.sign_agreement(&token, "ind-sign", "s").await.unwrap();
    w.accounts
        .register(&token, &f, Lang::Ru, &origin("s"))
        .await
        .unwrap();
    w.done().await;
}

#[tokio::test]
async fn as_4_as_5_email_and_phone_errors_are_all_reported_and_nothing_is_stored() {
    let w = World::new().await;
    let (_, taken) = w.register("ind-auth", "ind-sign", "a", "Tauar2026").await;
    // P2 (`ind-dual`) has no e-mail in the certificate: the field starts empty.
    let out = w
        .cert_step("ind-dual", EntryPoint::Portal, false, "b")
        .await;
    let accounts::StepOutcome::Register {
        registration_token: token,
        identity,
        ..
    } = out.unwrap()
    else {
        panic!()
    };
    assert_eq!(identity.email, None);
    let mut f = form("", "", "Tauar2026", "Tauar2026");
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
    w.sign_agreement(&token, "ind-dual", "b").await.unwrap();
    f.mobile_phone = Some("+7 (705) 000 11 22".into());
    for (email, expected) in [
        ("zhanaev@", ErrorCode::AccEmailInvalid),
        (&taken.to_uppercase()[..], ErrorCode::AccEmailTaken),
    ] {
        f.email = Some(email.into());
        assert_eq!(
            code(
                w.accounts
                    .register(&token, &f, Lang::Ru, &origin("b"))
                    .await
            ),
            expected,
            "{email}"
        );
    }
    f.email = Some(notify::testing::unique_address("zhanaev"));
    for phone in ["+7 (705) 000 11", "8 705 000 11 22"] {
        f.mobile_phone = Some(phone.into());
        assert_eq!(
            code(
                w.accounts
                    .register(&token, &f, Lang::Ru, &origin("b"))
                    .await
            ),
            ErrorCode::AccPhoneInvalid,
            "{phone}"
        );
    }
    assert_eq!(w.count("accounts").await, 1);
    f.mobile_phone = Some("+7 (705) 000 11 22".into());
    let r = w
        .accounts
        .register(&token, &f, Lang::Ru, &origin("b"))
        .await
        .unwrap();
    let a = store::account_by_id(w.t.db.pool(), &r.account_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.mobile_phone, "+77050001122");
    assert_eq!(Some(a.email.clone()), f.email);
    assert_eq!(w.wait_mails(&a.email, 1).await.len(), 1);
    w.done().await;
}

#[tokio::test]
async fn as_7_as_8_nct_registration_rules() {
    let w = World::new().await;
    // ACC-43: a legal-entity key without the right to sign is refused at НКТ registration …
    assert_eq!(
        code(
            w.cert_step("org1-employee-auth", EntryPoint::Nct, true, "n")
                .await
        ),
        ErrorCode::AccNctSigningRight
    );
    // … but the portal accepts it (AS-8).
    registration_token(
        w.cert_step("org1-employee-auth", EntryPoint::Portal, false, "n")
            .await,
    );
    // AS-7: a person registered elsewhere cannot register in НКТ again.
    w.register("ind-auth", "ind-sign", "p", "Tauar2026").await;
    assert_eq!(
        code(w.cert_step("ind-auth", EntryPoint::Nct, true, "n").await),
        ErrorCode::AccAlreadyRegistered
    );
    // AS-16: НКТ login with an unknown certificate.
    assert_eq!(
        code(w.cert_step("ind-dual", EntryPoint::Nct, false, "n").await),
        ErrorCode::AccNotRegistered
    );
    w.done().await;
}

#[tokio::test]
async fn as_10_activation_link_expires_and_resends_supersede_older_links() {
    let w = World::new().await;
    let (r, email) = w.register("ind-auth", "ind-sign", "s", "Tauar2026").await;
    let first = link_token(&w.wait_mails(&email, 1).await[0].body);
    w.advance(72 * 3_600_000 + 1_000);
    assert_eq!(
        code(w.accounts.activate(&first, &origin("s")).await),
        ErrorCode::AccLinkInvalid
    );
    let login = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    let done = w
        .accounts
        .login_password(&login, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    assert_eq!(done.next, accounts::NextStep::Activation);
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
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
    w.accounts.activate(&second, &origin("s")).await.unwrap();
    let a = store::account_by_id(w.t.db.pool(), &r.account_id)
        .await
        .unwrap()
        .unwrap();
    assert!(a.email_confirmed);
    w.done().await;
}

#[tokio::test]
async fn as_10_a_sixth_resend_in_a_day_is_refused() {
    let w = World::new().await;
    let (_, email) = w.register("ind-auth", "ind-sign", "s", "Tauar2026").await;
    let login = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    let done = w
        .accounts
        .login_password(&login, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    for _ in 0..5 {
        w.accounts
            .resend_activation(&s, &origin("s"))
            .await
            .unwrap();
    }
    assert_eq!(
        code(w.accounts.resend_activation(&s, &origin("s")).await),
        ErrorCode::AccRateLimit
    );
    assert_eq!(w.wait_mails(&email, 6).await.len(), 6);
    w.done().await;
}

#[tokio::test]
async fn as_11_a_mistyped_address_is_corrected_before_activation() {
    let w = World::new().await;
    let (_, old) = w.register("ind-auth", "ind-sign", "s", "Tauar2026").await;
    let (_, other) = w.register("ind-dual", "ind-dual", "t", "Tauar2026").await;
    let old_link = link_token(&w.wait_mails(&old, 1).await[0].body);
    let login = login_token(
        w.cert_step("ind-auth", EntryPoint::Portal, false, "s")
            .await,
    );
    let done = w
        .accounts
        .login_password(&login, "Tauar2026", &origin("s"))
        .await
        .unwrap();
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    let new = notify::testing::unique_address("erlan");
    w.accounts
        .change_pending_email(&s, &new, &origin("s"))
        .await
        .unwrap();
    assert_eq!(w.wait_mails(&new, 1).await.len(), 1);
    assert_eq!(
        code(w.accounts.activate(&old_link, &origin("s")).await),
        ErrorCode::AccLinkInvalid
    );
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    assert_eq!(
        code(
            w.accounts
                .change_pending_email(&s, &other, &origin("s"))
                .await
        ),
        ErrorCode::AccEmailTaken
    );
    w.done().await;
}
