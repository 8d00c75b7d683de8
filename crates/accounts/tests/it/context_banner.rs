//! ACC-58: the banner of the main page after a login whose certificate carries a БИН but that
//! did not get the participant's context, on F-BASE (spec/accounts.md §9.0) with its F-CERT
//! keys: P-TS «ТОО «Тауар Сервис»» (БИН 040540000123, СЕРИКОВА its administrator and head, КИМ
//! a member, НУРЛАНОВ not one) and P-DZO «АО «ДЗО-Тест»» (БИН 110340000568, `ADMIN_CREATED`).

use crate::support::*;
use accounts::MemberEdit;
use accounts::context_banner::ContextBanner;
use accounts::rules::ParticipantType;
use kernel::Lang;

const TS: &str = "prt_demo_ts";
const KIM: &str = "acc_demo_770707300459";

fn not_member_of_ts() -> ContextBanner {
    ContextBanner::NotMember {
        bin: "040540000123".into(),
        participant_id: TS.into(),
        participant_name: "ТОО «Тауар Сервис»".into(),
    }
}

async fn banner_of(w: &World, persona: &str) -> Option<ContextBanner> {
    let s = w.login(persona).await;
    w.accounts.context_banner(&s).await.unwrap()
}

/// КИМ's membership in P-TS.
async fn kim_membership(w: &World) -> accounts::store_org::Membership {
    accounts::store_org::membership(w.t.db.pool(), KIM, TS)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn acc_58_not_a_member_and_not_registered() {
    let w = World::new().await.f_base().await;
    // U-NUR with C-NUR-A: P-TS exists, no membership.
    let nur = w.login("C-NUR-A").await;
    assert_eq!(nur.context_participant_id, None);
    assert_eq!(
        w.accounts.context_banner(&nur).await.unwrap(),
        Some(not_member_of_ts())
    );
    // U-DOS with C-DOS-A: P-DZO is only the ЕНС ТРУ administrator's record.
    let dos = banner_of(&w, "C-DOS-A").await.unwrap();
    assert_eq!(
        dos,
        ContextBanner::NotRegistered {
            bin: "110340000568".into()
        }
    );
    assert_eq!(dos.participant(), None);
    // U-SER with C-SER-A got the context of P-TS; individual keys carry no БИН.
    let ser = w.login("C-SER-A").await;
    assert_eq!(ser.context_participant_id.as_deref(), Some(TS));
    assert_eq!(w.accounts.context_banner(&ser).await.unwrap(), None);
    assert_eq!(banner_of(&w, "C-OMA-A").await, None);
    // Without a БИН and no participant of the ИИН, «Зарегистрировать участника» is the cabinet
    // menu's (it is offered while the registration context exists): ФЛ, ИП or КХ.
    let ahm = w.login("C-AHM-A").await;
    assert_eq!(w.accounts.context_banner(&ahm).await.unwrap(), None);
    let ctx = w.accounts.registration_context(&ahm).await.unwrap();
    assert_eq!(ctx.id_number, U_AHM);
    assert_eq!(
        ctx.types,
        [
            ParticipantType::Fl,
            ParticipantType::Ip,
            ParticipantType::Kh
        ]
    );
    w.done().await;
}

#[tokio::test]
async fn acc_58_blocked_membership_shows_msg_member_blocked_and_ended_is_not_a_member() {
    let w = World::new().await.f_base().await;
    // КИМ is an active member: the context, no banner.
    let kim = w.login("C-KIM-A").await;
    assert_eq!(kim.context_participant_id.as_deref(), Some(TS));
    assert_eq!(w.accounts.context_banner(&kim).await.unwrap(), None);
    // СЕРИКОВА blocks him (M4) with a reason.
    let ser = w.login("C-SER-A").await;
    let m = kim_membership(&w).await;
    w.accounts
        .edit_member(
            &ser,
            TS,
            m.id,
            &MemberEdit {
                authorities: None,
                blocked: Some(true),
                block_reason: Some("Служебная проверка".into()),
            },
            &origin("s"),
        )
        .await
        .unwrap();
    let kim = w.login("C-KIM-A").await;
    assert_eq!(kim.context_participant_id, None, "ACC-30: no context");
    let b = w.accounts.context_banner(&kim).await.unwrap().unwrap();
    assert_eq!(
        b,
        ContextBanner::MemberBlocked {
            bin: "040540000123".into(),
            participant_id: TS.into(),
            participant_name: "ТОО «Тауар Сервис»".into(),
            reason: "Служебная проверка".into(),
        }
    );
    // MSG-MEMBER-BLOCKED with the banner's values, verbatim (§5.10).
    let (_, name) = b.participant().unwrap();
    let text = kernel::Messages::get().t_args(
        Lang::Ru,
        "error-msg-member-blocked",
        &[
            ("name", name.into()),
            ("reason", b.reason().unwrap().into()),
        ],
    );
    assert_eq!(
        text,
        "Ваша работа в организации «ТОО «Тауар Сервис»» заблокирована. Причина: Служебная проверка"
    );
    // «Исключить из организации» (M6): ENDED reads as no membership.
    w.accounts
        .end_member(&ser, TS, m.id, &origin("s"))
        .await
        .unwrap();
    assert_eq!(kim_membership(&w).await.status, "ENDED");
    assert_eq!(banner_of(&w, "C-KIM-A").await, Some(not_member_of_ts()));
    w.done().await;
}
