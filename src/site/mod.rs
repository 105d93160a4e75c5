//! The archive as a linked model: bulletins, articles, rubrics, tags and date archives,
//! each with its URL.
//!
//! Built once per build from [`Content`]; every list is computed
//! here, once, so rendering a page never scans the whole archive. Every collection is
//! sorted, so output is byte-identical by construction.

mod paginate;
pub mod urls;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use paginate::{page, page_url, page_window, paginate, Pager, PAGER_RADIUS};
pub use urls::{ARCHIVE_PATH, ISSUES_PATH, PAGE_PATH, RUBRICS_PATH, TAGS_PATH};

use crate::config::{rubric_key, Config};
use crate::content::{ArticleMeta, BulletinMeta, Content, Date};
use crate::diag::Diagnostic;
use crate::slug::{slugify, SlugRegistry};

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
    /// Link loaded content into a site.
    pub fn new(config: Config, content: Content) -> Site {
        let mut warnings = content.warnings;
        let mut issues = Vec::new();
        let mut articles = Vec::new();
        let mut bulletins = content.bulletins;
        // Newest issue first; an issue without a date goes by its newest article.
        let issue_date = |b: &crate::content::Bulletin| {
            b.meta
                .date
                .or_else(|| b.articles.iter().filter_map(|a| a.meta.date).max())
        };
        bulletins.sort_by(|a, b| {
            issue_date(b)
                .cmp(&issue_date(a))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        for b in bulletins {
            let issue_id = issues.len();
            let mut undated: Vec<PathBuf> = Vec::new();
            let mut slugs = SlugRegistry::new();
            let mut ids = Vec::new();
            for (position, a) in b.articles.into_iter().enumerate() {
                // Every URL segment is a slug, whatever the file is called.
                let file_slug = slugify(&a.file_slug);
                let base = if file_slug.is_empty() {
                    slugify(&a.meta.title)
                } else {
                    file_slug
                };
                let slug = slugs.assign_with_base(&a.path.to_string_lossy(), &base);
                for c in slugs
                    .collisions()
                    .iter()
                    .filter(|c| c.renamed == a.path.to_string_lossy())
                {
                    warnings.push(
                        Diagnostic::new(
                            &a.path,
                            format!(
                                "its URL slug `{}` is taken by {}; it gets `{}`",
                                c.slug, c.kept, c.assigned
                            ),
                        )
                        .with_hint("rename one of the files"),
                    );
                }
                let date = a.meta.date.or(b.meta.date);
                if date.is_none() {
                    undated.push(a.path.clone());
                }
                let mut meta = a.meta;
                if meta.tags.len() > MAX_TAGS {
                    warnings.push(
                        Diagnostic::new(
                            &a.path,
                            format!(
                                "{} tags; only the first {MAX_TAGS} are published",
                                meta.tags.len()
                            ),
                        )
                        .with_hint("keep the tags that matter most"),
                    );
                    meta.tags.truncate(MAX_TAGS);
                }
                ids.push(articles.len());
                articles.push(Article {
                    url: urls::article(&b.slug, &slug),
                    slug,
                    meta,
                    body: a.body,
                    body_in_file: a.body_in_file,
                    source_path: a.path,
                    issue: issue_id,
                    position,
                    date,
                    rubric: None,
                    tags: Vec::new(),
                });
            }
            let date = b
                .meta
                .date
                .or_else(|| ids.iter().filter_map(|&i| articles[i].date).max());
            if !undated.is_empty() {
                warnings.push(undated_warning(&b.path, &b.meta, date, &undated));
            }
            issues.push(Issue {
                url: urls::issue(&b.slug),
                slug: b.slug,
                meta: b.meta,
                body: b.body,
                source_path: b.path,
                articles: ids,
                date,
            });
        }

        let mut latest: Vec<ArticleId> = (0..articles.len()).collect();
        latest.sort_by(|&x, &y| newest_first(&articles, x, y));

        // `site.yaml` names rubrics and the other spellings that mean them.
        let canonical: BTreeMap<String, &str> = config
            .rubrics
            .iter()
            .flat_map(|r| {
                std::iter::once(&r.name)
                    .chain(&r.aliases)
                    .map(move |n| (rubric_key(n), r.name.as_str()))
            })
            .collect();
        let mut rubrics = link_terms(
            &mut articles,
            &latest,
            RUBRICS_PATH,
            "rubric",
            &mut warnings,
            |a| {
                a.meta
                    .section
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        if canonical.is_empty() {
                            return s.to_string();
                        }
                        canonical
                            .get(&rubric_key(s))
                            .copied()
                            .unwrap_or(s)
                            .to_string()
                    })
                    .collect()
            },
        );
        order_rubrics(&mut rubrics, &config.rubrics);
        for (ti, t) in rubrics.iter().enumerate() {
            for &a in &t.articles {
                articles[a].rubric = Some(ti);
            }
        }
        let tags = link_terms(
            &mut articles,
            &latest,
            TAGS_PATH,
            "tag",
            &mut warnings,
            |a| {
                a.meta
                    .tags
                    .iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            },
        );
        for (ti, t) in tags.iter().enumerate() {
            for &a in &t.articles {
                articles[a].tags.push(ti);
            }
        }
        for a in &mut articles {
            // Keep the order the front matter gives.
            let order: Vec<String> = a.meta.tags.iter().map(|s| s.trim().to_string()).collect();
            a.tags
                .sort_by_key(|&t| order.iter().position(|n| *n == tags[t].name));
            a.tags.dedup();
        }

        let years = date_archive(&articles, &latest);
        let issue_years = issue_years(&issues);
        Site {
            config,
            issues,
            articles,
            latest,
            rubrics,
            tags,
            years,
            issue_years,
            warnings,
        }
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

/// One warning per bulletin for its articles without a date, with a date to add taken
/// from the bulletin itself: another article's date, or its year.
fn undated_warning(
    index: &std::path::Path,
    meta: &BulletinMeta,
    known: Option<Date>,
    undated: &[PathBuf],
) -> Diagnostic {
    let names: Vec<String> = undated
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let shown = if names.len() > 5 {
        format!("{}, …", names[..5].join(", "))
    } else {
        names.join(", ")
    };
    let (which, they) = if names.len() == 1 {
        (format!("article {shown} has"), "it is")
    } else {
        (
            format!("{} articles ({shown}) have", names.len()),
            "they are",
        )
    };
    let suggestion = match (known, meta.year) {
        (Some(d), _) => format!(
            "add `date: {}` (the date of another article of this bulletin) here",
            d.to_iso().split('T').next().unwrap_or_default()
        ),
        (None, Some(y)) => {
            format!("add `date: {y}-MM-DD` here, the day this {y} bulletin was published")
        }
        (None, None) => {
            "add `date:` with the day the bulletin was published, such as `date: 2022-09-15`, here"
                .into()
        }
    };
    Diagnostic::new(
        index,
        format!("{which} no date, and neither has this _index.md; {they} left out of date archives and feeds"),
    )
    .with_hint(format!("{suggestion}, or to each article"))
}

/// Newest first; within one date, an issue's articles keep the issue's order (`weight`),
/// and issues of the same date go by slug, so lists and feeds read like the issue does.
fn newest_first(articles: &[Article], x: ArticleId, y: ArticleId) -> std::cmp::Ordering {
    let (a, b) = (&articles[x], &articles[y]);
    b.date
        .cmp(&a.date)
        .then_with(|| a.issue.cmp(&b.issue))
        .then_with(|| a.position.cmp(&b.position))
}

/// Group articles by the names `names_of` gives, assign unique slugs, warn on collisions.
fn link_terms(
    articles: &mut [Article],
    latest: &[ArticleId],
    base: &str,
    kind: &str,
    warnings: &mut Vec<Diagnostic>,
    names_of: impl Fn(&Article) -> Vec<String>,
) -> Vec<Term> {
    let mut by_name: BTreeMap<String, Vec<ArticleId>> = BTreeMap::new();
    for &id in latest {
        for name in names_of(&articles[id]) {
            let list = by_name.entry(name).or_default();
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
    }
    // Claim slugs in a stable order: by folded slug, then by name.
    let mut names: Vec<(String, String)> =
        by_name.keys().map(|n| (slugify(n), n.clone())).collect();
    names.sort();
    let mut registry = SlugRegistry::new();
    let mut terms = Vec::new();
    for (_, name) in names {
        let slug = registry.assign(&name);
        let articles = by_name.remove(&name).unwrap_or_default();
        terms.push(Term {
            url: urls::term(base, &slug),
            name,
            slug,
            articles,
            description: None,
        });
    }
    for c in registry.collisions() {
        let example = terms
            .iter()
            .find(|t| t.name == c.renamed)
            .and_then(|t| t.articles.first())
            .map(|&a| articles[a].source_path.clone());
        warnings.push(
            Diagnostic::new(
                example.unwrap_or_default(),
                format!(
                    "{kind} `{}` and {kind} `{}` both fold to the slug `{}`; `{}` gets `{}`",
                    c.kept, c.renamed, c.slug, c.renamed, c.assigned
                ),
            )
            .with_hint(format!(
                "if they are the same {kind}, spell them the same way"
            )),
        );
    }
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    terms
}

/// Put the rubrics `site.yaml` lists first, in its order and with its descriptions; the
/// others follow in slug order.
fn order_rubrics(rubrics: &mut [Term], listed: &[crate::config::RubricConfig]) {
    let rank = |t: &Term| {
        listed
            .iter()
            .position(|r| r.name == t.name)
            .unwrap_or(listed.len())
    };
    rubrics.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.slug.cmp(&b.slug)));
    for t in rubrics.iter_mut() {
        t.description = listed
            .iter()
            .find(|r| r.name == t.name)
            .and_then(|r| r.description.clone());
    }
}

/// The years of `issues` (in list order), each with its first issue and count.
fn issue_years(issues: &[Issue]) -> Vec<IssueYear> {
    let mut out: Vec<IssueYear> = Vec::new();
    for (i, issue) in issues.iter().enumerate() {
        let year = issue.year();
        match out.iter_mut().find(|y| y.year == year) {
            Some(y) => y.count += 1,
            None => out.push(IssueYear {
                year,
                first: i,
                count: 1,
            }),
        }
    }
    out
}

fn date_archive(articles: &[Article], latest: &[ArticleId]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for &id in latest {
        let Some(d) = articles[id].date else { continue };
        let (y, m) = (d.year(), d.month());
        if years.last().map(|l| l.year) != Some(y) {
            years.push(Year {
                year: y,
                url: urls::year(y),
                months: Vec::new(),
                articles: Vec::new(),
            });
        }
        let year = years.last_mut().expect("just pushed");
        year.articles.push(id);
        if year.months.last().map(|l| l.month) != Some(m) {
            year.months.push(Month {
                month: m,
                url: urls::month(y, m),
                articles: Vec::new(),
            });
        }
        year.months
            .last_mut()
            .expect("just pushed")
            .articles
            .push(id);
    }
    years
}
