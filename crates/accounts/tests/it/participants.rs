//! §9.4 and §9.5 at service level: participant registration (ACC-69…ACC-76) and bank accounts
//! (ACC-103…ACC-108, ACC-128, ACC-129). Personas: `org1-head-*` is the first head of ORG1
//! (БИН 040340001233), `org1-employee-*` an employee of it without the right to sign, `ind-*`
//! an individual.

use crate::support::*;
use accounts::{BankAccountForm, ParticipantForm};
use kernel::ErrorCode;

fn ul_form() -> ParticipantForm {
    ParticipantForm {
        kind: Some("UL".into()),
        state_reg_date: Some("2004-03-15".into()),
        state_reg_doc_number: Some("12345-1910-ТОО".into()),
        state_reg_authority: Some("Департамент юстиции г. Алматы".into()),
        country: Some("KZ".into()),
        is_supplier: Some(true),
        kopf: Some("20".into()),
        kse: Some("7".into()),
        kfs: Some("19".into()),
        is_resident: Some(true),
        email: Some("info@tau-test.kz".into()),
        website: Some("tau-test.kz".into()),
        phones: Some("+7 727 250 00 00".into()),
        applicant_full_name: Some("ОМАРОВ БАУЫРЖАН КАЙРАТОВИЧ".into()),
        applicant_position: Some("Директор".into()),
        head_iin: Some("700521311113".into()),
        head_last_name: Some("ОМАРОВ".into()),
        head_first_name: Some("БАУЫРЖАН".into()),
        head_position: Some("Директор".into()),
        ..ParticipantForm::default()
    }
}

#[tokio::test]
async fn as_acc_75_76_a_legal_entity_registers_and_its_head_administers_it() {
    let w = World::new().await.with_reference().await;
    let s = w
        .active_session("org1-head-auth", "org1-head-sign", "org1-head-auth")
        .await;
    let ctx = w.accounts.registration_context(&s).await.unwrap();
    assert_eq!(ctx.id_number, "040340001233");
    assert_eq!(ctx.cert_name.as_deref(), Some("ТОО «ТАУ ТЕСТ»"));
    assert_eq!(ctx.types[0], accounts::rules::ParticipantType::Ul);
    // Every field error at once, the unsigned agreement last; nothing stored.
    let mut f = ul_form();
    f.email = Some("info@".into());
    f.kopf = Some("46".into());
    f.is_small_business = Some(true);
    f.is_medium_business = Some(true);
    f.head_iin = Some("700521311110".into());
    f.phones = None;
    let Err(accounts::AccountsError::Fields(errs)) =
        w.accounts.register_participant(&s, &f, &origin("s")).await
    else {
        panic!()
    };
    let got: Vec<_> = errs.iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(
        got,
        vec![
            ("phones", ErrorCode::AccRequired),
            ("head_iin", ErrorCode::AccIinBinChecksum),
            ("email", ErrorCode::AccEmailInvalid),
            ("kopf", ErrorCode::AccKopfType),
            ("is_medium_business", ErrorCode::AccSmallMedium),
            ("agreement", ErrorCode::AccAgreementUnsigned),
        ]
    );
    assert_eq!(w.count("participants").await, 0);
    // ACC-70: a БИН certificate cannot register an ФЛ.
    let mut f = ul_form();
    f.kind = Some("FL".into());
    assert_eq!(
        code(w.accounts.register_participant(&s, &f, &origin("s")).await),
        ErrorCode::AccPartType
    );
    // ACC-72: «Организатор» is staff's.
    let mut f = ul_form();
    f.is_organizer = Some(true);
    assert_eq!(
        code(w.accounts.register_participant(&s, &f, &origin("s")).await),
        ErrorCode::AccForbidden
    );
    // ACC-74: the agreement signed by someone else (an employee of ORG1) is refused.
    let mut f = ul_form();
    f.agreement = Some(
        w.participant_agreement(&s, "UL", "org1-employee-sign")
            .await,
    );
    assert_eq!(
        code(w.accounts.register_participant(&s, &f, &origin("s")).await),
        ErrorCode::AccPartSigner
    );
    // The head's own signing key.
    let mut f = ul_form();
    f.agreement = Some(w.participant_agreement(&s, "UL", "org1-head-sign").await);
    let p = w
        .accounts
        .register_participant(&s, &f, &origin("s"))
        .await
        .unwrap();
    assert_eq!(p.status, "ACTIVE");
    assert_eq!(
        p.name, "ТОО «ТАУ ТЕСТ»",
        "the name comes from the certificate"
    );
    assert_eq!(p.website.as_deref(), Some("https://tau-test.kz"));
    assert!(p.head_membership_id.is_some(), "the registrant is the head");
    let ms = w.accounts.memberships(&s.account.id).await.unwrap();
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].authorities, vec!["ORG_ADMIN", "HEAD"]);
    let s = w.reload(&s).await;
    assert_eq!(s.context_participant_id.as_deref(), Some(p.id.as_str()));
    // A second registration of the same БИН.
    let again = w.login("org1-head-auth").await;
    assert_eq!(
        again.context_participant_id.as_deref(),
        Some(p.id.as_str()),
        "ACC-30"
    );
    let personal = {
        let mut x = again.clone();
        x.context_participant_id = None;
        x
    };
    assert_eq!(
        code(w.accounts.registration_context(&personal).await),
        ErrorCode::AccPartExists
    );
    w.done().await;
}

#[tokio::test]
async fn acc_126_an_individual_registers_as_fl_with_its_own_name_and_head_data() {
    let w = World::new().await.with_reference().await;
    let s = w.active_session("ind-auth", "ind-sign", "ind-auth").await;
    let mut f = ParticipantForm {
        kind: Some("FL".into()),
        country: Some("KZ".into()),
        kse: Some("9".into()),
        is_resident: Some(true),
        email: Some("arman@example.kz".into()),
        phones: Some("+7 701 000 00 00".into()),
        // Hidden for ФЛ (ACC-126).
        kopf: Some("46".into()),
        ..ParticipantForm::default()
    };
    let r = w.accounts.register_participant(&s, &f, &origin("s")).await;
    let Err(accounts::AccountsError::Refused { code, args }) = r else {
        panic!("{r:?}")
    };
    assert_eq!(code, ErrorCode::AccFieldNotAllowed);
    assert_eq!(args, vec![("label", "kopf".to_string())]);
    f.kopf = None;
    f.agreement = Some(w.participant_agreement(&s, "FL", "ind-sign").await);
    let p = w
        .accounts
        .register_participant(&s, &f, &origin("s"))
        .await
        .unwrap();
    assert_eq!(p.kind, "FL");
    assert_eq!(p.id_number, "850314301234");
    assert_eq!(p.name, "ИСАЕВ АРМАН НУРЛАНОВИЧ");
    assert_eq!(p.head_iin.as_deref(), Some("850314301234"));
    w.done().await;
}

async fn registered_ul(w: &World) -> (accounts::SessionInfo, String) {
    let s = w
        .active_session("org1-head-auth", "org1-head-sign", "org1-head-auth")
        .await;
    let mut f = ul_form();
    f.agreement = Some(w.participant_agreement(&s, "UL", "org1-head-sign").await);
    let p = w
        .accounts
        .register_participant(&s, &f, &origin("s"))
        .await
        .unwrap();
    (w.reload(&s).await, p.id)
}

fn account(number: &str) -> BankAccountForm {
    BankAccountForm {
        number: Some(number.into()),
        account_type: Some("CURRENT".into()),
        ..BankAccountForm::default()
    }
}

#[tokio::test]
async fn acc_129_105_bank_accounts_numbers_banks_kbe_and_the_default_flag() {
    let w = World::new().await.with_reference().await;
    let (s, pid) = registered_ul(&w).await;
    let kaspi = kz_iban("722", "1234567");
    let typed: String = kaspi
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    let mut f = account(&typed);
    f.bank_bic = Some("HSBKKZKX".into()); // replaced by the bank of the IBAN code
    let a = w
        .accounts
        .add_bank_account(&s, &pid, &f, &origin("s"))
        .await
        .unwrap();
    assert_eq!(a.number, kaspi);
    assert_eq!(a.bank_bic, "CASPKZKA");
    assert_eq!(a.kbe, "17", "resident, КСЕ 7");
    assert!(a.is_default, "the first account is the default");
    // Duplicates, checksum, unknown bank code, foreign bank country, old format.
    assert_eq!(
        code(
            w.accounts
                .add_bank_account(&s, &pid, &account(&kaspi), &origin("s"))
                .await
        ),
        ErrorCode::AccAccountDuplicate
    );
    let mut bad = kaspi.clone();
    bad.replace_range(19..20, if kaspi.ends_with('7') { "8" } else { "7" });
    assert_eq!(
        code(
            w.accounts
                .add_bank_account(&s, &pid, &account(&bad), &origin("s"))
                .await
        ),
        ErrorCode::AccIbanChecksum
    );
    assert_eq!(
        code(
            w.accounts
                .add_bank_account(&s, &pid, &account(&kz_iban("903", "1")), &origin("s"))
                .await
        ),
        ErrorCode::AccBankUnknown
    );
    let mut de = account("DE89370400440532013000");
    de.bank_bic = Some("CASPKZKA".into());
    assert_eq!(
        code(
            w.accounts
                .add_bank_account(&s, &pid, &de, &origin("s"))
                .await
        ),
        ErrorCode::AccBankCountry
    );
    let mut old = account("1234567");
    assert_eq!(
        code(
            w.accounts
                .add_bank_account(&s, &pid, &old, &origin("s"))
                .await
        ),
        ErrorCode::AccIbanFormat
    );
    old.old_format = Some(true);
    old.bank_bic = Some("HSBKKZKX".into());
    old.is_default = Some(true);
    old.is_guarantee = Some(true);
    let b = w
        .accounts
        .add_bank_account(&s, &pid, &old, &origin("s"))
        .await
        .unwrap();
    let all = w.accounts.bank_accounts(&s, &pid).await.unwrap();
    assert_eq!(all.iter().filter(|x| x.is_default).count(), 1);
    assert!(
        all.iter().find(|x| x.id == b.id).unwrap().is_default,
        "the flag moved"
    );
    // ACC-105: deleting the default passes it to the oldest remaining account.
    w.accounts
        .delete_bank_account(&s, &pid, b.id, &origin("s"))
        .await
        .unwrap();
    let all = w.accounts.bank_accounts(&s, &pid).await.unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].is_default);
    // §4.9: a session in the personal context may not touch the participant's accounts.
    let mut personal = s.clone();
    personal.context_participant_id = None;
    assert_eq!(
        code(w.accounts.bank_accounts(&personal, &pid).await),
        ErrorCode::AccForbidden
    );
    w.done().await;
}

#[tokio::test]
async fn demo_users_log_in_with_their_keys_in_their_roles() {
    let w = World::new().await.with_reference().await;
    assert!(accounts::demo::seed(&w.t.db, w.now()).await.unwrap());
    assert!(
        !accounts::demo::seed(&w.t.db, w.now()).await.unwrap(),
        "idempotent"
    );
    // P-DZO of F-BASE: ADMIN_CREATED with its Appendix 1 profile, no ENS_USER yet.
    let dzo = accounts::store_ens::profile(w.t.db.pool(), accounts::demo::DEMO_DZO)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dzo.name_kk.as_deref(), Some("\"ДЗО-Тест\" АҚ"));
    assert_eq!(dzo.contact_email, "zakup@dzo-test.kz");
    let dos = accounts::demo::DEMO_ENS_USER;
    assert!(
        !w.accounts
            .ens_effective(dos, accounts::demo::DEMO_DZO)
            .await
            .unwrap()
    );
    // `serve --demo` then accredits U-DOS there, once.
    assert!(
        accounts::demo::seed_ens_user(&w.t.db, w.now())
            .await
            .unwrap()
    );
    assert!(
        !accounts::demo::seed_ens_user(&w.t.db, w.now())
            .await
            .unwrap()
    );
    assert!(
        w.accounts
            .ens_effective(dos, accounts::demo::DEMO_DZO)
            .await
            .unwrap()
    );
    let ser = w.login("C-SER-A").await;
    assert_eq!(ser.context_participant_id.as_deref(), Some("prt_demo_ts"));
    assert_eq!(ser.authorities, vec!["ORG_ADMIN", "HEAD"]);
    let admin = w.login("C-PADM-A").await;
    assert!(accounts::new_banks::has_role(&admin, "PLATFORM_ADMIN"));
    let gm = w.login("C-GM-A").await;
    assert_eq!(gm.context_participant_id.as_deref(), Some("prt_demo_gm"));
    // A non-resident branch: КБе 27 (ACC-128).
    let acc = w
        .accounts
        .add_bank_account(
            &gm,
            "prt_demo_gm",
            &BankAccountForm {
                number: Some("DE89370400440532013000".into()),
                bank_bic: Some("CASPKZKA".into()),
                account_type: Some("CURRENT".into()),
                ..BankAccountForm::default()
            },
            &origin("g"),
        )
        .await;
    assert_eq!(
        code(acc),
        ErrorCode::AccBankCountry,
        "a KZ bank for a DE IBAN"
    );
    w.done().await;
}
