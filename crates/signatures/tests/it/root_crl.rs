//! SIG-49 step 4 and mode `off`: the signer's intermediate CA against its root's CRL, with the
//! test PKI's root `root-rsa` and two CAs this file issues under it — one good, one revoked in a
//! root CRL the test writes — each with an end entity.
//!
//! - a root CRL in the CRL directory counts as configured: the revoked CA refuses
//!   (`SIG_CERT_REVOKED`), the good one is accepted with the root CRL's evidence;
//! - no CRL of the root anywhere: accepted with `root_crl: not_configured`;
//! - a root CRL in `pki.crl.urls` (a loopback server): used while fresh or within 7 days after
//!   its nextUpdate; beyond that, or unreachable → `SIG_REVOCATION_UNAVAILABLE`;
//! - a signer issued by the root itself: nothing to check (roots are never checked);
//! - mode `off` (this test build has the `testkit` feature): no request to the OCSP responder
//!   or the CRL URL, and the evidence says `off`.

use crate::acts::{NOW, test_pki};
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use db::testing::TestDb;
use der::Encode;
use kernel::{FixedClock, Millis};
use pki::testkit::crl_write::{CrlEntry, CrlSpec, write_crl};
use pki::testkit::issue::{Dn, Issuer, Template, issue, ku};
use pki::testkit::keys::seeded_rng;
use pki::testkit::{CmsOptions, KeyKind, PrivateKey, Signer, TestPki, sign_cms};
use pki::{Cert, CrlReason, PkiError, RevocationStatus, TrustStore, oid};
use signatures::{
    AllowedHosts, OcspConfig, Revocation, RevocationAnswer, RevocationConfig, RevocationMode,
    RootCrlEvidence, Signing, SigningConfig,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The server's clock: ten minutes after the PKI was made (its CRLs are fresh).
const AT: Millis = Millis(NOW + 600_000);
const DAY: i64 = 86_400_000;

/// A CA issued by `root-rsa` for these tests, and an end entity it issued.
struct Branch {
    ca: Cert,
    ca_key: PrivateKey,
    ee: Signer,
}

struct Fixture {
    root: Signer,
    good: Branch,
    revoked: Branch,
    /// A person's certificate issued by `root-rsa` itself.
    under_root: Signer,
    /// The test PKI's trust store and the two CAs.
    trust_dir: PathBuf,
    /// The CRLs of the two CAs (empty) and a root CRL listing the revoked CA.
    crl_with_root: PathBuf,
    /// The CRLs of the two CAs only.
    crl_without_root: PathBuf,
    _tmp: tempfile::TempDir,
}

fn key(label: &str) -> PrivateKey {
    PrivateKey::generate(KeyKind::Rsa2048, &mut seeded_rng(49, label)).unwrap()
}

fn serial(n: u8) -> Vec<u8> {
    let mut s = vec![0x49; 20];
    s[19] = n;
    s
}

fn ca_cert(name: &str, n: u8, key: &PrivateKey, root: &Signer, root_dn: &Dn) -> Cert {
    let der = issue(
        &Template {
            serial: serial(n),
            subject: Dn::ca(name),
            not_before: Millis(NOW - 300 * DAY),
            not_after: Millis(NOW + 1825 * DAY),
            key_usage: vec![ku::KEY_CERT_SIGN, ku::CRL_SIGN],
            ca: Some(Some(0)),
            policies: vec![oid::POLICY_NCA.to_string(), oid::TEST_PKI_MARKER.into()],
            ..Template::default()
        },
        key,
        &Issuer {
            name: root_dn,
            key: root.key(),
        },
    )
    .unwrap();
    Cert::from_der(&der).unwrap()
}

fn person(n: u8, issuer_dn: &Dn, issuer_key: &PrivateKey) -> Signer {
    let k = key(&format!("ee-{n}"));
    let der = issue(
        &Template {
            serial: serial(100 + n),
            subject: Dn {
                cn: Some(format!("TAUAR TEST ROOT CRL {n}")),
                surname: Some("ROOT".into()),
                serial_number: Some("IIN920706456785".into()),
                country: Some("KZ".into()),
                ..Dn::default()
            },
            not_before: Millis(NOW - 30 * DAY),
            not_after: Millis(NOW + 335 * DAY),
            key_usage: vec![ku::DIGITAL_SIGNATURE, ku::NON_REPUDIATION],
            eku: vec![oid::EKU_EMAIL_PROTECTION, oid::ROLE_INDIVIDUAL],
            policies: vec![
                oid::POLICY_RSA_SIGN.to_string(),
                oid::TEST_PKI_MARKER.into(),
            ],
            ..Template::default()
        },
        &k,
        &Issuer {
            name: issuer_dn,
            key: issuer_key,
        },
    )
    .unwrap();
    Signer::new(Cert::from_der(&der).unwrap(), k)
}

/// A CRL of `issuer` (its certificate and key) issued at `this_update`.
fn crl(
    issuer: &Cert,
    key: &PrivateKey,
    number: u64,
    this_update: Millis,
    next_update: Millis,
    entries: &[CrlEntry],
) -> Vec<u8> {
    let name = issuer.x509().tbs_certificate.subject.to_der().unwrap();
    write_crl(&CrlSpec {
        issuer_name: &name,
        key,
        number,
        delta_base: None,
        this_update,
        next_update,
        entries,
    })
    .unwrap()
}

/// The CN of `root-rsa` (the test PKI's profile).
const ROOT_CN: &str = "TAUAR TEST НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)";
/// Serials of the CAs and end entities made here.
const GOOD: u8 = 1;
const REVOKED: u8 = 2;
const UNDER_ROOT: u8 = 3;

/// A root CRL numbered `number`: `root-rsa` lists the revoked CA (keyCompromise, a day before
/// the PKI was made); valid from `this_update` to `next_update`.
fn root_crl(f: &Fixture, number: u64, this_update: Millis, next_update: Millis) -> Vec<u8> {
    let entry = CrlEntry {
        serial: serial(REVOKED),
        revoked_at: Millis(NOW - DAY),
        reason: Some(CrlReason::KeyCompromise),
        invalidity_date: None,
    };
    crl(
        f.root.cert(),
        f.root.key(),
        number,
        this_update,
        next_update,
        &[entry],
    )
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let pki = TestPki::open(test_pki()).unwrap();
        let root = pki.authority("root-rsa").unwrap();
        let root_dn = Dn::ca(ROOT_CN);
        // The name as issued must be the root's exactly, or the chain would not build.
        assert_eq!(
            root_dn.to_der(),
            root.cert().x509().tbs_certificate.subject.to_der().unwrap()
        );
        let branch = |name: &str, n: u8| {
            let ca_key = key(name);
            let ca = ca_cert(name, n, &ca_key, &root, &root_dn);
            let ee = person(n, &Dn::ca(name), &ca_key);
            Branch { ca, ca_key, ee }
        };
        let good = branch("TAUAR TEST ROOT CRL CA (GOOD)", GOOD);
        let revoked = branch("TAUAR TEST ROOT CRL CA (REVOKED)", REVOKED);
        let under_root = person(UNDER_ROOT, &root_dn, root.key());

        let tmp = tempfile::tempdir().unwrap();
        let trust_dir = tmp.path().join("trust");
        std::fs::create_dir_all(&trust_dir).unwrap();
        for e in std::fs::read_dir(test_pki().join("trust")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), trust_dir.join(e.file_name())).unwrap();
        }
        std::fs::write(trust_dir.join("good.cer"), good.ca.der()).unwrap();
        std::fs::write(trust_dir.join("revoked.cer"), revoked.ca.der()).unwrap();

        let crl_without_root = tmp.path().join("crl-without-root");
        let crl_with_root = tmp.path().join("crl-with-root");
        for dir in [&crl_without_root, &crl_with_root] {
            std::fs::create_dir_all(dir).unwrap();
            for (file, b) in [("good.crl", &good), ("revoked.crl", &revoked)] {
                let der = crl(&b.ca, &b.ca_key, 1, Millis(NOW), Millis(NOW + 7 * DAY), &[]);
                std::fs::write(dir.join(file), der).unwrap();
            }
        }
        let f = Fixture {
            root,
            good,
            revoked,
            under_root,
            trust_dir,
            crl_with_root,
            crl_without_root,
            _tmp: tmp,
        };
        // Numbered above the PKI's own root CRLs.
        let der = root_crl(&f, 1000, Millis(NOW), Millis(NOW + 30 * DAY));
        std::fs::write(f.crl_with_root.join("root-rsa.crl"), der).unwrap();
        f
    })
}

fn trust() -> TrustStore {
    TrustStore::load_dir(&fixture().trust_dir).unwrap()
}

/// `crl_only` over a CRL directory, and the configured URLs.
fn config(crl_dir: &Path, urls: Vec<String>) -> RevocationConfig {
    RevocationConfig {
        mode: RevocationMode::CrlOnly,
        crl_dir: Some(crl_dir.to_path_buf()),
        crl_urls: urls,
        allowed_hosts: AllowedHosts::none(),
        ..RevocationConfig::default()
    }
}

async fn check(r: &Revocation, b: &Branch, at: Millis) -> Result<RevocationAnswer, PkiError> {
    r.check(b.ee.cert(), &b.ca, at).await
}

fn stored(a: &RevocationAnswer) -> serde_json::Value {
    serde_json::from_slice(&a.stored_evidence()).unwrap()
}

/// The loopback server of the configured root CRL and an OCSP responder: every request is
/// counted by path; a path without bytes answers 503.
struct Server {
    base: String,
    state: Arc<ServerState>,
}

#[derive(Default)]
struct ServerState {
    files: Mutex<HashMap<String, Vec<u8>>>,
    requests: Mutex<HashMap<String, usize>>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }

    fn serve(&self, path: &str, bytes: Vec<u8>) {
        self.state
            .files
            .lock()
            .unwrap()
            .insert(path.to_string(), bytes);
    }

    fn requests(&self, prefix: &str) -> usize {
        self.state
            .requests
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(_, n)| n)
            .sum()
    }
}

async fn answer(
    State(s): State<Arc<ServerState>>,
    UrlPath(path): UrlPath<String>,
) -> axum::response::Response {
    *s.requests.lock().unwrap().entry(path.clone()).or_default() += 1;
    match s.files.lock().unwrap().get(&path) {
        Some(b) => b.clone().into_response(),
        None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

fn server() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(ServerState::default());
        let app = axum::Router::new()
            .route("/{*path}", axum::routing::get(answer).post(answer))
            .with_state(Arc::clone(&state));
        listener.set_nonblocking(true).unwrap();
        // Its own thread and runtime: it outlives every test's runtime.
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let l = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(l, app).await.unwrap();
            });
        });
        Server { base, state }
    })
}

#[tokio::test]
async fn sig_49_an_end_entity_under_a_revoked_intermediate_is_refused() {
    let f = fixture();
    let r = Revocation::from_config(config(&f.crl_with_root, Vec::new()), trust()).unwrap();
    // The end entity itself is good in its CA's CRL; its CA is listed in the root's CRL.
    let e = check(&r, &f.revoked, AT).await.unwrap_err();
    assert_eq!(e.code(), "SIG_CERT_REVOKED");
    assert!(matches!(
        e,
        PkiError::CertRevoked {
            reason: Some(CrlReason::KeyCompromise),
            ..
        }
    ));

    // The same through the service: a signed document is refused.
    let t = TestDb::new().await.unwrap();
    let s = Signing::new(
        t.db.clone(),
        trust(),
        r,
        SigningConfig::default(),
        Arc::new(FixedClock::new(AT)),
    );
    let cms = sign_cms(&f.revoked.ee, b"root crl", &CmsOptions::default()).unwrap();
    let refused = s.verify_document(&cms, None).await.unwrap_err();
    assert_eq!(refused.code(), "SIG_CERT_REVOKED");
    let cms = sign_cms(&f.good.ee, b"root crl", &CmsOptions::default()).unwrap();
    let (v, answer) = s.verify_document(&cms, None).await.unwrap();
    assert_eq!(v.chain.len(), 3);
    assert!(matches!(answer.root_crl, RootCrlEvidence::Good(_)));
    t.cleanup().await;
}

#[tokio::test]
async fn sig_49_a_good_intermediate_with_a_root_crl_keeps_its_evidence() {
    let f = fixture();
    let r = Revocation::from_config(config(&f.crl_with_root, Vec::new()), trust()).unwrap();
    let a = check(&r, &f.good, AT).await.unwrap();
    assert!(matches!(a.status, RevocationStatus::Good { .. }));
    let RootCrlEvidence::Good(e) = &a.root_crl else {
        panic!("{:?}", a.root_crl)
    };
    assert_eq!(e.issuer_dn, f.root.cert().info().subject_dn);
    assert_eq!(e.this_update, Millis(NOW));
    assert_eq!(e.crl_number.as_deref(), Some("1000"));
    // The stored form: the signer's CRL evidence and the root's.
    assert_eq!(a.source(), "crl");
    let json = stored(&a);
    assert_eq!(json["issuer"], f.good.ca.info().subject_dn.as_str());
    assert_eq!(json["root_crl"]["issuer"], e.issuer_dn.as_str());
    assert_eq!(json["root_crl"]["this_update"], NOW);

    // The test PKI's own personas: `ca-rsa` against the root CRL `init` wrote in `crl/`.
    let pki = TestPki::open(test_pki()).unwrap();
    let r = Revocation::from_config(
        config(&test_pki().join("crl"), Vec::new()),
        pki.trust_store().unwrap(),
    )
    .unwrap();
    let (ee, ca) = (
        pki.signer("ind-sign").unwrap(),
        pki.authority("ca-rsa").unwrap(),
    );
    let a = r.check(ee.cert(), ca.cert(), AT).await.unwrap();
    let RootCrlEvidence::Good(e) = &a.root_crl else {
        panic!("{:?}", a.root_crl)
    };
    assert_eq!(e.issuer_dn, f.root.cert().info().subject_dn);
    assert!(
        e.delta_crl_number.is_some(),
        "the root's delta CRL is merged"
    );
}

#[tokio::test]
async fn sig_49_no_root_crl_configured_skips_the_step() {
    let f = fixture();
    let r = Revocation::from_config(config(&f.crl_without_root, Vec::new()), trust()).unwrap();
    for b in [&f.good, &f.revoked] {
        let a = check(&r, b, AT).await.unwrap();
        assert!(matches!(a.status, RevocationStatus::Good { .. }));
        assert_eq!(a.root_crl, RootCrlEvidence::NotConfigured);
        assert_eq!(stored(&a)["root_crl"], "not_configured");
    }
}

#[tokio::test]
async fn sig_49_roots_are_never_checked() {
    let f = fixture();
    // The root lists nothing about itself; a signer it issued has no intermediate to check.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        f.crl_with_root.join("root-rsa.crl"),
        dir.path().join("root-rsa.crl"),
    )
    .unwrap();
    let r = Revocation::from_config(config(dir.path(), Vec::new()), trust()).unwrap();
    let a = r
        .check(f.under_root.cert(), f.root.cert(), AT)
        .await
        .unwrap();
    assert!(matches!(a.status, RevocationStatus::Good { .. }));
    assert_eq!(a.root_crl, RootCrlEvidence::NotApplicable);
    assert_eq!(
        r.check_intermediate(f.root.cert(), AT).await.unwrap(),
        RootCrlEvidence::NotApplicable
    );
}

#[tokio::test]
async fn sig_49_a_configured_root_crl_is_usable_7_days_past_next_update_then_unavailable() {
    let f = fixture();
    let srv = server();
    let base = Millis(NOW - 40 * DAY);
    // nextUpdate 6 days ago: still usable, and the revoked CA still refused.
    srv.serve(
        "within/root.crl",
        root_crl(f, 1001, base, Millis(AT.0 - 6 * DAY)),
    );
    let r = Revocation::from_config(
        config(&f.crl_without_root, vec![srv.url("within/root.crl")]),
        trust(),
    )
    .unwrap();
    let a = check(&r, &f.good, AT).await.unwrap();
    let RootCrlEvidence::Good(e) = &a.root_crl else {
        panic!("{:?}", a.root_crl)
    };
    assert_eq!(e.this_update, base);
    assert_eq!(
        check(&r, &f.revoked, AT).await.unwrap_err().code(),
        "SIG_CERT_REVOKED"
    );
    // One download for both checks (cached; refreshed in the background at most once a
    // minute while past nextUpdate).
    assert_eq!(srv.requests("within/"), 1);

    // nextUpdate 8 days ago: no usable copy → unavailable, not "not configured".
    srv.serve(
        "stale/root.crl",
        root_crl(f, 1002, base, Millis(AT.0 - 8 * DAY)),
    );
    let r = Revocation::from_config(
        config(&f.crl_without_root, vec![srv.url("stale/root.crl")]),
        trust(),
    )
    .unwrap();
    for b in [&f.good, &f.revoked] {
        let e = check(&r, b, AT).await.unwrap_err();
        assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE", "{e}");
    }
    assert!(srv.requests("stale/") >= 1);

    // The same copy 8 days on from a server that held a usable one: unavailable.
    let r = Revocation::from_config(
        config(&f.crl_without_root, vec![srv.url("within/root.crl")]),
        trust(),
    )
    .unwrap();
    assert!(check(&r, &f.good, AT).await.is_ok());
    let later = Millis(AT.0 + 2 * DAY + 1);
    assert_eq!(
        check(&r, &f.good, later).await.unwrap_err().code(),
        "SIG_REVOCATION_UNAVAILABLE"
    );
}

#[tokio::test]
async fn sig_49_a_configured_root_crl_that_cannot_be_fetched_is_unavailable() {
    let f = fixture();
    let srv = server();
    // Nothing served at this path: 503. Never downloaded, so whose CRL it is stays unknown and
    // it counts as the root's (fail closed).
    let r = Revocation::from_config(
        config(&f.crl_without_root, vec![srv.url("down/root.crl")]),
        trust(),
    )
    .unwrap();
    let e = check(&r, &f.good, AT).await.unwrap_err();
    assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE");
    assert!(e.to_string().contains("down/root.crl"), "{e}");
    assert!(srv.requests("down/") >= 1);

    // Once it serves the root's CRL, the check passes.
    srv.serve(
        "down/root.crl",
        root_crl(f, 1003, Millis(NOW), Millis(NOW + 30 * DAY)),
    );
    // A minute's pause after a failure (SIG-48).
    let a = check(&r, &f.good, Millis(AT.0 + 61_000)).await.unwrap();
    assert!(matches!(a.root_crl, RootCrlEvidence::Good(_)));
}

#[tokio::test]
async fn sig_49_mode_off_asks_no_source_in_a_testkit_build() {
    assert!(
        RevocationMode::Off.is_permitted(),
        "the tests build with testkit"
    );
    let f = fixture();
    let srv = server();
    srv.serve(
        "off/root.crl",
        root_crl(f, 1003, Millis(NOW), Millis(NOW + 30 * DAY)),
    );
    let sources = |mode| RevocationConfig {
        mode,
        ocsp_url: Some(srv.url("off/ocsp/")),
        crl_urls: vec![srv.url("off/root.crl")],
        allowed_hosts: AllowedHosts::parse([srv.base.as_str()]).unwrap(),
        crl_dir: Some(f.crl_with_root.clone()),
        ..RevocationConfig::default()
    };
    let r = Revocation::from_config(sources(RevocationMode::Off), trust()).unwrap();
    assert_eq!(r.mode(), RevocationMode::Off);
    assert_eq!(r.crl_count(), 0, "not even the CRL directory is read");
    // Even the end entity under the revoked CA: nothing is asked, and the evidence says so.
    for b in [&f.good, &f.revoked] {
        let a = check(&r, b, AT).await.unwrap();
        assert!(matches!(a.status, RevocationStatus::Good { .. }));
        assert_eq!(a.source(), "off");
        assert_eq!(a.mode, RevocationMode::Off);
        let json = stored(&a);
        assert_eq!(json["revocation"], "off");
        assert_eq!(json["checked"], false);
        assert_eq!(json["issuer"], b.ca.info().subject_dn.as_str());
    }
    assert_eq!(srv.requests("off/"), 0);
    assert_eq!(r.counters(), signatures::RevocationCounters::default());

    // The same sources in a checking mode are asked (so the zero above means something).
    let r = Revocation::new(
        RevocationMode::OcspThenCrl,
        Some(f.crl_with_root.clone()),
        trust(),
        Some(OcspConfig::new(srv.url("off/ocsp/"))),
    )
    .unwrap();
    assert!(check(&r, &f.good, AT).await.is_ok());
    assert_eq!(srv.requests("off/ocsp/"), 1);
}

#[test]
fn sig_49_off_is_accepted_only_with_the_testkit_feature() {
    let r = Revocation::from_config(
        RevocationConfig {
            mode: RevocationMode::Off,
            ..RevocationConfig::default()
        },
        TrustStore::default(),
    );
    // `signatures` is built with `testkit` here (its dev-dependency on itself); a production
    // build refuses `off` with OFF_REFUSED.
    const { assert!(cfg!(feature = "testkit")) };
    match r {
        Ok(r) => {
            assert!(RevocationMode::Off.is_permitted());
            assert_eq!(r.mode(), RevocationMode::Off);
        }
        Err(e) => {
            assert!(!RevocationMode::Off.is_permitted());
            assert!(e.to_string().contains(signatures::revocation::OFF_REFUSED));
        }
    }
    assert_eq!(RevocationMode::parse("off"), Some(RevocationMode::Off));
    assert_eq!("off".parse::<RevocationMode>(), Ok(RevocationMode::Off));
    assert_eq!(RevocationMode::Off.as_str(), "off");
    for m in [
        RevocationMode::OcspThenCrl,
        RevocationMode::CrlOnly,
        RevocationMode::OcspOnly,
    ] {
        assert!(m.is_permitted());
    }
}
