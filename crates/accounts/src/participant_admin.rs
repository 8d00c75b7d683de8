//! «Участники» of a `PLATFORM_ADMIN` (spec/accounts.md §3.16 ACC-115): search by ИИН/БИН or
//! name and view a participant with its members (who holds `ORG_ADMIN` and `HEAD`); P4/P5
//! block and unblock with a reason (§3.7.1); «Единый дистрибьютор» and «Организатор» (ACC-72,
//! ACC-33 c); corrections of the state-registration and applicant data (ACC-113); `ORG_ADMIN`
//! for a member on a written request (ACC-89 c). Also the first sentence of ACC-113: the
//! participant's «Наименование» follows a later certificate of the same БИН, with an audit
//! record ([`Accounts::refresh_participant_name`], called by the password step like ACC-20).
//!
//! ```text
//!   ACTIVE ──P4 «Заблокировать участника» + reason──▶ BLOCKED
//!   BLOCKED ──P5 «Разблокировать участника» + reason──▶ ACTIVE
//! ```
//!
//! P4 ends every session acting for the participant (end reason `participant_blocked`, shown
//! as MSG-SESSION-ENDED-PART-BLOCKED) and mails E-PART-BLOCKED to its `ORG_ADMIN`s; while
//! `BLOCKED`, every `ctx` cell is refused for its members (ACC-133, [`Accounts::require_org`])
//! and a login opens the personal context. Every change is one write transaction with its
//! audit event (the reason in it) and its mails. «ИИН/БИН» and «Наименование» are never edited
//! by hand here (ACC-113, §4.8); the typed names of ИП/КХ by ИИН are not corrected either.

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::model::{CertView, SessionInfo};
use crate::rules::{self, ParticipantType, Show};
use crate::service::{Accounts, Origin, internal};
use crate::store;
use crate::store_org::{self, Participant};
use crate::store_participant_admin::{self as sql, ParticipantRow, RegistrationData};
use db::Tx;
use kernel::{ErrorCode, PageRequest};
use serde::{Deserialize, Serialize};
use serde_json::json;
use signatures::audit::{self, AuditEntry, AuditKind};

/// The participant statuses of §2.4, the filter of the list.
pub const STATUSES: &[&str] = &["ACTIVE", "BLOCKED", "ADMIN_CREATED"];

/// The fields ACC-113 lets a `PLATFORM_ADMIN` correct (never «ИИН/БИН» or «Наименование»).
pub const CORRECTABLE: &[&str] = &[
    "state_reg_date",
    "state_reg_doc_number",
    "state_reg_authority",
    "applicant_full_name",
    "applicant_position",
];

/// One page of the search.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<ParticipantRow>,
}

/// A member as the administrator sees it: who holds which authority (no e-mail, no phone:
/// ACC-168).
#[derive(Debug, Clone, Serialize)]
pub struct AdminMemberView {
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

/// A participant on «Участники»: its registration data, the block reason, its members, and the
/// fields of ACC-113 its type shows (ACC-126).
#[derive(Debug, Clone, Serialize)]
pub struct AdminParticipantView {
    #[serde(flatten)]
    pub participant: Participant,
    pub blocked_reason: Option<String>,
    /// Identified by a БИН (ЮЛ, joint ИП/КХ).
    pub by_bin: bool,
    /// The fields of [`CORRECTABLE`] shown for the participant's type.
    pub correctable_fields: Vec<&'static str>,
    pub members: Vec<AdminMemberView>,
}

/// P4/P5 and ACC-89 (c) carry a reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartReason {
    pub reason: Option<String>,
}

/// ACC-72: the staff flags; a flag not sent keeps its value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantFlags {
    pub is_single_distributor: Option<bool>,
    pub is_organizer: Option<bool>,
    pub reason: Option<String>,
}

/// ACC-113: a field not sent keeps its value; an empty one clears it (when the type allows).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationCorrection {
    pub state_reg_date: Option<String>,
    pub state_reg_doc_number: Option<String>,
    pub state_reg_authority: Option<String>,
    pub applicant_full_name: Option<String>,
    pub applicant_position: Option<String>,
    pub reason: Option<String>,
}

impl RegistrationCorrection {
    fn sent(&self, field: &str) -> Option<&Option<String>> {
        match field {
            "state_reg_date" => Some(&self.state_reg_date),
            "state_reg_doc_number" => Some(&self.state_reg_doc_number),
            "state_reg_authority" => Some(&self.state_reg_authority),
            "applicant_full_name" => Some(&self.applicant_full_name),
            "applicant_position" => Some(&self.applicant_position),
            _ => None,
        }
    }
}

/// A reason, trimmed, at most 500 characters (reasons are kept in the audit), or a field error
/// under `reason`.
fn reason_of(v: &Option<String>, code: ErrorCode) -> Result<String, FieldError> {
    crate::values::trimmed(v)
        .map(|s| s.chars().take(500).collect())
        .ok_or(FieldError {
            field: "reason",
            code,
        })
}

fn fields(errors: Vec<FieldError>) -> AccountsError {
    AccountsError::Fields(errors)
}

/// Identified by a БИН: the fifth digit of a БИН is 4–6 (an ИИН's is a month digit, 0–3).
fn by_bin(p: &Participant) -> bool {
    p.kind == "UL"
        || p.id_number
            .as_bytes()
            .get(4)
            .is_some_and(|d| (b'4'..=b'6').contains(d))
}

fn registration_data(p: &Participant) -> RegistrationData {
    RegistrationData {
        state_reg_date: p.state_reg_date.clone(),
        state_reg_doc_number: p.state_reg_doc_number.clone(),
        state_reg_authority: p.state_reg_authority.clone(),
        applicant_full_name: p.applicant_full_name.clone(),
        applicant_position: p.applicant_position.clone(),
    }
}

fn data_value<'a>(d: &'a RegistrationData, field: &str) -> Option<&'a Option<String>> {
    match field {
        "state_reg_date" => Some(&d.state_reg_date),
        "state_reg_doc_number" => Some(&d.state_reg_doc_number),
        "state_reg_authority" => Some(&d.state_reg_authority),
        "applicant_full_name" => Some(&d.applicant_full_name),
        "applicant_position" => Some(&d.applicant_position),
        _ => None,
    }
}

fn data_field<'a>(d: &'a mut RegistrationData, field: &str) -> Option<&'a mut Option<String>> {
    match field {
        "state_reg_date" => Some(&mut d.state_reg_date),
        "state_reg_doc_number" => Some(&mut d.state_reg_doc_number),
        "state_reg_authority" => Some(&mut d.state_reg_authority),
        "applicant_full_name" => Some(&mut d.applicant_full_name),
        "applicant_position" => Some(&mut d.applicant_position),
        _ => None,
    }
}

/// A transition of §3.7.1 that the administrator makes.
struct StatusChange {
    op: &'static str,
    from: &'static str,
    to: &'static str,
    /// The code of a missing reason.
    reason_code: ErrorCode,
    /// The refusal when the participant is not in `from`.
    wrong_state: ErrorCode,
    /// The Fluent id of the mail to the `ORG_ADMIN`s.
    mail: &'static str,
}

/// P4 «Заблокировать участника».
const P4: StatusChange = StatusChange {
    op: "block",
    from: "ACTIVE",
    to: "BLOCKED",
    reason_code: ErrorCode::AccBlockReason,
    wrong_state: ErrorCode::AccPartNotActive,
    mail: "mail-part-blocked",
};

/// P5 «Разблокировать участника».
const P5: StatusChange = StatusChange {
    op: "unblock",
    from: "BLOCKED",
    to: "ACTIVE",
    reason_code: ErrorCode::AccReasonRequired,
    wrong_state: ErrorCode::AccPartNotBlocked,
    mail: "mail-part-unblocked",
};

impl Accounts {
    /// «Участники»: participants whose ИИН/БИН starts with the digits of `q`, or whose name
    /// contains every word of `q` (case- and Kazakh-letter-insensitive, `kernel::text`), of one
    /// status or all; by name, paged.
    pub async fn admin_participants(
        &self,
        s: &SessionInfo,
        q: &str,
        status: Option<&str>,
        page: &PageRequest,
    ) -> Result<ParticipantPage, AccountsError> {
        self.require(s, Action::PartView).await?;
        let status = status.map(str::trim).filter(|v| !v.is_empty());
        if let Some(st) = status
            && !STATUSES.contains(&st)
        {
            return Err(AccountsError::with(
                ErrorCode::InvalidParameter,
                vec![("name", "status".into())],
            ));
        }
        let q = q.trim();
        let digits: String = q.chars().filter(|c| !c.is_whitespace()).collect();
        let offset = page.offset();
        let limit = page.per_page as usize;
        let (total, items) = if digits.chars().all(|c| c.is_ascii_digit()) {
            sql::search_by_number(self.db.pool(), &digits, status, offset as i64, limit as i64)
                .await?
        } else {
            let words = kernel::text::match_keys(q);
            let matching: Vec<String> = sql::names(self.db.pool(), status)
                .await?
                .into_iter()
                .filter(|(_, name, id_number)| {
                    let keys =
                        format!(" {} {id_number} ", kernel::text::match_keys(name).join(" "));
                    words.iter().all(|w| keys.contains(w.as_str()))
                })
                .map(|(id, _, _)| id)
                .collect();
            let ids: Vec<String> = matching.iter().skip(offset).take(limit).cloned().collect();
            (
                matching.len() as i64,
                sql::rows_by_ids(self.db.pool(), &ids).await?,
            )
        };
        Ok(ParticipantPage {
            total,
            page: page.page,
            per_page: page.per_page,
            items,
        })
    }

    /// The participant of «Участники» with its members.
    pub async fn admin_participant(
        &self,
        s: &SessionInfo,
        id: &str,
    ) -> Result<AdminParticipantView, AccountsError> {
        self.require(s, Action::PartView).await?;
        self.participant_view(self.admin_target(id).await?).await
    }

    async fn admin_target(&self, id: &str) -> Result<Participant, AccountsError> {
        store_org::participant_by(self.db.pool(), "id", id)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))
    }

    async fn participant_view(
        &self,
        p: Participant,
    ) -> Result<AdminParticipantView, AccountsError> {
        let mut members = Vec::new();
        for m in store_org::members_of(self.db.pool(), &p.id).await? {
            let a = store::account_by_id(self.db.pool(), &m.account_id)
                .await?
                .ok_or_else(|| internal("membership of a missing account"))?;
            members.push(AdminMemberView {
                is_head: p.head_membership_id == Some(m.id),
                membership_id: m.id,
                account_id: a.id.clone(),
                iin: a.iin.clone(),
                full_name: a.full_name(),
                position: m.position,
                authorities: m.authorities,
                status: m.status,
                block_reason: m.block_reason,
                joined_at: m.joined_at,
            });
        }
        let joint = by_bin(&p);
        let correctable_fields = match ParticipantType::parse(&p.kind) {
            Some(t) => CORRECTABLE
                .iter()
                .copied()
                .filter(|f| rules::show(f, t, joint) != Show::Hidden)
                .collect(),
            None => Vec::new(),
        };
        Ok(AdminParticipantView {
            blocked_reason: sql::blocked_reason(self.db.pool(), &p.id).await?,
            by_bin: joint,
            correctable_fields,
            members,
            participant: p,
        })
    }

    /// P4 «Заблокировать участника»: `ACTIVE` → `BLOCKED` with a reason; every session acting
    /// for it ends; E-PART-BLOCKED to its `ORG_ADMIN`s.
    pub async fn admin_block_participant(
        &self,
        s: &SessionInfo,
        id: &str,
        f: &PartReason,
        origin: &Origin<'_>,
    ) -> Result<AdminParticipantView, AccountsError> {
        self.change_participant_status(s, id, f, &P4, origin).await
    }

    /// P5 «Разблокировать участника»: `BLOCKED` → `ACTIVE` with a reason; E-PART-BLOCKED's
    /// «Участник разблокирован» to its `ORG_ADMIN`s. Members get the context at their next login.
    pub async fn admin_unblock_participant(
        &self,
        s: &SessionInfo,
        id: &str,
        f: &PartReason,
        origin: &Origin<'_>,
    ) -> Result<AdminParticipantView, AccountsError> {
        self.change_participant_status(s, id, f, &P5, origin).await
    }

    /// P4 or P5: the state checked before and inside the transaction, the sessions ended on a
    /// block, the mail and the audit event in the same transaction.
    async fn change_participant_status(
        &self,
        s: &SessionInfo,
        id: &str,
        f: &PartReason,
        t: &StatusChange,
        origin: &Origin<'_>,
    ) -> Result<AdminParticipantView, AccountsError> {
        self.require(s, Action::PartBlock).await?;
        let reason = reason_of(&f.reason, t.reason_code).map_err(|e| fields(vec![e]))?;
        let p = self.admin_target(id).await?;
        if p.status != t.from {
            return Err(AccountsError::refused(t.wrong_state));
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let kept_reason = (t.to == "BLOCKED").then_some(reason.as_str());
        if !sql::set_status(
            &mut tx,
            &p.id,
            t.from,
            t.to,
            kept_reason,
            &s.account.id,
            now,
        )
        .await?
        {
            return Err(AccountsError::refused(t.wrong_state));
        }
        let ended = if t.to == "BLOCKED" {
            sql::end_participant_sessions(&mut tx, &p.id, now).await?
        } else {
            0
        };
        let notified = self.mail_org_admins(&mut tx, &p, t.mail, &reason).await?;
        self.audit_participant(
            &mut tx,
            s,
            Action::PartBlock,
            &p.id,
            origin,
            json!({ "op": t.op, "reason": reason, "before": { "status": t.from },
                    "after": { "status": t.to }, "sessions_ended": ended,
                    "notified": notified }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        self.admin_participant(s, id).await
    }

    /// ACC-72 «Единый дистрибьютор» and «Организатор», with a reason. «Организатор» needs
    /// «Единый дистрибьютор»; a participant that stops being an organizer loses
    /// `PROC_ORGANIZER` on every membership (ACC-33 c), and those members' sessions in its
    /// context end (ACC-80).
    pub async fn admin_set_participant_flags(
        &self,
        s: &SessionInfo,
        id: &str,
        f: &ParticipantFlags,
        origin: &Origin<'_>,
    ) -> Result<AdminParticipantView, AccountsError> {
        self.require(s, Action::PartOrganizer).await?;
        let mut errors = Vec::new();
        let reason = match reason_of(&f.reason, ErrorCode::AccReasonRequired) {
            Ok(r) => Some(r),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let p = self.admin_target(id).await?;
        let distributor = f.is_single_distributor.unwrap_or(p.is_single_distributor);
        let organizer = f.is_organizer.unwrap_or(p.is_organizer);
        if organizer && !distributor {
            errors.push(FieldError {
                field: "is_organizer",
                code: ErrorCode::AccOrganizerDistributor,
            });
        }
        if !errors.is_empty() {
            return Err(fields(errors));
        }
        let reason = reason.ok_or_else(|| internal("reason"))?;
        if (distributor, organizer) == (p.is_single_distributor, p.is_organizer) {
            return self.participant_view(p).await;
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        sql::set_flags(&mut tx, &p.id, distributor, organizer, &s.account.id, now).await?;
        let mut lost = Vec::new();
        if p.is_organizer && !organizer {
            lost =
                sql::drop_authority(&mut tx, &p.id, "PROC_ORGANIZER", &s.account.id, now).await?;
            for account in &lost {
                store_org::end_context_sessions(&mut tx, account, &p.id, now).await?;
            }
        }
        self.audit_participant(
            &mut tx,
            s,
            Action::PartOrganizer,
            &p.id,
            origin,
            json!({ "reason": reason,
                    "before": { "is_single_distributor": p.is_single_distributor,
                                "is_organizer": p.is_organizer },
                    "after": { "is_single_distributor": distributor, "is_organizer": organizer },
                    "proc_organizer_removed": lost }),
        )
        .await?;
        self.commit(tx).await?;
        self.admin_participant(s, id).await
    }

    /// ACC-113: the state-registration and applicant data corrected on a written request, with
    /// a reason and the checks of registration (ACC-75 formats, ACC-126 fields of the type).
    pub async fn admin_correct_participant(
        &self,
        s: &SessionInfo,
        id: &str,
        f: &RegistrationCorrection,
        origin: &Origin<'_>,
    ) -> Result<AdminParticipantView, AccountsError> {
        self.require(s, Action::PartCorrect).await?;
        let p = self.admin_target(id).await?;
        let t = ParticipantType::parse(&p.kind).ok_or_else(|| internal("participant type"))?;
        let joint = by_bin(&p);
        let before = registration_data(&p);
        let mut after = before.clone();
        let mut errors = Vec::new();
        let today = self.now().local().date();
        for field in CORRECTABLE {
            let Some(Some(sent)) = f.sent(field) else {
                continue;
            };
            let value = sent.trim();
            match rules::show(field, t, joint) {
                Show::Hidden if !value.is_empty() => {
                    // ACC-126: a field the type does not have is not filled in.
                    return Err(AccountsError::with(
                        ErrorCode::AccFieldNotAllowed,
                        vec![("label", (*field).to_string())],
                    ));
                }
                Show::Required if value.is_empty() => {
                    errors.push(FieldError {
                        field,
                        code: ErrorCode::AccRequired,
                    });
                    continue;
                }
                _ => {}
            }
            if *field == "state_reg_date"
                && !value.is_empty()
                && let Err(code) = rules::state_reg_date(value, today)
            {
                errors.push(FieldError { field, code });
                continue;
            }
            if rules::max_chars(field).is_some_and(|max| value.chars().count() > max) {
                errors.push(FieldError {
                    field,
                    code: ErrorCode::AccTooLong,
                });
                continue;
            }
            if let Some(slot) = data_field(&mut after, field) {
                *slot = (!value.is_empty()).then(|| value.to_string());
            }
        }
        let reason = match reason_of(&f.reason, ErrorCode::AccReasonRequired) {
            Ok(r) => Some(r),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        if !errors.is_empty() {
            return Err(fields(errors));
        }
        let reason = reason.ok_or_else(|| internal("reason"))?;
        if after == before {
            return self.participant_view(p).await;
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        sql::set_registration_data(&mut tx, &p.id, &after, &s.account.id, now).await?;
        let changed: Vec<&str> = CORRECTABLE
            .iter()
            .copied()
            .filter(|f| data_value(&before, f) != data_value(&after, f))
            .collect();
        self.audit_participant(
            &mut tx,
            s,
            Action::PartCorrect,
            &p.id,
            origin,
            json!({ "reason": reason, "fields": changed, "before": before, "after": after }),
        )
        .await?;
        self.commit(tx).await?;
        self.admin_participant(s, id).await
    }

    /// ACC-89 (c): `ORG_ADMIN` for an `ACTIVE` member on a written request, with the reason.
    /// Like every grant it takes effect at the member's next login (ACC-80).
    pub async fn admin_grant_org_admin(
        &self,
        s: &SessionInfo,
        id: &str,
        membership_id: i64,
        f: &PartReason,
        origin: &Origin<'_>,
    ) -> Result<AdminParticipantView, AccountsError> {
        self.require(s, Action::StaffSupport).await?;
        let reason =
            reason_of(&f.reason, ErrorCode::AccReasonRequired).map_err(|e| fields(vec![e]))?;
        let p = self.admin_target(id).await?;
        if p.status == "ADMIN_CREATED" {
            return Err(AccountsError::refused(ErrorCode::AccPartNotActive));
        }
        let Some(m) = store_org::members_of(self.db.pool(), &p.id)
            .await?
            .into_iter()
            .find(|m| m.id == membership_id)
        else {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        };
        if m.status != "ACTIVE" {
            return Err(AccountsError::refused(ErrorCode::AccMemberNotActive));
        }
        if m.authorities.iter().any(|a| a == "ORG_ADMIN") {
            return Err(AccountsError::refused(ErrorCode::AccRoleHeld));
        }
        let mut granted = m.authorities.clone();
        granted.push("ORG_ADMIN".into());
        let now = self.now();
        let mut tx = self.write_tx().await?;
        store_org::update_membership(
            &mut tx,
            m.id,
            &m.status,
            &granted,
            m.block_reason.as_deref(),
            None,
            &s.account.id,
            now,
        )
        .await?;
        self.audit_participant(
            &mut tx,
            s,
            Action::StaffSupport,
            &p.id,
            origin,
            json!({ "reason": reason, "membership": m.id, "member": m.account_id,
                    "before": { "authorities": m.authorities },
                    "after": { "authorities": granted } }),
        )
        .await?;
        self.commit(tx).await?;
        self.admin_participant(s, id).await
    }

    /// ACC-113 (like ACC-20 for the person): a login certificate carrying the БИН of a
    /// participant and another organisation name renames it, unless a certificate with the
    /// current name is valid longer (an older certificate does not roll a newer name back).
    /// Audited with the old and the new name. Runs in the password step's transaction.
    pub(crate) async fn refresh_participant_name(
        &self,
        tx: &mut Tx,
        cert: &CertView,
        account_id: &str,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        let (Some(bin), Some(name)) = (cert.bin.as_deref(), cert.org_name.as_deref()) else {
            return Ok(());
        };
        let name = name.trim();
        if name.is_empty() {
            return Ok(());
        }
        let Some(p) = store_org::participant_by(&mut **tx, "id_number", bin).await? else {
            return Ok(());
        };
        if p.name == name || p.status == "ADMIN_CREATED" {
            return Ok(());
        }
        if let Some(newest) = sql::latest_valid_to(&mut **tx, bin, &p.name).await?
            && newest > cert.valid_to
        {
            return Ok(());
        }
        let now = self.now();
        sql::set_name(tx, &p.id, name, account_id, now).await?;
        let entry = AuditEntry {
            kind: Some(AuditKind::Event),
            purpose: "part.name-refresh".into(),
            account_id: Some(account_id.to_string()),
            object_type: Some("participant".into()),
            object_id: Some(p.id.clone()),
            cert_serial: Some(cert.serial.clone()),
            client_ip: origin.ip.map(str::to_string),
            detail: json!({ "outcome": "OK", "participant": p.id, "bin": bin,
                            "before": { "name": p.name }, "after": { "name": name },
                            "certificate_serial": cert.serial }),
            ..AuditEntry::default()
        };
        audit::append(tx, now, &entry).await?;
        Ok(())
    }

    /// E-PART-BLOCKED (or its unblock variant) to the `ACTIVE` members holding `ORG_ADMIN`, as
    /// their notification setting allows (ACC-155). Returns how many were written.
    async fn mail_org_admins(
        &self,
        tx: &mut Tx,
        p: &Participant,
        message: &'static str,
        reason: &str,
    ) -> Result<usize, AccountsError> {
        let mut n = 0;
        for m in store_org::members_of(&mut **tx, &p.id).await? {
            if m.status != "ACTIVE" || !m.authorities.iter().any(|a| a == "ORG_ADMIN") {
                continue;
            }
            let Some(a) = store::account_by_id(&mut **tx, &m.account_id).await? else {
                continue;
            };
            if a.email_notifications {
                n += 1;
            }
            self.notify_member(
                tx,
                &a,
                "E-PART-BLOCKED",
                message,
                vec![
                    ("org", p.name.clone()),
                    ("id", p.id_number.clone()),
                    ("reason", reason.to_string()),
                ],
            )
            .await?;
        }
        Ok(n)
    }

    /// The audit event of a change on «Участники»: the action's code, the participant as the
    /// object, the outcome `OK`.
    async fn audit_participant(
        &self,
        tx: &mut Tx,
        s: &SessionInfo,
        action: Action,
        participant_id: &str,
        origin: &Origin<'_>,
        mut detail: serde_json::Value,
    ) -> Result<(), AccountsError> {
        detail["outcome"] = json!("OK");
        detail["participant"] = json!(participant_id);
        let entry = AuditEntry {
            kind: Some(AuditKind::Event),
            purpose: action.code().to_string(),
            account_id: Some(s.account.id.clone()),
            object_type: Some("participant".into()),
            object_id: Some(participant_id.to_string()),
            client_ip: origin.ip.map(str::to_string),
            detail,
            ..AuditEntry::default()
        };
        audit::append(tx, self.now(), &entry).await?;
        Ok(())
    }
}
