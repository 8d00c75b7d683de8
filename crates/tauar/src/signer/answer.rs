//! One request in, one answer out (spec/signatures.md SIG-29…SIG-31, SIG-66…SIG-68): routes a
//! request to `basics` or `commonUtils`, takes the control port's next action for the
//! requests that open NCALayer's key dialog, chooses the persona (SIG-67), signs off the async
//! workers and logs the request for `GET /requests`.

use super::choose::{self, KeyFilter};
use super::control::{ActionKind, Control, NextAction};
use super::keys::Keys;
use super::protocol::{
    self, BASICS, BasicsSign, COMMON_UTILS, CadesArgs, FILE_STORAGE, Request, basics, common,
};
use base64ct::{Base64, Encoding};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// What the connection does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Reply(Value),
    /// Close the WebSocket without answering (control action `close`).
    Close,
}

/// Everything a connection needs.
pub struct Session {
    pub keys: Arc<Keys>,
    pub control: Arc<Control>,
    /// `--persona`.
    pub persona: Option<String>,
    /// `--disable-basics`: answer `basics` as an old NCALayer would (MODULE_NOT_FOUND).
    pub disable_basics: bool,
}

/// The dialog's result before it is put in a module's envelope.
enum Dialog {
    Signed { persona: String, value: Value },
    Cancelled,
    Error { code: String, message: String },
    Close,
}

impl Session {
    /// Answers one text message (not the heartbeat).
    pub async fn answer(&self, text: &str) -> Outcome {
        let req = match Request::parse(text) {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Reply(basics::error(basics::GENERAL_ERROR, &e));
            }
        };
        let (params, sha) = protocol::redact(&req);
        let seq = self.control.record(&req.module, &req.method, params, sha);
        let (outcome, persona, label) = match req.module.as_str() {
            BASICS if !self.disable_basics => self.basics(&req).await,
            COMMON_UTILS => self.common(&req).await,
            _ => (
                Outcome::Reply(protocol::module_not_found()),
                None,
                "module_not_found",
            ),
        };
        self.control.finish(seq, persona.as_deref(), label);
        outcome
    }

    /// The dialog: the queued action (or `sign`), the persona, the signature(s).
    async fn dialog<F>(&self, filter: &KeyFilter, work: F) -> Dialog
    where
        F: FnOnce(&Keys, &str) -> Result<Value, crate::ServiceError> + Send + 'static,
    {
        let action = self.control.pop().unwrap_or_default();
        if let Some(ms) = action.delay_ms.filter(|ms| *ms > 0) {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        match action.action {
            ActionKind::Cancel => return Dialog::Cancelled,
            ActionKind::Close => return Dialog::Close,
            ActionKind::Error => return error_of(&action),
            ActionKind::Sign | ActionKind::Delay => {}
        }
        let Some(persona) = choose::choose(
            self.keys.personas(),
            filter,
            self.persona.as_deref(),
            action.persona.as_deref(),
        )
        .map(|p| p.name.clone()) else {
            return Dialog::Cancelled;
        };
        let keys = Arc::clone(&self.keys);
        let name = persona.clone();
        match tokio::task::spawn_blocking(move || work(&keys, &name)).await {
            Ok(Ok(value)) => Dialog::Signed { persona, value },
            Ok(Err(e)) => Dialog::Error {
                code: basics::SIGNING_FAILURE.into(),
                message: e.to_string(),
            },
            Err(e) => Dialog::Error {
                code: basics::GENERAL_ERROR.into(),
                message: e.to_string(),
            },
        }
    }

    async fn basics(&self, req: &Request) -> (Outcome, Option<String>, &'static str) {
        if req.method != "sign" {
            let msg = format!("method.unsupported: {}", req.method);
            return (
                Outcome::Reply(basics::error(basics::INVOCATION_ERROR, &msg)),
                None,
                "error",
            );
        }
        let s = match BasicsSign::parse(&req.args) {
            Ok(s) => s,
            Err((code, msg)) => return (Outcome::Reply(basics::error(code, &msg)), None, "error"),
        };
        if s.storages_exclude_files {
            // No file key store may be offered: the dialog would be empty.
            let _ = self.control.pop();
            return (Outcome::Reply(basics::cancelled()), None, "cancelled");
        }
        let (data, detached, tsp, output_cert) =
            (s.data.clone(), !s.encapsulate, s.timestamp, s.output_cert);
        let d = self
            .dialog(&s.filter, move |keys, persona| {
                let mut sigs = Vec::new();
                for item in &data {
                    sigs.push(json!(Base64::encode_string(
                        &keys.sign(persona, item, detached, tsp)?
                    )));
                }
                if output_cert {
                    Ok(json!({"signatures": sigs, "certificate": keys.certificate_b64(persona)?}))
                } else {
                    Ok(Value::Array(sigs))
                }
            })
            .await;
        match d {
            Dialog::Signed { persona, value } => {
                (Outcome::Reply(basics::ok(value)), Some(persona), "signed")
            }
            Dialog::Cancelled => (Outcome::Reply(basics::cancelled()), None, "cancelled"),
            Dialog::Error { code, message } => (
                Outcome::Reply(basics::error(&code, &message)),
                None,
                "error",
            ),
            Dialog::Close => (Outcome::Close, None, "closed"),
        }
    }

    async fn common(&self, req: &Request) -> (Outcome, Option<String>, &'static str) {
        let uuid = req.uuid.as_ref();
        let reply = |v: Value| Outcome::Reply(v);
        let d = match req.method.as_str() {
            "getActiveTokens" => {
                return (reply(common::ok(Some(json!([])), uuid)), None, "answered");
            }
            "changeLocale" => return (reply(common::ok(None, uuid)), None, "answered"),
            "getKeyInfo" => {
                let storage = req.args.get(0).and_then(Value::as_str).unwrap_or_default();
                if storage != FILE_STORAGE {
                    return (reply(common::error("storage.unknown", uuid)), None, "error");
                }
                self.dialog(&KeyFilter::default(), |keys, persona| {
                    keys.key_info(persona)
                })
                .await
            }
            m @ ("createCAdESFromBase64" | "createCMSSignatureFromBase64") => {
                let a = match CadesArgs::parse(&req.args) {
                    Ok(a) => a,
                    Err(msg) => return (reply(common::error(&msg, uuid)), None, "error"),
                };
                if a.storage != FILE_STORAGE {
                    return (reply(common::error("storage.unknown", uuid)), None, "error");
                }
                let tsp = m == "createCMSSignatureFromBase64";
                let filter = KeyFilter {
                    key_type: a.key_type,
                    ..KeyFilter::default()
                };
                let (data, detached) = (a.data, !a.attached);
                self.dialog(&filter, move |keys, persona| {
                    Ok(json!(Base64::encode_string(
                        &keys.sign(persona, &data, detached, tsp)?
                    )))
                })
                .await
            }
            _ => {
                return (
                    reply(common::error("method.unsupported", uuid)),
                    None,
                    "error",
                );
            }
        };
        match d {
            Dialog::Signed { persona, value } => (
                reply(common::ok(Some(value), uuid)),
                Some(persona),
                "signed",
            ),
            Dialog::Cancelled => (reply(common::cancelled(uuid)), None, "cancelled"),
            Dialog::Error { message, .. } => (reply(common::error(&message, uuid)), None, "error"),
            Dialog::Close => (Outcome::Close, None, "closed"),
        }
    }
}

fn error_of(a: &NextAction) -> Dialog {
    Dialog::Error {
        code: a
            .code
            .clone()
            .unwrap_or_else(|| basics::SIGNING_FAILURE.into()),
        message: a
            .message
            .clone()
            .unwrap_or_else(|| "error queued on the tauar signer control port".into()),
    }
}
