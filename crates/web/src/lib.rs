//! The web application of Tauar: the HTML pages (askama templates, htmx) and the JSON API
//! under `/api/v1`, assembled over the domain crates; start-up and the search indexers.
//!
//! Reading order: [`App::build`] → `routes/` (one module per area; page and API handlers
//! share their parameter parsing and domain calls) → [`problem`] (errors as RFC 9457 documents)
//! → [`startup`] and [`indexer`].

pub mod export;
pub mod i18n;
pub mod indexer;
mod middleware;
pub mod openapi;
pub mod page;
pub mod params;
pub mod problem;
pub mod qr;
pub mod ratelimit;
pub mod routes;
pub mod session;
pub mod settings;
pub mod startup;
pub mod state;

pub use settings::Settings;
pub use state::AppState;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use kernel::{Clock, SystemClock};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use routes::auth_pages;
use routes::{
    auth, calendar, classifiers, codes, dict, goods, ops, participants as part, signatures as sig,
};
use std::sync::{Arc, OnceLock};
use tokio::net::TcpListener;

/// Errors that stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error(transparent)]
    Search(#[from] search::SearchError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Serve(std::io::Error),
    #[error("ЭЦП settings: {0}")]
    Pki(String),
}

/// The signing service from the ЭЦП settings (SIG-57), or `None` when no trust store is
/// configured (signing endpoints then answer 503).
fn build_signing(
    settings: &Settings,
    db: &db::Db,
    clock: Arc<dyn Clock>,
) -> Result<Option<signatures::Signing>, AppError> {
    // SIG-49, SIG-57: a production build refuses `off`, with or without a trust store.
    if !settings.pki.revocation_mode.is_permitted() {
        return Err(AppError::Pki(signatures::revocation::OFF_REFUSED.into()));
    }
    let Some(trust_dir) = settings.pki.trust() else {
        return Ok(None);
    };
    let trust = pki::TrustStore::load_dir(&trust_dir)
        .map_err(|e| AppError::Pki(format!("trust store {}: {e}", trust_dir.display())))?;
    // SIG-57, SIG-61: a production build never trusts the test PKI.
    if !settings.pki.allow_test_pki
        && let Some(c) = trust
            .roots()
            .iter()
            .chain(trust.intermediates())
            .find(|c| c.info().is_test_pki())
    {
        return Err(AppError::Pki(format!(
            "the trust store {} holds a certificate of Tauar's test PKI ({}); this build does \
             not trust it",
            trust_dir.display(),
            c.info().subject_dn
        )));
    }
    if trust.roots().is_empty() {
        return Err(AppError::Pki(format!(
            "no root certificate in the trust store {}",
            trust_dir.display()
        )));
    }
    let pki = &settings.pki;
    let allowed_hosts =
        signatures::AllowedHosts::parse(&pki.allowed_hosts).map_err(AppError::Pki)?;
    let revocation = signatures::Revocation::from_config(
        signatures::RevocationConfig {
            mode: pki.revocation_mode,
            ocsp_url: pki.ocsp_url.clone(),
            ocsp_responders: pki.ocsp_responders.clone(),
            ocsp_timeout_ms: pki.ocsp_timeout_ms,
            allowed_hosts: allowed_hosts.clone(),
            crl_urls: pki.crl_urls.clone(),
            crl_dir: pki.crls(),
            crl_download_dir: Some(
                pki.crl_cache_dir
                    .clone()
                    .unwrap_or_else(|| settings.data_dir.join("crl-cache")),
            ),
            user_agent: pki
                .user_agent
                .clone()
                .unwrap_or_else(|| signatures::revocation::USER_AGENT.into()),
            ..signatures::RevocationConfig::default()
        },
        trust.clone(),
    )
    .map_err(|e| AppError::Pki(e.to_string()))?;
    tracing::info!(
        trust = %trust_dir.display(),
        roots = trust.roots().len(),
        intermediates = trust.intermediates().len(),
        crls = revocation.crl_count(),
        mode = %pki.revocation_mode,
        ocsp = pki.ocsp_url.as_deref().unwrap_or("from the certificates"),
        allowed_hosts = %allowed_hosts.entries().join(","),
        "ЭЦП verification configured"
    );
    Ok(Some(signatures::Signing::new(
        db.clone(),
        trust,
        revocation,
        signatures::SigningConfig {
            origin: settings.public_base(),
            challenge_ttl_ms: settings.pki.challenge_ttl_ms,
        },
        clock,
    )))
}

/// The Prometheus recorder is global: installed once per process (tests share a process).
fn metrics_handle() -> Option<PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok().map(|_| handle)
        })
        .clone()
}

/// All routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(goods::page_home))
        .route("/goods", get(goods::page_goods))
        .route("/goods/{id}", get(goods::page_good))
        .route("/search", get(codes::page_search))
        .route("/hierarchy", get(codes::page_hierarchy))
        .route("/code/{code}", get(codes::page_code))
        .route("/code/{code}/{file}", get(codes::code_qr))
        .route("/oktru", get(classifiers::page_oktru))
        .route("/dict", get(dict::page_dicts))
        .route("/dict/{name}", get(dict::page_dict))
        .route("/calendar", get(calendar::page_calendar))
        .route("/demo/sign", get(sig::page_sign_demo))
        .route(
            "/signatures/verify",
            get(sig::page_verify).post(sig::page_verify_post),
        )
        .route("/problems/{code}", get(ops::problem_type))
        .route("/assets/{file}", get(ops::asset))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/api/v1/openapi.json", get(openapi::openapi_json))
        .route("/api/v1/stats", get(goods::api_stats))
        .route("/api/v1/codes", get(codes::api_codes))
        .route("/api/v1/codes/export.xlsx", get(codes::export_codes))
        .route("/api/v1/codes/{code}", get(codes::api_code))
        .route("/api/v1/goods", get(goods::api_goods))
        .route("/api/v1/goods/export.xlsx", get(goods::export_goods))
        .route("/api/v1/goods/{id}", get(goods::api_good))
        .route(
            "/api/v1/classifiers/{kind}/nodes",
            get(classifiers::api_nodes),
        )
        .route(
            "/api/v1/classifiers/{kind}/versions",
            get(classifiers::api_versions),
        )
        .route("/api/v1/dictionaries", get(dict::api_dictionaries))
        .route("/api/v1/dictionaries/{name}", get(dict::api_dictionary))
        .route(
            "/api/v1/dictionaries/{name}/{code}",
            get(dict::api_dictionary_entry),
        )
        .route(
            "/api/v1/calendar/add-working-days",
            get(calendar::api_add_working_days),
        )
        .route("/api/v1/calendar/{year}", get(calendar::api_calendar_year))
        .route(
            "/api/v1/signatures/challenges",
            post(sig::api_challenge).layer(DefaultBodyLimit::max(sig::BODY_MAX)),
        )
        .route(
            "/api/v1/signatures/demo",
            post(sig::api_demo_act).layer(DefaultBodyLimit::max(sig::BODY_MAX)),
        )
        .route(
            "/api/v1/signatures/verify",
            post(sig::api_verify).layer(DefaultBodyLimit::max(sig::BODY_MAX)),
        )
        .route("/api/v1/signatures/{id}", get(sig::api_signature))
        .route("/api/v1/auth/csrf", get(auth::api_csrf))
        .route(
            "/api/v1/auth/login/certificate",
            post(auth::api_login_certificate).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/auth/register/identity",
            post(auth::api_register_identity).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/auth/register/agreement",
            post(auth::api_register_agreement).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/auth/register",
            post(auth::api_register).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/auth/activate",
            post(auth::api_activate).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/auth/login/password",
            post(auth::api_login_password).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route("/api/v1/auth/logout", post(auth::api_logout))
        .route(
            "/api/v1/auth/recovery",
            post(auth::api_recovery).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/auth/recovery/complete",
            post(auth::api_recovery_complete).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/auth/password",
            post(auth::api_password).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/auth/activation",
            post(auth::api_activation).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route("/api/v1/me", get(auth::api_me))
        .route("/api/v1/banks", get(part::api_banks))
        .route(
            "/api/v1/participants/registration",
            get(part::api_registration_form),
        )
        .route(
            "/api/v1/participants",
            post(part::api_register_participant).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route("/api/v1/participants/{id}", get(part::api_participant))
        .route(
            "/api/v1/participants/{id}/employees",
            get(part::api_employees),
        )
        .route(
            "/api/v1/participants/{id}/new-bank-requests",
            get(part::api_new_bank_requests)
                .post(part::api_send_new_bank)
                .layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/admin/new-bank-requests",
            get(part::api_new_bank_queue),
        )
        .route(
            "/api/v1/admin/new-bank-requests/{number}/decision",
            post(part::api_decide_new_bank).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/participants/{id}/employees/{membership}",
            axum::routing::patch(part::api_edit_employee)
                .delete(part::api_end_employee)
                .layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/participants/{id}/employees/{membership}/handover",
            post(part::api_handover),
        )
        .route(
            "/api/v1/participants/{id}/self-admin",
            post(part::api_self_admin),
        )
        .route(
            "/api/v1/participants/{id}/head",
            axum::routing::put(part::api_change_head).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/participants/{id}/join-requests",
            get(part::api_participant_joins),
        )
        .route(
            "/api/v1/participants/{id}/join-requests/{request}/decision",
            post(part::api_decide_join).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/join-requests",
            get(part::api_my_joins)
                .post(part::api_send_join)
                .layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/join-requests/{id}",
            axum::routing::delete(part::api_withdraw_join),
        )
        .route(
            "/api/v1/participants/{id}/bank-accounts",
            get(part::api_bank_accounts)
                .post(part::api_add_bank_account)
                .layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route(
            "/api/v1/participants/{id}/bank-accounts/{account}",
            axum::routing::patch(part::api_update_bank_account)
                .delete(part::api_delete_bank_account)
                .layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route("/api/v1/auth/agreement", get(auth_pages::api_agreement))
        .route(
            "/api/v1/auth/browser/{step}",
            post(auth_pages::api_browser_step).layer(DefaultBodyLimit::max(auth::BODY_MAX)),
        )
        .route("/auth/login", get(auth_pages::page_login))
        .route("/auth/activate/{token}", get(auth_pages::page_activate))
        .route(
            "/auth/recover/{token}",
            get(auth_pages::page_recover).post(auth_pages::page_recover_post),
        )
        .route("/auth/pending", get(auth_pages::page_pending))
        .route(
            "/auth/pending/resend",
            post(auth_pages::page_pending_resend),
        )
        .route("/auth/pending/email", post(auth_pages::page_pending_email))
        .route(
            "/auth/password",
            get(auth_pages::page_password).post(auth_pages::page_password_post),
        )
        .route("/auth/logout", post(auth_pages::page_logout))
        .route("/cabinet", get(auth_pages::page_cabinet))
        .route("/help/ecp", get(auth_pages::page_help_ecp))
        .route("/assets/auth-2.js", get(auth_pages::asset_js))
        .route("/assets/auth-1.css", get(auth_pages::asset_css))
        .merge(routes::profile::router())
        .merge(routes::notifications::router())
        .merge(routes::profile_pages::router())
        .merge(routes::admin::router())
        .merge(routes::admin_dict::router())
        .merge(routes::bank_import::router())
        .merge(routes::admin_participants::router())
        .merge(routes::ens::router())
        .merge(routes::agreements::router())
        .merge(routes::audit::router())
        .merge(routes::audit_pages::router())
        .merge(routes::auth_pages::entry::router())
        .merge(routes::org_pages::router())
        .merge(routes::ens_pages::router())
        .merge(routes::ens_admin_pages::router())
        .merge(routes::admin_pages::router())
        .fallback(ops::fallback)
        .method_not_allowed_fallback(ops::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            middleware::test_keys_layer,
        ))
        .layer(axum::middleware::from_fn(middleware::app_layer))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            middleware::security_headers,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

/// A built application: its state and router, not yet serving.
pub struct App {
    pub state: Arc<AppState>,
}

impl App {
    /// Opens the database and the indexes. Migrations, reference data, demo data and indexing
    /// run in [`App::serve`]'s background start-up, so the listener is up at once.
    pub async fn build(settings: Settings) -> Result<App, AppError> {
        App::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> Result<App, AppError> {
        std::fs::create_dir_all(&settings.data_dir).map_err(|source| db::DbError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
        let db = db::Db::connect(&settings.database_url()).await?;
        let dir = settings.index_dir();
        let codes = search::CodeIndex::open(&dir.join("codes"))?;
        let goods = search::GoodsIndex::open(&dir.join("goods"), settings.index_memory)?;
        let nodes = search::NodeIndex::open(&dir.join("oktru"))?;
        let signing = build_signing(&settings, &db, Arc::clone(&clock))?;
        let mut state = AppState::new(settings, db, (codes, goods, nodes), clock, metrics_handle());
        state.signing = signing.map(Arc::new);
        Ok(App {
            state: Arc::new(state),
        })
    }

    /// Serves on `listener` until `shutdown` resolves; start-up and indexing run beside it.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), AppError> {
        let state = Arc::clone(&self.state);
        let boot = tokio::spawn(async move {
            match startup::bootstrap(Arc::clone(&state)).await {
                Ok(()) => {
                    if let Err(e) = routes::goods::compute_stats(&state).await {
                        tracing::warn!(error = ?e.cause, "statistics not computed");
                    }
                    indexer::run(state).await
                }
                Err(e) => {
                    tracing::error!(error = %e, "start-up failed");
                    state.set_status(&format!("start-up failed: {e}"), 0, 0);
                }
            }
        });
        if let Some(h) = self.state.metrics.clone() {
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(std::time::Duration::from_secs(10));
                loop {
                    tick.tick().await;
                    h.run_upkeep();
                }
            });
        }
        let app = router(Arc::clone(&self.state));
        let result = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(AppError::Serve);
        boot.abort();
        let st = Arc::clone(&self.state);
        let _ = tokio::task::spawn_blocking(move || {
            let _ = st.goods.engine().close_writer();
            let _ = st.codes.engine().close_writer();
        })
        .await;
        self.state.db.close().await;
        result
    }

    /// Binds the configured address.
    pub async fn listen(&self) -> Result<TcpListener, AppError> {
        let addr = self.state.settings.listen;
        TcpListener::bind(addr)
            .await
            .map_err(|source| AppError::Listen {
                addr: addr.to_string(),
                source,
            })
    }
}
