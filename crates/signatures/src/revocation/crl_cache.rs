//! The CRL cache of SIG-48, fed from a directory (`pki.crl.cache_dir`, or the `crl/` directory
//! of the test PKI, which `tauar pki revoke` rewrites): every CRL's signature is verified with
//! its CA from the trust store before use, the directory is re-read when a file changes, and a
//! restart works offline.

use super::{RevocationAnswer, RevocationEvidence};
use kernel::Millis;
use pki::{Cert, Crl, PkiError, RevocationStatus, TrustStore};
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::{Duration, Instant, SystemTime};

struct Loaded {
    /// (file name, modified, length) of every file, to notice changes.
    fingerprint: Vec<(String, Option<SystemTime>, u64)>,
    crls: Vec<Crl>,
    checked: Instant,
}

/// Verified CRLs from a directory.
pub struct CrlCache {
    crl_dir: Option<PathBuf>,
    trust: TrustStore,
    loaded: RwLock<Loaded>,
}

impl std::fmt::Debug for CrlCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CrlCache")
            .field("crl_dir", &self.crl_dir)
            .finish()
    }
}

/// How often the CRL directory is looked at for changed files.
const RESCAN: Duration = Duration::from_millis(500);

impl CrlCache {
    /// A cache over the CRLs of `crl_dir` (DER or PEM files), verified with `trust`.
    pub fn new(crl_dir: Option<PathBuf>, trust: TrustStore) -> CrlCache {
        let r = CrlCache {
            crl_dir,
            trust,
            loaded: RwLock::new(Loaded {
                fingerprint: Vec::new(),
                crls: Vec::new(),
                checked: Instant::now()
                    .checked_sub(RESCAN * 2)
                    .unwrap_or_else(Instant::now),
            }),
        };
        r.rescan(true);
        r
    }

    /// Number of verified CRLs in the cache.
    pub fn crl_count(&self) -> usize {
        self.loaded.read().map(|l| l.crls.len()).unwrap_or(0)
    }

    /// SIG-49 step 3: the answer of a fresh verified CRL of the issuer of `cert`.
    pub fn check(&self, cert: &Cert, at: Millis) -> Result<RevocationAnswer, PkiError> {
        self.rescan(false);
        let loaded = self
            .loaded
            .read()
            .map_err(|_| PkiError::RevocationUnavailable {
                detail: "CRL cache poisoned".into(),
            })?;
        let status = pki::check_crl(cert, &loaded.crls, at)?;
        let evidence = match &status {
            RevocationStatus::Good { evidence } | RevocationStatus::Revoked { evidence, .. } => {
                RevocationEvidence::Crl(evidence.clone())
            }
        };
        Ok(RevocationAnswer { status, evidence })
    }

    /// Re-reads the directory when a file was added, removed or changed.
    fn rescan(&self, force: bool) {
        let Some(dir) = &self.crl_dir else { return };
        if !force
            && self
                .loaded
                .read()
                .map(|l| l.checked.elapsed() < RESCAN)
                .unwrap_or(false)
        {
            return;
        }
        let fingerprint = fingerprint(dir);
        let Ok(mut loaded) = self.loaded.write() else {
            return;
        };
        loaded.checked = Instant::now();
        if !force && loaded.fingerprint == fingerprint {
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
        tracing::info!(dir = %dir.display(), crls = crls.len(), "CRL cache loaded");
        loaded.crls = crls;
        loaded.fingerprint = fingerprint;
    }
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
