//! `tauar pki serve` (spec/signatures.md SIG-64): the test PKI's OCSP responder, CRL
//! distribution point and time-stamping authority over HTTP, on loopback only, with the fault
//! injection the acceptance tests need.
//!
//! - `POST /ocsp/` — RFC 6960 (`application/ocsp-request` → `application/ocsp-response`):
//!   good / revoked / unknown from the directory's current `state.json`, nonce echoed;
//! - `GET /crl/<ca>.crl`, `GET /crl/<ca>_d.crl` — the CRLs of `DIR/crl` (`application/pkix-crl`);
//! - `POST /tsp/` — RFC 3161 (`application/timestamp-query` → `application/timestamp-reply`);
//! - `POST /control/ocsp {"mode": "ok"|"down"|"timeout"|"garbage"|"bad_signature"|"wrong_nonce"|"unknown"}`,
//!   `POST /control/crl {"mode": "ok"|"down"|"stale"}`, `POST /control/tsp {"gen_time": RFC 3339|null}`
//!   (back-dates the next token only), `GET /control` — the current modes.
//!
//! `down` answers 503; OCSP `timeout` answers (a normal response) only after
//! [`TIMEOUT_DELAY`]. The directory is re-read on every request, so `tauar pki revoke` is seen
//! at once. The answers themselves come from `pki::testkit` (pure functions); this module only
//! moves bytes. [`spawn`] runs the service inside a test process; [`run`] is the command.

use crate::error::ServiceError;
use crate::loopback;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use kernel::Millis;
use pki::testkit::state::{parse_time, rfc3339};
use pki::testkit::{CrlMode, OcspMode, OcspReply, TestPki, TspMode};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long an OCSP answer takes in `timeout` mode (longer than any client waits, SIG-49).
pub const TIMEOUT_DELAY: Duration = Duration::from_secs(10);

/// The default `--listen`: the port `tauar pki init`'s default `--base-url` points at.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:13590";

/// The fault modes set through `/control/*`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modes {
    pub ocsp: OcspMode,
    pub crl: CrlMode,
    /// Applies to the next token only, then returns to `Ok`.
    pub tsp: TspMode,
}

struct Shared {
    dir: PathBuf,
    modes: Mutex<Modes>,
}

impl Shared {
    fn modes(&self) -> Modes {
        self.modes.lock().map(|m| *m).unwrap_or_default()
    }

    fn update(&self, f: impl FnOnce(&mut Modes)) -> Modes {
        match self.modes.lock() {
            Ok(mut m) => {
                f(&mut m);
                *m
            }
            Err(_) => Modes::default(),
        }
    }
}

/// A running `pki serve`; stopped by [`PkiServer::stop`] or when dropped.
pub struct PkiServer {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl PkiServer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the `--base-url` of `tauar pki init` that points here.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting and waits for the server task.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            // In-flight `timeout` answers would hold a graceful stop for 10 s.
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for PkiServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Starts the service on `listener` (which must be bound to a loopback address) for the test
/// PKI in `dir`, inside the current Tokio runtime.
pub fn spawn(dir: &Path, listener: TcpListener) -> Result<PkiServer, ServiceError> {
    let addr = loopback::local_addr(&listener)?;
    TestPki::open(dir)?;
    let shared = Arc::new(Shared {
        dir: dir.to_path_buf(),
        modes: Mutex::new(Modes::default()),
    });
    let (tx, rx) = oneshot::channel::<()>();
    let app = router(shared);
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "pki serve stopped");
        }
    });
    Ok(PkiServer {
        addr,
        shutdown: Some(tx),
        task: Some(task),
    })
}

/// `tauar pki serve --dir DIR --listen ADDR`: serves until `shutdown` completes.
pub async fn run(
    dir: &Path,
    listen: SocketAddr,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServiceError> {
    let listener = loopback::bind(
        listen,
        "another `tauar pki serve` may be running; pass --listen 127.0.0.1:<other port> (and \
         the same port in `tauar pki init --base-url`)",
    )
    .await?;
    let server = spawn(dir, listener)?;
    println!(
        "tauar pki serve: {} (OCSP {0}/ocsp/, CRLs {0}/crl/<ca>.crl, TSA {0}/tsp/) for {}",
        server.url(),
        dir.display()
    );
    println!("{}", pki::testkit::manifest::WARNING);
    shutdown.await;
    server.stop().await;
    Ok(())
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/ocsp", post(ocsp))
        .route("/ocsp/", post(ocsp))
        .route("/crl/{file}", get(crl))
        .route("/tsp", post(tsp))
        .route("/tsp/", post(tsp))
        .route("/control", get(control_get))
        .route("/control/ocsp", post(control_ocsp))
        .route("/control/crl", post(control_crl))
        .route("/control/tsp", post(control_tsp))
        .with_state(shared)
}

fn der(content_type: &'static str, bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
}

fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "tauar pki serve: down (fault injection)",
    )
        .into_response()
}

fn failure(e: impl std::fmt::Display) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
}

/// Opens the directory and runs `f` off the async workers (RSA signing is CPU work).
async fn with_pki<T: Send + 'static>(
    shared: &Shared,
    f: impl FnOnce(&TestPki) -> Result<T, pki::PkiError> + Send + 'static,
) -> Result<T, Response> {
    let dir = shared.dir.clone();
    match tokio::task::spawn_blocking(move || TestPki::open(&dir).and_then(|p| f(&p))).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(failure(e)),
        Err(e) => Err(failure(e)),
    }
}

async fn ocsp(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let mode = shared.modes().ocsp;
    let req = body.to_vec();
    let reply = match with_pki(&shared, move |p| {
        Ok(p.ocsp_responder()?.respond(&req, p.clock()?, mode))
    })
    .await
    {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    match reply {
        OcspReply::Response(bytes) => der("application/ocsp-response", bytes),
        OcspReply::Down => unavailable(),
        OcspReply::Timeout => {
            tokio::time::sleep(TIMEOUT_DELAY).await;
            let req = body.to_vec();
            match with_pki(&shared, move |p| {
                Ok(p.ocsp_responder()?.respond(&req, p.clock()?, OcspMode::Ok))
            })
            .await
            {
                Ok(OcspReply::Response(bytes)) => der("application/ocsp-response", bytes),
                Ok(_) => unavailable(),
                Err(resp) => resp,
            }
        }
    }
}

async fn crl(State(shared): State<Arc<Shared>>, UrlPath(file): UrlPath<String>) -> Response {
    let Some(stem) = file.strip_suffix(".crl") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (ca, delta) = match stem.strip_suffix("_d") {
        Some(ca) => (ca.to_string(), true),
        None => (stem.to_string(), false),
    };
    if !pki::testkit::dir::CRL_CAS.contains(&ca.as_str()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mode = shared.modes().crl;
    match with_pki(&shared, move |p| p.crl_bytes(&ca, delta, mode, p.clock()?)).await {
        Ok(Some(bytes)) => der("application/pkix-crl", bytes),
        Ok(None) => unavailable(),
        Err(resp) => resp,
    }
}

async fn tsp(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    // The back-dated genTime is for the next token only.
    let mut mode = TspMode::Ok;
    shared.update(|m| {
        mode = m.tsp;
        m.tsp = TspMode::Ok;
    });
    let req = body.to_vec();
    match with_pki(&shared, move |p| {
        Ok(p.tsa()?.respond(&req, p.clock()?, mode))
    })
    .await
    {
        Ok(bytes) => der("application/timestamp-reply", bytes),
        Err(resp) => resp,
    }
}

fn ocsp_name(m: OcspMode) -> &'static str {
    match m {
        OcspMode::Ok => "ok",
        OcspMode::Down => "down",
        OcspMode::Timeout => "timeout",
        OcspMode::Garbage => "garbage",
        OcspMode::BadSignature => "bad_signature",
        OcspMode::WrongNonce => "wrong_nonce",
        OcspMode::Unknown => "unknown",
    }
}

fn crl_name(m: CrlMode) -> &'static str {
    match m {
        CrlMode::Ok => "ok",
        CrlMode::Down => "down",
        CrlMode::Stale => "stale",
    }
}

fn modes_json(m: Modes) -> Response {
    let gen_time = match m.tsp {
        TspMode::Ok => Value::Null,
        TspMode::BackDate(t) => json!(rfc3339(t)),
    };
    axum::Json(json!({
        "ocsp": ocsp_name(m.ocsp),
        "crl": crl_name(m.crl),
        "tsp": {"gen_time": gen_time},
    }))
    .into_response()
}

fn bad_request(detail: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({ "error": detail })),
    )
        .into_response()
}

fn body_json(body: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))
}

async fn control_get(State(shared): State<Arc<Shared>>) -> Response {
    modes_json(shared.modes())
}

async fn control_ocsp(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let v = match body_json(&body) {
        Ok(v) => v,
        Err(e) => return bad_request(e),
    };
    let name = v.get("mode").and_then(Value::as_str).unwrap_or_default();
    match OcspMode::parse(name) {
        Some(mode) => modes_json(shared.update(|m| m.ocsp = mode)),
        None => bad_request(format!(
            "unknown OCSP mode {name:?}: ok, down, timeout, garbage, bad_signature, wrong_nonce, unknown"
        )),
    }
}

async fn control_crl(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let v = match body_json(&body) {
        Ok(v) => v,
        Err(e) => return bad_request(e),
    };
    let name = v.get("mode").and_then(Value::as_str).unwrap_or_default();
    match CrlMode::parse(name) {
        Some(mode) => modes_json(shared.update(|m| m.crl = mode)),
        None => bad_request(format!("unknown CRL mode {name:?}: ok, down, stale")),
    }
}

async fn control_tsp(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let v = match body_json(&body) {
        Ok(v) => v,
        Err(e) => return bad_request(e),
    };
    let mode = match v.get("gen_time") {
        None | Some(Value::Null) => TspMode::Ok,
        Some(Value::String(s)) => match parse_time(s) {
            Ok(t) => TspMode::BackDate(t),
            Err(e) => return bad_request(format!("gen_time: {e}")),
        },
        Some(Value::Number(n)) => match n.as_i64() {
            // Unix milliseconds, for scripts that compute times.
            Some(ms) => TspMode::BackDate(Millis(ms)),
            None => return bad_request("gen_time: not an integer".into()),
        },
        Some(_) => return bad_request("gen_time: an RFC 3339 time, unix ms or null".into()),
    };
    modes_json(shared.update(|m| m.tsp = mode))
}
