//! The catalogue pages in Chromium: statistics, a search with a typo, a code page, the
//! language switch.

use super::{chromium_or_skip, session, start_driver};
use crate::process::{Server, database_args};
use fantoccini::Locator;

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
