//! Feeds (RSS 2.0, Atom, JSON Feed 1.1), `sitemap.xml` and `robots.txt`, written directly.
//!
//! Feeds are generated in code rather than templates so that validity (escaping, RFC 822
//! dates with offsets, unique guids, `atom:link rel="self"`) does not depend on a theme.
//! Every date comes from content, never from the clock, so feeds are deterministic.

use std::fmt::Write;

use super::{Prepared, RenderError};
use crate::content::Date;
use crate::site::{urls, ArticleId, Issue, Site, Term};

/// Escape text for XML element content and attribute values, dropping the control
/// characters XML 1.0 forbids.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    xml_escape_into(&mut out, text);
    out
}

/// Bytes [`xml_escape_into`] must look at: markup characters, the C0 controls XML 1.0
/// forbids (not tab, newline, carriage return) and 0xEF, the lead byte of U+FFFE/U+FFFF.
const XML_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xEF] = true;
    t
};

/// [`xml_escape`] appending to `out` (full article content goes through here for every
/// feed that carries it).
pub(crate) fn xml_escape_into(out: &mut String, text: &str) {
    let entity = |bytes: &[u8], at: usize| match bytes[at] {
        b'&' => Some(("&amp;", 1)),
        b'<' => Some(("&lt;", 1)),
        b'>' => Some(("&gt;", 1)),
        b'"' => Some(("&quot;", 1)),
        b'\'' => Some(("&apos;", 1)),
        // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters either;
        // other characters with lead byte 0xEF are kept.
        0xEF if matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])) => Some(("", 3)),
        0xEF => None,
        _ => Some(("", 1)),
    };
    let _ = super::markdown::replaced_pieces(text, &XML_SPECIAL, entity, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// The newest `feed_limit` dated articles of `ids` (already newest first).
pub(crate) fn feed_items(site: &Site, ids: &[ArticleId]) -> Vec<ArticleId> {
    let dated = ids
        .iter()
        .copied()
        .filter(|&i| site.articles[i].date.is_some());
    match site.config.feed_limit {
        0 => dated.collect(),
        n => dated.take(n).collect(),
    }
}

fn newest(site: &Site, ids: &[ArticleId]) -> Option<Date> {
    ids.iter().filter_map(|&i| site.articles[i].date).max()
}

/// An RSS 2.0 document for `ids`.
fn rss(
    site: &Site,
    p: &Prepared,
    title: &str,
    page_path: &str,
    feed_path: &str,
    ids: &[ArticleId],
) -> Result<String, RenderError> {
    let c = &site.config;
    let items = feed_items(site, ids);
    let mut x = String::with_capacity(4096 + items.len() * 4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    let desc = c.description.clone().unwrap_or_else(|| c.title.clone());
    let _ = writeln!(x, "<title>{}</title>", xml_escape(title));
    let _ = writeln!(x, "<link>{}</link>", xml_escape(&c.absolute_url(page_path)));
    let _ = writeln!(x, "<description>{}</description>", xml_escape(&desc));
    let _ = writeln!(x, "<language>{}</language>", xml_escape(&c.language));
    let _ = writeln!(
        x,
        "<generator>bantin {}</generator>",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(d) = newest(site, &items) {
        let _ = writeln!(x, "<lastBuildDate>{}</lastBuildDate>", d.to_rfc822());
    }
    let _ = writeln!(
        x,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        xml_escape(&c.absolute_url(feed_path))
    );
    for id in items {
        let a = &site.articles[id];
        let url = c.absolute_url(&a.url);
        x.push_str("<item>\n");
        let _ = writeln!(x, "<title>{}</title>", xml_escape(&a.meta.title));
        let _ = writeln!(x, "<link>{}</link>", xml_escape(&url));
        let _ = writeln!(x, "<guid isPermaLink=\"true\">{}</guid>", xml_escape(&url));
        if let Some(d) = a.date {
            let _ = writeln!(x, "<pubDate>{}</pubDate>", d.to_rfc822());
        }
        for name in &a.meta.authors {
            let _ = writeln!(x, "<dc:creator>{}</dc:creator>", xml_escape(name));
        }
        if let Some(r) = a.rubric {
            let _ = writeln!(
                x,
                "<category>{}</category>",
                xml_escape(&site.rubrics[r].name)
            );
        }
        for &t in &a.tags {
            let _ = writeln!(x, "<category>{}</category>", xml_escape(&site.tags[t].name));
        }
        let summary = a.meta.summary.clone().unwrap_or_default();
        let _ = writeln!(x, "<description>{}</description>", xml_escape(&summary));
        x.push_str("<content:encoded>");
        xml_escape_into(&mut x, &p.article_html(site, id)?);
        x.push_str("</content:encoded>\n");
        x.push_str("</item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    Ok(x)
}

fn atom(site: &Site, p: &Prepared, ids: &[ArticleId]) -> Result<String, RenderError> {
    let c = &site.config;
    let items = feed_items(site, ids);
    let home = c.absolute_url("/");
    let mut x = String::with_capacity(4096 + items.len() * 4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(&c.language)
    );
    let _ = writeln!(x, "<title>{}</title>", xml_escape(&c.title));
    if let Some(d) = &c.description {
        let _ = writeln!(x, "<subtitle>{}</subtitle>", xml_escape(d));
    }
    let _ = writeln!(x, "<id>{}</id>", xml_escape(&home));
    let _ = writeln!(x, "<link href=\"{}\"/>", xml_escape(&home));
    let _ = writeln!(
        x,
        "<link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        xml_escape(&c.absolute_url(urls::SITE_ATOM))
    );
    let updated = newest(site, &items)
        .map(|d| d.to_iso())
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    let _ = writeln!(x, "<updated>{updated}</updated>");
    let _ = writeln!(
        x,
        "<generator version=\"{}\">bantin</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for id in items {
        let a = &site.articles[id];
        let url = c.absolute_url(&a.url);
        let date = a.date.map(|d| d.to_iso()).unwrap_or_default();
        x.push_str("<entry>\n");
        let _ = writeln!(x, "<title>{}</title>", xml_escape(&a.meta.title));
        let _ = writeln!(x, "<id>{}</id>", xml_escape(&url));
        let _ = writeln!(
            x,
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&url)
        );
        let _ = writeln!(
            x,
            "<published>{date}</published>\n<updated>{date}</updated>"
        );
        let names: Vec<&String> = if a.meta.authors.is_empty() {
            vec![&c.title]
        } else {
            a.meta.authors.iter().collect()
        };
        for name in names {
            let _ = writeln!(x, "<author><name>{}</name></author>", xml_escape(name));
        }
        if let Some(r) = a.rubric {
            let _ = writeln!(
                x,
                "<category term=\"{}\"/>",
                xml_escape(&site.rubrics[r].name)
            );
        }
        for &t in &a.tags {
            let _ = writeln!(x, "<category term=\"{}\"/>", xml_escape(&site.tags[t].name));
        }
        if let Some(s) = &a.meta.summary {
            let _ = writeln!(x, "<summary>{}</summary>", xml_escape(s));
        }
        x.push_str("<content type=\"html\">");
        xml_escape_into(&mut x, &p.article_html(site, id)?);
        x.push_str("</content>\n");
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    Ok(x)
}

/// The site's JSON Feed 1.1 document.
#[derive(serde::Serialize)]
struct JsonFeed<'a> {
    version: &'a str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    description: &'a Option<String>,
    language: &'a str,
    items: Vec<JsonFeedItem<'a>>,
}

/// One article of the JSON Feed.
#[derive(serde::Serialize)]
struct JsonFeedItem<'a> {
    id: String,
    url: String,
    title: &'a str,
    content_html: std::borrow::Cow<'a, str>,
    summary: &'a Option<String>,
    date_published: Option<String>,
    authors: Vec<JsonFeedAuthor<'a>>,
    tags: Vec<&'a str>,
    language: &'a str,
}

/// An author of a JSON Feed item.
#[derive(serde::Serialize)]
struct JsonFeedAuthor<'a> {
    name: &'a str,
}

fn json_feed(site: &Site, p: &Prepared, ids: &[ArticleId]) -> Result<String, RenderError> {
    let c = &site.config;
    let items = feed_items(site, ids)
        .into_iter()
        .map(|id| {
            let a = &site.articles[id];
            let url = c.absolute_url(&a.url);
            let mut tags: Vec<&str> = a
                .rubric
                .map(|r| site.rubrics[r].name.as_str())
                .into_iter()
                .collect();
            tags.extend(a.tags.iter().map(|&t| site.tags[t].name.as_str()));
            Ok(JsonFeedItem {
                id: url.clone(),
                url,
                title: &a.meta.title,
                content_html: p.article_html(site, id)?,
                summary: &a.meta.summary,
                date_published: a.date.map(|d| d.to_iso()),
                authors: a
                    .meta
                    .authors
                    .iter()
                    .map(|n| JsonFeedAuthor { name: n })
                    .collect(),
                tags,
                language: &c.language,
            })
        })
        .collect::<Result<_, RenderError>>()?;
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &c.title,
        home_page_url: c.absolute_url(&urls::home()),
        feed_url: c.absolute_url(urls::SITE_JSON_FEED),
        description: &c.description,
        language: &c.language,
        items,
    };
    // Through a value, whose keys are sorted: the published bytes do not depend on the
    // order of the fields above.
    let value = serde_json::to_value(&feed).expect("JSON feed serializes");
    Ok(serde_json::to_string_pretty(&value).expect("JSON feed serializes") + "\n")
}

/// Every article some feed carries (the site's and each rubric's and tag's newest).
pub(crate) fn all_feed_items(site: &Site) -> std::collections::BTreeSet<ArticleId> {
    let mut ids: std::collections::BTreeSet<ArticleId> =
        feed_items(site, &site.latest).into_iter().collect();
    for t in site.rubrics.iter().chain(&site.tags) {
        ids.extend(feed_items(site, &t.articles));
    }
    ids
}

/// `rss.xml`, `atom.xml` and `feed.json` for the whole site.
pub fn site_feeds(site: &Site, p: &Prepared) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
    let title = &site.config.title;
    Ok(vec![
        (
            urls::output_path(urls::SITE_ATOM),
            atom(site, p, &site.latest)?.into_bytes(),
        ),
        (
            urls::output_path(urls::SITE_JSON_FEED),
            json_feed(site, p, &site.latest)?.into_bytes(),
        ),
        (
            urls::output_path(urls::SITE_RSS),
            rss(site, p, title, &urls::home(), urls::SITE_RSS, &site.latest)?.into_bytes(),
        ),
    ])
}

/// The newest `feed_limit` dated issues (issues are newest first).
fn feed_issues(site: &Site) -> Vec<&Issue> {
    let dated = site.issues.iter().filter(|i| i.date.is_some());
    match site.config.feed_limit {
        0 => dated.collect(),
        n => dated.take(n).collect(),
    }
}

/// An issue as a feed item's HTML: its table of contents, linked.
fn issue_contents_html(site: &Site, issue: &Issue) -> String {
    let mut h = String::from("<ul>");
    for &a in &issue.articles {
        let a = &site.articles[a];
        let _ = write!(
            h,
            "<li><a href=\"{}\">{}</a></li>",
            xml_escape(&site.config.absolute_url(&a.url)),
            xml_escape(&a.meta.title)
        );
    }
    h.push_str("</ul>");
    h
}

/// What an issue holds, in one line: how many articles, under which rubrics.
fn issue_summary(site: &Site, issue: &Issue) -> String {
    let mut rubrics: Vec<&str> = Vec::new();
    for &a in &issue.articles {
        if let Some(r) = site.articles[a].rubric {
            let name = site.rubrics[r].name.as_str();
            if !rubrics.contains(&name) {
                rubrics.push(name);
            }
        }
    }
    let n = issue.articles.len();
    if rubrics.is_empty() {
        format!("{n} × {}", site.config.title)
    } else {
        format!("{n}: {}", rubrics.join(", "))
    }
}

/// `so/rss.xml` and `so/atom.xml`: one item per issue, so readers can subscribe to
/// "a new issue is out". Each item links the issue page and lists its articles.
pub fn issue_feeds(site: &Site, title: &str) -> Vec<(String, Vec<u8>)> {
    let c = &site.config;
    let (rss_path, atom_path) = urls::issue_feeds();
    let page = urls::issues();
    let issues = feed_issues(site);
    let newest = issues.iter().filter_map(|i| i.date).max();
    let feed_title = format!("{title} – {}", c.title);

    let mut r = String::with_capacity(2048 + issues.len() * 1024);
    r.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    r.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n");
    let _ = writeln!(r, "<title>{}</title>", xml_escape(&feed_title));
    let _ = writeln!(r, "<link>{}</link>", xml_escape(&c.absolute_url(&page)));
    let desc = c.description.clone().unwrap_or_else(|| c.title.clone());
    let _ = writeln!(r, "<description>{}</description>", xml_escape(&desc));
    let _ = writeln!(r, "<language>{}</language>", xml_escape(&c.language));
    if let Some(d) = newest {
        let _ = writeln!(r, "<lastBuildDate>{}</lastBuildDate>", d.to_rfc822());
    }
    let _ = writeln!(
        r,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        xml_escape(&c.absolute_url(&rss_path))
    );
    for issue in &issues {
        let url = c.absolute_url(&issue.url);
        r.push_str("<item>\n");
        let _ = writeln!(r, "<title>{}</title>", xml_escape(&issue.meta.title));
        let _ = writeln!(r, "<link>{}</link>", xml_escape(&url));
        let _ = writeln!(r, "<guid isPermaLink=\"true\">{}</guid>", xml_escape(&url));
        if let Some(d) = issue.date {
            let _ = writeln!(r, "<pubDate>{}</pubDate>", d.to_rfc822());
        }
        if let Some(series) = &issue.meta.series {
            let _ = writeln!(r, "<category>{}</category>", xml_escape(series));
        }
        let _ = writeln!(
            r,
            "<description>{}</description>",
            xml_escape(&issue_summary(site, issue))
        );
        let _ = writeln!(
            r,
            "<content:encoded>{}</content:encoded>",
            xml_escape(&issue_contents_html(site, issue))
        );
        r.push_str("</item>\n");
    }
    r.push_str("</channel>\n</rss>\n");

    let mut a = String::with_capacity(2048 + issues.len() * 1024);
    a.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        a,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(&c.language)
    );
    let _ = writeln!(a, "<title>{}</title>", xml_escape(&feed_title));
    let _ = writeln!(a, "<id>{}</id>", xml_escape(&c.absolute_url(&page)));
    let _ = writeln!(a, "<link href=\"{}\"/>", xml_escape(&c.absolute_url(&page)));
    let _ = writeln!(
        a,
        "<link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        xml_escape(&c.absolute_url(&atom_path))
    );
    let updated = newest
        .map(|d| d.to_iso())
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    let _ = writeln!(a, "<updated>{updated}</updated>");
    let _ = writeln!(a, "<author><name>{}</name></author>", xml_escape(&c.title));
    for issue in &issues {
        let url = c.absolute_url(&issue.url);
        let date = issue.date.map(|d| d.to_iso()).unwrap_or_default();
        a.push_str("<entry>\n");
        let _ = writeln!(a, "<title>{}</title>", xml_escape(&issue.meta.title));
        let _ = writeln!(a, "<id>{}</id>", xml_escape(&url));
        let _ = writeln!(
            a,
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&url)
        );
        let _ = writeln!(
            a,
            "<published>{date}</published>\n<updated>{date}</updated>"
        );
        if let Some(p) = &issue.meta.publisher {
            let _ = writeln!(a, "<author><name>{}</name></author>", xml_escape(p));
        }
        let _ = writeln!(
            a,
            "<summary>{}</summary>",
            xml_escape(&issue_summary(site, issue))
        );
        let _ = writeln!(
            a,
            "<content type=\"html\">{}</content>",
            xml_escape(&issue_contents_html(site, issue))
        );
        a.push_str("</entry>\n");
    }
    a.push_str("</feed>\n");
    vec![
        (
            atom_path.trim_start_matches('/').to_string(),
            a.into_bytes(),
        ),
        (rss_path.trim_start_matches('/').to_string(), r.into_bytes()),
    ]
}

/// The RSS feed of one rubric or tag, at `<term url>rss.xml`.
pub fn term_feed(site: &Site, p: &Prepared, t: &Term) -> Result<(String, Vec<u8>), RenderError> {
    let feed_path = urls::feed_of(&t.url);
    let title = format!("{} – {}", t.name, site.config.title);
    let body = rss(site, p, &title, &t.url, &feed_path, &t.articles)?;
    Ok((urls::output_path(&feed_path), body.into_bytes()))
}

/// Every HTML page of the site, as site paths, with the date to report as last modified.
pub fn page_paths(site: &Site) -> Vec<(String, Option<Date>)> {
    let mut out = Vec::new();
    for job in super::jobs::all_jobs(site) {
        use super::jobs::Job;
        let entry = match job {
            Job::Article(id) => Some((site.articles[id].url.clone(), site.articles[id].date)),
            Job::Issue(i) => Some((site.issues[i].url.clone(), site.issues[i].date)),
            Job::NotFound
            | Job::Search
            | Job::SiteFeeds
            | Job::IssueFeeds
            | Job::RubricFeed(_)
            | Job::TagFeed(_)
            | Job::Sitemap
            | Job::Robots
            | Job::Static => None,
            _ => Some((super::pages::site_path(site, &job), None)),
        };
        out.extend(entry);
    }
    out.sort();
    out
}

/// Most URLs one sitemap file may list (the sitemaps.org protocol's limit; at bantin's
/// URL lengths a full part stays far below its 50 MB limit).
pub const SITEMAP_URLS: usize = 50_000;

/// `sitemap.xml`: every page with its date. A site with more than [`SITEMAP_URLS`] pages
/// gets parts (`sitemap-1.xml`, …) and `sitemap.xml` becomes their index, so search engines
/// read all of it.
pub fn sitemaps(site: &Site) -> Vec<(String, Vec<u8>)> {
    sitemaps_of(site, SITEMAP_URLS)
}

fn sitemaps_of(site: &Site, per_file: usize) -> Vec<(String, Vec<u8>)> {
    let pages = page_paths(site);
    if pages.len() <= per_file {
        return vec![(urls::output_path(urls::SITEMAP), url_set(site, &pages))];
    }
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut out = Vec::new();
    for (n, part) in pages.chunks(per_file).enumerate() {
        let path = urls::sitemap_part(n + 1);
        let _ = write!(
            index,
            "<sitemap><loc>{}</loc>",
            xml_escape(&site.config.absolute_url(&path))
        );
        if let Some(d) = part.iter().filter_map(|(_, d)| *d).max() {
            let _ = write!(index, "<lastmod>{}</lastmod>", d.to_iso());
        }
        index.push_str("</sitemap>\n");
        out.push((urls::output_path(&path), url_set(site, part)));
    }
    index.push_str("</sitemapindex>\n");
    out.push((urls::output_path(urls::SITEMAP), index.into_bytes()));
    out
}

/// One `<urlset>` document of `pages`.
fn url_set(site: &Site, pages: &[(String, Option<Date>)]) -> Vec<u8> {
    let mut x = String::with_capacity(128 + pages.len() * 128);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, date) in pages {
        let _ = write!(
            x,
            "<url><loc>{}</loc>",
            xml_escape(&site.config.absolute_url(path))
        );
        if let Some(d) = date {
            let _ = write!(x, "<lastmod>{}</lastmod>", d.to_iso());
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x.into_bytes()
}

/// `robots.txt` allowing everything and naming the sitemap.
pub fn robots(site: &Site) -> (String, Vec<u8>) {
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.absolute_url(urls::SITEMAP)
    );
    (urls::output_path(urls::ROBOTS), text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml_escape("<script>&\"'\u{1}"),
            "&lt;script&gt;&amp;&quot;&apos;"
        );
    }

    /// What the escaping means, one character at a time (the fast path skips runs).
    fn escaped_char_by_char(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                '\t' | '\n' | '\r' => out.push(c),
                '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
                _ => out.push(c),
            }
        }
        out
    }

    #[test]
    fn keeps_other_characters_with_the_lead_byte_of_the_two_non_characters() {
        // U+FEFF, U+FFFD and U+F8FF start with 0xEF like U+FFFE/U+FFFF and stay.
        let text = "a\u{feff}b\u{fffd}c\u{f8ff}\u{fffe}\u{ffff}d";
        assert_eq!(xml_escape(text), "a\u{feff}b\u{fffd}c\u{f8ff}d");
    }

    proptest::proptest! {
        #[test]
        fn escaping_agrees_with_its_character_by_character_meaning(
            text in "(\\PC|[<>&\"'\t\n\r\u{0}-\u{1f}\u{feff}\u{fffd}\u{fffe}\u{ffff}]|Ệ){0,60}"
        ) {
            proptest::prop_assert_eq!(xml_escape(&text), escaped_char_by_char(&text));
        }
    }

    #[test]
    fn a_site_with_more_pages_than_a_sitemap_holds_gets_parts_and_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let put = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        put("site.yaml", "title: T\nbase_url: https://x.org/sub/\n");
        put("content/so-1/_index.md", "---\ntitle: Số 1\n---\n");
        for n in 1..=9 {
            put(
                &format!("content/so-1/0{n}-a.md"),
                &format!("---\ntitle: A{n}\ndate: 2022-03-0{n}T08:00:00+07:00\n---\nx\n"),
            );
        }
        let project = crate::project::Project::open(dir.path()).unwrap();
        let site = crate::build::load_site(&project, &mut Default::default()).unwrap();
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();

        let one = sitemaps_of(&site, 1000);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        let all = text(&one[0].1);
        let pages = all.matches("<url>").count();
        assert!(pages > 9, "{all}");

        let parts = sitemaps_of(&site, 4);
        let (index, rest) = parts.split_last().unwrap();
        assert_eq!(index.0, "sitemap.xml");
        assert_eq!(rest.len(), pages.div_ceil(4));
        let index = text(&index.1);
        assert!(index.contains("<sitemapindex"), "{index}");
        let mut listed = 0;
        for (n, (path, bytes)) in rest.iter().enumerate() {
            assert_eq!(path, &format!("sitemap-{}.xml", n + 1));
            let loc = format!("<loc>https://x.org/sub/sitemap-{}.xml</loc>", n + 1);
            assert!(index.contains(&loc), "{index}");
            let part = text(bytes);
            let urls = part.matches("<url>").count();
            assert!((1..=4).contains(&urls));
            listed += urls;
            crate::xmlcheck::check_well_formed(bytes).unwrap();
        }
        crate::xmlcheck::check_well_formed(index.as_bytes()).unwrap();
        assert_eq!(listed, pages, "every page in exactly one part");
        assert!(
            index.contains("<lastmod>2022-03-09T08:00:00+07:00</lastmod>"),
            "{index}"
        );
    }

    #[test]
    fn drops_the_noncharacters_xml_forbids() {
        assert_eq!(xml_escape("a\u{FFFE}b\u{FFFF}c\u{FFFD}"), "abc\u{FFFD}");
        assert_eq!(xml_escape("\u{FFFF}"), "");
        assert_eq!(xml_escape("ể\u{FFFE}"), "ể");
    }
}
