//! ACC-132's principals over HTTP: a browser [`Session`] (cookie and CSRF token), what a call
//! answered ([`Outcome`]), and the certificate + password login of a test-PKI persona.

use super::fixture::PASSWORD;
use crate::helpers::{MATRIX_PKI_DIR, client, matrix, session_cookie};
use base64ct::{Base64, Encoding};
use pki::testkit::{CmsOptions, TestPki, sign_cms};
use serde_json::{Value, json};

// ---- HTTP ----

/// What a call answered.
#[derive(Debug, Clone)]
pub(super) struct Outcome {
    pub(super) status: u16,
    /// The problem document's `code`, when the answer is one.
    pub(super) code: Option<String>,
    pub(super) body: Value,
    pub(super) headers: reqwest::header::HeaderMap,
}

impl Outcome {
    pub(super) fn short(&self) -> String {
        match &self.code {
            Some(c) => format!("{} {c}", self.status),
            None => self.status.to_string(),
        }
    }
}

/// A browser: its cookie (none for ANON's reads) and the session's CSRF token.
#[derive(Debug, Clone, Default)]
pub(super) struct Session {
    cookie: Option<String>,
    csrf: Option<String>,
    /// Never logged in: reads go without the cookie.
    anonymous: bool,
}

impl Session {
    /// A fresh browser session (not logged in) with its CSRF token.
    pub(super) fn anonymous() -> Session {
        let r = client()
            .get(format!("{}/api/v1/auth/csrf", matrix().base))
            .send()
            .unwrap();
        let cookie = session_cookie(r.headers()).expect("a session cookie");
        let v: Value = r.json().unwrap();
        Session {
            cookie: Some(cookie),
            csrf: Some(v["csrf_token"].as_str().unwrap().to_string()),
            anonymous: true,
        }
    }

    pub(super) fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Outcome {
        self.send_with(method, path, body, true)
    }

    /// `with_csrf = false` leaves the CSRF header out (AS-78).
    pub(super) fn send_with(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        with_csrf: bool,
    ) -> Outcome {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = client()
            .request(m.clone(), format!("{}{}", matrix().base, path))
            .header("Accept-Language", "ru");
        let read = m == reqwest::Method::GET;
        if let Some(c) = &self.cookie
            && !(read && self.anonymous)
        {
            req = req.header("Cookie", c);
        }
        if let Some(t) = &self.csrf
            && with_csrf
            && !read
        {
            req = req.header("X-CSRF-Token", t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let r = req.send().unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().unwrap();
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        Outcome {
            status,
            code: body["code"].as_str().map(str::to_string),
            body,
            headers,
        }
    }

    /// A challenge of `purpose` signed by `persona`: `{"challenge_id", "cms_base64"}`.
    pub(super) fn signed(&self, purpose: &str, content: Option<Value>, persona: &str) -> Value {
        let mut req = json!({ "purpose": purpose });
        if let Some(c) = content {
            req["content"] = c;
        }
        let ch = self.send("POST", "/api/v1/signatures/challenges", Some(&req));
        assert_eq!(ch.status, 201, "{}", ch.body);
        let tbs = Base64::decode_vec(ch.body["tbs_base64"].as_str().unwrap()).unwrap();
        let cms = sign_cms(
            &pki().signer(persona).unwrap(),
            &tbs,
            &CmsOptions::default(),
        )
        .unwrap();
        json!({ "challenge_id": ch.body["challenge_id"],
                "cms_base64": Base64::encode_string(&cms) })
    }

    /// The certificate step with `persona`'s key.
    pub(super) fn certificate_step(&self, persona: &str) -> Outcome {
        let step = self.signed("login", None, persona);
        self.send("POST", "/api/v1/auth/login/certificate", Some(&step))
    }
}

fn pki() -> TestPki {
    TestPki::open(MATRIX_PKI_DIR.get().unwrap()).unwrap()
}

/// A logged-in session of `persona`'s account (certificate, then the password), with the CSRF
/// token of the new session; and the password step's answer.
pub(super) fn login(persona: &str) -> (Session, Outcome) {
    let b = Session::anonymous();
    let step = b.certificate_step(persona);
    assert_eq!(step.status, 200, "{persona}: {}", step.body);
    assert_eq!(step.body["next"], "password", "{persona}: {}", step.body);
    let done = b.send(
        "POST",
        "/api/v1/auth/login/password",
        Some(&json!({ "login_token": step.body["login_token"], "password": PASSWORD })),
    );
    assert_eq!(done.status, 200, "{persona}: {}", done.body);
    let cookie = session_cookie(&done.headers).expect("the session cookie");
    (logged_in(cookie), done)
}

pub(super) fn logged_in(cookie: String) -> Session {
    let r = client()
        .get(format!("{}/api/v1/auth/csrf", matrix().base))
        .header("Cookie", &cookie)
        .send()
        .unwrap();
    let v: Value = r.json().unwrap();
    Session {
        cookie: Some(cookie),
        csrf: Some(v["csrf_token"].as_str().unwrap().to_string()),
        anonymous: false,
    }
}
