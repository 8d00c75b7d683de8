//! An initialised test-PKI directory (SIG-59, SIG-63, SIG-64): reading it back, the
//! revocation commands (`revoke`, `unhold`, `crl`) that change `state.json` and rewrite the
//! CRLs, and the material of the local services — the OCSP responder, the TSA and the CRL
//! fault modes — for `tauar pki serve`, `tauar signer` and the acceptance tests.
//!
//! CRLs (SIG-63): each regeneration gives every CA a new full CRL (number n + 1: every active
//! revocation and hold) and a delta (number n + 2, deltaCRLIndicator = n + 1) listing what
//! changed after init: revocations made by `tauar pki revoke` and, for each lifted hold,
//! removeFromCRL. Full CRLs are valid 7 days, deltas 1 day.

use super::cms_sign::Signer;
use super::crl_write::{CrlEntry, CrlSpec, write_crl};
use super::keys::PrivateKey;
use super::manifest::{Manifest, PersonaEntry};
use super::ocsp_respond::{KnownStatus, OcspIssuer, OcspResponder};
use super::state::{self, Revocation, State, parse_time, rfc3339};
use super::tsp::Tsa;
use crate::cert::{Cert, TrustStore};
use crate::crl::{Crl, CrlReason};
use crate::error::PkiError;
use der::Encode;
use kernel::Millis;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The CAs that publish CRLs (the rogue hierarchy publishes none).
pub const CRL_CAS: [&str; 4] = ["root-rsa", "ca-rsa", "root-gost", "ca-gost"];

const DAY: i64 = 86_400_000;
/// Validity of a full CRL and of a delta CRL.
pub const FULL_CRL_VALIDITY_MS: i64 = 7 * DAY;
pub const DELTA_CRL_VALIDITY_MS: i64 = DAY;

/// How the CRL endpoint behaves (SIG-64 `POST /control/crl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CrlMode {
    #[default]
    Ok,
    /// No CRL can be fetched.
    Down,
    /// A correctly signed CRL whose nextUpdate has passed (AS-13).
    Stale,
}

impl CrlMode {
    pub fn parse(s: &str) -> Option<CrlMode> {
        Some(match s {
            "ok" => CrlMode::Ok,
            "down" => CrlMode::Down,
            "stale" => CrlMode::Stale,
            _ => return None,
        })
    }
}

fn io(path: &Path, e: std::io::Error) -> PkiError {
    PkiError::testkit(format!("{}: {e}", path.display()))
}

/// Writes `dir/rel`, creating its directory.
pub(crate) fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), PkiError> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    }
    // Atomic: a server watching the directory (the CRL cache) never reads a half-written file.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| io(&path, e))
}

/// Removes what `init` writes (for `--force`), nothing else.
pub(crate) fn remove_generated(dir: &Path) -> Result<(), PkiError> {
    for f in ["manifest.json", "state.json", "README.txt"] {
        let p = dir.join(f);
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| io(&p, e))?;
        }
    }
    for d in ["trust", "ca", "keys", "crl", "tls"] {
        let p = dir.join(d);
        if p.exists() {
            std::fs::remove_dir_all(&p).map_err(|e| io(&p, e))?;
        }
    }
    Ok(())
}

/// An initialised test PKI.
#[derive(Debug, Clone)]
pub struct TestPki {
    dir: PathBuf,
    manifest: Manifest,
    state: State,
}

impl TestPki {
    pub(crate) fn from_parts(dir: &Path, manifest: Manifest, state: State) -> TestPki {
        TestPki {
            dir: dir.to_path_buf(),
            manifest,
            state,
        }
    }

    /// Reads `manifest.json` and `state.json` of `dir`.
    pub fn open(dir: &Path) -> Result<TestPki, PkiError> {
        let read_json = |name: &str| -> Result<serde_json::Value, PkiError> {
            let p = dir.join(name);
            let bytes = std::fs::read(&p).map_err(|e| io(&p, e))?;
            serde_json::from_slice(&bytes)
                .map_err(|e| PkiError::testkit(format!("{}: {e}", p.display())))
        };
        let manifest: Manifest = serde_json::from_value(read_json("manifest.json")?)
            .map_err(|e| PkiError::testkit(format!("manifest.json: {e}")))?;
        let state: State = serde_json::from_value(read_json("state.json")?)
            .map_err(|e| PkiError::testkit(format!("state.json: {e}")))?;
        if manifest.format != super::manifest::FORMAT || state.format != state::FORMAT {
            return Err(PkiError::testkit("not a Tauar test PKI of this version"));
        }
        Ok(TestPki::from_parts(dir, manifest, state))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// The manifest's `now`.
    pub fn now(&self) -> Result<Millis, PkiError> {
        parse_time(&self.manifest.now)
    }

    pub fn persona(&self, name: &str) -> Result<&PersonaEntry, PkiError> {
        self.manifest
            .persona(name)
            .ok_or_else(|| PkiError::testkit(format!("no persona {name:?}")))
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, PkiError> {
        let p = self.dir.join(rel);
        std::fs::read(&p).map_err(|e| io(&p, e))
    }

    /// The certificate and private key of a CA or service (`root-rsa`, `ca-gost`,
    /// `ocsp-rsa`, `tsa-rsa`, `rogue-ca`, …).
    pub fn authority(&self, name: &str) -> Result<Signer, PkiError> {
        let (cert, key) = match (self.manifest.ca(name), self.manifest.service(name)) {
            (Some(c), _) => (&c.certificate, &c.key),
            (None, Some(s)) => (&s.certificate, &s.key),
            (None, None) => return Err(PkiError::testkit(format!("no CA or service {name:?}"))),
        };
        Ok(Signer::new(
            Cert::from_der(&self.read(cert)?)?,
            PrivateKey::from_pkcs8_der(&self.read(key)?)?,
        ))
    }

    /// The key store of a persona.
    pub fn keystore_bytes(&self, persona: &str) -> Result<Vec<u8>, PkiError> {
        let p = self.persona(persona)?;
        self.read(&p.file)
    }

    /// A persona's key store, opened with its password.
    pub fn signer(&self, persona: &str) -> Result<Signer, PkiError> {
        let p = self.persona(persona)?;
        Signer::open(&self.read(&p.file)?, &p.password)
    }

    /// The trust store of `DIR/trust`.
    pub fn trust_store(&self) -> Result<TrustStore, PkiError> {
        TrustStore::load_dir(&self.dir.join("trust"))
    }

    /// Every CRL of `DIR/crl`, parsed and verified under its CA from `DIR/trust`.
    pub fn crls(&self) -> Result<Vec<Crl>, PkiError> {
        let mut out = Vec::new();
        for f in &self.manifest.crls {
            let ca = self.authority(&f.ca)?;
            for rel in [&f.full, &f.delta] {
                let mut crl = Crl::from_der(&self.read(rel)?)?;
                crl.verify_signature(ca.cert())?;
                out.push(crl);
            }
        }
        Ok(out)
    }

    /// The PKI's clock: the later of the real time and the latest event (never before the
    /// manifest's `now`), so that tests pinned to a future `--now` and demos on the real clock
    /// both get CRLs that are current for them.
    pub fn clock(&self) -> Result<Millis, PkiError> {
        let state_clock = parse_time(&self.state.clock)?;
        let real = Millis((Millis::now().0 / 1000) * 1000);
        Ok(Millis(state_clock.0.max(real.0)))
    }

    fn advance(&mut self, t: Millis) -> Result<(), PkiError> {
        let c = parse_time(&self.state.clock)?;
        if t.0 > c.0 {
            self.state.clock = rfc3339(t);
        }
        Ok(())
    }

    pub(crate) fn save_manifest(&self) -> Result<(), PkiError> {
        let json = serde_json::to_vec_pretty(&self.manifest)
            .map_err(|e| PkiError::testkit(format!("manifest: {e}")))?;
        write_file(&self.dir, "manifest.json", &json)
    }

    fn save_state(&self) -> Result<(), PkiError> {
        let json = serde_json::to_vec_pretty(&self.state)
            .map_err(|e| PkiError::testkit(format!("state: {e}")))?;
        write_file(&self.dir, "state.json", &json)
    }

    fn active(&mut self, persona: &str) -> Option<&mut Revocation> {
        self.state
            .revocations
            .iter_mut()
            .find(|r| r.persona == persona && r.is_active())
    }

    /// `tauar pki revoke` (SIG-63): revokes (or holds, with `certificateHold`) a persona's
    /// certificate at `at` (default: the PKI's clock), records it in `state.json` and rewrites
    /// the CRLs. A held certificate may be revoked for good; a revoked one cannot be revoked
    /// again.
    pub fn revoke(
        &mut self,
        persona: &str,
        reason: CrlReason,
        at: Option<Millis>,
        invalidity_date: Option<Millis>,
    ) -> Result<(), PkiError> {
        if reason == CrlReason::RemoveFromCrl {
            return Err(PkiError::testkit("use `unhold` to lift a hold"));
        }
        let p = self.persona(persona)?.clone();
        if !CRL_CAS.contains(&p.issuer.as_str()) {
            return Err(PkiError::testkit(format!(
                "{persona} is issued by {}, which publishes no CRL",
                p.issuer
            )));
        }
        let at = match at {
            Some(t) => t,
            None => self.clock()?,
        };
        let record = Revocation {
            persona: persona.to_string(),
            ca: p.issuer.clone(),
            serial: p.serial.clone(),
            reason: reason.name().to_string(),
            revoked_at: rfc3339(at),
            invalidity_date: invalidity_date.map(rfc3339),
            lifted_at: None,
            after_init: true,
        };
        match self.active(persona) {
            Some(r) if r.reason == CrlReason::CertificateHold.name() => *r = record,
            Some(r) => {
                return Err(PkiError::testkit(format!(
                    "{persona} is already revoked ({})",
                    r.reason
                )));
            }
            None => self.state.revocations.push(record),
        }
        self.advance(at)?;
        self.regenerate_crls(None)
    }

    /// `tauar pki unhold` (SIG-63): lifts a certificateHold at `at` (default: the PKI's clock);
    /// the full CRL drops the entry and the delta lists removeFromCRL.
    pub fn unhold(&mut self, persona: &str, at: Option<Millis>) -> Result<(), PkiError> {
        let at = match at {
            Some(t) => t,
            None => self.clock()?,
        };
        match self.active(persona) {
            Some(r) if r.reason == CrlReason::CertificateHold.name() => {
                r.lifted_at = Some(rfc3339(at));
            }
            _ => {
                return Err(PkiError::testkit(format!("{persona} is not on hold")));
            }
        }
        self.advance(at)?;
        self.regenerate_crls(None)
    }

    /// The entries of one CA's full and delta CRLs.
    fn entries(&self, ca: &str) -> Result<(Vec<CrlEntry>, Vec<CrlEntry>), PkiError> {
        let (mut full, mut delta) = (Vec::new(), Vec::new());
        for r in self.state.revocations.iter().filter(|r| r.ca == ca) {
            let serial = hex_bytes(&r.serial)?;
            let entry = CrlEntry {
                serial: serial.clone(),
                revoked_at: parse_time(&r.revoked_at)?,
                reason: Some(r.reason()?),
                invalidity_date: r.invalidity_date.as_deref().map(parse_time).transpose()?,
            };
            match &r.lifted_at {
                None => {
                    if r.after_init {
                        delta.push(entry.clone());
                    }
                    full.push(entry);
                }
                Some(lifted) => delta.push(CrlEntry {
                    serial,
                    revoked_at: parse_time(lifted)?,
                    reason: Some(CrlReason::RemoveFromCrl),
                    invalidity_date: None,
                }),
            }
        }
        Ok((full, delta))
    }

    /// `tauar pki crl` (SIG-63): new full and delta CRLs for every CA, issued at `at`
    /// (default: the PKI's clock), with new numbers; saves `state.json`.
    pub fn regenerate_crls(&mut self, at: Option<Millis>) -> Result<(), PkiError> {
        let at = match at {
            Some(t) => t,
            None => self.clock()?,
        };
        self.advance(at)?;
        for ca in CRL_CAS {
            let signer = self.authority(ca)?;
            let name = signer.cert().x509().tbs_certificate.subject.to_der()?;
            let (full, delta) = self.entries(ca)?;
            let last = self.state.crl_numbers.get(ca).copied().unwrap_or(0);
            let (full_no, delta_no) = (last + 1, last + 2);
            let full_der = write_crl(&CrlSpec {
                issuer_name: &name,
                key: signer.key(),
                number: full_no,
                delta_base: None,
                this_update: at,
                next_update: Millis(at.0 + FULL_CRL_VALIDITY_MS),
                entries: &full,
            })?;
            let delta_der = write_crl(&CrlSpec {
                issuer_name: &name,
                key: signer.key(),
                number: delta_no,
                delta_base: Some(full_no),
                this_update: at,
                next_update: Millis(at.0 + DELTA_CRL_VALIDITY_MS),
                entries: &delta,
            })?;
            write_file(&self.dir, &format!("crl/{ca}.crl"), &full_der)?;
            write_file(&self.dir, &format!("crl/{ca}_d.crl"), &delta_der)?;
            self.state.crl_numbers.insert(ca.to_string(), delta_no);
        }
        self.save_state()
    }

    /// The bytes `GET /crl/<ca>.crl` (or `<ca>_d.crl` with `delta`) serves in `mode` at `now`:
    /// the file (`ok`), nothing (`down`), or a correctly signed CRL whose nextUpdate passed a
    /// day before `now` (`stale`, not saved).
    pub fn crl_bytes(
        &self,
        ca: &str,
        delta: bool,
        mode: CrlMode,
        now: Millis,
    ) -> Result<Option<Vec<u8>>, PkiError> {
        if !CRL_CAS.contains(&ca) {
            return Err(PkiError::testkit(format!("no CRL for {ca:?}")));
        }
        match mode {
            CrlMode::Down => Ok(None),
            CrlMode::Ok => {
                let suffix = if delta { "_d" } else { "" };
                Ok(Some(self.read(&format!("crl/{ca}{suffix}.crl"))?))
            }
            CrlMode::Stale => {
                let signer = self.authority(ca)?;
                let name = signer.cert().x509().tbs_certificate.subject.to_der()?;
                let (full, delta_entries) = self.entries(ca)?;
                let last = self.state.crl_numbers.get(ca).copied().unwrap_or(0);
                let der = write_crl(&CrlSpec {
                    issuer_name: &name,
                    key: signer.key(),
                    number: last.saturating_sub(1).max(1),
                    delta_base: delta.then_some(last.saturating_sub(1).max(1)),
                    this_update: Millis(now.0 - 8 * DAY),
                    next_update: Millis(now.0 - DAY),
                    entries: if delta { &delta_entries } else { &full },
                })?;
                Ok(Some(der))
            }
        }
    }

    /// The OCSP responder over the current state (SIG-64): every certificate each CA issued
    /// is `good` unless revoked or held; serials it never issued are `unknown`.
    pub fn ocsp_responder(&self) -> Result<OcspResponder, PkiError> {
        let mut issuers = Vec::new();
        for ca in CRL_CAS {
            let ca_signer = self.authority(ca)?;
            let signer = if ca == "ca-rsa" {
                self.authority("ocsp-rsa")?
            } else {
                ca_signer.clone()
            };
            let mut statuses = BTreeMap::new();
            let issued = self
                .manifest
                .personas
                .iter()
                .filter(|p| p.issuer == ca)
                .map(|p| p.serial.clone())
                .chain(
                    self.manifest
                        .services
                        .iter()
                        .filter(|s| s.issuer == ca)
                        .map(|s| s.serial.clone()),
                )
                .chain(
                    self.manifest
                        .cas
                        .iter()
                        .filter(|c| c.issuer == ca && c.name != ca)
                        .map(|c| c.serial.clone()),
                );
            for serial in issued {
                statuses.insert(serial, KnownStatus::Good);
            }
            for r in self
                .state
                .revocations
                .iter()
                .filter(|r| r.ca == ca && r.is_active())
            {
                statuses.insert(
                    r.serial.clone(),
                    KnownStatus::Revoked {
                        at: parse_time(&r.revoked_at)?,
                        reason: Some(r.reason()?),
                    },
                );
            }
            issuers.push(OcspIssuer {
                cert: ca_signer.cert().clone(),
                signer,
                statuses,
            });
        }
        Ok(OcspResponder { issuers })
    }

    /// The TSA (`tsa-rsa`, SIG-64).
    pub fn tsa(&self) -> Result<Tsa, PkiError> {
        Ok(Tsa::new(self.authority("tsa-rsa")?))
    }

    /// The fault TSA ([`super::tsp::FAULT_TSA`]): like `tsa-rsa`, but its id-kp-timeStamping is
    /// not critical, so the verifier refuses its tokens (SIG-14).
    pub fn fault_tsa(&self) -> Result<Tsa, PkiError> {
        Ok(Tsa::new(self.authority(super::tsp::FAULT_TSA)?))
    }
}

fn hex_bytes(hex: &str) -> Result<Vec<u8>, PkiError> {
    (0..hex.len() / 2)
        .map(|i| {
            hex.get(2 * i..2 * i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| PkiError::testkit(format!("bad serial {hex}")))
        })
        .collect()
}
