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
mod explain;
mod header;
mod lead;
mod markdown;
mod prepare;
mod pubdate;
mod segment;
mod tags;
mod text;
mod toc;
mod tokens;
mod unsure;
mod vocab;

use std::path::Path;

pub use date::parse_vietnamese_date;
pub use decode::encode_windows_1258;
pub use explain::{explain, LineRole};
pub use unsure::Fix;
pub use vocab::{Vocabulary, TAGS_FILE};

use super::IngestError;
use crate::content::{ArticleMeta, BulletinMeta, SourceRef};
use crate::diag::Diagnostic;
use body::Block;
use date::FoundDate;

/// A fingerprint of the converter's own source and data, so that content written by an
/// older converter is refreshed by the next ingest (unless an editor changed it) without
/// anyone remembering to bump a version number.
pub fn source_fingerprint() -> u64 {
    static FP: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *FP.get_or_init(|| {
        const SOURCES: &[&str] = &[
            include_str!("body.rs"),
            include_str!("body/shape.rs"),
            include_str!("byline.rs"),
            include_str!("casing.rs"),
            include_str!("chrome.rs"),
            include_str!("classify.rs"),
            include_str!("date.rs"),
            include_str!("decode.rs"),
            include_str!("explain.rs"),
            include_str!("header.rs"),
            include_str!("lead.rs"),
            include_str!("markdown.rs"),
            include_str!("mod.rs"),
            include_str!("prepare.rs"),
            include_str!("pubdate.rs"),
            include_str!("segment.rs"),
            include_str!("tags.rs"),
            include_str!("text.rs"),
            include_str!("toc.rs"),
            include_str!("tokens.rs"),
            include_str!("unsure.rs"),
            include_str!("vocab.rs"),
            include_str!("../data/gazetteer.txt"),
            include_str!("../data/topics.txt"),
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
    /// Warnings whose advice is about one content file (named once files are planned).
    pub fixes: Vec<Fix>,
}

/// One article of a [`Converted`] bulletin.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertedArticle {
    /// Front matter.
    pub meta: ArticleMeta,
    /// Markdown body.
    pub body: String,
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
    let mut warnings = unsure::Warnings {
        list: decoded.warnings,
        fixes: Vec::new(),
    };
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
    unsure::title_among_rivals(path, items, &doc, &mut warnings);
    unsure::warn_left_out(path, items, &doc, &mut warnings);
    for e in &doc.unmatched {
        warnings.list.push(
            Diagnostic::new(path, format!("the table of contents lists `{}`, but no article with that title was found", e.text))
                .at_line(e.no)
                .with_hint("check the title in the body, which may have been merged into the previous article, and edit the seed so both match"),
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
    let own: Vec<Option<(usize, FoundDate)>> = built.iter().map(|b| b.date).collect();
    let bulletin_date = pubdate::publication_date(
        items,
        &doc.preamble,
        &own,
        &prep.link_dates,
        path,
        &mut warnings,
    );

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
                warnings.push_fix(
                    Diagnostic::new(path, format!("article {} has no title; inferred “{}”", k + 1, inferred))
                        .at_line(first),
                    Some(k),
                    format!("add a title line above line {first} in the seed, or set `title:` and remove `title_inferred` in {{file}}"),
                );
                (inferred, true)
            }
        };
        for (no, t) in &b.trailer {
            if b.publisher.as_deref() == Some(t.as_str()) {
                continue;
            }
            warnings.list.push(
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
            warnings.list.push(
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
            Some(d) => Some(pubdate::Dated {
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
                | Block::Bullet(t)
                | Block::Quote(t) => t.as_str(),
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
            let t = doc.preamble.page_title.clone().unwrap_or_default();
            let t = if text::is_all_caps(&t, 4) {
                casing::sentence_case(&t, vocab)
            } else {
                t
            };
            (t, false)
        }
        None if articles.len() == 1 => (
            articles[0].meta.title.clone(),
            articles[0].meta.title_inferred,
        ),
        None => {
            let t =
                roundup_title(&articles, vocab).unwrap_or_else(|| articles[0].meta.title.clone());
            warnings.push_fix(
                Diagnostic::new(path, format!("no bulletin header (such as `Bản tin … số 03 năm 2022`); the bulletin was titled “{t}”")),
                None,
                "add a header line at the top of the seed, or set `title:` and remove `title_inferred` in {file}",
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
        warnings: warnings.list,
        fixes: warnings.fixes,
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
