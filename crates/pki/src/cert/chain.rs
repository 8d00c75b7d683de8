//! Trust store and path building to a configured root (SIG-13, SIG-44).
//!
//! A path runs from the signer certificate to a **root** of the trust store, at most
//! [`MAX_PATH`] certificates long. Links match issuer DN to subject DN (and the
//! AuthorityKeyIdentifier to the SubjectKeyIdentifier when both are present), and each link's
//! signature must verify with the issuer's key, so a forged CA with a real CA's name never
//! links. Every CA on the path needs CA:TRUE, keyCertSign, a fitting pathLenConstraint and
//! validity at the signing time T. Candidates come from the trust store and from the
//! certificates the caller passes (the CMS `certificates`); nothing is fetched.
//!
//! SIG-56: the signature of a link between two CA certificates (an intermediate under its
//! root) is the same for every act, so a store remembers the links it has verified, keyed by
//! the SHA-256 fingerprints of both certificates (the DER, signature included, so another
//! certificate under the same name never matches). Every other check of the link (CA flags,
//! path length, validity at T, critical extensions) still runs each time, and the link from
//! the signer's certificate to its CA is always verified.

use super::Cert;
use crate::error::PkiError;
use kernel::Millis;
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// SIG-44: at most four certificates from signer to root.
pub const MAX_PATH: usize = 4;

/// At most this many link signatures are checked per path search, so that a CMS stuffed with
/// look-alike CA certificates cannot make path building expensive (≤ 64 KiB of input).
pub const MAX_LINK_CHECKS: usize = 32;

/// State of one path search.
struct Search<'a> {
    extra: &'a [Cert],
    at: Millis,
    why: String,
    checks_left: usize,
}

/// At most this many verified CA links are remembered (then the memory starts again).
const MAX_CACHED_LINKS: usize = 4096;

/// The configured CA certificates: roots (trust anchors) and intermediates.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    roots: Vec<Cert>,
    intermediates: Vec<Cert>,
    /// CA → CA links whose signature verified: child fingerprint ‖ issuer fingerprint.
    /// Shared by the clones of a store.
    verified_links: Arc<Mutex<HashSet<String>>>,
}

/// A verified path, signer first, root last.
#[derive(Debug, Clone)]
pub struct Chain {
    pub certs: Vec<Cert>,
}

impl Chain {
    /// DER of every certificate, signer first.
    pub fn der(&self) -> Vec<Vec<u8>> {
        self.certs.iter().map(|c| c.der().to_vec()).collect()
    }
}

impl TrustStore {
    /// A store from CA certificates: a self-signed certificate (self-issued and verifying under
    /// its own key) is a root, any other is an intermediate.
    pub fn from_certs(certs: Vec<Cert>) -> TrustStore {
        let mut store = TrustStore::default();
        for c in certs {
            if c.is_self_issued() && c.verify_signed_by(&c).is_ok() {
                store.add_root(c);
            } else {
                store.add_intermediate(c);
            }
        }
        store
    }

    /// Reads every `.cer`, `.crt`, `.der` and `.pem` file of a directory (PEM bundles allowed).
    pub fn load_dir(dir: &Path) -> Result<TrustStore, PkiError> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| PkiError::malformed(format!("{}: {e}", dir.display())))?;
        let mut certs = Vec::new();
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !["cer", "crt", "der", "pem"].contains(&ext.to_ascii_lowercase().as_str()) {
                continue;
            }
            let bytes = std::fs::read(&p)
                .map_err(|e| PkiError::malformed(format!("{}: {e}", p.display())))?;
            certs.extend(Cert::parse_all(&bytes)?);
        }
        Ok(TrustStore::from_certs(certs))
    }

    pub fn add_root(&mut self, c: Cert) {
        if !self.roots.contains(&c) {
            self.roots.push(c);
        }
    }

    pub fn add_intermediate(&mut self, c: Cert) {
        if !self.intermediates.contains(&c) {
            self.intermediates.push(c);
        }
    }

    pub fn roots(&self) -> &[Cert] {
        &self.roots
    }

    pub fn intermediates(&self) -> &[Cert] {
        &self.intermediates
    }

    /// Every certificate whose subject is `cert`'s issuer (for CRL and OCSP checks).
    pub fn issuers_of<'a>(&'a self, cert: &Cert) -> Vec<&'a Cert> {
        let issuer = cert.issuer_der();
        self.roots
            .iter()
            .chain(&self.intermediates)
            .filter(|c| c.subject_der() == issuer)
            .collect()
    }

    /// Builds and verifies a path from `leaf` to a root, valid at `at` (SIG-44). `extra` are
    /// untrusted candidates (the CMS certificates). No path → `SIG_UNTRUSTED_ISSUER`.
    pub fn build_chain(&self, leaf: &Cert, extra: &[Cert], at: Millis) -> Result<Chain, PkiError> {
        let mut path = vec![leaf.clone()];
        let mut search = Search {
            extra,
            at,
            why: String::from("no issuer certificate found"),
            checks_left: MAX_LINK_CHECKS,
        };
        if self.extend(&mut path, &mut search) {
            Ok(Chain { certs: path })
        } else {
            Err(PkiError::untrusted(search.why))
        }
    }

    fn extend(&self, path: &mut Vec<Cert>, search: &mut Search<'_>) -> bool {
        let Some(child) = path.last().cloned() else {
            return false;
        };
        // Roots first: a path ends in a trust anchor.
        for root in &self.roots {
            if self.link(&child, root, path, search) {
                path.push(root.clone());
                return true;
            }
        }
        if path.len() + 1 >= MAX_PATH {
            return false;
        }
        let extra = search.extra;
        for ca in self.intermediates.iter().chain(extra) {
            if ca.is_self_issued() || path.contains(ca) {
                continue;
            }
            if self.link(&child, ca, path, search) {
                path.push(ca.clone());
                if self.extend(path, search) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }

    /// `child`'s signature under `issuer`'s key; remembered when both are CA certificates.
    fn verify_link_signature(&self, child: &Cert, issuer: &Cert) -> Result<(), PkiError> {
        if !child.info().is_ca {
            return child.verify_signed_by(issuer);
        }
        let key = format!(
            "{}{}",
            child.info().fingerprint_sha256,
            issuer.info().fingerprint_sha256
        );
        if self
            .verified_links
            .lock()
            .is_ok_and(|links| links.contains(&key))
        {
            return Ok(());
        }
        child.verify_signed_by(issuer)?;
        if let Ok(mut links) = self.verified_links.lock() {
            if links.len() >= MAX_CACHED_LINKS {
                links.clear();
            }
            links.insert(key);
        }
        Ok(())
    }

    /// Whether `issuer` may have issued `child` as the next link above `path`.
    fn link(&self, child: &Cert, issuer: &Cert, path: &[Cert], search: &mut Search<'_>) -> bool {
        if child.issuer_der() != issuer.subject_der() {
            return false;
        }
        if let (Some(aki), Some(ski)) = (
            &child.info().authority_key_id,
            &issuer.info().subject_key_id,
        ) && aki != ski
        {
            return false;
        }
        let i = issuer.info();
        let refuse = |search: &mut Search<'_>, why: String| {
            search.why = why;
            false
        };
        if !i.is_ca || !i.key_usage.is_some_and(|k| k.key_cert_sign) {
            return refuse(
                search,
                format!("{} is not a CA with keyCertSign", i.subject_dn),
            );
        }
        // CA certificates below this issuer on the path (the leaf is not counted).
        let cas_below = path.len().saturating_sub(1);
        if i.path_len.is_some_and(|n| cas_below > n as usize) {
            return refuse(
                search,
                format!("path length constraint of {}", i.subject_dn),
            );
        }
        if search.checks_left == 0 {
            return refuse(search, "too many candidate CA certificates".to_string());
        }
        search.checks_left -= 1;
        if let Err(e) = self.verify_link_signature(child, issuer) {
            let why = format!(
                "signature of {} under {}: {e}",
                child.info().subject_dn,
                i.subject_dn
            );
            return refuse(search, why);
        }
        if issuer.check_validity(search.at, 0).is_err() {
            let why = format!(
                "CA certificate {} not valid at the signing time",
                i.subject_dn
            );
            return refuse(search, why);
        }
        if !i.unknown_critical.is_empty() {
            return refuse(
                search,
                format!("unknown critical extension in {}", i.subject_dn),
            );
        }
        true
    }
}
