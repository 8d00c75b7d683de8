//! The platform administrator's pages of `dict.manage` over HTTP (spec/accounts.md §2.11,
//! ACC-31, ACC-116, ACC-24; AS-52): «Справочники» — a country added through the form is
//! listed and offered by the participant's new-bank form, a bad or taken code is refused under
//! «Код» and adds nothing, «Переименовать», «Сделать неактивной» only after its confirmation
//! page and then no longer offered; «Банки» — a bank added, refused, renamed and set inactive;
//! «Пользовательские соглашения» — a `USER_ENS` version published through the confirmation
//! page (which says it is irreversible) becomes the current version with its SHA-256, and
//! users are offered it. Anyone else gets the 403 page, a visitor without a session
//! goes to «Войти»; the pages render in kk, ru and en.

use crate::api_agreements::{admin, get_json, login_at, registered};
use crate::browser_session::{User, base};
use crate::helpers::client;

/// An anonymous GET: (status, Location).
fn anonymous(path: &str) -> (u16, String) {
    let r = client().get(format!("{}{path}", base())).send().unwrap();
    let loc = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (r.status().as_u16(), loc)
}

/// The `<tr>` of the row whose attribute `attr` is `value`.
fn row<'a>(page: &'a str, attr: &str, value: &str) -> Option<&'a str> {
    let at = page.find(&format!("{attr}=\"{value}\""))?;
    let end = page[at..].find("</tr>").map_or(page.len(), |e| at + e);
    Some(&page[at..end])
}

/// The section of `kind` in «Пользовательские соглашения».
fn section<'a>(page: &'a str, kind: &str) -> &'a str {
    let s = &page[page.find(&format!("data-kind=\"{kind}\"")).unwrap()..];
    &s[..s.find("</section>").unwrap()]
}

/// The current version of `kind` in the list.
fn current(page: &str, kind: &str) -> String {
    let tr = section(page, kind)
        .split("<tr ")
        .find(|t| t.contains(" data-current data-reacceptance"))
        .unwrap();
    let v = &tr[tr.find("data-version=\"").unwrap() + 14..];
    v[..v.find('"').unwrap()].to_string()
}

/// A user without `dict.manage`: P1 on the portal.
fn someone_else() -> User {
    registered("ind-auth", "ind-sign");
    login_at("ind-auth", "PORTAL").0
}

#[test]
fn acc_31_acc_116_the_dictionary_pages_add_rename_and_deactivate() {
    // ORG2's head looks at the new-bank form of his participant (the countries it offers).
    let (_g, _org) = crate::api_admin_participants::fixture();
    let head = User::org2_head();
    let offers_qz = |head: &User| {
        let (st, _, form) = head.page("/cabinet/org/new-banks?new=1", "ru");
        assert_eq!(st, 200, "{form}");
        assert!(form.contains("value=\"KZ\""));
        form.contains("value=\"QZ\"")
    };
    assert!(!offers_qz(&head));

    // Anonymous visitors go to «Войти»; anyone else gets the 403 page and changes nothing.
    for path in [
        "/admin/dictionaries",
        "/admin/dictionaries/countries",
        "/admin/dictionaries/countries/KZ",
    ] {
        assert_eq!(anonymous(path), (303, "/auth/login".to_string()), "{path}");
        let (st, _, page) = head.page(path, "ru");
        assert_eq!(st, 403, "{path}: {page}");
        assert!(page.contains("data-code=\"MSG-FORBIDDEN\""), "{page}");
    }
    let (st, _, _) = head.form(
        "/admin/dictionaries/countries",
        &[("code", "QZ"), ("name_ru", "Чужая")],
    );
    assert_eq!(st, 403);

    let admin = admin();
    // The list of dictionaries in three languages.
    for (lang, title, kse) in [
        ("ru", "Справочники", "КСЕ — секторы экономики"),
        ("kk", "Анықтамалықтар", "data-dict=\"kse\""),
        ("en", "Dictionaries", "data-dict=\"kse\""),
    ] {
        let (st, _, page) = admin.page(&format!("/admin/dictionaries?lang={lang}"), lang);
        assert_eq!(st, 200, "{lang}: {page}");
        assert!(page.contains(title) && page.contains(kse), "{lang}: {page}");
        for d in ["countries", "kopf", "kse", "kfs", "bank-account-types"] {
            assert!(page.contains(&format!("data-dict=\"{d}\"")), "{lang}: {d}");
        }
    }
    // КСЕ has its nine entries (ACC-32); the search narrows the list.
    let (st, _, kse) = admin.page("/admin/dictionaries/kse", "ru");
    assert_eq!(st, 200, "{kse}");
    assert!(kse.contains("data-total=\"9\""), "{kse}");
    assert!(kse.contains("Негосударственные нефинансовые организации"));
    let (_, _, found) = admin.page("/admin/dictionaries/countries?q=KZ", "ru");
    assert!(row(&found, "data-entry", "KZ").is_some(), "{found}");
    // A Latin code is found next to its Cyrillic name («CA» – «Канада»).
    let (_, _, found) = admin.page("/admin/dictionaries/countries?q=CA", "ru");
    assert!(row(&found, "data-entry", "CA").is_some(), "{found}");
    for (lang, words) in [
        ("kk", ["Қосу", "Атауын өзгерту", "Белсенді емес ету"]),
        ("en", ["Add", "Rename", "Make inactive"]),
        ("ru", ["Добавить", "Переименовать", "Сделать неактивной"]),
    ] {
        let (st, _, page) = admin.page(
            &format!("/admin/dictionaries/countries?q=KZ&lang={lang}"),
            lang,
        );
        assert_eq!(st, 200);
        for w in words {
            assert!(page.contains(w), "{lang}: missing «{w}»");
        }
    }

    // A bad code and no Russian name: both messages under their fields, nothing added.
    let (st, _, page) = admin.form(
        "/admin/dictionaries/countries",
        &[("code", "q1"), ("name_ru", "")],
    );
    assert_eq!(st, 422, "{page}");
    assert!(
        page.contains("data-error-for=\"code\">Код не соответствует формату справочника"),
        "{page}"
    );
    assert!(page.contains("data-error-for=\"name_ru\""), "{page}");
    assert!(
        page.contains("value=\"q1\""),
        "the typed code stays: {page}"
    );
    let (_, _, none) = admin.page("/admin/dictionaries/countries?q=q1", "ru");
    assert!(none.contains("data-total=\"0\""), "{none}");
    // A code the dictionary has: MSG-DICT-CODE-EXISTS under «Код».
    let (st, _, page) = admin.form(
        "/admin/dictionaries/countries",
        &[("code", "KZ"), ("name_ru", "Ещё один Казахстан")],
    );
    assert_eq!(st, 409, "{page}");
    assert!(
        page.contains("data-error-for=\"code\">Такой код уже есть в справочнике"),
        "{page}"
    );
    let (_, _, kz) = admin.page("/admin/dictionaries/countries?q=KZ", "ru");
    assert!(!kz.contains("Ещё один Казахстан"));

    // «Добавить»: listed, active, and offered by the participant's form.
    let (st, loc, page) = admin.form(
        "/admin/dictionaries/countries",
        &[
            ("code", "QZ"),
            ("name_kk", "Сынақ елі"),
            ("name_ru", "Тестовая страна"),
            ("name_en", "Testland"),
        ],
    );
    assert_eq!(
        (st, loc.as_str()),
        (303, "/admin/dictionaries/countries?q=QZ&saved=1"),
        "{page}"
    );
    let (_, _, list) = admin.page(&loc, "ru");
    assert!(list.contains("Данные сохранены"), "{list}");
    let qz = row(&list, "data-entry", "QZ").unwrap();
    assert!(qz.contains("data-active=\"1\""), "{qz}");
    for name in ["Сынақ елі", "Тестовая страна", "Testland"] {
        assert!(qz.contains(name), "{qz}");
    }
    assert!(offers_qz(&head), "a new entry is offered");

    // «Переименовать»: the Russian name is required; then the new name is listed.
    let (st, _, form) = admin.page("/admin/dictionaries/countries/QZ", "ru");
    assert_eq!(st, 200, "{form}");
    assert!(form.contains("value=\"Тестовая страна\""), "{form}");
    let (st, _, page) = admin.form(
        "/admin/dictionaries/countries/QZ",
        &[("name_ru", ""), ("name_en", "Testland")],
    );
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"name_ru\""), "{page}");
    let (st, loc, _) = admin.form(
        "/admin/dictionaries/countries/QZ",
        &[
            ("name_kk", "Сынақ елі"),
            ("name_ru", "Страна испытаний"),
            ("name_en", "Testland"),
        ],
    );
    assert_eq!(st, 303);
    let (_, _, list) = admin.page(&loc, "ru");
    let qz = row(&list, "data-entry", "QZ").unwrap();
    assert!(
        qz.contains("Страна испытаний") && qz.contains("data-active=\"1\""),
        "{qz}"
    );

    // «Сделать неактивной»: the confirmation page first; «Нет» changes nothing.
    let (st, _, confirm) = admin.form(
        "/admin/dictionaries/countries/QZ/active",
        &[("active", "0")],
    );
    assert_eq!(st, 200, "{confirm}");
    assert!(
        confirm.contains("Сделать запись справочника неактивной?"),
        "{confirm}"
    );
    assert!(confirm.contains("data-yes") && confirm.contains("Страна испытаний"));
    assert!(offers_qz(&head), "not yet");
    let (st, loc, _) = admin.form(
        "/admin/dictionaries/countries/QZ/active",
        &[("active", "0"), ("confirm", "no")],
    );
    assert_eq!(
        (st, loc.as_str()),
        (303, "/admin/dictionaries/countries/QZ")
    );
    assert!(offers_qz(&head), "«Нет» changes nothing");
    let (st, loc, _) = admin.form(
        "/admin/dictionaries/countries/QZ/active",
        &[("active", "0"), ("confirm", "yes")],
    );
    assert_eq!(st, 303);
    let (_, _, list) = admin.page(&loc, "ru");
    let qz = row(&list, "data-entry", "QZ").unwrap();
    assert!(
        qz.contains("data-active=\"0\"") && qz.contains("Сделать активной"),
        "{qz}"
    );
    assert!(
        !offers_qz(&head),
        "ACC-31: an inactive entry is not offered"
    );
    // Kept, not deleted: «Сделать активной» offers it again.
    let (st, _, confirm) = admin.form(
        "/admin/dictionaries/countries/QZ/active",
        &[("active", "1")],
    );
    assert_eq!(st, 200);
    assert!(confirm.contains("Сделать запись справочника снова активной?"));
    let (st, _, _) = admin.form(
        "/admin/dictionaries/countries/QZ/active",
        &[("active", "1"), ("confirm", "yes")],
    );
    assert_eq!(st, 303);
    assert!(offers_qz(&head));
    // Anyone else cannot set it inactive, even with «Да».
    let (st, _, _) = head.form(
        "/admin/dictionaries/countries/QZ/active",
        &[("active", "0"), ("confirm", "yes")],
    );
    assert_eq!(st, 403);
    assert!(offers_qz(&head));
}

#[test]
fn acc_31_the_bank_pages_add_rename_and_deactivate() {
    let other = someone_else();
    assert_eq!(anonymous("/admin/banks"), (303, "/auth/login".to_string()));
    let (st, _, page) = other.page("/admin/banks", "ru");
    assert_eq!(st, 403, "{page}");
    assert!(page.contains("data-code=\"MSG-FORBIDDEN\""));

    let admin = admin();
    for (lang, words) in [
        ("ru", ["Банки", "БИК", "Добавить банк"]),
        ("kk", ["Банктер", "БСК", "Банк қосу"]),
        ("en", ["Banks", "BIC", "Add a bank"]),
    ] {
        let (st, _, page) = admin.page(&format!("/admin/banks?q=KASPI&lang={lang}"), lang);
        assert_eq!(st, 200, "{lang}: {page}");
        for w in words {
            assert!(page.contains(w), "{lang}: missing «{w}»");
        }
    }
    // Search by БИК.
    let (_, _, page) = admin.page("/admin/banks?q=CASPKZKA", "ru");
    assert!(row(&page, "data-bank", "CASPKZKA").is_some(), "{page}");
    assert!(page.contains("data-total=\"1\""), "{page}");

    // A bad БИК and a taken one: under «БИК», nothing added.
    let (st, _, page) = admin.form(
        "/admin/banks",
        &[
            ("bic", "12"),
            ("name_ru", "АО «Банк Админ»"),
            ("country", "KZ"),
            ("iban_code", "377"),
        ],
    );
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"bic\""), "{page}");
    let (st, _, page) = admin.form(
        "/admin/banks",
        &[
            ("bic", "CASPKZKA"),
            ("name_ru", "АО «Банк Админ»"),
            ("country", "KZ"),
            ("iban_code", "377"),
        ],
    );
    assert_eq!(st, 409, "{page}");
    assert!(page.contains("data-error-for=\"bic\""), "{page}");
    let (_, _, none) = admin.page("/admin/banks?q=377", "ru");
    assert!(none.contains("data-total=\"0\""), "{none}");

    // «Добавить».
    let (st, loc, page) = admin.form(
        "/admin/banks",
        &[
            ("bic", "ADMPKZKA"),
            ("name_ru", "АО «Банк Админ»"),
            ("name_kk", "«Админ Банкі» АҚ"),
            ("country", "KZ"),
            ("iban_code", "377"),
        ],
    );
    assert_eq!(
        (st, loc.as_str()),
        (303, "/admin/banks?q=ADMPKZKA&saved=1"),
        "{page}"
    );
    let (_, _, list) = admin.page(&loc, "ru");
    let b = row(&list, "data-bank", "ADMPKZKA").unwrap();
    assert!(
        b.contains("АО «Банк Админ»") && b.contains("377") && b.contains("data-active=\"1\""),
        "{b}"
    );
    assert!(b.contains("Администратор платформы"), "source ADMIN: {b}");

    // «Переименовать»: the БИК stays.
    let (st, _, form) = admin.page("/admin/banks/ADMPKZKA", "ru");
    assert_eq!(st, 200, "{form}");
    assert!(form.contains("value=\"АО «Банк Админ»\""), "{form}");
    let (st, _, page) = admin.form(
        "/admin/banks/ADMPKZKA",
        &[("name_ru", ""), ("country", "KZ"), ("iban_code", "377")],
    );
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"name_ru\""), "{page}");
    let (st, loc, _) = admin.form(
        "/admin/banks/ADMPKZKA",
        &[
            ("name_ru", "АО «Банк Админ Плюс»"),
            ("name_kk", "«Админ Банкі» АҚ"),
            ("country", "KZ"),
            ("iban_code", "377"),
        ],
    );
    assert_eq!(st, 303);
    let (_, _, list) = admin.page(&loc, "ru");
    let b = row(&list, "data-bank", "ADMPKZKA").unwrap();
    assert!(b.contains("АО «Банк Админ Плюс»"), "{b}");

    // «Сделать неактивной» after the confirmation page.
    let (st, _, confirm) = admin.form("/admin/banks/ADMPKZKA/active", &[("active", "0")]);
    assert_eq!(st, 200);
    assert!(confirm.contains("Сделать банк неактивным?"), "{confirm}");
    let (_, _, list) = admin.page("/admin/banks?q=ADMPKZKA", "ru");
    assert!(
        row(&list, "data-bank", "ADMPKZKA")
            .unwrap()
            .contains("data-active=\"1\"")
    );
    let (st, loc, _) = admin.form(
        "/admin/banks/ADMPKZKA/active",
        &[("active", "0"), ("confirm", "yes")],
    );
    assert_eq!(st, 303);
    let (_, _, list) = admin.page(&loc, "ru");
    let b = row(&list, "data-bank", "ADMPKZKA").unwrap();
    assert!(
        b.contains("data-active=\"0\"") && b.contains("АО «Банк Админ Плюс»"),
        "{b}"
    );
    let (st, _, _) = other.form(
        "/admin/banks/ADMPKZKA/active",
        &[("active", "1"), ("confirm", "yes")],
    );
    assert_eq!(st, 403);
}

#[test]
fn acc_116_an_agreement_version_published_through_the_pages() {
    let _text = crate::helpers::user_ens_text();
    // USER_ENS without re-acceptance: nobody who accepted a version is asked again, so the
    // other tests of this server (whose clock stands still: a later publication of the same
    // kind would not be in force) are not disturbed; its texts keep the shipped ones.
    let other = someone_else();
    for path in [
        "/admin/agreements",
        "/admin/agreements/publish?kind=USER_ENS",
    ] {
        assert_eq!(anonymous(path), (303, "/auth/login".to_string()));
        let (st, _, page) = other.page(path, "ru");
        assert_eq!(st, 403, "{path}: {page}");
        assert!(page.contains("data-code=\"MSG-FORBIDDEN\""));
    }
    let (st, _, _) = other.form(
        "/admin/agreements/publish",
        &[
            ("kind", "USER_ENS"),
            ("text_ru", "x"),
            ("text_kk", "x"),
            ("confirm", "yes"),
        ],
    );
    assert_eq!(st, 403);

    let admin = admin();
    for (lang, words) in [
        (
            "ru",
            [
                "Пользовательские соглашения",
                "Соглашение участника",
                "Опубликовать новую версию",
            ],
        ),
        (
            "kk",
            [
                "Пайдаланушылық келісімдер",
                "Қатысушы келісімі",
                "Жаңа нұсқаны жариялау",
            ],
        ),
        (
            "en",
            [
                "User agreements",
                "Participant agreement",
                "Publish a new version",
            ],
        ),
    ] {
        let (st, _, page) = admin.page(&format!("/admin/agreements?lang={lang}"), lang);
        assert_eq!(st, 200, "{lang}: {page}");
        for w in words {
            assert!(page.contains(w), "{lang}: missing «{w}»");
        }
        for k in ["USER_PORTAL", "USER_NCT", "USER_ENS", "PARTICIPANT"] {
            assert!(page.contains(&format!("data-kind=\"{k}\"")), "{lang}: {k}");
        }
    }
    let (_, _, before) = admin.page("/admin/agreements", "ru");
    let old = current(&before, "USER_ENS");
    let (st, shipped) = get_json(&admin, &format!("/api/v1/admin/agreements/USER_ENS/{old}"));
    assert_eq!(st, 200, "{shipped}");
    let suffix_ru = "Редакция, опубликованная через страницы администратора.";
    let suffix_kk = "Әкімші беттері арқылы жарияланған редакция.";
    let text_ru = format!(
        "{}\n\n{suffix_ru}",
        shipped["text_ru"].as_str().unwrap().trim()
    );
    let text_kk = format!(
        "{}\n\n{suffix_kk}",
        shipped["text_kk"].as_str().unwrap().trim()
    );

    let (st, _, form) = admin.page("/admin/agreements/publish?kind=USER_ENS", "ru");
    assert_eq!(st, 200, "{form}");
    assert!(
        form.contains(&format!("data-current-version=\"{old}\"")),
        "{form}"
    );
    assert!(form.contains("<option value=\"USER_ENS\" selected>"));

    // Without the texts: the messages under both, nothing published.
    let (st, _, page) = admin.form("/admin/agreements/publish", &[("kind", "USER_ENS")]);
    assert_eq!(st, 422, "{page}");
    assert!(
        page.contains("data-error-for=\"text_ru\"") && page.contains("data-error-for=\"text_kk\"")
    );
    // The confirmation page says publishing is irreversible (and, with the flag, that every
    // user accepts again); «Нет» keeps the typed texts and the flag.
    let with_flag = [
        ("kind", "USER_ENS"),
        ("text_kk", text_kk.as_str()),
        ("text_ru", text_ru.as_str()),
        ("requires_reacceptance", "on"),
    ];
    let (st, _, confirm) = admin.form("/admin/agreements/publish", &with_flag);
    assert_eq!(st, 200, "{confirm}");
    assert!(
        confirm.contains("Опубликовать новую редакцию соглашения?"),
        "{confirm}"
    );
    assert!(confirm.contains("Публикация необратима"), "{confirm}");
    assert!(confirm.contains("Все пользователи должны будут принять соглашение заново"));
    assert!(confirm.contains("name=\"requires_reacceptance\" value=\"on\""));
    let mut no = with_flag.to_vec();
    no.push(("confirm", "no"));
    let (st, _, back) = admin.form("/admin/agreements/publish", &no);
    assert_eq!(st, 200);
    assert!(
        back.contains(suffix_ru) && back.contains("name=\"requires_reacceptance\" checked"),
        "{back}"
    );
    let (_, _, list) = admin.page("/admin/agreements", "ru");
    assert_eq!(current(&list, "USER_ENS"), old, "nothing published yet");

    // Without the flag the page still says it is irreversible; «Да» publishes.
    let fields = [
        ("kind", "USER_ENS"),
        ("text_kk", text_kk.as_str()),
        ("text_ru", text_ru.as_str()),
    ];
    let (st, _, confirm) = admin.form("/admin/agreements/publish", &fields);
    assert_eq!(st, 200);
    assert!(confirm.contains("Публикация необратима"));
    assert!(!confirm.contains("Все пользователи должны будут принять соглашение заново"));
    let mut yes = fields.to_vec();
    yes.push(("confirm", "yes"));
    let (st, loc, page) = admin.form("/admin/agreements/publish", &yes);
    assert_eq!(st, 303, "{page}");
    assert!(
        loc.starts_with("/admin/agreements?published=USER_ENS&version="),
        "{loc}"
    );
    let (_, _, list) = admin.page(&loc, "ru");
    let new = current(&list, "USER_ENS");
    assert_ne!(new, old);
    assert!(
        list.contains(&format!("Опубликована редакция {new}")),
        "{list}"
    );
    // The hash of the texts as published (SHA-256 of ru ‖ 0x00 ‖ kk).
    let sha = accounts::service::text_sha256(&[&text_ru, &text_kk]);
    let r = row(section(&list, "USER_ENS"), "data-version", &new).unwrap();
    assert!(
        r.contains(&sha) && r.contains("data-reacceptance=\"0\""),
        "{r}"
    );
    let old_row = row(section(&list, "USER_ENS"), "data-version", &old).unwrap();
    assert!(!old_row.contains("data-current"), "{old_row}");
    // The same version number again: MSG-AGREEMENT-VERSION-TAKEN under «Редакция».
    let mut again = yes.clone();
    again.push(("version", new.as_str()));
    let (st, _, page) = admin.form("/admin/agreements/publish", &again);
    assert_eq!(st, 409, "{page}");
    assert!(page.contains("data-error-for=\"version\""), "{page}");

    // The version's page: both texts and the hash; the old version stays readable.
    let (st, _, v) = admin.page(&format!("/admin/agreements/USER_ENS/{new}"), "ru");
    assert_eq!(st, 200, "{v}");
    assert!(
        v.contains(suffix_kk) && v.contains(suffix_ru) && v.contains(&sha),
        "{v}"
    );
    let (st, _, v) = admin.page(&format!("/admin/agreements/USER_ENS/{old}?lang=kk"), "kk");
    assert_eq!(st, 200);
    assert!(
        v.contains("Қазақша мәтіні") && !v.contains(suffix_kk),
        "{v}"
    );
    let (st, _, v) = admin.page(&format!("/admin/agreements/USER_ENS/{old}?lang=en"), "en");
    assert_eq!(st, 200);
    assert!(v.contains("Text in Kazakh"), "{v}");

    // Users see the new version as the current USER_ENS agreement.
    let (st, mine) = get_json(&other, "/api/v1/me/agreements");
    assert_eq!(st, 200, "{mine}");
    let ens = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "USER_ENS")
        .unwrap();
    assert_eq!(ens["version"].as_str(), Some(new.as_str()), "{ens}");
}
