//! The table of contents (`Trong số này:`): its rubrics and titles, where it ends, and
//! matching its titles to the body's despite differences in spacing, dashes and
//! punctuation. Matching is linear: exact folded keys through a hash map, and a fuzzy
//! comparison only against the next few titles expected in order.

use std::collections::HashMap;

use super::classify::{Item, Kind, MAX_TITLE_WORDS};
use super::text::{fold_key, similarity, words};

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TocEntry {
    /// As printed (numbering and page numbers removed).
    pub text: String,
    /// Folded comparison key.
    pub key: String,
    /// An ALL-CAPS rubric rather than an article title.
    pub rubric: bool,
    /// Line in the seed.
    pub no: usize,
    /// For a title: the rubric listed above it in the table, as printed.
    pub under: Option<String>,
}

/// A table of contents found in the items.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Toc {
    /// Index of the marker item.
    pub marker: usize,
    /// Index of the first body item after the table.
    pub end: usize,
    /// Its entries, in order.
    pub entries: Vec<TocEntry>,
    /// No marker: `marker` is the first entry.
    pub implicit: bool,
}

/// Remove list numbering (`1.`, `a)`, `-`) and page numbers with dot leaders (`…… 5`).
fn clean_entry(text: &str) -> String {
    let mut t = text.trim();
    t = t.trim_start_matches(['-', '•', '+', '*', '–', ' ']);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0
        && digits <= 2
        && t[digits..].starts_with(['.', ')'])
        && t[digits + 1..].starts_with(' ')
    {
        t = t[digits + 1..].trim_start();
    }
    // Trailing page number after dot leaders or a tab-like gap.
    let trimmed = t.trim_end_matches(|c: char| c.is_ascii_digit());
    if trimmed.len() < t.len() {
        let before = trimmed.trim_end();
        if before.ends_with("..") || before.ends_with('…') || before.ends_with('_') {
            t = before.trim_end_matches(['.', '…', '_', ' ']);
        }
    }
    t.to_string()
}

/// Find a table of contents among the first items: its marker, entries, and end (the
/// first item that repeats an entry, or the first running text).
pub(super) fn find_toc(items: &[Item]) -> Option<Toc> {
    marked_toc(items).or_else(|| implicit_toc(items))
}

/// A table of contents after a marker (`Trong số này:`).
fn marked_toc(items: &[Item]) -> Option<Toc> {
    let marker = items
        .iter()
        .take(40)
        .position(|i| i.kind == Kind::TocMarker)?;
    let mut entries: Vec<TocEntry> = Vec::new();
    // Keys seen and the last rubric, kept as the table is read so that a table of many
    // entries costs time linear in its length (fuzzed inputs had tens of thousands).
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut last_rubric: Option<String> = None;
    let mut end = items.len();
    for (idx, item) in items.iter().enumerate().skip(marker + 1) {
        let text = clean_entry(&item.text);
        let key = fold_key(&text);
        if key.is_empty() {
            continue;
        }
        let repeat = seen.contains(&key);
        let prose = item.kind == Kind::Para || words(&text) > MAX_TITLE_WORDS;
        if repeat || prose || matches!(item.kind, Kind::Byline | Kind::Question | Kind::TocMarker) {
            end = idx;
            break;
        }
        let rubric = item.kind == Kind::Caps;
        let under = if rubric {
            last_rubric = Some(text.clone());
            None
        } else {
            last_rubric.clone()
        };
        seen.insert(key.clone());
        entries.push(TocEntry {
            text,
            key,
            rubric,
            no: item.no,
            under,
        });
    }
    // A table needs at least two article titles to guide anything.
    let titles = entries.iter().filter(|e| !e.rubric).count();
    if titles < 2 {
        return None;
    }
    // A last entry directly followed by prose is the first article's title when its
    // text is not listed again (no repeat seen): the body starts there.
    Some(Toc {
        marker,
        end,
        entries,
        implicit: false,
    })
}

/// A table of contents without a marker: a run of four or more headlines near the top,
/// one line each, at least one of which comes back later over the text it heads.
fn implicit_toc(items: &[Item]) -> Option<Toc> {
    let headline = |i: &Item| {
        matches!(i.kind, Kind::Short | Kind::Caps | Kind::Caption)
            && (3..=30).contains(&i.words)
            && crate::ingest::convert::classify::is_title_shaped(&i.text)
    };
    let top = items.len().min(40);
    let mut s = 0;
    while s < top {
        if !headline(&items[s]) {
            s += 1;
            continue;
        }
        let e = (s..items.len())
            .find(|&k| !headline(&items[k]))
            .unwrap_or(items.len());
        if e - s >= 4 {
            let keys: Vec<String> = items[s..e].iter().map(|i| fold_key(&i.text)).collect();
            let key_set: std::collections::HashSet<&str> =
                keys.iter().map(String::as_str).collect();
            let returns = items[e..].iter().enumerate().any(|(k, i)| {
                i.words <= 30
                    && key_set.contains(fold_key(&i.text).as_str())
                    && items
                        .get(e + k + 1)
                        .is_some_and(|n| matches!(n.kind, Kind::Para | Kind::Caption))
            });
            if returns {
                let entries = items[s..e]
                    .iter()
                    .zip(keys)
                    .map(|(i, key)| TocEntry {
                        text: i.text.clone(),
                        key,
                        rubric: false,
                        no: i.no,
                        under: None,
                    })
                    .collect();
                // A closing line of the table (`Chi tiết … bên dưới.`) belongs to it.
                let mut end = match items.get(e) {
                    Some(n) if n.kind == Kind::Para && n.words <= 12 => e + 1,
                    _ => e,
                };
                // And a `Nội dung chính` heading under it.
                if items.get(end).is_some_and(|n| n.kind == Kind::TocMarker) {
                    end += 1;
                }
                return Some(Toc {
                    marker: s,
                    end,
                    entries,
                    implicit: true,
                });
            }
        }
        s = e;
    }
    None
}

/// Whether [`similarity`] of `e` and a key of `key_chars` characters can reach `needed`:
/// two keys share at most as many bigrams as the shorter has, so keys of very different
/// lengths (a paragraph against a title) are told apart without comparing bigrams. Uses
/// the same arithmetic as `similarity`, so it never rules out a pair that would pass.
fn could_be_similar(e: &str, key_chars: usize, needed: f64) -> bool {
    let e_chars = e.chars().count();
    if e_chars < 2 || key_chars < 2 {
        return true;
    }
    let (ga, gb) = (e_chars - 1, key_chars - 1);
    (2 * ga.min(gb)) as f64 / (ga + gb) as f64 >= needed
}

/// Finds, item by item, which table-of-contents title (if any) a body line is.
#[derive(Debug)]
pub(super) struct TocMatcher<'a> {
    entries: &'a [TocEntry],
    by_key: HashMap<&'a str, Vec<usize>>,
    used: Vec<bool>,
    /// Index of the next title expected in order.
    next: usize,
}

impl<'a> TocMatcher<'a> {
    /// A matcher over the entries of `toc`.
    pub(super) fn new(toc: &'a Toc) -> TocMatcher<'a> {
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in toc.entries.iter().enumerate() {
            by_key.entry(e.key.as_str()).or_default().push(i);
        }
        TocMatcher {
            entries: &toc.entries,
            by_key,
            used: vec![false; toc.entries.len()],
            next: 0,
        }
    }

    /// The entry this body line is, if any. Exact folded keys first, then a fuzzy match
    /// against the next three unused entries (a title shortened in the table, a dash or
    /// a word that differs).
    pub(super) fn match_line(&mut self, text: &str, rubric_only: bool) -> Option<usize> {
        self.match_line_with(text, rubric_only, false)
    }

    /// [`match_line`](Self::match_line); `headed` says the line looks like a title in
    /// place (title-shaped, text follows), so the very next expected title may differ
    /// more (reworded in the table).
    pub(super) fn match_line_with(
        &mut self,
        text: &str,
        rubric_only: bool,
        headed: bool,
    ) -> Option<usize> {
        let key = fold_key(&clean_entry(text));
        if key.is_empty() {
            return None;
        }
        if let Some(list) = self.by_key.get(key.as_str()) {
            let pick = list
                .iter()
                .copied()
                .filter(|&i| !self.used[i] || self.entries[i].rubric)
                .filter(|&i| !rubric_only || self.entries[i].rubric)
                .min_by_key(|&i| (i < self.next, i.abs_diff(self.next)));
            if let Some(i) = pick {
                return Some(self.take(i));
            }
        }
        if rubric_only || words(text) > MAX_TITLE_WORDS {
            return None;
        }
        let candidates: Vec<usize> = (self.next..self.entries.len())
            .filter(|&i| !self.used[i] && !self.entries[i].rubric)
            .take(3)
            .collect();
        let key_chars = key.chars().count();
        for (rank, i) in candidates.into_iter().enumerate() {
            let e = &self.entries[i].key;
            let (short, long) = if e.len() <= key.len() {
                (e.as_str(), key.as_str())
            } else {
                (key.as_str(), e.as_str())
            };
            let prefix =
                long.starts_with(short) && short.chars().count() * 10 >= long.chars().count() * 7;
            let needed = if headed && rank == 0 { 0.6 } else { 0.85 };
            if prefix || (could_be_similar(e, key_chars, needed) && similarity(e, &key) >= needed) {
                return Some(self.take(i));
            }
        }
        None
    }

    fn take(&mut self, i: usize) -> usize {
        if !self.entries[i].rubric {
            self.used[i] = true;
            if i >= self.next {
                self.next = i + 1;
            }
        }
        i
    }

    /// The rubric entry `i` is listed under, if any.
    pub(super) fn entry_rubric(&self, i: usize) -> Option<&str> {
        self.entries[i].under.as_deref()
    }

    /// The printed text of entry `i`.
    pub(super) fn entry_text(&self, i: usize) -> &str {
        &self.entries[i].text
    }

    /// Titles never found in the body.
    pub(super) fn unmatched(&self) -> impl Iterator<Item = &TocEntry> {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(e, u)| !e.rubric && !**u)
            .map(|(e, _)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_without_a_marker() {
        let para = "Một đoạn văn dài đủ để là nội dung của bài báo, với nhiều chữ và dấu chấm ở cuối câu, viết về công nghệ và đời sống của người dân.";
        let it = Item::numbered(&[
            "Điểm tin",
            "Hà Nội khai trương tuyến buýt điện đầu tiên",
            "Giá lúa tăng mạnh tại đồng bằng sông Cửu Long",
            "Ra mắt ứng dụng tra cứu thủ tục hành chính",
            "Học sinh Việt Nam đoạt huy chương vàng Tin học",
            "Xem chi tiết từng tin bên dưới.",
            "Giá lúa tăng mạnh tại đồng bằng sông Cửu Long",
            para,
        ]);
        let t = find_toc(&it).unwrap();
        assert!(t.implicit);
        assert_eq!((t.marker, t.end, t.entries.len()), (1, 6, 4));
        // Four short lines that never come back are not a table.
        let it = Item::numbered(&[
            "Hà Nội khai trương tuyến buýt điện đầu tiên",
            "Giá lúa tăng mạnh tại đồng bằng sông Cửu Long",
            "Ra mắt ứng dụng tra cứu thủ tục hành chính",
            "Học sinh Việt Nam đoạt huy chương vàng Tin học",
            para,
        ]);
        assert!(find_toc(&it).is_none());
    }

    #[test]
    fn table_ends_where_the_body_repeats_it() {
        let it = Item::numbered(&[
            "Trong số này:",
            "TIN TRONG TỈNH",
            "Sự hiện diện của công nghệ trong đời sống KT- XH",
            "Bài hai về nông nghiệp",
            "TIN TRONG TỈNH",
            "Sự hiện diện của công nghệ trong đời sống KT-XH",
            "Một đoạn văn dài đủ để là nội dung của bài báo, với nhiều chữ và dấu chấm ở cuối câu, viết về công nghệ và đời sống của người dân trong tỉnh.",
        ]);
        let toc = find_toc(&it).unwrap();
        assert_eq!(toc.end, 4);
        assert_eq!(toc.entries.len(), 3);
        assert!(toc.entries[0].rubric);
        let mut m = TocMatcher::new(&toc);
        assert_eq!(m.match_line("TIN TRONG TỈNH", true), Some(0));
        assert_eq!(
            m.match_line("Sự hiện diện của công nghệ trong đời sống KT-XH", false),
            Some(1)
        );
        assert_eq!(m.match_line("Bài hai về nông nghiệp.", false), Some(2));
        assert_eq!(m.unmatched().count(), 0);
    }

    #[test]
    fn fuzzy_titles_and_page_numbers() {
        assert_eq!(clean_entry("1. Bài một ........ 5"), "Bài một");
        let it = Item::numbered(&[
            "Mục lục",
            "Hội nghị tổng kết năm 2022 của ngành",
            "Bài thứ hai",
            "Nội dung",
        ]);
        let toc = find_toc(&it).unwrap();
        let mut m = TocMatcher::new(&toc);
        assert_eq!(
            m.match_line("Hội nghị tổng kết năm 2022 của ngành KH&CN", false),
            Some(0)
        );
        assert_eq!(m.match_line("Bài thứ hai – tiếp", false), None);
        // In place of a title, the next expected one may be reworded.
        assert_eq!(
            m.match_line_with("Bài thứ hai tiếp theo", false, true),
            Some(1)
        );
    }
}
