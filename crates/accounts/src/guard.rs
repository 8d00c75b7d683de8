//! Where the services ask the one permission function (ACC-14, ACC-167): [`Accounts::require`]
//! for the actions on the actor's own data and the platform's staff actions, and
//! [`Accounts::require_org`] for the actions on a participant. Both read the principal from the
//! session, take the cell from [`authz::cell`], and write every refusal into the audit log with
//! the outcome `DENIED` (ACC-167).

use crate::authz::{self, Action, Cell};
use crate::error::AccountsError;
use crate::model::SessionInfo;
use crate::service::Accounts;
use crate::store_org::{self, Participant};
use kernel::ErrorCode;
use serde_json::json;
use signatures::audit::{self, AuditEntry, AuditKind};

impl Accounts {
    /// §4.9 for an action that needs no participant: `own` cells (the caller acts on the
    /// session's own account only), `Y` cells (staff roles). The context membership is not
    /// looked at: no such action depends on it.
    pub async fn require(&self, s: &SessionInfo, action: Action) -> Result<Cell, AccountsError> {
        let principal = authz::Principal::of(s, false, false);
        match authz::cell(&principal, action) {
            c @ (Cell::Allow | Cell::Own) => Ok(c),
            Cell::Upgrade => Err(self.denied(s, action, None, "upgrade").await),
            _ => Err(self.denied(s, action, None, "matrix").await),
        }
    }

    /// An `own` action addressed to account `account_id` (`me` is the session's own): any
    /// other account is refused and audited (ACC-167, ACC-168: not even a platform
    /// administrator reads another user's passport rows).
    pub async fn require_own(
        &self,
        s: &SessionInfo,
        action: Action,
        account_id: &str,
    ) -> Result<(), AccountsError> {
        self.require(s, action).await?;
        if account_id == "me" || account_id == s.account.id {
            Ok(())
        } else {
            Err(self.denied(s, action, None, "not_own").await)
        }
    }

    /// §4.9 for an action on a participant, through [`authz::cell`]: `ctx` cells need the
    /// session to act for this participant with an active membership of an active participant
    /// (ACC-133); `Y` cells (a platform administrator's views) need nothing more; the conditions
    /// C4/C5 are checked by the caller on top of the context.
    pub async fn require_org(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        action: Action,
    ) -> Result<Participant, AccountsError> {
        let Some(p) = store_org::participant_by(self.db.pool(), "id", participant_id).await? else {
            return Err(self
                .denied(s, action, Some(participant_id), "no_participant")
                .await);
        };
        let membership =
            store_org::membership(self.db.pool(), &s.account.id, participant_id).await?;
        let here = s.context_participant_id.as_deref() == Some(participant_id);
        let context_ok = here
            && p.status == "ACTIVE"
            && membership.as_ref().is_some_and(|m| m.status == "ACTIVE");
        let chosen_head = membership.as_ref().map(|m| m.id) == p.head_membership_id
            && p.head_membership_id.is_some();
        let principal = authz::Principal::of(s, context_ok, chosen_head);
        match authz::cell(&principal, action) {
            Cell::Allow => Ok(p),
            Cell::Ctx | Cell::Cond(4) | Cell::Cond(5) if context_ok => Ok(p),
            _ => Err(self.denied(s, action, Some(participant_id), "matrix").await),
        }
    }

    /// An id in a request that is not a row of `participant_id` (ACC-167, AS-77): a row of
    /// another participant is refused and audited as `DENIED`; an id that names nothing is
    /// NOT_FOUND.
    pub(crate) async fn foreign_id(
        &self,
        s: &SessionInfo,
        action: Action,
        participant_id: &str,
        owner: Option<String>,
    ) -> AccountsError {
        match owner {
            Some(other) if other != participant_id => {
                self.denied(s, action, Some(&other), "foreign_id").await
            }
            _ => AccountsError::refused(ErrorCode::NotFound),
        }
    }

    /// A refusal of §4.9 (MSG-FORBIDDEN), written to the audit log with the outcome `DENIED`
    /// (ACC-167). The refusal stands even when the audit write fails: it is logged instead.
    pub(crate) async fn denied(
        &self,
        s: &SessionInfo,
        action: Action,
        participant_id: Option<&str>,
        why: &str,
    ) -> AccountsError {
        let entry = AuditEntry {
            kind: Some(AuditKind::Event),
            purpose: action.code().to_string(),
            account_id: Some(s.account.id.clone()),
            object_type: participant_id.map(|_| "participant".to_string()),
            object_id: participant_id.map(str::to_string),
            detail: json!({ "outcome": "DENIED", "reason": why,
                            "context": s.context_participant_id }),
            ..AuditEntry::default()
        };
        let written = async {
            let mut tx = self.write_tx().await?;
            audit::append(&mut tx, self.now(), &entry).await?;
            tx.commit().await.map_err(db::DbError::from)?;
            Ok::<(), AccountsError>(())
        }
        .await;
        if let Err(e) = written {
            tracing::error!(error = %e, action = action.code(), "the DENIED audit event was not written");
        }
        // `U` cells: an ЕНС ТРУ session takes the certificate step first (ACC-29); the login
        // of the portal then opens a full session.
        AccountsError::refused(if why == "upgrade" {
            ErrorCode::AccUpgradeRequired
        } else {
            ErrorCode::AccForbidden
        })
    }
}
