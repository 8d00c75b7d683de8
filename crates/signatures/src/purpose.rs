//! Purpose codes of signed acts (SIG-10) and the rule of each (SIG-23, SIG-24, SIG-30): which
//! key purposes it accepts, what NCALayer is asked to offer, and which bindings to the account
//! are checked after the certificate checks.

use pki::{KeyPurpose, PkiError, Policy};
use serde::Serialize;

/// id-kp-emailProtection: the "signing key" filter NCALayer is given for document acts (SIG-30).
pub const EKU_SIGNING: &str = "1.3.6.1.5.5.7.3.4";

/// A purpose code of SIG-10. Codes with a free tail (`decision.<workflow>.<step>`,
/// `admin.<action>`) keep the whole code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Purpose(String);

/// Codes of SIG-10 without a free tail, plus `demo.document` (the demo page of issue 5, a
/// document act like any other).
const FIXED: &[&str] = &[
    "login",
    "register.identity",
    "register.agreement",
    "participant.register",
    "ens.login",
    "ens.access_request",
    "ens.supplier_request",
    "ens.request.send",
    "ens.request.withdraw",
    "ens.request.approve",
    "oktru.application.submit",
    "oktru.application.withdraw",
    "reg.contract",
    "reg.application",
    "reg.change",
    "reg.actualization",
    "reg.exclusion_request",
    "reg.expert_conclusion",
    "reg.rpp_conclusion",
    "reg.certificate_issue",
    "demo.document",
];

/// What NCALayer is asked for (SIG-30, SIG-31): `ANY` key for login steps, a `SIGNATURE` key for
/// documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum KeyKind {
    Any,
    Signature,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Any => "ANY",
            KeyKind::Signature => "SIGNATURE",
        }
    }
}

impl Purpose {
    /// Parses a code of SIG-10; `None` for anything else.
    pub fn parse(code: &str) -> Option<Purpose> {
        let tail_ok = |t: &str| {
            !t.is_empty()
                && t.len() <= 64
                && t.split('.').all(|p| {
                    !p.is_empty()
                        && p.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                })
        };
        let ok = FIXED.contains(&code)
            || code.strip_prefix("decision.").is_some_and(|t| {
                tail_ok(t) && t.split('.').count() == 2 // <workflow>.<step>
            })
            || code.strip_prefix("admin.").is_some_and(tail_ok);
        ok.then(|| Purpose(code.to_string()))
    }

    pub fn login() -> Purpose {
        Purpose("login".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// SIG-23: login steps and the resident supplier request accept any key purpose; every
    /// other act signs a document and needs SIGN or DUAL.
    pub fn is_login_like(&self) -> bool {
        matches!(
            self.0.as_str(),
            "login" | "ens.login" | "register.identity" | "ens.supplier_request"
        )
    }

    /// The verification policy of the act (SIG-23).
    pub fn policy(&self) -> Policy {
        if self.is_login_like() {
            Policy::login()
        } else {
            Policy::document()
        }
    }

    pub fn key_kind(&self) -> KeyKind {
        if self.is_login_like() {
            KeyKind::Any
        } else {
            KeyKind::Signature
        }
    }

    /// `signerParams.extKeyUsageOids` of the NCALayer request (SIG-30): none for login steps
    /// (GOST 2015 keys may lack clientAuth, G-2), the signing EKU otherwise.
    pub fn ext_key_usage_filter(&self, binding: &Binding) -> Vec<String> {
        if self.is_login_like() {
            return Vec::new();
        }
        let mut v = vec![EKU_SIGNING.to_string()];
        // Acting for an organisation: only legal-entity keys. Not FIRST_HEAD even when the
        // act needs the right to sign — NCALayer hides keys that lack any listed OID, so that
        // would hide the SIGNING_RIGHT keys that may sign too; the server checks the role.
        if binding.bin.is_some() {
            v.push(pki::oid::ROLE_LEGAL_ENTITY.to_string());
        }
        v
    }
}

impl std::fmt::Display for Purpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The bindings of SIG-24, checked after every certificate check, in this order: ИИН, БИН,
/// role, e-mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Binding {
    /// The account's ИИН (SIG_IIN_MISMATCH).
    pub iin: Option<String>,
    /// The participant's БИН when acting for an organisation (SIG_BIN_MISMATCH).
    pub bin: Option<String>,
    /// FIRST_HEAD or SIGNING_RIGHT required (SIG_ROLE_NOT_ALLOWED).
    pub require_signing_right: bool,
    /// ЕНС ТРУ login of a legal entity: the profile e-mail (SIG_EMAIL_MISMATCH, SIG-26).
    pub email: Option<String>,
}

impl Binding {
    /// No binding: the first registration step, the supplier request, the demo page.
    pub fn none() -> Binding {
        Binding::default()
    }

    /// SIG-24, SIG-26: exact digit strings for ИИН/БИН, e-mail case-insensitive after trimming.
    pub fn check(&self, id: &pki::CertIdentity) -> Result<(), PkiError> {
        if let Some(iin) = &self.iin
            && id.iin != *iin
        {
            return Err(PkiError::IinMismatch {
                iin: id.iin.clone(),
            });
        }
        if let Some(bin) = &self.bin
            && id.bin.as_deref() != Some(bin.as_str())
        {
            return Err(PkiError::BinMismatch {
                bin: id.bin.clone().unwrap_or_default(),
            });
        }
        if self.require_signing_right && !id.signing_right {
            return Err(PkiError::RoleNotAllowed {
                detail: "FIRST_HEAD or SIGNING_RIGHT required".into(),
            });
        }
        if let Some(email) = &self.email {
            let norm = |s: &str| s.trim().to_lowercase();
            if id.email.as_deref().map(norm) != Some(norm(email)) {
                return Err(PkiError::EmailMismatch);
            }
        }
        Ok(())
    }
}

/// SIG-22 in the words of the API (`AUTH`, `SIGN`, `DUAL`).
pub fn purpose_kind(p: KeyPurpose) -> &'static str {
    p.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_10_codes_parse_and_free_tails_are_bounded() {
        for c in [
            "login",
            "register.agreement",
            "reg.certificate_issue",
            "demo.document",
        ] {
            assert_eq!(Purpose::parse(c).map(|p| p.0), Some(c.to_string()));
        }
        assert!(Purpose::parse("decision.oktru.moderation").is_some());
        assert!(Purpose::parse("admin.grant_role").is_some());
        for bad in [
            "",
            "logout",
            "decision.x",
            "decision.a.b.c",
            "admin.",
            "admin.A",
            "login ",
        ] {
            assert!(Purpose::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn sig_23_login_accepts_any_key_documents_only_signing_keys() {
        let login = Purpose::login();
        assert_eq!(login.key_kind(), KeyKind::Any);
        assert!(login.policy().purposes.contains(&KeyPurpose::Auth));
        assert!(login.ext_key_usage_filter(&Binding::none()).is_empty());
        let doc = Purpose::parse("register.agreement").unwrap();
        assert_eq!(doc.key_kind(), KeyKind::Signature);
        assert!(!doc.policy().purposes.contains(&KeyPurpose::Auth));
        assert_eq!(
            doc.ext_key_usage_filter(&Binding::none()),
            vec![EKU_SIGNING]
        );
    }
}
