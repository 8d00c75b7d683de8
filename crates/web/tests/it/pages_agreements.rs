//! The pages of a session's entry (ACC-24 / AS-12, ACC-118 / AS-64) and «Журнал аудита»
//! (`adm.audit`): the agreement page every other page of a held НКТ session redirects to, with
//! «Закрыть» (stores nothing) and «Подписать» completed through the page's route; the secretary
//! item of the cabinet menu in kk, ru and en, shown to `SECRETARY` holders only; the audit log
//! with its filters, an entry and the chain check.

use crate::api_agreements::{
    admin, entry_signed, get_json, login_at, nct_lock, registered, secretary,
};
use crate::browser_session::{User, base};
use crate::helpers::client;
use serde_json::Value;

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[test]
fn as_12_the_agreement_page_holds_a_new_nct_session() {
    let _nct = nct_lock();
    registered("ind-auth", "ind-sign");
    let (u, me) = login_at("ind-auth", "NCT");
    assert_eq!(me["pending_agreement"], "USER_NCT", "{me}");
    // Every page of the session leads to the agreement.
    for path in ["/cabinet", "/cabinet/profile", "/admin/audit"] {
        let (st, loc, _) = u.page(path, "ru");
        assert_eq!((st, loc.as_str()), (303, "/auth/agreement"), "{path}");
    }
    let (st, _, ru) = u.page("/auth/agreement", "ru");
    assert_eq!(st, 200);
    for text in [
        "Пользовательское соглашение",
        "Соглашение об использовании информационной системы ЭКТ",
        "Закрыть",
        "Подписать",
        "data-agreement-sign",
        "/assets/agreement-2.js",
        "data-kind=\"USER_NCT\"",
    ] {
        assert!(ru.contains(text), "ru: missing «{text}»");
    }
    let (_, _, kk) = u.page("/auth/agreement?lang=kk", "kk");
    for text in [
        "ЭКТ ақпараттық жүйесін пайдалану туралы КЕЛІСІМ",
        "Жабу",
        "Қол қою",
    ] {
        assert!(kk.contains(text), "kk: missing «{text}»");
    }
    let (_, _, en) = u.page("/auth/agreement?lang=en", "en");
    for text in ["User agreement", "Close", "Sign"] {
        assert!(en.contains(text), "en: missing «{text}»");
    }
    // «Закрыть»: the same page, nothing stored.
    let (st, _, closed) = u.page("/auth/agreement?closed=1", "ru");
    assert_eq!(st, 200);
    assert!(closed.contains("data-closed"));
    assert!(closed.contains("Соглашение не принято. Без него работа в системе недоступна."));
    let (_, list) = get_json(&u, "/api/v1/me/agreements");
    let nct = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "USER_NCT")
        .unwrap()
        .clone();
    assert_eq!(nct["accepted_version"], Value::Null);
    assert_eq!(u.page("/cabinet", "ru").0, 303);

    // «Подписать»: the NCALayer module posts the signed challenge to the page's route, with
    // the CSRF token in the query (and only there).
    let signed = entry_signed(&u, "USER_NCT", "ind-sign");
    let r = client()
        .post(format!("{}/auth/agreement/USER_NCT/signed", base()))
        .header("Cookie", &u.cookie)
        .json(&signed)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403, "no CSRF token");
    let r = client()
        .post(format!(
            "{}/auth/agreement/USER_NCT/signed?csrf={}&lang=ru",
            base(),
            enc(&u.csrf)
        ))
        .header("Cookie", &u.cookie)
        .json(&signed)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let ok: Value = r.json().unwrap();
    assert!(ok["signature_id"].as_i64().unwrap() > 0, "{ok}");
    let (st, _, cabinet) = u.page("/cabinet", "ru");
    assert_eq!(st, 200);
    assert!(cabinet.contains("id=\"cabinet\""));
    // The agreement page of a free session goes to the cabinet.
    let (st, loc, _) = u.page("/auth/agreement", "ru");
    assert_eq!((st, loc.as_str()), (303, "/cabinet"));
    let r = client()
        .get(format!("{}/assets/agreement-2.js", base()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().unwrap().contains("register.agreement"));
}

#[test]
fn as_64_the_secretary_item_of_the_cabinet_menu() {
    let sec = secretary();
    let (st, _, ru) = sec.page("/cabinet", "ru");
    assert_eq!(st, 200);
    assert!(
        ru.contains("data-menu=\"workspace\">Войти как секретарь"),
        "{ru}"
    );
    let (_, _, kk) = sec.page("/cabinet?lang=kk", "kk");
    assert!(kk.contains("Хатшы ретінде кіру"));
    let (_, _, en) = sec.page("/cabinet?lang=en", "en");
    assert!(en.contains("Enter as secretary"));
    let (st, loc, _) = sec.form("/cabinet/workspace", &[("workspace", "SECRETARY")]);
    assert_eq!((st, loc.as_str()), (303, "/cabinet"));
    let (_, _, ru) = sec.page("/cabinet", "ru");
    assert!(ru.contains("Выйти из режима секретаря"));
    assert!(ru.contains("data-workspace-mode>Режим секретаря"));
    let (_, _, kk) = sec.page("/cabinet?lang=kk", "kk");
    assert!(kk.contains("Хатшы режимінен шығу"));
    let (_, _, en) = sec.page("/cabinet?lang=en", "en");
    assert!(en.contains("Leave the secretary mode"));
    let (st, _, _) = sec.form("/cabinet/workspace", &[("workspace", "DEFAULT")]);
    assert_eq!(st, 303);
    let (_, _, ru) = sec.page("/cabinet", "ru");
    assert!(ru.contains("Войти как секретарь"));
    let (st, _, _) = sec.form_without_csrf("/cabinet/workspace", &[("workspace", "SECRETARY")]);
    assert_eq!(st, 403);
    // Not a SECRETARY: no item, and the form is refused with the 403 page.
    let admin = admin();
    let (_, _, page) = admin.page("/cabinet", "ru");
    assert!(!page.contains("data-menu=\"workspace\""));
    assert!(!page.contains("Войти как секретарь"));
    let (st, _, page) = admin.form("/cabinet/workspace", &[("workspace", "SECRETARY")]);
    assert_eq!(st, 403);
    assert!(page.contains("Недостаточно прав для выполнения действия"));
}

#[test]
fn adm_audit_pages_of_the_platform_administrator() {
    let admin = admin();
    let (_, _, cabinet) = admin.page("/cabinet", "ru");
    assert!(cabinet.contains("href=\"/admin/audit\" data-menu=\"audit\">Журнал аудита"));
    let (st, _, ru) = admin.page("/admin/audit?action=usr.login&per_page=10", "ru");
    assert_eq!(st, 200, "{ru}");
    for text in [
        "Журнал аудита",
        "Пользователь (ИИН или идентификатор)",
        "Тип записи",
        "С даты",
        "По дату",
        "Проверить цепочку",
        "id=\"audit\"",
    ] {
        assert!(ru.contains(text), "ru: missing «{text}»");
    }
    // Every row is a login, its time DD.MM.YYYY HH:MM in Almaty.
    let rows: Vec<&str> = ru.split("<tr data-seq=\"").skip(1).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(r.contains("data-action>usr.login<"), "{r}");
        let at = r.split("data-at>").nth(1).unwrap();
        let b = at.as_bytes();
        assert!(
            b[2] == b'.' && b[5] == b'.' && b[10] == b' ' && b[13] == b':',
            "{at}"
        );
    }
    let seq: String = rows[0].chars().take_while(char::is_ascii_digit).collect();
    let (st, _, entry) = admin.page(&format!("/admin/audit/{seq}"), "ru");
    assert_eq!(st, 200);
    assert!(entry.contains(&format!("Запись журнала № {seq}")));
    assert!(entry.contains("data-hash>"));
    let (_, _, kk) = admin.page("/admin/audit?lang=kk", "kk");
    assert!(kk.contains("Аудит журналы"));
    let (_, _, en) = admin.page("/admin/audit?lang=en", "en");
    assert!(en.contains("Audit log"));
    let (st, _, v) = admin.page("/admin/audit/verify", "ru");
    assert_eq!(st, 200);
    assert!(v.contains("data-verify=\"ok\""), "{v}");
    assert!(v.contains("Цепочка не нарушена"));
    // A bad date is the error page; another principal the 403 page; anonymous «Войти».
    let (st, _, _) = admin.page("/admin/audit?from=завтра", "ru");
    assert_eq!(st, 400);
    registered("org1-head-auth", "org1-head-sign");
    let (user, _) = login_at("org1-head-auth", "PORTAL");
    let (st, _, page) = user.page("/admin/audit", "ru");
    assert_eq!(st, 403);
    assert!(page.contains("Недостаточно прав для выполнения действия"));
    let (_, _, cabinet) = user.page("/cabinet", "ru");
    assert!(!cabinet.contains("/admin/audit"));
    let (st, loc, _) = User::anonymous().page("/admin/audit", "ru");
    assert_eq!((st, loc.as_str()), (303, "/auth/login"));
}
