//! The users' access requests (E1–E3, ACC-93…95, AS-67/68): the form's context, the signed
//! request with its power of attorney, the queue and the authorized body's decision.

use super::{
    EnsDecision, EnsRequestContext, EnsRequestForm, EnsRequestItem, EnsRequestPage, EnsRequestView,
    EnsSignatureFacts, FILE_MAX, Upload, field, phone_ok, sniff_mime,
};
use crate::authz::{self, Action, Cell};
use crate::error::AccountsError;
use crate::flow::AccountStatus;
use crate::model::SessionInfo;
use crate::service::{Accounts, Origin, internal};
use crate::store;
use crate::store_ens::{self, AccessRequestRow};
use crate::store_org;
use crate::values::trimmed;
use kernel::{ErrorCode, Lang, PageRequest};
use serde_json::json;
use signatures::{Binding, Purpose, TbsInput};

impl Accounts {
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

    /// «Заявки на регистрацию пользователей ЕНС ТРУ» as a page: requests of a status (default
    /// `SUBMITTED`), newest first, whose ФИО, e-mail, БИН or organisation name has every word
    /// of `q`. The queue is short (requests wait days, not years): the words are matched here
    /// on folded keys (kernel::text), as SQLite folds only ASCII.
    pub async fn ens_request_page(
        &self,
        s: &SessionInfo,
        status: Option<&str>,
        q: &str,
        page: &PageRequest,
    ) -> Result<EnsRequestPage, AccountsError> {
        self.require(s, Action::EnsAccredit).await?;
        let status = status.unwrap_or("SUBMITTED");
        if !["SUBMITTED", "ACCREDITED", "REFUSED"].contains(&status) {
            return Err(AccountsError::refused(ErrorCode::InvalidParameter));
        }
        let words = kernel::text::match_keys(q);
        let found: Vec<EnsRequestItem> = store_ens::requests_with_names(self.db.pool(), status)
            .await?
            .into_iter()
            .filter(|(r, name)| {
                let text = format!(
                    "{} {} {} {} {}",
                    r.last_name, r.first_name, r.email, r.bin, name
                );
                let key = format!(" {} ", kernel::text::match_keys(&text).join(" "));
                words.iter().all(|w| key.contains(w.as_str()))
            })
            .map(|(request, participant_name)| EnsRequestItem {
                request,
                participant_name,
            })
            .collect();
        let total = found.len() as i64;
        let items = found
            .into_iter()
            .skip(page.offset())
            .take(page.per_page as usize)
            .collect();
        Ok(EnsRequestPage {
            total,
            page: page.page,
            per_page: page.per_page,
            items,
        })
    }

    /// One request for the review with «Организация» and the facts of its signature.
    pub async fn ens_request_view(
        &self,
        s: &SessionInfo,
        id: i64,
    ) -> Result<EnsRequestView, AccountsError> {
        let request = self.ens_request(s, id).await?;
        let participant_name =
            store_org::participant_by(self.db.pool(), "id", &request.participant_id)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
        let signature = signatures::store::load_signature(&self.db, request.signature_id)
            .await?
            .map(|g| EnsSignatureFacts {
                signature_id: g.id,
                iin: g.iin,
                bin: g.bin,
                cert_serial: g.cert_serial,
                cert_issuer: g.cert_issuer,
                signing_time: g.signing_time.0,
            });
        Ok(EnsRequestView {
            request,
            participant_name,
            signature,
        })
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
}
