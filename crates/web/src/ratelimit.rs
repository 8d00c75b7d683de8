//! Fixed-window rate limits per key: SIG-9 (at most 30 challenges a minute per session) and
//! ACC-163 per client address (challenges 30 a minute, registration submits 10 an hour,
//! password logins 20 a minute, recovery requests 10 an hour). In memory: the limits of one
//! node; a cluster behind a balancer would keep them in a shared store.

use kernel::Millis;
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug)]
pub struct Limiter {
    per_window: u32,
    window_ms: i64,
    hits: Mutex<HashMap<String, (i64, u32)>>,
}

impl Limiter {
    pub fn new(per_window: u32, window_ms: i64) -> Limiter {
        Limiter {
            per_window,
            window_ms,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one hit of `key` at `now`; false when the key is over its limit.
    pub fn allow(&self, key: &str, now: Millis) -> bool {
        let Ok(mut hits) = self.hits.lock() else {
            return true;
        };
        if hits.len() > 100_000 {
            // Forget finished windows rather than grow without bound.
            let window = self.window_ms;
            hits.retain(|_, (start, _)| now.0 - *start < window);
        }
        let e = hits.entry(key.to_string()).or_insert((now.0, 0));
        if now.0 - e.0 >= self.window_ms {
            *e = (now.0, 0);
        }
        e.1 += 1;
        e.1 <= self.per_window
    }
}

/// What an address is limited on (ACC-163).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Challenge,
    Registration,
    PasswordLogin,
    Recovery,
    /// ЕНС ТРУ «Войти» and «Войти с помощью ЭЦП» (ACC-163: 20 a minute).
    EnsLogin,
}

/// The per-address limits of ACC-163.
#[derive(Debug)]
pub struct AddressLimits {
    challenge: Limiter,
    registration: Limiter,
    password_login: Limiter,
    recovery: Limiter,
    ens_login: Limiter,
    /// Addresses that are never limited (`--rate-limit-exempt`: monitoring, test drivers).
    exempt: Vec<std::net::IpAddr>,
}

impl AddressLimits {
    pub fn new(exempt: Vec<std::net::IpAddr>) -> AddressLimits {
        AddressLimits {
            challenge: Limiter::new(30, 60_000),
            registration: Limiter::new(10, 3_600_000),
            password_login: Limiter::new(20, 60_000),
            recovery: Limiter::new(10, 3_600_000),
            ens_login: Limiter::new(20, 60_000),
            exempt,
        }
    }

    /// Counts one request of `ip` on `bucket`; false when the address is over its limit.
    /// A request without a known address is not limited here (the per-session and
    /// per-account limits still apply).
    pub fn allow(&self, bucket: Bucket, ip: Option<&str>, now: Millis) -> bool {
        let Some(ip) = ip else {
            return true;
        };
        if ip
            .parse::<std::net::IpAddr>()
            .is_ok_and(|a| self.exempt.contains(&a))
        {
            return true;
        }
        let l = match bucket {
            Bucket::Challenge => &self.challenge,
            Bucket::Registration => &self.registration,
            Bucket::PasswordLogin => &self.password_login,
            Bucket::Recovery => &self.recovery,
            Bucket::EnsLogin => &self.ens_login,
        };
        l.allow(ip, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_9_thirty_a_minute_then_refused_until_the_window_ends() {
        let l = Limiter::new(30, 60_000);
        for _ in 0..30 {
            assert!(l.allow("s", Millis(0)));
        }
        assert!(!l.allow("s", Millis(59_999)));
        assert!(l.allow("other", Millis(59_999)));
        assert!(l.allow("s", Millis(60_000)));
    }

    #[test]
    fn acc_163_limits_per_address_and_bucket_with_exempt_addresses() {
        let l = AddressLimits::new(vec!["10.0.0.9".parse().unwrap()]);
        for _ in 0..10 {
            assert!(l.allow(Bucket::Registration, Some("10.0.0.1"), Millis(0)));
        }
        assert!(!l.allow(Bucket::Registration, Some("10.0.0.1"), Millis(1)));
        // Another bucket and another address have their own counts.
        assert!(l.allow(Bucket::Challenge, Some("10.0.0.1"), Millis(1)));
        assert!(l.allow(Bucket::Registration, Some("10.0.0.2"), Millis(1)));
        // The window is an hour.
        assert!(l.allow(Bucket::Registration, Some("10.0.0.1"), Millis(3_600_000)));
        for _ in 0..100 {
            assert!(l.allow(Bucket::PasswordLogin, Some("10.0.0.9"), Millis(0)));
        }
        assert!(l.allow(Bucket::PasswordLogin, None, Millis(0)));
    }
}
