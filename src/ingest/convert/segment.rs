//! Items → a bulletin's preamble (header, datelines, category) and its articles.
//!
//! Boundaries come from, in order of trust: the table of contents (its titles found in
//! the body, its rubrics setting the section), ALL-CAPS rubric headings followed by a
//! title, `*` roundup items, and a title-shaped line after an article's byline. Inside an
//! article, the same shapes are subheadings.

use super::byline::{looks_like_caps_name, looks_like_job, looks_like_name, name_part};
use super::classify::{is_title_shaped, Item, Kind};
use super::header::Header;
use super::lead::{preamble, skip_labels, LEAD_TITLE_WORDS};
use super::text::{
    ends_with_clause_mark, ends_with_stop, fold_key, is_all_caps, sentence_count, words,
};
use super::toc::{find_toc, Toc, TocEntry, TocMatcher};

/// What comes before the first article.
#[derive(Debug, Default, Clone)]
pub(super) struct Preamble {
    /// The bulletin header.
    pub header: Option<Header>,
    /// Line of the header.
    pub header_no: Option<usize>,
    /// Items that are datelines.
    pub dates: Vec<usize>,
    /// A category label beside the dateline (`Khoa giáo`).
    pub category: Option<String>,
    /// A publisher named in the header.
    pub publisher: Option<String>,
    /// Items between the header and the table of contents (an introduction).
    pub intro: Vec<usize>,
    /// Datelines of the site's clock above the title (the day the page was copied).
    pub clocks: Vec<usize>,
    /// Chrome labels above the title (menu items, banners, slogans).
    pub chrome: Vec<usize>,
    /// The page's title over its dateline when the first article's title follows.
    pub page_title: Option<String>,
    /// Other lines of the header block that were read as metadata: a series line over
    /// the header, a publisher, a category beside the dateline.
    pub meta: Vec<usize>,
    /// The title chosen in the lead (the lines before the first running text), if any.
    pub lead_title: Option<usize>,
    /// Other heading-shaped lines of that lead, taken as chrome: the title was chosen
    /// among them, so ingest warns.
    pub title_rivals: Vec<usize>,
}

/// One article's items.
#[derive(Debug, Default, Clone)]
pub(super) struct Segment {
    /// Item holding the title, if the article has one.
    pub title: Option<usize>,
    /// Title text when it differs from the item (a `*` removed).
    pub title_text: Option<String>,
    /// The rubric, as printed.
    pub section: Option<String>,
    /// Body items, in order.
    pub items: Vec<usize>,
    /// Whether the TOC listed this article.
    pub from_toc: bool,
    /// Further items of a title printed over several lines.
    pub title_lines: Vec<usize>,
}

/// A segmented bulletin.
#[derive(Debug, Default)]
pub(super) struct Doc {
    /// Header, dates, category.
    pub preamble: Preamble,
    /// The table of contents, if any.
    pub toc: Option<Toc>,
    /// Articles in order.
    pub segments: Vec<Segment>,
    /// Table-of-contents titles not found in the body.
    pub unmatched: Vec<TocEntry>,
    /// Items left out on purpose inside the text, with why: the bulletin header printed
    /// again (a PDF's running header), a link to another edition of the series.
    pub skipped: Vec<(usize, &'static str)>,
}

/// Whether the item at `i` ends an article (a byline), judging by what follows.
pub(super) fn ends_article(items: &[Item], i: usize) -> bool {
    let it = &items[i];
    let next_ok = |j: usize| {
        items.get(j).is_none_or(|n| {
            matches!(
                n.kind,
                Kind::Short | Kind::Caps | Kind::Star | Kind::Header | Kind::Date
            ) || period_title(items, j)
        })
    };
    match it.kind {
        Kind::Byline => true,
        Kind::Short | Kind::Para if it.words <= 14 && name_part(&it.text).is_some() => {
            next_ok(i + 1) && !items.get(i + 1).is_some_and(|n| looks_like_job(&n.text))
                || (items.get(i + 1).is_some_and(|n| looks_like_job(&n.text)) && next_ok(i + 2))
        }
        Kind::Short if looks_like_job(&it.text) => {
            i > 0 && looks_like_name(&items[i - 1].text) && next_ok(i + 1)
        }
        Kind::Caps if looks_like_caps_name(&it.text) => next_ok(i + 1),
        _ => false,
    }
}

/// A title-shaped line followed by its own dateline (directly, or under an author's name)
/// starts a news item even without a byline before it.
fn dated_title(items: &[Item], i: usize) -> bool {
    let next = |k: usize| items.get(i + k);
    items[i].words >= 4
        && (next(1).is_some_and(|n| n.kind == Kind::Date)
            || (next(1).is_some_and(|n| n.words <= 8 && name_part(&n.text).is_some())
                && next(2).is_some_and(|n| n.kind == Kind::Date)))
}

/// A title printed with a full stop: one short sentence over a longer paragraph.
/// A headline that is a quotation with a full stop (`“Khoa học - Đẩy nhanh phục hồi”.`,
/// a slogan), over longer running text.
fn quoted_title(items: &[Item], j: usize) -> bool {
    let Some(it) = items.get(j) else {
        return false;
    };
    let t = it.text.trim_end_matches('.');
    let inner = t
        .strip_prefix('“')
        .and_then(|r| r.strip_suffix('”'))
        .or_else(|| t.strip_prefix('"').and_then(|r| r.strip_suffix('"')));
    it.kind == Kind::Para
        && it.words <= 30
        && inner.is_some_and(|i| !i.contains(['“', '”', '"']) && sentence_count(i) <= 1)
        && items
            .get(j + 1)
            .is_some_and(|n| n.kind == Kind::Para && n.words > it.words)
}

fn period_title(items: &[Item], j: usize) -> bool {
    let it = &items[j];
    it.kind == Kind::Para
        && it.words <= 25
        && it.text.ends_with('.')
        && sentence_count(&it.text) == 1
        && items
            .get(j + 1)
            .is_some_and(|n| n.kind == Kind::Para && n.words > it.words)
}

/// Two titles that differ only in their numbers (`… trong tuần (16)` / `… trong tuần (15)`).
fn same_but_numbers(a: &str, b: &str) -> bool {
    // Cheap tests first: both hold a digit and have nearly the same length.
    if a == b
        || a.len().abs_diff(b.len()) > 4
        || !a.bytes().any(|c| c.is_ascii_digit())
        || !b.bytes().any(|c| c.is_ascii_digit())
        || words(a) < 4
    {
        return false;
    }
    let strip = |s: &str| -> String {
        fold_key(s)
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    strip(a) == strip(b)
}

/// `1. Tiêu đề`, `2) Tiêu đề`: a numbered heading, a subheading of the article it is in.
pub(super) fn numbered_heading(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && matches!(text.as_bytes().get(digits), Some(b'.' | b')'))
        && text.as_bytes().get(digits + 1) == Some(&b' ')
}

pub(super) fn strip_dash(text: &str) -> &str {
    text.trim_start_matches(['-', '•', '+', '–', '·']).trim()
}

/// A `- ` line heading a news item of a list page: title-shaped, not inside a list
/// (running text or nothing before it), running text after it.
/// Whether the `- ` line at `i` is a news item's headline over its teaser; `first` is
/// where the list starts (nothing but a page heading above it).
fn dash_head(items: &[Item], i: usize, first: usize) -> bool {
    let t = strip_dash(&items[i].text);
    items[i].kind == Kind::Bullet
        && is_title_shaped(t)
        && words(t) <= 30
        && (i == first || items[i - 1].kind == Kind::Para)
        && items.get(i + 1).is_some_and(|n| n.kind == Kind::Para)
}

/// Whether the item at `start` is a page heading over a roundup (`- ` headlines each over
/// a teaser, or `*` headlines each over their text): it titles the bulletin.
fn roundup_heading(items: &[Item], start: usize) -> bool {
    let Some(h) = items.get(start) else {
        return false;
    };
    let heading = matches!(h.kind, Kind::Short | Kind::Caps)
        && (2..=LEAD_TITLE_WORDS).contains(&h.words)
        && is_title_shaped(&h.text)
        && !looks_like_name(&h.text);
    let first = start + 1;
    let dashes = items.get(first).is_some_and(|n| n.kind == Kind::Bullet)
        && dash_head(items, first, first)
        && is_dash_roundup(items, first);
    let stars = (first..items.len())
        .filter(|&i| {
            items[i].kind == Kind::Star && star_title(&items[i].text) && content_follows(items, i)
        })
        .count()
        >= 2
        && items.get(first).is_some_and(|n| n.kind == Kind::Star);
    heading && (dashes || stars)
}

/// Whether the page is a listing of news items: from `start` on, nothing but headlines
/// each over one teaser paragraph, three or more of them.
fn is_listing(items: &[Item], start: usize) -> bool {
    let rest = &items[start..];
    if rest.len() < 6 || !rest.len().is_multiple_of(2) {
        return false;
    }
    rest.chunks(2).all(|pair| {
        matches!(pair[0].kind, Kind::Short | Kind::Caps)
            && (3..=25).contains(&pair[0].words)
            && is_title_shaped(&pair[0].text)
            && !looks_like_name(&pair[0].text)
            && (matches!(pair[1].kind, Kind::Para | Kind::Bullet)
                || (pair[1].kind == Kind::Short && pair[1].words > 25))
            && pair[1].words <= 90
    })
}

/// Whether the page is a list of news items, each a `- ` headline over its teaser: two or
/// more such heads, and they are most of the page's `- ` lines.
fn is_dash_roundup(items: &[Item], start: usize) -> bool {
    let bullets = items[start..]
        .iter()
        .filter(|i| i.kind == Kind::Bullet)
        .count();
    let heads = (start..items.len())
        .filter(|&i| dash_head(items, i, start))
        .count();
    heads >= 2 && heads * 3 >= bullets * 2
}

/// Whether a `*` line is a roundup item's title rather than a list item.
fn star_title(text: &str) -> bool {
    let t = text.trim_start_matches('*').trim();
    is_title_shaped(t) && words(t) <= 30
}

/// Whether the item at `i` starts content an article title can head.
pub(super) fn content_follows(items: &[Item], i: usize) -> bool {
    items.get(i + 1).is_some_and(|n| {
        matches!(
            n.kind,
            Kind::Para
                | Kind::Caption
                | Kind::Credit
                | Kind::Question
                | Kind::Date
                | Kind::Bullet
                | Kind::Byline
        ) || (n.kind == Kind::Short && looks_like_name(&n.text))
            // A `*` list of sentences (not of headlines) is the text under a title.
            || (n.kind == Kind::Star && ends_with_stop(&n.text))
            || (matches!(n.kind, Kind::Short | Kind::Caps)
                && items.get(i + 2).is_some_and(|m| m.kind == Kind::Para))
    })
}

/// Split items into a preamble and articles.
pub(super) fn segment(items: &[Item]) -> Doc {
    let doc = segment_with(items, true);
    // A table of contents whose titles are (nearly) all missing from the body is not a
    // guide: segment by the body's own structure instead.
    if let Some(toc) = &doc.toc {
        let titles = toc.entries.iter().filter(|e| !e.rubric).count();
        // A table found without a marker was found because a title comes back: it is
        // one (of a page that holds only some of the articles it lists).
        if toc.implicit {
            let mut doc = doc;
            doc.unmatched.clear();
            return doc;
        }
        if doc.unmatched.len() * 2 > titles {
            let mut plain = segment_with(items, false);
            plain.unmatched = doc.unmatched;
            plain.preamble.intro = doc.preamble.intro;
            if plain.preamble.page_title.is_none() {
                plain.preamble.page_title = doc.preamble.page_title;
                plain.preamble.chrome.extend(doc.preamble.chrome);
            }
            return plain;
        }
    }
    doc
}

fn segment_with(items: &[Item], use_toc: bool) -> Doc {
    let (pre, pre_end) = preamble(items);
    let toc = find_toc(items);
    let mut doc = Doc {
        preamble: pre,
        ..Doc::default()
    };
    let start = match &toc {
        Some(t) => {
            doc.preamble.intro = (pre_end..t.marker).collect();
            // A lone heading over the table, on a page without a header, is its title.
            if let ([h], None) = (doc.preamble.intro.as_slice(), &doc.preamble.header) {
                let it = &items[*h];
                if matches!(it.kind, Kind::Short | Kind::Caps)
                    && it.words <= 8
                    && is_title_shaped(&it.text)
                {
                    doc.preamble.page_title = Some(it.text.clone());
                    doc.preamble.chrome.push(*h);
                    doc.preamble.intro.clear();
                }
            }
            t.end
        }
        None => pre_end,
    };
    let start = if toc.is_none() {
        skip_labels(items, start, &mut doc.preamble)
    } else {
        start
    };
    // A heading over a roundup is the page's title, not a rubric or an article.
    let start = if toc.is_none() && doc.preamble.header.is_none() && roundup_heading(items, start) {
        doc.preamble.page_title = Some(items[start].text.clone());
        doc.preamble.chrome.push(start);
        start + 1
    } else {
        start
    };
    let mut matcher = toc.as_ref().filter(|_| use_toc).map(TocMatcher::new);
    let mut section: Option<String> = doc.preamble.category.clone();
    let mut cur: Option<Segment> = None;
    let mut boundary = true;
    let mut after_byline = false;
    let close = |cur: &mut Option<Segment>, segs: &mut Vec<Segment>| {
        if let Some(s) = cur.take() {
            segs.push(s);
        }
    };
    let mut segs = Vec::new();
    let dash_heads = is_dash_roundup(items, start);
    let listing_from = is_listing(items, start).then_some(start);
    for idx in start..items.len() {
        let it = &items[idx];
        let text = it.text.as_str();
        if let Some(m) = matcher.as_mut() {
            if matches!(it.kind, Kind::Caps | Kind::Short) && m.match_line(text, true).is_some() {
                close(&mut cur, &mut segs);
                section = Some(text.to_string());
                boundary = true;
                continue;
            }
            let title_like = matches!(
                it.kind,
                Kind::Short | Kind::Caps | Kind::Star | Kind::Para | Kind::Caption
            ) && it.words <= 45;
            let headed = matches!(it.kind, Kind::Short | Kind::Caps | Kind::Star)
                && content_follows(items, idx);
            let matched = if title_like {
                m.match_line_with(text.trim_start_matches('*'), false, headed)
            } else {
                None
            };
            if let Some(entry) = matched {
                close(&mut cur, &mut segs);
                // A title in capitals in the body takes the table's spelling.
                let listed = m.entry_text(entry);
                let title_text = if is_all_caps(text, 4) && !is_all_caps(listed, 4) {
                    Some(listed.to_string())
                } else {
                    text.starts_with('*')
                        .then(|| text.trim_start_matches('*').trim().to_string())
                };
                // The table says which rubric the article is under, even when the body
                // does not repeat the rubric heading.
                if let Some(r) = m.entry_rubric(entry) {
                    if section.as_deref().map(fold_key) != Some(fold_key(r)) {
                        section = Some(r.to_string());
                    }
                }
                cur = Some(Segment {
                    title: Some(idx),
                    title_text,
                    section: section.clone(),
                    items: Vec::new(),
                    from_toc: true,
                    title_lines: Vec::new(),
                });
                boundary = false;
                after_byline = false;
                continue;
            }
        }
        // A title broken over two lines: the second starts in lowercase.
        if let Some(c) = cur.as_mut().filter(|c| c.items.is_empty()) {
            if let Some(t) = c.title {
                let head = c
                    .title_text
                    .clone()
                    .unwrap_or_else(|| items[t].text.clone());
                let continues = matches!(it.kind, Kind::Short | Kind::Para)
                    && it.words <= 20
                    && text.starts_with(|ch: char| ch.is_lowercase())
                    && !ends_with_clause_mark(&head)
                    && !ends_with_stop(&head);
                if continues {
                    c.title_text = Some(format!("{head} {text}"));
                    c.title_lines.push(idx);
                    continue;
                }
            }
        }
        // The bulletin header again in the body: a running page header of a PDF copy.
        if it.kind == Kind::Header && doc.preamble.header_no.is_some() {
            doc.skipped.push((idx, "the bulletin header printed again"));
            continue;
        }
        let toc_mode = matcher.is_some();
        // Also a boundary: a short untitled lead (an editorial note under the header).
        let at_boundary = boundary
            || cur.as_ref().is_none_or(|c| {
                c.title.is_none()
                    && c.items.len() <= 3
                    && c.items.iter().all(|&i| {
                        matches!(items[i].kind, Kind::Para | Kind::Caption | Kind::Credit)
                    })
            });
        // Computed once: it also says whether this item closes the article (below).
        let ends = ends_article(items, idx);
        // In a listing, every other line is a headline.
        let listing = listing_from.is_some_and(|s| (idx - s) % 2 == 0);
        if !ends || listing {
            match it.kind {
                Kind::Caps
                    if it.words <= 12
                        && ((items.get(idx + 1).is_some_and(|n| {
                            matches!(n.kind, Kind::Short | Kind::Caps | Kind::Star)
                        }) && content_follows(items, idx + 1))
                            || quoted_title(items, idx + 1)) =>
                {
                    close(&mut cur, &mut segs);
                    section = Some(text.to_string());
                    boundary = true;
                    continue;
                }
                // A link to another edition of the same series (the title again with
                // another number): chrome, not a new article.
                Kind::Caps | Kind::Short
                    if !toc_mode
                        && segs
                            .iter()
                            .chain(cur.as_ref())
                            .filter_map(|s: &Segment| s.title)
                            .any(|t| same_but_numbers(&items[t].text, text)) =>
                {
                    doc.skipped
                        .push((idx, "a link to another edition of the series"));
                    continue;
                }
                Kind::Caps | Kind::Short
                    if !toc_mode
                        && (at_boundary || dated_title(items, idx) || listing)
                        && (content_follows(items, idx) || listing)
                        && !(cur.as_ref().is_some_and(|c| c.title.is_some())
                            && numbered_heading(text)) =>
                {
                    close(&mut cur, &mut segs);
                    cur = Some(Segment {
                        title: Some(idx),
                        section: section.clone(),
                        ..Segment::default()
                    });
                    boundary = false;
                    after_byline = false;
                    continue;
                }
                // A title printed with a full stop, right after the previous byline, or
                // a quotation under a rubric.
                Kind::Para
                    if !toc_mode
                        && ((after_byline && period_title(items, idx))
                            || (boundary && quoted_title(items, idx))) =>
                {
                    close(&mut cur, &mut segs);
                    cur = Some(Segment {
                        title: Some(idx),
                        title_text: Some(text.trim_end_matches('.').to_string()),
                        section: section.clone(),
                        ..Segment::default()
                    });
                    boundary = false;
                    after_byline = false;
                    continue;
                }
                Kind::Bullet if !toc_mode && dash_heads && dash_head(items, idx, start) => {
                    close(&mut cur, &mut segs);
                    cur = Some(Segment {
                        title: Some(idx),
                        title_text: Some(strip_dash(text).to_string()),
                        section: section.clone(),
                        ..Segment::default()
                    });
                    boundary = false;
                    after_byline = false;
                    continue;
                }
                Kind::Star if !toc_mode && star_title(text) && content_follows(items, idx) => {
                    close(&mut cur, &mut segs);
                    cur = Some(Segment {
                        title: Some(idx),
                        title_text: Some(text.trim_start_matches('*').trim().to_string()),
                        section: section.clone(),
                        ..Segment::default()
                    });
                    boundary = false;
                    after_byline = false;
                    continue;
                }
                _ => {}
            }
        }
        let seg = cur.get_or_insert_with(|| Segment {
            section: section.clone(),
            ..Segment::default()
        });
        seg.items.push(idx);
        boundary = ends;
        after_byline = boundary;
    }
    close(&mut cur, &mut segs);
    if let Some(m) = &matcher {
        doc.unmatched = m.unmatched().cloned().collect();
    }
    doc.toc = toc;
    let mut segs = merge_stubs(items, segs);
    // An untitled lead before titled articles is the bulletin's introduction.
    if segs.len() > 1 && segs[0].title.is_none() && segs[0].items.len() <= 3 {
        let lead = segs.remove(0);
        doc.preamble.intro.extend(lead.items);
    }
    doc.segments = segs;
    doc
}

/// A "segment" with no running text is page debris after an article (a stray short
/// line taken for a title): fold it back into the article before it.
fn merge_stubs(items: &[Item], segs: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for s in segs {
        let prose = s.items.iter().any(|&i| {
            matches!(
                items[i].kind,
                Kind::Para | Kind::Question | Kind::Caption | Kind::Credit | Kind::Bullet
            ) || (items[i].kind == Kind::Short && items[i].words > 25)
        });
        if !prose && !s.from_toc && s.items.len() <= 2 {
            if let Some(prev) = out.last_mut() {
                prev.items.extend(s.title);
                prev.items.extend(s.items);
                continue;
            }
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests;
