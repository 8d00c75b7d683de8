//! A browser session of the test-PKI server for the page tests ([`crate::pages_org`],
//! [`crate::pages_profile`]): its cookie and CSRF token, pages and form posts, challenges signed
//! with a persona's key, and the account flow through the API (certificate step, registration
//! with the signed agreement, the activation mail, the password login).

use crate::helpers::{TEST_PKI_DIR, TEST_PKI_MAILBOX, client, session_cookie, test_pki};
use base64ct::{Base64, Encoding};
use pki::testkit::{CmsOptions, TestPki, sign_cms};
use serde_json::{Value, json};

/// The password every account of these tests has.
const PASSWORD: &str = "Tauar2026";

/// A browser: its session cookie and CSRF token (logged in or not).
pub struct User {
    pub cookie: String,
    pub csrf: String,
}

pub fn base() -> &'static str {
    &test_pki().base
}

/// The `Location` of a response, empty without one.
fn location(r: &reqwest::blocking::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// The session cookie (a new one without `cookie`) and its CSRF token.
fn csrf_of(cookie: Option<&str>) -> (String, String) {
    let mut req = client().get(format!("{}/api/v1/auth/csrf", base()));
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    let r = req.send().unwrap();
    let cookie = session_cookie(r.headers())
        .or(cookie.map(str::to_string))
        .unwrap();
    let v: Value = r.json().unwrap();
    (cookie, v["csrf_token"].as_str().unwrap().to_string())
}

impl User {
    /// An anonymous browser.
    pub fn anonymous() -> User {
        let (cookie, csrf) = csrf_of(None);
        User { cookie, csrf }
    }

    /// An API call with the cookie and the CSRF header: (status, headers, body or Null).
    pub fn post_json(&self, path: &str, body: &Value) -> (u16, reqwest::header::HeaderMap, Value) {
        let r = client()
            .post(format!("{}{path}", base()))
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

    /// A page: (status, Location, body).
    pub fn page(&self, path: &str, lang: &str) -> (u16, String, String) {
        let r = client()
            .get(format!("{}{path}", base()))
            .header("Cookie", &self.cookie)
            .header("Accept-Language", lang)
            .send()
            .unwrap();
        let loc = location(&r);
        (r.status().as_u16(), loc, r.text().unwrap())
    }

    /// A form post with the CSRF token: (status, Location, body).
    pub fn form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        self.post_form(path, fields, true)
    }

    /// A form post without the CSRF token (refused, ACC-162).
    pub fn form_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        self.post_form(path, fields, false)
    }

    fn post_form(&self, path: &str, fields: &[(&str, &str)], csrf: bool) -> (u16, String, String) {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if csrf {
            all.push(("csrf", &self.csrf));
        }
        let r = client()
            .post(format!("{}{path}", base()))
            .header("Cookie", &self.cookie)
            .header("Accept-Language", "ru")
            .form(&all)
            .send()
            .unwrap();
        let loc = location(&r);
        (r.status().as_u16(), loc, r.text().unwrap())
    }

    /// A challenge of `purpose` signed by `persona`: `{"challenge_id", "cms_base64"}`.
    pub fn signed(&self, purpose: &str, content: Option<Value>, persona: &str) -> Value {
        let mut req = json!({ "purpose": purpose });
        if let Some(c) = content {
            req["content"] = c;
        }
        let (st, _, ch) = self.post_json("/api/v1/signatures/challenges", &req);
        assert_eq!(st, 201, "{ch}");
        let tbs = Base64::decode_vec(ch["tbs_base64"].as_str().unwrap()).unwrap();
        let pki = TestPki::open(TEST_PKI_DIR.get().unwrap()).unwrap();
        let cms = sign_cms(&pki.signer(persona).unwrap(), &tbs, &CmsOptions::default()).unwrap();
        json!({ "challenge_id": ch["challenge_id"], "cms_base64": Base64::encode_string(&cms) })
    }

    /// The certificate step of «Войти» with `persona`'s key in a new browser: the browser and
    /// the answer (`next` is `register` or `password`).
    pub fn certificate_step(persona: &str) -> (User, Value) {
        let b = User::anonymous();
        let step = b.signed("login", None, persona);
        let (st, _, out) = b.post_json("/api/v1/auth/login/certificate", &step);
        assert_eq!(st, 200, "{out}");
        (b, out)
    }

    /// After a certificate step that answered `register`: the agreement signed by `signer`,
    /// the registration with `email` and the activation link of the mail.
    pub fn register_and_activate(&self, step: &Value, signer: &str, email: &str) {
        assert_eq!(step["next"], "register", "{step}");
        let token = step["registration_token"].as_str().unwrap().to_string();
        let mut req = self.signed(
            "register.agreement",
            Some(json!({ "registration_token": token })),
            signer,
        );
        req["registration_token"] = json!(token);
        let (st, _, a) = self.post_json("/api/v1/auth/register/agreement", &req);
        assert_eq!(st, 200, "{a}");
        let (st, _, r) = self.post_json(
            "/api/v1/auth/register",
            &json!({"registration_token": token, "email": email,
                    "mobile_phone": "+7 (701) 555 66 77",
                    "password": PASSWORD, "password_confirmation": PASSWORD}),
        );
        assert_eq!(st, 201, "{r}");
        let mb = TEST_PKI_MAILBOX.get().unwrap();
        let mut mails = Vec::new();
        for _ in 0..200 {
            mails = mb.messages_to(email).unwrap();
            if !mails.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let body = &mails.first().expect("the activation mail").body;
        let i = body.find("/auth/activate/").unwrap() + "/auth/activate/".len();
        let link: String = body[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let (st, _, m) = self.post_json("/api/v1/auth/activate", &json!({ "token": link }));
        assert_eq!(st, 200, "{m}");
    }

    /// After a certificate step that answered `password`: the password step; the logged-in
    /// browser with the CSRF token of its new session.
    pub fn password_step(&self, step: &Value) -> User {
        let login = step["login_token"].as_str().unwrap();
        let (st, h, me) = self.post_json(
            "/api/v1/auth/login/password",
            &json!({"login_token": login, "password": PASSWORD}),
        );
        assert_eq!(st, 200, "{me}");
        let cookie = session_cookie(&h).unwrap();
        let (cookie, csrf) = csrf_of(Some(&cookie));
        User { cookie, csrf }
    }

    /// The certificate → password login of a registered account with `persona`'s key.
    pub fn login(persona: &str) -> User {
        let (b, step) = User::certificate_step(persona);
        b.password_step(&step)
    }

    /// Registers and activates the account of `persona` (it signs the agreement too), then
    /// logs in.
    pub fn register(persona: &str, email: &str) -> User {
        let (b, step) = User::certificate_step(persona);
        b.register_and_activate(&step, persona, email);
        User::login(persona)
    }
}
