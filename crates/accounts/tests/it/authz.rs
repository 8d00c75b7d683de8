//! ACC-132: every cell of the role × action matrix of spec/accounts.md §4.9 (copied verbatim to
//! `tests/data/acc_132_matrix.md`) against `authz::cell`, for each test principal of the table.

use accounts::authz::{Action, Cell, Principal, cell};

fn principal(column: &str) -> Principal {
    let logged = Principal {
        logged_in: true,
        ..Principal::ANONYMOUS
    };
    let member = |auth: &[&str], head: bool| Principal {
        in_context: true,
        authorities: auth.iter().map(|a| a.to_string()).collect(),
        chosen_head: head,
        ..logged.clone()
    };
    let staff = |role: &str| Principal {
        roles: vec![role.to_string()],
        ..logged.clone()
    };
    match column {
        "ANON" => Principal::ANONYMOUS,
        "PEND" => Principal {
            pending: true,
            ..logged.clone()
        },
        "USER" => logged.clone(),
        "MEMBER" => member(&[], false),
        "HEAD" => member(&["HEAD"], true),
        "ORG_BANK" => member(&["ORG_BANK"], false),
        "ORG_ADMIN" => member(&["ORG_ADMIN"], false),
        "ENS_USER" => Principal {
            ens_session: true,
            roles: vec!["ENS_USER".into()],
            ..logged.clone()
        },
        "P_ADMIN" => staff("PLATFORM_ADMIN"),
        "ENS_ADMIN" => staff("ENS_ADMIN"),
        "AUTH_BODY" => staff("AUTH_BODY"),
        "SECRETARY" => staff("SECRETARY"),
        "STAFF" => staff("NCT_MODERATOR"),
        other => panic!("unknown column {other}"),
    }
}

fn parse_cell(s: &str) -> Cell {
    let s = s.trim();
    if s.starts_with("own") {
        return Cell::Own;
    }
    match s {
        "Y" => Cell::Allow,
        "ctx" => Cell::Ctx,
        "T" => Cell::Token,
        "U" => Cell::Upgrade,
        "n/a" => Cell::NotApplicable,
        "—" => Cell::Deny,
        c if c.starts_with('C') => Cell::Cond(c[1..].parse().unwrap()),
        other => panic!("unknown cell {other:?}"),
    }
}

#[test]
fn acc_132_every_cell_of_the_matrix() {
    let text = include_str!("../data/acc_132_matrix.md");
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap()
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let columns = &header[2..];
    assert_eq!(columns.len(), 13);
    lines.next();
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let code = cells[1].trim_matches('`');
        let action = *Action::ALL
            .iter()
            .find(|a| a.code() == code)
            .unwrap_or_else(|| panic!("no Action for {code}"));
        seen.push(action);
        for (i, col) in columns.iter().enumerate() {
            let want = parse_cell(cells[3 + i]);
            let got = cell(&principal(col), action);
            if got != want {
                wrong.push(format!("{code} × {col}: spec {want:?}, authz {got:?}"));
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        seen.len(),
        Action::ALL.len(),
        "every action is in the table"
    );
    assert_eq!(checked, 47 * 13);
}
