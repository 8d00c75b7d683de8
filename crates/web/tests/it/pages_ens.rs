//! The pages of the ЕНС ТРУ Requests module over HTTP (spec/accounts.md §3.4, §3.12, ACC-152;
//! AS-67…AS-69; spec/catalog.md CAT-65, CAT-151, CAT-179): the login page in three languages
//! and its error texts (bad credentials alike for a wrong password and an unknown account, not
//! accredited, the empty account of «Войти с помощью ЭЦП», the lock after 5 wrong passwords,
//! the neutral recovery answer); the access-request form with the values of the certificate,
//! its field messages and a signed request that «Мои заявки» lists as «Подана»; the
//! Приложение №2 template with the organisation's name; and, after accreditation, «Войти» with
//! the own password into the module home, with the organisation chooser of an account
//! accredited in two organisations.
//!
//! The people and organisations here are this file's own (their ИИН and БИН appear nowhere
//! else), with certificates issued at run time by the test PKI's CA, so that the other tests
//! of the shared test-PKI server never meet them.

use crate::browser_session::User;
use crate::helpers::{
    Seeded, TEST_PKI_DIR, client, insert_active_account, session_cookie, test_pki, with_db,
};
use base64ct::{Base64, Encoding};
use pki::testkit::issue::{Dn, Issuer, Template, Urls, issue, ku};
use pki::testkit::{CmsOptions, PrivateKey, Signer, TestPki, sign_cms};
use serde_json::{Value, json};

const DAY: i64 = 86_400_000;

/// A person of these tests.
struct Person {
    iin: &'static str,
    last: &'static str,
    first: &'static str,
}

const ENSADM: Person = Person {
    iin: "790305300219",
    last: "БЕКМУХАМБЕТОВ",
    first: "АРМАН",
};
const AUTHB: Person = Person {
    iin: "721111300313",
    last: "ОРАЗБЕКОВ",
    first: "ДАНИЯР",
};
const ZHAN: Person = Person {
    iin: "850412400121",
    last: "ЖАНИБЕКОВА",
    first: "АЛИЯ",
};
const LOCKED: Person = Person {
    iin: "850412400131",
    last: "САПАРОВА",
    first: "ГУЛЬНАР",
};

/// Two organisations of ЖАНИБЕКОВА (name, БИН).
const ORG_A: (&str, &str) = ("ТОО «Номенклатура Тест»", "150140000121");
const ORG_B: (&str, &str) = ("АО «Справочник Тест»", "160240000216");

/// A certificate of the test PKI's RSA CA for `p` (with an organisation: a legal-entity
/// employee with the right to sign), on the key of an existing persona (key generation is
/// slow in debug builds; a key may carry several certificates).
fn certificate(p: &Person, org: Option<(&str, &str)>, label: &str) -> Signer {
    let pki = TestPki::open(TEST_PKI_DIR.get().unwrap()).unwrap();
    let ca = pki.authority("ca-rsa").unwrap();
    let key_der = pki.signer("C-ZHA-S").unwrap().key().pkcs8_der().unwrap();
    let now = pki.now().unwrap().0;
    let mut serial = signatures::sha256_hex(format!("{label}{}", p.iin).as_bytes())
        .as_bytes()
        .chunks(2)
        .take(16)
        .map(|h| u8::from_str_radix(std::str::from_utf8(h).unwrap(), 16).unwrap())
        .collect::<Vec<u8>>();
    serial[0] &= 0x7f;
    serial[0] |= 0x10;
    let base = pki::testkit::DEFAULT_BASE_URL;
    let mut eku = vec![pki::oid::EKU_EMAIL_PROTECTION];
    match org {
        Some(_) => eku.extend([pki::oid::ROLE_LEGAL_ENTITY, pki::oid::ROLE_SIGNING_RIGHT]),
        None => eku.push(pki::oid::ROLE_INDIVIDUAL),
    }
    let t = Template {
        serial,
        subject: Dn {
            cn: Some(format!("TAUAR TEST {} {}", p.last, p.first)),
            surname: Some(p.last.into()),
            serial_number: Some(format!("IIN{}", p.iin)),
            country: Some("KZ".into()),
            locality: org.map(|_| "АСТАНА".to_string()),
            state: org.map(|_| "АСТАНА".to_string()),
            org: org.map(|(n, _)| n.to_string()),
            given_name: None,
            org_unit: org.map(|(_, b)| format!("BIN{b}")),
            email: None,
        },
        not_before: kernel::Millis(now - 30 * DAY),
        not_after: kernel::Millis(now + 300 * DAY),
        key_usage: vec![ku::DIGITAL_SIGNATURE, ku::NON_REPUDIATION],
        eku,
        policies: vec![
            pki::oid::POLICY_RSA_SIGN.to_string(),
            pki::oid::TEST_PKI_MARKER.to_string(),
        ],
        cps: Some(format!("{base}/cps")),
        urls: Some(Urls {
            crl: format!("{base}/crl/ca-rsa.crl"),
            delta_crl: format!("{base}/crl/ca-rsa_d.crl"),
            ocsp: format!("{base}/ocsp/"),
            ca_issuers: format!("{base}/cert/ca-rsa.cer"),
        }),
        ..Template::default()
    };
    let key = PrivateKey::from_pkcs8_der(&key_der).unwrap();
    let der = issue(
        &t,
        &key,
        &Issuer {
            name: &Dn::ca("TAUAR TEST ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)"),
            key: ca.key(),
        },
    )
    .unwrap();
    Signer::new(pki::cert::Cert::from_der(&der).unwrap(), key)
}

/// A challenge of `purpose` signed by `signer`: `{"challenge_id", "cms_base64"}`.
fn signed(u: &User, purpose: &str, content: Option<Value>, signer: &Signer) -> Value {
    let mut req = json!({ "purpose": purpose });
    if let Some(c) = content {
        req["content"] = c;
    }
    let (st, _, ch) = u.post_json("/api/v1/signatures/challenges", &req);
    assert_eq!(st, 201, "{ch}");
    let tbs = Base64::decode_vec(ch["tbs_base64"].as_str().unwrap()).unwrap();
    let cms = sign_cms(signer, &tbs, &CmsOptions::default()).unwrap();
    json!({ "challenge_id": ch["challenge_id"], "cms_base64": Base64::encode_string(&cms) })
}

/// The platform login (certificate step, then the password) with `signer`.
fn platform_login(signer: &Signer) -> User {
    let b = User::anonymous();
    let step = signed(&b, "login", None, signer);
    let (st, _, out) = b.post_json("/api/v1/auth/login/certificate", &step);
    assert_eq!(st, 200, "{out}");
    b.password_step(&out)
}

/// An `ACTIVE` account of `p` written into the server's database (with a platform role when
/// given); returns its e-mail.
fn seed(p: &Person, role: Option<&str>) -> String {
    let email = notify::testing::unique_address(&format!("ensp{}", p.iin));
    let id = format!("acc_ensp_{}", p.iin);
    with_db(async |db| {
        let who = Seeded {
            id: &id,
            iin: p.iin,
            last: p.last,
            first: p.first,
            email: &email,
        };
        insert_active_account(db, &who, role).await;
    });
    email
}

fn pdf(size: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.resize(size, b'.');
    v
}

/// A `multipart/form-data` post of the request form: (status, Location, body).
fn post_request(u: &User, fields: &[(&str, &str)], file: Option<&[u8]>) -> (u16, String, String) {
    let boundary = "tauar-ensp-boundary-5c1e";
    let mut body = Vec::new();
    let mut all: Vec<(&str, &str)> = vec![("csrf", u.csrf.as_str())];
    all.extend_from_slice(fields);
    for (k, v) in all {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some(f) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"power_of_attorney\"; \
                 filename=\"dover.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(f);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let r = client()
        .post(format!("{}/ens/request", test_pki().base))
        .header("Cookie", &u.cookie)
        .header("Accept-Language", "ru")
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .unwrap();
    let loc = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (r.status().as_u16(), loc, r.text().unwrap())
}

/// «Войти» of the module page: (status, Location, body, the browser of the new session).
fn module_login(account: &str, password: &str) -> (u16, String, String, User) {
    module_login_from(User::anonymous(), account, password)
}

/// «Войти» of the browser `b` (its cookies: the session and, maybe, the page it asked for).
fn module_login_from(b: User, account: &str, password: &str) -> (u16, String, String, User) {
    let r = client()
        .post(format!("{}/ens/login", test_pki().base))
        .header("Cookie", &b.cookie)
        .header("Accept-Language", "ru")
        .form(&[
            ("csrf", b.csrf.as_str()),
            ("account", account),
            ("password", password),
            ("action", "password"),
        ])
        .send()
        .unwrap();
    let st = r.status().as_u16();
    let loc = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let cookie = session_cookie(r.headers()).unwrap_or(b.cookie.clone());
    let body = r.text().unwrap();
    // The CSRF token of the new session.
    let r = client()
        .get(format!("{}/api/v1/auth/csrf", test_pki().base))
        .header("Cookie", &cookie)
        .send()
        .unwrap();
    let v: Value = r.json().unwrap_or(Value::Null);
    let csrf = v["csrf_token"].as_str().unwrap_or("").to_string();
    (st, loc, body, User { cookie, csrf })
}

/// The `<li>` of the notification whose text contains `needle`, if the page shows it.
fn notification_with<'a>(page: &'a str, needle: &str) -> Option<&'a str> {
    page.split("data-notification=\"")
        .skip(1)
        .map(|li| &li[..li.find("</li>").unwrap_or(li.len())])
        .find(|li| li.contains(needle))
}

/// ACC-155, ACC-102, ACC-29 (AS-33 in the Requests module): `/ens/notifications` of a module
/// session (`PASSWORD`) whose only notification is E-ENS-ACCREDITED: unread, in ru; paged newest
/// first; marked read one and all; the e-mail duplication switched off and on with «Сохранить».
fn module_notifications(module: &User, account_id: &str) {
    let path = "/ens/notifications";
    let (st, _, html) = module.page(path, "ru");
    assert_eq!(st, 200, "{html}");
    let li = notification_with(&html, "Номенклатура Тест").unwrap_or_else(|| panic!("{html}"));
    assert!(li.contains("Доступ к ИС ЕНС ТРУ предоставлен"), "{li}");
    assert!(
        li.contains("Вы аккредитованы в ИС ЕНС ТРУ для организации"),
        "{li}"
    );
    assert!(
        li.contains("data-read=\"false\"") && li.contains("data-unread-mark"),
        "{li}"
    );
    let accredited = li.split('"').next().unwrap().to_string();
    assert!(html.contains("Дублировать уведомления на электронную почту"));
    assert!(
        html.contains("checked data-email-notifications"),
        "on by default: {html}"
    );
    assert!(
        html.contains("data-account-notifications"),
        "the module's menu links the page"
    );
    // AS-70: the cabinet's page stays closed to the module session.
    let (st, loc, _) = module.page("/cabinet/notifications", "ru");
    assert_eq!((st, loc.as_str()), (303, "/auth/login"));
    for (lang, title) in [("kk", "Хабарламалар"), ("en", "Notifications")] {
        let (st, _, h) = module.page(&format!("{path}?lang={lang}"), lang);
        assert_eq!(st, 200);
        assert!(h.contains(&format!("<h1>{title}</h1>")), "{lang}: {h}");
    }

    // Paged, newest first: 20 newer notifications push it to page 2.
    crate::helpers::with_db(async |db| {
        let mut tx = db.write_tx().await.unwrap();
        signatures::audit::lock_head(&mut tx).await.unwrap();
        for n in 0..20 {
            let args = json!({ "org": format!("ТОО «Страница {n:02}»"), "reason": "Нет вакансии" })
                .to_string();
            accounts::store_notify::insert(
                &mut tx,
                account_id,
                "E-JOIN-DECIDED",
                "mail-join-declined",
                &args,
                kernel::Millis::now(),
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    });
    let (_, _, first) = module.page(path, "ru");
    assert!(first.contains("data-unread=\"21\""), "{first}");
    assert!(notification_with(&first, "Номенклатура Тест").is_none());
    assert!(notification_with(&first, "Страница 19").is_some());
    assert!(
        first.contains("href=\"/ens/notifications?page=2\""),
        "{first}"
    );
    let (st, _, second) = module.page(&format!("{path}?page=2"), "ru");
    assert_eq!(st, 200);
    assert!(
        notification_with(&second, "Номенклатура Тест").is_some(),
        "{second}"
    );

    // «Отметить как прочитанное», then «Отметить все как прочитанные».
    let (st, loc, _) = module.form("/ens/notifications/read", &[("id", &accredited)]);
    assert_eq!((st, loc.as_str()), (303, path));
    let (_, _, second) = module.page(&format!("{path}?page=2"), "ru");
    let li = notification_with(&second, "Номенклатура Тест").unwrap();
    assert!(
        li.contains("data-read=\"true\"") && !li.contains("data-unread-mark"),
        "{li}"
    );
    let (st, _, _) = module.form_without_csrf("/ens/notifications/read", &[]);
    assert_eq!(st, 403, "ACC-162");
    let (st, _, _) = module.form("/ens/notifications/read", &[("id", "x")]);
    assert_eq!(st, 404);
    let (st, loc, _) = module.form("/ens/notifications/read", &[]);
    assert_eq!((st, loc.as_str()), (303, path));
    let (_, _, first) = module.page(path, "ru");
    assert!(first.contains("data-unread=\"0\"") && !first.contains("data-unread-mark"));

    // ACC-102: «Дублировать уведомления на электронную почту» off, «Сохранить», and on again.
    let settings = "/ens/notifications/settings";
    let (st, loc, _) = module.form(settings, &[]);
    assert_eq!((st, loc.as_str()), (303, "/ens/notifications?saved=1"));
    let (_, _, html) = module.page(&loc, "ru");
    assert!(html.contains("Данные сохранены"), "{html}");
    assert!(!html.contains("checked data-email-notifications"), "{html}");
    let on = crate::helpers::with_db(async |db| {
        accounts::store::account_by_id(db.pool(), account_id)
            .await
            .unwrap()
            .unwrap()
            .email_notifications
    });
    assert!(!on, "saved in the account");
    let (st, _, _) = module.form(settings, &[("email_notifications", "on")]);
    assert_eq!(st, 303);
    let (_, _, html) = module.page(path, "ru");
    assert!(html.contains("checked data-email-notifications"), "{html}");

    // Anonymous visitors go to the module's login page.
    let (st, loc, _) = User::anonymous().page(path, "ru");
    assert_eq!((st, loc.as_str()), (303, "/ens/login"));
}

#[test]
fn acc_152_as_69_login_page_languages_errors_lock_and_recovery() {
    let anon = User::anonymous();
    // A visitor who is not logged in is sent to the module's login page.
    let (st, loc, _) = anon.page("/ens", "ru");
    assert_eq!((st, loc.as_str()), (303, "/ens/login"));
    for (lang, title, button, cert, forgot) in [
        (
            "ru",
            "Вход в ИС ЕНС ТРУ",
            "Войти",
            "Войти с помощью ЭЦП",
            "Забыли пароль?",
        ),
        (
            "kk",
            "ЕНС ТРУ АЖ-ға кіру",
            "Кіру",
            "ЭЦҚ арқылы кіру",
            "Құпия сөзді ұмыттыңыз ба?",
        ),
        (
            "en",
            "Sign in to ЕНС ТРУ",
            "Sign in",
            "Sign in with ЭЦП",
            "Forgot your password?",
        ),
    ] {
        let (st, _, html) = anon.page(&format!("/ens/login?lang={lang}"), lang);
        assert_eq!(st, 200, "{lang}");
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        for text in [title, button, cert, forgot] {
            assert!(html.contains(text), "{lang}: {text}");
        }
        assert!(html.contains("name=\"account\"") && html.contains("name=\"password\""));
        assert!(html.contains("/assets/ens-2.js"));
    }
    let (st, _, js) = anon.page("/assets/ens-2.js", "ru");
    assert_eq!(st, 200);
    assert!(js.contains("ens.access_request") && js.contains("ens.login"));

    // AS-69, ACC-164: a wrong password and an unknown account give the same text.
    let email = seed(&ZHAN_NOT_ACCREDITED, None);
    let bad = "Неверная учетная запись или пароль";
    let (st, _, wrong, _) = module_login(&email, "Wrong2026");
    assert_eq!(st, 401);
    assert!(wrong.contains(bad), "{wrong}");
    assert!(wrong.contains("data-code=\"MSG-ENS-BAD-CREDENTIALS\""));
    let (st, _, nobody, _) = module_login("nobody@example.kz", "Tauar2026");
    assert_eq!(st, 401);
    assert!(nobody.contains(bad));
    // The right password of an account without ENS_USER.
    let (st, _, html, _) = module_login(&email.to_uppercase(), "Tauar2026");
    assert_eq!(st, 403);
    assert!(html.contains("Учетная запись не аккредитована"), "{html}");
    assert!(
        html.contains(&email.to_uppercase()),
        "the typed account stays"
    );

    // CAT-179: «Войти с помощью ЭЦП» with an empty account.
    let (st, _, html) = anon.form("/ens/login", &[("account", ""), ("action", "cert")]);
    assert_eq!(st, 422, "{html}");
    assert!(html.contains("Укажите учетную запись"), "{html}");
    assert!(html.contains("data-error-for=\"account\""));
    // Without JavaScript an account with the ЭЦП button says what is needed.
    let (st, _, html) = anon.form("/ens/login", &[("account", &email), ("action", "cert")]);
    assert_eq!(st, 200);
    assert!(html.contains("NCALayer"), "{html}");
    // ACC-162: a post without the CSRF token changes nothing.
    let (st, _, _) = anon.form_without_csrf("/ens/login", &[("account", &email)]);
    assert_eq!(st, 403);

    // ACC-67 (1): «Забыли пароль?» answers the same whatever the account.
    let neutral = "Если учетная запись с таким адресом существует";
    for account in ["nobody@example.kz", email.as_str()] {
        let (st, _, html) = anon.form("/ens/login", &[("account", account), ("action", "forgot")]);
        assert_eq!(st, 200);
        assert!(html.contains(neutral), "{account}: {html}");
    }

    // ACC-65: the 5th wrong password locks; the page says so and disables the password.
    let locked = seed(&LOCKED, None);
    for _ in 0..4 {
        let (st, _, _, _) = module_login(&locked, "Wrong2026");
        assert_eq!(st, 401);
    }
    let (st, _, html, _) = module_login(&locked, "Wrong2026");
    assert_eq!(st, 423, "{html}");
    assert!(html.contains("Вход заблокирован на 10 минут"), "{html}");
    assert!(html.contains("data-locked"));
    let (st, _, html, _) = module_login(&locked, "Tauar2026");
    assert_eq!(
        st, 423,
        "the right password does not open a locked account: {html}"
    );
}

const ZHAN_NOT_ACCREDITED: Person = Person {
    iin: "850412400141",
    last: "АСАНОВА",
    first: "ДИНАРА",
};

#[test]
fn acc_94_as_67_as_68_request_form_accreditation_and_module_login() {
    let _text = crate::helpers::user_ens_text();
    seed(&ENSADM, Some("ENS_ADMIN"));
    seed(&AUTHB, Some("AUTH_BODY"));
    let email = seed(&ZHAN, None);
    let ensadm = platform_login(&certificate(&ENSADM, None, "ensadm"));
    let auth = platform_login(&certificate(&AUTHB, None, "auth"));
    let cert_a = certificate(&ZHAN, Some(ORG_A), "org-a");
    let cert_b = certificate(&ZHAN, Some(ORG_B), "org-b");

    // A certificate of a БИН without an EnsOrgProfile: the CAT-63 text, no form.
    let user = platform_login(&cert_a);
    let (st, _, html) = user.page("/ens/request", "ru");
    assert_eq!(st, 403, "{html}");
    assert!(
        html.contains(&format!(
            "Организация с БИН {} не зарегистрирована в ИС ЕНС ТРУ",
            ORG_A.1
        )),
        "{html}"
    );
    assert!(!html.contains("data-ens-request"));

    // The ENS_ADMIN enters both organisations (AS-65, over the API).
    let mut orgs = Vec::new();
    for (name, bin) in [ORG_A, ORG_B] {
        let (st, _, org) = ensadm.post_json(
            "/api/v1/ens/organisations",
            &json!({ "name": name, "bin": bin, "contact_email": "zakup@ens-test.kz" }),
        );
        assert_eq!(st, 201, "{org}");
        orgs.push(org["participant_id"].as_str().unwrap().to_string());
    }

    // AS-67: the form with the read-only values of the certificate.
    let (st, _, html) = user.page("/ens/request", "ru");
    assert_eq!(st, 200, "{html}");
    for (field, value) in [
        ("last_name", ZHAN.last),
        ("first_name", ZHAN.first),
        ("email", email.as_str()),
        ("bin", ORG_A.1),
        ("participant_name", "ТОО «Номенклатура Тест»"),
    ] {
        let needle = format!("data-ro=\"{field}\"");
        let i = html
            .find(&needle)
            .unwrap_or_else(|| panic!("{field}: {html}"));
        let input = &html[html[..i].rfind("<input").unwrap()..i];
        assert!(input.contains("readonly"), "{field} is read-only");
        let escaped = value.replace('«', "&#171;").replace('»', "&#187;");
        assert!(
            input.contains(value) || input.contains(&escaped) || html.contains(value),
            "{field}: {input}"
        );
    }
    for label in [
        "Фамилия",
        "Имя",
        "Электронная почта",
        "БИН",
        "Организация",
        "Должность",
        "Контактный телефон",
        "Доверенность",
        "Я принимаю условия пользовательского соглашения",
        "Подать заявку",
    ] {
        assert!(html.contains(label), "CAT-151: {label}");
    }
    assert!(
        html.contains("href=\"/ens/request/power-of-attorney\""),
        "CAT-65"
    );
    assert!(html.contains("href=\"/ens/request/agreement\""), "G-29");
    let (st, _, text) = user.page("/ens/request/agreement", "ru");
    assert_eq!(st, 200);
    assert!(text.contains("data-agreement-text"));

    // CAT-65: the template carries the organisation's name, in three languages.
    for (lang, word) in [("ru", "Настоящим"), ("kk", "Осы арқылы"), ("en", "Hereby")]
    {
        let (st, _, t) = user.page(&format!("/ens/request/power-of-attorney?lang={lang}"), lang);
        assert_eq!(st, 200);
        assert!(t.contains(word), "{lang}");
        assert!(
            t.contains("Номенклатура Тест"),
            "{lang}: the organisation's name"
        );
        assert!(t.contains("@media print"));
    }

    // Without the power of attorney and without the tick: the messages under the fields.
    let (st, _, html) = post_request(
        &user,
        &[("position", "Специалист"), ("phone", "+7 (7172) 11 22 33")],
        None,
    );
    assert_eq!(st, 422, "{html}");
    assert!(
        html.contains("data-error-for=\"power_of_attorney\""),
        "{html}"
    );
    assert!(html.contains("Поле обязательно для заполнения"));
    assert!(html.contains("data-error-for=\"agreement_accepted\""));
    assert!(html.contains("Необходимо принять условия пользовательского соглашения"));
    assert!(
        html.contains("value=\"Специалист\""),
        "the typed values stay"
    );
    // A file of a type that is not pdf/jpg/png.
    let (st, _, html) = post_request(
        &user,
        &[
            ("position", "Специалист"),
            ("phone", "+7 (7172) 11 22 33"),
            ("agreement_accepted", "on"),
        ],
        Some(b"MZ\x90\0 not a pdf"),
    );
    assert_eq!(st, 422);
    assert!(html.contains("data-error-for=\"power_of_attorney\""));
    assert!(!html.contains("data-error-for=\"agreement_accepted\""));

    // «Подать заявку» signed with the certificate (as ens-2.js does it).
    let submit = |u: &User, signer: &Signer| {
        let file = pdf(10 * 1024);
        let (position, phone) = ("Специалист по закупкам", "+7 (7172) 11 22 33");
        let s = signed(
            u,
            "ens.access_request",
            Some(json!({ "position": position, "phone": phone,
                         "power_of_attorney_sha256": signatures::sha256_hex(&file) })),
            signer,
        );
        // The completion URL hands the act back for the hidden fields.
        let r = client()
            .post(format!(
                "{}/ens/request/signed?csrf={}",
                test_pki().base,
                crate::helpers::enc(&u.csrf)
            ))
            .header("Cookie", &u.cookie)
            .json(&s)
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let back: Value = r.json().unwrap();
        assert_eq!(back["challenge_id"], s["challenge_id"]);
        post_request(
            u,
            &[
                ("position", position),
                ("phone", phone),
                ("agreement_accepted", "on"),
                (
                    "signature_challenge_id",
                    s["challenge_id"].as_str().unwrap(),
                ),
                ("signature_cms_base64", s["cms_base64"].as_str().unwrap()),
            ],
            Some(&file),
        )
    };
    let (st, loc, html) = submit(&user, &cert_a);
    assert_eq!(
        (st, loc.as_str()),
        (303, "/ens/request/mine?sent=1"),
        "{html}"
    );
    let (st, _, mine) = user.page("/ens/request/mine?sent=1", "ru");
    assert_eq!(st, 200);
    assert!(mine.contains("Заявка на регистрацию отправлена"), "{mine}");
    assert!(mine.contains("data-status=\"SUBMITTED\">Подана<"), "{mine}");
    assert!(mine.contains(ORG_A.1));
    // MSG-ENS-DUPLICATE on the form.
    let (st, _, html) = user.page("/ens/request", "ru");
    assert_eq!(st, 409);
    assert!(
        html.contains("Заявка на регистрацию в ЕНС ТРУ уже подана, или доступ уже предоставлен")
    );
    // «Мои заявки» in kk and en.
    let (_, _, kk) = user.page("/ens/request/mine?lang=kk", "kk");
    assert!(kk.contains("Менің өтінімдерім") && kk.contains(">Берілді<"));
    let (_, _, en) = user.page("/ens/request/mine?lang=en", "en");
    assert!(en.contains("My requests") && en.contains(">Submitted<"));

    // AS-68: the authorized body accredits; «Войти» with the own password opens the home.
    let accredit = |participant: &str| {
        let (st, queue) = {
            let r = client()
                .get(format!("{}/api/v1/ens/access-requests", test_pki().base))
                .header("Cookie", &auth.cookie)
                .send()
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().unwrap())
        };
        assert_eq!(st, 200, "{queue}");
        let id = queue
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["participant_id"] == participant)
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let (st, _, done) = auth.post_json(
            &format!("/api/v1/ens/access-requests/{id}/decision"),
            &json!({ "accredit": true }),
        );
        assert_eq!(st, 200, "{done}");
    };
    accredit(&orgs[0]);
    let (_, _, mine) = user.page("/ens/request/mine", "ru");
    assert!(
        mine.contains("data-status=\"ACCREDITED\">Аккредитован<"),
        "{mine}"
    );
    // ACC-62: a module page asked for before «Войти» opens after it (module paths only).
    let visitor = User::anonymous();
    let r = client()
        .get(format!("{}/ens/notifications?page=1", test_pki().base))
        .header("Cookie", &visitor.cookie)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/ens/login");
    let ret = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tauar_ens_return="))
        .and_then(|v| v.split(';').next())
        .expect("the page asked for is remembered")
        .to_string();
    let asked = User {
        cookie: format!("{}; {ret}", visitor.cookie),
        csrf: visitor.csrf.clone(),
    };
    let (st, loc, _, _) = module_login_from(asked, &email, "Tauar2026");
    assert_eq!((st, loc.as_str()), (303, "/ens/notifications?page=1"));
    let (st, loc, _, module) = module_login(&email, "Tauar2026");
    assert_eq!((st, loc.as_str()), (303, "/ens"));
    let (st, _, home) = module.page("/ens", "ru");
    assert_eq!(st, 200, "{home}");
    assert!(home.contains("Реестр заявок"));
    assert!(home.contains("ТОО «Номенклатура Тест»") || home.contains("Номенклатура Тест"));
    assert!(home.contains(&email));
    assert!(
        home.contains("учетная запись и пароль"),
        "ACC-29: the assurance"
    );
    assert!(
        !home.contains("data-change-org"),
        "one organisation: no chooser"
    );
    assert!(
        !home.contains("data-staff-links"),
        "no staff roles: no staff links"
    );
    for (lang, title) in [("kk", "Өтінімдер тізілімі"), ("en", "Register of requests")]
    {
        let (st, _, h) = module.page(&format!("/ens?lang={lang}"), lang);
        assert_eq!(st, 200);
        assert!(h.contains(title), "{lang}");
    }
    // ACC-155, ACC-102: the accreditation is an in-app notification the module shows.
    assert!(home.contains("href=\"/ens/notifications\""), "{home}");
    assert!(home.contains("data-unread-count=\"1\""), "{home}");
    module_notifications(&module, &format!("acc_ensp_{}", ZHAN.iin));

    // ACC-30: a request for the second organisation, accredited: the chooser after «Войти».
    let user_b = platform_login(&cert_b);
    let (st, loc, html) = submit(&user_b, &cert_b);
    assert_eq!(
        (st, loc.as_str()),
        (303, "/ens/request/mine?sent=1"),
        "{html}"
    );
    accredit(&orgs[1]);
    let (st, loc, _, module) = module_login(&email, "Tauar2026");
    assert_eq!((st, loc.as_str()), (303, "/ens/organisation"));
    let (st, _, chooser) = module.page("/ens/organisation", "ru");
    assert_eq!(st, 200, "{chooser}");
    assert!(chooser.contains("Выберите организацию"));
    assert!(chooser.contains(&format!("data-org=\"{}\"", ORG_A.1)));
    assert!(chooser.contains(&format!("data-org=\"{}\"", ORG_B.1)));
    // An organisation that is not the account's is refused; the session stays as it was.
    let (st, _, html) = module.form("/ens/organisation", &[("participant_id", "p_nobody")]);
    assert_eq!(st, 422, "{html}");
    let (st, loc, _) = module.form("/ens/organisation", &[("participant_id", &orgs[1])]);
    assert_eq!((st, loc.as_str()), (303, "/ens"));
    let (st, _, home) = module.page("/ens", "ru");
    assert_eq!(st, 200);
    assert!(
        home.contains(&format!("data-org-bin>{}<", ORG_B.1)),
        "{home}"
    );
    assert!(home.contains("data-change-org"));

    // «Выйти»: the home sends to the login page again.
    let (st, loc, _) = module.form("/ens/logout", &[]);
    assert_eq!((st, loc.as_str()), (303, "/ens/login"));
    let (st, loc, _) = module.page("/ens", "ru");
    assert_eq!((st, loc.as_str()), (303, "/ens/login"));
}

/// The completion URLs of the module's scripts are pages' URLs (not under `/api/`), yet
/// `ncalayer-2.js` posts to them with `Accept: application/json` and shows the refusal's title:
/// a refusal there is a problem document in the page's language, while a browser that asks for
/// HTML still gets the error page.
#[test]
fn acc_61_a_refused_signed_login_is_a_problem_document_for_the_script() {
    let u = User::anonymous();
    let post = |accept: &str| {
        client()
            .post(format!(
                "{}/ens/login/signed?csrf=forged",
                crate::browser_session::base()
            ))
            .header("Cookie", &u.cookie)
            .header("Accept", accept)
            .header("Accept-Language", "ru")
            .header("Content-Type", "application/json")
            .body("{}")
            .send()
            .unwrap()
    };
    let r = post("application/json");
    assert_eq!(r.status().as_u16(), 403);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );
    let p: Value = r.json().unwrap();
    assert_eq!(p["code"], "CSRF_TOKEN_INVALID", "{p}");
    assert!(!p["title"].as_str().unwrap().is_empty(), "{p}");
    assert_ne!(p["title"], "Forbidden", "{p}");
    let r = post("text/html,application/xhtml+xml");
    assert_eq!(r.status().as_u16(), 403);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}
