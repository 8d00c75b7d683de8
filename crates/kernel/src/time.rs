//! Time as stored (unix milliseconds, UTC) and as shown (Asia/Almaty local time, CAT-4, CAT-6).

use jiff::{Timestamp, Zoned, civil, tz::TimeZone};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The time zone of every date shown and every deadline computed (CAT-6).
pub const LOCAL_TZ_NAME: &str = "Asia/Almaty";

/// The local time zone. The tz database is compiled into the binary (jiff's bundled tzdb), so
/// the host's tzdata does not matter; Asia/Almaty is UTC+5 since 1 March 2024.
pub fn local_tz() -> &'static TimeZone {
    static TZ: OnceLock<TimeZone> = OnceLock::new();
    TZ.get_or_init(|| TimeZone::get(LOCAL_TZ_NAME).unwrap_or(TimeZone::fixed(jiff::tz::offset(5))))
}

/// A moment as unix milliseconds (the storage form, ARCHITECTURE "BIGINT unix-ms times").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Millis(pub i64);

impl Millis {
    pub fn now() -> Millis {
        Millis(Timestamp::now().as_millisecond())
    }

    pub fn timestamp(self) -> Timestamp {
        Timestamp::from_millisecond(self.0).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    pub fn local(self) -> Zoned {
        self.timestamp().to_zoned(local_tz().clone())
    }

    /// The moment of a local date and time.
    pub fn from_local(dt: civil::DateTime) -> Option<Millis> {
        dt.to_zoned(local_tz().clone())
            .ok()
            .map(|z| Millis(z.timestamp().as_millisecond()))
    }

    /// `DD.MM.YYYY HH:mm` in local time (CAT-4).
    pub fn format_local(self) -> String {
        self.local().strftime("%d.%m.%Y %H:%M").to_string()
    }

    /// `DD.MM.YYYY` in local time (CAT-4).
    pub fn format_local_date(self) -> String {
        self.local().strftime("%d.%m.%Y").to_string()
    }

    /// RFC 3339 with the local offset, for the API.
    pub fn rfc3339_local(self) -> String {
        self.local().strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

/// Formats an integer with a space every three digits (CAT-5): `16338393` → `16 338 393`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() < 4 {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cat_5_thousands_separator() {
        assert_eq!(group_thousands(16_338_393), "16 338 393");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1 000");
        assert_eq!(group_thousands(0), "0");
    }

    #[test]
    fn cat_4_local_format_is_almaty_time() {
        // 2026-02-17 05:29 UTC is 10:29 in Almaty (UTC+5 since March 2024).
        let t = Millis(
            Timestamp::from_second(1_771_306_140)
                .unwrap()
                .as_millisecond(),
        );
        assert_eq!(t.format_local(), "17.02.2026 10:29");
        assert_eq!(t.format_local_date(), "17.02.2026");
    }
}
