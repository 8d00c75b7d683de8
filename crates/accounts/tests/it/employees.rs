//! §9.6 Employees (AS-57…AS-63) with the F-CERT keys of spec/accounts.md §9.0: СЕРИКОВА is
//! the first head of «ТОО «Тауар Сервис»» (БИН 040540000123), НУРЛАНОВ an employee of it.

use crate::support::*;
use accounts::{JoinDecision, MemberEdit, ParticipantForm};
use kernel::{ErrorCode, Lang, PageRequest};

struct Ts {
    ser: accounts::SessionInfo,
    ser_mail: String,
    pid: String,
    nur_mail: String,
}

/// P-TS registered by U-SER, and U-NUR's account (F-BASE).
async fn p_ts(w: &World) -> Ts {
    let ser_mail = w
        .seed_account("850505400905", "СЕРИКОВА", "АЙГЕРИМ", "МАРАТОВНА")
        .await;
    let nur_mail = w
        .seed_account("010203500018", "НУРЛАНОВ", "ДАНИЯР", "АСХАТОВИЧ")
        .await;
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
        pid: p.id,
        nur_mail,
    }
}

fn approve(auth: &[&str]) -> JoinDecision {
    JoinDecision {
        approve: true,
        authorities: auth.iter().map(|a| a.to_string()).collect(),
        reason: None,
    }
}

#[tokio::test]
async fn as_57_58_join_requests_are_sent_decided_and_apply_at_the_next_login() {
    let w = World::new().await.with_reference().await;
    let ts = p_ts(&w).await;
    let nur = w.login("C-NUR-A").await;
    assert_eq!(nur.context_participant_id, None, "not a member yet");
    let j = w
        .accounts
        .send_join_request(&nur, "Менеджер по закупкам", None, &origin("n"))
        .await
        .unwrap();
    let mails = w.wait_mails(&ts.ser_mail, 1).await;
    assert!(
        mails.iter().any(|m| m.subject == "Новый запрос работника"
            && m.body
                .contains("НУРЛАНОВ ДАНИЯР АСХАТОВИЧ (ИИН 010203500018)")),
        "E-JOIN-NEW to the administrator"
    );
    assert_eq!(
        code(
            w.accounts
                .send_join_request(&nur, "Менеджер", None, &origin("n"))
                .await
        ),
        ErrorCode::AccJoinDuplicate
    );
    // AS-58: declining needs a reason.
    let no_reason = JoinDecision {
        approve: false,
        authorities: vec![],
        reason: Some(" ".into()),
    };
    assert_eq!(
        code(
            w.accounts
                .decide_join_request(&ts.ser, &ts.pid, j.id, &no_reason, &origin("s"))
                .await
        ),
        ErrorCode::AccRejectReason
    );
    let listed = w.accounts.join_requests(&ts.ser, &ts.pid).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].1, "НУРЛАНОВ ДАНИЯР АСХАТОВИЧ");
    // A member without ORG_ADMIN cannot see them (join.decide is ORG_ADMIN's).
    assert_eq!(
        code(w.accounts.join_requests(&nur, &ts.pid).await),
        ErrorCode::AccForbidden
    );
    w.accounts
        .decide_join_request(
            &ts.ser,
            &ts.pid,
            j.id,
            &approve(&["ORG_BANK"]),
            &origin("s"),
        )
        .await
        .unwrap();
    let decided = w.wait_mails(&ts.nur_mail, 1).await;
    assert!(
        decided
            .iter()
            .any(|m| m.subject == "Запрос на присоединение одобрен")
    );
    // The current session stays personal; the next login opens P-TS with {ORG_BANK}.
    let still = w.reload(&nur).await;
    assert_eq!(still.context_participant_id, None);
    let nur = w.login("C-NUR-A").await;
    assert_eq!(nur.context_participant_id.as_deref(), Some(ts.pid.as_str()));
    assert_eq!(nur.authorities, vec!["ORG_BANK"]);
    let staff = w.accounts.employees(&nur, &ts.pid).await.unwrap();
    let names: Vec<_> = staff.iter().map(|e| e.full_name.as_str()).collect();
    assert_eq!(
        names,
        ["СЕРИКОВА АЙГЕРИМ МАРАТОВНА", "НУРЛАНОВ ДАНИЯР АСХАТОВИЧ"]
    );
    w.done().await;
}

#[tokio::test]
async fn as_60_61_blocking_an_employee_and_the_administrator_guards() {
    let w = World::new().await.with_reference().await;
    let ts = p_ts(&w).await;
    let nur = w.login("C-NUR-A").await;
    let j = w
        .accounts
        .send_join_request(&nur, "Бухгалтер", None, &origin("n"))
        .await
        .unwrap();
    w.accounts
        .decide_join_request(
            &ts.ser,
            &ts.pid,
            j.id,
            &approve(&["ORG_BANK"]),
            &origin("s"),
        )
        .await
        .unwrap();
    let nur = w.login("C-NUR-A").await;
    let staff = w.accounts.employees(&ts.ser, &ts.pid).await.unwrap();
    let nur_m = staff
        .iter()
        .find(|e| e.iin == "010203500018")
        .unwrap()
        .membership_id;
    let ser_m = staff
        .iter()
        .find(|e| e.iin == "850505400905")
        .unwrap()
        .membership_id;
    let block = |reason: Option<&str>| MemberEdit {
        authorities: None,
        blocked: Some(true),
        block_reason: reason.map(str::to_string),
    };
    assert_eq!(
        code(
            w.accounts
                .edit_member(&ts.ser, &ts.pid, nur_m, &block(None), &origin("s"))
                .await
        ),
        ErrorCode::AccBlockReason
    );
    w.accounts
        .edit_member(
            &ts.ser,
            &ts.pid,
            nur_m,
            &block(Some("Увольнение")),
            &origin("s"),
        )
        .await
        .unwrap();
    // ACC-80: the employee's session in the context ends at once.
    let gone = w.reload(&nur).await;
    let row = accounts::store::load_session(w.t.db.pool(), &gone.id_sha256)
        .await
        .unwrap()
        .unwrap();
    assert!(row.ended_at.is_some());
    assert!(
        w.mails_to(&ts.nur_mail).await.len() >= 2 || w.wait_mails(&ts.nur_mail, 2).await.len() >= 2
    );
    let nur = w.login("C-NUR-A").await;
    assert_eq!(
        nur.context_participant_id, None,
        "blocked: the personal context"
    );
    assert_eq!(
        code(w.accounts.bank_accounts(&nur, &ts.pid).await),
        ErrorCode::AccForbidden
    );
    // AS-61: the guards.
    assert_eq!(
        code(
            w.accounts
                .edit_member(&ts.ser, &ts.pid, ser_m, &block(Some("x")), &origin("s"))
                .await
        ),
        ErrorCode::AccSelfBlock
    );
    let drop_admin = MemberEdit {
        authorities: Some(vec!["HEAD".into()]),
        ..MemberEdit::default()
    };
    assert_eq!(
        code(
            w.accounts
                .edit_member(&ts.ser, &ts.pid, ser_m, &drop_admin, &origin("s"))
                .await
        ),
        ErrorCode::AccLastAdmin
    );
    let drop_head = MemberEdit {
        authorities: Some(vec!["ORG_ADMIN".into()]),
        ..MemberEdit::default()
    };
    assert_eq!(
        code(
            w.accounts
                .edit_member(&ts.ser, &ts.pid, ser_m, &drop_head, &origin("s"))
                .await
        ),
        ErrorCode::AccHeadLocked
    );
    // Unblocking: the next login is in the context again.
    let unblock = MemberEdit {
        blocked: Some(false),
        ..MemberEdit::default()
    };
    w.accounts
        .edit_member(&ts.ser, &ts.pid, nur_m, &unblock, &origin("s"))
        .await
        .unwrap();
    let nur = w.login("C-NUR-A").await;
    assert_eq!(nur.context_participant_id.as_deref(), Some(ts.pid.as_str()));
    assert_eq!(nur.authorities, vec!["ORG_BANK"]);
    w.done().await;
}

#[tokio::test]
async fn as_62_63_hand_over_take_back_as_head_and_change_the_head() {
    let w = World::new().await.with_reference().await;
    let ts = p_ts(&w).await;
    let nur = w.login("C-NUR-A").await;
    let j = w
        .accounts
        .send_join_request(&nur, "Заместитель", None, &origin("n"))
        .await
        .unwrap();
    w.accounts
        .decide_join_request(&ts.ser, &ts.pid, j.id, &approve(&["HEAD"]), &origin("s"))
        .await
        .unwrap();
    let staff = w.accounts.employees(&ts.ser, &ts.pid).await.unwrap();
    let nur_m = staff
        .iter()
        .find(|e| e.iin == "010203500018")
        .unwrap()
        .membership_id;
    // AS-62: hand-over; the old administrator's session in the context ends.
    w.accounts
        .hand_over_admin(&ts.ser, &ts.pid, nur_m, &origin("s"))
        .await
        .unwrap();
    let row = accounts::store::load_session(w.t.db.pool(), &ts.ser.id_sha256)
        .await
        .unwrap()
        .unwrap();
    assert!(row.ended_at.is_some());
    let ser = w.login("C-SER-A").await;
    assert!(!ser.authorities.contains(&"ORG_ADMIN".to_string()));
    assert_eq!(
        code(w.accounts.join_requests(&ser, &ts.pid).await),
        ErrorCode::AccForbidden
    );
    // ACC-89 (b): the chosen head takes the administrator authority back.
    w.accounts
        .head_self_admin(&ser, &ts.pid, &origin("s"))
        .await
        .unwrap();
    let ser = w.login("C-SER-A").await;
    assert!(ser.authorities.contains(&"ORG_ADMIN".to_string()));
    // AS-63: the head becomes НУРЛАНОВ (he holds HEAD); a position is required.
    assert_eq!(
        code(
            w.accounts
                .change_head(&ser, &ts.pid, nur_m, " ", &origin("s"))
                .await
        ),
        ErrorCode::AccRequired
    );
    let p = w
        .accounts
        .change_head(&ser, &ts.pid, nur_m, "Генеральный директор", &origin("s"))
        .await
        .unwrap();
    assert_eq!(p.head_iin.as_deref(), Some("010203500018"));
    assert_eq!(p.head_last_name.as_deref(), Some("НУРЛАНОВ"));
    assert_eq!(p.head_middle_name.as_deref(), Some("АСХАТОВИЧ"));
    assert_eq!(p.head_position.as_deref(), Some("Генеральный директор"));
    let mails = w.wait_mails(&ts.nur_mail, 3).await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "Изменены данные о руководителе")
    );
    // A member without HEAD cannot be chosen.
    let staff = w.accounts.employees(&ser, &ts.pid).await.unwrap();
    let ser_m = staff
        .iter()
        .find(|e| e.iin == "850505400905")
        .unwrap()
        .membership_id;
    let strip = MemberEdit {
        authorities: Some(vec!["ORG_ADMIN".into()]),
        ..MemberEdit::default()
    };
    w.accounts
        .edit_member(&ser, &ts.pid, ser_m, &strip, &origin("s"))
        .await
        .unwrap();
    let ser = w.login("C-SER-A").await;
    assert_eq!(
        code(
            w.accounts
                .change_head(&ser, &ts.pid, ser_m, "Директор", &origin("s"))
                .await
        ),
        ErrorCode::AccAuthorityUnknown
    );
    w.done().await;
}

/// The e-mails of one kind written to the outbox for an address (sent or not yet).
async fn outbox(w: &World, kind: &str, to: &str) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) FROM mail_outbox WHERE kind = $1 AND to_addr = $2")
        .bind(kind)
        .bind(to)
        .fetch_one(w.t.db.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

#[tokio::test]
async fn as_33_acc_155_notifications_follow_the_email_duplication_switch() {
    let w = World::new().await.with_reference().await;
    let ts = p_ts(&w).await;
    let nur = w.login("C-NUR-A").await;
    let decline = JoinDecision {
        approve: false,
        authorities: vec![],
        reason: Some("Нет вакансии".into()),
    };
    let j = w
        .accounts
        .send_join_request(&nur, "Менеджер", None, &origin("n"))
        .await
        .unwrap();
    w.accounts
        .decide_join_request(&ts.ser, &ts.pid, j.id, &decline, &origin("s"))
        .await
        .unwrap();
    // The switch is on by default: the e-mail and the notification.
    let mails = w.wait_mails(&ts.nur_mail, 1).await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "Запрос на присоединение отклонен")
    );
    let seen = w
        .accounts
        .notifications(&nur, Lang::Ru, &PageRequest::default())
        .await
        .unwrap();
    assert_eq!((seen.total, seen.unread), (1, 1));
    assert_eq!(seen.items[0].kind, "E-JOIN-DECIDED");
    assert_eq!(seen.items[0].title, "Запрос на присоединение отклонен");
    assert!(
        seen.items[0].text.contains("Нет вакансии"),
        "{:?}",
        seen.items[0]
    );
    // The reader's language, not the recipient's mail language.
    let kk = w
        .accounts
        .notifications(&nur, Lang::Kk, &PageRequest::default())
        .await
        .unwrap();
    assert_ne!(kk.items[0].title, seen.items[0].title);

    // Switched off: the notification only.
    w.accounts
        .set_email_notifications(&nur, false, &origin("n"))
        .await
        .unwrap();
    let nur = w.reload(&nur).await;
    let j = w
        .accounts
        .send_join_request(&nur, "Менеджер", None, &origin("n"))
        .await
        .unwrap();
    w.accounts
        .decide_join_request(&ts.ser, &ts.pid, j.id, &decline, &origin("s"))
        .await
        .unwrap();
    assert_eq!(outbox(&w, "E-JOIN-DECIDED", &ts.nur_mail).await, 1);
    let seen = w
        .accounts
        .notifications(&nur, Lang::Ru, &PageRequest::default())
        .await
        .unwrap();
    assert_eq!((seen.total, seen.unread), (2, 2));
    assert!(seen.items[0].id > seen.items[1].id, "newest first");

    // Reading: one, then the others; another account's notification is not found.
    w.accounts
        .mark_notification_read(&nur, seen.items[1].id)
        .await
        .unwrap();
    assert_eq!(w.accounts.unread_notifications(&nur).await.unwrap(), 1);
    assert_eq!(
        code(
            w.accounts
                .mark_notification_read(&ts.ser, seen.items[0].id)
                .await
        ),
        ErrorCode::NotFound
    );
    assert_eq!(
        w.accounts.mark_all_notifications_read(&nur).await.unwrap(),
        1
    );
    assert_eq!(w.accounts.unread_notifications(&nur).await.unwrap(), 0);

    // E-PASSWORD-CHANGED is always mailed, and is no in-app notification.
    w.accounts
        .change_password(
            &nur,
            Some("Tauar2026"),
            "Tauar2027new",
            "Tauar2027new",
            &origin("n"),
        )
        .await
        .unwrap();
    assert_eq!(outbox(&w, "E-PASSWORD-CHANGED", &ts.nur_mail).await, 1);
    let seen = w
        .accounts
        .notifications(&nur, Lang::Ru, &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(seen.total, 2);
    w.done().await;
}
