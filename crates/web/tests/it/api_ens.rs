//! The ЕНС ТРУ API end to end (spec/accounts.md §9.7 over HTTP): the `ENS_ADMIN` enters
//! АО «ДЗО-Тест» (AS-65), ДОСОВА sends the access request with a 300 KB power of attorney as
//! `multipart/form-data` signed with `C-DOS-S` (AS-67), the authorized body downloads the file
//! and accredits her (AS-68), she logs in to the Requests module with the e-mail and password
//! and with `C-DOS-IND` (AS-69), the platform refuses that session (ACC-29), and the
//! revocation closes the module (AS-71). Staff accounts and roles are written into the
//! database (their personas have no signing key to register with); ACC-163's 20 logins a
//! minute per address are checked from another loopback address.

use crate::helpers::{
    Seeded, TEST_PKI_DIR, TEST_PKI_MAILBOX, client, client_from, insert_active_account,
    session_cookie, test_pki, with_db,
};
use base64ct::{Base64, Encoding};
use pki::testkit::{CmsOptions, TestPki, sign_cms};
use serde_json::{Value, json};

const DZO_BIN: &str = "110340000568";

struct Browser {
    client: reqwest::blocking::Client,
    cookie: String,
    csrf: String,
}

fn base() -> &'static str {
    &test_pki().base
}

impl Browser {
    fn from(client: reqwest::blocking::Client) -> Browser {
        let r = client
            .get(format!("{}/api/v1/auth/csrf", base()))
            .send()
            .unwrap();
        let cookie = session_cookie(r.headers()).expect("a session cookie");
        let v: Value = r.json().unwrap();
        Browser {
            client,
            cookie,
            csrf: v["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    fn new() -> Browser {
        Browser::from(client())
    }

    fn send(
        &self,
        req: reqwest::blocking::RequestBuilder,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let r = req
            .header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .header("Accept-Language", "ru")
            .send()
            .unwrap();
        let st = r.status().as_u16();
        let h = r.headers().clone();
        (st, h, r.json().unwrap_or(Value::Null))
    }

    fn post(&self, path: &str, body: &Value) -> (u16, reqwest::header::HeaderMap, Value) {
        self.send(self.client.post(format!("{}{path}", base())).json(body))
    }

    fn put(&self, path: &str, body: &Value) -> (u16, Value) {
        let (st, _, v) = self.send(self.client.put(format!("{}{path}", base())).json(body));
        (st, v)
    }

    fn get(&self, path: &str) -> (u16, Value) {
        let (st, _, v) = self.send(self.client.get(format!("{}{path}", base())));
        (st, v)
    }

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

    /// The platform login: the certificate step, then the password.
    fn login(persona: &str) -> Browser {
        let mut b = Browser::new();
        let step = b.signed("login", None, persona);
        let (st, _, out) = b.post("/api/v1/auth/login/certificate", &step);
        assert_eq!(st, 200, "{out}");
        let (st, h, me) = b.post(
            "/api/v1/auth/login/password",
            &json!({ "login_token": out["login_token"], "password": "Tauar2026" }),
        );
        assert_eq!(st, 200, "{me}");
        b.rekey(&h);
        b
    }

    /// Takes the renewed session cookie of a login answer and its CSRF token.
    fn rekey(&mut self, h: &reqwest::header::HeaderMap) {
        self.cookie = session_cookie(h).expect("a renewed session");
        let (_, v) = self.get("/api/v1/auth/csrf");
        self.csrf = v["csrf_token"].as_str().unwrap().to_string();
    }

    /// `multipart/form-data` of the access request.
    fn upload(&self, form: &Value, file: Option<&[u8]>) -> (u16, Value) {
        let boundary = "tauar-ens-boundary-7d3f";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"form\"\r\n\
                 Content-Type: application/json\r\n\r\n{form}\r\n"
            )
            .as_bytes(),
        );
        if let Some(f) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"power_of_attorney\"; \
                     filename=\"dover.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(f);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let (st, _, v) = self.send(
            self.client
                .post(format!("{}/api/v1/ens/access-requests", base()))
                .header(
                    "Content-Type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(body),
        );
        (st, v)
    }
}

/// An `ACTIVE` account written into the server's database, with a platform role when given.
fn seed(iin: &str, last: &str, first: &str, role: Option<&str>) -> String {
    let email = notify::testing::unique_address(&format!("ens{iin}"));
    let id = format!("acc_ens_{iin}");
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
    email
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

fn pdf(size: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.resize(size, b'.');
    v
}

/// The sessions of an account as (start, assurance, ended), oldest first.
fn sessions_of(account_id: &str) -> Vec<(i64, String, bool)> {
    with_db(async |db| {
        let rows: Vec<(i64, String, Option<i64>)> = db::sqlx::query_as(
            "SELECT created_at, assurance, ended_at FROM sessions WHERE account_id = $1 \
             ORDER BY created_at, id_sha256",
        )
        .bind(account_id)
        .fetch_all(db.pool())
        .await
        .unwrap();
        rows.into_iter()
            .map(|(c, a, e)| (c, a, e.is_some()))
            .collect()
    })
}

/// AS-70 (ACC-29, G-6, ACC-161): a `PASSWORD` session of the module opens «Кабинет – Личные
/// данные» only after the platform's certificate step, which upgrades that very session
/// (same start, a renewed id) and then opens the page it asked for.
fn as_70_the_certificate_step_upgrades_the_module_session(dos_mail: &str) {
    let mut b = Browser::new();
    let (st, h, s) = b.post(
        "/api/v1/ens/login/password",
        &json!({ "account": dos_mail, "password": "Tauar2026" }),
    );
    assert_eq!(
        (st, s["assurance"].as_str()),
        (200, Some("PASSWORD")),
        "{s}"
    );
    b.rekey(&h);
    let module_cookie = b.cookie.clone();
    let before = sessions_of("acc_ens_880718401238");
    let open: Vec<_> = before
        .iter()
        .filter(|x| x.1 == "PASSWORD" && !x.2)
        .collect();
    let started = open.last().expect("the module session").0;

    let r = b
        .client
        .get(format!("{}/cabinet/profile", base()))
        .header("Cookie", &b.cookie)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/auth/login");
    let back = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tauar_return="))
        .and_then(|v| v.split(';').next())
        .expect("the page to return to")
        .to_string();

    // «Вход» says why she is there.
    let r = b
        .client
        .get(format!("{}/auth/login", base()))
        .header("Cookie", &b.cookie)
        .header("Accept-Language", "ru")
        .send()
        .unwrap();
    let login = r.text().unwrap();
    assert!(
        login.contains("data-login-notice") && login.contains("Вы продолжите в той же сессии"),
        "{login}"
    );

    // The portal's certificate step with C-DOS-A and the password, in the same browser.
    let step = b.signed("login", None, "C-DOS-A");
    let (st, _, out) = b.post("/api/v1/auth/login/certificate", &step);
    assert_eq!(st, 200, "{out}");
    let (st, h, me) = b.post(
        "/api/v1/auth/login/password",
        &json!({ "login_token": out["login_token"], "password": "Tauar2026" }),
    );
    assert_eq!(
        (st, me["assurance"].as_str()),
        (200, Some("CERT_PASSWORD")),
        "{me}"
    );
    b.rekey(&h);
    assert_ne!(
        b.cookie, module_cookie,
        "ACC-161: the id is renewed at the upgrade"
    );
    let after = sessions_of("acc_ens_880718401238");
    assert_eq!(after.len(), before.len(), "no second session: {after:?}");
    assert!(
        after
            .iter()
            .any(|x| x.0 == started && x.1 == "CERT_PASSWORD" && !x.2),
        "the module's session itself is upgraded: {after:?}"
    );
    // The weaker cookie opens nothing any more.
    let r = b
        .client
        .get(format!("{}/api/v1/ens/me", base()))
        .header("Cookie", &module_cookie)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // The cabinet, where the login page goes, sends her on to the page she asked for.
    let r = b
        .client
        .get(format!("{}/cabinet", base()))
        .header("Cookie", format!("{}; {back}", b.cookie))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/cabinet/profile");
    let r = b
        .client
        .get(format!("{}/cabinet/profile", base()))
        .header("Cookie", &b.cookie)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

#[test]
fn as_65_to_as_71_the_ens_access_flow_over_http() {
    let _text = crate::helpers::user_ens_text();
    seed("660302300127", "ЖАКСЫЛЫКОВ", "НУРЖАН", Some("ENS_ADMIN"));
    seed("750815300333", "КАСЫМОВ", "ТИМУР", Some("AUTH_BODY"));
    let dos_mail = seed("880718401238", "ДОСОВА", "МАДИНА", None);

    // AS-65: the Appendix 1 form.
    let ensadm = Browser::login("C-ENSADM-A");
    let form = json!({ "name": "АО «ДЗО-Тест»", "bin": DZO_BIN,
                       "contact_email": "zakup@dzo-test.kz" });
    let mut extra = form.clone();
    extra["status"] = json!("ACTIVE");
    let (st, _, p) = ensadm.post("/api/v1/ens/organisations", &extra);
    assert_eq!(
        (st, p["code"].as_str()),
        (422, Some("FIELD_NOT_ALLOWED")),
        "{p}"
    );
    let (st, _, p) = ensadm.post(
        "/api/v1/ens/organisations",
        &json!({ "name": "АО «ДЗО-Тест»", "bin": "110340000561" }),
    );
    assert_eq!(st, 422, "{p}");
    let errors: Vec<(&str, &str)> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            ("bin", "MSG-IINBIN-CHECKSUM"),
            ("contact_email", "MSG-REQUIRED")
        ]
    );
    // ACC-166: JSON bodies stay within 1 MB.
    let mut big = form.clone();
    big["address"] = json!("a".repeat(1024 * 1024 + 1));
    let (st, _, p) = ensadm.post("/api/v1/ens/organisations", &big);
    assert_eq!(st, 413, "{p}");
    let (st, _, org) = ensadm.post("/api/v1/ens/organisations", &form);
    assert_eq!(st, 201, "{org}");
    assert_eq!(org["participant_status"], "ADMIN_CREATED");
    let dzo = org["participant_id"].as_str().unwrap().to_string();
    let (st, v) = ensadm.put(
        &format!("/api/v1/ens/organisations/{dzo}"),
        &json!({ "name": "АО «ДЗО-Тест»", "address": "Астана", "contact_email": "zakup@dzo-test.kz" }),
    );
    assert_eq!((st, v["address"].as_str()), (200, Some("Астана")), "{v}");
    let (st, list) = ensadm.get("/api/v1/ens/organisations?q=%D0%B4%D0%B7%D0%BE&per_page=10");
    assert_eq!(st, 200, "{list}");
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["bin"], DZO_BIN);

    // AS-67: the request, signed with C-DOS-S, the file in multipart/form-data.
    let dos = Browser::login("C-DOS-A");
    let (st, f) = dos.get("/api/v1/ens/access-requests/form");
    assert_eq!(st, 200, "{f}");
    assert_eq!(
        (
            f["last_name"].as_str(),
            f["bin"].as_str(),
            f["participant_name"].as_str()
        ),
        (Some("ДОСОВА"), Some(DZO_BIN), Some("АО «ДЗО-Тест»"))
    );
    let (st, p) = ensadm.get("/api/v1/ens/access-requests/form");
    assert_eq!(
        (st, p["code"].as_str()),
        (403, Some("MSG-ENS-LEGAL-ENTITY-REQUIRED"))
    );
    let file = pdf(300 * 1024);
    let signature = dos.signed(
        "ens.access_request",
        Some(
            json!({ "position": "Специалист по закупкам", "phone": "+7 (7172) 11 22 33",
                     "power_of_attorney_sha256": signatures::sha256_hex(&file) }),
        ),
        "C-DOS-S",
    );
    let request = json!({ "position": "Специалист по закупкам", "phone": "+7 (7172) 11 22 33",
                          "agreement_accepted": true, "signature": signature });
    let (st, p) = dos.upload(&json!({ "position": "" }), None);
    assert_eq!(st, 422, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "position",
            "phone",
            "power_of_attorney",
            "agreement_accepted",
            "signature"
        ]
    );
    let mut unknown = request.clone();
    unknown["bin"] = json!(DZO_BIN);
    let (st, p) = dos.upload(&unknown, Some(&file));
    assert_eq!(
        (st, p["code"].as_str()),
        (422, Some("FIELD_NOT_ALLOWED")),
        "{p}"
    );
    // A file over 20 MB (the body still within the route's limit) is refused under its field.
    let (st, p) = dos.upload(&request, Some(&pdf(20 * 1024 * 1024 + 1)));
    assert_eq!(st, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "power_of_attorney");
    assert_eq!(p["errors"][0]["code"], "MSG-FILE-TOO-LARGE");
    let (st, r) = dos.upload(&request, Some(&file));
    assert_eq!(st, 201, "{r}");
    assert_eq!(r["status"], "SUBMITTED");
    assert_eq!(r["poa_size"], 300 * 1024);
    let (st, p) = dos.get("/api/v1/ens/access-requests/form");
    assert_eq!((st, p["code"].as_str()), (409, Some("MSG-ENS-DUPLICATE")));
    assert_eq!(
        p["title"],
        "Заявка на регистрацию в ЕНС ТРУ уже подана, или доступ уже предоставлен"
    );

    // AS-68: the authorized body reviews, downloads the file and accredits.
    let auth = Browser::login("C-AUTH-A");
    let (st, p) = dos.get("/api/v1/ens/access-requests");
    assert_eq!((st, p["code"].as_str()), (403, Some("MSG-FORBIDDEN")));
    let (st, queue) = auth.get("/api/v1/ens/access-requests");
    assert_eq!(st, 200, "{queue}");
    let mine: Vec<&Value> = queue
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["participant_id"] == dzo.as_str())
        .collect();
    assert_eq!(mine.len(), 1);
    let id = mine[0]["id"].as_i64().unwrap();
    let download = client()
        .get(format!(
            "{}/api/v1/ens/access-requests/{id}/power-of-attorney",
            base()
        ))
        .header("Cookie", &auth.cookie)
        .send()
        .unwrap();
    assert_eq!(download.status().as_u16(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().unwrap().as_ref(), file.as_slice());
    let (st, _, p) = auth.post(
        &format!("/api/v1/ens/access-requests/{id}/decision"),
        &json!({ "accredit": false }),
    );
    assert_eq!(
        (st, p["code"].as_str()),
        (422, Some("MSG-REJECT-REASON")),
        "{p}"
    );
    let (st, _, done) = auth.post(
        &format!("/api/v1/ens/access-requests/{id}/decision"),
        &json!({ "accredit": true }),
    );
    assert_eq!(st, 200, "{done}");
    assert_eq!(done["status"], "ACCREDITED");
    let mail = mails_to(&dos_mail, 1);
    let accredited = mail
        .iter()
        .find(|m| m.subject == "Доступ к ИС ЕНС ТРУ предоставлен")
        .expect("E-ENS-ACCREDITED");
    assert!(accredited.body.contains(&format!("Логин: {dos_mail}")));
    assert!(!accredited.body.contains("Tauar2026"));

    // AS-69, AS-68: «Войти» of the Requests module.
    let mut module = Browser::new();
    let bad = |b: &Browser, account: &str, password: &str| {
        let (st, _, p) = b.post(
            "/api/v1/ens/login/password",
            &json!({ "account": account, "password": password }),
        );
        (
            st,
            p["code"].as_str().unwrap_or("").to_string(),
            p["title"].clone(),
        )
    };
    let wrong = bad(&module, &dos_mail, "Wrong2026");
    let nobody = bad(&module, "nobody@example.kz", "Tauar2026");
    assert_eq!(wrong, nobody);
    assert_eq!(
        wrong,
        (
            401,
            "MSG-ENS-BAD-CREDENTIALS".into(),
            json!("Неверная учетная запись или пароль")
        )
    );
    let (st, h, s) = module.post(
        "/api/v1/ens/login/password",
        &json!({ "account": dos_mail.to_uppercase(), "password": "Tauar2026" }),
    );
    assert_eq!(st, 200, "{s}");
    assert_eq!(
        (
            s["assurance"].as_str(),
            s["participant_id"].as_str(),
            s["next"].as_str()
        ),
        (Some("PASSWORD"), Some(dzo.as_str()), Some("registry"))
    );
    module.rekey(&h);
    let (st, me) = module.get("/api/v1/ens/me");
    assert_eq!(
        (st, me["participant_name"].as_str()),
        (200, Some("АО «ДЗО-Тест»"))
    );
    // ACC-29: the platform refuses the module's session (`U`: asks for the certificate step).
    let (st, p) = module.get("/api/v1/me");
    assert_eq!(
        (st, p["code"].as_str()),
        (403, Some("MSG-UPGRADE-REQUIRED"))
    );
    let (st, _) = module.get(&format!("/api/v1/participants/{dzo}"));
    assert_eq!(st, 403);
    // AS-70: the cabinet's pages send the module's session to the portal's certificate step.
    let (st, _) = module.get("/cabinet");
    assert_eq!(st, 303, "the cabinet redirects an ЕНС ТРУ session");
    let (st, _) = module.get("/cabinet/profile");
    assert_eq!(st, 303, "the profile redirects an ЕНС ТРУ session");
    let (st, p) = module.get("/api/v1/ens/access-requests/form");
    assert_eq!((st, p["code"].as_str()), (403, Some("MSG-FORBIDDEN")));

    // AS-70: the certificate step upgrades the same session and the asked page opens.
    as_70_the_certificate_step_upgrades_the_module_session(&dos_mail);

    // AS-69: «Войти с помощью ЭЦП», check 2 with C-DOS-IND; the account is required.
    let mut cert = Browser::new();
    let step = cert.signed("ens.login", None, "C-DOS-IND");
    let mut req = step.clone();
    req["account"] = json!("");
    let (st, _, p) = cert.post("/api/v1/ens/login/certificate", &req);
    assert_eq!(
        (st, p["code"].as_str()),
        (422, Some("MSG-ENS-ACCOUNT-REQUIRED")),
        "{p}"
    );
    let step = cert.signed("ens.login", None, "C-DOS-IND");
    let mut req = step.clone();
    req["account"] = json!(dos_mail);
    let (st, h, s) = cert.post("/api/v1/ens/login/certificate", &req);
    assert_eq!((st, s["assurance"].as_str()), (200, Some("CERT")), "{s}");
    cert.rekey(&h);
    let step = cert.signed("ens.login", None, "C-AHM-A");
    let mut req = step.clone();
    req["account"] = json!(dos_mail);
    let (st, _, p) = cert.post("/api/v1/ens/login/certificate", &req);
    assert_eq!(
        (st, p["code"].as_str()),
        (403, Some("MSG-ENS-IIN-MISMATCH")),
        "{p}"
    );

    // AS-71: revocation by the authorized body.
    let (st, users) = auth.get(&format!("/api/v1/ens/users?participant_id={dzo}"));
    assert_eq!(st, 200, "{users}");
    assert_eq!(users["total"], 1, "{users}");
    let grant = users["items"][0]["grant_id"].as_i64().unwrap();
    assert_eq!(users["items"][0]["supervisor_grant_id"], Value::Null);
    // G-46: only the ЕНС ТРУ administrator makes a user the organisation's supervisor.
    let sup = format!("/api/v1/ens/users/{grant}/supervisor");
    let why = json!({ "reason": "Письмо № 7" });
    let (st, _, p) = auth.post(&sup, &why);
    assert_eq!(
        (st, p["code"].as_str()),
        (403, Some("MSG-FORBIDDEN")),
        "{p}"
    );
    let (st, _, p) = ensadm.post(&sup, &json!({}));
    assert_eq!(st, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "reason", "{p}");
    let (st, _, made) = ensadm.post(&sup, &why);
    assert_eq!(st, 201, "{made}");
    let (st, _, p) = ensadm.post(&sup, &why);
    assert_eq!(
        (st, p["code"].as_str()),
        (409, Some("MSG-ROLE-HELD")),
        "{p}"
    );
    let (_, users) = ensadm.get(&format!("/api/v1/ens/users?participant_id={dzo}"));
    assert_eq!(users["items"][0]["supervisor_grant_id"], made["grant_id"]);
    let (st, _, _) = ensadm.post(&format!("{sup}/revoke"), &why);
    assert_eq!(st, 204);
    let (st, _, p) = ensadm.post(&format!("{sup}/revoke"), &why);
    assert_eq!(st, 404, "{p}");
    let (st, _, _) = auth.post(
        &format!("/api/v1/ens/users/{grant}/revoke"),
        &json!({ "reason": "Отзыв доверенности" }),
    );
    assert_eq!(st, 204);
    let (st, _) = module.get("/api/v1/ens/me");
    assert_eq!(st, 403);
    let again = Browser::new();
    let (st, _, p) = again.post(
        "/api/v1/ens/login/password",
        &json!({ "account": dos_mail, "password": "Tauar2026" }),
    );
    assert_eq!(
        (st, p["code"].as_str()),
        (403, Some("MSG-ENS-NOT-ACCREDITED")),
        "{p}"
    );
    assert_eq!(p["title"], "Учетная запись не аккредитована");
    // The platform login still works.
    Browser::login("C-DOS-A");
}

#[test]
fn acc_163_the_21st_ens_login_of_one_address_in_a_minute_gets_429() {
    let b = Browser::from(client_from("127.0.0.21"));
    for i in 0..20 {
        let (st, _, p) = b.post(
            "/api/v1/ens/login/password",
            &json!({ "account": format!("nobody{i}@example.kz"), "password": "x" }),
        );
        assert_eq!(st, 401, "{p}");
    }
    let (st, _, p) = b.post(
        "/api/v1/ens/login/password",
        &json!({ "account": "nobody@example.kz", "password": "x" }),
    );
    assert_eq!((st, p["code"].as_str()), (429, Some("MSG-RATE-LIMIT")));
}
