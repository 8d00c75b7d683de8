//! ACC-132's table of action rows with an endpoint: each [`Row`] of spec/accounts.md §4.9 and
//! its [`Probe`]s (the request, and what an allowed principal gets). The rows that act on a
//! participant's data are in `rows_org`.

use super::fixture::{Ctx, KIM, PASSWORD, Target};
use super::rows_org::org_rows;
use super::session::{Outcome, Session};
use serde_json::{Value, json};

// ---- the matrix table ----

/// What an allowed call answers.
#[derive(Debug, Clone, Copy)]
pub(super) enum Allowed {
    /// 2xx.
    Success,
    /// A refusal that comes after the authorisation: (status, problem code).
    Domain(u16, &'static str),
}

/// A request, or (for the steps that need a fresh browser) the finished outcome.
pub(super) enum Call {
    Req(&'static str, String, Option<Value>),
    Done(Outcome),
}

pub(super) type Build = fn(&Ctx, &Session, Target) -> Call;

/// One request of a row and what an allowed principal gets from it.
pub(super) struct Probe {
    pub(super) what: &'static str,
    pub(super) allowed: Allowed,
    pub(super) build: Build,
}

/// A row with an endpoint: its probes, whether it acts on a participant (then it is called on
/// X and on P-GM), and whether an allowed call changes data (such rows run last).
pub(super) struct Row {
    pub(super) code: &'static str,
    pub(super) on_participant: bool,
    pub(super) changes_data: bool,
    pub(super) probes: Vec<Probe>,
}

pub(super) fn req(method: &'static str, path: String, body: Option<Value>) -> Call {
    Call::Req(method, path, body)
}

pub(super) fn probe(what: &'static str, allowed: Allowed, build: Build) -> Probe {
    Probe {
        what,
        allowed,
        build,
    }
}

pub(super) fn row(code: &'static str, on_participant: bool, probes: Vec<Probe>) -> Row {
    Row {
        code,
        on_participant,
        changes_data: false,
        probes,
    }
}

/// The action rows that have an endpoint. Adding one is a `row(…)` with its probe(s).
pub(super) fn rows() -> Vec<Row> {
    let mut all = account_rows();
    all.extend(org_rows());
    all
}

/// The rows of `rows` that act on accounts: registration, login, the own profile, the
/// administration of users.
fn account_rows() -> Vec<Row> {
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
        // ACC-110: an empty form → 422; nothing saved.
        row(
            "part.edit",
            true,
            vec![probe(
                "PUT /api/v1/participants/{p}/registration-data (empty form)",
                Domain(422, "MSG-REQUIRED"),
                |_, _, t| {
                    req(
                        "PUT",
                        format!("/api/v1/participants/{}/registration-data", t.id()),
                        Some(json!({})),
                    )
                },
            )],
        ),
        // ACC-111: a КСЕ outside the dictionary → 422; nothing saved, no КБе recomputed.
        row(
            "part.attributes",
            true,
            vec![probe(
                "PUT /api/v1/participants/{p}/attributes (unknown КСЕ)",
                Domain(422, "MSG-DICT-VALUE"),
                |_, _, t| {
                    req(
                        "PUT",
                        format!("/api/v1/participants/{}/attributes", t.id()),
                        Some(json!({"kse": "NO-SUCH-KSE"})),
                    )
                },
            )],
        ),
        row(
            "ens.org",
            false,
            vec![
                probe("GET /api/v1/ens/organisations", Success, |_, _, _| {
                    req("GET", "/api/v1/ens/organisations".into(), None)
                }),
                probe(
                    "POST /api/v1/ens/organisations (empty form)",
                    Domain(422, "MSG-REQUIRED"),
                    |_, _, _| req("POST", "/api/v1/ens/organisations".into(), Some(json!({}))),
                ),
            ],
        ),
        row(
            "ens.accredit",
            false,
            vec![
                probe("GET /api/v1/ens/access-requests", Success, |_, _, _| {
                    req("GET", "/api/v1/ens/access-requests".into(), None)
                }),
                probe(
                    "POST /api/v1/ens/access-requests/{id}/decision (no such request)",
                    Domain(404, "NOT_FOUND"),
                    |_, _, _| {
                        req(
                            "POST",
                            "/api/v1/ens/access-requests/987654321/decision".into(),
                            Some(json!({"accredit": false, "reason": "нет"})),
                        )
                    },
                ),
            ],
        ),
        // A revocation without a reason → 422; nobody loses access.
        row(
            "ens.revoke",
            false,
            vec![probe(
                "POST /api/v1/ens/users/{grant}/revoke (no reason)",
                Domain(422, "MSG-REASON-REQUIRED"),
                |_, _, _| {
                    req(
                        "POST",
                        "/api/v1/ens/users/987654321/revoke".into(),
                        Some(json!({})),
                    )
                },
            )],
        ),
        // ACC-116: the dictionaries and banks; an empty form is refused after authorisation.
        row(
            "dict.manage",
            false,
            vec![
                probe(
                    "GET /api/v1/admin/dictionaries/countries/entries",
                    Success,
                    |_, _, _| {
                        req(
                            "GET",
                            "/api/v1/admin/dictionaries/countries/entries".into(),
                            None,
                        )
                    },
                ),
                probe(
                    "POST /api/v1/admin/dictionaries/kfs/entries (empty form)",
                    Domain(422, "MSG-REQUIRED"),
                    |_, _, _| {
                        req(
                            "POST",
                            "/api/v1/admin/dictionaries/kfs/entries".into(),
                            Some(json!({})),
                        )
                    },
                ),
                probe("GET /api/v1/admin/agreements", Success, |_, _, _| {
                    req("GET", "/api/v1/admin/agreements".into(), None)
                }),
                probe(
                    "POST /api/v1/admin/agreements (no texts)",
                    Domain(422, "MSG-REQUIRED"),
                    |_, _, _| {
                        req(
                            "POST",
                            "/api/v1/admin/agreements".into(),
                            Some(json!({ "kind": "USER_NCT" })),
                        )
                    },
                ),
                probe("GET /api/v1/admin/banks", Success, |_, _, _| {
                    req("GET", "/api/v1/admin/banks".into(), None)
                }),
                probe(
                    "PUT /api/v1/admin/banks/{bic} (empty form)",
                    Domain(422, "MSG-REQUIRED"),
                    |_, _, _| {
                        req(
                            "PUT",
                            "/api/v1/admin/banks/CASPKZKA".into(),
                            Some(json!({})),
                        )
                    },
                ),
            ],
        ),
        // C7: the request form's context is where ACC-94's refusals are decided.
        row(
            "ens.request",
            false,
            vec![probe(
                "GET /api/v1/ens/access-requests/form",
                Success,
                |_, _, _| req("GET", "/api/v1/ens/access-requests/form".into(), None),
            )],
        ),
        // G-46: the ENS_ADMIN's supervisor grants; the reason is checked before the grant.
        row(
            "ens.supervisor",
            false,
            vec![
                probe(
                    "POST /api/v1/ens/users/{grant}/supervisor (no reason)",
                    Domain(422, "MSG-REASON-REQUIRED"),
                    |_, _, _| {
                        req(
                            "POST",
                            "/api/v1/ens/users/987654321/supervisor".into(),
                            Some(json!({})),
                        )
                    },
                ),
                probe(
                    "POST /api/v1/ens/users/{grant}/supervisor/revoke (no reason)",
                    Domain(422, "MSG-REASON-REQUIRED"),
                    |_, _, _| {
                        req(
                            "POST",
                            "/api/v1/ens/users/987654321/supervisor/revoke".into(),
                            Some(json!({})),
                        )
                    },
                ),
            ],
        ),
        // «Реестр заявок» opens with the module session (ACC-59).
        row(
            "ens.registry",
            false,
            vec![probe("GET /api/v1/ens/me", Success, |_, _, _| {
                req("GET", "/api/v1/ens/me".into(), None)
            })],
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
            "adm.audit",
            false,
            vec![
                probe("GET /api/v1/admin/audit", Success, |_, _, _| {
                    req("GET", "/api/v1/admin/audit".into(), None)
                }),
                probe("GET /api/v1/admin/audit/verify", Success, |_, _, _| {
                    req("GET", "/api/v1/admin/audit/verify".into(), None)
                }),
            ],
        ),
        // ACC-24: the USER_ENS agreement is ticked; the F-BASE accounts have accepted it, so
        // an allowed call changes nothing.
        row(
            "usr.agreement",
            false,
            vec![probe(
                "POST /api/v1/me/agreements/USER_ENS/accept (already accepted)",
                Success,
                |_, _, _| {
                    req(
                        "POST",
                        "/api/v1/me/agreements/USER_ENS/accept".into(),
                        Some(json!({ "accepted": true })),
                    )
                },
            )],
        ),
        // ACC-118: switching to the default workspace leaves the secretary where she was.
        row(
            "usr.secretary",
            false,
            vec![probe(
                "POST /api/v1/me/workspace DEFAULT",
                Success,
                |_, _, _| {
                    req(
                        "POST",
                        "/api/v1/me/workspace".into(),
                        Some(json!({ "workspace": "DEFAULT" })),
                    )
                },
            )],
        ),
    ]
}
