//! The working-day calendar of Kazakhstan (CAT-15, CAT-59, CAT-60).
//!
//! A date is a working day if and only if it is Monday–Friday and not a day off, or it is a
//! weekend day that a government transfer made a working day (CAT-15). The days off and the
//! transferred working days come from `data/calendar/kz_calendar.csv` (provenance in
//! `data/PROVENANCE.md`), compiled into the binary so every node computes the same deadlines.
//! Deadlines everywhere in Tauar come from [`Calendar::add_working_days`].

use crate::time::Millis;
use jiff::civil::{Date, DateTime, Weekday, time};
use serde::Serialize;
use std::collections::BTreeMap;

/// The shipped calendar file.
const KZ_CALENDAR_CSV: &str = include_str!("../../../data/calendar/kz_calendar.csv");

/// Why a date is special.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday (Labour Code art. 84 and the law on holidays).
    Holiday,
    /// A day off moved from a holiday that fell on a weekend.
    MovedDayOff,
    /// A day off created by a government decree that transfers it from a weekend day.
    GovernmentTransfer,
    /// A Saturday or Sunday made a working day by such a decree (`WORKING_OVERRIDE`, §2.1.3).
    WorkingDay,
}

impl DayKind {
    pub fn is_day_off(self) -> bool {
        !matches!(self, DayKind::WorkingDay)
    }

    fn parse(s: &str) -> Option<DayKind> {
        Some(match s {
            "holiday" => DayKind::Holiday,
            "moved_day_off" => DayKind::MovedDayOff,
            "government_transfer" => DayKind::GovernmentTransfer,
            "working_day" => DayKind::WorkingDay,
            _ => return None,
        })
    }
}

/// One special date of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayOff {
    pub date: Date,
    pub kind: DayKind,
    /// True where the date is an estimate (religious holidays announced late).
    pub estimated: bool,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

/// Errors in a calendar file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CalendarError {
    #[error("calendar row {row}: {reason}")]
    BadRow { row: usize, reason: String },
}

/// The working-day calendar.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    days: BTreeMap<Date, DayOff>,
    /// Years whose holidays and transfers are all known.
    first_year: i16,
    last_year: i16,
}

impl Calendar {
    /// A calendar with weekends only and no special days (the acceptance scenarios' default).
    pub fn weekends_only() -> Calendar {
        Calendar {
            days: BTreeMap::new(),
            first_year: i16::MIN,
            last_year: i16::MAX,
        }
    }

    /// The calendar of Kazakhstan shipped with Tauar.
    pub fn kazakhstan() -> Calendar {
        // The file is part of the build and checked by a test; a broken file is a build defect.
        Calendar::from_csv(KZ_CALENDAR_CSV).unwrap_or_else(|_| Calendar::weekends_only())
    }

    /// Parses a calendar file: `date,kind,estimated,name_kk,name_ru,name_en`.
    pub fn from_csv(text: &str) -> Result<Calendar, CalendarError> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut days = BTreeMap::new();
        for (i, rec) in reader.records().enumerate() {
            let row = i + 2;
            let bad = |reason: &str| CalendarError::BadRow {
                row,
                reason: reason.to_string(),
            };
            let rec = rec.map_err(|e| bad(&e.to_string()))?;
            let date: Date = rec
                .get(0)
                .unwrap_or("")
                .parse()
                .map_err(|_| bad("bad date"))?;
            let kind = DayKind::parse(rec.get(1).unwrap_or("")).ok_or_else(|| bad("bad kind"))?;
            let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
            if kind == DayKind::WorkingDay && !weekend {
                return Err(bad(
                    "a transferred working day must be a Saturday or Sunday",
                ));
            }
            let day = DayOff {
                date,
                kind,
                estimated: rec.get(2) == Some("yes"),
                name_kk: rec.get(3).unwrap_or("").to_string(),
                name_ru: rec.get(4).unwrap_or("").to_string(),
                name_en: rec.get(5).unwrap_or("").to_string(),
            };
            if days.insert(date, day).is_some() {
                return Err(bad("duplicate date"));
            }
        }
        let first_year = days.keys().next().map(|d| d.year()).unwrap_or(i16::MIN);
        let last_year = days
            .keys()
            .next_back()
            .map(|d| d.year())
            .unwrap_or(i16::MAX);
        Ok(Calendar {
            days,
            first_year,
            last_year,
        })
    }

    /// Marks a weekday as a day off (`HOLIDAY`, §2.1.3).
    pub fn with_holiday(mut self, date: Date) -> Calendar {
        self.days
            .insert(date, DayOff::simple(date, DayKind::Holiday));
        self
    }

    /// Makes a Saturday or Sunday a working day (`WORKING_OVERRIDE`, §2.1.3).
    pub fn with_working_override(mut self, date: Date) -> Calendar {
        self.days
            .insert(date, DayOff::simple(date, DayKind::WorkingDay));
        self
    }

    /// The years whose special days are all in the calendar.
    pub fn covered_years(&self) -> std::ops::RangeInclusive<i16> {
        self.first_year..=self.last_year
    }

    pub fn covers(&self, date: Date) -> bool {
        self.covered_years().contains(&date.year())
    }

    /// CAT-15: Monday–Friday without a day off, or a weekend day made working.
    pub fn is_working_day(&self, date: Date) -> bool {
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        match self.days.get(&date).map(|d| d.kind) {
            Some(DayKind::WorkingDay) => true,
            Some(_) => false,
            None => !weekend,
        }
    }

    /// The special days of one year, in date order.
    pub fn year(&self, year: i16) -> impl Iterator<Item = &DayOff> {
        let start = Date::new(year, 1, 1).ok();
        let end = Date::new(year, 12, 31).ok();
        self.days
            .values()
            .filter(move |d| Some(d.date) >= start && Some(d.date) <= end)
    }

    /// CAT-59: the deadline `n` working days after `start` (local date and time).
    ///
    /// Counting starts on the first working day strictly after the calendar date of `start`;
    /// the result is 23:59:59 local time on the n-th such day. With `n = 0` the deadline is the
    /// end of the start day itself.
    pub fn add_working_days(&self, start: DateTime, n: u32) -> DateTime {
        let mut date = start.date();
        let mut left = n;
        while left > 0 {
            date = match date.tomorrow() {
                Ok(d) => d,
                Err(_) => break, // the end of jiff's range (year 9999): stop there
            };
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date.to_datetime(time(23, 59, 59, 0))
    }

    /// CAT-59 on stored moments: `start` is read in Asia/Almaty time, the result is a moment.
    pub fn add_working_days_at(&self, start: Millis, n: u32) -> Millis {
        let local = start.local().datetime();
        let deadline = self.add_working_days(local, n);
        Millis::from_local(deadline).unwrap_or(start)
    }
}

impl DayOff {
    fn simple(date: Date, kind: DayKind) -> DayOff {
        DayOff {
            date,
            kind,
            estimated: false,
            name_kk: String::new(),
            name_ru: String::new(),
            name_en: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn dt(y: i16, m: i8, d: i8, h: i8, min: i8) -> DateTime {
        date(y, m, d).at(h, min, 0, 0)
    }
    fn end_of(y: i16, m: i8, d: i8) -> DateTime {
        date(y, m, d).at(23, 59, 59, 0)
    }

    #[test]
    fn cat_59_examples_without_holidays() {
        let cal = Calendar::weekends_only();
        assert_eq!(
            cal.add_working_days(dt(2026, 2, 16, 10, 0), 5),
            end_of(2026, 2, 23)
        );
        assert_eq!(
            cal.add_working_days(dt(2026, 2, 20, 15, 0), 2),
            end_of(2026, 2, 24)
        );
        assert_eq!(
            cal.add_working_days(dt(2026, 2, 21, 12, 0), 5),
            end_of(2026, 2, 27)
        );
    }

    #[test]
    fn cat_59_holiday_on_thursday() {
        let cal = Calendar::weekends_only().with_holiday(date(2026, 2, 19));
        assert_eq!(
            cal.add_working_days(dt(2026, 2, 16, 10, 0), 5),
            end_of(2026, 2, 24)
        );
    }

    #[test]
    fn cat_59_working_saturday() {
        let cal = Calendar::weekends_only().with_working_override(date(2026, 2, 21));
        assert_eq!(
            cal.add_working_days(dt(2026, 2, 20, 15, 0), 2),
            end_of(2026, 2, 23)
        );
    }

    #[test]
    fn cat_15_working_day_rule() {
        let cal = Calendar::kazakhstan();
        assert!(cal.is_working_day(date(2026, 11, 27))); // Friday
        assert!(!cal.is_working_day(date(2026, 11, 28))); // Saturday
        assert!(!cal.is_working_day(date(2026, 12, 16))); // Independence Day, Wednesday
        assert!(cal.is_working_day(date(2024, 5, 4))); // Saturday worked for 8 May 2024
        assert!(!cal.is_working_day(date(2024, 5, 8))); // the transferred day off
        assert!(cal.is_working_day(date(2025, 1, 5))); // Sunday worked for 3 Jan 2025
    }

    #[test]
    fn cat_59_year_boundary_and_long_holiday_run() {
        let cal = Calendar::kazakhstan();
        // Tue 30.12.2025 + 2: Wed 31.12 is the 1st; 1–2 Jan holidays, 3–4 weekend, 5 Jan Mon.
        assert_eq!(
            cal.add_working_days(dt(2025, 12, 30, 9, 0), 2),
            end_of(2026, 1, 5)
        );
        // Nauryz 2026: 21–22 weekend, 23 holiday, 24–25 moved days off. Fri 20.03 + 1 → Thu 26.03.
        assert_eq!(
            cal.add_working_days(dt(2026, 3, 20, 18, 0), 1),
            end_of(2026, 3, 26)
        );
        // 2027 New Year: Fri 1 and Sat 2 Jan holidays, Mon 4 moved, Thu 7 Christmas.
        assert_eq!(
            cal.add_working_days(dt(2026, 12, 31, 12, 0), 3),
            end_of(2027, 1, 8)
        );
    }

    #[test]
    fn zero_days_is_end_of_start_day() {
        let cal = Calendar::weekends_only();
        assert_eq!(
            cal.add_working_days(dt(2026, 2, 21, 12, 0), 0),
            end_of(2026, 2, 21)
        );
    }

    #[test]
    fn shipped_calendar_covers_2024_to_2027() {
        let cal = Calendar::from_csv(KZ_CALENDAR_CSV).expect("the shipped calendar parses");
        assert_eq!(cal.covered_years(), 2024..=2027);
        for y in 2024..=2027 {
            let days: Vec<_> = cal.year(y).collect();
            assert!(
                days.iter()
                    .any(|d| d.date == date(y, 1, 1) && d.kind == DayKind::Holiday)
            );
            assert!(
                days.iter()
                    .all(|d| !d.name_ru.is_empty() && !d.name_kk.is_empty())
            );
        }
        // Constitution Day: 30 August until 2025, none in 2026, 15 March from 2027.
        assert!(!cal.is_working_day(date(2024, 8, 30)));
        assert!(cal.is_working_day(date(2026, 8, 31)));
        assert!(!cal.is_working_day(date(2027, 3, 15)));
    }

    #[test]
    fn moments_are_read_in_almaty_time() {
        let cal = Calendar::weekends_only();
        // Fri 20.02.2026 20:00 UTC is Sat 21.02 01:00 in Almaty: counting starts on Monday.
        let start = Millis::from_local(dt(2026, 2, 21, 1, 0)).unwrap();
        let deadline = cal.add_working_days_at(start, 1);
        assert_eq!(deadline.format_local(), "23.02.2026 23:59");
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]
            // CAT-59: the deadline is a working day, strictly after the start date, and exactly
            // n working days lie in (start, deadline].
            #[test]
            fn deadline_counts_exactly_n_working_days(days in 0i32..1800, n in 1u32..40) {
                let cal = Calendar::kazakhstan();
                let start = date(2024, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
                let deadline = cal.add_working_days(start.at(10, 0, 0, 0), n).date();
                prop_assert!(deadline > start);
                prop_assert!(cal.is_working_day(deadline));
                let mut count = 0;
                let mut d = start;
                while d < deadline { d = d.tomorrow().unwrap(); if cal.is_working_day(d) { count += 1; } }
                prop_assert_eq!(count, n);
            }

            #[test]
            fn more_days_never_give_an_earlier_deadline(days in 0i32..1400, n in 1u32..30) {
                let cal = Calendar::kazakhstan();
                let start = date(2024, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap().at(9, 0, 0, 0);
                prop_assert!(cal.add_working_days(start, n) < cal.add_working_days(start, n + 1));
            }
        }
    }
}
