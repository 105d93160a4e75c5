//! Warnings for what ingest was unsure about: a title chosen among several heading-shaped
//! lines, a line it could not classify. Each names the seed's line and says what to do;
//! a [`Fix`] says which content file the editor would correct, so that `store` can name
//! it once it knows the file names.

use std::path::Path;

use super::classify::Item;
use super::segment::Doc;
use super::text::{cut_at_word, fold_key};
use crate::diag::Diagnostic;

/// Which content file a warning's advice is about, and what to do in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Index of the warning in [`super::Converted::warnings`].
    pub warning: usize,
    /// The article (0-based) whose file to edit; `None` for the bulletin's `_index.md`.
    pub article: Option<usize>,
    /// What to do, with `{file}` where the file's path goes.
    pub action: String,
}

impl Fix {
    /// The advice with the file named.
    pub fn hint(&self, file: &str) -> String {
        self.action.replace("{file}", file)
    }

    /// The advice before file names are known.
    pub fn generic_hint(&self) -> String {
        match self.article {
            Some(k) => self.hint(&format!("the file of article {}", k + 1)),
            None => self.hint("the bulletin's _index.md"),
        }
    }
}

/// Warnings and fixes as the converter gathers them.
#[derive(Debug, Default)]
pub(super) struct Warnings {
    /// Every warning, in order.
    pub list: Vec<Diagnostic>,
    /// The ones that point to a content file.
    pub fixes: Vec<Fix>,
}

impl Warnings {
    /// Record a warning whose advice is about a content file; `action` says what to do,
    /// with `{file}` where that file's path goes (see [`Fix::hint`]).
    pub(super) fn push_fix(
        &mut self,
        d: Diagnostic,
        article: Option<usize>,
        action: impl Into<String>,
    ) {
        let fix = Fix {
            warning: self.list.len(),
            article,
            action: action.into(),
        };
        self.list.push(d.with_hint(fix.generic_hint()));
        self.fixes.push(fix);
    }
}

/// The lead's title was chosen among several heading-shaped lines: say which, and
/// which others were taken as page chrome.
pub(super) fn title_among_rivals(path: &Path, items: &[Item], doc: &Doc, out: &mut Warnings) {
    let Some(chosen) = doc.preamble.lead_title else {
        return;
    };
    let rivals = &doc.preamble.title_rivals;
    if rivals.is_empty() || doc.segments.first().and_then(|s| s.title) != Some(chosen) {
        return;
    }
    let mut lines: Vec<usize> = rivals.iter().map(|&j| items[j].no).collect();
    lines.push(items[chosen].no);
    lines.sort_unstable();
    let listed: Vec<String> = lines.iter().map(usize::to_string).collect();
    let others: Vec<String> = rivals
        .iter()
        .take(3)
        .map(|&j| format!("`{}`", cut_at_word(&items[j].text, 60)))
        .collect();
    let d = Diagnostic::new(
        path,
        format!(
            "title chosen among {} candidates (lines {}): took “{}” (the last heading over the text), and {} as page chrome",
            lines.len(),
            listed.join(", "),
            cut_at_word(&items[chosen].text, 80),
            others.join(", ")
        ),
    )
    .at_line(items[chosen].no);
    out.push_fix(
        d,
        Some(0),
        "if another line is the title, set `title:` in {file}",
    );
}

/// Items no rule placed: not chrome, header, dateline, table of contents or article
/// text. They are left out of the content, so say so (at most a few per file).
pub(super) fn left_out(items: &[Item], doc: &Doc) -> Vec<usize> {
    let mut placed = vec![false; items.len()];
    let mut mark = |i: usize| {
        if let Some(p) = placed.get_mut(i) {
            *p = true;
        }
    };
    let pre = &doc.preamble;
    if let Some(h) = pre.header_no {
        if let Some(i) = items.iter().position(|it| it.no == h) {
            mark(i);
        }
    }
    for &i in pre
        .dates
        .iter()
        .chain(&pre.intro)
        .chain(&pre.clocks)
        .chain(&pre.chrome)
        .chain(&pre.meta)
    {
        mark(i);
    }
    for &(i, _) in &doc.skipped {
        mark(i);
    }
    if let Some(toc) = &doc.toc {
        for i in toc.marker..toc.end.min(items.len()) {
            mark(i);
        }
    }
    for seg in &doc.segments {
        for &i in seg.title.iter().chain(&seg.title_lines).chain(&seg.items) {
            mark(i);
        }
    }
    // The category label and the rubric headings over titles (a TOC rubric repeated in
    // the body): compared only with the few lines still unplaced.
    if placed.iter().all(|p| *p) {
        return Vec::new();
    }
    let same = |i: usize, label: &str| {
        items[i].text == label || fold_key(&items[i].text) == fold_key(label)
    };
    if let Some(c) = &pre.category {
        for (i, p) in placed.iter_mut().enumerate().take(12) {
            if !*p && same(i, c) {
                *p = true;
            }
        }
    }
    for seg in &doc.segments {
        if let (Some(s), Some(t)) = (&seg.section, seg.title) {
            for j in (0..t).rev().take(3) {
                if !placed[j] && same(j, s) {
                    placed[j] = true;
                }
            }
        }
    }
    placed
        .iter()
        .enumerate()
        .filter(|(_, p)| !**p)
        .map(|(i, _)| i)
        .collect()
}

/// Most left-out lines named one by one in a file's warnings; the rest are counted.
const LEFT_OUT_NAMED: usize = 3;

/// Warn about the items no rule placed, pointing to the nearest article's file.
pub(super) fn warn_left_out(path: &Path, items: &[Item], doc: &Doc, out: &mut Warnings) {
    let lost = left_out(items, doc);
    for (n, &i) in lost.iter().enumerate() {
        let it = &items[i];
        if n == LEFT_OUT_NAMED {
            let rest: Vec<String> = lost[n..].iter().map(|&j| items[j].no.to_string()).collect();
            out.list.push(
                Diagnostic::new(
                    path,
                    format!(
                        "{} more lines could not be classified and were left out (lines {})",
                        lost.len() - n,
                        rest.join(", ")
                    ),
                )
                .at_line(it.no)
                .with_hint("`bantin ingest --explain` shows every line's role"),
            );
            break;
        }
        // The article the line sits in or before.
        let article = doc
            .segments
            .iter()
            .rposition(|s| s.title.or(s.items.first().copied()).is_some_and(|f| f < i))
            .unwrap_or(0);
        let d = Diagnostic::new(
            path,
            format!(
                "could not classify `{}` (not page chrome, a header, a dateline or article text); left out",
                cut_at_word(&it.text, 80)
            ),
        )
        .at_line(it.no);
        out.push_fix(
            d,
            Some(article),
            "if it is article text, move it into the article in the seed, or add it to {file}",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::{convert, segment, Vocabulary};
    use super::*;

    fn run(text: &str) -> super::super::Converted {
        convert(
            "seeds/t.txt",
            Path::new("seeds/t.txt"),
            text.as_bytes(),
            &Vocabulary::builtin(),
        )
        .unwrap()
    }

    const BODY: &str = "Sáng nay, hợp tác xã đã bắt đầu thu hoạch trên diện tích hơn 40 ha, sớm hơn mọi năm gần hai tuần.\nNăng suất bình quân đạt 62 tạ mỗi ha, cao hơn vụ trước, nhờ giống mới và lịch thời vụ hợp lý.\n";

    #[test]
    fn a_title_chosen_among_heading_shaped_lines_is_warned_about_with_its_file() {
        let text = format!(
            "Đoàn kết - Đổi mới - Hội nhập - Phát triển bền vững\nTrang chủ\nNông dân xã Tân Lập thu hoạch lúa sớm\n12/06/2023 09:15\n{BODY}"
        );
        let c = run(&text);
        assert_eq!(
            c.articles[0].meta.title,
            "Nông dân xã Tân Lập thu hoạch lúa sớm"
        );
        let (k, w) = c
            .warnings
            .iter()
            .enumerate()
            .find(|(_, w)| w.message.starts_with("title chosen among 2 candidates"))
            .expect("a warning about the title");
        assert_eq!(w.line, Some(3));
        assert!(w.message.contains("(lines 1, 3)"), "{}", w.message);
        assert!(w.message.contains("`Đoàn kết - Đổi mới"), "{}", w.message);
        let fix = c.fixes.iter().find(|f| f.warning == k).unwrap();
        assert_eq!(fix.article, Some(0));
        assert_eq!(
            fix.hint("content/x/01-a.md"),
            "if another line is the title, set `title:` in content/x/01-a.md"
        );
        assert!(w.hint.as_deref().unwrap().contains("the file of article 1"));
    }

    #[test]
    fn a_lone_label_or_a_title_printed_twice_is_no_rival() {
        // A site's name is known chrome.
        let text = format!(
            "Cổng thông tin điện tử huyện Lạc Sơn\nTrang chủ\nNông dân xã Tân Lập thu hoạch lúa sớm\n12/06/2023 09:15\n{BODY}"
        );
        assert!(!run(&text)
            .warnings
            .iter()
            .any(|w| w.message.starts_with("title chosen")));
        // Short menu labels are not rival titles, nor is the title's own second copy.
        let text = format!(
            "Tin tức\nNông dân xã Tân Lập thu hoạch lúa sớm\nTrang chủ\nNông dân xã Tân Lập thu hoạch lúa sớm\n12/06/2023 09:15\n{BODY}"
        );
        let c = run(&text);
        assert!(
            !c.warnings
                .iter()
                .any(|w| w.message.starts_with("title chosen")),
            "{:?}",
            c.warnings
        );
    }

    #[test]
    fn a_date_chosen_among_datelines_names_the_candidates_and_the_index_file() {
        let text = format!(
            "Thứ Hai, 04/03/2024\nTrang chủ\nThời sự\nNông dân xã Tân Lập thu hoạch lúa sớm\n12/06/2023 09:15\n{BODY}"
        );
        let c = run(&text);
        let (k, w) = c
            .warnings
            .iter()
            .enumerate()
            .find(|(_, w)| w.message.starts_with("date chosen among 2 candidates"))
            .expect("a warning about the date");
        assert_eq!(w.line, Some(5));
        assert!(w.message.contains("line 1 (2024-03-04)"), "{}", w.message);
        let fix = c.fixes.iter().find(|f| f.warning == k).unwrap();
        assert_eq!(fix.article, None);
        assert!(fix
            .hint("content/x/_index.md")
            .contains("`date:` in content/x/_index.md"));
    }

    #[test]
    fn lines_no_rule_placed_are_found_and_named_a_few_at_a_time() {
        let items = Item::numbered(&[
            "Nông dân thu hoạch lúa sớm",
            "Một dòng lạc giữa hai bài",
            "Sáng nay, hợp tác xã đã bắt đầu thu hoạch trên diện tích hơn 40 ha.",
            "Dòng thứ hai",
            "Dòng thứ ba",
            "Dòng thứ tư",
            "Dòng thứ năm",
        ]);
        let doc = Doc {
            segments: vec![segment::Segment {
                title: Some(0),
                items: vec![2],
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(left_out(&items, &doc), vec![1, 3, 4, 5, 6]);
        let mut w = Warnings::default();
        warn_left_out(Path::new("seeds/t.txt"), &items, &doc, &mut w);
        assert_eq!(w.list.len(), LEFT_OUT_NAMED + 1);
        assert_eq!(w.list[0].line, Some(2));
        assert!(w.list[0]
            .message
            .contains("could not classify `Một dòng lạc giữa hai bài`"));
        assert_eq!(w.fixes.len(), LEFT_OUT_NAMED);
        assert_eq!(w.fixes[0].article, Some(0));
        assert!(
            w.list[3].message.starts_with("2 more lines"),
            "{}",
            w.list[3].message
        );
        assert!(w.list[3].message.contains("(lines 6, 7)"));
    }

    #[test]
    fn a_clean_page_gives_no_unsure_warnings() {
        let c = run(&format!(
            "Nông dân xã Tân Lập thu hoạch lúa sớm\n12/06/2023 09:15\n{BODY}"
        ));
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert!(c.fixes.is_empty());
    }
}
