//! The shared kernel of Tauar: value types, languages and message catalogs, the working-day
//! calendar of Kazakhstan, the clock, the registry of user-visible error codes, text
//! normalisation for search, and paging.
//!
//! Nothing here does I/O: reference files are compiled in with `include_str!`. Every other
//! crate depends on this one, so it stays small and free of web or database types.

pub mod calendar;
pub mod clock;
pub mod error;
pub mod i18n;
pub mod lang;
pub mod page;
pub mod text;
pub mod time;
pub mod values;

pub use calendar::{Calendar, DayKind, DayOff};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::ErrorCode;
pub use i18n::Messages;
pub use lang::Lang;
pub use page::{PageRequest, PageSizeError};
pub use time::Millis;
