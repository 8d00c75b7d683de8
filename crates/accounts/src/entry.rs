//! What a session meets when it enters a system (spec/accounts.md §2.3.1, §2.6, §3.17):
//!
//! - **ACC-24, ACC-57, AS-12** — the user agreement of the entry point (`USER_PORTAL` for
//!   PORTAL and REG, `USER_NCT` for NCT, `USER_ENS` for ENS). A session whose account has not
//!   accepted the version its system asks carries a pending agreement
//!   ([`SessionInfo::pending_agreement`], computed at each request from the agreement tables:
//!   no state of its own) and may do nothing else until it accepts (the web layer refuses with
//!   MSG-AGREEMENT-REQUIRED). The version asked is the last one published with
//!   `requires_reacceptance` before the session opened, or any version when there is none: a
//!   new version with re-acceptance is asked at the *next* entry, not in the open session.
//!   `USER_PORTAL` and `USER_NCT` are signed with the account's own signing key (purpose
//!   `register.agreement`, the signed data naming the kind, the version and the SHA-256 of the
//!   texts, ACC-23); `USER_ENS` is ticked (CHECKBOX, as the ЕНС ТРУ request does).
//! - **ACC-118, AS-64** — «Войти как секретарь»: a `SECRETARY` switches the session's
//!   workspace without a new login, and back; the switch is audited. Only the `SECRETARY`
//!   column of `usr.secretary` is Y (§4.9): everyone else is refused through [`crate::guard`].
//!
//! ```text
//!   login ──▶ pending(kind)? ──yes──▶ only the agreement, /me, logout ──sign/tick──▶ free
//!                   └──no────────────────────────────────────────────────────────▶ free
//! ```

use crate::authz::Action;
use crate::error::{AccountsError, FieldError};
use crate::flow::AccountStatus;
use crate::model::{EntryPoint, SessionInfo};
use crate::service::{Accounts, Origin, internal};
use crate::store::{self, Account};
use crate::store_entry::{self, VersionAccepted};
use kernel::{ErrorCode, Lang, Millis};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use signatures::{Binding, Purpose, TbsInput};

/// The user agreements a system asks on entry (ACC-24), with the systems that ask each.
pub const USER_AGREEMENTS: &[(&str, &[&str])] = &[
    ("USER_PORTAL", &["PORTAL", "REG"]),
    ("USER_NCT", &["NCT"]),
    ("USER_ENS", &["ENS"]),
];

/// The session workspaces of §2.6.
pub const WORKSPACES: &[&str] = &["DEFAULT", "SECRETARY"];

/// ACC-24: whether an account must still accept a kind whose versions (oldest first, with the
/// account's acceptances) are `versions`, for a session opened at `opened`. The versions in
/// force at `opened` decide what is asked: the last one published with
/// `requires_reacceptance`, or — when none was — any version; an acceptance of that version or
/// of a later one answers it.
pub fn acceptance_pending(versions: &[VersionAccepted], opened: Millis) -> bool {
    let in_force = versions
        .iter()
        .take_while(|v| v.published_at <= opened)
        .count();
    if in_force == 0 {
        return false;
    }
    let from = versions[..in_force]
        .iter()
        .rposition(|v| v.requires_reacceptance)
        .unwrap_or(0);
    !versions[from..].iter().any(|v| v.accepted_at.is_some())
}

/// One user agreement as its owner sees it (`GET /api/v1/me/agreements`).
#[derive(Debug, Clone, Serialize)]
pub struct AgreementStatus {
    /// `USER_PORTAL`, `USER_NCT` or `USER_ENS`.
    pub kind: String,
    /// The systems that ask it (`PORTAL`, `REG`, `NCT`, `ENS`).
    pub systems: Vec<String>,
    /// The current version.
    pub version: String,
    /// In the request's language (Kazakh or Russian; others get the Russian title).
    pub title: String,
    /// `SIGNATURE` or `CHECKBOX`.
    pub acceptance_mode: String,
    /// RFC 3339, Asia/Almaty.
    pub published_at: String,
    pub requires_reacceptance: bool,
    /// SHA-256 of the current texts (what a signature names).
    pub text_sha256: String,
    /// The latest version the account accepted, if any.
    pub accepted_version: Option<String>,
    /// RFC 3339, Asia/Almaty.
    pub accepted_at: Option<String>,
    /// The next entry into its systems would ask it.
    pub pending: bool,
    /// This session is held until it is accepted (MSG-AGREEMENT-REQUIRED everywhere else).
    pub required_now: bool,
}

/// The text of one version, in the request's language.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementText {
    pub kind: String,
    pub version: String,
    pub title: String,
    pub text: String,
    /// `SIGNATURE` or `CHECKBOX`.
    pub acceptance_mode: String,
    /// RFC 3339, Asia/Almaty.
    pub published_at: String,
    pub requires_reacceptance: bool,
    pub text_sha256: String,
}

/// «Подписать» (`challenge_id` and `cms_base64` of a `register.agreement` challenge made by
/// [`Accounts::entry_agreement_tbs`]) or, for a CHECKBOX agreement, `accepted: true`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementAcceptance {
    pub challenge_id: Option<String>,
    pub cms_base64: Option<String>,
    pub accepted: Option<bool>,
}

/// A stored (or already present) acceptance.
#[derive(Debug, Clone, Serialize)]
pub struct Accepted {
    pub kind: String,
    pub version: String,
    /// RFC 3339, Asia/Almaty.
    pub accepted_at: String,
    /// The stored signature of a SIGNATURE agreement.
    pub signature_id: Option<i64>,
    /// The version was accepted before: nothing was stored.
    pub already: bool,
}

fn title_of(a: &store::Agreement, lang: Lang) -> String {
    if lang == Lang::Kk {
        a.title_kk.clone()
    } else {
        a.title_ru.clone()
    }
}

fn mode(signature_required: bool) -> String {
    if signature_required {
        "SIGNATURE"
    } else {
        "CHECKBOX"
    }
    .to_string()
}

impl Accounts {
    /// ACC-24, ACC-57: the agreement kind the session's system still asks, if any. Only an
    /// `ACTIVE` account with its own password meets it: activation and the forced password
    /// change come first (ACC-57's order).
    pub(crate) async fn pending_agreement_of(
        &self,
        account: &Account,
        entry_point: &str,
        opened: Millis,
    ) -> Result<Option<String>, AccountsError> {
        if account.status != AccountStatus::Active || account.password_temporary {
            return Ok(None);
        }
        let Some(entry) = EntryPoint::parse(entry_point) else {
            return Ok(None);
        };
        let kind = entry.agreement_kind();
        let versions =
            store_entry::versions_accepted(self.db.pool(), &account.id, kind, self.now()).await?;
        Ok(acceptance_pending(&versions, opened).then(|| kind.to_string()))
    }

    /// §4.9 `usr.agreement` for `kind`: `own` cells; an ЕНС ТРУ session only for `USER_ENS`
    /// (its column reads «own (USER_ENS only)»). An unknown kind is NOT_FOUND.
    async fn require_agreement(&self, s: &SessionInfo, kind: &str) -> Result<(), AccountsError> {
        self.require(s, Action::UsrAgreement).await?;
        if !USER_AGREEMENTS.iter().any(|(k, _)| *k == kind) {
            return Err(AccountsError::refused(ErrorCode::NotFound));
        }
        if s.assurance != "CERT_PASSWORD" && kind != "USER_ENS" {
            return Err(self
                .denied(s, Action::UsrAgreement, None, "ens_session")
                .await);
        }
        Ok(())
    }

    async fn current(&self, kind: &str) -> Result<store::Agreement, AccountsError> {
        store::current_agreement(self.db.pool(), kind, self.now())
            .await?
            .ok_or_else(|| internal("no agreement text is published"))
    }

    /// `GET /api/v1/me/agreements`: each system's agreement, its current version and whether
    /// the account accepted it (an ЕНС ТРУ session sees `USER_ENS` only).
    pub async fn my_agreements(
        &self,
        s: &SessionInfo,
        lang: Lang,
    ) -> Result<Vec<AgreementStatus>, AccountsError> {
        self.require(s, Action::UsrAgreement).await?;
        let now = self.now();
        let mut out = Vec::new();
        for (kind, systems) in USER_AGREEMENTS {
            if s.assurance != "CERT_PASSWORD" && *kind != "USER_ENS" {
                continue;
            }
            let a = self.current(kind).await?;
            let versions =
                store_entry::versions_accepted(self.db.pool(), &s.account.id, kind, now).await?;
            let last = versions
                .iter()
                .filter_map(|v| v.accepted_at.map(|t| (t, v.version.clone())))
                .max();
            out.push(AgreementStatus {
                kind: kind.to_string(),
                systems: systems.iter().map(|x| x.to_string()).collect(),
                version: a.version.clone(),
                title: title_of(&a, lang),
                acceptance_mode: mode(a.signature_required),
                published_at: a.published_at.rfc3339_local(),
                requires_reacceptance: a.requires_reacceptance,
                text_sha256: a.text_sha256.clone(),
                accepted_version: last.as_ref().map(|(_, v)| v.clone()),
                accepted_at: last.map(|(t, _)| t.rfc3339_local()),
                pending: acceptance_pending(&versions, now),
                required_now: s.pending_agreement.as_deref() == Some(*kind),
            });
        }
        Ok(out)
    }

    /// The text of `kind`: the current version, or `version` (every published version stays
    /// readable: acceptances refer to it).
    pub async fn my_agreement(
        &self,
        s: &SessionInfo,
        kind: &str,
        version: Option<&str>,
        lang: Lang,
    ) -> Result<AgreementText, AccountsError> {
        self.require_agreement(s, kind).await?;
        let a = match version {
            None => self.current(kind).await?,
            Some(v) => store_entry::agreement_version(self.db.pool(), kind, v)
                .await?
                .filter(|a| a.published_at.0 <= self.now().0)
                .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))?,
        };
        Ok(AgreementText {
            title: title_of(&a, lang),
            text: if lang == Lang::Kk {
                a.text_kk.clone()
            } else {
                a.text_ru.clone()
            },
            acceptance_mode: mode(a.signature_required),
            published_at: a.published_at.rfc3339_local(),
            requires_reacceptance: a.requires_reacceptance,
            text_sha256: a.text_sha256,
            kind: a.kind,
            version: a.version,
        })
    }

    /// The TBS of «Подписать» on entry (ACC-24, ACC-23): purpose `register.agreement`, the
    /// account as the actor, the kind, version and SHA-256 of the current texts; NCALayer
    /// offers keys of the account's ИИН only.
    pub async fn entry_agreement_tbs(
        &self,
        s: &SessionInfo,
        kind: &str,
        lang: Lang,
    ) -> Result<(TbsInput, Binding), AccountsError> {
        self.require_agreement(s, kind).await?;
        let a = self.current(kind).await?;
        if !a.signature_required {
            // A CHECKBOX agreement is ticked, never signed.
            return Err(AccountsError::refused(ErrorCode::InvalidParameter));
        }
        let mut input = self
            .agreement_input(kind, "register.agreement", lang)
            .await?;
        input.account_id = Some(s.account.id.clone());
        let binding = Binding {
            iin: Some(s.account.iin.clone()),
            ..Binding::none()
        };
        Ok((input, binding))
    }

    /// «Подписать» / «Принять» on entry: stores the acceptance of the current version of
    /// `kind` — with its signature (ACC-23: a signing key of the account's own ИИН, over the
    /// current texts) or ticked (`USER_ENS`) — and its audit event; the session's pending
    /// agreement is lifted by the next request. A version accepted before stores nothing.
    pub async fn accept_agreement(
        &self,
        s: &SessionInfo,
        kind: &str,
        f: &AgreementAcceptance,
        origin: &Origin<'_>,
    ) -> Result<Accepted, AccountsError> {
        self.require_agreement(s, kind).await?;
        let a = self.current(kind).await?;
        let now = self.now();
        let versions =
            store_entry::versions_accepted(self.db.pool(), &s.account.id, kind, now).await?;
        if let Some(at) = versions
            .iter()
            .find(|v| v.version == a.version)
            .and_then(|v| v.accepted_at)
        {
            return Ok(Accepted {
                kind: a.kind,
                version: a.version,
                accepted_at: at.rfc3339_local(),
                signature_id: None,
                already: true,
            });
        }
        let field = |field, code| AccountsError::Fields(vec![FieldError { field, code }]);
        let act =
            if a.signature_required {
                let (Some(ch), Some(cms)) = (
                    crate::values::trimmed(&f.challenge_id),
                    crate::values::trimmed(&f.cms_base64),
                ) else {
                    return Err(field("agreement", ErrorCode::AccAgreementUnsigned));
                };
                let purpose =
                    Purpose::parse("register.agreement").ok_or_else(|| internal("purpose"))?;
                let act = self
                    .verify_or_audit(&ch, cms.as_bytes(), origin, &purpose)
                    .await?;
                let signer = act.verified.identity.as_ref().ok_or_else(|| {
                    pki::PkiError::NotPersonalCert {
                        detail: "the certificate has no ИИН".into(),
                    }
                })?;
                if signer.iin != s.account.iin {
                    return Err(AccountsError::refused(ErrorCode::AccAgreementOtherPerson));
                }
                let signed: Value = serde_json::from_slice(&act.challenge.tbs).map_err(internal)?;
                let at = |p: &str| signed.pointer(p).and_then(Value::as_str);
                if at("/agreement/id") != Some(a.kind.as_str())
                    || at("/agreement/sha256") != Some(a.text_sha256.as_str())
                    || act.challenge.account_id.as_deref() != Some(s.account.id.as_str())
                {
                    // Made for another text, kind or account (or a registration): sign again.
                    return Err(AccountsError::Signature(pki::PkiError::ChallengeUnknown));
                }
                Some(act)
            } else {
                if f.accepted != Some(true) {
                    return Err(field("accepted", ErrorCode::AccEnsAgreement));
                }
                None
            };
        let mut tx = self.write_tx().await?;
        let signature_id = match &act {
            Some(act) => Some(
                self.signing
                    .record(
                        &mut tx,
                        act,
                        origin.session_id,
                        origin.ip,
                        json!({ "agreement": a.kind, "version": a.version }),
                    )
                    .await?
                    .0,
            ),
            None => None,
        };
        store::insert_acceptance(
            &mut tx,
            &s.account.id,
            &a.kind,
            &a.version,
            signature_id,
            now,
        )
        .await?;
        self.audit(
            &mut tx,
            Action::UsrAgreement.code(),
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "kind": a.kind, "version": a.version,
                    "sha256": a.text_sha256, "mode": mode(a.signature_required),
                    "signature": signature_id, "entry_point": s.entry_point }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(Accepted {
            kind: a.kind,
            version: a.version,
            accepted_at: now.rfc3339_local(),
            signature_id,
            already: false,
        })
    }

    /// ACC-118 «Войти как секретарь» / «Выйти из режима секретаря»: the session's workspace,
    /// switched without a new login and audited. Returns the workspace now in force.
    pub async fn switch_workspace(
        &self,
        s: &SessionInfo,
        workspace: &str,
        origin: &Origin<'_>,
    ) -> Result<String, AccountsError> {
        self.require(s, Action::UsrSecretary).await?;
        let to = workspace.trim();
        if !WORKSPACES.contains(&to) {
            return Err(AccountsError::Fields(vec![FieldError {
                field: "workspace",
                code: if to.is_empty() {
                    ErrorCode::AccRequired
                } else {
                    ErrorCode::AccDictValue
                },
            }]));
        }
        if to == s.workspace {
            return Ok(to.to_string());
        }
        let mut tx = self.write_tx().await?;
        if !store_entry::set_workspace(&mut tx, &s.id_sha256, to).await? {
            return Err(AccountsError::refused(ErrorCode::AccForbidden));
        }
        self.audit(
            &mut tx,
            Action::UsrSecretary.code(),
            Some(&s.account.id),
            origin,
            json!({ "outcome": "OK", "before": { "workspace": s.workspace },
                    "after": { "workspace": to } }),
        )
        .await?;
        self.commit(tx).await?;
        Ok(to.to_string())
    }
}

/// ACC-118: the workspace a session row holds, as far as the account's roles allow it
/// (`SECRETARY` only with an effective platform-wide `SECRETARY` grant).
pub fn effective_workspace(stored: &str, roles: &[(String, Option<String>)]) -> String {
    let secretary = roles
        .iter()
        .any(|(r, scope)| r == "SECRETARY" && scope.is_none());
    if stored == "SECRETARY" && secretary {
        "SECRETARY"
    } else {
        "DEFAULT"
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(at: i64, re: bool, accepted: bool) -> VersionAccepted {
        VersionAccepted {
            version: at.to_string(),
            published_at: Millis(at),
            requires_reacceptance: re,
            accepted_at: accepted.then_some(Millis(at + 1)),
        }
    }

    #[test]
    fn acc_24_first_entry_asks_any_version() {
        assert!(acceptance_pending(&[v(0, false, false)], Millis(10)));
        assert!(!acceptance_pending(&[v(0, false, true)], Millis(10)));
        // A later version without re-acceptance: the old acceptance still answers.
        assert!(!acceptance_pending(
            &[v(0, false, true), v(5, false, false)],
            Millis(10)
        ));
        // Nothing published: nothing to ask.
        assert!(!acceptance_pending(&[], Millis(10)));
    }

    #[test]
    fn acc_24_reacceptance_is_asked_at_the_next_entry_only() {
        let versions = [v(0, false, true), v(20, true, false)];
        // The session opened before version 2: not asked in it.
        assert!(!acceptance_pending(&versions, Millis(10)));
        // The next entry asks it.
        assert!(acceptance_pending(&versions, Millis(30)));
        // Accepting version 2 (or a later one) answers it.
        assert!(!acceptance_pending(
            &[v(0, false, true), v(20, true, true)],
            Millis(30)
        ));
        assert!(!acceptance_pending(
            &[v(0, false, true), v(20, true, false), v(25, false, true)],
            Millis(30)
        ));
        // A version published after the session opened may already be accepted: it counts.
        assert!(!acceptance_pending(
            &[v(0, false, false), v(40, false, true)],
            Millis(30)
        ));
    }

    #[test]
    fn acc_118_secretary_workspace_needs_the_role() {
        let sec = vec![("SECRETARY".to_string(), None)];
        assert_eq!(effective_workspace("SECRETARY", &sec), "SECRETARY");
        assert_eq!(effective_workspace("SECRETARY", &[]), "DEFAULT");
        assert_eq!(effective_workspace("DEFAULT", &sec), "DEFAULT");
    }
}
