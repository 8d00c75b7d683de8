//! The working-day calendar over HTTP (CAT-15, CAT-59): the days off of a year, and deadline
//! arithmetic in Asia/Almaty time, the same function every deadline of Tauar uses.

use crate::i18n::Tr;
use crate::page::{Chrome, render};
use crate::params::Params;
use crate::params::PathParam;
use crate::problem::{ApiError, ApiFailure};
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use jiff::civil::{Date, DateTime};
use kernel::{DayKind, ErrorCode};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// A day off or a transferred working day.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarDay {
    #[schema(value_type = String, example = "2026-03-23")]
    pub date: String,
    /// `holiday`, `moved_day_off`, `government_transfer` or `working_day`.
    pub kind: String,
    /// True where the date is an estimate (religious holidays announced late).
    pub estimated: bool,
    pub name_kk: String,
    pub name_ru: String,
    pub name_en: String,
}

/// The calendar of one year.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarYear {
    pub year: i16,
    /// False for years whose holidays are not in Tauar's calendar file: only weekends are known.
    pub complete: bool,
    /// Weekdays that are not working days (holidays, moved days off, government transfers).
    pub days_off: Vec<CalendarDay>,
    /// Saturdays and Sundays made working days by a transfer.
    pub working_days: Vec<CalendarDay>,
}

/// A deadline computed by CAT-59.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deadline {
    /// The start, as read in Asia/Almaty time.
    #[schema(example = "2026-02-16T10:00:00+05:00")]
    pub from: String,
    pub days: u32,
    /// 23:59:59 local time of the n-th working day after the start date.
    #[schema(example = "2026-02-23T23:59:59+05:00")]
    pub deadline: String,
    /// The same, as shown to users (DD.MM.YYYY HH:mm, CAT-4).
    #[schema(example = "23.02.2026 23:59")]
    pub deadline_local: String,
    /// False when the count passed a year whose holidays Tauar does not know yet.
    pub calendar_complete: bool,
}

/// Most working days a deadline may count.
pub const MAX_DAYS: u32 = 3660;

fn year_of(tr: Tr, raw: &str) -> Result<i16, ApiError> {
    match raw.parse::<i16>() {
        Ok(y) if (1900..=2100).contains(&y) => Ok(y),
        _ => Err(ApiError::new(ErrorCode::DateInvalid).detail(tr.t("calendar-year-range"))),
    }
}

fn calendar_year(state: &AppState, year: i16) -> CalendarYear {
    let cal = &state.calendar;
    let (mut days_off, mut working_days) = (Vec::new(), Vec::new());
    for d in cal.year(year) {
        let day = CalendarDay {
            date: d.date.to_string(),
            kind: serde_json::to_value(d.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            estimated: d.estimated,
            name_kk: d.name_kk.clone(),
            name_ru: d.name_ru.clone(),
            name_en: d.name_en.clone(),
        };
        match d.kind {
            DayKind::WorkingDay => working_days.push(day),
            // A holiday on a weekend changes nothing by itself; it is listed for completeness.
            _ => days_off.push(day),
        }
    }
    let complete = Date::new(year, 6, 1).is_ok_and(|d| cal.covers(d));
    CalendarYear {
        year,
        complete,
        days_off,
        working_days,
    }
}

/// `GET /api/v1/calendar/{year}`
#[utoipa::path(get, path = "/api/v1/calendar/{year}", tag = "calendar",
    params(("year" = i16, Path, description = "A year between 1900 and 2100")),
    responses((status = 200, body = CalendarYear), (status = 400, body = crate::problem::Problem)))]
pub async fn api_calendar_year(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    PathParam(year): PathParam<String>,
) -> Result<Json<CalendarYear>, ApiFailure> {
    let year = year_of(tr, &year)?;
    Ok(Json(calendar_year(&state, year)))
}

fn parse_from(tr: Tr, raw: &str) -> Result<DateTime, ApiError> {
    let bad = || ApiError::new(ErrorCode::DateInvalid).detail(tr.t("calendar-from-format"));
    if let Ok(dt) = raw.parse::<DateTime>() {
        return Ok(dt);
    }
    raw.parse::<Date>()
        .map(|d| d.to_datetime(jiff::civil::time(0, 0, 0, 0)))
        .map_err(|_| bad())
}

/// `GET /api/v1/calendar/add-working-days?from=…&days=…`
#[utoipa::path(get, path = "/api/v1/calendar/add-working-days", tag = "calendar",
    params(
        ("from" = String, Query, description = "Start in Asia/Almaty local time: YYYY-MM-DDTHH:MM or YYYY-MM-DD"),
        ("days" = u32, Query, description = "Working days to add (0–3660)"),
    ),
    responses((status = 200, body = Deadline), (status = 400, body = crate::problem::Problem)))]
pub async fn api_add_working_days(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Result<Json<Deadline>, ApiFailure> {
    let p = Params::parse(q.as_deref(), tr);
    p.only(&["from", "days"])?;
    let from_raw = p
        .str("from")?
        .ok_or_else(|| ApiError::parameter(tr, "from", tr.t("calendar-from-format")))?;
    let from = parse_from(tr, &from_raw)?;
    let days = p
        .u32("days")?
        .ok_or_else(|| ApiError::parameter(tr, "days", tr.t("problem-expected-integer")))?;
    if days > MAX_DAYS {
        return Err(ApiError::parameter(tr, "days", tr.t("calendar-days-range")).into());
    }
    Ok(Json(
        deadline(&state, from, days).map_err(|_| ApiError::new(ErrorCode::DateInvalid))?,
    ))
}

fn deadline(state: &AppState, from: DateTime, days: u32) -> Result<Deadline, ()> {
    let cal = &state.calendar;
    let end = cal.add_working_days(from, days);
    let from_m = kernel::Millis::from_local(from).ok_or(())?;
    let end_m = kernel::Millis::from_local(end).ok_or(())?;
    let complete = cal.covers(from.date()) && cal.covers(end.date());
    Ok(Deadline {
        from: from_m.rfc3339_local(),
        days,
        deadline: end_m.rfc3339_local(),
        deadline_local: end_m.format_local(),
        calendar_complete: complete,
    })
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    c: Chrome,
    cal: CalendarYear,
    prev: i16,
    next: i16,
    error: Option<String>,
    from: String,
    days: String,
    result: Option<Deadline>,
}

/// `GET /calendar?year=…&from=…&days=…` — the year's days off and a deadline calculator.
pub async fn page_calendar(
    State(state): State<Arc<AppState>>,
    tr: Tr,
    RawQuery(q): RawQuery,
) -> Response {
    let p = Params::parse(q.as_deref(), tr);
    let c = Chrome::new(tr, "/calendar", q.as_deref());
    let this_year = state.clock.now().local().year();
    let mut error = None;
    let year = match p.str("year").ok().flatten() {
        Some(y) => year_of(tr, &y).unwrap_or_else(|e| {
            error = Some(e.detail.clone().unwrap_or_default());
            this_year
        }),
        None => this_year,
    };
    let from = p.str("from").ok().flatten().unwrap_or_default();
    let days = p.str("days").ok().flatten().unwrap_or_default();
    let mut result = None;
    if !from.is_empty() || !days.is_empty() {
        let computed = parse_from(tr, &from).and_then(|f| {
            let n = days
                .parse::<u32>()
                .ok()
                .filter(|d| *d <= MAX_DAYS)
                .ok_or_else(|| ApiError::parameter(tr, "days", tr.t("calendar-days-range")))?;
            deadline(&state, f, n).map_err(|_| ApiError::new(ErrorCode::DateInvalid))
        });
        match computed {
            Ok(d) => result = Some(d),
            Err(e) => error = Some(e.detail.clone().unwrap_or_else(|| e.title(tr, ""))),
        }
    }
    let status = if error.is_some() {
        axum::http::StatusCode::BAD_REQUEST
    } else {
        axum::http::StatusCode::OK
    };
    let page = CalendarPage {
        c,
        cal: calendar_year(&state, year),
        prev: year - 1,
        next: year + 1,
        error,
        from,
        days,
        result,
    };
    (status, render(&page)).into_response()
}
