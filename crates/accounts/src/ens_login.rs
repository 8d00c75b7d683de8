//! The login of the ЕНС ТРУ Requests module (spec/accounts.md §3.4, ACC-59…ACC-63): «Войти»
//! with the account (the e-mail) and the password — assurance `PASSWORD` — and «Войти с
//! помощью ЭЦП» with checks 2 and 3 of CAT-178 — assurance `CERT`. Both open the context of the
//! participant where the account holds an effective `ENS_USER` (ACC-30); such sessions work in
//! the module only (ACC-29: the platform's actions answer them with the `U` cells of §4.9).
//!
//! ACC-164: an unknown account and a wrong password give the same answer,
//! MSG-ENS-BAD-CREDENTIALS, and take the same time — an unknown account is checked against a
//! dummy Argon2 hash. A wrong password of an existing account counts toward the lock of ACC-65.
//!
//! An account accredited in several participants names one at login (`participant_id`;
//! otherwise the oldest grant wins) or chooses from the list afterwards
//! ([`Accounts::ens_choose_participant`], ACC-30). The upgrade of such a session to
//! `CERT_PASSWORD` (AS-70) is the platform login's (`service::finish_login`).

use crate::error::{AccountsError, FieldError};
use crate::flow::{self, AccountStatus, LockState, PasswordCheck};
use crate::mail::{self, Mail};
use crate::model::{CertView, LoggedIn, NextStep};
use crate::service::{Accounts, Origin, internal, random_token};
use crate::store::{self, Account};
use crate::store_org::Participant;
use kernel::{ErrorCode, Millis};
use serde_json::json;
use signatures::Purpose;

/// A hash of no password (its output is zeros), verified when the account is unknown so that
/// both answers of ACC-164 cost one Argon2 verification with the parameters of
/// [`crate::password::hash`] (a constant: no first-use cost; the test below keeps them equal).
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$\
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn dummy_hash() -> &'static str {
    DUMMY_HASH
}

fn bad_credentials() -> AccountsError {
    AccountsError::refused(ErrorCode::AccEnsBadCredentials)
}

fn norm_email(s: &str) -> String {
    s.trim().to_lowercase()
}

impl Accounts {
    /// «Войти» of the Requests module (ACC-60): the password first, then the accreditation.
    pub async fn ens_login_password(
        &self,
        account: &str,
        password: &str,
        participant_id: Option<&str>,
        origin: &Origin<'_>,
    ) -> Result<LoggedIn, AccountsError> {
        let account = account.trim();
        let found = if kernel::values::Email::parse(account).is_ok() {
            store::account_by_email(self.db.pool(), account).await?
        } else {
            None
        };
        let Some(a) = found else {
            // Same work as a wrong password of an existing account (ACC-164).
            let _ = crate::password::verify(password, dummy_hash());
            self.audit_login_refusal(None, origin, "unknown_account", "PASSWORD")
                .await;
            return Err(bad_credentials());
        };
        let now = self.now();
        if let Some(until) = flow::lock_in_force(a.lock, now) {
            // ACC-65 (3): refused without comparing; the time stays that of a comparison.
            let _ = crate::password::verify(password, dummy_hash());
            return Err(crate::service::locked(until));
        }
        let right = crate::password::verify(password, &a.password_hash);
        let mut tx = self.write_tx().await?;
        let cur = store::account_by_id(&mut *tx, &a.id)
            .await?
            .ok_or_else(|| internal("account vanished"))?;
        match flow::check_password(cur.lock, right, now) {
            PasswordCheck::Locked { until } => Err(crate::service::locked(until)),
            PasswordCheck::Wrong { state, .. } => {
                store::set_lock(&mut tx, &a.id, state, now).await?;
                self.audit(
                    &mut tx,
                    "usr.login",
                    Some(&a.id),
                    origin,
                    json!({ "outcome": "INVALID", "reason": "wrong_password", "entry_point": "ENS",
                            "failed": state.failed }),
                )
                .await?;
                self.commit(tx).await?;
                Err(bad_credentials())
            }
            PasswordCheck::LockedNow { state, until } => {
                store::set_lock(&mut tx, &a.id, state, now).await?;
                mail::send(
                    &mut tx,
                    now,
                    &Mail {
                        kind: "E-LOCKED",
                        message: "mail-locked",
                        to: &a.email,
                        account_id: &a.id,
                        ui_language: &a.ui_language,
                        args: vec![("time", flow::lock_time_label(until))],
                    },
                )
                .await?;
                self.audit(
                    &mut tx,
                    "usr.lock",
                    Some(&a.id),
                    origin,
                    json!({ "outcome": "DENIED", "locked_until": until.0, "entry_point": "ENS" }),
                )
                .await?;
                self.commit_with_mail(tx).await?;
                Err(crate::service::locked(until))
            }
            PasswordCheck::Right { .. } => {
                // The password is right: the counter starts again whatever follows (ACC-65 (5)).
                store::set_lock(&mut tx, &a.id, LockState::default(), now).await?;
                self.commit(tx).await?;
                self.account_may_enter(&a, now)?;
                let p = self.ens_context(&a, participant_id, origin).await?;
                self.open_ens_session(&a, &p, "PASSWORD", None, origin)
                    .await
            }
        }
    }

    /// «Войти с помощью ЭЦП» (ACC-61): a certificate step of purpose `ens.login` for the account
    /// typed in the account field, with check 2 (individual: ИИН) or check 3 (legal entity: БИН of
    /// an `ENS_USER` participant and the profile e-mail). The password lock does not apply
    /// (ACC-65 (6)).
    pub async fn ens_login_certificate(
        &self,
        account: &str,
        challenge_id: &str,
        cms: &[u8],
        participant_id: Option<&str>,
        origin: &Origin<'_>,
    ) -> Result<LoggedIn, AccountsError> {
        let account = account.trim();
        if account.is_empty() {
            return Err(AccountsError::Fields(vec![FieldError {
                field: "account",
                code: ErrorCode::AccEnsAccountRequired,
            }]));
        }
        let purpose = Purpose::parse("ens.login").ok_or_else(|| internal("purpose"))?;
        let act = self
            .verify_or_audit(challenge_id, cms, origin, &purpose)
            .await?;
        let identity =
            act.verified
                .identity
                .as_ref()
                .ok_or_else(|| pki::PkiError::NotPersonalCert {
                    detail: "the certificate has no ИИН".into(),
                })?;
        let cert = CertView::from_identity(identity);
        let found = if kernel::values::Email::parse(account).is_ok() {
            store::account_by_email(self.db.pool(), account).await?
        } else {
            None
        };
        let Some(a) = found else {
            self.audit_login_refusal(None, origin, "unknown_account", "CERT")
                .await;
            return Err(bad_credentials());
        };
        let now = self.now();
        let grants = self.ens_participants(&a.id).await?;
        let p = match &cert.bin {
            // Check 2: an individual certificate of the account's owner.
            None => {
                if cert.iin != a.iin {
                    self.audit_login_refusal(Some(&a.id), origin, "iin_mismatch", "CERT")
                        .await;
                    return Err(AccountsError::refused(ErrorCode::AccEnsIinMismatch));
                }
                self.account_may_enter(&a, now)?;
                self.ens_context(&a, participant_id, origin).await?
            }
            // Check 3: the БИН of one of the account's organisations and the profile e-mail.
            Some(bin) => {
                self.account_may_enter(&a, now)?;
                if grants.is_empty() {
                    self.audit_login_refusal(Some(&a.id), origin, "not_accredited", "CERT")
                        .await;
                    return Err(AccountsError::refused(ErrorCode::AccEnsNotAccredited));
                }
                let email_ok = cert
                    .email
                    .as_deref()
                    .is_some_and(|e| norm_email(e) == norm_email(&a.email));
                match grants.into_iter().find(|(_, p)| &p.id_number == bin) {
                    Some((_, p)) if email_ok => p,
                    _ => {
                        self.audit_login_refusal(Some(&a.id), origin, "bin_email_mismatch", "CERT")
                            .await;
                        return Err(AccountsError::refused(ErrorCode::AccEnsBinEmailMismatch));
                    }
                }
            }
        };
        self.open_ens_session(&a, &p, "CERT", Some((&act, &cert)), origin)
            .await
    }

    /// `ens.registry`: the participant a Requests-module session works for, while its
    /// `ENS_USER` stays effective (a revoked grant or a blocked membership ends it, ACC-96).
    pub async fn ens_module_participant(
        &self,
        s: &crate::model::SessionInfo,
    ) -> Result<Participant, AccountsError> {
        self.require(s, crate::authz::Action::EnsRegistry).await?;
        let context = s.context_participant_id.as_deref().unwrap_or("");
        self.ens_participants(&s.account.id)
            .await?
            .into_iter()
            .map(|(_, p)| p)
            .find(|p| p.id == context)
            .ok_or_else(|| AccountsError::refused(ErrorCode::AccEnsNotAccredited))
    }

    /// ACC-30: the Requests-module session works for `participant_id`, one of the
    /// participants where the account's `ENS_USER` is effective (the list after login). Only a
    /// module session (`PASSWORD`, `CERT`) chooses this way: a platform session's context is
    /// its certificate's (G-38). Audited as `usr.context`.
    pub async fn ens_choose_participant(
        &self,
        s: &crate::model::SessionInfo,
        participant_id: &str,
        origin: &Origin<'_>,
    ) -> Result<Participant, AccountsError> {
        self.require(s, crate::authz::Action::EnsRegistry).await?;
        let chosen = self
            .ens_participants(&s.account.id)
            .await?
            .into_iter()
            .map(|(_, p)| p)
            .find(|p| p.id == participant_id);
        let Some(p) = chosen.filter(|_| matches!(s.assurance.as_str(), "PASSWORD" | "CERT")) else {
            return Err(AccountsError::refused(ErrorCode::AccEnsNotAccredited));
        };
        let mut tx = self.write_tx().await?;
        // The module needs no authority of the membership (ACC-95: none are given).
        store::set_session_context(&mut tx, &s.id_sha256, Some(&p.id), &[]).await?;
        self.audit(
            &mut tx,
            "usr.context",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "entry_point": "ENS", "before": s.context_participant_id,
                    "after": p.id }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(p)
    }

    /// ACC-63: a pending or blocked account does not enter the module.
    fn account_may_enter(&self, a: &Account, now: Millis) -> Result<(), AccountsError> {
        match a.status {
            AccountStatus::Blocked => Err(AccountsError::with(
                ErrorCode::AccAccountBlocked,
                vec![("reason", a.blocked_reason.clone().unwrap_or_default())],
            )),
            AccountStatus::PendingActivation => Err(AccountsError::with(
                ErrorCode::AccNotActivated,
                vec![("email", a.email.clone())],
            )),
            AccountStatus::Active
                if a.password_temporary
                    && a.temp_password_expires_at.is_some_and(|t| now.0 > t.0) =>
            {
                Err(AccountsError::refused(ErrorCode::AccTempExpired))
            }
            AccountStatus::Active => Ok(()),
        }
    }

    /// ACC-30: the participant of an effective `ENS_USER` (the one asked for, else the oldest),
    /// or MSG-ENS-NOT-ACCREDITED.
    async fn ens_context(
        &self,
        a: &Account,
        wanted: Option<&str>,
        origin: &Origin<'_>,
    ) -> Result<Participant, AccountsError> {
        let grants = self.ens_participants(&a.id).await?;
        let chosen = match wanted {
            Some(w) => grants.into_iter().find(|(_, p)| p.id == w),
            None => grants.into_iter().next(),
        };
        match chosen {
            Some((_, p)) => Ok(p),
            None => {
                self.audit_login_refusal(Some(&a.id), origin, "not_accredited", "PASSWORD")
                    .await;
                Err(AccountsError::refused(ErrorCode::AccEnsNotAccredited))
            }
        }
    }

    async fn open_ens_session(
        &self,
        a: &Account,
        p: &Participant,
        assurance: &str,
        cert: Option<(&signatures::VerifiedAct, &CertView)>,
        origin: &Origin<'_>,
    ) -> Result<LoggedIn, AccountsError> {
        let now = self.now();
        let session_id = random_token()?;
        let mut tx = self.write_tx().await?;
        let mut updated = a.clone();
        updated.lock = LockState::default();
        updated.last_login_at = Some(now);
        store::record_login(&mut tx, &updated, now).await?;
        if let Some((act, c)) = cert {
            self.signing
                .record(
                    &mut tx,
                    act,
                    origin.session_id,
                    origin.ip,
                    json!({ "entry_point": "ENS", "account": a.id }),
                )
                .await?;
            // ACC-22: a certificate of the account's owner is recorded.
            if c.iin == a.iin {
                store::record_certificate(&mut tx, &a.id, &crate::service::seen(c), now).await?;
            }
        }
        let session = store::SessionRow {
            id_sha256: signatures::sha256_hex(session_id.as_bytes()),
            account_id: a.id.clone(),
            assurance: assurance.to_string(),
            context_participant_id: Some(p.id.clone()),
            certificate_sha256: cert.map(|(_, c)| c.fingerprint_sha256.clone()),
            certificate_serial: cert.map(|(_, c)| c.serial.clone()),
            cert_bin: cert.and_then(|(_, c)| c.bin.clone()),
            // The module needs no authority of the membership (ACC-95: none are given).
            authorities: "[]".into(),
            workspace: "DEFAULT".into(),
            entry_point: "ENS".into(),
            created_at: now,
            last_seen_at: now,
            expires_at: Millis(now.0 + flow::SESSION_ABSOLUTE_MS),
            ended_at: None,
        };
        store::insert_session(&mut tx, &session).await?;
        self.audit(
            &mut tx,
            "usr.login",
            Some(&a.id),
            origin,
            json!({ "outcome": "OK", "assurance": assurance, "entry_point": "ENS",
                    "participant": p.id,
                    "certificate_serial": cert.map(|(_, c)| c.serial.clone()) }),
        )
        .await?;
        self.commit(tx).await?;
        let next = if a.password_temporary {
            NextStep::ChangePassword
        } else if self
            .pending_agreement_of(&updated, "ENS", now)
            .await?
            .is_some()
        {
            // ACC-24: a `USER_ENS` version that asks for re-acceptance comes first.
            NextStep::Agreement
        } else {
            NextStep::Cabinet
        };
        Ok(LoggedIn {
            session_id,
            account: updated,
            next,
        })
    }

    /// A refused module login in the audit log (ACC-34); a failed write is logged only.
    async fn audit_login_refusal(
        &self,
        account_id: Option<&str>,
        origin: &Origin<'_>,
        why: &str,
        method: &str,
    ) {
        let written = async {
            let mut tx = self.write_tx().await?;
            self.audit(
                &mut tx,
                "usr.login",
                account_id,
                origin,
                json!({ "outcome": "DENIED", "reason": why, "entry_point": "ENS", "method": method }),
            )
            .await?;
            self.commit(tx).await
        }
        .await;
        if let Err(e) = written {
            tracing::error!(error = %e, "the refused ЕНС ТРУ login was not audited");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_164_the_dummy_hash_has_the_parameters_of_real_hashes() {
        let real = crate::password::hash("Tauar2026").unwrap();
        let prefix = |h: &str| h.rsplitn(3, '$').nth(2).map(str::to_string);
        assert_eq!(prefix(DUMMY_HASH), prefix(&real));
        assert!(!crate::password::verify("Tauar2026", DUMMY_HASH));
        // It parses: the verification runs (a malformed hash would return at once).
        assert!(argon2::PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
