//! `DIR/manifest.json` (SIG-59, SIG-62): every CA, service and persona of the test PKI — files,
//! password, ИИН/БИН, names, key purpose, roles, validity, initial status — and the expected
//! outcome of `login`, `register.agreement`, `participant.register` and a generic document act
//! for each persona, so acceptance tests iterate over it. Identical for the same `--seed`,
//! `--now` and `--base-url`.

use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "tauar-test-pki/1";
pub const WARNING: &str = "TEST ONLY — NOT НУЦ РК";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub warning: String,
    pub seed: u64,
    /// RFC 3339 UTC: the moment every validity period is anchored at (`--now`).
    pub now: String,
    pub base_url: String,
    /// The marker policy OID every certificate carries (SIG-61).
    pub marker_policy_oid: String,
    /// Password of every key store.
    pub password: String,
    pub cas: Vec<CaEntry>,
    pub services: Vec<ServiceEntry>,
    pub personas: Vec<PersonaEntry>,
    pub crls: Vec<CrlFiles>,
    pub tls: TlsEntry,
}

/// A CA of the test PKI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaEntry {
    pub name: String,
    pub subject: String,
    /// The CA that issued it (itself for a root).
    pub issuer: String,
    pub algorithm: String,
    /// Upper-case hex.
    pub serial: String,
    /// `ca/<name>.cer` (DER); trusted ones are also in `trust/`.
    pub certificate: String,
    /// `ca/<name>.p8` (PKCS#8 DER) — test only.
    pub key: String,
    /// In `trust/` (the rogue hierarchy is not).
    pub trusted: bool,
    pub not_before: String,
    pub not_after: String,
}

/// `ocsp-rsa`, `tsa-rsa` and the fault TSA `tsa-rsa-noncritical` (SIG-14 negative tests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceEntry {
    pub name: String,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub certificate: String,
    pub key: String,
}

/// The expected result of the four reference acts (`"OK"` or a §7.1 code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    pub login: String,
    #[serde(rename = "register.agreement")]
    pub register_agreement: String,
    #[serde(rename = "participant.register")]
    pub participant_register: String,
    pub document: String,
}

/// A cross-account case (SIG-62: another person's account, another organisation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextEntry {
    pub act: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_iin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub participant_bin: Option<String>,
    pub expected: String,
}

/// The revocation written at init.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitRevocation {
    pub reason: String,
    pub at: String,
}

/// One persona of SIG-62 or of the account certificates (spec/accounts.md §9.0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonaEntry {
    pub name: String,
    /// `keys/<name>/AUTH_RSA256_<hex>.p12`, `RSA256_<hex>.p12` or `GOST512_<hex>.p12`.
    pub file: String,
    pub password: String,
    /// RSA or GOST2015_512.
    pub algorithm: String,
    pub key_bits: u32,
    pub issuer: String,
    pub serial: String,
    pub subject: String,
    pub iin: Option<String>,
    pub bin: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub email: Option<String>,
    pub org_name: Option<String>,
    /// INDIVIDUAL / LEGAL_ENTITY, as the verifier reads the certificate.
    pub holder_kind: Option<String>,
    /// AUTH / SIGN / DUAL / NONE (SIG-22).
    pub purpose: String,
    pub key_usage: Vec<String>,
    pub ext_key_usage: Vec<String>,
    pub roles: Vec<String>,
    pub not_before: String,
    pub not_after: String,
    /// valid, expired, not_yet_valid, revoked, hold.
    pub status: String,
    pub revocation: Option<InitRevocation>,
    pub expected: Expected,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected_after_unhold: Option<Expected>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub context: Vec<ContextEntry>,
    pub note: String,
}

/// The CRL files of one CA (SIG-63, SIG-64 `GET /crl/<ca>.crl`, `/crl/<ca>_d.crl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrlFiles {
    pub ca: String,
    pub full: String,
    pub delta: String,
}

/// The loopback TLS material of `tauar signer` (SIG-69).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsEntry {
    pub ca: String,
    pub cert: String,
    pub key: String,
    /// base64 SHA-256 of the leaf's SPKI, for `--ignore-certificate-errors-spki-list`.
    pub spki_sha256_base64: String,
}

impl Manifest {
    pub fn persona(&self, name: &str) -> Option<&PersonaEntry> {
        self.personas.iter().find(|p| p.name == name)
    }

    pub fn ca(&self, name: &str) -> Option<&CaEntry> {
        self.cas.iter().find(|c| c.name == name)
    }

    pub fn service(&self, name: &str) -> Option<&ServiceEntry> {
        self.services.iter().find(|c| c.name == name)
    }
}

impl Expected {
    /// The expectation for an act: `login`, `register.agreement`, `participant.register`,
    /// `document`.
    pub fn of(&self, act: &str) -> Option<&str> {
        Some(match act {
            "login" => &self.login,
            "register.agreement" => &self.register_agreement,
            "participant.register" => &self.participant_register,
            "document" => &self.document,
            _ => return None,
        })
    }
}
