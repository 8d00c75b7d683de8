//! Browser smoke test in headless Chromium (Debian `chromium` + `chromium-driver`, installed by
//! `.ci/run`): the home page with its statistics, a search with a typo and its suggestion, a
//! code page with its QR code, and the language switch.
//!
//! Without Chromium the test says it was skipped; `.ci/run` sets `TAUAR_E2E=1`, which turns a
//! missing browser into a failure.

use crate::process::{Server, database_args, free_port};
use fantoccini::{ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Driver(Child);

impl Drop for Driver {
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

#[test]
fn browser_home_search_with_typo_and_code_page() {
    let Some((driver_bin, browser_bin)) = chromium() else {
        assert!(
            std::env::var_os("TAUAR_E2E").is_none(),
            "TAUAR_E2E is set but Chromium/chromedriver are not installed"
        );
        eprintln!("skipped: chromium and chromedriver are not installed (.ci/run installs them)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db_args = database_args();
    let server = Server::start(dir.path(), &db_args, &["--demo", "--goods", "3000"]);
    server.wait_ready();

    let port = free_port();
    let driver = Driver(
        Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": browser_bin,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.path().display())]
            }),
        );
        let mut client = None;
        for _ in 0..50 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        let c = client.expect("chromedriver session");
        let result = async {
            // Home page: the statistics block of CAT-129.
            c.goto(&format!("{}/?lang=ru", server.base)).await?;
            let stats = c.wait().for_element(Locator::Id("stats")).await?.text().await?;
            assert!(stats.contains("Общее количество товаров"), "{stats}");
            assert!(stats.contains("3 000"), "{stats}");

            // A search with a typo: «молако» (15 characters) → «Возможно, вы искали: молоко».
            c.goto(&format!("{}/search", server.base)).await?;
            let input = c.find(Locator::Css("input[name=q]")).await?;
            input.send_keys("молако").await?;
            c.find(Locator::Id("search15")).await?.click().await?;
            let suggest = c.wait().for_element(Locator::Id("suggestions")).await?.text().await?;
            assert!(suggest.contains("молоко"), "{suggest}");
            let url = c.current_url().await?;
            assert!(url.as_str().contains("mode=15"), "the state is in the URL: {url}");

            // Open a found code: a group first when there are several.
            if c.find(Locator::Id("groups")).await.is_ok() {
                c.find(Locator::Css("#groups a")).await?.click().await?;
            }
            let link = c.wait().for_element(Locator::Css("#results tbody a")).await?;
            let code = link.text().await?;
            link.click().await?;
            let h1 = c.wait().for_element(Locator::Css("h1")).await?.text().await?;
            assert!(h1.contains(&code), "{h1}");
            let qr = c.find(Locator::Css(".qr svg")).await?;
            assert!(qr.attr("viewBox").await?.is_some() || qr.attr("width").await?.is_some());

            // The language switch keeps the page and changes the language.
            c.find(Locator::Css(".langs a[lang=kk]")).await?.click().await?;
            let html_lang = c.wait().for_element(Locator::Css("html[lang=kk]")).await?;
            let _ = html_lang;
            let page = c.source().await?;
            assert!(page.contains("Атрибуттар"), "Kazakh labels on the code page");
            Ok::<(), fantoccini::error::CmdError>(())
        }
        .await;
        let _ = c.close().await;
        result.unwrap();
    });
    drop(driver);
}
