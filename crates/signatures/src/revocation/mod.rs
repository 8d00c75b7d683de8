//! Revocation checking for the server (SIG-46…SIG-51): the decision of SIG-49 over OCSP
//! ([`ocsp`]) and the CRL cache ([`crl_cache`]). There is no mode that accepts a signature
//! whose status could not be established.

pub mod crl_cache;
pub mod ocsp;

use crate::SignaturesError;
use kernel::Millis;
use pki::crl::CrlEvidence;
use pki::{Cert, PkiError, RevocationStatus, TrustStore};
use std::path::PathBuf;

pub use crl_cache::CrlCache;
pub use ocsp::{OcspClient, OcspConfig};

/// `pki.revocation.mode` (SIG-49).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationMode {
    OcspThenCrl,
    CrlOnly,
    OcspOnly,
}

impl RevocationMode {
    pub fn parse(s: &str) -> Option<RevocationMode> {
        match s {
            "ocsp_then_crl" => Some(RevocationMode::OcspThenCrl),
            "crl_only" => Some(RevocationMode::CrlOnly),
            "ocsp_only" => Some(RevocationMode::OcspOnly),
            _ => None,
        }
    }
}

/// What established the status (SIG-70 `revocation_source`, `revocation_evidence`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevocationEvidence {
    /// The OCSP response DER.
    Ocsp(Vec<u8>),
    Crl(CrlEvidence),
}

impl RevocationEvidence {
    pub fn source(&self) -> &'static str {
        match self {
            RevocationEvidence::Ocsp(_) => "ocsp",
            RevocationEvidence::Crl(_) => "crl",
        }
    }

    /// The stored form: OCSP DER, or the CRL evidence as JSON bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            RevocationEvidence::Ocsp(der) => der.clone(),
            RevocationEvidence::Crl(e) => serde_json::json!({
                "issuer": e.issuer_dn,
                "crl_number": e.crl_number,
                "delta_crl_number": e.delta_crl_number,
                "this_update": e.this_update.0,
            })
            .to_string()
            .into_bytes(),
        }
    }
}

/// The outcome for one certificate: its status and what proves it. For an OCSP answer the
/// CRL-shaped evidence inside `status` only names the issuer; the proof is the DER in
/// `evidence`.
#[derive(Debug, Clone)]
pub struct RevocationAnswer {
    pub status: RevocationStatus,
    pub evidence: RevocationEvidence,
}

/// The revocation checker of one server.
#[derive(Debug)]
pub struct Revocation {
    mode: RevocationMode,
    crls: CrlCache,
    ocsp: Option<OcspClient>,
}

impl Revocation {
    /// A checker over the CRLs of `crl_dir` and, when configured, an OCSP responder.
    pub fn new(
        mode: RevocationMode,
        crl_dir: Option<PathBuf>,
        trust: TrustStore,
        ocsp: Option<OcspConfig>,
    ) -> Result<Revocation, SignaturesError> {
        let ocsp = ocsp.map(OcspClient::new).transpose()?;
        if mode == RevocationMode::OcspOnly && ocsp.is_none() {
            return Err(SignaturesError::Invalid(
                "revocation mode ocsp_only needs an OCSP responder (--ocsp-url)".into(),
            ));
        }
        Ok(Revocation {
            mode,
            crls: CrlCache::new(crl_dir, trust),
            ocsp,
        })
    }

    pub fn mode(&self) -> RevocationMode {
        self.mode
    }

    /// Number of verified CRLs in the cache.
    pub fn crl_count(&self) -> usize {
        self.crls.crl_count()
    }

    /// SIG-49 for the signer certificate `cert` issued by `issuer`, at `at`:
    /// 1. OCSP `good`/`revoked` decides; `unknown` or an untrusted answer refuses
    ///    (`SIG_REVOCATION_UNAVAILABLE`, no fallback);
    /// 2. OCSP unreachable (or not configured) → a fresh CRL of the issuer decides;
    /// 3. neither → `SIG_REVOCATION_UNAVAILABLE`.
    pub async fn check(
        &self,
        cert: &Cert,
        issuer: &Cert,
        at: Millis,
    ) -> Result<RevocationAnswer, PkiError> {
        let use_ocsp = self.mode != RevocationMode::CrlOnly;
        if use_ocsp && let Some(client) = &self.ocsp {
            match client.check(cert, issuer, at).await {
                Ok(answer) => return Ok(answer),
                Err(ocsp::OcspFailure::Refused(e)) => return Err(e),
                Err(ocsp::OcspFailure::Unreachable(why)) => {
                    if self.mode == RevocationMode::OcspOnly {
                        return Err(PkiError::RevocationUnavailable { detail: why });
                    }
                    tracing::warn!(reason = %why, "OCSP unreachable; using the CRL cache");
                }
            }
        }
        self.crls.check(cert, at)
    }
}
