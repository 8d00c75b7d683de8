//! Calendar, dictionaries, OpenAPI, health, metrics, languages and errors.

use crate::helpers::{demo, fixture};

#[test]
fn cat_59_deadline_api() {
    let v = fixture().json("/api/v1/calendar/add-working-days?from=2026-02-16T10:00&days=5");
    assert_eq!(v["deadline"], "2026-02-23T23:59:59+05:00");
    assert_eq!(v["deadline_local"], "23.02.2026 23:59");
    assert_eq!(v["calendar_complete"], true);
    // Nauryz 2026: Fri 20.03 + 1 working day → Thu 26.03.
    let v = fixture().json("/api/v1/calendar/add-working-days?from=2026-03-20&days=1");
    assert_eq!(v["deadline"], "2026-03-26T23:59:59+05:00");
    for bad in [
        "from=2026-02-30&days=1",
        "from=yesterday&days=1",
        "from=2026-02-16&days=-1",
        "from=2026-02-16&days=99999",
        "days=1",
        "from=2026-02-16",
    ] {
        let p = fixture().problem(&format!("/api/v1/calendar/add-working-days?{bad}"), 400);
        assert!(
            p["code"] == "DATE_INVALID" || p["code"] == "INVALID_PARAMETER",
            "{bad}: {p}"
        );
    }
}

#[test]
fn calendar_year_lists_days_off_and_transfers() {
    let v = fixture().json("/api/v1/calendar/2024");
    assert_eq!(v["complete"], true);
    let off: Vec<&str> = v["days_off"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert!(off.contains(&"2024-05-08"));
    let gov = v["days_off"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == "2024-05-08")
        .unwrap();
    assert_eq!(gov["kind"], "government_transfer");
    assert_eq!(v["working_days"][0]["date"], "2024-05-04");
    assert!(v["days_off"][0]["name_kk"].as_str().unwrap().len() > 2);
    assert_eq!(fixture().json("/api/v1/calendar/2031")["complete"], false);
    assert_eq!(
        fixture().problem("/api/v1/calendar/abc", 400)["code"],
        "DATE_INVALID"
    );
    assert_eq!(
        fixture().problem("/api/v1/calendar/1200", 400)["code"],
        "DATE_INVALID"
    );
}

#[test]
fn dictionaries_are_browsable() {
    let list = fixture().json("/api/v1/dictionaries");
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    for n in ["kato", "oked", "kpved", "tnved", "mkei", "banks"] {
        assert!(names.contains(&n), "{n}");
    }
    let kato = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "kato")
        .unwrap();
    assert_eq!(kato["rows"], 15594);
    let roots = fixture().json("/api/v1/dictionaries/kato?per_page=50");
    assert_eq!(
        roots["total"], 20,
        "oblasts and cities of republican significance"
    );
    let found = fixture().json("/api/v1/dictionaries/kato?q=%D0%90%D0%9B%D0%9C%D0%90%D0%A2%D0%AB");
    assert!(found["total"].as_u64().unwrap() >= 1);
    let unit = fixture().json("/api/v1/dictionaries/mkei/796");
    assert_eq!(unit["name_ru"], "Штука");
    assert_eq!(
        fixture().problem("/api/v1/dictionaries/nope", 404)["code"],
        "DICTIONARY_NOT_FOUND"
    );
    assert_eq!(
        fixture().problem("/api/v1/dictionaries/kato/000", 404)["code"],
        "CODE_NOT_FOUND"
    );
    assert_eq!(
        fixture().problem("/api/v1/dictionaries/kato?parent=000", 404)["code"],
        "NODE_NOT_FOUND"
    );
}

#[test]
fn openapi_document_lists_every_api_route() {
    let doc = fixture().json("/api/v1/openapi.json");
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/stats",
        "/api/v1/codes",
        "/api/v1/codes/{code}",
        "/api/v1/codes/export.xlsx",
        "/api/v1/goods",
        "/api/v1/goods/{id}",
        "/api/v1/goods/export.xlsx",
        "/api/v1/classifiers/{kind}/nodes",
        "/api/v1/classifiers/{kind}/versions",
        "/api/v1/dictionaries",
        "/api/v1/dictionaries/{name}",
        "/api/v1/dictionaries/{name}/{code}",
        "/api/v1/calendar/{year}",
        "/api/v1/calendar/add-working-days",
        "/healthz",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

#[test]
fn problems_speak_the_request_language() {
    let ru = fixture().problem("/api/v1/codes?q=ab", 400);
    assert_eq!(ru["title"], "Введите не менее 3 символов для поиска");
    let kk = crate::helpers::fixture().get_lang("/api/v1/codes?q=ab", "kk");
    let kk: serde_json::Value = kk.json().unwrap();
    assert_eq!(kk["title"], "Іздеу үшін кемінде 3 таңба енгізіңіз");
    let en = fixture().problem("/api/v1/codes?q=ab&lang=en", 400);
    assert_eq!(en["title"], "Enter at least 3 characters to search");
    assert_eq!(en["type"], "/problems/search-query-too-short");
    let (status, page) = fixture().html("/problems/search-query-too-short?lang=en");
    assert_eq!(status, 200);
    assert!(page.contains("SEARCH_QUERY_TOO_SHORT"));
}

#[test]
fn unknown_paths_and_methods() {
    assert_eq!(
        fixture().problem("/api/v1/nothing-here", 404)["code"],
        "NOT_FOUND"
    );
    let r = crate::helpers::client()
        .post(format!("{}/api/v1/codes", fixture().base))
        .send()
        .unwrap();
    assert_eq!(r.status(), 405);
    let v: serde_json::Value = r.json().unwrap();
    assert_eq!(v["code"], "METHOD_NOT_ALLOWED");
    let (status, page) = fixture().html("/no/such/page?lang=kk");
    assert_eq!(status, 404);
    assert!(page.contains("Бет табылмады"));
    // A number segment that is no number: a problem document, or an error page — never the
    // framework's plain text.
    let r = crate::helpers::client()
        .delete(format!(
            "{}/api/v1/participants/p1/bank-accounts/abc",
            fixture().base
        ))
        .send()
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let v: serde_json::Value = r.json().unwrap();
    assert_eq!(v["code"], "BAD_REQUEST");
    let (status, page) = fixture().html("/cabinet/org/bank-accounts/abc/edit?lang=ru");
    assert_eq!(status, 400);
    assert!(page.contains("<html"), "{page}");
}

#[test]
fn health_and_metrics() {
    eprintln!("backend: {}", fixture().backend);
    let h = fixture().json("/healthz");
    assert_eq!(h["status"], "ok");
    assert!(h["codes_indexed"].as_u64().unwrap() >= 32);
    fixture().json("/api/v1/stats");
    let m = fixture().get("/metrics").text().unwrap();
    assert!(m.contains("http_requests_total"), "{m}");
}

#[test]
fn demo_data_is_labelled() {
    let v = demo().json("/api/v1/codes?q=%D0%BC%D0%BE%D0%BB%D0%BE%D0%BA%D0%BE&mode=15");
    assert_eq!(v["demo"], true);
    let (_, home) = demo().html("/");
    assert!(home.contains("demo-banner"));
}
