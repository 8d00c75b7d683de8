//! The account workflows of §3.1–§3.6: the certificate step, registration with the signed
//! agreement, activation, the password step with the lockout, recovery and password changes,
//! sessions and the CSRF token. Every change commits in one transaction with its audit event
//! (ACC-34, through the hash-chained log of `signatures::audit`) and its e-mail (ACC-154).

use crate::error::{AccountsError, FieldError};
use crate::flow::{self, AccountStatus, LockState, PasswordCheck};
use crate::mail::{self, Mail};
use crate::model::{
    CertView, EntryPoint, LoggedIn, NextStep, Registered, RegistrationForm, SessionInfo,
    StepOutcome,
};
use crate::store::{self, Account, AuthStep};
use crate::{password, values};
use base64ct::{Base64UrlUnpadded, Encoding};
use db::{Db, Tx};
use hmac::{Hmac, Mac};
use kernel::{Clock, ErrorCode, Lang, Millis};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use signatures::audit::{self, AuditEntry, AuditKind};
use signatures::{Binding, Purpose, Signing, TbsInput};
use std::sync::Arc;

/// Settings of the slice.
#[derive(Debug, Clone, Default)]
pub struct AccountsConfig {
    /// The public origin links in e-mails point to (`https://tauar.kz`).
    pub public_base: String,
    /// Where «Заполнить данные» takes bank details from (ACC-103, G-20); none by default.
    pub bank_details: crate::inis::BankDetailsSource,
}

/// The accounts service of one server.
pub struct Accounts {
    pub(crate) db: Db,
    pub(crate) signing: Arc<Signing>,
    pub(crate) clock: Arc<dyn Clock>,
    config: AccountsConfig,
    csrf_key: Vec<u8>,
    mail_wake: Arc<tokio::sync::Notify>,
}

impl std::fmt::Debug for Accounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accounts")
            .field("public_base", &self.config.public_base)
            .finish()
    }
}

fn sha256_hex(b: &[u8]) -> String {
    signatures::sha256_hex(b)
}

pub(crate) fn random_token() -> Result<String, AccountsError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| AccountsError::Internal(format!("no randomness: {e}")))?;
    Ok(Base64UrlUnpadded::encode_string(&b))
}

pub(crate) fn internal(e: impl std::fmt::Display) -> AccountsError {
    AccountsError::Internal(e.to_string())
}

/// Who does something, for the audit row.
#[derive(Debug, Clone, Default)]
pub struct Origin<'a> {
    pub session_id: &'a str,
    pub ip: Option<&'a str>,
}

impl Accounts {
    /// Loads (or makes) the CSRF key and the shipped agreement texts.
    pub async fn new(
        db: Db,
        signing: Arc<Signing>,
        clock: Arc<dyn Clock>,
        config: AccountsConfig,
        mail_wake: Arc<tokio::sync::Notify>,
    ) -> Result<Accounts, AccountsError> {
        let now = clock.now();
        let fresh = random_token()?;
        let key = store::secret(&db, "csrf", &fresh, now).await?;
        crate::agreements::load_shipped(&db, now).await?;
        Ok(Accounts {
            db,
            signing,
            clock,
            config,
            csrf_key: key.into_bytes(),
            mail_wake,
        })
    }

    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    /// The ИНИС source of «Заполнить данные» (ACC-103).
    pub(crate) fn bank_details(&self) -> &crate::inis::BankDetailsSource {
        &self.config.bank_details
    }

    /// Changes the ИНИС source (a test switches it on for one scenario).
    pub fn set_bank_details(&mut self, source: crate::inis::BankDetailsSource) {
        self.config.bank_details = source;
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub(crate) fn link(&self, path: &str) -> String {
        format!("{}{}", self.config.public_base.trim_end_matches('/'), path)
    }

    // ---- CSRF (ACC-162) ----

    /// The CSRF token of a browser session: HMAC-SHA256 of the session id under the server key.
    pub fn csrf_token(&self, session_id: &str) -> String {
        match Hmac::<Sha256>::new_from_slice(&self.csrf_key) {
            Ok(mut m) => {
                m.update(session_id.as_bytes());
                Base64UrlUnpadded::encode_string(&m.finalize().into_bytes())
            }
            Err(_) => String::new(),
        }
    }

    /// Constant-time check of a CSRF token against the session.
    pub fn csrf_ok(&self, session_id: &str, token: &str) -> bool {
        let Ok(given) = Base64UrlUnpadded::decode_vec(token) else {
            return false;
        };
        match Hmac::<Sha256>::new_from_slice(&self.csrf_key) {
            Ok(mut m) => {
                m.update(session_id.as_bytes());
                !session_id.is_empty() && m.verify_slice(&given).is_ok()
            }
            Err(_) => false,
        }
    }

    // ---- audit ----

    pub(crate) async fn audit(
        &self,
        tx: &mut Tx,
        action: &str,
        account_id: Option<&str>,
        origin: &Origin<'_>,
        detail: Value,
    ) -> Result<i64, AccountsError> {
        Ok(audit::append(
            tx,
            self.clock.now(),
            &AuditEntry {
                kind: Some(AuditKind::Event),
                purpose: action.to_string(),
                account_id: account_id.map(str::to_string),
                object_type: Some("account".into()),
                object_id: account_id.map(str::to_string),
                client_ip: origin.ip.map(str::to_string),
                detail,
                ..AuditEntry::default()
            },
        )
        .await?)
    }

    /// A write transaction of the slice. Nearly every change here ends with an audit event, so
    /// the audit chain's head is taken first: all auditing writers then lock in one order and
    /// cannot deadlock on PostgreSQL (`signatures::audit::lock_head`).
    pub(crate) async fn write_tx(&self) -> Result<Tx, AccountsError> {
        let mut tx = self.db.write_tx().await?;
        audit::lock_head(&mut tx).await?;
        Ok(tx)
    }

    pub(crate) async fn commit(&self, tx: Tx) -> Result<(), AccountsError> {
        tx.commit().await.map_err(db::DbError::from)?;
        Ok(())
    }

    pub(crate) async fn commit_with_mail(&self, tx: Tx) -> Result<(), AccountsError> {
        self.commit(tx).await?;
        self.mail_wake.notify_one();
        Ok(())
    }

    // ---- the certificate step (ACC-37, ACC-43, ACC-44, ACC-54, ACC-55) ----

    /// Verifies the certificate step (purpose `login`, or `register.identity` for the
    /// registration button of НКТ) and opens the password or the registration step.
    pub async fn certificate_step(
        &self,
        challenge_id: &str,
        cms: &[u8],
        entry: EntryPoint,
        registration: bool,
        origin: &Origin<'_>,
    ) -> Result<StepOutcome, AccountsError> {
        let purpose = if registration {
            Purpose::parse("register.identity")
        } else {
            Some(Purpose::login())
        }
        .ok_or_else(|| internal("purpose"))?;
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
        // ACC-43: НКТ registration needs an individual key or a legal-entity key with the right
        // to sign.
        if registration
            && entry == EntryPoint::Nct
            && cert.holder_kind == "LEGAL_ENTITY"
            && !cert.signing_right
        {
            return Err(AccountsError::refused(ErrorCode::AccNctSigningRight));
        }
        let account = store::account_by_iin(self.db.pool(), &cert.iin).await?;
        let now = self.clock.now();
        let (kind, ttl) = match &account {
            Some(_) if registration => {
                return Err(AccountsError::refused(ErrorCode::AccAlreadyRegistered));
            }
            Some(a) if a.status == AccountStatus::Blocked => {
                return Err(AccountsError::with(
                    ErrorCode::AccAccountBlocked,
                    vec![("reason", a.blocked_reason.clone().unwrap_or_default())],
                ));
            }
            Some(_) => ("LOGIN", flow::LOGIN_STEP_MS),
            None if registration || matches!(entry, EntryPoint::Portal | EntryPoint::Reg) => {
                ("REGISTER", flow::REGISTER_STEP_MS)
            }
            None => return Err(AccountsError::refused(ErrorCode::AccNotRegistered)),
        };
        let token = random_token()?;
        let mut tx = self.write_tx().await?;
        let (sig_id, _) = self
            .signing
            .record(
                &mut tx,
                &act,
                origin.session_id,
                origin.ip,
                json!({ "entry_point": entry.as_str(), "step": kind }),
            )
            .await?;
        let step = AuthStep {
            token_sha256: sha256_hex(token.as_bytes()),
            kind: kind.to_string(),
            session_id: origin.session_id.to_string(),
            account_id: account.as_ref().map(|a| a.id.clone()),
            entry_point: entry.as_str().to_string(),
            identity: serde_json::to_string(&cert).map_err(internal)?,
            cert_sha256: cert.fingerprint_sha256.clone(),
            signature_id: sig_id,
            agreement_signature_id: None,
            agreement_kind: None,
            agreement_version: None,
            created_at: now,
            expires_at: Millis(now.0 + ttl),
            used_at: None,
        };
        store::insert_step(&mut tx, &step).await?;
        self.commit(tx).await?;
        Ok(match account {
            Some(a) => StepOutcome::Password {
                login_token: token,
                full_name: a.full_name(),
                expires_at: step.expires_at,
            },
            None => StepOutcome::Register {
                registration_token: token,
                identity: Box::new(cert),
                expires_at: step.expires_at,
            },
        })
    }

    /// Verifies an act; a refusal is audited (SIG-5) and returned.
    pub(crate) async fn verify_or_audit(
        &self,
        challenge_id: &str,
        cms: &[u8],
        origin: &Origin<'_>,
        purpose: &Purpose,
    ) -> Result<signatures::VerifiedAct, AccountsError> {
        match self
            .signing
            .verify(
                challenge_id,
                cms,
                origin.session_id,
                purpose,
                &Binding::none(),
            )
            .await
        {
            Ok(a) => Ok(a),
            Err(signatures::SignaturesError::Refused(e)) => {
                if let Err(a) = self
                    .signing
                    .record_refusal(purpose.as_str(), &e, cms, None, origin.ip)
                    .await
                {
                    tracing::error!(error = %a, "refusal not audited");
                }
                Err(AccountsError::Signature(e))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A step of `kind` that the session may still use (ACC-55, ACC-41 (1)).
    async fn live_step(
        &self,
        token: &str,
        kind: &str,
        session_id: &str,
    ) -> Result<AuthStep, AccountsError> {
        let step = store::load_step(self.db.pool(), &sha256_hex(token.as_bytes())).await?;
        match step {
            Some(s)
                if s.kind == kind
                    && s.used_at.is_none()
                    && s.session_id == session_id
                    && self.clock.now().0 < s.expires_at.0 =>
            {
                Ok(s)
            }
            _ => Err(AccountsError::refused(ErrorCode::AccStepExpired)),
        }
    }

    fn step_identity(step: &AuthStep) -> Result<CertView, AccountsError> {
        serde_json::from_str(&step.identity).map_err(internal)
    }

    // ---- the agreement (ACC-23, ACC-39) ----

    /// The TBS of the agreement challenge of a registration step, and the NCALayer filter by
    /// ИИН. The signed data name the kind, the version and the SHA-256 of the exact text.
    pub async fn agreement_tbs(
        &self,
        registration_token: &str,
        session_id: &str,
        lang: Lang,
    ) -> Result<(TbsInput, Binding), AccountsError> {
        let step = self
            .live_step(registration_token, "REGISTER", session_id)
            .await?;
        let entry = EntryPoint::parse(&step.entry_point).ok_or_else(|| internal("entry"))?;
        let cert = Self::step_identity(&step)?;
        let input = self
            .agreement_input(entry.agreement_kind(), "register.agreement", lang)
            .await?;
        let binding = Binding {
            iin: Some(cert.iin),
            ..Binding::none()
        };
        Ok((input, binding))
    }

    /// The TBS of signing the current text of an agreement `kind` for `purpose`: the summary
    /// names it, the signed data carry its kind, version and the SHA-256 of the texts (ACC-23).
    pub(crate) async fn agreement_input(
        &self,
        kind: &str,
        purpose: &str,
        lang: Lang,
    ) -> Result<TbsInput, AccountsError> {
        let a = store::current_agreement(self.db.pool(), kind, self.now())
            .await?
            .ok_or_else(|| internal("no agreement text is published"))?;
        let title = if lang == Lang::Kk {
            &a.title_kk
        } else {
            &a.title_ru
        };
        let summary = kernel::i18n::Messages::get().t_args(
            lang,
            "acc-summary-agreement",
            &[
                ("title", title.as_str().into()),
                ("version", a.version.as_str().into()),
            ],
        );
        let mut input = TbsInput::login(lang, summary);
        input.purpose = Purpose::parse(purpose).ok_or_else(|| internal("purpose"))?;
        input.agreement = Some(json!({
            "id": a.kind, "version": a.version, "sha256": a.text_sha256,
        }));
        Ok(input)
    }

    /// «Подписать»: verifies the agreement signature of a registration step and keeps it.
    pub async fn sign_agreement(
        &self,
        registration_token: &str,
        challenge_id: &str,
        cms: &[u8],
        origin: &Origin<'_>,
    ) -> Result<i64, AccountsError> {
        let step = self
            .live_step(registration_token, "REGISTER", origin.session_id)
            .await?;
        let entry = EntryPoint::parse(&step.entry_point).ok_or_else(|| internal("entry"))?;
        let cert = Self::step_identity(&step)?;
        let purpose = Purpose::parse("register.agreement").ok_or_else(|| internal("purpose"))?;
        let act = self
            .verify_or_audit(challenge_id, cms, origin, &purpose)
            .await?;
        let signer =
            act.verified
                .identity
                .as_ref()
                .ok_or_else(|| pki::PkiError::NotPersonalCert {
                    detail: "the certificate has no ИИН".into(),
                })?;
        if signer.iin != cert.iin {
            return Err(AccountsError::refused(ErrorCode::AccAgreementOtherPerson));
        }
        let a = store::current_agreement(self.db.pool(), entry.agreement_kind(), self.now())
            .await?
            .ok_or_else(|| internal("no agreement text is published"))?;
        let signed: Value = serde_json::from_slice(&act.challenge.tbs).map_err(internal)?;
        let agreement = signed.get("agreement");
        if agreement
            .and_then(|g| g.get("sha256"))
            .and_then(Value::as_str)
            != Some(a.text_sha256.as_str())
            || agreement.and_then(|g| g.get("id")).and_then(Value::as_str) != Some(&a.kind)
        {
            // The challenge was made for another text (or another act): sign again.
            return Err(AccountsError::Signature(pki::PkiError::ChallengeUnknown));
        }
        let mut tx = self.write_tx().await?;
        let (sig_id, _) = self
            .signing
            .record(
                &mut tx,
                &act,
                origin.session_id,
                origin.ip,
                json!({ "agreement": a.kind, "version": a.version }),
            )
            .await?;
        store::set_step_agreement(&mut tx, &step.token_sha256, sig_id, &a.kind, &a.version).await?;
        self.commit(tx).await?;
        Ok(sig_id)
    }

    // ---- registration (ACC-41, ACC-42) ----

    /// «Подтверждаю данные» / «Зарегистрироваться»: the checks of ACC-41 in order, every field
    /// error at once, nothing stored on any error.
    pub async fn register(
        &self,
        registration_token: &str,
        form: &RegistrationForm,
        lang: Lang,
        origin: &Origin<'_>,
    ) -> Result<Registered, AccountsError> {
        // (1)
        let step = self
            .live_step(registration_token, "REGISTER", origin.session_id)
            .await?;
        let entry = EntryPoint::parse(&step.entry_point).ok_or_else(|| internal("entry"))?;
        let cert = Self::step_identity(&step)?;
        // (2)
        if store::account_by_iin(self.db.pool(), &cert.iin)
            .await?
            .is_some()
        {
            return Err(AccountsError::refused(ErrorCode::AccAlreadyRegistered));
        }
        let mut errors = Vec::new();
        let field = |field, code| FieldError { field, code };
        // (3)
        let email = form.email.as_deref().map(str::trim).unwrap_or("");
        if email.is_empty() {
            errors.push(field("email", ErrorCode::AccRequired));
        } else if kernel::values::Email::parse(email).is_err() {
            errors.push(field("email", ErrorCode::AccEmailInvalid));
        } else if store::account_by_email(self.db.pool(), email)
            .await?
            .is_some()
        {
            errors.push(field("email", ErrorCode::AccEmailTaken));
        }
        // (4)
        let phone_in = form.mobile_phone.as_deref().map(str::trim).unwrap_or("");
        let phone = values::parse_kz_mobile(phone_in);
        if phone_in.is_empty() {
            errors.push(field("mobile_phone", ErrorCode::AccRequired));
        } else if phone.is_none() {
            errors.push(field("mobile_phone", ErrorCode::AccPhoneInvalid));
        }
        // (5)
        let pw = form.password.as_deref().unwrap_or("");
        let confirm = form.password_confirmation.as_deref().unwrap_or("");
        if pw.is_empty() {
            errors.push(field("password", ErrorCode::AccRequired));
        } else if !password::satisfies_policy(pw) {
            errors.push(field("password", ErrorCode::AccPwdPolicy));
        } else if pw != confirm {
            errors.push(field("password_confirmation", ErrorCode::AccPwdMismatch));
        }
        // (6)
        if step.agreement_signature_id.is_none() {
            errors.push(field("agreement", ErrorCode::AccAgreementUnsigned));
        }
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        let phone = phone.ok_or_else(|| internal("phone"))?;
        let hash = password::hash(pw).map_err(internal)?;
        let now = self.clock.now();
        let account = Account {
            id: format!("acc_{}", &random_token()?[..22]),
            iin: cert.iin.clone(),
            last_name: cert.last_name.clone(),
            first_name: cert.first_name.clone(),
            middle_name: cert.middle_name.clone(),
            birth_date: cert.birth_date.clone(),
            email: email.to_string(),
            email_confirmed: false,
            mobile_phone: phone,
            password_hash: hash,
            password_temporary: false,
            temp_password_expires_at: None,
            password_changed_at: now,
            status: AccountStatus::PendingActivation,
            status_before_block: None,
            lock: LockState::default(),
            blocked_reason: None,
            email_notifications: true,
            ui_language: lang.code().to_string(),
            created_via: entry.as_str().to_string(),
            activated_at: None,
            last_login_at: None,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.write_tx().await?;
        if !store::use_step(&mut tx, &step.token_sha256, now).await? {
            return Err(AccountsError::refused(ErrorCode::AccStepExpired));
        }
        if let Err(e) = store::insert_account(&mut tx, &account).await {
            let e = db::DbError::from(e);
            return Err(match e.unique_violation() {
                Some("uq_accounts_iin") => AccountsError::refused(ErrorCode::AccAlreadyRegistered),
                Some("uq_accounts_email") => AccountsError::Fields(vec![FieldError {
                    field: "email",
                    code: ErrorCode::AccEmailTaken,
                }]),
                _ => e.into(),
            });
        }
        store::insert_acceptance(
            &mut tx,
            &account.id,
            step.agreement_kind
                .as_deref()
                .unwrap_or(entry.agreement_kind()),
            step.agreement_version.as_deref().unwrap_or(""),
            step.agreement_signature_id,
            now,
        )
        .await?;
        store::record_certificate(&mut tx, &account.id, &seen(&cert), now).await?;
        self.send_activation(&mut tx, &account, now).await?;
        self.audit(
            &mut tx,
            "usr.register",
            Some(&account.id),
            origin,
            json!({ "outcome": "OK", "entry_point": entry.as_str(),
                    "after": { "iin": account.iin, "email": account.email,
                               "status": account.status.as_str() } }),
        )
        .await?;
        // ACC-42: «Авторизуйтесь» opens the password step of this certificate for 5 minutes.
        let login_token = random_token()?;
        store::insert_step(
            &mut tx,
            &AuthStep {
                token_sha256: sha256_hex(login_token.as_bytes()),
                kind: "LOGIN".into(),
                account_id: Some(account.id.clone()),
                created_at: now,
                expires_at: Millis(now.0 + flow::LOGIN_STEP_MS),
                used_at: None,
                agreement_signature_id: None,
                agreement_kind: None,
                agreement_version: None,
                ..step.clone()
            },
        )
        .await?;
        self.commit_with_mail(tx).await?;
        Ok(Registered {
            account_id: account.id,
            login_token,
            email: account.email,
        })
    }

    pub(crate) async fn send_activation(
        &self,
        tx: &mut Tx,
        account: &Account,
        now: Millis,
    ) -> Result<(), AccountsError> {
        let token = random_token()?;
        let until = Millis(now.0 + flow::ACTIVATION_LINK_MS);
        store::insert_email_token(
            tx,
            &sha256_hex(token.as_bytes()),
            "ACTIVATION",
            &account.id,
            &account.email,
            now,
            until,
        )
        .await?;
        mail::send(
            tx,
            now,
            &Mail {
                kind: "E-ACTIVATION",
                message: "mail-activation",
                to: &account.email,
                account_id: &account.id,
                ui_language: &account.ui_language,
                args: vec![
                    ("name", account.full_name()),
                    ("link", self.link(&format!("/auth/activate/{token}"))),
                    ("until", mail::date_time(until)),
                ],
            },
        )
        .await?;
        Ok(())
    }

    // ---- activation (A2) and e-mail confirmation (ACC-51) ----

    /// An e-mail token of one of `kinds` that can be used now (§2.7), with its hash, row and
    /// account; MSG-LINK-INVALID otherwise.
    async fn usable_token(
        &self,
        token: &str,
        kinds: &[&str],
        now: Millis,
    ) -> Result<(String, store::EmailTokenRow, Account), AccountsError> {
        let invalid = || AccountsError::refused(ErrorCode::AccLinkInvalid);
        let hash = sha256_hex(token.as_bytes());
        let row = store::load_email_token(self.db.pool(), &hash)
            .await?
            .filter(|r| kinds.contains(&r.kind.as_str()))
            .ok_or_else(invalid)?;
        let account = store::account_by_id(self.db.pool(), &row.account_id)
            .await?
            .ok_or_else(invalid)?;
        let usable = flow::token_usable(
            row.expires_at,
            row.used_at.is_some(),
            row.superseded_at.is_some(),
            &row.email,
            &account.email,
            now,
        );
        if usable {
            Ok((hash, row, account))
        } else {
            Err(invalid())
        }
    }

    /// Follows an activation or confirmation link.
    pub async fn activate(&self, token: &str, origin: &Origin<'_>) -> Result<(), AccountsError> {
        let now = self.clock.now();
        let invalid = || AccountsError::refused(ErrorCode::AccLinkInvalid);
        let (hash, row, account) = self
            .usable_token(token, &["ACTIVATION", "EMAIL_CONFIRMATION"], now)
            .await?;
        let mut tx = self.write_tx().await?;
        if !store::use_email_token(&mut tx, &hash, now).await? {
            return Err(invalid());
        }
        store::activate(&mut tx, &account.id, now).await?;
        self.audit(
            &mut tx,
            if row.kind == "ACTIVATION" {
                "usr.activate"
            } else {
                "usr.email-confirm"
            },
            Some(&account.id),
            origin,
            json!({ "outcome": "OK", "before": { "status": account.status.as_str() } }),
        )
        .await?;
        self.commit(tx).await
    }

    /// A3: «Отправить письмо повторно», at most 5 per 24 hours.
    pub async fn resend_activation(
        &self,
        s: &SessionInfo,
        origin: &Origin<'_>,
    ) -> Result<String, AccountsError> {
        let a = &s.account;
        if a.status != AccountStatus::PendingActivation {
            return Err(AccountsError::refused(ErrorCode::AccForbidden));
        }
        let now = self.clock.now();
        let sent = store::tokens_since(
            self.db.pool(),
            &a.id,
            "ACTIVATION",
            Millis(now.0 - 24 * 3_600_000),
        )
        .await?;
        // The registration mail counts as the first of the day; 5 resends follow it.
        if sent > flow::ACTIVATION_RESENDS_PER_DAY {
            return Err(AccountsError::refused(ErrorCode::AccRateLimit));
        }
        let mut tx = self.write_tx().await?;
        self.send_activation(&mut tx, a, now).await?;
        self.audit(
            &mut tx,
            "usr.activation-resend",
            Some(&a.id),
            origin,
            json!({"outcome": "OK"}),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        Ok(a.email.clone())
    }

    /// A4: a corrected address before activation; a new link goes to it, older links die.
    pub async fn change_pending_email(
        &self,
        s: &SessionInfo,
        email: &str,
        origin: &Origin<'_>,
    ) -> Result<String, AccountsError> {
        let a = &s.account;
        if a.status != AccountStatus::PendingActivation {
            return Err(AccountsError::refused(ErrorCode::AccForbidden));
        }
        let email = email.trim();
        let err = |code| {
            AccountsError::Fields(vec![FieldError {
                field: "email",
                code,
            }])
        };
        if email.is_empty() {
            return Err(err(ErrorCode::AccRequired));
        }
        if kernel::values::Email::parse(email).is_err() {
            return Err(err(ErrorCode::AccEmailInvalid));
        }
        if let Some(other) = store::account_by_email(self.db.pool(), email).await?
            && other.id != a.id
        {
            return Err(err(ErrorCode::AccEmailTaken));
        }
        let now = self.clock.now();
        let mut tx = self.write_tx().await?;
        if let Err(e) = store::set_email(&mut tx, &a.id, email, now).await {
            let e = db::DbError::from(e);
            return Err(match e.unique_violation() {
                Some("uq_accounts_email") => err(ErrorCode::AccEmailTaken),
                _ => e.into(),
            });
        }
        let mut changed = a.clone();
        changed.email = email.to_string();
        self.send_activation(&mut tx, &changed, now).await?;
        self.audit(
            &mut tx,
            "usr.activation-email",
            Some(&a.id),
            origin,
            json!({ "outcome": "OK", "before": { "email": a.email }, "after": { "email": email } }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        Ok(email.to_string())
    }

    // ---- the password step (ACC-56, ACC-57, ACC-65) ----

    /// «Войти» on the password page.
    pub async fn login_password(
        &self,
        login_token: &str,
        password: &str,
        origin: &Origin<'_>,
    ) -> Result<LoggedIn, AccountsError> {
        let step = self
            .live_step(login_token, "LOGIN", origin.session_id)
            .await?;
        let account_id = step.account_id.clone().ok_or_else(|| internal("step"))?;
        let account = store::account_by_id(self.db.pool(), &account_id)
            .await?
            .ok_or_else(|| internal("account of a step"))?;
        if account.status == AccountStatus::Blocked {
            return Err(AccountsError::with(
                ErrorCode::AccAccountBlocked,
                vec![("reason", account.blocked_reason.clone().unwrap_or_default())],
            ));
        }
        let now = self.clock.now();
        if let Some(until) = flow::lock_in_force(account.lock, now) {
            return Err(locked(until));
        }
        let right = password::verify(password, &account.password_hash);
        let mut tx = self.write_tx().await?;
        // Re-read inside the write transaction: concurrent checks of one account are ordered.
        let current = store::account_by_id(&mut *tx, &account.id)
            .await?
            .ok_or_else(|| internal("account vanished"))?;
        match flow::check_password(current.lock, right, now) {
            PasswordCheck::Locked { until } => Err(locked(until)),
            PasswordCheck::Wrong { state, remaining } => {
                store::set_lock(&mut tx, &account.id, state, now).await?;
                self.audit(
                    &mut tx,
                    "usr.login",
                    Some(&account.id),
                    origin,
                    json!({ "outcome": "INVALID", "reason": "wrong_password", "failed": state.failed }),
                )
                .await?;
                self.commit(tx).await?;
                Err(AccountsError::with(
                    ErrorCode::AccWrongPassword,
                    vec![("n", remaining.to_string())],
                ))
            }
            PasswordCheck::LockedNow { state, until } => {
                store::set_lock(&mut tx, &account.id, state, now).await?;
                let label = flow::lock_time_label(until);
                mail::send(
                    &mut tx,
                    now,
                    &Mail {
                        kind: "E-LOCKED",
                        message: "mail-locked",
                        to: &account.email,
                        account_id: &account.id,
                        ui_language: &account.ui_language,
                        args: vec![("time", label)],
                    },
                )
                .await?;
                self.audit(
                    &mut tx,
                    "usr.lock",
                    Some(&account.id),
                    origin,
                    json!({ "outcome": "DENIED", "locked_until": until.0 }),
                )
                .await?;
                self.commit_with_mail(tx).await?;
                Err(locked(until))
            }
            PasswordCheck::Right { .. } => {
                if account.password_temporary
                    && account
                        .temp_password_expires_at
                        .is_some_and(|t| now.0 > t.0)
                {
                    drop(tx);
                    return Err(AccountsError::refused(ErrorCode::AccTempExpired));
                }
                self.finish_login(tx, step, account, now, origin).await
            }
        }
    }

    async fn finish_login(
        &self,
        mut tx: Tx,
        step: AuthStep,
        account: Account,
        now: Millis,
        origin: &Origin<'_>,
    ) -> Result<LoggedIn, AccountsError> {
        if !store::use_step(&mut tx, &step.token_sha256, now).await? {
            return Err(AccountsError::refused(ErrorCode::AccStepExpired));
        }
        let cert = Self::step_identity(&step)?;
        // ACC-20: the certificate's names and birth date win; the change is audited.
        let mut updated = account.clone();
        updated.last_name = cert.last_name.clone();
        updated.first_name = cert.first_name.clone();
        updated.middle_name = cert.middle_name.clone();
        if !cert.birth_date.is_empty() {
            updated.birth_date = cert.birth_date.clone();
        }
        updated.lock = LockState::default();
        updated.last_login_at = Some(now);
        store::record_login(&mut tx, &updated, now).await?;
        if (updated.full_name(), &updated.birth_date) != (account.full_name(), &account.birth_date)
        {
            self.audit(
                &mut tx,
                "usr.identity-refresh",
                Some(&account.id),
                origin,
                json!({ "outcome": "OK",
                        "before": { "full_name": account.full_name(), "birth_date": account.birth_date },
                        "after": { "full_name": updated.full_name(), "birth_date": updated.birth_date } }),
            )
            .await?;
        }
        // ACC-113: the participant of the certificate's БИН takes its organisation name.
        self.refresh_participant_name(&mut tx, &cert, &account.id, origin)
            .await?;
        store::record_certificate(&mut tx, &account.id, &seen(&cert), now).await?;
        let (context, authorities) = self
            .login_context(&account.id, &account.iin, cert.bin.as_deref())
            .await?;
        let session_id = random_token()?;
        let mut session = store::SessionRow {
            id_sha256: sha256_hex(session_id.as_bytes()),
            account_id: account.id.clone(),
            assurance: "CERT_PASSWORD".into(),
            context_participant_id: context,
            certificate_sha256: Some(cert.fingerprint_sha256.clone()),
            certificate_serial: Some(cert.serial.clone()),
            cert_bin: cert.bin.clone(),
            authorities: serde_json::to_string(&authorities).map_err(internal)?,
            workspace: "DEFAULT".into(),
            entry_point: step.entry_point.clone(),
            created_at: now,
            last_seen_at: now,
            expires_at: Millis(now.0 + flow::SESSION_ABSOLUTE_MS),
            ended_at: None,
        };
        // ACC-29, G-6, AS-70: the certificate step of the account's own ЕНС ТРУ session
        // upgrades that session (its start and absolute timeout stay); ACC-161 still renews
        // the id, so the cookie of the weaker session opens nothing any more.
        let upgraded = self
            .upgradable_session(&mut tx, origin.session_id, &account.id, now)
            .await?;
        let from = match &upgraded {
            Some(old) => {
                session.created_at = old.created_at;
                session.expires_at = old.expires_at;
                store::upgrade_session(&mut tx, &old.id_sha256, &session).await?;
                Some(old.assurance.clone())
            }
            None => {
                store::insert_session(&mut tx, &session).await?;
                None
            }
        };
        self.audit(
            &mut tx,
            "usr.login",
            Some(&account.id),
            origin,
            json!({ "outcome": "OK", "assurance": "CERT_PASSWORD", "entry_point": step.entry_point,
                    "certificate_serial": cert.serial, "upgraded_from": from }),
        )
        .await?;
        self.commit(tx).await?;
        let next = if updated.status == AccountStatus::PendingActivation {
            NextStep::Activation
        } else if updated.password_temporary {
            NextStep::ChangePassword
        } else if self
            .pending_agreement_of(&updated, &step.entry_point, now)
            .await?
            .is_some()
        {
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

    /// The live `PASSWORD` or `CERT` session (ЕНС ТРУ) of this browser and account, which a
    /// platform login upgrades instead of opening a second session (ACC-29, G-6).
    async fn upgradable_session(
        &self,
        tx: &mut Tx,
        session_id: &str,
        account_id: &str,
        now: Millis,
    ) -> Result<Option<store::SessionRow>, AccountsError> {
        if session_id.is_empty() {
            return Ok(None);
        }
        let row = store::load_session(&mut **tx, &sha256_hex(session_id.as_bytes())).await?;
        Ok(row.filter(|r| {
            r.account_id == account_id
                && r.assurance != "CERT_PASSWORD"
                && r.ended_at.is_none()
                && now.0 < r.expires_at.0
                && now.0 - r.last_seen_at.0 <= flow::SESSION_IDLE_MS
        }))
    }

    // ---- sessions (ACC-161) ----

    /// The logged-in session of a cookie, if it is open and within both timeouts.
    pub async fn session(&self, session_id: &str) -> Result<Option<SessionInfo>, AccountsError> {
        if session_id.is_empty() {
            return Ok(None);
        }
        let hash = sha256_hex(session_id.as_bytes());
        let Some(row) = store::load_session(self.db.pool(), &hash).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        let idle = now.0 - row.last_seen_at.0 > flow::SESSION_IDLE_MS;
        if row.ended_at.is_some() || now.0 >= row.expires_at.0 || idle {
            return Ok(None);
        }
        let Some(account) = store::account_by_id(self.db.pool(), &row.account_id).await? else {
            return Ok(None);
        };
        if account.status == AccountStatus::Blocked {
            return Ok(None);
        }
        // Writes only when a minute has passed: reading pages must not queue on the writer.
        if now.0 - row.last_seen_at.0 > 60_000 {
            let mut tx = self.write_tx().await?;
            store::touch_session(&mut tx, &hash, now).await?;
            self.commit(tx).await?;
        }
        let roles = store::roles_of(self.db.pool(), &account.id).await?;
        // ACC-24, ACC-118: the agreement the session's system still asks, and the workspace.
        let pending_agreement = self
            .pending_agreement_of(&account, &row.entry_point, row.created_at)
            .await?;
        let workspace = crate::entry::effective_workspace(&row.workspace, &roles);
        Ok(Some(SessionInfo {
            id_sha256: row.id_sha256,
            account,
            assurance: row.assurance,
            context_participant_id: row.context_participant_id,
            cert_bin: row.cert_bin,
            certificate_sha256: row.certificate_sha256,
            authorities: serde_json::from_str(&row.authorities).unwrap_or_default(),
            entry_point: row.entry_point,
            roles,
            created_at: row.created_at,
            expires_at: row.expires_at,
            workspace,
            pending_agreement,
        }))
    }

    /// The message that says why a session cookie no longer opens a session, when the session
    /// was ended by someone else's change: MSG-SESSION-ENDED-BY-ORG (ACC-80) or
    /// MSG-SESSION-ENDED-PART-BLOCKED (P4). `None` for a logout, a timeout or an unknown cookie.
    /// The one place that maps `sessions.end_reason` to what the user reads (API and pages).
    pub async fn session_end_message(
        &self,
        session_id: &str,
    ) -> Result<Option<ErrorCode>, AccountsError> {
        if session_id.is_empty() {
            return Ok(None);
        }
        let hash = sha256_hex(session_id.as_bytes());
        let reason = sqlx::query_scalar::<_, Option<String>>(
            "SELECT end_reason FROM sessions WHERE id_sha256 = $1",
        )
        .bind(hash)
        .fetch_optional(self.db.pool())
        .await?
        .flatten();
        Ok(match reason.as_deref() {
            Some("org_changed") => Some(ErrorCode::AccSessionEndedByOrg),
            Some("participant_blocked") => Some(ErrorCode::AccSessionEndedPartBlocked),
            _ => None,
        })
    }

    /// «Выйти».
    pub async fn logout(&self, s: &SessionInfo, origin: &Origin<'_>) -> Result<(), AccountsError> {
        let now = self.clock.now();
        let mut tx = self.write_tx().await?;
        store::end_session(&mut tx, &s.id_sha256, "logout", now).await?;
        self.audit(
            &mut tx,
            "usr.logout",
            Some(&s.account.id),
            origin,
            json!({"outcome": "OK"}),
        )
        .await?;
        self.commit(tx).await
    }

    // ---- recovery (ACC-66, ACC-67) ----

    /// «Забыли пароль?» on the password page: the account is the one of the certificate step.
    /// Returns the masked address of MSG-RECOVERY-SENT.
    pub async fn request_recovery(
        &self,
        login_token: &str,
        origin: &Origin<'_>,
    ) -> Result<String, AccountsError> {
        let step = self
            .live_step(login_token, "LOGIN", origin.session_id)
            .await?;
        let id = step.account_id.ok_or_else(|| internal("step"))?;
        let account = store::account_by_id(self.db.pool(), &id)
            .await?
            .ok_or_else(|| internal("account of a step"))?;
        self.send_recovery(&account, origin).await?;
        Ok(values::masked_email(&account.email))
    }

    /// ЕНС ТРУ «Забыли пароль?» by e-mail: the same answer whether or not the account exists
    /// (ACC-67 (1), ACC-164).
    pub async fn request_recovery_by_email(
        &self,
        email: &str,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        if let Some(a) = store::account_by_email(self.db.pool(), email).await? {
            match self.send_recovery(&a, origin).await {
                Ok(()) | Err(AccountsError::Refused { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    async fn send_recovery(
        &self,
        account: &Account,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        let now = self.clock.now();
        let sent = store::tokens_since(
            self.db.pool(),
            &account.id,
            "PASSWORD_RECOVERY",
            Millis(now.0 - 3_600_000),
        )
        .await?;
        if sent >= flow::RECOVERY_MAILS_PER_HOUR {
            return Err(AccountsError::refused(ErrorCode::AccRateLimit));
        }
        let token = random_token()?;
        let mut tx = self.write_tx().await?;
        store::insert_email_token(
            &mut tx,
            &sha256_hex(token.as_bytes()),
            "PASSWORD_RECOVERY",
            &account.id,
            &account.email,
            now,
            Millis(now.0 + flow::RECOVERY_LINK_MS),
        )
        .await?;
        mail::send(
            &mut tx,
            now,
            &Mail {
                kind: "E-RECOVERY",
                message: "mail-recovery",
                to: &account.email,
                account_id: &account.id,
                ui_language: &account.ui_language,
                args: vec![("link", self.link(&format!("/auth/recover/{token}")))],
            },
        )
        .await?;
        self.audit(
            &mut tx,
            "usr.recover",
            Some(&account.id),
            origin,
            json!({"outcome": "OK"}),
        )
        .await?;
        self.commit_with_mail(tx).await
    }

    /// The recovery link: a temporary password by e-mail (ACC-67 (3)). Returns the masked
    /// address of MSG-TEMP-SENT.
    pub async fn complete_recovery(
        &self,
        token: &str,
        origin: &Origin<'_>,
    ) -> Result<String, AccountsError> {
        let now = self.clock.now();
        let invalid = || AccountsError::refused(ErrorCode::AccLinkInvalid);
        let (hash, _, account) = self
            .usable_token(token, &["PASSWORD_RECOVERY"], now)
            .await?;
        let temp = password::temporary().map_err(internal)?;
        let hash_pw = password::hash(&temp).map_err(internal)?;
        let until = Millis(now.0 + flow::TEMP_PASSWORD_MS);
        let mut tx = self.write_tx().await?;
        if !store::use_email_token(&mut tx, &hash, now).await? {
            return Err(invalid());
        }
        store::set_password(&mut tx, &account.id, &hash_pw, Some(until), now).await?;
        store::end_sessions_of(&mut tx, &account.id, None, "recovery", now).await?;
        // The link proves control of the mailbox: confirm it, activate a pending account (A5).
        store::activate(&mut tx, &account.id, now).await?;
        mail::send(
            &mut tx,
            now,
            &Mail {
                kind: "E-TEMP-PASSWORD",
                message: "mail-temp-password",
                to: &account.email,
                account_id: &account.id,
                ui_language: &account.ui_language,
                args: vec![("password", temp), ("until", mail::date_time(until))],
            },
        )
        .await?;
        self.audit(
            &mut tx,
            "usr.recover-complete",
            Some(&account.id),
            origin,
            json!({ "outcome": "OK", "before": { "status": account.status.as_str() } }),
        )
        .await?;
        self.commit_with_mail(tx).await?;
        Ok(values::masked_email(&account.email))
    }

    // ---- password change (ACC-68, ACC-99) ----

    /// «Смена пароля»: after a temporary password no current password is asked (the session
    /// proved it); otherwise «Текущий пароль» is checked and counts toward the lock (ACC-65 (1)).
    pub async fn change_password(
        &self,
        s: &SessionInfo,
        current: Option<&str>,
        new: &str,
        confirmation: &str,
        origin: &Origin<'_>,
    ) -> Result<(), AccountsError> {
        self.require(s, crate::authz::Action::UsrPassword).await?;
        let a = &s.account;
        let now = self.clock.now();
        if !a.password_temporary {
            if let Some(until) = flow::lock_in_force(a.lock, now) {
                return Err(locked(until));
            }
            let right = password::verify(current.unwrap_or(""), &a.password_hash);
            if !right {
                let mut tx = self.write_tx().await?;
                let cur = store::account_by_id(&mut *tx, &a.id)
                    .await?
                    .ok_or_else(|| internal("account vanished"))?;
                let check = flow::check_password(cur.lock, false, now);
                if let PasswordCheck::Wrong { state, .. } | PasswordCheck::LockedNow { state, .. } =
                    check
                {
                    store::set_lock(&mut tx, &a.id, state, now).await?;
                }
                if let PasswordCheck::LockedNow { until, .. } = check {
                    // ACC-99: the lock also ends the session that guessed.
                    store::end_session(&mut tx, &s.id_sha256, "locked", now).await?;
                    self.commit(tx).await?;
                    return Err(locked(until));
                }
                self.commit(tx).await?;
                return Err(AccountsError::Fields(vec![FieldError {
                    field: "current_password",
                    code: ErrorCode::AccCurrentPwdWrong,
                }]));
            }
        }
        let mut errors = Vec::new();
        if new.is_empty() {
            errors.push(FieldError {
                field: "new_password",
                code: ErrorCode::AccRequired,
            });
        } else if !password::satisfies_policy(new) {
            errors.push(FieldError {
                field: "new_password",
                code: ErrorCode::AccPwdPolicy,
            });
        } else if new != confirmation {
            errors.push(FieldError {
                field: "password_confirmation",
                code: ErrorCode::AccPwdMismatch,
            });
        } else if password::verify(new, &a.password_hash) {
            errors.push(FieldError {
                field: "new_password",
                code: ErrorCode::AccPwdSame,
            });
        }
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        let hash = password::hash(new).map_err(internal)?;
        let mut tx = self.write_tx().await?;
        store::set_password(&mut tx, &a.id, &hash, None, now).await?;
        store::end_sessions_of(&mut tx, &a.id, Some(&s.id_sha256), "password_change", now).await?;
        mail::send(
            &mut tx,
            now,
            &Mail {
                kind: "E-PASSWORD-CHANGED",
                message: "mail-password-changed",
                to: &a.email,
                account_id: &a.id,
                ui_language: &a.ui_language,
                args: vec![("at", mail::date_time(now))],
            },
        )
        .await?;
        self.audit(
            &mut tx,
            "usr.password",
            Some(&a.id),
            origin,
            json!({ "outcome": "OK", "was_temporary": a.password_temporary }),
        )
        .await?;
        self.commit_with_mail(tx).await
    }

    /// «Сертификаты ЭЦП» of the profile.
    pub async fn certificates(
        &self,
        account_id: &str,
    ) -> Result<Vec<store::CertificateRow>, AccountsError> {
        Ok(store::certificates_of(self.db.pool(), account_id).await?)
    }
}

pub(crate) fn locked(until: Millis) -> AccountsError {
    AccountsError::with(
        ErrorCode::AccLocked,
        vec![("time", flow::lock_time_label(until))],
    )
}

pub(crate) fn seen(c: &CertView) -> store::SeenCertificate<'_> {
    store::SeenCertificate {
        sha256: &c.fingerprint_sha256,
        serial: &c.serial,
        issuer: &c.issuer,
        purpose: &c.purpose,
        holder_kind: &c.holder_kind,
        bin: c.bin.as_deref(),
        org_name: c.org_name.as_deref(),
        valid_to: Millis(c.valid_to),
    }
}

/// SHA-256 hex of the agreement texts joined by a zero byte (`text_sha256` of migration 0006).
pub fn text_sha256(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0u8]);
        }
        h.update(p.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
