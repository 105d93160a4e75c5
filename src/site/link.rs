//! Linking content into a [`Site`], in two steps: each bulletin on its own
//! ([`link_bulletin`]: its articles' slugs, URLs and dates, and what is wrong with them),
//! then the whole site ([`assemble`]: issues in order, ids, the newest-first list,
//! rubrics, tags, date archives). A re-link after an edit links again only the bulletins
//! that changed and assembles the site from them and the others as they were
//! ([`Site::into_linked`]), so its cost is that of the second step.

use std::collections::BTreeMap;

// Term names are hashed once per article and term at every re-link: FxHash, not SipHash.
use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

use super::{urls, Article, ArticleId, Issue, IssueYear, Month, Site, Term, Year, MAX_TAGS};
use super::{RUBRICS_PATH, TAGS_PATH};
use crate::config::{rubric_key, Config};
use crate::content::{Bulletin, BulletinMeta, Date};
use crate::diag::Diagnostic;
use crate::slug::{slugify, SlugRegistry};

/// One bulletin linked on its own: its issue (no article ids yet) and its articles in
/// issue order (not yet given their issue, rubric and tags).
#[derive(Debug)]
pub(crate) struct LinkedIssue {
    pub(crate) issue: Issue,
    pub(crate) articles: Vec<Article>,
    /// The ids its articles had in the site it was taken from, when it is moved over
    /// unchanged ([`Site::into_linked`]): their `rubric` and `tags` are then that site's
    /// term ids, which [`assemble`] reads instead of the names ([`Previous`]).
    pub(crate) was: Option<std::ops::Range<ArticleId>>,
}

/// The term names of the site a re-link starts from, by id: what the `rubric` and `tags`
/// ids of the articles it moves over unchanged mean. With them, [`assemble`] groups those
/// articles by id, reading one name per term rather than every article's names (the
/// name strings are scattered in memory: reading them was most of a re-link).
#[derive(Debug, Default)]
pub(crate) struct Previous {
    /// Rubric names, `None` when the rubrics must be named again from the articles' files
    /// (`site.yaml` changed the names rubrics go by).
    pub(crate) rubrics: Option<Vec<String>>,
    pub(crate) tags: Vec<String>,
}

impl LinkedIssue {
    /// Its content again, to be edited and linked again with [`link_bulletin`] (the front
    /// matter as linked: tags over [`MAX_TAGS`] are already cut).
    pub(crate) fn into_bulletin(self) -> Bulletin {
        let i = self.issue;
        Bulletin {
            slug: i.slug,
            path: i.source_path,
            meta: i.meta,
            body: i.body,
            articles: self
                .articles
                .into_iter()
                .map(|a| {
                    let stem = a.source_path.file_stem().and_then(|s| s.to_str());
                    crate::content::Article {
                        file_slug: crate::content::strip_order_prefix(stem.unwrap_or(""))
                            .to_string(),
                        path: a.source_path,
                        meta: a.meta,
                        body: a.body,
                        body_in_file: a.body_in_file,
                    }
                })
                .collect(),
        }
    }
}

impl Site {
    /// The site split back into its bulletins as linked, by issue id, with the names of
    /// its terms (`rubrics_kept`: whether its rubric ids may be kept).
    pub(crate) fn into_linked(self, rubrics_kept: bool) -> (Vec<LinkedIssue>, Previous) {
        let names = |terms: Vec<Term>| terms.into_iter().map(|t| t.name).collect();
        let previous = Previous {
            rubrics: rubrics_kept.then(|| names(self.rubrics)),
            tags: names(self.tags),
        };
        let mut articles = self.articles.into_iter();
        let mut start = 0;
        let linked = self
            .issues
            .into_iter()
            .map(|mut issue| {
                // Ids are given issue by issue ([`assemble`]): an issue's are contiguous.
                let n = std::mem::take(&mut issue.articles).len();
                start += n;
                LinkedIssue {
                    issue,
                    articles: articles.by_ref().take(n).collect(),
                    was: Some(start - n..start),
                }
            })
            .collect();
        (linked, previous)
    }
}

/// Link one bulletin: its articles' slugs (unique within it), URLs and dates.
pub(crate) fn link_bulletin(b: Bulletin) -> LinkedIssue {
    let mut warnings = Vec::new();
    let mut undated: Vec<PathBuf> = Vec::new();
    let mut slugs = SlugRegistry::new();
    let mut articles = Vec::with_capacity(b.articles.len());
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
        articles.push(Article {
            url: urls::article(&b.slug, &slug),
            slug,
            meta,
            body: a.body,
            body_in_file: a.body_in_file,
            source_path: a.path,
            issue: 0,
            position,
            date,
            rubric: None,
            tags: Vec::new(),
        });
    }
    let date = b
        .meta
        .date
        .or_else(|| articles.iter().filter_map(|a| a.date).max());
    if !undated.is_empty() {
        warnings.push(undated_warning(&b.path, &b.meta, date, &undated));
    }
    LinkedIssue {
        issue: Issue {
            url: urls::issue(&b.slug),
            slug: b.slug,
            meta: b.meta,
            body: b.body,
            source_path: b.path,
            articles: Vec::new(),
            date,
            warnings,
        },
        articles,
        was: None,
    }
}

/// Put linked bulletins together into a site: issues newest first (an issue without a
/// date goes by its newest article), ids in that order, then the lists of the whole site.
/// `warnings` (of loading) come first, then each issue's, then the terms'. Also returns,
/// by new id, the id each article moved over unchanged had before ([`LinkedIssue::was`]),
/// whose term ids `previous` names.
pub(crate) fn assemble(
    config: Config,
    mut linked: Vec<LinkedIssue>,
    mut warnings: Vec<Diagnostic>,
    previous: &Previous,
) -> (Site, Vec<Option<ArticleId>>) {
    linked.sort_by(|a, b| {
        (b.issue.date.cmp(&a.issue.date)).then_with(|| a.issue.slug.cmp(&b.issue.slug))
    });
    let total = linked.iter().map(|l| l.articles.len()).sum();
    let mut issues = Vec::with_capacity(linked.len());
    let mut articles: Vec<Article> = Vec::with_capacity(total);
    let mut was: Vec<Option<ArticleId>> = Vec::with_capacity(total);
    for (issue_id, l) in linked.into_iter().enumerate() {
        let mut issue = l.issue;
        warnings.extend(issue.warnings.iter().cloned());
        issue.articles = (articles.len()..articles.len() + l.articles.len()).collect();
        match l.was {
            Some(r) => was.extend(r.map(Some)),
            None => was.resize(was.len() + l.articles.len(), None),
        }
        articles.extend(l.articles.into_iter().map(|mut a| {
            a.issue = issue_id;
            a
        }));
        issues.push(issue);
    }

    let mut latest: Vec<ArticleId> = (0..articles.len()).collect();
    latest.sort_by(|&x, &y| newest_first(&articles, x, y));

    let known_rubrics = KnownTerms {
        names: previous.rubrics.as_deref(),
        of: rubric_ids,
        was: &was,
    };
    let (mut rubrics, _) = link_terms(
        (&articles, &latest),
        TermKind {
            base: RUBRICS_PATH,
            kind: "rubric",
            per_article: false,
        },
        &mut warnings,
        (
            rubric_names(&config, &articles, &known_rubrics),
            known_rubrics,
        ),
    );
    order_rubrics(&mut rubrics, &config.rubrics);
    let (tags, tags_of) = link_terms(
        (&articles, &latest),
        TermKind {
            base: TAGS_PATH,
            kind: "tag",
            per_article: true,
        },
        &mut warnings,
        (
            tag_names,
            KnownTerms {
                names: Some(&previous.tags),
                of: tag_ids,
                was: &was,
            },
        ),
    );
    articles.iter_mut().for_each(|a| a.rubric = None);
    for (ti, t) in rubrics.iter().enumerate() {
        for &a in &t.articles {
            articles[a].rubric = Some(ti);
        }
    }
    for (a, linked) in articles.iter_mut().zip(tags_of) {
        a.tags = linked;
    }

    let years = date_archive(&articles, &latest);
    let issue_years = issue_years(&issues);
    let site = Site {
        config,
        issues,
        articles,
        latest,
        rubrics,
        tags,
        years,
        issue_years,
        warnings,
    };
    (site, was)
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

/// An article's rubric id, as [`KnownTerms::of`] for rubrics.
fn rubric_ids(a: &Article) -> &[usize] {
    a.rubric.as_slice()
}

/// An article's tag ids, as [`KnownTerms::of`] for tags.
fn tag_ids(a: &Article) -> &[usize] {
    a.tags.as_slice()
}

/// The tags of an article as `names_of` for [`link_terms`].
fn tag_names(a: &Article) -> Vec<&str> {
    a.meta
        .tags
        .iter()
        .map(|s| trimmed(s))
        .filter(|s| !s.is_empty())
        .collect()
}

/// `s.trim()`, looking at one character at each end when neither is whitespace (names
/// almost never have any): `str::trim`'s general searcher was a good part of linking the
/// terms of 10k articles.
fn trimmed(s: &str) -> &str {
    let mut cs = s.chars();
    match (cs.next(), cs.next_back()) {
        (Some(a), Some(b)) if !a.is_whitespace() && !b.is_whitespace() => s,
        (Some(a), None) if !a.is_whitespace() => s,
        _ => s.trim(),
    }
}

/// The rubric of each article as `names_of` for [`link_terms`]: its `section`, or the
/// name `site.yaml` gives that spelling (folded once per spelling, not per article).
fn rubric_names<'a>(
    config: &'a Config,
    articles: &'a [Article],
    known: &KnownTerms<'_>,
) -> impl Fn(&'a Article) -> Vec<&'a str> {
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
    let mut name_of: HashMap<&str, &str> = HashMap::default();
    // Only the spellings of articles named again (the others go by their term id).
    for a in articles
        .iter()
        .enumerate()
        .filter(|&(id, a)| known.ids(id, a).is_none())
        .map(|(_, a)| a)
    {
        let Some(s) = a.meta.section.as_deref().map(trimmed) else {
            continue;
        };
        if !s.is_empty() && !name_of.contains_key(s) {
            let name = canonical.get(&rubric_key(s)).copied().unwrap_or(s);
            name_of.insert(s, name);
        }
    }
    move |a: &'a Article| {
        a.meta
            .section
            .iter()
            .filter_map(|s| name_of.get(trimmed(s)).copied())
            .collect()
    }
}

/// What kind of term [`link_terms`] links: where its pages are, its name in warnings,
/// and whether each article's terms are returned.
struct TermKind<'k> {
    base: &'k str,
    kind: &'k str,
    per_article: bool,
}

/// The articles whose terms are known by the ids of the site before a re-link
/// ([`Previous`]): those moved over unchanged (`was`), when the old ids may be kept
/// (`names`, what they mean); `of` reads an article's ids.
struct KnownTerms<'a> {
    names: Option<&'a [String]>,
    of: fn(&Article) -> &[usize],
    was: &'a [Option<ArticleId>],
}

impl KnownTerms<'_> {
    /// The old term ids of article `id` (`a`), when they stand for its terms.
    fn ids<'x>(&self, id: ArticleId, a: &'x Article) -> Option<&'x [usize]> {
        (self.names.is_some() && self.was[id].is_some()).then(|| (self.of)(a))
    }
}

/// Group articles by the names `names_of` gives (or, for the articles `known` keeps, by
/// the names their old term ids stand for), assign unique slugs, warn on collisions.
/// With `per_article`, also returns each article's terms in the order `names_of` gives
/// them, each once (so each name is read and hashed once per article, not once more to
/// find its term: those reads were most of a re-link at 10k articles).
fn link_terms<'a>(
    (articles, latest): (&'a [Article], &[ArticleId]),
    TermKind {
        base,
        kind,
        per_article,
    }: TermKind<'_>,
    warnings: &mut Vec<Diagnostic>,
    (names_of, known): (impl Fn(&'a Article) -> Vec<&'a str>, KnownTerms<'a>),
) -> (Vec<Term>, Vec<Vec<usize>>) {
    // Names in the order first seen, with their articles; `group` finds a name's.
    let mut groups: Vec<(&str, Vec<ArticleId>)> = Vec::new();
    let mut group: HashMap<&str, usize> = HashMap::default();
    let mut group_of = |name: &'a str, groups: &mut Vec<(&'a str, Vec<ArticleId>)>| {
        *group.entry(name).or_insert_with(|| {
            groups.push((name, Vec::new()));
            groups.len() - 1
        })
    };
    let mut of_article: Vec<Vec<usize>> = vec![Vec::new(); articles.len() * per_article as usize];
    // The group of each old term id, looked up once per id rather than once per article.
    let old_names = known.names.unwrap_or_default();
    let mut group_of_old: Vec<Option<usize>> = vec![None; old_names.len()];
    // The groups of one article's names (a buffer kept from one article to the next).
    let mut gs: Vec<usize> = Vec::new();
    for &id in latest {
        let a = &articles[id];
        gs.clear();
        if let Some(old_ids) = known.ids(id, a) {
            for &old in old_ids {
                let Some(slot) = group_of_old.get_mut(old) else {
                    continue;
                };
                gs.push(*slot.get_or_insert_with(|| group_of(&old_names[old], &mut groups)));
            }
        } else {
            for name in names_of(a) {
                gs.push(group_of(name, &mut groups));
            }
        }
        for &g in &gs {
            let list = &mut groups[g].1;
            if list.last() != Some(&id) {
                list.push(id);
            }
            if per_article && !of_article[id].contains(&g) {
                of_article[id].push(g);
            }
        }
    }
    // Claim slugs in a stable order: by folded slug, then by name.
    let mut names: Vec<(String, &str, usize)> = groups
        .iter()
        .enumerate()
        .map(|(g, (n, _))| (slugify(n), *n, g))
        .collect();
    names.sort();
    let mut registry = SlugRegistry::new();
    let mut terms = Vec::new();
    for (_, name, g) in names {
        let slug = registry.assign(name);
        let articles = std::mem::take(&mut groups[g].1);
        terms.push((
            g,
            Term {
                url: urls::term(base, &slug),
                name: name.to_string(),
                slug,
                articles,
                description: None,
            },
        ));
    }
    terms.sort_by(|a, b| a.1.slug.cmp(&b.1.slug));
    let mut index_of = vec![0; groups.len()];
    for (i, (g, _)) in terms.iter().enumerate() {
        index_of[*g] = i;
    }
    let terms: Vec<Term> = terms.into_iter().map(|(_, t)| t).collect();
    for list in &mut of_article {
        list.iter_mut().for_each(|g| *g = index_of[*g]);
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
    (terms, of_article)
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
