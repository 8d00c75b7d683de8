//! A fixed-window rate limit per key (SIG-9: at most 30 challenges a minute per session).
//! In memory: a limit of one node; a cluster would keep it in the database or a shared cache.

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
}
