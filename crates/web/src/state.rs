//! The state shared by every request: the database, the two search indexes, the calendar and
//! clock, the start-up status and a few small caches.

use crate::settings::Settings;
use db::Db;
use kernel::{Calendar, Clock};
use metrics_exporter_prometheus::PrometheusHandle;
use search::{CodeIndex, GoodsIndex, NodeIndex};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::Notify;

/// What the server is doing while it starts (shown by `/healthz` until it is ready).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct StartupStatus {
    pub phase: String,
    pub done: u64,
    pub total: u64,
}

/// Names of a classifier or dictionary entry in the three languages.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub ru: String,
    pub kk: Option<String>,
    pub en: Option<String>,
}

impl Names {
    pub fn pick(&self, tr: crate::i18n::Tr) -> &str {
        tr.pick(&self.ru, self.kk.as_deref(), self.en.as_deref())
    }
}

/// Lookup tables that change only with an import: КПВЭД names (group headings, CAT-113) and
/// ОКТРУ node names (goods groups).
#[derive(Debug, Default)]
pub struct Labels {
    pub kpved: HashMap<String, Names>,
    pub oktru: HashMap<String, Names>,
    pub ens_classes: HashMap<String, Names>,
    pub mkei: HashMap<String, Names>,
}

pub struct AppState {
    pub settings: Settings,
    pub db: Db,
    pub codes: CodeIndex,
    pub goods: GoodsIndex,
    /// ОКТРУ nodes by name (CAT-130).
    pub nodes: NodeIndex,
    pub calendar: Calendar,
    pub clock: Arc<dyn Clock>,
    pub metrics: Option<PrometheusHandle>,
    ready: AtomicBool,
    pub status: RwLock<StartupStatus>,
    pub labels: RwLock<Arc<Labels>>,
    /// Wakes the indexer after a write.
    pub changed: Notify,
    /// Whether the catalogue holds demo data (every page then says so).
    pub demo_data: AtomicBool,
    /// The home-page statistics (CAT-129), recomputed after the goods change.
    pub stats: RwLock<Option<HomeStatistics>>,
    /// Challenges, verification and signed acts (spec/signatures.md); `None` when the server
    /// has no trust store configured.
    pub signing: Option<Arc<signatures::Signing>>,
    /// SIG-9: challenges per session and minute.
    pub sign_limits: crate::ratelimit::Limiter,
    /// ACC-163: requests per client address.
    pub address_limits: crate::ratelimit::AddressLimits,
    /// The account layer (spec/accounts.md), set once the database is migrated; absent when
    /// signing is not configured (accounts need the certificate step).
    pub accounts: std::sync::OnceLock<Arc<accounts::Accounts>>,
    /// Wakes the mail worker after a change wrote to the outbox.
    pub mail_wake: Arc<Notify>,
}

/// The home-page statistics block (CAT-129, §2.2.6), computed from the data.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, utoipa::ToSchema)]
pub struct HomeStatistics {
    /// «Общее количество товаров»
    pub goods: u64,
    /// «Количество видов товаров»: current ОКТРУ nodes of level «вид» (CAT-21)
    pub kinds: u64,
    /// «Товары участвующие в ГЗ»
    pub in_procurement: u64,
    /// «Товары с KZTIN»
    pub with_kztin: u64,
    /// «Количество поставщиков товаров»
    pub suppliers: u64,
    /// «… с признаком отечественного товаропроизводителя (ОТП)»
    pub otp: u64,
    /// «… социально значимых продовольственных товаров (СЗПТ)»
    pub szpt: u64,
}

impl AppState {
    pub fn new(
        settings: Settings,
        db: Db,
        (codes, goods, nodes): (CodeIndex, GoodsIndex, NodeIndex),
        clock: Arc<dyn Clock>,
        metrics: Option<PrometheusHandle>,
    ) -> AppState {
        let exempt = settings.rate_limit_exempt.clone();
        AppState {
            settings,
            db,
            codes,
            goods,
            nodes,
            calendar: Calendar::kazakhstan(),
            clock,
            metrics,
            ready: AtomicBool::new(false),
            status: RwLock::new(StartupStatus {
                phase: "starting".into(),
                done: 0,
                total: 0,
            }),
            labels: RwLock::new(Arc::new(Labels::default())),
            changed: Notify::new(),
            demo_data: AtomicBool::new(false),
            stats: RwLock::new(None),
            signing: None,
            sign_limits: crate::ratelimit::Limiter::new(30, 60_000),
            address_limits: crate::ratelimit::AddressLimits::new(exempt),
            accounts: std::sync::OnceLock::new(),
            mail_wake: Arc::new(Notify::new()),
        }
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    pub fn set_ready(&self) {
        self.ready.store(true, Ordering::SeqCst);
    }

    pub fn set_status(&self, phase: &str, done: u64, total: u64) {
        if let Ok(mut s) = self.status.write() {
            *s = StartupStatus {
                phase: phase.to_string(),
                done,
                total,
            };
        }
    }

    pub fn status(&self) -> StartupStatus {
        self.status.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn labels(&self) -> Arc<Labels> {
        match self.labels.read() {
            Ok(l) => Arc::clone(&l),
            Err(p) => Arc::clone(&p.into_inner()),
        }
    }

    pub fn set_labels(&self, labels: Labels) {
        match self.labels.write() {
            Ok(mut l) => *l = Arc::new(labels),
            Err(p) => *p.into_inner() = Arc::new(labels),
        }
    }

    /// SIG-65: signatures are checked against Tauar's test PKI, not НУЦ РК.
    pub fn trusts_test_pki(&self) -> bool {
        self.signing.is_some() && self.settings.pki.test_pki_dir.is_some()
    }

    pub fn is_demo(&self) -> bool {
        self.demo_data.load(Ordering::Relaxed)
    }
}
