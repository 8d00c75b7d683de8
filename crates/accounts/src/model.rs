//! Values the slice hands to the web layer and keeps in certificate steps.

use serde::{Deserialize, Serialize};

/// The four systems and their entry points (§1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntryPoint {
    Portal,
    Nct,
    Ens,
    Reg,
}

impl EntryPoint {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryPoint::Portal => "PORTAL",
            EntryPoint::Nct => "NCT",
            EntryPoint::Ens => "ENS",
            EntryPoint::Reg => "REG",
        }
    }

    pub fn parse(s: &str) -> Option<EntryPoint> {
        match s {
            "PORTAL" => Some(EntryPoint::Portal),
            "NCT" => Some(EntryPoint::Nct),
            "ENS" => Some(EntryPoint::Ens),
            "REG" => Some(EntryPoint::Reg),
            _ => None,
        }
    }

    /// ACC-24: the user agreement of the system.
    pub fn agreement_kind(self) -> &'static str {
        match self {
            EntryPoint::Portal | EntryPoint::Reg => "USER_PORTAL",
            EntryPoint::Nct => "USER_NCT",
            EntryPoint::Ens => "USER_ENS",
        }
    }
}

/// §2.1 `CertIdentity` as the certificate step stores and shows it (read-only, ACC-17).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertView {
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    /// `YYYY-MM-DD`: from the certificate, else from the ИИН (§2.2).
    pub birth_date: String,
    pub email: Option<String>,
    pub bin: Option<String>,
    pub org_name: Option<String>,
    /// `INDIVIDUAL` or `LEGAL_ENTITY`.
    pub holder_kind: String,
    /// `AUTH`, `SIGN` or `DUAL`.
    pub purpose: String,
    pub signing_right: bool,
    pub serial: String,
    pub issuer: String,
    pub valid_to: i64,
    pub fingerprint_sha256: String,
}

impl CertView {
    pub fn from_identity(id: &pki::CertIdentity) -> CertView {
        let birth = id
            .birth_date
            .or_else(|| kernel::values::Iin::parse(&id.iin).ok()?.birth_date())
            .map(|d| d.to_string())
            .unwrap_or_default();
        CertView {
            iin: id.iin.clone(),
            last_name: id.last_name.clone(),
            first_name: id.first_name.clone(),
            middle_name: id.middle_name.clone(),
            birth_date: birth,
            email: id.email.clone(),
            bin: id.bin.clone(),
            org_name: id.org_name.clone(),
            holder_kind: id.holder_kind.as_str().to_string(),
            purpose: id.purpose.as_str().to_string(),
            signing_right: id.signing_right,
            serial: id.serial.clone(),
            issuer: id.issuer_dn.clone(),
            valid_to: id.valid_to.0,
            fingerprint_sha256: id.fingerprint_sha256.clone(),
        }
    }

    pub fn full_name(&self) -> String {
        let mut s = format!("{} {}", self.last_name, self.first_name);
        if let Some(m) = &self.middle_name {
            s.push(' ');
            s.push_str(m);
        }
        s
    }
}

/// What the certificate step leads to (ACC-37, ACC-54).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    /// An account exists: the password page, bound to `login_token` for 5 minutes.
    Password {
        login_token: String,
        full_name: String,
        expires_at: kernel::Millis,
    },
    /// No account (portal entry, or the registration button): the registration form.
    Register {
        registration_token: String,
        identity: Box<CertView>,
        expires_at: kernel::Millis,
    },
}

/// Where the browser goes after the password step (ACC-57).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    /// ACC-49: only the activation message.
    Activation,
    /// ACC-68: only «Смена пароля».
    ChangePassword,
    /// ACC-24, ACC-57: only the agreement of the entry point, until it is accepted.
    Agreement,
    /// The main page of the entry point.
    Cabinet,
}

/// A successful password step.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    /// The new session id for the cookie (renewed at login, ACC-161).
    pub session_id: String,
    pub account: crate::store::Account,
    pub next: NextStep,
}

/// A completed registration (ACC-42).
#[derive(Debug, Clone)]
pub struct Registered {
    pub account_id: String,
    /// «Авторизуйтесь»: the password step bound to the registration certificate, 5 minutes.
    pub login_token: String,
    pub email: String,
}

/// The registration form (ACC-38, ACC-45).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RegistrationForm {
    pub email: Option<String>,
    pub mobile_phone: Option<String>,
    pub password: Option<String>,
    pub password_confirmation: Option<String>,
}

/// The session of a request, once checked (§2.6).
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub id_sha256: String,
    pub account: crate::store::Account,
    /// `CERT_PASSWORD`, `CERT` or `PASSWORD`.
    pub assurance: String,
    pub context_participant_id: Option<String>,
    pub cert_bin: Option<String>,
    /// The certificate of the session's certificate step (ACC-22 row).
    pub certificate_sha256: Option<String>,
    /// The membership's authorities as at login (002 §Staff), in the participant context.
    pub authorities: Vec<String>,
    pub entry_point: String,
    /// Effective staff roles (role, scope).
    pub roles: Vec<(String, Option<String>)>,
    pub created_at: kernel::Millis,
    pub expires_at: kernel::Millis,
    /// ACC-118: `DEFAULT` or `SECRETARY` (the latter only while the `SECRETARY` role holds).
    pub workspace: String,
    /// ACC-24: the agreement kind the session's system still asks; while set, the session may
    /// only accept it, read `/api/v1/me` and log out (computed at each request).
    pub pending_agreement: Option<String>,
}
