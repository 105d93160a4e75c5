//! Bulletin headers: `Bản tin Khoa học và Phát triển số 03 năm 2022`, `BẢN TIN KH&CN SỐ 5/2022`,
//! `Tạp chí … - Số 12 (2021)`, or a series line followed by `Số 03 năm 2022`; and the
//! publisher where the page names one (`Cơ quan chủ quản: …`, an agency line in the header
//! or just above the footer).

use super::chrome::phrase_key;
use super::text::{is_all_caps, words};

/// What a bulletin header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// The header as printed (the bulletin's title).
    pub title: String,
    /// The series, without the number (`Bản tin Khoa học và Phát triển`), when named.
    pub series: Option<String>,
    /// The issue number.
    pub issue: Option<u32>,
    /// The issue's year.
    pub year: Option<i32>,
}

/// Words a series name starts with.
const SERIES_WORDS: &[&str] = &[
    "bản tin",
    "tạp chí",
    "tập san",
    "đặc san",
    "thông tin",
    "nội san",
    "thông báo",
    "tin",
    "điểm tin",
    "bản tin điện tử",
    "bulletin",
    "newsletter",
    "chuyên san",
    "phụ san",
];

fn starts_with_series_word(key: &str) -> bool {
    SERIES_WORDS
        .iter()
        .any(|w| key.starts_with(w) && key.as_bytes().get(w.len()).is_none_or(|b| *b == b' '))
}

/// Number after `số`/`no` and the year after it, from the folded words of a line.
/// Returns (index of the `số` word, issue, year).
fn issue_and_year(words: &[&str]) -> Option<(usize, u32, Option<i32>)> {
    for (i, w) in words.iter().enumerate() {
        if !matches!(*w, "số" | "no" | "issue") {
            continue;
        }
        let Some(num) = words.get(i + 1) else {
            continue;
        };
        let issue: u32 = match num.parse() {
            Ok(n) if n > 0 && n < 100_000 => n,
            _ => continue,
        };
        let year_word =
            |w: &&&str| w.len() == 4 && w.parse::<i32>().is_ok_and(|y| (1900..=2100).contains(&y));
        let year = words[i + 2..]
            .iter()
            .take(4)
            .find(year_word)
            .and_then(|w| w.parse().ok());
        return Some((i, issue, year));
    }
    None
}

/// Whether the line can hold one of the words [`issue_and_year`] looks for (`số`, `no`,
/// `issue`, in any case). Most lines cannot, and this byte scan says so without building
/// their folded key; it never rules out a line that holds one.
fn may_name_an_issue(line: &str) -> bool {
    let b = line.as_bytes();
    (0..b.len()).any(|i| match b[i] {
        b'n' | b'N' => matches!(b.get(i + 1), Some(b'o' | b'O')),
        b'i' | b'I' => b
            .get(i + 1..i + 5)
            .is_some_and(|s| s.eq_ignore_ascii_case(b"ssue")),
        // `Ố` and `ố` (U+1ED0, U+1ED1) are E1 BB 90 and E1 BB 91.
        0xE1 => b.get(i + 1) == Some(&0xBB) && matches!(b.get(i + 2), Some(0x90 | 0x91)),
        _ => false,
    })
}

/// The header on one line (`Bản tin … số 03 năm 2022`).
pub(super) fn parse_header(line: &str) -> Option<Header> {
    if words(line) > 24 || line.ends_with('.') || !may_name_an_issue(line) {
        return None;
    }
    let key = phrase_key(line);
    let ws: Vec<&str> = key.split(' ').collect();
    let (at, issue, year) = issue_and_year(&ws)?;
    if !(starts_with_series_word(&key) || (at == 0 && year.is_some())) {
        return None;
    }
    let series = if at == 0 { None } else { series_text(line) };
    Some(Header {
        title: line.trim().to_string(),
        series,
        issue: Some(issue),
        year,
    })
}

/// A series name on its own line (`BẢN TIN KHOA HỌC VÀ PHÁT TRIỂN`), to pair with a following
/// `Số 03 năm 2022` line.
pub(super) fn is_series_line(line: &str) -> bool {
    let key = phrase_key(line);
    starts_with_series_word(&key)
        && words(line) <= 12
        && !line.ends_with('.')
        && key != "tin"
        && key.contains(' ')
}

/// The printed text before the `số`/`No.` word.
fn series_text(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let cut = [" số ", " - số ", " no. ", " no ", " số:"]
        .iter()
        .filter_map(|p| lower.find(p))
        .min()?;
    // The lowercase text has the same byte offsets for Vietnamese letters.
    let head = line.get(..cut)?;
    let head = head
        .trim()
        .trim_end_matches([',', '-', '–', ':', '('])
        .trim();
    (!head.is_empty()).then(|| head.to_string())
}

/// Prefixes that name the publisher outright.
const PUBLISHER_LABELS: &[&str] = &[
    "cơ quan chủ quản",
    "cơ quan xuất bản",
    "đơn vị xuất bản",
    "cơ quan phát hành",
    "đơn vị chủ quản",
    "bản quyền thuộc về",
    "bản quyền thuộc",
    "bản quyền",
    "xuất bản bởi",
    "published by",
    "nhà xuất bản",
];

/// Whether the line is a website's name (`Cổng thông tin điện tử tỉnh Hà Giang`, `Trang
/// thông tin điện tử …`, `Báo Lạng Sơn điện tử`): the site, never a page's title.
pub(super) fn is_site_name(line: &str) -> bool {
    let n = words(line);
    if !(2..=14).contains(&n) || super::text::ends_with_clause_mark(line) || line.contains(':') {
        return false;
    }
    let key = phrase_key(line);
    let starts = |w: &str| key.starts_with(w) && key.as_bytes().get(w.len()) == Some(&b' ');
    SITE_WORDS.iter().any(|w| starts(w))
        || (["báo", "tạp chí"].iter().any(|w| starts(w))
            && ["điện tử", "online"].iter().any(|e| key.ends_with(e)))
}

/// Words a website's name starts with.
const SITE_WORDS: &[&str] = &[
    "cổng thông tin",
    "cổng ttđt",
    "trang thông tin",
    "trang ttđt",
    "trang tin",
    "báo điện tử",
    "tạp chí điện tử",
    "website",
];

/// Words an agency's name starts with.
const AGENCY_WORDS: &[&str] = &[
    "trung tâm",
    "sở",
    "bộ",
    "viện",
    "báo",
    "tạp chí",
    "cổng thông tin",
    "cổng ttđt",
    "đài",
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "ban",
    "hội",
    "liên hiệp",
    "cục",
    "chi cục",
    "tổng cục",
    "trường",
    "học viện",
    "thông tấn xã",
    "văn phòng",
    "nhà xuất bản",
    "đại học",
    "phòng",
    "tỉnh ủy",
    "tỉnh uỷ",
    "thành ủy",
    "thành uỷ",
    "liên đoàn",
    "quỹ",
    "công ty",
    "tập đoàn",
];

/// The publisher a line names outright (`Cơ quan chủ quản: Sở KH&CN`, `© 2022 Báo X`).
pub(super) fn labelled_publisher(line: &str) -> Option<String> {
    let t = line.trim_start_matches(['©', ' ']);
    let key = phrase_key(t);
    for label in PUBLISHER_LABELS {
        if key.starts_with(label) {
            let rest = t.split_once(':').map(|(_, r)| r).unwrap_or_else(|| {
                let n = label.split(' ').count();
                let mut it = t.splitn(n + 1, ' ');
                for _ in 0..n {
                    it.next();
                }
                it.next().unwrap_or("")
            });
            let rest = rest
                .trim()
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '©')
                .trim();
            let rest = rest.trim_end_matches(['.', ',']).trim();
            return (!rest.is_empty() && words(rest) <= 14).then(|| rest.to_string());
        }
    }
    if line.starts_with('©') {
        let rest = t
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '-')
            .trim();
        return (!rest.is_empty() && words(rest) <= 14)
            .then(|| rest.trim_end_matches('.').to_string());
    }
    None
}

/// Whether the line opens with an agency word (`Sở`, `Trung tâm`, `UBND`, …).
pub(super) fn starts_with_agency_word(line: &str) -> bool {
    let key = phrase_key(line);
    AGENCY_WORDS
        .iter()
        .any(|w| key.starts_with(w) && key.as_bytes().get(w.len()) == Some(&b' '))
}

/// Whether the line is an agency's name on its own (`Trung tâm Ứng dụng và Thống kê KH&CN`,
/// `SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NINH`).
pub(super) fn is_agency_line(line: &str) -> bool {
    let n = words(line);
    if !(2..=14).contains(&n) || super::text::ends_with_clause_mark(line) || line.contains(':') {
        return false;
    }
    let key = phrase_key(line);
    let starts = AGENCY_WORDS
        .iter()
        .any(|w| key.starts_with(w) && key.as_bytes().get(w.len()) == Some(&b' '));
    // Mostly capitalized words: a proper name, not a sentence that starts with "Sở".
    let caps = line
        .split_whitespace()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
        .count();
    starts && (is_all_caps(line, 4) || caps * 2 >= n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names() {
        for l in [
            "Cổng thông tin điện tử tỉnh Hà Giang",
            "Trang thông tin điện tử Sở Khoa học và Công nghệ",
            "Báo Lạng Sơn điện tử",
            "Báo điện tử Đảng Cộng sản Việt Nam",
        ] {
            assert!(is_site_name(l), "{l}");
        }
        for l in [
            "Điểm báo ngày 22/9",
            "Báo cáo kết quả thực hiện nhiệm vụ năm 2023",
            "Trang trại bò sữa công nghệ cao",
        ] {
            assert!(!is_site_name(l), "{l}");
        }
    }

    #[test]
    fn headers() {
        let h = parse_header("Bản tin Khoa học và Phát triển số 03 năm 2022").unwrap();
        assert_eq!(h.series.as_deref(), Some("Bản tin Khoa học và Phát triển"));
        assert_eq!((h.issue, h.year), (Some(3), Some(2022)));
        let h = parse_header("BẢN TIN KH&CN SỐ 5/2022").unwrap();
        assert_eq!(h.series.as_deref(), Some("BẢN TIN KH&CN"));
        assert_eq!((h.issue, h.year), (Some(5), Some(2022)));
        let h = parse_header("Tạp chí Thông tin Khoa học - Số 12 (2021)").unwrap();
        assert_eq!(h.series.as_deref(), Some("Tạp chí Thông tin Khoa học"));
        assert_eq!((h.issue, h.year), (Some(12), Some(2021)));
        let h = parse_header("Số 7 năm 2023").unwrap();
        assert_eq!((h.series, h.issue, h.year), (None, Some(7), Some(2023)));
        assert!(parse_header("Nghị quyết số 313 của HĐND tỉnh Quảng Ninh").is_none());
        assert!(parse_header("Trong 23 doanh nghiệp KHCN của QN có: 09 doanh nghiệp").is_none());
        assert!(is_series_line("BẢN TIN KHOA HỌC VÀ PHÁT TRIỂN"));
    }

    #[test]
    fn publishers() {
        assert_eq!(
            labelled_publisher("Cơ quan chủ quản: Sở Khoa học và Công nghệ").as_deref(),
            Some("Sở Khoa học và Công nghệ")
        );
        assert_eq!(
            labelled_publisher("© 2022 Báo Quảng Ninh").as_deref(),
            Some("Báo Quảng Ninh")
        );
        assert!(is_agency_line("Trung tâm Ứng dụng và Thống kê KH&CN"));
        assert!(is_agency_line("SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH NAM ĐỊNH"));
        assert!(!is_agency_line(
            "Sở đã hỗ trợ nhiều doanh nghiệp trong năm qua"
        ));
        assert!(!is_agency_line("Hương Anh"));
    }
}
