//! Site model → bytes: HTML pages through tera templates, feeds, sitemap.
//!
//! [`Renderer::new`] loads and compiles the theme once. [`Renderer::prepare`] (or
//! [`Renderer::prepare_lean`]) renders what many pages share (article HTML, cards, list
//! entries) once per site, and [`Renderer::render_each`] renders page jobs in parallel,
//! handing each job's `(output path, bytes)` to a callback. Nothing here touches the
//! output folder: the [`crate::engine`] passes the bytes to an [`crate::output::Sink`].

pub mod assets;
pub mod dates;
pub mod deps;
pub mod feeds;
mod jobs;
pub mod markdown;
mod pages;
pub mod safe_url;
mod theme;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::Value;

pub use jobs::{all_jobs, output_path, Job};
pub use pages::{Card, CardRubric, CardTag, Link, ListEntry};
pub use theme::{built_in_words, Theme, DEFAULT_THEME};

use crate::output::OutputError;
use crate::project::Project;
use crate::site::{self, Site};
use markdown::Highlighter;

/// A template or page that failed to render.
#[derive(Debug, thiserror::Error)]
#[error("{}{}{message}",
    template.as_ref().map(|t| format!("template `{t}`: ")).unwrap_or_default(),
    page.as_ref().map(|p| format!("page {p}: ")).unwrap_or_default())]
pub struct RenderError {
    /// The template involved.
    pub template: Option<String>,
    /// The page being rendered.
    pub page: Option<String>,
    /// What went wrong, with tera's own explanation.
    pub message: String,
}

impl RenderError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        RenderError {
            template: None,
            page: None,
            message: message.into(),
        }
    }

    /// Name the template.
    pub fn in_template(mut self, t: &str) -> Self {
        self.template = Some(t.to_string());
        self
    }
}

/// Everything that failed in one render run (never empty): every failing template and
/// message once (the first page named, the others counted), and the files the sink (the
/// writer) refused.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.list())]
pub struct RenderErrors {
    /// Pages that failed to render.
    pub pages: Vec<RenderError>,
    /// Rendered files the sink could not write.
    pub writes: Vec<OutputError>,
}

impl RenderErrors {
    fn list(&self) -> String {
        let all: Vec<String> = self
            .pages
            .iter()
            .map(ToString::to_string)
            .chain(self.writes.iter().map(ToString::to_string))
            .collect();
        match all.as_slice() {
            [one] => one.clone(),
            _ => {
                let mut s = crate::diag::count(all.len(), "problem", "problems") + ":";
                for e in &all {
                    s.push_str(&format!("\n  - {e}"));
                }
                s
            }
        }
    }

    /// `Err` with the failures, or `Ok` when there are none.
    fn check(pages: Vec<RenderError>, writes: Vec<OutputError>) -> Result<(), RenderErrors> {
        if pages.is_empty() && writes.is_empty() {
            return Ok(());
        }
        Err(RenderErrors {
            pages: once_per_template(pages),
            writes,
        })
    }
}

impl From<RenderError> for RenderErrors {
    fn from(e: RenderError) -> Self {
        RenderErrors {
            pages: vec![e],
            writes: Vec::new(),
        }
    }
}

/// One error per template and message: a typo in a template fails every page that uses
/// it, and ten thousand copies of one message hide the one line to fix. The first page is
/// named and the others counted.
fn once_per_template(errors: Vec<RenderError>) -> Vec<RenderError> {
    let mut out: Vec<RenderError> = Vec::new();
    let mut seen: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for r in errors {
        let Some(t) = r.template.clone() else {
            out.push(r);
            continue;
        };
        match seen.get_mut(&(t.clone(), r.message.clone())) {
            Some((_, more)) => *more += 1,
            None => {
                seen.insert((t, r.message.clone()), (out.len(), 0));
                out.push(r);
            }
        }
    }
    for (at, more) in seen.into_values() {
        if more > 0 {
            out[at].message.push_str(&format!(
                " (the same error on {} more)",
                crate::diag::count(more, "page", "pages")
            ));
        }
    }
    out
}

/// tera's error and every cause below it, on one line, each place in a template spelled
/// `file:line:column: what` with the file the template was read from (`origin_of` maps a
/// template's name to it; a name it does not know is shown as it is).
pub(crate) fn tera_message(e: &tera::Error, origin_of: impl Fn(&str) -> Option<String>) -> String {
    let place = |name: &str, line: usize, column: usize| {
        let file = origin_of(name).unwrap_or_else(|| name.to_string());
        format!("{file}:{line}:{column}")
    };
    let first = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => format!(
            "{}: {}",
            place(r.filename(), r.span().start_line, r.span().start_col + 1),
            r.message()
        ),
        _ => one_line_reports(&e.to_string(), &place),
    };
    let mut parts = vec![first];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        parts.push(c.to_string());
        cur = c.source();
    }
    parts.join(": ")
}

/// tera hands some errors over as finished reports (`error: what`, then ` --> name:line:col`
/// and the source line), several joined by blank lines; each becomes `place: what`.
fn one_line_reports(text: &str, place: &impl Fn(&str, usize, usize) -> String) -> String {
    let one = |report: &str| -> Option<String> {
        let mut lines = report.lines();
        let what = lines.next()?.strip_prefix("error: ")?;
        let at = lines.next()?.trim_start().strip_prefix("--> ")?;
        let mut pieces = at.rsplitn(3, ':');
        let column = pieces.next()?.parse().ok()?;
        let line = pieces.next()?.parse().ok()?;
        Some(format!("{}: {what}", place(pieces.next()?, line, column)))
    };
    let reports: Option<Vec<String>> = text.split("\n\n").map(one).collect();
    match reports {
        Some(r) if !r.is_empty() => r.join("; "),
        _ => text.to_string(),
    }
}

/// Per-build preparation shared by every page: article HTML and cards.
///
/// A full preparation ([`Renderer::prepare`], used by `serve`) keeps every article's HTML
/// and card in memory so an edit re-renders little. A lean one ([`Renderer::prepare_lean`],
/// used by `build`) leaves `html` and `cards` empty and computes them when a page needs
/// them, which keeps memory bounded on very large archives.
pub struct Prepared {
    /// Each article's body as HTML, by article id (empty when lean).
    pub html: Vec<String>,
    /// Each issue's introduction as HTML, by issue id.
    pub intros: Vec<String>,
    /// Each article's summary card (title, url, date, rubric, tags…), by article id
    /// (empty when lean).
    pub cards: Vec<Card>,
    /// Each article's card rendered once with `card.html`, by article id. List pages
    /// reuse these instead of re-rendering every card on every page.
    pub list_items: Vec<ListEntry>,
    /// Per article: [`deps::card_fingerprint`] of its card and list entry, kept in step
    /// with them (empty when lean).
    pub card_fps: Vec<u128>,
    /// Per article: [`deps::article_ref`], kept in step with its card (empty when lean).
    pub refs: Vec<deps::ArticleRef>,
    /// Per issue: [`deps::issue_source`] of its `_index.md`, kept in step with `intros`
    /// (empty when lean).
    pub issue_fps: Vec<u128>,
    /// Values every page gets (config, words, rubric list).
    pub common: serde_json::Map<String, Value>,
    /// When lean: the HTML of the articles feeds carry, rendered once even though several
    /// feeds (site, rubric, tags) and the article's own page all need it.
    pub feed_html: std::collections::HashMap<site::ArticleId, String>,
    /// The highlighter, for HTML computed on demand.
    pub highlighter: std::sync::Arc<Highlighter>,
    /// Files next to the articles (for image sizes and links).
    pub assets: std::sync::Arc<assets::Assets>,
}

/// An article's body as HTML, its images and files resolved in its bulletin folder.
fn body_html(hl: &Highlighter, files: &assets::Assets, markdown: &str, folder: &str) -> String {
    let f = markdown::Files {
        prefix: "../",
        files: files.folder(folder),
    };
    markdown::render_in(markdown, hl, f).html
}

/// An issue's introduction as HTML (the issue page is its folder's URL).
fn intro_html(hl: &Highlighter, files: &assets::Assets, markdown: &str, folder: &str) -> String {
    let f = markdown::Files {
        prefix: "",
        files: files.folder(folder),
    };
    markdown::render_in(markdown, hl, f).html
}

/// The files a theme publishes from its `static/` folder, by path (what assets read of
/// a theme).
fn static_names(theme: &Theme) -> Vec<String> {
    theme.static_files.iter().map(|(p, _)| p.clone()).collect()
}

/// An article's body as HTML (read from its file first when it was left there).
fn article_body(
    hl: &Highlighter,
    files: &assets::Assets,
    site: &Site,
    id: site::ArticleId,
) -> Result<String, RenderError> {
    let a = &site.articles[id];
    let markdown = site.body(id).map_err(|e| RenderError {
        page: Some(a.url.clone()),
        ..RenderError::new(e.to_string())
    })?;
    Ok(body_html(hl, files, &markdown, &site.issues[a.issue].slug))
}

impl Prepared {
    /// An article's body as HTML: kept, or rendered now when the preparation is lean.
    pub fn article_html(
        &self,
        site: &Site,
        id: site::ArticleId,
    ) -> Result<std::borrow::Cow<'_, str>, RenderError> {
        match self.html.get(id).or_else(|| self.feed_html.get(&id)) {
            Some(h) => Ok(std::borrow::Cow::Borrowed(h)),
            None => {
                article_body(&self.highlighter, &self.assets, site, id).map(std::borrow::Cow::Owned)
            }
        }
    }

    /// An article's card: kept, or built now when the preparation is lean.
    pub fn card(&self, site: &Site, id: site::ArticleId) -> Card {
        match self.cards.get(id) {
            Some(c) => c.clone(),
            None => pages::card(site, id),
        }
    }
}

/// Time spent per stage and per template, for `--verbose`.
#[derive(Debug, Default, Clone)]
pub struct RenderTimings {
    /// Markdown → HTML and card preparation.
    pub prepare: Duration,
    /// Rendering every job (wall time).
    pub pages: Duration,
    /// Summed CPU time per template (or feed kind) and how many pages used it.
    pub per_template: BTreeMap<String, (Duration, usize)>,
}

/// One output file: site-relative path and bytes.
pub type OutputFile = (String, Vec<u8>);

/// Everything needed to render a site: the compiled theme and a code highlighter.
pub struct Renderer {
    /// Shared so that a new configuration that keeps what the theme reads reuses it.
    theme: std::sync::Arc<Theme>,
    highlighter: std::sync::Arc<Highlighter>,
    assets: std::sync::Arc<assets::Assets>,
    /// The published files and image sizes the assets give pages (see [`deps`]).
    assets_fingerprint: u128,
}

impl Renderer {
    /// Load and compile the theme of `project`.
    pub fn new(project: &Project) -> Result<Renderer, RenderError> {
        Renderer::with_theme(project, std::sync::Arc::new(Theme::load(project)?))
    }

    /// The renderer of `project` (a new `site.yaml`), reusing what does not depend on
    /// what changed: the compiled theme when `project` loads the same one (see
    /// `ThemeInputs` in `theme.rs`; its files' changes are watched on their own), the code
    /// highlighter (it reads nothing of a project), and the assets unless
    /// `assets_changed` (they read the project root, the theme's static file names and
    /// files the watcher reports as `ChangeSet::assets`, none of `site.yaml`).
    pub fn reconfigured(
        &self,
        project: &Project,
        assets_changed: bool,
    ) -> Result<Renderer, RenderError> {
        if !self.theme.serves(project) {
            return Renderer::new(project);
        }
        self.with_theme_kept(project, self.theme.clone(), !assets_changed)
    }

    /// The renderer of the same project with its theme compiled again (theme files
    /// changed), keeping the highlighter and, unless `assets_changed` or the theme
    /// publishes other static file names, the assets (they read nothing else of a theme).
    pub fn rethemed(
        &self,
        project: &Project,
        assets_changed: bool,
    ) -> Result<Renderer, RenderError> {
        let theme = std::sync::Arc::new(Theme::load(project)?);
        let same_names = static_names(&theme) == static_names(&self.theme);
        self.with_theme_kept(project, theme, !assets_changed && same_names)
    }

    /// A renderer of `theme` with this one's highlighter, and its assets when
    /// `keep_assets` (else listed again for `project`).
    fn with_theme_kept(
        &self,
        project: &Project,
        theme: std::sync::Arc<Theme>,
        keep_assets: bool,
    ) -> Result<Renderer, RenderError> {
        let mut r = if keep_assets {
            Renderer {
                theme,
                highlighter: self.highlighter.clone(),
                assets: self.assets.clone(),
                assets_fingerprint: self.assets_fingerprint,
            }
        } else {
            Renderer::with_theme(project, theme)?
        };
        r.highlighter = self.highlighter.clone();
        Ok(r)
    }

    fn with_theme(
        project: &Project,
        theme: std::sync::Arc<Theme>,
    ) -> Result<Renderer, RenderError> {
        let assets = assets::Assets::load(&project.root, &static_names(&theme))?;
        let assets_fingerprint = assets.fingerprint();
        Ok(Renderer {
            theme,
            highlighter: std::sync::Arc::new(Highlighter::new()),
            assets: std::sync::Arc::new(assets),
            assets_fingerprint,
        })
    }

    /// The fingerprint of the published files and image sizes (see [`deps`]).
    pub fn assets_fingerprint(&self) -> u128 {
        self.assets_fingerprint
    }

    /// The loaded theme.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Files published as they are (`static/`, files next to articles).
    pub fn assets(&self) -> &assets::Assets {
        &self.assets
    }

    /// Render article bodies and cards once for the whole build.
    pub fn prepare(&self, site: &Site) -> Result<Prepared, RenderError> {
        let mut p = self.prepare_lean(site)?;
        p.html = (0..site.articles.len())
            .into_par_iter()
            .map(|id| article_body(&self.highlighter, &self.assets, site, id))
            .collect::<Result<_, _>>()?;
        p.cards = (0..site.articles.len())
            .into_par_iter()
            .map(|id| pages::card(site, id))
            .collect();
        p.card_fps = p
            .cards
            .par_iter()
            .zip(&p.list_items)
            .map(|(c, i)| deps::card_fingerprint(c, i))
            .collect();
        p.refs = site.articles.par_iter().map(deps::article_ref).collect();
        p.issue_fps = (0..site.issues.len())
            .map(|i| deps::issue_source(site, i))
            .collect();
        Ok(p)
    }

    /// Prepare only what every list needs (rendered cards, issue intros); article HTML and
    /// full cards are computed when a page asks for them. Used by `build`.
    pub fn prepare_lean(&self, site: &Site) -> Result<Prepared, RenderError> {
        let intros = site
            .issues
            .par_iter()
            .map(|i| intro_html(&self.highlighter, &self.assets, &i.body, &i.slug))
            .collect();
        let list_items = (0..site.articles.len())
            .into_par_iter()
            .map(|id| self.list_item(&pages::card(site, id)))
            .collect::<Result<Vec<_>, _>>()?;
        let feed_html = feeds::all_feed_items(site)
            .into_par_iter()
            .map(|id| Ok((id, article_body(&self.highlighter, &self.assets, site, id)?)))
            .collect::<Result<_, RenderError>>()?;
        Ok(Prepared {
            html: Vec::new(),
            feed_html,
            intros,
            cards: Vec::new(),
            list_items,
            card_fps: Vec::new(),
            refs: Vec::new(),
            issue_fps: Vec::new(),
            common: pages::common(site, &self.theme.words),
            highlighter: self.highlighter.clone(),
            assets: self.assets.clone(),
        })
    }

    /// Render the given jobs in parallel and hand each job's files to `sink`, with the
    /// job's index in `jobs`, as soon as they are rendered (the engine writes them
    /// straight away). Every failure is reported together.
    /// `done`, when given, counts the jobs finished (a job may give several files), so a
    /// progress display never passes `jobs.len()`.
    pub fn render_each(
        &self,
        site: &Site,
        prepared: &Prepared,
        jobs: &[Job],
        sink: &(dyn Fn(usize, Vec<OutputFile>) -> Result<(), OutputError> + Sync),
        done: Option<&std::sync::atomic::AtomicUsize>,
    ) -> Result<RenderTimings, RenderErrors> {
        let t0 = Instant::now();
        let per_template = std::sync::Mutex::new(BTreeMap::<String, (Duration, usize)>::new());
        let errors: Vec<Result<RenderError, OutputError>> = jobs
            .par_iter()
            .enumerate()
            .map_init(
                || PageContext::of(&prepared.common),
                |scratch, (n, job)| {
                    let start = Instant::now();
                    let out = match self.render_job(site, prepared, job, scratch) {
                        Ok(out) => out,
                        Err(e) => return Some(Ok(e)),
                    };
                    let took = start.elapsed();
                    {
                        let mut m = per_template.lock().unwrap_or_else(|e| e.into_inner());
                        let e = m.entry(job.template().to_string()).or_default();
                        e.0 += took;
                        e.1 += 1;
                    }
                    let failed = sink(n, out).err();
                    if let Some(d) = done {
                        d.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    failed.map(Err)
                },
            )
            .flatten()
            .collect();
        let (pages, writes): (Vec<_>, Vec<_>) = errors.into_iter().partition(Result::is_ok);
        RenderErrors::check(
            pages.into_iter().filter_map(Result::ok).collect(),
            writes.into_iter().filter_map(Result::err).collect(),
        )?;
        Ok(RenderTimings {
            prepare: Duration::ZERO,
            pages: t0.elapsed(),
            per_template: per_template.into_inner().unwrap_or_else(|e| e.into_inner()),
        })
    }

    /// An article's list entry: its card rendered through `card.html`.
    pub fn list_item(&self, card: &Card) -> Result<ListEntry, RenderError> {
        let mut ctx = tera::Context::new();
        ctx.insert("a", card);
        let html = self
            .theme
            .tera
            .render("card.html", &ctx)
            .map_err(|e| RenderError {
                template: Some("card.html".into()),
                page: Some(card.url.clone()),
                message: self.theme.explain(&e),
            })?;
        Ok(ListEntry {
            card: html.into_boxed_str(),
        })
    }

    // Pieces for incremental rebuilds (`serve`): recompute one part of [`Prepared`]
    // without preparing the whole site again.

    /// One Markdown text as HTML (no files of a folder resolved).
    pub fn markdown_html(&self, markdown: &str) -> String {
        markdown::render(markdown, &self.highlighter).html
    }

    /// An article body of bulletin folder `folder` as HTML, exactly as
    /// [`Renderer::prepare`] renders it.
    pub fn body_html(&self, markdown: &str, folder: &str) -> String {
        body_html(&self.highlighter, &self.assets, markdown, folder)
    }

    /// An issue introduction of bulletin folder `folder` as HTML, exactly as
    /// [`Renderer::prepare`] renders it.
    pub fn intro_html(&self, markdown: &str, folder: &str) -> String {
        intro_html(&self.highlighter, &self.assets, markdown, folder)
    }

    /// One article's summary card, exactly as [`Renderer::prepare`] builds it.
    pub fn card(&self, site: &Site, id: crate::site::ArticleId) -> Card {
        pages::card(site, id)
    }

    /// The values every page gets, exactly as [`Renderer::prepare`] builds them.
    pub fn common(&self, site: &Site) -> serde_json::Map<String, Value> {
        pages::common(site, &self.theme.words)
    }

    fn render_job(
        &self,
        site: &Site,
        p: &Prepared,
        job: &Job,
        scratch: &PageContext,
    ) -> Result<Vec<OutputFile>, RenderError> {
        match job {
            Job::Static => {
                let mut out = self.theme.static_files.clone();
                for a in &self.assets.files {
                    let bytes = std::fs::read(&a.source)
                        .map_err(|e| RenderError::new(format!("{}: {e}", a.origin)))?;
                    out.push((a.output.clone(), bytes));
                }
                Ok(out)
            }
            Job::SiteFeeds => feeds::site_feeds(site, p),
            Job::IssueFeeds => Ok(feeds::issue_feeds(
                site,
                &pages::ctx_word(&p.common, "all_issues"),
            )),
            Job::RubricFeed(t) => Ok(vec![feeds::term_feed(site, p, &site.rubrics[*t])?]),
            Job::TagFeed(t) => Ok(vec![feeds::term_feed(site, p, &site.tags[*t])?]),
            Job::Sitemap => Ok(feeds::sitemaps(site)),
            Job::Robots => Ok(vec![feeds::robots(site)]),
            _ => {
                let (site_path, own) = pages::context(site, p, job)?;
                let template = job.template();
                // Render into bytes directly: `Tera::render` would re-validate the whole
                // page as UTF-8 to return a String, a measurable cost on every page.
                let mut html = Vec::with_capacity(16 * 1024);
                scratch
                    .with_page(own, |ctx| {
                        self.theme.tera.render_to(template, ctx, &mut html)
                    })
                    .map_err(|e| RenderError {
                        template: Some(template.to_string()),
                        page: Some(site_path.clone()),
                        message: self.theme.explain(&e),
                    })?;
                let out = output_path(&site_path);
                Ok(vec![(out, html)])
            }
        }
    }
}

/// A page's template context: the values every page shares ([`Prepared::common`]),
/// turned into tera's values once for all the pages a rayon task renders, with the page's
/// own values over them for one render. tera's values share their contents, so putting
/// the shared ones beside a page's is a handful of reference counts, not a copy.
pub(crate) struct PageContext {
    shared: tera::Context,
}

impl PageContext {
    pub(crate) fn of(common: &serde_json::Map<String, Value>) -> PageContext {
        let mut shared = tera::Context::new();
        for (k, v) in common {
            shared.insert(k.clone(), v);
        }
        PageContext { shared }
    }

    /// Run `render` with `own` (a page's values) over the shared ones; the shared values
    /// stay as they were for the next page.
    fn with_page<T>(&self, own: tera::Context, render: impl FnOnce(&tera::Context) -> T) -> T {
        let mut ctx = self.shared.clone();
        ctx.extend(own);
        render(&ctx)
    }
}

#[cfg(test)]
mod page_context_tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> serde_json::Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_page_sees_its_own_values_over_the_shared_ones_and_leaves_them_as_they_were() {
        let mut tera = tera::Tera::new();
        let show = "{{ t.rss }} {{ rubrics }}{% if article %} {{ article.title }}{% endif %}";
        tera.add_raw_template("show", show).unwrap();
        let render = |ctx: &tera::Context| tera.render("show", ctx).unwrap();
        let common = map(json!({"t": {"rss": "RSS"}, "rubrics": "shared"}));
        let scratch = PageContext::of(&common);
        let mut own = tera::Context::new();
        own.insert("rubrics", "own");
        own.insert("article", &json!({"title": "A"}));
        assert_eq!(scratch.with_page(own, render), "RSS own A");
        assert_eq!(
            scratch.with_page(tera::Context::new(), render),
            "RSS shared"
        );
    }
}
