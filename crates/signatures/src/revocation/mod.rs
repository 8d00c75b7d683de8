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
//!
//! After the signer's certificate, its issuer — when a trusted root issued it — is checked
//! against the root's CRL (SIG-49 step 4, [`RootCrlEvidence`]); roots are never checked. Mode
//! `off` asks no source at all and is accepted only by builds with the `testkit` feature
//! ([`RevocationMode::is_permitted`]); a production build refuses it at start.

pub mod crl_cache;
mod crl_policy;
mod flight;
pub mod hosts;
pub mod ocsp;
mod stats;

use crate::SignaturesError;
use crl_cache::RootCheck;
use kernel::Millis;
use pki::crl::CrlEvidence;
use pki::{Cert, PkiError, RevocationStatus, TrustStore};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

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
    /// No revocation source is asked; the evidence says so. Only builds with the `testkit`
    /// feature accept it ([`RevocationMode::is_permitted`]).
    Off,
}

/// Why a production build refuses `off` (SIG-49, SIG-57).
pub const OFF_REFUSED: &str = "revocation mode `off` (no revocation check) is accepted only by \
     builds with the test kit (the `testkit` feature); this production build refuses to start \
     with it — use ocsp_then_crl, crl_only or ocsp_only";

impl RevocationMode {
    /// Reads the configuration spelling. `off` is read in every build (so that a production
    /// build can refuse it by name); [`RevocationMode::is_permitted`] says whether it may run.
    pub fn parse(s: &str) -> Option<RevocationMode> {
        match s {
            "ocsp_then_crl" => Some(RevocationMode::OcspThenCrl),
            "crl_only" => Some(RevocationMode::CrlOnly),
            "ocsp_only" => Some(RevocationMode::OcspOnly),
            "off" => Some(RevocationMode::Off),
            _ => None,
        }
    }

    /// The configuration spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RevocationMode::OcspThenCrl => "ocsp_then_crl",
            RevocationMode::CrlOnly => "crl_only",
            RevocationMode::OcspOnly => "ocsp_only",
            RevocationMode::Off => "off",
        }
    }

    /// False for `off` in a build without the `testkit` feature (SIG-49: refused at start in
    /// production builds); true otherwise.
    pub fn is_permitted(self) -> bool {
        self != RevocationMode::Off || cfg!(feature = "testkit")
    }
}

impl std::str::FromStr for RevocationMode {
    type Err = String;

    fn from_str(s: &str) -> Result<RevocationMode, String> {
        RevocationMode::parse(s).ok_or_else(|| {
            format!("unknown revocation mode {s:?} (ocsp_then_crl, crl_only, ocsp_only, off)")
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
    /// `pki.ocsp.responders` (issuer → URL): the responder of the certificates one issuer
    /// signed, named by its DN or common name; before `ocsp_url` and the AIA.
    pub ocsp_responders: Vec<(String, String)>,
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
            ocsp_responders: Vec::new(),
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

/// What established the status of the signer's certificate (SIG-70 `revocation_source`,
/// `revocation_evidence`). In mode `off` nothing did: the answer's [`RevocationAnswer::mode`]
/// says so and this is a `Crl` record naming only the issuer (no CRL number).
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
            RevocationEvidence::Crl(e) => crl_json(e).to_string().into_bytes(),
        }
    }
}

/// SIG-49 step 4: what the root's CRL said about the signer's issuer (the intermediate CA).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RootCrlEvidence {
    /// Not checked: the signer's issuer is itself a root (roots are never checked) or was not
    /// issued directly by a trusted root; or the mode is `off`.
    #[default]
    NotApplicable,
    /// No CRL of the root is configured (`pki.crl.urls`, or a file of the root in the CRL
    /// directory): the step was skipped (`root_crl: not_configured`).
    NotConfigured,
    /// The root's CRL — fresh, or at most 7 days past its nextUpdate — does not list the
    /// intermediate: its issuer (the root), CRL numbers and thisUpdate.
    Good(CrlEvidence),
}

impl RootCrlEvidence {
    /// `"not_applicable"`, `"not_configured"`, or `{issuer, crl_number, delta_crl_number,
    /// this_update}` of the root's CRL.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            RootCrlEvidence::NotApplicable => "not_applicable".into(),
            RootCrlEvidence::NotConfigured => "not_configured".into(),
            RootCrlEvidence::Good(e) => crl_json(e),
        }
    }
}

fn crl_json(e: &CrlEvidence) -> serde_json::Value {
    serde_json::json!({
        "issuer": e.issuer_dn,
        "crl_number": e.crl_number,
        "delta_crl_number": e.delta_crl_number,
        "this_update": e.this_update.0,
    })
}

/// The outcome for one certificate: its status and what proves it. For an OCSP answer the
/// CRL-shaped evidence inside `status` only names the issuer; the proof is the DER in
/// `evidence`.
#[derive(Debug, Clone)]
pub struct RevocationAnswer {
    pub status: RevocationStatus,
    pub evidence: RevocationEvidence,
    /// SIG-49 step 4: the signer's issuer against its root's CRL.
    pub root_crl: RootCrlEvidence,
    /// The mode that gave the answer; `off`: nothing was asked.
    pub mode: RevocationMode,
}

impl RevocationAnswer {
    /// An answer about the signer's certificate alone (step 4 not run yet).
    pub fn new(status: RevocationStatus, evidence: RevocationEvidence) -> RevocationAnswer {
        RevocationAnswer {
            status,
            evidence,
            root_crl: RootCrlEvidence::NotApplicable,
            mode: RevocationMode::default(),
        }
    }

    /// Mode `off`: `good`, with a record that names only `issuer` and says nothing was asked.
    fn off(issuer: &Cert, at: Millis) -> RevocationAnswer {
        let named = CrlEvidence {
            issuer_dn: issuer.info().subject_dn.clone(),
            crl_number: None,
            delta_crl_number: None,
            this_update: at,
        };
        RevocationAnswer {
            status: RevocationStatus::Good {
                evidence: named.clone(),
            },
            evidence: RevocationEvidence::Crl(named),
            root_crl: RootCrlEvidence::NotApplicable,
            mode: RevocationMode::Off,
        }
    }

    /// SIG-70 `revocation_source`: `ocsp`, `crl`, or `off` (nothing was asked).
    pub fn source(&self) -> &'static str {
        if self.mode == RevocationMode::Off {
            "off"
        } else {
            self.evidence.source()
        }
    }

    /// The evidence as a `signatures` row keeps it (SIG-70 `revocation_evidence`): the OCSP
    /// response DER as it came (the root-CRL part cannot go into it; see
    /// [`RevocationAnswer::root_crl`]); for a CRL answer the JSON of
    /// [`RevocationEvidence::to_bytes`] with `root_crl` ([`RootCrlEvidence::to_json`]); in
    /// mode `off` `{"revocation":"off","checked":false,"issuer","at"}`.
    pub fn stored_evidence(&self) -> Vec<u8> {
        match (&self.evidence, self.mode) {
            (RevocationEvidence::Crl(e), RevocationMode::Off) => serde_json::json!({
                "revocation": "off",
                "checked": false,
                "issuer": e.issuer_dn,
                "at": e.this_update.0,
            })
            .to_string()
            .into_bytes(),
            (RevocationEvidence::Crl(e), _) => {
                let mut v = crl_json(e);
                if let Some(o) = v.as_object_mut() {
                    o.insert("root_crl".into(), self.root_crl.to_json());
                }
                v.to_string().into_bytes()
            }
            (RevocationEvidence::Ocsp(der), _) => der.clone(),
        }
    }
}

/// The revocation checker of one server.
#[derive(Debug)]
pub struct Revocation {
    mode: RevocationMode,
    crls: CrlCache,
    ocsp: Option<OcspClient>,
    stats: Arc<Stats>,
    trust: TrustStore,
    /// CA certificate fingerprint → the trusted root that issued it (`None`: it is a root, or
    /// no root issued it directly).
    roots: Mutex<HashMap<String, Option<Cert>>>,
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

    /// A checker with every source of `config`. Mode `off` is refused unless the build has
    /// the `testkit` feature ([`OFF_REFUSED`]); with it, no source is set up.
    pub fn from_config(
        config: RevocationConfig,
        trust: TrustStore,
    ) -> Result<Revocation, SignaturesError> {
        let stats = Arc::new(Stats::default());
        if config.mode == RevocationMode::Off {
            if !config.mode.is_permitted() {
                return Err(SignaturesError::Invalid(OFF_REFUSED.into()));
            }
            tracing::warn!(
                "revocation mode off: certificates are NOT checked for revocation (test builds \
                 only)"
            );
            return Ok(Revocation {
                mode: config.mode,
                crls: CrlCache::with_stats(
                    CrlSources::default(),
                    trust.clone(),
                    Arc::clone(&stats),
                )?,
                ocsp: None,
                stats,
                trust,
                roots: Mutex::new(HashMap::new()),
            });
        }
        let ocsp_possible = config.ocsp_url.is_some()
            || !config.ocsp_responders.is_empty()
            || !config.allowed_hosts.is_empty();
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
                    config.ocsp_responders.clone(),
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
            trust.clone(),
            Arc::clone(&stats),
        )?;
        Ok(Revocation {
            mode: config.mode,
            crls,
            ocsp,
            stats,
            trust,
            roots: Mutex::new(HashMap::new()),
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
    /// 3. neither → `SIG_REVOCATION_UNAVAILABLE`;
    /// 4. then, when a trusted root issued `issuer`, `issuer` against the root's CRL
    ///    ([`Revocation::check_intermediate`]).
    ///
    /// Mode `off` asks nothing and answers `good` with [`RevocationAnswer::mode`] `off`.
    /// After an OCSP answer the CRLs the certificate names are fetched in the background, so
    /// that they are at hand when OCSP fails (SIG-48).
    pub async fn check(
        &self,
        cert: &Cert,
        issuer: &Cert,
        at: Millis,
    ) -> Result<RevocationAnswer, PkiError> {
        if self.mode == RevocationMode::Off {
            return Ok(RevocationAnswer::off(issuer, at));
        }
        let mut answer = self.check_signer(cert, issuer, at).await?;
        answer.root_crl = self.check_intermediate(issuer, at).await?;
        answer.mode = self.mode;
        Ok(answer)
    }

    /// SIG-49 step 4: the CA `ca` (the signer's issuer) against the CRL of the trusted root
    /// that issued it, at `at`. A root is never checked, nor a CA no root issued directly.
    /// Only configured root CRLs count (`pki.crl.urls`, or a file of the root in the CRL
    /// directory); none → [`RootCrlEvidence::NotConfigured`]; configured but no copy fresh or
    /// within 7 days after its nextUpdate → `SIG_REVOCATION_UNAVAILABLE`; the CA listed (revoked
    /// or on hold, whenever) → `SIG_CERT_REVOKED` (§7 has no separate code for a CA; without
    /// the signing time here, the SIG-50 exceptions are not applied to a CA).
    pub async fn check_intermediate(
        &self,
        ca: &Cert,
        at: Millis,
    ) -> Result<RootCrlEvidence, PkiError> {
        let Some(root) = self.root_of(ca) else {
            return Ok(RootCrlEvidence::NotApplicable);
        };
        match self.crls.check_root(ca, &root, at).await? {
            RootCheck::NotConfigured => Ok(RootCrlEvidence::NotConfigured),
            RootCheck::Answer(RevocationStatus::Good { evidence }) => {
                Ok(RootCrlEvidence::Good(evidence))
            }
            RootCheck::Answer(RevocationStatus::Revoked {
                revoked_at, reason, ..
            }) => {
                tracing::warn!(
                    ca = %ca.info().subject_dn,
                    root = %root.info().subject_dn,
                    reason = reason.map_or("unspecified", |r| r.name()),
                    "the signer's CA is revoked in its root's CRL"
                );
                Err(PkiError::CertRevoked {
                    reason,
                    at: revoked_at,
                })
            }
        }
    }

    /// The trusted root that issued `ca` (name and signature), unless `ca` is itself a root.
    fn root_of(&self, ca: &Cert) -> Option<Cert> {
        let key = ca.info().fingerprint_sha256.clone();
        if let Ok(cache) = self.roots.lock()
            && let Some(found) = cache.get(&key)
        {
            return found.clone();
        }
        let roots = self.trust.roots();
        let found = if roots.contains(ca) || ca.is_self_issued() {
            None
        } else {
            self.trust
                .issuers_of(ca)
                .into_iter()
                .find(|r| roots.contains(r) && ca.verify_signed_by(r).is_ok())
                .cloned()
        };
        if let Ok(mut cache) = self.roots.lock() {
            cache.insert(key, found.clone());
        }
        found
    }

    /// SIG-49 steps 1–3 for the signer's certificate.
    async fn check_signer(
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
