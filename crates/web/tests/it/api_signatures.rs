//! The signature endpoints (spec/signatures.md SIG-9, SIG-36…SIG-55, SIG-73) against real НУЦ
//! РК test material (`data/pki-fixtures`): challenges, refusals as problem documents with the
//! §7.1 codes, and public verification of real Kalkan CMS.

use crate::helpers::{pki_fixtures, session_cookie, set_signing_time, signatures};
use base64ct::{Base64, Encoding};
use serde_json::{Value, json};

fn b64_file(rel: &str) -> String {
    Base64::encode_string(&std::fs::read(pki_fixtures().join(rel)).unwrap())
}

fn assert_problem(status: u16, body: &Value, want_status: u16, code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], want_status);
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{body}"
    );
}

#[test]
fn sig_9_challenge_names_the_act_and_sets_the_session() {
    let (s, _g) = signatures();
    set_signing_time("2026-11-27T08:00:00Z");
    let (st, h, ch) = s.post_json(
        "/api/v1/signatures/challenges",
        None,
        &json!({"purpose": "demo.document", "content": {"text": "Сәлем, Tauar"}}),
    );
    assert_eq!(st, 201, "{ch}");
    assert!(session_cookie(&h).is_some(), "no session cookie");
    let cookie_line = h.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie_line.contains("HttpOnly") && cookie_line.contains("SameSite=Lax"));
    assert_eq!(ch["purpose"], "demo.document");
    assert_eq!(ch["key_kind"], "SIGNATURE");
    assert_eq!(
        ch["filters"]["extKeyUsageOids"],
        json!(["1.3.6.1.5.5.7.3.4"])
    );
    assert_eq!(ch["expires_at"], "2026-11-27T13:05:00+05:00");
    let tbs: Value =
        serde_json::from_slice(&Base64::decode_vec(ch["tbs_base64"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(tbs["origin"], s.base.as_str());
    assert_eq!(tbs["content"]["text"], "Сәлем, Tauar");
    assert_eq!(tbs["summary"], ch["summary"]);
    assert!(tbs["summary"].as_str().unwrap().contains("Сәлем, Tauar"));
    assert_eq!(tbs["lang"], "ru");

    // A login challenge asks for any key.
    let (st, _, ch) = s.post_json(
        "/api/v1/signatures/challenges",
        None,
        &json!({"purpose": "login"}),
    );
    assert_eq!(st, 201);
    assert_eq!(ch["key_kind"], "ANY");
    assert_eq!(ch["filters"]["extKeyUsageOids"], json!([]));
}

/// SIG-30, SIG-45, SIG-57: `signing.tsa` is off by default, so a challenge tells the page not
/// to ask NCALayer for a timestamp (no `tsaProfile`); the field is in the OpenAPI schema.
#[test]
fn sig_45_challenges_ask_for_no_timestamp_by_default() {
    let (s, _g) = signatures();
    for body in [
        json!({"purpose": "demo.document", "content": {"text": "Без метки времени"}}),
        json!({"purpose": "login"}),
    ] {
        let (st, _, ch) = s.post_json("/api/v1/signatures/challenges", None, &body);
        assert_eq!(st, 201, "{ch}");
        assert_eq!(ch["tsa"], json!(false), "{ch}");
        assert!(ch["filters"].get("tsaProfile").is_none(), "{ch}");
    }
    let doc = s.json("/api/v1/openapi.json");
    let schema = &doc["components"]["schemas"]["ChallengeResponse"];
    assert_eq!(schema["properties"]["tsa"]["type"], "boolean", "{schema}");
    assert!(
        schema["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("tsa"))),
        "{schema}"
    );
}

/// SIG-33: the NCALayer module changed (SIG-45 `tsaProfile`), so it is served under a new
/// versioned name (assets are cached as immutable); the demo page loads that name.
#[test]
fn sig_33_the_ncalayer_module_is_served_under_its_current_name() {
    let (s, _g) = signatures();
    let r = s.get("/assets/ncalayer-2.js");
    assert_eq!(r.status().as_u16(), 200);
    let cache = r.headers()["cache-control"].to_str().unwrap().to_string();
    assert!(cache.contains("immutable"), "{cache}");
    let js = r.text().unwrap();
    assert!(
        js.contains("signingParams.tsaProfile = {}"),
        "no tsaProfile"
    );
    assert_eq!(s.get("/assets/ncalayer-1.js").status().as_u16(), 404);
    let (_, page) = s.html("/demo/sign?lang=ru");
    assert!(page.contains("/assets/ncalayer-2.js"), "{page}");
}

#[test]
fn sig_9_bad_challenge_requests_are_refused_with_a_reason() {
    let (s, _g) = signatures();
    for (body, code) in [
        (json!({"purpose": "no.such"}), "INVALID_PARAMETER"),
        (
            json!({"purpose": "register.agreement"}),
            "INVALID_PARAMETER",
        ),
        (json!({"purpose": "demo.document"}), "INVALID_PARAMETER"),
        (
            json!({"purpose": "demo.document", "content": {"text": "  "}}),
            "INVALID_PARAMETER",
        ),
        (
            json!({"purpose": "demo.document", "content": {"text": "x".repeat(2001)}}),
            "INVALID_PARAMETER",
        ),
        (json!({"purpose": "login", "extra": 1}), "BAD_REQUEST"),
        (json!([1, 2]), "BAD_REQUEST"),
    ] {
        let (st, _, p) = s.post_json("/api/v1/signatures/challenges", None, &body);
        assert_problem(st, &p, 400, code);
        assert!(!p["detail"].as_str().unwrap().is_empty());
    }
}

#[test]
fn sig_9_thirty_challenges_a_minute_per_session() {
    let (s, _g) = signatures();
    set_signing_time("2026-11-27T09:00:00Z");
    let (_, h, _) = s.post_json(
        "/api/v1/signatures/challenges",
        None,
        &json!({"purpose": "login"}),
    );
    let cookie = session_cookie(&h).unwrap();
    for _ in 1..30 {
        let (st, _, _) = s.post_json(
            "/api/v1/signatures/challenges",
            Some(&cookie),
            &json!({"purpose": "login"}),
        );
        assert_eq!(st, 201);
    }
    let (st, h, p) = s.post_json(
        "/api/v1/signatures/challenges",
        Some(&cookie),
        &json!({"purpose": "login"}),
    );
    assert_problem(st, &p, 429, "TOO_MANY_REQUESTS");
    assert_eq!(h.get("retry-after").unwrap(), "60");
    set_signing_time("2026-11-27T09:01:00Z");
    let (st, _, _) = s.post_json(
        "/api/v1/signatures/challenges",
        Some(&cookie),
        &json!({"purpose": "login"}),
    );
    assert_eq!(st, 201, "a new minute, a new window");
}

#[test]
fn sig_52_acts_over_foreign_or_garbage_input_are_refused() {
    let (s, _g) = signatures();
    set_signing_time("2026-11-27T10:00:00Z");
    let (_, h, ch) = s.post_json(
        "/api/v1/signatures/challenges",
        None,
        &json!({"purpose": "demo.document", "content": {"text": "a"}}),
    );
    let cookie = session_cookie(&h).unwrap();
    let id = ch["challenge_id"].as_str().unwrap();
    let real_cms = b64_file("cms/individual_active_sign_2020_rsa_asdasd.cms");
    // Another browser session → unknown.
    let (st, _, p) = s.post_json(
        "/api/v1/signatures/demo",
        None,
        &json!({"challenge_id": id, "cms_base64": real_cms}),
    );
    assert_problem(st, &p, 400, "SIG_CHALLENGE_UNKNOWN");
    // Truncated, random and oversized bytes → malformed.
    let truncated = &real_cms[..real_cms.len() / 2];
    let oversized = Base64::encode_string(&vec![0x30u8; 70 * 1024]);
    for cms in [
        truncated.to_string(),
        "AAAA".into(),
        "не base64".into(),
        oversized,
    ] {
        let (st, _, p) = s.post_json(
            "/api/v1/signatures/demo",
            Some(&cookie),
            &json!({"challenge_id": id, "cms_base64": cms}),
        );
        assert_problem(st, &p, 400, "SIG_MALFORMED");
    }
    // A real signature over other bytes (a CMS from another challenge) → content mismatch.
    let (st, _, p) = s.post_json(
        "/api/v1/signatures/demo",
        Some(&cookie),
        &json!({"challenge_id": id, "cms_base64": real_cms}),
    );
    assert_problem(st, &p, 422, "SIG_CONTENT_MISMATCH");
    // Expired challenge.
    set_signing_time("2026-11-27T10:05:00Z");
    let (st, _, p) = s.post_json(
        "/api/v1/signatures/demo",
        Some(&cookie),
        &json!({"challenge_id": id, "cms_base64": real_cms}),
    );
    assert_problem(st, &p, 410, "SIG_CHALLENGE_EXPIRED");
    // A login challenge cannot complete a document act.
    let (_, _, login) = s.post_json(
        "/api/v1/signatures/challenges",
        Some(&cookie),
        &json!({"purpose": "login"}),
    );
    let (st, _, p) = s.post_json(
        "/api/v1/signatures/demo",
        Some(&cookie),
        &json!({"challenge_id": login["challenge_id"], "cms_base64": real_cms}),
    );
    assert_problem(st, &p, 400, "SIG_CHALLENGE_UNKNOWN");
}

#[test]
fn sig_73_a_real_nuc_signature_verifies_with_its_signer_and_crl_evidence() {
    let (s, _g) = signatures();
    // Within the signer certificate's validity (2020-01-28 … 2021-01-27).
    set_signing_time("2020-09-10T06:00:00Z");
    let (st, _, v) = s.post_json(
        "/api/v1/signatures/verify",
        None,
        &json!({"cms_base64": b64_file("cms/individual_active_sign_2020_rsa_asdasd.cms")}),
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["valid"], true);
    assert_eq!(v["signer"]["key_purpose"], "SIGN");
    assert_eq!(v["signer"]["certificate"]["algorithm"], "RSA");
    assert!(
        v["signer"]["iin"].as_str().is_some_and(|i| i.len() == 12),
        "{v}"
    );
    assert_eq!(v["revocation"]["source"], "crl");
    assert_eq!(v["revocation"]["status"], "good");
    assert!(v["revocation"]["evidence"]["crl_number"].is_string(), "{v}");
    assert_eq!(v["attached"], true);
    assert_eq!(v["chain"].as_array().unwrap().len(), 3);
    assert_eq!(v["claimed_signing_time"], "2020-09-10T02:03:14+06:00");
    // The same CMS with another document → content mismatch.
    let (st, _, p) = s.post_json(
        "/api/v1/signatures/verify",
        None,
        &json!({"cms_base64": b64_file("cms/individual_active_sign_2020_rsa_asdasd.cms"),
                "data_base64": Base64::encode_string(b"asdasd!")}),
    );
    assert_problem(st, &p, 422, "SIG_CONTENT_MISMATCH");
}

#[test]
fn sig_45_an_expired_certificate_is_refused_with_its_date() {
    let (s, _g) = signatures();
    set_signing_time("2022-09-28T15:00:00Z");
    let (st, _, p) = s.post_json(
        "/api/v1/signatures/verify",
        None,
        &json!({"cms_base64": b64_file("cms/signed_attached_one_signer_test123.cms")}),
    );
    assert_problem(st, &p, 422, "SIG_CERT_EXPIRED");
    assert!(p["title"].as_str().unwrap().contains("18.01.2022"), "{p}");
}

#[test]
fn sig_37_two_signers_and_detached_without_document_are_refused() {
    let (s, _g) = signatures();
    set_signing_time("2022-09-28T15:00:00Z");
    let (st, _, p) = s.post_json(
        "/api/v1/signatures/verify",
        None,
        &json!({"cms_base64": b64_file("cms/signed_attached_test123.cms")}),
    );
    assert_problem(st, &p, 400, "SIG_MALFORMED");
    let (st, _, p) = s.post_json(
        "/api/v1/signatures/verify",
        None,
        &json!({"cms_base64": b64_file("cms/signed_detached_test123.cms")}),
    );
    assert_problem(st, &p, 422, "SIG_CONTENT_MISMATCH");
}

#[test]
fn sig_73_verification_page_shows_the_verdict() {
    let (s, _g) = signatures();
    set_signing_time("2020-09-10T06:00:00Z");
    let cms = b64_file("cms/individual_active_sign_2020_rsa_asdasd.cms");
    let body: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("cms", &cms)
        .finish();
    let r = crate::helpers::client()
        .post(format!("{}/signatures/verify?lang=kk", s.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let html = r.text().unwrap();
    assert!(html.contains("data-verdict=\"valid\""), "{html}");
    assert!(html.contains("Қолтаңба жарамды."));
    let (status, page) = s.html("/demo/sign?lang=en");
    assert_eq!(status, 200);
    assert!(page.contains("data-tauar-sign") && page.contains("tauar-ncalayer-url"));
}

#[test]
fn sig_36_an_oversized_body_is_a_problem_document() {
    let (s, _g) = signatures();
    // One byte over the 12 MB limit: the server has read the whole body when it refuses it.
    // (A body far over the limit races the early answer against the upload, and the client
    // may see the connection reset instead of the answer.)
    let limit = 12 * 1024 * 1024;
    let overhead = r#"{"cms_base64":""}"#.len();
    let big = "A".repeat(limit + 1 - overhead);
    let body = json!({ "cms_base64": big });
    assert_eq!(serde_json::to_string(&body).unwrap().len(), limit + 1);
    let (st, _, p) = s.post_json("/api/v1/signatures/verify", None, &body);
    assert_problem(st, &p, 413, "PAYLOAD_TOO_LARGE");
}
