//! The OCSP client of SIG-47 and its cache (SIG-51): one CertID with SHA-256 and a 16-byte
//! nonce, POSTed to the responder — the configured one (`pki.ocsp.responders`, an override for
//! every issuer) or else the one the certificate's AIA names, when its host is in
//! `pki.allowed_hosts` — with no redirects, a non-empty User-Agent and a timeout. A responder
//! on a host outside the list is never contacted: OCSP is then *unavailable* and the decision
//! of SIG-49 falls to the CRLs as the mode says. An answer that arrives but fails the checks of
//! `pki::OcspResponse::check` is untrusted and refuses the act; only a network failure (or no
//! usable responder) lets the caller fall back to CRLs. Concurrent checks of one certificate
//! share one request.

use super::flight::Flights;
use super::hosts::AllowedHosts;
use super::stats::{Counter, Stats};
use super::{RevocationAnswer, RevocationEvidence};
use crate::SignaturesError;
use kernel::Millis;
use pki::crl::CrlEvidence;
use pki::ocsp::OcspCertStatus;
use pki::{Cert, OcspResponse, PkiError, RevocationStatus};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A fixed OCSP responder (`pki.ocsp.*` of SIG-57).
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

/// `pki.user_agent` by default (SIG-57).
pub const USER_AGENT: &str = concat!("Tauar/", env!("CARGO_PKG_VERSION"));

impl OcspConfig {
    pub fn new(url: impl Into<String>) -> OcspConfig {
        OcspConfig {
            url: url.into(),
            timeout_ms: 5000,
            user_agent: USER_AGENT.into(),
        }
    }
}

/// Why OCSP gave no answer to use.
#[derive(Debug, Clone)]
pub enum OcspFailure {
    /// An answer came and must not be trusted, or says `unknown`: the act is refused.
    Refused(PkiError),
    /// Network error, timeout, non-2xx, or no responder that may be asked: the caller may use
    /// the CRL cache.
    Unreachable(String),
}

struct Cached {
    answer: RevocationAnswer,
    /// `None` = for ever (a revocation is final, SIG-51).
    until: Option<Millis>,
}

/// (issuer certificate fingerprint, serial).
type Key = (String, String);

/// The client with its cache of answers, keyed by (issuer certificate, serial).
pub struct OcspClient {
    /// The configured responder; `None` = the certificate's AIA, if allowed.
    url: Option<String>,
    /// `pki.ocsp.responders`: (issuer, URL), asked before `url` about the certificates that
    /// issuer signed ([`issuer_is`]).
    responders: Vec<(String, String)>,
    allowed: AllowedHosts,
    http: reqwest::Client,
    cache: Mutex<HashMap<Key, Cached>>,
    flights: Flights<Key, Result<RevocationAnswer, OcspFailure>>,
    stats: Arc<Stats>,
}

impl std::fmt::Debug for OcspClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcspClient")
            .field("url", &self.url)
            .field("allowed_hosts", &self.allowed.entries())
            .finish()
    }
}

/// SIG-51: a `good` answer is reused for at most 5 minutes.
const GOOD_FOR_MS: i64 = 5 * 60 * 1000;

/// The HTTP client of the revocation sources (SIG-46): no redirects, a non-empty User-Agent.
pub(crate) fn http_client(
    timeout_ms: u64,
    user_agent: &str,
) -> Result<reqwest::Client, SignaturesError> {
    let ua = if user_agent.trim().is_empty() {
        USER_AGENT
    } else {
        user_agent
    };
    reqwest::Client::builder()
        .timeout(Duration::from_millis(timeout_ms.max(1)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(ua)
        .build()
        .map_err(|e| SignaturesError::Invalid(format!("revocation HTTP client: {e}")))
}

impl OcspClient {
    /// A client that asks `config.url` about every certificate.
    pub fn new(config: OcspConfig) -> Result<OcspClient, SignaturesError> {
        OcspClient::with_sources(
            Some(config.url),
            Vec::new(),
            AllowedHosts::none(),
            config.timeout_ms,
            &config.user_agent,
            Arc::new(Stats::default()),
        )
    }

    pub(crate) fn with_sources(
        url: Option<String>,
        responders: Vec<(String, String)>,
        allowed: AllowedHosts,
        timeout_ms: u64,
        user_agent: &str,
        stats: Arc<Stats>,
    ) -> Result<OcspClient, SignaturesError> {
        Ok(OcspClient {
            url,
            responders,
            allowed,
            http: http_client(timeout_ms, user_agent)?,
            cache: Mutex::new(HashMap::new()),
            flights: Flights::default(),
            stats,
        })
    }

    /// The responder to ask about `cert`: the one configured for its issuer, else the one
    /// configured for every issuer, else the first AIA OCSP URL on an allowed host. A
    /// certificate naming only other hosts gets none (never contacted).
    pub fn responder_for(&self, cert: &Cert) -> Result<String, OcspFailure> {
        let issuer = &cert.info().issuer_dn;
        if let Some((_, u)) = self.responders.iter().find(|(i, _)| issuer_is(issuer, i)) {
            return Ok(u.clone());
        }
        if let Some(u) = &self.url {
            return Ok(u.clone());
        }
        let named = cert.revocation_urls().ocsp;
        if let Some(u) = named.iter().find(|u| self.allowed.allows(u)) {
            return Ok(u.clone());
        }
        match named.first() {
            None => Err(OcspFailure::Unreachable(
                "no OCSP responder is configured and the certificate names none".into(),
            )),
            Some(u) => {
                self.stats.bump(Counter::OcspNotAllowed);
                Err(OcspFailure::Unreachable(format!(
                    "the certificate's OCSP responder {u} is not on pki.allowed_hosts; not \
                     contacted"
                )))
            }
        }
    }

    /// The status of `cert` at `now`, from the cache, the request in flight for it, or the
    /// responder.
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
        if let Some(answer) = self.cached(&key, now) {
            self.stats.bump(Counter::OcspCacheHits);
            return Ok(answer);
        }
        let (result, shared) = self
            .flights
            .run(key.clone(), || self.ask(&key, cert, issuer, now))
            .await;
        if shared {
            self.stats.bump(Counter::OcspShared);
        }
        result
    }

    fn cached(&self, key: &Key, now: Millis) -> Option<RevocationAnswer> {
        let cache = self.cache.lock().ok()?;
        let c = cache.get(key)?;
        c.until.is_none_or(|u| now < u).then(|| c.answer.clone())
    }

    /// One request to the responder; the answer goes into the cache.
    async fn ask(
        &self,
        key: &Key,
        cert: &Cert,
        issuer: &Cert,
        now: Millis,
    ) -> Result<RevocationAnswer, OcspFailure> {
        // A waiter of an earlier flight may have filled the cache meanwhile.
        if let Some(answer) = self.cached(key, now) {
            return Ok(answer);
        }
        let result = self.request(cert, issuer, now).await;
        match &result {
            Ok(_) => {}
            Err(OcspFailure::Refused(_)) => self.stats.bump(Counter::OcspRefused),
            Err(OcspFailure::Unreachable(_)) => self.stats.bump(Counter::OcspUnavailable),
        }
        let (answer, until) = result?;
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() > 100_000 {
                cache.retain(|_, c| c.until.is_none_or(|u| now < u));
            }
            cache.insert(
                key.clone(),
                Cached {
                    answer: answer.clone(),
                    until,
                },
            );
        }
        Ok(answer)
    }

    async fn request(
        &self,
        cert: &Cert,
        issuer: &Cert,
        now: Millis,
    ) -> Result<(RevocationAnswer, Option<Millis>), OcspFailure> {
        let url = self.responder_for(cert)?;
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce)
            .map_err(|e| OcspFailure::Unreachable(format!("no randomness: {e}")))?;
        let request =
            pki::ocsp::build_request(cert, issuer, &nonce).map_err(OcspFailure::Refused)?;
        self.stats.bump(Counter::OcspRequests);
        let started = Instant::now();
        let res = self
            .http
            .post(&url)
            .header("Content-Type", "application/ocsp-request")
            .header("Accept", "application/ocsp-response")
            .body(request)
            .send()
            .await
            .map_err(|e| OcspFailure::Unreachable(format!("{url}: {e}")))?;
        if !res.status().is_success() {
            return Err(OcspFailure::Unreachable(format!(
                "{url}: HTTP {}",
                res.status()
            )));
        }
        let body = res
            .bytes()
            .await
            .map_err(|e| OcspFailure::Unreachable(format!("{url}: {e}")))?;
        self.stats.ocsp_latency(started.elapsed().as_secs_f64());
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
                // SIG-51: min(nextUpdate, 5 minutes).
                Some(Millis(
                    response
                        .status_for(cert, issuer)
                        .and_then(|s| s.next_update)
                        .map_or(now.0 + GOOD_FOR_MS, |n| n.0.min(now.0 + GOOD_FOR_MS)),
                )),
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
        Ok((
            RevocationAnswer::new(status, RevocationEvidence::Ocsp(body.to_vec())),
            until,
        ))
    }
}

/// Whether the issuer DN (`CN=…,O=…,C=KZ`) is the issuer an operator named in
/// `pki.ocsp.responders`: the whole DN, or its common name («НУЦ РК (RSA)»), letter case aside.
pub(crate) fn issuer_is(issuer_dn: &str, named: &str) -> bool {
    let named = named.trim();
    issuer_dn.eq_ignore_ascii_case(named)
        || issuer_dn
            .split(',')
            .filter_map(|c| c.trim().strip_prefix("CN="))
            .any(|cn| cn.to_lowercase() == named.to_lowercase())
}

#[cfg(test)]
mod issuer_tests {
    use super::issuer_is;

    #[test]
    fn sig_57_a_responder_is_named_by_the_issuer_dn_or_its_common_name() {
        let dn = "CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA),C=KZ";
        assert!(issuer_is(dn, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)"));
        assert!(issuer_is(dn, "ұлттық куәландырушы орталық (rsa)"));
        assert!(issuer_is(dn, dn));
        assert!(!issuer_is(dn, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST)"));
        assert!(!issuer_is(dn, "KZ"));
    }
}
