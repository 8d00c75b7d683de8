//! SIG-46…SIG-51 with the sources a certificate names: a test PKI whose AIA, CRL DP and
//! Freshest CRL point at a loopback server that counts connections and requests per path —
//! the OCSP responder taken from the AIA with no configured URL (and the configured URL as an
//! override), a host outside `pki.allowed_hosts` never contacted, CRLs downloaded from the
//! distribution points, cached, refreshed with If-Modified-Since, kept on disk, the delta
//! merged on its base, a CRL with a bad signature refused with the last good one kept, and
//! concurrent checks sharing one request.

use crate::acts::NOW;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::serve::ListenerExt;
use db::testing::TestDb;
use der::Encode;
use kernel::{FixedClock, Lang, Millis};
use pki::testkit::crl_write::{CrlEntry, CrlSpec, write_crl};
use pki::testkit::{
    CmsOptions, InitOptions, OcspMode, OcspReply, OcspResponder, TestPki, init, sign_cms,
};
use pki::{Cert, CrlReason, PkiError, RevocationStatus};
use signatures::revocation::RevocationAnswer;
use signatures::{
    AllowedHosts, Binding, Purpose, Revocation, RevocationConfig, RevocationEvidence,
    RevocationMode, Signing, SigningConfig, TbsInput,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The server's clock in these tests: ten minutes after the PKI was made.
const AT: Millis = Millis(NOW + 600_000);
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
/// The Last-Modified of the CRL files, and of a replaced answer.
const LM_FILE: &str = "Tue, 01 Dec 2026 04:00:00 GMT";
const LM_REPLACED: &str = "Wed, 02 Dec 2026 04:00:00 GMT";

/// What the loopback server does and has seen.
#[derive(Default)]
struct Faults {
    ocsp_mode: Option<OcspMode>,
    /// CRL file name → the bytes served instead of the file.
    crl_replaced: HashMap<String, Vec<u8>>,
    crl_down: bool,
    delay_ms: u64,
    /// Request path → count.
    requests: HashMap<String, usize>,
    connections: usize,
}

struct Shared {
    responder: OcspResponder,
    dir: PathBuf,
    faults: Mutex<Faults>,
}

/// The test PKI (AIA/CDP → the server) and the server, for the whole test binary.
struct Server {
    base: String,
    shared: Arc<Shared>,
    _dir: tempfile::TempDir,
}

impl Server {
    fn pki(&self) -> TestPki {
        TestPki::open(&self.shared.dir).unwrap()
    }

    fn faults(&self) -> std::sync::MutexGuard<'_, Faults> {
        self.shared.faults.lock().unwrap()
    }

    fn reset(&self) {
        *self.faults() = Faults::default();
    }

    fn requests(&self, path: &str) -> usize {
        self.faults().requests.get(path).copied().unwrap_or(0)
    }

    fn connections(&self) -> usize {
        self.faults().connections
    }
}

fn count(s: &Shared, path: &str) {
    *s.faults
        .lock()
        .unwrap()
        .requests
        .entry(path.to_string())
        .or_default() += 1;
}

async fn delay(s: &Shared) {
    let ms = s.faults.lock().unwrap().delay_ms;
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

async fn ocsp(s: &Shared, path: &str, body: &[u8]) -> axum::response::Response {
    count(s, path);
    delay(s).await;
    let mode = s.faults.lock().unwrap().ocsp_mode.unwrap_or(OcspMode::Ok);
    match s.responder.respond(body, AT, mode) {
        OcspReply::Response(der) => {
            ([(header::CONTENT_TYPE, "application/ocsp-response")], der).into_response()
        }
        OcspReply::Down | OcspReply::Timeout => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

async fn ocsp_aia(State(s): State<Arc<Shared>>, body: Bytes) -> axum::response::Response {
    ocsp(&s, "/ocsp/", &body).await
}

async fn ocsp_configured(State(s): State<Arc<Shared>>, body: Bytes) -> axum::response::Response {
    ocsp(&s, "/ocsp-configured/", &body).await
}

/// `GET /crl/<file>` with Last-Modified, answering 304 to a matching If-Modified-Since.
async fn crl(
    State(s): State<Arc<Shared>>,
    UrlPath(file): UrlPath<String>,
    headers: HeaderMap,
) -> axum::response::Response {
    count(&s, &format!("/crl/{file}"));
    delay(&s).await;
    let (down, replaced) = {
        let f = s.faults.lock().unwrap();
        (f.crl_down, f.crl_replaced.get(&file).cloned())
    };
    if down {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let lm = if replaced.is_some() {
        LM_REPLACED
    } else {
        LM_FILE
    };
    if headers
        .get(header::IF_MODIFIED_SINCE)
        .is_some_and(|v| v.as_bytes() == lm.as_bytes())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let bytes = match replaced {
        Some(b) => b,
        None => match std::fs::read(s.dir.join("crl").join(&file)) {
            Ok(b) => b,
            Err(_) => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    (
        [
            (header::CONTENT_TYPE, "application/pkix-crl"),
            (header::LAST_MODIFIED, lm),
        ],
        bytes,
    )
        .into_response()
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let dir = tempfile::tempdir().unwrap();
        init(
            dir.path(),
            &InitOptions {
                now: Some(Millis(NOW)),
                seed: 5,
                base_url: base.clone(),
                force: false,
            },
        )
        .unwrap();
        let shared = Arc::new(Shared {
            responder: TestPki::open(dir.path()).unwrap().ocsp_responder().unwrap(),
            dir: dir.path().to_path_buf(),
            faults: Mutex::new(Faults::default()),
        });
        let app = axum::Router::new()
            .route("/ocsp/", axum::routing::post(ocsp_aia))
            .route("/ocsp-configured/", axum::routing::post(ocsp_configured))
            .route("/crl/{file}", axum::routing::get(crl))
            .with_state(Arc::clone(&shared));
        listener.set_nonblocking(true).unwrap();
        let seen = Arc::clone(&shared);
        // Its own thread and runtime: it outlives every test's runtime.
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let l = tokio::net::TcpListener::from_std(listener)
                    .unwrap()
                    .tap_io(move |_| seen.faults.lock().unwrap().connections += 1);
                axum::serve(l, app).await.unwrap();
            });
        });
        Server {
            base,
            shared,
            _dir: dir,
        }
    })
}

/// The tests of this file share the server's counters: one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn allow_server() -> AllowedHosts {
    AllowedHosts::parse([server().base.as_str()]).unwrap()
}

fn revocation(config: RevocationConfig) -> Revocation {
    let trust = server().pki().trust_store().unwrap();
    Revocation::from_config(config, trust).unwrap()
}

/// Downloads from the certificates' distribution points only (no directory, no OCSP).
fn crl_only(download_dir: Option<&Path>) -> RevocationConfig {
    RevocationConfig {
        mode: RevocationMode::CrlOnly,
        allowed_hosts: allow_server(),
        crl_download_dir: download_dir.map(Path::to_path_buf),
        ..RevocationConfig::default()
    }
}

/// A persona's certificate and its issuer `ca-rsa`.
fn cert(persona: &str) -> (Cert, Cert) {
    let pki = server().pki();
    (
        pki.signer(persona).unwrap().cert().clone(),
        pki.authority("ca-rsa").unwrap().cert().clone(),
    )
}

async fn check(r: &Revocation, persona: &str, at: Millis) -> Result<RevocationAnswer, PkiError> {
    let (c, i) = cert(persona);
    r.check(&c, &i, at).await
}

fn is_revoked(a: &RevocationAnswer) -> bool {
    matches!(a.status, RevocationStatus::Revoked { .. })
}

/// The CRL numbers the answer rests on (full, delta).
fn crl_numbers(a: &RevocationAnswer) -> (Option<String>, Option<String>) {
    match &a.evidence {
        RevocationEvidence::Crl(e) => (e.crl_number.clone(), e.delta_crl_number.clone()),
        RevocationEvidence::Ocsp(_) => panic!("an OCSP answer"),
    }
}

async fn eventually(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// One demo act signed by `persona` of the server's PKI through `s`: the revocation source,
/// or the refusal's code.
async fn act(s: &Signing, persona: &str) -> Result<String, &'static str> {
    let mut input = TbsInput::login(Lang::Ru, "AIA");
    input.purpose = Purpose::parse("demo.document").unwrap();
    let issued = s.issue(&input, "sess", &Binding::none()).await.unwrap();
    let signer = server().pki().signer(persona).unwrap();
    let cms = sign_cms(&signer, &issued.tbs, &CmsOptions::default()).unwrap();
    match s
        .verify(
            &issued.challenge_id,
            &cms,
            "sess",
            &input.purpose,
            &Binding::none(),
        )
        .await
    {
        Ok(v) => Ok(v.revocation.evidence.source().to_string()),
        Err(signatures::SignaturesError::Refused(e)) => Err(e.code()),
        Err(e) => panic!("{e:?}"),
    }
}

fn signing(db: &db::Db, revocation: Revocation) -> Signing {
    Signing::new(
        db.clone(),
        server().pki().trust_store().unwrap(),
        revocation,
        SigningConfig {
            origin: "https://tauar.test".into(),
            challenge_ttl_ms: 300_000,
        },
        Arc::new(FixedClock::new(AT)),
    )
}

#[tokio::test]
async fn sig_47_the_responder_of_the_aia_decides_without_a_configured_url() {
    let _one = ONE_AT_A_TIME.lock().await;
    let srv = server();
    srv.reset();
    let before = srv.connections();
    let t = TestDb::new().await.unwrap();
    let aia = || RevocationConfig {
        mode: RevocationMode::OcspOnly,
        allowed_hosts: allow_server(),
        ..RevocationConfig::default()
    };
    let s = signing(&t.db, revocation(aia()));
    assert_eq!(act(&s, "ind-sign").await.unwrap(), "ocsp");
    assert_eq!(
        act(&s, "revoked-sign").await.unwrap_err(),
        "SIG_CERT_REVOKED"
    );
    assert_eq!(srv.requests("/ocsp/"), 2);
    assert!(srv.connections() > before, "connections are counted");

    // The configured URL overrides the AIA.
    let s = signing(
        &t.db,
        revocation(RevocationConfig {
            ocsp_url: Some(format!("{}/ocsp-configured/", srv.base)),
            ..aia()
        }),
    );
    assert_eq!(act(&s, "ind-dual").await.unwrap(), "ocsp");
    assert_eq!(
        act(&s, "revoked-sign").await.unwrap_err(),
        "SIG_CERT_REVOKED"
    );
    assert_eq!(
        (srv.requests("/ocsp-configured/"), srv.requests("/ocsp/")),
        (2, 2)
    );

    // A lying responder refuses with no fallback, wherever its URL came from.
    srv.faults().ocsp_mode = Some(OcspMode::BadSignature);
    let s = signing(
        &t.db,
        revocation(RevocationConfig {
            mode: RevocationMode::OcspThenCrl,
            crl_dir: Some(srv.shared.dir.join("crl")),
            ..aia()
        }),
    );
    assert_eq!(
        act(&s, "ind-sign").await.unwrap_err(),
        "SIG_REVOCATION_UNAVAILABLE"
    );
    t.cleanup().await;
}

#[tokio::test]
async fn sig_47_a_host_outside_the_allow_list_is_never_contacted() {
    let _one = ONE_AT_A_TIME.lock().await;
    let srv = server();
    srv.reset();
    let before = srv.connections();
    // The НУЦ hosts only: the certificates' AIA and CDP (the loopback server) are not on it.
    let nuc = |mode| RevocationConfig {
        mode,
        crl_dir: Some(srv.shared.dir.join("crl")),
        ..RevocationConfig::default()
    };

    // ocsp_then_crl: OCSP is unavailable, the CRL directory decides.
    let r = revocation(nuc(RevocationMode::OcspThenCrl));
    let good = check(&r, "ind-sign", AT).await.unwrap();
    assert!(!is_revoked(&good));
    assert_eq!(good.evidence.source(), "crl");
    assert!(is_revoked(&check(&r, "revoked-sign", AT).await.unwrap()));
    let c = r.counters();
    assert_eq!(
        (c.ocsp_requests, c.ocsp_not_allowed, c.fallbacks),
        (0, 2, 2)
    );
    assert_eq!((c.crl_not_allowed, c.crl_downloads), (4, 0));

    // ocsp_only: nothing decides.
    let r = revocation(nuc(RevocationMode::OcspOnly));
    let e = check(&r, "ind-sign", AT).await.unwrap_err();
    assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE");
    assert!(e.to_string().contains("not on pki.allowed_hosts"), "{e}");

    // crl_only without a directory: the distribution points are not downloaded either.
    let r = revocation(RevocationConfig {
        crl_dir: None,
        ..nuc(RevocationMode::CrlOnly)
    });
    let e = check(&r, "ind-sign", AT).await.unwrap_err();
    assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE");

    // The same server allowed by host but on another port is not allowed either.
    let other_port = AllowedHosts::parse(["127.0.0.1:1"]).unwrap();
    let r = revocation(RevocationConfig {
        allowed_hosts: other_port,
        ..nuc(RevocationMode::OcspThenCrl)
    });
    assert!(!is_revoked(&check(&r, "ind-sign", AT).await.unwrap()));
    assert_eq!(r.counters().ocsp_not_allowed, 1);

    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(srv.connections(), before, "no connection to the server");
}

#[tokio::test]
async fn sig_48_the_crl_of_the_distribution_point_is_downloaded_once_and_cached() {
    let _one = ONE_AT_A_TIME.lock().await;
    let srv = server();
    srv.reset();
    let kept = tempfile::tempdir().unwrap();
    let r = revocation(crl_only(Some(kept.path())));
    let good = check(&r, "ind-sign", AT).await.unwrap();
    assert!(!is_revoked(&good));
    assert_eq!(crl_numbers(&good).0.as_deref(), Some("1"));
    assert!(is_revoked(&check(&r, "revoked-sign", AT).await.unwrap()));
    assert!(is_revoked(&check(&r, "hold-sign", AT).await.unwrap()));
    let c = r.counters();
    assert_eq!((c.crl_misses, c.crl_downloads, c.crl_hits), (2, 2, 4));
    assert_eq!(
        (
            srv.requests("/crl/ca-rsa.crl"),
            srv.requests("/crl/ca-rsa_d.crl")
        ),
        (1, 1)
    );

    // An hour later the delta is due: refreshed in the background with If-Modified-Since
    // (304) while the cached copy answers; the full CRL is not asked for.
    let later = Millis(AT.0 + HOUR + MIN);
    assert!(!is_revoked(&check(&r, "ind-sign", later).await.unwrap()));
    eventually("the delta refreshed", || r.counters().crl_not_modified == 1).await;
    assert_eq!(
        (
            srv.requests("/crl/ca-rsa.crl"),
            srv.requests("/crl/ca-rsa_d.crl")
        ),
        (1, 2)
    );
    assert_eq!(r.counters().crl_downloads, 2);

    // A restart with the server down answers from the copies kept on disk.
    srv.faults().crl_down = true;
    let r = revocation(crl_only(Some(kept.path())));
    assert!(is_revoked(&check(&r, "revoked-sign", AT).await.unwrap()));
    let good = check(&r, "ind-sign", AT).await.unwrap();
    assert_eq!(crl_numbers(&good), (Some("1".into()), Some("2".into())));
    assert_eq!(r.counters().crl_downloads, 0);

    // Without them (and with the server down) nothing decides.
    let r = revocation(crl_only(None));
    let e = check(&r, "ind-sign", AT).await.unwrap_err();
    assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE");
    assert_eq!(r.counters().crl_fetch_errors, 2);
}

#[tokio::test]
async fn sig_48_the_delta_crl_applies_on_top_of_its_base() {
    let _one = ONE_AT_A_TIME.lock().await;
    let srv = server();
    srv.reset();
    let pki = server().pki();
    let full =
        pki::Crl::from_der(&std::fs::read(srv.shared.dir.join("crl/ca-rsa.crl")).unwrap()).unwrap();
    let base: u64 = full
        .crl_number
        .as_ref()
        .unwrap()
        .to_str_radix(10)
        .parse()
        .unwrap();
    let serial = |p: &str| {
        let hex = cert(p).0.info().serial_hex.clone();
        (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
            .collect::<Vec<u8>>()
    };
    // A delta on the full CRL: ind-dual revoked, the hold of hold-sign lifted.
    let ca = pki.authority("ca-rsa").unwrap();
    let name = ca.cert().x509().tbs_certificate.subject.to_der().unwrap();
    let delta = write_crl(&CrlSpec {
        issuer_name: &name,
        key: ca.key(),
        number: base + 10,
        delta_base: Some(base),
        this_update: Millis(NOW + 5 * MIN),
        next_update: Millis(NOW + 24 * HOUR),
        entries: &[
            CrlEntry {
                serial: serial("ind-dual"),
                revoked_at: Millis(NOW + MIN),
                reason: Some(CrlReason::KeyCompromise),
                invalidity_date: None,
            },
            CrlEntry {
                serial: serial("hold-sign"),
                revoked_at: Millis(NOW + 2 * MIN),
                reason: Some(CrlReason::RemoveFromCrl),
                invalidity_date: None,
            },
        ],
    })
    .unwrap();
    srv.faults()
        .crl_replaced
        .insert("ca-rsa_d.crl".into(), delta);

    let r = revocation(crl_only(None));
    let dual = check(&r, "ind-dual", AT).await.unwrap();
    let RevocationStatus::Revoked { reason, .. } = &dual.status else {
        panic!("{dual:?}")
    };
    assert_eq!(*reason, Some(CrlReason::KeyCompromise));
    assert_eq!(
        crl_numbers(&dual),
        (Some(base.to_string()), Some((base + 10).to_string()))
    );
    assert!(!is_revoked(&check(&r, "hold-sign", AT).await.unwrap()));
    assert!(is_revoked(&check(&r, "revoked-sign", AT).await.unwrap()));
    assert!(!is_revoked(&check(&r, "ind-sign", AT).await.unwrap()));
}

#[tokio::test]
async fn sig_48_a_crl_with_a_bad_signature_is_refused_and_the_last_good_kept() {
    let _one = ONE_AT_A_TIME.lock().await;
    let srv = server();
    srv.reset();
    let file = std::fs::read(srv.shared.dir.join("crl/ca-rsa.crl")).unwrap();
    let mut forged = file.clone();
    let last = forged.len() - 1;
    forged[last] ^= 0x01;

    // Nothing good at hand: refused.
    srv.faults()
        .crl_replaced
        .insert("ca-rsa.crl".into(), forged.clone());
    let r = revocation(crl_only(None));
    let e = check(&r, "ind-sign", AT).await.unwrap_err();
    assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE");
    assert_eq!(r.counters().crl_fetch_errors, 1);

    // A good one first; a day later the refresh gets the forged one: refused, the good one
    // still answers.
    srv.reset();
    let r = revocation(crl_only(None));
    assert!(is_revoked(&check(&r, "revoked-sign", AT).await.unwrap()));
    srv.faults()
        .crl_replaced
        .insert("ca-rsa.crl".into(), forged);
    let day = Millis(AT.0 + 24 * HOUR + MIN);
    assert!(is_revoked(&check(&r, "revoked-sign", day).await.unwrap()));
    eventually("the forged CRL refused", || {
        r.counters().crl_fetch_errors == 1
    })
    .await;
    assert_eq!(srv.requests("/crl/ca-rsa.crl"), 2);
    let good = check(&r, "ind-sign", Millis(day.0 + 1000)).await.unwrap();
    assert!(!is_revoked(&good));
    assert_eq!(crl_numbers(&good).0.as_deref(), Some("1"));
    assert!(is_revoked(
        &check(&r, "revoked-sign", Millis(day.0 + 1000))
            .await
            .unwrap()
    ));
    // No new attempt within a minute of the failure.
    assert_eq!(srv.requests("/crl/ca-rsa.crl"), 2);
}

#[tokio::test]
async fn sig_51_concurrent_checks_share_one_download_and_one_ocsp_request() {
    let _one = ONE_AT_A_TIME.lock().await;
    let srv = server();
    srv.reset();
    srv.faults().delay_ms = 300;

    let r = Arc::new(revocation(crl_only(None)));
    let mut tasks = tokio::task::JoinSet::new();
    for persona in [
        "ind-sign",
        "revoked-sign",
        "ind-dual",
        "hold-sign",
        "ind-sign",
        "ind2-sign",
    ] {
        let r = Arc::clone(&r);
        tasks.spawn(async move { check(&r, persona, AT).await.map(|a| is_revoked(&a)) });
    }
    let mut revoked = 0;
    while let Some(res) = tasks.join_next().await {
        revoked += usize::from(res.unwrap().unwrap());
    }
    assert_eq!(revoked, 2);
    assert_eq!(
        (
            srv.requests("/crl/ca-rsa.crl"),
            srv.requests("/crl/ca-rsa_d.crl")
        ),
        (1, 1)
    );
    let c = r.counters();
    assert_eq!(c.crl_downloads, 2);
    assert_eq!(c.crl_shared, 10, "{c:?}");

    let r = Arc::new(revocation(RevocationConfig {
        mode: RevocationMode::OcspOnly,
        allowed_hosts: allow_server(),
        ..RevocationConfig::default()
    }));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let r = Arc::clone(&r);
        tasks.spawn(async move { check(&r, "ind-sign", AT).await.map(|a| is_revoked(&a)) });
    }
    while let Some(res) = tasks.join_next().await {
        assert!(!res.unwrap().unwrap());
    }
    assert_eq!(srv.requests("/ocsp/"), 1);
    let c = r.counters();
    assert_eq!((c.ocsp_requests, c.ocsp_shared + c.ocsp_cache_hits), (1, 5));
}

#[tokio::test]
async fn sig_48_crls_are_at_hand_before_ocsp_fails() {
    let _one = ONE_AT_A_TIME.lock().await;
    let srv = server();
    srv.reset();
    let r = revocation(RevocationConfig {
        mode: RevocationMode::OcspThenCrl,
        allowed_hosts: allow_server(),
        ..RevocationConfig::default()
    });
    let a = check(&r, "ind-sign", AT).await.unwrap();
    assert_eq!(a.evidence.source(), "ocsp");
    // The CRLs the certificate names were fetched in the background.
    eventually("CRLs fetched", || r.counters().crl_downloads == 2).await;

    // The responder goes down and the CRL host too: the CRLs at hand decide.
    srv.faults().ocsp_mode = Some(OcspMode::Down);
    srv.faults().crl_down = true;
    let a = check(&r, "revoked-sign", AT).await.unwrap();
    assert_eq!(a.evidence.source(), "crl");
    assert!(is_revoked(&a));
    let c = r.counters();
    assert_eq!((c.fallbacks, c.crl_fetch_errors), (1, 0));
    assert_eq!(
        (
            srv.requests("/crl/ca-rsa.crl"),
            srv.requests("/crl/ca-rsa_d.crl")
        ),
        (1, 1)
    );
}

/// SIG-57 `pki.ocsp.responders` (issuer → URL): the responder configured for the signer's CA,
/// named by its common name or its DN, is asked even when no host is allowed; one configured
/// for another CA is not, and with nothing else `ocsp_only` cannot decide.
#[tokio::test]
async fn sig_57_the_responder_configured_for_the_issuer_is_asked() {
    let _one = ONE_AT_A_TIME.lock().await;
    let srv = server();
    srv.reset();
    let (_, ca) = cert("ind-sign");
    let ca_dn = ca.info().subject_dn.clone();
    let ca_cn = ca_dn
        .split(',')
        .find_map(|c| c.strip_prefix("CN="))
        .unwrap()
        .to_string();
    let configured = format!("{}/ocsp-configured/", srv.base);
    let only = |issuer: &str| {
        revocation(RevocationConfig {
            mode: RevocationMode::OcspOnly,
            ocsp_responders: vec![(issuer.to_string(), configured.clone())],
            ..RevocationConfig::default()
        })
    };
    for name in [ca_cn.as_str(), ca_dn.as_str()] {
        let r = only(name);
        assert!(!is_revoked(&check(&r, "ind-sign", AT).await.unwrap()));
        assert!(is_revoked(&check(&r, "revoked-sign", AT).await.unwrap()));
    }
    assert_eq!(
        (srv.requests("/ocsp-configured/"), srv.requests("/ocsp/")),
        (4, 0)
    );
    let r = only("Another CA");
    let e = check(&r, "ind-sign", AT).await.unwrap_err();
    assert_eq!(e.code(), "SIG_REVOCATION_UNAVAILABLE");
    assert_eq!(srv.requests("/ocsp-configured/"), 4, "not asked");
}
