//! Template contexts for each kind of page.
//!
//! Links in contexts are root-relative and include the `base_url` path, so a site under
//! `https://example.org/ban-tin/` works when opened from any page. Cards (an article's
//! summary as lists show it) are built once per build and cloned into list pages.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::dates::{long_date, month_name, short_date};
use super::jobs::Job;
use super::{Prepared, RenderError};
use crate::site::{page_url, urls, ArticleId, Site, Term};

/// How many tags the home page shows.
const HOME_TAGS: usize = 30;
/// How many issues the home page shows.
const HOME_ISSUES: usize = 6;

// ---- What every page gets ---------------------------------------------------------

/// Values every page gets, by name: `config`, `t` (interface words), `lang`, `nav` (links
/// of the site's own pages and feeds), `rubrics`. `render::deps` fingerprints each of
/// them separately, so a page depends only on the ones its templates mention.
#[derive(Serialize)]
struct Common<'a> {
    config: ConfigCtx<'a>,
    t: &'a BTreeMap<String, String>,
    lang: &'a str,
    nav: Nav,
    rubrics: Vec<TermRef<'a>>,
}

/// `config`: the settings of `site.yaml` that templates read.
#[derive(Serialize)]
struct ConfigCtx<'a> {
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
    description: &'a Option<String>,
    extra: &'a BTreeMap<String, Value>,
    editorial_flags: bool,
    search: bool,
}

/// `nav`: links (with the `base_url` path) to the site's own pages, feeds and files.
#[derive(Serialize)]
struct Nav {
    home: String,
    issues: String,
    rubrics: String,
    tags: String,
    archive: String,
    rss: String,
    atom: String,
    json_feed: String,
    stylesheet: String,
    favicon: String,
    search: String,
    search_script: String,
    search_index: String,
}

/// `page`: what the layout needs of every page.
#[derive(Serialize)]
struct PageMeta<'a> {
    title: String,
    url: String,
    permalink: String,
    kind: &'a str,
    /// The page's own feed (a rubric's, a tag's, the issues'), or null.
    feed: Option<String>,
    feed_title: Option<String>,
    description: Option<String>,
    og_type: &'a str,
}

/// Values every page gets, as the map each page's context starts from.
pub(super) fn common(site: &Site, words: &BTreeMap<String, String>) -> Map<String, Value> {
    let c = &site.config;
    let link = |p: &str| c.link(p);
    to_map(&Common {
        config: ConfigCtx {
            title: &c.title,
            base_url: &c.base_url,
            language: &c.language,
            description: &c.description,
            extra: &c.extra,
            editorial_flags: c.editorial_flags,
            search: c.search,
        },
        t: words,
        lang: &c.language,
        nav: Nav {
            home: link(&urls::home()),
            issues: link(&urls::issues()),
            rubrics: link(&urls::rubrics()),
            tags: link(&urls::tags()),
            archive: link(&urls::archive()),
            rss: link(urls::SITE_RSS),
            atom: link(urls::SITE_ATOM),
            json_feed: link(urls::SITE_JSON_FEED),
            stylesheet: link(urls::STYLESHEET),
            favicon: link(urls::FAVICON),
            search: link(&urls::search()),
            search_script: link(urls::SEARCH_SCRIPT),
            search_index: link(&urls::search_index()),
        },
        rubrics: site.rubrics.iter().map(|t| term_ref(site, t)).collect(),
    })
}

/// A context struct as the object templates see (tera works on serde_json values).
fn to_map(v: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(v) {
        Ok(Value::Object(m)) => m,
        _ => unreachable!("template contexts are structs of plain data"),
    }
}

// ---- References: how one page shows another ---------------------------------------

/// A rubric or tag as lists of terms show it.
#[derive(Serialize)]
struct TermRef<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    description: &'a Option<String>,
    feed: String,
}

fn term_ref<'a>(site: &Site, t: &'a Term) -> TermRef<'a> {
    TermRef {
        name: &t.name,
        slug: &t.slug,
        url: site.config.link(&t.url),
        count: t.articles.len(),
        description: &t.description,
        feed: site.config.link(&urls::feed_of(&t.url)),
    }
}

/// An issue as lists of issues show it.
#[derive(Serialize)]
struct IssueRef<'a> {
    title: &'a str,
    url: String,
    series: &'a Option<String>,
    number: Option<u32>,
    year: Option<i32>,
    publisher: &'a Option<String>,
    date: Option<String>,
    date_display: Option<String>,
    count: usize,
}

fn issue_ref<'a>(site: &Site, issue: &'a crate::site::Issue) -> IssueRef<'a> {
    let lang = site.config.language.as_str();
    IssueRef {
        title: &issue.meta.title,
        url: site.config.link(&issue.url),
        series: &issue.meta.series,
        number: issue.meta.issue,
        year: issue.meta.year,
        publisher: &issue.meta.publisher,
        date: issue.date.map(|d| d.to_iso()),
        date_display: issue.date.map(|d| long_date(&d, lang)),
        count: issue.articles.len(),
    }
}

/// A title and a link: an issue on a card, an article's neighbours, the issues beside
/// its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Link {
    /// The page's title.
    pub title: String,
    /// Its link (with the `base_url` path).
    pub url: String,
}

/// A card's rubric: name and link only (a rubric's size is not part of what a card
/// shows, so an article added to a rubric does not change every card of it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct CardRubric {
    /// The rubric's name.
    pub name: String,
    /// Its slug.
    pub slug: String,
    /// Its page.
    pub url: String,
}

/// A card's tag: name and link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct CardTag {
    /// The tag's name.
    pub name: String,
    /// Its page.
    pub url: String,
}

/// An article's summary as lists show it (`card.html` gets it as `a`), and the fields an
/// article page starts from. Built once per article and kept between rebuilds by `serve`;
/// `render::deps` fingerprints it whole (it derives `Hash`), so every field here is an
/// input of every list that shows the article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Card {
    /// The article's title.
    pub title: String,
    /// Its page.
    pub url: String,
    /// ISO 8601 date, when dated.
    pub date: Option<String>,
    /// The date written out in the site's language.
    pub date_display: Option<String>,
    /// The date in short form.
    pub date_short: Option<String>,
    /// The front matter's summary.
    pub summary: Option<String>,
    /// The authors.
    pub authors: Vec<String>,
    /// The rubric, when it has one.
    pub section: Option<CardRubric>,
    /// The issue it belongs to.
    pub issue: Link,
    /// Its tags.
    pub tags: Vec<CardTag>,
}

/// An article's summary as lists show it.
pub(super) fn card(site: &Site, id: ArticleId) -> Card {
    let a = site.article(id);
    let issue = site.issue_of(id);
    let lang = site.config.language.as_str();
    let link = |u: &str| site.config.link(u);
    Card {
        title: a.meta.title.clone(),
        url: link(&a.url),
        date: a.date.map(|d| d.to_iso()),
        date_display: a.date.map(|d| long_date(&d, lang)),
        date_short: a.date.map(|d| short_date(&d, lang)),
        summary: a.meta.summary.clone(),
        authors: a.meta.authors.clone(),
        section: a.rubric.map(|r| {
            let t = &site.rubrics[r];
            CardRubric {
                name: t.name.clone(),
                slug: t.slug.clone(),
                url: link(&t.url),
            }
        }),
        issue: Link {
            title: issue.meta.title.clone(),
            url: link(&issue.url),
        },
        tags: a
            .tags
            .iter()
            .map(|&t| CardTag {
                name: site.tags[t].name.clone(),
                url: link(&site.tags[t].url),
            })
            .collect(),
    }
}

/// An article's card rendered once through `card.html`, kept per article in
/// [`Prepared::list_items`]. Only the HTML is kept: the other fields a list shows are the
/// article's own, read from the site when a list is rendered, so a large archive keeps
/// the text of its cards and nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ListEntry {
    /// The card's HTML.
    pub card: Box<str>,
}

/// An article as a list template sees it: its card and the fields lists use besides it.
#[derive(Serialize)]
struct ListItem<'a> {
    title: &'a str,
    url: String,
    date: Option<String>,
    authors: &'a [String],
    card: &'a str,
}

/// List entries (pre-rendered cards) of `ids`.
fn cards<'a>(site: &'a Site, p: &'a Prepared, ids: &[ArticleId]) -> Vec<ListItem<'a>> {
    ids.iter()
        .map(|&i| {
            let a = site.article(i);
            ListItem {
                title: &a.meta.title,
                url: site.config.link(&a.url),
                date: a.date.map(|d| d.to_iso()),
                authors: &a.meta.authors,
                card: &p.list_items[i].card,
            }
        })
        .collect()
}

/// A pager for templates: previous/next links and a window of numbered pages.
#[derive(Serialize)]
struct Pager {
    number: usize,
    total: usize,
    pages: Vec<PagerEntry>,
    first: String,
    last: String,
    prev: Option<String>,
    next: Option<String>,
}

/// One place of a pager's window: a numbered page, or `{gap: true}` where numbers are
/// skipped.
#[derive(Serialize)]
#[serde(untagged)]
enum PagerEntry {
    Page {
        number: usize,
        url: String,
        current: bool,
    },
    Gap {
        gap: bool,
    },
}

fn pager<T>(site: &Site, pg: &crate::site::Pager<'_, T>) -> Pager {
    let link = |u: &str| site.config.link(u);
    let pages = crate::site::page_window(pg.number, pg.total, crate::site::PAGER_RADIUS)
        .into_iter()
        .map(|n| match n {
            Some(n) => PagerEntry::Page {
                number: n,
                url: link(&page_url(&pg.base, n)),
                current: n == pg.number,
            },
            None => PagerEntry::Gap { gap: true },
        })
        .collect();
    Pager {
        number: pg.number,
        total: pg.total,
        pages,
        first: link(&pg.base),
        last: link(&page_url(&pg.base, pg.total)),
        prev: pg.prev.as_deref().map(link),
        next: pg.next.as_deref().map(link),
    }
}

/// A month of a year, as the archive and a year's page list them.
#[derive(Serialize)]
struct MonthRef {
    name: String,
    url: String,
    count: usize,
}

fn months(site: &Site, y: &crate::site::Year) -> Vec<MonthRef> {
    let lang = site.config.language.as_str();
    y.months
        .iter()
        .map(|m| MonthRef {
            name: month_name(y.year, m.month, lang),
            url: site.config.link(&m.url),
            count: m.articles.len(),
        })
        .collect()
}

// ---- Each kind of page -------------------------------------------------------------

/// The context of one kind of page, beside `common` and `page`.
#[derive(Serialize)]
#[serde(untagged)]
enum PageCtx<'a> {
    Home(HomePage<'a>),
    Issues(IssuesPage<'a>),
    Issue(IssuePage<'a>),
    Article(Box<ArticlePage<'a>>),
    Terms(TermsPage<'a>),
    Term(TermPage<'a>),
    Archive(ArchivePage),
    Year(YearPage<'a>),
    Month(MonthPage<'a>),
    /// `404.html`, the search page: `common` and `page` only.
    Plain {},
}

/// `index.html`: the latest articles, issues and most used tags.
#[derive(Serialize)]
struct HomePage<'a> {
    articles: Vec<ListItem<'a>>,
    issues: Vec<IssueRef<'a>>,
    tags: Vec<TermRef<'a>>,
}

/// `issues.html`: issues by year, a page of them at a time.
#[derive(Serialize)]
struct IssuesPage<'a> {
    years: Vec<IssueYearGroup<'a>>,
    year_index: Vec<YearIndexEntry>,
    feed: String,
    feed_title: String,
    pager: Pager,
}

/// The issues of one year on a page of the list of issues.
#[derive(Serialize)]
struct IssueYearGroup<'a> {
    year: Option<i32>,
    anchor: String,
    /// The year began on an earlier page.
    continued: bool,
    issues: Vec<IssueRef<'a>>,
}

/// A year in the index of years above the list of issues.
#[derive(Serialize)]
struct YearIndexEntry {
    year: Option<i32>,
    count: usize,
    anchor: String,
    url: String,
    /// The year starts on this page.
    here: bool,
}

/// `issue.html`: an issue's table of contents by rubric.
#[derive(Serialize)]
struct IssuePage<'a> {
    issue: IssueCtx<'a>,
    groups: Vec<RubricGroup<'a>>,
}

/// The issue itself: its reference, introduction and unknown front matter fields.
#[derive(Serialize)]
struct IssueCtx<'a> {
    #[serde(flatten)]
    r: IssueRef<'a>,
    intro: &'a str,
    extra: &'a BTreeMap<String, Value>,
}

/// A run of an issue's articles in one rubric (or none).
#[derive(Serialize)]
struct RubricGroup<'a> {
    rubric: Option<TermRef<'a>>,
    articles: Vec<ListItem<'a>>,
}

/// `article.html`.
#[derive(Serialize)]
struct ArticlePage<'a> {
    article: ArticleCtx<'a>,
    prev: Option<Link>,
    next: Option<Link>,
    older_issue: Option<Link>,
    newer_issue: Option<Link>,
    /// The rubric's feed; absent (not null) for an article without a rubric.
    #[serde(skip_serializing_if = "Option::is_none")]
    feed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed_title: Option<&'a str>,
}

/// The article: its card and what only its own page shows.
#[derive(Serialize)]
struct ArticleCtx<'a> {
    #[serde(flatten)]
    card: std::borrow::Cow<'a, Card>,
    content: std::borrow::Cow<'a, str>,
    byline: &'a Option<String>,
    captions: &'a [String],
    extra: &'a BTreeMap<String, Value>,
    title_inferred: bool,
    date_estimated: bool,
}

/// `terms.html`: every rubric or every tag.
#[derive(Serialize)]
struct TermsPage<'a> {
    kind: &'a str,
    terms: Vec<TermRef<'a>>,
}

/// `term.html`: a page of one rubric's or tag's articles.
#[derive(Serialize)]
struct TermPage<'a> {
    kind: &'a str,
    term: TermRef<'a>,
    articles: Vec<ListItem<'a>>,
    pager: Pager,
    feed: String,
    feed_title: &'a str,
}

/// `archive.html`: years and months.
#[derive(Serialize)]
struct ArchivePage {
    years: Vec<ArchiveYear>,
}

/// A year in the archive.
#[derive(Serialize)]
struct ArchiveYear {
    year: i32,
    url: String,
    count: usize,
    months: Vec<MonthRef>,
}

/// `year.html`: a page of one year's articles.
#[derive(Serialize)]
struct YearPage<'a> {
    articles: Vec<ListItem<'a>>,
    months: Vec<MonthRef>,
    pager: Pager,
}

/// `month.html`: a page of one month's articles.
#[derive(Serialize)]
struct MonthPage<'a> {
    articles: Vec<ListItem<'a>>,
    up: UpLink,
    pager: Pager,
}

/// The page one level up (a month's year).
#[derive(Serialize)]
struct UpLink {
    name: String,
    url: String,
}

/// One page's path, title, own feed (and its title) and kind-specific context.
struct PageParts<'a> {
    path: String,
    title: String,
    feed: Option<(String, String)>,
    ctx: PageCtx<'a>,
}

/// The site path of an HTML page job and the values of its template context that are
/// its own (the shared ones, [`Prepared::common`], are put beside them by the renderer).
pub(super) fn context(
    site: &Site,
    p: &Prepared,
    job: &Job,
) -> Result<(String, tera::Context), RenderError> {
    let c = &site.config;
    let parts = page_parts(site, p, job)?;
    // Straight into tera's values: going through serde_json first would build every
    // page's values twice.
    let mut ctx = tera::Context::from_serialize(&parts.ctx)
        .map_err(|e| RenderError::new(format!("page {}: {e}", parts.path)))?;
    let (feed, feed_title) = parts.feed.unzip();
    let description = page_description(site, job, &p.common).or_else(|| c.description.clone());
    let og_type = if matches!(job, Job::Article(_)) {
        "article"
    } else {
        "website"
    };
    let page = PageMeta {
        title: parts.title,
        url: c.link(&parts.path),
        permalink: c.absolute_url(&parts.path),
        kind: job.template().trim_end_matches(".html"),
        feed,
        feed_title,
        description,
        og_type,
    };
    ctx.insert("page", &page);
    Ok((parts.path, ctx))
}

fn page_parts<'a>(
    site: &'a Site,
    p: &'a Prepared,
    job: &Job,
) -> Result<PageParts<'a>, RenderError> {
    let c = &site.config;
    let lang = c.language.as_str();
    let per = c.paginate_by;
    let word = |k: &str| ctx_word(&p.common, k);
    let plain = |path: String, title: String| PageParts {
        path,
        title,
        feed: None,
        ctx: PageCtx::Plain {},
    };
    Ok(match *job {
        Job::Home => {
            let latest: Vec<ArticleId> =
                site.latest.iter().copied().take(c.home_articles).collect();
            let mut tags: Vec<&Term> = site.tags.iter().collect();
            tags.sort_by(|a, b| {
                b.articles
                    .len()
                    .cmp(&a.articles.len())
                    .then_with(|| a.slug.cmp(&b.slug))
            });
            PageParts {
                path: urls::home(),
                title: c.title.clone(),
                feed: None,
                ctx: PageCtx::Home(HomePage {
                    articles: cards(site, p, &latest),
                    issues: site
                        .issues
                        .iter()
                        .take(HOME_ISSUES)
                        .map(|i| issue_ref(site, i))
                        .collect(),
                    tags: tags
                        .into_iter()
                        .take(HOME_TAGS)
                        .map(|t| term_ref(site, t))
                        .collect(),
                }),
            }
        }
        Job::Issues { page } => {
            let ids: Vec<usize> = (0..site.issues.len()).collect();
            let pg = &crate::site::page(&ids, per, &urls::issues(), page);
            let mut years: Vec<IssueYearGroup<'a>> = Vec::new();
            for &i in pg.items {
                let issue = &site.issues[i];
                let y = issue.year();
                if years.last().map(|l| l.year) != Some(y) {
                    // A year begun on an earlier page is marked as continued.
                    let first = site
                        .issue_years
                        .iter()
                        .find(|iy| iy.year == y)
                        .map(|iy| iy.first);
                    years.push(IssueYearGroup {
                        year: y,
                        anchor: year_anchor(y),
                        continued: first.is_some_and(|f| f < (pg.number - 1) * per.max(1)),
                        issues: Vec::new(),
                    });
                }
                years
                    .last_mut()
                    .expect("pushed")
                    .issues
                    .push(issue_ref(site, issue));
            }
            let base = urls::issues();
            let year_index = site
                .issue_years
                .iter()
                .map(|y| {
                    let on = y.first / per.max(1) + 1;
                    let anchor = year_anchor(y.year);
                    YearIndexEntry {
                        year: y.year,
                        count: y.count,
                        url: format!("{}#{anchor}", c.link(&page_url(&base, on))),
                        anchor,
                        here: on == pg.number,
                    }
                })
                .collect();
            let (rss, _) = urls::issue_feeds();
            let feed = (c.link(&rss), word("all_issues"));
            PageParts {
                path: pg.url.clone(),
                title: word("all_issues"),
                ctx: PageCtx::Issues(IssuesPage {
                    years,
                    year_index,
                    feed: feed.0.clone(),
                    feed_title: feed.1.clone(),
                    pager: pager(site, pg),
                }),
                feed: Some(feed),
            }
        }
        Job::Issue(i) => {
            let issue = &site.issues[i];
            let mut groups: Vec<(Option<usize>, Vec<ArticleId>)> = Vec::new();
            for &a in &issue.articles {
                let r = site.articles[a].rubric;
                if groups.last().map(|g| g.0) != Some(r) {
                    groups.push((r, Vec::new()));
                }
                groups.last_mut().expect("pushed").1.push(a);
            }
            let groups = groups
                .into_iter()
                .map(|(r, ids)| RubricGroup {
                    rubric: r.map(|r| term_ref(site, &site.rubrics[r])),
                    articles: cards(site, p, &ids),
                })
                .collect();
            PageParts {
                path: issue.url.clone(),
                title: issue.meta.title.clone(),
                feed: None,
                ctx: PageCtx::Issue(IssuePage {
                    issue: IssueCtx {
                        r: issue_ref(site, issue),
                        intro: &p.intros[i],
                        extra: &issue.meta.extra,
                    },
                    groups,
                }),
            }
        }
        Job::Article(id) => {
            let a = &site.articles[id];
            let issue = site.issue_of(id);
            let card = match p.cards.get(id) {
                Some(c) => std::borrow::Cow::Borrowed(c),
                None => std::borrow::Cow::Owned(card(site, id)),
            };
            let neighbour = |pos: Option<usize>| {
                pos.and_then(|i| issue.articles.get(i)).map(|&n| Link {
                    title: site.articles[n].meta.title.clone(),
                    url: c.link(&site.articles[n].url),
                })
            };
            let (older, newer) = site.issue_neighbours(a.issue);
            let issue_link = |i: Option<&crate::site::Issue>| {
                i.map(|i| Link {
                    title: i.meta.title.clone(),
                    url: c.link(&i.url),
                })
            };
            let feed = a.rubric.map(|r| {
                let rubric = &site.rubrics[r];
                (c.link(&urls::feed_of(&rubric.url)), rubric.name.clone())
            });
            PageParts {
                path: a.url.clone(),
                title: a.meta.title.clone(),
                ctx: PageCtx::Article(Box::new(ArticlePage {
                    article: ArticleCtx {
                        card,
                        content: p.article_html(site, id)?,
                        byline: &a.meta.byline,
                        captions: &a.meta.captions,
                        extra: &a.meta.extra,
                        title_inferred: a.meta.title_inferred,
                        date_estimated: a.meta.date_estimated,
                    },
                    prev: neighbour(a.position.checked_sub(1)),
                    next: neighbour(Some(a.position + 1)),
                    older_issue: issue_link(older),
                    newer_issue: issue_link(newer),
                    feed: feed.as_ref().map(|f| f.0.clone()),
                    feed_title: a.rubric.map(|r| site.rubrics[r].name.as_str()),
                })),
                feed,
            }
        }
        Job::Rubrics => PageParts {
            path: urls::rubrics(),
            title: word("rubrics"),
            feed: None,
            ctx: PageCtx::Terms(TermsPage {
                kind: "rubric",
                terms: terms(site, &site.rubrics),
            }),
        },
        Job::Tags => PageParts {
            path: urls::tags(),
            title: word("tags"),
            feed: None,
            ctx: PageCtx::Terms(TermsPage {
                kind: "tag",
                terms: terms(site, &site.tags),
            }),
        },
        Job::Rubric { term, page } => term_page(site, p, &site.rubrics[term], "rubric", page),
        Job::Tag { term, page } => term_page(site, p, &site.tags[term], "tag", page),
        Job::Archive => PageParts {
            path: urls::archive(),
            title: word("archive"),
            feed: None,
            ctx: PageCtx::Archive(ArchivePage {
                years: site
                    .years
                    .iter()
                    .map(|y| ArchiveYear {
                        year: y.year,
                        url: c.link(&y.url),
                        count: y.articles.len(),
                        months: months(site, y),
                    })
                    .collect(),
            }),
        },
        Job::Year { year, page } => {
            let y = &site.years[year];
            let pg = &crate::site::page(&y.articles, per, &y.url, page);
            PageParts {
                path: pg.url.clone(),
                title: format!("{} {}", word("year"), y.year),
                feed: None,
                ctx: PageCtx::Year(YearPage {
                    articles: cards(site, p, pg.items),
                    months: months(site, y),
                    pager: pager(site, pg),
                }),
            }
        }
        Job::Month { year, month, page } => {
            let y = &site.years[year];
            let m = &y.months[month];
            let pg = &crate::site::page(&m.articles, per, &m.url, page);
            PageParts {
                path: pg.url.clone(),
                title: month_name(y.year, m.month, lang),
                feed: None,
                ctx: PageCtx::Month(MonthPage {
                    articles: cards(site, p, pg.items),
                    up: UpLink {
                        name: format!("{} {}", word("year"), y.year),
                        url: c.link(&y.url),
                    },
                    pager: pager(site, pg),
                }),
            }
        }
        Job::NotFound => plain(urls::NOT_FOUND.into(), word("not_found")),
        Job::Search => plain(urls::search(), word("search")),
        _ => plain("/".into(), String::new()),
    })
}

/// Longest description a page gives search engines and link previews, in characters.
const DESCRIPTION_CHARS: usize = 200;

/// What a page is about, in a sentence from its own content: an article's summary, an
/// issue's title and rubrics, a term's name and size. `None` falls back to the site's.
fn page_description(site: &Site, job: &Job, common: &Map<String, Value>) -> Option<String> {
    let text = match *job {
        Job::Article(id) => site.articles[id].meta.summary.clone()?,
        Job::Issue(i) => {
            let issue = &site.issues[i];
            let mut names: Vec<&str> = Vec::new();
            for &a in &issue.articles {
                if let Some(r) = site.articles[a].rubric {
                    let name = site.rubrics[r].name.as_str();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            if names.is_empty() {
                issue.meta.title.clone()
            } else {
                format!("{}: {}", issue.meta.title, names.join(", "))
            }
        }
        Job::Rubric { term, .. } => site.rubrics[term]
            .description
            .clone()
            .unwrap_or_else(|| term_description(&site.rubrics[term], common, "rubric")),
        Job::Tag { term, .. } => term_description(&site.tags[term], common, "tag"),
        _ => return None,
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    Some(truncate_chars(&text, DESCRIPTION_CHARS))
}

fn term_description(t: &Term, common: &Map<String, Value>, kind: &str) -> String {
    format!(
        "{} {}: {} {}",
        ctx_word(common, kind),
        t.name,
        t.articles.len(),
        ctx_word(common, "articles")
    )
}

/// `text` cut to at most `max` characters at a word boundary, with `…` when cut.
fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > 0 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

pub(super) fn ctx_word(common: &Map<String, Value>, key: &str) -> String {
    common
        .get("t")
        .and_then(|t| t.get(key))
        .and_then(Value::as_str)
        .unwrap_or(key)
        .to_string()
}

/// The id of a year's heading on the list of issues (`nam-2022`, `nam-khac`).
fn year_anchor(year: Option<i32>) -> String {
    match year {
        Some(y) => format!("nam-{y}"),
        None => "nam-khac".to_string(),
    }
}

fn terms<'a>(site: &Site, list: &'a [Term]) -> Vec<TermRef<'a>> {
    list.iter().map(|t| term_ref(site, t)).collect()
}

fn term_page<'a>(
    site: &'a Site,
    p: &'a Prepared,
    t: &'a Term,
    kind: &'a str,
    page: usize,
) -> PageParts<'a> {
    let pg = &crate::site::page(&t.articles, site.config.paginate_by, &t.url, page);
    let feed = site.config.link(&urls::feed_of(&t.url));
    PageParts {
        path: pg.url.clone(),
        title: t.name.clone(),
        feed: Some((feed.clone(), t.name.clone())),
        ctx: PageCtx::Term(TermPage {
            kind,
            term: term_ref(site, t),
            articles: cards(site, p, pg.items),
            pager: pager(site, pg),
            feed,
            feed_title: &t.name,
        }),
    }
}

/// The site path of an HTML page job, without building its context.
pub(super) fn site_path(site: &Site, job: &Job) -> String {
    match *job {
        Job::Home => urls::home(),
        Job::Issues { page } => page_url(&urls::issues(), page),
        Job::Issue(i) => site.issues[i].url.clone(),
        Job::Article(id) => site.articles[id].url.clone(),
        Job::Rubrics => urls::rubrics(),
        Job::Tags => urls::tags(),
        Job::Rubric { term, page } => page_url(&site.rubrics[term].url, page),
        Job::Tag { term, page } => page_url(&site.tags[term].url, page),
        Job::Archive => urls::archive(),
        Job::Year { year, page } => page_url(&site.years[year].url, page),
        Job::Month { year, month, page } => page_url(&site.years[year].months[month].url, page),
        Job::Search => urls::search(),
        _ => urls::NOT_FOUND.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive of one issue: an article in a rubric, one without.
    fn archive() -> (tempfile::TempDir, Site, super::super::Renderer) {
        let dir = tempfile::tempdir().unwrap();
        let put = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        put("site.yaml", "title: T\nbase_url: https://x.org/sub/\n");
        put(
            "content/so-1/_index.md",
            "---\ntitle: Số 1\nyear: 2022\n---\n",
        );
        put(
            "content/so-1/01-a.md",
            "---\ntitle: A\nsection: Tin tức\ntags: [Hạ Long]\nweight: 1\n---\nx\n",
        );
        put("content/so-1/02-b.md", "---\ntitle: B\nweight: 2\n---\ny\n");
        let project = crate::project::Project::open(dir.path()).unwrap();
        let site = crate::build::load_site(&project, &mut Default::default()).unwrap();
        let r = super::super::Renderer::new(&project).unwrap();
        (dir, site, r)
    }

    #[test]
    fn an_article_without_a_rubric_has_no_feed_key_and_a_null_page_feed() {
        let (_dir, site, r) = archive();
        let p = r.prepare(&site).unwrap();
        let id = |t: &str| {
            site.articles
                .iter()
                .position(|a| a.meta.title == t)
                .unwrap()
        };
        // A context's values as JSON, to look into them.
        let json = |job: Job| {
            let (_, ctx) = context(&site, &p, &job).unwrap();
            let keys = ["feed", "feed_title", "page", "article"];
            let found = keys.into_iter().filter_map(|k| {
                let v = serde_json::to_value(ctx.get(k)?).unwrap();
                Some((k.to_string(), v))
            });
            found.collect::<Map<String, Value>>()
        };
        let with = json(Job::Article(id("A")));
        assert_eq!(with["feed"], "/sub/chuyen-muc/tin-tuc/rss.xml");
        assert_eq!(with["feed_title"], "Tin tức");
        assert_eq!(with["page"]["feed"], with["feed"]);
        let without = json(Job::Article(id("B")));
        assert!(!without.contains_key("feed") && !without.contains_key("feed_title"));
        assert_eq!(without["page"]["feed"], Value::Null);
        // The article is its card and what only its page shows, flat.
        let keys: Vec<&str> = without["article"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "authors",
                "byline",
                "captions",
                "content",
                "date",
                "date_display",
                "date_estimated",
                "date_short",
                "extra",
                "issue",
                "section",
                "summary",
                "tags",
                "title",
                "title_inferred",
                "url"
            ]
        );
        assert_eq!(without["article"]["section"], Value::Null);
        assert_eq!(with["article"]["tags"][0]["name"], "Hạ Long");
    }

    #[test]
    fn a_pager_marks_gaps_and_the_current_page() {
        let (_dir, site, _) = archive();
        let ids: Vec<usize> = (0..50).collect();
        let pg = crate::site::page(&ids, 2, "/x/", 1);
        let v = serde_json::to_value(pager(&site, &pg)).unwrap();
        assert_eq!(v["number"], 1);
        assert_eq!(v["total"], 25);
        assert_eq!(v["prev"], Value::Null);
        assert_eq!(v["first"], "/sub/x/");
        let pages = v["pages"].as_array().unwrap();
        assert_eq!(pages[0]["current"], true);
        assert!(pages.iter().any(|e| e == &serde_json::json!({"gap": true})));
    }

    #[test]
    fn a_card_fingerprint_changes_with_what_the_card_shows() {
        let (_dir, site, r) = archive();
        let card = r.card(&site, 0);
        let item = r.list_item(&card).unwrap();
        let fp = super::super::deps::card_fingerprint;
        let base = fp(&card, &item);
        assert_eq!(base, fp(&card.clone(), &item));
        let mut other = card.clone();
        other.tags.clear();
        assert_ne!(base, fp(&other, &item));
        let mut other = card.clone();
        other.section = None;
        assert_ne!(base, fp(&other, &item));
        let mut other = card;
        other.summary = Some(String::new());
        assert_ne!(base, fp(&other, &item));
    }
}
