//! «Журнал аудита» over HTTP (§4.9 `adm.audit`): the platform administrator's list (newest
//! first, paged, filtered by actor, kind, action, object, outcome and dates), one entry with its
//! chain links, and the chain verification; everyone else gets 403 MSG-FORBIDDEN, audited as
//! DENIED. The log is the server's own, shared with the other tests: the checks are about the
//! rows of this test's people.

use crate::api_agreements::{admin, get_json, login_at, registered};
use crate::browser_session::base;
use crate::helpers::client;
use serde_json::Value;

fn code(v: &Value) -> Option<&str> {
    v["code"].as_str()
}

#[test]
fn adm_audit_the_log_for_the_platform_administrator_only() {
    registered("org1-head-auth", "org1-head-sign");
    let (user, me) = login_at("org1-head-auth", "PORTAL");
    let iin = me["iin"].as_str().unwrap().to_string();
    let user_id = me["account_id"].as_str().unwrap().to_string();
    for _ in 0..2 {
        login_at("org1-head-auth", "PORTAL");
    }
    // Not a PLATFORM_ADMIN: 403 MSG-FORBIDDEN for the list, an entry and the check.
    for path in [
        "/api/v1/admin/audit",
        "/api/v1/admin/audit/1",
        "/api/v1/admin/audit/verify",
    ] {
        let (st, p) = get_json(&user, path);
        assert_eq!((st, code(&p)), (403, Some("MSG-FORBIDDEN")), "{path}: {p}");
        let r = client().get(format!("{}{path}", base())).send().unwrap();
        assert_eq!(r.status().as_u16(), 403, "anonymous {path}");
    }
    let admin = admin();
    // The refusals are in the log as DENIED, with the user as the actor.
    let (st, denied) = get_json(
        &admin,
        &format!("/api/v1/admin/audit?actor={iin}&action=adm.audit&outcome=DENIED"),
    );
    assert_eq!(st, 200, "{denied}");
    assert!(denied["total"].as_i64().unwrap() >= 3, "{denied}");

    // The whole log, newest first, paged.
    let (st, all) = get_json(&admin, "/api/v1/admin/audit?per_page=10");
    assert_eq!(st, 200, "{all}");
    let items = all["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    let seqs: Vec<i64> = items.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|p| p[0] > p[1]), "{seqs:?}");
    assert!(all["total"].as_i64().unwrap() >= 10);
    // The user's logins: each row of the filter, the pages follow one another.
    let (_, logins) = get_json(
        &admin,
        &format!("/api/v1/admin/audit?actor={user_id}&action=usr.login&per_page=10"),
    );
    let rows = logins["items"].as_array().unwrap();
    assert!(rows.len() >= 3, "{logins}");
    assert!(rows.iter().all(|e| e["action"] == "usr.login"
        && e["actor_account_id"] == user_id.as_str()
        && e["kind"] == "event"
        && e["outcome"] == "OK"
        && e["at"].as_str().unwrap().ends_with("+05:00")));
    let (_, by_iin) = get_json(
        &admin,
        &format!("/api/v1/admin/audit?actor={iin}&action=usr.login&per_page=10"),
    );
    // The same person by ИИН (later, so never fewer: other tests log in with this key too).
    assert!(by_iin["total"].as_i64().unwrap() >= logins["total"].as_i64().unwrap());
    assert!(
        by_iin["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor_account_id"] == user_id.as_str())
    );
    let (_, page2) = get_json(
        &admin,
        &format!("/api/v1/admin/audit?actor={user_id}&action=usr.&per_page=10&page=2"),
    );
    assert_eq!(page2["page"], 2);
    let (_, prefix) = get_json(
        &admin,
        &format!("/api/v1/admin/audit?actor={user_id}&action=usr.&per_page=100"),
    );
    assert!(
        prefix["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"].as_str().unwrap().starts_with("usr."))
    );
    let (_, acts) = get_json(&admin, "/api/v1/admin/audit?kind=act&per_page=10");
    assert!(
        acts["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "act" && e["signature_id"].is_i64())
    );
    let (_, on_user) = get_json(&admin, &format!("/api/v1/admin/audit?object={user_id}"));
    assert!(on_user["total"].as_i64().unwrap() >= 3);
    // Dates are Asia/Almaty days: the server's day has the rows, far days none.
    let day = &rows[0]["at"].as_str().unwrap()[..10];
    let (_, today) = get_json(
        &admin,
        &format!("/api/v1/admin/audit?actor={user_id}&action=usr.login&from={day}&to={day}"),
    );
    // Other tests log in with the same key at the same time: the day holds at least this
    // test's three logins, each of them on that day.
    assert!(today["total"].as_i64().unwrap() >= 3, "{today}");
    assert!(
        today["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["at"].as_str().unwrap().starts_with(day))
    );
    let (_, future) = get_json(
        &admin,
        &format!("/api/v1/admin/audit?actor={user_id}&from=2999-01-01"),
    );
    assert_eq!(future["total"], 0);
    let (_, past) = get_json(
        &admin,
        &format!("/api/v1/admin/audit?actor={user_id}&to=2000-01-01"),
    );
    assert_eq!(past["total"], 0);
    // Bad parameters.
    for (q, expected) in [
        ("from=вчера", "DATE_INVALID"),
        ("kind=other", "INVALID_PARAMETER"),
        ("outcome=maybe", "INVALID_PARAMETER"),
        ("actr=x", "INVALID_PARAMETER"),
        ("per_page=7", "PAGE_SIZE_NOT_ALLOWED"),
    ] {
        let (st, p) = get_json(&admin, &format!("/api/v1/admin/audit?{q}"));
        assert_eq!((st, code(&p)), (400, Some(expected)), "{q}: {p}");
    }

    // One entry with its chain links; an unknown one.
    let seq = rows[0]["seq"].as_i64().unwrap();
    let (st, e) = get_json(&admin, &format!("/api/v1/admin/audit/{seq}"));
    assert_eq!(st, 200, "{e}");
    assert_eq!(e["hash"].as_str().map(str::len), Some(64));
    assert_eq!(e["prev_hash"].as_str().map(str::len), Some(64));
    assert!(rows[0].get("hash").is_none(), "the list has no chain links");
    let (st, p) = get_json(&admin, "/api/v1/admin/audit/999999999");
    assert_eq!((st, code(&p)), (404, Some("NOT_FOUND")));
    let (st, _) = get_json(&admin, "/api/v1/admin/audit/abc");
    assert_eq!(st, 400);

    // The chain check of `tauar audit verify`.
    let (st, v) = get_json(&admin, "/api/v1/admin/audit/verify");
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["ok"], true, "{v}");
    assert!(v["rows"].as_u64().unwrap() >= seq as u64);
    assert_eq!(v["first_broken"], Value::Null);
}
