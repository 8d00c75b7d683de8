//! Revocation checking for the server (SIG-46…SIG-51): the decision of SIG-49 over OCSP
//! ([`ocsp`]) and the CRL cache ([`crl_cache`]). There is no mode that accepts a signature
//! whose status could not be established.
//!
//! Sources (SIG-46, SIG-47, SIG-48, SIG-57): the OCSP responder is the configured one
//! (`pki.ocsp.responders`) or the one the certificate's AIA names; CRLs come from a directory
//! and from the CRL Distribution Points / Freshest CRL the certificate names, and from
//! `pki.crl.urls`. A URL taken from a certificate is contacted only when its host is in
//! `pki.allowed_hosts` ([`hosts`]); otherwise that source is unavailable and the mode decides.
//! When a downloaded CRL is refreshed is `crl_policy`. Requests for the same certificate or
//! CRL share one flight (`flight`); `stats` counts hits, misses, errors and fallbacks
//! (SIG-51).

pub mod crl_cache;
mod crl_policy;
mod flight;
pub mod hosts;
pub mod ocsp;
mod stats;

use crate::SignaturesError;
use kernel::Millis;
use pki::crl::CrlEvidence;
use pki::{Cert, PkiError, RevocationStatus, TrustStore};
use std::path::PathBuf;
use std::sync::Arc;

pub use crl_cache::{CrlCache, CrlSources};
pub use hosts::{AllowedHosts, DEFAULT_ALLOWED_HOSTS};
pub use ocsp::{OcspClient, OcspConfig, USER_AGENT};
pub use stats::RevocationCounters;
use stats::{Counter, Stats};

/// `pki.revocation.mode` (SIG-49).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RevocationMode {
    #[default]
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

    /// The configuration spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RevocationMode::OcspThenCrl => "ocsp_then_crl",
            RevocationMode::CrlOnly => "crl_only",
            RevocationMode::OcspOnly => "ocsp_only",
        }
    }
}

impl std::str::FromStr for RevocationMode {
    type Err = String;

    fn from_str(s: &str) -> Result<RevocationMode, String> {
        RevocationMode::parse(s).ok_or_else(|| {
            format!("unknown revocation mode {s:?} (ocsp_then_crl, crl_only, ocsp_only)")
        })
    }
}

impl std::fmt::Display for RevocationMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The revocation settings of SIG-57.
#[derive(Debug, Clone)]
pub struct RevocationConfig {
    /// `pki.revocation.mode`.
    pub mode: RevocationMode,
    /// `pki.ocsp.responders`: the responder asked about every certificate, instead of the
    /// one its AIA names.
    pub ocsp_url: Option<String>,
    /// `pki.ocsp.timeout_ms` (5000).
    pub ocsp_timeout_ms: u64,
    /// `pki.allowed_hosts`: hosts whose OCSP and CRL URLs in certificates may be contacted.
    pub allowed_hosts: AllowedHosts,
    /// `pki.crl.urls`: CRLs downloaded whatever the certificates name.
    pub crl_urls: Vec<String>,
    /// A directory of CRL files (a test PKI's `crl/`, air-gapped installs).
    pub crl_dir: Option<PathBuf>,
    /// `pki.crl.cache_dir`: where downloaded CRLs are kept across restarts.
    pub crl_download_dir: Option<PathBuf>,
    /// Timeout of one CRL download (60 000).
    pub crl_timeout_ms: u64,
    /// `pki.user_agent` (`Tauar/<version>`, never empty).
    pub user_agent: String,
}

impl Default for RevocationConfig {
    /// Production: `ocsp_then_crl`, the НУЦ hosts allowed, nothing configured.
    fn default() -> RevocationConfig {
        RevocationConfig {
            mode: RevocationMode::OcspThenCrl,
            ocsp_url: None,
            ocsp_timeout_ms: 5000,
            allowed_hosts: AllowedHosts::nuc(),
            crl_urls: Vec::new(),
            crl_dir: None,
            crl_download_dir: None,
            crl_timeout_ms: 60_000,
            user_agent: USER_AGENT.into(),
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
    stats: Arc<Stats>,
}

impl Revocation {
    /// A checker over the CRLs of `crl_dir` and, when configured, one OCSP responder; nothing
    /// a certificate names is contacted (see [`Revocation::from_config`]).
    pub fn new(
        mode: RevocationMode,
        crl_dir: Option<PathBuf>,
        trust: TrustStore,
        ocsp: Option<OcspConfig>,
    ) -> Result<Revocation, SignaturesError> {
        let defaults = RevocationConfig::default();
        let config = RevocationConfig {
            mode,
            ocsp_timeout_ms: ocsp
                .as_ref()
                .map_or(defaults.ocsp_timeout_ms, |o| o.timeout_ms),
            user_agent: ocsp
                .as_ref()
                .map_or(defaults.user_agent.clone(), |o| o.user_agent.clone()),
            ocsp_url: ocsp.map(|o| o.url),
            allowed_hosts: AllowedHosts::none(),
            crl_dir,
            ..defaults
        };
        Revocation::from_config(config, trust)
    }

    /// A checker with every source of `config`.
    pub fn from_config(
        config: RevocationConfig,
        trust: TrustStore,
    ) -> Result<Revocation, SignaturesError> {
        let stats = Arc::new(Stats::default());
        let ocsp_possible = config.ocsp_url.is_some() || !config.allowed_hosts.is_empty();
        if config.mode == RevocationMode::OcspOnly && !ocsp_possible {
            return Err(SignaturesError::Invalid(
                "revocation mode ocsp_only needs an OCSP responder (--ocsp-url) or allowed \
                 hosts for the responders that certificates name (--pki-allowed-hosts)"
                    .into(),
            ));
        }
        let ocsp = (config.mode != RevocationMode::CrlOnly && ocsp_possible)
            .then(|| {
                OcspClient::with_sources(
                    config.ocsp_url.clone(),
                    config.allowed_hosts.clone(),
                    config.ocsp_timeout_ms,
                    &config.user_agent,
                    Arc::clone(&stats),
                )
            })
            .transpose()?;
        let crls = CrlCache::with_stats(
            CrlSources {
                dir: config.crl_dir,
                allowed_hosts: config.allowed_hosts,
                urls: config.crl_urls,
                download_dir: config.crl_download_dir,
                timeout_ms: config.crl_timeout_ms,
                user_agent: config.user_agent,
            },
            trust,
            Arc::clone(&stats),
        )?;
        Ok(Revocation {
            mode: config.mode,
            crls,
            ocsp,
            stats,
        })
    }

    pub fn mode(&self) -> RevocationMode {
        self.mode
    }

    /// Number of verified CRLs in the cache.
    pub fn crl_count(&self) -> usize {
        self.crls.crl_count()
    }

    /// The issuers whose newest full CRL is past its nextUpdate (SIG-51 `/readyz` warning).
    pub fn stale_crl_issuers(&self, now: Millis) -> Vec<String> {
        self.crls.stale_issuers(now)
    }

    /// The counters of SIG-51 so far.
    pub fn counters(&self) -> RevocationCounters {
        self.stats.snapshot()
    }

    /// SIG-49 for the signer certificate `cert` issued by `issuer`, at `at`:
    /// 1. OCSP `good`/`revoked` decides; `unknown` or an untrusted answer refuses
    ///    (`SIG_REVOCATION_UNAVAILABLE`, no fallback);
    /// 2. OCSP unreachable, not configured, or named by the certificate on a host that is not
    ///    allowed → a fresh CRL of the issuer decides (`ocsp_then_crl`), or
    ///    `SIG_REVOCATION_UNAVAILABLE` (`ocsp_only`);
    /// 3. neither → `SIG_REVOCATION_UNAVAILABLE`.
    ///
    /// After an OCSP answer the CRLs the certificate names are fetched in the background, so
    /// that they are at hand when OCSP fails (SIG-48).
    pub async fn check(
        &self,
        cert: &Cert,
        issuer: &Cert,
        at: Millis,
    ) -> Result<RevocationAnswer, PkiError> {
        let use_ocsp = self.mode != RevocationMode::CrlOnly;
        if use_ocsp && let Some(client) = &self.ocsp {
            match client.check(cert, issuer, at).await {
                Ok(answer) => {
                    if self.mode == RevocationMode::OcspThenCrl {
                        self.crls.warm(cert, issuer, at);
                    }
                    return Ok(answer);
                }
                Err(ocsp::OcspFailure::Refused(e)) => return Err(e),
                Err(ocsp::OcspFailure::Unreachable(why)) => {
                    if self.mode == RevocationMode::OcspOnly {
                        return Err(PkiError::RevocationUnavailable { detail: why });
                    }
                    self.stats.bump(Counter::Fallbacks);
                    tracing::warn!(reason = %why, "OCSP unavailable; using the CRL cache");
                }
            }
        }
        self.crls.check(cert, issuer, at).await
    }
}
