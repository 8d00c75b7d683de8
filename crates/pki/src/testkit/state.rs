//! `DIR/state.json`: what changes after init (SIG-63) — the last CRL number of each CA, the
//! PKI's clock (the latest moment an event happened at), and every revocation, hold and lifted
//! hold. CRLs and OCSP answers are computed from it.

use crate::crl::CrlReason;
use crate::error::PkiError;
use kernel::Millis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMAT: &str = "tauar-test-pki-state/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub format: String,
    /// RFC 3339: never earlier than the manifest's `now`.
    pub clock: String,
    /// The last CRLNumber used by each CA (full and delta CRLs share one sequence).
    pub crl_numbers: BTreeMap<String, u64>,
    pub revocations: Vec<Revocation>,
}

/// One revocation or hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub persona: String,
    pub ca: String,
    /// Upper-case hex.
    pub serial: String,
    /// RFC 5280 name (`keyCompromise`, `certificateHold`, `superseded`, …).
    pub reason: String,
    pub revoked_at: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub invalidity_date: Option<String>,
    /// When a hold was lifted (`tauar pki unhold`): the entry leaves the full CRL and the
    /// delta lists removeFromCRL.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lifted_at: Option<String>,
    /// Made after init: listed in the delta CRL as well.
    pub after_init: bool,
}

impl Revocation {
    pub fn reason(&self) -> Result<CrlReason, PkiError> {
        CrlReason::from_name(&self.reason)
            .ok_or_else(|| PkiError::testkit(format!("state: unknown reason {}", self.reason)))
    }

    pub fn is_active(&self) -> bool {
        self.lifted_at.is_none()
    }
}

/// RFC 3339 UTC with seconds (`2026-12-01T04:00:00Z`).
pub fn rfc3339(t: Millis) -> String {
    t.timestamp()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Reads RFC 3339 (any offset) into Millis.
pub fn parse_time(s: &str) -> Result<Millis, PkiError> {
    let ts: jiff::Timestamp = s
        .trim()
        .parse()
        .map_err(|e| PkiError::testkit(format!("time {s:?}: {e}")))?;
    Ok(Millis(ts.as_millisecond()))
}
