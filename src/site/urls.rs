//! Where every page, feed and file of the site lives: the one place that spells paths.
//!
//! Site paths are root-relative and start with `/` (`/so/`, `/the/quang-ninh/rss.xml`);
//! [`crate::Config::link`] puts them under `base_url`. [`output_path`] turns a page's
//! site path into the file that holds it. Changing a folder name here moves it
//! everywhere: pages, feeds, the sitemap, `serve` and `check`.

/// Folder of rubric pages (`/chuyen-muc/<rubric>/`).
pub const RUBRICS_PATH: &str = "chuyen-muc";
/// Folder of tag pages (`/the/<tag>/`).
pub const TAGS_PATH: &str = "the";
/// Folder of the list of issues (`/so/`).
pub const ISSUES_PATH: &str = "so";
/// Folder of date archives (`/luu-tru/2022/09/`).
pub const ARCHIVE_PATH: &str = "luu-tru";
/// Folder name of page numbers (`/the/quang-ninh/trang/2/`).
pub const PAGE_PATH: &str = "trang";
/// Folder of the search page (`/tim-kiem/`).
pub const SEARCH_PATH: &str = "tim-kiem";
/// Folder of the search index (`/search-index/`).
pub const SEARCH_INDEX_PATH: &str = "search-index";
/// The search page's script (the default theme's static file).
pub const SEARCH_SCRIPT: &str = "/search.js";

/// The site's RSS feed.
pub const SITE_RSS: &str = "/rss.xml";
/// The site's Atom feed.
pub const SITE_ATOM: &str = "/atom.xml";
/// The site's JSON Feed.
pub const SITE_JSON_FEED: &str = "/feed.json";
/// The sitemap (an index of [`sitemap_part`]s when the site has too many pages for one).
pub const SITEMAP: &str = "/sitemap.xml";

/// Part `n` (1-based) of a sitemap split in parts.
pub fn sitemap_part(n: usize) -> String {
    format!("/sitemap-{n}.xml")
}
/// `robots.txt`.
pub const ROBOTS: &str = "/robots.txt";
/// The page served for missing paths.
pub const NOT_FOUND: &str = "/404.html";
/// The default theme's stylesheet.
pub const STYLESHEET: &str = "/style.css";
/// The default theme's icon.
pub const FAVICON: &str = "/favicon.svg";
/// Name of a list's RSS feed inside the list's folder.
const FEED_FILE: &str = "rss.xml";

/// The home page.
pub fn home() -> String {
    "/".to_string()
}

/// The list of all issues.
pub fn issues() -> String {
    format!("/{ISSUES_PATH}/")
}

/// The list of rubrics.
pub fn rubrics() -> String {
    format!("/{RUBRICS_PATH}/")
}

/// The list of tags.
pub fn tags() -> String {
    format!("/{TAGS_PATH}/")
}

/// The index of the date archive.
pub fn archive() -> String {
    format!("/{ARCHIVE_PATH}/")
}

/// The search page.
pub fn search() -> String {
    format!("/{SEARCH_PATH}/")
}

/// The folder of the search index.
pub fn search_index() -> String {
    format!("/{SEARCH_INDEX_PATH}/")
}

/// One issue: its bulletin folder.
pub fn issue(bulletin: &str) -> String {
    format!("/{bulletin}/")
}

/// One article of bulletin folder `bulletin`.
pub fn article(bulletin: &str, slug: &str) -> String {
    format!("/{bulletin}/{slug}/")
}

/// One rubric or tag: `folder` is [`RUBRICS_PATH`] or [`TAGS_PATH`].
pub fn term(folder: &str, slug: &str) -> String {
    format!("/{folder}/{slug}/")
}

/// One year of the date archive.
pub fn year(y: i32) -> String {
    format!("/{ARCHIVE_PATH}/{y}/")
}

/// One month of the date archive.
pub fn month(y: i32, m: u32) -> String {
    format!("/{ARCHIVE_PATH}/{y}/{m:02}/")
}

/// Page `n` of a list whose first page is `base` (ending in `/`).
pub fn page(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}{PAGE_PATH}/{n}/")
    }
}

/// The RSS feed of the list at `list` (a rubric, a tag, the issues).
pub fn feed_of(list: &str) -> String {
    format!("{list}{FEED_FILE}")
}

/// The feeds of issues: RSS and Atom, in the list of issues' folder.
pub fn issue_feeds() -> (String, String) {
    let base = issues();
    (feed_of(&base), format!("{base}atom.xml"))
}

/// The file that holds the page at `site_path`: `/a/b/` → `a/b/index.html`, `/` →
/// `index.html`; a path naming a file (`/404.html`, `/rss.xml`) is that file.
pub fn output_path(site_path: &str) -> String {
    let trimmed = site_path.trim_matches('/');
    if trimmed.is_empty() {
        "index.html".to_string()
    } else if site_path.ends_with('/') {
        format!("{trimmed}/index.html")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_live_in_folders_and_files_are_files() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/so/"), "so/index.html");
        assert_eq!(
            output_path(&page("/the/y-te/", 3)),
            "the/y-te/trang/3/index.html"
        );
        assert_eq!(output_path(NOT_FOUND), "404.html");
        assert_eq!(
            output_path(&feed_of(&term(TAGS_PATH, "y-te"))),
            "the/y-te/rss.xml"
        );
        assert_eq!(page("/so/", 1), "/so/");
        assert_eq!(issue_feeds().1, "/so/atom.xml");
        assert_eq!(month(2022, 9), "/luu-tru/2022/09/");
    }
}
