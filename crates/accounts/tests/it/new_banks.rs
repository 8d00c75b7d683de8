//! §9.5 New-bank requests (B1–B3) at service level.

use crate::support::*;
use accounts::{BankAccountForm, NewBankDecision, NewBankForm, ParticipantForm};
use kernel::ErrorCode;

#[tokio::test]
async fn acc_84_87_a_new_bank_is_requested_approved_and_used() {
    let w = World::new().await.with_reference().await;
    w.seed_account("850505400905", "СЕРИКОВА", "АЙГЕРИМ", "МАРАТОВНА")
        .await;
    w.seed_account("800101300115", "ТЕМИРХАНОВ", "АЙДОС", "ЕРБОЛОВИЧ")
        .await;
    w.accounts
        .grant_role("800101300115", "PLATFORM_ADMIN", None, "installation")
        .await
        .unwrap();
    let s = w.login("C-SER-A").await;
    let f = ParticipantForm {
        agreement: Some(w.participant_agreement(&s, "UL", "C-SER-S").await),
        ..p_ts_form()
    };
    let pid = w
        .accounts
        .register_participant(&s, &f, &origin("s"))
        .await
        .unwrap()
        .id;
    let s = w.reload(&s).await;
    let form = NewBankForm {
        bank_name_ru: Some("АО «Банк Тест-1»".into()),
        bic: Some("TSTAKZKA".into()),
        country: Some("KZ".into()),
        iban_code: Some("901".into()),
        ..NewBankForm::default()
    };
    // The code 901 is unknown until the bank is approved.
    let iban = kz_iban("901", "12345");
    let acc = BankAccountForm {
        number: Some(iban.clone()),
        account_type: Some("CURRENT".into()),
        ..BankAccountForm::default()
    };
    assert_eq!(
        code(
            w.accounts
                .add_bank_account(&s, &pid, &acc, &origin("s"))
                .await
        ),
        ErrorCode::AccBankUnknown
    );
    let mut bad = form.clone();
    bad.bic = Some("TST1KZKA".into());
    bad.iban_code = None;
    let Err(accounts::AccountsError::Fields(errs)) = w
        .accounts
        .send_new_bank_request(&s, &pid, &bad, &origin("s"))
        .await
    else {
        panic!()
    };
    let got: Vec<_> = errs.iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(
        got,
        vec![
            ("bic", ErrorCode::AccBicFormat),
            ("iban_code", ErrorCode::AccRequired)
        ]
    );
    let r = w
        .accounts
        .send_new_bank_request(&s, &pid, &form, &origin("s"))
        .await
        .unwrap();
    assert_eq!(r.status, "ON_APPROVAL");
    assert_eq!(
        code(
            w.accounts
                .send_new_bank_request(&s, &pid, &form, &origin("s"))
                .await
        ),
        ErrorCode::AccBicExists,
        "one pending request per BIC"
    );
    // Only a platform administrator decides; a reason is needed to reject.
    assert_eq!(
        code(
            w.accounts
                .decide_new_bank_request(&s, r.number, &NewBankDecision::default(), &origin("s"))
                .await
        ),
        ErrorCode::AccForbidden
    );
    let admin = w.login("C-PADM-A").await;
    assert_eq!(w.accounts.new_bank_queue(&admin).await.unwrap().len(), 1);
    assert_eq!(
        code(
            w.accounts
                .decide_new_bank_request(
                    &admin,
                    r.number,
                    &NewBankDecision::default(),
                    &origin("a")
                )
                .await
        ),
        ErrorCode::AccRejectReason
    );
    let approved = w
        .accounts
        .decide_new_bank_request(
            &admin,
            r.number,
            &NewBankDecision {
                approve: true,
                ..NewBankDecision::default()
            },
            &origin("a"),
        )
        .await
        .unwrap();
    assert_eq!(approved.status, "APPROVED");
    let a = w
        .accounts
        .add_bank_account(&s, &pid, &acc, &origin("s"))
        .await
        .unwrap();
    assert_eq!(a.bank_bic, "TSTAKZKA");
    let mine = w.accounts.new_bank_requests_of(&s, &pid).await.unwrap();
    assert_eq!(mine[0].status, "APPROVED");
    w.done().await;
}
