//! The ЕНС ТРУ Requests module in Chromium with `tauar signer` as NCALayer (spec/accounts.md
//! §3.4, §3.12, §5.9 ACC-152; AS-65, AS-67, AS-68, AS-69; spec/catalog.md CAT-151, CAT-179):
//! the two flows of `ens-2.js` — «Войти с помощью ЭЦП» of `/ens/login` (a cancelled key
//! choice, two refusals shown in Russian that open no session, then ДОСОВА with `C-DOS-A` on
//! the module home) and «Подать заявку» of `/ens/request` (НУРЛАНОВ with `C-NUR-A`, a power of
//! attorney, the agreement ticked, the act signed with `C-NUR-S` over the file's SHA-256, the
//! request «Подана» in «Мои заявки») — and the staff screens around them: the ЕНС ТРУ
//! administrator enters «ТОО «Тауар Сервис»» in «Организации ЕНС ТРУ» (AS-65), the authorized
//! body accredits the request from its queue (AS-68, E-ENS-ACCREDITED) and НУРЛАНОВ enters the
//! module with his own password; the cabinet menu items of `AUTH_BODY` and `ENS_ADMIN` open
//! `/ens/admin/requests`, `/ens/admin/organisations` and `/ens/admin/users`.
//!
//! Data: `serve --demo` (F-BASE of §9.0 plus ДОСОВА accredited in «АО «ДЗО-Тест»») and the
//! F-CERT keys of the test PKI, whose persona names are the spec's certificate ids.

use super::{
    Signing, chromium_or_skip, click, mail_sink, session, start_driver, start_signing, type_into,
    wait_js, wait_until,
};
use crate::process::{Server, database_args};
use base64ct::{Base64, Encoding};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use std::time::Instant;

type Step = Result<(), fantoccini::error::CmdError>;

/// F-BASE's password of every demo account.
const PASSWORD: &str = "Tauar2026";

/// What the module's login page shows: the signer status, the button, the message of
/// `ens-2.js`; on any other page only where the browser is.
const ENS_LOGIN_STATE: &str = r#"
const f = document.querySelector('[data-ens-login]');
const out = document.querySelector('[data-sign-error]');
const st = f ? f.querySelector('[data-sign-status]') : null;
return {
  path: location.pathname,
  running: st ? (st.dataset.running || null) : null,
  busy: f ? f.querySelector('[data-login-cert]').disabled : null,
  message: out && !out.hidden ? out.textContent : null,
  kind: out ? out.className : null,
  code: out ? (out.dataset.code || null) : null,
  session: !!document.querySelector('[data-session]'),
};
"#;

/// Records the challenge the page fetches (its TBS is what the signer signs) in
/// `sessionStorage`, which outlives the form's submission.
const RECORD_CHALLENGE: &str = r#"
if (!window.__tauarHooked) {
  window.__tauarHooked = true;
  const orig = window.fetch.bind(window);
  window.fetch = async (...args) => {
    const r = await orig(...args);
    if (String(args[0]).includes('/api/v1/signatures/challenges')) {
      try { sessionStorage.setItem('tauar-challenge', JSON.stringify(await r.clone().json())); }
      catch (_) { /* not JSON: the test fails on the missing record */ }
    }
    return r;
  };
}
return true;
"#;

/// The personas of the signer's next key dialog (SIG-68).
async fn next_key(control: &str, persona: &str) {
    let r = reqwest::Client::new()
        .post(format!("{control}/next"))
        .json(&json!({ "persona": persona, "action": "sign" }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{persona}");
}

async fn next_cancel(control: &str) {
    let r = reqwest::Client::new()
        .post(format!("{control}/next"))
        .json(&json!({ "action": "cancel" }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}

/// The signer's log (`GET /requests`).
async fn signer_log(control: &str) -> Vec<Value> {
    reqwest::get(format!("{control}/requests"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The `Cookie` header of the browser's cookies for the server.
async fn cookies(c: &Client) -> Result<String, fantoccini::error::CmdError> {
    Ok(c.get_all_cookies()
        .await?
        .iter()
        .map(|k| format!("{}={}", k.name(), k.value()))
        .collect::<Vec<_>>()
        .join("; "))
}

/// A GET with the browser's session: (status, body).
async fn get_as(c: &Client, url: &str) -> Result<(u16, String), fantoccini::error::CmdError> {
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(url)
        .header("Cookie", cookies(c).await?)
        .header("Accept-Language", "ru")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    Ok((status, r.text().await.unwrap()))
}

/// «Войти с помощью ЭЦП» on `/ens/login` with `account` and the key `persona`; returns the
/// page's state once the act is over (a message, or the module home).
async fn ens_cert_login(
    c: &Client,
    control: &str,
    account: &str,
    persona: Option<&str>,
) -> Result<Value, fantoccini::error::CmdError> {
    wait_js(c, "the signer's greeting", ENS_LOGIN_STATE, |s| {
        s["running"] == "true"
    })
    .await?;
    match persona {
        Some(p) => next_key(control, p).await,
        None => next_cancel(control).await,
    }
    type_into(c, "#ens-account", account).await?;
    click(c, "[data-login-cert]").await?;
    wait_js(
        c,
        "the end of «Войти с помощью ЭЦП»",
        ENS_LOGIN_STATE,
        |s| {
            s["session"] == true
                || (s["busy"] == false && s["kind"].as_str().is_some_and(|k| k.contains("error")))
        },
    )
    .await
}

/// The module home is closed to this browser: `/ens` leads to the module's login page.
async fn no_module_session(c: &Client, base: &str) -> Step {
    c.goto(&format!("{base}/ens")).await?;
    let s = wait_js(c, "the login page", ENS_LOGIN_STATE, |s| {
        s["path"] == "/ens/login"
    })
    .await?;
    assert!(s["session"] == false, "{s}");
    assert!(
        c.find(Locator::Css("[data-account-login]")).await.is_ok(),
        "nobody is logged in"
    );
    Ok(())
}

/// The platform's «Войти»: the certificate `persona`, then the password → the cabinet.
async fn platform_login(c: &Client, base: &str, control: &str, persona: &str) -> Step {
    c.goto(&format!("{base}/auth/login?lang=ru")).await?;
    wait_js(
        c,
        "the signer's greeting",
        "const s = document.querySelector('[data-sign-status]'); return s ? (s.dataset.running || null) : null;",
        |v| v == "true",
    )
    .await?;
    next_key(control, persona).await;
    click(c, "[data-key=login]").await?;
    wait_js(
        c,
        "the password step",
        "const p = document.querySelector('[data-step=password]'); return !!p && !p.hidden;",
        |v| v == true,
    )
    .await?;
    type_into(c, "#login-password", PASSWORD).await?;
    click(c, "[data-password-submit]").await?;
    c.wait().for_element(Locator::Id("cabinet")).await?;
    Ok(())
}

async fn platform_logout(c: &Client) -> Step {
    click(c, "[data-logout]").await?;
    c.wait()
        .for_element(Locator::Css("[data-account-login]"))
        .await?;
    Ok(())
}

/// The links of the cabinet's menus (`#profile-links`: the staff screens; `#cabinet-menu`: the
/// participant items): (data-menu, path).
async fn cabinet_menu(c: &Client) -> Result<Vec<(String, String)>, fantoccini::error::CmdError> {
    let v = c
        .execute(
            "return Array.from(document.querySelectorAll('#profile-links a, #cabinet-menu a')).map(a => [a.dataset.menu || '', a.getAttribute('href') || '']);",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect())
}

/// Follows the cabinet's ЕНС ТРУ items of a staff session: each lands on its page with
/// its heading, and answers 200 to the same session.
async fn staff_items(c: &Client, base: &str, want: &[(&str, &str, &str)]) -> Step {
    c.goto(&format!("{base}/cabinet")).await?;
    let menu = cabinet_menu(c).await?;
    let ens: Vec<(String, String)> = menu
        .iter()
        .filter(|(_, href)| href.starts_with("/ens/admin/"))
        .cloned()
        .collect();
    let expected: Vec<(String, String)> = want
        .iter()
        .map(|(id, href, _)| (id.to_string(), href.to_string()))
        .collect();
    assert_eq!(ens, expected, "the ЕНС ТРУ items of the cabinet");
    for (id, href, h1) in want {
        c.goto(&format!("{base}/cabinet")).await?;
        click(c, &format!("#profile-links a[data-menu='{id}']")).await?;
        let title = c
            .wait()
            .for_element(Locator::Css("main h1"))
            .await?
            .text()
            .await?;
        assert_eq!(title, *h1, "{href}");
        assert_eq!(c.current_url().await?.path(), *href);
        let (st, _) = get_as(c, &format!("{base}{href}")).await?;
        assert_eq!(st, 200, "{href}");
        // The module's own menu on every staff page lists the same items.
        let own = c
            .execute(
                "return Array.from(document.querySelectorAll('#ens-admin-menu a')).map(a => a.getAttribute('href'));",
                vec![],
            )
            .await?;
        let own: Vec<&str> = own
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        let all: Vec<&str> = want.iter().map(|w| w.1).collect();
        assert_eq!(own, all, "#ens-admin-menu on {href}");
    }
    Ok(())
}

/// A PDF of about 20 KB (what the service sniffs is the `%PDF-` header).
fn power_of_attorney() -> Vec<u8> {
    let mut v = b"%PDF-1.4\n% Tauar test: power of attorney\n".to_vec();
    v.resize(20 * 1024, b'.');
    v.extend_from_slice(b"\n%%EOF\n");
    v
}

#[test]
fn browser_ens_as_67_as_68_as_69_cert_login_access_request_accreditation() {
    let Some((driver_bin, browser_bin)) = chromium_or_skip() else {
        return;
    };
    let started = Instant::now();
    let Signing {
        signer,
        services,
        signer_url,
        control,
        pki_dir,
        tmp,
    } = start_signing();
    let pki = pki_dir.to_str().unwrap();
    let data_dir = tmp.path().join("data");
    let mut args = vec![
        "--pki-dir",
        pki,
        "--signer-url",
        &signer_url,
        "--demo",
        "--goods",
        "100",
    ];
    let (mail_args, mailbox) = mail_sink(&data_dir);
    args.extend(mail_args.iter().map(String::as_str));
    let db_args = database_args();
    let server = Server::start(&data_dir, &db_args, &args);
    server.wait_ready();
    eprintln!("ens: server ready after {:?}", started.elapsed());

    let file_dir = tempfile::tempdir().unwrap();
    let file_path = file_dir.path().join("dover.pdf");
    let file = power_of_attorney();
    std::fs::write(&file_path, &file).unwrap();
    let file_sha = signatures::sha256_hex(&file);

    let (driver, port) = start_driver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let c = session(port, &browser_bin, profile.path()).await;
        let result = async {
            let base = server.base.as_str();

            // ---- «Войти с помощью ЭЦП» (ACC-61, AS-69, CAT-179) ----
            c.goto(&format!("{base}/ens/login?lang=ru")).await?;
            // A cancelled key choice: the page says so and nothing happens.
            let s = ens_cert_login(&c, &control, "dosova@dzo-test.kz", None).await?;
            assert_eq!(s["message"], "Подписание отменено", "{s}");
            assert_eq!(s["path"], "/ens/login", "{s}");
            // Check 2: an individual key of another person (АХМЕТОВ) for ДОСОВА's account.
            let s = ens_cert_login(&c, &control, "dosova@dzo-test.kz", Some("C-AHM-A")).await?;
            assert_eq!(
                s["message"], "ИИН в сертификате ЭЦП не совпадает с ИИН в профиле пользователя",
                "{s}"
            );
            assert_eq!(s["path"], "/ens/login", "{s}");
            // АХМЕТОВ's own key for his own account, which holds no ENS_USER.
            let s = ens_cert_login(&c, &control, "ahmetov@example.kz", Some("C-AHM-A")).await?;
            assert_eq!(s["message"], "Учетная запись не аккредитована", "{s}");
            assert_eq!(s["code"], "MSG-ENS-NOT-ACCREDITED", "{s}");
            // Both signed, neither opened a session.
            let log = signer_log(&control).await;
            let signed: Vec<&Value> = log
                .iter()
                .filter(|e| e["method"] == "sign" && e["outcome"] == "signed")
                .collect();
            assert_eq!(signed.len(), 2, "{log:?}");
            assert!(signed.iter().all(|e| e["persona"] == "C-AHM-A"));
            assert!(
                signed
                    .iter()
                    .all(|e| e["params"]["signerParams"]["extKeyUsageOids"] == json!([])),
                "a login step offers every key (SIG-30): {log:?}"
            );
            no_module_session(&c, base).await?;

            // Check 3: ДОСОВА's legal-entity key (БИН of «АО «ДЗО-Тест»», her e-mail) → the
            // module home, «Реестр заявок».
            let s = ens_cert_login(&c, &control, "dosova@dzo-test.kz", Some("C-DOS-A")).await?;
            assert!(s["session"] == true, "{s}");
            assert_eq!(s["path"], "/ens", "{s}");
            let text = |css: &'static str| {
                let c = &c;
                async move { c.find(Locator::Css(css)).await?.text().await }
            };
            assert_eq!(text("main h1").await?, "Реестр заявок");
            assert_eq!(
                text("[data-full-name]").await?,
                "ДОСОВА МАДИНА ЕРЛАНОВНА (dosova@dzo-test.kz)"
            );
            assert_eq!(
                text("[data-org-name]").await?,
                "АО «ДЗО-Тест» (БИН 110340000568)"
            );
            assert_eq!(text("[data-assurance]").await?, "ЭЦП");
            assert_eq!(
                text("[data-account-name]").await?,
                "ДОСОВА МАДИНА ЕРЛАНОВНА"
            );
            assert!(
                c.find(Locator::Css("[data-staff-links]")).await.is_err(),
                "no staff role: no staff links"
            );
            assert!(c.find(Locator::Css("[data-change-org]")).await.is_err());
            // «Выйти» → the login page; the home is closed again.
            click(&c, "[data-logout-main]").await?;
            wait_js(&c, "the login page", ENS_LOGIN_STATE, |s| {
                s["path"] == "/ens/login"
            })
            .await?;
            no_module_session(&c, base).await?;

            // ---- AS-65: the ЕНС ТРУ administrator enters «ТОО «Тауар Сервис»» ----
            platform_login(&c, base, &control, "C-ENSADM-A").await?;
            staff_items(
                &c,
                base,
                &[
                    (
                        "ens-organisations",
                        "/ens/admin/organisations",
                        "Организации ЕНС ТРУ",
                    ),
                    ("ens-users", "/ens/admin/users", "Пользователи ЕНС ТРУ"),
                ],
            )
            .await?;
            // ДОСОВА of the demo data is the one ЕНС ТРУ user.
            let users = text("#ens-users tbody").await?;
            assert!(users.contains("dosova@dzo-test.kz"), "{users}");
            assert!(users.contains("АО «ДЗО-Тест»"), "{users}");
            // «Организации ЕНС ТРУ» lists P-DZO, not yet P-TS.
            click(&c, "#ens-admin-menu a[href='/ens/admin/organisations']").await?;
            let list = c
                .wait()
                .for_element(Locator::Css("#organisations tbody"))
                .await?
                .text()
                .await?;
            assert!(list.contains("110340000568"), "{list}");
            assert!(!list.contains("040540000123"), "{list}");
            click(&c, "[data-add-org]").await?;
            c.wait().for_element(Locator::Id("org-form")).await?;
            type_into(&c, "#f-name", "ТОО «Тауар Сервис»").await?;
            type_into(&c, "#f-bin", "040540000123").await?;
            type_into(&c, "#f-contact_email", "zakup@tauar-servis.kz").await?;
            click(&c, "[data-save]").await?;
            wait_js(
                &c,
                "the organisation's card",
                "return location.pathname + location.search;",
                |v| v.as_str().is_some_and(|p| p.ends_with("?saved=1")),
            )
            .await?;
            assert_eq!(
                c.current_url().await?.path(),
                "/ens/admin/organisations/prt_demo_ts",
                "the profile is attached to the registered participant (AS-65)"
            );
            let card = text("main").await?;
            assert!(card.contains("zakup@tauar-servis.kz"), "{card}");
            platform_logout(&c).await?;

            // ---- AS-67: НУРЛАНОВ's access request (ACC-94, CAT-151) ----
            platform_login(&c, base, &control, "C-NUR-A").await?;
            let menu = cabinet_menu(&c).await?;
            assert!(
                menu.iter().any(|(id, href)| id == "ens-request" && href == "/ens/request"),
                "{menu:?}"
            );
            assert!(
                !menu.iter().any(|(_, href)| href.starts_with("/ens/admin/")),
                "{menu:?}"
            );
            click(&c, "#cabinet-menu a[data-menu='ens-request']").await?;
            c.wait()
                .for_element(Locator::Css("form[data-ens-request]"))
                .await?;
            let ro = c
                .execute(
                    "return Object.fromEntries(Array.from(document.querySelectorAll('[data-ro]')).map(e => [e.dataset.ro, [e.value, e.readOnly]]));",
                    vec![],
                )
                .await?;
            assert_eq!(
                ro,
                json!({
                    "last_name": ["НУРЛАНОВ", true],
                    "first_name": ["ДАНИЯР", true],
                    "email": ["nurlanov@tauar-servis.kz", true],
                    "bin": ["040540000123", true],
                    "participant_name": ["ТОО «Тауар Сервис»", true],
                })
            );
            c.execute(RECORD_CHALLENGE, vec![]).await?;
            type_into(&c, "#r-position", "Специалист по закупкам").await?;
            type_into(&c, "#r-phone", "+7 (7172) 11 22 33").await?;
            c.find(Locator::Css("[data-poa]"))
                .await?
                .send_keys(file_path.to_str().unwrap())
                .await?;
            click(&c, "[data-agreement]").await?;
            next_key(&control, "C-NUR-S").await;
            click(&c, "[data-submit]").await?;
            // The form is posted once the act is signed: «Мои заявки» with the confirmation.
            let sent = c
                .wait()
                .for_element(Locator::Css("[data-sent]"))
                .await?
                .text()
                .await?;
            assert!(
                sent.starts_with("Заявка на регистрацию отправлена"),
                "{sent}"
            );
            assert_eq!(c.current_url().await?.path(), "/ens/request/mine");
            let rows = c
                .execute(
                    "return Array.from(document.querySelectorAll('[data-requests] tr[data-request]')).map(r => ({id: r.dataset.request, text: r.textContent, status: r.querySelector('[data-status]').dataset.status, shown: r.querySelector('[data-status]').textContent}));",
                    vec![],
                )
                .await?;
            let rows = rows.as_array().unwrap();
            assert_eq!(rows.len(), 1, "{rows:?}");
            assert_eq!(rows[0]["status"], "SUBMITTED");
            assert_eq!(rows[0]["shown"], "Подана");
            let row_text = rows[0]["text"].as_str().unwrap();
            assert!(row_text.contains("040540000123"), "{row_text}");
            assert!(row_text.contains("Специалист по закупкам"), "{row_text}");
            let request_id = rows[0]["id"].as_str().unwrap().to_string();

            // What was signed: the challenge's TBS carries the file's SHA-256 and the typed
            // values, and it is what the signer signed with the signing key.
            let challenge = c
                .execute("return sessionStorage.getItem('tauar-challenge');", vec![])
                .await?;
            let challenge: Value =
                serde_json::from_str(challenge.as_str().expect("the recorded challenge")).unwrap();
            let tbs = Base64::decode_vec(challenge["tbs_base64"].as_str().unwrap()).unwrap();
            let tbs_json: Value = serde_json::from_slice(&tbs).unwrap();
            assert_eq!(tbs_json["purpose"], "ens.access_request", "{tbs_json}");
            assert_eq!(
                tbs_json["content"]["power_of_attorney_sha256"],
                file_sha.as_str(),
                "{tbs_json}"
            );
            assert_eq!(tbs_json["content"]["position"], "Специалист по закупкам");
            assert_eq!(tbs_json["content"]["phone"], "+7 (7172) 11 22 33");
            let log = signer_log(&control).await;
            let sign = log
                .iter()
                .rev()
                .find(|e| e["method"] == "sign")
                .expect("the request's basics.sign");
            assert_eq!(sign["persona"], "C-NUR-S", "{sign}");
            assert_eq!(sign["outcome"], "signed", "{sign}");
            assert_eq!(
                sign["data_sha256"],
                signatures::sha256_hex(&tbs).as_str(),
                "{sign}"
            );
            assert_eq!(
                sign["params"]["signerParams"]["extKeyUsageOids"][0],
                "1.3.6.1.5.5.7.3.4",
                "a document act asks for a signing key (SIG-30): {sign}"
            );
            // A second request for the same organisation: MSG-ENS-DUPLICATE, no form.
            click(&c, "[data-request-link]").await?;
            let refused = c
                .wait()
                .for_element(Locator::Css("[data-form-error]"))
                .await?
                .text()
                .await?;
            assert_eq!(
                refused,
                "Заявка на регистрацию в ЕНС ТРУ уже подана, или доступ уже предоставлен"
            );
            assert!(c.find(Locator::Css("form[data-ens-request]")).await.is_err());
            platform_logout(&c).await?;

            // ---- AS-68: the authorized body accredits (ACC-95, E2) ----
            platform_login(&c, base, &control, "C-AUTH-A").await?;
            staff_items(
                &c,
                base,
                &[
                    (
                        "ens-requests",
                        "/ens/admin/requests",
                        "Заявки на регистрацию пользователей ЕНС ТРУ",
                    ),
                    ("ens-users", "/ens/admin/users", "Пользователи ЕНС ТРУ"),
                ],
            )
            .await?;
            click(&c, "#ens-admin-menu a[href='/ens/admin/requests']").await?;
            let row = format!("#requests tr[data-request='{request_id}']");
            let queued = c
                .wait()
                .for_element(Locator::Css(&row))
                .await?
                .text()
                .await?;
            for part in [
                "НУРЛАНОВ",
                "nurlanov@tauar-servis.kz",
                "040540000123",
                "ТОО «Тауар Сервис»",
                "Подана",
            ] {
                assert!(queued.contains(part), "{part}: {queued}");
            }
            click(&c, &format!("{row} a")).await?;
            c.wait()
                .for_element(Locator::Css("#request[data-status=SUBMITTED]"))
                .await?;
            assert_eq!(text("[data-poa]").await?, "dover.pdf");
            // The signature of «Подать заявку»: НУРЛАНОВ's ИИН and the БИН of his key.
            let sig = text("#signature").await?;
            assert!(sig.contains("НУРЛАНОВ ДАНИЯР"), "{sig}");
            assert!(sig.contains("010203500018"), "{sig}");
            assert!(sig.contains("040540000123"), "{sig}");
            // The stored request: the file's hash, size and name, the typed values.
            let (st, body) =
                get_as(&c, &format!("{base}/api/v1/ens/access-requests/{request_id}")).await?;
            assert_eq!(st, 200, "{body}");
            let stored: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(stored["poa_sha256"], file_sha.as_str(), "{stored}");
            assert_eq!(stored["poa_size"], file.len(), "{stored}");
            assert_eq!(stored["poa_mime"], "application/pdf", "{stored}");
            assert_eq!(stored["status"], "SUBMITTED", "{stored}");
            assert_eq!(stored["participant_id"], "prt_demo_ts", "{stored}");
            assert_eq!(stored["position"], "Специалист по закупкам", "{stored}");
            assert_eq!(stored["phone"], "+7 (7172) 11 22 33", "{stored}");
            click(&c, "[data-accredit]").await?;
            let question = c
                .wait()
                .for_element(Locator::Css("[data-question]"))
                .await?
                .text()
                .await?;
            assert!(question.starts_with("Аккредитовать пользователя?"), "{question}");
            click(&c, "[data-yes]").await?;
            c.wait()
                .for_element(Locator::Css("#request[data-status=ACCREDITED]"))
                .await?;
            assert_eq!(text("[data-notice]").await?, "Пользователь аккредитован");
            assert!(c.find(Locator::Id("accredit")).await.is_err(), "decided");
            click(&c, "#ens-admin-menu a[href='/ens/admin/users']").await?;
            let users = c
                .wait()
                .for_element(Locator::Css("#ens-users tbody"))
                .await?
                .text()
                .await?;
            assert!(users.contains("nurlanov@tauar-servis.kz"), "{users}");
            assert!(users.contains("ТОО «Тауар Сервис»"), "{users}");
            platform_logout(&c).await?;

            // E-ENS-ACCREDITED: the login is the account's e-mail, no password.
            let mail = wait_until("E-ENS-ACCREDITED", 60, || {
                mailbox.messages_to("nurlanov@tauar-servis.kz").ok().and_then(|m| {
                    m.into_iter()
                        .find(|m| m.kind.as_deref() == Some("E-ENS-ACCREDITED"))
                })
            });
            assert!(
                mail.body.contains("Логин: nurlanov@tauar-servis.kz"),
                "{}",
                mail.body
            );
            assert!(!mail.body.contains(PASSWORD), "{}", mail.body);

            // НУРЛАНОВ's own password on the module's login page (ACC-60) → the home.
            c.goto(&format!("{base}/ens/login?lang=ru")).await?;
            type_into(&c, "#ens-account", "nurlanov@tauar-servis.kz").await?;
            type_into(&c, "#ens-password", PASSWORD).await?;
            click(&c, "[data-login-password]").await?;
            c.wait().for_element(Locator::Css("[data-session]")).await?;
            assert_eq!(c.current_url().await?.path(), "/ens");
            assert_eq!(
                text("[data-full-name]").await?,
                "НУРЛАНОВ ДАНИЯР АСХАТОВИЧ (nurlanov@tauar-servis.kz)"
            );
            assert_eq!(
                text("[data-org-name]").await?,
                "ТОО «Тауар Сервис» (БИН 040540000123)"
            );
            assert_eq!(text("[data-assurance]").await?, "учетная запись и пароль");
            Ok::<(), fantoccini::error::CmdError>(())
        }
        .await;
        let _ = c.close().await;
        result.unwrap();
    });
    drop(driver);
    drop(signer);
    drop(services);
    eprintln!("ens: done after {:?}", started.elapsed());
}
