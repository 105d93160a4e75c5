//! Re-linking after a structural change (a date, rubric, tag or order changed, a file
//! added or removed) without paying for a full build.
//!
//! [`take_content`] moves the content out of the old site instead of copying it;
//! [`prepare`] reuses the old Markdown HTML and summary cards of every article whose file
//! and links did not change; [`select`] keeps the output files of pages whose inputs are
//! all unchanged. Pages are matched by URL between the old and the new site. A list page
//! is unchanged when its term (or year, month, issue) has the same name and length and
//! the articles on that page are the same unchanged articles; a feed when its whole list
//! is; an article page when the article, its rubric and its neighbours are. The pages
//! with global inputs (home, lists of issues, rubrics and tags, archive index, site
//! feeds) are always rendered. Only valid when the values every page shares did not
//! change; the caller renders everything otherwise.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::incremental::Patch;
use crate::content::{self, Content, Date};
use crate::render::{output_path, Job, Prepared, RenderError, Renderer};
use crate::site::{page_url, ArticleId, Issue, Month, Site, Term, Year};

/// The content of `site` with `patches` applied, moved out of `site`: afterwards its
/// articles and issues keep their URLs, dates and links, but their front matter and
/// Markdown are placeholders. Also returns the source paths the patches changed.
pub(crate) fn take_content(site: &mut Site, patches: Vec<Patch>) -> (Content, HashSet<PathBuf>) {
    let mut changed = HashSet::new();
    let article_meta = site.articles.first().map(|a| a.meta.clone());
    let issue_meta = site.issues.first().map(|i| i.meta.clone());
    let mut bulletins: Vec<content::Bulletin> = Vec::with_capacity(site.issues.len());
    for i in 0..site.issues.len() {
        let ids = site.issues[i].articles.clone();
        let mut articles = Vec::with_capacity(ids.len());
        for id in ids {
            let a = &mut site.articles[id];
            let meta = match &article_meta {
                Some(m) => std::mem::replace(&mut a.meta, m.clone()),
                None => a.meta.clone(),
            };
            articles.push(content::Article {
                path: a.source_path.clone(),
                file_slug: super::state::file_slug(&a.source_path),
                meta,
                body: std::mem::take(&mut a.body),
            });
        }
        let issue = &mut site.issues[i];
        let meta = match &issue_meta {
            Some(m) => std::mem::replace(&mut issue.meta, m.clone()),
            None => issue.meta.clone(),
        };
        bulletins.push(content::Bulletin {
            slug: issue.slug.clone(),
            path: issue.source_path.clone(),
            meta,
            body: std::mem::take(&mut issue.body),
            articles,
        });
    }
    // Bulletins are in issue order, so an issue id indexes them.
    let mut touched = BTreeSet::new();
    for p in patches {
        match p {
            Patch::Index { issue, meta, body } => {
                changed.insert(bulletins[issue].path.clone());
                bulletins[issue].meta = meta;
                bulletins[issue].body = body;
            }
            Patch::Article { path, issue, new } => {
                let b = &mut bulletins[issue];
                b.articles.retain(|a| a.path != path);
                b.articles.extend(new);
                changed.insert(path);
                touched.insert(issue);
            }
        }
    }
    for issue in touched {
        // The order `content::load` gives.
        bulletins[issue]
            .articles
            .sort_by(|a, b| (a.meta.weight, &a.path).cmp(&(b.meta.weight, &b.path)));
    }
    let content = Content {
        bulletins,
        warnings: Vec::new(),
    };
    (content, changed)
}

/// The source paths of `content` (freshly loaded) whose text differs from `site`'s.
pub(crate) fn changed_files(
    site: &Site,
    ids: &HashMap<PathBuf, ArticleId>,
    content: &Content,
) -> HashSet<PathBuf> {
    let issues: HashMap<&PathBuf, &Issue> =
        site.issues.iter().map(|i| (&i.source_path, i)).collect();
    let mut changed = HashSet::new();
    for b in &content.bulletins {
        if !issues
            .get(&b.path)
            .is_some_and(|i| i.meta == b.meta && i.body == b.body)
        {
            changed.insert(b.path.clone());
        }
        for a in &b.articles {
            let same = ids.get(&a.path).is_some_and(|&o| {
                site.articles[o].meta == a.meta && site.articles[o].body == a.body
            });
            if !same {
                changed.insert(a.path.clone());
            }
        }
    }
    changed
}

/// How each new article relates to the old site.
pub(crate) struct Reuse {
    /// New article id → old id of the same file.
    pub old_of: Vec<Option<ArticleId>>,
    /// New article id → same file text, URL and summary card as before.
    pub same: Vec<bool>,
}

fn same_term(a: &Term, b: &Term) -> bool {
    a.name == b.name && a.slug == b.slug && a.url == b.url && a.articles.len() == b.articles.len()
}

/// [`Renderer::prepare`] for `new`, moving HTML and cards out of `old_p` wherever the
/// article's file and everything its card shows (URL, date, issue, rubric, tags) are
/// unchanged. `old` is the site `old_p` was prepared for (content may be taken out).
pub(crate) fn prepare(
    renderer: &Renderer,
    old: &Site,
    old_p: &mut Prepared,
    old_ids: &HashMap<PathBuf, ArticleId>,
    new: &Site,
    changed: &HashSet<PathBuf>,
) -> Result<(Prepared, Reuse), RenderError> {
    let old_of: Vec<Option<ArticleId>> = new
        .articles
        .iter()
        .map(|a| old_ids.get(&a.source_path).copied())
        .collect();
    let file_same: Vec<bool> = new
        .articles
        .iter()
        .zip(&old_of)
        .map(|(a, o)| o.is_some() && !changed.contains(&a.source_path))
        .collect();
    // The inputs of `pages::card`: the article's front matter (file), URL, date, its
    // issue's title and URL, its rubric and tags as term references.
    let card_same: Vec<bool> = (0..new.articles.len())
        .map(|n| {
            let (Some(o), true) = (old_of[n], file_same[n]) else {
                return false;
            };
            let (a, b) = (&new.articles[n], &old.articles[o]);
            let (ai, bi) = (&new.issues[a.issue], &old.issues[b.issue]);
            let rubric = match (a.rubric, b.rubric) {
                (None, None) => true,
                (Some(r), Some(q)) => same_term(&new.rubrics[r], &old.rubrics[q]),
                _ => false,
            };
            a.url == b.url
                && a.date == b.date
                && ai.url == bi.url
                && !changed.contains(&ai.source_path)
                && rubric
                && a.tags.len() == b.tags.len()
                && a.tags
                    .iter()
                    .zip(&b.tags)
                    .all(|(&t, &u)| same_term(&new.tags[t], &old.tags[u]))
        })
        .collect();
    let count = new.articles.len();
    let mut html = vec![String::new(); count];
    let mut cards = vec![serde_json::Value::Null; count];
    let mut list_items = vec![serde_json::Value::Null; count];
    for n in 0..count {
        if let (Some(o), true) = (old_of[n], file_same[n]) {
            html[n] = std::mem::take(&mut old_p.html[o]);
            if card_same[n] {
                cards[n] = std::mem::take(&mut old_p.cards[o]);
                list_items[n] = std::mem::take(&mut old_p.list_items[o]);
            }
        }
    }
    type Fresh = (usize, Option<String>, serde_json::Value, serde_json::Value);
    let fresh: Vec<Fresh> = (0..count)
        .into_par_iter()
        .filter(|&n| !card_same[n])
        .map(|n| {
            let a = &new.articles[n];
            let h = (!file_same[n]).then(|| renderer.body_html(&a.body, &new.issues[a.issue].slug));
            let card = renderer.card(new, n);
            let item = renderer.list_item(&card)?;
            Ok((n, h, card, item))
        })
        .collect::<Result<_, RenderError>>()?;
    let mut same = card_same;
    for (n, h, card, item) in fresh {
        if let Some(h) = h {
            html[n] = h;
        }
        // A card recomputed only because a term moved may still be identical.
        same[n] = file_same[n]
            && old_of[n].is_some_and(|o| {
                old_p.cards[o] == card && new.articles[n].url == old.articles[o].url
            });
        cards[n] = card;
        list_items[n] = item;
    }
    let old_issues: HashMap<&PathBuf, usize> = old
        .issues
        .iter()
        .enumerate()
        .map(|(i, x)| (&x.source_path, i))
        .collect();
    let intros = new
        .issues
        .iter()
        .map(|i| match old_issues.get(&i.source_path) {
            Some(&o) if !changed.contains(&i.source_path) => std::mem::take(&mut old_p.intros[o]),
            _ => renderer.intro_html(&i.body, &i.slug),
        })
        .collect();
    let prepared = Prepared {
        html,
        intros,
        cards,
        list_items,
        feed_html: Default::default(),
        common: renderer.common(new),
        highlighter: old_p.highlighter.clone(),
        assets: old_p.assets.clone(),
    };
    Ok((prepared, Reuse { old_of, same }))
}

type SitemapKey<'a> = (
    Vec<(&'a str, Option<Date>)>,
    Vec<(&'a str, Option<Date>)>,
    Vec<(&'a str, usize)>,
    Vec<(&'a str, usize)>,
    Vec<(&'a str, usize, Vec<(&'a str, usize)>)>,
);

fn term_lengths(l: &[Term]) -> Vec<(&str, usize)> {
    l.iter()
        .map(|t| (t.url.as_str(), t.articles.len()))
        .collect()
}

/// Everything `sitemap.xml` lists: page URLs (and list lengths, for paginated pages)
/// and dates.
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

impl Reuse {
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

    /// The article next to `n` in its issue (`delta` -1 or +1) is the same unchanged
    /// article as next to `o` before.
    fn same_neighbour(&self, old: &Site, new: &Site, n: ArticleId, o: ArticleId, d: isize) -> bool {
        let near = |s: &Site, id: ArticleId| {
            let a = &s.articles[id];
            a.position
                .checked_add_signed(d)
                .and_then(|p| s.issues[a.issue].articles.get(p).copied())
        };
        match (near(new, n), near(old, o)) {
            (None, None) => true,
            (Some(m), Some(k)) => self.same[m] && self.old_of[m] == Some(k),
            _ => false,
        }
    }
}

/// What an article page shows of the issues beside its own: their URLs and titles.
fn issue_neighbours(s: &Site, id: ArticleId) -> [Option<(&str, &str)>; 2] {
    let (older, newer) = s.issue_neighbours(s.articles[id].issue);
    [older, newer].map(|i| i.map(|i| (i.url.as_str(), i.meta.title.as_str())))
}

/// The feed URL part an article page shows: its rubric's URL.
fn rubric_url(s: &Site, id: ArticleId) -> Option<&str> {
    s.articles[id].rubric.map(|r| s.rubrics[r].url.as_str())
}

/// Split `jobs` of `new` into those to render and the output files to keep as they are.
pub(crate) fn select(
    old: &Site,
    new: &Site,
    reuse: &Reuse,
    changed: &HashSet<PathBuf>,
    jobs: Vec<Job>,
) -> (Vec<Job>, Vec<String>) {
    let per = new.config.paginate_by;
    let by_url = |terms: &'_ [Term]| -> HashMap<String, usize> {
        terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.url.clone(), i))
            .collect()
    };
    let (old_rubrics, old_tags) = (by_url(&old.rubrics), by_url(&old.tags));
    let old_issues: HashMap<&str, &Issue> =
        old.issues.iter().map(|i| (i.url.as_str(), i)).collect();
    let old_years: HashMap<&str, &Year> = old.years.iter().map(|y| (y.url.as_str(), y)).collect();
    let old_months: HashMap<&str, &Month> = old
        .years
        .iter()
        .flat_map(|y| &y.months)
        .map(|m| (m.url.as_str(), m))
        .collect();
    let same_sitemap = sitemap_key(old) == sitemap_key(new);

    let term_page = |t: &Term, olds: &[Term], index: &HashMap<String, usize>, page: usize| {
        let o = &olds[*index.get(&t.url)?];
        (o.name == t.name && reuse.same_page(&t.articles, &o.articles, page, per))
            .then(|| output_path(&page_url(&t.url, page)))
    };
    let term_feed = |t: &Term, olds: &[Term], index: &HashMap<String, usize>| {
        let o = &olds[*index.get(&t.url)?];
        (o.name == t.name && reuse.same_list(&t.articles, &o.articles)).then(|| {
            format!("{}rss.xml", t.url)
                .trim_start_matches('/')
                .to_string()
        })
    };
    let mut render = Vec::new();
    let mut kept = Vec::new();
    for job in jobs {
        let keep = match job {
            Job::Article(n) => reuse.old_of[n].and_then(|o| {
                (reuse.same[n]
                    && rubric_url(new, n) == rubric_url(old, o)
                    && issue_neighbours(new, n) == issue_neighbours(old, o)
                    && reuse.same_neighbour(old, new, n, o, -1)
                    && reuse.same_neighbour(old, new, n, o, 1))
                .then(|| output_path(&new.articles[n].url))
            }),
            Job::Rubric { term, page } => {
                term_page(&new.rubrics[term], &old.rubrics, &old_rubrics, page)
            }
            Job::Tag { term, page } => term_page(&new.tags[term], &old.tags, &old_tags, page),
            Job::RubricFeed(term) => term_feed(&new.rubrics[term], &old.rubrics, &old_rubrics),
            Job::TagFeed(term) => term_feed(&new.tags[term], &old.tags, &old_tags),
            Job::Issue(i) => {
                let n = &new.issues[i];
                old_issues.get(n.url.as_str()).and_then(|o| {
                    (o.source_path == n.source_path
                        && !changed.contains(&n.source_path)
                        && o.date == n.date
                        && reuse.same_list(&n.articles, &o.articles))
                    .then(|| output_path(&n.url))
                })
            }
            Job::Year { year, page } => {
                let y = &new.years[year];
                old_years.get(y.url.as_str()).and_then(|o| {
                    let months = |y: &Year| -> Vec<(String, usize)> {
                        y.months
                            .iter()
                            .map(|m| (m.url.clone(), m.articles.len()))
                            .collect()
                    };
                    (months(o) == months(y) && reuse.same_page(&y.articles, &o.articles, page, per))
                        .then(|| output_path(&page_url(&y.url, page)))
                })
            }
            Job::Month { year, month, page } => {
                let m = &new.years[year].months[month];
                old_months.get(m.url.as_str()).and_then(|o| {
                    reuse
                        .same_page(&m.articles, &o.articles, page, per)
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
