//! Browser tests in headless Chromium (Debian `chromium` + `chromium-driver`, installed by
//! `.ci/run`): the home page with its statistics, a search with a typo and its suggestion, a
//! code page with its QR code, and the language switch; and the ЭЦП demo page signing through
//! the real `ncalayer-1.js` against `tauar signer` (SIG-35, SIG-69 way 1, AS-31, AS-32, AS-34).
//!
//! Without Chromium the tests say they were skipped; `.ci/run` sets `TAUAR_E2E=1`, which turns
//! a missing browser into a failure.

use crate::process::{BIN, Server, database_args, free_port};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process (chromedriver, `tauar signer`, `tauar pki serve`), killed when dropped.
struct Proc(Child);

impl Proc {
    fn spawn(cmd: &mut Command) -> Proc {
        Proc(
            cmd.stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap(),
        )
    }

    fn stop(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromium() -> Option<(String, String)> {
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    Some((driver.to_string(), browser.to_string()))
}

/// Chromium and its driver; `None` (the test is skipped) when they are not installed and
/// `TAUAR_E2E` is not set.
fn chromium_or_skip() -> Option<(String, String)> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("TAUAR_E2E").is_none(),
            "TAUAR_E2E is set but Chromium/chromedriver are not installed"
        );
        eprintln!("skipped: chromium and chromedriver are not installed (.ci/run installs them)");
    }
    found
}

/// chromedriver on a free port.
fn start_driver(driver_bin: &str) -> (Proc, u16) {
    let port = free_port();
    let mut cmd = Command::new(driver_bin);
    cmd.arg(format!("--port={port}")).stderr(Stdio::null());
    let driver = Proc(cmd.stdout(Stdio::null()).spawn().unwrap());
    (driver, port)
}

/// A headless Chromium session through the chromedriver on `port`.
async fn session(port: u16, browser_bin: &str, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": browser_bin,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.display())]
        }),
    );
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => return c,
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    panic!("no chromedriver session on port {port}");
}

#[test]
fn browser_home_search_with_typo_and_code_page() {
    let Some((driver_bin, browser_bin)) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db_args = database_args();
    let server = Server::start(dir.path(), &db_args, &["--demo", "--goods", "3000"]);
    server.wait_ready();

    let (driver, port) = start_driver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let c = session(port, &browser_bin, profile.path()).await;
        let result = async {
            // Home page: the statistics block of CAT-129.
            c.goto(&format!("{}/?lang=ru", server.base)).await?;
            let stats = c
                .wait()
                .for_element(Locator::Id("stats"))
                .await?
                .text()
                .await?;
            assert!(stats.contains("Общее количество товаров"), "{stats}");
            assert!(stats.contains("3 000"), "{stats}");

            // A search with a typo: «молако» (15 characters) → «Возможно, вы искали: молоко».
            c.goto(&format!("{}/search", server.base)).await?;
            let input = c.find(Locator::Css("input[name=q]")).await?;
            input.send_keys("молако").await?;
            c.find(Locator::Id("search15")).await?.click().await?;
            let suggest = c
                .wait()
                .for_element(Locator::Id("suggestions"))
                .await?
                .text()
                .await?;
            assert!(suggest.contains("молоко"), "{suggest}");
            let url = c.current_url().await?;
            assert!(
                url.as_str().contains("mode=15"),
                "the state is in the URL: {url}"
            );

            // Open a found code: a group first when there are several.
            if c.find(Locator::Id("groups")).await.is_ok() {
                c.find(Locator::Css("#groups a")).await?.click().await?;
            }
            let link = c
                .wait()
                .for_element(Locator::Css("#results tbody a"))
                .await?;
            let code = link.text().await?;
            link.click().await?;
            let h1 = c
                .wait()
                .for_element(Locator::Css("h1"))
                .await?
                .text()
                .await?;
            assert!(h1.contains(&code), "{h1}");
            let qr = c.find(Locator::Css(".qr svg")).await?;
            assert!(qr.attr("viewBox").await?.is_some() || qr.attr("width").await?.is_some());

            // The language switch keeps the page and changes the language.
            c.find(Locator::Css(".langs a[lang=kk]"))
                .await?
                .click()
                .await?;
            let html_lang = c.wait().for_element(Locator::Css("html[lang=kk]")).await?;
            let _ = html_lang;
            let page = c.source().await?;
            assert!(
                page.contains("Атрибуттар"),
                "Kazakh labels on the code page"
            );
            Ok::<(), fantoccini::error::CmdError>(())
        }
        .await;
        let _ = c.close().await;
        result.unwrap();
    });
    drop(driver);
}

/// Polls `f` every 100 ms until it returns `Some` (at most `secs` seconds).
fn wait_until<T>(what: &str, secs: u64, f: impl Fn() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            started.elapsed() < Duration::from_secs(secs),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn http_ok(url: &str) -> Option<()> {
    reqwest::blocking::Client::new()
        .get(url)
        .timeout(Duration::from_secs(2))
        .send()
        .ok()
        .filter(|r| r.status().is_success())
        .map(|_| ())
}

/// The demo form's result box and button, as the page shows them.
const RESULT_STATE: &str = r#"
const out = document.querySelector('#sign-demo [data-sign-result]');
const button = document.querySelector('#sign-demo button[type=submit]');
const link = out.querySelector('a[data-signature-id]');
const install = out.querySelector('a[rel=noopener]');
return {cls: out.className, code: out.dataset.code || null, text: out.textContent,
        busy: button.disabled, record: link ? link.href : null,
        install: install ? install.href : null};
"#;

/// Clicks «Подписать» and waits until the page has finished the act and `done` holds.
async fn sign_and_wait(
    c: &Client,
    done: impl Fn(&Value) -> bool,
) -> Result<Value, fantoccini::error::CmdError> {
    c.find(Locator::Css("#sign-demo button[type=submit]"))
        .await?
        .click()
        .await?;
    let started = Instant::now();
    loop {
        let state = c.execute(RESULT_STATE, vec![]).await?;
        if state["busy"] == false && done(&state) {
            return Ok(state);
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the page did not finish: {state}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
fn browser_sig_demo_sign_through_the_local_signer() {
    let Some((driver_bin, browser_bin)) = chromium_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let pki_dir = tmp.path().join("pki");
    let pki = pki_dir.to_str().unwrap();

    // The test PKI, its OCSP/CRL/TSA services at the URL its certificates carry (SIG-64) and
    // the signer on plain ws:// with a control port (SIG-69 way 1), as a developer runs them.
    let pki_port = free_port();
    let out = Command::new(BIN)
        .args(["pki", "init", "--dir", pki])
        .args(["--base-url", &format!("http://127.0.0.1:{pki_port}")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let services = Proc::spawn(Command::new(BIN).args([
        "pki",
        "serve",
        "--dir",
        pki,
        "--listen",
        &format!("127.0.0.1:{pki_port}"),
    ]));
    let (signer_port, control_port) = (free_port(), free_port());
    let signer = Proc::spawn(Command::new(BIN).args([
        "signer",
        "--dir",
        pki,
        "--plain",
        "--listen",
        &format!("127.0.0.1:{signer_port}"),
        "--control",
        &format!("127.0.0.1:{control_port}"),
    ]));
    let control = format!("http://127.0.0.1:{control_port}");
    wait_until("the signer's control port", 60, || {
        http_ok(&format!("{control}/requests"))
    });
    wait_until("pki serve", 60, || {
        http_ok(&format!("http://127.0.0.1:{pki_port}/control"))
    });

    let db_args = database_args();
    let signer_url = format!("ws://127.0.0.1:{signer_port}");
    let server = Server::start(
        &tmp.path().join("data"),
        &db_args,
        &["--pki-dir", pki, "--signer-url", &signer_url],
    );
    server.wait_ready();

    let persona = pki::testkit::TestPki::open(&pki_dir)
        .unwrap()
        .persona("ind-sign")
        .unwrap()
        .clone();
    let (driver, port) = start_driver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut signer = Some(signer);
    rt.block_on(async {
        let c = session(port, &browser_bin, profile.path()).await;
        let result = async {
            c.goto(&format!("{}/demo/sign?lang=ru", server.base))
                .await?;
            // The status line: the module's probe got the signer's greeting.
            c.wait()
                .for_element(Locator::Css("[data-sign-status][data-running='true']"))
                .await?;

            // Sign a typed text: the page shows the signer and a link to the stored record.
            let text = "Проверка подписи через tauar signer, №42";
            let area = c.find(Locator::Id("sign-text")).await?;
            area.clear().await?;
            area.send_keys(text).await?;
            let state = sign_and_wait(&c, |s| {
                s["cls"].as_str().is_some_and(|c| c.contains("ok")) || s["code"].is_string()
            })
            .await?;
            let shown = state["text"].as_str().unwrap_or_default();
            assert!(state["code"].is_null(), "signing failed: {state}");
            assert!(shown.contains("Подписано и проверено"), "{state}");
            for part in [&persona.last_name, &persona.first_name, &persona.iin] {
                let part = part.as_deref().unwrap();
                assert!(shown.contains(part), "{part} missing: {state}");
            }
            let record_url = state["record"].as_str().expect("a link to the record");
            assert!(record_url.contains("/api/v1/signatures/"), "{record_url}");

            // The stored record through the API: the typed text is in the signed TBS.
            let record: Value = reqwest::get(record_url)
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(record["purpose"], "demo.document", "{record}");
            assert!(record["tbs"].to_string().contains(text), "{record}");
            eprintln!(
                "demo act recorded, revocation by {}",
                record["revocation_source"]
            );

            // What the page asked the signer for (AS-34): the signing EKU, one basics request.
            let log: Vec<Value> = reqwest::get(format!("{control}/requests"))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let sign = log
                .iter()
                .find(|e| e["method"] == "sign")
                .expect("a basics.sign request");
            assert_eq!(sign["module"], "kz.gov.pki.knca.basics");
            assert_eq!(
                sign["params"]["signerParams"]["extKeyUsageOids"],
                json!(["1.3.6.1.5.5.7.3.4"])
            );
            assert_eq!(sign["params"]["format"], "cms");
            assert_eq!(sign["persona"], "ind-sign");
            assert_eq!(sign["outcome"], "signed");
            assert_eq!(sign["data_sha256"], record["tbs_sha256"]);

            // AS-32: the user cancels in the signer's dialog.
            let queued = reqwest::Client::new()
                .post(format!("{control}/next"))
                .json(&json!({"action": "cancel"}))
                .send()
                .await
                .unwrap();
            assert!(queued.status().is_success());
            let state = sign_and_wait(&c, |s| s["code"] == "NCALAYER_CANCELLED").await?;
            assert_eq!(
                state["text"], "Подписание отменено. Ничего не отправлено.",
                "{state}"
            );

            // AS-31: NCALayer (here the signer) is not running.
            if let Some(s) = signer.take() {
                s.stop();
            }
            let state = sign_and_wait(&c, |s| s["code"] == "NCALAYER_NOT_RUNNING").await?;
            let shown = state["text"].as_str().unwrap_or_default();
            assert!(
                shown.contains("Не удалось подключиться к NCALayer"),
                "{state}"
            );
            assert!(state["install"].is_string(), "the install link: {state}");
            Ok::<(), fantoccini::error::CmdError>(())
        }
        .await;
        let _ = c.close().await;
        result.unwrap();
    });
    drop(driver);
    drop(services);
}

/// Runs `script` (a function body returning JSON) until `done` holds for its value, at most
/// 60 seconds; returns the last value.
async fn wait_js(
    c: &Client,
    what: &str,
    script: &str,
    done: impl Fn(&Value) -> bool,
) -> Result<Value, fantoccini::error::CmdError> {
    let started = Instant::now();
    loop {
        let v = c.execute(script, vec![]).await?;
        if done(&v) {
            return Ok(v);
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}: {v}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What the login page shows: the visible step, the top and password messages, the busy bar.
const AUTH_STATE: &str = r#"
const visible = Array.from(document.querySelectorAll('[data-step]')).filter(s => !s.hidden).map(s => s.dataset.step);
const top = document.querySelector('[data-auth-message]');
const pm = document.querySelector('[data-password-message]');
const pe = document.querySelector('[data-error-for="login_password"]');
const signed = document.querySelector('[data-agreement-signed]');
const val = (id) => { const e = document.getElementById(id); return e ? e.value : null; };
return {
  step: visible[0] || null,
  busy: !document.querySelector('[data-busy]').hidden,
  top: top.hidden ? null : top.textContent, top_code: top.dataset.code || null,
  help: top.querySelector('a[href="/help/ecp"]') ? true : false,
  pwd_msg: pm.hidden ? null : pm.textContent, pwd_code: pm.dataset.code || null,
  pwd_err: pe.hidden ? null : pe.textContent,
  pwd_disabled: document.getElementById('login-password').disabled,
  forgot_disabled: document.querySelector('[data-forgot]').disabled,
  fio: document.querySelector('[data-password-fio]').textContent,
  iin: val('reg-iin'), reg_fio: val('reg-fio'), birth: val('reg-birth'), email: val('reg-email'),
  phone: val('reg-phone'),
  readonly: ['reg-iin', 'reg-fio', 'reg-birth'].every(id => document.getElementById(id).readOnly),
  rules: Array.from(document.querySelectorAll('[data-rule]')).map(li => li.dataset.ok === 'true'),
  agreement_text: (document.querySelector('[data-agreement-text]') || {}).textContent || '',
  signed: signed && !signed.hidden ? signed.textContent : null,
  sign_disabled: document.querySelector('[data-agreement-sign]').disabled,
  errors: Array.from(document.querySelectorAll('[data-error-for]')).filter(e => !e.hidden).map(e => e.dataset.errorFor + ': ' + e.textContent),
  done: document.querySelector('[data-done-message]').textContent,
  running: (document.querySelector('[data-sign-status]') || {dataset: {}}).dataset.running || null,
};
"#;

async fn auth_state(
    c: &Client,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Result<Value, fantoccini::error::CmdError> {
    wait_js(c, what, AUTH_STATE, |s| s["busy"] == false && done(s)).await
}

async fn click(c: &Client, css: &str) -> Result<(), fantoccini::error::CmdError> {
    c.find(Locator::Css(css)).await?.click().await
}

async fn type_into(c: &Client, css: &str, text: &str) -> Result<(), fantoccini::error::CmdError> {
    let e = c.find(Locator::Css(css)).await?;
    e.clear().await?;
    e.send_keys(text).await
}

/// The first `http…/auth/activate/…` link of a mail body.
fn activation_link(body: &str) -> String {
    let i = body.find("/auth/activate/").expect("an activation link");
    let start = body[..i].rfind("http").expect("an absolute link");
    body[start..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap()
        .trim_end_matches('.')
        .to_string()
}

/// AS-1, AS-9, AS-13, AS-14, AS-19, AS-20 through the pages in Chromium: «Войти» with
/// `tauar signer` as NCALayer (the authentication key for the certificate step, the same
/// person's signing key for the agreement), the registration form, the activation mail (from
/// the SMTP receiver when `.ci/run` started one), the activation link, the certificate →
/// password login into the cabinet, «Выйти»; then five wrong passwords lock the login, and
/// with NCALayer gone the page says so and links the help page.
#[test]
fn browser_acc_register_activate_login_and_lock() {
    let Some((driver_bin, browser_bin)) = chromium_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let pki_dir = tmp.path().join("pki");
    let pki = pki_dir.to_str().unwrap();
    let pki_port = free_port();
    let out = Command::new(BIN)
        .args(["pki", "init", "--dir", pki])
        .args(["--base-url", &format!("http://127.0.0.1:{pki_port}")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let services = Proc::spawn(Command::new(BIN).args([
        "pki",
        "serve",
        "--dir",
        pki,
        "--listen",
        &format!("127.0.0.1:{pki_port}"),
    ]));
    // `--persona ind-auth` answers the certificate step; the agreement's challenge asks for a
    // signing key of the same ИИН, which ind-auth is not, so the signer picks `ind-sign`, the
    // first persona that matches (SIG-67).
    let (signer_port, control_port) = (free_port(), free_port());
    let signer = Proc::spawn(Command::new(BIN).args([
        "signer",
        "--dir",
        pki,
        "--plain",
        "--persona",
        "ind-auth",
        "--listen",
        &format!("127.0.0.1:{signer_port}"),
        "--control",
        &format!("127.0.0.1:{control_port}"),
    ]));
    let control = format!("http://127.0.0.1:{control_port}");
    wait_until("the signer's control port", 60, || {
        http_ok(&format!("{control}/requests"))
    });
    wait_until("pki serve", 60, || {
        http_ok(&format!("http://127.0.0.1:{pki_port}/control"))
    });

    let data_dir = tmp.path().join("data");
    let signer_url = format!("ws://127.0.0.1:{signer_port}");
    let mut args = vec!["--pki-dir", pki, "--signer-url", &signer_url];
    let smtp = std::env::var("TAUAR_TEST_SMTP_URL")
        .ok()
        .filter(|s| !s.is_empty());
    let maildir = std::env::var("TAUAR_TEST_MAILDIR")
        .ok()
        .filter(|s| !s.is_empty());
    let mailbox = match (&smtp, &maildir) {
        (Some(url), Some(dir)) => {
            args.extend(["--smtp-url", url.as_str()]);
            notify::testing::Mailbox::maildir(dir)
        }
        _ => notify::testing::Mailbox::dir(data_dir.join("mail")),
    };
    let db_args = database_args();
    let server = Server::start(&data_dir, &db_args, &args);
    server.wait_ready();

    let pki_book = pki::testkit::TestPki::open(&pki_dir).unwrap();
    let persona = pki_book.persona("ind-auth").unwrap().clone();
    let full_name = [
        &persona.last_name,
        &persona.first_name,
        &persona.middle_name,
    ]
    .into_iter()
    .filter_map(|p| p.as_deref())
    .collect::<Vec<_>>()
    .join(" ");
    let iin = persona.iin.clone().unwrap();
    let email = notify::testing::unique_address("ind-auth");

    let (driver, port) = start_driver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut signer = Some(signer);
    rt.block_on(async {
        let c = session(port, &browser_bin, profile.path()).await;
        let result = async {
            let base = &server.base;
            c.goto(&format!("{base}/auth/login?lang=ru")).await?;
            auth_state(&c, "the signer's greeting", |s| s["running"] == "true").await?;

            // ACC-136: a cancelled key choice leaves the page as it was, without a message.
            reqwest::Client::new()
                .post(format!("{control}/next"))
                .json(&json!({"action": "cancel"}))
                .send()
                .await
                .unwrap();
            click(&c, "[data-key=login]").await?;
            let s = auth_state(&c, "the cancelled choice", |s| s["step"] == "key").await?;
            assert!(s["top"].is_null(), "no message after a cancel: {s}");

            // AS-1: «Выберите ключ» with the authentication key → the registration form.
            click(&c, "[data-key=login]").await?;
            let s = auth_state(&c, "the registration form", |s| {
                s["step"] == "register" && s["agreement_text"].as_str().is_some_and(|t| t.len() > 100)
            })
            .await?;
            assert_eq!(s["iin"], iin.as_str(), "{s}");
            assert_eq!(s["reg_fio"], full_name.as_str(), "{s}");
            assert!(s["readonly"] == true, "ИИН, ФИО, birth date are read-only: {s}");
            assert!(
                s["birth"].as_str().is_some_and(|b| b.len() == 10 && b.as_bytes()[2] == b'.'),
                "DD.MM.YYYY: {s}"
            );
            if let Some(e) = &persona.email {
                assert_eq!(s["email"], e.as_str(), "pre-filled from the certificate: {s}");
            }
            type_into(&c, "#reg-email", &email).await?;
            type_into(&c, "#reg-phone", "7011234567").await?;
            type_into(&c, "#reg-password", "tauar").await?;
            let s = auth_state(&c, "the checklist", |_| true).await?;
            assert_eq!(s["rules"], json!([false, true, false, false]), "{s}");
            type_into(&c, "#reg-password", "Tauar2026").await?;
            type_into(&c, "#reg-password2", "Tauar2027").await?;
            let s = auth_state(&c, "the checklist", |_| true).await?;
            assert_eq!(s["phone"], "+7 (701) 123 45 67", "the mask: {s}");
            assert_eq!(s["rules"], json!([true, true, true, true]), "{s}");

            // Every error under its field at once (ACC-41): the mismatch and the agreement.
            click(&c, "[data-register-submit]").await?;
            let s = auth_state(&c, "the field errors", |s| {
                s["errors"].as_array().is_some_and(|e| !e.is_empty())
            })
            .await?;
            assert_eq!(
                s["errors"],
                json!([
                    "agreement: Необходимо подписать пользовательское соглашение",
                    "password_confirmation: Пароли не совпадают"
                ]),
                "{s}"
            );
            type_into(&c, "#reg-password2", "Tauar2026").await?;

            // «Подписать» with the same person's signing key → «Соглашение подписано».
            click(&c, "[data-agreement-sign]").await?;
            let s = auth_state(&c, "the signed agreement", |s| {
                !s["signed"].is_null() || s["errors"].as_array().is_some_and(|e| !e.is_empty())
            })
            .await?;
            assert_eq!(s["signed"], "Соглашение подписано", "{s}");
            assert!(s["sign_disabled"] == true, "«Подписать» is disabled: {s}");
            click(&c, "[data-register-submit]").await?;
            let s = auth_state(&c, "the registration", |s| {
                s["step"] == "done" || s["errors"].as_array().is_some_and(|e| !e.is_empty())
            })
            .await?;
            assert_eq!(s["step"], "done", "{s}");
            assert!(s["done"].as_str().unwrap().contains(&email), "{s}");
            c.find(Locator::LinkText("Авторизуйтесь")).await?;

            // The activation mail and its link (AS-9).
            let mail = wait_until("E-ACTIVATION", 60, || {
                mailbox
                    .messages_to(&email)
                    .ok()
                    .and_then(|m| m.into_iter().next())
            });
            assert!(
                mail.body.starts_with(&format!("Уважаемый(ая) {full_name}!")),
                "{}",
                mail.body
            );
            let link = activation_link(&mail.body);
            assert!(link.starts_with(base.as_str()), "{link}");
            c.goto(&link).await?;
            let text = c.find(Locator::Css("[data-message]")).await?.text().await?;
            assert_eq!(
                text,
                "Адрес электронной почты подтвержден, учетная запись активирована. Повторите вход в кабинет"
            );
            c.find(Locator::Css("main a[href='/auth/login']"))
                .await?
                .click()
                .await?;

            // AS-14: certificate, then the password → the cabinet.
            auth_state(&c, "the login page", |s| {
                s["step"] == "key" && s["running"] == "true"
            })
            .await?;
            click(&c, "[data-key=login]").await?;
            let s = auth_state(&c, "the password page", |s| s["step"] == "password").await?;
            assert_eq!(s["fio"], full_name.as_str(), "{s}");
            let forgot = c.find(Locator::Css("[data-forgot]")).await?.text().await?;
            assert_eq!(forgot, "Забыли пароль?");
            type_into(&c, "#login-password", "Tauar2026").await?;
            click(&c, "[data-password-submit]").await?;
            let cabinet = c.wait().for_element(Locator::Id("cabinet")).await?.text().await?;
            assert!(cabinet.contains(&iin), "{cabinet}");
            assert!(cabinet.contains("+7 (701) 123 45 67"), "{cabinet}");
            assert!(c.current_url().await?.as_str().ends_with("/cabinet"));
            let name = c
                .find(Locator::Css("[data-account-name]"))
                .await?
                .text()
                .await?;
            assert_eq!(name, full_name);
            click(&c, "[data-logout-main]").await?;
            c.wait()
                .for_element(Locator::Css("[data-account-login]"))
                .await?;

            // AS-19, AS-20: wrong passwords count down, the fifth locks the login.
            c.goto(&format!("{base}/auth/login?lang=ru")).await?;
            auth_state(&c, "the signer's greeting", |s| s["running"] == "true").await?;
            click(&c, "[data-key=login]").await?;
            auth_state(&c, "the password page", |s| s["step"] == "password").await?;
            for n in (1..=4).rev() {
                type_into(&c, "#login-password", "Tauar2025").await?;
                click(&c, "[data-password-submit]").await?;
                let want = format!("Неверный пароль. Осталось попыток: {n}");
                let s = auth_state(&c, "the wrong-password message", |s| {
                    s["pwd_err"] == want.as_str()
                })
                .await?;
                assert!(s["pwd_msg"].is_null(), "{s}");
            }
            type_into(&c, "#login-password", "Tauar2025").await?;
            click(&c, "[data-password-submit]").await?;
            let s = auth_state(&c, "the lock", |s| s["pwd_code"] == "MSG-LOCKED").await?;
            let shown = s["pwd_msg"].as_str().unwrap();
            assert!(
                shown.starts_with("Вход заблокирован на 10 минут после 5 неверных попыток ввода пароля. Повторите вход после "),
                "{s}"
            );
            assert!(shown.ends_with("или воспользуйтесь ссылкой «Забыли пароль?»"), "{s}");
            assert!(s["pwd_disabled"] == true, "the password field is disabled: {s}");
            assert!(s["forgot_disabled"] == false, "«Забыли пароль?» stays active: {s}");

            // AS-13: NCALayer (here the signer) is not running.
            if let Some(s) = signer.take() {
                s.stop();
            }
            c.goto(&format!("{base}/auth/login?lang=ru")).await?;
            auth_state(&c, "the status line", |s| s["running"] == "false").await?;
            click(&c, "[data-key=login]").await?;
            let s = auth_state(&c, "the NCALayer message", |s| !s["top"].is_null()).await?;
            assert_eq!(s["top_code"], "MSG-NCALAYER-DOWN", "{s}");
            assert!(
                s["top"].as_str().unwrap().starts_with(
                    "Не удалось подключиться к NCALayer. Убедитесь, что программа NCALayer запущена, и обновите страницу"
                ),
                "{s}"
            );
            assert!(s["help"] == true, "the help link: {s}");
            click(&c, "[data-auth-message] a[href='/help/ecp']").await?;
            let h1 = c.wait().for_element(Locator::Css("h1")).await?.text().await?;
            assert_eq!(h1, "Подготовка к работе с ЭЦП");
            Ok::<(), fantoccini::error::CmdError>(())
        }
        .await;
        let _ = c.close().await;
        result.unwrap();
    });
    drop(driver);
    drop(services);
}
