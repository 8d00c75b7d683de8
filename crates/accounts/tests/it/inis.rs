//! ACC-103, G-20 (§4.9 `bank.import`): «Заполнить данные» from ИНИС — the accounts of the
//! participant's БИН offered and imported with `source` = `INIS`; without a source the empty
//! form is offered; imported rows are not deleted by hand (ACC-106).

use crate::support::*;
use accounts::inis::{BankDetailsSource, InisImport};
use accounts::{AccountsError, ParticipantForm};
use kernel::ErrorCode;

#[tokio::test]
async fn acc_103_bank_details_are_filled_from_inis() {
    let mut w = World::new().await.with_reference().await;
    w.seed_account("850505400905", "СЕРИКОВА", "АЙГЕРИМ", "МАРАТОВНА")
        .await;
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
    // No source (the default): nothing offered, the page opens the empty form.
    let offer = w.accounts.inis_offer(&s, &pid).await.unwrap();
    assert!(!offer.configured && !offer.available && offer.accounts.is_empty());
    assert_eq!(
        code(
            w.accounts
                .import_inis(
                    &s,
                    &pid,
                    &InisImport {
                        numbers: Some(vec![kz_iban("722", "1")])
                    },
                    &origin("s")
                )
                .await
        ),
        ErrorCode::AccInisUnavailable
    );

    // A source holding two accounts of P-TS's БИН (one at an unknown bank) and one of another.
    let good = kz_iban("722", "12345");
    let unknown_bank = kz_iban("999", "12345");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inis.json");
    std::fs::write(
        &file,
        serde_json::json!({
            "040540000123": [
                { "number": good, "account_type": "CURRENT" },
                { "number": unknown_bank }
            ],
            "101251000347": [{ "number": kz_iban("722", "99999") }]
        })
        .to_string(),
    )
    .unwrap();
    w.accounts
        .set_bank_details(BankDetailsSource::File(file.clone()));
    let offer = w.accounts.inis_offer(&s, &pid).await.unwrap();
    assert!(offer.configured && offer.available);
    let rows: Vec<(&str, bool, Option<&str>)> = offer
        .accounts
        .iter()
        .map(|a| (a.number.as_str(), a.registered, a.problem.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (good.as_str(), false, None),
            (unknown_bank.as_str(), false, Some("MSG-BANK-UNKNOWN"))
        ]
    );
    // Only numbers the source holds for this БИН; nothing stored on a refusal.
    for (numbers, expected) in [
        (vec![], ErrorCode::AccRequired),
        (vec![kz_iban("722", "99999")], ErrorCode::InvalidParameter),
    ] {
        match w
            .accounts
            .import_inis(
                &s,
                &pid,
                &InisImport {
                    numbers: Some(numbers),
                },
                &origin("s"),
            )
            .await
        {
            Err(AccountsError::Fields(v)) => {
                assert_eq!((v[0].field, v[0].code), ("numbers", expected))
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        code(
            w.accounts
                .import_inis(
                    &s,
                    &pid,
                    &InisImport {
                        numbers: Some(vec![good.clone(), unknown_bank.clone()])
                    },
                    &origin("s")
                )
                .await
        ),
        ErrorCode::AccBankUnknown
    );
    assert!(w.accounts.bank_accounts(&s, &pid).await.unwrap().is_empty());
    // The good one, ticked with spaces as a user may copy it.
    let spaced = format!("{} {}", &good[..4], &good[4..]);
    let got = w
        .accounts
        .import_inis(
            &s,
            &pid,
            &InisImport {
                numbers: Some(vec![spaced]),
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        (
            got[0].source.as_str(),
            got[0].is_default,
            got[0].kbe.as_str()
        ),
        ("INIS", true, "17")
    );
    let offer = w.accounts.inis_offer(&s, &pid).await.unwrap();
    assert!(offer.accounts[0].registered);
    assert_eq!(
        code(
            w.accounts
                .import_inis(
                    &s,
                    &pid,
                    &InisImport {
                        numbers: Some(vec![good.clone()])
                    },
                    &origin("s")
                )
                .await
        ),
        ErrorCode::AccAccountDuplicate
    );
    // ACC-106: an imported account has no «Удалить».
    assert_eq!(
        code(
            w.accounts
                .delete_bank_account(&s, &pid, got[0].id, &origin("s"))
                .await
        ),
        ErrorCode::AccNotManual
    );
    // A source that fails: the empty form again, not an error page.
    std::fs::write(&file, "not json").unwrap();
    let offer = w.accounts.inis_offer(&s, &pid).await.unwrap();
    assert!(offer.configured && !offer.available);
    w.done().await;
}
