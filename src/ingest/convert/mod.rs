//! Raw bulletin text → a [`Converted`] bulletin: front matter, Markdown bodies, warnings.
//!
//! The pipeline, one module per step:
//!
//! 1. [`decode`]: bytes → clean NFC lines with their original numbers (BOM, CRLF/CR, NFD,
//!    NBSP and zero-width spaces; Windows-1258 fallback with a warning).
//! 2. `prepare`: page chrome and the footer removed (`chrome`), `|` table debris stripped,
//!    each line classified on its own (`classify`: dates, headers, bylines, captions, …).
//! 3. `segment`: the preamble (header, datelines, category) and article boundaries, guided
//!    by the table of contents (`toc`) when there is one, else by rubrics, `*` roundup
//!    items and bylines.
//! 4. `body`: each article's blocks (paragraphs, subheadings, questions, captions), its
//!    byline and dateline; `markdown` renders them and picks the summary.
//! 5. `tags`: places and topics from the [`Vocabulary`].
//!
//! Nothing is invented silently: a missing title or date is inferred only with its flag
//! set and a warning that names the file and says how to fix it.

mod body;
mod byline;
mod casing;
mod chrome;
mod classify;
pub mod date;
pub mod decode;
mod header;
mod markdown;
mod prepare;
mod segment;
mod tags;
mod text;
mod toc;
mod tokens;
mod vocab;

use std::path::Path;

pub use date::parse_vietnamese_date;
pub use decode::encode_windows_1258;
pub use vocab::{Vocabulary, TAGS_FILE};

use super::IngestError;
use crate::content::{ArticleMeta, BulletinMeta, Date, SourceRef};
use crate::diag::Diagnostic;
use body::Block;
use classify::{Item, Kind};
use date::FoundDate;

/// A fingerprint of the converter's own source and data, so that content written by an
/// older converter is refreshed by the next ingest (unless an editor changed it) without
/// anyone remembering to bump a version number.
pub fn source_fingerprint() -> u64 {
    static FP: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *FP.get_or_init(|| {
        const SOURCES: &[&str] = &[
            include_str!("body.rs"),
            include_str!("byline.rs"),
            include_str!("casing.rs"),
            include_str!("chrome.rs"),
            include_str!("classify.rs"),
            include_str!("date.rs"),
            include_str!("decode.rs"),
            include_str!("header.rs"),
            include_str!("markdown.rs"),
            include_str!("mod.rs"),
            include_str!("prepare.rs"),
            include_str!("segment.rs"),
            include_str!("tags.rs"),
            include_str!("text.rs"),
            include_str!("toc.rs"),
            include_str!("tokens.rs"),
            include_str!("vocab.rs"),
        ];
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for src in SOURCES {
            for b in src.as_bytes() {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    })
}

/// One bulletin converted from a raw text, ready to be written as content files.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// Front matter of `_index.md`.
    pub bulletin: BulletinMeta,
    /// Body of `_index.md`.
    pub intro: String,
    /// The articles, in order.
    pub articles: Vec<ConvertedArticle>,
    /// What the converter was unsure about, with the seed's lines.
    pub warnings: Vec<Diagnostic>,
}

/// One article of a [`Converted`] bulletin.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertedArticle {
    /// Front matter.
    pub meta: ArticleMeta,
    /// Markdown body.
    pub body: String,
}

/// Where a date came from.
#[derive(Debug, Clone, Copy)]
struct Dated {
    date: Date,
    estimated: bool,
}

/// Convert one raw text. `label` is the seed path recorded in `source` fields; `path` is
/// used in messages; `vocab` gives the tags (see [`Vocabulary::for_project`]).
pub fn convert(
    label: &str,
    path: &Path,
    bytes: &[u8],
    vocab: &Vocabulary,
) -> Result<Converted, IngestError> {
    let decoded = decode::decode(bytes, path)?;
    let mut warnings = decoded.warnings;
    let prep = prepare::prepare_counted(decoded.lines, &decoded.words);
    let items = &prep.items;
    if items.is_empty() {
        let message = if prep.chrome_lines == 0 {
            "the file is empty; put the text of a bulletin or article in it, or remove it from seeds/".to_string()
        } else {
            format!(
                "only page chrome found ({} lines of navigation, counters, related links or footer); nothing to convert. Copy the article text itself into the file",
                prep.chrome_lines
            )
        };
        return Err(IngestError::NoContent {
            path: path.to_path_buf(),
            message,
        });
    }
    let mut doc = segment::segment(items);
    // A breadcrumb's last step (`Trang chủ > Tin tức > Khoa giáo`) is the page's category.
    if let Some(crumb) = prep
        .breadcrumb
        .as_ref()
        .filter(|_| doc.preamble.category.is_none())
    {
        for seg in doc.segments.iter_mut().filter(|s| s.section.is_none()) {
            seg.section = Some(crumb.clone());
        }
    }
    if doc.segments.is_empty() {
        return Err(IngestError::NoContent {
            path: path.to_path_buf(),
            message: "only a header, dates or a table of contents found, no article text; copy the articles into the file".into(),
        });
    }
    for e in &doc.unmatched {
        warnings.push(
            Diagnostic::new(path, format!("the table of contents lists `{}`, but no article with that title was found", e.text))
                .at_line(e.no)
                .with_hint("check the title in the body, which may have been merged into the previous article, and edit the seed so both match"),
        );
    }

    // Publication date of the whole source.
    let (pub_date, mut copy_dates) = choose_datelines(items, &doc.preamble.dates);
    copy_dates.extend(
        doc.preamble
            .clocks
            .iter()
            .filter_map(|&i| items[i].date.map(|d| (items[i].no, d.found))),
    );
    // A publication date chosen among several datelines: say which, and what else was seen.
    if let (Some(chosen), false) = (pub_date, copy_dates.is_empty()) {
        let at = doc
            .preamble
            .dates
            .iter()
            .map(|&i| &items[i])
            .find(|it| {
                it.date
                    .is_some_and(|d| d.found.day == chosen.day && d.found.time == chosen.time)
            })
            .map_or(1, |it| it.no);
        let others: Vec<String> = copy_dates
            .iter()
            .take(3)
            .map(|(no, d)| format!("line {no} ({})", d.day.format("%Y-%m-%d")))
            .collect();
        warnings.push(
            Diagnostic::new(
                path,
                format!(
                    "several dates above the text; took line {at} ({}) as the publication date, and {} as the day the page was copied",
                    chosen.day.format("%Y-%m-%d"),
                    others.join(", ")
                ),
            )
            .at_line(at)
            .with_hint("if another one is the publication date, set `date:` in the front matter of _index.md and the articles, or remove the other dates from the seed"),
        );
    }
    let mut built = Vec::with_capacity(doc.segments.len());
    for (k, seg) in doc.segments.iter().enumerate() {
        let title = seg
            .title_text
            .as_deref()
            .or(seg.title.map(|t| items[t].text.as_str()));
        built.push(body::build(
            items,
            &seg.items,
            vocab,
            k + 1 == doc.segments.len(),
            title,
        ));
    }
    // A date glued to a title (`Tiêu đề (11/10/2021)`) is that article's dateline.
    let glued: Vec<Option<(String, FoundDate)>> = doc
        .segments
        .iter()
        .map(|seg| {
            let t = seg.title?;
            let raw = seg.title_text.as_deref().unwrap_or(&items[t].text);
            date::split_glued_date(raw).map(|(h, d)| (h.to_string(), d))
        })
        .collect();
    // A source glued to a title (`Tiêu đề (TTXVN/VietnamPlus.vn 22/9)`) is not part of it.
    let glued_source: Vec<Option<String>> = doc
        .segments
        .iter()
        .map(|seg| {
            let t = seg.title?;
            let raw = seg.title_text.as_deref().unwrap_or(&items[t].text);
            let inner = raw.trim_end().strip_suffix(')')?;
            let open = inner.rfind('(')?;
            let (head, src) = (inner[..open].trim_end(), &inner[open + 1..]);
            let credit = classify::source_and_day(src)
                || (text::words(src) <= 4
                    && [".vn", ".com", ".net"].iter().any(|d| src.contains(d)));
            (credit && text::words(head) >= 4).then(|| head.to_string())
        })
        .collect();
    for (b, g) in built.iter_mut().zip(&glued) {
        if let (None, Some((_, d))) = (b.date, g) {
            b.date = Some((0, *d));
        }
    }
    let own_date = built.iter().find_map(|b| b.date.map(|(_, d)| d));
    let bulletin_date: Option<Dated> = match pub_date.or(own_date).and_then(|d| d.to_date()) {
        Some(date) => Some(Dated {
            date,
            estimated: false,
        }),
        None => estimate_date(items, &prep.link_dates, &copy_dates, path, &mut warnings),
    };

    let header = doc.preamble.header.clone();
    let mut articles = Vec::with_capacity(built.len());
    // Labels glued before datelines: an agency is the publisher, a category the section.
    let labels: Vec<(String, bool)> = doc
        .preamble
        .dates
        .iter()
        .filter_map(|&i| {
            let d = items[i].date?;
            Some((d.label_text(&items[i].text)?.to_string(), d.label?.1))
        })
        .chain(built.iter().filter_map(|b| b.date_label.clone()))
        .collect();
    let label_publisher = labels.iter().find(|l| l.1).map(|l| l.0.clone());
    let label_category = labels.iter().find(|l| !l.1).map(|l| l.0.clone());
    let mut publisher = doc
        .preamble
        .publisher
        .clone()
        .or(label_publisher)
        .or(prep.publisher.clone());
    for (k, (((seg, b), g), src)) in doc
        .segments
        .iter()
        .zip(built)
        .zip(glued)
        .zip(glued_source)
        .enumerate()
    {
        let (title, title_inferred) = match seg.title {
            Some(t) => {
                let raw = match g.map(|g| g.0).or(src) {
                    Some(head) => head,
                    None => seg
                        .title_text
                        .clone()
                        .unwrap_or_else(|| items[t].text.clone()),
                };
                let text = if text::is_all_caps(&raw, 4) {
                    casing::sentence_case(&raw, vocab)
                } else {
                    raw
                };
                (text, false)
            }
            None => {
                let inferred = infer_title(&b.blocks);
                let first = b.lines.map(|(a, _)| a).unwrap_or(1);
                warnings.push(
                    Diagnostic::new(path, format!("article {} has no title; inferred “{}”", k + 1, inferred))
                        .at_line(first)
                        .with_hint(format!("add a title line above line {first} in the seed, or set `title:` in the article's front matter and remove `title_inferred`")),
                );
                (inferred, true)
            }
        };
        for (no, t) in &b.trailer {
            if b.publisher.as_deref() == Some(t.as_str()) {
                continue;
            }
            warnings.push(
                Diagnostic::new(
                    path,
                    format!("could not classify `{t}` after the byline of “{title}”; left out"),
                )
                .at_line(*no)
                .with_hint("if it belongs to the article, move it above the byline in the seed"),
            );
        }
        if publisher.is_none() {
            publisher = b.publisher.clone();
        }
        if b.blocks.is_empty() {
            warnings.push(
                Diagnostic::new(path, format!("article “{title}” has no text"))
                    .at_line(seg.title.map(|t| items[t].no).unwrap_or(1))
                    .with_hint(
                        "check the seed: the text may have been merged into the previous article",
                    ),
            );
        }
        let first_no = seg
            .title
            .map(|t| items[t].no)
            .or(b.lines.map(|(a, _)| a))
            .unwrap_or(1);
        let last_no = b.lines.map(|(_, z)| z).unwrap_or(first_no).max(first_no);
        let date = match b.date.and_then(|(_, d)| d.to_date()) {
            Some(d) => Some(Dated {
                date: d,
                estimated: false,
            }),
            None => bulletin_date,
        };
        let plain: String = b
            .blocks
            .iter()
            .map(|bl| match bl {
                Block::Para(t)
                | Block::Sub(t)
                | Block::Question(t)
                | Block::Caption(t)
                | Block::Bullet(t) => t.as_str(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let own_label = b.date_label.as_ref().filter(|l| !l.1).map(|l| &l.0);
        let section = seg
            .section
            .as_ref()
            .or(own_label)
            .or(label_category.as_ref())
            .map(|s| {
                if text::is_all_caps(s, 4) {
                    casing::sentence_case(s, vocab)
                } else {
                    s.clone()
                }
            });
        let meta = ArticleMeta {
            tags: tags::article_tags(
                vocab,
                &title,
                &plain,
                seg.items.iter().map(|&i| items[i].words).sum(),
            ),
            title,
            date: date.map(|d| d.date),
            section,
            authors: b.authors.clone(),
            byline: b.byline.clone(),
            summary: markdown::summary(&b.blocks),
            captions: b
                .blocks
                .iter()
                .filter_map(|bl| match bl {
                    Block::Caption(c) => Some(c.clone()),
                    _ => None,
                })
                .collect(),
            weight: (k + 1) as u32,
            source: Some(SourceRef {
                file: label.to_string(),
                lines: Some(format!("{first_no}-{last_no}")),
            }),
            title_inferred,
            date_estimated: date.is_some_and(|d| d.estimated),
            extra: Default::default(),
        };
        articles.push(ConvertedArticle {
            meta,
            body: markdown::render(&b.blocks),
        });
    }

    let (title, title_inferred) = match &header {
        Some(h) if text::is_all_caps(&h.title, 4) => {
            (casing::sentence_case(&h.title, vocab), false)
        }
        // A series line in capitals over a `Số 7 năm 2024` line.
        Some(h)
            if h.series
                .as_deref()
                .is_some_and(|s| text::is_all_caps(s, 4) && h.title.starts_with(s)) =>
        {
            let series = h.series.as_deref().unwrap_or("");
            let rest = &h.title[series.len()..];
            (
                format!("{}{rest}", casing::sentence_case(series, vocab)),
                false,
            )
        }
        Some(h) => (h.title.clone(), false),
        None if doc.preamble.page_title.is_some() => {
            (doc.preamble.page_title.clone().unwrap_or_default(), false)
        }
        None if articles.len() == 1 => (
            articles[0].meta.title.clone(),
            articles[0].meta.title_inferred,
        ),
        None => {
            let t =
                roundup_title(&articles, vocab).unwrap_or_else(|| articles[0].meta.title.clone());
            warnings.push(
                Diagnostic::new(path, format!("no bulletin header (such as `Bản tin … số 03 năm 2022`); the bulletin was titled “{t}”"))
                    .with_hint("add a header line at the top of the seed, or set `title:` in the bulletin's _index.md and remove `title_inferred`"),
            );
            (t, true)
        }
    };
    let intro_blocks: Vec<Block> = doc
        .preamble
        .intro
        .iter()
        .map(|&i| Block::Para(items[i].text.clone()))
        .collect();
    let bulletin = BulletinMeta {
        title,
        series: header.as_ref().and_then(|h| h.series.clone()).map(|s| {
            if text::is_all_caps(&s, 4) {
                casing::sentence_case(&s, vocab)
            } else {
                s
            }
        }),
        issue: header.as_ref().and_then(|h| h.issue),
        year: header.as_ref().and_then(|h| h.year).or(bulletin_date
            .filter(|d| !d.estimated)
            .map(|d| d.date.year())),
        date: bulletin_date.map(|d| d.date),
        publisher: publisher.map(|p| publisher_case(p, prep.publisher.as_deref(), vocab)),
        source: Some(label.to_string()),
        title_inferred,
        date_estimated: bulletin_date.is_some_and(|d| d.estimated),
        extra: Default::default(),
    };
    Ok(Converted {
        bulletin,
        intro: markdown::render(&intro_blocks),
        articles,
        warnings,
    })
}

/// A title for a roundup of short news without a header: `Điểm tin: Bắc Giang, Bến Tre, …`
/// from the place each item is about, when every item names one.
fn roundup_title(articles: &[ConvertedArticle], vocab: &Vocabulary) -> Option<String> {
    if articles.len() < 2 {
        return None;
    }
    let mut places: Vec<&str> = Vec::new();
    for a in articles {
        let place = a.meta.tags.iter().find(|t| vocab.is_place(t))?;
        if !places.contains(&place.as_str()) {
            places.push(place);
        }
    }
    Some(format!("Điểm tin: {}", places.join(", ")))
}

/// A publisher printed in capitals takes the spelling of the same name printed elsewhere
/// (a footer's `Bản quyền thuộc Sở Khoa học và Công nghệ …`), else sentence case.
fn publisher_case(name: String, other: Option<&str>, vocab: &Vocabulary) -> String {
    if !text::is_all_caps(&name, 4) {
        return name;
    }
    match other {
        Some(o) if text::fold_key(o) == text::fold_key(&name) => o.to_string(),
        _ => casing::sentence_case(&name, vocab),
    }
}

/// The publication dateline among the preamble's, and the others (copy dates). A dateline
/// with a time beats one without (a page header's "today" has none), a first publication
/// beats an update, then the earliest wins (a page is copied after it is published).
fn choose_datelines(
    items: &[Item],
    dates: &[usize],
) -> (Option<FoundDate>, Vec<(usize, FoundDate)>) {
    let mut all: Vec<(usize, date::DateLine)> = dates
        .iter()
        .filter_map(|&i| items[i].date.map(|d| (items[i].no, d)))
        .collect();
    if all.is_empty() {
        return (None, Vec::new());
    }
    all.sort_by_key(|(no, d)| {
        (
            d.updated,
            d.found.time.is_none(),
            d.found.day,
            d.found.time,
            *no,
        )
    });
    let chosen = all[0].1.found;
    let others = all[1..].iter().map(|(no, d)| (*no, d.found)).collect();
    (Some(chosen), others)
}

/// No publication date on the page: `date` stays empty (a copy day, a related link's date
/// or a date the text mentions is not the publication date), and the warning lists the
/// candidates that were seen so that an editor can pick one.
fn estimate_date(
    items: &[Item],
    links: &[(usize, FoundDate)],
    copies: &[(usize, FoundDate)],
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Dated> {
    let mut seen: Vec<(usize, FoundDate, &str)> = Vec::new();
    for (no, d) in copies {
        seen.push((*no, *d, "the day the page was copied"));
    }
    for (no, d) in links {
        seen.push((*no, *d, "a related link's date"));
    }
    for i in items.iter().filter(|i| {
        matches!(
            i.kind,
            Kind::Para | Kind::Caption | Kind::Question | Kind::Short
        )
    }) {
        if seen.len() >= 4 {
            break;
        }
        for d in date::find_dates(&i.text) {
            seen.push((i.no, d, "mentioned in the text"));
        }
    }
    let listed: Vec<String> = seen
        .iter()
        .take(4)
        .map(|(no, d, why)| format!("{} on line {no} ({why})", d.day.format("%Y-%m-%d")))
        .collect();
    let message = if listed.is_empty() {
        "no publication date, and no date anywhere on the page; `date` left empty".to_string()
    } else {
        format!(
            "no publication date; `date` left empty (dates seen, none of them the publication date: {})",
            listed.join(", ")
        )
    };
    let hint = if listed.is_empty() {
        "add a dateline such as `15/09/2022 16:27` under the title in the seed, or set `date:` in the front matter of _index.md and the articles"
    } else {
        "if one of them is the publication date, add it as a dateline such as `15/09/2022 16:27` under the title in the seed, or set `date:` in the front matter of _index.md and the articles"
    };
    let mut w = Diagnostic::new(path, message).with_hint(hint);
    if let Some((no, _, _)) = seen.first() {
        w = w.at_line(*no);
    }
    warnings.push(w);
    None
}

/// A title for an article that has none: for an interview, who is interviewed; otherwise
/// the start of the first paragraph.
fn infer_title(blocks: &[Block]) -> String {
    let is_interview = blocks.iter().any(|b| matches!(b, Block::Question(_)));
    if is_interview {
        // The first answer's speaker (`Ông Trần Minh Hoan: …`), described by a caption
        // that names them (`Ông Trần Minh Hoan - Giám đốc Sở …`).
        let speaker = blocks
            .iter()
            .skip_while(|b| !matches!(b, Block::Question(_)))
            .find_map(|b| match b {
                Block::Para(t) => t.split_once(": ").map(|(l, _)| l).filter(|l| {
                    l.split_whitespace().count() <= 6
                        && l.starts_with(char::is_uppercase)
                        && !matches!(
                            chrome::phrase_key(l).as_str(),
                            "đáp" | "trả lời" | "tl" | "a"
                        )
                }),
                _ => None,
            });
        if let Some(s) = speaker {
            let described = blocks.iter().find_map(|b| match b {
                Block::Caption(c)
                    if c.starts_with(s) && c.len() > s.len() && text::words(c) <= 25 =>
                {
                    Some(c.as_str())
                }
                _ => None,
            });
            return format!("Phỏng vấn {}", text::lower_first(described.unwrap_or(s)));
        }
    }
    let first = blocks.iter().find_map(|b| match b {
        Block::Para(t) | Block::Sub(t) => Some(t.as_str()),
        _ => None,
    });
    match first {
        Some(t) => {
            let sentence = t.split(". ").next().unwrap_or(t).trim_end_matches('.');
            text::cut_at_word(sentence, 90)
        }
        None => "Bài không có tiêu đề".to_string(),
    }
}

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
/// article and why. The same pipeline as [`convert`], traced.
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
        by_line.insert(no, ("noise", None, why));
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
    if let Some(c) = &doc.preamble.category {
        if let Some(i) = items.iter().take(12).position(|it| it.text == *c) {
            set(i, "section", Some(0), "the label right above the title");
        }
    }
    if let Some(toc) = &doc.toc {
        for i in toc.marker..toc.end.min(items.len()) {
            set(i, "toc", None, "in the table of contents");
        }
    }
    let last = doc.segments.len().saturating_sub(1);
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
        for &i in &seg.items {
            set(i, "para", Some(k), "in the article's body");
        }
        for &(i, role, why) in &b.roles {
            set(i, role, Some(k), why);
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
