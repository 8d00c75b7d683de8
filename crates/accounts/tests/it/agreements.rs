//! ACC-24 and AS-12: the agreement of a system on the first entry, signed with real test-PKI
//! keys; the ticked `USER_ENS`; the administrator's publication of agreement versions
//! (`dict.manage`, ACC-116) and re-acceptance at the next entry only.

use crate::support::*;
use accounts::agreement_admin::AgreementPublication;
use accounts::entry::{Accepted, AgreementAcceptance};
use accounts::store_audit::{self, AuditFilter};
use accounts::{AccountsError, EntryPoint, NextStep, SessionInfo};
use base64ct::{Base64, Encoding};
use kernel::{ErrorCode, Lang};

/// The certificate step of `persona` at `entry`, then the password: the login and its session.
pub async fn login_at(
    w: &World,
    persona: &str,
    entry: EntryPoint,
    sid: &str,
) -> (accounts::LoggedIn, SessionInfo) {
    let token = login_token(w.cert_step(persona, entry, false, sid).await);
    let done = w
        .accounts
        .login_password(&token, "Tauar2026", &origin(sid))
        .await
        .unwrap();
    let s = w.accounts.session(&done.session_id).await.unwrap().unwrap();
    (done, s)
}

/// An `ACTIVE` account of F-BASE (registered on the portal: the `USER_PORTAL` acceptance) with
/// an optional staff role; its id.
pub async fn f_base(w: &World, iin: &str, last: &str, first: &str, role: Option<&str>) -> String {
    w.seed_account(iin, last, first, "").await;
    let id = format!("acc_{iin}");
    let mut tx = w.t.db.write_tx().await.unwrap();
    if let Some(r) = role {
        accounts::store::grant_role(&mut tx, &id, r, None, None, "F-BASE", w.now())
            .await
            .unwrap();
    }
    accounts::store::insert_acceptance(&mut tx, &id, "USER_PORTAL", "1", None, w.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// The session of the raw id `sid_raw` as the next request reads it.
pub async fn again(w: &World, sid_raw: &str) -> SessionInfo {
    w.accounts.session(sid_raw).await.unwrap().unwrap()
}

/// «Подписать» of the entry agreement `kind`, signed by `persona` in the browser session `sid`.
async fn sign_entry(
    w: &World,
    s: &SessionInfo,
    kind: &str,
    persona: &str,
    sid: &str,
) -> Result<Accepted, AccountsError> {
    let (input, binding) = w.accounts.entry_agreement_tbs(s, kind, Lang::Ru).await?;
    assert_eq!(binding.iin.as_deref(), Some(s.account.iin.as_str()));
    let issued = w.signing.issue(&input, sid, &binding).await.unwrap();
    let cms = w.sign(persona, &issued.tbs);
    w.accounts
        .accept_agreement(
            s,
            kind,
            &AgreementAcceptance {
                challenge_id: Some(issued.challenge_id),
                cms_base64: Some(Base64::encode_string(&cms)),
                accepted: None,
            },
            &origin(sid),
        )
        .await
}

async fn acceptances(w: &World, account: &str, kind: &str) -> Vec<(String, Option<i64>)> {
    accounts::store::acceptances_of(w.t.db.pool(), account)
        .await
        .unwrap()
        .into_iter()
        .filter(|(k, _, _)| k == kind)
        .map(|(_, v, sig)| (v, sig))
        .collect()
}

fn publication(kind: &str, text: &str, reaccept: bool) -> AgreementPublication {
    AgreementPublication {
        kind: Some(kind.into()),
        text_ru: Some(format!("{text} (ru)")),
        text_kk: Some(format!("{text} (kk)")),
        requires_reacceptance: reaccept,
        ..AgreementPublication::default()
    }
}

#[tokio::test]
async fn as_12_acc_24_acc_57_nct_asks_its_agreement_on_first_entry_and_after_reacceptance() {
    let w = World::new().await;
    // U-AHM registered on the portal: only a USER_PORTAL acceptance (with its signature).
    let (r, email) = w.register("C-AHM-A", "C-AHM-S", "reg", "Tauar2026").await;
    let link = link_token(&w.wait_mails(&email, 1).await[0].body);
    w.accounts.activate(&link, &origin("reg")).await.unwrap();
    let ahm = r.account_id;
    assert_eq!(acceptances(&w, &ahm, "USER_PORTAL").await.len(), 1);
    let padm = f_base(
        &w,
        "800101300115",
        "ТЕМИРХАНОВ",
        "АЛМАС",
        Some("PLATFORM_ADMIN"),
    )
    .await;

    // The portal is not held.
    let (done, portal) = login_at(&w, "C-AHM-A", EntryPoint::Portal, "s1").await;
    assert_eq!(done.next, NextStep::Cabinet);
    assert_eq!(portal.pending_agreement, None);

    // The first НКТ entry: the USER_NCT agreement before anything else (ACC-57).
    let (done, nct) = login_at(&w, "C-AHM-A", EntryPoint::Nct, "s2").await;
    assert_eq!(done.next, NextStep::Agreement);
    assert_eq!(nct.pending_agreement.as_deref(), Some("USER_NCT"));
    let list = w.accounts.my_agreements(&nct, Lang::Ru).await.unwrap();
    let by = |k: &str| list.iter().find(|a| a.kind == k).unwrap().clone();
    assert!(by("USER_NCT").required_now && by("USER_NCT").pending);
    assert_eq!(by("USER_NCT").acceptance_mode, "SIGNATURE");
    assert_eq!(by("USER_PORTAL").accepted_version.as_deref(), Some("1"));
    assert!(!by("USER_PORTAL").pending);
    assert_eq!(by("USER_NCT").systems, ["NCT"]);
    let text = w
        .accounts
        .my_agreement(&nct, "USER_NCT", None, Lang::Kk)
        .await
        .unwrap();
    assert_eq!(
        text.title,
        "ЭКТ ақпараттық жүйесін пайдалану туралы КЕЛІСІМ"
    );

    // «Закрыть»: nothing is stored, the session is still held.
    assert!(acceptances(&w, &ahm, "USER_NCT").await.is_empty());
    assert_eq!(
        again(&w, &done.session_id)
            .await
            .pending_agreement
            .as_deref(),
        Some("USER_NCT")
    );

    // Another person's signing key is refused (ACC-23), nothing stored.
    assert_eq!(
        code(sign_entry(&w, &nct, "USER_NCT", "C-OMA-S", "s2").await),
        ErrorCode::AccAgreementOtherPerson
    );
    assert!(acceptances(&w, &ahm, "USER_NCT").await.is_empty());

    // «Подписать» with C-AHM-S: the acceptance with its signature; the session is free.
    let ok = sign_entry(&w, &nct, "USER_NCT", "C-AHM-S", "s2")
        .await
        .unwrap();
    assert_eq!((ok.version.as_str(), ok.already), ("1", false));
    let sig = ok.signature_id.expect("a stored signature");
    assert_eq!(
        acceptances(&w, &ahm, "USER_NCT").await,
        [("1".to_string(), Some(sig))]
    );
    let nct = again(&w, &done.session_id).await;
    assert_eq!(nct.pending_agreement, None);
    // The act and its event are in the audit log.
    let (_, rows) = store_audit::search(
        w.t.db.pool(),
        &AuditFilter {
            actor: Some(ahm.clone()),
            action: Some("usr.agreement".into()),
            ..AuditFilter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].detail.contains("\"kind\":\"USER_NCT\""),
        "{}",
        rows[0].detail
    );
    // Accepting again stores nothing.
    assert!(
        sign_entry(&w, &nct, "USER_NCT", "C-AHM-S", "s2")
            .await
            .unwrap()
            .already
    );

    // The next НКТ login does not ask again.
    let (done, _) = login_at(&w, "C-AHM-A", EntryPoint::Nct, "s3").await;
    assert_eq!(done.next, NextStep::Cabinet);

    // The administrator publishes USER_NCT version 2 with re-acceptance.
    let (open_done, open_nct) = login_at(&w, "C-AHM-A", EntryPoint::Nct, "s4").await;
    let challenge_v1 = w
        .accounts
        .entry_agreement_tbs(&open_nct, "USER_NCT", Lang::Ru)
        .await
        .unwrap();
    w.advance(60_000);
    let (_, admin) = login_at(&w, "C-PADM-A", EntryPoint::Portal, "adm").await;
    let v2 = w
        .accounts
        .publish_agreement(
            &admin,
            &publication("USER_NCT", "Соглашение ЭКТ, редакция 2", true),
            &origin("adm"),
        )
        .await
        .unwrap();
    assert_eq!((v2.version.as_str(), v2.current), ("2", true));
    assert_eq!(v2.published_by.as_deref(), Some(padm.as_str()));
    // The open НКТ session was opened before version 2: it is not interrupted.
    assert_eq!(
        again(&w, &open_done.session_id).await.pending_agreement,
        None
    );
    w.advance(60_000);
    // The next НКТ entry asks again; the portal is not affected.
    let (done, nct2) = login_at(&w, "C-AHM-A", EntryPoint::Nct, "s5").await;
    assert_eq!(done.next, NextStep::Agreement);
    assert_eq!(nct2.pending_agreement.as_deref(), Some("USER_NCT"));
    let (done, _) = login_at(&w, "C-AHM-A", EntryPoint::Portal, "s6").await;
    assert_eq!(done.next, NextStep::Cabinet);
    // A challenge made for version 1 names the old text: sign again.
    let (input, binding) = challenge_v1;
    let issued = w.signing.issue(&input, "s5", &binding).await.unwrap();
    let cms = w.sign("C-AHM-S", &issued.tbs);
    let stale = w
        .accounts
        .accept_agreement(
            &nct2,
            "USER_NCT",
            &AgreementAcceptance {
                challenge_id: Some(issued.challenge_id),
                cms_base64: Some(Base64::encode_string(&cms)),
                accepted: None,
            },
            &origin("s5"),
        )
        .await;
    assert_eq!(code(stale), ErrorCode::SigChallengeUnknown);
    let status = w.accounts.my_agreements(&nct2, Lang::Ru).await.unwrap();
    let nct_status = status.iter().find(|a| a.kind == "USER_NCT").unwrap();
    assert_eq!(
        (
            nct_status.version.as_str(),
            nct_status.accepted_version.as_deref()
        ),
        ("2", Some("1"))
    );
    // Version 1 stays readable (acceptances refer to it).
    let old = w
        .accounts
        .my_agreement(&nct2, "USER_NCT", Some("1"), Lang::Ru)
        .await
        .unwrap();
    assert_eq!(old.version, "1");
    assert!(old.text.len() > 100);
    let doc = w
        .accounts
        .admin_agreement(&admin, "USER_NCT", "1")
        .await
        .unwrap();
    assert!(!doc.version.current && doc.version.acceptances == 1);
    // Signing version 2 frees the session.
    let ok = sign_entry(&w, &nct2, "USER_NCT", "C-AHM-S", "s5")
        .await
        .unwrap();
    assert_eq!(ok.version, "2");
    let (done, _) = login_at(&w, "C-AHM-A", EntryPoint::Nct, "s7").await;
    assert_eq!(done.next, NextStep::Cabinet);
    w.done().await;
}

#[tokio::test]
async fn acc_24_user_ens_is_ticked_and_an_ens_session_accepts_nothing_else() {
    let w = World::new().await;
    let oma = f_base(&w, "871202400552", "ОМАРОВА", "САУЛЕ", None).await;
    // A platform login through the ЕНС ТРУ entry point asks USER_ENS, which is ticked.
    let (done, ens) = login_at(&w, "C-OMA-A", EntryPoint::Ens, "e1").await;
    assert_eq!(done.next, NextStep::Agreement);
    assert_eq!(ens.pending_agreement.as_deref(), Some("USER_ENS"));
    assert_eq!(
        code(
            w.accounts
                .entry_agreement_tbs(&ens, "USER_ENS", Lang::Ru)
                .await
        ),
        ErrorCode::InvalidParameter,
        "a CHECKBOX agreement has no challenge"
    );
    let tick = |accepted| AgreementAcceptance {
        accepted: Some(accepted),
        ..AgreementAcceptance::default()
    };
    match w
        .accounts
        .accept_agreement(&ens, "USER_ENS", &tick(false), &origin("e1"))
        .await
    {
        Err(AccountsError::Fields(f)) => {
            assert_eq!(
                (f[0].field, f[0].code),
                ("accepted", ErrorCode::AccEnsAgreement)
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(acceptances(&w, &oma, "USER_ENS").await.is_empty());
    let ok = w
        .accounts
        .accept_agreement(&ens, "USER_ENS", &tick(true), &origin("e1"))
        .await
        .unwrap();
    assert_eq!((ok.signature_id, ok.already), (None, false));
    assert_eq!(
        acceptances(&w, &oma, "USER_ENS").await,
        [("1".to_string(), None)]
    );
    assert_eq!(again(&w, &done.session_id).await.pending_agreement, None);
    // A SIGNATURE agreement is not ticked.
    match w
        .accounts
        .accept_agreement(&ens, "USER_NCT", &tick(true), &origin("e1"))
        .await
    {
        Err(AccountsError::Fields(f)) => assert_eq!(f[0].code, ErrorCode::AccAgreementUnsigned),
        other => panic!("{other:?}"),
    }
    // §4.9 usr.agreement of ENS_USER: «own (USER_ENS only)». A module session (PASSWORD) sees
    // and accepts USER_ENS only; the rest is refused and audited as DENIED.
    let mut module = ens.clone();
    module.assurance = "PASSWORD".into();
    let list = w.accounts.my_agreements(&module, Lang::Ru).await.unwrap();
    assert_eq!(
        list.iter().map(|a| a.kind.as_str()).collect::<Vec<_>>(),
        ["USER_ENS"]
    );
    assert_eq!(
        code(
            w.accounts
                .my_agreement(&module, "USER_NCT", None, Lang::Ru)
                .await
        ),
        ErrorCode::AccForbidden
    );
    let (denied, _) = store_audit::search(
        w.t.db.pool(),
        &AuditFilter {
            actor: Some(oma.clone()),
            action: Some("usr.agreement".into()),
            outcome: Some("DENIED".into()),
            ..AuditFilter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(denied, 1);
    // An unknown kind, and the participant agreement, are not agreements of a system.
    for kind in ["PARTICIPANT", "NOPE"] {
        assert_eq!(
            code(w.accounts.my_agreement(&ens, kind, None, Lang::Ru).await),
            ErrorCode::NotFound
        );
    }
    w.done().await;
}

#[tokio::test]
async fn acc_116_dict_manage_publishes_versions_only_for_the_platform_administrator() {
    let w = World::new().await;
    f_base(
        &w,
        "800101300115",
        "ТЕМИРХАНОВ",
        "АЛМАС",
        Some("PLATFORM_ADMIN"),
    )
    .await;
    let oma = f_base(&w, "871202400552", "ОМАРОВА", "САУЛЕ", None).await;
    let (_, admin) = login_at(&w, "C-PADM-A", EntryPoint::Portal, "a").await;
    let (_, user) = login_at(&w, "C-OMA-A", EntryPoint::Portal, "u").await;

    // §4.9 dict.manage: only P_ADMIN; a refusal is audited as DENIED.
    assert_eq!(
        code(w.accounts.admin_agreements(&user).await),
        ErrorCode::AccForbidden
    );
    assert_eq!(
        code(
            w.accounts
                .publish_agreement(&user, &publication("USER_NCT", "x", false), &origin("u"))
                .await
        ),
        ErrorCode::AccForbidden
    );
    let (denied, _) = store_audit::search(
        w.t.db.pool(),
        &AuditFilter {
            actor: Some(oma),
            action: Some("dict.manage".into()),
            outcome: Some("DENIED".into()),
            ..AuditFilter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(denied, 2);

    // The shipped texts: version 1 of each kind, current.
    let list = w.accounts.admin_agreements(&admin).await.unwrap();
    assert_eq!(list.len(), 4);
    assert!(list.iter().all(|v| v.version == "1" && v.current));
    let ens = list.iter().find(|v| v.kind == "USER_ENS").unwrap();
    assert_eq!(ens.acceptance_mode, "CHECKBOX");

    // Every field error at once; an unknown kind.
    match w
        .accounts
        .publish_agreement(
            &admin,
            &AgreementPublication {
                kind: Some("OTHER".into()),
                version: Some("x".repeat(21)),
                ..AgreementPublication::default()
            },
            &origin("a"),
        )
        .await
    {
        Err(AccountsError::Fields(f)) => assert_eq!(
            f.iter().map(|e| (e.field, e.code)).collect::<Vec<_>>(),
            [
                ("kind", ErrorCode::AccDictValue),
                ("version", ErrorCode::AccTooLong),
                ("text_ru", ErrorCode::AccRequired),
                ("text_kk", ErrorCode::AccRequired),
            ]
        ),
        other => panic!("{other:?}"),
    }
    // A published version number is taken.
    let mut dup = publication("USER_PORTAL", "Новая", false);
    dup.version = Some("1".into());
    assert_eq!(
        code(
            w.accounts
                .publish_agreement(&admin, &dup, &origin("a"))
                .await
        ),
        ErrorCode::AccAgreementVersionTaken
    );
    // USER_ENS version 2: titles kept, CHECKBOX, audited with the version as the object.
    let v2 = w
        .accounts
        .publish_agreement(
            &admin,
            &publication("USER_ENS", "ЕНС ТРУ 2", false),
            &origin("a"),
        )
        .await
        .unwrap();
    assert_eq!(
        (
            v2.version.as_str(),
            v2.acceptance_mode.as_str(),
            v2.title_ru.as_str()
        ),
        ("2", "CHECKBOX", "Пользовательское соглашение ЕНС ТРУ")
    );
    assert_eq!(
        v2.text_sha256,
        accounts::service::text_sha256(&["ЕНС ТРУ 2 (ru)", "ЕНС ТРУ 2 (kk)"])
    );
    // A second version within the same millisecond is still the newer one.
    let v3 = w
        .accounts
        .publish_agreement(
            &admin,
            &publication("USER_ENS", "ЕНС ТРУ 3", false),
            &origin("a"),
        )
        .await
        .unwrap();
    assert_eq!(v3.version, "3");
    w.advance(1);
    let current = accounts::store::current_agreement(w.t.db.pool(), "USER_ENS", w.now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(current.version, "3");
    let list = w.accounts.admin_agreements(&admin).await.unwrap();
    let ens: Vec<_> = list
        .iter()
        .filter(|v| v.kind == "USER_ENS")
        .map(|v| (v.version.as_str(), v.current))
        .collect();
    assert_eq!(ens, [("3", true), ("2", false), ("1", false)]);
    let old = w
        .accounts
        .admin_agreement(&admin, "USER_ENS", "1")
        .await
        .unwrap();
    assert!(old.text_ru.len() > 100 && old.text_kk.len() > 100);
    assert_eq!(
        code(w.accounts.admin_agreement(&admin, "USER_ENS", "9").await),
        ErrorCode::NotFound
    );
    let (n, rows) = store_audit::search(
        w.t.db.pool(),
        &AuditFilter {
            action: Some("dict.manage".into()),
            object: Some("USER_ENS:2".into()),
            ..AuditFilter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    assert!(rows[0].detail.contains("\"op\":\"agreement.publish\""));
    w.done().await;
}
