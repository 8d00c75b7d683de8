//! The pure rules of the account layer: the lockout counter of ACC-65, the account states of
//! §3.1.3, token and step lifetimes of ACC-134. No I/O: the service loads a row, asks these
//! functions what happens, and writes the answer in one transaction.

use kernel::Millis;

/// ACC-134 defaults.
pub const MAX_WRONG_PASSWORDS: i64 = 5;
pub const LOCK_MS: i64 = 10 * 60_000;
pub const LOGIN_STEP_MS: i64 = 5 * 60_000;
pub const REGISTER_STEP_MS: i64 = 30 * 60_000;
pub const ACTIVATION_LINK_MS: i64 = 72 * 3_600_000;
pub const RECOVERY_LINK_MS: i64 = 3_600_000;
pub const TEMP_PASSWORD_MS: i64 = 24 * 3_600_000;
pub const ACTIVATION_RESENDS_PER_DAY: i64 = 5;
pub const RECOVERY_MAILS_PER_HOUR: i64 = 3;
pub const SESSION_IDLE_MS: i64 = 30 * 60_000;
pub const SESSION_ABSOLUTE_MS: i64 = 12 * 3_600_000;

/// §3.1.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    PendingActivation,
    Active,
    Blocked,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::PendingActivation => "PENDING_ACTIVATION",
            AccountStatus::Active => "ACTIVE",
            AccountStatus::Blocked => "BLOCKED",
        }
    }

    pub fn parse(s: &str) -> Option<AccountStatus> {
        match s {
            "PENDING_ACTIVATION" => Some(AccountStatus::PendingActivation),
            "ACTIVE" => Some(AccountStatus::Active),
            "BLOCKED" => Some(AccountStatus::Blocked),
            _ => None,
        }
    }
}

/// The lockout fields of an account (ACC-65).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LockState {
    pub failed: i64,
    pub locked_until: Option<Millis>,
}

/// What one password check does to the account (ACC-65).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    /// (3) refused without comparing; nothing changes.
    Locked { until: Millis },
    /// (2) a wrong password below the limit: `remaining` tries before the lock.
    Wrong { state: LockState, remaining: i64 },
    /// (2) the 5th wrong password in a row: locked from now for 10 minutes, counter 0.
    LockedNow { state: LockState, until: Millis },
    /// (5) right: the counter is 0 again.
    Right { state: LockState },
}

/// (3)/(4): whether the password may be compared at all at `now`.
pub fn lock_in_force(s: LockState, now: Millis) -> Option<Millis> {
    s.locked_until.filter(|u| now.0 < u.0)
}

/// ACC-65 (2)–(5) for a password whose correctness is `right`. Call only when
/// [`lock_in_force`] is `None`.
pub fn check_password(s: LockState, right: bool, now: Millis) -> PasswordCheck {
    if let Some(until) = lock_in_force(s, now) {
        return PasswordCheck::Locked { until };
    }
    // (4): an expired lock leaves a fresh counter (it was set to 0 when locking).
    if right {
        return PasswordCheck::Right {
            state: LockState {
                failed: 0,
                locked_until: None,
            },
        };
    }
    let failed = s.failed + 1;
    if failed >= MAX_WRONG_PASSWORDS {
        let until = Millis(now.0 + LOCK_MS);
        PasswordCheck::LockedNow {
            state: LockState {
                failed: 0,
                locked_until: Some(until),
            },
            until,
        }
    } else {
        PasswordCheck::Wrong {
            state: LockState {
                failed,
                locked_until: s.locked_until,
            },
            remaining: MAX_WRONG_PASSWORDS - failed,
        }
    }
}

/// §5.10: `{HH:mm}` of MSG-LOCKED is `locked_until` rounded up to the next full minute, local.
pub fn lock_time_label(until: Millis) -> String {
    let up = Millis((until.0 + 59_999) / 60_000 * 60_000);
    up.local().strftime("%H:%M").to_string()
}

/// Whether an e-mail token can be used at `now` (§2.7): unused, not superseded, not expired,
/// and — for activation and confirmation — sent to the address the account has now (A2, ACC-51).
pub fn token_usable(
    expires_at: Millis,
    used: bool,
    superseded: bool,
    sent_to: &str,
    current_email: &str,
    now: Millis,
) -> bool {
    !used
        && !superseded
        && now.0 <= expires_at.0
        && crate::values::email_key(sent_to) == crate::values::email_key(current_email)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Millis = Millis(1_771_304_400_000); // 17.02.2026 10:00:00 Asia/Almaty (UTC+5)

    #[test]
    fn acc_65_as_20_five_wrong_lock_for_ten_minutes() {
        let mut s = LockState::default();
        for i in 1..=4 {
            match check_password(s, false, Millis(T0.0 + i * 10_000)) {
                PasswordCheck::Wrong { state, remaining } => {
                    assert_eq!(remaining, 5 - i);
                    s = state;
                }
                other => panic!("{other:?}"),
            }
        }
        let fifth = Millis(T0.0 + 50_000);
        let PasswordCheck::LockedNow { state, until } = check_password(s, false, fifth) else {
            panic!("the 5th wrong password locks");
        };
        assert_eq!(until, Millis(fifth.0 + LOCK_MS));
        assert_eq!(state.failed, 0);
        assert_eq!(lock_time_label(until), "10:11");
        // (3) during the lock even the right password is refused without counting.
        assert_eq!(
            check_password(state, true, Millis(T0.0 + 5 * 60_000)),
            PasswordCheck::Locked { until }
        );
        // (4) at 10:10:51 the right password logs in.
        assert!(matches!(
            check_password(state, true, Millis(until.0 + 1_000)),
            PasswordCheck::Right { .. }
        ));
    }

    #[test]
    fn acc_65_as_21_only_failures_in_a_row_count() {
        let mut s = LockState::default();
        for _ in 0..4 {
            if let PasswordCheck::Wrong { state, .. } = check_password(s, false, T0) {
                s = state;
            }
        }
        let PasswordCheck::Right { state } = check_password(s, true, T0) else {
            panic!()
        };
        s = state;
        for _ in 0..4 {
            if let PasswordCheck::Wrong { state, .. } = check_password(s, false, T0) {
                s = state;
            }
        }
        assert_eq!(s.failed, 4);
        assert!(matches!(
            check_password(s, false, T0),
            PasswordCheck::LockedNow { .. }
        ));
    }

    #[test]
    fn lock_label_on_a_full_minute_is_that_minute() {
        assert_eq!(lock_time_label(Millis(T0.0 + LOCK_MS)), "10:10");
    }

    #[test]
    fn as_10_tokens_expire_and_follow_the_address() {
        let exp = Millis(T0.0 + ACTIVATION_LINK_MS);
        assert!(token_usable(exp, false, false, "a@b.kz", "A@B.kz", exp));
        assert!(!token_usable(
            exp,
            false,
            false,
            "a@b.kz",
            "a@b.kz",
            Millis(exp.0 + 1000)
        ));
        assert!(!token_usable(exp, true, false, "a@b.kz", "a@b.kz", T0));
        assert!(!token_usable(exp, false, true, "a@b.kz", "a@b.kz", T0));
        assert!(!token_usable(exp, false, false, "old@b.kz", "new@b.kz", T0));
    }
}
