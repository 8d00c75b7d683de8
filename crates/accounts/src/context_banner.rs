//! ACC-58: the banner of the main page when a login with a certificate that carries a БИН did
//! not get that participant's context (ACC-30) — the organisation is not registered as a
//! participant (none, or only the `ADMIN_CREATED` record of ACC-28), the account is not (or no
//! longer, `ENDED`) its employee, or its membership is `BLOCKED` (MSG-MEMBER-BLOCKED).
//!
//! [`banner`] decides from what the session and the store hold; [`Accounts::context_banner`]
//! reads those and asks it. The texts and links are the web layer's: «Зарегистрировать
//! участника» (§3.7) and «Отправить запрос на присоединение» (§3.8, ACC-83).
//!
//! A certificate without a БИН gets no banner: its «Зарегистрировать участника» for ФЛ, ИП or
//! КХ is an item of the cabinet menu (ACC-142), offered whenever ACC-70 allows a registration.

use crate::error::AccountsError;
use crate::model::SessionInfo;
use crate::service::Accounts;
use crate::store_org::{self, Membership, Participant};
use serde::Serialize;

/// One banner of ACC-58, with what its text and link need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContextBanner {
    /// «Организация с БИН <БИН> не зарегистрирована как участник.» + «Зарегистрировать
    /// участника»: no participant with the БИН, or only an `ADMIN_CREATED` one.
    NotRegistered { bin: String },
    /// «Вы не являетесь сотрудником участника «<Наименование>».» + «Отправить запрос на
    /// присоединение»: no membership, or an `ENDED` one.
    NotMember {
        bin: String,
        participant_id: String,
        participant_name: String,
    },
    /// MSG-MEMBER-BLOCKED «Ваша работа в организации «{name}» заблокирована. Причина: {reason}».
    MemberBlocked {
        bin: String,
        participant_id: String,
        participant_name: String,
        reason: String,
    },
}

impl ContextBanner {
    /// `NOT_REGISTERED`, `NOT_MEMBER` or `MEMBER_BLOCKED` (the API's `kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            ContextBanner::NotRegistered { .. } => "NOT_REGISTERED",
            ContextBanner::NotMember { .. } => "NOT_MEMBER",
            ContextBanner::MemberBlocked { .. } => "MEMBER_BLOCKED",
        }
    }

    /// The БИН of the session's certificate.
    pub fn bin(&self) -> &str {
        match self {
            ContextBanner::NotRegistered { bin }
            | ContextBanner::NotMember { bin, .. }
            | ContextBanner::MemberBlocked { bin, .. } => bin,
        }
    }

    /// (id, «Наименование») of the participant, when it is registered.
    pub fn participant(&self) -> Option<(&str, &str)> {
        match self {
            ContextBanner::NotRegistered { .. } => None,
            ContextBanner::NotMember {
                participant_id,
                participant_name,
                ..
            }
            | ContextBanner::MemberBlocked {
                participant_id,
                participant_name,
                ..
            } => Some((participant_id, participant_name)),
        }
    }

    /// «Причина блокировки» of a blocked membership.
    pub fn reason(&self) -> Option<&str> {
        match self {
            ContextBanner::MemberBlocked { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

/// ACC-58: the banner for a session whose certificate carries `cert_bin`, acting for
/// `context_participant_id`, given the participant registered with that БИН and the account's
/// membership in it. `None`: no БИН, the session acts for that participant, the membership is
/// `ACTIVE` (a join approved after this login gives the context at the next one, ACC-83), or the
/// participant is `BLOCKED` by the platform (P4: nobody can act for it and it takes no join
/// requests, so neither banner fits).
pub fn banner(
    cert_bin: Option<&str>,
    context_participant_id: Option<&str>,
    participant: Option<&Participant>,
    membership: Option<&Membership>,
) -> Option<ContextBanner> {
    let bin = cert_bin?.to_string();
    let Some(p) = participant else {
        return Some(ContextBanner::NotRegistered { bin });
    };
    if context_participant_id == Some(p.id.as_str()) {
        return None;
    }
    match p.status.as_str() {
        "ADMIN_CREATED" => return Some(ContextBanner::NotRegistered { bin }),
        "ACTIVE" => {}
        _ => return None,
    }
    let not_member = || ContextBanner::NotMember {
        bin: bin.clone(),
        participant_id: p.id.clone(),
        participant_name: p.name.clone(),
    };
    match membership.filter(|m| m.participant_id == p.id) {
        None => Some(not_member()),
        Some(m) => match m.status.as_str() {
            "BLOCKED" => Some(ContextBanner::MemberBlocked {
                bin: bin.clone(),
                participant_id: p.id.clone(),
                participant_name: p.name.clone(),
                reason: m.block_reason.clone().unwrap_or_default(),
            }),
            "ENDED" => Some(not_member()),
            _ => None,
        },
    }
}

impl Accounts {
    /// ACC-58: the banner of the main page for session `s` (see [`banner`]).
    pub async fn context_banner(
        &self,
        s: &SessionInfo,
    ) -> Result<Option<ContextBanner>, AccountsError> {
        let Some(bin) = s.cert_bin.as_deref() else {
            return Ok(None);
        };
        let pool = self.db.pool();
        let participant = store_org::participant_by(pool, "id_number", bin).await?;
        let membership = match &participant {
            Some(p) => store_org::membership(pool, &s.account.id, &p.id).await?,
            None => None,
        };
        Ok(banner(
            Some(bin),
            s.context_participant_id.as_deref(),
            participant.as_ref(),
            membership.as_ref(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BIN: &str = "040540000123";

    fn p(status: &str) -> Participant {
        Participant {
            id: "prt_ts".into(),
            kind: "UL".into(),
            id_number: BIN.into(),
            name: "ТОО «Тауар Сервис»".into(),
            status: status.into(),
            ..Participant::default()
        }
    }

    fn m(status: &str, reason: Option<&str>) -> Membership {
        Membership {
            id: 7,
            account_id: "acc_1".into(),
            participant_id: "prt_ts".into(),
            status: status.into(),
            position: None,
            authorities: Vec::new(),
            block_reason: reason.map(str::to_string),
            source: "JOIN_REQUEST".into(),
            joined_at: 0,
        }
    }

    fn not_member() -> Option<ContextBanner> {
        Some(ContextBanner::NotMember {
            bin: BIN.into(),
            participant_id: "prt_ts".into(),
            participant_name: "ТОО «Тауар Сервис»".into(),
        })
    }

    #[test]
    fn acc_58_no_participant_with_the_bin_is_not_registered() {
        let b = banner(Some(BIN), None, None, None).unwrap();
        assert_eq!(b, ContextBanner::NotRegistered { bin: BIN.into() });
        assert_eq!(
            (b.kind(), b.bin(), b.participant()),
            ("NOT_REGISTERED", BIN, None)
        );
    }

    #[test]
    fn acc_58_an_admin_created_participant_is_not_registered() {
        let dzo = p("ADMIN_CREATED");
        for m in [None, Some(m("ACTIVE", None))] {
            assert_eq!(
                banner(Some(BIN), None, Some(&dzo), m.as_ref()),
                Some(ContextBanner::NotRegistered { bin: BIN.into() }),
                "also for an ЕНС ТРУ member of the record"
            );
        }
        // ACC-30: an ЕНС ТРУ session that got the record's context needs no banner.
        assert_eq!(banner(Some(BIN), Some("prt_ts"), Some(&dzo), None), None);
    }

    #[test]
    fn acc_58_no_membership_is_not_a_member() {
        let b = banner(Some(BIN), None, Some(&p("ACTIVE")), None);
        assert_eq!(b, not_member());
        let b = b.unwrap();
        assert_eq!(b.kind(), "NOT_MEMBER");
        assert_eq!(b.participant(), Some(("prt_ts", "ТОО «Тауар Сервис»")));
        assert_eq!(b.reason(), None);
    }

    #[test]
    fn acc_58_an_ended_membership_is_as_none() {
        let ended = m("ENDED", Some("Уволен"));
        assert_eq!(
            banner(Some(BIN), None, Some(&p("ACTIVE")), Some(&ended)),
            not_member()
        );
    }

    #[test]
    fn acc_58_a_blocked_membership_shows_its_reason() {
        let blocked = m("BLOCKED", Some("Отпуск"));
        let b = banner(Some(BIN), None, Some(&p("ACTIVE")), Some(&blocked)).unwrap();
        assert_eq!(
            b,
            ContextBanner::MemberBlocked {
                bin: BIN.into(),
                participant_id: "prt_ts".into(),
                participant_name: "ТОО «Тауар Сервис»".into(),
                reason: "Отпуск".into(),
            }
        );
        assert_eq!((b.kind(), b.reason()), ("MEMBER_BLOCKED", Some("Отпуск")));
    }

    #[test]
    fn acc_58_no_banner_with_the_context_an_active_membership_or_no_bin() {
        let ts = p("ACTIVE");
        let active = m("ACTIVE", None);
        assert_eq!(
            banner(Some(BIN), Some("prt_ts"), Some(&ts), Some(&active)),
            None
        );
        assert_eq!(
            banner(Some(BIN), None, Some(&ts), Some(&active)),
            None,
            "joined after this login: the context comes at the next one"
        );
        assert_eq!(banner(None, None, None, None), None, "no БИН");
        assert_eq!(banner(None, None, Some(&ts), None), None);
    }

    #[test]
    fn acc_58_a_participant_blocked_by_the_platform_gets_no_banner() {
        assert_eq!(banner(Some(BIN), None, Some(&p("BLOCKED")), None), None);
    }

    #[test]
    fn acc_58_a_membership_of_another_participant_is_ignored() {
        let other = Membership {
            participant_id: "prt_other".into(),
            ..m("BLOCKED", Some("x"))
        };
        assert_eq!(
            banner(Some(BIN), None, Some(&p("ACTIVE")), Some(&other)),
            not_member()
        );
    }

    #[test]
    fn acc_58_the_api_form_is_tagged_by_kind() {
        let v = serde_json::to_value(not_member().unwrap()).unwrap();
        assert_eq!(v["kind"], "NOT_MEMBER");
        assert_eq!(v["participant_id"], "prt_ts");
    }
}
