//! The demo users of `tauar serve --demo`: the baseline F-BASE of spec/accounts.md §9.0 —
//! accounts for every role, «ТОО «Тауар Сервис»» with its administrator, head and employee,
//! the branch «Филиал Global Medical GmbH», the ЕНС ТРУ organisation «АО «ДЗО-Тест»» — so that
//! each role can be tried with the demo key stores (the F-CERT keys of the test PKI) and the
//! password `Tauar2026`. [`seed_ens_user`] adds, beyond F-BASE, the one thing the Requests module
//! needs to be tried: ДОСОВА accredited in «АО «ДЗО-Тест»». Idempotent: what exists is left
//! alone. Never used outside `--demo` and the tests.

use crate::flow::{AccountStatus, LockState};
use crate::store::{self, Account};
use crate::store_ens::{self, EnsProfileRow};
use crate::store_org::{self, Participant};
use crate::{AccountsError, password};
use db::Db;
use kernel::Millis;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Tauar2026";

/// P-DZO of F-BASE: the ЕНС ТРУ organisation the administrator entered (`ADMIN_CREATED`).
pub const DEMO_DZO: &str = "prt_demo_dzo";

/// U-DOS, the demo ЕНС ТРУ user (accredited in P-DZO by [`seed_ens_user`]).
pub const DEMO_ENS_USER: &str = "acc_demo_880718401238";

/// A demo user: who, which staff role, and which key of the test PKI logs in.
#[derive(Debug, Clone, Copy)]
pub struct DemoUser {
    pub iin: &'static str,
    pub last: &'static str,
    pub first: &'static str,
    pub middle: &'static str,
    pub email: &'static str,
    pub role: Option<&'static str>,
    /// The persona of `tauar signer --persona`.
    pub key: &'static str,
}

const fn u(
    iin: &'static str,
    last: &'static str,
    first: &'static str,
    middle: &'static str,
    email: &'static str,
    role: Option<&'static str>,
    key: &'static str,
) -> DemoUser {
    DemoUser {
        iin,
        last,
        first,
        middle,
        email,
        role,
        key,
    }
}

pub const DEMO_ACCOUNTS: &[DemoUser] = &[
    u(
        "900101300126",
        "АХМЕТОВ",
        "ЕРЛАН",
        "СЕРИКОВИЧ",
        "ahmetov@example.kz",
        None,
        "C-AHM-A",
    ),
    u(
        "850505400905",
        "СЕРИКОВА",
        "АЙГЕРИМ",
        "МАРАТОВНА",
        "serikova@tauar-servis.kz",
        None,
        "C-SER-A",
    ),
    u(
        "010203500018",
        "НУРЛАНОВ",
        "ДАНИЯР",
        "АСХАТОВИЧ",
        "nurlanov@tauar-servis.kz",
        None,
        "C-NUR-A",
    ),
    u(
        "770707300459",
        "КИМ",
        "ВИКТОР",
        "ПАВЛОВИЧ",
        "kim@tauar-servis.kz",
        None,
        "C-KIM-A",
    ),
    u(
        "871202400552",
        "ОМАРОВА",
        "САУЛЕ",
        "БЕКЕНОВНА",
        "omarova@example.kz",
        None,
        "C-OMA-A",
    ),
    u(
        "880718401238",
        "ДОСОВА",
        "МАДИНА",
        "ЕРЛАНОВНА",
        "dosova@dzo-test.kz",
        None,
        "C-DOS-A",
    ),
    u(
        "911212400775",
        "ШМИДТ",
        "АННА",
        "",
        "anna@globalmed.kz",
        None,
        "C-GM-A",
    ),
    u(
        "800101300115",
        "ТЕМИРХАНОВ",
        "АЙДОС",
        "ЕРБОЛОВИЧ",
        "temirkhanov@example.kz",
        Some("PLATFORM_ADMIN"),
        "C-PADM-A",
    ),
    u(
        "660302300127",
        "ЖАКСЫЛЫКОВ",
        "НУРЖАН",
        "САБИТОВИЧ",
        "zhaksylykov@example.kz",
        Some("ENS_ADMIN"),
        "C-ENSADM-A",
    ),
    u(
        "750815300333",
        "КАСЫМОВ",
        "ТИМУР",
        "АСКАРОВИЧ",
        "kasymov@example.kz",
        Some("AUTH_BODY"),
        "C-AUTH-A",
    ),
    u(
        "820920400445",
        "БАЙМУХАНОВА",
        "ГУЛЬНАРА",
        "ТАЛГАТОВНА",
        "baimukhanova@example.kz",
        Some("SECRETARY"),
        "C-SEC-A",
    ),
];

fn account(row: &DemoUser, hash: &str, now: Millis) -> Account {
    let DemoUser {
        iin,
        last,
        first,
        middle,
        email,
        ..
    } = *row;
    Account {
        id: format!("acc_demo_{iin}"),
        iin: iin.into(),
        last_name: last.into(),
        first_name: first.into(),
        middle_name: (!middle.is_empty()).then(|| middle.to_string()),
        birth_date: kernel::values::Iin::parse(iin)
            .ok()
            .and_then(|i| i.birth_date())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        email: email.into(),
        email_confirmed: true,
        mobile_phone: "+77011234567".into(),
        password_hash: hash.into(),
        password_temporary: false,
        temp_password_expires_at: None,
        password_changed_at: now,
        status: AccountStatus::Active,
        status_before_block: None,
        lock: LockState::default(),
        blocked_reason: None,
        email_notifications: true,
        ui_language: "ru".into(),
        created_via: "PORTAL".into(),
        activated_at: Some(now),
        last_login_at: None,
        created_at: now,
        updated_at: now,
    }
}

fn participant(
    id: &str,
    kind: &str,
    bin: &str,
    name: &str,
    country: &str,
    resident: bool,
) -> Participant {
    Participant {
        id: id.into(),
        kind: kind.into(),
        id_number: bin.into(),
        name: name.into(),
        state_reg_date: Some("2004-05-01".into()),
        state_reg_doc_number: Some("DEMO-1".into()),
        state_reg_authority: Some("Департамент юстиции".into()),
        country: country.into(),
        kopf: Some("20".into()),
        kse: "7".into(),
        kfs: Some("19".into()),
        is_resident: resident,
        email: format!("info@{}.demo", bin),
        phones: "+7 727 000 00 00".into(),
        status: "ACTIVE".into(),
        ..Participant::default()
    }
}

/// Writes F-BASE unless its accounts exist. Returns whether anything was written.
pub async fn seed(db: &Db, now: Millis) -> Result<bool, AccountsError> {
    if store::account_by_iin(db.pool(), DEMO_ACCOUNTS[0].iin)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let hash = password::hash(DEMO_PASSWORD).map_err(AccountsError::Internal)?;
    let mut tx = db.write_tx().await?;
    signatures::audit::lock_head(&mut tx).await?;
    for row in DEMO_ACCOUNTS {
        let a = account(row, &hash, now);
        store::insert_account(&mut tx, &a).await?;
        if let Some(role) = row.role {
            store::grant_role(&mut tx, &a.id, role, None, None, "demo data", now).await?;
        }
        // ACC-24: F-BASE accounts registered on the portal (the USER_PORTAL acceptance, AS-12)
        // and ticked the ЕНС ТРУ agreement; НКТ asks its own at the first entry.
        for kind in ["USER_PORTAL", "USER_ENS"] {
            if let Some(doc) = store::current_agreement(&mut *tx, kind, now).await? {
                store::insert_acceptance(&mut tx, &a.id, kind, &doc.version, None, now).await?;
            }
        }
    }
    // P-TS: СЕРИКОВА administers it and is its chosen head; КИМ holds HEAD.
    let mut ts = participant(
        "prt_demo_ts",
        "UL",
        "040540000123",
        "ТОО «Тауар Сервис»",
        "KZ",
        true,
    );
    ts.head_iin = Some("850505400905".into());
    ts.head_last_name = Some("СЕРИКОВА".into());
    ts.head_first_name = Some("АЙГЕРИМ".into());
    ts.head_middle_name = Some("МАРАТОВНА".into());
    ts.head_position = Some("Директор".into());
    store_org::save_participant(&mut tx, &ts, "demo", now, false).await?;
    let head = store_org::insert_membership(
        &mut tx,
        "acc_demo_850505400905",
        &ts.id,
        &["ORG_ADMIN", "HEAD"],
        "ADMIN",
        Some("Директор"),
        now,
    )
    .await?;
    store_org::set_head_membership(&mut tx, &ts.id, head).await?;
    store_org::insert_membership(
        &mut tx,
        "acc_demo_770707300459",
        &ts.id,
        &["HEAD"],
        "ADMIN",
        Some("Заместитель директора"),
        now,
    )
    .await?;
    // P-GM: a non-resident branch administered by ШМИДТ.
    let mut gm = participant(
        "prt_demo_gm",
        "UL",
        "101251000347",
        "Филиал Global Medical GmbH",
        "DE",
        false,
    );
    gm.head_iin = Some("911212400775".into());
    gm.head_last_name = Some("ШМИДТ".into());
    gm.head_first_name = Some("АННА".into());
    gm.head_position = Some("Директор филиала".into());
    store_org::save_participant(&mut tx, &gm, "demo", now, false).await?;
    let gm_head = store_org::insert_membership(
        &mut tx,
        "acc_demo_911212400775",
        &gm.id,
        &["ORG_ADMIN", "HEAD"],
        "ADMIN",
        Some("Директор филиала"),
        now,
    )
    .await?;
    store_org::set_head_membership(&mut tx, &gm.id, gm_head).await?;
    // P-DZO: entered by the ЕНС ТРУ administrator from Appendix 1 (ACC-28) and not registered
    // on the portal, so residency and КСЕ are unknown; no members.
    let dzo = Participant {
        id: DEMO_DZO.into(),
        kind: "UL".into(),
        id_number: "110340000568".into(),
        name: "АО «ДЗО-Тест»".into(),
        country: "KZ".into(),
        kse: "9".into(),
        is_resident: true,
        email: "zakup@dzo-test.kz".into(),
        status: "ADMIN_CREATED".into(),
        ..Participant::default()
    };
    store_org::save_participant(&mut tx, &dzo, "demo", now, false).await?;
    let profile = EnsProfileRow {
        participant_id: dzo.id.clone(),
        name_kk: Some("\"ДЗО-Тест\" АҚ".into()),
        contact_email: "zakup@dzo-test.kz".into(),
        ..EnsProfileRow::default()
    };
    let key = crate::ens::search_key(&dzo.name, profile.name_kk.as_deref(), &dzo.id_number);
    store_ens::save_profile(&mut tx, &profile, &key, "demo", now).await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(true)
}

/// `serve --demo` beyond F-BASE: U-DOS accredited in P-DZO as ACC-95 leaves an accepted request
/// (a membership without authorities, source `ENS_ACCREDITATION`, and `ENS_USER` scoped to
/// P-DZO), so `/ens/login` can be tried with `C-DOS-A` or the password. Returns whether anything
/// was written; nothing is when F-BASE is absent or U-DOS already is a member of P-DZO.
pub async fn seed_ens_user(db: &Db, now: Millis) -> Result<bool, AccountsError> {
    if store::account_by_iin(db.pool(), "880718401238")
        .await?
        .is_none()
        || store_org::participant_by(db.pool(), "id", DEMO_DZO)
            .await?
            .is_none()
        || store_org::membership(db.pool(), DEMO_ENS_USER, DEMO_DZO)
            .await?
            .is_some()
    {
        return Ok(false);
    }
    let mut tx = db.write_tx().await?;
    signatures::audit::lock_head(&mut tx).await?;
    store_org::insert_membership(
        &mut tx,
        DEMO_ENS_USER,
        DEMO_DZO,
        &[],
        "ENS_ACCREDITATION",
        None,
        now,
    )
    .await?;
    store::grant_role(
        &mut tx,
        DEMO_ENS_USER,
        "ENS_USER",
        Some(DEMO_DZO),
        None,
        "demo data",
        now,
    )
    .await?;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_accounts_have_valid_iins() {
        for row in DEMO_ACCOUNTS {
            assert!(kernel::values::Iin::parse(row.iin).is_ok(), "{}", row.iin);
        }
    }
}
