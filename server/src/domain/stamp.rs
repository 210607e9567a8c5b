//! Moments as the store keeps them.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// How stored timestamps look: UTC with a trailing `Z`, so that they sort as text.
const STORED_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// A moment as the store keeps it: UTC, whole seconds. Written (`Display`) as
/// `YYYY-MM-DDTHH:MM:SSZ`, which sorts as text on both databases; computed with as a time, never
/// by reading its own text back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(OffsetDateTime);

impl Stamp {
    /// Now.
    pub fn now() -> Self {
        Stamp(OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc()))
    }

    /// This moment, `span` earlier.
    pub fn before(self, span: time::Duration) -> Self {
        Stamp(self.0 - span)
    }

    /// This moment, `span` later.
    pub fn after(self, span: time::Duration) -> Self {
        Stamp(self.0 + span)
    }

    /// The first moment at or after this one that is a whole number of `every` since 1970
    /// (`every` of at least a second): what falls in one such slot shares its end.
    pub fn slot_end(self, every: time::Duration) -> Self {
        let every = every.whole_seconds().max(1);
        let seconds = self.0.unix_timestamp();
        let end = seconds.div_euclid(every) * every + if seconds.rem_euclid(every) == 0 { 0 } else { every };
        Stamp(OffsetDateTime::from_unix_timestamp(end).unwrap_or(self.0))
    }

    /// The moment a stored timestamp (as [`Stamp`] writes them) names.
    pub fn parse(stored: &str) -> Option<Self> {
        PrimitiveDateTime::parse(stored, STORED_FORMAT).ok().map(|at| Stamp(at.assume_utc()))
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format_stored(self.0))
    }
}

#[cfg(test)]
mod slot_tests {
    use super::*;

    #[test]
    fn slots_end_on_their_boundary_and_stamps_read_back() {
        let at = Stamp::parse("2026-12-07T20:03:10Z").unwrap();
        assert_eq!(at.to_string(), "2026-12-07T20:03:10Z");
        assert_eq!(at.slot_end(time::Duration::minutes(5)).to_string(), "2026-12-07T20:05:00Z");
        let edge = Stamp::parse("2026-12-07T20:05:00Z").unwrap();
        assert_eq!(edge.slot_end(time::Duration::minutes(5)), edge);
        assert_eq!(Stamp::parse("not a time"), None);
    }
}

/// Formats a moment as the store writes timestamps.
fn format_stored(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC).format(STORED_FORMAT).unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// Reads an RFC 3339 timestamp (any offset) or a plain `YYYY-MM-DD` date (midnight UTC) and
/// writes it the stored way.
pub fn normalize_timestamp(value: &str) -> Result<String, String> {
    let value = value.trim();
    if let Ok(at) = OffsetDateTime::parse(value, &Rfc3339) {
        return Ok(format_stored(at));
    }
    if let Ok(date) = Date::parse(value, format_description!("[year]-[month]-[day]")) {
        return Ok(format_stored(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc()));
    }
    Err(format!("{value:?} is not a date: use RFC 3339 (2025-12-13T09:30:00+03:00) or 2025-12-13"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_normalized_to_utc() {
        assert_eq!(normalize_timestamp("2025-12-13T09:30:00+03:00").unwrap(), "2025-12-13T06:30:00Z");
        assert_eq!(normalize_timestamp("2025-12-13T06:30:00.250Z").unwrap(), "2025-12-13T06:30:00Z");
        assert_eq!(normalize_timestamp("2025-12-13").unwrap(), "2025-12-13T00:00:00Z");
        assert!(normalize_timestamp("13.12.2025").is_err());
        assert!(normalize_timestamp("2025-02-30").is_err());
    }
}
