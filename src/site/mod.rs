//! The archive as a linked model: bulletins, articles, rubrics, tags and date archives,
//! each with its URL.
//!
//! Built once per build from [`Content`]; every list is computed
//! here, once, so rendering a page never scans the whole archive. Every collection is
//! sorted, so output is byte-identical by construction.

mod link;
mod paginate;
pub mod urls;

use std::path::PathBuf;

pub(crate) use link::{assemble, link_bulletin};
pub use paginate::{page, page_url, page_window, paginate, Pager, PAGER_RADIUS};
pub use urls::{ARCHIVE_PATH, ISSUES_PATH, PAGE_PATH, RUBRICS_PATH, TAGS_PATH};

use crate::config::Config;
use crate::content::{ArticleMeta, BulletinMeta, Content, Date};
use crate::diag::Diagnostic;

/// Most tags an article publishes. Every tag of an article gets a page and a feed that
/// list the article with all its tags, so without a bound the output would grow with the
/// square of the number of tags.
pub const MAX_TAGS: usize = 50;

/// Index of an article in [`Site::articles`].
pub type ArticleId = usize;
/// Index of an issue in [`Site::issues`].
pub type IssueId = usize;

/// One bulletin issue.
#[derive(Debug, Clone)]
pub struct Issue {
    /// URL slug (its folder name).
    pub slug: String,
    /// Site path, `/<slug>/`.
    pub url: String,
    /// Front matter.
    pub meta: BulletinMeta,
    /// Markdown introduction.
    pub body: String,
    /// Its `_index.md`.
    pub source_path: PathBuf,
    /// Articles in issue order (weight).
    pub articles: Vec<ArticleId>,
    /// The issue's date, or its newest article's when it has none.
    pub date: Option<Date>,
    /// What linking it found (slug collisions, tags over [`MAX_TAGS`], missing dates);
    /// also in [`Site::warnings`].
    pub warnings: Vec<Diagnostic>,
}

impl Issue {
    /// The year it belongs to: its `year`, or its date's.
    pub fn year(&self) -> Option<i32> {
        self.meta.year.or(self.date.map(|d| d.year()))
    }
}

/// A year of the list of issues (`/so/`): which issues it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueYear {
    /// The year, or `None` for issues without one.
    pub year: Option<i32>,
    /// Its first (newest) issue.
    pub first: IssueId,
    /// How many issues it has.
    pub count: usize,
}

/// One article, linked to its issue, rubric and tags.
#[derive(Debug, Clone)]
pub struct Article {
    /// URL slug within its issue.
    pub slug: String,
    /// Site path, `/<issue>/<slug>/`.
    pub url: String,
    /// Front matter.
    pub meta: ArticleMeta,
    /// Markdown body (empty when left in its file: read it with [`Site::body`]).
    pub body: String,
    /// Where the body is in its file, when it was not kept in memory.
    pub body_in_file: Option<crate::content::BodyInFile>,
    /// Its Markdown file.
    pub source_path: PathBuf,
    /// The issue it belongs to.
    pub issue: IssueId,
    /// Position in the issue (0-based).
    pub position: usize,
    /// Its date, or its issue's when it has none.
    pub date: Option<Date>,
    /// Its rubric, if it has one.
    pub rubric: Option<usize>,
    /// Its tags, in the order the front matter gives them.
    pub tags: Vec<usize>,
}

/// A rubric or a tag: a name, its URL and its articles (newest first).
#[derive(Debug, Clone)]
pub struct Term {
    /// The name as written in front matter.
    pub name: String,
    /// URL slug (unique among terms of its kind).
    pub slug: String,
    /// Site path of its first page.
    pub url: String,
    /// Articles, newest first.
    pub articles: Vec<ArticleId>,
    /// What it is about, from `site.yaml` (rubrics only).
    pub description: Option<String>,
}

/// A month of the date archive.
#[derive(Debug, Clone)]
pub struct Month {
    /// 1–12.
    pub month: u32,
    /// Site path, `/luu-tru/<year>/<mm>/`.
    pub url: String,
    /// Articles, newest first.
    pub articles: Vec<ArticleId>,
}

/// A year of the date archive.
#[derive(Debug, Clone)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// Site path, `/luu-tru/<year>/`.
    pub url: String,
    /// Its months, newest first.
    pub months: Vec<Month>,
    /// Articles, newest first.
    pub articles: Vec<ArticleId>,
}

/// The whole archive, linked.
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings.
    pub config: Config,
    /// Issues, newest first.
    pub issues: Vec<Issue>,
    /// Every article; ids index into this.
    pub articles: Vec<Article>,
    /// Every article id, newest first.
    pub latest: Vec<ArticleId>,
    /// Rubrics: those `site.yaml` lists in its order, then the others by slug.
    pub rubrics: Vec<Term>,
    /// Tags, sorted by slug.
    pub tags: Vec<Term>,
    /// Date archive, newest year first.
    pub years: Vec<Year>,
    /// Years of the list of issues, in its order (newest first).
    pub issue_years: Vec<IssueYear>,
    /// Problems found while linking (slug collisions, missing dates).
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Link loaded content into a site: each bulletin on its own (in parallel), then the
    /// whole site.
    pub fn new(config: Config, content: Content) -> Site {
        use rayon::prelude::*;
        let linked = content
            .bulletins
            .into_par_iter()
            .map(link::link_bulletin)
            .collect();
        link::assemble(config, linked, content.warnings, &Default::default()).0
    }

    /// The article with id `id`.
    pub fn article(&self, id: ArticleId) -> &Article {
        &self.articles[id]
    }

    /// The issues beside issue `i` in the list of issues: the older one (published
    /// before it) and the newer one.
    pub fn issue_neighbours(&self, i: IssueId) -> (Option<&Issue>, Option<&Issue>) {
        let older = self.issues.get(i + 1);
        let newer = i.checked_sub(1).and_then(|n| self.issues.get(n));
        (older, newer)
    }

    /// The issue an article belongs to.
    pub fn issue_of(&self, id: ArticleId) -> &Issue {
        &self.issues[self.articles[id].issue]
    }

    /// An article's Markdown body: kept in memory, or read again from its file when it was
    /// left there ([`crate::content::Bodies::InFiles`]).
    pub fn body(
        &self,
        id: ArticleId,
    ) -> Result<std::borrow::Cow<'_, str>, crate::content::ContentError> {
        let a = &self.articles[id];
        match &a.body_in_file {
            None => Ok(std::borrow::Cow::Borrowed(&a.body)),
            Some(at) => at.read(&a.source_path).map(std::borrow::Cow::Owned),
        }
    }
}
