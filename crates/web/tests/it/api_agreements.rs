//! The agreements of ACC-24 (AS-12), their publication (ACC-116, `dict.manage`) and the
//! secretary workspace (ACC-118, AS-64) over HTTP, with real signatures of the test PKI.
//!
//! Personas (none of them has an account made by another test of this server): P4, the head of
//! ORG1 (`org1-head-auth` / `org1-head-sign`), is U-AHM of AS-12, P3
//! (`ind2-sign`) the platform administrator, P1 (`ind-auth` / `ind-sign`) the user of the page
//! tests and of the ticked `USER_ENS`; U-SEC (`C-SEC-A`, an authentication key only) is written
//! into the database. Publishing `USER_NCT` changes what every НКТ entry of the server asks,
//! so the tests that enter НКТ hold [`NCT_LOCK`].

use crate::browser_session::{User, base};
use crate::helpers::{
    Seeded, TEST_PKI_DIR, client, insert_active_account, session_cookie, test_pki, with_db,
};
use base64ct::{Base64, Encoding};
use pki::testkit::{CmsOptions, TestPki, sign_cms};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// Held by the tests that enter НКТ or publish `USER_NCT`.
pub static NCT_LOCK: Mutex<()> = Mutex::new(());

pub fn nct_lock() -> std::sync::MutexGuard<'static, ()> {
    NCT_LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Registers (and activates) the account of `auth` once per server; `sign` signs the agreement.
pub fn registered(auth: &str, sign: &str) {
    static DONE: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    let set = done.get_or_insert_with(HashSet::new);
    if set.contains(auth) {
        return;
    }
    let (b, step) = User::certificate_step(auth);
    if step["next"] == "register" {
        let email = notify::testing::unique_address(&auth.replace('-', ""));
        b.register_and_activate(&step, sign, &email);
    }
    set.insert(auth.to_string());
}

/// The CSRF token of a session cookie.
fn csrf_of(cookie: &str) -> String {
    let r = client()
        .get(format!("{}/api/v1/auth/csrf", base()))
        .header("Cookie", cookie)
        .send()
        .unwrap();
    let v: Value = r.json().unwrap();
    v["csrf_token"].as_str().unwrap().to_string()
}

/// The certificate step of `auth` at `entry` (`PORTAL`, `NCT`, `ENS`), then the password: the
/// logged-in browser and the login's answer (`GET /api/v1/me`'s shape).
pub fn login_at(auth: &str, entry: &str) -> (User, Value) {
    let b = User::anonymous();
    let mut step = b.signed("login", None, auth);
    step["entry_point"] = json!(entry);
    let (st, _, out) = b.post_json("/api/v1/auth/login/certificate", &step);
    assert_eq!((st, out["next"].as_str()), (200, Some("password")), "{out}");
    let (st, h, me) = b.post_json(
        "/api/v1/auth/login/password",
        &json!({ "login_token": out["login_token"], "password": "Tauar2026" }),
    );
    assert_eq!(st, 200, "{me}");
    let cookie = session_cookie(&h).unwrap();
    let csrf = csrf_of(&cookie);
    (User { cookie, csrf }, me)
}

/// P3, registered and holding `PLATFORM_ADMIN`, logged in on the portal.
pub fn admin() -> User {
    static GRANTED: OnceLock<()> = OnceLock::new();
    registered("ind2-sign", "ind2-sign");
    GRANTED.get_or_init(|| {
        let (_, me) = login_at("ind2-sign", "PORTAL");
        let iin = me["iin"].as_str().unwrap().to_string();
        with_db(async |db| {
            accounts::new_banks::grant_role(
                db,
                kernel::Millis::now(),
                &iin,
                "PLATFORM_ADMIN",
                None,
                "ACC-116, adm.audit tests",
            )
            .await
            .unwrap();
        });
    });
    login_at("ind2-sign", "PORTAL").0
}

/// U-SEC (820920400445, `C-SEC-A`): written into the database once — registered on the portal
/// (the USER_PORTAL acceptance) with the `SECRETARY` role — and logged in on the portal.
pub fn secretary() -> User {
    static SEEDED: OnceLock<()> = OnceLock::new();
    SEEDED.get_or_init(|| {
        let email = notify::testing::unique_address("sec");
        with_db(async |db| {
            let who = Seeded {
                id: "acc_sec_web",
                iin: "820920400445",
                last: "БАЙМУХАНОВА",
                first: "ГУЛЬНАР",
                email: &email,
            };
            insert_active_account(db, &who, Some("SECRETARY")).await;
        });
    });
    login_at("C-SEC-A", "PORTAL").0
}

/// A GET with the cookie of `u`: (status, body as JSON or Null).
pub fn get_json(u: &User, path: &str) -> (u16, Value) {
    let r = client()
        .get(format!("{}{path}", base()))
        .header("Cookie", &u.cookie)
        .header("Accept-Language", "ru")
        .send()
        .unwrap();
    (r.status().as_u16(), r.json().unwrap_or(Value::Null))
}

/// A challenge of `…/agreements/{kind}/challenge` signed by `persona`.
pub fn entry_signed(u: &User, kind: &str, persona: &str) -> Value {
    let (st, _, ch) = u.post_json(
        &format!("/api/v1/me/agreements/{kind}/challenge"),
        &json!({ "purpose": "register.agreement" }),
    );
    assert_eq!(st, 201, "{ch}");
    let tbs = Base64::decode_vec(ch["tbs_base64"].as_str().unwrap()).unwrap();
    let pki = TestPki::open(TEST_PKI_DIR.get().unwrap()).unwrap();
    let cms = sign_cms(&pki.signer(persona).unwrap(), &tbs, &CmsOptions::default()).unwrap();
    json!({ "challenge_id": ch["challenge_id"], "cms_base64": Base64::encode_string(&cms) })
}

fn code(v: &Value) -> Option<&str> {
    v["code"].as_str()
}

#[test]
fn as_12_acc_24_the_nct_agreement_on_first_entry_and_after_a_new_version() {
    let _nct = nct_lock();
    registered("org1-head-auth", "org1-head-sign");
    // The portal (where the account was registered) is not held.
    let (_, me) = login_at("org1-head-auth", "PORTAL");
    assert_eq!(me["next"], "cabinet", "{me}");
    assert_eq!(me["pending_agreement"], Value::Null);
    let iin = me["iin"].as_str().unwrap().to_string();

    // The first НКТ entry: the USER_NCT agreement before anything else.
    let (u, me) = login_at("org1-head-auth", "NCT");
    assert_eq!(
        (me["next"].as_str(), me["pending_agreement"].as_str()),
        (Some("agreement"), Some("USER_NCT")),
        "{me}"
    );
    // Every other call of the session is refused with MSG-AGREEMENT-REQUIRED …
    let (st, p) = get_json(&u, "/api/v1/accounts/me/passports");
    assert_eq!((st, code(&p)), (403, Some("MSG-AGREEMENT-REQUIRED")), "{p}");
    assert_eq!(
        p["title"],
        "Для продолжения работы примите пользовательское соглашение системы"
    );
    let (st, _, p) = u.post_json("/api/v1/me/workspace", &json!({ "workspace": "SECRETARY" }));
    assert_eq!((st, code(&p)), (403, Some("MSG-AGREEMENT-REQUIRED")));
    // … but `/api/v1/me`, the CSRF endpoint and the agreement itself answer.
    let (st, me) = get_json(&u, "/api/v1/me");
    assert_eq!((st, me["next"].as_str()), (200, Some("agreement")));
    assert_eq!(get_json(&u, "/api/v1/auth/csrf").0, 200);
    let (st, list) = get_json(&u, "/api/v1/me/agreements");
    assert_eq!(st, 200, "{list}");
    let nct = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "USER_NCT")
        .unwrap()
        .clone();
    assert_eq!(
        (&nct["required_now"], &nct["acceptance_mode"]),
        (&json!(true), &json!("SIGNATURE"))
    );
    let r = client()
        .get(format!("{}/api/v1/me/agreements/USER_NCT", base()))
        .header("Cookie", &u.cookie)
        .header("Accept-Language", "kk")
        .send()
        .unwrap();
    let text: Value = r.json().unwrap();
    assert_eq!(
        text["title"],
        "ЭКТ ақпараттық жүйесін пайдалану туралы КЕЛІСІМ"
    );

    // The challenge names the account's ИИН for NCALayer and needs a signing key.
    let (st, _, ch) = u.post_json(
        "/api/v1/me/agreements/USER_NCT/challenge",
        &json!({ "purpose": "register.agreement" }),
    );
    assert_eq!(st, 201, "{ch}");
    assert_eq!(
        (ch["purpose"].as_str(), ch["key_kind"].as_str()),
        (Some("register.agreement"), Some("SIGNATURE"))
    );
    assert_eq!(ch["filters"]["iin"], json!(iin));
    // Another person's key: refused, nothing stored.
    let other = entry_signed(&u, "USER_NCT", "ind2-sign");
    let (st, _, p) = u.post_json("/api/v1/me/agreements/USER_NCT/accept", &other);
    assert_eq!(
        (st, code(&p)),
        (422, Some("MSG-AGREEMENT-OTHER-PERSON")),
        "{p}"
    );
    // Without the CSRF token: refused.
    let signed = entry_signed(&u, "USER_NCT", "org1-head-sign");
    let r = client()
        .post(format!("{}/api/v1/me/agreements/USER_NCT/accept", base()))
        .header("Cookie", &u.cookie)
        .json(&signed)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // «Подписать» with the account's own signing key.
    let (st, _, ok) = u.post_json("/api/v1/me/agreements/USER_NCT/accept", &signed);
    assert_eq!(st, 200, "{ok}");
    assert_eq!(ok["already"], false);
    assert!(ok["signature_id"].as_i64().unwrap() > 0);
    let v1 = ok["version"].as_str().unwrap().to_string();
    let (st, _) = get_json(&u, "/api/v1/accounts/me/passports");
    assert_eq!(st, 200, "the session is free");
    let (_, me) = get_json(&u, "/api/v1/me");
    assert_eq!(me["next"], "cabinet");
    // The next НКТ login does not ask again.
    let (_, me) = login_at("org1-head-auth", "NCT");
    assert_eq!(me["next"], "cabinet", "{me}");

    // dict.manage: the administrator publishes USER_NCT with re-acceptance.
    let admin = admin();
    let (st, _, p) = u.post_json(
        "/api/v1/admin/agreements",
        &json!({ "kind": "USER_NCT", "text_ru": "x", "text_kk": "x" }),
    );
    assert_eq!((st, code(&p)), (403, Some("MSG-FORBIDDEN")));
    let (st, _, p) = admin.post_json(
        "/api/v1/admin/agreements",
        &json!({ "kind": "USER_NCT", "text_ru": "  " }),
    );
    assert_eq!(st, 422, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["text_ru", "text_kk"]);
    let (st, _, v2) = admin.post_json(
        "/api/v1/admin/agreements",
        &json!({ "kind": "USER_NCT",
                 "text_ru": "Соглашение об использовании ИС ЭКТ. Новая редакция.",
                 "text_kk": "ЭКТ АЖ пайдалану туралы келісім. Жаңа редакция.",
                 "requires_reacceptance": true }),
    );
    assert_eq!(st, 201, "{v2}");
    assert_eq!(v2["requires_reacceptance"], true);
    assert_eq!(
        v2["title_kk"],
        "ЭКТ ақпараттық жүйесін пайдалану туралы КЕЛІСІМ"
    );
    let v2v = v2["version"].as_str().unwrap().to_string();
    let (st, _, p) = admin.post_json(
        "/api/v1/admin/agreements",
        &json!({ "kind": "USER_NCT", "version": v2v, "text_ru": "a", "text_kk": "b" }),
    );
    assert_eq!((st, code(&p)), (409, Some("MSG-AGREEMENT-VERSION-TAKEN")));
    let (st, all) = get_json(&admin, "/api/v1/admin/agreements");
    assert_eq!(st, 200, "{all}");
    let nct: Vec<(String, bool)> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["kind"] == "USER_NCT")
        .map(|v| {
            (
                v["version"].as_str().unwrap().to_string(),
                v["current"] == true,
            )
        })
        .collect();
    assert_eq!(nct[0], (v2v.clone(), true));
    assert!(nct.contains(&(v1.clone(), false)));
    // The old version stays readable.
    let (st, old) = get_json(&admin, &format!("/api/v1/admin/agreements/USER_NCT/{v1}"));
    assert_eq!(st, 200, "{old}");
    assert!(old["text_kk"].as_str().unwrap().len() > 100);
    assert!(old["acceptances"].as_i64().unwrap() >= 1);
    let (st, _) = get_json(&u, &format!("/api/v1/admin/agreements/USER_NCT/{v1}"));
    assert_eq!(st, 403);
    let (st, old) = get_json(&u, &format!("/api/v1/me/agreements/USER_NCT?version={v1}"));
    assert_eq!((st, old["version"].as_str()), (200, Some(v1.as_str())));

    // The next НКТ entry asks again; the portal is not affected.
    let (u2, me) = login_at("org1-head-auth", "NCT");
    assert_eq!(me["pending_agreement"], "USER_NCT", "{me}");
    let (_, me) = login_at("org1-head-auth", "PORTAL");
    assert_eq!(me["next"], "cabinet");
    let signed = entry_signed(&u2, "USER_NCT", "org1-head-sign");
    let (st, _, ok) = u2.post_json("/api/v1/me/agreements/USER_NCT/accept", &signed);
    assert_eq!(
        (st, ok["version"].as_str()),
        (200, Some(v2v.as_str())),
        "{ok}"
    );
    let (_, me) = login_at("org1-head-auth", "NCT");
    assert_eq!(me["next"], "cabinet");

    // Publishing is audited with the version as the object.
    let (st, log) = get_json(
        &admin,
        &format!("/api/v1/admin/audit?action=dict.manage&object=USER_NCT:{v2v}"),
    );
    assert_eq!((st, log["total"].as_i64()), (200, Some(1)), "{log}");
    assert_eq!(log["items"][0]["detail"]["requires_reacceptance"], true);
}

#[test]
fn acc_24_user_ens_is_ticked_over_http() {
    let _text = crate::helpers::user_ens_text();
    registered("ind-auth", "ind-sign");
    let (u, me) = login_at("ind-auth", "ENS");
    assert_eq!(me["pending_agreement"], "USER_ENS", "{me}");
    let (st, _, p) = u.post_json("/api/v1/me/agreements/USER_ENS/challenge", &json!({}));
    assert_eq!((st, code(&p)), (400, Some("INVALID_PARAMETER")), "{p}");
    let (st, _, p) = u.post_json(
        "/api/v1/me/agreements/USER_ENS/accept",
        &json!({ "accepted": false }),
    );
    assert_eq!((st, code(&p)), (422, Some("MSG-ENS-AGREEMENT")), "{p}");
    let (st, _, p) = u.post_json(
        "/api/v1/me/agreements/USER_ENS/accept",
        &json!({ "accepted": true, "extra": 1 }),
    );
    assert_eq!((st, code(&p)), (422, Some("FIELD_NOT_ALLOWED")), "{p}");
    let (st, _, ok) = u.post_json(
        "/api/v1/me/agreements/USER_ENS/accept",
        &json!({ "accepted": true }),
    );
    assert_eq!(st, 200, "{ok}");
    assert_eq!(ok["signature_id"], Value::Null);
    let (_, me) = get_json(&u, "/api/v1/me");
    assert_eq!(me["next"], "cabinet", "{me}");
}

#[test]
fn as_64_acc_118_the_secretary_workspace_over_http() {
    let sec = secretary();
    let (st, me) = get_json(&sec, "/api/v1/me");
    assert_eq!(
        (st, me["workspace"].as_str()),
        (200, Some("DEFAULT")),
        "{me}"
    );
    let (st, _, w) = sec.post_json("/api/v1/me/workspace", &json!({ "workspace": "SECRETARY" }));
    assert_eq!(
        (st, w["workspace"].as_str()),
        (200, Some("SECRETARY")),
        "{w}"
    );
    let (_, me) = get_json(&sec, "/api/v1/me");
    assert_eq!(me["workspace"], "SECRETARY");
    let (st, _, p) = sec.post_json("/api/v1/me/workspace", &json!({ "workspace": "ROOT" }));
    assert_eq!((st, code(&p)), (422, Some("MSG-DICT-VALUE")), "{p}");
    let (st, _, w) = sec.post_json("/api/v1/me/workspace", &json!({ "workspace": "DEFAULT" }));
    assert_eq!((st, w["workspace"].as_str()), (200, Some("DEFAULT")));
    // Without the CSRF token.
    let r = client()
        .post(format!("{}/api/v1/me/workspace", base()))
        .header("Cookie", &sec.cookie)
        .json(&json!({ "workspace": "SECRETARY" }))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // Anyone else: 403 MSG-FORBIDDEN, audited as DENIED; an anonymous browser too.
    let admin = admin();
    let (st, _, p) = admin.post_json("/api/v1/me/workspace", &json!({ "workspace": "SECRETARY" }));
    assert_eq!((st, code(&p)), (403, Some("MSG-FORBIDDEN")), "{p}");
    let anon = User::anonymous();
    let (st, _, p) = anon.post_json("/api/v1/me/workspace", &json!({ "workspace": "SECRETARY" }));
    assert_eq!((st, code(&p)), (403, Some("MSG-FORBIDDEN")));
    let (_, me) = get_json(&admin, "/api/v1/me");
    let (st, log) = get_json(
        &admin,
        &format!(
            "/api/v1/admin/audit?actor={}&action=usr.secretary&outcome=DENIED",
            me["iin"].as_str().unwrap()
        ),
    );
    assert_eq!(st, 200, "{log}");
    assert!(log["total"].as_i64().unwrap() >= 1, "{log}");
    let (st, log) = get_json(
        &admin,
        "/api/v1/admin/audit?actor=820920400445&action=usr.secretary&outcome=OK",
    );
    assert_eq!(st, 200);
    let items = log["items"].as_array().unwrap();
    assert!(items.len() >= 2);
    assert_eq!(items[0]["detail"]["after"]["workspace"], "DEFAULT");
    assert_eq!(items[1]["detail"]["after"]["workspace"], "SECRETARY");
}

#[test]
fn acc_24_anonymous_visitors_get_no_agreements() {
    let (st, _, _) =
        test_pki().post_json("/api/v1/me/agreements/USER_NCT/accept", None, &json!({}));
    assert_eq!(st, 403);
    let r = client()
        .get(format!("{}/api/v1/me/agreements", base()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = client()
        .get(format!("{}/api/v1/admin/agreements", base()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
}
