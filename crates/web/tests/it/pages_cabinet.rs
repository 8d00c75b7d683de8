//! ACC-58 over HTTP: the banner of `/cabinet` and the `context_banner` of `GET /api/v1/me`
//! after a login with a certificate that carries a БИН but got no participant context. ШМИДТ
//! (C-GM-A, БИН 101251000347 of «Филиал Global Medical GmbH»), whom no other test of the
//! test-PKI server uses: first the БИН has no participant, then the participant exists without
//! her, then her membership is blocked.

use crate::browser_session::User;
use crate::helpers::{Seeded, client, insert_active_account, with_db};
use serde_json::Value;

const BIN: &str = "101251000347";
const ACCOUNT: &str = "acc_cb_911212400775";
const PARTICIPANT: &str = "prt_cb_gm";
const NAME: &str = "Филиал Global Medical GmbH";

fn me(u: &User) -> Value {
    let r = client()
        .get(format!("{}/api/v1/me", crate::browser_session::base()))
        .header("Cookie", &u.cookie)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    r.json().unwrap()
}

/// The banner `<div>` of a cabinet page.
fn banner(page: &str) -> &str {
    let at = page
        .find("data-context-banner=")
        .unwrap_or_else(|| panic!("no banner: {page}"));
    let start = page[..at].rfind("<div").unwrap();
    let end = start + page[start..].find("</div>").unwrap();
    &page[start..end]
}

#[test]
fn acc_58_cabinet_banners_of_a_bin_certificate_without_context() {
    let email = notify::testing::unique_address("shmidt");
    with_db(async |db| {
        let who = Seeded {
            id: ACCOUNT,
            iin: "911212400775",
            last: "ШМИДТ",
            first: "АННА",
            email: &email,
        };
        insert_active_account(db, &who, None).await;
    });

    // ---- no participant with the БИН: «Зарегистрировать участника» ----
    let u = User::login("C-GM-A");
    let (st, _, page) = u.page("/cabinet", "ru");
    assert_eq!(st, 200, "{page}");
    let b = banner(&page);
    assert!(b.contains("data-context-banner=\"NOT_REGISTERED\""), "{b}");
    assert!(b.contains("role=\"status\""), "{b}");
    assert!(
        b.contains("Организация с БИН 101251000347 не зарегистрирована как участник."),
        "{b}"
    );
    assert!(
        b.contains(
            "<a href=\"/cabinet/participant/register\" data-banner-link=\"register\">\
             Зарегистрировать участника</a>"
        ),
        "{b}"
    );
    for (lang, text) in [
        ("kk", "БСН 101251000347 ұйымы қатысушы ретінде тіркелмеген."),
        (
            "en",
            "The organisation with BIN 101251000347 is not registered as a participant.",
        ),
    ] {
        let (_, _, page) = u.page("/cabinet", lang);
        assert!(banner(&page).contains(text), "{lang}: {page}");
    }
    // The link opens the form of that БИН.
    let (st, _, form) = u.page("/cabinet/participant/register", "ru");
    assert_eq!(st, 200);
    assert!(form.contains(BIN));
    let v = me(&u);
    assert_eq!(v["context_participant_id"], Value::Null);
    assert_eq!(
        v["context_banner"],
        serde_json::json!({ "kind": "NOT_REGISTERED", "bin": BIN, "participant_id": null,
                            "participant_name": null, "reason": null })
    );
    assert_eq!(v["iin"], "911212400775", "the other fields stay");
    let doc: Value = client()
        .get(format!(
            "{}/api/v1/openapi.json",
            crate::browser_session::base()
        ))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let schemas = &doc["components"]["schemas"];
    assert!(
        schemas["MeResponse"]["properties"]["context_banner"].is_object(),
        "{}",
        schemas["MeResponse"]
    );
    assert!(schemas["ContextBannerView"]["properties"]["kind"].is_object());

    // ---- the participant exists, she is not its employee: «Отправить запрос на присоединение» ----
    with_db(async |db| {
        let p = accounts::store_org::Participant {
            id: PARTICIPANT.into(),
            kind: "UL".into(),
            id_number: BIN.into(),
            name: NAME.into(),
            country: "DE".into(),
            kse: "7".into(),
            email: "info@globalmed.kz".into(),
            phones: "+7 727 000 00 00".into(),
            status: "ACTIVE".into(),
            ..Default::default()
        };
        let mut tx = db.write_tx().await.unwrap();
        signatures::audit::lock_head(&mut tx).await.unwrap();
        accounts::store_org::save_participant(&mut tx, &p, "test", kernel::Millis::now(), false)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    });
    let u = User::login("C-GM-A");
    let (_, _, page) = u.page("/cabinet", "ru");
    let b = banner(&page);
    assert!(b.contains("data-context-banner=\"NOT_MEMBER\""), "{b}");
    assert!(
        b.contains("Вы не являетесь сотрудником участника «Филиал Global Medical GmbH»."),
        "{b}"
    );
    assert!(
        b.contains(
            "<a href=\"/cabinet/join\" data-banner-link=\"join\">\
             Отправить запрос на присоединение</a>"
        ),
        "{b}"
    );
    let (st, _, join) = u.page("/cabinet/join", "ru");
    assert_eq!(st, 200);
    assert!(
        join.contains("id=\"join-form\""),
        "the form of the БИН: {join}"
    );
    assert_eq!(
        me(&u)["context_banner"],
        serde_json::json!({ "kind": "NOT_MEMBER", "bin": BIN, "participant_id": PARTICIPANT,
                            "participant_name": NAME, "reason": null })
    );

    // ---- her membership is blocked: MSG-MEMBER-BLOCKED with the reason, no link ----
    with_db(async |db| {
        let now = kernel::Millis::now();
        let mut tx = db.write_tx().await.unwrap();
        signatures::audit::lock_head(&mut tx).await.unwrap();
        let id = accounts::store_org::insert_membership(
            &mut tx,
            ACCOUNT,
            PARTICIPANT,
            &[],
            "JOIN_REQUEST",
            Some("Бухгалтер"),
            now,
        )
        .await
        .unwrap();
        accounts::store_org::update_membership(
            &mut tx,
            id,
            "BLOCKED",
            &[],
            Some("Отпуск без содержания"),
            Some(("test", now)),
            "test",
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    });
    let u = User::login("C-GM-A");
    let (_, _, page) = u.page("/cabinet", "ru");
    let b = banner(&page);
    assert!(b.contains("data-context-banner=\"MEMBER_BLOCKED\""), "{b}");
    assert!(
        b.contains(
            "Ваша работа в организации «Филиал Global Medical GmbH» заблокирована. \
             Причина: Отпуск без содержания"
        ),
        "{b}"
    );
    assert!(!b.contains("data-banner-link"), "{b}");
    let v = me(&u);
    assert_eq!(v["context_banner"]["kind"], "MEMBER_BLOCKED");
    assert_eq!(v["context_banner"]["reason"], "Отпуск без содержания");
    assert_eq!(v["context_banner"]["participant_name"], NAME);
}
