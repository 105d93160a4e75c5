//! Dates written the way readers of the site's language expect.

use chrono::{Datelike, Timelike, Weekday};

use crate::content::Date;

const VI_WEEKDAYS: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ nhật",
];
const EN_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday_index(w: Weekday) -> usize {
    w.num_days_from_monday() as usize
}

/// `Thứ Năm, 15/09/2022, 16:27` (vi) or `Thursday, 15 September 2022, 16:27` (en); the time
/// is left out when it is midnight (the source gave only a day).
pub fn long_date(d: &Date, lang: &str) -> String {
    let t = &d.0;
    let time = if t.hour() == 0 && t.minute() == 0 {
        String::new()
    } else {
        format!(", {:02}:{:02}", t.hour(), t.minute())
    };
    let wd = weekday_index(t.weekday());
    if lang == "en" {
        format!(
            "{}, {} {} {}{}",
            EN_WEEKDAYS[wd],
            t.day(),
            EN_MONTHS[t.month0() as usize],
            t.year(),
            time
        )
    } else {
        format!(
            "{}, {:02}/{:02}/{}{}",
            VI_WEEKDAYS[wd],
            t.day(),
            t.month(),
            t.year(),
            time
        )
    }
}

/// `15/09/2022` (vi) or `15 Sep 2022` (en).
pub fn short_date(d: &Date, lang: &str) -> String {
    let t = &d.0;
    if lang == "en" {
        format!(
            "{} {} {}",
            t.day(),
            &EN_MONTHS[t.month0() as usize][..3],
            t.year()
        )
    } else {
        format!("{:02}/{:02}/{}", t.day(), t.month(), t.year())
    }
}

/// `tháng 9/2022` (vi) or `September 2022` (en).
pub fn month_name(year: i32, month: u32, lang: &str) -> String {
    if lang == "en" {
        format!("{} {year}", EN_MONTHS[(month.clamp(1, 12) - 1) as usize])
    } else {
        format!("Tháng {month}/{year}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_long_date() {
        let d = Date::parse("2022-09-15T16:27:00+07:00").unwrap();
        assert_eq!(long_date(&d, "vi"), "Thứ Năm, 15/09/2022, 16:27");
        let d = Date::parse("2019-12-22").unwrap();
        assert_eq!(long_date(&d, "vi"), "Chủ nhật, 22/12/2019");
        assert_eq!(long_date(&d, "en"), "Sunday, 22 December 2019");
        assert_eq!(short_date(&d, "vi"), "22/12/2019");
        assert_eq!(month_name(2022, 9, "vi"), "Tháng 9/2022");
    }
}
