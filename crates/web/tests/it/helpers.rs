//! Test servers: each runs on its own thread and runtime so that every test (each with its
//! own runtime) can share one per kind of data.

use kernel::FixedClock;
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::Arc;
use std::sync::OnceLock;
use std::time::Duration;
use web::{App, Settings};

/// What a server is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// The F-ENS acceptance fixture of spec/catalog.md §9.0 (with its КПВЭД group names).
    Fixture,
    /// The demo classifier and a few thousand demo goods.
    Demo,
    /// No catalogue; ЭЦП verification trusting the real НУЦ РК test CAs of
    /// `data/pki-fixtures` (with their CRLs), on a clock the tests set.
    Signatures,
    /// No catalogue; ЭЦП verification trusting a test PKI made by `pki::testkit::init` at
    /// [`TEST_PKI_NOW`], its CRL directory watched, the clock 10 minutes later.
    TestPki,
    /// As [`Data::TestPki`] with a test PKI of its own, for the role × action matrix
    /// (`api_matrix.rs`), which writes F-BASE of spec/accounts.md §9.0 into it: its accounts
    /// must not meet the other account tests' registrations of the same people.
    Matrix,
}

/// `--now` of the test PKI of [`Data::TestPki`].
pub const TEST_PKI_NOW: &str = "2026-12-01T04:00:00Z";

/// The test PKI's directory (set when the server starts).
pub static TEST_PKI_DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

/// Where the test-PKI server's mail arrives: the SMTP receiver's Maildir when `.ci/run` started
/// one (`TAUAR_TEST_SMTP_URL`, `TAUAR_TEST_MAILDIR`), else the server's file mailbox.
pub static TEST_PKI_MAILBOX: OnceLock<notify::testing::Mailbox> = OnceLock::new();

/// The test PKI directory and the mailbox of the [`Data::Matrix`] server.
pub static MATRIX_PKI_DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
pub static MATRIX_MAILBOX: OnceLock<notify::testing::Mailbox> = OnceLock::new();

/// The clock of the [`Data::Signatures`] server.
pub static SIGNING_CLOCK: OnceLock<Arc<FixedClock>> = OnceLock::new();

/// The fixture directory of real НУЦ РК test material.
pub fn pki_fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/pki-fixtures")
}

pub struct Server {
    pub base: String,
    pub backend: &'static str,
    /// The database the server runs on (for checks the API does not offer).
    pub database_url: String,
}

fn start(data: Data) -> Server {
    // A 500 of a test server is logged with its cause (the client only sees the request id):
    // errors go to stderr, which the test harness does not capture for server threads.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("error"))
        .with_writer(std::io::stderr)
        .try_init();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let dir = tempfile::tempdir().unwrap();
            let (database_url, backend) = match db::testing::postgres_admin_url() {
                Some(admin) => (
                    Some(db::testing::create_pg_database(&admin).await.unwrap().0),
                    "postgres",
                ),
                None => (None, "sqlite"),
            };
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let mut settings = Settings {
                data_dir: dir.path().to_path_buf(),
                database_url,
                listen: addr,
                demo: data == Data::Demo,
                demo_goods: 3000,
                demo_seed: 7,
                public_url: Some(format!("http://{addr}")),
                // ACC-163 limits apply to every other address: `client_from` tests them.
                rate_limit_exempt: vec!["127.0.0.1".parse().unwrap()],
                ..Settings::default()
            };
            let clock = Arc::new(FixedClock::new(kernel::Millis::now()));
            if data == Data::Matrix {
                let pki_dir = dir.path().join("pki");
                let now: jiff::Timestamp = TEST_PKI_NOW.parse().unwrap();
                pki::testkit::init(
                    &pki_dir,
                    &pki::testkit::InitOptions {
                        now: Some(kernel::Millis(now.as_millisecond())),
                        seed: 1,
                        base_url: pki::testkit::DEFAULT_BASE_URL.into(),
                        force: false,
                    },
                )
                .unwrap();
                clock.set(kernel::Millis(now.as_millisecond() + 600_000));
                settings.pki.test_pki_dir = Some(pki_dir.clone());
                settings.pki.allow_test_pki = true;
                let _ = MATRIX_PKI_DIR.set(pki_dir);
                let _ = MATRIX_MAILBOX.set(notify::testing::Mailbox::dir(dir.path().join("mail")));
            }
            if data == Data::TestPki {
                let pki_dir = dir.path().join("pki");
                let now: jiff::Timestamp = TEST_PKI_NOW.parse().unwrap();
                pki::testkit::init(
                    &pki_dir,
                    &pki::testkit::InitOptions {
                        now: Some(kernel::Millis(now.as_millisecond())),
                        seed: 1,
                        base_url: pki::testkit::DEFAULT_BASE_URL.into(),
                        force: false,
                    },
                )
                .unwrap();
                clock.set(kernel::Millis(now.as_millisecond() + 600_000));
                settings.pki.test_pki_dir = Some(pki_dir.clone());
                settings.pki.allow_test_pki = true;
                let _ = TEST_PKI_DIR.set(pki_dir);
                let mailbox = match (
                    std::env::var("TAUAR_TEST_SMTP_URL"),
                    std::env::var("TAUAR_TEST_MAILDIR"),
                ) {
                    (Ok(url), Ok(maildir)) => {
                        settings.mail.smtp_url = Some(url);
                        notify::testing::Mailbox::maildir(maildir)
                    }
                    _ => notify::testing::Mailbox::dir(dir.path().join("mail")),
                };
                let _ = TEST_PKI_MAILBOX.set(mailbox);
            }
            if data == Data::Signatures {
                // The test CAs (RSA and GOST) and the CRLs of the RSA CA.
                let trust = dir.path().join("trust");
                let crl = dir.path().join("crl");
                std::fs::create_dir_all(&trust).unwrap();
                std::fs::create_dir_all(&crl).unwrap();
                let fx = pki_fixtures();
                for f in [
                    "root_rsa_test.crt",
                    "nca_rsa_test.crt",
                    "root_gost_test.crt",
                    "nca_gost_test.crt",
                ] {
                    std::fs::copy(fx.join("ca").join(f), trust.join(f)).unwrap();
                }
                std::fs::copy(
                    fx.join("crl/nca_rsa_test.crl"),
                    crl.join("nca_rsa_test.crl"),
                )
                .unwrap();
                settings.pki.trust_dir = Some(trust);
                settings.pki.crl_dir = Some(crl);
                let _ = SIGNING_CLOCK.set(Arc::clone(&clock));
            }
            let app = if matches!(data, Data::Signatures | Data::TestPki | Data::Matrix) {
                App::build_with_clock(settings, clock).await.unwrap()
            } else {
                App::build(settings).await.unwrap()
            };
            if data == Data::Fixture {
                let db = &app.state.db;
                db.migrate().await.unwrap();
                refdata::load_all(db, &|_| {}).await.unwrap();
                // The fixture's КПВЭД group names (F-ENS) instead of the real dictionary's.
                for (code, name) in classifier::fixtures::fixture_kpved_names() {
                    db::sqlx::query(
                        "UPDATE dict_entries SET name_ru = $1 WHERE dict = 'kpved' AND code = $2",
                    )
                    .bind(*name)
                    .bind(*code)
                    .execute(db.pool())
                    .await
                    .unwrap();
                }
                classifier::fixtures::write_f_ens(db).await.unwrap();
            }
            let db_url = app.state.settings.database_url();
            tx.send((format!("http://{addr}"), backend, db_url))
                .unwrap();
            app.serve(listener, std::future::pending()).await.unwrap();
            drop(dir);
        });
    });
    let (base, backend, database_url) = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("server thread started");
    let s = Server {
        base,
        backend,
        database_url,
    };
    s.wait_ready();
    s
}

pub fn fixture() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| start(Data::Fixture))
}

pub fn demo() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| start(Data::Demo))
}

/// The signatures server and a lock: tests that move its clock hold the lock.
pub fn signatures() -> (&'static Server, std::sync::MutexGuard<'static, ()>) {
    static S: OnceLock<Server> = OnceLock::new();
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let server = S.get_or_init(|| start(Data::Signatures));
    (server, LOCK.lock().unwrap_or_else(|p| p.into_inner()))
}

/// The test-PKI server (one per test process).
pub fn test_pki() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| start(Data::TestPki))
}

/// The server of the role × action matrix (one per test process).
pub fn matrix() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| start(Data::Matrix))
}

/// Moves the signatures server's clock.
pub fn set_signing_time(rfc3339: &str) {
    let t: jiff::Timestamp = rfc3339.parse().unwrap();
    SIGNING_CLOCK
        .get()
        .unwrap()
        .set(kernel::Millis(t.as_millisecond()));
}

impl Server {
    /// POST JSON with an optional `Cookie` header; returns (status, headers, body as JSON or
    /// Null).
    pub fn post_json(
        &self,
        path: &str,
        cookie: Option<&str>,
        body: &Value,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut req = client()
            .post(format!("{}{}", self.base, path))
            .header("Accept-Language", "ru")
            .json(body);
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        let r = req.send().unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().unwrap();
        (
            status,
            headers,
            serde_json::from_str(&text).unwrap_or(Value::Null),
        )
    }
}

/// `name=value` of the session cookie a response set.
pub fn session_cookie(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tauar_sid="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A client whose requests come from `local` (another loopback address: the per-address
/// limits of ACC-163 apply to it, not to the exempt 127.0.0.1 of the other tests).
pub fn client_from(local: &str) -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .local_address(local.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

impl Server {
    fn wait_ready(&self) {
        let c = client();
        for _ in 0..1200 {
            if let Ok(r) = c.get(format!("{}/healthz", self.base)).send()
                && r.status() == StatusCode::OK
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!("server at {} did not become ready", self.base);
    }

    pub fn get(&self, path: &str) -> reqwest::blocking::Response {
        client()
            .get(format!("{}{}", self.base, path))
            .send()
            .unwrap()
    }

    pub fn get_lang(&self, path: &str, lang: &str) -> reqwest::blocking::Response {
        client()
            .get(format!("{}{}", self.base, path))
            .header("Accept-Language", lang)
            .send()
            .unwrap()
    }

    /// GET, expecting 200 and JSON.
    pub fn json(&self, path: &str) -> Value {
        let r = self.get(path);
        let status = r.status();
        let body = r.text().unwrap();
        assert_eq!(status, StatusCode::OK, "{path} → {status}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// GET, expecting a problem document with this status; returns it.
    pub fn problem(&self, path: &str, status: u16) -> Value {
        let r = self.get(path);
        assert_eq!(r.status().as_u16(), status, "{path}");
        let ct = r
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(ct, "application/problem+json", "{path}");
        let v: Value = r.json().unwrap();
        for key in ["type", "title", "status", "detail", "code", "request_id"] {
            assert!(v.get(key).is_some(), "{path}: problem without {key}: {v}");
        }
        assert_eq!(v["status"], status);
        v
    }

    pub fn html(&self, path: &str) -> (u16, String) {
        let r = self.get(path);
        let s = r.status().as_u16();
        (s, r.text().unwrap())
    }
}

/// The `code` fields of a list of items.
pub fn codes(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect()
}

/// (key, count) of the groups.
pub fn groups(v: &Value) -> Vec<(String, u64)> {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap().to_string(),
                g["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Runs `f` with a connection to the test-PKI server's database (outside the server's runtime:
/// the server's readiness check blocks).
pub fn with_db<T>(f: impl AsyncFnOnce(&db::Db) -> T) -> T {
    let url = test_pki().database_url.clone();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = db::Db::connect(&url).await.unwrap();
        let out = f(&db).await;
        db.close().await;
        out
    })
}

/// Who a seeded account is: its id, ИИН, names and e-mail.
pub struct Seeded<'a> {
    pub id: &'a str,
    pub iin: &'a str,
    pub last: &'a str,
    pub first: &'a str,
    pub email: &'a str,
}

/// An `ACTIVE` account of F-BASE — registered on the portal (the `USER_PORTAL` acceptance),
/// password `Tauar2026` — written straight into the database, with a platform role when
/// given. The transaction takes the audit head first, as every writer of the product does:
/// two transactions that allocate counters in another order would deadlock on PostgreSQL.
pub async fn insert_active_account(db: &db::Db, who: &Seeded<'_>, role: Option<&str>) {
    let now = kernel::Millis::now();
    let a = accounts::store::Account {
        id: who.id.into(),
        iin: who.iin.into(),
        last_name: who.last.into(),
        first_name: who.first.into(),
        middle_name: None,
        birth_date: kernel::values::Iin::parse(who.iin)
            .unwrap()
            .birth_date()
            .unwrap()
            .to_string(),
        email: who.email.into(),
        email_confirmed: true,
        mobile_phone: "+77011234567".into(),
        password_hash: accounts::password::hash("Tauar2026").unwrap(),
        password_temporary: false,
        temp_password_expires_at: None,
        password_changed_at: now,
        status: accounts::flow::AccountStatus::Active,
        status_before_block: None,
        lock: Default::default(),
        blocked_reason: None,
        email_notifications: true,
        ui_language: "ru".into(),
        created_via: "PORTAL".into(),
        activated_at: Some(now),
        last_login_at: None,
        created_at: now,
        updated_at: now,
    };
    let mut tx = db.write_tx().await.unwrap();
    signatures::audit::lock_head(&mut tx).await.unwrap();
    accounts::store::insert_account(&mut tx, &a).await.unwrap();
    let agreement =
        accounts::store::current_agreement(&mut *tx, "USER_PORTAL", kernel::Millis(i64::MAX))
            .await
            .unwrap()
            .unwrap();
    accounts::store::insert_acceptance(
        &mut tx,
        &a.id,
        "USER_PORTAL",
        &agreement.version,
        None,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    if let Some(role) = role {
        accounts::new_banks::grant_role(db, now, who.iin, role, None, "F-BASE")
            .await
            .unwrap();
    }
}

/// Held by the tests of the test-PKI server that sign an act naming the current `USER_ENS`
/// text (the ЕНС ТРУ access request, the ticked agreement) and by the test that publishes a
/// new version of it: a publication between a challenge and its use makes the challenge
/// name an old text, which the server rightly refuses.
pub static USER_ENS_TEXT: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// [`USER_ENS_TEXT`], also after another test panicked while holding it.
pub fn user_ens_text() -> std::sync::MutexGuard<'static, ()> {
    USER_ENS_TEXT.lock().unwrap_or_else(|e| e.into_inner())
}
