//! ACC-31, ACC-116 (§4.9 `dict.manage`) at service level: the platform administrator adds and
//! changes dictionary entries and banks; an inactive entry is no longer offered but stays on
//! the records that hold it; the administrator's changes outlive a reload of the shipped files.

use crate::support::*;
use accounts::dictionaries::{BankForm, DictEntryForm};
use accounts::{AccountsError, BankAccountForm, ParticipantForm};
use kernel::{ErrorCode, PageRequest};

fn fields<T: std::fmt::Debug>(r: Result<T, AccountsError>) -> Vec<(&'static str, ErrorCode)> {
    match r {
        Err(AccountsError::Fields(v)) => v.iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn entry(code: Option<&str>, name_ru: Option<&str>) -> DictEntryForm {
    DictEntryForm {
        code: code.map(str::to_string),
        name_ru: name_ru.map(str::to_string),
        ..DictEntryForm::default()
    }
}

/// P-TS registered by U-SER (ORG_ADMIN) and U-PADM's session.
async fn p_ts(w: &World) -> (accounts::SessionInfo, String, accounts::SessionInfo) {
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
    (w.reload(&s).await, pid, w.login("C-PADM-A").await)
}

#[tokio::test]
async fn acc_31_acc_116_entries_are_added_renamed_and_set_inactive_never_deleted() {
    let w = World::new().await.with_reference().await;
    let (ser, pid, admin) = p_ts(&w).await;
    let page = PageRequest::new(Some(1), Some(20)).unwrap();
    // Only the platform administrator (the ORG_ADMIN is refused and the refusal audited).
    assert_eq!(
        code(
            w.accounts
                .dictionary_entries(&ser, "bank-account-types", None, page)
                .await
        ),
        ErrorCode::AccForbidden
    );
    // Dictionaries outside §2.11 (КАТО, ОКЭД …) are not edited here.
    assert_eq!(
        code(
            w.accounts
                .dictionary_entries(&admin, "oked", None, page)
                .await
        ),
        ErrorCode::NotFound
    );
    let list = w
        .accounts
        .dictionary_entries(&admin, "bank-account-types", None, page)
        .await
        .unwrap();
    assert!(
        list.items
            .iter()
            .any(|e| e.entry.code == "SAVINGS" && e.active)
    );

    // Every field error at once; the code format per dictionary.
    assert_eq!(
        fields(
            w.accounts
                .add_dictionary_entry(&admin, "countries", &entry(Some("xk1"), None), &origin("a"))
                .await
        ),
        [
            ("code", ErrorCode::AccDictCodeFormat),
            ("name_ru", ErrorCode::AccRequired)
        ]
    );
    assert_eq!(
        code(
            w.accounts
                .add_dictionary_entry(
                    &admin,
                    "kse",
                    &entry(Some("5"), Some("Дубль")),
                    &origin("a")
                )
                .await
        ),
        ErrorCode::AccDictCodeExists,
        "ACC-32: КСЕ keeps its nine sectors"
    );
    let mut kfs = entry(Some("99"), Some("Тестовая форма"));
    kfs.parent_code = Some("98".into());
    assert_eq!(
        fields(
            w.accounts
                .add_dictionary_entry(&admin, "kfs", &kfs, &origin("a"))
                .await
        ),
        [("parent_code", ErrorCode::AccDictValue)]
    );
    let added = w
        .accounts
        .add_dictionary_entry(
            &admin,
            "bank-account-types",
            &DictEntryForm {
                code: Some("DEPOSIT".into()),
                name_ru: Some("Депозитный счет".into()),
                name_kk: Some("Депозиттік шот".into()),
                ..DictEntryForm::default()
            },
            &origin("a"),
        )
        .await
        .unwrap();
    assert!(added.active);

    // A SAVINGS account exists; then SAVINGS is set inactive.
    let acc = BankAccountForm {
        number: Some(kz_iban("722", "12345")),
        account_type: Some("SAVINGS".into()),
        ..BankAccountForm::default()
    };
    let held = w
        .accounts
        .add_bank_account(&ser, &pid, &acc, &origin("s"))
        .await
        .unwrap();
    let off = DictEntryForm {
        name_ru: Some("Сберегательный счет".into()),
        active: Some(false),
        ..DictEntryForm::default()
    };
    w.accounts
        .edit_dictionary_entry(&admin, "bank-account-types", "SAVINGS", &off, &origin("a"))
        .await
        .unwrap();
    assert_eq!(
        code(
            w.accounts
                .edit_dictionary_entry(&admin, "bank-account-types", "NOPE", &off, &origin("a"))
                .await
        ),
        ErrorCode::NotFound
    );
    // Not offered for a new account …
    let second = BankAccountForm {
        number: Some(kz_iban("722", "67890")),
        ..acc.clone()
    };
    assert_eq!(
        fields(
            w.accounts
                .add_bank_account(&ser, &pid, &second, &origin("s"))
                .await
        ),
        [("account_type", ErrorCode::AccDictValue)]
    );
    // … but the account that holds it keeps it, and may be saved with it.
    let kept = w
        .accounts
        .update_bank_account(
            &ser,
            &pid,
            held.id,
            &BankAccountForm {
                account_type: Some("SAVINGS".into()),
                is_guarantee: Some(true),
                ..BankAccountForm::default()
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(kept.account_type, "SAVINGS");
    // The new type is offered.
    w.accounts
        .add_bank_account(
            &ser,
            &pid,
            &BankAccountForm {
                account_type: Some("DEPOSIT".into()),
                ..second
            },
            &origin("s"),
        )
        .await
        .unwrap();

    // A reload of newer shipped files keeps the administrator's changes.
    sqlx_exec(
        &w,
        "UPDATE dict_imports SET sha256 = 'older' WHERE dict = 'bank-account-types'",
    )
    .await;
    let report = refdata::load_dict(w.accounts.db(), refdata::Dict::BankAccountTypes, &|_| {})
        .await
        .unwrap();
    assert!(!report.skipped);
    let after = w
        .accounts
        .dictionary_entries(&admin, "bank-account-types", Some("счет"), page)
        .await
        .unwrap();
    let flags: Vec<(&str, bool, bool)> = after
        .items
        .iter()
        .map(|e| (e.entry.code.as_str(), e.active, e.edited))
        .collect();
    assert!(flags.contains(&("SAVINGS", false, true)), "{flags:?}");
    assert!(flags.contains(&("DEPOSIT", true, true)), "{flags:?}");
    assert!(flags.contains(&("CURRENT", true, false)), "{flags:?}");
    assert_eq!(
        w.count("audit_log WHERE purpose = 'dict.manage'").await,
        3,
        "each change audited, and the ORG_ADMIN's refusal (ACC-167)"
    );
    w.done().await;
}

async fn sqlx_exec(w: &World, sql: &'static str) {
    db::sqlx::query(sql)
        .execute(w.accounts.db().pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn acc_116_the_bank_dictionary() {
    let w = World::new().await.with_reference().await;
    let (ser, pid, admin) = p_ts(&w).await;
    let page = PageRequest::new(Some(1), Some(20)).unwrap();
    assert_eq!(
        code(w.accounts.admin_banks(&ser, None, page).await),
        ErrorCode::AccForbidden
    );
    let bank = BankForm {
        name_ru: Some("АО «Банк Тест-2»".into()),
        bic: Some("TSTBKZKA".into()),
        country: Some("KZ".into()),
        iban_code: Some("902".into()),
        ..BankForm::default()
    };
    assert_eq!(
        fields(
            w.accounts
                .add_bank(
                    &admin,
                    &BankForm {
                        name_ru: None,
                        bic: Some("TST".into()),
                        bin: Some("12".into()),
                        ..bank.clone()
                    },
                    &origin("a")
                )
                .await
        ),
        [
            ("name_ru", ErrorCode::AccRequired),
            ("bic", ErrorCode::AccBicFormat),
            ("bin", ErrorCode::AccIinBinFormat)
        ]
    );
    let made = w
        .accounts
        .add_bank(&admin, &bank, &origin("a"))
        .await
        .unwrap();
    assert_eq!(
        (made.source.as_str(), made.bank.status.as_str()),
        ("ADMIN", "ACTIVE")
    );
    assert_eq!(
        code(w.accounts.add_bank(&admin, &bank, &origin("a")).await),
        ErrorCode::AccBicExists
    );
    let taken_code = BankForm {
        bic: Some("TSTCKZKA".into()),
        ..bank.clone()
    };
    assert_eq!(
        fields(w.accounts.add_bank(&admin, &taken_code, &origin("a")).await),
        [("iban_code", ErrorCode::AccDictCodeExists)]
    );
    let found = w
        .accounts
        .admin_banks(&admin, Some("тест-2"), page)
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    // A Latin code is found beside a Cyrillic name (each word is folded on its own).
    let by_bic = w
        .accounts
        .admin_banks(&admin, Some("tstbkzka"), page)
        .await
        .unwrap();
    assert_eq!(by_bic.total, 1);
    let canada = w
        .accounts
        .dictionary_entries(&admin, "countries", Some("CA"), page)
        .await
        .unwrap();
    assert!(
        canada.items.iter().any(|e| e.entry.code == "CA"),
        "{:?}",
        canada
            .items
            .iter()
            .map(|e| &e.entry.code)
            .collect::<Vec<_>>()
    );
    // An account at the new bank; then the bank is set inactive: no new accounts, the old one stays.
    let acc = BankAccountForm {
        number: Some(kz_iban("902", "12345")),
        account_type: Some("CURRENT".into()),
        ..BankAccountForm::default()
    };
    w.accounts
        .add_bank_account(&ser, &pid, &acc, &origin("s"))
        .await
        .unwrap();
    let off = w
        .accounts
        .edit_bank(
            &admin,
            "tstbkzka",
            &BankForm {
                bic: None,
                active: Some(false),
                ..bank.clone()
            },
            &origin("a"),
        )
        .await
        .unwrap();
    assert_eq!(off.bank.status, "INACTIVE");
    assert_eq!(
        code(
            w.accounts
                .add_bank_account(
                    &ser,
                    &pid,
                    &BankAccountForm {
                        number: Some(kz_iban("902", "67890")),
                        ..acc
                    },
                    &origin("s")
                )
                .await
        ),
        ErrorCode::AccBankUnknown
    );
    assert_eq!(
        w.accounts.bank_accounts(&ser, &pid).await.unwrap().len(),
        1,
        "the existing account keeps its bank"
    );
    w.done().await;
}
