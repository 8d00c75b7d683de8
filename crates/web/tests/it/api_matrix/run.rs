//! ACC-132's run: builds the 13 principals (over HTTP where an endpoint exists), calls every
//! probe as each of them once, and keeps what it saw ([`Run`]) for the tests to assert on.

use super::COLUMNS;
use super::cells::{Expect, compare, expect, spec_table};
use super::fixture::{
    Ctx, GM, GM_ACCOUNT, KIM, NUR, PASSWORD, SER, Target, X, mails_to, membership_id,
    register_pending, scalar_text, seed,
};
use super::rows::{Call, Row, rows};
use super::session::{Outcome, Session, logged_in, login};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::OnceLock;

// ---- the run ----

/// One comparison.
#[derive(Debug, Clone)]
pub(super) struct Check {
    pub(super) row: &'static str,
    pub(super) column: &'static str,
    pub(super) target: Target,
    pub(super) probe: &'static str,
    pub(super) cell: String,
    pub(super) expected: Expect,
    pub(super) got: String,
    pub(super) ok: bool,
}

/// Everything the run saw, for the tests to assert on.
#[derive(Debug)]
pub(super) struct Run {
    pub(super) checks: Vec<Check>,
    /// Condition checks made while building the principals (C6, own withdrawal, …).
    pub(super) setup: Vec<(String, bool, String)>,
    /// AS-74: the BLOCKED member's bank.view on P-TS.
    pub(super) blocked_bank_view: Outcome,
    /// AS-74: PEND's part.register.
    pub(super) pend_part_register: Outcome,
    /// ACC-80, ACC-161: the ORG_BANK session of U-NUR after ORG_ADMIN blocked him.
    pub(super) session_after_block: Outcome,
    /// The set-cookie header of a login (AS-78).
    pub(super) login_set_cookie: String,
    /// The activation mail's token of PEND (AS-78: not stored in clear).
    pub(super) pend_activation_token: String,
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

pub(super) fn run() -> &'static Run {
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

    // ENS_USER: U-DOS logs in to the Requests module with e-mail and password (ACC-60).
    let ens_user = Session::anonymous();
    let dos_email = scalar_text(
        "SELECT email FROM accounts WHERE id = $1",
        &[super::fixture::DOS],
    );
    let l = ens_user.send(
        "POST",
        "/api/v1/ens/login/password",
        Some(&json!({"account": dos_email[0], "password": PASSWORD})),
    );
    note(
        "ENS_USER: U-DOS «Войти» in the Requests module → 200, assurance PASSWORD",
        l.status == 200,
        &l,
    );
    assert_eq!(l.status, 200, "{}", l.body);
    let ens_user =
        logged_in(crate::helpers::session_cookie(&l.headers).expect("the module's session cookie"));
    check_column(&mut checks, &spec, &all, &ctx, "ENS_USER", &ens_user);

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
