//! ЕНС ТРУ in the account layer (spec/accounts.md §2.5, §2.16, §3.12): the organisations an
//! `ENS_ADMIN` enters from Приложение №1 (ACC-28, AS-65), the users' access requests with the
//! power of attorney, the agreement and the signature (E1, ACC-94, AS-67), the authorized
//! body's «Аккредитовать» / «Отказать» (E2, E3, ACC-95, AS-68) and the revocation of
//! `ENS_USER` (ACC-96, AS-71). The Requests-module login is in [`crate::ens_login`].
//!
//! ```text
//!            «Подать заявку» (signed)         «Аккредитовать»
//!   (none) ───────────────────────────▶ SUBMITTED ───────────────▶ ACCREDITED
//!                                           │
//!                                           └──── «Отказать» + reason ──▶ REFUSED
//! ```
//!
//! Not here: the bank row of Appendix 1 («ИИК», «БИК», «КБЕ», «Банк»), the Приложение №2
//! template (CAT-65) and the `SUPERVISOR` grant (`ens.supervisor`).

use crate::authz::{self, Action, Cell};
use crate::error::{AccountsError, FieldError};
use crate::flow::AccountStatus;
use crate::model::SessionInfo;
use crate::rules::{self, IdKind};
use crate::service::{Accounts, Origin, internal, random_token};
use crate::store;
use crate::store_ens::{self, AccessRequestRow, EnsGrant, EnsProfileRow};
use crate::store_org::{self, Participant};
use crate::values::trimmed;
use kernel::{ErrorCode, Lang, PageRequest};
use serde::{Deserialize, Serialize};
use serde_json::json;
use signatures::{Binding, Purpose, TbsInput};

/// ACC-8: the largest uploaded file.
pub const FILE_MAX: usize = 20 * 1024 * 1024;

/// The Appendix 1 form (§2.5) as the `ENS_ADMIN` sends it; `None` = empty.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsOrgForm {
    /// «Наименование организации на русском языке *».
    pub name: Option<String>,
    /// «Наименование организации на казахском языке».
    pub name_kk: Option<String>,
    /// «Форма собственности»: a КФС code.
    pub kfs: Option<String>,
    /// «Родительская организация»: a participant id.
    pub parent_participant_id: Option<String>,
    /// «БИН *».
    pub bin: Option<String>,
    /// «РНН».
    pub rnn: Option<String>,
    /// «Регион»: a КАТО code of the top level.
    pub region: Option<String>,
    /// «Адрес».
    pub address: Option<String>,
    pub contact_last_name: Option<String>,
    pub contact_first_name: Option<String>,
    pub contact_middle_name: Option<String>,
    pub contact_position: Option<String>,
    pub contact_work_phone: Option<String>,
    pub contact_mobile_phone: Option<String>,
    /// «Электронная почта *» of the contact person.
    pub contact_email: Option<String>,
}

/// An organisation of «Организации ЕНС ТРУ»: the participant's Appendix 1 data and the profile.
#[derive(Debug, Clone, Serialize)]
pub struct EnsOrganisation {
    pub participant_id: String,
    pub bin: String,
    pub name: String,
    pub kfs: Option<String>,
    /// `ADMIN_CREATED`, `ACTIVE` or `BLOCKED`.
    pub participant_status: String,
    #[serde(flatten)]
    pub profile: EnsProfileRow,
}

/// One page of «Организации ЕНС ТРУ».
#[derive(Debug, Clone, Serialize)]
pub struct EnsOrganisationPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<EnsOrganisation>,
}

/// «Заявка на регистрацию в ЕНС ТРУ»: the read-only part of the form (CAT-151).
#[derive(Debug, Clone, Serialize)]
pub struct EnsRequestContext {
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub bin: String,
    pub participant_id: String,
    /// «Организация».
    pub participant_name: String,
    /// The `USER_ENS` agreement the checkbox accepts.
    pub agreement_version: String,
}

/// What the user fills in and signs (CAT-151); the file comes beside it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsRequestForm {
    /// «Должность».
    pub position: Option<String>,
    /// «Контактный телефон».
    pub phone: Option<String>,
    /// «Я принимаю условия пользовательского соглашения».
    #[serde(default)]
    pub agreement_accepted: bool,
    /// «Подать заявку»: the request signed over an `ens.access_request` challenge.
    pub signature: Option<crate::participants::SignedAct>,
}

/// «Доверенность» as uploaded.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// «Аккредитовать» (`accredit` = true) or «Отказать» with «Причина отказа».
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsDecision {
    pub accredit: bool,
    pub reason: Option<String>,
}

/// ACC-96: revocation of `ENS_USER` with a reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsRevocation {
    pub reason: Option<String>,
}

/// An effective `ENS_USER` as staff see it.
#[derive(Debug, Clone, Serialize)]
pub struct EnsUserView {
    pub grant_id: i64,
    pub account_id: String,
    pub full_name: String,
    pub email: String,
    pub participant_id: String,
    pub participant_name: String,
    pub granted_at: i64,
}

fn field(field: &'static str, code: ErrorCode) -> FieldError {
    FieldError { field, code }
}

/// §2 `Phone`: free text of at most 50 digits, spaces, `+`, `(`, `)`, `-`, `,`, with a number
/// of at least 5 digits.
pub fn phone_ok(s: &str) -> bool {
    s.chars().count() <= 50
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +()-,".contains(c))
        && s.chars().filter(char::is_ascii_digit).count() >= 5
}

/// ACC-8: the type of a file by its first bytes (never by its name): pdf, jpg or png.
pub fn sniff_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// The words of the list search: folded names and the БИН.
fn search_key(name: &str, name_kk: Option<&str>, bin: &str) -> String {
    let mut words = kernel::text::match_keys(name);
    if let Some(kk) = name_kk {
        words.extend(kernel::text::match_keys(kk));
    }
    words.push(bin.to_string());
    format!(" {} ", words.join(" "))
}

impl Accounts {
    // ---- «Организации ЕНС ТРУ» (ACC-28, §2.5) ----

    /// Creates or edits the Appendix 1 form of a БИН: attaches the profile to the participant of
    /// the БИН (its registration data unchanged) or creates an `ADMIN_CREATED` `UL` participant
    /// without members. Every field error at once; nothing stored on any.
    pub async fn save_ens_organisation(
        &self,
        s: &SessionInfo,
        f: &EnsOrgForm,
        origin: &Origin<'_>,
    ) -> Result<EnsOrganisation, AccountsError> {
        self.require(s, Action::EnsOrg).await?;
        let mut errors = Vec::new();
        let bin = match trimmed(&f.bin) {
            None => {
                errors.push(field("bin", ErrorCode::AccRequired));
                None
            }
            Some(b) => match rules::typed_id(&b, IdKind::Bin) {
                Ok(b) => Some(b),
                Err(code) => {
                    errors.push(field("bin", code));
                    None
                }
            },
        };
        let existing = match &bin {
            Some(b) => store_org::participant_by(self.db.pool(), "id_number", b).await?,
            None => None,
        };
        self.check_org_form(f, existing.as_ref(), &mut errors)
            .await?;
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        let bin = bin.ok_or_else(|| internal("bin"))?;
        let now = self.now();
        let contact_email = trimmed(&f.contact_email).unwrap_or_default();
        let mut tx = self.write_tx().await?;
        let (participant, created) = match existing {
            Some(p) => (p, false),
            None => {
                let p = Participant {
                    id: format!("prt_{}", &random_token()?[..22]),
                    kind: "UL".into(),
                    id_number: bin.clone(),
                    name: trimmed(&f.name).unwrap_or_default(),
                    country: "KZ".into(),
                    kse: "9".into(),
                    kfs: trimmed(&f.kfs),
                    is_resident: true,
                    email: contact_email.clone(),
                    phones: trimmed(&f.contact_work_phone)
                        .or_else(|| trimmed(&f.contact_mobile_phone))
                        .unwrap_or_default(),
                    status: "ADMIN_CREATED".into(),
                    ..Participant::default()
                };
                if let Err(e) =
                    store_org::save_participant(&mut tx, &p, &s.account.id, now, false).await
                {
                    let e = db::DbError::from(e);
                    return Err(match e.unique_violation() {
                        // Another administrator entered the БИН a moment ago: save again.
                        Some("uq_participants_id_number") => {
                            AccountsError::refused(ErrorCode::AccEnsDuplicate)
                        }
                        _ => e.into(),
                    });
                }
                (p, true)
            }
        };
        // The participant of a later registration keeps its name; an ADMIN_CREATED one follows
        // the form (its only source).
        let participant = if !created && participant.status == "ADMIN_CREATED" {
            let name = trimmed(&f.name).unwrap_or_else(|| participant.name.clone());
            let kfs = trimmed(&f.kfs);
            sqlx::query(
                "UPDATE participants SET name = $2, kfs = $3, updated_at = $4, updated_by = $5 \
                 WHERE id = $1 AND status = 'ADMIN_CREATED'",
            )
            .bind(&participant.id)
            .bind(&name)
            .bind(&kfs)
            .bind(now.0)
            .bind(&s.account.id)
            .execute(&mut *tx)
            .await?;
            Participant {
                name,
                kfs,
                ..participant
            }
        } else {
            participant
        };
        let before = store_ens::profile(&mut *tx, &participant.id).await?;
        let profile = EnsProfileRow {
            participant_id: participant.id.clone(),
            name_kk: trimmed(&f.name_kk),
            parent_participant_id: trimmed(&f.parent_participant_id),
            rnn: trimmed(&f.rnn),
            region: trimmed(&f.region),
            address: trimmed(&f.address),
            contact_last_name: trimmed(&f.contact_last_name),
            contact_first_name: trimmed(&f.contact_first_name),
            contact_middle_name: trimmed(&f.contact_middle_name),
            contact_position: trimmed(&f.contact_position),
            contact_work_phone: trimmed(&f.contact_work_phone),
            contact_mobile_phone: trimmed(&f.contact_mobile_phone),
            contact_email,
            created_at: before.as_ref().map(|b| b.created_at).unwrap_or(now.0),
            updated_at: now.0,
        };
        let key = search_key(&participant.name, profile.name_kk.as_deref(), &bin);
        store_ens::save_profile(&mut tx, &profile, &key, &s.account.id, now).await?;
        self.audit(
            &mut tx,
            "ens.org",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant.id, "bin": bin,
                    "participant_created": created, "before": before, "after": profile }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(EnsOrganisation {
            participant_id: participant.id,
            bin,
            name: participant.name,
            kfs: participant.kfs,
            participant_status: participant.status,
            profile,
        })
    }

    /// The validations of §2.5 other than the БИН.
    async fn check_org_form(
        &self,
        f: &EnsOrgForm,
        existing: Option<&Participant>,
        errors: &mut Vec<FieldError>,
    ) -> Result<(), AccountsError> {
        // «Наименование» is required to create; an existing participant keeps its own (ACC-28).
        if trimmed(&f.name).is_none() && existing.is_none_or(|p| p.status == "ADMIN_CREATED") {
            errors.push(field("name", ErrorCode::AccRequired));
        }
        for (name, v, max) in [
            ("name", &f.name, 500),
            ("name_kk", &f.name_kk, 500),
            ("address", &f.address, 500),
            ("contact_last_name", &f.contact_last_name, 100),
            ("contact_first_name", &f.contact_first_name, 100),
            ("contact_middle_name", &f.contact_middle_name, 100),
            ("contact_position", &f.contact_position, 255),
        ] {
            if trimmed(v).is_some_and(|s| s.chars().count() > max) {
                errors.push(field(name, ErrorCode::AccTooLong));
            }
        }
        match trimmed(&f.contact_email) {
            None => errors.push(field("contact_email", ErrorCode::AccRequired)),
            Some(e) if kernel::values::Email::parse(&e).is_err() => {
                errors.push(field("contact_email", ErrorCode::AccEmailInvalid))
            }
            _ => {}
        }
        if let Some(r) = trimmed(&f.rnn)
            && (r.len() != 12 || !r.bytes().all(|b| b.is_ascii_digit()))
        {
            errors.push(field("rnn", ErrorCode::AccRnnFormat));
        }
        for (name, v) in [
            ("contact_work_phone", &f.contact_work_phone),
            ("contact_mobile_phone", &f.contact_mobile_phone),
        ] {
            if trimmed(v).is_some_and(|p| !phone_ok(&p)) {
                errors.push(field(name, ErrorCode::AccPhoneInvalid));
            }
        }
        if let Some(k) = trimmed(&f.kfs)
            && !store_org::dict_has(self.db.pool(), "kfs", &k).await?
        {
            errors.push(field("kfs", ErrorCode::AccDictValue));
        }
        // «Регион»: a region of the КАТО top level (`XX0000000`).
        if let Some(r) = trimmed(&f.region)
            && (!r.ends_with("0000000") || !store_org::dict_has(self.db.pool(), "kato", &r).await?)
        {
            errors.push(field("region", ErrorCode::AccDictValue));
        }
        if let Some(parent) = trimmed(&f.parent_participant_id) {
            let own = existing.map(|p| p.id.as_str());
            if store_org::participant_by(self.db.pool(), "id", &parent)
                .await?
                .is_none()
            {
                errors.push(field("parent_participant_id", ErrorCode::AccDictValue));
            } else if Some(parent.as_str()) == own || self.descends(&parent, own).await? {
                errors.push(field("parent_participant_id", ErrorCode::AccEnsParent));
            }
        }
        Ok(())
    }

    /// Whether walking up the parents of `from` reaches `own` (a cycle would close).
    async fn descends(&self, from: &str, own: Option<&str>) -> Result<bool, AccountsError> {
        let Some(own) = own else {
            return Ok(false);
        };
        let mut cur = from.to_string();
        for _ in 0..64 {
            match store_ens::parent_of(self.db.pool(), &cur).await? {
                Some(p) if p == own => return Ok(true),
                Some(p) => cur = p,
                None => return Ok(false),
            }
        }
        Ok(true)
    }

    async fn organisation(&self, profile: EnsProfileRow) -> Result<EnsOrganisation, AccountsError> {
        let p = store_org::participant_by(self.db.pool(), "id", &profile.participant_id)
            .await?
            .ok_or_else(|| internal("profile of a missing participant"))?;
        Ok(EnsOrganisation {
            participant_id: p.id,
            bin: p.id_number,
            name: p.name,
            kfs: p.kfs,
            participant_status: p.status,
            profile,
        })
    }

    /// One organisation of «Организации ЕНС ТРУ».
    pub async fn ens_organisation(
        &self,
        s: &SessionInfo,
        participant_id: &str,
    ) -> Result<EnsOrganisation, AccountsError> {
        self.require(s, Action::EnsOrg).await?;
        let profile = store_ens::profile(self.db.pool(), participant_id)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        self.organisation(profile).await
    }

    /// «Организации ЕНС ТРУ»: search by name or БИН (every word must match), paged.
    pub async fn ens_organisations(
        &self,
        s: &SessionInfo,
        q: &str,
        page: &PageRequest,
    ) -> Result<EnsOrganisationPage, AccountsError> {
        self.require(s, Action::EnsOrg).await?;
        let words = kernel::text::match_keys(q);
        let (total, rows) = store_ens::search_profiles(
            self.db.pool(),
            &words,
            page.offset() as i64,
            i64::from(page.per_page),
        )
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            items.push(self.organisation(r).await?);
        }
        Ok(EnsOrganisationPage {
            total,
            page: page.page,
            per_page: page.per_page,
            items,
        })
    }

    // ---- access requests (E1, ACC-94) ----

    /// C7 of §4.9 and the refusals of ACC-94: an `ACTIVE` account in a certificate session whose
    /// certificate carries a БИН with an `EnsOrgProfile`, no effective `ENS_USER` and no pending
    /// request there. Returns the form's read-only data.
    pub async fn ens_request_context(
        &self,
        s: &SessionInfo,
    ) -> Result<EnsRequestContext, AccountsError> {
        match authz::cell(&authz::Principal::of(s, false, false), Action::EnsRequest) {
            Cell::Cond(7) => {}
            _ => return Err(self.denied(s, Action::EnsRequest, None, "matrix").await),
        }
        if s.account.status != AccountStatus::Active {
            return Err(AccountsError::with(
                ErrorCode::AccNotActivated,
                vec![("email", s.account.email.clone())],
            ));
        }
        let Some(bin) = s.cert_bin.clone() else {
            return Err(AccountsError::refused(ErrorCode::AccEnsLegalEntityRequired));
        };
        let not_registered = || {
            AccountsError::with(
                ErrorCode::AccEnsOrgNotRegistered,
                vec![("bin", bin.clone())],
            )
        };
        let p = store_org::participant_by(self.db.pool(), "id_number", &bin)
            .await?
            .ok_or_else(not_registered)?;
        if store_ens::profile(self.db.pool(), &p.id).await?.is_none() {
            return Err(not_registered());
        }
        let pending = store_ens::requests_by(self.db.pool(), "account_id", &s.account.id)
            .await?
            .iter()
            .any(|r| r.participant_id == p.id && r.status == "SUBMITTED");
        if pending || self.ens_effective(&s.account.id, &p.id).await? {
            return Err(AccountsError::refused(ErrorCode::AccEnsDuplicate));
        }
        let agreement = store::current_agreement(self.db.pool(), "USER_ENS", self.now())
            .await?
            .ok_or_else(|| internal("no USER_ENS agreement is published"))?;
        Ok(EnsRequestContext {
            last_name: s.account.last_name.clone(),
            first_name: s.account.first_name.clone(),
            email: s.account.email.clone(),
            bin,
            participant_id: p.id,
            participant_name: p.name,
            agreement_version: agreement.version,
        })
    }

    /// The TBS of «Подать заявку» (purpose `ens.access_request`): the participant, the typed
    /// fields, the SHA-256 of the power of attorney and the `USER_ENS` text, for a signing key of
    /// the account's ИИН carrying the БИН (ACC-157).
    pub async fn ens_request_tbs(
        &self,
        s: &SessionInfo,
        position: &str,
        phone: &str,
        power_of_attorney_sha256: &str,
        lang: Lang,
    ) -> Result<(TbsInput, Binding), AccountsError> {
        let ctx = self.ens_request_context(s).await?;
        let mut input = self
            .agreement_input("USER_ENS", "ens.access_request", lang)
            .await?;
        input.summary = kernel::i18n::Messages::get().t_args(
            lang,
            "ens-summary-access-request",
            &[
                ("name", ctx.participant_name.as_str().into()),
                ("bin", ctx.bin.as_str().into()),
            ],
        );
        input.account_id = Some(s.account.id.clone());
        input.bin = Some(ctx.bin.clone());
        input.content = Some(json!({
            "participant_id": ctx.participant_id,
            "bin": ctx.bin,
            "position": position.trim(),
            "phone": phone.trim(),
            "power_of_attorney_sha256": power_of_attorney_sha256.trim().to_ascii_lowercase(),
        }));
        let binding = Binding {
            iin: Some(s.account.iin.clone()),
            bin: Some(ctx.bin),
            ..Binding::none()
        };
        Ok((input, binding))
    }

    /// E1 «Подать заявку»: the checks of ACC-94, every field error at once, then the signature;
    /// the request, its file, the `USER_ENS` acceptance, the signature and the audit event
    /// commit together.
    pub async fn submit_ens_request(
        &self,
        s: &SessionInfo,
        f: &EnsRequestForm,
        file: Option<&Upload>,
        origin: &Origin<'_>,
    ) -> Result<AccessRequestRow, AccountsError> {
        let ctx = self.ens_request_context(s).await?;
        let mut errors = Vec::new();
        let position = trimmed(&f.position);
        match &position {
            None => errors.push(field("position", ErrorCode::AccRequired)),
            Some(p) if p.chars().count() > 255 => {
                errors.push(field("position", ErrorCode::AccTooLong))
            }
            _ => {}
        }
        let phone = trimmed(&f.phone);
        match &phone {
            None => errors.push(field("phone", ErrorCode::AccRequired)),
            Some(p) if !phone_ok(p) => errors.push(field("phone", ErrorCode::AccPhoneInvalid)),
            _ => {}
        }
        let mime = match file {
            None => {
                errors.push(field("power_of_attorney", ErrorCode::AccRequired));
                None
            }
            Some(u) if u.bytes.is_empty() => {
                errors.push(field("power_of_attorney", ErrorCode::AccRequired));
                None
            }
            Some(u) if u.bytes.len() > FILE_MAX => {
                errors.push(field("power_of_attorney", ErrorCode::AccFileTooLarge));
                None
            }
            Some(u) => match sniff_mime(&u.bytes) {
                Some(m) => Some(m),
                None => {
                    errors.push(field("power_of_attorney", ErrorCode::AccFileType));
                    None
                }
            },
        };
        if !f.agreement_accepted {
            errors.push(field("agreement_accepted", ErrorCode::AccEnsAgreement));
        }
        if f.signature.is_none() {
            errors.push(field("signature", ErrorCode::AccRequired));
        }
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        let (Some(position), Some(phone), Some(mime), Some(file), Some(signed)) =
            (position, phone, mime, file, &f.signature)
        else {
            return Err(internal("checked fields"));
        };
        let sha = signatures::sha256_hex(&file.bytes);
        let purpose = Purpose::parse("ens.access_request").ok_or_else(|| internal("purpose"))?;
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
        // ACC-157: a certificate of the account's ИИН carrying the participant's БИН.
        Binding {
            iin: Some(s.account.iin.clone()),
            bin: Some(ctx.bin.clone()),
            ..Binding::none()
        }
        .check(signer)
        .map_err(AccountsError::Signature)?;
        let agreement = store::current_agreement(self.db.pool(), "USER_ENS", self.now())
            .await?
            .ok_or_else(|| internal("no USER_ENS agreement is published"))?;
        let signed_tbs: serde_json::Value =
            serde_json::from_slice(&act.challenge.tbs).map_err(internal)?;
        let at = |p: &str| {
            signed_tbs
                .pointer(p)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        if at("/content/participant_id").as_deref() != Some(ctx.participant_id.as_str())
            || at("/content/position").as_deref() != Some(position.as_str())
            || at("/content/phone").as_deref() != Some(phone.as_str())
            || at("/content/power_of_attorney_sha256").as_deref() != Some(sha.as_str())
            || at("/agreement/sha256").as_deref() != Some(agreement.text_sha256.as_str())
        {
            // The challenge was made for other data (or another text): sign again.
            return Err(AccountsError::Signature(pki::PkiError::ChallengeUnknown));
        }
        let now = self.now();
        let mut r = AccessRequestRow {
            id: 0,
            account_id: s.account.id.clone(),
            participant_id: ctx.participant_id.clone(),
            last_name: signer.last_name.clone(),
            first_name: signer.first_name.clone(),
            email: signer
                .email
                .clone()
                .unwrap_or_else(|| s.account.email.clone()),
            bin: ctx.bin.clone(),
            position: position.clone(),
            phone: phone.clone(),
            poa_file_name: file
                .file_name
                .trim()
                .chars()
                .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
                .take(255)
                .collect(),
            poa_mime: mime.to_string(),
            poa_size: file.bytes.len() as i64,
            poa_sha256: sha,
            agreement_version: agreement.version.clone(),
            signature_id: 0,
            status: "SUBMITTED".into(),
            refusal_reason: None,
            decided_by: None,
            decided_at: None,
            created_at: now.0,
        };
        let mut tx = self.write_tx().await?;
        let (sig_id, _) = self
            .signing
            .record(
                &mut tx,
                &act,
                origin.session_id,
                origin.ip,
                json!({ "participant": ctx.participant_id, "bin": ctx.bin }),
            )
            .await?;
        r.signature_id = sig_id;
        r.id = match store_ens::insert_request(&mut tx, &r, &file.bytes).await {
            Ok(id) => id,
            Err(e) => {
                let e = db::DbError::from(e);
                return Err(match e.unique_violation() {
                    Some("uq_ens_access_requests_pending") => {
                        AccountsError::refused(ErrorCode::AccEnsDuplicate)
                    }
                    _ => e.into(),
                });
            }
        };
        // ACC-24: the USER_ENS agreement is ticked (CHECKBOX), once per version.
        let accepted = store::acceptances_of(&mut *tx, &s.account.id)
            .await?
            .iter()
            .any(|(k, v, _)| k == "USER_ENS" && *v == agreement.version);
        if !accepted {
            store::insert_acceptance(
                &mut tx,
                &s.account.id,
                "USER_ENS",
                &agreement.version,
                None,
                now,
            )
            .await?;
        }
        self.audit(
            &mut tx,
            "ens.request",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "request": r.id, "participant": r.participant_id,
                    "bin": r.bin, "signature": sig_id, "power_of_attorney":
                    { "sha256": r.poa_sha256, "size": r.poa_size, "mime": r.poa_mime } }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(r)
    }

    /// The requester's own requests, newest first.
    pub async fn my_ens_requests(
        &self,
        s: &SessionInfo,
    ) -> Result<Vec<AccessRequestRow>, AccountsError> {
        if s.assurance != "CERT_PASSWORD" {
            return Err(self.denied(s, Action::EnsRequest, None, "matrix").await);
        }
        Ok(store_ens::requests_by(self.db.pool(), "account_id", &s.account.id).await?)
    }

    // ---- the authorized body (E2, E3, ACC-95) ----

    /// «Заявки на регистрацию пользователей ЕНС ТРУ»: requests of a status (default
    /// `SUBMITTED`), newest first.
    pub async fn ens_request_queue(
        &self,
        s: &SessionInfo,
        status: Option<&str>,
    ) -> Result<Vec<AccessRequestRow>, AccountsError> {
        self.require(s, Action::EnsAccredit).await?;
        let status = status.unwrap_or("SUBMITTED");
        if !["SUBMITTED", "ACCREDITED", "REFUSED"].contains(&status) {
            return Err(AccountsError::refused(ErrorCode::InvalidParameter));
        }
        Ok(store_ens::requests_by(self.db.pool(), "status", status).await?)
    }

    /// One request for the review.
    pub async fn ens_request(
        &self,
        s: &SessionInfo,
        id: i64,
    ) -> Result<AccessRequestRow, AccountsError> {
        self.require(s, Action::EnsAccredit).await?;
        store_ens::request(self.db.pool(), id)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))
    }

    /// The power of attorney of a request (download): (file name, MIME type, bytes).
    pub async fn ens_power_of_attorney(
        &self,
        s: &SessionInfo,
        id: i64,
    ) -> Result<(String, String, Vec<u8>), AccountsError> {
        self.require(s, Action::EnsAccredit).await?;
        store_ens::power_of_attorney(self.db.pool(), id)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))
    }

    /// E2 «Аккредитовать» / E3 «Отказать». Accreditation grants `ENS_USER` in the participant
    /// and creates (or re-opens) the membership with `source` `ENS_ACCREDITATION` and no
    /// authorities; a blocked membership refuses it with MSG-MEMBER-BLOCKED and the request
    /// stays `SUBMITTED` for «Отказать». No password is made or mailed (ACC-95, G-7).
    pub async fn decide_ens_request(
        &self,
        s: &SessionInfo,
        id: i64,
        d: &EnsDecision,
        origin: &Origin<'_>,
    ) -> Result<AccessRequestRow, AccountsError> {
        self.require(s, Action::EnsAccredit).await?;
        let r = store_ens::request(self.db.pool(), id)
            .await?
            .filter(|r| r.status == "SUBMITTED")
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        let reason = trimmed(&d.reason).map(|r| r.chars().take(1000).collect::<String>());
        if !d.accredit && reason.is_none() {
            return Err(AccountsError::Fields(vec![field(
                "reason",
                ErrorCode::AccRejectReason,
            )]));
        }
        let requester = store::account_by_id(self.db.pool(), &r.account_id)
            .await?
            .ok_or_else(|| internal("requester"))?;
        let p = store_org::participant_by(self.db.pool(), "id", &r.participant_id)
            .await?
            .ok_or_else(|| internal("participant of a request"))?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let mut detail = json!({ "outcome": "OK", "request": id, "participant": p.id,
                                 "account": requester.id });
        if d.accredit {
            let membership = store_org::membership(&mut *tx, &requester.id, &p.id).await?;
            match &membership {
                Some(m) if m.status == "BLOCKED" => {
                    return Err(AccountsError::with(
                        ErrorCode::AccMemberBlocked,
                        vec![
                            ("name", p.name.clone()),
                            ("reason", m.block_reason.clone().unwrap_or_default()),
                        ],
                    ));
                }
                Some(m) if m.status == "ENDED" => {
                    store_org::reopen_membership(
                        &mut tx,
                        m.id,
                        &[],
                        Some(&r.position),
                        "ENS_ACCREDITATION",
                        &s.account.id,
                        now,
                    )
                    .await?;
                    detail["membership"] = json!({ "id": m.id, "op": "reopened" });
                }
                Some(m) => detail["membership"] = json!({ "id": m.id, "op": "kept" }),
                None => {
                    let m = store_org::insert_membership(
                        &mut tx,
                        &requester.id,
                        &p.id,
                        &[],
                        "ENS_ACCREDITATION",
                        Some(&r.position),
                        now,
                    )
                    .await?;
                    detail["membership"] = json!({ "id": m, "op": "created" });
                }
            }
            if store_ens::ens_grants(&mut *tx, "account_id", &requester.id)
                .await?
                .iter()
                .all(|g| g.participant_id != p.id)
            {
                let grant = store::grant_role(
                    &mut tx,
                    &requester.id,
                    "ENS_USER",
                    Some(&p.id),
                    Some(&s.account.id),
                    &format!("ens_access_request {id}"),
                    now,
                )
                .await?;
                detail["grant"] = json!(grant);
            }
        }
        let status = if d.accredit { "ACCREDITED" } else { "REFUSED" };
        if !store_ens::decide_request(&mut tx, id, status, reason.as_deref(), &s.account.id, now)
            .await?
        {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        }
        if d.accredit {
            self.notify_member(
                &mut tx,
                &requester,
                "E-ENS-ACCREDITED",
                "mail-ens-accredited",
                vec![("name", p.name.clone()), ("email", requester.email.clone())],
            )
            .await?;
        } else {
            self.notify_member(
                &mut tx,
                &requester,
                "E-ENS-REFUSED",
                "mail-ens-refused",
                vec![
                    ("name", p.name.clone()),
                    ("reason", reason.clone().unwrap_or_default()),
                ],
            )
            .await?;
        }
        detail["decision"] = json!(status);
        detail["reason"] = json!(reason);
        self.audit(&mut tx, "ens.accredit", Some(&s.account.id), origin, detail)
            .await?;
        self.commit_with_mail(tx).await?;
        Ok(AccessRequestRow {
            status: status.into(),
            refusal_reason: reason,
            decided_by: Some(s.account.id.clone()),
            decided_at: Some(now.0),
            ..r
        })
    }

    // ---- `ENS_USER` (ACC-96) ----

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

    /// The effective `ENS_USER` grants of a participant (all participants when `None`), for the
    /// staff who may revoke them.
    pub async fn ens_users(
        &self,
        s: &SessionInfo,
        participant_id: Option<&str>,
    ) -> Result<Vec<EnsUserView>, AccountsError> {
        self.require(s, Action::EnsRevoke).await?;
        let grants = match participant_id {
            Some(p) => store_ens::ens_grants(self.db.pool(), "scope_participant_id", p).await?,
            None => store_ens::ens_grants(self.db.pool(), "role", "ENS_USER").await?,
        };
        let mut out = Vec::with_capacity(grants.len());
        for g in grants {
            let (Some(a), Some(p)) = (
                store::account_by_id(self.db.pool(), &g.account_id).await?,
                store_org::participant_by(self.db.pool(), "id", &g.participant_id).await?,
            ) else {
                continue;
            };
            out.push(EnsUserView {
                grant_id: g.id,
                account_id: a.id.clone(),
                full_name: a.full_name(),
                email: a.email,
                participant_id: p.id,
                participant_name: p.name,
                granted_at: g.granted_at,
            });
        }
        Ok(out)
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
        self.audit(
            &mut tx,
            "ens.revoke",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "grant": grant_id, "account": g.account_id,
                    "participant": g.participant_id, "reason": reason, "sessions_ended": ended }),
        )
        .await?;
        self.commit(tx).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_8_file_type_by_magic_bytes_not_by_name() {
        assert_eq!(sniff_mime(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff_mime(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(
            sniff_mime(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
        assert_eq!(sniff_mime(b"MZ\x90\0"), None);
        assert_eq!(sniff_mime(b""), None);
    }

    #[test]
    fn acc_94_contact_phone_is_free_text_of_digits_and_separators() {
        assert!(phone_ok("+7 (7172) 11 22 33"));
        assert!(phone_ok("8-7172-112233, 112234"));
        assert!(!phone_ok("1234"));
        assert!(!phone_ok("+7 717 ABC"));
        assert!(!phone_ok(&"1".repeat(51)));
    }
}
