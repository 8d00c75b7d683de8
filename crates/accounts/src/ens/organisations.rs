//! «Организации ЕНС ТРУ» (ACC-28, §2.5, AS-65): the Appendix 1 data an `ENS_ADMIN` enters and
//! the list of organisations.

use super::{EnsOrgForm, EnsOrganisation, EnsOrganisationPage, field, phone_ok, search_key};
use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::model::SessionInfo;
use crate::rules::{self, IdKind};
use crate::service::{Accounts, Origin, internal, random_token};
use crate::store_ens::{self, EnsProfileRow};
use crate::store_org::{self, Participant};
use crate::values::trimmed;
use kernel::{ErrorCode, PageRequest};
use serde_json::json;

impl Accounts {
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
}
