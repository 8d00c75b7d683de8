//! The accounts API end to end (issue 6 §5): registration with two signatures, the activation
//! mail read from the real mail sink, the certificate → password login, `GET /api/v1/me`, and
//! the refusals of §3 of the issue (CSRF, cert-sourced fields, field errors, anonymous access).

use crate::helpers::{TEST_PKI_DIR, TEST_PKI_MAILBOX, client, session_cookie, test_pki};
use base64ct::{Base64, Encoding};
use pki::testkit::{CmsOptions, TestPki, sign_cms};
use serde_json::{Value, json};

/// A browser: its session cookie and CSRF token.
struct Browser {
    cookie: String,
    csrf: String,
}

impl Browser {
    fn new() -> Browser {
        let s = test_pki();
        let r = client()
            .get(format!("{}/api/v1/auth/csrf", s.base))
            .send()
            .unwrap();
        let cookie = session_cookie(r.headers()).expect("a session cookie");
        let v: Value = r.json().unwrap();
        Browser {
            cookie,
            csrf: v["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    fn post(&self, path: &str, body: &Value) -> (u16, reqwest::header::HeaderMap, Value) {
        let r = client()
            .post(format!("{}{}", test_pki().base, path))
            .header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .header("Accept-Language", "ru")
            .json(body)
            .send()
            .unwrap();
        let st = r.status().as_u16();
        let h = r.headers().clone();
        (st, h, r.json().unwrap_or(Value::Null))
    }

    fn get(&self, path: &str) -> (u16, Value) {
        let r = client()
            .get(format!("{}{}", test_pki().base, path))
            .header("Cookie", &self.cookie)
            .header("Accept-Language", "ru")
            .send()
            .unwrap();
        (r.status().as_u16(), r.json().unwrap_or(Value::Null))
    }

    /// A challenge of `purpose` signed by `persona`: `{"challenge_id", "cms_base64"}`.
    fn signed(&self, purpose: &str, content: Option<Value>, persona: &str) -> Value {
        let mut req = json!({ "purpose": purpose });
        if let Some(c) = content {
            req["content"] = c;
        }
        let (st, _, ch) = self.post("/api/v1/signatures/challenges", &req);
        assert_eq!(st, 201, "{ch}");
        let tbs = Base64::decode_vec(ch["tbs_base64"].as_str().unwrap()).unwrap();
        let pki = TestPki::open(TEST_PKI_DIR.get().unwrap()).unwrap();
        let cms = sign_cms(&pki.signer(persona).unwrap(), &tbs, &CmsOptions::default()).unwrap();
        json!({ "challenge_id": ch["challenge_id"], "cms_base64": Base64::encode_string(&cms) })
    }
}

fn mails_to(addr: &str, n: usize) -> Vec<notify::testing::ReceivedMail> {
    let mb = TEST_PKI_MAILBOX.get().unwrap();
    for _ in 0..200 {
        let m = mb.messages_to(addr).unwrap();
        if m.len() >= n {
            return m;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    mb.messages_to(addr).unwrap()
}

fn link_token(body: &str) -> String {
    let i = body.find("/auth/activate/").expect("an activation link") + "/auth/activate/".len();
    body[i..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[test]
fn issue_6_register_activate_login_and_me_through_the_api() {
    let b = Browser::new();
    let step = b.signed("login", None, "org1-signer-sign");
    let (st, _, out) = b.post("/api/v1/auth/login/certificate", &step);
    assert_eq!(st, 200, "{out}");
    assert_eq!(out["next"], "register", "{out}");
    assert_eq!(out["identity"]["iin"], "880815307773");
    let token = out["registration_token"].as_str().unwrap().to_string();
    // ACC-17: a value of the certificate sent by the client is refused.
    let email = notify::testing::unique_address("kim");
    let (st, _, p) = b.post(
        "/api/v1/auth/register",
        &json!({"registration_token": token, "iin": "880815307773", "email": email}),
    );
    assert_eq!(st, 422, "{p}");
    assert_eq!(p["code"], "FIELD_NOT_ALLOWED");
    // ACC-41: every field error at once, nothing stored.
    let (st, _, p) = b.post(
        "/api/v1/auth/register",
        &json!({"registration_token": token, "email": "kim@", "mobile_phone": "8 701",
                "password": "short", "password_confirmation": "short"}),
    );
    assert_eq!(st, 422, "{p}");
    let codes: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "MSG-EMAIL-INVALID",
            "MSG-PHONE-INVALID",
            "MSG-PWD-POLICY",
            "MSG-AGREEMENT-UNSIGNED"
        ]
    );
    assert_eq!(
        p["errors"][2]["message"],
        "Длина пароля должна быть от 8 до 20 символов. Пароль должен содержать строчные, \
         заглавные буквы и цифры"
    );
    // «Подписать» with the signing key of the same person.
    let agreement = b.signed(
        "register.agreement",
        Some(json!({ "registration_token": token })),
        "org1-signer-sign",
    );
    let mut req = agreement.clone();
    req["registration_token"] = json!(token);
    let (st, _, a) = b.post("/api/v1/auth/register/agreement", &req);
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["message"], "Соглашение подписано");
    let (st, _, r) = b.post(
        "/api/v1/auth/register",
        &json!({"registration_token": token, "email": email, "mobile_phone": "+7 (701) 555 66 77",
                "password": "Tauar2026", "password_confirmation": "Tauar2026"}),
    );
    assert_eq!(st, 201, "{r}");
    assert_eq!(r["status"], "PENDING_ACTIVATION");
    // The activation mail, from the real sink.
    let mails = mails_to(&email, 1);
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].body.starts_with("Уважаемый(ая) КИМ ВИКТОР"),
        "{}",
        mails[0].body
    );
    let link = link_token(&mails[0].body);
    let (st, _, m) = b.post("/api/v1/auth/activate", &json!({ "token": link }));
    assert_eq!(st, 200, "{m}");
    let (st, _, p) = b.post("/api/v1/auth/activate", &json!({ "token": link }));
    assert_eq!(st, 410);
    assert_eq!(
        p["title"],
        "Ссылка недействительна: срок ее действия истек или она уже использована"
    );
    // Login: certificate, then a wrong and a right password.
    let step = b.signed("login", None, "org1-signer-sign");
    let (st, _, out) = b.post("/api/v1/auth/login/certificate", &step);
    assert_eq!(st, 200, "{out}");
    assert_eq!(out["next"], "password");
    let login = out["login_token"].as_str().unwrap();
    let (st, _, p) = b.post(
        "/api/v1/auth/login/password",
        &json!({"login_token": login, "password": "Tauar2025"}),
    );
    assert_eq!(st, 401);
    assert_eq!(p["title"], "Неверный пароль. Осталось попыток: 4");
    let (st, h, me) = b.post(
        "/api/v1/auth/login/password",
        &json!({"login_token": login, "password": "Tauar2026"}),
    );
    assert_eq!(st, 200, "{me}");
    let cookie = session_cookie(&h).expect("the session cookie is renewed at login");
    assert_ne!(cookie, b.cookie);
    let set = h.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let user = Browser {
        csrf: String::new(),
        cookie,
    };
    let (st, me) = user.get("/api/v1/me");
    assert_eq!(st, 200, "{me}");
    assert_eq!(me["iin"], "880815307773");
    assert_eq!(me["status"], "ACTIVE");
    assert_eq!(me["assurance"], "CERT_PASSWORD");
    assert_eq!(me["email"], email);
    assert_eq!(me["mobile_phone"], "+7 (701) 555 66 77");
    // The CSRF token of the old anonymous session does not fit the new one.
    let forged = Browser {
        csrf: b.csrf.clone(),
        cookie: user.cookie.clone(),
    };
    let (st, _, p) = forged.post("/api/v1/auth/logout", &json!({}));
    assert_eq!(st, 403);
    assert_eq!(p["code"], "CSRF_TOKEN_INVALID");
    assert_eq!(user.get("/api/v1/me").0, 200, "nothing changed");

    // §3.7: the participant of the certificate's БИН, registered with the signed agreement.
    let r = client()
        .get(format!("{}/api/v1/auth/csrf", test_pki().base))
        .header("Cookie", &user.cookie)
        .send()
        .unwrap();
    let user = Browser {
        csrf: r.json::<Value>().unwrap()["csrf_token"]
            .as_str()
            .unwrap()
            .to_string(),
        cookie: user.cookie,
    };
    let (st, form) = user.get("/api/v1/participants/registration");
    assert_eq!(st, 200, "{form}");
    assert_eq!(form["id_number"], "040340001233");
    assert_eq!(form["types"][0], "UL");
    let agreement = user.signed(
        "participant.register",
        Some(json!({ "type": "UL" })),
        "org1-signer-sign",
    );
    let mut body = json!({
        "type": "UL", "state_reg_date": "2004-03-15", "state_reg_doc_number": "1",
        "state_reg_authority": "МЮ", "country": "KZ", "kopf": "20", "kse": "7", "kfs": "19",
        "is_resident": true, "email": "info@tau-test.kz", "phones": "+7 727 000 00 00",
        "applicant_full_name": "КИМ ВИКТОР", "applicant_position": "Директор",
        "head_iin": "880815307773", "head_last_name": "КИМ", "head_first_name": "ВИКТОР",
        "head_position": "Директор",
    });
    // ACC-126: the client may not set «КБе»-like system values or unknown fields.
    body["kbe"] = json!("17");
    let (st, _, p) = user.post("/api/v1/participants", &body);
    assert_eq!(st, 422, "{p}");
    assert_eq!(p["code"], "FIELD_NOT_ALLOWED");
    body.as_object_mut().unwrap().remove("kbe");
    body["agreement"] = agreement;
    let (st, _, p) = user.post("/api/v1/participants", &body);
    assert_eq!(st, 201, "{p}");
    let pid = p["id"].as_str().unwrap().to_string();
    assert_eq!(p["name"], "ТОО «ТАУ ТЕСТ»");
    // A bank account (old format, the bank chosen), КБе 17 = resident, КСЕ 7.
    let (st, _, acc) = user.post(
        &format!("/api/v1/participants/{pid}/bank-accounts"),
        &json!({ "number": "1234567", "old_format": true, "bank_bic": "CASPKZKA",
                 "account_type": "CURRENT" }),
    );
    assert_eq!(st, 201, "{acc}");
    assert_eq!(acc["kbe"], "17");
    assert_eq!(acc["is_default"], true);
    let (st, list) = user.get(&format!("/api/v1/participants/{pid}/bank-accounts"));
    assert_eq!(st, 200);
    assert!(!list.as_array().unwrap().is_empty());
    let (st, me) = user.get("/api/v1/me");
    assert_eq!(st, 200);
    assert_eq!(me["organisations"][0]["participant_id"], pid);
    assert_eq!(
        me["context_participant_id"], pid,
        "ACC-76: the session acts for it"
    );
}

#[test]
fn issue_6_anonymous_and_forged_requests_are_refused() {
    let s = test_pki();
    let (st, _, p) = s.post_json("/api/v1/auth/register", None, &json!({}));
    assert_eq!(st, 403, "{p}");
    assert_eq!(p["code"], "CSRF_TOKEN_INVALID");
    let b = Browser::new();
    let (st, me) = b.get("/api/v1/me");
    assert_eq!(st, 403);
    assert_eq!(me["code"], "MSG-FORBIDDEN");
    let forged = Browser {
        csrf: "AAAA".into(),
        cookie: b.cookie.clone(),
    };
    let (st, _, p) = forged.post("/api/v1/auth/recovery", &json!({"email": "x@example.kz"}));
    assert_eq!(st, 403);
    assert_eq!(p["code"], "CSRF_TOKEN_INVALID");
    // Malformed JSON is a problem document, not a crash.
    let r = client()
        .post(format!("{}/api/v1/auth/login/password", s.base))
        .header("Cookie", &b.cookie)
        .header("X-CSRF-Token", &b.csrf)
        .header("Content-Type", "application/json")
        .body("{\"login_token\": ")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    // An oversized body (ACC-166: 1 MB).
    let big = "x".repeat(1_100_000);
    let (st, _, p) = b.post("/api/v1/auth/recovery", &json!({ "email": big }));
    assert_eq!(st, 413, "{p}");
    // ЕНС ТРУ recovery does not reveal accounts (ACC-164).
    let (st, _, m) = b.post(
        "/api/v1/auth/recovery",
        &json!({"email": "nobody@example.kz"}),
    );
    assert_eq!(st, 200);
    assert_eq!(
        m["message"],
        "Если учетная запись с таким адресом существует, на него отправлена ссылка для \
         восстановления пароля"
    );
}

/// A challenge request from `client` without a session cookie (each one opens a session).
fn challenge_from(c: &reqwest::blocking::Client) -> (u16, Value) {
    let r = c
        .post(format!("{}/api/v1/signatures/challenges", test_pki().base))
        .header("Accept-Language", "ru")
        .json(&json!({ "purpose": "login" }))
        .send()
        .unwrap();
    (r.status().as_u16(), r.json().unwrap_or(Value::Null))
}

#[test]
fn acc_163_as_78_the_31st_challenge_and_the_11th_recovery_of_one_address_get_429() {
    use crate::helpers::client_from;
    // Each request has its own session, so only the address limit can stop the 31st.
    let from = client_from("127.0.0.2");
    for i in 0..30 {
        let (st, v) = challenge_from(&from);
        assert_eq!(st, 201, "challenge {i}: {v}");
    }
    let (st, p) = challenge_from(&from);
    assert_eq!(st, 429, "{p}");
    assert_eq!(p["code"], "MSG-RATE-LIMIT");
    assert_eq!(
        p["title"],
        "Слишком много запросов. Повторите попытку позже"
    );
    // Another address is not affected.
    assert_eq!(challenge_from(&client_from("127.0.0.3")).0, 201);

    // Recovery requests: 10 an hour per address (the neutral ЕНС ТРУ form).
    let c = client_from("127.0.0.4");
    let r = c
        .get(format!("{}/api/v1/auth/csrf", test_pki().base))
        .send()
        .unwrap();
    let cookie = session_cookie(r.headers()).unwrap();
    let csrf = r.json::<Value>().unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let recover = || {
        c.post(format!("{}/api/v1/auth/recovery", test_pki().base))
            .header("Cookie", &cookie)
            .header("X-CSRF-Token", &csrf)
            .json(&json!({"email": "nobody@example.kz"}))
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    for _ in 0..10 {
        assert_eq!(recover(), 200);
    }
    assert_eq!(recover(), 429);
}
