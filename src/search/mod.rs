//! Full-text search that works on any static host: a [Pagefind](https://pagefind.app)
//! index written with the site, queried in the browser by the theme's search page.
//!
//! The public surface is two steps, used by `build` and by `serve` alike:
//!
//! - [`records`]: one [`Record`] per article of a [`Site`] (title, body text, captions,
//!   issue, rubric, tags, authors, date). List pages are not records.
//! - [`index_files`]: the index of those records as `(output path, bytes)` under
//!   [`DIR`], to be written by bantin's own writer (manifest, atomic publish, unchanged
//!   files left alone). The same records give byte-identical files.
//!
//! [`preview`] refreshes the index of `bantin serve` in the background. How Vietnamese is
//! folded (tones, `đ`, NFC/NFD) is in [`fold`].

pub mod fold;
pub mod preview;

use std::collections::BTreeMap;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::render::dates::long_date;
use crate::render::markdown::escape_into;
use crate::site::Site;

/// Folder of the index in the output (`/pagefind/` under `base_url`).
pub const DIR: &str = "pagefind";

/// Folder of the search page.
pub const PAGE_SLUG: &str = "tim-kiem";

/// Site path of the search page.
pub const PAGE_PATH: &str = "/tim-kiem/";

/// The index could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The async runtime the indexer needs could not start.
    #[error("search index: cannot start the indexer: {0}")]
    Runtime(std::io::Error),
    /// Pagefind refused a record or the index.
    #[error("search index: {what}: {message}")]
    Index {
        /// The record (its URL) or step involved.
        what: String,
        /// What Pagefind said.
        message: String,
    },
}

/// One article as the index sees it. Text fields are as in the source; [`index_files`]
/// folds them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// Root-relative URL of the article (with the `base_url` path).
    pub url: String,
    /// The article's title.
    pub title: String,
    /// The issue's title.
    pub issue: String,
    /// The date as pages show it, empty when unknown.
    pub date: String,
    /// ISO 8601 date (sort key), empty when unknown.
    pub date_iso: String,
    /// Year (a filter), when dated.
    pub year: Option<i32>,
    /// The rubric (a filter).
    pub rubric: Option<String>,
    /// Tags (a filter).
    pub tags: Vec<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Photo captions not already in the body.
    pub captions: Vec<String>,
    /// The body as plain text.
    pub body: String,
}

/// One record per article of `site`, in the site's order.
pub fn records(site: &Site) -> Vec<Record> {
    raw_records(site).into_par_iter().map(finish).collect()
}

/// The records of `site` with their body still Markdown and every caption listed: a copy
/// of the site's strings, quick to make (`serve` makes it between two rebuilds and leaves
/// the rest, [`finish`], to its indexer thread).
pub(crate) fn raw_records(site: &Site) -> Vec<Record> {
    let lang = site.config.language.as_str();
    (0..site.articles.len())
        .map(|id| {
            let a = &site.articles[id];
            Record {
                url: site.config.link(&a.url),
                title: a.meta.title.clone(),
                issue: site.issue_of(id).meta.title.clone(),
                date: a.date.map(|d| long_date(&d, lang)).unwrap_or_default(),
                date_iso: a.date.map(|d| d.to_iso()).unwrap_or_default(),
                year: a.date.map(|d| d.year()),
                rubric: a.rubric.map(|r| site.rubrics[r].name.clone()),
                tags: a.tags.iter().map(|&t| site.tags[t].name.clone()).collect(),
                authors: a.meta.authors.clone(),
                captions: a.meta.captions.clone(),
                body: a.body.clone(),
            }
        })
        .collect()
}

/// A record of [`raw_records`] made final: the body as plain text, and only the captions
/// the body does not already hold.
pub(crate) fn finish(mut r: Record) -> Record {
    r.body = plain_text(&r.body);
    let body = &r.body;
    r.captions.retain(|c| !body.contains(c.trim()));
    r
}

/// Markdown as plain text: words of blocks separated, markup dropped, image
/// descriptions kept.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for ev in Parser::new_ext(markdown, crate::render::markdown::options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The HTML page Pagefind reads for one record: metadata and filters in `<head>`, the
/// title (weighted as a heading), body and captions, then issue, rubric, tags and
/// authors with a low weight. Text is folded ([`fold::fold`]) and escaped; filter values
/// (shown as they are) are composed (NFC) and escaped.
fn record_html(r: &Record, lang: &str) -> String {
    let mut h = String::with_capacity(r.body.len() + 1024);
    let text = |h: &mut String, s: &str| escape_into(h, &fold::fold(s));
    h.push_str("<!DOCTYPE html><html lang=\"");
    escape_into(&mut h, lang);
    h.push_str("\"><head>");
    let meta = |h: &mut String, attr: &str, key: &str, value: &str, folded: bool| {
        h.push_str("<meta data-pagefind-");
        h.push_str(attr);
        h.push_str("=\"");
        h.push_str(key);
        h.push_str("[content]\" content=\"");
        if folded {
            text(h, value);
        } else {
            let composed: String = value.nfc().collect();
            escape_into(h, &composed);
        }
        h.push_str("\">");
    };
    meta(&mut h, "meta", "title", &r.title, true);
    meta(&mut h, "meta", "issue", &r.issue, true);
    if !r.date.is_empty() {
        meta(&mut h, "meta", "date", &r.date, false);
        meta(&mut h, "sort", "date", &r.date_iso, false);
    }
    if let Some(y) = r.year {
        meta(&mut h, "filter", "year", &y.to_string(), false);
    }
    if let Some(rubric) = &r.rubric {
        meta(&mut h, "filter", "rubric", rubric, false);
    }
    for t in &r.tags {
        meta(&mut h, "filter", "tag", t, false);
    }
    h.push_str("</head><body><h1>");
    text(&mut h, &r.title);
    h.push_str("</h1>");
    for para in r.body.split('\n').filter(|p| !p.trim().is_empty()) {
        h.push_str("<p>");
        text(&mut h, para);
        h.push_str("</p>");
    }
    for c in &r.captions {
        h.push_str("<p>");
        text(&mut h, c);
        h.push_str("</p>");
    }
    h.push_str("<p data-pagefind-weight=\"0.5\">");
    let mut about: Vec<&str> = vec![r.issue.as_str()];
    about.extend(r.rubric.as_deref());
    about.extend(r.tags.iter().map(String::as_str));
    about.extend(r.authors.iter().map(String::as_str));
    text(&mut h, &about.join(" · "));
    h.push_str("</p></body></html>");
    h
}

/// Files of the Pagefind bundle that the search page needs (the rest, Pagefind's own
/// ready-made interfaces, are not published).
fn wanted(name: &str) -> bool {
    !(name.starts_with("pagefind-ui")
        || name.starts_with("pagefind-modular-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-highlight")
        || name.starts_with("playground/"))
}

/// The search index of `records` in `language`: `(output path, bytes)` under [`DIR`],
/// sorted by path. The same records give the same bytes.
pub fn index_files(
    records: &[Record],
    language: &str,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let pages: Vec<(String, String)> = records
        .par_iter()
        .map(|r| (r.url.clone(), record_html(r, language)))
        .collect();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(SearchError::Runtime)?;
    let lang = language.to_string();
    let files = rt.block_on(async move {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(lang)
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| SearchError::Index {
                what: "options".into(),
                message: e.to_string(),
            })?;
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url.clone()), html)
                .await
                .map_err(|e| SearchError::Index {
                    what: url,
                    message: e.to_string(),
                })?;
        }
        index.get_files().await.map_err(|e| SearchError::Index {
            what: "building the index".into(),
            message: e.to_string(),
        })
    })?;
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for f in files {
        let name = f.filename.to_string_lossy().replace('\\', "/");
        if wanted(&name) {
            out.insert(format!("{DIR}/{name}"), f.contents);
        }
    }
    Ok(out.into_iter().collect())
}

/// Records of `site` and their index, unless the site turned search off (then nothing).
pub fn site_index(site: &Site) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    if !site.config.search || site.articles.is_empty() {
        return Ok(Vec::new());
    }
    index_files(&records(site), &site.config.language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(title: &str, body: &str) -> Record {
        Record {
            url: "/a/".into(),
            title: title.into(),
            issue: "Số 1".into(),
            date: String::new(),
            date_iso: String::new(),
            year: Some(2022),
            rubric: Some("Tin <tức>".into()),
            tags: vec!["Quảng Ninh".into()],
            authors: vec![],
            captions: vec![],
            body: body.into(),
        }
    }

    #[test]
    fn markdown_becomes_words() {
        let t = plain_text("# Tiêu đề\n\nMột **đoạn** văn.\n\n*Ảnh: hoa*\n\n- a\n- b");
        assert_eq!(t, "Tiêu đề\nMột đoạn văn.\nẢnh: hoa\na\nb");
    }

    #[test]
    fn record_html_is_escaped_and_folded() {
        let h = record_html(&rec("<script>Đường", "x & y"), "vi");
        assert!(h.contains("&lt;script&gt;D\u{335}ường"));
        assert!(h.contains("x &amp; y"));
        assert!(h.contains("content=\"Tin &lt;tức&gt;\""));
        assert!(!h.contains("<script>"));
    }

    #[test]
    fn index_is_deterministic_and_complete() {
        let rs = vec![rec("Quảng Ninh", "Đường ven biển"), {
            let mut r = rec("Khác", "khoa học");
            r.url = "/b/".into();
            r
        }];
        let a = index_files(&rs, "vi").unwrap();
        let b = index_files(&rs, "vi").unwrap();
        assert_eq!(a, b);
        let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"));
        assert!(names.iter().any(|n| n.ends_with(".pf_meta")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/fragment/")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/filter/")));
        assert!(!names.iter().any(|n| n.contains("-ui")));
    }
}
