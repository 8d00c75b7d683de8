//! The НУЦ РК certificate profile: DN attributes (SIG-15, SIG-16), holder kind and roles from
//! the EKU role OIDs (SIG-17…SIG-19), key purpose (SIG-22, never from file names) and the
//! `CertIdentity` of SIG-27.

use super::CertInfo;
use crate::algo::Algorithm;
use crate::error::PkiError;
use crate::oid;
use const_oid::ObjectIdentifier as Oid;
use der::asn1::Any;
use der::{Tag, Tagged};
use kernel::Millis;
use kernel::values::Iin;
use x509_cert::ext::pkix::KeyUsage;
use x509_cert::name::Name;

/// Subject attributes as written in the certificate (first of each kind, SIG-16.7).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubjectAttrs {
    pub cn: Option<String>,
    pub surname: Option<String>,
    /// GIVENNAME holds the patronymic (отчество), SIG-15.
    pub given_name: Option<String>,
    pub serial_number: Option<String>,
    pub country: Option<String>,
    pub locality: Option<String>,
    pub state: Option<String>,
    pub org: Option<String>,
    pub org_unit: Option<String>,
    pub email: Option<String>,
}

/// SIG-18.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HolderKind {
    Individual,
    LegalEntity,
}

impl HolderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HolderKind::Individual => "INDIVIDUAL",
            HolderKind::LegalEntity => "LEGAL_ENTITY",
        }
    }
}

/// The Tauar roles of SIG-17.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Individual,
    LegalEntity,
    FirstHead,
    SigningRight,
    FinanceSigner,
    Hr,
    Employee,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Individual => "INDIVIDUAL",
            Role::LegalEntity => "LEGAL_ENTITY",
            Role::FirstHead => "FIRST_HEAD",
            Role::SigningRight => "SIGNING_RIGHT",
            Role::FinanceSigner => "FINANCE_SIGNER",
            Role::Hr => "HR",
            Role::Employee => "EMPLOYEE",
        }
    }
}

/// SIG-22.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyPurpose {
    Auth,
    Sign,
    Dual,
    None,
}

impl KeyPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyPurpose::Auth => "AUTH",
            KeyPurpose::Sign => "SIGN",
            KeyPurpose::Dual => "DUAL",
            KeyPurpose::None => "NONE",
        }
    }
}

/// The keyUsage bits (RFC 5280 §4.2.1.3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyUsageBits {
    pub digital_signature: bool,
    pub non_repudiation: bool,
    pub key_encipherment: bool,
    pub data_encipherment: bool,
    pub key_agreement: bool,
    pub key_cert_sign: bool,
    pub crl_sign: bool,
}

impl From<KeyUsage> for KeyUsageBits {
    fn from(k: KeyUsage) -> Self {
        KeyUsageBits {
            digital_signature: k.digital_signature(),
            non_repudiation: k.non_repudiation(),
            key_encipherment: k.key_encipherment(),
            data_encipherment: k.data_encipherment(),
            key_agreement: k.key_agreement(),
            key_cert_sign: k.key_cert_sign(),
            crl_sign: k.crl_sign(),
        }
    }
}

/// The verified identity consumed by accounts (SIG-27).
#[derive(Debug, Clone, PartialEq)]
pub struct CertIdentity {
    pub iin: String,
    pub bin: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: Option<jiff::civil::Date>,
    pub email: Option<String>,
    pub org_name: Option<String>,
    pub holder_kind: HolderKind,
    pub purpose: KeyPurpose,
    pub roles: Vec<Role>,
    pub roles_raw: Vec<String>,
    pub signing_right: bool,
    pub serial: String,
    pub issuer_dn: String,
    pub subject_dn: String,
    pub valid_from: Millis,
    pub valid_to: Millis,
    pub algorithm: Algorithm,
    pub fingerprint_sha256: String,
    pub policy_oids: Vec<String>,
}

/// The text of a directory string (UTF8String, PrintableString, IA5String, BMPString, …).
fn directory_string(v: &Any) -> Option<String> {
    let bytes = v.value();
    match v.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::VisibleString
        | Tag::TeletexString => Some(String::from_utf8_lossy(bytes).into_owned()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        _ => None,
    }
}

/// SIG-15/16.7: the first value of each attribute; later duplicates are warnings.
pub(super) fn subject_attrs(name: &Name, warnings: &mut Vec<String>) -> SubjectAttrs {
    let mut a = SubjectAttrs::default();
    for rdn in name.0.iter() {
        for atv in rdn.0.iter() {
            let slot = match atv.oid {
                x if x == oid::AT_CN => &mut a.cn,
                x if x == oid::AT_SURNAME => &mut a.surname,
                x if x == oid::AT_GIVEN_NAME => &mut a.given_name,
                x if x == oid::AT_SERIAL_NUMBER => &mut a.serial_number,
                x if x == oid::AT_COUNTRY => &mut a.country,
                x if x == oid::AT_LOCALITY => &mut a.locality,
                x if x == oid::AT_STATE => &mut a.state,
                x if x == oid::AT_ORG => &mut a.org,
                x if x == oid::AT_ORG_UNIT => &mut a.org_unit,
                x if x == oid::AT_EMAIL => &mut a.email,
                _ => continue,
            };
            if slot.is_some() {
                warnings.push(format!("duplicate_attribute:{}", atv.oid));
            } else {
                *slot = directory_string(&atv.value);
            }
        }
    }
    a
}

/// 12 ASCII digits after `prefix`.
fn digits_after(value: Option<&String>, prefix: &str) -> Option<String> {
    let rest = value?.trim().strip_prefix(prefix)?;
    (rest.len() == 12 && rest.bytes().all(|b| b.is_ascii_digit())).then(|| rest.to_string())
}

fn is_under(o: &Oid, arc: &Oid) -> bool {
    let (o, arc) = (o.as_bytes(), arc.as_bytes());
    o.len() > arc.len() && o.starts_with(arc)
}

/// Fills the derived fields of SIG-16…SIG-22 from the subject attributes and the EKU.
pub(super) fn apply_profile(info: &mut CertInfo, eku: &[Oid]) {
    let s = info.subject.clone();
    info.iin = digits_after(s.serial_number.as_ref(), "IIN");
    info.bin = digits_after(s.org_unit.as_ref(), "BIN");
    if let Some(iin) = &info.iin {
        // SIG-16.3/16.4: the check digit never refuses; the birth date needs a valid ИИН.
        match Iin::parse(iin) {
            Ok(v) => {
                info.iin_check_digit_ok = true;
                info.birth_date = v.birth_date();
            }
            Err(_) => info.warnings.push("iin_check_digit".to_string()),
        }
    }
    info.last_name = s.surname.clone();
    info.middle_name = s.given_name.clone();
    info.first_name = s.cn.as_ref().and_then(|cn| {
        let after = s
            .surname
            .as_ref()
            .and_then(|sn| cn.strip_prefix(sn.as_str()))
            .and_then(|rest| rest.strip_prefix(' '));
        match after {
            Some(first) if !first.trim().is_empty() => Some(first.trim().to_string()),
            _ => cn.split_whitespace().last().map(str::to_string),
        }
    });
    info.email = s.email.clone();
    info.org_name = s.org.clone();

    // SIG-17/19: roles.
    let mut roles = Vec::new();
    for o in eku {
        if *o == oid::EKU_CLIENT_AUTH || *o == oid::EKU_EMAIL_PROTECTION {
            continue;
        }
        info.roles_raw.push(o.to_string());
        let role = match *o {
            x if x == oid::ROLE_INDIVIDUAL => Some(Role::Individual),
            x if x == oid::ROLE_LEGAL_ENTITY => Some(Role::LegalEntity),
            x if x == oid::ROLE_FIRST_HEAD => Some(Role::FirstHead),
            x if x == oid::ROLE_SIGNING_RIGHT => Some(Role::SigningRight),
            x if x == oid::ROLE_FINANCE_SIGNER => Some(Role::FinanceSigner),
            x if x == oid::ROLE_HR => Some(Role::Hr),
            x if x == oid::ROLE_EMPLOYEE => Some(Role::Employee),
            x if x == oid::ROLE_TREASURY_CLIENT => Some(Role::Employee),
            x if x == oid::ROLE_INFORMATION_SYSTEM => None,
            x if is_under(&x, &oid::ROLE_LEGAL_ENTITY) => Some(Role::Employee),
            _ => None,
        };
        if let Some(r) = role
            && !roles.contains(&r)
        {
            roles.push(r);
        }
    }
    roles.sort();
    info.signing_right = roles.contains(&Role::FirstHead) || roles.contains(&Role::SigningRight);

    // SIG-18: holder kind.
    let legal = eku.contains(&oid::ROLE_LEGAL_ENTITY) || info.bin.is_some();
    let individual = eku.contains(&oid::ROLE_INDIVIDUAL);
    info.holder_kind = match (individual, legal) {
        (true, false) => Some(HolderKind::Individual),
        (false, true) => Some(HolderKind::LegalEntity),
        _ => None,
    };
    info.roles = roles;

    // SIG-22: key purpose (CA certificates are never signers).
    let has = |o: &Oid| eku.contains(o);
    info.purpose = match info.key_usage {
        _ if info.is_ca => KeyPurpose::None,
        Some(k) if k.digital_signature && k.non_repudiation && k.key_encipherment => {
            KeyPurpose::Dual
        }
        Some(k) if k.digital_signature && k.non_repudiation => KeyPurpose::Sign,
        Some(k) if k.digital_signature && k.key_encipherment => KeyPurpose::Auth,
        _ if has(&oid::EKU_CLIENT_AUTH) && !has(&oid::EKU_EMAIL_PROTECTION) => KeyPurpose::Auth,
        _ => KeyPurpose::None,
    };
}

fn not_personal(detail: &str) -> PkiError {
    PkiError::NotPersonalCert {
        detail: detail.to_string(),
    }
}

/// SIG-27 from the parsed information.
pub(super) fn identity(info: &CertInfo) -> Result<CertIdentity, PkiError> {
    if info
        .roles_raw
        .iter()
        .filter_map(|r| r.parse::<Oid>().ok())
        .any(|o| is_under(&o, &oid::ROLE_NUC_STAFF_ARC))
    {
        return Err(PkiError::RoleNotAllowed {
            detail: "НУЦ staff role".to_string(),
        });
    }
    let iin = info
        .iin
        .clone()
        .ok_or_else(|| not_personal("no IIN in SERIALNUMBER"))?;
    let holder_kind = info
        .holder_kind
        .ok_or_else(|| not_personal("holder kind cannot be decided"))?;
    let algorithm = info
        .algorithm
        .ok_or_else(|| PkiError::unsupported(info.signature_algorithm.clone()))?;
    Ok(CertIdentity {
        iin,
        bin: info.bin.clone(),
        last_name: info.last_name.clone().unwrap_or_default(),
        first_name: info.first_name.clone().unwrap_or_default(),
        middle_name: info.middle_name.clone(),
        birth_date: info.birth_date,
        email: info.email.clone(),
        org_name: info.org_name.clone(),
        holder_kind,
        purpose: info.purpose,
        roles: info.roles.clone(),
        roles_raw: info.roles_raw.clone(),
        signing_right: info.signing_right,
        serial: info.serial_hex.clone(),
        issuer_dn: info.issuer_dn.clone(),
        subject_dn: info.subject_dn.clone(),
        valid_from: info.valid_from,
        valid_to: info.valid_to,
        algorithm,
        fingerprint_sha256: info.fingerprint_sha256.clone(),
        policy_oids: info.policy_oids.clone(),
    })
}
