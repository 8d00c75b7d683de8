//! Keeps the search indexes in step with the database (ARCHITECTURE "Search": the indexes are
//! derived data, rebuilt or caught up by following the change sequence).
//!
//! * ЕНС ТРУ codes and ОКТРУ nodes: small; when the classifier's highest `seq` differs from the
//!   index's committed one, the index is rebuilt whole (ranks follow code order, CAT-116).
//! * Goods: caught up incrementally from `committed_seq()`; a commit records the last applied
//!   `seq`, so a crash loses at most the uncommitted tail, which the next pass applies again
//!   (applying a row twice is harmless: a document is replaced by its key).

use crate::state::{AppState, Labels, Names};
use catalog::model::Good;
use classifier::{ClassifierKind, EnsCode, OktruCode};
use search::{CodeDoc, CodeItem, GoodDoc, GoodFlag, NodeDoc};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Goods read from the database per step.
const GOODS_BATCH: u32 = 20_000;
/// Goods applied between commits during a large catch-up.
const GOODS_PER_COMMIT: u64 = 1_000_000;

#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    #[error(transparent)]
    Search(#[from] search::SearchError),
    #[error(transparent)]
    Classifier(#[from] classifier::ClassifierError),
    #[error(transparent)]
    Catalog(#[from] catalog::CatalogError),
    #[error(transparent)]
    Refdata(#[from] refdata::RefdataError),
    #[error("indexing task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Loads the lookup tables (КПВЭД, ОКТРУ, МКЕИ names) from the database.
pub async fn load_labels(state: &AppState) -> Result<Labels, IndexerError> {
    let db = &state.db;
    let mut labels = Labels::default();
    let mut after: Option<String> = None;
    loop {
        let page = classifier::store::current_oktru_nodes_page(db, after.as_deref(), 5000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.item.code.to_string());
        for n in page {
            labels.oktru.insert(
                n.item.code.to_string(),
                Names {
                    ru: n.item.name_ru,
                    kk: n.item.name_kk,
                    en: None,
                },
            );
        }
    }
    // КПВЭД names of every group key and code in use are loaded with the code index.
    let units: Vec<String> = {
        let mut s = BTreeSet::new();
        let mut after: Option<String> = None;
        loop {
            let page = classifier::store::current_codes_page(db, after.as_deref(), 5000).await?;
            let Some(last) = page.last() else { break };
            after = Some(last.item.code.clone());
            for c in page {
                s.extend(c.item.units.iter().cloned());
                let kp = c.item.kpved.clone();
                if let Some(g) = classifier::kpved_group_key(&kp) {
                    labels.kpved.entry(g).or_default();
                }
                labels.kpved.entry(kp).or_default();
            }
        }
        s.into_iter().collect()
    };
    let kp_codes: Vec<String> = labels.kpved.keys().cloned().collect();
    for chunk in kp_codes.chunks(500) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        for (code, e) in refdata::names(db, refdata::Dict::Kpved, &refs).await? {
            labels.kpved.insert(
                code,
                Names {
                    ru: e.name_ru,
                    kk: e.name_kk,
                    en: e.name_en,
                },
            );
        }
    }
    for chunk in units.chunks(500) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        for (code, e) in refdata::names(db, refdata::Dict::Mkei, &refs).await? {
            labels.mkei.insert(
                code,
                Names {
                    ru: e.name_ru,
                    kk: e.name_kk,
                    en: e.name_en,
                },
            );
        }
    }
    for class in classifier::store::ens_classes(db).await? {
        labels.ens_classes.insert(
            class.code.clone(),
            Names {
                ru: class.name_ru,
                kk: class.name_kk,
                en: None,
            },
        );
    }
    Ok(labels)
}

fn code_item(c: &EnsCode) -> CodeItem {
    CodeItem {
        code: c.code.clone(),
        version: c.version.length() as u8,
        subject_type: c.subject_type.as_str().to_string(),
        name_ru: c.name_ru.clone(),
        name_kk: c.name_kk.clone(),
        characteristics: c.characteristics.clone(),
        kpved: c.kpved.clone(),
        section: c.section_code.clone(),
        class_code: c.class_code.clone(),
        units: c.units.clone(),
        attributes: c
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.value.clone()))
            .collect(),
        synonyms: c.synonyms.clone(),
    }
}

/// Rebuilds the code index when the classifier changed since its last commit.
pub async fn sync_codes(state: &Arc<AppState>) -> Result<bool, IndexerError> {
    let db = &state.db;
    let seq = classifier::store::max_seq(db, ClassifierKind::Enstru).await?;
    if seq == state.codes.committed_seq() {
        return Ok(false);
    }
    let started = Instant::now();
    let labels = state.labels();
    let mut docs = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = classifier::store::current_codes_page(db, after.as_deref(), 5000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.item.code.clone());
        for v in page {
            let c = v.item;
            if c.status != classifier::CodeStatus::Active {
                continue;
            }
            let group_key = classifier::kpved_group_key(&c.kpved).unwrap_or_default();
            let mut kpved_names = Vec::new();
            for key in [&c.kpved, &group_key] {
                if let Some(n) = labels.kpved.get(key.as_str()) {
                    kpved_names.push(n.ru.clone());
                    kpved_names.extend(n.kk.clone());
                }
            }
            let rank = docs.len() as u64;
            docs.push(CodeDoc {
                item: code_item(&c),
                group_key,
                kpved_names,
                rank,
            });
        }
    }
    let n = docs.len();
    let st = Arc::clone(state);
    tokio::task::spawn_blocking(move || st.codes.rebuild(docs.into_iter(), seq)).await??;
    tracing::info!(
        codes = n,
        ms = started.elapsed().as_millis() as u64,
        seq,
        "code index rebuilt"
    );
    Ok(true)
}

/// Rebuilds the ОКТРУ node index when the classifier changed.
pub async fn sync_nodes(state: &Arc<AppState>) -> Result<bool, IndexerError> {
    let db = &state.db;
    let seq = classifier::store::max_seq(db, ClassifierKind::Oktru).await?;
    if seq == state.nodes.committed_seq() {
        return Ok(false);
    }
    let mut docs = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = classifier::store::current_oktru_nodes_page(db, after.as_deref(), 5000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.item.code.to_string());
        for v in page {
            let n = v.item;
            let rank = docs.len() as u64;
            let mut names = vec![n.name_ru.clone()];
            names.extend(n.name_kk.clone());
            docs.push(NodeDoc {
                code: n.code.to_string(),
                level: n.level.as_str().to_string(),
                names,
                rank,
            });
        }
    }
    let st = Arc::clone(state);
    let count = docs.len();
    tokio::task::spawn_blocking(move || st.nodes.rebuild(docs.into_iter(), seq)).await??;
    tracing::info!(nodes = count, seq, "ОКТРУ node index rebuilt");
    Ok(true)
}

fn good_doc(g: &Good, labels: &Labels) -> GoodDoc {
    let path: Vec<String> = match OktruCode::parse(&g.oktru_code) {
        Ok(code) => code.path().into_iter().map(|c| c.to_string()).collect(),
        Err(_) => vec![g.oktru_code.clone()],
    };
    let mut flags = Vec::new();
    if g.is_otp {
        flags.push(GoodFlag::Otp);
    }
    if g.is_szpt {
        flags.push(GoodFlag::Szpt);
    }
    if g.in_procurement {
        flags.push(GoodFlag::InProcurement);
    }
    if g.kztin.is_some() {
        flags.push(GoodFlag::Kztin);
    }
    GoodDoc {
        id: g.id as u64,
        name_ru: g.name_ru.clone(),
        name_kk: g.name_kk.clone(),
        kind_name: labels.oktru.get(&g.oktru_code).map(|n| n.ru.clone()),
        oktru_path: path,
        supplier_bin: g.supplier_bin.to_string(),
        attributes: g
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.value.clone()))
            .collect(),
        flags,
    }
}

/// Applies the goods changed since the index's last commit. Returns the number applied.
pub async fn sync_goods(state: &Arc<AppState>) -> Result<u64, IndexerError> {
    let started = Instant::now();
    let mut applied = 0u64;
    let mut since_commit = 0u64;
    let mut after = state.goods.committed_seq();
    let fresh = after == 0 && state.goods.num_docs() == 0;
    let (mut read_time, mut index_time) = (Duration::ZERO, Duration::ZERO);
    let t = Instant::now();
    let mut next = catalog::store::goods_changed_since(&state.db, after, GOODS_BATCH).await?;
    read_time += t.elapsed();
    if next.is_empty() {
        return Ok(0);
    }
    // Only for the progress shown: at national scale the count is a scan of seconds, so it
    // must not run on the passes (every few seconds) that find nothing to apply.
    let total = catalog::store::count_goods(&state.db).await?.max(0) as u64;
    // Reading the next batch from the database overlaps indexing the current one.
    while let Some(last_seq) = next.last().map(|g| g.seq) {
        let batch = std::mem::take(&mut next);
        let labels = state.labels();
        let st = Arc::clone(state);
        let n = batch.len() as u64;
        let index = async {
            let t = Instant::now();
            let r = tokio::task::spawn_blocking(move || -> Result<(), search::SearchError> {
                let mut docs = Vec::with_capacity(batch.len());
                for g in &batch {
                    if g.status == catalog::model::GoodStatus::Active {
                        docs.push(good_doc(g, &labels));
                    } else {
                        st.goods.delete(g.id as u64)?;
                    }
                }
                st.goods.upsert(&docs, !fresh)
            })
            .await;
            (r, t.elapsed())
        };
        let read = async {
            let t = Instant::now();
            let r = catalog::store::goods_changed_since(&state.db, last_seq, GOODS_BATCH).await;
            (r, t.elapsed())
        };
        let ((indexed, it), (read_next, rt)) = tokio::join!(index, read);
        indexed??;
        next = read_next?;
        index_time += it;
        read_time += rt;
        applied += n;
        since_commit += n;
        after = last_seq;
        state.set_status("indexing goods", applied, total.max(applied));
        if since_commit >= GOODS_PER_COMMIT {
            commit_goods(state, after).await?;
            since_commit = 0;
        }
    }
    let t = Instant::now();
    if since_commit > 0 {
        commit_goods(state, after).await?;
    }
    if applied > 0 {
        tracing::info!(
            goods = applied,
            ms = started.elapsed().as_millis() as u64,
            read_ms = read_time.as_millis() as u64,
            index_ms = index_time.as_millis() as u64,
            commit_ms = t.elapsed().as_millis() as u64,
            seq = after,
            "goods index caught up"
        );
    }
    Ok(applied)
}

async fn commit_goods(state: &Arc<AppState>, seq: i64) -> Result<(), IndexerError> {
    let st = Arc::clone(state);
    tokio::task::spawn_blocking(move || st.goods.commit(seq)).await??;
    Ok(())
}

/// One pass over every index; returns whether anything changed.
pub async fn sync_all(state: &Arc<AppState>) -> Result<bool, IndexerError> {
    let nodes = sync_nodes(state).await?;
    if nodes {
        state.set_labels(load_labels(state).await?);
    }
    let codes = sync_codes(state).await?;
    if codes && !nodes {
        state.set_labels(load_labels(state).await?);
    }
    let goods = sync_goods(state).await?;
    Ok(nodes || codes || goods > 0)
}

/// Runs forever: a pass every few seconds, or at once when a write signals `changed`. After a
/// pass that changed something the home-page statistics are recomputed (they are cached: the
/// aggregate takes seconds at national scale).
pub async fn run(state: Arc<AppState>) {
    loop {
        let _ = tokio::time::timeout(Duration::from_secs(5), state.changed.notified()).await;
        match sync_all(&state).await {
            Ok(true) => {
                if let Err(e) = crate::routes::goods::compute_stats(&state).await {
                    tracing::warn!(cause = ?e.cause, "statistics not recomputed");
                }
            }
            Ok(false) => {}
            Err(e) => {
                tracing::error!(error = %e, "indexing failed; retrying");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}
