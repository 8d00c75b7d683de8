//! CRLs: parsing (full and delta), signature check under the issuing CA, and the revocation
//! answer for one certificate (SIG-46, SIG-48, SIG-49 step 3).
//!
//! The CRL is walked as raw DER, entry by entry, into a compact sorted list of
//! `{serial, revocation time, reason}` (SIG-48: a full НУЦ CRL has ≈ 422 000 entries, so no
//! full object tree is kept), and its signature is checked over the TBS bytes as received.
//! Algorithm identifiers are compared by OID only (SIG-42: the 2026 test CRL's inner one has no
//! parameters while the outer one has NULL).
//!
//! Delta merge (SIG-48, RFC 5280 §5.2.4) with one deviation: НУЦ numbers its delta CRLs in a
//! sequence of their own (fixtures: delta #5 on base #10, delta #1 on base #1), so the RFC test
//! `full.CRLNumber < delta.CRLNumber` would discard every НУЦ delta. A delta is applied when its
//! base (deltaCRLIndicator) ≤ the full CRL's number and it was issued no earlier than the full
//! CRL (`delta.thisUpdate ≥ full.thisUpdate`).

use crate::cert::Cert;
use crate::error::PkiError;
use crate::oid;
use crate::raw;
use const_oid::ObjectIdentifier as Oid;
use der::Decode;
use kernel::Millis;
use num_bigint_dig::BigUint;
use x509_cert::ext::Extensions;
use x509_cert::name::Name;
use x509_cert::time::Time;

/// CRL entry reason codes (RFC 5280 §5.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CrlReason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    CertificateHold,
    RemoveFromCrl,
    PrivilegeWithdrawn,
    AaCompromise,
}

impl CrlReason {
    pub fn from_code(c: u8) -> Option<CrlReason> {
        Some(match c {
            0 => CrlReason::Unspecified,
            1 => CrlReason::KeyCompromise,
            2 => CrlReason::CaCompromise,
            3 => CrlReason::AffiliationChanged,
            4 => CrlReason::Superseded,
            5 => CrlReason::CessationOfOperation,
            6 => CrlReason::CertificateHold,
            8 => CrlReason::RemoveFromCrl,
            9 => CrlReason::PrivilegeWithdrawn,
            10 => CrlReason::AaCompromise,
            _ => return None,
        })
    }

    /// The reason code of RFC 5280 §5.3.1.
    pub fn code(self) -> u8 {
        match self {
            CrlReason::Unspecified => 0,
            CrlReason::KeyCompromise => 1,
            CrlReason::CaCompromise => 2,
            CrlReason::AffiliationChanged => 3,
            CrlReason::Superseded => 4,
            CrlReason::CessationOfOperation => 5,
            CrlReason::CertificateHold => 6,
            CrlReason::RemoveFromCrl => 8,
            CrlReason::PrivilegeWithdrawn => 9,
            CrlReason::AaCompromise => 10,
        }
    }

    /// The ASN.1 name of RFC 5280 (`keyCompromise`, `certificateHold`, …).
    pub fn name(self) -> &'static str {
        match self {
            CrlReason::Unspecified => "unspecified",
            CrlReason::KeyCompromise => "keyCompromise",
            CrlReason::CaCompromise => "cACompromise",
            CrlReason::AffiliationChanged => "affiliationChanged",
            CrlReason::Superseded => "superseded",
            CrlReason::CessationOfOperation => "cessationOfOperation",
            CrlReason::CertificateHold => "certificateHold",
            CrlReason::RemoveFromCrl => "removeFromCRL",
            CrlReason::PrivilegeWithdrawn => "privilegeWithdrawn",
            CrlReason::AaCompromise => "aACompromise",
        }
    }

    /// Reads an RFC 5280 name in any case, with or without `-`/`_` (`keyCompromise`,
    /// `key-compromise`, `KEY_COMPROMISE`), or a numeric code.
    pub fn from_name(s: &str) -> Option<CrlReason> {
        if let Ok(c) = s.trim().parse::<u8>() {
            return CrlReason::from_code(c);
        }
        let norm: String = s
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (0..=10)
            .filter_map(CrlReason::from_code)
            .find(|r| r.name().to_ascii_lowercase() == norm)
    }

    /// The name OpenSSL prints (and the fixtures' manifest uses).
    pub fn display_name(self) -> &'static str {
        match self {
            CrlReason::Unspecified => "Unspecified",
            CrlReason::KeyCompromise => "Key Compromise",
            CrlReason::CaCompromise => "CA Compromise",
            CrlReason::AffiliationChanged => "Affiliation Changed",
            CrlReason::Superseded => "Superseded",
            CrlReason::CessationOfOperation => "Cessation Of Operation",
            CrlReason::CertificateHold => "Certificate Hold",
            CrlReason::RemoveFromCrl => "Remove From CRL",
            CrlReason::PrivilegeWithdrawn => "Privilege Withdrawn",
            CrlReason::AaCompromise => "AA Compromise",
        }
    }

    /// The key a §7.1 message selects its `{reason}` words with.
    pub fn message_key(self) -> &'static str {
        match self {
            CrlReason::CertificateHold => "suspended",
            CrlReason::KeyCompromise | CrlReason::CaCompromise | CrlReason::AaCompromise => {
                "key-compromise"
            }
            CrlReason::Superseded => "superseded",
            _ => "revoked",
        }
    }
}

/// One revoked certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevokedEntry {
    /// Serial magnitude, big-endian without leading zeros.
    pub serial: Box<[u8]>,
    pub revoked_at: Millis,
    pub reason: Option<CrlReason>,
    pub invalidity_date: Option<Millis>,
}

impl RevokedEntry {
    /// Serial as upper-case hex (as the manifest prints it).
    pub fn serial_hex(&self) -> String {
        raw::hex_upper(&self.serial)
    }
}

/// A parsed CRL.
#[derive(Debug, Clone)]
pub struct Crl {
    der: Vec<u8>,
    tbs: (usize, usize),
    issuer: Vec<u8>,
    pub issuer_dn: String,
    pub this_update: Millis,
    pub next_update: Option<Millis>,
    pub crl_number: Option<BigUint>,
    /// deltaCRLIndicator: the base CRL number, for a delta CRL.
    pub delta_base: Option<BigUint>,
    pub authority_key_id: Option<Vec<u8>>,
    /// Sorted by serial.
    pub entries: Vec<RevokedEntry>,
    signature_alg: Oid,
    signature: Vec<u8>,
    /// False when a critical extension other than the known ones is present (SIG-48).
    pub usable: bool,
    verified_by: Option<Vec<u8>>,
}

/// CRL extensions Tauar understands.
const KNOWN_CRL_EXT: [Oid; 4] = [
    oid::EXT_CRL_NUMBER,
    oid::EXT_DELTA_CRL_INDICATOR,
    oid::EXT_AUTHORITY_KEY_ID,
    oid::EXT_ISSUING_DISTRIBUTION_POINT,
];

fn millis(t: &Time) -> Millis {
    Millis(i64::try_from(t.to_unix_duration().as_millis()).unwrap_or(i64::MAX))
}

fn is_time(tag: u8) -> bool {
    tag == 0x17 || tag == 0x18
}

fn integer(tlv: &[u8]) -> Result<BigUint, PkiError> {
    let t = raw::tlv(tlv)?;
    if t.tag_byte != 0x02 {
        return Err(PkiError::malformed("expected INTEGER"));
    }
    let m = raw::unsigned_magnitude(t.value)
        .ok_or_else(|| PkiError::malformed("negative CRL number"))?;
    Ok(BigUint::from_bytes_be(m))
}

impl Crl {
    /// Parses a DER CRL.
    pub fn from_der(der: &[u8]) -> Result<Crl, PkiError> {
        let (_, outer) = raw::children(der)?;
        let [tbs_tlv, alg_tlv, sig_tlv] = outer[..] else {
            return Err(PkiError::malformed("CRL is not tbs, algorithm, signature"));
        };
        let start = tbs_tlv.as_ptr() as usize - der.as_ptr() as usize;
        let alg = spki::AlgorithmIdentifierOwned::from_der(alg_tlv)?;
        let sig = der::asn1::BitString::from_der(sig_tlv)?;
        let signature = sig
            .as_bytes()
            .ok_or_else(|| PkiError::malformed("CRL signature has unused bits"))?
            .to_vec();

        let (_, items) = raw::children(tbs_tlv)?;
        let mut it = items.into_iter().peekable();
        if it.peek().is_some_and(|t| t.first() == Some(&0x02)) {
            it.next();
        }
        let inner_alg = spki::AlgorithmIdentifierOwned::from_der(
            it.next()
                .ok_or_else(|| PkiError::malformed("CRL without algorithm"))?,
        )?;
        if inner_alg.oid != alg.oid {
            return Err(PkiError::invalid("CRL inner and outer algorithms differ"));
        }
        let issuer_tlv = it
            .next()
            .ok_or_else(|| PkiError::malformed("CRL without issuer"))?;
        let issuer_name = Name::from_der(issuer_tlv)?;
        let this_update =
            millis(&Time::from_der(it.next().ok_or_else(|| {
                PkiError::malformed("CRL without thisUpdate")
            })?)?);
        let mut next_update = None;
        if let Some(t) = it.next_if(|t| t.first().is_some_and(|b| is_time(*b))) {
            next_update = Some(millis(&Time::from_der(t)?));
        }
        let mut entries = Vec::new();
        let mut usable = true;
        if let Some(list) = it.next_if(|t| t.first() == Some(&0x30)) {
            for entry in raw::children(list)?.1 {
                match parse_entry(entry)? {
                    Entry::Ok(e) => entries.push(e),
                    Entry::Negative => {}
                    Entry::UnknownCritical => usable = false,
                }
            }
        }
        let mut crl = Crl {
            der: der.to_vec(),
            tbs: (start, start + tbs_tlv.len()),
            issuer: der::Encode::to_der(&issuer_name)?,
            issuer_dn: issuer_name.to_string(),
            this_update,
            next_update,
            crl_number: None,
            delta_base: None,
            authority_key_id: None,
            entries,
            signature_alg: alg.oid,
            signature,
            usable,
            verified_by: None,
        };
        if let Some(ext) = it.next_if(|t| t.first() == Some(&0xA0)) {
            let t = raw::tlv(ext)?;
            for e in Extensions::from_der(t.value)? {
                let v = e.extn_value.as_bytes();
                match e.extn_id {
                    x if x == oid::EXT_CRL_NUMBER => crl.crl_number = Some(integer(v)?),
                    x if x == oid::EXT_DELTA_CRL_INDICATOR => crl.delta_base = Some(integer(v)?),
                    x if x == oid::EXT_AUTHORITY_KEY_ID => {
                        let a = x509_cert::ext::pkix::AuthorityKeyIdentifier::from_der(v)?;
                        crl.authority_key_id = a.key_identifier.map(|k| k.as_bytes().to_vec());
                    }
                    x if e.critical && !KNOWN_CRL_EXT.contains(&x) => crl.usable = false,
                    _ => {}
                }
            }
        }
        if it.next().is_some() {
            return Err(PkiError::malformed("unexpected field in tbsCertList"));
        }
        crl.entries.sort_by(|a, b| cmp_serial(&a.serial, &b.serial));
        Ok(crl)
    }

    /// The DER as received.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn is_delta(&self) -> bool {
        self.delta_base.is_some()
    }

    /// SIG-48: fresh at `t` iff nextUpdate ≥ t.
    pub fn is_fresh(&self, t: Millis) -> bool {
        self.next_update.is_some_and(|n| n.0 >= t.0)
    }

    /// Checks the signature under `issuer` (subject = CRL issuer, cRLSign when keyUsage is
    /// present, SKI = the CRL's AKI when both exist) and remembers it for [`check_crl`].
    pub fn verify_signature(&mut self, issuer: &Cert) -> Result<(), PkiError> {
        let i = issuer.info();
        if issuer.subject_der() != self.issuer {
            return Err(PkiError::invalid(
                "CRL issuer is not the certificate's subject",
            ));
        }
        if let (Some(aki), Some(ski)) = (&self.authority_key_id, &i.subject_key_id)
            && aki != ski
        {
            return Err(PkiError::invalid("CRL authority key id does not match"));
        }
        if i.key_usage.is_some_and(|k| !k.crl_sign) {
            return Err(PkiError::invalid("issuer certificate lacks cRLSign"));
        }
        let tbs = &self.der[self.tbs.0..self.tbs.1];
        issuer
            .public_key()?
            .verify(&self.signature_alg, tbs, &self.signature)?;
        self.verified_by = Some(i.subject_key_id.clone().unwrap_or_default());
        Ok(())
    }

    /// True once [`Crl::verify_signature`] succeeded.
    pub fn is_verified(&self) -> bool {
        self.verified_by.is_some()
    }

    /// The entry for a serial (bytes as in the certificate, sign byte allowed).
    pub fn find(&self, serial: &[u8]) -> Option<&RevokedEntry> {
        let key = raw::unsigned_magnitude(serial)?;
        self.entries
            .binary_search_by(|e| cmp_serial(&e.serial, key))
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    /// The entry for a serial in upper- or lower-case hex.
    pub fn find_hex(&self, serial_hex: &str) -> Option<&RevokedEntry> {
        let bytes: Option<Vec<u8>> = (0..serial_hex.len() / 2)
            .map(|i| u8::from_str_radix(serial_hex.get(2 * i..2 * i + 2)?, 16).ok())
            .collect();
        self.find(&bytes?)
    }
}

fn cmp_serial(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

enum Entry {
    Ok(RevokedEntry),
    Negative,
    UnknownCritical,
}

fn parse_entry(tlv: &[u8]) -> Result<Entry, PkiError> {
    let (_, f) = raw::children(tlv)?;
    let (Some(serial_tlv), Some(time_tlv)) = (f.first(), f.get(1)) else {
        return Err(PkiError::malformed("CRL entry without serial or date"));
    };
    let s = raw::tlv(serial_tlv)?;
    if s.tag_byte != 0x02 {
        return Err(PkiError::malformed("CRL entry serial is not an INTEGER"));
    }
    let Some(serial) = raw::unsigned_magnitude(s.value) else {
        return Ok(Entry::Negative);
    };
    let mut e = RevokedEntry {
        serial: serial.into(),
        revoked_at: millis(&Time::from_der(time_tlv)?),
        reason: None,
        invalidity_date: None,
    };
    if let Some(exts) = f.get(2) {
        for ext in Extensions::from_der(exts)? {
            let v = ext.extn_value.as_bytes();
            match ext.extn_id {
                x if x == oid::EXT_CRL_REASON => {
                    let t = raw::tlv(v)?;
                    e.reason = match (t.tag_byte, t.value) {
                        (0x0A, [c]) => CrlReason::from_code(*c),
                        _ => return Err(PkiError::malformed("bad CRL reason code")),
                    };
                }
                x if x == oid::EXT_INVALIDITY_DATE => {
                    let g = der::asn1::GeneralizedTime::from_der(v)?;
                    e.invalidity_date = Some(Millis(
                        i64::try_from(g.to_unix_duration().as_millis()).unwrap_or(0),
                    ));
                }
                _ if ext.critical => return Ok(Entry::UnknownCritical),
                _ => {}
            }
        }
    }
    Ok(Entry::Ok(e))
}

/// Where a CRL answer came from (SIG-70 `revocation_evidence`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrlEvidence {
    pub issuer_dn: String,
    pub crl_number: Option<String>,
    pub delta_crl_number: Option<String>,
    pub this_update: Millis,
}

/// The answer for one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevocationStatus {
    Good {
        evidence: CrlEvidence,
    },
    Revoked {
        revoked_at: Millis,
        reason: Option<CrlReason>,
        invalidity_date: Option<Millis>,
        evidence: CrlEvidence,
    },
}

/// SIG-49 step 3: the CRL answer for `cert` at `at` from the **verified** CRLs of its issuer:
/// the freshest usable full CRL, merged with the newest applicable delta. No fresh verified
/// full CRL of the issuer → `SIG_REVOCATION_UNAVAILABLE`. Whether a revocation invalidates a
/// given signature is decided by [`crate::verify::apply_revocation`] (SIG-50).
pub fn check_crl(cert: &Cert, crls: &[Crl], at: Millis) -> Result<RevocationStatus, PkiError> {
    let issuer = cert.issuer_der();
    let aki = cert.info().authority_key_id.as_ref();
    let ours = |c: &&Crl| {
        c.issuer == issuer
            && c.usable
            && c.is_fresh(at)
            && c.verified_by
                .as_ref()
                .is_some_and(|ski| aki.is_none_or(|a| ski.is_empty() || a == ski))
    };
    let full = crls
        .iter()
        .filter(ours)
        .filter(|c| !c.is_delta())
        .max_by(|a, b| {
            a.crl_number
                .cmp(&b.crl_number)
                .then(a.this_update.cmp(&b.this_update))
        })
        .ok_or_else(|| PkiError::RevocationUnavailable {
            detail: format!("no fresh verified CRL of {}", cert.info().issuer_dn),
        })?;
    let full_no = full.crl_number.clone().unwrap_or_default();
    let delta = crls
        .iter()
        .filter(ours)
        .filter(|d| {
            d.delta_base.as_ref().is_some_and(|b| *b <= full_no)
                && d.this_update >= full.this_update
        })
        .max_by(|a, b| {
            a.this_update
                .cmp(&b.this_update)
                .then(a.crl_number.cmp(&b.crl_number))
        });
    let evidence = CrlEvidence {
        issuer_dn: full.issuer_dn.clone(),
        crl_number: full.crl_number.as_ref().map(|n| n.to_str_radix(10)),
        delta_crl_number: delta.and_then(|d| d.crl_number.as_ref().map(|n| n.to_str_radix(10))),
        this_update: delta.map_or(full.this_update, |d| d.this_update),
    };
    let serial = cert.serial_bytes();
    let entry = match delta.and_then(|d| d.find(serial)) {
        Some(e) if e.reason == Some(CrlReason::RemoveFromCrl) => None,
        Some(e) => Some(e),
        None => full
            .find(serial)
            .filter(|e| e.reason != Some(CrlReason::RemoveFromCrl)),
    };
    Ok(match entry {
        None => RevocationStatus::Good { evidence },
        Some(e) => RevocationStatus::Revoked {
            revoked_at: e.revoked_at,
            reason: e.reason,
            invalidity_date: e.invalidity_date,
            evidence,
        },
    })
}
