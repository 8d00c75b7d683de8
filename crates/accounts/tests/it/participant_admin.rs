//! «Участники» of the platform administrator (spec/accounts.md §3.16 ACC-115) at service level:
//! AS-45 (the name follows the certificate, corrections of ACC-113 only by `PLATFORM_ADMIN` and
//! only with a reason), P4/P5 with their sessions, refusals and E-PART-BLOCKED mails, the flags
//! of ACC-72 with ACC-33 (c), ACC-89 (c), the search, and the DENIED audit of everyone else
//! (ACC-167). СЕРИКОВА registers «ТОО «Тауар Сервис»» (P-TS of §9.0), НУРЛАНОВ joins it,
//! ТЕМИРХАНОВ is U-PADM.

use crate::support::*;
use accounts::participant_admin::{PartReason, ParticipantFlags, RegistrationCorrection};
use accounts::participant_profile::ParticipantContactsEdit;
use accounts::store_org::Participant;
use accounts::{AccountsError, FieldError, JoinDecision, MemberEdit, ParticipantForm};
use kernel::{ErrorCode, PageRequest};
use serde_json::Value;

struct Ts {
    ser: accounts::SessionInfo,
    ser_mail: String,
    nur_mail: String,
    admin: accounts::SessionInfo,
    pid: String,
}

/// U-PADM, and P-TS registered by U-SER (`ORG_ADMIN`, `HEAD`).
async fn p_ts(w: &World) -> Ts {
    let ser_mail = w
        .seed_account("850505400905", "СЕРИКОВА", "АЙГЕРИМ", "МАРАТОВНА")
        .await;
    let nur_mail = w
        .seed_account("010203500018", "НУРЛАНОВ", "ДАНИЯР", "АСХАТОВИЧ")
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
    let p = w
        .accounts
        .register_participant(&s, &f, &origin("s"))
        .await
        .unwrap();
    Ts {
        ser: w.reload(&s).await,
        ser_mail,
        nur_mail,
        admin: w.login("C-PADM-A").await,
        pid: p.id,
    }
}

/// НУРЛАНОВ joins P-TS with `authorities` and logs in to it.
async fn nur_joins(w: &World, ts: &Ts, authorities: &[&str]) -> accounts::SessionInfo {
    let nur = w.login("C-NUR-A").await;
    let j = w
        .accounts
        .send_join_request(&nur, "Менеджер", None, &origin("n"))
        .await
        .unwrap();
    w.accounts
        .decide_join_request(
            &ts.ser,
            &ts.pid,
            j.id,
            &JoinDecision {
                approve: true,
                authorities: authorities.iter().map(|a| a.to_string()).collect(),
                reason: None,
            },
            &origin("s"),
        )
        .await
        .unwrap();
    w.login("C-NUR-A").await
}

fn field_errors<T: std::fmt::Debug>(r: Result<T, AccountsError>) -> Vec<FieldError> {
    match r {
        Err(AccountsError::Fields(f)) => f,
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn reason(r: &str) -> PartReason {
    PartReason {
        reason: Some(r.into()),
    }
}

/// The audit events of `purpose` (detail JSON), oldest first.
async fn audit(w: &World, purpose: &str) -> Vec<Value> {
    sqlx::query_scalar::<_, String>("SELECT detail FROM audit_log WHERE purpose = $1 ORDER BY seq")
        .bind(purpose)
        .fetch_all(w.t.db.pool())
        .await
        .unwrap()
        .iter()
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
}

/// The ИИН/БИН of the participants `q` finds.
async fn find(w: &World, s: &accounts::SessionInfo, q: &str, status: Option<&str>) -> Vec<String> {
    w.accounts
        .admin_participants(s, q, status, &PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.id_number)
        .collect()
}

async fn participant(w: &World, id: &str) -> Participant {
    w.accounts.participant(id).await.unwrap().unwrap()
}

/// (ended_at, end_reason) of a session.
async fn session_end(w: &World, s: &accounts::SessionInfo) -> (Option<i64>, Option<String>) {
    use sqlx::Row;
    let r = sqlx::query("SELECT ended_at, end_reason FROM sessions WHERE id_sha256 = $1")
        .bind(&s.id_sha256)
        .fetch_one(w.t.db.pool())
        .await
        .unwrap();
    (r.try_get(0).unwrap(), r.try_get(1).unwrap())
}

#[tokio::test]
async fn as_45_the_name_follows_the_certificate_and_corrections_need_the_admin_and_a_reason() {
    let w = World::new().await.with_reference().await;
    let ts = p_ts(&w).await;
    assert_eq!(participant(&w, &ts.pid).await.name, "ТОО «Тауар Сервис»");

    // ACC-113, first sentence: a new certificate of U-SER carrying БИН 040540000123 and the
    // organisation name «ТОО «Тауар Сервис Плюс»» (C-SER-A2 of the test PKI); she logs in with
    // it and «Наименование» of P-TS follows, audited with the old and the new name.
    w.login("C-SER-A2").await;
    assert_eq!(
        participant(&w, &ts.pid).await.name,
        "ТОО «Тауар Сервис Плюс»"
    );
    let refresh = audit(&w, "part.name-refresh").await;
    assert_eq!(refresh.len(), 1);
    assert_eq!(refresh[0]["before"]["name"], "ТОО «Тауар Сервис»");
    assert_eq!(refresh[0]["after"]["name"], "ТОО «Тауар Сервис Плюс»");
    assert_eq!(refresh[0]["participant"], ts.pid.as_str());
    // An older certificate (one valid shorter than a certificate with the current name) does
    // not roll the newer name back. The test PKI gives every valid key the same period, so the
    // recorded end of C-SER-A2 is moved one day on, as a certificate issued later ends later.
    sqlx::query(
        "UPDATE account_certificates SET valid_to = valid_to + 86400000 \
         WHERE account_id = 'acc_850505400905' AND org_name = 'ТОО «Тауар Сервис Плюс»'",
    )
    .execute(w.t.db.pool())
    .await
    .unwrap();
    let ser = w.login("C-SER-A").await;
    assert_eq!(
        participant(&w, &ts.pid).await.name,
        "ТОО «Тауар Сервис Плюс»"
    );
    assert_eq!(audit(&w, "part.name-refresh").await.len(), 1);

    // The ORG_ADMIN cannot change «Номер документа о гос. регистрации»: the profile form has no
    // such field (the API answers 422, see the web tests), and the correction is refused and
    // audited as DENIED.
    let forged = serde_json::from_value::<ParticipantContactsEdit>(serde_json::json!({
        "email": "info@tauar-servis.kz", "phones": "+7 727 000 00 00",
        "state_reg_doc_number": "1234-1901-ТОО-2" }));
    assert!(forged.unwrap_err().to_string().contains("unknown field"));
    let by_org_admin = RegistrationCorrection {
        state_reg_doc_number: Some("1234-1901-ТОО-2".into()),
        reason: Some("просьба".into()),
        ..Default::default()
    };
    assert_eq!(
        code(
            w.accounts
                .admin_correct_participant(&ser, &ts.pid, &by_org_admin, &origin("s"))
                .await
        ),
        ErrorCode::AccForbidden
    );
    let denied = audit(&w, "part.correct").await;
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0]["outcome"], "DENIED");
    assert_eq!(
        participant(&w, &ts.pid)
            .await
            .state_reg_doc_number
            .as_deref(),
        Some("1")
    );
    // «ИИН/БИН» and «Наименование» are not fields of the correction at all.
    assert!(
        serde_json::from_value::<RegistrationCorrection>(
            serde_json::json!({ "name": "ТОО «Другое»", "reason": "x" })
        )
        .is_err()
    );
    assert!(
        serde_json::from_value::<RegistrationCorrection>(
            serde_json::json!({ "id_number": "040540000123", "reason": "x" })
        )
        .is_err()
    );

    // U-PADM without a reason: refused under `reason`, nothing changes.
    let mut f = RegistrationCorrection {
        state_reg_doc_number: Some("1234-1901-ТОО-2".into()),
        ..Default::default()
    };
    let errors = field_errors(
        w.accounts
            .admin_correct_participant(&ts.admin, &ts.pid, &f, &origin("a"))
            .await,
    );
    assert_eq!(errors[0].field, "reason");
    assert_eq!(errors[0].code, ErrorCode::AccReasonRequired);
    assert_eq!(
        participant(&w, &ts.pid)
            .await
            .state_reg_doc_number
            .as_deref(),
        Some("1")
    );
    // The checks of registration: a date in the future, a required field emptied, a text too
    // long — every error at once, nothing saved.
    let bad = RegistrationCorrection {
        state_reg_date: Some("2099-01-01".into()),
        state_reg_authority: Some("  ".into()),
        applicant_position: Some("д".repeat(256)),
        reason: Some("Письмо № 15 от 16.02.2026".into()),
        ..Default::default()
    };
    let errors = field_errors(
        w.accounts
            .admin_correct_participant(&ts.admin, &ts.pid, &bad, &origin("a"))
            .await,
    );
    let got: Vec<_> = errors.iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(
        got,
        [
            ("state_reg_date", ErrorCode::AccDateFuture),
            ("state_reg_authority", ErrorCode::AccRequired),
            ("applicant_position", ErrorCode::AccTooLong),
        ]
    );
    // With the reason: changed and audited with the old and new values and the reason.
    f.reason = Some("Письмо № 15 от 16.02.2026".into());
    let v = w
        .accounts
        .admin_correct_participant(&ts.admin, &ts.pid, &f, &origin("a"))
        .await
        .unwrap();
    assert_eq!(
        v.participant.state_reg_doc_number.as_deref(),
        Some("1234-1901-ТОО-2")
    );
    assert_eq!(v.participant.state_reg_authority.as_deref(), Some("МЮ РК"));
    let ok = audit(&w, "part.correct").await;
    assert_eq!(ok.len(), 2);
    assert_eq!(ok[1]["outcome"], "OK");
    assert_eq!(ok[1]["reason"], "Письмо № 15 от 16.02.2026");
    assert_eq!(ok[1]["fields"], serde_json::json!(["state_reg_doc_number"]));
    assert_eq!(ok[1]["before"]["state_reg_doc_number"], "1");
    assert_eq!(ok[1]["after"]["state_reg_doc_number"], "1234-1901-ТОО-2");
    assert_eq!(
        participant(&w, &ts.pid).await.name,
        "ТОО «Тауар Сервис Плюс»",
        "the name is untouched"
    );
    w.done().await;
}

#[tokio::test]
async fn acc_113_126_an_individual_has_no_state_registration_fields_to_correct() {
    let w = World::new().await.with_reference().await;
    w.seed_account("800101300115", "ТЕМИРХАНОВ", "АЙДОС", "ЕРБОЛОВИЧ")
        .await;
    w.accounts
        .grant_role("800101300115", "PLATFORM_ADMIN", None, "installation")
        .await
        .unwrap();
    let s = w.active_session("ind-auth", "ind-sign", "ind-auth").await;
    let f = ParticipantForm {
        kind: Some("FL".into()),
        country: Some("KZ".into()),
        kse: Some("9".into()),
        is_resident: Some(true),
        email: Some("arman@example.kz".into()),
        phones: Some("+7 701 000 00 00".into()),
        agreement: Some(w.participant_agreement(&s, "FL", "ind-sign").await),
        ..ParticipantForm::default()
    };
    let p = w
        .accounts
        .register_participant(&s, &f, &origin("s"))
        .await
        .unwrap();
    let admin = w.login("C-PADM-A").await;
    let v = w.accounts.admin_participant(&admin, &p.id).await.unwrap();
    assert!(!v.by_bin);
    assert!(
        v.correctable_fields.is_empty(),
        "{:?}",
        v.correctable_fields
    );
    let r = w
        .accounts
        .admin_correct_participant(
            &admin,
            &p.id,
            &RegistrationCorrection {
                state_reg_doc_number: Some("7".into()),
                reason: Some("письмо".into()),
                ..Default::default()
            },
            &origin("a"),
        )
        .await;
    match r {
        Err(AccountsError::Refused { code, args }) => {
            assert_eq!(code, ErrorCode::AccFieldNotAllowed);
            assert_eq!(args[0].1, "state_reg_doc_number");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(participant(&w, &p.id).await.state_reg_doc_number, None);
    w.done().await;
}

#[tokio::test]
async fn p4_p5_blocking_ends_the_sessions_refuses_acting_and_mails_the_org_admins() {
    let w = World::new().await.with_reference().await;
    let ts = p_ts(&w).await;
    let nur = nur_joins(&w, &ts, &["ORG_BANK"]).await;
    assert_eq!(nur.context_participant_id.as_deref(), Some(ts.pid.as_str()));
    let ser = w.login("C-SER-A").await;
    // Nobody but the platform administrator (ACC-167: the refusal is audited).
    assert_eq!(
        code(
            w.accounts
                .admin_block_participant(&ser, &ts.pid, &reason("x"), &origin("s"))
                .await
        ),
        ErrorCode::AccForbidden
    );
    assert_eq!(audit(&w, "part.block").await[0]["outcome"], "DENIED");
    // P4 needs a reason.
    let errors = field_errors(
        w.accounts
            .admin_block_participant(&ts.admin, &ts.pid, &PartReason::default(), &origin("a"))
            .await,
    );
    assert_eq!(
        (errors[0].field, errors[0].code),
        ("reason", ErrorCode::AccBlockReason)
    );
    assert_eq!(participant(&w, &ts.pid).await.status, "ACTIVE");
    let v = w
        .accounts
        .admin_block_participant(
            &ts.admin,
            &ts.pid,
            &reason("Решение суда № 7"),
            &origin("a"),
        )
        .await
        .unwrap();
    assert_eq!(v.participant.status, "BLOCKED");
    assert_eq!(v.blocked_reason.as_deref(), Some("Решение суда № 7"));
    // Every session acting for it ended, with the reason the UI shows.
    for s in [&ser, &nur, &ts.ser] {
        let (ended, why) = session_end(&w, s).await;
        assert!(ended.is_some());
        assert_eq!(why.as_deref(), Some("participant_blocked"));
    }
    let (ended, _) = session_end(&w, &ts.admin).await;
    assert!(ended.is_none(), "the administrator's own session goes on");
    // Nobody can act for it, even with a context it still names (ACC-133).
    assert_eq!(
        code(
            w.accounts
                .update_participant_contacts(
                    &ser,
                    &ts.pid,
                    &ParticipantContactsEdit {
                        email: Some("x@tauar-servis.kz".into()),
                        website: None,
                        phones: Some("+7 727 000 00 01".into()),
                    },
                    &origin("s"),
                )
                .await
        ),
        ErrorCode::AccForbidden
    );
    assert_eq!(
        code(w.accounts.employees(&nur, &ts.pid).await),
        ErrorCode::AccForbidden
    );
    // A new login opens the personal context.
    let again = w.login("C-SER-A").await;
    assert_eq!(again.context_participant_id, None);
    assert!(again.authorities.is_empty());
    // E-PART-BLOCKED with the reason to the ORG_ADMIN (СЕРИКОВА), not to НУРЛАНОВ.
    let mails = w.wait_mails(&ts.ser_mail, 1).await;
    let m = mails
        .iter()
        .find(|m| m.subject == "Участник заблокирован")
        .expect("E-PART-BLOCKED");
    assert!(m.body.contains("Решение суда № 7"), "{}", m.body);
    assert!(m.body.contains("040540000123"));
    assert!(
        !w.mails_to(&ts.nur_mail)
            .await
            .iter()
            .any(|m| m.subject.contains("Участник"))
    );
    let blocked = audit(&w, "part.block").await;
    let last = blocked.last().unwrap();
    assert_eq!(last["op"], "block");
    assert_eq!(last["reason"], "Решение суда № 7");
    assert_eq!(last["sessions_ended"], 3);
    // P4 on a blocked participant, P5 on an active one: refused.
    assert_eq!(
        code(
            w.accounts
                .admin_block_participant(&ts.admin, &ts.pid, &reason("ещё"), &origin("a"))
                .await
        ),
        ErrorCode::AccPartNotActive
    );
    // P5 needs a reason too.
    let errors = field_errors(
        w.accounts
            .admin_unblock_participant(&ts.admin, &ts.pid, &PartReason::default(), &origin("a"))
            .await,
    );
    assert_eq!(
        (errors[0].field, errors[0].code),
        ("reason", ErrorCode::AccReasonRequired)
    );
    let v = w
        .accounts
        .admin_unblock_participant(
            &ts.admin,
            &ts.pid,
            &reason("Решение отменено"),
            &origin("a"),
        )
        .await
        .unwrap();
    assert_eq!(v.participant.status, "ACTIVE");
    assert_eq!(v.blocked_reason, None);
    assert_eq!(
        code(
            w.accounts
                .admin_unblock_participant(&ts.admin, &ts.pid, &reason("ещё"), &origin("a"))
                .await
        ),
        ErrorCode::AccPartNotBlocked
    );
    let mails = w.wait_mails(&ts.ser_mail, 2).await;
    let m = mails
        .iter()
        .find(|m| m.subject == "Участник разблокирован")
        .expect("the unblock variant of E-PART-BLOCKED");
    assert!(m.body.contains("Решение отменено"));
    // The next login acts for the participant again.
    let back = w.login("C-SER-A").await;
    assert_eq!(
        back.context_participant_id.as_deref(),
        Some(ts.pid.as_str())
    );
    w.accounts.employees(&back, &ts.pid).await.unwrap();
    w.done().await;
}

#[tokio::test]
async fn acc_72_33c_the_organizer_flags_and_acc_89c_org_admin_on_a_written_request() {
    let w = World::new().await.with_reference().await;
    let ts = p_ts(&w).await;
    let nur = nur_joins(&w, &ts, &["ORG_BANK"]).await;
    let nur_membership = w
        .accounts
        .admin_participant(&ts.admin, &ts.pid)
        .await
        .unwrap()
        .members
        .iter()
        .find(|m| m.iin == "010203500018")
        .unwrap()
        .membership_id;
    // ACC-72: «Организатор» needs «Единый дистрибьютор»; a reason is required.
    let errors = field_errors(
        w.accounts
            .admin_set_participant_flags(
                &ts.admin,
                &ts.pid,
                &ParticipantFlags {
                    is_single_distributor: None,
                    is_organizer: Some(true),
                    reason: None,
                },
                &origin("a"),
            )
            .await,
    );
    let got: Vec<_> = errors.iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(
        got,
        [
            ("reason", ErrorCode::AccReasonRequired),
            ("is_organizer", ErrorCode::AccOrganizerDistributor)
        ]
    );
    assert_eq!(
        code(
            w.accounts
                .admin_set_participant_flags(
                    &ts.ser,
                    &ts.pid,
                    &ParticipantFlags {
                        is_single_distributor: Some(true),
                        is_organizer: Some(true),
                        reason: Some("x".into()),
                    },
                    &origin("s"),
                )
                .await
        ),
        ErrorCode::AccForbidden
    );
    assert_eq!(audit(&w, "part.organizer").await[0]["outcome"], "DENIED");
    let v = w
        .accounts
        .admin_set_participant_flags(
            &ts.admin,
            &ts.pid,
            &ParticipantFlags {
                is_single_distributor: Some(true),
                is_organizer: Some(true),
                reason: Some("Постановление № 1".into()),
            },
            &origin("a"),
        )
        .await
        .unwrap();
    assert!(v.participant.is_single_distributor && v.participant.is_organizer);
    let flags = audit(&w, "part.organizer").await;
    assert_eq!(flags[1]["reason"], "Постановление № 1");
    assert_eq!(flags[1]["before"]["is_organizer"], false);
    assert_eq!(flags[1]["after"]["is_organizer"], true);
    // The organizer's ORG_ADMIN may now give PROC_ORGANIZER (ACC-81).
    w.accounts
        .edit_member(
            &ts.ser,
            &ts.pid,
            nur_membership,
            &MemberEdit {
                authorities: Some(vec!["ORG_BANK".into(), "PROC_ORGANIZER".into()]),
                blocked: None,
                block_reason: None,
            },
            &origin("s"),
        )
        .await
        .unwrap();
    let nur = {
        let _ = nur;
        w.login("C-NUR-A").await
    };
    assert!(nur.authorities.contains(&"PROC_ORGANIZER".to_string()));
    // ACC-33 (c): no longer an organizer → PROC_ORGANIZER is removed and the session ends.
    let v = w
        .accounts
        .admin_set_participant_flags(
            &ts.admin,
            &ts.pid,
            &ParticipantFlags {
                is_single_distributor: Some(false),
                is_organizer: Some(false),
                reason: Some("Постановление № 2".into()),
            },
            &origin("a"),
        )
        .await
        .unwrap();
    assert!(!v.participant.is_organizer && !v.participant.is_single_distributor);
    let member = v
        .members
        .iter()
        .find(|m| m.membership_id == nur_membership)
        .unwrap();
    assert_eq!(member.authorities, ["ORG_BANK"]);
    assert_eq!(
        session_end(&w, &nur).await.1.as_deref(),
        Some("org_changed")
    );

    // ACC-89 (c): ORG_ADMIN for НУРЛАНОВ on a written request.
    let errors = field_errors(
        w.accounts
            .admin_grant_org_admin(
                &ts.admin,
                &ts.pid,
                nur_membership,
                &PartReason::default(),
                &origin("a"),
            )
            .await,
    );
    assert_eq!(errors[0].field, "reason");
    assert_eq!(
        code(
            w.accounts
                .admin_grant_org_admin(
                    &ts.ser,
                    &ts.pid,
                    nur_membership,
                    &reason("x"),
                    &origin("s"),
                )
                .await
        ),
        ErrorCode::AccForbidden
    );
    assert_eq!(audit(&w, "staff.support").await[0]["outcome"], "DENIED");
    assert_eq!(
        code(
            w.accounts
                .admin_grant_org_admin(&ts.admin, &ts.pid, 999_999, &reason("x"), &origin("a"))
                .await
        ),
        ErrorCode::NotFound
    );
    let nur = w.login("C-NUR-A").await;
    let v = w
        .accounts
        .admin_grant_org_admin(
            &ts.admin,
            &ts.pid,
            nur_membership,
            &reason("Письмо № 3 от 01.03.2026"),
            &origin("a"),
        )
        .await
        .unwrap();
    let member = v
        .members
        .iter()
        .find(|m| m.membership_id == nur_membership)
        .unwrap();
    assert_eq!(member.authorities, ["ORG_BANK", "ORG_ADMIN"]);
    let support = audit(&w, "staff.support").await;
    assert_eq!(support[1]["outcome"], "OK");
    assert_eq!(support[1]["reason"], "Письмо № 3 от 01.03.2026");
    assert_eq!(support[1]["after"]["authorities"][1], "ORG_ADMIN");
    // The grant takes effect at the next login (ACC-80): the current session keeps its list.
    assert_eq!(w.reload(&nur).await.authorities, ["ORG_BANK"]);
    let nur = w.login("C-NUR-A").await;
    assert!(nur.authorities.contains(&"ORG_ADMIN".to_string()));
    assert_eq!(
        code(
            w.accounts
                .admin_grant_org_admin(
                    &ts.admin,
                    &ts.pid,
                    nur_membership,
                    &reason("x"),
                    &origin("a")
                )
                .await
        ),
        ErrorCode::AccRoleHeld
    );
    // A blocked member cannot be given the authority.
    w.accounts
        .edit_member(
            &ts.ser,
            &ts.pid,
            nur_membership,
            &MemberEdit {
                authorities: Some(vec!["ORG_BANK".into()]),
                blocked: Some(true),
                block_reason: Some("проверка".into()),
            },
            &origin("s"),
        )
        .await
        .unwrap();
    assert_eq!(
        code(
            w.accounts
                .admin_grant_org_admin(
                    &ts.admin,
                    &ts.pid,
                    nur_membership,
                    &reason("x"),
                    &origin("a")
                )
                .await
        ),
        ErrorCode::AccMemberNotActive
    );
    w.done().await;
}

#[tokio::test]
async fn acc_115_search_by_number_or_name_with_the_status_and_the_members() {
    let w = World::new().await.with_reference().await;
    let ts = p_ts(&w).await;
    // Two more participants written directly: a Kazakh name and an ADMIN_CREATED record.
    let now = w.now();
    let mut tx = w.t.db.write_tx().await.unwrap();
    for (id, number, name, status) in [
        ("prt_alem", "990340001230", "ТОО «Әлем Құрылыс»", "ACTIVE"),
        ("prt_dzo", "110340000568", "АО «ДЗО-Тест»", "ADMIN_CREATED"),
    ] {
        let p = Participant {
            id: id.into(),
            kind: "UL".into(),
            id_number: number.into(),
            name: name.into(),
            country: "KZ".into(),
            kse: "7".into(),
            is_resident: true,
            email: "info@example.kz".into(),
            phones: "+7 727 000 00 00".into(),
            status: status.into(),
            ..Participant::default()
        };
        accounts::store_org::save_participant(&mut tx, &p, "test", now, false)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let all = PageRequest::default();
    let admin = &ts.admin;
    assert_eq!(
        find(&w, admin, "040540000123", None).await,
        ["040540000123"]
    );
    assert_eq!(find(&w, admin, "0405", None).await, ["040540000123"]);
    assert_eq!(find(&w, admin, " 0405 4000 ", None).await, ["040540000123"]);
    assert_eq!(find(&w, admin, "тауар СЕРВ", None).await, ["040540000123"]);
    // Kazakh letters fold: «алем курылыс» finds «Әлем Құрылыс».
    assert_eq!(
        find(&w, admin, "алем курылыс", None).await,
        ["990340001230"]
    );
    assert_eq!(
        find(&w, admin, "Әлем", Some("ACTIVE")).await,
        ["990340001230"]
    );
    assert_eq!(
        find(&w, admin, "Әлем", Some("BLOCKED")).await,
        Vec::<String>::new()
    );
    assert_eq!(
        find(&w, admin, "", Some("ADMIN_CREATED")).await,
        ["110340000568"]
    );
    assert_eq!(find(&w, admin, "", None).await.len(), 3);
    assert_eq!(
        code(
            w.accounts
                .admin_participants(&ts.admin, "", Some("GONE"), &all)
                .await
        ),
        ErrorCode::InvalidParameter
    );
    // Paging.
    let page2 = w
        .accounts
        .admin_participants(
            &ts.admin,
            "",
            None,
            &PageRequest {
                page: 2,
                per_page: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!((page2.total, page2.items.len()), (3, 0));
    let named = w
        .accounts
        .admin_participants(
            &ts.admin,
            "о",
            None,
            &PageRequest {
                page: 1,
                per_page: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(named.total, 3);
    // The view: the members and who holds ORG_ADMIN and HEAD.
    let v = w
        .accounts
        .admin_participant(&ts.admin, &ts.pid)
        .await
        .unwrap();
    assert!(v.by_bin);
    assert_eq!(v.correctable_fields.len(), 5);
    assert_eq!(v.members.len(), 1);
    assert_eq!(v.members[0].full_name, "СЕРИКОВА АЙГЕРИМ МАРАТОВНА");
    assert_eq!(v.members[0].authorities, ["ORG_ADMIN", "HEAD"]);
    assert!(v.members[0].is_head);
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["id_number"], "040540000123");
    assert!(json["members"][0].get("email").is_none(), "ACC-168");
    assert_eq!(
        code(w.accounts.admin_participant(&ts.admin, "prt_none").await),
        ErrorCode::NotFound
    );
    // Everyone else is refused (and audited).
    assert_eq!(
        code(w.accounts.admin_participants(&ts.ser, "", None, &all).await),
        ErrorCode::AccForbidden
    );
    assert_eq!(audit(&w, "part.view").await[0]["outcome"], "DENIED");
    w.done().await;
}
