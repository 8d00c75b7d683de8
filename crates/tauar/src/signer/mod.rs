//! `tauar signer` — an NCALayer-compatible local signer over the test PKI (spec/signatures.md
//! §5.4, SIG-66…SIG-69; protocol of §3, SIG-28…SIG-31). TEST ONLY: it signs with the key
//! stores of `tauar pki init` and refuses any other (SIG-61).
//!
//! A WebSocket server on loopback (`wss://` with `DIR/tls`, or `ws://` with `--tls off`/
//! `--plain`) that greets, echoes the heartbeat and answers `kz.gov.pki.knca.basics` `sign`
//! and `kz.gov.pki.knca.commonUtils` exactly as NCALayer does, so the same browser module
//! (`ncalayer-2.js`) runs against it and against the real NCALayer (SIG-35).
//!
//! - [`protocol`] — message shapes; [`choose`] — persona matching (SIG-67);
//! - [`answer`] — one request → one answer; [`keys`] — key stores, CMS, KeyInfo;
//! - [`control`] — the control port (SIG-68); [`tls`] — loopback TLS (SIG-69).
//!
//! [`spawn`] starts it inside a test process; [`run`] is the command.

pub mod answer;
pub mod choose;
pub mod control;
pub mod keys;
pub mod protocol;
pub mod tls;

use crate::error::ServiceError;
use crate::loopback;
use answer::{Outcome, Session};
use control::Control;
use futures_util::{SinkExt, StreamExt};
use keys::Keys;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};
use tokio_tungstenite::tungstenite::Message;

/// NCALayer's address (SIG-28).
pub const DEFAULT_LISTEN: &str = "127.0.0.1:13579";

/// `--tls on|off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// The command line of `tauar signer` (SIG-66).
#[derive(clap::Args, Debug, Clone)]
pub struct SignerArgs {
    /// The test PKI made by `tauar pki init`.
    #[arg(long)]
    pub dir: PathBuf,
    /// Sign with this persona whenever it matches the request's filters (SIG-67).
    #[arg(long)]
    pub persona: Option<String>,
    /// Loopback address to listen on (NCALayer's is 127.0.0.1:13579).
    #[arg(long, default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// wss:// with DIR/tls (on) or plain ws:// (off), SIG-69.
    #[arg(long, value_enum, default_value_t = OnOff::On)]
    pub tls: OnOff,
    /// Same as --tls off.
    #[arg(long)]
    pub plain: bool,
    /// Loopback address of the control port (POST /next, GET /requests, POST /reset; SIG-68).
    #[arg(long)]
    pub control: Option<SocketAddr>,
    /// Answer kz.gov.pki.knca.basics with MODULE_NOT_FOUND, like an old NCALayer (SIG-31).
    #[arg(long)]
    pub disable_basics: bool,
    /// Print the base64 SHA-256 of the TLS leaf's SPKI (for Chromium's
    /// --ignore-certificate-errors-spki-list) and exit.
    #[arg(long)]
    pub print_spki: bool,
}

/// How the signer behaves (the command line without the addresses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerConfig {
    pub dir: PathBuf,
    pub persona: Option<String>,
    pub tls: bool,
    pub disable_basics: bool,
}

impl SignerConfig {
    /// A plain-`ws://` signer over `dir`, no fixed persona, basics on.
    pub fn plain(dir: impl Into<PathBuf>) -> SignerConfig {
        SignerConfig {
            dir: dir.into(),
            persona: None,
            tls: false,
            disable_basics: false,
        }
    }
}

/// A running signer; stopped by [`SignerHandle::stop`] or when dropped (open connections are
/// dropped too, as when NCALayer exits).
pub struct SignerHandle {
    addr: SocketAddr,
    control_addr: Option<SocketAddr>,
    tls: bool,
    tasks: Vec<JoinHandle<()>>,
}

impl SignerHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `ws://127.0.0.1:PORT` or `wss://127.0.0.1:PORT` — the page's `signer.url`.
    pub fn url(&self) -> String {
        let scheme = if self.tls { "wss" } else { "ws" };
        format!("{scheme}://{}", self.addr)
    }

    /// `http://127.0.0.1:PORT` of the control port, when it is on.
    pub fn control_url(&self) -> Option<String> {
        self.control_addr.map(|a| format!("http://{a}"))
    }

    pub async fn stop(mut self) {
        for t in self.tasks.drain(..) {
            t.abort();
            let _ = t.await;
        }
    }
}

impl Drop for SignerHandle {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Starts the signer on `listener` (and the control port on `control`), both bound to
/// loopback, inside the current Tokio runtime. Refuses a directory or key store that is not
/// Tauar's test PKI (SIG-61) before accepting anything.
pub async fn spawn(
    config: SignerConfig,
    listener: TcpListener,
    control: Option<TcpListener>,
) -> Result<SignerHandle, ServiceError> {
    let addr = loopback::local_addr(&listener)?;
    let control_addr = control.as_ref().map(loopback::local_addr).transpose()?;
    let dir = config.dir.clone();
    let fixed = config.persona.clone();
    let keys = tokio::task::spawn_blocking(move || -> Result<Keys, ServiceError> {
        let keys = Keys::open(&dir)?;
        if let Some(p) = &fixed {
            // Fail now, not at the first request: unknown persona or unmarked key store.
            keys.signer(p)?;
        }
        Ok(keys)
    })
    .await
    .map_err(|e| ServiceError::Config(e.to_string()))??;
    let acceptor = if config.tls {
        Some(tls::acceptor(keys.pki())?)
    } else {
        None
    };
    let personas: Vec<String> = keys.personas().iter().map(|p| p.name.clone()).collect();
    let ctl = Arc::new(Control::default());
    let session = Arc::new(Session {
        keys: Arc::new(keys),
        control: Arc::clone(&ctl),
        persona: config.persona.clone(),
        disable_basics: config.disable_basics,
    });
    let mut tasks = vec![tokio::spawn(accept_loop(listener, acceptor, session))];
    if let Some(l) = control {
        let app = control::router(ctl, personas);
        tasks.push(tokio::spawn(async move {
            if let Err(e) = axum::serve(l, app).await {
                tracing::error!(error = %e, "signer control port stopped");
            }
        }));
    }
    Ok(SignerHandle {
        addr,
        control_addr,
        tls: config.tls,
        tasks,
    })
}

/// `tauar signer …`: serves until `shutdown` completes (or prints the SPKI and returns).
pub async fn run(args: SignerArgs, shutdown: impl Future<Output = ()>) -> Result<(), ServiceError> {
    if args.print_spki {
        let pki = pki::testkit::TestPki::open(&args.dir)?;
        println!("{}", tls::spki_sha256_base64(&pki));
        return Ok(());
    }
    loopback::check(args.listen)?;
    if let Some(c) = args.control {
        loopback::check(c)?;
    }
    let listener = loopback::bind(
        args.listen,
        "a real NCALayer (or another `tauar signer`) is probably running; close it or pass \
         --listen 127.0.0.1:<other port> and point the server's --signer-url there",
    )
    .await?;
    let control = match args.control {
        Some(c) => Some(loopback::bind(c, "pass --control 127.0.0.1:<other port>").await?),
        None => None,
    };
    let config = SignerConfig {
        dir: args.dir.clone(),
        persona: args.persona.clone(),
        tls: args.tls == OnOff::On && !args.plain,
        disable_basics: args.disable_basics,
    };
    let handle = spawn(config, listener, control).await?;
    println!(
        "tauar signer: {} for {}{}{}",
        handle.url(),
        args.dir.display(),
        handle
            .control_url()
            .map(|u| format!(", control {u}"))
            .unwrap_or_default(),
        if args.disable_basics {
            " (basics disabled)"
        } else {
            ""
        }
    );
    println!("{}", pki::testkit::manifest::WARNING);
    shutdown.await;
    handle.stop().await;
    Ok(())
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    session: Arc<Session>,
) {
    // Dropping the set (when this task is aborted) drops every open connection.
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                if !peer.ip().is_loopback() {
                    continue;
                }
                let session = Arc::clone(&session);
                let acceptor = acceptor.clone();
                conns.spawn(async move {
                    match acceptor {
                        Some(a) => match a.accept(stream).await {
                            Ok(tls) => serve_ws(tls, session).await,
                            Err(e) => tracing::debug!(error = %e, "TLS handshake failed"),
                        },
                        None => serve_ws(stream, session).await,
                    }
                });
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
}

/// One WebSocket: the greeting, then one answer per request, in order (SIG-29).
async fn serve_ws<S>(stream: S, session: Arc<Session>)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let ws = match tokio_tungstenite::accept_async(stream).await {
        Ok(ws) => ws,
        Err(e) => {
            tracing::debug!(error = %e, "WebSocket handshake failed");
            return;
        }
    };
    let (mut tx, mut rx) = ws.split();
    if tx.send(Message::text(protocol::GREETING)).await.is_err() {
        return;
    }
    while let Some(Ok(msg)) = rx.next().await {
        let text = match msg {
            Message::Text(t) => t,
            Message::Close(_) => break,
            _ => continue,
        };
        if text.as_str() == protocol::HEARTBEAT {
            if tx.send(Message::Text(text)).await.is_err() {
                break;
            }
            continue;
        }
        match session.answer(text.as_str()).await {
            Outcome::Reply(v) => {
                if tx.send(Message::text(v.to_string())).await.is_err() {
                    break;
                }
            }
            Outcome::Close => {
                let _ = tx.send(Message::Close(None)).await;
                break;
            }
        }
    }
}
