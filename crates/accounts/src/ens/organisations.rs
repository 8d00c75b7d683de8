//! «Организации ЕНС ТРУ» (ACC-28, §2.5, AS-65): the Appendix 1 data an `ENS_ADMIN` enters and
//! the list of organisations. The bank row («ИИК», «БИК», «КБЕ», «Банк») is the participant's
//! one `BankAccount` with `source` = `ENS_ADMIN`: the number checked as every account is
//! (ACC-129), the bank taken from a Kazakhstan IBAN or chosen from the dictionary, КБе computed
//! (ACC-128) or, while the participant's residency and КСЕ are unknown (`ADMIN_CREATED`),
//! entered by the administrator. It is created, changed or removed with the form, in its
//! transaction.

use super::{
    EnsBankRow, EnsOrgForm, EnsOrganisation, EnsOrganisationPage, field, phone_ok, search_key,
};
use crate::authz::Action;
use crate::bank_accounts::{BankAccountForm, duplicate_number};
use crate::error::{AccountsError, FieldError};
use crate::model::SessionInfo;
use crate::rules::{self, IdKind};
use crate::service::{Accounts, Origin, internal, random_token};
use crate::store_ens::{self, EnsProfileRow};
use crate::store_org::{self, BankAccount, Participant};
use crate::values::trimmed;
use kernel::{ErrorCode, Millis, PageRequest};
use serde_json::json;

/// The type of the `ENS_ADMIN` account: Appendix 1 has no «Тип счета» (as ИНИС rows, ACC-103).
const ENS_ACCOUNT_TYPE: &str = "CURRENT";

/// The bank row of a form once checked.
struct BankInput {
    number: String,
    bic: String,
    kbe: String,
}

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
        let (bank_input, bank_refusal) = self
            .check_bank_row(f, existing.as_ref(), &mut errors)
            .await?;
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        // MSG-BANK-UNKNOWN carries the IBAN code: a refusal, once the fields are right.
        if let Some(e) = bank_refusal {
            return Err(e);
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
        let (bank_before, bank) = self
            .write_bank_row(&mut tx, &participant, bank_input, &s.account.id, now)
            .await?;
        self.audit(
            &mut tx,
            "ens.org",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": participant.id, "bin": bin,
                    "participant_created": created, "before": before, "after": profile,
                    "bank_before": bank_before, "bank_after": bank }),
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
            bank,
        })
    }

    /// «ИИК», «Банк», «КБЕ» (§2.5): the number by ACC-129 steps 1–6 (an IBAN; the bank of a
    /// Kazakhstan IBAN is its code's), unique among the participant's other accounts (step 7),
    /// КБе computed for a participant whose residency and КСЕ are known, else entered (two
    /// digits: 1 resident or 2 non-resident, then a КСЕ code). Field errors go to `errors`;
    /// MSG-BANK-UNKNOWN (it has the IBAN code as argument) is returned beside them.
    async fn check_bank_row(
        &self,
        f: &EnsOrgForm,
        existing: Option<&Participant>,
        errors: &mut Vec<FieldError>,
    ) -> Result<(Option<BankInput>, Option<AccountsError>), AccountsError> {
        let Some(iik) = trimmed(&f.iik) else {
            if trimmed(&f.bank_bic).is_some() {
                errors.push(field("iik", ErrorCode::AccRequired));
            }
            return Ok((None, None));
        };
        let kbe = match existing.filter(|p| p.status != "ADMIN_CREATED") {
            Some(p) => Some(rules::kbe(p.is_resident, &p.kse)),
            None => match trimmed(&f.kbe) {
                None => {
                    errors.push(field("kbe", ErrorCode::AccRequired));
                    None
                }
                Some(k) if !self.kbe_ok(&k).await? => {
                    errors.push(field("kbe", ErrorCode::AccDictValue));
                    None
                }
                Some(k) => Some(k),
            },
        };
        let form = BankAccountForm {
            number: Some(iik),
            old_format: Some(false),
            bank_bic: trimmed(&f.bank_bic),
            account_type: Some(ENS_ACCOUNT_TYPE.into()),
            ..BankAccountForm::default()
        };
        let mut refusal = None;
        let checked = match self.check_account(&form).await {
            Ok((n, bic, _)) => Some((n.number, bic)),
            Err(AccountsError::Fields(fs)) => {
                for e in fs {
                    let name = if e.field == "bank_bic" {
                        "bank_bic"
                    } else {
                        "iik"
                    };
                    errors.push(field(name, e.code));
                }
                None
            }
            Err(e @ AccountsError::Refused { .. }) => {
                refusal = Some(e);
                None
            }
            Err(e) => return Err(e),
        };
        if let (Some((number, _)), Some(p)) = (&checked, existing)
            && store_org::bank_accounts_of(self.db.pool(), &p.id)
                .await?
                .iter()
                .any(|a| a.source != "ENS_ADMIN" && a.number == *number)
        {
            errors.push(field("iik", ErrorCode::AccAccountDuplicate));
        }
        Ok(match (checked, kbe) {
            (Some((number, bic)), Some(kbe)) => (Some(BankInput { number, bic, kbe }), refusal),
            _ => (None, refusal),
        })
    }

    /// An entered КБе: 1 (resident) or 2 (non-resident), then a code of the КСЕ dictionary.
    async fn kbe_ok(&self, k: &str) -> Result<bool, AccountsError> {
        let b = k.as_bytes();
        if b.len() != 2 || !matches!(b[0], b'1' | b'2') || !b[1].is_ascii_digit() {
            return Ok(false);
        }
        Ok(store_org::dict_has(self.db.pool(), "kse", &k[1..]).await?)
    }

    /// Creates, changes or removes the participant's `ENS_ADMIN` account; (before, after).
    /// ACC-105: the first account of a participant is its default one; a removed default
    /// passes the flag to the oldest remaining account.
    async fn write_bank_row(
        &self,
        tx: &mut db::Tx,
        p: &Participant,
        input: Option<BankInput>,
        by: &str,
        now: Millis,
    ) -> Result<(Option<EnsBankRow>, Option<EnsBankRow>), AccountsError> {
        let all = store_org::bank_accounts_of(&mut **tx, &p.id).await?;
        let current = all.iter().find(|a| a.source == "ENS_ADMIN").cloned();
        let before = match &current {
            Some(a) => Some(self.bank_row(a, &p.status).await?),
            None => None,
        };
        let after = match (input, current) {
            (Some(b), Some(mut a)) => {
                a.old_format = false;
                a.number = b.number;
                a.bank_bic = b.bic;
                a.kbe = b.kbe;
                store_org::update_bank_account(tx, &a, by, now)
                    .await
                    .map_err(duplicate_number)?;
                Some(a)
            }
            (Some(b), None) => {
                let mut a = BankAccount {
                    id: 0,
                    participant_id: p.id.clone(),
                    old_format: false,
                    number: b.number,
                    kbe: b.kbe,
                    bank_bic: b.bic,
                    account_type: ENS_ACCOUNT_TYPE.into(),
                    is_guarantee: false,
                    is_default: all.is_empty(),
                    source: "ENS_ADMIN".into(),
                };
                a.id = store_org::insert_bank_account(tx, &a, by, now)
                    .await
                    .map_err(duplicate_number)?;
                Some(a)
            }
            (None, Some(a)) => {
                store_org::delete_bank_account(tx, a.id).await?;
                if a.is_default {
                    let rest = store_org::bank_accounts_of(&mut **tx, &p.id).await?;
                    if let Some(oldest) = rest.first() {
                        let mut o = oldest.clone();
                        o.is_default = true;
                        store_org::update_bank_account(tx, &o, by, now).await?;
                    }
                }
                None
            }
            (None, None) => None,
        };
        let after = match &after {
            Some(a) => Some(self.bank_row(a, &p.status).await?),
            None => None,
        };
        Ok((before, after))
    }

    /// The bank row of an `ENS_ADMIN` account; its КБе was entered while the participant is
    /// `ADMIN_CREATED` (residency and КСЕ unknown until it registers).
    async fn bank_row(
        &self,
        a: &BankAccount,
        participant_status: &str,
    ) -> Result<EnsBankRow, AccountsError> {
        let bank_name = store_org::bank_by(self.db.pool(), "bic", &a.bank_bic)
            .await?
            .map(|b| b.name_ru)
            .unwrap_or_default();
        Ok(EnsBankRow {
            account_id: a.id,
            iik: a.number.clone(),
            bic: a.bank_bic.clone(),
            bank_name,
            kbe: a.kbe.clone(),
            kbe_entered: participant_status == "ADMIN_CREATED",
        })
    }

    /// The `ENS_ADMIN` account of a participant as its bank row.
    async fn bank_row_of(
        &self,
        participant_id: &str,
        participant_status: &str,
    ) -> Result<Option<EnsBankRow>, AccountsError> {
        match store_org::bank_accounts_of(self.db.pool(), participant_id)
            .await?
            .iter()
            .find(|a| a.source == "ENS_ADMIN")
        {
            Some(a) => Ok(Some(self.bank_row(a, participant_status).await?)),
            None => Ok(None),
        }
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
        let bank = self.bank_row_of(&p.id, &p.status).await?;
        Ok(EnsOrganisation {
            participant_id: p.id,
            bin: p.id_number,
            name: p.name,
            kfs: p.kfs,
            participant_status: p.status,
            profile,
            bank,
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
