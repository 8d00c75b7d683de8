//! Counters of the revocation sources (SIG-51): kept in the process for tests and status pages,
//! and reported through the `metrics` facade (the server's Prometheus `/metrics`) as
//! `revocation_*_total`, the OCSP latency `revocation_ocsp_seconds` and the CRL age per issuer
//! `revocation_crl_age_seconds{issuer}`.

use kernel::Millis;
use std::sync::atomic::{AtomicU64, Ordering};

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counter {
    OcspRequests,
    OcspCacheHits,
    OcspShared,
    OcspUnavailable,
    OcspRefused,
    OcspNotAllowed,
    Fallbacks,
    CrlHits,
    CrlMisses,
    CrlDownloads,
    CrlNotModified,
    CrlFetchErrors,
    CrlShared,
    CrlNotAllowed,
}

const ALL: [Counter; 14] = [
    Counter::OcspRequests,
    Counter::OcspCacheHits,
    Counter::OcspShared,
    Counter::OcspUnavailable,
    Counter::OcspRefused,
    Counter::OcspNotAllowed,
    Counter::Fallbacks,
    Counter::CrlHits,
    Counter::CrlMisses,
    Counter::CrlDownloads,
    Counter::CrlNotModified,
    Counter::CrlFetchErrors,
    Counter::CrlShared,
    Counter::CrlNotAllowed,
];

impl Counter {
    fn metric(self) -> &'static str {
        match self {
            Counter::OcspRequests => "revocation_ocsp_requests_total",
            Counter::OcspCacheHits => "revocation_ocsp_cache_hits_total",
            Counter::OcspShared => "revocation_ocsp_shared_total",
            Counter::OcspUnavailable => "revocation_ocsp_unavailable_total",
            Counter::OcspRefused => "revocation_ocsp_refused_total",
            Counter::OcspNotAllowed => "revocation_ocsp_not_allowed_total",
            Counter::Fallbacks => "revocation_fallbacks_total",
            Counter::CrlHits => "revocation_crl_hits_total",
            Counter::CrlMisses => "revocation_crl_misses_total",
            Counter::CrlDownloads => "revocation_crl_downloads_total",
            Counter::CrlNotModified => "revocation_crl_not_modified_total",
            Counter::CrlFetchErrors => "revocation_crl_fetch_errors_total",
            Counter::CrlShared => "revocation_crl_shared_total",
            Counter::CrlNotAllowed => "revocation_crl_not_allowed_total",
        }
    }
}

/// The counters of one [`super::Revocation`].
#[derive(Debug, Default)]
pub(crate) struct Stats {
    values: [AtomicU64; ALL.len()],
}

impl Stats {
    pub(crate) fn bump(&self, c: Counter) {
        if let Some(v) = self.values.get(c as usize) {
            v.fetch_add(1, Ordering::Relaxed);
        }
        metrics::counter!(c.metric()).increment(1);
    }

    pub(crate) fn ocsp_latency(&self, seconds: f64) {
        metrics::histogram!("revocation_ocsp_seconds").record(seconds);
    }

    pub(crate) fn crl_age(&self, issuer: &str, this_update: Millis, now: Millis) {
        let age = (now.0 - this_update.0) as f64 / 1000.0;
        metrics::gauge!("revocation_crl_age_seconds", "issuer" => issuer.to_string()).set(age);
    }

    fn get(&self, c: Counter) -> u64 {
        self.values
            .get(c as usize)
            .map_or(0, |v| v.load(Ordering::Relaxed))
    }

    pub(crate) fn snapshot(&self) -> RevocationCounters {
        RevocationCounters {
            ocsp_requests: self.get(Counter::OcspRequests),
            ocsp_cache_hits: self.get(Counter::OcspCacheHits),
            ocsp_shared: self.get(Counter::OcspShared),
            ocsp_unavailable: self.get(Counter::OcspUnavailable),
            ocsp_refused: self.get(Counter::OcspRefused),
            ocsp_not_allowed: self.get(Counter::OcspNotAllowed),
            fallbacks: self.get(Counter::Fallbacks),
            crl_hits: self.get(Counter::CrlHits),
            crl_misses: self.get(Counter::CrlMisses),
            crl_downloads: self.get(Counter::CrlDownloads),
            crl_not_modified: self.get(Counter::CrlNotModified),
            crl_fetch_errors: self.get(Counter::CrlFetchErrors),
            crl_shared: self.get(Counter::CrlShared),
            crl_not_allowed: self.get(Counter::CrlNotAllowed),
        }
    }
}

/// A snapshot of the counters (SIG-51).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RevocationCounters {
    /// OCSP requests sent.
    pub ocsp_requests: u64,
    /// Answers reused from the OCSP cache.
    pub ocsp_cache_hits: u64,
    /// Checks that waited for a request in flight for the same certificate.
    pub ocsp_shared: u64,
    /// No usable answer: network error, timeout, non-2xx, or no responder.
    pub ocsp_unavailable: u64,
    /// Answers refused: untrusted or `unknown` (fail closed, SIG-49.2).
    pub ocsp_refused: u64,
    /// Responders named by a certificate on a host outside `pki.allowed_hosts`.
    pub ocsp_not_allowed: u64,
    /// OCSP unavailable, the CRLs decided (SIG-49.3).
    pub fallbacks: u64,
    /// CRL URLs answered from the cache.
    pub crl_hits: u64,
    /// CRL URLs with no fresh copy at hand.
    pub crl_misses: u64,
    /// CRLs downloaded whose signature verified.
    pub crl_downloads: u64,
    /// Refreshes answered 304 Not Modified.
    pub crl_not_modified: u64,
    /// Downloads that failed: network, HTTP status, unreadable, or a bad signature.
    pub crl_fetch_errors: u64,
    /// Checks that waited for a download in flight for the same URL.
    pub crl_shared: u64,
    /// CRL URLs named by a certificate on a host outside `pki.allowed_hosts`.
    pub crl_not_allowed: u64,
}
