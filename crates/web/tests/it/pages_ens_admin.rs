//! The ЕНС ТРУ administration pages over HTTP (spec/accounts.md §5.9 ACC-152; AS-65, AS-68,
//! AS-71, G-46): the `ENS_ADMIN` enters organisations through the Appendix 1 form (a new БИН,
//! an existing one, the bank row, field errors that save nothing), the authorized body's queue
//! with its six columns, filter and search, the request view and its power of attorney,
//! «Отказать» without and with a reason, «Аккредитовать» after the confirmation, the users of an
//! organisation with the supervisor switch and the revocation; 403 pages for the other role;
//! kk, ru and en.
//!
//! Personas: the staff are written into the database once with roles — `ENS_ADMIN` for
//! ТЛЕУОВ (`org1-finance-sign`) and `AUTH_BODY` for БЕКОВА (`org1-hr-sign`), whom no other test
//! of this server registers (`api_ens.rs` owns U-ENSADM and U-AUTH). The requesters have no
//! keys: their accounts and signed requests (the power of attorney in the row) are written as
//! the request service stores them, for organisations with БИНs of this file only.

use crate::api_agreements::login_at;
use crate::browser_session::{User, base};
use crate::helpers::{Seeded, client, insert_active_account, with_db};
use std::sync::OnceLock;

const ENSADM_IIN: &str = "870912301234";
const AUTH_IIN: &str = "900315400126";

/// An `ACTIVE` account written into the server's database (with a platform role when given);
/// returns (account id, e-mail).
fn seed_account(iin: &str, last: &str, first: &str, role: Option<&str>) -> (String, String) {
    let email = notify::testing::unique_address(&format!("ensa{iin}"));
    let id = format!("acc_ensa_{iin}");
    with_db(async |db| {
        let who = Seeded {
            id: &id,
            iin,
            last,
            first,
            email: &email,
        };
        insert_active_account(db, &who, role).await;
    });
    (id, email)
}

/// The `ENS_ADMIN` of these tests, logged in on the portal.
fn ens_admin() -> User {
    static SEEDED: OnceLock<()> = OnceLock::new();
    SEEDED.get_or_init(|| {
        seed_account(ENSADM_IIN, "ТЛЕУОВ", "НУРЛАН", Some("ENS_ADMIN"));
    });
    login_at("org1-finance-sign", "PORTAL").0
}

/// The `AUTH_BODY` of these tests, logged in on the portal.
fn auth_body() -> User {
    static SEEDED: OnceLock<()> = OnceLock::new();
    SEEDED.get_or_init(|| {
        seed_account(AUTH_IIN, "БЕКОВА", "САУЛЕ", Some("AUTH_BODY"));
    });
    login_at("org1-hr-sign", "PORTAL").0
}

/// `prefix` completed with the check digit of an ИИН/БИН.
fn with_check_digit(prefix: &str) -> String {
    (0..10)
        .map(|d| format!("{prefix}{d}"))
        .find(|s| kernel::values::Iin::parse(s).is_ok() || kernel::values::Bin::parse(s).is_ok())
        .expect("a check digit")
}

/// A valid Kazakhstan IBAN of the bank with IBAN code `code`.
fn kz_iban(code: &str, account: &str) -> String {
    let bban = format!("{code}{account:0>13}");
    let digits: String = format!("{bban}KZ00")
        .chars()
        .map(|c| c.to_digit(36).unwrap().to_string())
        .collect();
    let rem = digits
        .chars()
        .fold(0u32, |r, c| (r * 10 + c.to_digit(10).unwrap()) % 97);
    format!("KZ{:02}{bban}", 98 - rem)
}

/// A `SUBMITTED` request of a new account for `participant_id`, stored as the request service
/// stores it; returns (request id, requester's e-mail).
fn seed_request(
    iin: &str,
    last: &str,
    participant_id: &str,
    bin: &str,
    file: &[u8],
) -> (i64, String) {
    let (account_id, email) = seed_account(iin, last, "АЙГЕРИМ", None);
    let r = accounts::store_ens::AccessRequestRow {
        id: 0,
        account_id,
        participant_id: participant_id.into(),
        last_name: last.into(),
        first_name: "АЙГЕРИМ".into(),
        email: email.clone(),
        bin: bin.into(),
        position: "Специалист по закупкам".into(),
        phone: "+7 (7172) 11 22 33".into(),
        poa_file_name: "доверенность.pdf".into(),
        poa_mime: "application/pdf".into(),
        poa_size: file.len() as i64,
        poa_sha256: signatures::sha256_hex(file),
        agreement_version: "1".into(),
        signature_id: 0,
        status: "SUBMITTED".into(),
        refusal_reason: None,
        decided_by: None,
        decided_at: None,
        created_at: kernel::Millis::now().0,
    };
    let bytes = file.to_vec();
    let id = with_db(async move |db| {
        let mut tx = db.write_tx().await.unwrap();
        signatures::audit::lock_head(&mut tx).await.unwrap();
        let id = accounts::store_ens::insert_request(&mut tx, &r, &bytes)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        id
    });
    (id, email)
}

/// A registered (`ACTIVE`) participant written into the database.
fn seed_participant(bin: &str, name: &str) -> String {
    let id = format!("prt_ensa_{bin}");
    let p = accounts::store_org::Participant {
        id: id.clone(),
        kind: "UL".into(),
        id_number: bin.into(),
        name: name.into(),
        country: "KZ".into(),
        kse: "7".into(),
        is_resident: true,
        email: "info@example.kz".into(),
        phones: "+7 727 111 11 11".into(),
        status: "ACTIVE".into(),
        ..Default::default()
    };
    with_db(async move |db| {
        let mut tx = db.write_tx().await.unwrap();
        signatures::audit::lock_head(&mut tx).await.unwrap();
        accounts::store_org::save_participant(&mut tx, &p, "seed", kernel::Millis::now(), false)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    });
    id
}

/// The participant id of a redirect to its card.
fn card_of(location: &str) -> String {
    location
        .trim_start_matches("/ens/admin/organisations/")
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

/// The `<tr>` of a page that contains `needle`.
fn row_with<'a>(page: &'a str, needle: &str) -> Option<&'a str> {
    let at = page.find(needle)?;
    let start = page[..at].rfind("<tr")?;
    let end = at + page[at..].find("</tr>")?;
    Some(&page[start..end])
}

/// The `data-grant` of the users' row that contains `email`.
fn grant_of(page: &str, email: &str) -> i64 {
    let row = row_with(page, email).unwrap_or_else(|| panic!("{email} in {page}"));
    let at = row.find("data-grant=\"").unwrap() + 12;
    row[at..].split('"').next().unwrap().parse().unwrap()
}

fn pdf(size: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.resize(size, b'.');
    v
}

#[test]
fn as_65_acc_152_the_organisations_of_the_ens_administrator() {
    let admin = ens_admin();
    let new_bin = with_check_digit("26034000055");
    let list = "/ens/admin/organisations";

    // The form with the verbatim labels of Приложение №1.
    let (st, _, form) = admin.page(&format!("{list}/new"), "ru");
    assert_eq!(st, 200, "{form}");
    for label in [
        "Наименование организации на русском языке",
        "Наименование организации на казахском языке",
        "Форма собственности",
        "Родительская организация",
        "БИН",
        "РНН",
        "ИИК",
        "БИК",
        "КБЕ",
        "Банк",
        "Регион",
        "Адрес",
        "Информация о контактном лице",
        "Фамилия",
        "Имя",
        "Отчество",
        "Должность",
        "Рабочий телефон",
        "Мобильный телефон",
        "Электронная почта *",
    ] {
        assert!(form.contains(&format!(">{label}")), "{label}: {form}");
    }

    // A bad ИИН and no contact e-mail: the messages under their fields, nothing saved.
    let kaspi = kz_iban("722", "26001");
    let bad = "KZ00 7220 0000 0002 6001";
    let (st, _, page) = admin.form(
        &format!("{list}/new"),
        &[
            ("name", "АО «ДЗО-Страницы»"),
            ("bin", &new_bin),
            ("iik", bad),
            ("kbe", "17"),
            ("contact_email", ""),
            ("address", "Астана"),
        ],
    );
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"iik\""), "{page}");
    assert!(page.contains("data-error-for=\"contact_email\""), "{page}");
    assert!(page.contains("Поле обязательно для заполнения"), "{page}");
    assert!(
        page.contains("value=\"Астана\""),
        "the typed values are kept"
    );
    let (_, _, found) = admin.page(&format!("{list}?q={new_bin}"), "ru");
    assert!(found.contains("data-total=\"0\""), "{found}");

    // AS-65: a new БИН creates an ADMIN_CREATED participant with the bank row.
    let (st, loc, page) = admin.form(
        &format!("{list}/new"),
        &[
            ("name", "АО «ДЗО-Страницы»"),
            ("bin", &new_bin),
            ("iik", &kaspi),
            ("bank_bic", ""),
            ("kbe", "17"),
            ("contact_last_name", "Иванова"),
            ("contact_email", "zakup@dzo-pages.kz"),
        ],
    );
    assert_eq!(st, 303, "{page}");
    let pid = card_of(&loc);
    let (st, _, card) = admin.page(&loc, "ru");
    assert_eq!(st, 200, "{card}");
    assert!(card.contains("data-status=\"ADMIN_CREATED\""), "{card}");
    assert!(card.contains("Создан администратором ЕНС ТРУ"), "{card}");
    assert!(card.contains(&kaspi), "{card}");
    assert!(
        card.contains("<dd>CASPKZKA</dd>"),
        "the БИК of the bank: {card}"
    );
    assert!(card.contains("17 (введен администратором)"), "{card}");
    assert!(card.contains("zakup@dzo-pages.kz") && card.contains("Иванова"));
    let (_, _, found) = admin.page(&format!("{list}?q={new_bin}"), "ru");
    assert!(
        found.contains("data-total=\"1\"") && found.contains(&pid),
        "{found}"
    );

    // The edit form shows the saved values; the БИН is not editable.
    let (st, _, edit) = admin.page(&format!("{list}/{pid}/edit"), "ru");
    assert_eq!(st, 200, "{edit}");
    assert!(edit.contains(&format!("value=\"{kaspi}\"")), "{edit}");
    assert!(
        edit.contains(&format!("value=\"{new_bin}\" readonly")),
        "{edit}"
    );

    // An existing БИН: the profile is attached, the participant's name stays.
    let old_bin = with_check_digit("26034000066");
    let old = seed_participant(&old_bin, "ТОО «Зарегистрированное»");
    let (st, loc, page) = admin.form(
        &format!("{list}/new"),
        &[
            ("name", "Другое наименование"),
            ("bin", &old_bin),
            ("iik", &kz_iban("722", "26002")),
            ("kbe", "29"),
            ("contact_email", "info@registered.kz"),
        ],
    );
    assert_eq!(st, 303, "{page}");
    assert_eq!(card_of(&loc), old);
    let (_, _, card) = admin.page(&loc, "ru");
    assert!(card.contains("ТОО «Зарегистрированное»"), "{card}");
    assert!(!card.contains("Другое наименование"), "{card}");
    assert!(card.contains("data-status=\"ACTIVE\""), "{card}");
    assert!(
        card.contains("<dd>17</dd>"),
        "КБе computed, not the typed 29: {card}"
    );

    // kk and en.
    for (lang, title, label) in [
        ("kk", "ЕНС ТРУ ұйымдары", "Ұйымды қосу"),
        ("en", "ENS TRU organisations", "Add an organisation"),
        ("ru", "Организации ЕНС ТРУ", "Добавить организацию"),
    ] {
        let (st, _, page) = admin.page(&format!("{list}?lang={lang}"), lang);
        assert_eq!(st, 200, "{lang}: {page}");
        assert!(
            page.contains(title) && page.contains(label),
            "{lang}: {page}"
        );
    }

    // The authorized body has no «Организации ЕНС ТРУ»; anonymous visitors go to «Войти».
    let auth = auth_body();
    let (st, _, page) = auth.page(list, "ru");
    assert_eq!(st, 403, "{page}");
    assert!(page.contains("data-code=\"MSG-FORBIDDEN\""), "{page}");
    let (st, _, _) = auth.form(
        &format!("{list}/new"),
        &[("bin", &new_bin), ("contact_email", "x@example.kz")],
    );
    assert_eq!(st, 403);
    let r = client().get(format!("{}{list}", base())).send().unwrap();
    assert_eq!(r.status().as_u16(), 303);
}

#[test]
fn as_68_as_71_g_46_the_queue_accreditation_and_the_users() {
    let admin = ens_admin();
    let auth = auth_body();
    let bin = with_check_digit("26034000077");
    let (st, loc, page) = admin.form(
        "/ens/admin/organisations/new",
        &[
            ("name", "АО «Очередь-Тест»"),
            ("bin", &bin),
            ("contact_email", "zakup@queue-test.kz"),
        ],
    );
    assert_eq!(st, 303, "{page}");
    let pid = card_of(&loc);
    let file = pdf(64 * 1024);
    let (id, email) = seed_request(
        &with_check_digit("88071840155"),
        "ОЧЕРЕДНАЯ",
        &pid,
        &bin,
        &file,
    );
    let (id2, _) = seed_request(
        &with_check_digit("88071840166"),
        "ОТКАЗНАЯ",
        &pid,
        &bin,
        &pdf(1024),
    );

    // The ENS administrator has no queue.
    let (st, _, page) = admin.page("/ens/admin/requests", "ru");
    assert_eq!(st, 403, "{page}");

    // The queue: «Подана» by default, the six columns, the search.
    let (st, _, queue) = auth.page("/ens/admin/requests", "ru");
    assert_eq!(st, 200, "{queue}");
    for col in [
        "Дата подачи",
        "ФИО",
        "Электронная почта",
        "БИН",
        "Организация",
        "Статус",
    ] {
        assert!(queue.contains(&format!("<th>{col}</th>")), "{col}: {queue}");
    }
    let row = row_with(&queue, &format!("data-request=\"{id}\"")).expect("the request");
    for cell in [
        "ОЧЕРЕДНАЯ АЙГЕРИМ",
        &email,
        &bin,
        "АО «Очередь-Тест»",
        "Подана",
    ] {
        assert!(row.contains(cell), "{cell}: {row}");
    }
    let (_, _, found) = auth.page(
        "/ens/admin/requests?q=%D0%BE%D1%87%D0%B5%D1%80%D0%B5%D0%B4%D0%BD%D0%B0%D1%8F",
        "ru",
    );
    assert!(found.contains(&format!("data-request=\"{id}\"")), "{found}");
    assert!(
        !found.contains(&format!("data-request=\"{id2}\"")),
        "{found}"
    );
    let (_, _, found) = auth.page(&format!("/ens/admin/requests?q={bin}&per_page=10"), "ru");
    assert!(found.contains("data-total=\"2\""), "{found}");
    let (_, _, found) = auth.page("/ens/admin/requests?status=ACCREDITED", "ru");
    assert!(
        !found.contains(&format!("data-request=\"{id}\"")),
        "{found}"
    );

    // The view and the power of attorney as uploaded.
    let view = format!("/ens/admin/requests/{id}");
    let (st, _, page) = auth.page(&view, "ru");
    assert_eq!(st, 200, "{page}");
    assert!(page.contains("Специалист по закупкам") && page.contains("+7 (7172) 11 22 33"));
    assert!(page.contains("доверенность.pdf"), "{page}");
    let r = client()
        .get(format!("{}{view}/power-of-attorney", base()))
        .header("Cookie", &auth.cookie)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cd.starts_with("attachment; filename=\"power-of-attorney.pdf\""),
        "{cd}"
    );
    assert_eq!(r.bytes().unwrap().as_ref(), file.as_slice());

    // «Отказать» without a reason.
    let (st, _, page) = auth.form(&format!("{view}/refuse"), &[("reason", "")]);
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("Укажите причину отклонения"), "{page}");
    assert!(page.contains("data-error-for=\"reason\""), "{page}");

    // «Аккредитовать»: the confirmation first; «Нет» changes nothing.
    let (st, _, page) = auth.form(&format!("{view}/accredit"), &[]);
    assert_eq!(st, 200, "{page}");
    assert!(
        page.contains("data-question") && page.contains(&email),
        "{page}"
    );
    let (st, loc, _) = auth.form(&format!("{view}/accredit"), &[("confirm", "no")]);
    assert_eq!((st, loc.as_str()), (303, view.as_str()));
    let (_, _, page) = auth.page(&view, "ru");
    assert!(page.contains("data-status=\"SUBMITTED\""), "{page}");
    let (st, loc, _) = auth.form(&format!("{view}/accredit"), &[("confirm", "yes")]);
    assert_eq!(st, 303);
    let (_, _, page) = auth.page(&loc, "ru");
    assert!(page.contains("data-status=\"ACCREDITED\"") && page.contains("Аккредитован"));
    assert!(!page.contains("data-accredit"), "no more decisions: {page}");
    let (_, _, queue) = auth.page("/ens/admin/requests", "ru");
    assert!(!queue.contains(&format!("data-request=\"{id}\"")));
    let (_, _, done) = auth.page("/ens/admin/requests?status=ACCREDITED", "ru");
    assert!(done.contains(&format!("data-request=\"{id}\"")), "{done}");

    // «Отказать» with a reason.
    let (st, loc, page) = auth.form(
        &format!("/ens/admin/requests/{id2}/refuse"),
        &[("reason", "Доверенность не подписана")],
    );
    assert_eq!(st, 303, "{page}");
    let (_, _, page) = auth.page(&loc, "ru");
    assert!(page.contains("Отказано") && page.contains("Доверенность не подписана"));

    // AS-68: the accredited user is an ЕНС ТРУ user of the organisation (not a supervisor).
    let card = format!("/ens/admin/organisations/{pid}");
    let (_, _, page) = admin.page(&card, "ru");
    let grant = grant_of(&page, &email);
    let row = row_with(&page, &email).unwrap();
    assert!(row.contains("data-supervisor=\"no\""), "{row}");

    // G-46: the supervisor switch of the ENS administrator, with a reason.
    let sup = format!("/ens/admin/users/{grant}/supervisor");
    let (st, _, page) = admin.form(&sup, &[("reason", ""), ("back", &card)]);
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"reason\""), "{page}");
    let (st, loc, _) = admin.form(&sup, &[("reason", "Письмо № 7"), ("back", &card)]);
    assert_eq!(st, 303);
    assert!(loc.starts_with(&card), "{loc}");
    let (_, _, page) = admin.page(&card, "ru");
    assert!(
        row_with(&page, &email)
            .unwrap()
            .contains("data-supervisor=\"yes\"")
    );
    let (st, _, _) = admin.form(
        &format!("{sup}/revoke"),
        &[("reason", "Письмо № 8"), ("back", &card)],
    );
    assert_eq!(st, 303);
    let (_, _, page) = admin.page(&card, "ru");
    assert!(
        row_with(&page, &email)
            .unwrap()
            .contains("data-supervisor=\"no\"")
    );
    // The authorized body has no supervisor switch.
    let (st, _, _) = auth.form(&sup, &[("reason", "x"), ("back", "/ens/admin/users")]);
    assert_eq!(st, 403);

    // AS-71: revocation by the authorized body, with a reason and a confirmation.
    let users = format!("/ens/admin/users?participant_id={pid}");
    let (st, _, page) = auth.page(&users, "ru");
    assert_eq!(st, 200, "{page}");
    assert!(
        page.contains(&email) && !page.contains("data-supervisor-on"),
        "{page}"
    );
    let revoke = format!("/ens/admin/users/{grant}/revoke");
    let (st, _, page) = auth.form(&revoke, &[("reason", ""), ("back", &users)]);
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("data-error-for=\"reason\""), "{page}");
    let (st, _, page) = auth.form(
        &revoke,
        &[("reason", "Отзыв доверенности"), ("back", &users)],
    );
    assert_eq!(st, 200, "{page}");
    assert!(
        page.contains("data-question") && page.contains(&email),
        "{page}"
    );
    let (st, loc, _) = auth.form(
        &revoke,
        &[
            ("reason", "Отзыв доверенности"),
            ("back", &users),
            ("confirm", "yes"),
        ],
    );
    assert_eq!(st, 303);
    let (_, _, page) = auth.page(&loc, "ru");
    assert!(!page.contains(&email), "{page}");
    assert!(page.contains("data-no-users"), "{page}");

    // kk and en of the queue.
    for (lang, title, column) in [
        (
            "kk",
            "ЕНС ТРУ пайдаланушыларын тіркеуге өтінімдер",
            "Берілген күні",
        ),
        ("en", "ENS TRU user registration requests", "Submitted on"),
    ] {
        let (st, _, page) = auth.page(&format!("/ens/admin/requests?lang={lang}"), lang);
        assert_eq!(st, 200, "{lang}: {page}");
        assert!(
            page.contains(title) && page.contains(column),
            "{lang}: {page}"
        );
    }
}

/// The valid ИИН/БИН of `prefix` (11 digits) followed by its check digit, if it has one.
fn checked(prefix: &str) -> Option<String> {
    (0..10)
        .map(|d| format!("{prefix}{d}"))
        .find(|s| kernel::values::Iin::parse(s).is_ok() || kernel::values::Bin::parse(s).is_ok())
}

/// A new organisation of the Appendix 1 form: its participant id.
fn new_organisation(admin: &User, name: &str, bin: &str) -> String {
    let (st, loc, page) = admin.form(
        "/ens/admin/organisations/new",
        &[
            ("name", name),
            ("bin", bin),
            ("contact_email", "info@ens-pages.kz"),
        ],
    );
    assert_eq!(st, 303, "{page}");
    card_of(&loc)
}

#[test]
fn acc_96_g_46_the_users_of_the_ens_organisations_are_paged() {
    let admin = ens_admin();
    let auth = auth_body();
    let bin = with_check_digit("26034000144");
    let pid = new_organisation(&admin, "АО «Страницы-Пользователи»", &bin);
    // 12 ЕНС ТРУ users granted in 2001: the oldest grants of the server, so the first of the
    // list of every organisation as well.
    let people: Vec<(String, String)> = (0..40)
        .filter_map(|n| checked(&format!("88071841{n:03}")))
        .take(12)
        .enumerate()
        .map(|(n, iin)| seed_account(&iin, &format!("СТРАНИЧНАЯ{n:02}"), "АЙГЕРИМ", None))
        .collect();
    let holders: Vec<String> = people.iter().map(|(id, _)| id.clone()).collect();
    let pid2 = pid.clone();
    with_db(async move |db| {
        let mut tx = db.write_tx().await.unwrap();
        signatures::audit::lock_head(&mut tx).await.unwrap();
        for (n, a) in holders.iter().enumerate() {
            accounts::store::grant_role(
                &mut tx,
                a,
                "ENS_USER",
                Some(&pid2),
                Some("seed"),
                "seed",
                kernel::Millis(978_307_200_000 + n as i64 * 1000),
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    });
    let email = |n: usize| people[n].1.as_str();

    // All organisations: page 1 of 10 rows, then page 2 by its link.
    let (st, _, first) = auth.page("/ens/admin/users?per_page=10", "ru");
    assert_eq!(st, 200, "{first}");
    assert!(
        first.contains(email(0)) && first.contains(email(9)),
        "{first}"
    );
    assert!(!first.contains(email(10)), "{first}");
    let link = "/ens/admin/users?per_page=10&#38;page=2";
    assert!(first.contains(&format!("href=\"{link}\"")), "{first}");
    let (st, _, second) = auth.page(&link.replace("&#38;", "&"), "ru");
    assert_eq!(st, 200, "{second}");
    assert!(
        second.contains(email(10)) && second.contains(email(11)),
        "{second}"
    );
    assert!(!second.contains(email(0)), "{second}");
    assert!(
        second.contains("АО «Страницы-Пользователи»"),
        "the organisation column"
    );

    // One organisation: 12 users, page 2 holds two; its forms come back to page 2.
    let users = format!("/ens/admin/users?participant_id={pid}&per_page=10&page=2");
    let (st, _, page) = auth.page(&users, "ru");
    assert_eq!(st, 200, "{page}");
    assert!(page.contains("data-users-total=\"12\""), "{page}");
    assert!(page.contains("Найдено: 12"), "{page}");
    assert_eq!(page.matches("data-grant=\"").count(), 2, "{page}");
    assert!(
        page.contains(&format!(
            "name=\"back\" value=\"/ens/admin/users?participant_id={pid}&#38;page=2&#38;per_page=10\""
        )),
        "{page}"
    );
    // The card pages its users too.
    let (st, _, card) = admin.page(
        &format!("/ens/admin/organisations/{pid}?per_page=10&page=2"),
        "ru",
    );
    assert_eq!(st, 200, "{card}");
    assert_eq!(card.matches("data-grant=\"").count(), 2, "{card}");
    assert!(
        card.contains(email(11)) && !card.contains(email(0)),
        "{card}"
    );
    assert!(
        card.contains(&format!(
            "href=\"/ens/admin/organisations/{pid}?per_page=10&#38;page=1\""
        )),
        "the link of page 1: {card}"
    );

    // «Отозвать» on page 2 comes back to page 2 with MSG-SAVED.
    let grant = grant_of(&page, email(11));
    let back = format!("/ens/admin/users?participant_id={pid}&page=2&per_page=10");
    let (st, loc, _) = auth.form(
        &format!("/ens/admin/users/{grant}/revoke"),
        &[
            ("reason", "Отзыв доверенности"),
            ("back", &back),
            ("confirm", "yes"),
        ],
    );
    assert_eq!(st, 303);
    assert!(loc.contains("page=2") && loc.contains("saved=1"), "{loc}");
    let (_, _, page) = auth.page(&loc, "ru");
    assert!(page.contains("data-users-total=\"11\"") && page.contains("data-notice"));
    assert!(!page.contains(email(11)), "{page}");

    // A page that is not a number is an error page, not the first page.
    let (st, _, _) = auth.page("/ens/admin/users?page=0", "ru");
    assert_eq!(st, 400);

    // The API pages too: `{total, page, per_page, items}`.
    let r = client()
        .get(format!(
            "{}/api/v1/ens/users?participant_id={pid}&per_page=10&page=2",
            base()
        ))
        .header("Cookie", &auth.cookie)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: serde_json::Value = r.json().unwrap();
    assert_eq!(
        (v["total"].as_i64(), v["page"].as_i64()),
        (Some(11), Some(2)),
        "{v}"
    );
    assert_eq!(v["items"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["items"][0]["email"], email(10), "{v}");
}

#[test]
fn acc_152_as_65_the_parent_organisation_is_a_search() {
    let admin = ens_admin();
    let new = "/ens/admin/organisations/new";
    let parent_bin = with_check_digit("26034000155");
    let parent = new_organisation(&admin, "АО «Родитель-Поиск»", &parent_bin);
    let other_bin = with_check_digit("26034000166");
    new_organisation(&admin, "ТОО «Родитель-Поиск Второй»", &other_bin);
    let label = format!("АО «Родитель-Поиск» ({parent_bin})");
    let child_bin = with_check_digit("26034000177");
    let child = |parent: &str, action: &str| {
        vec![
            ("name", "АО «Дочка-Поиск»".to_string()),
            ("bin", child_bin.clone()),
            ("contact_email", "info@dochka.kz".to_string()),
            ("parent_participant_id", parent.to_string()),
            ("action", action.to_string()),
        ]
    };
    let post = |path: &str, fields: &[(&str, String)]| {
        let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        admin.form(path, &f)
    };
    let nothing_saved = || {
        let (_, _, found) = admin.page(&format!("/ens/admin/organisations?q={child_bin}"), "ru");
        assert!(found.contains("data-total=\"0\""), "{found}");
    };

    // The form: a text field with a datalist and «Найти», no select of the first organisations.
    let (st, _, form) = admin.page(new, "ru");
    assert_eq!(st, 200, "{form}");
    assert!(
        form.contains("list=\"f-parent_participant_id-options\""),
        "{form}"
    );
    assert!(
        form.contains("data-find-parent") && form.contains(">Найти<"),
        "{form}"
    );
    assert!(
        !form.contains("<select id=\"f-parent_participant_id\""),
        "{form}"
    );
    assert!(
        form.contains("hx-get=\"/ens/admin/organisations/parents\""),
        "{form}"
    );

    // «Найти» by the БИН (no JavaScript): the form again with the organisation, nothing saved.
    let (st, _, page) = post(new, &child(&parent_bin, "find-parent"));
    assert_eq!(st, 200, "{page}");
    assert!(page.contains(&format!("value=\"{label}\"")), "{page}");
    assert!(page.contains(&format!("data-org=\"{parent}\"")), "{page}");
    assert!(page.contains("Найдено: 1"), "{page}");
    assert!(page.contains("Дочка-Поиск"), "the typed values stay");
    nothing_saved();
    // The datalist's options for htmx: by a part of the name, by the БИН.
    let (st, _, options) = admin.page(
        "/ens/admin/organisations/parents?parent_participant_id=%D0%BF%D0%BE%D0%B8%D1%81%D0%BA",
        "ru",
    );
    assert_eq!(st, 200, "{options}");
    assert!(
        options.contains(&format!("data-org=\"{parent}\"")),
        "{options}"
    );
    assert!(options.contains(&other_bin), "{options}");
    let (_, _, options) = admin.page(
        &format!("/ens/admin/organisations/parents?parent_participant_id={parent_bin}&exclude=x"),
        "ru",
    );
    assert!(
        options.contains(&format!("<option value=\"{label}\"")),
        "{options}"
    );
    assert!(!options.contains(&other_bin), "{options}");

    // An unknown parent, and one that names two organisations: the message under the field in
    // the user's language, nothing saved.
    let (st, _, page) = post(new, &child("999999999999", "save"));
    assert_eq!(st, 422, "{page}");
    assert!(
        page.contains("data-error-for=\"parent_participant_id\""),
        "{page}"
    );
    assert!(
        page.contains("Организация не найдена среди организаций ЕНС ТРУ"),
        "{page}"
    );
    assert!(
        page.contains("value=\"999999999999\""),
        "the typed text stays"
    );
    let (st, _, page) = post(&format!("{new}?lang=kk"), &child("Нет такой", "save"));
    assert_eq!(st, 422, "{page}");
    assert!(
        page.contains("Ұйым ЕНС ТРУ ұйымдарының арасынан табылмады"),
        "{page}"
    );
    let (st, _, page) = post(&format!("{new}?lang=en"), &child("Родитель-Поиск", "save"));
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("Several organisations match"), "{page}");
    assert!(
        page.contains(&format!("data-org=\"{parent}\"")),
        "the matches to choose from"
    );
    nothing_saved();

    // «Сохранить» with the БИН: the parent is the organisation of the БИН.
    let (st, loc, page) = post(new, &child(&parent_bin, "save"));
    assert_eq!(st, 303, "{page}");
    let (_, _, card) = admin.page(&loc, "ru");
    assert!(card.contains(&format!("<dd>{label}</dd>")), "{card}");
    // The edit form shows «name (БИН)» and saves it back unchanged.
    let id = card_of(&loc);
    let (st, _, edit) = admin.page(&format!("/ens/admin/organisations/{id}/edit"), "ru");
    assert_eq!(st, 200, "{edit}");
    assert!(edit.contains(&format!("value=\"{label}\"")), "{edit}");
    assert!(
        !edit.contains(&format!("data-org=\"{id}\"")),
        "never the organisation itself"
    );
    let (st, _, page) = post(
        &format!("/ens/admin/organisations/{id}/edit"),
        &child(&label, "save"),
    );
    assert_eq!(st, 303, "{page}");
    let (_, _, card) = admin.page(&format!("/ens/admin/organisations/{id}"), "ru");
    assert!(card.contains(&format!("<dd>{label}</dd>")), "{card}");
}
