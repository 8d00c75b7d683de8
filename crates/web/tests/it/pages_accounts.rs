//! The account pages (spec/accounts.md §5.1–§5.3, ACC-6): the help page of AS-13, the login and
//! registration labels in kk, ru and en (portal and НКТ), and the pages a browser opens from
//! e-mail links — activation on GET (AS-9), recovery only on POST (ACC-140) — with the
//! activation message, the forced password change and the cabinet around them.

use crate::helpers::{TEST_PKI_DIR, TEST_PKI_MAILBOX, client, fixture, session_cookie, test_pki};
use base64ct::{Base64, Encoding};
use pki::testkit::{CmsOptions, TestPki, sign_cms};
use serde_json::{Value, json};

/// A browser of the test-PKI server: its cookie and the CSRF token the login page gave it.
struct Browser {
    cookie: String,
    csrf: String,
}

fn attr<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let i = html.find(&format!("{name}=\""))? + name.len() + 2;
    html[i..].split('"').next()
}

impl Browser {
    /// Opens the login page, as a browser does first.
    fn new() -> Browser {
        let r = client()
            .get(format!("{}/auth/login?lang=ru", test_pki().base))
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let cookie = session_cookie(r.headers()).expect("the login page sets a session cookie");
        let page = r.text().unwrap();
        let csrf = attr(&page, "data-csrf")
            .expect("the CSRF token")
            .to_string();
        Browser { cookie, csrf }
    }

    fn post(&self, path: &str, body: &Value) -> (u16, reqwest::header::HeaderMap, Value) {
        let r = client()
            .post(format!("{}{}", test_pki().base, path))
            .header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .header("Accept-Language", "ru")
            .json(body)
            .send()
            .unwrap();
        let st = r.status().as_u16();
        let h = r.headers().clone();
        (st, h, r.json().unwrap_or(Value::Null))
    }

    /// A page: (status, `Location`, body).
    fn page(&self, path: &str) -> (u16, String, String) {
        let r = client()
            .get(format!("{}{}", test_pki().base, path))
            .header("Cookie", &self.cookie)
            .header("Accept-Language", "ru")
            .send()
            .unwrap();
        let st = r.status().as_u16();
        let loc = location(r.headers());
        (st, loc, r.text().unwrap())
    }

    /// A form post of a page, with its `csrf` field.
    fn form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        let mut all: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        all.extend_from_slice(fields);
        let r = client()
            .post(format!("{}{}", test_pki().base, path))
            .header("Cookie", &self.cookie)
            .header("Accept-Language", "ru")
            .form(&all)
            .send()
            .unwrap();
        let st = r.status().as_u16();
        let loc = location(r.headers());
        (st, loc, r.text().unwrap())
    }

    /// A challenge of `purpose`, signed by `persona` and completed through the NCALayer
    /// module's route (the CSRF token and the step context in the query, as the page does).
    fn sign_through_page(
        &self,
        purpose: &str,
        content: Option<Value>,
        persona: &str,
        complete: &str,
    ) -> (u16, Value) {
        let mut req = json!({ "purpose": purpose });
        if let Some(c) = content {
            req["content"] = c;
        }
        let (st, _, ch) = self.post("/api/v1/signatures/challenges", &req);
        assert_eq!(st, 201, "{ch}");
        let tbs = Base64::decode_vec(ch["tbs_base64"].as_str().unwrap()).unwrap();
        let pki = TestPki::open(TEST_PKI_DIR.get().unwrap()).unwrap();
        let cms = sign_cms(&pki.signer(persona).unwrap(), &tbs, &CmsOptions::default()).unwrap();
        // The module sends no header of its own.
        let r = client()
            .post(format!("{}{complete}", test_pki().base))
            .header("Cookie", &self.cookie)
            .header("Accept-Language", "ru")
            .json(&json!({ "challenge_id": ch["challenge_id"], "cms_base64": Base64::encode_string(&cms) }))
            .send()
            .unwrap();
        (r.status().as_u16(), r.json().unwrap_or(Value::Null))
    }
}

/// The `csrf` field of a page's forms.
fn csrf_field(page: &str) -> String {
    let i = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with the CSRF token")
        + "name=\"csrf\" value=\"".len();
    page[i..].split('"').next().unwrap().to_string()
}

fn location(h: &reqwest::header::HeaderMap) -> String {
    h.get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn mails_to(addr: &str, n: usize) -> Vec<notify::testing::ReceivedMail> {
    let mb = TEST_PKI_MAILBOX.get().unwrap();
    for _ in 0..200 {
        let m = mb.messages_to(addr).unwrap();
        if m.len() >= n {
            return m;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    mb.messages_to(addr).unwrap()
}

/// The token of the first `/auth/{kind}/…` link of a mail body.
fn link_token(body: &str, kind: &str) -> String {
    let prefix = format!("/auth/{kind}/");
    let i = body.find(&prefix).expect("a link") + prefix.len();
    body[i..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[test]
fn acc_6_as_13_help_page_in_three_languages() {
    // The help page works on a server without ЭЦП verification too.
    let (st, ru) = fixture().html("/help/ecp?lang=ru");
    assert_eq!(st, 200);
    for text in [
        "Подготовка к работе с ЭЦП",
        "NCALayer",
        "центры регистрации НУЦ РК",
        "(ЦОН)",
        "https://pki.gov.kz/",
        "от имени администратора",
        "NCALayer не запущен",
    ] {
        assert!(ru.contains(text), "missing «{text}»");
    }
    let (_, kk) = fixture().html("/help/ecp?lang=kk");
    assert!(kk.contains("ЭЦҚ-мен жұмысқа дайындалу"));
    assert!(kk.contains("әкімші атынан"));
    let (_, en) = fixture().html("/help/ecp?lang=en");
    assert!(en.contains("Preparing to work with ЭЦП"));
    assert!(en.contains("Run as administrator"));
    for page in [&ru, &kk, &en] {
        // G-25: the seed's browser workarounds are never suggested.
        assert!(!page.contains("Загрузить небезопасные скрипты"));
        assert!(!page.contains("Отключить защиту на этой странице"));
        assert!(page.contains("href=\"/auth/login\""), "the header «Войти»");
    }
    // The header of every page links to «Войти».
    let (_, home) = fixture().html("/dict?lang=ru");
    assert!(home.contains("href=\"/auth/login\" data-account-login>Войти</a>"));
}

#[test]
fn acc_135_acc_137_login_and_registration_labels_in_kk_ru_en() {
    let (st, ru) = test_pki().html("/auth/login?lang=ru");
    assert_eq!(st, 200);
    for text in [
        "Выберите ключ",
        "Внимание! Предварительно запустите программу для работы с ЭЦП.",
        // ACC-136: the message of a missing NCALayer and the link to the help page.
        "Не удалось подключиться к NCALayer. Убедитесь, что программа NCALayer запущена, и обновите страницу",
        "Как подготовить компьютер к работе с ЭЦП",
        "href=\"/help/ecp\"",
        "ИИН",
        "ФИО",
        "Дата рождения",
        "Электронная почта",
        "Мобильный телефон",
        "placeholder=\"+7 (777) 777 77 77\"",
        "Пользовательское соглашение",
        "Подписать",
        "Задать пароль",
        "от 8 до 20 символов",
        "строчные буквы",
        "заглавные буквы",
        "цифры",
        "Подтверждение пароля",
        "Подтверждаю данные",
        "Авторизуйтесь",
        "Забыли пароль?",
        "/assets/auth-2.js",
    ] {
        assert!(ru.contains(text), "missing «{text}»");
    }
    // No inline handlers: the module wires the page.
    assert!(!ru.contains(" onclick="));
    let (_, kk) = test_pki().html("/auth/login?lang=kk");
    for text in [
        "Кілтті таңдаңыз",
        "ЖСН",
        "Құпия сөзді орнату",
        "Деректерді растаймын",
        "Жүйеге кіріңіз",
    ] {
        assert!(kk.contains(text), "kk: missing «{text}»");
    }
    let (_, en) = test_pki().html("/auth/login?lang=en");
    for text in [
        "Choose a key",
        "Set a password",
        "I confirm the data",
        "Forgot your password?",
    ] {
        assert!(en.contains(text), "en: missing «{text}»");
    }
    // ACC-138: the НКТ window «Контактные данные» (001 Сур. 3, 5).
    let (_, nct) = test_pki().html("/auth/login?entry=NCT&lang=ru");
    for text in [
        "Регистрация",
        "Авторизация",
        "Выбрать ЭЦП-ключ",
        "Выбрать ЭЦП ключ",
        "Контактные данные",
        "E-mail *",
        "placeholder=\"example@example.kz\"",
        "Мобильный телефон *",
        "Пароль *",
        "placeholder=\"Введите пароль\"",
        "Подтвердите пароль *",
        "placeholder=\"Подтвердите пароль\"",
        "Пользовательское соглашение",
        "Зарегистрироваться",
        "Вернуться назад",
        "Закрыть",
        "Войти в систему",
        "data-entry=\"NCT\"",
    ] {
        assert!(nct.contains(text), "НКТ: missing «{text}»");
    }
    let (_, nct_kk) = test_pki().html("/auth/login?entry=NCT&lang=kk");
    for text in ["Байланыс деректері", "Пайдаланушы келісімі", "Тіркелу"]
    {
        assert!(nct_kk.contains(text), "НКТ kk: missing «{text}»");
    }
    // The module and its stylesheet are served from /assets.
    let js = test_pki().get("/assets/auth-2.js");
    assert_eq!(js.status().as_u16(), 200);
    assert!(js.text().unwrap().contains("./ncalayer-2.js"));
    assert_eq!(test_pki().get("/assets/auth-1.css").status().as_u16(), 200);
}

#[test]
fn as_9_acc_140_pages_of_mail_links_pending_cabinet_and_temporary_password() {
    let b = Browser::new();
    let csrf = enc(&b.csrf);
    // The certificate step through the module's completion route (ACC-37: no account yet).
    let (st, step) = b.sign_through_page(
        "login",
        None,
        "C-OMA-A",
        &format!("/api/v1/auth/browser/login?entry=PORTAL&csrf={csrf}"),
    );
    assert_eq!(st, 200, "{step}");
    assert_eq!(step["next"], "register", "{step}");
    assert_eq!(step["identity"]["iin"], "871202400552");
    let token = step["registration_token"].as_str().unwrap().to_string();
    // Without the CSRF token the route refuses.
    let (st, p) = b.sign_through_page("login", None, "C-OMA-A", "/api/v1/auth/browser/login");
    assert_eq!(st, 403, "{p}");
    assert_eq!(p["code"], "CSRF_TOKEN_INVALID");

    // The agreement text of the step, then «Подписать» with the signing key.
    let r = client()
        .get(format!(
            "{}/api/v1/auth/agreement?registration_token={}",
            test_pki().base,
            enc(&token)
        ))
        .header("Cookie", &b.cookie)
        .header("Accept-Language", "ru")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let agreement: Value = r.json().unwrap();
    assert_eq!(agreement["kind"], "USER_PORTAL");
    assert_eq!(agreement["title"], "Пользовательское соглашение");
    assert!(agreement["text"].as_str().unwrap().len() > 100);
    let (st, signed) = b.sign_through_page(
        "register.agreement",
        Some(json!({ "registration_token": token })),
        "C-OMA-S",
        &format!(
            "/api/v1/auth/browser/agreement?registration_token={}&csrf={csrf}",
            enc(&token)
        ),
    );
    assert_eq!(st, 200, "{signed}");
    assert_eq!(signed["message"], "Соглашение подписано");
    let email = notify::testing::unique_address("omarova");
    let (st, _, reg) = b.post(
        "/api/v1/auth/register",
        &json!({"registration_token": token, "email": email, "mobile_phone": "+7 (702) 555 66 77",
                "password": "Omarova2026", "password_confirmation": "Omarova2026"}),
    );
    assert_eq!(st, 201, "{reg}");

    // «Авторизуйтесь» → the password: a pending account sees only the activation message.
    let (st, h, me) = b.post(
        "/api/v1/auth/login/password",
        &json!({"login_token": reg["login_token"], "password": "Omarova2026"}),
    );
    assert_eq!(st, 200, "{me}");
    assert_eq!(me["next"], "activation");
    let user = Browser {
        cookie: session_cookie(&h).unwrap(),
        csrf: String::new(),
    };
    let (st, loc, _) = user.page("/cabinet");
    assert_eq!((st, loc.as_str()), (303, "/auth/pending"));
    let (st, _, pending) = user.page("/auth/pending");
    assert_eq!(st, 200);
    assert!(pending.contains(&format!(
        "Учетная запись не активирована. Для продолжения работы перейдите по ссылке из письма, \
         отправленного на адрес {email}"
    )));
    for text in [
        "Отправить письмо повторно",
        "Изменить адрес электронной почты",
        "Выйти",
        "ОМАРОВА САУЛЕ БЕКЕНОВНА",
    ] {
        assert!(pending.contains(text), "missing «{text}»");
    }
    let user = Browser {
        csrf: csrf_field(&pending),
        ..user
    };
    // A4 with a malformed address: the message under the field, nothing sent.
    let (st, _, page) = user.form("/auth/pending/email", &[("email", "omarova@")]);
    assert_eq!(st, 422);
    assert!(page.contains("data-error-for=\"email\">Введите корректный адрес электронной почты"));

    // AS-9: the activation link, opened twice.
    let mails = mails_to(&email, 1);
    assert_eq!(mails.len(), 1, "one E-ACTIVATION");
    let link = link_token(&mails[0].body, "activate");
    let (st, _, page) = b.page(&format!("/auth/activate/{link}"));
    assert_eq!(st, 200);
    assert!(page.contains(
        "Адрес электронной почты подтвержден, учетная запись активирована. Повторите вход в кабинет"
    ));
    assert!(page.contains("href=\"/auth/login\""), "«Войти»");
    let (st, _, page) = b.page(&format!("/auth/activate/{link}"));
    assert_eq!(st, 410);
    assert!(
        page.contains("Ссылка недействительна: срок ее действия истек или она уже использована")
    );
    let (st, _, _) = b.page("/auth/activate/..%2F..%2Fetc");
    assert_eq!(st, 410, "a malformed token is an invalid link");

    // The same session now opens the cabinet, with the name and «Выйти» in the header.
    let (st, loc, _) = user.page("/auth/pending");
    assert_eq!((st, loc.as_str()), (303, "/cabinet"));
    let (st, _, cabinet) = user.page("/cabinet");
    assert_eq!(st, 200);
    for text in [
        "871202400552",
        "02.12.1987",
        "+7 (702) 555 66 77",
        "Подтвержден",
        "data-account-name>ОМАРОВА САУЛЕ БЕКЕНОВНА",
    ] {
        assert!(cabinet.contains(text), "cabinet: missing «{text}»");
    }
    // «Выйти» without the token is refused; with it the session ends.
    let forged = Browser {
        csrf: "AAAA".into(),
        cookie: user.cookie.clone(),
    };
    assert_eq!(forged.form("/auth/logout", &[]).0, 403);
    let (st, loc, _) = user.form("/auth/logout", &[]);
    assert_eq!((st, loc.as_str()), (303, "/"));
    let (st, loc, _) = user.page("/cabinet");
    assert_eq!((st, loc.as_str()), (303, "/auth/login"));

    // ACC-140: «Забыли пароль?» → the link's page has one button and changes nothing on GET.
    let (st, step) = b.sign_through_page(
        "login",
        None,
        "C-OMA-A",
        &format!("/api/v1/auth/browser/login?csrf={csrf}"),
    );
    assert_eq!(st, 200, "{step}");
    assert_eq!(step["next"], "password");
    assert_eq!(step["full_name"], "ОМАРОВА САУЛЕ БЕКЕНОВНА");
    let (st, _, m) = b.post(
        "/api/v1/auth/recovery",
        &json!({"login_token": step["login_token"]}),
    );
    assert_eq!(st, 200, "{m}");
    let mails = mails_to(&email, 2);
    let recovery = mails
        .iter()
        .find(|m| m.body.contains("/auth/recover/"))
        .expect("E-RECOVERY");
    let link = link_token(&recovery.body, "recover");
    let (st, _, page) = b.page(&format!("/auth/recover/{link}"));
    assert_eq!(st, 200);
    assert!(page.contains("Получить временный пароль"));
    assert!(page.contains(&format!("action=\"/auth/recover/{link}\"")));
    let (st, _, page) = b.page(&format!("/auth/recover/{link}"));
    assert_eq!(st, 200, "a prefetch does not use the link");
    assert!(page.contains("Получить временный пароль"));
    let masked = format!("o***@{}", email.split('@').nth(1).unwrap());
    let (st, _, page) = b.form(&format!("/auth/recover/{link}"), &[]);
    assert_eq!(st, 200);
    assert!(page.contains(&format!(
        "Временный пароль отправлен на адрес электронной почты {masked}"
    )));
    assert!(page.contains("Перейти ко входу"));
    let (st, _, page) = b.form(&format!("/auth/recover/{link}"), &[]);
    assert_eq!(st, 410);
    assert!(page.contains("Ссылка недействительна"));

    // ACC-68: after the temporary password only «Смена пароля» opens.
    let mails = mails_to(&email, 3);
    let temp_mail = mails
        .iter()
        .find(|m| m.body.contains("временный пароль: "))
        .expect("E-TEMP-PASSWORD");
    let i = temp_mail.body.find("временный пароль: ").unwrap() + "временный пароль: ".len();
    let temp: String = temp_mail.body[i..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    assert_eq!(temp.len(), 12, "{}", temp_mail.body);
    let (_, step) = b.sign_through_page(
        "login",
        None,
        "C-OMA-A",
        &format!("/api/v1/auth/browser/login?csrf={csrf}"),
    );
    let (st, h, me) = b.post(
        "/api/v1/auth/login/password",
        &json!({"login_token": step["login_token"], "password": temp}),
    );
    assert_eq!(st, 200, "{me}");
    assert_eq!(me["next"], "change_password");
    let user = Browser {
        cookie: session_cookie(&h).unwrap(),
        csrf: String::new(),
    };
    let (st, loc, _) = user.page("/cabinet");
    assert_eq!((st, loc.as_str()), (303, "/auth/password"));
    let (st, _, page) = user.page("/auth/password");
    assert_eq!(st, 200);
    for text in [
        "Смена пароля",
        "Новый пароль",
        "Подтверждение пароля",
        "Сохранить",
    ] {
        assert!(page.contains(text), "missing «{text}»");
    }
    assert!(
        !page.contains("Текущий пароль"),
        "not asked after a temporary password"
    );
    let user = Browser {
        csrf: csrf_field(&page),
        ..user
    };
    let (st, _, page) = user.form(
        "/auth/password",
        &[
            ("new_password", "Omarova2027"),
            ("password_confirmation", "Omarova2028"),
        ],
    );
    assert_eq!(st, 422);
    assert!(page.contains("data-error-for=\"password_confirmation\">Пароли не совпадают"));
    let (st, loc, _) = user.form(
        "/auth/password",
        &[
            ("new_password", "Omarova2027"),
            ("password_confirmation", "Omarova2027"),
        ],
    );
    assert_eq!((st, loc.as_str()), (303, "/cabinet"));
    assert_eq!(user.page("/cabinet").0, 200);
}
