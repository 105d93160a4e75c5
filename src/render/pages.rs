//! Template contexts for each kind of page.
//!
//! Links in contexts are root-relative and include the `base_url` path, so a site under
//! `https://example.org/ban-tin/` works when opened from any page. Cards (an article's
//! summary as lists show it) are built once per build and cloned into list pages.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::dates::{long_date, month_name, short_date};
use super::jobs::Job;
use super::Prepared;
use crate::site::{page_url, urls, ArticleId, Site, Term};

/// How many tags the home page shows.
const HOME_TAGS: usize = 30;
/// How many issues the home page shows.
const HOME_ISSUES: usize = 6;

/// Values every page gets: `config`, `t` (interface words), `rubrics`, feed links.
pub(super) fn common(site: &Site, words: &BTreeMap<String, String>) -> Map<String, Value> {
    let c = &site.config;
    let link = |p: &str| c.link(p);
    let mut m = Map::new();
    m.insert(
        "config".into(),
        json!({
            "title": c.title, "base_url": c.base_url, "language": c.language,
            "description": c.description, "extra": c.extra, "editorial_flags": c.editorial_flags,
            "search": c.search,
        }),
    );
    m.insert("t".into(), json!(words));
    m.insert("lang".into(), json!(c.language));
    m.insert(
        "nav".into(),
        json!({
            "home": link(&urls::home()), "issues": link(&urls::issues()), "rubrics": link(&urls::rubrics()),
            "tags": link(&urls::tags()), "archive": link(&urls::archive()),
            "rss": link(urls::SITE_RSS), "atom": link(urls::SITE_ATOM), "json_feed": link(urls::SITE_JSON_FEED),
            "stylesheet": link(urls::STYLESHEET), "favicon": link(urls::FAVICON),
            "search": link(&urls::search()), "search_script": link(urls::SEARCH_SCRIPT),
            "search_index": link(&urls::search_index()),
        }),
    );
    m.insert(
        "rubrics".into(),
        Value::Array(site.rubrics.iter().map(|t| term_ref(site, t)).collect()),
    );
    m
}

fn term_ref(site: &Site, t: &Term) -> Value {
    json!({
        "name": t.name, "slug": t.slug, "url": site.config.link(&t.url), "count": t.articles.len(),
        "description": t.description,
        "feed": site.config.link(&urls::feed_of(&t.url)),
    })
}

/// An article's summary as lists show it.
pub(super) fn card(site: &Site, id: ArticleId) -> Value {
    let a = site.article(id);
    let issue = site.issue_of(id);
    let lang = site.config.language.as_str();
    json!({
        "title": a.meta.title,
        "url": site.config.link(&a.url),
        "date": a.date.map(|d| d.to_iso()),
        "date_display": a.date.map(|d| long_date(&d, lang)),
        "date_short": a.date.map(|d| short_date(&d, lang)),
        "summary": a.meta.summary,
        "authors": a.meta.authors,
        // Name and link only: a rubric's size is not part of what a card shows, so an
        // article added to a rubric does not change every card of it.
        "section": a.rubric.map(|r| {
            let t = &site.rubrics[r];
            json!({"name": t.name, "slug": t.slug, "url": site.config.link(&t.url)})
        }),
        "issue": { "title": issue.meta.title, "url": site.config.link(&issue.url) },
        "tags": a.tags.iter().map(|&t| json!({"name": site.tags[t].name, "url": site.config.link(&site.tags[t].url)})).collect::<Vec<_>>(),
    })
}

/// List entries (pre-rendered cards) of `ids`.
fn cards(p: &Prepared, ids: &[ArticleId]) -> Value {
    Value::Array(ids.iter().map(|&i| p.list_items[i].clone()).collect())
}

/// A pager for templates: previous/next links and a window of numbered pages
/// (`pages`: `{number, url, current}`, or `{gap: true}` where numbers are skipped).
fn pager_value<T>(site: &Site, pg: &crate::site::Pager<'_, T>) -> Value {
    let link = |u: &str| site.config.link(u);
    let pages: Vec<Value> = crate::site::page_window(
        pg.number,
        pg.total,
        crate::site::PAGER_RADIUS,
    )
    .into_iter()
    .map(|n| match n {
        Some(n) => {
            json!({"number": n, "url": link(&page_url(&pg.base, n)), "current": n == pg.number})
        }
        None => json!({"gap": true}),
    })
    .collect();
    json!({
        "number": pg.number, "total": pg.total, "pages": pages,
        "first": link(&pg.base), "last": link(&page_url(&pg.base, pg.total)),
        "prev": pg.prev.as_deref().map(link), "next": pg.next.as_deref().map(link),
    })
}

/// The site path and template context of an HTML page job.
pub(super) fn context(site: &Site, p: &Prepared, job: &Job) -> (String, Map<String, Value>) {
    let mut ctx = p.common.clone();
    let c = &site.config;
    let lang = c.language.as_str();
    let per = c.paginate_by;
    let word = |k: &str| ctx_word(&p.common, k);
    let (path, title, extra): (String, String, Vec<(&str, Value)>) = match *job {
        Job::Home => {
            let latest: Vec<ArticleId> =
                site.latest.iter().copied().take(c.home_articles).collect();
            let issues: Vec<Value> = site
                .issues
                .iter()
                .take(HOME_ISSUES)
                .map(|i| issue_ref(site, i))
                .collect();
            let mut tags: Vec<&Term> = site.tags.iter().collect();
            tags.sort_by(|a, b| {
                b.articles
                    .len()
                    .cmp(&a.articles.len())
                    .then_with(|| a.slug.cmp(&b.slug))
            });
            let tags: Vec<Value> = tags
                .into_iter()
                .take(HOME_TAGS)
                .map(|t| term_ref(site, t))
                .collect();
            (
                urls::home(),
                c.title.clone(),
                vec![
                    ("articles", cards(p, &latest)),
                    ("issues", json!(issues)),
                    ("tags", json!(tags)),
                ],
            )
        }
        Job::Issues { page } => {
            let ids: Vec<usize> = (0..site.issues.len()).collect();
            let pg = &crate::site::page(&ids, per, &urls::issues(), page);
            let mut years: Vec<(Option<i32>, Vec<Value>)> = Vec::new();
            for &i in pg.items {
                let issue = &site.issues[i];
                let y = issue.year();
                if years.last().map(|l| l.0) != Some(y) {
                    years.push((y, Vec::new()));
                }
                years
                    .last_mut()
                    .expect("pushed")
                    .1
                    .push(issue_ref(site, issue));
            }
            let base = urls::issues();
            let year_index: Vec<Value> = site
                .issue_years
                .iter()
                .map(|y| {
                    let on = y.first / per.max(1) + 1;
                    let anchor = year_anchor(y.year);
                    json!({
                        "year": y.year, "count": y.count, "anchor": anchor,
                        "url": format!("{}#{anchor}", c.link(&page_url(&base, on))),
                        "here": on == pg.number,
                    })
                })
                .collect();
            let years: Vec<Value> = years
                .into_iter()
                .map(|(y, list)| {
                    // A year begun on an earlier page is marked as continued.
                    let first = site.issue_years.iter().find(|iy| iy.year == y).map(|iy| iy.first);
                    let continued = first.is_some_and(|f| f < (pg.number - 1) * per.max(1));
                    json!({"year": y, "anchor": year_anchor(y), "continued": continued, "issues": list})
                })
                .collect();
            let (rss, _) = urls::issue_feeds();
            (
                pg.url.clone(),
                word("all_issues"),
                vec![
                    ("years", json!(years)),
                    ("year_index", json!(year_index)),
                    ("feed", json!(c.link(&rss))),
                    ("feed_title", json!(word("all_issues"))),
                    ("pager", pager_value(site, pg)),
                ],
            )
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
            let groups: Vec<Value> = groups
                .into_iter()
                .map(|(r, ids)| json!({"rubric": r.map(|r| term_ref(site, &site.rubrics[r])), "articles": cards(p, &ids)}))
                .collect();
            let mut v = issue_ref(site, issue);
            v["intro"] = json!(p.intros[i]);
            v["extra"] = json!(issue.meta.extra);
            (
                issue.url.clone(),
                issue.meta.title.clone(),
                vec![("issue", v), ("groups", json!(groups))],
            )
        }
        Job::Article(id) => {
            let a = &site.articles[id];
            let issue = site.issue_of(id);
            let mut v = p.card(site, id);
            v["content"] = json!(p.article_html(site, id));
            v["byline"] = json!(a.meta.byline);
            v["captions"] = json!(a.meta.captions);
            v["extra"] = json!(a.meta.extra);
            v["title_inferred"] = json!(a.meta.title_inferred);
            v["date_estimated"] = json!(a.meta.date_estimated);
            let neighbour = |pos: Option<usize>| {
                pos.and_then(|i| issue.articles.get(i)).map(|&n| json!({"title": site.articles[n].meta.title, "url": c.link(&site.articles[n].url)}))
            };
            let prev = neighbour(a.position.checked_sub(1));
            let next = neighbour(Some(a.position + 1));
            let (older, newer) = site.issue_neighbours(a.issue);
            let issue_link = |i: Option<&crate::site::Issue>| {
                i.map(|i| json!({"title": i.meta.title, "url": c.link(&i.url)}))
            };
            let mut extra = vec![
                ("article", v),
                ("prev", json!(prev)),
                ("next", json!(next)),
                ("older_issue", json!(issue_link(older))),
                ("newer_issue", json!(issue_link(newer))),
            ];
            if let Some(r) = a.rubric {
                let rubric = &site.rubrics[r];
                extra.push(("feed", json!(c.link(&urls::feed_of(&rubric.url)))));
                extra.push(("feed_title", json!(rubric.name)));
            }
            (a.url.clone(), a.meta.title.clone(), extra)
        }
        Job::Rubrics => (
            urls::rubrics(),
            word("rubrics"),
            vec![
                ("kind", json!("rubric")),
                ("terms", terms(site, &site.rubrics)),
            ],
        ),
        Job::Tags => (
            urls::tags(),
            word("tags"),
            vec![("kind", json!("tag")), ("terms", terms(site, &site.tags))],
        ),
        Job::Rubric { term, page } => term_page(site, p, &site.rubrics[term], "rubric", page),
        Job::Tag { term, page } => term_page(site, p, &site.tags[term], "tag", page),
        Job::Archive => {
            let years: Vec<Value> = site
                .years
                .iter()
                .map(|y| {
                    let months: Vec<Value> = y.months.iter().map(|m| json!({"name": month_name(y.year, m.month, lang), "url": c.link(&m.url), "count": m.articles.len()})).collect();
                    json!({"year": y.year, "url": c.link(&y.url), "count": y.articles.len(), "months": months})
                })
                .collect();
            (
                urls::archive(),
                word("archive"),
                vec![("years", json!(years))],
            )
        }
        Job::Year { year, page } => {
            let y = &site.years[year];
            let pg = &crate::site::page(&y.articles, per, &y.url, page);
            let months: Vec<Value> = y.months.iter().map(|m| json!({"name": month_name(y.year, m.month, lang), "url": c.link(&m.url), "count": m.articles.len()})).collect();
            let title = format!("{} {}", word("year"), y.year);
            (
                pg.url.clone(),
                title,
                vec![
                    ("articles", cards(p, pg.items)),
                    ("months", json!(months)),
                    ("pager", pager_value(site, pg)),
                ],
            )
        }
        Job::Month { year, month, page } => {
            let y = &site.years[year];
            let m = &y.months[month];
            let pg = &crate::site::page(&m.articles, per, &m.url, page);
            let up = json!({"name": format!("{} {}", word("year"), y.year), "url": c.link(&y.url)});
            (
                pg.url.clone(),
                month_name(y.year, m.month, lang),
                vec![
                    ("articles", cards(p, pg.items)),
                    ("up", up),
                    ("pager", pager_value(site, pg)),
                ],
            )
        }
        Job::NotFound => (urls::NOT_FOUND.into(), word("not_found"), vec![]),
        Job::Search => (urls::search(), word("search"), vec![]),
        _ => ("/".into(), String::new(), vec![]),
    };
    for (k, v) in extra {
        ctx.insert(k.into(), v);
    }
    let feed = ctx.get("feed").cloned().unwrap_or(Value::Null);
    let feed_title = ctx.get("feed_title").cloned().unwrap_or(Value::Null);
    let description = page_description(site, job, &p.common).or_else(|| c.description.clone());
    let og_type = if matches!(job, Job::Article(_)) {
        "article"
    } else {
        "website"
    };
    ctx.insert(
        "page".into(),
        json!({
            "title": title, "url": c.link(&path), "permalink": c.absolute_url(&path), "kind": job.template().trim_end_matches(".html"),
            "feed": feed, "feed_title": feed_title, "description": description, "og_type": og_type,
        }),
    );
    (path, ctx)
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

fn issue_ref(site: &Site, issue: &crate::site::Issue) -> Value {
    let lang = site.config.language.as_str();
    json!({
        "title": issue.meta.title, "url": site.config.link(&issue.url), "series": issue.meta.series,
        "number": issue.meta.issue, "year": issue.meta.year, "publisher": issue.meta.publisher,
        "date": issue.date.map(|d| d.to_iso()), "date_display": issue.date.map(|d| long_date(&d, lang)),
        "count": issue.articles.len(),
    })
}

fn terms(site: &Site, list: &[Term]) -> Value {
    Value::Array(list.iter().map(|t| term_ref(site, t)).collect())
}

fn term_page(
    site: &Site,
    p: &Prepared,
    t: &Term,
    kind: &str,
    page: usize,
) -> (String, String, Vec<(&'static str, Value)>) {
    let pg = &crate::site::page(&t.articles, site.config.paginate_by, &t.url, page);
    let feed = site.config.link(&urls::feed_of(&t.url));
    (
        pg.url.clone(),
        t.name.clone(),
        vec![
            ("kind", json!(kind)),
            ("term", term_ref(site, t)),
            ("articles", cards(p, pg.items)),
            ("pager", pager_value(site, pg)),
            ("feed", json!(feed)),
            ("feed_title", json!(t.name)),
        ],
    )
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
