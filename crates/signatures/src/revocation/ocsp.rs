//! The OCSP client of SIG-47 and its cache (SIG-51): one CertID with SHA-256 and a 16-byte
//! nonce, POSTed to the configured responder, no redirects, a non-empty User-Agent, a timeout.
//! An answer that arrives but fails the checks of `pki::OcspResponse::check` is untrusted and
//! refuses the act; only a network failure lets the caller fall back to CRLs.

use super::{RevocationAnswer, RevocationEvidence};
use crate::SignaturesError;
use kernel::Millis;
use pki::crl::CrlEvidence;
use pki::ocsp::OcspCertStatus;
use pki::{Cert, OcspResponse, PkiError, RevocationStatus};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// `pki.ocsp.*` of SIG-57.
#[derive(Debug, Clone)]
pub struct OcspConfig {
    /// The responder for every issuer (e.g. `http://ocsp.pki.gov.kz/`, or the test PKI's
    /// `http://127.0.0.1:PORT/ocsp/`).
    pub url: String,
    /// `pki.ocsp.timeout_ms` (5000).
    pub timeout_ms: u64,
    /// `pki.user_agent`; never empty (SIG-46).
    pub user_agent: String,
}

impl OcspConfig {
    pub fn new(url: impl Into<String>) -> OcspConfig {
        OcspConfig {
            url: url.into(),
            timeout_ms: 5000,
            user_agent: concat!("Tauar/", env!("CARGO_PKG_VERSION")).into(),
        }
    }
}

/// Why OCSP gave no answer to use.
#[derive(Debug)]
pub enum OcspFailure {
    /// An answer came and must not be trusted, or says `unknown`: the act is refused.
    Refused(PkiError),
    /// Network error, timeout, non-2xx: the caller may use the CRL cache.
    Unreachable(String),
}

struct Cached {
    answer: RevocationAnswer,
    /// `None` = for ever (a revocation is final, SIG-51).
    until: Option<Millis>,
}

/// The client with its cache of answers, keyed by (issuer certificate, serial).
pub struct OcspClient {
    config: OcspConfig,
    http: reqwest::Client,
    cache: Mutex<HashMap<(String, String), Cached>>,
}

impl std::fmt::Debug for OcspClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcspClient")
            .field("url", &self.config.url)
            .finish()
    }
}

/// SIG-51: a `good` answer is reused for at most 5 minutes.
const GOOD_FOR_MS: i64 = 5 * 60 * 1000;

impl OcspClient {
    pub fn new(config: OcspConfig) -> Result<OcspClient, SignaturesError> {
        let ua = if config.user_agent.trim().is_empty() {
            "Tauar".to_string()
        } else {
            config.user_agent.clone()
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.timeout_ms))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(ua)
            .build()
            .map_err(|e| SignaturesError::Invalid(format!("OCSP client: {e}")))?;
        Ok(OcspClient {
            config,
            http,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The status of `cert` at `now`, from the cache or the responder.
    pub async fn check(
        &self,
        cert: &Cert,
        issuer: &Cert,
        now: Millis,
    ) -> Result<RevocationAnswer, OcspFailure> {
        let key = (
            issuer.info().fingerprint_sha256.clone(),
            cert.info().serial_hex.clone(),
        );
        if let Ok(cache) = self.cache.lock()
            && let Some(c) = cache.get(&key)
            && c.until.is_none_or(|u| now < u)
        {
            return Ok(c.answer.clone());
        }
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce)
            .map_err(|e| OcspFailure::Unreachable(format!("no randomness: {e}")))?;
        let request =
            pki::ocsp::build_request(cert, issuer, &nonce).map_err(OcspFailure::Refused)?;
        let res = self
            .http
            .post(&self.config.url)
            .header("Content-Type", "application/ocsp-request")
            .header("Accept", "application/ocsp-response")
            .body(request)
            .send()
            .await
            .map_err(|e| OcspFailure::Unreachable(format!("{}: {e}", self.config.url)))?;
        if !res.status().is_success() {
            return Err(OcspFailure::Unreachable(format!(
                "{}: HTTP {}",
                self.config.url,
                res.status()
            )));
        }
        let body = res
            .bytes()
            .await
            .map_err(|e| OcspFailure::Unreachable(format!("{}: {e}", self.config.url)))?;
        let untrusted = |d: String| {
            OcspFailure::Refused(PkiError::RevocationUnavailable {
                detail: format!("untrusted OCSP answer: {d}"),
            })
        };
        let response = OcspResponse::from_der(&body).map_err(|e| untrusted(e.to_string()))?;
        let status = response
            .check(cert, issuer, Some(&nonce), now)
            .map_err(OcspFailure::Refused)?;
        let evidence_issuer = CrlEvidence {
            issuer_dn: issuer.info().subject_dn.clone(),
            crl_number: None,
            delta_crl_number: None,
            this_update: now,
        };
        let (status, until) = match status {
            OcspCertStatus::Good => (
                RevocationStatus::Good {
                    evidence: evidence_issuer,
                },
                Some(Millis(now.0 + GOOD_FOR_MS)),
            ),
            OcspCertStatus::Revoked { at, reason } => (
                RevocationStatus::Revoked {
                    revoked_at: at,
                    reason,
                    invalidity_date: None,
                    evidence: evidence_issuer,
                },
                None,
            ),
            // SIG-49.2: `unknown` is never "not revoked".
            OcspCertStatus::Unknown => {
                return Err(OcspFailure::Refused(PkiError::RevocationUnavailable {
                    detail: "the OCSP responder does not know the certificate".into(),
                }));
            }
        };
        let answer = RevocationAnswer {
            status,
            evidence: RevocationEvidence::Ocsp(body.to_vec()),
        };
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() > 100_000 {
                cache.retain(|_, c| c.until.is_none_or(|u| now < u));
            }
            cache.insert(
                key,
                Cached {
                    answer: answer.clone(),
                    until,
                },
            );
        }
        Ok(answer)
    }
}
