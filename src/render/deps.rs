//! What each job's output is computed from, declared once per kind of job.
//!
//! [`fingerprints`] folds every input of every job into one 128-bit number. Two models
//! that give a job the same fingerprint give it the same bytes, so an incremental rebuild
//! renders exactly the jobs whose fingerprint changed and nothing else decides what an
//! edit touches. The declarations below must name everything the job's context (in
//! `pages.rs`) or generator (in `feeds.rs`) reads; naming more is safe (the page is
//! re-rendered and, when its bytes are the same, not rewritten), naming less leaves a
//! stale page, which the byte-equality tests of `serve` catch (`tests/serve_incremental.rs`
//! edits every kind of input and compares with a full build).
//!
//! Inputs are hashed where they are cheapest to hash: an article's file by its parsed
//! front matter and Markdown (the caller passes those hashes, kept between rebuilds), its
//! summary card by its derived `Hash` (every field of [`super::Card`]) and its list entry
//! by its value, terms, issues and years by the fields their references show.

use std::hash::Hasher;

use rayon::prelude::*;
use serde_json::Value;
use xxhash_rust::xxh3::Xxh3Default;

use super::jobs::{all_jobs, output_path, Job};
use super::{pages, Prepared, Renderer};
use crate::site::{urls, ArticleId, Site, Term};

/// A 128-bit fingerprint of a job's inputs.
pub type Fingerprint = u128;

/// Builds one fingerprint from a sequence of inputs (XXH3, 128 bits: the same hash as the
/// output manifest's; fingerprints stay in memory, so nothing depends on the choice).
#[derive(Default)]
pub struct Fp(Xxh3Default);

impl Fp {
    /// A new, empty fingerprint.
    pub fn new() -> Fp {
        Fp::default()
    }

    /// Add a string (length-prefixed, so `"ab","c"` and `"a","bc"` differ).
    pub fn str(&mut self, s: &str) -> &mut Fp {
        self.0.write_usize(s.len());
        self.0.write(s.as_bytes());
        self
    }

    /// Add a number.
    pub fn num(&mut self, n: u128) -> &mut Fp {
        self.0.write_u128(n);
        self
    }

    /// Add a JSON value: walked, with each string hashed in one piece (much faster than
    /// hashing its serialized text).
    pub fn value(&mut self, v: &Value) -> &mut Fp {
        match v {
            Value::Null => self.0.write_u8(0),
            Value::Bool(b) => self.0.write_u8(1 + *b as u8),
            Value::Number(n) => {
                self.0.write_u8(3);
                self.debug(n);
            }
            Value::String(s) => {
                self.0.write_u8(4);
                self.str(s);
            }
            Value::Array(a) => {
                self.0.write_u8(5);
                self.0.write_usize(a.len());
                for x in a {
                    self.value(x);
                }
            }
            Value::Object(m) => {
                self.0.write_u8(6);
                self.0.write_usize(m.len());
                for (k, x) in m {
                    self.str(k);
                    self.value(x);
                }
            }
        }
        self
    }

    /// Add a value through its `Hash` implementation (the typed summary card: every
    /// field, lengths of lists and `None`/`Some` included, so two cards that differ in
    /// what they show differ here).
    pub fn hashed(&mut self, v: &impl std::hash::Hash) -> &mut Fp {
        v.hash(&mut self.0);
        self
    }

    /// Add anything with a `Debug` form (configuration, dates).
    pub fn debug(&mut self, v: &impl std::fmt::Debug) -> &mut Fp {
        use std::io::Write;
        let _ = write!(self, "{v:?}");
        self.0.write_u8(0xfe);
        self
    }

    /// The fingerprint.
    pub fn finish(&self) -> Fingerprint {
        self.0.digest128()
    }
}

impl std::io::Write for Fp {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Fingerprint of an article file as parsed: front matter and Markdown.
pub fn source_fingerprint(meta: &crate::content::ArticleMeta, body: &str) -> Fingerprint {
    let mut f = Fp::new();
    let _ = serde_json::to_writer(&mut f, meta);
    f.str(body).finish()
}

/// Fingerprint of an article's summary card and its rendered list entry.
pub fn card_fingerprint(card: &super::Card, item: &super::ListEntry) -> Fingerprint {
    Fp::new().hashed(card).hashed(item).finish()
}

/// What the jobs that show an article without being its page read of it, hashed: the
/// address of its page (job keys, the sitemap) and its title with that address (the
/// links of its neighbours). Kept per article between rebuilds
/// ([`Prepared::refs`]): hashing them for every article read every article's strings,
/// scattered in memory, at every rebuild.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticleRef {
    /// The article's URL.
    pub url: Fingerprint,
    /// Its title and URL.
    pub link: Fingerprint,
}

/// [`ArticleRef`] of `a`.
pub fn article_ref(a: &crate::site::Article) -> ArticleRef {
    ArticleRef {
        url: Fp::new().str(&a.url).finish(),
        link: Fp::new().str(&a.meta.title).str(&a.url).finish(),
    }
}

/// `p.refs` when they are kept for `site`, else computed.
fn refs_of<'p>(site: &Site, p: &'p Prepared) -> std::borrow::Cow<'p, [ArticleRef]> {
    if p.refs.len() == site.articles.len() {
        std::borrow::Cow::Borrowed(&p.refs)
    } else {
        std::borrow::Cow::Owned(site.articles.par_iter().map(article_ref).collect())
    }
}

/// Fingerprint of an issue's `_index.md` as parsed (kept per issue in
/// [`Prepared::issue_fps`]).
pub fn issue_source(site: &Site, i: usize) -> Fingerprint {
    let issue = &site.issues[i];
    let mut f = Fp::new();
    let _ = serde_json::to_writer(&mut f, &issue.meta);
    f.str(&issue.body).str(&issue.url).finish()
}

/// Everything shared that several jobs read, hashed once per rebuild.
struct Shared<'a> {
    site: &'a Site,
    p: &'a Prepared,
    /// Config and theme assets: every job reads some of it.
    config: Fingerprint,
    /// Each value every page's context shares (`config`, `t`, `nav`, `rubrics`, …).
    common: Vec<(&'a str, Fingerprint)>,
    /// Per article: its file, card and list entry.
    article: Vec<Fingerprint>,
    /// Per article: its card and list entry (what list pages show of it).
    item: Vec<Fingerprint>,
    /// Per issue: its file, URL, date and size.
    issue: Vec<Fingerprint>,
    /// Per article: the title and URL that links to it show.
    link: Vec<Fingerprint>,
    /// Per article: its URL.
    url: Vec<Fingerprint>,
    /// Per rubric and per tag: [`term_fp`].
    rubric: Vec<Fingerprint>,
    tag: Vec<Fingerprint>,
    /// Per rubric: its name and link only (what an article page shows of it).
    rubric_link: Vec<Fingerprint>,
    issues_all: Fingerprint,
    rubrics_all: Fingerprint,
    tags_all: Fingerprint,
    years_all: Fingerprint,
    cards_all: Fingerprint,
}

fn term_fp(t: &Term) -> Fingerprint {
    let mut f = Fp::new();
    f.str(&t.name).str(&t.slug).str(&t.url);
    f.num(t.articles.len() as u128);
    match &t.description {
        Some(d) => f.str(d),
        None => f.num(0),
    };
    f.finish()
}

fn all_of(fps: impl Iterator<Item = Fingerprint>) -> Fingerprint {
    let mut f = Fp::new();
    for x in fps {
        f.num(x);
    }
    f.finish()
}

impl<'a> Shared<'a> {
    fn new(site: &'a Site, p: &'a Prepared, r: &Renderer, sources: &[Fingerprint]) -> Self {
        let mut config = Fp::new();
        config.debug(&site.config).num(r.assets_fingerprint);
        let common = p
            .common
            .iter()
            .map(|(k, v)| (k.as_str(), Fp::new().value(v).finish()))
            .collect();
        // What lists show of an article: its card and list entry.
        let item: Vec<Fingerprint> = if p.card_fps.len() == site.articles.len() {
            p.card_fps.clone()
        } else {
            (0..site.articles.len())
                .into_par_iter()
                .map(|id| card_fingerprint(&p.card(site, id), &p.list_items[id]))
                .collect()
        };
        let article: Vec<Fingerprint> = (0..site.articles.len())
            .map(|id| Fp::new().num(sources[id]).num(item[id]).finish())
            .collect();
        let kept_issues = p.issue_fps.len() == site.issues.len();
        let issue: Vec<Fingerprint> = (0..site.issues.len())
            .map(|i| {
                let issue = &site.issues[i];
                let mut f = Fp::new();
                f.num(match kept_issues {
                    true => p.issue_fps[i],
                    false => issue_source(site, i),
                });
                f.hashed(&issue.date).num(issue.articles.len() as u128);
                f.finish()
            })
            .collect();
        let years_all = {
            let mut f = Fp::new();
            for y in &site.years {
                f.debug(&y.year).str(&y.url).num(y.articles.len() as u128);
                for m in &y.months {
                    f.debug(&m.month).str(&m.url).num(m.articles.len() as u128);
                }
            }
            f.finish()
        };
        let refs = refs_of(site, p);
        let link = refs.iter().map(|r| r.link).collect();
        let url = refs.iter().map(|r| r.url).collect();
        let rubric: Vec<Fingerprint> = site.rubrics.iter().map(term_fp).collect();
        let tag: Vec<Fingerprint> = site.tags.iter().map(term_fp).collect();
        let rubric_link = site
            .rubrics
            .iter()
            .map(|t| Fp::new().str(&t.name).str(&t.slug).str(&t.url).finish())
            .collect();
        Shared {
            site,
            p,
            link,
            url,
            rubrics_all: all_of(rubric.iter().copied()),
            tags_all: all_of(tag.iter().copied()),
            rubric,
            tag,
            rubric_link,
            config: config.finish(),
            common,
            issues_all: all_of(issue.iter().copied()),
            cards_all: all_of(article.iter().copied()),
            years_all,
            article,
            item,
            issue,
        }
    }

    /// A page of a list: its number, how many pages, and the entries on it.
    fn page(&self, f: &mut Fp, list: &[ArticleId], page: usize) {
        let per = self.site.config.paginate_by.max(1);
        f.num(page as u128).num(list.len().div_ceil(per) as u128);
        let start = ((page.max(1) - 1) * per).min(list.len());
        for &id in &list[start..(start + per).min(list.len())] {
            f.num(self.item[id]);
        }
    }

    /// A neighbour link: title and URL.
    fn link(&self, f: &mut Fp, id: Option<ArticleId>) {
        f.num(id.map_or(0, |id| self.link[id]));
    }

    /// The inputs of one job, beyond `common` and its template.
    fn job(&self, f: &mut Fp, job: &Job) {
        let site = self.site;
        match *job {
            Job::Home => {
                let n = site.config.home_articles;
                site.latest.iter().take(n).for_each(|&a| {
                    f.num(self.item[a]);
                });
                f.num(self.issues_all).num(self.tags_all);
            }
            Job::Issues { page } => {
                f.num(page as u128).num(self.issues_all);
            }
            Job::Issue(i) => {
                let issue = &site.issues[i];
                f.num(self.issue[i]).str(&self.p.intros[i]);
                for &a in &issue.articles {
                    f.num(self.item[a]);
                    f.num(site.articles[a].rubric.map_or(0, |r| self.rubric[r]));
                }
            }
            Job::Article(id) => {
                let a = &site.articles[id];
                let issue = &site.issues[a.issue];
                f.num(self.article[id]);
                let near = |d: isize| {
                    a.position
                        .checked_add_signed(d)
                        .and_then(|p| issue.articles.get(p).copied())
                };
                self.link(f, near(-1));
                self.link(f, near(1));
                let (older, newer) = site.issue_neighbours(a.issue);
                for i in [older, newer] {
                    match i {
                        Some(i) => f.str(&i.meta.title).str(&i.url),
                        None => f.num(0),
                    };
                }
                // Its feed: the rubric's name and link.
                f.num(a.rubric.map_or(0, |r| self.rubric_link[r]));
            }
            Job::Rubrics => {
                f.num(self.rubrics_all);
            }
            Job::Tags => {
                f.num(self.tags_all);
            }
            Job::Rubric { term, page } => {
                f.num(self.rubric[term]);
                self.page(f, &site.rubrics[term].articles, page);
            }
            Job::Tag { term, page } => {
                f.num(self.tag[term]);
                self.page(f, &site.tags[term].articles, page);
            }
            Job::Archive => {
                f.num(self.years_all);
            }
            Job::Year { year, page } => {
                f.num(self.years_all);
                self.page(f, &site.years[year].articles, page);
            }
            Job::Month { year, month, page } => {
                f.num(self.years_all);
                self.page(f, &site.years[year].months[month].articles, page);
            }
            // The search page reads only the shared values (words, links).
            Job::NotFound | Job::Search | Job::Robots | Job::Static => {}
            Job::SiteFeeds => {
                for id in super::feeds::feed_items(site, &site.latest) {
                    f.num(self.article[id]);
                }
            }
            Job::IssueFeeds => {
                f.num(self.issues_all).num(self.cards_all);
            }
            Job::RubricFeed(t) => self.term_feed(f, self.rubric[t], &site.rubrics[t]),
            Job::TagFeed(t) => self.term_feed(f, self.tag[t], &site.tags[t]),
            Job::Sitemap => {
                // The pages it lists: articles and issues with their dates, and every
                // list with its length (which gives its number of pages).
                for (a, url) in site.articles.iter().zip(&self.url) {
                    f.num(*url).hashed(&a.date);
                }
                for i in &site.issues {
                    f.str(&i.url).hashed(&i.date);
                }
                for t in site.rubrics.iter().chain(&site.tags) {
                    f.str(&t.url).num(t.articles.len() as u128);
                }
                f.num(self.years_all);
            }
        }
    }

    fn term_feed(&self, f: &mut Fp, term: Fingerprint, t: &Term) {
        f.num(term);
        for id in super::feeds::feed_items(self.site, &t.articles) {
            f.num(self.article[id]);
        }
    }
}

/// The first file `job` writes (a page's `index.html`, a feed, the sitemap), by which a
/// job not rendered yet is found when its file is asked for.
pub fn first_file(site: &Site, job: &Job) -> String {
    match *job {
        Job::SiteFeeds => output_path(urls::SITE_RSS),
        Job::IssueFeeds => output_path(&urls::issue_feeds().0),
        Job::RubricFeed(t) => output_path(&urls::feed_of(&site.rubrics[t].url)),
        Job::TagFeed(t) => output_path(&urls::feed_of(&site.tags[t].url)),
        Job::Sitemap => output_path(urls::SITEMAP),
        Job::Robots => output_path(urls::ROBOTS),
        Job::Static => "(static files)".into(),
        _ => output_path(&pages::site_path(site, job)),
    }
}

/// A name for a job that stays the same when the site is re-linked (ids change, the
/// files it writes do not).
pub type JobKey = Fingerprint;

/// The [`JobKey`] of `job`: its kind, the URL of what it shows and its page number,
/// hashed (which names the files it writes without spelling their paths: a re-link lists
/// every job again, and formatting every path took longer than the rest of the listing).
/// An article's URL comes hashed, from `refs`.
fn job_key(site: &Site, refs: &[ArticleRef], job: &Job) -> JobKey {
    let mut f = Fp::new();
    f.hashed(&std::mem::discriminant(job));
    let (url, page) = match *job {
        Job::Article(id) => {
            return f.num(refs[id].url).finish();
        }
        Job::Issues { page } => ("", page),
        Job::Issue(i) => (site.issues[i].url.as_str(), 0),
        Job::Rubric { term, page } => (site.rubrics[term].url.as_str(), page),
        Job::Tag { term, page } => (site.tags[term].url.as_str(), page),
        Job::Year { year, page } => (site.years[year].url.as_str(), page),
        Job::Month { year, month, page } => (site.years[year].months[month].url.as_str(), page),
        Job::RubricFeed(t) => (site.rubrics[t].url.as_str(), 0),
        Job::TagFeed(t) => (site.tags[t].url.as_str(), 0),
        Job::Home
        | Job::Rubrics
        | Job::Tags
        | Job::Archive
        | Job::NotFound
        | Job::Search
        | Job::SiteFeeds
        | Job::IssueFeeds
        | Job::Sitemap
        | Job::Robots
        | Job::Static => ("", 0),
    };
    f.str(url).num(page as u128).finish()
}

/// Every job of `site` (prepared as `p`) in [`all_jobs`] order, with its key.
pub fn keyed_jobs(site: &Site, p: &Prepared) -> Vec<(Job, JobKey)> {
    let refs = refs_of(site, p);
    all_jobs(site)
        .into_par_iter()
        .map(|job| {
            let key = job_key(site, &refs, &job);
            (job, key)
        })
        .collect()
}

/// The fingerprint of each of `jobs` (jobs of `site` with their keys, as
/// [`keyed_jobs`] gives them). `sources[id]` is [`source_fingerprint`] of article `id`'s
/// file.
pub fn fingerprints(
    site: &Site,
    prepared: &Prepared,
    renderer: &Renderer,
    sources: &[Fingerprint],
    jobs: &[(Job, JobKey)],
) -> Vec<Fingerprint> {
    let shared = Shared::new(site, prepared, renderer, sources);
    let theme = renderer.theme();
    // Per template: the shared values it mentions. Feeds and files are written by code,
    // which reads only the configuration and the interface words.
    let common_fp = |template: &str| -> Fingerprint {
        let generated = template.starts_with('(');
        let mut f = Fp::new();
        for (k, fp) in &shared.common {
            let used = if generated {
                *k == "t"
            } else {
                theme.mentions(template, k)
            };
            if used {
                f.str(k).num(*fp);
            }
        }
        f.finish()
    };
    // Once per template the jobs use (a handful), not once per job.
    let mut templates: Vec<&str> = jobs.iter().map(|(j, _)| j.template()).collect();
    templates.sort_unstable();
    templates.dedup();
    let per_template: Vec<(&str, Fingerprint, Fingerprint)> = templates
        .into_iter()
        .map(|t| (t, common_fp(t), theme.template_fingerprint(t)))
        .collect();
    jobs.par_iter()
        .map(|(job, key)| {
            let mut f = Fp::new();
            let template = job.template();
            let (_, common, own) = per_template
                .iter()
                .find(|(t, _, _)| *t == template)
                .copied()
                .expect("every job's template was listed");
            f.num(shared.config).num(common).num(own);
            shared.job(&mut f, job);
            f.num(*key);
            f.finish()
        })
        .collect()
}
