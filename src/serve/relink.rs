//! After a re-link (a date, rubric, tag or order changed, a file added or removed): which
//! pages still have exactly the inputs they had, so their files can stay as they are.
//!
//! Pages are matched by URL between the old and the new site. A list page is unchanged
//! when its term (or year, month, issue) has the same name and length and the articles
//! on that page are the same files with the same card and Markdown; a feed when its whole
//! list is; an article page when [`article_page_unchanged`] says so. The few pages with
//! global inputs (home, lists of issues, rubrics and tags, archive index, site feeds) are
//! always rendered. Only valid when the values every page shares did not change.

use std::collections::HashMap;
use std::path::PathBuf;

use super::incremental::article_page_unchanged;
use crate::content::Date;
use crate::render::{output_path, Job, Prepared};
use crate::site::{page_url, ArticleId, Site, Term};

/// Old and new site side by side.
struct Pair<'a> {
    old: &'a Site,
    new: &'a Site,
    /// New article id → old id of the same file.
    old_of: Vec<Option<ArticleId>>,
    /// New article id → same file, URL, front matter, Markdown and card as before.
    same: Vec<bool>,
}

impl Pair<'_> {
    /// The same articles, in the same order, each unchanged.
    fn same_list(&self, new: &[ArticleId], old: &[ArticleId]) -> bool {
        new.len() == old.len()
            && new
                .iter()
                .zip(old)
                .all(|(&n, &o)| self.same[n] && self.old_of[n] == Some(o))
    }

    /// The same page `page` of two lists paginated by `per`.
    fn same_page(&self, new: &[ArticleId], old: &[ArticleId], page: usize, per: usize) -> bool {
        let per = per.max(1);
        let range = |l: &[ArticleId]| {
            let start = ((page - 1) * per).min(l.len());
            start..(start + per).min(l.len())
        };
        new.len() == old.len() && self.same_list(&new[range(new)], &old[range(old)])
    }
}

fn by_url(terms: &[Term]) -> HashMap<&str, &Term> {
    terms.iter().map(|t| (t.url.as_str(), t)).collect()
}

type SitemapKey<'a> = (
    Vec<(&'a str, Option<Date>)>,
    Vec<(&'a str, Option<Date>)>,
    Vec<(&'a str, usize)>,
    Vec<(&'a str, usize)>,
    Vec<(&'a str, usize, Vec<(&'a str, usize)>)>,
);

/// Everything `sitemap.xml` lists: page URLs (and list lengths, for paginated pages)
/// and dates.
fn term_lengths(l: &[Term]) -> Vec<(&str, usize)> {
    l.iter()
        .map(|t| (t.url.as_str(), t.articles.len()))
        .collect()
}

fn sitemap_key(s: &Site) -> SitemapKey<'_> {
    (
        s.articles
            .iter()
            .map(|a| (a.url.as_str(), a.date))
            .collect(),
        s.issues.iter().map(|i| (i.url.as_str(), i.date)).collect(),
        term_lengths(&s.rubrics),
        term_lengths(&s.tags),
        s.years
            .iter()
            .map(|y| {
                let months = y
                    .months
                    .iter()
                    .map(|m| (m.url.as_str(), m.articles.len()))
                    .collect();
                (y.url.as_str(), y.articles.len(), months)
            })
            .collect(),
    )
}

/// Split the jobs of `new` into those to render and the output files to keep as they are.
pub(crate) fn select(
    old: &Site,
    old_p: &Prepared,
    old_ids: &HashMap<PathBuf, ArticleId>,
    new: &Site,
    new_p: &Prepared,
    jobs: Vec<Job>,
) -> (Vec<Job>, Vec<String>) {
    let old_of: Vec<Option<ArticleId>> = new
        .articles
        .iter()
        .map(|a| old_ids.get(&a.source_path).copied())
        .collect();
    let same = new
        .articles
        .iter()
        .enumerate()
        .map(|(n, a)| {
            old_of[n].is_some_and(|o| {
                let b = &old.articles[o];
                a.url == b.url
                    && a.meta == b.meta
                    && a.body == b.body
                    && new_p.cards[n] == old_p.cards[o]
            })
        })
        .collect();
    let pair = Pair {
        old,
        new,
        old_of,
        same,
    };
    let per = new.config.paginate_by;
    let (old_rubrics, old_tags) = (by_url(&old.rubrics), by_url(&old.tags));
    let old_issues: HashMap<&str, &crate::site::Issue> =
        old.issues.iter().map(|i| (i.url.as_str(), i)).collect();
    let old_years: HashMap<&str, &crate::site::Year> =
        old.years.iter().map(|y| (y.url.as_str(), y)).collect();
    let old_months: HashMap<&str, &crate::site::Month> = old
        .years
        .iter()
        .flat_map(|y| &y.months)
        .map(|m| (m.url.as_str(), m))
        .collect();
    let same_sitemap = sitemap_key(old) == sitemap_key(new);

    let term_page = |t: &Term, olds: &HashMap<&str, &Term>, page: usize| -> Option<String> {
        let o = olds.get(t.url.as_str())?;
        (o.name == t.name && pair.same_page(&t.articles, &o.articles, page, per))
            .then(|| output_path(&page_url(&t.url, page)))
    };
    let term_feed = |t: &Term, olds: &HashMap<&str, &Term>| -> Option<String> {
        let o = olds.get(t.url.as_str())?;
        (o.name == t.name && pair.same_list(&t.articles, &o.articles)).then(|| {
            format!("{}rss.xml", t.url)
                .trim_start_matches('/')
                .to_string()
        })
    };
    let mut render = Vec::new();
    let mut kept = Vec::new();
    for job in jobs {
        let keep = match job {
            Job::Article(id) => {
                article_page_unchanged(pair.old, old_p, old_ids, pair.new, new_p, id)
                    .then(|| output_path(&new.articles[id].url))
            }
            Job::Rubric { term, page } => term_page(&new.rubrics[term], &old_rubrics, page),
            Job::Tag { term, page } => term_page(&new.tags[term], &old_tags, page),
            Job::RubricFeed(term) => term_feed(&new.rubrics[term], &old_rubrics),
            Job::TagFeed(term) => term_feed(&new.tags[term], &old_tags),
            Job::Issue(i) => {
                let n = &new.issues[i];
                old_issues.get(n.url.as_str()).and_then(|o| {
                    (o.meta == n.meta
                        && o.body == n.body
                        && o.date == n.date
                        && pair.same_list(&n.articles, &o.articles))
                    .then(|| output_path(&n.url))
                })
            }
            Job::Year { year, page } => {
                let y = &new.years[year];
                old_years.get(y.url.as_str()).and_then(|o| {
                    let months = |y: &crate::site::Year| -> Vec<(String, usize)> {
                        y.months
                            .iter()
                            .map(|m| (m.url.clone(), m.articles.len()))
                            .collect()
                    };
                    (months(o) == months(y) && pair.same_page(&y.articles, &o.articles, page, per))
                        .then(|| output_path(&page_url(&y.url, page)))
                })
            }
            Job::Month { year, month, page } => {
                let m = &new.years[year].months[month];
                old_months.get(m.url.as_str()).and_then(|o| {
                    pair.same_page(&m.articles, &o.articles, page, per)
                        .then(|| output_path(&page_url(&m.url, page)))
                })
            }
            Job::Sitemap if same_sitemap => Some("sitemap.xml".to_string()),
            _ => None,
        };
        match keep {
            Some(path) => kept.push(path),
            None => render.push(job),
        }
    }
    (render, kept)
}
