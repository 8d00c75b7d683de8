//! The agreement texts shipped with Tauar (ACC-23, ACC-24, G-17): version 1 of each user
//! agreement, loaded on every start unless that version exists. Later versions are published by
//! an administrator (`dict.manage`).

use crate::store::{self, Agreement};
use db::Db;
use kernel::Millis;

struct Shipped {
    kind: &'static str,
    title_ru: &'static str,
    title_kk: &'static str,
    text_ru: &'static str,
    text_kk: &'static str,
    signature: bool,
}

const SHIPPED: &[Shipped] = &[
    Shipped {
        kind: "USER_PORTAL",
        title_ru: "Пользовательское соглашение",
        title_kk: "Пайдаланушылық келісім",
        text_ru: include_str!("../agreements/user_portal.ru.txt"),
        text_kk: include_str!("../agreements/user_portal.kk.txt"),
        signature: true,
    },
    Shipped {
        kind: "USER_NCT",
        title_ru: "Соглашение об использовании информационной системы ЭКТ",
        title_kk: "ЭКТ ақпараттық жүйесін пайдалану туралы КЕЛІСІМ",
        text_ru: include_str!("../agreements/user_nct.ru.txt"),
        text_kk: include_str!("../agreements/user_nct.kk.txt"),
        signature: true,
    },
    Shipped {
        kind: "USER_ENS",
        title_ru: "Пользовательское соглашение ЕНС ТРУ",
        title_kk: "ТЖҚ БНА пайдаланушы келісімі",
        text_ru: include_str!("../agreements/user_ens.ru.txt"),
        text_kk: include_str!("../agreements/user_ens.kk.txt"),
        signature: false,
    },
    Shipped {
        kind: "PARTICIPANT",
        title_ru: "Соглашение участника",
        title_kk: "Қатысушы келісімі",
        text_ru: include_str!("../agreements/participant.ru.txt"),
        text_kk: include_str!("../agreements/participant.kk.txt"),
        signature: true,
    },
];

/// Writes version 1 of every shipped text that is not stored yet.
pub async fn load_shipped(db: &Db, now: Millis) -> Result<(), crate::AccountsError> {
    let mut tx = db.write_tx().await?;
    for s in SHIPPED {
        let a = Agreement {
            kind: s.kind.to_string(),
            version: "1".to_string(),
            title_ru: s.title_ru.to_string(),
            title_kk: s.title_kk.to_string(),
            text_ru: s.text_ru.trim().to_string(),
            text_kk: s.text_kk.trim().to_string(),
            text_sha256: crate::service::text_sha256(&[s.text_ru.trim(), s.text_kk.trim()]),
            signature_required: s.signature,
            // Published at the epoch: in force for any clock, including tests' past dates.
            published_at: Millis(0),
            requires_reacceptance: false,
        };
        store::insert_agreement_if_absent(&mut tx, &a, None, a.published_at).await?;
    }
    let _ = now;
    tx.commit().await.map_err(db::DbError::from)?;
    Ok(())
}
