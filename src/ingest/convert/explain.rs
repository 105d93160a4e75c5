//! `bantin ingest --explain`: the converter's decision for every source line (its role in
//! the corpus' vocabulary, its article, and why), traced through the same pipeline as
//! [`convert`](super::convert).

use std::path::Path;

use super::{body, classify, decode, prepare, pubdate, segment, text, IngestError, Vocabulary};

/// The converter's decision for one source line, for `bantin ingest --explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRole {
    /// 1-based line number in the source.
    pub line: usize,
    /// The role, in the corpus' vocabulary: `meta`, `section`, `toc`, `noise`, `title`,
    /// `para`, `caption`, `sub`, `byline`.
    pub role: &'static str,
    /// 0-based index of the article the line belongs to.
    pub article: Option<usize>,
    /// In a few words, why.
    pub why: &'static str,
    /// The line's text (cleaned).
    pub text: String,
}

/// What the converter decided for every non-blank line of a raw text: its role, its
/// article and why. The same pipeline as `convert`, traced.
pub fn explain(
    path: &Path,
    bytes: &[u8],
    vocab: &Vocabulary,
) -> Result<Vec<LineRole>, IngestError> {
    let decoded = decode::decode(bytes, path)?;
    let texts: Vec<(usize, String)> = decoded
        .lines
        .iter()
        .filter(|l| !l.text.is_empty())
        .map(|l| (l.no, l.text.clone()))
        .collect();
    let prep = prepare::prepare_counted(decoded.lines, &decoded.words);
    let items = &prep.items;
    let mut by_line: std::collections::BTreeMap<
        usize,
        (&'static str, Option<usize>, &'static str),
    > = Default::default();
    for &(no, why) in &prep.dropped {
        let role = if why == prepare::CATEGORY_FIELD {
            "meta"
        } else {
            "noise"
        };
        by_line.insert(no, (role, None, why));
    }
    let mut set = |i: usize, role: &'static str, art: Option<usize>, why: &'static str| {
        let it = &items[i];
        for no in it.no..=it.end_no {
            by_line.insert(no, (role, art, why));
        }
    };
    for i in 0..items.len() {
        set(i, "noise", None, "outside any article (left out)");
    }
    let doc = segment::segment(items);
    if let Some(h) = doc.preamble.header_no {
        if let Some(i) = items.iter().position(|it| it.no == h) {
            set(i, "meta", None, "the bulletin header");
        }
    }
    for &i in &doc.preamble.dates {
        set(i, "meta", None, "a dateline before the first article");
    }
    for &i in &doc.preamble.meta {
        set(i, "meta", None, "a series or publisher line of the header");
    }
    for &i in &doc.preamble.intro {
        set(i, "para", None, "the bulletin's introduction");
    }
    for &i in &doc.preamble.clocks {
        set(i, "noise", None, "the site's clock, far above the title");
    }
    for &i in &doc.preamble.chrome {
        if doc.preamble.page_title.as_deref() == Some(items[i].text.as_str()) {
            set(i, "meta", None, "the page's title over its dateline");
        } else {
            set(i, "noise", None, "a label above the title (menu, banner)");
        }
    }
    for &(i, why) in &doc.skipped {
        set(i, "noise", None, why);
    }
    if let Some(c) = &doc.preamble.category {
        // As printed, or as the last step of a breadcrumb list (`• Khoa học`).
        let key = text::fold_key(c);
        if let Some(i) = items
            .iter()
            .take(12)
            .position(|it| it.text == *c || text::fold_key(&it.text) == key)
        {
            set(i, "section", Some(0), "the label right above the title");
        }
    }
    if let Some(toc) = &doc.toc {
        for i in toc.marker..toc.end.min(items.len()) {
            set(i, "toc", None, "in the table of contents");
        }
        // A `Nội dung chính` heading closing the table heads the text: metadata.
        let end = toc.end.min(items.len());
        for i in (toc.marker + 1..end).filter(|&i| items[i].kind == classify::Kind::TocMarker) {
            set(i, "meta", None, "the heading of the text after the table");
        }
    }
    let last = doc.segments.len().saturating_sub(1);
    let mut own = Vec::with_capacity(doc.segments.len());
    for (k, seg) in doc.segments.iter().enumerate() {
        if let Some(t) = seg.title {
            set(
                t,
                "title",
                Some(k),
                if seg.from_toc {
                    "listed in the table of contents"
                } else {
                    "a heading-shaped line over text"
                },
            );
        }
        for &t in &seg.title_lines {
            set(t, "title", Some(k), "the title goes on in lowercase");
        }
        if let Some(s) = &seg.section {
            if let Some(i) = seg
                .title
                .and_then(|t| (0..t).rev().take(3).find(|&j| items[j].text == *s))
            {
                set(i, "section", Some(k), "a rubric heading over the title");
            }
        }
        let title = seg
            .title_text
            .as_deref()
            .or(seg.title.map(|t| items[t].text.as_str()));
        let b = body::build(items, &seg.items, vocab, k == last, title);
        own.push(b.date);
        for &i in &seg.items {
            set(i, "para", Some(k), "in the article's body");
        }
        for &(i, role, why) in &b.roles {
            set(i, role, Some(k), why);
        }
    }
    // Datelines above the text that are not the publication date: the copy day.
    let (_, copies) = pubdate::decide(items, &doc.preamble, &own);
    for (no, _) in copies {
        if let Some(e) = by_line.get_mut(&no) {
            if e.0 == "meta" {
                *e = (
                    "noise",
                    None,
                    "a date above the text: the day the page was copied",
                );
            }
        }
    }
    // A line printed twice takes the role of its first copy.
    let mut prev: Option<(&'static str, Option<usize>)> = None;
    for (no, _) in &texts {
        if let Some(e) = by_line.get_mut(no) {
            if e.2 == prepare::REPEATED {
                if let Some((role, art)) = prev {
                    e.0 = role;
                    e.1 = art;
                }
            }
            prev = Some((e.0, e.1));
        }
    }
    Ok(texts
        .into_iter()
        .map(|(no, text)| {
            let (role, article, why) = by_line
                .get(&no)
                .copied()
                .unwrap_or(("noise", None, "dropped"));
            LineRole {
                line: no,
                role,
                article,
                why,
                text,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(usize, &'static str)> {
        explain(Path::new("t.txt"), text.as_bytes(), &Vocabulary::builtin())
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.role))
            .collect()
    }

    const PARA: &str = "Đây là một đoạn văn đủ dài của bài báo, có nhiều chữ, nhiều ý và kết thúc bằng dấu chấm như mọi đoạn văn bình thường khác.";

    #[test]
    fn a_category_field_is_metadata_and_a_copy_date_is_chrome() {
        let text = format!("Thứ Hai, 04/03/2024\nCổng thông tin điện tử huyện\nNông dân thu hoạch lúa sớm ở đồng bằng\n12/06/2023 09:15\n{PARA}\nThể loại: Thời sự\n");
        let r = roles(&text);
        assert_eq!(r[0], (1, "noise"));
        assert_eq!(r[2], (3, "title"));
        assert_eq!(r[3], (4, "meta"));
        assert_eq!(r[5], (6, "meta"));
    }

    #[test]
    fn a_heading_over_a_table_of_contents_and_the_main_text_heading() {
        let titles = [
            "Nông dân thu hoạch lúa sớm ở đồng bằng",
            "Hợp tác xã nho được công nhận OCOP",
            "Kỹ thuật tưới nhỏ giọt cho cây táo",
            "Xuất khẩu rau quả tăng mạnh quý đầu",
        ];
        let text = format!(
            "Điểm tin\n{}\nNội dung chính\n{}\n{PARA}\n",
            titles.join("\n"),
            titles[0]
        );
        let r = roles(&text);
        assert_eq!(r[0], (1, "meta"), "{r:?}");
        assert_eq!(r[1], (2, "toc"), "{r:?}");
        assert_eq!(r[5], (6, "meta"), "{r:?}");
        assert_eq!(r[6], (7, "title"), "{r:?}");
        let c = super::super::convert(
            "t.txt",
            Path::new("t.txt"),
            text.as_bytes(),
            &Vocabulary::builtin(),
        )
        .unwrap();
        assert_eq!(c.bulletin.title, "Điểm tin");
        assert!(c.intro.is_empty());
    }
}
