//! The signer's control port (spec/signatures.md SIG-68; the idea of sigex's ncalayer-mocker):
//! HTTP on loopback, off unless `--control` is given.
//!
//! - `POST /next {"persona":"org1-head-sign","action":"sign"|"cancel"|"error"|"close"|"delay","delay_ms":…}`
//!   queues the answer to the next request that opens NCALayer's key dialog (basics `sign`,
//!   commonUtils `getKeyInfo`, `createCAdESFromBase64`, `createCMSSignatureFromBase64`;
//!   `getActiveTokens`, `changeLocale` and heartbeats take nothing from the queue). `error` may
//!   carry `code` and `message`; `delay_ms` delays any action (`delay` = sign after the delay);
//! - `GET /requests` — every request received: module, method, params without the data, the
//!   SHA-256 of the data, and which persona answered how;
//! - `POST /reset` — empties the queue and the request log.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// What the simulated user does in the key dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    #[default]
    Sign,
    Cancel,
    Error,
    /// Close the WebSocket without answering.
    Close,
    /// Sign after `delay_ms`.
    Delay,
}

/// One queued answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NextAction {
    #[serde(default)]
    pub persona: Option<String>,
    #[serde(default)]
    pub action: ActionKind,
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// For `error`: the basics `code` (default SIGNING_FAILURE).
    #[serde(default)]
    pub code: Option<String>,
    /// For `error`: the message (commonUtils `message`).
    #[serde(default)]
    pub message: Option<String>,
}

/// One line of `GET /requests`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestLog {
    pub seq: u64,
    pub module: String,
    pub method: String,
    pub params: Value,
    pub data_sha256: Option<String>,
    /// The persona that signed or was shown (none for cancels and non-dialog calls).
    pub persona: Option<String>,
    /// `signed`, `cancelled`, `error`, `closed`, `answered`, `module_not_found`, `pending`.
    pub outcome: String,
}

/// The queue and the log, shared by the connections and the control port.
#[derive(Debug, Default)]
pub struct Control {
    queue: Mutex<VecDeque<NextAction>>,
    log: Mutex<Vec<RequestLog>>,
}

impl Control {
    pub fn push(&self, a: NextAction) -> usize {
        match self.queue.lock() {
            Ok(mut q) => {
                q.push_back(a);
                q.len()
            }
            Err(_) => 0,
        }
    }

    /// The action for a dialog request (the default `sign` when nothing is queued).
    pub fn pop(&self) -> Option<NextAction> {
        self.queue.lock().ok().and_then(|mut q| q.pop_front())
    }

    pub fn reset(&self) {
        if let Ok(mut q) = self.queue.lock() {
            q.clear();
        }
        if let Ok(mut l) = self.log.lock() {
            l.clear();
        }
    }

    /// Logs a request as `pending`; returns its sequence number.
    pub fn record(&self, module: &str, method: &str, params: Value, sha: Option<String>) -> u64 {
        match self.log.lock() {
            Ok(mut l) => {
                let seq = l.len() as u64 + 1;
                l.push(RequestLog {
                    seq,
                    module: module.to_string(),
                    method: method.to_string(),
                    params,
                    data_sha256: sha,
                    persona: None,
                    outcome: "pending".into(),
                });
                seq
            }
            Err(_) => 0,
        }
    }

    /// Sets the outcome of request `seq`.
    pub fn finish(&self, seq: u64, persona: Option<&str>, outcome: &str) {
        if let Ok(mut l) = self.log.lock()
            && let Some(e) = l.iter_mut().find(|e| e.seq == seq)
        {
            e.persona = persona.map(str::to_string);
            e.outcome = outcome.to_string();
        }
    }

    pub fn requests(&self) -> Vec<RequestLog> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

struct ControlState {
    control: Arc<Control>,
    personas: Vec<String>,
}

/// The control port's routes; `personas` are the names `POST /next` accepts.
pub fn router(control: Arc<Control>, personas: Vec<String>) -> Router {
    Router::new()
        .route("/next", post(next))
        .route("/requests", get(requests))
        .route("/reset", post(reset))
        .with_state(Arc::new(ControlState { control, personas }))
}

fn bad_request(detail: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({ "error": detail })),
    )
        .into_response()
}

async fn next(State(s): State<Arc<ControlState>>, body: Bytes) -> Response {
    let a: NextAction = match serde_json::from_slice(&body) {
        Ok(a) => a,
        Err(e) => {
            return bad_request(format!(
                "expected {{\"persona\"?, \"action\": sign|cancel|error|close|delay, \"delay_ms\"?}}: {e}"
            ));
        }
    };
    if let Some(p) = &a.persona
        && !s.personas.iter().any(|n| n == p)
    {
        return bad_request(format!("no persona {p:?} in manifest.json"));
    }
    let queued = s.control.push(a);
    axum::Json(json!({ "queued": queued })).into_response()
}

async fn requests(State(s): State<Arc<ControlState>>) -> Response {
    axum::Json(s.control.requests()).into_response()
}

async fn reset(State(s): State<Arc<ControlState>>) -> Response {
    s.control.reset();
    axum::Json(json!({ "reset": true })).into_response()
}
