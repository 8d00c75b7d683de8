//! The effective `ENS_USER` grants and their revocation (ACC-96, AS-71), and the participant-scoped
//! `SUPERVISOR` grants an `ENS_ADMIN` gives to ЕНС ТРУ users of the same organisation (G-46,
//! catalog CAT-11, CAT-22). «Пользователи ЕНС ТРУ» ([`Accounts::ens_users`]) is paged in SQL
//! (`store_ens::ens_users`: one joined statement and a count).

use super::{EnsRevocation, EnsSupervisorChange, EnsUserView, field};
use crate::authz::Action;
use crate::error::AccountsError;
use crate::model::SessionInfo;
use crate::service::{Accounts, Origin};
use crate::store;
use crate::store_ens::{self, EnsGrant, EnsUserFilter, EnsUserRow};
use crate::store_org::{self, Participant};
use crate::values::trimmed;
use kernel::{ErrorCode, PageRequest};
use serde::Serialize;
use serde_json::json;

impl Accounts {
    /// Whether the account holds an effective `ENS_USER` in the participant: a grant not revoked,
    /// an `ACTIVE` membership (a blocked one makes it ineffective, ACC-96) and a participant that
    /// is not `BLOCKED`.
    pub async fn ens_effective(
        &self,
        account_id: &str,
        participant_id: &str,
    ) -> Result<bool, AccountsError> {
        Ok(self
            .ens_participants(account_id)
            .await?
            .iter()
            .any(|(g, _)| g.participant_id == participant_id))
    }

    /// The participants where the account's `ENS_USER` is effective, oldest grant first.
    pub async fn ens_participants(
        &self,
        account_id: &str,
    ) -> Result<Vec<(EnsGrant, Participant)>, AccountsError> {
        let mut out = Vec::new();
        for g in store_ens::ens_grants(self.db.pool(), "account_id", account_id).await? {
            let Some(p) =
                store_org::participant_by(self.db.pool(), "id", &g.participant_id).await?
            else {
                continue;
            };
            let active = store_org::membership(self.db.pool(), account_id, &p.id)
                .await?
                .is_some_and(|m| m.status == "ACTIVE");
            if active && p.status != "BLOCKED" {
                out.push((g, p));
            }
        }
        Ok(out)
    }

    /// «Пользователи ЕНС ТРУ»: one page of the `ENS_USER` grants that are not revoked, of a
    /// participant (all participants when `None`), oldest grant first, for the staff who may
    /// revoke them (`ens.revoke`). Paged in SQL: two statements whatever the page holds.
    pub async fn ens_users(
        &self,
        s: &SessionInfo,
        participant_id: Option<&str>,
        page: &PageRequest,
    ) -> Result<EnsUserPage, AccountsError> {
        self.require(s, Action::EnsRevoke).await?;
        let filter = match participant_id {
            Some(p) => EnsUserFilter::Participant(p),
            None => EnsUserFilter::All,
        };
        let (total, rows) = store_ens::ens_users(
            self.db.pool(),
            filter,
            page.offset() as i64,
            i64::from(page.per_page),
        )
        .await?;
        Ok(EnsUserPage {
            total,
            page: page.page,
            per_page: page.per_page,
            items: rows.into_iter().map(view_of).collect(),
        })
    }

    /// One `ENS_USER` grant that is not revoked, as [`Accounts::ens_users`] shows it (the
    /// summary of «Отозвать»); NOT_FOUND otherwise.
    pub async fn ens_user(
        &self,
        s: &SessionInfo,
        grant_id: i64,
    ) -> Result<EnsUserView, AccountsError> {
        self.require(s, Action::EnsRevoke).await?;
        store_ens::ens_user(self.db.pool(), grant_id)
            .await?
            .map(view_of)
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))
    }

    /// ACC-96: `ENS_ADMIN` or `AUTH_BODY` revokes an `ENS_USER` grant with a reason; the
    /// account's ЕНС ТРУ sessions in that participant end. The membership and the platform
    /// login stay.
    pub async fn revoke_ens_user(
        &self,
        s: &SessionInfo,
        grant_id: i64,
        f: &EnsRevocation,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        self.require(s, Action::EnsRevoke).await?;
        let Some(reason) = trimmed(&f.reason).map(|r| r.chars().take(500).collect::<String>())
        else {
            return Err(AccountsError::Fields(vec![field(
                "reason",
                ErrorCode::AccReasonRequired,
            )]));
        };
        let g = store_ens::ens_grant(self.db.pool(), grant_id)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if !crate::store_admin::revoke(
            &mut tx,
            &g.account_id,
            grant_id,
            &s.account.id,
            &reason,
            now,
        )
        .await?
        {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        }
        let ended =
            store_ens::end_ens_sessions(&mut tx, &g.account_id, &g.participant_id, now).await?;
        // G-46: `SUPERVISOR` is held only beside `ENS_USER` of the same participant.
        let supervisor_revoked = crate::store_admin::revoke_scoped(
            &mut tx,
            &g.account_id,
            "SUPERVISOR",
            &g.participant_id,
            &s.account.id,
            &reason,
            now,
        )
        .await?;
        self.audit(
            &mut tx,
            "ens.revoke",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "grant": grant_id, "account": g.account_id,
                    "participant": g.participant_id, "reason": reason, "sessions_ended": ended,
                    "supervisor_revoked": supervisor_revoked }),
        )
        .await?;
        self.commit(tx).await
    }

    /// G-46, CAT-11: an `ENS_ADMIN` makes the holder of the effective `ENS_USER` grant
    /// `ens_user_grant` the `SUPERVISOR` of that organisation, with a reason. From then on the
    /// organisation "has a supervisor" (CAT-22) and its users' sent requests wait for approval.
    pub async fn grant_ens_supervisor(
        &self,
        s: &SessionInfo,
        ens_user_grant: i64,
        f: &EnsSupervisorChange,
        origin: &Origin<'_>,
    ) -> Result<i64, AccountsError> {
        self.require(s, Action::EnsSupervisor).await?;
        let reason = reason_of(&f.reason)?;
        let g = self.effective_ens_grant(ens_user_grant).await?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        // Checked inside the write transaction: two administrators pressing at once give one grant.
        if store_ens::supervisor_grant(&mut *tx, &g.account_id, &g.participant_id)
            .await?
            .is_some()
        {
            return Err(AccountsError::refused(ErrorCode::AccRoleHeld));
        }
        let id = store::grant_role(
            &mut tx,
            &g.account_id,
            "SUPERVISOR",
            Some(&g.participant_id),
            Some(&s.account.id),
            &reason,
            now,
        )
        .await?;
        self.audit(
            &mut tx,
            "ens.supervisor",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "change": "grant", "grant": id, "ens_user_grant": g.id,
                    "account": g.account_id, "participant": g.participant_id, "reason": reason }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(id)
    }

    /// G-46: an `ENS_ADMIN` takes `SUPERVISOR` back from the user of `ens_user_grant`, with a
    /// reason. `ENS_USER` and the membership stay.
    pub async fn revoke_ens_supervisor(
        &self,
        s: &SessionInfo,
        ens_user_grant: i64,
        f: &EnsSupervisorChange,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        self.require(s, Action::EnsSupervisor).await?;
        let reason = reason_of(&f.reason)?;
        let g = store_ens::ens_grant(self.db.pool(), ens_user_grant)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let revoked = crate::store_admin::revoke_scoped(
            &mut tx,
            &g.account_id,
            "SUPERVISOR",
            &g.participant_id,
            &s.account.id,
            &reason,
            now,
        )
        .await?;
        if revoked == 0 {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        }
        self.audit(
            &mut tx,
            "ens.supervisor",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "change": "revoke", "ens_user_grant": g.id,
                    "account": g.account_id, "participant": g.participant_id, "reason": reason }),
        )
        .await?;
        self.commit(tx).await
    }

    /// Whether the organisation has a supervisor (CAT-22): an effective `ENS_USER` of it holds
    /// `SUPERVISOR` there.
    pub async fn ens_has_supervisor(&self, participant_id: &str) -> Result<bool, AccountsError> {
        for g in
            store_ens::ens_grants(self.db.pool(), "scope_participant_id", participant_id).await?
        {
            if store_ens::supervisor_grant(self.db.pool(), &g.account_id, participant_id)
                .await?
                .is_some()
                && self.ens_effective(&g.account_id, participant_id).await?
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// An `ENS_USER` grant that is effective now (ACC-96): not revoked, its membership
    /// `ACTIVE`, its participant not `BLOCKED`. Otherwise NOT_FOUND.
    async fn effective_ens_grant(&self, grant_id: i64) -> Result<EnsGrant, AccountsError> {
        let g = store_ens::ens_grant(self.db.pool(), grant_id)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        if self.ens_effective(&g.account_id, &g.participant_id).await? {
            Ok(g)
        } else {
            Err(AccountsError::refused(ErrorCode::NotFound))
        }
    }
}

/// One page of «Пользователи ЕНС ТРУ».
#[derive(Debug, Clone, Serialize)]
pub struct EnsUserPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<EnsUserView>,
}

fn view_of(r: EnsUserRow) -> EnsUserView {
    // «Фамилия Имя Отчество», as `Account::full_name`.
    let mut full_name = format!("{} {}", r.last_name, r.first_name);
    if let Some(m) = &r.middle_name {
        full_name.push(' ');
        full_name.push_str(m);
    }
    EnsUserView {
        grant_id: r.grant_id,
        account_id: r.account_id,
        full_name,
        email: r.email,
        participant_id: r.participant_id,
        participant_name: r.participant_name,
        granted_at: r.granted_at,
        supervisor_grant_id: r.supervisor_grant_id,
    }
}

fn reason_of(v: &Option<String>) -> Result<String, AccountsError> {
    trimmed(v)
        .map(|r| r.chars().take(500).collect())
        .ok_or_else(|| AccountsError::Fields(vec![field("reason", ErrorCode::AccReasonRequired)]))
}
