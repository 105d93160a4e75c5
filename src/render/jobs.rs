//! The list of things a build renders: one [`Job`] per page, feed or file group.
//!
//! Jobs are plain values, so `serve` can compute which jobs an edit touches and render
//! only those.

use crate::site::{ArticleId, IssueId, Site};

/// One unit of rendering work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    /// The home page.
    Home,
    /// A page of the list of all issues.
    Issues {
        /// 1-based page.
        page: usize,
    },
    /// One issue's table of contents.
    Issue(IssueId),
    /// One article.
    Article(ArticleId),
    /// The list of rubrics.
    Rubrics,
    /// A page of one rubric.
    Rubric {
        /// Index into `Site::rubrics`.
        term: usize,
        /// 1-based page.
        page: usize,
    },
    /// The list of all tags with counts.
    Tags,
    /// A page of one tag.
    Tag {
        /// Index into `Site::tags`.
        term: usize,
        /// 1-based page.
        page: usize,
    },
    /// The date archive's index of years and months.
    Archive,
    /// A page of one year.
    Year {
        /// Index into `Site::years`.
        year: usize,
        /// 1-based page.
        page: usize,
    },
    /// A page of one month.
    Month {
        /// Index into `Site::years`.
        year: usize,
        /// Index into that year's months.
        month: usize,
        /// 1-based page.
        page: usize,
    },
    /// `404.html`.
    NotFound,
    /// The search page (when search is on).
    Search,
    /// `rss.xml`, `atom.xml` and `feed.json` for the whole site.
    SiteFeeds,
    /// `so/rss.xml` and `so/atom.xml`: one item per issue.
    IssueFeeds,
    /// One rubric's RSS feed.
    RubricFeed(usize),
    /// One tag's RSS feed.
    TagFeed(usize),
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The theme's static files.
    Static,
}

impl Job {
    /// The template (or generator) that produces it; used for per-template timings.
    pub fn template(&self) -> &'static str {
        match self {
            Job::Home => "index.html",
            Job::Issues { .. } => "issues.html",
            Job::Issue(_) => "issue.html",
            Job::Article(_) => "article.html",
            Job::Rubrics | Job::Tags => "terms.html",
            Job::Rubric { .. } | Job::Tag { .. } => "term.html",
            Job::Archive => "archive.html",
            Job::Year { .. } | Job::Month { .. } => "period.html",
            Job::NotFound => "404.html",
            Job::Search => "search.html",
            Job::SiteFeeds => "(site feeds)",
            Job::IssueFeeds => "(issue feeds)",
            Job::RubricFeed(_) | Job::TagFeed(_) => "(term feeds)",
            Job::Sitemap => "(sitemap)",
            Job::Robots => "(robots)",
            Job::Static => "(static)",
        }
    }
}

fn pages(n: usize, size: usize) -> usize {
    n.div_ceil(size.max(1)).max(1)
}

/// Every job of a full build, in a stable order.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let per = site.config.paginate_by;
    let mut jobs = vec![
        Job::Home,
        Job::Rubrics,
        Job::Tags,
        Job::Archive,
        Job::NotFound,
        Job::SiteFeeds,
        Job::IssueFeeds,
        Job::Sitemap,
        Job::Robots,
        Job::Static,
    ];
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs.extend((1..=pages(site.issues.len(), per)).map(|page| Job::Issues { page }));
    jobs.extend((0..site.issues.len()).map(Job::Issue));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    for (term, t) in site.rubrics.iter().enumerate() {
        jobs.extend((1..=pages(t.articles.len(), per)).map(|page| Job::Rubric { term, page }));
        jobs.push(Job::RubricFeed(term));
    }
    for (term, t) in site.tags.iter().enumerate() {
        jobs.extend((1..=pages(t.articles.len(), per)).map(|page| Job::Tag { term, page }));
        jobs.push(Job::TagFeed(term));
    }
    for (year, y) in site.years.iter().enumerate() {
        jobs.extend((1..=pages(y.articles.len(), per)).map(|page| Job::Year { year, page }));
        for (month, m) in y.months.iter().enumerate() {
            jobs.extend((1..=pages(m.articles.len(), per)).map(|page| Job::Month {
                year,
                month,
                page,
            }));
        }
    }
    jobs
}

pub use crate::site::urls::output_path;
