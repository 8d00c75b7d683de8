//! Employees of a participant (§3.8–§3.11): join requests (J1–J4), authorities and blocking
//! (M4–M7) with the guards of ACC-81, hand-over of the administrator authority (ACC-88, ACC-89)
//! and the head (ACC-92). Granted authorities apply from the next login; blocking and removals
//! end the employee's sessions in that context at once (ACC-80).

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::mail;
use crate::model::SessionInfo;
use crate::service::{Accounts, Origin, internal};
use crate::store::{self, Account};
use crate::store_org::{self, JoinRequest, Membership, Participant};
use db::Tx;
use kernel::{ErrorCode, Millis};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// §2.14: the authorities an administrator can give.
pub const AUTHORITIES: &[&str] = &[
    "ORG_ADMIN",
    "HEAD",
    "ORG_BANK",
    "NCT_APPLY",
    "REG_APPLY",
    "PROC_SUPPLIER",
    "PROC_ORGANIZER",
];

/// A row of «Сотрудники организации» (ACC-78).
#[derive(Debug, Clone, Serialize)]
pub struct EmployeeView {
    pub membership_id: i64,
    pub account_id: String,
    pub iin: String,
    pub full_name: String,
    pub position: Option<String>,
    pub authorities: Vec<String>,
    /// `ACTIVE`, `BLOCKED` or `ENDED`.
    pub status: String,
    pub block_reason: Option<String>,
    pub joined_at: i64,
    /// Chosen in «Данные о руководителе».
    pub is_head: bool,
}

/// «Редактировать полномочия» + «Сохранить» (ACC-79).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberEdit {
    pub authorities: Option<Vec<String>>,
    /// «Заблокировать сотрудника».
    pub blocked: Option<bool>,
    /// «Причина блокировки».
    pub block_reason: Option<String>,
}

/// «Одобрить» / «Отклонить» of a join request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinDecision {
    pub approve: bool,
    /// The authorities to grant on approval (none preselected).
    #[serde(default)]
    pub authorities: Vec<String>,
    /// «Причина отказа», required to decline.
    pub reason: Option<String>,
}

fn refused(code: ErrorCode) -> AccountsError {
    AccountsError::refused(code)
}

fn has(m: &Membership, a: &str) -> bool {
    m.authorities.iter().any(|x| x == a)
}

impl Accounts {
    async fn account(&self, id: &str) -> Result<Account, AccountsError> {
        store::account_by_id(self.db.pool(), id)
            .await?
            .ok_or_else(|| internal("membership of a missing account"))
    }

    /// «Сотрудники организации» / «Мои работники» (ACC-78): every member may view.
    pub async fn employees(
        &self,
        s: &SessionInfo,
        participant_id: &str,
    ) -> Result<Vec<EmployeeView>, AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::StaffView)
            .await?;
        let mut out = Vec::new();
        for m in store_org::members_of(self.db.pool(), participant_id).await? {
            let a = self.account(&m.account_id).await?;
            out.push(EmployeeView {
                membership_id: m.id,
                account_id: a.id.clone(),
                iin: a.iin.clone(),
                full_name: a.full_name(),
                position: m.position.clone(),
                authorities: m.authorities.clone(),
                status: m.status.clone(),
                block_reason: m.block_reason.clone(),
                joined_at: m.joined_at,
                is_head: p.head_membership_id == Some(m.id),
            });
        }
        Ok(out)
    }

    /// J1 (ACC-83, C6): a request to join the participant of the session certificate's БИН.
    pub async fn send_join_request(
        &self,
        s: &SessionInfo,
        position: &str,
        message: Option<&str>,
        origin: &Origin<'_>,
    ) -> Result<JoinRequest, AccountsError> {
        if s.account.status != crate::flow::AccountStatus::Active || s.assurance != "CERT_PASSWORD"
        {
            return Err(refused(ErrorCode::AccForbidden));
        }
        let bin = s
            .cert_bin
            .as_deref()
            .ok_or_else(|| refused(ErrorCode::AccForbidden))?;
        let p = store_org::participant_by(self.db.pool(), "id_number", bin)
            .await?
            .filter(|p| p.status == "ACTIVE")
            .ok_or_else(|| refused(ErrorCode::AccForbidden))?;
        if let Some(m) = store_org::membership(self.db.pool(), &s.account.id, &p.id).await?
            && m.status != "ENDED"
        {
            return Err(refused(ErrorCode::AccForbidden));
        }
        let position = position.trim();
        if position.is_empty() {
            return Err(AccountsError::Fields(vec![FieldError {
                field: "position",
                code: ErrorCode::AccRequired,
            }]));
        }
        let pending = store_org::join_requests(self.db.pool(), "account_id", &s.account.id).await?;
        if pending
            .iter()
            .any(|j| j.participant_id == p.id && j.status == "PENDING")
        {
            return Err(refused(ErrorCode::AccJoinDuplicate));
        }
        let serial = match &s.certificate_sha256 {
            Some(sha) => store::certificate_of(self.db.pool(), &s.account.id, sha)
                .await?
                .map(|(serial, _, _)| serial)
                .unwrap_or_default(),
            None => String::new(),
        };
        let now = self.now();
        let mut j = JoinRequest {
            id: 0,
            account_id: s.account.id.clone(),
            participant_id: p.id.clone(),
            certificate_serial: serial,
            position: position.chars().take(255).collect(),
            message: message
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(|m| m.chars().take(1000).collect()),
            status: "PENDING".into(),
            decision_reason: None,
            created_at: now.0,
            decided_at: None,
        };
        let mut tx = self.write_tx().await?;
        j.id = store_org::insert_join_request(&mut tx, &j).await?;
        for m in store_org::members_of(&mut *tx, &p.id).await? {
            if m.status == "ACTIVE" && has(&m, "ORG_ADMIN") {
                let admin = self.account(&m.account_id).await?;
                self.notify_member(
                    &mut tx,
                    &admin,
                    "E-JOIN-NEW",
                    "mail-join-new",
                    vec![
                        ("person", s.account.full_name()),
                        ("iin", s.account.iin.clone()),
                        ("org", p.name.clone()),
                    ],
                )
                .await?;
            }
        }
        self.audit(
            &mut tx,
            "join.send",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": p.id, "request": j.id }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        Ok(j)
    }

    /// J4: «Отозвать запрос».
    pub async fn withdraw_join_request(
        &self,
        s: &SessionInfo,
        id: i64,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        self.require(s, Action::JoinWithdraw).await?;
        let mut tx = self.write_tx().await?;
        if !store_org::delete_pending_join_request(&mut tx, id, &s.account.id).await? {
            return Err(refused(ErrorCode::NotFound));
        }
        self.audit(
            &mut tx,
            "join.withdraw",
            Some(&s.account.id),
            origin,
            json!({"outcome": "OK", "request": id}),
        )
        .await?;
        self.commit(tx).await
    }

    /// The account's own requests.
    pub async fn my_join_requests(
        &self,
        s: &SessionInfo,
    ) -> Result<Vec<JoinRequest>, AccountsError> {
        Ok(store_org::join_requests(self.db.pool(), "account_id", &s.account.id).await?)
    }

    /// «Запросы работников» (`join.decide`: the participant's administrators).
    pub async fn join_requests(
        &self,
        s: &SessionInfo,
        participant_id: &str,
    ) -> Result<Vec<(JoinRequest, String, String)>, AccountsError> {
        self.require_org(s, participant_id, Action::JoinDecide)
            .await?;
        let mut out = Vec::new();
        for j in store_org::join_requests(self.db.pool(), "participant_id", participant_id).await? {
            let a = self.account(&j.account_id).await?;
            out.push((j, a.full_name(), a.iin));
        }
        Ok(out)
    }

    fn check_authorities(p: &Participant, list: &[String]) -> Result<Vec<String>, AccountsError> {
        let mut out: Vec<String> = Vec::new();
        for a in list {
            let known = AUTHORITIES.contains(&a.as_str());
            let allowed = match a.as_str() {
                "PROC_SUPPLIER" => p.is_supplier,
                "PROC_ORGANIZER" => p.is_organizer,
                _ => true,
            };
            if !known || !allowed {
                return Err(refused(ErrorCode::AccAuthorityUnknown));
            }
            if !out.contains(a) {
                out.push(a.clone());
            }
        }
        Ok(out)
    }

    /// J2 «Одобрить» (with the authorities chosen, none preselected) and J3 «Отклонить».
    pub async fn decide_join_request(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        id: i64,
        decision: &JoinDecision,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        let approve = decision.approve;
        let authorities = &decision.authorities;
        let reason = decision.reason.as_deref();
        let p = self
            .require_org(s, participant_id, Action::JoinDecide)
            .await?;
        let j = store_org::join_requests(self.db.pool(), "participant_id", participant_id)
            .await?
            .into_iter()
            .find(|j| j.id == id && j.status == "PENDING");
        let Some(j) = j else {
            let owner = store_org::join_request_owner(self.db.pool(), id).await?;
            return Err(self
                .foreign_id(s, Action::JoinDecide, participant_id, owner)
                .await);
        };
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if !approve && reason.is_none() {
            return Err(AccountsError::Fields(vec![FieldError {
                field: "reason",
                code: ErrorCode::AccRejectReason,
            }]));
        }
        let auth = if approve {
            Self::check_authorities(&p, authorities)?
        } else {
            Vec::new()
        };
        let requester = self.account(&j.account_id).await?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let status = if approve { "APPROVED" } else { "DECLINED" };
        if !store_org::decide_join_request(&mut tx, id, status, reason, &s.account.id, now).await? {
            return Err(refused(ErrorCode::NotFound));
        }
        if approve {
            match store_org::membership(&mut *tx, &j.account_id, participant_id).await? {
                Some(m) if m.status == "ENDED" => {
                    store_org::reopen_membership(
                        &mut tx,
                        m.id,
                        &auth,
                        Some(&j.position),
                        "JOIN_REQUEST",
                        &s.account.id,
                        now,
                    )
                    .await?;
                }
                Some(_) => return Err(refused(ErrorCode::AccForbidden)),
                None => {
                    let refs: Vec<&str> = auth.iter().map(String::as_str).collect();
                    store_org::insert_membership(
                        &mut tx,
                        &j.account_id,
                        participant_id,
                        &refs,
                        "JOIN_REQUEST",
                        Some(&j.position),
                        now,
                    )
                    .await?;
                }
            }
            self.notify_member(
                &mut tx,
                &requester,
                "E-JOIN-DECIDED",
                "mail-join-approved",
                vec![("org", p.name.clone())],
            )
            .await?;
        } else {
            self.notify_member(
                &mut tx,
                &requester,
                "E-JOIN-DECIDED",
                "mail-join-declined",
                vec![
                    ("org", p.name.clone()),
                    ("reason", reason.unwrap_or("").to_string()),
                ],
            )
            .await?;
        }
        self.audit(
            &mut tx,
            "join.decide",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id, "request": id,
                    "decision": status, "authorities": auth, "reason": reason }),
        )
        .await?;
        self.commit_with_mail(tx).await
    }

    /// Number of `ACTIVE` members holding `ORG_ADMIN`.
    async fn admins(
        &self,
        tx: &mut Tx,
        participant_id: &str,
    ) -> Result<Vec<Membership>, AccountsError> {
        Ok(store_org::members_of(&mut **tx, participant_id)
            .await?
            .into_iter()
            .filter(|m| m.status == "ACTIVE" && has(m, "ORG_ADMIN"))
            .collect())
    }

    /// M4, M5, M7: authorities and blocking, with the guards of ACC-81.
    pub async fn edit_member(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        membership_id: i64,
        edit: &MemberEdit,
        origin: &Origin<'_>,
    ) -> Result<Membership, AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::StaffAuthorities)
            .await?;
        let Some(target) = store_org::members_of(self.db.pool(), participant_id)
            .await?
            .into_iter()
            .find(|m| m.id == membership_id && m.status != "ENDED")
        else {
            let owner = store_org::membership_owner(self.db.pool(), membership_id).await?;
            return Err(self
                .foreign_id(s, Action::StaffAuthorities, participant_id, owner)
                .await);
        };
        let block = edit.blocked.unwrap_or(target.status == "BLOCKED");
        let reason = edit
            .block_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let new_auth = match &edit.authorities {
            Some(list) => Self::check_authorities(&p, list)?,
            None => target.authorities.clone(),
        };
        let newly_blocked = block && target.status != "BLOCKED";
        if newly_blocked && reason.is_none() {
            return Err(AccountsError::Fields(vec![FieldError {
                field: "block_reason",
                code: ErrorCode::AccBlockReason,
            }]));
        }
        let is_self = target.account_id == s.account.id;
        if is_self && newly_blocked {
            return Err(refused(ErrorCode::AccSelfBlock));
        }
        let loses_admin = has(&target, "ORG_ADMIN")
            && (newly_blocked || !new_auth.iter().any(|a| a == "ORG_ADMIN"));
        let is_head = p.head_membership_id == Some(target.id);
        if is_head && (newly_blocked || !new_auth.iter().any(|a| a == "HEAD")) {
            return Err(refused(ErrorCode::AccHeadLocked));
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if loses_admin && self.admins(&mut tx, participant_id).await?.len() <= 1 {
            return Err(refused(ErrorCode::AccLastAdmin));
        }
        let status = if block { "BLOCKED" } else { "ACTIVE" };
        let removed = target.authorities.iter().any(|a| !new_auth.contains(a));
        store_org::update_membership(
            &mut tx,
            target.id,
            status,
            &new_auth,
            if newly_blocked {
                reason
            } else {
                target.block_reason.as_deref()
            },
            newly_blocked.then_some((s.account.id.as_str(), now)),
            &s.account.id,
            now,
        )
        .await?;
        // ACC-80: a block or a removed authority acts at once; a grant waits for the next login.
        if newly_blocked || removed {
            store_org::end_context_sessions(&mut tx, &target.account_id, participant_id, now)
                .await?;
        }
        let member = self.account(&target.account_id).await?;
        if newly_blocked {
            self.notify_member(
                &mut tx,
                &member,
                "E-MEMBER-BLOCKED",
                "mail-member-blocked",
                vec![
                    ("org", p.name.clone()),
                    ("reason", reason.unwrap_or("").to_string()),
                ],
            )
            .await?;
        } else if target.status == "BLOCKED" && !block {
            self.notify_member(
                &mut tx,
                &member,
                "E-MEMBER-UNBLOCKED",
                "mail-member-unblocked",
                vec![("org", p.name.clone())],
            )
            .await?;
        }
        self.audit(
            &mut tx,
            if newly_blocked || (target.status == "BLOCKED" && !block) {
                "staff.block"
            } else {
                "staff.authorities"
            },
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id, "membership": target.id,
                    "before": { "status": target.status, "authorities": target.authorities },
                    "after": { "status": status, "authorities": new_auth, "reason": reason } }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        Ok(Membership {
            status: status.to_string(),
            authorities: new_auth,
            ..target
        })
    }

    /// M6 «Исключить из организации»: same guards as blocking.
    pub async fn end_member(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        membership_id: i64,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::StaffBlock)
            .await?;
        let Some(target) = store_org::members_of(self.db.pool(), participant_id)
            .await?
            .into_iter()
            .find(|m| m.id == membership_id && m.status != "ENDED")
        else {
            let owner = store_org::membership_owner(self.db.pool(), membership_id).await?;
            return Err(self
                .foreign_id(s, Action::StaffBlock, participant_id, owner)
                .await);
        };
        if target.account_id == s.account.id {
            return Err(refused(ErrorCode::AccSelfBlock));
        }
        if p.head_membership_id == Some(target.id) {
            return Err(refused(ErrorCode::AccHeadLocked));
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if has(&target, "ORG_ADMIN")
            && target.status == "ACTIVE"
            && self.admins(&mut tx, participant_id).await?.len() <= 1
        {
            return Err(refused(ErrorCode::AccLastAdmin));
        }
        store_org::update_membership(
            &mut tx,
            target.id,
            "ENDED",
            &target.authorities,
            target.block_reason.as_deref(),
            None,
            &s.account.id,
            now,
        )
        .await?;
        store_org::end_context_sessions(&mut tx, &target.account_id, participant_id, now).await?;
        // ACC-96: an ended membership revokes the ЕНС ТРУ access of that participant.
        let revoked = crate::store_admin::revoke_scoped(
            &mut tx,
            &target.account_id,
            "ENS_USER",
            participant_id,
            &s.account.id,
            "membership ended",
            now,
        )
        .await?;
        // G-46: and with it `SUPERVISOR` there.
        crate::store_admin::revoke_scoped(
            &mut tx,
            &target.account_id,
            "SUPERVISOR",
            participant_id,
            &s.account.id,
            "membership ended",
            now,
        )
        .await?;
        self.audit(
            &mut tx,
            "staff.block",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id, "membership": target.id,
                    "before": { "status": target.status }, "after": { "status": "ENDED" },
                    "ens_user_revoked": revoked }),
        )
        .await?;
        self.commit(tx).await
    }

    /// ACC-88 «Передать полномочия администратора»: `ORG_ADMIN` to another active member and
    /// away from the current administrator, whose session in the context ends.
    pub async fn hand_over_admin(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        membership_id: i64,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::StaffHandover)
            .await?;
        let members = store_org::members_of(self.db.pool(), participant_id).await?;
        let Some(target) = members
            .iter()
            .find(|m| m.id == membership_id && m.status == "ACTIVE" && m.account_id != s.account.id)
            .cloned()
        else {
            let owner = store_org::membership_owner(self.db.pool(), membership_id).await?;
            return Err(self
                .foreign_id(s, Action::StaffHandover, participant_id, owner)
                .await);
        };
        let me = members
            .iter()
            .find(|m| m.account_id == s.account.id)
            .cloned()
            .ok_or_else(|| refused(ErrorCode::AccForbidden))?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let mut to_auth = target.authorities.clone();
        if !to_auth.iter().any(|a| a == "ORG_ADMIN") {
            to_auth.push("ORG_ADMIN".into());
        }
        store_org::update_membership(
            &mut tx,
            target.id,
            "ACTIVE",
            &to_auth,
            target.block_reason.as_deref(),
            None,
            &s.account.id,
            now,
        )
        .await?;
        let my_auth: Vec<String> = me
            .authorities
            .iter()
            .filter(|a| *a != "ORG_ADMIN")
            .cloned()
            .collect();
        store_org::update_membership(
            &mut tx,
            me.id,
            &me.status,
            &my_auth,
            me.block_reason.as_deref(),
            None,
            &s.account.id,
            now,
        )
        .await?;
        store_org::end_context_sessions(&mut tx, &s.account.id, participant_id, now).await?;
        let to = self.account(&target.account_id).await?;
        let args = vec![
            ("from", s.account.full_name()),
            ("to", to.full_name()),
            ("org", p.name.clone()),
            ("at", mail::date_time(now)),
        ];
        self.notify_member(
            &mut tx,
            &to,
            "E-ADMIN-HANDOVER",
            "mail-admin-handover",
            args.clone(),
        )
        .await?;
        self.notify_member(
            &mut tx,
            &s.account,
            "E-ADMIN-HANDOVER",
            "mail-admin-handover",
            args,
        )
        .await?;
        self.audit(
            &mut tx,
            "staff.handover",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id, "from": me.id, "to": target.id }),
        )
        .await?;
        self.commit_with_mail(tx).await
    }

    /// ACC-89 (b) «Назначить себя администратором организации»: the chosen head only (C5).
    pub async fn head_self_admin(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::StaffSelfAdmin)
            .await?;
        let me = store_org::membership(self.db.pool(), &s.account.id, participant_id)
            .await?
            .ok_or_else(|| refused(ErrorCode::AccForbidden))?;
        if p.head_membership_id != Some(me.id) {
            return Err(refused(ErrorCode::AccForbidden));
        }
        let mut auth = me.authorities.clone();
        if !auth.iter().any(|a| a == "ORG_ADMIN") {
            auth.push("ORG_ADMIN".into());
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        store_org::update_membership(
            &mut tx,
            me.id,
            &me.status,
            &auth,
            me.block_reason.as_deref(),
            None,
            &s.account.id,
            now,
        )
        .await?;
        self.audit(
            &mut tx,
            "staff.self-admin",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id, "membership": me.id }),
        )
        .await?;
        self.commit(tx).await
    }

    /// ACC-92 «Данные о руководителе»: an active member holding `HEAD` becomes the head; the
    /// names are copied from the account (certificate data).
    pub async fn change_head(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        membership_id: i64,
        position: &str,
        origin: &Origin<'_>,
    ) -> Result<Participant, AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::StaffHead)
            .await?;
        // ФЛ, ИП and КХ identified by an ИИН (5th digit 0–3) have no head block (ACC-92).
        if p.id_number
            .as_bytes()
            .get(4)
            .is_some_and(|d| (b'0'..=b'3').contains(d))
        {
            return Err(refused(ErrorCode::AccForbidden));
        }
        let position = position.trim();
        if position.is_empty() {
            return Err(AccountsError::Fields(vec![FieldError {
                field: "head_position",
                code: ErrorCode::AccRequired,
            }]));
        }
        let target = store_org::members_of(self.db.pool(), participant_id)
            .await?
            .into_iter()
            .find(|m| m.id == membership_id && m.status == "ACTIVE" && has(m, "HEAD"))
            .ok_or_else(|| refused(ErrorCode::AccAuthorityUnknown))?;
        let new = self.account(&target.account_id).await?;
        let old_name = format!(
            "{} {}{}",
            p.head_last_name.clone().unwrap_or_default(),
            p.head_first_name.clone().unwrap_or_default(),
            p.head_middle_name
                .as_deref()
                .map(|m| format!(" {m}"))
                .unwrap_or_default()
        );
        let now: Millis = self.now();
        let mut tx = self.write_tx().await?;
        store_org::set_head(
            &mut tx,
            participant_id,
            target.id,
            &new.iin,
            &new.last_name,
            &new.first_name,
            new.middle_name.as_deref(),
            position,
            &s.account.id,
            now,
        )
        .await?;
        let mut recipients: Vec<String> = Vec::new();
        for m in store_org::members_of(&mut *tx, participant_id).await? {
            let admin = m.status == "ACTIVE" && has(&m, "ORG_ADMIN");
            if admin || Some(m.id) == p.head_membership_id || m.id == target.id {
                recipients.push(m.account_id.clone());
            }
        }
        recipients.sort();
        recipients.dedup();
        for id in recipients {
            let to = self.account(&id).await?;
            self.notify_member(
                &mut tx,
                &to,
                "E-HEAD-CHANGED",
                "mail-head-changed",
                vec![
                    ("org", p.name.clone()),
                    ("new", new.full_name()),
                    ("old", old_name.trim().to_string()),
                ],
            )
            .await?;
        }
        self.audit(
            &mut tx,
            "staff.head",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant_id,
                    "before": { "membership": p.head_membership_id, "iin": p.head_iin,
                                "name": old_name.trim(), "position": p.head_position },
                    "after": { "membership": target.id, "iin": new.iin, "name": new.full_name(),
                               "position": position } }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        store_org::participant_by(self.db.pool(), "id", participant_id)
            .await?
            .ok_or_else(|| internal("participant vanished"))
    }
}
