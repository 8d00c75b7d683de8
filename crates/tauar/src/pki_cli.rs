//! `tauar pki …` (spec/signatures.md §5.1, §5.2, SIG-59…SIG-64): the test PKI in the НУЦ РК
//! profile — `init`, `revoke`, `unhold`, `crl`, and `serve` (its OCSP, CRL and TSA services). TEST ONLY: nothing made here is НУЦ РК's, and a
//! production deployment refuses it (SIG-57, SIG-61). The work is in `pki::testkit`; this is
//! the command line around it.

use clap::Subcommand;
use pki::testkit::{InitOptions, InitOutcome, TestPki, init, state::parse_time};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum PkiCommand {
    /// Make a test PKI: CAs, personas' key stores, CRLs, TLS, manifest.json (SIG-59).
    Init {
        /// Directory to write; an existing test PKI is kept unless --force.
        #[arg(long)]
        dir: PathBuf,
        /// Anchor of every validity period (RFC 3339, e.g. 2026-12-01T04:00:00Z); default now.
        #[arg(long)]
        now: Option<String>,
        /// Seed of keys, serials and file names: the same seed gives the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where CRL distribution points, Freshest CRL and OCSP point.
        #[arg(long, default_value = pki::testkit::DEFAULT_BASE_URL)]
        base_url: String,
        /// Replace an existing test PKI in DIR.
        #[arg(long)]
        force: bool,
    },
    /// Revoke (or hold, with --reason certificateHold) a persona's certificate (SIG-63).
    Revoke {
        #[arg(long)]
        dir: PathBuf,
        /// Persona name from manifest.json (e.g. superseded-sign).
        persona: String,
        /// RFC 5280 reason: keyCompromise, superseded, certificateHold, affiliationChanged, …
        #[arg(long)]
        reason: String,
        /// Revocation time (RFC 3339); default: the PKI's clock.
        #[arg(long)]
        at: Option<String>,
        /// invalidityDate of the CRL entry (RFC 3339).
        #[arg(long)]
        invalidity_date: Option<String>,
    },
    /// Lift a certificateHold: the delta CRL lists removeFromCRL (SIG-63).
    Unhold {
        #[arg(long)]
        dir: PathBuf,
        persona: String,
        /// When the hold is lifted (RFC 3339); default: the PKI's clock.
        #[arg(long)]
        at: Option<String>,
    },
    /// Serve OCSP, CRLs and timestamps of the test PKI on loopback, with fault injection (SIG-64).
    Serve {
        #[arg(long)]
        dir: PathBuf,
        /// Loopback address (the port of `pki init --base-url`).
        #[arg(long, default_value = tauar::pki_serve::DEFAULT_LISTEN)]
        listen: SocketAddr,
    },
    /// Issue new full and delta CRLs for every CA (SIG-63).
    Crl {
        #[arg(long)]
        dir: PathBuf,
        /// thisUpdate of the new CRLs (RFC 3339); default: the PKI's clock.
        #[arg(long)]
        now: Option<String>,
    },
}

fn time(s: Option<&str>) -> Result<Option<kernel::Millis>, pki::PkiError> {
    s.map(parse_time).transpose()
}

/// Runs a `pki` command: `serve` on the runtime, the others (CPU work) off the async workers.
pub async fn run_async(cmd: PkiCommand) -> anyhow::Result<()> {
    match cmd {
        PkiCommand::Serve { dir, listen } => {
            tauar::pki_serve::run(&dir, listen, crate::cli::shutdown_signal()).await?;
            Ok(())
        }
        other => tokio::task::spawn_blocking(move || run(other))
            .await?
            .map_err(|e| anyhow::anyhow!("{e}")),
    }
}

pub fn run(cmd: PkiCommand) -> Result<(), pki::PkiError> {
    match cmd {
        PkiCommand::Serve { .. } => {
            return Err(pki::PkiError::testkit(
                "`pki serve` runs on the async runtime",
            ));
        }
        PkiCommand::Init {
            dir,
            now,
            seed,
            base_url,
            force,
        } => {
            let started = std::time::Instant::now();
            let opts = InitOptions {
                now: time(now.as_deref())?,
                seed,
                base_url,
                force,
            };
            match init(&dir, &opts)? {
                InitOutcome::Kept => {
                    println!(
                        "kept the existing test PKI in {} (use --force to replace it)",
                        dir.display()
                    );
                }
                InitOutcome::Created => {
                    let pki = TestPki::open(&dir)?;
                    let m = pki.manifest();
                    println!(
                        "test PKI in {}: {} CAs, {} personas (password {}), now {}, seed {}, {:.1} s",
                        dir.display(),
                        m.cas.len(),
                        m.personas.len(),
                        m.password,
                        m.now,
                        m.seed,
                        started.elapsed().as_secs_f64()
                    );
                    println!("trust store: {}", dir.join("trust").display());
                    println!("{}", pki::testkit::manifest::WARNING);
                }
            }
        }
        PkiCommand::Revoke {
            dir,
            persona,
            reason,
            at,
            invalidity_date,
        } => {
            let reason = pki::CrlReason::from_name(&reason).ok_or_else(|| {
                pki::PkiError::testkit(format!(
                    "unknown reason {reason:?}: use an RFC 5280 name such as keyCompromise, \
                     superseded, certificateHold"
                ))
            })?;
            let mut pki = TestPki::open(&dir)?;
            pki.revoke(
                &persona,
                reason,
                time(at.as_deref())?,
                time(invalidity_date.as_deref())?,
            )?;
            println!(
                "revoked {persona} ({}); CRLs regenerated in {}",
                reason.name(),
                dir.join("crl").display()
            );
        }
        PkiCommand::Unhold { dir, persona, at } => {
            let mut pki = TestPki::open(&dir)?;
            pki.unhold(&persona, time(at.as_deref())?)?;
            println!(
                "hold of {persona} lifted; CRLs regenerated in {}",
                dir.join("crl").display()
            );
        }
        PkiCommand::Crl { dir, now } => {
            let mut pki = TestPki::open(&dir)?;
            pki.regenerate_crls(time(now.as_deref())?)?;
            println!("CRLs regenerated in {}", dir.join("crl").display());
        }
    }
    Ok(())
}
