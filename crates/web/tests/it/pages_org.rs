//! The participant pages over HTTP (spec/accounts.md §5.4, §5.6–§5.8; AS-34…AS-63): the
//! registration form and its field errors, the signed participant agreement, «Банковские
//! счета» with a refused and an accepted IBAN, the new-bank confirmation, «Сотрудники
//! организации», a join request sent and approved, and the 403 pages of a member without
//! authorities. Pages render in kk, ru and en; a refused form changes nothing.

use crate::browser_session::User;
use serde_json::json;

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

/// The registration form of ТОО «Тауар Сервис» as its head types it.
fn participant_fields<'a>(kind: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("type", kind),
        ("state_reg_date", "2004-05-15"),
        ("state_reg_doc_number", "7"),
        ("state_reg_authority", "МЮ"),
        ("country", "KZ"),
        ("kopf", "20"),
        ("kse", "7"),
        ("kfs", "19"),
        ("is_resident", "on"),
        ("email", email),
        ("phones", "+7 727 000 00 00"),
        ("applicant_full_name", "СЕРИКОВА АЙГЕРИМ"),
        ("applicant_position", "Директор"),
        ("head_iin", "850505400905"),
        ("head_last_name", "СЕРИКОВА"),
        ("head_first_name", "АЙГЕРИМ"),
        ("head_position", "Директор"),
    ]
}

#[test]
fn acc_146_acc_147_acc_149_participant_pages_register_bank_join_and_403() {
    // ---- the head of ТОО «Тауар Сервис» (C-SER-S) registers the participant ----
    let head = User::register("C-SER-S", &notify::testing::unique_address("serikova"));
    let (st, _, cab) = head.page("/cabinet", "ru");
    assert_eq!(st, 200);
    assert!(cab.contains("data-menu=\"register\""), "ACC-142: {cab}");
    assert!(cab.contains("Зарегистрировать участника"));
    for (lang, title, button) in [
        ("ru", "Регистрация участника", "Подтверждаю данные"),
        ("kk", "Қатысушыны тіркеу", "Деректерді растаймын"),
        ("en", "Participant registration", "I confirm the data"),
    ] {
        let (st, _, page) = head.page("/cabinet/participant/register", lang);
        assert_eq!(st, 200, "{lang}");
        assert!(
            page.contains(title) && page.contains(button),
            "{lang}: {page}"
        );
        assert!(page.contains("040540000123"), "the БИН of the certificate");
    }
    // ACC-126: ИП of a БИН certificate hides the applicant and head fields.
    let (_, _, ip) = head.page("/cabinet/participant/register?type=IP", "ru");
    assert!(!ip.contains("name=\"head_iin\""), "hidden for ИП");
    let (_, _, ul) = head.page("/cabinet/participant/register", "ru");
    assert!(ul.contains("name=\"head_iin\"") && ul.contains("name=\"kfs\""));
    // Bad input: field messages, nothing saved.
    let (st, _, page) = head.form(
        "/cabinet/participant/register",
        &[
            ("type", "UL"),
            ("email", "bad"),
            ("country", "KZ"),
            ("kse", "7"),
        ],
    );
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"state_reg_date\""), "{page}");
    assert!(page.contains("Поле обязательно для заполнения"));
    assert!(page.contains("data-error-for=\"email\""));
    assert!(page.contains("Исправьте ошибки:"));
    // Without the CSRF token the post is refused.
    let email = "info@tauar-servis.kz";
    let (st, _, _) = head.form_without_csrf(
        "/cabinet/participant/register",
        &participant_fields("UL", email),
    );
    assert_eq!(st, 403);
    // The agreement is required (MSG-AGREEMENT-UNSIGNED under its block).
    let (st, _, page) = head.form(
        "/cabinet/participant/register",
        &participant_fields("UL", email),
    );
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"agreement\""), "{page}");
    assert_eq!(
        head.page("/cabinet/org", "ru").0,
        403,
        "nothing registered yet"
    );
    // Signed: «Подтверждаю данные» opens «Банковские счета» in the participant context.
    let act = head.signed(
        "participant.register",
        Some(json!({ "type": "UL" })),
        "C-SER-S",
    );
    let mut fields = participant_fields("UL", email);
    let (ch, cms) = (
        act["challenge_id"].as_str().unwrap().to_string(),
        act["cms_base64"].as_str().unwrap().to_string(),
    );
    fields.push(("agreement_challenge_id", &ch));
    fields.push(("agreement_cms_base64", &cms));
    let (st, loc, page) = head.form("/cabinet/participant/register", &fields);
    assert_eq!(st, 303, "{page}");
    assert!(loc.starts_with("/cabinet/org/bank-accounts"), "{loc}");
    for (lang, text) in [
        ("ru", "Банковские реквизиты не заполнены"),
        ("kk", "Банктік деректемелер толтырылмаған"),
        ("en", "The bank details are empty"),
    ] {
        let (st, _, page) = head.page("/cabinet/org/bank-accounts", lang);
        assert_eq!(st, 200);
        assert!(page.contains(text), "{lang}: {page}");
    }
    let (_, _, cab) = head.page("/cabinet", "ru");
    for item in ["profile", "bank-accounts", "employees", "join-requests"] {
        assert!(
            cab.contains(&format!("data-menu=\"{item}\"")),
            "{item}: {cab}"
        );
    }
    assert!(!cab.contains("data-menu=\"register\""));
    let (st, _, prof) = head.page("/cabinet/org", "ru");
    assert_eq!(st, 200);
    assert!(
        prof.contains("ТОО «Тауар Сервис»") || prof.contains("Тауар"),
        "{prof}"
    );

    // ---- ACC-103: «Заполнить данные» without an ИНИС source opens the empty form, saying why ----
    let (_, _, list) = head.page("/cabinet/org/bank-accounts", "ru");
    assert!(
        list.contains("href=\"/cabinet/org/bank-accounts/inis\" data-fill"),
        "{list}"
    );
    let (st, loc, _) = head.page("/cabinet/org/bank-accounts/inis", "ru");
    assert_eq!(
        (st, loc.as_str()),
        (303, "/cabinet/org/bank-accounts/new?inis=off")
    );
    let (st, _, page) = head.page("/cabinet/org/bank-accounts/new?inis=off", "ru");
    assert_eq!(st, 200);
    assert!(
        page.contains("data-inis-off") && page.contains("ИНИС"),
        "{page}"
    );

    // ---- «Добавить счет»: a wrong check digit is refused, a valid IBAN gets its bank ----
    let (st, _, page) = head.page("/cabinet/org/bank-accounts/new", "ru");
    assert_eq!(st, 200);
    assert!(page.contains("value=\"17\""), "КБе 17 read-only: {page}");
    let (st, _, page) = head.form(
        "/cabinet/org/bank-accounts/new",
        &[
            ("number", "KZ909010000000012346"),
            ("account_type", "CURRENT"),
        ],
    );
    assert_eq!(st, 422, "{page}");
    assert!(
        page.contains("Номер счета указан неверно: не совпадает контрольное число"),
        "{page}"
    );
    let (_, _, list) = head.page("/cabinet/org/bank-accounts", "ru");
    assert!(
        list.contains("Банковские реквизиты не заполнены"),
        "nothing saved"
    );
    let iban = kz_iban("722", "0000000012345");
    let (st, loc, page) = head.form(
        "/cabinet/org/bank-accounts/new",
        &[
            ("number", &iban),
            ("account_type", "CURRENT"),
            ("bank_bic", "HSBKKZKX"),
        ],
    );
    assert_eq!(st, 303, "{page}");
    assert_eq!(loc, "/cabinet/org/bank-accounts?saved=1");
    let (_, _, list) = head.page(&loc, "ru");
    assert!(
        list.contains(&iban) && list.contains("KASPI"),
        "the IBAN's bank: {list}"
    );
    assert!(list.contains("Данные сохранены"));
    let id = list
        .split("/cabinet/org/bank-accounts/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_string();
    let (st, _, page) = head.page(&format!("/cabinet/org/bank-accounts/{id}/delete"), "ru");
    assert_eq!(st, 200);
    assert!(page.contains(&format!("Удалить счет {iban}?")), "{page}");
    assert!(page.contains(">Да<") && page.contains(">Нет<"));

    // ---- ACC-31: a country the administrator set inactive is not offered any more ----
    let (st, _, form) = head.page("/cabinet/org/new-banks?new=1", "ru");
    assert_eq!(st, 200);
    assert!(
        form.contains("value=\"BV\""),
        "Bouvet Island is offered: {form}"
    );
    let bouvet = |active: bool| {
        let admin = crate::api_agreements::admin();
        let r = crate::helpers::client()
            .put(format!(
                "{}/api/v1/admin/dictionaries/countries/entries/BV",
                crate::browser_session::base()
            ))
            .header("Cookie", &admin.cookie)
            .header("X-CSRF-Token", &admin.csrf)
            .json(
                &json!({ "name_ru": "Остров Буве", "name_kk": "Буве аралдары",
                           "name_en": "Bouvet Island", "active": active }),
            )
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
    };
    bouvet(false);
    let (_, _, form) = head.page("/cabinet/org/new-banks?new=1", "ru");
    assert!(!form.contains("value=\"BV\""), "inactive, not offered");
    assert!(form.contains("value=\"KZ\""));
    bouvet(true);
    let (_, _, form) = head.page("/cabinet/org/new-banks?new=1", "ru");
    assert!(form.contains("value=\"BV\""), "offered again");

    // ---- a new-bank request: the confirmation, then field errors, nothing sent ----
    let nb = [
        ("bank_name_ru", "АО «Банк Тест-9»"),
        ("bic", "12"),
        ("country", "KZ"),
    ];
    let (st, _, page) = head.form("/cabinet/org/new-banks", &nb);
    assert_eq!(st, 200);
    assert!(page.contains("Отправить заявку на регистрацию банка на утверждение?"));
    let mut yes = nb.to_vec();
    yes.push(("confirm", "yes"));
    let (st, _, page) = head.form("/cabinet/org/new-banks", &yes);
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"bic\""), "{page}");
    assert!(page.contains("data-empty"), "no request was stored");

    // ---- an employee (C-NUR-S) asks to join; the administrator approves ----
    let emp = User::register("C-NUR-S", &notify::testing::unique_address("nurlanov"));
    let (_, _, cab) = emp.page("/cabinet", "ru");
    assert!(cab.contains("data-menu=\"join\""), "{cab}");
    let (st, _, page) = emp.form("/cabinet/join", &[("position", "")]);
    assert_eq!(st, 422);
    assert!(page.contains("data-error-for=\"position\""));
    let (st, loc, _) = emp.form(
        "/cabinet/join",
        &[("position", "Менеджер"), ("message", "Прошу добавить")],
    );
    assert_eq!((st, loc.as_str()), (303, "/cabinet/join?sent=1"));
    let (_, _, page) = emp.page("/cabinet/join?sent=1", "ru");
    assert!(page.contains("Запрос на присоединение отправлен администратору организации"));
    let (_, _, joins) = head.page("/cabinet/org/join-requests", "ru");
    assert!(joins.contains("010203500018"), "{joins}");
    let req = joins
        .split("data-join=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let path = format!("/cabinet/org/join-requests/{req}");
    let (st, _, page) = head.form(&path, &[("decision", "decline")]);
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("Укажите причину отклонения"), "{page}");
    let (st, _, _) = head.form(&path, &[("decision", "approve")]);
    assert_eq!(st, 303);
    let (_, _, staff) = head.page("/cabinet/org/employees", "ru");
    assert!(
        staff.contains("010203500018") && staff.contains("Активен"),
        "{staff}"
    );

    // ---- the member without authorities: 403 pages, nothing changed ----
    let emp = User::login("C-NUR-S");
    let (st, _, page) = emp.page("/cabinet/org/employees", "ru");
    assert_eq!(st, 200, "every member views the list");
    assert!(!page.contains("data-edit"), "no edit buttons");
    let mid = staff
        .split("/cabinet/org/employees/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_string();
    for p in [
        format!("/cabinet/org/employees/{mid}/edit"),
        "/cabinet/org/join-requests".to_string(),
        "/admin/new-banks".to_string(),
    ] {
        let (st, _, page) = emp.page(&p, "ru");
        assert_eq!(st, 403, "{p}: {page}");
        assert!(
            page.contains("Недостаточно прав для выполнения действия"),
            "{p}"
        );
    }
    let other = kz_iban("722", "0000000099999");
    let (st, _, _) = emp.form(
        "/cabinet/org/bank-accounts/new",
        &[("number", &other), ("account_type", "CURRENT")],
    );
    assert_eq!(st, 403);
    let (_, _, list) = head.page("/cabinet/org/bank-accounts", "ru");
    assert!(!list.contains(&other), "nothing added");
}
