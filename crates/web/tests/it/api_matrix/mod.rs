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
//! | ENS_USER | U-DOS, e-mail + password | accredited in P-TS by the fixture; `POST /api/v1/ens/login/password` (assurance PASSWORD) |
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

mod cells;
mod fixture;
mod rows;
mod rows_org;
mod run;
mod session;

use cells::{Expect, describe, spec_table};
use fixture::{GM, GM_ACCOUNT, SER, Target, X, db, membership_id, rt, scalar_i64, scalar_text};
use rows::{Allowed, rows};
use run::{Check, run};
use serde_json::json;
use session::{Session, login};

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

// ---- the tests ----

/// ACC-132, AS-74: each principal × each action row with an endpoint, compared with the spec's
/// cell: every row of the table has its endpoint (none is pending).
#[test]
fn acc_132_as_74_every_principal_calls_every_action_endpoint() {
    let run = run();
    let spec = spec_table();
    let table = rows();
    // Every row of the spec is checked over HTTP exactly once.
    let checked: Vec<&str> = table.iter().map(|r| r.code).collect();
    let mut unaccounted = Vec::new();
    for (code, _) in &spec {
        let n = checked.iter().filter(|c| **c == code.as_str()).count();
        if n != 1 {
            unaccounted.push(format!("{code}: {n} entries"));
        }
    }
    assert!(
        unaccounted.is_empty(),
        "each row of §4.9 must be in rows() exactly once: {unaccounted:?}"
    );
    assert_eq!(spec.len(), 47);
    assert_eq!(
        table.len(),
        47,
        "no row of rows() is outside the spec's table"
    );

    // Every (row, column) pair of the checked rows was met.
    for r in &table {
        for col in COLUMNS {
            let seen = run
                .checks
                .iter()
                .any(|c| c.row == r.code && c.column == col);
            assert!(seen, "{} × {col} was not called", r.code);
        }
    }

    let calls = run
        .checks
        .iter()
        .filter(|c| c.expected != Expect::NotApplicable)
        .count();
    let na = run.checks.len() - calls;
    println!(
        "ACC-132: {} rows × 13 principals checked over HTTP ({} calls, {} n/a cells not called)",
        table.len(),
        calls,
        na,
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
    // ENS_USER → usr.profile: the certificate step is asked for (`U`, ACC-29).
    let c = got("usr.profile", "ENS_USER", Target::None, "GET");
    assert!(
        c.ok && c.got.starts_with("403 MSG-UPGRADE-REQUIRED"),
        "ENS_USER → usr.profile asks for the certificate step: {c:?}"
    );
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
