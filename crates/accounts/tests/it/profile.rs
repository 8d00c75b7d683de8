//! §9.3 Profile (AS-28…AS-33) and §9.8 AS-75 (platform administration) at service level, with
//! the F-CERT keys, the real mail sink and the audit log.

use crate::support::*;
use accounts::admin::{AdminReason, RoleGrantForm};
use accounts::profile::{ContactForm, IdentityDocumentForm, ProfileEdit};
use accounts::{AccountsError, FieldError};
use kernel::{ErrorCode, PageRequest};

fn fields(r: Result<impl std::fmt::Debug, AccountsError>) -> Vec<FieldError> {
    match r {
        Err(AccountsError::Fields(f)) => f,
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn audit_details(w: &World, purpose: &str) -> Vec<String> {
    sqlx::query_scalar::<_, String>("SELECT detail FROM audit_log WHERE purpose = $1 ORDER BY seq")
        .bind(purpose)
        .fetch_all(w.t.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn as_28_29_changing_and_confirming_the_email_and_refusals_change_nothing() {
    let w = World::new().await;
    let old = w
        .seed_account("900101300126", "АХМЕТОВ", "ЕРЛАН", "СЕРИКОВИЧ")
        .await;
    let taken = w
        .seed_account("850505400905", "СЕРИКОВА", "АЙГЕРИМ", "МАРАТОВНА")
        .await;
    let s = w.login("C-AHM-A").await;
    // AS-29: an empty e-mail, a taken one: field errors, nothing changes.
    let empty = ProfileEdit {
        email: Some("  ".into()),
        mobile_phone: None,
    };
    assert_eq!(
        fields(w.accounts.update_profile(&s, &empty, &origin("s")).await)[0].code,
        ErrorCode::AccRequired
    );
    let dup = ProfileEdit {
        email: Some(taken.to_uppercase()),
        mobile_phone: None,
    };
    assert_eq!(
        fields(w.accounts.update_profile(&s, &dup, &origin("s")).await)[0].code,
        ErrorCode::AccEmailTaken
    );
    let bad_phone = ProfileEdit {
        email: Some(old.clone()),
        mobile_phone: Some("8 705 000 11 22".into()),
    };
    assert_eq!(
        fields(
            w.accounts
                .update_profile(&s, &bad_phone, &origin("s"))
                .await
        )[0]
        .field,
        "mobile_phone"
    );
    // AS-29: `last_name` is not a field of the edit page (the API refuses it with 422).
    assert!(
        serde_json::from_str::<ProfileEdit>(r#"{"email":"a@b.kz","last_name":"ИВАНОВ"}"#).is_err()
    );
    let a = accounts::store::account_by_id(w.t.db.pool(), &s.account.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((a.email.as_str(), a.email_confirmed), (old.as_str(), true));

    // AS-28: the new address is saved «Не подтвержден», E-EMAIL-CHANGED goes to the old one.
    let new = notify::testing::unique_address("erlan.a");
    let edit = ProfileEdit {
        email: Some(new.clone()),
        mobile_phone: Some("+7 (705) 000 11 22".into()),
    };
    let a = w
        .accounts
        .update_profile(&s, &edit, &origin("s"))
        .await
        .unwrap();
    assert_eq!(a.email, new);
    assert!(!a.email_confirmed);
    assert_eq!(a.mobile_phone, "+77050001122");
    let changed = w.wait_mails(&old, 1).await;
    assert!(
        changed[0].subject.contains("Изменен адрес"),
        "{:?}",
        changed[0]
    );
    // «Подтвердить адрес электронной почты» → E-EMAIL-CONFIRM to the new address.
    let mut s = s;
    s.account = a.clone();
    let to = w
        .accounts
        .send_email_confirmation(&s, &origin("s"))
        .await
        .unwrap();
    assert_eq!(to, new);
    let confirm = w.wait_mails(&new, 1).await;
    let token = link_token(&confirm[0].body);
    w.accounts.activate(&token, &origin("s")).await.unwrap();
    let a = accounts::store::account_by_id(w.t.db.pool(), &s.account.id)
        .await
        .unwrap()
        .unwrap();
    assert!(a.email_confirmed, "«Подтвержден» after the link");
    // The link is single-use.
    assert_eq!(
        code(w.accounts.activate(&token, &origin("s")).await),
        ErrorCode::AccLinkInvalid
    );
    w.done().await;
}

#[tokio::test]
async fn as_31_passport_rows_manual_only_masked_in_the_audit_and_own_only() {
    let w = World::new().await;
    w.seed_account("900101300126", "АХМЕТОВ", "ЕРЛАН", "СЕРИКОВИЧ")
        .await;
    w.seed_account("800101300115", "ТЕМИРХАНОВ", "АЙДОС", "ЕРБОЛОВИЧ")
        .await;
    w.accounts
        .grant_role("800101300115", "PLATFORM_ADMIN", None, "installation")
        .await
        .unwrap();
    let s = w.login("C-AHM-A").await;
    // The EXTERNAL row of the scenario comes from an outside system (written directly).
    let mut tx = w.t.db.write_tx().await.unwrap();
    let ext = accounts::store_profile::save_document(
        &mut tx,
        &s.account.id,
        &accounts::store_profile::IdentityDocument {
            id: 0,
            doc_type: "ID_CARD".into(),
            number: "039876543".into(),
            issue_date: "2010-01-01".into(),
            expiry_date: None,
            issuer: "МЮ РК".into(),
            source: "EXTERNAL".into(),
            created_at: 0,
            updated_at: 0,
        },
        w.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let form = IdentityDocumentForm {
        doc_type: Some("ID_CARD".into()),
        number: Some("045612345".into()),
        issue_date: Some("10.03.2015".into()),
        expiry_date: Some("09.03.2025".into()),
        issuer: Some("МВД РК".into()),
    };
    let row = w
        .accounts
        .save_identity_document(&s, None, &form, &origin("s"))
        .await
        .unwrap();
    assert_eq!(row.source, "MANUAL");
    // The same type and number again: refused.
    assert_eq!(
        fields(
            w.accounts
                .save_identity_document(&s, None, &form, &origin("s"))
                .await
        )[0]
        .code,
        ErrorCode::AccDocDuplicate
    );
    let edited = w
        .accounts
        .save_identity_document(
            &s,
            Some(row.id),
            &IdentityDocumentForm {
                issuer: Some("МЮ РК".into()),
                ..form.clone()
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(edited.issuer, "МЮ РК");
    // The EXTERNAL row can be neither edited nor deleted (MSG-NOT-MANUAL).
    assert_eq!(
        code(
            w.accounts
                .delete_identity_document(&s, ext, &origin("s"))
                .await
        ),
        ErrorCode::AccNotManual
    );
    assert_eq!(
        code(
            w.accounts
                .save_identity_document(&s, Some(ext), &form, &origin("s"))
                .await
        ),
        ErrorCode::AccNotManual
    );
    // Dates in the future or before the birth date (01.01.1990) add nothing.
    for (date, want) in [
        ("01.01.2030", ErrorCode::AccDateFuture),
        ("01.01.1989", ErrorCode::AccDateBeforeBirth),
    ] {
        let f = IdentityDocumentForm {
            number: Some("N1234567".into()),
            issue_date: Some(date.into()),
            expiry_date: None,
            ..form.clone()
        };
        assert_eq!(
            fields(
                w.accounts
                    .save_identity_document(&s, None, &f, &origin("s"))
                    .await
            )[0]
            .code,
            want
        );
    }
    w.accounts
        .delete_identity_document(&s, row.id, &origin("s"))
        .await
        .unwrap();
    let left = w.accounts.identity_documents(&s).await.unwrap();
    assert_eq!(
        left.iter().map(|d| d.id).collect::<Vec<_>>(),
        [ext],
        "only the external row is left"
    );
    // ACC-168: the audit shows the number only as «*****2345».
    let audit = audit_details(&w, "usr.rows").await.join("\n");
    assert!(audit.contains("*****2345"), "{audit}");
    assert!(!audit.contains("045612345"), "{audit}");
    // The platform administrator cannot read U-AHM's rows: refused and audited DENIED.
    let admin = w.login("C-PADM-A").await;
    assert_eq!(
        code(
            w.accounts
                .require_own(&admin, accounts::authz::Action::UsrRows, &s.account.id)
                .await
        ),
        ErrorCode::AccForbidden
    );
    assert!(
        audit_details(&w, "usr.rows")
            .await
            .iter()
            .any(|d| d.contains("DENIED")),
        "the refusal is audited"
    );
    w.done().await;
}

#[tokio::test]
async fn as_32_contact_rows_of_the_user_and_of_the_participant() {
    let w = World::new().await.with_reference().await;
    w.seed_account("850505400905", "СЕРИКОВА", "АЙГЕРИМ", "МАРАТОВНА")
        .await;
    w.seed_account("900101300126", "АХМЕТОВ", "ЕРЛАН", "СЕРИКОВИЧ")
        .await;
    let s = w.login("C-AHM-A").await;
    let phone = ContactForm {
        kind: Some("WORK_PHONE".into()),
        value: Some("+7 (7172) 79 59 05".into()),
        note: None,
    };
    let row = w
        .accounts
        .save_contact(&s, None, None, &phone, &origin("s"))
        .await
        .unwrap();
    assert_eq!(row.value, "+77172795905");
    assert_eq!(w.accounts.contacts(&s, None).await.unwrap().len(), 1);
    let bad = ContactForm {
        kind: Some("EMAIL".into()),
        value: Some("bad@".into()),
        note: None,
    };
    assert_eq!(
        fields(
            w.accounts
                .save_contact(&s, None, None, &bad, &origin("s"))
                .await
        )[0]
        .code,
        ErrorCode::AccEmailInvalid
    );
    w.accounts
        .delete_contact(&s, None, row.id, &origin("s"))
        .await
        .unwrap();
    assert!(w.accounts.contacts(&s, None).await.unwrap().is_empty());

    // ACC-112: the participant's rows are the ORG_ADMIN's; another user is refused.
    let ser = w.login("C-SER-A").await;
    let f = accounts::ParticipantForm {
        agreement: Some(w.participant_agreement(&ser, "UL", "C-SER-S").await),
        ..p_ts_form()
    };
    let pid = w
        .accounts
        .register_participant(&ser, &f, &origin("s"))
        .await
        .unwrap()
        .id;
    let ser = w.reload(&ser).await;
    let org_row = w
        .accounts
        .save_contact(&ser, Some(&pid), None, &phone, &origin("s"))
        .await
        .unwrap();
    assert_eq!(
        w.accounts.contacts(&ser, Some(&pid)).await.unwrap()[0].id,
        org_row.id
    );
    assert_eq!(
        code(
            w.accounts
                .save_contact(&s, Some(&pid), None, &phone, &origin("s"))
                .await
        ),
        ErrorCode::AccForbidden
    );
    // A user's row id used on the participant's path is not found there (ACC-167).
    let mine = w
        .accounts
        .save_contact(&s, None, None, &phone, &origin("s"))
        .await
        .unwrap();
    assert_eq!(
        code(
            w.accounts
                .delete_contact(&ser, Some(&pid), mine.id, &origin("s"))
                .await
        ),
        ErrorCode::NotFound
    );
    w.done().await;
}

#[tokio::test]
async fn acc_102_the_email_duplication_switch() {
    let w = World::new().await;
    w.seed_account("900101300126", "АХМЕТОВ", "ЕРЛАН", "СЕРИКОВИЧ")
        .await;
    let s = w.login("C-AHM-A").await;
    assert!(s.account.email_notifications, "on by default");
    w.accounts
        .set_email_notifications(&s, false, &origin("s"))
        .await
        .unwrap();
    let a = accounts::store::account_by_id(w.t.db.pool(), &s.account.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!a.email_notifications);
    w.done().await;
}

#[tokio::test]
async fn as_75_platform_administration_of_accounts_and_roles() {
    let w = World::new().await;
    let dos_mail = w
        .seed_account("880718401238", "ДОСОВА", "МАДИНА", "ЕРЛАНОВНА")
        .await;
    w.seed_account("900101300126", "АХМЕТОВ", "ЕРЛАН", "СЕРИКОВИЧ")
        .await;
    w.seed_account("800101300115", "ТЕМИРХАНОВ", "АЙДОС", "ЕРБОЛОВИЧ")
        .await;
    w.accounts
        .grant_role("800101300115", "PLATFORM_ADMIN", None, "installation")
        .await
        .unwrap();
    let admin = w.login("C-PADM-A").await;
    let dos = w.login("C-DOS-IND").await;
    let ahm = w.login("C-AHM-A").await;
    // Only the platform administrator may use the screen.
    assert_eq!(
        code(
            w.accounts
                .admin_accounts(&ahm, "", &PageRequest::default())
                .await
        ),
        ErrorCode::AccForbidden
    );
    let found = w
        .accounts
        .admin_accounts(&admin, "досова", &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].iin, "880718401238");
    let json = serde_json::to_string(&found).unwrap();
    assert!(!json.contains("argon2"), "no password hash: {json}");
    let by_iin = w
        .accounts
        .admin_accounts(&admin, "9001013", &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(by_iin.items[0].iin, "900101300126");
    // Blocking needs a reason; then her sessions end and the login says why.
    let none = AdminReason { reason: None };
    assert_eq!(
        fields(
            w.accounts
                .admin_block(&admin, &dos.account.id, &none, &origin("a"))
                .await
        )[0]
        .code,
        ErrorCode::AccBlockReason
    );
    let why = AdminReason {
        reason: Some("Проверка безопасности".into()),
    };
    let v = w
        .accounts
        .admin_block(&admin, &dos.account.id, &why, &origin("a"))
        .await
        .unwrap();
    assert_eq!(v.status, "BLOCKED");
    let ended: Option<i64> =
        sqlx::query_scalar("SELECT ended_at FROM sessions WHERE id_sha256 = $1")
            .bind(&dos.id_sha256)
            .fetch_one(w.t.db.pool())
            .await
            .unwrap();
    assert!(ended.is_some(), "her session ended");
    // After the certificate step her login says why (MSG-ACCOUNT-BLOCKED with the reason).
    match w
        .cert_step("C-DOS-IND", accounts::EntryPoint::Portal, false, "d")
        .await
    {
        Err(AccountsError::Refused { code, args }) => {
            assert_eq!(code, ErrorCode::AccAccountBlocked);
            assert_eq!(args[0].1, "Проверка безопасности");
        }
        other => panic!("{other:?}"),
    }
    let blocked_mail = w.wait_mails(&dos_mail, 1).await;
    assert!(blocked_mail[0].body.contains("Проверка безопасности"));
    // Unblocking needs a reason too; then she logs in again.
    assert_eq!(
        fields(
            w.accounts
                .admin_unblock(&admin, &dos.account.id, &none, &origin("a"))
                .await
        )[0]
        .code,
        ErrorCode::AccReasonRequired
    );
    let v = w
        .accounts
        .admin_unblock(
            &admin,
            &dos.account.id,
            &AdminReason {
                reason: Some("Проверка завершена".into()),
            },
            &origin("a"),
        )
        .await
        .unwrap();
    assert_eq!(v.status, "ACTIVE");
    let dos = w.login("C-DOS-IND").await;
    assert_eq!(w.wait_mails(&dos_mail, 2).await.len(), 2);
    // ACC-155: the unblock is also an in-app notification (the block, a security mail, not).
    let seen = w
        .accounts
        .notifications(&dos, kernel::Lang::Ru, &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        seen.items
            .iter()
            .map(|n| n.kind.as_str())
            .collect::<Vec<_>>(),
        ["E-ACCOUNT-UNBLOCKED"]
    );
    assert!(seen.items[0].text.contains("Проверка завершена"));

    // «Снять блокировку входа»: U-AHM locked after 5 wrong passwords logs in at once.
    for _ in 0..5 {
        let t = login_token(
            w.cert_step("C-AHM-A", accounts::EntryPoint::Portal, false, "x")
                .await,
        );
        let _ = w
            .accounts
            .login_password(&t, "Wrong2026", &origin("x"))
            .await;
    }
    let t = login_token(
        w.cert_step("C-AHM-A", accounts::EntryPoint::Portal, false, "x")
            .await,
    );
    assert_eq!(
        code(
            w.accounts
                .login_password(&t, "Tauar2026", &origin("x"))
                .await
        ),
        ErrorCode::AccLocked
    );
    let v = w
        .accounts
        .admin_clear_lock(&admin, &ahm.account.id, &origin("a"))
        .await
        .unwrap();
    assert_eq!((v.failed_password_count, v.locked_until), (0, None));
    w.login("C-AHM-A").await;

    // Roles: a reason is required; the grant is platform-wide and effective at once.
    let no_reason = RoleGrantForm {
        role: Some("ENS_ADMIN".into()),
        reason: None,
    };
    assert_eq!(
        fields(
            w.accounts
                .admin_grant_role(&admin, &ahm.account.id, &no_reason, &origin("a"))
                .await
        )[0]
        .code,
        ErrorCode::AccReasonRequired
    );
    let grant = w
        .accounts
        .admin_grant_role(
            &admin,
            &ahm.account.id,
            &RoleGrantForm {
                role: Some("ENS_ADMIN".into()),
                reason: Some("Приказ № 7".into()),
            },
            &origin("a"),
        )
        .await
        .unwrap();
    assert_eq!(grant.scope_participant_id, None);
    let again = w
        .accounts
        .admin_grant_role(
            &admin,
            &ahm.account.id,
            &RoleGrantForm {
                role: Some("ENS_ADMIN".into()),
                reason: Some("Приказ № 8".into()),
            },
            &origin("a"),
        )
        .await;
    assert_eq!(code(again), ErrorCode::AccRoleHeld);
    let ahm2 = w.login("C-AHM-A").await;
    assert!(
        ahm2.roles
            .iter()
            .any(|(r, s)| r == "ENS_ADMIN" && s.is_none())
    );
    w.accounts
        .admin_revoke_role(
            &admin,
            &ahm.account.id,
            grant.id,
            &AdminReason {
                reason: Some("Приказ № 9".into()),
            },
            &origin("a"),
        )
        .await
        .unwrap();
    let v = w
        .accounts
        .admin_account(&admin, &ahm.account.id)
        .await
        .unwrap();
    assert!(v.roles.is_empty());
    // The administrator cannot block himself.
    assert_eq!(
        code(
            w.accounts
                .admin_block(&admin, &admin.account.id, &why, &origin("a"))
                .await
        ),
        ErrorCode::AccSelfBlock
    );
    w.done().await;
}

#[tokio::test]
async fn as_30_wrong_current_passwords_count_and_the_lock_ends_the_session() {
    let w = World::new().await;
    w.seed_account("900101300126", "АХМЕТОВ", "ЕРЛАН", "СЕРИКОВИЧ")
        .await;
    let s = w.login("C-AHM-A").await;
    for _ in 0..4 {
        assert_eq!(
            fields(
                w.accounts
                    .change_password(
                        &s,
                        Some("Wrong2026"),
                        "Tauar2027",
                        "Tauar2027",
                        &origin("s")
                    )
                    .await
            )[0]
            .code,
            ErrorCode::AccCurrentPwdWrong
        );
    }
    assert_eq!(
        code(
            w.accounts
                .change_password(
                    &s,
                    Some("Wrong2026"),
                    "Tauar2027",
                    "Tauar2027",
                    &origin("s")
                )
                .await
        ),
        ErrorCode::AccLocked
    );
    let ended: Option<i64> =
        sqlx::query_scalar("SELECT ended_at FROM sessions WHERE id_sha256 = $1")
            .bind(&s.id_sha256)
            .fetch_one(w.t.db.pool())
            .await
            .unwrap();
    assert!(ended.is_some(), "the session ended at the lock");
    let a = accounts::store::account_by_id(w.t.db.pool(), &s.account.id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        accounts::password::verify("Tauar2026", &a.password_hash),
        "the password is unchanged"
    );
    w.done().await;
}

#[tokio::test]
async fn acc_108_110_111_participant_profile_edits_and_the_kbe_recompute() {
    use accounts::participant_profile::{ParticipantAttributesEdit, ParticipantContactsEdit};
    let w = World::new().await.with_reference().await;
    w.seed_account("850505400905", "СЕРИКОВА", "АЙГЕРИМ", "МАРАТОВНА")
        .await;
    w.seed_account("900101300126", "АХМЕТОВ", "ЕРЛАН", "СЕРИКОВИЧ")
        .await;
    let s = w.login("C-SER-A").await;
    let f = accounts::ParticipantForm {
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
    let acc = w
        .accounts
        .add_bank_account(
            &s,
            &pid,
            &accounts::BankAccountForm {
                number: Some(kz_iban("722", "1234567")),
                account_type: Some("CURRENT".into()),
                ..accounts::BankAccountForm::default()
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(acc.kbe, "17");
    // ACC-110: e-mail required and checked; phones need digits; nothing changes on error.
    let bad = ParticipantContactsEdit {
        email: Some("bad@".into()),
        website: Some("not a site".into()),
        phones: Some("—".into()),
    };
    let errs = fields(
        w.accounts
            .update_participant_contacts(&s, &pid, &bad, &origin("s"))
            .await,
    );
    assert_eq!(
        errs.iter().map(|e| e.field).collect::<Vec<_>>(),
        ["email", "website", "phones"]
    );
    let p = w
        .accounts
        .update_participant_contacts(
            &s,
            &pid,
            &ParticipantContactsEdit {
                email: Some("zakup@tauar-servis.kz".into()),
                website: Some("tauar-servis.kz".into()),
                phones: Some("+7 727 000 00 01".into()),
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(p.email, "zakup@tauar-servis.kz");
    // ACC-111 with ACC-127: КОПФ 46 applies to ИП and КХ only.
    let kopf = ParticipantAttributesEdit {
        kopf: Some("46".into()),
        ..ParticipantAttributesEdit::default()
    };
    assert_eq!(
        fields(
            w.accounts
                .update_participant_attributes(&s, &pid, &kopf, &origin("s"))
                .await
        )[0]
        .code,
        ErrorCode::AccKopfType
    );
    // ACC-108: non-resident → КБе 27 on every account, in the same change.
    let saved = w
        .accounts
        .update_participant_attributes(
            &s,
            &pid,
            &ParticipantAttributesEdit {
                is_resident: Some(false),
                ..ParticipantAttributesEdit::default()
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert!(saved.kbe_recomputed);
    assert!(!saved.participant.is_resident);
    let accounts = w.accounts.bank_accounts(&s, &pid).await.unwrap();
    assert_eq!(accounts[0].kbe, "27");
    // ACC-109: another user (not its ORG_ADMIN) is refused.
    let other = w.login("C-AHM-A").await;
    assert_eq!(
        code(
            w.accounts
                .update_participant_attributes(
                    &other,
                    &pid,
                    &ParticipantAttributesEdit::default(),
                    &origin("x")
                )
                .await
        ),
        ErrorCode::AccForbidden
    );
    w.done().await;
}
