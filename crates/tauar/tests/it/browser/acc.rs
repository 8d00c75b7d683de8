//! The account flow in Chromium (AS-1, AS-9, AS-13, AS-14, AS-19, AS-20, AS-34…AS-63): «Войти»
//! with `tauar signer` as NCALayer, registration with the signed user agreement, the activation
//! mail, the certificate → password login, «Зарегистрировать участника» with the participant
//! agreement signed through the signer, «Добавить счет» with the bank taken from the IBAN, an
//! employee's join request approved by the administrator, the lockout after five wrong
//! passwords, and NCALayer gone.

use super::{
    Signing, activation_link, chromium_or_skip, click, mail_sink, session, start_driver,
    start_signing, type_into, wait_js, wait_until,
};
use crate::process::{Server, database_args};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

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

/// AS-1, AS-9, AS-13, AS-14, AS-19, AS-20 and the participant scenarios (AS-34…AS-63) through
/// the pages in Chromium: «Войти» with
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
    // The signer without `--persona`: before each key dialog the test queues the persona a
    // user would pick (SIG-67, SIG-68): the first head of org1 (authentication and signing
    // keys) and an employee of org1.
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
    let mut args = vec!["--pki-dir", pki, "--signer-url", &signer_url];
    let (mail_args, mailbox) = mail_sink(&data_dir);
    args.extend(mail_args.iter().map(String::as_str));
    let db_args = database_args();
    let server = Server::start(&data_dir, &db_args, &args);
    server.wait_ready();

    let pki_book = pki::testkit::TestPki::open(&pki_dir).unwrap();
    let persona = pki_book.persona("org1-head-auth").unwrap().clone();
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
    let email = notify::testing::unique_address("org1-head");
    let employee_email = notify::testing::unique_address("org1-employee");

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
            next_key(&control, "org1-head-auth").await;
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
            next_key(&control, "org1-head-sign").await;
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
            next_key(&control, "org1-head-auth").await;
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

            // AS-34…: «Зарегистрировать участника» → ТОО «ТАУ ТЕСТ» with the participant
            // agreement signed by the first head's signing key.
            register_participant(&c, &control).await?;
            // «Добавить счет»: the bank comes from the IBAN; КБе 17 (resident, КСЕ 7).
            add_bank_account(&c).await?;
            click(&c, "[data-logout]").await?;
            c.wait()
                .for_element(Locator::Css("[data-account-login]"))
                .await?;

            // An employee of org1 registers, logs in with the БИН of org1 and asks to join.
            register_user(
                &c, base, &control, &mailbox, ("org1-employee-auth", "org1-employee-sign"),
                &employee_email,
            )
            .await?;
            login(&c, base, &control, "org1-employee-auth").await?;
            send_join_request(&c).await?;
            click(&c, "[data-logout]").await?;
            c.wait()
                .for_element(Locator::Css("[data-account-login]"))
                .await?;

            // The administrator approves it under «Запросы на присоединение».
            login(&c, base, &control, "org1-head-auth").await?;
            approve_join_request(&c, "951230422226").await?;
            click(&c, "[data-logout]").await?;
            c.wait()
                .for_element(Locator::Css("[data-account-login]"))
                .await?;

            // AS-19, AS-20: wrong passwords count down, the fifth locks the login.
            c.goto(&format!("{base}/auth/login?lang=ru")).await?;
            auth_state(&c, "the signer's greeting", |s| s["running"] == "true").await?;
            next_key(&control, "org1-head-auth").await;
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

/// Queues the persona the simulated user picks in the signer's next key dialog (SIG-68).
async fn next_key(control: &str, persona: &str) {
    let r = reqwest::Client::new()
        .post(format!("{control}/next"))
        .json(&json!({ "persona": persona, "action": "sign" }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{persona}");
}

type Step = Result<(), fantoccini::error::CmdError>;

/// A registration through «Войти» with `keys` (authentication, signing), then the activation
/// link of the mail.
async fn register_user(
    c: &Client,
    base: &str,
    control: &str,
    mailbox: &notify::testing::Mailbox,
    keys: (&str, &str),
    email: &str,
) -> Step {
    c.goto(&format!("{base}/auth/login?lang=ru")).await?;
    auth_state(c, "the signer's greeting", |s| s["running"] == "true").await?;
    next_key(control, keys.0).await;
    click(c, "[data-key=login]").await?;
    auth_state(c, "the registration form", |s| {
        s["step"] == "register" && s["agreement_text"].as_str().is_some_and(|t| t.len() > 100)
    })
    .await?;
    type_into(c, "#reg-email", email).await?;
    type_into(c, "#reg-phone", "7017654321").await?;
    type_into(c, "#reg-password", "Tauar2026").await?;
    type_into(c, "#reg-password2", "Tauar2026").await?;
    next_key(control, keys.1).await;
    click(c, "[data-agreement-sign]").await?;
    let s = auth_state(c, "the signed agreement", |s| {
        !s["signed"].is_null() || s["errors"].as_array().is_some_and(|e| !e.is_empty())
    })
    .await?;
    assert_eq!(s["signed"], "Соглашение подписано", "{s}");
    click(c, "[data-register-submit]").await?;
    let s = auth_state(c, "the registration", |s| {
        s["step"] == "done" || s["errors"].as_array().is_some_and(|e| !e.is_empty())
    })
    .await?;
    assert_eq!(s["step"], "done", "{s}");
    let mail = wait_until("E-ACTIVATION", 60, || {
        mailbox
            .messages_to(email)
            .ok()
            .and_then(|m| m.into_iter().next())
    });
    c.goto(&activation_link(&mail.body)).await?;
    c.find(Locator::Css("[data-message]")).await?;
    Ok(())
}

/// Certificate, then the password → the cabinet.
async fn login(c: &Client, base: &str, control: &str, key: &str) -> Step {
    c.goto(&format!("{base}/auth/login?lang=ru")).await?;
    auth_state(c, "the signer's greeting", |s| s["running"] == "true").await?;
    next_key(control, key).await;
    click(c, "[data-key=login]").await?;
    auth_state(c, "the password page", |s| s["step"] == "password").await?;
    type_into(c, "#login-password", "Tauar2026").await?;
    click(c, "[data-password-submit]").await?;
    c.wait().for_element(Locator::Id("cabinet")).await?;
    Ok(())
}

/// The registration form's fields of a ЮЛ (dates and selects are set as a user's choice
/// would set them).
const FILL_PARTICIPANT: &str = r#"
const f = document.getElementById('participant-form');
const set = (n, v) => { const e = f.querySelector('[name="' + n + '"]'); if (e.type === 'checkbox') e.checked = v; else e.value = v; };
set('state_reg_date', '2004-03-15'); set('state_reg_doc_number', '1'); set('state_reg_authority', 'МЮ');
set('country', 'KZ'); set('kopf', '20'); set('kse', '7'); set('kfs', '19'); set('is_resident', true);
set('email', 'info@tau-test.kz'); set('phones', '+7 727 000 00 00');
set('applicant_full_name', 'ОМАРОВ БАУЫРЖАН'); set('applicant_position', 'Директор');
set('head_iin', '700521311113'); set('head_last_name', 'ОМАРОВ'); set('head_first_name', 'БАУЫРЖАН');
set('head_position', 'Директор');
return true;
"#;

/// What the participant form shows of the agreement.
const AGREEMENT_STATE: &str = r#"
const ok = document.querySelector('[data-agreement-signed]');
const err = document.querySelector('[data-sign-error]');
return {signed: ok && !ok.hidden && ok.className.includes('ok') ? ok.textContent : null,
        error: err && !err.hidden ? err.textContent : null,
        cms: document.querySelector('[data-agreement-cms]').value.length};
"#;

/// «Зарегистрировать участника» from the cabinet menu to «Банковские счета» (ACC-76).
async fn register_participant(c: &Client, control: &str) -> Step {
    click(c, "[data-menu=register]").await?;
    let page = c
        .wait()
        .for_element(Locator::Css("[data-participant-form]"))
        .await?;
    assert_eq!(page.attr("data-kind").await?.as_deref(), Some("UL"));
    let id = c.find(Locator::Css("[data-id-number]")).await?;
    assert_eq!(id.prop("value").await?.as_deref(), Some("040340001233"));
    c.execute(FILL_PARTICIPANT, vec![]).await?;
    next_key(control, "org1-head-sign").await;
    click(c, "[data-agreement-sign]").await?;
    let s = wait_js(c, "the participant agreement", AGREEMENT_STATE, |s| {
        !s["signed"].is_null() || !s["error"].is_null()
    })
    .await?;
    assert_eq!(s["signed"], "Соглашение подписано", "{s}");
    click(c, "[data-participant-submit]").await?;
    let empty = c
        .wait()
        .for_element(Locator::Css("[data-empty-accounts]"))
        .await?
        .text()
        .await?;
    assert!(
        empty.contains("Банковские реквизиты не заполнены"),
        "{empty}"
    );
    assert!(
        c.current_url()
            .await?
            .path()
            .ends_with("/cabinet/org/bank-accounts")
    );
    Ok(())
}

/// A valid Kazakhstan IBAN of bank code `bank` (ISO 13616 check digits).
fn kz_iban(bank: &str, account: &str) -> String {
    let bban = format!("{bank}{account}");
    let digits: String = format!("{bban}KZ00")
        .chars()
        .map(|c| {
            c.to_digit(36)
                .map(|d| d.to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .collect();
    let rem = digits
        .chars()
        .fold(0u32, |acc, c| (acc * 10 + c.to_digit(10).unwrap()) % 97);
    format!("KZ{:02}{bban}", 98 - rem)
}

/// «Добавить счет» with a Kaspi IBAN: the page picks the bank, the list shows КБе 17.
async fn add_bank_account(c: &Client) -> Step {
    let iban = kz_iban("722", "0000000012345");
    click(c, "[data-add-account]").await?;
    c.wait()
        .for_element(Locator::Css("[data-bank-form]"))
        .await?;
    type_into(c, "#b-number", &iban).await?;
    let picked = wait_js(
        c,
        "the bank of the IBAN",
        "const s = document.getElementById('b-bank'); return {bic: s.value, disabled: s.disabled};",
        |v| v["bic"] == "CASPKZKA",
    )
    .await?;
    assert_eq!(picked["disabled"], true, "{picked}");
    click(c, "[data-save]").await?;
    let row = c
        .wait()
        .for_element(Locator::Css(&format!("tr[data-account='{iban}']")))
        .await?;
    let text = row.text().await?;
    assert!(text.contains("KASPI") && text.contains("17"), "{text}");
    let kbe = row.find(Locator::Css("[data-kbe]")).await?.text().await?;
    assert_eq!(kbe, "17");
    Ok(())
}

/// «Присоединиться к организации» → «Отправить» → MSG-JOIN-SENT.
async fn send_join_request(c: &Client) -> Step {
    click(c, "[data-menu=join]").await?;
    c.wait().for_element(Locator::Id("join-form")).await?;
    type_into(c, "#j-position", "Бухгалтер").await?;
    click(c, "[data-join-send]").await?;
    let notice = c
        .wait()
        .for_element(Locator::Css("[data-notice]"))
        .await?
        .text()
        .await?;
    assert_eq!(
        notice,
        "Запрос на присоединение отправлен администратору организации"
    );
    let status = c
        .find(Locator::Css("#my-joins tr[data-status]"))
        .await?
        .attr("data-status")
        .await?;
    assert_eq!(status.as_deref(), Some("PENDING"));
    Ok(())
}

/// «Запросы на присоединение» → «Одобрить» with one authority → the employee is listed.
async fn approve_join_request(c: &Client, iin: &str) -> Step {
    click(c, "[data-menu=join-requests]").await?;
    let row = format!("#join-requests tr[data-iin='{iin}']");
    c.wait().for_element(Locator::Css(&row)).await?;
    click(c, &format!("{row} [data-open-approve]")).await?;
    click(c, &format!("{row} [data-authority=NCT_APPLY]")).await?;
    click(c, &format!("{row} [data-approve]")).await?;
    c.wait()
        .for_element(Locator::Css(&format!("{row}[data-status=APPROVED]")))
        .await?;
    // The tab of the same page leads back to the list.
    click(c, "nav.tabs a[href='/cabinet/org/employees']").await?;
    let member = c
        .wait()
        .for_element(Locator::Css(&format!("#employees tr[data-member='{iin}']")))
        .await?;
    assert_eq!(member.attr("data-status").await?.as_deref(), Some("ACTIVE"));
    let auth = member
        .find(Locator::Css("[data-authorities]"))
        .await?
        .text()
        .await?;
    assert_eq!(auth, "Заявки в НКТ от имени организации");
    Ok(())
}
