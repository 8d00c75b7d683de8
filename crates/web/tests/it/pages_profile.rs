//! The profile pages and «Пользователи» over HTTP (spec/accounts.md §3.13, §3.16, §5.5;
//! AS-28…AS-33, AS-75): «Регистрационные данные» in kk, ru and en with the account's data, an
//! empty e-mail refused under the field with nothing changed, MSG-SAVED after a save, a passport
//! row added, kept by «Нет» and deleted by «Да», contacts with «Отмена», the cabinet links, the
//! 403 page of «Пользователи» for a non-admin, and the administrator's search, view, role grant
//! and block confirmation.

use crate::browser_session::{User, base};
use crate::helpers::{client, test_pki};
use serde_json::Value;
use std::sync::Mutex;

/// Registrations of this file, one at a time (a persona registers once per server).
static REGISTERING: Mutex<()> = Mutex::new(());

/// Logs `persona` (the authentication key) in, registering and activating its account first
/// when there is none (`signer` signs the agreement).
fn login(persona: &str, signer: &str, email: &str) -> User {
    let _g = REGISTERING.lock().unwrap_or_else(|e| e.into_inner());
    let (b, step) = User::certificate_step(persona);
    if step["next"] == "register" {
        b.register_and_activate(&step, signer, email);
        drop(_g);
        return login(persona, signer, email);
    }
    b.password_step(&step)
}

impl User {
    fn me(&self) -> Value {
        let r = client()
            .get(format!("{}/api/v1/me", base()))
            .header("Cookie", &self.cookie)
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        r.json().unwrap()
    }
}

/// The id of the row whose cells contain `text` (`data-row="N"`).
fn row_id(page: &str, text: &str) -> Option<String> {
    let at = page.find(text)?;
    let start = page[..at].rfind("data-row=\"")? + "data-row=\"".len();
    page[start..].split('"').next().map(str::to_string)
}

#[test]
fn acc_143_acc_98_as_28_as_29_registration_data_in_three_languages() {
    let email = notify::testing::unique_address("zhaksybekov");
    let u = login("C-ZHA-A", "C-ZHA-S", &email);
    let me = u.me();
    let iin = me["iin"].as_str().unwrap().to_string();
    let name = me["full_name"].as_str().unwrap_or_default().to_string();
    let email = me["email"].as_str().unwrap().to_string();

    let (st, _, ru) = u.page("/cabinet/profile", "ru");
    assert_eq!(st, 200);
    for text in [
        "Регистрационные данные",
        "Редактировать данные",
        "Поменять пароль",
        "href=\"/auth/password\"",
        "Подтвержден",
        "Дублировать уведомления на электронную почту",
        "Сохранить",
        "11.11.1995",
        iin.as_str(),
        email.as_str(),
        "+7 (701) 555 66 77",
    ] {
        assert!(ru.contains(text), "ru: missing «{text}»");
    }
    if !name.is_empty() {
        assert!(ru.contains(&name));
    }
    // The address was confirmed by the activation: no confirm button.
    assert!(!ru.contains("data-confirm-email"));
    let (_, _, kk) = u.page("/cabinet/profile?lang=kk", "kk");
    for text in ["Тіркеу деректері", "Құпия сөзді өзгерту", iin.as_str()]
    {
        assert!(kk.contains(text), "kk: missing «{text}»");
    }
    let (_, _, en) = u.page("/cabinet/profile?lang=en", "en");
    for text in ["Registration data", "Change password", email.as_str()] {
        assert!(en.contains(text), "en: missing «{text}»");
    }

    // The edit form: ИИН, ФИО and Дата рождения read-only.
    let (st, _, edit) = u.page("/cabinet/profile/edit", "ru");
    assert_eq!(st, 200);
    assert!(edit.contains(&format!("id=\"p-iin\" value=\"{iin}\" readonly")));
    assert!(edit.contains("name=\"email\""));
    assert!(edit.contains("name=\"mobile_phone\""));
    assert!(!edit.contains("name=\"iin\""));

    // AS-29: an empty e-mail is refused under the field and nothing changes.
    let (st, _, page) = u.form(
        "/cabinet/profile/edit",
        &[("email", "  "), ("mobile_phone", "+7 (702) 111 22 33")],
    );
    assert_eq!(st, 422);
    assert!(
        page.contains("data-error-for=\"email\">Поле обязательно для заполнения"),
        "{page}"
    );
    let after = u.me();
    assert_eq!(after["email"], me["email"]);
    assert_eq!(after["mobile_phone"], me["mobile_phone"]);
    // Without the CSRF token the form is refused.
    let r = client()
        .post(format!("{}/cabinet/profile/edit", base()))
        .header("Cookie", &u.cookie)
        .form(&[("email", "x@example.kz")])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);

    // A new phone is saved: MSG-SAVED on the view.
    let (st, loc, _) = u.form(
        "/cabinet/profile/edit",
        &[("email", &email), ("mobile_phone", "+7 (702) 111 22 33")],
    );
    assert_eq!((st, loc.as_str()), (303, "/cabinet/profile?saved=1"));
    let (_, _, saved) = u.page(&loc, "ru");
    assert!(saved.contains("Данные сохранены"));
    assert!(saved.contains("+7 (702) 111 22 33"));

    // ACC-102: the switch off, then on again.
    let (st, loc, _) = u.form("/cabinet/profile/notifications", &[]);
    assert_eq!((st, loc.as_str()), (303, "/cabinet/profile?saved=1"));
    let (_, _, off) = u.page("/cabinet/profile", "ru");
    assert!(!off.contains("value=\"on\" checked"));
    u.form(
        "/cabinet/profile/notifications",
        &[("email_notifications", "on")],
    );
    let (_, _, on) = u.page("/cabinet/profile", "ru");
    assert!(on.contains("value=\"on\" checked"));

    // The cabinet links to the profile pages, not to «Пользователи».
    let (_, _, cabinet) = u.page("/cabinet", "ru");
    assert!(cabinet.contains("href=\"/cabinet/profile\" data-menu=\"my-profile\""));
    assert!(cabinet.contains("href=\"/cabinet/profile/passports\""));
    assert!(!cabinet.contains("href=\"/admin/users\""));
}

#[test]
fn acc_100_acc_101_acc_145_as_31_as_32_passport_and_contact_rows() {
    let email = notify::testing::unique_address("zhaksybekov");
    let u = login("C-ZHA-A", "C-ZHA-S", &email);
    let (st, _, list) = u.page("/cabinet/profile/passports", "ru");
    assert_eq!(st, 200);
    assert!(list.contains("Паспортные данные"));
    assert!(list.contains("Добавить"));
    let (st, _, form) = u.page("/cabinet/profile/passports/new", "ru");
    assert_eq!(st, 200);
    assert!(form.contains("Удостоверение личности"));

    // Field errors under the fields, nothing stored.
    let (st, _, page) = u.form(
        "/cabinet/profile/passports/new",
        &[("doc_type", "ID_CARD"), ("number", "")],
    );
    assert_eq!(st, 422);
    assert!(page.contains("data-error-for=\"number\">Поле обязательно для заполнения"));

    let (st, loc, _) = u.form(
        "/cabinet/profile/passports/new",
        &[
            ("doc_type", "ID_CARD"),
            ("number", "047112233"),
            ("issue_date", "15.03.2016"),
            ("expiry_date", "14.03.2026"),
            ("issuer", "МВД РК"),
        ],
    );
    assert_eq!(
        (st, loc.as_str()),
        (303, "/cabinet/profile/passports?saved=1")
    );
    let (_, _, list) = u.page(&loc, "ru");
    assert!(list.contains("Данные сохранены"));
    assert!(list.contains("047112233"));
    assert!(list.contains("15.03.2016"));
    assert!(list.contains("Редактировать"));
    assert!(list.contains("Удалить"));
    let id = row_id(&list, "047112233").expect("the row");

    // «Удалить» → «Удалить выбранную запись?» with «Да» / «Нет»; «Нет» keeps the row.
    let del = format!("/cabinet/profile/passports/{id}/delete");
    let (st, _, confirm) = u.page(&del, "ru");
    assert_eq!(st, 200);
    assert!(confirm.contains("Удалить выбранную запись?"));
    assert!(confirm.contains("data-yes>Да</button>"));
    assert!(confirm.contains("data-no>Нет</button>"));
    let (st, loc, _) = u.form(&del, &[("confirm", "no")]);
    assert_eq!((st, loc.as_str()), (303, "/cabinet/profile/passports"));
    let (_, _, list) = u.page("/cabinet/profile/passports", "ru");
    assert!(list.contains("047112233"), "«Нет» keeps the row");
    // «Да» deletes it.
    let (st, loc, _) = u.form(&del, &[("confirm", "yes")]);
    assert_eq!((st, loc.as_str()), (303, "/cabinet/profile/passports"));
    let (_, _, list) = u.page("/cabinet/profile/passports", "ru");
    assert!(!list.contains("047112233"), "«Да» deletes the row");
    let (st, _, _) = u.page(&del, "ru");
    assert_eq!(st, 404);

    // AS-32: contacts ask with «Да» / «Отмена».
    let (st, loc, _) = u.form(
        "/cabinet/profile/contacts/new",
        &[
            ("kind", "WORK_PHONE"),
            ("value", "+7 (727) 250 00 00"),
            ("note", "приемная"),
        ],
    );
    assert_eq!(st, 303, "{loc}");
    let (_, _, list) = u.page("/cabinet/profile/contacts", "ru");
    assert!(list.contains("Рабочий телефон"));
    let id = row_id(&list, "приемная").expect("the contact row");
    let del = format!("/cabinet/profile/contacts/{id}/delete");
    let (_, _, confirm) = u.page(&del, "ru");
    assert!(confirm.contains("Удалить выбранную запись?"));
    assert!(confirm.contains("data-no>Отмена</button>"));
    let (st, _, _) = u.form(&del, &[("confirm", "yes")]);
    assert_eq!(st, 303);
    let (_, _, list) = u.page("/cabinet/profile/contacts", "ru");
    assert!(!list.contains("приемная"));
}

#[test]
fn acc_114_non_admin_gets_403_on_users() {
    let email = notify::testing::unique_address("zhaksybekov");
    let u = login("C-ZHA-A", "C-ZHA-S", &email);
    let (st, _, page) = u.page("/admin/users", "ru");
    assert_eq!(st, 403, "{page}");
    assert!(page.contains("data-code=\"ACC_FORBIDDEN\"") || page.contains("data-code="));
    assert!(!page.contains("id=\"users\""));
    let (st, _, _) = u.form("/admin/users/x/block", &[("reason", "r")]);
    assert_eq!(st, 403);
    // Anonymous visitors go to «Войти».
    let r = client()
        .get(format!("{}/admin/users", base()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
}

#[test]
fn acc_114_as_75_admin_searches_views_grants_and_confirms_a_block() {
    let admin_mail = notify::testing::unique_address("ahmetov");
    let iin = login("C-AHM-A", "C-AHM-S", &admin_mail).me()["iin"]
        .as_str()
        .unwrap()
        .to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = db::Db::connect(&test_pki().database_url).await.unwrap();
        // Twice is refused (the role is held); the first time is enough.
        let _ = accounts::new_banks::grant_role(
            &db,
            kernel::Millis::now(),
            &iin,
            "PLATFORM_ADMIN",
            None,
            "test",
        )
        .await;
        db.close().await;
    });
    let admin = login("C-AHM-A", "C-AHM-S", &admin_mail);
    let (_, _, cabinet) = admin.page("/cabinet", "ru");
    assert!(cabinet.contains("href=\"/admin/users\" data-menu=\"users\">Пользователи"));
    let (st, _, list) = admin.page(&format!("/admin/users?q={iin}"), "ru");
    assert_eq!(st, 200, "{list}");
    assert!(list.contains("Пользователи"));
    let i = list.find("data-user=\"").expect("a row") + "data-user=\"".len();
    let id = list[i..].split('"').next().unwrap().to_string();
    let (st, _, view) = admin.page(&format!("/admin/users/{id}"), "ru");
    assert_eq!(st, 200);
    assert!(view.contains(&iin));
    // Roles by their names, not their codes; the select sends the code.
    for text in [
        "Администратор платформы",
        "<option value=\"ENS_EXPERT\">Эксперт ЕНС ТРУ</option>",
        "Назначить роль",
        "Заблокировать",
        "Причина",
    ] {
        assert!(view.contains(text), "missing «{text}»");
    }
    // A grant without a reason: the message under the field.
    let (st, _, page) = admin.form(
        &format!("/admin/users/{id}/roles"),
        &[("role", "ENS_EXPERT"), ("reason", "")],
    );
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"reason\""));
    let (st, _, page) = admin.form(
        &format!("/admin/users/{id}/roles"),
        &[("role", "ENS_EXPERT"), ("reason", "AS-75")],
    );
    assert_eq!(st, 200, "{page}");
    assert!(page.contains("Данные сохранены"));
    assert!(page.contains("<td>Эксперт ЕНС ТРУ</td>"), "{page}");
    // A6 asks first; «Нет» changes nothing.
    let (st, _, confirm) = admin.form(
        &format!("/admin/users/{id}/block"),
        &[("reason", "проверка")],
    );
    assert_eq!(st, 200);
    assert!(confirm.contains("data-question"));
    assert!(confirm.contains("name=\"reason\" value=\"проверка\""));
    let (st, loc, _) = admin.form(
        &format!("/admin/users/{id}/block"),
        &[("reason", "проверка"), ("confirm", "no")],
    );
    assert_eq!((st, loc), (303, format!("/admin/users/{id}")));
    let (_, _, view) = admin.page(&format!("/admin/users/{id}"), "ru");
    assert!(view.contains("data-status=\"ACTIVE\""));
}

/// Two in-app notifications of E-JOIN-DECIDED to the account, written as the product does (in
/// a transaction that takes the audit head first); the organisation name is `org`.
fn seed_notifications(account_id: &str, org: &str) {
    crate::helpers::with_db(async |db| {
        let mut tx = db.write_tx().await.unwrap();
        signatures::audit::lock_head(&mut tx).await.unwrap();
        for reason in ["Нет вакансии", "Повторный запрос"] {
            let args = serde_json::json!({ "org": org, "reason": reason }).to_string();
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
}

#[test]
fn as_33_acc_155_the_notifications_page_and_api() {
    let email = notify::testing::unique_address("zhaksybekov");
    let u = login("C-ZHA-A", "C-ZHA-S", &email);
    let me = u.me();
    let org = format!("ТОО «Уведомления {}»", &email[..8]);
    seed_notifications(me["account_id"].as_str().unwrap(), &org);

    let (st, _, ru) = u.page("/cabinet/notifications", "ru");
    assert_eq!(st, 200, "{ru}");
    assert!(ru.contains("data-menu=\"my-notifications\""));
    let ours: Vec<&str> = ru
        .split("data-notification=\"")
        .skip(1)
        .filter(|li| li.contains(&org))
        .collect();
    assert_eq!(ours.len(), 2, "{ru}");
    for li in &ours {
        assert!(li.contains("Запрос на присоединение отклонен"));
        assert!(li.contains("data-read=\"false\""));
    }
    assert!(ours[0].contains("Повторный запрос"), "newest first");
    // The reader's language decides the text.
    let (_, _, en) = u.page("/cabinet/notifications?lang=en", "en");
    assert!(en.contains("Notifications") && en.contains(&org), "{en}");

    // «Отметить как прочитанное» for one, then «Отметить все как прочитанные».
    let id = ours[1].split('"').next().unwrap().to_string();
    let (st, _, _) = u.form("/cabinet/notifications/read", &[("id", &id)]);
    assert_eq!(st, 303);
    let (_, _, ru) = u.page("/cabinet/notifications", "ru");
    let read = ru
        .split("data-notification=\"")
        .skip(1)
        .find(|li| li.starts_with(&format!("{id}\"")))
        .unwrap();
    assert!(read.contains("data-read=\"true\""));
    // Another account's notification is not found, through the API as well.
    let other = login(
        "C-AHM-A",
        "C-AHM-S",
        &notify::testing::unique_address("ahmetov"),
    );
    let (st, _, p) = other.post_json(&format!("/api/v1/me/notifications/{id}/read"), &Value::Null);
    assert_eq!((st, p["code"].as_str()), (404, Some("NOT_FOUND")), "{p}");
    let (st, _, _) = u.form("/cabinet/notifications/read", &[]);
    assert_eq!(st, 303);
    let r = client()
        .get(format!("{}/api/v1/me/notifications?per_page=10", base()))
        .header("Cookie", &u.cookie)
        .header("Accept-Language", "ru")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let list: Value = r.json().unwrap();
    assert_eq!(list["unread"], 0, "{list}");
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "E-JOIN-DECIDED" && n["text"].as_str().unwrap().contains(&org))
    );
}
