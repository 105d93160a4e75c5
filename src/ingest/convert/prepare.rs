//! Decoded lines → content items: table bars stripped (and remembered, since copied image
//! tables hold captions), chrome and the page footer removed, repeated lines dropped, and
//! each remaining line classified.

use super::chrome::{
    after_image_name, breadcrumb_last, category_field, is_chrome_n, is_debris, is_footer_marker,
    is_hard_footer_marker, is_related_link,
};
use super::classify::Kind;
use super::classify::{Item, MAX_TITLE_WORDS};
use super::date::{find_dates, parse_date_line, FoundDate};
use super::decode::Line;
use super::header::{is_agency_line, labelled_publisher};
use super::text::{ends_with_clause_mark, ends_with_stop, is_all_caps, strip_closers};

/// Why a line printed twice in a row was dropped (`--explain`).
pub(super) const REPEATED: &str = "the line above printed again";

/// Why a `Thể loại: …` field was dropped (it gives the section: a metadata line).
pub(super) const CATEGORY_FIELD: &str = "a category field (gives the section)";

/// Content items and what the chrome around them said.
#[derive(Debug, Default)]
pub(super) struct Prepared {
    /// Content lines, classified, in order.
    pub items: Vec<Item>,
    /// Dates of related links (other articles on the page), with their lines.
    pub link_dates: Vec<(usize, FoundDate)>,
    /// The page's category from a breadcrumb trail near the top.
    pub breadcrumb: Option<String>,
    /// A publisher named in the chrome or footer.
    pub publisher: Option<String>,
    /// Non-blank lines dropped as chrome.
    pub chrome_lines: usize,
    /// Lines dropped, with why (for `--explain`).
    pub dropped: Vec<(usize, &'static str)>,
}

/// Index of the first footer line: the earliest footer heading in the run of chrome and
/// short lines that ends the page.
fn footer_start(lines: &[Line], wc: &[usize]) -> usize {
    // The first "other news"/comments heading after which no line is running text (readers'
    // comments and link lists are short) starts the footer too.
    let mut longest_after = vec![0usize; lines.len() + 1];
    for i in (0..lines.len()).rev() {
        longest_after[i] = longest_after[i + 1].max(wc[i]);
    }
    let forward = lines
        .iter()
        .enumerate()
        .skip(lines.len() / 4)
        .find(|(i, l)| is_hard_footer_marker(&l.text) && longest_after[i + 1] <= 40)
        .map(|(i, _)| i);
    let mut start = lines.len();
    for (i, l) in lines.iter().enumerate().rev() {
        let t = l.text.as_str();
        if t.is_empty() || is_debris(t) {
            continue;
        }
        if is_footer_marker(t) {
            start = i;
            continue;
        }
        if is_chrome_n(t, wc[i]) {
            continue;
        }
        let weak = wc[i] <= 14 && !ends_with_clause_mark(t);
        if !weak {
            break;
        }
    }
    forward.map_or(start, |f| f.min(start))
}

/// Whether a line can go on on the next one: no closing punctuation (a comma is none:
/// a paragraph never ends with one).
fn goes_on(line: &str) -> bool {
    (!ends_with_clause_mark(line) || strip_closers(line).ends_with(',')) && !ends_with_stop(line)
}

/// When the text is hard-wrapped (a PDF or e-mail copy: lines often go on in lowercase on
/// the next line), the width it was wrapped at, in bytes; else `None`.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let mut pairs = 0;
    let mut continued = 0;
    let mut lens: Vec<usize> = Vec::new();
    for w in lines.windows(2) {
        let (a, b) = (&w[0].text, &w[1].text);
        if a.is_empty() {
            continue;
        }
        lens.push(a.len());
        if b.is_empty() {
            continue;
        }
        pairs += 1;
        if goes_on(a) && b.starts_with(|c: char| c.is_lowercase()) {
            continued += 1;
        }
    }
    if continued < 2 || continued * 5 < pairs {
        return None;
    }
    lens.sort_unstable();
    lens.get(lens.len() * 9 / 10).copied()
}

/// Split off the table bars of a line; returns the text and whether it had any.
fn strip_bars(t: &str) -> (&str, bool) {
    let s = t.trim_matches(|c: char| c == '|' || c == ' ');
    (s, s.len() != t.len())
}

/// Turn decoded lines into classified content items.
#[cfg(test)]
pub(super) fn prepare(lines: Vec<Line>) -> Prepared {
    let wc: Vec<usize> = lines.iter().map(|l| super::text::words(&l.text)).collect();
    prepare_counted(lines, &wc)
}

/// [`prepare`] for lines whose word counts `wc` are known (the decoder counts them).
pub(super) fn prepare_counted(lines: Vec<Line>, wc: &[usize]) -> Prepared {
    let mut out = Prepared::default();
    let footer = footer_start(&lines, wc);
    // Lines left in an open `|` table cell (closed by the next bar or after three lines).
    let mut table_left = 0usize;
    let mut blank_before = false;
    let wrap = wrap_width(&lines);
    let mut prev_len = 0usize;
    for (i, line) in lines.into_iter().enumerate() {
        let raw = line.text.as_str();
        if raw.is_empty() {
            blank_before = true;
            continue;
        }
        if is_debris(raw) {
            out.dropped.push((line.no, "table bars or spacing debris"));
            blank_before = true;
            if raw.contains('|') {
                table_left = if table_left > 0 { 0 } else { 3 };
            }
            continue;
        }
        let (text, barred) = strip_bars(raw);
        // An image's file name glued to a caption or to text: dropped, and a short rest
        // is the caption.
        let imaged = after_image_name(text);
        if imaged.is_some_and(str::is_empty) {
            out.dropped.push((line.no, "an image's file name"));
            continue;
        }
        let (text, n, barred) = match imaged {
            Some(rest) => (rest, super::text::words(rest), barred),
            None => (text, wc[i], barred),
        };
        let caption_after_image = imaged.is_some() && n <= 15 && !ends_with_stop(text);
        let in_table = (barred || table_left > 0) && n <= MAX_TITLE_WORDS;
        if barred && raw.ends_with('|') {
            table_left = 0;
        } else {
            table_left = table_left.saturating_sub(1);
        }
        if i >= footer {
            out.chrome_lines += 1;
            out.dropped.push((line.no, "in the page footer"));
            if out.publisher.is_none() {
                out.publisher = labelled_publisher(text)
                    .or_else(|| is_agency_line(text).then(|| text.to_string()));
            }
            continue;
        }
        if is_chrome_n(text, n) {
            out.chrome_lines += 1;
            let why = if category_field(text).is_some() {
                CATEGORY_FIELD
            } else {
                "page chrome (menu, widget, link list)"
            };
            out.dropped.push((line.no, why));
            if is_related_link(text) {
                if let Some(d) = find_dates(text).first() {
                    out.link_dates.push((line.no, *d));
                }
            } else if let Some(last) = breadcrumb_last(text) {
                if out.breadcrumb.is_none() && out.items.len() < 5 {
                    out.breadcrumb = Some(last.to_string());
                }
            } else if let Some(c) = category_field(text) {
                if out.breadcrumb.is_none() {
                    out.breadcrumb = Some(c.to_string());
                }
            } else if out.publisher.is_none() {
                out.publisher = labelled_publisher(text);
            }
            continue;
        }
        if out.items.last().is_some_and(|p| p.text == text && n <= 20) {
            out.dropped.push((line.no, REPEATED));
            if let Some(p) = out.items.last_mut() {
                p.twice = true;
            }
            continue;
        }
        // A paragraph hard-wrapped by a PDF or an e-mail copy: the line goes on from the
        // previous one (no blank line between, no closing punctuation before, lowercase
        // start). Joining before classifying keeps a wrapped line from passing for a
        // heading or a caption.
        let joins = !blank_before
            && out.items.last().is_some_and(|p| {
                p.end_no + 1 == line.no
                    && !matches!(p.kind, Kind::Date | Kind::Header | Kind::TocMarker)
                    && goes_on(&p.text)
                    && !p.text.ends_with(['”', '"', ')'])
                    // A heading in capitals does not go on in lowercase.
                    && !is_all_caps(&p.text, 4)
            })
            && (text.starts_with(|c: char| c.is_lowercase())
                || wrap.is_some_and(|w| {
                    prev_len * 10 >= w * 7 && !text.starts_with(['-', '*', '•', '+'])
                }))
            // A dateline under a title (`ngày 5 tháng 6 năm 2022`) is a line of its own.
            && parse_date_line(text).is_none();
        blank_before = false;
        prev_len = text.len();
        if joins {
            if let Some(prev) = out.items.pop() {
                let merged = format!("{} {text}", prev.text);
                let words = prev.words + n;
                let mut item = Item::with_words(prev.no, merged, prev.in_table || in_table, words);
                item.end_no = line.no;
                out.items.push(item);
                continue;
            }
        }
        let owned = if barred || imaged.is_some() {
            text.to_string()
        } else {
            line.text
        };
        let mut item = Item::with_words(line.no, owned, in_table, n);
        if caption_after_image {
            item.kind = Kind::Caption;
        }
        out.items.push(item);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(ts: &[&str]) -> Vec<Line> {
        ts.iter()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn footer_and_tables() {
        let p = prepare(lines(&[
            "Tiêu đề bài viết",
            "|",
            "Ảnh chụp hội nghị ở Hạ Long |",
            "Một đoạn văn đủ dài để là nội dung, có dấu chấm ở cuối câu và nhiều chữ.",
            "- 13-06-2022Hải Phòng thí điểm tiếp nhận hồ sơ trực tuyến",
            "Hương Anh",
            "Các tin khác",
            "Một tin khác rất ngắn",
            "Sở Khoa học và Công nghệ tỉnh Quảng Ninh",
            "Hôm nay: 935",
        ]));
        let texts: Vec<&str> = p.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Tiêu đề bài viết",
                "Ảnh chụp hội nghị ở Hạ Long",
                "Một đoạn văn đủ dài để là nội dung, có dấu chấm ở cuối câu và nhiều chữ.",
                "Hương Anh"
            ]
        );
        assert_eq!(p.items[1].kind, Kind::Caption);
        assert_eq!(p.link_dates.len(), 1);
        assert_eq!(
            p.publisher.as_deref(),
            Some("Sở Khoa học và Công nghệ tỉnh Quảng Ninh")
        );
    }
}
