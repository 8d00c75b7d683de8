//! Platform administration of accounts (§3.16 ACC-114, §2.17 ACC-13): the screen «Пользователи»
//! — search and view (never the password hash, never passport rows: ACC-168), block and unblock
//! with a reason (A6, A7), «Снять блокировку входа», «Отправить письмо активации повторно», and
//! granting and revoking staff roles with a reason. There is no way to delete an account or to
//! act as another user.

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::flow::{AccountStatus, LockState};
use crate::mail::{self, Mail};
use crate::model::SessionInfo;
use crate::new_banks::STAFF_ROLES;
use crate::service::{Accounts, Origin, internal};
use crate::store::{self, Account};
use crate::store_admin::{self, RoleGrant};
use kernel::{ErrorCode, PageRequest};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// An account as the administrator sees it (ACC-114): no password hash, no tokens.
#[derive(Debug, Clone, Serialize)]
pub struct AdminAccountView {
    pub id: String,
    pub iin: String,
    pub full_name: String,
    pub birth_date: String,
    pub email: String,
    pub email_confirmed: bool,
    pub mobile_phone: String,
    /// `PENDING_ACTIVATION`, `ACTIVE` or `BLOCKED`.
    pub status: String,
    pub blocked_reason: Option<String>,
    pub failed_password_count: i64,
    /// The password lock of ACC-65, when in force (unix ms).
    pub locked_until: Option<i64>,
    pub created_via: String,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
    pub roles: Vec<RoleGrant>,
}

/// One page of the search.
#[derive(Debug, Clone, Serialize)]
pub struct AccountPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<AdminAccountView>,
}

/// A6, A7, «Снять блокировку входа» and role changes carry a reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminReason {
    pub reason: Option<String>,
}

/// «Назначить роль».
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleGrantForm {
    pub role: Option<String>,
    pub reason: Option<String>,
}

/// A trimmed text of the form, at most 500 characters (reasons are kept in the audit).
fn trimmed(v: &Option<String>) -> Option<String> {
    crate::values::trimmed(v).map(|s| s.chars().take(500).collect())
}

fn reason_required(v: &Option<String>, code: ErrorCode) -> Result<String, AccountsError> {
    trimmed(v).ok_or_else(|| {
        AccountsError::Fields(vec![FieldError {
            field: "reason",
            code,
        }])
    })
}

impl Accounts {
    fn admin_view(&self, a: Account, roles: Vec<RoleGrant>) -> AdminAccountView {
        let now = self.now();
        AdminAccountView {
            full_name: a.full_name(),
            id: a.id,
            iin: a.iin,
            birth_date: a.birth_date,
            email: a.email,
            email_confirmed: a.email_confirmed,
            mobile_phone: a.mobile_phone,
            status: a.status.as_str().to_string(),
            blocked_reason: a.blocked_reason,
            failed_password_count: a.lock.failed,
            locked_until: a.lock.locked_until.filter(|t| t.0 > now.0).map(|t| t.0),
            created_via: a.created_via,
            created_at: a.created_at.0,
            last_login_at: a.last_login_at.map(|t| t.0),
            roles,
        }
    }

    async fn target(&self, id: &str) -> Result<Account, AccountsError> {
        store::account_by_id(self.db.pool(), id)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))
    }

    /// «Пользователи»: search by ИИН, ФИО or e-mail.
    pub async fn admin_accounts(
        &self,
        s: &SessionInfo,
        q: &str,
        page: &PageRequest,
    ) -> Result<AccountPage, AccountsError> {
        self.require(s, Action::AdmUsers).await?;
        let (total, rows) = store_admin::search_accounts(
            self.db.pool(),
            q,
            page.offset() as i64,
            i64::from(page.per_page),
        )
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for a in rows {
            let roles = store_admin::grants_of(self.db.pool(), &a.id).await?;
            items.push(self.admin_view(a, roles));
        }
        Ok(AccountPage {
            total,
            page: page.page,
            per_page: page.per_page,
            items,
        })
    }

    /// The view of one account.
    pub async fn admin_account(
        &self,
        s: &SessionInfo,
        id: &str,
    ) -> Result<AdminAccountView, AccountsError> {
        self.require(s, Action::AdmUsers).await?;
        let a = self.target(id).await?;
        let roles = store_admin::grants_of(self.db.pool(), &a.id).await?;
        Ok(self.admin_view(a, roles))
    }

    /// A6 «Заблокировать»: every session of the account ends, E-ACCOUNT-BLOCKED is sent, and
    /// the next login says MSG-ACCOUNT-BLOCKED with the reason.
    pub async fn admin_block(
        &self,
        s: &SessionInfo,
        id: &str,
        f: &AdminReason,
        origin: &Origin<'_>,
    ) -> Result<AdminAccountView, AccountsError> {
        self.require(s, Action::AdmBlock).await?;
        let reason = reason_required(&f.reason, ErrorCode::AccBlockReason)?;
        if id == s.account.id {
            return Err(AccountsError::refused(ErrorCode::AccSelfBlock));
        }
        let a = self.target(id).await?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if !store_admin::block(&mut tx, &a.id, &reason, &s.account.id, now).await? {
            return Err(AccountsError::refused(ErrorCode::AccAccountState));
        }
        store::end_sessions_of(&mut tx, &a.id, None, "account_blocked", now).await?;
        self.account_mail(
            &mut tx,
            &a,
            "E-ACCOUNT-BLOCKED",
            "mail-account-blocked",
            &reason,
        )
        .await?;
        self.audit_admin(
            &mut tx,
            s,
            "adm.block",
            &a,
            origin,
            json!({
            "op": "block", "reason": reason, "before": { "status": a.status.as_str() } }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        self.admin_account(s, id).await
    }

    /// A7 «Разблокировать»: back to the status before the block, E-ACCOUNT-UNBLOCKED.
    pub async fn admin_unblock(
        &self,
        s: &SessionInfo,
        id: &str,
        f: &AdminReason,
        origin: &Origin<'_>,
    ) -> Result<AdminAccountView, AccountsError> {
        self.require(s, Action::AdmBlock).await?;
        let reason = reason_required(&f.reason, ErrorCode::AccReasonRequired)?;
        let a = self.target(id).await?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if !store_admin::unblock(&mut tx, &a.id, &s.account.id, now).await? {
            return Err(AccountsError::refused(ErrorCode::AccAccountState));
        }
        self.account_mail(
            &mut tx,
            &a,
            "E-ACCOUNT-UNBLOCKED",
            "mail-account-unblocked",
            &reason,
        )
        .await?;
        // ACC-155: not one of the eight security mails, so it is also an in-app notification;
        // the mail goes out whatever the switch says, because a blocked user had no way to
        // read in-app notifications and learns of the unblock only by e-mail.
        let args = json!({ "reason": reason }).to_string();
        crate::store_notify::insert(
            &mut tx,
            &a.id,
            "E-ACCOUNT-UNBLOCKED",
            "mail-account-unblocked",
            &args,
            now,
        )
        .await?;
        self.audit_admin(
            &mut tx,
            s,
            "adm.block",
            &a,
            origin,
            json!({
            "op": "unblock", "reason": reason, "before": { "status": "BLOCKED" } }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        self.admin_account(s, id).await
    }

    /// «Снять блокировку входа»: the lock of ACC-65 and the wrong-password count are cleared.
    pub async fn admin_clear_lock(
        &self,
        s: &SessionInfo,
        id: &str,
        origin: &Origin<'_>,
    ) -> Result<AdminAccountView, AccountsError> {
        self.require(s, Action::AdmBlock).await?;
        let a = self.target(id).await?;
        let mut tx = self.write_tx().await?;
        store::set_lock(&mut tx, &a.id, LockState::default(), self.now()).await?;
        self.audit_admin(
            &mut tx,
            s,
            "adm.block",
            &a,
            origin,
            json!({
            "op": "clear_lock", "before": { "failed": a.lock.failed,
                                            "locked_until": a.lock.locked_until.map(|t| t.0) } }),
        )
        .await?;
        self.commit(tx).await?;
        self.admin_account(s, id).await
    }

    /// «Отправить письмо активации повторно» for an account still waiting for activation
    /// (the limit of A3 applies as for the user).
    pub async fn admin_resend_activation(
        &self,
        s: &SessionInfo,
        id: &str,
        origin: &Origin<'_>,
    ) -> Result<String, AccountsError> {
        self.require(s, Action::AdmBlock).await?;
        let a = self.target(id).await?;
        if a.status != AccountStatus::PendingActivation {
            return Err(AccountsError::refused(ErrorCode::AccAccountState));
        }
        let now = self.now();
        let sent = store::tokens_since(
            self.db.pool(),
            &a.id,
            "ACTIVATION",
            kernel::Millis(now.0 - 24 * 3_600_000),
        )
        .await?;
        if sent > crate::flow::ACTIVATION_RESENDS_PER_DAY {
            return Err(AccountsError::refused(ErrorCode::AccRateLimit));
        }
        let mut tx = self.write_tx().await?;
        self.send_activation(&mut tx, &a, now).await?;
        self.audit_admin(
            &mut tx,
            s,
            "adm.block",
            &a,
            origin,
            json!({ "op": "resend_activation" }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        Ok(a.email)
    }

    /// ACC-13 «Назначить роль»: a platform-wide staff role, with a reason.
    pub async fn admin_grant_role(
        &self,
        s: &SessionInfo,
        id: &str,
        f: &RoleGrantForm,
        origin: &Origin<'_>,
    ) -> Result<RoleGrant, AccountsError> {
        self.require(s, Action::AdmRoles).await?;
        let role = trimmed(&f.role).unwrap_or_default();
        let mut errors = Vec::new();
        if !STAFF_ROLES.contains(&role.as_str()) {
            errors.push(FieldError {
                field: "role",
                code: if role.is_empty() {
                    ErrorCode::AccRequired
                } else {
                    ErrorCode::AccDictValue
                },
            });
        }
        let reason = trimmed(&f.reason);
        if reason.is_none() {
            errors.push(FieldError {
                field: "reason",
                code: ErrorCode::AccReasonRequired,
            });
        }
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        let reason = reason.ok_or_else(|| internal("reason"))?;
        let a = self.target(id).await?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if store_admin::grants_of(&mut *tx, &a.id)
            .await?
            .iter()
            .any(|g| g.role == role && g.scope_participant_id.is_none())
        {
            return Err(AccountsError::refused(ErrorCode::AccRoleHeld));
        }
        let grant = store::grant_role(
            &mut tx,
            &a.id,
            &role,
            None,
            Some(&s.account.id),
            &reason,
            now,
        )
        .await?;
        self.audit_admin(
            &mut tx,
            s,
            "adm.roles",
            &a,
            origin,
            json!({
            "op": "grant", "role": role, "grant": grant, "reason": reason }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(RoleGrant {
            id: grant,
            role,
            scope_participant_id: None,
            granted_by: Some(s.account.id.clone()),
            granted_at: now.0,
            reason,
        })
    }

    /// ACC-13 «Отозвать роль», with a reason. Staff sessions pick the change up at once: roles
    /// are read with every request.
    pub async fn admin_revoke_role(
        &self,
        s: &SessionInfo,
        id: &str,
        grant_id: i64,
        f: &AdminReason,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        self.require(s, Action::AdmRoles).await?;
        let reason = reason_required(&f.reason, ErrorCode::AccReasonRequired)?;
        let a = self.target(id).await?;
        let grants = store_admin::grants_of(self.db.pool(), &a.id).await?;
        let Some(g) = grants.into_iter().find(|g| g.id == grant_id) else {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        };
        if g.role == "PLATFORM_ADMIN" && a.id == s.account.id {
            // The last way back in would be the installation command; ask another admin.
            return Err(AccountsError::refused(ErrorCode::AccSelfBlock));
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        if !store_admin::revoke(&mut tx, &a.id, grant_id, &s.account.id, &reason, now).await? {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        }
        self.audit_admin(
            &mut tx,
            s,
            "adm.roles",
            &a,
            origin,
            json!({
            "op": "revoke", "role": g.role, "grant": grant_id, "reason": reason }),
        )
        .await?;
        self.commit(tx).await
    }

    async fn account_mail(
        &self,
        tx: &mut db::Tx,
        a: &Account,
        kind: &'static str,
        message: &'static str,
        reason: &str,
    ) -> Result<(), AccountsError> {
        // ACC-155: E-ACCOUNT-BLOCKED is always sent; its pair goes the same way.
        mail::send(
            tx,
            self.now(),
            &Mail {
                kind,
                message,
                to: &a.email,
                account_id: &a.id,
                ui_language: &a.ui_language,
                args: vec![("reason", reason.to_string())],
            },
        )
        .await?;
        Ok(())
    }

    async fn audit_admin(
        &self,
        tx: &mut db::Tx,
        s: &SessionInfo,
        action: &str,
        target: &Account,
        origin: &Origin<'_>,
        mut detail: serde_json::Value,
    ) -> Result<(), AccountsError> {
        detail["outcome"] = json!("OK");
        detail["target"] = json!(target.id);
        self.audit(tx, action, Some(&s.account.id), origin, detail)
            .await?;
        Ok(())
    }
}
