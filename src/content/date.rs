//! Dates in front matter: ISO 8601 with an offset, `+07:00` when none is given.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Vietnam's offset from UTC, used when a date says none.
pub(super) const VIETNAM_OFFSET_SECS: i32 = 7 * 3600;

/// The default offset (`+07:00`).
pub fn vietnam_offset() -> FixedOffset {
    FixedOffset::east_opt(VIETNAM_OFFSET_SECS).expect("valid offset")
}

/// A point in time with its offset, as written in front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub DateTime<FixedOffset>);

impl Date {
    /// Parse `2022-09-15T16:27:00+07:00`, `2022-09-15 16:27`, `2022-09-15T16:27` or
    /// `2022-09-15`; dates without an offset are taken as `+07:00`.
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        if let Ok(d) = DateTime::parse_from_rfc3339(t) {
            return Some(Date(d));
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S%:z",
            "%Y-%m-%d %H:%M:%S%:z",
            "%Y-%m-%d %H:%M%:z",
        ] {
            if let Ok(d) = DateTime::parse_from_str(t, fmt) {
                return Some(Date(d));
            }
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(n) = NaiveDateTime::parse_from_str(t, fmt) {
                return Date::from_local(n);
            }
        }
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(Date::from_local)
    }

    /// A wall-clock time in Vietnam.
    pub fn from_local(n: NaiveDateTime) -> Option<Date> {
        vietnam_offset().from_local_datetime(&n).single().map(Date)
    }

    /// `2022-09-15T16:27:00+07:00`; sub-seconds, when there are any, are kept
    /// (`16:27:00.25+07:00`), so a date written and read back is the same date.
    pub fn to_iso(&self) -> String {
        self.0.format("%Y-%m-%dT%H:%M:%S%.f%:z").to_string()
    }

    /// `Thu, 15 Sep 2022 16:27:00 +0700`, for RSS.
    pub fn to_rfc822(&self) -> String {
        self.0.format("%a, %d %b %Y %H:%M:%S %z").to_string()
    }

    /// Year in the date's own offset.
    pub fn year(&self) -> i32 {
        chrono::Datelike::year(&self.0)
    }

    /// Month (1–12) in the date's own offset.
    pub fn month(&self) -> u32 {
        chrono::Datelike::month(&self.0)
    }

    /// Day of month in the date's own offset.
    pub fn day(&self) -> u32 {
        chrono::Datelike::day(&self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date such as 2022-09-15T16:27:00+07:00 or 2022-09-15")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(s), &self))
            }
        }
        d.deserialize_str(V)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_accepted_form() {
        let full = Date::parse("2022-09-15T16:27:00+07:00").unwrap();
        assert_eq!(Date::parse("2022-09-15 16:27").unwrap(), full);
        assert_eq!(Date::parse("2022-09-15T16:27").unwrap(), full);
        assert_eq!(
            Date::parse("2022-09-15").unwrap().to_iso(),
            "2022-09-15T00:00:00+07:00"
        );
        assert_eq!(
            Date::parse("2022-09-15T09:27:00Z").unwrap().to_iso(),
            "2022-09-15T09:27:00+00:00"
        );
        assert!(Date::parse("15/09/2022").is_none());
        assert!(Date::parse("2022-02-30").is_none());
    }

    #[test]
    fn sub_seconds_survive_a_round_trip() {
        for t in [
            "2022-09-15T16:27:00.5+07:00",
            "2022-09-15T16:27:00.123456789-03:30",
            "2022-09-15T16:27:00+07:00",
        ] {
            let d = Date::parse(t).unwrap();
            assert_eq!(Date::parse(&d.to_iso()), Some(d), "{t}");
        }
        assert_eq!(
            Date::parse("2022-09-15T16:27:00+07:00").unwrap().to_iso(),
            "2022-09-15T16:27:00+07:00"
        );
    }

    #[test]
    fn rfc822_keeps_the_offset() {
        let d = Date::parse("2022-09-15T16:27:00+07:00").unwrap();
        assert_eq!(d.to_rfc822(), "Thu, 15 Sep 2022 16:27:00 +0700");
    }
}
