//! «Журнал аудита» of a `PLATFORM_ADMIN` (§4.9 `adm.audit`; ACC-34, ACC-167…ACC-169): the
//! hash-chained audit log read only — newest first, paged, narrowed by actor, kind, action,
//! object, outcome and time — one entry in full, and the chain verification of `tauar audit
//! verify` (SIG-72) on demand. Every other principal is refused through [`crate::guard`]
//! (a `DENIED` event). Nothing is unmasked: passport numbers were masked when the events were
//! written (ACC-168), and the view shows what is stored.

use crate::authz::Action;
use crate::error::AccountsError;
use crate::model::SessionInfo;
use crate::service::Accounts;
use crate::store;
use crate::store_audit::{self, AuditFilter, AuditRow};
use kernel::{ErrorCode, Millis, PageRequest};
use serde::Serialize;
use serde_json::Value;

/// The audit row kinds of `signatures::audit`.
pub const KINDS: &[&str] = &["act", "refusal", "event"];

/// The outcomes of §2.17.
pub const OUTCOMES: &[&str] = &["OK", "DENIED", "INVALID"];

/// One entry as the administrator sees it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntryView {
    /// The position in the chain.
    pub seq: i64,
    /// RFC 3339, Asia/Almaty.
    pub at: String,
    /// Unix ms.
    pub at_ms: i64,
    /// `act`, `refusal` or `event`.
    pub kind: String,
    /// The action (purpose) code: `usr.login`, `adm.block`, `register.agreement`, …
    pub action: String,
    pub actor_account_id: Option<String>,
    pub actor_name: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// `OK`, `DENIED` or `INVALID` when the event says.
    pub outcome: Option<String>,
    pub signature_id: Option<i64>,
    /// A refused signature's §7.1 code.
    pub error_code: Option<String>,
    pub cert_serial: Option<String>,
    pub cert_issuer: Option<String>,
    /// The signer's ИИН of an act or a refusal.
    pub iin: Option<String>,
    pub client_ip: Option<String>,
    /// The event's JSON as stored.
    pub detail: Value,
    /// The chain links (the entry view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// One page of the log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditPage {
    /// How many entries match, counted up to [`kernel::page::MAX_OFFSET`] + 1 (see
    /// `total_capped`).
    pub total: i64,
    /// More entries match than were counted: narrow the filter to see them all.
    pub total_capped: bool,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<AuditEntryView>,
}

/// A broken row of the chain.
#[derive(Debug, Clone, Serialize)]
pub struct BrokenEntry {
    pub seq: i64,
    pub reason: String,
}

/// A stored signature that no longer proves its act.
#[derive(Debug, Clone, Serialize)]
pub struct BrokenSignature {
    pub signature_id: i64,
    pub reason: String,
}

/// The answer of the chain verification (SIG-72, as `tauar audit verify` reports it).
#[derive(Debug, Clone, Serialize)]
pub struct AuditVerification {
    /// The chain is intact and every stored signature proves its act.
    pub ok: bool,
    pub rows: u64,
    pub last_seq: i64,
    pub last_hash: String,
    /// The first broken row, if any.
    pub first_broken: Option<BrokenEntry>,
    /// The broken rows (at most 100).
    pub breaks: Vec<BrokenEntry>,
    pub signatures: u64,
    /// At most 100.
    pub signature_faults: Vec<BrokenSignature>,
    /// RFC 3339, Asia/Almaty.
    pub checked_at: String,
}

/// A bound of the time filter: `YYYY-MM-DD` or `DD.MM.YYYY` (a day in Asia/Almaty: its first
/// millisecond, or its last when `end`), or an RFC 3339 moment.
pub fn parse_bound(s: &str, end: bool) -> Option<Millis> {
    let s = s.trim();
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(Millis(t.as_millisecond()));
    }
    let day = crate::profile::parse_date(s)?;
    let start = Millis::from_local(day.to_datetime(jiff::civil::Time::midnight()))?;
    if !end {
        return Some(start);
    }
    let next = day.tomorrow().ok()?;
    let next = Millis::from_local(next.to_datetime(jiff::civil::Time::midnight()))?;
    Some(Millis(next.0 - 1))
}

fn view(r: AuditRow, chain: bool) -> AuditEntryView {
    let detail: Value = serde_json::from_str(&r.detail).unwrap_or(Value::String(r.detail));
    let outcome = detail
        .get("outcome")
        .and_then(Value::as_str)
        .map(str::to_string);
    AuditEntryView {
        seq: r.seq,
        at: r.at.rfc3339_local(),
        at_ms: r.at.0,
        kind: r.kind,
        action: r.purpose,
        actor_account_id: r.account_id,
        actor_name: r.actor_name,
        object_type: r.object_type,
        object_id: r.object_id,
        outcome,
        signature_id: r.signature_id,
        error_code: r.error_code,
        cert_serial: r.cert_serial,
        cert_issuer: r.cert_issuer,
        iin: r.iin,
        client_ip: r.client_ip,
        detail,
        prev_hash: chain.then_some(r.prev_hash),
        hash: chain.then_some(r.hash),
    }
}

impl Accounts {
    /// `GET /api/v1/admin/audit`: one page of the log, newest first. An actor given as a ИИН
    /// is the account of that ИИН; unknown values of `kind` and `outcome` are refused.
    pub async fn audit_log(
        &self,
        s: &SessionInfo,
        f: &AuditFilter,
        page: &PageRequest,
    ) -> Result<AuditPage, AccountsError> {
        self.require(s, Action::AdmAudit).await?;
        let bad = |v: &Option<String>, allowed: &[&str]| {
            v.as_deref().is_some_and(|x| !allowed.contains(&x))
        };
        if bad(&f.kind, KINDS) || bad(&f.outcome, OUTCOMES) {
            return Err(AccountsError::refused(ErrorCode::InvalidParameter));
        }
        let mut f = f.clone();
        if let Some(a) = &f.actor
            && a.len() == 12
            && a.bytes().all(|b| b.is_ascii_digit())
        {
            // A ИИН names its account; a ИИН without one matches nothing.
            match store::account_by_iin(self.db.pool(), a).await? {
                Some(acc) => f.actor = Some(acc.id),
                None => {
                    return Ok(AuditPage {
                        total: 0,
                        total_capped: false,
                        page: page.page,
                        per_page: page.per_page,
                        items: Vec::new(),
                    });
                }
            }
        }
        let (total, rows) = store_audit::search(
            self.db.pool(),
            &f,
            page.offset() as i64,
            i64::from(page.per_page),
        )
        .await?;
        Ok(AuditPage {
            total: total.min(kernel::page::MAX_OFFSET as i64),
            total_capped: total > kernel::page::MAX_OFFSET as i64,
            page: page.page,
            per_page: page.per_page,
            items: rows.into_iter().map(|r| view(r, false)).collect(),
        })
    }

    /// `GET /api/v1/admin/audit/{seq}`: one entry with its chain links.
    pub async fn audit_entry(
        &self,
        s: &SessionInfo,
        seq: i64,
    ) -> Result<AuditEntryView, AccountsError> {
        self.require(s, Action::AdmAudit).await?;
        store_audit::entry(self.db.pool(), seq)
            .await?
            .map(|r| view(r, true))
            .ok_or_else(|| AccountsError::refused(ErrorCode::NotFound))
    }

    /// `GET /api/v1/admin/audit/verify`: SIG-72 now — the chain from its first row to the head
    /// and every stored signature against the server's trust store.
    pub async fn audit_verify(&self, s: &SessionInfo) -> Result<AuditVerification, AccountsError> {
        self.require(s, Action::AdmAudit).await?;
        let report = signatures::audit::verify_all(&self.db, self.signing.trust()).await?;
        let breaks: Vec<BrokenEntry> = report
            .breaks
            .iter()
            .take(100)
            .map(|b| BrokenEntry {
                seq: b.seq,
                reason: b.reason.clone(),
            })
            .collect();
        Ok(AuditVerification {
            ok: report.is_intact(),
            rows: report.rows,
            last_seq: report.last_seq,
            last_hash: report.last_hash.clone(),
            first_broken: breaks.first().cloned(),
            breaks,
            signatures: report.signatures,
            signature_faults: report
                .signature_faults
                .iter()
                .take(100)
                .map(|f| BrokenSignature {
                    signature_id: f.signature_id,
                    reason: f.reason.clone(),
                })
                .collect(),
            checked_at: self.now().rfc3339_local(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_3_time_bounds_are_almaty_days() {
        // 01.01.2026 in Almaty (UTC+5) starts at 2025-12-31T19:00:00Z.
        let from = parse_bound("2026-01-01", false).unwrap();
        assert_eq!(from.rfc3339_local(), "2026-01-01T00:00:00+05:00");
        let to = parse_bound("01.01.2026", true).unwrap();
        assert_eq!(to.0 - from.0, 24 * 3_600_000 - 1);
        assert_eq!(
            parse_bound("2026-01-01T00:00:00Z", false),
            Some(Millis(1_767_225_600_000))
        );
        assert_eq!(parse_bound("вчера", false), None);
    }
}
