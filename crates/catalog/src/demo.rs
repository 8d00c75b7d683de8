//! The demo generator of goods (`tauar demo --goods N --seed S`): realistic product cards and
//! suppliers, up to the real scale of the home-page figures (§2.2.6, CAT-129: 16 338 393
//! goods, 19 169 suppliers), with the same proportions of goods in procurement, with a KZTIN,
//! of domestic producers (ОТП) and socially significant food (СЗПТ, food kinds only); CAT-9
//! product decision, CAT-21.
//!
//! Deterministic and resumable: good `i` (its id) is a pure function of the seed, `i` and the
//! supplier count (which follows N, [`supplier_count`]); supplier `j` of the seed and `j`. Each
//! is drawn from its own SplitMix64 seeded by `hash(seed, i)`, with integer arithmetic only, so
//! the output is the same on every platform. Goods are written [`DEMO_BATCH`] per transaction
//! and a run continues after the highest demo id present, so a run interrupted by a crash and
//! restarted ends with exactly the rows of an uninterrupted one.
//!
//! Streaming: a blocking thread makes the goods while the previous batch is written; at most
//! three batches exist at once, whatever N is. Large runs drop the two goods indexes whose keys
//! arrive in random order and rebuild them at the end ([`DemoOptions`]).
//!
//! Names: a short noun from the kind's name, a brand (per ТН ВЭД chapter, refined by product
//! line), a model number where goods have one, and one to three characteristic values; the
//! Kazakh name is composed from a small lexicon or left out (`names`, `lexicon`).
//!
//! The caller turns ОКТРУ kinds into [`KindSpec`]s (this crate does not depend on the
//! classifier); the same kinds in the same order give the same goods. Everything written is
//! labelled demo (`is_demo = 1`).
//!
//! Not done here: goods of non-demo origin, and ids — demo goods take ids 1…N, so the
//! generator is meant for a database whose goods are demo goods.

mod attributes;
mod brands;
pub mod codes;
mod lexicon;
mod lines;
mod names;
mod rng;
mod sector;
mod suppliers;

use crate::CatalogError;
use crate::model::{AttributeValue, NewGood, Supplier};
use crate::store;
use db::Db;
use kernel::Millis;
use names::{KkNounForm, NameValue};
use rng::{Chance, Rng, hash_str};
use sector::Sector;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use attributes::default_templates;

/// The figures of the home page the demo reproduces (§2.2.6).
pub const REAL_GOODS: u64 = 16_338_393;
pub const REAL_SUPPLIERS: u64 = 19_169;
pub const REAL_IN_PROCUREMENT: u64 = 227_517;
pub const REAL_WITH_KZTIN: u64 = 1_311_000;
pub const REAL_OTP: u64 = 158_685;
pub const REAL_SZPT: u64 = 16_005;

/// Goods per write transaction.
pub const DEMO_BATCH: usize = 10_000;

/// A run that adds at least this many goods, and at least half as many as exist, drops the
/// randomly-ordered goods indexes first and rebuilds them at the end
/// ([`store::defer_goods_indexes`]).
pub const DEFER_INDEXES_FROM: u64 = 100_000;

/// How a generation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// Goods per write transaction.
    pub batch: usize,
    /// See [`DEFER_INDEXES_FROM`]; `u64::MAX` never defers.
    pub defer_indexes_from: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            batch: DEMO_BATCH,
            defer_indexes_from: DEFER_INDEXES_FROM,
        }
    }
}

/// Fewest demo suppliers (when there are at least this many goods).
pub const MIN_SUPPLIERS: u64 = 20;

/// Share of goods without a KZTIN that have an NTIN, per mille.
const NTIN_PER_MILLE: u64 = 40;

/// Share of goods of a domestic producer that have a KZTIN, in percent.
const KZTIN_GIVEN_OTP_PERCENT: u128 = 60;

const STREAM_GOOD: u64 = 0x474F_4F44;
const STREAM_SUPPLIER: u64 = 0x5355_5050;
const STREAM_KIND: u64 = 0x4B49_4E44;

/// Demo goods are created between 2019-01-01 and 2026-06-30 (UTC, unix ms).
const CREATED_FROM: i64 = 1_546_300_800_000;
const CREATED_TO: i64 = 1_782_777_600_000;
const DAY_MS: i64 = 86_400_000;

/// A characteristic of a kind with the values demo goods draw from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeTemplate {
    pub name_ru: String,
    pub name_kk: Option<String>,
    /// Values without the unit («128», «черный»).
    pub values: Vec<String>,
    /// Appended to every value when present («ГБ» → «128 ГБ»).
    pub unit: Option<String>,
}

/// A kind of goods (an ОКТРУ node of level «вид») as the generator needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindSpec {
    /// The ОКТРУ code of the kind (stored in `goods.oktru_code`).
    pub code: String,
    pub name_ru: String,
    pub name_kk: Option<String>,
    /// Codes from the category down to the kind.
    pub path: Vec<String>,
    /// The ТН ВЭД chapter («04») the kind belongs to; food is 02–22.
    pub tnved_chapter: Option<String>,
    /// Characteristics; when empty, those of the kind's product line (found from its name) or
    /// of its sector are used ([`default_templates`]).
    pub attributes: Vec<AttributeTemplate>,
}

/// How far a generation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DemoProgress {
    /// Goods 1…`done` exist.
    pub done: u64,
    pub total: u64,
}

/// What a generation did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoReport {
    /// Demo suppliers written (inserted or refreshed).
    pub suppliers: u64,
    /// The first id generated by this run (`total + 1` when nothing was left to do).
    pub first_id: u64,
    /// Goods inserted by this run.
    pub goods_inserted: u64,
    /// Goods 1…`total` exist now.
    pub total: u64,
    pub elapsed: Duration,
}

impl DemoReport {
    /// Insert speed of this run.
    pub fn goods_per_second(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.goods_inserted as f64 / s
        } else {
            0.0
        }
    }
}

/// The number of demo suppliers for `n` goods: 19 169 × n / 16 338 393 rounded, at least 20,
/// at most 19 169, never more than `n`.
pub fn supplier_count(n: u64) -> u64 {
    let scaled = (u128::from(REAL_SUPPLIERS) * u128::from(n) + u128::from(REAL_GOODS / 2))
        / u128::from(REAL_GOODS);
    (scaled as u64).clamp(MIN_SUPPLIERS, REAL_SUPPLIERS).min(n)
}

struct PlanValue {
    name: NameValue,
    /// МКЕИ code the value implies for goods counted by measure.
    unit: Option<&'static str>,
}

struct PlanTemplate {
    name_ru: String,
    values: Vec<PlanValue>,
}

struct PlanKind {
    code: String,
    brands: brands::Brands,
    category_hash: u64,
    noun_ru: String,
    noun_kk: KkNounForm,
    sector: Sector,
    is_food: bool,
    templates: Vec<PlanTemplate>,
}

struct PlanSupplier {
    supplier: Supplier,
    /// The brand of its own products (companies only).
    brand: Option<String>,
}

/// Everything a generation of `n` goods with one seed needs, computed once; [`DemoPlan::good`]
/// and [`DemoPlan::supplier`] are then pure lookups and draws.
pub struct DemoPlan {
    seed: u64,
    n: u64,
    kinds: Vec<PlanKind>,
    /// Cumulative kind weights (some kinds have many more goods than others).
    cumulative: Vec<u64>,
    suppliers: Vec<PlanSupplier>,
    in_procurement: Chance,
    otp: Chance,
    kztin_if_otp: Chance,
    kztin_if_not_otp: Chance,
    szpt_if_food: Chance,
    ntin: Chance,
}

fn unit_of_value(value: &str) -> Option<&'static str> {
    match value.split_whitespace().last() {
        Some("кг" | "г") => Some("166"),
        Some("т") => Some("168"),
        Some("л" | "мл") => Some("112"),
        _ => None,
    }
}

fn plan_kind(seed: u64, k: &KindSpec) -> PlanKind {
    let sector = Sector::of_chapter(k.tnved_chapter.as_deref());
    let noun_ru = names::kind_noun(&k.name_ru);
    let line = lines::line_of(&noun_ru);
    // The kind's own characteristics, else its product line's, else its sector's.
    let templates = if k.attributes.iter().any(|t| !t.values.is_empty()) {
        k.attributes.clone()
    } else {
        line.and_then(attributes::line_templates)
            .unwrap_or_else(|| default_templates(sector))
    };
    let templates = templates
        .into_iter()
        .filter(|t| !t.values.is_empty())
        .map(|t| PlanTemplate {
            values: t
                .values
                .iter()
                .map(|v| {
                    let full = match t.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
                        Some(u) => format!("{} {u}", v.trim()),
                        None => v.trim().to_string(),
                    };
                    PlanValue {
                        unit: unit_of_value(&full),
                        name: NameValue::new(full),
                    }
                })
                .collect(),
            name_ru: t.name_ru,
        })
        .collect();
    let noun_kk = KkNounForm::for_kind(&noun_ru, k.name_kk.as_deref());
    let category = k
        .path
        .first()
        .map(String::as_str)
        .unwrap_or(k.code.as_str());
    PlanKind {
        code: k.code.clone(),
        brands: line
            .map(brands::line_brands)
            .unwrap_or_else(|| brands::brands(sector)),
        category_hash: hash_str(seed, category),
        noun_ru,
        noun_kk,
        sector,
        is_food: Sector::is_food_chapter(k.tnved_chapter.as_deref()),
        templates,
    }
}

fn plan_supplier(seed: u64, j: u64) -> Result<PlanSupplier, CatalogError> {
    let bin = codes::supplier_bin(seed, j).ok_or(CatalogError::NoDemoBin(j))?;
    let mut rng = Rng::for_record(seed, STREAM_SUPPLIER, j);
    let names = suppliers::names(&mut rng);
    let kato = suppliers::kato(&mut rng);
    let brand = names.brand;
    Ok(PlanSupplier {
        supplier: Supplier {
            bin,
            name_ru: names.name_ru,
            name_kk: Some(names.name_kk),
            kato: Some(kato.to_string()),
            is_demo: true,
        },
        brand,
    })
}

impl DemoPlan {
    /// Prepares a generation of `n` goods over `kinds` with `seed`.
    pub fn new(kinds: &[KindSpec], n: u64, seed: u64) -> Result<DemoPlan, CatalogError> {
        if kinds.is_empty() && n > 0 {
            return Err(CatalogError::NoKinds);
        }
        let planned: Vec<PlanKind> = kinds.iter().map(|k| plan_kind(seed, k)).collect();
        let mut cumulative = Vec::with_capacity(planned.len());
        let (mut total, mut food) = (0u64, 0u64);
        for (i, k) in planned.iter().enumerate() {
            // Weights 1, 2, 4, 8, 16: a few kinds are crowded, most are not.
            let w = 1u64 << (rng::hash3(seed, STREAM_KIND, i as u64) % 5);
            total += w;
            if k.is_food {
                food += w;
            }
            cumulative.push(total);
        }
        let suppliers = (1..=supplier_count(n))
            .map(|j| plan_supplier(seed, j))
            .collect::<Result<Vec<_>, _>>()?;
        let (g, o, k) = (
            u128::from(REAL_GOODS),
            u128::from(REAL_OTP),
            u128::from(REAL_WITH_KZTIN),
        );
        Ok(DemoPlan {
            seed,
            n,
            kinds: planned,
            cumulative,
            suppliers,
            in_procurement: Chance::ratio(u128::from(REAL_IN_PROCUREMENT), g),
            otp: Chance::ratio(o, g),
            kztin_if_otp: Chance::ratio(KZTIN_GIVEN_OTP_PERCENT, 100),
            // P(K | not O) = (K − 0.6·O) / (G − O), so that P(K) stays K / G.
            kztin_if_not_otp: Chance::ratio(100 * k - KZTIN_GIVEN_OTP_PERCENT * o, 100 * (g - o)),
            // Only food can be СЗПТ: raise the rate among food by the food share of goods.
            szpt_if_food: Chance::ratio(
                u128::from(REAL_SZPT) * u128::from(total),
                g * u128::from(food),
            ),
            ntin: Chance::per_mille(NTIN_PER_MILLE),
        })
    }

    pub fn goods(&self) -> u64 {
        self.n
    }

    /// The demo suppliers, 1…[`supplier_count`].
    pub fn suppliers(&self) -> impl Iterator<Item = &Supplier> {
        self.suppliers.iter().map(|s| &s.supplier)
    }

    /// Supplier `j` (1-based).
    pub fn supplier(&self, j: u64) -> Option<&Supplier> {
        let idx = usize::try_from(j.checked_sub(1)?).ok()?;
        self.suppliers.get(idx).map(|s| &s.supplier)
    }

    fn pick_kind(&self, rng: &mut Rng) -> &PlanKind {
        let total = self.cumulative.last().copied().unwrap_or(0);
        let r = rng.below(total);
        let idx = self.cumulative.partition_point(|&c| c <= r);
        &self.kinds[idx.min(self.kinds.len() - 1)]
    }

    /// The supplier index (0-based) of a good: most goods come from the suppliers that serve
    /// the kind's category (a window of suppliers per category), the rest from anyone, with
    /// larger suppliers having more.
    fn pick_supplier(&self, rng: &mut Rng, kind: &PlanKind) -> usize {
        let s = self.suppliers.len() as u64;
        let j = if rng.below(10) < 6 {
            let window = (s / 25).max(5);
            (kind.category_hash % s + rng.below(window)) % s
        } else {
            rng.skewed_below(s)
        };
        j as usize
    }

    /// Demo good `id` (1-based). Requires kinds and suppliers (`n > 0`).
    pub fn good(&self, id: u64) -> NewGood {
        let mut rng = Rng::for_record(self.seed, STREAM_GOOD, id);
        let kind = self.pick_kind(&mut rng);
        let sup = &self.suppliers[self.pick_supplier(&mut rng, kind)];

        let is_otp = rng.chance(self.otp);
        let has_kztin = rng.chance(if is_otp {
            self.kztin_if_otp
        } else {
            self.kztin_if_not_otp
        });
        let in_procurement = rng.chance(self.in_procurement);
        let is_szpt = kind.is_food && rng.chance(self.szpt_if_food);
        let has_ntin = !has_kztin && rng.chance(self.ntin);

        // Brand: domestic goods carry a Kazakhstan producer's brand, or, in lines where we
        // name none, their supplier's own («Жетысу»).
        let b = &kind.brands;
        let domestic = is_otp || (has_kztin && rng.below(10) < 6) || rng.below(10) < 2;
        let brand: &str = match (domestic, b.domestic.is_empty(), &sup.brand) {
            (true, false, _) => rng.pick_copy(b.domestic),
            (true, true, Some(own)) => own,
            _ => rng.pick_copy(b.foreign),
        };
        let model = kind
            .sector
            .has_model()
            .then(|| names::model(&mut rng, brand.is_ascii()));

        // Characteristics: one value of every template; one to three of them in the name.
        let chosen: Vec<&PlanValue> = kind.templates.iter().map(|t| rng.pick(&t.values)).collect();
        let attributes: Vec<AttributeValue> = kind
            .templates
            .iter()
            .zip(&chosen)
            .map(|(t, v)| AttributeValue {
                name: t.name_ru.clone(),
                value: v.name.ru.clone(),
            })
            .collect();
        let in_name: Vec<&NameValue> = if chosen.is_empty() {
            Vec::new()
        } else {
            let k = (1 + rng.below(3) as usize).min(chosen.len());
            let start = rng.below(chosen.len() as u64) as usize;
            let mut idx: Vec<usize> = (0..k).map(|d| (start + d) % chosen.len()).collect();
            idx.sort_unstable();
            idx.into_iter().map(|i| &chosen[i].name).collect()
        };
        let name_ru = names::name_ru(&kind.noun_ru, brand, model.as_deref(), &in_name);
        let name_kk = names::name_kk(&kind.noun_kk, brand, model.as_deref(), &in_name);

        let unit = if kind.sector.counted_by_measure(kind.is_food) {
            chosen.iter().find_map(|v| v.unit).unwrap_or("796")
        } else {
            "796"
        };

        let span = (CREATED_TO - CREATED_FROM) as u64;
        let created = CREATED_FROM + rng.below(span) as i64;
        let room = (CREATED_TO - created).min(180 * DAY_MS) as u64;
        let updated = created + rng.below(room + 1) as i64;

        NewGood {
            id: id as i64,
            name_ru,
            name_kk,
            oktru_code: kind.code.clone(),
            attributes,
            supplier_bin: sup.supplier.bin.clone(),
            unit: Some(unit.to_string()),
            kztin: has_kztin.then(|| codes::kztin(self.seed, id)),
            ntin: has_ntin.then(|| codes::ntin(self.seed, id)),
            is_otp,
            is_szpt,
            in_procurement,
            is_demo: true,
            created_at: Millis(created),
            updated_at: Millis(updated),
        }
    }
}

/// Generates demo goods 1…`n` over `kinds` with `seed`: writes the suppliers first, then the
/// goods after the highest demo id already present, [`DEMO_BATCH`] per transaction, calling
/// `progress` after each. Does nothing more when `n` goods already exist.
pub async fn generate_goods(
    db: &Db,
    kinds: &[KindSpec],
    n: u64,
    seed: u64,
    progress: &(dyn Fn(DemoProgress) + Sync),
) -> Result<DemoReport, CatalogError> {
    let plan = Arc::new(DemoPlan::new(kinds, n, seed)?);
    generate_with_plan(db, &plan, DemoOptions::default(), progress).await
}

/// [`generate_goods`] with a prepared plan and options. Goods are made on a blocking thread
/// while the previous batch is written; at most two batches wait between the two.
pub async fn generate_with_plan(
    db: &Db,
    plan: &Arc<DemoPlan>,
    options: DemoOptions,
    progress: &(dyn Fn(DemoProgress) + Sync),
) -> Result<DemoReport, CatalogError> {
    let started = Instant::now();
    let batch = options.batch.max(1) as u64;
    let n = plan.n;
    let suppliers: Vec<Supplier> = plan.suppliers().cloned().collect();
    if !suppliers.is_empty() {
        let mut tx = db.write_tx().await?;
        store::upsert_suppliers(&mut tx, &suppliers).await?;
        tx.commit().await.map_err(db::DbError::from)?;
    }
    let first_id = (store::max_demo_good_id(db).await?.max(0) as u64) + 1;
    progress(DemoProgress {
        done: first_id.saturating_sub(1).min(n),
        total: n,
    });
    let remaining = (n + 1).saturating_sub(first_id);
    if remaining >= options.defer_indexes_from && remaining >= first_id / 2 {
        store::defer_goods_indexes(db).await?;
    }

    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<NewGood>>(2);
    let producer_plan = Arc::clone(plan);
    let producer = tokio::task::spawn_blocking(move || {
        let mut next = first_id;
        while next <= n {
            let last = (next + batch - 1).min(n);
            let goods: Vec<NewGood> = (next..=last).map(|i| producer_plan.good(i)).collect();
            // The receiver is gone when writing failed: stop quietly, the error is reported there.
            if sender.blocking_send(goods).is_err() {
                break;
            }
            next = last + 1;
        }
    });
    let mut next = first_id;
    while let Some(goods) = receiver.recv().await {
        let last = next + goods.len() as u64 - 1;
        let mut tx = db.write_tx().await?;
        store::insert_goods(&mut tx, &goods).await?;
        tx.commit().await.map_err(db::DbError::from)?;
        tracing::debug!(first = next, last, "demo goods written");
        next = last + 1;
        progress(DemoProgress {
            done: last,
            total: n,
        });
    }
    producer
        .await
        .map_err(|e| CatalogError::DemoGenerator(e.to_string()))?;
    if next <= n {
        return Err(CatalogError::DemoGenerator(format!(
            "stopped at good {next} of {n}"
        )));
    }
    // Also after a run that was interrupted while the indexes were deferred.
    store::restore_goods_indexes(db).await?;
    Ok(DemoReport {
        suppliers: suppliers.len() as u64,
        first_id,
        goods_inserted: next.saturating_sub(first_id),
        total: n,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cat_21_supplier_count_follows_the_real_ratio() {
        assert_eq!(supplier_count(0), 0);
        assert_eq!(supplier_count(5), 5);
        assert_eq!(supplier_count(20_000), 23);
        assert_eq!(supplier_count(1_000), 20);
        assert_eq!(supplier_count(REAL_GOODS), REAL_SUPPLIERS);
        assert_eq!(supplier_count(REAL_GOODS * 3), REAL_SUPPLIERS);
    }
}
