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

/// chrono's spelling of [`Date::to_iso`].
const ISO_PATTERN: &str = "%Y-%m-%dT%H:%M:%S%.f%:z";

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
        // Every card and sitemap entry spells its date: chrono's `format` interprets the
        // pattern each time, several times slower than formatting the numbers (measured at
        // 10k: ~1.5 % of a build's CPU). Sub-seconds, years outside 0–9999 and offsets
        // with seconds are rare and keep chrono's spelling.
        use chrono::{Datelike, Timelike};
        let d = &self.0;
        let offset = d.offset().local_minus_utc();
        if d.nanosecond() != 0 || !(0..=9999).contains(&d.year()) || offset % 60 != 0 {
            return d.format(ISO_PATTERN).to_string();
        }
        let (sign, minutes) = (if offset < 0 { '-' } else { '+' }, offset.abs() / 60);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second(),
            minutes / 60,
            minutes % 60
        )
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
    fn iso_spelling_agrees_with_chrono_everywhere() {
        let chrono_iso = |d: &Date| d.0.format(ISO_PATTERN).to_string();
        for t in [
            "0000-01-01T00:00:00+00:00",
            "0999-12-31T23:59:59-00:01",
            "2022-09-15T16:27:00+07:00",
            "2022-09-15T16:27:09-03:30",
            "2024-02-29T05:06:07+14:00",
            "1999-07-04T12:00:00-12:00",
            "9999-12-31T23:59:59+05:45",
            "2022-09-15T16:27:00.250+07:00",
        ] {
            let d = Date::parse(t).unwrap();
            assert_eq!(d.to_iso(), chrono_iso(&d), "{t}");
            assert_eq!(d.to_iso(), t, "{t}");
        }
        // Offsets with seconds and years beyond four digits: chrono's own spelling.
        let odd = FixedOffset::east_opt(3600 + 30)
            .unwrap()
            .with_ymd_and_hms(12345, 1, 2, 3, 4, 5)
            .unwrap();
        assert_eq!(Date(odd).to_iso(), chrono_iso(&Date(odd)));
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
