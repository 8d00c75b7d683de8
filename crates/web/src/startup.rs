//! Starting a server: open the database and migrate it, load the shipped reference data when
//! absent, with `--demo` write the demo classifier and goods when absent (resuming an
//! interrupted generation), bring the search indexes up to date, then serve searches.
//!
//! The HTTP listener is up from the first moment: `/healthz` answers 503 with the current
//! phase until searches can be served, then 200.

use crate::indexer;
use crate::state::AppState;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error(transparent)]
    Refdata(#[from] refdata::RefdataError),
    #[error(transparent)]
    Classifier(#[from] classifier::ClassifierError),
    #[error(transparent)]
    Catalog(#[from] catalog::CatalogError),
    #[error(transparent)]
    Indexer(#[from] indexer::IndexerError),
    #[error(transparent)]
    Accounts(#[from] accounts::AccountsError),
    #[error("mail: {0}")]
    Mail(String),
}

/// The account layer and its mail worker (needs the migrated database and the signing service).
pub async fn start_accounts(state: &AppState) -> Result<(), StartupError> {
    let Some(signing) = state.signing.clone() else {
        tracing::warn!("no trust store: the account layer is off (registration needs ЭЦП)");
        return Ok(());
    };
    let a = accounts::Accounts::new(
        state.db.clone(),
        signing,
        std::sync::Arc::clone(&state.clock),
        accounts::AccountsConfig {
            public_base: state.settings.public_base(),
            bank_details: match &state.settings.inis_file {
                Some(path) => accounts::inis::BankDetailsSource::File(path.clone()),
                None => accounts::inis::BankDetailsSource::None,
            },
        },
        std::sync::Arc::clone(&state.mail_wake),
    )
    .await?;
    let _ = state.accounts.set(std::sync::Arc::new(a));
    let mailer = match &state.settings.mail.smtp_url {
        Some(url) => {
            notify::Mailer::from_url(url).map_err(|e| StartupError::Mail(e.to_string()))?
        }
        None => notify::Mailer::dir(state.settings.data_dir.join("mail")),
    };
    let mailer = match &state.settings.mail.from {
        Some(f) => mailer
            .with_from(f)
            .map_err(|e| StartupError::Mail(e.to_string()))?,
        None => mailer,
    };
    tracing::info!(mail = %mailer.describe(), "mail worker started");
    notify::spawn_worker(
        state.db.clone(),
        mailer,
        std::sync::Arc::clone(&state.clock),
        std::sync::Arc::clone(&state.mail_wake),
    );
    Ok(())
}

/// Loads the reference dictionaries that are absent or changed (idempotent).
pub async fn load_reference(state: &AppState) -> Result<(), StartupError> {
    let reports = refdata::load_all(&state.db, &|p: refdata::LoadProgress| {
        state.set_status(
            &format!("reference data: {}", p.dict.name()),
            p.done,
            p.total,
        )
    })
    .await?;
    let loaded: u64 = reports.iter().filter(|r| !r.skipped).map(|r| r.rows).sum();
    if loaded > 0 {
        tracing::info!(rows = loaded, "reference data loaded");
    }
    Ok(())
}

/// Converts the classifier's kinds into the demo generator's input.
pub fn kind_specs(kinds: Vec<classifier::store::OktruKindSpec>) -> Vec<catalog::demo::KindSpec> {
    kinds
        .into_iter()
        .map(|k| catalog::demo::KindSpec {
            code: k.code,
            name_ru: k.name_ru,
            name_kk: k.name_kk,
            path: k.path.to_vec(),
            tnved_chapter: k
                .tnved
                .as_deref()
                .and_then(|t| t.get(0..2))
                .map(str::to_string),
            attributes: k
                .class_attributes
                .into_iter()
                .map(|a| {
                    // The classifier's values already carry their unit («22%»): the generator
                    // must not append it a second time.
                    let unit = a
                        .unit
                        .filter(|u| !a.values.iter().all(|v| v.ends_with(u.as_str())));
                    catalog::demo::AttributeTemplate {
                        name_ru: a.name_ru,
                        name_kk: a.name_kk,
                        values: a.values,
                        unit,
                    }
                })
                .collect(),
        })
        .collect()
}

/// Writes the demo classifier and `goods` demo goods (both idempotent and resumable).
pub async fn load_demo(state: &AppState, goods: u64, seed: u64) -> Result<(), StartupError> {
    let db = &state.db;
    classifier::demo::write_demo(db, &|p: classifier::import::ImportProgress| {
        state.set_status("demo classifier", p.done, p.total)
    })
    .await?;
    let kinds = kind_specs(classifier::store::oktru_kinds(db).await?);
    catalog::demo::generate_goods(
        db,
        &kinds,
        goods,
        seed,
        &|p: catalog::demo::DemoProgress| state.set_status("demo goods", p.done, p.total),
    )
    .await?;
    Ok(())
}

/// Everything between "the listener is up" and "searches can be served".
pub async fn bootstrap(state: Arc<AppState>) -> Result<(), StartupError> {
    state.set_status("migrating", 0, 0);
    state.db.migrate().await?;
    start_accounts(&state).await?;
    load_reference(&state).await?;
    if let Some(a) = state.accounts.get() {
        a.sync_banks().await?;
        // The demo users of every role (F-BASE, spec/accounts.md §9.0; README «Accounts»).
        if state.settings.demo && accounts::demo::seed(&state.db, state.clock.now()).await? {
            tracing::info!(
                "demo users created (password {})",
                accounts::demo::DEMO_PASSWORD
            );
        }
        // Beyond F-BASE: ДОСОВА accredited in «АО «ДЗО-Тест»», to try the Requests module.
        if state.settings.demo
            && accounts::demo::seed_ens_user(&state.db, state.clock.now()).await?
        {
            tracing::info!("demo ЕНС ТРУ user accredited (dosova@dzo-test.kz)");
        }
    }
    if state.settings.demo {
        load_demo(&state, state.settings.demo_goods, state.settings.demo_seed).await?;
    }
    let demo = classifier::store::latest_version(&state.db, classifier::ClassifierKind::Enstru)
        .await?
        .is_some_and(|v| v.is_demo);
    state
        .demo_data
        .store(demo, std::sync::atomic::Ordering::Relaxed);
    state.set_status("indexing", 0, 0);
    state.set_labels(indexer::load_labels(&state).await?);
    indexer::sync_all(&state).await?;
    state.set_status("ready", 0, 0);
    state.set_ready();
    tracing::info!(
        codes = state.codes.num_docs(),
        goods = state.goods.num_docs(),
        nodes = state.nodes.num_docs(),
        "ready to serve searches"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use classifier::{AttributeDef, ValueType};

    fn kind(values: &[&str], unit: Option<&str>) -> classifier::store::OktruKindSpec {
        classifier::store::OktruKindSpec {
            code: "0044.4407.0011.000001000".into(),
            name_ru: "Лесоматериалы".into(),
            name_kk: None,
            path: [
                "0044".into(),
                "0044.4407".into(),
                "0044.4407.0011".into(),
                "0044.4407.0011.000001000".into(),
            ],
            class_attributes: vec![AttributeDef {
                name_ru: "Влажность".into(),
                name_kk: None,
                value_type: ValueType::Number,
                unit: unit.map(str::to_string),
                values: values.iter().map(|v| v.to_string()).collect(),
            }],
            tnved: Some("4407110000".into()),
        }
    }

    #[test]
    fn units_already_in_values_are_not_appended_again() {
        let with_unit = kind_specs(vec![kind(&["8%", "22%"], Some("%"))]);
        assert_eq!(with_unit[0].attributes[0].unit, None);
        let bare = kind_specs(vec![kind(&["8", "22"], Some("%"))]);
        assert_eq!(bare[0].attributes[0].unit.as_deref(), Some("%"));
        assert_eq!(with_unit[0].tnved_chapter.as_deref(), Some("44"));
    }
}
