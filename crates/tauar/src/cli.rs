//! The command line (clap). Every option also reads a `TAUAR_*` environment variable.

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use web::{App, Settings};

#[derive(Parser, Debug)]
#[command(
    name = "tauar",
    version,
    about = "Tauar: classifiers, catalogue and reference systems of Kazakhstan's public procurement"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Directory of the embedded database and the search indexes.
    #[arg(
        long,
        global = true,
        env = "TAUAR_DATA_DIR",
        default_value = "tauar-data"
    )]
    pub data_dir: PathBuf,
    /// Run on PostgreSQL instead of the embedded SQLite (postgres://user:pass@host/db).
    #[arg(long, global = true, env = "TAUAR_DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web UI and the JSON API.
    Serve {
        #[command(flatten)]
        data: DataArgs,
        /// Address to listen on.
        #[arg(long, env = "TAUAR_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Fill an empty catalogue with the demo classifier and goods.
        #[arg(long, env = "TAUAR_DEMO")]
        demo: bool,
        /// Number of demo goods (with --demo).
        #[arg(long, env = "TAUAR_DEMO_GOODS", default_value_t = web::settings::DEFAULT_DEMO_GOODS)]
        goods: u64,
        /// Seed of the demo generator (with --demo).
        #[arg(long, env = "TAUAR_DEMO_SEED", default_value_t = 1)]
        seed: u64,
        /// Public base URL, for absolute links such as QR codes (default http://<listen>).
        #[arg(long, env = "TAUAR_PUBLIC_URL")]
        public_url: Option<String>,
        /// Send e-mail through this SMTP server (`smtp://HOST:PORT`); without it mail is written
        /// to `<data dir>/mail` as .eml files (development).
        #[arg(long, env = "TAUAR_SMTP_URL")]
        smtp_url: Option<String>,
        /// The From address of e-mails.
        #[arg(long, env = "TAUAR_MAIL_FROM")]
        mail_from: Option<String>,
        /// Client addresses exempt from the per-address request limits of ACC-163 (monitoring,
        /// a trusted test driver); comma-separated.
        #[arg(long, env = "TAUAR_RATE_LIMIT_EXEMPT", value_delimiter = ',')]
        rate_limit_exempt: Vec<std::net::IpAddr>,
        /// «Заполнить данные» reads bank details from this ИНИС file (JSON: ИИН/БИН → accounts,
        /// ACC-103); without it the empty account form opens.
        #[arg(long, env = "TAUAR_INIS_FILE")]
        inis_file: Option<std::path::PathBuf>,
        /// `signing.tsa`: ask NCALayer for a signature timestamp (`tsaProfile`), so stored
        /// signatures are CAdES-T and keep their signing time (SIG-45).
        #[arg(long, env = "TAUAR_SIGNING_TSA")]
        signing_tsa: bool,
        #[command(flatten)]
        pki: PkiArgs,
    },
    /// Load the shipped reference data, or import a classifier file.
    Import {
        #[command(flatten)]
        data: DataArgs,
        #[command(subcommand)]
        what: Option<ImportWhat>,
    },
    /// Fill a data directory with the demo classifier and goods (for a later `serve`).
    Demo {
        #[command(flatten)]
        data: DataArgs,
        /// Number of demo goods.
        #[arg(long, default_value_t = web::settings::DEFAULT_DEMO_GOODS)]
        goods: u64,
        /// Seed of the generator: the same seed gives the same goods.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure a running server.
    Bench {
        #[command(subcommand)]
        what: crate::bench::BenchWhat,
    },
    /// Test PKI in the НУЦ РК profile (TEST ONLY — NOT НУЦ РК): init, revoke, unhold, crl, serve.
    #[cfg(feature = "testkit")]
    Pki {
        #[command(subcommand)]
        command: crate::pki_cli::PkiCommand,
    },
    /// NCALayer-compatible local signer over a test PKI (TEST ONLY — NOT НУЦ РК, SIG-66).
    #[cfg(feature = "testkit")]
    Signer(tauar::signer::SignerArgs),
    /// Platform administration at installation: the first administrator (ACC-13).
    Admin {
        #[command(subcommand)]
        what: AdminWhat,
    },
    /// The hash-chained audit log and the stored signatures.
    Audit {
        #[command(subcommand)]
        what: AuditWhat,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditWhat {
    /// Re-check the hash chain and every stored signature (SIG-72); exit code 1 on any fault.
    Verify {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        pki: PkiArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum AdminWhat {
    /// Grant a platform-wide staff role (PLATFORM_ADMIN, ENS_ADMIN, AUTH_BODY, SECRETARY, …)
    /// to the registered account of an ИИН; the grant is audited.
    Grant {
        #[command(flatten)]
        data: DataArgs,
        /// The ИИН of a registered account.
        #[arg(long)]
        iin: String,
        #[arg(long)]
        role: String,
        /// Why (kept in the grant and the audit log).
        #[arg(long, default_value = "installation")]
        reason: String,
    },
}

/// ЭЦП settings (spec/signatures.md SIG-57).
#[derive(Args, Debug, Clone, Default)]
pub struct PkiArgs {
    /// Trust this test PKI (made by `tauar pki init`): its `trust/` and `crl/` directories.
    #[arg(long, env = "TAUAR_PKI_DIR")]
    pub pki_dir: Option<PathBuf>,
    /// CA certificates to trust (roots and intermediates; .cer/.crt/.der/.pem).
    #[arg(long, env = "TAUAR_PKI_TRUST_DIR")]
    pub trust_dir: Option<PathBuf>,
    /// CRL files (full and delta) of those CAs, re-read when a file changes (a mirror in a
    /// closed network; with --pki-dir, its `crl/`).
    #[arg(long, env = "TAUAR_PKI_CRL_DIR")]
    pub crl_dir: Option<PathBuf>,
    /// Where pages look for NCALayer (the test signer in demos and tests).
    #[arg(long, env = "TAUAR_SIGNER_URL", default_value = web::settings::NCALAYER_URL)]
    pub signer_url: String,
    /// The OCSP responder asked about every certificate (`pki.ocsp.responders`, SIG-47),
    /// instead of the one the certificate's AIA names. Unreachable → the CRLs decide (per
    /// --revocation-mode).
    #[arg(long, env = "TAUAR_OCSP_URL")]
    pub ocsp_url: Option<String>,
    /// `pki.ocsp.responders` (SIG-57): `ISSUER=URL`, the responder of the certificates one CA
    /// issued, the CA named by its common name or DN (repeat the flag, or separate with `;`
    /// in TAUAR_PKI_OCSP_RESPONDERS). Asked before --ocsp-url and the AIA.
    #[arg(long = "ocsp-responder", env = "TAUAR_PKI_OCSP_RESPONDERS", value_delimiter = ';',
          value_parser = parse_responder)]
    pub ocsp_responders: Vec<(String, String)>,
    /// `pki.ocsp.timeout_ms`.
    #[arg(long, env = "TAUAR_PKI_OCSP_TIMEOUT_MS", default_value_t = 5000)]
    pub ocsp_timeout_ms: u64,
    /// `pki.revocation.mode` (SIG-49): OCSP, and the CRLs when OCSP is unavailable; or one of
    /// them only. `off` (nothing is checked) only in builds with the test kit: a production
    /// build refuses to start with it.
    #[arg(
        long,
        env = "TAUAR_PKI_REVOCATION_MODE",
        default_value = "ocsp_then_crl",
        value_parser = ["ocsp_then_crl", "crl_only", "ocsp_only", "off"]
    )]
    pub revocation_mode: String,
    /// `pki.allowed_hosts`: hosts (`host` or `host:port`, comma-separated) whose OCSP responder
    /// (AIA) and CRL distribution points, named in a signer's certificate, may be contacted;
    /// any other is never contacted (SSRF). `""` allows none. With --pki-dir, the test PKI's
    /// loopback address is added.
    #[arg(
        long,
        env = "TAUAR_PKI_ALLOWED_HOSTS",
        value_delimiter = ',',
        default_values = signatures::revocation::DEFAULT_ALLOWED_HOSTS
    )]
    pub pki_allowed_hosts: Vec<String>,
    /// `pki.crl.urls`: CRLs to download whatever the certificates name (comma-separated).
    #[arg(long = "crl-url", env = "TAUAR_PKI_CRL_URLS", value_delimiter = ',')]
    pub crl_urls: Vec<String>,
    /// `pki.crl.cache_dir`: where downloaded CRLs are kept, so a restart works offline
    /// (default `<data dir>/crl-cache`).
    #[arg(long, env = "TAUAR_PKI_CRL_CACHE_DIR")]
    pub crl_cache_dir: Option<PathBuf>,
    /// `pki.user_agent` of OCSP and CRL requests (default `Tauar/<version>`).
    #[arg(long, env = "TAUAR_PKI_USER_AGENT")]
    pub pki_user_agent: Option<String>,
}

impl PkiArgs {
    fn apply(&self, s: &mut Settings) {
        s.pki.test_pki_dir = self.pki_dir.clone();
        s.pki.trust_dir = self.trust_dir.clone();
        s.pki.crl_dir = self.crl_dir.clone();
        s.pki.signer_url = self.signer_url.clone();
        s.pki.allow_test_pki = cfg!(feature = "testkit");
        s.pki.ocsp_url = self.ocsp_url.clone();
        s.pki.ocsp_responders = self.ocsp_responders.clone();
        s.pki.ocsp_timeout_ms = self.ocsp_timeout_ms;
        s.pki.revocation_mode =
            signatures::RevocationMode::parse(&self.revocation_mode).unwrap_or_default();
        s.pki.allowed_hosts = self.pki_allowed_hosts.clone();
        // The test PKI's certificates name its services (`tauar pki serve`) on loopback.
        if let Some(base) = self.pki_dir.as_deref().and_then(test_pki_base_url) {
            s.pki.allowed_hosts.push(base);
        }
        s.pki.crl_urls = self.crl_urls.clone();
        s.pki.crl_cache_dir = self.crl_cache_dir.clone();
        s.pki.user_agent = self.pki_user_agent.clone();
    }

    /// SIG-65: `serve --demo` without any trust settings makes (or reuses) a test PKI in the
    /// data directory and trusts it.
    #[cfg(feature = "testkit")]
    fn demo_pki(&mut self, data_dir: &std::path::Path) -> anyhow::Result<()> {
        if self.pki_dir.is_some() || self.trust_dir.is_some() {
            return Ok(());
        }
        let dir = data_dir.join("pki");
        let outcome = pki::testkit::init(&dir, &pki::testkit::InitOptions::default())
            .map_err(|e| anyhow::anyhow!("demo test PKI in {}: {e}", dir.display()))?;
        if outcome == pki::testkit::InitOutcome::Created {
            tracing::info!(dir = %dir.display(), "demo test PKI created (TEST ONLY — NOT НУЦ РК)");
        }
        self.pki_dir = Some(dir);
        Ok(())
    }
}

/// `ISSUER=URL` of --ocsp-responder (the URL is the part after the last `=` that starts an
/// `http://` or `https://` address, since a DN has `=` of its own).
fn parse_responder(s: &str) -> Result<(String, String), String> {
    let bad = || format!("expected ISSUER=URL (an http:// or https:// URL), got {s:?}");
    let at = ["http://", "https://"]
        .iter()
        .filter_map(|p| s.rfind(p))
        .max()
        .ok_or_else(bad)?;
    let issuer = s[..at].trim_end().strip_suffix('=').ok_or_else(bad)?.trim();
    if issuer.is_empty() {
        return Err(format!("no issuer before the URL in {s:?}"));
    }
    Ok((issuer.to_string(), s[at..].trim().to_string()))
}

/// The `base_url` of a test PKI's manifest (where its CRL and OCSP services are served).
fn test_pki_base_url(dir: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("base_url")?
        .as_str()
        .map(|b| b.trim_end_matches('/').to_string())
}

#[derive(Subcommand, Debug)]
pub enum ImportWhat {
    /// The shipped reference dictionaries (КАТО, ОКЭД, КПВЭД, ТН ВЭД, МКЕИ, banks, …).
    Reference,
    /// A classifier from CSV or XLSX (layout: docs/import-formats.md).
    Classifier {
        /// enstru or oktru
        #[arg(long)]
        kind: String,
        /// The file (.csv or .xlsx).
        file: PathBuf,
    },
}

fn settings(data: &DataArgs) -> Settings {
    Settings {
        data_dir: data.data_dir.clone(),
        database_url: data.database_url.clone(),
        ..Settings::default()
    }
}

pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            data,
            listen,
            demo,
            goods,
            seed,
            public_url,
            smtp_url,
            mail_from,
            rate_limit_exempt,
            inis_file,
            signing_tsa,
            pki,
        } => {
            let mut s = Settings {
                listen,
                demo,
                demo_goods: goods,
                demo_seed: seed,
                public_url,
                ..settings(&data)
            };
            #[cfg(feature = "testkit")]
            let pki = {
                let mut pki = pki;
                if demo {
                    pki.demo_pki(&s.data_dir)?;
                }
                pki
            };
            pki.apply(&mut s);
            s.mail.smtp_url = smtp_url;
            s.mail.from = mail_from;
            s.rate_limit_exempt = rate_limit_exempt;
            s.inis_file = inis_file;
            s.pki.tsa = signing_tsa;
            tracing::info!(settings = ?s, "starting");
            let app = App::build(s).await.context("opening the data")?;
            let listener = app.listen().await?;
            tracing::info!(address = %listener.local_addr()?, "listening");
            app.serve(listener, shutdown_signal()).await?;
            Ok(())
        }
        Command::Import { data, what } => {
            let app = App::build(settings(&data)).await?;
            let state = Arc::clone(&app.state);
            state.db.migrate().await?;
            match what.unwrap_or(ImportWhat::Reference) {
                ImportWhat::Reference => {
                    let reports = crate::progress::follow(
                        &state,
                        refdata::load_all(&state.db, &|p: refdata::LoadProgress| {
                            state.set_status(
                                &format!("reference: {}", p.dict.name()),
                                p.done,
                                p.total,
                            )
                        }),
                    )
                    .await?;
                    for r in reports {
                        println!(
                            "{:<18} {:>8} rows{}",
                            r.dict.name(),
                            r.rows,
                            if r.skipped {
                                "  (unchanged, not loaded)"
                            } else {
                                ""
                            }
                        );
                    }
                }
                ImportWhat::Classifier { kind, file } => {
                    import_classifier(&state, &kind, &file).await?
                }
            }
            state.db.close().await;
            Ok(())
        }
        Command::Demo { data, goods, seed } => {
            let s = Settings {
                demo: true,
                demo_goods: goods,
                demo_seed: seed,
                ..settings(&data)
            };
            let app = App::build(s).await?;
            let state = Arc::clone(&app.state);
            let started = std::time::Instant::now();
            crate::progress::follow(&state, web::startup::bootstrap(Arc::clone(&state))).await?;
            let st = web::routes::goods::compute_stats(&state)
                .await
                .map_err(|e| anyhow::anyhow!("statistics: {:?}", e.cause))?;
            println!(
                "demo ready in {:.1} s: {} goods, {} suppliers, {} ОКТРУ kinds, {} ЕНС ТРУ codes indexed",
                started.elapsed().as_secs_f64(),
                st.goods,
                st.suppliers,
                st.kinds,
                state.codes.num_docs()
            );
            let st2 = Arc::clone(&state);
            tokio::task::spawn_blocking(move || {
                let _ = st2.goods.engine().close_writer();
                let _ = st2.codes.engine().close_writer();
            })
            .await?;
            state.db.close().await;
            Ok(())
        }
        Command::Bench { what } => crate::bench::run(what).await,
        #[cfg(feature = "testkit")]
        Command::Pki { command } => crate::pki_cli::run_async(command).await,
        #[cfg(feature = "testkit")]
        Command::Signer(args) => {
            tauar::signer::run(args, shutdown_signal()).await?;
            Ok(())
        }
        Command::Admin {
            what:
                AdminWhat::Grant {
                    data,
                    iin,
                    role,
                    reason,
                },
        } => {
            let s = settings(&data);
            let db = db::Db::connect(&s.database_url()).await?;
            db.migrate().await?;
            let id = accounts::new_banks::grant_role(
                &db,
                kernel::Millis::now(),
                &iin,
                &role,
                None,
                &reason,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e} ({})", e.code()))?;
            println!("granted {role} to {iin} (grant {id})");
            Ok(())
        }
        Command::Audit {
            what: AuditWhat::Verify { data, pki },
        } => {
            let mut s = settings(&data);
            pki.apply(&mut s);
            if crate::audit_cli::verify(s, None).await? {
                Ok(())
            } else {
                bail!("the audit log or a stored signature is broken (see above)")
            }
        }
    }
}

async fn import_classifier(
    state: &Arc<web::AppState>,
    kind: &str,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let progress =
        |p: classifier::import::ImportProgress| state.set_status("import", p.done, p.total);
    let opts = classifier::import::ImportOptions::new(&name, kernel::Millis::now());
    let result = match kind {
        "enstru" => {
            crate::progress::follow(
                state,
                classifier::import::import_enstru(&state.db, &bytes, &opts, &progress),
            )
            .await
        }
        "oktru" => {
            crate::progress::follow(
                state,
                classifier::import::import_oktru(&state.db, &bytes, &opts, &progress),
            )
            .await
        }
        other => bail!("unknown classifier {other:?}: use enstru or oktru"),
    };
    match result {
        Ok(r) => {
            println!(
                "{:?}: {:?}, version {}, {} rows: {} added, {} changed, {} removed, {} unchanged",
                r.kind, r.status, r.version, r.rows, r.added, r.changed, r.removed, r.unchanged
            );
            Ok(())
        }
        Err(classifier::ClassifierError::ImportInvalid { errors, total }) => {
            eprintln!("the file has {total} invalid row(s); nothing was imported:");
            for e in &errors {
                let column = e.column.as_deref().unwrap_or("-");
                eprintln!(
                    "  row {}, column {column}: {} ({})",
                    e.row, e.message, e.reason
                );
            }
            if total > errors.len() {
                eprintln!("  … and {} more", total - errors.len());
            }
            bail!("import refused")
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod responder_tests {
    use super::parse_responder;

    #[test]
    fn sig_57_ocsp_responder_flag_takes_a_dn_with_its_own_equals_signs() {
        assert_eq!(
            parse_responder("CN=НУЦ РК (RSA),C=KZ=http://ocsp.pki.gov.kz").unwrap(),
            (
                "CN=НУЦ РК (RSA),C=KZ".to_string(),
                "http://ocsp.pki.gov.kz".to_string()
            )
        );
        assert_eq!(
            parse_responder("НУЦ РК (GOST) = https://ocsp.pki.gov.kz/ ").unwrap(),
            (
                "НУЦ РК (GOST)".to_string(),
                "https://ocsp.pki.gov.kz/".to_string()
            )
        );
        assert!(parse_responder("http://ocsp.pki.gov.kz").is_err());
        assert!(parse_responder("=http://ocsp.pki.gov.kz").is_err());
        assert!(parse_responder("НУЦ=ftp://x").is_err());
    }
}
