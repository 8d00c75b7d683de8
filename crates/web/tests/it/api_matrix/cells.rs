//! ACC-132's cells: the spec's table of spec/accounts.md §4.9 (read verbatim from
//! `crates/accounts/tests/data/acc_132_matrix.md`), what a cell expects of a call ([`expect`],
//! with the conditions C1…C7), and the comparison of an outcome with it.

use super::COLUMNS;
use super::fixture::Target;
use super::rows::Allowed;
use super::session::Outcome;

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
        // No БИН of the fixture has an EnsOrgProfile (U-DOS's ENS_USER is granted directly).
        7 => false,
        _ => panic!("condition C{n} has no HTTP row yet"),
    }
}

/// What the cell expects of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    Allowed,
    /// 403 with this problem code.
    Refused(&'static str),
    NotApplicable,
}

pub(super) fn expect(cell: &str, row: &str, column: &str, target: Target) -> Expect {
    let refused = Expect::Refused(if row == "part.register" && column == "PEND" {
        // AS-74: PEND → part.register is refused with the activation message.
        "MSG-NOT-ACTIVATED"
    } else {
        "MSG-FORBIDDEN"
    });
    match cell {
        "n/a" => Expect::NotApplicable,
        // `U` on the login itself: logging in with the certificate *is* the upgrade (ACC-29).
        "U" if row == "usr.login" => Expect::Allowed,
        // `U` elsewhere: refused, asking for the certificate step.
        "U" => Expect::Refused("MSG-UPGRADE-REQUIRED"),
        "—" => refused,
        "Y" | "T" => Expect::Allowed,
        c if c.starts_with("own") => Expect::Allowed,
        "ctx" if target == Target::Gm => refused,
        "ctx" => Expect::Allowed,
        c if c.starts_with('C') => {
            let n = c[1..].parse().unwrap();
            if condition(n, column, target) {
                Expect::Allowed
            } else if n == 7 {
                // ACC-94 names why C7 fails: a personal key carries no БИН; the БИН of P-TS
                // (the members' keys) has no EnsOrgProfile.
                Expect::Refused(match column {
                    "MEMBER" | "HEAD" | "ORG_BANK" | "ORG_ADMIN" => "MSG-ENS-ORG-NOT-REGISTERED",
                    _ => "MSG-ENS-LEGAL-ENTITY-REQUIRED",
                })
            } else {
                refused
            }
        }
        other => panic!("cell {other:?} of {row} × {column} has no HTTP expectation"),
    }
}

/// The spec's table: code → the 13 cells.
pub(super) fn spec_table() -> Vec<(String, Vec<String>)> {
    let text = include_str!("../../../../accounts/tests/data/acc_132_matrix.md");
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

pub(super) fn compare(allowed: Allowed, exp: Expect, o: &Outcome) -> bool {
    match exp {
        Expect::Allowed => match allowed {
            Allowed::Success => (200..300).contains(&o.status),
            Allowed::Domain(st, code) => o.status == st && o.code.as_deref() == Some(code),
        },
        Expect::Refused(code) => o.status == 403 && o.code.as_deref() == Some(code),
        Expect::NotApplicable => true,
    }
}

pub(super) fn describe(allowed: Allowed, exp: Expect) -> String {
    match (exp, allowed) {
        (Expect::Allowed, Allowed::Success) => "2xx".into(),
        (Expect::Allowed, Allowed::Domain(st, code)) => format!("{st} {code} (authorised)"),
        (Expect::Refused(code), _) => format!("403 {code}"),
        (Expect::NotApplicable, _) => "n/a".into(),
    }
}
