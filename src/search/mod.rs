//! Full-text search that works on any static host: an index of bantin's own, written
//! with the site, queried in the browser by the theme's `search.js`.
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
//!
//! # Why not Pagefind
//!
//! The first version of this module used Pagefind 1.6 through its Rust API. It met every
//! functional need but none of the scale targets (BENCHMARKS.md): at 10,000 articles
//! indexing took ~96 s of a ~98 s build (≈ 94 %, against a budget of 25 %) and 4.7 GB of
//! memory, a first query fetched 463 KB (budget: 300 KB at 100,000 articles), 100,000
//! articles did not fit in memory, and the crate brought 81 packages that doubled a clean
//! build. The replacement, on purpose, is this small static index: a few hundred lines
//! of Rust and one script of 15 KB (unminified), no wasm: at 10,000 articles ~1.3 s of
//! CPU, 0.1 GB and a first query of 83 KB; 100,000 articles build, and a query there
//! fetches ~150 KB.
//!
//! # Layout (under `DIR/`)
//!
//! - `meta.json`: `{"version", "docs": articles, "chunk": articles per doc file,
//!   "shards": [shard keys]}`; fetched first.
//! - `index/KEY.json`: the words whose folded form starts with `KEY` (its first two
//!   characters; a shard over 48 KB is split by one more character, so a query takes
//!   the longest key that starts its word). Each folded word maps to
//!   `[articles, toned forms, ids, title, about, lacks, held]` (see `index::Word` and
//!   [`code`]): id lists (gaps or a bitmap, whichever is shorter) of the articles holding
//!   it, of those where it is in the title and in the issue/rubric/tags/authors, of those
//!   lacking its most frequent toned form, and for each other toned form those holding
//!   it (so `đường` ranks `đường` before `Dương`). A query fetches only the shards of its
//!   words.
//! - `docs/N.json`: articles `8·N … 8·N+7` (by id, the site's order): title, URL,
//!   issue, date and the first ~320 characters of the body, for results, excerpts and
//!   phrase checks; fetched only for the results shown.
//! - `filters/KIND.json` (`KIND` = `rubric`, `year`, `tag`): a filter's menu,
//!   `{"values": [[value, articles]], "total": values, "parts": P}`, listing the 500 most
//!   used values (all of them on most sites); fetched when that menu is first used.
//! - `filters/KIND-P.json`: `{value: id list}` for the values whose FNV-1a hash (of their
//!   UTF-8 bytes) is `P` modulo the number of parts (about 32 KB of id lists each);
//!   fetched when a query is filtered by one of those values. No file a reader's action
//!   fetches grows with the number of filter values beyond the menu's 500.
//!
//! # Queries (`search.js`, `searchCore`)
//!
//! A query's words are folded like the index's; an article must hold every word (if
//! none does, the articles holding most of them are listed). Each word scores 1, plus 10
//! in the title and 4 in the issue/rubric/tags/authors, times 3 when the query word has
//! tones and the article holds that exact toned form. A quoted phrase keeps the
//! candidates (the best 30) whose title or start of text (`docs/`) has the words side by
//! side: the index keeps no positions, so a phrase only deep in a long body is not
//! confirmed. Indexing each pair of words side by side as a term of its own made phrases
//! exact over the whole text, but cost +18 % of a 10k build on top of the words' +22 %
//! (BENCHMARKS.md), against a budget of 25 %, so it is not done.
//!
//! # Cost
//!
//! `build` indexes on one of rayon's threads while the others render pages, one
//! article at a time ([`site_index`]: its body is read, indexed and dropped, with no copy
//! of the whole site's text). How an article is read is in `tokenize.rs`: text is cut
//! into runs at ASCII punctuation and spaces, and each run, as written, is looked up by
//! its bytes packed into a `u128` (runs of more than 16 bytes, rare, by string), so only
//! a run never seen before is split into words, lowercased, composed and folded. A body
//! is read straight from its Markdown, whose markup characters end runs like any
//! punctuation, unless it holds a construct whose text differs from its source (links,
//! code, entities, escapes, HTML, emphasis inside a word, list numbers); then its plain
//! text is made and read instead. The excerpt of a body read from its Markdown comes
//! from the plain text of its first paragraphs only. `serve`'s indexer and
//! [`index_files`] read runs of 256 articles in parallel and merge them; both give the
//! same bytes.
//!
//! Everything is written in sorted order (no hash-map iteration reaches the output) and
//! without timestamps: the same records give the same bytes.

pub mod code;
pub mod fold;
pub mod index;
mod postings;
pub mod preview;
mod tokenize;

use crate::render::dates::long_date;
use crate::site::Site;
use rayon::prelude::*;

/// Folder of the index in the output (`/search-index/` under `base_url`).
pub const DIR: &str = crate::site::urls::SEARCH_INDEX_PATH;

/// Folder of the search page.
pub const PAGE_SLUG: &str = crate::site::urls::SEARCH_PATH;

/// The index could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Index data could not be written as JSON.
    #[error("search index: cannot write JSON: {0}")]
    Json(serde_json::Error),
}

/// One article as the index sees it. Text fields are as in the source; [`index_files`]
/// composes and folds them.
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
    /// Photo captions (those also in the body add no word).
    pub captions: Vec<String>,
    /// The body, Markdown.
    pub body: String,
}

/// One record per article of `site`, in the site's order.
pub fn records(site: &Site) -> Vec<Record> {
    (0..site.articles.len())
        .into_par_iter()
        .map(|id| record(site, id))
        .collect()
}

/// The record of article `id` of `site`: a copy of its strings, the body read from its
/// file when it was left there (`build` makes one at a time beside the pages; `serve`'s
/// indexer copies the site a few articles at a time under its lock and indexes the
/// copies without it).
pub(crate) fn record(site: &Site, id: usize) -> Record {
    // A body that cannot be read again fails the article's own page in the same build,
    // which reports it and publishes nothing; the index need not report it twice.
    let body = site.body(id).unwrap_or_default().into_owned();
    let lang = site.config.language.as_str();
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
        body,
    }
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

/// The search index of `records`: `(output path, bytes)` under [`DIR`], sorted by path.
/// The same records give the same bytes. (`language` is kept for callers; the folding
/// rules are those of Vietnamese and harmless for other languages written in Latin,
/// Greek or Cyrillic letters.)
pub fn index_files(
    records: &[Record],
    language: &str,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let _ = language;
    index::files(records)
}

/// The index of `site`, `(output path, bytes)` sorted by path; nothing when the site
/// turned search off. [`write_site_index`] without holding the files.
pub fn site_index(site: &Site) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    index::collect_sorted(|emit| write_site_index(site, emit))
}

/// Build the index of `site` and hand each file to `emit` as it is made (returns how
/// many); nothing when the site turned search off.
pub fn write_site_index<E: From<SearchError>>(
    site: &Site,
    emit: &mut dyn FnMut(String, Vec<u8>) -> Result<(), E>,
) -> Result<usize, E> {
    if !site.config.search || site.articles.is_empty() {
        return Ok(0);
    }
    // One article at a time, on the calling thread: the build calls this on one of
    // rayon's threads while the others render pages, and no copy of the whole site's
    // text is made.
    index::build(
        site.articles.len(),
        &|id| std::borrow::Cow::Owned(record(site, id)),
        false,
        emit,
    )
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
        assert_eq!(
            names,
            [
                "search-index/docs/0.json",
                "search-index/filters/rubric-0.json",
                "search-index/filters/rubric.json",
                "search-index/filters/tag-0.json",
                "search-index/filters/tag.json",
                "search-index/filters/year-0.json",
                "search-index/filters/year.json",
                "search-index/index/1.json",
                "search-index/index/bi.json",
                "search-index/index/du.json",
                "search-index/index/ho.json",
                "search-index/index/kh.json",
                "search-index/index/ni.json",
                "search-index/index/qu.json",
                "search-index/index/so.json",
                "search-index/index/ti.json",
                "search-index/index/tu.json",
                "search-index/index/ve.json",
                "search-index/meta.json",
            ]
        );
        let file = |name: &str| {
            let f = a.iter().find(|(n, _)| n == &format!("search-index/{name}"));
            String::from_utf8(f.expect(name).1.clone()).unwrap()
        };
        // Article 0 has đường in its body: one toned form, body only.
        assert_eq!(
            file("index/du.json"),
            r#"{"duong":[1,["đường"],"dA","d","d","d",[]]}"#
        );
        // Both articles (a bitmap is shorter than gaps), in the title of article 0, in
        // the tags of both.
        assert_eq!(
            file("index/qu.json"),
            r#"{"quang":[2,["quảng"],"bD","dA","bD","d",[]]}"#
        );
        assert_eq!(
            file("filters/rubric.json"),
            r#"{"parts":1,"total":1,"values":[["Tin <tức>",2]]}"#
        );
        assert_eq!(file("filters/rubric-0.json"), r#"{"Tin <tức>":"bD"}"#);
    }

    #[test]
    fn the_build_and_the_parallel_index_give_the_same_files() {
        // More articles than one run of the parallel index, and forms and filter values
        // spread over several runs.
        let rs: Vec<Record> = (0..700)
            .map(|i| {
                let mut r = rec(
                    &format!("Bài {i}"),
                    &format!("Đường {} số {i} khoa học {}", i % 7, i % 13),
                );
                r.tags = vec![format!("Thẻ {}", i % 5), "Quảng Ninh".into()];
                r.year = Some(2000 + (i % 3));
                r
            })
            .collect();
        let parallel = index_files(&rs, "vi").unwrap();
        let serial = index::collect_sorted(|emit| {
            index::build(
                rs.len(),
                &|i| std::borrow::Cow::Borrowed(&rs[i]),
                false,
                emit,
            )
        })
        .unwrap();
        assert!(parallel == serial);
        let docs = parallel
            .iter()
            .filter(|(n, _)| n.contains("/docs/"))
            .count();
        assert_eq!(docs, 700 / index::CHUNK + 1);
    }

    #[test]
    fn filter_values_are_split_into_parts_and_the_menu_lists_the_most_used() {
        let n = index::MENU + 100;
        let rs: Vec<Record> = (0..4000)
            .map(|i| {
                let mut r = rec("t", "x");
                // Tag k is on the articles i with i % (k + 1) == 0 (tag 0 on all).
                r.tags = (0..n)
                    .filter(|k| i % (k + 1) == 0)
                    .map(|k| format!("Thẻ {k}"))
                    .collect();
                r
            })
            .collect();
        let files = index_files(&rs, "vi").unwrap();
        let get = |name: &str| -> serde_json::Value {
            let f = files
                .iter()
                .find(|(p, _)| p == &format!("search-index/filters/{name}"));
            serde_json::from_slice(&f.expect(name).1).unwrap()
        };
        let menu = get("tag.json");
        assert_eq!(menu["total"], n);
        let parts = menu["parts"].as_u64().unwrap() as u32;
        assert!(parts > 1, "{parts}");
        let values = menu["values"].as_array().unwrap();
        assert_eq!(values.len(), index::MENU);
        // The most used (tags 0 … MENU-1), sorted by value.
        assert!(values.iter().any(|v| v[0] == "Thẻ 0" && v[1] == 4000));
        assert!(!values.iter().any(|v| v[0] == format!("Thẻ {}", n - 1)));
        let names: Vec<&str> = values.iter().map(|v| v[0].as_str().unwrap()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        // Every value, listed or not, is in the part its hash names; no part is large.
        for k in [0, 1, n - 1] {
            let v = format!("Thẻ {k}");
            let part = get(&format!("tag-{}.json", index::fnv(&v) % parts));
            assert!(part[&v].is_string(), "{v}");
        }
        for p in 0..parts {
            let f = files
                .iter()
                .find(|(f, _)| f == &format!("search-index/filters/tag-{p}.json"))
                .unwrap();
            assert!(f.1.len() < 3 * index::PART_BYTES, "part {p}: {}", f.1.len());
        }
        // FNV-1a as search.js computes it.
        assert_eq!(index::fnv(""), 0x811c_9dc5);
        assert_eq!(index::fnv("a"), 0xe40c_292c);
    }

    #[test]
    fn a_large_shard_is_split_by_one_more_character() {
        let rs: Vec<Record> = (0..2000)
            .map(|i| rec("t", &format!("nhà{i} nhanh{i} nhỏ nh")))
            .collect();
        let files = index_files(&rs, "vi").unwrap();
        let nh: Vec<&(String, Vec<u8>)> = files
            .iter()
            .filter(|(n, _)| n.starts_with("search-index/index/nh"))
            .collect();
        assert!(
            nh.len() > 3,
            "{:?}",
            nh.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        for (n, b) in nh {
            assert!(b.len() <= index::SHARD_BYTES, "{n}: {}", b.len());
        }
        // The word nh itself stays under the two-letter key.
        let short = files
            .iter()
            .find(|(n, _)| n == "search-index/index/nh.json");
        assert!(String::from_utf8_lossy(&short.unwrap().1).contains("\"nh\""));
    }
}
