//! `tauar bench mix`: writes `crates/tauar/bench/query_mix.json` from two demo datasets of the
//! same seed (see [`super::mix`]).

use super::mix::{Entry, Target, entries_for_good, fixed_entries};
use anyhow::{Context, bail};
use std::path::Path;

/// Goods of the first 50 000 (present in every benchmark size) looked at, one in `STRIDE`.
const STRIDE: i64 = 997;
const GOODS_WANTED: usize = 30;

async fn open(dir: &Path) -> anyhow::Result<db::Db> {
    let db = db::Db::connect(&db::sqlite_url_in(dir))
        .await
        .with_context(|| format!("opening {}", dir.display()))?;
    Ok(db)
}

pub async fn make_mix(a: &Path, b: &Path, out: &Path) -> anyhow::Result<()> {
    let (da, dbb) = (open(a).await?, open(b).await?);
    let ids: Vec<i64> = (1..=50_000 / STRIDE).map(|i| i * STRIDE).collect();
    let ga = catalog::store::goods_by_ids(&da, &ids).await?;
    let gb = catalog::store::goods_by_ids(&dbb, &ids).await?;
    if ga.len() != ids.len() || gb.len() != ids.len() {
        bail!("both datasets must hold at least 50 000 goods of the same seed");
    }
    let stable: Vec<&catalog::Good> = ga
        .iter()
        .zip(&gb)
        .filter(|(x, y)| {
            x.name_ru == y.name_ru && x.name_kk == y.name_kk && x.attributes == y.attributes
        })
        .map(|(x, _)| x)
        .collect();
    let mut entries: Vec<Entry> = Vec::new();
    for (n, g) in stable.iter().take(GOODS_WANTED).enumerate() {
        entries.extend(entries_for_good(&g.name_ru, n));
    }
    // Facets: a good's ОКТРУ class and one of its attribute values.
    for g in stable.iter().skip(GOODS_WANTED).take(6) {
        let Ok(code) = classifier::OktruCode::parse(&g.oktru_code) else {
            continue;
        };
        let Some(class) = code.path().get(2).cloned() else {
            continue;
        };
        let Some(a) = g.attributes.first() else {
            continue;
        };
        let noun = g
            .name_ru
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        entries.push(Entry {
            kind: "facets".into(),
            target: Target::Goods,
            q: Some(noun),
            params: vec![
                ("oktru".into(), class.as_str().to_string()),
                ("attr".into(), format!("{}:{}", a.name, a.value)),
            ],
            expect: None,
        });
    }
    // Kazakh names typed with Kazakh letters: looked for among more goods (few have them).
    let kk_ids: Vec<i64> = (1..=50_000 / 101).map(|i| i * 101).collect();
    let (ka, kb) = (
        catalog::store::goods_by_ids(&da, &kk_ids).await?,
        catalog::store::goods_by_ids(&dbb, &kk_ids).await?,
    );
    let with_kk: Vec<&catalog::Good> = ka
        .iter()
        .zip(&kb)
        .filter(|(x, y)| x.name_ru == y.name_ru && x.name_kk == y.name_kk)
        .map(|(x, _)| x)
        .filter(|g| {
            g.name_kk
                .as_deref()
                .is_some_and(|k| k.chars().any(|c| "әғқңөұүһі".contains(c)))
        })
        .collect();
    let mut kazakh = 0;
    for g in with_kk {
        // Only Kazakh names that no other good shares: the query must identify its good.
        let same: i64 = {
            use db::sqlx::Row;
            db::sqlx::query("SELECT COUNT(*) FROM goods WHERE name_kk = $1")
                .bind(g.name_kk.clone())
                .fetch_one(dbb.pool())
                .await?
                .try_get(0)?
        };
        if same != 1 || kazakh == 8 {
            continue;
        }
        kazakh += 1;
        entries.push(Entry {
            kind: "kazakh".into(),
            target: Target::Goods,
            q: g.name_kk.clone(),
            params: Vec::new(),
            expect: Some(g.name_ru.clone()),
        });
    }
    entries.extend(fixed_entries());
    let json = serde_json::to_string_pretty(&entries)?;
    std::fs::write(out, json + "\n").with_context(|| format!("writing {}", out.display()))?;
    println!(
        "{} queries written to {} ({} stable goods of {})",
        entries.len(),
        out.display(),
        stable.len(),
        ids.len()
    );
    Ok(())
}
