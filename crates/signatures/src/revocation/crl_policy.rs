//! When a downloaded CRL is used, refreshed or fetched (SIG-48): it is kept until its
//! nextUpdate and refreshed before it — when nextUpdate is 5 minutes away, or after 60 minutes
//! for a delta and 24 hours for a full CRL — while the copy at hand still answers; with no fresh
//! copy a check downloads and waits. One URL is not downloaded twice within a minute, nor
//! within a minute of a failure. Times are the server's clock (`kernel::Millis`).
//!
//! A root's CRL (SIG-49 step 4) still answers for 7 days after its nextUpdate
//! ([`ROOT_CRL_GRACE_MS`]; root CRLs are published rarely): until then a check uses it and
//! refreshes it in the background (daily, like every full CRL), and only after that does a
//! check download and wait.

use kernel::Millis;

const MINUTE: i64 = 60_000;
/// SIG-48: refresh a delta CRL at least hourly, a full CRL daily …
const DELTA_MAX_AGE_MS: i64 = 60 * MINUTE;
const FULL_MAX_AGE_MS: i64 = 24 * 60 * MINUTE;
/// … and before its nextUpdate passes.
const REFRESH_BEFORE_MS: i64 = 5 * MINUTE;
/// No two downloads of one URL within a minute, and a minute's pause after a failure.
const MIN_INTERVAL_MS: i64 = MINUTE;
const RETRY_AFTER_MS: i64 = MINUTE;
/// SIG-49 step 4: a root's CRL is usable while fresh or within 7 days after its nextUpdate.
pub(crate) const ROOT_CRL_GRACE_MS: i64 = 7 * 24 * 60 * MINUTE;

/// The time to give `pki::check_crl` — which takes a CRL whose nextUpdate ≥ the time given —
/// so that it accepts exactly the root CRLs usable at `at`: fresh, or at most
/// [`ROOT_CRL_GRACE_MS`] past their nextUpdate (a CRL without nextUpdate never is).
pub(crate) fn root_crl_horizon(at: Millis) -> Millis {
    Millis(at.0.saturating_sub(ROOT_CRL_GRACE_MS))
}

/// The CRL held for one URL.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Held {
    pub(crate) this_update: Millis,
    pub(crate) next_update: Option<Millis>,
    pub(crate) delta: bool,
}

/// What is known of one download URL (times on the server's clock).
#[derive(Debug, Clone, Default)]
pub(crate) struct UrlState {
    pub(crate) held: Option<Held>,
    /// The last download or 304 answer.
    pub(crate) checked_at: Option<Millis>,
    pub(crate) failed_at: Option<Millis>,
    pub(crate) last_modified: Option<String>,
    pub(crate) disk_tried: bool,
}

/// What a check has to do about one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// A fresh copy that is not due for refresh.
    Cached,
    /// A fresh copy that is due: use it and refresh in the background.
    Refresh,
    /// No fresh copy: download and wait.
    Fetch,
    /// No fresh copy, and the last attempt was under a minute ago.
    Wait,
}

impl UrlState {
    #[cfg(test)]
    fn need(&self, at: Millis) -> Need {
        self.need_within(at, 0)
    }

    /// [`UrlState::need`] for a CRL that still answers `grace_ms` after its nextUpdate (a
    /// root's CRL: [`ROOT_CRL_GRACE_MS`]); past nextUpdate it is due for refresh.
    pub(crate) fn need_within(&self, at: Millis, grace_ms: i64) -> Need {
        let recent = |t: Option<Millis>, ms: i64| t.is_some_and(|t| at.0 < t.0 + ms);
        let pause =
            recent(self.failed_at, RETRY_AFTER_MS) || recent(self.checked_at, MIN_INTERVAL_MS);
        match self.held {
            Some(h)
                if h.next_update
                    .is_some_and(|n| n.0.saturating_add(grace_ms) >= at.0) =>
            {
                let max_age = if h.delta {
                    DELTA_MAX_AGE_MS
                } else {
                    FULL_MAX_AGE_MS
                };
                let due = !recent(self.checked_at, max_age)
                    || h.next_update
                        .is_some_and(|n| at.0 >= n.0 - REFRESH_BEFORE_MS);
                if due && !pause {
                    Need::Refresh
                } else {
                    Need::Cached
                }
            }
            _ if pause => Need::Wait,
            _ => Need::Fetch,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 60 * MINUTE;

    fn held(delta: bool, next: i64) -> Option<Held> {
        Some(Held {
            this_update: Millis(0),
            next_update: Some(Millis(next)),
            delta,
        })
    }

    #[test]
    fn sig_48_kept_until_next_update_and_refreshed_before_it() {
        let at = |t| Millis(t);
        // Nothing held: download; within a minute of a failure or a download: wait.
        assert_eq!(UrlState::default().need(at(0)), Need::Fetch);
        let failed = UrlState {
            failed_at: Some(at(10 * H)),
            ..UrlState::default()
        };
        assert_eq!(failed.need(at(10 * H + 30_000)), Need::Wait);
        assert_eq!(failed.need(at(10 * H + MINUTE)), Need::Fetch);

        // A full CRL valid 7 days, downloaded at 0: cached for a day, then refreshed in the
        // background while still fresh, and refreshed when nextUpdate is 5 minutes away.
        let full = UrlState {
            held: held(false, 168 * H),
            checked_at: Some(at(0)),
            ..UrlState::default()
        };
        assert_eq!(full.need(at(H)), Need::Cached);
        assert_eq!(full.need(at(24 * H - 1)), Need::Cached);
        assert_eq!(full.need(at(24 * H)), Need::Refresh);
        let late = UrlState {
            checked_at: Some(at(168 * H - 10 * MINUTE)),
            ..full.clone()
        };
        assert_eq!(late.need(at(168 * H - 6 * MINUTE)), Need::Cached);
        assert_eq!(late.need(at(168 * H - 4 * MINUTE)), Need::Refresh);
        // Past nextUpdate it is no answer any more: download and wait.
        assert_eq!(full.need(at(168 * H + 1)), Need::Fetch);

        // A delta is refreshed hourly; a failed refresh keeps it and waits a minute.
        let delta = UrlState {
            held: held(true, 24 * H),
            checked_at: Some(at(0)),
            ..UrlState::default()
        };
        assert_eq!(delta.need(at(H - 1)), Need::Cached);
        assert_eq!(delta.need(at(H)), Need::Refresh);
        let retry = UrlState {
            failed_at: Some(at(H)),
            ..delta
        };
        assert_eq!(retry.need(at(H + 1000)), Need::Cached);
        assert_eq!(retry.need(at(H + MINUTE)), Need::Refresh);
        // A copy read from disk at start is refreshed at once.
        let from_disk = UrlState {
            held: held(false, 168 * H),
            ..UrlState::default()
        };
        assert_eq!(from_disk.need(at(0)), Need::Refresh);
    }

    const DAY: i64 = 24 * H;

    /// What `pki::check_crl` accepts when given [`root_crl_horizon`]: a CRL whose nextUpdate
    /// is at or after the horizon.
    fn root_crl_usable(next_update: Option<Millis>, at: Millis) -> bool {
        next_update.is_some_and(|n| n.0 >= root_crl_horizon(at).0)
    }

    #[test]
    fn sig_49_root_crl_usable_until_7_days_after_next_update() {
        let next = Millis(100 * DAY);
        assert!(root_crl_usable(Some(next), Millis(0)));
        assert!(root_crl_usable(Some(next), next));
        assert!(root_crl_usable(Some(next), Millis(next.0 + 6 * DAY)));
        assert!(root_crl_usable(Some(next), Millis(next.0 + 7 * DAY)));
        assert!(!root_crl_usable(Some(next), Millis(next.0 + 7 * DAY + 1)));
        assert!(!root_crl_usable(Some(next), Millis(next.0 + 30 * DAY)));
        // RFC 5280 requires nextUpdate; a CRL without one is no answer.
        assert!(!root_crl_usable(None, Millis(0)));
        // The horizon is exactly 7 days back, and saturates.
        assert_eq!(root_crl_horizon(Millis(10 * DAY)), Millis(3 * DAY));
        assert_eq!(ROOT_CRL_GRACE_MS, 7 * DAY);
        assert_eq!(root_crl_horizon(Millis(i64::MIN)).0, i64::MIN);
    }

    #[test]
    fn sig_49_root_crl_refreshed_daily_and_kept_7_days_past_next_update() {
        let at = |t| Millis(t);
        // A root CRL valid 30 days, downloaded at 0: cached for a day, then refreshed in the
        // background ("cached daily").
        let root = UrlState {
            held: held(false, 30 * DAY),
            checked_at: Some(at(0)),
            ..UrlState::default()
        };
        let g = ROOT_CRL_GRACE_MS;
        assert_eq!(root.need_within(at(DAY - 1), g), Need::Cached);
        assert_eq!(root.need_within(at(DAY), g), Need::Refresh);
        // Past nextUpdate it still answers for 7 days while a refresh is tried (at most once
        // a minute) …
        let late = UrlState {
            checked_at: Some(at(31 * DAY)),
            ..root.clone()
        };
        assert_eq!(late.need_within(at(31 * DAY + 1000), g), Need::Cached);
        assert_eq!(late.need_within(at(31 * DAY + MINUTE), g), Need::Refresh);
        assert_eq!(late.need_within(at(37 * DAY), g), Need::Refresh);
        // … and after that it is no answer: download and wait.
        assert_eq!(late.need_within(at(37 * DAY + 1), g), Need::Fetch);
        // Without the grace (an issuing CA's CRL) the same copy is no answer past nextUpdate.
        assert_eq!(root.need(at(30 * DAY + 1)), Need::Fetch);
        assert_eq!(root.need_within(at(30 * DAY + 1), g), Need::Refresh);
    }
}
