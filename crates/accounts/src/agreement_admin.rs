//! The agreement texts of `dict.manage` (§4.9; ACC-116, §2.3.1, G-17): a `PLATFORM_ADMIN`
//! lists every version of every agreement, reads any of them in full — a superseded version
//! stays readable forever, because acceptances refer to it — and publishes a new version of a
//! kind with its Russian and Kazakh texts and `requires_reacceptance`. Publishing is audited.
//! The acceptance mode follows the kind (§2.3.1: `CHECKBOX` for `USER_ENS`, `SIGNATURE` for
//! the others); nothing is ever edited or deleted.
//!
//! Publication times of one kind strictly increase (a second publication within the same
//! millisecond is dated one millisecond later), so the current version is always the last
//! published.

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::model::SessionInfo;
use crate::service::{Accounts, Origin, internal, text_sha256};
use crate::store::{self, Agreement};
use crate::store_entry::{self, VersionRow};
use crate::values::trimmed;
use kernel::{ErrorCode, Millis};
use serde::{Deserialize, Serialize};
use serde_json::json;
use signatures::audit::{AuditEntry, AuditKind};

/// The agreement kinds of §2.3.1 and their acceptance modes (true = SIGNATURE).
pub const KINDS: &[(&str, bool)] = &[
    ("USER_PORTAL", true),
    ("USER_NCT", true),
    ("USER_ENS", false),
    ("PARTICIPANT", true),
];

/// «Опубликовать редакцию»: `version` defaults to the next number, the titles to the current
/// version's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementPublication {
    pub kind: Option<String>,
    pub version: Option<String>,
    pub title_ru: Option<String>,
    pub title_kk: Option<String>,
    pub text_ru: Option<String>,
    pub text_kk: Option<String>,
    #[serde(default)]
    pub requires_reacceptance: bool,
}

/// A version as the administrator lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementVersionView {
    pub kind: String,
    pub version: String,
    pub title_ru: String,
    pub title_kk: String,
    /// SHA-256 of `text_ru ‖ 0x00 ‖ text_kk`, what signatures name.
    pub text_sha256: String,
    /// `SIGNATURE` or `CHECKBOX`.
    pub acceptance_mode: String,
    /// RFC 3339, Asia/Almaty.
    pub published_at: String,
    pub requires_reacceptance: bool,
    /// The version in force now.
    pub current: bool,
    /// The administrator's account (`null` for the texts shipped with Tauar).
    pub published_by: Option<String>,
    /// Acceptances that refer to this version.
    pub acceptances: i64,
}

/// A version with its texts.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementDocumentView {
    #[serde(flatten)]
    pub version: AgreementVersionView,
    pub text_ru: String,
    pub text_kk: String,
}

fn version_view(v: VersionRow, current: bool) -> AgreementVersionView {
    AgreementVersionView {
        acceptance_mode: if v.signature_required {
            "SIGNATURE"
        } else {
            "CHECKBOX"
        }
        .into(),
        published_at: v.published_at.rfc3339_local(),
        kind: v.kind,
        version: v.version,
        title_ru: v.title_ru,
        title_kk: v.title_kk,
        text_sha256: v.text_sha256,
        requires_reacceptance: v.requires_reacceptance,
        current,
        published_by: v.created_by,
        acceptances: v.acceptances,
    }
}

fn field(field: &'static str, code: ErrorCode) -> FieldError {
    FieldError { field, code }
}

/// The next version number of a kind: one more than the largest numeric version.
fn next_version(versions: &[String]) -> String {
    let n = versions
        .iter()
        .filter_map(|v| v.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    (n + 1).to_string()
}

impl Accounts {
    /// `GET /api/v1/admin/agreements`: every version, by kind, newest first.
    pub async fn admin_agreements(
        &self,
        s: &SessionInfo,
    ) -> Result<Vec<AgreementVersionView>, AccountsError> {
        self.require(s, Action::DictManage).await?;
        let now = self.now();
        let mut seen = std::collections::HashSet::new();
        Ok(store_entry::all_versions(self.db.pool())
            .await?
            .into_iter()
            .map(|v| {
                // Newest first per kind: the first one in force is the current one.
                let current = v.published_at.0 <= now.0 && seen.insert(v.kind.clone());
                version_view(v, current)
            })
            .collect())
    }

    /// `GET /api/v1/admin/agreements/{kind}/{version}`: one version with its texts.
    pub async fn admin_agreement(
        &self,
        s: &SessionInfo,
        kind: &str,
        version: &str,
    ) -> Result<AgreementDocumentView, AccountsError> {
        self.require(s, Action::DictManage).await?;
        let a = store_entry::agreement_version(self.db.pool(), kind, version)
            .await?
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        let row = store_entry::all_versions(self.db.pool())
            .await?
            .into_iter()
            .find(|v| v.kind == kind && v.version == version)
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?;
        let current = store::current_agreement(self.db.pool(), kind, self.now())
            .await?
            .is_some_and(|c| c.version == a.version);
        Ok(AgreementDocumentView {
            version: version_view(row, current),
            text_ru: a.text_ru,
            text_kk: a.text_kk,
        })
    }

    /// `POST /api/v1/admin/agreements`: publishes a new version (ACC-116). Every field error
    /// at once; a version number the kind already has is MSG-AGREEMENT-VERSION-TAKEN.
    pub async fn publish_agreement(
        &self,
        s: &SessionInfo,
        f: &AgreementPublication,
        origin: &Origin<'_>,
    ) -> Result<AgreementVersionView, AccountsError> {
        self.require(s, Action::DictManage).await?;
        let mut errors = Vec::new();
        let kind = trimmed(&f.kind);
        let signature_required = match &kind {
            None => {
                errors.push(field("kind", ErrorCode::AccRequired));
                true
            }
            Some(k) => match KINDS.iter().find(|(x, _)| x == k) {
                Some((_, sig)) => *sig,
                None => {
                    errors.push(field("kind", ErrorCode::AccDictValue));
                    true
                }
            },
        };
        let version = trimmed(&f.version);
        if version.as_ref().is_some_and(|v| v.chars().count() > 20) {
            errors.push(field("version", ErrorCode::AccTooLong));
        }
        for (name, v) in [("title_ru", &f.title_ru), ("title_kk", &f.title_kk)] {
            if trimmed(v).is_some_and(|t| t.chars().count() > 500) {
                errors.push(field(name, ErrorCode::AccTooLong));
            }
        }
        let text_ru = trimmed(&f.text_ru);
        let text_kk = trimmed(&f.text_kk);
        if text_ru.is_none() {
            errors.push(field("text_ru", ErrorCode::AccRequired));
        }
        if text_kk.is_none() {
            errors.push(field("text_kk", ErrorCode::AccRequired));
        }
        if !errors.is_empty() {
            return Err(AccountsError::Fields(errors));
        }
        let (Some(kind), Some(text_ru), Some(text_kk)) = (kind, text_ru, text_kk) else {
            return Err(internal("checked fields"));
        };
        let now = self.now();
        let current = store::current_agreement(self.db.pool(), &kind, now).await?;
        let mut tx = self.write_tx().await?;
        let (versions, last) = store_entry::kind_versions(&mut tx, &kind).await?;
        let version = version.unwrap_or_else(|| next_version(&versions));
        let a = Agreement {
            title_ru: trimmed(&f.title_ru)
                .or_else(|| current.as_ref().map(|c| c.title_ru.clone()))
                .unwrap_or_default(),
            title_kk: trimmed(&f.title_kk)
                .or_else(|| current.as_ref().map(|c| c.title_kk.clone()))
                .unwrap_or_default(),
            text_sha256: text_sha256(&[&text_ru, &text_kk]),
            text_ru,
            text_kk,
            signature_required,
            published_at: Millis(now.0.max(last.map_or(0, |t| t.0 + 1))),
            requires_reacceptance: f.requires_reacceptance,
            kind: kind.clone(),
            version: version.clone(),
        };
        if a.title_ru.is_empty() || a.title_kk.is_empty() {
            return Err(AccountsError::Fields(vec![field(
                if a.title_ru.is_empty() {
                    "title_ru"
                } else {
                    "title_kk"
                },
                ErrorCode::AccRequired,
            )]));
        }
        if !crate::store::insert_agreement_if_absent(&mut tx, &a, Some(&s.account.id), now).await? {
            return Err(AccountsError::refused(ErrorCode::AccAgreementVersionTaken));
        }
        // The object is the version (`USER_NCT:2`): the log can be searched by it.
        signatures::audit::append(
            &mut tx,
            now,
            &AuditEntry {
                kind: Some(AuditKind::Event),
                purpose: Action::DictManage.code().to_string(),
                account_id: Some(s.account.id.clone()),
                object_type: Some("agreement".into()),
                object_id: Some(format!("{}:{}", a.kind, a.version)),
                client_ip: origin.ip.map(str::to_string),
                detail: json!({ "outcome": "OK", "op": "agreement.publish", "kind": a.kind,
                    "version": a.version, "sha256": a.text_sha256,
                    "requires_reacceptance": a.requires_reacceptance,
                    "published_at": a.published_at.0,
                    "before": current.map(|c| json!({ "version": c.version,
                                                      "sha256": c.text_sha256 })) }),
                ..AuditEntry::default()
            },
        )
        .await?;
        self.commit(tx).await?;
        Ok(AgreementVersionView {
            kind: a.kind,
            version: a.version,
            title_ru: a.title_ru,
            title_kk: a.title_kk,
            text_sha256: a.text_sha256,
            acceptance_mode: if signature_required {
                "SIGNATURE"
            } else {
                "CHECKBOX"
            }
            .into(),
            published_at: a.published_at.rfc3339_local(),
            requires_reacceptance: a.requires_reacceptance,
            current: a.published_at.0 <= now.0,
            published_by: Some(s.account.id.clone()),
            acceptances: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_116_versions_are_numbered_after_the_largest_number() {
        assert_eq!(next_version(&[]), "1");
        assert_eq!(
            next_version(&["1".into(), "9".into(), "2026-a".into()]),
            "10"
        );
    }
}
