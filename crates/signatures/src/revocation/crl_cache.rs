//! The CRL cache of SIG-48. Two sources feed one pool of verified CRLs:
//! - a **directory** (`--crl-dir`, or the `crl/` directory of a test PKI, which
//!   `tauar pki revoke` rewrites; air-gapped installs), re-read when a file changes;
//! - **downloads**: the CRL Distribution Points and Freshest CRL (delta) URLs a certificate
//!   names, when their host is in `pki.allowed_hosts` (any other URL is never contacted), and
//!   the configured `pki.crl.urls`.
//!
//! Every CRL's signature is verified under its CA (the certificate's issuer or a CA of the
//! trust store) before use; a CRL with an unknown critical extension is not used. A downloaded
//! CRL is kept until its nextUpdate and refreshed before it — when nextUpdate is 5 minutes away,
//! or after 60 minutes for a delta and 24 hours for a full CRL, with `If-Modified-Since` — in
//! the background while the copy at hand is still fresh; a failed refresh (network, HTTP
//! status, bad signature, unreadable) keeps the last good copy and is retried after a minute
//! (`crl_policy`).
//! Downloaded CRLs are also written to a directory (`<sha256 of the URL>.crl` and `.json`) and
//! read back on first use, so a restart works offline. One download per URL runs at a time;
//! other checks wait for it (`flight`). The answer merges the newest fresh full CRL
//! of the issuer with its newest applicable delta (`pki::check_crl`).
//!
//! The intermediate CA against its root's CRL (SIG-49 step 4, [`CrlCache::check_root`]) uses
//! only **configured** root CRLs: a CRL file of the root in the directory (the mirror of a
//! closed network, the test PKI's `crl/`), or a `pki.crl.urls` entry that carries the root's
//! CRL — known from an earlier download (kept on disk), or because the intermediate names that
//! URL as its CRL distribution point. A configured URL never downloaded yet is fetched first
//! to learn whose CRL it is; while that is unknown it counts as the root's (fail closed). The
//! root CRL answers while fresh or within 7 days after its nextUpdate and is refreshed daily
//! (`crl_policy`).

use super::crl_policy::{Held, Need, ROOT_CRL_GRACE_MS, UrlState, root_crl_horizon};
use super::flight::Flights;
use super::hosts::AllowedHosts;
use super::ocsp::http_client;
use super::stats::{Counter, Stats};
use super::{RevocationAnswer, RevocationEvidence};
use crate::SignaturesError;
use kernel::Millis;
use pki::{Cert, Crl, PkiError, RevocationStatus, TrustStore};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

/// Where the CRLs come from (SIG-48, SIG-57).
#[derive(Debug, Clone, Default)]
pub struct CrlSources {
    /// A directory of CRL files (DER or PEM).
    pub dir: Option<PathBuf>,
    /// Hosts whose CRL Distribution Point / Freshest CRL URLs in certificates may be
    /// downloaded.
    pub allowed_hosts: AllowedHosts,
    /// `pki.crl.urls`: CRLs downloaded whatever the certificates name.
    pub urls: Vec<String>,
    /// Where downloaded CRLs are kept across restarts.
    pub download_dir: Option<PathBuf>,
    /// Timeout of one download (a full НУЦ CRL is ≈ 22 MB).
    pub timeout_ms: u64,
    /// `pki.user_agent`.
    pub user_agent: String,
}

/// How often the CRL directory is looked at for changed files.
const RESCAN: Duration = Duration::from_millis(500);
/// Larger answers are refused (the full GOST CRL of НУЦ is ≈ 22 MB).
const MAX_CRL_BYTES: usize = 128 * 1024 * 1024;

/// Where a CRL of the pool came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    Dir,
    Url(String),
}

/// The verified CRLs, one slice for `pki::check_crl`.
#[derive(Default)]
struct Pool {
    crls: Vec<Crl>,
    origins: Vec<Origin>,
}

impl Pool {
    fn replace_dir(&mut self, crls: Vec<Crl>) {
        let mut keep = Pool::default();
        for (crl, origin) in self.crls.drain(..).zip(self.origins.drain(..)) {
            if origin != Origin::Dir {
                keep.crls.push(crl);
                keep.origins.push(origin);
            }
        }
        *self = keep;
        for crl in crls {
            self.crls.push(crl);
            self.origins.push(Origin::Dir);
        }
    }

    /// The issuer of the CRL held for `url`, when one was ever loaded.
    fn url_issuer(&self, url: &str) -> Option<&str> {
        self.origins
            .iter()
            .position(|o| matches!(o, Origin::Url(u) if u == url))
            .and_then(|i| self.crls.get(i))
            .map(|c| c.issuer_dn.as_str())
    }

    fn put_url(&mut self, url: &str, crl: Crl) {
        match self
            .origins
            .iter()
            .position(|o| matches!(o, Origin::Url(u) if u == url))
        {
            Some(i) => {
                if let Some(slot) = self.crls.get_mut(i) {
                    *slot = crl;
                }
            }
            None => {
                self.crls.push(crl);
                self.origins.push(Origin::Url(url.to_string()));
            }
        }
    }
}

struct DirState {
    /// (file name, modified, length) of every file, to notice changes.
    fingerprint: Vec<(String, Option<SystemTime>, u64)>,
    checked: Instant,
}

struct Inner {
    trust: TrustStore,
    dir: Option<PathBuf>,
    dir_state: Mutex<DirState>,
    pool: RwLock<Pool>,
    urls: Mutex<HashMap<String, UrlState>>,
    flights: Flights<String, ()>,
    /// `None`: no downloads at all.
    http: Option<reqwest::Client>,
    allowed: AllowedHosts,
    configured: Vec<String>,
    download_dir: Option<PathBuf>,
    stats: Arc<Stats>,
}

/// What the configured CRLs say about an intermediate CA (SIG-49 step 4).
#[derive(Debug, Clone)]
pub(crate) enum RootCheck {
    /// No CRL of the root is configured: the step is skipped.
    NotConfigured,
    /// A usable CRL of the root answered.
    Answer(RevocationStatus),
}

/// Verified CRLs from a directory and from the URLs certificates name.
pub struct CrlCache {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for CrlCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CrlCache")
            .field("crl_dir", &self.inner.dir)
            .field("allowed_hosts", &self.inner.allowed.entries())
            .field("urls", &self.inner.configured)
            .field("download_dir", &self.inner.download_dir)
            .finish()
    }
}

impl CrlCache {
    /// A cache over the CRLs of `crl_dir` (DER or PEM files) only, verified with `trust`.
    pub fn new(crl_dir: Option<PathBuf>, trust: TrustStore) -> CrlCache {
        CrlCache::build(
            CrlSources {
                dir: crl_dir,
                ..CrlSources::default()
            },
            trust,
            None,
            Arc::new(Stats::default()),
        )
    }

    /// A cache over every source of `sources`.
    pub fn with_sources(
        sources: CrlSources,
        trust: TrustStore,
    ) -> Result<CrlCache, SignaturesError> {
        CrlCache::with_stats(sources, trust, Arc::new(Stats::default()))
    }

    pub(crate) fn with_stats(
        sources: CrlSources,
        trust: TrustStore,
        stats: Arc<Stats>,
    ) -> Result<CrlCache, SignaturesError> {
        for u in &sources.urls {
            let ok = reqwest::Url::parse(u).is_ok_and(|p| matches!(p.scheme(), "http" | "https"));
            if !ok {
                return Err(SignaturesError::Invalid(format!(
                    "pki.crl.urls: {u:?} is not an http(s) URL"
                )));
            }
        }
        let downloads = !sources.allowed_hosts.is_empty() || !sources.urls.is_empty();
        let timeout = if sources.timeout_ms == 0 {
            60_000
        } else {
            sources.timeout_ms
        };
        let http = downloads
            .then(|| http_client(timeout, &sources.user_agent))
            .transpose()?;
        Ok(CrlCache::build(sources, trust, http, stats))
    }

    fn build(
        sources: CrlSources,
        trust: TrustStore,
        http: Option<reqwest::Client>,
        stats: Arc<Stats>,
    ) -> CrlCache {
        let inner = Inner {
            trust,
            dir: sources.dir,
            dir_state: Mutex::new(DirState {
                fingerprint: Vec::new(),
                checked: Instant::now()
                    .checked_sub(RESCAN * 2)
                    .unwrap_or_else(Instant::now),
            }),
            pool: RwLock::new(Pool::default()),
            urls: Mutex::new(HashMap::new()),
            flights: Flights::default(),
            http,
            allowed: sources.allowed_hosts,
            configured: sources.urls,
            download_dir: sources.download_dir,
            stats,
        };
        inner.rescan(true);
        CrlCache {
            inner: Arc::new(inner),
        }
    }

    /// Number of verified CRLs in the cache.
    pub fn crl_count(&self) -> usize {
        self.inner.pool.read().map(|p| p.crls.len()).unwrap_or(0)
    }

    /// The issuers whose newest full CRL at hand is past its nextUpdate at `now` (the
    /// `/readyz` warning of SIG-51).
    pub fn stale_issuers(&self, now: Millis) -> Vec<String> {
        let Ok(pool) = self.inner.pool.read() else {
            return Vec::new();
        };
        let mut newest: HashMap<&str, &Crl> = HashMap::new();
        for c in pool.crls.iter().filter(|c| !c.is_delta()) {
            let e = newest.entry(c.issuer_dn.as_str()).or_insert(c);
            if c.this_update > e.this_update {
                *e = c;
            }
        }
        let mut out: Vec<String> = newest
            .into_values()
            .filter(|c| !c.is_fresh(now))
            .map(|c| c.issuer_dn.clone())
            .collect();
        out.sort();
        out
    }

    /// SIG-49 step 3: the answer of a fresh verified CRL of the issuer of `cert` (merged with
    /// its delta), downloading what `cert` names first when no fresh copy is at hand.
    pub async fn check(
        &self,
        cert: &Cert,
        issuer: &Cert,
        at: Millis,
    ) -> Result<RevocationAnswer, PkiError> {
        self.inner.rescan(false);
        if self.inner.http.is_some() {
            let mut waits = Vec::new();
            for url in self.inner.urls_for(cert, true) {
                match self.inner.need(&url, at) {
                    Need::Cached => self.inner.stats.bump(Counter::CrlHits),
                    Need::Refresh => {
                        self.inner.stats.bump(Counter::CrlHits);
                        if !self.inner.flights.is_running(&url) {
                            drop(self.spawn_fetch(url, issuer, at));
                        }
                    }
                    Need::Wait => self.inner.stats.bump(Counter::CrlMisses),
                    Need::Fetch => {
                        self.inner.stats.bump(Counter::CrlMisses);
                        waits.push(self.spawn_fetch(url, issuer, at));
                    }
                }
            }
            for h in waits.into_iter().flatten() {
                // A panicked download leaves the pool as it was.
                let _ = h.await;
            }
        }
        self.inner.answer(cert, at)
    }

    /// SIG-49 step 4: the intermediate CA `ca` against the CRL of `root`, its issuer, at `at`.
    /// Only configured root CRLs count (see the module documentation); one is usable while
    /// fresh or within 7 days after its nextUpdate. No configured CRL of the root →
    /// [`RootCheck::NotConfigured`]; configured but no usable copy → `SIG_REVOCATION_UNAVAILABLE`.
    pub(crate) async fn check_root(
        &self,
        ca: &Cert,
        root: &Cert,
        at: Millis,
    ) -> Result<RootCheck, PkiError> {
        self.inner.rescan(false);
        let root_dn = root.info().subject_dn.as_str();
        let named = ca.revocation_urls();
        let named_by_ca = |u: &str| named.crl.iter().chain(&named.delta_crl).any(|n| n == u);
        if self.inner.http.is_some() {
            let mut waits = Vec::new();
            for url in &self.inner.configured {
                let known = self.inner.url_issuer(url);
                let need = match known.as_deref() {
                    // Another CA's CRL.
                    Some(dn) if dn != root_dn => continue,
                    Some(_) => self.inner.need_within(url, at, ROOT_CRL_GRACE_MS),
                    None if named_by_ca(url) => self.inner.need_within(url, at, ROOT_CRL_GRACE_MS),
                    // Never loaded: fetched to learn whose CRL it is.
                    None => self.inner.need(url, at),
                };
                match need {
                    Need::Cached => self.inner.stats.bump(Counter::CrlHits),
                    Need::Refresh => {
                        self.inner.stats.bump(Counter::CrlHits);
                        if !self.inner.flights.is_running(url) {
                            drop(self.spawn_fetch(url.clone(), root, at));
                        }
                    }
                    Need::Wait => self.inner.stats.bump(Counter::CrlMisses),
                    Need::Fetch => {
                        self.inner.stats.bump(Counter::CrlMisses);
                        waits.push(self.spawn_fetch(url.clone(), root, at));
                    }
                }
            }
            for h in waits.into_iter().flatten() {
                // A panicked download leaves the pool as it was.
                let _ = h.await;
            }
        }
        let pool = self
            .inner
            .pool
            .read()
            .map_err(|_| PkiError::RevocationUnavailable {
                detail: "CRL cache poisoned".into(),
            })?;
        let mut configured: Vec<String> = Vec::new();
        if pool
            .crls
            .iter()
            .zip(&pool.origins)
            .any(|(c, o)| *o == Origin::Dir && c.issuer_dn == root_dn)
        {
            configured.push("the CRL directory".into());
        }
        for url in &self.inner.configured {
            match pool.url_issuer(url) {
                Some(dn) if dn == root_dn => configured.push(url.clone()),
                Some(_) => {}
                None if named_by_ca(url) => configured.push(url.clone()),
                None => configured.push(format!("{url} (never downloaded: whose CRL is unknown)")),
            }
        }
        if configured.is_empty() {
            return Ok(RootCheck::NotConfigured);
        }
        match pki::check_crl(ca, &pool.crls, root_crl_horizon(at)) {
            Ok(status) => {
                let e = match &status {
                    RevocationStatus::Good { evidence }
                    | RevocationStatus::Revoked { evidence, .. } => evidence,
                };
                self.inner.stats.crl_age(&e.issuer_dn, e.this_update, at);
                Ok(RootCheck::Answer(status))
            }
            Err(PkiError::RevocationUnavailable { .. }) => Err(PkiError::RevocationUnavailable {
                detail: format!(
                    "no usable CRL of the root {root_dn} (fresh, or at most 7 days past its \
                     nextUpdate) for the intermediate {}; configured: {}",
                    ca.info().subject_dn,
                    configured.join(", ")
                ),
            }),
            Err(e) => Err(e),
        }
    }

    /// Downloads in the background what `cert` names and is not fresh or due (SIG-48: CRLs are
    /// at hand before OCSP fails).
    pub fn warm(&self, cert: &Cert, issuer: &Cert, at: Millis) {
        if self.inner.http.is_none() {
            return;
        }
        for url in self.inner.urls_for(cert, false) {
            if matches!(self.inner.need(&url, at), Need::Fetch | Need::Refresh)
                && !self.inner.flights.is_running(&url)
            {
                drop(self.spawn_fetch(url, issuer, at));
            }
        }
    }

    /// Runs the download of `url` as a task (`None`, and no download, outside a Tokio runtime).
    fn spawn_fetch(
        &self,
        url: String,
        issuer: &Cert,
        at: Millis,
    ) -> Option<tokio::task::JoinHandle<()>> {
        let inner = Arc::clone(&self.inner);
        let issuer = issuer.clone();
        let handle = tokio::runtime::Handle::try_current().ok()?;
        Some(handle.spawn(async move { inner.fetch(url, issuer, at).await }))
    }
}

impl Inner {
    fn need(&self, url: &str, at: Millis) -> Need {
        self.need_within(url, at, 0)
    }

    fn need_within(&self, url: &str, at: Millis, grace_ms: i64) -> Need {
        self.urls
            .lock()
            .map(|m| {
                m.get(url)
                    .cloned()
                    .unwrap_or_default()
                    .need_within(at, grace_ms)
            })
            .unwrap_or(Need::Wait)
    }

    /// The issuer of the CRL last loaded from `url` (`None`: never loaded).
    fn url_issuer(&self, url: &str) -> Option<String> {
        self.pool
            .read()
            .ok()
            .and_then(|p| p.url_issuer(url).map(str::to_string))
    }

    fn state(&self, url: &str) -> UrlState {
        self.urls
            .lock()
            .map(|m| m.get(url).cloned().unwrap_or_default())
            .unwrap_or_default()
    }

    fn update(&self, url: &str, f: impl FnOnce(&mut UrlState)) {
        if let Ok(mut m) = self.urls.lock() {
            f(m.entry(url.to_string()).or_default());
        }
    }

    /// The URLs to consult for `cert`: its CRL DP and Freshest CRL on allowed hosts, then the
    /// configured ones, but not those known to carry another CA's CRL (a root's, say). With
    /// `count`, URLs on other hosts are counted (never contacted).
    fn urls_for(&self, cert: &Cert, count: bool) -> Vec<String> {
        let named = cert.revocation_urls();
        let mut out: Vec<String> = Vec::new();
        for u in named.crl.iter().chain(&named.delta_crl) {
            if !self.allowed.allows(u) {
                if count {
                    self.stats.bump(Counter::CrlNotAllowed);
                    tracing::debug!(url = %u, "CRL URL not on pki.allowed_hosts; not contacted");
                }
            } else if !out.contains(u) {
                out.push(u.clone());
            }
        }
        let issuer = cert.info().issuer_dn.as_str();
        for u in &self.configured {
            let other_ca = self.url_issuer(u).is_some_and(|dn| dn != issuer);
            if !other_ca && !out.contains(u) {
                out.push(u.clone());
            }
        }
        out
    }

    fn answer(&self, cert: &Cert, at: Millis) -> Result<RevocationAnswer, PkiError> {
        let pool = self
            .pool
            .read()
            .map_err(|_| PkiError::RevocationUnavailable {
                detail: "CRL cache poisoned".into(),
            })?;
        let status = pki::check_crl(cert, &pool.crls, at)?;
        let evidence = match &status {
            RevocationStatus::Good { evidence } | RevocationStatus::Revoked { evidence, .. } => {
                evidence.clone()
            }
        };
        self.stats
            .crl_age(&evidence.issuer_dn, evidence.this_update, at);
        Ok(RevocationAnswer::new(
            status,
            RevocationEvidence::Crl(evidence),
        ))
    }

    /// One download of `url` at a time; the others wait for it.
    async fn fetch(self: Arc<Self>, url: String, issuer: Cert, at: Millis) {
        let (_, shared) = self
            .flights
            .run(url.clone(), || self.download(&url, &issuer, at))
            .await;
        if shared {
            self.stats.bump(Counter::CrlShared);
        }
    }

    async fn download(&self, url: &str, issuer: &Cert, at: Millis) {
        // Another task may have finished this URL just before.
        if !matches!(self.need(url, at), Need::Fetch | Need::Refresh) {
            return;
        }
        if !self.state(url).disk_tried {
            self.update(url, |s| s.disk_tried = true);
            self.load_from_disk(url, issuer).await;
            if !matches!(self.need(url, at), Need::Fetch | Need::Refresh) {
                return;
            }
        }
        let Some(http) = &self.http else { return };
        let state = self.state(url);
        let mut req = http.get(url);
        if state.held.is_some()
            && let Some(lm) = &state.last_modified
        {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
        }
        let mut res = match req.send().await {
            Ok(r) => r,
            Err(e) => return self.failed(url, at, &e.to_string()),
        };
        if res.status() == reqwest::StatusCode::NOT_MODIFIED && state.held.is_some() {
            self.stats.bump(Counter::CrlNotModified);
            return self.update(url, |s| {
                s.checked_at = Some(at);
                s.failed_at = None;
            });
        }
        if !res.status().is_success() {
            return self.failed(url, at, &format!("HTTP {}", res.status()));
        }
        let last_modified = res
            .headers()
            .get(reqwest::header::LAST_MODIFIED)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut body = Vec::new();
        loop {
            match res.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > MAX_CRL_BYTES {
                        return self.failed(url, at, "larger than 128 MB");
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return self.failed(url, at, &e.to_string()),
            }
        }
        let (trust, issuer_c) = (self.trust.clone(), issuer.clone());
        let parsed = tokio::task::spawn_blocking(move || {
            verified_crl(&body, &issuer_c, &trust).map(|crl| (crl, body))
        })
        .await;
        let (crl, body) = match parsed {
            Ok(Ok(v)) => v,
            Ok(Err(why)) => return self.failed(url, at, &why),
            Err(e) => return self.failed(url, at, &e.to_string()),
        };
        self.stats.bump(Counter::CrlDownloads);
        if self.install(url, crl, Some(at), last_modified.clone()) {
            self.save_to_disk(url, body, last_modified).await;
        }
    }

    fn failed(&self, url: &str, at: Millis, why: &str) {
        self.stats.bump(Counter::CrlFetchErrors);
        let kept = self.state(url).held.is_some();
        tracing::warn!(
            url,
            error = why,
            kept_last_good = kept,
            "CRL download failed"
        );
        self.update(url, |s| s.failed_at = Some(at));
    }

    /// Puts a verified CRL in the pool for `url` unless the one held is newer; `checked` is
    /// the time of the download (`None` for a copy read from disk, which is refreshed at once).
    fn install(
        &self,
        url: &str,
        crl: Crl,
        checked: Option<Millis>,
        last_modified: Option<String>,
    ) -> bool {
        let held = Held {
            this_update: crl.this_update,
            next_update: crl.next_update,
            delta: crl.is_delta(),
        };
        let Ok(mut urls) = self.urls.lock() else {
            return false;
        };
        let s = urls.entry(url.to_string()).or_default();
        if checked.is_some() {
            s.checked_at = checked;
            s.failed_at = None;
        }
        if s.held.is_some_and(|h| h.this_update > held.this_update) {
            tracing::warn!(url, "downloaded CRL is older than the one held; kept");
            return false;
        }
        if let Ok(mut pool) = self.pool.write() {
            pool.put_url(url, crl);
        }
        s.held = Some(held);
        s.last_modified = last_modified;
        true
    }

    fn disk_paths(&self, url: &str) -> Option<(PathBuf, PathBuf)> {
        let dir = self.download_dir.as_ref()?;
        let name = crate::sha256_hex(url.as_bytes());
        Some((
            dir.join(format!("{name}.crl")),
            dir.join(format!("{name}.json")),
        ))
    }

    /// The copy of `url` kept by an earlier run, verified again.
    async fn load_from_disk(&self, url: &str, issuer: &Cert) {
        let Some((crl_path, meta_path)) = self.disk_paths(url) else {
            return;
        };
        let (trust, issuer) = (self.trust.clone(), issuer.clone());
        let loaded = tokio::task::spawn_blocking(move || {
            let bytes = std::fs::read(&crl_path).ok()?;
            let meta: serde_json::Value = std::fs::read(&meta_path)
                .ok()
                .and_then(|m| serde_json::from_slice(&m).ok())
                .unwrap_or_default();
            let last_modified = meta
                .get("last_modified")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            match verified_crl(&bytes, &issuer, &trust) {
                Ok(crl) => Some((crl, last_modified)),
                Err(why) => {
                    tracing::warn!(file = %crl_path.display(), error = why, "kept CRL ignored");
                    None
                }
            }
        })
        .await
        .ok()
        .flatten();
        if let Some((crl, last_modified)) = loaded {
            tracing::info!(url, "CRL read from the download directory");
            self.install(url, crl, None, last_modified);
        }
    }

    async fn save_to_disk(&self, url: &str, der: Vec<u8>, last_modified: Option<String>) {
        let Some((crl_path, meta_path)) = self.disk_paths(url) else {
            return;
        };
        let meta = serde_json::json!({ "url": url, "last_modified": last_modified }).to_string();
        let saved = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            if let Some(dir) = crl_path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_atomic(&crl_path, &der)?;
            write_atomic(&meta_path, meta.as_bytes())
        })
        .await;
        if let Ok(Err(e)) = saved {
            tracing::warn!(url, error = %e, "downloaded CRL not saved");
        }
    }

    /// Re-reads the directory when a file was added, removed or changed.
    fn rescan(&self, force: bool) {
        let Some(dir) = &self.dir else { return };
        let Ok(mut st) = self.dir_state.lock() else {
            return;
        };
        if !force && st.checked.elapsed() < RESCAN {
            return;
        }
        st.checked = Instant::now();
        let fingerprint = fingerprint(dir);
        if !force && st.fingerprint == fingerprint {
            return;
        }
        let mut crls = Vec::new();
        for (name, _, _) in &fingerprint {
            let path = dir.join(name);
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            // DER as is, or PEM (`-----BEGIN X509 CRL-----`).
            let der = pki::decode_transport(&bytes).unwrap_or(bytes);
            match Crl::from_der(&der) {
                Ok(mut crl) => {
                    let verified = self
                        .trust
                        .roots()
                        .iter()
                        .chain(self.trust.intermediates())
                        .any(|ca| crl.verify_signature(ca).is_ok());
                    if verified {
                        crls.push(crl);
                    } else {
                        tracing::warn!(file = %path.display(), "CRL not signed by a trusted CA; ignored");
                    }
                }
                Err(e) => {
                    // Perhaps being rewritten: keep what was loaded and look again next time.
                    tracing::warn!(file = %path.display(), error = %e, "unreadable CRL; cache kept");
                    return;
                }
            }
        }
        tracing::info!(dir = %dir.display(), crls = crls.len(), "CRL directory loaded");
        if let Ok(mut pool) = self.pool.write() {
            pool.replace_dir(crls);
        }
        st.fingerprint = fingerprint;
    }
}

/// A CRL (DER or PEM) whose signature verifies under `issuer` or a CA of `trust`, and that
/// has no unknown critical extension.
fn verified_crl(bytes: &[u8], issuer: &Cert, trust: &TrustStore) -> Result<Crl, String> {
    let der = pki::decode_transport(bytes).unwrap_or_else(|_| bytes.to_vec());
    let mut crl = Crl::from_der(&der).map_err(|e| format!("unreadable CRL: {e}"))?;
    if !crl.usable {
        return Err("the CRL has an unknown critical extension".into());
    }
    let verified = std::iter::once(issuer)
        .chain(trust.roots())
        .chain(trust.intermediates())
        .any(|ca| crl.verify_signature(ca).is_ok());
    if !verified {
        return Err(format!(
            "the CRL of {} is not signed by a trusted CA",
            crl.issuer_dn
        ));
    }
    Ok(crl)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

fn fingerprint(dir: &Path) -> Vec<(String, Option<SystemTime>, u64)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let ext = Path::new(&name)
                .extension()
                .and_then(|x| x.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if !["crl", "der", "pem"].contains(&ext.as_str()) {
                return None;
            }
            let meta = e.metadata().ok()?;
            Some((name, meta.modified().ok(), meta.len()))
        })
        .collect();
    v.sort();
    v
}
