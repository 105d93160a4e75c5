//! Vietnamese dates and times: `15/09/2022 16:27`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`,
//! weekday prefixes (`Thứ Hai` … `Chủ nhật`), odd minutes (`16:6'`), `16h27`, `(GMT+7)`,
//! `ngày 25 tháng 4 năm 2022`, and ISO `2022-09-15T16:27`.
//!
//! [`find_dates`] finds every date in a line (with its time and offset when they are next
//! to it); [`parse_date_line`] says whether a whole line is a dateline, the kind a page
//! prints under a title, as opposed to a date mentioned inside a sentence.

use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};

use crate::content::{vietnam_offset, Date};

use super::chrome::phrase_key;

/// A date found in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte offset where the date (or its leading time) starts.
    pub start: usize,
    /// Byte offset just after the date, its time and its offset.
    pub end: usize,
    /// The calendar day.
    pub day: NaiveDate,
    /// The time of day, when given.
    pub time: Option<NaiveTime>,
    /// Offset from UTC in seconds, when the text gives one.
    pub offset: Option<i32>,
}

impl FoundDate {
    /// As a front-matter date (`+07:00` unless the text said otherwise).
    pub fn to_date(&self) -> Option<Date> {
        let naive = self.day.and_time(self.time.unwrap_or(NaiveTime::MIN));
        let offset = match self.offset {
            Some(secs) => FixedOffset::east_opt(secs)?,
            None => vietnam_offset(),
        };
        offset.from_local_datetime(&naive).single().map(Date)
    }
}

/// A line that is a dateline as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateLine {
    /// The date it gives.
    pub found: FoundDate,
    /// It has a weekday (`Thứ Hai, …`).
    pub weekday: bool,
    /// It is labelled as an update (`Cập nhật …`), not the first publication.
    pub updated: bool,
    /// A label glued before the date: the byte length of its text, and whether it names an
    /// agency (the publisher: `Sở Nông nghiệp … 03 Tháng Mười Một 2009`) rather than a
    /// category (`Xã hội - Ngày đăng: …`).
    pub label: Option<(usize, bool)>,
}

impl DateLine {
    /// The glued label's text, if any.
    pub fn label_text<'a>(&self, line: &'a str) -> Option<&'a str> {
        self.label.map(|(n, _)| line[..n].trim())
    }
}

/// A category (`Xã hội - `) or an agency name before the date of a dateline: the byte
/// length of its text, whether it is an agency, and where the date part starts.
fn date_label(prefix: &str) -> Option<(usize, bool, usize)> {
    let p = prefix.trim_end();
    if p.is_empty() {
        return None;
    }
    for sep in [" - ", " – ", " | "] {
        if let Some(k) = p.find(sep) {
            let label = p[..k].trim();
            let n = super::text::words(label);
            if (1..=5).contains(&n)
                && !label.chars().any(|c| c.is_ascii_digit())
                && label.starts_with(char::is_uppercase)
            {
                return Some((k, false, k + sep.len()));
            }
        }
    }
    // Glued to a date, an agency name needs no capitals (`Sở Nông nghiệp và Phát triển
    // nông thôn 03 Tháng Mười Một 2009`).
    let n = super::text::words(p);
    if super::header::is_agency_line(p)
        || ((2..=14).contains(&n)
            && super::header::starts_with_agency_word(p)
            && !p.contains([',', '.', ':'])
            && !p.ends_with(['-', '–', '|']))
    {
        return Some((p.len(), true, prefix.len()));
    }
    None
}

/// Parse the first Vietnamese date in `text` (see the module docs for the forms).
pub fn parse_vietnamese_date(text: &str) -> Option<Date> {
    find_dates(text).first().and_then(FoundDate::to_date)
}

fn digits_at(b: &[u8], i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut v: u32 = 0;
    while j < b.len() && j - i < max && b[j].is_ascii_digit() {
        v = v * 10 + u32::from(b[j] - b'0');
        j += 1;
    }
    if j - i < min || (j < b.len() && b[j].is_ascii_digit()) {
        return None;
    }
    Some((v, j))
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

/// `16:27`, `16:6'`, `16h27`, `16g27`, `16:27:05`, optionally `AM`/`PM`.
fn time_at(text: &str, i: usize) -> Option<(NaiveTime, usize)> {
    let b = text.as_bytes();
    let (h, j) = digits_at(b, i, 1, 2)?;
    // `16 giờ 27 phút`, `16 giờ 27`, `16 giờ`.
    if let Some(rest) = text[j..].strip_prefix(" giờ") {
        let mut k = text.len() - rest.len();
        let mut m = 0;
        if let Some((mm, k2)) = rest
            .strip_prefix(' ')
            .and_then(|_| digits_at(b, k + 1, 1, 2))
        {
            m = mm;
            k = k2;
            if let Some(r) = text[k..].strip_prefix(" phút") {
                k = text.len() - r.len();
            }
        }
        return NaiveTime::from_hms_opt(h, m, 0).map(|t| (t, k));
    }
    let sep = *b.get(j)?;
    if !matches!(sep, b':' | b'h' | b'g' | b'H') {
        return None;
    }
    let (m, mut k) = digits_at(b, j + 1, 1, 2)?;
    let mut s = 0;
    if b.get(k) == Some(&b':') {
        if let Some((sec, k2)) = digits_at(b, k + 1, 2, 2) {
            s = sec;
            k = k2;
        }
    }
    if matches!(b.get(k), Some(b'\'') | Some(b'"')) {
        k += 1;
    }
    let mut h = h;
    let rest = text.get(skip_spaces(b, k)..).unwrap_or("");
    // `SA`/`CH` (sáng, chiều) are Vietnamese AM/PM.
    for (suffix, add) in [
        ("AM", 0),
        ("am", 0),
        ("SA", 0),
        ("PM", 12),
        ("pm", 12),
        ("CH", 12),
    ] {
        if rest.starts_with(suffix) && !rest[2..].starts_with(char::is_alphanumeric) {
            if h < 12 {
                h += add;
            }
            k = skip_spaces(b, k) + 2;
            break;
        }
    }
    // A letter right after (`16h27phút` aside) means this is not a time.
    if text[k..].starts_with(|c: char| c.is_alphanumeric()) && !text[k..].starts_with("phút") {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, s).map(|t| (t, k))
}

/// `(GMT+7)`, `GMT+07:00`, `UTC+7`, `+07:00`, `Z` right after a time.
fn offset_at(text: &str, i: usize) -> Option<(i32, usize)> {
    let b = text.as_bytes();
    let mut k = skip_spaces(b, i);
    let paren = b.get(k) == Some(&b'(');
    if paren {
        k += 1;
    }
    let rest = &text[k..];
    let mut k2 = k;
    let named = rest.starts_with("GMT") || rest.starts_with("UTC");
    if named {
        // `(GMT +7)`: a space may sit between the zone's name and its sign.
        let after = skip_spaces(b, k2 + 3);
        k2 = if matches!(b.get(after), Some(b'+' | b'-')) {
            after
        } else {
            k2 + 3
        };
    } else if !(rest.starts_with('+') || rest.starts_with('-')) || (k != i && !paren) {
        // A bare sign must touch the time (`16:27+07:00`), or sit in brackets.
        return None;
    }
    let sign = match b.get(k2) {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ if k2 > k => {
            // Bare `GMT`.
            let end = if paren && b.get(k2) == Some(&b')') {
                k2 + 1
            } else {
                k2
            };
            return Some((0, end));
        }
        _ => return None,
    };
    let (h, mut j) = digits_at(b, k2 + 1, 1, 2)?;
    let mut m = 0;
    if b.get(j) == Some(&b':') {
        let (mm, j2) = digits_at(b, j + 1, 2, 2)?;
        m = mm;
        j = j2;
    }
    if paren {
        if b.get(j) != Some(&b')') {
            return None;
        }
        j += 1;
    }
    if h > 14 || m > 59 {
        return None;
    }
    Some((sign * (h as i32 * 3600 + m as i32 * 60), j))
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// A month in words at the start of `s` (`Mười Một`, `Tư`, `Giêng`): its number and length.
fn month_word(s: &str) -> Option<(u32, usize)> {
    const MONTHS: &[(&str, u32)] = &[
        ("mười một", 11),
        ("mười hai", 12),
        ("mười", 10),
        ("một", 1),
        ("giêng", 1),
        ("hai", 2),
        ("ba", 3),
        ("tư", 4),
        ("bốn", 4),
        ("năm", 5),
        ("sáu", 6),
        ("bảy", 7),
        ("tám", 8),
        ("chín", 9),
        ("chạp", 12),
    ];
    let head: String = s.chars().take(9).collect::<String>().to_lowercase();
    MONTHS.iter().find_map(|&(w, m)| {
        let rest = head.strip_prefix(w)?;
        if rest.starts_with(char::is_alphabetic) {
            return None;
        }
        // The same number of characters in the original (lowercasing keeps them).
        let len: usize = s.chars().take(w.chars().count()).map(char::len_utf8).sum();
        Some((m, len))
    })
}

/// A date starting at byte `i` (a digit): numeric, ISO or `d tháng m năm y`.
fn date_at(text: &str, i: usize) -> Option<(NaiveDate, usize)> {
    let b = text.as_bytes();
    // ISO: yyyy-mm-dd
    if let Some((y, j)) = digits_at(b, i, 4, 4) {
        if b.get(j) == Some(&b'-') {
            let (m, j2) = digits_at(b, j + 1, 2, 2)?;
            if b.get(j2) == Some(&b'-') {
                let (d, j3) = digits_at(b, j2 + 1, 2, 2)?;
                return ymd(y, m, d).map(|day| (day, j3));
            }
        }
        return None;
    }
    let (d, j) = digits_at(b, i, 1, 2)?;
    let sep = *b.get(j)?;
    if matches!(sep, b'/' | b'-' | b'.') {
        let (m, j2) = digits_at(b, j + 1, 1, 2)?;
        if b.get(j2) != Some(&sep) {
            return None;
        }
        let (y, j3) = digits_at(b, j2 + 1, 4, 4)?;
        return ymd(y, m, d).map(|day| (day, j3));
    }
    // d tháng m năm yyyy
    let rest = text.get(j..)?;
    let lower_starts = |s: &str, w: &str| s.get(..w.len()).is_some_and(|p| p.to_lowercase() == w);
    let after = rest.trim_start();
    if !lower_starts(after, "tháng") {
        return None;
    }
    let k = text.len() - after.len() + "tháng".len();
    let k = skip_spaces(b, k);
    let (m, k2, named) = match digits_at(b, k, 1, 2) {
        Some((m, k2)) => (m, k2, false),
        None => {
            let (m, len) = month_word(&text[k..])?;
            (m, k + len, true)
        }
    };
    let after = text[k2..].trim_start();
    let k3 = text.len() - after.len();
    let k4 = if lower_starts(after, "năm") {
        k3 + "năm".len()
    } else if after.starts_with(',') || after.starts_with('/') {
        k3 + 1
    } else if named && after.starts_with(|c: char| c.is_ascii_digit()) {
        // `03 Tháng Mười Một 2009`: the year right after a month in words.
        k3
    } else {
        return None;
    };
    let (y, k5) = digits_at(b, skip_spaces(b, k4), 4, 4)?;
    ymd(y, m, d).map(|day| (day, k5))
}

/// Text between a time and a date that still joins them (`16:27, `, ` - `, ` ngày `).
fn is_joiner(s: &str) -> bool {
    if s.len() > 32 {
        return false;
    }
    let k = phrase_key(s);
    // A weekday may sit between the time and the date (`10:30, Thứ Bảy, 14/07/2018`).
    let k = WEEKDAYS
        .iter()
        .find_map(|w| k.strip_suffix(w).map(str::trim_end))
        .unwrap_or(&k);
    let k = k.strip_suffix("ngày").map_or(k, str::trim_end);
    matches!(k, "" | "ngày" | "lúc" | "vào lúc" | "vào")
}

/// Every date in `text`, in order, each with its adjacent time and offset.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // A time seen just before, waiting for its date: (start, time, end).
    let mut pending: Option<(usize, NaiveTime, usize)> = None;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let word_start = i == 0 || !text[..i].ends_with(|c: char| c.is_alphabetic());
        if let Some((day, mut end)) = date_at(text, i).filter(|_| word_start) {
            let mut start = i;
            let mut time = None;
            if let Some((ps, t, pe)) = pending.take() {
                if is_joiner(&text[pe..i]) {
                    start = ps;
                    time = Some(t);
                }
            }
            if time.is_none() {
                let mut k = skip_spaces(b, end);
                let after = &text[k..];
                for joiner in ["-", ",", "|", "lúc", "vào lúc", "–"] {
                    if let Some(rest) = after.strip_prefix(joiner) {
                        k = skip_spaces(b, text.len() - rest.len());
                        break;
                    }
                }
                if let Some((t, e)) = time_at(text, k) {
                    time = Some(t);
                    end = e;
                } else if b.get(end) == Some(&b'T') {
                    if let Some((t, e)) = time_at(text, end + 1) {
                        time = Some(t);
                        end = e;
                    }
                }
            }
            let mut offset = None;
            if time.is_some() {
                if text[end..].starts_with('Z') {
                    offset = Some(0);
                    end += 1;
                } else if let Some((o, e)) = offset_at(text, end) {
                    offset = Some(o);
                    end = e;
                }
            }
            out.push(FoundDate {
                start,
                end,
                day,
                time,
                offset,
            });
            i = end.max(i + 1);
            continue;
        }
        if let Some((t, e)) = time_at(text, i) {
            pending = Some((i, t, e));
            i = e;
            continue;
        }
        i += 1;
    }
    out
}

const WEEKDAYS: &[&str] = &[
    "thứ hai",
    "thứ ba",
    "thứ tư",
    "thứ năm",
    "thứ sáu",
    "thứ bảy",
    "thứ 2",
    "thứ 3",
    "thứ 4",
    "thứ 5",
    "thứ 6",
    "thứ 7",
    "chủ nhật",
    "cn",
    "t2",
    "t3",
    "t4",
    "t5",
    "t6",
    "t7",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const LABELS: &[&str] = &[
    "ngày",
    "cập nhật",
    "cập nhật lúc",
    "cập nhật ngày",
    "ngày cập nhật",
    "đăng",
    "đăng lúc",
    "đăng ngày",
    "ngày đăng",
    "ngày đăng tải",
    "đăng tải",
    "lúc",
    "vào lúc",
    "thời gian",
    "xuất bản",
    "ngày xuất bản",
    "ngày phát hành",
    "phát hành",
    "posted",
    "posted on",
    "updated",
    "published",
    "gmt",
    "giờ",
    "date",
    "ngày viết",
    "ngày gửi",
    "gửi lúc",
];

/// A title with its publication date glued to its end (`Tiêu đề (11/10/2021)`,
/// `Tiêu đề - 11/10/2021 08:15`): the title without it, and the date.
pub fn split_glued_date(title: &str) -> Option<(&str, FoundDate)> {
    let t = title.trim_end();
    let d = *find_dates(t).last()?;
    let tail = t[d.end..].trim();
    if !matches!(tail, "" | ")" | "]") {
        return None;
    }
    let head = t[..d.start].trim_end();
    let opened = (tail == ")" && head.ends_with('('))
        || (tail == "]" && head.ends_with('['))
        || (tail.is_empty() && head.ends_with(['-', '–', '|', ',']));
    if !opened {
        return None;
    }
    let head = head
        .trim_end_matches(['(', '[', '-', '–', '|', ','])
        .trim_end();
    (super::text::words(head) >= 3).then_some((head, d))
}

/// Whether the whole line is a dateline: one date (with weekday, time, offset, a label such
/// as `Cập nhật:` or a place such as `Hà Nội,`) and nothing else.
pub fn parse_date_line(line: &str) -> Option<DateLine> {
    if line.len() > 120 {
        return None;
    }
    let found = find_dates(line);
    let first = *found.first()?;
    let label = date_label(&line[..first.start]);
    let from = label.map_or(0, |(_, _, from)| from);
    let mut rest = String::with_capacity(line.len());
    rest.push_str(&line[from..first.start]);
    rest.push(' ');
    let mut cursor = first.end;
    for f in found.iter().skip(1) {
        rest.push_str(&line[cursor..f.start]);
        rest.push(' ');
        cursor = f.end;
    }
    rest.push_str(&line[cursor..]);
    let key = phrase_key(&rest);
    let mut weekday = false;
    let mut updated = false;
    let mut leftover = Vec::new();
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let mut i = 0;
    'outer: while i < words.len() {
        for take in (1..=3).rev() {
            if i + take > words.len() {
                continue;
            }
            let phrase = words[i..i + take].join(" ");
            if WEEKDAYS.contains(&phrase.as_str()) {
                weekday = true;
                i += take;
                continue 'outer;
            }
            if LABELS.contains(&phrase.as_str()) {
                updated |= phrase.contains("cập nhật") || phrase == "updated";
                i += take;
                continue 'outer;
            }
        }
        leftover.push(words[i]);
        i += 1;
    }
    // A place before the date (`Hà Nội, ngày …`) is allowed; other words are not.
    let place_ok = leftover.len() <= 3 && {
        let prefix = &line[from..first.start];
        leftover.is_empty()
            || prefix
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .filter(|w| !WEEKDAYS.iter().any(|d| d.contains(&w.to_lowercase())))
                .filter(|w| {
                    !LABELS
                        .iter()
                        .any(|d| d.split(' ').any(|x| x == w.to_lowercase()))
                })
                .all(|w| w.starts_with(char::is_uppercase))
    };
    if !place_ok
        || leftover
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    Some(DateLine {
        found: first,
        weekday,
        updated,
        label: label.map(|(n, agency, _)| (n, agency)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse_vietnamese_date(s)
            .map(|d| d.to_iso())
            .unwrap_or_default()
    }

    #[test]
    fn labels_glued_to_datelines() {
        let l = "Kinh tế - Ngày đăng : 07:45, 12/03/2019";
        let d = parse_date_line(l).unwrap();
        assert_eq!(
            d.found.to_date().unwrap().to_iso(),
            "2019-03-12T07:45:00+07:00"
        );
        assert_eq!(d.label_text(l), Some("Kinh tế"));
        assert_eq!(d.label.map(|(_, a)| a), Some(false));
        let l = "Sở Tài nguyên và môi trường 14 Tháng Tư 2011 9:05:00 SA";
        let d = parse_date_line(l).unwrap();
        assert_eq!(
            d.found.to_date().unwrap().to_iso(),
            "2011-04-14T09:05:00+07:00"
        );
        assert_eq!(d.label, Some(("Sở Tài nguyên và môi trường".len(), true)));
        assert!(parse_date_line("Hội nghị tổng kết năm học - 12/03/2019").is_none());
    }

    #[test]
    fn dates_glued_to_titles() {
        let (t, d) = split_glued_date("Hội chợ công nghệ mở cửa trở lại (05/09/2022)").unwrap();
        assert_eq!(t, "Hội chợ công nghệ mở cửa trở lại");
        assert_eq!(d.to_date().unwrap().to_iso(), "2022-09-05T00:00:00+07:00");
        let (t, _) = split_glued_date("Nông dân làm giàu từ rau sạch - 12/03/2021 08:15").unwrap();
        assert_eq!(t, "Nông dân làm giàu từ rau sạch");
        assert!(split_glued_date("Kế hoạch giai đoạn 2021-2025").is_none());
        assert!(split_glued_date("Kỷ niệm ngày 30/4/1975 ở Huế").is_none());
    }

    #[test]
    fn forms_seen_on_news_sites() {
        let line = |s: &str| {
            let d = parse_date_line(s).unwrap_or_else(|| panic!("not a dateline: {s}"));
            d.found.to_date().unwrap().to_iso()
        };
        assert_eq!(
            line("Cập nhật : 08/03/2015 , 09:12(GMT +7)"),
            "2015-03-08T09:12:00+07:00"
        );
        assert_eq!(line("Ngày đăng: 12-04-2020"), "2020-04-12T00:00:00+07:00");
        assert_eq!(
            line("- Thứ năm - 18/11/2021 10:05"),
            "2021-11-18T10:05:00+07:00"
        );
        assert_eq!(
            line("Cập nhật, 10:30, Thứ Bảy, 14/07/2018 (GMT+7)"),
            "2018-07-14T10:30:00+07:00"
        );
        assert_eq!(
            line("04 Tháng Mười Hai 2010 2:15:00 CH"),
            "2010-12-04T14:15:00+07:00"
        );
        assert_eq!(
            line("Thứ sáu, 09 Tháng Một 2015 9:05:00 SA"),
            "2015-01-09T09:05:00+07:00"
        );
    }

    #[test]
    fn common_forms() {
        assert_eq!(iso("15/09/2022 16:27"), "2022-09-15T16:27:00+07:00");
        assert_eq!(
            iso("Thứ Hai, 23/12/2019 16:6'(GMT+7)"),
            "2019-12-23T16:06:00+07:00"
        );
        assert_eq!(iso("13-06-2022"), "2022-06-13T00:00:00+07:00");
        assert_eq!(iso("1/3/2022"), "2022-03-01T00:00:00+07:00");
        assert_eq!(iso("ngày 25 tháng 4 năm 2022"), "2022-04-25T00:00:00+07:00");
        assert_eq!(
            iso("Ngày 25 Tháng 04 Năm 2022"),
            "2022-04-25T00:00:00+07:00"
        );
        assert_eq!(iso("16:27, 15/09/2022"), "2022-09-15T16:27:00+07:00");
        assert_eq!(iso("09h05 ngày 15.09.2022"), "2022-09-15T09:05:00+07:00");
        assert_eq!(iso("2022-09-15T16:27"), "2022-09-15T16:27:00+07:00");
        assert_eq!(iso("15/09/2022 08:30 (GMT+9)"), "2022-09-15T08:30:00+09:00");
        assert_eq!(
            iso("15/09/2022 08:30 GMT+07:00"),
            "2022-09-15T08:30:00+07:00"
        );
        assert_eq!(
            iso("Chủ nhật, 5/6/2022 - 07:15 PM"),
            "2022-06-05T19:15:00+07:00"
        );
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        assert_eq!(iso("31/02/2022"), "");
        assert_eq!(iso("ISO 9001:2015"), "");
        assert_eq!(iso("TCVN 9001-2015"), "");
        assert_eq!(iso("200.331/278.238 hồ sơ"), "");
        assert_eq!(iso("giai đoạn 2011-2015"), "");
    }

    #[test]
    fn datelines_versus_dates_in_sentences() {
        assert!(parse_date_line("15/09/2022 16:27").is_some());
        let d = parse_date_line("Thứ Bảy, 23/11/2024").unwrap();
        assert!(d.weekday && d.found.time.is_none());
        assert!(
            parse_date_line("Cập nhật: 10:15 ngày 12/05/2023")
                .unwrap()
                .updated
        );
        assert!(parse_date_line("Hà Nội, ngày 25 tháng 4 năm 2022").is_some());
        assert!(parse_date_line("16 giờ 27 phút, ngày 15/9/2022").is_some());
        assert!(
            parse_date_line("Ngày 22/10/2021, UBND tỉnh Nam Định đã ban hành Kế hoạch số 122")
                .is_none()
        );
        assert!(parse_date_line("- 13-06-2022Hải Phòng thí điểm").is_none());
    }
}
