//! AS-64 / ACC-118 («Войти как секретарь») and §4.9 `adm.audit` («Журнал аудита»): the switch
//! and its audit, the refusals audited as DENIED, the log's filters and paging, an entry, and
//! the chain verification reporting a tampered row (AS-79).

use crate::agreements::{again, f_base, login_at};
use crate::support::*;
use accounts::EntryPoint;
use accounts::profile::IdentityDocumentForm;
use accounts::store_audit::AuditFilter;
use kernel::{ErrorCode, PageRequest};

fn page(n: u32, per: u32) -> PageRequest {
    PageRequest::new(Some(n), Some(per)).unwrap()
}

#[tokio::test]
async fn as_64_acc_118_the_secretary_switches_the_workspace_and_back() {
    let w = World::new().await;
    let sec = f_base(
        &w,
        "820920400445",
        "БАЙМУХАНОВА",
        "ГУЛЬНАР",
        Some("SECRETARY"),
    )
    .await;
    let ahm = f_base(&w, "900101300126", "АХМЕТОВ", "ЕРЛАН", None).await;
    let padm = f_base(
        &w,
        "800101300115",
        "ТЕМИРХАНОВ",
        "АЛМАС",
        Some("PLATFORM_ADMIN"),
    )
    .await;
    // U-SEC in НКТ (its agreement accepted beforehand).
    let mut tx = w.t.db.write_tx().await.unwrap();
    accounts::store::insert_acceptance(&mut tx, &sec, "USER_NCT", "1", None, w.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (done, s) = login_at(&w, "C-SEC-A", EntryPoint::Nct, "sec").await;
    assert_eq!(done.next, accounts::NextStep::Cabinet);
    assert_eq!(s.workspace, "DEFAULT");
    // «Войти как секретарь»: no new login, the same session.
    let to = w
        .accounts
        .switch_workspace(&s, "SECRETARY", &origin("sec"))
        .await
        .unwrap();
    assert_eq!(to, "SECRETARY");
    let s = again(&w, &done.session_id).await;
    assert_eq!(s.workspace, "SECRETARY");
    // «Выйти из режима секретаря».
    w.accounts
        .switch_workspace(&s, "DEFAULT", &origin("sec"))
        .await
        .unwrap();
    let s = again(&w, &done.session_id).await;
    assert_eq!(s.workspace, "DEFAULT");
    // Both switches are audited with the workspace before and after.
    let (_, admin) = login_at(&w, "C-PADM-A", EntryPoint::Portal, "adm").await;
    let found = w
        .accounts
        .audit_log(
            &admin,
            &AuditFilter {
                actor: Some(sec.clone()),
                action: Some("usr.secretary".into()),
                ..AuditFilter::default()
            },
            &page(1, 10),
        )
        .await
        .unwrap();
    assert_eq!(found.total, 2);
    assert_eq!(found.items[0].detail["after"]["workspace"], "DEFAULT");
    assert_eq!(found.items[1].detail["after"]["workspace"], "SECRETARY");
    assert_eq!(found.items[1].outcome.as_deref(), Some("OK"));
    // An unknown workspace is a field error.
    match w
        .accounts
        .switch_workspace(&s, "ADMIN", &origin("sec"))
        .await
    {
        Err(accounts::AccountsError::Fields(f)) => {
            assert_eq!(
                (f[0].field, f[0].code),
                ("workspace", ErrorCode::AccDictValue)
            )
        }
        other => panic!("{other:?}"),
    }
    // U-AHM (no SECRETARY): 403, audited as DENIED; so is the platform administrator.
    let (_, ahm_s) = login_at(&w, "C-AHM-A", EntryPoint::Nct, "ahm").await;
    for (who, id) in [(&ahm_s, &ahm), (&admin, &padm)] {
        assert_eq!(
            code(
                w.accounts
                    .switch_workspace(who, "SECRETARY", &origin("x"))
                    .await
            ),
            ErrorCode::AccForbidden
        );
        let denied = w
            .accounts
            .audit_log(
                &admin,
                &AuditFilter {
                    actor: Some(id.clone()),
                    action: Some("usr.secretary".into()),
                    outcome: Some("DENIED".into()),
                    ..AuditFilter::default()
                },
                &page(1, 10),
            )
            .await
            .unwrap();
        assert_eq!(denied.total, 1);
    }
    // A revoked role takes the secretary workspace away from the open session.
    w.accounts
        .switch_workspace(&s, "SECRETARY", &origin("sec"))
        .await
        .unwrap();
    let grants = accounts::store_admin::grants_of(w.t.db.pool(), &sec)
        .await
        .unwrap();
    let mut tx = w.t.db.write_tx().await.unwrap();
    accounts::store_admin::revoke(&mut tx, &sec, grants[0].id, &padm, "AS-64", w.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(again(&w, &done.session_id).await.workspace, "DEFAULT");
    w.done().await;
}

#[tokio::test]
async fn adm_audit_filters_paging_entry_and_the_chain_check() {
    let w = World::new().await;
    let padm = f_base(
        &w,
        "800101300115",
        "ТЕМИРХАНОВ",
        "АЛМАС",
        Some("PLATFORM_ADMIN"),
    )
    .await;
    let ahm = f_base(&w, "900101300126", "АХМЕТОВ", "ЕРЛАН", None).await;
    let (_, admin) = login_at(&w, "C-PADM-A", EntryPoint::Portal, "adm").await;
    let day1 = w.now();
    let (_, user) = login_at(&w, "C-AHM-A", EntryPoint::Portal, "u1").await;
    // A passport row: its number appears in the audit masked (ACC-168).
    w.accounts
        .save_identity_document(
            &user,
            None,
            &IdentityDocumentForm {
                doc_type: Some("ID_CARD".into()),
                number: Some("045612345".into()),
                issue_date: Some("10.03.2015".into()),
                expiry_date: Some("09.03.2035".into()),
                issuer: Some("МВД РК".into()),
            },
            &origin("u1"),
        )
        .await
        .unwrap();
    // §4.9 adm.audit: every other principal is refused, and the refusal is audited.
    assert_eq!(
        code(
            w.accounts
                .audit_log(&user, &AuditFilter::default(), &page(1, 10))
                .await
        ),
        ErrorCode::AccForbidden
    );
    assert_eq!(
        code(w.accounts.audit_verify(&user).await),
        ErrorCode::AccForbidden
    );
    assert_eq!(
        code(w.accounts.audit_entry(&user, 1).await),
        ErrorCode::AccForbidden
    );
    // The next day: three more logins of U-AHM.
    w.advance(24 * 3_600_000);
    let day2 = w.now();
    for sid in ["u2", "u3", "u4"] {
        login_at(&w, "C-AHM-A", EntryPoint::Portal, sid).await;
    }
    let all = w.count("audit_log").await;
    let first = w
        .accounts
        .audit_log(&admin, &AuditFilter::default(), &page(1, 10))
        .await
        .unwrap();
    assert_eq!(first.total, all);
    // Newest first, then the next page continues.
    assert_eq!(first.items[0].seq, all);
    assert!(first.items.windows(2).all(|p| p[0].seq > p[1].seq));
    let second = w
        .accounts
        .audit_log(&admin, &AuditFilter::default(), &page(2, 10))
        .await
        .unwrap();
    assert_eq!(second.items[0].seq, first.items[9].seq - 1);
    assert_eq!((second.page, second.per_page), (2, 10));

    // By actor (id or ИИН), exact action and prefix, kind, outcome, object, time.
    let f = |actor: &str, action: &str| AuditFilter {
        actor: Some(actor.into()),
        action: Some(action.into()),
        ..AuditFilter::default()
    };
    let logins = w
        .accounts
        .audit_log(&admin, &f(&ahm, "usr.login"), &page(1, 10))
        .await
        .unwrap();
    assert_eq!(logins.total, 4);
    assert!(logins.items.iter().all(|e| e.action == "usr.login"
        && e.actor_account_id.as_deref() == Some(ahm.as_str())
        && e.actor_name.as_deref() == Some("АХМЕТОВ ЕРЛАН СЕРИКОВИЧ")
        && e.prev_hash.is_none()));
    let by_iin = w
        .accounts
        .audit_log(&admin, &f("900101300126", "usr.login"), &page(1, 10))
        .await
        .unwrap();
    assert_eq!(by_iin.total, 4);
    let nobody = w
        .accounts
        .audit_log(&admin, &f("950101300128", "usr.login"), &page(1, 10))
        .await
        .unwrap();
    assert_eq!(nobody.total, 0);
    let usr = w
        .accounts
        .audit_log(&admin, &f(&ahm, "usr."), &page(1, 50))
        .await
        .unwrap();
    assert!(usr.items.iter().any(|e| e.action == "usr.rows"));
    assert!(usr.items.iter().all(|e| e.action.starts_with("usr.")));
    let acts = w
        .accounts
        .audit_log(
            &admin,
            &AuditFilter {
                kind: Some("act".into()),
                ..AuditFilter::default()
            },
            &page(1, 10),
        )
        .await
        .unwrap();
    // Each certificate step is a signed act (purpose `login`, the signer's ИИН).
    assert_eq!(acts.total, 5);
    assert!(
        acts.items
            .iter()
            .all(|e| e.kind == "act" && e.action == "login")
    );
    assert!(acts.items[0].iin.as_deref() == Some("900101300126"));
    let denied = w
        .accounts
        .audit_log(
            &admin,
            &AuditFilter {
                outcome: Some("DENIED".into()),
                action: Some("adm.audit".into()),
                ..AuditFilter::default()
            },
            &page(1, 10),
        )
        .await
        .unwrap();
    assert_eq!(denied.total, 3, "the three refusals of U-AHM");
    assert!(
        denied
            .items
            .iter()
            .all(|e| e.actor_account_id.as_deref() == Some(ahm.as_str()))
    );
    let on_account = w
        .accounts
        .audit_log(
            &admin,
            &AuditFilter {
                object: Some(padm.clone()),
                ..AuditFilter::default()
            },
            &page(1, 10),
        )
        .await
        .unwrap();
    assert!(on_account.total >= 1);
    assert!(
        on_account
            .items
            .iter()
            .all(|e| e.object_id.as_deref() == Some(padm.as_str()))
    );
    let window = |from, to| AuditFilter {
        actor: Some(ahm.clone()),
        action: Some("usr.login".into()),
        from,
        to,
        ..AuditFilter::default()
    };
    let before = w
        .accounts
        .audit_log(
            &admin,
            &window(None, Some(kernel::Millis(day2.0 - 1))),
            &page(1, 10),
        )
        .await
        .unwrap();
    let after = w
        .accounts
        .audit_log(&admin, &window(Some(day2), None), &page(1, 10))
        .await
        .unwrap();
    assert_eq!((before.total, after.total), (1, 3));
    let same_day = accounts::audit_view::parse_bound(&day1.local().date().to_string(), false);
    let day_end = accounts::audit_view::parse_bound(&day1.local().date().to_string(), true);
    let on_day1 = w
        .accounts
        .audit_log(&admin, &window(same_day, day_end), &page(1, 10))
        .await
        .unwrap();
    assert_eq!(on_day1.total, 1);
    assert_eq!(
        code(
            w.accounts
                .audit_log(
                    &admin,
                    &AuditFilter {
                        kind: Some("other".into()),
                        ..AuditFilter::default()
                    },
                    &page(1, 10)
                )
                .await
        ),
        ErrorCode::InvalidParameter
    );

    // The passport number is shown as it was written: masked (ACC-168).
    let rows = w
        .accounts
        .audit_log(&admin, &f(&ahm, "usr.rows"), &page(1, 10))
        .await
        .unwrap();
    let text = rows.items[0].detail.to_string();
    assert!(text.contains("*****2345"), "{text}");
    assert!(!text.contains("045612345"), "{text}");

    // One entry with its chain links; an unknown one is 404.
    let e = w
        .accounts
        .audit_entry(&admin, logins.items[0].seq)
        .await
        .unwrap();
    assert_eq!(e.hash.as_ref().map(String::len), Some(64));
    assert!(e.prev_hash.is_some());
    assert!(e.at.ends_with("+05:00"), "Asia/Almaty: {}", e.at);
    assert_eq!(
        code(w.accounts.audit_entry(&admin, all + 100).await),
        ErrorCode::NotFound
    );

    // The chain verifies; a tampered row is reported as the first broken one (AS-79).
    let ok = w.accounts.audit_verify(&admin).await.unwrap();
    assert!(ok.ok, "{ok:?}");
    assert!(ok.rows as i64 >= all && ok.signatures >= 5);
    assert!(ok.first_broken.is_none());
    let victim = logins.items[2].seq;
    // Someone with database access removes the guard and edits the row.
    let drop = match w.t.db.backend() {
        db::Backend::Sqlite => "DROP TRIGGER tg_audit_log_no_update",
        db::Backend::Postgres => "DROP TRIGGER tg_audit_log_append_only ON audit_log",
    };
    db::sqlx::query(drop).execute(w.t.db.pool()).await.unwrap();
    db::sqlx::query("UPDATE audit_log SET client_ip = '10.0.0.66' WHERE seq = $1")
        .bind(victim)
        .execute(w.t.db.pool())
        .await
        .unwrap();
    let broken = w.accounts.audit_verify(&admin).await.unwrap();
    assert!(!broken.ok);
    assert_eq!(broken.first_broken.as_ref().map(|b| b.seq), Some(victim));
    w.done().await;
}
