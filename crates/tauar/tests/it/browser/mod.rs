//! Browser tests in headless Chromium (Debian `chromium` + `chromium-driver`, installed by
//! `.ci/run`), one file per flow: [`home`] (the home page with its statistics, a search with a
//! typo and its suggestion, a code page with its QR code, the language switch), [`sig`] (the
//! ЭЦП demo page signing through the real `ncalayer-2.js` against `tauar signer`: SIG-35,
//! SIG-69 way 1, AS-31, AS-32, AS-34), [`acc`] (registration, activation, login, a
//! participant with its bank account, a join request approved, the lockout) and [`ens`] (the
//! ЕНС ТРУ Requests module: «Войти с помощью ЭЦП» and the access request signed through
//! `ens-2.js`, its accreditation, the staff screens; AS-65, AS-67…AS-69). This file holds
//! the shared driver: processes, the test PKI with `tauar signer`, the Chromium session,
//! waiting and typing helpers.
//!
//! Without Chromium the tests say they were skipped; `.ci/run` sets `TAUAR_E2E=1`, which turns
//! a missing browser into a failure.

use crate::process::{BIN, free_port};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

mod acc;
mod ens;
mod home;
mod sig;
use std::time::{Duration, Instant};

/// A child process (chromedriver, `tauar signer`, `tauar pki serve`), killed when dropped.
pub(super) struct Proc(Child);

impl Proc {
    pub(super) fn spawn(cmd: &mut Command) -> Proc {
        Proc(
            cmd.stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap(),
        )
    }

    pub(super) fn stop(mut self) {
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

/// The test PKI in a temporary folder, its OCSP/CRL/TSA services (`tauar pki serve`) at the URL
/// its certificates carry (SIG-64) and `tauar signer` on plain ws:// with a control port
/// (SIG-69 way 1), as a developer runs them. No `--persona`: before a key dialog a test may
/// queue the persona a user would pick (SIG-67, SIG-68) through `control`.
pub(super) struct Signing {
    /// `tauar signer`; a test stops it to see NCALayer gone.
    pub signer: Proc,
    /// `tauar pki serve`.
    pub services: Proc,
    /// The signer's address for `--signer-url`.
    pub signer_url: String,
    /// The signer's control address (`/requests`, `/next`).
    pub control: String,
    pub pki_dir: PathBuf,
    /// The temporary folder: `pki/`, and room for the server's data.
    pub tmp: tempfile::TempDir,
}

/// Creates the test PKI and starts its services and the signer; returns once both answer.
pub(super) fn start_signing() -> Signing {
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
    Signing {
        signer,
        services,
        signer_url: format!("ws://127.0.0.1:{signer_port}"),
        control,
        pki_dir,
        tmp,
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
pub(super) fn chromium_or_skip() -> Option<(String, String)> {
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
pub(super) fn start_driver(driver_bin: &str) -> (Proc, u16) {
    let port = free_port();
    let mut cmd = Command::new(driver_bin);
    cmd.arg(format!("--port={port}")).stderr(Stdio::null());
    let driver = Proc(cmd.stdout(Stdio::null()).spawn().unwrap());
    (driver, port)
}

/// A headless Chromium session through the chromedriver on `port`.
pub(super) async fn session(port: u16, browser_bin: &str, profile: &Path) -> Client {
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

/// Polls `f` every 100 ms until it returns `Some` (at most `secs` seconds).
pub(super) fn wait_until<T>(what: &str, secs: u64, f: impl Fn() -> Option<T>) -> T {
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

pub(super) fn http_ok(url: &str) -> Option<()> {
    reqwest::blocking::Client::new()
        .get(url)
        .timeout(Duration::from_secs(2))
        .send()
        .ok()
        .filter(|r| r.status().is_success())
        .map(|_| ())
}

/// Runs `script` (a function body returning JSON) until `done` holds for its value, at most
/// 60 seconds; returns the last value.
pub(super) async fn wait_js(
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

pub(super) async fn click(c: &Client, css: &str) -> Result<(), fantoccini::error::CmdError> {
    c.find(Locator::Css(css)).await?.click().await
}

pub(super) async fn type_into(
    c: &Client,
    css: &str,
    text: &str,
) -> Result<(), fantoccini::error::CmdError> {
    let e = c.find(Locator::Css(css)).await?;
    e.clear().await?;
    e.send_keys(text).await
}

/// The first `http…/auth/activate/…` link of a mail body.
pub(super) fn activation_link(body: &str) -> String {
    let i = body.find("/auth/activate/").expect("an activation link");
    let start = body[..i].rfind("http").expect("an absolute link");
    body[start..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap()
        .trim_end_matches('.')
        .to_string()
}

/// Where the server's mail goes and how a test reads it: through the SMTP receiver `.ci/run`
/// starts (`TAUAR_TEST_SMTP_URL` and its Maildir `TAUAR_TEST_MAILDIR`; only mail from now on),
/// or, without one, the server's file mailbox in `data_dir/mail`. Returns the `serve` arguments
/// it needs.
pub(super) fn mail_sink(data_dir: &Path) -> (Vec<String>, notify::testing::Mailbox) {
    let env = |k| std::env::var(k).ok().filter(|s: &String| !s.is_empty());
    match (env("TAUAR_TEST_SMTP_URL"), env("TAUAR_TEST_MAILDIR")) {
        (Some(url), Some(dir)) => (
            vec!["--smtp-url".to_string(), url],
            notify::testing::Mailbox::maildir(dir).since_now(),
        ),
        _ => (
            Vec::new(),
            notify::testing::Mailbox::dir(data_dir.join("mail")),
        ),
    }
}
