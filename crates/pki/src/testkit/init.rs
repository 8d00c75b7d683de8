//! `tauar pki init` (SIG-59…SIG-62): makes the whole test PKI in a directory — the RSA and GOST
//! hierarchies, the rogue hierarchy with the RSA names, the OCSP and TSA certificates (and the
//! fault TSA with a non-critical extendedKeyUsage), every persona's key store (SIG-62, then the
//! account certificates of spec/accounts.md §9.0), the CRLs, the loopback TLS material,
//! `manifest.json`, `state.json` and `README.txt`. Everything derives from `--seed` (keys,
//! serials, file names, key-store salts) and `--now` (validity), so the same arguments give
//! the same files. Keys are generated on all cores, each prime or key from its own labelled RNG
//! (so the order does not matter); every RSA-2048 key is the product of two primes of a small
//! seeded pool (`keys::pool_pair`), which keeps `init` fast.

use super::dir::{CRL_CAS, TestPki, write_file};
use super::issue::{Dn, Issuer, Template, issue, ku};
use super::keys::{KeyKind, PrivateKey, pool_pair, pool_prime, pool_size, seeded_rng};
use super::manifest::{
    CaEntry, ContextEntry, Expected, InitRevocation, Manifest, PersonaEntry, ServiceEntry, TlsEntry,
};
use super::persona::{self, InitStatus, Outcomes, Period};
use super::profile::{
    AUTHORITIES, FAULT_SERVICES, POLICY_SERVICE, SERVICES, key_usage_names, keystore_name,
    persona_dn, persona_profile, urls,
};
use super::state::{self, Revocation, State, rfc3339};
use super::{PASSWORD, p12_write, tls};
use crate::cert::Cert;
use crate::crl::CrlReason;
use crate::error::PkiError;
use crate::oid;
use const_oid::ObjectIdentifier as Oid;
use kernel::Millis;
use num_bigint_dig::BigUint;
use rand_chacha::rand_core::RngCore;
use std::collections::BTreeMap;
use std::path::Path;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// Arguments of `tauar pki init`.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// Anchor of every validity period (`--now`); `None` = the current time.
    pub now: Option<Millis>,
    pub seed: u64,
    /// Where CRL DP, Freshest CRL and AIA point (`--base-url`), without a trailing slash.
    pub base_url: String,
    /// Replace an existing test PKI.
    pub force: bool,
}

impl Default for InitOptions {
    fn default() -> InitOptions {
        InitOptions {
            now: None,
            seed: 1,
            base_url: super::DEFAULT_BASE_URL.to_string(),
            force: false,
        }
    }
}

/// What `init` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitOutcome {
    Created,
    /// DIR already held a test PKI and `--force` was not given: nothing was touched.
    Kept,
}

/// A 20-byte positive serial from the seeded RNG (НУЦ serials are 20 bytes).
fn serial(seed: u64, name: &str) -> Vec<u8> {
    let mut b = vec![0u8; 20];
    seeded_rng(seed, &format!("serial:{name}")).fill_bytes(&mut b);
    b[0] = (b[0] & 0x7F) | 0x40;
    b
}

/// One item of the parallel generation.
#[derive(Debug, Clone, Copy)]
enum Job {
    Key(KeyKind),
    /// A 1024-bit prime of the pool the RSA-2048 keys are made of.
    PoolPrime,
}

enum Generated {
    Key(PrivateKey),
    Prime(BigUint),
}

/// Every key of the PKI and the prime pool, generated on all cores; each from its own
/// labelled RNG.
fn generate(seed: u64, items: &[(String, Job)]) -> Result<BTreeMap<String, Generated>, PkiError> {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out = BTreeMap::new();
    std::thread::scope(|s| -> Result<(), PkiError> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((label, job)) = items.get(i) else {
                            return done;
                        };
                        let made = match job {
                            Job::Key(kind) => {
                                let mut rng = seeded_rng(seed, &format!("key:{label}"));
                                PrivateKey::generate(*kind, &mut rng).map(Generated::Key)
                            }
                            Job::PoolPrime => {
                                let mut rng = seeded_rng(seed, label);
                                Ok(Generated::Prime(pool_prime(&mut rng)))
                            }
                        };
                        done.push((label.clone(), made));
                    }
                })
            })
            .collect();
        for h in handles {
            let done = h
                .join()
                .map_err(|_| PkiError::testkit("key generation thread panicked"))?;
            for (label, made) in done {
                out.insert(label, made?);
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// Every key of the PKI. RSA-2048 keys are made of two primes of the seeded pool, in this
/// order: CAs and services, the loopback TLS CA and leaf, the personas in manifest order, the
/// fault services (a new persona or fault service at the end changes no other key); the RSA-1024 and GOST keys are generated each
/// from its own labelled RNG.
fn generate_keys(seed: u64) -> Result<BTreeMap<String, PrivateKey>, PkiError> {
    let all: Vec<(&str, KeyKind)> = AUTHORITIES
        .iter()
        .chain(SERVICES)
        .map(|a| (a.name, a.key))
        .chain([("tls-ca", KeyKind::Rsa2048), ("tls-leaf", KeyKind::Rsa2048)])
        .chain(persona::all().map(|p| (p.name, p.key)))
        .chain(FAULT_SERVICES.iter().map(|a| (a.name, a.key)))
        .collect();
    let pooled: Vec<&str> = all
        .iter()
        .filter(|(_, kind)| *kind == KeyKind::Rsa2048)
        .map(|(name, _)| *name)
        .collect();
    let prime_label = |i: usize| format!("pool-prime:{i}");
    let mut items: Vec<(String, Job)> = (0..pool_size(pooled.len()))
        .map(|i| (prime_label(i), Job::PoolPrime))
        .collect();
    // The slow jobs first, so that no core waits for one long job at the end.
    items.extend(
        all.iter()
            .filter(|(_, kind)| *kind == KeyKind::Rsa1024)
            .chain(all.iter().filter(|(_, kind)| *kind == KeyKind::Gost512))
            .map(|(name, kind)| (name.to_string(), Job::Key(*kind))),
    );
    let mut keys = BTreeMap::new();
    let mut primes = BTreeMap::new();
    for (label, g) in generate(seed, &items)? {
        match g {
            Generated::Key(k) => {
                keys.insert(label, k);
            }
            Generated::Prime(p) => {
                primes.insert(label, p);
            }
        }
    }
    let prime = |i: usize| {
        primes
            .get(&prime_label(i))
            .ok_or_else(|| PkiError::testkit(format!("no pool prime {i}")))
    };
    for (i, name) in pooled.iter().enumerate() {
        let (a, b) = pool_pair(i);
        keys.insert(
            name.to_string(),
            PrivateKey::rsa_from_primes(prime(a)?, prime(b)?)?,
        );
    }
    Ok(keys)
}

fn key_of<'a>(
    keys: &'a BTreeMap<String, PrivateKey>,
    name: &str,
) -> Result<&'a PrivateKey, PkiError> {
    keys.get(name)
        .ok_or_else(|| PkiError::testkit(format!("no key for {name}")))
}

fn expected(o: &Outcomes) -> Expected {
    Expected {
        login: o.login.to_string(),
        register_agreement: o.register_agreement.to_string(),
        participant_register: o.participant_register.to_string(),
        document: o.document.to_string(),
    }
}

struct Made {
    dn: Dn,
}

const README: &str = "TAUAR TEST PKI — TEST ONLY — NOT НУЦ РК
================================================

Made by `tauar pki init`. Nothing here is issued by НУЦ РК (pki.gov.kz): every certificate
carries the CN prefix \"TAUAR TEST\" and the marker policy OID given in manifest.json, and a
production build of Tauar refuses a trust store that contains any of them.

  manifest.json  every persona: key store file, password, ИИН/БИН, names, purpose, roles,
                 validity, status, and the expected outcome of login, register.agreement,
                 participant.register and a document act
  state.json     revocations and CRL numbers (changed by `tauar pki revoke/unhold/crl`)
  trust/         roots and intermediates to trust (pki.trust_dir); the rogue CAs are NOT here
  ca/            every CA, OCSP and TSA certificate (.cer) and private key (.p8, PKCS#8) — test only
  keys/<persona>/  PKCS#12 key stores named like НУЦ files; password Tauar2026
  crl/           <ca>.crl (full) and <ca>_d.crl (delta) of each CA
  tls/           loopback TLS CA and certificate for 127.0.0.1 / localhost (tauar signer)

Revocation: `tauar pki revoke --dir DIR PERSONA --reason keyCompromise [--at T]`,
`tauar pki unhold --dir DIR PERSONA`, `tauar pki crl --dir DIR`.
";

/// Makes the test PKI in `dir` (SIG-59). An existing one (`manifest.json` present) is kept
/// unless `opts.force`.
pub fn init(dir: &Path, opts: &InitOptions) -> Result<InitOutcome, PkiError> {
    if dir.join("manifest.json").exists() {
        if !opts.force {
            return Ok(InitOutcome::Kept);
        }
        super::dir::remove_generated(dir)?;
    }
    let now = Millis((opts.now.unwrap_or_else(Millis::now).0 / 1000) * 1000);
    let base = opts.base_url.trim_end_matches('/').to_string();
    let seed = opts.seed;

    let keys = generate_keys(seed)?;

    // CAs and services.
    let mut made: BTreeMap<&str, Made> = BTreeMap::new();
    let mut cas = Vec::new();
    let mut services = Vec::new();
    for a in AUTHORITIES.iter().chain(SERVICES).chain(FAULT_SERVICES) {
        let is_service = SERVICES
            .iter()
            .chain(FAULT_SERVICES)
            .any(|s| s.name == a.name);
        let root = a.issuer == a.name;
        let dn = Dn::ca(a.cn);
        let key = key_of(&keys, a.name)?;
        let (issuer_dn, issuer_key) = if root {
            (dn.clone(), key)
        } else {
            let i = made
                .get(a.issuer)
                .ok_or_else(|| PkiError::testkit(format!("{} before its issuer", a.name)))?;
            (i.dn.clone(), key_of(&keys, a.issuer)?)
        };
        let mut t = Template {
            serial: serial(seed, a.name),
            subject: dn.clone(),
            policies: vec![
                if root {
                    oid::POLICY_ROOT.to_string()
                } else if is_service {
                    POLICY_SERVICE.to_string()
                } else {
                    oid::POLICY_NCA.to_string()
                },
                oid::TEST_PKI_MARKER.to_string(),
            ],
            cps: Some(format!("{base}/cps")),
            urls: (!root).then(|| urls(&base, a.issuer)),
            ..Template::default()
        };
        match a.name {
            "ocsp-rsa" => {
                t.not_before = Millis(now.0 - 30 * DAY);
                t.not_after = Millis(now.0 + 730 * DAY);
                t.key_usage = vec![ku::DIGITAL_SIGNATURE];
                t.eku = vec![oid::EKU_OCSP_SIGNING];
                t.ocsp_nocheck = true;
            }
            "tsa-rsa" | super::tsp::FAULT_TSA => {
                t.not_before = Millis(now.0 - 30 * DAY);
                t.not_after = Millis(now.0 + 730 * DAY);
                t.key_usage = vec![ku::DIGITAL_SIGNATURE, ku::NON_REPUDIATION];
                t.eku = vec![oid::EKU_TIME_STAMPING];
                // SIG-14: the single EKU is critical; the fault TSA breaks exactly that.
                t.eku_critical = a.name == "tsa-rsa";
            }
            _ if root => {
                t.not_before = Millis(now.0 - 365 * DAY);
                t.not_after = Millis(now.0 + 3650 * DAY);
                t.key_usage = vec![ku::KEY_CERT_SIGN, ku::CRL_SIGN];
                t.ca = Some(None);
            }
            _ => {
                t.not_before = Millis(now.0 - 300 * DAY);
                t.not_after = Millis(now.0 + 1825 * DAY);
                t.key_usage = vec![ku::KEY_CERT_SIGN, ku::CRL_SIGN];
                t.ca = Some(Some(0));
            }
        }
        let cert = issue(
            &t,
            key,
            &Issuer {
                name: &issuer_dn,
                key: issuer_key,
            },
        )?;
        let parsed = Cert::from_der(&cert)?;
        let info = parsed.info();
        write_file(dir, &format!("ca/{}.cer", a.name), &cert)?;
        write_file(dir, &format!("ca/{}.p8", a.name), &key.pkcs8_der()?)?;
        if a.trusted {
            write_file(dir, &format!("trust/{}.cer", a.name), &cert)?;
        }
        if is_service {
            services.push(ServiceEntry {
                name: a.name.to_string(),
                subject: info.subject_dn.clone(),
                issuer: a.issuer.to_string(),
                serial: info.serial_hex.clone(),
                certificate: format!("ca/{}.cer", a.name),
                key: format!("ca/{}.p8", a.name),
            });
        } else {
            cas.push(CaEntry {
                name: a.name.to_string(),
                subject: info.subject_dn.clone(),
                issuer: a.issuer.to_string(),
                algorithm: key.algorithm().as_str().to_string(),
                serial: info.serial_hex.clone(),
                certificate: format!("ca/{}.cer", a.name),
                key: format!("ca/{}.p8", a.name),
                trusted: a.trusted,
                not_before: rfc3339(info.valid_from),
                not_after: rfc3339(info.valid_to),
            });
        }
        made.insert(a.name, Made { dn });
    }

    // Personas.
    let mut personas = Vec::new();
    let mut revocations = Vec::new();
    for p in persona::all() {
        let issuer_name = p.issuer.as_str();
        let issuer = made
            .get(issuer_name)
            .ok_or_else(|| PkiError::testkit(format!("no issuer {issuer_name}")))?;
        let key = key_of(&keys, p.name)?;
        let (key_usage, purpose_eku, policy, ca) = persona_profile(p);
        let (not_before, not_after) = match p.period {
            Period::Valid => (now.0 - 30 * DAY, now.0 + 335 * DAY),
            Period::Expired => (now.0 - 366 * DAY, now.0 - DAY),
            Period::NotYet => (now.0 + 2 * DAY, now.0 + 367 * DAY),
        };
        let sn = serial(seed, p.name);
        let mut eku: Vec<Oid> = purpose_eku.into_iter().collect();
        eku.extend_from_slice(p.roles);
        let t = Template {
            serial: sn.clone(),
            subject: persona_dn(p),
            not_before: Millis(not_before),
            not_after: Millis(not_after),
            key_usage: key_usage.clone(),
            eku,
            ca,
            policies: vec![policy.to_string(), oid::TEST_PKI_MARKER.to_string()],
            cps: Some(format!("{base}/cps")),
            urls: Some(urls(&base, issuer_name)),
            ..Template::default()
        };
        let cert = issue(
            &t,
            key,
            &Issuer {
                name: &issuer.dn,
                key: key_of(&keys, issuer_name)?,
            },
        )?;
        let parsed = Cert::from_der(&cert)?;
        let info = parsed.info();
        let file = format!("keys/{}/{}", p.name, keystore_name(p, &sn));
        let p12 = p12_write::write_pkcs12(
            &cert,
            &key.pkcs8_der()?,
            PASSWORD,
            &sn,
            &mut seeded_rng(seed, &format!("p12:{}", p.name)),
        )?;
        write_file(dir, &file, &p12)?;
        let revocation = match p.status {
            InitStatus::Good => None,
            InitStatus::Revoked => Some(CrlReason::KeyCompromise),
            InitStatus::Hold => Some(CrlReason::CertificateHold),
        }
        .map(|reason| {
            let at = Millis(now.0 - HOUR);
            revocations.push(Revocation {
                persona: p.name.to_string(),
                ca: issuer_name.to_string(),
                serial: info.serial_hex.clone(),
                reason: reason.name().to_string(),
                revoked_at: rfc3339(at),
                invalidity_date: None,
                lifted_at: None,
                after_init: false,
            });
            InitRevocation {
                reason: reason.name().to_string(),
                at: rfc3339(at),
            }
        });
        let status = match (p.status, p.period) {
            (InitStatus::Revoked, _) => "revoked",
            (InitStatus::Hold, _) => "hold",
            (_, Period::Expired) => "expired",
            (_, Period::NotYet) => "not_yet_valid",
            _ => "valid",
        };
        personas.push(PersonaEntry {
            name: p.name.to_string(),
            file,
            password: PASSWORD.to_string(),
            algorithm: p.key.algorithm().as_str().to_string(),
            key_bits: match p.key {
                KeyKind::Rsa2048 => 2048,
                KeyKind::Rsa1024 => 1024,
                KeyKind::Gost512 => 512,
            },
            issuer: issuer_name.to_string(),
            serial: info.serial_hex.clone(),
            subject: info.subject_dn.clone(),
            iin: p.person.iin.map(str::to_string),
            bin: p.org.map(|o| o.bin.to_string()),
            last_name: info.last_name.clone(),
            first_name: info.first_name.clone(),
            middle_name: info.middle_name.clone(),
            email: info.email.clone(),
            org_name: info.org_name.clone(),
            holder_kind: info.holder_kind.map(|h| h.as_str().to_string()),
            purpose: info.purpose.as_str().to_string(),
            key_usage: key_usage_names(&key_usage),
            ext_key_usage: info.ext_key_usage.clone(),
            roles: info.roles.iter().map(|r| r.as_str().to_string()).collect(),
            not_before: rfc3339(info.valid_from),
            not_after: rfc3339(info.valid_to),
            status: status.to_string(),
            revocation,
            expected: expected(&p.expected),
            expected_after_unhold: p.after_unhold.as_ref().map(expected),
            context: p
                .context
                .iter()
                .map(|c| ContextEntry {
                    act: c.act.to_string(),
                    account_iin: c.account_iin.map(str::to_string),
                    participant_bin: c.participant_bin.map(str::to_string),
                    expected: c.expected.to_string(),
                })
                .collect(),
            note: p.note.to_string(),
        });
    }

    // Loopback TLS (SIG-69).
    let tls_files = tls::make(
        key_of(&keys, "tls-ca")?,
        key_of(&keys, "tls-leaf")?,
        (&serial(seed, "tls-ca"), &serial(seed, "tls-leaf")),
        now,
    )?;
    write_file(dir, "tls/ca.pem", tls_files.ca_pem.as_bytes())?;
    write_file(dir, "tls/cert.pem", tls_files.cert_pem.as_bytes())?;
    write_file(dir, "tls/key.pem", tls_files.key_pem.as_bytes())?;

    let manifest = Manifest {
        format: super::manifest::FORMAT.to_string(),
        warning: super::manifest::WARNING.to_string(),
        seed,
        now: rfc3339(now),
        base_url: base,
        marker_policy_oid: oid::TEST_PKI_MARKER.to_string(),
        password: PASSWORD.to_string(),
        cas,
        services,
        personas,
        crls: CRL_CAS
            .iter()
            .map(|ca| super::manifest::CrlFiles {
                ca: ca.to_string(),
                full: format!("crl/{ca}.crl"),
                delta: format!("crl/{ca}_d.crl"),
            })
            .collect(),
        tls: TlsEntry {
            ca: "tls/ca.pem".into(),
            cert: "tls/cert.pem".into(),
            key: "tls/key.pem".into(),
            spki_sha256_base64: tls_files.spki_sha256_base64,
        },
    };
    let state = State {
        format: state::FORMAT.to_string(),
        clock: rfc3339(now),
        crl_numbers: BTreeMap::new(),
        revocations,
    };
    write_file(dir, "README.txt", README.as_bytes())?;
    let mut pki = TestPki::from_parts(dir, manifest, state);
    pki.save_manifest()?;
    pki.regenerate_crls(Some(now))?;
    Ok(InitOutcome::Created)
}
