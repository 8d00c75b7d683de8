//! ACC-132's fixture: F-BASE of spec/accounts.md §9.0 and what the principals need beyond it,
//! the database reads the API does not offer, the ids the probes need ([`Ctx`], [`Target`]),
//! and the construction of PEND (registered over HTTP, not activated).

use super::session::{Outcome, Session, logged_in};
use crate::helpers::{MATRIX_MAILBOX, TEST_PKI_NOW, matrix, session_cookie};
use serde_json::json;
use std::sync::OnceLock;

/// P-TS and P-GM of F-BASE (ids of `accounts::demo::seed`).
pub(super) const X: &str = "prt_demo_ts";
pub(super) const GM: &str = "prt_demo_gm";
pub(super) const PASSWORD: &str = "Tauar2026";

pub(super) const SER: &str = "acc_demo_850505400905";
pub(super) const NUR: &str = "acc_demo_010203500018";
pub(super) const KIM: &str = "acc_demo_770707300459";
pub(super) const GM_ACCOUNT: &str = "acc_demo_911212400775";
const OMA: &str = "acc_demo_871202400552";
/// U-DOS: the ENS_USER principal (accredited in P-TS by the fixture).
pub(super) const DOS: &str = "acc_demo_880718401238";

// ---- the database (fixtures without an endpoint; checks the API does not offer) ----

pub(super) fn rt() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    })
}

pub(super) fn db() -> &'static db::Db {
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

pub(super) fn membership_id(account: &str, participant: &str) -> i64 {
    rt().block_on(accounts::store_org::membership(
        db().pool(),
        account,
        participant,
    ))
    .unwrap()
    .unwrap_or_else(|| panic!("a membership of {account} in {participant}"))
    .id
}

pub(super) fn scalar_i64(sql: &str, binds: &[&str]) -> i64 {
    rt().block_on(async {
        let mut q = db::sqlx::query_scalar::<_, i64>(db::AssertSqlSafe(sql.to_string()));
        for b in binds {
            q = q.bind(b.to_string());
        }
        q.fetch_one(db().pool()).await.unwrap()
    })
}

pub(super) fn scalar_text(sql: &str, binds: &[&str]) -> Vec<String> {
    rt().block_on(async {
        let mut q = db::sqlx::query_scalar::<_, String>(db::AssertSqlSafe(sql.to_string()));
        for b in binds {
            q = q.bind(b.to_string());
        }
        q.fetch_all(db().pool()).await.unwrap()
    })
}

/// F-BASE, then what the principals need and no endpoint offers yet: U-SER holds ORG_ADMIN
/// only, U-KIM (HEAD) is the chosen head of P-TS, U-OMA holds the staff role NCT_MODERATOR,
/// U-DOS is accredited in P-TS (ENS_USER).
pub(super) fn seed() {
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
            // The audit head first, as every writer of the product does: two transactions that
            // allocate the same counters in another order would deadlock on PostgreSQL.
            signatures::audit::lock_head(&mut tx).await.unwrap();
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
            // ENS_USER: U-DOS accredited in P-TS as ACC-95 leaves it — a membership without
            // authorities (source ENS_ACCREDITATION) and ENS_USER scoped to P-TS. The
            // accreditation itself is tested in api_ens; here only the principal matters.
            accounts::store_org::insert_membership(
                &mut tx,
                DOS,
                X,
                &[],
                "ENS_ACCREDITATION",
                None,
                now,
            )
            .await
            .unwrap();
            accounts::store::grant_role(
                &mut tx,
                DOS,
                "ENS_USER",
                Some(X),
                None,
                "ACC-132 test principal ENS_USER",
                now,
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        });
    });
}

/// A participant a row acts on: X = P-TS, or P-GM for the `ctx` refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Target {
    None,
    X,
    Gm,
}

impl Target {
    pub(super) fn id(self) -> &'static str {
        match self {
            Target::Gm => GM,
            _ => X,
        }
    }
}

/// Ids of the fixture the probes need.
#[derive(Debug, Clone)]
pub(super) struct Ctx {
    /// U-NUR's membership in P-TS (the C4 target: not the admin, not the chosen head).
    pub(super) nur_mid: i64,
    /// U-SER's (the ORG_ADMIN's own) and U-KIM's (the chosen head's) memberships in P-TS.
    pub(super) ser_mid: i64,
    pub(super) kim_mid: i64,
    /// U-GM's membership in P-GM (ORG_ADMIN and chosen head there).
    pub(super) gm_mid: i64,
    /// A new-bank request of P-TS on approval.
    pub(super) newbank: i64,
}

impl Ctx {
    pub(super) fn member(&self, t: Target) -> i64 {
        if t == Target::Gm {
            self.gm_mid
        } else {
            self.nur_mid
        }
    }
    pub(super) fn head(&self, t: Target) -> i64 {
        if t == Target::Gm {
            self.gm_mid
        } else {
            self.kim_mid
        }
    }
    pub(super) fn admin(&self, t: Target) -> i64 {
        if t == Target::Gm {
            self.gm_mid
        } else {
            self.ser_mid
        }
    }
}

pub(super) fn mails_to(addr: &str, n: usize) -> Vec<notify::testing::ReceivedMail> {
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
pub(super) fn register_pending(email: &str) -> (Session, Outcome) {
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
