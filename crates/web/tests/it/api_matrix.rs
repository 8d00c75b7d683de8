//! ACC-132 and AS-74 over HTTP: every action row of the role × action matrix of
//! spec/accounts.md §4.9 (read from `crates/accounts/tests/data/acc_132_matrix.md`, the spec's
//! table verbatim) is called through its real endpoint as each of the 13 test principals, and
//! the outcome is compared with the cell. Also AS-77 (ids of another participant, ACC-167) and
//! the request-hygiene checks of AS-78 that the API supports today (ACC-159…ACC-162, ACC-166).
//!
//! The principals are real sessions on a server of their own ([`matrix`]) holding F-BASE of
//! §9.0 (`accounts::demo::seed`), logged in with the F-CERT keys of the test PKI:
//!
//! | column | account, key | how it is built |
//! |---|---|---|
//! | ANON | — | no cookie (GET); an anonymous browser session with its CSRF token (POST) |
//! | PEND | Жанаев, `C-ZHA-A` | registered over HTTP, not activated, logged in |
//! | USER | U-AHM, `C-AHM-A` | F-BASE |
//! | MEMBER | U-NUR, `C-NUR-A` | join request (C6) approved by ORG_ADMIN over HTTP, no authorities |
//! | HEAD | U-KIM, `C-KIM-A` | {HEAD}, chosen head of P-TS (fixture) |
//! | ORG_BANK | U-NUR, `C-NUR-A` | after the MEMBER column: ORG_ADMIN sets {ORG_BANK} over HTTP; new login |
//! | ORG_ADMIN | U-SER, `C-SER-A` | {ORG_ADMIN} only (fixture: F-BASE's HEAD removed, head moved to U-KIM) |
//! | ENS_USER | — | **not constructible**: the ЕНС ТРУ password login (ACC-59…63) does not exist |
//! | P_ADMIN, ENS_ADMIN, AUTH_BODY, SECRETARY | U-PADM, U-ENSADM, U-AUTH, U-SEC | F-BASE roles |
//! | STAFF | U-OMA, `C-OMA-A` | role `NCT_MODERATOR` granted by the fixture (no endpoint yet) |
//!
//! P-TS only has three certificate holders (Серикова, Нурланов, Ким), so U-NUR serves MEMBER
//! and then ORG_BANK. The service layer is used only for what has no endpoint (the seed, the
//! fixture's authorities and role grant) and for reading the database (audit, hashes).
//!
//! An allowed call must not change what later calls see: each row's probe is chosen so that an
//! allowed principal gets either 2xx on a read, or a domain refusal that comes *after* the
//! authorisation (a deliberately empty or invalid body → 422, a guard of C4 → 409, …; each is
//! named in the row). The one allowed call that changes data (C5 self-admin) runs last.

use crate::helpers::{
    MATRIX_MAILBOX, MATRIX_PKI_DIR, TEST_PKI_NOW, client, matrix, session_cookie,
};
use base64ct::{Base64, Encoding};
use pki::testkit::{CmsOptions, TestPki, sign_cms};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The columns of §4.9, in the table's order.
const COLUMNS: [&str; 13] = [
    "ANON",
    "PEND",
    "USER",
    "MEMBER",
    "HEAD",
    "ORG_BANK",
    "ORG_ADMIN",
    "ENS_USER",
    "P_ADMIN",
    "ENS_ADMIN",
    "AUTH_BODY",
    "SECRETARY",
    "STAFF",
];

/// A column no session can be built for yet, and why.
const NOT_CONSTRUCTIBLE: &[(&str, &str)] = &[(
    "ENS_USER",
    "the ЕНС ТРУ Requests-module password login (ACC-59…ACC-63) has no endpoint yet",
)];

/// The rows whose endpoint does not exist yet. When one is built, move its row into
/// [`rows`] and take it off this list (the test fails until both agree).
const PENDING: &[(&str, &str)] = &[
    (
        "usr.agreement",
        "no endpoint to sign or accept a system agreement after registration",
    ),
    (
        "usr.secretary",
        "no endpoint to switch to the secretary workspace",
    ),
    (
        "part.edit",
        "no endpoint to edit a participant's e-mail, website, phones",
    ),
    (
        "part.attributes",
        "no endpoint to edit participant attributes",
    ),
    (
        "part.organizer",
        "no endpoint to set «Организатор» / «Единый дистрибьютор»",
    ),
    (
        "part.block",
        "no endpoint to block or unblock a participant",
    ),
    (
        "part.correct",
        "no endpoint to correct state-registration and applicant data",
    ),
    ("bank.import", "no ИНИС import («Заполнить данные»)"),
    (
        "dict.manage",
        "no endpoint to maintain dictionaries, banks, agreement texts",
    ),
    (
        "staff.support",
        "no endpoint for a platform administrator to grant ORG_ADMIN",
    ),
    ("ens.org", "no ЕНС ТРУ organisations (EnsOrgProfile) yet"),
    ("ens.request", "no ЕНС ТРУ access requests yet"),
    ("ens.accredit", "no ЕНС ТРУ access requests yet"),
    ("ens.revoke", "no ENS_USER grants yet"),
    ("ens.supervisor", "no SUPERVISOR grants yet"),
    ("ens.registry", "no ЕНС ТРУ Requests module yet"),
    ("adm.audit", "no audit-log endpoint yet"),
];

/// P-TS and P-GM of F-BASE (ids of `accounts::demo::seed`).
const X: &str = "prt_demo_ts";
const GM: &str = "prt_demo_gm";
const PASSWORD: &str = "Tauar2026";

const SER: &str = "acc_demo_850505400905";
const NUR: &str = "acc_demo_010203500018";
const KIM: &str = "acc_demo_770707300459";
const GM_ACCOUNT: &str = "acc_demo_911212400775";
const OMA: &str = "acc_demo_871202400552";

// ---- HTTP ----

/// What a call answered.
#[derive(Debug, Clone)]
struct Outcome {
    status: u16,
    /// The problem document's `code`, when the answer is one.
    code: Option<String>,
    body: Value,
    headers: reqwest::header::HeaderMap,
}

impl Outcome {
    fn short(&self) -> String {
        match &self.code {
            Some(c) => format!("{} {c}", self.status),
            None => self.status.to_string(),
        }
    }
}

/// A browser: its cookie (none for ANON's reads) and the session's CSRF token.
#[derive(Debug, Clone, Default)]
struct Session {
    cookie: Option<String>,
    csrf: Option<String>,
    /// Never logged in: reads go without the cookie.
    anonymous: bool,
}

impl Session {
    /// A fresh browser session (not logged in) with its CSRF token.
    fn anonymous() -> Session {
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

    fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Outcome {
        self.send_with(method, path, body, true)
    }

    /// `with_csrf = false` leaves the CSRF header out (AS-78).
    fn send_with(
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
    fn signed(&self, purpose: &str, content: Option<Value>, persona: &str) -> Value {
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
    fn certificate_step(&self, persona: &str) -> Outcome {
        let step = self.signed("login", None, persona);
        self.send("POST", "/api/v1/auth/login/certificate", Some(&step))
    }
}

fn pki() -> TestPki {
    TestPki::open(MATRIX_PKI_DIR.get().unwrap()).unwrap()
}

/// A logged-in session of `persona`'s account (certificate, then the password), with the CSRF
/// token of the new session; and the password step's answer.
fn login(persona: &str) -> (Session, Outcome) {
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

fn logged_in(cookie: String) -> Session {
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

// ---- the database (fixtures without an endpoint; checks the API does not offer) ----

fn rt() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    })
}

fn db() -> &'static db::Db {
    static DB: OnceLock<db::Db> = OnceLock::new();
    DB.get_or_init(|| {
        rt().block_on(db::Db::connect(&matrix().database_url))
            .unwrap()
    })
}

fn server_now() -> kernel::Millis {
    let t: jiff::Timestamp = TEST_PKI_NOW.parse().unwrap();
    kernel::Millis(t.as_millisecond() + 600_000)
}

fn membership_id(account: &str, participant: &str) -> i64 {
    rt().block_on(accounts::store_org::membership(
        db().pool(),
        account,
        participant,
    ))
    .unwrap()
    .unwrap_or_else(|| panic!("a membership of {account} in {participant}"))
    .id
}

fn scalar_i64(sql: &str, binds: &[&str]) -> i64 {
    rt().block_on(async {
        let mut q = db::sqlx::query_scalar::<_, i64>(db::AssertSqlSafe(sql.to_string()));
        for b in binds {
            q = q.bind(b.to_string());
        }
        q.fetch_one(db().pool()).await.unwrap()
    })
}

fn scalar_text(sql: &str, binds: &[&str]) -> Vec<String> {
    rt().block_on(async {
        let mut q = db::sqlx::query_scalar::<_, String>(db::AssertSqlSafe(sql.to_string()));
        for b in binds {
            q = q.bind(b.to_string());
        }
        q.fetch_all(db().pool()).await.unwrap()
    })
}

/// F-BASE, then what the principals need and no endpoint offers yet: U-SER holds ORG_ADMIN
/// only, U-KIM (HEAD) is the chosen head of P-TS, U-OMA holds the staff role NCT_MODERATOR.
fn seed() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        matrix();
        let db = db();
        rt().block_on(async {
            let now = server_now();
            assert!(
                accounts::demo::seed(db, now).await.unwrap(),
                "F-BASE written once"
            );
            let ser = accounts::store_org::membership(db.pool(), SER, X)
                .await
                .unwrap()
                .unwrap();
            let kim = accounts::store_org::membership(db.pool(), KIM, X)
                .await
                .unwrap()
                .unwrap();
            let mut tx = db.write_tx().await.unwrap();
            accounts::store_org::update_membership(
                &mut tx,
                ser.id,
                "ACTIVE",
                &["ORG_ADMIN".to_string()],
                None,
                None,
                "acc-132-fixture",
                now,
            )
            .await
            .unwrap();
            accounts::store_org::set_head_membership(&mut tx, X, kim.id)
                .await
                .unwrap();
            accounts::store::grant_role(
                &mut tx,
                OMA,
                "NCT_MODERATOR",
                None,
                None,
                "ACC-132 test principal STAFF",
                now,
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        });
    });
}

// ---- the matrix table ----

/// A participant a row acts on: X = P-TS, or P-GM for the `ctx` refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    None,
    X,
    Gm,
}

impl Target {
    fn id(self) -> &'static str {
        match self {
            Target::Gm => GM,
            _ => X,
        }
    }
}

/// What an allowed call answers.
#[derive(Debug, Clone, Copy)]
enum Allowed {
    /// 2xx.
    Success,
    /// A refusal that comes after the authorisation: (status, problem code).
    Domain(u16, &'static str),
}

/// A request, or (for the steps that need a fresh browser) the finished outcome.
enum Call {
    Req(&'static str, String, Option<Value>),
    Done(Outcome),
}

/// Ids of the fixture the probes need.
#[derive(Debug, Clone)]
struct Ctx {
    /// U-NUR's membership in P-TS (the C4 target: not the admin, not the chosen head).
    nur_mid: i64,
    /// U-SER's (the ORG_ADMIN's own) and U-KIM's (the chosen head's) memberships in P-TS.
    ser_mid: i64,
    kim_mid: i64,
    /// U-GM's membership in P-GM (ORG_ADMIN and chosen head there).
    gm_mid: i64,
    /// A new-bank request of P-TS on approval.
    newbank: i64,
}

impl Ctx {
    fn member(&self, t: Target) -> i64 {
        if t == Target::Gm {
            self.gm_mid
        } else {
            self.nur_mid
        }
    }
    fn head(&self, t: Target) -> i64 {
        if t == Target::Gm {
            self.gm_mid
        } else {
            self.kim_mid
        }
    }
    fn admin(&self, t: Target) -> i64 {
        if t == Target::Gm {
            self.gm_mid
        } else {
            self.ser_mid
        }
    }
}

type Build = fn(&Ctx, &Session, Target) -> Call;

/// One request of a row and what an allowed principal gets from it.
struct Probe {
    what: &'static str,
    allowed: Allowed,
    build: Build,
}

/// A row with an endpoint: its probes, whether it acts on a participant (then it is called on
/// X and on P-GM), and whether an allowed call changes data (such rows run last).
struct Row {
    code: &'static str,
    on_participant: bool,
    changes_data: bool,
    probes: Vec<Probe>,
}

fn req(method: &'static str, path: String, body: Option<Value>) -> Call {
    Call::Req(method, path, body)
}

fn probe(what: &'static str, allowed: Allowed, build: Build) -> Probe {
    Probe {
        what,
        allowed,
        build,
    }
}

fn row(code: &'static str, on_participant: bool, probes: Vec<Probe>) -> Row {
    Row {
        code,
        on_participant,
        changes_data: false,
        probes,
    }
}

/// The action rows that have an endpoint. Adding one is a `row(…)` with its probe(s).
fn rows() -> Vec<Row> {
    use Allowed::{Domain, Success};
    vec![
        // C1: a certificate step whose ИИН has no account («ind-auth», ИИН 850314301234), then
        // the form with every field empty → 422 with the field errors.
        row(
            "usr.register",
            false,
            vec![probe(
                "POST /api/v1/auth/register (empty form)",
                Domain(422, "MSG-REQUIRED"),
                |_, s, _| {
                    let step = s.certificate_step("ind-auth");
                    assert_eq!(step.body["next"], "register", "{}", step.body);
                    req(
                        "POST",
                        "/api/v1/auth/register".into(),
                        Some(json!({ "registration_token": step.body["registration_token"] })),
                    )
                },
            )],
        ),
        // Y: a fresh browser logs U-DOS in (C-DOS-IND, personal context).
        row(
            "usr.login",
            false,
            vec![probe(
                "POST /api/v1/auth/login/certificate + /password",
                Success,
                |_, _, _| {
                    let b = Session::anonymous();
                    let step = b.certificate_step("C-DOS-IND");
                    assert_eq!(step.status, 200, "{}", step.body);
                    Call::Done(b.send(
                        "POST",
                        "/api/v1/auth/login/password",
                        Some(&json!({"login_token": step.body["login_token"],
                                     "password": PASSWORD})),
                    ))
                },
            )],
        ),
        // T: a link is judged by its token alone; an unknown one → 410, never 403.
        row(
            "usr.token",
            false,
            vec![probe(
                "POST /api/v1/auth/activate (unknown token)",
                Domain(410, "MSG-LINK-INVALID"),
                |_, _, _| {
                    req(
                        "POST",
                        "/api/v1/auth/activate".into(),
                        Some(json!({"token": "acc132-unknown-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAA"})),
                    )
                },
            )],
        ),
        row(
            "usr.recover",
            false,
            vec![probe(
                "POST /api/v1/auth/recovery (by e-mail)",
                Success,
                |_, _, _| {
                    req(
                        "POST",
                        "/api/v1/auth/recovery".into(),
                        Some(json!({"email": "nobody-acc132@example.kz"})),
                    )
                },
            )],
        ),
        // A3: «Отправить письмо повторно» (one resend; 5 a day are allowed).
        row(
            "usr.activation",
            false,
            vec![probe(
                "POST /api/v1/auth/activation (resend)",
                Success,
                |_, _, _| req("POST", "/api/v1/auth/activation".into(), Some(json!({}))),
            )],
        ),
        row(
            "usr.profile",
            false,
            vec![probe("GET /api/v1/me", Success, |_, _, _| {
                req("GET", "/api/v1/me".into(), None)
            })],
        ),
        // The right current password and a new one that fails the policy → 422, nothing saved.
        row(
            "usr.password",
            false,
            vec![probe(
                "POST /api/v1/auth/password (new password too short)",
                Domain(422, "MSG-PWD-POLICY"),
                |_, _, _| {
                    req(
                        "POST",
                        "/api/v1/auth/password".into(),
                        Some(
                            json!({"current_password": PASSWORD, "new_password": "short",
                                    "password_confirmation": "short"}),
                        ),
                    )
                },
            )],
        ),
        // C2 holds for the personal-context principals (their keys are individual ones whose
        // ИИН has no participant): an empty form → 422 MSG-PART-TYPE.
        row(
            "part.register",
            false,
            vec![probe(
                "POST /api/v1/participants (empty form)",
                Domain(422, "MSG-PART-TYPE"),
                |_, _, _| req("POST", "/api/v1/participants".into(), Some(json!({}))),
            )],
        ),
        // ACC-98: an empty e-mail → 422, nothing saved.
        row(
            "usr.contact-edit",
            false,
            vec![probe(
                "PUT /api/v1/me/profile (empty e-mail)",
                Domain(422, "MSG-REQUIRED"),
                |_, _, _| {
                    req(
                        "PUT",
                        "/api/v1/me/profile".into(),
                        Some(json!({"email": ""})),
                    )
                },
            )],
        ),
        row(
            "usr.rows",
            false,
            vec![
                probe("GET /api/v1/accounts/me/passports", Success, |_, _, _| {
                    req("GET", "/api/v1/accounts/me/passports".into(), None)
                }),
                probe(
                    "POST /api/v1/accounts/me/contacts (empty row)",
                    Domain(422, "MSG-REQUIRED"),
                    |_, _, _| {
                        req(
                            "POST",
                            "/api/v1/accounts/me/contacts".into(),
                            Some(json!({})),
                        )
                    },
                ),
            ],
        ),
        // Sets the default again (on): allowed calls change nothing visible.
        row(
            "usr.notify",
            false,
            vec![probe(
                "PUT /api/v1/me/notifications (on)",
                Success,
                |_, _, _| {
                    req(
                        "PUT",
                        "/api/v1/me/notifications".into(),
                        Some(json!({"email_notifications": true})),
                    )
                },
            )],
        ),
        row(
            "part.contacts",
            true,
            vec![probe(
                "POST /api/v1/participants/{p}/contacts (empty row)",
                Domain(422, "MSG-REQUIRED"),
                |_, _, t| {
                    req(
                        "POST",
                        format!("/api/v1/participants/{}/contacts", t.id()),
                        Some(json!({})),
                    )
                },
            )],
        ),
        row(
            "adm.users",
            false,
            vec![
                probe("GET /api/v1/admin/users?q=", Success, |_, _, _| {
                    req("GET", "/api/v1/admin/users?q=%D0%B0".into(), None)
                }),
                probe("GET /api/v1/admin/users/{U-KIM}", Success, |_, _, _| {
                    req("GET", format!("/api/v1/admin/users/{KIM}"), None)
                }),
            ],
        ),
        // Blocking without a reason → 422; nobody is blocked.
        row(
            "adm.block",
            false,
            vec![probe(
                "POST /api/v1/admin/users/{U-KIM}/block (no reason)",
                Domain(422, "MSG-BLOCK-REASON"),
                |_, _, _| {
                    req(
                        "POST",
                        format!("/api/v1/admin/users/{KIM}/block"),
                        Some(json!({})),
                    )
                },
            )],
        ),
        row(
            "adm.roles",
            false,
            vec![probe(
                "POST /api/v1/admin/users/{U-KIM}/roles (no role)",
                Domain(422, "MSG-REQUIRED"),
                |_, _, _| {
                    req(
                        "POST",
                        format!("/api/v1/admin/users/{KIM}/roles"),
                        Some(json!({})),
                    )
                },
            )],
        ),
        row(
            "part.view",
            true,
            vec![probe("GET /api/v1/participants/{p}", Success, |_, _, t| {
                req("GET", format!("/api/v1/participants/{}", t.id()), None)
            })],
        ),
        row(
            "bank.view",
            true,
            vec![probe(
                "GET /api/v1/participants/{p}/bank-accounts",
                Success,
                |_, _, t| {
                    req(
                        "GET",
                        format!("/api/v1/participants/{}/bank-accounts", t.id()),
                        None,
                    )
                },
            )],
        ),
        row(
            "bank.edit",
            true,
            vec![probe(
                "POST /api/v1/participants/{p}/bank-accounts (empty form)",
                Domain(422, "MSG-REQUIRED"),
                |_, _, t| {
                    req(
                        "POST",
                        format!("/api/v1/participants/{}/bank-accounts", t.id()),
                        Some(json!({})),
                    )
                },
            )],
        ),
        row(
            "newbank.send",
            true,
            vec![probe(
                "POST /api/v1/participants/{p}/new-bank-requests (empty form)",
                Domain(422, "MSG-REQUIRED"),
                |_, _, t| {
                    req(
                        "POST",
                        format!("/api/v1/participants/{}/new-bank-requests", t.id()),
                        Some(json!({})),
                    )
                },
            )],
        ),
        row(
            "newbank.view",
            true,
            vec![probe(
                "GET /api/v1/participants/{p}/new-bank-requests",
                Success,
                |_, _, t| {
                    req(
                        "GET",
                        format!("/api/v1/participants/{}/new-bank-requests", t.id()),
                        None,
                    )
                },
            )],
        ),
        row(
            "newbank.decide",
            false,
            vec![
                probe("GET /api/v1/admin/new-bank-requests", Success, |_, _, _| {
                    req("GET", "/api/v1/admin/new-bank-requests".into(), None)
                }),
                // A rejection without «Причина» → 422; the request stays on approval.
                probe(
                    "POST /api/v1/admin/new-bank-requests/{n}/decision (reject, no reason)",
                    Domain(422, "MSG-REJECT-REASON"),
                    |c, _, _| {
                        req(
                            "POST",
                            format!("/api/v1/admin/new-bank-requests/{}/decision", c.newbank),
                            Some(json!({"approve": false})),
                        )
                    },
                ),
            ],
        ),
        row(
            "staff.view",
            true,
            vec![probe(
                "GET /api/v1/participants/{p}/employees",
                Success,
                |_, _, t| {
                    req(
                        "GET",
                        format!("/api/v1/participants/{}/employees", t.id()),
                        None,
                    )
                },
            )],
        ),
        // C4 on U-NUR's membership (not the admin himself, not the chosen head).
        row(
            "staff.authorities",
            true,
            vec![probe(
                "PATCH /api/v1/participants/{p}/employees/{m} (unknown authority)",
                Domain(422, "MSG-AUTHORITY-NOT-ALLOWED"),
                |c, _, t| {
                    req(
                        "PATCH",
                        format!("/api/v1/participants/{}/employees/{}", t.id(), c.member(t)),
                        Some(json!({"authorities": ["NO_SUCH_AUTHORITY"]})),
                    )
                },
            )],
        ),
        row(
            "staff.block",
            true,
            vec![
                probe(
                    "PATCH /api/v1/participants/{p}/employees/{m} (block without a reason)",
                    Domain(422, "MSG-BLOCK-REASON"),
                    |c, _, t| {
                        req(
                            "PATCH",
                            format!("/api/v1/participants/{}/employees/{}", t.id(), c.member(t)),
                            Some(json!({"blocked": true})),
                        )
                    },
                ),
                // C4's own guard: the chosen head cannot be ended → 409.
                probe(
                    "DELETE /api/v1/participants/{p}/employees/{head}",
                    Domain(409, "MSG-HEAD-LOCKED"),
                    |c, _, t| {
                        req(
                            "DELETE",
                            format!("/api/v1/participants/{}/employees/{}", t.id(), c.head(t)),
                            None,
                        )
                    },
                ),
            ],
        ),
        // To the administrator's own membership: no such other member → 404 (after the
        // authorisation); nothing handed over.
        row(
            "staff.handover",
            true,
            vec![probe(
                "POST /api/v1/participants/{p}/employees/{admin}/handover",
                Domain(404, "NOT_FOUND"),
                |c, _, t| {
                    req(
                        "POST",
                        format!(
                            "/api/v1/participants/{}/employees/{}/handover",
                            t.id(),
                            c.admin(t)
                        ),
                        None,
                    )
                },
            )],
        ),
        // C5: the chosen head grants himself ORG_ADMIN (changes data: runs last).
        Row {
            code: "staff.self-admin",
            on_participant: true,
            changes_data: true,
            probes: vec![probe(
                "POST /api/v1/participants/{p}/self-admin",
                Success,
                |_, _, t| {
                    req(
                        "POST",
                        format!("/api/v1/participants/{}/self-admin", t.id()),
                        None,
                    )
                },
            )],
        },
        row(
            "staff.head",
            true,
            vec![probe(
                "PUT /api/v1/participants/{p}/head (empty position)",
                Domain(422, "MSG-REQUIRED"),
                |c, _, t| {
                    req(
                        "PUT",
                        format!("/api/v1/participants/{}/head", t.id()),
                        Some(json!({"membership_id": c.head(t), "head_position": " "})),
                    )
                },
            )],
        ),
        // C6 holds for none of the column principals (individual keys, or keys of a
        // participant they are members of); its positive case is checked while MEMBER is built.
        row(
            "join.send",
            false,
            vec![probe("POST /api/v1/join-requests", Success, |_, _, _| {
                req(
                    "POST",
                    "/api/v1/join-requests".into(),
                    Some(json!({"position": "Менеджер"})),
                )
            })],
        ),
        // `own`: no own pending request with this id → 404 after the authorisation. (The
        // positive withdrawal is checked while MEMBER is built.)
        row(
            "join.withdraw",
            false,
            vec![probe(
                "DELETE /api/v1/join-requests/{id} (none of the caller's)",
                Domain(404, "NOT_FOUND"),
                |_, _, _| req("DELETE", "/api/v1/join-requests/987654321".into(), None),
            )],
        ),
        row(
            "join.decide",
            true,
            vec![
                probe(
                    "GET /api/v1/participants/{p}/join-requests",
                    Success,
                    |_, _, t| {
                        req(
                            "GET",
                            format!("/api/v1/participants/{}/join-requests", t.id()),
                            None,
                        )
                    },
                ),
                probe(
                    "POST /api/v1/participants/{p}/join-requests/{id}/decision (no such request)",
                    Domain(404, "NOT_FOUND"),
                    |_, _, t| {
                        req(
                            "POST",
                            format!(
                                "/api/v1/participants/{}/join-requests/987654321/decision",
                                t.id()
                            ),
                            Some(json!({"approve": false, "reason": "нет"})),
                        )
                    },
                ),
            ],
        ),
    ]
}

/// Whether condition `n` of §4.9 holds for a principal of `column` in the fixture.
fn condition(n: u8, column: &str, target: Target) -> bool {
    let personal_staff = matches!(
        column,
        "USER" | "P_ADMIN" | "ENS_ADMIN" | "AUTH_BODY" | "SECRETARY" | "STAFF"
    );
    match n {
        // ANON's certificate step uses a key whose ИИН has no account.
        1 => column == "ANON",
        // Individual keys; no participant has their ИИН.
        2 => personal_staff,
        // Neither P-TS nor P-GM has an EnsOrgProfile (none exists yet).
        3 => false,
        4 => column == "ORG_ADMIN" && target != Target::Gm,
        5 => column == "HEAD" && target != Target::Gm,
        // No column principal's key carries the БИН of a participant it is not a member of.
        6 => false,
        _ => panic!("condition C{n} has no HTTP row yet"),
    }
}

/// What the cell expects of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    /// 403 with this problem code.
    Refused(&'static str),
    NotApplicable,
}

fn expect(cell: &str, row: &str, column: &str, target: Target) -> Expect {
    let refused = Expect::Refused(if row == "part.register" && column == "PEND" {
        // AS-74: PEND → part.register is refused with the activation message.
        "MSG-NOT-ACTIVATED"
    } else {
        "MSG-FORBIDDEN"
    });
    match cell {
        "n/a" => Expect::NotApplicable,
        "—" => refused,
        "Y" | "T" => Expect::Allowed,
        c if c.starts_with("own") => Expect::Allowed,
        "ctx" if target == Target::Gm => refused,
        "ctx" => Expect::Allowed,
        c if c.starts_with('C') => {
            if condition(c[1..].parse().unwrap(), column, target) {
                Expect::Allowed
            } else {
                refused
            }
        }
        other => panic!("cell {other:?} of {row} × {column} has no HTTP expectation"),
    }
}

/// The spec's table: code → the 13 cells.
fn spec_table() -> Vec<(String, Vec<String>)> {
    let text = include_str!("../../../accounts/tests/data/acc_132_matrix.md");
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap()
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(&header[2..], &COLUMNS, "the table's columns");
    lines.next();
    lines
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                cells[1].trim_matches('`').to_string(),
                cells[3..16].iter().map(|c| c.to_string()).collect(),
            )
        })
        .collect()
}

// ---- the run ----

/// One comparison.
#[derive(Debug, Clone)]
struct Check {
    row: &'static str,
    column: &'static str,
    target: Target,
    probe: &'static str,
    cell: String,
    expected: Expect,
    got: String,
    ok: bool,
}

/// Everything the run saw, for the tests to assert on.
#[derive(Debug)]
struct Run {
    checks: Vec<Check>,
    /// Condition checks made while building the principals (C6, own withdrawal, …).
    setup: Vec<(String, bool, String)>,
    /// AS-74: the BLOCKED member's bank.view on P-TS.
    blocked_bank_view: Outcome,
    /// AS-74: PEND's part.register.
    pend_part_register: Outcome,
    /// ACC-80, ACC-161: the ORG_BANK session of U-NUR after ORG_ADMIN blocked him.
    session_after_block: Outcome,
    /// The set-cookie header of a login (AS-78).
    login_set_cookie: String,
    /// The activation mail's token of PEND (AS-78: not stored in clear).
    pend_activation_token: String,
}

fn compare(allowed: Allowed, exp: Expect, o: &Outcome) -> bool {
    match exp {
        Expect::Allowed => match allowed {
            Allowed::Success => (200..300).contains(&o.status),
            Allowed::Domain(st, code) => o.status == st && o.code.as_deref() == Some(code),
        },
        Expect::Refused(code) => o.status == 403 && o.code.as_deref() == Some(code),
        Expect::NotApplicable => true,
    }
}

fn describe(allowed: Allowed, exp: Expect) -> String {
    match (exp, allowed) {
        (Expect::Allowed, Allowed::Success) => "2xx".into(),
        (Expect::Allowed, Allowed::Domain(st, code)) => format!("{st} {code} (authorised)"),
        (Expect::Refused(code), _) => format!("403 {code}"),
        (Expect::NotApplicable, _) => "n/a".into(),
    }
}

/// Calls every probe of `rows` as `column` and records the comparison with the cell.
fn check_column(
    run: &mut Vec<Check>,
    spec: &BTreeMap<String, Vec<String>>,
    rows: &[&Row],
    ctx: &Ctx,
    column: &'static str,
    s: &Session,
) {
    let col = COLUMNS.iter().position(|c| *c == column).unwrap();
    for r in rows {
        let cell = &spec[r.code][col];
        let targets: &[Target] = if r.on_participant {
            &[Target::X, Target::Gm]
        } else {
            &[Target::None]
        };
        for &t in targets {
            let exp = expect(cell, r.code, column, t);
            for p in &r.probes {
                if exp == Expect::NotApplicable {
                    run.push(Check {
                        row: r.code,
                        column,
                        target: t,
                        probe: p.what,
                        cell: cell.clone(),
                        expected: exp,
                        got: "not called".into(),
                        ok: true,
                    });
                    continue;
                }
                let o = match (p.build)(ctx, s, t) {
                    Call::Req(m, path, body) => s.send(m, &path, body.as_ref()),
                    Call::Done(o) => o,
                };
                run.push(Check {
                    row: r.code,
                    column,
                    target: t,
                    probe: p.what,
                    cell: cell.clone(),
                    expected: exp,
                    got: format!("{} {}", o.short(), o.body["title"].as_str().unwrap_or("")),
                    ok: compare(p.allowed, exp, &o),
                });
            }
        }
    }
}

fn mails_to(addr: &str, n: usize) -> Vec<notify::testing::ReceivedMail> {
    let mb = MATRIX_MAILBOX.get().unwrap();
    for _ in 0..200 {
        let m = mb.messages_to(addr).unwrap();
        if m.len() >= n {
            return m;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    mb.messages_to(addr).unwrap()
}

/// PEND: Жанаев registers with `C-ZHA-A` and the agreement signed with `C-ZHA-S`, and logs in
/// without following the activation link.
fn register_pending(email: &str) -> (Session, Outcome) {
    let b = Session::anonymous();
    let step = b.certificate_step("C-ZHA-A");
    assert_eq!(step.body["next"], "register", "{}", step.body);
    let token = step.body["registration_token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut agreement = b.signed(
        "register.agreement",
        Some(json!({ "registration_token": token })),
        "C-ZHA-S",
    );
    agreement["registration_token"] = json!(token);
    let a = b.send("POST", "/api/v1/auth/register/agreement", Some(&agreement));
    assert_eq!(a.status, 200, "{}", a.body);
    let r = b.send(
        "POST",
        "/api/v1/auth/register",
        Some(&json!({"registration_token": token, "email": email,
                     "mobile_phone": "+7 (705) 111 22 33", "password": PASSWORD,
                     "password_confirmation": PASSWORD})),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let done = b.send(
        "POST",
        "/api/v1/auth/login/password",
        Some(&json!({"login_token": r.body["login_token"], "password": PASSWORD})),
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.body["status"], "PENDING_ACTIVATION");
    (logged_in(session_cookie(&done.headers).unwrap()), done)
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(run_matrix)
}

fn run_matrix() -> Run {
    seed();
    let started = std::time::Instant::now();
    let spec: BTreeMap<String, Vec<String>> = spec_table().into_iter().collect();
    let mut setup: Vec<(String, bool, String)> = Vec::new();
    let mut note = |what: &str, ok: bool, got: &Outcome| {
        setup.push((what.to_string(), ok, got.short()));
    };

    // The principals.
    let anon = Session::anonymous();
    let pend_email = notify::testing::unique_address("zhanaev");
    let (pend, _) = register_pending(&pend_email);
    let (user, _) = login("C-AHM-A");
    let (org_admin, admin_login) = login("C-SER-A");
    assert_eq!(admin_login.body["context_participant_id"], X);
    assert_eq!(
        admin_login.body["organisations"][0]["authorities"],
        json!(["ORG_ADMIN"])
    );
    let login_set_cookie = admin_login
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let (head, head_login) = login("C-KIM-A");
    assert_eq!(head_login.body["context_participant_id"], X);
    // MEMBER: U-NUR is no member of P-TS in F-BASE; his key carries its БИН (C6 holds).
    let (nur, _) = login("C-NUR-A");
    let sent = nur.send(
        "POST",
        "/api/v1/join-requests",
        Some(&json!({"position": "Менеджер"})),
    );
    note(
        "C6 holds: U-NUR (C-NUR-A, not a member) sends a join request → 201",
        sent.status == 201,
        &sent,
    );
    let id = sent.body["id"].as_i64().unwrap_or(0);
    let w = nur.send("DELETE", &format!("/api/v1/join-requests/{id}"), None);
    note(
        "join.withdraw own: U-NUR withdraws his pending request → 204",
        w.status == 204,
        &w,
    );
    let sent = nur.send(
        "POST",
        "/api/v1/join-requests",
        Some(&json!({"position": "Менеджер"})),
    );
    assert_eq!(sent.status, 201, "{}", sent.body);
    let id = sent.body["id"].as_i64().unwrap();
    let d = org_admin.send(
        "POST",
        &format!("/api/v1/participants/{X}/join-requests/{id}/decision"),
        Some(&json!({"approve": true, "authorities": []})),
    );
    note(
        "join.decide ctx: ORG_ADMIN approves it without authorities → 204",
        d.status == 204,
        &d,
    );
    assert_eq!(d.status, 204, "{}", d.body);
    let (member, member_login) = login("C-NUR-A");
    assert_eq!(member_login.body["context_participant_id"], X);
    let nb = org_admin.send(
        "POST",
        &format!("/api/v1/participants/{X}/new-bank-requests"),
        Some(
            &json!({"bank_name_ru": "АО «Банк Тест-3»", "bic": "TSTCKZKA", "country": "KZ",
                     "iban_code": "903"}),
        ),
    );
    note(
        "newbank.send ctx: ORG_ADMIN sends a new-bank request → 201",
        nb.status == 201,
        &nb,
    );
    assert_eq!(nb.status, 201, "{}", nb.body);
    let (p_admin, _) = login("C-PADM-A");
    let (ens_admin, _) = login("C-ENSADM-A");
    let (auth_body, _) = login("C-AUTH-A");
    let (secretary, _) = login("C-SEC-A");
    let (staff, _) = login("C-OMA-A");
    let ctx = Ctx {
        nur_mid: membership_id(NUR, X),
        ser_mid: membership_id(SER, X),
        kim_mid: membership_id(KIM, X),
        gm_mid: membership_id(GM_ACCOUNT, GM),
        newbank: nb.body["number"].as_i64().unwrap(),
    };
    let pend_part_register = pend.send("POST", "/api/v1/participants", Some(&json!({})));

    let table = rows();
    let quiet: Vec<&Row> = table.iter().filter(|r| !r.changes_data).collect();
    let changing: Vec<&Row> = table.iter().filter(|r| r.changes_data).collect();
    let mut checks = Vec::new();
    let first: Vec<(&'static str, &Session)> = vec![
        ("ANON", &anon),
        ("PEND", &pend),
        ("USER", &user),
        ("MEMBER", &member),
        ("HEAD", &head),
        ("ORG_ADMIN", &org_admin),
        ("P_ADMIN", &p_admin),
        ("ENS_ADMIN", &ens_admin),
        ("AUTH_BODY", &auth_body),
        ("SECRETARY", &secretary),
        ("STAFF", &staff),
    ];
    for &(column, s) in &first {
        check_column(&mut checks, &spec, &quiet, &ctx, column, s);
    }
    for &(column, s) in &first {
        check_column(&mut checks, &spec, &changing, &ctx, column, s);
    }

    // ORG_BANK: ORG_ADMIN gives U-NUR exactly {ORG_BANK}; a grant acts at the next login (ACC-80).
    let e = org_admin.send(
        "PATCH",
        &format!("/api/v1/participants/{X}/employees/{}", ctx.nur_mid),
        Some(&json!({"authorities": ["ORG_BANK"]})),
    );
    note(
        "staff.authorities C4: ORG_ADMIN sets U-NUR's authorities to {ORG_BANK} → 200",
        e.status == 200,
        &e,
    );
    assert_eq!(e.status, 200, "{}", e.body);
    let (org_bank, bank_login) = login("C-NUR-A");
    assert_eq!(
        bank_login.body["organisations"][0]["authorities"],
        json!(["ORG_BANK"])
    );
    let all: Vec<&Row> = quiet.iter().chain(changing.iter()).copied().collect();
    check_column(&mut checks, &spec, &all, &ctx, "ORG_BANK", &org_bank);

    // ACC-133: ORG_ADMIN blocks U-NUR; logged in again he is a plain USER for P-TS.
    let b = org_admin.send(
        "PATCH",
        &format!("/api/v1/participants/{X}/employees/{}", ctx.nur_mid),
        Some(&json!({"blocked": true, "block_reason": "Проверка AS-74"})),
    );
    note(
        "staff.block C4: ORG_ADMIN blocks U-NUR with a reason → 200",
        b.status == 200,
        &b,
    );
    assert_eq!(b.status, 200, "{}", b.body);
    let session_after_block = org_bank.send("GET", "/api/v1/me", None);
    let (blocked, _) = login("C-NUR-A");
    let blocked_bank_view = blocked.send(
        "GET",
        &format!("/api/v1/participants/{X}/bank-accounts"),
        None,
    );

    // The activation mail of PEND: the link's token (AS-78: never stored in clear).
    let mails = mails_to(&pend_email, 1);
    let body = &mails.first().expect("E-ACTIVATION to PEND").body;
    let i = body.find("/auth/activate/").expect("an activation link") + "/auth/activate/".len();
    let pend_activation_token: String = body[i..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();

    println!(
        "ACC-132 matrix run: {} calls in {:.1} s",
        checks
            .iter()
            .filter(|c| c.expected != Expect::NotApplicable)
            .count(),
        started.elapsed().as_secs_f64()
    );
    Run {
        checks,
        setup,
        blocked_bank_view,
        pend_part_register,
        session_after_block,
        login_set_cookie,
        pend_activation_token,
    }
}

// ---- the tests ----

/// ACC-132, AS-74: each principal × each action row with an endpoint, compared with the spec's
/// cell; the rows without an endpoint and the ENS_USER column are listed, not faked.
#[test]
fn acc_132_as_74_every_principal_calls_every_action_endpoint() {
    let run = run();
    let spec = spec_table();
    let table = rows();
    // Every row of the spec is either checked over HTTP or pending, never both, never neither.
    let checked: Vec<&str> = table.iter().map(|r| r.code).collect();
    let pending: Vec<&str> = PENDING.iter().map(|(c, _)| *c).collect();
    let mut unaccounted = Vec::new();
    for (code, _) in &spec {
        let n = checked.iter().filter(|c| **c == code.as_str()).count()
            + pending.iter().filter(|c| **c == code.as_str()).count();
        if n != 1 {
            unaccounted.push(format!("{code}: {n} entries"));
        }
    }
    assert!(
        unaccounted.is_empty(),
        "each row of §4.9 must be in rows() or PENDING exactly once: {unaccounted:?}"
    );
    assert_eq!(spec.len(), 47);
    assert_eq!(
        pending,
        [
            "usr.agreement",
            "usr.secretary",
            "part.edit",
            "part.attributes",
            "part.organizer",
            "part.block",
            "part.correct",
            "bank.import",
            "dict.manage",
            "staff.support",
            "ens.org",
            "ens.request",
            "ens.accredit",
            "ens.revoke",
            "ens.supervisor",
            "ens.registry",
            "adm.audit",
        ],
        "the rows still without an endpoint"
    );

    // Every (row, column) pair of the checked rows was met, except the column nobody can be.
    let skipped: Vec<&str> = NOT_CONSTRUCTIBLE.iter().map(|(c, _)| *c).collect();
    for r in &table {
        for col in COLUMNS {
            let seen = run
                .checks
                .iter()
                .any(|c| c.row == r.code && c.column == col);
            assert_eq!(
                seen,
                !skipped.contains(&col),
                "{} × {col}: called = {seen}",
                r.code
            );
        }
    }

    let calls = run
        .checks
        .iter()
        .filter(|c| c.expected != Expect::NotApplicable)
        .count();
    let na = run.checks.len() - calls;
    println!(
        "ACC-132: {} rows × 13 principals checked over HTTP ({} calls, {} n/a cells not called; \
         column ENS_USER not yet constructible: {}), {} rows pending: {}",
        table.len(),
        calls,
        na,
        NOT_CONSTRUCTIBLE[0].1,
        PENDING.len(),
        PENDING
            .iter()
            .map(|(c, why)| format!("{c} ({why})"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (what, ok, got) in &run.setup {
        println!(
            "  setup {}: {what} [{got}]",
            if *ok { "ok" } else { "FAILED" }
        );
    }
    let wrong: Vec<String> = run
        .checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| {
            format!(
                "{} × {} on {:?}: {} — cell «{}» expects {}, got {}",
                c.row,
                c.column,
                c.target,
                c.probe,
                c.cell,
                describe(
                    table
                        .iter()
                        .find(|r| r.code == c.row)
                        .and_then(|r| r.probes.iter().find(|p| p.what == c.probe))
                        .map(|p| p.allowed)
                        .unwrap_or(Allowed::Success),
                    c.expected
                ),
                c.got
            )
        })
        .collect();
    let failed_setup: Vec<&String> = run
        .setup
        .iter()
        .filter(|(_, ok, _)| !ok)
        .map(|(w, _, _)| w)
        .collect();
    assert!(
        wrong.is_empty() && failed_setup.is_empty(),
        "{} of {} calls differ from the matrix:\n{}\nsetup checks failed: {failed_setup:?}",
        wrong.len(),
        calls,
        wrong.join("\n")
    );
}

/// AS-74's spot checks, by name.
#[test]
fn as_74_spot_checks() {
    let run = run();
    let got = |row: &str, col: &str, t: Target, probe_prefix: &str| -> &'static Check {
        run.checks
            .iter()
            .find(|c| {
                c.row == row
                    && c.column == col
                    && c.target == t
                    && c.probe.starts_with(probe_prefix)
            })
            .unwrap_or_else(|| panic!("no call {row} × {col} {t:?}"))
    };
    let c = got("bank.edit", "MEMBER", Target::X, "POST");
    assert!(
        c.ok && c.got.starts_with("403 MSG-FORBIDDEN"),
        "MEMBER → bank.edit 403: {c:?}"
    );
    let c = got("bank.edit", "ORG_BANK", Target::X, "POST");
    assert!(
        c.ok && c.got.starts_with("422 MSG-REQUIRED"),
        "ORG_BANK → bank.edit on P-TS allowed: {c:?}"
    );
    let c = got("bank.edit", "ORG_BANK", Target::Gm, "POST");
    assert!(
        c.ok && c.got.starts_with("403 MSG-FORBIDDEN"),
        "ORG_BANK → bank.edit on P-GM 403: {c:?}"
    );
    let c = got("newbank.decide", "ORG_ADMIN", Target::None, "POST");
    assert!(
        c.ok && c.got.starts_with("403 MSG-FORBIDDEN"),
        "ORG_ADMIN → newbank.decide 403: {c:?}"
    );
    let c = got("newbank.decide", "P_ADMIN", Target::None, "POST");
    assert!(
        c.ok && c.got.starts_with("422 MSG-REJECT-REASON"),
        "P_ADMIN → newbank.decide allowed: {c:?}"
    );
    // ENS_USER → usr.profile redirect: the column cannot be built yet (NOT_CONSTRUCTIBLE).
    let p = &run.pend_part_register;
    assert_eq!(
        (p.status, p.code.as_deref()),
        (403, Some("MSG-NOT-ACTIVATED")),
        "PEND → part.register refused with the activation message: {}",
        p.body
    );
    assert!(
        p.body["title"]
            .as_str()
            .unwrap_or("")
            .contains("Учетная запись не активирована"),
        "{}",
        p.body
    );
    let b = &run.blocked_bank_view;
    assert_eq!(
        (b.status, b.code.as_deref()),
        (403, Some("MSG-FORBIDDEN")),
        "a BLOCKED member → bank.view on P-TS 403: {}",
        b.body
    );
    // ACC-80, ACC-161: blocking the member ended his session in P-TS's context.
    let m = &run.session_after_block;
    assert_eq!(m.status, 401, "{}", m.body);
    assert_eq!(m.code.as_deref(), Some("MSG-SESSION-ENDED-BY-ORG"));
}

/// AS-77 (ACC-167): `U-SER`, ORG_ADMIN of P-TS, edits U-GM's membership of P-GM — through P-GM
/// and through his own P-TS — and is refused with 403; nothing changes; each refusal is audited
/// with the outcome DENIED.
#[test]
fn as_77_ids_of_another_participant_are_refused() {
    run();
    let (ser, _) = login("C-SER-A");
    let gm_mid = membership_id(GM_ACCOUNT, GM);
    let before = rt()
        .block_on(accounts::store_org::membership(db().pool(), GM_ACCOUNT, GM))
        .unwrap()
        .unwrap();
    let denied = || {
        scalar_i64(
            "SELECT COUNT(*) FROM audit_log WHERE account_id = $1 AND purpose = $2 \
             AND detail LIKE '%DENIED%'",
            &[SER, "staff.authorities"],
        )
    };
    for participant in [GM, X] {
        let n = denied();
        let o = ser.send(
            "PATCH",
            &format!("/api/v1/participants/{participant}/employees/{gm_mid}"),
            Some(&json!({"authorities": ["ORG_BANK"]})),
        );
        assert_eq!(
            (o.status, o.code.as_deref()),
            (403, Some("MSG-FORBIDDEN")),
            "PATCH /api/v1/participants/{participant}/employees/{gm_mid}: {}",
            o.body
        );
        assert_eq!(
            denied(),
            n + 1,
            "a DENIED audit event for the call through {participant}"
        );
    }
    let after = rt()
        .block_on(accounts::store_org::membership(db().pool(), GM_ACCOUNT, GM))
        .unwrap()
        .unwrap();
    assert_eq!(
        (after.status, after.authorities),
        (before.status, before.authorities),
        "nothing changed"
    );
}

/// AS-78: the request-hygiene checks the API supports today.
#[test]
fn as_78_request_hygiene() {
    let run = run();
    let (gm, _) = login("C-GM-A");
    let path = format!("/api/v1/participants/{GM}/bank-accounts");
    let account = json!({ "number": "1234567", "old_format": true, "bank_bic": "CASPKZKA",
                          "account_type": "CURRENT" });
    let count = || {
        scalar_i64(
            "SELECT COUNT(*) FROM bank_accounts WHERE participant_id = $1",
            &[GM],
        )
    };
    let n = count();
    // ACC-162: without the CSRF header → 403, nothing stored.
    let o = gm.send_with("POST", &path, Some(&account), false);
    assert_eq!(
        (o.status, o.code.as_deref()),
        (403, Some("CSRF_TOKEN_INVALID")),
        "{}",
        o.body
    );
    assert_eq!(count(), n, "nothing stored without the CSRF token");
    // ACC-166: an unknown field → 422; a body over 1 MB → 413.
    let mut extra = account.clone();
    extra["colour"] = json!("green");
    let o = gm.send("POST", &path, Some(&extra));
    assert_eq!(
        (o.status, o.code.as_deref()),
        (422, Some("FIELD_NOT_ALLOWED")),
        "{}",
        o.body
    );
    let mut big = account.clone();
    big["number"] = json!("1".repeat(1_100_000));
    let o = gm.send("POST", &path, Some(&big));
    assert!(o.status == 413 || o.status == 422, "{}", o.short());
    assert_eq!(count(), n, "nothing stored");
    // The same body with the token is accepted: only the token was missing.
    let o = gm.send("POST", &path, Some(&account));
    assert_eq!(o.status, 201, "{}", o.body);
    assert_eq!(count(), n + 1);

    // ACC-161: HttpOnly, SameSite=Lax (Secure only behind TLS: the test server is plain HTTP).
    let c = &run.login_set_cookie;
    assert!(c.starts_with("tauar_sid="), "{c}");
    assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax"), "{c}");

    // ACC-159: Argon2id, for F-BASE's U-AHM and for the account registered over HTTP.
    for iin in ["900101300126", "951111300231"] {
        let h = scalar_text("SELECT password_hash FROM accounts WHERE iin = $1", &[iin]);
        assert_eq!(h.len(), 1, "{iin}");
        assert!(
            h[0].starts_with("$argon2id$"),
            "{iin}: {}",
            &h[0][..12.min(h[0].len())]
        );
    }
    // ACC-160: e-mail tokens only as SHA-256 hashes; the mailed token is nowhere in clear.
    let token = &run.pend_activation_token;
    assert!(token.len() >= 40, "{token}");
    let rows = scalar_text(
        "SELECT token_sha256 || '|' || kind || '|' || account_id || '|' || email FROM email_tokens",
        &[],
    );
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(!r.contains(token.as_str()), "a token in clear: {r}");
        let hash = r.split('|').next().unwrap();
        assert!(
            hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{hash}"
        );
    }

    // spec/signatures.md: a signed login challenge used twice is refused the second time.
    let b = Session::anonymous();
    let step = b.signed("login", None, "C-AHM-A");
    let first = b.send("POST", "/api/v1/auth/login/certificate", Some(&step));
    assert_eq!(first.status, 200, "{}", first.body);
    let again = b.send("POST", "/api/v1/auth/login/certificate", Some(&step));
    assert_eq!(
        (again.status, again.code.as_deref()),
        (409, Some("SIG_CHALLENGE_REPLAYED")),
        "{}",
        again.body
    );
}
