//! X.509 certificates in the НУЦ РК profile (spec §2: SIG-15…SIG-22, SIG-27, SIG-40).
//!
//! [`Cert`] keeps the DER exactly as received (the TBS part is sliced from it, never
//! re-encoded, for signature checks) together with the parsed certificate and a [`CertInfo`]:
//! subject attributes, holder kind, roles, key purpose, validity, serial, algorithm and SHA-256
//! fingerprint. [`Cert::identity`] maps it to the account data of SIG-27 (§2.5);
//! [`Cert::revocation_urls`] reads the AIA, CRL DP and Freshest CRL locations (SIG-47, SIG-48).

mod access;
mod chain;
mod dn;
mod profile;

pub use access::RevocationUrls;
pub use chain::{Chain, TrustStore};
pub use profile::{CertIdentity, HolderKind, KeyPurpose, KeyUsageBits, Role, SubjectAttrs};

use crate::algo::{Algorithm, PublicKey};
use crate::error::PkiError;
use crate::oid;
use crate::raw;
use const_oid::ObjectIdentifier as Oid;
use der::{Decode, Encode};
use kernel::Millis;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectKeyIdentifier,
};

/// Everything Tauar reads from one certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct CertInfo {
    /// 1, 2 or 3.
    pub version: u8,
    /// Serial number, upper-case hex without a sign byte (as OpenSSL and the manifest print it).
    pub serial_hex: String,
    /// RFC 4514 strings of the names.
    pub subject_dn: String,
    pub issuer_dn: String,
    /// The subject attributes of SIG-15.
    pub subject: SubjectAttrs,
    /// SIG-16: the 12 digits after `IIN` in SERIALNUMBER.
    pub iin: Option<String>,
    /// SIG-16.3: a wrong check digit is only a warning.
    pub iin_check_digit_ok: bool,
    /// SIG-16.2: the 12 digits after `BIN` in OU.
    pub bin: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    /// SIG-16.4: derived from a valid ИИН through `kernel::values::Iin`.
    pub birth_date: Option<jiff::civil::Date>,
    pub email: Option<String>,
    pub org_name: Option<String>,
    /// SIG-18; `None` when it cannot be decided (CA, TSA, machine keys, both or neither role).
    pub holder_kind: Option<HolderKind>,
    /// SIG-17/19: the Tauar roles (unknown legal-entity sub-roles and treasury → EMPLOYEE).
    pub roles: Vec<Role>,
    /// SIG-19: every EKU OID that is not clientAuth/emailProtection, as dotted strings.
    pub roles_raw: Vec<String>,
    /// SIG-19: FIRST_HEAD or SIGNING_RIGHT.
    pub signing_right: bool,
    /// SIG-22.
    pub purpose: KeyPurpose,
    pub key_usage: Option<KeyUsageBits>,
    /// All EKU OIDs as dotted strings.
    pub ext_key_usage: Vec<String>,
    pub policy_oids: Vec<String>,
    /// basicConstraints CA:TRUE.
    pub is_ca: bool,
    pub path_len: Option<u8>,
    pub valid_from: Millis,
    pub valid_to: Millis,
    /// The key family, `None` when the key is outside the SIG-41 table.
    pub algorithm: Option<Algorithm>,
    /// The certificate's signature algorithm OID.
    pub signature_algorithm: String,
    /// SHA-256 of the DER, lower-case hex.
    pub fingerprint_sha256: String,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
    /// OIDs of critical extensions outside the SIG-40 allow-list.
    pub unknown_critical: Vec<String>,
    /// Things logged, never refused (SIG-16.3, SIG-16.7): `iin_check_digit`,
    /// `duplicate_attribute:<oid>`.
    pub warnings: Vec<String>,
}

impl CertInfo {
    /// True when the certificate carries the marker policy of Tauar's test PKI (SIG-61): a
    /// production build refuses such a certificate in its trust store (SIG-57).
    pub fn is_test_pki(&self) -> bool {
        self.policy_oids.iter().any(|p| p == oid::TEST_PKI_MARKER)
    }
}

/// A parsed certificate with its DER as received.
#[derive(Debug, Clone)]
pub struct Cert {
    der: Vec<u8>,
    tbs: (usize, usize),
    x509: Certificate,
    info: CertInfo,
}

impl PartialEq for Cert {
    fn eq(&self, other: &Cert) -> bool {
        self.der == other.der
    }
}

/// SIG-40: critical extensions a signer certificate may carry.
const CRITICAL_ALLOWED: [Oid; 5] = [
    oid::EXT_KEY_USAGE,
    oid::EXT_BASIC_CONSTRAINTS,
    oid::EXT_EXT_KEY_USAGE,
    oid::EXT_CERTIFICATE_POLICIES,
    oid::EXT_SUBJECT_ALT_NAME,
];

impl Cert {
    /// Parses one DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Cert, PkiError> {
        let x509 = Certificate::from_der(der)
            .map_err(|e| PkiError::malformed(format!("certificate: {e}")))?;
        let t = raw::tlv(der)?;
        let tbs_tlv = raw::elements(t.value)?
            .into_iter()
            .next()
            .ok_or_else(|| PkiError::malformed("certificate without TBS"))?;
        let start = tbs_tlv.as_ptr() as usize - der.as_ptr() as usize;
        let tbs = (start, start + tbs_tlv.len());
        let info = read_info(&x509, der)?;
        Ok(Cert {
            der: der.to_vec(),
            tbs,
            x509,
            info,
        })
    }

    /// Parses one PEM certificate (`-----BEGIN CERTIFICATE-----`); the DER inside is kept as
    /// it is, never re-encoded.
    pub fn from_pem(pem: &str) -> Result<Cert, PkiError> {
        let mut all = pem_blocks(pem)?;
        match all.len() {
            1 => Cert::from_der(&all.remove(0)),
            n => Err(PkiError::malformed(format!("{n} PEM blocks, expected one"))),
        }
    }

    /// PEM or DER, whichever `bytes` is.
    pub fn parse(bytes: &[u8]) -> Result<Cert, PkiError> {
        match std::str::from_utf8(bytes) {
            Ok(s) if s.trim_start().starts_with("-----BEGIN") => Cert::from_pem(s),
            _ => Cert::from_der(bytes),
        }
    }

    /// Every certificate of a PEM bundle, or the one DER certificate.
    pub fn parse_all(bytes: &[u8]) -> Result<Vec<Cert>, PkiError> {
        match std::str::from_utf8(bytes) {
            Ok(s) if s.trim_start().starts_with("-----BEGIN") => pem_blocks(s)?
                .iter()
                .map(|der| Cert::from_der(der))
                .collect(),
            _ => Ok(vec![Cert::from_der(bytes)?]),
        }
    }

    /// The DER as received.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The TBSCertificate bytes as received (what the issuer signed).
    pub fn tbs_der(&self) -> &[u8] {
        &self.der[self.tbs.0..self.tbs.1]
    }

    pub fn info(&self) -> &CertInfo {
        &self.info
    }

    pub fn x509(&self) -> &Certificate {
        &self.x509
    }

    /// The DER of the subject and issuer names (for name matching).
    pub(crate) fn subject_der(&self) -> Vec<u8> {
        self.x509
            .tbs_certificate
            .subject
            .to_der()
            .unwrap_or_default()
    }

    pub(crate) fn issuer_der(&self) -> Vec<u8> {
        self.x509
            .tbs_certificate
            .issuer
            .to_der()
            .unwrap_or_default()
    }

    /// The serial number's bytes as encoded (with a sign byte if there is one).
    pub(crate) fn serial_bytes(&self) -> &[u8] {
        self.x509.tbs_certificate.serial_number.as_bytes()
    }

    /// The subject key (SIG-41 table only).
    pub fn public_key(&self) -> Result<PublicKey, PkiError> {
        PublicKey::from_spki(&self.x509.tbs_certificate.subject_public_key_info)
    }

    /// Checks this certificate's signature with `issuer`'s key (names are not compared here).
    pub fn verify_signed_by(&self, issuer: &Cert) -> Result<(), PkiError> {
        let outer = self.x509.signature_algorithm.oid;
        if outer != self.x509.tbs_certificate.signature.oid {
            return Err(PkiError::invalid(
                "inner and outer signature algorithms differ",
            ));
        }
        let sig = self
            .x509
            .signature
            .as_bytes()
            .ok_or_else(|| PkiError::malformed("signature BIT STRING has unused bits"))?;
        issuer.public_key()?.verify(&outer, self.tbs_der(), sig)
    }

    /// True when subject and issuer names are equal.
    pub fn is_self_issued(&self) -> bool {
        self.subject_der() == self.issuer_der()
    }

    /// The account data of SIG-27; `SIG_NOT_PERSONAL_CERT` without ИИН or holder kind,
    /// `SIG_ROLE_NOT_ALLOWED` for НУЦ staff roles (SIG-17).
    pub fn identity(&self) -> Result<CertIdentity, PkiError> {
        profile::identity(&self.info)
    }

    /// Within validity at `t`: notBefore − `leeway_ms` ≤ t ≤ notAfter (SIG-45).
    pub fn check_validity(&self, t: Millis, leeway_ms: i64) -> Result<(), PkiError> {
        if t.0 > self.info.valid_to.0 {
            return Err(PkiError::CertExpired {
                not_after: self.info.valid_to,
            });
        }
        if t.0 < self.info.valid_from.0 - leeway_ms {
            return Err(PkiError::CertNotYetValid {
                not_before: self.info.valid_from,
            });
        }
        Ok(())
    }
}

/// The DER of every `CERTIFICATE` block of a PEM text.
fn pem_blocks(text: &str) -> Result<Vec<Vec<u8>>, PkiError> {
    const END: &str = "-----END CERTIFICATE-----";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
        let after = &rest[start..];
        let end = after
            .find(END)
            .ok_or_else(|| PkiError::malformed("PEM block without END line"))?;
        let block = &after[..end + END.len()];
        let (_, der) = der::pem::decode_vec(block.as_bytes())
            .map_err(|e| PkiError::malformed(format!("PEM: {e}")))?;
        out.push(der);
        rest = &after[end + END.len()..];
    }
    if out.is_empty() {
        return Err(PkiError::malformed("no CERTIFICATE block in the PEM text"));
    }
    Ok(out)
}

fn millis(t: &x509_cert::time::Time) -> Millis {
    Millis(i64::try_from(t.to_unix_duration().as_millis()).unwrap_or(i64::MAX))
}

/// Serial as printed by OpenSSL: upper-case hex without a leading sign byte.
pub(crate) fn serial_hex(bytes: &[u8]) -> String {
    let b = match bytes {
        [0, rest @ ..] if !rest.is_empty() => rest,
        b => b,
    };
    raw::hex_upper(b)
}

fn read_info(x509: &Certificate, der: &[u8]) -> Result<CertInfo, PkiError> {
    let tbs = &x509.tbs_certificate;
    let version = match tbs.version {
        x509_cert::Version::V1 => 1,
        x509_cert::Version::V2 => 2,
        x509_cert::Version::V3 => 3,
    };
    let mut key_usage = None;
    let mut eku: Vec<Oid> = Vec::new();
    let mut policies = Vec::new();
    let (mut is_ca, mut path_len) = (false, None);
    let (mut ski, mut aki) = (None, None);
    let mut unknown_critical = Vec::new();
    for ext in tbs.extensions.as_deref().unwrap_or(&[]) {
        let v = ext.extn_value.as_bytes();
        fn bad(what: &'static str) -> impl Fn(der::Error) -> PkiError {
            move |e| PkiError::malformed(format!("{what}: {e}"))
        }
        match ext.extn_id {
            x if x == oid::EXT_KEY_USAGE => {
                key_usage = Some(KeyUsageBits::from(
                    KeyUsage::from_der(v).map_err(bad("keyUsage"))?,
                ));
            }
            x if x == oid::EXT_EXT_KEY_USAGE => {
                eku = ExtendedKeyUsage::from_der(v).map_err(bad("extKeyUsage"))?.0;
            }
            x if x == oid::EXT_BASIC_CONSTRAINTS => {
                let bc = BasicConstraints::from_der(v).map_err(bad("basicConstraints"))?;
                is_ca = bc.ca;
                path_len = bc.path_len_constraint;
            }
            x if x == oid::EXT_CERTIFICATE_POLICIES => {
                // Read raw: policy OIDs may have arcs beyond 32 bits (the 2.25.<UUID> marker of
                // the test PKI, SIG-61), which `const_oid` cannot hold.
                policies = raw::policy_oids(v)?;
            }
            x if x == oid::EXT_SUBJECT_KEY_ID => {
                let k = SubjectKeyIdentifier::from_der(v).map_err(bad("subjectKeyIdentifier"))?;
                ski = Some(k.0.as_bytes().to_vec());
            }
            x if x == oid::EXT_AUTHORITY_KEY_ID => {
                let k = AuthorityKeyIdentifier::from_der(v).map_err(bad("authorityKeyId"))?;
                aki = k.key_identifier.map(|o| o.as_bytes().to_vec());
            }
            _ => {}
        }
        if ext.critical && !CRITICAL_ALLOWED.contains(&ext.extn_id) {
            unknown_critical.push(ext.extn_id.to_string());
        }
    }
    let mut warnings = Vec::new();
    let subject = profile::subject_attrs(&tbs.subject, &mut warnings);
    let mut info = CertInfo {
        version,
        serial_hex: serial_hex(tbs.serial_number.as_bytes()),
        subject_dn: dn::dn_string(&tbs.subject),
        issuer_dn: dn::dn_string(&tbs.issuer),
        subject,
        iin: None,
        iin_check_digit_ok: false,
        bin: None,
        last_name: None,
        first_name: None,
        middle_name: None,
        birth_date: None,
        email: None,
        org_name: None,
        holder_kind: None,
        roles: Vec::new(),
        roles_raw: Vec::new(),
        signing_right: false,
        purpose: KeyPurpose::None,
        key_usage,
        ext_key_usage: eku.iter().map(|o| o.to_string()).collect(),
        policy_oids: policies,
        is_ca,
        path_len,
        valid_from: millis(&tbs.validity.not_before),
        valid_to: millis(&tbs.validity.not_after),
        algorithm: PublicKey::from_spki(&tbs.subject_public_key_info)
            .ok()
            .map(|k| k.algorithm()),
        signature_algorithm: x509.signature_algorithm.oid.to_string(),
        fingerprint_sha256: raw::hex_lower(&Sha256::digest(der)),
        subject_key_id: ski,
        authority_key_id: aki,
        unknown_critical,
        warnings,
    };
    profile::apply_profile(&mut info, &eku);
    Ok(info)
}
