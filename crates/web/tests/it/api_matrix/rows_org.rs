//! ACC-132's action rows that act on a participant's data (spec/accounts.md §4.9): the
//! participant card, bank accounts, new-bank requests, employees, join requests.

use super::rows::{Allowed, Row, probe, req, row};
use serde_json::json;

/// The rows of [`rows`](super::rows::rows) that act on a participant's data.
pub(super) fn org_rows() -> Vec<Row> {
    use Allowed::{Domain, Success};
    vec![
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
        // ACC-115 «Участники»: every change needs a reason, checked after the authorisation.
        row(
            "part.organizer",
            false,
            vec![probe(
                "PUT /api/v1/admin/participants/{p}/flags (no reason)",
                Domain(422, "MSG-REASON-REQUIRED"),
                |_, _, t| {
                    req(
                        "PUT",
                        format!("/api/v1/admin/participants/{}/flags", t.id()),
                        Some(json!({ "is_single_distributor": false, "is_organizer": false })),
                    )
                },
            )],
        ),
        row(
            "part.block",
            false,
            vec![
                probe(
                    "POST /api/v1/admin/participants/{p}/block (no reason)",
                    Domain(422, "MSG-BLOCK-REASON"),
                    |_, _, t| {
                        req(
                            "POST",
                            format!("/api/v1/admin/participants/{}/block", t.id()),
                            Some(json!({})),
                        )
                    },
                ),
                probe(
                    "POST /api/v1/admin/participants/{p}/unblock (no reason)",
                    Domain(422, "MSG-REASON-REQUIRED"),
                    |_, _, t| {
                        req(
                            "POST",
                            format!("/api/v1/admin/participants/{}/unblock", t.id()),
                            Some(json!({})),
                        )
                    },
                ),
            ],
        ),
        row(
            "part.correct",
            false,
            vec![probe(
                "PUT /api/v1/admin/participants/{p}/registration (no reason)",
                Domain(422, "MSG-REASON-REQUIRED"),
                |_, _, t| {
                    req(
                        "PUT",
                        format!("/api/v1/admin/participants/{}/registration", t.id()),
                        Some(json!({ "state_reg_doc_number": "1234-1901-ТОО-2" })),
                    )
                },
            )],
        ),
        row(
            "staff.support",
            false,
            vec![probe(
                "POST /api/v1/admin/participants/{p}/members/{m}/org-admin (no reason)",
                Domain(422, "MSG-REASON-REQUIRED"),
                |_, _, t| {
                    req(
                        "POST",
                        format!(
                            "/api/v1/admin/participants/{}/members/987654321/org-admin",
                            t.id()
                        ),
                        Some(json!({})),
                    )
                },
            )],
        ),
        // ACC-103: the offer of «Заполнить данные» (no ИНИС source on the test server).
        row(
            "bank.import",
            true,
            vec![probe(
                "GET /api/v1/participants/{p}/bank-accounts/inis",
                Success,
                |_, _, t| {
                    req(
                        "GET",
                        format!("/api/v1/participants/{}/bank-accounts/inis", t.id()),
                        None,
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
