//! The server-side verification pipeline of spec §4 (SIG-36…SIG-45, SIG-50, SIG-54).
//!
//! [`verify_cms`] runs the steps in the spec's order; the first failing step decides the
//! error:
//!
//! 1. §4.1/§4.2 (SIG-36, SIG-37) — size limit, parse (BER normalised), SignedData with
//!    eContentType id-data, exactly one SignerInfo, its certificate present in the CMS;
//! 2. §4.3 (SIG-38) — content binding: attached eContent = the expected bytes, or a detached
//!    CMS checked over them → `SIG_CONTENT_MISMATCH`;
//! 3. §4.4 + §4.6 (SIG-39, SIG-41) — signed attributes, digest and signature algorithms of the
//!    signer's family, messageDigest, the signature over the attributes as received,
//!    signingCertificate(V2);
//! 4. §4.5 (SIG-40) — signer certificate: v3, not a CA, digitalSignature, no unknown critical
//!    extension; profile (SIG-16…SIG-22): personal (ИИН + holder kind) and a key purpose the
//!    act accepts (SIG-23);
//! 5. §4.7 (SIG-45) — the signing time T: with a signature timestamp (CAdES-T, unsigned
//!    attribute id-aa-signatureTimeStampToken) that passes every check of [`crate::tsp`], T is
//!    its genTime (source `tsp`), which must lie within [challenge issued_at − 1 min, now +
//!    1 min]; a token that is present but fails, or lies outside that window, refuses the
//!    signature with `SIG_INVALID_SIGNATURE` (never a silent fall-back to the server's clock).
//!    Without a token T is the server's clock `now` (source `server`);
//! 6. §4.7 (SIG-44, SIG-45) — path to a trusted root valid at T, then the signer certificate's
//!    validity at T (5 minutes of tolerance on notBefore).
//!
//! Revocation (§4.8) is a separate step the caller runs on the result: [`crate::crl::check_crl`]
//! (or an OCSP answer) and then [`apply_revocation`] with the result's T and time source
//! (SIG-50).

use crate::algo::Algorithm;
use crate::cert::{Cert, CertIdentity, CertInfo, KeyPurpose, TrustStore};
use crate::cms::SignedCms;
use crate::crl::{CrlReason, RevocationStatus};
use crate::error::PkiError;
use crate::raw;
use crate::tsp::{self, TIMESTAMP_SLACK_MS, VerifiedTimestamp};
use kernel::Millis;
use sha2::{Digest, Sha256};

/// The bytes the caller expects to have been signed (the TBS of the challenge, SIG-38).
#[derive(Debug, Clone, Copy)]
pub enum Expected<'a> {
    /// Attached eContent must equal these bytes, or a detached CMS is checked over them
    /// (both forms are accepted, SIG-38).
    Tbs(&'a [u8]),
    /// The CMS must be attached and its eContent equal these bytes.
    Attached(&'a [u8]),
    /// The CMS must be detached; it is checked over these bytes.
    Detached(&'a [u8]),
}

/// What an act accepts (SIG-23, SIG-36, SIG-37, SIG-45).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Key purposes the act accepts (SIG-23); `NONE` is never accepted.
    pub purposes: Vec<KeyPurpose>,
    /// Refuse a certificate that is not a person's (SIG-16, SIG-18).
    pub require_personal: bool,
    /// Tolerance on notBefore for freshly issued certificates (SIG-45: 5 minutes).
    pub not_before_leeway_ms: i64,
    /// Signers [`verify_cms_signers`] accepts (SIG-37: a Tauar act has one).
    pub max_signers: usize,
    /// Largest CMS accepted (SIG-36: 64 KiB).
    pub max_cms_bytes: usize,
}

impl Default for Policy {
    /// Login-like acts: AUTH, SIGN or DUAL (SIG-23).
    fn default() -> Policy {
        Policy {
            purposes: vec![KeyPurpose::Auth, KeyPurpose::Sign, KeyPurpose::Dual],
            require_personal: true,
            not_before_leeway_ms: 5 * 60 * 1000,
            max_signers: 1,
            max_cms_bytes: 64 * 1024,
        }
    }
}

impl Policy {
    /// `login`, `ens.login`, `register.identity`, `ens.supplier_request` (SIG-23).
    pub fn login() -> Policy {
        Policy::default()
    }

    /// Every act that signs a document: SIGN or DUAL only (SIG-23).
    pub fn document() -> Policy {
        Policy {
            purposes: vec![KeyPurpose::Sign, KeyPurpose::Dual],
            ..Policy::default()
        }
    }
}

/// Where the signing time T came from (SIG-45).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSource {
    /// The server's clock when verification ran.
    Server,
    /// The genTime of a trusted signature timestamp (CAdES-T).
    Tsp,
}

impl TimeSource {
    /// The name stored in `signatures.time_source` (SIG-70): `server` or `tsp`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Server => "server",
            TimeSource::Tsp => "tsp",
        }
    }
}

/// When a verification runs, and since when the signed document exists (SIG-45).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyTime {
    /// The server's clock: T when the CMS carries no signature timestamp; a timestamp's
    /// genTime may be at most one minute later.
    pub now: Millis,
    /// When the challenge whose TBS is signed was issued: a timestamp's genTime may be at most
    /// one minute earlier (a signature cannot predate the TBS it signs). `None` when there is
    /// no challenge (the public verification of any CMS, SIG-73): no lower bound.
    pub issued_at: Option<Millis>,
}

impl VerifyTime {
    /// A verification at `now` of a CMS that answers the challenge issued at `issued_at`.
    pub fn challenge(now: Millis, issued_at: Millis) -> VerifyTime {
        VerifyTime {
            now,
            issued_at: Some(issued_at),
        }
    }

    /// SIG-45: whether a timestamp's genTime lies within [issued_at − 1 min, now + 1 min].
    pub fn admits(&self, gen_time: Millis) -> bool {
        gen_time.0 <= self.now.0.saturating_add(TIMESTAMP_SLACK_MS)
            && self
                .issued_at
                .is_none_or(|t| gen_time.0 >= t.0.saturating_sub(TIMESTAMP_SLACK_MS))
    }
}

/// A bare time is a verification at that time with no challenge (no lower bound for a
/// timestamp's genTime).
impl From<Millis> for VerifyTime {
    fn from(now: Millis) -> VerifyTime {
        VerifyTime {
            now,
            issued_at: None,
        }
    }
}

/// An accepted signature (SIG-54, without the revocation part, which the caller adds).
#[derive(Debug, Clone)]
pub struct Verified {
    /// SIG-27; `None` only when the policy does not require a personal certificate.
    pub identity: Option<CertIdentity>,
    pub cert: CertInfo,
    pub algorithm: Algorithm,
    pub signer_cert_der: Vec<u8>,
    /// Signer first, root last.
    pub chain_der: Vec<Vec<u8>>,
    /// The same path as parsed certificates (the revocation step needs the signer and its
    /// issuer; handing them on saves parsing them again for every act).
    pub chain: Vec<Cert>,
    /// T, at which validity was checked: the timestamp's genTime (source `tsp`) or the
    /// server's clock (source `server`).
    pub signing_time: Millis,
    pub time_source: TimeSource,
    /// The signature timestamp T comes from (source `tsp`): the earliest genTime when the
    /// SignerInfo carries several tokens, all of which passed.
    pub timestamp: Option<VerifiedTimestamp>,
    /// The signingTime attribute (the signer's clock; informative, SIG-39).
    pub claimed_signing_time: Option<Millis>,
    /// True when the CMS carried the content.
    pub attached: bool,
    pub tbs_sha256: String,
    pub cms_sha256: String,
    pub signature_value_sha256: String,
}

fn sha256_hex(b: &[u8]) -> String {
    raw::hex_lower(&Sha256::digest(b))
}

/// Verifies a CMS with exactly one signer (SIG-37.1) against the expected content. `at` is
/// the server's clock (a [`Millis`]) or a [`VerifyTime`] that also bounds a signature
/// timestamp by the challenge's issued_at (SIG-45).
pub fn verify_cms(
    cms: &[u8],
    expected: Expected<'_>,
    trust: &TrustStore,
    at: impl Into<VerifyTime>,
    policy: &Policy,
) -> Result<Verified, PkiError> {
    let one = Policy {
        max_signers: 1,
        ..policy.clone()
    };
    let mut all = verify_cms_signers(cms, expected, trust, at, &one)?;
    all.pop().ok_or_else(|| PkiError::malformed("no signer"))
}

/// Verifies every signer of a CMS (1 ≤ signers ≤ `policy.max_signers`), each through the
/// whole pipeline; the first failure of any signer decides.
pub fn verify_cms_signers(
    cms: &[u8],
    expected: Expected<'_>,
    trust: &TrustStore,
    at: impl Into<VerifyTime>,
    policy: &Policy,
) -> Result<Vec<Verified>, PkiError> {
    let time: VerifyTime = at.into();
    // §4.1/§4.2
    if cms.len() > policy.max_cms_bytes {
        return Err(PkiError::malformed("CMS larger than the limit"));
    }
    let parsed = SignedCms::parse(cms)?;
    if parsed.content_type != crate::oid::CT_DATA {
        return Err(PkiError::malformed("eContentType is not id-data"));
    }
    match parsed.signers.len() {
        0 => return Err(PkiError::malformed("no SignerInfo")),
        n if n > policy.max_signers => {
            return Err(PkiError::malformed(format!("{n} SignerInfos")));
        }
        _ => {}
    }
    for i in 0..parsed.signers.len() {
        parsed.signer_cert_index(i)?;
    }
    // §4.3
    let content = bind_content(&parsed, expected)?;
    let mut out = Vec::new();
    for (i, s) in parsed.signers.iter().enumerate() {
        // §4.4 + §4.6
        let check = parsed.check_signer(i, content)?;
        let cert = parsed
            .certificates
            .get(check.cert_index)
            .ok_or(PkiError::SignerCertMissing)?;
        // §4.5
        let identity = check_signer_cert(cert, policy)?;
        // §4.7: T (SIG-45), then the path and the validity at T (SIG-44).
        let timestamp = signature_timestamp(&s.timestamp_tokens, &s.signature, trust, &time)?;
        let (t, time_source) = match &timestamp {
            Some(ts) => (ts.gen_time(), TimeSource::Tsp),
            None => (time.now, TimeSource::Server),
        };
        let chain = trust.build_chain(cert, &parsed.certificates, t)?;
        cert.check_validity(t, policy.not_before_leeway_ms)?;
        out.push(Verified {
            identity,
            cert: cert.info().clone(),
            algorithm: check.algorithm,
            signer_cert_der: cert.der().to_vec(),
            chain_der: chain.der(),
            chain: chain.certs,
            signing_time: t,
            time_source,
            timestamp,
            claimed_signing_time: s.signed_attrs.as_ref().and_then(|a| a.signing_time),
            attached: parsed.content.is_some(),
            tbs_sha256: sha256_hex(content),
            cms_sha256: sha256_hex(cms),
            signature_value_sha256: sha256_hex(&s.signature),
        });
    }
    Ok(out)
}

/// SIG-45: the signature timestamp of one SignerInfo, if it carries any. Every token must
/// pass [`tsp::verify_timestamp`] over this signature value and lie within the window of
/// `time`; the earliest genTime is T. A failing token is `SIG_INVALID_SIGNATURE`.
fn signature_timestamp(
    tokens: &[Vec<u8>],
    signature: &[u8],
    trust: &TrustStore,
    time: &VerifyTime,
) -> Result<Option<VerifiedTimestamp>, PkiError> {
    let mut best: Option<VerifiedTimestamp> = None;
    for token in tokens {
        let ts = tsp::verify_timestamp(token, signature, trust)?;
        if !time.admits(ts.gen_time()) {
            return Err(PkiError::invalid(format!(
                "signature timestamp genTime {} is outside [challenge issued − 1 min, now + 1 min]",
                ts.gen_time().0
            )));
        }
        if best.as_ref().is_none_or(|b| ts.gen_time() < b.gen_time()) {
            best = Some(ts);
        }
    }
    Ok(best)
}

/// SIG-38.
fn bind_content<'a>(cms: &'a SignedCms, expected: Expected<'a>) -> Result<&'a [u8], PkiError> {
    let mismatch = |d: &str| PkiError::ContentMismatch {
        detail: d.to_string(),
    };
    match (expected, cms.content()) {
        (Expected::Tbs(tbs) | Expected::Attached(tbs), Some(c)) => {
            if c == tbs {
                Ok(c)
            } else {
                Err(mismatch("attached content differs from the expected bytes"))
            }
        }
        (Expected::Tbs(tbs) | Expected::Detached(tbs), None) => Ok(tbs),
        (Expected::Attached(_), None) => Err(mismatch("detached CMS where attached was expected")),
        (Expected::Detached(_), Some(_)) => {
            Err(mismatch("attached CMS where detached was expected"))
        }
    }
}

/// SIG-40 and the profile of §2 for the signer certificate.
fn check_signer_cert(cert: &Cert, policy: &Policy) -> Result<Option<CertIdentity>, PkiError> {
    let info = cert.info();
    let wrong = |d: &str| PkiError::WrongKeyUsage {
        detail: d.to_string(),
    };
    if info.version != 3 {
        return Err(PkiError::untrusted("signer certificate is not X.509 v3"));
    }
    if info.is_ca {
        return Err(wrong("a CA certificate cannot sign acts"));
    }
    if !info.key_usage.is_some_and(|k| k.digital_signature) {
        return Err(wrong("keyUsage lacks digitalSignature"));
    }
    if let Some(ext) = info.unknown_critical.first() {
        return Err(PkiError::untrusted(format!(
            "unknown critical extension {ext}"
        )));
    }
    let identity = if policy.require_personal {
        Some(cert.identity()?)
    } else {
        None
    };
    if info.purpose == KeyPurpose::None || !policy.purposes.contains(&info.purpose) {
        return Err(wrong(&format!("key purpose {}", info.purpose.as_str())));
    }
    Ok(identity)
}

/// SIG-50: whether a revocation answer invalidates a signature made at `t`.
/// Revoked or held at R ≤ t → `SIG_CERT_REVOKED`, where R is the revocation time or, when
/// the entry carries an earlier invalidityDate (RFC 5280 §5.3.2: since when the certificate
/// is known or suspected to be invalid), that date. R > t: with a trusted timestamp (`Tsp`)
/// and reason affiliationChanged, superseded, cessationOfOperation or privilegeWithdrawn the
/// signature stays valid; any other reason (keyCompromise, cACompromise, aACompromise,
/// unspecified, certificateHold) or none, or T from the server clock (any present revocation)
/// → refused.
pub fn apply_revocation(
    status: &RevocationStatus,
    t: Millis,
    source: TimeSource,
) -> Result<(), PkiError> {
    let RevocationStatus::Revoked {
        revoked_at,
        reason,
        invalidity_date,
        ..
    } = status
    else {
        return Ok(());
    };
    let refused = Err(PkiError::CertRevoked {
        reason: *reason,
        at: *revoked_at,
    });
    let r = invalidity_date.map_or(*revoked_at, |d| Millis(d.0.min(revoked_at.0)));
    if r.0 <= t.0 || source == TimeSource::Server {
        return refused;
    }
    match reason {
        Some(
            CrlReason::AffiliationChanged
            | CrlReason::Superseded
            | CrlReason::CessationOfOperation
            | CrlReason::PrivilegeWithdrawn,
        ) => Ok(()),
        _ => refused,
    }
}
