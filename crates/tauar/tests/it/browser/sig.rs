//! The ЭЦП demo page signing through `ncalayer-2.js` against `tauar signer` (SIG-35, SIG-69
//! way 1, AS-31, AS-32, AS-34), and with `--signing-tsa` a timestamped act (SIG-45, SIG-57).

use super::{Signing, chromium_or_skip, session, start_driver, start_signing};
use crate::process::{Server, database_args};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

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
    // The test PKI with its services and the signer with a control port (SIG-69 way 1).
    let Signing {
        signer,
        services,
        signer_url,
        control,
        pki_dir,
        tmp,
    } = start_signing();
    let pki = pki_dir.to_str().unwrap();

    let db_args = database_args();
    let server = Server::start(
        &tmp.path().join("data"),
        &db_args,
        &["--pki-dir", pki, "--signer-url", &signer_url],
    );
    // A second server with `signing.tsa = true` (SIG-57), started alongside.
    let tsa_db_args = database_args();
    let tsa_server = Server::start(
        &tmp.path().join("data-tsa"),
        &tsa_db_args,
        &[
            "--pki-dir",
            pki,
            "--signer-url",
            &signer_url,
            "--signing-tsa",
        ],
    );
    server.wait_ready();
    tsa_server.wait_ready();

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
            // SIG-45: no timestamp asked for by default, so T is the server's time.
            assert_eq!(record["time_source"], "server", "{record}");
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
            assert_eq!(
                sign["params"]["signingParams"],
                json!({"decode": true, "encapsulate": true, "digested": false}),
                "SIG-30: no tsaProfile by default"
            );

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

            // SIG-45, SIG-57: with `--signing-tsa` the page asks for a timestamp and the act is
            // stored as CAdES-T with T = genTime (source `tsp`).
            c.goto(&format!("{}/demo/sign?lang=ru", tsa_server.base))
                .await?;
            c.wait()
                .for_element(Locator::Css("[data-sign-status][data-running='true']"))
                .await?;
            let area = c.find(Locator::Id("sign-text")).await?;
            area.clear().await?;
            area.send_keys("Подпись с меткой времени").await?;
            let state = sign_and_wait(&c, |s| {
                s["cls"].as_str().is_some_and(|c| c.contains("ok")) || s["code"].is_string()
            })
            .await?;
            assert!(
                state["code"].is_null(),
                "signing with a timestamp failed: {state}"
            );
            let record_url = state["record"].as_str().expect("a link to the record");
            assert!(record_url.starts_with(&tsa_server.base), "{record_url}");
            let record: Value = reqwest::get(record_url)
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(record["time_source"], "tsp", "{record}");
            let log: Vec<Value> = reqwest::get(format!("{control}/requests"))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let sign = log
                .iter()
                .find(|e| e["method"] == "sign" && e["data_sha256"] == record["tbs_sha256"])
                .expect("the timestamped basics.sign request");
            assert_eq!(
                sign["params"]["signingParams"],
                json!({"decode": true, "encapsulate": true, "digested": false, "tsaProfile": {}}),
                "{sign}"
            );
            assert_eq!(sign["outcome"], "signed");

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
    drop(tsa_server);
    drop(services);
}
