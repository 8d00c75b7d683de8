//! The pages of «Участники» (spec/accounts.md §3.16 ACC-115, ACC-113, ACC-89 c, P4/P5; AS-45)
//! over HTTP: the cabinet link, the list in kk, ru and en with the search and the status filter,
//! the card, a correction refused without a reason (the message under the field, the typed
//! values kept, nothing saved) and saved with one, the flags, P4 with its confirmation page
//! («Нет» changes nothing), P5, «Назначить администратором организации», and the 403 page of
//! anyone else. The participant is the ORG2 of `api_admin_participants.rs` (same lock).

use crate::api_admin_participants::fixture;
use crate::browser_session::{User, base};
use crate::helpers::client;

/// The value of the input `name` of a page.
fn input_value(page: &str, name: &str) -> Option<String> {
    let at = page.find(&format!("name=\"{name}\" value=\""))? + name.len() + 15;
    page[at..].split('"').next().map(str::to_string)
}

#[test]
fn acc_115_the_participants_pages_of_the_platform_administrator() {
    let (_g, org) = fixture();
    let pid = &org.pid;
    let card = format!("/admin/participants/{pid}");

    // Anyone else: the 403 page; anonymous visitors go to «Войти».
    let head = User::org2_head();
    let (st, _, page) = head.page("/admin/participants", "ru");
    assert_eq!(st, 403, "{page}");
    assert!(page.contains("data-code=\"MSG-FORBIDDEN\""), "{page}");
    assert!(!page.contains("id=\"participants\""));
    let (st, _, _) = head.form(
        &format!("{card}/block"),
        &[("reason", "x"), ("confirm", "yes")],
    );
    assert_eq!(st, 403);
    let r = client()
        .get(format!("{}/admin/participants", base()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);

    let admin = User::platform_admin();
    let (_, _, cabinet) = admin.page("/cabinet", "ru");
    assert!(
        cabinet.contains("href=\"/admin/participants\" data-menu=\"participants\">Участники"),
        "{cabinet}"
    );
    // The list in three languages, the search by БИН and the status filter.
    for (lang, title, column) in [
        ("ru", "Участники", "ИИН/БИН"),
        ("kk", "Қатысушылар", "ЖСН/БСН"),
        ("en", "Participants", "IIN/BIN"),
    ] {
        let (st, _, list) = admin.page(
            &format!("/admin/participants?q=101240004568&lang={lang}"),
            lang,
        );
        assert_eq!(st, 200, "{lang}: {list}");
        assert!(
            list.contains(title) && list.contains(column),
            "{lang}: {list}"
        );
        assert!(
            list.contains(&format!("data-participant=\"{pid}\"")),
            "{lang}"
        );
    }
    let (_, _, blocked) = admin.page("/admin/participants?q=101240004568&status=BLOCKED", "ru");
    assert!(blocked.contains("data-total=\"0\""));
    assert!(blocked.contains("<option value=\"BLOCKED\" selected>"));
    let (st, _, _) = admin.page("/admin/participants?status=GONE", "ru");
    assert_eq!(st, 400);

    // The card.
    let (st, _, page) = admin.page(&card, "ru");
    assert_eq!(st, 200, "{page}");
    for text in [
        "АО «ЕКІНШІ ТЕСТ»",
        "101240004568",
        "Единый дистрибьютор",
        "Исправление регистрационных данных",
        "Номер документа о гос. регистрации",
        "ФИО заявителя",
        "СЕЙТОВ ДАУРЕН МАРАТОВИЧ",
        "Администратор организации",
        "Заблокировать участника",
        "data-status=\"ACTIVE\"",
    ] {
        assert!(page.contains(text), "missing «{text}»: {page}");
    }
    let (_, _, kk) = admin.page(&format!("{card}?lang=kk"), "kk");
    assert!(kk.contains("Қатысушыны бұғаттау") && kk.contains("Тіркеу деректерін түзету"));
    let (_, _, en) = admin.page(&format!("{card}?lang=en"), "en");
    assert!(en.contains("Block the participant") && en.contains("Single distributor"));

    // AS-45 on the page: without a reason the correction is refused under the field, the typed
    // value stays in the form and nothing is saved.
    let number = input_value(&page, "state_reg_doc_number").unwrap();
    let mut fields: Vec<(&str, String)> = [
        "state_reg_date",
        "state_reg_doc_number",
        "state_reg_authority",
        "applicant_full_name",
        "applicant_position",
    ]
    .iter()
    .map(|f| (*f, input_value(&page, f).unwrap()))
    .collect();
    fields[1].1 = "1234-1901-ТОО-2".into();
    let post = |fields: &[(&str, String)], reason: &str| {
        let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.push(("reason", reason));
        admin.form(&format!("{card}/registration"), &all)
    };
    let (st, _, refused) = post(&fields, "");
    assert_eq!(st, 422, "{refused}");
    assert!(
        refused.contains("data-error-for=\"reason\">Укажите причину"),
        "{refused}"
    );
    assert_eq!(
        input_value(&refused, "state_reg_doc_number").as_deref(),
        Some("1234-1901-ТОО-2")
    );
    let (_, _, page) = admin.page(&card, "ru");
    assert_eq!(
        input_value(&page, "state_reg_doc_number"),
        Some(number.clone())
    );
    let (st, _, saved) = post(&fields, "Письмо № 15 от 16.02.2026");
    assert_eq!(st, 200, "{saved}");
    assert!(saved.contains("Данные сохранены"));
    assert_eq!(
        input_value(&saved, "state_reg_doc_number").as_deref(),
        Some("1234-1901-ТОО-2")
    );
    fields[1].1 = number;
    assert_eq!(post(&fields, "тест").0, 200);

    // The flags: «Организатор» alone is refused under its checkbox.
    let (st, _, page) = admin.form(
        &format!("{card}/flags"),
        &[("is_organizer", "on"), ("reason", "Постановление № 1")],
    );
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"is_organizer\""));

    // ACC-89 (c) for the second member, unless the API test gave it already.
    let (_, _, page) = admin.page(&card, "ru");
    let grant = format!("{card}/members/{}/org-admin", org.member);
    if page.contains(&format!("action=\"{grant}\"")) {
        let (st, _, p) = admin.form(&grant, &[("reason", "")]);
        assert_eq!(st, 422, "{p}");
        assert!(p.contains("data-error-for=\"reason\""));
        let (st, _, p) = admin.form(&grant, &[("reason", "Письмо № 3 от 01.03.2026")]);
        assert_eq!(st, 200, "{p}");
        assert!(p.contains("Данные сохранены"));
        assert!(
            !p.contains(&format!("action=\"{grant}\"")),
            "no second grant"
        );
    }

    // P4 asks first; «Нет» changes nothing; «Да» blocks.
    let (st, _, confirm) = admin.form(&format!("{card}/block"), &[("reason", "Проверка")]);
    assert_eq!(st, 200, "{confirm}");
    assert!(confirm.contains("data-question"));
    assert!(confirm.contains("name=\"reason\" value=\"Проверка\""));
    let (st, loc, _) = admin.form(
        &format!("{card}/block"),
        &[("reason", "Проверка"), ("confirm", "no")],
    );
    assert_eq!((st, loc.as_str()), (303, card.as_str()));
    let (_, _, page) = admin.page(&card, "ru");
    assert!(page.contains("id=\"participant\" data-status=\"ACTIVE\""));
    let (st, _, page) = admin.form(&format!("{card}/block"), &[("reason", "")]);
    assert_eq!(st, 422);
    assert!(page.contains("data-error-for=\"reason\""));
    let (st, _, page) = admin.form(
        &format!("{card}/block"),
        &[("reason", "Проверка"), ("confirm", "yes")],
    );
    assert_eq!(st, 200, "{page}");
    assert!(page.contains("id=\"participant\" data-status=\"BLOCKED\""));
    assert!(page.contains("Проверка"), "the reason is shown");
    assert!(page.contains("Разблокировать участника"));
    // P5 asks too.
    let (st, _, confirm) = admin.form(&format!("{card}/unblock"), &[("reason", "Проверено")]);
    assert_eq!(st, 200);
    assert!(confirm.contains("Разблокировать участника?"));
    let (st, _, page) = admin.form(
        &format!("{card}/unblock"),
        &[("reason", "Проверено"), ("confirm", "yes")],
    );
    assert_eq!(st, 200, "{page}");
    assert!(page.contains("id=\"participant\" data-status=\"ACTIVE\""));
}
