//! Participant registration (§3.7, ACC-69…ACC-76) and the participant context of a session
//! (ACC-30): the form checked in the order of ACC-75, the participant agreement signed by the
//! person with the right to sign (ACC-74), the first membership with `ORG_ADMIN` (and `HEAD`).

use crate::error::{AccountsError, FieldError};
use crate::model::SessionInfo;
use crate::rules::{self, IdKind, ParticipantType, Show};
use crate::service::{Accounts, Origin, internal, random_token};
use crate::store;
use crate::store_org::{self, Participant};
use kernel::{ErrorCode, Lang};
use serde::Deserialize;
use serde_json::json;
use signatures::{Binding, Purpose, TbsInput};

/// ACC-75 (1): the certificate step of the session is at most 30 minutes old.
const CERT_STEP_MS: i64 = crate::flow::REGISTER_STEP_MS;

/// A signed challenge: what NCALayer returned.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedAct {
    pub challenge_id: String,
    pub cms_base64: String,
}

/// The participant form (ACC-71); `None` = the field was not sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantForm {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub name: Option<String>,
    pub state_reg_date: Option<String>,
    pub state_reg_doc_number: Option<String>,
    pub state_reg_authority: Option<String>,
    pub country: Option<String>,
    pub is_organizer: Option<bool>,
    pub is_supplier: Option<bool>,
    pub kopf: Option<String>,
    pub kse: Option<String>,
    pub kfs: Option<String>,
    pub is_resident: Option<bool>,
    pub is_small_business: Option<bool>,
    pub is_medium_business: Option<bool>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub phones: Option<String>,
    pub applicant_full_name: Option<String>,
    pub applicant_position: Option<String>,
    pub head_iin: Option<String>,
    pub head_last_name: Option<String>,
    pub head_first_name: Option<String>,
    pub head_middle_name: Option<String>,
    pub head_position: Option<String>,
    /// «Подписать»: the participant agreement over a `participant.register` challenge.
    pub agreement: Option<SignedAct>,
}

impl ParticipantForm {
    /// The value sent for a field (booleans as "true"/"false").
    fn sent(&self, field: &str) -> Option<String> {
        let s = |v: &Option<String>| v.clone();
        let b = |v: &Option<bool>| v.map(|x| x.to_string());
        match field {
            "name" => s(&self.name),
            "state_reg_date" => s(&self.state_reg_date),
            "state_reg_doc_number" => s(&self.state_reg_doc_number),
            "state_reg_authority" => s(&self.state_reg_authority),
            "country" => s(&self.country),
            "is_organizer" => b(&self.is_organizer),
            "is_supplier" => b(&self.is_supplier),
            "kopf" => s(&self.kopf),
            "kse" => s(&self.kse),
            "kfs" => s(&self.kfs),
            "is_resident" => b(&self.is_resident),
            "is_small_business" => b(&self.is_small_business),
            "is_medium_business" => b(&self.is_medium_business),
            "email" => s(&self.email),
            "website" => s(&self.website),
            "phones" => s(&self.phones),
            "applicant_full_name" => s(&self.applicant_full_name),
            "applicant_position" => s(&self.applicant_position),
            "head_iin" => s(&self.head_iin),
            "head_last_name" => s(&self.head_last_name),
            "head_first_name" => s(&self.head_first_name),
            "head_middle_name" => s(&self.head_middle_name),
            "head_position" => s(&self.head_position),
            _ => None,
        }
        .map(|v| v.trim().to_string())
    }
}

/// What the participant form of a session offers (ACC-70, ACC-71, ACC-126).
#[derive(Debug, Clone, serde::Serialize)]
pub struct RegistrationContext {
    /// «ИИН/БИН» from the certificate.
    pub id_number: String,
    /// «Наименование» from the certificate (the ФИО for ФЛ); `None` when it is typed.
    pub cert_name: Option<String>,
    /// The allowed types, the default first.
    pub types: Vec<ParticipantType>,
    /// An `ADMIN_CREATED` record of this БИН is completed by the registration (P3).
    pub completes_admin_record: bool,
}

/// The identity of the session's certificate.
struct SessionCert {
    iin: String,
    bin: Option<String>,
    org_name: Option<String>,
}

impl Accounts {
    async fn session_cert(&self, s: &SessionInfo) -> Result<SessionCert, AccountsError> {
        let sha = s.certificate_sha256.as_deref().unwrap_or("");
        let (bin, org_name) = store::certificate_of(self.db.pool(), &s.account.id, sha)
            .await?
            .map(|(_, bin, org)| (bin, org))
            .unwrap_or((None, None));
        Ok(SessionCert {
            iin: s.account.iin.clone(),
            bin,
            org_name,
        })
    }

    /// C2 of §4.9 and ACC-69: an active account, a certificate session in the personal context.
    fn require_registrar(&self, s: &SessionInfo) -> Result<(), AccountsError> {
        if s.account.status != crate::flow::AccountStatus::Active {
            return Err(AccountsError::with(
                ErrorCode::AccNotActivated,
                vec![("email", s.account.email.clone())],
            ));
        }
        if s.assurance != "CERT_PASSWORD" || s.context_participant_id.is_some() {
            return Err(AccountsError::refused(ErrorCode::AccForbidden));
        }
        Ok(())
    }

    /// The participant form of the session (ACC-70).
    pub async fn registration_context(
        &self,
        s: &SessionInfo,
    ) -> Result<RegistrationContext, AccountsError> {
        self.require_registrar(s)?;
        let cert = self.session_cert(s).await?;
        let id_number = cert.bin.clone().unwrap_or_else(|| cert.iin.clone());
        let existing = store_org::participant_by(self.db.pool(), "id_number", &id_number).await?;
        if let Some(p) = &existing
            && p.status != "ADMIN_CREATED"
        {
            return Err(AccountsError::with(
                ErrorCode::AccPartExists,
                vec![("id", id_number)],
            ));
        }
        Ok(RegistrationContext {
            cert_name: match &cert.bin {
                Some(_) => cert.org_name.clone(),
                None => Some(s.account.full_name()),
            },
            id_number,
            types: rules::allowed_types(cert.bin.is_some()).to_vec(),
            completes_admin_record: existing.is_some(),
        })
    }

    /// The TBS of the participant agreement (purpose `participant.register`, ACC-74).
    pub async fn participant_agreement_tbs(
        &self,
        s: &SessionInfo,
        kind: &str,
        lang: Lang,
    ) -> Result<(TbsInput, Binding), AccountsError> {
        let ctx = self.registration_context(s).await?;
        let t = ParticipantType::parse(kind)
            .filter(|t| ctx.types.contains(t))
            .ok_or_else(|| AccountsError::refused(ErrorCode::AccPartType))?;
        let mut input = self
            .agreement_input("PARTICIPANT", "participant.register", lang)
            .await?;
        input.account_id = Some(s.account.id.clone());
        input.content = Some(json!({ "type": t.as_str(), "id_number": ctx.id_number }));
        let is_bin = t == ParticipantType::Ul || ctx.id_number != s.account.iin;
        if is_bin {
            input.bin = Some(ctx.id_number.clone());
        }
        let binding = Binding {
            iin: Some(s.account.iin.clone()),
            bin: is_bin.then(|| ctx.id_number.clone()),
            ..Binding::none()
        };
        Ok((input, binding))
    }

    /// «Подтверждаю данные» of the participant form (ACC-75, ACC-76).
    pub async fn register_participant(
        &self,
        s: &SessionInfo,
        form: &ParticipantForm,
        origin: &Origin<'_>,
    ) -> Result<Participant, AccountsError> {
        let now = self.clock.now();
        // (1)
        if now.0 - s.created_at.0 > CERT_STEP_MS {
            return Err(AccountsError::refused(ErrorCode::AccStepExpired));
        }
        // (2)
        let ctx = self.registration_context(s).await?;
        let cert = self.session_cert(s).await?;
        // (3)
        let t = form
            .kind
            .as_deref()
            .and_then(ParticipantType::parse)
            .filter(|t| ctx.types.contains(t))
            .ok_or_else(|| AccountsError::refused(ErrorCode::AccPartType))?;
        let joint = cert.bin.is_some();
        // ACC-72: «Организатор» is set by staff only.
        if form.is_organizer == Some(true) {
            return Err(AccountsError::refused(ErrorCode::AccForbidden));
        }
        // ACC-126: hidden fields are not sent.
        for f in rules::FIELDS {
            let shown = rules::show(f, t, joint);
            let sent = form.sent(f).filter(|v| !v.is_empty() && v != "false");
            if sent.is_some() && matches!(shown, Show::Hidden | Show::ReadOnly) && *f != "name" {
                return Err(AccountsError::with(
                    ErrorCode::AccFieldNotAllowed,
                    vec![("label", (*f).to_string())],
                ));
            }
            if *f == "name" && shown == Show::ReadOnly && sent.is_some() {
                return Err(AccountsError::with(
                    ErrorCode::FieldNotAllowed,
                    vec![("field", "name".to_string())],
                ));
            }
        }
        let mut errors: Vec<FieldError> = Vec::new();
        let mut err = |field: &'static str, code| errors.push(FieldError { field, code });
        // (4) required fields
        for f in rules::FIELDS {
            if rules::show(f, t, joint) == Show::Required
                && form.sent(f).is_none_or(|v| v.is_empty())
            {
                err(f, ErrorCode::AccRequired);
            }
        }
        let has = |f: &str| form.sent(f).filter(|v| !v.is_empty());
        // (5) formats
        let head_iin = match has("head_iin") {
            Some(v) => match rules::typed_id(&v, IdKind::Iin) {
                Ok(v) => Some(v),
                Err(code) => {
                    err("head_iin", code);
                    None
                }
            },
            None => None,
        };
        if let Some(e) = has("email")
            && kernel::values::Email::parse(&e).is_err()
        {
            err("email", ErrorCode::AccEmailInvalid);
        }
        let website = match has("website") {
            Some(w) => match rules::website(&w) {
                Ok(w) => Some(w),
                Err(code) => {
                    err("website", code);
                    None
                }
            },
            None => None,
        };
        if let Some(d) = has("state_reg_date")
            && let Err(code) = rules::state_reg_date(&d, now.local().date())
        {
            err("state_reg_date", code);
        }
        if let Some(p) = has("phones")
            && p.chars().filter(char::is_ascii_digit).count() < 5
        {
            err("phones", ErrorCode::AccPhoneInvalid);
        }
        for f in [
            "name",
            "state_reg_doc_number",
            "state_reg_authority",
            "applicant_full_name",
            "applicant_position",
            "head_last_name",
            "head_first_name",
            "head_middle_name",
            "head_position",
        ] {
            let max = rules::max_chars(f).unwrap_or(255);
            if has(f).is_some_and(|v| v.chars().count() > max) {
                err(f, ErrorCode::InvalidParameter);
            }
        }
        // (6) dictionaries
        for (f, dict) in [("country", "countries"), ("kse", "kse"), ("kfs", "kfs")] {
            if let Some(v) = has(f)
                && !store_org::dict_has(self.db.pool(), dict, &v).await?
            {
                err(f, ErrorCode::AccDictValue);
            }
        }
        if let Some(k) = has("kopf") {
            if !store_org::dict_has(self.db.pool(), "kopf", &k).await? {
                err("kopf", ErrorCode::AccDictValue);
            } else if !rules::kopf_applies(&k, t) {
                err("kopf", ErrorCode::AccKopfType);
            }
        }
        // (7) ACC-73
        if form.is_small_business == Some(true) && form.is_medium_business == Some(true) {
            err("is_medium_business", ErrorCode::AccSmallMedium);
        }
        // (8) the agreement, last
        let Some(signed) = &form.agreement else {
            errors.push(FieldError {
                field: "agreement",
                code: ErrorCode::AccAgreementUnsigned,
            });
            return Err(AccountsError::Fields(errors));
        };
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        let purpose = Purpose::parse("participant.register").ok_or_else(|| internal("purpose"))?;
        let act = self
            .verify_or_audit(
                &signed.challenge_id,
                signed.cms_base64.as_bytes(),
                origin,
                &purpose,
            )
            .await?;
        let signer =
            act.verified
                .identity
                .as_ref()
                .ok_or_else(|| pki::PkiError::NotPersonalCert {
                    detail: "the certificate has no ИИН".into(),
                })?;
        let by_bin = cert.bin.is_some();
        let signer_ok = signer.iin == s.account.iin
            && if by_bin {
                signer.bin.as_deref() == Some(ctx.id_number.as_str()) && signer.signing_right
            } else {
                signer.bin.is_none()
            };
        if !signer_ok {
            return Err(AccountsError::refused(ErrorCode::AccPartSigner));
        }
        let signed_content: serde_json::Value =
            serde_json::from_slice(&act.challenge.tbs).map_err(internal)?;
        if signed_content
            .pointer("/content/type")
            .and_then(|v| v.as_str())
            != Some(t.as_str())
            || signed_content
                .pointer("/content/id_number")
                .and_then(|v| v.as_str())
                != Some(ctx.id_number.as_str())
        {
            return Err(AccountsError::Signature(pki::PkiError::ChallengeUnknown));
        }
        // ACC-26 and the head data of individuals (ACC-126).
        let name = match rules::show("name", t, joint) {
            Show::ReadOnly => ctx.cert_name.clone().unwrap_or_default(),
            _ => has("name").unwrap_or_default(),
        };
        let individual = !joint;
        let a = &s.account;
        let existing =
            store_org::participant_by(self.db.pool(), "id_number", &ctx.id_number).await?;
        let p = Participant {
            id: existing
                .as_ref()
                .map(|e| e.id.clone())
                .unwrap_or(format!("prt_{}", &random_token()?[..22])),
            kind: t.as_str().to_string(),
            id_number: ctx.id_number.clone(),
            name,
            state_reg_date: has("state_reg_date"),
            state_reg_doc_number: has("state_reg_doc_number"),
            state_reg_authority: has("state_reg_authority"),
            country: has("country").unwrap_or_else(|| "KZ".into()),
            is_organizer: false,
            is_supplier: form.is_supplier.unwrap_or(false),
            kopf: has("kopf"),
            kse: has("kse").unwrap_or_else(|| "9".into()),
            kfs: has("kfs"),
            is_resident: form.is_resident.unwrap_or(true),
            is_small_business: form.is_small_business.unwrap_or(false),
            is_medium_business: form.is_medium_business.unwrap_or(false),
            email: has("email").unwrap_or_default(),
            website,
            phones: has("phones").unwrap_or_default(),
            applicant_full_name: has("applicant_full_name"),
            applicant_position: has("applicant_position"),
            head_iin: if individual {
                Some(a.iin.clone())
            } else {
                head_iin.clone()
            },
            head_last_name: if individual {
                Some(a.last_name.clone())
            } else {
                has("head_last_name")
            },
            head_first_name: if individual {
                Some(a.first_name.clone())
            } else {
                has("head_first_name")
            },
            head_middle_name: if individual {
                a.middle_name.clone()
            } else {
                has("head_middle_name")
            },
            head_position: has("head_position"),
            head_membership_id: None,
            status: "ACTIVE".into(),
            is_single_distributor: existing.as_ref().is_some_and(|e| e.is_single_distributor),
            registered_by: Some(a.id.clone()),
            registered_at: Some(now.0),
            agreement_signature_id: None,
        };
        let head = individual || head_iin.as_deref() == Some(a.iin.as_str());
        let authorities: Vec<&str> = if head {
            vec!["ORG_ADMIN", "HEAD"]
        } else {
            vec!["ORG_ADMIN"]
        };
        let mut tx = self.write_tx().await?;
        let (sig_id, _) = self
            .signing
            .record(
                &mut tx,
                &act,
                origin.session_id,
                origin.ip,
                json!({ "participant": p.id, "type": p.kind, "id_number": p.id_number }),
            )
            .await?;
        let mut stored = p.clone();
        stored.agreement_signature_id = Some(sig_id);
        if let Err(e) =
            store_org::save_participant(&mut tx, &stored, &a.id, now, existing.is_some()).await
        {
            let e = db::DbError::from(e);
            return Err(match e.unique_violation() {
                Some("uq_participants_id_number") => {
                    AccountsError::with(ErrorCode::AccPartExists, vec![("id", p.id_number.clone())])
                }
                _ => e.into(),
            });
        }
        // P3, §2.5: the КБе an ЕНС ТРУ administrator entered on the bank row of an
        // ADMIN_CREATED record gives way to the one of the registered residency and КСЕ.
        if existing.is_some() {
            store_org::set_kbe_of(
                &mut tx,
                &stored.id,
                &crate::rules::kbe(stored.is_resident, &stored.kse),
            )
            .await?;
        }
        // P3: an ADMIN_CREATED record may already have this person as a member (an ЕНС ТРУ
        // accreditation, ACC-95); the registrant's membership gets the authorities.
        let m = match store_org::membership(&mut *tx, &a.id, &stored.id).await? {
            Some(existing) => {
                let mut merged = existing.authorities.clone();
                for x in &authorities {
                    if !merged.iter().any(|m| m == x) {
                        merged.push(x.to_string());
                    }
                }
                store_org::reopen_membership(
                    &mut tx,
                    existing.id,
                    &merged,
                    existing.position.as_deref(),
                    "PARTICIPANT_REGISTRATION",
                    &a.id,
                    now,
                )
                .await?;
                existing.id
            }
            None => {
                store_org::insert_membership(
                    &mut tx,
                    &a.id,
                    &stored.id,
                    &authorities,
                    "PARTICIPANT_REGISTRATION",
                    None,
                    now,
                )
                .await?
            }
        };
        if head {
            store_org::set_head_membership(&mut tx, &stored.id, m).await?;
            stored.head_membership_id = Some(m);
        }
        let agreement = store::current_agreement(&mut *tx, "PARTICIPANT", now)
            .await?
            .ok_or_else(|| internal("no participant agreement"))?;
        store::insert_acceptance(
            &mut tx,
            &a.id,
            "PARTICIPANT",
            &agreement.version,
            Some(sig_id),
            now,
        )
        .await?;
        sqlx::query("UPDATE agreement_acceptances SET participant_id = $1 WHERE signature_id = $2")
            .bind(&stored.id)
            .bind(sig_id)
            .execute(&mut *tx)
            .await?;
        // ACC-76: the session acts for the new participant.
        store::set_session_context(&mut tx, &s.id_sha256, Some(&stored.id), &authorities).await?;
        self.audit(
            &mut tx,
            "part.register",
            Some(&a.id),
            origin,
            json!({ "outcome": "OK", "participant": stored.id, "type": stored.kind,
                    "id_number": stored.id_number, "authorities": authorities }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(stored)
    }

    /// ACC-30: the context a certificate opens at login — the participant of its БИН (or of
    /// the person's ИИН for ФЛ/ИП/КХ) when the account has an active membership there.
    pub(crate) async fn login_context(
        &self,
        account_id: &str,
        iin: &str,
        cert_bin: Option<&str>,
    ) -> Result<(Option<String>, Vec<String>), AccountsError> {
        let id_number = cert_bin.unwrap_or(iin);
        let Some(p) = store_org::participant_by(self.db.pool(), "id_number", id_number).await?
        else {
            return Ok((None, Vec::new()));
        };
        if p.status != "ACTIVE" {
            return Ok((None, Vec::new()));
        }
        match store_org::membership(self.db.pool(), account_id, &p.id).await? {
            Some(m) if m.status == "ACTIVE" => Ok((Some(p.id), m.authorities)),
            _ => Ok((None, Vec::new())),
        }
    }

    pub async fn participant(&self, id: &str) -> Result<Option<Participant>, AccountsError> {
        Ok(store_org::participant_by(self.db.pool(), "id", id).await?)
    }

    pub async fn memberships(
        &self,
        account_id: &str,
    ) -> Result<Vec<store_org::Membership>, AccountsError> {
        Ok(store_org::memberships_of(self.db.pool(), account_id).await?)
    }

    /// Loads the banks of the reference data into the platform's bank dictionary (ACC-31): new
    /// BICs only; what an administrator changed stays.
    pub async fn sync_banks(&self) -> Result<usize, AccountsError> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT code, name_ru, name_kk, extra FROM dict_entries WHERE dict = 'banks' ORDER BY position",
        )
        .fetch_all(self.db.pool())
        .await?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        for r in &rows {
            let extra: Option<String> = r.try_get("extra")?;
            let iban_code = extra
                .as_deref()
                .and_then(|e| serde_json::from_str::<serde_json::Value>(e).ok())
                .and_then(|v| {
                    v.get("iban_bank_code")
                        .and_then(|c| c.as_str().map(str::to_string))
                })
                .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()));
            let bank = store_org::Bank {
                bic: r.try_get("code")?,
                name_ru: r.try_get("name_ru")?,
                name_kk: r.try_get("name_kk")?,
                iban_code,
                country: "KZ".into(),
                status: "ACTIVE".into(),
            };
            store_org::insert_bank_if_absent(&mut tx, &bank, "REFERENCE_DATA", now).await?;
        }
        self.commit(tx).await?;
        Ok(rows.len())
    }
}
