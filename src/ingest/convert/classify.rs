//! What each content line is, judged on the line alone (the segmenter adds context).

use super::byline::is_explicit_byline;
use super::chrome::phrase_key;
use super::date::{parse_date_line, DateLine};
use super::header::parse_header;
use super::text::{ends_with_clause_mark, is_all_caps, sentence_count, starts_upper, words};

/// The kind of a content line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A bulletin header (`Bản tin … số 03 năm 2022`).
    Header,
    /// `Trong số này:`, `Mục lục`: a table of contents follows.
    TocMarker,
    /// A whole-line date.
    Date,
    /// An interviewer's question (`PV: …`, `Phóng viên (PV): …`).
    Question,
    /// A roundup item or list item starting with `*`.
    Star,
    /// A list item starting with `-`, `•`, `+`.
    Bullet,
    /// An explicit byline (`Bài, ảnh: …`, `BBT (Sưu tầm)`).
    Byline,
    /// A photo caption with a marker (`(ảnh …)`, `Ảnh: …`) or in a table cell.
    Caption,
    /// A photo credit alone (`Nguồn ảnh: baonghean.vn`).
    Credit,
    /// ALL CAPS: a rubric, an all-caps title or a subheading.
    Caps,
    /// A short line without closing punctuation: a title, subheading or caption.
    Short,
    /// Running text.
    Para,
}

/// One line of content with its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Item {
    /// 1-based line number in the seed.
    pub no: usize,
    /// The cleaned text (table bars removed).
    pub text: String,
    /// The line sat in a `|` table cell (copied image tables hold captions).
    pub in_table: bool,
    /// What the line is.
    pub kind: Kind,
    /// For [`Kind::Date`]: the date.
    pub date: Option<DateLine>,
    /// Number of words.
    pub words: usize,
    /// Last line in the seed (a paragraph hard-wrapped over several lines).
    pub end_no: usize,
    /// The line was printed twice in a row (an image's alt text and its caption, or a
    /// byline shown twice); the copy was dropped.
    pub twice: bool,
}

impl Item {
    /// Classify each of `lines` as lines 1, 2, … of a text outside any table (for tests).
    #[cfg(test)]
    pub(super) fn numbered(lines: &[&str]) -> Vec<Item> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| Item::new(i + 1, t.to_string(), false))
            .collect()
    }

    /// Classify line `no` with its text.
    #[cfg(test)]
    pub(super) fn new(no: usize, text: String, in_table: bool) -> Item {
        let n = words(&text);
        Item::with_words(no, text, in_table, n)
    }

    /// [`Item::new`] for a line whose word count is known.
    pub(super) fn with_words(no: usize, text: String, in_table: bool, n: usize) -> Item {
        let (kind, date) = classify_n(&text, in_table, n);
        Item {
            no,
            end_no: no,
            twice: false,
            words: n,
            text,
            in_table,
            kind,
            date,
        }
    }
}

/// Longest line (in words) that can still be a title or heading.
pub(super) const MAX_TITLE_WORDS: usize = 40;

const TOC_MARKERS: &[&str] = &[
    "trong số này",
    "mục lục",
    "nội dung",
    "nội dung chính",
    "trong số báo này",
    "trong bản tin này",
    "nội dung số này",
    "trong số",
    "tin trong số",
    "các bài trong số",
];

/// Whether a line announces a table of contents.
pub(super) fn is_toc_marker(line: &str) -> bool {
    TOC_MARKERS.contains(&phrase_key(line).as_str()) && words(line) <= 6
}

/// The question of an interview, when the line is one; returns the text after the label.
pub(super) fn question_label(line: &str) -> Option<usize> {
    let colon = line.as_bytes().iter().take(60).position(|&b| b == b':')?;
    let (label, rest) = (&line[..colon], &line[colon + 1..]);
    if rest.trim().is_empty() || words(label) > 5 {
        return None;
    }
    let key = phrase_key(label);
    let is_q = key == "pv"
        || key == "hỏi"
        || key == "câu hỏi"
        || key == "p v"
        || key.starts_with("phóng viên")
        || key.starts_with("pv ")
        || key.ends_with(" pv")
        || key == "nhà báo"
        // `- Nhà báo Lê Minh: …`: the interviewer named.
        || (key.starts_with("nhà báo ") && words(label) <= 5)
        || key == "q";
    is_q.then_some(label.len() + 1)
}

/// `TTXVN/VietnamPlus.vn 22/9`: a press review's source and day after a headline (not a
/// photo credit).
pub(super) fn source_and_day(inner: &str) -> bool {
    let Some(last) = inner.split_whitespace().last() else {
        return false;
    };
    let day_month = last.split_once('/').is_some_and(|(d, m)| {
        (1..=2).contains(&d.len())
            && (1..=2).contains(&m.len())
            && d.bytes().all(|b| b.is_ascii_digit())
            && m.bytes().all(|b| b.is_ascii_digit())
    });
    day_month && !phrase_key(inner).starts_with("ảnh")
}

/// Photo-credit words inside a trailing bracket (`(ảnh báo QN)`, `( báo QN)`, `(Ảnh: TTXVN)`).
fn credit_bracket(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches('.');
    if !t.ends_with(')') {
        return false;
    }
    let Some(open) = t.rfind('(') else {
        return false;
    };
    if !t.ends_with(')') {
        return false;
    }
    let inner = &t[open + 1..t.len() - 1];
    if words(inner) > 8 || source_and_day(inner) {
        return false;
    }
    let key = phrase_key(inner);
    let first = key.split(' ').next().unwrap_or("");
    matches!(
        first,
        "ảnh" | "báo" | "nguồn" | "photo" | "internet" | "st" | "minh"
    ) || key.contains("minh họa")
        || key.contains("minh hoạ")
        || key.starts_with("ảnh ")
        || inner.contains(".vn")
        || inner.contains(".com")
        || ["TTXVN", "VNA", "AFP", "Reuters", "AP", "Getty"]
            .iter()
            .any(|a| inner.contains(a))
}

/// One pass over the bytes: does the line hold `ảnh`/`Ảnh` (U+1EA3/U+1EA2 then `nh`) or
/// `Photo`/`PHOTO`?
fn may_hold_credit(b: &[u8]) -> bool {
    let mut i = 0;
    while i + 2 < b.len() {
        match b[i] {
            0xE1 if b[i + 1] == 0xBA && matches!(b[i + 2], 0xA2 | 0xA3) => {
                if b.get(i + 3..i + 5)
                    .is_some_and(|s| s.eq_ignore_ascii_case(b"nh"))
                {
                    return true;
                }
                i += 3;
            }
            b'P' if b
                .get(i + 1..i + 5)
                .is_some_and(|s| s.eq_ignore_ascii_case(b"hoto")) =>
            {
                return true
            }
            _ => i += 1,
        }
    }
    false
}

/// `Ảnh: …`, `Nguồn ảnh: …`, `Ảnh minh họa` at either end of a line.
fn credit_words(line: &str) -> bool {
    // `may_hold_credit` also finds `ẢNH` (`Ả` then `NH` in any case).
    if !may_hold_credit(line.as_bytes()) {
        return false;
    }
    let key = phrase_key(line);
    key.starts_with("ảnh minh họa")
        || key.starts_with("ảnh minh hoạ")
        || key.starts_with("nguồn ảnh")
        || key.ends_with("ảnh minh họa")
        || key.ends_with("ảnh minh hoạ")
        || line.contains("Ảnh: ")
        || line.contains("Ảnh:")
        || line.contains("Nguồn ảnh:")
        || line.contains("Photo:")
        || line.contains("(ảnh:")
        || line.contains("(Ảnh:")
}

/// Whether the line is only a photo credit (`Nguồn ảnh: baonghean.vn`, `(Ảnh: TTXVN)`).
pub(super) fn is_credit_only(line: &str) -> bool {
    if line.len() > 120 || words(line) > 8 {
        return false;
    }
    let t = line.trim_matches(|c: char| c == '(' || c == ')' || c == ' ' || c == '.');
    let key = phrase_key(t);
    (key.starts_with("nguồn ảnh")
        || key.starts_with("ảnh ")
        || key == "ảnh minh họa"
        || key == "ảnh minh hoạ"
        || key.starts_with("photo"))
        && words(t) <= 8
        && (t.contains(':') || key.starts_with("ảnh minh"))
}

/// Whether the line (of `n` words) carries a caption marker.
pub(super) fn has_caption_marker(line: &str, n: usize) -> bool {
    line.len() <= 800 && n <= 60 && (credit_bracket(line) || credit_words(line))
}

/// Classify one line on its own.
#[cfg(test)]
pub(super) fn classify(text: &str, in_table: bool) -> (Kind, Option<DateLine>) {
    classify_n(text, in_table, words(text))
}

/// [`classify`] for a line of `n` words.
pub(super) fn classify_n(text: &str, in_table: bool, n: usize) -> (Kind, Option<DateLine>) {
    if n <= 6 && is_toc_marker(text) {
        return (Kind::TocMarker, None);
    }
    if let Some(d) = parse_date_line(text) {
        return (Kind::Date, Some(d));
    }
    if n <= 24 && parse_header(text).is_some() {
        return (Kind::Header, None);
    }
    if question_label(text).is_some() {
        return (Kind::Question, None);
    }
    if text.starts_with('*') && !text.starts_with("**") && text.len() > 1 {
        return (Kind::Star, None);
    }
    // `**Câu hỏi?**`: a question in bold.
    if text.len() > 4
        && text.starts_with("**")
        && text.ends_with("**")
        && text.trim_end_matches('*').trim_end().ends_with('?')
    {
        return (Kind::Question, None);
    }
    if text.starts_with(['-', '•', '+', '–', '·']) && text.chars().nth(1) == Some(' ') {
        return (Kind::Bullet, None);
    }
    if is_credit_only(text) {
        return (Kind::Credit, None);
    }
    if is_explicit_byline(text) {
        return (Kind::Byline, None);
    }
    if in_table || has_caption_marker(text, n) {
        return (Kind::Caption, None);
    }
    if n <= 20 && is_all_caps(text, 4) {
        return (Kind::Caps, None);
    }
    if is_title_shaped_n(text, n) {
        return (Kind::Short, None);
    }
    (Kind::Para, None)
}

/// A line that could be a title, heading or caption: not too long, one sentence, no
/// closing `.`/`;`/`:`/`,`, starting with a capital, a digit or a quote.
pub(super) fn is_title_shaped(text: &str) -> bool {
    text.len() <= 320 && is_title_shaped_n(text, words(text))
}

/// [`is_title_shaped`] for a line of `n` words.
fn is_title_shaped_n(text: &str, n: usize) -> bool {
    (1..=MAX_TITLE_WORDS).contains(&n)
        && text.len() <= 320
        && !ends_with_clause_mark(text)
        && sentence_count(text) <= 1
        && (starts_upper(text) || text.starts_with(['“', '"', '\'', '‘']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(t: &str) -> Kind {
        classify(t, false).0
    }

    #[test]
    fn a_source_and_day_is_not_a_photo_credit() {
        assert_eq!(
            kind("Xuất khẩu nông sản tăng mạnh (Báo Nhân Dân 12/3)"),
            Kind::Short
        );
        assert_eq!(kind("Lễ khánh thành nhà máy. (Ảnh: TTXVN)"), Kind::Caption);
        assert_eq!(kind("Toàn cảnh buổi lễ (ảnh 12/3)"), Kind::Caption);
    }

    #[test]
    fn question_forms() {
        assert_eq!(
            kind("- Nhà báo Quang Huy: Ông đánh giá thế nào?"),
            Kind::Question
        );
        assert_eq!(kind("PV: Xin ông cho biết?"), Kind::Question);
        assert_eq!(kind("**Bà có kế hoạch gì cho năm tới?**"), Kind::Question);
        assert_ne!(
            kind("- Ông Trần Văn Tư: Chúng tôi đã làm được nhiều việc."),
            Kind::Question
        );
    }

    #[test]
    fn kinds() {
        assert_eq!(kind("Trong số này:"), Kind::TocMarker);
        assert_eq!(kind("Mục lục"), Kind::TocMarker);
        assert_eq!(kind("15/09/2022 16:27"), Kind::Date);
        assert_eq!(
            kind("Bản tin Khoa học và Phát triển số 03 năm 2022"),
            Kind::Header
        );
        assert_eq!(kind("Phóng viên (PV): Xin ông cho biết?"), Kind::Question);
        assert_eq!(kind("PV: Trân trọng cảm ơn ông!"), Kind::Question);
        assert_eq!(kind("Hỏi: Thủ tục thế nào?"), Kind::Question);
        assert_eq!(kind("*Bắc Giang cơ cấu lại các nhiệm vụ"), Kind::Star);
        assert_eq!(kind("* Bạc Liêu tăng cường ứng dụng"), Kind::Star);
        assert_eq!(kind("Bài, ảnh: Hương Anh"), Kind::Byline);
        assert_eq!(kind("Nguồn ảnh: baonghean.vn"), Kind::Credit);
        assert_eq!(
            kind("Một công nhân đang chế biến thịt (ảnh: STR/AFP)."),
            Kind::Caption
        );
        assert_eq!(
            kind("Cán bộ hướng dẫn công dân nộp hồ sơ (ảnh báo QN)"),
            Kind::Caption
        );
        assert_eq!(kind("Trường tiểu học Hạ Long ( báo QN)"), Kind::Caption);
        assert_eq!(
            kind("Nông dân thu hoạch vải thiều. Ảnh: TTXVN"),
            Kind::Caption
        );
        assert_eq!(kind("(Ảnh minh họa)"), Kind::Credit);
        assert_eq!(kind("NHỮNG VẤN ĐỀ CHUNG"), Kind::Caps);
        assert_eq!(kind("Lan toả chuyển đổi số"), Kind::Short);
        assert_eq!(kind("Đặt mục tiêu…"), Kind::Short);
        assert_eq!(kind("Hệ thống quản lý chất lượng (HTQLCL)"), Kind::Short);
        assert_eq!(kind("Thứ nhất, cơ chế được xây dựng đồng bộ."), Kind::Para);
        assert_eq!(
            kind("Ông Trần Minh Hoan: Chuyển đổi số trước tiên là chuyển đổi nhận thức."),
            Kind::Para
        );
    }
}
