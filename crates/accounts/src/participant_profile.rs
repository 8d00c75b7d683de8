//! The participant profile (§3.15): «Регистрационные данные» — the organisation's e-mail,
//! website and phones (ACC-110) — and «Атрибуты участника» (ACC-111), both for the
//! participant's `ORG_ADMIN` only (ACC-109). A change of residency or КСЕ recomputes the КБе
//! of every bank account in the same transaction (ACC-108). Fields from the certificate and
//! the state-registration data are not edited here (ACC-113).

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::model::SessionInfo;
use crate::rules::{self, ParticipantType};
use crate::service::{Accounts, Origin, internal};
use crate::store_org::{self, Participant};
use crate::values::trimmed;
use kernel::ErrorCode;
use serde::Deserialize;
use serde_json::json;

/// «Редактировать данные» of the participant (ACC-110).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantContactsEdit {
    pub email: Option<String>,
    pub website: Option<String>,
    pub phones: Option<String>,
}

/// «Атрибуты участника» (ACC-111); a field not sent keeps its value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantAttributesEdit {
    pub country: Option<String>,
    pub is_supplier: Option<bool>,
    pub kopf: Option<String>,
    pub kse: Option<String>,
    pub kfs: Option<String>,
    pub is_resident: Option<bool>,
    pub is_small_business: Option<bool>,
    pub is_medium_business: Option<bool>,
}

/// The saved attributes and whether the КБе of the bank accounts was recomputed (the page
/// then says «КБе банковских счетов пересчитан»).
#[derive(Debug, Clone, serde::Serialize)]
pub struct AttributesSaved {
    pub participant: Participant,
    pub kbe_recomputed: bool,
}

impl Accounts {
    /// ACC-110 «Сохранить»: e-mail (required), website, phones (required).
    pub async fn update_participant_contacts(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        f: &ParticipantContactsEdit,
        origin: &Origin<'_>,
    ) -> Result<Participant, AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::PartEdit)
            .await?;
        let mut errors = Vec::new();
        let email = trimmed(&f.email);
        match &email {
            None => errors.push(FieldError {
                field: "email",
                code: ErrorCode::AccRequired,
            }),
            Some(e) if kernel::values::Email::parse(e).is_err() => errors.push(FieldError {
                field: "email",
                code: ErrorCode::AccEmailInvalid,
            }),
            _ => {}
        }
        let website = match trimmed(&f.website) {
            None => None,
            Some(w) => match rules::website(&w) {
                Ok(w) => Some(w),
                Err(code) => {
                    errors.push(FieldError {
                        field: "website",
                        code,
                    });
                    None
                }
            },
        };
        let phones = trimmed(&f.phones);
        match &phones {
            None => errors.push(FieldError {
                field: "phones",
                code: ErrorCode::AccRequired,
            }),
            Some(ph) if ph.chars().filter(char::is_ascii_digit).count() < 5 => {
                errors.push(FieldError {
                    field: "phones",
                    code: ErrorCode::AccPhoneInvalid,
                })
            }
            Some(ph) if ph.chars().count() > 255 => errors.push(FieldError {
                field: "phones",
                code: ErrorCode::AccTooLong,
            }),
            _ => {}
        }
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        let email = email.ok_or_else(|| internal("email"))?;
        let phones = phones.ok_or_else(|| internal("phones"))?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        store_org::update_participant_contacts(
            &mut tx,
            &p.id,
            &email,
            website.as_deref(),
            &phones,
            &s.account.id,
            now,
        )
        .await?;
        self.audit(
            &mut tx,
            "part.edit",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": p.id,
                    "before": { "email": p.email, "website": p.website, "phones": p.phones },
                    "after": { "email": email, "website": website, "phones": phones } }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(Participant {
            email,
            website,
            phones,
            ..p
        })
    }

    /// ACC-111 «Сохранить» of «Атрибуты участника», with the checks of registration and the
    /// КБе recompute of ACC-108.
    pub async fn update_participant_attributes(
        &self,
        s: &SessionInfo,
        participant_id: &str,
        f: &ParticipantAttributesEdit,
        origin: &Origin<'_>,
    ) -> Result<AttributesSaved, AccountsError> {
        let p = self
            .require_org(s, participant_id, Action::PartAttributes)
            .await?;
        let t = ParticipantType::parse(&p.kind).ok_or_else(|| internal("participant type"))?;
        let mut errors = Vec::new();
        let mut next = p.clone();
        if let Some(c) = trimmed(&f.country) {
            next.country = c.to_ascii_uppercase();
            // ACC-31: the value held stays valid after its entry was set inactive.
            if next.country != p.country
                && !store_org::dict_has(self.db.pool(), "countries", &next.country).await?
            {
                errors.push(FieldError {
                    field: "country",
                    code: ErrorCode::AccDictValue,
                });
            }
        }
        if let Some(k) = trimmed(&f.kse) {
            if k != p.kse && !store_org::dict_has(self.db.pool(), "kse", &k).await? {
                errors.push(FieldError {
                    field: "kse",
                    code: ErrorCode::AccDictValue,
                });
            }
            next.kse = k;
        }
        if let Some(k) = trimmed(&f.kfs) {
            if p.kfs.as_deref() != Some(k.as_str())
                && !store_org::dict_has(self.db.pool(), "kfs", &k).await?
            {
                errors.push(FieldError {
                    field: "kfs",
                    code: ErrorCode::AccDictValue,
                });
            }
            next.kfs = Some(k);
        }
        if let Some(k) = trimmed(&f.kopf) {
            if p.kopf.as_deref() != Some(k.as_str())
                && !store_org::dict_has(self.db.pool(), "kopf", &k).await?
            {
                errors.push(FieldError {
                    field: "kopf",
                    code: ErrorCode::AccDictValue,
                });
            } else if !rules::kopf_applies(&k, t) {
                errors.push(FieldError {
                    field: "kopf",
                    code: ErrorCode::AccKopfType,
                });
            }
            next.kopf = Some(k);
        }
        next.is_supplier = f.is_supplier.unwrap_or(p.is_supplier);
        next.is_resident = f.is_resident.unwrap_or(p.is_resident);
        next.is_small_business = f.is_small_business.unwrap_or(p.is_small_business);
        next.is_medium_business = f.is_medium_business.unwrap_or(p.is_medium_business);
        // ACC-73.
        if next.is_small_business && next.is_medium_business {
            errors.push(FieldError {
                field: "is_medium_business",
                code: ErrorCode::AccSmallMedium,
            });
        }
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        let recompute = next.is_resident != p.is_resident || next.kse != p.kse;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        store_org::update_participant_attributes(&mut tx, &next, &s.account.id, now).await?;
        let mut recomputed = 0;
        let kbe = rules::kbe(next.is_resident, &next.kse);
        if recompute {
            // ACC-108: every account of the participant, in this transaction.
            recomputed = store_org::set_kbe_of(&mut tx, &p.id, &kbe).await?;
        }
        self.audit(
            &mut tx,
            "part.attributes",
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "participant": p.id,
                    "before": attributes(&p), "after": attributes(&next),
                    "kbe": if recompute { Some(&kbe) } else { None },
                    "kbe_accounts": recomputed }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(AttributesSaved {
            participant: next,
            kbe_recomputed: recompute && recomputed > 0,
        })
    }
}

fn attributes(p: &Participant) -> serde_json::Value {
    json!({ "country": p.country, "is_supplier": p.is_supplier, "kopf": p.kopf, "kse": p.kse,
            "kfs": p.kfs, "is_resident": p.is_resident, "is_small_business": p.is_small_business,
            "is_medium_business": p.is_medium_business })
}
